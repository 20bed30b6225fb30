/* iwf/gw_session.h: internals of the CSP server core (dispatcher, sessions, login, CIR). */
#ifndef IWF_GW_SESSION_H
#define IWF_GW_SESSION_H

/*
 * Not for the presence and IM parts: they use iwf/gw_server.h only. This header is shared by
 * gw_csp.c, gw_session.c, gw_login.c, gw_cir.c and tests/test_gw_session.c.
 */

#include <stddef.h>
#include <stdint.h>

#include "imps/csp.h"
#include "iwf/gw_server.h"

/* --- bounds and timings ------------------------------------------------------------------- */

#define GW_SESS_ID_BYTES 16	/* random bytes of a SessionID (hex: twice as many characters) */
#define GW_SESS_MAX 10000	/* sessions at once; a login beyond gets 503 */
#define GW_SESS_PER_USER_MAX 8	/* sessions of one user; beyond: 603 */
#define GW_QUEUE_MAX 512	/* pending server transactions of one session (E2BIG beyond) */
#define GW_RESEND_S 10		/* an offered, unanswered transaction is offered again then */
#define GW_TOMB_MAX 1024	/* ended sessions remembered, to answer 600/601 instead of 604 */
#define GW_TOMB_KEEP_S 3600
#define GW_NONCE_MAX 1024	/* four-way logins between their two legs */
#define GW_NONCE_KEEP_S 120
#define GW_TXLOG_KEEP_S 600	/* answers kept for retransmitted requests */
#define GW_CLOSE_GRACE_S 120	/* a forced-out session waits this long for its Disconnect */
#define GW_TICK_MS 1000		/* housekeeping period (expiry, nonces, CIR idle) */
#define GW_MULTITRANS_MAX CSP_MAX_TRANSACTIONS
#define GW_ID_MAX 128		/* longest SessionID / TransactionID / cookie we keep */
#define GW_CLIENT_ID_MAX 256	/* longest ClientID text kept */

/* CIR methods (bits). */
#define GW_CIR_STCP 0x1
#define GW_CIR_SHTTP 0x2

enum gw_sess_state {
	GW_SESS_ACTIVE = 0,
	GW_SESS_CLOSING,	/* forced out: only its Disconnect is still delivered */
};

/* One server-initiated transaction waiting for the client's answer. */
struct gw_qitem {
	struct gw_qitem *next;
	char *tid;
	char *kind;		/* primitive name */
	char *ref;		/* the owner's reference, "" when none */
	struct csp_node *prim;	/* in the session's home */
	int64_t created;
	int64_t last_sent;	/* 0: never offered */
	unsigned sent;
};

struct gw_cir_link;

struct gw_sess {
	struct gw_sess *next, **prevp;
	struct gw_server *srv;
	su_home_t *home;		/* everything of the session; freed with it */
	struct gw_sess_info info;	/* the read-only view (points at the fields below) */
	char *id;
	char *user;			/* normalised wv:user@domain */
	char *key;			/* store key (users.name) */
	char *client_id;
	char *cookie;			/* SessionCookie, may be NULL */
	enum csp_encoding enc;		/* of the last request */
	enum gw_sess_state state;
	int64_t created;
	int64_t last_activity;
	int64_t stored_activity;	/* last_activity as written to the store */
	int64_t ttl;			/* KeepAliveTime granted, seconds */
	int64_t closing_since;
	/* agreed capabilities */
	int caps_agreed;
	long multi_trans;		/* transactions per message the client takes, >= 1 */
	unsigned cir_methods;		/* GW_CIR_* agreed */
	/* links: the session outlives them */
	char peer[64];			/* last HTTP peer */
	struct gw_cir_link *cir;	/* STCP CIR socket, NULL when none */
	int cir_broken;			/* tell the client CIR=F (1.2+) */
	/* the queue of server-initiated transactions, oldest first */
	struct gw_qitem *queue, **queue_tail;
	unsigned queue_len;
	int poll_requested;		/* a Polling-Request is in the message being handled */
	int ended;			/* removed while a request of it was handled */
	int parts_out;			/* presence and IM were told of the logout */
};

/* A session ended recently: what to answer when it is named again. */
struct gw_tomb {
	char id[2 * GW_SESS_ID_BYTES + 1];
	int code;			/* 600 expired, 601 forced logout */
	int64_t when;
};

/* A four-way login between its legs. */
struct gw_nonce {
	char user[GW_ID_MAX];
	char client_id[GW_CLIENT_ID_MAX];
	char nonce[64];
	char schema[8];			/* "MD5" | "SHA" */
	int64_t when;
};

struct gw_sessions {
	struct gw_server *srv;
	struct gw_sess *list;
	unsigned count;
	struct gw_tomb tombs[GW_TOMB_MAX];
	unsigned tomb_next;
	struct gw_nonce nonces[GW_NONCE_MAX];
	unsigned nonce_next;
	void *timer;			/* su_timer_t *, NULL without a root */
	int64_t last_txlog_expire;
	unsigned resend_s;		/* GW_RESEND_S; tests may change it */
	/* Tests: called for every answered server transaction, before its owner is told. */
	void (*ack_hook)(void *arg, struct gw_sess *s, char const *kind, char const *ref,
			 struct csp_node const *answer);
	void *ack_hook_arg;
	/* counters for the control socket */
	uint64_t logins, login_failures, expired, forced;
};

/* --- sessions (gw_session.c) --------------------------------------------------------------- */

/* The session with this SessionID, NULL when none (ended, unknown). */
struct gw_sess *gw_sess_find(struct gw_server *srv, char const *id);
/* 600 or 601 when `id` names a session that ended that way recently, else 604. */
int gw_sess_gone_code(struct gw_server *srv, char const *id);

struct gw_sess_new {
	char const *user;		/* normalised address */
	char const *key;		/* store key */
	char const *client_id;
	char const *cookie;		/* may be NULL */
	int64_t ttl;
	enum csp_version version;
	enum csp_encoding enc;
	char const *peer;		/* may be NULL */
};

/*
 * Creates a session with a fresh random SessionID, stores it, then tells the parts
 * (gw_presence_on_login, gw_im_on_login). Errors: EAGAIN (GW_SESS_MAX reached), EUSERS
 * (GW_SESS_PER_USER_MAX), EIO (no random bytes), store errors, ENOMEM.
 */
int gw_sess_create(struct gw_server *srv, struct gw_sess_new const *n, int64_t now,
		   struct gw_sess **sp);

/*
 * Ends a session now: the parts are told (on_logout), links closed, the store row and its
 * pending transactions deleted, the memory freed (deferred when a request of it is being
 * handled). `code` 600/601 is remembered for later requests naming it; 0 for a logout.
 */
void gw_sess_end(struct gw_sess *s, int code, char const *why);

/*
 * Forced logout (601): queues a Disconnect(601, why) that is offered like any server
 * transaction (and wakes the CIR); the session ends when the client answers it or after
 * GW_CLOSE_GRACE_S. Requests other than Polling and answers then get Status 601.
 */
int gw_sess_force_logout(struct gw_sess *s, char const *why);

/* Keeps the memory of a session while a request of it is handled, even if it ends. */
void gw_sess_hold(struct gw_sess *s);
void gw_sess_release(struct gw_sess *s);

/* Records activity (request at `now`) and the HTTP peer (may be NULL). */
void gw_sess_touch(struct gw_sess *s, int64_t now, char const *peer);
/* 1 when the session's KeepAliveTime has run out at `now`. */
int gw_sess_is_expired(struct gw_sess const *s, int64_t now);
/* Writes the agreed capabilities and version into the store row. */
int gw_sess_save_caps(struct gw_sess *s);

/* Number of queued transactions that may be offered at `now` (never sent, or due again). */
unsigned gw_sess_offerable(struct gw_sess *s, int64_t now);
/*
 * Takes up to `max` offerable transactions (oldest first, never-sent ones before resends),
 * records each sending in the store and calls fn(arg, item). Returns how many.
 */
unsigned gw_sess_offer(struct gw_sess *s, int64_t now, unsigned max,
		       void (*fn)(void *arg, struct gw_qitem const *q), void *arg);
/*
 * The client answered our transaction `tid` with `answer` (Status, MessageDelivered...):
 * the item leaves the store and the queue, then its owner is told (gw_presence_acked or
 * gw_im_acked by primitive, a Disconnect ends the session). ENOENT: no such item.
 */
int gw_sess_ack(struct gw_sess *s, char const *tid, struct csp_node const *answer);

/* Housekeeping at `now`: expiry (600), closing grace, nonces, txlog. */
void gw_sessions_tick(struct gw_server *srv, int64_t now);
/* Calls fn for each session (the control socket). fn must not end sessions. */
void gw_sessions_each(struct gw_server *srv, void (*fn)(void *arg, struct gw_sess *s),
		      void *arg);

/* Handler rows of gw_session.c: Polling and the Response acknowledgements. */
int gw_sess_h_polling(struct gw_req *r);
int gw_sess_h_ack(struct gw_req *r);

/* --- login and the session primitives (gw_login.c) --------------------------------------- */

int gw_login_h_login(struct gw_req *r);
int gw_login_h_logout(struct gw_req *r);
int gw_login_h_keepalive(struct gw_req *r);
int gw_login_h_capability(struct gw_req *r);
int gw_login_h_service(struct gw_req *r);
int gw_login_h_getspinfo(struct gw_req *r);
/* The KeepAliveTime granted for a requested TimeToLive (< 0: none asked), in seconds. */
int64_t gw_login_clamp_ttl(struct gw_server const *srv, long ttl);
/* Every function code the handler tables implement (REACT with PresenceAuth-User). */
uint64_t gw_login_functions(void);
/* "MD5" or "SHA" for a DigestSchema a client names (SHA1, SHA-1 too); NULL when unknown. */
char const *gw_login_schema(char const *name);

/* --- CIR (gw_cir.c) ------------------------------------------------------------------------ */

/* Sends a WVCI wake-up on the session's STCP link, if it has one. */
void gw_cir_wake(struct gw_sess *s);
/* Closes the session's CIR link (logout, expiry). */
void gw_cir_detach(struct gw_sess *s);
/* The STCP listener's address for TCPAddress (NULL when unspecified or off) and port (0). */
char const *gw_cir_tcp_address(struct gw_server const *srv);
unsigned gw_cir_tcp_port(struct gw_server const *srv);
/* Housekeeping: closes idle CIR connections. */
void gw_cir_tick(struct gw_server *srv, int64_t now);

/* --- the dispatcher (gw_csp.c) ------------------------------------------------------------ */

/* The answer to one HTTP POST of CSP. */
struct gw_csp_out {
	unsigned http_status;		/* 200, or 400/415 when no CSP answer is possible */
	char const *content_type;
	void const *body;		/* in the home given; NULL/0 for an empty body */
	size_t len;
};

/*
 * Handles one POSTed message (body, Content-Type, peer text may be NULL) and writes the
 * answer. Everything is allocated in `home`. Never fails: a fault becomes an answer.
 */
void gw_csp_handle(struct gw_server *srv, su_home_t *home, void const *body, size_t len,
		   char const *content_type, char const *peer, struct gw_csp_out *out);

/* The HTTP peer ("1.2.3.4:5") of the message being handled, "-" outside; for log lines. */
char const *gw_csp_peer(void);

/* The CSP Content-Type of a version and encoding. */
char const *gw_csp_content_type(enum csp_version v, enum csp_encoding enc);

#endif
