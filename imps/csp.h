/* imps/csp.h: the WV-CSP message model (element tree + envelope), parse and build. */
#ifndef IWF_IMPS_CSP_H
#define IWF_IMPS_CSP_H

#include <stddef.h>
#include <sofia-sip/su_alloc.h>

/*
 * Versions. The version is carried only by the root xmlns (XML) or the
 * WBXML public id; a server answers in the client's version.
 */
enum csp_version {
	CSP_V_UNKNOWN = 0,
	CSP_V11 = 11,
	CSP_V12 = 12,
	CSP_V13 = 13,
};

enum csp_encoding {
	CSP_ENC_XML = 0,
	CSP_ENC_WBXML = 1,
};

/* Input limits: anything beyond them is refused, never truncated. */
#define CSP_MAX_BODY (512 * 1024)   /* bytes of one message, XML or WBXML */
#define CSP_MAX_DEPTH 24            /* element nesting */
#define CSP_MAX_ELEMENTS 8192       /* elements in one message */
#define CSP_MAX_STRING (64 * 1024)  /* characters of one text node */
#define CSP_MAX_TRANSACTIONS 16     /* transactions in one message */
#define CSP_MAX_NSURI 1024          /* bytes of one namespace URI (bounds the
				       xmlns re-declarations of the build) */

/*
 * One element. Names are local names. `ns` is NULL for every element in a
 * WV-CSP namespace of any version (CSP, TRC, PA of 1.1, 1.2 or 1.3) and for
 * elements with no namespace; it holds the URI of a foreign namespace
 * (vendor extensions), which is kept and re-emitted unchanged.
 * `text` is the character data with leading and trailing white space
 * removed, NULL when there is none. Mixed content is not part of WV-CSP:
 * text between child elements is concatenated.
 * All strings and nodes live in the home the tree was made in.
 */
struct csp_node {
	char const *name;
	char const *ns;
	char const *text;
	struct csp_node *parent;
	struct csp_node *child; /* first child */
	struct csp_node *last;  /* last child */
	struct csp_node *next;  /* next sibling */
};

enum csp_mode {
	CSP_MODE_NONE = 0,
	CSP_REQUEST = 1,
	CSP_RESPONSE = 2,
};

enum csp_session_type {
	CSP_SESSION_NONE = 0,
	CSP_INBAND = 1,
	CSP_OUTBAND = 2,
};

/* Tri-state for T/F flags: absent, F, T. */
enum csp_bool {
	CSP_ABSENT = -1,
	CSP_F = 0,
	CSP_T = 1,
};

struct csp_transaction {
	struct csp_transaction *next;
	enum csp_mode mode;
	char const *id;           /* NULL when absent, "" when empty */
	enum csp_bool poll;       /* Poll in TransactionDescriptor (1.1) */
	struct csp_node *content; /* the primitive: the one element in TransactionContent */
	struct csp_node *extra;   /* other elements of Transaction (e.g. 1.2 ExtBlock), a sibling chain */
};

struct csp_msg {
	enum csp_version version;
	enum csp_session_type session_type;
	char const *session_id;   /* NULL when absent */
	enum csp_bool poll;       /* Session-level Poll (1.2+) */
	enum csp_bool cir;        /* Session-level CIR (1.2+) */
	struct csp_transaction *trans; /* one or more */
	struct csp_node *extra;   /* other elements of Session, a sibling chain */
};

/* Result of a failed parse: what and where, for "FILE: line N: reason". */
struct csp_error {
	int line;          /* 1-based, 0 when unknown (WBXML) */
	char reason[160];
};

/* --- tree helpers (imps/csp_tree.c) --- */

/* Appends a new element `name` (copied) under `parent` (may be NULL for a
 * root). Returns NULL on allocation failure. */
struct csp_node *csp_node_add(su_home_t *home, struct csp_node *parent, char const *name);
/* Same, with text content (copied; NULL for none). */
struct csp_node *csp_node_add_text(su_home_t *home, struct csp_node *parent,
				   char const *name, char const *text);
/* First child of `n` with local name `name` in a WV namespace, or NULL. */
struct csp_node *csp_node_find(struct csp_node const *n, char const *name);
/* Next sibling after `from` with the same name (for iterating repeats). */
struct csp_node *csp_node_next_named(struct csp_node const *from);
/* Text of the first child `name`, or NULL. */
char const *csp_node_text(struct csp_node const *n, char const *name);
/* Deep copy of a subtree into `home`; parent of the copy is NULL. */
struct csp_node *csp_node_dup(su_home_t *home, struct csp_node const *n);
/* Deep structural equality (names, namespaces, text, child order). */
int csp_node_equal(struct csp_node const *a, struct csp_node const *b);
/* Number of children. */
size_t csp_node_count(struct csp_node const *n);
/* Deep equality of two messages: version, session fields, Poll/CIR, every
 * transaction (mode, id, poll, content, extra chain) and the Session extra
 * chain, in order. 1 when equal. */
int csp_msg_equal(struct csp_msg const *a, struct csp_msg const *b);

/* --- namespaces and versions (imps/csp_tree.c) --- */

/* Namespace URIs of a version: which = 'C' (CSP), 'T' (TRC), 'P' (PA). */
char const *csp_ns(enum csp_version v, int which);
/* Version of a WV namespace URI, CSP_V_UNKNOWN if it is none. */
enum csp_version csp_ns_version(char const *uri);
/* "1.1", "1.2", "1.3". */
char const *csp_version_str(enum csp_version v);

/* --- parse and build (imps/csp_xml.c, imps/csp_wbxml.c) --- */

/*
 * Parses one WV-CSP message in XML. Never fetches anything, never expands
 * entities (a DOCTYPE is skipped; an internal subset or any entity
 * reference other than the five predefined ones and character references
 * is refused). Enforces the CSP_MAX_* limits.
 * On success *msgp is allocated in `home` and 0 is returned.
 * Errors: EBADMSG (not well-formed, or not a WV-CSP message; err says why),
 * E2BIG (a limit exceeded), ENOMEM. *msgp is written only on success.
 */
int csp_parse_xml(su_home_t *home, void const *buf, size_t len,
		  struct csp_msg **msgp, struct csp_error *err);
/*
 * Same, with the version to assume when the root element has no namespace
 * at all (for the WBXML decoder, whose public id names the version while
 * the xmlns may be missing). A root xmlns of a WV namespace wins over the
 * hint. With hint CSP_V_UNKNOWN this is csp_parse_xml, which refuses a
 * root without namespace: EBADMSG "no WV-CSP namespace".
 * Both allocate the message in a su_home_clone() of `home` (freed with
 * `home`; a failed parse leaves nothing behind).
 */
int csp_parse_xml_hint(su_home_t *home, void const *buf, size_t len, enum csp_version hint,
		       struct csp_msg **msgp, struct csp_error *err);

/*
 * Builds the canonical XML of `msg` in its version: the version's
 * namespaces, the element order of the 1.1 DTD (unknown elements keep their
 * relative order after the known ones), UTF-8, no DOCTYPE, an XML
 * declaration. The result is NUL-terminated, allocated in `home`.
 * Errors: EINVAL (no version, no transaction, no content), ENOMEM.
 */
int csp_build_xml(su_home_t *home, struct csp_msg const *msg,
		  char **outp, size_t *lenp);

/*
 * Reorders, in place, the children of every element of the subtree `n` into
 * the canonical order csp_build_xml writes: the 1.1 DTD content model of the
 * parent (unknown and foreign children after the known ones, each group in
 * its input order). Neither PresenceSubList content nor the content of a
 * foreign-namespace element is reordered. No allocation.
 */
void csp_node_sort(struct csp_node *n);

/*
 * Puts `msg` in the form that csp_parse_xml(csp_build_xml(msg)) gives back:
 * sorts every content and extra tree (csp_node_sort) and applies the Poll
 * and CIR placement rules of the build (see imps/csp_build.c). Used to
 * compare a parsed message with its reparsed canonical form.
 */
void csp_msg_canon(struct csp_msg *msg);

/*
 * WBXML. Decoding accepts the public id as a token or a string, with or
 * without an xmlns attribute, and OPAQUE integers. Versions 1.1 and 1.2 go
 * through libwbxml2, 1.3 through our own token tables.
 * Same error contract as csp_parse_xml.
 */
int csp_parse_wbxml(su_home_t *home, void const *buf, size_t len,
		    struct csp_msg **msgp, struct csp_error *err);
int csp_build_wbxml(su_home_t *home, struct csp_msg const *msg,
		    unsigned char **outp, size_t *lenp);

/* Picks XML or WBXML from the first bytes (and the content type, when
 * known; may be NULL). */
enum csp_encoding csp_sniff(void const *buf, size_t len, char const *content_type);
int csp_parse(su_home_t *home, void const *buf, size_t len, char const *content_type,
	      struct csp_msg **msgp, enum csp_encoding *encp, struct csp_error *err);

/* --- envelope helpers (imps/csp_tree.c) --- */

/* A new message with one transaction whose content element is `prim`
 * (created empty and returned through *primp). */
int csp_msg_new(su_home_t *home, enum csp_version v, char const *session_id,
		enum csp_mode mode, char const *tid, char const *prim,
		struct csp_msg **msgp, struct csp_node **primp);

#endif
