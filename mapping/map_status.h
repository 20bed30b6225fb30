/* mapping/map_status.h: IMPS result codes <-> SIP response codes, and IMPS code descriptions. */
#ifndef IWF_MAPPING_MAP_STATUS_H
#define IWF_MAPPING_MAP_STATUS_H

#include <stddef.h>

/*
 * Two tables, one per direction. Each has exact rows (one code -> one code,
 * with a one-line reason) and class rows (a range of codes, e.g. every 4xx
 * without an exact row), the last class row being the catch-all default.
 * The choices are listed and argued in mapping/README.md ("Status codes").
 */

enum map_status_dir {
	MAP_SIP_TO_IMPS = 0, /* a SIP final response -> the IMPS Result to report */
	MAP_IMPS_TO_SIP = 1, /* an IMPS Result -> the SIP final response to send */
};

struct map_status_row {
	int from;
	int to;
	char const *why;
};

struct map_status_class {
	int lo, hi; /* inclusive range of `from` codes */
	int to;
	char const *why;
};

/* The code to use for `code` in direction `dir`; never fails: unknown or
 * out-of-range input reaches a class row or the default row. `why` (may be
 * NULL) receives the row's reason. */
int map_status_map(enum map_status_dir dir, int code, char const **why);

/* Shorthands of map_status_map. */
int map_status_sip_to_imps(int sip_status);
int map_status_imps_to_sip(int imps_code);

/* Description of an IMPS result code for <Description> (e.g. 531 ->
 * "Unknown user"); codes without a row of their own get their class's text
 * ("Client error", ...), and anything else "Unknown status code". Never NULL. */
char const *map_imps_code_desc(int code);
/* 1 when `code` has a description row of its own. */
int map_imps_code_known(int code);

/* The tables, for tests that walk them (count in *np). */
struct map_status_row const *map_status_table(enum map_status_dir dir, size_t *np);
struct map_status_class const *map_status_class_table(enum map_status_dir dir, size_t *np);
struct map_status_row const *map_imps_desc_table(size_t *np); /* `to` unused, text in `why` */

#endif
