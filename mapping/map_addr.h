/* mapping/map_addr.h: IMPS (wv:) <-> SIP (sip:) addresses, normalisation and escaping. */
#ifndef IWF_MAPPING_MAP_ADDR_H
#define IWF_MAPPING_MAP_ADDR_H

#include <sofia-sip/su_alloc.h>

/*
 * The model (mapping/README.md, "Addresses"):
 *
 * An address is a user part, an optional resource (contact list or group
 * name) and a domain. A user part is a string of octets, written with %XX
 * escapes for the octets a side cannot carry raw:
 *
 *   IMPS canonical form   wv:user[/resource]@domain, entirely lower-case.
 *       raw octets: a-z 0-9 - _ . ! ~ * ' ( ) +; everything else, including
 *       upper-case letters, as %xx with lower-case hex digits.
 *       Input is case-insensitive: a raw 'A' means 'a'. An escaped letter
 *       (%41) keeps its case: that is how a case-sensitive SIP user part
 *       ("sip:Jane@...") survives IMPS, whose clients lower-case addresses
 *       (and lower-casing "%4a" does not change it).
 *   SIP canonical form    sip:user@host, user part as RFC 3261 user (raw:
 *       alphanumerics of both cases, - _ . ! ~ * ' ( ), & = + $ , ; ? /;
 *       the rest as %XX with upper-case hex digits), host lower-cased.
 *
 * Domains are DNS names (letters, digits, '-', '.'; labels 1..63, no leading
 * or trailing '-', at most 253 characters), lower-cased; dotted IPv4 fits.
 * With these rules wv -> sip -> wv and sip -> wv -> sip are the identity on
 * canonical forms. What the SIP side has and IMPS cannot carry is refused
 * (EINVAL): a port, a password, an IPv6 host, the sips: scheme. URI
 * parameters and headers (";user=phone", "?subject=") are not part of an
 * address of record and are dropped.
 *
 * Every function below: `reason` (may be NULL) receives a static one-line
 * reason when the return is EINVAL. Results are allocated in `home` and
 * written only on success. Errors: EINVAL (invalid address), ENOMEM.
 */

#define MAP_ADDR_MAX_INPUT 1024 /* bytes of an address string */
#define MAP_ADDR_MAX_PART 128   /* octets of a user part or resource, unescaped */
#define MAP_ADDR_MAX_DOMAIN 253 /* characters of a domain */

/* An IMPS address split into its parts, each in canonical (escaped,
 * lower-case) form. resource is NULL for a user (or group without owner). */
struct map_wv_addr {
	char const *user;
	char const *resource; /* contact list or group name, NULL when absent */
	char const *domain;
};

/*
 * Parses and normalises an IMPS address: "wv:" optional (any case), the
 * domain optional when default_domain (itself validated) is not NULL.
 * "wv:user/list@domain" gives user, resource and domain. A resource needs a
 * non-empty user.
 */
int map_addr_wv_parse(su_home_t *home, char const *in, char const *default_domain,
		      struct map_wv_addr **outp, char const **reason);

/* Writes the canonical string of `a` (whose parts may be in any valid
 * input form) and checks that it parses back to the same parts. */
int map_addr_wv_format(su_home_t *home, struct map_wv_addr const *a, char **outp,
		       char const **reason);

/* Parse + format: the canonical IMPS form of `in`. */
int map_addr_wv_normalize(su_home_t *home, char const *in, char const *default_domain,
			  char **outp, char const **reason);

/* The canonical SIP form of a SIP URI (parameters and headers dropped). */
int map_addr_sip_normalize(su_home_t *home, char const *in, char **outp, char const **reason);

/* IMPS user address -> canonical SIP URI. A contact-list or group address
 * (with a resource) has no SIP user form: EINVAL. */
int map_addr_wv_to_sip(su_home_t *home, char const *wv, char const *default_domain,
		       char **sipp, char const **reason);

/* SIP URI -> canonical IMPS user address. */
int map_addr_sip_to_wv(su_home_t *home, char const *sip, char **wvp, char const **reason);

#endif
