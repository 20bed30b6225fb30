/* tests/test_map_pres.c: presence attributes <-> PIDF: tables, attributes, samples, round trips. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sofia-sip/base64.h>
#include <sofia-sip/su_alloc.h>

#include "mapping/map_pres.h"

#define ENTITY "sip:harry@mno1.example"
#define NOW ((time_t)1714554000) /* 2024-05-01T09:00:00Z */

static su_home_t *home;

static void setup(void)
{
	home = su_home_new(sizeof *home);
	ck_assert_ptr_nonnull(home);
}

static void teardown(void)
{
	su_home_unref(home);
}

static uint64_t prng_state;

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

/* An attribute with Qualifier T. */
static void on(struct imps_pres *p, enum imps_attr a)
{
	p->h[a].present = 1;
	p->h[a].qualifier = CSP_T;
}

/* IMPS -> PIDF -> XML -> PIDF -> IMPS, as the gateway runs it. */
static struct imps_pres *through_pidf(struct imps_pres const *in, struct pidf_doc **docp,
				      char **xmlp)
{
	struct pidf_doc *doc = NULL, *parsed = NULL;
	struct imps_pres *back = NULL;
	char *xml = NULL, reason[PIDF_REASON_LEN];
	size_t len = 0;

	ck_assert_int_eq(map_pres_to_pidf(home, in, ENTITY, NOW, &doc), 0);
	ck_assert_int_eq(pidf_build(home, doc, &xml, &len), 0);
	ck_assert_msg(pidf_parse(home, xml, len, &parsed, reason, sizeof reason) == 0, "%s\n%s",
		      reason, xml);
	ck_assert_int_eq(map_pidf_to_pres(home, parsed, &back), 0);
	if (docp)
		*docp = doc;
	if (xmlp)
		*xmlp = xml;
	return back;
}

static struct pidf_doc *parse_file(char const *name)
{
	char path[1024], reason[PIDF_REASON_LEN];
	static char buf[PIDF_MAX_BODY];
	struct pidf_doc *doc = NULL;
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/data/pidf/%s", SRCDIR, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ck_assert_msg(pidf_parse(home, buf, n, &doc, reason, sizeof reason) == 0, "%s: %s", name,
		      reason);
	return doc;
}

/* --- tables ---------------------------------------------------------------- */

START_TEST(attribute_table_walk)
{
	size_t n, i;
	struct map_pres_attr_row const *t = map_pres_attr_table(&n);

	ck_assert_uint_eq(n, IMPS_ATTR_COUNT);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(t[i].attr, (enum imps_attr)i); /* one row each, in order */
		ck_assert_ptr_nonnull(t[i].pidf);
		ck_assert_ptr_nonnull(t[i].note);
		if (t[i].imps_round == MAP_LOST)
			ck_assert_str_eq(t[i].pidf, "-");
		else
			ck_assert_str_ne(t[i].pidf, "-");
	}
}
END_TEST

START_TEST(mood_table_walk)
{
	size_t n, i, j;
	struct map_mood_row const *t = map_pres_mood_table(&n);
	int m;

	ck_assert_int_eq(t[n - 1].imps, IMPS_MOOD_OTHER); /* the default row */
	ck_assert_int_eq(t[n - 1].pidf, PIDF_MOOD_OTHER);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			ck_assert_int_ne(t[i].imps, t[j].imps);
			ck_assert_int_ne(t[i].pidf, t[j].pidf);
		}
		/* a round trip through each row */
		ck_assert_int_eq(map_mood_imps_to_pidf(t[i].imps), t[i].pidf);
		ck_assert_int_eq(map_mood_pidf_to_imps(t[i].pidf), t[i].imps);
		/* same spelling on both sides */
		if (i + 1 < n)
			ck_assert_int_eq(strcasecmp(imps_mood_name(t[i].imps),
						    pidf_mood_name(t[i].pidf)), 0);
	}
	/* every IMPS mood and every rpid mood reaches some row */
	for (m = IMPS_MOOD_NONE; m <= IMPS_MOOD_EXTENSION; m++)
		(void)map_mood_imps_to_pidf((enum imps_mood)m);
	ck_assert_int_eq(map_mood_imps_to_pidf(IMPS_MOOD_EXTENSION), PIDF_MOOD_OTHER);
	ck_assert_int_eq(map_mood_pidf_to_imps(PIDF_MOOD_CALM), IMPS_MOOD_OTHER);
	ck_assert_int_eq(map_mood_pidf_to_imps((enum pidf_mood)999), IMPS_MOOD_OTHER);
	for (m = 0; m < PIDF_MOOD_COUNT; m++)
		ck_assert_int_ne(map_mood_pidf_to_imps((enum pidf_mood)m), IMPS_MOOD_NONE);
}
END_TEST

START_TEST(availability_tables_walk)
{
	size_t n, na, i, j;
	struct map_avail_row const *t = map_pres_avail_table(&n);
	struct map_activity_row const *a = map_pres_activity_table(&na);

	ck_assert_uint_eq(n, 3);
	for (i = 0; i < n; i++) {
		struct imps_pres *p = imps_pres_new(home), *back;

		for (j = i + 1; j < n; j++)
			ck_assert_int_ne(t[i].avail, t[j].avail);
		/* the activity written is one that reads back as this value */
		if (t[i].activity >= 0)
			ck_assert_int_eq(map_activity_avail(t[i].activity), t[i].avail);
		on(p, IMPS_ATTR_USER_AVAILABILITY);
		p->availability = t[i].avail;
		back = through_pidf(p, NULL, NULL);
		ck_assert(imps_pres_equal(p, back));
	}
	ck_assert_int_eq(a[na - 1].activity, PIDF_ACT_OTHER); /* default row */
	ck_assert_int_eq(a[na - 1].avail, IMPS_AVAIL_NONE);
	for (i = 0; i < na; i++)
		for (j = i + 1; j < na; j++)
			ck_assert_int_ne(a[i].activity, a[j].activity);
	ck_assert_int_eq(map_activity_avail(PIDF_ACT_TV), IMPS_AVAIL_NONE);
	ck_assert_int_eq(map_activity_avail((enum pidf_activity)999), IMPS_AVAIL_NONE);
}
END_TEST

START_TEST(zone_cases)
{
	static struct {
		char const *in;
		int rc, minutes;
		char const *canon;
	} const cases[] = {
		{"+02:00", 0, 120, "+02:00"}, {"-05:30", 0, -330, "-05:30"},
		{"+0530", 0, 330, "+05:30"},  {"+2", 0, 120, "+02:00"},
		{"UTC+3", 0, 180, "+03:00"},  {"GMT-01:00", 0, -60, "-01:00"},
		{"Z", 0, 0, "+00:00"},        {"UTC", 0, 0, "+00:00"},
		{" +14:00 ", 0, 840, "+14:00"}, {"", EINVAL, 0, NULL},
		{"Europe/Helsinki", EINVAL, 0, NULL}, {"+2:3", EINVAL, 0, NULL},
		{"+02:60", EINVAL, 0, NULL},  {"+25:00", EINVAL, 0, NULL},
		{"2", EINVAL, 0, NULL},       {"+", EINVAL, 0, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int m = 12345;
		char const *s = NULL;

		ck_assert_msg(map_zone_parse(cases[i].in, &m) == cases[i].rc, "'%s'", cases[i].in);
		if (cases[i].rc) {
			ck_assert_int_eq(m, 12345);
			continue;
		}
		ck_assert_int_eq(m, cases[i].minutes);
		ck_assert_int_eq(map_zone_format(home, m, &s), 0);
		ck_assert_str_eq(s, cases[i].canon);
	}
	ck_assert_int_eq(map_zone_format(home, 1441, &(char const *){NULL}), EINVAL);
}
END_TEST

/* --- IMPS -> PIDF, attribute by attribute ---------------------------------------- */

START_TEST(harry_online_and_available)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL;
	struct pidf_tuple const *t;
	struct pidf_person const *pe;
	char *xml = NULL;

	on(p, IMPS_ATTR_ONLINE_STATUS);
	p->online_status = CSP_T;
	on(p, IMPS_ATTR_USER_AVAILABILITY);
	p->availability = IMPS_AVAIL_AVAILABLE;
	on(p, IMPS_ATTR_STATUS_TEXT);
	p->status_text = "At lunch <back soon> & \"happy\"";
	on(p, IMPS_ATTR_PREFERRED_LANGUAGE);
	p->preferred_language = "en";
	on(p, IMPS_ATTR_ALIAS);
	p->alias = "Harry";

	back = through_pidf(p, &doc, &xml);
	ck_assert_str_eq(doc->entity, ENTITY);
	ck_assert_uint_eq(doc->ntuples, 1);
	t = &doc->tuples[0];
	ck_assert_str_eq(t->id, MAP_PRES_IM_TUPLE_ID);
	ck_assert_int_eq(t->basic, PIDF_BASIC_OPEN);
	ck_assert_str_eq(t->service_desc->service_id, MAP_PRES_IM_SERVICE_ID);
	ck_assert_str_eq(t->timestamp, "2024-05-01T09:00:00Z");
	ck_assert_uint_eq(doc->npersons, 1);
	pe = &doc->persons[0];
	ck_assert_int_eq(pe->overriding_willingness, PIDF_BASIC_OPEN);
	ck_assert_ptr_null(pe->activities);
	ck_assert_str_eq(pe->notes[0].text, "At lunch <back soon> & \"happy\"");
	ck_assert_str_eq(pe->notes[0].lang, "en");
	ck_assert_str_eq(pe->display_name, "Harry");
	ck_assert_uint_eq(doc->ndevices, 0);
	ck_assert_msg(imps_pres_equal(p, back), "%s", xml);
	/* deterministic: the same input gives the same bytes */
	{
		struct pidf_doc *doc2 = NULL;
		char *xml2 = NULL;
		size_t l1, l2;

		ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc2), 0);
		ck_assert_int_eq(pidf_build(home, doc2, &xml2, &l2), 0);
		ck_assert_int_eq(pidf_build(home, doc, &xml, &l1), 0);
		ck_assert_uint_eq(l1, l2);
		ck_assert(!memcmp(xml, xml2, l1));
	}
}
END_TEST

START_TEST(qualifier_f_and_absent_write_nothing)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL;
	int a;

	/* every attribute present with Qualifier F (values set anyway) */
	for (a = 0; a < IMPS_ATTR_COUNT; a++) {
		p->h[a].present = 1;
		p->h[a].qualifier = CSP_F;
	}
	p->online_status = CSP_T;
	p->availability = IMPS_AVAIL_AVAILABLE;
	p->status_text = "stale";
	p->alias = "stale";
	p->mood = IMPS_MOOD_HAPPY;
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_uint_eq(doc->ntuples, 0);
	ck_assert_uint_eq(doc->npersons, 0);
	ck_assert_uint_eq(doc->ndevices, 0);
	/* present with Qualifier T but no value: nothing either */
	p = imps_pres_new(home);
	for (a = 0; a < IMPS_ATTR_COUNT; a++)
		on(p, (enum imps_attr)a);
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_uint_eq(doc->ntuples + doc->npersons + doc->ndevices, 0);
	/* and an empty document maps to no attribute at all */
	ck_assert_int_eq(map_pidf_to_pres(home, doc, &back), 0);
	ck_assert_uint_eq(imps_pres_attrs(back), 0);
	/* bad arguments */
	ck_assert_int_eq(map_pres_to_pidf(home, p, "not a uri", NOW, &doc), EINVAL);
	ck_assert_int_eq(map_pres_to_pidf(home, p, NULL, NOW, &doc), EINVAL);
	ck_assert_int_eq(map_pidf_to_pres(home, NULL, &back), EINVAL);
}
END_TEST

START_TEST(availability_values)
{
	struct imps_pres *p = imps_pres_new(home);
	struct pidf_doc *doc = NULL;

	on(p, IMPS_ATTR_USER_AVAILABILITY);
	p->availability = IMPS_AVAIL_DISCREET;
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_int_eq(doc->persons[0].overriding_willingness, PIDF_BASIC_OPEN);
	ck_assert_uint_eq(doc->persons[0].activities->n, 1);
	ck_assert_int_eq(doc->persons[0].activities->items[0].value, PIDF_ACT_BUSY);
	p->availability = IMPS_AVAIL_NOT_AVAILABLE;
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_int_eq(doc->persons[0].overriding_willingness, PIDF_BASIC_CLOSED);
	ck_assert_int_eq(doc->persons[0].activities->items[0].value, PIDF_ACT_AWAY);
	/* no value: nothing */
	p->availability = IMPS_AVAIL_NONE;
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_uint_eq(doc->npersons, 0);
}
END_TEST

START_TEST(moods)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL;

	on(p, IMPS_ATTR_STATUS_MOOD);
	p->mood = IMPS_MOOD_IN_LOVE;
	back = through_pidf(p, &doc, NULL);
	ck_assert_int_eq(doc->persons[0].mood->items[0].value, PIDF_MOOD_IN_LOVE);
	ck_assert(imps_pres_equal(p, back));
	p->mood = IMPS_MOOD_OTHER;
	back = through_pidf(p, &doc, NULL);
	ck_assert_int_eq(doc->persons[0].mood->items[0].value, PIDF_MOOD_OTHER);
	ck_assert_str_eq(doc->persons[0].mood->items[0].other, "");
	ck_assert(imps_pres_equal(p, back));
	/* an extension value goes as text and comes back as OTHER (lossy) */
	p->mood = IMPS_MOOD_EXTENSION;
	p->mood_text = "GRUMPY_ON_MONDAYS";
	back = through_pidf(p, &doc, NULL);
	ck_assert_str_eq(doc->persons[0].mood->items[0].other, "GRUMPY_ON_MONDAYS");
	ck_assert_int_eq(back->mood, IMPS_MOOD_OTHER);
}
END_TEST

START_TEST(client_info_device)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL, *doc2 = NULL;

	on(p, IMPS_ATTR_ONLINE_STATUS);
	p->online_status = CSP_T;
	on(p, IMPS_ATTR_CLIENT_INFO);
	p->client_info.type = IMPS_CLIENT_MOBILE_PHONE;
	p->client_info.dev_manufacturer = "Nokia";
	p->client_info.model = "N95";
	p->client_info.client_producer = "Esmertec";
	back = through_pidf(p, &doc, NULL);
	ck_assert_uint_eq(doc->ndevices, 1);
	ck_assert_int_eq(doc->devices[0].caps->mobile, PIDF_TRI_TRUE);
	ck_assert_str_eq(doc->devices[0].caps->descriptions[0].text, "Nokia N95");
	ck_assert_int_eq(strncmp(doc->devices[0].device_id, "urn:uuid:", 9), 0);
	ck_assert_uint_eq(strlen(doc->devices[0].device_id), 9 + 36);
	ck_assert_int_eq(doc->devices[0].device_id[9 + 14], '3'); /* name-based MD5 */
	/* the IM tuple names its device */
	ck_assert_str_eq(doc->tuples[0].device_id, doc->devices[0].device_id);
	/* lossy: the type comes back, the names do not */
	ck_assert_int_eq(back->client_info.type, IMPS_CLIENT_MOBILE_PHONE);
	ck_assert_ptr_null(back->client_info.model);
	/* same entity, same device id; another entity, another id */
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW + 60, &doc2), 0);
	ck_assert_str_eq(doc2->devices[0].device_id, doc->devices[0].device_id);
	ck_assert_int_eq(map_pres_to_pidf(home, p, "sip:jane@mno2.example", NOW, &doc2), 0);
	ck_assert_str_ne(doc2->devices[0].device_id, doc->devices[0].device_id);
	/* a PDA: nothing PIDF can say but its name */
	p->client_info.type = IMPS_CLIENT_PDA;
	p->client_info.dev_manufacturer = p->client_info.model = NULL;
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc2), 0);
	ck_assert_uint_eq(doc2->ndevices, 0);
	ck_assert_ptr_null(doc2->tuples[0].device_id);
}
END_TEST

START_TEST(comm_cap_and_preferred_contacts)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL;
	struct imps_commc cc[3] = {
		{"CALL", IMPS_CSTATUS_OPEN, "tel:+358401234567", NULL},
		{"IM", IMPS_CSTATUS_CLOSED, "wv:harry@mno1.example", "Not now"},
		{"SMS", IMPS_CSTATUS_NONE, NULL, NULL}, /* no Status: nothing faithful */
	};
	struct imps_addr_pref ap[2] = {
		{"CALL", "tel:+358401234567", IMPS_CSTATUS_OPEN, "mobile", 800},
		{NULL, "mailto:harry@mno1.example", IMPS_CSTATUS_NONE, NULL, -1},
	};
	char *xml = NULL;

	on(p, IMPS_ATTR_ONLINE_STATUS);
	p->online_status = CSP_F;
	on(p, IMPS_ATTR_REGISTRATION);
	p->registration = CSP_T;
	on(p, IMPS_ATTR_COMM_CAP);
	p->comm_cap.v = cc;
	p->comm_cap.n = 3;
	on(p, IMPS_ATTR_PREFERRED_CONTACTS);
	p->preferred_contacts.v = ap;
	p->preferred_contacts.n = 2;
	back = through_pidf(p, &doc, &xml);
	/* tuples in CommC order, the IM one is "im" and carries OnlineStatus */
	ck_assert_uint_eq(doc->ntuples, 4);
	ck_assert_str_eq(doc->tuples[0].id, "cc1");
	ck_assert_str_eq(doc->tuples[0].rpid_class, "commcap-CALL");
	ck_assert_int_eq(doc->tuples[0].willingness, PIDF_BASIC_OPEN);
	ck_assert_int_eq(doc->tuples[0].basic, PIDF_BASIC_NONE);
	ck_assert_str_eq(doc->tuples[1].id, "im");
	ck_assert_int_eq(doc->tuples[1].basic, PIDF_BASIC_CLOSED);
	ck_assert_int_eq(doc->tuples[1].willingness, PIDF_BASIC_CLOSED);
	ck_assert_int_eq(doc->tuples[1].registration_state, PIDF_OMA_STATE_ACTIVE);
	ck_assert_str_eq(doc->tuples[1].notes[0].text, "Not now");
	ck_assert_str_eq(doc->tuples[2].rpid_class, "prefcontact-CALL");
	ck_assert_int_eq(doc->tuples[2].has_priority, 1);
	ck_assert_uint_eq(doc->tuples[2].priority, 800);
	ck_assert_str_eq(doc->tuples[3].rpid_class, "prefcontact");
	ck_assert_int_eq(doc->tuples[3].has_priority, 0);
	/* back: all but the CommC without Status */
	ck_assert_uint_eq(back->comm_cap.n, 2);
	p->comm_cap.n = 2;
	ck_assert_msg(imps_pres_equal(p, back), "%s", xml);
}
END_TEST

START_TEST(icons_cards_places_zones_links)
{
	struct imps_pres *p = imps_pres_new(home), *back;
	struct pidf_doc *doc = NULL;
	struct imps_info_link link = {"http://harry.example/", NULL, NULL};
	char *xml = NULL;

	on(p, IMPS_ATTR_STATUS_CONTENT);
	p->status_content.direct_content = "iVBORw0KGgo=";
	p->status_content.content_type = "image/png";
	on(p, IMPS_ATTR_CONTACT_INFO);
	p->contact_info.contained_vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Harry\r\nEND:VCARD\r\n";
	on(p, IMPS_ATTR_FREE_TEXT_LOCATION);
	p->free_text_location = "On the train to Espoo";
	on(p, IMPS_ATTR_TIME_ZONE);
	p->time_zone.zone = "+03:00";
	on(p, IMPS_ATTR_INFO_LINK);
	p->info_link.v = &link;
	p->info_link.n = 1;
	back = through_pidf(p, &doc, &xml);
	ck_assert_str_eq(doc->persons[0].icon, "data:image/png;base64,iVBORw0KGgo=");
	ck_assert_int_eq(strncmp(doc->persons[0].card, "data:text/vcard;base64,", 23), 0);
	ck_assert_str_eq(doc->persons[0].place_type->other, "On the train to Espoo");
	ck_assert_int_eq(doc->persons[0].time_offset->minutes, 180);
	ck_assert_str_eq(doc->persons[0].homepage, "http://harry.example/");
	ck_assert_msg(imps_pres_equal(p, back), "%s", xml);

	/* referred forms */
	p = imps_pres_new(home);
	on(p, IMPS_ATTR_STATUS_CONTENT);
	p->status_content.referred_content = "http://avatars.mno1.example/harry.png";
	on(p, IMPS_ATTR_CONTACT_INFO);
	p->contact_info.referred_vcard = "http://mno1.example/harry.vcf";
	back = through_pidf(p, &doc, &xml);
	ck_assert_str_eq(doc->persons[0].icon, "http://avatars.mno1.example/harry.png");
	ck_assert_str_eq(doc->persons[0].card, "http://mno1.example/harry.vcf");
	ck_assert_msg(imps_pres_equal(p, back), "%s", xml);

	/* what cannot be carried is dropped, not broken: a time zone name, an
	 * icon too large for PIDF_MAX_STRING, a URL with spaces */
	p = imps_pres_new(home);
	on(p, IMPS_ATTR_TIME_ZONE);
	p->time_zone.zone = "Europe/Helsinki";
	on(p, IMPS_ATTR_STATUS_CONTENT);
	{
		char *big = su_alloc(home, PIDF_MAX_STRING + 8);
		memset(big, 'A', PIDF_MAX_STRING + 4);
		big[PIDF_MAX_STRING + 4] = '\0';
		p->status_content.direct_content = big;
	}
	on(p, IMPS_ATTR_CONTACT_INFO);
	p->contact_info.referred_vcard = "http://mno1.example/my card.vcf";
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_uint_eq(doc->npersons, 0);
}
END_TEST

START_TEST(lost_attributes_write_nothing)
{
	struct imps_pres *p = imps_pres_new(home);
	struct pidf_doc *doc = NULL;

	on(p, IMPS_ATTR_GEO_LOCATION);
	p->geo.latitude = "60.17";
	p->geo.longitude = "24.94";
	on(p, IMPS_ATTR_ADDRESS);
	p->address.city = "Helsinki";
	on(p, IMPS_ATTR_PLMN);
	p->plmn = "24491";
	on(p, IMPS_ATTR_PREFERRED_LANGUAGE); /* without StatusText */
	p->preferred_language = "fi";
	ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
	ck_assert_uint_eq(doc->ntuples + doc->npersons + doc->ndevices + doc->nnotes, 0);
}
END_TEST

/* --- PIDF -> IMPS: documents real peers send -------------------------------------- */

START_TEST(jane_from_kamailio)
{
	struct pidf_doc *doc = parse_file("kamailio-aggregated.xml");
	struct imps_pres *p = NULL;

	ck_assert_int_eq(map_pidf_to_pres(home, doc, &p), 0);
	/* one of her two devices is open */
	ck_assert_int_eq(p->h[IMPS_ATTR_ONLINE_STATUS].qualifier, CSP_T);
	ck_assert_int_eq(p->online_status, CSP_T);
	/* meeting + busy: available, discreetly */
	ck_assert_int_eq(p->availability, IMPS_AVAIL_DISCREET);
	ck_assert_int_eq(p->mood, IMPS_MOOD_HAPPY);
	ck_assert_str_eq(p->alias, "Jane Doe");
	ck_assert_str_eq(p->status_text, "In a meeting until 11");
	ck_assert_int_eq(p->h[IMPS_ATTR_PREFERRED_LANGUAGE].present, 0);
	ck_assert_str_eq(p->info_link.v[0].link, "http://jane.mno2.example/");
	/* device contacts are not preferred contacts, and nothing is invented */
	ck_assert_int_eq(p->h[IMPS_ATTR_PREFERRED_CONTACTS].present, 0);
	ck_assert_int_eq(p->h[IMPS_ATTR_COMM_CAP].present, 0);
	ck_assert_int_eq(p->h[IMPS_ATTR_CLIENT_INFO].present, 0);
	ck_assert_int_eq(p->h[IMPS_ATTR_REGISTRATION].present, 0);
	ck_assert_int_eq(p->h[IMPS_ATTR_STATUS_CONTENT].present, 0);
}
END_TEST

START_TEST(jane_from_plain_clients)
{
	struct imps_pres *p = NULL;

	ck_assert_int_eq(map_pidf_to_pres(home, parse_file("baresip-away.xml"), &p), 0);
	ck_assert_int_eq(p->online_status, CSP_T);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_NOT_AVAILABLE);
	ck_assert_int_eq(p->h[IMPS_ATTR_STATUS_TEXT].present, 0);

	ck_assert_int_eq(map_pidf_to_pres(home, parse_file("jitsi-on-the-phone.xml"), &p), 0);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_DISCREET);
	ck_assert_str_eq(p->status_text, "On the phone"); /* the tuple note */
	/* rpid:status-icon is an XDM document reference, not an image */
	ck_assert_int_eq(p->h[IMPS_ATTR_STATUS_CONTENT].present, 0);

	ck_assert_int_eq(map_pidf_to_pres(home, parse_file("minimal-closed.xml"), &p), 0);
	ck_assert_int_eq(p->online_status, CSP_F);
	ck_assert_int_eq(p->h[IMPS_ATTR_USER_AVAILABILITY].present, 0);
}
END_TEST

START_TEST(harry_from_oma_client)
{
	struct imps_pres *p = NULL;

	ck_assert_int_eq(map_pidf_to_pres(home, parse_file("oma-client.xml"), &p), 0);
	ck_assert_int_eq(p->online_status, CSP_T);
	ck_assert_int_eq(p->registration, CSP_T);
	ck_assert_uint_eq(p->comm_cap.n, 1);
	ck_assert_str_eq(p->comm_cap.v[0].cap, "IM");
	ck_assert_int_eq(p->comm_cap.v[0].status, IMPS_CSTATUS_OPEN);
	ck_assert_str_eq(p->comm_cap.v[0].contact, "sip:harry@mno1.example");
	ck_assert_str_eq(p->comm_cap.v[0].note, "Available for chat");
	ck_assert_int_eq(p->availability, IMPS_AVAIL_AVAILABLE);
	ck_assert_str_eq(p->status_text, "On the train");
	ck_assert_str_eq(p->preferred_language, "en");
	ck_assert_str_eq(p->alias, "Harry");
	ck_assert_str_eq(p->contact_info.referred_vcard, "http://mno1.example/harry.vcf");
	ck_assert_int_eq(p->client_info.type, IMPS_CLIENT_MOBILE_PHONE);
	ck_assert_int_eq(p->h[IMPS_ATTR_STATUS_MOOD].present, 0);
}
END_TEST

START_TEST(every_sample_maps)
{
	static char const *const names[] = {
		"baresip-away.xml", "jitsi-on-the-phone.xml", "kamailio-aggregated.xml",
		"latin1-note.xml", "legacy-rpid-in-status.xml", "minimal-closed.xml",
		"oma-client.xml", "prefixed-and-default.xml", "rfc4480-rich.xml",
		"rfc5196-caps.xml", "unknown-extensions.xml",
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct imps_pres *p = NULL, *again = NULL;
		struct csp_node *root = csp_node_add(home, NULL, "Presence"), *psl = NULL;
		struct pidf_doc *doc = NULL;

		ck_assert_int_eq(map_pidf_to_pres(home, parse_file(names[i]), &p), 0);
		/* what comes out is valid IMPS: it writes and reads back the same */
		ck_assert_ptr_nonnull(root);
		ck_assert_int_eq(imps_pres_to_node(home, p, root, &psl), 0);
		ck_assert_msg(imps_pres_from_node(home, psl, &again) == 0, "%s", names[i]);
		ck_assert_msg(imps_pres_equal(p, again), "%s", names[i]);
		/* and maps back to a document that builds */
		ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
		ck_assert_int_eq(pidf_build(home, doc, &(char *){NULL}, &(size_t){0}), 0);
	}
}
END_TEST

/* --- properties ------------------------------------------------------------------- */

static char const *rand_text(void)
{
	static char const *const pieces[] = {
		"a", "Z", "0", " ", "<", ">", "&", "\"", "'", "\xc3\xa9", "\xe4\xb8\xad",
		"\xf0\x9f\x98\x80", "-", ".", "\t", "\n", "\r", "x y",
	};
	char buf[256];
	size_t n = 1 + below(20), i, k = 0;

	buf[k++] = "hHjJ"[below(4)];
	for (i = 0; i < n; i++) {
		char const *s = pieces[below(sizeof pieces / sizeof pieces[0])];
		memcpy(buf + k, s, strlen(s));
		k += strlen(s);
	}
	buf[k++] = "!.?z"[below(4)];
	buf[k] = '\0';
	return su_strdup(home, buf);
}

static char const *rand_token(void)
{
	static char const *const caps[] = {"IM", "CALL", "SMS", "MMS", "EMAIL", "im", "POC.x-1"};
	return caps[below(sizeof caps / sizeof caps[0])];
}

static char const *rand_uri(void)
{
	static char const *const u[] = {
		"sip:harry@mno1.example", "tel:+358401234567", "mailto:harry@mno1.example",
		"http://mno1.example/a?b=c&d=%20e", "wv:harry@mno1.example",
		"im:harry@mno1.example",
	};
	return u[below(sizeof u / sizeof u[0])];
}

static char const *rand_b64(void)
{
	unsigned char raw[48];
	size_t n = below(sizeof raw), i;
	char *out = su_alloc(home, BASE64_SIZE(sizeof raw) + 1);

	for (i = 0; i < n; i++)
		raw[i] = (unsigned char)below(256);
	base64_e(out, BASE64_SIZE(sizeof raw) + 1, raw, n);
	return out;
}

static void *rand_array(size_t size, size_t *np)
{
	*np = 1 + below(3);
	return su_zalloc(home, *np * size);
}

/* A random set of the attributes and value shapes the table calls lossless. */
static struct imps_pres *random_lossless(void)
{
	struct imps_pres *p = imps_pres_new(home);
	size_t i;

	if (below(2)) {
		on(p, IMPS_ATTR_ONLINE_STATUS);
		p->online_status = below(2) ? CSP_T : CSP_F;
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_REGISTRATION);
		p->registration = below(2) ? CSP_T : CSP_F;
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_CLIENT_INFO);
		p->client_info.type = below(2) ? IMPS_CLIENT_MOBILE_PHONE : IMPS_CLIENT_COMPUTER;
	}
	if (below(3) == 0) {
		int m = (int)below(1441) - 720;
		on(p, IMPS_ATTR_TIME_ZONE);
		p->time_zone.zone = su_sprintf(home, "%c%02d:%02d", m < 0 ? '-' : '+', abs(m) / 60,
					       abs(m) % 60);
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_FREE_TEXT_LOCATION);
		p->free_text_location = rand_text();
	}
	if (below(2)) {
		on(p, IMPS_ATTR_COMM_CAP);
		p->comm_cap.v = rand_array(sizeof *p->comm_cap.v, &p->comm_cap.n);
		for (i = 0; i < p->comm_cap.n; i++) {
			p->comm_cap.v[i].cap = rand_token();
			p->comm_cap.v[i].status =
				below(2) ? IMPS_CSTATUS_OPEN : IMPS_CSTATUS_CLOSED;
			p->comm_cap.v[i].contact = below(2) ? rand_uri() : NULL;
			p->comm_cap.v[i].note = below(2) ? rand_text() : NULL;
		}
	}
	if (below(2)) {
		on(p, IMPS_ATTR_USER_AVAILABILITY);
		p->availability = (enum imps_avail)(IMPS_AVAIL_AVAILABLE + below(3));
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_PREFERRED_CONTACTS);
		p->preferred_contacts.v =
			rand_array(sizeof *p->preferred_contacts.v, &p->preferred_contacts.n);
		for (i = 0; i < p->preferred_contacts.n; i++) {
			struct imps_addr_pref *ap = &p->preferred_contacts.v[i];
			ap->prefc = below(2) ? rand_token() : NULL;
			ap->caddr = below(4) ? rand_uri() : NULL;
			ap->cstatus = (enum imps_cstatus)below(3);
			ap->cname = below(2) ? rand_text() : NULL;
			ap->cpriority = ap->caddr && below(2) ? (long)below(1001) : -1;
		}
	}
	if (below(2)) {
		on(p, IMPS_ATTR_STATUS_TEXT);
		p->status_text = rand_text();
		if (below(2)) {
			static char const *const langs[] = {"en", "fr-CA", "zh-Hant", "fi"};
			on(p, IMPS_ATTR_PREFERRED_LANGUAGE);
			p->preferred_language = langs[below(4)];
		}
	}
	if (below(2)) {
		on(p, IMPS_ATTR_STATUS_MOOD);
		p->mood = (enum imps_mood)(IMPS_MOOD_ANGRY + below(IMPS_MOOD_OTHER));
	}
	if (below(2)) {
		on(p, IMPS_ATTR_ALIAS);
		p->alias = rand_text();
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_STATUS_CONTENT);
		if (below(2)) {
			p->status_content.referred_content = rand_uri();
		} else {
			p->status_content.direct_content = rand_b64();
			p->status_content.content_type = below(2) ? "image/png" : NULL;
		}
	}
	if (below(3) == 0) {
		on(p, IMPS_ATTR_CONTACT_INFO);
		if (below(2))
			p->contact_info.referred_vcard = rand_uri();
		else
			p->contact_info.contained_vcard = rand_text();
	}
	if (below(4) == 0) {
		on(p, IMPS_ATTR_INFO_LINK);
		p->info_link.v = su_zalloc(home, sizeof *p->info_link.v);
		p->info_link.n = 1;
		p->info_link.v[0].link = rand_uri();
	}
	return p;
}

#define PROPERTY_ITERATIONS 4000

START_TEST(property_lossless_round_trip)
{
	int it;
	size_t attrs = 0;

	prng_state = 0x1234abcdull;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		struct imps_pres *p = random_lossless(), *back;
		char *xml = NULL;

		back = through_pidf(p, NULL, &xml);
		ck_assert_msg(imps_pres_equal(p, back), "iteration %d:\n%s", it, xml);
		attrs += (size_t)__builtin_popcount(imps_pres_attrs(p));
		if (it % 64 == 0) {
			su_home_unref(home);
			home = su_home_new(sizeof *home);
		}
	}
	ck_assert_uint_gt(attrs, PROPERTY_ITERATIONS * 4); /* the sets were not empty */
}
END_TEST

/* Anything, valid or not, with Qualifier F here and there: the document
 * always builds and parses, and never holds an attribute that was not there. */
static struct imps_pres *random_any(void)
{
	struct imps_pres *p = random_lossless();
	static char const *const junk[] = {"", " ", "a\001b", "\xff\xfe", "x y z", "%zz",
					   "<tag>", "http://a b", "-"};
	int a;

	for (a = 0; a < IMPS_ATTR_COUNT; a++) {
		if (below(6) == 0) {
			p->h[a].present = 1;
			p->h[a].qualifier = (enum csp_bool)((int)below(3) - 1);
		}
	}
	if (below(2))
		p->alias = junk[below(9)];
	if (below(2))
		p->status_text = junk[below(9)];
	if (below(2))
		p->preferred_language = junk[below(9)];
	if (below(2))
		p->time_zone.zone = junk[below(9)];
	if (below(2))
		p->status_content.referred_content = junk[below(9)];
	if (below(2))
		p->contact_info.contained_vcard = junk[below(9)];
	if (below(2))
		p->free_text_location = junk[below(9)];
	if (below(2)) {
		p->mood = IMPS_MOOD_EXTENSION;
		p->mood_text = junk[below(9)];
	}
	p->client_info.type = (enum imps_client_type)below(6);
	p->client_info.model = below(2) ? junk[below(9)] : "N95";
	p->geo.latitude = "60.1";
	p->plmn = "24491";
	return p;
}

START_TEST(property_any_input_builds)
{
	int it;

	prng_state = 99;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		struct imps_pres *p = random_any(), *back = NULL;
		struct pidf_doc *doc = NULL, *parsed = NULL;
		char *xml = NULL, reason[PIDF_REASON_LEN];
		size_t len = 0;
		int a;

		ck_assert_int_eq(map_pres_to_pidf(home, p, ENTITY, NOW, &doc), 0);
		ck_assert_msg(pidf_build(home, doc, &xml, &len) == 0, "iteration %d", it);
		ck_assert_int_eq(pidf_parse(home, xml, len, &parsed, reason, sizeof reason), 0);
		ck_assert_int_eq(map_pidf_to_pres(home, parsed, &back), 0);
		for (a = 0; a < IMPS_ATTR_COUNT; a++)
			if (back->h[a].present)
				ck_assert_msg(p->h[a].present && p->h[a].qualifier != CSP_F,
					      "%d: %s invented\n%s", it, imps_attr_name(a), xml);
		if (it % 64 == 0) {
			su_home_unref(home);
			home = su_home_new(sizeof *home);
		}
	}
}
END_TEST

/* --dump DIR: writes mapped documents for tests/map_xsd.sh to validate. */
static int dump(char const *dir)
{
	int it, failed = 0;

	home = su_home_new(sizeof *home);
	mkdir(dir, 0700);
	prng_state = 4242;
	for (it = 0; it < 200; it++) {
		struct imps_pres *p = it % 2 ? random_any() : random_lossless();
		struct pidf_doc *doc = NULL;
		char *xml = NULL, path[1024];
		size_t len = 0;
		FILE *f;

		if (map_pres_to_pidf(home, p, ENTITY, NOW, &doc) ||
		    pidf_build(home, doc, &xml, &len)) {
			fprintf(stderr, "document %d does not build\n", it);
			failed = 1;
			continue;
		}
		snprintf(path, sizeof path, "%s/mapped-%03d.xml", dir, it);
		if (!(f = fopen(path, "wb")) || fwrite(xml, 1, len, f) != len) {
			perror(path);
			failed = 1;
		}
		if (f)
			fclose(f);
	}
	su_home_unref(home);
	return failed;
}

static Suite *pres_suite(void)
{
	Suite *s = suite_create("map_pres");
	TCase *tc = tcase_create("pres");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, attribute_table_walk);
	tcase_add_test(tc, mood_table_walk);
	tcase_add_test(tc, availability_tables_walk);
	tcase_add_test(tc, zone_cases);
	tcase_add_test(tc, harry_online_and_available);
	tcase_add_test(tc, qualifier_f_and_absent_write_nothing);
	tcase_add_test(tc, availability_values);
	tcase_add_test(tc, moods);
	tcase_add_test(tc, client_info_device);
	tcase_add_test(tc, comm_cap_and_preferred_contacts);
	tcase_add_test(tc, icons_cards_places_zones_links);
	tcase_add_test(tc, lost_attributes_write_nothing);
	tcase_add_test(tc, jane_from_kamailio);
	tcase_add_test(tc, jane_from_plain_clients);
	tcase_add_test(tc, harry_from_oma_client);
	tcase_add_test(tc, every_sample_maps);
	tcase_add_test(tc, property_lossless_round_trip);
	tcase_add_test(tc, property_any_input_builds);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2]) ? EXIT_FAILURE : EXIT_SUCCESS;
	sr = srunner_create(pres_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
