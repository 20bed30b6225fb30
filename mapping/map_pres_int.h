/* mapping/map_pres_int.h: helpers shared by the two presence directions (not a public API). */
#ifndef IWF_MAPPING_MAP_PRES_INT_H
#define IWF_MAPPING_MAP_PRES_INT_H

#include <stddef.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_pres.h"

/* 1 when s is non-NULL UTF-8 text XML can carry, at most PIDF_MAX_STRING bytes. */
int map_pres_str_ok(char const *s);
/* 1 when s is also a conservative URI reference (RFC 3986 characters,
 * valid %-escapes, no spaces or brackets): what xs:anyURI accepts. */
int map_pres_uri_ok(char const *s);
/* 1 when s is 1..64 characters of [A-Za-z0-9._-] (an xs:token, and a Cap). */
int map_pres_token_ok(char const *s);
/* 1 when s is a language tag xml:lang accepts (1*8ALPHA *("-" 1*8alphanum)). */
int map_pres_lang_ok(char const *s);

/* rpid:class "<prefix>-<value>" or "<prefix>" (value NULL), in home. */
char *map_pres_class(su_home_t *home, char const *prefix, char const *value);
/* When cls is "<prefix>" or "<prefix>-<rest>": 1 and *valuep = rest (NULL
 * for the bare prefix, a pointer into cls). Else 0. */
int map_pres_class_match(char const *cls, char const *prefix, char const **valuep);

/* "data:<type>;base64,<b64>" in home; NULL when it is no valid URI, over
 * PIDF_MAX_STRING, or b64 has other characters than base64 (white space is
 * dropped). type may be NULL. */
char *map_pres_data_uri(su_home_t *home, char const *type, char const *b64);
/* Splits a base64 data: URI: 1 with *typep (NULL when empty) and *b64p in
 * home; 0 when uri is not one. */
int map_pres_data_uri_split(su_home_t *home, char const *uri, char const **typep,
			    char const **b64p);

/* The dm:deviceID of the presentity's device: a name-based (MD5, RFC 4122
 * version 3) urn:uuid of the entity, so the same entity gives the same id. */
char *map_pres_device_urn(su_home_t *home, char const *entity);

#endif
