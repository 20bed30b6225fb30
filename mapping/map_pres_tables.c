/* mapping/map_pres_tables.c: presence mapping tables (attributes, mood, availability), helpers. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_md5.h>

#include "mapping/map_msg.h"
#include "mapping/map_pres.h"
#include "mapping/map_pres_int.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- the attribute table ------------------------------------------------ */

static struct map_pres_attr_row const attr_rows[] = {
	{IMPS_ATTR_ONLINE_STATUS, "tuple \"im\" status/basic (T open, F closed)", MAP_LOSSLESS,
	 MAP_LOSSY, "from PIDF: open when any IM-capable tuple is open; closed when all are"},
	{IMPS_ATTR_REGISTRATION, "tuple \"im\" op:registration-state (T active, F terminated)",
	 MAP_LOSSLESS, MAP_LOSSY, "only OMA clients publish registration-state"},
	{IMPS_ATTR_CLIENT_INFO, "dm:device: caps:devcaps mobility, description", MAP_LOSSY,
	 MAP_LOSSY,
	 "ClientType MOBILE_PHONE <-> mobile, COMPUTER <-> fixed; manufacturer and model become a "
	 "description that is not read back; producer, version, language, priority, "
	 "content limit, application id are lost: PIDF has no place for them"},
	{IMPS_ATTR_TIME_ZONE, "person rpid:time-offset (minutes)", MAP_LOSSLESS, MAP_LOSSLESS,
	 "lossless for zones written +hh:mm; other spellings are normalised; names "
	 "(Europe/Helsinki) are lost: time-offset is a number"},
	{IMPS_ATTR_GEO_LOCATION, "-", MAP_LOST, MAP_LOST,
	 "GEOPRIV (RFC 4119) is not in the PIDF model of this gateway"},
	{IMPS_ATTR_ADDRESS, "-", MAP_LOST, MAP_LOST,
	 "civic location (RFC 5139) is not in the PIDF model of this gateway"},
	{IMPS_ATTR_FREE_TEXT_LOCATION, "person rpid:place-type <other>", MAP_LOSSLESS, MAP_LOSSY,
	 "from PIDF: place types (home, office...) are written as text"},
	{IMPS_ATTR_PLMN, "-", MAP_LOST, MAP_LOST, "PIDF has no network operator element"},
	{IMPS_ATTR_COMM_CAP, "tuple per CommC: op:willingness, contact, note, rpid:class",
	 MAP_LOSSLESS, MAP_LOSSY,
	 "lossless for Caps that are tokens and a Status; IM goes in tuple \"im\"; from "
	 "PIDF only tuples with op:willingness make a CommC"},
	{IMPS_ATTR_USER_AVAILABILITY, "person op:overriding-willingness + rpid:activities",
	 MAP_LOSSLESS, MAP_LOSSY,
	 "AVAILABLE open; DISCREET open + busy; NOT_AVAILABLE closed + away; from PIDF "
	 "activities are folded into the three values"},
	{IMPS_ATTR_PREFERRED_CONTACTS, "tuple per AddrPref: contact + priority, willingness, note",
	 MAP_LOSSLESS, MAP_LOSSY,
	 "lossless for PrefC tokens, URI Caddr and Cpriority 0..1000 (read as thousandths)"},
	{IMPS_ATTR_PREFERRED_LANGUAGE, "xml:lang of the StatusText note", MAP_LOSSY, MAP_LOSSY,
	 "carried only together with StatusText; from PIDF the note's language is taken"},
	{IMPS_ATTR_STATUS_TEXT, "person dm:note", MAP_LOSSLESS, MAP_LOSSLESS,
	 "from PIDF: person note, else the note of an IM tuple, else the document note"},
	{IMPS_ATTR_STATUS_MOOD, "person rpid:mood", MAP_LOSSLESS, MAP_LOSSY,
	 "table; OTHER is <rpid:other/>; extension values go as <rpid:other> text and come "
	 "back as OTHER; rpid moods IMPS lacks become OTHER"},
	{IMPS_ATTR_ALIAS, "person cipid:display-name", MAP_LOSSLESS, MAP_LOSSLESS, ""},
	{IMPS_ATTR_STATUS_CONTENT, "person cipid:icon (URL, or a data: URI)", MAP_LOSSLESS,
	 MAP_LOSSY,
	 "ReferredContent is the URL, DirectContent a base64 data: URI with ContentType if it "
	 "fits PIDF_MAX_STRING; ContentType of a referred icon is lost; rpid:status-icon "
	 "(an XDM document, not an image) is not read"},
	{IMPS_ATTR_CONTACT_INFO, "person cipid:card (URL, or a data: URI)", MAP_LOSSLESS,
	 MAP_LOSSLESS, "ContainedvCard goes as data:text/vcard;base64 when it fits"},
	{IMPS_ATTR_INFO_LINK, "person cipid:homepage", MAP_LOSSY, MAP_LOSSY,
	 "only the first Link; Text and ContentType are lost"},
};

struct map_pres_attr_row const *map_pres_attr_table(size_t *np)
{
	*np = COUNT(attr_rows);
	return attr_rows;
}

/* --- mood --------------------------------------------------------------- */

static struct map_mood_row const mood_rows[] = {
	{IMPS_MOOD_ANGRY, PIDF_MOOD_ANGRY},
	{IMPS_MOOD_ANXIOUS, PIDF_MOOD_ANXIOUS},
	{IMPS_MOOD_ASHAMED, PIDF_MOOD_ASHAMED},
	{IMPS_MOOD_BORED, PIDF_MOOD_BORED},
	{IMPS_MOOD_EXCITED, PIDF_MOOD_EXCITED},
	{IMPS_MOOD_HAPPY, PIDF_MOOD_HAPPY},
	{IMPS_MOOD_IN_LOVE, PIDF_MOOD_IN_LOVE},
	{IMPS_MOOD_INVINCIBLE, PIDF_MOOD_INVINCIBLE},
	{IMPS_MOOD_JEALOUS, PIDF_MOOD_JEALOUS},
	{IMPS_MOOD_SAD, PIDF_MOOD_SAD},
	{IMPS_MOOD_SLEEPY, PIDF_MOOD_SLEEPY},
	/* default row: everything else */
	{IMPS_MOOD_OTHER, PIDF_MOOD_OTHER},
};

struct map_mood_row const *map_pres_mood_table(size_t *np)
{
	*np = COUNT(mood_rows);
	return mood_rows;
}

enum pidf_mood map_mood_imps_to_pidf(enum imps_mood m)
{
	size_t i;

	for (i = 0; i + 1 < COUNT(mood_rows); i++)
		if (mood_rows[i].imps == m)
			return mood_rows[i].pidf;
	return mood_rows[COUNT(mood_rows) - 1].pidf;
}

enum imps_mood map_mood_pidf_to_imps(enum pidf_mood m)
{
	size_t i;

	for (i = 0; i + 1 < COUNT(mood_rows); i++)
		if (mood_rows[i].pidf == m)
			return mood_rows[i].imps;
	return mood_rows[COUNT(mood_rows) - 1].imps;
}

/* --- availability ------------------------------------------------------- */

static struct map_avail_row const avail_rows[] = {
	{IMPS_AVAIL_AVAILABLE, PIDF_BASIC_OPEN, -1},
	/* available, but only discreetly: RPID's word for it is busy */
	{IMPS_AVAIL_DISCREET, PIDF_BASIC_OPEN, PIDF_ACT_BUSY},
	/* IMPS clients show NOT_AVAILABLE as away (AOSP); plain SIP clients read
	 * only activities, and away is RPID's "not reachable" */
	{IMPS_AVAIL_NOT_AVAILABLE, PIDF_BASIC_CLOSED, PIDF_ACT_AWAY},
};

struct map_avail_row const *map_pres_avail_table(size_t *np)
{
	*np = COUNT(avail_rows);
	return avail_rows;
}

static struct map_activity_row const activity_rows[] = {
	{PIDF_ACT_AWAY, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_PERMANENT_ABSENCE, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_SLEEPING, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_VACATION, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_HOLIDAY, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_STEERING, IMPS_AVAIL_NOT_AVAILABLE},
	{PIDF_ACT_BUSY, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_ON_THE_PHONE, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_MEETING, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_APPOINTMENT, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_PERFORMANCE, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_PRESENTATION, IMPS_AVAIL_DISCREET},
	{PIDF_ACT_WORSHIP, IMPS_AVAIL_DISCREET},
	/* default row: meals, shopping, travel, tv, working... say nothing
	 * about availability */
	{PIDF_ACT_OTHER, IMPS_AVAIL_NONE},
};

struct map_activity_row const *map_pres_activity_table(size_t *np)
{
	*np = COUNT(activity_rows);
	return activity_rows;
}

enum imps_avail map_activity_avail(enum pidf_activity a)
{
	size_t i;

	for (i = 0; i + 1 < COUNT(activity_rows); i++)
		if (activity_rows[i].activity == a)
			return activity_rows[i].avail;
	return activity_rows[COUNT(activity_rows) - 1].avail;
}

/* --- time zone ---------------------------------------------------------- */

static int digits(char const **s, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

int map_zone_parse(char const *zone, int *minutes)
{
	char const *s = zone;
	int sign, h, m = 0, nh, v, named = 1;

	if (!s || !minutes)
		return EINVAL;
	while (*s == ' ')
		s++;
	if (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3))
		s += 3;
	else if (*s == 'Z' || *s == 'z')
		s++;
	else
		named = 0;
	while (*s == ' ')
		s++;
	if (*s == '\0') {
		if (!named)
			return EINVAL;
		*minutes = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return EINVAL;
	sign = *s++ == '-' ? -1 : 1;
	nh = digits(&s, 2, &h);
	if (nh == 0)
		return EINVAL;
	if (*s == ':')
		s++;
	if (*s) {
		if (digits(&s, 2, &m) != 2 || m > 59)
			return EINVAL;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return EINVAL;
	v = h * 60 + m;
	if (v > 1440)
		return EINVAL;
	*minutes = sign * v;
	return 0;
}

int map_zone_format(su_home_t *home, int minutes, char const **outp)
{
	char buf[16];
	int a = minutes < 0 ? -minutes : minutes;
	char *s;

	if (!home || !outp || a > 1440)
		return EINVAL;
	snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
	if (!(s = su_strdup(home, buf)))
		return ENOMEM;
	*outp = s;
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

int map_pres_str_ok(char const *s)
{
	size_t n;

	if (!s)
		return 0;
	n = strnlen(s, PIDF_MAX_STRING + 1);
	return n <= PIDF_MAX_STRING && map_utf8_xml_ok(s, n);
}

static int hexdig(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* An RFC 3986 unreserved, gen-delims or sub-delims character. */
static int uri_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '-': case '.': case '_': case '~': case ':': case '/': case '?': case '#': case '@':
	case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
	case ';': case '=':
		return 1;
	default:
		return 0;
	}
}

int map_pres_uri_ok(char const *s)
{
	size_t i;

	if (!map_pres_str_ok(s) || !*s)
		return 0;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (!hexdig(s[i + 1]) || !hexdig(s[i + 2]))
				return 0;
			i += 2;
			continue;
		}
		if (!uri_char(c))
			return 0;
	}
	return 1;
}

int map_pres_token_ok(char const *s)
{
	size_t i;

	if (!s || !*s)
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (i >= 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int map_pres_lang_ok(char const *s)
{
	int n = 0, first = 1;

	if (!s || !*s)
		return 0;
	for (;; s++) {
		char c = *s;
		if (c == '-' || c == '\0') {
			if (n < 1 || n > 8)
				return 0;
			if (!c)
				return 1;
			n = 0;
			first = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (!first && c >= '0' && c <= '9')))
			return 0;
		n++;
	}
}

char *map_pres_class(su_home_t *home, char const *prefix, char const *value)
{
	if (!value)
		return su_strdup(home, prefix);
	return su_strcat_all(home, prefix, "-", value, NULL);
}

int map_pres_class_match(char const *cls, char const *prefix, char const **valuep)
{
	size_t n = strlen(prefix);

	if (!cls || strncmp(cls, prefix, n))
		return 0;
	if (cls[n] == '\0') {
		*valuep = NULL;
		return 1;
	}
	if (cls[n] == '-' && cls[n + 1]) {
		*valuep = cls + n + 1;
		return 1;
	}
	return 0;
}

static int b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=';
}

char *map_pres_data_uri(su_home_t *home, char const *type, char const *b64)
{
	size_t n, k = 0, i;
	char *clean, *uri;

	if (!b64)
		return NULL;
	n = strnlen(b64, PIDF_MAX_STRING + 1);
	if (n > PIDF_MAX_STRING)
		return NULL;
	if (type && (!map_pres_uri_ok(type) || strchr(type, ',')))
		return NULL;
	if (!(clean = su_alloc(home, n + 1)))
		return NULL;
	for (i = 0; i < n; i++) {
		char c = b64[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (!b64_char(c)) {
			su_free(home, clean);
			return NULL;
		}
		clean[k++] = c;
	}
	clean[k] = '\0';
	uri = su_strcat_all(home, "data:", type ? type : "", ";base64,", clean, NULL);
	su_free(home, clean);
	if (uri && !map_pres_uri_ok(uri)) {
		su_free(home, uri);
		uri = NULL;
	}
	return uri;
}

int map_pres_data_uri_split(su_home_t *home, char const *uri, char const **typep,
			    char const **b64p)
{
	char const *comma, *b;
	size_t hn;

	if (!uri || strncasecmp(uri, "data:", 5))
		return 0;
	comma = strchr(uri + 5, ',');
	if (!comma)
		return 0;
	hn = (size_t)(comma - (uri + 5));
	if (hn < 7 || strncasecmp(comma - 7, ";base64", 7))
		return 0;
	for (b = comma + 1; *b; b++)
		if (!b64_char(*b))
			return 0;
	*typep = hn > 7 ? su_strndup(home, uri + 5, hn - 7) : NULL;
	*b64p = su_strdup(home, comma + 1);
	return *b64p && (hn == 7 || *typep);
}

char *map_pres_device_urn(su_home_t *home, char const *entity)
{
	/* RFC 4122 name space ID for URLs */
	static unsigned char const ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
						 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
	unsigned char d[16];
	su_md5_t md5;

	su_md5_init(&md5);
	su_md5_update(&md5, ns_url, sizeof ns_url);
	su_md5_strupdate(&md5, entity);
	su_md5_digest(&md5, d);
	su_md5_deinit(&md5);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x30); /* version 3 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	return su_sprintf(home,
			  "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
			  "%02x%02x%02x%02x%02x%02x",
			  d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
			  d[12], d[13], d[14], d[15]);
}
