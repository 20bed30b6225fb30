/* simple/rlist.c: resource-lists (RFC 4826) parse, build and comparison. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <libxml/tree.h>

#include "simple/pidf_xml.h"
#include "simple/rlist.h"

#define FOR_CHILDREN(c, n) \
	for ((c) = pidf_xml_elem((n)->children); (c); (c) = pidf_xml_elem((c)->next))

/* ---- parse ---- */

struct rlist_in {
	struct pidf_xin *in;
	size_t nitems; /* in the whole document */
};

static int count_item(struct rlist_in *r)
{
	if (++r->nitems > PIDF_RLIST_MAX_ITEMS) {
		pidf_xin_fail(r->in, E2BIG, "more than %d list items", PIDF_RLIST_MAX_ITEMS);
		return 0;
	}
	return 1;
}

/* The first <display-name> child of n, with its xml:lang. */
static void display_name(struct pidf_xin *in, xmlNodePtr n, char const **name, char const **lang)
{
	xmlNodePtr c;

	FOR_CHILDREN(c, n) {
		if (pidf_xml_is(c, PIDF_NS_RLIST, "display-name")) {
			*name = pidf_xin_text(in, c, 0);
			*lang = pidf_xin_lang(in, c);
			return;
		}
	}
}

static void parse_list(struct rlist_in *r, xmlNodePtr n, struct pidf_rl_list *list, int depth)
{
	struct pidf_xin *in = r->in;
	struct pidf_rl_item *it;
	xmlNodePtr c;

	if (depth > PIDF_RLIST_MAX_DEPTH) {
		pidf_xin_fail(in, E2BIG, "lists nested deeper than %d", PIDF_RLIST_MAX_DEPTH);
		return;
	}
	list->name = pidf_xin_attr(in, n, "name", NULL, 0);
	display_name(in, n, &list->display_name, &list->lang);
	FOR_CHILDREN(c, n) {
		if (in->err)
			return;
		if (!pidf_xml_ns(c) || strcmp(pidf_xml_ns(c), PIDF_NS_RLIST) ||
		    !strcmp((char const *)c->name, "display-name"))
			continue;
		if (strcmp((char const *)c->name, "entry") && strcmp((char const *)c->name, "list") &&
		    strcmp((char const *)c->name, "entry-ref") &&
		    strcmp((char const *)c->name, "external"))
			continue;
		if (!count_item(r))
			return;
		it = pidf_xin_grow(in, &list->items, &list->nitems, sizeof *it,
				   PIDF_RLIST_MAX_ITEMS, "list items");
		if (!it)
			return;
		if (pidf_xml_is(c, PIDF_NS_RLIST, "list")) {
			it->kind = PIDF_RL_LIST;
			it->list = su_zalloc(in->home, sizeof *it->list);
			if (!it->list) {
				pidf_xin_fail(in, ENOMEM, "out of memory");
				return;
			}
			parse_list(r, c, it->list, depth + 1);
			continue;
		}
		display_name(in, c, &it->display_name, &it->lang);
		if (pidf_xml_is(c, PIDF_NS_RLIST, "entry")) {
			it->kind = PIDF_RL_ENTRY;
			it->uri = pidf_xin_attr(in, c, "uri", NULL, 1);
			if ((!it->uri || !pidf_uri_ok(it->uri)) && !in->err)
				pidf_xin_fail(in, EPROTO, "entry without a valid uri");
		} else if (pidf_xml_is(c, PIDF_NS_RLIST, "entry-ref")) {
			it->kind = PIDF_RL_ENTRY_REF;
			it->uri = pidf_xin_attr(in, c, "ref", NULL, 1);
			if ((!it->uri || !pidf_uri_ok(it->uri)) && !in->err)
				pidf_xin_fail(in, EPROTO, "entry-ref without a valid ref");
		} else {
			it->kind = PIDF_RL_EXTERNAL;
			it->uri = pidf_xin_attr(in, c, "anchor", NULL, 1);
			if (it->uri && !pidf_uri_ok(it->uri))
				it->uri = NULL; /* optional: dropped */
		}
	}
}

static void parse_rlist(struct pidf_xin *in, xmlNodePtr root, void *result)
{
	struct pidf_rlist *doc = result;
	struct rlist_in r = {in, 0};
	struct pidf_rl_list *l;
	xmlNodePtr c;

	FOR_CHILDREN(c, root) {
		if (in->err)
			return;
		if (!pidf_xml_is(c, PIDF_NS_RLIST, "list"))
			continue;
		if (!count_item(&r))
			return;
		l = pidf_xin_grow(in, &doc->lists, &doc->nlists, sizeof *l, PIDF_RLIST_MAX_ITEMS,
				  "lists");
		if (l)
			parse_list(&r, c, l, 1);
	}
}

int pidf_rlist_parse(su_home_t *home, void const *buf, size_t len, struct pidf_rlist **docp,
		     char *reason, size_t reasonlen)
{
	void *res;
	int err;

	if (!docp)
		return EINVAL;
	err = pidf_xml_parse_frame(home, buf, len, PIDF_RLIST_MAX_BODY, 0, PIDF_NS_RLIST,
				   "resource-lists", sizeof(struct pidf_rlist), parse_rlist, &res,
				   reason, reasonlen);
	if (!err)
		*docp = res;
	return err;
}

/* ---- build ---- */

struct rlist_out {
	struct pidf_xout out;
	size_t nitems;
};

static void add_display_name(struct pidf_xout *out, xmlNodePtr n, char const *name,
			     char const *lang)
{
	xmlNodePtr d;

	if (!name)
		return;
	d = pidf_xout_add(out, n, out->root->ns, "display-name", name);
	pidf_xout_lang(out, d, lang);
}

static void build_list(struct rlist_out *r, xmlNodePtr parent, struct pidf_rl_list const *list,
		       int depth)
{
	static char const *const kinds[] = {
		[PIDF_RL_ENTRY] = "entry",
		[PIDF_RL_LIST] = "list",
		[PIDF_RL_ENTRY_REF] = "entry-ref",
		[PIDF_RL_EXTERNAL] = "external",
	};
	static char const *const attrs[] = {
		[PIDF_RL_ENTRY] = "uri",
		[PIDF_RL_LIST] = NULL,
		[PIDF_RL_ENTRY_REF] = "ref",
		[PIDF_RL_EXTERNAL] = "anchor",
	};
	struct pidf_xout *out = &r->out;
	xmlNodePtr n, c;
	size_t i;

	if (depth > PIDF_RLIST_MAX_DEPTH || ++r->nitems > PIDF_RLIST_MAX_ITEMS) {
		if (!out->err)
			out->err = E2BIG;
		return;
	}
	n = pidf_xout_add(out, parent, out->root->ns, "list", NULL);
	pidf_xout_attr(out, n, "name", list->name);
	add_display_name(out, n, list->display_name, list->lang);
	for (i = 0; i < list->nitems && !out->err; i++) {
		struct pidf_rl_item const *it = &list->items[i];

		if ((unsigned)it->kind > PIDF_RL_EXTERNAL ||
		    (it->kind == PIDF_RL_LIST && !it->list) ||
		    ((it->kind == PIDF_RL_ENTRY || it->kind == PIDF_RL_ENTRY_REF) && !it->uri) ||
		    (it->uri && !pidf_uri_ok(it->uri))) {
			out->err = EINVAL;
			return;
		}
		if (it->kind == PIDF_RL_LIST) {
			build_list(r, n, it->list, depth + 1);
			continue;
		}
		if (++r->nitems > PIDF_RLIST_MAX_ITEMS) {
			out->err = E2BIG;
			return;
		}
		c = pidf_xout_add(out, n, out->root->ns, kinds[it->kind], NULL);
		pidf_xout_attr(out, c, attrs[it->kind], it->uri);
		add_display_name(out, c, it->display_name, it->lang);
	}
}

int pidf_rlist_build(su_home_t *home, struct pidf_rlist const *doc, char **outp, size_t *lenp)
{
	struct rlist_out r = {0};
	size_t i;

	if (!home || !doc || !outp || !lenp)
		return EINVAL;
	pidf_xout_init(&r.out, PIDF_NS_RLIST, NULL, "resource-lists");
	for (i = 0; i < doc->nlists && !r.out.err; i++)
		build_list(&r, r.out.root, &doc->lists[i], 1);
	return pidf_xout_finish(&r.out, home, outp, lenp);
}

/* ---- comparison ---- */

static int str_eq(char const *a, char const *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int list_eq(struct pidf_rl_list const *a, struct pidf_rl_list const *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (!str_eq(a->name, b->name) || !str_eq(a->display_name, b->display_name) ||
	    !str_eq(a->lang, b->lang) || a->nitems != b->nitems)
		return 0;
	for (i = 0; i < a->nitems; i++) {
		struct pidf_rl_item const *x = &a->items[i], *y = &b->items[i];

		if (x->kind != y->kind || !str_eq(x->uri, y->uri) ||
		    !str_eq(x->display_name, y->display_name) || !str_eq(x->lang, y->lang) ||
		    !list_eq(x->list, y->list))
			return 0;
	}
	return 1;
}

int pidf_rlist_equal(struct pidf_rlist const *a, struct pidf_rlist const *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->nlists != b->nlists)
		return 0;
	for (i = 0; i < a->nlists; i++)
		if (!list_eq(&a->lists[i], &b->lists[i]))
			return 0;
	return 1;
}
