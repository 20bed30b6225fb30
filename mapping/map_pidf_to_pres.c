/* mapping/map_pidf_to_pres.c: PIDF document -> IMPS presence attributes (see map_pres.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/base64.h>
#include <sofia-sip/su_alloc.h>

#include "mapping/map_msg.h"
#include "mapping/map_pres.h"
#include "mapping/map_pres_int.h"

/* What a tuple is, for the IMPS side. */
enum tuple_kind {
	TK_GENERIC = 0, /* no service markers: a SIP UA, taken as IM-capable */
	TK_IM,          /* OMA IM service, or a commcap-IM class */
	TK_COMMCAP,     /* rpid:class commcap-<Cap>, Cap not IM */
	TK_PREF,        /* rpid:class prefcontact[-<PrefC>] */
	TK_OTHER,       /* another service (OMA service-id, or caps saying no message) */
};

struct from_ctx {
	su_home_t *home;
	struct pidf_doc const *doc;
	struct imps_pres *p;
	int err;
};

static enum tuple_kind kind_of(struct pidf_tuple const *t, char const **valuep)
{
	char const *v = NULL;

	*valuep = NULL;
	if (map_pres_class_match(t->rpid_class, MAP_PRES_CLASS_PREFC, &v)) {
		*valuep = v;
		return TK_PREF;
	}
	if (map_pres_class_match(t->rpid_class, MAP_PRES_CLASS_COMMCAP, &v) && v) {
		*valuep = v;
		return strcasecmp(v, "IM") ? TK_COMMCAP : TK_IM;
	}
	if (t->service_desc && t->service_desc->service_id)
		return strcmp(t->service_desc->service_id, MAP_PRES_IM_SERVICE_ID) ? TK_OTHER
										  : TK_IM;
	if (t->caps && (t->caps->message == PIDF_TRI_FALSE ||
			(t->caps->methods_notsupported & (1u << PIDF_M_MESSAGE))))
		return TK_OTHER;
	return TK_GENERIC;
}

static void set(struct from_ctx *c, enum imps_attr a)
{
	c->p->h[a].present = 1;
	c->p->h[a].qualifier = CSP_T;
}

static char const *dup(struct from_ctx *c, char const *s)
{
	char const *d;

	if (!s)
		return NULL;
	if (!(d = su_strdup(c->home, s)))
		c->err = ENOMEM;
	return d;
}

static enum imps_cstatus cstatus_of(enum pidf_basic b)
{
	return b == PIDF_BASIC_OPEN ? IMPS_CSTATUS_OPEN
	       : b == PIDF_BASIC_CLOSED ? IMPS_CSTATUS_CLOSED
					: IMPS_CSTATUS_NONE;
}

static void *grow(struct from_ctx *c, void *arrayp, size_t *np, size_t size)
{
	void **a = arrayp;
	char *v = su_realloc(c->home, *a, (*np + 1) * size);

	if (!v) {
		c->err = ENOMEM;
		return NULL;
	}
	memset(v + *np * size, 0, size);
	*a = v;
	return v + (*np)++ * size;
}

/* --- tuples: OnlineStatus, Registration, CommCap, PreferredContacts -------------- */

static void tuples(struct from_ctx *c)
{
	struct imps_pres *p = c->p;
	int any_basic = 0, any_open = 0, reg = 0;
	size_t i;

	for (i = 0; i < c->doc->ntuples && !c->err; i++) {
		struct pidf_tuple const *t = &c->doc->tuples[i];
		char const *v;
		enum tuple_kind k = kind_of(t, &v);
		char const *note = t->nnotes ? t->notes[0].text : NULL;

		if (k == TK_IM || k == TK_GENERIC) {
			if (t->basic != PIDF_BASIC_NONE) {
				any_basic = 1;
				any_open |= t->basic == PIDF_BASIC_OPEN;
			}
			if (!reg && t->registration_state != PIDF_OMA_STATE_NONE)
				reg = t->registration_state == PIDF_OMA_STATE_ACTIVE ? 1 : -1;
		}
		if (k == TK_PREF) {
			struct imps_addr_pref *ap;

			if (!(ap = grow(c, &p->preferred_contacts.v, &p->preferred_contacts.n,
					sizeof *ap)))
				return;
			ap->prefc = dup(c, v);
			ap->caddr = dup(c, t->contact);
			ap->cstatus = cstatus_of(t->willingness);
			ap->cname = dup(c, note);
			ap->cpriority = t->contact && t->has_priority ? (long)t->priority : -1;
			set(c, IMPS_ATTR_PREFERRED_CONTACTS);
		} else if (t->willingness != PIDF_BASIC_NONE && k != TK_OTHER) {
			/* a CommC: what the presentity is willing to be reached by */
			struct imps_commc *cc;

			if (!(cc = grow(c, &p->comm_cap.v, &p->comm_cap.n, sizeof *cc)))
				return;
			cc->cap = dup(c, (k == TK_COMMCAP || (k == TK_IM && v)) ? v : "IM");
			cc->status = cstatus_of(t->willingness);
			cc->contact = dup(c, t->contact);
			cc->note = dup(c, note);
			set(c, IMPS_ATTR_COMM_CAP);
		}
	}
	if (any_basic) {
		set(c, IMPS_ATTR_ONLINE_STATUS);
		p->online_status = any_open ? CSP_T : CSP_F;
	}
	if (reg) {
		set(c, IMPS_ATTR_REGISTRATION);
		p->registration = reg > 0 ? CSP_T : CSP_F;
	}
}

/* --- person ------------------------------------------------------------------- */

/* StatusText (+ PreferredLanguage): person note, else the first note of an
 * IM tuple that carries no CommC, else the document note. */
static void status_text(struct from_ctx *c, struct pidf_person const *pe)
{
	struct pidf_note const *n = NULL;
	size_t i;

	if (pe && pe->nnotes)
		n = &pe->notes[0];
	for (i = 0; !n && i < c->doc->ntuples; i++) {
		struct pidf_tuple const *t = &c->doc->tuples[i];
		char const *v;
		enum tuple_kind k = kind_of(t, &v);

		if ((k == TK_GENERIC || (k == TK_IM && !v)) && t->nnotes &&
		    t->willingness == PIDF_BASIC_NONE)
			n = &t->notes[0];
	}
	if (!n && c->doc->nnotes)
		n = &c->doc->notes[0];
	if (!n || !n->text)
		return;
	set(c, IMPS_ATTR_STATUS_TEXT);
	c->p->status_text = dup(c, n->text);
	if (n->lang) {
		set(c, IMPS_ATTR_PREFERRED_LANGUAGE);
		c->p->preferred_language = dup(c, n->lang);
	}
}

static void availability(struct from_ctx *c, struct pidf_person const *pe)
{
	enum imps_avail a = IMPS_AVAIL_NONE;
	size_t i;

	if (pe->overriding_willingness == PIDF_BASIC_CLOSED)
		a = IMPS_AVAIL_NOT_AVAILABLE;
	for (i = 0; pe->activities && i < pe->activities->n; i++) {
		enum imps_avail b = map_activity_avail(pe->activities->items[i].value);
		/* the most restrictive wins: NOT_AVAILABLE > DISCREET */
		if (b == IMPS_AVAIL_NOT_AVAILABLE ||
		    (b == IMPS_AVAIL_DISCREET && a == IMPS_AVAIL_NONE))
			a = b;
	}
	if (a == IMPS_AVAIL_NONE && pe->overriding_willingness == PIDF_BASIC_OPEN)
		a = IMPS_AVAIL_AVAILABLE;
	if (a != IMPS_AVAIL_NONE) {
		set(c, IMPS_ATTR_USER_AVAILABILITY);
		c->p->availability = a;
	}
}

static void mood(struct from_ctx *c, struct pidf_person const *pe)
{
	enum imps_mood m = IMPS_MOOD_NONE;
	size_t i;

	for (i = 0; pe->mood && i < pe->mood->n; i++) {
		struct pidf_rpid_item const *it = &pe->mood->items[i];
		enum imps_mood v;

		if (it->value == PIDF_MOOD_UNKNOWN)
			continue;
		if (it->value == PIDF_MOOD_OTHER) {
			v = it->other ? imps_mood_by_name(it->other) : IMPS_MOOD_NONE;
			if (v == IMPS_MOOD_NONE || v == IMPS_MOOD_EXTENSION)
				v = IMPS_MOOD_OTHER;
		} else {
			v = map_mood_pidf_to_imps(it->value);
		}
		/* the first mood IMPS has a word for; OTHER only when none has */
		if (m == IMPS_MOOD_NONE || m == IMPS_MOOD_OTHER)
			m = v;
		if (m != IMPS_MOOD_OTHER)
			break;
	}
	if (m != IMPS_MOOD_NONE) {
		set(c, IMPS_ATTR_STATUS_MOOD);
		c->p->mood = m;
	}
}

static void place(struct from_ctx *c, struct pidf_person const *pe)
{
	char const *text = NULL;

	if (!pe->place_type)
		return;
	if (pe->place_type->other) {
		text = dup(c, pe->place_type->other);
	} else if (pe->place_type->ntypes) {
		char *s = su_strdup(c->home, pe->place_type->types[0]);
		size_t i;

		for (i = 1; s && i < pe->place_type->ntypes; i++)
			s = su_strcat_all(c->home, s, ", ", pe->place_type->types[i], NULL);
		if (!s)
			c->err = ENOMEM;
		text = s;
	}
	if (text) {
		set(c, IMPS_ATTR_FREE_TEXT_LOCATION);
		c->p->free_text_location = text;
	}
}

static void icon_and_card(struct from_ctx *c, struct pidf_person const *pe)
{
	struct imps_pres *p = c->p;
	char const *type, *b64;

	if (pe->icon) {
		set(c, IMPS_ATTR_STATUS_CONTENT);
		if (map_pres_data_uri_split(c->home, pe->icon, &type, &b64)) {
			p->status_content.direct_content = b64;
			p->status_content.content_type = type;
		} else {
			p->status_content.referred_content = dup(c, pe->icon);
		}
	}
	if (pe->card) {
		char *v = NULL;
		size_t len = 0;

		set(c, IMPS_ATTR_CONTACT_INFO);
		if (map_pres_data_uri_split(c->home, pe->card, &type, &b64) && type &&
		    (!strcasecmp(type, "text/vcard") || !strcasecmp(type, "text/x-vcard") ||
		     !strcasecmp(type, "text/directory"))) {
			len = (size_t)base64_d(NULL, 0, b64);
			if ((v = su_alloc(c->home, len + 1))) {
				base64_d(v, len + 1, b64);
				v[len] = '\0';
			}
			if (v && (!map_utf8_xml_ok(v, len) || strlen(v) != len))
				v = NULL; /* not text a ContainedvCard can hold */
		}
		if (v)
			p->contact_info.contained_vcard = v;
		else
			p->contact_info.referred_vcard = dup(c, pe->card);
	}
}

static void person(struct from_ctx *c, struct pidf_person const *pe)
{
	struct imps_pres *p = c->p;

	availability(c, pe);
	mood(c, pe);
	place(c, pe);
	icon_and_card(c, pe);
	if (pe->display_name) {
		set(c, IMPS_ATTR_ALIAS);
		p->alias = dup(c, pe->display_name);
	}
	if (pe->time_offset && !map_zone_format(c->home, pe->time_offset->minutes,
						&p->time_zone.zone))
		set(c, IMPS_ATTR_TIME_ZONE);
	if (pe->homepage) {
		struct imps_info_link *l = grow(c, &p->info_link.v, &p->info_link.n, sizeof *l);
		if (l) {
			l->link = dup(c, pe->homepage);
			set(c, IMPS_ATTR_INFO_LINK);
		}
	}
}

/* --- device -> ClientInfo ---------------------------------------------------------- */

static void device(struct from_ctx *c)
{
	struct pidf_device const *d = NULL;
	size_t i, j;

	/* the device an IM tuple points at, else the first one */
	for (i = 0; !d && i < c->doc->ntuples; i++) {
		struct pidf_tuple const *t = &c->doc->tuples[i];
		char const *v;
		enum tuple_kind k = kind_of(t, &v);

		if ((k == TK_IM || k == TK_GENERIC) && t->device_id)
			for (j = 0; !d && j < c->doc->ndevices; j++)
				if (c->doc->devices[j].device_id &&
				    !strcmp(c->doc->devices[j].device_id, t->device_id))
					d = &c->doc->devices[j];
	}
	if (!d && c->doc->ndevices)
		d = &c->doc->devices[0];
	if (!d || !d->caps)
		return;
	if (d->caps->mobile == PIDF_TRI_TRUE)
		c->p->client_info.type = IMPS_CLIENT_MOBILE_PHONE;
	else if (d->caps->fixed == PIDF_TRI_TRUE)
		c->p->client_info.type = IMPS_CLIENT_COMPUTER;
	else
		return;
	set(c, IMPS_ATTR_CLIENT_INFO);
}

int map_pidf_to_pres(su_home_t *home, struct pidf_doc const *in, struct imps_pres **outp)
{
	struct from_ctx c;
	su_home_t *tmp;
	struct pidf_person const *pe;
	int rc;

	if (!home || !in || !outp)
		return EINVAL;
	if (!(tmp = su_home_clone(home, sizeof *tmp)))
		return ENOMEM;
	memset(&c, 0, sizeof c);
	c.home = tmp;
	c.doc = in;
	if (!(c.p = imps_pres_new(tmp))) {
		c.err = ENOMEM;
		goto out;
	}
	pe = in->npersons ? &in->persons[0] : NULL;
	tuples(&c);
	if (!c.err)
		status_text(&c, pe);
	if (!c.err && pe)
		person(&c, pe);
	if (!c.err)
		device(&c);
out:
	rc = c.err;
	/* the result stays in a child home of the caller's; not su_home_move:
	 * sofia-sip 1.12.11 leaks the destination home when a move grows it */
	if (rc)
		su_home_unref(tmp);
	if (!rc)
		*outp = c.p;
	return rc;
}
