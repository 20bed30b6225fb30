/* mapping/map_pres.h: IMPS presence attributes <-> PIDF: the tables and the two translators. */
#ifndef IWF_MAPPING_MAP_PRES_H
#define IWF_MAPPING_MAP_PRES_H

#include <stddef.h>
#include <time.h>

#include <sofia-sip/su_alloc.h>

#include "imps/imps_pres.h"
#include "simple/pidf.h"

/*
 * The mapping, attribute by attribute, is the table map_pres_attr_table()
 * and mapping/README.md ("Presence attributes"). In short, IMPS -> PIDF
 * writes at most: one dm:person ("person"), one IM service tuple ("im")
 * carrying OnlineStatus / Registration and the IM CommC, one tuple per other
 * CommC ("cc<n>", rpid:class "commcap-<Cap>") and per AddrPref ("pc<n>",
 * rpid:class "prefcontact[-<PrefC>]"), and one dm:device ("device") for
 * ClientInfo. An attribute that is absent, or present with Qualifier F, or
 * whose value PIDF cannot carry validly, writes nothing.
 */

#define MAP_PRES_PERSON_ID "person"
#define MAP_PRES_IM_TUPLE_ID "im"
#define MAP_PRES_DEVICE_ID "device"
#define MAP_PRES_IM_SERVICE_ID "org.openmobilealliance:IM-session"
#define MAP_PRES_IM_SERVICE_VERSION "1.0"
#define MAP_PRES_CLASS_COMMCAP "commcap"     /* "commcap-<Cap>" */
#define MAP_PRES_CLASS_PREFC "prefcontact"   /* "prefcontact" or "prefcontact-<PrefC>" */

/* How much of an attribute survives. */
enum map_fidelity {
	MAP_LOST = 0,     /* nothing is carried */
	MAP_LOSSY = 1,    /* part of it, or an interpretation */
	MAP_LOSSLESS = 2, /* IMPS -> PIDF -> IMPS gives it back unchanged */
};

struct map_pres_attr_row {
	enum imps_attr attr;
	char const *pidf;               /* where it goes, "-" for nowhere */
	enum map_fidelity imps_round;   /* IMPS -> PIDF -> IMPS (for the value shapes in `note`) */
	enum map_fidelity from_pidf;    /* what a foreign PIDF document can give */
	char const *note;               /* what is lost, and why */
};

/* One row per enum imps_attr (in enum order). */
struct map_pres_attr_row const *map_pres_attr_table(size_t *np);

/*
 * IMPS presence -> PIDF document, allocated in a child home of `home`
 * (freed with it; do not su_free() the result).
 *   in:     the attributes to publish (already filtered to what the watcher
 *           may see); Qualifier F or absent values write nothing.
 *   entity: the presentity's SIP URI (pidf entity), e.g. the result of
 *           map_addr_wv_to_sip().
 *   now:    the time written in the timestamps.
 * Deterministic: the same input gives the same document. The document
 * always builds (pidf_build) and validates against the PIDF schemas.
 * Errors: EINVAL (NULL argument, entity not a URI), ENOMEM.
 */
int map_pres_to_pidf(su_home_t *home, struct imps_pres const *in, char const *entity,
		     time_t now, struct pidf_doc **outp);

/*
 * PIDF document -> IMPS presence attributes (every attribute made has
 * Qualifier T), in a child home of `home` (freed with it). Attributes PIDF
 * says nothing about are absent. Person-level values come from the first
 * dm:person.
 * Errors: EINVAL (NULL argument), ENOMEM.
 */
int map_pidf_to_pres(su_home_t *home, struct pidf_doc const *in, struct imps_pres **outp);

/* --- value tables ------------------------------------------------------- */

/* StatusMood <-> rpid:mood. IMPS OTHER <-> <rpid:other/> with empty text. */
struct map_mood_row {
	enum imps_mood imps;
	enum pidf_mood pidf;
};
struct map_mood_row const *map_pres_mood_table(size_t *np);
/* PIDF_MOOD_OTHER for IMPS values without a row (OTHER, EXTENSION, NONE). */
enum pidf_mood map_mood_imps_to_pidf(enum imps_mood m);
/* IMPS_MOOD_OTHER for rpid moods without a row (the default row). */
enum imps_mood map_mood_pidf_to_imps(enum pidf_mood m);

/* UserAvailability -> OMA overriding-willingness + one rpid activity. */
struct map_avail_row {
	enum imps_avail avail;
	enum pidf_basic willingness;
	int activity; /* enum pidf_activity, or -1 for none */
};
struct map_avail_row const *map_pres_avail_table(size_t *np);

/* rpid activity -> the UserAvailability it implies when read from PIDF
 * (IMPS_AVAIL_NONE: implies nothing; the default row). */
struct map_activity_row {
	enum pidf_activity activity;
	enum imps_avail avail;
};
struct map_activity_row const *map_pres_activity_table(size_t *np);
enum imps_avail map_activity_avail(enum pidf_activity a);

/* TimeZone Zone <-> rpid:time-offset minutes. Accepts "Z", "UTC", "GMT",
 * optionally followed by, or else just, [+-]h[h][[:]mm]; writes "+hh:mm".
 * 0 or EINVAL. */
int map_zone_parse(char const *zone, int *minutes);
int map_zone_format(su_home_t *home, int minutes, char const **outp);

#endif
