/* tests/test_imps_pres.c: presence attributes: tables, samples, errors, filter, merge, property. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"

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

/* --- helpers ----------------------------------------------------------- */

/* Reads SRCDIR/tests/data/samples/<rel> and parses it. */
static struct csp_msg *load_sample(char const *rel)
{
	char path[1024];
	FILE *f;
	long len;
	char *buf;
	struct csp_msg *msg = NULL;
	struct csp_error err;
	int rc;

	snprintf(path, sizeof path, "%s/tests/data/samples/%s", SRCDIR, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = su_alloc(home, (size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	rc = csp_parse_xml(home, buf, (size_t)len, &msg, &err);
	ck_assert_msg(rc == 0, "%s: line %d: %s", rel, err.line, err.reason);
	return msg;
}

/* First element named `name` in the subtree (depth first). */
static struct csp_node *find_deep(struct csp_node *n, char const *name)
{
	if (!n)
		return NULL;
	if (!strcmp(n->name, name))
		return n;
	for (struct csp_node *c = n->child; c; c = c->next) {
		struct csp_node *r = find_deep(c, name);
		if (r)
			return r;
	}
	return NULL;
}

static struct csp_node *sample_psl(char const *rel)
{
	struct csp_msg *m = load_sample(rel);
	struct csp_node *psl = find_deep(m->trans->content, "PresenceSubList");

	ck_assert_msg(psl != NULL, "%s has no PresenceSubList", rel);
	return psl;
}

static struct imps_pres *pres_of(struct csp_node const *psl)
{
	struct imps_pres *p = NULL;
	int rc = imps_pres_from_node(home, psl, &p);

	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* to_node then from_node again: must be equal. Returns the new PresenceSubList. */
static struct csp_node *round_trip(struct imps_pres const *p)
{
	struct csp_node *root = csp_node_add(home, NULL, "Presence");
	struct csp_node *psl = NULL;
	struct imps_pres *q;

	ck_assert_int_eq(imps_pres_to_node(home, p, root, &psl), 0);
	ck_assert_ptr_eq(psl, root->child);
	ck_assert_str_eq(psl->name, "PresenceSubList");
	q = pres_of(psl);
	ck_assert_msg(imps_pres_equal(p, q), "round trip differs");
	return psl;
}

/* --- tables ------------------------------------------------------------ */

START_TEST(attr_table_walk)
{
	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		struct imps_attr_info const *i = imps_attr_info(a);
		ck_assert_int_eq(i->attr, a);
		ck_assert_ptr_nonnull(i->name);
		ck_assert_int_ne(i->kind, IMPS_KIND_NONE);
		ck_assert_int_eq(imps_attr_by_name(i->name), a);
		for (int b = 0; b < a; b++)
			ck_assert_str_ne(imps_attr_name(b), i->name);
	}
	/* unknown reaches the default row */
	ck_assert_int_eq(imps_attr_by_name("Mood"), IMPS_ATTR_UNKNOWN);
	ck_assert_int_eq(imps_attr_by_name("onlinestatus"), IMPS_ATTR_UNKNOWN);
	ck_assert_int_eq(imps_attr_by_name(NULL), IMPS_ATTR_UNKNOWN);
	ck_assert_int_eq(imps_attr_info(IMPS_ATTR_COUNT)->attr, IMPS_ATTR_UNKNOWN);
	ck_assert_ptr_null(imps_attr_info(IMPS_ATTR_UNKNOWN)->name);
	ck_assert_ptr_null(imps_attr_name(99));
	ck_assert_str_eq(imps_attr_name(IMPS_ATTR_INFO_LINK), "InfoLink");
}
END_TEST

START_TEST(value_tables_walk)
{
	int n;

	for (n = IMPS_AVAIL_AVAILABLE; n <= IMPS_AVAIL_NOT_AVAILABLE; n++)
		ck_assert_int_eq(imps_avail_by_name(imps_avail_name(n)), n);
	for (n = IMPS_CLIENT_MOBILE_PHONE; n <= IMPS_CLIENT_OTHER; n++)
		ck_assert_int_eq(imps_client_type_by_name(imps_client_type_name(n)), n);
	for (n = IMPS_MOOD_ANGRY; n <= IMPS_MOOD_OTHER; n++) {
		ck_assert_ptr_nonnull(imps_mood_name(n));
		ck_assert_int_eq(imps_mood_by_name(imps_mood_name(n)), n);
		for (int m = IMPS_MOOD_ANGRY; m < n; m++)
			ck_assert_str_ne(imps_mood_name(m), imps_mood_name(n));
	}
	for (n = IMPS_CSTATUS_OPEN; n <= IMPS_CSTATUS_CLOSED; n++)
		ck_assert_int_eq(imps_cstatus_by_name(imps_cstatus_name(n)), n);
	/* unknown / none reach the default rows */
	ck_assert_int_eq(imps_avail_by_name("BUSY"), IMPS_AVAIL_NONE);
	ck_assert_int_eq(imps_avail_by_name(NULL), IMPS_AVAIL_NONE);
	ck_assert_ptr_null(imps_avail_name(IMPS_AVAIL_NONE));
	ck_assert_int_eq(imps_mood_by_name("CONFUSED"), IMPS_MOOD_NONE);
	ck_assert_ptr_null(imps_mood_name(IMPS_MOOD_EXTENSION));
	ck_assert_int_eq(imps_client_type_by_name("TOASTER"), IMPS_CLIENT_NONE);
	ck_assert_int_eq(imps_cstatus_by_name("HALF"), IMPS_CSTATUS_NONE);
	/* tolerant of case and white space */
	ck_assert_int_eq(imps_avail_by_name(" not_available\n"), IMPS_AVAIL_NOT_AVAILABLE);
	ck_assert_int_eq(imps_mood_by_name("\tIn_Love "), IMPS_MOOD_IN_LOVE);
}
END_TEST

START_TEST(bool_and_uint_parse)
{
	enum csp_bool b = CSP_ABSENT;
	long v = 7;

	ck_assert_int_eq(imps_bool_parse("T", &b), 0);
	ck_assert_int_eq(b, CSP_T);
	ck_assert_int_eq(imps_bool_parse(" f\n", &b), 0);
	ck_assert_int_eq(b, CSP_F);
	ck_assert_int_eq(imps_bool_parse("\t t ", &b), 0);
	ck_assert_int_eq(b, CSP_T);
	ck_assert_int_eq(imps_bool_parse(NULL, &b), 0);
	ck_assert_int_eq(b, CSP_ABSENT);
	b = CSP_T;
	ck_assert_int_eq(imps_bool_parse("TRUE", &b), EPROTO);
	ck_assert_int_eq(imps_bool_parse("", &b), EPROTO);
	ck_assert_int_eq(imps_bool_parse("1", &b), EPROTO);
	ck_assert_int_eq(imps_bool_parse("T F", &b), EPROTO);
	ck_assert_int_eq(b, CSP_T); /* untouched on error */

	ck_assert_int_eq(imps_uint_parse(" 200\n", 999, &v), 0);
	ck_assert_int_eq(v, 200);
	ck_assert_int_eq(imps_uint_parse("0", 999, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(imps_uint_parse("999", 999, &v), 0);
	ck_assert_int_eq(imps_uint_parse("1000", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("-1", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("+1", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("0x10", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("1 2", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("", 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse(NULL, 999, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("99999999999999999999999", LONG_MAX, &v), EPROTO);
	ck_assert_int_eq(imps_uint_parse("9223372036854775807", LONG_MAX, &v), 0);
	ck_assert_int_eq(v, LONG_MAX);
	ck_assert_int_eq(imps_uint_parse("9223372036854775808", LONG_MAX, &v), EPROTO);
	ck_assert_int_eq(v, LONG_MAX);
}
END_TEST

/* --- the samples ------------------------------------------------------- */

/* wv-040: a PresenceNotification with every 1.1 attribute. */
START_TEST(wv040_every_attribute)
{
	struct csp_node *psl = sample_psl("spec-wv11-examples/wv-040.xml");
	struct imps_pres *p = pres_of(psl);
	struct csp_node *again;

	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		int expect = a != IMPS_ATTR_INFO_LINK; /* InfoLink is 1.2 */
		ck_assert_msg(p->h[a].present == expect, "%s", imps_attr_name(a));
		if (expect)
			ck_assert_int_eq(p->h[a].qualifier, CSP_T);
		ck_assert_uint_eq(p->h[a].ext.n, 0);
		ck_assert(!p->h[a].client.present);
	}
	ck_assert_uint_eq(p->ext.n, 0);
	ck_assert_int_eq(p->online_status, CSP_T);
	ck_assert_int_eq(p->registration, CSP_T);
	ck_assert_int_eq(p->client_info.type, IMPS_CLIENT_MOBILE_PHONE);
	ck_assert_str_eq(p->client_info.dev_manufacturer, "ABC Company");
	ck_assert_str_eq(p->client_info.model, "xyz200");
	ck_assert_str_eq(p->client_info.language, "fin");
	ck_assert_ptr_null(p->client_info.client_producer);
	ck_assert_int_eq(p->client_info.im_priority, -1);
	ck_assert_str_eq(p->time_zone.zone, "+02");
	ck_assert_str_eq(p->geo.longitude, "35 24 15.652W");
	ck_assert_str_eq(p->geo.latitude, "12 36 22.5N");
	ck_assert_str_eq(p->geo.accuracy, "200");
	ck_assert_ptr_null(p->geo.altitude);
	ck_assert_str_eq(p->address.country, "GB");
	ck_assert_str_eq(p->address.city, "London");
	ck_assert_ptr_null(p->address.street);
	ck_assert_str_eq(p->free_text_location, "At home");
	ck_assert_str_eq(p->plmn, "Sonera");
	ck_assert_uint_eq(p->comm_cap.n, 3);
	ck_assert_str_eq(p->comm_cap.v[0].cap, "CALL");
	ck_assert_int_eq(p->comm_cap.v[0].status, IMPS_CSTATUS_OPEN);
	ck_assert_str_eq(p->comm_cap.v[0].contact, "+35804123123");
	ck_assert_int_eq(p->comm_cap.v[1].status, IMPS_CSTATUS_CLOSED);
	ck_assert_str_eq(p->comm_cap.v[1].note, "I am using this phone outside office hours");
	ck_assert_str_eq(p->comm_cap.v[2].cap, "IM");
	ck_assert_str_eq(p->comm_cap.v[2].contact, "he@there.com");
	ck_assert_int_eq(p->availability, IMPS_AVAIL_AVAILABLE);
	ck_assert_uint_eq(p->preferred_contacts.n, 3);
	ck_assert_str_eq(p->preferred_contacts.v[0].prefc, "CALL");
	ck_assert_str_eq(p->preferred_contacts.v[0].cname, "Home Phone");
	ck_assert_int_eq(p->preferred_contacts.v[0].cpriority, 10);
	ck_assert_int_eq(p->preferred_contacts.v[1].cpriority, 20);
	ck_assert_str_eq(p->preferred_contacts.v[2].caddr, "ari@im.com");
	ck_assert_int_eq(p->preferred_contacts.v[2].cstatus, IMPS_CSTATUS_CLOSED);
	ck_assert_int_eq(p->preferred_contacts.v[2].cpriority, 30);
	ck_assert_str_eq(p->preferred_language, "fin");
	ck_assert_str_eq(p->status_text, "Busy editing a document");
	ck_assert_int_eq(p->mood, IMPS_MOOD_SLEEPY);
	ck_assert_ptr_null(p->mood_text);
	ck_assert_str_eq(p->alias, "He");
	/* 1.1 spells ReferredContent / ReferredvCard "Preferred..." */
	ck_assert_str_eq(p->status_content.referred_content, "http://www.foo.com/MyLogo");
	ck_assert_int_eq(p->status_content.legacy_name, 1);
	ck_assert_ptr_null(p->status_content.direct_content);
	ck_assert_str_eq(p->contact_info.referred_vcard, "http://www.foo.com/MyCard");
	ck_assert_int_eq(p->contact_info.legacy_name, 1);
	ck_assert_uint_eq(imps_pres_attrs(p), IMPS_ATTR_SET_ALL & ~IMPS_ATTR_BIT(IMPS_ATTR_INFO_LINK));

	/* struct -> node gives back the very same tree (the sample is in our order) */
	again = round_trip(p);
	ck_assert_msg(csp_node_equal(again, psl), "re-emitted wv-040 differs from the input");
}
END_TEST

/* Colibria: vendor extension in a foreign namespace inside ClientInfo, and
 * OnlineStatus with a Qualifier and no value. */
START_TEST(colibria_extension_kept)
{
	struct csp_node *psl =
		sample_psl("movistar-colibria-client-templates_csp12/0391-UpdatePresence-Request.xml");
	struct imps_pres *p = pres_of(psl);
	struct csp_node *again, *ci, *detail;

	ck_assert(p->h[IMPS_ATTR_ONLINE_STATUS].present);
	ck_assert_int_eq(p->h[IMPS_ATTR_ONLINE_STATUS].qualifier, CSP_T);
	ck_assert_int_eq(p->online_status, CSP_ABSENT); /* no value: none invented */
	ck_assert_int_eq(p->client_info.type, IMPS_CLIENT_COMPUTER);
	ck_assert_str_eq(p->client_info.client_producer, "Colibria As");
	ck_assert_str_eq(p->client_info.model, "TELEFONICA Messenger");
	ck_assert_str_eq(p->client_info.client_version, "1.0.2309.16485");
	ck_assert_uint_eq(p->h[IMPS_ATTR_CLIENT_INFO].ext.n, 1);
	detail = p->h[IMPS_ATTR_CLIENT_INFO].ext.nodes[0];
	ck_assert_str_eq(detail->name, "ClientTypeDetail");
	ck_assert_str_eq(detail->ns, "http://imps.colibria.com/PA-ext-1.2");
	ck_assert_str_eq(detail->text, "PC");
	ck_assert_uint_eq(p->comm_cap.n, 1);
	ck_assert_str_eq(p->comm_cap.v[0].cap, "IM");
	ck_assert_int_eq(p->comm_cap.v[0].status, IMPS_CSTATUS_OPEN);
	ck_assert_ptr_null(p->comm_cap.v[0].contact);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_AVAILABLE);
	ck_assert_uint_eq(imps_pres_attrs(p),
			  IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) | IMPS_ATTR_BIT(IMPS_ATTR_CLIENT_INFO) |
			  IMPS_ATTR_BIT(IMPS_ATTR_COMM_CAP) |
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY));

	again = round_trip(p);
	ci = csp_node_find(again, "ClientInfo");
	ck_assert_ptr_nonnull(ci);
	/* the foreign element is re-emitted (after the known children) */
	ck_assert_str_eq(ci->last->name, "ClientTypeDetail");
	ck_assert_str_eq(ci->last->ns, "http://imps.colibria.com/PA-ext-1.2");
	ck_assert_ptr_null(csp_node_find(ci, "ClientTypeDetail")); /* not a WV element */
}
END_TEST

START_TEST(aosp_samples)
{
	struct imps_pres *p;
	imps_attr_set set;
	size_t unknown = 9;

	p = pres_of(sample_psl("aosp-client_scripted-server_csp13-4way/013-req.xml"));
	ck_assert_int_eq(p->online_status, CSP_T);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_NOT_AVAILABLE);
	ck_assert_str_eq(p->status_text, "testing gateway");
	round_trip(p);

	p = pres_of(sample_psl("aosp-client_scripted-server_csp13-4way/006-req.xml"));
	ck_assert_int_eq(p->client_info.type, IMPS_CLIENT_MOBILE_PHONE);
	ck_assert_str_eq(p->client_info.client_version, "0.1");
	ck_assert_str_eq(p->client_info.client_producer, "MOKIA");
	round_trip(p);

	p = pres_of(sample_psl("aosp-client_scripted-server_csp13-4way/016-rsp.xml"));
	ck_assert_int_eq(p->availability, IMPS_AVAIL_DISCREET);
	ck_assert_str_eq(p->status_text, "in a meeting");
	round_trip(p);

	/* attribute-name list of a SubscribePresence */
	ck_assert_int_eq(imps_attr_set_from_node(
		sample_psl("aosp-client_scripted-server_csp13-4way/010-req.xml"), &set, &unknown), 0);
	ck_assert_uint_eq(set, IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) |
			  IMPS_ATTR_BIT(IMPS_ATTR_CLIENT_INFO) |
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY));
	ck_assert_uint_eq(unknown, 0);
	/* the same list read as a presence: present attributes, no values */
	p = pres_of(sample_psl("aosp-client_scripted-server_csp13-4way/010-req.xml"));
	ck_assert_uint_eq(imps_pres_attrs(p), set);
	ck_assert_int_eq(p->h[IMPS_ATTR_ONLINE_STATUS].qualifier, CSP_ABSENT);
	ck_assert_int_eq(p->online_status, CSP_ABSENT);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_NONE);
}
END_TEST

/* --- hand-built trees: errors and tolerance --------------------------- */

static struct csp_node *psl_with(char const *attr, char const *q, char const *child,
				 char const *value)
{
	struct csp_node *psl = csp_node_add(home, NULL, "PresenceSubList");
	struct csp_node *a = csp_node_add(home, psl, attr);

	ck_assert_ptr_nonnull(a);
	if (q)
		ck_assert_ptr_nonnull(csp_node_add_text(home, a, "Qualifier", q));
	if (child)
		ck_assert_ptr_nonnull(csp_node_add_text(home, a, child, value));
	return psl;
}

static void expect_eproto(struct csp_node *psl, char const *why_expected)
{
	struct imps_pres *p = (void *)0x1;
	char const *why = NULL;

	ck_assert_int_eq(imps_pres_from_node_why(home, psl, &p, &why), EPROTO);
	ck_assert_ptr_eq(p, (void *)0x1); /* not written on failure */
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, why_expected);
}

START_TEST(invalid_values)
{
	struct csp_node *psl, *cc, *ap;

	expect_eproto(psl_with("OnlineStatus", "T", "PresenceValue", "yes"), "OnlineStatus");
	expect_eproto(psl_with("Registration", "T", "PresenceValue", NULL), "Registration");
	expect_eproto(psl_with("OnlineStatus", "maybe", NULL, NULL), "OnlineStatus");
	expect_eproto(psl_with("StatusText", "", "PresenceValue", "x"), "StatusText");
	expect_eproto(psl_with("UserAvailability", "T", "PresenceValue", "BUSY"),
		      "UserAvailability");
	expect_eproto(psl_with("ClientInfo", "T", "ClientType", "TOASTER"), "ClientInfo");
	expect_eproto(psl_with("ClientInfo", "T", "ClientIMPriority", "high"), "ClientInfo");
	expect_eproto(psl_with("StatusMood", "T", "PresenceValue", NULL), "StatusMood");

	psl = psl_with("CommCap", "T", NULL, NULL);
	cc = csp_node_add(home, psl->child, "CommC");
	csp_node_add_text(home, cc, "Cap", "IM");
	csp_node_add_text(home, cc, "Status", "HALF_OPEN");
	expect_eproto(psl, "CommCap");

	psl = psl_with("PreferredContacts", "T", NULL, NULL);
	ap = csp_node_add(home, psl->child, "AddrPref");
	csp_node_add_text(home, ap, "Cpriority", "-10");
	expect_eproto(psl, "PreferredContacts");

	/* the error names the first bad attribute even after good ones */
	psl = psl_with("Alias", "T", "PresenceValue", "Harry");
	ap = csp_node_add(home, psl, "Registration");
	csp_node_add_text(home, ap, "PresenceValue", "2");
	expect_eproto(psl, "Registration");

	ck_assert_int_eq(imps_pres_from_node(home, NULL, &(struct imps_pres *){NULL}), EINVAL);
}
END_TEST

START_TEST(tolerant_values)
{
	struct csp_node *psl = psl_with("OnlineStatus", " t\n", "PresenceValue", "\tf ");
	struct imps_pres *p = pres_of(psl);
	struct csp_node *a;

	ck_assert_int_eq(p->h[IMPS_ATTR_ONLINE_STATUS].qualifier, CSP_T);
	ck_assert_int_eq(p->online_status, CSP_F);

	psl = psl_with("UserAvailability", "F", "PresenceValue", " available ");
	p = pres_of(psl);
	ck_assert_int_eq(p->h[IMPS_ATTR_USER_AVAILABILITY].qualifier, CSP_F);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_AVAILABLE);

	/* Qualifier F and no value: nothing is invented */
	psl = psl_with("UserAvailability", "F", NULL, NULL);
	a = csp_node_add(home, psl, "StatusText");
	csp_node_add_text(home, a, "Qualifier", "F");
	p = pres_of(psl);
	ck_assert_int_eq(p->h[IMPS_ATTR_USER_AVAILABILITY].qualifier, CSP_F);
	ck_assert_int_eq(p->availability, IMPS_AVAIL_NONE);
	ck_assert_ptr_null(p->status_text);
	a = round_trip(p);
	ck_assert_ptr_null(csp_node_find(csp_node_find(a, "StatusText"), "PresenceValue"));

	/* an empty PresenceValue is an empty string, not an absent one */
	p = pres_of(psl_with("StatusText", "T", "PresenceValue", NULL));
	ck_assert_str_eq(p->status_text, "");
	round_trip(p);
}
END_TEST

START_TEST(unknown_and_extensions)
{
	struct csp_node *psl = psl_with("StatusMood", "T", "PresenceValue", "CONFUSED");
	struct csp_node *x, *again;
	struct imps_pres *p;
	imps_attr_set set;
	size_t unknown;

	x = csp_node_add(home, psl, "FutureAttribute");
	csp_node_add_text(home, x, "Qualifier", "T");
	x = csp_node_add_text(home, psl, "Tune", "jazz");
	x->ns = "http://vendor.example/pa";
	x = csp_node_add(home, psl->child, "MoodIntensity");
	x->ns = "http://vendor.example/pa";

	p = pres_of(psl);
	ck_assert_int_eq(p->mood, IMPS_MOOD_EXTENSION);
	ck_assert_str_eq(p->mood_text, "CONFUSED");
	ck_assert_uint_eq(p->h[IMPS_ATTR_STATUS_MOOD].ext.n, 1);
	ck_assert_uint_eq(p->ext.n, 2);
	ck_assert_str_eq(p->ext.nodes[0]->name, "FutureAttribute");
	ck_assert_str_eq(p->ext.nodes[1]->name, "Tune");
	ck_assert_str_eq(p->ext.nodes[1]->ns, "http://vendor.example/pa");
	ck_assert_uint_eq(imps_pres_attrs(p), IMPS_ATTR_BIT(IMPS_ATTR_STATUS_MOOD));

	again = round_trip(p);
	ck_assert_msg(csp_node_equal(again, psl), "unknown content not re-emitted verbatim");

	ck_assert_int_eq(imps_attr_set_from_node(psl, &set, &unknown), 0);
	ck_assert_uint_eq(set, IMPS_ATTR_BIT(IMPS_ATTR_STATUS_MOOD));
	ck_assert_uint_eq(unknown, 2);
	ck_assert_int_eq(imps_attr_set_from_node(NULL, &set, NULL), 0);
	ck_assert_uint_eq(set, 0);
}
END_TEST

START_TEST(limits)
{
	struct csp_node *psl = psl_with("CommCap", "T", NULL, NULL);
	struct imps_pres *p = NULL;

	for (int i = 0; i < IMPS_PRES_MAX_ITEMS; i++)
		csp_node_add_text(home, csp_node_add(home, psl->child, "CommC"), "Cap", "IM");
	p = pres_of(psl);
	ck_assert_uint_eq(p->comm_cap.n, IMPS_PRES_MAX_ITEMS);
	csp_node_add(home, psl->child, "CommC");
	p = NULL;
	ck_assert_int_eq(imps_pres_from_node(home, psl, &p), E2BIG);
	ck_assert_ptr_null(p);

	psl = csp_node_add(home, NULL, "PresenceSubList");
	for (int i = 0; i <= IMPS_PRES_MAX_EXT; i++)
		csp_node_add(home, psl, "Vendor");
	ck_assert_int_eq(imps_pres_from_node(home, psl, &p), E2BIG);
}
END_TEST

/* 1.2: a client-specific attribute repeated per client: first one typed,
 * the others kept and following their attribute through filter/merge. */
START_TEST(repeated_attribute)
{
	struct csp_node *psl = csp_node_add(home, NULL, "PresenceSubList");
	struct imps_pres *p, *f;
	struct csp_node *again;

	for (int i = 0; i < 2; i++) {
		struct csp_node *a = csp_node_add(home, psl, "OnlineStatus");
		struct csp_node *cid;
		csp_node_add_text(home, a, "Qualifier", "T");
		csp_node_add_text(home, a, "PresenceValue", i ? "F" : "T");
		cid = csp_node_add(home, a, "ClientID");
		csp_node_add_text(home, cid, "URL", i ? "phone" : "desktop");
	}
	csp_node_add(home, psl, "Alias");
	p = pres_of(psl);
	ck_assert_int_eq(p->online_status, CSP_T);
	ck_assert(p->h[IMPS_ATTR_ONLINE_STATUS].client.present);
	ck_assert_str_eq(p->h[IMPS_ATTR_ONLINE_STATUS].client.url, "desktop");
	ck_assert_ptr_null(p->h[IMPS_ATTR_ONLINE_STATUS].client.msisdn);
	ck_assert_uint_eq(p->ext.n, 1);
	ck_assert_str_eq(p->ext.nodes[0]->name, "OnlineStatus");
	again = round_trip(p);
	ck_assert_uint_eq(csp_node_count(again), 3);

	ck_assert_int_eq(imps_pres_filter(home, p, IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS), 0, &f), 0);
	ck_assert_uint_eq(f->ext.n, 1);
	ck_assert(!f->h[IMPS_ATTR_ALIAS].present);
	ck_assert_int_eq(imps_pres_filter(home, p, IMPS_ATTR_BIT(IMPS_ATTR_ALIAS), 1, &f), 0);
	ck_assert_uint_eq(f->ext.n, 0);
	ck_assert(f->h[IMPS_ATTR_ALIAS].present);
}
END_TEST

/* --- filter, merge, attribute sets ------------------------------------ */

/* Harry subscribed to OnlineStatus and UserAvailability only: Jane's
 * notification must carry nothing else. */
START_TEST(filter_only_subscribed)
{
	struct imps_pres *full = pres_of(sample_psl("spec-wv11-examples/wv-040.xml"));
	imps_attr_set set = IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) |
		IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY);
	struct imps_pres *f = NULL, *none = NULL, *all = NULL;
	struct csp_node *root = csp_node_add(home, NULL, "Presence"), *psl;

	ck_assert_int_eq(imps_pres_filter(home, full, set, 0, &f), 0);
	ck_assert_uint_eq(imps_pres_attrs(f), set);
	ck_assert_int_eq(f->online_status, CSP_T);
	ck_assert_int_eq(f->availability, IMPS_AVAIL_AVAILABLE);
	ck_assert_ptr_null(f->status_text);
	ck_assert_uint_eq(f->comm_cap.n, 0);
	ck_assert(!imps_pres_equal(f, full));
	ck_assert_int_eq(imps_pres_to_node(home, f, root, &psl), 0);
	ck_assert_uint_eq(csp_node_count(psl), 2);
	ck_assert_ptr_nonnull(csp_node_find(psl, "OnlineStatus"));
	ck_assert_ptr_nonnull(csp_node_find(psl, "UserAvailability"));

	ck_assert_int_eq(imps_pres_filter(home, full, 0, 1, &none), 0);
	ck_assert_uint_eq(imps_pres_attrs(none), 0);
	ck_assert(imps_pres_equal(none, imps_pres_new(home)));

	ck_assert_int_eq(imps_pres_filter(home, full, IMPS_ATTR_SET_ALL, 1, &all), 0);
	ck_assert(imps_pres_equal(all, full));
	ck_assert_ptr_ne(all->comm_cap.v, full->comm_cap.v); /* a deep copy */
}
END_TEST

START_TEST(merge_update_presence)
{
	struct imps_pres *base = pres_of(sample_psl("spec-wv11-examples/wv-040.xml"));
	struct imps_pres *upd = imps_pres_new(home), *m = NULL;

	upd->h[IMPS_ATTR_STATUS_TEXT].present = 1;
	upd->h[IMPS_ATTR_STATUS_TEXT].qualifier = CSP_T;
	upd->status_text = "Lunch";
	upd->h[IMPS_ATTR_COMM_CAP].present = 1;
	upd->h[IMPS_ATTR_COMM_CAP].qualifier = CSP_F; /* no valid value any more */

	ck_assert_int_eq(imps_pres_merge(home, base, upd, &m), 0);
	ck_assert_str_eq(m->status_text, "Lunch");
	ck_assert_int_eq(m->h[IMPS_ATTR_COMM_CAP].qualifier, CSP_F);
	ck_assert_uint_eq(m->comm_cap.n, 0); /* replaced, not merged item by item */
	ck_assert_int_eq(m->mood, IMPS_MOOD_SLEEPY);
	ck_assert_str_eq(m->alias, "He");
	ck_assert_uint_eq(imps_pres_attrs(m), imps_pres_attrs(base));
	/* the rest is unchanged */
	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		struct imps_pres *x = NULL, *y = NULL;
		if (a == IMPS_ATTR_STATUS_TEXT || a == IMPS_ATTR_COMM_CAP)
			continue;
		ck_assert_int_eq(imps_pres_filter(home, m, IMPS_ATTR_BIT(a), 0, &x), 0);
		ck_assert_int_eq(imps_pres_filter(home, base, IMPS_ATTR_BIT(a), 0, &y), 0);
		ck_assert_msg(imps_pres_equal(x, y), "%s changed", imps_attr_name(a));
	}
	/* merging into nothing gives the update; merging nothing changes nothing */
	ck_assert_int_eq(imps_pres_merge(home, imps_pres_new(home), upd, &m), 0);
	ck_assert(imps_pres_equal(m, upd));
	ck_assert_int_eq(imps_pres_merge(home, base, imps_pres_new(home), &m), 0);
	ck_assert(imps_pres_equal(m, base));
}
END_TEST

START_TEST(attr_set_round_trip)
{
	struct csp_node *root = csp_node_add(home, NULL, "SubscribePresence-Request"), *psl;
	imps_attr_set set = IMPS_ATTR_BIT(IMPS_ATTR_ALIAS) | IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) |
		IMPS_ATTR_BIT(IMPS_ATTR_INFO_LINK), back = 0;
	size_t unknown = 5;

	ck_assert_int_eq(imps_attr_set_to_node(home, set, root, &psl), 0);
	ck_assert_uint_eq(csp_node_count(psl), 3);
	/* enum order */
	ck_assert_str_eq(psl->child->name, "OnlineStatus");
	ck_assert_str_eq(psl->child->next->name, "Alias");
	ck_assert_str_eq(psl->last->name, "InfoLink");
	ck_assert_ptr_null(psl->child->child);
	ck_assert_int_eq(imps_attr_set_from_node(psl, &back, &unknown), 0);
	ck_assert_uint_eq(back, set);
	ck_assert_uint_eq(unknown, 0);
	ck_assert_int_eq(imps_attr_set_to_node(home, IMPS_ATTR_SET_ALL, root, &psl), 0);
	ck_assert_uint_eq(csp_node_count(psl), IMPS_ATTR_COUNT);
	ck_assert_int_eq(imps_attr_set_to_node(home, 0, NULL, &psl), EINVAL);
}
END_TEST

/* --- property: random presence -> node -> presence --------------------- */

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

static char const *rnd_str(void)
{
	static char const alphabet[] = "abcXYZ019 _-@:/<>&\"'\xc3\xa9";
	char buf[24];
	unsigned n;

	switch (below(6)) {
	case 0: return NULL;
	case 1: return "";
	default: break;
	}
	n = 1 + below(sizeof buf - 2);
	for (unsigned i = 0; i < n; i++)
		buf[i] = alphabet[below(sizeof alphabet - 1)];
	buf[n] = 0;
	return su_strdup(home, buf);
}

static char const *rnd_nonempty(void)
{
	char const *s;

	while (!(s = rnd_str()) || !*s)
		;
	return s;
}

static long rnd_long(void)
{
	switch (below(3)) {
	case 0: return -1;
	case 1: return (long)below(1000);
	default: return (long)(prng() & (uint64_t)LONG_MAX);
	}
}

static struct csp_node *rnd_ext_node(char const *name)
{
	struct csp_node *n = csp_node_add_text(home, NULL, name, below(2) ? rnd_nonempty() : NULL);

	if (below(2))
		n->ns = "http://vendor.example/ext";
	if (below(2))
		csp_node_add_text(home, n, "Sub", rnd_nonempty());
	return n;
}

static void rnd_ext(struct imps_ext *e, char const *name)
{
	e->n = below(3);
	e->nodes = su_zalloc(home, (e->n + 1) * sizeof *e->nodes);
	for (size_t i = 0; i < e->n; i++) {
		e->nodes[i] = rnd_ext_node(name);
		if (!e->nodes[i]->ns && below(2))
			e->nodes[i]->ns = "http://vendor.example/ext"; /* keep it unknown */
	}
}

static struct imps_pres *rnd_pres(void)
{
	struct imps_pres *p = imps_pres_new(home);

	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		struct imps_attr_hdr *h = &p->h[a];
		if (below(3) == 0)
			continue;
		h->present = 1;
		h->qualifier = (enum csp_bool)((int)below(3) - 1);
		if (below(4) == 0) {
			h->client.present = 1;
			h->client.url = rnd_str();
			h->client.msisdn = rnd_str();
			h->client.text = below(4) ? NULL : rnd_nonempty();
		}
		if (below(4) == 0)
			rnd_ext(&h->ext, "VendorChild");
	}
	p->online_status = (enum csp_bool)((int)below(3) - 1);
	p->registration = (enum csp_bool)((int)below(3) - 1);
	p->availability = below(4);
	p->status_text = rnd_str();
	p->mood = below(IMPS_MOOD_EXTENSION + 1);
	if (p->mood == IMPS_MOOD_EXTENSION)
		p->mood_text = su_sprintf(home, "X%s", rnd_nonempty());
	p->alias = rnd_str();
	p->free_text_location = rnd_str();
	p->plmn = rnd_str();
	p->preferred_language = rnd_str();
	p->client_info.type = below(IMPS_CLIENT_OTHER + 1);
	p->client_info.dev_manufacturer = rnd_str();
	p->client_info.client_producer = rnd_str();
	p->client_info.model = rnd_str();
	p->client_info.client_version = rnd_str();
	p->client_info.language = rnd_str();
	p->client_info.application_id = rnd_str();
	p->client_info.im_priority = rnd_long();
	if (below(3) == 0) {
		p->client_info.content_limit = csp_node_add(home, NULL, "ClientContentLimit");
		csp_node_add_text(home, p->client_info.content_limit, "MaxPushLength", "1000");
	}
	p->time_zone.zone = rnd_str();
	p->geo.longitude = rnd_str();
	p->geo.latitude = rnd_str();
	p->geo.altitude = rnd_str();
	p->geo.accuracy = rnd_str();
	p->address.country = rnd_str();
	p->address.city = rnd_str();
	p->address.street = rnd_str();
	p->address.crossing1 = rnd_str();
	p->address.crossing2 = rnd_str();
	p->address.building = rnd_str();
	p->address.named_area = rnd_str();
	p->comm_cap.n = below(4);
	p->comm_cap.v = su_zalloc(home, (p->comm_cap.n + 1) * sizeof *p->comm_cap.v);
	for (size_t i = 0; i < p->comm_cap.n; i++) {
		p->comm_cap.v[i].cap = rnd_str();
		p->comm_cap.v[i].status = below(3);
		p->comm_cap.v[i].contact = rnd_str();
		p->comm_cap.v[i].note = rnd_str();
	}
	p->preferred_contacts.n = below(4);
	p->preferred_contacts.v = su_zalloc(home, (p->preferred_contacts.n + 1) *
					    sizeof *p->preferred_contacts.v);
	for (size_t i = 0; i < p->preferred_contacts.n; i++) {
		struct imps_addr_pref *ap = &p->preferred_contacts.v[i];
		ap->prefc = rnd_str();
		ap->caddr = rnd_str();
		ap->cstatus = below(3);
		ap->cname = rnd_str();
		ap->cpriority = rnd_long();
	}
	p->status_content.direct_content = rnd_str();
	p->status_content.referred_content = rnd_str();
	p->status_content.content_type = rnd_str();
	p->status_content.legacy_name = p->status_content.referred_content && below(2);
	p->contact_info.contained_vcard = rnd_str();
	p->contact_info.referred_vcard = rnd_str();
	p->contact_info.legacy_name = p->contact_info.referred_vcard && below(2);
	p->info_link.n = below(3);
	p->info_link.v = su_zalloc(home, (p->info_link.n + 1) * sizeof *p->info_link.v);
	for (size_t i = 0; i < p->info_link.n; i++) {
		p->info_link.v[i].link = rnd_str();
		p->info_link.v[i].text = rnd_str();
		p->info_link.v[i].content_type = rnd_str();
	}
	/* unknown attributes, and repeats of present ones */
	rnd_ext(&p->ext, "FutureAttribute");
	if (below(3) == 0) {
		int a = (int)below(IMPS_ATTR_COUNT);
		if (p->h[a].present) {
			struct csp_node **v = su_zalloc(home, (p->ext.n + 1) * sizeof *v);
			memcpy(v, p->ext.nodes, p->ext.n * sizeof *v);
			v[p->ext.n] = csp_node_add(home, NULL, imps_attr_name(a));
			csp_node_add_text(home, v[p->ext.n], "Qualifier", "F");
			p->ext.nodes = v;
			p->ext.n++;
		}
	}
	return p;
}

START_TEST(property_round_trip)
{
	unsigned iterations = 3000;
	uint64_t seed = 0x1f2e3d4c5b6a7988ull + (uint64_t)_i;

	prng_state = seed;
	for (unsigned it = 0; it < iterations; it++) {
		su_home_t *save = home;
		su_home_t *h = su_home_new(sizeof *h);
		struct imps_pres *p, *q = NULL, *d, *m = NULL, *f = NULL;
		struct csp_node *root;
		imps_attr_set set;

		home = h;
		p = rnd_pres();
		root = csp_node_add(home, NULL, "Presence");
		ck_assert_int_eq(imps_pres_to_node(home, p, root, NULL), 0);
		ck_assert_int_eq(imps_pres_from_node(home, root->child, &q), 0);
		ck_assert_msg(imps_pres_equal(p, q), "seed %llx iteration %u: round trip differs",
			      (unsigned long long)seed, it);
		d = imps_pres_dup(home, p);
		ck_assert(imps_pres_equal(p, d));
		ck_assert_int_eq(imps_pres_merge(home, p, p, &m), 0);
		ck_assert(imps_pres_equal(p, m));
		set = (imps_attr_set)prng() & IMPS_ATTR_SET_ALL;
		ck_assert_int_eq(imps_pres_filter(home, p, set, 0, &f), 0);
		ck_assert_uint_eq(imps_pres_attrs(f), imps_pres_attrs(p) & set);
		/* filter then merge back what was filtered out gives p again
		 * (unknown attributes aside) */
		ck_assert_int_eq(imps_pres_merge(home, f, p, &m), 0);
		ck_assert(imps_pres_equal(p, m));
		home = save;
		su_home_unref(h);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("imps_pres");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, attr_table_walk);
	tcase_add_test(tc, value_tables_walk);
	tcase_add_test(tc, bool_and_uint_parse);
	tcase_add_test(tc, wv040_every_attribute);
	tcase_add_test(tc, colibria_extension_kept);
	tcase_add_test(tc, aosp_samples);
	tcase_add_test(tc, invalid_values);
	tcase_add_test(tc, tolerant_values);
	tcase_add_test(tc, unknown_and_extensions);
	tcase_add_test(tc, repeated_attribute);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, filter_only_subscribed);
	tcase_add_test(tc, merge_update_presence);
	tcase_add_test(tc, attr_set_round_trip);
	tcase_add_loop_test(tc, property_round_trip, 0, 4);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
