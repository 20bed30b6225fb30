/* simple/pidf_xml.h: private libxml2 helpers shared by the PIDF, watcherinfo and resource-lists codecs. */
#ifndef IWF_SIMPLE_PIDF_XML_H
#define IWF_SIMPLE_PIDF_XML_H

#include <stdarg.h>
#include <stddef.h>
#include <libxml/tree.h>
#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"

/*
 * Parse side. A pidf_xin carries the home results go to and a sticky error:
 * once err is set, helpers do nothing and return it, so parsers can run
 * straight through and check at the end.
 */
struct pidf_xin {
	su_home_t *home;
	char *reason;
	size_t rlen;
	int err;
	size_t maxstr; /* longest text or attribute value; 0 = PIDF_MAX_STRING */
};

/* Sets in->err (first error wins) and the reason. Returns the error. */
int pidf_xin_fail(struct pidf_xin *in, int err, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes a reason into a buffer (may be NULL). */
void pidf_reason(char *reason, size_t rlen, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Reads `len` bytes of XML safely: no network, no DTD (a DOCTYPE or entity
 * declaration is refused), no entity substitution; at most maxbody bytes,
 * PIDF_MAX_ELEMENTS elements, PIDF_MAX_DEPTH deep. On success *docp is a new
 * libxml2 document the caller frees with xmlFreeDoc. Errors: E2BIG, EBADMSG,
 * ENOMEM (reason written).
 */
int pidf_xml_read(void const *buf, size_t len, size_t maxbody, xmlDocPtr *docp,
		  char *reason, size_t rlen);

/* Namespace URI of an element, NULL when it has none. */
char const *pidf_xml_ns(xmlNodePtr n);
/* 1 if n is an element named `name` in namespace `ns`. */
int pidf_xml_is(xmlNodePtr n, char const *ns, char const *name);
/* Next element sibling starting at n itself (NULL if none). */
xmlNodePtr pidf_xml_elem(xmlNodePtr n);
/* 1 if ns is one of the namespaces the schemas validate (pidf, dm, rpid,
 * cipid, caps, pres-content): unmodelled elements there are dropped. */
int pidf_xml_known_ns(char const *ns);

/* Text content of an element (descendant text concatenated), copied into
 * in->home, trimmed of XML white space when trim is set. NULL on error. */
char const *pidf_xin_text(struct pidf_xin *in, xmlNodePtr n, int trim);
/* An attribute (ns NULL = unqualified), NULL when absent or on error. */
char const *pidf_xin_attr(struct pidf_xin *in, xmlNodePtr n, char const *name,
			  char const *ns, int trim);
/* The xml:lang in scope of n (inherited), NULL when none or not a valid
 * language tag. */
char const *pidf_xin_lang(struct pidf_xin *in, xmlNodePtr n);
/* Appends a note from element n (text kept as is, lang in scope). */
void pidf_xin_note(struct pidf_xin *in, xmlNodePtr n, struct pidf_note **notes, size_t *nn);
/* Appends n serialized as a standalone element to the ext array. */
void pidf_xin_ext(struct pidf_xin *in, xmlNodePtr n, struct pidf_ext **ext, size_t *next);
/* Grows an array of `size`-byte items in the home by one zeroed item, at
 * most `max` items (E2BIG). Returns the new item or NULL (err set). */
void *pidf_xin_grow(struct pidf_xin *in, void *arrayp, size_t *np, size_t size, size_t max,
		    char const *what);

/*
 * The frame of every parser: safe read (at most maxbody bytes), root must be
 * {ns}rootname (else EBADMSG), then fn fills a zeroed `size`-byte result in a
 * child home of `home` (strings up to maxstr bytes, 0 = PIDF_MAX_STRING); on
 * success the child stays with `home` and *resultp is set; on error it is
 * dropped, so nothing is left in `home`. EINVAL for NULL home or resultp.
 */
typedef void pidf_parse_root_f(struct pidf_xin *in, xmlNodePtr root, void *result);
int pidf_xml_parse_frame(su_home_t *home, void const *buf, size_t len, size_t maxbody,
			 size_t maxstr, char const *ns, char const *rootname, size_t size,
			 pidf_parse_root_f *fn, void **resultp, char *reason, size_t rlen);

/*
 * Build side. Same sticky-error idea: pidf_xout.err is set by the first
 * failure (EINVAL for bad input, ENOMEM), later calls are no-ops.
 */
struct pidf_xout {
	xmlDocPtr doc;
	xmlNodePtr root;
	int err;
	size_t maxstr; /* longest text or attribute value; 0 = PIDF_MAX_STRING */
};

/* Creates doc and root element `name` in namespace `ns` declared with
 * `prefix` (NULL = default namespace). 0 or ENOMEM. */
int pidf_xout_init(struct pidf_xout *out, char const *ns, char const *prefix, char const *name);
/* Namespace declared (lazily) on the root with `prefix`. */
xmlNsPtr pidf_xout_ns(struct pidf_xout *out, char const *href, char const *prefix);
/* Adds an element child (text may be NULL: empty element). Text must pass
 * pidf_str_ok, else EINVAL. */
xmlNodePtr pidf_xout_add(struct pidf_xout *out, xmlNodePtr parent, xmlNsPtr ns,
			 char const *name, char const *text);
/* Sets an attribute (unqualified); value checked like text. */
void pidf_xout_attr(struct pidf_xout *out, xmlNodePtr n, char const *name, char const *value);
/* Sets xml:lang when lang is not NULL (EINVAL if not a language tag). */
void pidf_xout_lang(struct pidf_xout *out, xmlNodePtr n, char const *lang);
/* Adds a note element with optional xml:lang. */
void pidf_xout_note(struct pidf_xout *out, xmlNodePtr parent, xmlNsPtr ns, char const *name,
		    struct pidf_note const *note);
/* Adds an opaque extension (EINVAL unless one well-formed namespaced element). */
void pidf_xout_ext(struct pidf_xout *out, xmlNodePtr parent, struct pidf_ext const *ext);
/* Serializes (UTF-8, XML declaration) into home and frees the doc. Returns
 * out->err if set (doc freed as well). */
int pidf_xout_finish(struct pidf_xout *out, su_home_t *home, char **outp, size_t *lenp);

/* 1 if s is valid UTF-8 made only of XML 1.0 characters and not longer
 * than PIDF_MAX_STRING bytes (pidf_str_ok_max: than max bytes). */
int pidf_str_ok(char const *s);
int pidf_str_ok_max(char const *s, size_t max);
/* Unsigned decimal (digits only) not above max into *v. 1 if valid. */
int pidf_ulong(char const *s, unsigned long max, unsigned long *v);
/* 1 if s is an xs:language tag ("" is not: xml.xsd types xml:lang as
 * xs:language). */
int pidf_lang_ok(char const *s);
/* 1 if s is an xs:anyURI as libxml2's schema validator sees it (pidf_str_ok
 * and, after escaping, a URI reference). */
int pidf_uri_ok(char const *s);
/* 1 if s is an xs:dateTime (the subset PIDF documents use). */
int pidf_datetime_ok(char const *s);

/* The ids the document gets, valid and unique: tuples, then persons, then
 * devices, in one array allocated in home. Valid unique ids are kept. */
int pidf_ids_assign(su_home_t *home, struct pidf_doc const *doc, char const ***idsp);

#endif /* IWF_SIMPLE_PIDF_XML_H */
