/* imps/csp_prim_core.c: the descriptor-driven engine of csp_prim: read, write, compare, init. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "imps/csp_prim_int.h"

_Static_assert(sizeof(enum csp_bool) == sizeof(int), "enums are int-sized");

/* ------------------------------------------------------------------ */
/* Primitive table: the four area tables, walked in order. */

struct area {
	struct csp_prim_row const *rows;
	size_t const *n;
};

static struct area const areas[] = {
	{csp_prim_rows_session, &csp_prim_rows_session_n},
	{csp_prim_rows_presence, &csp_prim_rows_presence_n},
	{csp_prim_rows_lists, &csp_prim_rows_lists_n},
	{csp_prim_rows_im, &csp_prim_rows_im_n},
};

#define N_AREAS (sizeof areas / sizeof areas[0])

static struct csp_prim_row const *row_of_type(enum csp_prim_type t)
{
	for (size_t a = 0; a < N_AREAS; a++)
		for (size_t i = 0; i < *areas[a].n; i++)
			if (areas[a].rows[i].type == t)
				return &areas[a].rows[i];
	return NULL;
}

static struct csp_prim_row const *row_of_name(char const *name)
{
	for (size_t a = 0; name && a < N_AREAS; a++)
		for (size_t i = 0; i < *areas[a].n; i++)
			if (!strcmp(areas[a].rows[i].name, name))
				return &areas[a].rows[i];
	return NULL;
}

char const *csp_prim_name(enum csp_prim_type t)
{
	struct csp_prim_row const *r = row_of_type(t);
	return r ? r->name : NULL;
}

enum csp_prim_type csp_prim_type_by_name(char const *name)
{
	struct csp_prim_row const *r = row_of_name(name);
	return r ? r->type : CSP_PRIM_UNKNOWN;
}

void csp_prim_errorf(struct csp_prim_error *err, int status, char const *element,
		     char const *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->status = status;
	err->element = element;
	va_start(ap, fmt);
	vsnprintf(err->desc, sizeof err->desc, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Typed access through offsets (memcpy: no aliasing games). */

static void *at(void *b, size_t off) { return (char *)b + off; }
static void const *cat(void const *b, size_t off) { return (char const *)b + off; }

#define GETTER(name, type) \
	static type get_##name(void const *b, size_t off) \
	{ type v; memcpy(&v, cat(b, off), sizeof v); return v; } \
	static void set_##name(void *b, size_t off, type v) \
	{ memcpy(at(b, off), &v, sizeof v); }

GETTER(str, char const *)
GETTER(int, int)
GETTER(long, long)
GETTER(ptr, void *)
GETTER(size, size_t)

/* Arrays are {T *v; size_t n;}. */
#define N_OFF(off) ((off) + sizeof(void *))

/* ------------------------------------------------------------------ */
/* Init. */

void csp_struct_init(struct csp_desc const *d, void *s)
{
	for (size_t i = 0; d && s && i < d->n_fields; i++) {
		struct csp_field const *f = &d->fields[i];
		if (f->type == CSP_F_BOOL)
			set_int(s, f->off, CSP_ABSENT);
		else if (f->type == CSP_F_UINT)
			set_long(s, f->off, -1);
	}
}

void *csp_struct_new(su_home_t *home, struct csp_desc const *d)
{
	void *s;

	if (!home || !d || !(s = su_zalloc(home, d->size)))
		return NULL;
	csp_struct_init(d, s);
	return s;
}

struct csp_prim *csp_prim_new(su_home_t *home, enum csp_prim_type t)
{
	struct csp_prim_row const *r = row_of_type(t);
	struct csp_prim *p;

	if (!home || !r || !(p = su_zalloc(home, sizeof *p)))
		return NULL;
	p->type = t;
	if (r->desc)
		csp_struct_init(r->desc, &p->u);
	return p;
}

struct csp_result *csp_result_new(su_home_t *home, long code, char const *description)
{
	struct csp_result *r = csp_struct_new(home, &csp_desc_result);

	if (!r)
		return NULL;
	r->code = code;
	if (description && !(r->description = su_strdup(home, description)))
		return NULL;
	return r;
}

/* ------------------------------------------------------------------ */
/* Reading. */

struct rctx {
	su_home_t *home;
	struct csp_prim_error *err;
};

static int name_is(struct csp_node const *c, struct csp_field const *f, char const *name)
{
	return !c->ns && (!strcmp(c->name, name) || (f->alias && !strcmp(c->name, f->alias)));
}

static struct csp_node const *find_f(struct csp_node const *n, struct csp_field const *f)
{
	for (struct csp_node const *c = n ? n->child : NULL; c; c = c->next)
		if (name_is(c, f, f->name))
			return c;
	return NULL;
}

static size_t count_named(struct csp_node const *n, struct csp_field const *f, char const *name)
{
	size_t k = 0;

	for (struct csp_node const *c = n ? n->child : NULL; c; c = c->next)
		if (name_is(c, f, name))
			k++;
	return k;
}

static int missing(struct rctx *c, struct csp_desc const *d, struct csp_field const *f)
{
	csp_prim_errorf(c->err, 402, f->name, "Missing %s in %s", f->inner && f->type ==
			CSP_F_STRS ? f->inner : f->name, d->name);
	return EPROTO;
}

static int invalid(struct rctx *c, struct csp_desc const *d, struct csp_field const *f)
{
	csp_prim_errorf(c->err, 402, f->name, "Invalid %s in %s", f->name, d->name);
	return EPROTO;
}

static int too_many(struct rctx *c, struct csp_desc const *d, struct csp_field const *f)
{
	csp_prim_errorf(c->err, 400, f->name, "Too many %s in %s", f->name, d->name);
	return E2BIG;
}

static char const *text_copy(struct rctx *c, struct csp_node const *n)
{
	return su_strdup(c->home, n->text ? n->text : "");
}

static int read_cid(su_home_t *home, struct csp_node const *n, struct imps_client_id *id)
{
	struct csp_node const *u = csp_node_find(n, "URL"), *m = csp_node_find(n, "MSISDN");

	memset(id, 0, sizeof *id);
	id->present = 1;
	if (u && !(id->url = su_strdup(home, u->text ? u->text : "")))
		return ENOMEM;
	if (m && !(id->msisdn = su_strdup(home, m->text ? m->text : "")))
		return ENOMEM;
	if (n->text && !(id->text = su_strdup(home, n->text)))
		return ENOMEM;
	return 0;
}

static int read_struct(struct rctx *c, struct csp_desc const *d, struct csp_node const *n,
		       void *s);

static int read_field(struct rctx *c, struct csp_desc const *d, struct csp_field const *f,
		      struct csp_node const *n, void *s)
{
	struct csp_node const *x = NULL;
	int req = f->flags & CSP_FL_REQ, err;

	switch (f->type) {
	case CSP_F_STR: {
		char const *t;
		if (!(x = find_f(n, f)))
			return req ? missing(c, d, f) : 0;
		if (!(t = text_copy(c, x)))
			return ENOMEM;
		set_str(s, f->off, t);
		return 0;
	}
	case CSP_F_BOOL: {
		enum csp_bool b;
		if (!(x = find_f(n, f)) || (!x->text && !req))
			return req && !x ? missing(c, d, f) : 0;
		if (imps_bool_parse(x->text ? x->text : "", &b))
			return invalid(c, d, f);
		set_int(s, f->off, b);
		return 0;
	}
	case CSP_F_UINT: {
		long v;
		if (!(x = find_f(n, f)))
			return req ? missing(c, d, f) : 0;
		if (imps_uint_parse(x->text, f->max, &v))
			return invalid(c, d, f);
		set_long(s, f->off, v);
		return 0;
	}
	case CSP_F_STRS: {
		struct csp_node const *box = f->inner ? find_f(n, f) : n;
		char const *iname = f->inner ? f->inner : f->name;
		struct csp_field item = *f;
		size_t k, i = 0;
		char const **v;

		if (f->inner)
			item.alias = NULL; /* the alias is the wrapper's */
		k = box ? count_named(box, &item, iname) : 0;
		if (!k)
			return req ? missing(c, d, f) : 0;
		if (k > CSP_PRIM_MAX_REPEAT)
			return too_many(c, d, f);
		if (!(v = su_zalloc(c->home, k * sizeof *v)))
			return ENOMEM;
		for (x = box->child; x; x = x->next)
			if (name_is(x, &item, iname) && !(v[i++] = text_copy(c, x)))
				return ENOMEM;
		set_ptr(s, f->off, v);
		set_size(s, N_OFF(f->off), k);
		return 0;
	}
	case CSP_F_CID:
		if (!(x = find_f(n, f)))
			return req ? missing(c, d, f) : 0;
		return read_cid(c->home, x, at(s, f->off));
	case CSP_F_SUBP: {
		void *sub;
		if (!(x = find_f(n, f)))
			return req ? missing(c, d, f) : 0;
		if (!(sub = su_zalloc(c->home, f->sub->size)))
			return ENOMEM;
		if ((err = read_struct(c, f->sub, x, sub)))
			return err;
		set_ptr(s, f->off, sub);
		return 0;
	}
	case CSP_F_SUBS: {
		size_t k = count_named(n, f, f->name), i = 0;
		char *v;
		if (!k)
			return req ? missing(c, d, f) : 0;
		if (k > CSP_PRIM_MAX_REPEAT)
			return too_many(c, d, f);
		if (!(v = su_zalloc(c->home, k * f->sub->size)))
			return ENOMEM;
		for (x = n->child; x; x = x->next)
			if (name_is(x, f, f->name) &&
			    (err = read_struct(c, f->sub, x, v + f->sub->size * i++)))
				return err;
		set_ptr(s, f->off, v);
		set_size(s, N_OFF(f->off), k);
		return 0;
	}
	case CSP_F_PRES:
	case CSP_F_PRESS: {
		size_t k = count_named(n, f, f->name), i = 0;
		struct imps_pres **v;
		char const *why = NULL;
		if (!k)
			return req ? missing(c, d, f) : 0;
		if (k > CSP_PRIM_MAX_REPEAT)
			return too_many(c, d, f);
		if (f->type == CSP_F_PRES)
			k = 1; /* the first one */
		if (!(v = su_zalloc(c->home, k * sizeof *v)))
			return ENOMEM;
		for (x = n->child; x && i < k; x = x->next) {
			if (!name_is(x, f, f->name))
				continue;
			err = imps_pres_from_node_why(c->home, x, &v[i++], &why);
			if (err == EPROTO)
				csp_prim_errorf(c->err, 751, why, "Invalid presence value: %s",
						why ? why : "?");
			else if (err == E2BIG)
				too_many(c, d, f);
			if (err)
				return err;
		}
		if (f->type == CSP_F_PRES) {
			set_ptr(s, f->off, v[0]);
		} else {
			set_ptr(s, f->off, v);
			set_size(s, N_OFF(f->off), k);
		}
		return 0;
	}
	case CSP_F_ATTRS: {
		struct csp_attr_list *al = at(s, f->off);
		if ((x = find_f(n, f)) && f->inner)
			x = csp_node_find(x, f->inner);
		if (!x)
			return req ? missing(c, d, f) : 0;
		al->present = 1;
		return imps_attr_set_from_node(x, &al->set, &al->n_unknown);
	}
	case CSP_F_FUNCS: {
		struct csp_functions *fn = at(s, f->off);
		if (!(x = find_f(n, f)))
			return req ? missing(c, d, f) : 0;
		fn->present = 1;
		return csp_funcs_from_node(csp_node_find(x, "WVCSPFeat"), &fn->set);
	}
	}
	return EINVAL;
}

static int read_struct(struct rctx *c, struct csp_desc const *d, struct csp_node const *n,
		       void *s)
{
	int err;

	csp_struct_init(d, s);
	for (size_t i = 0; i < d->n_fields; i++)
		if ((err = read_field(c, d, &d->fields[i], n, s)))
			return err;
	return d->check ? d->check(s, c->err) : 0;
}

int csp_prim_from_node(su_home_t *home, struct csp_node const *n, struct csp_prim **out,
		       struct csp_prim_error *err)
{
	struct csp_prim_row const *r;
	struct csp_prim *p;
	su_home_t *tmp;
	struct rctx c;
	int rc = 0;

	if (!home || !n || !out)
		return EINVAL;
	if (n->ns || !(r = row_of_name(n->name))) {
		csp_prim_errorf(err, 501, n->name, "%s not implemented", n->name);
		return ENOTSUP;
	}
	/* a child home: dropped on failure, kept by `home` on success (not
	 * su_home_move, which leaks in sofia-sip 1.12.11: see imps_pres.c) */
	if (!(tmp = su_home_clone(home, sizeof *tmp)))
		return ENOMEM;
	c.home = tmp;
	c.err = err;
	if (!(p = su_zalloc(tmp, sizeof *p))) {
		rc = ENOMEM;
		goto out;
	}
	p->type = r->type;
	if (r->desc && (rc = read_struct(&c, r->desc, n, &p->u)))
		goto out;
	*out = p;
out:
	if (rc)
		su_home_unref(tmp);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Writing. */

static int add_text(su_home_t *home, struct csp_node *parent, char const *name,
		    char const *text)
{
	return csp_node_add_text(home, parent, name, text && *text ? text : NULL) ? 0 : ENOMEM;
}

static int write_cid(su_home_t *home, struct imps_client_id const *id, char const *name,
		     struct csp_node *parent)
{
	struct csp_node *x = csp_node_add_text(home, parent, name, id->text);

	if (!x)
		return ENOMEM;
	if (id->url && add_text(home, x, "URL", id->url))
		return ENOMEM;
	if (id->msisdn && add_text(home, x, "MSISDN", id->msisdn))
		return ENOMEM;
	return 0;
}

static int write_struct(su_home_t *home, struct csp_desc const *d, void const *s,
			struct csp_node *elem);

static int write_field(su_home_t *home, struct csp_field const *f, void const *s,
		       struct csp_node *elem)
{
	int req = f->flags & CSP_FL_REQ, err;
	struct csp_node *x;

	switch (f->type) {
	case CSP_F_STR: {
		char const *t = get_str(s, f->off);
		return t ? add_text(home, elem, f->name, t) : req ? EINVAL : 0;
	}
	case CSP_F_BOOL: {
		int b = get_int(s, f->off);
		if (b == CSP_ABSENT)
			return req ? EINVAL : 0;
		if (b != CSP_T && b != CSP_F)
			return EINVAL;
		return add_text(home, elem, f->name, b == CSP_T ? "T" : "F");
	}
	case CSP_F_UINT: {
		long v = get_long(s, f->off);
		char buf[24];
		if (v == -1)
			return req ? EINVAL : 0;
		if (v < 0 || (unsigned long)v > f->max)
			return EINVAL;
		snprintf(buf, sizeof buf, "%ld", v);
		return add_text(home, elem, f->name, buf);
	}
	case CSP_F_STRS: {
		char const *const *v = get_ptr(s, f->off);
		size_t k = get_size(s, N_OFF(f->off));
		struct csp_node *box = elem;
		if (!k)
			return req ? EINVAL : 0;
		if (f->inner && !(box = csp_node_add(home, elem, f->name)))
			return ENOMEM;
		for (size_t i = 0; i < k; i++)
			if (add_text(home, box, f->inner ? f->inner : f->name, v[i]))
				return ENOMEM;
		return 0;
	}
	case CSP_F_CID: {
		struct imps_client_id const *id = cat(s, f->off);
		if (!id->present)
			return req ? EINVAL : 0;
		return write_cid(home, id, f->name, elem);
	}
	case CSP_F_SUBP: {
		void const *sub = get_ptr(s, f->off);
		if (!sub)
			return req ? EINVAL : 0;
		if (!(x = csp_node_add(home, elem, f->name)))
			return ENOMEM;
		return write_struct(home, f->sub, sub, x);
	}
	case CSP_F_SUBS: {
		char const *v = get_ptr(s, f->off);
		size_t k = get_size(s, N_OFF(f->off));
		if (!k)
			return req ? EINVAL : 0;
		for (size_t i = 0; i < k; i++) {
			if (!(x = csp_node_add(home, elem, f->name)))
				return ENOMEM;
			if ((err = write_struct(home, f->sub, v + i * f->sub->size, x)))
				return err;
		}
		return 0;
	}
	case CSP_F_PRES: {
		struct imps_pres const *p = get_ptr(s, f->off);
		if (!p)
			return req ? EINVAL : 0;
		return imps_pres_to_node(home, p, elem, NULL);
	}
	case CSP_F_PRESS: {
		struct imps_pres *const *v = get_ptr(s, f->off);
		size_t k = get_size(s, N_OFF(f->off));
		if (!k)
			return req ? EINVAL : 0;
		for (size_t i = 0; i < k; i++) {
			if (!v[i])
				return EINVAL;
			if ((err = imps_pres_to_node(home, v[i], elem, NULL)))
				return err;
		}
		return 0;
	}
	case CSP_F_ATTRS: {
		struct csp_attr_list const *al = cat(s, f->off);
		struct csp_node *box = elem;
		if (!al->present)
			return req ? EINVAL : 0;
		if (f->inner && !(box = csp_node_add(home, elem, f->name)))
			return ENOMEM;
		return imps_attr_set_to_node(home, al->set, box, NULL);
	}
	case CSP_F_FUNCS: {
		struct csp_functions const *fn = cat(s, f->off);
		if (!fn->present)
			return req ? EINVAL : 0;
		if (!(x = csp_node_add(home, elem, f->name)))
			return ENOMEM;
		return csp_funcs_to_node(home, fn->set, x);
	}
	}
	return EINVAL;
}

static int write_struct(su_home_t *home, struct csp_desc const *d, void const *s,
			struct csp_node *elem)
{
	int err;

	for (size_t i = 0; i < d->n_fields; i++)
		if ((err = write_field(home, &d->fields[i], s, elem)))
			return err;
	return 0;
}

int csp_prim_fill(su_home_t *home, struct csp_prim const *p, struct csp_node *elem)
{
	struct csp_prim_row const *r;

	if (!home || !p || !elem || !(r = row_of_type(p->type)))
		return EINVAL;
	return r->desc ? write_struct(home, r->desc, &p->u, elem) : 0;
}

int csp_prim_to_node(su_home_t *home, struct csp_prim const *p, struct csp_node *parent,
		     struct csp_node **out)
{
	struct csp_prim_row const *r;
	struct csp_node *x;
	int err;

	if (!home || !p || !(r = row_of_type(p->type)))
		return EINVAL;
	if (!(x = csp_node_add(home, parent, r->name)))
		return ENOMEM;
	if ((err = csp_prim_fill(home, p, x)))
		return err;
	if (out)
		*out = x;
	return 0;
}

int csp_prim_msg_new(su_home_t *home, enum csp_version v, char const *session_id,
		     enum csp_mode mode, char const *tid, struct csp_prim const *p,
		     struct csp_msg **msgp)
{
	struct csp_msg *m;
	struct csp_node *x;
	int err;

	if (!home || !p || !msgp || !csp_prim_name(p->type))
		return EINVAL;
	if ((err = csp_msg_new(home, v, session_id, mode, tid, csp_prim_name(p->type), &m, &x)))
		return err;
	if ((err = csp_prim_fill(home, p, x)))
		return err;
	*msgp = m;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Comparing. */

static int str_eq(char const *a, char const *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int equal_struct(struct csp_desc const *d, void const *a, void const *b);

static int equal_field(struct csp_field const *f, void const *a, void const *b)
{
	switch (f->type) {
	case CSP_F_STR:
		return str_eq(get_str(a, f->off), get_str(b, f->off));
	case CSP_F_BOOL:
		return get_int(a, f->off) == get_int(b, f->off);
	case CSP_F_UINT:
		return get_long(a, f->off) == get_long(b, f->off);
	case CSP_F_STRS: {
		char const *const *x = get_ptr(a, f->off), *const *y = get_ptr(b, f->off);
		size_t k = get_size(a, N_OFF(f->off));
		if (k != get_size(b, N_OFF(f->off)))
			return 0;
		for (size_t i = 0; i < k; i++)
			if (!str_eq(x[i], y[i]))
				return 0;
		return 1;
	}
	case CSP_F_CID: {
		struct imps_client_id const *x = cat(a, f->off), *y = cat(b, f->off);
		return x->present == y->present && (!x->present ||
			(str_eq(x->url, y->url) && str_eq(x->msisdn, y->msisdn) &&
			 str_eq(x->text, y->text)));
	}
	case CSP_F_SUBP: {
		void const *x = get_ptr(a, f->off), *y = get_ptr(b, f->off);
		if (!x || !y)
			return x == y;
		return equal_struct(f->sub, x, y);
	}
	case CSP_F_SUBS: {
		char const *x = get_ptr(a, f->off), *y = get_ptr(b, f->off);
		size_t k = get_size(a, N_OFF(f->off));
		if (k != get_size(b, N_OFF(f->off)))
			return 0;
		for (size_t i = 0; i < k; i++)
			if (!equal_struct(f->sub, x + i * f->sub->size, y + i * f->sub->size))
				return 0;
		return 1;
	}
	case CSP_F_PRES:
		return imps_pres_equal(get_ptr(a, f->off), get_ptr(b, f->off));
	case CSP_F_PRESS: {
		struct imps_pres *const *x = get_ptr(a, f->off), *const *y = get_ptr(b, f->off);
		size_t k = get_size(a, N_OFF(f->off));
		if (k != get_size(b, N_OFF(f->off)))
			return 0;
		for (size_t i = 0; i < k; i++)
			if (!imps_pres_equal(x[i], y[i]))
				return 0;
		return 1;
	}
	case CSP_F_ATTRS: {
		struct csp_attr_list const *x = cat(a, f->off), *y = cat(b, f->off);
		return x->present == y->present && (!x->present || x->set == y->set);
	}
	case CSP_F_FUNCS: {
		struct csp_functions const *x = cat(a, f->off), *y = cat(b, f->off);
		return x->present == y->present && (!x->present || x->set == y->set);
	}
	}
	return 0;
}

static int equal_struct(struct csp_desc const *d, void const *a, void const *b)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (!equal_field(&d->fields[i], a, b))
			return 0;
	return 1;
}

int csp_prim_equal(struct csp_prim const *a, struct csp_prim const *b)
{
	struct csp_prim_row const *r;

	if (!a || !b)
		return a == b;
	if (a->type != b->type || !(r = row_of_type(a->type)))
		return 0;
	return !r->desc || equal_struct(r->desc, &a->u, &b->u);
}
