/* tests/test_csp_wbxml.c: WBXML codec of WV-CSP: tables, header, reader, writer, round trips. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp.h"
#include "imps/csp_wbxml13.h"

/* --- helpers --- */

/* Events written as a compact text: <Name ns="..">text</> */
struct rec {
	char out[16384];
	size_t len;
	int fail_at;  /* fail the n-th callback with EIO (0: never) */
	int calls;
};

static void rec_put(struct rec *r, char const *s, size_t n)
{
	if (r->len + n >= sizeof r->out)
		n = sizeof r->out - 1 - r->len;
	memcpy(r->out + r->len, s, n);
	r->len += n;
	r->out[r->len] = '\0';
}

static int rec_start(void *ctx, char const *name, char const *ns)
{
	struct rec *r = ctx;
	if (r->fail_at && ++r->calls == r->fail_at)
		return EIO;
	rec_put(r, "<", 1);
	rec_put(r, name, strlen(name));
	if (ns) {
		rec_put(r, " ns=", 4);
		rec_put(r, ns, strlen(ns));
	}
	rec_put(r, ">", 1);
	return 0;
}

static int rec_text(void *ctx, char const *s, size_t n)
{
	struct rec *r = ctx;
	if (r->fail_at && ++r->calls == r->fail_at)
		return EIO;
	rec_put(r, s, n);
	return 0;
}

static int rec_end(void *ctx)
{
	struct rec *r = ctx;
	if (r->fail_at && ++r->calls == r->fail_at)
		return EIO;
	rec_put(r, "</>", 3);
	return 0;
}

static struct csp_wbx_sink const rec_sink = {rec_start, rec_text, rec_end};

/* Decodes buf with the tables its public id selects; the events into r. */
static int decode(void const *buf, size_t len, struct rec *r, struct csp_error *err)
{
	struct csp_wbx_header h;
	int e;

	memset(r, 0, sizeof *r);
	if ((e = csp_wbx_header(buf, len, &h, err)))
		return e;
	return csp_wbx_read(&h, h.version == CSP_V13 ? &csp_wbx_lang13 : &csp_wbx_lang12,
			    &rec_sink, r, NULL, err);
}

#define DEC_OK(buf, expect)                                                              \
	do {                                                                             \
		struct rec r_;                                                           \
		struct csp_error err_ = {0};                                             \
		int e_ = decode(buf, sizeof buf, &r_, &err_);                            \
		ck_assert_msg(e_ == 0, "decode: %d %s", e_, err_.reason);                \
		ck_assert_str_eq(r_.out, expect);                                        \
	} while (0)

#define DEC_ERR(buf, code, needle)                                                       \
	do {                                                                             \
		struct rec r_;                                                           \
		struct csp_error err_ = {0};                                             \
		int e_ = decode(buf, sizeof buf, &r_, &err_);                            \
		ck_assert_msg(e_ == code, "want %d, got %d (%s)", code, e_, err_.reason); \
		ck_assert_msg(strstr(err_.reason, needle), "reason \"%s\" lacks \"%s\"",  \
			      err_.reason, needle);                                      \
	} while (0)

/* --- tables --- */

static void check_lang(struct csp_wbx_lang const *lang)
{
	for (size_t i = 0; i < lang->ntags; i++) {
		struct csp_wbx_tag const *t = &lang->tags[i];
		if (i > 0) {
			ck_assert_uint_lt(lang->tags[i - 1].code, t->code);
			ck_assert_int_lt(strcmp(lang->tags[lang->tags_by_name[i - 1]].name,
						lang->tags[lang->tags_by_name[i]].name), 0);
		}
		ck_assert_uint_ge(t->code & 0xff, 5);
		ck_assert_uint_le(t->code & 0xff, 0x3f);
		ck_assert_str_eq(csp_wbx_tag_name(lang, t->code), t->name);
		ck_assert_int_eq(csp_wbx_tag_code(lang, t->name), t->code);
	}
	for (size_t i = 0; i < lang->naliases; i++) {
		ck_assert_ptr_null(csp_wbx_tag_name(lang, 0xffff) );
		ck_assert_int_eq(csp_wbx_tag_code(lang, lang->aliases[i].name),
				 lang->aliases[i].code);
		ck_assert_ptr_nonnull(csp_wbx_tag_name(lang, lang->aliases[i].code));
	}
	for (size_t i = 0; i < lang->nvalues; i++) {
		struct csp_wbx_value const *v = &lang->values[i];
		if (i > 0)
			ck_assert_uint_lt(lang->values[i - 1].token, v->token);
		ck_assert_str_eq(csp_wbx_value_text(lang, v->token), v->text);
		if (v->enc)
			ck_assert_int_eq(csp_wbx_value_token(lang, v->text), v->token);
	}
	for (size_t i = 1; i < lang->nvalues_enc; i++)
		ck_assert_int_lt(strcmp(lang->values[lang->values_by_text[i - 1]].text,
					lang->values[lang->values_by_text[i]].text), 0);
	/* unknown input reaches the default */
	ck_assert_ptr_null(csp_wbx_tag_name(lang, 0x0004));
	ck_assert_ptr_null(csp_wbx_tag_name(lang, 0x7f05));
	ck_assert_int_eq(csp_wbx_tag_code(lang, "NoSuchElement"), -1);
	ck_assert_int_eq(csp_wbx_tag_code(lang, ""), -1);
	ck_assert_int_eq(csp_wbx_value_token(lang, "no such value"), -1);
}

START_TEST(tables_walk)
{
	check_lang(&csp_wbx_lang13);
	check_lang(&csp_wbx_lang12);
	ck_assert_uint_eq(csp_wbx_lang13.ntags, 442);
	ck_assert_uint_eq(csp_wbx_lang12.ntags, 350);
	/* the 1.3 and 1.2 tables agree on the common envelope */
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang13, "WV-CSP-Message"), 0x0009);
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang12, "WV-CSP-Message"), 0x0009);
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang13, "Login-Request"), 0x011d);
	/* renames and aliases of libwbxml's table */
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang12, "AutoSubscribe"), 0x041e);
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang12, "Auto-Subscribe"), -1);
	ck_assert_int_eq(csp_wbx_tag_code(&csp_wbx_lang12, "ReferredContent"),
			 csp_wbx_tag_code(&csp_wbx_lang12, "PreferredContent"));
	/* value tokens: 1.3 changed 0x68; 1.2 reads AOSP's 1.3 tokens too, never writes them */
	ck_assert_str_eq(csp_wbx_value_text(&csp_wbx_lang13, 0x68), "AP");
	ck_assert_str_eq(csp_wbx_value_text(&csp_wbx_lang12, 0x68), "IM");
	ck_assert_int_eq(csp_wbx_value_token(&csp_wbx_lang12, "IM"), 0x12);
	ck_assert_str_eq(csp_wbx_value_text(&csp_wbx_lang12, 0xa5), "SHTTP");
	ck_assert_int_eq(csp_wbx_value_token(&csp_wbx_lang12, "SHTTP"), -1);
	ck_assert_int_eq(csp_wbx_value_token(&csp_wbx_lang13, "SHTTP"), 0xa5);
	ck_assert_str_eq(csp_wbx_value_text(&csp_wbx_lang13, 0x3d), "GROUP_ID");
	ck_assert_int_eq(csp_wbx_value_token(&csp_wbx_lang13, "History"), -1);
	ck_assert_ptr_null(csp_wbx_value_text(&csp_wbx_lang13, 0xff));
}
END_TEST

START_TEST(tables_classes)
{
	for (size_t i = 1; i < csp_wbx_nclasses; i++)
		ck_assert_int_lt(strcmp(csp_wbx_classes[i - 1].name, csp_wbx_classes[i].name), 0);
	ck_assert_uint_eq(csp_wbx_class_of("Code"),
			  CSP_WBX_INT12 | CSP_WBX_INT13 | CSP_WBX_INTDEC);
	ck_assert_uint_eq(csp_wbx_class_of("DateTime"), CSP_WBX_DATETIME);
	ck_assert_uint_eq(csp_wbx_class_of("SearchID"), CSP_WBX_INT12 | CSP_WBX_INTDEC);
	ck_assert_uint_eq(csp_wbx_class_of("Altitude"), CSP_WBX_INTDEC);
	ck_assert_uint_eq(csp_wbx_class_of("UserID"), 0);
	ck_assert_uint_eq(csp_wbx_class_of(""), 0);
	for (size_t i = 0; i < csp_wbx_nxmlns; i++)
		for (size_t j = 0; j < csp_wbx_nxmlns; j++)
			if (i != j)
				ck_assert_uint_ne(csp_wbx_xmlns_attrs[i].token,
						  csp_wbx_xmlns_attrs[j].token);
	for (int v = CSP_V11; v <= CSP_V13; v++) {
		/* every WV namespace has an attribute-start token */
		for (char const *w = "CTP"; *w; w++) {
			char const *uri = csp_ns(v, *w);
			size_t hits = 0;
			for (size_t i = 0; i < csp_wbx_nxmlns; i++)
				hits += !strncmp(uri, csp_wbx_xmlns_attrs[i].prefix,
						 strlen(csp_wbx_xmlns_attrs[i].prefix));
			ck_assert_uint_eq(hits, 1);
		}
	}
	for (size_t i = 0; i < csp_wbx_npubids; i++) {
		ck_assert_int_eq(csp_wbx_pubid_version(0, csp_wbx_pubids[i].text),
				 csp_wbx_pubids[i].version);
		ck_assert_int_eq(csp_wbx_pubid_version(csp_wbx_pubids[i].token, NULL),
				 csp_wbx_pubids[i].version);
	}
	ck_assert_int_eq(csp_wbx_pubid_version(0x01, NULL), CSP_V_UNKNOWN);
	ck_assert_int_eq(csp_wbx_pubid_version(0, "-//OMA//DTD WV-CSP 1.4//EN"), CSP_V_UNKNOWN);
}
END_TEST

START_TEST(ints_and_dates)
{
	unsigned long v;
	unsigned char d[6];
	char text[17];
	static unsigned char const aosp[6] = {0x1f, 0x46, 0x73, 0x0e, 0xbb, 0x5a};

	ck_assert(csp_wbx_canonical_uint("0", &v) && v == 0);
	ck_assert(csp_wbx_canonical_uint("4294967295", &v) && v == 4294967295UL);
	ck_assert(!csp_wbx_canonical_uint("4294967296", &v));
	ck_assert(!csp_wbx_canonical_uint("007", &v));
	ck_assert(!csp_wbx_canonical_uint("", &v));
	ck_assert(!csp_wbx_canonical_uint("12a", &v));
	ck_assert(!csp_wbx_canonical_uint("-1", &v));
	ck_assert(!csp_wbx_canonical_uint("99999999999", &v));
	/* the AOSP encoder's test vector: 20010925T165859Z */
	ck_assert_int_eq(csp_wbx_datetime_encode("20010925T165859Z", d), 0);
	ck_assert_mem_eq(d, aosp, 6);
	ck_assert_int_eq(csp_wbx_datetime_decode(aosp, text), 0);
	ck_assert_str_eq(text, "20010925T165859Z");
	ck_assert_int_eq(csp_wbx_datetime_encode("20010925T165800", d), 0);
	ck_assert_uint_eq(d[5], 0);
	ck_assert_int_eq(csp_wbx_datetime_decode(d, text), 0);
	ck_assert_str_eq(text, "20010925T165800");
	ck_assert_int_eq(csp_wbx_datetime_encode("20010925T1340Z", d), EINVAL);
	ck_assert_int_eq(csp_wbx_datetime_encode("20011325T134000Z", d), EINVAL);
	ck_assert_int_eq(csp_wbx_datetime_encode("20010925T134060Z", d), EINVAL);
	ck_assert_int_eq(csp_wbx_datetime_encode("20010925T134000J", d), EINVAL);
	ck_assert_int_eq(csp_wbx_datetime_encode("2001-09-25T13:40", d), EINVAL);
	d[5] = '1';
	ck_assert_int_eq(csp_wbx_datetime_decode(d, text), EBADMSG);
	d[5] = 0;
	d[0] |= 0x80;
	ck_assert_int_eq(csp_wbx_datetime_decode(d, text), EBADMSG);
}
END_TEST

/* --- header --- */

START_TEST(header_forms)
{
	static unsigned char const tok[] = {0x03, 0x12, 0x6a, 0x00, 0x09};
	static unsigned char const str[] = {0x03, 0x00, 0x00, 0x6a, 0x1b,
		'-', '/', '/', 'O', 'M', 'A', '/', '/', 'D', 'T', 'D', ' ', 'W', 'V', '-',
		'C', 'S', 'P', ' ', '1', '.', '2', '/', '/', 'E', 'N', 0, 0x09};
	static unsigned char const mb[] = {0x02, 0x81, 0x00, 0x6a, 0x00, 0x09};
	struct csp_wbx_header h;
	struct csp_error err;

	ck_assert_int_eq(csp_wbx_header(tok, sizeof tok, &h, &err), 0);
	ck_assert_int_eq(h.version, CSP_V13);
	ck_assert_uint_eq(h.pubid, 0x12);
	ck_assert_ptr_null(h.pubid_text);
	ck_assert_uint_eq(h.body_len, 1);
	ck_assert_int_eq(csp_wbx_header(str, sizeof str, &h, &err), 0);
	ck_assert_int_eq(h.version, CSP_V12);
	ck_assert_str_eq(h.pubid_text, "-//OMA//DTD WV-CSP 1.2//EN");
	ck_assert_uint_eq(h.strtbl_len, 27);
	ck_assert_int_eq(csp_wbx_header(mb, sizeof mb, &h, &err), 0);
	ck_assert_uint_eq(h.pubid, 0x80);
	ck_assert_int_eq(h.version, CSP_V_UNKNOWN);
	ck_assert_uint_eq(h.wbxml_version, 2);
}
END_TEST

START_TEST(header_errors)
{
	static struct {
		unsigned char b[12];
		size_t n;
		char const *why;
	} const bad[] = {
		{{0}, 0, "empty"},
		{{0x00, 0x10, 0x6a, 0x00}, 4, "version byte"},
		{{0x04, 0x10, 0x6a, 0x00}, 4, "version byte"},
		{{0x03}, 1, "public id"},
		{{0x03, 0x90}, 2, "public id"},
		{{0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 7, "public id"},
		{{0x03, 0x90, 0x80, 0x80, 0x80, 0x00, 0x6a, 0x00}, 8, "public id"},
		{{0x03, 0x00}, 2, "index"},
		{{0x03, 0x10}, 2, "charset"},
		{{0x03, 0x10, 0x87, 0x77, 0x00}, 5, "charset"},
		{{0x03, 0x10, 0x6a}, 3, "string table length"},
		{{0x03, 0x10, 0x6a, 0x05, 'a', 0}, 6, "exceeds"},
		{{0x03, 0x10, 0x6a, 0x8f, 0xff, 0xff, 0xff, 0x7f}, 8, "exceeds"},
		{{0x03, 0x00, 0x02, 0x6a, 0x02, 'a', 0}, 7, "outside"},
		{{0x03, 0x00, 0x00, 0x6a, 0x02, 'a', 'b'}, 7, "unterminated"},
	};
	struct csp_wbx_header h;
	struct csp_error err;
	static unsigned char big[CSP_MAX_BODY + 1];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		ck_assert_int_eq(csp_wbx_header(bad[i].b, bad[i].n, &h, &err), EBADMSG);
		ck_assert_msg(strstr(err.reason, bad[i].why), "%zu: %s", i, err.reason);
	}
	big[0] = 3;
	ck_assert_int_eq(csp_wbx_header(big, sizeof big, &h, &err), E2BIG);
}
END_TEST

/* --- reader --- */

/* AOSP-style 1.3 (the layout of AOSP's imps_encoder_test statusprim, shortened). */
static unsigned char const aosp13[] = {
	0x03, 0x12, 0x6a, 0x00,
	0xc9, 0x0b, 0x03, '1', '.', '3', 0x00, 0x01,          /* WV-CSP-Message xmlns */
	0x6d,                                                  /* Session */
	0x6e, 0x70, 0x80, 0x11, 0x01, 0x6f, 0x03, 's', 'i', 'd', 0x00, 0x01, 0x01,
	0x72, 0x74, 0x76, 0x80, 0x21, 0x01, 0x75, 0x03, '7', 0x00, 0x01, 0x01,
	0xf3, 0x0d, 0x03, '1', '.', '3', 0x00, 0x01,          /* TransactionContent xmlns */
	0x71, 0x6a, 0x4b, 0xc3, 0x01, 0xc9, 0x01,              /* Status Result Code 201 */
	0x52, 0x03, 'P', 'a', 'r', 't', 0x00, 0x01,
	0x53, 0x4b, 0xc3, 0x02, 0x02, 0x13, 0x01, 0x7a, 0x03, 'w', 'v', ':', 'a', 0x00, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01,
	0x61, 0x80, 0x0b, 0x01,                                /* Poll F */
	0x01, 0x01,
};

START_TEST(read_aosp13)
{
	DEC_OK(aosp13,
	       "<WV-CSP-Message><Session><SessionDescriptor><SessionType>Inband</>"
	       "<SessionID>sid</></><Transaction><TransactionDescriptor>"
	       "<TransactionMode>Response</><TransactionID>7</></>"
	       "<TransactionContent ns=http://www.openmobilealliance.org/DTD/IMPS-TRC1.3>"
	       "<Status><Result><Code>201</><Description>Part</><DetailedResult><Code>531</>"
	       "<UserID>wv:a</></></></></></><Poll>F</></></>");
}
END_TEST

START_TEST(read_root_version)
{
	struct csp_wbx_header h;
	enum csp_version v;
	struct rec r = {0};
	static unsigned char const doc[] = {0x03, 0x01, 0x6a, 0x00, 0xc9, 0x08, 0x03, '1',
					    '.', '2', 0x00, 0x01, 0x01};

	ck_assert_int_eq(csp_wbx_header(doc, sizeof doc, &h, NULL), 0);
	ck_assert_int_eq(h.version, CSP_V_UNKNOWN);
	ck_assert_int_eq(csp_wbx_read(&h, &csp_wbx_lang13, &rec_sink, &r, &v, NULL), 0);
	ck_assert_int_eq(v, CSP_V12);
	ck_assert_str_eq(r.out, "<WV-CSP-Message></>");
}
END_TEST

/* Strings: STR_T, ENTITY, EXT_T_0, literal tag with xmlns, Latin-1, switch page. */
START_TEST(read_strings)
{
	static unsigned char const doc[] = {
		0x03, 0x12, 0x04, 0x19,                         /* ISO-8859-1 */
		'C', 'a', 'f', 0xe9, 0x00,                      /* 0 */
		'x', 'm', 'l', 'n', 's', 0x00,                  /* 5 */
		'V', 'e', 'n', 'd', 'o', 'r', 'X', 0x00,        /* 11 */
		'u', 'r', 'n', ':', 'x', 0x00,                  /* 19 */
		0x49,
		0x52, 0x83, 0x00, 0x02, 0x81, 0x20, 0x02, 0x2a, 0x80, 0x0e, 0x01,
		0xc4, 0x0b, 0x04, 0x05, 0x83, 0x13, 0x01, 0x03, 'x', 0x00, 0x01,
		0x00, 0x01, 0x5d, 0x01, 0x4a, 0x01,
		0x01,
	};
	DEC_OK(doc, "<WV-CSP-Message><Description>Caf\xc3\xa9\xc2\xa0*http://</>"
		    "<VendorX ns=urn:x>x</><Login-Request></><CapabilityList></></>");
}
END_TEST

START_TEST(read_opaque)
{
	static unsigned char const doc[] = {
		0x03, 0x11, 0x6a, 0x00, 0x49,
		0x4b, 0xc3, 0x00, 0x01,                               /* Code: empty = 0 */
		0x4b, 0xc3, 0x06, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x01, /* leading zeros */
		0x51, 0xc3, 0x06, 0x1f, 0x46, 0x73, 0x0e, 0x80, 0x5a, 0x01, /* second 0 */
		0x4d, 0xc3, 0x04, 0x00, 0xff, 0x10, 0x41, 0x01,       /* ContentData */
		0x01,
	};
	DEC_OK(doc, "<WV-CSP-Message><Code>0</><Code>4294967295</>"
		    "<DateTime>20010925T165800Z</><ContentData>AP8QQQ==</></>");
}
END_TEST

START_TEST(read_empty_and_nocontent)
{
	static unsigned char const doc[] = {0x03, 0x10, 0x6a, 0x00, 0x89, 0x05, 0x03, '1', '.',
					    '1', 0x00, 0x01};
	DEC_OK(doc, "<WV-CSP-Message></>");
}
END_TEST

/* Each broken document fails with a clean error that says why. */
START_TEST(read_errors)
{
	static unsigned char const unknown_tag[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x04, 0x01};
	static unsigned char const unknown_tag2[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x00, 0x0f,
						     0x45, 0x01};
	static unsigned char const unknown_val[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x80, 0x5e,
						    0x01};
	static unsigned char const big_val[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x80, 0x82, 0x00,
						0x01};
	static unsigned char const bad_mb[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x80, 0x80, 0x80,
					       0x80, 0x80, 0x80, 0x00, 0x01};
	static unsigned char const mb_overflow[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x83, 0x9f,
						    0xff, 0xff, 0xff, 0x7f, 0x01};
	static unsigned char const strt_range[] = {0x03, 0x12, 0x6a, 0x02, 'a', 0x00, 0x49,
						   0x83, 0x02, 0x01};
	static unsigned char const strt_unterm[] = {0x03, 0x12, 0x6a, 0x02, 'a', 'b', 0x49,
						    0x83, 0x00, 0x01};
	static unsigned char const literal_range[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x04, 0x05,
						      0x01};
	static unsigned char const literal_name[] = {0x03, 0x12, 0x6a, 0x04, 'a', '>', 'b', 0x00,
						     0x49, 0x04, 0x00, 0x01};
	static unsigned char const literal_colon[] = {0x03, 0x12, 0x6a, 0x04, 'a', ':', 'b',
						      0x00, 0x49, 0x04, 0x00, 0x01};
	static unsigned char const opaque_len[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x4b, 0xc3,
						   0x8f, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x01};
	static unsigned char const opaque_int5[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x4b, 0xc3,
						    0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01};
	static unsigned char const opaque_str[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0xc3,
						   0x01, 0x41, 0x01, 0x01};
	static unsigned char const opaque_date[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x51, 0xc3,
						    0x02, 0x01, 0x02, 0x01, 0x01};
	static unsigned char const entity_big[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x02,
						   0xc4, 0x80, 0x00, 0x01, 0x01};
	static unsigned char const entity_huge[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x02,
						    0x88, 0x80, 0x80, 0x80, 0x00, 0x01, 0x01};
	static unsigned char const entity_nul[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x02,
						   0x00, 0x01, 0x01};
	static unsigned char const entity_surrogate[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a,
							 0x02, 0x83, 0xb0, 0x00, 0x01, 0x01};
	static unsigned char const bad_utf8[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x03, 0xc3,
						 0x28, 0x00, 0x01, 0x01};
	static unsigned char const overlong[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x03, 0xc0,
						 0xaf, 0x00, 0x01, 0x01};
	static unsigned char const control[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x03, 0x01,
						0x00, 0x01, 0x01};
	static unsigned char const ascii8[] = {0x03, 0x12, 0x03, 0x00, 0x49, 0x7a, 0x03, 0xc3,
					       0xa9, 0x00, 0x01, 0x01};
	static unsigned char const unterm[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x7a, 0x03, 'a',
					       'b'};
	static unsigned char const trailing[] = {0x03, 0x12, 0x6a, 0x00, 0x09, 0x09};
	static unsigned char const pi[] = {0x03, 0x12, 0x6a, 0x00, 0x43, 0x05, 0x01, 0x09};
	static unsigned char const pi_in[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x43, 0x05, 0x01,
					      0x01};
	static unsigned char const ext_i[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x40, 'a', 0x00,
					      0x01};
	static unsigned char const ext_0[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0xc0, 0x01};
	static unsigned char const attr_unknown[] = {0x03, 0x12, 0x6a, 0x00, 0xc9, 0x0e, 0x01,
						     0x01};
	static unsigned char const attr_page[] = {0x03, 0x12, 0x6a, 0x00, 0xc9, 0x00, 0x01, 0x05,
						  0x01, 0x01};
	static unsigned char const attr_value[] = {0x03, 0x12, 0x6a, 0x00, 0xc9, 0x05, 0x85, 0x01,
						   0x01};
	static unsigned char const not_elem[] = {0x03, 0x12, 0x6a, 0x00, 0x02};
	static unsigned char const no_end[] = {0x03, 0x12, 0x6a, 0x00, 0x49, 0x6d};

	DEC_ERR(unknown_tag, EBADMSG, "string table index 1 out of range");
	DEC_ERR(unknown_tag2, EBADMSG, "unknown tag 0x05 on code page 15");
	DEC_ERR(unknown_val, EBADMSG, "unknown value token 0x5e");
	DEC_ERR(big_val, EBADMSG, "unknown value token");
	DEC_ERR(bad_mb, EBADMSG, "mb_u_int32");
	DEC_ERR(mb_overflow, EBADMSG, "mb_u_int32");
	DEC_ERR(strt_range, EBADMSG, "out of range");
	DEC_ERR(strt_unterm, EBADMSG, "unterminated string");
	DEC_ERR(literal_range, EBADMSG, "out of range");
	DEC_ERR(literal_name, EBADMSG, "not an XML name");
	DEC_ERR(literal_colon, EBADMSG, "not an XML name");
	DEC_ERR(opaque_len, EBADMSG, "exceeds the document");
	DEC_ERR(opaque_int5, EBADMSG, "exceeds 32 bits");
	DEC_ERR(opaque_str, EBADMSG, "OPAQUE data in <UserID>");
	DEC_ERR(opaque_date, EBADMSG, "bad OPAQUE date");
	DEC_ERR(entity_big, EBADMSG, "ENTITY 1114112");
	DEC_ERR(entity_huge, EBADMSG, "ENTITY");
	DEC_ERR(entity_nul, EBADMSG, "ENTITY 0");
	DEC_ERR(entity_surrogate, EBADMSG, "ENTITY");
	DEC_ERR(bad_utf8, EBADMSG, "invalid UTF-8");
	DEC_ERR(overlong, EBADMSG, "invalid UTF-8");
	DEC_ERR(control, EBADMSG, "U+0001");
	DEC_ERR(ascii8, EBADMSG, "US-ASCII");
	DEC_ERR(unterm, EBADMSG, "unterminated inline string");
	DEC_ERR(trailing, EBADMSG, "after the root element");
	DEC_ERR(pi, EBADMSG, "processing instructions");
	DEC_ERR(pi_in, EBADMSG, "processing instructions");
	DEC_ERR(ext_i, EBADMSG, "extension token 0x40");
	DEC_ERR(ext_0, EBADMSG, "extension token 0xc0");
	DEC_ERR(attr_unknown, EBADMSG, "unknown attribute token 0x0e");
	DEC_ERR(attr_page, EBADMSG, "page 1");
	DEC_ERR(attr_value, EBADMSG, "attribute value token 0x85");
	DEC_ERR(not_elem, EBADMSG, "element was expected");
	DEC_ERR(no_end, EBADMSG, "truncated");
}
END_TEST

/* Every truncation of a valid document is a clean EBADMSG. */
START_TEST(read_truncated)
{
	for (size_t n = 0; n < sizeof aosp13; n++) {
		struct rec r;
		struct csp_error err = {0};
		int e = decode(aosp13, n, &r, &err);
		ck_assert_msg(e == EBADMSG, "%zu bytes: %d", n, e);
		ck_assert_str_ne(err.reason, "");
	}
}
END_TEST

/* A sink error stops the reader and is returned as is. */
START_TEST(read_sink_error)
{
	for (int k = 1; k < 40; k++) {
		struct csp_wbx_header h;
		struct rec r = {.fail_at = k};
		ck_assert_int_eq(csp_wbx_header(aosp13, sizeof aosp13, &h, NULL), 0);
		ck_assert_int_eq(csp_wbx_read(&h, &csp_wbx_lang13, &rec_sink, &r, NULL, NULL), EIO);
	}
}
END_TEST

static size_t nest(unsigned char *b, int depth)
{
	size_t n = 0;

	b[n++] = 0x03, b[n++] = 0x12, b[n++] = 0x6a, b[n++] = 0x00;
	for (int i = 0; i < depth; i++)
		b[n++] = 0x6d;  /* Session with content */
	for (int i = 0; i < depth; i++)
		b[n++] = 0x01;
	return n;
}

START_TEST(read_limits)
{
	static unsigned char b[CSP_MAX_BODY];
	struct csp_wbx_header h;
	struct csp_error err;
	struct rec r;
	size_t n;

	n = nest(b, CSP_MAX_DEPTH);
	ck_assert_int_eq(decode(b, n, &r, &err), 0);
	n = nest(b, CSP_MAX_DEPTH + 1);
	ck_assert_int_eq(decode(b, n, &r, &err), E2BIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "deeper"));
	n = nest(b, 100000);
	ck_assert_int_eq(decode(b, n, &r, &err), E2BIG);

	/* too many elements */
	n = 0;
	b[n++] = 0x03, b[n++] = 0x12, b[n++] = 0x6a, b[n++] = 0x00, b[n++] = 0x49;
	for (int i = 0; i < CSP_MAX_ELEMENTS; i++)
		b[n++] = 0x2d;  /* Session, empty */
	b[n++] = 0x01;
	ck_assert_int_eq(decode(b, n, &r, &err), E2BIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "elements"));

	/* one text too long: 64 KB string referenced twice */
	n = 0;
	b[n++] = 0x03, b[n++] = 0x12, b[n++] = 0x6a;
	b[n++] = 0x84, b[n++] = 0x80, b[n++] = 0x01;  /* 65537 bytes */
	memset(b + n, 'a', 65536);
	n += 65536;
	b[n++] = 0;
	b[n++] = 0x49, b[n++] = 0x52, b[n++] = 0x83, b[n++] = 0x00, b[n++] = 0x03;
	b[n++] = 'b', b[n++] = 0, b[n++] = 0x01, b[n++] = 0x01;
	ck_assert_int_eq(csp_wbx_header(b, n, &h, &err), 0);
	memset(&r, 0, sizeof r);
	ck_assert_int_eq(csp_wbx_read(&h, &csp_wbx_lang13, &rec_sink, &r, NULL, &err), E2BIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "65536 characters"));

	/* total text: one 60 KB string referenced by many elements */
	n = 0;
	b[n++] = 0x03, b[n++] = 0x12, b[n++] = 0x6a;
	b[n++] = 0x83, b[n++] = 0xd4, b[n++] = 0x61;  /* 60001 bytes */
	memset(b + n, 'a', 60000);
	n += 60000;
	b[n++] = 0;
	b[n++] = 0x49;
	for (int i = 0; i < 20; i++)
		b[n++] = 0x52, b[n++] = 0x83, b[n++] = 0x00, b[n++] = 0x01;
	b[n++] = 0x01;
	ck_assert_int_eq(csp_wbx_header(b, n, &h, &err), 0);
	ck_assert_int_eq(csp_wbx_read(&h, &csp_wbx_lang13, &rec_sink, &r, NULL, &err), E2BIG);
	ck_assert_ptr_nonnull(strstr(err.reason, "bytes of text"));
}
END_TEST

/* --- writer --- */

struct ev {
	char kind;         /* 's', 't', 'e' */
	char const *a, *b;
};

static int write_events(struct ev const *ev, enum csp_version v, enum csp_wbx_style style,
			unsigned char **outp, size_t *lenp, su_home_t *home)
{
	struct csp_wbx_writer *w;
	int e = csp_wbx_writer_new(v == CSP_V13 ? &csp_wbx_lang13 : &csp_wbx_lang12, v, style,
				   &w);

	ck_assert_int_eq(e, 0);
	for (; ev->kind && !e; ev++) {
		if (ev->kind == 's')
			e = csp_wbx_writer_sink.start(w, ev->a, ev->b);
		else if (ev->kind == 't')
			e = csp_wbx_writer_sink.text(w, ev->a, strlen(ev->a));
		else
			e = csp_wbx_writer_sink.end(w);
	}
	if (!e)
		e = csp_wbx_writer_finish(w, home, outp, lenp);
	csp_wbx_writer_free(w);
	return e;
}

static struct ev const status13[] = {
	{'s', "WV-CSP-Message", "http://www.openmobilealliance.org/DTD/IMPS-CSP1.3"},
	{'s', "Session", NULL},
	{'s', "SessionDescriptor", NULL},
	{'s', "SessionType", NULL}, {'t', "Inband", NULL}, {'e', NULL, NULL},
	{'s', "SessionID", NULL}, {'t', "sid", NULL}, {'e', NULL, NULL},
	{'e', NULL, NULL},
	{'s', "Transaction", NULL},
	{'s', "TransactionDescriptor", NULL},
	{'s', "TransactionMode", NULL}, {'t', "Response", NULL}, {'e', NULL, NULL},
	{'s', "TransactionID", NULL}, {'t', "7", NULL}, {'e', NULL, NULL},
	{'e', NULL, NULL},
	{'s', "TransactionContent", "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3"},
	{'s', "Status", NULL}, {'s', "Result", NULL},
	{'s', "Code", NULL}, {'t', "201", NULL}, {'e', NULL, NULL},
	{'s', "Description", NULL}, {'t', "Part", NULL}, {'e', NULL, NULL},
	{'s', "DetailedResult", NULL},
	{'s', "Code", NULL}, {'t', "531", NULL}, {'e', NULL, NULL},
	{'s', "UserID", NULL}, {'t', "wv:a", NULL}, {'e', NULL, NULL},
	{'e', NULL, NULL}, {'e', NULL, NULL}, {'e', NULL, NULL}, {'e', NULL, NULL},
	{'e', NULL, NULL},
	{'s', "Poll", NULL}, {'t', "F", NULL}, {'e', NULL, NULL},
	{'e', NULL, NULL}, {'e', NULL, NULL},
	{0, NULL, NULL},
};

/* Our 1.3 writer produces the AOSP encoder's bytes. */
START_TEST(write_aosp13)
{
	su_home_t *home = su_home_new(sizeof *home);
	unsigned char *out;
	size_t len;

	ck_assert_int_eq(write_events(status13, CSP_V13, CSP_WBX_AOSP, &out, &len, home), 0);
	ck_assert_uint_eq(len, sizeof aosp13);
	ck_assert_mem_eq(out, aosp13, len);
	su_home_unref(home);
}
END_TEST

START_TEST(write_styles)
{
	static struct ev const ev[] = {
		{'s', "WV-CSP-Message", "http://www.openmobilealliance.org/DTD/WV-CSP1.2"},
		{'s', "Code", NULL}, {'t', "007", NULL}, {'e', NULL, NULL},
		{'s', "Code", NULL}, {'t', "0", NULL}, {'e', NULL, NULL},
		{'s', "DateTime", NULL}, {'t', "20010925T165859Z", NULL}, {'e', NULL, NULL},
		{'s', "SessionType", NULL}, {'t', "Outband", NULL}, {'e', NULL, NULL},
		{'s', "ClientTypeDetail", "urn:v"}, {'t', "PC", NULL},
		{'s', "Sub", NULL}, {'e', NULL, NULL}, {'e', NULL, NULL},
		{'s', "Login-Request", NULL}, {'e', NULL, NULL},
		{'e', NULL, NULL},
		{0, NULL, NULL},
	};
	static unsigned char const plain[] = {
		0x03, 0x00, 0x1b, 0x6a, 0x36,
		'C', 'l', 'i', 'e', 'n', 't', 'T', 'y', 'p', 'e', 'D', 'e', 't', 'a', 'i', 'l', 0,
		'x', 'm', 'l', 'n', 's', 0,
		'S', 'u', 'b', 0,
		'-', '/', '/', 'O', 'M', 'A', '/', '/', 'D', 'T', 'D', ' ', 'W', 'V', '-', 'C',
		'S', 'P', ' ', '1', '.', '2', '/', '/', 'E', 'N', 0,
		0x49,
		0x4b, 0x03, '0', '0', '7', 0x00, 0x01,
		0x4b, 0xc3, 0x01, 0x00, 0x01,
		0x51, 0x03, '2', '0', '0', '1', '0', '9', '2', '5', 'T', '1', '6', '5', '8', '5',
		'9', 'Z', 0x00, 0x01,
		0x70, 0x80, 0x19, 0x01,
		0xc4, 0x00, 0x04, 0x11, 0x03, 'u', 'r', 'n', ':', 'v', 0x00, 0x01,
		0x03, 'P', 'C', 0x00, 0x04, 0x17, 0x01,
		0x00, 0x01, 0x1d,
		0x01,
	};
	su_home_t *home = su_home_new(sizeof *home);
	unsigned char *out;
	size_t len;
	struct rec r;
	struct csp_error err;

	ck_assert_int_eq(write_events(ev, CSP_V12, CSP_WBX_PLAIN, &out, &len, home), 0);
	ck_assert_uint_eq(len, sizeof plain);
	ck_assert_mem_eq(out, plain, len);
	ck_assert_int_eq(decode(out, len, &r, &err), 0);
	ck_assert_str_eq(r.out, "<WV-CSP-Message><Code>007</><Code>0</>"
				"<DateTime>20010925T165859Z</><SessionType>Outband</>"
				"<ClientTypeDetail ns=urn:v>PC<Sub></></><Login-Request></></>");

	/* AOSP style: integers and dates as OPAQUE, the xmlns as a token */
	ck_assert_int_eq(write_events(ev, CSP_V12, CSP_WBX_AOSP, &out, &len, home), 0);
	ck_assert_uint_eq(out[1], 0x11);
	ck_assert_ptr_nonnull(memmem(out, len, "\xc9\x08\x03" "1.2", 6));
	ck_assert_ptr_nonnull(memmem(out, len, "\x51\xc3\x06\x1f\x46\x73\x0e\xbb\x5a\x01", 10));
	ck_assert_int_eq(decode(out, len, &r, &err), 0);
	ck_assert_str_eq(r.out, "<WV-CSP-Message><Code>007</><Code>0</>"
				"<DateTime>20010925T165859Z</><SessionType>Outband</>"
				"<ClientTypeDetail ns=urn:v>PC<Sub></></><Login-Request></></>");

	/* bare: strings only */
	ck_assert_int_eq(write_events(ev, CSP_V11, CSP_WBX_BARE, &out, &len, home), 0);
	ck_assert_uint_eq(out[1], 0x10);
	ck_assert_ptr_null(memchr(out, 0xc3, len));
	ck_assert_ptr_null(memchr(out, 0x80, len));
	ck_assert_int_eq(decode(out, len, &r, &err), 0);
	su_home_unref(home);
}
END_TEST

START_TEST(write_errors)
{
	static struct ev const open_end[] = {{'s', "Session", NULL}, {0, NULL, NULL}};
	static struct ev const extra_end[] = {{'s', "Session", NULL}, {'e', NULL, NULL},
					      {'e', NULL, NULL}, {0, NULL, NULL}};
	static struct ev const root_text[] = {{'t', "x", NULL}, {0, NULL, NULL}};
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_wbx_writer *w;
	unsigned char *out;
	size_t len;

	ck_assert_int_eq(write_events(open_end, CSP_V13, CSP_WBX_AOSP, &out, &len, home), EINVAL);
	ck_assert_int_eq(write_events(extra_end, CSP_V13, CSP_WBX_AOSP, &out, &len, home), EINVAL);
	ck_assert_int_eq(write_events(root_text, CSP_V13, CSP_WBX_AOSP, &out, &len, home), EINVAL);
	ck_assert_int_eq(csp_wbx_writer_new(&csp_wbx_lang13, CSP_V_UNKNOWN, CSP_WBX_AOSP, &w),
			 EINVAL);
	ck_assert_int_eq(csp_wbx_writer_new(&csp_wbx_lang13, CSP_V13, CSP_WBX_AOSP, &w), 0);
	for (int i = 0; i <= CSP_MAX_DEPTH; i++)
		ck_assert_int_eq(csp_wbx_writer_sink.start(w, "Session", NULL), 0);
	ck_assert_int_eq(csp_wbx_writer_sink.start(w, "Session", NULL), E2BIG);
	csp_wbx_writer_free(w);
	su_home_unref(home);
}
END_TEST


/* --- the public API: csp_parse_wbxml, csp_build_wbxml, csp_sniff, csp_parse --- */

#define SAMPLES SRCDIR "/tests/data/samples"
#define VECTORS SRCDIR "/tests/data/wbxml"

static su_home_t *home;

static void setup(void)
{
	home = su_home_new(sizeof *home);
	ck_assert_ptr_nonnull(home);
}

static void teardown(void)
{
	su_home_unref(home);
	home = NULL;
}

/* A whole file in the test home (NUL-terminated); NULL when it cannot be read. */
static char *slurp(char const *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = su_alloc(home, (size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*lenp = (size_t)n;
	} else {
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static struct csp_msg *xml_msg(char const *path)
{
	struct csp_msg *m = NULL;
	struct csp_error err = {0};
	size_t len;
	char *buf = slurp(path, &len);

	ck_assert_msg(buf != NULL, "cannot read %s", path);
	if (csp_parse_xml(home, buf, len, &m, &err))
		return NULL;
	return m;
}

/* The vectors of tests/data/wbxml/INDEX decode to what the XML of their source gives. */
START_TEST(api_vectors)
{
	size_t len, n = 0, libwbxml = 0;
	char *index = slurp(VECTORS "/INDEX", &len), *line, *save = NULL;

	ck_assert_ptr_nonnull(index);
	for (line = strtok_r(index, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char vec[256], src[256], how[64], *path;
		struct csp_msg *mx, *mw = NULL, *mp = NULL;
		struct csp_error err = {0};
		enum csp_encoding enc = CSP_ENC_XML;
		unsigned char *buf;
		size_t blen;

		if (line[0] == '#')
			continue;
		ck_assert_int_eq(sscanf(line, "%255s %255s %63s", vec, src, how), 3);
		mx = xml_msg(su_sprintf(home, "%s/%s", SAMPLES, src));
		ck_assert_msg(mx != NULL, "%s does not parse", src);
		path = su_sprintf(home, "%s/%s", VECTORS, vec);
		buf = (unsigned char *)slurp(path, &blen);
		ck_assert_ptr_nonnull(buf);
		ck_assert_msg(csp_parse_wbxml(home, buf, blen, &mw, &err) == 0, "%s: %s", vec,
			      err.reason);
		ck_assert_msg(csp_msg_equal(mx, mw), "%s differs from %s", vec, src);
		/* the public id form the tool writes */
		if (!strcmp(how, "xml2wbxml")) {
			libwbxml++;
			ck_assert_uint_eq(buf[1], mx->version == CSP_V11 ? 0x10 : 0x00);
		} else {
			struct csp_wbx_header h;
			ck_assert_uint_eq(buf[1], 0x10 + (mx->version - CSP_V11));
			ck_assert_int_eq(csp_wbx_header(buf, blen, &h, NULL), 0);
			ck_assert_uint_eq(h.body[0], 0xc9); /* root with the xmlns attribute */
		}
		/* dispatch by content type and by bytes */
		ck_assert_int_eq(csp_parse(home, buf, blen, "application/vnd.wv.csp.wbxml", &mp,
					   &enc, &err), 0);
		ck_assert_int_eq(enc, CSP_ENC_WBXML);
		ck_assert(csp_msg_equal(mx, mp));
		n++;
	}
	ck_assert_uint_ge(n, 30);
	ck_assert_uint_ge(libwbxml, 16);
}
END_TEST

struct rt_count {
	size_t files, skipped, via_libwbxml, fallback;
};

/* XML sample -> msg -> WBXML -> msg is the (canonical) msg; 1.1/1.2 go through
 * libwbxml unless it cannot write the message. */
static void roundtrip_dir(char const *dir, enum csp_version want, struct rt_count *c)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((ent = readdir(d))) {
		size_t n = strlen(ent->d_name), wlen, llen, xlen;
		struct csp_msg *m, *m2 = NULL;
		struct csp_error err = {0};
		unsigned char *w, *lw;
		char *path, *xml;
		int e;

		if (n < 5 || strcmp(ent->d_name + n - 4, ".xml"))
			continue;
		path = su_sprintf(home, "%s/%s", dir, ent->d_name);
		if (!(m = xml_msg(path))) {
			c->skipped++; /* empty bodies, templates with {placeholders} */
			continue;
		}
		c->files++;
		ck_assert_int_eq(m->version, want);
		ck_assert_msg(csp_build_wbxml(home, m, &w, &wlen) == 0, "%s: build", path);
		ck_assert_uint_eq(w[0], 0x03);
		e = csp_parse_wbxml(home, w, wlen, &m2, &err);
		ck_assert_msg(e == 0, "%s: reparse: %s", path, err.reason);
		csp_msg_canon(m);
		ck_assert_msg(csp_msg_equal(m, m2), "%s: round trip differs", path);
		if (want == CSP_V13)
			continue;
		ck_assert_int_eq(csp_build_xml(home, m, &xml, &xlen), 0);
		e = csp_wbx_build_libwbxml(home, xml, xlen, want, &lw, &llen);
		if (!e) {
			c->via_libwbxml++;
			ck_assert_msg(llen == wlen && !memcmp(lw, w, wlen), "%s: not libwbxml's",
				      path);
		} else {
			ck_assert_int_eq(e, ENOTSUP);
			c->fallback++;
		}
	}
	closedir(d);
}

START_TEST(api_roundtrip_wv11)
{
	struct rt_count c = {0};

	roundtrip_dir(SAMPLES "/spec-wv11-examples", CSP_V11, &c);
	ck_assert_uint_eq(c.files, 60);
	ck_assert_uint_eq(c.via_libwbxml, 60);
}
END_TEST

START_TEST(api_roundtrip_aosp12)
{
	struct rt_count c = {0};

	roundtrip_dir(SAMPLES "/aosp-client_scripted-server_csp12", CSP_V12, &c);
	ck_assert_uint_ge(c.files, 40);
	ck_assert_uint_eq(c.fallback, 0);
}
END_TEST

START_TEST(api_roundtrip_colibria)
{
	struct rt_count c = {0};

	/* vendor extensions in foreign namespaces: libwbxml cannot write them */
	roundtrip_dir(SAMPLES "/movistar-colibria-client-templates_csp12", CSP_V12, &c);
	ck_assert_uint_ge(c.files, 5);
	ck_assert_uint_ge(c.fallback, 1);
	ck_assert_uint_ge(c.via_libwbxml, 1);
}
END_TEST

START_TEST(api_roundtrip_aosp13)
{
	struct rt_count c = {0};

	roundtrip_dir(SAMPLES "/aosp-client_scripted-server_csp13-4way", CSP_V13, &c);
	ck_assert_uint_ge(c.files, 30);
}
END_TEST

static struct csp_msg *wbxml_msg(void const *buf, size_t len, int want, char const *needle)
{
	struct csp_msg *m = NULL;
	struct csp_error err = {0};
	int e = csp_parse_wbxml(home, buf, len, &m, &err);

	ck_assert_msg(e == want, "want %d, got %d (%s)", want, e, err.reason);
	if (needle)
		ck_assert_msg(strstr(err.reason, needle), "\"%s\" lacks \"%s\"", err.reason,
			      needle);
	if (e)
		ck_assert_int_eq(err.line, 0);
	return e ? NULL : m;
}

/* A minimal message around one primitive; only its content varies below. */
#define HEAD(pubid) 0x03, pubid, 0x6a, 0x00
#define ENVELOPE_OPEN                                                                    \
	0x6d, 0x6e, 0x70, 0x80, 0x19, 0x01, 0x01, 0x72, 0x74, 0x76, 0x80, 0x20, 0x01, 0x75,   \
		0x03, '1', 0x00, 0x01, 0x01, 0x73
#define ENVELOPE_CLOSE 0x01, 0x01, 0x01, 0x01

static char const *text_of(struct csp_msg const *m, char const *a, char const *b)
{
	struct csp_node const *n = m->trans->content;

	ck_assert_str_eq(n->name, a);
	return b ? csp_node_text(n, b) : n->text;
}

START_TEST(api_pubid_forms)
{
	/* the public id as the AOSP literal, with the xmlns attribute */
	static unsigned char const lit11[] = {
		0x03, 0x00, 0x00, 0x6a, 0x24,
		'-', '/', '/', 'W', 'I', 'R', 'E', 'L', 'E', 'S', 'S', 'V', 'I', 'L', 'L', 'A', 'G',
		'E', '/', '/', 'D', 'T', 'D', ' ', 'C', 'S', 'P', ' ', '1', '.', '1', '/', '/', 'E',
		'N', 0x00,
		0xc9, 0x05, 0x03, '1', '.', '1', 0x00, 0x01, ENVELOPE_OPEN,
		0x00, 0x01, 0x62, 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	/* unknown public id (1): the root xmlns names the version */
	static unsigned char const unk12[] = {HEAD(0x01), 0xc9, 0x08, 0x03, '1', '.', '2', 0x00,
		0x01, ENVELOPE_OPEN, 0x00, 0x01, 0x62, 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	/* 0x10 but a 1.2 xmlns (AOSP's sendmsgreq1 test vector does this): the id wins */
	static unsigned char const clash[] = {HEAD(0x10), 0xc9, 0x08, 0x03, '1', '.', '2', 0x00,
		0x01, ENVELOPE_OPEN, 0x00, 0x01, 0x62, 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	/* neither */
	static unsigned char const none[] = {HEAD(0x01), 0x49, ENVELOPE_OPEN, 0x00, 0x01, 0x62,
		0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	static unsigned char const other[] = {0x03, 0x00, 0x00, 0x6a, 0x04, 'x', 'y', 'z', 0x00,
		0x49, 0x01};
	/* 1.3 token without xmlns */
	static unsigned char const tok13[] = {HEAD(0x12), 0x49, ENVELOPE_OPEN, 0x00, 0x01, 0x62,
		0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	struct csp_msg *m;

	m = wbxml_msg(lit11, sizeof lit11, 0, NULL);
	ck_assert_int_eq(m->version, CSP_V11);
	ck_assert_str_eq(m->trans->content->name, "Polling-Request");
	ck_assert_int_eq(m->trans->mode, CSP_REQUEST);
	ck_assert_str_eq(m->trans->id, "1");
	ck_assert_int_eq(m->session_type, CSP_OUTBAND);
	m = wbxml_msg(unk12, sizeof unk12, 0, NULL);
	ck_assert_int_eq(m->version, CSP_V12);
	m = wbxml_msg(clash, sizeof clash, 0, NULL);
	ck_assert_int_eq(m->version, CSP_V11);
	wbxml_msg(none, sizeof none, EBADMSG, "public id 0x1");
	wbxml_msg(other, sizeof other, EBADMSG, "public id \"xyz\"");
	m = wbxml_msg(tok13, sizeof tok13, 0, NULL);
	ck_assert_int_eq(m->version, CSP_V13);
	ck_assert_str_eq(m->trans->content->name, "Polling-Request");
}
END_TEST

/* What libwbxml alone gets wrong in 1.1/1.2 comes out right. */
START_TEST(api_libwbxml_quirks)
{
	/* 1.2 ClientCapability-Request as AOSP writes it: 1.3 value tokens SHTTP 0xa5,
	 * SSMS 0xa4 (libwbxml: empty elements), OPAQUE integers */
	static unsigned char const cap[] = {HEAD(0x11), 0xc9, 0x08, 0x03, '1', '.', '2', 0x00,
		0x01, ENVELOPE_OPEN,
		0x00, 0x01, 0x4c, 0x4a, 0x00, 0x05, 0x4f, 0x80, 0x6f, 0x01, 0x00, 0x03, 0x4d,
		0xc3, 0x02, 0x7f, 0xff, 0x01, 0x4c, 0xc3, 0x01, 0x01, 0x01, 0x50, 0x80, 0x44, 0x01,
		0x50, 0x80, 0x81, 0x25, 0x01, 0x50, 0x80, 0x81, 0x24, 0x01, 0x01, 0x01,
		ENVELOPE_CLOSE};
	/* 1.2 NewMessage with OPAQUE DateTime, second 0 (libwbxml drops the seconds) */
	static unsigned char const date[] = {HEAD(0x11), 0x49, ENVELOPE_OPEN,
		0x00, 0x06, 0x55, 0x53, 0x00, 0x00, 0x5b, 0x03, 'm', '1', 0x00, 0x01,
		0x51, 0xc3, 0x06, 0x1f, 0x46, 0x73, 0x0e, 0x80, 0x5a, 0x01, 0x01, 0x01,
		ENVELOPE_CLOSE};
	/* ENTITY 2^31 (libwbxml: assert() abort) and 0x110000 (libwbxml: bad UTF-8) */
	static unsigned char const ent1[] = {HEAD(0x10), 0x49, ENVELOPE_OPEN, 0x00, 0x01, 0x62,
		0x02, 0x88, 0x80, 0x80, 0x80, 0x00, 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	static unsigned char const ent2[] = {HEAD(0x10), 0x49, ENVELOPE_OPEN, 0x00, 0x01, 0x62,
		0x02, 0xc4, 0x80, 0x00, 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	/* a LITERAL name libwbxml would copy raw into its XML */
	static unsigned char const inject[] = {0x03, 0x10, 0x6a, 0x05, 'a', '>', '<', 'b', 0x00,
		0x49, ENVELOPE_OPEN, 0x04, 0x00, ENVELOPE_CLOSE};
	/* raw OPAQUE in a string element (libwbxml: the bytes, NUL included) */
	static unsigned char const opq[] = {HEAD(0x10), 0x49, ENVELOPE_OPEN, 0x00, 0x01, 0x62,
		0xc3, 0x03, 'A', 0x00, 'B', 0x01, 0x00, 0x00, ENVELOPE_CLOSE};
	/* ENTITY and a non-ASCII character survive the libwbxml path */
	static unsigned char const chars[] = {HEAD(0x10), 0x49, ENVELOPE_OPEN, 0x00, 0x06, 0x57,
		0x00, 0x00, 0x4d, 0x03, 'a', ' ', '<', '&', 0x00, 0x02, 0x81, 0x20, 0x03, 0xc3,
		0xa9, ' ', ' ', 'z', 0x00, 0x01, 0x01, ENVELOPE_CLOSE};
	struct csp_msg *m;
	struct csp_node const *cl;

	m = wbxml_msg(cap, sizeof cap, 0, NULL);
	cl = csp_node_find(m->trans->content, "CapabilityList");
	ck_assert_ptr_nonnull(cl);
	ck_assert_str_eq(csp_node_text(cl, "ClientType"), "MOBILE_PHONE");
	ck_assert_str_eq(csp_node_text(cl, "ParserSize"), "32767");
	ck_assert_str_eq(csp_node_text(cl, "MultiTrans"), "1");
	cl = csp_node_find(cl, "SupportedCIRMethod");
	ck_assert_str_eq(cl->text, "STCP");
	ck_assert_str_eq((cl = csp_node_next_named(cl))->text, "SHTTP");
	ck_assert_str_eq((cl = csp_node_next_named(cl))->text, "SSMS");

	m = wbxml_msg(date, sizeof date, 0, NULL);
	cl = csp_node_find(m->trans->content, "MessageInfo");
	ck_assert_str_eq(csp_node_text(cl, "MessageID"), "m1");
	ck_assert_str_eq(csp_node_text(cl, "DateTime"), "20010925T165800Z");
	wbxml_msg(ent1, sizeof ent1, EBADMSG, "ENTITY");
	wbxml_msg(ent2, sizeof ent2, EBADMSG, "ENTITY 1114112");
	wbxml_msg(inject, sizeof inject, EBADMSG, "not an XML name");
	wbxml_msg(opq, sizeof opq, EBADMSG, "OPAQUE data in <Polling-Request>");
	m = wbxml_msg(chars, sizeof chars, 0, NULL);
	ck_assert_str_eq(text_of(m, "SendMessage-Request", "ContentData"),
			 "a <&\xc2\xa0\xc3\xa9  z");
}
END_TEST

/* Messages libwbxml cannot write go through our writer in its style, and come back equal. */
START_TEST(api_build_fallback)
{
	static char const *const xml[] = {
		/* an integer element whose text is no canonical decimal */
		"<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/WV-CSP1.2\">"
		"<Session><SessionDescriptor><SessionType>Inband</SessionType><SessionID>s"
		"</SessionID></SessionDescriptor><Transaction><TransactionDescriptor>"
		"<TransactionMode>Request</TransactionMode><TransactionID>2</TransactionID>"
		"</TransactionDescriptor><TransactionContent xmlns=\"http://www.openmobilealliance"
		".org/DTD/WV-TRC1.2\"><KeepAlive-Request><TimeToLive>007</TimeToLive>"
		"</KeepAlive-Request></TransactionContent></Transaction></Session>"
		"</WV-CSP-Message>",
		/* a vendor element in a foreign namespace, with a WV child */
		"<WV-CSP-Message xmlns=\"http://www.wireless-village.org/CSP1.1\">"
		"<Session><SessionDescriptor><SessionType>Outband</SessionType>"
		"</SessionDescriptor><Transaction><TransactionDescriptor>"
		"<TransactionMode>Request</TransactionMode><TransactionID>3</TransactionID>"
		"</TransactionDescriptor><TransactionContent xmlns=\"http://www.wireless-village"
		".org/TRC1.1\"><Login-Request><UserID>u</UserID><ClientID><URL>c</URL></ClientID>"
		"<Password>p</Password><TimeToLive>99999999999</TimeToLive>"
		"<x:Ext xmlns:x=\"urn:vendor\"><x:Flag>on</x:Flag>"
		"<Code xmlns=\"http://www.wireless-village.org/TRC1.1\">1</Code></x:Ext>"
		"</Login-Request></TransactionContent></Transaction></Session></WV-CSP-Message>",
	};
	for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++) {
		struct csp_msg *m, *m2;
		struct csp_error err = {0};
		unsigned char *w, *lw;
		size_t wlen, llen, xlen;
		char *canon;

		ck_assert_int_eq(csp_parse_xml(home, xml[i], strlen(xml[i]), &m, &err), 0);
		ck_assert_int_eq(csp_build_xml(home, m, &canon, &xlen), 0);
		ck_assert_int_eq(csp_wbx_build_libwbxml(home, canon, xlen, m->version, &lw, &llen),
				 ENOTSUP);
		ck_assert_int_eq(csp_build_wbxml(home, m, &w, &wlen), 0);
		ck_assert_int_eq(csp_parse_wbxml(home, w, wlen, &m2, &err), 0);
		csp_msg_canon(m);
		ck_assert_msg(csp_msg_equal(m, m2), "message %zu", i);
	}
}
END_TEST

/* 1.3: a foreign element is a LITERAL with an xmlns LITERAL attribute. */
START_TEST(api_build_13)
{
	static char const xml[] =
		"<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/IMPS-CSP1.3\">"
		"<Session><SessionDescriptor><SessionType>Inband</SessionType><SessionID>s"
		"</SessionID></SessionDescriptor><Transaction><TransactionDescriptor>"
		"<TransactionMode>Request</TransactionMode><TransactionID>4</TransactionID>"
		"</TransactionDescriptor><TransactionContent xmlns=\"http://www.openmobilealliance"
		".org/DTD/IMPS-TRC1.3\"><SendMessage-Request><DeliveryReport>F</DeliveryReport>"
		"<MessageInfo><ContentType>text/plain</ContentType><ContentSize>0</ContentSize>"
		"<DateTime>20070625T055652Z</DateTime><Validity>007</Validity></MessageInfo>"
		"<ContentData>Grüße &amp; &lt;3</ContentData><Ext xmlns=\"urn:v\">a</Ext>"
		"</SendMessage-Request></TransactionContent></Transaction></Session>"
		"</WV-CSP-Message>";
	struct csp_msg *m, *m2;
	struct csp_error err = {0};
	unsigned char *w;
	size_t wlen;

	ck_assert_int_eq(csp_parse_xml(home, xml, sizeof xml - 1, &m, &err), 0);
	ck_assert_int_eq(csp_build_wbxml(home, m, &w, &wlen), 0);
	ck_assert_uint_eq(w[1], 0x12);
	/* AOSP style: root xmlns token, ContentSize 0 as OPAQUE 1 byte, a 6-byte date,
	 * "text/plain" as a value token, the foreign element literal */
	ck_assert_ptr_nonnull(memmem(w, wlen, "\xc9\x0b\x03" "1.3\0\x01", 8));
	ck_assert_ptr_nonnull(memmem(w, wlen, "\x4f\xc3\x01\x00\x01", 5));
	ck_assert_ptr_nonnull(memmem(w, wlen, "\x51\xc3\x06\x1f\x5d\xb2\x5e\x34\x5a\x01", 10));
	ck_assert_ptr_nonnull(memmem(w, wlen, "\x50\x80\x28\x01", 4));
	ck_assert_ptr_nonnull(memmem(w, wlen, "\x7c\x03" "007", 5));
	ck_assert_ptr_nonnull(memmem(w, wlen, "urn:v", 5));
	ck_assert_int_eq(csp_parse_wbxml(home, w, wlen, &m2, &err), 0);
	csp_msg_canon(m);
	ck_assert(csp_msg_equal(m, m2));
	ck_assert_str_eq(csp_node_find(m2->trans->content, "ContentData")->text,
			 "Grüße & <3");
}
END_TEST

START_TEST(api_build_errors)
{
	struct csp_msg *m;
	unsigned char *w;
	size_t wlen;

	ck_assert_int_eq(csp_msg_new(home, CSP_V13, NULL, CSP_REQUEST, "1", "Polling-Request",
				     &m, NULL), 0);
	ck_assert_int_eq(csp_build_wbxml(NULL, m, &w, &wlen), EINVAL);
	ck_assert_int_eq(csp_build_wbxml(home, NULL, &w, &wlen), EINVAL);
	ck_assert_int_eq(csp_build_wbxml(home, m, NULL, &wlen), EINVAL);
	m->version = CSP_V_UNKNOWN;
	ck_assert_int_eq(csp_build_wbxml(home, m, &w, &wlen), EINVAL);
	m->version = CSP_V12;
	m->trans = NULL;
	ck_assert_int_eq(csp_build_wbxml(home, m, &w, &wlen), EINVAL);
}
END_TEST

/* A well-formed WBXML that is no WV-CSP message fails in the XML layer, line 0. */
START_TEST(api_decode_not_csp)
{
	static unsigned char const session_root[] = {HEAD(0x12), 0x6d, 0x01};
	static unsigned char const no_trans[] = {HEAD(0x10), 0x49, 0x6d, 0x01, 0x01};
	struct csp_msg *m = NULL;

	wbxml_msg(session_root, sizeof session_root, EBADMSG, "");
	wbxml_msg(no_trans, sizeof no_trans, EBADMSG, "");
	ck_assert_int_eq(csp_parse_wbxml(home, NULL, 0, &m, NULL), EINVAL);
	ck_assert_int_eq(csp_parse_wbxml(home, session_root, sizeof session_root, NULL, NULL),
			 EINVAL);
	ck_assert_ptr_null(m);
}
END_TEST

/* Every truncation of a libwbxml vector and of an AOSP vector fails cleanly. */
START_TEST(api_truncations)
{
	static char const *const vec[] = {
		"libwbxml-wv11-040.wbxml", "libwbxml-aosp12-011-req.wbxml",
		"aosp-aosp13-015-rsp.wbxml", "aosp-aosp12-014-rsp.wbxml",
	};
	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		size_t len;
		unsigned char *buf = (unsigned char *)slurp(su_sprintf(home, "%s/%s", VECTORS,
									 vec[i]), &len);
		ck_assert_ptr_nonnull(buf);
		for (size_t n = 0; n < len; n++) {
			struct csp_msg *m = NULL;
			struct csp_error err = {0};
			int e = csp_parse_wbxml(home, buf, n, &m, &err);
			ck_assert_msg(e == EBADMSG, "%s: %zu bytes: %d", vec[i], n, e);
			ck_assert_ptr_null(m);
		}
		/* and a flipped byte anywhere never crashes */
		for (size_t n = 0; n < len; n++) {
			struct csp_msg *m = NULL;
			unsigned char save = buf[n];
			buf[n] ^= 0xa5;
			int e = csp_parse_wbxml(home, buf, len, &m, NULL);
			ck_assert(e == 0 || e == EBADMSG || e == E2BIG);
			buf[n] = save;
		}
	}
}
END_TEST

START_TEST(api_sniff)
{
	static struct {
		char const *bytes;
		size_t len;
		char const *ctype;
		enum csp_encoding want;
	} const rows[] = {
		{"\x03\x12\x6a", 3, NULL, CSP_ENC_WBXML},
		{"\x01\x01\x6a", 3, NULL, CSP_ENC_WBXML},
		{"\x02\x10", 2, "application/vnd.wv.csp.xml", CSP_ENC_WBXML},
		{"<WV", 3, NULL, CSP_ENC_XML},
		{"<WV", 3, "application/vnd.wv.csp.wbxml", CSP_ENC_XML},
		{"\xef\xbb\xbf<", 4, NULL, CSP_ENC_XML},
		{" \n<", 3, "application/vnd.wv.csp+wbxml", CSP_ENC_XML},
		{"", 0, "application/vnd.wv.csp.wbxml", CSP_ENC_WBXML},
		{"", 0, "Application/VND.WV.CSP+WBXML; charset=utf-8", CSP_ENC_WBXML},
		{"", 0, "application/vnd.wv.csp+xml", CSP_ENC_XML},
		{"", 0, "application/vnd.wv.csp.wbxmlx", CSP_ENC_XML},
		{"\x00\x10", 2, "application/vnd.wv.csp.wbxml", CSP_ENC_WBXML},
		{"\x00\x10", 2, NULL, CSP_ENC_XML},
		{"\x04", 1, NULL, CSP_ENC_XML},
		{"", 0, NULL, CSP_ENC_XML},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_msg(csp_sniff(rows[i].bytes, rows[i].len, rows[i].ctype) == rows[i].want,
			      "row %zu", i);
	ck_assert_int_eq(csp_sniff(NULL, 0, NULL), CSP_ENC_XML);
}
END_TEST

START_TEST(api_parse_dispatch)
{
	static char const xml[] =
		"<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/WV-CSP1.2\">"
		"<Session><SessionDescriptor><SessionType>Outband</SessionType>"
		"</SessionDescriptor><Transaction><TransactionDescriptor><TransactionMode>Request"
		"</TransactionMode></TransactionDescriptor><TransactionContent><Polling-Request/>"
		"</TransactionContent></Transaction></Session></WV-CSP-Message>";
	struct csp_msg *m, *m2;
	enum csp_encoding enc = CSP_ENC_WBXML;
	unsigned char *w;
	size_t wlen;

	/* XML bytes labelled WBXML are parsed as XML */
	ck_assert_int_eq(csp_parse(home, xml, sizeof xml - 1, "application/vnd.wv.csp.wbxml", &m,
				   &enc, NULL), 0);
	ck_assert_int_eq(enc, CSP_ENC_XML);
	ck_assert_int_eq(csp_build_wbxml(home, m, &w, &wlen), 0);
	ck_assert_int_eq(csp_parse(home, w, wlen, NULL, &m2, &enc, NULL), 0);
	ck_assert_int_eq(enc, CSP_ENC_WBXML);
	ck_assert(csp_msg_equal(m, m2));
	/* errors leave the out-parameters alone */
	m2 = NULL;
	enc = CSP_ENC_XML;
	ck_assert_int_eq(csp_parse(home, w, wlen - 1, NULL, &m2, &enc, NULL), EBADMSG);
	ck_assert_ptr_null(m2);
	ck_assert_int_eq(enc, CSP_ENC_XML);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("csp_wbxml");
	TCase *tc = tcase_create("engine");

	tcase_add_test(tc, tables_walk);
	tcase_add_test(tc, tables_classes);
	tcase_add_test(tc, ints_and_dates);
	tcase_add_test(tc, header_forms);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, read_aosp13);
	tcase_add_test(tc, read_root_version);
	tcase_add_test(tc, read_strings);
	tcase_add_test(tc, read_opaque);
	tcase_add_test(tc, read_empty_and_nocontent);
	tcase_add_test(tc, read_errors);
	tcase_add_test(tc, read_truncated);
	tcase_add_test(tc, read_sink_error);
	tcase_add_test(tc, read_limits);
	tcase_add_test(tc, write_aosp13);
	tcase_add_test(tc, write_styles);
	tcase_add_test(tc, write_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, api_vectors);
	tcase_add_test(tc, api_roundtrip_wv11);
	tcase_add_test(tc, api_roundtrip_aosp12);
	tcase_add_test(tc, api_roundtrip_colibria);
	tcase_add_test(tc, api_roundtrip_aosp13);
	tcase_add_test(tc, api_pubid_forms);
	tcase_add_test(tc, api_libwbxml_quirks);
	tcase_add_test(tc, api_build_fallback);
	tcase_add_test(tc, api_build_13);
	tcase_add_test(tc, api_build_errors);
	tcase_add_test(tc, api_decode_not_csp);
	tcase_add_test(tc, api_truncations);
	tcase_add_test(tc, api_sniff);
	tcase_add_test(tc, api_parse_dispatch);
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
