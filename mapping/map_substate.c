/* mapping/map_substate.c: Subscription-State parsing; tables SIP state <-> IMPS watcher view. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_substate.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char const *const state_names[] = {
	[MAP_SUBSTATE_OTHER] = NULL,
	[MAP_SUBSTATE_ACTIVE] = "active",
	[MAP_SUBSTATE_PENDING] = "pending",
	[MAP_SUBSTATE_TERMINATED] = "terminated",
};

static char const *const reason_names[] = {
	[MAP_REASON_NONE] = NULL,
	[MAP_REASON_OTHER] = NULL,
	[MAP_REASON_DEACTIVATED] = "deactivated",
	[MAP_REASON_PROBATION] = "probation",
	[MAP_REASON_REJECTED] = "rejected",
	[MAP_REASON_TIMEOUT] = "timeout",
	[MAP_REASON_GIVEUP] = "giveup",
	[MAP_REASON_NORESOURCE] = "noresource",
	[MAP_REASON_INVARIANT] = "invariant",
};

char const *map_substate_state_name(enum map_substate_state s)
{
	if ((unsigned)s >= COUNT(state_names))
		return NULL;
	return state_names[s];
}

char const *map_substate_reason_name(enum map_substate_reason r)
{
	if ((unsigned)r >= COUNT(reason_names))
		return NULL;
	return reason_names[r];
}

/* --- parsing ----------------------------------------------------------- */

static int is_token_char(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-.!%*_+`'~", (int)c));
}

static char const *skip_ws(char const *p, char const *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A token at p; returns its end (== p when there is none). */
static char const *scan_token(char const *p, char const *end)
{
	while (p < end && is_token_char((unsigned char)*p))
		p++;
	return p;
}

/* A generic parameter value: token, host (with ':' '[' ']') or quoted-string. */
static char const *scan_gen_value(char const *p, char const *end)
{
	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '\\') {
				if (++p >= end)
					return NULL;
			} else if (*p == '"') {
				return p + 1;
			} else if ((unsigned char)*p < 0x20 && *p != '\t') {
				return NULL;
			}
		}
		return NULL;
	}
	{
		char const *s = p;
		while (p < end && (is_token_char((unsigned char)*p) || *p == ':' || *p == '[' ||
				   *p == ']'))
			p++;
		return p == s ? NULL : p;
	}
}

static int token_is(char const *s, char const *e, char const *name)
{
	size_t n = strlen(name);
	return (size_t)(e - s) == n && strncasecmp(s, name, n) == 0;
}

static int parse_delta(char const *s, char const *e, long *out)
{
	long v = 0;

	if (s == e)
		return EBADMSG;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return EBADMSG;
		if (v > (INT_MAX - (*s - '0')) / 10)
			return EBADMSG;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

int map_substate_parse(char const *value, struct map_substate *out)
{
	struct map_substate ss = {MAP_SUBSTATE_OTHER, MAP_REASON_NONE, -1, -1};
	char const *p, *end, *t;
	size_t n, i;
	int seen_reason = 0;

	if (!value || !out)
		return EINVAL;
	n = strnlen(value, MAP_SUBSTATE_MAX_INPUT + 1);
	if (n > MAP_SUBSTATE_MAX_INPUT)
		return E2BIG;
	end = value + n;
	p = skip_ws(value, end);
	t = scan_token(p, end);
	if (t == p)
		return EBADMSG;
	for (i = 0; i < COUNT(state_names); i++)
		if (state_names[i] && token_is(p, t, state_names[i]))
			ss.state = (enum map_substate_state)i;
	p = skip_ws(t, end);
	while (p < end) {
		char const *name, *name_end, *val = NULL, *val_end = NULL;

		if (*p != ';')
			return EBADMSG;
		p = skip_ws(p + 1, end);
		name = p;
		name_end = scan_token(p, end);
		if (name_end == name)
			return EBADMSG;
		p = skip_ws(name_end, end);
		if (p < end && *p == '=') {
			p = skip_ws(p + 1, end);
			val = p;
			val_end = scan_gen_value(p, end);
			if (!val_end)
				return EBADMSG;
			p = skip_ws(val_end, end);
		}
		if (token_is(name, name_end, "reason")) {
			if (seen_reason || !val || *val == '"')
				return EBADMSG;
			seen_reason = 1;
			ss.reason = MAP_REASON_OTHER;
			for (i = 0; i < COUNT(reason_names); i++)
				if (reason_names[i] && token_is(val, val_end, reason_names[i]))
					ss.reason = (enum map_substate_reason)i;
		} else if (token_is(name, name_end, "expires")) {
			if (ss.expires >= 0 || !val || parse_delta(val, val_end, &ss.expires))
				return EBADMSG;
		} else if (token_is(name, name_end, "retry-after")) {
			if (ss.retry_after >= 0 || !val ||
			    parse_delta(val, val_end, &ss.retry_after))
				return EBADMSG;
		}
	}
	*out = ss;
	return 0;
}

/* --- SIP state -> IMPS watcher ------------------------------------------ */

static struct map_watch_row const watch_rows[] = {
	{MAP_SUBSTATE_ACTIVE, MAP_REASON_NONE,
	 MAP_WATCH_DELIVER, MAP_RETRY_NONE, 200, 0,
	 "authorised: the NOTIFY body is the presence to deliver"},
	{MAP_SUBSTATE_PENDING, MAP_REASON_NONE,
	 MAP_WATCH_PENDING, MAP_RETRY_NONE, 521, 1,
	 "awaiting the presentity's decision: subscribed, nothing visible yet (not an error)"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_NONE,
	 MAP_WATCH_RESUBSCRIBE_NOW, MAP_RETRY_NOW, 200, 0,
	 "ended without a reason: the subscriber may subscribe again at any time"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_OTHER,
	 MAP_WATCH_RESUBSCRIBE_NOW, MAP_RETRY_NOW, 200, 0,
	 "an unknown reason is handled as no reason"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_DEACTIVATED,
	 MAP_WATCH_RESUBSCRIBE_NOW, MAP_RETRY_NOW, 200, 0,
	 "deactivated (e.g. migrated): subscribe again immediately"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_PROBATION,
	 MAP_WATCH_RESUBSCRIBE_AFTER, MAP_RETRY_LATER, 200, 1,
	 "probation: subscribe again later; the values are stale meanwhile"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_REJECTED,
	 MAP_WATCH_REFUSED, MAP_RETRY_NONE, 534, 1,
	 "the presentity refused the watcher: clear what was shown, do not retry"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_TIMEOUT,
	 MAP_WATCH_RESUBSCRIBE_NOW, MAP_RETRY_NOW, 200, 0,
	 "the SIP subscription expired; iwf refreshes: this is not an IMPS unsubscribe"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_GIVEUP,
	 MAP_WATCH_RESUBSCRIBE_AFTER, MAP_RETRY_LATER, 521, 1,
	 "no decision in time: still undecided, subscribe again later"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_NORESOURCE,
	 MAP_WATCH_GONE, MAP_RETRY_NONE, 531, 1,
	 "the presentity no longer exists: clear, do not retry"},
	{MAP_SUBSTATE_TERMINATED, MAP_REASON_INVARIANT,
	 MAP_WATCH_GONE, MAP_RETRY_NONE, 200, 0,
	 "the state will not change: keep the values delivered, do not retry"},
	/* Default row (last): an extension substate. Deliver nothing that was
	 * not clearly authorised, keep the subscription. */
	{MAP_SUBSTATE_OTHER, MAP_REASON_NONE,
	 MAP_WATCH_PENDING, MAP_RETRY_NONE, 521, 1,
	 "default: an unknown substate is not an authorisation; wait for a known one"},
};

struct map_watch_row const *map_substate_watch_table(size_t *np)
{
	*np = COUNT(watch_rows);
	return watch_rows;
}

static struct map_watch_row const *watch_find(struct map_substate const *ss)
{
	size_t i;

	for (i = 0; i + 1 < COUNT(watch_rows); i++) {
		if (watch_rows[i].state != ss->state)
			continue;
		if (ss->state != MAP_SUBSTATE_TERMINATED || watch_rows[i].reason == ss->reason)
			return &watch_rows[i];
	}
	return &watch_rows[COUNT(watch_rows) - 1];
}

static unsigned clamp_retry(long v)
{
	if (v < 1)
		return 1;
	if (v > MAP_SUBSTATE_RETRY_MAX)
		return MAP_SUBSTATE_RETRY_MAX;
	return (unsigned)v;
}

int map_substate_to_watch(struct map_substate const *ss, struct map_watch *out)
{
	struct map_watch_row const *r;
	struct map_watch w;

	if (!ss || !out || (unsigned)ss->state > MAP_SUBSTATE_TERMINATED ||
	    (unsigned)ss->reason >= MAP_REASON_COUNT)
		return EINVAL;
	r = watch_find(ss);
	w.action = r->action;
	w.retry_after = 0;
	w.imps_code = r->imps_code;
	w.clear_values = r->clear_values;
	w.why = r->why;
	if (r->retry == MAP_RETRY_NOW && ss->retry_after > 0) {
		/* RFC 6665: retry-after holds back even an "at once" retry */
		w.action = MAP_WATCH_RESUBSCRIBE_AFTER;
		w.retry_after = clamp_retry(ss->retry_after);
	} else if (r->retry == MAP_RETRY_LATER) {
		w.retry_after = clamp_retry(ss->retry_after >= 0 ? ss->retry_after
								 : MAP_SUBSTATE_RETRY_DEFAULT);
	}
	*out = w;
	return 0;
}

/* --- IMPS publisher -> SIP watcher -------------------------------------- */

static struct map_pa_row const pa_rows[] = {
	/* the SIP watcher waits, the IMPS user gets a PresenceAuth-Request */
	{MAP_PA_UNDECIDED, MAP_SUBSTATE_PENDING, MAP_REASON_NONE, 0},
	{MAP_PA_GRANTED, MAP_SUBSTATE_ACTIVE, MAP_REASON_NONE, 0},
	/* "terminated due to change in authorization policy; do not re-subscribe" */
	{MAP_PA_DENIED, MAP_SUBSTATE_TERMINATED, MAP_REASON_REJECTED, 0},
	{MAP_PA_REVOKED, MAP_SUBSTATE_TERMINATED, MAP_REASON_REJECTED, 0},
	{MAP_PA_EXPIRED, MAP_SUBSTATE_TERMINATED, MAP_REASON_TIMEOUT, 0},
	{MAP_PA_USER_GONE, MAP_SUBSTATE_TERMINATED, MAP_REASON_NORESOURCE, 0},
	/* come back later (after retry-after when given) */
	{MAP_PA_SHUTDOWN, MAP_SUBSTATE_TERMINATED, MAP_REASON_PROBATION, 1},
};

struct map_pa_row const *map_pa_table(size_t *np)
{
	*np = COUNT(pa_rows);
	return pa_rows;
}

int map_pa_to_substate(su_home_t *home, enum map_pa_state pa, unsigned long expires,
		       unsigned long retry_after, char **outp)
{
	struct map_pa_row const *r = NULL;
	struct map_substate back;
	char *s;
	size_t i;

	if (!home || !outp)
		return EINVAL;
	for (i = 0; i < COUNT(pa_rows); i++)
		if (pa_rows[i].pa == pa)
			r = &pa_rows[i];
	if (!r)
		return EINVAL;
	if (expires > INT_MAX)
		expires = INT_MAX;
	if (retry_after > MAP_SUBSTATE_RETRY_MAX)
		retry_after = MAP_SUBSTATE_RETRY_MAX;
	if (r->state != MAP_SUBSTATE_TERMINATED)
		s = su_sprintf(home, "%s;expires=%lu", state_names[r->state], expires);
	else if (r->takes_retry_after && retry_after > 0)
		s = su_sprintf(home, "terminated;reason=%s;retry-after=%lu",
			       reason_names[r->reason], retry_after);
	else
		s = su_sprintf(home, "terminated;reason=%s", reason_names[r->reason]);
	if (!s)
		return ENOMEM;
	if (map_substate_parse(s, &back) || back.state != r->state ||
	    (r->state == MAP_SUBSTATE_TERMINATED && back.reason != r->reason)) {
		su_free(home, s);
		return EINVAL;
	}
	*outp = s;
	return 0;
}
