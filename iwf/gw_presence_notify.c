/* iwf/gw_presence_notify.c: stored presence, subscriptions read back, notifications. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"
#include "iwf/gw_log.h"
#include "iwf/gw_presence_int.h"
#include "iwf/gw_server.h"
#include "iwf/gw_store.h"

/* --- published presence ----------------------------------------------------------------- */

/* A stored presence is a CSP 1.2 UpdatePresence-Request message carrying the PresenceSubList:
 * the codec's canonical XML, read back by the same codec. */
static int pres_encode(su_home_t *home, struct imps_pres const *p, char **xmlp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct csp_msg *m = NULL;
	struct csp_node *prim = NULL;
	char *xml = NULL;
	size_t len;
	int e;

	e = csp_msg_new(tmp, CSP_V12, NULL, CSP_REQUEST, "p", "UpdatePresence-Request", &m, &prim);
	if (e == 0)
		e = imps_pres_to_node(tmp, p, prim, NULL);
	if (e == 0)
		e = csp_build_xml(tmp, m, &xml, &len);
	if (e == 0 && (*xmlp = su_strdup(home, xml)) == NULL)
		e = ENOMEM;
	su_home_deinit(tmp);
	return e;
}

static int pres_decode(su_home_t *home, char const *xml, struct imps_pres **pp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct csp_msg *m = NULL;
	struct csp_error err;
	struct csp_node const *psl;
	int e = csp_parse_xml(tmp, xml, strlen(xml), &m, &err);

	if (e == 0 && (m->trans == NULL || m->trans->content == NULL ||
		       (psl = csp_node_find(m->trans->content, "PresenceSubList")) == NULL))
		e = EBADMSG;
	if (e == 0)
		e = imps_pres_from_node(home, psl, pp);
	su_home_deinit(tmp);
	return e;
}

int gw_pres_load(struct gw_server *srv, su_home_t *home, char const *key,
		 struct imps_pres **pp)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *xml = NULL;
	int64_t when = 0;
	struct imps_pres *p = NULL;
	int e = gw_store_presence_get(srv->store, tmp, key, &xml, &when);

	if (e == 0) {
		e = pres_decode(home, xml, &p);
		if (e && e != ENOMEM) {
			gw_warning("presence of %s: the stored value cannot be read (%s); "
				   "starting from an empty presence", key, strerror(e));
			e = 0;
			p = NULL;
		}
	} else if (e == ENOENT) {
		e = 0;
	}
	if (e == 0 && p == NULL && (p = imps_pres_new(home)) == NULL)
		e = ENOMEM;
	su_home_deinit(tmp);
	if (e == 0)
		*pp = p;
	return e;
}

int gw_pres_save(struct gw_server *srv, char const *key, struct imps_pres const *p, int64_t now)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *xml = NULL;
	int e = pres_encode(tmp, p, &xml);

	if (e == 0)
		e = gw_store_presence_put(srv->store, key, xml, now);
	su_home_deinit(tmp);
	return e;
}

void gw_pres_set_online(struct imps_pres *p, enum csp_bool v)
{
	p->h[IMPS_ATTR_ONLINE_STATUS].present = 1;
	p->h[IMPS_ATTR_ONLINE_STATUS].qualifier = CSP_T;
	p->online_status = v;
}

void gw_pres_effective(struct imps_pres *p, int online)
{
	if (!online)
		gw_pres_set_online(p, CSP_F);
	else if (!p->h[IMPS_ATTR_ONLINE_STATUS].present)
		gw_pres_set_online(p, CSP_T);
}

int gw_pres_current(struct gw_server *srv, su_home_t *home, char const *key, char const *addr,
		    struct imps_pres **pp)
{
	struct imps_pres *p = NULL;
	int e = gw_pres_load(srv, home, key, &p);

	if (e == 0) {
		gw_pres_effective(p, gw_user_online(srv, addr));
		*pp = p;
	}
	return e;
}

/* --- subscriptions read from the store -------------------------------------------------- */

static int collect_psub(void *arg, struct gw_psub const *p)
{
	struct gw_pres_psub_rows *rs = arg;
	struct gw_pres_psub_row *nv, *x;

	if (rs->n >= GW_PRES_WATCH_MAX) {
		rs->over = 1;
		return 0;
	}
	if ((nv = su_realloc(rs->home, rs->v, (rs->n + 1) * sizeof *nv)) == NULL)
		return ENOMEM;
	rs->v = nv;
	x = &nv[rs->n];
	x->sid = su_strdup(rs->home, p->session_id);
	x->target = su_strdup(rs->home, p->target);
	x->list = p->contact_list ? su_strdup(rs->home, p->contact_list) : NULL;
	x->want = p->attrs ? (p->attrs & IMPS_ATTR_SET_ALL) : IMPS_ATTR_SET_ALL;
	x->auto_subscribe = p->auto_subscribe;
	if (!x->sid || !x->target || (p->contact_list && !x->list))
		return ENOMEM;
	rs->n++;
	return 0;
}

/* psub rows by session (target NULL) or by target (sid NULL), in `home`. */
int gw_pres_psub_read(struct gw_server *srv, su_home_t *home, char const *sid, char const *target,
		     struct gw_pres_psub_rows *rs)
{
	int e;

	memset(rs, 0, sizeof *rs);
	rs->home = home;
	e = gw_store_psub_each(srv->store, sid, target, collect_psub, rs);
	if (rs->over)
		gw_warning("presence: more than %d subscriptions of %s: the rest are ignored",
			   GW_PRES_WATCH_MAX, sid ? sid : target);
	return e;
}

/* The user address of a stored session, NULL when it is gone. */
static char *sess_user(struct gw_server *srv, su_home_t *home, char const *sid)
{
	struct gw_session_rec *rec = NULL;

	if (gw_store_session_get(srv->store, home, sid, &rec) != 0)
		return NULL;
	return gw_user_addr(srv, home, rec->user);
}

/* The sessions watching `paddr` (one entry per session, attribute sets united). */
int gw_pres_watchers(struct gw_server *srv, su_home_t *home, char const *paddr,
		       struct gw_pres_watch **vp, size_t *np)
{
	struct gw_pres_psub_rows rs;
	struct gw_pres_watch *v;
	size_t n = 0;
	int e = gw_pres_psub_read(srv, home, NULL, paddr, &rs);

	if (e)
		return e;
	if ((v = su_zalloc(home, (rs.n + 1) * sizeof *v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < rs.n; i++) {
		size_t j;

		for (j = 0; j < n && strcmp(v[j].sid, rs.v[i].sid); j++)
			;
		if (j < n) {
			v[j].want |= rs.v[i].want;
			continue;
		}
		v[n].sid = rs.v[i].sid;
		v[n].want = rs.v[i].want;
		if ((v[n].watcher = sess_user(srv, home, v[n].sid)) != NULL)
			n++;
	}
	*vp = v;
	*np = n;
	return 0;
}

/* --- notifications ---------------------------------------------------------------------- */

struct bpres {
	struct bpres *next;
	char *who;
	struct imps_pres *p;	/* NULL: nothing visible */
};

struct bsess {
	struct bsess *next;
	char *watcher, *sid;
	struct bpres *first, **tail;
};

struct gw_pres_batch {
	su_home_t *home;
	struct bsess *first, **tail;
	int oom;
};

struct gw_pres_batch *gw_pres_batch_new(su_home_t *home)
{
	struct gw_pres_batch *b = su_zalloc(home, sizeof *b);

	if (b) {
		b->home = home;
		b->tail = &b->first;
	}
	return b;
}

void gw_pres_batch_add(struct gw_pres_batch *b, char const *watcher, char const *sid,
		       char const *who, struct imps_pres const *p)
{
	struct bsess *s;
	struct bpres *x;
	struct imps_pres *copy = NULL;

	if (b == NULL)
		return;
	if (p && (copy = imps_pres_dup(b->home, p)) == NULL)
		goto oom;
	for (s = b->first; s && strcmp(s->sid, sid); s = s->next)
		;
	if (s == NULL) {
		if ((s = su_zalloc(b->home, sizeof *s)) == NULL ||
		    (s->watcher = su_strdup(b->home, watcher)) == NULL ||
		    (s->sid = su_strdup(b->home, sid)) == NULL)
			goto oom;
		s->tail = &s->first;
		*b->tail = s;
		b->tail = &s->next;
	}
	for (x = s->first; x && strcmp(x->who, who); x = x->next)
		;
	if (x) {
		x->p = copy;	/* the latest value wins */
		return;
	}
	if ((x = su_zalloc(b->home, sizeof *x)) == NULL ||
	    (x->who = su_strdup(b->home, who)) == NULL)
		goto oom;
	x->p = copy;
	*s->tail = x;
	s->tail = &x->next;
	return;
oom:
	b->oom = 1;
}

static void push_notification(struct gw_server *srv, struct gw_sess *s, struct csp_node *n,
			      unsigned count)
{
	int e = gw_sess_push(s, n, NULL, NULL, NULL);

	if (e) {
		gw_warning("presence: while queueing a notification for session %.8s: %s",
			   gw_sess_info(s)->id, strerror(e));
		return;
	}
	if (srv->presence)
		srv->presence->notifications++;
	gw_debug("presence: notification of %u presentities queued for session %.8s", count,
		 gw_sess_info(s)->id);
}

void gw_pres_batch_flush(struct gw_server *srv, struct gw_pres_batch *b)
{
	int began;

	if (b == NULL || b->first == NULL)
		return;
	began = gw_pres_tx_begin(srv);
	if (b->oom)
		gw_warning("presence: out of memory while preparing notifications; some are lost");
	for (struct bsess *bs = b->first; bs; bs = bs->next) {
		struct gw_sess *s = gw_pres_sess(srv, bs->watcher, bs->sid);
		struct bpres *x = bs->first;

		while (s && x) {
			su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
			struct csp_node *n = csp_node_add(tmp, NULL, "PresenceNotification-Request");
			unsigned count = 0;
			int bad = n == NULL;

			for (; x && count < GW_PRES_NOTIFY_MAX && !bad; x = x->next, count++) {
				struct csp_node *pr = csp_node_add(tmp, n, "Presence");
				struct imps_pres *empty = x->p ? NULL : imps_pres_new(tmp);

				bad = pr == NULL || !csp_node_add_text(tmp, pr, "UserID", x->who) ||
					(!x->p && !empty) ||
					imps_pres_to_node(tmp, x->p ? x->p : empty, pr, NULL) != 0;
			}
			if (bad)
				gw_warning("presence: out of memory while building a notification "
					   "for session %.8s", bs->sid);
			else
				push_notification(srv, s, n, count);
			su_home_deinit(tmp);
		}
	}
	b->first = NULL;
	b->tail = &b->first;
	gw_pres_tx_end(srv, began, 0);
}

/* The part of `p` the watcher sees: `set`, with unknown attributes only when it is all. */
int gw_pres_visible_part(su_home_t *home, struct imps_pres const *p, imps_attr_set set,
			struct imps_pres **out)
{
	return imps_pres_filter(home, p, set, set == IMPS_ATTR_SET_ALL, out);
}

int gw_pres_initial(struct gw_server *srv, struct gw_pres_batch *b, char const *watcher,
		    char const *sid, char const *target, imps_attr_set want)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *key = gw_user_key(srv, tmp, target);
	struct gw_view v;
	struct imps_pres *cur = NULL, *part = NULL;
	int e = 0;

	if (key == NULL || !gw_user_exists(srv, target))
		goto out;	/* remote or unknown: nothing comes (yet) */
	if ((e = gw_pres_view(srv, key, target, watcher, &v)) != 0)
		goto out;
	if (gw_pres_visible(&v)) {
		e = gw_pres_current(srv, tmp, key, target, &cur);
		if (e == 0)
			e = gw_pres_visible_part(tmp, cur, want & v.attrs, &part);
		if (e == 0)
			gw_pres_batch_add(b, watcher, sid, target, part);
		goto out;
	}
	if (v.kind == GW_VIEW_UNDECIDED)
		e = gw_pres_request_auth(srv, key, target, watcher, want);
	gw_pres_batch_add(b, watcher, sid, target, NULL);
out:
	su_home_deinit(tmp);
	return e;
}

void gw_pres_changed(struct gw_server *srv, char const *pkey, char const *paddr,
		     struct imps_pres const *before, struct imps_pres const *after)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_pres_batch *b = gw_pres_batch_new(tmp);
	struct gw_pres_watch *w = NULL;
	size_t n = 0;
	int e = b ? gw_pres_watchers(srv, tmp, paddr, &w, &n) : ENOMEM;

	for (size_t i = 0; e == 0 && i < n; i++) {
		struct gw_view v;
		struct imps_pres *f0 = NULL, *f1 = NULL;
		imps_attr_set set;

		if ((e = gw_pres_view(srv, pkey, paddr, w[i].watcher, &v)) != 0)
			break;
		if (!gw_pres_visible(&v))
			continue;
		set = w[i].want & v.attrs;
		if ((e = gw_pres_visible_part(tmp, before, set, &f0)) != 0 ||
		    (e = gw_pres_visible_part(tmp, after, set, &f1)) != 0)
			break;
		if (!imps_pres_equal(f0, f1))
			gw_pres_batch_add(b, w[i].watcher, w[i].sid, paddr, f1);
	}
	if (e)
		gw_warning("presence: while notifying the watchers of %s: %s", paddr, strerror(e));
	gw_pres_batch_flush(srv, b);
	su_home_deinit(tmp);
}

/* --- snapshots of views ----------------------------------------------------------------- */

struct snap_row {
	struct gw_pres_watch w;
	struct gw_view before;
};

struct gw_pres_snap {
	su_home_t *home;
	char *pkey, *paddr;
	struct snap_row *v;
	size_t n;
};

int gw_pres_snap_take(struct gw_server *srv, su_home_t *home, char const *pkey,
		      char const *paddr, struct gw_pres_snap **sp)
{
	struct gw_pres_snap *s = su_zalloc(home, sizeof *s);
	struct gw_pres_watch *w = NULL;
	size_t n = 0;
	int e;

	if (s == NULL || (s->pkey = su_strdup(home, pkey)) == NULL ||
	    (s->paddr = su_strdup(home, paddr)) == NULL)
		return ENOMEM;
	s->home = home;
	if ((e = gw_pres_watchers(srv, home, paddr, &w, &n)) != 0)
		return e;
	if ((s->v = su_zalloc(home, (n + 1) * sizeof *s->v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++) {
		s->v[i].w = w[i];
		if ((e = gw_pres_view(srv, pkey, paddr, w[i].watcher, &s->v[i].before)) != 0)
			return e;
	}
	s->n = n;
	*sp = s;
	return 0;
}

void gw_pres_snap_apply(struct gw_server *srv, struct gw_pres_snap *snap)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_pres_batch *b = gw_pres_batch_new(tmp);
	struct imps_pres *cur = NULL;
	int e = b ? 0 : ENOMEM, began = gw_pres_tx_begin(srv);

	for (size_t i = 0; snap && e == 0 && i < snap->n; i++) {
		struct snap_row const *r = &snap->v[i];
		struct gw_view after;
		int was, is;

		if ((e = gw_pres_view(srv, snap->pkey, snap->paddr, r->w.watcher, &after)) != 0)
			break;
		was = gw_pres_visible(&r->before);
		is = gw_pres_visible(&after);
		if (is) {
			struct imps_pres *part = NULL;

			if (was && (r->w.want & r->before.attrs) == (r->w.want & after.attrs))
				continue;
			if (cur == NULL &&
			    (e = gw_pres_current(srv, tmp, snap->pkey, snap->paddr, &cur)) != 0)
				break;
			if ((e = gw_pres_visible_part(tmp, cur, r->w.want & after.attrs, &part)) != 0)
				break;
			gw_pres_batch_add(b, r->w.watcher, r->w.sid, snap->paddr, part);
			continue;
		}
		if (was || (after.kind != r->before.kind && after.kind != GW_VIEW_PENDING)) {
			/* Taken away, refused, or undecided again: nothing visible now. */
			if (after.kind == GW_VIEW_UNDECIDED &&
			    (e = gw_pres_request_auth(srv, snap->pkey, snap->paddr, r->w.watcher,
						      r->w.want)) != 0)
				break;
			gw_pres_batch_add(b, r->w.watcher, r->w.sid, snap->paddr, NULL);
		}
	}
	if (e)
		gw_warning("presence: while notifying the watchers of %s after an authorization "
			   "change: %s", snap ? snap->paddr : "-", strerror(e));
	gw_pres_batch_flush(srv, b);
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}
