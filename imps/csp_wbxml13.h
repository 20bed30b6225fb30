/* imps/csp_wbxml13.h: WBXML token tables, reader and writer of the WV-CSP codecs (private). */
#ifndef IWF_IMPS_CSP_WBXML13_H
#define IWF_IMPS_CSP_WBXML13_H

#include <stddef.h>

#include "imps/csp.h"

/* WBXML global tokens (WAP-192). */
enum {
	CSP_WBX_SWITCH_PAGE = 0x00,
	CSP_WBX_END = 0x01,
	CSP_WBX_ENTITY = 0x02,
	CSP_WBX_STR_I = 0x03,
	CSP_WBX_LITERAL = 0x04,
	CSP_WBX_EXT_I_0 = 0x40,
	CSP_WBX_PI = 0x43,
	CSP_WBX_LITERAL_C = 0x44,
	CSP_WBX_EXT_T_0 = 0x80,
	CSP_WBX_STR_T = 0x83,
	CSP_WBX_LITERAL_A = 0x84,
	CSP_WBX_EXT_0 = 0xc0,
	CSP_WBX_OPAQUE = 0xc3,
	CSP_WBX_LITERAL_AC = 0xc4,
};

#define CSP_WBX_HAS_ATTRS 0x80
#define CSP_WBX_HAS_CONTENT 0x40
#define CSP_WBX_UTF8 106           /* MIBenum of the charset we write */
#define CSP_WBX_MAX_ATTR 1024      /* bytes of one attribute value (xmlns URI) */
#define CSP_WBX_MAX_NAME 128       /* bytes of a LITERAL element name */
#define CSP_WBX_MAX_STRTBL (64 * 1024) /* bytes of the string table we write */

/* The public ids and their literal forms, one row per (version, form). */
struct csp_wbx_pubid {
	enum csp_version version;
	unsigned long token;   /* 0 for a string-only row */
	char const *text;
};
extern struct csp_wbx_pubid const csp_wbx_pubids[];
extern size_t const csp_wbx_npubids;

/* --- generated tables (imps/csp_wbxml13_tables.c) --- */

struct csp_wbx_tag {
	unsigned short code;   /* code page << 8 | token */
	char const *name;
};

struct csp_wbx_value {
	unsigned char token;   /* EXT_T_0 value token */
	unsigned char enc;     /* 1 when the encoder writes it */
	char const *text;
};

/* The tables of one token language. */
struct csp_wbx_lang {
	enum csp_version version;            /* CSP_V13, or CSP_V12 for 1.1 and 1.2 */
	struct csp_wbx_tag const *tags;      /* sorted by code */
	unsigned short const *tags_by_name;  /* indices into tags, sorted by name */
	size_t ntags;
	struct csp_wbx_tag const *aliases;   /* encode-only spellings, sorted by name */
	size_t naliases;
	struct csp_wbx_value const *values;  /* sorted by token */
	size_t nvalues;
	unsigned short const *values_by_text; /* indices of the encodable ones, by text */
	size_t nvalues_enc;
};
extern struct csp_wbx_lang const csp_wbx_lang13, csp_wbx_lang12;

/* Element classes (how the content of an element is written or read). */
enum {
	CSP_WBX_INT13 = 1,     /* 1.3: an integer, written as OPAQUE (AOSP list) */
	CSP_WBX_INT12 = 2,     /* 1.1/1.2: libwbxml writes it as an OPAQUE integer */
	CSP_WBX_INTDEC = 4,    /* an OPAQUE here is read as a big-endian integer */
	CSP_WBX_DATETIME = 8,  /* DateTime, DeliveryTime: 6-byte OPAQUE date */
	CSP_WBX_BINARY = 16,   /* ContentData: an OPAQUE here is read as base64 text */
};
struct csp_wbx_class {
	char const *name;
	unsigned flags;
};
extern struct csp_wbx_class const csp_wbx_classes[]; /* sorted by name */
extern size_t const csp_wbx_nclasses;

struct csp_wbx_xmlns {
	unsigned char token;   /* attribute-start token, code page 0 */
	char const *prefix;    /* "xmlns=" value prefix */
};
extern struct csp_wbx_xmlns const csp_wbx_xmlns_attrs[];
extern size_t const csp_wbx_nxmlns;

struct csp_wbx_rename {
	char const *libwbxml;  /* libwbxml's spelling */
	char const *ours;
};
extern struct csp_wbx_rename const csp_wbx_libwbxml_renames[];
extern size_t const csp_wbx_nrenames;

/* --- lookups (imps/csp_wbxml13.c) --- */

/* Name of tag `code` (page << 8 | token), NULL when unknown. */
char const *csp_wbx_tag_name(struct csp_wbx_lang const *lang, unsigned code);
/* Code of element `name` (aliases included), -1 when unknown. */
int csp_wbx_tag_code(struct csp_wbx_lang const *lang, char const *name);
/* Text of value token `token`, NULL when unknown. */
char const *csp_wbx_value_text(struct csp_wbx_lang const *lang, unsigned token);
/* Token the encoder writes for the whole text `text`, -1 when none. */
int csp_wbx_value_token(struct csp_wbx_lang const *lang, char const *text);
/* CSP_WBX_* class flags of element `name`, 0 for a plain string. */
unsigned csp_wbx_class_of(char const *name);
/* Version of a public id token or literal (text may be NULL), CSP_V_UNKNOWN if none. */
enum csp_version csp_wbx_pubid_version(unsigned long token, char const *text);

/* --- the event interface between readers and writers --- */

/*
 * A reader calls start for each element (local name; `ns` is the namespace URI
 * the element declares, NULL when it inherits its parent's), text for each
 * piece of character data (UTF-8, not NUL-terminated; may be called more than
 * once per element) and end. A callback returns 0 or an errno value, which
 * stops the reader and is returned by it.
 */
struct csp_wbx_sink {
	int (*start)(void *ctx, char const *name, char const *ns);
	int (*text)(void *ctx, char const *s, size_t len);
	int (*end)(void *ctx);
};

/* --- WBXML reader --- */

struct csp_wbx_header {
	unsigned char const *doc;        /* the document (for byte offsets) */
	unsigned wbxml_version;          /* version byte: 1, 2 or 3 */
	unsigned long pubid;             /* token; 0 when the id is a string */
	char const *pubid_text;          /* the literal (in the string table) or NULL */
	enum csp_version version;        /* named by the public id, or CSP_V_UNKNOWN */
	unsigned long charset;           /* MIBenum */
	unsigned char const *strtbl;
	size_t strtbl_len;
	unsigned char const *body;
	size_t body_len;
};

/*
 * Reads the WBXML header of buf (len bytes; buf must outlive h).
 * Errors: EBADMSG (truncated, bad mb_u_int32, string-table index out of range,
 * unsupported WBXML version or charset), E2BIG (len > CSP_MAX_BODY).
 */
int csp_wbx_header(void const *buf, size_t len, struct csp_wbx_header *h,
		   struct csp_error *err);

/*
 * Reads the body of `h` with the token tables `lang` and sends its events to
 * `sink`. Text is UTF-8 (ENTITY, EXT_T_0 values and OPAQUE integers, dates
 * and ContentData are turned into text). The root's WV xmlns is not passed on:
 * its version is stored in *rootvp (CSP_V_UNKNOWN without one; rootvp may be
 * NULL). Any other xmlns (foreign, or WV below the root) is the `ns` of its
 * element.
 * Enforces CSP_MAX_DEPTH, CSP_MAX_ELEMENTS, CSP_MAX_STRING and a total of
 * CSP_MAX_BODY bytes of text. Never reads outside h's buffer.
 * Errors: EBADMSG (malformed or unknown token; err says what and at which
 * byte), E2BIG (a limit), ENOMEM, or the error a sink callback returned.
 */
int csp_wbx_read(struct csp_wbx_header const *h, struct csp_wbx_lang const *lang,
		 struct csp_wbx_sink const *sink, void *ctx, enum csp_version *rootvp,
		 struct csp_error *err);

/* --- WBXML writer (a sink) --- */

enum csp_wbx_style {
	/* IMPS-CSP as the AOSP encoder writes it: public id token, xmlns attribute
	 * tokens, EXT_T_0 values, OPAQUE integers (CSP_WBX_INT13) and dates. */
	CSP_WBX_AOSP,
	/* WV 1.1/1.2 as libwbxml writes it: public id token (1.1) or string (1.2),
	 * no WV xmlns, EXT_T_0 values, OPAQUE integers (CSP_WBX_INT12), text dates;
	 * unlike libwbxml, LITERAL tags for names outside the table. */
	CSP_WBX_PLAIN,
	/* Only tag tokens, LITERAL and STR_I (what we feed libwbxml's decoder). */
	CSP_WBX_BARE,
};

struct csp_wbx_writer;
extern struct csp_wbx_sink const csp_wbx_writer_sink;

/* A writer of version v with the tables lang; freed by csp_wbx_writer_free. */
int csp_wbx_writer_new(struct csp_wbx_lang const *lang, enum csp_version v,
		       enum csp_wbx_style style, struct csp_wbx_writer **wp);
/* The document: allocated in home. Errors: EINVAL (elements left open), ENOMEM. */
int csp_wbx_writer_finish(struct csp_wbx_writer *w, su_home_t *home,
			  unsigned char **outp, size_t *lenp);
void csp_wbx_writer_free(struct csp_wbx_writer *w);

/* --- libwbxml2 (imps/csp_wbxml.c) --- */

/*
 * Encodes the canonical XML `xml` of a 1.1/1.2 message with libwbxml2 (the
 * first choice of csp_build_wbxml). ENOTSUP when libwbxml cannot write it
 * faithfully (a name outside its table, a foreign namespace, an integer
 * element whose text is no canonical decimal) or fails; ENOMEM.
 */
int csp_wbx_build_libwbxml(su_home_t *home, char const *xml, size_t xml_len, enum csp_version v,
			   unsigned char **outp, size_t *lenp);

/* --- helpers shared with the tests --- */

/* Whether s is a decimal integer 0..4294967295 without sign or leading zero. */
int csp_wbx_canonical_uint(char const *s, unsigned long *vp);
/* Encodes "YYYYMMDDTHHMMSS" with an optional zone letter into the 6-byte OPAQUE
 * date of WV-CSP (2 bits 0, year 12, month 4, day 5, hour 5, minute 6, second 6,
 * then the zone byte: 'Z' or 0 for none). 0 or EINVAL when s is not one. */
int csp_wbx_datetime_encode(char const *s, unsigned char out[6]);
/* Decodes such 6 bytes into text (out of at least 17 bytes). 0 or EBADMSG. */
int csp_wbx_datetime_decode(unsigned char const in[6], char out[17]);

#endif
