/* mapping/map_addr.c: parse, normalise and translate wv: and sip: addresses (see map_addr.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_addr.h"

/* Which side's character rules apply to a user part. */
enum addr_side {
	SIDE_IMPS,
	SIDE_SIP,
};

/* Character classes (ASCII only; every octet >= 0x80 is escaped on both sides). */
static char const mark_chars[] = "-_.!~*'()";       /* RFC 3261 / RFC 2396 mark */
static char const imps_extra_chars[] = "+";          /* raw in IMPS user ids besides marks */
static char const sip_user_unreserved[] = "&=+$,;?/"; /* RFC 3261 user-unreserved */
/* What may follow the host in a SIP URI: paramchar, hname/hvalue and the
 * structure characters (escapes checked separately). */
static char const sip_tail_chars[] = "-_.!~*'()[]/:&+$?;=";

static char const hex_lower[] = "0123456789abcdef";
static char const hex_upper[] = "0123456789ABCDEF";

static int in_set(unsigned c, char const *set)
{
	return c != 0 && c < 0x80 && strchr(set, (int)c) != NULL;
}

static int is_lower(unsigned c)
{
	return c >= 'a' && c <= 'z';
}

static int is_upper(unsigned c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned c)
{
	return is_lower(c) || is_upper(c) || is_digit(c);
}

static int hex_value(unsigned c)
{
	if (is_digit(c))
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/* Raw in the canonical IMPS form. */
static int imps_raw_out(unsigned c)
{
	return is_lower(c) || is_digit(c) || in_set(c, mark_chars) || in_set(c, imps_extra_chars);
}

/* Accepted raw in IMPS input (upper case is folded). */
static int imps_raw_in(unsigned c)
{
	return imps_raw_out(c) || is_upper(c);
}

/* Raw in a SIP user part, input and canonical form alike. */
static int sip_raw(unsigned c)
{
	return is_alnum(c) || in_set(c, mark_chars) || in_set(c, sip_user_unreserved);
}

/* A user part or resource as octets. */
struct addr_part {
	unsigned char o[MAP_ADDR_MAX_PART];
	size_t len;
};

/* An address as octets and a lower-case domain. */
struct addr_raw {
	struct addr_part user;
	struct addr_part res;
	int has_res;
	char domain[MAP_ADDR_MAX_DOMAIN + 1];
};

/* Decodes s[0..n) written by the rules of `side` into octets. */
static int part_decode(char const *s, size_t n, enum addr_side side, struct addr_part *out,
		       char const **reason)
{
	size_t i;

	out->len = 0;
	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		unsigned o;

		if (c == '%') {
			int hi, lo;
			if (i + 2 >= n) {
				*reason = "truncated %-escape";
				return EINVAL;
			}
			hi = hex_value((unsigned char)s[i + 1]);
			lo = hex_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0) {
				*reason = "invalid %-escape";
				return EINVAL;
			}
			o = (unsigned)(hi * 16 + lo);
			if (o == 0) {
				*reason = "escaped NUL octet";
				return EINVAL;
			}
			i += 2;
		} else if (side == SIDE_IMPS && imps_raw_in(c)) {
			o = is_upper(c) ? c - 'A' + 'a' : c;
		} else if (side == SIDE_SIP && sip_raw(c)) {
			o = c;
		} else {
			*reason = side == SIDE_IMPS ? "character not allowed in an IMPS user id"
						    : "character not allowed in a SIP user part";
			return EINVAL;
		}
		if (out->len >= MAP_ADDR_MAX_PART) {
			*reason = "user part too long";
			return EINVAL;
		}
		out->o[out->len++] = (unsigned char)o;
	}
	return 0;
}

/* Encodes octets in the canonical form of `side`, allocated in home. */
static char *part_encode(su_home_t *home, struct addr_part const *p, enum addr_side side)
{
	char buf[3 * MAP_ADDR_MAX_PART + 1];
	size_t i, k = 0;

	for (i = 0; i < p->len; i++) {
		unsigned c = p->o[i];
		int raw = side == SIDE_IMPS ? imps_raw_out(c) : sip_raw(c);
		char const *hex = side == SIDE_IMPS ? hex_lower : hex_upper;

		if (raw) {
			buf[k++] = (char)c;
		} else {
			buf[k++] = '%';
			buf[k++] = hex[c >> 4];
			buf[k++] = hex[c & 15];
		}
	}
	buf[k] = '\0';
	return su_strdup(home, buf);
}

/* Validates and lower-cases a DNS domain s[0..n) into out. */
static int domain_check(char const *s, size_t n, char out[MAP_ADDR_MAX_DOMAIN + 1],
			char const **reason)
{
	size_t i, label = 0;

	if (n == 0) {
		*reason = "empty domain";
		return EINVAL;
	}
	if (n > MAP_ADDR_MAX_DOMAIN) {
		*reason = "domain too long";
		return EINVAL;
	}
	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0) {
				*reason = "empty label in domain";
				return EINVAL;
			}
			if (s[i - 1] == '-') {
				*reason = "domain label ends with '-'";
				return EINVAL;
			}
			label = 0;
		} else if (is_alnum(c) || c == '-') {
			if (c == '-' && label == 0) {
				*reason = "domain label starts with '-'";
				return EINVAL;
			}
			if (++label > 63) {
				*reason = "domain label longer than 63";
				return EINVAL;
			}
		} else {
			*reason = "character not allowed in a domain";
			return EINVAL;
		}
		out[i] = (char)(is_upper(c) ? c - 'A' + 'a' : c);
	}
	if (label == 0) {
		*reason = "empty label in domain";
		return EINVAL;
	}
	if (s[n - 1] == '-') {
		*reason = "domain label ends with '-'";
		return EINVAL;
	}
	out[n] = '\0';
	return 0;
}

/* Length of s if it is at most MAP_ADDR_MAX_INPUT bytes, else EINVAL. */
static int input_len(char const *s, size_t *np, char const **reason)
{
	size_t n;

	if (!s) {
		*reason = "no address";
		return EINVAL;
	}
	n = strnlen(s, MAP_ADDR_MAX_INPUT + 1);
	if (n > MAP_ADDR_MAX_INPUT) {
		*reason = "address too long";
		return EINVAL;
	}
	*np = n;
	return 0;
}

static int prefix_ci(char const *s, size_t n, char const *prefix)
{
	size_t i, k = strlen(prefix);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		unsigned c = (unsigned char)s[i];
		if ((is_upper(c) ? c - 'A' + 'a' : c) != (unsigned char)prefix[i])
			return 0;
	}
	return 1;
}

static int wv_parse_raw(char const *in, char const *default_domain, struct addr_raw *a,
			char const **reason)
{
	char const *at, *slash, *end;
	size_t n;
	int rc;

	if ((rc = input_len(in, &n, reason)))
		return rc;
	end = in + n;
	if (prefix_ci(in, n, "wv:"))
		in += 3;
	at = memchr(in, '@', (size_t)(end - in));
	if (at) {
		if ((rc = domain_check(at + 1, (size_t)(end - at - 1), a->domain, reason)))
			return rc;
	} else {
		size_t dn;
		if (!default_domain) {
			*reason = "no domain and no default domain";
			return EINVAL;
		}
		dn = strnlen(default_domain, MAP_ADDR_MAX_DOMAIN + 1);
		if ((rc = domain_check(default_domain, dn, a->domain, reason)))
			return rc;
		at = end;
	}
	slash = memchr(in, '/', (size_t)(at - in));
	a->has_res = slash != NULL;
	if (!slash)
		slash = at;
	if (slash == in) {
		*reason = "empty user part";
		return EINVAL;
	}
	if ((rc = part_decode(in, (size_t)(slash - in), SIDE_IMPS, &a->user, reason)))
		return rc;
	a->res.len = 0;
	if (a->has_res) {
		if (slash + 1 == at) {
			*reason = "empty contact list or group name";
			return EINVAL;
		}
		if ((rc = part_decode(slash + 1, (size_t)(at - slash - 1), SIDE_IMPS, &a->res,
				      reason)))
			return rc;
	}
	return 0;
}

/* Checks what follows the host of a SIP URI (parameters, headers). */
static int sip_tail_check(char const *s, size_t n, char const **reason)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n || hex_value((unsigned char)s[i + 1]) < 0 ||
			    hex_value((unsigned char)s[i + 2]) < 0) {
				*reason = "invalid %-escape in URI parameters";
				return EINVAL;
			}
			i += 2;
		} else if (!is_alnum(c) && !in_set(c, sip_tail_chars)) {
			*reason = "character not allowed in URI parameters";
			return EINVAL;
		}
	}
	return 0;
}

static int sip_parse_raw(char const *in, struct addr_raw *a, char const **reason)
{
	char const *at, *host, *hend, *end, *p;
	size_t n;
	int rc;

	if ((rc = input_len(in, &n, reason)))
		return rc;
	end = in + n;
	if (prefix_ci(in, n, "sips:")) {
		*reason = "sips: has no IMPS form";
		return EINVAL;
	}
	if (!prefix_ci(in, n, "sip:")) {
		*reason = "not a sip: URI";
		return EINVAL;
	}
	in += 4;
	at = memchr(in, '@', (size_t)(end - in));
	if (!at || at == in) {
		*reason = "no user part";
		return EINVAL;
	}
	if (memchr(in, ':', (size_t)(at - in))) {
		*reason = "password in URI";
		return EINVAL;
	}
	host = at + 1;
	if (host < end && *host == '[') {
		*reason = "IPv6 host has no IMPS form";
		return EINVAL;
	}
	for (hend = host; hend < end && *hend != ';' && *hend != '?'; hend++)
		;
	p = memchr(host, ':', (size_t)(hend - host));
	if (p) {
		*reason = "port has no IMPS form";
		return EINVAL;
	}
	if ((rc = domain_check(host, (size_t)(hend - host), a->domain, reason)))
		return rc;
	if ((rc = sip_tail_check(hend, (size_t)(end - hend), reason)))
		return rc;
	if ((rc = part_decode(in, (size_t)(at - in), SIDE_SIP, &a->user, reason)))
		return rc;
	a->has_res = 0;
	a->res.len = 0;
	return 0;
}

static char *wv_string(su_home_t *home, struct addr_raw const *a)
{
	char *user = part_encode(home, &a->user, SIDE_IMPS);
	char *res = a->has_res ? part_encode(home, &a->res, SIDE_IMPS) : NULL;
	char *s = NULL;

	if (user && (!a->has_res || res))
		s = su_sprintf(home, "wv:%s%s%s@%s", user, a->has_res ? "/" : "",
			       a->has_res ? res : "", a->domain);
	su_free(home, user);
	su_free(home, res);
	return s;
}

static char *sip_string(su_home_t *home, struct addr_raw const *a)
{
	char *user = part_encode(home, &a->user, SIDE_SIP);
	char *s = user ? su_sprintf(home, "sip:%s@%s", user, a->domain) : NULL;

	su_free(home, user);
	return s;
}

static int raw_equal(struct addr_raw const *a, struct addr_raw const *b)
{
	return a->user.len == b->user.len && !memcmp(a->user.o, b->user.o, a->user.len) &&
	       a->has_res == b->has_res && a->res.len == b->res.len &&
	       !memcmp(a->res.o, b->res.o, a->res.len) && !strcmp(a->domain, b->domain);
}

int map_addr_wv_parse(su_home_t *home, char const *in, char const *default_domain,
		      struct map_wv_addr **outp, char const **reason)
{
	char const *dummy;
	struct addr_raw a;
	struct map_wv_addr *out;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !outp) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if ((rc = wv_parse_raw(in, default_domain, &a, reason)))
		return rc;
	out = su_zalloc(home, sizeof *out);
	if (!out)
		return ENOMEM;
	out->user = part_encode(home, &a.user, SIDE_IMPS);
	out->resource = a.has_res ? part_encode(home, &a.res, SIDE_IMPS) : NULL;
	out->domain = su_strdup(home, a.domain);
	if (!out->user || !out->domain || (a.has_res && !out->resource)) {
		su_free(home, (void *)out->user);
		su_free(home, (void *)out->resource);
		su_free(home, (void *)out->domain);
		su_free(home, out);
		return ENOMEM;
	}
	*outp = out;
	return 0;
}

int map_addr_wv_format(su_home_t *home, struct map_wv_addr const *in, char **outp,
		       char const **reason)
{
	char const *dummy;
	struct addr_raw a, back;
	size_t n;
	char *s;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !in || !outp || !in->user || !in->domain) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	n = strnlen(in->user, MAP_ADDR_MAX_INPUT + 1);
	if (n == 0) {
		*reason = "empty user part";
		return EINVAL;
	}
	if ((rc = part_decode(in->user, n, SIDE_IMPS, &a.user, reason)))
		return rc;
	a.has_res = in->resource != NULL;
	a.res.len = 0;
	if (a.has_res) {
		n = strnlen(in->resource, MAP_ADDR_MAX_INPUT + 1);
		if (n == 0) {
			*reason = "empty contact list or group name";
			return EINVAL;
		}
		if ((rc = part_decode(in->resource, n, SIDE_IMPS, &a.res, reason)))
			return rc;
	}
	n = strnlen(in->domain, MAP_ADDR_MAX_DOMAIN + 1);
	if ((rc = domain_check(in->domain, n, a.domain, reason)))
		return rc;
	s = wv_string(home, &a);
	if (!s)
		return ENOMEM;
	/* Never hand out a string that does not parse back to the same parts. */
	if (wv_parse_raw(s, NULL, &back, reason) || !raw_equal(&a, &back)) {
		su_free(home, s);
		*reason = "address does not survive a round trip";
		return EINVAL;
	}
	*outp = s;
	return 0;
}

int map_addr_wv_normalize(su_home_t *home, char const *in, char const *default_domain,
			  char **outp, char const **reason)
{
	char const *dummy;
	struct addr_raw a;
	char *s;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !outp) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if ((rc = wv_parse_raw(in, default_domain, &a, reason)))
		return rc;
	if (!(s = wv_string(home, &a)))
		return ENOMEM;
	*outp = s;
	return 0;
}

int map_addr_sip_normalize(su_home_t *home, char const *in, char **outp, char const **reason)
{
	char const *dummy;
	struct addr_raw a;
	char *s;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !outp) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if ((rc = sip_parse_raw(in, &a, reason)))
		return rc;
	if (!(s = sip_string(home, &a)))
		return ENOMEM;
	*outp = s;
	return 0;
}

int map_addr_wv_to_sip(su_home_t *home, char const *wv, char const *default_domain,
		       char **sipp, char const **reason)
{
	char const *dummy;
	struct addr_raw a;
	char *s;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !sipp) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if ((rc = wv_parse_raw(wv, default_domain, &a, reason)))
		return rc;
	if (a.has_res) {
		*reason = "a contact list or group address has no SIP user form";
		return EINVAL;
	}
	if (!(s = sip_string(home, &a)))
		return ENOMEM;
	*sipp = s;
	return 0;
}

int map_addr_sip_to_wv(su_home_t *home, char const *sip, char **wvp, char const **reason)
{
	char const *dummy;
	struct addr_raw a;
	char *s;
	int rc;

	if (!reason)
		reason = &dummy;
	if (!home || !wvp) {
		*reason = "invalid arguments";
		return EINVAL;
	}
	if ((rc = sip_parse_raw(sip, &a, reason)))
		return rc;
	if (!(s = wv_string(home, &a)))
		return ENOMEM;
	*wvp = s;
	return 0;
}
