/* mapping/map_substate.h: SIP Subscription-State <-> what an IMPS watcher sees, and back. */
#ifndef IWF_MAPPING_MAP_SUBSTATE_H
#define IWF_MAPPING_MAP_SUBSTATE_H

#include <sofia-sip/su_alloc.h>

/*
 * RFC 6665 §4.1.3 / §4.2.2: the state of a subscription is only what the
 * Subscription-State of a NOTIFY says (a 2xx to SUBSCRIBE authorises
 * nothing). The choices are argued in mapping/README.md ("Subscription
 * states").
 */

#define MAP_SUBSTATE_MAX_INPUT 256     /* bytes of a Subscription-State value */
#define MAP_SUBSTATE_RETRY_DEFAULT 60  /* seconds to wait when told "later" without retry-after */
#define MAP_SUBSTATE_RETRY_MAX 86400   /* a retry-after beyond this is clamped */

enum map_substate_state {
	MAP_SUBSTATE_OTHER = 0, /* an extension value: the default row */
	MAP_SUBSTATE_ACTIVE,
	MAP_SUBSTATE_PENDING,
	MAP_SUBSTATE_TERMINATED,
};

enum map_substate_reason {
	MAP_REASON_NONE = 0,    /* no reason parameter */
	MAP_REASON_OTHER,       /* a reason this table does not know: treated as none (RFC 6665) */
	MAP_REASON_DEACTIVATED,
	MAP_REASON_PROBATION,
	MAP_REASON_REJECTED,
	MAP_REASON_TIMEOUT,
	MAP_REASON_GIVEUP,
	MAP_REASON_NORESOURCE,
	MAP_REASON_INVARIANT,
	MAP_REASON_COUNT
};

/* A parsed Subscription-State value. */
struct map_substate {
	enum map_substate_state state;
	enum map_substate_reason reason;
	long expires;     /* seconds, -1 when absent */
	long retry_after; /* seconds, -1 when absent */
};

/*
 * Parses a Subscription-State header value such as
 * "terminated;reason=timeout;retry-after=30" (tokens case-insensitive,
 * white space around ';' and '=' allowed, unknown parameters ignored,
 * quoted generic parameter values accepted). Numbers above
 * MAP_SUBSTATE_RETRY_MAX (and up to 2^31-1) are kept; larger ones are EBADMSG.
 * Errors: EINVAL (NULL), E2BIG (over MAP_SUBSTATE_MAX_INPUT), EBADMSG
 * (not the header's syntax, a parameter repeated, expires/retry-after not
 * a number). *out is written only on success.
 */
int map_substate_parse(char const *value, struct map_substate *out);

/* Names: "active", "deactivated", ...; NULL for OTHER / NONE / out of range. */
char const *map_substate_state_name(enum map_substate_state s);
char const *map_substate_reason_name(enum map_substate_reason r);

/* --- SIP notifier -> IMPS watcher ------------------------------------- */

enum map_watch_action {
	MAP_WATCH_DELIVER = 0,       /* active: presence values flow to the IMPS watcher */
	MAP_WATCH_PENDING,           /* awaiting authorisation: no values, keep waiting */
	MAP_WATCH_REFUSED,           /* the presentity refused: no values, do not retry */
	MAP_WATCH_RESUBSCRIBE_NOW,   /* the SIP subscription ended; iwf subscribes again now */
	MAP_WATCH_RESUBSCRIBE_AFTER, /* ... after retry_after seconds */
	MAP_WATCH_GONE,              /* nothing more will come: do not retry */
};

struct map_watch {
	enum map_watch_action action;
	unsigned retry_after; /* seconds, for RESUBSCRIBE_AFTER (1..MAP_SUBSTATE_RETRY_MAX) */
	int imps_code;        /* Result of a GetPresence of this presentity now */
	int clear_values;     /* send the IMPS watcher a PresenceNotification without values */
	char const *why;      /* the row's reason */
};

/* When iwf subscribes again. */
enum map_retry {
	MAP_RETRY_NONE = 0, /* not applicable (active, pending) or never */
	MAP_RETRY_NOW,      /* at once, unless the notifier sent retry-after */
	MAP_RETRY_LATER,    /* after retry-after, or MAP_SUBSTATE_RETRY_DEFAULT */
};

/* A row of the table: the key is (state, reason); reason only matters for
 * TERMINATED. The last row is the default (state OTHER). */
struct map_watch_row {
	enum map_substate_state state;
	enum map_substate_reason reason;
	enum map_watch_action action; /* before retry-after is applied */
	enum map_retry retry;
	int imps_code;
	int clear_values;
	char const *why;
};

struct map_watch_row const *map_substate_watch_table(size_t *np);

/*
 * What the IMPS watcher (and iwf's SIP subscriber) does on a NOTIFY with
 * this state. Never fails on a valid struct: unknown states and reasons
 * reach default rows. Returns 0, or EINVAL when an argument is NULL or an
 * enum is out of range.
 */
int map_substate_to_watch(struct map_substate const *ss, struct map_watch *out);

/* --- IMPS publisher -> SIP watcher (iwf as presence agent) ------------ */

enum map_pa_state {
	MAP_PA_UNDECIDED = 0, /* PresenceAuth-Request sent, no PresenceAuth-User yet */
	MAP_PA_GRANTED,       /* PresenceAuth-User Acceptance T, or an attribute list grants */
	MAP_PA_DENIED,        /* PresenceAuth-User Acceptance F */
	MAP_PA_REVOKED,       /* CancelAuth-Request withdrew the grant */
	MAP_PA_EXPIRED,       /* the SIP subscription ran out */
	MAP_PA_USER_GONE,     /* the IMPS account no longer exists */
	MAP_PA_SHUTDOWN,      /* iwf stops serving this subscription for a while */
	MAP_PA_COUNT
};

struct map_pa_row {
	enum map_pa_state pa;
	enum map_substate_state state;
	enum map_substate_reason reason;
	int takes_retry_after;
};

struct map_pa_row const *map_pa_table(size_t *np);

/*
 * The Subscription-State value for a NOTIFY to a SIP watcher, allocated in
 * `home`: "pending;expires=N", "active;expires=N",
 * "terminated;reason=rejected", "terminated;reason=probation;retry-after=N"...
 * `expires` is used for active/pending, `retry_after` (0 = none) for the
 * reasons that take it. The result is parsed back before it is returned.
 * Errors: EINVAL (state out of range, home/outp NULL), ENOMEM.
 */
int map_pa_to_substate(su_home_t *home, enum map_pa_state pa, unsigned long expires,
		       unsigned long retry_after, char **outp);

#endif
