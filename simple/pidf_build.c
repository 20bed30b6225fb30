/* simple/pidf_build.c: building schema-valid PIDF (+ data model, RPID, CIPID, caps, OMA) and OMA pres-content XML. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "simple/pidf.h"
#include "simple/pidf_xml.h"

/* Prefixes the builder declares (on the root, when first used). */
enum ns_id { NS_PIDF, NS_DM, NS_RPID, NS_CIPID, NS_CAPS, NS_OMA, NS_LT };

static struct {
	char const *href, *prefix;
} const prefixes[] = {
	[NS_PIDF] = {PIDF_NS, NULL},
	[NS_DM] = {PIDF_NS_DM, "dm"},
	[NS_RPID] = {PIDF_NS_RPID, "rpid"},
	[NS_CIPID] = {PIDF_NS_CIPID, "c"},
	[NS_CAPS] = {PIDF_NS_CAPS, "caps"},
	[NS_OMA] = {PIDF_NS_OMA, "op"},
	[NS_LT] = {PIDF_NS_LT, "lt"},
};

static xmlNsPtr ns(struct pidf_xout *out, enum ns_id id)
{
	return pidf_xout_ns(out, prefixes[id].href, prefixes[id].prefix);
}

static void fail(struct pidf_xout *out, int err)
{
	if (!out->err)
		out->err = err;
}

static xmlNodePtr add(struct pidf_xout *out, xmlNodePtr parent, enum ns_id id, char const *name,
		      char const *text)
{
	if (out->err)
		return NULL;
	return pidf_xout_add(out, parent, ns(out, id), name, text);
}

static void add_opt(struct pidf_xout *out, xmlNodePtr parent, enum ns_id id, char const *name,
		    char const *text)
{
	if (text)
		add(out, parent, id, name, text);
}

/* An optional URI element: EINVAL unless libxml2 takes it as xs:anyURI. */
static void add_uri(struct pidf_xout *out, xmlNodePtr parent, enum ns_id id, char const *name,
		    char const *uri)
{
	if (!uri)
		return;
	if (!pidf_uri_ok(uri))
		fail(out, EINVAL);
	add(out, parent, id, name, uri);
}

static void add_notes(struct pidf_xout *out, xmlNodePtr parent, enum ns_id id, char const *name,
		      struct pidf_note const *notes, size_t n)
{
	size_t i;

	if (n > PIDF_MAX_NOTES)
		fail(out, E2BIG);
	for (i = 0; i < n && !out->err; i++)
		pidf_xout_note(out, parent, ns(out, id), name, &notes[i]);
}

static void add_time(struct pidf_xout *out, xmlNodePtr parent, enum ns_id id, char const *name,
		     char const *ts)
{
	if (!ts)
		return;
	if (!pidf_datetime_ok(ts))
		fail(out, EINVAL);
	add(out, parent, id, name, ts);
}

static void add_exts(struct pidf_xout *out, xmlNodePtr parent, struct pidf_ext const *ext,
		     size_t n)
{
	size_t i;

	if (n > PIDF_MAX_EXT)
		fail(out, E2BIG);
	for (i = 0; i < n && !out->err; i++)
		pidf_xout_ext(out, parent, &ext[i]);
}

static char const *tri_text(struct pidf_xout *out, enum pidf_tri v)
{
	if (v == PIDF_TRI_TRUE)
		return "true";
	if (v == PIDF_TRI_FALSE)
		return "false";
	if (v != PIDF_TRI_UNSET)
		fail(out, EINVAL);
	return NULL;
}

static char const *basic_text(struct pidf_xout *out, enum pidf_basic b)
{
	if (b == PIDF_BASIC_OPEN)
		return "open";
	if (b == PIDF_BASIC_CLOSED)
		return "closed";
	if (b != PIDF_BASIC_NONE)
		fail(out, EINVAL);
	return NULL;
}

static void add_user_input(struct pidf_xout *out, xmlNodePtr parent,
			   struct pidf_user_input const *u)
{
	xmlNodePtr n;
	char buf[24];

	if (!u)
		return;
	if (u->state != PIDF_INPUT_ACTIVE && u->state != PIDF_INPUT_IDLE) {
		fail(out, EINVAL);
		return;
	}
	n = add(out, parent, NS_RPID, "user-input",
		u->state == PIDF_INPUT_ACTIVE ? "active" : "idle");
	if (u->idle_threshold) {
		snprintf(buf, sizeof buf, "%lu", u->idle_threshold);
		pidf_xout_attr(out, n, "idle-threshold", buf);
	}
	if (u->last_input) {
		if (!pidf_datetime_ok(u->last_input))
			fail(out, EINVAL);
		pidf_xout_attr(out, n, "last-input", u->last_input);
	}
}

static void add_tri(struct pidf_xout *out, xmlNodePtr parent, char const *name, enum pidf_tri v)
{
	add_opt(out, parent, NS_CAPS, name, tri_text(out, v));
}

/* <name><supported>...</supported><notsupported>...</notsupported></name> */
static void add_bits(struct pidf_xout *out, xmlNodePtr parent, char const *name,
		     struct pidf_name const *t, size_t nt, unsigned sup, unsigned notsup)
{
	unsigned const all = nt >= 32 ? ~0u : (1u << nt) - 1;
	unsigned const bits[2] = {sup, notsup};
	char const *const names[2] = {"supported", "notsupported"};
	xmlNodePtr n, list;
	size_t i, k;

	if ((sup | notsup) & ~all) {
		fail(out, EINVAL);
		return;
	}
	if (!(sup | notsup))
		return;
	n = add(out, parent, NS_CAPS, name, NULL);
	for (k = 0; k < 2; k++) {
		if (!bits[k])
			continue;
		list = add(out, n, NS_CAPS, names[k], NULL);
		for (i = 0; i < nt; i++)
			if (bits[k] & (1u << t[i].value))
				add(out, list, NS_CAPS, t[i].name, NULL);
	}
}

/* caps.xsd order: application audio automata control data description
 * event-packages isfocus message methods text type video. */
static void add_servcaps(struct pidf_xout *out, xmlNodePtr parent, struct pidf_servcaps const *sc)
{
	struct pidf_name const *t;
	xmlNodePtr n;
	size_t i, nt;

	if (!sc)
		return;
	n = add(out, parent, NS_CAPS, "servcaps", NULL);
	add_tri(out, n, "application", sc->application);
	add_tri(out, n, "audio", sc->audio);
	add_tri(out, n, "automata", sc->automata);
	add_tri(out, n, "control", sc->control);
	add_tri(out, n, "data", sc->data);
	add_notes(out, n, NS_CAPS, "description", sc->descriptions, sc->ndescriptions);
	t = pidf_event_table(&nt);
	add_bits(out, n, "event-packages", t, nt, sc->events_supported, sc->events_notsupported);
	add_tri(out, n, "isfocus", sc->isfocus);
	add_tri(out, n, "message", sc->message);
	t = pidf_method_table(&nt);
	add_bits(out, n, "methods", t, nt, sc->methods_supported, sc->methods_notsupported);
	add_tri(out, n, "text", sc->text);
	if (sc->ntypes > PIDF_MAX_ITEMS)
		fail(out, E2BIG);
	for (i = 0; i < sc->ntypes && !out->err; i++)
		add(out, n, NS_CAPS, "type", sc->types[i] ? sc->types[i] : "");
	add_tri(out, n, "video", sc->video);
}

static void add_devcaps(struct pidf_xout *out, xmlNodePtr parent, struct pidf_devcaps const *dc)
{
	xmlNodePtr n, m, list;
	enum pidf_tri want;

	if (!dc)
		return;
	n = add(out, parent, NS_CAPS, "devcaps", NULL);
	add_notes(out, n, NS_CAPS, "description", dc->descriptions, dc->ndescriptions);
	tri_text(out, dc->fixed);
	tri_text(out, dc->mobile);
	if (!dc->fixed && !dc->mobile)
		return;
	m = add(out, n, NS_CAPS, "mobility", NULL);
	for (want = PIDF_TRI_TRUE; want >= PIDF_TRI_FALSE; want--) {
		if (dc->fixed != want && dc->mobile != want)
			continue;
		list = add(out, m, NS_CAPS, want == PIDF_TRI_TRUE ? "supported" : "notsupported",
			   NULL);
		if (dc->fixed == want)
			add(out, list, NS_CAPS, "fixed", NULL);
		if (dc->mobile == want)
			add(out, list, NS_CAPS, "mobile", NULL);
	}
}

static void add_oma_basic(struct pidf_xout *out, xmlNodePtr parent, char const *name,
			  enum pidf_basic b)
{
	char const *s = basic_text(out, b);
	xmlNodePtr n;

	if (!s)
		return;
	n = add(out, parent, NS_OMA, name, NULL);
	add(out, n, NS_OMA, "basic", s);
}

static void add_oma_state(struct pidf_xout *out, xmlNodePtr parent, char const *name,
			  enum pidf_oma_state s)
{
	if (s == PIDF_OMA_STATE_ACTIVE)
		add(out, parent, NS_OMA, name, "active");
	else if (s == PIDF_OMA_STATE_TERMINATED)
		add(out, parent, NS_OMA, name, "terminated");
	else if (s != PIDF_OMA_STATE_NONE)
		fail(out, EINVAL);
}

/* "0", "0.5", "0.125", "1". */
static void add_priority(struct pidf_xout *out, xmlNodePtr contact, unsigned q)
{
	char buf[8];
	size_t n;

	if (q > 1000) {
		fail(out, EINVAL);
		return;
	}
	if (q == 1000 || q == 0) {
		snprintf(buf, sizeof buf, "%u", q / 1000);
	} else {
		snprintf(buf, sizeof buf, "0.%03u", q);
		n = strlen(buf);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
	}
	pidf_xout_attr(out, contact, "priority", buf);
}

static void add_tuple(struct pidf_xout *out, xmlNodePtr root, struct pidf_tuple const *t,
		      char const *id)
{
	xmlNodePtr n, st, c;

	n = add(out, root, NS_PIDF, "tuple", NULL);
	pidf_xout_attr(out, n, "id", id);
	st = add(out, n, NS_PIDF, "status", NULL);
	add_opt(out, st, NS_PIDF, "basic", basic_text(out, t->basic));
	add_exts(out, st, t->status_ext, t->nstatus_ext);
	/* the extension slot: between status and contact */
	add_servcaps(out, n, t->caps);
	add_uri(out, n, NS_DM, "deviceID", t->device_id);
	add_opt(out, n, NS_RPID, "class", t->rpid_class);
	add_user_input(out, n, t->user_input);
	if (t->service_desc) {
		xmlNodePtr sd = add(out, n, NS_OMA, "service-description", NULL);

		if (!t->service_desc->service_id)
			fail(out, EINVAL);
		add_opt(out, sd, NS_OMA, "service-id", t->service_desc->service_id);
		add_opt(out, sd, NS_OMA, "version", t->service_desc->version);
		add_opt(out, sd, NS_OMA, "description", t->service_desc->description);
	}
	add_oma_basic(out, n, "willingness", t->willingness);
	add_oma_basic(out, n, "session-participation", t->session_participation);
	add_oma_state(out, n, "registration-state", t->registration_state);
	add_oma_state(out, n, "barring-state", t->barring_state);
	add_exts(out, n, t->ext, t->next);
	if (t->contact) {
		if (!pidf_uri_ok(t->contact))
			fail(out, EINVAL);
		c = add(out, n, NS_PIDF, "contact", t->contact);
		if (t->has_priority)
			add_priority(out, c, t->priority);
	}
	add_notes(out, n, NS_PIDF, "note", t->notes, t->nnotes);
	add_time(out, n, NS_PIDF, "timestamp", t->timestamp);
}

/* rpid:activities / rpid:mood: notes, then <unknown/> alone or the values. */
static void add_rpid_set(struct pidf_xout *out, xmlNodePtr parent, char const *name,
			 struct pidf_rpid_set const *set, int mood)
{
	int const other = mood ? PIDF_MOOD_OTHER : PIDF_ACT_OTHER;
	int const unknown = mood ? PIDF_MOOD_UNKNOWN : PIDF_ACT_UNKNOWN;
	int const count = mood ? PIDF_MOOD_COUNT : PIDF_ACT_COUNT;
	xmlNodePtr n, o;
	size_t i;

	if (!set)
		return;
	if (set->n > PIDF_MAX_ITEMS) {
		fail(out, E2BIG);
		return;
	}
	if (mood && set->n == 0) { /* rpid.xsd: a mood has at least one child */
		fail(out, EINVAL);
		return;
	}
	n = add(out, parent, NS_RPID, name, NULL);
	add_notes(out, n, NS_RPID, "note", set->notes, set->nnotes);
	for (i = 0; i < set->n && !out->err; i++) {
		struct pidf_rpid_item const *it = &set->items[i];

		if (it->value < 0 || it->value >= count || (it->value == unknown && set->n > 1)) {
			fail(out, EINVAL);
		} else if (it->value == other) {
			o = add(out, n, NS_RPID, "other", it->other ? it->other : "");
			pidf_xout_lang(out, o, it->lang);
		} else {
			add(out, n, NS_RPID,
			    mood ? pidf_mood_name(it->value) : pidf_activity_name(it->value), NULL);
		}
	}
}

static void add_place_type(struct pidf_xout *out, xmlNodePtr parent,
			   struct pidf_place_type const *pt)
{
	xmlNodePtr n, o;
	size_t i;

	if (!pt)
		return;
	if (!pt->other == !pt->ntypes || pt->ntypes > PIDF_MAX_ITEMS) {
		fail(out, EINVAL); /* exactly one of other / location types */
		return;
	}
	n = add(out, parent, NS_RPID, "place-type", NULL);
	add_notes(out, n, NS_RPID, "note", pt->notes, pt->nnotes);
	if (pt->other) {
		o = add(out, n, NS_RPID, "other", pt->other);
		pidf_xout_lang(out, o, pt->other_lang);
	}
	for (i = 0; i < pt->ntypes && !out->err; i++) {
		if (!pt->types[i] || xmlValidateNCName((xmlChar const *)pt->types[i], 0))
			fail(out, EINVAL);
		else
			add(out, n, NS_LT, pt->types[i], NULL);
	}
}

static void add_privacy(struct pidf_xout *out, xmlNodePtr parent, struct pidf_privacy const *p)
{
	xmlNodePtr n;

	if (!p)
		return;
	if (p->unknown && (p->audio || p->text || p->video)) {
		fail(out, EINVAL);
		return;
	}
	n = add(out, parent, NS_RPID, "privacy", NULL);
	if (p->unknown)
		add(out, n, NS_RPID, "unknown", NULL);
	if (p->audio)
		add(out, n, NS_RPID, "audio", NULL);
	if (p->text)
		add(out, n, NS_RPID, "text", NULL);
	if (p->video)
		add(out, n, NS_RPID, "video", NULL);
}

static void add_sphere(struct pidf_xout *out, xmlNodePtr parent, enum pidf_sphere s)
{
	static char const *const names[] = {
		[PIDF_SPHERE_HOME] = "home",
		[PIDF_SPHERE_WORK] = "work",
		[PIDF_SPHERE_UNKNOWN] = "unknown",
	};
	xmlNodePtr n;

	if (s == PIDF_SPHERE_NONE)
		return;
	if (s > PIDF_SPHERE_UNKNOWN) {
		fail(out, EINVAL);
		return;
	}
	n = add(out, parent, NS_RPID, "sphere", NULL);
	add(out, n, NS_RPID, names[s], NULL);
}

static void add_time_offset(struct pidf_xout *out, xmlNodePtr parent,
			    struct pidf_time_offset const *t)
{
	xmlNodePtr n;
	char buf[16];

	if (!t)
		return;
	if (t->minutes < -1440 || t->minutes > 1440) {
		fail(out, EINVAL);
		return;
	}
	snprintf(buf, sizeof buf, "%d", t->minutes);
	n = add(out, parent, NS_RPID, "time-offset", buf);
	pidf_xout_attr(out, n, "description", t->description);
}

static void add_person(struct pidf_xout *out, xmlNodePtr root, struct pidf_person const *p,
		       char const *id)
{
	xmlNodePtr n = add(out, root, NS_DM, "person", NULL);

	pidf_xout_attr(out, n, "id", id);
	add_rpid_set(out, n, "activities", p->activities, 0);
	add_rpid_set(out, n, "mood", p->mood, 1);
	add_place_type(out, n, p->place_type);
	add_privacy(out, n, p->privacy);
	add_sphere(out, n, p->sphere);
	add_opt(out, n, NS_RPID, "class", p->rpid_class);
	add_time_offset(out, n, p->time_offset);
	add_user_input(out, n, p->user_input);
	add_uri(out, n, NS_RPID, "status-icon", p->status_icon);
	add_uri(out, n, NS_CIPID, "card", p->card);
	add_opt(out, n, NS_CIPID, "display-name", p->display_name);
	add_uri(out, n, NS_CIPID, "homepage", p->homepage);
	add_uri(out, n, NS_CIPID, "icon", p->icon);
	add_uri(out, n, NS_CIPID, "map", p->map);
	add_uri(out, n, NS_CIPID, "sound", p->sound);
	add_oma_basic(out, n, "overriding-willingness", p->overriding_willingness);
	add_exts(out, n, p->ext, p->next);
	add_notes(out, n, NS_DM, "note", p->notes, p->nnotes);
	add_time(out, n, NS_DM, "timestamp", p->timestamp);
}

static void add_device(struct pidf_xout *out, xmlNodePtr root, struct pidf_device const *d,
		       char const *id)
{
	xmlNodePtr n = add(out, root, NS_DM, "device", NULL);

	pidf_xout_attr(out, n, "id", id);
	add_user_input(out, n, d->user_input);
	add_opt(out, n, NS_RPID, "class", d->rpid_class);
	add_devcaps(out, n, d->caps);
	add_exts(out, n, d->ext, d->next);
	if (!d->device_id || !*d->device_id)
		fail(out, EINVAL);
	add_uri(out, n, NS_DM, "deviceID", d->device_id);
	add_notes(out, n, NS_DM, "note", d->notes, d->nnotes);
	add_time(out, n, NS_DM, "timestamp", d->timestamp);
}

int pidf_build(su_home_t *home, struct pidf_doc const *doc, char **outp, size_t *lenp)
{
	struct pidf_xout out;
	su_home_t *tmp;
	char const **ids = NULL;
	size_t i, k = 0;
	int err;

	if (!home || !doc || !outp || !lenp || !doc->entity || !pidf_uri_ok(doc->entity))
		return EINVAL;
	if (doc->ntuples > PIDF_MAX_TUPLES || doc->npersons > PIDF_MAX_PERSONS ||
	    doc->ndevices > PIDF_MAX_DEVICES)
		return E2BIG;
	tmp = su_home_new(sizeof *tmp);
	if (!tmp)
		return ENOMEM;
	if (pidf_ids_assign(tmp, doc, &ids)) {
		su_home_unref(tmp);
		return ENOMEM;
	}
	pidf_xout_init(&out, PIDF_NS, NULL, "presence");
	pidf_xout_attr(&out, out.root, "entity", doc->entity);
	for (i = 0; i < doc->ntuples && !out.err; i++)
		add_tuple(&out, out.root, &doc->tuples[i], ids[k++]);
	add_notes(&out, out.root, NS_PIDF, "note", doc->notes, doc->nnotes);
	k = doc->ntuples;
	for (i = 0; i < doc->npersons && !out.err; i++)
		add_person(&out, out.root, &doc->persons[i], ids[k++]);
	k = doc->ntuples + doc->npersons;
	for (i = 0; i < doc->ndevices && !out.err; i++)
		add_device(&out, out.root, &doc->devices[i], ids[k++]);
	add_exts(&out, out.root, doc->ext, doc->next);
	err = pidf_xout_finish(&out, home, outp, lenp);
	su_home_unref(tmp);
	return err;
}

int pidf_content_build(su_home_t *home, struct pidf_content const *ct, char **outp,
		       size_t *lenp)
{
	struct pidf_xout out;
	xmlNodePtr r;
	xmlNsPtr n;
	size_t i;

	if (!home || !ct || !outp || !lenp || !ct->data)
		return EINVAL;
	pidf_xout_init(&out, PIDF_NS_OMA_CONTENT, NULL, "content");
	out.maxstr = PIDF_MAX_CONTENT_DATA;
	r = out.root;
	n = r ? r->ns : NULL;
	if (ct->mime_type)
		pidf_xout_add(&out, r, n, "mime-type", ct->mime_type);
	if (ct->encoding)
		pidf_xout_add(&out, r, n, "encoding", ct->encoding);
	if (ct->ndescriptions > PIDF_MAX_NOTES)
		fail(&out, E2BIG);
	for (i = 0; i < ct->ndescriptions && !out.err; i++)
		pidf_xout_note(&out, r, n, "description", &ct->descriptions[i]);
	pidf_xout_add(&out, r, n, "data", ct->data);
	return pidf_xout_finish(&out, home, outp, lenp);
}
