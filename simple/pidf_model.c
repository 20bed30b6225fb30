/* simple/pidf_model.c: PIDF enumeration tables, document helpers, ids and deep comparison. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "simple/pidf.h"
#include "simple/pidf_xml.h"

/* RPID activities, rpid.xsd order. Row 0 is the default. */
static struct pidf_name const activities[] = {
	{PIDF_ACT_OTHER, "other"},
	{PIDF_ACT_UNKNOWN, "unknown"},
	{PIDF_ACT_APPOINTMENT, "appointment"},
	{PIDF_ACT_AWAY, "away"},
	{PIDF_ACT_BREAKFAST, "breakfast"},
	{PIDF_ACT_BUSY, "busy"},
	{PIDF_ACT_DINNER, "dinner"},
	{PIDF_ACT_HOLIDAY, "holiday"},
	{PIDF_ACT_IN_TRANSIT, "in-transit"},
	{PIDF_ACT_LOOKING_FOR_WORK, "looking-for-work"},
	{PIDF_ACT_MEAL, "meal"},
	{PIDF_ACT_MEETING, "meeting"},
	{PIDF_ACT_ON_THE_PHONE, "on-the-phone"},
	{PIDF_ACT_PERFORMANCE, "performance"},
	{PIDF_ACT_PERMANENT_ABSENCE, "permanent-absence"},
	{PIDF_ACT_PLAYING, "playing"},
	{PIDF_ACT_PRESENTATION, "presentation"},
	{PIDF_ACT_SHOPPING, "shopping"},
	{PIDF_ACT_SLEEPING, "sleeping"},
	{PIDF_ACT_SPECTATOR, "spectator"},
	{PIDF_ACT_STEERING, "steering"},
	{PIDF_ACT_TRAVEL, "travel"},
	{PIDF_ACT_TV, "tv"},
	{PIDF_ACT_VACATION, "vacation"},
	{PIDF_ACT_WORKING, "working"},
	{PIDF_ACT_WORSHIP, "worship"},
};

/* RPID moods, rpid.xsd order. Row 0 is the default. */
static struct pidf_name const moods[] = {
	{PIDF_MOOD_OTHER, "other"},
	{PIDF_MOOD_UNKNOWN, "unknown"},
	{PIDF_MOOD_AFRAID, "afraid"},
	{PIDF_MOOD_AMAZED, "amazed"},
	{PIDF_MOOD_ANGRY, "angry"},
	{PIDF_MOOD_ANNOYED, "annoyed"},
	{PIDF_MOOD_ANXIOUS, "anxious"},
	{PIDF_MOOD_ASHAMED, "ashamed"},
	{PIDF_MOOD_BORED, "bored"},
	{PIDF_MOOD_BRAVE, "brave"},
	{PIDF_MOOD_CALM, "calm"},
	{PIDF_MOOD_COLD, "cold"},
	{PIDF_MOOD_CONFUSED, "confused"},
	{PIDF_MOOD_CONTENTED, "contented"},
	{PIDF_MOOD_CRANKY, "cranky"},
	{PIDF_MOOD_CURIOUS, "curious"},
	{PIDF_MOOD_DEPRESSED, "depressed"},
	{PIDF_MOOD_DISAPPOINTED, "disappointed"},
	{PIDF_MOOD_DISGUSTED, "disgusted"},
	{PIDF_MOOD_DISTRACTED, "distracted"},
	{PIDF_MOOD_EMBARRASSED, "embarrassed"},
	{PIDF_MOOD_EXCITED, "excited"},
	{PIDF_MOOD_FLIRTATIOUS, "flirtatious"},
	{PIDF_MOOD_FRUSTRATED, "frustrated"},
	{PIDF_MOOD_GRUMPY, "grumpy"},
	{PIDF_MOOD_GUILTY, "guilty"},
	{PIDF_MOOD_HAPPY, "happy"},
	{PIDF_MOOD_HOT, "hot"},
	{PIDF_MOOD_HUMBLED, "humbled"},
	{PIDF_MOOD_HUMILIATED, "humiliated"},
	{PIDF_MOOD_HUNGRY, "hungry"},
	{PIDF_MOOD_HURT, "hurt"},
	{PIDF_MOOD_IMPRESSED, "impressed"},
	{PIDF_MOOD_IN_AWE, "in_awe"},
	{PIDF_MOOD_IN_LOVE, "in_love"},
	{PIDF_MOOD_INDIGNANT, "indignant"},
	{PIDF_MOOD_INTERESTED, "interested"},
	{PIDF_MOOD_INVINCIBLE, "invincible"},
	{PIDF_MOOD_JEALOUS, "jealous"},
	{PIDF_MOOD_LONELY, "lonely"},
	{PIDF_MOOD_MEAN, "mean"},
	{PIDF_MOOD_MOODY, "moody"},
	{PIDF_MOOD_NERVOUS, "nervous"},
	{PIDF_MOOD_NEUTRAL, "neutral"},
	{PIDF_MOOD_OFFENDED, "offended"},
	{PIDF_MOOD_PLAYFUL, "playful"},
	{PIDF_MOOD_PROUD, "proud"},
	{PIDF_MOOD_RELIEVED, "relieved"},
	{PIDF_MOOD_REMORSEFUL, "remorseful"},
	{PIDF_MOOD_RESTLESS, "restless"},
	{PIDF_MOOD_SAD, "sad"},
	{PIDF_MOOD_SARCASTIC, "sarcastic"},
	{PIDF_MOOD_SERIOUS, "serious"},
	{PIDF_MOOD_SHOCKED, "shocked"},
	{PIDF_MOOD_SHY, "shy"},
	{PIDF_MOOD_SICK, "sick"},
	{PIDF_MOOD_SLEEPY, "sleepy"},
	{PIDF_MOOD_STRESSED, "stressed"},
	{PIDF_MOOD_SURPRISED, "surprised"},
	{PIDF_MOOD_THIRSTY, "thirsty"},
	{PIDF_MOOD_WORRIED, "worried"},
};

/* caps:methods children, caps.xsd order (bits). */
static struct pidf_name const methods[] = {
	{PIDF_M_ACK, "ACK"}, {PIDF_M_BYE, "BYE"}, {PIDF_M_CANCEL, "CANCEL"},
	{PIDF_M_INFO, "INFO"}, {PIDF_M_INVITE, "INVITE"}, {PIDF_M_MESSAGE, "MESSAGE"},
	{PIDF_M_NOTIFY, "NOTIFY"}, {PIDF_M_OPTIONS, "OPTIONS"}, {PIDF_M_PRACK, "PRACK"},
	{PIDF_M_PUBLISH, "PUBLISH"}, {PIDF_M_REFER, "REFER"}, {PIDF_M_REGISTER, "REGISTER"},
	{PIDF_M_SUBSCRIBE, "SUBSCRIBE"}, {PIDF_M_UPDATE, "UPDATE"},
};

/* caps:event-packages children, caps.xsd order (bits). */
static struct pidf_name const events[] = {
	{PIDF_EV_CONFERENCE, "conference"}, {PIDF_EV_DIALOG, "dialog"},
	{PIDF_EV_KPML, "kpml"}, {PIDF_EV_MESSAGE_SUMMARY, "message-summary"},
	{PIDF_EV_POC_SETTINGS, "poc-settings"}, {PIDF_EV_PRESENCE, "presence"},
	{PIDF_EV_REG, "reg"}, {PIDF_EV_REFER, "refer"},
	{PIDF_EV_SIEMENS_RTP_STATS, "Siemens-RTP-Stats"},
	{PIDF_EV_SPIRITS_INDPS, "spirits-INDPs"},
	{PIDF_EV_SPIRITS_USER_PROF, "spirits-user-prof"}, {PIDF_EV_WINFO, "winfo"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct pidf_name const *pidf_activity_table(size_t *np)
{
	*np = COUNT(activities);
	return activities;
}

struct pidf_name const *pidf_mood_table(size_t *np)
{
	*np = COUNT(moods);
	return moods;
}

struct pidf_name const *pidf_method_table(size_t *np)
{
	*np = COUNT(methods);
	return methods;
}

struct pidf_name const *pidf_event_table(size_t *np)
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
	return t[0].name;
}

static int value_of(struct pidf_name const *t, size_t n, char const *name)
{
	size_t i;

	if (name)
		for (i = 0; i < n; i++)
			if (!strcmp(t[i].name, name))
				return t[i].value;
	return t[0].value;
}

char const *pidf_activity_name(int act)
{
	return name_of(activities, COUNT(activities), act);
}

char const *pidf_mood_name(int mood)
{
	return name_of(moods, COUNT(moods), mood);
}

int pidf_activity_value(char const *name)
{
	return value_of(activities, COUNT(activities), name);
}

int pidf_mood_value(char const *name)
{
	return value_of(moods, COUNT(moods), name);
}

/* ---- growing a document ---- */

/* Appends a zeroed item. The array may live in another home than `home`
 * (a parsed document lives in a child home): then it is copied, not
 * reallocated, and the old copy stays where it was until its home goes. */
static void *grow(su_home_t *home, void *arrayp, size_t *np, size_t size)
{
	void **ap = arrayp;
	char *a;

	if (!*ap || su_home_check_alloc(home, *ap)) {
		a = su_realloc(home, *ap, (isize_t)((*np + 1) * size));
	} else {
		a = su_alloc(home, (isize_t)((*np + 1) * size));
		if (a)
			memcpy(a, *ap, *np * size);
	}
	if (!a)
		return NULL;
	*ap = a;
	memset(a + *np * size, 0, size);
	return a + (*np)++ * size;
}

struct pidf_doc *pidf_doc_new(su_home_t *home, char const *entity)
{
	struct pidf_doc *d = su_zalloc(home, sizeof *d);

	if (d && entity && !(d->entity = su_strdup(home, entity))) {
		su_free(home, d);
		return NULL;
	}
	return d;
}

struct pidf_tuple *pidf_tuple_add(su_home_t *home, struct pidf_doc *doc)
{
	return grow(home, &doc->tuples, &doc->ntuples, sizeof *doc->tuples);
}

struct pidf_person *pidf_person_add(su_home_t *home, struct pidf_doc *doc)
{
	return grow(home, &doc->persons, &doc->npersons, sizeof *doc->persons);
}

struct pidf_device *pidf_device_add(su_home_t *home, struct pidf_doc *doc)
{
	return grow(home, &doc->devices, &doc->ndevices, sizeof *doc->devices);
}

int pidf_note_add(su_home_t *home, struct pidf_note **notes, size_t *n,
		  char const *text, char const *lang)
{
	char const *t = su_strdup(home, text ? text : "");
	char const *l = lang ? su_strdup(home, lang) : NULL;
	struct pidf_note *note;

	if (!t || (lang && !l))
		return ENOMEM;
	note = grow(home, notes, n, sizeof *note);
	if (!note)
		return ENOMEM;
	note->text = t;
	note->lang = l;
	return 0;
}

int pidf_rpid_add(su_home_t *home, struct pidf_rpid_set *set, int value,
		  char const *other, char const *lang)
{
	char const *o = other ? su_strdup(home, other) : NULL;
	char const *l = lang ? su_strdup(home, lang) : NULL;
	struct pidf_rpid_item *it;

	if ((other && !o) || (lang && !l))
		return ENOMEM;
	it = grow(home, &set->items, &set->n, sizeof *it);
	if (!it)
		return ENOMEM;
	it->value = value;
	it->other = o;
	it->lang = l;
	return 0;
}

/* ---- ids ---- */

static int id_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int id_char(char c)
{
	return id_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

int pidf_id_valid(char const *s)
{
	size_t n = 0;

	if (!s || !id_start(*s))
		return 0;
	for (; *s; s++, n++)
		if (!id_char(*s) || n >= PIDF_MAX_ID)
			return 0;
	return 1;
}

static int seen(char const *const *ids, size_t n, char const *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

/* One id: `orig` if valid and new; else sanitized, then made unique. */
static char const *fix_id(su_home_t *home, char const *orig, char kind, size_t index,
			  char const *const *ids, size_t nids)
{
	char base[PIDF_MAX_ID + 1], cand[PIDF_MAX_ID + 24];
	size_t n = 0, k;

	if (orig && pidf_id_valid(orig) && !seen(ids, nids, orig))
		return orig;
	if (!orig || !*orig) {
		snprintf(base, sizeof base, "%c%zu", kind, index + 1);
	} else {
		if (!id_start(*orig))
			base[n++] = kind;
		for (; *orig && n < PIDF_MAX_ID; orig++)
			base[n++] = id_char(*orig) ? *orig : '_';
		base[n] = '\0';
	}
	if (strlen(base) > PIDF_MAX_ID - 12)
		base[PIDF_MAX_ID - 12] = '\0';
	snprintf(cand, sizeof cand, "%s", base);
	for (k = 2; seen(ids, nids, cand); k++)
		snprintf(cand, sizeof cand, "%s-%zu", base, k);
	return su_strdup(home, cand);
}

int pidf_ids_assign(su_home_t *home, struct pidf_doc const *doc, char const ***idsp)
{
	size_t total = doc->ntuples + doc->npersons + doc->ndevices, i, k = 0;
	char const **ids;

	ids = su_zalloc(home, (isize_t)((total + 1) * sizeof *ids));
	if (!ids)
		return ENOMEM;
	for (i = 0; i < doc->ntuples; i++, k++)
		if (!(ids[k] = fix_id(home, doc->tuples[i].id, 't', i, ids, k)))
			return ENOMEM;
	for (i = 0; i < doc->npersons; i++, k++)
		if (!(ids[k] = fix_id(home, doc->persons[i].id, 'p', i, ids, k)))
			return ENOMEM;
	for (i = 0; i < doc->ndevices; i++, k++)
		if (!(ids[k] = fix_id(home, doc->devices[i].id, 'd', i, ids, k)))
			return ENOMEM;
	*idsp = ids;
	return 0;
}

/* ---- comparison ---- */

static int str_eq(char const *a, char const *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static int notes_eq(struct pidf_note const *a, size_t na, struct pidf_note const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i].text, b[i].text) || !str_eq(a[i].lang, b[i].lang))
			return 0;
	return 1;
}

static int strs_eq(char const *const *a, size_t na, char const *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return 0;
	return 1;
}

static int ext_eq(struct pidf_ext const *a, size_t na, struct pidf_ext const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i].ns, b[i].ns) || !str_eq(a[i].name, b[i].name) ||
		    !str_eq(a[i].xml, b[i].xml))
			return 0;
	return 1;
}

/* Both absent, or both present and `same`. */
#define OPT_EQ(a, b, same) (!(a) || !(b) ? (a) == (b) : (same))

static int input_eq(struct pidf_user_input const *a, struct pidf_user_input const *b)
{
	return OPT_EQ(a, b, a->state == b->state && a->idle_threshold == b->idle_threshold &&
			    str_eq(a->last_input, b->last_input));
}

static int rpid_eq(struct pidf_rpid_set const *a, struct pidf_rpid_set const *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->n != b->n || !notes_eq(a->notes, a->nnotes, b->notes, b->nnotes))
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->items[i].value != b->items[i].value ||
		    !str_eq(a->items[i].other, b->items[i].other) ||
		    !str_eq(a->items[i].lang, b->items[i].lang))
			return 0;
	return 1;
}

static int servcaps_eq(struct pidf_servcaps const *a, struct pidf_servcaps const *b)
{
	if (!a || !b)
		return a == b;
	return a->application == b->application && a->audio == b->audio &&
	       a->automata == b->automata && a->control == b->control && a->data == b->data &&
	       a->isfocus == b->isfocus && a->message == b->message && a->text == b->text &&
	       a->video == b->video && a->methods_supported == b->methods_supported &&
	       a->methods_notsupported == b->methods_notsupported &&
	       a->events_supported == b->events_supported &&
	       a->events_notsupported == b->events_notsupported &&
	       strs_eq(a->types, a->ntypes, b->types, b->ntypes) &&
	       notes_eq(a->descriptions, a->ndescriptions, b->descriptions, b->ndescriptions);
}

static int tuple_eq(struct pidf_tuple const *a, struct pidf_tuple const *b)
{
	return str_eq(a->id, b->id) && a->basic == b->basic && str_eq(a->contact, b->contact) &&
	       a->has_priority == b->has_priority &&
	       (!a->has_priority || a->priority == b->priority) &&
	       notes_eq(a->notes, a->nnotes, b->notes, b->nnotes) &&
	       str_eq(a->timestamp, b->timestamp) && str_eq(a->device_id, b->device_id) &&
	       str_eq(a->rpid_class, b->rpid_class) && input_eq(a->user_input, b->user_input) &&
	       servcaps_eq(a->caps, b->caps) &&
	       OPT_EQ(a->service_desc, b->service_desc,
		      str_eq(a->service_desc->service_id, b->service_desc->service_id) &&
			      str_eq(a->service_desc->version, b->service_desc->version) &&
			      str_eq(a->service_desc->description,
				     b->service_desc->description)) &&
	       a->willingness == b->willingness &&
	       a->session_participation == b->session_participation &&
	       a->registration_state == b->registration_state &&
	       a->barring_state == b->barring_state &&
	       ext_eq(a->status_ext, a->nstatus_ext, b->status_ext, b->nstatus_ext) &&
	       ext_eq(a->ext, a->next, b->ext, b->next);
}

static int person_eq(struct pidf_person const *a, struct pidf_person const *b)
{
	return str_eq(a->id, b->id) && rpid_eq(a->activities, b->activities) &&
	       rpid_eq(a->mood, b->mood) &&
	       OPT_EQ(a->place_type, b->place_type,
		      str_eq(a->place_type->other, b->place_type->other) &&
			      str_eq(a->place_type->other_lang, b->place_type->other_lang) &&
			      strs_eq(a->place_type->types, a->place_type->ntypes,
				      b->place_type->types, b->place_type->ntypes) &&
			      notes_eq(a->place_type->notes, a->place_type->nnotes,
				       b->place_type->notes, b->place_type->nnotes)) &&
	       OPT_EQ(a->privacy, b->privacy,
		      a->privacy->unknown == b->privacy->unknown &&
			      a->privacy->audio == b->privacy->audio &&
			      a->privacy->text == b->privacy->text &&
			      a->privacy->video == b->privacy->video) &&
	       a->sphere == b->sphere && str_eq(a->rpid_class, b->rpid_class) &&
	       OPT_EQ(a->time_offset, b->time_offset,
		      a->time_offset->minutes == b->time_offset->minutes &&
			      str_eq(a->time_offset->description, b->time_offset->description)) &&
	       input_eq(a->user_input, b->user_input) && str_eq(a->status_icon, b->status_icon) &&
	       str_eq(a->display_name, b->display_name) && str_eq(a->card, b->card) &&
	       str_eq(a->homepage, b->homepage) && str_eq(a->icon, b->icon) &&
	       str_eq(a->map, b->map) && str_eq(a->sound, b->sound) &&
	       a->overriding_willingness == b->overriding_willingness &&
	       notes_eq(a->notes, a->nnotes, b->notes, b->nnotes) &&
	       str_eq(a->timestamp, b->timestamp) && ext_eq(a->ext, a->next, b->ext, b->next);
}

static int device_eq(struct pidf_device const *a, struct pidf_device const *b)
{
	return str_eq(a->id, b->id) && str_eq(a->device_id, b->device_id) &&
	       input_eq(a->user_input, b->user_input) && str_eq(a->rpid_class, b->rpid_class) &&
	       OPT_EQ(a->caps, b->caps,
		      a->caps->mobile == b->caps->mobile && a->caps->fixed == b->caps->fixed &&
			      notes_eq(a->caps->descriptions, a->caps->ndescriptions,
				       b->caps->descriptions, b->caps->ndescriptions)) &&
	       notes_eq(a->notes, a->nnotes, b->notes, b->nnotes) &&
	       str_eq(a->timestamp, b->timestamp) && ext_eq(a->ext, a->next, b->ext, b->next);
}

int pidf_doc_equal(struct pidf_doc const *a, struct pidf_doc const *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (!str_eq(a->entity, b->entity) || a->ntuples != b->ntuples ||
	    a->npersons != b->npersons || a->ndevices != b->ndevices ||
	    !notes_eq(a->notes, a->nnotes, b->notes, b->nnotes) ||
	    !ext_eq(a->ext, a->next, b->ext, b->next))
		return 0;
	for (i = 0; i < a->ntuples; i++)
		if (!tuple_eq(&a->tuples[i], &b->tuples[i]))
			return 0;
	for (i = 0; i < a->npersons; i++)
		if (!person_eq(&a->persons[i], &b->persons[i]))
			return 0;
	for (i = 0; i < a->ndevices; i++)
		if (!device_eq(&a->devices[i], &b->devices[i]))
			return 0;
	return 1;
}
