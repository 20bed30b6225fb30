/* iwf/gw_server.h: the IMPS CSP server inside iwfd: shared state and the contract between its parts. */
#ifndef IWF_GW_SERVER_H
#define IWF_GW_SERVER_H

/*
 * Parts and owners:
 *   gw_csp.c       HTTP body -> csp_msg -> one gw_req per transaction -> handler table;
 *                  answers in the request's version and encoding; 400/402/405/501/604.
 *   gw_session.c   sessions (not links): registry, SessionID, TTL and expiry, links (HTTP
 *                  peer, CIR socket), the per-session queue of server-initiated transactions
 *                  (stored first, leave only when the client answers), Poll flag, Polling,
 *                  retransmission detection by TransactionID.
 *   gw_login.c     Login (2-way, 4-way digest), Logout, KeepAlive, ClientCapability, Service.
 *   gw_cir.c       CIR: standalone TCP (HELO/OK/WVCI/PING) and SHTTP polling rules.
 *   gw_presence.c  presence among local users: update/get/subscribe/notify, attribute lists,
 *                  reactive and proactive authorization, watcher list, block and grant lists.
 *   gw_lists.c     contact lists.
 *   gw_im.c        IM: SendMessage, push and notify/get delivery, offline store, reports.
 * Later: the SIP side registers here as another place a user can stand (remote users are
 * addressed by URI; local users by their normalised wv: address).
 *
 * Everything runs on the one su_root; no locks. Times are Unix seconds from gw_now().
 */

#include <stdint.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "iwf/gw_config.h"
#include "iwf/gw_loop.h"

struct gw_store;
struct gw_http;
struct gw_sess;
struct gw_presence;
struct gw_im;
struct gw_cir;
struct gw_sessions;

struct gw_server {
	su_home_t home[1];
	struct gw_config const *cfg;
	struct gw_store *store;
	su_root_t *root;
	struct gw_sessions *sessions;	/* gw_session.c */
	struct gw_presence *presence;	/* gw_presence.c */
	struct gw_im *im;		/* gw_im.c */
	struct gw_cir *cir;		/* gw_cir.c */
	int64_t (*clock)(void);		/* NULL: time(); tests may set their own */
};

int64_t gw_now(struct gw_server const *srv);

/* --- lifecycle (gw_csp.c calls the parts in this order) ------------------------------------ */

int gw_server_start(struct gw_server *srv);	/* after cfg, store, root are set */
void gw_server_shutdown(struct gw_server *srv);	/* Disconnect to sessions where possible */
void gw_server_reload(struct gw_server *srv);	/* SIGHUP */

int gw_sessions_start(struct gw_server *srv);	/* also reloads sessions from the store */
void gw_sessions_stop(struct gw_server *srv);
int gw_presence_start(struct gw_server *srv);
void gw_presence_stop(struct gw_server *srv);
int gw_im_start(struct gw_server *srv);
void gw_im_stop(struct gw_server *srv);
int gw_cir_start(struct gw_server *srv);
void gw_cir_stop(struct gw_server *srv);

/* --- one client transaction being handled --------------------------------------------------- */

struct gw_req {
	struct gw_server *srv;
	struct gw_sess *sess;		/* NULL before login (Outband) */
	struct csp_msg const *msg;	/* the whole request message */
	struct csp_transaction const *tx;
	struct csp_node const *prim;	/* tx->content */
	su_home_t *home;		/* lives until the answer is sent */
	int64_t now;
	/*
	 * Set by the handler: the answer primitive (a Response in the same TransactionID), or
	 * NULL for no answer (the client sent a Response; the HTTP body may then be empty).
	 */
	struct csp_node *answer;
};

/* A handler fills r->answer (e.g. with gw_req_status) and returns 0; an errno return is a
 * server fault and is answered 500 with a description (logged). */
typedef int gw_handler_fn(struct gw_req *r);

#define GW_H_SESSION 0x1	/* needs a logged-in session: 604 otherwise */
#define GW_H_NOSESSION 0x2	/* accepted without a session (Login, Polling before login...) */
#define GW_H_RESPONSE 0x4	/* handles TransactionMode=Response (client answers to us) */

struct gw_handler {
	char const *prim;	/* primitive element name, e.g. "SendMessage-Request" */
	unsigned flags;
	gw_handler_fn *fn;
	char const *function;	/* Service negotiation function code, e.g. "NEWM"; NULL if none */
	char const *feature;	/* its feature: "FundamentalFeat", "PresenceFeat", "IMFeat" */
	char const *func_group;	/* its function group, e.g. "ContactListFunc", "IMSendFunc" */
};

/* Handler tables of each part, NULL-prim terminated. Service-Response advertises exactly the
 * function codes of these tables. */
extern struct gw_handler const gw_session_handlers[];
extern struct gw_handler const gw_presence_handlers[];
extern struct gw_handler const gw_list_handlers[];
extern struct gw_handler const gw_im_handlers[];

/* Answer helpers (gw_csp.c). */
/* Status(Result(Code, Description)) as the answer. */
int gw_req_status(struct gw_req *r, int code, char const *desc);
/* A new empty answer primitive `name` (e.g. "GetPresence-Response"), set as r->answer. */
struct csp_node *gw_req_answer(struct gw_req *r, char const *name);
/* Adds Result(Code, Description) under `parent` (Description from mapping's table when
 * desc is NULL). */
struct csp_node *gw_result_add(su_home_t *home, struct csp_node *parent, int code,
			       char const *desc);

/* --- sessions (gw_session.c) ---------------------------------------------------------------- */

enum gw_delivery { GW_DELIVERY_PUSH = 0, GW_DELIVERY_NOTIFY = 1 };

/* Read-only view of a session for the other parts. */
struct gw_sess_info {
	char const *id;			/* SessionID */
	char const *user;		/* normalised wv:user@domain */
	char const *client_id;
	enum csp_version version;	/* of the last request */
	enum gw_delivery delivery;	/* agreed delivery method */
	int64_t accepted_content_length;/* 0: no limit */
};

struct gw_sess_info const *gw_sess_info(struct gw_sess const *s);

/* Sessions of a local user, iterated: pass NULL to start, the previous one to continue. */
struct gw_sess *gw_sess_next_of_user(struct gw_server *srv, char const *user,
				     struct gw_sess *prev);
/* Is the user logged in anywhere? */
int gw_user_online(struct gw_server *srv, char const *user);
/* Does the local user exist (in the store)? */
int gw_user_exists(struct gw_server *srv, char const *user);

/*
 * Queues a server-initiated request (NewMessage, PresenceNotification-Request,
 * PresenceAuth-Request, MessageNotification, DeliveryReport-Request, Disconnect) to one
 * session: stored (session_tx) before anything is sent, then delivered through Poll=T on
 * the next answer, Polling-Request, or a CIR wake-up. `prim` is copied. `ref` is an
 * opaque reference the owner gets back on acknowledgement (e.g. the message id).
 * The TransactionID chosen is returned in *tidp (in `home`, may be NULL).
 */
int gw_sess_push(struct gw_sess *s, struct csp_node const *prim, char const *ref,
		 su_home_t *home, char const **tidp);

/*
 * Called by gw_session.c when the client answers a server-initiated transaction (Status,
 * MessageDelivered...), after it left the queue: each part gets the answers to what it
 * sent (dispatch by the original primitive name).
 */
void gw_presence_acked(struct gw_server *srv, struct gw_sess *s, char const *prim,
		       char const *ref, struct csp_node const *answer);
void gw_im_acked(struct gw_server *srv, struct gw_sess *s, char const *prim,
		 char const *ref, struct csp_node const *answer);

/* Events from gw_session.c to the parts. */
void gw_presence_on_login(struct gw_server *srv, struct gw_sess *s);
void gw_presence_on_logout(struct gw_server *srv, struct gw_sess *s);	/* also expiry */
void gw_im_on_login(struct gw_server *srv, struct gw_sess *s);		/* offline delivery */
void gw_im_on_logout(struct gw_server *srv, struct gw_sess *s);

/* --- addresses (gw_csp.c, through mapping/) -------------------------------------------------- */

/*
 * Normalises a UserID as a client sent it (with or without wv:, with or without domain, any
 * case) into `wv:user@domain` of the server's domain rules. EINVAL with *reason set.
 */
int gw_user_norm(struct gw_server *srv, su_home_t *home, char const *in, char **outp,
		 char const **reason);
/* Is this normalised address in our IMPS domain (a local user)? */
int gw_addr_is_local(struct gw_server *srv, char const *addr);
/* The store key (users.name, e.g. "harry") of a local normalised address, in `home`;
 * NULL when the address is not local. */
char *gw_user_key(struct gw_server *srv, su_home_t *home, char const *addr);
/* The normalised address of a store key ("harry" -> "wv:harry@mno1.example"), in `home`. */
char *gw_user_addr(struct gw_server *srv, su_home_t *home, char const *key);

#endif
