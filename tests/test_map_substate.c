/* tests/test_map_substate.c: Subscription-State parsing; what IMPS and SIP watchers are told. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_substate.h"

struct parse_case {
	char const *in;
	int rc;
	enum map_substate_state state;
	enum map_substate_reason reason;
	long expires, retry_after;
};

START_TEST(parse_table)
{
#define T MAP_SUBSTATE_TERMINATED
	static struct parse_case const cases[] = {
		{"active;expires=3600", 0, MAP_SUBSTATE_ACTIVE, MAP_REASON_NONE, 3600, -1},
		{"pending", 0, MAP_SUBSTATE_PENDING, MAP_REASON_NONE, -1, -1},
		{"  Pending ; Expires = 60 ", 0, MAP_SUBSTATE_PENDING, MAP_REASON_NONE, 60, -1},
		{"terminated;reason=timeout", 0, T, MAP_REASON_TIMEOUT, -1, -1},
		{"terminated;reason=Rejected", 0, T, MAP_REASON_REJECTED, -1, -1},
		{"terminated;reason=probation;retry-after=30", 0, T, MAP_REASON_PROBATION, -1, 30},
		{"terminated;retry-after=5;reason=giveup", 0, T, MAP_REASON_GIVEUP, -1, 5},
		{"terminated;reason=deactivated", 0, T, MAP_REASON_DEACTIVATED, -1, -1},
		{"terminated;reason=noresource", 0, T, MAP_REASON_NORESOURCE, -1, -1},
		{"terminated;reason=invariant", 0, T, MAP_REASON_INVARIANT, -1, -1},
		{"terminated;reason=new-fangled", 0, T, MAP_REASON_OTHER, -1, -1},
		{"terminated", 0, T, MAP_REASON_NONE, -1, -1},
		{"waiting;foo=\"a;b\";bar;baz=[::1]", 0, MAP_SUBSTATE_OTHER, MAP_REASON_NONE, -1,
		 -1},
		{"active;expires=2147483647", 0, MAP_SUBSTATE_ACTIVE, MAP_REASON_NONE, 2147483647,
		 -1},
		/* malformed */
		{"", EBADMSG, 0, 0, 0, 0},
		{";reason=timeout", EBADMSG, 0, 0, 0, 0},
		{"active;;expires=1", EBADMSG, 0, 0, 0, 0},
		{"active expires=1", EBADMSG, 0, 0, 0, 0},
		{"active;expires", EBADMSG, 0, 0, 0, 0},
		{"active;expires=-1", EBADMSG, 0, 0, 0, 0},
		{"active;expires=1x", EBADMSG, 0, 0, 0, 0},
		{"active;expires=2147483648", EBADMSG, 0, 0, 0, 0},
		{"active;expires=1;expires=2", EBADMSG, 0, 0, 0, 0},
		{"terminated;reason=timeout;reason=rejected", EBADMSG, 0, 0, 0, 0},
		{"terminated;reason=\"timeout\"", EBADMSG, 0, 0, 0, 0},
		{"terminated;reason=", EBADMSG, 0, 0, 0, 0},
		{"active;foo=\"unterminated", EBADMSG, 0, 0, 0, 0},
		{"active;", EBADMSG, 0, 0, 0, 0},
	};
#undef T
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct map_substate ss = {MAP_SUBSTATE_OTHER, MAP_REASON_COUNT, 99, 99};
		int rc = map_substate_parse(cases[i].in, &ss);

		ck_assert_msg(rc == cases[i].rc, "'%s': rc %d", cases[i].in, rc);
		if (rc) {
			ck_assert_int_eq(ss.reason, MAP_REASON_COUNT); /* untouched */
			continue;
		}
		ck_assert_msg(ss.state == cases[i].state, "'%s' state %d", cases[i].in, ss.state);
		ck_assert_msg(ss.reason == cases[i].reason, "'%s' reason %d", cases[i].in,
			      ss.reason);
		ck_assert_int_eq(ss.expires, cases[i].expires);
		ck_assert_int_eq(ss.retry_after, cases[i].retry_after);
	}
	{
		char big[MAP_SUBSTATE_MAX_INPUT + 2];
		struct map_substate ss;
		memset(big, ' ', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		memcpy(big, "active", 6);
		ck_assert_int_eq(map_substate_parse(big, &ss), E2BIG);
		ck_assert_int_eq(map_substate_parse(NULL, &ss), EINVAL);
	}
}
END_TEST

static struct map_watch watch_of(char const *hdr)
{
	struct map_substate ss;
	struct map_watch w;

	ck_assert_int_eq(map_substate_parse(hdr, &ss), 0);
	ck_assert_int_eq(map_substate_to_watch(&ss, &w), 0);
	ck_assert_ptr_nonnull(w.why);
	return w;
}

START_TEST(harry_watches_jane)
{
	struct map_watch w;

	/* Normal flow: Jane lists Harry, PS2 says active: Harry gets her presence. */
	w = watch_of("active;expires=3600");
	ck_assert_int_eq(w.action, MAP_WATCH_DELIVER);
	ck_assert_int_eq(w.clear_values, 0);
	ck_assert_int_eq(w.imps_code, 200);
	/* Reactive authorisation: pending is not an error and shows no values. */
	w = watch_of("pending;expires=3600");
	ck_assert_int_eq(w.action, MAP_WATCH_PENDING);
	ck_assert_int_eq(w.clear_values, 1);
	ck_assert_int_eq(w.imps_code, 521);
	/* Jane refuses: Harry is told, nothing that was shown stays, no retry. */
	w = watch_of("terminated;reason=rejected;retry-after=10");
	ck_assert_int_eq(w.action, MAP_WATCH_REFUSED);
	ck_assert_int_eq(w.clear_values, 1);
	ck_assert_int_eq(w.imps_code, 534);
	ck_assert_uint_eq(w.retry_after, 0);
	/* Soft state ran out: iwf subscribes again, Harry's subscription stays. */
	w = watch_of("terminated;reason=timeout");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_NOW);
	ck_assert_int_eq(w.clear_values, 0);
	w = watch_of("terminated;reason=deactivated");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_NOW);
	/* ...unless the notifier asks to wait */
	w = watch_of("terminated;reason=deactivated;retry-after=12");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_AFTER);
	ck_assert_uint_eq(w.retry_after, 12);
	w = watch_of("terminated");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_NOW);
	w = watch_of("terminated;reason=who-knows;retry-after=7");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_AFTER);
	ck_assert_uint_eq(w.retry_after, 7);
	/* later */
	w = watch_of("terminated;reason=probation;retry-after=30");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_AFTER);
	ck_assert_uint_eq(w.retry_after, 30);
	ck_assert_int_eq(w.clear_values, 1);
	w = watch_of("terminated;reason=probation");
	ck_assert_uint_eq(w.retry_after, MAP_SUBSTATE_RETRY_DEFAULT);
	w = watch_of("terminated;reason=giveup;retry-after=999999999");
	ck_assert_int_eq(w.action, MAP_WATCH_RESUBSCRIBE_AFTER);
	ck_assert_uint_eq(w.retry_after, MAP_SUBSTATE_RETRY_MAX);
	ck_assert_int_eq(w.imps_code, 521);
	w = watch_of("terminated;reason=probation;retry-after=0");
	ck_assert_uint_eq(w.retry_after, 1);
	/* never again */
	w = watch_of("terminated;reason=noresource");
	ck_assert_int_eq(w.action, MAP_WATCH_GONE);
	ck_assert_int_eq(w.imps_code, 531);
	ck_assert_int_eq(w.clear_values, 1);
	w = watch_of("terminated;reason=invariant;retry-after=5");
	ck_assert_int_eq(w.action, MAP_WATCH_GONE);
	ck_assert_int_eq(w.clear_values, 0);
	ck_assert_uint_eq(w.retry_after, 0);
	/* an extension substate reaches the default row: no values, keep waiting */
	w = watch_of("dormant");
	ck_assert_int_eq(w.action, MAP_WATCH_PENDING);
	ck_assert_int_eq(w.clear_values, 1);
}
END_TEST

START_TEST(watch_table_walk)
{
	size_t n, i, j;
	struct map_watch_row const *t = map_substate_watch_table(&n);
	struct map_substate ss;
	struct map_watch w;
	int st, rs;

	ck_assert_int_eq(t[n - 1].state, MAP_SUBSTATE_OTHER);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(t[i].why);
		for (j = i + 1; j < n; j++)
			ck_assert_msg(t[i].state != t[j].state ||
					      (t[i].state == MAP_SUBSTATE_TERMINATED &&
					       t[i].reason != t[j].reason),
				      "duplicate rows %zu and %zu", i, j);
		/* retry policy and action agree */
		if (t[i].retry == MAP_RETRY_NOW)
			ck_assert_int_eq(t[i].action, MAP_WATCH_RESUBSCRIBE_NOW);
		if (t[i].retry == MAP_RETRY_LATER)
			ck_assert_int_eq(t[i].action, MAP_WATCH_RESUBSCRIBE_AFTER);
	}
	/* every terminated reason has a row of its own */
	for (rs = MAP_REASON_NONE; rs < MAP_REASON_COUNT; rs++) {
		int found = 0;
		for (i = 0; i < n; i++)
			found |= t[i].state == MAP_SUBSTATE_TERMINATED && (int)t[i].reason == rs;
		ck_assert_msg(found, "no row for reason %d", rs);
	}
	/* every combination maps; out of range is EINVAL */
	for (st = MAP_SUBSTATE_OTHER; st <= MAP_SUBSTATE_TERMINATED; st++) {
		for (rs = MAP_REASON_NONE; rs < MAP_REASON_COUNT; rs++) {
			ss.state = (enum map_substate_state)st;
			ss.reason = (enum map_substate_reason)rs;
			ss.expires = ss.retry_after = -1;
			ck_assert_int_eq(map_substate_to_watch(&ss, &w), 0);
			if (w.action == MAP_WATCH_RESUBSCRIBE_AFTER)
				ck_assert_uint_ge(w.retry_after, 1);
			else
				ck_assert_uint_eq(w.retry_after, 0);
		}
	}
	ss.reason = MAP_REASON_COUNT;
	ck_assert_int_eq(map_substate_to_watch(&ss, &w), EINVAL);
	ss.reason = MAP_REASON_NONE;
	ss.state = (enum map_substate_state)7;
	ck_assert_int_eq(map_substate_to_watch(&ss, &w), EINVAL);
	/* names round-trip through the parser */
	for (rs = MAP_REASON_DEACTIVATED; rs < MAP_REASON_COUNT; rs++) {
		char hdr[64];
		snprintf(hdr, sizeof hdr, "terminated;reason=%s",
			 map_substate_reason_name((enum map_substate_reason)rs));
		ck_assert_int_eq(map_substate_parse(hdr, &ss), 0);
		ck_assert_int_eq(ss.reason, rs);
	}
	ck_assert_ptr_null(map_substate_reason_name(MAP_REASON_COUNT));
	ck_assert_ptr_null(map_substate_state_name(MAP_SUBSTATE_OTHER));
}
END_TEST

START_TEST(jane_watches_harry)
{
	su_home_t *home = su_home_new(sizeof *home);
	char *s = NULL;
	size_t n, i, j;
	struct map_pa_row const *t = map_pa_table(&n);

	/* Harry has not answered the PresenceAuth-Request yet: Jane waits. */
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_UNDECIDED, 3600, 0, &s), 0);
	ck_assert_str_eq(s, "pending;expires=3600");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_GRANTED, 1800, 0, &s), 0);
	ck_assert_str_eq(s, "active;expires=1800");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_DENIED, 0, 0, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=rejected");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_REVOKED, 0, 0, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=rejected");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_EXPIRED, 0, 30, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=timeout");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_USER_GONE, 0, 0, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=noresource");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_SHUTDOWN, 0, 120, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=probation;retry-after=120");
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_SHUTDOWN, 0, 0, &s), 0);
	ck_assert_str_eq(s, "terminated;reason=probation");
	s = (char *)"untouched";
	ck_assert_int_eq(map_pa_to_substate(home, MAP_PA_COUNT, 0, 0, &s), EINVAL);
	ck_assert_str_eq(s, "untouched");

	/* table walk: one row per state; each produced header parses back and,
	 * read as a SIP watcher would, means what it was meant to */
	ck_assert_uint_eq(n, MAP_PA_COUNT);
	for (i = 0; i < n; i++) {
		struct map_substate ss;
		struct map_watch w;

		for (j = i + 1; j < n; j++)
			ck_assert_int_ne(t[i].pa, t[j].pa);
		ck_assert_int_eq(map_pa_to_substate(home, t[i].pa, 60, 60, &s), 0);
		ck_assert_int_eq(map_substate_parse(s, &ss), 0);
		ck_assert_int_eq(ss.state, t[i].state);
		ck_assert_int_eq(map_substate_to_watch(&ss, &w), 0);
		if (t[i].pa == MAP_PA_GRANTED)
			ck_assert_int_eq(w.action, MAP_WATCH_DELIVER);
		if (t[i].pa == MAP_PA_UNDECIDED)
			ck_assert_int_eq(w.action, MAP_WATCH_PENDING);
		if (t[i].pa == MAP_PA_DENIED || t[i].pa == MAP_PA_REVOKED)
			ck_assert_int_eq(w.action, MAP_WATCH_REFUSED);
	}
	su_home_unref(home);
}
END_TEST

static Suite *substate_suite(void)
{
	Suite *s = suite_create("map_substate");
	TCase *tc = tcase_create("substate");

	tcase_add_test(tc, parse_table);
	tcase_add_test(tc, harry_watches_jane);
	tcase_add_test(tc, watch_table_walk);
	tcase_add_test(tc, jane_watches_harry);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(substate_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
