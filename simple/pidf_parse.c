/* simple/pidf_parse.c: PIDF (+ data model, RPID, CIPID, caps, OMA) and OMA pres-content parsing into the typed model. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "simple/pidf.h"
#include "simple/pidf_xml.h"

#define FOR_CHILDREN(c, n) \
	for ((c) = pidf_xml_elem((n)->children); (c); (c) = pidf_xml_elem((c)->next))

static int in_ns(xmlNodePtr n, char const *ns)
{
	char const *h = pidf_xml_ns(n);

	return h && !strcmp(h, ns);
}

static int named(xmlNodePtr n, char const *name)
{
	return !strcmp((char const *)n->name, name);
}

static void *zalloc(struct pidf_xin *in, size_t size)
{
	void *p;

	if (in->err)
		return NULL;
	p = su_zalloc(in->home, (isize_t)size);
	if (!p)
		pidf_xin_fail(in, ENOMEM, "out of memory");
	return p;
}

/* Unmodelled child: kept if its namespace is foreign, dropped otherwise. */
static void other_child(struct pidf_xin *in, xmlNodePtr c, struct pidf_ext **ext, size_t *next)
{
	if (!pidf_xml_known_ns(pidf_xml_ns(c)))
		pidf_xin_ext(in, c, ext, next);
}

/* First-wins setter for a single trimmed text value. */
static void set_text(struct pidf_xin *in, xmlNodePtr c, char const **dst, int trim)
{
	if (!*dst)
		*dst = pidf_xin_text(in, c, trim);
}

/* First-wins setter for a URI: dropped when libxml2 would not take it as
 * an xs:anyURI, so that what we re-emit stays schema-valid. */
static void set_uri(struct pidf_xin *in, xmlNodePtr c, char const **dst)
{
	char const *s;

	if (*dst)
		return;
	s = pidf_xin_text(in, c, 1);
	if (s && pidf_uri_ok(s))
		*dst = s;
}

static void set_time(struct pidf_xin *in, xmlNodePtr c, char const **dst)
{
	char const *s;

	if (*dst)
		return;
	s = pidf_xin_text(in, c, 1);
	if (s && pidf_datetime_ok(s))
		*dst = s;
}

static void add_string(struct pidf_xin *in, xmlNodePtr c, char const ***arr, size_t *n,
		       char const *what)
{
	char const *s = pidf_xin_text(in, c, 1);
	char const **slot;

	if (!s)
		return;
	slot = pidf_xin_grow(in, arr, n, sizeof *slot, PIDF_MAX_ITEMS, what);
	if (slot)
		*slot = s;
}

static enum pidf_basic basic_of(char const *s)
{
	if (s && !strcmp(s, "open"))
		return PIDF_BASIC_OPEN;
	if (s && !strcmp(s, "closed"))
		return PIDF_BASIC_CLOSED;
	return PIDF_BASIC_NONE;
}

/* OMA <op:x><op:basic>open</op:basic></op:x>; bare text accepted too. */
static void oma_basic(struct pidf_xin *in, xmlNodePtr n, enum pidf_basic *dst)
{
	xmlNodePtr c;

	if (*dst)
		return;
	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS_OMA) && named(c, "basic")) {
			*dst = basic_of(pidf_xin_text(in, c, 1));
			return;
		}
	}
	*dst = basic_of(pidf_xin_text(in, n, 1));
}

static void oma_state(struct pidf_xin *in, xmlNodePtr n, enum pidf_oma_state *dst)
{
	char const *s;

	if (*dst)
		return;
	s = pidf_xin_text(in, n, 1);
	if (s && !strcmp(s, "active"))
		*dst = PIDF_OMA_STATE_ACTIVE;
	else if (s && !strcmp(s, "terminated"))
		*dst = PIDF_OMA_STATE_TERMINATED;
}

/* qvalue (pidf.xsd): 0, 0.x, 0.xx, 0.xxx, 1, 1.0, 1.00, 1.000. */
static int parse_qvalue(char const *s, unsigned *v)
{
	unsigned r, scale = 100;

	if (!s || (*s != '0' && *s != '1'))
		return 0;
	r = *s == '1' ? 1000 : 0;
	s++;
	if (*s == '.') {
		int n = 0;

		for (s++; *s >= '0' && *s <= '9'; s++, n++) {
			if (n == 3 || (r == 1000 && *s != '0'))
				return 0;
			r += (unsigned)(*s - '0') * scale;
			scale /= 10;
		}
	}
	if (*s)
		return 0;
	*v = r;
	return 1;
}

static void parse_user_input(struct pidf_xin *in, xmlNodePtr n, struct pidf_user_input **dst)
{
	struct pidf_user_input *u;
	char const *s, *t, *last;
	unsigned long th = 0;

	if (*dst)
		return;
	s = pidf_xin_text(in, n, 1);
	if (!s || (strcmp(s, "active") && strcmp(s, "idle")))
		return;
	t = pidf_xin_attr(in, n, "idle-threshold", NULL, 1);
	last = pidf_xin_attr(in, n, "last-input", NULL, 1);
	u = zalloc(in, sizeof *u);
	if (!u)
		return;
	u->state = !strcmp(s, "active") ? PIDF_INPUT_ACTIVE : PIDF_INPUT_IDLE;
	if (t && pidf_ulong(t, 0xFFFFFFFFul, &th) && th > 0)
		u->idle_threshold = th;
	if (last && pidf_datetime_ok(last))
		u->last_input = last;
	*dst = u;
}

static enum pidf_tri tri_of(char const *s)
{
	if (s && (!strcmp(s, "true") || !strcmp(s, "1")))
		return PIDF_TRI_TRUE;
	if (s && (!strcmp(s, "false") || !strcmp(s, "0")))
		return PIDF_TRI_FALSE;
	return PIDF_TRI_UNSET;
}

/* Bits of the children of <supported>/<notsupported> named in a table. */
static unsigned name_bits(xmlNodePtr n, struct pidf_name const *t, size_t nt)
{
	xmlNodePtr c;
	unsigned bits = 0;
	size_t i;

	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_CAPS))
			continue;
		for (i = 0; i < nt; i++)
			if (named(c, t[i].name))
				bits |= 1u << t[i].value;
	}
	return bits;
}

static void supported_bits(xmlNodePtr n, struct pidf_name const *t, size_t nt,
			   unsigned *sup, unsigned *notsup)
{
	xmlNodePtr c;

	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_CAPS))
			continue;
		if (named(c, "supported"))
			*sup |= name_bits(c, t, nt);
		else if (named(c, "notsupported"))
			*notsup |= name_bits(c, t, nt);
	}
}

static struct servcaps_bool {
	char const *name;
	size_t offset;
} const servcaps_bools[] = {
	{"application", offsetof(struct pidf_servcaps, application)},
	{"audio", offsetof(struct pidf_servcaps, audio)},
	{"automata", offsetof(struct pidf_servcaps, automata)},
	{"control", offsetof(struct pidf_servcaps, control)},
	{"data", offsetof(struct pidf_servcaps, data)},
	{"isfocus", offsetof(struct pidf_servcaps, isfocus)},
	{"message", offsetof(struct pidf_servcaps, message)},
	{"text", offsetof(struct pidf_servcaps, text)},
	{"video", offsetof(struct pidf_servcaps, video)},
};

static void parse_servcaps(struct pidf_xin *in, xmlNodePtr n, struct pidf_servcaps **dst)
{
	struct pidf_servcaps *sc;
	struct pidf_name const *t;
	xmlNodePtr c;
	size_t i, nt;

	if (*dst || !(sc = zalloc(in, sizeof *sc)))
		return;
	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_CAPS))
			continue;
		for (i = 0; i < sizeof servcaps_bools / sizeof servcaps_bools[0]; i++) {
			if (named(c, servcaps_bools[i].name)) {
				enum pidf_tri *v =
					(enum pidf_tri *)((char *)sc + servcaps_bools[i].offset);
				if (!*v)
					*v = tri_of(pidf_xin_text(in, c, 1));
				break;
			}
		}
		if (i < sizeof servcaps_bools / sizeof servcaps_bools[0])
			continue;
		if (named(c, "methods")) {
			t = pidf_method_table(&nt);
			supported_bits(c, t, nt, &sc->methods_supported, &sc->methods_notsupported);
		} else if (named(c, "event-packages")) {
			t = pidf_event_table(&nt);
			supported_bits(c, t, nt, &sc->events_supported, &sc->events_notsupported);
		} else if (named(c, "type")) {
			add_string(in, c, &sc->types, &sc->ntypes, "caps types");
		} else if (named(c, "description")) {
			pidf_xin_note(in, c, &sc->descriptions, &sc->ndescriptions);
		}
	}
	*dst = sc;
}

static void mobility(xmlNodePtr n, enum pidf_tri v, struct pidf_devcaps *dc)
{
	xmlNodePtr c;

	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_CAPS))
			continue;
		if (named(c, "fixed") && !dc->fixed)
			dc->fixed = v;
		else if (named(c, "mobile") && !dc->mobile)
			dc->mobile = v;
	}
}

static void parse_devcaps(struct pidf_xin *in, xmlNodePtr n, struct pidf_devcaps **dst)
{
	struct pidf_devcaps *dc;
	xmlNodePtr c, m;

	if (*dst || !(dc = zalloc(in, sizeof *dc)))
		return;
	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_CAPS))
			continue;
		if (named(c, "description")) {
			pidf_xin_note(in, c, &dc->descriptions, &dc->ndescriptions);
		} else if (named(c, "mobility")) {
			FOR_CHILDREN(m, c) {
				if (pidf_xml_is(m, PIDF_NS_CAPS, "supported"))
					mobility(m, PIDF_TRI_TRUE, dc);
				else if (pidf_xml_is(m, PIDF_NS_CAPS, "notsupported"))
					mobility(m, PIDF_TRI_FALSE, dc);
			}
		}
	}
	*dst = dc;
}

static void parse_service_desc(struct pidf_xin *in, xmlNodePtr n, struct pidf_service_desc **dst)
{
	struct pidf_service_desc sd = {0}, *p;
	xmlNodePtr c;

	if (*dst)
		return;
	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_OMA))
			continue;
		if (named(c, "service-id"))
			set_text(in, c, &sd.service_id, 1);
		else if (named(c, "version"))
			set_text(in, c, &sd.version, 1);
		else if (named(c, "description"))
			set_text(in, c, &sd.description, 0);
	}
	if (!sd.service_id || !(p = zalloc(in, sizeof *p)))
		return;
	*p = sd;
	*dst = p;
}

/* rpid:activities or rpid:mood. */
static void parse_rpid_set(struct pidf_xin *in, xmlNodePtr n, int mood,
			   struct pidf_rpid_set **dst)
{
	struct pidf_rpid_set *set;
	struct pidf_rpid_item *it;
	xmlNodePtr c;
	size_t i, k, unknowns = 0;
	int other = mood ? PIDF_MOOD_OTHER : PIDF_ACT_OTHER;
	int unknown = mood ? PIDF_MOOD_UNKNOWN : PIDF_ACT_UNKNOWN;

	if (*dst || !(set = zalloc(in, sizeof *set)))
		return;
	FOR_CHILDREN(c, n) {
		char const *name = (char const *)c->name;

		if (!pidf_xml_ns(c))
			continue;
		if (in_ns(c, PIDF_NS_RPID) && named(c, "note")) {
			pidf_xin_note(in, c, &set->notes, &set->nnotes);
			continue;
		}
		it = pidf_xin_grow(in, &set->items, &set->n, sizeof *it, PIDF_MAX_ITEMS,
				   mood ? "moods" : "activities");
		if (!it)
			return;
		if (in_ns(c, PIDF_NS_RPID) && named(c, "other")) {
			it->value = other;
			it->other = pidf_xin_text(in, c, 0);
			it->lang = pidf_xin_lang(in, c);
			continue;
		}
		it->value = !in_ns(c, PIDF_NS_RPID) ? other
			    : mood ? pidf_mood_value(name) : pidf_activity_value(name);
		if (it->value == other) { /* foreign or unlisted: its name as text */
			if (!(it->other = su_strdup(in->home, name)))
				pidf_xin_fail(in, ENOMEM, "out of memory");
		}
		else if (it->value == unknown)
			unknowns++;
	}
	/* <unknown/> stands alone: drop it next to real values, keep one. */
	if (unknowns) {
		for (i = k = 0; i < set->n; i++) {
			if (set->items[i].value == unknown && (unknowns < set->n || k > 0))
				continue;
			set->items[k++] = set->items[i];
		}
		set->n = k;
	}
	if (mood && !set->n && !in->err) {
		it = pidf_xin_grow(in, &set->items, &set->n, sizeof *it, PIDF_MAX_ITEMS, "moods");
		if (it)
			it->value = unknown;
	}
	*dst = set;
}

static void parse_place_type(struct pidf_xin *in, xmlNodePtr n, struct pidf_place_type **dst)
{
	struct pidf_place_type *pt;
	xmlNodePtr c;

	if (*dst || !(pt = zalloc(in, sizeof *pt)))
		return;
	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS_RPID) && named(c, "note")) {
			pidf_xin_note(in, c, &pt->notes, &pt->nnotes);
		} else if (in_ns(c, PIDF_NS_RPID) && named(c, "other")) {
			if (!pt->other) {
				pt->other = pidf_xin_text(in, c, 0);
				pt->other_lang = pidf_xin_lang(in, c);
			}
		} else if (in_ns(c, PIDF_NS_LT)) {
			char const **slot = pidf_xin_grow(in, &pt->types, &pt->ntypes,
							  sizeof *slot, PIDF_MAX_ITEMS,
							  "place types");
			if (slot && !(*slot = su_strdup(in->home, (char const *)c->name)))
				pidf_xin_fail(in, ENOMEM, "out of memory");
		}
	}
	if (pt->ntypes) { /* a choice: location types win over other */
		pt->other = NULL;
		pt->other_lang = NULL;
	}
	if (pt->other || pt->ntypes)
		*dst = pt;
}

static void parse_privacy(struct pidf_xin *in, xmlNodePtr n, struct pidf_privacy **dst)
{
	struct pidf_privacy *p;
	xmlNodePtr c;

	if (*dst || !(p = zalloc(in, sizeof *p)))
		return;
	FOR_CHILDREN(c, n) {
		if (!in_ns(c, PIDF_NS_RPID))
			continue;
		if (named(c, "unknown"))
			p->unknown = 1;
		else if (named(c, "audio"))
			p->audio = 1;
		else if (named(c, "text"))
			p->text = 1;
		else if (named(c, "video"))
			p->video = 1;
	}
	if (p->audio || p->text || p->video)
		p->unknown = 0;
	*dst = p;
}

static enum pidf_sphere sphere_of(char const *s)
{
	if (s && !strcmp(s, "home"))
		return PIDF_SPHERE_HOME;
	if (s && !strcmp(s, "work"))
		return PIDF_SPHERE_WORK;
	return PIDF_SPHERE_UNKNOWN;
}

static void parse_sphere(struct pidf_xin *in, xmlNodePtr n, enum pidf_sphere *dst)
{
	xmlNodePtr c = pidf_xml_elem(n->children);

	if (*dst)
		return;
	if (c)
		*dst = in_ns(c, PIDF_NS_RPID) ? sphere_of((char const *)c->name)
					      : PIDF_SPHERE_UNKNOWN;
	else
		*dst = sphere_of(pidf_xin_text(in, n, 1));
}

static void parse_time_offset(struct pidf_xin *in, xmlNodePtr n, struct pidf_time_offset **dst)
{
	struct pidf_time_offset *t;
	char const *s;
	unsigned long v;
	int neg = 0;

	if (*dst)
		return;
	s = pidf_xin_text(in, n, 1);
	if (!s)
		return;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!pidf_ulong(s, 1440, &v) || !(t = zalloc(in, sizeof *t)))
		return;
	t->minutes = neg ? -(int)v : (int)v;
	t->description = pidf_xin_attr(in, n, "description", NULL, 0);
	*dst = t;
}

static void parse_status(struct pidf_xin *in, xmlNodePtr n, struct pidf_tuple *t)
{
	xmlNodePtr c;
	int seen = 0;

	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS) && named(c, "basic")) {
			char const *s = pidf_xin_text(in, c, 1);

			if (in->err || seen++)
				continue;
			t->basic = basic_of(s);
			if (!t->basic)
				pidf_xin_fail(in, EPROTO, "tuple %s: basic status \"%.40s\" is not"
					      " open or closed", t->id ? t->id : "", s);
		} else {
			other_child(in, c, &t->status_ext, &t->nstatus_ext);
		}
	}
}

static void parse_tuple(struct pidf_xin *in, xmlNodePtr n, struct pidf_doc *doc)
{
	struct pidf_tuple *t;
	xmlNodePtr c;
	int status = 0;

	t = pidf_xin_grow(in, &doc->tuples, &doc->ntuples, sizeof *t, PIDF_MAX_TUPLES, "tuples");
	if (!t)
		return;
	t->id = pidf_xin_attr(in, n, "id", NULL, 1);
	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS)) {
			if (named(c, "status")) {
				if (!status++)
					parse_status(in, c, t);
			} else if (named(c, "contact")) {
				char const *q;

				if (t->contact)
					continue;
				set_uri(in, c, &t->contact);
				if (!t->contact)
					continue;
				q = pidf_xin_attr(in, c, "priority", NULL, 1);
				if (q && parse_qvalue(q, &t->priority))
					t->has_priority = 1;
			} else if (named(c, "note")) {
				pidf_xin_note(in, c, &t->notes, &t->nnotes);
			} else if (named(c, "timestamp")) {
				set_time(in, c, &t->timestamp);
			}
		} else if (in_ns(c, PIDF_NS_DM)) {
			if (named(c, "deviceID"))
				set_uri(in, c, &t->device_id);
		} else if (in_ns(c, PIDF_NS_RPID)) {
			if (named(c, "class"))
				set_text(in, c, &t->rpid_class, 1);
			else if (named(c, "user-input"))
				parse_user_input(in, c, &t->user_input);
		} else if (in_ns(c, PIDF_NS_CAPS)) {
			if (named(c, "servcaps"))
				parse_servcaps(in, c, &t->caps);
		} else if (in_ns(c, PIDF_NS_OMA)) {
			if (named(c, "service-description"))
				parse_service_desc(in, c, &t->service_desc);
			else if (named(c, "willingness"))
				oma_basic(in, c, &t->willingness);
			else if (named(c, "session-participation"))
				oma_basic(in, c, &t->session_participation);
			else if (named(c, "registration-state"))
				oma_state(in, c, &t->registration_state);
			else if (named(c, "barring-state"))
				oma_state(in, c, &t->barring_state);
			else
				other_child(in, c, &t->ext, &t->next);
		} else {
			other_child(in, c, &t->ext, &t->next);
		}
	}
	if (!status)
		pidf_xin_fail(in, EPROTO, "tuple %.40s has no status", t->id ? t->id : "");
}

/* CIPID elements of a person: name -> field. */
static struct cipid_field {
	char const *name;
	size_t offset;
	int uri;
} const cipid_fields[] = {
	{"display-name", offsetof(struct pidf_person, display_name), 0},
	{"card", offsetof(struct pidf_person, card), 1},
	{"homepage", offsetof(struct pidf_person, homepage), 1},
	{"icon", offsetof(struct pidf_person, icon), 1},
	{"map", offsetof(struct pidf_person, map), 1},
	{"sound", offsetof(struct pidf_person, sound), 1},
};

static void parse_person(struct pidf_xin *in, xmlNodePtr n, struct pidf_doc *doc)
{
	struct pidf_person *p;
	xmlNodePtr c;
	size_t i;

	p = pidf_xin_grow(in, &doc->persons, &doc->npersons, sizeof *p, PIDF_MAX_PERSONS,
			  "persons");
	if (!p)
		return;
	p->id = pidf_xin_attr(in, n, "id", NULL, 1);
	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS_DM) || in_ns(c, PIDF_NS)) {
			if (named(c, "note"))
				pidf_xin_note(in, c, &p->notes, &p->nnotes);
			else if (named(c, "timestamp"))
				set_time(in, c, &p->timestamp);
		} else if (in_ns(c, PIDF_NS_RPID)) {
			if (named(c, "activities"))
				parse_rpid_set(in, c, 0, &p->activities);
			else if (named(c, "mood"))
				parse_rpid_set(in, c, 1, &p->mood);
			else if (named(c, "place-type"))
				parse_place_type(in, c, &p->place_type);
			else if (named(c, "privacy"))
				parse_privacy(in, c, &p->privacy);
			else if (named(c, "sphere"))
				parse_sphere(in, c, &p->sphere);
			else if (named(c, "class"))
				set_text(in, c, &p->rpid_class, 1);
			else if (named(c, "time-offset"))
				parse_time_offset(in, c, &p->time_offset);
			else if (named(c, "user-input"))
				parse_user_input(in, c, &p->user_input);
			else if (named(c, "status-icon"))
				set_uri(in, c, &p->status_icon);
		} else if (in_ns(c, PIDF_NS_CIPID)) {
			for (i = 0; i < sizeof cipid_fields / sizeof cipid_fields[0]; i++) {
				char const **dst = (char const **)((char *)p +
								   cipid_fields[i].offset);

				if (!named(c, cipid_fields[i].name))
					continue;
				if (cipid_fields[i].uri)
					set_uri(in, c, dst);
				else
					set_text(in, c, dst, 0);
			}
		} else if (in_ns(c, PIDF_NS_OMA) && named(c, "overriding-willingness")) {
			oma_basic(in, c, &p->overriding_willingness);
		} else {
			other_child(in, c, &p->ext, &p->next);
		}
	}
}

static void parse_device(struct pidf_xin *in, xmlNodePtr n, struct pidf_doc *doc)
{
	struct pidf_device *d;
	xmlNodePtr c;

	d = pidf_xin_grow(in, &doc->devices, &doc->ndevices, sizeof *d, PIDF_MAX_DEVICES,
			  "devices");
	if (!d)
		return;
	d->id = pidf_xin_attr(in, n, "id", NULL, 1);
	FOR_CHILDREN(c, n) {
		if (in_ns(c, PIDF_NS_DM) || in_ns(c, PIDF_NS)) {
			if (named(c, "deviceID"))
				set_uri(in, c, &d->device_id);
			else if (named(c, "note"))
				pidf_xin_note(in, c, &d->notes, &d->nnotes);
			else if (named(c, "timestamp"))
				set_time(in, c, &d->timestamp);
		} else if (in_ns(c, PIDF_NS_RPID)) {
			if (named(c, "class"))
				set_text(in, c, &d->rpid_class, 1);
			else if (named(c, "user-input"))
				parse_user_input(in, c, &d->user_input);
		} else if (in_ns(c, PIDF_NS_CAPS)) {
			if (named(c, "devcaps"))
				parse_devcaps(in, c, &d->caps);
		} else {
			other_child(in, c, &d->ext, &d->next);
		}
	}
	if (!d->device_id || !*d->device_id)
		pidf_xin_fail(in, EPROTO, "device %.40s has no valid deviceID", d->id ? d->id : "");
}

static void parse_presence(struct pidf_xin *in, xmlNodePtr root, struct pidf_doc *doc)
{
	xmlNodePtr c;
	char const **ids;
	size_t i, k = 0;

	doc->entity = pidf_xin_attr(in, root, "entity", NULL, 1);
	if (!doc->entity && !in->err) {
		pidf_xin_fail(in, EPROTO, "presence has no entity");
		return;
	}
	if (doc->entity && !pidf_uri_ok(doc->entity)) {
		pidf_xin_fail(in, EPROTO, "presence entity \"%.60s\" is not a URI", doc->entity);
		return;
	}
	FOR_CHILDREN(c, root) {
		if (in->err)
			return;
		if (pidf_xml_is(c, PIDF_NS, "tuple"))
			parse_tuple(in, c, doc);
		else if (pidf_xml_is(c, PIDF_NS, "note"))
			pidf_xin_note(in, c, &doc->notes, &doc->nnotes);
		else if (pidf_xml_is(c, PIDF_NS_DM, "person"))
			parse_person(in, c, doc);
		else if (pidf_xml_is(c, PIDF_NS_DM, "device"))
			parse_device(in, c, doc);
		else
			other_child(in, c, &doc->ext, &doc->next);
	}
	if (in->err)
		return;
	if (pidf_ids_assign(in->home, doc, &ids)) {
		pidf_xin_fail(in, ENOMEM, "out of memory");
		return;
	}
	for (i = 0; i < doc->ntuples; i++)
		doc->tuples[i].id = ids[k++];
	for (i = 0; i < doc->npersons; i++)
		doc->persons[i].id = ids[k++];
	for (i = 0; i < doc->ndevices; i++)
		doc->devices[i].id = ids[k++];
}

static void parse_presence_cb(struct pidf_xin *in, xmlNodePtr root, void *result)
{
	parse_presence(in, root, result);
}

int pidf_parse(su_home_t *home, void const *buf, size_t len, struct pidf_doc **docp,
	       char *reason, size_t reasonlen)
{
	void *r;
	int err;

	if (!docp)
		return EINVAL;
	err = pidf_xml_parse_frame(home, buf, len, PIDF_MAX_BODY, 0, PIDF_NS, "presence",
			  sizeof(struct pidf_doc), parse_presence_cb, &r, reason, reasonlen);
	if (!err)
		*docp = r;
	return err;
}

static void parse_content_cb(struct pidf_xin *in, xmlNodePtr root, void *result)
{
	struct pidf_content *ct = result;
	xmlNodePtr c;

	FOR_CHILDREN(c, root) {
		if (!in_ns(c, PIDF_NS_OMA_CONTENT))
			continue;
		if (named(c, "mime-type"))
			set_text(in, c, &ct->mime_type, 1);
		else if (named(c, "encoding"))
			set_text(in, c, &ct->encoding, 1);
		else if (named(c, "description"))
			pidf_xin_note(in, c, &ct->descriptions, &ct->ndescriptions);
		else if (named(c, "data"))
			set_text(in, c, &ct->data, 1);
	}
	if (!ct->data)
		pidf_xin_fail(in, EPROTO, "pres-content has no data");
}

int pidf_content_parse(su_home_t *home, void const *buf, size_t len,
		       struct pidf_content **contentp, char *reason, size_t reasonlen)
{
	void *r;
	int err;

	if (!contentp)
		return EINVAL;
	err = pidf_xml_parse_frame(home, buf, len, PIDF_MAX_CONTENT_BODY, PIDF_MAX_CONTENT_DATA,
			  PIDF_NS_OMA_CONTENT, "content", sizeof(struct pidf_content),
			  parse_content_cb, &r, reason, reasonlen);
	if (!err)
		*contentp = r;
	return err;
}
