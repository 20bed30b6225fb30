/* imps/csp_wbxml.c: WV-CSP WBXML parse/build (libwbxml2: 1.1/1.2, own tables: 1.3), sniffing. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <libxml/xmlwriter.h>
#include <wbxml/wbxml.h>

#include "imps/csp.h"
#include "imps/csp_wbxml13.h"

/*
 * Decoding. The header names the version (public id token or literal; when
 * it names none, the root's xmlns does). The body is read with our token
 * tables (imps/csp_wbxml13.c), which bounds and checks everything, then:
 *  - 1.3: the events are written as XML (libxml2 xmlTextWriter) and parsed
 *    by csp_parse_xml_hint with the version of the public id;
 *  - 1.1/1.2: the events are re-encoded as a plain WBXML (tag tokens,
 *    LITERAL, STR_I only) and that is decoded by libwbxml2 into XML, which
 *    csp_parse_xml_hint parses. libwbxml thus never sees what it mishandles
 *    (see imps/tokens/wbxml-libwbxml-wv.txt and the report in
 *    tests/data/wbxml/README): the 1.2 token 0x11, EXT_T_0 values outside its
 *    table (read as empty text), OPAQUE dates with second 0 (seconds dropped),
 *    OPAQUE outside its integer list (raw bytes), ENTITY beyond U+10FFFF
 *    (invalid UTF-8, or an assert() abort from 2^31 on), LITERAL names that
 *    are no XML names (copied raw into its XML output).
 * A root WV xmlns is not passed on, so that the public id decides the
 * version even when the two disagree.
 *
 * Encoding starts from the canonical XML (csp_build_xml), read with expat:
 *  - 1.3: our writer in the AOSP style (public id token, xmlns attribute
 *    tokens, EXT_T_0 values, OPAQUE integers and dates);
 *  - 1.1/1.2: libwbxml2 from that XML with a DOCTYPE added (it finds the
 *    language only through the DOCTYPE) and its own element spellings. When
 *    the message holds something libwbxml cannot write faithfully (a name
 *    outside its table or a foreign namespace: it writes no string table for
 *    WV and fails; an integer element whose text is no canonical decimal: it
 *    writes 0 or drops leading zeros), our writer does it in libwbxml's style,
 *    with LITERAL tags where needed.
 */

static int fail(struct csp_error *err, int code, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct csp_error *err, int code, char const *fmt, ...)
{
	va_list ap;

	if (err) {
		err->line = 0;
		va_start(ap, fmt);
		vsnprintf(err->reason, sizeof err->reason, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* --- spelling differences with libwbxml's 1.1/1.2 table --- */

static char const *to_libwbxml(char const *name)
{
	int code;

	for (size_t i = 0; i < csp_wbx_nrenames; i++)
		if (!strcmp(name, csp_wbx_libwbxml_renames[i].ours))
			return csp_wbx_libwbxml_renames[i].libwbxml;
	/* an alias: the name of its token in the table */
	for (size_t i = 0; i < csp_wbx_lang12.naliases; i++) {
		if (strcmp(name, csp_wbx_lang12.aliases[i].name))
			continue;
		code = csp_wbx_lang12.aliases[i].code;
		return csp_wbx_tag_name(&csp_wbx_lang12, (unsigned)code);
	}
	return name;
}

static void from_libwbxml(struct csp_node *n)
{
	for (; n; n = n->next) {
		if (!n->ns) {
			for (size_t i = 0; i < csp_wbx_nrenames; i++)
				if (!strcmp(n->name, csp_wbx_libwbxml_renames[i].libwbxml))
					n->name = csp_wbx_libwbxml_renames[i].ours;
		}
		from_libwbxml(n->child);
	}
}

static void msg_from_libwbxml(struct csp_msg *m)
{
	from_libwbxml(m->extra);
	for (struct csp_transaction *t = m->trans; t; t = t->next) {
		from_libwbxml(t->content);
		from_libwbxml(t->extra);
	}
}

/* --- events -> XML (libxml2 xmlTextWriter) --- */

struct xml_out {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int depth;
	int for_libwbxml;  /* libwbxml input: its spellings, no namespaces */
	int clean;         /* libwbxml can write this document faithfully */
	unsigned klass[CSP_MAX_DEPTH + 2];
	char *scratch;
	size_t scratch_size;
};

static int xo_start(void *ctx, char const *name, char const *ns)
{
	struct xml_out *x = ctx;

	if (x->depth > CSP_MAX_DEPTH)
		return E2BIG;
	x->depth++;
	x->klass[x->depth] = csp_wbx_class_of(name);
	if (x->for_libwbxml) {
		if ((ns && csp_ns_version(ns) == CSP_V_UNKNOWN) ||
		    csp_wbx_tag_code(&csp_wbx_lang12, name) < 0)
			x->clean = 0;
		name = to_libwbxml(name);
		ns = NULL;
	}
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		return ENOMEM;
	if (ns && xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns", BAD_CAST ns) < 0)
		return ENOMEM;
	return 0;
}

static int xo_text(void *ctx, char const *s, size_t len)
{
	struct xml_out *x = ctx;

	if (len + 1 > x->scratch_size) {
		char *p = realloc(x->scratch, len + 1);
		if (!p)
			return ENOMEM;
		x->scratch = p;
		x->scratch_size = len + 1;
	}
	memcpy(x->scratch, s, len);
	x->scratch[len] = '\0';
	if (x->for_libwbxml && (x->klass[x->depth] & CSP_WBX_INT12) &&
	    !csp_wbx_canonical_uint(x->scratch, NULL))
		x->clean = 0;
	if (xmlTextWriterWriteString(x->w, BAD_CAST x->scratch) < 0)
		return ENOMEM;
	return 0;
}

static int xo_end(void *ctx)
{
	struct xml_out *x = ctx;

	x->depth--;
	return xmlTextWriterEndElement(x->w) < 0 ? ENOMEM : 0;
}

static struct csp_wbx_sink const xml_out_sink = {xo_start, xo_text, xo_end};

#define DTD_SYSID "http://www.openmobilealliance.org/DTD/WV-CSP.DTD"

/* dtd_pubid: a DOCTYPE for libwbxml (NULL: none). */
static int xo_open(struct xml_out *x, char const *dtd_pubid)
{
	memset(x, 0, sizeof *x);
	x->clean = 1;
	if (!(x->buf = xmlBufferCreate()) || !(x->w = xmlNewTextWriterMemory(x->buf, 0)))
		return ENOMEM;
	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		return ENOMEM;
	if (dtd_pubid) {
		x->for_libwbxml = 1;
		if (xmlTextWriterWriteDTD(x->w, BAD_CAST "WV-CSP-Message", BAD_CAST dtd_pubid,
					  BAD_CAST DTD_SYSID, NULL) < 0)
			return ENOMEM;
	}
	return 0;
}

static int xo_close(struct xml_out *x)
{
	int e = 0;

	if (x->w && xmlTextWriterEndDocument(x->w) < 0)
		e = ENOMEM;
	if (x->w)
		xmlFreeTextWriter(x->w);
	x->w = NULL;
	return e;
}

static void xo_free(struct xml_out *x)
{
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	free(x->scratch);
	memset(x, 0, sizeof *x);
}

/* --- XML -> events (expat, namespace-aware) --- */

#define NS_SEP '\x01'

struct xml_in {
	XML_Parser p;
	struct csp_wbx_sink const *sink;
	void *ctx;
	int error;
	int depth;
	char *uri[CSP_MAX_DEPTH + 2];
	size_t text_at[CSP_MAX_DEPTH + 2];
	char *text;
	size_t text_len, text_size;
};

static void xi_stop(struct xml_in *x, int e)
{
	if (!x->error)
		x->error = e;
	XML_StopParser(x->p, XML_FALSE);
}

static int same(char const *a, char const *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void XMLCALL xi_start(void *data, XML_Char const *name, XML_Char const **atts)
{
	struct xml_in *x = data;
	char const *sep = strchr(name, NS_SEP), *local = sep ? sep + 1 : name;
	char *uri = NULL;
	int e;

	(void)atts;
	if (x->error)
		return;
	if (x->depth > CSP_MAX_DEPTH) {
		xi_stop(x, E2BIG);
		return;
	}
	if (sep && !(uri = strndup(name, (size_t)(sep - name)))) {
		xi_stop(x, ENOMEM);
		return;
	}
	x->depth++;
	x->uri[x->depth] = uri;
	x->text_at[x->depth] = x->text_len;
	e = x->sink->start(x->ctx, local, same(uri, x->uri[x->depth - 1]) ? NULL : uri);
	if (e)
		xi_stop(x, e);
}

static void XMLCALL xi_text(void *data, XML_Char const *s, int len)
{
	struct xml_in *x = data;

	if (x->error || x->depth == 0 || len <= 0)
		return;
	if (x->text_len + (size_t)len > (size_t)CSP_MAX_BODY) {
		xi_stop(x, E2BIG);
		return;
	}
	if (x->text_len + (size_t)len > x->text_size) {
		size_t size = (x->text_len + (size_t)len) * 2;
		char *p = realloc(x->text, size);
		if (!p) {
			xi_stop(x, ENOMEM);
			return;
		}
		x->text = p;
		x->text_size = size;
	}
	memcpy(x->text + x->text_len, s, (size_t)len);
	x->text_len += (size_t)len;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void XMLCALL xi_end(void *data, XML_Char const *name)
{
	struct xml_in *x = data;
	size_t from, to;
	int e = 0;

	(void)name;
	if (x->error)
		return;
	from = x->text_at[x->depth];
	to = x->text_len;
	while (from < to && is_space(x->text[from]))
		from++;
	while (to > from && is_space(x->text[to - 1]))
		to--;
	if (to > from)
		e = x->sink->text(x->ctx, x->text + from, to - from);
	x->text_len = x->text_at[x->depth];
	free(x->uri[x->depth]);
	x->uri[x->depth] = NULL;
	x->depth--;
	if (!e)
		e = x->sink->end(x->ctx);
	if (e)
		xi_stop(x, e);
}

/* Sends the elements of xml (our canonical XML) to sink. */
static int xml_events(char const *xml, size_t len, struct csp_wbx_sink const *sink, void *ctx)
{
	struct xml_in x;
	int e;

	memset(&x, 0, sizeof x);
	if (len > INT32_MAX || !(x.p = XML_ParserCreateNS("UTF-8", NS_SEP)))
		return ENOMEM;
	x.sink = sink;
	x.ctx = ctx;
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, xi_start, xi_end);
	XML_SetCharacterDataHandler(x.p, xi_text);
	if (XML_Parse(x.p, xml, (int)len, XML_TRUE) != XML_STATUS_OK && !x.error)
		x.error = EINVAL;
	e = x.error;
	for (int i = 0; i < CSP_MAX_DEPTH + 2; i++)
		free(x.uri[i]);
	free(x.text);
	XML_ParserFree(x.p);
	return e;
}

/* --- decoding --- */

/* libwbxml's languages: the DOCTYPE public id it recognises, its language id. */
static struct {
	enum csp_version version;
	char const *dtd_pubid;
	WBXMLLanguage lang;
} const libwbxml_langs[] = {
	{CSP_V11, "-//OMA//DTD WV-CSP 1.1//EN", WBXML_LANG_WV_CSP11},
	{CSP_V12, "-//OMA//DTD WV-CSP 1.2//EN", WBXML_LANG_WV_CSP12},
};

static int libwbxml_lang(enum csp_version v)
{
	for (size_t i = 0; i < sizeof libwbxml_langs / sizeof libwbxml_langs[0]; i++)
		if (libwbxml_langs[i].version == v)
			return (int)i;
	return -1;
}

/* Sink that stops at the root element (to learn its xmlns). */
static int stop_start(void *ctx, char const *name, char const *ns)
{
	(void)ctx;
	(void)name;
	(void)ns;
	return ECANCELED;
}

static int no_text(void *ctx, char const *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
	return 0;
}

static int no_end(void *ctx)
{
	(void)ctx;
	return 0;
}

static struct csp_wbx_sink const stop_sink = {stop_start, no_text, no_end};

static int parse_13(su_home_t *home, struct csp_wbx_header const *h, enum csp_version v,
		    struct csp_msg **msgp, struct csp_error *err)
{
	struct xml_out x;
	int e;

	if ((e = xo_open(&x, NULL)))
		goto out;
	if ((e = csp_wbx_read(h, &csp_wbx_lang13, &xml_out_sink, &x, NULL, err))) {
		if (e == ENOMEM)
			fail(err, e, "out of memory");
		goto out;
	}
	if ((e = xo_close(&x)))
		goto out;
	e = csp_parse_xml_hint(home, xmlBufferContent(x.buf), (size_t)xmlBufferLength(x.buf), v,
			       msgp, err);
	if (e && err)
		err->line = 0;
out:
	xo_free(&x);
	return e;
}

static int parse_12(su_home_t *home, struct csp_wbx_header const *h, enum csp_version v,
		    struct csp_msg **msgp, struct csp_error *err)
{
	su_home_t *tmp = su_home_new(sizeof *tmp);
	struct csp_wbx_writer *w = NULL;
	WBXMLConvWBXML2XML *conv = NULL;
	WB_UTINY *xml = NULL;
	WB_ULONG xml_len = 0;
	unsigned char *bare;
	size_t bare_len;
	WBXMLError we;
	int e;

	if (!tmp)
		return ENOMEM;
	if (libwbxml_lang(v) < 0) {
		e = EINVAL;
		goto out;
	}
	if ((e = csp_wbx_writer_new(&csp_wbx_lang12, v, CSP_WBX_BARE, &w)))
		goto out;
	if ((e = csp_wbx_read(h, &csp_wbx_lang12, &csp_wbx_writer_sink, w, NULL, err)))
		goto out;
	if ((e = csp_wbx_writer_finish(w, tmp, &bare, &bare_len))) {
		fail(err, e, "cannot re-encode the WBXML for libwbxml");
		goto out;
	}
	if (wbxml_conv_wbxml2xml_create(&conv) != WBXML_OK) {
		e = fail(err, ENOMEM, "out of memory");
		goto out;
	}
	wbxml_conv_wbxml2xml_set_gen_type(conv, WBXML_GEN_XML_COMPACT);
	/* forced: libwbxml knows no 1.2 public id token */
	wbxml_conv_wbxml2xml_set_language(conv, libwbxml_langs[libwbxml_lang(v)].lang);
	we = wbxml_conv_wbxml2xml_run(conv, bare, (WB_ULONG)bare_len, &xml, &xml_len);
	if (we != WBXML_OK) {
		e = fail(err, we == WBXML_ERROR_NOT_ENOUGH_MEMORY ? ENOMEM : EBADMSG,
			 "libwbxml: %s", (char const *)wbxml_errors_string(we));
		goto out;
	}
	if ((e = csp_parse_xml_hint(home, xml, xml_len, v, msgp, err))) {
		if (err)
			err->line = 0;
		goto out;
	}
	msg_from_libwbxml(*msgp);
out:
	if (conv)
		wbxml_conv_wbxml2xml_destroy(conv);
	free(xml); /* libwbxml allocates with malloc (wbxml_free is free, not in its headers) */
	csp_wbx_writer_free(w);
	su_home_unref(tmp);
	return e;
}

int csp_parse_wbxml(su_home_t *home, void const *buf, size_t len,
		    struct csp_msg **msgp, struct csp_error *err)
{
	struct csp_error dummy;
	struct csp_wbx_header h;
	enum csp_version v;
	int e;

	if (!err)
		err = &dummy;
	err->line = 0;
	err->reason[0] = '\0';
	if (!home || !buf || !msgp)
		return fail(err, EINVAL, "no input");
	if ((e = csp_wbx_header(buf, len, &h, err)))
		return e;
	v = h.version;
	if (v == CSP_V_UNKNOWN) {
		/* no WV public id: the root's xmlns (AOSP-style documents carry it) */
		e = csp_wbx_read(&h, &csp_wbx_lang13, &stop_sink, NULL, &v, err);
		if (e != ECANCELED && e)
			return e;
		if (v == CSP_V_UNKNOWN) {
			if (h.pubid_text)
				return fail(err, EBADMSG, "public id \"%.60s\" is no WV-CSP one",
					    h.pubid_text);
			return fail(err, EBADMSG, "public id 0x%lx is no WV-CSP one and the root "
					"has no WV xmlns", h.pubid);
		}
	}
	if (v == CSP_V13)
		e = parse_13(home, &h, v, msgp, err);
	else
		e = parse_12(home, &h, v, msgp, err);
	if (e && !err->reason[0])
		fail(err, e, "%s", strerror(e));
	return e;
}

/* --- encoding --- */

static int build_ours(su_home_t *home, char const *xml, size_t xml_len, enum csp_version v,
		      enum csp_wbx_style style, unsigned char **outp, size_t *lenp)
{
	struct csp_wbx_writer *w = NULL;
	int e;

	if ((e = csp_wbx_writer_new(v == CSP_V13 ? &csp_wbx_lang13 : &csp_wbx_lang12, v, style,
				    &w)))
		return e;
	if (!(e = xml_events(xml, xml_len, &csp_wbx_writer_sink, w)))
		e = csp_wbx_writer_finish(w, home, outp, lenp);
	csp_wbx_writer_free(w);
	return e;
}

int csp_wbx_build_libwbxml(su_home_t *home, char const *xml, size_t xml_len, enum csp_version v,
			  unsigned char **outp, size_t *lenp)
{
	WBXMLConvXML2WBXML *conv = NULL;
	WB_UTINY *out = NULL;
	WB_ULONG out_len = 0;
	struct xml_out x;
	unsigned char *copy;
	int e;

	if (libwbxml_lang(v) < 0)
		return EINVAL;
	if ((e = xo_open(&x, libwbxml_langs[libwbxml_lang(v)].dtd_pubid)))
		goto out;
	if ((e = xml_events(xml, xml_len, &xml_out_sink, &x)) || (e = xo_close(&x)))
		goto out;
	if (!x.clean) {
		e = ENOTSUP;
		goto out;
	}
	if (wbxml_conv_xml2wbxml_create(&conv) != WBXML_OK) {
		e = ENOMEM;
		goto out;
	}
	wbxml_conv_xml2wbxml_set_version(conv, WBXML_VERSION_13);
	if (wbxml_conv_xml2wbxml_run(conv, (WB_UTINY *)xmlBufferContent(x.buf),
				     (WB_ULONG)xmlBufferLength(x.buf), &out,
				     &out_len) != WBXML_OK) {
		e = ENOTSUP;
		goto out;
	}
	if (!(copy = su_alloc(home, (size_t)out_len + 1))) {
		e = ENOMEM;
		goto out;
	}
	memcpy(copy, out, out_len);
	copy[out_len] = 0;
	*outp = copy;
	*lenp = out_len;
out:
	if (conv)
		wbxml_conv_xml2wbxml_destroy(conv);
	free(out);
	xo_free(&x);
	return e;
}

int csp_build_wbxml(su_home_t *home, struct csp_msg const *msg,
		    unsigned char **outp, size_t *lenp)
{
	su_home_t *tmp;
	char *xml;
	size_t xml_len;
	int e;

	if (!home || !msg || !outp || !lenp)
		return EINVAL;
	if (!(tmp = su_home_new(sizeof *tmp)))
		return ENOMEM;
	if ((e = csp_build_xml(tmp, msg, &xml, &xml_len)))
		goto out;
	if (msg->version == CSP_V13) {
		e = build_ours(home, xml, xml_len, CSP_V13, CSP_WBX_AOSP, outp, lenp);
	} else {
		e = csp_wbx_build_libwbxml(home, xml, xml_len, msg->version, outp, lenp);
		if (e == ENOTSUP)
			e = build_ours(home, xml, xml_len, msg->version, CSP_WBX_PLAIN, outp, lenp);
	}
out:
	su_home_unref(tmp);
	return e;
}

/* --- sniffing and dispatch --- */

static int ctype_is(char const *ct, char const *what)
{
	size_t n = strlen(what);

	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, what, n))
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static char const *const wbxml_types[] = {
	"application/vnd.wv.csp.wbxml", "application/vnd.wv.csp+wbxml", NULL,
};
static char const *const xml_types[] = {
	"application/vnd.wv.csp.xml", "application/vnd.wv.csp+xml", "application/xml",
	"text/xml", NULL,
};

/*
 * Bytes that cannot start the other encoding decide: a WBXML version byte
 * 0x01..0x03 (a control character no XML document starts with), or '<', a
 * UTF-8 BOM or XML white space. Otherwise the content type, otherwise XML
 * (whose parser then says what is wrong).
 */
enum csp_encoding csp_sniff(void const *buf, size_t len, char const *content_type)
{
	unsigned char const *b = buf;

	if (b && len > 0) {
		if (b[0] >= 0x01 && b[0] <= 0x03)
			return CSP_ENC_WBXML;
		if (b[0] == '<' || b[0] == 0xef || b[0] == ' ' || b[0] == '\t' || b[0] == '\r' ||
		    b[0] == '\n')
			return CSP_ENC_XML;
	}
	if (content_type) {
		for (size_t i = 0; wbxml_types[i]; i++)
			if (ctype_is(content_type, wbxml_types[i]))
				return CSP_ENC_WBXML;
		for (size_t i = 0; xml_types[i]; i++)
			if (ctype_is(content_type, xml_types[i]))
				return CSP_ENC_XML;
	}
	return CSP_ENC_XML;
}

int csp_parse(su_home_t *home, void const *buf, size_t len, char const *content_type,
	      struct csp_msg **msgp, enum csp_encoding *encp, struct csp_error *err)
{
	enum csp_encoding enc = csp_sniff(buf, len, content_type);
	int e;

	if (enc == CSP_ENC_WBXML)
		e = csp_parse_wbxml(home, buf, len, msgp, err);
	else
		e = csp_parse_xml(home, buf, len, msgp, err);
	if (!e && encp)
		*encp = enc;
	return e;
}
