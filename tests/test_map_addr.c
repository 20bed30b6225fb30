/* tests/test_map_addr.c: wv: <-> sip: addresses: normalisation, refusals, round trips. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_addr.h"

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

/* splitmix64: a seeded PRNG so that a failure can be replayed. */
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

/* --- table-driven cases ------------------------------------------------ */

struct wv_case {
	char const *in;
	char const *def;
	char const *out; /* NULL: EINVAL expected */
};

START_TEST(wv_normalisation)
{
	static struct wv_case const cases[] = {
		/* Harry's client sends his id in every shape seen on the wire (DIGEST §11.9). */
		{"wv:harry@mno1.example", NULL, "wv:harry@mno1.example"},
		{"WV:Harry@MNO1.Example", NULL, "wv:harry@mno1.example"},
		{"harry@mno1.example", NULL, "wv:harry@mno1.example"},
		{"harry", "mno1.example", "wv:harry@mno1.example"},
		{"wv:HARRY", "MNO1.example", "wv:harry@mno1.example"},
		{"wv:+358401234567@mno1.example", NULL, "wv:+358401234567@mno1.example"},
		/* escapes: needless ones are decoded, needed ones kept in lower-case hex */
		{"wv:%68arry@mno1.example", NULL, "wv:harry@mno1.example"},
		{"wv:a%2Fb@mno1.example", NULL, "wv:a%2fb@mno1.example"},
		{"wv:%4Aane@mno2.example", NULL, "wv:%4aane@mno2.example"},
		{"wv:%c3%a9l%C3%A8ve@x.example", NULL, "wv:%c3%a9l%c3%a8ve@x.example"},
		/* contact lists and groups */
		{"wv:harry/Friends@mno1.example", NULL, "wv:harry/friends@mno1.example"},
		{"harry/~PEP1.0_subscriptions", "mno1.example",
		 "wv:harry/~pep1.0_subscriptions@mno1.example"},
		{"wv:10.0.0.1@192.168.1.7", NULL, "wv:10.0.0.1@192.168.1.7"},
		/* refusals */
		{"wv:harry", NULL, NULL},
		{"wv:@mno1.example", NULL, NULL},
		{"wv:harry@", NULL, NULL},
		{"wv:/friends@mno1.example", NULL, NULL},
		{"wv:harry/@mno1.example", NULL, NULL},
		{"wv:harry/a/b@mno1.example", NULL, NULL},
		{"wv:har ry@mno1.example", NULL, NULL},
		{"wv:harry@mno1..example", NULL, NULL},
		{"wv:harry@-mno1.example", NULL, NULL},
		{"wv:harry@mno1-.example", NULL, NULL},
		{"wv:harry@mno1.example.", NULL, NULL},
		{"wv:harry@mno_1.example", NULL, NULL},
		{"wv:harry@a@b", NULL, NULL},
		{"wv:ha%2", "d", NULL},
		{"wv:ha%zz", "d", NULL},
		{"wv:ha%00x", "d", NULL},
		{"wv:harry&co@mno1.example", NULL, NULL},
		{"wv:harry:pw@mno1.example", NULL, NULL},
		{"wv:harry", "bad domain", NULL},
		{"", "d", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = (char *)"untouched";
		char const *reason = NULL;
		int rc = map_addr_wv_normalize(home, cases[i].in, cases[i].def, &out, &reason);

		if (cases[i].out) {
			ck_assert_msg(rc == 0, "%s: %s", cases[i].in, reason);
			ck_assert_str_eq(out, cases[i].out);
		} else {
			ck_assert_msg(rc == EINVAL, "%s accepted as %s", cases[i].in, out);
			ck_assert_str_eq(out, "untouched");
			ck_assert_ptr_nonnull(reason);
		}
	}
}
END_TEST

START_TEST(sip_normalisation)
{
	static struct wv_case const cases[] = {
		{"sip:jane@mno2.example", NULL, "sip:jane@mno2.example"},
		{"SIP:Jane@MNO2.Example", NULL, "sip:Jane@mno2.example"},
		{"sip:%6Aane@mno2.example", NULL, "sip:jane@mno2.example"},
		{"sip:+4912345@mno2.example;user=phone", NULL, "sip:+4912345@mno2.example"},
		{"sip:jane@mno2.example?subject=hi%20there", NULL, "sip:jane@mno2.example"},
		{"sip:a%20b@mno2.example", NULL, "sip:a%20b@mno2.example"},
		{"sip:a%2fb@mno2.example", NULL, "sip:a/b@mno2.example"},
		{"sip:a;b?c/d&e=f$,@mno2.example", NULL, "sip:a;b?c/d&e=f$,@mno2.example"},
		/* refusals: what IMPS cannot carry, and what is not a SIP URI */
		{"sips:jane@mno2.example", NULL, NULL},
		{"sip:jane@mno2.example:5070", NULL, NULL},
		{"sip:jane:secret@mno2.example", NULL, NULL},
		{"sip:jane@[2001:db8::1]", NULL, NULL},
		{"sip:mno2.example", NULL, NULL},
		{"sip:@mno2.example", NULL, NULL},
		{"tel:+4912345", NULL, NULL},
		{"jane@mno2.example", NULL, NULL},
		{"sip:ja ne@mno2.example", NULL, NULL},
		{"sip:jane@mno2.example;x=<y>", NULL, NULL},
		{"sip:jane@mno2.example;x=%zz", NULL, NULL},
		{"sip:ja%@mno2.example", NULL, NULL},
		{"sip:jane@", NULL, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = (char *)"untouched";
		char const *reason = NULL;
		int rc = map_addr_sip_normalize(home, cases[i].in, &out, &reason);

		if (cases[i].out) {
			ck_assert_msg(rc == 0, "%s: %s", cases[i].in, reason);
			ck_assert_str_eq(out, cases[i].out);
		} else {
			ck_assert_msg(rc == EINVAL, "%s accepted as %s", cases[i].in, out);
			ck_assert_str_eq(out, "untouched");
			ck_assert_ptr_nonnull(reason);
		}
	}
}
END_TEST

START_TEST(harry_and_jane)
{
	char *s = NULL, *w = NULL;
	char const *reason = NULL;

	/* Harry as the SIP side sees him. */
	ck_assert_int_eq(map_addr_wv_to_sip(home, "Harry", "mno1.example", &s, &reason), 0);
	ck_assert_str_eq(s, "sip:harry@mno1.example");
	/* Jane as Harry's buddy list holds her: her SIP user part keeps its case. */
	ck_assert_int_eq(map_addr_sip_to_wv(home, "sip:Jane@mno2.example", &w, &reason), 0);
	ck_assert_str_eq(w, "wv:%4aane@mno2.example");
	/* ...even after Harry's client lower-cased the address (AOSP does). */
	ck_assert_int_eq(map_addr_wv_to_sip(home, "WV:%4AANE@MNO2.EXAMPLE", NULL, &s, &reason), 0);
	ck_assert_str_eq(s, "sip:Jane@mno2.example");
	ck_assert_int_eq(map_addr_wv_to_sip(home, "wv:%4aane@mno2.example", NULL, &s, &reason), 0);
	ck_assert_str_eq(s, "sip:Jane@mno2.example");
	/* Characters only SIP allows raw are escaped for IMPS and come back raw. */
	ck_assert_int_eq(map_addr_sip_to_wv(home, "sip:a/b;c@mno2.example", &w, &reason), 0);
	ck_assert_str_eq(w, "wv:a%2fb%3bc@mno2.example");
	ck_assert_int_eq(map_addr_wv_to_sip(home, w, NULL, &s, &reason), 0);
	ck_assert_str_eq(s, "sip:a/b;c@mno2.example");
	/* A contact list has no SIP user form. */
	s = (char *)"untouched";
	ck_assert_int_eq(map_addr_wv_to_sip(home, "wv:harry/friends@mno1.example", NULL, &s,
					    &reason), EINVAL);
	ck_assert_str_eq(s, "untouched");
	ck_assert_ptr_nonnull(strstr(reason, "contact list"));
	/* reason may be NULL */
	ck_assert_int_eq(map_addr_sip_to_wv(home, "sips:x@y", &w, NULL), EINVAL);
}
END_TEST

START_TEST(contact_list_parse_and_format)
{
	struct map_wv_addr *a = NULL, in;
	char *s = NULL;
	char const *reason = NULL;

	ck_assert_int_eq(
		map_addr_wv_parse(home, "WV:Harry/Friends@MNO1.example", NULL, &a, &reason), 0);
	ck_assert_str_eq(a->user, "harry");
	ck_assert_str_eq(a->resource, "friends");
	ck_assert_str_eq(a->domain, "mno1.example");
	ck_assert_int_eq(map_addr_wv_format(home, a, &s, &reason), 0);
	ck_assert_str_eq(s, "wv:harry/friends@mno1.example");

	ck_assert_int_eq(map_addr_wv_parse(home, "harry", "mno1.example", &a, &reason), 0);
	ck_assert_ptr_null(a->resource);

	/* Parts in input form are normalised; parts that would change the
	 * structure (a raw '/' or '@') are refused, not glued together. */
	in.user = "Harry";
	in.resource = "My%20Friends";
	in.domain = "MNO1.example";
	ck_assert_int_eq(map_addr_wv_format(home, &in, &s, &reason), 0);
	ck_assert_str_eq(s, "wv:harry/my%20friends@mno1.example");
	s = (char *)"untouched";
	in.user = "harry/evil";
	ck_assert_int_eq(map_addr_wv_format(home, &in, &s, &reason), EINVAL);
	in.user = "harry@evil.example";
	ck_assert_int_eq(map_addr_wv_format(home, &in, &s, &reason), EINVAL);
	in.user = "harry";
	in.resource = "";
	ck_assert_int_eq(map_addr_wv_format(home, &in, &s, &reason), EINVAL);
	in.resource = NULL;
	in.domain = "bad domain";
	ck_assert_int_eq(map_addr_wv_format(home, &in, &s, &reason), EINVAL);
	ck_assert_str_eq(s, "untouched");
}
END_TEST

START_TEST(limits)
{
	char buf[MAP_ADDR_MAX_INPUT + 64];
	char *s = NULL;
	char const *reason = NULL;

	/* a user part of exactly MAP_ADDR_MAX_PART octets passes, one more does not */
	memset(buf, 'a', MAP_ADDR_MAX_PART);
	strcpy(buf + MAP_ADDR_MAX_PART, "@d.example");
	ck_assert_int_eq(map_addr_wv_normalize(home, buf, NULL, &s, &reason), 0);
	memset(buf, 'a', MAP_ADDR_MAX_PART + 1);
	strcpy(buf + MAP_ADDR_MAX_PART + 1, "@d.example");
	ck_assert_int_eq(map_addr_wv_normalize(home, buf, NULL, &s, &reason), EINVAL);
	/* the longest canonical output (every octet escaped) is still valid input */
	strcpy(buf, "sip:");
	for (int i = 0; i < MAP_ADDR_MAX_PART; i++)
		strcat(buf, "%80");
	strcat(buf, "@d.example");
	ck_assert_int_eq(map_addr_sip_to_wv(home, buf, &s, &reason), 0);
	ck_assert_int_eq(map_addr_wv_to_sip(home, s, NULL, &s, &reason), 0);
	ck_assert_str_eq(s, buf);
	/* input over MAP_ADDR_MAX_INPUT */
	memset(buf, 'a', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	ck_assert_int_eq(map_addr_wv_normalize(home, buf, "d", &s, &reason), EINVAL);
	/* a label of 64 characters */
	memcpy(buf, "wv:a@", 5);
	memset(buf + 5, 'b', 64);
	buf[69] = '\0';
	ck_assert_int_eq(map_addr_wv_normalize(home, buf, NULL, &s, &reason), EINVAL);
	buf[68] = '\0';
	ck_assert_int_eq(map_addr_wv_normalize(home, buf, NULL, &s, &reason), 0);
}
END_TEST

/* --- property tests: an oracle written from the documented rules ------- */

static int oracle_imps_raw(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-_.!~*'()+", (int)c));
}

static int oracle_sip_raw(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-_.!~*'()&=+$,;?/", (int)c));
}

static void oracle_encode(char *out, unsigned char const *o, size_t n, int imps)
{
	char const *hex = imps ? "0123456789abcdef" : "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		if (imps ? oracle_imps_raw(o[i]) : oracle_sip_raw(o[i])) {
			*out++ = (char)o[i];
		} else {
			*out++ = '%';
			*out++ = hex[o[i] >> 4];
			*out++ = hex[o[i] & 15];
		}
	}
	*out = '\0';
}

/* Random noisy spelling of octets: needless escapes, random hex case,
 * upper-case raw letters on the IMPS side. */
static void noisy_encode(char *out, unsigned char const *o, size_t n, int imps)
{
	char const *hexes[2] = {"0123456789abcdef", "0123456789ABCDEF"};
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c = o[i];
		int raw = imps ? oracle_imps_raw(c) : oracle_sip_raw(c);

		if (raw && below(4)) {
			if (imps && c >= 'a' && c <= 'z' && below(2))
				c = c - 'a' + 'A';
			*out++ = (char)c;
		} else {
			char const *hex = hexes[below(2)];
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		}
	}
	*out = '\0';
}

/* A random user part: mostly ASCII letters/digits, some of every class. */
static size_t random_octets(unsigned char *o, size_t max)
{
	static char const common[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		"-_.!~*'()+&=$,;?/@: %#<>\"[]\\^`{|}";
	size_t n = 1 + below((unsigned)max), i;

	for (i = 0; i < n; i++) {
		if (below(8))
			o[i] = (unsigned char)common[below(sizeof common - 1)];
		else
			o[i] = (unsigned char)(1 + below(255));
	}
	return n;
}

static void random_domain(char *canon, char *noisy)
{
	int labels = 1 + (int)below(4), l;
	static char const ch[] = "abcdefghijklmnopqrstuvwxyz0123456789-";

	*canon = *noisy = '\0';
	for (l = 0; l < labels; l++) {
		int len = 1 + (int)below(12), k;
		char lab[16];

		for (k = 0; k < len; k++) {
			char c = ch[below(sizeof ch - 1)];
			if (c == '-' && (k == 0 || k == len - 1))
				c = 'x';
			lab[k] = c;
		}
		lab[len] = '\0';
		if (l) {
			strcat(canon, ".");
			strcat(noisy, ".");
		}
		strcat(canon, lab);
		for (k = 0; k < len; k++)
			if (below(2) && lab[k] >= 'a' && lab[k] <= 'z')
				lab[k] = (char)(lab[k] - 'a' + 'A');
		strcat(noisy, lab);
	}
}

#define PROPERTY_ITERATIONS 20000

START_TEST(property_wv_sip_wv)
{
	int it;

	prng_state = 0x1a2b3c4d5e6f7081ull;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		unsigned char u[64];
		size_t n = random_octets(u, 40);
		char dom[128], ndom[128], cu[200], nu[200], su[200];
		char expect_wv[512], expect_sip[512], input[512];
		char *w = NULL, *s = NULL, *w2 = NULL;
		char const *reason = NULL;
		static char const *const schemes[] = {"wv:", "WV:", "Wv:", ""};

		random_domain(dom, ndom);
		oracle_encode(cu, u, n, 1);
		oracle_encode(su, u, n, 0);
		noisy_encode(nu, u, n, 1);
		snprintf(expect_wv, sizeof expect_wv, "wv:%s@%s", cu, dom);
		snprintf(expect_sip, sizeof expect_sip, "sip:%s@%s", su, dom);
		if (below(4))
			snprintf(input, sizeof input, "%s%s@%s", schemes[below(4)], nu, ndom);
		else
			snprintf(input, sizeof input, "%s%s", schemes[below(4)], nu);

		ck_assert_msg(map_addr_wv_normalize(home, input, ndom, &w, &reason) == 0,
			      "seed iteration %d: %s refused: %s", it, input, reason);
		ck_assert_msg(!strcmp(w, expect_wv), "%d: %s -> %s, expected %s", it, input, w,
			      expect_wv);
		ck_assert_int_eq(map_addr_wv_to_sip(home, input, ndom, &s, &reason), 0);
		ck_assert_msg(!strcmp(s, expect_sip), "%d: %s -> %s, expected %s", it, input, s,
			      expect_sip);
		ck_assert_int_eq(map_addr_sip_to_wv(home, s, &w2, &reason), 0);
		ck_assert_str_eq(w2, expect_wv);
		su_free(home, w);
		su_free(home, s);
		su_free(home, w2);
	}
}
END_TEST

START_TEST(property_sip_wv_sip)
{
	int it;

	prng_state = 0x0fedcba987654321ull;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		unsigned char u[64];
		size_t n = random_octets(u, 40);
		char dom[128], ndom[128], su[200], nu[200], wu[200];
		char expect_wv[512], expect_sip[512], input[600];
		char *w = NULL, *s = NULL, *s2 = NULL;
		char const *reason = NULL;
		static char const *const tails[] = {"", ";user=phone", ";transport=tcp;lr",
						    "?subject=hello%20world", ";a=b?c=d&e=f"};

		random_domain(dom, ndom);
		oracle_encode(su, u, n, 0);
		oracle_encode(wu, u, n, 1);
		noisy_encode(nu, u, n, 0);
		snprintf(expect_wv, sizeof expect_wv, "wv:%s@%s", wu, dom);
		snprintf(expect_sip, sizeof expect_sip, "sip:%s@%s", su, dom);
		snprintf(input, sizeof input, "%s%s@%s%s", below(2) ? "sip:" : "SIP:", nu, ndom,
			 tails[below(5)]);

		ck_assert_msg(map_addr_sip_normalize(home, input, &s, &reason) == 0,
			      "%d: %s refused: %s", it, input, reason);
		ck_assert_msg(!strcmp(s, expect_sip), "%d: %s -> %s, expected %s", it, input, s,
			      expect_sip);
		ck_assert_int_eq(map_addr_sip_to_wv(home, input, &w, &reason), 0);
		ck_assert_msg(!strcmp(w, expect_wv), "%d: %s -> %s, expected %s", it, input, w,
			      expect_wv);
		ck_assert_int_eq(map_addr_wv_to_sip(home, w, NULL, &s2, &reason), 0);
		ck_assert_str_eq(s2, expect_sip);
		su_free(home, w);
		su_free(home, s);
		su_free(home, s2);
	}
}
END_TEST

START_TEST(property_contact_lists)
{
	int it;

	prng_state = 42;
	for (it = 0; it < PROPERTY_ITERATIONS / 4; it++) {
		unsigned char u[64], r[64];
		size_t nu = random_octets(u, 30), nr = random_octets(r, 30);
		char dom[128], ndom[128], cu[200], cr[200], xu[200], xr[200];
		char expect[1024], input[1024];
		struct map_wv_addr *a = NULL;
		char *s = NULL;
		char const *reason = NULL;

		random_domain(dom, ndom);
		oracle_encode(cu, u, nu, 1);
		oracle_encode(cr, r, nr, 1);
		noisy_encode(xu, u, nu, 1);
		noisy_encode(xr, r, nr, 1);
		snprintf(expect, sizeof expect, "wv:%s/%s@%s", cu, cr, dom);
		snprintf(input, sizeof input, "wv:%s/%s@%s", xu, xr, ndom);
		ck_assert_msg(map_addr_wv_parse(home, input, NULL, &a, &reason) == 0, "%s: %s",
			      input, reason);
		ck_assert_str_eq(a->user, cu);
		ck_assert_str_eq(a->resource, cr);
		ck_assert_str_eq(a->domain, dom);
		ck_assert_int_eq(map_addr_wv_format(home, a, &s, &reason), 0);
		ck_assert_str_eq(s, expect);
	}
}
END_TEST

/* Random strings: whatever is accepted round-trips (what the fuzzer checks). */
START_TEST(property_garbage_accepted_round_trips)
{
	static char const alphabet[] = "wvsipWVSIP:@/%;?=&+aAzZ09.-_~[]: \x80\xff";
	int it, accepted = 0;

	prng_state = 7;
	for (it = 0; it < PROPERTY_ITERATIONS * 2; it++) {
		char in[48];
		size_t n = below(sizeof in - 4), i, p;
		char *a = NULL, *b = NULL, *c = NULL;
		int side = (int)below(2);

		strcpy(in, side ? "sip:" : "wv:");
		p = strlen(in);
		for (i = p; i < n; i++)
			in[i] = alphabet[below(sizeof alphabet - 1)];
		in[n > p ? n : p] = '\0';
		if (side) {
			if (map_addr_sip_to_wv(home, in, &a, NULL))
				continue;
			ck_assert_int_eq(map_addr_wv_to_sip(home, a, NULL, &b, NULL), 0);
			ck_assert_int_eq(map_addr_sip_to_wv(home, b, &c, NULL), 0);
		} else {
			if (map_addr_wv_to_sip(home, in, "dflt.example", &a, NULL))
				continue;
			ck_assert_int_eq(map_addr_sip_to_wv(home, a, &b, NULL), 0);
			ck_assert_int_eq(map_addr_wv_to_sip(home, b, NULL, &c, NULL), 0);
		}
		ck_assert_str_eq(a, c);
		accepted++;
	}
	ck_assert_int_gt(accepted, 100);
}
END_TEST

static Suite *addr_suite(void)
{
	Suite *s = suite_create("map_addr");
	TCase *tc = tcase_create("addr");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, wv_normalisation);
	tcase_add_test(tc, sip_normalisation);
	tcase_add_test(tc, harry_and_jane);
	tcase_add_test(tc, contact_list_parse_and_format);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, property_wv_sip_wv);
	tcase_add_test(tc, property_sip_wv_sip);
	tcase_add_test(tc, property_contact_lists);
	tcase_add_test(tc, property_garbage_accepted_round_trips);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(addr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
