/* iwf/gw_presence.c: presence among local users: publish, get, subscribe, login/logout. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SU_TIMER_ARG_T struct gw_server

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_wait.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/imps_pres.h"
#include "iwf/gw_log.h"
#include "iwf/gw_presence.h"
#include "iwf/gw_presence_int.h"
#include "iwf/gw_server.h"
#include "iwf/gw_store.h"
#include "mapping/map_addr.h"
#include "mapping/map_status.h"

/*
 * Decisions (see also the authorization policy in gw_presence_auth.c):
 *
 * - OnlineStatus. A client publishes it like any attribute, but the server knows better when
 *   nobody is logged in: at the login of a user's first session the stored OnlineStatus
 *   becomes T, at the logout or expiry of the last one F, and the watchers allowed to see
 *   OnlineStatus are notified both times (AOSP shows a contact offline only when told
 *   OnlineStatus F). In between, what the client publishes stands. What is shown is always F
 *   for a user without a session (also after a crash of iwfd), and T for one with a session
 *   that never published it (gw_pres_effective). The F of a last logout waits for the loop's
 *   next turn (1 ms): a re-login from the same client forces the old session out just before
 *   it makes the new one, and the watchers then see no F/T flicker.
 * - Notifications carry, per presentity, the whole part of its presence the watcher may see
 *   (subscribed AND authorized attributes), not only what changed: a client that replaces
 *   and one that merges end with the same state. They are sent only when that part changed.
 *   Several presentities for one watching session in one operation (a contact-list
 *   subscription, a list member added) go in one PresenceNotification-Request (at most
 *   GW_PRES_NOTIFY_MAX Presences each), and a presentity appears once per notification with
 *   its latest value. Changes from different requests are not held back to be merged.
 * - A watcher that may see nothing (authorization pending, declined, cancelled, blocked) gets
 *   a Presence with an empty PresenceSubList: once after its subscription, and again when a
 *   decision takes the values away. It is not an error: its SubscribePresence got 200 and the
 *   subscription stands, so values flow as soon as the presentity allows them. GetPresence
 *   of such a presentity answers 521 (pending) or 534 (declined, cancelled, blocked) for it.
 *   This is the IMPS side of mapping/README.md "Subscription states".
 * - Remote presentities (sip:, or wv: of another domain) can be subscribed to and sit in
 *   contact lists; the subscription is stored, but no presence comes from them until the SIP
 *   side exists. GetPresence of one answers 501 for it.
 * - Every change is in the store before the answer; notifications are queued (and stored by
 *   gw_sess_push) before the answer too, all in one store transaction per handler.
 */

/* --- the requester, sessions, addresses ------------------------------------------------- */

int gw_pres_me(struct gw_req *r, struct gw_pres_me *me)
{
	struct gw_sess_info const *i = gw_sess_info(r->sess);
	char *key;

	if (i == NULL)
		return EINVAL;
	if ((key = gw_user_key(r->srv, r->home, i->user)) == NULL)
		return ENOMEM;
	me->addr = i->user;
	me->key = key;
	me->sid = i->id;
	me->version = r->msg ? r->msg->version : i->version;
	return 0;
}

int gw_pres_tx_begin(struct gw_server *srv)
{
	return gw_store_begin(srv->store) == 0;	/* EINVAL: inside the caller's */
}

int gw_pres_tx_end(struct gw_server *srv, int began, int e)
{
	int c;

	if (!began)
		return e;
	if (e) {
		gw_store_rollback(srv->store);
		return e;
	}
	if ((c = gw_store_commit(srv->store)) != 0) {
		gw_warning("presence: while committing to the store: %s", strerror(c));
		gw_store_rollback(srv->store);
	}
	return c;
}

struct gw_sess *gw_pres_sess(struct gw_server *srv, char const *addr, char const *sid)
{
	for (struct gw_sess *s = gw_sess_next_of_user(srv, addr, NULL); s;
	     s = gw_sess_next_of_user(srv, addr, s))
		if (strcmp(gw_sess_info(s)->id, sid) == 0)
			return s;
	return NULL;
}

int gw_pres_addr_norm(struct gw_server *srv, su_home_t *home, char const *in, char **outp,
		      char const **reason)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_wv_addr *a = NULL;
	int e;

	if (in == NULL || *in == '\0') {
		if (reason)
			*reason = "empty address";
		return EINVAL;
	}
	if (strncasecmp(in, "sip:", 4) == 0)
		return map_addr_sip_normalize(home, in, outp, reason);
	e = map_addr_wv_parse(tmp, in, srv->cfg->imps_domain, &a, reason);
	if (e == 0 && a->resource) {
		if (reason)
			*reason = "a contact list or group address, not a user";
		e = EINVAL;
	}
	if (e == 0)
		e = map_addr_wv_format(home, a, outp, reason);
	su_home_deinit(tmp);
	return e;
}

int gw_pres_list_norm(struct gw_server *srv, su_home_t *home, struct gw_pres_me const *me,
		      char const *in, char **outp, char const **reason)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct map_wv_addr *mine = NULL, *a = NULL;
	char *out = NULL;
	int e;

	if (in == NULL || *in == '\0') {
		if (reason)
			*reason = "empty contact list id";
		return EINVAL;
	}
	e = map_addr_wv_parse(tmp, me->addr, NULL, &mine, reason);
	if (e == 0 && !strchr(in, '/') && !strchr(in, '@') && strncasecmp(in, "wv:", 3) != 0) {
		/* A bare list name: one of the requester's lists. */
		a = su_zalloc(tmp, sizeof *a);
		if (a == NULL)
			e = ENOMEM;
		else
			*a = (struct map_wv_addr){mine->user, in, mine->domain};
	} else if (e == 0) {
		e = map_addr_wv_parse(tmp, in, srv->cfg->imps_domain, &a, reason);
		if (e == 0 && a->resource == NULL) {
			if (reason)
				*reason = "not a contact list id (wv:user/list@domain)";
			e = EINVAL;
		}
	}
	if (e == 0)
		e = map_addr_wv_format(tmp, a, &out, reason);
	if (e == 0) {
		struct map_wv_addr *back = NULL;

		/* The canonical parts, to compare the owner with the requester. */
		e = map_addr_wv_parse(tmp, out, NULL, &back, reason);
		if (e == 0 && (strcmp(back->user, mine->user) || strcmp(back->domain, mine->domain))) {
			if (reason)
				*reason = "a contact list of another user";
			e = EPERM;
		}
	}
	if (e == 0 && (*outp = su_strdup(home, out)) == NULL)
		e = ENOMEM;
	su_home_deinit(tmp);
	return e;
}

struct members {
	su_home_t *home;
	char **v;
	size_t n;
	int oom;
};

static int collect_member(void *arg, char const *address, char const *nickname)
{
	struct members *m = arg;
	char **nv;

	(void)nickname;
	if (m->n >= GW_PRES_MEMBERS_MAX)
		return 0;
	nv = su_realloc(m->home, m->v, (m->n + 1) * sizeof *nv);
	if (nv == NULL || (nv[m->n] = su_strdup(m->home, address)) == NULL) {
		if (nv)
			m->v = nv;
		m->oom = 1;
		return ENOMEM;
	}
	m->v = nv;
	m->n++;
	return 0;
}

int gw_pres_list_members(struct gw_server *srv, su_home_t *home, char const *owner_key,
			 char const *list, char ***vp, size_t *np)
{
	struct members m = {.home = home};
	int e = gw_store_clist_member_each(srv->store, owner_key, list, collect_member, &m);

	if (e)
		return e;
	*vp = m.v;
	*np = m.n;
	return 0;
}

/* --- attribute sets as text ------------------------------------------------------------- */

char *gw_pres_attrs_text(su_home_t *home, imps_attr_set set)
{
	char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		char const *name = imps_attr_name((enum imps_attr)a);

		if (!(set & IMPS_ATTR_BIT(a)) || name == NULL)
			continue;
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "," : "", name);
		if (len >= sizeof buf)
			return NULL;	/* cannot happen with the known names */
	}
	return su_strdup(home, buf);
}

imps_attr_set gw_pres_attrs_parse(char const *text)
{
	imps_attr_set set = 0;
	char name[64];

	if (text == NULL)
		return IMPS_ATTR_SET_ALL;
	while (*text) {
		size_t n = strcspn(text, ",");

		if (n < sizeof name) {
			enum imps_attr a;

			memcpy(name, text, n);
			name[n] = '\0';
			if ((a = imps_attr_by_name(name)) != IMPS_ATTR_UNKNOWN)
				set |= IMPS_ATTR_BIT(a);
		}
		text += n;
		if (*text == ',')
			text++;
	}
	return set;
}

/* --- results with details --------------------------------------------------------------- */

void gw_pres_details_init(struct gw_pres_details *d, su_home_t *home, enum csp_version v)
{
	memset(d, 0, sizeof *d);
	d->home = home;
	d->version = v;
	d->tail = &d->first;
}

void gw_pres_detail(struct gw_pres_details *d, int code, char const *desc, char const *user_id,
		    char const *contact_list)
{
	struct gw_pres_detail *x;

	d->failed++;
	if (d->failed > GW_PRES_DETAILS_MAX || (x = su_zalloc(d->home, sizeof *x)) == NULL) {
		d->dropped++;
		return;
	}
	x->code = code;
	x->desc = desc ? su_strdup(d->home, desc) : NULL;
	x->user_id = user_id ? su_strdup(d->home, user_id) : NULL;
	x->contact_list = contact_list ? su_strdup(d->home, contact_list) : NULL;
	*d->tail = x;
	d->tail = &x->next;
}

struct csp_node *gw_pres_result(struct gw_pres_details const *d, struct csp_node *parent)
{
	su_home_t *home = d->home;
	struct csp_node *res;
	char num[16];

	if (d->failed == 0)
		return gw_result_add(home, parent, 200, NULL);
	if (d->failed == 1 && d->ok == 0 && d->first)
		return gw_result_add(home, parent, d->first->code, d->first->desc);
	res = gw_result_add(home, parent, d->ok ? 201 : 900,
			    d->dropped ? su_sprintf(home, "%s (%u more errors not detailed)",
						    map_imps_code_desc(d->ok ? 201 : 900),
						    d->dropped) : NULL);
	for (struct gw_pres_detail const *x = d->first; res && x; x = x->next) {
		struct csp_node *dr = csp_node_add(home, res, "DetailedResult");

		snprintf(num, sizeof num, "%d", x->code);
		if (dr == NULL || !csp_node_add_text(home, dr, "Code", num) ||
		    !csp_node_add_text(home, dr, "Description",
				       x->desc ? x->desc : map_imps_code_desc(x->code)) ||
		    (x->user_id && !csp_node_add_text(home, dr, "UserID", x->user_id)) ||
		    (x->contact_list && d->version >= CSP_V12 &&
		     !csp_node_add_text(home, dr, "ContactList", x->contact_list)))
			return NULL;
	}
	return res;
}

int gw_pres_status(struct gw_req *r, struct gw_pres_details const *d)
{
	struct csp_node *st = gw_req_answer(r, "Status");

	return st && gw_pres_result(d, st) ? 0 : ENOMEM;
}

int gw_pres_refused(struct gw_req *r, int e, struct csp_prim_error const *pe)
{
	if (e == ENOMEM)
		return ENOMEM;
	return gw_pres_bad(r, e == EPROTO && pe->status ? pe->status : 400,
			   pe->desc[0] ? pe->desc : e == E2BIG ? "Too many elements" : "Bad request");
}

int gw_pres_bad(struct gw_req *r, int code, char const *desc)
{
	struct gw_sess_info const *i = gw_sess_info(r->sess);

	gw_notice("presence: %s of %s refused: %d %s", r->prim->name, i ? i->user : "-", code,
		  desc);
	return gw_req_status(r, code, desc);
}

/* --- subscriptions ------------------------------------------------------------------------ */

/* Stores one subscription row. */
static int psub_put(struct gw_server *srv, char const *sid, char const *target, char const *list,
		    imps_attr_set want, int auto_subscribe, int64_t now)
{
	return gw_store_psub_put(srv->store, &(struct gw_psub){
		.session_id = sid, .target = target, .contact_list = list,
		.attrs = want == IMPS_ATTR_SET_ALL ? 0 : want, .auto_subscribe = auto_subscribe,
		.created = now});
}

/* Deletes every row of session `sid` that came from `list`. */
static int psub_drop_list(struct gw_server *srv, char const *sid, char const *list)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_pres_psub_rows rs;
	int e = gw_pres_psub_read(srv, tmp, sid, NULL, &rs);

	for (size_t i = 0; e == 0 && i < rs.n; i++)
		if (rs.v[i].list && strcmp(rs.v[i].list, list) == 0) {
			e = gw_store_psub_delete(srv->store, sid, rs.v[i].target, list);
			if (e == ENOENT)
				e = 0;
		}
	su_home_deinit(tmp);
	return e;
}

/* Every (user) target of a request: User*, 1.3 UserIDList. */
struct targets {
	char const **v;
	size_t n;
};

static int user_targets(su_home_t *home, struct csp_users const *users,
			struct csp_strs const *more, struct targets *t)
{
	t->n = 0;
	if ((t->v = su_zalloc(home, (users->n + more->n + 1) * sizeof *t->v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < users->n; i++)
		t->v[t->n++] = users->v[i].user_id;
	for (size_t i = 0; i < more->n; i++)
		t->v[t->n++] = more->v[i];
	return 0;
}

static int list_targets(su_home_t *home, struct csp_strs const *a, struct csp_strs const *b,
			struct targets *t)
{
	t->n = 0;
	if ((t->v = su_zalloc(home, (a->n + b->n + 1) * sizeof *t->v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < a->n; i++)
		t->v[t->n++] = a->v[i];
	for (size_t i = 0; i < b->n; i++)
		t->v[t->n++] = b->v[i];
	return 0;
}

/* A user target of a request, normalised and checked: 0, or a detail was recorded. */
static int user_target(struct gw_req *r, struct gw_pres_details *d, char const *in, char **outp)
{
	char const *why = NULL;
	int e = gw_pres_addr_norm(r->srv, r->home, in, outp, &why);

	if (e == ENOMEM)
		return e;
	if (e) {
		gw_pres_detail(d, 531, su_sprintf(r->home, "Invalid UserID %s: %s", in, why), in,
			       NULL);
		return EINVAL;
	}
	if (gw_addr_is_local(r->srv, *outp) && !gw_user_exists(r->srv, *outp)) {
		gw_pres_detail(d, 531, su_sprintf(r->home, "Unknown user %s", *outp), *outp, NULL);
		return ENOENT;
	}
	return 0;
}

/* A list target of a request, normalised and present: 0, or a detail was recorded. */
static int list_target(struct gw_req *r, struct gw_pres_me const *me, struct gw_pres_details *d,
		       char const *in, char **outp, char ***membersp, size_t *np)
{
	char const *why = NULL;
	int e = gw_pres_list_norm(r->srv, r->home, me, in, outp, &why);

	if (e == ENOMEM)
		return e;
	if (e == 0)
		e = gw_pres_list_members(r->srv, r->home, me->key, *outp, membersp, np);
	if (e == ENOMEM)
		return e;
	if (e) {
		gw_pres_detail(d, 700, su_sprintf(r->home, "Contact list %s does not exist%s%s", in,
						  why ? ": " : "", why ? why : ""), NULL, in);
		return ENOENT;
	}
	return 0;
}

static int h_subscribe(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_subscribe_presence *sp;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct gw_pres_batch *b;
	struct targets users, lists;
	imps_attr_set want;
	int e, autos;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	sp = &p->u.subscribe_presence;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = user_targets(r->home, &sp->users, &sp->user_id_list, &users)) != 0 ||
	    (e = list_targets(r->home, &sp->contact_lists, &sp->contact_list_id_list, &lists)))
		return e;
	if (users.n + lists.n == 0)
		return gw_pres_bad(r, 402, "Missing User or ContactList in SubscribePresence-Request");
	/* No PresenceSubList (or an empty one): every attribute. */
	want = sp->attrs.present && sp->attrs.set ? sp->attrs.set : IMPS_ATTR_SET_ALL;
	if (sp->attrs.present && sp->attrs.set == 0 && sp->attrs.n_unknown)
		return gw_pres_bad(r, 750, "Invalid presence attribute: none of the PresenceSubList "
				   "is known");
	autos = sp->auto_subscribe == CSP_T;
	gw_pres_details_init(&d, r->home, me.version);
	if ((b = gw_pres_batch_new(r->home)) == NULL)
		return ENOMEM;

	for (size_t i = 0; i < users.n; i++) {
		char *target = NULL;

		if ((e = user_target(r, &d, users.v[i], &target)) == ENOMEM)
			return e;
		if (e)
			continue;
		if ((e = psub_put(r->srv, me.sid, target, NULL, want, 0, r->now)) != 0)
			return e;
		if ((e = gw_pres_initial(r->srv, b, me.addr, me.sid, target, want)) != 0)
			return e;
		if (!gw_addr_is_local(r->srv, target))
			gw_info("presence: %s subscribed to %s: stored; no presence comes from "
				"outside %s yet", me.addr, target, r->srv->cfg->imps_domain);
		d.ok++;
	}
	for (size_t i = 0; i < lists.n; i++) {
		char *list = NULL, **members = NULL;
		size_t n = 0;

		if ((e = list_target(r, &me, &d, lists.v[i], &list, &members, &n)) == ENOMEM)
			return e;
		if (e)
			continue;
		/* The marker first: it remembers the list subscription and AutoSubscribe. */
		if ((e = psub_put(r->srv, me.sid, list, list, want, autos, r->now)) != 0)
			return e;
		for (size_t j = 0; j < n; j++) {
			if ((e = psub_put(r->srv, me.sid, members[j], list, want, autos, r->now)) ||
			    (e = gw_pres_initial(r->srv, b, me.addr, me.sid, members[j], want)))
				return e;
		}
		gw_info("presence: %s subscribed to list %s (%zu members%s)", me.addr, list, n,
			autos ? ", AutoSubscribe" : "");
		d.ok++;
	}
	if ((e = gw_pres_status(r, &d)) != 0)
		return e;
	gw_pres_batch_flush(r->srv, b);
	return 0;
}

static int h_unsubscribe(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_subscribe_presence *sp;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct targets users, lists;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	sp = &p->u.subscribe_presence;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = user_targets(r->home, &sp->users, &sp->user_id_list, &users)) != 0 ||
	    (e = list_targets(r->home, &sp->contact_lists, &sp->contact_list_id_list, &lists)))
		return e;
	if (users.n + lists.n == 0)
		return gw_pres_bad(r, 402,
				   "Missing User or ContactList in UnsubscribePresence-Request");
	gw_pres_details_init(&d, r->home, me.version);
	for (size_t i = 0; i < users.n; i++) {
		char *target = NULL;
		char const *why = NULL;

		e = gw_pres_addr_norm(r->srv, r->home, users.v[i], &target, &why);
		if (e == ENOMEM)
			return e;
		if (e) {
			gw_pres_detail(&d, 531, su_sprintf(r->home, "Invalid UserID %s: %s",
							   users.v[i], why), users.v[i], NULL);
			continue;
		}
		/* Every subscription of this session to that user goes, lists included. */
		e = gw_store_psub_delete(r->srv->store, me.sid, target, "*");
		if (e && e != ENOENT)
			return e;
		d.ok++;
	}
	for (size_t i = 0; i < lists.n; i++) {
		char *list = NULL;
		char const *why = NULL;

		e = gw_pres_list_norm(r->srv, r->home, &me, lists.v[i], &list, &why);
		if (e == ENOMEM)
			return e;
		if (e) {
			gw_pres_detail(&d, 700, su_sprintf(r->home, "Contact list %s: %s",
							   lists.v[i], why), NULL, lists.v[i]);
			continue;
		}
		if ((e = psub_drop_list(r->srv, me.sid, list)) != 0)
			return e;
		d.ok++;
	}
	return gw_pres_status(r, &d);
}

/* --- GetPresence ---------------------------------------------------------------------------- */

/* One presentity of a GetPresence: a Presence under `resp`, or a detail. `quiet`: remote and
 * unknown presentities (list members) are skipped without a detail. */
static int get_one(struct gw_req *r, struct gw_pres_me const *me, struct gw_pres_details *d,
		   struct csp_node *resp, char const *target, imps_attr_set want, int quiet)
{
	char *key = gw_user_key(r->srv, r->home, target);
	struct gw_view v;
	struct imps_pres *cur = NULL, *part = NULL;
	struct csp_node *pr;
	int e;

	if (key == NULL) {
		if (!quiet)
			gw_pres_detail(d, 501, su_sprintf(r->home, "No presence of %s: users outside "
							  "%s are not reachable yet", target,
							  r->srv->cfg->imps_domain), target, NULL);
		return 0;
	}
	if (!gw_user_exists(r->srv, target)) {
		if (!quiet)
			gw_pres_detail(d, 531, su_sprintf(r->home, "Unknown user %s", target),
				       target, NULL);
		return 0;
	}
	if ((e = gw_pres_view(r->srv, key, target, me->addr, &v)) != 0)
		return e;
	switch (v.kind) {
	case GW_VIEW_SELF:
	case GW_VIEW_ALLOWED:
		if ((e = gw_pres_current(r->srv, r->home, key, target, &cur)) != 0 ||
		    (e = gw_pres_visible_part(r->home, cur, want & v.attrs, &part)) != 0)
			return e;
		if ((pr = csp_node_add(r->home, resp, "Presence")) == NULL ||
		    !csp_node_add_text(r->home, pr, "UserID", target) ||
		    imps_pres_to_node(r->home, part, pr, NULL) != 0)
			return ENOMEM;
		d->ok++;
		return 0;
	case GW_VIEW_UNDECIDED:
		/* Asking is what a subscription would do too. */
		if ((e = gw_pres_request_auth(r->srv, key, target, me->addr, want)) != 0)
			return e;
		/* fall through */
	case GW_VIEW_PENDING:
		gw_pres_detail(d, 521, su_sprintf(r->home, "Unresponded presence request: %s has "
						  "not decided yet", target), target, NULL);
		return 0;
	case GW_VIEW_DECLINED:
	case GW_VIEW_BLOCKED:
	default:
		gw_pres_detail(d, 534, su_sprintf(r->home, "Recipient unauthorized: %s does not "
						  "share presence with you", target), target, NULL);
		return 0;
	}
}

static int h_get(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_get_presence_request *gp;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct targets users, lists;
	struct csp_node *resp;
	imps_attr_set want;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	gp = &p->u.get_presence_request;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = user_targets(r->home, &gp->users, &gp->user_id_list, &users)) != 0 ||
	    (e = list_targets(r->home, &gp->contact_lists, &gp->contact_list_id_list, &lists)))
		return e;
	want = gp->attrs.present && gp->attrs.set ? gp->attrs.set : IMPS_ATTR_SET_ALL;
	gw_pres_details_init(&d, r->home, me.version);
	if ((resp = gw_req_answer(r, "GetPresence-Response")) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < users.n; i++) {
		char *target = NULL;
		char const *why = NULL;

		e = gw_pres_addr_norm(r->srv, r->home, users.v[i], &target, &why);
		if (e == ENOMEM)
			return e;
		if (e) {
			gw_pres_detail(&d, 531, su_sprintf(r->home, "Invalid UserID %s: %s",
							   users.v[i], why), users.v[i], NULL);
			continue;
		}
		if ((e = get_one(r, &me, &d, resp, target, want, 0)) != 0)
			return e;
	}
	for (size_t i = 0; i < lists.n; i++) {
		char *list = NULL, **members = NULL;
		size_t n = 0;

		if ((e = list_target(r, &me, &d, lists.v[i], &list, &members, &n)) == ENOMEM)
			return e;
		if (e)
			continue;
		for (size_t j = 0; j < n; j++)
			if ((e = get_one(r, &me, &d, resp, members[j], want, 1)) != 0)
				return e;
		if (n == 0)
			d.ok++;	/* an empty list is a success with nothing in it */
	}
	return gw_pres_result(&d, resp) ? 0 : ENOMEM;
}

/* --- UpdatePresence ------------------------------------------------------------------------- */

static int h_update(struct gw_req *r)
{
	struct csp_node const *psl = csp_node_find(r->prim, "PresenceSubList");
	struct imps_pres *upd = NULL, *raw = NULL, *merged = NULL, *before, *after;
	struct gw_pres_me me;
	char const *why = NULL;
	int e, online;

	if (psl == NULL)
		return gw_pres_bad(r, 402, "Missing PresenceSubList in UpdatePresence-Request");
	e = imps_pres_from_node_why(r->home, psl, &upd, &why);
	if (e == EPROTO)
		return gw_pres_bad(r, 751, su_sprintf(r->home, "Invalid presence value: %s",
						      why ? why : "PresenceSubList"));
	if (e == E2BIG)
		return gw_pres_bad(r, 400, "Too many elements in PresenceSubList");
	if (e)
		return e;
	if ((e = gw_pres_me(r, &me)) != 0 || (e = gw_pres_load(r->srv, r->home, me.key, &raw)))
		return e;
	if ((e = imps_pres_merge(r->home, raw, upd, &merged)) != 0)
		return e;
	if ((e = gw_pres_save(r->srv, me.key, merged, r->now)) != 0)
		return e;
	if ((e = gw_req_status(r, 200, NULL)) != 0)
		return e;
	if (r->srv->presence)
		r->srv->presence->updates++;
	online = gw_user_online(r->srv, me.addr);
	before = imps_pres_dup(r->home, raw);
	after = imps_pres_dup(r->home, merged);
	if (before == NULL || after == NULL)
		return ENOMEM;
	gw_pres_effective(before, online);
	gw_pres_effective(after, online);
	gw_pres_changed(r->srv, me.key, me.addr, before, after);
	return 0;
}

/* --- GetWatcherList ------------------------------------------------------------------------- */

static int h_watchers(struct gw_req *r)
{
	struct gw_pres_me me;
	struct gw_pres_watch *w = NULL;
	size_t n = 0;
	struct csp_node *resp;
	int e;

	if ((e = gw_pres_me(r, &me)) != 0 || (e = gw_pres_watchers(r->srv, r->home, me.addr, &w, &n)))
		return e;
	if ((resp = gw_req_answer(r, "GetWatcherList-Response")) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct csp_node *u;
		size_t j;

		/* One User per watching user, whatever the number of its sessions. */
		for (j = 0; j < i && strcmp(w[j].watcher, w[i].watcher); j++)
			;
		if (j < i)
			continue;
		if ((u = csp_node_add(r->home, resp, "User")) == NULL ||
		    !csp_node_add_text(r->home, u, "UserID", w[i].watcher))
			return ENOMEM;
	}
	return 0;
}

/* --- contact-list hooks ----------------------------------------------------------------- */

/* The marker rows of `list`: the sessions subscribed to the list itself. */
static int list_markers(struct gw_server *srv, su_home_t *home, char const *list,
			struct gw_pres_psub_rows *rs)
{
	int e = gw_pres_psub_read(srv, home, NULL, list, rs);
	size_t k = 0;

	for (size_t i = 0; e == 0 && i < rs->n; i++)
		if (rs->v[i].list && strcmp(rs->v[i].list, list) == 0)
			rs->v[k++] = rs->v[i];
	rs->n = k;
	return e;
}

void gw_pres_list_added(struct gw_server *srv, char const *owner_addr, char const *list,
			char *const *members, size_t n)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	int began = gw_pres_tx_begin(srv);
	struct gw_pres_batch *b = gw_pres_batch_new(tmp);
	struct gw_pres_psub_rows rs;
	int64_t now = gw_now(srv);
	int e = b ? list_markers(srv, tmp, list, &rs) : ENOMEM;

	for (size_t i = 0; e == 0 && i < rs.n; i++) {
		if (!rs.v[i].auto_subscribe)
			continue;
		for (size_t j = 0; e == 0 && j < n; j++) {
			e = psub_put(srv, rs.v[i].sid, members[j], list, rs.v[i].want, 1, now);
			if (e == 0)
				e = gw_pres_initial(srv, b, owner_addr, rs.v[i].sid, members[j],
						    rs.v[i].want);
		}
		gw_info("presence: session %.8s auto-subscribed to %zu new members of %s",
			rs.v[i].sid, n, list);
	}
	if (e)
		gw_warning("presence: while auto-subscribing to new members of %s: %s", list,
			   strerror(e));
	gw_pres_batch_flush(srv, b);
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}

void gw_pres_list_removed(struct gw_server *srv, char const *list, char *const *members,
			  size_t n)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	int began = gw_pres_tx_begin(srv);
	struct gw_pres_psub_rows rs;
	int e = list_markers(srv, tmp, list, &rs);

	for (size_t i = 0; e == 0 && i < rs.n; i++)
		for (size_t j = 0; e == 0 && j < n; j++)
			if ((e = gw_store_psub_delete(srv->store, rs.v[i].sid, members[j], list)) ==
			    ENOENT)
				e = 0;
	if (e)
		gw_warning("presence: while unsubscribing from members removed from %s: %s", list,
			   strerror(e));
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}

void gw_pres_list_dropped(struct gw_server *srv, char const *list)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	int began = gw_pres_tx_begin(srv);
	struct gw_pres_psub_rows rs;
	int e = list_markers(srv, tmp, list, &rs);

	for (size_t i = 0; e == 0 && i < rs.n; i++)
		e = psub_drop_list(srv, rs.v[i].sid, list);
	if (e)
		gw_warning("presence: while ending the subscriptions to deleted list %s: %s", list,
			   strerror(e));
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}

/* --- events from the sessions ----------------------------------------------------------- */

static unsigned active_sessions(struct gw_server *srv, char const *user)
{
	unsigned n = 0;

	for (struct gw_sess *s = gw_sess_next_of_user(srv, user, NULL); s;
	     s = gw_sess_next_of_user(srv, user, s))
		n++;
	return n;
}

/* The server's OnlineStatus of a user changes: stored, and the watchers told what changed
 * from what they saw (seen_online: what the watchers were shown before). */
static void online_change(struct gw_server *srv, char const *user, char const *key, int online,
			  int seen_online)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct imps_pres *raw = NULL, *before, *after;
	int e = gw_pres_load(srv, tmp, key, &raw);

	if (e == 0) {
		before = imps_pres_dup(tmp, raw);
		gw_pres_set_online(raw, online ? CSP_T : CSP_F);
		after = imps_pres_dup(tmp, raw);
		if (before == NULL || after == NULL)
			e = ENOMEM;
	}
	if (e == 0)
		e = gw_pres_save(srv, key, raw, gw_now(srv));
	if (e) {
		gw_warning("presence: while setting OnlineStatus %s for %s: %s", online ? "T" : "F",
			   user, strerror(e));
	} else {
		gw_pres_effective(before, seen_online);
		gw_pres_effective(after, online);
		gw_pres_changed(srv, key, user, before, after);
	}
	su_home_deinit(tmp);
}

/* Takes `addr` off the deferred-offline list; 1 when it was there. */
static int offline_take(struct gw_presence *p, char const *addr)
{
	for (unsigned k = 0; p && k < p->n_offline; k++)
		if (strcmp(p->offline[k].addr, addr) == 0) {
			free(p->offline[k].addr);
			free(p->offline[k].key);
			p->offline[k] = p->offline[--p->n_offline];
			return 1;
		}
	return 0;
}

/* Those whose last session ended and who did not come back: offline now. */
static void offline_flush(struct gw_server *srv)
{
	struct gw_presence *p = srv->presence;
	int began = p && p->n_offline ? gw_pres_tx_begin(srv) : 0;

	while (p && p->n_offline) {
		struct gw_pres_offline o = p->offline[--p->n_offline];

		if (!gw_user_online(srv, o.addr))
			online_change(srv, o.addr, o.key, 0, 1);
		free(o.addr);
		free(o.key);
	}
	gw_pres_tx_end(srv, began, 0);
}

static void on_offline_timer(su_root_magic_t *magic, su_timer_t *t, struct gw_server *srv)
{
	(void)magic;
	(void)t;
	offline_flush(srv);
}

/* Defers the offline notification of a user to the loop's next turn; 0, or an errno when it
 * must be done now. */
static int offline_defer(struct gw_server *srv, char const *addr, char const *key)
{
	struct gw_presence *p = srv->presence;
	struct gw_pres_offline o;

	if (p == NULL || p->timer == NULL || p->n_offline >= GW_PRES_OFFLINE_MAX)
		return EAGAIN;
	offline_take(p, addr);
	o.addr = strdup(addr);
	o.key = strdup(key);
	if (o.addr == NULL || o.key == NULL || su_timer_set(p->timer, on_offline_timer, srv) != 0) {
		free(o.addr);
		free(o.key);
		return ENOMEM;
	}
	p->offline[p->n_offline++] = o;
	return 0;
}

void gw_presence_on_login(struct gw_server *srv, struct gw_sess *s)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_sess_info const *i = gw_sess_info(s);
	char *key = i ? gw_user_key(srv, tmp, i->user) : NULL;
	int began = gw_pres_tx_begin(srv);

	if (key) {
		/* Back before the offline notification went: the watchers saw no change. */
		int back = offline_take(srv->presence, i->user);

		if (active_sessions(srv, i->user) == 1)
			online_change(srv, i->user, key, 1, back);
		gw_pres_resend_auth(srv, s, key);
	}
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}

void gw_presence_on_logout(struct gw_server *srv, struct gw_sess *s)
{
	su_home_t tmp[1] = {SU_HOME_INIT(tmp)};
	struct gw_sess_info const *i = gw_sess_info(s);
	char *key = i ? gw_user_key(srv, tmp, i->user) : NULL;
	struct gw_pres_psub_rows rs;
	int e, began = gw_pres_tx_begin(srv);

	if (key == NULL)
		goto out;
	/* The session's subscriptions end with it (the store would drop them with the session
	 * row too, but a forced-out session keeps its row until its Disconnect is answered). */
	e = gw_pres_psub_read(srv, tmp, i->id, NULL, &rs);
	for (size_t k = 0; e == 0 && k < rs.n; k++)
		if ((e = gw_store_psub_delete(srv->store, i->id, rs.v[k].target, "*")) == ENOENT)
			e = 0;
	if (e)
		gw_warning("presence: while ending the subscriptions of session %.8s: %s", i->id,
			   strerror(e));
	if (!gw_user_online(srv, i->user) && offline_defer(srv, i->user, key) != 0)
		online_change(srv, i->user, key, 0, 1);
out:
	gw_pres_tx_end(srv, began, 0);
	su_home_deinit(tmp);
}

void gw_presence_acked(struct gw_server *srv, struct gw_sess *s, char const *prim,
		       char const *ref, struct csp_node const *answer)
{
	struct csp_node const *res = answer ? csp_node_find(answer, "Result") : NULL;
	char const *code = res ? csp_node_text(res, "Code") : NULL;

	(void)srv;
	(void)ref;
	if (prim == NULL || (strcmp(prim, "PresenceNotification-Request") != 0 &&
			     strcmp(prim, "PresenceAuth-Request") != 0))
		return;	/* not ours */
	if (code && code[0] == '2')
		gw_debug("presence: session %.8s acknowledged %s", gw_sess_info(s)->id, prim);
	else
		gw_info("presence: session %.8s answered %s with %s", gw_sess_info(s)->id, prim,
			code ? code : "no Result");
}

/* --- life cycle and the handler table --------------------------------------------------- */

int gw_presence_start(struct gw_server *srv)
{
	struct gw_presence *p = su_zalloc(srv->home, sizeof *p);

	if (p == NULL)
		return ENOMEM;
	if (srv->root && (p->timer = su_timer_create(su_root_task(srv->root), 1)) == NULL) {
		su_free(srv->home, p);
		return ENOMEM;
	}
	srv->presence = p;
	return 0;
}

void gw_presence_stop(struct gw_server *srv)
{
	if (srv->presence == NULL)
		return;
	offline_flush(srv);
	su_timer_destroy(srv->presence->timer);
	srv->presence->timer = NULL;
	gw_info("presence: %llu updates, %llu notifications, %llu authorization requests, "
		"%llu decisions", (unsigned long long)srv->presence->updates,
		(unsigned long long)srv->presence->notifications,
		(unsigned long long)srv->presence->auth_requests,
		(unsigned long long)srv->presence->decisions);
	srv->presence = NULL;	/* its memory goes with srv->home */
}

/*
 * Function codes and their groups per the 1.1 DTD (Functions part): PresenceFeat with
 * PresenceDeliverFunc (GETPR, UPDPR), PresenceAuthFunc (GETWL, REACT, CAAUT), AttListFunc
 * (CALI, DALI, GALS); the block and grant lists are IMFeat/IMAuthFunc (GLBLU, BLENT).
 * Subscriptions have no function code of their own in 1.1: their rows name none.
 */
/* Each handler runs in one store transaction (gw_pres_tx_begin). */
#define TX_HANDLER(name, fn) \
	static int name(struct gw_req *r) \
	{ \
		int began = gw_pres_tx_begin(r->srv); \
		return gw_pres_tx_end(r->srv, began, fn(r)); \
	}

TX_HANDLER(tx_subscribe, h_subscribe)
TX_HANDLER(tx_unsubscribe, h_unsubscribe)
TX_HANDLER(tx_get, h_get)
TX_HANDLER(tx_update, h_update)
TX_HANDLER(tx_watchers, h_watchers)
TX_HANDLER(tx_auth_user, gw_pres_h_auth_user)
TX_HANDLER(tx_cancel_auth, gw_pres_h_cancel_auth)
TX_HANDLER(tx_create_attrlist, gw_pres_h_create_attrlist)
TX_HANDLER(tx_delete_attrlist, gw_pres_h_delete_attrlist)
TX_HANDLER(tx_get_attrlist, gw_pres_h_get_attrlist)
TX_HANDLER(tx_block_entity, gw_pres_h_block_entity)
TX_HANDLER(tx_get_blocked, gw_pres_h_get_blocked)

struct gw_handler const gw_presence_handlers[] = {
	{"SubscribePresence-Request", GW_H_SESSION, tx_subscribe, NULL, NULL, NULL},
	{"UnsubscribePresence-Request", GW_H_SESSION, tx_unsubscribe, NULL, NULL, NULL},
	{"GetPresence-Request", GW_H_SESSION, tx_get, "GETPR", "PresenceFeat",
	 "PresenceDeliverFunc"},
	{"UpdatePresence-Request", GW_H_SESSION, tx_update, "UPDPR", "PresenceFeat",
	 "PresenceDeliverFunc"},
	{"GetWatcherList-Request", GW_H_SESSION, tx_watchers, "GETWL", "PresenceFeat",
	 "PresenceAuthFunc"},
	{"PresenceAuth-User", GW_H_SESSION, tx_auth_user, "REACT", "PresenceFeat",
	 "PresenceAuthFunc"},
	{"CancelAuth-Request", GW_H_SESSION, tx_cancel_auth, "CAAUT", "PresenceFeat",
	 "PresenceAuthFunc"},
	{"CreateAttributeList-Request", GW_H_SESSION, tx_create_attrlist, "CALI",
	 "PresenceFeat", "AttListFunc"},
	{"DeleteAttributeList-Request", GW_H_SESSION, tx_delete_attrlist, "DALI",
	 "PresenceFeat", "AttListFunc"},
	{"GetAttributeList-Request", GW_H_SESSION, tx_get_attrlist, "GALS", "PresenceFeat",
	 "AttListFunc"},
	{"BlockEntity-Request", GW_H_SESSION, tx_block_entity, "BLENT", "IMFeat",
	 "IMAuthFunc"},
	{"GetBlockedList-Request", GW_H_SESSION, tx_get_blocked, "GLBLU", "IMFeat",
	 "IMAuthFunc"},
	{NULL, 0, NULL, NULL, NULL, NULL},
};
