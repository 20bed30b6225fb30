/* iwf/gw_store.h: durable state of iwfd behind one narrow API (SQLite now, PostgreSQL later). */
#ifndef IWF_GW_STORE_H
#define IWF_GW_STORE_H

/*
 * Everything iwfd must remember across a restart: users and credentials, contact lists,
 * attribute lists, block/grant lists, authorization decisions, messages (offline store and
 * per-session queues), live sessions, the server-initiated transactions each session still
 * owes an answer to, and outbound SIP subscriptions to re-establish.
 *
 * Rules of the API:
 * - Owners (`owner`, `presentity`, `user`, `recipient`) are local user names, the keys of
 *   the users table, already normalised by the caller (the store compares bytes). Other
 *   addresses (members, watchers, senders, block entries) are full URIs as the caller
 *   chooses to write them (wv:..., sip:...).
 * - Times are Unix seconds passed in by the caller: the store reads no clock.
 * - Returns 0 or an errno: EEXIST (already there), ENOENT (no such row, or the owner row a
 *   new row refers to does not exist), EINVAL (bad argument), EBUSY (locked longer than the
 *   busy timeout), ENOMEM, ENOSPC, EPROTO (the file was written by a newer iwfd), EIO
 *   (anything else; logged with the SQLite message).
 * - Out-parameters are written only on success; strings come from the caller's home.
 * - An _each function calls fn for each row in a stable order; the row's pointers live
 *   until fn returns. fn returning non-zero stops the walk and that value is returned.
 *   fn may call other store functions, but not the same _each function.
 * - Deleting a user deletes everything the user owns (lists, decisions, messages to them,
 *   sessions and their pending transactions, subscriptions).
 */

#include <stddef.h>
#include <stdint.h>

#include <sofia-sip/su_alloc.h>

struct gw_store;

/*
 * Opens (creating if needed, with mode 0600 and its folder) the store at `path`, in WAL
 * mode with foreign keys on, and migrates its schema to the current version.
 * busy_timeout_ms bounds waits for locks held by other processes.
 */
int gw_store_open(struct gw_store **stp, char const *path, int64_t busy_timeout_ms);
void gw_store_close(struct gw_store *st);

/* Schema version the file is at (PRAGMA user_version), and the one this build writes. */
int gw_store_schema_version(struct gw_store *st);
int gw_store_schema_latest(void);

/* Groups calls into one atomic unit. Not nestable: EINVAL when already inside one. */
int gw_store_begin(struct gw_store *st);
int gw_store_commit(struct gw_store *st);
int gw_store_rollback(struct gw_store *st);

/* --- users ------------------------------------------------------------------------------- */

/* `cred` is a credential string of gw_cred.h (e.g. "plain:secret"). */
int gw_store_user_add(struct gw_store *st, char const *name, char const *cred, int64_t now);
int gw_store_user_set_cred(struct gw_store *st, char const *name, char const *cred);
int gw_store_user_cred(struct gw_store *st, su_home_t *home, char const *name, char **credp);
int gw_store_user_del(struct gw_store *st, char const *name);
int gw_store_user_each(struct gw_store *st, int (*fn)(void *arg, char const *name), void *arg);

/* --- contact lists ----------------------------------------------------------------------- */

struct gw_clist {
	char const *uri;		/* wv:harry/friends@mno1.example */
	char const *display_name;	/* may be NULL */
	int is_default;
};

/* Making a list the default clears the flag on the owner's other lists. */
int gw_store_clist_create(struct gw_store *st, char const *owner, char const *uri,
			  char const *display_name, int is_default);
/* display_name NULL keeps it; is_default < 0 keeps it. */
int gw_store_clist_update(struct gw_store *st, char const *owner, char const *uri,
			  char const *display_name, int is_default);
int gw_store_clist_delete(struct gw_store *st, char const *owner, char const *uri);
int gw_store_clist_each(struct gw_store *st, char const *owner,
			int (*fn)(void *arg, struct gw_clist const *l), void *arg);

/* Adds a member (any URI, sip: included) or changes its nickname (NULL: none). */
int gw_store_clist_member_add(struct gw_store *st, char const *owner, char const *uri,
			      char const *address, char const *nickname);
int gw_store_clist_member_remove(struct gw_store *st, char const *owner, char const *uri,
				 char const *address);
/* Members in the order they were added. ENOENT when the list does not exist. */
int gw_store_clist_member_each(struct gw_store *st, char const *owner, char const *uri,
			       int (*fn)(void *arg, char const *address, char const *nickname),
			       void *arg);

/* --- attribute lists --------------------------------------------------------------------- */

enum gw_attr_scope {
	GW_ATTR_DEFAULT,	/* the user's default attribute list; target "" */
	GW_ATTR_WATCHER,	/* for one watcher; target = watcher URI */
	GW_ATTR_CLIST,		/* for the members of a contact list; target = list URI */
};

/* `attrs` is opaque to the store (e.g. "OnlineStatus,StatusText"). Replaces any old value. */
int gw_store_attrlist_set(struct gw_store *st, char const *owner, enum gw_attr_scope scope,
			  char const *target, char const *attrs);
int gw_store_attrlist_get(struct gw_store *st, su_home_t *home, char const *owner,
			  enum gw_attr_scope scope, char const *target, char **attrsp);
int gw_store_attrlist_delete(struct gw_store *st, char const *owner, enum gw_attr_scope scope,
			     char const *target);
int gw_store_attrlist_each(struct gw_store *st, char const *owner,
			   int (*fn)(void *arg, enum gw_attr_scope scope, char const *target,
				     char const *attrs), void *arg);

/* --- block and grant lists --------------------------------------------------------------- */

enum gw_access_kind { GW_ACCESS_BLOCK, GW_ACCESS_GRANT };

int gw_store_access_add(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			char const *address);
int gw_store_access_remove(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			   char const *address);
/* *foundp = 1 when `address` is on the list, else 0. */
int gw_store_access_contains(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			     char const *address, int *foundp);
int gw_store_access_each(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			 int (*fn)(void *arg, char const *address), void *arg);
/* The InUse flag of the user's block or grant list (default 0). ENOENT: no such user. */
int gw_store_access_set_in_use(struct gw_store *st, char const *owner,
			       enum gw_access_kind kind, int in_use);
int gw_store_access_in_use(struct gw_store *st, char const *owner, enum gw_access_kind kind,
			   int *in_usep);

/* --- authorization decisions ------------------------------------------------------------- */

enum gw_authz_state { GW_AUTHZ_PENDING, GW_AUTHZ_ACCEPTED, GW_AUTHZ_DECLINED };

/* "pending" "accepted" "declined" (the words stored); unknown: NULL / EINVAL. */
char const *gw_authz_state_name(enum gw_authz_state s);
int gw_authz_state_parse(char const *name, enum gw_authz_state *sp);

struct gw_authz {
	char const *presentity;		/* local user name */
	char const *watcher;		/* URI */
	enum gw_authz_state state;
	char const *attrs;		/* attributes granted, opaque; may be NULL */
	int64_t updated;
};

/* Creates or replaces the decision of `presentity` about `watcher`. */
int gw_store_authz_set(struct gw_store *st, struct gw_authz const *a);
int gw_store_authz_get(struct gw_store *st, su_home_t *home, char const *presentity,
		       char const *watcher, struct gw_authz **ap);
int gw_store_authz_delete(struct gw_store *st, char const *presentity, char const *watcher);
/* state < 0: all decisions; else only those in that state. */
int gw_store_authz_each(struct gw_store *st, char const *presentity, int state,
			int (*fn)(void *arg, struct gw_authz const *a), void *arg);

/* --- messages ---------------------------------------------------------------------------- */

enum gw_msg_state { GW_MSG_QUEUED, GW_MSG_DELIVERED };

char const *gw_msg_state_name(enum gw_msg_state s);
int gw_msg_state_parse(char const *name, enum gw_msg_state *sp);

struct gw_msg {
	char const *id;			/* MessageID, unique */
	char const *sender;		/* URI */
	char const *recipient;		/* local user name */
	char const *content_type;	/* NULL: text/plain */
	char const *encoding;		/* NULL: None (or BASE64) */
	void const *body;
	size_t body_len;
	int64_t date;
	int64_t validity;		/* seconds; 0: until delivered */
	enum gw_msg_state state;
	char const *session_id;		/* NULL: offline store; else that session's queue */
};

int gw_store_msg_put(struct gw_store *st, struct gw_msg const *m);
/* The body is NUL-terminated beyond body_len for convenience. */
int gw_store_msg_get(struct gw_store *st, su_home_t *home, char const *id, struct gw_msg **mp);
int gw_store_msg_set_state(struct gw_store *st, char const *id, enum gw_msg_state state);
/* Moves a message into a session's delivery queue, or back to the offline store (NULL). */
int gw_store_msg_assign(struct gw_store *st, char const *id, char const *session_id);
int gw_store_msg_delete(struct gw_store *st, char const *id);
/* A recipient's messages, oldest first; state < 0: all. */
int gw_store_msg_each(struct gw_store *st, char const *recipient, int state,
		      int (*fn)(void *arg, struct gw_msg const *m), void *arg);
/* Deletes messages whose validity ran out at `now`; *countp = how many (may be NULL). */
int gw_store_msg_expire(struct gw_store *st, int64_t now, unsigned *countp);

/* --- sessions ---------------------------------------------------------------------------- */

struct gw_session_rec {
	char const *id;			/* SessionID */
	char const *user;		/* local user name */
	char const *client_id;
	char const *cookie;		/* SessionCookie; may be NULL */
	int64_t ttl;			/* KeepAliveTime granted, seconds */
	char const *caps;		/* agreed capabilities, opaque; may be NULL */
	int64_t created;
	int64_t last_activity;
};

int gw_store_session_add(struct gw_store *st, struct gw_session_rec const *s);
int gw_store_session_get(struct gw_store *st, su_home_t *home, char const *id,
			 struct gw_session_rec **sp);
int gw_store_session_touch(struct gw_store *st, char const *id, int64_t now);
int gw_store_session_set_ttl(struct gw_store *st, char const *id, int64_t ttl);
int gw_store_session_set_caps(struct gw_store *st, char const *id, char const *caps);
/* Deletes a session and its pending transactions; its queued messages go offline. */
int gw_store_session_delete(struct gw_store *st, char const *id);
/* user NULL: every session (restart); else that user's. Oldest first. */
int gw_store_session_each(struct gw_store *st, char const *user,
			  int (*fn)(void *arg, struct gw_session_rec const *s), void *arg);
/* Deletes sessions idle for longer than their ttl at `now`. */
int gw_store_session_expire(struct gw_store *st, int64_t now, unsigned *countp);

/* --- server-initiated transactions pending per session ----------------------------------- */

struct gw_stx {
	char const *session_id;
	char const *tx_id;		/* TransactionID the server chose */
	char const *kind;		/* primitive name, e.g. "NewMessage" */
	void const *body;		/* what to send (encoded primitive), opaque */
	size_t body_len;
	int64_t created;
	unsigned sent;			/* times sent so far */
	int64_t last_sent;		/* 0: never */
};

/* Queues a transaction; it stays until gw_store_stx_ack(). ENOENT: no such session. */
int gw_store_stx_add(struct gw_store *st, struct gw_stx const *t);
/* Records one more sending at `now`. */
int gw_store_stx_sent(struct gw_store *st, char const *session_id, char const *tx_id,
		      int64_t now);
/* The client answered: the transaction leaves the queue. */
int gw_store_stx_ack(struct gw_store *st, char const *session_id, char const *tx_id);
/* In the order they were queued. */
int gw_store_stx_each(struct gw_store *st, char const *session_id,
		      int (*fn)(void *arg, struct gw_stx const *t), void *arg);

/* --- outbound SIP subscriptions ---------------------------------------------------------- */

struct gw_sipsub {
	char const *owner;		/* local user on whose behalf iwf subscribes */
	char const *target;		/* sip: URI */
	char const *event;		/* "presence", "presence.winfo", ... */
	char const *state;		/* e.g. "pending", "active" (opaque) */
	char const *dialog;		/* what is needed to refresh it (opaque); may be NULL */
	int64_t expires;		/* absolute, 0: unknown */
	int64_t updated;
};

/* Creates or replaces the subscription (owner, target, event). */
int gw_store_sipsub_put(struct gw_store *st, struct gw_sipsub const *s);
int gw_store_sipsub_get(struct gw_store *st, su_home_t *home, char const *owner,
			char const *target, char const *event, struct gw_sipsub **sp);
int gw_store_sipsub_delete(struct gw_store *st, char const *owner, char const *target,
			   char const *event);
/* owner NULL: all subscriptions (restart). */
int gw_store_sipsub_each(struct gw_store *st, char const *owner,
			 int (*fn)(void *arg, struct gw_sipsub const *s), void *arg);

/* --- published presence of local users ---------------------------------------------------- */

/*
 * The last presence a user published (UpdatePresence), as the canonical XML of its
 * PresenceSubList (opaque to the store). put replaces; get gives ENOENT when none.
 */
int gw_store_presence_put(struct gw_store *st, char const *user, char const *sublist,
			  int64_t updated);
int gw_store_presence_get(struct gw_store *st, su_home_t *home, char const *user,
			  char **sublistp, int64_t *updatedp);

/* --- IMPS presence subscriptions (a session watching a user or a contact list) --------- */

struct gw_psub {
	char const *session_id;		/* the watching session */
	char const *target;		/* watched address (wv: or sip: URI), normalised */
	char const *contact_list;	/* set when it came from a list subscription; else NULL */
	uint32_t attrs;			/* imps_attr_set of the attributes asked for; 0: all */
	int auto_subscribe;		/* list subscription follows members added later */
	int64_t created;
};

/* Creates or replaces (session_id, target, contact_list). ENOENT: no such session. */
int gw_store_psub_put(struct gw_store *st, struct gw_psub const *p);
/* contact_list NULL deletes the direct subscription only; "*" deletes all of that target. */
int gw_store_psub_delete(struct gw_store *st, char const *session_id, char const *target,
			 char const *contact_list);
/* By session (session_id set, target NULL) or by target (session_id NULL). */
int gw_store_psub_each(struct gw_store *st, char const *session_id, char const *target,
		       int (*fn)(void *arg, struct gw_psub const *p), void *arg);

/* --- answers already given, so a retransmitted request is not executed twice ----------- */

/*
 * Remembers the encoded answer to (session_id, tx_id) of a client request; get returns it
 * (ENOENT when unknown). Entries older than `before` are dropped by expire.
 */
int gw_store_txlog_put(struct gw_store *st, char const *session_id, char const *tx_id,
		       void const *answer, size_t len, int64_t now);
int gw_store_txlog_get(struct gw_store *st, su_home_t *home, char const *session_id,
		       char const *tx_id, void **answerp, size_t *lenp);
int gw_store_txlog_expire(struct gw_store *st, int64_t before);

#endif
