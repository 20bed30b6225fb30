/* simple/winfo.c: watcherinfo (RFC 3858) parse, build, comparison and value tables. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "simple/pidf_xml.h"
#include "simple/winfo.h"

static struct pidf_name const statuses[] = {
	{PIDF_WS_PENDING, "pending"},
	{PIDF_WS_ACTIVE, "active"},
	{PIDF_WS_WAITING, "waiting"},
	{PIDF_WS_TERMINATED, "terminated"},
};

static struct pidf_name const events[] = {
	{PIDF_WE_SUBSCRIBE, "subscribe"},
	{PIDF_WE_APPROVED, "approved"},
	{PIDF_WE_DEACTIVATED, "deactivated"},
	{PIDF_WE_PROBATION, "probation"},
	{PIDF_WE_REJECTED, "rejected"},
	{PIDF_WE_TIMEOUT, "timeout"},
	{PIDF_WE_GIVEUP, "giveup"},
	{PIDF_WE_NORESOURCE, "noresource"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Largest value the version, expiration and duration attributes take here. */
#define WINFO_MAX_NUMBER 0xFFFFFFFFul

struct pidf_name const *pidf_watcher_status_table(size_t *np)
{
	*np = COUNT(statuses);
	return statuses;
}

struct pidf_name const *pidf_watcher_event_table(size_t *np)
{
	*np = COUNT(events);
	return events;
}

static char const *name_of(struct pidf_name const *t, size_t n, int v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

static int value_of(struct pidf_name const *t, size_t n, char const *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].value;
	return -1;
}

char const *pidf_watcher_status_name(int status)
{
	return name_of(statuses, COUNT(statuses), status);
}

char const *pidf_watcher_event_name(int event)
{
	return name_of(events, COUNT(events), event);
}

int pidf_watcher_status_value(char const *name)
{
	return value_of(statuses, COUNT(statuses), name);
}

int pidf_watcher_event_value(char const *name)
{
	return value_of(events, COUNT(events), name);
}

/* ---- parse ---- */

#define FOR_CHILDREN(c, n) \
	for ((c) = pidf_xml_elem((n)->children); (c); (c) = pidf_xml_elem((c)->next))

struct winfo_in {
	struct pidf_xin *in;
	size_t nwatchers; /* in the whole document */
};

static void parse_watcher(struct winfo_in *w, xmlNodePtr n, struct pidf_watcher_list *wl)
{
	struct pidf_xin *in = w->in;
	struct pidf_watcher *wa;
	char const *s;
	unsigned long v;
	int k;

	if (++w->nwatchers > PIDF_WINFO_MAX_WATCHERS) {
		pidf_xin_fail(in, E2BIG, "more than %d watchers", PIDF_WINFO_MAX_WATCHERS);
		return;
	}
	wa = pidf_xin_grow(in, &wl->watchers, &wl->nwatchers, sizeof *wa,
			   PIDF_WINFO_MAX_WATCHERS, "watchers");
	if (!wa)
		return;
	wa->id = pidf_xin_attr(in, n, "id", NULL, 0);
	wa->uri = pidf_xin_text(in, n, 1);
	if (wa->uri && !pidf_uri_ok(wa->uri)) {
		pidf_xin_fail(in, EPROTO, "watcher URI \"%.60s\" is not a URI", wa->uri);
		return;
	}
	wa->display_name = pidf_xin_attr(in, n, "display-name", NULL, 0);
	wa->lang = pidf_xin_lang(in, n);
	s = pidf_xin_attr(in, n, "status", NULL, 1);
	k = pidf_watcher_status_value(s);
	if (k < 0) {
		pidf_xin_fail(in, EPROTO, "watcher status \"%.40s\" is not valid", s ? s : "");
		return;
	}
	wa->status = (enum pidf_watcher_status)k;
	s = pidf_xin_attr(in, n, "event", NULL, 1);
	k = pidf_watcher_event_value(s);
	if (k < 0) {
		pidf_xin_fail(in, EPROTO, "watcher event \"%.40s\" is not valid", s ? s : "");
		return;
	}
	wa->event = (enum pidf_watcher_event)k;
	if (!wa->id && !in->err) {
		pidf_xin_fail(in, EPROTO, "watcher without id");
		return;
	}
	s = pidf_xin_attr(in, n, "expiration", NULL, 1);
	if (s && pidf_ulong(s, WINFO_MAX_NUMBER, &v)) {
		wa->has_expiration = 1;
		wa->expiration = v;
	}
	s = pidf_xin_attr(in, n, "duration-subscribed", NULL, 1);
	if (s && pidf_ulong(s, WINFO_MAX_NUMBER, &v)) {
		wa->has_duration = 1;
		wa->duration_subscribed = v;
	}
}

static void parse_winfo(struct pidf_xin *in, xmlNodePtr root, void *result)
{
	struct pidf_winfo *doc = result;
	struct winfo_in w = {in, 0};
	struct pidf_watcher_list *wl;
	xmlNodePtr c, x;
	char const *s;

	s = pidf_xin_attr(in, root, "version", NULL, 1);
	if (!s || !pidf_ulong(s, WINFO_MAX_NUMBER, &doc->version)) {
		pidf_xin_fail(in, EPROTO, "watcherinfo version missing or invalid");
		return;
	}
	s = pidf_xin_attr(in, root, "state", NULL, 1);
	if (s && !strcmp(s, "full")) {
		doc->state = PIDF_WINFO_FULL;
	} else if (s && !strcmp(s, "partial")) {
		doc->state = PIDF_WINFO_PARTIAL;
	} else {
		pidf_xin_fail(in, EPROTO, "watcherinfo state missing or invalid");
		return;
	}
	FOR_CHILDREN(c, root) {
		if (in->err)
			return;
		if (!pidf_xml_is(c, PIDF_NS_WINFO, "watcher-list"))
			continue;
		wl = pidf_xin_grow(in, &doc->lists, &doc->nlists, sizeof *wl,
				   PIDF_WINFO_MAX_LISTS, "watcher lists");
		if (!wl)
			return;
		wl->resource = pidf_xin_attr(in, c, "resource", NULL, 1);
		wl->package = pidf_xin_attr(in, c, "package", NULL, 1);
		if ((!wl->resource || !wl->package) && !in->err) {
			pidf_xin_fail(in, EPROTO, "watcher-list without resource or package");
			return;
		}
		if (wl->resource && !pidf_uri_ok(wl->resource)) {
			pidf_xin_fail(in, EPROTO, "watcher-list resource is not a URI");
			return;
		}
		FOR_CHILDREN(x, c) {
			if (pidf_xml_is(x, PIDF_NS_WINFO, "watcher"))
				parse_watcher(&w, x, wl);
		}
	}
}

int pidf_winfo_parse(su_home_t *home, void const *buf, size_t len, struct pidf_winfo **docp,
		     char *reason, size_t reasonlen)
{
	void *r;
	int err;

	if (!docp)
		return EINVAL;
	err = pidf_xml_parse_frame(home, buf, len, PIDF_WINFO_MAX_BODY, 0, PIDF_NS_WINFO,
				   "watcherinfo", sizeof(struct pidf_winfo), parse_winfo, &r,
				   reason, reasonlen);
	if (!err)
		*docp = r;
	return err;
}

/* ---- build ---- */

static void set_number(struct pidf_xout *out, xmlNodePtr n, char const *name, unsigned long v)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lu", v);
	pidf_xout_attr(out, n, name, buf);
}

int pidf_winfo_build(su_home_t *home, struct pidf_winfo const *doc, char **outp, size_t *lenp)
{
	struct pidf_xout out;
	xmlNodePtr root, l, n;
	size_t i, k, total = 0;

	if (!home || !doc || !outp || !lenp)
		return EINVAL;
	if ((unsigned)doc->state >= PIDF_WINFO_STATE_COUNT)
		return EINVAL;
	if (doc->nlists > PIDF_WINFO_MAX_LISTS)
		return E2BIG;
	for (i = 0; i < doc->nlists; i++)
		total += doc->lists[i].nwatchers;
	if (total > PIDF_WINFO_MAX_WATCHERS)
		return E2BIG;
	pidf_xout_init(&out, PIDF_NS_WINFO, NULL, "watcherinfo");
	root = out.root;
	set_number(&out, root, "version", doc->version);
	pidf_xout_attr(&out, root, "state", doc->state == PIDF_WINFO_FULL ? "full" : "partial");
	for (i = 0; i < doc->nlists && !out.err; i++) {
		struct pidf_watcher_list const *wl = &doc->lists[i];

		if (!wl->resource || !wl->package || !pidf_uri_ok(wl->resource)) {
			out.err = EINVAL;
			break;
		}
		l = pidf_xout_add(&out, root, root->ns, "watcher-list", NULL);
		pidf_xout_attr(&out, l, "resource", wl->resource);
		pidf_xout_attr(&out, l, "package", wl->package);
		for (k = 0; k < wl->nwatchers && !out.err; k++) {
			struct pidf_watcher const *w = &wl->watchers[k];
			char const *st = pidf_watcher_status_name(w->status);
			char const *ev = pidf_watcher_event_name(w->event);

			if (!w->id || !w->uri || !st || !ev || !pidf_uri_ok(w->uri)) {
				out.err = EINVAL;
				break;
			}
			n = pidf_xout_add(&out, l, root->ns, "watcher", w->uri);
			pidf_xout_attr(&out, n, "id", w->id);
			pidf_xout_attr(&out, n, "status", st);
			pidf_xout_attr(&out, n, "event", ev);
			pidf_xout_attr(&out, n, "display-name", w->display_name);
			pidf_xout_lang(&out, n, w->lang);
			if (w->has_expiration) {
				if (w->expiration > WINFO_MAX_NUMBER)
					out.err = EINVAL;
				set_number(&out, n, "expiration", w->expiration);
			}
			if (w->has_duration) {
				if (w->duration_subscribed > WINFO_MAX_NUMBER)
					out.err = EINVAL;
				set_number(&out, n, "duration-subscribed", w->duration_subscribed);
			}
		}
	}
	if (doc->version > WINFO_MAX_NUMBER && !out.err)
		out.err = EINVAL;
	return pidf_xout_finish(&out, home, outp, lenp);
}

/* ---- comparison ---- */

static int str_eq(char const *a, char const *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int watcher_eq(struct pidf_watcher const *a, struct pidf_watcher const *b)
{
	return str_eq(a->id, b->id) && a->status == b->status && a->event == b->event &&
	       str_eq(a->uri, b->uri) && str_eq(a->display_name, b->display_name) &&
	       str_eq(a->lang, b->lang) && a->has_expiration == b->has_expiration &&
	       (!a->has_expiration || a->expiration == b->expiration) &&
	       a->has_duration == b->has_duration &&
	       (!a->has_duration || a->duration_subscribed == b->duration_subscribed);
}

int pidf_winfo_equal(struct pidf_winfo const *a, struct pidf_winfo const *b)
{
	size_t i, k;

	if (!a || !b)
		return a == b;
	if (a->version != b->version || a->state != b->state || a->nlists != b->nlists)
		return 0;
	for (i = 0; i < a->nlists; i++) {
		struct pidf_watcher_list const *x = &a->lists[i], *y = &b->lists[i];

		if (!str_eq(x->resource, y->resource) || !str_eq(x->package, y->package) ||
		    x->nwatchers != y->nwatchers)
			return 0;
		for (k = 0; k < x->nwatchers; k++)
			if (!watcher_eq(&x->watchers[k], &y->watchers[k]))
				return 0;
	}
	return 1;
}
