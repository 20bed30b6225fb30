/* iwf/gw_session.c: IMPS sessions (not links): registry, IDs, expiry, server transaction queue. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define SU_TIMER_ARG_T struct gw_server

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_wait.h>

#include "imps/csp.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"

/*
 * Memory: each session is its own su_home (s->home); each queued transaction has its own
 * home too, so that answered ones are freed while the session lives on.
 *
 * The queue is kept twice: in the store (session_tx, the truth, written before anything is
 * offered) and in memory (for speed). A session_tx body is "REF\0XML": the owner's reference,
 * a NUL, then the canonical XML of a one-transaction CSP 1.2 message carrying the primitive.
 *
 * The session row's `caps` column (opaque to the store) holds what this file needs back
 * after a restart: "v=12 e=0 d=0 acl=0 mt=1 cir=0 ag=0" (version, encoding, delivery
 * method, AcceptedContentLength, MultiTrans, CIR methods, capabilities agreed).
 */

#define BUCKETS 1024
#define STORE_VERSION CSP_V12

struct qitem_home {
	su_home_t home[1];	/* first: the item is its own home */
	struct gw_qitem q;
};

/* Per-session links of the by-user chain live in this wrapper. */
struct sess_home {
	su_home_t home[1];	/* first: the session is its own home */
	struct gw_sess s;
	struct sess_home *unext, **uprevp;
	int busy;
	int linked;
};

/* The registry's hash tables (by SessionID, by user), beside struct gw_sessions. */
struct registry {
	struct gw_sess *by_id[BUCKETS];
	struct sess_home *by_user[BUCKETS];
};

static struct sess_home *sh_of(struct gw_sess *s)
{
	return (struct sess_home *)((char *)s - offsetof(struct sess_home, s));
}

static struct registry *reg_of(struct gw_server *srv)
{
	return (struct registry *)(srv->sessions + 1);
}

static unsigned hash(char const *s)
{
	/* FNV-1a: bucket choice only. */
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % BUCKETS;
}

int64_t gw_now(struct gw_server const *srv)
{
	return srv->clock ? srv->clock() : (int64_t)time(NULL);
}

/* --- registry ----------------------------------------------------------------------------- */

static void link_sess(struct gw_server *srv, struct gw_sess *s)
{
	struct registry *r = reg_of(srv);
	struct sess_home *sh = sh_of(s);
	unsigned hi = hash(s->id), hu = hash(s->user);

	if ((s->next = r->by_id[hi]) != NULL)
		s->next->prevp = &s->next;
	r->by_id[hi] = s;
	s->prevp = &r->by_id[hi];

	struct sess_home **head = &r->by_user[hu];

	if ((sh->unext = *head) != NULL)
		sh->unext->uprevp = &sh->unext;
	*head = sh;
	sh->uprevp = head;
	sh->linked = 1;
	srv->sessions->count++;
}

static void unlink_sess(struct gw_server *srv, struct gw_sess *s)
{
	struct sess_home *sh = sh_of(s);

	if (!sh->linked)
		return;
	if ((*s->prevp = s->next) != NULL)
		s->next->prevp = s->prevp;
	if ((*sh->uprevp = sh->unext) != NULL)
		sh->unext->uprevp = sh->uprevp;
	sh->linked = 0;
	srv->sessions->count--;
}

struct gw_sess *gw_sess_find(struct gw_server *srv, char const *id)
{
	if (srv->sessions == NULL || id == NULL)
		return NULL;
	for (struct gw_sess *s = reg_of(srv)->by_id[hash(id)]; s; s = s->next)
		if (strcmp(s->id, id) == 0)
			return s;
	return NULL;
}

struct gw_sess *gw_sess_next_of_user(struct gw_server *srv, char const *user,
				     struct gw_sess *prev)
{
	struct sess_home *sh;

	if (srv->sessions == NULL || user == NULL)
		return NULL;
	sh = prev ? sh_of(prev)->unext : reg_of(srv)->by_user[hash(user)];
	for (; sh; sh = sh->unext)
		if (sh->s.state == GW_SESS_ACTIVE && strcmp(sh->s.user, user) == 0)
			return &sh->s;
	return NULL;
}

int gw_user_online(struct gw_server *srv, char const *user)
{
	return gw_sess_next_of_user(srv, user, NULL) != NULL;
}

int gw_user_exists(struct gw_server *srv, char const *user)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *key = gw_user_key(srv, home, user), *cred = NULL;
	int found = key && gw_store_user_cred(srv->store, home, key, &cred) == 0;

	su_home_deinit(home);
	return found;
}

struct gw_sess_info const *gw_sess_info(struct gw_sess const *s)
{
	return s ? &s->info : NULL;
}

void gw_sessions_each(struct gw_server *srv, void (*fn)(void *arg, struct gw_sess *s), void *arg)
{
	if (srv->sessions == NULL)
		return;
	for (unsigned i = 0; i < BUCKETS; i++)
		for (struct gw_sess *s = reg_of(srv)->by_id[i]; s; s = s->next)
			fn(arg, s);
}

/* --- tombstones: ended sessions answer 600/601 for a while -------------------------------- */

static void tomb_add(struct gw_server *srv, char const *id, int code, int64_t now)
{
	struct gw_sessions *ss = srv->sessions;
	struct gw_tomb *t = &ss->tombs[ss->tomb_next++ % GW_TOMB_MAX];

	if (strlen(id) >= sizeof t->id)
		return;	/* not one of our IDs */
	strcpy(t->id, id);
	t->code = code;
	t->when = now;
}

int gw_sess_gone_code(struct gw_server *srv, char const *id)
{
	int64_t now = gw_now(srv);

	for (unsigned i = 0; id && srv->sessions && i < GW_TOMB_MAX; i++) {
		struct gw_tomb const *t = &srv->sessions->tombs[i];

		if (t->code && now - t->when <= GW_TOMB_KEEP_S && strcmp(t->id, id) == 0)
			return t->code;
	}
	return 604;
}

/* --- the caps column ---------------------------------------------------------------------- */

static char *caps_text(su_home_t *home, struct gw_sess const *s)
{
	return su_sprintf(home, "v=%d e=%d d=%d acl=%lld mt=%ld cir=%u ag=%d", (int)s->info.version,
			  (int)s->enc, (int)s->info.delivery,
			  (long long)s->info.accepted_content_length, s->multi_trans,
			  s->cir_methods, s->caps_agreed);
}

static void caps_parse(struct gw_sess *s, char const *caps)
{
	int v = CSP_V12, e = 0, d = 0, ag = 0;
	long long acl = 0;
	long mt = 1;
	unsigned cir = 0;

	if (caps)
		sscanf(caps, "v=%d e=%d d=%d acl=%lld mt=%ld cir=%u ag=%d", &v, &e, &d, &acl, &mt,
		       &cir, &ag);
	s->info.version = (v == CSP_V11 || v == CSP_V12 || v == CSP_V13) ? (enum csp_version)v :
		CSP_V12;
	s->enc = e == CSP_ENC_WBXML ? CSP_ENC_WBXML : CSP_ENC_XML;
	s->info.delivery = d == GW_DELIVERY_NOTIFY ? GW_DELIVERY_NOTIFY : GW_DELIVERY_PUSH;
	s->info.accepted_content_length = acl > 0 ? acl : 0;
	s->multi_trans = mt >= 1 && mt <= GW_MULTITRANS_MAX ? mt : 1;
	s->cir_methods = cir & (GW_CIR_STCP | GW_CIR_SHTTP);
	s->caps_agreed = ag != 0;
}

int gw_sess_save_caps(struct gw_sess *s)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *caps = caps_text(home, s);
	int e = caps ? gw_store_session_set_caps(s->srv->store, s->id, caps) : ENOMEM;

	su_home_deinit(home);
	return e;
}

/* --- making sessions ---------------------------------------------------------------------- */

/* A session object with its strings, not yet linked. */
static struct gw_sess *sess_alloc(struct gw_server *srv, char const *id, char const *user,
				  char const *key, char const *client_id, char const *cookie)
{
	struct sess_home *sh = su_home_new(sizeof *sh);
	struct gw_sess *s;

	if (sh == NULL)
		return NULL;
	s = &sh->s;
	s->srv = srv;
	s->home = sh->home;
	s->id = su_strdup(s->home, id);
	s->user = su_strdup(s->home, user);
	s->key = su_strdup(s->home, key);
	s->client_id = su_strdup(s->home, client_id ? client_id : "");
	s->cookie = cookie ? su_strdup(s->home, cookie) : NULL;
	if (!s->id || !s->user || !s->key || !s->client_id || (cookie && !s->cookie)) {
		su_home_unref(sh->home);
		return NULL;
	}
	s->queue_tail = &s->queue;
	s->multi_trans = 1;
	s->info.id = s->id;
	s->info.user = s->user;
	s->info.client_id = s->client_id;
	s->info.version = CSP_V12;
	s->info.delivery = GW_DELIVERY_PUSH;
	return s;
}

static void qitem_free(struct gw_qitem *q)
{
	su_home_unref(((struct qitem_home *)((char *)q - offsetof(struct qitem_home, q)))->home);
}

static void sess_free(struct gw_sess *s)
{
	struct gw_qitem *q, *next;

	for (q = s->queue; q; q = next) {
		next = q->next;
		qitem_free(q);
	}
	s->queue = NULL;
	su_home_unref(sh_of(s)->home);
}

/* Hex of `n` random bytes from getrandom(); EIO when the kernel gives none. */
static int random_hex(char *out, size_t n)
{
	unsigned char b[64];
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

static unsigned user_sessions(struct gw_server *srv, char const *user)
{
	unsigned n = 0;

	for (struct gw_sess *s = gw_sess_next_of_user(srv, user, NULL); s;
	     s = gw_sess_next_of_user(srv, user, s))
		n++;
	return n;
}

int gw_sess_create(struct gw_server *srv, struct gw_sess_new const *n, int64_t now,
		   struct gw_sess **sp)
{
	char id[2 * GW_SESS_ID_BYTES + 1];
	struct gw_sess *s;
	char *caps;
	int e;

	if (srv->sessions->count >= GW_SESS_MAX)
		return EAGAIN;
	if (user_sessions(srv, n->user) >= GW_SESS_PER_USER_MAX)
		return EUSERS;
	do {
		if ((e = random_hex(id, GW_SESS_ID_BYTES)) != 0)
			return e;
	} while (gw_sess_find(srv, id));
	s = sess_alloc(srv, id, n->user, n->key, n->client_id, n->cookie);
	if (s == NULL)
		return ENOMEM;
	s->info.version = n->version;
	s->enc = n->enc;
	s->ttl = n->ttl;
	s->created = s->last_activity = s->stored_activity = now;
	if (n->peer)
		snprintf(s->peer, sizeof s->peer, "%s", n->peer);
	caps = caps_text(s->home, s);
	e = caps ? gw_store_session_add(srv->store, &(struct gw_session_rec){
		.id = s->id, .user = s->key, .client_id = s->client_id, .cookie = s->cookie,
		.ttl = s->ttl, .caps = caps, .created = now, .last_activity = now}) : ENOMEM;
	if (e) {
		sess_free(s);
		return e;
	}
	link_sess(srv, s);
	srv->sessions->logins++;
	gw_info("session %.8s: %s logged in (client %s, keep-alive %llds)", s->id, s->user,
		s->client_id, (long long)s->ttl);
	gw_presence_on_login(srv, s);
	gw_im_on_login(srv, s);
	*sp = s;
	return 0;
}

/* --- holding sessions while a request of them is handled ----------------------------------- */

void gw_sess_hold(struct gw_sess *s)
{
	sh_of(s)->busy++;
}

void gw_sess_release(struct gw_sess *s)
{
	struct sess_home *sh = sh_of(s);

	if (--sh->busy == 0 && s->ended)
		sess_free(s);
}

void gw_sess_end(struct gw_sess *s, int code, char const *why)
{
	struct gw_server *srv = s->srv;
	int e;

	if (s->ended)
		return;
	s->ended = 1;
	unlink_sess(srv, s);
	if (code)
		tomb_add(srv, s->id, code, gw_now(srv));
	if (code == 600)
		srv->sessions->expired++;
	else if (code == 601)
		srv->sessions->forced++;
	gw_info("session %.8s of %s ended (%s)", s->id, s->user, why ? why : "logout");
	if (!s->parts_out) {
		s->parts_out = 1;
		gw_presence_on_logout(srv, s);
		gw_im_on_logout(srv, s);
	}
	gw_cir_detach(s);
	if ((e = gw_store_session_delete(srv->store, s->id)) != 0 && e != ENOENT)
		gw_warning("session %.8s: while deleting it from the store: %s", s->id,
			   strerror(e));
	if (sh_of(s)->busy == 0)
		sess_free(s);
}

void gw_sess_touch(struct gw_sess *s, int64_t now, char const *peer)
{
	int64_t step = s->ttl / 10 > 1 ? s->ttl / 10 : 1;

	if (now > s->last_activity)
		s->last_activity = now;
	if (peer)
		snprintf(s->peer, sizeof s->peer, "%s", peer);
	/* The store lags by at most a tenth of the keep-alive time (fewer writes). */
	if (s->last_activity - s->stored_activity >= step &&
	    gw_store_session_touch(s->srv->store, s->id, s->last_activity) == 0)
		s->stored_activity = s->last_activity;
}

int gw_sess_is_expired(struct gw_sess const *s, int64_t now)
{
	return s->state == GW_SESS_ACTIVE && now > s->last_activity + s->ttl;
}

/* --- the queue ---------------------------------------------------------------------------- */

/* Encodes a queued transaction for session_tx: "REF\0XML". */
static int qitem_encode(su_home_t *home, struct gw_sess const *s, char const *tid,
			char const *ref, struct csp_node const *prim, char **bodyp, size_t *lenp)
{
	struct csp_transaction t = {.mode = CSP_REQUEST, .id = tid, .poll = CSP_ABSENT};
	struct csp_msg m = {
		.version = STORE_VERSION, .session_type = CSP_INBAND, .session_id = s->id,
		.poll = CSP_ABSENT, .cir = CSP_ABSENT, .trans = &t,
	};
	char *xml, *body;
	size_t xlen, rlen = strlen(ref);
	int e;

	if ((t.content = csp_node_dup(home, prim)) == NULL)
		return ENOMEM;
	if ((e = csp_build_xml(home, &m, &xml, &xlen)) != 0)
		return e;
	if ((body = su_alloc(home, rlen + 1 + xlen)) == NULL)
		return ENOMEM;
	memcpy(body, ref, rlen + 1);
	memcpy(body + rlen + 1, xml, xlen);
	*bodyp = body;
	*lenp = rlen + 1 + xlen;
	return 0;
}

/* A queue item in its own home from its parts (the primitive is copied). */
static struct gw_qitem *qitem_new(char const *tid, char const *kind, char const *ref,
				  struct csp_node const *prim, int64_t created)
{
	struct qitem_home *qh = su_home_new(sizeof *qh);
	struct gw_qitem *q;

	if (qh == NULL)
		return NULL;
	q = &qh->q;
	q->tid = su_strdup(qh->home, tid);
	q->kind = su_strdup(qh->home, kind);
	q->ref = su_strdup(qh->home, ref ? ref : "");
	q->prim = csp_node_dup(qh->home, prim);
	q->created = created;
	if (!q->tid || !q->kind || !q->ref || !q->prim) {
		su_home_unref(qh->home);
		return NULL;
	}
	return q;
}

static void queue_append(struct gw_sess *s, struct gw_qitem *q)
{
	q->next = NULL;
	*s->queue_tail = q;
	s->queue_tail = &q->next;
	s->queue_len++;
}

int gw_sess_push(struct gw_sess *s, struct csp_node const *prim, char const *ref,
		 su_home_t *home, char const **tidp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char tid[16];
	struct gw_qitem *q = NULL;
	int64_t now;
	int e = 0;

	if (s == NULL || prim == NULL || prim->name == NULL)
		return EINVAL;
	if (s->ended)
		return ENOENT;
	if (s->state == GW_SESS_CLOSING && strcmp(prim->name, "Disconnect") != 0)
		return ESHUTDOWN;
	if (s->queue_len >= GW_QUEUE_MAX)
		return E2BIG;
	now = gw_now(s->srv);
	for (int attempt = 0; attempt < 4; attempt++) {
		char *body;
		size_t len;

		tid[0] = 's';
		if ((e = random_hex(tid + 1, 6)) != 0 ||
		    (e = qitem_encode(tmp, s, tid, ref ? ref : "", prim, &body, &len)) != 0)
			break;
		e = gw_store_stx_add(s->srv->store, &(struct gw_stx){
			.session_id = s->id, .tx_id = tid, .kind = prim->name, .body = body,
			.body_len = len, .created = now});
		if (e != EEXIST)
			break;
	}
	su_home_deinit(tmp);
	if (e) {
		gw_warning("session %.8s: while queueing %s: %s", s->id, prim->name, strerror(e));
		return e;
	}
	if ((q = qitem_new(tid, prim->name, ref, prim, now)) == NULL) {
		gw_store_stx_ack(s->srv->store, s->id, tid);
		return ENOMEM;
	}
	queue_append(s, q);
	if (tidp && home && (*tidp = su_strdup(home, tid)) == NULL)
		return ENOMEM;	/* queued all the same */
	gw_debug("session %.8s: queued %s %s", s->id, prim->name, tid);
	gw_cir_wake(s);
	return 0;
}

static int offerable(struct gw_sess const *s, struct gw_qitem const *q, int64_t now)
{
	return q->sent == 0 || now - q->last_sent >= (int64_t)s->srv->sessions->resend_s;
}

unsigned gw_sess_offerable(struct gw_sess *s, int64_t now)
{
	unsigned n = 0;

	for (struct gw_qitem *q = s->queue; q; q = q->next)
		n += offerable(s, q, now);
	return n;
}

unsigned gw_sess_offer(struct gw_sess *s, int64_t now, unsigned max,
		       void (*fn)(void *arg, struct gw_qitem const *q), void *arg)
{
	unsigned n = 0;

	for (struct gw_qitem *q = s->queue; q && n < max; q = q->next) {
		if (!offerable(s, q, now))
			continue;
		gw_store_stx_sent(s->srv->store, s->id, q->tid, now);
		q->sent++;
		q->last_sent = now;
		fn(arg, q);
		n++;
	}
	return n;
}

/* Who is told of an answer, by the primitive we sent. */
typedef void ack_fn(struct gw_server *srv, struct gw_sess *s, char const *prim,
		    char const *ref, struct csp_node const *answer);

static void ack_disconnect(struct gw_server *srv, struct gw_sess *s, char const *prim,
			   char const *ref, struct csp_node const *answer)
{
	(void)srv;
	(void)prim;
	(void)ref;
	(void)answer;
	gw_sess_end(s, 601, "the client acknowledged its Disconnect");
}

static void ack_both(struct gw_server *srv, struct gw_sess *s, char const *prim,
		     char const *ref, struct csp_node const *answer)
{
	gw_presence_acked(srv, s, prim, ref, answer);
	gw_im_acked(srv, s, prim, ref, answer);
}

static struct ack_row {
	char const *kind;
	ack_fn *fn;
} const ack_rows[] = {
	{"NewMessage", gw_im_acked},
	{"MessageNotification", gw_im_acked},
	{"DeliveryReport-Request", gw_im_acked},
	{"PresenceNotification-Request", gw_presence_acked},
	{"PresenceAuth-Request", gw_presence_acked},
	{"Disconnect", ack_disconnect},
	{NULL, ack_both},	/* default: both parts, each ignores what it did not send */
};

static struct ack_row const *ack_row(char const *kind)
{
	struct ack_row const *r = ack_rows;

	while (r->kind && strcmp(r->kind, kind) != 0)
		r++;
	return r;
}

int gw_sess_ack(struct gw_sess *s, char const *tid, struct csp_node const *answer)
{
	struct gw_qitem **pp, *q;
	int e;

	if (tid == NULL)
		return ENOENT;
	for (pp = &s->queue; (q = *pp) != NULL; pp = &q->next)
		if (strcmp(q->tid, tid) == 0)
			break;
	if (q == NULL)
		return ENOENT;
	if ((e = gw_store_stx_ack(s->srv->store, s->id, tid)) != 0 && e != ENOENT) {
		/* Keep it: it will be offered again. */
		gw_warning("session %.8s: while removing answered %s: %s", s->id, tid, strerror(e));
		return e;
	}
	if ((*pp = q->next) == NULL)
		s->queue_tail = pp;
	s->queue_len--;
	gw_debug("session %.8s: %s %s answered with %s", s->id, q->kind, q->tid,
		 answer && answer->name ? answer->name : "?");
	gw_sess_hold(s);
	if (s->srv->sessions->ack_hook)
		s->srv->sessions->ack_hook(s->srv->sessions->ack_hook_arg, s, q->kind, q->ref,
					   answer);
	ack_row(q->kind)->fn(s->srv, s, q->kind, q->ref, answer);
	gw_sess_release(s);
	qitem_free(q);
	return 0;
}

int gw_sess_force_logout(struct gw_sess *s, char const *why)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct csp_node *d, *res;
	int e;

	if (s->ended)
		return ENOENT;
	if (s->state == GW_SESS_CLOSING)
		return 0;
	d = csp_node_add(home, NULL, "Disconnect");
	res = d ? gw_result_add(home, d, 601, why ? why : "Forced logout") : NULL;
	if (res == NULL) {
		su_home_deinit(home);
		return ENOMEM;
	}
	s->state = GW_SESS_CLOSING;
	s->closing_since = gw_now(s->srv);
	gw_notice("session %.8s of %s: forced logout (%s)", s->id, s->user,
		  why ? why : "no reason given");
	/* The parts see the user go now; the session only waits for its Disconnect. */
	s->parts_out = 1;
	gw_presence_on_logout(s->srv, s);
	gw_im_on_logout(s->srv, s);
	e = gw_sess_push(s, d, NULL, NULL, NULL);
	su_home_deinit(home);
	if (e)
		gw_sess_end(s, 601, why);
	return 0;
}

/* --- the handler table of the session part ------------------------------------------------ */

struct gw_handler const gw_session_handlers[] = {
	{"Login-Request", GW_H_NOSESSION, gw_login_h_login, NULL, NULL, NULL},
	{"Logout-Request", GW_H_SESSION, gw_login_h_logout, NULL, NULL, NULL},
	{"KeepAlive-Request", GW_H_SESSION, gw_login_h_keepalive, NULL, NULL, NULL},
	{"Polling-Request", GW_H_SESSION, gw_sess_h_polling, NULL, NULL, NULL},
	{"ClientCapability-Request", GW_H_SESSION, gw_login_h_capability, NULL, NULL, NULL},
	{"Service-Request", GW_H_SESSION, gw_login_h_service, NULL, NULL, NULL},
	{"GetSPInfo-Request", GW_H_SESSION, gw_login_h_getspinfo, "GETSPI", "FundamentalFeat",
	 "ServiceFunc"},
	/* The client's answers to our transactions: they leave the queue. */
	{"Status", GW_H_SESSION | GW_H_RESPONSE, gw_sess_h_ack, NULL, NULL, NULL},
	{"MessageDelivered", GW_H_SESSION | GW_H_RESPONSE, gw_sess_h_ack, NULL, NULL, NULL},
	{NULL, 0, NULL, NULL, NULL, NULL},
};

/* --- Polling and acknowledgements (handler rows) ------------------------------------------ */

int gw_sess_h_polling(struct gw_req *r)
{
	r->sess->poll_requested = 1;
	r->answer = NULL;
	return 0;
}

int gw_sess_h_ack(struct gw_req *r)
{
	int e = gw_sess_ack(r->sess, r->tx->id, r->prim);

	if (e == ENOENT)
		gw_info("session %.8s: %s to unknown or already answered transaction %s",
			r->sess->id, r->prim->name, r->tx->id ? r->tx->id : "(none)");
	r->answer = NULL;
	return 0;
}

/* --- start, restart, stop, housekeeping --------------------------------------------------- */

struct load_ctx {
	struct gw_server *srv;
	struct gw_sess *s;
	int64_t now;
	unsigned sessions, items, bad;
	su_home_t *home;
};

static int load_stx(void *arg, struct gw_stx const *t)
{
	struct load_ctx *lc = arg;
	char const *body = t->body;
	size_t rlen = t->body_len ? strnlen(body, t->body_len) : 0;
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct csp_msg *m = NULL;
	struct csp_error err;
	struct gw_qitem *q = NULL;

	if (rlen < t->body_len &&
	    csp_parse_xml(tmp, body + rlen + 1, t->body_len - rlen - 1, &m, &err) == 0 &&
	    m->trans && m->trans->content)
		q = qitem_new(t->tx_id, t->kind, rlen ? body : "", m->trans->content, t->created);
	su_home_deinit(tmp);
	if (q == NULL) {
		gw_warning("session %.8s: dropping unreadable queued transaction %s (%s)",
			   lc->s->id, t->tx_id, t->kind);
		lc->bad++;
		gw_store_stx_ack(lc->srv->store, lc->s->id, t->tx_id);
		return 0;
	}
	q->sent = t->sent;
	q->last_sent = t->last_sent;
	queue_append(lc->s, q);
	if (strcmp(q->kind, "Disconnect") == 0 && lc->s->state == GW_SESS_ACTIVE) {
		lc->s->state = GW_SESS_CLOSING;
		lc->s->parts_out = 1;
		lc->s->closing_since = lc->now;
	}
	lc->items++;
	return 0;
}

static int load_session(void *arg, struct gw_session_rec const *rec)
{
	struct load_ctx *lc = arg;
	struct gw_server *srv = lc->srv;
	char *user = gw_user_addr(srv, lc->home, rec->user);
	struct gw_sess *s;

	if (user == NULL || gw_sess_find(srv, rec->id)) {
		gw_warning("session %.8s of %s: cannot be restored; deleting it", rec->id,
			   rec->user);
		gw_store_session_delete(srv->store, rec->id);
		return 0;
	}
	s = sess_alloc(srv, rec->id, user, rec->user, rec->client_id, rec->cookie);
	if (s == NULL)
		return ENOMEM;
	caps_parse(s, rec->caps);
	s->ttl = rec->ttl;
	s->created = rec->created;
	s->last_activity = s->stored_activity = rec->last_activity;
	lc->s = s;
	if (gw_store_stx_each(srv->store, s->id, load_stx, lc) != 0)
		gw_warning("session %.8s: its queue could not be read completely", s->id);
	link_sess(srv, s);
	lc->sessions++;
	return 0;
}

static void on_tick(su_root_magic_t *magic, su_timer_t *t, struct gw_server *srv)
{
	(void)magic;
	(void)t;
	gw_sessions_tick(srv, gw_now(srv));
	gw_cir_tick(srv, gw_now(srv));
}

int gw_sessions_start(struct gw_server *srv)
{
	struct gw_sessions *ss;
	struct load_ctx lc = {.srv = srv, .now = gw_now(srv)};
	su_home_t home[1] = {SU_HOME_INIT(home)};
	int e;

	/* struct gw_sessions, then the registry's tables. */
	ss = calloc(1, sizeof *ss + sizeof(struct registry));
	if (ss == NULL)
		return ENOMEM;
	ss->srv = srv;
	ss->resend_s = GW_RESEND_S;
	ss->last_txlog_expire = lc.now;
	srv->sessions = ss;
	lc.home = home;
	e = gw_store_session_each(srv->store, NULL, load_session, &lc);
	su_home_deinit(home);
	if (e) {
		gw_error("while restoring sessions from the store: %s", strerror(e));
		gw_sessions_stop(srv);
		return e;
	}
	if (lc.sessions)
		gw_notice("sessions: %u restored from the store with %u pending server "
			  "transactions%s", lc.sessions, lc.items,
			  lc.bad ? " (some unreadable ones dropped)" : "");
	/* Those that ran out while iwfd was down end now (600 for their next request). */
	gw_sessions_tick(srv, lc.now);
	if (srv->root) {
		su_timer_t *t = su_timer_create(su_root_task(srv->root), GW_TICK_MS);

		if (t == NULL || su_timer_set_for_ever(t, on_tick, srv) != 0) {
			su_timer_destroy(t);
			gw_sessions_stop(srv);
			return ENOMEM;
		}
		ss->timer = t;
	}
	return 0;
}

void gw_sessions_stop(struct gw_server *srv)
{
	struct gw_sessions *ss = srv->sessions;

	if (ss == NULL)
		return;
	su_timer_destroy(ss->timer);
	/* Sessions stay in the store (they survive a restart); only memory goes. */
	for (unsigned i = 0; i < BUCKETS; i++) {
		struct gw_sess *s, *next;

		for (s = reg_of(srv)->by_id[i]; s; s = next) {
			next = s->next;
			gw_cir_detach(s);
			unlink_sess(srv, s);
			if (sh_of(s)->busy == 0)
				sess_free(s);
			else
				s->ended = 1;
		}
	}
	free(ss);
	srv->sessions = NULL;
}

void gw_sessions_tick(struct gw_server *srv, int64_t now)
{
	struct gw_sessions *ss = srv->sessions;

	if (ss == NULL)
		return;
	for (unsigned i = 0; i < BUCKETS; i++) {
		struct gw_sess *s;
again:
		/* Ending a session calls the parts, which might end others: rescan the bucket. */
		for (s = reg_of(srv)->by_id[i]; s; s = s->next) {
			if (gw_sess_is_expired(s, now)) {
				gw_sess_end(s, 600, "keep-alive time ran out");
				goto again;
			}
			if (s->state == GW_SESS_CLOSING &&
			    now - s->closing_since > GW_CLOSE_GRACE_S) {
				gw_sess_end(s, 601, "its Disconnect was not answered in time");
				goto again;
			}
		}
	}
	for (unsigned i = 0; i < GW_NONCE_MAX; i++)
		if (ss->nonces[i].when && now - ss->nonces[i].when > GW_NONCE_KEEP_S)
			memset(&ss->nonces[i], 0, sizeof ss->nonces[i]);
	if (now - ss->last_txlog_expire >= 60) {
		gw_store_txlog_expire(srv->store, now - GW_TXLOG_KEEP_S);
		ss->last_txlog_expire = now;
	}
}
