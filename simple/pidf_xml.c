/* simple/pidf_xml.c: safe libxml2 reading, text/attribute access and tree building for the SIMPLE codecs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "simple/pidf_xml.h"

#define XML_NS_XML "http://www.w3.org/XML/1998/namespace"

/* Bytes preloaded in the home a parse fills (see su_home_preload). */
#define PIDF_XIN_PRELOAD 4096

void pidf_reason(char *reason, size_t rlen, char const *fmt, ...)
{
	va_list ap;

	if (!reason || !rlen)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, rlen, fmt, ap);
	va_end(ap);
}

int pidf_xin_fail(struct pidf_xin *in, int err, char const *fmt, ...)
{
	va_list ap;

	if (in->err)
		return in->err;
	in->err = err;
	if (in->reason && in->rlen) {
		va_start(ap, fmt);
		vsnprintf(in->reason, in->rlen, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* SAX hooks: any DTD or entity declaration stops the parser. */
static void refuse_subset(void *ctx, xmlChar const *name, xmlChar const *ext_id,
			  xmlChar const *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;

	*(int *)ctxt->_private = 1;
	xmlStopParser(ctxt);
}

static void refuse_entity(void *ctx, xmlChar const *name, int type, xmlChar const *public_id,
			  xmlChar const *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;

	*(int *)ctxt->_private = 1;
	xmlStopParser(ctxt);
}

/* Copies a libxml2 message without its trailing newline. */
static void last_error(xmlParserCtxtPtr ctxt, char *reason, size_t rlen)
{
	xmlErrorPtr e = &ctxt->lastError;
	char msg[120];
	size_t n;

	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	pidf_reason(reason, rlen, "not well-formed XML (line %d): %s", e->line, msg);
}

/* libxml2 reports some errors (input encoding) through its generic error
 * function whatever the parser options say; the codec reports through its
 * reason string, so they are silenced while it parses. */
static void silent(void *ctx, char const *msg, ...)
{
}

/* Counts elements and depth, refuses entity references. */
static int check_tree(xmlNodePtr root, char *reason, size_t rlen)
{
	xmlNodePtr n = root;
	size_t count = 0;
	unsigned depth = 1;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			if (++count > PIDF_MAX_ELEMENTS) {
				pidf_reason(reason, rlen, "more than %d elements",
					    PIDF_MAX_ELEMENTS);
				return E2BIG;
			}
			if (depth > PIDF_MAX_DEPTH) {
				pidf_reason(reason, rlen, "nesting deeper than %d",
					    PIDF_MAX_DEPTH);
				return E2BIG;
			}
		} else if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_NODE ||
			   n->type == XML_DTD_NODE) {
			pidf_reason(reason, rlen, "entity references are not accepted");
			return EBADMSG;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			depth++;
			continue;
		}
		while (n && n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	return 0;
}

int pidf_xml_read(void const *buf, size_t len, size_t maxbody, xmlDocPtr *docp,
		  char *reason, size_t rlen)
{
	xmlParserCtxtPtr ctxt;
	xmlGenericErrorFunc old_error;
	void *old_ctx;
	xmlDocPtr doc;
	int dtd = 0, err;

	if (len > maxbody) {
		pidf_reason(reason, rlen, "document of %zu bytes exceeds %zu", len, maxbody);
		return E2BIG;
	}
	if (!buf || len == 0) {
		pidf_reason(reason, rlen, "empty document");
		return EBADMSG;
	}
	xmlInitParser();
	old_error = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
	ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
	if (!ctxt) {
		xmlSetGenericErrorFunc(old_ctx, old_error);
		pidf_reason(reason, rlen, "out of memory");
		return ENOMEM;
	}
	ctxt->_private = &dtd;
	ctxt->sax->internalSubset = refuse_subset;
	ctxt->sax->externalSubset = refuse_subset;
	ctxt->sax->entityDecl = refuse_entity;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				XML_PARSE_NOCDATA);
	/* Never load or substitute anything external, whatever the options say. */
	ctxt->loadsubset = 0;
	ctxt->replaceEntities = 0;
	ctxt->validate = 0;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (dtd) {
		pidf_reason(reason, rlen, "DOCTYPE and entity declarations are not accepted");
		err = EBADMSG;
	} else if (!ctxt->wellFormed || !ctxt->nsWellFormed || !doc) {
		if (ctxt->lastError.code == XML_ERR_NO_MEMORY) {
			pidf_reason(reason, rlen, "out of memory");
			err = ENOMEM;
		} else {
			last_error(ctxt, reason, rlen);
			err = EBADMSG;
		}
	} else if (!xmlDocGetRootElement(doc)) {
		pidf_reason(reason, rlen, "no root element");
		err = EBADMSG;
	} else if (doc->intSubset || doc->extSubset) {
		pidf_reason(reason, rlen, "DOCTYPE and entity declarations are not accepted");
		err = EBADMSG;
	} else {
		err = check_tree(xmlDocGetRootElement(doc), reason, rlen);
	}
	xmlFreeParserCtxt(ctxt);
	xmlSetGenericErrorFunc(old_ctx, old_error);
	if (err) {
		xmlFreeDoc(doc);
		return err;
	}
	*docp = doc;
	return 0;
}

char const *pidf_xml_ns(xmlNodePtr n)
{
	if (!n || !n->ns || !n->ns->href)
		return NULL;
	return (char const *)n->ns->href;
}

int pidf_xml_is(xmlNodePtr n, char const *ns, char const *name)
{
	char const *h;

	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	h = pidf_xml_ns(n);
	if (!h || strcmp(h, ns))
		return 0;
	return strcmp((char const *)n->name, name) == 0;
}

xmlNodePtr pidf_xml_elem(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static char const *const known_ns[] = {
	PIDF_NS, PIDF_NS_DM, PIDF_NS_RPID, PIDF_NS_CIPID, PIDF_NS_CAPS, PIDF_NS_OMA_CONTENT,
};

int pidf_xml_known_ns(char const *ns)
{
	size_t i;

	if (!ns)
		return 0;
	for (i = 0; i < sizeof known_ns / sizeof known_ns[0]; i++)
		if (!strcmp(ns, known_ns[i]))
			return 1;
	return 0;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copies b into the home, trimmed if asked. */
static char const *keep_str(struct pidf_xin *in, char const *b, int trim, char const *what)
{
	char const *e = b + strlen(b);
	char *r;

	if (trim) {
		while (b < e && is_xml_space(*b))
			b++;
		while (e > b && is_xml_space(e[-1]))
			e--;
	}
	if ((size_t)(e - b) > (in->maxstr ? in->maxstr : PIDF_MAX_STRING)) {
		pidf_xin_fail(in, E2BIG, "%s longer than %zu bytes", what,
			      in->maxstr ? in->maxstr : (size_t)PIDF_MAX_STRING);
		return NULL;
	}
	r = su_strndup(in->home, b, (isize_t)(e - b));
	if (!r)
		pidf_xin_fail(in, ENOMEM, "out of memory");
	return r;
}

/* Copies s (malloc'ed by libxml2, freed here) into the home, trimmed if asked. */
static char const *keep(struct pidf_xin *in, xmlChar *s, int trim, char const *what)
{
	char const *r;

	if (!s) {
		pidf_xin_fail(in, ENOMEM, "out of memory");
		return NULL;
	}
	r = keep_str(in, (char const *)s, trim, what);
	xmlFree(s);
	return r;
}

char const *pidf_xin_text(struct pidf_xin *in, xmlNodePtr n, int trim)
{
	xmlNodePtr c = n->children;

	if (in->err)
		return NULL;
	/* What xmlNodeGetContent would return, without its copy: "" for no
	 * children, the text of a lone text child. */
	if (!c)
		return keep_str(in, "", trim, (char const *)n->name);
	if (c->type == XML_TEXT_NODE && !c->next && c->content)
		return keep_str(in, (char const *)c->content, trim, (char const *)n->name);
	return keep(in, xmlNodeGetContent(n), trim, (char const *)n->name);
}

char const *pidf_xin_attr(struct pidf_xin *in, xmlNodePtr n, char const *name,
			  char const *ns, int trim)
{
	xmlChar *v;

	if (in->err)
		return NULL;
	v = ns ? xmlGetNsProp(n, (xmlChar const *)name, (xmlChar const *)ns)
	       : xmlGetNoNsProp(n, (xmlChar const *)name);
	if (!v)
		return NULL;
	return keep(in, v, trim, name);
}

char const *pidf_xin_lang(struct pidf_xin *in, xmlNodePtr n)
{
	xmlChar *v;
	char const *s;

	if (in->err)
		return NULL;
	v = xmlNodeGetLang(n);
	if (!v)
		return NULL;
	if (!pidf_lang_ok((char const *)v)) {
		xmlFree(v);
		return NULL;
	}
	s = keep(in, v, 0, "xml:lang");
	return s;
}

void *pidf_xin_grow(struct pidf_xin *in, void *arrayp, size_t *np, size_t size, size_t max,
		    char const *what)
{
	void **ap = arrayp;
	char *a;

	if (in->err)
		return NULL;
	if (*np >= max) {
		pidf_xin_fail(in, E2BIG, "more than %zu %s", max, what);
		return NULL;
	}
	a = su_realloc(in->home, *ap, (isize_t)((*np + 1) * size));
	if (!a) {
		pidf_xin_fail(in, ENOMEM, "out of memory");
		return NULL;
	}
	*ap = a;
	memset(a + *np * size, 0, size);
	return a + (*np)++ * size;
}

void pidf_xin_note(struct pidf_xin *in, xmlNodePtr n, struct pidf_note **notes, size_t *nn)
{
	struct pidf_note *note;
	char const *text, *lang;

	text = pidf_xin_text(in, n, 0);
	lang = pidf_xin_lang(in, n);
	note = pidf_xin_grow(in, notes, nn, sizeof *note, PIDF_MAX_NOTES, "notes");
	if (!note)
		return;
	note->text = text;
	note->lang = lang;
}

/*
 * 1 if an opaque extension can be re-emitted without breaking schema
 * validity: the validator checks foreign elements laxly, i.e. it still
 * validates any descendant element or attribute it has a declaration for.
 * So no element or attribute of the subtree may be in a namespace our
 * schemas cover, and the only xml: attribute allowed is a valid xml:lang.
 */
static int ext_clean(xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlNodePtr c;
	char const *ns;

	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if (pidf_xml_known_ns(pidf_xml_ns(n)))
		return 0;
	for (a = n->properties; a; a = a->next) {
		if (!a->ns || !a->ns->href)
			continue;
		ns = (char const *)a->ns->href;
		if (!strcmp(ns, XML_NS_XML)) {
			xmlChar *v;
			int ok;

			if (strcmp((char const *)a->name, "lang"))
				return 0;
			v = xmlNodeListGetString(n->doc, a->children, 1);
			ok = v && pidf_lang_ok((char const *)v);
			xmlFree(v);
			if (!ok)
				return 0;
		} else if (pidf_xml_known_ns(ns)) {
			return 0;
		}
	}
	for (c = n->children; c; c = c->next)
		if (!ext_clean(c))
			return 0;
	return 1;
}

/* 1 if an element of the subtree of n (n included) has no namespace. */
static int has_unqualified(xmlNodePtr n)
{
	xmlNodePtr c;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (!n->ns)
		return 1;
	for (c = n->children; c; c = c->next)
		if (has_unqualified(c))
			return 1;
	return 0;
}

static int has_default_decl(xmlNodePtr n)
{
	xmlNsPtr ns;

	for (ns = n->nsDef; ns; ns = ns->next)
		if (!ns->prefix)
			return 1;
	return 0;
}

/*
 * Makes a copy of an element self-contained: unqualified descendants get an
 * explicit xmlns="" on the top element, so that putting the element under a
 * default namespace does not capture them.
 */
static int undeclare_default(xmlNodePtr copy)
{
	xmlNodePtr c;

	for (c = copy->children; c; c = c->next)
		if (has_unqualified(c))
			break;
	if (!c || has_default_decl(copy))
		return 0;
	return xmlNewNs(copy, (xmlChar const *)"", NULL) ? 0 : ENOMEM;
}

void pidf_xin_ext(struct pidf_xin *in, xmlNodePtr n, struct pidf_ext **ext, size_t *next)
{
	struct pidf_ext *e;
	xmlDocPtr d = NULL;
	xmlNodePtr copy;
	xmlBufferPtr b = NULL;
	char const *ns = pidf_xml_ns(n);

	if (in->err || !ns || !ext_clean(n))
		return;
	e = pidf_xin_grow(in, ext, next, sizeof *e, PIDF_MAX_EXT, "extension elements");
	if (!e)
		return;
	d = xmlNewDoc((xmlChar const *)"1.0");
	copy = d ? xmlDocCopyNode(n, d, 1) : NULL;
	if (!copy) {
		pidf_xin_fail(in, ENOMEM, "out of memory");
		goto out;
	}
	xmlDocSetRootElement(d, copy);
	b = xmlBufferCreate();
	if (!b || undeclare_default(copy) || xmlNodeDump(b, d, copy, 0, 0) < 0) {
		pidf_xin_fail(in, ENOMEM, "out of memory");
		goto out;
	}
	if (xmlBufferLength(b) > PIDF_MAX_EXT_XML) {
		pidf_xin_fail(in, E2BIG, "extension element %s longer than %d bytes",
			      (char const *)n->name, PIDF_MAX_EXT_XML);
		goto out;
	}
	e->ns = su_strdup(in->home, ns);
	e->name = su_strdup(in->home, (char const *)n->name);
	e->xml = su_strndup(in->home, (char const *)xmlBufferContent(b),
			    (isize_t)xmlBufferLength(b));
	if (!e->ns || !e->name || !e->xml)
		pidf_xin_fail(in, ENOMEM, "out of memory");
out:
	if (b)
		xmlBufferFree(b);
	if (d)
		xmlFreeDoc(d);
}

/*
 * Common frame of the parsers: safe read, root check, parse into a
 * temporary home moved into `home` on success.
 */
int pidf_xml_parse_frame(su_home_t *home, void const *buf, size_t len, size_t maxbody,
		       size_t maxstr, char const *ns, char const *rootname, size_t size,
		       pidf_parse_root_f *fn, void **resultp, char *reason, size_t rlen)
{
	struct pidf_xin in = {0};
	xmlDocPtr xdoc = NULL;
	xmlNodePtr root;
	su_home_t *tmp;
	void *result;
	int err;

	if (!home || !resultp)
		return EINVAL;
	err = pidf_xml_read(buf, len, maxbody, &xdoc, reason, rlen);
	if (err)
		return err;
	root = xmlDocGetRootElement(xdoc);
	if (!pidf_xml_is(root, ns, rootname)) {
		pidf_reason(reason, rlen, "root element is {%.80s}%.40s, not {%s}%s",
			    pidf_xml_ns(root) ? pidf_xml_ns(root) : "", (char const *)root->name,
			    ns, rootname);
		xmlFreeDoc(xdoc);
		return EBADMSG;
	}
	/* A child home of the caller's: stays with it on success, dropped on
	 * failure. (Not su_home_new + su_home_move: sofia-sip 1.12.11 loses the
	 * destination home object when the move grows its block table.) */
	tmp = su_home_clone(home, sizeof *tmp);
	if (!tmp) {
		xmlFreeDoc(xdoc);
		return ENOMEM;
	}
	/* The model and its strings mostly fit here: one malloc, not one each. */
	su_home_preload(tmp, 1, PIDF_XIN_PRELOAD);
	in.home = tmp;
	in.reason = reason;
	in.rlen = rlen;
	in.maxstr = maxstr;
	result = su_zalloc(tmp, (isize_t)size);
	if (result)
		fn(&in, root, result);
	else
		pidf_xin_fail(&in, ENOMEM, "out of memory");
	xmlFreeDoc(xdoc);
	err = in.err;
	if (err)
		su_home_unref(tmp);
	else
		*resultp = result;
	return err;
}

/* ---- build ---- */

int pidf_xout_init(struct pidf_xout *out, char const *ns, char const *prefix, char const *name)
{
	xmlNsPtr n;

	memset(out, 0, sizeof *out);
	out->doc = xmlNewDoc((xmlChar const *)"1.0");
	if (!out->doc)
		return out->err = ENOMEM;
	/* Element and attribute names from a dictionary, not one copy each. */
	out->doc->dict = xmlDictCreate();
	if (!out->doc->dict)
		return out->err = ENOMEM;
	out->root = xmlNewDocNode(out->doc, NULL, (xmlChar const *)name, NULL);
	if (!out->root)
		return out->err = ENOMEM;
	xmlDocSetRootElement(out->doc, out->root);
	n = xmlNewNs(out->root, (xmlChar const *)ns, (xmlChar const *)prefix);
	if (!n)
		return out->err = ENOMEM;
	xmlSetNs(out->root, n);
	return 0;
}

xmlNsPtr pidf_xout_ns(struct pidf_xout *out, char const *href, char const *prefix)
{
	xmlNsPtr n;

	if (out->err)
		return NULL;
	for (n = out->root->nsDef; n; n = n->next)
		if (n->href && !strcmp((char const *)n->href, href))
			return n;
	n = xmlNewNs(out->root, (xmlChar const *)href, (xmlChar const *)prefix);
	if (!n)
		out->err = ENOMEM;
	return n;
}

xmlNodePtr pidf_xout_add(struct pidf_xout *out, xmlNodePtr parent, xmlNsPtr ns,
			 char const *name, char const *text)
{
	xmlNodePtr n;

	if (out->err || !parent)
		return NULL;
	if (text && !pidf_str_ok_max(text, out->maxstr ? out->maxstr : PIDF_MAX_STRING)) {
		out->err = EINVAL;
		return NULL;
	}
	n = xmlNewTextChild(parent, ns, (xmlChar const *)name, (xmlChar const *)text);
	if (!n)
		out->err = ENOMEM;
	return n;
}

void pidf_xout_attr(struct pidf_xout *out, xmlNodePtr n, char const *name, char const *value)
{
	if (out->err || !n || !value)
		return;
	if (!pidf_str_ok(value)) {
		out->err = EINVAL;
		return;
	}
	if (!xmlSetProp(n, (xmlChar const *)name, (xmlChar const *)value))
		out->err = ENOMEM;
}

void pidf_xout_lang(struct pidf_xout *out, xmlNodePtr n, char const *lang)
{
	xmlNsPtr xns;

	if (out->err || !n || !lang || !*lang) /* "" = no language */
		return;
	if (!pidf_lang_ok(lang)) {
		out->err = EINVAL;
		return;
	}
	xns = xmlSearchNsByHref(out->doc, n, (xmlChar const *)XML_NS_XML);
	if (!xns || !xmlSetNsProp(n, xns, (xmlChar const *)"lang", (xmlChar const *)lang))
		out->err = ENOMEM;
}

void pidf_xout_note(struct pidf_xout *out, xmlNodePtr parent, xmlNsPtr ns, char const *name,
		    struct pidf_note const *note)
{
	xmlNodePtr n = pidf_xout_add(out, parent, ns, name, note->text ? note->text : "");

	pidf_xout_lang(out, n, note->lang);
}

void pidf_xout_ext(struct pidf_xout *out, xmlNodePtr parent, struct pidf_ext const *ext)
{
	xmlDocPtr d = NULL;
	xmlNodePtr root, copy;
	int err;

	if (out->err || !parent)
		return;
	if (!ext->xml) {
		out->err = EINVAL;
		return;
	}
	err = pidf_xml_read(ext->xml, strlen(ext->xml), PIDF_MAX_EXT_XML, &d, NULL, 0);
	if (err) {
		out->err = err == ENOMEM ? ENOMEM : EINVAL;
		return;
	}
	root = xmlDocGetRootElement(d);
	if (!pidf_xml_ns(root) || !ext_clean(root)) {
		out->err = EINVAL;
		goto done;
	}
	copy = xmlDocCopyNode(root, out->doc, 1);
	if (!copy || undeclare_default(copy)) {
		if (copy)
			xmlFreeNode(copy);
		out->err = ENOMEM;
		goto done;
	}
	if (!xmlAddChild(parent, copy)) {
		xmlFreeNode(copy);
		out->err = ENOMEM;
	}
done:
	xmlFreeDoc(d);
}

int pidf_xout_finish(struct pidf_xout *out, su_home_t *home, char **outp, size_t *lenp)
{
	xmlChar *mem = NULL;
	int size = 0, err = out->err;
	char *s;

	if (!err) {
		xmlDocDumpMemoryEnc(out->doc, &mem, &size, "UTF-8");
		if (!mem || size <= 0)
			err = ENOMEM;
	}
	if (out->doc)
		xmlFreeDoc(out->doc);
	out->doc = NULL;
	if (err) {
		if (mem)
			xmlFree(mem);
		return err;
	}
	s = su_alloc(home, (isize_t)size + 1);
	if (!s) {
		xmlFree(mem);
		return ENOMEM;
	}
	memcpy(s, mem, (size_t)size);
	s[size] = '\0';
	xmlFree(mem);
	*outp = s;
	*lenp = (size_t)size;
	return 0;
}

/* ---- value checks ---- */

/* Decimal without sign, at most `max`, into *v. 1 if valid. */
int pidf_ulong(char const *s, unsigned long max, unsigned long *v)
{
	unsigned long r = 0;

	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (r > (max - (unsigned long)(*s - '0')) / 10)
			return 0;
		r = r * 10 + (unsigned long)(*s - '0');
	}
	*v = r;
	return 1;
}

int pidf_str_ok(char const *s)
{
	return pidf_str_ok_max(s, PIDF_MAX_STRING);
}

int pidf_str_ok_max(char const *str, size_t max)
{
	unsigned char const *s = (unsigned char const *)str;
	size_t len = 0;

	if (!s)
		return 0;
	while (*s) {
		unsigned long c;
		int more, i;

		if (*s >= 0x20 && *s < 0x80) { /* the common case, checked as below */
			s++;
			if (++len > max)
				return 0;
			continue;
		}
		if (*s < 0x80) {
			c = *s;
			more = 0;
		} else if ((*s & 0xE0) == 0xC0) {
			c = *s & 0x1F;
			more = 1;
		} else if ((*s & 0xF0) == 0xE0) {
			c = *s & 0x0F;
			more = 2;
		} else if ((*s & 0xF8) == 0xF0) {
			c = *s & 0x07;
			more = 3;
		} else {
			return 0;
		}
		for (i = 1; i <= more; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3F);
		}
		if ((more == 1 && c < 0x80) || (more == 2 && c < 0x800) ||
		    (more == 3 && c < 0x10000))
			return 0; /* overlong */
		if (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD)
			return 0;
		if ((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF || c > 0x10FFFF)
			return 0;
		s += more + 1;
		len += (size_t)more + 1;
		if (len > max)
			return 0;
	}
	return 1;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A character libxml2's xs:anyURI check escapes before parsing. */
static int uri_escaped(unsigned char c)
{
	switch (c) {
	case ' ': case '<': case '>': case '"': case '{': case '}': case '|': case '\\':
	case '^': case '`': case '\'':
		return 1;
	default:
		return c < 32 || c >= 127;
	}
}

int pidf_uri_ok(char const *s)
{
	char tmp[PIDF_MAX_STRING + 1];
	xmlURIPtr uri;
	size_t i;

	if (!pidf_str_ok(s))
		return 0;
	if (!*s)
		return 1;
	/* What libxml2's xs:anyURI check does: escape-worthy characters are
	 * replaced, then the result must parse as a URI reference. */
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		tmp[i] = uri_escaped(c) ? '_' : (char)c;
	}
	tmp[i] = '\0';
	uri = xmlParseURI(tmp);
	if (!uri)
		return 0;
	xmlFreeURI(uri);
	return 1;
}

int pidf_lang_ok(char const *s)
{
	int n = 0, first = 1;

	if (!s || !*s)
		return 0;
	for (;; s++) {
		if (*s == '-' || *s == '\0') {
			if (n < 1 || n > 8)
				return 0;
			if (!*s)
				return 1;
			n = 0;
			first = 0;
			continue;
		}
		if (!(is_alpha(*s) || (!first && is_digit(*s))))
			return 0;
		n++;
	}
}

static int digits(char const *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Parses an xs:dateTime: fields, zone offset in minutes (0 when absent). */
static int datetime_fields(char const *s, int f[6], int *tzmin, int *has_tz)
{
	static int const mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int th, tm;

	if (!s || strlen(s) < 19 || strlen(s) > 64)
		return 0;
	if (!digits(s, 4, &f[0]) || s[4] != '-' || !digits(s + 5, 2, &f[1]) || s[7] != '-' ||
	    !digits(s + 8, 2, &f[2]) || s[10] != 'T' || !digits(s + 11, 2, &f[3]) ||
	    s[13] != ':' || !digits(s + 14, 2, &f[4]) || s[16] != ':' || !digits(s + 17, 2, &f[5]))
		return 0;
	if (f[0] < 1 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[3] > 23 || f[4] > 59 || f[5] > 59)
		return 0;
	if (f[2] > mdays[f[1] - 1] + (f[1] == 2 && leap(f[0])))
		return 0;
	s += 19;
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	*tzmin = 0;
	*has_tz = 0;
	if (*s == 'Z') {
		*has_tz = 1;
		s++;
	} else if (*s == '+' || *s == '-') {
		if (!digits(s + 1, 2, &th) || s[3] != ':' || !digits(s + 4, 2, &tm) || tm > 59 ||
		    th > 14 || (th == 14 && tm))
			return 0;
		*tzmin = (th * 60 + tm) * (*s == '-' ? -1 : 1);
		*has_tz = 1;
		s += 6;
	}
	return *s == '\0';
}

int pidf_datetime_ok(char const *s)
{
	int f[6], tz, has;

	return datetime_fields(s, f, &tz, &has);
}

int pidf_time_parse(char const *s, time_t *tp)
{
	int f[6], tz, has;
	struct tm tm;
	time_t t;

	if (!tp || !datetime_fields(s, f, &tz, &has))
		return EINVAL;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	t = timegm(&tm);
	if (t == (time_t)-1 && !(f[0] == 1969 && f[1] == 12 && f[2] == 31))
		return EINVAL;
	*tp = t - (time_t)tz * 60;
	return 0;
}

int pidf_time_format(su_home_t *home, time_t t, char const **outp)
{
	struct tm tm;
	char buf[40];
	char *s;

	if (!outp || !gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return EINVAL;
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	s = su_strdup(home, buf);
	if (!s)
		return ENOMEM;
	*outp = s;
	return 0;
}
