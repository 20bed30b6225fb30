/* tests/test_map_msg.c: message content IMPS <-> SIP: types, charsets, BASE64, round trips. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_msg.h"

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

/* --- content types -------------------------------------------------------- */

START_TEST(ctype_parse_cases)
{
	struct map_ctype *ct = NULL;

	ck_assert_int_eq(map_ctype_parse(home, "Text/Plain; Charset=\"utf-8\" ; Format = flowed",
					 &ct), 0);
	ck_assert_str_eq(ct->type, "text");
	ck_assert_str_eq(ct->subtype, "plain");
	ck_assert_str_eq(ct->charset, "UTF-8");
	ck_assert_uint_eq(ct->nparams, 1);
	ck_assert_str_eq(ct->params[0].name, "format");
	ck_assert_str_eq(ct->params[0].value, "flowed");

	ck_assert_int_eq(map_ctype_parse(home, "text/html;charset=ISO-8859-1;x=\"a \\\"b\\\";c\"",
					 &ct), 0);
	ck_assert_str_eq(ct->charset, "ISO-8859-1");
	ck_assert_str_eq(ct->params[0].value, "a \"b\";c");
	ck_assert_int_eq(map_ctype_parse(home, "message/cpim;", &ct), 0);
	ck_assert_uint_eq(ct->nparams, 0);
	ck_assert_ptr_null(ct->charset);

	{
		static char const *const bad[] = {
			"", "text", "text/", "/plain", "text plain", "text/plain;charset",
			"text/plain;charset=", "text/plain;a=1;A=2",
			"text/plain;charset=a;charset=b",
			"text/plain;x=\"open", "text/plain x=1", "te(xt/plain", "text/plain;;a=1",
			"text/plain;x=\"a\x01\"",
		};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			ct = (struct map_ctype *)1;
			ck_assert_msg(map_ctype_parse(home, bad[i], &ct) == EBADMSG, "'%s'",
				      bad[i]);
			ck_assert_ptr_eq(ct, (struct map_ctype *)1);
		}
	}
	{
		char big[MAP_CTYPE_MAX_INPUT + 8];
		size_t k = 0;
		int i;

		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		big[4] = '/';
		ck_assert_int_eq(map_ctype_parse(home, big, &ct), E2BIG);
		k = (size_t)sprintf(big, "text/plain");
		for (i = 0; i <= MAP_CTYPE_MAX_PARAMS; i++)
			k += (size_t)sprintf(big + k, ";p%d=v", i);
		ck_assert_int_eq(map_ctype_parse(home, big, &ct), E2BIG);
	}
}
END_TEST

START_TEST(ctype_format_cases)
{
	struct map_ctype_param params[2] = {{"format", "flowed"}, {"title", "Harry's \"notes\""}};
	struct map_ctype ct = {"text", "plain", "UTF-8", params, 2};
	char *s = NULL;

	ck_assert_int_eq(map_ctype_format(home, &ct, &s), 0);
	ck_assert_str_eq(s, "text/plain;charset=UTF-8;format=flowed;"
			    "title=\"Harry's \\\"notes\\\"\"");
	params[1].value = "";
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), 0);
	ck_assert_str_eq(s, "text/plain;charset=UTF-8;format=flowed;title=\"\"");
	/* what cannot be written is refused, never glued together */
	s = (char *)"untouched";
	params[1].value = "line\nbreak";
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), EINVAL);
	params[1].value = "ok";
	params[1].name = "bad name";
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), EINVAL);
	params[1].name = "charset"; /* would come back as the charset */
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), EINVAL);
	params[1].name = "format"; /* a repeat */
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), EINVAL);
	ct.nparams = 0;
	ct.subtype = "pla/in";
	ck_assert_int_eq(map_ctype_format(home, &ct, &s), EINVAL);
	ck_assert_str_eq(s, "untouched");
}
END_TEST

START_TEST(utf8_checks)
{
	ck_assert(map_utf8_valid("caf\xc3\xa9", 5));
	ck_assert(map_utf8_valid("\xf0\x9f\x98\x80", 4));
	ck_assert(!map_utf8_valid("caf\xe9", 4));
	ck_assert(!map_utf8_valid("\xc0\xaf", 2));         /* overlong */
	ck_assert(!map_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	ck_assert(!map_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	ck_assert(!map_utf8_valid("\xe2\x82", 2));         /* truncated */
	ck_assert(map_utf8_valid("a\0b", 3));
	ck_assert(!map_utf8_xml_ok("a\0b", 3));
	ck_assert(!map_utf8_xml_ok("a\x01", 2));
	ck_assert(!map_utf8_xml_ok("\xef\xbf\xbe", 3)); /* U+FFFE */
	ck_assert(map_utf8_xml_ok("a\tb\r\nc", 6));
}
END_TEST

/* --- translation tables ---------------------------------------------------- */

struct im_case {
	char const *ct;
	enum map_im_encoding enc;
	char const *data;
	size_t len;
	int rc;
	char const *out_ct;
	enum map_im_encoding out_enc;
	char const *out_data;
	size_t out_len;
};

#define S(x) x, sizeof(x) - 1

START_TEST(harry_to_jane)
{
	static struct im_case const cases[] = {
		/* Harry's plain text, no ContentType (IMPS default text/plain) */
		{NULL, MAP_IM_ENC_NONE, S("Hi Jane"), 0, "text/plain;charset=UTF-8",
		 MAP_IM_ENC_NONE, S("Hi Jane")},
		{"text/html", MAP_IM_ENC_NONE, S("<b>hi</b>"), 0, "text/html;charset=UTF-8",
		 MAP_IM_ENC_NONE, S("<b>hi</b>")},
		/* plain ContentData came through XML: it is Unicode, sent as UTF-8 */
		{"text/plain; charset=ISO-8859-1", MAP_IM_ENC_NONE, S("caf\xc3\xa9"), 0,
		 "text/plain;charset=UTF-8", MAP_IM_ENC_NONE, S("caf\xc3\xa9")},
		/* base64 bytes keep their charset */
		{"text/plain;charset=iso-8859-1", MAP_IM_ENC_BASE64, S("Y2Fm6Q=="), 0,
		 "text/plain;charset=iso-8859-1", MAP_IM_ENC_NONE, S("caf\xe9")},
		{"text/plain", MAP_IM_ENC_BASE64, S("aMOpbGxv"), 0, "text/plain;charset=UTF-8",
		 MAP_IM_ENC_NONE, S("h\xc3\xa9llo")},
		{"text/plain", MAP_IM_ENC_BASE64, S("//4="), 0, "text/plain", MAP_IM_ENC_NONE,
		 S("\xff\xfe")},
		{"image/png", MAP_IM_ENC_BASE64, S("iVBO\r\nRw0K\n"), 0, "image/png",
		 MAP_IM_ENC_NONE, S("\x89PNG\r\n")},
		{"application/octet-stream", MAP_IM_ENC_BASE64, S("AAE"), 0,
		 "application/octet-stream", MAP_IM_ENC_NONE, S("\0\1")},
		{"text/plain", MAP_IM_ENC_NONE, S(""), 0, "text/plain;charset=UTF-8",
		 MAP_IM_ENC_NONE, S("")},
		/* refusals */
		{"text/plain", MAP_IM_ENC_BASE64, S("Y2Fm6Q=!"), EBADMSG, NULL, 0, NULL, 0},
		{"text/plain", MAP_IM_ENC_BASE64, S("Y2Fm6Q==Y2Fm"), EBADMSG, NULL, 0, NULL, 0},
		{"text/plain", MAP_IM_ENC_BASE64, S("Y2Fm6"), EBADMSG, NULL, 0, NULL, 0},
		{"text/plain", MAP_IM_ENC_BASE64, S("Y2Fm6Q="), EBADMSG, NULL, 0, NULL, 0},
		{"text/plain", MAP_IM_ENC_NONE, S("caf\xe9"), EBADMSG, NULL, 0, NULL, 0},
		{"plain text", MAP_IM_ENC_NONE, S("x"), EBADMSG, NULL, 0, NULL, 0},
		{"text/plain", (enum map_im_encoding)7, S("x"), EINVAL, NULL, 0, NULL, 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct map_im in = {cases[i].ct, NULL, cases[i].enc, cases[i].data, cases[i].len};
		struct map_im *out = (struct map_im *)1;
		char const *reason = NULL;
		int rc = map_im_imps_to_sip(home, &in, &out, &reason);

		ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d (%s)", i, rc, reason);
		if (rc) {
			ck_assert_ptr_eq(out, (struct map_im *)1);
			ck_assert_ptr_nonnull(reason);
			continue;
		}
		ck_assert_str_eq(out->content_type, cases[i].out_ct);
		ck_assert_int_eq(out->encoding, cases[i].out_enc);
		ck_assert_uint_eq(out->len, cases[i].out_len);
		ck_assert(!memcmp(out->data, cases[i].out_data, out->len));
		ck_assert_int_eq(out->data[out->len], '\0');
	}
}
END_TEST

START_TEST(jane_to_harry)
{
	static struct im_case const cases[] = {
		{"text/plain;charset=UTF-8", MAP_IM_ENC_NONE, S("Hi Harry \xe2\x98\xba"), 0,
		 "text/plain", MAP_IM_ENC_NONE, S("Hi Harry \xe2\x98\xba")},
		{"text/plain", MAP_IM_ENC_NONE, S("line1\r\nline2"), 0, "text/plain",
		 MAP_IM_ENC_NONE, S("line1\r\nline2")},
		{NULL, MAP_IM_ENC_NONE, S("no type"), 0, "text/plain", MAP_IM_ENC_NONE,
		 S("no type")},
		{"Text/HTML; charset=\"utf-8\"", MAP_IM_ENC_NONE, S("<i>x</i>"), 0, "text/html",
		 MAP_IM_ENC_NONE, S("<i>x</i>")},
		{"text/plain;charset=us-ascii", MAP_IM_ENC_NONE, S("ascii"), 0, "text/plain",
		 MAP_IM_ENC_NONE, S("ascii")},
		{"text/plain;format=flowed;charset=UTF-8", MAP_IM_ENC_NONE, S("f"), 0,
		 "text/plain;format=flowed", MAP_IM_ENC_NONE, S("f")},
		/* what XML cannot carry as text goes as BASE64 with the full type */
		{"text/plain;charset=ISO-8859-1", MAP_IM_ENC_NONE, S("caf\xe9"), 0,
		 "text/plain;charset=ISO-8859-1", MAP_IM_ENC_BASE64, S("Y2Fm6Q==")},
		{"text/plain;charset=us-ascii", MAP_IM_ENC_NONE, S("caf\xc3\xa9"), 0,
		 "text/plain;charset=us-ascii", MAP_IM_ENC_BASE64, S("Y2Fmw6k=")},
		{"text/plain;charset=UTF-8", MAP_IM_ENC_NONE, S("bell\x07"), 0,
		 "text/plain;charset=UTF-8", MAP_IM_ENC_BASE64, S("YmVsbAc=")},
		{"text/plain", MAP_IM_ENC_NONE, S("nul\0"), 0, "text/plain", MAP_IM_ENC_BASE64,
		 S("bnVsAA==")},
		{"image/png", MAP_IM_ENC_NONE, S("\x89PNG\r\n"), 0, "image/png", MAP_IM_ENC_BASE64,
		 S("iVBORw0K")},
		{"message/cpim", MAP_IM_ENC_NONE, S("From: x"), 0, "message/cpim",
		 MAP_IM_ENC_BASE64, S("RnJvbTogeA==")},
		/* refusals */
		{"text/plain", MAP_IM_ENC_BASE64, S("eA=="), EINVAL, NULL, 0, NULL, 0},
		{"text/", MAP_IM_ENC_NONE, S("x"), EBADMSG, NULL, 0, NULL, 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct map_im in = {cases[i].ct, NULL, cases[i].enc, cases[i].data, cases[i].len};
		struct map_im *out = (struct map_im *)1;
		char const *reason = NULL;
		int rc = map_im_sip_to_imps(home, &in, &out, &reason);

		ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d (%s)", i, rc, reason);
		if (rc) {
			ck_assert_ptr_eq(out, (struct map_im *)1);
			continue;
		}
		ck_assert_str_eq(out->content_type, cases[i].out_ct);
		ck_assert_int_eq(out->encoding, cases[i].out_enc);
		ck_assert_uint_eq(out->len, cases[i].out_len);
		ck_assert(!memcmp(out->data, cases[i].out_data, out->len));
	}
}
END_TEST

START_TEST(charset_given_apart_and_limits)
{
	struct map_im in = {"text/plain", "ISO-8859-1", MAP_IM_ENC_NONE, "caf\xe9", 4};
	struct map_im *out = NULL;
	static char big[MAP_IM_MAX_BODY + 2];

	/* a charset kept apart by the caller counts when the type names none */
	ck_assert_int_eq(map_im_sip_to_imps(home, &in, &out, NULL), 0);
	ck_assert_int_eq(out->encoding, MAP_IM_ENC_BASE64);
	ck_assert_str_eq(out->content_type, "text/plain;charset=ISO-8859-1");
	ck_assert_str_eq(out->charset, "ISO-8859-1");
	/* limits: exactly MAP_IM_MAX_BODY passes, one more does not */
	memset(big, 'a', sizeof big);
	in.charset = NULL;
	in.data = big;
	in.len = MAP_IM_MAX_BODY;
	ck_assert_int_eq(map_im_sip_to_imps(home, &in, &out, NULL), 0);
	ck_assert_int_eq(map_im_imps_to_sip(home, &in, &out, NULL), 0);
	in.len = MAP_IM_MAX_BODY + 1;
	ck_assert_int_eq(map_im_sip_to_imps(home, &in, &out, NULL), E2BIG);
	ck_assert_int_eq(map_im_imps_to_sip(home, &in, &out, NULL), E2BIG);
}
END_TEST

/* --- properties -------------------------------------------------------------- */

static size_t random_body(char *buf, size_t max, int kind)
{
	size_t n = below((unsigned)max), i = 0;

	if (kind == 0) { /* arbitrary bytes */
		for (i = 0; i < n; i++)
			buf[i] = (char)below(256);
		return n;
	}
	/* UTF-8 text, sometimes with a control character */
	while (i + 4 < n) {
		unsigned r = below(100);
		if (r < 70) {
			buf[i++] = (char)(0x20 + below(0x5f));
		} else if (r < 80) {
			buf[i++] = "\t\r\n"[below(3)];
		} else if (r < 90) {
			buf[i++] = '\xc3';
			buf[i++] = (char)(0x80 + below(0x40));
		} else if (r < 97) {
			buf[i++] = '\xe2';
			buf[i++] = (char)(0x80 + below(0x40));
			buf[i++] = (char)(0x80 + below(0x40));
		} else if (r < 99) {
			buf[i++] = '\xf0';
			buf[i++] = (char)(0x90 + below(0x30));
			buf[i++] = (char)(0x80 + below(0x40));
			buf[i++] = (char)(0x80 + below(0x40));
		} else {
			buf[i++] = (char)below(0x20);
		}
	}
	return i;
}

#define PROPERTY_ITERATIONS 5000

START_TEST(property_sip_imps_sip)
{
	static char const *const types[] = {
		"text/plain", "text/plain;charset=UTF-8", "text/plain;charset=utf-8;format=flowed",
		"text/html;charset=UTF-8", "text/plain;charset=ISO-8859-1",
		"text/plain;charset=us-ascii", "application/octet-stream", "image/jpeg",
		"message/cpim", "application/im-iscomposing+xml;x=\"q v\"",
	};
	int it;

	prng_state = 0x5eed;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		char body[600];
		size_t n = random_body(body, sizeof body, (int)below(2));
		char const *type = types[below(sizeof types / sizeof types[0])];
		struct map_im in = {type, NULL, MAP_IM_ENC_NONE, body, n};
		struct map_im *imps = NULL, *back = NULL;
		struct map_ctype *a = NULL, *b = NULL;
		char const *reason = NULL;
		size_t i;

		ck_assert_msg(map_im_sip_to_imps(home, &in, &imps, &reason) == 0, "%d: %s", it,
			      reason);
		ck_assert_msg(map_im_imps_to_sip(home, imps, &back, &reason) == 0, "%d: %s", it,
			      reason);
		/* the bytes survive */
		ck_assert_uint_eq(back->len, n);
		ck_assert(!memcmp(back->data, body, n));
		/* the type survives; the charset only changes spelling for UTF-8 text */
		ck_assert_int_eq(map_ctype_parse(home, type, &a), 0);
		ck_assert_int_eq(map_ctype_parse(home, back->content_type, &b), 0);
		ck_assert_str_eq(a->type, b->type);
		ck_assert_str_eq(a->subtype, b->subtype);
		ck_assert_uint_eq(a->nparams, b->nparams);
		for (i = 0; i < a->nparams; i++) {
			ck_assert_str_eq(a->params[i].name, b->params[i].name);
			ck_assert_str_eq(a->params[i].value, b->params[i].value);
		}
		if (imps->encoding == MAP_IM_ENC_BASE64) {
			ck_assert(!a->charset == !b->charset ||
				  (!a->charset && !strcmp(b->charset, "UTF-8")));
			if (a->charset)
				ck_assert_str_eq(a->charset, b->charset);
		} else {
			ck_assert_str_eq(a->type, "text");
			ck_assert(!a->charset || !strcasecmp(a->charset, "UTF-8") ||
				  !strcasecmp(a->charset, "us-ascii"));
			ck_assert_str_eq(b->charset, "UTF-8");
		}
		/* text the XML can carry is never base64-encoded */
		if (!strcmp(a->type, "text") && (!a->charset || !strcmp(a->charset, "UTF-8")) &&
		    map_utf8_xml_ok(body, n))
			ck_assert_int_eq(imps->encoding, MAP_IM_ENC_NONE);
		if (it % 256 == 255) { /* results live in child homes: drop them in bulk */
			su_home_unref(home);
			home = su_home_new(sizeof *home);
		}
	}
}
END_TEST

START_TEST(property_imps_sip_imps_text)
{
	static char const *const types[] = {NULL, "text/plain", "text/html",
					    "text/plain;format=flowed"};
	int it;

	prng_state = 0xfeed;
	for (it = 0; it < PROPERTY_ITERATIONS; it++) {
		char body[600];
		size_t n = random_body(body, sizeof body, 1);
		char const *type = types[below(4)];
		struct map_im in = {type, NULL, MAP_IM_ENC_NONE, body, n};
		struct map_im *sip = NULL, *back = NULL;
		char const *reason = NULL;

		if (!map_utf8_xml_ok(body, n))
			continue; /* the CSP parser would not have produced it */
		ck_assert_int_eq(map_im_imps_to_sip(home, &in, &sip, &reason), 0);
		ck_assert_int_eq(map_im_sip_to_imps(home, sip, &back, &reason), 0);
		ck_assert_int_eq(back->encoding, MAP_IM_ENC_NONE);
		ck_assert_uint_eq(back->len, n);
		ck_assert(!memcmp(back->data, body, n));
		ck_assert_str_eq(back->content_type, type ? type : "text/plain");
	}
}
END_TEST

static Suite *msg_suite(void)
{
	Suite *s = suite_create("map_msg");
	TCase *tc = tcase_create("msg");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ctype_parse_cases);
	tcase_add_test(tc, ctype_format_cases);
	tcase_add_test(tc, utf8_checks);
	tcase_add_test(tc, harry_to_jane);
	tcase_add_test(tc, jane_to_harry);
	tcase_add_test(tc, charset_given_apart_and_limits);
	tcase_add_test(tc, property_sip_imps_sip);
	tcase_add_test(tc, property_imps_sip_imps_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(msg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
