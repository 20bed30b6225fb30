/* iwf/gw_dispatch.c: one CSP message in, its answer out: sessions, handler tables, offers. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <nettle/sha2.h>

#include "imps/csp.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"
#include "mapping/map_addr.h"
#include "mapping/map_status.h"

/*
 * Decisions:
 * - A body whose version cannot be told (no WV-CSP namespace, no WBXML public id of a known
 *   version, empty body) gets HTTP 400 with a text/plain reason: no CSP answer is possible
 *   without a version. When the version is known but the message is malformed (not
 *   well-formed, over a CSP_MAX_* limit, an entity, a wrong envelope) the answer is a
 *   WV-CSP message in that version: one Status 400 Response (no TransactionID: none could
 *   be read) with the reason as Description.
 * - A Content-Type other than the WV-CSP ones (and text/xml, application/xml, or none)
 *   gets HTTP 415.
 * - A primitive no handler table implements (search, invite, groups, ...): Status 405
 *   "Service not supported" naming it. A refused primitive: 402 (missing or bad element)
 *   from csp_prim, or 400.
 * - A request without a live session gets 604 (600 when its session ran out, 601 when it
 *   was forced out; remembered GW_TOMB_KEEP_S), unless its handler row has GW_H_NOSESSION
 *   (a row with neither GW_H_SESSION nor GW_H_NOSESSION needs a session too).
 * - Handler rows with fn NULL only advertise their function code in Service negotiation.
 * - Answers mirror the request's SessionDescriptor, version and encoding.
 * - Retransmissions: a Request of a session with a non-empty TransactionID that was answered
 *   before (txlog, GW_TXLOG_KEEP_S) and has the same content (SHA-256 of its canonical XML)
 *   is answered from the log, not executed again. Login, Logout, Polling, KeepAlive and pure
 *   reads (Get*) are not logged (unlogged_rows).
 */

#define STORE_VERSION CSP_V12
#define DIGEST_HEX (2 * SHA256_DIGEST_SIZE)

/* The peer of the message being handled, for the handlers' log lines. */
static char const *current_peer;

/* --- answer helpers (gw_server.h) --------------------------------------------------------- */

struct csp_node *gw_result_add(su_home_t *home, struct csp_node *parent, int code,
			       char const *desc)
{
	char num[16];
	struct csp_node *res = csp_node_add(home, parent, "Result");

	snprintf(num, sizeof num, "%d", code);
	if (res == NULL || !csp_node_add_text(home, res, "Code", num) ||
	    !csp_node_add_text(home, res, "Description", desc ? desc : map_imps_code_desc(code)))
		return NULL;
	return res;
}

struct csp_node *gw_req_answer(struct gw_req *r, char const *name)
{
	struct csp_node *n = csp_node_add(r->home, NULL, name);

	if (n)
		r->answer = n;
	return n;
}

int gw_req_status(struct gw_req *r, int code, char const *desc)
{
	struct csp_node *st = gw_req_answer(r, "Status");

	return st && gw_result_add(r->home, st, code, desc) ? 0 : ENOMEM;
}

/* --- addresses ---------------------------------------------------------------------------- */

int gw_user_norm(struct gw_server *srv, su_home_t *home, char const *in, char **outp,
		 char const **reason)
{
	if (in == NULL) {
		if (reason)
			*reason = "no UserID";
		return EINVAL;
	}
	return map_addr_wv_normalize(home, in, srv->cfg->imps_domain, outp, reason);
}

int gw_addr_is_local(struct gw_server *srv, char const *addr)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct map_wv_addr *a = NULL;
	int local = addr && map_addr_wv_parse(home, addr, NULL, &a, NULL) == 0 &&
		strcasecmp(a->domain, srv->cfg->imps_domain) == 0;

	su_home_deinit(home);
	return local;
}

char *gw_user_key(struct gw_server *srv, su_home_t *home, char const *addr)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_wv_addr *a = NULL;
	char *key = NULL;

	if (addr && map_addr_wv_parse(tmp, addr, NULL, &a, NULL) == 0 && a->resource == NULL &&
	    strcasecmp(a->domain, srv->cfg->imps_domain) == 0)
		key = su_strdup(home, a->user);
	su_home_deinit(tmp);
	return key;
}

char *gw_user_addr(struct gw_server *srv, su_home_t *home, char const *key)
{
	char *out = NULL;

	if (key == NULL || map_addr_wv_format(home, &(struct map_wv_addr){
		.user = key, .domain = srv->cfg->imps_domain}, &out, NULL) != 0)
		return NULL;
	return out;
}

/* --- content types ------------------------------------------------------------------------ */

static struct ctype_row {
	char const *type;
	int accepted;
} const ctype_rows[] = {
	{"application/vnd.wv.csp.xml", 1},
	{"application/vnd.wv.csp.wbxml", 1},
	{"application/vnd.wv.csp+xml", 1},
	{"application/vnd.wv.csp+wbxml", 1},
	{"text/xml", 1},
	{"application/xml", 1},
	{NULL, 0},	/* default: refused with HTTP 415 */
};

/* 1 when the media type (parameters ignored) may carry CSP. NULL (no header) is accepted. */
static int ctype_ok(char const *ct)
{
	size_t n;
	struct ctype_row const *r = ctype_rows;

	if (ct == NULL)
		return 1;
	ct += strspn(ct, " \t");
	n = strcspn(ct, "; \t");
	while (r->type && !(strlen(r->type) == n && strncasecmp(r->type, ct, n) == 0))
		r++;
	return r->accepted;
}

char const *gw_csp_content_type(enum csp_version v, enum csp_encoding enc)
{
	if (v >= CSP_V13)
		return enc == CSP_ENC_WBXML ? "application/vnd.wv.csp+wbxml" :
			"application/vnd.wv.csp+xml";
	return enc == CSP_ENC_WBXML ? "application/vnd.wv.csp.wbxml" : "application/vnd.wv.csp.xml";
}

/* The version of a body csp_parse refused, when it can still be told: the WBXML public id,
 * or a WV-CSP namespace URI in the XML. CSP_V_UNKNOWN otherwise. */
static enum csp_version guess_version(void const *body, size_t len, enum csp_encoding enc)
{
	static enum csp_version const vs[] = {CSP_V11, CSP_V12, CSP_V13};
	unsigned char const *b = body;
	size_t scan = len < 4096 ? len : 4096;

	if (enc == CSP_ENC_WBXML && len >= 2) {
		switch (b[1]) {
		case 0x10: return CSP_V11;
		case 0x11: return CSP_V12;
		case 0x12: return CSP_V13;
		}
	}
	for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) {
		char const *ns = csp_ns(vs[i], 'C');

		if (ns && memmem(body, scan, ns, strlen(ns)))
			return vs[i];
	}
	if (enc == CSP_ENC_WBXML) {
		static char const *const ids[] = {"CSP 1.1", "CSP 1.2", "CSP 1.3"};

		for (size_t i = 0; i < 3; i++)
			if (memmem(body, scan < 256 ? scan : 256, ids[i], strlen(ids[i])))
				return vs[i];
	}
	return CSP_V_UNKNOWN;
}

/* --- handler lookup ----------------------------------------------------------------------- */

static struct gw_handler const *const part_tables[] = {
	gw_session_handlers, gw_presence_handlers, gw_list_handlers, gw_im_handlers, NULL,
};

/* The handler of `prim` for a Request (response 0) or a Response (response 1); NULL: none. */
static struct gw_handler const *find_handler(char const *prim, int response)
{
	for (struct gw_handler const *const *t = part_tables; *t; t++)
		for (struct gw_handler const *h = *t; h->prim; h++)
			if (h->fn && !(h->flags & GW_H_RESPONSE) == !response &&
			    strcmp(h->prim, prim) == 0)
				return h;
	return NULL;
}

/*
 * Requests whose answers are not logged for retransmission: those without a session
 * (Login), those that end it (Logout), Polling (offers must be fresh), and reads that change
 * nothing, so that doing them twice is harmless and the common ones cost no store write.
 * Everything else (SendMessage above all) is logged. Default row: logged.
 */
static struct unlogged_row {
	char const *prim;
	int logged;
} const unlogged_rows[] = {
	{"Login-Request", 0},
	{"Logout-Request", 0},
	{"Polling-Request", 0},
	{"KeepAlive-Request", 0},
	{"GetSPInfo-Request", 0},
	{"GetPresence-Request", 0},
	{"GetList-Request", 0},
	{"GetBlockedList-Request", 0},
	{"GetWatcherList-Request", 0},
	{"GetAttributeList-Request", 0},
	{"GetMessageList-Request", 0},
	{"GetReactiveAuthStatus-Request", 0},
	{NULL, 1},
};

static int loggable(char const *prim)
{
	struct unlogged_row const *u = unlogged_rows;

	while (u->prim && strcmp(u->prim, prim) != 0)
		u++;
	return u->logged;
}

/* --- one message -------------------------------------------------------------------------- */

struct answer {
	su_home_t *home;
	struct csp_msg msg;
	struct csp_transaction **tail;
	unsigned n;
};

static int add_tx(struct answer *a, enum csp_mode mode, char const *tid, struct csp_node *prim)
{
	struct csp_transaction *t = su_zalloc(a->home, sizeof *t);

	if (t == NULL)
		return ENOMEM;
	t->mode = mode;
	t->id = tid;
	t->poll = CSP_ABSENT;
	t->content = prim;
	*a->tail = t;
	a->tail = &t->next;
	a->n++;
	return 0;
}

static void add_offer(void *arg, struct gw_qitem const *q)
{
	struct answer *a = arg;
	struct csp_node *dup = csp_node_dup(a->home, q->prim);
	char *tid = su_strdup(a->home, q->tid);

	if (dup && tid)
		add_tx(a, CSP_REQUEST, tid, dup);
}

/* A one-transaction message in the store's version, as XML: for the txlog. */
static int encode_one(su_home_t *home, char const *sid, enum csp_mode mode, char const *tid,
		      struct csp_node const *prim, char **xmlp, size_t *lenp)
{
	struct csp_transaction t = {.mode = mode, .id = tid, .poll = CSP_ABSENT};
	struct csp_msg m = {
		.version = STORE_VERSION, .session_type = CSP_INBAND, .session_id = sid,
		.poll = CSP_ABSENT, .cir = CSP_ABSENT, .trans = &t,
	};

	if ((t.content = csp_node_dup(home, prim)) == NULL)
		return ENOMEM;
	return csp_build_xml(home, &m, xmlp, lenp);
}

/* SHA-256 (hex) of the request's canonical form, to tell a retransmission from a reuse. */
static int request_digest(su_home_t *home, struct gw_sess const *s, struct gw_req const *r,
			  char hex[DIGEST_HEX + 1])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char *xml;
	size_t len;
	int e = encode_one(home, s->id, CSP_REQUEST, r->tx->id, r->prim, &xml, &len);

	if (e)
		return e;
	sha256_init(&ctx);
	sha256_update(&ctx, len, (uint8_t const *)xml);
	sha256_digest(&ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}

/* The logged answer of a retransmitted request, or NULL. */
static struct csp_node *txlog_lookup(struct gw_req *r, char const *digest)
{
	void *blob = NULL;
	size_t len = 0;
	struct csp_msg *m = NULL;
	struct csp_error err;
	char const *b;

	if (gw_store_txlog_get(r->srv->store, r->home, r->sess->id, r->tx->id, &blob, &len) != 0)
		return NULL;
	b = blob;
	if (len <= DIGEST_HEX || b[DIGEST_HEX] != '\n' || memcmp(b, digest, DIGEST_HEX) != 0)
		return NULL;	/* another request with a reused TransactionID */
	if (csp_parse_xml(r->home, b + DIGEST_HEX + 1, len - DIGEST_HEX - 1, &m, &err) != 0 ||
	    m->trans == NULL)
		return NULL;
	return m->trans->content;
}

static void txlog_store(struct gw_req *r, char const *digest)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *xml, *blob;
	size_t len;
	int e = encode_one(tmp, r->sess->id, CSP_RESPONSE, r->tx->id, r->answer, &xml, &len);

	if (e == 0 && (blob = su_alloc(tmp, DIGEST_HEX + 1 + len)) != NULL) {
		memcpy(blob, digest, DIGEST_HEX);
		blob[DIGEST_HEX] = '\n';
		memcpy(blob + DIGEST_HEX + 1, xml, len);
		e = gw_store_txlog_put(r->srv->store, r->sess->id, r->tx->id, blob,
				       DIGEST_HEX + 1 + len, r->now);
	}
	if (e)
		gw_warning("session %.8s: while logging the answer to %s: %s", r->sess->id,
			   r->tx->id, strerror(e));
	su_home_deinit(tmp);
}

static char const *gone_desc(int code)
{
	return code == 600 ? "Session expired" : code == 601 ? "Forced logout" :
		"Invalid session (not logged in)";
}

/* Runs one Request transaction; fills r->answer. */
static void run_request(struct gw_req *r, struct gw_sess *s, int gone, char const *peer)
{
	struct gw_handler const *h = find_handler(r->prim->name, 0);
	char digest[DIGEST_HEX + 1] = "";
	int e;

	if (h == NULL) {
		gw_notice("csp: %s from %s: not supported (405)", r->prim->name, peer);
		gw_req_status(r, 405, su_sprintf(r->home, "Service not supported: %s",
						  r->prim->name));
		return;
	}
	/* Only rows marked GW_H_NOSESSION run without a session. */
	if (s && s->ended && !(h->flags & GW_H_NOSESSION)) {
		gw_req_status(r, 604, "Session ended earlier in this message");
		return;
	}
	if (s == NULL && !(h->flags & GW_H_NOSESSION)) {
		gw_notice("csp: %s from %s: %s (%d)", r->prim->name, peer, gone_desc(gone), gone);
		gw_req_status(r, gone, gone_desc(gone));
		return;
	}
	if (s && s->state == GW_SESS_CLOSING && strcmp(r->prim->name, "Polling-Request") != 0) {
		gw_req_status(r, 601, "Forced logout: poll for the Disconnect");
		return;
	}
	if (s && r->tx->id && *r->tx->id && loggable(r->prim->name) &&
	    request_digest(r->home, s, r, digest) == 0) {
		struct csp_node *old = txlog_lookup(r, digest);

		if (old) {
			gw_info("session %.8s: %s %s retransmitted: answered from the log", s->id,
				r->prim->name, r->tx->id);
			r->answer = old;
			return;
		}
	}
	if ((e = h->fn(r)) != 0) {
		gw_error("csp: while handling %s of %s: %s", r->prim->name,
			 r->sess ? r->sess->id : peer, strerror(e));
		r->answer = NULL;
		gw_req_status(r, 500, "Internal server error");
		return;
	}
	if (digest[0] && r->answer && s && !s->ended)
		txlog_store(r, digest);
}

/* Runs one Response transaction (the client answers one of ours). */
static void run_response(struct gw_req *r, struct gw_sess *s, char const *peer)
{
	struct gw_handler const *h = find_handler(r->prim->name, 1);
	int e;

	r->answer = NULL;
	if (s == NULL || s->ended) {
		gw_info("csp: %s from %s as a Response with no live session: ignored",
			r->prim->name, peer);
		return;
	}
	if (h) {
		if ((e = h->fn(r)) != 0)
			gw_error("csp: while handling the %s answer of %s: %s", r->prim->name,
				 s->id, strerror(e));
		r->answer = NULL;	/* nothing answers an answer */
		return;
	}
	if (gw_sess_ack(s, r->tx->id, r->prim) == ENOENT)
		gw_info("session %.8s: %s to unknown transaction %s ignored", s->id,
			r->prim->name, r->tx->id ? r->tx->id : "(none)");
}

/* An HTTP-level refusal with a text reason. */
static void http_refuse(struct gw_csp_out *out, unsigned status, char const *text)
{
	out->http_status = status;
	out->content_type = "text/plain";
	out->body = text;
	out->len = strlen(text);
}

/* A copy of a parser's reason fit for a Description: it may quote input bytes, so anything
 * but printable ASCII becomes '?'. NULL on ENOMEM. */
static char *printable(su_home_t *home, char const *text)
{
	char *out = su_strdup(home, text);

	for (char *p = out; p && *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	return out;
}

/* A WV-CSP Status answer to a message that could not be read, in version v. */
static void csp_refuse(su_home_t *home, struct gw_csp_out *out, enum csp_version v,
		       enum csp_encoding enc, int code, char const *desc)
{
	struct csp_msg *m = NULL;
	struct csp_node *st = NULL;
	void *body = NULL;
	size_t len = 0;
	int e;

	e = csp_msg_new(home, v, NULL, CSP_RESPONSE, NULL, "Status", &m, &st);
	if (e == 0 && gw_result_add(home, st, code, desc) == NULL)
		e = ENOMEM;
	if (e == 0)
		e = enc == CSP_ENC_WBXML ?
			csp_build_wbxml(home, m, (unsigned char **)&body, &len) :
			csp_build_xml(home, m, (char **)&body, &len);
	if (e) {
		gw_error("csp: while building a %d answer: %s", code, strerror(e));
		http_refuse(out, 500, "internal error\n");
		return;
	}
	out->http_status = 200;
	out->content_type = gw_csp_content_type(v, enc);
	out->body = body;
	out->len = len;
}

void gw_csp_handle(struct gw_server *srv, su_home_t *home, void const *body, size_t len,
		   char const *content_type, char const *peer, struct gw_csp_out *out)
{
	struct csp_msg *msg = NULL;
	struct csp_error err = {0};
	enum csp_encoding enc = CSP_ENC_XML;
	struct gw_sess *s = NULL, *extra = NULL;
	struct answer a = {.home = home};
	int64_t now = gw_now(srv);
	int gone = 604, e;

	memset(out, 0, sizeof *out);
	if (peer == NULL)
		peer = "-";
	current_peer = peer;
	if (!ctype_ok(content_type)) {
		gw_notice("csp: bad request from %s: unsupported Content-Type %.80s", peer,
			  content_type);
		http_refuse(out, 415, "unsupported Content-Type: use application/vnd.wv.csp.xml "
			    "or .wbxml (1.3: +xml, +wbxml)\n");
		return;
	}
	if (len == 0) {
		gw_notice("csp: bad request from %s: empty body", peer);
		http_refuse(out, 400, "empty body: a WV-CSP message was expected\n");
		return;
	}
	if (gw_log_threshold >= GW_LOG_DEBUG && csp_sniff(body, len, content_type) == CSP_ENC_XML)
		gw_debug("csp: from %s: %.*s", peer, len > INT_MAX ? INT_MAX : (int)len,
			 (char const *)body);
	e = csp_parse(home, body, len, content_type, &msg, &enc, &err);
	if (e) {
		enum csp_version v = guess_version(body, len, csp_sniff(body, len, content_type));
		char const *what = e == E2BIG ? "over a limit" : e == ENOMEM ? "out of memory" :
			"malformed";
		char line[24] = "";

		if (err.line > 0)
			snprintf(line, sizeof line, ", line %d", err.line);
		gw_notice("csp: bad request from %s: message %s (%s%s: %s)", peer, what,
			  v ? csp_version_str(v) : "version unknown", line, err.reason);
		if (e == ENOMEM) {
			http_refuse(out, 503, "out of memory\n");
		} else if (v == CSP_V_UNKNOWN) {
			char *text = su_sprintf(home, "not a WV-CSP message: %s",
						err.reason[0] ? err.reason : what);

			text = text ? su_sprintf(home, "%s\n", printable(home, text)) : NULL;

			http_refuse(out, 400, text ? text : "not a WV-CSP message\n");
		} else {
			char *desc = su_sprintf(home, "Bad request: message %s (%s%s%s)", what,
						line[0] ? line + 2 : "", line[0] ? ": " : "",
						err.reason);

			desc = desc ? printable(home, desc) : NULL;

			csp_refuse(home, out, v, csp_sniff(body, len, content_type), 400,
				   desc ? desc : "Bad request");
		}
		return;
	}

	/* The session the message names, if it is alive. */
	if (msg->session_id) {
		s = gw_sess_find(srv, msg->session_id);
		if (s && gw_sess_is_expired(s, now)) {
			gw_sess_end(s, 600, "keep-alive time ran out");
			s = NULL;
		}
		if (s == NULL)
			gone = gw_sess_gone_code(srv, msg->session_id);
	}
	if (s) {
		gw_sess_hold(s);
		gw_sess_touch(s, now, peer);
		s->info.version = msg->version;
		s->enc = enc;
		s->poll_requested = 0;
	}

	a.msg.version = msg->version;
	a.msg.session_type = msg->session_type;
	a.msg.session_id = msg->session_id;
	a.msg.poll = CSP_ABSENT;
	a.msg.cir = CSP_ABSENT;
	a.tail = &a.msg.trans;

	for (struct csp_transaction const *t = msg->trans; t; t = t->next) {
		struct gw_req r = {
			.srv = srv, .sess = s, .msg = msg, .tx = t, .prim = t->content,
			.home = home, .now = now,
		};

		if (t->content == NULL || t->content->name == NULL) {
			gw_notice("csp: bad request from %s: a transaction without content", peer);
			gw_req_status(&r, 400, "Transaction without content");
		} else if (t->mode == CSP_RESPONSE) {
			run_response(&r, s, peer);
			continue;
		} else if (t->mode != CSP_REQUEST) {
			gw_notice("csp: bad request from %s: %s without TransactionMode", peer,
				  t->content->name);
			gw_req_status(&r, 400, "Missing TransactionMode");
		} else {
			run_request(&r, s, gone, peer);
			if (r.sess && r.sess != s && extra == NULL)
				extra = r.sess;	/* a session this message created (Login) */
		}
		if (r.answer && add_tx(&a, CSP_RESPONSE, t->id, r.answer) != 0)
			break;
	}

	/* Server-initiated transactions: offered to a Polling-Request, flagged on the rest. */
	if (s && !s->ended) {
		if (s->poll_requested) {
			long room = s->multi_trans - (long)a.n;

			gw_sess_offer(s, now, room < 1 ? 1 : (unsigned)room, add_offer, &a);
			s->poll_requested = 0;
		}
		if (gw_sess_offerable(s, now))
			a.msg.poll = CSP_T;
		if (s->cir_broken && msg->version >= CSP_V12) {
			a.msg.cir = CSP_F;
			s->cir_broken = 0;
		}
	}
	if (extra && !extra->ended) {
		if (enc != CSP_ENC_XML) {
			extra->enc = enc;
			gw_sess_save_caps(extra);
		}
		if (gw_sess_offerable(extra, now))
			a.msg.poll = CSP_T;
	}
	if (s)
		gw_sess_release(s);
	current_peer = NULL;

	out->http_status = 200;
	out->content_type = gw_csp_content_type(msg->version, enc);
	if (a.n == 0)
		return;	/* empty body: nothing pending, or only answers from the client */
	e = enc == CSP_ENC_WBXML ?
		csp_build_wbxml(home, &a.msg, (unsigned char **)&out->body, &out->len) :
		csp_build_xml(home, &a.msg, (char **)&out->body, &out->len);
	if (e) {
		gw_error("csp: while building the answer for %s: %s", peer, strerror(e));
		http_refuse(out, 500, "internal error\n");
	} else if (gw_log_threshold >= GW_LOG_DEBUG && enc == CSP_ENC_XML) {
		gw_debug("csp: to %s: %.*s", peer, out->len > INT_MAX ? INT_MAX : (int)out->len,
			 (char const *)out->body);
	}
}

char const *gw_csp_peer(void)
{
	return current_peer ? current_peer : "-";
}

/* --- the server's life cycle -------------------------------------------------------------- */

int gw_server_start(struct gw_server *srv)
{
	int e;

	su_home_init(srv->home);
	if ((e = gw_sessions_start(srv)) != 0)
		goto fail_home;
	if ((e = gw_presence_start(srv)) != 0)
		goto fail_sessions;
	if ((e = gw_im_start(srv)) != 0)
		goto fail_presence;
	if ((e = gw_cir_start(srv)) != 0)
		goto fail_im;
	gw_notice("CSP server ready for %s: %u sessions", srv->cfg->imps_domain,
		  srv->sessions->count);
	return 0;
fail_im:
	gw_im_stop(srv);
fail_presence:
	gw_presence_stop(srv);
fail_sessions:
	gw_sessions_stop(srv);
fail_home:
	su_home_deinit(srv->home);
	return e;
}

void gw_server_shutdown(struct gw_server *srv)
{
	if (srv->sessions == NULL)
		return;
	/*
	 * Sessions are kept in the store and survive the restart: shutting down only drops the
	 * links (CIR sockets; clients reconnect). Forced logouts that are pending stay pending.
	 */
	gw_cir_stop(srv);
	gw_im_stop(srv);
	gw_presence_stop(srv);
	gw_sessions_stop(srv);
	su_home_deinit(srv->home);
}

void gw_server_reload(struct gw_server *srv)
{
	/* The session.* keys are read from srv->cfg at each use: nothing to copy. */
	if (srv->sessions)
		gw_info("CSP server: configuration reloaded (%u sessions)", srv->sessions->count);
}
