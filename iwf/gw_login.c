/* iwf/gw_login.c: Login (two/four-way), Logout, KeepAlive, ClientCapability, Service, GetSPInfo. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "iwf/gw_cred.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"
#include "mapping/map_status.h"

/*
 * Choices (documented for operators in the final report and here):
 * - Unknown user: 531 "Unknown user" (the IMPS code for it), on either leg of a four-way
 *   login. This tells a prober which names exist; 409 would hide it, but 531 is what the
 *   clients we know display distinctly.
 * - Wrong password or digest: 409 "Invalid password".
 * - Four-way login: the first leg is answered 401 with Nonce and the DigestSchema chosen
 *   (the client's first of MD5/SHA; SHA1 and SHA-1 are read as SHA). A user stored with a
 *   crypt: credential cannot do a digest login: 543 "No matching digest scheme". A request
 *   with neither Password nor DigestSchema/DigestBytes starts a four-way login with MD5.
 *   Nonces are single use and live GW_NONCE_KEEP_S seconds, keyed by user and ClientID.
 * - A login with the UserID and ClientID of a live session replaces it: the old one gets
 *   Disconnect 601. More than GW_SESS_PER_USER_MAX sessions of one user: 603.
 * - KeepAliveTime = the client's TimeToLive clamped to session.keepalive_min..max
 *   (session.keepalive_default when it asks for none); a clamped value is still 200.
 * - ClientCapability: the agreed list is the client's, with bearer HTTP, MultiTrans cut to
 *   GW_MULTITRANS_MAX, CIR methods cut to STCP (when cir.tcp_listen is set) and SHTTP (1.2+,
 *   polling every ServerPollMin; no CIRURL), ServerPollMin = session.poll_min. It is sent as
 *   CapabilityList in every version (what AOSP and impsc read).
 */

/* --- helpers ------------------------------------------------------------------------------ */

static int64_t ms_to_s(int64_t ms)
{
	return (ms + 999) / 1000;
}

int64_t gw_login_clamp_ttl(struct gw_server const *srv, long ttl)
{
	int64_t lo = ms_to_s(srv->cfg->session_keepalive_min);
	int64_t hi = ms_to_s(srv->cfg->session_keepalive_max);
	int64_t v = ttl < 0 ? ms_to_s(srv->cfg->session_keepalive_default) : (int64_t)ttl;

	if (v < lo)
		v = lo;
	if (v > hi)
		v = hi;
	return v;
}

static struct schema_row {
	char const *name;
	char const *schema;
} const schema_rows[] = {
	{"MD5", "MD5"},
	{"SHA", "SHA"},
	{"SHA1", "SHA"},
	{"SHA-1", "SHA"},
	{NULL, NULL},	/* default: unknown */
};

char const *gw_login_schema(char const *name)
{
	struct schema_row const *r = schema_rows;

	while (r->name && (name == NULL || strcasecmp(r->name, name) != 0))
		r++;
	return r->schema;
}

/* The first schema of the client's DigestSchema elements (each may be a comma list, as in
 * the 1.1 examples) that we support; NULL when none. */
static char const *pick_schema(struct csp_strs const *l)
{
	for (size_t i = 0; i < l->n; i++) {
		char word[32];
		char const *p = l->v[i];

		while (p && *p) {
			size_t n = strcspn(p, ", \t");

			if (n > 0 && n < sizeof word) {
				memcpy(word, p, n);
				word[n] = '\0';
				if (gw_login_schema(word))
					return gw_login_schema(word);
			}
			p += n;
			p += strspn(p, ", \t");
		}
	}
	return NULL;
}

static char const *client_id_text(struct imps_client_id const *c)
{
	if (c->url && *c->url)
		return c->url;
	if (c->msisdn && *c->msisdn)
		return c->msisdn;
	return c->text ? c->text : "";
}

/* Answers a primitive that csp_prim refused. */
static int refused(struct gw_req *r, int e, struct csp_prim_error const *pe)
{
	if (e == ENOMEM)
		return ENOMEM;
	gw_notice("csp: %s from %s refused: %s", r->prim->name, gw_csp_peer(),
		  pe->desc[0] ? pe->desc : strerror(e));
	return gw_req_status(r, e == EPROTO && pe->status ? pe->status : 400,
			     pe->desc[0] ? pe->desc : "Bad request");
}

static int set_answer(struct gw_req *r, struct csp_prim const *p)
{
	struct csp_node *n = NULL;
	int e = csp_prim_to_node(r->home, p, NULL, &n);

	if (e)
		return e;
	r->answer = n;
	return 0;
}

/* --- Login ---------------------------------------------------------------------------------- */

/* A Login-Response with the client's ClientID and Result(code, desc); NULL on ENOMEM. */
static struct csp_prim *login_response(struct gw_req *r, struct csp_login_request const *lr,
				       int code, char const *desc)
{
	struct csp_prim *p = csp_prim_new(r->home, CSP_PRIM_LOGIN_RESPONSE);

	if (p == NULL)
		return NULL;
	p->u.login_response.client_id = lr->client_id;
	p->u.login_response.result = csp_result_new(r->home, code,
						    desc ? desc : map_imps_code_desc(code));
	return p->u.login_response.result ? p : NULL;
}

static struct gw_nonce *nonce_find(struct gw_server *srv, char const *key, char const *cid)
{
	for (unsigned i = 0; i < GW_NONCE_MAX; i++) {
		struct gw_nonce *n = &srv->sessions->nonces[i];

		if (n->when && strcmp(n->user, key) == 0 && strcmp(n->client_id, cid) == 0)
			return n;
	}
	return NULL;
}

static struct gw_nonce *nonce_new(struct gw_server *srv, char const *key, char const *cid,
				  char const *schema, int64_t now)
{
	struct gw_nonce *n = nonce_find(srv, key, cid);

	if (strlen(key) >= sizeof n->user || strlen(cid) >= sizeof n->client_id)
		return NULL;
	if (n == NULL)
		n = &srv->sessions->nonces[srv->sessions->nonce_next++ % GW_NONCE_MAX];
	memset(n, 0, sizeof *n);
	if (gw_cred_nonce(n->nonce, sizeof n->nonce) != 0)
		return NULL;
	strcpy(n->user, key);
	strcpy(n->client_id, cid);
	snprintf(n->schema, sizeof n->schema, "%s", schema);
	n->when = now;
	return n;
}

static int login_fail(struct gw_req *r, struct csp_login_request const *lr, int code,
		      char const *desc, char const *user, char const *why)
{
	struct gw_server *srv = r->srv;

	struct csp_prim *p = login_response(r, lr, code, desc);

	srv->sessions->login_failures++;
	gw_notice("login of %s from %s refused: %s (%d)", user, gw_csp_peer(), why, code);
	return p ? set_answer(r, p) : ENOMEM;
}

int gw_login_h_login(struct gw_req *r)
{
	struct gw_server *srv = r->srv;
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_login_request *lr;
	struct csp_login_response *ans;
	char *addr = NULL, *key, *cred = NULL;
	char const *why = NULL, *cid, *schema;
	struct gw_sess *s, *old, *next;
	int e;

	e = csp_prim_from_node(r->home, r->prim, &p, &pe);
	if (e == EPROTO && pe.element && strcmp(pe.element, "SessionCookie") == 0) {
		/* Lenient: some clients leave the cookie out (it is only echoed in WVCI). */
		struct csp_node *copy = csp_node_dup(r->home, r->prim);

		if (copy == NULL || !csp_node_add_text(r->home, copy, "SessionCookie", ""))
			return ENOMEM;
		e = csp_prim_from_node(r->home, copy, &p, &pe);
	}
	if (e)
		return refused(r, e, &pe);
	lr = &p->u.login_request;
	if (lr->session_cookie && *lr->session_cookie == '\0')
		lr->session_cookie = NULL;
	cid = client_id_text(&lr->client_id);
	if (strlen(cid) >= GW_CLIENT_ID_MAX || (lr->session_cookie &&
						  strlen(lr->session_cookie) >= GW_ID_MAX))
		return login_fail(r, lr, 402, "ClientID or SessionCookie too long", "?",
				  "ClientID or SessionCookie too long");
	if (gw_user_norm(srv, r->home, lr->user_id, &addr, &why) != 0)
		return login_fail(r, lr, 402, "Invalid UserID", "?", why ? why :
				  "invalid UserID");
	key = gw_user_key(srv, r->home, addr);
	if (key == NULL)
		return login_fail(r, lr, 531, "Unknown user (not of this domain)", addr,
				  "not a user of this domain");
	e = gw_store_user_cred(srv->store, r->home, key, &cred);
	if (e == ENOENT)
		return login_fail(r, lr, 531, "Unknown user", addr, "no such user");
	if (e)
		return e;

	if (lr->password) {
		e = gw_cred_check(cred, lr->password);
		if (e == EACCES)
			return login_fail(r, lr, 409, "Invalid password", addr, "wrong password");
		if (e)
			return e;
	} else if (lr->digest_bytes) {
		struct gw_nonce *n = nonce_find(srv, key, cid);

		if (n == NULL || r->now - n->when > GW_NONCE_KEEP_S)
			return login_fail(r, lr, 409, "No login in progress: start again",
					  addr, "digest without a valid nonce");
		e = gw_cred_check_digest(cred, n->schema, n->nonce, lr->digest_bytes);
		memset(n, 0, sizeof *n);	/* single use */
		if (e == EACCES)
			return login_fail(r, lr, 409, "Invalid password", addr, "wrong digest");
		if (e == ENOTSUP)
			return login_fail(r, lr, 543, NULL, addr, "digest impossible");
		if (e)
			return e;
	} else {
		struct gw_nonce *n;

		schema = lr->digest_schemas.n ? pick_schema(&lr->digest_schemas) : "MD5";
		if (schema == NULL)
			return login_fail(r, lr, 543, NULL, addr, "no digest schema in common");
		if (!gw_cred_can_digest(cred))
			return login_fail(r, lr, 543, "No matching digest scheme (use a password)",
					  addr, "credential cannot do a digest login");
		if ((n = nonce_new(srv, key, cid, schema, r->now)) == NULL)
			return EIO;
		if ((a = login_response(r, lr, 401, "Further authorization required")) == NULL)
			return ENOMEM;
		ans = &a->u.login_response;
		ans->nonce = su_strdup(r->home, n->nonce);
		ans->digest_schemas.v = su_alloc(r->home, sizeof *ans->digest_schemas.v);
		if (!ans->nonce || !ans->digest_schemas.v)
			return ENOMEM;
		ans->digest_schemas.v[0] = schema;
		ans->digest_schemas.n = 1;
		gw_info("login of %s: four-way, nonce sent (%s)", addr, schema);
		return set_answer(r, a);
	}

	/* Authenticated. Replace a session of the same client. */
	for (old = gw_sess_next_of_user(srv, addr, NULL); old; old = next) {
		next = gw_sess_next_of_user(srv, addr, old);
		if (strcmp(old->client_id, cid) == 0)
			gw_sess_force_logout(old, "Logged in again from the same client");
	}
	e = gw_sess_create(srv, &(struct gw_sess_new){
		.user = addr, .key = key, .client_id = cid, .cookie = lr->session_cookie,
		.ttl = gw_login_clamp_ttl(srv, lr->time_to_live), .version = r->msg->version,
		.enc = r->sess ? r->sess->enc : CSP_ENC_XML, .peer = NULL}, r->now, &s);
	if (e == EAGAIN)
		return login_fail(r, lr, 503, "Too many sessions on this server", addr,
				  "session table full");
	if (e == EUSERS)
		return login_fail(r, lr, 603, "Too many sessions of this user", addr,
				  "too many sessions of the user");
	if (e)
		return e;
	r->sess = s;
	if ((a = login_response(r, lr, 200, "Successfully logged in")) == NULL)
		return ENOMEM;
	ans = &a->u.login_response;
	ans->session_id = s->id;
	ans->keep_alive_time = s->ttl;
	ans->capability_request = CSP_T;
	return set_answer(r, a);
}

/* --- Logout, KeepAlive ----------------------------------------------------------------------- */

int gw_login_h_logout(struct gw_req *r)
{
	struct csp_node *d = gw_req_answer(r, "Disconnect");

	if (d == NULL || gw_result_add(r->home, d, 200, "Successfully logged out") == NULL)
		return ENOMEM;
	gw_sess_end(r->sess, 0, "logout");
	return 0;
}

int gw_login_h_keepalive(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct gw_sess *s = r->sess;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	if (p->u.keepalive_request.time_to_live >= 0) {
		int64_t ttl = gw_login_clamp_ttl(r->srv, p->u.keepalive_request.time_to_live);

		if (ttl != s->ttl && (e = gw_store_session_set_ttl(r->srv->store, s->id, ttl)) != 0)
			return e;
		s->ttl = ttl;
	}
	if ((a = csp_prim_new(r->home, CSP_PRIM_KEEPALIVE_RESPONSE)) == NULL ||
	    (a->u.keepalive_response.result = csp_result_new(r->home, 200,
							     "Successfully completed")) == NULL)
		return ENOMEM;
	a->u.keepalive_response.keep_alive_time = s->ttl;
	return set_answer(r, a);
}

/* --- ClientCapability ----------------------------------------------------------------------- */

static int strs_has(struct csp_strs const *l, char const *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] && strcasecmp(l->v[i], v) == 0)
			return 1;
	return 0;
}

static int strs_set(su_home_t *home, struct csp_strs *l, char const *const *v, size_t n)
{
	l->n = 0;
	if (n == 0) {
		l->v = NULL;
		return 0;
	}
	if ((l->v = su_alloc(home, n * sizeof *l->v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++)
		l->v[i] = v[i];
	l->n = n;
	return 0;
}

int gw_login_h_capability(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	struct csp_capability_list const *in;
	struct csp_capability_list *out;
	struct gw_sess *s = r->sess;
	char const *cir[2];
	char const *http = "HTTP";
	size_t ncir = 0;
	unsigned methods = 0;
	char port[24];
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	in = p->u.client_capability.capability_list ? p->u.client_capability.capability_list :
		p->u.client_capability.agreed;
	if (in == NULL)
		return gw_req_status(r, 402, "Missing CapabilityList");
	if ((a = csp_prim_new(r->home, CSP_PRIM_CLIENT_CAPABILITY_RESPONSE)) == NULL ||
	    (out = csp_struct_new(r->home, &csp_desc_capability_list)) == NULL)
		return ENOMEM;
	a->u.client_capability.client_id = p->u.client_capability.client_id;
	if (r->msg->version == CSP_V11 && !a->u.client_capability.client_id.present) {
		a->u.client_capability.client_id.present = 1;
		a->u.client_capability.client_id.url = s->client_id;
	}
	a->u.client_capability.capability_list = out;

	out->client_type = in->client_type;
	out->initial_delivery_method = in->initial_delivery_method &&
		strcasecmp(in->initial_delivery_method, "N") == 0 ? "N" : "P";
	out->any_content = in->any_content;
	out->accepted_charsets = in->accepted_charsets;
	out->accepted_content_types = in->accepted_content_types;
	out->accepted_transfer_encodings = in->accepted_transfer_encodings;
	out->accepted_content_length = in->accepted_content_length;
	if ((e = strs_set(r->home, &out->supported_bearers, &http, 1)) != 0)
		return e;
	out->multi_trans = in->multi_trans >= 1 ?
		(in->multi_trans > GW_MULTITRANS_MAX ? GW_MULTITRANS_MAX : in->multi_trans) : 1;
	out->parser_size = in->parser_size;
	if (gw_cir_tcp_port(r->srv) && strs_has(&in->supported_cir_methods, "STCP")) {
		cir[ncir++] = "STCP";
		methods |= GW_CIR_STCP;
		out->tcp_address = gw_cir_tcp_address(r->srv);
		out->tcp_port = gw_cir_tcp_port(r->srv);
	}
	if (r->msg->version >= CSP_V12 && strs_has(&in->supported_cir_methods, "SHTTP")) {
		cir[ncir++] = "SHTTP";
		methods |= GW_CIR_SHTTP;
	}
	if ((e = strs_set(r->home, &out->supported_cir_methods, cir, ncir)) != 0)
		return e;
	out->server_poll_min = (long)ms_to_s(r->srv->cfg->session_poll_min);
	out->default_language = in->default_language;
	out->accepted_pull_length = in->accepted_pull_length;
	out->accepted_push_length = in->accepted_push_length;
	out->accepted_text_content_length = in->accepted_text_content_length;
	if (r->msg->version >= CSP_V13 && in->multi_trans_per_message >= 1)
		out->multi_trans_per_message = in->multi_trans_per_message > GW_MULTITRANS_MAX ?
			GW_MULTITRANS_MAX : in->multi_trans_per_message;

	s->info.delivery = out->initial_delivery_method[0] == 'N' ? GW_DELIVERY_NOTIFY :
		GW_DELIVERY_PUSH;
	s->info.accepted_content_length = in->accepted_content_length > 0 ?
		in->accepted_content_length : 0;
	s->multi_trans = out->multi_trans;
	s->cir_methods = methods;
	s->caps_agreed = 1;
	if ((e = gw_sess_save_caps(s)) != 0)
		return e;
	snprintf(port, sizeof port, "%ld", out->tcp_port > 0 ? out->tcp_port : 0L);
	gw_info("session %.8s: capabilities agreed (delivery %s, MultiTrans %ld, CIR%s%s%s)",
		s->id, out->initial_delivery_method, out->multi_trans,
		methods & GW_CIR_STCP ? " STCP:" : "", methods & GW_CIR_STCP ? port : "",
		methods & GW_CIR_SHTTP ? " SHTTP" : methods ? "" : " none");
	return set_answer(r, a);
}

/* --- Service -------------------------------------------------------------------------------- */

static struct gw_handler const *const *tables(void)
{
	static struct gw_handler const *const t[] = {
		gw_session_handlers, gw_presence_handlers, gw_list_handlers, gw_im_handlers, NULL,
	};

	return t;
}

uint64_t gw_login_functions(void)
{
	csp_func_set set = 0;

	for (struct gw_handler const *const *t = tables(); *t; t++)
		for (struct gw_handler const *h = *t; h->prim; h++) {
			if (h->function)
				set |= csp_func_by_name(h->function);
			if (h->fn && strcmp(h->prim, "PresenceAuth-User") == 0)
				set |= csp_func_by_name("REACT");
		}
	return set;
}

int gw_login_h_service(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL, *a;
	csp_func_set ours = gw_login_functions();
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return refused(r, e, &pe);
	if ((a = csp_prim_new(r->home, CSP_PRIM_SERVICE_RESPONSE)) == NULL)
		return ENOMEM;
	a->u.service_response.client_id = p->u.service_request.client_id;
	if (r->msg->version == CSP_V11 && !a->u.service_response.client_id.present) {
		a->u.service_response.client_id.present = 1;
		a->u.service_response.client_id.url = r->sess->client_id;
	}
	a->u.service_response.functions.present = 1;
	a->u.service_response.functions.set = p->u.service_request.functions.set & ours;
	if (p->u.service_request.all_functions_request == CSP_T) {
		a->u.service_response.all_functions.present = 1;
		a->u.service_response.all_functions.set = ours;
	}
	return set_answer(r, a);
}

/* --- GetSPInfo (1.1) ---------------------------------------------------------------------- */

int gw_login_h_getspinfo(struct gw_req *r)
{
	struct csp_node *a = gw_req_answer(r, "GetSPInfo-Response");

	if (a == NULL || !csp_node_add_text(r->home, a, "Name", r->srv->cfg->imps_domain) ||
	    !csp_node_add_text(r->home, a, "Description", "iwf IMPS CSP server"))
		return ENOMEM;
	return 0;
}
