/* mapping/map_pres_to_pidf.c: IMPS presence attributes -> PIDF document (see map_pres.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/base64.h>
#include <sofia-sip/su_alloc.h>

#include "mapping/map_pres.h"
#include "mapping/map_pres_int.h"

/* Bytes preloaded in the home the document is built in (see su_home_preload). */
#define MAP_PRES_PRELOAD 4096

struct to_ctx {
	su_home_t *home;
	struct imps_pres const *in;
	struct pidf_doc *doc;
	char const *ts;         /* timestamp of person and IM tuple */
	char const *device_urn; /* set when a device is written */
	int err;
};

/* The attribute carries a value: present and not Qualifier F. */
static int has(struct imps_pres const *p, enum imps_attr a)
{
	return p->h[a].present && p->h[a].qualifier != CSP_F;
}

static char const *dup_ok(struct to_ctx *c, char const *s)
{
	char const *d;

	if (!map_pres_str_ok(s))
		return NULL;
	if (!(d = su_strdup(c->home, s)))
		c->err = ENOMEM;
	return d;
}

static char const *dup_uri(struct to_ctx *c, char const *s)
{
	return map_pres_uri_ok(s) ? dup_ok(c, s) : NULL;
}

static void note_add(struct to_ctx *c, struct pidf_note **notes, size_t *n, char const *text,
		     char const *lang)
{
	if (!c->err && map_pres_str_ok(text) &&
	    pidf_note_add(c->home, notes, n, text, map_pres_lang_ok(lang) ? lang : NULL))
		c->err = ENOMEM;
}

/* The one dm:person, made on first use. */
static struct pidf_person *person(struct to_ctx *c)
{
	struct pidf_person *p;

	if (c->doc->npersons)
		return &c->doc->persons[0];
	if (!(p = pidf_person_add(c->home, c->doc))) {
		c->err = ENOMEM;
		return NULL;
	}
	p->id = MAP_PRES_PERSON_ID;
	p->timestamp = c->ts;
	return p;
}

static struct pidf_tuple *tuple(struct to_ctx *c, char const *id)
{
	struct pidf_tuple *t = pidf_tuple_add(c->home, c->doc);

	if (!t || !id) {
		c->err = ENOMEM;
		return NULL;
	}
	t->id = id;
	return t;
}

static enum pidf_basic basic_of(enum imps_cstatus s)
{
	return s == IMPS_CSTATUS_OPEN ? PIDF_BASIC_OPEN
	       : s == IMPS_CSTATUS_CLOSED ? PIDF_BASIC_CLOSED
					  : PIDF_BASIC_NONE;
}

/* --- ClientInfo -> dm:device ------------------------------------------------ */

static void client_info(struct to_ctx *c, char const *entity)
{
	struct imps_pres const *in = c->in;
	struct pidf_devcaps caps;
	struct pidf_device *d;
	char const *parts[2] = {in->client_info.dev_manufacturer, in->client_info.model};
	char desc[2 * PIDF_MAX_STRING + 2];
	size_t i;

	if (!has(in, IMPS_ATTR_CLIENT_INFO))
		return;
	desc[0] = '\0'; /* not an initializer: that would clear all 8 KB */
	memset(&caps, 0, sizeof caps);
	if (in->client_info.type == IMPS_CLIENT_MOBILE_PHONE)
		caps.mobile = PIDF_TRI_TRUE;
	else if (in->client_info.type == IMPS_CLIENT_COMPUTER)
		caps.fixed = PIDF_TRI_TRUE;
	for (i = 0; i < 2; i++) {
		if (!map_pres_str_ok(parts[i]) || !*parts[i])
			continue;
		if (*desc)
			strcat(desc, " ");
		strcat(desc, parts[i]);
	}
	if (*desc && map_pres_str_ok(desc) &&
	    pidf_note_add(c->home, &caps.descriptions, &caps.ndescriptions, desc, NULL)) {
		c->err = ENOMEM;
		return;
	}
	if (!caps.mobile && !caps.fixed && !caps.ndescriptions)
		return; /* nothing PIDF can say about this device */
	if (!(d = pidf_device_add(c->home, c->doc)) ||
	    !(d->caps = su_zalloc(c->home, sizeof *d->caps)) ||
	    !(d->device_id = map_pres_device_urn(c->home, entity))) {
		c->err = ENOMEM;
		return;
	}
	*d->caps = caps;
	d->id = MAP_PRES_DEVICE_ID;
	c->device_urn = d->device_id;
}

/* --- OnlineStatus, Registration, CommCap -> tuples ---------------------------- */

static int commc_usable(struct imps_commc const *cc)
{
	return map_pres_token_ok(cc->cap) && cc->status != IMPS_CSTATUS_NONE;
}

static void im_tuple_fill(struct to_ctx *c, struct pidf_tuple *t)
{
	struct imps_pres const *in = c->in;

	if (has(in, IMPS_ATTR_ONLINE_STATUS) && in->online_status != CSP_ABSENT)
		t->basic = in->online_status == CSP_T ? PIDF_BASIC_OPEN : PIDF_BASIC_CLOSED;
	if (has(in, IMPS_ATTR_REGISTRATION) && in->registration != CSP_ABSENT)
		t->registration_state = in->registration == CSP_T ? PIDF_OMA_STATE_ACTIVE
								   : PIDF_OMA_STATE_TERMINATED;
	if (!(t->service_desc = su_zalloc(c->home, sizeof *t->service_desc))) {
		c->err = ENOMEM;
		return;
	}
	t->service_desc->service_id = MAP_PRES_IM_SERVICE_ID;
	t->service_desc->version = MAP_PRES_IM_SERVICE_VERSION;
	t->device_id = c->device_urn;
	t->timestamp = c->ts;
}

static void commc_fill(struct to_ctx *c, struct pidf_tuple *t, struct imps_commc const *cc)
{
	t->willingness = basic_of(cc->status);
	t->contact = dup_uri(c, cc->contact);
	if (!(t->rpid_class = map_pres_class(c->home, MAP_PRES_CLASS_COMMCAP, cc->cap)))
		c->err = ENOMEM;
	note_add(c, &t->notes, &t->nnotes, cc->note, NULL);
}

static void tuples(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	size_t ncc = has(in, IMPS_ATTR_COMM_CAP) ? in->comm_cap.n : 0, i;
	long im_cc = -1;
	int need_im;

	for (i = 0; i < ncc && im_cc < 0; i++)
		if (commc_usable(&in->comm_cap.v[i]) && !strcasecmp(in->comm_cap.v[i].cap, "IM"))
			im_cc = (long)i;
	need_im = (has(in, IMPS_ATTR_ONLINE_STATUS) && in->online_status != CSP_ABSENT) ||
		  (has(in, IMPS_ATTR_REGISTRATION) && in->registration != CSP_ABSENT) ||
		  im_cc >= 0;
	if (need_im && im_cc < 0) {
		struct pidf_tuple *t = tuple(c, MAP_PRES_IM_TUPLE_ID);
		if (t)
			im_tuple_fill(c, t);
	}
	/* CommC items in their order; the first IM one is the "im" tuple */
	for (i = 0; i < ncc && !c->err; i++) {
		struct imps_commc const *cc = &in->comm_cap.v[i];
		struct pidf_tuple *t;

		if (!commc_usable(cc))
			continue;
		if ((long)i == im_cc) {
			if ((t = tuple(c, MAP_PRES_IM_TUPLE_ID)))
				im_tuple_fill(c, t);
		} else {
			t = tuple(c, su_sprintf(c->home, "cc%zu", i + 1));
		}
		if (t && !c->err)
			commc_fill(c, t, cc);
	}
}

/* --- PreferredContacts -> tuples ------------------------------------------------ */

static void preferred_contacts(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	size_t n = has(in, IMPS_ATTR_PREFERRED_CONTACTS) ? in->preferred_contacts.n : 0, i;

	for (i = 0; i < n && !c->err; i++) {
		struct imps_addr_pref const *ap = &in->preferred_contacts.v[i];
		struct pidf_tuple *t;

		if ((ap->prefc && !map_pres_token_ok(ap->prefc)) ||
		    (ap->caddr && !map_pres_uri_ok(ap->caddr)))
			continue; /* no faithful tuple for it */
		if (!(t = tuple(c, su_sprintf(c->home, "pc%zu", i + 1))))
			return;
		if (!(t->rpid_class = map_pres_class(c->home, MAP_PRES_CLASS_PREFC, ap->prefc))) {
			c->err = ENOMEM;
			return;
		}
		t->contact = dup_uri(c, ap->caddr);
		if (t->contact && ap->cpriority >= 0 && ap->cpriority <= 1000) {
			t->has_priority = 1;
			t->priority = (unsigned)ap->cpriority;
		}
		t->willingness = basic_of(ap->cstatus);
		note_add(c, &t->notes, &t->nnotes, ap->cname, NULL);
	}
}

/* --- person-level attributes ------------------------------------------------------- */

static struct pidf_rpid_set *rpid_set(struct to_ctx *c, struct pidf_rpid_set **setp)
{
	if (!*setp && !(*setp = su_zalloc(c->home, sizeof **setp)))
		c->err = ENOMEM;
	return *setp;
}

static void availability(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	struct map_avail_row const *t;
	struct pidf_person *p;
	size_t n, i;

	if (!has(in, IMPS_ATTR_USER_AVAILABILITY))
		return;
	t = map_pres_avail_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].avail != in->availability)
			continue;
		if (!(p = person(c)))
			return;
		p->overriding_willingness = t[i].willingness;
		if (t[i].activity >= 0 && rpid_set(c, &p->activities) &&
		    pidf_rpid_add(c->home, p->activities, t[i].activity, NULL, NULL))
			c->err = ENOMEM;
		return;
	}
}

static void mood(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	struct pidf_person *p;
	char const *other = NULL;
	enum pidf_mood m;

	if (!has(in, IMPS_ATTR_STATUS_MOOD) || in->mood == IMPS_MOOD_NONE)
		return;
	m = map_mood_imps_to_pidf(in->mood);
	if (in->mood == IMPS_MOOD_EXTENSION) {
		if (!map_pres_str_ok(in->mood_text))
			return;
		other = in->mood_text;
	} else if (m == PIDF_MOOD_OTHER) {
		other = ""; /* IMPS OTHER: an empty <rpid:other/> */
	}
	if ((p = person(c)) && rpid_set(c, &p->mood) &&
	    pidf_rpid_add(c->home, p->mood, m, other, NULL))
		c->err = ENOMEM;
}

static void status_text(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	char const *lang = NULL;
	struct pidf_person *p;

	if (!has(in, IMPS_ATTR_STATUS_TEXT) || !map_pres_str_ok(in->status_text))
		return;
	if (has(in, IMPS_ATTR_PREFERRED_LANGUAGE) && map_pres_lang_ok(in->preferred_language))
		lang = in->preferred_language;
	if ((p = person(c)))
		note_add(c, &p->notes, &p->nnotes, in->status_text, lang);
}

static void simple_person_fields(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	struct pidf_person *p;
	int minutes;

	if (has(in, IMPS_ATTR_ALIAS) && map_pres_str_ok(in->alias) && (p = person(c)))
		p->display_name = dup_ok(c, in->alias);
	if (has(in, IMPS_ATTR_FREE_TEXT_LOCATION) && map_pres_str_ok(in->free_text_location) &&
	    (p = person(c))) {
		if (!(p->place_type = su_zalloc(c->home, sizeof *p->place_type))) {
			c->err = ENOMEM;
			return;
		}
		p->place_type->other = dup_ok(c, in->free_text_location);
	}
	if (has(in, IMPS_ATTR_TIME_ZONE) && in->time_zone.zone &&
	    !map_zone_parse(in->time_zone.zone, &minutes) && (p = person(c))) {
		if (!(p->time_offset = su_zalloc(c->home, sizeof *p->time_offset))) {
			c->err = ENOMEM;
			return;
		}
		p->time_offset->minutes = minutes;
	}
	if (has(in, IMPS_ATTR_INFO_LINK) && in->info_link.n &&
	    map_pres_uri_ok(in->info_link.v[0].link) && (p = person(c)))
		p->homepage = dup_ok(c, in->info_link.v[0].link);
}

static void status_content(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	char const *icon = NULL;
	struct pidf_person *p;

	if (!has(in, IMPS_ATTR_STATUS_CONTENT))
		return;
	if (in->status_content.direct_content)
		icon = map_pres_data_uri(c->home, in->status_content.content_type,
					 in->status_content.direct_content);
	if (!icon && map_pres_uri_ok(in->status_content.referred_content))
		icon = dup_ok(c, in->status_content.referred_content);
	if (icon && (p = person(c)))
		p->icon = icon;
}

static void contact_info(struct to_ctx *c)
{
	struct imps_pres const *in = c->in;
	char const *card = NULL, *v = in->contact_info.contained_vcard;
	struct pidf_person *p;

	if (!has(in, IMPS_ATTR_CONTACT_INFO))
		return;
	if (v && strlen(v) <= PIDF_MAX_STRING) {
		size_t n = strlen(v), size = BASE64_SIZE(n) + 1;
		char *b64 = su_alloc(c->home, size);

		if (!b64) {
			c->err = ENOMEM;
			return;
		}
		base64_e(b64, size, (void *)v, n);
		card = map_pres_data_uri(c->home, "text/vcard", b64);
	}
	if (!card && map_pres_uri_ok(in->contact_info.referred_vcard))
		card = dup_ok(c, in->contact_info.referred_vcard);
	if (card && (p = person(c)))
		p->card = card;
}

int map_pres_to_pidf(su_home_t *home, struct imps_pres const *in, char const *entity,
		     time_t now, struct pidf_doc **outp)
{
	struct to_ctx c;
	su_home_t *tmp;
	int rc;

	if (!home || !in || !outp || !map_pres_uri_ok(entity))
		return EINVAL;
	if (!(tmp = su_home_clone(home, sizeof *tmp)))
		return ENOMEM;
	su_home_preload(tmp, 1, MAP_PRES_PRELOAD);
	memset(&c, 0, sizeof c);
	c.home = tmp;
	c.in = in;
	if (!(c.doc = pidf_doc_new(tmp, entity))) {
		c.err = ENOMEM;
		goto out;
	}
	if ((c.err = pidf_time_format(tmp, now, &c.ts)))
		goto out;
	client_info(&c, entity);
	if (!c.err)
		tuples(&c);
	if (!c.err)
		preferred_contacts(&c);
	if (!c.err)
		availability(&c);
	if (!c.err)
		status_text(&c);
	if (!c.err)
		mood(&c);
	if (!c.err)
		simple_person_fields(&c);
	if (!c.err)
		status_content(&c);
	if (!c.err)
		contact_info(&c);
out:
	rc = c.err;
	/* the result stays in a child home of the caller's; not su_home_move:
	 * sofia-sip 1.12.11 leaks the destination home when a move grows it */
	if (rc)
		su_home_unref(tmp);
	if (!rc)
		*outp = c.doc;
	return rc;
}
