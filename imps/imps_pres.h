/* imps/imps_pres.h: typed IMPS presence attributes (PresenceSubList) <-> csp_node tree. */
#ifndef IWF_IMPS_PRES_H
#define IWF_IMPS_PRES_H

#include <stddef.h>
#include <stdint.h>
#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"

/*
 * The presence attributes of the WV-CSP PA (DIGEST §4). The enum order is
 * the element order of the 1.1 DTD examples (wv-040), which is also the
 * order imps_pres_to_node() writes them in. InfoLink is 1.2 (token 0x0538
 * in the 1.2/1.3 tables, structure from Baraza cspmessages.def).
 * ClientContentLimit and ClientIMPriority are children of ClientInfo
 * (1.2/1.3), not attributes of their own; Cstatus is a child of AddrPref.
 */
enum imps_attr {
	IMPS_ATTR_UNKNOWN = -1,       /* default row of the lookups */
	IMPS_ATTR_ONLINE_STATUS = 0,  /* OnlineStatus: PresenceValue T/F */
	IMPS_ATTR_REGISTRATION,       /* Registration: PresenceValue T/F */
	IMPS_ATTR_CLIENT_INFO,        /* ClientInfo: structured */
	IMPS_ATTR_TIME_ZONE,          /* TimeZone: Zone */
	IMPS_ATTR_GEO_LOCATION,       /* GeoLocation: Longitude, Latitude, ... */
	IMPS_ATTR_ADDRESS,            /* Address: Country, City, ... */
	IMPS_ATTR_FREE_TEXT_LOCATION, /* FreeTextLocation: PresenceValue text */
	IMPS_ATTR_PLMN,               /* PLMN: PresenceValue text */
	IMPS_ATTR_COMM_CAP,           /* CommCap: CommC* */
	IMPS_ATTR_USER_AVAILABILITY,  /* UserAvailability: PresenceValue enum */
	IMPS_ATTR_PREFERRED_CONTACTS, /* PreferredContacts: AddrPref* */
	IMPS_ATTR_PREFERRED_LANGUAGE, /* PreferredLanguage: PresenceValue text */
	IMPS_ATTR_STATUS_TEXT,        /* StatusText: PresenceValue text */
	IMPS_ATTR_STATUS_MOOD,        /* StatusMood: PresenceValue enum (+unknown kept) */
	IMPS_ATTR_ALIAS,              /* Alias: PresenceValue text */
	IMPS_ATTR_STATUS_CONTENT,     /* StatusContent: DirectContent | ReferredContent */
	IMPS_ATTR_CONTACT_INFO,       /* ContactInfo: ContainedvCard | ReferredvCard */
	IMPS_ATTR_INFO_LINK,          /* InfoLink (1.2): Inf_link* */
	IMPS_ATTR_COUNT
};

/* How an attribute's value is carried. */
enum imps_attr_kind {
	IMPS_KIND_NONE = 0,
	IMPS_KIND_BOOL,    /* PresenceValue T/F */
	IMPS_KIND_ENUM,    /* PresenceValue from a value table */
	IMPS_KIND_TEXT,    /* PresenceValue free text */
	IMPS_KIND_STRUCT,  /* own child elements */
};

struct imps_attr_info {
	enum imps_attr attr;
	char const *name;         /* element name, e.g. "OnlineStatus" */
	enum imps_attr_kind kind;
	int client_specific;      /* may carry a ClientID and repeat per client (1.2) */
};

/* Table row of an attribute; the default row (attr IMPS_ATTR_UNKNOWN,
 * name NULL) for anything out of range. Never NULL. */
struct imps_attr_info const *imps_attr_info(enum imps_attr a);
/* Element name of an attribute, NULL for IMPS_ATTR_UNKNOWN / out of range. */
char const *imps_attr_name(enum imps_attr a);
/* Attribute of an element name (exact, case-sensitive as XML is);
 * IMPS_ATTR_UNKNOWN when it is none. */
enum imps_attr imps_attr_by_name(char const *name);

/* --- attribute-name sets (requests: subscribe / get / auth lists) --- */

/* One bit per enum imps_attr: bit (1u << attr). */
typedef uint32_t imps_attr_set;
#define IMPS_ATTR_BIT(a) ((imps_attr_set)1u << (a))
#define IMPS_ATTR_SET_ALL (IMPS_ATTR_BIT(IMPS_ATTR_COUNT) - 1u)

/*
 * Reads the attribute names under a PresenceSubList node (each child names
 * one attribute; values, if any, are ignored). Foreign-namespace and unknown
 * names are skipped and counted in *n_unknown (may be NULL) so that a server
 * can answer 750. `psl` NULL gives the empty set.
 * Returns 0 (never fails otherwise); EINVAL when out is NULL.
 */
int imps_attr_set_from_node(struct csp_node const *psl, imps_attr_set *out,
			    size_t *n_unknown);
/*
 * Creates <PresenceSubList> under `parent` with one empty element per
 * attribute of `set`, in enum order. *out (may be NULL) receives the new node.
 * Errors: EINVAL (parent NULL), ENOMEM.
 */
int imps_attr_set_to_node(su_home_t *home, imps_attr_set set, struct csp_node *parent,
			  struct csp_node **out);

/* --- values --- */

/* ClientID as used in CSP: URL and/or MSISDN children (1.1 DTD), or bare
 * text from lenient clients. All NULL and present 0 when absent. */
struct imps_client_id {
	int present;            /* the ClientID element appears */
	char const *url;        /* URL child */
	char const *msisdn;     /* MSISDN child */
	char const *text;       /* bare text content (non-standard) */
};

enum imps_avail {
	IMPS_AVAIL_NONE = 0,    /* no PresenceValue */
	IMPS_AVAIL_AVAILABLE,
	IMPS_AVAIL_DISCREET,
	IMPS_AVAIL_NOT_AVAILABLE,
};

enum imps_client_type {
	IMPS_CLIENT_NONE = 0,   /* no ClientType */
	IMPS_CLIENT_MOBILE_PHONE,
	IMPS_CLIENT_COMPUTER,
	IMPS_CLIENT_PDA,
	IMPS_CLIENT_CLI,
	IMPS_CLIENT_OTHER,
};

/* StatusMood values of the 1.2/1.3 value token tables (0x5B..0x74). */
enum imps_mood {
	IMPS_MOOD_NONE = 0,     /* no PresenceValue */
	IMPS_MOOD_ANGRY,
	IMPS_MOOD_ANXIOUS,
	IMPS_MOOD_ASHAMED,
	IMPS_MOOD_BORED,
	IMPS_MOOD_EXCITED,
	IMPS_MOOD_HAPPY,
	IMPS_MOOD_IN_LOVE,
	IMPS_MOOD_INVINCIBLE,
	IMPS_MOOD_JEALOUS,
	IMPS_MOOD_SAD,
	IMPS_MOOD_SLEEPY,
	IMPS_MOOD_OTHER,
	IMPS_MOOD_EXTENSION,    /* a value not in the table: see mood_text */
};

/* Status of a CommC / Cstatus of an AddrPref. */
enum imps_cstatus {
	IMPS_CSTATUS_NONE = 0,
	IMPS_CSTATUS_OPEN,
	IMPS_CSTATUS_CLOSED,
};

/* Value tables (enum <-> token). Lookups return the NONE value / NULL for
 * unknown input; value parsing trims white space and ignores case. */
char const *imps_avail_name(enum imps_avail v);
enum imps_avail imps_avail_by_name(char const *s);
char const *imps_client_type_name(enum imps_client_type v);
enum imps_client_type imps_client_type_by_name(char const *s);
char const *imps_mood_name(enum imps_mood v);
enum imps_mood imps_mood_by_name(char const *s);
char const *imps_cstatus_name(enum imps_cstatus v);
enum imps_cstatus imps_cstatus_by_name(char const *s);
/* "T"/"F" tolerant of white space and case; CSP_ABSENT for NULL; returns
 * EPROTO for anything else (out untouched). */
int imps_bool_parse(char const *s, enum csp_bool *out);
/* Strict unsigned decimal: optional surrounding white space, digits only
 * (no sign, no hex), value <= max (max <= LONG_MAX). EPROTO otherwise (also
 * for NULL/empty), out untouched. */
int imps_uint_parse(char const *s, unsigned long max, long *out);

/* A list of foreign / unknown child elements kept verbatim (deep copies,
 * parent NULL), re-emitted after the known children. */
struct imps_ext {
	struct csp_node **nodes;
	size_t n;
};

/* What every attribute carries. */
struct imps_attr_hdr {
	int present;                 /* the attribute element appears */
	enum csp_bool qualifier;     /* Qualifier: T, F (no valid value), or absent */
	struct imps_client_id client; /* ClientID (1.2 client-specific attributes) */
	struct imps_ext ext;         /* unknown/foreign children of the attribute */
};

struct imps_commc {
	char const *cap;             /* CALL, SMS, MMS, IM, EMAIL, ... (kept verbatim) */
	enum imps_cstatus status;
	char const *contact;
	char const *note;
};

struct imps_addr_pref {
	char const *prefc;           /* PrefC: CALL, SMS, IM, ... */
	char const *caddr;
	enum imps_cstatus cstatus;
	char const *cname;
	long cpriority;              /* Cpriority; -1 when absent */
};

struct imps_info_link {
	char const *link;
	char const *text;
	char const *content_type;
};

/*
 * A PresenceSubList. Strings are NULL when absent; they live in the home
 * the structure was made in. A typed value is only meaningful when the
 * attribute is present; with Qualifier F it is normally absent (never
 * invented by this code).
 */
struct imps_pres {
	struct imps_attr_hdr h[IMPS_ATTR_COUNT];

	enum csp_bool online_status;       /* OnlineStatus PresenceValue */
	enum csp_bool registration;        /* Registration PresenceValue */
	enum imps_avail availability;      /* UserAvailability */
	char const *status_text;           /* StatusText */
	enum imps_mood mood;               /* StatusMood */
	char const *mood_text;             /* StatusMood value when mood == EXTENSION */
	char const *alias;                 /* Alias */
	char const *free_text_location;    /* FreeTextLocation */
	char const *plmn;                  /* PLMN */
	char const *preferred_language;    /* PreferredLanguage */

	struct {
		enum imps_client_type type;
		char const *dev_manufacturer;
		char const *client_producer;
		char const *model;
		char const *client_version;
		char const *language;
		char const *application_id;   /* 1.2 ApplicationID */
		long im_priority;             /* 1.2 ClientIMPriority; -1 when absent */
		struct csp_node *content_limit; /* 1.2 ClientContentLimit, kept as a tree */
	} client_info;

	struct {
		char const *zone;
	} time_zone;

	struct {
		char const *longitude, *latitude, *altitude, *accuracy;
	} geo;

	struct {
		char const *country, *city, *street, *crossing1, *crossing2,
			*building, *named_area;
	} address;

	struct {
		struct imps_commc *v;
		size_t n;
	} comm_cap;

	struct {
		struct imps_addr_pref *v;
		size_t n;
	} preferred_contacts;

	struct {
		char const *direct_content;   /* DirectContent (base64 text, kept as is) */
		char const *referred_content; /* ReferredContent (1.1: PreferredContent) URL */
		char const *content_type;     /* ContentType */
		int legacy_name;              /* referred URL came as 1.1 PreferredContent */
	} status_content;

	struct {
		char const *contained_vcard;  /* ContainedvCard */
		char const *referred_vcard;   /* ReferredvCard (1.1: PreferredvCard) */
		int legacy_name;              /* came as 1.1 PreferredvCard */
	} contact_info;

	struct {
		struct imps_info_link *v;
		size_t n;
	} info_link;

	/* Unknown attribute elements and further instances of an attribute
	 * that already appeared (1.2 per-client repeats), in document order. */
	struct imps_ext ext;
};

/* Limits on one PresenceSubList (beyond them: E2BIG). */
#define IMPS_PRES_MAX_ITEMS 64       /* CommC / AddrPref / Inf_link per attribute */
#define IMPS_PRES_MAX_EXT 64         /* kept extension elements per level */

/*
 * Reads a PresenceSubList element into a new struct imps_pres allocated in
 * `home` (strings copied). Qualifier and T/F values are tolerant of white
 * space and case. Unknown attributes and unknown/foreign children are kept
 * as extensions (copies), not errors.
 * Errors: EINVAL (NULL args), EPROTO (an invalid value of a typed field,
 * Qualifier included; if `why` is not NULL it receives the element name of
 * the attribute at fault, a static string, for a 751 "Invalid presence
 * value" Description), E2BIG, ENOMEM.
 * *out is written only on success.
 */
int imps_pres_from_node(su_home_t *home, struct csp_node const *presence_sub_list,
			struct imps_pres **out);
int imps_pres_from_node_why(su_home_t *home, struct csp_node const *presence_sub_list,
			    struct imps_pres **out, char const **why);

/*
 * Writes <PresenceSubList> under `parent` (attributes in enum order, then
 * extensions). *out (may be NULL) receives the new PresenceSubList node.
 * Errors: EINVAL, ENOMEM.
 */
int imps_pres_to_node(su_home_t *home, struct imps_pres const *p, struct csp_node *parent,
		      struct csp_node **out);

/* A new, empty presence (nothing present, numbers -1) in `home`; NULL on ENOMEM. */
struct imps_pres *imps_pres_new(su_home_t *home);
/* Deep copy into `home`; NULL on ENOMEM. */
struct imps_pres *imps_pres_dup(su_home_t *home, struct imps_pres const *p);

/* The set of attributes present in p (known ones; extensions not counted). */
imps_attr_set imps_pres_attrs(struct imps_pres const *p);

/*
 * New copy of `in` with only the attributes of `set` (used to notify only the
 * subscribed and authorised attributes). Unknown attribute extensions are
 * dropped unless keep_unknown is set; repeats of a known attribute follow
 * that attribute. Returns 0 or ENOMEM/EINVAL.
 */
int imps_pres_filter(su_home_t *home, struct imps_pres const *in, imps_attr_set set,
		     int keep_unknown, struct imps_pres **out);

/* 1 when a and b carry the same attributes and values (including extensions,
 * compared with csp_node_equal), else 0. */
int imps_pres_equal(struct imps_pres const *a, struct imps_pres const *b);

/*
 * New presence = `base` with every attribute carried by `update` replaced
 * by the update's (UpdatePresence semantics). Attribute extensions and
 * repeats follow their attribute; unknown attributes of the update replace
 * those of the same name in base. Result in `home`. EINVAL/ENOMEM.
 */
int imps_pres_merge(su_home_t *home, struct imps_pres const *base,
		    struct imps_pres const *update, struct imps_pres **out);

#endif
