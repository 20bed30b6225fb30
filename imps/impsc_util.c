/* imps/impsc_util.c: impsc's pure helpers: command-line words, login digest, addresses, tables. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/base64.h>
#include <sofia-sip/su_md5.h>
#include <nettle/sha1.h>

#include "imps/impsc.h"

int impsc_split(char *line, char **argv, int max, int *argcp)
{
	char *r = line, *w = line;
	int argc = 0;

	if (!line || !argv || !argcp)
		return EINVAL;
	for (;;) {
		char quote = 0;
		char *word;

		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			break;
		if (argc >= max)
			return E2BIG;
		word = w;
		for (; *r; r++) {
			if (quote) {
				if (*r == quote) {
					quote = 0;
					continue;
				}
				if (*r == '\\' && quote == '"' && (r[1] == '"' || r[1] == '\\')) {
					*w++ = *++r;
					continue;
				}
				*w++ = *r;
				continue;
			}
			if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
				break;
			if (*r == '"' || *r == '\'') {
				quote = *r;
				continue;
			}
			if (*r == '\\') {
				if (!r[1])
					return EINVAL;
				*w++ = *++r;
				continue;
			}
			*w++ = *r;
		}
		if (quote)
			return EINVAL;
		if (*r)
			r++;
		*w++ = '\0';
		argv[argc++] = word;
	}
	*argcp = argc;
	return 0;
}

enum digest_alg { ALG_MD5, ALG_SHA1 };

static struct {
	char const *name;
	enum digest_alg alg;
} const digest_names[] = {
	{"MD5", ALG_MD5},
	{"SHA", ALG_SHA1},
	{"SHA1", ALG_SHA1},
	{"SHA-1", ALG_SHA1},
	{NULL, ALG_MD5},
};

int impsc_digest(char const *schema, char const *nonce, char const *password,
		 char *out, size_t size)
{
	uint8_t hash[SHA1_DIGEST_SIZE > SU_MD5_DIGEST_SIZE ? SHA1_DIGEST_SIZE : SU_MD5_DIGEST_SIZE];
	size_t hlen, i;

	if (!schema || !nonce || !password || !out)
		return EINVAL;
	for (i = 0; digest_names[i].name; i++)
		if (!strcasecmp(schema, digest_names[i].name))
			break;
	if (!digest_names[i].name)
		return ENOTSUP;
	if (digest_names[i].alg == ALG_MD5) {
		su_md5_t md5;

		su_md5_init(&md5);
		su_md5_update(&md5, nonce, strlen(nonce));
		su_md5_update(&md5, password, strlen(password));
		su_md5_digest(&md5, hash);
		su_md5_deinit(&md5);
		hlen = SU_MD5_DIGEST_SIZE;
	} else {
		struct sha1_ctx sha;

		sha1_init(&sha);
		sha1_update(&sha, strlen(nonce), (uint8_t const *)nonce);
		sha1_update(&sha, strlen(password), (uint8_t const *)password);
		sha1_digest(&sha, SHA1_DIGEST_SIZE, hash);
		hlen = SHA1_DIGEST_SIZE;
	}
	if (size < BASE64_SIZE(hlen) + 1)
		return E2BIG;
	base64_e(out, (isize_t)size, hash, (isize_t)hlen);
	return 0;
}

/* "wv:" prefix, case-insensitive. */
static int has_wv(char const *s)
{
	return !strncasecmp(s, "wv:", 3);
}

char const *impsc_user_id(su_home_t *home, char const *me, char const *in)
{
	char const *at = me ? strchr(me, '@') : NULL;
	char const *pre = has_wv(in) ? "" : "wv:";

	if (!strchr(in, '@') && at)
		return su_sprintf(home, "%s%s%s", pre, in, at);
	return su_sprintf(home, "%s%s", pre, in);
}

char const *impsc_list_id(su_home_t *home, char const *me, char const *in)
{
	char const *at, *local;
	size_t n;

	if (strchr(in, '/') || strchr(in, '@') || has_wv(in) || !me)
		return su_sprintf(home, "%s%s", has_wv(in) ? "" : "wv:", in);
	local = has_wv(me) ? me + 3 : me;
	at = strchr(local, '@');
	n = at ? (size_t)(at - local) : strlen(local);
	return su_sprintf(home, "wv:%.*s/%s%s", (int)n, local, in, at ? at : "");
}

int impsc_is_list(char const *word, char const **namep)
{
	if (!strncasecmp(word, "list:", 5)) {
		*namep = word + 5;
		return 1;
	}
	*namep = word;
	return strchr(word, '/') != NULL;
}

/* The attribute keys. Keys are what impsc prints; element names are accepted
 * too. Rows with kind NONE only name an attribute (subscribe lists). */
static struct impsc_attr_key const attr_keys[] = {
	{"online", "OnlineStatus", NULL, IMPSC_PV_BOOL},
	{"registration", "Registration", NULL, IMPSC_PV_BOOL},
	{"availability", "UserAvailability", NULL, IMPSC_PV_TOKEN},
	{"status-text", "StatusText", NULL, IMPSC_PV_TEXT},
	{"mood", "StatusMood", NULL, IMPSC_PV_TOKEN},
	{"alias", "Alias", NULL, IMPSC_PV_TEXT},
	{"location", "FreeTextLocation", NULL, IMPSC_PV_TEXT},
	{"language", "PreferredLanguage", NULL, IMPSC_PV_TEXT},
	{"plmn", "PLMN", NULL, IMPSC_PV_TEXT},
	{"comm-cap", "CommCap", NULL, IMPSC_PV_COMMCAP},
	{"client-info", "ClientInfo", NULL, IMPSC_PV_NONE},
	{"client-type", "ClientInfo", "ClientType", IMPSC_PV_CLIENT},
	{"client-producer", "ClientInfo", "ClientProducer", IMPSC_PV_CLIENT},
	{"client-version", "ClientInfo", "ClientVersion", IMPSC_PV_CLIENT},
	{"client-model", "ClientInfo", "Model", IMPSC_PV_CLIENT},
	{"client-manufacturer", "ClientInfo", "DevManufacturer", IMPSC_PV_CLIENT},
	{"client-language", "ClientInfo", "Language", IMPSC_PV_CLIENT},
	{"status-content", "StatusContent", NULL, IMPSC_PV_NONE},
	{"contact-info", "ContactInfo", NULL, IMPSC_PV_NONE},
	{"time-zone", "TimeZone", NULL, IMPSC_PV_NONE},
	{"geo-location", "GeoLocation", NULL, IMPSC_PV_NONE},
	{"address", "Address", NULL, IMPSC_PV_NONE},
	{"preferred-contacts", "PreferredContacts", NULL, IMPSC_PV_NONE},
	{"info-link", "InfoLink", NULL, IMPSC_PV_NONE},
	{NULL, NULL, NULL, IMPSC_PV_NONE},
};

struct impsc_attr_key const *impsc_attr_table(void)
{
	return attr_keys;
}

struct impsc_attr_key const *impsc_attr_lookup(char const *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; attr_keys[i].key; i++)
		if (!strcasecmp(name, attr_keys[i].key))
			return &attr_keys[i];
	/* An element name: the first row of that element without a child. */
	for (size_t i = 0; attr_keys[i].key; i++)
		if (!strcmp(name, attr_keys[i].element) && !attr_keys[i].child)
			return &attr_keys[i];
	return NULL;
}

char const *impsc_attr_key_of(char const *element)
{
	if (!element)
		return NULL;
	for (size_t i = 0; attr_keys[i].key; i++)
		if (!strcmp(element, attr_keys[i].element) && !attr_keys[i].child)
			return attr_keys[i].key;
	return NULL;
}

static struct {
	char const *word;
	char const *value;
} const bools[] = {
	{"T", "T"}, {"F", "F"}, {"true", "T"}, {"false", "F"}, {"yes", "T"}, {"no", "F"},
	{"1", "T"}, {"0", "F"}, {"on", "T"}, {"off", "F"}, {NULL, NULL},
};

char const *impsc_bool(char const *s)
{
	for (size_t i = 0; s && bools[i].word; i++)
		if (!strcasecmp(s, bools[i].word))
			return bools[i].value;
	return NULL;
}

static char const *const event_names[] = {
	[IMPSC_EV_ANY] = "any",
	[IMPSC_EV_NOTIFICATION] = "notifications",
	[IMPSC_EV_MESSAGE] = "messages",
	[IMPSC_EV_AUTH] = "auth",
	[IMPSC_EV_REPORT] = "reports",
	[IMPSC_EV_OTHER] = "other",
};

#define N_EVENTS (sizeof event_names / sizeof event_names[0])

int impsc_event_by_name(char const *s)
{
	for (size_t i = 0; s && i < N_EVENTS; i++)
		if (!strcasecmp(s, event_names[i]))
			return (int)i;
	return -1;
}

char const *impsc_event_name(int ev)
{
	return ev >= 0 && (size_t)ev < N_EVENTS ? event_names[ev] : "?";
}

static struct {
	char const *primitive;
	int event;
} const server_requests[] = {
	{"PresenceNotification-Request", IMPSC_EV_NOTIFICATION},
	{"NewMessage", IMPSC_EV_MESSAGE},
	{"MessageNotification", IMPSC_EV_MESSAGE},
	{"PresenceAuth-Request", IMPSC_EV_AUTH},
	{"DeliveryReport-Request", IMPSC_EV_REPORT},
	{"Disconnect", -1},
	{NULL, IMPSC_EV_OTHER}, /* default row */
};

int impsc_event_of(char const *primitive)
{
	size_t i;

	for (i = 0; server_requests[i].primitive; i++)
		if (primitive && !strcmp(primitive, server_requests[i].primitive))
			break;
	return server_requests[i].event;
}
