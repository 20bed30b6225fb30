/* tests/test_gw_store.c: the durable store: every operation, cascades, migrations, WAL, locking. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "iwf/gw_log.h"
#include "iwf/gw_store.h"
#include "iwf/gw_store_sqlite.h"

static char dir[64];
static char path[128];
static struct gw_store *st;
static su_home_t home[1];

static void setup(void)
{
	strcpy(dir, "/tmp/test_gw_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/var/iwf.db", dir);
	su_home_init(home);
	gw_log_open("test_gw_store", GW_LOG_ERROR, 0);
	st = NULL;
}

static void teardown(void)
{
	char cmd[160];

	gw_store_close(st);
	su_home_deinit(home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Opens the store at `path` with the built-in schema and adds harry and jane. */
static void open_with_users(void)
{
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:h4rry", 100), 0);
	ck_assert_int_eq(gw_store_user_add(st, "jane", "plain:j4ne", 100), 0);
}

/* --- collecting _each results into a text line ------------------------------------------ */

static char seen[2048];

static void see(char const *fmt, char const *a, char const *b)
{
	size_t n = strlen(seen);

	snprintf(seen + n, sizeof seen - n, fmt, a ? a : "(null)", b ? b : "(null)");
}

static int see_name(void *arg, char const *name)
{
	(void)arg;
	see("%s%s;", name, "");
	return 0;
}

static int stop_after_first(void *arg, char const *name)
{
	(void)name;
	++*(int *)arg;
	return 42;
}

static int see_clist(void *arg, struct gw_clist const *l)
{
	(void)arg;
	see("%s=%s", l->uri, l->display_name);
	see("%s%s;", l->is_default ? "*" : "", "");
	return 0;
}

static int see_member(void *arg, char const *address, char const *nick)
{
	(void)arg;
	see("%s/%s;", address, nick);
	return 0;
}

static int see_attr(void *arg, enum gw_attr_scope scope, char const *target, char const *attrs)
{
	(void)arg;
	see("%s:%s", scope == GW_ATTR_DEFAULT ? "d" : scope == GW_ATTR_WATCHER ? "w" : "c",
	    target);
	see("=%s%s;", attrs, "");
	return 0;
}

static int see_authz(void *arg, struct gw_authz const *a)
{
	(void)arg;
	see("%s:%s;", a->watcher, gw_authz_state_name(a->state));
	return 0;
}

static int see_msg(void *arg, struct gw_msg const *m)
{
	(void)arg;
	see("%s@%s;", m->id, m->session_id);
	return 0;
}

static int see_session(void *arg, struct gw_session_rec const *s)
{
	(void)arg;
	see("%s:%s;", s->id, s->user);
	return 0;
}

static int see_stx(void *arg, struct gw_stx const *t)
{
	char n[16];

	(void)arg;
	snprintf(n, sizeof n, "%u", t->sent);
	see("%s/%s", t->tx_id, t->kind);
	see("x%s%s;", n, "");
	return 0;
}

static int see_sub(void *arg, struct gw_sipsub const *s)
{
	(void)arg;
	see("%s>%s", s->owner, s->target);
	see(":%s%s;", s->state, "");
	return 0;
}

#define SEEN(call, want) \
	do { \
		seen[0] = '\0'; \
		ck_assert_int_eq((call), 0); \
		ck_assert_str_eq(seen, (want)); \
	} while (0)

/* --- open, schema, WAL ------------------------------------------------------------------ */

START_TEST(open_creates_a_private_wal_store_in_a_new_folder)
{
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *s;
	char wal[160];

	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_schema_version(st), gw_store_schema_latest());
	ck_assert_int_ge(gw_store_schema_latest(), 1);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);

	/* An independent connection sees the file in WAL mode, with the -wal beside it. */
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:x", 1), 0);
	snprintf(wal, sizeof wal, "%s-wal", path);
	ck_assert_int_eq(stat(wal, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((char const *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &s, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
}
END_TEST

START_TEST(empty_file_is_migrated_and_reopen_keeps_data)
{
	char sub[128];
	int fd;

	snprintf(sub, sizeof sub, "%s/var", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);

	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_schema_version(st), gw_store_schema_latest());
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:h4rry", 1), 0);
	gw_store_close(st);

	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_schema_version(st), gw_store_schema_latest());
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;");
}
END_TEST

START_TEST(migrations_step_forward_and_never_back)
{
	int n;
	char const *const *builtin = gw_store_migrations(&n);
	char const *steps[3] = {builtin[0], "ALTER TABLE users ADD COLUMN msisdn TEXT",
				"CREATE TABLE broken (; nonsense"};
	sqlite3 *db;
	sqlite3_stmt *s;

	ck_assert_int_eq(n, gw_store_schema_latest());
	ck_assert_int_eq(gw_store_open_migrations(&st, path, 1000, steps, 1), 0);
	ck_assert_int_eq(gw_store_schema_version(st), 1);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:x", 1), 0);
	gw_store_close(st);

	/* A later build adds a step: applied once, data kept. */
	ck_assert_int_eq(gw_store_open_migrations(&st, path, 1000, steps, 2), 0);
	ck_assert_int_eq(gw_store_schema_version(st), 2);
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;");
	gw_store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT msisdn FROM users", -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_finalize(s);
	sqlite3_close(db);

	/* A failing step leaves the file at the version before it. */
	st = NULL;
	ck_assert_int_eq(gw_store_open_migrations(&st, path, 1000, steps, 3), EIO);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(gw_store_open_migrations(&st, path, 1000, steps, 2), 0);
	ck_assert_int_eq(gw_store_schema_version(st), 2);
	gw_store_close(st);

	/* An older build refuses a newer file. */
	st = NULL;
	ck_assert_int_eq(gw_store_open_migrations(&st, path, 1000, steps, 1), EPROTO);
	ck_assert_ptr_null(st);
}
END_TEST

START_TEST(open_errors)
{
	ck_assert_int_eq(gw_store_open(&st, "", 1000), EINVAL);
	ck_assert_int_eq(gw_store_open(&st, path, -1), EINVAL);
	ck_assert_int_eq(gw_store_open(&st, "/proc/no/such/place/iwf.db", 1000), ENOENT);
	ck_assert_ptr_null(st);
}
END_TEST

/* --- users ------------------------------------------------------------------------------- */

START_TEST(users)
{
	char *cred = NULL;
	int calls = 0;

	open_with_users();
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:other", 1), EEXIST);
	ck_assert_int_eq(gw_store_user_add(st, "", "plain:x", 1), EINVAL);
	ck_assert_int_eq(gw_store_user_add(st, "x", NULL, 1), EINVAL);
	ck_assert_int_eq(gw_store_user_cred(st, home, "harry", &cred), 0);
	ck_assert_str_eq(cred, "plain:h4rry");
	ck_assert_int_eq(gw_store_user_set_cred(st, "harry", "plain:new"), 0);
	ck_assert_int_eq(gw_store_user_cred(st, home, "harry", &cred), 0);
	ck_assert_str_eq(cred, "plain:new");
	cred = NULL;
	ck_assert_int_eq(gw_store_user_cred(st, home, "nobody", &cred), ENOENT);
	ck_assert_ptr_null(cred);
	ck_assert_int_eq(gw_store_user_set_cred(st, "nobody", "plain:x"), ENOENT);
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;jane;");
	ck_assert_int_eq(gw_store_user_each(st, stop_after_first, &calls), 42);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(gw_store_user_del(st, "jane"), 0);
	ck_assert_int_eq(gw_store_user_del(st, "jane"), ENOENT);
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;");
}
END_TEST

START_TEST(deleting_a_user_deletes_what_they_own)
{
	open_with_users();
	ck_assert_int_eq(gw_store_clist_create(st, "harry", "wv:harry/friends@mno1.example",
					       "Friends", 1), 0);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", "wv:harry/friends@mno1.example",
						   "sip:jane@mno2.example", "Jane"), 0);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_DEFAULT, "", "OnlineStatus"),
			 0);
	ck_assert_int_eq(gw_store_access_add(st, "harry", GW_ACCESS_BLOCK, "sip:spam@x"), 0);
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry", "sip:jane@mno2.example",
			 GW_AUTHZ_PENDING, NULL, 5}), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "harry", "C1",
			 NULL, 600, NULL, 10, 10}), 0);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "T1",
			 .kind = "NewMessage", .body = "x", .body_len = 1, .created = 10}), 0);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "M1", .sender = "sip:j@x",
			 .recipient = "harry", .body = "hi", .body_len = 2, .date = 10}), 0);
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"harry", "sip:jane@x",
			 "presence", "active", NULL, 100, 10}), 0);

	ck_assert_int_eq(gw_store_user_del(st, "harry"), 0);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL), "");
	SEEN(gw_store_attrlist_each(st, "harry", see_attr, NULL), "");
	SEEN(gw_store_access_each(st, "harry", GW_ACCESS_BLOCK, see_name, NULL), "");
	SEEN(gw_store_authz_each(st, "harry", -1, see_authz, NULL), "");
	SEEN(gw_store_session_each(st, NULL, see_session, NULL), "");
	SEEN(gw_store_stx_each(st, "S1", see_stx, NULL), "");
	SEEN(gw_store_msg_each(st, "harry", -1, see_msg, NULL), "");
	SEEN(gw_store_sipsub_each(st, NULL, see_sub, NULL), "");
	/* A re-created harry starts empty. */
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:x", 1), 0);
	ck_assert_int_eq(gw_store_clist_member_each(st, "harry", "wv:harry/friends@mno1.example",
						    see_member, NULL), ENOENT);
}
END_TEST

/* --- contact lists ----------------------------------------------------------------------- */

#define FRIENDS "wv:harry/friends@mno1.example"
#define WORK "wv:harry/work@mno1.example"

START_TEST(contact_lists_hold_sip_members)
{
	open_with_users();
	ck_assert_int_eq(gw_store_clist_create(st, "harry", FRIENDS, "Friends", 1), 0);
	ck_assert_int_eq(gw_store_clist_create(st, "harry", FRIENDS, "Again", 0), EEXIST);
	ck_assert_int_eq(gw_store_clist_create(st, "nobody", FRIENDS, NULL, 0), ENOENT);
	ck_assert_int_eq(gw_store_clist_create(st, "harry", "", NULL, 0), EINVAL);
	ck_assert_int_eq(gw_store_clist_create(st, "harry", WORK, NULL, 0), 0);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL),
	     FRIENDS "=Friends*;" WORK "=(null);");

	/* A new default takes the flag from the old one. */
	ck_assert_int_eq(gw_store_clist_update(st, "harry", WORK, "Work", 1), 0);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL), FRIENDS "=Friends;" WORK "=Work*;");
	/* NULL / -1 keep what is there. */
	ck_assert_int_eq(gw_store_clist_update(st, "harry", WORK, NULL, -1), 0);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL), FRIENDS "=Friends;" WORK "=Work*;");
	ck_assert_int_eq(gw_store_clist_update(st, "harry", WORK, NULL, 0), 0);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL), FRIENDS "=Friends;" WORK "=Work;");
	ck_assert_int_eq(gw_store_clist_update(st, "harry", "wv:harry/x@mno1.example", "X", 0),
			 ENOENT);
	/* A failed default switch changes nothing. */
	ck_assert_int_eq(gw_store_clist_create(st, "harry", FRIENDS, "Dup", 1), EEXIST);
	SEEN(gw_store_clist_each(st, "harry", see_clist, NULL), FRIENDS "=Friends;" WORK "=Work;");

	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", FRIENDS, "sip:jane@mno2.example",
						   "Jane"), 0);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", FRIENDS, "wv:bob@mno1.example",
						   NULL), 0);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", FRIENDS, "sip:amy@mno2.example",
						   "Amy"), 0);
	/* Adding again changes the nickname and keeps the place. */
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", FRIENDS, "sip:jane@mno2.example",
						   "Janie"), 0);
	SEEN(gw_store_clist_member_each(st, "harry", FRIENDS, see_member, NULL),
	     "sip:jane@mno2.example/Janie;wv:bob@mno1.example/(null);sip:amy@mno2.example/Amy;");
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", "wv:harry/none@mno1.example",
						   "sip:x@y", NULL), ENOENT);
	ck_assert_int_eq(gw_store_clist_member_add(st, "jane", FRIENDS, "sip:x@y", NULL), ENOENT);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", FRIENDS, "", NULL), EINVAL);
	ck_assert_int_eq(gw_store_clist_member_remove(st, "harry", FRIENDS, "wv:bob@mno1.example"),
			 0);
	ck_assert_int_eq(gw_store_clist_member_remove(st, "harry", FRIENDS, "wv:bob@mno1.example"),
			 ENOENT);
	SEEN(gw_store_clist_member_each(st, "harry", FRIENDS, see_member, NULL),
	     "sip:jane@mno2.example/Janie;sip:amy@mno2.example/Amy;");
	SEEN(gw_store_clist_member_each(st, "harry", WORK, see_member, NULL), "");
	ck_assert_int_eq(gw_store_clist_member_each(st, "jane", FRIENDS, see_member, NULL), ENOENT);

	/* Deleting a list deletes its members. */
	ck_assert_int_eq(gw_store_clist_delete(st, "harry", FRIENDS), 0);
	ck_assert_int_eq(gw_store_clist_delete(st, "harry", FRIENDS), ENOENT);
	ck_assert_int_eq(gw_store_clist_create(st, "harry", FRIENDS, NULL, 0), 0);
	SEEN(gw_store_clist_member_each(st, "harry", FRIENDS, see_member, NULL), "");
}
END_TEST

/* --- attribute lists --------------------------------------------------------------------- */

START_TEST(attribute_lists_per_user_watcher_and_list)
{
	char *attrs = NULL;

	open_with_users();
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_DEFAULT, "",
					       "OnlineStatus,StatusText"), 0);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_WATCHER,
					       "sip:jane@mno2.example", "OnlineStatus"), 0);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_CLIST, FRIENDS,
					       "OnlineStatus,UserAvailability"), 0);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_DEFAULT, "x", "a"), EINVAL);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_WATCHER, "", "a"), EINVAL);
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", (enum gw_attr_scope)9, "x", "a"),
			 EINVAL);
	ck_assert_int_eq(gw_store_attrlist_set(st, "nobody", GW_ATTR_DEFAULT, "", "a"), ENOENT);

	ck_assert_int_eq(gw_store_attrlist_get(st, home, "harry", GW_ATTR_WATCHER,
					       "sip:jane@mno2.example", &attrs), 0);
	ck_assert_str_eq(attrs, "OnlineStatus");
	/* Replacing. */
	ck_assert_int_eq(gw_store_attrlist_set(st, "harry", GW_ATTR_WATCHER,
					       "sip:jane@mno2.example", "StatusText"), 0);
	ck_assert_int_eq(gw_store_attrlist_get(st, home, "harry", GW_ATTR_WATCHER,
					       "sip:jane@mno2.example", &attrs), 0);
	ck_assert_str_eq(attrs, "StatusText");
	SEEN(gw_store_attrlist_each(st, "harry", see_attr, NULL),
	     "c:" FRIENDS "=OnlineStatus,UserAvailability;d:=OnlineStatus,StatusText;"
	     "w:sip:jane@mno2.example=StatusText;");

	ck_assert_int_eq(gw_store_attrlist_delete(st, "harry", GW_ATTR_CLIST, FRIENDS), 0);
	ck_assert_int_eq(gw_store_attrlist_delete(st, "harry", GW_ATTR_CLIST, FRIENDS), ENOENT);
	attrs = NULL;
	ck_assert_int_eq(gw_store_attrlist_get(st, home, "harry", GW_ATTR_CLIST, FRIENDS, &attrs),
			 ENOENT);
	ck_assert_ptr_null(attrs);
	ck_assert_int_eq(gw_store_attrlist_get(st, home, "jane", GW_ATTR_DEFAULT, "", &attrs),
			 ENOENT);
}
END_TEST

/* --- block and grant lists --------------------------------------------------------------- */

START_TEST(block_and_grant_lists_with_in_use_flags)
{
	int found = -1, in_use = -1;

	open_with_users();
	ck_assert_int_eq(gw_store_access_add(st, "harry", GW_ACCESS_BLOCK, "sip:spam@x.example"),
			 0);
	ck_assert_int_eq(gw_store_access_add(st, "harry", GW_ACCESS_BLOCK, "sip:spam@x.example"),
			 EEXIST);
	ck_assert_int_eq(gw_store_access_add(st, "harry", GW_ACCESS_BLOCK, "wv:ann@mno1.example"),
			 0);
	ck_assert_int_eq(gw_store_access_add(st, "harry", GW_ACCESS_GRANT,
					     "sip:jane@mno2.example"), 0);
	ck_assert_int_eq(gw_store_access_add(st, "nobody", GW_ACCESS_GRANT, "sip:x@y"), ENOENT);
	ck_assert_int_eq(gw_store_access_add(st, "harry", (enum gw_access_kind)5, "sip:x@y"),
			 EINVAL);
	ck_assert_int_eq(gw_store_access_contains(st, "harry", GW_ACCESS_BLOCK,
						  "sip:spam@x.example", &found), 0);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(gw_store_access_contains(st, "harry", GW_ACCESS_GRANT,
						  "sip:spam@x.example", &found), 0);
	ck_assert_int_eq(found, 0);
	SEEN(gw_store_access_each(st, "harry", GW_ACCESS_BLOCK, see_name, NULL),
	     "sip:spam@x.example;wv:ann@mno1.example;");
	SEEN(gw_store_access_each(st, "harry", GW_ACCESS_GRANT, see_name, NULL),
	     "sip:jane@mno2.example;");
	ck_assert_int_eq(gw_store_access_remove(st, "harry", GW_ACCESS_BLOCK,
						"sip:spam@x.example"), 0);
	ck_assert_int_eq(gw_store_access_remove(st, "harry", GW_ACCESS_BLOCK,
						"sip:spam@x.example"), ENOENT);
	SEEN(gw_store_access_each(st, "harry", GW_ACCESS_BLOCK, see_name, NULL),
	     "wv:ann@mno1.example;");

	ck_assert_int_eq(gw_store_access_in_use(st, "harry", GW_ACCESS_BLOCK, &in_use), 0);
	ck_assert_int_eq(in_use, 0);
	ck_assert_int_eq(gw_store_access_set_in_use(st, "harry", GW_ACCESS_BLOCK, 1), 0);
	ck_assert_int_eq(gw_store_access_in_use(st, "harry", GW_ACCESS_BLOCK, &in_use), 0);
	ck_assert_int_eq(in_use, 1);
	ck_assert_int_eq(gw_store_access_in_use(st, "harry", GW_ACCESS_GRANT, &in_use), 0);
	ck_assert_int_eq(in_use, 0);
	ck_assert_int_eq(gw_store_access_set_in_use(st, "nobody", GW_ACCESS_GRANT, 1), ENOENT);
	in_use = -1;
	ck_assert_int_eq(gw_store_access_in_use(st, "nobody", GW_ACCESS_GRANT, &in_use), ENOENT);
	ck_assert_int_eq(in_use, -1);
}
END_TEST

/* --- authorization decisions ------------------------------------------------------------- */

START_TEST(authorization_decisions_are_remembered)
{
	struct gw_authz *a = NULL;
	enum gw_authz_state s;

	/* State table walk: names round trip, unknown refused. */
	for (int i = GW_AUTHZ_PENDING; i <= GW_AUTHZ_DECLINED; i++) {
		ck_assert_ptr_nonnull(gw_authz_state_name((enum gw_authz_state)i));
		ck_assert_int_eq(gw_authz_state_parse(gw_authz_state_name((enum gw_authz_state)i),
						      &s), 0);
		ck_assert_int_eq(s, i);
	}
	ck_assert_ptr_null(gw_authz_state_name((enum gw_authz_state)3));
	ck_assert_int_eq(gw_authz_state_parse("maybe", &s), EINVAL);

	open_with_users();
	/* Jane (SIP) asks to watch Harry: pending until Harry decides. */
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry",
			 "sip:jane@mno2.example", GW_AUTHZ_PENDING, NULL, 10}), 0);
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry",
			 "sip:amy@mno2.example", GW_AUTHZ_PENDING, NULL, 11}), 0);
	SEEN(gw_store_authz_each(st, "harry", GW_AUTHZ_PENDING, see_authz, NULL),
	     "sip:amy@mno2.example:pending;sip:jane@mno2.example:pending;");
	/* Harry accepts Jane with two attributes, declines Amy. */
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry",
			 "sip:jane@mno2.example", GW_AUTHZ_ACCEPTED, "OnlineStatus,StatusText", 20}), 0);
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry",
			 "sip:amy@mno2.example", GW_AUTHZ_DECLINED, NULL, 21}), 0);
	SEEN(gw_store_authz_each(st, "harry", GW_AUTHZ_PENDING, see_authz, NULL), "");
	SEEN(gw_store_authz_each(st, "harry", -1, see_authz, NULL),
	     "sip:amy@mno2.example:declined;sip:jane@mno2.example:accepted;");
	ck_assert_int_eq(gw_store_authz_get(st, home, "harry", "sip:jane@mno2.example", &a), 0);
	ck_assert_str_eq(a->presentity, "harry");
	ck_assert_str_eq(a->watcher, "sip:jane@mno2.example");
	ck_assert_int_eq(a->state, GW_AUTHZ_ACCEPTED);
	ck_assert_str_eq(a->attrs, "OnlineStatus,StatusText");
	ck_assert_int_eq(a->updated, 20);
	a = NULL;
	ck_assert_int_eq(gw_store_authz_get(st, home, "harry", "sip:bob@x", &a), ENOENT);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"nobody", "sip:x@y",
			 GW_AUTHZ_PENDING, NULL, 1}), ENOENT);
	ck_assert_int_eq(gw_store_authz_set(st, &(struct gw_authz){"harry", "sip:x@y",
			 (enum gw_authz_state)7, NULL, 1}), EINVAL);
	ck_assert_int_eq(gw_store_authz_each(st, "harry", 7, see_authz, NULL), EINVAL);
	ck_assert_int_eq(gw_store_authz_delete(st, "harry", "sip:amy@mno2.example"), 0);
	ck_assert_int_eq(gw_store_authz_delete(st, "harry", "sip:amy@mno2.example"), ENOENT);
}
END_TEST

/* --- messages ---------------------------------------------------------------------------- */

START_TEST(messages_offline_store_and_session_queues)
{
	static char const bin[] = {'a', 0, 'b', (char)0xff};
	struct gw_msg *m = NULL;
	unsigned n = 99;
	enum gw_msg_state s;

	ck_assert_str_eq(gw_msg_state_name(GW_MSG_QUEUED), "queued");
	ck_assert_str_eq(gw_msg_state_name(GW_MSG_DELIVERED), "delivered");
	ck_assert_ptr_null(gw_msg_state_name((enum gw_msg_state)2));
	ck_assert_int_eq(gw_msg_state_parse("delivered", &s), 0);
	ck_assert_int_eq(s, GW_MSG_DELIVERED);
	ck_assert_int_eq(gw_msg_state_parse("lost", &s), EINVAL);

	open_with_users();
	/* Jane writes to Harry while he is offline. */
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m2",
			 .sender = "sip:jane@mno2.example", .recipient = "harry", .body = "Hi Harry",
			 .body_len = 8, .date = 200, .validity = 0}), 0);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m1",
			 .sender = "sip:jane@mno2.example", .recipient = "harry",
			 .content_type = "application/octet-stream", .encoding = "BASE64", .body = bin,
			 .body_len = sizeof bin, .date = 100, .validity = 60}), 0);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m1", .sender = "x",
			 .recipient = "harry", .body = "", .date = 1}), EEXIST);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m9", .sender = "x",
			 .recipient = "nobody", .body = "", .date = 1}), ENOENT);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m9", .sender = "x",
			 .recipient = "harry", .body = NULL, .body_len = 3, .date = 1}), EINVAL);
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){.id = "m8", .sender = "x",
			 .recipient = "harry", .body = NULL, .body_len = 0, .date = 300}), 0);

	ck_assert_int_eq(gw_store_msg_get(st, home, "m1", &m), 0);
	ck_assert_str_eq(m->id, "m1");
	ck_assert_str_eq(m->sender, "sip:jane@mno2.example");
	ck_assert_str_eq(m->recipient, "harry");
	ck_assert_str_eq(m->content_type, "application/octet-stream");
	ck_assert_str_eq(m->encoding, "BASE64");
	ck_assert_uint_eq(m->body_len, sizeof bin);
	ck_assert_int_eq(memcmp(m->body, bin, sizeof bin), 0);
	ck_assert_int_eq(m->date, 100);
	ck_assert_int_eq(m->validity, 60);
	ck_assert_int_eq(m->state, GW_MSG_QUEUED);
	ck_assert_ptr_null(m->session_id);
	ck_assert_int_eq(gw_store_msg_get(st, home, "m2", &m), 0);
	ck_assert_str_eq(m->content_type, "text/plain");
	ck_assert_str_eq(m->encoding, "None");
	ck_assert_str_eq(m->body, "Hi Harry");	/* NUL-terminated for convenience */
	ck_assert_int_eq(gw_store_msg_get(st, home, "m8", &m), 0);
	ck_assert_uint_eq(m->body_len, 0);
	m = NULL;
	ck_assert_int_eq(gw_store_msg_get(st, home, "m7", &m), ENOENT);
	ck_assert_ptr_null(m);

	/* Oldest first. */
	SEEN(gw_store_msg_each(st, "harry", GW_MSG_QUEUED, see_msg, NULL),
	     "m1@(null);m2@(null);m8@(null);");

	/* Harry logs in: his messages move to the session's queue, one is delivered. */
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "harry", "C1",
			 NULL, 600, NULL, 150, 150}), 0);
	ck_assert_int_eq(gw_store_msg_assign(st, "m1", "S1"), 0);
	ck_assert_int_eq(gw_store_msg_assign(st, "m2", "S1"), 0);
	ck_assert_int_eq(gw_store_msg_assign(st, "m2", "S9"), ENOENT);
	ck_assert_int_eq(gw_store_msg_assign(st, "m7", "S1"), ENOENT);
	ck_assert_int_eq(gw_store_msg_set_state(st, "m2", GW_MSG_DELIVERED), 0);
	ck_assert_int_eq(gw_store_msg_set_state(st, "m7", GW_MSG_DELIVERED), ENOENT);
	ck_assert_int_eq(gw_store_msg_set_state(st, "m2", (enum gw_msg_state)5), EINVAL);
	SEEN(gw_store_msg_each(st, "harry", GW_MSG_QUEUED, see_msg, NULL), "m1@S1;m8@(null);");
	SEEN(gw_store_msg_each(st, "harry", GW_MSG_DELIVERED, see_msg, NULL), "m2@S1;");
	ck_assert_int_eq(gw_store_msg_each(st, "harry", 5, see_msg, NULL), EINVAL);

	/* The session ends: what it had not delivered goes back to the offline store. */
	ck_assert_int_eq(gw_store_session_delete(st, "S1"), 0);
	SEEN(gw_store_msg_each(st, "harry", -1, see_msg, NULL), "m1@(null);m2@(null);m8@(null);");
	ck_assert_int_eq(gw_store_msg_assign(st, "m1", NULL), 0);

	/* m1 (date 100, validity 60) runs out at 160; the others have no validity. */
	ck_assert_int_eq(gw_store_msg_expire(st, 159, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(gw_store_msg_expire(st, 160, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(gw_store_msg_expire(st, 1000000, NULL), 0);
	SEEN(gw_store_msg_each(st, "harry", -1, see_msg, NULL), "m2@(null);m8@(null);");
	ck_assert_int_eq(gw_store_msg_delete(st, "m2"), 0);
	ck_assert_int_eq(gw_store_msg_delete(st, "m2"), ENOENT);
}
END_TEST

/* --- sessions and their pending server transactions -------------------------------------- */

START_TEST(sessions_survive_and_expire)
{
	struct gw_session_rec *s = NULL;
	unsigned n = 99;

	open_with_users();
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "harry",
			 "wv:harry-phone", "cookie#1", 600, NULL, 100, 100}), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S2", "jane", "C2",
			 NULL, 30, "caps", 110, 110}), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "jane", "C",
			 NULL, 30, NULL, 1, 1}), EEXIST);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S3", "nobody", "C",
			 NULL, 30, NULL, 1, 1}), ENOENT);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S3", "jane", "C",
			 NULL, 0, NULL, 1, 1}), EINVAL);

	ck_assert_int_eq(gw_store_session_get(st, home, "S1", &s), 0);
	ck_assert_str_eq(s->id, "S1");
	ck_assert_str_eq(s->user, "harry");
	ck_assert_str_eq(s->client_id, "wv:harry-phone");
	ck_assert_str_eq(s->cookie, "cookie#1");
	ck_assert_int_eq(s->ttl, 600);
	ck_assert_ptr_null(s->caps);
	ck_assert_int_eq(s->created, 100);
	ck_assert_int_eq(s->last_activity, 100);

	ck_assert_int_eq(gw_store_session_touch(st, "S1", 500), 0);
	ck_assert_int_eq(gw_store_session_set_ttl(st, "S1", 1200), 0);
	ck_assert_int_eq(gw_store_session_set_caps(st, "S1", "MultiTrans=1"), 0);
	ck_assert_int_eq(gw_store_session_get(st, home, "S1", &s), 0);
	ck_assert_int_eq(s->last_activity, 500);
	ck_assert_int_eq(s->ttl, 1200);
	ck_assert_str_eq(s->caps, "MultiTrans=1");
	ck_assert_int_eq(gw_store_session_touch(st, "S9", 500), ENOENT);
	ck_assert_int_eq(gw_store_session_set_ttl(st, "S9", 5), ENOENT);
	ck_assert_int_eq(gw_store_session_set_ttl(st, "S1", 0), EINVAL);
	ck_assert_int_eq(gw_store_session_set_caps(st, "S9", "x"), ENOENT);
	s = NULL;
	ck_assert_int_eq(gw_store_session_get(st, home, "S9", &s), ENOENT);
	ck_assert_ptr_null(s);

	SEEN(gw_store_session_each(st, NULL, see_session, NULL), "S1:harry;S2:jane;");
	SEEN(gw_store_session_each(st, "jane", see_session, NULL), "S2:jane;");

	/* S2 (last 110, ttl 30) is gone at 140; S1 (last 500, ttl 1200) stays. */
	ck_assert_int_eq(gw_store_session_expire(st, 139, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(gw_store_session_expire(st, 140, &n), 0);
	ck_assert_uint_eq(n, 1);
	SEEN(gw_store_session_each(st, NULL, see_session, NULL), "S1:harry;");
	ck_assert_int_eq(gw_store_session_delete(st, "S1"), 0);
	ck_assert_int_eq(gw_store_session_delete(st, "S1"), ENOENT);
}
END_TEST

START_TEST(server_transactions_leave_only_when_answered)
{
	open_with_users();
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "harry", "C1",
			 NULL, 600, NULL, 100, 100}), 0);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "t2",
			 .kind = "NewMessage", .body = "<NewMessage/>", .body_len = 13,
			 .created = 100}), 0);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "t1",
			 .kind = "PresenceAuth-Request", .body = NULL, .body_len = 0,
			 .created = 101}), 0);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "t1",
			 .kind = "X", .created = 1}), EEXIST);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S9", .tx_id = "t1",
			 .kind = "X", .created = 1}), ENOENT);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "",
			 .kind = "X", .created = 1}), EINVAL);

	/* Queue order, not ID order; sending does not remove. */
	ck_assert_int_eq(gw_store_stx_sent(st, "S1", "t2", 105), 0);
	ck_assert_int_eq(gw_store_stx_sent(st, "S1", "t2", 135), 0);
	ck_assert_int_eq(gw_store_stx_sent(st, "S1", "t9", 135), ENOENT);
	SEEN(gw_store_stx_each(st, "S1", see_stx, NULL),
	     "t2/NewMessagex2;t1/PresenceAuth-Requestx0;");

	/* Survives a restart. */
	gw_store_close(st);
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	SEEN(gw_store_stx_each(st, "S1", see_stx, NULL),
	     "t2/NewMessagex2;t1/PresenceAuth-Requestx0;");

	/* The client answers t2. */
	ck_assert_int_eq(gw_store_stx_ack(st, "S1", "t2"), 0);
	ck_assert_int_eq(gw_store_stx_ack(st, "S1", "t2"), ENOENT);
	SEEN(gw_store_stx_each(st, "S1", see_stx, NULL), "t1/PresenceAuth-Requestx0;");
	/* Session gone: its queue too. */
	ck_assert_int_eq(gw_store_session_delete(st, "S1"), 0);
	SEEN(gw_store_stx_each(st, "S1", see_stx, NULL), "");
}
END_TEST

static int check_stx_body(void *arg, struct gw_stx const *t)
{
	(void)arg;
	ck_assert_uint_eq(t->body_len, 13);
	ck_assert_int_eq(memcmp(t->body, "<NewMessage/>", 13), 0);
	ck_assert_int_eq(t->created, 100);
	ck_assert_int_eq(t->last_sent, 0);
	return 0;
}

START_TEST(server_transaction_bodies_are_kept)
{
	open_with_users();
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"S1", "harry", "C1",
			 NULL, 600, NULL, 100, 100}), 0);
	ck_assert_int_eq(gw_store_stx_add(st, &(struct gw_stx){.session_id = "S1", .tx_id = "t1",
			 .kind = "NewMessage", .body = "<NewMessage/>", .body_len = 13,
			 .created = 100}), 0);
	ck_assert_int_eq(gw_store_stx_each(st, "S1", check_stx_body, NULL), 0);
}
END_TEST

/* --- outbound SIP subscriptions ---------------------------------------------------------- */

START_TEST(sip_subscriptions_to_re_establish)
{
	struct gw_sipsub *s = NULL;

	open_with_users();
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"harry",
			 "sip:jane@mno2.example", "presence", "pending", "call-id=abc", 3700, 100}), 0);
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"jane",
			 "sip:amy@mno2.example", "presence", "active", NULL, 0, 100}), 0);
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"nobody",
			 "sip:amy@mno2.example", "presence", "active", NULL, 0, 100}), ENOENT);
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"harry", "", "presence",
			 "active", NULL, 0, 100}), EINVAL);
	/* NOTIFY active arrives: replaced in place. */
	ck_assert_int_eq(gw_store_sipsub_put(st, &(struct gw_sipsub){"harry",
			 "sip:jane@mno2.example", "presence", "active", "call-id=abc;tag=x", 7300, 200}),
			 0);
	ck_assert_int_eq(gw_store_sipsub_get(st, home, "harry", "sip:jane@mno2.example",
					     "presence", &s), 0);
	ck_assert_str_eq(s->owner, "harry");
	ck_assert_str_eq(s->target, "sip:jane@mno2.example");
	ck_assert_str_eq(s->event, "presence");
	ck_assert_str_eq(s->state, "active");
	ck_assert_str_eq(s->dialog, "call-id=abc;tag=x");
	ck_assert_int_eq(s->expires, 7300);
	ck_assert_int_eq(s->updated, 200);
	s = NULL;
	ck_assert_int_eq(gw_store_sipsub_get(st, home, "harry", "sip:jane@mno2.example",
					     "presence.winfo", &s), ENOENT);
	ck_assert_ptr_null(s);
	SEEN(gw_store_sipsub_each(st, NULL, see_sub, NULL),
	     "harry>sip:jane@mno2.example:active;jane>sip:amy@mno2.example:active;");
	SEEN(gw_store_sipsub_each(st, "jane", see_sub, NULL), "jane>sip:amy@mno2.example:active;");
	ck_assert_int_eq(gw_store_sipsub_delete(st, "jane", "sip:amy@mno2.example", "presence"), 0);
	ck_assert_int_eq(gw_store_sipsub_delete(st, "jane", "sip:amy@mno2.example", "presence"),
			 ENOENT);
}
END_TEST

/* --- transactions and other processes ---------------------------------------------------- */

START_TEST(transactions_commit_or_roll_back)
{
	open_with_users();
	ck_assert_int_eq(gw_store_commit(st), EINVAL);
	ck_assert_int_eq(gw_store_rollback(st), EINVAL);
	ck_assert_int_eq(gw_store_begin(st), 0);
	ck_assert_int_eq(gw_store_begin(st), EINVAL);
	ck_assert_int_eq(gw_store_user_add(st, "amy", "plain:x", 1), 0);
	ck_assert_int_eq(gw_store_clist_create(st, "amy", "wv:amy/l@mno1.example", NULL, 1), 0);
	ck_assert_int_eq(gw_store_rollback(st), 0);
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;jane;");

	ck_assert_int_eq(gw_store_begin(st), 0);
	ck_assert_int_eq(gw_store_user_add(st, "amy", "plain:x", 1), 0);
	ck_assert_int_eq(gw_store_commit(st), 0);
	gw_store_close(st);
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	SEEN(gw_store_user_each(st, see_name, NULL), "amy;harry;jane;");
}
END_TEST

START_TEST(another_process_writes_while_the_daemon_reads)
{
	struct gw_store *ctl;

	/* iwfctl and iwfd each hold the store open; WAL lets both work. */
	ck_assert_int_eq(gw_store_open(&st, path, 200), 0);
	ck_assert_int_eq(gw_store_open(&ctl, path, 200), 0);
	ck_assert_int_eq(gw_store_user_add(ctl, "harry", "plain:x", 1), 0);
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;");

	/* A write lock held longer than the busy timeout: EBUSY, not a hang. */
	ck_assert_int_eq(gw_store_begin(ctl), 0);
	ck_assert_int_eq(gw_store_user_add(ctl, "jane", "plain:y", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "amy", "plain:z", 1), EBUSY);
	/* Readers are not blocked meanwhile, and do not see uncommitted rows. */
	SEEN(gw_store_user_each(st, see_name, NULL), "harry;");
	ck_assert_int_eq(gw_store_commit(ctl), 0);
	ck_assert_int_eq(gw_store_user_add(st, "amy", "plain:z", 1), 0);
	SEEN(gw_store_user_each(st, see_name, NULL), "amy;harry;jane;");
	gw_store_close(ctl);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("gw_store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, open_creates_a_private_wal_store_in_a_new_folder);
	tcase_add_test(tc, empty_file_is_migrated_and_reopen_keeps_data);
	tcase_add_test(tc, migrations_step_forward_and_never_back);
	tcase_add_test(tc, open_errors);
	tcase_add_test(tc, users);
	tcase_add_test(tc, deleting_a_user_deletes_what_they_own);
	tcase_add_test(tc, contact_lists_hold_sip_members);
	tcase_add_test(tc, attribute_lists_per_user_watcher_and_list);
	tcase_add_test(tc, block_and_grant_lists_with_in_use_flags);
	tcase_add_test(tc, authorization_decisions_are_remembered);
	tcase_add_test(tc, messages_offline_store_and_session_queues);
	tcase_add_test(tc, sessions_survive_and_expire);
	tcase_add_test(tc, server_transactions_leave_only_when_answered);
	tcase_add_test(tc, server_transaction_bodies_are_kept);
	tcase_add_test(tc, sip_subscriptions_to_re_establish);
	tcase_add_test(tc, transactions_commit_or_roll_back);
	tcase_add_test(tc, another_process_writes_while_the_daemon_reads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
