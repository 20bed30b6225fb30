/* imps/csp_prim_int.h: private to imps/csp_prim_*.c: field descriptors for get/put/equal. */
#ifndef IWF_IMPS_CSP_PRIM_INT_H
#define IWF_IMPS_CSP_PRIM_INT_H

#include <stddef.h>

#include "imps/csp_prim.h"

enum csp_ftype {
	CSP_F_STR,    /* char const *: text of the element ("" when empty) */
	CSP_F_BOOL,   /* enum csp_bool: T/F; an empty optional element is absent */
	CSP_F_UINT,   /* long: strict decimal 0..max, -1 absent */
	CSP_F_STRS,   /* struct csp_strs: every element `name` (under wrapper `inner`) */
	CSP_F_CID,    /* struct imps_client_id (embedded) */
	CSP_F_SUBP,   /* pointer to a `sub` structure */
	CSP_F_SUBS,   /* {T *v; size_t n} of `sub` structures */
	CSP_F_PRES,   /* struct imps_pres *: a PresenceSubList with values */
	CSP_F_PRESS,  /* {struct imps_pres **v; size_t n}: PresenceSubList* */
	CSP_F_ATTRS,  /* struct csp_attr_list: a PresenceSubList of names */
	CSP_F_FUNCS,  /* struct csp_functions: Functions/AllFunctions(WVCSPFeat) */
};

#define CSP_FL_REQ 1u  /* mandatory (for lists: at least one) */

struct csp_field {
	char const *name;          /* element name */
	char const *alias;         /* another spelling accepted on input, or NULL */
	char const *inner;         /* STRS/ATTRS: items sit in a wrapper `name`, items `inner` */
	enum csp_ftype type;
	unsigned flags;
	size_t off;                /* offset in the structure */
	struct csp_desc const *sub; /* SUBP, SUBS */
	unsigned long max;         /* UINT bound */
};

struct csp_desc {
	char const *name;          /* element name (for messages) */
	size_t size;
	struct csp_field const *fields;
	size_t n_fields;
	/* extra rule after a successful read, or NULL: 0 or EPROTO (fills err) */
	int (*check)(void const *s, struct csp_prim_error *err);
};

#define CSP_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* Field constructors: st = structure, m = member. */
#define CSP_FSTR(n, st, m, fl) {n, NULL, NULL, CSP_F_STR, fl, offsetof(st, m), NULL, 0}
#define CSP_FBOOL(n, st, m, fl) {n, NULL, NULL, CSP_F_BOOL, fl, offsetof(st, m), NULL, 0}
#define CSP_FUINT(n, st, m, fl, max) {n, NULL, NULL, CSP_F_UINT, fl, offsetof(st, m), NULL, max}
#define CSP_FSTRS(n, st, m, fl) {n, NULL, NULL, CSP_F_STRS, fl, offsetof(st, m), NULL, 0}
#define CSP_FSTRSA(n, a, st, m, fl) {n, a, NULL, CSP_F_STRS, fl, offsetof(st, m), NULL, 0}
#define CSP_FWRAP(n, in, st, m, fl) {n, NULL, in, CSP_F_STRS, fl, offsetof(st, m), NULL, 0}
#define CSP_FCID(n, st, m, fl) {n, NULL, NULL, CSP_F_CID, fl, offsetof(st, m), NULL, 0}
#define CSP_FSUBP(n, st, m, fl, d) {n, NULL, NULL, CSP_F_SUBP, fl, offsetof(st, m), d, 0}
#define CSP_FSUBS(n, st, m, fl, d) {n, NULL, NULL, CSP_F_SUBS, fl, offsetof(st, m), d, 0}
#define CSP_FPRES(n, st, m, fl) {n, NULL, NULL, CSP_F_PRES, fl, offsetof(st, m), NULL, 0}
#define CSP_FPRESS(n, st, m, fl) {n, NULL, NULL, CSP_F_PRESS, fl, offsetof(st, m), NULL, 0}
#define CSP_FATTRS(n, in, st, m, fl) {n, NULL, in, CSP_F_ATTRS, fl, offsetof(st, m), NULL, 0}
#define CSP_FFUNCS(n, st, m, fl) {n, NULL, NULL, CSP_F_FUNCS, fl, offsetof(st, m), NULL, 0}

#define CSP_DESC(n, st, fields, check) {n, sizeof(st), fields, CSP_NFIELDS(fields), check}

/* Common bounds. */
#define CSP_CODE_MAX 999ul
#define CSP_NUM_MAX 2147483647ul     /* 31-bit unsigned: sizes, times, counts */
#define CSP_PORT_MAX 65535ul

/* One row of the primitive table. */
struct csp_prim_row {
	enum csp_prim_type type;
	char const *name;
	struct csp_desc const *desc;   /* of the union member; NULL for empty primitives */
};

/* Area tables (csp_prim_session.c, _presence.c, _lists.c, _im.c). */
extern struct csp_prim_row const csp_prim_rows_session[];
extern struct csp_prim_row const csp_prim_rows_presence[];
extern struct csp_prim_row const csp_prim_rows_lists[];
extern struct csp_prim_row const csp_prim_rows_im[];
extern size_t const csp_prim_rows_session_n, csp_prim_rows_presence_n,
	csp_prim_rows_lists_n, csp_prim_rows_im_n;

/* Service functions <-> WVCSPFeat tree (csp_prim_session.c). */
int csp_funcs_from_node(struct csp_node const *wvcspfeat, csp_func_set *out);
int csp_funcs_to_node(su_home_t *home, csp_func_set set, struct csp_node *parent);

/* Fills err (may be NULL). */
void csp_prim_errorf(struct csp_prim_error *err, int status, char const *element,
		     char const *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
