/* tests/test_pidf.c: PIDF, pres-content, watcherinfo and resource-lists codecs: samples, errors, limits, round trips. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"
#include "simple/rlist.h"
#include "simple/winfo.h"
#include "tests/pidf_gen.h"

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

static char *slurp(char const *rel, size_t *lenp)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/%s", SRCDIR, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = su_alloc(home, (isize_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*lenp = (size_t)n;
	return buf;
}

static struct pidf_doc *parse_file(char const *rel)
{
	size_t len;
	char *buf = slurp(rel, &len);
	struct pidf_doc *doc = NULL;
	char reason[PIDF_REASON_LEN] = "";
	int err = pidf_parse(home, buf, len, &doc, reason, sizeof reason);

	ck_assert_msg(err == 0, "%s: error %d (%s)", rel, err, reason);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

/* build -> parse gives an equal document, and building that again gives
 * the same bytes. Returns the first build. */
static char *check_round_trip(struct pidf_doc const *doc, int expect_equal)
{
	char *out, *out2;
	size_t len, len2;
	struct pidf_doc *back, *back2;
	char reason[PIDF_REASON_LEN] = "";
	int err;

	err = pidf_build(home, doc, &out, &len);
	ck_assert_msg(err == 0, "build error %d", err);
	ck_assert_uint_eq(strlen(out), len);
	err = pidf_parse(home, out, len, &back, reason, sizeof reason);
	ck_assert_msg(err == 0, "reparse error %d (%s) of\n%s", err, reason, out);
	if (expect_equal)
		ck_assert_msg(pidf_doc_equal(doc, back), "round trip differs:\n%s", out);
	ck_assert_int_eq(pidf_build(home, back, &out2, &len2), 0);
	ck_assert_msg(len == len2 && !memcmp(out, out2, len), "not idempotent:\n%s\n%s", out,
		      out2);
	ck_assert_int_eq(pidf_parse(home, out2, len2, &back2, reason, sizeof reason), 0);
	ck_assert(pidf_doc_equal(back, back2));
	return out;
}

static int has_activity(struct pidf_rpid_set const *s, int v)
{
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (s->items[i].value == v)
			return 1;
	return 0;
}

/* --- tables ------------------------------------------------------------- */

static void walk_table(struct pidf_name const *t, size_t n, int count)
{
	size_t i, k;

	ck_assert_int_eq((int)n, count);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(t[i].value, (int)i); /* dense, in enum order */
		ck_assert_ptr_nonnull(t[i].name);
		for (k = i + 1; k < n; k++) {
			ck_assert_int_ne(t[i].value, t[k].value);
			ck_assert_str_ne(t[i].name, t[k].name);
		}
	}
}

START_TEST(tables_walk)
{
	struct pidf_name const *t;
	size_t n, i;

	t = pidf_activity_table(&n);
	walk_table(t, n, PIDF_ACT_COUNT);
	ck_assert_str_eq(t[0].name, "other");
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pidf_activity_value(t[i].name), t[i].value);
		ck_assert_str_eq(pidf_activity_name(t[i].value), t[i].name);
	}
	ck_assert_int_eq(pidf_activity_value("lunch"), PIDF_ACT_OTHER);
	ck_assert_int_eq(pidf_activity_value(NULL), PIDF_ACT_OTHER);
	ck_assert_str_eq(pidf_activity_name(PIDF_ACT_COUNT), "other");
	ck_assert_str_eq(pidf_activity_name(-1), "other");
	ck_assert_str_eq(pidf_activity_name(PIDF_ACT_ON_THE_PHONE), "on-the-phone");

	t = pidf_mood_table(&n);
	walk_table(t, n, PIDF_MOOD_COUNT);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pidf_mood_value(t[i].name), t[i].value);
		ck_assert_str_eq(pidf_mood_name(t[i].value), t[i].name);
	}
	ck_assert_int_eq(pidf_mood_value("Happy"), PIDF_MOOD_OTHER); /* case matters */
	ck_assert_str_eq(pidf_mood_name(PIDF_MOOD_IN_AWE), "in_awe");
	ck_assert_str_eq(pidf_mood_name(9999), "other");

	t = pidf_method_table(&n);
	walk_table(t, n, PIDF_M_COUNT);
	ck_assert_int_le(PIDF_M_COUNT, 32);
	t = pidf_event_table(&n);
	walk_table(t, n, PIDF_EV_COUNT);
	ck_assert_int_le(PIDF_EV_COUNT, 32);

	t = pidf_watcher_status_table(&n);
	walk_table(t, n, PIDF_WS_COUNT);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(pidf_watcher_status_value(pidf_watcher_status_name(t[i].value)),
				 t[i].value);
	ck_assert_int_eq(pidf_watcher_status_value("blocked"), -1);
	ck_assert_ptr_null(pidf_watcher_status_name(PIDF_WS_COUNT));
	t = pidf_watcher_event_table(&n);
	walk_table(t, n, PIDF_WE_COUNT);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(pidf_watcher_event_value(pidf_watcher_event_name(t[i].value)),
				 t[i].value);
	ck_assert_int_eq(pidf_watcher_event_value("Approved"), -1);
	ck_assert_ptr_null(pidf_watcher_event_name(-1));
}
END_TEST

/* --- realistic documents ------------------------------------------------ */

START_TEST(sample_baresip)
{
	/* baresip puts the person before the tuple: order must not matter. */
	struct pidf_doc *d = parse_file("pidf/baresip-away.xml");

	ck_assert_str_eq(d->entity, "sip:jane@mno2.example");
	ck_assert_uint_eq(d->ntuples, 1);
	ck_assert_str_eq(d->tuples[0].id, "t4109");
	ck_assert_int_eq(d->tuples[0].basic, PIDF_BASIC_OPEN);
	ck_assert_str_eq(d->tuples[0].contact, "sip:jane@127.0.0.1:5070");
	ck_assert_int_eq(d->tuples[0].has_priority, 0);
	ck_assert_uint_eq(d->npersons, 1);
	ck_assert_str_eq(d->persons[0].id, "p4159");
	ck_assert_uint_eq(d->persons[0].activities->n, 1);
	ck_assert_int_eq(d->persons[0].activities->items[0].value, PIDF_ACT_AWAY);
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_jitsi)
{
	struct pidf_doc *d = parse_file("pidf/jitsi-on-the-phone.xml");

	ck_assert(has_activity(d->persons[0].activities, PIDF_ACT_ON_THE_PHONE));
	ck_assert_str_eq(d->persons[0].status_icon, "http://avatars.mno2.example/bob/icon.png");
	ck_assert_uint_eq(d->tuples[0].nnotes, 1);
	ck_assert_str_eq(d->tuples[0].notes[0].text, "On the phone");
	ck_assert_ptr_null(d->tuples[0].notes[0].lang);
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_kamailio)
{
	struct pidf_doc *d = parse_file("pidf/kamailio-aggregated.xml");
	struct pidf_person const *p;
	time_t t;

	ck_assert_uint_eq(d->ntuples, 2);
	/* "0x7f12a8c4" is not an xs:ID: sanitized, stable, unique */
	ck_assert_str_eq(d->tuples[0].id, "t0x7f12a8c4");
	ck_assert_int_eq(d->tuples[0].has_priority, 1);
	ck_assert_uint_eq(d->tuples[0].priority, 800);
	ck_assert_str_eq(d->tuples[0].contact, "sip:jane@10.0.0.5:5060;transport=tcp");
	ck_assert_str_eq(d->tuples[0].notes[0].text, "Ready");
	ck_assert_str_eq(d->tuples[0].notes[0].lang, "en");
	ck_assert_str_eq(d->tuples[0].timestamp, "2024-05-01T10:15:30.123+02:00");
	ck_assert_int_eq(pidf_time_parse(d->tuples[0].timestamp, &t), 0);
	ck_assert_int_eq((long)t, 1714551330L); /* 08:15:30Z */
	ck_assert_int_eq(d->tuples[1].basic, PIDF_BASIC_CLOSED);
	ck_assert_uint_eq(d->tuples[1].priority, 1000);
	ck_assert_uint_eq(d->nnotes, 1);
	ck_assert_str_eq(d->notes[0].text, "Aggregated by Kamailio presence_xml");
	p = &d->persons[0];
	ck_assert_uint_eq(p->activities->n, 2);
	ck_assert_int_eq(p->activities->items[0].value, PIDF_ACT_MEETING);
	ck_assert_int_eq(p->activities->items[1].value, PIDF_ACT_BUSY);
	ck_assert_int_eq(p->mood->items[0].value, PIDF_MOOD_HAPPY);
	ck_assert_str_eq(p->display_name, "Jane Doe");
	ck_assert_str_eq(p->homepage, "http://jane.mno2.example/");
	ck_assert_str_eq(p->notes[0].text, "In a meeting until 11");
	ck_assert_str_eq(p->timestamp, "2024-05-01T08:10:00Z");
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_oma)
{
	/* An OMA client with unusual prefixes (pdm, r, ci, cp, opx). */
	struct pidf_doc *d = parse_file("pidf/oma-client.xml");
	struct pidf_tuple const *t = &d->tuples[0];
	struct pidf_person const *p = &d->persons[0];
	struct pidf_device const *dev = &d->devices[0];

	ck_assert_str_eq(t->service_desc->service_id, "org.openmobilealliance:IM-session");
	ck_assert_str_eq(t->service_desc->version, "1.0");
	ck_assert_str_eq(t->service_desc->description, "Instant messaging");
	ck_assert_int_eq(t->willingness, PIDF_BASIC_OPEN);
	ck_assert_int_eq(t->session_participation, PIDF_BASIC_CLOSED);
	ck_assert_int_eq(t->registration_state, PIDF_OMA_STATE_ACTIVE);
	ck_assert_int_eq(t->barring_state, PIDF_OMA_STATE_TERMINATED);
	ck_assert_int_eq(t->caps->audio, PIDF_TRI_FALSE);
	ck_assert_int_eq(t->caps->message, PIDF_TRI_TRUE);
	ck_assert_int_eq(t->caps->text, PIDF_TRI_TRUE);   /* "1" */
	ck_assert_int_eq(t->caps->video, PIDF_TRI_FALSE); /* "0" */
	ck_assert_int_eq(t->caps->application, PIDF_TRI_UNSET);
	ck_assert_uint_eq(t->caps->methods_supported,
			  (1u << PIDF_M_MESSAGE) | (1u << PIDF_M_INVITE));
	ck_assert_uint_eq(t->caps->methods_notsupported, 1u << PIDF_M_REFER);
	ck_assert_uint_eq(t->caps->ntypes, 2);
	ck_assert_str_eq(t->caps->types[1], "message/cpim");
	ck_assert_str_eq(t->device_id, "urn:gsma:imei:35209900-176148-1");
	ck_assert_uint_eq(t->nnotes, 2);
	ck_assert_str_eq(t->notes[1].text, "Disponible");
	ck_assert_str_eq(t->notes[1].lang, "fr");
	ck_assert_int_eq(p->overriding_willingness, PIDF_BASIC_OPEN);
	ck_assert_int_eq(p->activities->items[0].value, PIDF_ACT_OTHER);
	ck_assert_str_eq(p->activities->items[0].other, "commuting");
	ck_assert_str_eq(p->activities->items[0].lang, "en");
	ck_assert_ptr_nonnull(strstr(p->status_icon, "oma_status-icon"));
	ck_assert_str_eq(p->display_name, "Harry");
	ck_assert_str_eq(p->card, "http://mno1.example/harry.vcf");
	ck_assert_str_eq(dev->id, "dev-1");
	ck_assert_int_eq(dev->user_input->state, PIDF_INPUT_IDLE);
	ck_assert_uint_eq(dev->user_input->idle_threshold, 600);
	ck_assert_str_eq(dev->user_input->last_input, "2024-05-01T08:55:00Z");
	ck_assert_int_eq(dev->caps->mobile, PIDF_TRI_TRUE);
	ck_assert_int_eq(dev->caps->fixed, PIDF_TRI_FALSE);
	ck_assert_str_eq(dev->caps->descriptions[0].text, "Feature phone");
	ck_assert_str_eq(dev->device_id, t->device_id);
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_prefixed_default)
{
	/* pidf under "p:", data model and RPID as default namespaces of their
	 * own elements, xml:lang inherited from the root. */
	struct pidf_doc *d = parse_file("pidf/prefixed-and-default.xml");
	struct pidf_person const *p = &d->persons[0];

	ck_assert_str_eq(d->entity, "pres:alice@example.org");
	ck_assert_uint_eq(d->ntuples, 2);
	ck_assert_uint_eq(d->tuples[0].priority, 125);
	ck_assert_str_eq(d->tuples[0].contact, "tel:+4912345678");
	ck_assert_str_eq(d->tuples[0].notes[0].lang, "de");
	ck_assert_str_eq(d->tuples[1].device_id, "mac:8asd7d7d70");
	ck_assert_uint_eq(p->activities->nnotes, 1);
	ck_assert_str_eq(p->activities->notes[0].text, "Urlaub");
	ck_assert_str_eq(p->activities->notes[0].lang, "de");
	ck_assert_int_eq(p->activities->items[0].value, PIDF_ACT_VACATION);
	ck_assert_str_eq(p->notes[0].lang, "en");
	ck_assert_uint_eq(d->ndevices, 1);
	ck_assert_str_eq(d->devices[0].notes[0].text, "PC");
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_rfc4480)
{
	struct pidf_doc *d = parse_file("pidf/rfc4480-rich.xml");
	struct pidf_person const *p = &d->persons[0];
	struct pidf_tuple const *t = &d->tuples[0];

	ck_assert_str_eq(t->rpid_class, "forw");
	ck_assert_int_eq(t->user_input->state, PIDF_INPUT_IDLE);
	ck_assert_str_eq(t->user_input->last_input, "2004-10-21T13:20:00.000-05:00");
	ck_assert_str_eq(p->activities->notes[0].text, "Far away");
	ck_assert_int_eq(p->activities->items[0].value, PIDF_ACT_AWAY);
	ck_assert_str_eq(p->rpid_class, "calendar");
	ck_assert_uint_eq(p->mood->n, 2);
	ck_assert_int_eq(p->mood->items[0].value, PIDF_MOOD_ANGRY);
	ck_assert_str_eq(p->mood->items[1].other, "brooding");
	ck_assert_uint_eq(p->place_type->ntypes, 1);
	ck_assert_str_eq(p->place_type->types[0], "residence");
	ck_assert_int_eq(p->privacy->unknown, 1);
	ck_assert_int_eq(p->sphere, PIDF_SPHERE_UNKNOWN); /* "bowling league" */
	ck_assert_str_eq(p->status_icon, "http://example.com/play.gif");
	ck_assert_int_eq(p->time_offset->minutes, -240);
	ck_assert_str_eq(p->time_offset->description, "Eastern");
	ck_assert_str_eq(d->devices[0].rpid_class, "hand-held");
	ck_assert_int_eq(d->devices[0].user_input->state, PIDF_INPUT_IDLE);
	check_round_trip(d, 1);
}
END_TEST

START_TEST(sample_unknown_extensions)
{
	struct pidf_doc *d = parse_file("pidf/unknown-extensions.xml");
	struct pidf_tuple const *t = &d->tuples[0];
	struct pidf_person const *p = &d->persons[0];
	char *out;

	/* geopriv in status, vendor element in tuple: kept; rpid:place-is
	 * (known namespace, not modelled): dropped; unqualified: dropped. */
	ck_assert_uint_eq(t->nstatus_ext, 1);
	ck_assert_str_eq(t->status_ext[0].ns, "urn:ietf:params:xml:ns:pidf:geopriv10");
	ck_assert_str_eq(t->status_ext[0].name, "geopriv");
	ck_assert_ptr_nonnull(strstr(t->status_ext[0].xml, "37.775 -122.4194"));
	ck_assert_uint_eq(t->next, 1);
	ck_assert_str_eq(t->ext[0].name, "client");
	ck_assert_uint_eq(p->activities->n, 2);
	ck_assert_str_eq(p->activities->items[0].other, "gaming");
	ck_assert_str_eq(p->activities->items[1].other, "lunch");
	ck_assert_uint_eq(p->next, 1);
	ck_assert_uint_eq(d->next, 1);
	ck_assert_str_eq(d->ext[0].name, "last-seen");
	/* its unqualified child must not fall into the PIDF default namespace */
	ck_assert_ptr_nonnull(strstr(d->ext[0].xml, "xmlns=\"\""));
	out = check_round_trip(d, 1);
	ck_assert_ptr_null(strstr(out, "unqualified"));
	ck_assert_ptr_null(strstr(out, "place-is"));
	/* a foreign wrapper around RPID would be validated inside: dropped */
	ck_assert_ptr_null(strstr(out, "wrapped"));
	ck_assert_ptr_null(strstr(out, "sleeping"));
}
END_TEST

START_TEST(sample_misc)
{
	struct pidf_doc *d;

	d = parse_file("pidf/latin1-note.xml");
	ck_assert_str_eq(d->tuples[0].notes[0].text, "Parti d'jeuner au caf\xc3\xa9");
	check_round_trip(d, 1);

	d = parse_file("pidf/legacy-rpid-in-status.xml");
	ck_assert_uint_eq(d->tuples[0].nstatus_ext, 1); /* es:activities kept, rpid dropped */
	ck_assert_str_eq(d->tuples[0].status_ext[0].name, "activities");
	ck_assert_uint_eq(d->npersons, 0);
	check_round_trip(d, 1);

	d = parse_file("pidf/rfc5196-caps.xml");
	ck_assert_int_eq(d->tuples[0].caps->audio, PIDF_TRI_TRUE);
	ck_assert_int_eq(d->tuples[0].caps->isfocus, PIDF_TRI_FALSE);
	ck_assert_uint_eq(d->tuples[0].caps->events_supported,
			  (1u << PIDF_EV_CONFERENCE) | (1u << PIDF_EV_PRESENCE) |
				  (1u << PIDF_EV_WINFO));
	ck_assert_uint_eq(d->tuples[0].caps->methods_supported,
			  (1u << PIDF_M_BYE) | (1u << PIDF_M_INVITE) | (1u << PIDF_M_MESSAGE) |
				  (1u << PIDF_M_NOTIFY) | (1u << PIDF_M_SUBSCRIBE));
	ck_assert_str_eq(d->tuples[0].caps->descriptions[0].lang, "en");
	check_round_trip(d, 1);

	d = parse_file("pidf/minimal-closed.xml");
	ck_assert_int_eq(d->tuples[0].basic, PIDF_BASIC_CLOSED);
	ck_assert_ptr_null(d->tuples[0].contact);
	check_round_trip(d, 1);
}
END_TEST

/* --- refusals ----------------------------------------------------------- */

struct bad_case {
	char const *file;
	int err;
	char const *reason; /* a word the reason must hold */
};

START_TEST(bad_documents)
{
	static struct bad_case const cases[] = {
		{"pidf/bad/billion-laughs.xml", EBADMSG, "DOCTYPE"},
		{"pidf/bad/xxe-file.xml", EBADMSG, "DOCTYPE"},
		{"pidf/bad/xxe-external-dtd.xml", EBADMSG, "DOCTYPE"},
		{"pidf/bad/undefined-entity.xml", EBADMSG, "nbsp"},
		{"pidf/bad/not-well-formed.xml", EBADMSG, "well-formed"},
		{"pidf/bad/wrong-root-ns.xml", EBADMSG, "cpim-pidf"},
		{"pidf/bad/no-namespace.xml", EBADMSG, "root"},
		{"pidf/bad/watcherinfo-not-pidf.xml", EBADMSG, "watcherinfo"},
		{"pidf/bad/no-entity.xml", EPROTO, "entity"},
		{"pidf/bad/tuple-without-status.xml", EPROTO, "status"},
		{"pidf/bad/bad-basic.xml", EPROTO, "online"},
		{"pidf/bad/device-without-deviceid.xml", EPROTO, "deviceID"},
	};
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pidf_doc *doc = (struct pidf_doc *)&home; /* sentinel */
		char reason[PIDF_REASON_LEN] = "";
		char *buf = slurp(cases[i].file, &len);
		int err = pidf_parse(home, buf, len, &doc, reason, sizeof reason);

		ck_assert_msg(err == cases[i].err, "%s: got %d (%s), want %d", cases[i].file, err,
			      reason, cases[i].err);
		ck_assert_msg(strstr(reason, cases[i].reason) != NULL, "%s: reason \"%s\"",
			      cases[i].file, reason);
		ck_assert_ptr_eq(doc, (struct pidf_doc *)&home); /* untouched */
		ck_assert_ptr_null(strstr(reason, "root:")); /* no /etc/passwd content */
	}
}
END_TEST

static int parse_str(char const *s, char *reason)
{
	struct pidf_doc *doc;

	return pidf_parse(home, s, strlen(s), &doc, reason, PIDF_REASON_LEN);
}

/* A document with `n` copies of `inner` inside one tuple (or at top level). */
static char *repeat_doc(char const *head, char const *inner, size_t n, char const *tail)
{
	size_t len = strlen(head) + n * strlen(inner) + strlen(tail) + 1, i;
	char *s = su_alloc(home, (isize_t)len), *p = s;

	ck_assert_ptr_nonnull(s);
	p += sprintf(p, "%s", head);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s", inner);
	sprintf(p, "%s", tail);
	return s;
}

#define HEAD "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>"
#define TUPLE "<tuple id='t'><status><basic>open</basic></status>"

START_TEST(limits)
{
	char reason[PIDF_REASON_LEN];
	struct pidf_doc *doc;
	char *s, *big;
	size_t n;

	/* body */
	big = su_zalloc(home, PIDF_MAX_BODY + 2);
	memset(big, ' ', PIDF_MAX_BODY + 1);
	memcpy(big, HEAD "</presence>", strlen(HEAD "</presence>"));
	ck_assert_int_eq(pidf_parse(home, big, PIDF_MAX_BODY + 1, &doc, reason, sizeof reason),
			 E2BIG);
	ck_assert_int_eq(pidf_parse(home, big, strlen(HEAD "</presence>"), &doc, reason,
				    sizeof reason), 0);
	/* tuples */
	s = repeat_doc(HEAD, TUPLE "</tuple>", PIDF_MAX_TUPLES, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), 0);
	s = repeat_doc(HEAD, TUPLE "</tuple>", PIDF_MAX_TUPLES + 1, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	ck_assert_ptr_nonnull(strstr(reason, "tuples"));
	/* persons, devices */
	s = repeat_doc(HEAD, "<person xmlns='urn:ietf:params:xml:ns:pidf:data-model' id='p'/>",
		       PIDF_MAX_PERSONS + 1, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	s = repeat_doc(HEAD, "<device xmlns='urn:ietf:params:xml:ns:pidf:data-model'>"
			     "<deviceID>urn:x</deviceID></device>",
		       PIDF_MAX_DEVICES + 1, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	/* notes of one tuple */
	s = repeat_doc(HEAD TUPLE, "<note>n</note>", PIDF_MAX_NOTES + 1, "</tuple></presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	/* elements: many ignored unqualified elements */
	s = repeat_doc(HEAD, "<x/>", PIDF_MAX_ELEMENTS, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	ck_assert_ptr_nonnull(strstr(reason, "elements"));
	s = repeat_doc(HEAD, "<x/>", PIDF_MAX_ELEMENTS - 1, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), 0);
	/* depth */
	s = repeat_doc(HEAD, "<x:a xmlns:x='urn:x'>", PIDF_MAX_DEPTH, "");
	for (n = 0; n < PIDF_MAX_DEPTH; n++)
		s = su_sprintf(home, "%s</x:a>", s);
	s = su_sprintf(home, "%s</presence>", s);
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	ck_assert_ptr_nonnull(strstr(reason, "deeper"));
	/* string length */
	big = su_zalloc(home, PIDF_MAX_STRING + 2);
	memset(big, 'a', PIDF_MAX_STRING + 1);
	s = su_sprintf(home, HEAD TUPLE "<note>%s</note></tuple></presence>", big);
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	big[PIDF_MAX_STRING] = '\0';
	s = su_sprintf(home, HEAD TUPLE "<note>%s</note></tuple></presence>", big);
	ck_assert_int_eq(parse_str(s, reason), 0);
	/* opaque extensions: count and serialized size */
	s = repeat_doc(HEAD, "<x:e xmlns:x='urn:x'/>", PIDF_MAX_EXT, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), 0);
	s = repeat_doc(HEAD, "<x:e xmlns:x='urn:x'/>", PIDF_MAX_EXT + 1, "</presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	s = repeat_doc(HEAD "<x:e xmlns:x='urn:x'>", "0123456789abcdef", PIDF_MAX_EXT_XML / 16 + 1,
		       "</x:e></presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
	ck_assert_ptr_nonnull(strstr(reason, "extension"));
	/* activities */
	s = repeat_doc(HEAD "<dm:person xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' "
			    "xmlns:r='urn:ietf:params:xml:ns:pidf:rpid'><r:activities>",
		       "<r:away/>", PIDF_MAX_ITEMS + 1, "</r:activities></dm:person></presence>");
	ck_assert_int_eq(parse_str(s, reason), E2BIG);
}
END_TEST

START_TEST(malformed_inputs)
{
	char const *s;
	static char const *const bad[] = {
		"",
		"not xml at all",
		"<presence",
		"\xff\xfe<\0p\0",
		HEAD "<tuple id='t'><status><basic>open</basic></status></tuple>", /* unclosed */
		HEAD "</tuple></presence>",
		"<?xml version='1.0' encoding='EBCDIC-XYZ'?>" HEAD "</presence>",
		"<!DOCTYPE presence>" HEAD "</presence>", /* any DTD, even empty */
		HEAD "<note>&#0;</note></presence>",
		HEAD "<note>\x01</note></presence>",
		"<p:presence xmlns:p='urn:ietf:params:xml:ns:pidf' entity='x'><q:tuple/></p:presence>",
	};
	char reason[PIDF_REASON_LEN];
	struct pidf_doc *doc;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		reason[0] = '\0';
		ck_assert_msg(parse_str(bad[i], reason) == EBADMSG, "case %zu", i);
		ck_assert_msg(reason[0] != '\0', "case %zu: no reason", i);
	}
	ck_assert_int_eq(pidf_parse(NULL, "x", 1, &doc, reason, sizeof reason), EINVAL);
	ck_assert_int_eq(pidf_parse(home, HEAD "</presence>", strlen(HEAD "</presence>"), NULL,
				    NULL, 0), EINVAL);
	/* reason may be NULL */
	ck_assert_int_eq(pidf_parse(home, "<x", 2, &doc, NULL, 0), EBADMSG);
	/* lenient where it costs nothing: bad optional values are dropped */
	s = HEAD TUPLE "<contact priority='2'>sip:x</contact><timestamp>yesterday</timestamp>"
		"</tuple></presence>";
	ck_assert_int_eq(pidf_parse(home, s, strlen(s), &doc, reason, sizeof reason), 0);
	ck_assert_str_eq(doc->tuples[0].contact, "sip:x");
	ck_assert_int_eq(doc->tuples[0].has_priority, 0);
	ck_assert_ptr_null(doc->tuples[0].timestamp);
	/* URIs libxml2 would not validate as xs:anyURI are dropped, or refused
	 * when required; xml:lang="" means no language */
	s = "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b' xml:lang='de'>"
	    "<tuple id='t'><status/><contact>sip:%zz</contact><note xml:lang=''>n</note>"
	    "<note>m</note></tuple></presence>";
	ck_assert_int_eq(pidf_parse(home, s, strlen(s), &doc, reason, sizeof reason), 0);
	ck_assert_ptr_null(doc->tuples[0].contact);
	ck_assert_ptr_null(doc->tuples[0].notes[0].lang);
	ck_assert_str_eq(doc->tuples[0].notes[1].lang, "de");
	ck_assert_int_eq(parse_str("<presence xmlns='urn:ietf:params:xml:ns:pidf' "
				   "entity='sip:%zz'/>", reason), EPROTO);
}
END_TEST

/* --- building ----------------------------------------------------------- */

static struct pidf_doc *small_doc(void)
{
	struct pidf_doc *d = pidf_doc_new(home, "sip:harry@mno1.example");
	struct pidf_tuple *t;

	ck_assert_ptr_nonnull(d);
	t = pidf_tuple_add(home, d);
	ck_assert_ptr_nonnull(t);
	t->id = "im";
	t->basic = PIDF_BASIC_OPEN;
	return d;
}

static int build_err(struct pidf_doc const *d)
{
	char *out;
	size_t len;

	return pidf_build(home, d, &out, &len);
}

START_TEST(build_refusals)
{
	struct pidf_doc *d;
	struct pidf_person *p;
	struct pidf_device *dev;
	struct pidf_ext ext = {0};
	struct pidf_rpid_set set = {0};

	d = small_doc();
	ck_assert_int_eq(build_err(d), 0);
	d->entity = NULL;
	ck_assert_int_eq(build_err(d), EINVAL);

	d = small_doc();
	d->tuples[0].contact = "sip:\xc3\x28"; /* invalid UTF-8 */
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].contact = "sip:a\x01";
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].contact = "sip:\xed\xa0\x80"; /* surrogate */
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].contact = "sip:\xc0\xaf"; /* overlong */
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].contact = "sip:caf\xc3\xa9 \xf0\x9f\x98\x80";
	ck_assert_int_eq(build_err(d), 0);
	d->tuples[0].contact = "sip:%zz"; /* not an xs:anyURI for libxml2 */
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].contact = "sip:%41";
	ck_assert_int_eq(build_err(d), 0);
	d->entity = "http://a:b:c/";
	ck_assert_int_eq(build_err(d), EINVAL);
	d->entity = "sip:harry@mno1.example";
	d->tuples[0].timestamp = "2024-02-30T00:00:00Z";
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].timestamp = "2024-02-29T23:59:59.5-03:30";
	ck_assert_int_eq(build_err(d), 0);
	d->tuples[0].has_priority = 1;
	d->tuples[0].priority = 1001;
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].priority = 1000;
	ck_assert_int_eq(build_err(d), 0);
	d->tuples[0].basic = 7;
	ck_assert_int_eq(build_err(d), EINVAL);
	d->tuples[0].basic = PIDF_BASIC_NONE; /* status without basic is valid */
	ck_assert_int_eq(build_err(d), 0);
	ck_assert_int_eq(pidf_note_add(home, &d->tuples[0].notes, &d->tuples[0].nnotes, "x",
				       ""), 0);
	ck_assert_int_eq(build_err(d), 0); /* "" = no language */
	d->tuples[0].notes[0].lang = "not a lang";
	ck_assert_int_eq(build_err(d), EINVAL);

	d = small_doc();
	p = pidf_person_add(home, d);
	p->activities = &set;
	ck_assert_int_eq(build_err(d), 0); /* empty activities are valid */
	ck_assert_int_eq(pidf_rpid_add(home, &set, PIDF_ACT_UNKNOWN, NULL, NULL), 0);
	ck_assert_int_eq(build_err(d), 0);
	ck_assert_int_eq(pidf_rpid_add(home, &set, PIDF_ACT_AWAY, NULL, NULL), 0);
	ck_assert_int_eq(build_err(d), EINVAL); /* unknown must stand alone */
	set.items[0].value = PIDF_ACT_COUNT;
	ck_assert_int_eq(build_err(d), EINVAL);
	set.items[0].value = PIDF_ACT_MEAL;
	ck_assert_int_eq(build_err(d), 0);
	p->activities = NULL;
	p->mood = su_zalloc(home, sizeof *p->mood);
	ck_assert_int_eq(build_err(d), EINVAL); /* a mood needs a value */
	p->mood = NULL;
	p->place_type = su_zalloc(home, sizeof *p->place_type);
	ck_assert_int_eq(build_err(d), EINVAL);
	p->place_type->other = "garden";
	ck_assert_int_eq(build_err(d), 0);
	p->place_type = NULL;
	p->privacy = su_zalloc(home, sizeof *p->privacy);
	p->privacy->unknown = p->privacy->audio = 1;
	ck_assert_int_eq(build_err(d), EINVAL);
	p->privacy = NULL;
	p->time_offset = su_zalloc(home, sizeof *p->time_offset);
	p->time_offset->minutes = 1441;
	ck_assert_int_eq(build_err(d), EINVAL);
	p->time_offset = NULL;
	p->sphere = 9;
	ck_assert_int_eq(build_err(d), EINVAL);
	p->sphere = PIDF_SPHERE_WORK;
	ck_assert_int_eq(build_err(d), 0);
	p->homepage = "http://[::1";
	ck_assert_int_eq(build_err(d), EINVAL);
	p->homepage = "http://[::1]/~jane";
	ck_assert_int_eq(build_err(d), 0);

	d = small_doc();
	dev = pidf_device_add(home, d);
	ck_assert_int_eq(build_err(d), EINVAL); /* deviceID is required */
	dev->device_id = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
	ck_assert_int_eq(build_err(d), 0);

	d = small_doc();
	d->ext = &ext;
	d->next = 1;
	ext.xml = "<x:a xmlns:x='urn:x'>";
	ck_assert_int_eq(build_err(d), EINVAL); /* not well-formed */
	ext.xml = "<a/>";
	ck_assert_int_eq(build_err(d), EINVAL); /* no namespace */
	ext.xml = "<r:mood xmlns:r='urn:ietf:params:xml:ns:pidf:rpid'/>";
	ck_assert_int_eq(build_err(d), EINVAL); /* a modelled namespace */
	ext.xml = "<!DOCTYPE a><x:a xmlns:x='urn:x'/>";
	ck_assert_int_eq(build_err(d), EINVAL);
	ext.xml = "<x:a xmlns:x='urn:x'><r:mood xmlns:r='urn:ietf:params:xml:ns:pidf:rpid'/></x:a>";
	ck_assert_int_eq(build_err(d), EINVAL); /* validated even inside a foreign element */
	ext.xml = "<x:a xmlns:x='urn:x' xml:space='preserve'/>";
	ck_assert_int_eq(build_err(d), EINVAL);
	ext.xml = "<x:a xmlns:x='urn:x' xml:lang='de'><b>unqualified</b></x:a>";
	ck_assert_int_eq(build_err(d), 0);

	d = small_doc();
	d->ntuples = PIDF_MAX_TUPLES + 1;
	ck_assert_int_eq(build_err(d), E2BIG);
	ck_assert_int_eq(pidf_build(home, NULL, NULL, NULL), EINVAL);
}
END_TEST

START_TEST(ids_sanitized)
{
	struct pidf_doc *d = small_doc(), *back;
	struct pidf_tuple *t;
	struct pidf_person *p;
	char *out;
	size_t len, i, k;
	char reason[PIDF_REASON_LEN];

	d->tuples[0].id = "dup";
	t = pidf_tuple_add(home, d);
	t->id = "dup";
	t = pidf_tuple_add(home, d);
	t->id = "1st place";
	t = pidf_tuple_add(home, d);
	t->id = NULL;
	p = pidf_person_add(home, d);
	p->id = "dup";
	p = pidf_person_add(home, d);
	p->id = "caf\xc3\xa9";
	ck_assert_int_eq(pidf_build(home, d, &out, &len), 0);
	ck_assert_int_eq(pidf_parse(home, out, len, &back, reason, sizeof reason), 0);
	ck_assert_str_eq(back->tuples[0].id, "dup");
	ck_assert_str_eq(back->tuples[1].id, "dup-2");
	ck_assert_str_eq(back->tuples[2].id, "t1st_place");
	ck_assert_str_eq(back->tuples[3].id, "t4");
	ck_assert_str_eq(back->persons[0].id, "dup-3");
	ck_assert_str_eq(back->persons[1].id, "caf__");
	for (i = 0; i < back->ntuples; i++) {
		ck_assert(pidf_id_valid(back->tuples[i].id));
		for (k = i + 1; k < back->ntuples; k++)
			ck_assert_str_ne(back->tuples[i].id, back->tuples[k].id);
	}
	ck_assert(!pidf_id_valid("9lives"));
	ck_assert(!pidf_id_valid(""));
	ck_assert(pidf_id_valid("_a.b-c9"));
	check_round_trip(back, 1);
}
END_TEST

START_TEST(grow_parsed_document)
{
	/* The mapping layer appends to documents it parsed: arrays live in a
	 * child home, the helpers are given the caller's home. */
	struct pidf_doc *d = parse_file("pidf/kamailio-aggregated.xml");
	struct pidf_tuple *t = pidf_tuple_add(home, d);
	struct pidf_person *p;

	ck_assert_ptr_nonnull(t);
	t->id = "added";
	t->basic = PIDF_BASIC_CLOSED;
	ck_assert_int_eq(pidf_note_add(home, &t->notes, &t->nnotes, "Offline", "en"), 0);
	ck_assert_int_eq(pidf_note_add(home, &d->notes, &d->nnotes, "second", NULL), 0);
	ck_assert_uint_eq(d->nnotes, 2);
	p = &d->persons[0];
	ck_assert_int_eq(pidf_rpid_add(home, p->activities, PIDF_ACT_OTHER, "gym", "en"), 0);
	ck_assert_uint_eq(d->ntuples, 3);
	ck_assert_str_eq(d->tuples[0].id, "t0x7f12a8c4");
	ck_assert_str_eq(d->notes[0].text, "Aggregated by Kamailio presence_xml");
	check_round_trip(d, 1);
}
END_TEST

START_TEST(time_helpers)
{
	static struct {
		char const *s;
		long t; /* -1: invalid */
	} const cases[] = {
		{"1970-01-01T00:00:00Z", 0},
		{"2024-05-01T10:15:30.123+02:00", 1714551330L},
		{"2024-05-01T08:15:30", 1714551330L},
		{"2024-02-29T00:00:00Z", 1709164800L},
		{"2000-03-01T00:00:00-14:00", 951919200L},
		{"2023-02-29T00:00:00Z", -1},
		{"2024-13-01T00:00:00Z", -1},
		{"2024-05-01T24:00:00Z", -1},
		{"2024-05-01T10:15:30+15:00", -1},
		{"2024-05-01T10:15:30.Z", -1},
		{"2024-05-01 10:15:30Z", -1},
		{"0000-01-01T00:00:00Z", -1},
		{"2024-05-01T10:15:30Zjunk", -1},
		{"", -1},
	};
	size_t i;
	time_t t;
	char const *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int err = pidf_time_parse(cases[i].s, &t);

		if (cases[i].t < 0) {
			ck_assert_msg(err == EINVAL, "%s accepted", cases[i].s);
		} else {
			ck_assert_msg(err == 0, "%s refused", cases[i].s);
			ck_assert_int_eq((long)t, cases[i].t);
		}
	}
	ck_assert_int_eq(pidf_time_parse(NULL, &t), EINVAL);
	ck_assert_int_eq(pidf_time_format(home, 1714551330, &s), 0);
	ck_assert_str_eq(s, "2024-05-01T08:15:30Z");
	ck_assert_int_eq(pidf_time_parse(s, &t), 0);
	ck_assert_int_eq((long)t, 1714551330L);
}
END_TEST

START_TEST(pres_content)
{
	struct pidf_content ct = {0}, *back;
	char *out, *data;
	size_t len;
	char reason[PIDF_REASON_LEN];
	static char const doc[] =
		"<?xml version='1.0'?><content xmlns='urn:oma:xml:prs:pres-content'>"
		"<mime-type>image/png</mime-type><encoding>base64</encoding>"
		"<description xml:lang='en'>Harry at the beach</description>"
		"<data>iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
		"60e6kgAAAABJRU5ErkJggg==</data></content>";

	ck_assert_int_eq(pidf_content_parse(home, doc, strlen(doc), &back, reason, sizeof reason),
			 0);
	ck_assert_str_eq(back->mime_type, "image/png");
	ck_assert_str_eq(back->encoding, "base64");
	ck_assert_str_eq(back->descriptions[0].lang, "en");
	ck_assert_ptr_nonnull(strstr(back->data, "iVBOR"));
	ck_assert_int_eq(pidf_content_build(home, back, &out, &len), 0);

	/* a 200 KB icon: above PIDF_MAX_STRING, within the content limit */
	data = su_zalloc(home, 200 * 1024 + 1);
	memset(data, 'A', 200 * 1024);
	ct.mime_type = "image/jpeg";
	ct.data = data;
	ck_assert_int_eq(pidf_content_build(home, &ct, &out, &len), 0);
	ck_assert_int_eq(pidf_content_parse(home, out, len, &back, reason, sizeof reason), 0);
	ck_assert_str_eq(back->data, data);
	ck_assert_ptr_null(back->encoding);

	ct.data = NULL;
	ck_assert_int_eq(pidf_content_build(home, &ct, &out, &len), EINVAL);
	ck_assert_int_eq(pidf_content_parse(home, "<content xmlns='urn:oma:xml:prs:pres-content'/>",
					    47, &back, reason, sizeof reason), EPROTO);
	ck_assert_int_eq(pidf_content_parse(home, HEAD "</presence>", strlen(HEAD "</presence>"),
					    &back, reason, sizeof reason), EBADMSG);
}
END_TEST

/* --- random documents (tests/pidf_gen.c) ------------------------------ */

START_TEST(random_round_trips)
{
	int i, valid;

	pidf_gen_seed(20240501u + (uint64_t)_i);
	for (i = 0; i < 400; i++) {
		struct pidf_doc *d = pidf_gen_doc(home, &valid);

		check_round_trip(d, valid);
	}
}
END_TEST

/* --- watcherinfo -------------------------------------------------------- */

static struct pidf_winfo *winfo_file(char const *rel, int expect)
{
	size_t len;
	char *buf = slurp(rel, &len);
	struct pidf_winfo *w = NULL;
	char reason[PIDF_REASON_LEN] = "";
	int err = pidf_winfo_parse(home, buf, len, &w, reason, sizeof reason);

	ck_assert_msg(err == expect, "%s: %d (%s)", rel, err, reason);
	return w;
}

static void winfo_round_trip(struct pidf_winfo const *w)
{
	char *out, *out2;
	size_t len, len2;
	struct pidf_winfo *back;
	char reason[PIDF_REASON_LEN] = "";

	ck_assert_int_eq(pidf_winfo_build(home, w, &out, &len), 0);
	ck_assert_msg(pidf_winfo_parse(home, out, len, &back, reason, sizeof reason) == 0, "%s",
		      reason);
	ck_assert_msg(pidf_winfo_equal(w, back), "differs:\n%s", out);
	ck_assert_int_eq(pidf_winfo_build(home, back, &out2, &len2), 0);
	ck_assert(len == len2 && !memcmp(out, out2, len));
}

START_TEST(winfo_samples)
{
	struct pidf_winfo *w;
	struct pidf_watcher const *a;

	/* Kamailio tells Jane that Harry waits for her authorization. */
	w = winfo_file("winfo/kamailio-pending.xml", 0);
	ck_assert_uint_eq(w->version, 3);
	ck_assert_int_eq(w->state, PIDF_WINFO_FULL);
	ck_assert_uint_eq(w->nlists, 1);
	ck_assert_str_eq(w->lists[0].resource, "sip:jane@mno2.example");
	ck_assert_str_eq(w->lists[0].package, "presence");
	ck_assert_uint_eq(w->lists[0].nwatchers, 2);
	a = &w->lists[0].watchers[0];
	ck_assert_str_eq(a->id, "a4b6e3c1.7f4d");
	ck_assert_int_eq(a->status, PIDF_WS_PENDING);
	ck_assert_int_eq(a->event, PIDF_WE_SUBSCRIBE);
	ck_assert_str_eq(a->uri, "sip:harry@mno1.example");
	ck_assert_int_eq(w->lists[0].watchers[1].status, PIDF_WS_ACTIVE);
	winfo_round_trip(w);

	w = winfo_file("winfo/rfc3858-partial.xml", 0);
	ck_assert_int_eq(w->state, PIDF_WINFO_PARTIAL);
	a = &w->lists[0].watchers[0];
	ck_assert_str_eq(a->display_name, "Professor's assistant");
	ck_assert_str_eq(a->lang, "en");
	ck_assert_int_eq(a->has_duration, 1);
	ck_assert_uint_eq(a->duration_subscribed, 509);
	ck_assert_uint_eq(a->expiration, 3600);
	a = &w->lists[0].watchers[1];
	ck_assert_str_eq(a->uri, "sip:userB@example.org"); /* trimmed */
	ck_assert_int_eq(a->status, PIDF_WS_TERMINATED);
	ck_assert_int_eq(a->event, PIDF_WE_REJECTED);
	ck_assert_int_eq(a->has_expiration, 0);
	winfo_round_trip(w);

	w = winfo_file("winfo/empty-full.xml", 0);
	ck_assert_uint_eq(w->nlists, 0);
	winfo_round_trip(w);

	winfo_file("winfo/bad/bad-status.xml", EPROTO);
	winfo_file("winfo/bad/no-version.xml", EPROTO);
	winfo_file("pidf/baresip-away.xml", EBADMSG);
	winfo_file("pidf/bad/xxe-file.xml", EBADMSG);
}
END_TEST

START_TEST(winfo_random)
{
	int i;

	pidf_gen_seed(3858);
	for (i = 0; i < 300; i++)
		winfo_round_trip(pidf_gen_winfo(home));
}
END_TEST

START_TEST(winfo_refusals)
{
	struct pidf_winfo w = {0};
	struct pidf_watcher_list wl = {0};
	struct pidf_watcher wa = {0};
	char *out;
	size_t len;

	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), 0);
	w.lists = &wl;
	w.nlists = 1;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), EINVAL); /* no resource */
	wl.resource = "sip:jane@mno2.example";
	wl.package = "presence";
	wl.watchers = &wa;
	wl.nwatchers = 1;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), EINVAL); /* no id, uri */
	wa.id = "w1";
	wa.uri = "sip:harry@mno1.example";
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), 0);
	wa.status = PIDF_WS_COUNT;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), EINVAL);
	wa.status = PIDF_WS_WAITING;
	wa.event = PIDF_WE_COUNT;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), EINVAL);
	wa.event = PIDF_WE_GIVEUP;
	w.state = 5;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), EINVAL);
	w.state = PIDF_WINFO_PARTIAL;
	wl.nwatchers = PIDF_WINFO_MAX_WATCHERS + 1;
	ck_assert_int_eq(pidf_winfo_build(home, &w, &out, &len), E2BIG);
}
END_TEST

/* --- resource lists ----------------------------------------------------- */

static struct pidf_rlist *rlist_file(char const *rel, int expect)
{
	size_t len;
	char *buf = slurp(rel, &len);
	struct pidf_rlist *r = NULL;
	char reason[PIDF_REASON_LEN] = "";
	int err = pidf_rlist_parse(home, buf, len, &r, reason, sizeof reason);

	ck_assert_msg(err == expect, "%s: %d (%s)", rel, err, reason);
	return r;
}

static void rlist_round_trip(struct pidf_rlist const *r)
{
	char *out, *out2;
	size_t len, len2;
	struct pidf_rlist *back;
	char reason[PIDF_REASON_LEN] = "";

	ck_assert_int_eq(pidf_rlist_build(home, r, &out, &len), 0);
	ck_assert_msg(pidf_rlist_parse(home, out, len, &back, reason, sizeof reason) == 0, "%s",
		      reason);
	ck_assert_msg(pidf_rlist_equal(r, back), "differs:\n%s", out);
	ck_assert_int_eq(pidf_rlist_build(home, back, &out2, &len2), 0);
	ck_assert(len == len2 && !memcmp(out, out2, len));
}

START_TEST(rlist_samples)
{
	struct pidf_rlist *r;
	struct pidf_rl_list const *l, *inner;

	r = rlist_file("rlist/rfc4826-nested.xml", 0);
	ck_assert_uint_eq(r->nlists, 1);
	l = &r->lists[0];
	ck_assert_str_eq(l->name, "friends");
	ck_assert_uint_eq(l->nitems, 3);
	ck_assert_int_eq(l->items[0].kind, PIDF_RL_ENTRY);
	ck_assert_str_eq(l->items[0].uri, "sip:bill@example.com");
	ck_assert_str_eq(l->items[0].display_name, "Bill Doe");
	ck_assert_int_eq(l->items[1].kind, PIDF_RL_ENTRY_REF);
	ck_assert_int_eq(l->items[2].kind, PIDF_RL_LIST);
	inner = l->items[2].list;
	ck_assert_str_eq(inner->name, "close-friends");
	ck_assert_str_eq(inner->display_name, "Close Friends");
	ck_assert_uint_eq(inner->nitems, 3);
	ck_assert_str_eq(inner->items[1].lang, "fr");
	ck_assert_int_eq(inner->items[2].kind, PIDF_RL_EXTERNAL);
	ck_assert_ptr_nonnull(strstr(inner->items[2].uri, "mkting"));
	rlist_round_trip(r);

	/* An OMA XDM buddy list with a "rl:" prefix and extension elements. */
	r = rlist_file("rlist/oma-buddylist.xml", 0);
	ck_assert_uint_eq(r->nlists, 2);
	ck_assert_str_eq(r->lists[0].name, "oma_buddylist");
	ck_assert_uint_eq(r->lists[0].nitems, 2);
	ck_assert_str_eq(r->lists[0].items[0].display_name, "Jane");
	ck_assert_ptr_null(r->lists[0].items[1].display_name);
	ck_assert_uint_eq(r->lists[1].nitems, 0);
	rlist_round_trip(r);

	rlist_file("rlist/bad/entry-without-uri.xml", EPROTO);
	rlist_file("rlist/bad/too-deep.xml", E2BIG);
	rlist_file("winfo/empty-full.xml", EBADMSG);
	rlist_file("pidf/bad/billion-laughs.xml", EBADMSG);
}
END_TEST

START_TEST(rlist_random)
{
	int i;

	pidf_gen_seed(4826);
	for (i = 0; i < 300; i++)
		rlist_round_trip(pidf_gen_rlist(home));
}
END_TEST

START_TEST(rlist_refusals)
{
	struct pidf_rl_item it = {0};
	struct pidf_rl_list l = {0};
	struct pidf_rlist r = {&l, 1};
	char *out;
	size_t len;

	l.items = &it;
	l.nitems = 1;
	ck_assert_int_eq(pidf_rlist_build(home, &r, &out, &len), EINVAL); /* entry, no uri */
	it.kind = PIDF_RL_EXTERNAL;
	ck_assert_int_eq(pidf_rlist_build(home, &r, &out, &len), 0); /* anchor optional */
	it.kind = PIDF_RL_LIST;
	ck_assert_int_eq(pidf_rlist_build(home, &r, &out, &len), EINVAL);
	it.list = &l; /* a list that holds itself: refused by depth, not a hang */
	ck_assert_int_eq(pidf_rlist_build(home, &r, &out, &len), E2BIG);
	it.kind = 9;
	ck_assert_int_eq(pidf_rlist_build(home, &r, &out, &len), EINVAL);
}
END_TEST

static Suite *pidf_suite(void)
{
	Suite *s = suite_create("pidf");
	TCase *tc = tcase_create("pidf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, tables_walk);
	tcase_add_test(tc, sample_baresip);
	tcase_add_test(tc, sample_jitsi);
	tcase_add_test(tc, sample_kamailio);
	tcase_add_test(tc, sample_oma);
	tcase_add_test(tc, sample_prefixed_default);
	tcase_add_test(tc, sample_rfc4480);
	tcase_add_test(tc, sample_unknown_extensions);
	tcase_add_test(tc, sample_misc);
	tcase_add_test(tc, bad_documents);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, malformed_inputs);
	tcase_add_test(tc, build_refusals);
	tcase_add_test(tc, ids_sanitized);
	tcase_add_test(tc, grow_parsed_document);
	tcase_add_test(tc, time_helpers);
	tcase_add_test(tc, pres_content);
	tcase_add_loop_test(tc, random_round_trips, 0, 5);
	tcase_add_test(tc, winfo_samples);
	tcase_add_test(tc, winfo_random);
	tcase_add_test(tc, winfo_refusals);
	tcase_add_test(tc, rlist_samples);
	tcase_add_test(tc, rlist_random);
	tcase_add_test(tc, rlist_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pidf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
