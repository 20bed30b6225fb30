/* tests/test_gw_session.c: CSP server sessions: store additions, queue, retransmission, expiry, digest. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iwf/gw_log.h"
#include "iwf/gw_store.h"

static char dir[64];
static char path[128];
static struct gw_store *st;
static su_home_t home[1];

static void setup_dir(void)
{
	strcpy(dir, "/tmp/test_gw_session.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/iwf.db", dir);
	su_home_init(home);
	gw_log_open("test_gw_session", GW_LOG_ERROR, 0);
	st = NULL;
}

static void teardown_dir(void)
{
	char cmd[160];

	gw_store_close(st);
	st = NULL;
	su_home_deinit(home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* --- store additions: presence, psubs, txlog --------------------------------------------- */

static char seen[1024];

static int see_psub(void *arg, struct gw_psub const *p)
{
	size_t n = strlen(seen);

	(void)arg;
	snprintf(seen + n, sizeof seen - n, "%s>%s[%s]%u%s;", p->session_id, p->target,
		 p->contact_list ? p->contact_list : "-", (unsigned)p->attrs,
		 p->auto_subscribe ? "a" : "");
	return 0;
}

static void store_with_sessions(void)
{
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:x", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "jane", "plain:y", 1), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"s1", "harry", "c1",
			 NULL, 60, NULL, 10, 10}), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"s2", "jane", "c2",
			 NULL, 60, NULL, 10, 10}), 0);
}

START_TEST(store_presence)
{
	char *sl = NULL;
	int64_t t = 0;

	store_with_sessions();
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), ENOENT);
	ck_assert_ptr_null(sl);
	ck_assert_int_eq(gw_store_presence_put(st, "harry", "<PresenceSubList/>", 5), 0);
	ck_assert_int_eq(gw_store_presence_put(st, "harry", "<PresenceSubList><A/></PresenceSubList>",
					       7), 0);
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), 0);
	ck_assert_str_eq(sl, "<PresenceSubList><A/></PresenceSubList>");
	ck_assert_int_eq(t, 7);
	ck_assert_int_eq(gw_store_presence_put(st, "nobody", "x", 1), ENOENT);
	ck_assert_int_eq(gw_store_presence_put(st, NULL, "x", 1), EINVAL);
	/* Deleting the user deletes the presence. */
	ck_assert_int_eq(gw_store_user_del(st, "harry"), 0);
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), ENOENT);
}
END_TEST

START_TEST(store_psub)
{
	store_with_sessions();
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 3, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d",
			 "wv:harry/f@d", 1, 1, 21}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s2", "wv:jane@d", NULL, 0, 0,
			 22}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s2", "sip:amy@e", NULL, 0, 0,
			 23}), 0);
	/* Replace keeps one row. */
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 5, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"nope", "wv:jane@d", NULL, 0, 0,
			 1}), ENOENT);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "", NULL, 0, 0, 1}), EINVAL);

	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, NULL, "wv:jane@d", see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s1>wv:jane@d[-]5;s1>wv:jane@d[wv:harry/f@d]1a;s2>wv:jane@d[-]0;");
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s2", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s2>wv:jane@d[-]0;s2>sip:amy@e[-]0;");

	/* NULL list: only the direct one; "*": every row of the target. */
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", NULL), 0);
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", NULL), ENOENT);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s1", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s1>wv:jane@d[wv:harry/f@d]1a;");
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 5, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", "*"), 0);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s1", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "");

	/* Ending a session ends its subscriptions. */
	ck_assert_int_eq(gw_store_session_delete(st, "s2"), 0);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, NULL, NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "");
}
END_TEST

START_TEST(store_txlog)
{
	void *a = NULL;
	size_t n = 0;

	store_with_sessions();
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "7", "abc", 3, 100), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "8", "defg", 4, 200), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "s2", "7", "x", 1, 100), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "nope", "7", "x", 1, 100), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_mem_eq(a, "abc", 3);
	ck_assert_int_eq(((char *)a)[3], '\0');
	/* Replace. */
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "7", "zz", 2, 150), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), 0);
	ck_assert_uint_eq(n, 2);
	/* Expire drops entries created before the bound. */
	ck_assert_int_eq(gw_store_txlog_expire(st, 160), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s2", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "8", &a, &n), 0);
	/* Cascade with the session. */
	ck_assert_int_eq(gw_store_session_delete(st, "s1"), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "8", &a, &n), ENOENT);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gw_session");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, store_presence);
	tcase_add_test(tc, store_psub);
	tcase_add_test(tc, store_txlog);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
