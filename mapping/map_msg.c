/* mapping/map_msg.c: message content IMPS <-> SIP: content types, charset, BASE64. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/base64.h>
#include <sofia-sip/su_alloc.h>

#include "mapping/map_msg.h"

/* --- UTF-8 -------------------------------------------------------------- */

/* Decodes one UTF-8 sequence at s[0..n); returns its length (0: invalid). */
static size_t utf8_next(unsigned char const *s, size_t n, unsigned long *cp)
{
	unsigned long c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static int utf8_scan(char const *s, size_t n, int xml)
{
	unsigned char const *p = (unsigned char const *)s;
	size_t i = 0;

	while (i < n) {
		unsigned long c;
		size_t k = utf8_next(p + i, n - i, &c);

		if (!k)
			return 0;
		if (xml && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe ||
			    c == 0xffff))
			return 0;
		i += k;
	}
	return 1;
}

int map_utf8_valid(char const *s, size_t n)
{
	return s != NULL && utf8_scan(s, n, 0);
}

int map_utf8_xml_ok(char const *s, size_t n)
{
	return s != NULL && utf8_scan(s, n, 1);
}

/* --- content types ------------------------------------------------------ */

/* RFC 2045 token: what the parser accepts. */
static int token_2045(unsigned c)
{
	return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?=", (int)c);
}

/* RFC 3261 token: what the builder writes unquoted. */
static int token_3261(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-.!%*_+`'~", (int)c));
}

static char const *skip_ws(char const *p, char const *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static char const *scan_token(char const *p, char const *end)
{
	while (p < end && token_2045((unsigned char)*p))
		p++;
	return p;
}

static char *dup_lower(su_home_t *home, char const *s, size_t n)
{
	char *d = su_strndup(home, s, n);
	size_t i;

	if (d)
		for (i = 0; i < n; i++)
			if (d[i] >= 'A' && d[i] <= 'Z')
				d[i] = (char)(d[i] - 'A' + 'a');
	return d;
}

/* Canonical spelling of a charset value. */
static char const *charset_canon(su_home_t *home, char const *v)
{
	if (!strcasecmp(v, "utf-8"))
		return "UTF-8";
	return su_strdup(home, v);
}

/* A quoted-string at p (p[0] == '"'): unquoted into *outp; returns the end. */
static char const *scan_quoted(su_home_t *home, char const *p, char const *end, char **outp)
{
	char *buf = su_alloc(home, (size_t)(end - p) + 1);
	size_t k = 0;

	if (!buf)
		return NULL;
	for (p++; p < end; p++) {
		unsigned c = (unsigned char)*p;
		if (c == '"') {
			buf[k] = '\0';
			*outp = buf;
			return p + 1;
		}
		if (c == '\\') {
			if (++p >= end)
				break;
			c = (unsigned char)*p;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			break;
		buf[k++] = (char)c;
	}
	return NULL;
}

static int ctype_parse(su_home_t *home, char const *s, struct map_ctype *ct)
{
	char const *p, *end, *t;
	size_t n, i;

	n = strnlen(s, MAP_CTYPE_MAX_INPUT + 1);
	if (n > MAP_CTYPE_MAX_INPUT)
		return E2BIG;
	end = s + n;
	p = skip_ws(s, end);
	t = scan_token(p, end);
	if (t == p)
		return EBADMSG;
	ct->type = dup_lower(home, p, (size_t)(t - p));
	p = skip_ws(t, end);
	if (p >= end || *p != '/')
		return EBADMSG;
	p = skip_ws(p + 1, end);
	t = scan_token(p, end);
	if (t == p)
		return EBADMSG;
	ct->subtype = dup_lower(home, p, (size_t)(t - p));
	if (!ct->type || !ct->subtype)
		return ENOMEM;
	ct->params = su_zalloc(home, MAP_CTYPE_MAX_PARAMS * sizeof ct->params[0]);
	if (!ct->params)
		return ENOMEM;
	p = skip_ws(t, end);
	while (p < end) {
		char *name, *value;

		if (*p != ';')
			return EBADMSG;
		p = skip_ws(p + 1, end);
		if (p == end)
			break; /* a trailing ';' is tolerated */
		t = scan_token(p, end);
		if (t == p)
			return EBADMSG;
		name = dup_lower(home, p, (size_t)(t - p));
		p = skip_ws(t, end);
		if (p >= end || *p != '=')
			return EBADMSG;
		p = skip_ws(p + 1, end);
		if (p < end && *p == '"') {
			p = scan_quoted(home, p, end, &value);
			if (!p)
				return EBADMSG;
		} else {
			t = scan_token(p, end);
			if (t == p)
				return EBADMSG;
			value = su_strndup(home, p, (size_t)(t - p));
			p = t;
		}
		if (!name || !value)
			return ENOMEM;
		p = skip_ws(p, end);
		if (!strcmp(name, "charset")) {
			if (ct->charset)
				return EBADMSG;
			if (ct->nparams + 1 > MAP_CTYPE_MAX_PARAMS)
				return E2BIG;
			if (!(ct->charset = charset_canon(home, value)))
				return ENOMEM;
			continue;
		}
		for (i = 0; i < ct->nparams; i++)
			if (!strcmp(ct->params[i].name, name))
				return EBADMSG;
		if (ct->nparams + (ct->charset != NULL) + 1 > MAP_CTYPE_MAX_PARAMS)
			return E2BIG;
		ct->params[ct->nparams].name = name;
		ct->params[ct->nparams].value = value;
		ct->nparams++;
	}
	return 0;
}

int map_ctype_parse(su_home_t *home, char const *s, struct map_ctype **outp)
{
	su_home_t *tmp;
	struct map_ctype *ct;
	int rc;

	if (!home || !s || !outp)
		return EINVAL;
	if (!(tmp = su_home_clone(home, sizeof *tmp)))
		return ENOMEM;
	ct = su_zalloc(tmp, sizeof *ct);
	rc = ct ? ctype_parse(tmp, s, ct) : ENOMEM;
	/* the result stays in a child home of the caller's; not su_home_move:
	 * sofia-sip 1.12.11 leaks the destination home when a move grows it */
	if (rc)
		su_home_unref(tmp);
	if (!rc)
		*outp = ct;
	return rc;
}

static int all_2045(char const *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!token_2045((unsigned char)*s))
			return 0;
	return 1;
}

/* Appends ";name=value" to buf (size MAP_CTYPE_MAX_INPUT + 1) at *k. */
static int put_param(char *buf, size_t *k, char const *name, char const *value)
{
	size_t need, i;
	int quote = !*value;
	char const *v;

	if (!all_2045(name))
		return EINVAL;
	need = 2 + strlen(name) + strlen(value);
	for (v = value; *v; v++) {
		unsigned c = (unsigned char)*v;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return EINVAL;
		if (!token_3261(c))
			quote = 1;
		if (c == '"' || c == '\\')
			need++;
	}
	if (quote)
		need += 2;
	if (*k + need > MAP_CTYPE_MAX_INPUT)
		return E2BIG;
	buf[(*k)++] = ';';
	for (i = 0; name[i]; i++)
		buf[(*k)++] = name[i];
	buf[(*k)++] = '=';
	if (quote)
		buf[(*k)++] = '"';
	for (v = value; *v; v++) {
		if (quote && (*v == '"' || *v == '\\'))
			buf[(*k)++] = '\\';
		buf[(*k)++] = *v;
	}
	if (quote)
		buf[(*k)++] = '"';
	return 0;
}

static int ctype_format(su_home_t *home, struct map_ctype const *ct, char **outp)
{
	char buf[MAP_CTYPE_MAX_INPUT + 1];
	size_t k, i;
	int rc;

	if (!all_2045(ct->type) || !all_2045(ct->subtype))
		return EINVAL;
	k = strlen(ct->type) + 1 + strlen(ct->subtype);
	if (k > MAP_CTYPE_MAX_INPUT)
		return E2BIG;
	strcpy(buf, ct->type);
	strcat(buf, "/");
	strcat(buf, ct->subtype);
	for (i = 0; i < ct->nparams; i++)
		if (!ct->params[i].name || !ct->params[i].value)
			return EINVAL;
	if (ct->charset && (rc = put_param(buf, &k, "charset", ct->charset)))
		return rc;
	for (i = 0; i < ct->nparams; i++)
		if ((rc = put_param(buf, &k, ct->params[i].name, ct->params[i].value)))
			return rc;
	buf[k] = '\0';
	if (!(*outp = su_strdup(home, buf)))
		return ENOMEM;
	return 0;
}

static int ctype_same(struct map_ctype const *a, struct map_ctype const *b)
{
	size_t i;

	if (strcasecmp(a->type, b->type) || strcasecmp(a->subtype, b->subtype) ||
	    !a->charset != !b->charset || (a->charset && strcasecmp(a->charset, b->charset)) ||
	    a->nparams != b->nparams)
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (strcasecmp(a->params[i].name, b->params[i].name) ||
		    strcmp(a->params[i].value, b->params[i].value))
			return 0;
	return 1;
}

int map_ctype_format(su_home_t *home, struct map_ctype const *ct, char **outp)
{
	su_home_t *tmp;
	struct map_ctype *back = NULL;
	char *s = NULL;
	int rc;

	if (!home || !ct || !outp || !ct->type || !ct->subtype || (ct->nparams && !ct->params) ||
	    ct->nparams > MAP_CTYPE_MAX_PARAMS)
		return EINVAL;
	if (!(tmp = su_home_new(sizeof *tmp)))
		return ENOMEM;
	rc = ctype_format(tmp, ct, &s);
	/* never hand out what does not parse back to the same thing */
	if (!rc && (rc = map_ctype_parse(tmp, s, &back)) == 0 && !ctype_same(ct, back))
		rc = EINVAL;
	if (rc == EBADMSG)
		rc = EINVAL;
	if (!rc && !(*outp = su_strdup(home, s)))
		rc = ENOMEM;
	su_home_unref(tmp);
	return rc;
}

/* --- BASE64 ------------------------------------------------------------- */

static int b64_char(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}

/* Strict check of base64 text (white space allowed between characters,
 * padding optional but only at the end); the letters go to `clean`. */
static int b64_check(char const *s, size_t n, char *clean, size_t *decoded)
{
	size_t count = 0, pad = 0, i, k = 0;

	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			if (++pad > 2)
				return EBADMSG;
		} else if (pad || !b64_char(c)) {
			return EBADMSG;
		} else {
			count++;
		}
		clean[k++] = (char)c;
	}
	clean[k] = '\0';
	if (count % 4 == 1 || (pad && (count + pad) % 4 != 0))
		return EBADMSG;
	*decoded = count / 4 * 3 + (count % 4 ? count % 4 - 1 : 0);
	return 0;
}

static int b64_decode(su_home_t *home, char const *s, size_t n, char **outp, size_t *lenp,
		      char const **reason)
{
	char *clean, *out;
	size_t len;
	int rc;

	if (n > BASE64_SIZE(MAP_IM_MAX_BODY) * 2) {
		*reason = "content too large";
		return E2BIG;
	}
	if (!(clean = su_alloc(home, n + 1)))
		return ENOMEM;
	if ((rc = b64_check(s, n, clean, &len))) {
		*reason = "ContentData is not valid base64";
		return rc;
	}
	if (len > MAP_IM_MAX_BODY) {
		*reason = "content too large";
		return E2BIG;
	}
	if (!(out = su_alloc(home, len + 1)))
		return ENOMEM;
	if ((size_t)base64_d(out, len + 1, clean) != len) {
		*reason = "ContentData is not valid base64";
		return EBADMSG;
	}
	out[len] = '\0';
	*outp = out;
	*lenp = len;
	return 0;
}

/* --- translation -------------------------------------------------------- */

static int is_utf8_name(char const *cs)
{
	return cs && !strcasecmp(cs, "utf-8");
}

static int imps_to_sip(su_home_t *tmp, struct map_im const *in, struct map_im *out,
		       char const **reason)
{
	struct map_ctype *ct;
	char const *bytes = in->data ? in->data : "";
	size_t n = in->data ? in->len : 0;
	char *data, *cts;
	int rc;

	if ((rc = map_ctype_parse(tmp, in->content_type ? in->content_type : "text/plain", &ct))) {
		*reason = "ContentType is not a media type";
		return rc;
	}
	if (!ct->charset && in->charset && !(ct->charset = charset_canon(tmp, in->charset)))
		return ENOMEM;
	if (in->encoding == MAP_IM_ENC_BASE64) {
		char *dec;
		if ((rc = b64_decode(tmp, bytes, n, &dec, &n, reason)))
			return rc;
		bytes = dec;
		/* decoded text bytes: keep their charset, or say UTF-8 when they are */
		if (!strcmp(ct->type, "text") && !ct->charset && map_utf8_valid(bytes, n))
			ct->charset = "UTF-8";
	} else {
		if (n > MAP_IM_MAX_BODY) {
			*reason = "content too large";
			return E2BIG;
		}
		/* XML text is Unicode: it goes out as UTF-8, whatever was named */
		if (!map_utf8_valid(bytes, n)) {
			*reason = "ContentData is not UTF-8 text";
			return EBADMSG;
		}
		if (!strcmp(ct->type, "text") || ct->charset)
			ct->charset = "UTF-8";
	}
	if ((rc = map_ctype_format(tmp, ct, &cts))) {
		*reason = "ContentType cannot be written as a SIP Content-Type";
		return rc == EINVAL ? EBADMSG : rc;
	}
	if (!(data = su_alloc(tmp, n + 1)))
		return ENOMEM;
	memcpy(data, bytes, n);
	data[n] = '\0';
	out->content_type = cts;
	out->charset = ct->charset ? su_strdup(tmp, ct->charset) : NULL;
	out->encoding = MAP_IM_ENC_NONE;
	out->data = data;
	out->len = n;
	if (ct->charset && !out->charset)
		return ENOMEM;
	return 0;
}

static int sip_to_imps(su_home_t *tmp, struct map_im const *in, struct map_im *out,
		       char const **reason)
{
	struct map_ctype *ct;
	char const *bytes = in->data ? in->data : "";
	size_t n = in->data ? in->len : 0;
	char *data, *cts;
	int rc, plain;

	if (in->encoding != MAP_IM_ENC_NONE) {
		*reason = "a SIP body is bytes, not base64";
		return EINVAL;
	}
	if (n > MAP_IM_MAX_BODY) {
		*reason = "content too large";
		return E2BIG;
	}
	if ((rc = map_ctype_parse(tmp, in->content_type ? in->content_type : "text/plain", &ct))) {
		*reason = "Content-Type is not a media type";
		return rc;
	}
	if (!ct->charset && in->charset && !(ct->charset = charset_canon(tmp, in->charset)))
		return ENOMEM;
	plain = !strcmp(ct->type, "text") &&
		(!ct->charset || is_utf8_name(ct->charset) ||
		 !strcasecmp(ct->charset, "us-ascii")) &&
		map_utf8_xml_ok(bytes, n);
	if (plain) {
		size_t i;
		/* US-ASCII that is not ASCII is mislabelled: keep it as bytes */
		if (ct->charset && !strcasecmp(ct->charset, "us-ascii"))
			for (i = 0; i < n && plain; i++)
				plain = (unsigned char)bytes[i] < 0x80;
	}
	if (plain) {
		ct->charset = NULL; /* the XML document carries the text */
		if (!(data = su_alloc(tmp, n + 1)))
			return ENOMEM;
		memcpy(data, bytes, n);
		data[n] = '\0';
		out->encoding = MAP_IM_ENC_NONE;
		out->len = n;
	} else {
		size_t size = BASE64_SIZE(n) + 1;
		if (!(data = su_alloc(tmp, size)))
			return ENOMEM;
		base64_e(data, size, (void *)bytes, n);
		out->encoding = MAP_IM_ENC_BASE64;
		out->len = strlen(data);
	}
	if ((rc = map_ctype_format(tmp, ct, &cts))) {
		*reason = "Content-Type cannot be written as an IMPS ContentType";
		return rc == EINVAL ? EBADMSG : rc;
	}
	out->content_type = cts;
	out->charset = ct->charset ? su_strdup(tmp, ct->charset) : NULL;
	out->data = data;
	if (ct->charset && !out->charset)
		return ENOMEM;
	return 0;
}

typedef int translate_fn(su_home_t *, struct map_im const *, struct map_im *, char const **);

static int translate(su_home_t *home, struct map_im const *in, struct map_im **outp,
		     char const **reason, translate_fn *fn)
{
	char const *dummy;
	su_home_t *tmp;
	struct map_im *out;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !in || !outp ||
	    (in->encoding != MAP_IM_ENC_NONE && in->encoding != MAP_IM_ENC_BASE64)) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if (!(tmp = su_home_clone(home, sizeof *tmp)))
		return ENOMEM;
	out = su_zalloc(tmp, sizeof *out);
	rc = out ? fn(tmp, in, out, reason) : ENOMEM;
	/* the result stays in a child home of the caller's; not su_home_move:
	 * sofia-sip 1.12.11 leaks the destination home when a move grows it */
	if (rc)
		su_home_unref(tmp);
	if (!rc)
		*outp = out;
	return rc;
}

int map_im_imps_to_sip(su_home_t *home, struct map_im const *imps, struct map_im **sipp,
		       char const **reason)
{
	return translate(home, imps, sipp, reason, imps_to_sip);
}

int map_im_sip_to_imps(su_home_t *home, struct map_im const *sip, struct map_im **impsp,
		       char const **reason)
{
	return translate(home, sip, impsp, reason, sip_to_imps);
}
