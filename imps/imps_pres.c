/* imps/imps_pres.c: IMPS presence attributes: tables, PresenceSubList <-> struct imps_pres. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "imps/imps_pres.h"

_Static_assert(sizeof(enum csp_bool) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum imps_mood) == sizeof(int), "enums are int-sized");
_Static_assert(IMPS_ATTR_COUNT <= 32, "imps_attr_set has 32 bits");

/* ------------------------------------------------------------------ */
/* Attribute table (DIGEST §4; names as in wv-040 and the token tables). */

static struct imps_attr_info const attr_table[] = {
	{IMPS_ATTR_ONLINE_STATUS, "OnlineStatus", IMPS_KIND_BOOL, 1},
	{IMPS_ATTR_REGISTRATION, "Registration", IMPS_KIND_BOOL, 1},
	{IMPS_ATTR_CLIENT_INFO, "ClientInfo", IMPS_KIND_STRUCT, 1},
	{IMPS_ATTR_TIME_ZONE, "TimeZone", IMPS_KIND_STRUCT, 1},
	{IMPS_ATTR_GEO_LOCATION, "GeoLocation", IMPS_KIND_STRUCT, 1},
	{IMPS_ATTR_ADDRESS, "Address", IMPS_KIND_STRUCT, 0},
	{IMPS_ATTR_FREE_TEXT_LOCATION, "FreeTextLocation", IMPS_KIND_TEXT, 1},
	{IMPS_ATTR_PLMN, "PLMN", IMPS_KIND_TEXT, 1},
	{IMPS_ATTR_COMM_CAP, "CommCap", IMPS_KIND_STRUCT, 1},
	{IMPS_ATTR_USER_AVAILABILITY, "UserAvailability", IMPS_KIND_ENUM, 0},
	{IMPS_ATTR_PREFERRED_CONTACTS, "PreferredContacts", IMPS_KIND_STRUCT, 0},
	{IMPS_ATTR_PREFERRED_LANGUAGE, "PreferredLanguage", IMPS_KIND_TEXT, 0},
	{IMPS_ATTR_STATUS_TEXT, "StatusText", IMPS_KIND_TEXT, 0},
	{IMPS_ATTR_STATUS_MOOD, "StatusMood", IMPS_KIND_ENUM, 0},
	{IMPS_ATTR_ALIAS, "Alias", IMPS_KIND_TEXT, 0},
	{IMPS_ATTR_STATUS_CONTENT, "StatusContent", IMPS_KIND_STRUCT, 0},
	{IMPS_ATTR_CONTACT_INFO, "ContactInfo", IMPS_KIND_STRUCT, 0},
	{IMPS_ATTR_INFO_LINK, "InfoLink", IMPS_KIND_STRUCT, 0},
	/* default row */
	{IMPS_ATTR_UNKNOWN, NULL, IMPS_KIND_NONE, 0},
};

#define N_ATTR_ROWS (sizeof attr_table / sizeof attr_table[0] - 1)
_Static_assert(sizeof attr_table / sizeof attr_table[0] == IMPS_ATTR_COUNT + 1,
	       "one row per attribute plus the default");

struct imps_attr_info const *imps_attr_info(enum imps_attr a)
{
	if ((int)a < 0 || (size_t)a >= N_ATTR_ROWS)
		return &attr_table[N_ATTR_ROWS];
	return &attr_table[a];
}

char const *imps_attr_name(enum imps_attr a)
{
	return imps_attr_info(a)->name;
}

enum imps_attr imps_attr_by_name(char const *name)
{
	if (!name)
		return IMPS_ATTR_UNKNOWN;
	for (size_t i = 0; i < N_ATTR_ROWS; i++)
		if (!strcmp(attr_table[i].name, name))
			return attr_table[i].attr;
	return IMPS_ATTR_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Value tables. Each ends with its default row {0, NULL}. */

struct imps_token {
	int value;
	char const *name;
};

static struct imps_token const avail_table[] = {
	{IMPS_AVAIL_AVAILABLE, "AVAILABLE"},
	{IMPS_AVAIL_DISCREET, "DISCREET"},
	{IMPS_AVAIL_NOT_AVAILABLE, "NOT_AVAILABLE"},
	{IMPS_AVAIL_NONE, NULL},
};

static struct imps_token const client_type_table[] = {
	{IMPS_CLIENT_MOBILE_PHONE, "MOBILE_PHONE"},
	{IMPS_CLIENT_COMPUTER, "COMPUTER"},
	{IMPS_CLIENT_PDA, "PDA"},
	{IMPS_CLIENT_CLI, "CLI"},
	{IMPS_CLIENT_OTHER, "OTHER"},
	{IMPS_CLIENT_NONE, NULL},
};

static struct imps_token const mood_table[] = {
	{IMPS_MOOD_ANGRY, "ANGRY"},
	{IMPS_MOOD_ANXIOUS, "ANXIOUS"},
	{IMPS_MOOD_ASHAMED, "ASHAMED"},
	{IMPS_MOOD_BORED, "BORED"},
	{IMPS_MOOD_EXCITED, "EXCITED"},
	{IMPS_MOOD_HAPPY, "HAPPY"},
	{IMPS_MOOD_IN_LOVE, "IN_LOVE"},
	{IMPS_MOOD_INVINCIBLE, "INVINCIBLE"},
	{IMPS_MOOD_JEALOUS, "JEALOUS"},
	{IMPS_MOOD_SAD, "SAD"},
	{IMPS_MOOD_SLEEPY, "SLEEPY"},
	{IMPS_MOOD_OTHER, "OTHER"},
	{IMPS_MOOD_NONE, NULL},
};

static struct imps_token const cstatus_table[] = {
	{IMPS_CSTATUS_OPEN, "OPEN"},
	{IMPS_CSTATUS_CLOSED, "CLOSED"},
	{IMPS_CSTATUS_NONE, NULL},
};

/* s without leading/trailing white space: start and length. */
static char const *trim(char const *s, size_t *lenp)
{
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		       s[len - 1] == '\n'))
		len--;
	*lenp = len;
	return s;
}

static int token_value(struct imps_token const *t, char const *s)
{
	size_t len;

	if (s)
		s = trim(s, &len);
	for (; t->name; t++)
		if (s && strlen(t->name) == len && !strncasecmp(t->name, s, len))
			return t->value;
	return t->value; /* default row */
}

static char const *token_name(struct imps_token const *t, int v)
{
	for (; t->name; t++)
		if (t->value == v)
			return t->name;
	return NULL;
}

char const *imps_avail_name(enum imps_avail v) { return token_name(avail_table, v); }
enum imps_avail imps_avail_by_name(char const *s) { return token_value(avail_table, s); }
char const *imps_client_type_name(enum imps_client_type v)
{
	return token_name(client_type_table, v);
}
enum imps_client_type imps_client_type_by_name(char const *s)
{
	return token_value(client_type_table, s);
}
char const *imps_mood_name(enum imps_mood v) { return token_name(mood_table, v); }
enum imps_mood imps_mood_by_name(char const *s) { return token_value(mood_table, s); }
char const *imps_cstatus_name(enum imps_cstatus v) { return token_name(cstatus_table, v); }
enum imps_cstatus imps_cstatus_by_name(char const *s) { return token_value(cstatus_table, s); }

int imps_bool_parse(char const *s, enum csp_bool *out)
{
	size_t len;

	if (!s) {
		*out = CSP_ABSENT;
		return 0;
	}
	s = trim(s, &len);
	if (len == 1 && (*s == 'T' || *s == 't')) {
		*out = CSP_T;
		return 0;
	}
	if (len == 1 && (*s == 'F' || *s == 'f')) {
		*out = CSP_F;
		return 0;
	}
	return EPROTO;
}

int imps_uint_parse(char const *s, unsigned long max, long *out)
{
	size_t len;
	unsigned long v = 0;

	if (!s || max > LONG_MAX)
		return EPROTO;
	s = trim(s, &len);
	if (len == 0)
		return EPROTO;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return EPROTO;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return EPROTO;
		v = v * 10 + d;
	}
	*out = (long)v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Field table: how each typed value sits in the tree and in the struct.
 * Rows of one attribute are in emission order. Items of CommC, AddrPref,
 * Inf_link use the same row type with offsets inside the item struct. */

enum pf_type {
	PF_STR,     /* char const *: text of child (""  when empty) */
	PF_BOOL,    /* enum csp_bool from T/F */
	PF_ENUM,    /* int from vt; unknown text is EPROTO */
	PF_MOOD,    /* enum imps_mood + mood_text for unknown values */
	PF_LONG,    /* long, -1 absent; strict decimal <= LONG_MAX */
	PF_NODE,    /* struct csp_node *: copy of the child */
	PF_ARRAY,   /* {item *v; size_t n} of `item` rows */
};

struct pfield {
	enum imps_attr attr;
	char const *child;
	char const *legacy;        /* 1.1 spelling also accepted */
	enum pf_type type;
	size_t off;
	size_t legacy_off;         /* int flag set when `legacy` was used; 0 none */
	struct imps_token const *vt;
	struct pfield const *item; /* PF_ARRAY */
	size_t n_item;
	size_t item_size;
};

#define P(f) offsetof(struct imps_pres, f)
#define ROW(a, child, type, f) {a, child, NULL, type, P(f), 0, NULL, NULL, 0, 0}
#define ROWV(a, child, type, f, vt) {a, child, NULL, type, P(f), 0, vt, NULL, 0, 0}
#define ROWL(a, child, legacy, f, lf) {a, child, legacy, PF_STR, P(f), P(lf), NULL, NULL, 0, 0}
#define ITEM(st, child, type, f, vt) \
	{IMPS_ATTR_UNKNOWN, child, NULL, type, offsetof(st, f), 0, vt, NULL, 0, 0}
#define ARR(a, child, f, items, st) \
	{a, child, NULL, PF_ARRAY, P(f), 0, NULL, items, \
	 sizeof items / sizeof items[0], sizeof(st)}

static struct pfield const commc_fields[] = {
	ITEM(struct imps_commc, "Cap", PF_STR, cap, NULL),
	ITEM(struct imps_commc, "Status", PF_ENUM, status, cstatus_table),
	ITEM(struct imps_commc, "Contact", PF_STR, contact, NULL),
	ITEM(struct imps_commc, "Note", PF_STR, note, NULL),
};

static struct pfield const addrpref_fields[] = {
	ITEM(struct imps_addr_pref, "PrefC", PF_STR, prefc, NULL),
	ITEM(struct imps_addr_pref, "Caddr", PF_STR, caddr, NULL),
	ITEM(struct imps_addr_pref, "Cstatus", PF_ENUM, cstatus, cstatus_table),
	ITEM(struct imps_addr_pref, "Cname", PF_STR, cname, NULL),
	ITEM(struct imps_addr_pref, "Cpriority", PF_LONG, cpriority, NULL),
};

static struct pfield const infolink_fields[] = {
	ITEM(struct imps_info_link, "Link", PF_STR, link, NULL),
	ITEM(struct imps_info_link, "Text", PF_STR, text, NULL),
	ITEM(struct imps_info_link, "ContentType", PF_STR, content_type, NULL),
};

static struct pfield const pres_fields[] = {
	ROW(IMPS_ATTR_ONLINE_STATUS, "PresenceValue", PF_BOOL, online_status),
	ROW(IMPS_ATTR_REGISTRATION, "PresenceValue", PF_BOOL, registration),
	ROW(IMPS_ATTR_CLIENT_INFO, "ClientContentLimit", PF_NODE, client_info.content_limit),
	ROWV(IMPS_ATTR_CLIENT_INFO, "ClientType", PF_ENUM, client_info.type, client_type_table),
	ROW(IMPS_ATTR_CLIENT_INFO, "DevManufacturer", PF_STR, client_info.dev_manufacturer),
	ROW(IMPS_ATTR_CLIENT_INFO, "ClientProducer", PF_STR, client_info.client_producer),
	ROW(IMPS_ATTR_CLIENT_INFO, "Model", PF_STR, client_info.model),
	ROW(IMPS_ATTR_CLIENT_INFO, "ClientVersion", PF_STR, client_info.client_version),
	ROW(IMPS_ATTR_CLIENT_INFO, "Language", PF_STR, client_info.language),
	ROW(IMPS_ATTR_CLIENT_INFO, "ClientIMPriority", PF_LONG, client_info.im_priority),
	ROW(IMPS_ATTR_CLIENT_INFO, "ApplicationID", PF_STR, client_info.application_id),
	ROW(IMPS_ATTR_TIME_ZONE, "Zone", PF_STR, time_zone.zone),
	ROW(IMPS_ATTR_GEO_LOCATION, "Longitude", PF_STR, geo.longitude),
	ROW(IMPS_ATTR_GEO_LOCATION, "Latitude", PF_STR, geo.latitude),
	ROW(IMPS_ATTR_GEO_LOCATION, "Altitude", PF_STR, geo.altitude),
	ROW(IMPS_ATTR_GEO_LOCATION, "Accuracy", PF_STR, geo.accuracy),
	ROW(IMPS_ATTR_ADDRESS, "Country", PF_STR, address.country),
	ROW(IMPS_ATTR_ADDRESS, "City", PF_STR, address.city),
	ROW(IMPS_ATTR_ADDRESS, "Street", PF_STR, address.street),
	ROW(IMPS_ATTR_ADDRESS, "Crossing1", PF_STR, address.crossing1),
	ROW(IMPS_ATTR_ADDRESS, "Crossing2", PF_STR, address.crossing2),
	ROW(IMPS_ATTR_ADDRESS, "Building", PF_STR, address.building),
	ROW(IMPS_ATTR_ADDRESS, "NamedArea", PF_STR, address.named_area),
	ROW(IMPS_ATTR_FREE_TEXT_LOCATION, "PresenceValue", PF_STR, free_text_location),
	ROW(IMPS_ATTR_PLMN, "PresenceValue", PF_STR, plmn),
	ARR(IMPS_ATTR_COMM_CAP, "CommC", comm_cap, commc_fields, struct imps_commc),
	ROWV(IMPS_ATTR_USER_AVAILABILITY, "PresenceValue", PF_ENUM, availability, avail_table),
	ARR(IMPS_ATTR_PREFERRED_CONTACTS, "AddrPref", preferred_contacts, addrpref_fields,
	    struct imps_addr_pref),
	ROW(IMPS_ATTR_PREFERRED_LANGUAGE, "PresenceValue", PF_STR, preferred_language),
	ROW(IMPS_ATTR_STATUS_TEXT, "PresenceValue", PF_STR, status_text),
	ROW(IMPS_ATTR_STATUS_MOOD, "PresenceValue", PF_MOOD, mood),
	ROW(IMPS_ATTR_ALIAS, "PresenceValue", PF_STR, alias),
	ROW(IMPS_ATTR_STATUS_CONTENT, "DirectContent", PF_STR, status_content.direct_content),
	ROWL(IMPS_ATTR_STATUS_CONTENT, "ReferredContent", "PreferredContent",
	     status_content.referred_content, status_content.legacy_name),
	ROW(IMPS_ATTR_STATUS_CONTENT, "ContentType", PF_STR, status_content.content_type),
	ROW(IMPS_ATTR_CONTACT_INFO, "ContainedvCard", PF_STR, contact_info.contained_vcard),
	ROWL(IMPS_ATTR_CONTACT_INFO, "ReferredvCard", "PreferredvCard",
	     contact_info.referred_vcard, contact_info.legacy_name),
	ARR(IMPS_ATTR_INFO_LINK, "Inf_link", info_link, infolink_fields, struct imps_info_link),
};

#define N_PRES_FIELDS (sizeof pres_fields / sizeof pres_fields[0])

/* Typed access through offsets (memcpy keeps it free of aliasing games). */
static void *at(void *base, size_t off) { return (char *)base + off; }
static void const *cat(void const *base, size_t off) { return (char const *)base + off; }

static char const *get_str(void const *b, size_t off)
{
	char const *s;
	memcpy(&s, cat(b, off), sizeof s);
	return s;
}
static void set_str(void *b, size_t off, char const *s) { memcpy(at(b, off), &s, sizeof s); }
static int get_int(void const *b, size_t off)
{
	int v;
	memcpy(&v, cat(b, off), sizeof v);
	return v;
}
static void set_int(void *b, size_t off, int v) { memcpy(at(b, off), &v, sizeof v); }
static long get_long(void const *b, size_t off)
{
	long v;
	memcpy(&v, cat(b, off), sizeof v);
	return v;
}
static void set_long(void *b, size_t off, long v) { memcpy(at(b, off), &v, sizeof v); }
static void *get_ptr(void const *b, size_t off)
{
	void *p;
	memcpy(&p, cat(b, off), sizeof p);
	return p;
}
static void set_ptr(void *b, size_t off, void *p) { memcpy(at(b, off), &p, sizeof p); }
/* Arrays are {T *v; size_t n;}: n follows the pointer. */
#define ARR_N_OFF(off) ((off) + sizeof(void *))
static size_t get_size(void const *b, size_t off)
{
	size_t n;
	memcpy(&n, cat(b, off), sizeof n);
	return n;
}
static void set_size(void *b, size_t off, size_t n) { memcpy(at(b, off), &n, sizeof n); }

/* Default value of a field (absent). */
static void field_reset(void *b, struct pfield const *f)
{
	switch (f->type) {
	case PF_STR:
		set_str(b, f->off, NULL);
		if (f->legacy_off)
			set_int(b, f->legacy_off, 0);
		break;
	case PF_BOOL:
		set_int(b, f->off, CSP_ABSENT);
		break;
	case PF_ENUM:
		set_int(b, f->off, 0);
		break;
	case PF_MOOD:
		set_int(b, f->off, IMPS_MOOD_NONE);
		set_str(b, P(mood_text), NULL);
		break;
	case PF_LONG:
		set_long(b, f->off, -1);
		break;
	case PF_NODE:
	case PF_ARRAY:
		set_ptr(b, f->off, NULL);
		if (f->type == PF_ARRAY)
			set_size(b, ARR_N_OFF(f->off), 0);
		break;
	}
}

static void items_reset(void *item, struct pfield const *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		field_reset(item, &rows[i]);
}

static void attr_reset(struct imps_pres *p, enum imps_attr a)
{
	memset(&p->h[a], 0, sizeof p->h[a]);
	p->h[a].qualifier = CSP_ABSENT;
	for (size_t i = 0; i < N_PRES_FIELDS; i++)
		if (pres_fields[i].attr == a)
			field_reset(p, &pres_fields[i]);
}

struct imps_pres *imps_pres_new(su_home_t *home)
{
	struct imps_pres *p = su_zalloc(home, sizeof *p);

	if (!p)
		return NULL;
	/* attr_reset of every attribute, with one walk of the field table */
	for (int a = 0; a < IMPS_ATTR_COUNT; a++)
		p->h[a].qualifier = CSP_ABSENT;
	for (size_t i = 0; i < N_PRES_FIELDS; i++)
		field_reset(p, &pres_fields[i]);
	return p;
}

/*
 * Results are built in a child home of the caller's (su_home_clone) that is
 * dropped on failure and stays with the caller's home on success. Not
 * su_home_move: sofia-sip 1.12.11 leaks the destination home object when the
 * move has to grow the destination's block table. The child home is
 * preloaded with IMPS_PRES_PRELOAD bytes (struct imps_pres and the first
 * strings) so that most allocations do not each go to malloc.
 */
#define IMPS_PRES_PRELOAD 4096

static su_home_t *tmp_home(su_home_t *home)
{
	su_home_t *tmp = su_home_clone(home, sizeof(su_home_t));

	if (tmp)
		su_home_preload(tmp, 1, IMPS_PRES_PRELOAD);
	return tmp;
}

static void tmp_home_done(su_home_t *tmp, int err)
{
	if (err)
		su_home_unref(tmp);
}

/* ------------------------------------------------------------------ */
/* Tree helpers (local: csp_tree.c has no "append a copy"). */

static int append_copy(su_home_t *home, struct csp_node *parent, struct csp_node const *n)
{
	struct csp_node *c = csp_node_dup(home, n);

	if (!c)
		return ENOMEM;
	c->parent = parent;
	if (parent->last)
		parent->last->next = c;
	else
		parent->child = c;
	parent->last = c;
	return 0;
}

static int ext_add(su_home_t *home, struct imps_ext *e, struct csp_node const *n)
{
	struct csp_node **v;
	struct csp_node *c;

	if (e->n >= IMPS_PRES_MAX_EXT)
		return E2BIG;
	v = su_realloc(home, e->nodes, (e->n + 1) * sizeof *v);
	if (!v)
		return ENOMEM;
	e->nodes = v;
	if (!(c = csp_node_dup(home, n)))
		return ENOMEM;
	v[e->n++] = c;
	return 0;
}

static int ext_equal(struct imps_ext const *a, struct imps_ext const *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!csp_node_equal(a->nodes[i], b->nodes[i]))
			return 0;
	return 1;
}

static int ext_copy(su_home_t *home, struct imps_ext *dst, struct imps_ext const *src)
{
	int err;

	dst->nodes = NULL;
	dst->n = 0;
	for (size_t i = 0; i < src->n; i++)
		if ((err = ext_add(home, dst, src->nodes[i])))
			return err;
	return 0;
}

static char const *dupstr(su_home_t *home, char const *s, int *err)
{
	char const *d;

	if (!s)
		return NULL;
	if (!(d = su_strdup(home, s)))
		*err = ENOMEM;
	return d;
}

/* ------------------------------------------------------------------ */
/* Parsing. */

struct pctx {
	su_home_t *home;
	char const *why;
};

/* Text of an element for a string field: "" when it has none. */
static int take_text(struct pctx *c, struct csp_node const *n, char const **out)
{
	char const *s = su_strdup(c->home, n->text ? n->text : "");

	if (!s)
		return ENOMEM;
	*out = s;
	return 0;
}

static int parse_items(struct pctx *c, void *base, struct pfield const *f,
		       struct csp_node const *parent);

/* Parses child `n` into field f of `base`. Returns 0, EPROTO, ENOMEM, E2BIG;
 * *used is set when the child was consumed (else it goes to extensions). */
static int parse_field(struct pctx *c, void *base, struct pfield const *f,
		       struct csp_node const *n, int *used)
{
	char const *s;
	int err;

	*used = 0;
	switch (f->type) {
	case PF_STR:
		if (get_str(base, f->off))
			return 0; /* a repeat: kept as extension */
		if ((err = take_text(c, n, &s)))
			return err;
		set_str(base, f->off, s);
		if (f->legacy_off)
			set_int(base, f->legacy_off, f->legacy && !strcmp(n->name, f->legacy));
		break;
	case PF_BOOL: {
		enum csp_bool b;
		if (get_int(base, f->off) != CSP_ABSENT)
			return 0;
		if (!n->text)
			return EPROTO;
		if (imps_bool_parse(n->text, &b))
			return EPROTO;
		set_int(base, f->off, b);
		break;
	}
	case PF_ENUM: {
		int v;
		if (get_int(base, f->off) != 0)
			return 0;
		if (!n->text || !(v = token_value(f->vt, n->text)))
			return EPROTO;
		set_int(base, f->off, v);
		break;
	}
	case PF_MOOD: {
		struct imps_pres *p = base;
		if (p->mood != IMPS_MOOD_NONE)
			return 0;
		if (!n->text)
			return EPROTO;
		p->mood = imps_mood_by_name(n->text);
		if (p->mood == IMPS_MOOD_NONE) {
			p->mood = IMPS_MOOD_EXTENSION;
			if ((err = take_text(c, n, &p->mood_text)))
				return err;
		}
		break;
	}
	case PF_LONG: {
		long v;
		if (get_long(base, f->off) != -1)
			return 0;
		if (imps_uint_parse(n->text, LONG_MAX, &v))
			return EPROTO;
		set_long(base, f->off, v);
		break;
	}
	case PF_NODE: {
		struct csp_node *d;
		if (get_ptr(base, f->off))
			return 0;
		if (!(d = csp_node_dup(c->home, n)))
			return ENOMEM;
		set_ptr(base, f->off, d);
		break;
	}
	case PF_ARRAY:
		if (get_ptr(base, f->off))
			return 0;
		if ((err = parse_items(c, base, f, n->parent)))
			return err;
		break;
	}
	*used = 1;
	return 0;
}

/* All children named f->child of `parent` into a new array. */
static int parse_items(struct pctx *c, void *base, struct pfield const *f,
		       struct csp_node const *parent)
{
	size_t n = 0, i = 0;
	char *v;
	struct csp_node const *x;

	for (x = csp_node_find(parent, f->child); x; x = csp_node_next_named(x))
		n++;
	if (n > IMPS_PRES_MAX_ITEMS)
		return E2BIG;
	if (!(v = su_zalloc(c->home, n * f->item_size)))
		return ENOMEM;
	for (x = csp_node_find(parent, f->child); x; x = csp_node_next_named(x), i++) {
		void *item = v + i * f->item_size;
		items_reset(item, f->item, f->n_item);
		for (struct csp_node const *k = x->child; k; k = k->next) {
			if (k->ns)
				continue;
			for (size_t r = 0; r < f->n_item; r++) {
				int used, err;
				if (strcmp(k->name, f->item[r].child))
					continue;
				if ((err = parse_field(c, item, &f->item[r], k, &used)))
					return err;
				break;
			}
		}
	}
	set_ptr(base, f->off, v);
	set_size(base, ARR_N_OFF(f->off), n);
	return 0;
}

static int parse_client_id(su_home_t *home, struct csp_node const *n, struct imps_client_id *id)
{
	int err = 0;
	char const *url = csp_node_text(n, "URL"), *msisdn = csp_node_text(n, "MSISDN");

	id->present = 1;
	if (csp_node_find(n, "URL"))
		id->url = dupstr(home, url ? url : "", &err);
	if (csp_node_find(n, "MSISDN"))
		id->msisdn = dupstr(home, msisdn ? msisdn : "", &err);
	id->text = dupstr(home, n->text, &err);
	return err;
}

static int parse_attr(struct pctx *c, struct imps_pres *p, enum imps_attr a,
		      struct csp_node const *an)
{
	struct imps_attr_hdr *h = &p->h[a];
	int have_q = 0, err;

	h->present = 1;
	for (struct csp_node const *k = an->child; k; k = k->next) {
		int used = 0;

		if (!k->ns && !strcmp(k->name, "Qualifier") && !have_q) {
			enum csp_bool q;
			if (imps_bool_parse(k->text ? k->text : "", &q))
				return EPROTO;
			h->qualifier = q;
			have_q = used = 1;
		} else if (!k->ns && !strcmp(k->name, "ClientID") && !h->client.present) {
			if ((err = parse_client_id(c->home, k, &h->client)))
				return err;
			used = 1;
		} else if (!k->ns) {
			for (size_t i = 0; i < N_PRES_FIELDS; i++) {
				struct pfield const *f = &pres_fields[i];
				if (f->attr != a)
					continue;
				if (strcmp(k->name, f->child) &&
				    !(f->legacy && !strcmp(k->name, f->legacy)))
					continue;
				if ((err = parse_field(c, p, f, k, &used)))
					return err;
				/* array rows consume every item at once: mark the rest */
				if (f->type == PF_ARRAY && !used && get_ptr(p, f->off))
					used = 1;
				break;
			}
		}
		if (!used && (err = ext_add(c->home, &h->ext, k)))
			return err;
	}
	return 0;
}

int imps_pres_from_node_why(su_home_t *home, struct csp_node const *psl,
			    struct imps_pres **out, char const **why)
{
	su_home_t *tmp;
	struct imps_pres *p;
	struct pctx c;
	int err = 0;

	if (!home || !psl || !out)
		return EINVAL;
	if (!(tmp = tmp_home(home)))
		return ENOMEM;
	c.home = tmp;
	c.why = NULL;
	if (!(p = imps_pres_new(tmp))) {
		err = ENOMEM;
		goto out;
	}
	for (struct csp_node const *k = psl->child; k; k = k->next) {
		enum imps_attr a = k->ns ? IMPS_ATTR_UNKNOWN : imps_attr_by_name(k->name);

		if (a == IMPS_ATTR_UNKNOWN || p->h[a].present) {
			if ((err = ext_add(tmp, &p->ext, k)))
				goto out;
			continue;
		}
		if ((err = parse_attr(&c, p, a, k))) {
			if (err == EPROTO)
				c.why = imps_attr_name(a);
			goto out;
		}
	}
	*out = p;
out:
	if (err == EPROTO && why)
		*why = c.why;
	tmp_home_done(tmp, err);
	return err;
}

int imps_pres_from_node(su_home_t *home, struct csp_node const *psl, struct imps_pres **out)
{
	return imps_pres_from_node_why(home, psl, out, NULL);
}

/* ------------------------------------------------------------------ */
/* Building. */

static int add_text(su_home_t *home, struct csp_node *parent, char const *name,
		    char const *text)
{
	/* "" is an empty element; csp_node text is NULL when there is none */
	return csp_node_add_text(home, parent, name, (text && *text) ? text : NULL) ? 0 : ENOMEM;
}

static int emit_items(su_home_t *home, void const *base, struct pfield const *f,
		      struct csp_node *parent);

static int emit_field(su_home_t *home, void const *base, struct pfield const *f,
		      struct csp_node *parent)
{
	char buf[32];

	switch (f->type) {
	case PF_STR: {
		char const *s = get_str(base, f->off);
		int legacy = f->legacy_off && get_int(base, f->legacy_off);
		return s ? add_text(home, parent, legacy ? f->legacy : f->child, s) : 0;
	}
	case PF_BOOL: {
		int b = get_int(base, f->off);
		return b == CSP_ABSENT ? 0 : add_text(home, parent, f->child, b ? "T" : "F");
	}
	case PF_ENUM: {
		char const *s = token_name(f->vt, get_int(base, f->off));
		return s ? add_text(home, parent, f->child, s) : 0;
	}
	case PF_MOOD: {
		struct imps_pres const *p = base;
		char const *s = p->mood == IMPS_MOOD_EXTENSION ? p->mood_text
			: imps_mood_name(p->mood);
		return s ? add_text(home, parent, f->child, s) : 0;
	}
	case PF_LONG: {
		long v = get_long(base, f->off);
		if (v < 0)
			return 0;
		snprintf(buf, sizeof buf, "%ld", v);
		return add_text(home, parent, f->child, buf);
	}
	case PF_NODE: {
		struct csp_node const *n = get_ptr(base, f->off);
		return n ? append_copy(home, parent, n) : 0;
	}
	case PF_ARRAY:
		return emit_items(home, base, f, parent);
	}
	return 0;
}

static int emit_items(su_home_t *home, void const *base, struct pfield const *f,
		      struct csp_node *parent)
{
	char const *v = get_ptr(base, f->off);
	size_t n = get_size(base, ARR_N_OFF(f->off));

	for (size_t i = 0; i < n; i++) {
		struct csp_node *x = csp_node_add(home, parent, f->child);
		int err;
		if (!x)
			return ENOMEM;
		for (size_t r = 0; r < f->n_item; r++)
			if ((err = emit_field(home, v + i * f->item_size, &f->item[r], x)))
				return err;
	}
	return 0;
}

static int emit_client_id(su_home_t *home, struct imps_client_id const *id,
			  struct csp_node *parent)
{
	struct csp_node *n;

	if (!id->present)
		return 0;
	if (!(n = csp_node_add_text(home, parent, "ClientID", id->text)))
		return ENOMEM;
	if (id->url && add_text(home, n, "URL", id->url))
		return ENOMEM;
	if (id->msisdn && add_text(home, n, "MSISDN", id->msisdn))
		return ENOMEM;
	return 0;
}

static int emit_attr(su_home_t *home, struct imps_pres const *p, enum imps_attr a,
		     struct csp_node *psl)
{
	struct imps_attr_hdr const *h = &p->h[a];
	struct csp_node *an = csp_node_add(home, psl, imps_attr_name(a));
	int err;

	if (!an)
		return ENOMEM;
	if (h->qualifier != CSP_ABSENT &&
	    add_text(home, an, "Qualifier", h->qualifier == CSP_T ? "T" : "F"))
		return ENOMEM;
	for (size_t i = 0; i < N_PRES_FIELDS; i++)
		if (pres_fields[i].attr == a && (err = emit_field(home, p, &pres_fields[i], an)))
			return err;
	if ((err = emit_client_id(home, &h->client, an)))
		return err;
	for (size_t i = 0; i < h->ext.n; i++)
		if ((err = append_copy(home, an, h->ext.nodes[i])))
			return err;
	return 0;
}

int imps_pres_to_node(su_home_t *home, struct imps_pres const *p, struct csp_node *parent,
		      struct csp_node **out)
{
	struct csp_node *psl;
	int err;

	if (!home || !p || !parent)
		return EINVAL;
	if (!(psl = csp_node_add(home, parent, "PresenceSubList")))
		return ENOMEM;
	for (int a = 0; a < IMPS_ATTR_COUNT; a++)
		if (p->h[a].present && (err = emit_attr(home, p, a, psl)))
			return err;
	for (size_t i = 0; i < p->ext.n; i++)
		if ((err = append_copy(home, psl, p->ext.nodes[i])))
			return err;
	if (out)
		*out = psl;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attribute-name sets. */

int imps_attr_set_from_node(struct csp_node const *psl, imps_attr_set *out, size_t *n_unknown)
{
	imps_attr_set set = 0;
	size_t unknown = 0;

	if (!out)
		return EINVAL;
	for (struct csp_node const *k = psl ? psl->child : NULL; k; k = k->next) {
		enum imps_attr a = k->ns ? IMPS_ATTR_UNKNOWN : imps_attr_by_name(k->name);
		if (a == IMPS_ATTR_UNKNOWN)
			unknown++;
		else
			set |= IMPS_ATTR_BIT(a);
	}
	*out = set;
	if (n_unknown)
		*n_unknown = unknown;
	return 0;
}

int imps_attr_set_to_node(su_home_t *home, imps_attr_set set, struct csp_node *parent,
			  struct csp_node **out)
{
	struct csp_node *psl;

	if (!home || !parent)
		return EINVAL;
	if (!(psl = csp_node_add(home, parent, "PresenceSubList")))
		return ENOMEM;
	for (int a = 0; a < IMPS_ATTR_COUNT; a++)
		if ((set & IMPS_ATTR_BIT(a)) && !csp_node_add(home, psl, imps_attr_name(a)))
			return ENOMEM;
	if (out)
		*out = psl;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Copy, compare, filter, merge. */

static int field_copy(su_home_t *home, void *dst, void const *src, struct pfield const *f)
{
	int err = 0;

	switch (f->type) {
	case PF_STR:
		set_str(dst, f->off, dupstr(home, get_str(src, f->off), &err));
		if (f->legacy_off)
			set_int(dst, f->legacy_off, get_int(src, f->legacy_off));
		break;
	case PF_BOOL:
	case PF_ENUM:
		set_int(dst, f->off, get_int(src, f->off));
		break;
	case PF_MOOD:
		set_int(dst, f->off, get_int(src, f->off));
		set_str(dst, P(mood_text), dupstr(home, get_str(src, P(mood_text)), &err));
		break;
	case PF_LONG:
		set_long(dst, f->off, get_long(src, f->off));
		break;
	case PF_NODE: {
		struct csp_node const *n = get_ptr(src, f->off);
		struct csp_node *d = n ? csp_node_dup(home, n) : NULL;
		if (n && !d)
			err = ENOMEM;
		set_ptr(dst, f->off, d);
		break;
	}
	case PF_ARRAY: {
		size_t n = get_size(src, ARR_N_OFF(f->off));
		char const *sv = get_ptr(src, f->off);
		char *dv = NULL;
		if (n && !(dv = su_zalloc(home, n * f->item_size)))
			return ENOMEM;
		for (size_t i = 0; i < n && !err; i++)
			for (size_t r = 0; r < f->n_item && !err; r++)
				err = field_copy(home, dv + i * f->item_size,
						 sv + i * f->item_size, &f->item[r]);
		set_ptr(dst, f->off, dv);
		set_size(dst, ARR_N_OFF(f->off), n);
		break;
	}
	}
	return err;
}

static int str_eq(char const *a, char const *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int field_equal(void const *a, void const *b, struct pfield const *f)
{
	switch (f->type) {
	case PF_STR:
		return str_eq(get_str(a, f->off), get_str(b, f->off)) &&
			(!f->legacy_off || get_int(a, f->legacy_off) == get_int(b, f->legacy_off));
	case PF_BOOL:
	case PF_ENUM:
		return get_int(a, f->off) == get_int(b, f->off);
	case PF_MOOD:
		return get_int(a, f->off) == get_int(b, f->off) &&
			(get_int(a, f->off) != IMPS_MOOD_EXTENSION ||
			 str_eq(get_str(a, P(mood_text)), get_str(b, P(mood_text))));
	case PF_LONG:
		return get_long(a, f->off) == get_long(b, f->off);
	case PF_NODE:
		return csp_node_equal(get_ptr(a, f->off), get_ptr(b, f->off));
	case PF_ARRAY: {
		size_t n = get_size(a, ARR_N_OFF(f->off));
		char const *av = get_ptr(a, f->off), *bv = get_ptr(b, f->off);
		if (n != get_size(b, ARR_N_OFF(f->off)))
			return 0;
		for (size_t i = 0; i < n; i++)
			for (size_t r = 0; r < f->n_item; r++)
				if (!field_equal(av + i * f->item_size, bv + i * f->item_size,
						 &f->item[r]))
					return 0;
		return 1;
	}
	}
	return 0;
}

static int client_id_equal(struct imps_client_id const *a, struct imps_client_id const *b)
{
	return a->present == b->present && str_eq(a->url, b->url) &&
		str_eq(a->msisdn, b->msisdn) && str_eq(a->text, b->text);
}

static int attr_copy(su_home_t *home, struct imps_pres *dst, struct imps_pres const *src,
		     enum imps_attr a)
{
	struct imps_attr_hdr *d = &dst->h[a];
	struct imps_attr_hdr const *s = &src->h[a];
	int err = 0;

	attr_reset(dst, a);
	if (!s->present)
		return 0;
	d->present = 1;
	d->qualifier = s->qualifier;
	d->client.present = s->client.present;
	d->client.url = dupstr(home, s->client.url, &err);
	d->client.msisdn = dupstr(home, s->client.msisdn, &err);
	d->client.text = dupstr(home, s->client.text, &err);
	if (!err)
		err = ext_copy(home, &d->ext, &s->ext);
	for (size_t i = 0; i < N_PRES_FIELDS && !err; i++)
		if (pres_fields[i].attr == a)
			err = field_copy(home, dst, src, &pres_fields[i]);
	return err;
}

int imps_pres_equal(struct imps_pres const *a, struct imps_pres const *b)
{
	if (!a || !b)
		return a == b;
	for (int i = 0; i < IMPS_ATTR_COUNT; i++) {
		struct imps_attr_hdr const *x = &a->h[i], *y = &b->h[i];
		if (x->present != y->present)
			return 0;
		if (!x->present)
			continue;
		if (x->qualifier != y->qualifier || !client_id_equal(&x->client, &y->client) ||
		    !ext_equal(&x->ext, &y->ext))
			return 0;
		for (size_t f = 0; f < N_PRES_FIELDS; f++)
			if (pres_fields[f].attr == (enum imps_attr)i &&
			    !field_equal(a, b, &pres_fields[f]))
				return 0;
	}
	return ext_equal(&a->ext, &b->ext);
}

imps_attr_set imps_pres_attrs(struct imps_pres const *p)
{
	imps_attr_set set = 0;

	for (int a = 0; p && a < IMPS_ATTR_COUNT; a++)
		if (p->h[a].present)
			set |= IMPS_ATTR_BIT(a);
	return set;
}

/* Copies `src` attributes of `set` into a new presence; top-level
 * extensions pass when keep(ext node) says so. */
static int copy_some(su_home_t *home, struct imps_pres const *src, imps_attr_set set,
		     int keep_unknown, struct imps_pres **out)
{
	su_home_t *tmp = tmp_home(home);
	struct imps_pres *p;
	int err = 0;

	if (!tmp)
		return ENOMEM;
	if (!(p = imps_pres_new(tmp))) {
		err = ENOMEM;
		goto out;
	}
	for (int a = 0; a < IMPS_ATTR_COUNT && !err; a++)
		if (set & IMPS_ATTR_BIT(a))
			err = attr_copy(tmp, p, src, a);
	for (size_t i = 0; i < src->ext.n && !err; i++) {
		struct csp_node const *n = src->ext.nodes[i];
		enum imps_attr a = n->ns ? IMPS_ATTR_UNKNOWN : imps_attr_by_name(n->name);
		if (a == IMPS_ATTR_UNKNOWN ? keep_unknown : (set & IMPS_ATTR_BIT(a)) != 0)
			err = ext_add(tmp, &p->ext, n);
	}
	if (!err)
		*out = p;
out:
	tmp_home_done(tmp, err);
	return err;
}

struct imps_pres *imps_pres_dup(su_home_t *home, struct imps_pres const *p)
{
	struct imps_pres *d = NULL;

	if (!home || !p || copy_some(home, p, IMPS_ATTR_SET_ALL, 1, &d))
		return NULL;
	return d;
}

int imps_pres_filter(su_home_t *home, struct imps_pres const *in, imps_attr_set set,
		     int keep_unknown, struct imps_pres **out)
{
	if (!home || !in || !out)
		return EINVAL;
	return copy_some(home, in, set, keep_unknown, out);
}

static int same_ext_name(struct csp_node const *a, struct csp_node const *b)
{
	return str_eq(a->name, b->name) && str_eq(a->ns, b->ns);
}

int imps_pres_merge(su_home_t *home, struct imps_pres const *base,
		    struct imps_pres const *update, struct imps_pres **out)
{
	su_home_t *tmp;
	struct imps_pres *p;
	imps_attr_set upd;
	int err = 0;

	if (!home || !base || !update || !out)
		return EINVAL;
	if (!(tmp = tmp_home(home)))
		return ENOMEM;
	if (!(p = imps_pres_new(tmp))) {
		err = ENOMEM;
		goto out;
	}
	upd = imps_pres_attrs(update);
	for (int a = 0; a < IMPS_ATTR_COUNT && !err; a++)
		err = attr_copy(tmp, p, (upd & IMPS_ATTR_BIT(a)) ? update : base, a);
	/* base extensions survive unless the update carries that attribute
	 * (known repeats) or an element of the same name (unknown ones) */
	for (size_t i = 0; i < base->ext.n && !err; i++) {
		struct csp_node const *n = base->ext.nodes[i];
		enum imps_attr a = n->ns ? IMPS_ATTR_UNKNOWN : imps_attr_by_name(n->name);
		int replaced = a != IMPS_ATTR_UNKNOWN && (upd & IMPS_ATTR_BIT(a));
		for (size_t j = 0; j < update->ext.n && !replaced; j++)
			replaced = same_ext_name(n, update->ext.nodes[j]);
		if (!replaced)
			err = ext_add(tmp, &p->ext, n);
	}
	for (size_t j = 0; j < update->ext.n && !err; j++)
		err = ext_add(tmp, &p->ext, update->ext.nodes[j]);
	if (!err)
		*out = p;
out:
	tmp_home_done(tmp, err);
	return err;
}
