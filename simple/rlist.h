/* simple/rlist.h: resource lists documents (RFC 4826, application/resource-lists+xml), buddy lists. */
#ifndef IWF_SIMPLE_RLIST_H
#define IWF_SIMPLE_RLIST_H

#include <stddef.h>
#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"

#define PIDF_NS_RLIST "urn:ietf:params:xml:ns:resource-lists"

/* Limits (E2BIG beyond them); strings are bounded by PIDF_MAX_STRING. */
#define PIDF_RLIST_MAX_BODY (256 * 1024)
#define PIDF_RLIST_MAX_DEPTH 8     /* nesting of <list> */
#define PIDF_RLIST_MAX_ITEMS 2048  /* lists + entries + refs + externals, in all */

enum pidf_rl_kind {
	PIDF_RL_ENTRY = 0, /* <entry uri=...> */
	PIDF_RL_LIST,      /* nested <list name=...> */
	PIDF_RL_ENTRY_REF, /* <entry-ref ref=...> */
	PIDF_RL_EXTERNAL,  /* <external anchor=...> */
};

struct pidf_rl_list;

/* One child of a list, in document order. */
struct pidf_rl_item {
	enum pidf_rl_kind kind;
	char const *uri;          /* entry uri / entry-ref ref / external anchor (may be NULL) */
	char const *display_name; /* NULL = absent (for a LIST: in list->display_name) */
	char const *lang;         /* xml:lang of display-name */
	struct pidf_rl_list *list; /* kind LIST */
};

struct pidf_rl_list {
	char const *name;         /* NULL = absent */
	char const *display_name;
	char const *lang;
	struct pidf_rl_item *items;
	size_t nitems;
};

struct pidf_rlist {
	struct pidf_rl_list *lists; /* top-level lists */
	size_t nlists;
};

/*
 * Parses a resource-lists document; same contract as pidf_parse. Errors:
 * EINVAL, ENOMEM, E2BIG (items, depth), EBADMSG (not XML, DOCTYPE, root not
 * {resource-lists ns}resource-lists), EPROTO (entry without uri, entry-ref
 * without ref). Extension elements and attributes are dropped.
 */
int pidf_rlist_parse(su_home_t *home, void const *buf, size_t len, struct pidf_rlist **docp,
		     char *reason, size_t reasonlen);

/* Builds the XML; same contract as pidf_build. EINVAL for an entry without
 * uri, an entry-ref without ref, a LIST item without list, bad strings. */
int pidf_rlist_build(su_home_t *home, struct pidf_rlist const *doc, char **outp, size_t *lenp);

/* Deep comparison (1 equal). */
int pidf_rlist_equal(struct pidf_rlist const *a, struct pidf_rlist const *b);

#endif /* IWF_SIMPLE_RLIST_H */
