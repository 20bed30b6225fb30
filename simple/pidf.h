/* simple/pidf.h: typed model, parse and build of PIDF presence documents with extensions. */
#ifndef IWF_SIMPLE_PIDF_H
#define IWF_SIMPLE_PIDF_H

/*
 * One presence document (RFC 3863 PIDF, application/pidf+xml) with
 *   - the data model (RFC 4479): tuple (service), dm:person, dm:device,
 *     dm:deviceID;
 *   - RPID (RFC 4480): activities, mood, place-type, privacy, sphere, class,
 *     user-input, time-offset, status-icon;
 *   - CIPID (RFC 4482): card, display-name, homepage, icon, map, sound;
 *   - caps (RFC 5196): servcaps in a tuple, devcaps in a device;
 *   - OMA Presence SIMPLE (urn:oma:xml:prs:pidf:oma-pres): willingness,
 *     session-participation, service-description, registration-state,
 *     barring-state in a tuple; overriding-willingness in a person;
 *   - notes with xml:lang and timestamps everywhere PIDF allows them.
 * The OMA status icon is rpid:status-icon in a person: a URI (usually an
 * XDM reference) to an OMA pres-content document, parsed and built by
 * pidf_content_parse()/pidf_content_build() below.
 *
 * Conventions of the model:
 *   - every string and array lives in the su_home_t it was made in; a NULL
 *     string means "element/attribute absent"; n == 0 means "no items";
 *   - pointers to optional structs (activities, mood, caps...) are NULL when
 *     the element is absent;
 *   - zero-initialised structs mean "nothing set" (enums have a 0 = absent
 *     value), so `memset 0` + fill is always a valid way to make one;
 *   - strings are UTF-8, as found in the document (URIs and tokens trimmed
 *     of surrounding white space, notes and display names kept as they are).
 *
 * Extension elements that are not modelled here are kept as opaque XML in
 * `ext` arrays when their namespace is NOT one of the namespaces validated
 * by presence-all.xsd (pidf, data-model, rpid, cipid, caps, pres-content),
 * and re-emitted verbatim by the builder (so vendor extensions pass through).
 * Dropped instead: unmodelled elements of those known namespaces (e.g.
 * rpid:place-is, rpid:relationship, caps:duplex), unqualified elements, and
 * foreign elements whose subtree holds an element or attribute of a known
 * namespace or an xml: attribute other than a valid xml:lang (the schema
 * validator would check those even inside a foreign element). So the
 * builder can guarantee that what it emits validates against the schemas.
 */

#include <stddef.h>
#include <time.h>
#include <sofia-sip/su_alloc.h>

/* Namespaces (matched by URI + local name, never by prefix). */
#define PIDF_NS "urn:ietf:params:xml:ns:pidf"
#define PIDF_NS_DM "urn:ietf:params:xml:ns:pidf:data-model"
#define PIDF_NS_RPID "urn:ietf:params:xml:ns:pidf:rpid"
#define PIDF_NS_CIPID "urn:ietf:params:xml:ns:pidf:cipid"
#define PIDF_NS_CAPS "urn:ietf:params:xml:ns:pidf:caps"
#define PIDF_NS_OMA "urn:oma:xml:prs:pidf:oma-pres"
#define PIDF_NS_OMA_CONTENT "urn:oma:xml:prs:pres-content"
#define PIDF_NS_LT "urn:ietf:params:xml:ns:location-type" /* RFC 4589, place-type */

/* Input limits: anything beyond them is refused with E2BIG, never truncated. */
#define PIDF_MAX_BODY (256 * 1024) /* bytes of one document */
#define PIDF_MAX_ELEMENTS 4096     /* elements in one document */
#define PIDF_MAX_DEPTH 32          /* element nesting */
#define PIDF_MAX_STRING 4096       /* bytes of one text or attribute value */
#define PIDF_MAX_EXT_XML 16384     /* bytes of one serialized opaque extension */
#define PIDF_MAX_TUPLES 64
#define PIDF_MAX_PERSONS 16
#define PIDF_MAX_DEVICES 32
#define PIDF_MAX_NOTES 16          /* notes (or descriptions) of one element */
#define PIDF_MAX_ITEMS 32          /* activities, moods, caps types, place types */
#define PIDF_MAX_EXT 32            /* opaque extensions of one element */
#define PIDF_MAX_ID 64             /* bytes of an id the builder emits */

/* Suggested size of the reason buffer of the parsers. */
#define PIDF_REASON_LEN 160

/* Tri-state boolean (caps): 0 = not said. */
enum pidf_tri {
	PIDF_TRI_UNSET = 0,
	PIDF_TRI_FALSE = 1,
	PIDF_TRI_TRUE = 2,
};

/* pidf:basic, and the <op:basic> of the OMA willingness elements. */
enum pidf_basic {
	PIDF_BASIC_NONE = 0, /* element absent */
	PIDF_BASIC_OPEN = 1,
	PIDF_BASIC_CLOSED = 2,
};

/* OMA registration-state / barring-state values. */
enum pidf_oma_state {
	PIDF_OMA_STATE_NONE = 0,
	PIDF_OMA_STATE_ACTIVE = 1,
	PIDF_OMA_STATE_TERMINATED = 2,
};

/* A note (pidf:note, dm:note, rpid:other, caps:description...). */
struct pidf_note {
	char const *text; /* never NULL in a parsed document (may be "") */
	char const *lang; /* xml:lang, NULL if absent */
};

/* An unmodelled extension element kept as standalone XML. */
struct pidf_ext {
	char const *ns;   /* namespace URI of the element */
	char const *name; /* local name */
	char const *xml;  /* the element serialized with its namespace declarations */
};

/* RPID activities (rpid.xsd order). The 0 row is the default for anything
 * not in the table: <rpid:other>text</rpid:other>, text in `other`. An
 * activity element from a foreign namespace is parsed as OTHER with its
 * local name as text. */
enum pidf_activity {
	PIDF_ACT_OTHER = 0,
	PIDF_ACT_UNKNOWN, /* <rpid:unknown/>: must be the only item */
	PIDF_ACT_APPOINTMENT,
	PIDF_ACT_AWAY,
	PIDF_ACT_BREAKFAST,
	PIDF_ACT_BUSY,
	PIDF_ACT_DINNER,
	PIDF_ACT_HOLIDAY,
	PIDF_ACT_IN_TRANSIT,
	PIDF_ACT_LOOKING_FOR_WORK,
	PIDF_ACT_MEAL,
	PIDF_ACT_MEETING,
	PIDF_ACT_ON_THE_PHONE,
	PIDF_ACT_PERFORMANCE,
	PIDF_ACT_PERMANENT_ABSENCE,
	PIDF_ACT_PLAYING,
	PIDF_ACT_PRESENTATION,
	PIDF_ACT_SHOPPING,
	PIDF_ACT_SLEEPING,
	PIDF_ACT_SPECTATOR,
	PIDF_ACT_STEERING,
	PIDF_ACT_TRAVEL,
	PIDF_ACT_TV,
	PIDF_ACT_VACATION,
	PIDF_ACT_WORKING,
	PIDF_ACT_WORSHIP,
	PIDF_ACT_COUNT
};

/* RPID moods (rpid.xsd order); 0 row = <rpid:other>, as for activities. */
enum pidf_mood {
	PIDF_MOOD_OTHER = 0,
	PIDF_MOOD_UNKNOWN, /* must be the only item */
	PIDF_MOOD_AFRAID,
	PIDF_MOOD_AMAZED,
	PIDF_MOOD_ANGRY,
	PIDF_MOOD_ANNOYED,
	PIDF_MOOD_ANXIOUS,
	PIDF_MOOD_ASHAMED,
	PIDF_MOOD_BORED,
	PIDF_MOOD_BRAVE,
	PIDF_MOOD_CALM,
	PIDF_MOOD_COLD,
	PIDF_MOOD_CONFUSED,
	PIDF_MOOD_CONTENTED,
	PIDF_MOOD_CRANKY,
	PIDF_MOOD_CURIOUS,
	PIDF_MOOD_DEPRESSED,
	PIDF_MOOD_DISAPPOINTED,
	PIDF_MOOD_DISGUSTED,
	PIDF_MOOD_DISTRACTED,
	PIDF_MOOD_EMBARRASSED,
	PIDF_MOOD_EXCITED,
	PIDF_MOOD_FLIRTATIOUS,
	PIDF_MOOD_FRUSTRATED,
	PIDF_MOOD_GRUMPY,
	PIDF_MOOD_GUILTY,
	PIDF_MOOD_HAPPY,
	PIDF_MOOD_HOT,
	PIDF_MOOD_HUMBLED,
	PIDF_MOOD_HUMILIATED,
	PIDF_MOOD_HUNGRY,
	PIDF_MOOD_HURT,
	PIDF_MOOD_IMPRESSED,
	PIDF_MOOD_IN_AWE,
	PIDF_MOOD_IN_LOVE,
	PIDF_MOOD_INDIGNANT,
	PIDF_MOOD_INTERESTED,
	PIDF_MOOD_INVINCIBLE,
	PIDF_MOOD_JEALOUS,
	PIDF_MOOD_LONELY,
	PIDF_MOOD_MEAN,
	PIDF_MOOD_MOODY,
	PIDF_MOOD_NERVOUS,
	PIDF_MOOD_NEUTRAL,
	PIDF_MOOD_OFFENDED,
	PIDF_MOOD_PLAYFUL,
	PIDF_MOOD_PROUD,
	PIDF_MOOD_RELIEVED,
	PIDF_MOOD_REMORSEFUL,
	PIDF_MOOD_RESTLESS,
	PIDF_MOOD_SAD,
	PIDF_MOOD_SARCASTIC,
	PIDF_MOOD_SERIOUS,
	PIDF_MOOD_SHOCKED,
	PIDF_MOOD_SHY,
	PIDF_MOOD_SICK,
	PIDF_MOOD_SLEEPY,
	PIDF_MOOD_STRESSED,
	PIDF_MOOD_SURPRISED,
	PIDF_MOOD_THIRSTY,
	PIDF_MOOD_WORRIED,
	PIDF_MOOD_COUNT
};

/* One item of rpid:activities or rpid:mood. */
struct pidf_rpid_item {
	int value;         /* enum pidf_activity or enum pidf_mood */
	char const *other; /* text of <rpid:other> when value is *_OTHER, else NULL */
	char const *lang;  /* its xml:lang, or NULL */
};

/* rpid:activities or rpid:mood. An empty activities element is n == 0; an
 * empty mood (invalid) is parsed as one UNKNOWN item. */
struct pidf_rpid_set {
	struct pidf_rpid_item *items;
	size_t n;
	struct pidf_note *notes; /* rpid notes inside the element */
	size_t nnotes;
};

/* rpid:place-type: either `other` text or location types (RFC 4589 tokens
 * such as "home", "office", "airport", emitted in PIDF_NS_LT), not both. */
struct pidf_place_type {
	char const *other;
	char const *other_lang;
	char const **types;
	size_t ntypes;
	struct pidf_note *notes;
	size_t nnotes;
};

/* rpid:privacy: who nearby cannot intercept which media. `unknown` excludes
 * the others. All zero = present but empty. */
struct pidf_privacy {
	unsigned char unknown, audio, text, video;
};

/* rpid:sphere. Text content "home"/"work" (seen in RFC 4480 examples) maps to
 * the enum; any other content maps to UNKNOWN. */
enum pidf_sphere {
	PIDF_SPHERE_NONE = 0,
	PIDF_SPHERE_HOME,
	PIDF_SPHERE_WORK,
	PIDF_SPHERE_UNKNOWN,
};

/* rpid:user-input. */
enum pidf_input {
	PIDF_INPUT_NONE = 0,
	PIDF_INPUT_ACTIVE,
	PIDF_INPUT_IDLE,
};

struct pidf_user_input {
	enum pidf_input state;      /* ACTIVE or IDLE */
	unsigned long idle_threshold; /* seconds, 0 = absent */
	char const *last_input;     /* xs:dateTime, NULL = absent */
};

/* rpid:time-offset. */
struct pidf_time_offset {
	int minutes;             /* offset from UTC, -1440..1440 */
	char const *description; /* NULL = absent */
};

/* SIP methods of caps:methods (bit = 1u << enum). */
enum pidf_method {
	PIDF_M_ACK = 0, PIDF_M_BYE, PIDF_M_CANCEL, PIDF_M_INFO, PIDF_M_INVITE, PIDF_M_MESSAGE,
	PIDF_M_NOTIFY, PIDF_M_OPTIONS, PIDF_M_PRACK, PIDF_M_PUBLISH, PIDF_M_REFER,
	PIDF_M_REGISTER, PIDF_M_SUBSCRIBE, PIDF_M_UPDATE,
	PIDF_M_COUNT
};

/* Event packages of caps:event-packages (bit = 1u << enum). */
enum pidf_event {
	PIDF_EV_CONFERENCE = 0, PIDF_EV_DIALOG, PIDF_EV_KPML, PIDF_EV_MESSAGE_SUMMARY,
	PIDF_EV_POC_SETTINGS, PIDF_EV_PRESENCE, PIDF_EV_REG, PIDF_EV_REFER,
	PIDF_EV_SIEMENS_RTP_STATS, PIDF_EV_SPIRITS_INDPS, PIDF_EV_SPIRITS_USER_PROF,
	PIDF_EV_WINFO,
	PIDF_EV_COUNT
};

/* caps:servcaps of a tuple (RFC 5196). Unmodelled caps children (actor,
 * class, duplex, extensions, languages, priority, schemes) are dropped. */
struct pidf_servcaps {
	enum pidf_tri application, audio, automata, control, data, isfocus, message, text, video;
	unsigned methods_supported, methods_notsupported; /* bits of enum pidf_method */
	unsigned events_supported, events_notsupported;   /* bits of enum pidf_event */
	char const **types; /* caps:type MIME types */
	size_t ntypes;
	struct pidf_note *descriptions;
	size_t ndescriptions;
};

/* caps:devcaps of a device. */
struct pidf_devcaps {
	enum pidf_tri mobile; /* TRUE: mobility supported mobile; FALSE: notsupported */
	enum pidf_tri fixed;  /* TRUE: mobility supported fixed; FALSE: notsupported */
	struct pidf_note *descriptions;
	size_t ndescriptions;
};

/* OMA service-description of a tuple. */
struct pidf_service_desc {
	char const *service_id;  /* e.g. "org.openmobilealliance:IM-session" */
	char const *version;     /* e.g. "1.0" */
	char const *description; /* NULL = absent */
};

/* A tuple = a service. */
struct pidf_tuple {
	char const *id;          /* xs:ID; sanitized (valid, unique) by parse and build */
	enum pidf_basic basic;   /* <status><basic>; NONE = status without basic */
	char const *contact;
	int has_priority;        /* contact priority present */
	unsigned priority;       /* qvalue in thousandths, 0..1000 */
	struct pidf_note *notes; /* pidf:note */
	size_t nnotes;
	char const *timestamp;   /* xs:dateTime, NULL = absent */
	char const *device_id;   /* dm:deviceID: links the service to a device */
	char const *rpid_class;  /* rpid:class */
	struct pidf_user_input *user_input;
	struct pidf_servcaps *caps;
	/* OMA */
	struct pidf_service_desc *service_desc;
	enum pidf_basic willingness;
	enum pidf_basic session_participation;
	enum pidf_oma_state registration_state;
	enum pidf_oma_state barring_state;
	struct pidf_ext *status_ext; /* foreign children of <status> */
	size_t nstatus_ext;
	struct pidf_ext *ext;        /* foreign children of <tuple> */
	size_t next;
};

/* dm:person. */
struct pidf_person {
	char const *id;
	struct pidf_rpid_set *activities; /* enum pidf_activity items */
	struct pidf_rpid_set *mood;       /* enum pidf_mood items */
	struct pidf_place_type *place_type;
	struct pidf_privacy *privacy;
	enum pidf_sphere sphere;
	char const *rpid_class;
	struct pidf_time_offset *time_offset;
	struct pidf_user_input *user_input;
	char const *status_icon;          /* rpid:status-icon URI (OMA: XDM pres-content) */
	/* CIPID */
	char const *display_name;
	char const *card, *homepage, *icon, *map, *sound; /* URIs */
	/* OMA */
	enum pidf_basic overriding_willingness;
	struct pidf_note *notes;          /* dm:note */
	size_t nnotes;
	char const *timestamp;            /* dm:timestamp */
	struct pidf_ext *ext;
	size_t next;
};

/* dm:device. */
struct pidf_device {
	char const *id;
	char const *device_id;            /* dm:deviceID, a URN; required */
	struct pidf_user_input *user_input;
	char const *rpid_class;
	struct pidf_devcaps *caps;
	struct pidf_note *notes;
	size_t nnotes;
	char const *timestamp;
	struct pidf_ext *ext;
	size_t next;
};

/* The document. */
struct pidf_doc {
	char const *entity;               /* required, e.g. "sip:jane@mno2.example" */
	struct pidf_tuple *tuples;
	size_t ntuples;
	struct pidf_person *persons;
	size_t npersons;
	struct pidf_device *devices;
	size_t ndevices;
	struct pidf_note *notes;          /* document-level pidf:note */
	size_t nnotes;
	struct pidf_ext *ext;             /* foreign top-level elements */
	size_t next;
};

/*
 * Parses a PIDF document of `len` bytes.
 * On success *docp is a new document allocated in a child home of `home`
 * (su_home_clone: freed with `home`, the caller owns it through the home)
 * and 0 is returned. On error *docp is untouched,
 * nothing is left in `home`, and a one-line reason is written to `reason`
 * (if not NULL, truncated to reasonlen) for logs and SIP reason phrases.
 * Errors: EINVAL (NULL arguments), ENOMEM, E2BIG (a PIDF_MAX_* limit),
 * EBADMSG (not well-formed, DOCTYPE/entities, not a PIDF root in the PIDF
 * namespace), EPROTO (no entity or one that is not a URI, tuple without
 * status, basic not open/closed, device without a valid deviceID).
 * Parsing is lenient where it costs nothing: any order of children, person
 * notes in either namespace, a repeated singular element (contact, class,
 * activities...) keeps its first occurrence, bad values of optional
 * elements are dropped (timestamps that are not xs:dateTime, URIs libxml2
 * would not validate as xs:anyURI, unknown enum words), missing or invalid
 * ids are replaced by generated ones, xml:lang is inherited and "" means
 * none. Whatever parses re-builds into a schema-valid document that parses
 * back equal (pidf_doc_equal), which tests and the fuzz target check.
 */
int pidf_parse(su_home_t *home, void const *buf, size_t len, struct pidf_doc **docp,
	       char *reason, size_t reasonlen);

/*
 * Builds the XML (UTF-8, with XML declaration, NUL-terminated) of `doc`.
 * On success *outp (allocated in `home`) and *lenp (its length without the
 * NUL) are set and 0 is returned. Ids are sanitized into unique xs:IDs.
 * PIDF is the default namespace; extensions use the prefixes dm, rpid, c
 * (cipid), caps, op (OMA), lt, declared on the root when used. A note lang
 * of "" is emitted without xml:lang. The result validates against
 * presence-all.xsd (tests/pidf_xsd.sh).
 * Errors: EINVAL (NULL arguments, no entity, a URI field libxml2 would not
 * take as xs:anyURI, a string that is not UTF-8 or
 * holds characters XML cannot carry or is longer than PIDF_MAX_STRING, a
 * timestamp that is not xs:dateTime, an enum out of range, UNKNOWN mixed
 * with other activities/moods, an empty mood, a device without deviceID,
 * a place-type with both or neither of other/types, an opaque extension
 * that is not one well-formed element in a foreign namespace), E2BIG
 * (more tuples/persons/devices/notes/items/ext than the PIDF_MAX_* limits),
 * ENOMEM. Nothing is left in `home` on error.
 */
int pidf_build(su_home_t *home, struct pidf_doc const *doc, char **outp, size_t *lenp);

/* Deep comparison of two documents (1 equal, 0 different). NULL == NULL. */
int pidf_doc_equal(struct pidf_doc const *a, struct pidf_doc const *b);

/*
 * Helpers to grow a document: new items and arrays are allocated in `home`
 * (any home that lives at least as long as the document, e.g. the one given
 * to pidf_parse). Each returns a zeroed new element appended to its array,
 * or NULL on ENOMEM. Earlier elements of the same array may move.
 */
struct pidf_doc *pidf_doc_new(su_home_t *home, char const *entity);
struct pidf_tuple *pidf_tuple_add(su_home_t *home, struct pidf_doc *doc);
struct pidf_person *pidf_person_add(su_home_t *home, struct pidf_doc *doc);
struct pidf_device *pidf_device_add(su_home_t *home, struct pidf_doc *doc);
/* Appends a note (text and lang copied, lang may be NULL) to (*notes, *n). 0 or ENOMEM. */
int pidf_note_add(su_home_t *home, struct pidf_note **notes, size_t *n,
		  char const *text, char const *lang);
/* Appends an activity or mood item (other text copied, may be NULL). 0 or ENOMEM. */
int pidf_rpid_add(su_home_t *home, struct pidf_rpid_set *set, int value,
		  char const *other, char const *lang);

/* Enumeration tables. Each row: value and its XML local name. */
struct pidf_name {
	int value;
	char const *name;
};
/* The tables themselves, for walking (count in *np). Row 0 is the default. */
struct pidf_name const *pidf_activity_table(size_t *np);
struct pidf_name const *pidf_mood_table(size_t *np);
struct pidf_name const *pidf_method_table(size_t *np);
struct pidf_name const *pidf_event_table(size_t *np);
/* Name of a value ("away"); the default row's name ("other") when out of range. */
char const *pidf_activity_name(int act);
char const *pidf_mood_name(int mood);
/* Value of a name; the default (PIDF_ACT_OTHER / PIDF_MOOD_OTHER) when unknown. */
int pidf_activity_value(char const *name);
int pidf_mood_value(char const *name);

/*
 * xs:dateTime helpers. pidf_time_parse: "2024-05-01T10:00:00.5+02:00" (zone
 * optional, then UTC; fraction ignored) -> *tp UTC seconds. 0, or EINVAL.
 * pidf_time_format: t -> "2024-05-01T08:00:00Z" allocated in home. 0, ENOMEM.
 */
int pidf_time_parse(char const *s, time_t *tp);
int pidf_time_format(su_home_t *home, time_t t, char const **outp);

/* 1 if s is an id the codec keeps as is: [A-Za-z_][A-Za-z0-9._-]*, at most
 * PIDF_MAX_ID bytes (an ASCII subset of xs:ID). Other ids are sanitized. */
int pidf_id_valid(char const *s);

/*
 * OMA pres-content document (application/vnd.oma.pres-content+xml), the
 * status icon or other content a person's rpid:status-icon points at.
 */
struct pidf_content {
	char const *mime_type;       /* e.g. "image/png", NULL = absent */
	char const *encoding;        /* e.g. "base64", NULL = absent */
	struct pidf_note *descriptions;
	size_t ndescriptions;
	char const *data;            /* required */
};

#define PIDF_MAX_CONTENT_BODY (512 * 1024) /* bytes of a pres-content document */
#define PIDF_MAX_CONTENT_DATA (384 * 1024) /* bytes of its <data> (base64 icon) */

/* Same contract as pidf_parse/pidf_build; EPROTO when <data> is missing. */
int pidf_content_parse(su_home_t *home, void const *buf, size_t len,
		       struct pidf_content **contentp, char *reason, size_t reasonlen);
int pidf_content_build(su_home_t *home, struct pidf_content const *content,
		       char **outp, size_t *lenp);

#endif /* IWF_SIMPLE_PIDF_H */
