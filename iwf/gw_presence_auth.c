/* iwf/gw_presence_auth.c: who sees what: reactive requests, attribute lists, block lists. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/imps_pres.h"
#include "iwf/gw_log.h"
#include "iwf/gw_presence.h"
#include "iwf/gw_presence_int.h"
#include "iwf/gw_server.h"
#include "iwf/gw_store.h"

/*
 * The policy: what watcher W may see of local user P (gw_pres_view), first rule that applies:
 *   1. W is P: everything.
 *   2. P's block list is in use and lists W, or P's grant list is in use and does not list
 *      W: nothing, and no authorization request is ever sent for W.
 *   3. P made an attribute list for W (CreateAttributeList UserID=W): those attributes.
 *   4. P decided about W: accepted (PresenceAuth-User T): the attributes granted; declined
 *      (PresenceAuth-User F) or cancelled (CancelAuth-Request): nothing.
 *   5. W is a member of contact lists of P that have attribute lists: their union.
 *   6. P has a default attribute list: those attributes.
 *   7. Otherwise W is not authorized: nothing is visible, and a subscription or a GetPresence
 *      of W asks P (PresenceAuth-Request; the decision is pending until P answers).
 * So with no default attribute list (the state of a new user) nothing is visible to anybody
 * until the user authorizes them, proactively (attribute lists) or reactively (REACT).
 *
 * The two per-watcher statements (3 and 4) follow recency: a PresenceAuth-User or a
 * CancelAuth-Request about W removes P's attribute list for W, and an attribute list made
 * later for W wins over the decision (rule 3 comes first). A pending decision does not hide
 * rules 5 and 6: it only stops the same question from being asked twice.
 *
 * PresenceAuth-User Acceptance T grants the attributes of its PresenceSubList (1.2) when it
 * has one, else those the watcher asked for (all the pending requests of W together), else
 * (an unsolicited acceptance) every attribute. Decisions are remembered in the store.
 */

/* --- views ---------------------------------------------------------------------------------- */

int gw_pres_visible(struct gw_view const *v)
{
	return v->kind == GW_VIEW_SELF || v->kind == GW_VIEW_ALLOWED;
}

int gw_pres_blocked(struct gw_server *srv, char const *pkey, char const *paddr,
		    char const *watcher, int *blockedp)
{
	int in_use = 0, found = 0, e;

	if (strcmp(watcher, paddr) == 0) {
		*blockedp = 0;
		return 0;
	}
	e = gw_store_access_in_use(srv->store, pkey, GW_ACCESS_BLOCK, &in_use);
	if (e == 0 && in_use)
		e = gw_store_access_contains(srv->store, pkey, GW_ACCESS_BLOCK, watcher, &found);
	if (e == 0 && found) {
		*blockedp = 1;
		return 0;
	}
	in_use = 0;
	if (e == 0)
		e = gw_store_access_in_use(srv->store, pkey, GW_ACCESS_GRANT, &in_use);
	if (e == 0 && in_use) {
		e = gw_store_access_contains(srv->store, pkey, GW_ACCESS_GRANT, watcher, &found);
		if (e == 0) {
			*blockedp = !found;
			return 0;
		}
	}
	if (e == ENOENT)
		e = 0;	/* no such user: nothing blocks */
	if (e == 0)
		*blockedp = 0;
	return e;
}

int gw_presence_blocks(struct gw_server *srv, char const *owner_addr, char const *sender_addr)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	char *key = owner_addr && sender_addr ? gw_user_key(srv, tmp, owner_addr) : NULL;
	int blocked = 0, e = 0;

	if (key)
		e = gw_pres_blocked(srv, key, owner_addr, sender_addr, &blocked);
	if (e) {
		gw_warning("presence: while checking whether %s blocks %s: %s", owner_addr,
			   sender_addr, strerror(e));
		blocked = 0;
	}
	su_home_deinit(tmp);
	return blocked;
}

#define FOUND (-1)	/* a walk that found what it looked for (errnos are positive) */

struct member_find {
	char const *who;
};

static int find_member(void *arg, char const *address, char const *nickname)
{
	struct member_find const *f = arg;

	(void)nickname;
	return strcmp(address, f->who) == 0 ? FOUND : 0;
}

struct attrlists {
	su_home_t *home;
	int has_default;
	imps_attr_set def;
	struct clist_attr {
		char *list;
		imps_attr_set set;
	} *v;
	size_t n;
	int oom;
};

static int collect_attrlist(void *arg, enum gw_attr_scope scope, char const *target,
			    char const *attrs)
{
	struct attrlists *al = arg;
	struct clist_attr *nv;

	if (scope == GW_ATTR_DEFAULT) {
		al->has_default = 1;
		al->def = gw_pres_attrs_parse(attrs ? attrs : "");
		return 0;
	}
	if (scope != GW_ATTR_CLIST || al->n >= GW_PRES_ATTRLISTS_MAX)
		return 0;
	if ((nv = su_realloc(al->home, al->v, (al->n + 1) * sizeof *nv)) == NULL ||
	    (nv[al->n].list = su_strdup(al->home, target)) == NULL) {
		if (nv)
			al->v = nv;
		al->oom = 1;
		return ENOMEM;
	}
	al->v = nv;
	nv[al->n].set = gw_pres_attrs_parse(attrs ? attrs : "");
	al->n++;
	return 0;
}

int gw_pres_view(struct gw_server *srv, char const *pkey, char const *paddr,
		 char const *watcher, struct gw_view *v)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_authz *a = NULL;
	struct attrlists al = {.home = tmp};
	char *text = NULL;
	int blocked = 0, pending = 0, member = 0, e;
	imps_attr_set lists = 0;

	if (strcmp(watcher, paddr) == 0) {
		*v = (struct gw_view){GW_VIEW_SELF, IMPS_ATTR_SET_ALL};
		goto out0;
	}
	if ((e = gw_pres_blocked(srv, pkey, paddr, watcher, &blocked)) != 0)
		goto out;
	if (blocked) {
		*v = (struct gw_view){GW_VIEW_BLOCKED, 0};
		goto out0;
	}
	e = gw_store_attrlist_get(srv->store, tmp, pkey, GW_ATTR_WATCHER, watcher, &text);
	if (e == 0) {
		*v = (struct gw_view){GW_VIEW_ALLOWED, gw_pres_attrs_parse(text)};
		goto out;
	}
	if (e != ENOENT)
		goto out;
	e = gw_store_authz_get(srv->store, tmp, pkey, watcher, &a);
	if (e == 0 && a->state == GW_AUTHZ_ACCEPTED) {
		*v = (struct gw_view){GW_VIEW_ALLOWED, gw_pres_attrs_parse(a->attrs)};
		goto out;
	}
	if (e == 0 && a->state == GW_AUTHZ_DECLINED) {
		*v = (struct gw_view){GW_VIEW_DECLINED, 0};
		goto out;
	}
	pending = e == 0 && a->state == GW_AUTHZ_PENDING;
	if (e && e != ENOENT)
		goto out;
	if ((e = gw_store_attrlist_each(srv->store, pkey, collect_attrlist, &al)) != 0)
		goto out;
	for (size_t i = 0; i < al.n; i++) {
		struct member_find f = {watcher};
		int r = gw_store_clist_member_each(srv->store, pkey, al.v[i].list, find_member, &f);

		if (r == FOUND) {
			member = 1;
			lists |= al.v[i].set;
		} else if (r && r != ENOENT) {
			e = r;
			goto out;
		}
	}
	if (member)
		*v = (struct gw_view){GW_VIEW_ALLOWED, lists};
	else if (al.has_default)
		*v = (struct gw_view){GW_VIEW_ALLOWED, al.def};
	else
		*v = (struct gw_view){pending ? GW_VIEW_PENDING : GW_VIEW_UNDECIDED, 0};
out0:
	e = 0;
out:
	su_home_deinit(tmp);
	return e;
}

/* --- reactive authorization ------------------------------------------------------------- */

/* PresenceAuth-Request(UserID=watcher, PresenceSubList=attrs) to one session. */
static void push_auth_request(struct gw_server *srv, struct gw_sess *s, char const *watcher,
			      imps_attr_set attrs)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct csp_node *n = csp_node_add(tmp, NULL, "PresenceAuth-Request");
	int e = n && csp_node_add_text(tmp, n, "UserID", watcher) ?
		imps_attr_set_to_node(tmp, attrs, n, NULL) : ENOMEM;

	if (e == 0)
		e = gw_sess_push(s, n, watcher, NULL, NULL);
	if (e)
		gw_warning("presence: while asking session %.8s about %s: %s", gw_sess_info(s)->id,
			   watcher, strerror(e));
	else if (srv->presence)
		srv->presence->auth_requests++;
	su_home_deinit(tmp);
}

int gw_pres_request_auth(struct gw_server *srv, char const *pkey, char const *paddr,
			 char const *watcher, imps_attr_set attrs)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_authz *a = NULL;
	char *text;
	unsigned sent = 0;
	int e = gw_store_authz_get(srv->store, tmp, pkey, watcher, &a);

	if (e == 0) {
		imps_attr_set old = gw_pres_attrs_parse(a->attrs), all = old | attrs;

		/* Already pending (asked once is enough) or decided. */
		if (a->state == GW_AUTHZ_PENDING && all != old &&
		    (text = gw_pres_attrs_text(tmp, all)) != NULL)
			e = gw_store_authz_set(srv->store, &(struct gw_authz){
				pkey, watcher, GW_AUTHZ_PENDING, text, gw_now(srv)});
		goto out;
	}
	if (e != ENOENT)
		goto out;
	if ((text = gw_pres_attrs_text(tmp, attrs)) == NULL) {
		e = ENOMEM;
		goto out;
	}
	e = gw_store_authz_set(srv->store, &(struct gw_authz){
		pkey, watcher, GW_AUTHZ_PENDING, text, gw_now(srv)});
	if (e)
		goto out;
	for (struct gw_sess *s = gw_sess_next_of_user(srv, paddr, NULL); s;
	     s = gw_sess_next_of_user(srv, paddr, s), sent++)
		push_auth_request(srv, s, watcher, attrs);
	gw_info("presence: %s asks to see %s: authorization pending (%s)", watcher, paddr,
		sent ? "asked" : "asked at the next login");
out:
	su_home_deinit(tmp);
	return e;
}

struct pending {
	su_home_t *home;
	struct pending_one {
		char *watcher;
		imps_attr_set attrs;
	} *v;
	size_t n;
};

static int collect_pending(void *arg, struct gw_authz const *a)
{
	struct pending *p = arg;
	struct pending_one *nv;

	if (p->n >= GW_PRES_WATCH_MAX)
		return 0;
	if ((nv = su_realloc(p->home, p->v, (p->n + 1) * sizeof *nv)) == NULL)
		return ENOMEM;
	p->v = nv;
	if ((nv[p->n].watcher = su_strdup(p->home, a->watcher)) == NULL)
		return ENOMEM;
	nv[p->n].attrs = gw_pres_attrs_parse(a->attrs);
	p->n++;
	return 0;
}

void gw_pres_resend_auth(struct gw_server *srv, struct gw_sess *s, char const *key)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct pending p = {.home = tmp};
	char const *addr = gw_sess_info(s)->user;
	int e = gw_store_authz_each(srv->store, key, GW_AUTHZ_PENDING, collect_pending, &p);

	for (size_t i = 0; e == 0 && i < p.n; i++) {
		struct gw_view v;

		/* Only what is still undecided (an attribute list or a block may have come). */
		if ((e = gw_pres_view(srv, key, addr, p.v[i].watcher, &v)) == 0 &&
		    v.kind == GW_VIEW_PENDING)
			push_auth_request(srv, s, p.v[i].watcher, p.v[i].attrs);
	}
	if (e)
		gw_warning("presence: while re-sending the pending authorization requests of %s: "
			   "%s", addr, strerror(e));
	su_home_deinit(tmp);
}

/* --- PresenceAuth-User, CancelAuth-Request ---------------------------------------------- */

/* The watcher named by a request, or an answer was set (*wp NULL). */
static int watcher_arg(struct gw_req *r, char const *in, char **wp)
{
	char const *why = NULL;
	int e = gw_pres_addr_norm(r->srv, r->home, in, wp, &why);

	*wp = e ? NULL : *wp;
	if (e == EINVAL)
		return gw_pres_bad(r, 402, su_sprintf(r->home, "Invalid UserID in %s: %s",
						      r->prim->name, why));
	return e;
}

/* Records a decision about `watcher` (recency: P's attribute list for W goes) and notifies. */
static int decide(struct gw_req *r, struct gw_pres_me const *me, char const *watcher,
		  enum gw_authz_state state, char const *attrs)
{
	struct gw_pres_snap *snap = NULL;
	int e = gw_pres_snap_take(r->srv, r->home, me->key, me->addr, &snap);

	if (e == 0)
		e = gw_store_authz_set(r->srv->store, &(struct gw_authz){
			me->key, watcher, state, attrs, r->now});
	if (e == 0) {
		e = gw_store_attrlist_delete(r->srv->store, me->key, GW_ATTR_WATCHER, watcher);
		if (e == ENOENT)
			e = 0;
	}
	if (e == 0)
		e = gw_req_status(r, 200, NULL);
	if (e)
		return e;
	if (r->srv->presence)
		r->srv->presence->decisions++;
	gw_info("presence: %s %s %s%s%s", me->addr,
		state == GW_AUTHZ_ACCEPTED ? "accepts" : "refuses", watcher,
		attrs ? " for " : "", attrs ? attrs : "");
	gw_pres_snap_apply(r->srv, snap);
	return 0;
}

int gw_pres_h_auth_user(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_presence_auth_user *au;
	struct gw_pres_me me;
	struct gw_authz *old = NULL;
	char *w = NULL, *text = NULL;
	imps_attr_set set;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	au = &p->u.presence_auth_user;
	if ((e = gw_pres_me(r, &me)) != 0 || (e = watcher_arg(r, au->user_id, &w)) != 0 || !w)
		return e;
	if (au->acceptance != CSP_T)
		return decide(r, &me, w, GW_AUTHZ_DECLINED, NULL);
	if (au->attrs.present && au->attrs.set) {
		set = au->attrs.set;
	} else {
		e = gw_store_authz_get(r->srv->store, r->home, me.key, w, &old);
		if (e && e != ENOENT)
			return e;
		set = e == 0 && old->state == GW_AUTHZ_PENDING ? gw_pres_attrs_parse(old->attrs) :
			IMPS_ATTR_SET_ALL;
	}
	if ((text = gw_pres_attrs_text(r->home, set)) == NULL)
		return ENOMEM;
	return decide(r, &me, w, GW_AUTHZ_ACCEPTED, text);
}

int gw_pres_h_cancel_auth(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct gw_pres_me me;
	char *w = NULL;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = watcher_arg(r, p->u.cancel_auth_request.user_id, &w)) != 0 || !w)
		return e;
	/* A withdrawn grant is remembered as a refusal: the watcher is not asked about again. */
	return decide(r, &me, w, GW_AUTHZ_DECLINED, NULL);
}

/* --- attribute lists ---------------------------------------------------------------------- */

static int count_attrlist(void *arg, enum gw_attr_scope scope, char const *target,
			  char const *attrs)
{
	(void)scope;
	(void)target;
	(void)attrs;
	++*(size_t *)arg;
	return 0;
}

/* Does `list` (normalised) of the owner exist? 0, ENOENT, store errors. */
static int list_exists(struct gw_server *srv, su_home_t *home, char const *owner,
		       char const *list)
{
	char **v = NULL;
	size_t n = 0;

	return gw_pres_list_members(srv, home, owner, list, &v, &n);
}

/* Shared walk of Create/DeleteAttributeList targets: `apply` per (scope, target); it returns
 * 0 (done), NOT_DONE (it recorded a detail) or an errno. */
#define NOT_DONE (-2)

typedef int attr_apply_fn(struct gw_req *r, struct gw_pres_me const *me,
			  enum gw_attr_scope scope, char const *target, void *arg);

static int attr_targets(struct gw_req *r, struct gw_pres_me const *me, struct gw_pres_details *d,
			struct csp_strs const *u1, struct csp_strs const *u2,
			struct csp_strs const *l1, struct csp_strs const *l2,
			attr_apply_fn *apply, void *arg)
{
	struct csp_strs const *us[] = {u1, u2}, *ls[] = {l1, l2};
	int e;

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < us[k]->n; i++) {
			char *w = NULL;
			char const *why = NULL;

			e = gw_pres_addr_norm(r->srv, r->home, us[k]->v[i], &w, &why);
			if (e == ENOMEM)
				return e;
			if (e) {
				gw_pres_detail(d, 531, su_sprintf(r->home, "Invalid UserID %s: %s",
								  us[k]->v[i], why), us[k]->v[i],
					       NULL);
				continue;
			}
			if ((e = apply(r, me, GW_ATTR_WATCHER, w, arg)) == NOT_DONE)
				continue;
			if (e)
				return e;
			d->ok++;
		}
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < ls[k]->n; i++) {
			char *l = NULL;
			char const *why = NULL;

			e = gw_pres_list_norm(r->srv, r->home, me, ls[k]->v[i], &l, &why);
			if (e == 0)
				e = list_exists(r->srv, r->home, me->key, l);
			if (e == ENOMEM)
				return e;
			if (e) {
				gw_pres_detail(d, 700, su_sprintf(r->home, "Contact list %s does "
								  "not exist%s%s", ls[k]->v[i],
								  why ? ": " : "", why ? why : ""),
					       NULL, ls[k]->v[i]);
				continue;
			}
			if ((e = apply(r, me, GW_ATTR_CLIST, l, arg)) == NOT_DONE)
				continue;
			if (e)
				return e;
			d->ok++;
		}
	return 0;
}

struct attr_set_arg {
	char const *text;
	size_t count;		/* attribute lists the user has */
	struct gw_pres_details *d;
};

static int attr_set_one(struct gw_req *r, struct gw_pres_me const *me, enum gw_attr_scope scope,
			char const *target, void *arg)
{
	struct attr_set_arg *a = arg;
	char *old = NULL;

	if (a->count >= GW_PRES_ATTRLISTS_MAX &&
	    gw_store_attrlist_get(r->srv->store, r->home, me->key, scope, target, &old) == ENOENT) {
		gw_pres_detail(a->d, 755, "Maximum number of attribute lists reached",
			       scope == GW_ATTR_WATCHER ? target : NULL,
			       scope == GW_ATTR_CLIST ? target : NULL);
		return NOT_DONE;
	}
	if (old == NULL)
		a->count++;
	return gw_store_attrlist_set(r->srv->store, me->key, scope, target, a->text);
}

static int attr_delete_one(struct gw_req *r, struct gw_pres_me const *me,
			   enum gw_attr_scope scope, char const *target, void *arg)
{
	int e = gw_store_attrlist_delete(r->srv->store, me->key, scope, target);

	(void)arg;
	return e == ENOENT ? 0 : e;
}

int gw_pres_h_create_attrlist(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_create_attribute_list *ca;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct gw_pres_snap *snap = NULL;
	struct attr_set_arg a = {0};
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	ca = &p->u.create_attribute_list;
	if ((e = gw_pres_me(r, &me)) != 0)
		return e;
	if (ca->user_ids.n + ca->user_id_list.n + ca->contact_lists.n +
	    ca->contact_list_id_list.n == 0 && ca->default_list != CSP_T)
		return gw_pres_bad(r, 402, "CreateAttributeList-Request names no UserID, no "
				   "ContactList and not DefaultList T");
	if (ca->attrs.set == 0 && ca->attrs.n_unknown)
		return gw_pres_bad(r, 750, "Invalid presence attribute: none of the "
				   "PresenceSubList is known");
	if ((a.text = gw_pres_attrs_text(r->home, ca->attrs.set)) == NULL)
		return ENOMEM;
	if ((e = gw_store_attrlist_each(r->srv->store, me.key, count_attrlist, &a.count)) != 0 ||
	    (e = gw_pres_snap_take(r->srv, r->home, me.key, me.addr, &snap)) != 0)
		return e;
	gw_pres_details_init(&d, r->home, me.version);
	a.d = &d;
	if ((e = attr_targets(r, &me, &d, &ca->user_ids, &ca->user_id_list, &ca->contact_lists,
			      &ca->contact_list_id_list, attr_set_one, &a)) != 0)
		return e;
	if (ca->default_list == CSP_T) {
		if ((e = gw_store_attrlist_set(r->srv->store, me.key, GW_ATTR_DEFAULT, "",
					       a.text)) != 0)
			return e;
		d.ok++;
	}
	if ((e = gw_pres_status(r, &d)) != 0)
		return e;
	gw_info("presence: %s set attribute lists (%s)", me.addr, a.text);
	gw_pres_snap_apply(r->srv, snap);
	return 0;
}

int gw_pres_h_delete_attrlist(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_delete_attribute_list *da;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct gw_pres_snap *snap = NULL;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	da = &p->u.delete_attribute_list;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = gw_pres_snap_take(r->srv, r->home, me.key, me.addr, &snap)) != 0)
		return e;
	gw_pres_details_init(&d, r->home, me.version);
	if ((e = attr_targets(r, &me, &d, &da->user_ids, &da->user_id_list, &da->contact_lists,
			      &da->contact_list_id_list, attr_delete_one, NULL)) != 0)
		return e;
	if (da->default_list == CSP_T) {
		e = gw_store_attrlist_delete(r->srv->store, me.key, GW_ATTR_DEFAULT, "");
		if (e && e != ENOENT)
			return e;
		d.ok++;
	}
	if ((e = gw_pres_status(r, &d)) != 0)
		return e;
	gw_pres_snap_apply(r->srv, snap);
	return 0;
}

/* Presence(UserID | ContactList, PresenceSubList of names) under `resp`. */
static int attr_presence(su_home_t *home, struct csp_node *resp, char const *idname,
			 char const *id, char const *attrs)
{
	struct csp_node *pr = csp_node_add(home, resp, "Presence");

	if (pr == NULL || !csp_node_add_text(home, pr, idname, id))
		return ENOMEM;
	return imps_attr_set_to_node(home, gw_pres_attrs_parse(attrs), pr, NULL);
}

struct attr_all {
	su_home_t *home;
	struct csp_node *resp;
};

static int attr_each_add(void *arg, enum gw_attr_scope scope, char const *target,
			 char const *attrs)
{
	struct attr_all *a = arg;

	if (scope == GW_ATTR_WATCHER)
		return attr_presence(a->home, a->resp, "UserID", target, attrs);
	if (scope == GW_ATTR_CLIST)
		return attr_presence(a->home, a->resp, "ContactList", target, attrs);
	return 0;
}

int gw_pres_h_get_attrlist(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_get_attribute_list_request *ga;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct csp_node *resp, *dal;
	char *text = NULL;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	ga = &p->u.get_attribute_list_request;
	if ((e = gw_pres_me(r, &me)) != 0)
		return e;
	if ((resp = gw_req_answer(r, "GetAttributeList-Response")) == NULL)
		return ENOMEM;
	gw_pres_details_init(&d, r->home, me.version);
	if (ga->default_list == CSP_T) {
		e = gw_store_attrlist_get(r->srv->store, r->home, me.key, GW_ATTR_DEFAULT, "",
					  &text);
		if (e == 0 && ((dal = csp_node_add(r->home, resp, "DefaultAttributeList")) == NULL ||
			       (e = imps_attr_set_to_node(r->home, gw_pres_attrs_parse(text), dal,
							  NULL)) != 0))
			return e ? e : ENOMEM;
		if (e && e != ENOENT)
			return e;
	}
	if (ga->users.n + ga->contact_lists.n == 0) {
		/* Nothing named: every attribute list of users and contact lists. */
		struct attr_all all = {r->home, resp};

		if ((e = gw_store_attrlist_each(r->srv->store, me.key, attr_each_add, &all)) != 0)
			return e;
	}
	for (size_t i = 0; i < ga->users.n; i++) {
		char *w = NULL;
		char const *why = NULL;

		e = gw_pres_addr_norm(r->srv, r->home, ga->users.v[i].user_id, &w, &why);
		if (e == 0)
			e = gw_store_attrlist_get(r->srv->store, r->home, me.key, GW_ATTR_WATCHER, w,
						  &text);
		if (e == 0)
			e = attr_presence(r->home, resp, "UserID", w, text);
		if (e == ENOMEM)
			return e;
		if (e == EINVAL)
			gw_pres_detail(&d, 531, su_sprintf(r->home, "Invalid UserID %s: %s",
							   ga->users.v[i].user_id, why),
				       ga->users.v[i].user_id, NULL);
		else if (e && e != ENOENT)
			return e;
		else
			d.ok++;
	}
	for (size_t i = 0; i < ga->contact_lists.n; i++) {
		char *l = NULL;
		char const *why = NULL;

		e = gw_pres_list_norm(r->srv, r->home, &me, ga->contact_lists.v[i], &l, &why);
		if (e == 0)
			e = gw_store_attrlist_get(r->srv->store, r->home, me.key, GW_ATTR_CLIST, l,
						  &text);
		if (e == 0)
			e = attr_presence(r->home, resp, "ContactList", l, text);
		if (e == ENOMEM)
			return e;
		if (e == EINVAL || e == EPERM)
			gw_pres_detail(&d, 700, su_sprintf(r->home, "Contact list %s: %s",
							   ga->contact_lists.v[i], why), NULL,
				       ga->contact_lists.v[i]);
		else if (e && e != ENOENT)
			return e;
		else
			d.ok++;
	}
	return gw_pres_result(&d, resp) ? 0 : ENOMEM;
}

/* --- block and grant lists ---------------------------------------------------------------- */

struct addrs {
	su_home_t *home;
	char **v;
	size_t n;
};

static int collect_addr(void *arg, char const *address)
{
	struct addrs *a = arg;
	char **nv;

	if (a->n >= GW_PRES_ACCESS_MAX)
		return 0;
	if ((nv = su_realloc(a->home, a->v, (a->n + 1) * sizeof *nv)) == NULL)
		return ENOMEM;
	a->v = nv;
	if ((nv[a->n] = su_strdup(a->home, address)) == NULL)
		return ENOMEM;
	a->n++;
	return 0;
}

static char const *kind_list(enum gw_access_kind kind)
{
	return kind == GW_ACCESS_BLOCK ? "BlockList" : "GrantList";
}

/* Adds (add 1) or removes (add 0) the entities of one EntityList / AddList / RemoveList. */
static int access_entities(struct gw_req *r, struct gw_pres_me const *me,
			   struct gw_pres_details *d, enum gw_access_kind kind,
			   struct csp_entity_list const *l, int add, size_t *countp)
{
	int e;

	if (l == NULL)
		return 0;
	for (size_t i = 0; i < l->user_ids.n; i++) {
		char *w = NULL;
		char const *why = NULL;

		e = gw_pres_addr_norm(r->srv, r->home, l->user_ids.v[i], &w, &why);
		if (e == ENOMEM)
			return e;
		if (e) {
			gw_pres_detail(d, 531, su_sprintf(r->home, "Invalid UserID %s in %s: %s",
							  l->user_ids.v[i], kind_list(kind), why),
				       l->user_ids.v[i], NULL);
			continue;
		}
		if (add && *countp >= GW_PRES_ACCESS_MAX) {
			gw_pres_detail(d, 402, su_sprintf(r->home, "%s is full (%d entries)",
							  kind_list(kind), GW_PRES_ACCESS_MAX),
				       w, NULL);
			continue;
		}
		e = add ? gw_store_access_add(r->srv->store, me->key, kind, w) :
			gw_store_access_remove(r->srv->store, me->key, kind, w);
		if (e == 0 && add)
			(*countp)++;
		else if (e == 0 && *countp)
			(*countp)--;
		else if (e && e != EEXIST && e != ENOENT)
			return e;
		d->ok++;
	}
	if (l->screen_names.n + l->group_ids.n + l->contact_lists.n)
		gw_pres_detail(d, 501, su_sprintf(r->home, "%s: only users (UserID) can be listed; "
						  "%zu groups, screen names or contact lists "
						  "ignored", kind_list(kind),
						  l->screen_names.n + l->group_ids.n +
						  l->contact_lists.n), NULL, NULL);
	return 0;
}

static int access_apply(struct gw_req *r, struct gw_pres_me const *me,
			struct gw_pres_details *d, enum gw_access_kind kind,
			struct csp_block_list const *bl, enum csp_bool in_use13)
{
	struct addrs cur = {.home = r->home};
	enum csp_bool in_use = bl ? bl->in_use : CSP_ABSENT;
	int e;

	if (in_use == CSP_ABSENT)
		in_use = in_use13;
	if (in_use != CSP_ABSENT) {
		if ((e = gw_store_access_set_in_use(r->srv->store, me->key, kind,
						    in_use == CSP_T)) != 0)
			return e;
		d->ok++;
	}
	if (bl == NULL)
		return 0;
	if ((e = gw_store_access_each(r->srv->store, me->key, kind, collect_addr, &cur)) != 0)
		return e;
	if (bl->entity_list) {
		/* EntityList: the whole list is replaced. */
		for (size_t i = 0; i < cur.n; i++)
			if ((e = gw_store_access_remove(r->srv->store, me->key, kind, cur.v[i])) &&
			    e != ENOENT)
				return e;
		cur.n = 0;
		if ((e = access_entities(r, me, d, kind, bl->entity_list, 1, &cur.n)) != 0)
			return e;
	}
	if ((e = access_entities(r, me, d, kind, bl->remove_list, 0, &cur.n)) != 0 ||
	    (e = access_entities(r, me, d, kind, bl->add_list, 1, &cur.n)) != 0)
		return e;
	return 0;
}

int gw_pres_h_block_entity(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_blocked_lists *bl;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct gw_pres_snap *snap = NULL;
	int e, began;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	bl = &p->u.blocked_lists;
	if ((e = gw_pres_me(r, &me)) != 0)
		return e;
	if (!bl->block_list && !bl->grant_list && bl->block_list_in_use == CSP_ABSENT &&
	    bl->grant_list_in_use == CSP_ABSENT)
		return gw_pres_bad(r, 402, "Missing BlockList or GrantList in BlockEntity-Request");
	if ((e = gw_pres_snap_take(r->srv, r->home, me.key, me.addr, &snap)) != 0)
		return e;
	gw_pres_details_init(&d, r->home, me.version);
	began = gw_pres_tx_begin(r->srv);
	e = access_apply(r, &me, &d, GW_ACCESS_BLOCK, bl->block_list, bl->block_list_in_use);
	if (e == 0)
		e = access_apply(r, &me, &d, GW_ACCESS_GRANT, bl->grant_list, bl->grant_list_in_use);
	if ((e = gw_pres_tx_end(r->srv, began, e)) != 0)
		return e;
	if ((e = gw_pres_status(r, &d)) != 0)
		return e;
	gw_info("presence: %s changed the block/grant lists", me.addr);
	gw_pres_snap_apply(r->srv, snap);
	return 0;
}

/* BlockList/GrantList of GetBlockedList-Response. */
static int blocked_list(struct gw_req *r, char const *key, enum gw_access_kind kind,
			struct csp_block_list **out)
{
	struct csp_block_list *l = csp_struct_new(r->home, &csp_desc_block_list);
	struct csp_entity_list *el = csp_struct_new(r->home, &csp_desc_entity_list);
	struct addrs a = {.home = r->home};
	int in_use = 0, e;

	if (l == NULL || el == NULL)
		return ENOMEM;
	e = gw_store_access_in_use(r->srv->store, key, kind, &in_use);
	if (e == 0)
		e = gw_store_access_each(r->srv->store, key, kind, collect_addr, &a);
	if (e)
		return e;
	l->in_use = in_use ? CSP_T : CSP_F;
	el->user_ids.v = (char const **)a.v;
	el->user_ids.n = a.n;
	l->entity_list = el;
	*out = l;
	return 0;
}

int gw_pres_h_get_blocked(struct gw_req *r)
{
	struct csp_prim *a = csp_prim_new(r->home, CSP_PRIM_GET_BLOCKED_LIST_RESPONSE);
	struct gw_pres_me me;
	struct csp_node *n = NULL;
	int e;

	if (a == NULL)
		return ENOMEM;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = blocked_list(r, me.key, GW_ACCESS_BLOCK, &a->u.blocked_lists.block_list)) != 0 ||
	    (e = blocked_list(r, me.key, GW_ACCESS_GRANT, &a->u.blocked_lists.grant_list)) != 0 ||
	    (e = csp_prim_to_node(r->home, a, NULL, &n)) != 0)
		return e;
	r->answer = n;
	return 0;
}
