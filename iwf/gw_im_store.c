/* iwf/gw_im_store.c: IM delivery: stored messages, offers, answers, reports, expiry, restart. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#define SU_TIMER_ARG_T struct gw_server

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_wait.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "iwf/gw_im.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"
#include "mapping/map_status.h"

/*
 * Stored form. One row of the store's messages table per (message, local recipient):
 *   id            "MID/KEY": the MessageID the sender got, '/', the recipient's store key
 *                 (a key never holds a raw '/'), so that one SendMessage to several users
 *                 gives rows with distinct ids and each recipient sees the sender's MessageID;
 *                 a delivery report row: "rHEX/KEY" (KEY: the user the report is for).
 *   sender        the sender's address; for a report row, the recipient's address.
 *   recipient     the store key of the user the row is for.
 *   content_type, encoding   ContentType and ContentEncoding as sent ("None" | "BASE64").
 *   body          "iwf-im1 k=m dr=1" NUL content: a header of this part, then the bytes of
 *                 ContentData exactly as sent (BASE64 text stays BASE64 text). k=m a message,
 *                 k=r a report (content: the CSP 1.2 XML of its DeliveryReport-Request);
 *                 dr=1: the sender asked for a DeliveryReport. A body without the header is
 *                 read as a plain message (rows written by someone else).
 *   date, validity   reception time and Validity in seconds (default and ceiling
 *                 GW_IM_VALIDITY_DEFAULT / _MAX).
 *   state, session_id
 *       queued, NULL      waiting: no session holds it (stored offline, or given back).
 *       queued, S         pushed to session S as NewMessage (or DeliveryReport-Request).
 *       delivered, S      announced to S by MessageNotification; waits for GetMessage and
 *                         MessageDelivered. ("delivered" is the store's word; here it means
 *                         "handed to the notify/get path", never "acknowledged".)
 *       delivered, NULL   as queued, NULL (announced to a session that ended).
 * A row leaves the store only when its recipient acknowledges it (MessageDelivered, the
 * Status to a DeliveryReport-Request), rejects it, forwards it, or it expires.
 *
 * Offering a row to a session = assigning it (session_id, state) and queueing the server
 * transaction (gw_sess_push, ref = the row id) in ONE store transaction (a new message for a
 * logged-in user is inserted already assigned, in that same transaction: one commit, so one
 * fsync of the store, less per message). Hence after a crash:
 * a row assigned to a live session whose transaction is no longer queued was answered by the
 * client before the crash (the session part removes the transaction first, then tells us):
 * a pushed row is finished as delivered, an announced row keeps waiting for GetMessage.
 * Nothing answered 200 is lost and nothing acknowledged is offered again.
 *
 * One message goes to ONE session of its recipient (the newest one). When that session
 * ends without acknowledging it, it goes to another live session of the user or waits for
 * the next login. A session is not given more IM transactions when its queue holds
 * GW_IM_INFLIGHT_MAX already (room for presence); the user is then remembered in a backlog
 * and offered more as the client answers.
 */

#define HEAD_MAGIC "iwf-im1"
#define HEAD_MAX 64			/* bytes of the header of a stored body */
#define REPORT_CTYPE "application/vnd.wv.csp.xml"

/* --- the backlog: users with rows waiting for room in a session's queue ------------------- */

struct gw_im_backlog {
	struct gw_im_backlog *next;
	char key[];
};

static struct gw_im_backlog **backlog_find(struct gw_im *im, char const *key)
{
	struct gw_im_backlog **pp = &im->backlog;

	while (*pp && strcmp((*pp)->key, key) != 0)
		pp = &(*pp)->next;
	return pp;
}

static void backlog_add(struct gw_im *im, char const *key)
{
	struct gw_im_backlog **pp = backlog_find(im, key), *b;
	size_t n = strlen(key);

	if (*pp || (b = malloc(sizeof *b + n + 1)) == NULL)
		return;	/* known already; or no memory: the next login offers them */
	memcpy(b->key, key, n + 1);
	b->next = im->backlog;
	im->backlog = b;
}

static void backlog_remove(struct gw_im *im, char const *key)
{
	struct gw_im_backlog **pp = backlog_find(im, key), *b = *pp;

	if (b) {
		*pp = b->next;
		free(b);
	}
}

/* --- small helpers -------------------------------------------------------------------------- */

static int random_hex(char *out, size_t n)
{
	unsigned char b[32];
	size_t got = 0;

	if (n > sizeof b)
		return EINVAL;
	while (got < n) {
		ssize_t r = getrandom(b + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return EIO;
		}
		got += (size_t)r;
	}
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* Begins a store transaction; 0 when one was begun (EINVAL: a caller's is open: join it). */
static int tx_begin(struct gw_server *srv)
{
	return gw_store_begin(srv->store) == 0;
}

/* Commits (e == 0) or rolls back what tx_begin began; returns the final error. */
static int tx_end(struct gw_server *srv, int began, int e)
{
	if (!began)
		return e;
	if (e == 0 && (e = gw_store_commit(srv->store)) == 0)
		return 0;
	gw_store_rollback(srv->store);
	return e;
}

char *gw_im_datetime(su_home_t *home, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm) == 0)
		return NULL;
	return su_strdup(home, buf);
}

long gw_im_content_size(char const *encoding, char const *content, size_t len)
{
	size_t n = 0;

	if (encoding == NULL || strcasecmp(encoding, "BASE64") != 0)
		return (long)len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)content[i];

		n += isalnum(c) || c == '+' || c == '/';
	}
	return (long)(n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0));
}

static char const *row_key_of(char const *id)
{
	char const *slash = id ? strrchr(id, '/') : NULL;

	return slash ? slash + 1 : NULL;
}

/* --- the stored form ------------------------------------------------------------------------ */

static int body_encode(su_home_t *home, enum gw_im_kind kind, int dr, char const *content,
		       size_t len, char **bodyp, size_t *lenp)
{
	char head[HEAD_MAX];
	int n = snprintf(head, sizeof head, "%s k=%c dr=%d", HEAD_MAGIC, (char)kind, dr ? 1 : 0);
	char *b = su_alloc(home, (size_t)n + 1 + len + 1);

	if (b == NULL)
		return ENOMEM;
	memcpy(b, head, (size_t)n + 1);
	if (len)
		memcpy(b + n + 1, content, len);
	b[n + 1 + len] = '\0';
	*bodyp = b;
	*lenp = (size_t)n + 1 + len;
	return 0;
}

int gw_im_row_decode(su_home_t *home, struct gw_msg const *m, struct gw_im_row **rp)
{
	struct gw_im_row *r = su_zalloc(home, sizeof *r);
	char const *body = m->body ? m->body : "";
	size_t blen = m->body ? m->body_len : 0, hlen = 0, mlen = strlen(HEAD_MAGIC);
	char *content, *mid, *slash;

	if (r == NULL)
		return ENOMEM;
	r->kind = GW_IM_MESSAGE;
	/* The header: "iwf-im1 k=m dr=1" then NUL, within HEAD_MAX bytes. */
	if (blen > mlen && memcmp(body, HEAD_MAGIC, mlen) == 0 &&
	    (body[mlen] == ' ' || body[mlen] == '\0')) {
		char const *nul = memchr(body, '\0', blen < HEAD_MAX ? blen : HEAD_MAX);

		if (nul) {
			char head[HEAD_MAX], *tok, *save = NULL;

			hlen = (size_t)(nul - body) + 1;
			memcpy(head, body, hlen);
			for (tok = strtok_r(head + mlen, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save)) {
				if (strcmp(tok, "k=r") == 0)
					r->kind = GW_IM_REPORT;
				else if (strcmp(tok, "dr=1") == 0)
					r->delivery_report = 1;
			}
		}
	}
	content = su_alloc(home, blen - hlen + 1);
	r->id = su_strdup(home, m->id);
	r->mid = mid = su_strdup(home, m->id);
	r->sender = su_strdup(home, m->sender);
	r->recipient = su_strdup(home, m->recipient);
	r->content_type = su_strdup(home, m->content_type ? m->content_type : "text/plain");
	r->encoding = su_strdup(home, m->encoding ? m->encoding : "None");
	r->session_id = m->session_id ? su_strdup(home, m->session_id) : NULL;
	if (!content || !r->id || !r->mid || !r->sender || !r->recipient || !r->content_type ||
	    !r->encoding || (m->session_id && !r->session_id))
		return ENOMEM;
	if (blen > hlen)
		memcpy(content, body + hlen, blen - hlen);
	content[blen - hlen] = '\0';
	r->content = content;
	r->len = blen - hlen;
	if ((slash = strchr(mid, '/')) != NULL)
		*slash = '\0';
	r->date = m->date;
	r->validity = m->validity;
	r->state = m->state;
	*rp = r;
	return 0;
}

int gw_im_row_get(struct gw_server *srv, su_home_t *home, char const *key, char const *mid,
		  struct gw_im_row **rp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_msg *m = NULL;
	struct gw_im_row *r = NULL;
	char *id;
	int e;

	if (key == NULL || mid == NULL || *mid == '\0' || strlen(mid) > GW_IM_ID_MAX ||
	    strchr(mid, '/'))
		return ENOENT;
	if ((id = su_sprintf(tmp, "%s/%s", mid, key)) == NULL)
		e = ENOMEM;
	else if ((e = gw_store_msg_get(srv->store, tmp, id, &m)) == 0 &&
		 (e = gw_im_row_decode(home, m, &r)) == 0 &&
		 (r->kind != GW_IM_MESSAGE || strcmp(r->recipient, key) != 0))
		e = ENOENT;
	su_home_deinit(tmp);
	if (e == 0)
		*rp = r;
	return e;
}

struct csp_message_info *gw_im_row_info(struct gw_server *srv, su_home_t *home,
					struct gw_im_row const *r)
{
	struct csp_message_info *i = csp_struct_new(home, &csp_desc_message_info);
	struct csp_recipient *rc = csp_struct_new(home, &csp_desc_recipient);
	struct csp_sender *sd = csp_struct_new(home, &csp_desc_sender);
	struct csp_user *ru = csp_struct_new(home, &csp_desc_user);
	struct csp_user *su = csp_struct_new(home, &csp_desc_user);

	if (!i || !rc || !sd || !ru || !su)
		return NULL;
	ru->user_id = gw_user_addr(srv, home, r->recipient);
	su->user_id = r->sender;
	rc->users.v = ru;
	rc->users.n = 1;
	sd->user = su;
	i->message_id = r->mid;
	i->content_type = r->content_type;
	i->content_encoding = r->encoding;
	i->content_size = gw_im_content_size(r->encoding, r->content, r->len);
	i->recipient = rc;
	i->sender = sd;
	i->date_time = gw_im_datetime(home, r->date);
	i->validity = r->validity > 0 ? (long)r->validity : -1;
	if (ru->user_id == NULL || i->date_time == NULL)
		return NULL;
	return i;
}

/* --- offering a row to a session ------------------------------------------------------------ */

/* 1 when the session's queue holds a transaction for row `id`. */
static int queued(struct gw_sess const *s, char const *id)
{
	for (struct gw_qitem const *q = s->queue; q; q = q->next)
		if (strcmp(q->ref, id) == 0)
			return 1;
	return 0;
}

/* The primitive that offers row r to session s, and the state the row gets. */
static int offer_prim(struct gw_server *srv, su_home_t *home, struct gw_sess const *s,
		      struct gw_im_row const *r, struct csp_node **primp, enum gw_msg_state *statep)
{
	struct csp_prim *p;
	struct csp_message_info *info;
	int notify;

	if (r->kind == GW_IM_REPORT) {
		struct csp_msg *m = NULL;
		struct csp_error err;
		int e = csp_parse_xml(home, r->content, r->len, &m, &err);

		if (e)
			return e;
		if (m->trans == NULL || m->trans->content == NULL)
			return EBADMSG;
		*primp = m->trans->content;
		*statep = GW_MSG_QUEUED;
		return 0;
	}
	/* notify/get when the session agreed it, or when the message is larger than the
	 * AcceptedContentLength it announced (it can still GetMessage it). */
	info = gw_im_row_info(srv, home, r);
	notify = s->info.delivery == GW_DELIVERY_NOTIFY ||
		(s->info.accepted_content_length > 0 && info &&
		 info->content_size > s->info.accepted_content_length);
	p = csp_prim_new(home, notify ? CSP_PRIM_MESSAGE_NOTIFICATION : CSP_PRIM_NEW_MESSAGE);
	if (p == NULL || info == NULL)
		return ENOMEM;
	if (notify) {
		p->u.message_notification.message_info = info;
	} else {
		p->u.message.message_info = info;
		p->u.message.content_data = r->content;
	}
	*statep = notify ? GW_MSG_DELIVERED : GW_MSG_QUEUED;
	return csp_prim_to_node(home, p, NULL, primp);
}

/*
 * Offers row r to session s: the assignment and the queued transaction in one store
 * transaction. With `put` (a new row, r decoded from it), the row is inserted in that same
 * transaction, already assigned (*put_failedp tells a failed insert from a failed offer).
 * E2BIG when the session's queue is full enough (the caller keeps a backlog).
 */
static int offer(struct gw_server *srv, struct gw_sess *s, struct gw_im_row const *r,
		 struct gw_msg const *put, int *put_failedp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct csp_node *prim = NULL;
	enum gw_msg_state state = GW_MSG_QUEUED;
	int began, e;

	if (s->state != GW_SESS_ACTIVE || s->ended)
		return ESHUTDOWN;
	if (s->queue_len >= GW_IM_INFLIGHT_MAX)
		return E2BIG;
	if ((e = offer_prim(srv, tmp, s, r, &prim, &state)) != 0) {
		gw_warning("im: while preparing %s for session %.8s: %s", r->id, s->id,
			   strerror(e));
		su_home_deinit(tmp);
		return e;
	}
	began = tx_begin(srv);
	if (put) {
		struct gw_msg m = *put;

		m.session_id = s->id;
		m.state = state;
		if ((e = gw_store_msg_put(srv->store, &m)) != 0 && put_failedp)
			*put_failedp = 1;
	} else {
		e = gw_store_msg_assign(srv->store, r->id, s->id);
		if (e == 0 && state != r->state)
			e = gw_store_msg_set_state(srv->store, r->id, state);
	}
	if (e == 0)
		e = gw_sess_push(s, prim, r->id, NULL, NULL);
	e = tx_end(srv, began, e);
	if (e == 0)
		gw_info("im: %s %s offered to session %.8s of %s", prim->name, r->mid, s->id,
			s->user);
	else if (e != E2BIG && !(put_failedp && *put_failedp))
		gw_warning("im: while offering %s to session %.8s: %s", r->id, s->id, strerror(e));
	su_home_deinit(tmp);
	return e;
}

/* Offers row r to its user's newest live session, if any; a full queue puts the user in the
 * backlog. */
static void offer_to_user(struct gw_server *srv, struct gw_im_row const *r)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *addr = gw_user_addr(srv, tmp, r->recipient);
	struct gw_sess *s = addr ? gw_sess_next_of_user(srv, addr, NULL) : NULL;

	if (s && offer(srv, s, r, NULL, NULL) == E2BIG)
		backlog_add(srv->im, r->recipient);
	su_home_deinit(tmp);
}

/* --- storing -------------------------------------------------------------------------------- */

struct count_ctx {
	unsigned n, max;
};

static int count_row(void *arg, struct gw_msg const *m)
{
	struct count_ctx *c = arg;

	(void)m;
	return ++c->n >= c->max ? E2BIG : 0;
}

int gw_im_store(struct gw_server *srv, struct gw_im_msg const *m)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_im *im = srv->im;
	struct count_ctx cc = {0, GW_IM_STORED_MAX};
	struct gw_msg *old = NULL, row;
	struct gw_im_row *r = NULL;
	struct gw_sess *s;
	char *key = gw_user_key(srv, tmp, m->recipient), *id = NULL, *body = NULL;
	size_t blen = 0;
	int64_t validity = m->validity > 0 ? m->validity : GW_IM_VALIDITY_DEFAULT;
	int e;

	if (validity > GW_IM_VALIDITY_MAX)
		validity = GW_IM_VALIDITY_MAX;
	if (im == NULL || key == NULL || m->mid == NULL || m->sender == NULL) {
		e = EINVAL;
		goto out;
	}
	if ((id = su_sprintf(tmp, "%s/%s", m->mid, key)) == NULL) {
		e = ENOMEM;
		goto out;
	}
	/* A repeated request (same MessageID) is not stored twice, even at the limit. */
	if ((e = gw_store_msg_get(srv->store, tmp, id, &old)) != ENOENT) {
		e = e ? e : EEXIST;
		goto out;
	}
	if ((e = gw_store_msg_each(srv->store, key, -1, count_row, &cc)) != 0)
		goto out;
	if ((e = body_encode(tmp, GW_IM_MESSAGE, m->delivery_report, m->content, m->len, &body,
			     &blen)) != 0)
		goto out;
	row = (struct gw_msg){
		.id = id, .sender = m->sender, .recipient = key,
		.content_type = m->content_type ? m->content_type : "text/plain",
		.encoding = m->encoding ? m->encoding : "None", .body = body, .body_len = blen,
		.date = m->date, .validity = validity, .state = GW_MSG_QUEUED, .session_id = NULL,
	};
	/* Stored and offered to the recipient's newest session in one store transaction;
	 * stored alone when there is none, or no room in its queue. */
	if ((s = gw_sess_next_of_user(srv, m->recipient, NULL)) != NULL) {
		int put_failed = 0;

		if ((e = gw_im_row_decode(tmp, &row, &r)) != 0)
			goto out;
		e = offer(srv, s, r, &row, &put_failed);
		if (put_failed)
			goto out;
		if (e == E2BIG)
			backlog_add(im, key);
	}
	if ((s == NULL || e != 0) && (e = gw_store_msg_put(srv->store, &row)) != 0)
		goto out;
	im->stored++;
	if (m->date + validity < im->next_expiry)
		im->next_expiry = m->date + validity;
	gw_info("im: %s from %s to %s stored (%zu bytes%s)", m->mid, m->sender, m->recipient,
		m->len, m->delivery_report ? ", delivery report asked" : "");
out:
	su_home_deinit(tmp);
	return e;
}

/* --- finishing: delivered, rejected, forwarded, expired ------------------------------------ */

/* The stored body of a DeliveryReport-Request about message row r. */
static int report_body(struct gw_server *srv, su_home_t *home, struct gw_im_row const *r,
		       int code, char const *desc, int64_t now, char **bodyp, size_t *lenp)
{
	struct csp_prim *p = csp_prim_new(home, CSP_PRIM_DELIVERY_REPORT_REQUEST);
	struct csp_msg *msg = NULL;
	char *xml = NULL;
	size_t xlen = 0;
	int e;

	if (p == NULL)
		return ENOMEM;
	p->u.delivery_report_request.result =
		csp_result_new(home, code, desc ? desc : map_imps_code_desc(code));
	p->u.delivery_report_request.message_info = gw_im_row_info(srv, home, r);
	if (code == 200)
		p->u.delivery_report_request.delivery_time = gw_im_datetime(home, now);
	if (!p->u.delivery_report_request.result || !p->u.delivery_report_request.message_info)
		return ENOMEM;
	if ((e = csp_prim_msg_new(home, CSP_V12, NULL, CSP_REQUEST, "r", p, &msg)) != 0 ||
	    (e = csp_build_xml(home, msg, &xml, &xlen)) != 0)
		return e;
	return body_encode(home, GW_IM_REPORT, 0, xml, xlen, bodyp, lenp);
}

static char const *finish_verb(int code)
{
	switch (code) {
	case 0: return "acknowledged";
	case 200: return "delivered";
	case 538: return "rejected";
	case 541: return "forwarded";
	case 542: return "expired";
	default: return "ended";
	}
}

int gw_im_finish(struct gw_server *srv, char const *id, int code, char const *desc, int64_t now)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_im *im = srv->im;
	struct gw_msg *m = NULL, rep = {0};
	struct gw_im_row *r = NULL, *rr = NULL;
	char *skey = NULL, *wtid = NULL;
	struct gw_sess *holder = NULL;
	int began, e, with_report = 0;

	if ((e = gw_store_msg_get(srv->store, tmp, id, &m)) != 0 ||
	    (e = gw_im_row_decode(tmp, m, &r)) != 0)
		goto out;
	/* Still queued to a session (rejected or fetched before the push was answered, or an
	 * announcement that expired): withdrawn below, so that the client does not get it. */
	if (r->session_id && (holder = gw_sess_find(srv, r->session_id)) != NULL)
		for (struct gw_qitem const *q = holder->queue; q && !wtid; q = q->next)
			if (strcmp(q->ref, id) == 0 && (wtid = su_strdup(tmp, q->tid)) == NULL) {
				e = ENOMEM;
				goto out;
			}
	if (r->kind == GW_IM_MESSAGE && r->delivery_report && code &&
	    (skey = gw_user_key(srv, tmp, r->sender)) != NULL) {
		char hex[2 * 8 + 1], *body = NULL;
		size_t blen = 0;

		if ((e = random_hex(hex, 8)) != 0 ||
		    (e = report_body(srv, tmp, r, code, desc, now, &body, &blen)) != 0)
			goto out;
		rep = (struct gw_msg){
			.id = su_sprintf(tmp, "r%s/%s", hex, skey), .recipient = skey,
			.sender = gw_user_addr(srv, tmp, r->recipient),
			.content_type = REPORT_CTYPE,
			.encoding = "None", .body = body, .body_len = blen, .date = now,
			.validity = GW_IM_VALIDITY_DEFAULT, .state = GW_MSG_QUEUED,
		};
		if (rep.id == NULL || rep.sender == NULL) {
			e = ENOMEM;
			goto out;
		}
		with_report = 1;
	} else if (r->kind == GW_IM_MESSAGE && r->delivery_report && code) {
		gw_info("im: no delivery report for %s: its sender %s is not a local user", r->mid,
			r->sender);
	}
	began = tx_begin(srv);
	e = gw_store_msg_delete(srv->store, id);
	if (e == 0 && with_report) {
		int e2 = gw_store_msg_put(srv->store, &rep);

		if (e2 == ENOENT) {	/* the sender's account is gone */
			gw_info("im: no delivery report for %s: user %s is gone", r->mid, skey);
			with_report = 0;
		} else {
			e = e2;
		}
	}
	if ((e = tx_end(srv, began, e)) != 0) {
		gw_warning("im: while finishing %s (%d): %s", id, code, strerror(e));
		goto out;
	}
	if (r->kind == GW_IM_MESSAGE) {
		char const *to = gw_user_addr(srv, tmp, r->recipient);

		gw_info("im: %s from %s to %s %s%s", r->mid, r->sender, to ? to : r->recipient,
			finish_verb(code), with_report ? "; delivery report stored" : "");
		if (code == 200)
			im->delivered++;
		else if (code == 538)
			im->rejected++;
		else if (code == 541)
			im->forwarded++;
		else if (code == 542)
			im->expired++;
	} else {
		gw_debug("im: delivery report %s to %s %s", id, r->recipient, finish_verb(code));
		if (code == 542)
			im->expired++;
	}
	if (wtid) {
		/* The session part has no "withdraw": its acknowledgement path removes the queued
		 * transaction (store first); gw_im_acked ignores the call it makes back. */
		im->withdrawing++;
		gw_sess_ack(holder, wtid, NULL);
		im->withdrawing--;
	}
	if (with_report) {
		im->reports++;
		if (gw_im_row_decode(tmp, &rep, &rr) == 0)
			offer_to_user(srv, rr);
	}
out:
	su_home_deinit(tmp);
	return e;
}

/* --- walking a user's rows ------------------------------------------------------------------ */

struct row_brief {
	char *id;
	char *session_id;	/* NULL: no session holds it */
	enum gw_msg_state state;
	int64_t date, validity;
};

struct walk_ctx {
	su_home_t *home;
	struct row_brief *v;
	size_t n, max;
};

static int walk_row(void *arg, struct gw_msg const *m)
{
	struct walk_ctx *w = arg;
	struct row_brief *b;

	if (w->n >= w->max)
		return E2BIG;
	b = &w->v[w->n];
	b->id = su_strdup(w->home, m->id);
	b->session_id = m->session_id ? su_strdup(w->home, m->session_id) : NULL;
	if (b->id == NULL || (m->session_id && b->session_id == NULL))
		return ENOMEM;
	b->state = m->state;
	b->date = m->date;
	b->validity = m->validity;
	w->n++;
	return 0;
}

/* The rows of user `key`, oldest first, at most GW_IM_WALK_MAX (*morep set when cut). */
static int walk_user(struct gw_server *srv, su_home_t *home, char const *key,
		     struct walk_ctx *w, int *morep)
{
	int e;

	w->home = home;
	w->n = 0;
	w->max = GW_IM_WALK_MAX;
	if (w->v == NULL && (w->v = su_alloc(home, GW_IM_WALK_MAX * sizeof *w->v)) == NULL)
		return ENOMEM;
	e = gw_store_msg_each(srv->store, key, -1, walk_row, w);
	*morep = e == E2BIG;
	return e == E2BIG ? 0 : e;
}

unsigned gw_im_sync(struct gw_server *srv, struct gw_sess *s, int restart)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct walk_ctx w = {0};
	unsigned offered = 0;
	int more = 0, full = 0, older, e;

	if (srv->im == NULL || s == NULL || s->ended || s->state != GW_SESS_ACTIVE)
		return 0;
	/* After a restart, what no session holds goes to the user's newest session only. */
	older = restart && gw_sess_next_of_user(srv, s->user, NULL) != s;
	if ((e = walk_user(srv, tmp, s->key, &w, &more)) != 0) {
		gw_warning("im: while reading the messages of %s: %s", s->user, strerror(e));
		su_home_deinit(tmp);
		return 0;
	}
	for (size_t i = 0; i < w.n; i++) {
		struct row_brief const *b = &w.v[i];
		struct gw_msg *m = NULL;
		struct gw_im_row *r = NULL;

		if (b->session_id && strcmp(b->session_id, s->id) == 0) {
			/* Settling after a restart: answered before the crash? */
			if (!restart || queued(s, b->id))
				continue;
			if (b->state == GW_MSG_QUEUED) {
				gw_info("im: %s was answered by session %.8s before the restart: "
					"finishing it", b->id, s->id);
				gw_im_finish(srv, b->id, 200, NULL, gw_now(srv));
			}
			continue;
		}
		if (b->session_id || full || older)
			continue;	/* held by another session; no room; not the newest */
		if (gw_store_msg_get(srv->store, tmp, b->id, &m) != 0 ||
		    gw_im_row_decode(tmp, m, &r) != 0)
			continue;
		e = offer(srv, s, r, NULL, NULL);
		if (e == 0)
			offered++;
		else if (e == E2BIG)
			full = 1;
	}
	if (!older && (full || more))
		backlog_add(srv->im, s->key);
	else if (!older)
		backlog_remove(srv->im, s->key);	/* the newest session's pass decides */
	su_home_deinit(tmp);
	return offered;
}

/* --- expiry --------------------------------------------------------------------------------- */

struct expire_ctx {
	struct gw_server *srv;
	su_home_t *home;
	int64_t now, next;
	char **ids;
	size_t n;
	int full;
	struct walk_ctx w;
};

static int expire_user(void *arg, char const *key)
{
	struct expire_ctx *x = arg;
	int more = 0, e = walk_user(x->srv, x->home, key, &x->w, &more);

	if (e)
		return e;
	if (more)
		x->next = x->now;	/* the rest is looked at next time */
	for (size_t i = 0; i < x->w.n; i++) {
		struct row_brief const *b = &x->w.v[i];

		if (b->validity <= 0)
			continue;
		/* Pushed to a live session and not answered yet: handed over, not expired. */
		if (b->session_id && b->state == GW_MSG_QUEUED)
			continue;
		if (b->date + b->validity > x->now) {
			if (b->date + b->validity < x->next)
				x->next = b->date + b->validity;
			continue;
		}
		if (x->n >= GW_IM_EXPIRE_BATCH) {
			x->full = 1;
			return E2BIG;
		}
		if ((x->ids[x->n++] = su_strdup(x->home, b->id)) == NULL)
			return ENOMEM;
	}
	return 0;
}

int gw_im_expire(struct gw_server *srv, char const *key, int64_t now, unsigned *countp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct expire_ctx x = {.srv = srv, .home = tmp, .now = now, .next = INT64_MAX};
	unsigned done = 0;
	int e;

	if (srv->im == NULL)
		return EINVAL;
	if ((x.ids = su_alloc(tmp, GW_IM_EXPIRE_BATCH * sizeof *x.ids)) == NULL) {
		su_home_deinit(tmp);
		return ENOMEM;
	}
	e = key ? expire_user(&x, key) : gw_store_user_each(srv->store, expire_user, &x);
	if (e == E2BIG && x.full)
		e = 0;
	for (size_t i = 0; i < x.n; i++)
		if (gw_im_finish(srv, x.ids[i], 542, "Message expired before delivery", now) == 0)
			done++;
	if (e == 0 && key == NULL)
		srv->im->next_expiry = x.full ? now : x.next;
	else if (x.next < srv->im->next_expiry)
		srv->im->next_expiry = x.next;
	if (done)
		gw_info("im: %u stored message%s expired%s%s", done, done == 1 ? "" : "s",
			key ? " for " : "", key ? key : "");
	if (e)
		gw_warning("im: while expiring messages: %s", strerror(e));
	su_home_deinit(tmp);
	if (countp)
		*countp = done;
	return e;
}

/* --- events from the session part ---------------------------------------------------------- */

void gw_im_on_login(struct gw_server *srv, struct gw_sess *s)
{
	if (srv->im == NULL)
		return;
	/* What ran out while the user was away goes first (with its 542 reports). */
	gw_im_expire(srv, s->key, gw_now(srv), NULL);
	gw_im_sync(srv, s, 0);
}

void gw_im_on_logout(struct gw_server *srv, struct gw_sess *s)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct walk_ctx w = {0};
	struct gw_sess *other;
	int more = 0;

	if (srv->im == NULL)
		return;
	/* Its rows return to the offline store (their Validity counts again). */
	srv->im->next_expiry = gw_now(srv);
	other = gw_sess_next_of_user(srv, s->user, NULL);
	if (other == NULL || other == s) {
		su_home_deinit(tmp);
		return;	/* the store gives them back when the session row goes */
	}
	if (s->state == GW_SESS_CLOSING) {
		/* Forced out: its queue may still deliver them until its Disconnect is answered;
		 * the other session gets them when the client answers something there. */
		backlog_add(srv->im, s->key);
		su_home_deinit(tmp);
		return;
	}
	if (walk_user(srv, tmp, s->key, &w, &more) == 0) {
		for (size_t i = 0; i < w.n; i++)
			if (w.v[i].session_id && strcmp(w.v[i].session_id, s->id) == 0)
				gw_store_msg_assign(srv->store, w.v[i].id, NULL);
		gw_im_sync(srv, other, 0);
	}
	su_home_deinit(tmp);
}

/* The Result code of a client's answer (Status), 200 for MessageDelivered or no Result. */
static int answer_code(struct csp_node const *answer)
{
	char const *c = answer ? csp_node_text(csp_node_find(answer, "Result"), "Code") : NULL;
	long v = c ? strtol(c, NULL, 10) : 200;

	return v >= 100 && v <= 999 ? (int)v : 200;
}

void gw_im_acked(struct gw_server *srv, struct gw_sess *s, char const *prim, char const *ref,
		 struct csp_node const *answer)
{
	char const *key = row_key_of(ref);
	int64_t now = gw_now(srv);
	int code = answer_code(answer);

	if (srv->im == NULL || ref == NULL || *ref == '\0' || prim == NULL ||
	    srv->im->withdrawing)
		return;
	if (key == NULL || strcmp(key, s->key) != 0) {
		gw_warning("im: session %.8s of %s answered %s for %s, not one of its user's",
			   s->id,			   s->user, prim, ref);
		return;
	}
	if (strcmp(prim, "NewMessage") == 0) {
		if (code >= 300) {
			char desc[96];

			snprintf(desc, sizeof desc, "Rejected by the recipient's client (%d)",
				 code);
			gw_im_finish(srv, ref, 538, desc, now);
		} else if (gw_im_finish(srv, ref, 200, NULL, now) == ENOENT) {
			gw_info("im: session %.8s acknowledged %s, which is no longer stored",
				s->id, ref);
		}
	} else if (strcmp(prim, "DeliveryReport-Request") == 0) {
		gw_im_finish(srv, ref, 0, NULL, now);
	} else if (strcmp(prim, "MessageNotification") == 0) {
		gw_debug("im: session %.8s was told of %s (%d): it waits for GetMessage", s->id,
			 ref, code);
	} else {
		return;
	}
	if (*backlog_find(srv->im, s->key))
		gw_im_sync(srv, s, 0);
}

/* --- life cycle ------------------------------------------------------------------------------ */

static void on_tick(su_root_magic_t *magic, su_timer_t *t, struct gw_server *srv)
{
	int64_t now = gw_now(srv);

	(void)magic;
	(void)t;
	if (srv->im && now >= srv->im->next_expiry)
		gw_im_expire(srv, NULL, now, NULL);
}

static void settle(void *arg, struct gw_sess *s)
{
	gw_im_sync(arg, s, 1);
}

int gw_im_start(struct gw_server *srv)
{
	struct gw_im *im = calloc(1, sizeof *im);

	if (im == NULL)
		return ENOMEM;
	srv->im = im;
	/* Expired rows first, then every restored session gets what it is owed. */
	gw_im_expire(srv, NULL, gw_now(srv), NULL);
	gw_sessions_each(srv, settle, srv);
	if (srv->root) {
		su_timer_t *t = su_timer_create(su_root_task(srv->root), GW_IM_TICK_MS);

		if (t == NULL || su_timer_set_for_ever(t, on_tick, srv) != 0) {
			su_timer_destroy(t);
			gw_im_stop(srv);
			return ENOMEM;
		}
		im->timer = t;
	}
	return 0;
}

void gw_im_stop(struct gw_server *srv)
{
	struct gw_im *im = srv->im;

	if (im == NULL)
		return;
	su_timer_destroy(im->timer);
	while (im->backlog) {
		struct gw_im_backlog *b = im->backlog;

		im->backlog = b->next;
		free(b);
	}
	free(im);
	srv->im = NULL;
}
