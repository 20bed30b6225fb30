/* iwf/gw_loop.c: su_root as the daemon's only loop; SIGTERM/SIGINT/SIGHUP read from a signalfd on it. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

struct gw_loop;
#define SU_WAKEUP_ARG_T struct gw_loop
#define SU_TIMER_ARG_T struct gw_loop

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

#include "iwf/gw_log.h"
#include "iwf/gw_loop.h"

struct gw_loop {
	su_root_t *root;
	int sigfd;
	int sig_index;
	sigset_t old_mask;
	int mask_saved;
	gw_signal_fn *on_signal;
	void *signal_arg;
	int const *until_flag;
	su_timer_t *until_timer;
};

int gw_loop_create(struct gw_loop **lp)
{
	struct gw_loop *l = calloc(1, sizeof *l);

	if (l == NULL)
		return ENOMEM;
	l->sigfd = -1;
	if (su_init() != 0) {
		free(l);
		return EIO;
	}
	l->root = su_root_create(NULL);
	if (l->root == NULL) {
		gw_error("while creating the event loop: su_root_create failed");
		su_deinit();
		free(l);
		return ENOMEM;
	}
	su_root_threading(l->root, 0);
	*lp = l;
	return 0;
}

su_root_t *gw_loop_root(struct gw_loop *l)
{
	return l->root;
}

/* su_wakeup_f: one or more signals are pending on the signalfd. */
static int on_sigfd(su_root_magic_t *magic, su_wait_t *w, struct gw_loop *l)
{
	struct signalfd_siginfo si;

	(void)magic;
	(void)w;
	while (read(l->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		gw_info("signal %d (%s) received", (int)si.ssi_signo, strsignal((int)si.ssi_signo));
		if (l->on_signal)
			l->on_signal(l->signal_arg, (int)si.ssi_signo);
	}
	return 0;
}

int gw_loop_signals(struct gw_loop *l, gw_signal_fn *fn, void *arg)
{
	sigset_t set;
	su_wait_t w;
	int e;

	if (l->sigfd >= 0)
		return EALREADY;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &l->old_mask) != 0)
		return errno;
	l->mask_saved = 1;
	signal(SIGPIPE, SIG_IGN);
	l->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sigfd < 0) {
		e = errno;
		gw_error("while creating a signalfd: %s", strerror(e));
		return e;
	}
	if (su_wait_create(&w, l->sigfd, SU_WAIT_IN) != 0 ||
	    (l->sig_index = su_root_register(l->root, &w, on_sigfd, l, 0)) < 0) {
		gw_error("while registering the signalfd on the loop");
		close(l->sigfd);
		l->sigfd = -1;
		return EIO;
	}
	l->on_signal = fn;
	l->signal_arg = arg;
	return 0;
}

void gw_loop_run(struct gw_loop *l)
{
	su_root_run(l->root);
}

void gw_loop_stop(struct gw_loop *l)
{
	su_root_break(l->root);
}

static void on_until_timeout(su_root_magic_t *magic, su_timer_t *t, struct gw_loop *l)
{
	(void)magic;
	(void)t;
	l->until_flag = NULL;
}

int gw_loop_run_until(struct gw_loop *l, int const *flag, long timeout_ms)
{
	int done;

	if (l->until_timer == NULL)
		l->until_timer = su_timer_create(su_root_task(l->root), 0);
	l->until_flag = flag;
	su_timer_set_interval(l->until_timer, on_until_timeout, l, (su_duration_t)timeout_ms);
	while (l->until_flag && !*l->until_flag)
		su_root_step(l->root, 50);
	done = *flag != 0;
	su_timer_reset(l->until_timer);
	l->until_flag = NULL;
	return done ? 0 : ETIMEDOUT;
}

void gw_loop_destroy(struct gw_loop *l)
{
	if (l == NULL)
		return;
	su_timer_destroy(l->until_timer);
	if (l->sigfd >= 0) {
		su_root_deregister(l->root, l->sig_index);
		close(l->sigfd);
	}
	if (l->mask_saved)
		sigprocmask(SIG_SETMASK, &l->old_mask, NULL);
	su_root_destroy(l->root);
	su_deinit();
	free(l);
}
