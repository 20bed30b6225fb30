/* tests/pidf_gen.c: seeded random PIDF, watcherinfo and resource-lists documents for property tests and schema checks. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "tests/pidf_gen.h"

/* The home of the document being generated (set by each pidf_gen_* call). */
static su_home_t *home;

/* splitmix64: a seeded PRNG so that a failure can be replayed. */
static uint64_t prng_state;

void pidf_gen_seed(uint64_t seed)
{
	prng_state = seed;
}

static uint64_t prng(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(prng() % n);
}

static void must(int err)
{
	if (err)
		abort();
}


static char const *const langs[] = {"en", "fr", "de-CH", "zh-Hant-TW", "i-klingon", "x-a1"};

static char const *rnd_lang(void)
{
	return below(3) ? NULL : langs[below(sizeof langs / sizeof langs[0])];
}

/* Free text: XML specials, white space at the edges, non-ASCII. */
static char const *rnd_text(void)
{
	static char const *const pieces[] = {
		"a", "Z", "0", " ", "  ", "\t", "\n", "\r", "<", ">", "&", "'", "\"", "]]>",
		"caf\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "&amp;", "busy", "-",
	};
	size_t n = below(8), i;
	char buf[256] = "";

	for (i = 0; i < n; i++)
		strcat(buf, pieces[below(sizeof pieces / sizeof pieces[0])]);
	return su_strdup(home, buf);
}

/* URIs (parsers trim them, so no white space at the edges; '%' only as a
 * valid escape, as libxml2 checks xs:anyURI). */
static char const *rnd_uri(void)
{
	static char const *const schemes[] = {"sip:", "tel:+", "pres:", "http://example.com/",
					       "urn:x:", "im:"};
	static char const *const pieces[] = {"a", "z", "0", "9", ".", "-", "_", "@", ";", "=",
					      ":", "/", "%41", "~", "!", "+", "?q=1"};
	char buf[128];
	size_t n = 1 + below(12), i, k;

	/* a first "a": no "scheme://authority" by accident */
	k = (size_t)snprintf(buf, sizeof buf, "%sa", schemes[below(6)]);
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s",
				      pieces[below(sizeof pieces / sizeof pieces[0])]);
	return su_strdup(home, buf);
}

static char const *rnd_token(void)
{
	static char const *const t[] = {"home", "office", "airport", "car", "forw", "x1"};
	return t[below(6)];
}

static char const *rnd_time(void)
{
	char buf[48];
	int k = snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u", 1970 + below(80),
			 1 + below(12), 1 + below(28), below(24), below(60), below(60));

	if (below(2))
		k += snprintf(buf + k, sizeof buf - (size_t)k, ".%u", below(1000));
	switch (below(3)) {
	case 0:
		snprintf(buf + k, sizeof buf - (size_t)k, "Z");
		break;
	case 1:
		snprintf(buf + k, sizeof buf - (size_t)k, "%c%02u:%02u", below(2) ? '+' : '-',
			 below(14), below(60));
		break;
	default:
		break;
	}
	return su_strdup(home, buf);
}

static char const *maybe(char const *s)
{
	return below(2) ? s : NULL;
}

static void rnd_notes(struct pidf_note **notes, size_t *n)
{
	size_t k = below(4), i;

	for (i = 0; i < k; i++)
		must(pidf_note_add(home, notes, n, rnd_text(), rnd_lang()));
}

static void rnd_ext(struct pidf_ext **ext, size_t *n)
{
	static char const *const xml[] = {
		"<x:foo xmlns:x=\"urn:example:x\" a=\"1\">text<x:bar/></x:foo>",
		"<y xmlns=\"urn:example:y\"><z>1 &lt; 2</z></y>",
		"<x:u xmlns:x=\"urn:example:x\" xmlns=\"\"><plain>no namespace</plain></x:u>",
		("<gp:geopriv xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\">"
		 "<gp:location-info/></gp:geopriv>"),
	};
	static char const *const names[] = {"foo", "y", "u", "geopriv"};
	static char const *const nss[] = {"urn:example:x", "urn:example:y", "urn:example:x",
					   "urn:ietf:params:xml:ns:pidf:geopriv10"};
	size_t k = below(3) ? 0 : 1 + below(2), i, j;

	*ext = k ? su_zalloc(home, (isize_t)(k * sizeof **ext)) : NULL;
	for (i = 0; i < k; i++) {
		j = below(4);
		(*ext)[i].xml = xml[j];
		(*ext)[i].name = names[j];
		(*ext)[i].ns = nss[j];
	}
	*n = k;
}

static struct pidf_user_input *rnd_input(void)
{
	struct pidf_user_input *u;

	if (below(3))
		return NULL;
	u = su_zalloc(home, sizeof *u);
	u->state = below(2) ? PIDF_INPUT_ACTIVE : PIDF_INPUT_IDLE;
	u->idle_threshold = below(2) ? 0 : 1 + below(100000);
	u->last_input = maybe(rnd_time());
	return u;
}

static enum pidf_tri rnd_tri(void)
{
	return (enum pidf_tri)below(3);
}

static struct pidf_rpid_set *rnd_set(int mood)
{
	struct pidf_rpid_set *s;
	size_t n, i;
	int count = mood ? PIDF_MOOD_COUNT : PIDF_ACT_COUNT;

	if (below(2))
		return NULL;
	s = su_zalloc(home, sizeof *s);
	n = (mood ? 1 : 0) + below(4);
	for (i = 0; i < n; i++) {
		int v = (int)below((unsigned)count);

		if (v == 1 && n > 1) /* UNKNOWN stands alone */
			v = 2;
		if (v == 0)
			must(pidf_rpid_add(home, s, v, rnd_text(), rnd_lang()));
		else
			must(pidf_rpid_add(home, s, v, NULL, NULL));
	}
	rnd_notes(&s->notes, &s->nnotes);
	return s;
}

static char const *rnd_id(char kind, size_t i, int *valid)
{
	if (below(10) == 0) {
		*valid = 0;
		return below(2) ? NULL : "1 bad id";
	}
	return su_sprintf(home, "%c%zu_%u", kind, i, below(1000));
}

struct pidf_doc *pidf_gen_doc(su_home_t *h, int *ids_valid)
{
	struct pidf_doc *d;
	size_t i, n;

	home = h;
	d = pidf_doc_new(home, rnd_uri());
	if (!d)
		abort();

	*ids_valid = 1;
	n = below(4);
	for (i = 0; i < n; i++) {
		struct pidf_tuple *t = pidf_tuple_add(home, d);

		t->id = rnd_id('t', i, ids_valid);
		t->basic = (enum pidf_basic)below(3);
		t->contact = maybe(rnd_uri());
		if (t->contact && below(2)) {
			t->has_priority = 1;
			t->priority = below(3) ? below(1001) : 1000 * below(2);
		}
		rnd_notes(&t->notes, &t->nnotes);
		t->timestamp = maybe(rnd_time());
		t->device_id = maybe(rnd_uri());
		t->rpid_class = maybe(rnd_token());
		t->user_input = rnd_input();
		if (below(2)) {
			struct pidf_servcaps *c = su_zalloc(home, sizeof *c);
			size_t k, nt = below(3);

			c->application = rnd_tri();
			c->audio = rnd_tri();
			c->automata = rnd_tri();
			c->control = rnd_tri();
			c->data = rnd_tri();
			c->isfocus = rnd_tri();
			c->message = rnd_tri();
			c->text = rnd_tri();
			c->video = rnd_tri();
			c->methods_supported = (unsigned)prng() & ((1u << PIDF_M_COUNT) - 1);
			c->methods_notsupported = (unsigned)prng() & ((1u << PIDF_M_COUNT) - 1);
			c->events_supported = below(2) ? 0 : (unsigned)prng() & ((1u << PIDF_EV_COUNT) - 1);
			c->events_notsupported = below(2) ? 0 : (unsigned)prng() & ((1u << PIDF_EV_COUNT) - 1);
			c->types = su_zalloc(home, (isize_t)(3 * sizeof *c->types));
			for (k = 0; k < nt; k++)
				c->types[k] = below(2) ? "text/plain" : "message/cpim";
			c->ntypes = nt;
			rnd_notes(&c->descriptions, &c->ndescriptions);
			t->caps = c;
		}
		if (below(2)) {
			t->service_desc = su_zalloc(home, sizeof *t->service_desc);
			t->service_desc->service_id = "org.openmobilealliance:IM-session";
			t->service_desc->version = maybe("1.0");
			t->service_desc->description = maybe(rnd_text());
		}
		t->willingness = (enum pidf_basic)below(3);
		t->session_participation = (enum pidf_basic)below(3);
		t->registration_state = (enum pidf_oma_state)below(3);
		t->barring_state = (enum pidf_oma_state)below(3);
		rnd_ext(&t->status_ext, &t->nstatus_ext);
		rnd_ext(&t->ext, &t->next);
	}
	rnd_notes(&d->notes, &d->nnotes);
	n = below(3);
	for (i = 0; i < n; i++) {
		struct pidf_person *p = pidf_person_add(home, d);

		p->id = rnd_id('p', i, ids_valid);
		p->activities = rnd_set(0);
		p->mood = rnd_set(1);
		if (!below(3)) {
			p->place_type = su_zalloc(home, sizeof *p->place_type);
			if (below(2)) {
				p->place_type->other = rnd_text();
				p->place_type->other_lang = rnd_lang();
			} else {
				p->place_type->types = su_zalloc(home, 2 * sizeof(char *));
				p->place_type->types[0] = rnd_token();
				p->place_type->ntypes = 1 + below(2);
				p->place_type->types[p->place_type->ntypes - 1] = rnd_token();
			}
			rnd_notes(&p->place_type->notes, &p->place_type->nnotes);
		}
		if (!below(3)) {
			p->privacy = su_zalloc(home, sizeof *p->privacy);
			if (below(4) == 0) {
				p->privacy->unknown = 1;
			} else {
				p->privacy->audio = below(2);
				p->privacy->text = below(2);
				p->privacy->video = below(2);
			}
		}
		p->sphere = (enum pidf_sphere)below(4);
		p->rpid_class = maybe(rnd_token());
		if (!below(3)) {
			p->time_offset = su_zalloc(home, sizeof *p->time_offset);
			p->time_offset->minutes = (int)below(2881) - 1440;
			p->time_offset->description = maybe(rnd_text());
		}
		p->user_input = rnd_input();
		p->status_icon = maybe(rnd_uri());
		p->display_name = maybe(rnd_text());
		p->card = maybe(rnd_uri());
		p->homepage = maybe(rnd_uri());
		p->icon = maybe(rnd_uri());
		p->map = maybe(rnd_uri());
		p->sound = maybe(rnd_uri());
		p->overriding_willingness = (enum pidf_basic)below(3);
		rnd_notes(&p->notes, &p->nnotes);
		p->timestamp = maybe(rnd_time());
		rnd_ext(&p->ext, &p->next);
	}
	n = below(3);
	for (i = 0; i < n; i++) {
		struct pidf_device *dev = pidf_device_add(home, d);

		dev->id = rnd_id('d', i, ids_valid);
		dev->device_id = rnd_uri();
		dev->user_input = rnd_input();
		dev->rpid_class = maybe(rnd_token());
		if (below(2)) {
			dev->caps = su_zalloc(home, sizeof *dev->caps);
			dev->caps->fixed = rnd_tri();
			dev->caps->mobile = rnd_tri();
			rnd_notes(&dev->caps->descriptions, &dev->caps->ndescriptions);
		}
		rnd_notes(&dev->notes, &dev->nnotes);
		dev->timestamp = maybe(rnd_time());
		rnd_ext(&dev->ext, &dev->next);
	}
	rnd_ext(&d->ext, &d->next);
	return d;
}

static struct pidf_rl_list *rnd_list(int depth)
{
	struct pidf_rl_list *l = su_zalloc(home, sizeof *l);
	size_t i, n = below(5);

	l->name = maybe(rnd_text());
	l->display_name = maybe(rnd_text());
	l->lang = l->display_name ? rnd_lang() : NULL;
	l->items = su_zalloc(home, (isize_t)(5 * sizeof *l->items));
	l->nitems = n;
	for (i = 0; i < n; i++) {
		struct pidf_rl_item *it = &l->items[i];

		it->kind = (enum pidf_rl_kind)below(4);
		if (it->kind == PIDF_RL_LIST && depth >= 4)
			it->kind = PIDF_RL_ENTRY;
		if (it->kind == PIDF_RL_LIST) {
			it->list = rnd_list(depth + 1);
			continue;
		}
		it->uri = it->kind == PIDF_RL_EXTERNAL ? maybe(rnd_uri()) : rnd_uri();
		it->display_name = maybe(rnd_text());
		it->lang = it->display_name ? rnd_lang() : NULL;
	}
	return l;
}

struct pidf_rlist *pidf_gen_rlist(su_home_t *h)
{
	struct pidf_rlist *r;
	size_t k;

	home = h;
	r = su_zalloc(home, sizeof *r);
	r->nlists = below(3);
	r->lists = su_zalloc(home, (isize_t)(3 * sizeof *r->lists));
	for (k = 0; k < r->nlists; k++)
		r->lists[k] = *rnd_list(1);
	return r;
}

struct pidf_winfo *pidf_gen_winfo(su_home_t *h)
{
	struct pidf_winfo *w;
	size_t l, k;

	home = h;
	w = su_zalloc(home, sizeof *w);
	w->version = below(2) ? below(10) : 0xFFFFFFFFul;
	w->state = (enum pidf_winfo_state)below(2);
	w->nlists = below(3);
	w->lists = su_zalloc(home, (isize_t)(3 * sizeof *w->lists));
	for (l = 0; l < w->nlists; l++) {
		struct pidf_watcher_list *wl = &w->lists[l];

		wl->resource = rnd_uri();
		wl->package = below(2) ? "presence" : "message-summary";
		wl->nwatchers = below(4);
		wl->watchers = su_zalloc(home, (isize_t)(4 * sizeof *wl->watchers));
		for (k = 0; k < wl->nwatchers; k++) {
			struct pidf_watcher *wa = &wl->watchers[k];

			wa->id = rnd_text();
			wa->status = (enum pidf_watcher_status)below(PIDF_WS_COUNT);
			wa->event = (enum pidf_watcher_event)below(PIDF_WE_COUNT);
			wa->uri = rnd_uri();
			wa->display_name = maybe(rnd_text());
			wa->lang = rnd_lang();
			wa->has_expiration = below(2);
			wa->expiration = wa->has_expiration ? below(100000) : 0;
			wa->has_duration = below(2);
			wa->duration_subscribed = wa->has_duration ? below(100000) : 0;
		}
	}
	return w;
}
