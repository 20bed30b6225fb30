/* tests/test_gw_loop.c: the event loop: signals arrive as loop events, run_until bounds waits. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "iwf/gw_log.h"
#include "iwf/gw_loop.h"

static int got[3];
static int calls;

static void on_signal(void *arg, int signo)
{
	struct gw_loop *l = arg;

	if (calls < 3)
		got[calls] = signo;
	calls++;
	if (signo == SIGTERM)
		gw_loop_stop(l);
}

START_TEST(signals_are_delivered_on_the_loop)
{
	struct gw_loop *l;
	sigset_t now;

	gw_log_open("test_gw_loop", GW_LOG_WARNING, 0);
	ck_assert_int_eq(gw_loop_create(&l), 0);
	ck_assert_int_eq(gw_loop_signals(l, on_signal, l), 0);
	ck_assert_int_eq(gw_loop_signals(l, on_signal, l), EALREADY);
	/* Blocked for the process: they wait in the signalfd until the loop reads them. */
	sigprocmask(SIG_BLOCK, NULL, &now);
	ck_assert(sigismember(&now, SIGHUP));
	ck_assert(sigismember(&now, SIGTERM));
	raise(SIGHUP);
	raise(SIGINT);
	ck_assert_int_eq(calls, 0);
	raise(SIGTERM);
	gw_loop_run(l);	/* returns because SIGTERM stops it */
	ck_assert_int_eq(calls, 3);
	ck_assert_int_eq(got[0], SIGHUP);
	ck_assert_int_eq(got[1], SIGINT);
	ck_assert_int_eq(got[2], SIGTERM);
	/* SIGPIPE is ignored: a write to a closed peer is an error, not death. */
	ck_assert_int_eq(raise(SIGPIPE), 0);
	gw_loop_destroy(l);
	/* The mask is restored. */
	sigprocmask(SIG_BLOCK, NULL, &now);
	ck_assert(!sigismember(&now, SIGHUP));
}
END_TEST

START_TEST(run_until_times_out_or_sees_the_flag)
{
	struct gw_loop *l;
	int flag = 0;
	struct timespec a, b;

	ck_assert_int_eq(gw_loop_create(&l), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ck_assert_int_eq(gw_loop_run_until(l, &flag, 200), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;

	ck_assert_int_ge(ms, 190);
	ck_assert_int_lt(ms, 1000);
	flag = 1;
	ck_assert_int_eq(gw_loop_run_until(l, &flag, 200), 0);
	gw_loop_destroy(l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gw_loop");
	TCase *tc = tcase_create("loop");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, signals_are_delivered_on_the_loop);
	tcase_add_test(tc, run_until_times_out_or_sees_the_flag);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
