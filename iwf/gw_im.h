/* iwf/gw_im.h: the IM part of the CSP server: stored messages, their delivery, reports, expiry. */
#ifndef IWF_GW_IM_H
#define IWF_GW_IM_H

/*
 * The rest of the server reaches this part through iwf/gw_server.h (gw_im_handlers,
 * gw_im_start/stop, gw_im_on_login/logout, gw_im_acked). This header is for gw_im*.c, the
 * tests, and the SIP side to come (a MESSAGE for a local user goes through gw_im_store()).
 *
 * A message for a local user is one row of the store's messages table (gw_store.h) per
 * recipient; see "Stored form" in iwf/gw_im_store.c for what the columns hold, and the
 * decisions at the top of iwf/gw_im.c for the protocol choices.
 */

#include <stddef.h>
#include <stdint.h>

#include <sofia-sip/su_alloc.h>

#include "iwf/gw_server.h"
#include "iwf/gw_store.h"

/* --- bounds --------------------------------------------------------------------------------- */

#define GW_IM_RECIPIENTS_MAX 256	/* distinct recipients of one request (402 beyond) */
#define GW_IM_CONTENT_MAX (64 * 1024)	/* bytes of ContentData as sent (402 beyond) */
#define GW_IM_STORED_MAX 1000		/* messages stored for one recipient (507 beyond) */
#define GW_IM_VALIDITY_DEFAULT (7 * 86400)	/* seconds, when the sender gives none */
#define GW_IM_VALIDITY_MAX (7 * 86400)	/* a longer Validity is cut to this */
#define GW_IM_LIST_MAX 100		/* MessageInfo in one GetMessageList-Response */
#define GW_IM_DETAILS_MAX 64		/* DetailedResults in one answer (the rest counted) */
#define GW_IM_INFLIGHT_MAX 128		/* a session's queue length beyond which IM waits */
#define GW_IM_WALK_MAX 4096		/* rows of one user read in one pass */
#define GW_IM_EXPIRE_BATCH 1000		/* rows expired in one pass (the rest next tick) */
#define GW_IM_TICK_MS 5000		/* expiry timer period */
#define GW_IM_ID_MAX 160		/* longest MessageID accepted from a client */

/* --- the part's state (struct gw_server.im) ------------------------------------------------- */

struct gw_im_backlog;

struct gw_im {
	void *timer;			/* su_timer_t *, NULL without a root */
	int64_t next_expiry;		/* no stored row can expire before this */
	struct gw_im_backlog *backlog;	/* users whose stored rows wait for room in a queue */
	int withdrawing;		/* inside gw_sess_ack() called to withdraw a transaction */
	/* counters (control socket, tests) */
	uint64_t stored, delivered, rejected, expired, forwarded, reports;
};

/* --- one stored row, decoded ----------------------------------------------------------------- */

enum gw_im_kind {
	GW_IM_MESSAGE = 'm',		/* a message for `recipient` */
	GW_IM_REPORT = 'r',		/* a DeliveryReport-Request for `recipient` */
};

struct gw_im_row {
	char const *id;			/* "MID/KEY" (messages), "rHEX/KEY" (reports) */
	char const *mid;		/* the MessageID clients see */
	enum gw_im_kind kind;
	int delivery_report;		/* the sender asked for a DeliveryReport */
	char const *sender;		/* address (wv: or sip:) */
	char const *recipient;		/* store key of the local recipient */
	char const *content_type;
	char const *encoding;		/* "None" | "BASE64" */
	char const *content;		/* NUL-terminated; messages: ContentData as sent; */
	size_t len;			/* reports: the CSP XML of the DeliveryReport-Request */
	int64_t date;
	int64_t validity;		/* seconds, 0: none */
	enum gw_msg_state state;	/* QUEUED; DELIVERED: announced by MessageNotification */
	char const *session_id;		/* NULL: not handed to a session */
};

/*
 * Decodes a store row into `home`. A body without the IM part's header (a row some other
 * writer made) is a plain message: the whole body is the content, no report asked.
 * Errors: ENOMEM.
 */
int gw_im_row_decode(su_home_t *home, struct gw_msg const *m, struct gw_im_row **rp);

/* The row of MessageID `mid` for local user `key` (ENOENT: none, or a report), in `home`. */
int gw_im_row_get(struct gw_server *srv, su_home_t *home, char const *key, char const *mid,
		  struct gw_im_row **rp);

/* --- storing and delivering ------------------------------------------------------------------ */

/* A message for one local recipient, as gw_im_store() takes it. */
struct gw_im_msg {
	char const *mid;		/* MessageID (the sender's; unique per sender request) */
	char const *sender;		/* normalised address */
	char const *recipient;		/* normalised local address */
	char const *content_type;	/* NULL: text/plain */
	char const *encoding;		/* NULL: None */
	char const *content;		/* ContentData as sent */
	size_t len;
	int64_t date;
	int64_t validity;		/* seconds, 0: GW_IM_VALIDITY_DEFAULT */
	int delivery_report;
};

/*
 * Stores `m` (committed when this returns 0), then offers it to the recipient's newest live
 * session, if any (push or notify/get as that session agreed). Errors: EEXIST (a row with
 * this MessageID for this recipient exists: a repeated request; nothing was done), E2BIG
 * (GW_IM_STORED_MAX reached: 507), EINVAL (recipient not local), store errors, ENOMEM.
 * A failure to offer is not an error: the message waits in the store.
 */
int gw_im_store(struct gw_server *srv, struct gw_im_msg const *m);

/*
 * Ends the life of row `id`: deletes it and, for a message whose sender asked for a report
 * and is a local user, stores and offers a DeliveryReport-Request with `code` (200 delivered,
 * 538 rejected, 541 forwarded, 542 expired) and `desc` (NULL: the code's text); both in one
 * store transaction. A transaction still queued for the row (NewMessage, MessageNotification)
 * is withdrawn from its session. ENOENT when the row is gone already.
 */
int gw_im_finish(struct gw_server *srv, char const *id, int code, char const *desc, int64_t now);

/*
 * Offers to session `s` the rows of its user that no session holds (stored while offline,
 * back from an ended session), up to GW_IM_INFLIGHT_MAX queued transactions. With `restart`
 * set, also settles the rows assigned to `s` whose transaction is no longer queued (answered
 * before a crash): a pushed one is finished as delivered, an announced one waits for
 * GetMessage. Returns how many were offered.
 */
unsigned gw_im_sync(struct gw_server *srv, struct gw_sess *s, int restart);

/*
 * Drops the rows whose Validity ran out at `now` (of user `key`, or of everybody when NULL),
 * at most GW_IM_EXPIRE_BATCH, with a 542 report to senders who asked. Rows pushed to a live
 * session and not yet answered are not expired (they were handed over). *countp (may be
 * NULL) gets how many were dropped.
 */
int gw_im_expire(struct gw_server *srv, char const *key, int64_t now, unsigned *countp);

/* --- wire helpers ---------------------------------------------------------------------------- */

/* ISO 8601 basic UTC ("20021112T134521Z") of Unix time `t`, in `home`. */
char *gw_im_datetime(su_home_t *home, int64_t t);
/* ContentSize of a content: bytes, or the decoded bytes of BASE64 text. */
long gw_im_content_size(char const *encoding, char const *content, size_t len);
/* A MessageInfo for a stored message row (for NewMessage, notifications, lists, reports). */
struct csp_message_info *gw_im_row_info(struct gw_server *srv, su_home_t *home,
					struct gw_im_row const *r);

#endif
