/* imps/csp_tree.c: the WV-CSP element tree, namespaces of each version, envelope helpers. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "imps/csp.h"

struct csp_ns_row {
	enum csp_version version;
	char const *csp, *trc, *pa;
};

/* DIGEST §1. */
static struct csp_ns_row const ns_table[] = {
	{CSP_V11, "http://www.wireless-village.org/CSP1.1",
	 "http://www.wireless-village.org/TRC1.1",
	 "http://www.wireless-village.org/PA1.1"},
	{CSP_V12, "http://www.openmobilealliance.org/DTD/WV-CSP1.2",
	 "http://www.openmobilealliance.org/DTD/WV-TRC1.2",
	 "http://www.openmobilealliance.org/DTD/WV-PA1.2"},
	{CSP_V13, "http://www.openmobilealliance.org/DTD/IMPS-CSP1.3",
	 "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3",
	 "http://www.openmobilealliance.org/DTD/IMPS-PA1.3"},
};

#define NS_ROWS (sizeof ns_table / sizeof ns_table[0])

char const *csp_ns(enum csp_version v, int which)
{
	for (size_t i = 0; i < NS_ROWS; i++) {
		if (ns_table[i].version != v)
			continue;
		switch (which) {
		case 'C': return ns_table[i].csp;
		case 'T': return ns_table[i].trc;
		case 'P': return ns_table[i].pa;
		default: return NULL;
		}
	}
	return NULL;
}

enum csp_version csp_ns_version(char const *uri)
{
	if (!uri)
		return CSP_V_UNKNOWN;
	for (size_t i = 0; i < NS_ROWS; i++)
		if (!strcmp(uri, ns_table[i].csp) || !strcmp(uri, ns_table[i].trc) ||
		    !strcmp(uri, ns_table[i].pa))
			return ns_table[i].version;
	return CSP_V_UNKNOWN;
}

char const *csp_version_str(enum csp_version v)
{
	switch (v) {
	case CSP_V11: return "1.1";
	case CSP_V12: return "1.2";
	case CSP_V13: return "1.3";
	default: return "?";
	}
}

/*
 * A new node with copies of name, ns and text (ns and text may be NULL) in
 * one allocation of `home`, appended under `parent` (may be NULL).
 */
static struct csp_node *node_new(su_home_t *home, struct csp_node *parent, char const *name,
				 char const *ns, char const *text)
{
	size_t nl = name ? strlen(name) + 1 : 0, sl = ns ? strlen(ns) + 1 : 0;
	size_t tl = text ? strlen(text) + 1 : 0;
	struct csp_node *n;
	char *s;

	if (!name || !(n = su_alloc(home, (isize_t)(sizeof *n + nl + sl + tl))))
		return NULL;
	memset(n, 0, sizeof *n);
	s = (char *)(n + 1);
	n->name = memcpy(s, name, nl);
	if (ns)
		n->ns = memcpy(s + nl, ns, sl);
	if (text)
		n->text = memcpy(s + nl + sl, text, tl);
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->child = n;
		parent->last = n;
	}
	return n;
}

struct csp_node *csp_node_add_text(su_home_t *home, struct csp_node *parent,
				   char const *name, char const *text)
{
	return node_new(home, parent, name, NULL, text);
}

struct csp_node *csp_node_add(su_home_t *home, struct csp_node *parent, char const *name)
{
	return csp_node_add_text(home, parent, name, NULL);
}

struct csp_node *csp_node_find(struct csp_node const *n, char const *name)
{
	if (!n)
		return NULL;
	for (struct csp_node *c = n->child; c; c = c->next)
		if (!c->ns && !strcmp(c->name, name))
			return c;
	return NULL;
}

struct csp_node *csp_node_next_named(struct csp_node const *from)
{
	if (!from)
		return NULL;
	for (struct csp_node *c = from->next; c; c = c->next)
		if (!c->ns && !strcmp(c->name, from->name))
			return c;
	return NULL;
}

char const *csp_node_text(struct csp_node const *n, char const *name)
{
	struct csp_node const *c = csp_node_find(n, name);
	return c ? c->text : NULL;
}

static struct csp_node *dup_under(su_home_t *home, struct csp_node *parent,
				  struct csp_node const *n)
{
	struct csp_node *copy = node_new(home, parent, n->name, n->ns, n->text);

	if (!copy)
		return NULL;
	for (struct csp_node const *c = n->child; c; c = c->next)
		if (!dup_under(home, copy, c))
			return NULL;
	return copy;
}

struct csp_node *csp_node_dup(su_home_t *home, struct csp_node const *n)
{
	return n ? dup_under(home, NULL, n) : NULL;
}

static int str_eq(char const *a, char const *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int csp_node_equal(struct csp_node const *a, struct csp_node const *b)
{
	if (!a || !b)
		return a == b;
	if (!str_eq(a->name, b->name) || !str_eq(a->ns, b->ns) || !str_eq(a->text, b->text))
		return 0;
	struct csp_node const *x = a->child, *y = b->child;
	for (; x && y; x = x->next, y = y->next)
		if (!csp_node_equal(x, y))
			return 0;
	return !x && !y;
}

size_t csp_node_count(struct csp_node const *n)
{
	size_t count = 0;

	for (struct csp_node const *c = n ? n->child : NULL; c; c = c->next)
		count++;
	return count;
}

int csp_msg_new(su_home_t *home, enum csp_version v, char const *session_id,
		enum csp_mode mode, char const *tid, char const *prim,
		struct csp_msg **msgp, struct csp_node **primp)
{
	struct csp_msg *m;
	struct csp_transaction *t;

	if (!csp_ns(v, 'C') || !prim || !msgp)
		return EINVAL;
	m = su_zalloc(home, sizeof *m);
	t = su_zalloc(home, sizeof *t);
	if (!m || !t)
		goto nomem;
	m->version = v;
	m->session_type = session_id ? CSP_INBAND : CSP_OUTBAND;
	m->poll = m->cir = CSP_ABSENT;
	if (session_id && !(m->session_id = su_strdup(home, session_id)))
		goto nomem;
	t->mode = mode;
	t->poll = CSP_ABSENT;
	if (tid && !(t->id = su_strdup(home, tid)))
		goto nomem;
	if (!(t->content = csp_node_add(home, NULL, prim)))
		goto nomem;
	m->trans = t;
	*msgp = m;
	if (primp)
		*primp = t->content;
	return 0;
nomem:
	su_free(home, t);
	su_free(home, m);
	return ENOMEM;
}

static int chain_equal(struct csp_node const *a, struct csp_node const *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!csp_node_equal(a, b))
			return 0;
	return !a && !b;
}

int csp_msg_equal(struct csp_msg const *a, struct csp_msg const *b)
{
	struct csp_transaction const *x, *y;

	if (!a || !b)
		return a == b;
	if (a->version != b->version || a->session_type != b->session_type ||
	    !str_eq(a->session_id, b->session_id) || a->poll != b->poll || a->cir != b->cir ||
	    !chain_equal(a->extra, b->extra))
		return 0;
	for (x = a->trans, y = b->trans; x && y; x = x->next, y = y->next)
		if (x->mode != y->mode || !str_eq(x->id, y->id) || x->poll != y->poll ||
		    !csp_node_equal(x->content, y->content) || !chain_equal(x->extra, y->extra))
			return 0;
	return !x && !y;
}
