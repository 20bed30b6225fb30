/* iwf/gw_lists.c: contact lists of local users: GetList, CreateList, DeleteList, ListManage. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/imps_pres.h"
#include "iwf/gw_log.h"
#include "iwf/gw_presence_int.h"
#include "iwf/gw_server.h"
#include "iwf/gw_store.h"

/*
 * Decisions:
 * - List ids are normalised like addresses (wv:user/list@domain, lower-case), so a client
 *   may write them in any case, with or without wv: and domain; a bare name ("friends") is a
 *   list of the requester. A user only sees and manages their own lists: another user's list
 *   is refused like a missing one (402 in CreateList, 700 elsewhere).
 * - Members may be any address: local users, users of other IMPS domains, sip: URIs (kept as
 *   they are normalised; no presence comes from remote members until the SIP side exists).
 *   An address that cannot be read gets a DetailedResult 531 and the rest goes on (201).
 * - Properties: DisplayName and Default (T/F; a list made default clears the flag on the
 *   user's other lists). A Default that is not T/F is 752; other property names are ignored.
 * - ListManage answers the NickList and the properties unless ReceiveList is F (1.1 has no
 *   ReceiveList; reading a list is a ListManage with only ContactList there).
 * - Members added to a list reach the sessions subscribed to the list with AutoSubscribe T
 *   (subscribed, with their initial notification); members removed leave every subscription
 *   that came from the list; a deleted list ends them all, and its attribute list goes.
 * - Limits: GW_PRES_LISTS_MAX lists per user (753), GW_PRES_MEMBERS_MAX members per list
 *   (754).
 */

/* --- helpers ------------------------------------------------------------------------------ */

struct clists {
	su_home_t *home;
	char const *find;	/* NULL: collect all */
	char **uris;
	size_t n;
	char *def;
	struct gw_clist found;
	int hit;
};

static int collect_clist(void *arg, struct gw_clist const *l)
{
	struct clists *c = arg;

	if (c->find) {
		if (strcmp(l->uri, c->find) == 0) {
			c->hit = 1;
			c->found.uri = su_strdup(c->home, l->uri);
			c->found.display_name = l->display_name ?
				su_strdup(c->home, l->display_name) : NULL;
			c->found.is_default = l->is_default;
		}
		return 0;
	}
	if (c->n < GW_PRES_LISTS_MAX) {
		char **nv = su_realloc(c->home, c->uris, (c->n + 1) * sizeof *nv);

		if (nv == NULL || (nv[c->n] = su_strdup(c->home, l->uri)) == NULL)
			return ENOMEM;
		c->uris = nv;
		c->n++;
	}
	if (l->is_default && (c->def = su_strdup(c->home, l->uri)) == NULL)
		return ENOMEM;
	return 0;
}

/* A normalised list id of the request: 0, or an answer was set (*listp NULL). */
static int list_arg(struct gw_req *r, struct gw_pres_me const *me, char const *in, int code,
		    char **listp)
{
	char const *why = NULL;
	int e = gw_pres_list_norm(r->srv, r->home, me, in, listp, &why);

	if (e == ENOMEM)
		return e;
	if (e) {
		*listp = NULL;
		return gw_pres_bad(r, code, su_sprintf(r->home, "Invalid ContactList %s in %s: %s",
						       in, r->prim->name, why));
	}
	return 0;
}

/* Reads ContactListProperties: DisplayName (NULL: not given), Default (-1: not given). */
static int props_read(struct csp_properties const *pr, char const **display, int *is_default,
		      char const **bad)
{
	*display = NULL;
	*is_default = -1;
	for (size_t i = 0; pr && i < pr->v.n; i++) {
		struct csp_property const *p = &pr->v.v[i];

		if (strcasecmp(p->name, "DisplayName") == 0) {
			*display = p->value ? p->value : "";
		} else if (strcasecmp(p->name, "Default") == 0) {
			enum csp_bool b = CSP_ABSENT;

			if (imps_bool_parse(p->value, &b) != 0 || b == CSP_ABSENT) {
				*bad = "Default";
				return EPROTO;
			}
			*is_default = b == CSP_T;
		}
	}
	return 0;
}

/* One member of a NickList/AddNickList. */
struct nick {
	char *addr;
	char const *name;	/* NULL: no nickname */
};

struct nicks {
	struct nick *v;
	size_t n;
};

/* The members of a NickList, normalised; unreadable ones become details. */
static int nicks_read(struct gw_req *r, struct gw_pres_details *d, struct csp_nick_list const *nl,
		      struct nicks *out)
{
	size_t total = nl ? nl->nick_names.n + nl->user_ids.n : 0;

	out->n = 0;
	if ((out->v = su_zalloc(r->home, (total + 1) * sizeof *out->v)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < total; i++) {
		int named = i < nl->nick_names.n;
		char const *in = named ? nl->nick_names.v[i].user_id :
			nl->user_ids.v[i - nl->nick_names.n];
		char const *why = NULL;
		char *addr = NULL;
		int e = gw_pres_addr_norm(r->srv, r->home, in, &addr, &why);

		if (e == ENOMEM)
			return e;
		if (e) {
			gw_pres_detail(d, 531, su_sprintf(r->home, "Invalid contact %s: %s", in, why),
				       in, NULL);
			continue;
		}
		out->v[out->n].addr = addr;
		out->v[out->n].name = named ? nl->nick_names.v[i].name : NULL;
		out->n++;
	}
	return 0;
}

/* Adds members (bounded); the new ones (not members before) are returned for the hooks. */
static int members_add(struct gw_req *r, struct gw_pres_me const *me, struct gw_pres_details *d,
		       char const *list, struct nicks const *add, char ***newp, size_t *nnewp)
{
	char **cur = NULL, **fresh;
	size_t ncur = 0, nfresh = 0;
	int e = gw_pres_list_members(r->srv, r->home, me->key, list, &cur, &ncur);

	if (e)
		return e;
	if ((fresh = su_zalloc(r->home, (add->n + 1) * sizeof *fresh)) == NULL)
		return ENOMEM;
	for (size_t i = 0; i < add->n; i++) {
		size_t j;

		for (j = 0; j < ncur && strcmp(cur[j], add->v[i].addr); j++)
			;
		if (j == ncur && ncur + nfresh >= GW_PRES_MEMBERS_MAX) {
			gw_pres_detail(d, 754, su_sprintf(r->home, "Maximum number of contacts (%d) "
							  "reached in %s", GW_PRES_MEMBERS_MAX, list),
				       add->v[i].addr, NULL);
			continue;
		}
		e = gw_store_clist_member_add(r->srv->store, me->key, list, add->v[i].addr,
					      add->v[i].name);
		if (e)
			return e;
		if (j == ncur) {
			size_t k;

			for (k = 0; k < nfresh && strcmp(fresh[k], add->v[i].addr); k++)
				;
			if (k == nfresh)
				fresh[nfresh++] = add->v[i].addr;
		}
		d->ok++;
	}
	*newp = fresh;
	*nnewp = nfresh;
	return 0;
}

/* Snapshot of the owner's watchers when the list carries an attribute list (membership then
 * changes what they see); NULL otherwise. */
static int list_snap(struct gw_req *r, struct gw_pres_me const *me, char const *list,
		     struct gw_pres_snap **sp)
{
	char *attrs = NULL;
	int e = gw_store_attrlist_get(r->srv->store, r->home, me->key, GW_ATTR_CLIST, list,
				      &attrs);

	*sp = NULL;
	if (e == ENOENT)
		return 0;
	if (e)
		return e;
	return gw_pres_snap_take(r->srv, r->home, me->key, me->addr, sp);
}

/* --- GetList -------------------------------------------------------------------------------- */

static int h_get_list(struct gw_req *r)
{
	struct gw_pres_me me;
	struct clists c = {.home = r->home};
	struct csp_prim *a = csp_prim_new(r->home, CSP_PRIM_GET_LIST_RESPONSE);
	struct csp_node *n = NULL;
	int e;

	if (a == NULL)
		return ENOMEM;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = gw_store_clist_each(r->srv->store, me.key, collect_clist, &c)) != 0)
		return e;
	if (me.version >= CSP_V13) {
		a->u.get_list_response.contact_list_id_list.v = (char const **)c.uris;
		a->u.get_list_response.contact_list_id_list.n = c.n;
	} else {
		a->u.get_list_response.contact_lists.v = (char const **)c.uris;
		a->u.get_list_response.contact_lists.n = c.n;
	}
	a->u.get_list_response.default_contact_list = c.def;
	if ((e = csp_prim_to_node(r->home, a, NULL, &n)) != 0)
		return e;
	r->answer = n;
	return 0;
}

/* --- CreateList ----------------------------------------------------------------------------- */

static int h_create_list(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_create_list_request *cl;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct clists c = {.home = r->home};
	struct nicks nicks;
	char *list = NULL, **fresh = NULL;
	char const *display = NULL, *bad = NULL;
	size_t nfresh = 0;
	int e, is_default = -1, began;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	cl = &p->u.create_list_request;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = list_arg(r, &me, cl->contact_list, 402, &list)) != 0 || list == NULL)
		return e;
	if (props_read(cl->properties, &display, &is_default, &bad) != 0)
		return gw_pres_bad(r, 752, su_sprintf(r->home, "Invalid contact-list property: %s",
						      bad));
	if ((e = gw_store_clist_each(r->srv->store, me.key, collect_clist, &c)) != 0)
		return e;
	if (c.n >= GW_PRES_LISTS_MAX)
		return gw_pres_bad(r, 753, su_sprintf(r->home, "Maximum number of contact lists "
						      "(%d) reached", GW_PRES_LISTS_MAX));
	gw_pres_details_init(&d, r->home, me.version);
	if ((e = nicks_read(r, &d, cl->nick_list, &nicks)) != 0)
		return e;
	began = gw_pres_tx_begin(r->srv);
	e = gw_store_clist_create(r->srv->store, me.key, list, display, is_default > 0);
	if (e == EEXIST) {
		gw_pres_tx_end(r->srv, began, e);
		return gw_pres_bad(r, 701, su_sprintf(r->home, "Contact list %s already exists",
						      list));
	}
	if (e == 0)
		e = members_add(r, &me, &d, list, &nicks, &fresh, &nfresh);
	if ((e = gw_pres_tx_end(r->srv, began, e)) != 0)
		return e;
	d.ok++;	/* the list itself */
	gw_info("lists: %s created %s with %zu members", me.addr, list, nfresh);
	if (me.version >= CSP_V13) {
		struct csp_node *resp = gw_req_answer(r, "CreateList-Response");

		return resp && gw_pres_result(&d, resp) ? 0 : ENOMEM;
	}
	return gw_pres_status(r, &d);
}

/* --- DeleteList ----------------------------------------------------------------------------- */

static int h_delete_list(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct gw_pres_me me;
	struct gw_pres_snap *snap = NULL;
	char *list = NULL, **members = NULL;
	size_t n = 0;
	int e;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = list_arg(r, &me, p->u.delete_list_request.contact_list, 700, &list)) != 0 ||
	    list == NULL)
		return e;
	e = gw_pres_list_members(r->srv, r->home, me.key, list, &members, &n);
	if (e == ENOENT)
		return gw_pres_bad(r, 700, su_sprintf(r->home, "Contact list %s does not exist",
						      list));
	if (e || (e = list_snap(r, &me, list, &snap)) != 0)
		return e;
	gw_pres_list_dropped(r->srv, list);
	e = gw_store_attrlist_delete(r->srv->store, me.key, GW_ATTR_CLIST, list);
	if (e && e != ENOENT)
		return e;
	e = gw_store_clist_delete(r->srv->store, me.key, list);
	if (e && e != ENOENT)
		return e;
	if ((e = gw_req_status(r, 200, NULL)) != 0)
		return e;
	gw_info("lists: %s deleted %s", me.addr, list);
	if (snap)
		gw_pres_snap_apply(r->srv, snap);
	return 0;
}

/* --- ListManage ----------------------------------------------------------------------------- */

struct nicklist_out {
	su_home_t *home;
	struct csp_node *nl;
	int oom;
};

static int add_nick_out(void *arg, char const *address, char const *nickname)
{
	struct nicklist_out *o = arg;
	struct csp_node *nn;

	if (nickname == NULL)
		return csp_node_add_text(o->home, o->nl, "UserID", address) ? 0 : ENOMEM;
	if ((nn = csp_node_add(o->home, o->nl, "NickName")) == NULL ||
	    !csp_node_add_text(o->home, nn, "Name", nickname) ||
	    !csp_node_add_text(o->home, nn, "UserID", address))
		return ENOMEM;
	return 0;
}

static int add_property(su_home_t *home, struct csp_node *props, char const *name,
			char const *value)
{
	struct csp_node *p = csp_node_add(home, props, "Property");

	return p && csp_node_add_text(home, p, "Name", name) &&
		csp_node_add_text(home, p, "Value", value) ? 0 : ENOMEM;
}

/* NickList and ContactListProperties of `list` under `resp`. */
static int list_contents(struct gw_req *r, struct gw_pres_me const *me, char const *list,
			 struct csp_node *resp)
{
	struct nicklist_out o = {.home = r->home};
	struct clists c = {.home = r->home, .find = list};
	struct csp_node *props;
	int e;

	if ((o.nl = csp_node_add(r->home, resp, "NickList")) == NULL)
		return ENOMEM;
	if ((e = gw_store_clist_member_each(r->srv->store, me->key, list, add_nick_out, &o)) ||
	    (e = gw_store_clist_each(r->srv->store, me->key, collect_clist, &c)) != 0)
		return e;
	if (!c.hit)
		return 0;
	if ((props = csp_node_add(r->home, resp, "ContactListProperties")) == NULL)
		return ENOMEM;
	if (c.found.display_name &&
	    (e = add_property(r->home, props, "DisplayName", c.found.display_name)) != 0)
		return e;
	return add_property(r->home, props, "Default", c.found.is_default ? "T" : "F");
}

static int h_list_manage(struct gw_req *r)
{
	struct csp_prim_error pe = {0};
	struct csp_prim *p = NULL;
	struct csp_list_manage_request *lm;
	struct gw_pres_me me;
	struct gw_pres_details d;
	struct gw_pres_snap *snap = NULL;
	struct nicks add = {0};
	struct csp_node *resp;
	char *list = NULL, **fresh = NULL, **members = NULL, **gone = NULL;
	char const *display = NULL, *bad = NULL;
	size_t nfresh = 0, n = 0, ngone = 0;
	int e, is_default = -1, began, changed;

	if ((e = csp_prim_from_node(r->home, r->prim, &p, &pe)) != 0)
		return gw_pres_refused(r, e, &pe);
	lm = &p->u.list_manage_request;
	if ((e = gw_pres_me(r, &me)) != 0 ||
	    (e = list_arg(r, &me, lm->contact_list, 700, &list)) != 0 || list == NULL)
		return e;
	e = gw_pres_list_members(r->srv, r->home, me.key, list, &members, &n);
	if (e == ENOENT)
		return gw_pres_bad(r, 700, su_sprintf(r->home, "Contact list %s does not exist",
						      list));
	if (e)
		return e;
	if (props_read(lm->properties, &display, &is_default, &bad) != 0)
		return gw_pres_bad(r, 752, su_sprintf(r->home, "Invalid contact-list property: %s",
						      bad));
	gw_pres_details_init(&d, r->home, me.version);
	if ((e = nicks_read(r, &d, lm->add_nick_list, &add)) != 0)
		return e;
	changed = add.n || lm->remove_nick_list.n;
	if (changed && (e = list_snap(r, &me, list, &snap)) != 0)
		return e;
	if ((gone = su_zalloc(r->home, (lm->remove_nick_list.n + 1) * sizeof *gone)) == NULL)
		return ENOMEM;

	began = gw_pres_tx_begin(r->srv);
	e = members_add(r, &me, &d, list, &add, &fresh, &nfresh);
	for (size_t i = 0; e == 0 && i < lm->remove_nick_list.n; i++) {
		char const *in = lm->remove_nick_list.v[i], *why = NULL;
		char *addr = NULL;

		e = gw_pres_addr_norm(r->srv, r->home, in, &addr, &why);
		if (e == EINVAL) {
			gw_pres_detail(&d, 531, su_sprintf(r->home, "Invalid contact %s: %s", in,
							   why), in, NULL);
			e = 0;
			continue;
		}
		if (e == 0)
			e = gw_store_clist_member_remove(r->srv->store, me.key, list, addr);
		if (e == 0)
			gone[ngone++] = addr;
		if (e == ENOENT)
			e = 0;	/* not a member: removed all the same */
		if (e == 0)
			d.ok++;
	}
	if (e == 0 && (display || is_default >= 0)) {
		e = gw_store_clist_update(r->srv->store, me.key, list, display, is_default);
		if (e == 0)
			d.ok++;
	}
	if ((e = gw_pres_tx_end(r->srv, began, e)) != 0)
		return e;
	if (d.failed == 0 && d.ok == 0)
		d.ok = 1;	/* a plain read */

	if ((resp = gw_req_answer(r, "ListManage-Response")) == NULL || !gw_pres_result(&d, resp))
		return ENOMEM;
	if (lm->receive_list != CSP_F && (e = list_contents(r, &me, list, resp)) != 0)
		return e;
	if (nfresh || ngone)
		gw_info("lists: %s: %zu added to and %zu removed from %s", me.addr, nfresh, ngone,
			list);
	if (nfresh)
		gw_pres_list_added(r->srv, me.addr, list, fresh, nfresh);
	if (ngone)
		gw_pres_list_removed(r->srv, list, gone, ngone);
	if (snap)
		gw_pres_snap_apply(r->srv, snap);
	return 0;
}

/* --- the handler table -------------------------------------------------------------------- */

/* PresenceFeat / ContListFunc of the 1.1 DTD. */
/* Each handler runs in one store transaction (gw_pres_tx_begin). */
#define TX_HANDLER(name, fn) \
	static int name(struct gw_req *r) \
	{ \
		int began = gw_pres_tx_begin(r->srv); \
		return gw_pres_tx_end(r->srv, began, fn(r)); \
	}

TX_HANDLER(tx_get_list, h_get_list)
TX_HANDLER(tx_create_list, h_create_list)
TX_HANDLER(tx_delete_list, h_delete_list)
TX_HANDLER(tx_list_manage, h_list_manage)

struct gw_handler const gw_list_handlers[] = {
	{"GetList-Request", GW_H_SESSION, tx_get_list, "GCLI", "PresenceFeat", "ContListFunc"},
	{"CreateList-Request", GW_H_SESSION, tx_create_list, "CCLI", "PresenceFeat",
	 "ContListFunc"},
	{"DeleteList-Request", GW_H_SESSION, tx_delete_list, "DCLI", "PresenceFeat",
	 "ContListFunc"},
	{"ListManage-Request", GW_H_SESSION, tx_list_manage, "MCLS", "PresenceFeat",
	 "ContListFunc"},
	{NULL, 0, NULL, NULL, NULL, NULL},
};
