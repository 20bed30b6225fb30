/* iwf/gw_im.c: the CSP server's IM requests: SendMessage, ForwardMessage, notify/get, lists. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <nettle/sha2.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "iwf/gw_im.h"
#include "iwf/gw_log.h"
#include "iwf/gw_presence.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"
#include "mapping/map_addr.h"
#include "mapping/map_msg.h"
#include "mapping/map_status.h"

/*
 * Decisions (the delivery engine's are in iwf/gw_im_store.c):
 * - Recipients. User: normalised (no "wv:" or no domain: ours); "sip:" URIs normalised as SIP.
 *   ContactList: one of the sender's lists ("friends", "wv:me/friends@domain"), expanded to its
 *   members; another user's list or an unknown one: 700; an empty one: 410. Group: 405 (no
 *   groups here). Duplicates (a user named twice, or also in a list) get the message once.
 *   More than GW_IM_RECIPIENTS_MAX distinct recipients: the request is refused (402).
 * - Per local recipient: unknown 531; the recipient blocks the sender (gw_presence_blocks):
 *   532; GW_IM_STORED_MAX messages already stored for them: 507; otherwise stored before the
 *   answer leaves, then pushed or announced to their newest session, or kept offline.
 * - Recipients outside our IMPS domain (sip: URIs, wv: addresses of other domains): 516
 *   "Domain not supported" with a description saying the SIP side is not wired yet. Nothing
 *   is stored or pretended to be delivered. (The SIP side replaces this row of the decision.)
 * - SendMessage-Response: every recipient fine: 200 + MessageID. One recipient in all, and it
 *   failed: its own code and description. Several with mixed results: 201 + DetailedResult per
 *   failed recipient + MessageID. Several, all failed: 900 + DetailedResult per recipient. At
 *   most GW_IM_DETAILS_MAX DetailedResults; the Description counts the rest.
 * - MessageID: ours, never the client's. "m" + 20 hex digits of SHA-256(SessionID,
 *   TransactionID, canonical request): a request executed again after a crash that lost its
 *   txlog entry finds its rows (EEXIST) instead of storing a second copy. Without a
 *   TransactionID: random.
 * - The sender is the session's user. A Sender in MessageInfo that names someone else is
 *   ignored (logged), never trusted.
 * - Content: ContentData is mandatory (MessageURI is not supported: 402), at most
 *   GW_IM_CONTENT_MAX bytes (402; http.max_body bounds the request before), ContentEncoding
 *   None or BASE64 (402 otherwise; BASE64 must be base64 text), ContentType must parse as a
 *   media type (402); absent: text/plain. ContentSize is recomputed (bytes; decoded bytes for
 *   BASE64); the client's value is not trusted. DateTime is the time we received it.
 *   Validity: absent or 0 -> GW_IM_VALIDITY_DEFAULT; longer -> GW_IM_VALIDITY_MAX.
 * - AcceptedContentLength (ClientCapability or SetDeliveryMethod): a message larger than it is
 *   announced with MessageNotification instead of pushed, whatever the delivery method; the
 *   client may still GetMessage it (nothing is refused for its size at that point).
 * - SetDeliveryMethod with a GroupID, GetMessageList with a GroupID: 405 (no groups).
 * - GetMessage, MessageDelivered (Request), RejectMessage of a MessageID the user has no
 *   stored message with: 426. RejectMessage of several ids: 200 / 201 / 900 as SendMessage,
 *   DetailedResult with the MessageID. A rejected message gives its sender a 538 report.
 * - A NewMessage answered with a Status whose code is not 2xx counts as rejected (538).
 * - ForwardMessage-Request: the user's stored message (not yet acknowledged) is sent to the
 *   new recipients as a new message from the forwarding user (new MessageID, same content);
 *   when at least one recipient took it, the original leaves the user's store and its sender
 *   gets a 541 report if asked. Answered with Status (also in 1.3) with the SendMessage codes.
 * - Bad input: 400/402 with a description naming the element, and a notice line.
 */

/* --- answers ------------------------------------------------------------------------------- */

static int set_answer(struct gw_req *r, struct csp_prim const *p)
{
	struct csp_node *n = NULL;
	int e = csp_prim_to_node(r->home, p, NULL, &n);

	if (e)
		return e;
	r->answer = n;
	return 0;
}

static char const *who(struct gw_req const *r)
{
	return r->sess ? gw_sess_info(r->sess)->user : "-";
}

/* A refusal of the whole request: Status(code, desc) and a notice line. */
static int bad(struct gw_req *r, int code, char const *desc)
{
	gw_notice("im: %s of %s refused: %d %s", r->prim->name, who(r), code, desc);
	return gw_req_status(r, code, desc);
}

static int refused(struct gw_req *r, int e, struct csp_prim_error const *pe)
{
	if (e == ENOMEM)
		return ENOMEM;
	return bad(r, e == EPROTO && pe->status ? pe->status : 400,
		   pe->desc[0] ? pe->desc : e == E2BIG ? "Too many elements" : "Bad request");
}

/* --- per-target outcomes --------------------------------------------------------------------- */

struct outcome {
	char const *shown;	/* the target as the client wrote it */
	char const *addr;	/* normalised user address; NULL when none */
	char const *list;	/* the ContactList it came from, or the list at fault */
	char const *group;	/* GroupID of a group target */
	char const *mid;	/* MessageID (RejectMessage) */
	int code;		/* 0: fine so far; else the failure */
	char const *desc;
};

struct outcomes {
	struct outcome *v;
	size_t n, max;
	int overflow;
};

static struct outcome *outcome_add(su_home_t *home, struct outcomes *o)
{
	struct outcome *x;

	if (o->n >= o->max) {
		o->overflow = 1;
		return NULL;
	}
	if (o->v == NULL && (o->v = su_zalloc(home, o->max * sizeof *o->v)) == NULL)
		return NULL;
	x = &o->v[o->n++];
	memset(x, 0, sizeof *x);
	return x;
}

/*
 * The Result for a set of outcomes (see the decisions). *okp: how many succeeded.
 * NULL on ENOMEM.
 */
static struct csp_result *outcome_result(struct gw_req *r, struct outcomes const *o,
					 size_t *okp)
{
	size_t ok = 0, failed, shown = 0;
	struct csp_result *res;
	int code;
	char const *desc = NULL;

	for (size_t i = 0; i < o->n; i++)
		ok += o->v[i].code == 0;
	failed = o->n - ok;
	*okp = ok;
	if (failed == 0)
		return csp_result_new(r->home, 200, map_imps_code_desc(200));
	if (o->n == 1)
		return csp_result_new(r->home, o->v[0].code, o->v[0].desc);
	code = ok ? 201 : 900;
	if (failed > GW_IM_DETAILS_MAX)
		desc = su_sprintf(r->home, "%s (%zu more failures not listed)",
				  map_imps_code_desc(code), failed - GW_IM_DETAILS_MAX);
	if ((res = csp_result_new(r->home, code, desc)) == NULL)
		return NULL;
	res->details.v = su_zalloc(r->home, (failed < GW_IM_DETAILS_MAX ? failed :
					     GW_IM_DETAILS_MAX) * sizeof *res->details.v);
	if (res->details.v == NULL)
		return NULL;
	for (size_t i = 0; i < o->n && shown < GW_IM_DETAILS_MAX; i++) {
		struct outcome const *x = &o->v[i];
		struct csp_detailed_result *d = &res->details.v[shown];
		char const **one;

		if (x->code == 0)
			continue;
		csp_struct_init(&csp_desc_detailed_result, d);
		d->code = x->code;
		d->description = x->desc;
		if ((one = su_zalloc(r->home, sizeof *one)) == NULL)
			return NULL;
		if (x->mid) {
			*one = x->mid;
			d->message_ids = (struct csp_strs){one, 1};
		} else if (x->group) {
			*one = x->group;
			d->group_ids = (struct csp_strs){one, 1};
		} else if (x->addr || x->shown) {
			*one = x->addr ? x->addr : x->shown;
			d->user_ids = (struct csp_strs){one, 1};
		} else if (x->list && r->msg->version >= CSP_V12) {
			*one = x->list;
			d->contact_lists = (struct csp_strs){one, 1};
		}
		shown++;
	}
	res->details.n = shown;
	return res;
}

/* --- recipients ------------------------------------------------------------------------------ */

/* A UserID as a client wrote it -> normalised address (sip: as SIP, else wv:). */
static int user_norm(struct gw_server *srv, su_home_t *home, char const *in, char **outp,
		     char const **reason)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_wv_addr *a = NULL;
	int e;

	if (in == NULL || *in == '\0') {
		*reason = "empty UserID";
		return EINVAL;
	}
	if (strncasecmp(in, "sip:", 4) == 0)
		return map_addr_sip_normalize(home, in, outp, reason);
	e = map_addr_wv_parse(tmp, in, srv->cfg->imps_domain, &a, reason);
	if (e == 0 && a->resource) {
		*reason = "a contact list or group address, not a user";
		e = EINVAL;
	}
	if (e == 0)
		e = map_addr_wv_format(home, a, outp, reason);
	su_home_deinit(tmp);
	return e;
}

/* One user target of a message from `sender`: normalised, deduplicated, checked. */
static int add_user(struct gw_req *r, struct outcomes *o, char const *sender, char const *in,
		    char const *list)
{
	struct gw_server *srv = r->srv;
	char const *why = NULL;
	char *addr = NULL;
	struct outcome *x;
	int e = user_norm(srv, r->home, in, &addr, &why);

	if (e == ENOMEM)
		return e;
	for (size_t i = 0; i < o->n; i++)
		if ((addr && o->v[i].addr && strcmp(o->v[i].addr, addr) == 0) ||
		    (!addr && !o->v[i].addr && o->v[i].shown && strcmp(o->v[i].shown, in) == 0))
			return 0;	/* named already */
	if ((x = outcome_add(r->home, o)) == NULL)
		return o->overflow ? 0 : ENOMEM;
	x->shown = in;
	x->list = list;
	x->addr = e ? NULL : addr;
	if (e) {
		x->code = 402;
		x->desc = su_sprintf(r->home, "Invalid UserID %.80s in Recipient: %s", in,
				     why);
	} else if (!gw_addr_is_local(srv, addr)) {
		x->code = 516;
		x->desc = su_sprintf(r->home, "Domain not supported: %s is outside %s and the SIP "
				     "side is not wired yet", addr, srv->cfg->imps_domain);
	} else if (!gw_user_exists(srv, addr)) {
		x->code = 531;
		x->desc = su_sprintf(r->home, "Unknown user %s", addr);
	} else if (gw_presence_blocks(srv, addr, sender)) {
		x->code = 532;
		x->desc = su_sprintf(r->home, "%s blocked the sender", addr);
	}
	if (x->desc == NULL && x->code)
		return ENOMEM;
	return 0;
}

struct members {
	su_home_t *home;
	char **v;
	size_t n;
};

static int collect_member(void *arg, char const *address, char const *nickname)
{
	struct members *m = arg;

	(void)nickname;
	if (m->n >= GW_IM_RECIPIENTS_MAX)
		return E2BIG;
	if (m->v == NULL && (m->v = su_alloc(m->home, GW_IM_RECIPIENTS_MAX * sizeof *m->v)) == NULL)
		return ENOMEM;
	if ((m->v[m->n] = su_strdup(m->home, address)) == NULL)
		return ENOMEM;
	m->n++;
	return 0;
}

/* A ContactList target: one of the sender's lists, expanded to its members. */
static int add_list(struct gw_req *r, struct outcomes *o, char const *sender, char const *in)
{
	struct gw_server *srv = r->srv;
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_wv_addr *mine = NULL, *a = NULL;
	struct members m = {.home = r->home};
	char const *why = NULL;
	char *uri = NULL;
	struct outcome *x;
	int e = map_addr_wv_parse(tmp, sender, NULL, &mine, &why);

	if (e == 0 && in && *in && !strchr(in, '/') && !strchr(in, '@') &&
	    strncasecmp(in, "wv:", 3) != 0) {
		/* A bare name: a list of the sender. */
		e = map_addr_wv_format(r->home, &(struct map_wv_addr){mine->user, in, mine->domain},
				       &uri, &why);
	} else if (e == 0) {
		e = map_addr_wv_parse(tmp, in ? in : "", srv->cfg->imps_domain, &a, &why);
		if (e == 0 && a->resource == NULL) {
			why = "not a contact list id (wv:user/list@domain)";
			e = EINVAL;
		} else if (e == 0 && (strcmp(a->user, mine->user) ||
				      strcmp(a->domain, mine->domain))) {
			why = "a contact list of another user";
			e = EPERM;
		} else if (e == 0) {
			e = map_addr_wv_format(r->home, a, &uri, &why);
		}
	}
	if (e == 0)
		e = gw_store_clist_member_each(srv->store, r->sess->key, uri, collect_member, &m);
	su_home_deinit(tmp);
	if (e == ENOMEM)
		return e;
	if (e == 0 && m.n) {
		for (size_t i = 0; i < m.n && !o->overflow; i++)
			if ((e = add_user(r, o, sender, m.v[i], uri)) != 0)
				return e;
		return 0;
	}
	if (e == E2BIG) {
		o->overflow = 1;
		return 0;
	}
	if ((x = outcome_add(r->home, o)) == NULL)
		return o->overflow ? 0 : ENOMEM;
	x->shown = NULL;
	x->list = uri ? uri : in;
	x->code = e == 0 ? 410 : 700;
	x->desc = e == 0 ? su_sprintf(r->home, "Contact list %s has no members", uri) :
		su_sprintf(r->home, "Contact list %.80s does not exist%s%s", in ? in : "",
			   why ? ": " : "", why ? why : "");
	return x->desc ? 0 : ENOMEM;
}

/* Every target of a Recipient element, in `o` (max GW_IM_RECIPIENTS_MAX). */
static int resolve(struct gw_req *r, struct csp_recipient const *rc, char const *sender,
		   struct outcomes *o)
{
	int e = 0;

	o->max = GW_IM_RECIPIENTS_MAX;
	for (size_t i = 0; rc && i < rc->users.n && !e && !o->overflow; i++)
		e = add_user(r, o, sender, rc->users.v[i].user_id, NULL);
	for (size_t i = 0; rc && i < rc->contact_lists.n && !e && !o->overflow; i++)
		e = add_list(r, o, sender, rc->contact_lists.v[i]);
	for (size_t i = 0; rc && i < rc->groups.n && !e && !o->overflow; i++) {
		struct csp_group const *g = &rc->groups.v[i];
		struct outcome *x = outcome_add(r->home, o);

		if (x == NULL)
			return o->overflow ? 0 : ENOMEM;
		x->group = g->group_id ? g->group_id :
			g->screen_name && g->screen_name->group_id ? g->screen_name->group_id : "";
		x->code = 405;
		x->desc = "Groups are not supported";
	}
	return e;
}

/* --- content checks ------------------------------------------------------------------------- */

/* "None" / "BASE64" for a ContentEncoding (any case), NULL when invalid. */
static char const *encoding_norm(char const *in)
{
	static char const *const names[] = {"None", "BASE64", NULL};

	if (in == NULL)
		return "None";
	for (char const *const *n = names; *n; n++)
		if (strcasecmp(in, *n) == 0)
			return *n;
	return NULL;
}

static int base64_text(char const *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '+' && c != '/' && c != '=' && !isspace(c))
			return 0;
	}
	return 1;
}

/* Checks ContentData/ContentType/ContentEncoding; 0, or a refusal was answered (*donep). */
static int content_check(struct gw_req *r, struct csp_message_info const *info,
			 char const *data, char const **encp, int *donep)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_ctype *ct = NULL;
	char const *enc = encoding_norm(info->content_encoding);
	int e = 0;

	*donep = 1;
	if (data == NULL)
		e = bad(r, 402, "Missing ContentData (MessageURI is not supported)");
	else if (strlen(data) > GW_IM_CONTENT_MAX)
		e = bad(r, 402, su_sprintf(r->home, "ContentData larger than %d bytes",
					   GW_IM_CONTENT_MAX));
	else if (enc == NULL)
		e = bad(r, 402, su_sprintf(r->home, "Invalid ContentEncoding %.40s in MessageInfo "
					   "(None or BASE64)", info->content_encoding));
	else if (strcmp(enc, "BASE64") == 0 && !base64_text(data, strlen(data)))
		e = bad(r, 402, "ContentData is not BASE64 text (ContentEncoding BASE64)");
	else if (info->content_type && map_ctype_parse(tmp, info->content_type, &ct) != 0)
		e = bad(r, 402, su_sprintf(r->home, "Invalid ContentType %.80s in MessageInfo",
					   info->content_type));
	else
		*donep = 0;
	su_home_deinit(tmp);
	*encp = enc;
	return e;
}

/* --- MessageIDs ----------------------------------------------------------------------------- */

#define MID_HEX 20

static char *make_mid(struct gw_req *r)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	unsigned char d[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	struct csp_msg *m = NULL;
	struct csp_node *dummy = NULL;
	char *xml = NULL, *out = NULL;
	size_t len = 0;

	if (r->tx->id && *r->tx->id &&
	    csp_msg_new(tmp, CSP_V12, r->sess->id, CSP_REQUEST, r->tx->id, r->prim->name, &m,
			&dummy) == 0 &&
	    (m->trans->content = csp_node_dup(tmp, r->prim)) != NULL &&
	    csp_build_xml(tmp, m, &xml, &len) == 0) {
		struct sha256_ctx ctx;

		sha256_init(&ctx);
		sha256_update(&ctx, len, (uint8_t const *)xml);
		sha256_digest(&ctx, sizeof d, d);
	} else {
		size_t got = 0;

		while (got < sizeof d) {
			ssize_t n = getrandom(d + got, sizeof d - got, 0);

			if (n < 0 && errno != EINTR) {
				su_home_deinit(tmp);
				return NULL;
			}
			got += n > 0 ? (size_t)n : 0;
		}
	}
	for (size_t i = 0; i < MID_HEX / 2; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	out = su_sprintf(r->home, "m%s", hex);
	su_home_deinit(tmp);
	return out;
}

/* --- storing for every good target ------------------------------------------------------------ */

/* Stores `tmpl` for each outcome still at 0; failures become 507/500 outcomes. */
static int store_all(struct gw_req *r, struct outcomes *o, struct gw_im_msg const *tmpl)
{
	for (size_t i = 0; i < o->n; i++) {
		struct outcome *x = &o->v[i];
		struct gw_im_msg m = *tmpl;
		int e;

		if (x->code)
			continue;
		m.recipient = x->addr;
		e = gw_im_store(r->srv, &m);
		if (e == 0 || e == EEXIST)
			continue;
		if (e == ENOMEM)
			return e;
		x->code = e == E2BIG ? 507 : 500;
		x->desc = e == E2BIG ? su_sprintf(r->home, "Message queue of %s is full", x->addr) :
			su_sprintf(r->home, "Could not store the message for %s", x->addr);
		if (e != E2BIG)
			gw_error("im: while storing %s for %s: %s", m.mid, x->addr, strerror(e));
	}
	return 0;
}

/* --- SendMessage ---------------------------------------------------------------------------- */

static int h_send(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_send_message_request *sm;
	struct csp_message_info *info;
	struct outcomes o = {0};
	struct gw_im_msg m;
	char const *me = gw_sess_info(r->sess)->user, *enc = NULL;
	size_t ok = 0;
	int e, done = 0;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	sm = &p->u.send_message_request;
	info = sm->message_info;
	if ((e = content_check(r, info, sm->content_data, &enc, &done)) != 0 || done)
		return e;
	if (info->sender && info->sender->user && info->sender->user->user_id) {
		char *claimed = NULL;
		char const *why = NULL;

		if (user_norm(r->srv, r->home, info->sender->user->user_id, &claimed, &why) != 0 ||
		    strcmp(claimed, me) != 0)
			gw_notice("im: SendMessage of %s names Sender %.80s: ignored", me,
				  info->sender->user->user_id);
	}
	if ((e = resolve(r, info->recipient, me, &o)) != 0)
		return e;
	if (o.overflow)
		return bad(r, 402, su_sprintf(r->home, "More than %d recipients in Recipient",
					      GW_IM_RECIPIENTS_MAX));
	if (o.n == 0)
		return bad(r, 402, "No User, ContactList or Group in Recipient");
	m = (struct gw_im_msg){
		.mid = make_mid(r), .sender = me, .content_type = info->content_type,
		.encoding = enc, .content = sm->content_data, .len = strlen(sm->content_data),
		.date = r->now, .validity = info->validity > 0 ? info->validity : 0,
		.delivery_report = sm->delivery_report == CSP_T,
	};
	if (m.mid == NULL || (e = store_all(r, &o, &m)) != 0)
		return ENOMEM;
	if ((a = csp_prim_new(r->home, CSP_PRIM_SEND_MESSAGE_RESPONSE)) == NULL ||
	    (a->u.send_message_response.result = outcome_result(r, &o, &ok)) == NULL)
		return ENOMEM;
	if (ok)
		a->u.send_message_response.message_id = m.mid;
	if (ok < o.n)
		gw_info("im: SendMessage %s of %s: %zu of %zu recipients refused (%ld)", m.mid, me,
			o.n - ok, o.n, a->u.send_message_response.result->code);
	return set_answer(r, a);
}

/* --- ForwardMessage ------------------------------------------------------------------------- */

static int h_forward(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_forward_message_request *fm;
	struct gw_im_row *row = NULL;
	struct outcomes o = {0};
	struct gw_im_msg m;
	char const *me = gw_sess_info(r->sess)->user;
	size_t ok = 0;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	fm = &p->u.forward_message_request;
	e = gw_im_row_get(r->srv, r->home, r->sess->key, fm->message_id, &row);
	if (e == ENOENT)
		return bad(r, 426, su_sprintf(r->home, "Invalid message ID %.80s", fm->message_id));
	if (e)
		return e;
	if ((e = resolve(r, fm->recipient, me, &o)) != 0)
		return e;
	if (o.overflow)
		return bad(r, 402, su_sprintf(r->home, "More than %d recipients in Recipient",
					      GW_IM_RECIPIENTS_MAX));
	if (o.n == 0)
		return bad(r, 402, "No User, ContactList or Group in Recipient");
	m = (struct gw_im_msg){
		.mid = make_mid(r), .sender = me, .content_type = row->content_type,
		.encoding = row->encoding, .content = row->content, .len = row->len,
		.date = r->now, .validity = 0, .delivery_report = 0,
	};
	if (m.mid == NULL || (e = store_all(r, &o, &m)) != 0)
		return ENOMEM;
	if ((a = csp_prim_new(r->home, CSP_PRIM_STATUS)) == NULL ||
	    (a->u.status.result = outcome_result(r, &o, &ok)) == NULL)
		return ENOMEM;
	if (ok) {
		char *desc = su_sprintf(r->home, "Forwarded by the recipient as %s", m.mid);

		gw_im_finish(r->srv, row->id, 541, desc, r->now);
	}
	return set_answer(r, a);
}

/* --- SetDeliveryMethod ---------------------------------------------------------------------- */

static int h_set_delivery(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_set_delivery_method_request *dm;
	struct gw_sess *s = r->sess;
	enum gw_delivery method;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	dm = &p->u.set_delivery_method_request;
	if (dm->group_id)
		return bad(r, 405, "Groups are not supported (GroupID in "
			   "SetDeliveryMethod-Request)");
	if (strcasecmp(dm->delivery_method, "P") == 0)
		method = GW_DELIVERY_PUSH;
	else if (strcasecmp(dm->delivery_method, "N") == 0)
		method = GW_DELIVERY_NOTIFY;
	else
		return bad(r, 402, su_sprintf(r->home, "Invalid DeliveryMethod %.20s (P or N)",
					      dm->delivery_method));
	s->info.delivery = method;
	if (dm->accepted_content_length >= 0)
		s->info.accepted_content_length = dm->accepted_content_length;
	if ((e = gw_sess_save_caps(s)) != 0)
		return e;
	gw_info("im: session %.8s of %s: delivery %s, AcceptedContentLength %lld", s->id, s->user,
		method == GW_DELIVERY_PUSH ? "push" : "notify/get",
		(long long)s->info.accepted_content_length);
	return gw_req_status(r, 200, NULL);
}

/* --- GetMessageList ------------------------------------------------------------------------- */

struct list_ctx {
	struct gw_req *r;
	struct csp_message_info *v;
	size_t n, max;
	long total;
	int err;
};

static int list_row(void *arg, struct gw_msg const *m)
{
	struct list_ctx *l = arg;
	struct gw_im_row *row = NULL;
	struct csp_message_info *info;

	if ((l->err = gw_im_row_decode(l->r->home, m, &row)) != 0)
		return l->err;
	if (row->kind != GW_IM_MESSAGE)
		return 0;
	l->total++;
	if (l->n >= l->max)
		return 0;	/* counted only */
	if ((info = gw_im_row_info(l->r->srv, l->r->home, row)) == NULL)
		return l->err = ENOMEM;
	l->v[l->n++] = *info;
	return 0;
}

static int h_get_list(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_get_message_list_request *gl;
	struct list_ctx l = {.r = r, .max = GW_IM_LIST_MAX};
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	gl = &p->u.get_message_list_request;
	if (gl->group_id)
		return bad(r, 405, "Groups are not supported (GroupID in GetMessageList-Request)");
	if (gl->message_count >= 0 && (size_t)gl->message_count < l.max)
		l.max = (size_t)gl->message_count;
	if ((l.v = su_zalloc(r->home, (l.max ? l.max : 1) * sizeof *l.v)) == NULL)
		return ENOMEM;
	e = gw_store_msg_each(r->srv->store, r->sess->key, -1, list_row, &l);
	if (e == ENOMEM || l.err == ENOMEM)
		return ENOMEM;
	if (e)
		return e;
	if ((a = csp_prim_new(r->home, CSP_PRIM_GET_MESSAGE_LIST_RESPONSE)) == NULL)
		return ENOMEM;
	a->u.get_message_list_response.message_infos.v = l.v;
	a->u.get_message_list_response.message_infos.n = l.n;
	if (r->msg->version >= CSP_V13)
		a->u.get_message_list_response.message_total_count = l.total;
	return set_answer(r, a);
}

/* --- GetMessage, MessageDelivered (Request), RejectMessage -------------------------------- */

static int h_get(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct gw_im_row *row = NULL;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	e = gw_im_row_get(r->srv, r->home, r->sess->key, p->u.message_id.message_id, &row);
	if (e == ENOENT)
		return bad(r, 426, su_sprintf(r->home, "Invalid message ID %.80s",
					      p->u.message_id.message_id));
	if (e)
		return e;
	if ((a = csp_prim_new(r->home, CSP_PRIM_GET_MESSAGE_RESPONSE)) == NULL ||
	    (a->u.message.message_info = gw_im_row_info(r->srv, r->home, row)) == NULL)
		return ENOMEM;
	a->u.message.content_data = row->content;
	gw_info("im: %s fetched by session %.8s of %s", row->mid, r->sess->id, who(r));
	return set_answer(r, a);
}

static int h_delivered(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct gw_im_row *row = NULL;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	e = gw_im_row_get(r->srv, r->home, r->sess->key, p->u.message_id.message_id, &row);
	if (e == 0)
		e = gw_im_finish(r->srv, row->id, 200, NULL, r->now);
	if (e == ENOENT)
		return bad(r, 426, su_sprintf(r->home, "Invalid message ID %.80s",
					      p->u.message_id.message_id));
	if (e)
		return e;
	return gw_req_status(r, 200, NULL);
}

static int h_reject(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_strs const *ids;
	struct outcomes o = {.max = CSP_PRIM_MAX_REPEAT};
	size_t ok = 0;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	ids = &p->u.reject_message_request.message_ids;
	for (size_t i = 0; i < ids->n; i++) {
		struct gw_im_row *row = NULL;
		struct outcome *x = outcome_add(r->home, &o);

		if (x == NULL)
			return ENOMEM;
		x->mid = ids->v[i];
		e = gw_im_row_get(r->srv, r->home, r->sess->key, ids->v[i], &row);
		if (e == 0)
			e = gw_im_finish(r->srv, row->id, 538, "Rejected by the recipient", r->now);
		if (e == ENOENT) {
			x->code = 426;
			x->desc = su_sprintf(r->home, "Invalid message ID %.80s", ids->v[i]);
		} else if (e) {
			return e;
		}
	}
	if ((a = csp_prim_new(r->home, CSP_PRIM_STATUS)) == NULL ||
	    (a->u.status.result = outcome_result(r, &o, &ok)) == NULL)
		return ENOMEM;
	if (ok < o.n)
		gw_notice("im: RejectMessage of %s: %zu of %zu MessageIDs unknown", who(r),
			  o.n - ok, o.n);
	return set_answer(r, a);
}

/* --- the handler table ---------------------------------------------------------------------- */

/* Function codes and groups of the 1.1 DTD: IMFeat(IMSendFunc(MDELIV, FWMSG),
 * IMReceiveFunc(SETD, GETLM, GETM, REJCM, NOTIF, NEWM)). GLBLU and BLENT (IMAuthFunc) are the
 * presence part's (block lists). Rows without a function only advertise what we send. */
struct gw_handler const gw_im_handlers[] = {
	{"SendMessage-Request", GW_H_SESSION, h_send, "MDELIV", "IMFeat", "IMSendFunc"},
	{"ForwardMessage-Request", GW_H_SESSION, h_forward, "FWMSG", "IMFeat", "IMSendFunc"},
	{"SetDeliveryMethod-Request", GW_H_SESSION, h_set_delivery, "SETD", "IMFeat",
	 "IMReceiveFunc"},
	{"GetMessageList-Request", GW_H_SESSION, h_get_list, "GETLM", "IMFeat", "IMReceiveFunc"},
	{"GetMessage-Request", GW_H_SESSION, h_get, "GETM", "IMFeat", "IMReceiveFunc"},
	{"MessageDelivered", GW_H_SESSION, h_delivered, "GETM", "IMFeat", "IMReceiveFunc"},
	{"RejectMessage-Request", GW_H_SESSION, h_reject, "REJCM", "IMFeat", "IMReceiveFunc"},
	{"MessageNotification", 0, NULL, "NOTIF", "IMFeat", "IMReceiveFunc"},
	{"NewMessage", 0, NULL, "NEWM", "IMFeat", "IMReceiveFunc"},
	{NULL, 0, NULL, NULL, NULL, NULL},
};
