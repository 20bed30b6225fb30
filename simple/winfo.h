/* simple/winfo.h: watcher information documents (RFC 3857/3858, application/watcherinfo+xml). */
#ifndef IWF_SIMPLE_WINFO_H
#define IWF_SIMPLE_WINFO_H

#include <stddef.h>
#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"

#define PIDF_NS_WINFO "urn:ietf:params:xml:ns:watcherinfo"

/* Limits (E2BIG beyond them); strings are bounded by PIDF_MAX_STRING. */
#define PIDF_WINFO_MAX_BODY (256 * 1024)
#define PIDF_WINFO_MAX_LISTS 64     /* watcher-lists in one document */
#define PIDF_WINFO_MAX_WATCHERS 512 /* watchers in one document, all lists */

enum pidf_winfo_state {
	PIDF_WINFO_FULL = 0,
	PIDF_WINFO_PARTIAL,
	PIDF_WINFO_STATE_COUNT
};

/* watcher status attribute. */
enum pidf_watcher_status {
	PIDF_WS_PENDING = 0,
	PIDF_WS_ACTIVE,
	PIDF_WS_WAITING,
	PIDF_WS_TERMINATED,
	PIDF_WS_COUNT
};

/* watcher event attribute: what made the status change. */
enum pidf_watcher_event {
	PIDF_WE_SUBSCRIBE = 0,
	PIDF_WE_APPROVED,
	PIDF_WE_DEACTIVATED,
	PIDF_WE_PROBATION,
	PIDF_WE_REJECTED,
	PIDF_WE_TIMEOUT,
	PIDF_WE_GIVEUP,
	PIDF_WE_NORESOURCE,
	PIDF_WE_COUNT
};

struct pidf_watcher {
	char const *id;           /* required (xs:string, not an xs:ID) */
	enum pidf_watcher_status status;
	enum pidf_watcher_event event;
	char const *uri;          /* the watcher's URI (element content), required */
	char const *display_name; /* NULL = absent */
	char const *lang;         /* xml:lang of display-name, NULL = absent */
	int has_expiration;
	unsigned long expiration;          /* seconds */
	int has_duration;
	unsigned long duration_subscribed; /* seconds */
};

struct pidf_watcher_list {
	char const *resource; /* required, e.g. "sip:jane@mno2.example" */
	char const *package;  /* required, e.g. "presence" */
	struct pidf_watcher *watchers;
	size_t nwatchers;
};

struct pidf_winfo {
	unsigned long version; /* increases by one per NOTIFY */
	enum pidf_winfo_state state;
	struct pidf_watcher_list *lists;
	size_t nlists;
};

/*
 * Parses a watcherinfo document; same contract as pidf_parse (result in a
 * child home of `home`, reason on error). Errors: EINVAL, ENOMEM, E2BIG,
 * EBADMSG (not XML, DOCTYPE, root not {watcherinfo ns}watcherinfo), EPROTO
 * (version/state missing or invalid, watcher-list without resource or
 * package, watcher without id, uri, or with an unknown status/event).
 * Unknown extension elements are dropped.
 */
int pidf_winfo_parse(su_home_t *home, void const *buf, size_t len, struct pidf_winfo **docp,
		     char *reason, size_t reasonlen);

/* Builds the XML; same contract as pidf_build. EINVAL for missing required
 * values, enums out of range or strings XML cannot carry; E2BIG over limits. */
int pidf_winfo_build(su_home_t *home, struct pidf_winfo const *doc, char **outp, size_t *lenp);

/* Deep comparison (1 equal). */
int pidf_winfo_equal(struct pidf_winfo const *a, struct pidf_winfo const *b);

/* Tables (value, name) for walking; names of values; -1 for unknown names. */
struct pidf_name const *pidf_watcher_status_table(size_t *np);
struct pidf_name const *pidf_watcher_event_table(size_t *np);
char const *pidf_watcher_status_name(int status); /* NULL when out of range */
char const *pidf_watcher_event_name(int event);   /* NULL when out of range */
int pidf_watcher_status_value(char const *name);  /* -1 when unknown */
int pidf_watcher_event_value(char const *name);   /* -1 when unknown */

#endif /* IWF_SIMPLE_WINFO_H */
