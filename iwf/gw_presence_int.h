/* iwf/gw_presence_int.h: internals shared by gw_presence.c, gw_presence_auth.c and gw_lists.c. */
#ifndef IWF_GW_PRESENCE_INT_H
#define IWF_GW_PRESENCE_INT_H

/*
 * The presence part keeps nothing of its own in memory: published presence, subscriptions
 * (psub), decisions (authz), attribute lists, block/grant lists and contact lists are all in
 * the store, read when needed. What a watcher may see is computed by gw_pres_view() at the
 * moment a notification or an answer is built (see the policy in gw_presence_auth.c).
 *
 * A subscription of a session to a contact list L is kept as one psub row per member
 * (target = member, contact_list = L) plus a marker row (target = L, contact_list = L) that
 * remembers the list subscription itself, its attributes and AutoSubscribe, also while the
 * list is empty. Presence notifications never go to the marker (no user has a list's
 * address).
 */

#include <stddef.h>
#include <stdint.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"
#include "iwf/gw_server.h"

struct csp_prim_error;

/* --- bounds ------------------------------------------------------------------------------- */

#define GW_PRES_NOTIFY_MAX 32	/* Presence elements in one PresenceNotification-Request */
#define GW_PRES_LISTS_MAX 64	/* contact lists of one user (753 beyond) */
#define GW_PRES_MEMBERS_MAX 512	/* members of one contact list (754 beyond) */
#define GW_PRES_ACCESS_MAX 1024	/* entries of one block or grant list */
#define GW_PRES_ATTRLISTS_MAX 1024	/* attribute lists of one user (755 beyond) */
#define GW_PRES_WATCH_MAX 4096	/* psub rows read for one presentity or one session */
#define GW_PRES_DETAILS_MAX 64	/* DetailedResults in one answer (the rest are counted) */

#define GW_PRES_OFFLINE_MAX 256	/* users whose OnlineStatus F waits for the loop's next turn */

/* The part's state (struct gw_server.presence): counters, and the users whose last session
 * just ended; they are told offline on the loop's next turn unless they are back by then (a
 * re-login from the same client forces the old session out just before the new one). */
struct gw_presence {
	uint64_t updates, notifications, auth_requests, decisions;
	void *timer;		/* su_timer_t *; NULL without a loop: offline at once */
	unsigned n_offline;
	struct gw_pres_offline {
		char *addr, *key;	/* malloc'd */
	} offline[GW_PRES_OFFLINE_MAX];
};

/* --- the requester ------------------------------------------------------------------------ */

struct gw_pres_me {
	char const *addr;	/* normalised wv: address */
	char const *key;	/* store key */
	char const *sid;	/* SessionID */
	enum csp_version version;
};

/* Fills `me` from r->sess (strings in r->home). ENOMEM, or EINVAL without a session. */
int gw_pres_me(struct gw_req *r, struct gw_pres_me *me);

/*
 * One store transaction around the writes of one operation: one sync to disk instead of one per
 * row (subscription rows, queued notifications, decisions). gw_pres_tx_begin() returns 1 when
 * it began one, 0 when one is open already (the caller's) or none could be begun;
 * gw_pres_tx_end() commits (e == 0) or rolls back what it began and returns e or the commit's
 * error. Every handler of the part runs inside one (committed before the answer leaves).
 */
int gw_pres_tx_begin(struct gw_server *srv);
int gw_pres_tx_end(struct gw_server *srv, int began, int e);

/* A session of user `addr` by its SessionID, NULL when it is not (or no longer) active. */
struct gw_sess *gw_pres_sess(struct gw_server *srv, char const *addr, char const *sid);

/* --- addresses ---------------------------------------------------------------------------- */

/* A UserID as a client sent it: "sip:..." is normalised as SIP, anything else as wv:. */
int gw_pres_addr_norm(struct gw_server *srv, su_home_t *home, char const *in, char **outp,
		      char const **reason);
/*
 * A ContactList as a client sent it, in the normalised form wv:user/list@domain. A bare name
 * (no '/', no '@') is a list of `me`. EPERM: a list of another user; EINVAL: not a list id.
 */
int gw_pres_list_norm(struct gw_server *srv, su_home_t *home, struct gw_pres_me const *me,
		      char const *in, char **outp, char const **reason);
/* Members of a list (normalised addresses, in `home`), at most GW_PRES_MEMBERS_MAX.
 * ENOENT when the list does not exist. */
int gw_pres_list_members(struct gw_server *srv, su_home_t *home, char const *owner_key,
			 char const *list, char ***vp, size_t *np);

/* --- attribute sets as text (the store's opaque attrs columns) ---------------------------- */

/* "OnlineStatus,StatusText" ("" for none), in `home`. */
char *gw_pres_attrs_text(su_home_t *home, imps_attr_set set);
/* The set of a text; unknown names are ignored; NULL gives every attribute. */
imps_attr_set gw_pres_attrs_parse(char const *text);

/* --- results with details ----------------------------------------------------------------- */

struct gw_pres_detail {
	struct gw_pres_detail *next;
	int code;
	char const *desc;
	char const *user_id;
	char const *contact_list;
};

struct gw_pres_details {
	su_home_t *home;
	enum csp_version version;
	unsigned ok, failed, dropped;
	struct gw_pres_detail *first, **tail;
};

void gw_pres_details_init(struct gw_pres_details *d, su_home_t *home, enum csp_version v);
/* One failed item (user_id or contact_list may be NULL; strings copied). */
void gw_pres_detail(struct gw_pres_details *d, int code, char const *desc, char const *user_id,
		    char const *contact_list);
/*
 * Adds Result under `parent`: 200 when nothing failed; the one failure's own code when it is
 * the only item; 201 with a DetailedResult per failure when some succeeded; 900 with them when
 * all of several failed. NULL on ENOMEM.
 */
struct csp_node *gw_pres_result(struct gw_pres_details const *d, struct csp_node *parent);
/* Status answer of the details. 0 or ENOMEM. */
int gw_pres_status(struct gw_req *r, struct gw_pres_details const *d);
/* Answers a primitive csp_prim refused (400/402/751 with its description; notice log). */
int gw_pres_refused(struct gw_req *r, int e, struct csp_prim_error const *pe);
/* Answers `code` with a description naming what was wrong (notice log). */
int gw_pres_bad(struct gw_req *r, int code, char const *desc);

/* --- presence of a local user (gw_presence_notify.c) -------------------------------------- */

/* The presence the user last published (empty when none), in `home`. */
int gw_pres_load(struct gw_server *srv, su_home_t *home, char const *key,
		 struct imps_pres **pp);
/* Stores it (canonical XML of a PresenceSubList in a CSP 1.2 message). */
int gw_pres_save(struct gw_server *srv, char const *key, struct imps_pres const *p,
		 int64_t now);
/*
 * What watchers see of a published presence: OnlineStatus is F while the user has no session
 * (whatever was published), T while online unless the client published a value itself.
 * Modifies p in place.
 */
void gw_pres_effective(struct imps_pres *p, int online);
/* Sets OnlineStatus (Qualifier T) to v. */
void gw_pres_set_online(struct imps_pres *p, enum csp_bool v);
/* Load + effective with the user's current online state. */
int gw_pres_current(struct gw_server *srv, su_home_t *home, char const *key,
		    char const *addr, struct imps_pres **pp);

/* --- subscriptions as stored (psub) ------------------------------------------------------- */

struct gw_pres_psub_row {
	char *sid, *target, *list;
	imps_attr_set want;	/* 0 in the store: every attribute */
	int auto_subscribe;
};

struct gw_pres_psub_rows {
	su_home_t *home;
	struct gw_pres_psub_row *v;
	size_t n;
	int over;		/* more than GW_PRES_WATCH_MAX: the rest were not read */
};

/* psub rows by session (target NULL) or by target (sid NULL), copied into `home`. */
int gw_pres_psub_read(struct gw_server *srv, su_home_t *home, char const *sid,
		      char const *target, struct gw_pres_psub_rows *rs);

/* One session watching a presentity (its rows united). */
struct gw_pres_watch {
	char *sid;
	char *watcher;		/* the session's user */
	imps_attr_set want;
};

/* The live sessions watching `paddr`, in `home`. */
int gw_pres_watchers(struct gw_server *srv, su_home_t *home, char const *paddr,
		     struct gw_pres_watch **vp, size_t *np);

/* --- authorization (gw_presence_auth.c) --------------------------------------------------- */

enum gw_view_kind {
	GW_VIEW_SELF,		/* the presentity itself: everything */
	GW_VIEW_ALLOWED,	/* attributes in `attrs` */
	GW_VIEW_PENDING,	/* a PresenceAuth-Request is out, undecided: nothing */
	GW_VIEW_UNDECIDED,	/* nothing applies and nothing was asked yet: nothing */
	GW_VIEW_DECLINED,	/* declined or cancelled: nothing */
	GW_VIEW_BLOCKED,	/* block or grant list: nothing, and no requests */
};

struct gw_view {
	enum gw_view_kind kind;
	imps_attr_set attrs;	/* SELF: all; ALLOWED: the granted set; else 0 */
};

/* Is anything visible (SELF or ALLOWED)? */
int gw_pres_visible(struct gw_view const *v);
/* What `watcher` may see of local user (pkey, paddr) now. Store errors. */
int gw_pres_view(struct gw_server *srv, char const *pkey, char const *paddr,
		 char const *watcher, struct gw_view *v);
/* Block/grant lists of pkey against `watcher`: *blockedp 1 or 0. Store errors. */
int gw_pres_blocked(struct gw_server *srv, char const *pkey, char const *paddr,
		    char const *watcher, int *blockedp);
/*
 * Reactive authorization: records a pending decision of pkey about `watcher` (the attributes
 * asked for are added to those already pending) and, the first time, sends a
 * PresenceAuth-Request to every session of the presentity (an offline presentity gets it at
 * its next login). Store errors.
 */
int gw_pres_request_auth(struct gw_server *srv, char const *pkey, char const *paddr,
			 char const *watcher, imps_attr_set attrs);
/* Sends the pending PresenceAuth-Requests of the session's user to that session. */
void gw_pres_resend_auth(struct gw_server *srv, struct gw_sess *s, char const *key);

/* --- notifications (gw_presence_notify.c) ------------------------------------------------- */

/*
 * PresenceNotification-Requests being prepared, one per watching session, each with one
 * Presence per presentity: a later value for the same (session, presentity) replaces the
 * earlier one (coalescing). Flushed with gw_sess_push, GW_PRES_NOTIFY_MAX Presences each.
 */
struct gw_pres_batch;

struct gw_pres_batch *gw_pres_batch_new(su_home_t *home);
/* `p` NULL: a Presence with an empty PresenceSubList (nothing visible). p is copied. */
void gw_pres_batch_add(struct gw_pres_batch *b, char const *watcher, char const *sid,
		       char const *who, struct imps_pres const *p);
void gw_pres_batch_flush(struct gw_server *srv, struct gw_pres_batch *b);

/*
 * The notification that follows a new subscription of session (watcher, sid) to local user
 * `target`: the visible values, or an empty PresenceSubList (pending, declined, blocked). An
 * undecided watcher causes a reactive authorization request. Nothing for remote or unknown
 * targets.
 */
int gw_pres_initial(struct gw_server *srv, struct gw_pres_batch *b, char const *watcher,
		    char const *sid, char const *target, imps_attr_set want);

/* The part of `p` a watcher sees: `set`, with unknown attributes only when it is all. */
int gw_pres_visible_part(su_home_t *home, struct imps_pres const *p, imps_attr_set set,
			 struct imps_pres **out);

/* Notifies the watchers of (pkey, paddr) whose visible part of the presence changed. */
void gw_pres_changed(struct gw_server *srv, char const *pkey, char const *paddr,
		     struct imps_pres const *before, struct imps_pres const *after);

/*
 * The views of every watcher of (pkey, paddr), taken before an authorization change;
 * gw_pres_snap_apply() computes them again after it and notifies each watching session whose
 * view changed: the values when it became visible or its attribute set changed, an empty
 * PresenceSubList when it stopped being visible (an undecided one also causes a
 * PresenceAuth-Request). The snapshot lives in `home`.
 */
struct gw_pres_snap;

int gw_pres_snap_take(struct gw_server *srv, su_home_t *home, char const *pkey,
		      char const *paddr, struct gw_pres_snap **sp);
void gw_pres_snap_apply(struct gw_server *srv, struct gw_pres_snap *snap);

/* --- subscriptions and contact lists (hooks for gw_lists.c) ------------------------------- */

/* Members added to `list` of (owner): sessions subscribed to the list with AutoSubscribe
 * are subscribed to them too (with the initial notifications). */
void gw_pres_list_added(struct gw_server *srv, char const *owner_addr, char const *list,
			char *const *members, size_t n);
/* Members removed from `list`: the subscriptions that came from the list go. */
void gw_pres_list_removed(struct gw_server *srv, char const *list, char *const *members,
			  size_t n);
/* The list is being deleted: every subscription that came from it goes. */
void gw_pres_list_dropped(struct gw_server *srv, char const *list);

/* --- handlers ----------------------------------------------------------------------------- */

/* gw_presence_auth.c */
int gw_pres_h_auth_user(struct gw_req *r);
int gw_pres_h_cancel_auth(struct gw_req *r);
int gw_pres_h_create_attrlist(struct gw_req *r);
int gw_pres_h_delete_attrlist(struct gw_req *r);
int gw_pres_h_get_attrlist(struct gw_req *r);
int gw_pres_h_block_entity(struct gw_req *r);
int gw_pres_h_get_blocked(struct gw_req *r);

#endif
