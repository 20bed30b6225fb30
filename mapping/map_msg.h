/* mapping/map_msg.h: IMPS message content (MessageInfo + ContentData) <-> SIP MESSAGE body. */
#ifndef IWF_MAPPING_MAP_MSG_H
#define IWF_MAPPING_MAP_MSG_H

#include <stddef.h>
#include <sofia-sip/su_alloc.h>

/*
 * Rules (mapping/README.md, "Message content"):
 *   IMPS -> SIP: ContentType (default text/plain) becomes Content-Type;
 *     BASE64 ContentData is decoded to bytes; plain ContentData is XML text,
 *     that is Unicode, and is sent as UTF-8, so a text type gets
 *     charset=UTF-8 whatever charset it named. Decoded text bytes keep
 *     their charset, or get UTF-8 when they are valid UTF-8 and named none.
 *   SIP -> IMPS: a text body in UTF-8 (or US-ASCII, or no charset) that
 *     is valid UTF-8 and holds only characters XML can carry goes as plain
 *     ContentData (ContentType without charset: the XML carries the text);
 *     anything else is BASE64-encoded with its full Content-Type.
 * The bytes always survive both ways; only the spelling of the charset of
 * UTF-8 text changes.
 */

#define MAP_IM_MAX_BODY (64 * 1024) /* bytes of decoded content */
#define MAP_CTYPE_MAX_INPUT 512     /* bytes of a Content-Type / ContentType value */
#define MAP_CTYPE_MAX_PARAMS 16     /* parameters of one content type */

enum map_im_encoding {
	MAP_IM_ENC_NONE = 0,   /* data is the content itself */
	MAP_IM_ENC_BASE64 = 1, /* data is base64 text (IMPS ContentEncoding BASE64) */
};

/*
 * One message's content, on either side.
 *   content_type: the media type with parameters as on the wire
 *     ("text/plain;charset=UTF-8"); NULL when absent (IMPS: text/plain).
 *   charset: on input, used when content_type names none (callers that
 *     keep it apart); on output, a copy of the charset parameter, or NULL.
 *   encoding: IMPS ContentEncoding; always NONE on the SIP side.
 *   data, len: the content (output: NUL-terminated too, not counted in len).
 */
struct map_im {
	char const *content_type;
	char const *charset;
	enum map_im_encoding encoding;
	char const *data;
	size_t len;
};

/*
 * Translate one side's content into the other's, allocated in a child home
 * of `home` (freed with it; do not su_free() the result).
 * `reason` (may be NULL) gets a static one-line reason on failure.
 * Errors: EINVAL (NULL arguments, encoding out of range, BASE64 on the SIP
 * side), EBADMSG (content type unparsable, base64 invalid, plain IMPS text
 * not UTF-8), E2BIG (over MAP_IM_MAX_BODY or a content-type limit), ENOMEM.
 * *outp is written only on success.
 */
int map_im_imps_to_sip(su_home_t *home, struct map_im const *imps, struct map_im **sipp,
		       char const **reason);
int map_im_sip_to_imps(su_home_t *home, struct map_im const *sip, struct map_im **impsp,
		       char const **reason);

/* --- content types ------------------------------------------------------ */

struct map_ctype_param {
	char const *name;  /* lower-case */
	char const *value; /* unquoted */
};

/* A parsed media type: type and subtype lower-case, the charset parameter
 * apart (value as given, "UTF-8" for any spelling of utf-8), the other
 * parameters in their order. */
struct map_ctype {
	char const *type;
	char const *subtype;
	char const *charset;
	struct map_ctype_param *params;
	size_t nparams;
};

/*
 * Parses "type/subtype *(; name=value)" into a child home of `home` (freed
 * with it) (RFC 2045 tokens, quoted-string
 * values, white space around separators, names case-insensitive).
 * Errors: EINVAL (NULL), E2BIG (MAP_CTYPE_MAX_INPUT/_PARAMS), EBADMSG
 * (syntax, a parameter repeated), ENOMEM.
 */
int map_ctype_parse(su_home_t *home, char const *s, struct map_ctype **outp);

/* Writes "type/subtype;charset=...;name=value..." without spaces, quoting
 * values that are not RFC 3261 tokens; checks it parses back the same.
 * Errors: EINVAL (a part that is not a token, a value with a control
 * character), ENOMEM. */
int map_ctype_format(su_home_t *home, struct map_ctype const *ct, char **outp);

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF); map_utf8_xml_ok also wants only XML 1.0 characters. */
int map_utf8_valid(char const *s, size_t n);
int map_utf8_xml_ok(char const *s, size_t n);

#endif
