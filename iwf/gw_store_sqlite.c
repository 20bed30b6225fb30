/* iwf/gw_store_sqlite.c: gw_store on SQLite (WAL, foreign keys, versioned schema, prepared statements). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "iwf/gw_log.h"
#include "iwf/gw_store.h"
#include "iwf/gw_store_sqlite.h"
#include "iwf/gw_util.h"

/* --- schema ------------------------------------------------------------------------------ */

/* migrations[i] turns version i into i + 1. Append; never edit a released step. */
static char const *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE users ("
	" name TEXT PRIMARY KEY,"
	" cred TEXT NOT NULL,"
	" block_in_use INTEGER NOT NULL DEFAULT 0,"
	" grant_in_use INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL);"
	"CREATE TABLE contact_lists ("
	" id INTEGER PRIMARY KEY,"
	" owner TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" uri TEXT NOT NULL,"
	" display_name TEXT,"
	" is_default INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE (owner, uri));"
	"CREATE TABLE contact_members ("
	" list_id INTEGER NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,"
	" address TEXT NOT NULL,"
	" nickname TEXT,"
	" PRIMARY KEY (list_id, address));"
	"CREATE TABLE attr_lists ("
	" owner TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" scope TEXT NOT NULL CHECK (scope IN ('default', 'watcher', 'clist')),"
	" target TEXT NOT NULL,"
	" attrs TEXT NOT NULL,"
	" PRIMARY KEY (owner, scope, target));"
	"CREATE TABLE access_lists ("
	" owner TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('block', 'grant')),"
	" address TEXT NOT NULL,"
	" PRIMARY KEY (owner, kind, address));"
	"CREATE TABLE authz ("
	" presentity TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" watcher TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined')),"
	" attrs TEXT,"
	" updated INTEGER NOT NULL,"
	" PRIMARY KEY (presentity, watcher));"
	"CREATE TABLE sessions ("
	" id TEXT PRIMARY KEY,"
	" user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" client_id TEXT NOT NULL,"
	" cookie TEXT,"
	" ttl INTEGER NOT NULL,"
	" caps TEXT,"
	" created INTEGER NOT NULL,"
	" last_activity INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user);"
	"CREATE TABLE messages ("
	" id TEXT PRIMARY KEY,"
	" sender TEXT NOT NULL,"
	" recipient TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" content_type TEXT NOT NULL,"
	" encoding TEXT NOT NULL,"
	" body BLOB NOT NULL,"
	" date INTEGER NOT NULL,"
	" validity INTEGER NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('queued', 'delivered')),"
	" session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL);"
	"CREATE INDEX messages_recipient ON messages(recipient, date);"
	"CREATE INDEX messages_session ON messages(session_id);"
	"CREATE TABLE session_tx ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" tx_id TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" body BLOB NOT NULL,"
	" created INTEGER NOT NULL,"
	" sent INTEGER NOT NULL DEFAULT 0,"
	" last_sent INTEGER NOT NULL DEFAULT 0,"
	" UNIQUE (session_id, tx_id));"
	"CREATE TABLE sip_subscriptions ("
	" owner TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
	" target TEXT NOT NULL,"
	" event TEXT NOT NULL,"
	" state TEXT NOT NULL,"
	" dialog TEXT,"
	" expires INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" PRIMARY KEY (owner, target, event));",
	/* 1 -> 2: published presence, IMPS presence subscriptions, the answers log. A direct
	 * subscription has contact_list '' (NULL would not be unique in the key). */
	"CREATE TABLE presence ("
	" user TEXT PRIMARY KEY REFERENCES users(name) ON DELETE CASCADE,"
	" sublist TEXT NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE psubs ("
	" session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" target TEXT NOT NULL,"
	" contact_list TEXT NOT NULL DEFAULT '',"
	" attrs INTEGER NOT NULL,"
	" auto_subscribe INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" PRIMARY KEY (session_id, target, contact_list));"
	"CREATE INDEX psubs_target ON psubs(target);"
	"CREATE TABLE txlog ("
	" session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" tx_id TEXT NOT NULL,"
	" answer BLOB NOT NULL,"
	" created INTEGER NOT NULL,"
	" PRIMARY KEY (session_id, tx_id));"
	"CREATE INDEX txlog_created ON txlog(created);",
};

#define MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

char const *const *gw_store_migrations(int *countp)
{
	*countp = MIGRATIONS;
	return migrations;
}

int gw_store_schema_latest(void)
{
	return MIGRATIONS;
}

/* --- statements -------------------------------------------------------------------------- */

enum sid {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_USER_ADD, S_USER_SET_CRED, S_USER_CRED, S_USER_DEL, S_USER_EACH,
	S_CLIST_CREATE, S_CLIST_CLEAR_DEFAULT, S_CLIST_UPDATE, S_CLIST_DELETE, S_CLIST_EACH,
	S_CLIST_ID, S_MEMBER_ADD, S_MEMBER_REMOVE, S_MEMBER_EACH,
	S_ATTR_SET, S_ATTR_GET, S_ATTR_DELETE, S_ATTR_EACH,
	S_ACCESS_ADD, S_ACCESS_REMOVE, S_ACCESS_CONTAINS, S_ACCESS_EACH,
	S_BLOCK_SET_IN_USE, S_GRANT_SET_IN_USE, S_ACCESS_IN_USE,
	S_AUTHZ_SET, S_AUTHZ_GET, S_AUTHZ_DELETE, S_AUTHZ_EACH,
	S_MSG_PUT, S_MSG_GET, S_MSG_SET_STATE, S_MSG_ASSIGN, S_MSG_DELETE, S_MSG_EACH,
	S_MSG_EXPIRE,
	S_SESSION_ADD, S_SESSION_GET, S_SESSION_TOUCH, S_SESSION_SET_TTL, S_SESSION_SET_CAPS,
	S_SESSION_DELETE, S_SESSION_EACH, S_SESSION_EXPIRE,
	S_STX_ADD, S_STX_SENT, S_STX_ACK, S_STX_EACH,
	S_SUB_PUT, S_SUB_GET, S_SUB_DELETE, S_SUB_EACH,
	S_PRES_PUT, S_PRES_GET,
	S_PSUB_PUT, S_PSUB_DELETE, S_PSUB_DELETE_ALL, S_PSUB_EACH,
	S_TXLOG_PUT, S_TXLOG_GET, S_TXLOG_EXPIRE,
	S_COUNT
};

struct stmt_row {
	char const *what;	/* for log lines: "while <what>" */
	char const *sql;
};

#define MSG_COLS "id, sender, recipient, content_type, encoding, body, date, validity, state, " \
	"session_id"
#define SESSION_COLS "id, user, client_id, cookie, ttl, caps, created, last_activity"
#define SUB_COLS "owner, target, event, state, dialog, expires, updated"

static struct stmt_row const stmts[S_COUNT] = {
	[S_BEGIN] = {"beginning a transaction", "BEGIN IMMEDIATE"},
	[S_COMMIT] = {"committing", "COMMIT"},
	[S_ROLLBACK] = {"rolling back", "ROLLBACK"},
	[S_SAVEPOINT] = {"opening a savepoint", "SAVEPOINT gw"},
	[S_RELEASE] = {"releasing a savepoint", "RELEASE gw"},
	[S_ROLLBACK_TO] = {"rolling back a savepoint", "ROLLBACK TO gw"},

	[S_USER_ADD] = {"adding a user",
		"INSERT INTO users (name, cred, created) VALUES (?1, ?2, ?3)"},
	[S_USER_SET_CRED] = {"changing a user's credential",
		"UPDATE users SET cred = ?2 WHERE name = ?1"},
	[S_USER_CRED] = {"reading a user's credential", "SELECT cred FROM users WHERE name = ?1"},
	[S_USER_DEL] = {"deleting a user", "DELETE FROM users WHERE name = ?1"},
	[S_USER_EACH] = {"listing users", "SELECT name FROM users ORDER BY name"},

	[S_CLIST_CREATE] = {"creating a contact list",
		"INSERT INTO contact_lists (owner, uri, display_name, is_default) "
		"VALUES (?1, ?2, ?3, ?4)"},
	[S_CLIST_CLEAR_DEFAULT] = {"clearing the default contact list",
		"UPDATE contact_lists SET is_default = 0 WHERE owner = ?1 AND uri <> ?2"},
	[S_CLIST_UPDATE] = {"updating a contact list",
		"UPDATE contact_lists SET display_name = coalesce(?3, display_name), "
		"is_default = coalesce(?4, is_default) WHERE owner = ?1 AND uri = ?2"},
	[S_CLIST_DELETE] = {"deleting a contact list",
		"DELETE FROM contact_lists WHERE owner = ?1 AND uri = ?2"},
	[S_CLIST_EACH] = {"listing contact lists",
		"SELECT uri, display_name, is_default FROM contact_lists WHERE owner = ?1 "
		"ORDER BY id"},
	[S_CLIST_ID] = {"finding a contact list",
		"SELECT id FROM contact_lists WHERE owner = ?1 AND uri = ?2"},
	[S_MEMBER_ADD] = {"adding a contact list member",
		"INSERT INTO contact_members (list_id, address, nickname) "
		"SELECT id, ?3, ?4 FROM contact_lists WHERE owner = ?1 AND uri = ?2 "
		"ON CONFLICT (list_id, address) DO UPDATE SET nickname = excluded.nickname"},
	[S_MEMBER_REMOVE] = {"removing a contact list member",
		"DELETE FROM contact_members WHERE address = ?3 AND list_id = "
		"(SELECT id FROM contact_lists WHERE owner = ?1 AND uri = ?2)"},
	[S_MEMBER_EACH] = {"listing contact list members",
		"SELECT address, nickname FROM contact_members WHERE list_id = ?1 ORDER BY rowid"},

	[S_ATTR_SET] = {"setting an attribute list",
		"INSERT INTO attr_lists (owner, scope, target, attrs) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (owner, scope, target) DO UPDATE SET attrs = excluded.attrs"},
	[S_ATTR_GET] = {"reading an attribute list",
		"SELECT attrs FROM attr_lists WHERE owner = ?1 AND scope = ?2 AND target = ?3"},
	[S_ATTR_DELETE] = {"deleting an attribute list",
		"DELETE FROM attr_lists WHERE owner = ?1 AND scope = ?2 AND target = ?3"},
	[S_ATTR_EACH] = {"listing attribute lists",
		"SELECT scope, target, attrs FROM attr_lists WHERE owner = ?1 "
		"ORDER BY scope, target"},

	[S_ACCESS_ADD] = {"adding to a block/grant list",
		"INSERT INTO access_lists (owner, kind, address) VALUES (?1, ?2, ?3)"},
	[S_ACCESS_REMOVE] = {"removing from a block/grant list",
		"DELETE FROM access_lists WHERE owner = ?1 AND kind = ?2 AND address = ?3"},
	[S_ACCESS_CONTAINS] = {"looking up a block/grant list",
		"SELECT 1 FROM access_lists WHERE owner = ?1 AND kind = ?2 AND address = ?3"},
	[S_ACCESS_EACH] = {"listing a block/grant list",
		"SELECT address FROM access_lists WHERE owner = ?1 AND kind = ?2 ORDER BY address"},
	[S_BLOCK_SET_IN_USE] = {"setting the block list's InUse",
		"UPDATE users SET block_in_use = ?2 WHERE name = ?1"},
	[S_GRANT_SET_IN_USE] = {"setting the grant list's InUse",
		"UPDATE users SET grant_in_use = ?2 WHERE name = ?1"},
	[S_ACCESS_IN_USE] = {"reading InUse flags",
		"SELECT block_in_use, grant_in_use FROM users WHERE name = ?1"},

	[S_AUTHZ_SET] = {"recording an authorization decision",
		"INSERT INTO authz (presentity, watcher, state, attrs, updated) "
		"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (presentity, watcher) DO UPDATE SET "
		"state = excluded.state, attrs = excluded.attrs, updated = excluded.updated"},
	[S_AUTHZ_GET] = {"reading an authorization decision",
		"SELECT presentity, watcher, state, attrs, updated FROM authz "
		"WHERE presentity = ?1 AND watcher = ?2"},
	[S_AUTHZ_DELETE] = {"deleting an authorization decision",
		"DELETE FROM authz WHERE presentity = ?1 AND watcher = ?2"},
	[S_AUTHZ_EACH] = {"listing authorization decisions",
		"SELECT presentity, watcher, state, attrs, updated FROM authz "
		"WHERE presentity = ?1 AND (?2 IS NULL OR state = ?2) ORDER BY watcher"},

	[S_MSG_PUT] = {"storing a message",
		"INSERT INTO messages (" MSG_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
	[S_MSG_GET] = {"reading a message", "SELECT " MSG_COLS " FROM messages WHERE id = ?1"},
	[S_MSG_SET_STATE] = {"changing a message's state",
		"UPDATE messages SET state = ?2 WHERE id = ?1"},
	[S_MSG_ASSIGN] = {"moving a message to a queue",
		"UPDATE messages SET session_id = ?2 WHERE id = ?1"},
	[S_MSG_DELETE] = {"deleting a message", "DELETE FROM messages WHERE id = ?1"},
	[S_MSG_EACH] = {"listing messages",
		"SELECT " MSG_COLS " FROM messages WHERE recipient = ?1 AND "
		"(?2 IS NULL OR state = ?2) ORDER BY date, rowid"},
	[S_MSG_EXPIRE] = {"expiring messages",
		"DELETE FROM messages WHERE validity > 0 AND date + validity <= ?1"},

	[S_SESSION_ADD] = {"recording a session",
		"INSERT INTO sessions (" SESSION_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
	[S_SESSION_GET] = {"reading a session",
		"SELECT " SESSION_COLS " FROM sessions WHERE id = ?1"},
	[S_SESSION_TOUCH] = {"recording session activity",
		"UPDATE sessions SET last_activity = ?2 WHERE id = ?1"},
	[S_SESSION_SET_TTL] = {"changing a session's keep-alive",
		"UPDATE sessions SET ttl = ?2 WHERE id = ?1"},
	[S_SESSION_SET_CAPS] = {"recording a session's capabilities",
		"UPDATE sessions SET caps = ?2 WHERE id = ?1"},
	[S_SESSION_DELETE] = {"deleting a session", "DELETE FROM sessions WHERE id = ?1"},
	[S_SESSION_EACH] = {"listing sessions",
		"SELECT " SESSION_COLS " FROM sessions WHERE (?1 IS NULL OR user = ?1) "
		"ORDER BY created, rowid"},
	[S_SESSION_EXPIRE] = {"expiring sessions",
		"DELETE FROM sessions WHERE last_activity + ttl <= ?1"},

	[S_STX_ADD] = {"queueing a server transaction",
		"INSERT INTO session_tx (session_id, tx_id, kind, body, created) "
		"VALUES (?1, ?2, ?3, ?4, ?5)"},
	[S_STX_SENT] = {"recording a sent server transaction",
		"UPDATE session_tx SET sent = sent + 1, last_sent = ?3 "
		"WHERE session_id = ?1 AND tx_id = ?2"},
	[S_STX_ACK] = {"removing an answered server transaction",
		"DELETE FROM session_tx WHERE session_id = ?1 AND tx_id = ?2"},
	[S_STX_EACH] = {"listing pending server transactions",
		"SELECT session_id, tx_id, kind, body, created, sent, last_sent FROM session_tx "
		"WHERE session_id = ?1 ORDER BY seq"},

	[S_SUB_PUT] = {"recording a SIP subscription",
		"INSERT INTO sip_subscriptions (" SUB_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT (owner, target, event) DO UPDATE SET state = excluded.state, "
		"dialog = excluded.dialog, expires = excluded.expires, updated = excluded.updated"},
	[S_SUB_GET] = {"reading a SIP subscription",
		"SELECT " SUB_COLS " FROM sip_subscriptions "
		"WHERE owner = ?1 AND target = ?2 AND event = ?3"},
	[S_SUB_DELETE] = {"deleting a SIP subscription",
		"DELETE FROM sip_subscriptions WHERE owner = ?1 AND target = ?2 AND event = ?3"},
	[S_SUB_EACH] = {"listing SIP subscriptions",
		"SELECT " SUB_COLS " FROM sip_subscriptions WHERE (?1 IS NULL OR owner = ?1) "
		"ORDER BY owner, target, event"},

	[S_PRES_PUT] = {"recording published presence",
		"INSERT INTO presence (user, sublist, updated) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (user) DO UPDATE SET sublist = excluded.sublist, "
		"updated = excluded.updated"},
	[S_PRES_GET] = {"reading published presence",
		"SELECT sublist, updated FROM presence WHERE user = ?1"},

	[S_PSUB_PUT] = {"recording a presence subscription",
		"INSERT INTO psubs (session_id, target, contact_list, attrs, auto_subscribe, "
		"created) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		"ON CONFLICT (session_id, target, contact_list) DO UPDATE SET "
		"attrs = excluded.attrs, auto_subscribe = excluded.auto_subscribe, "
		"created = excluded.created"},
	[S_PSUB_DELETE] = {"deleting a presence subscription",
		"DELETE FROM psubs WHERE session_id = ?1 AND target = ?2 AND contact_list = ?3"},
	[S_PSUB_DELETE_ALL] = {"deleting presence subscriptions",
		"DELETE FROM psubs WHERE session_id = ?1 AND target = ?2"},
	[S_PSUB_EACH] = {"listing presence subscriptions",
		"SELECT session_id, target, contact_list, attrs, auto_subscribe, created "
		"FROM psubs WHERE (?1 IS NULL OR session_id = ?1) AND (?2 IS NULL OR target = ?2) "
		"ORDER BY created, rowid"},

	[S_TXLOG_PUT] = {"logging an answer",
		"INSERT INTO txlog (session_id, tx_id, answer, created) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (session_id, tx_id) DO UPDATE SET answer = excluded.answer, "
		"created = excluded.created"},
	[S_TXLOG_GET] = {"reading a logged answer",
		"SELECT answer FROM txlog WHERE session_id = ?1 AND tx_id = ?2"},
	[S_TXLOG_EXPIRE] = {"expiring logged answers", "DELETE FROM txlog WHERE created < ?1"},
};

struct gw_store {
	sqlite3 *db;
	int in_tx;
	sqlite3_stmt *stmt[S_COUNT];
};

/* --- helpers ----------------------------------------------------------------------------- */

/* Maps a SQLite result to an errno and logs unexpected failures. */
static int map_rc(struct gw_store *st, int rc, char const *what)
{
	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_UNIQUE:
		return EEXIST;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return ENOENT;
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_CHECK:
		return EINVAL;
	}
	gw_warning("store: while %s: %s", what, sqlite3_errmsg(st->db));
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return EBUSY;
	case SQLITE_NOMEM:
		return ENOMEM;
	case SQLITE_FULL:
		return ENOSPC;
	default:
		return EIO;
	}
}

/* The prepared statement `id`, bound to the arguments described by `types`:
 * 's' char const * (NULL binds NULL), 'i' int64_t, 'b' void const * then size_t. */
static int prepare_v(struct gw_store *st, enum sid id, sqlite3_stmt **sp, char const *types,
		     va_list ap)
{
	sqlite3_stmt *s = st->stmt[id];
	int rc = SQLITE_OK;

	if (s == NULL) {
		rc = sqlite3_prepare_v3(st->db, stmts[id].sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
					NULL);
		if (rc != SQLITE_OK)
			return map_rc(st, rc, stmts[id].what);
		st->stmt[id] = s;
	}
	for (int i = 1; types[i - 1] && rc == SQLITE_OK; i++) {
		switch (types[i - 1]) {
		case 's': {
			char const *v = va_arg(ap, char const *);

			rc = v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'b': {
			void const *v = va_arg(ap, void const *);
			size_t n = va_arg(ap, size_t);

			rc = v ? sqlite3_bind_blob64(s, i, v, n, SQLITE_STATIC) :
				sqlite3_bind_zeroblob(s, i, 0);
			break;
		}
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return map_rc(st, rc, stmts[id].what);
	}
	*sp = s;
	return 0;
}

static int prepare(struct gw_store *st, enum sid id, sqlite3_stmt **sp, char const *types, ...)
{
	va_list ap;
	int e;

	va_start(ap, types);
	e = prepare_v(st, id, sp, types, ap);
	va_end(ap);
	return e;
}

/* Ends the use of a statement: resets it and drops the bindings (they point at caller data). */
static void finish(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Runs a statement that returns no rows; *changesp = rows changed (may be NULL). */
static int run(struct gw_store *st, enum sid id, int *changesp, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	int e = rc == SQLITE_DONE ? 0 : map_rc(st, rc, stmts[id].what);

	if (rc == SQLITE_ROW)
		e = 0;
	finish(s);
	if (e == 0 && changesp)
		*changesp = sqlite3_changes(st->db);
	return e;
}

/* Steps a query once: 1 row, 0 done, negative errno. */
static int step(struct gw_store *st, enum sid id, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return -map_rc(st, rc, stmts[id].what);
}

/* Binds and runs a statement that returns no rows; *changesp = rows changed (may be NULL). */
static int exec(struct gw_store *st, enum sid id, int *changesp, char const *types, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int e;

	va_start(ap, types);
	e = prepare_v(st, id, &s, types, ap);
	va_end(ap);
	return e ? e : run(st, id, changesp, s);
}

/* As exec(), for a statement that must change one row: ENOENT when it changed none. */
static int exec1(struct gw_store *st, enum sid id, char const *types, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	int e, n = 0;

	va_start(ap, types);
	e = prepare_v(st, id, &s, types, ap);
	va_end(ap);
	if (e == 0)
		e = run(st, id, &n, s);
	return e ? e : n == 0 ? ENOENT : 0;
}

static char const *col_text(sqlite3_stmt *s, int i)
{
	return (char const *)sqlite3_column_text(s, i);
}

static char *col_dup(su_home_t *home, sqlite3_stmt *s, int i, int *oom)
{
	char const *t = col_text(s, i);
	char *d;

	if (t == NULL)
		return NULL;
	d = su_strdup(home, t);
	if (d == NULL)
		*oom = 1;
	return d;
}

/* Savepoints make multi-statement operations atomic inside or outside a caller's transaction. */
static int sp_begin(struct gw_store *st)
{
	return exec(st, S_SAVEPOINT, NULL, "");
}

static int sp_end(struct gw_store *st, int e)
{
	if (e) {
		exec(st, S_ROLLBACK_TO, NULL, "");
		exec(st, S_RELEASE, NULL, "");
		return e;
	}
	return exec(st, S_RELEASE, NULL, "");
}

/* --- open, close, transactions ----------------------------------------------------------- */

static int exec_sql(struct gw_store *st, char const *sql, char const *what)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		gw_error("store: while %s: %s", what, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? EBUSY : EIO;
	}
	return 0;
}

static int pragma_int(struct gw_store *st, char const *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return map_rc(st, rc, sql);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : map_rc(st, rc, sql);
}

static int migrate(struct gw_store *st, char const *path, char const *const *steps, int n)
{
	int version = 0, e;
	char sql[64], what[128];

	if ((e = pragma_int(st, "PRAGMA user_version", &version)) != 0)
		return e;
	if (version > n) {
		gw_error("store: %s has schema version %d, this iwfd knows up to %d: refusing to "
			 "open a store written by a newer iwfd", path, version, n);
		return EPROTO;
	}
	for (int v = version; v < n; v++) {
		snprintf(what, sizeof what, "migrating %s to schema version %d", path, v + 1);
		if ((e = exec_sql(st, "BEGIN IMMEDIATE", what)) != 0)
			return e;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((e = exec_sql(st, steps[v], what)) != 0 || (e = exec_sql(st, sql, what)) != 0 ||
		    (e = exec_sql(st, "COMMIT", what)) != 0) {
			exec_sql(st, "ROLLBACK", what);
			return e;
		}
		gw_notice("store: %s migrated to schema version %d", path, v + 1);
	}
	return 0;
}

int gw_store_open_migrations(struct gw_store **stp, char const *path, int64_t busy_timeout_ms,
			     char const *const *steps, int n)
{
	struct gw_store *st;
	sqlite3_stmt *s = NULL;
	int e, fd, fk = 0;

	if (path == NULL || *path == '\0' || busy_timeout_ms < 0 || busy_timeout_ms > INT_MAX)
		return EINVAL;
	if ((e = gw_mkdir_parent(path)) != 0) {
		gw_error("store: while creating the folder of %s: %s", path, strerror(e));
		return e;
	}
	/* Create the file ourselves so that it is private from its first byte. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		e = errno;
		gw_error("store: while opening %s: %s", path, strerror(e));
		return e;
	}
	close(fd);

	st = calloc(1, sizeof *st);
	if (st == NULL)
		return ENOMEM;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		gw_error("store: while opening %s: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		e = st->db ? EIO : ENOMEM;
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, (int)busy_timeout_ms);

	/* WAL: readers (iwfctl) do not block the daemon, and the daemon does not block them. */
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW ||
	    strcmp((char const *)sqlite3_column_text(s, 0), "wal") != 0) {
		gw_error("store: while switching %s to WAL mode: %s", path,
			 sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		e = EIO;
		goto fail;
	}
	sqlite3_finalize(s);
	if ((e = exec_sql(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL",
			  "setting up the store")) != 0)
		goto fail;
	if ((e = pragma_int(st, "PRAGMA foreign_keys", &fk)) != 0)
		goto fail;
	if (!fk) {
		gw_error("store: this SQLite does not enforce foreign keys");
		e = ENOTSUP;
		goto fail;
	}
	if ((e = migrate(st, path, steps, n)) != 0)
		goto fail;
	*stp = st;
	return 0;
fail:
	sqlite3_close(st->db);
	free(st);
	return e;
}

int gw_store_open(struct gw_store **stp, char const *path, int64_t busy_timeout_ms)
{
	return gw_store_open_migrations(stp, path, busy_timeout_ms, migrations, MIGRATIONS);
}

void gw_store_close(struct gw_store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		exec_sql(st, "ROLLBACK", "closing the store inside a transaction");
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (sqlite3_close(st->db) != SQLITE_OK)
		gw_warning("store: while closing: %s", sqlite3_errmsg(st->db));
	free(st);
}

int gw_store_schema_version(struct gw_store *st)
{
	int v = -1;

	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

int gw_store_begin(struct gw_store *st)
{
	int e;

	if (st->in_tx)
		return EINVAL;
	if ((e = exec(st, S_BEGIN, NULL, "")) == 0)
		st->in_tx = 1;
	return e;
}

int gw_store_commit(struct gw_store *st)
{
	int e;

	if (!st->in_tx)
		return EINVAL;
	if ((e = exec(st, S_COMMIT, NULL, "")) == 0)
		st->in_tx = 0;
	return e;
}

int gw_store_rollback(struct gw_store *st)
{
	if (!st->in_tx)
		return EINVAL;
	st->in_tx = 0;
	return exec(st, S_ROLLBACK, NULL, "");
}

/* --- users ------------------------------------------------------------------------------- */

int gw_store_user_add(struct gw_store *st, char const *name, char const *cred, int64_t now)
{
	if (!name || !*name || !cred)
		return EINVAL;
	return exec(st, S_USER_ADD, NULL, "ssi", name, cred, now);
}

int gw_store_user_set_cred(struct gw_store *st, char const *name, char const *cred)
{
	if (!name || !cred)
		return EINVAL;
	return exec1(st, S_USER_SET_CRED, "ss", name, cred);
}

int gw_store_user_cred(struct gw_store *st, su_home_t *home, char const *name, char **credp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_USER_CRED, &s, "s", name), r, oom = 0;

	if (e)
		return e;
	r = step(st, S_USER_CRED, s);
	if (r == 1) {
		char *c = col_dup(home, s, 0, &oom);

		e = oom ? ENOMEM : 0;
		if (!e)
			*credp = c;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_user_del(struct gw_store *st, char const *name)
{
	return exec1(st, S_USER_DEL, "s", name);
}

int gw_store_user_each(struct gw_store *st, int (*fn)(void *arg, char const *name), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_USER_EACH, &s, ""), r;

	if (e)
		return e;
	while ((r = step(st, S_USER_EACH, s)) == 1)
		if ((e = fn(arg, col_text(s, 0))) != 0)
			break;
	finish(s);
	return e ? e : -r;
}

/* --- contact lists ----------------------------------------------------------------------- */

int gw_store_clist_create(struct gw_store *st, char const *owner, char const *uri,
			  char const *display_name, int is_default)
{
	int e;

	if (!owner || !uri || !*uri)
		return EINVAL;
	if ((e = sp_begin(st)) != 0)
		return e;
	e = exec(st, S_CLIST_CREATE, NULL, "sssi", owner, uri, display_name,
		 (int64_t)(is_default != 0));
	if (!e && is_default)
		e = exec(st, S_CLIST_CLEAR_DEFAULT, NULL, "ss", owner, uri);
	return sp_end(st, e);
}

int gw_store_clist_update(struct gw_store *st, char const *owner, char const *uri,
			  char const *display_name, int is_default)
{
	int e;
	sqlite3_stmt *s;

	if ((e = sp_begin(st)) != 0)
		return e;
	/* is_default < 0 binds NULL: coalesce keeps the old value. */
	e = prepare(st, S_CLIST_UPDATE, &s, "sss", owner, uri, display_name);
	if (!e) {
		int rc = is_default < 0 ? sqlite3_bind_null(s, 4) :
			sqlite3_bind_int(s, 4, is_default != 0);

		if (rc != SQLITE_OK) {
			finish(s);
			e = map_rc(st, rc, stmts[S_CLIST_UPDATE].what);
		} else {
			int n = 0;

			e = run(st, S_CLIST_UPDATE, &n, s);
			if (!e && n == 0)
				e = ENOENT;
		}
	}
	if (!e && is_default > 0)
		e = exec(st, S_CLIST_CLEAR_DEFAULT, NULL, "ss", owner, uri);
	return sp_end(st, e);
}

int gw_store_clist_delete(struct gw_store *st, char const *owner, char const *uri)
{
	return exec1(st, S_CLIST_DELETE, "ss", owner, uri);
}

int gw_store_clist_each(struct gw_store *st, char const *owner,
			int (*fn)(void *arg, struct gw_clist const *l), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_CLIST_EACH, &s, "s", owner), r;

	if (e)
		return e;
	while ((r = step(st, S_CLIST_EACH, s)) == 1) {
		struct gw_clist l = {col_text(s, 0), col_text(s, 1), sqlite3_column_int(s, 2)};

		if ((e = fn(arg, &l)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

int gw_store_clist_member_add(struct gw_store *st, char const *owner, char const *uri,
			      char const *address, char const *nickname)
{
	if (!address || !*address)
		return EINVAL;
	return exec1(st, S_MEMBER_ADD, "ssss", owner, uri, address, nickname);
}

int gw_store_clist_member_remove(struct gw_store *st, char const *owner, char const *uri,
				 char const *address)
{
	return exec1(st, S_MEMBER_REMOVE, "sss", owner, uri, address);
}

int gw_store_clist_member_each(struct gw_store *st, char const *owner, char const *uri,
			       int (*fn)(void *arg, char const *address, char const *nickname),
			       void *arg)
{
	sqlite3_stmt *s;
	int64_t id;
	int e = prepare(st, S_CLIST_ID, &s, "ss", owner, uri), r;

	if (e)
		return e;
	r = step(st, S_CLIST_ID, s);
	id = sqlite3_column_int64(s, 0);
	finish(s);
	if (r != 1)
		return r == 0 ? ENOENT : -r;

	if ((e = prepare(st, S_MEMBER_EACH, &s, "i", id)) != 0)
		return e;
	while ((r = step(st, S_MEMBER_EACH, s)) == 1)
		if ((e = fn(arg, col_text(s, 0), col_text(s, 1))) != 0)
			break;
	finish(s);
	return e ? e : -r;
}

/* --- attribute lists --------------------------------------------------------------------- */

static char const *const scope_names[] = {
	[GW_ATTR_DEFAULT] = "default", [GW_ATTR_WATCHER] = "watcher", [GW_ATTR_CLIST] = "clist",
};

static char const *scope_name(enum gw_attr_scope scope)
{
	return (unsigned)scope < sizeof scope_names / sizeof scope_names[0] ?
		scope_names[scope] : NULL;
}

static enum gw_attr_scope scope_parse(char const *name)
{
	for (unsigned i = 0; i < sizeof scope_names / sizeof scope_names[0]; i++)
		if (name && strcmp(name, scope_names[i]) == 0)
			return (enum gw_attr_scope)i;
	return GW_ATTR_DEFAULT;
}

int gw_store_attrlist_set(struct gw_store *st, char const *owner, enum gw_attr_scope scope,
			  char const *target, char const *attrs)
{
	if (!scope_name(scope) || !target || !attrs || (scope == GW_ATTR_DEFAULT) != (*target == 0))
		return EINVAL;
	return exec(st, S_ATTR_SET, NULL, "ssss", owner, scope_name(scope), target, attrs);
}

int gw_store_attrlist_get(struct gw_store *st, su_home_t *home, char const *owner,
			  enum gw_attr_scope scope, char const *target, char **attrsp)
{
	sqlite3_stmt *s;
	int e, r, oom = 0;

	if (!scope_name(scope) || !target)
		return EINVAL;
	if ((e = prepare(st, S_ATTR_GET, &s, "sss", owner, scope_name(scope), target)) != 0)
		return e;
	r = step(st, S_ATTR_GET, s);
	if (r == 1) {
		char *a = col_dup(home, s, 0, &oom);

		e = oom ? ENOMEM : 0;
		if (!e)
			*attrsp = a;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_attrlist_delete(struct gw_store *st, char const *owner, enum gw_attr_scope scope,
			     char const *target)
{
	if (!scope_name(scope) || !target)
		return EINVAL;
	return exec1(st, S_ATTR_DELETE, "sss", owner, scope_name(scope), target);
}

int gw_store_attrlist_each(struct gw_store *st, char const *owner,
			   int (*fn)(void *arg, enum gw_attr_scope scope, char const *target,
				     char const *attrs), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_ATTR_EACH, &s, "s", owner), r;

	if (e)
		return e;
	while ((r = step(st, S_ATTR_EACH, s)) == 1)
		if ((e = fn(arg, scope_parse(col_text(s, 0)), col_text(s, 1), col_text(s, 2))) != 0)
			break;
	finish(s);
	return e ? e : -r;
}

/* --- block and grant lists --------------------------------------------------------------- */

static char const *kind_name(enum gw_access_kind kind)
{
	return kind == GW_ACCESS_BLOCK ? "block" : kind == GW_ACCESS_GRANT ? "grant" : NULL;
}

int gw_store_access_add(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			char const *address)
{
	if (!kind_name(kind) || !address || !*address)
		return EINVAL;
	return exec(st, S_ACCESS_ADD, NULL, "sss", owner, kind_name(kind), address);
}

int gw_store_access_remove(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			   char const *address)
{
	if (!kind_name(kind))
		return EINVAL;
	return exec1(st, S_ACCESS_REMOVE, "sss", owner, kind_name(kind), address);
}

int gw_store_access_contains(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			     char const *address, int *foundp)
{
	sqlite3_stmt *s;
	int e, r;

	if (!kind_name(kind))
		return EINVAL;
	if ((e = prepare(st, S_ACCESS_CONTAINS, &s, "sss", owner, kind_name(kind), address)) != 0)
		return e;
	r = step(st, S_ACCESS_CONTAINS, s);
	finish(s);
	if (r < 0)
		return -r;
	*foundp = r;
	return 0;
}

int gw_store_access_each(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			 int (*fn)(void *arg, char const *address), void *arg)
{
	sqlite3_stmt *s;
	int e, r;

	if (!kind_name(kind))
		return EINVAL;
	if ((e = prepare(st, S_ACCESS_EACH, &s, "ss", owner, kind_name(kind))) != 0)
		return e;
	while ((r = step(st, S_ACCESS_EACH, s)) == 1)
		if ((e = fn(arg, col_text(s, 0))) != 0)
			break;
	finish(s);
	return e ? e : -r;
}

int gw_store_access_set_in_use(struct gw_store *st, char const *owner,
			       enum gw_access_kind kind, int in_use)
{
	if (!kind_name(kind))
		return EINVAL;
	return exec1(st, kind == GW_ACCESS_BLOCK ? S_BLOCK_SET_IN_USE : S_GRANT_SET_IN_USE, "si",
		     owner, (int64_t)(in_use != 0));
}

int gw_store_access_in_use(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			   int *in_usep)
{
	sqlite3_stmt *s;
	int e, r, v;

	if (!kind_name(kind))
		return EINVAL;
	if ((e = prepare(st, S_ACCESS_IN_USE, &s, "s", owner)) != 0)
		return e;
	r = step(st, S_ACCESS_IN_USE, s);
	v = sqlite3_column_int(s, kind == GW_ACCESS_BLOCK ? 0 : 1);
	finish(s);
	if (r != 1)
		return r == 0 ? ENOENT : -r;
	*in_usep = v;
	return 0;
}

/* --- authorization decisions ------------------------------------------------------------- */

static char const *const authz_names[] = {
	[GW_AUTHZ_PENDING] = "pending", [GW_AUTHZ_ACCEPTED] = "accepted",
	[GW_AUTHZ_DECLINED] = "declined",
};

char const *gw_authz_state_name(enum gw_authz_state s)
{
	return (unsigned)s < sizeof authz_names / sizeof authz_names[0] ? authz_names[s] : NULL;
}

int gw_authz_state_parse(char const *name, enum gw_authz_state *sp)
{
	for (unsigned i = 0; name && i < sizeof authz_names / sizeof authz_names[0]; i++)
		if (strcmp(name, authz_names[i]) == 0)
			return *sp = (enum gw_authz_state)i, 0;
	return EINVAL;
}

static void authz_row(sqlite3_stmt *s, struct gw_authz *a)
{
	a->presentity = col_text(s, 0);
	a->watcher = col_text(s, 1);
	a->state = GW_AUTHZ_PENDING;	/* the CHECK constraint keeps other words out */
	gw_authz_state_parse(col_text(s, 2), &a->state);
	a->attrs = col_text(s, 3);
	a->updated = sqlite3_column_int64(s, 4);
}

int gw_store_authz_set(struct gw_store *st, struct gw_authz const *a)
{
	if (!a->presentity || !a->watcher || !gw_authz_state_name(a->state))
		return EINVAL;
	return exec(st, S_AUTHZ_SET, NULL, "ssssi", a->presentity, a->watcher,
		    gw_authz_state_name(a->state), a->attrs, a->updated);
}

int gw_store_authz_get(struct gw_store *st, su_home_t *home, char const *presentity,
		       char const *watcher, struct gw_authz **ap)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_AUTHZ_GET, &s, "ss", presentity, watcher), r;

	if (e)
		return e;
	r = step(st, S_AUTHZ_GET, s);
	if (r == 1) {
		struct gw_authz row, *a = su_zalloc(home, sizeof *a);
		int oom = a == NULL;

		authz_row(s, &row);
		if (a) {
			*a = row;
			a->presentity = col_dup(home, s, 0, &oom);
			a->watcher = col_dup(home, s, 1, &oom);
			a->attrs = col_dup(home, s, 3, &oom);
		}
		e = oom ? ENOMEM : 0;
		if (!e)
			*ap = a;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_authz_delete(struct gw_store *st, char const *presentity, char const *watcher)
{
	return exec1(st, S_AUTHZ_DELETE, "ss", presentity, watcher);
}

int gw_store_authz_each(struct gw_store *st, char const *presentity, int state,
			int (*fn)(void *arg, struct gw_authz const *a), void *arg)
{
	sqlite3_stmt *s;
	char const *sn = state < 0 ? NULL : gw_authz_state_name((enum gw_authz_state)state);
	int e, r;

	if (state >= 0 && sn == NULL)
		return EINVAL;
	if ((e = prepare(st, S_AUTHZ_EACH, &s, "ss", presentity, sn)) != 0)
		return e;
	while ((r = step(st, S_AUTHZ_EACH, s)) == 1) {
		struct gw_authz a;

		authz_row(s, &a);
		if ((e = fn(arg, &a)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

/* --- messages ---------------------------------------------------------------------------- */

static char const *const msg_state_names[] = {
	[GW_MSG_QUEUED] = "queued", [GW_MSG_DELIVERED] = "delivered",
};

char const *gw_msg_state_name(enum gw_msg_state s)
{
	return (unsigned)s < sizeof msg_state_names / sizeof msg_state_names[0] ?
		msg_state_names[s] : NULL;
}

int gw_msg_state_parse(char const *name, enum gw_msg_state *sp)
{
	for (unsigned i = 0; name && i < sizeof msg_state_names / sizeof msg_state_names[0]; i++)
		if (strcmp(name, msg_state_names[i]) == 0)
			return *sp = (enum gw_msg_state)i, 0;
	return EINVAL;
}

static void msg_row(sqlite3_stmt *s, struct gw_msg *m)
{
	m->id = col_text(s, 0);
	m->sender = col_text(s, 1);
	m->recipient = col_text(s, 2);
	m->content_type = col_text(s, 3);
	m->encoding = col_text(s, 4);
	m->body = sqlite3_column_blob(s, 5);
	m->body_len = (size_t)sqlite3_column_bytes(s, 5);
	m->date = sqlite3_column_int64(s, 6);
	m->validity = sqlite3_column_int64(s, 7);
	m->state = GW_MSG_QUEUED;
	gw_msg_state_parse(col_text(s, 8), &m->state);
	m->session_id = col_text(s, 9);
}

int gw_store_msg_put(struct gw_store *st, struct gw_msg const *m)
{
	if (!m->id || !*m->id || !m->sender || !m->recipient || !gw_msg_state_name(m->state) ||
	    m->validity < 0 || (!m->body && m->body_len))
		return EINVAL;
	return exec(st, S_MSG_PUT, NULL, "sssssbiiss", m->id, m->sender, m->recipient,
		    m->content_type ? m->content_type : "text/plain",
		    m->encoding ? m->encoding : "None", m->body, m->body_len, m->date, m->validity,
		    gw_msg_state_name(m->state), m->session_id);
}

int gw_store_msg_get(struct gw_store *st, su_home_t *home, char const *id, struct gw_msg **mp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_MSG_GET, &s, "s", id), r;

	if (e)
		return e;
	r = step(st, S_MSG_GET, s);
	if (r == 1) {
		struct gw_msg row, *m = su_zalloc(home, sizeof *m);
		int oom = m == NULL;
		char *body = NULL;

		msg_row(s, &row);
		if (m) {
			*m = row;
			m->id = col_dup(home, s, 0, &oom);
			m->sender = col_dup(home, s, 1, &oom);
			m->recipient = col_dup(home, s, 2, &oom);
			m->content_type = col_dup(home, s, 3, &oom);
			m->encoding = col_dup(home, s, 4, &oom);
			m->session_id = col_dup(home, s, 9, &oom);
			body = su_alloc(home, row.body_len + 1);
			if (body) {
				if (row.body_len)
					memcpy(body, row.body, row.body_len);
				body[row.body_len] = '\0';
			}
			m->body = body;
			oom |= body == NULL;
		}
		e = oom ? ENOMEM : 0;
		if (!e)
			*mp = m;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_msg_set_state(struct gw_store *st, char const *id, enum gw_msg_state state)
{
	if (!gw_msg_state_name(state))
		return EINVAL;
	return exec1(st, S_MSG_SET_STATE, "ss", id, gw_msg_state_name(state));
}

int gw_store_msg_assign(struct gw_store *st, char const *id, char const *session_id)
{
	return exec1(st, S_MSG_ASSIGN, "ss", id, session_id);
}

int gw_store_msg_delete(struct gw_store *st, char const *id)
{
	return exec1(st, S_MSG_DELETE, "s", id);
}

int gw_store_msg_each(struct gw_store *st, char const *recipient, int state,
		      int (*fn)(void *arg, struct gw_msg const *m), void *arg)
{
	sqlite3_stmt *s;
	char const *sn = state < 0 ? NULL : gw_msg_state_name((enum gw_msg_state)state);
	int e, r;

	if (state >= 0 && sn == NULL)
		return EINVAL;
	if ((e = prepare(st, S_MSG_EACH, &s, "ss", recipient, sn)) != 0)
		return e;
	while ((r = step(st, S_MSG_EACH, s)) == 1) {
		struct gw_msg m;

		msg_row(s, &m);
		if ((e = fn(arg, &m)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

int gw_store_msg_expire(struct gw_store *st, int64_t now, unsigned *countp)
{
	int n = 0, e = exec(st, S_MSG_EXPIRE, &n, "i", now);

	if (!e && countp)
		*countp = (unsigned)n;
	return e;
}

/* --- sessions ---------------------------------------------------------------------------- */

static void session_row(sqlite3_stmt *s, struct gw_session_rec *r)
{
	r->id = col_text(s, 0);
	r->user = col_text(s, 1);
	r->client_id = col_text(s, 2);
	r->cookie = col_text(s, 3);
	r->ttl = sqlite3_column_int64(s, 4);
	r->caps = col_text(s, 5);
	r->created = sqlite3_column_int64(s, 6);
	r->last_activity = sqlite3_column_int64(s, 7);
}

int gw_store_session_add(struct gw_store *st, struct gw_session_rec const *r)
{
	if (!r->id || !*r->id || !r->user || !r->client_id || r->ttl <= 0)
		return EINVAL;
	return exec(st, S_SESSION_ADD, NULL, "ssssisii", r->id, r->user, r->client_id, r->cookie,
		    r->ttl, r->caps, r->created, r->last_activity);
}

int gw_store_session_get(struct gw_store *st, su_home_t *home, char const *id,
			 struct gw_session_rec **sp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_SESSION_GET, &s, "s", id), r;

	if (e)
		return e;
	r = step(st, S_SESSION_GET, s);
	if (r == 1) {
		struct gw_session_rec row, *out = su_zalloc(home, sizeof *out);
		int oom = out == NULL;

		session_row(s, &row);
		if (out) {
			*out = row;
			out->id = col_dup(home, s, 0, &oom);
			out->user = col_dup(home, s, 1, &oom);
			out->client_id = col_dup(home, s, 2, &oom);
			out->cookie = col_dup(home, s, 3, &oom);
			out->caps = col_dup(home, s, 5, &oom);
		}
		e = oom ? ENOMEM : 0;
		if (!e)
			*sp = out;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_session_touch(struct gw_store *st, char const *id, int64_t now)
{
	return exec1(st, S_SESSION_TOUCH, "si", id, now);
}

int gw_store_session_set_ttl(struct gw_store *st, char const *id, int64_t ttl)
{
	if (ttl <= 0)
		return EINVAL;
	return exec1(st, S_SESSION_SET_TTL, "si", id, ttl);
}

int gw_store_session_set_caps(struct gw_store *st, char const *id, char const *caps)
{
	return exec1(st, S_SESSION_SET_CAPS, "ss", id, caps);
}

int gw_store_session_delete(struct gw_store *st, char const *id)
{
	return exec1(st, S_SESSION_DELETE, "s", id);
}

int gw_store_session_each(struct gw_store *st, char const *user,
			  int (*fn)(void *arg, struct gw_session_rec const *s), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_SESSION_EACH, &s, "s", user), r;

	if (e)
		return e;
	while ((r = step(st, S_SESSION_EACH, s)) == 1) {
		struct gw_session_rec row;

		session_row(s, &row);
		if ((e = fn(arg, &row)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

int gw_store_session_expire(struct gw_store *st, int64_t now, unsigned *countp)
{
	int n = 0, e = exec(st, S_SESSION_EXPIRE, &n, "i", now);

	if (!e && countp)
		*countp = (unsigned)n;
	return e;
}

/* --- server-initiated transactions ------------------------------------------------------- */

int gw_store_stx_add(struct gw_store *st, struct gw_stx const *t)
{
	if (!t->session_id || !t->tx_id || !*t->tx_id || !t->kind || (!t->body && t->body_len))
		return EINVAL;
	return exec(st, S_STX_ADD, NULL, "sssbi", t->session_id, t->tx_id, t->kind, t->body,
		    t->body_len, t->created);
}

int gw_store_stx_sent(struct gw_store *st, char const *session_id, char const *tx_id,
		      int64_t now)
{
	return exec1(st, S_STX_SENT, "ssi", session_id, tx_id, now);
}

int gw_store_stx_ack(struct gw_store *st, char const *session_id, char const *tx_id)
{
	return exec1(st, S_STX_ACK, "ss", session_id, tx_id);
}

int gw_store_stx_each(struct gw_store *st, char const *session_id,
		      int (*fn)(void *arg, struct gw_stx const *t), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_STX_EACH, &s, "s", session_id), r;

	if (e)
		return e;
	while ((r = step(st, S_STX_EACH, s)) == 1) {
		struct gw_stx t = {
			.session_id = col_text(s, 0), .tx_id = col_text(s, 1), .kind = col_text(s, 2),
			.body = sqlite3_column_blob(s, 3),
			.body_len = (size_t)sqlite3_column_bytes(s, 3),
			.created = sqlite3_column_int64(s, 4),
			.sent = (unsigned)sqlite3_column_int64(s, 5),
			.last_sent = sqlite3_column_int64(s, 6),
		};

		if ((e = fn(arg, &t)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

/* --- outbound SIP subscriptions ---------------------------------------------------------- */

static void sub_row(sqlite3_stmt *s, struct gw_sipsub *r)
{
	r->owner = col_text(s, 0);
	r->target = col_text(s, 1);
	r->event = col_text(s, 2);
	r->state = col_text(s, 3);
	r->dialog = col_text(s, 4);
	r->expires = sqlite3_column_int64(s, 5);
	r->updated = sqlite3_column_int64(s, 6);
}

int gw_store_sipsub_put(struct gw_store *st, struct gw_sipsub const *r)
{
	if (!r->owner || !r->target || !*r->target || !r->event || !r->state)
		return EINVAL;
	return exec(st, S_SUB_PUT, NULL, "sssssii", r->owner, r->target, r->event, r->state,
		    r->dialog, r->expires, r->updated);
}

int gw_store_sipsub_get(struct gw_store *st, su_home_t *home, char const *owner,
			char const *target, char const *event, struct gw_sipsub **sp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_SUB_GET, &s, "sss", owner, target, event), r;

	if (e)
		return e;
	r = step(st, S_SUB_GET, s);
	if (r == 1) {
		struct gw_sipsub row, *out = su_zalloc(home, sizeof *out);
		int oom = out == NULL;

		sub_row(s, &row);
		if (out) {
			*out = row;
			out->owner = col_dup(home, s, 0, &oom);
			out->target = col_dup(home, s, 1, &oom);
			out->event = col_dup(home, s, 2, &oom);
			out->state = col_dup(home, s, 3, &oom);
			out->dialog = col_dup(home, s, 4, &oom);
		}
		e = oom ? ENOMEM : 0;
		if (!e)
			*sp = out;
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_sipsub_delete(struct gw_store *st, char const *owner, char const *target,
			   char const *event)
{
	return exec1(st, S_SUB_DELETE, "sss", owner, target, event);
}

int gw_store_sipsub_each(struct gw_store *st, char const *owner,
			 int (*fn)(void *arg, struct gw_sipsub const *s), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_SUB_EACH, &s, "s", owner), r;

	if (e)
		return e;
	while ((r = step(st, S_SUB_EACH, s)) == 1) {
		struct gw_sipsub row;

		sub_row(s, &row);
		if ((e = fn(arg, &row)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

/* --- published presence ------------------------------------------------------------------ */

int gw_store_presence_put(struct gw_store *st, char const *user, char const *sublist,
			  int64_t updated)
{
	if (!user || !*user || !sublist)
		return EINVAL;
	return exec(st, S_PRES_PUT, NULL, "ssi", user, sublist, updated);
}

int gw_store_presence_get(struct gw_store *st, su_home_t *home, char const *user,
			  char **sublistp, int64_t *updatedp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_PRES_GET, &s, "s", user), r;

	if (e)
		return e;
	r = step(st, S_PRES_GET, s);
	if (r == 1) {
		int oom = 0;
		char *sl = col_dup(home, s, 0, &oom);

		e = oom || sl == NULL ? ENOMEM : 0;
		if (!e) {
			*sublistp = sl;
			if (updatedp)
				*updatedp = sqlite3_column_int64(s, 1);
		}
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

/* --- IMPS presence subscriptions --------------------------------------------------------- */

int gw_store_psub_put(struct gw_store *st, struct gw_psub const *p)
{
	if (!p->session_id || !p->target || !*p->target)
		return EINVAL;
	return exec(st, S_PSUB_PUT, NULL, "sssiii", p->session_id, p->target,
		    p->contact_list ? p->contact_list : "", (int64_t)p->attrs,
		    (int64_t)(p->auto_subscribe != 0), p->created);
}

int gw_store_psub_delete(struct gw_store *st, char const *session_id, char const *target,
			 char const *contact_list)
{
	if (!session_id || !target)
		return EINVAL;
	if (contact_list && strcmp(contact_list, "*") == 0)
		return exec1(st, S_PSUB_DELETE_ALL, "ss", session_id, target);
	return exec1(st, S_PSUB_DELETE, "sss", session_id, target,
		     contact_list ? contact_list : "");
}

int gw_store_psub_each(struct gw_store *st, char const *session_id, char const *target,
		       int (*fn)(void *arg, struct gw_psub const *p), void *arg)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_PSUB_EACH, &s, "ss", session_id, target), r;

	if (e)
		return e;
	while ((r = step(st, S_PSUB_EACH, s)) == 1) {
		char const *cl = col_text(s, 2);
		struct gw_psub p = {
			.session_id = col_text(s, 0), .target = col_text(s, 1),
			.contact_list = cl && *cl ? cl : NULL,
			.attrs = (uint32_t)sqlite3_column_int64(s, 3),
			.auto_subscribe = sqlite3_column_int(s, 4),
			.created = sqlite3_column_int64(s, 5),
		};

		if ((e = fn(arg, &p)) != 0)
			break;
	}
	finish(s);
	return e ? e : -r;
}

/* --- answers already given --------------------------------------------------------------- */

int gw_store_txlog_put(struct gw_store *st, char const *session_id, char const *tx_id,
		       void const *answer, size_t len, int64_t now)
{
	if (!session_id || !tx_id || (!answer && len))
		return EINVAL;
	return exec(st, S_TXLOG_PUT, NULL, "ssbi", session_id, tx_id, answer, len, now);
}

int gw_store_txlog_get(struct gw_store *st, su_home_t *home, char const *session_id,
		       char const *tx_id, void **answerp, size_t *lenp)
{
	sqlite3_stmt *s;
	int e = prepare(st, S_TXLOG_GET, &s, "ss", session_id, tx_id), r;

	if (e)
		return e;
	r = step(st, S_TXLOG_GET, s);
	if (r == 1) {
		size_t n = (size_t)sqlite3_column_bytes(s, 0);
		void const *b = sqlite3_column_blob(s, 0);
		char *out = su_alloc(home, n + 1);

		if (out == NULL) {
			e = ENOMEM;
		} else {
			if (n)
				memcpy(out, b, n);
			out[n] = '\0';
			*answerp = out;
			if (lenp)
				*lenp = n;
		}
	} else {
		e = r == 0 ? ENOENT : -r;
	}
	finish(s);
	return e;
}

int gw_store_txlog_expire(struct gw_store *st, int64_t before)
{
	return exec(st, S_TXLOG_EXPIRE, NULL, "i", before);
}
