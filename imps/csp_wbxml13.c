/* imps/csp_wbxml13.c: table-driven WBXML reader and writer (IMPS 1.3 codec, 1.1/1.2 guard). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp_wbxml13.h"

/* DIGEST §1; the 1.1 literal AOSP writes, and the one libwbxml writes. */
struct csp_wbx_pubid const csp_wbx_pubids[] = {
	{CSP_V11, 0x10, "-//WIRELESSVILLAGE//DTD CSP 1.1//EN"},
	{CSP_V11, 0x10, "-//OMA//DTD WV-CSP 1.1//EN"},
	{CSP_V12, 0x11, "-//OMA//DTD WV-CSP 1.2//EN"},
	{CSP_V13, 0x12, "-//OMA//DTD IMPS-CSP 1.3//EN"},
};
size_t const csp_wbx_npubids = sizeof csp_wbx_pubids / sizeof csp_wbx_pubids[0];

static int wbx_fail(struct csp_error *err, int code, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int wbx_fail(struct csp_error *err, int code, char const *fmt, ...)
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

/* --- lookups --- */

char const *csp_wbx_tag_name(struct csp_wbx_lang const *lang, unsigned code)
{
	size_t lo = 0, hi = lang->ntags;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lang->tags[mid].code == code)
			return lang->tags[mid].name;
		if (lang->tags[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int csp_wbx_tag_code(struct csp_wbx_lang const *lang, char const *name)
{
	size_t lo = 0, hi = lang->ntags;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		struct csp_wbx_tag const *t = &lang->tags[lang->tags_by_name[mid]];
		int c = strcmp(name, t->name);
		if (!c)
			return t->code;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < lang->naliases; i++)
		if (!strcmp(name, lang->aliases[i].name))
			return lang->aliases[i].code;
	return -1;
}

char const *csp_wbx_value_text(struct csp_wbx_lang const *lang, unsigned token)
{
	size_t lo = 0, hi = lang->nvalues;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lang->values[mid].token == token)
			return lang->values[mid].text;
		if (lang->values[mid].token < token)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int csp_wbx_value_token(struct csp_wbx_lang const *lang, char const *text)
{
	size_t lo = 0, hi = lang->nvalues_enc;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		struct csp_wbx_value const *v = &lang->values[lang->values_by_text[mid]];
		int c = strcmp(text, v->text);
		if (!c)
			return v->token;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

unsigned csp_wbx_class_of(char const *name)
{
	size_t lo = 0, hi = csp_wbx_nclasses;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, csp_wbx_classes[mid].name);
		if (!c)
			return csp_wbx_classes[mid].flags;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

enum csp_version csp_wbx_pubid_version(unsigned long token, char const *text)
{
	for (size_t i = 0; i < csp_wbx_npubids; i++) {
		if (text ? !strcmp(text, csp_wbx_pubids[i].text) : token == csp_wbx_pubids[i].token)
			return csp_wbx_pubids[i].version;
	}
	return CSP_V_UNKNOWN;
}

/* --- integers and dates --- */

int csp_wbx_canonical_uint(char const *s, unsigned long *vp)
{
	unsigned long v = 0;
	size_t n = 0;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return 0;
	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 10)
			return 0;
		v = v * 10 + (unsigned long)(s[n] - '0');
	}
	if (v > 0xffffffffUL)
		return 0;
	if (vp)
		*vp = v;
	return 1;
}

static int digits(char const *s, int n, unsigned *vp)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*vp = v;
	return 1;
}

/* Zone letters of the date byte: 'Z' (UTC) and the other military zones; not 'J'. */
static int zone_letter(int c)
{
	return c >= 'A' && c <= 'Z' && c != 'J';
}

static int date_fields_ok(unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

int csp_wbx_datetime_encode(char const *s, unsigned char out[6])
{
	unsigned y, mo, d, h, mi, sec;
	size_t len = s ? strlen(s) : 0;

	if ((len != 15 && len != 16) || s[8] != 'T' || !digits(s, 4, &y) ||
	    !digits(s + 4, 2, &mo) || !digits(s + 6, 2, &d) || !digits(s + 9, 2, &h) ||
	    !digits(s + 11, 2, &mi) || !digits(s + 13, 2, &sec) ||
	    !date_fields_ok(mo, d, h, mi, sec) || (len == 16 && !zone_letter(s[15])))
		return EINVAL;
	out[0] = (unsigned char)(y >> 6);
	out[1] = (unsigned char)(((y & 0x3f) << 2) | (mo >> 2));
	out[2] = (unsigned char)(((mo & 3) << 6) | (d << 1) | (h >> 4));
	out[3] = (unsigned char)(((h & 0xf) << 4) | (mi >> 2));
	out[4] = (unsigned char)(((mi & 3) << 6) | sec);
	out[5] = len == 16 ? (unsigned char)s[15] : 0;
	return 0;
}

int csp_wbx_datetime_decode(unsigned char const in[6], char out[17])
{
	unsigned y = ((unsigned)(in[0] & 0x3f) << 6) | (in[1] >> 2);
	unsigned mo = ((unsigned)(in[1] & 3) << 2) | (in[2] >> 6);
	unsigned d = (in[2] >> 1) & 0x1f;
	unsigned h = ((unsigned)(in[2] & 1) << 4) | (in[3] >> 4);
	unsigned mi = ((unsigned)(in[3] & 0xf) << 2) | (in[4] >> 6);
	unsigned s = in[4] & 0x3f;

	if ((in[0] & 0xc0) || y > 9999 || !date_fields_ok(mo, d, h, mi, s) ||
	    (in[5] && !zone_letter(in[5])))
		return EBADMSG;
	snprintf(out, 17, "%04u%02u%02uT%02u%02u%02u", y, mo, d, h, mi, s);
	if (in[5]) {
		out[15] = (char)in[5];
		out[16] = '\0';
	}
	return 0;
}

/* --- a growable byte buffer (scratch memory, malloc) --- */

struct wbx_buf {
	unsigned char *p;
	size_t len, size;
};

static int buf_reserve(struct wbx_buf *b, size_t more)
{
	size_t need, size;
	unsigned char *p;

	if (more > (size_t)-1 - b->len)
		return ENOMEM;
	need = b->len + more;
	if (need <= b->size)
		return 0;
	size = b->size ? b->size : 256;
	while (size < need)
		size = size > (size_t)-1 / 2 ? need : size * 2;
	p = realloc(b->p, size);
	if (!p)
		return ENOMEM;
	b->p = p;
	b->size = size;
	return 0;
}

static int buf_add(struct wbx_buf *b, void const *data, size_t len)
{
	if (buf_reserve(b, len))
		return ENOMEM;
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

static int buf_byte(struct wbx_buf *b, unsigned c)
{
	unsigned char ch = (unsigned char)c;
	return buf_add(b, &ch, 1);
}

static int buf_mb(struct wbx_buf *b, unsigned long v)
{
	unsigned char tmp[5];
	int n = 0;

	do {
		tmp[4 - n] = (unsigned char)((v & 0x7f) | (n ? 0x80 : 0));
		v >>= 7;
		n++;
	} while (v && n < 5);
	return buf_add(b, tmp + 5 - n, (size_t)n);
}

/* --- header --- */

struct wbx_in {
	unsigned char const *p, *end, *start;
};

static int in_u8(struct wbx_in *in, unsigned *vp)
{
	if (in->p >= in->end)
		return EBADMSG;
	*vp = *in->p++;
	return 0;
}

/* mb_u_int32: at most 5 bytes, value below 2^32. */
static int in_mb(struct wbx_in *in, unsigned long *vp)
{
	unsigned long v = 0;

	for (int i = 0; i < 5; i++) {
		unsigned c;
		if (in_u8(in, &c))
			return EBADMSG;
		if (v > 0x1ffffffUL)
			return EBADMSG;
		v = (v << 7) | (c & 0x7f);
		if (!(c & 0x80)) {
			*vp = v;
			return 0;
		}
	}
	return EBADMSG;
}

/* Charsets whose strings end with one NUL byte and that we can turn into UTF-8. */
static int charset_ok(unsigned long mib)
{
	return mib == 0 || mib == 3 || mib == 4 || mib == CSP_WBX_UTF8;
}

int csp_wbx_header(void const *buf, size_t len, struct csp_wbx_header *h,
		   struct csp_error *err)
{
	struct wbx_in in = {buf, (unsigned char const *)buf + len, buf};
	struct csp_wbx_header hd;
	unsigned long index = 0, tlen;
	unsigned v;

	memset(&hd, 0, sizeof hd);
	if (len > CSP_MAX_BODY)
		return wbx_fail(err, E2BIG, "WBXML body of %zu bytes exceeds %d", len,
				CSP_MAX_BODY);
	if (in_u8(&in, &v))
		return wbx_fail(err, EBADMSG, "empty WBXML document");
	if (v < 1 || v > 3)
		return wbx_fail(err, EBADMSG, "unsupported WBXML version byte 0x%02x", v);
	hd.wbxml_version = v;
	if (in_mb(&in, &hd.pubid))
		return wbx_fail(err, EBADMSG, "truncated or bad public id in WBXML header");
	if (hd.pubid == 0 && in_mb(&in, &index))
		return wbx_fail(err, EBADMSG, "truncated public id index in WBXML header");
	if (in_mb(&in, &hd.charset))
		return wbx_fail(err, EBADMSG, "truncated or bad charset in WBXML header");
	if (!charset_ok(hd.charset))
		return wbx_fail(err, EBADMSG, "unsupported WBXML charset (MIBenum %lu)",
				hd.charset);
	if (in_mb(&in, &tlen))
		return wbx_fail(err, EBADMSG, "truncated or bad string table length");
	if (tlen > (unsigned long)(in.end - in.p))
		return wbx_fail(err, EBADMSG, "string table of %lu bytes exceeds the document",
				tlen);
	hd.doc = buf;
	hd.strtbl = in.p;
	hd.strtbl_len = tlen;
	in.p += tlen;
	hd.body = in.p;
	hd.body_len = (size_t)(in.end - in.p);
	if (hd.pubid == 0) {
		unsigned char const *nul;
		if (index >= tlen)
			return wbx_fail(err, EBADMSG,
					"public id index %lu outside the string table (%lu bytes)",
					index, tlen);
		nul = memchr(hd.strtbl + index, 0, tlen - index);
		if (!nul)
			return wbx_fail(err, EBADMSG, "unterminated public id in the string table");
		hd.pubid_text = (char const *)hd.strtbl + index;
	}
	hd.version = csp_wbx_pubid_version(hd.pubid, hd.pubid_text);
	*h = hd;
	return 0;
}

/* --- reader --- */

struct wbx_frame {
	char const *name;
	unsigned klass;
	size_t chars;          /* characters of text so far */
};

struct wbx_reader {
	struct wbx_in in;
	struct csp_wbx_header const *h;
	struct csp_wbx_lang const *lang;
	struct csp_wbx_sink const *sink;
	void *ctx;
	struct csp_error *err;
	unsigned tag_page, attr_page;
	int depth;
	size_t elements;
	size_t total_text;
	enum csp_version rootv;
	struct wbx_frame stack[CSP_MAX_DEPTH + 1];
	struct wbx_buf text;   /* scratch for one piece of text (UTF-8) */
	struct wbx_buf attr;   /* scratch for one attribute value */
	char name[CSP_WBX_MAX_NAME + 1];
};

static size_t at(struct wbx_reader *r)
{
	return (size_t)(r->in.p - r->in.start);
}

static int rd_fail(struct wbx_reader *r, int code, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rd_fail(struct wbx_reader *r, int code, char const *fmt, ...)
{
	va_list ap;
	char what[120];

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return wbx_fail(r->err, code, "WBXML byte %zu: %s", at(r), what);
}

static int rd_u8(struct wbx_reader *r, unsigned *vp)
{
	if (in_u8(&r->in, vp))
		return rd_fail(r, EBADMSG, "truncated document");
	return 0;
}

static int rd_mb(struct wbx_reader *r, unsigned long *vp)
{
	if (in_mb(&r->in, vp))
		return rd_fail(r, EBADMSG, "truncated or bad mb_u_int32");
	return 0;
}

/*
 * Appends the UTF-8 of code point c to b. Refuses what XML 1.0 cannot carry
 * (NUL and other C0 controls but TAB, LF and CR, surrogates, U+FFFE/U+FFFF,
 * beyond U+10FFFF).
 */
static int put_cp(struct wbx_buf *b, unsigned long c)
{
	unsigned char u[4];
	size_t n;

	if ((c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) ||
	    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff || c > 0x10ffff)
		return EILSEQ;
	if (c < 0x80) {
		u[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (c >> 18));
		u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n) ? ENOMEM : 0;
}

/* Decodes one UTF-8 sequence of s (n bytes left); 0 on a bad sequence. */
static size_t utf8_next(unsigned char const *s, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		len = 4;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

/* Converts string s (n bytes, charset of the document) into UTF-8 appended to b,
 * counting characters. */
static int put_string(struct wbx_reader *r, struct wbx_buf *b, unsigned char const *s,
		      size_t n, size_t *charsp)
{
	size_t chars = 0;

	for (size_t i = 0; i < n;) {
		unsigned long c;
		size_t k;
		int e;

		if (r->h->charset == 4) { /* ISO-8859-1 */
			c = s[i];
			k = 1;
		} else if (!(k = utf8_next(s + i, n - i, &c))) {
			return rd_fail(r, EBADMSG, "invalid UTF-8 in a string");
		} else if (r->h->charset == 3 && c >= 0x80) {
			return rd_fail(r, EBADMSG, "non-ASCII byte in a US-ASCII document");
		}
		if ((e = put_cp(b, c)) == ENOMEM)
			return ENOMEM;
		if (e)
			return rd_fail(r, EBADMSG, "character U+%04lX not allowed", c);
		i += k;
		chars++;
	}
	*charsp += chars;
	return 0;
}

/* The NUL-terminated string at index of the string table. */
static int strtbl_at(struct wbx_reader *r, unsigned long index, unsigned char const **sp,
		     size_t *np)
{
	unsigned char const *nul;

	if (index >= r->h->strtbl_len)
		return rd_fail(r, EBADMSG, "string table index %lu out of range (%zu bytes)",
			       index, r->h->strtbl_len);
	nul = memchr(r->h->strtbl + index, 0, r->h->strtbl_len - index);
	if (!nul)
		return rd_fail(r, EBADMSG, "unterminated string at string table index %lu", index);
	*sp = r->h->strtbl + index;
	*np = (size_t)(nul - *sp);
	return 0;
}

/* STR_I body: up to the NUL, inside the document. */
static int inline_string(struct wbx_reader *r, unsigned char const **sp, size_t *np)
{
	unsigned char const *nul = memchr(r->in.p, 0, (size_t)(r->in.end - r->in.p));

	if (!nul)
		return rd_fail(r, EBADMSG, "unterminated inline string");
	*sp = r->in.p;
	*np = (size_t)(nul - r->in.p);
	r->in.p = nul + 1;
	return 0;
}

/* A LITERAL name: an ASCII XML NCName of bounded length. */
static int literal_name(struct wbx_reader *r, unsigned long index)
{
	unsigned char const *s;
	size_t n;
	int e;

	if ((e = strtbl_at(r, index, &s, &n)))
		return e;
	if (n == 0 || n > CSP_WBX_MAX_NAME)
		return rd_fail(r, EBADMSG, "LITERAL name of %zu bytes", n);
	for (size_t i = 0; i < n; i++) {
		int c = s[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
			 (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
		if (!ok)
			return rd_fail(r, EBADMSG, "LITERAL name is not an XML name");
	}
	memcpy(r->name, s, n);
	r->name[n] = '\0';
	return 0;
}

static int emit_text(struct wbx_reader *r)
{
	int e;

	if (!r->text.len)
		return 0;
	r->total_text += r->text.len;
	if (r->total_text > CSP_MAX_BODY)
		return rd_fail(r, E2BIG, "more than %d bytes of text", CSP_MAX_BODY);
	e = r->sink->text(r->ctx, (char const *)r->text.p, r->text.len);
	r->text.len = 0;
	return e;
}

static int check_chars(struct wbx_reader *r)
{
	if (r->stack[r->depth].chars > CSP_MAX_STRING)
		return rd_fail(r, E2BIG, "text of <%s> exceeds %d characters",
			       r->stack[r->depth].name, CSP_MAX_STRING);
	return 0;
}

static char const b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int put_base64(struct wbx_buf *b, unsigned char const *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)s[i] << 16;
		char q[4];
		if (i + 1 < n)
			v |= (unsigned long)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		if (buf_add(b, q, 4))
			return ENOMEM;
	}
	return 0;
}

/* OPAQUE content: an integer, a date or ContentData bytes, by element class. */
static int opaque_text(struct wbx_reader *r)
{
	struct wbx_frame *f = &r->stack[r->depth];
	unsigned long len;
	unsigned char const *s;
	char tmp[24];
	int e;

	if ((e = rd_mb(r, &len)))
		return e;
	if (len > (unsigned long)(r->in.end - r->in.p))
		return rd_fail(r, EBADMSG, "OPAQUE of %lu bytes exceeds the document", len);
	s = r->in.p;
	r->in.p += len;
	if (f->klass & CSP_WBX_INTDEC) {
		unsigned long v = 0;
		size_t i = 0;
		while (i < len && s[i] == 0)
			i++;
		if (len - i > 4)
			return rd_fail(r, EBADMSG, "OPAQUE integer in <%s> exceeds 32 bits",
				       f->name);
		for (; i < len; i++)
			v = (v << 8) | s[i];
		snprintf(tmp, sizeof tmp, "%lu", v);
		f->chars += strlen(tmp);
		return buf_add(&r->text, tmp, strlen(tmp)) ? ENOMEM : check_chars(r);
	}
	if (f->klass & CSP_WBX_DATETIME) {
		if (len != 6 || csp_wbx_datetime_decode(s, tmp))
			return rd_fail(r, EBADMSG, "bad OPAQUE date in <%s>", f->name);
		f->chars += strlen(tmp);
		return buf_add(&r->text, tmp, strlen(tmp)) ? ENOMEM : check_chars(r);
	}
	if (f->klass & CSP_WBX_BINARY) {
		if (len > (unsigned long)CSP_MAX_STRING / 4 * 3)
			return rd_fail(r, E2BIG, "OPAQUE of %lu bytes in <%s>", len, f->name);
		f->chars += (len + 2) / 3 * 4;
		return put_base64(&r->text, s, len) ? ENOMEM : check_chars(r);
	}
	return rd_fail(r, EBADMSG, "OPAQUE data in <%s>, which is neither integer nor date",
		       f->name);
}

/* One piece of content text (STR_I, STR_T, ENTITY, EXT_T_0, OPAQUE) at token tok. */
static int content_text(struct wbx_reader *r, unsigned tok)
{
	struct wbx_frame *f = &r->stack[r->depth];
	unsigned char const *s = NULL;
	unsigned long v = 0;
	size_t n = 0;
	int e;

	switch (tok) {
	case CSP_WBX_STR_I:
		if ((e = inline_string(r, &s, &n)) ||
		    (e = put_string(r, &r->text, s, n, &f->chars)))
			return e;
		return check_chars(r);
	case CSP_WBX_STR_T:
		if ((e = rd_mb(r, &v)) || (e = strtbl_at(r, v, &s, &n)) ||
		    (e = put_string(r, &r->text, s, n, &f->chars)))
			return e;
		return check_chars(r);
	case CSP_WBX_ENTITY:
		if ((e = rd_mb(r, &v)))
			return e;
		if ((e = put_cp(&r->text, v)) == ENOMEM)
			return ENOMEM;
		if (e)
			return rd_fail(r, EBADMSG, "ENTITY %lu is no XML character", v);
		f->chars++;
		return check_chars(r);
	case CSP_WBX_EXT_T_0: {
		char const *t;
		if ((e = rd_mb(r, &v)))
			return e;
		if (!(t = csp_wbx_value_text(r->lang, (unsigned)v)) || v > 0xff)
			return rd_fail(r, EBADMSG, "unknown value token 0x%02lx", v);
		f->chars += strlen(t);
		return buf_add(&r->text, t, strlen(t)) ? ENOMEM : check_chars(r);
	}
	case CSP_WBX_OPAQUE:
		return opaque_text(r);
	default:
		return rd_fail(r, EBADMSG, "unexpected token 0x%02x", tok);
	}
}

/* Attribute value parts up to the next attribute start or END; into r->attr. */
static int attr_value(struct wbx_reader *r)
{
	size_t chars = 0;

	r->attr.len = 0;
	for (;;) {
		unsigned char const *s = NULL;
		unsigned long v = 0;
		size_t n = 0;
		unsigned tok;
		int e;

		if (r->in.p >= r->in.end)
			return rd_fail(r, EBADMSG, "truncated attribute list");
		tok = *r->in.p;
		if (tok == CSP_WBX_STR_I) {
			r->in.p++;
			if ((e = inline_string(r, &s, &n)) ||
			    (e = put_string(r, &r->attr, s, n, &chars)))
				return e;
		} else if (tok == CSP_WBX_STR_T) {
			r->in.p++;
			if ((e = rd_mb(r, &v)) || (e = strtbl_at(r, v, &s, &n)) ||
			    (e = put_string(r, &r->attr, s, n, &chars)))
				return e;
		} else if (tok == CSP_WBX_ENTITY) {
			r->in.p++;
			if ((e = rd_mb(r, &v)))
				return e;
			if ((e = put_cp(&r->attr, v)))
				return e == ENOMEM ? ENOMEM
						   : rd_fail(r, EBADMSG, "bad ENTITY %lu", v);
		} else if (tok == CSP_WBX_END || tok == CSP_WBX_LITERAL ||
			   tok == CSP_WBX_SWITCH_PAGE || (tok >= 0x05 && tok < 0x80 &&
							 tok != CSP_WBX_EXT_I_0 &&
							 tok != CSP_WBX_EXT_I_0 + 1 &&
							 tok != CSP_WBX_EXT_I_0 + 2 &&
							 tok != CSP_WBX_PI &&
							 tok != CSP_WBX_LITERAL_C)) {
			return 0;
		} else {
			r->in.p++;
			return rd_fail(r, EBADMSG, "unsupported attribute value token 0x%02x", tok);
		}
		if (r->attr.len > CSP_WBX_MAX_ATTR)
			return rd_fail(r, E2BIG, "attribute value exceeds %d bytes",
				       CSP_WBX_MAX_ATTR);
	}
}

/* Reads the attribute list; *nsp is a foreign xmlns URI (in r->attr) or NULL. */
static int attributes(struct wbx_reader *r, char const **nsp, char *ns, size_t nssize)
{
	*nsp = NULL;
	for (;;) {
		char const *prefix = NULL;
		int is_xmlns = 0;
		unsigned tok = 0;
		size_t plen;
		int e;

		if ((e = rd_u8(r, &tok)))
			return e;
		if (tok == CSP_WBX_END)
			return 0;
		if (tok == CSP_WBX_SWITCH_PAGE) {
			if ((e = rd_u8(r, &r->attr_page)))
				return e;
			continue;
		}
		if (tok == CSP_WBX_LITERAL) {
			unsigned long index = 0;
			unsigned char const *s = NULL;
			size_t n = 0;
			if ((e = rd_mb(r, &index)) || (e = strtbl_at(r, index, &s, &n)))
				return e;
			is_xmlns = n == 5 && !memcmp(s, "xmlns", 5);
			prefix = "";
		} else if (tok >= 0x05 && tok < 0x80) {
			for (size_t i = 0; i < csp_wbx_nxmlns; i++)
				if (r->attr_page == 0 && csp_wbx_xmlns_attrs[i].token == tok)
					prefix = csp_wbx_xmlns_attrs[i].prefix;
			if (!prefix)
				return rd_fail(r, EBADMSG,
					       "unknown attribute token 0x%02x (page %u)", tok,
					       r->attr_page);
			is_xmlns = 1;
		} else {
			return rd_fail(r, EBADMSG, "token 0x%02x where an attribute was expected",
				       tok);
		}
		if ((e = attr_value(r)))
			return e;
		if (!is_xmlns)
			continue; /* WV-CSP has no other attributes: ignored */
		plen = strlen(prefix);
		if (plen + r->attr.len + 1 > nssize)
			return rd_fail(r, E2BIG, "xmlns value too long");
		memcpy(ns, prefix, plen);
		if (r->attr.len) /* put_cp lets no NUL in */
			memcpy(ns + plen, r->attr.p, r->attr.len);
		ns[plen + r->attr.len] = '\0';
		if (csp_ns_version(ns) != CSP_V_UNKNOWN && r->depth == 0) {
			/* the root's WV namespace: the public id names the version */
			if (r->rootv == CSP_V_UNKNOWN)
				r->rootv = csp_ns_version(ns);
			*nsp = NULL;
		} else if (*ns) {
			*nsp = ns;
		}
	}
}

static int element(struct wbx_reader *r, unsigned tok);

static int content(struct wbx_reader *r)
{
	for (;;) {
		unsigned tok = 0;
		int e;

		if ((e = rd_u8(r, &tok)))
			return e;
		switch (tok) {
		case CSP_WBX_END:
			return emit_text(r);
		case CSP_WBX_SWITCH_PAGE:
			if ((e = rd_u8(r, &r->tag_page)))
				return e;
			break;
		case CSP_WBX_STR_I:
		case CSP_WBX_STR_T:
		case CSP_WBX_ENTITY:
		case CSP_WBX_EXT_T_0:
		case CSP_WBX_OPAQUE:
			if ((e = content_text(r, tok)))
				return e;
			break;
		case CSP_WBX_PI:
			return rd_fail(r, EBADMSG, "processing instructions are not supported");
		case CSP_WBX_EXT_I_0:
		case CSP_WBX_EXT_I_0 + 1:
		case CSP_WBX_EXT_I_0 + 2:
		case CSP_WBX_EXT_T_0 + 1:
		case CSP_WBX_EXT_T_0 + 2:
		case CSP_WBX_EXT_0:
		case CSP_WBX_EXT_0 + 1:
		case CSP_WBX_EXT_0 + 2:
			return rd_fail(r, EBADMSG, "extension token 0x%02x is not used by WV-CSP",
				       tok);
		default:
			if ((e = emit_text(r)) || (e = element(r, tok)))
				return e;
			break;
		}
	}
}

static int element(struct wbx_reader *r, unsigned tok)
{
	char nsbuf[CSP_WBX_MAX_ATTR + 128];
	char const *name, *ns = NULL;
	char *owned = NULL;
	struct wbx_frame *f;
	int e = 0;

	if ((tok & 0x3f) == CSP_WBX_LITERAL) {
		unsigned long index;
		if ((e = rd_mb(r, &index)) || (e = literal_name(r, index)))
			return e;
		if (!(owned = strdup(r->name)))
			return ENOMEM;
		name = owned;
	} else if ((tok & 0x3f) < 5) {
		return rd_fail(r, EBADMSG, "token 0x%02x where an element was expected", tok);
	} else {
		name = csp_wbx_tag_name(r->lang, (r->tag_page << 8) | (tok & 0x3f));
		if (!name)
			return rd_fail(r, EBADMSG, "unknown tag 0x%02x on code page %u", tok & 0x3f,
				       r->tag_page);
	}
	if (r->depth >= CSP_MAX_DEPTH)
		e = rd_fail(r, E2BIG, "elements nested deeper than %d", CSP_MAX_DEPTH);
	else if (++r->elements > CSP_MAX_ELEMENTS)
		e = rd_fail(r, E2BIG, "more than %d elements", CSP_MAX_ELEMENTS);
	else if (tok & CSP_WBX_HAS_ATTRS)
		e = attributes(r, &ns, nsbuf, sizeof nsbuf);
	if (e)
		goto out;
	r->depth++;
	f = &r->stack[r->depth];
	f->name = name;
	f->klass = csp_wbx_class_of(name);
	f->chars = 0;
	e = r->sink->start(r->ctx, name, ns);
	if (!e && (tok & CSP_WBX_HAS_CONTENT))
		e = content(r);
	if (!e)
		e = r->sink->end(r->ctx);
	r->depth--;
out:
	free(owned);
	return e;
}

int csp_wbx_read(struct csp_wbx_header const *h, struct csp_wbx_lang const *lang,
		 struct csp_wbx_sink const *sink, void *ctx, enum csp_version *rootvp,
		 struct csp_error *err)
{
	struct wbx_reader *r = calloc(1, sizeof *r);
	unsigned tok;
	int e;

	if (!r)
		return ENOMEM;
	r->in.start = h->doc;
	r->in.p = h->body;
	r->in.end = h->body + h->body_len;
	r->h = h;
	r->lang = lang;
	r->sink = sink;
	r->ctx = ctx;
	r->err = err;
	r->stack[0].name = "";
	for (;;) {
		if ((e = rd_u8(r, &tok)))
			goto out;
		if (tok != CSP_WBX_SWITCH_PAGE)
			break;
		if ((e = rd_u8(r, &r->tag_page)))
			goto out;
	}
	if (tok == CSP_WBX_PI) {
		e = rd_fail(r, EBADMSG, "processing instructions are not supported");
		goto out;
	}
	if ((e = element(r, tok)))
		goto out;
	if (r->in.p != r->in.end)
		e = rd_fail(r, EBADMSG, "%zu bytes after the root element",
			    (size_t)(r->in.end - r->in.p));
out:
	if (rootvp)
		*rootvp = r->rootv;
	free(r->text.p);
	free(r->attr.p);
	free(r);
	return e;
}

/* --- writer --- */

struct wbx_wframe {
	size_t tagpos;         /* offset of the tag byte in body */
	int content;           /* something was written inside */
	unsigned klass;
	int wv;                /* the element is in a WV namespace (or none) */
};

struct csp_wbx_writer {
	struct csp_wbx_lang const *lang;
	enum csp_version version;
	enum csp_wbx_style style;
	struct wbx_buf body, strtbl, text;
	unsigned page;
	int depth;
	struct wbx_wframe stack[CSP_MAX_DEPTH + 2];
};

int csp_wbx_writer_new(struct csp_wbx_lang const *lang, enum csp_version v,
		       enum csp_wbx_style style, struct csp_wbx_writer **wp)
{
	struct csp_wbx_writer *w;

	if (!csp_ns(v, 'C'))
		return EINVAL;
	if (!(w = calloc(1, sizeof *w)))
		return ENOMEM;
	w->lang = lang;
	w->version = v;
	w->style = style;
	w->stack[0].wv = 1;
	*wp = w;
	return 0;
}

void csp_wbx_writer_free(struct csp_wbx_writer *w)
{
	if (!w)
		return;
	free(w->body.p);
	free(w->strtbl.p);
	free(w->text.p);
	free(w);
}

/* Index of s in the string table, adding it when new. */
static int strtbl_index(struct csp_wbx_writer *w, char const *s, unsigned long *indexp)
{
	size_t n = strlen(s) + 1;

	for (size_t i = 0; i < w->strtbl.len;) {
		size_t k = strlen((char const *)w->strtbl.p + i) + 1;
		if (k == n && !memcmp(w->strtbl.p + i, s, n)) {
			*indexp = i;
			return 0;
		}
		i += k;
	}
	if (w->strtbl.len + n > CSP_WBX_MAX_STRTBL)
		return E2BIG;
	*indexp = w->strtbl.len;
	return buf_add(&w->strtbl, s, n);
}

static int put_str_i(struct wbx_buf *b, char const *s, size_t n)
{
	if (buf_byte(b, CSP_WBX_STR_I) || buf_add(b, s, n) || buf_byte(b, 0))
		return ENOMEM;
	return 0;
}

static int put_opaque(struct wbx_buf *b, unsigned char const *s, size_t n)
{
	if (buf_byte(b, CSP_WBX_OPAQUE) || buf_mb(b, n) || buf_add(b, s, n))
		return ENOMEM;
	return 0;
}

/* Writes the pending text of the current element. */
static int flush_text(struct csp_wbx_writer *w)
{
	struct wbx_wframe *f = &w->stack[w->depth];
	unsigned long v;
	unsigned char bin[6];
	char *s;
	size_t n = w->text.len;
	int tok, e;

	if (!n)
		return 0;
	if (buf_byte(&w->text, 0))
		return ENOMEM;
	s = (char *)w->text.p;
	w->text.len = 0;
	if (memchr(s, 0, n))
		return EINVAL;
	f->content = 1;
	if (w->style == CSP_WBX_BARE)
		return put_str_i(&w->body, s, n);
	if (((w->style == CSP_WBX_AOSP && (f->klass & CSP_WBX_INT13)) ||
	     (w->style == CSP_WBX_PLAIN && (f->klass & CSP_WBX_INT12))) &&
	    csp_wbx_canonical_uint(s, &v)) {
		int k = v > 0xffffff ? 4 : v > 0xffff ? 3 : v > 0xff ? 2 : 1;
		for (int i = 0; i < k; i++)
			bin[i] = (unsigned char)(v >> (8 * (k - 1 - i)));
		return put_opaque(&w->body, bin, (size_t)k);
	}
	if (w->style == CSP_WBX_AOSP && (f->klass & CSP_WBX_DATETIME) &&
	    !csp_wbx_datetime_encode(s, bin))
		return put_opaque(&w->body, bin, 6);
	if ((tok = csp_wbx_value_token(w->lang, s)) >= 0) {
		if ((e = buf_byte(&w->body, CSP_WBX_EXT_T_0)) || (e = buf_mb(&w->body,
									    (unsigned long)tok)))
			return e;
		return 0;
	}
	return put_str_i(&w->body, s, n);
}

/* The xmlns attribute of a WV namespace as an attribute-start token + STR_I. */
static int put_xmlns(struct csp_wbx_writer *w, char const *uri)
{
	for (size_t i = 0; i < csp_wbx_nxmlns; i++) {
		size_t k = strlen(csp_wbx_xmlns_attrs[i].prefix);
		if (!strncmp(uri, csp_wbx_xmlns_attrs[i].prefix, k)) {
			if (buf_byte(&w->body, csp_wbx_xmlns_attrs[i].token))
				return ENOMEM;
			return uri[k] ? put_str_i(&w->body, uri + k, strlen(uri + k)) : 0;
		}
	}
	return -1;
}

static int w_start(void *ctx, char const *name, char const *ns)
{
	struct csp_wbx_writer *w = ctx;
	struct wbx_wframe *parent = &w->stack[w->depth], *f;
	int foreign, wv, attrs = 0, code, e;
	unsigned long index;

	if ((e = flush_text(w)))
		return e;
	if (w->depth >= CSP_MAX_DEPTH + 1)
		return E2BIG;
	if (w->depth > 0) {
		w->body.p[parent->tagpos] |= CSP_WBX_HAS_CONTENT;
		parent->content = 1;
	}
	wv = ns ? csp_ns_version(ns) != CSP_V_UNKNOWN : parent->wv;
	foreign = ns ? !wv : !parent->wv;
	code = foreign ? -1 : csp_wbx_tag_code(w->lang, name);
	if (code >= 0) {
		if ((unsigned)(code >> 8) != w->page) {
			w->page = (unsigned)code >> 8;
			if ((e = buf_byte(&w->body, CSP_WBX_SWITCH_PAGE)) ||
			    (e = buf_byte(&w->body, w->page)))
				return e;
		}
	}
	w->depth++;
	f = &w->stack[w->depth];
	memset(f, 0, sizeof *f);
	f->wv = wv;
	f->klass = foreign ? 0 : csp_wbx_class_of(name);
	f->tagpos = w->body.len;
	if (code >= 0) {
		if ((e = buf_byte(&w->body, (unsigned)code & 0x3f)))
			return e;
	} else {
		if ((e = strtbl_index(w, name, &index)) ||
		    (e = buf_byte(&w->body, CSP_WBX_LITERAL)) || (e = buf_mb(&w->body, index)))
			return e;
	}
	/* xmlns: a foreign namespace always; a WV one in AOSP style, or to leave a
	 * foreign parent */
	if (ns && (!wv || w->style == CSP_WBX_AOSP || !parent->wv)) {
		attrs = 1;
		e = wv ? put_xmlns(w, ns) : -1;
		if (e < 0) {
			if ((e = strtbl_index(w, "xmlns", &index)) ||
			    (e = buf_byte(&w->body, CSP_WBX_LITERAL)) ||
			    (e = buf_mb(&w->body, index)) ||
			    (e = put_str_i(&w->body, ns, strlen(ns))))
				return e;
		} else if (e) {
			return e;
		}
	}
	if (attrs) {
		w->body.p[f->tagpos] |= CSP_WBX_HAS_ATTRS;
		if ((e = buf_byte(&w->body, CSP_WBX_END)))
			return e;
	}
	return 0;
}

static int w_text(void *ctx, char const *s, size_t len)
{
	struct csp_wbx_writer *w = ctx;

	if (w->depth == 0)
		return EINVAL;
	if (w->text.len + len > (size_t)CSP_MAX_STRING * 4)
		return E2BIG;
	return buf_add(&w->text, s, len);
}

static int w_end(void *ctx)
{
	struct csp_wbx_writer *w = ctx;
	struct wbx_wframe *f = &w->stack[w->depth];
	int e;

	if (w->depth == 0)
		return EINVAL;
	if ((e = flush_text(w)))
		return e;
	if (f->content) {
		w->body.p[f->tagpos] |= CSP_WBX_HAS_CONTENT;
		if ((e = buf_byte(&w->body, CSP_WBX_END)))
			return e;
	}
	w->depth--;
	return 0;
}

struct csp_wbx_sink const csp_wbx_writer_sink = {w_start, w_text, w_end};

int csp_wbx_writer_finish(struct csp_wbx_writer *w, su_home_t *home,
			  unsigned char **outp, size_t *lenp)
{
	struct wbx_buf head = {0};
	unsigned long pubid = 0, index = 0;
	unsigned char *out;
	int e;

	if (w->depth != 0 || !w->body.len)
		return EINVAL;
	for (size_t i = 0; i < csp_wbx_npubids; i++) {
		if (csp_wbx_pubids[i].version == w->version) {
			pubid = csp_wbx_pubids[i].token;
			break;
		}
	}
	/* libwbxml knows no token for 1.2 and writes the literal: so do we in its style */
	if (w->style == CSP_WBX_PLAIN && w->version == CSP_V12) {
		if ((e = strtbl_index(w, "-//OMA//DTD WV-CSP 1.2//EN", &index)))
			goto out;
		pubid = 0;
	}
	if ((e = buf_byte(&head, 0x03)) || (e = buf_mb(&head, pubid)))
		goto out;
	if (pubid == 0 && (e = buf_mb(&head, index)))
		goto out;
	if ((e = buf_mb(&head, CSP_WBX_UTF8)) || (e = buf_mb(&head, w->strtbl.len)) ||
	    (e = buf_add(&head, w->strtbl.p, w->strtbl.len)))
		goto out;
	if (head.len + w->body.len > CSP_MAX_BODY) {
		e = E2BIG;
		goto out;
	}
	if (!(out = su_alloc(home, head.len + w->body.len + 1))) {
		e = ENOMEM;
		goto out;
	}
	memcpy(out, head.p, head.len);
	memcpy(out + head.len, w->body.p, w->body.len);
	out[head.len + w->body.len] = 0;
	*outp = out;
	*lenp = head.len + w->body.len;
	e = 0;
out:
	free(head.p);
	return e;
}
