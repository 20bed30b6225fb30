/* tests/test_map_status.c: walks the status code tables (SIP <-> IMPS) and IMPS descriptions. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/map_status.h"

static int sip_final(int c)
{
	return c >= 200 && c <= 699;
}

static void walk(enum map_status_dir dir)
{
	size_t n, nc, i, j;
	struct map_status_row const *t = map_status_table(dir, &n);
	struct map_status_class const *c = map_status_class_table(dir, &nc);

	ck_assert_uint_gt(n, 10);
	ck_assert_uint_gt(nc, 1);
	for (i = 0; i < n; i++) {
		char const *why = NULL;

		ck_assert_ptr_nonnull(t[i].why);
		ck_assert_uint_gt(strlen(t[i].why), 5);
		for (j = i + 1; j < n; j++)
			ck_assert_msg(t[i].from != t[j].from, "duplicate key %d", t[i].from);
		/* every row is reachable and answers its own value */
		ck_assert_int_eq(map_status_map(dir, t[i].from, &why), t[i].to);
		ck_assert_ptr_eq(why, t[i].why);
		if (dir == MAP_SIP_TO_IMPS) {
			ck_assert_msg(sip_final(t[i].from), "row %d: no SIP final code", t[i].from);
			ck_assert_msg(map_imps_code_known(t[i].to), "%d -> unknown IMPS %d",
				      t[i].from, t[i].to);
		} else {
			ck_assert_msg(map_imps_code_known(t[i].from), "row %d is no IMPS code",
				      t[i].from);
			ck_assert_msg(sip_final(t[i].to), "%d -> %d", t[i].from, t[i].to);
		}
	}
	/* class rows: disjoint, the last one is the catch-all default */
	ck_assert_int_eq(c[nc - 1].lo, INT_MIN);
	ck_assert_int_eq(c[nc - 1].hi, INT_MAX);
	for (i = 0; i + 1 < nc; i++) {
		ck_assert_int_le(c[i].lo, c[i].hi);
		for (j = i + 1; j + 1 < nc; j++)
			ck_assert(c[i].hi < c[j].lo || c[j].hi < c[i].lo);
		if (dir == MAP_SIP_TO_IMPS)
			ck_assert(map_imps_code_known(c[i].to));
		else
			ck_assert(sip_final(c[i].to));
	}
	/* unknown input reaches the default row */
	{
		int odd[] = {-1, 0, 99, 1000, 123456, INT_MIN, INT_MAX};
		for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
			char const *why = NULL;
			ck_assert_int_eq(map_status_map(dir, odd[i], &why), c[nc - 1].to);
			ck_assert_ptr_eq(why, c[nc - 1].why);
		}
	}
}

START_TEST(sip_to_imps_table)
{
	walk(MAP_SIP_TO_IMPS);
}
END_TEST

START_TEST(imps_to_sip_table)
{
	walk(MAP_IMPS_TO_SIP);
}
END_TEST

START_TEST(use_case_rows)
{
	/* Harry writes to someone PS2 does not know. */
	ck_assert_int_eq(map_status_sip_to_imps(404), 531);
	ck_assert_int_eq(map_status_sip_to_imps(604), 531);
	/* Jane blocked or declines Harry. */
	ck_assert_int_eq(map_status_sip_to_imps(403), 532);
	ck_assert_int_eq(map_status_sip_to_imps(603), 532);
	/* Jane is offline. */
	ck_assert_int_eq(map_status_sip_to_imps(480), 533);
	/* Jane writes to Harry, who is logged out and has no offline store. */
	ck_assert_int_eq(map_status_imps_to_sip(533), 480);
	ck_assert_int_eq(map_status_imps_to_sip(531), 404);
	ck_assert_int_eq(map_status_imps_to_sip(532), 403);
	/* class rows without exact rows */
	ck_assert_int_eq(map_status_sip_to_imps(499), 500);
	ck_assert_int_eq(map_status_sip_to_imps(599), 503);
	ck_assert_int_eq(map_status_sip_to_imps(302), 410);
	ck_assert_int_eq(map_status_sip_to_imps(299), 200);
	ck_assert_int_eq(map_status_imps_to_sip(753), 400);
	ck_assert_int_eq(map_status_imps_to_sip(605), 480);
	/* where both directions say the same thing, the round trip is the identity */
	{
		int same[] = {200, 403, 404, 415, 480, 500, 503, 504};
		for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
			ck_assert_int_eq(map_status_imps_to_sip(map_status_sip_to_imps(same[i])),
					 same[i]);
	}
}
END_TEST

START_TEST(every_digest_code_has_a_description)
{
	/* Typed from DIGEST §9, independently of the table. */
	static int const codes[] = {
		101, 200, 201, 202, 400, 401, 402, 403, 404, 405, 408, 409, 410, 415, 420, 422, 423,
		424, 425, 426, 427, 429, 431, 432, 500, 501, 502, 503, 504, 505, 506, 507, 516, 521,
		522, 531, 532, 533, 534, 535, 536, 537, 538, 540, 541, 542, 543, 600, 601, 603, 604,
		605, 700, 701, 702, 750, 751, 752, 753, 754, 755, 760, 800, 801, 806, 808, 809, 811,
		816, 900, 901, 902, 903, 920,
	};
	size_t i, j, n;
	struct map_status_row const *t = map_imps_desc_table(&n);

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		ck_assert_msg(map_imps_code_known(codes[i]), "%d has no description", codes[i]);
		ck_assert_uint_gt(strlen(map_imps_code_desc(codes[i])), 3);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_int_ne(t[i].from, t[j].from);
	ck_assert_str_eq(map_imps_code_desc(531), "Unknown user");
	ck_assert_str_eq(map_imps_code_desc(532), "Recipient blocked the sender");
	ck_assert_str_eq(map_imps_code_desc(604), "Invalid session");
	/* default rows */
	ck_assert(!map_imps_code_known(599));
	ck_assert_str_eq(map_imps_code_desc(599), "Server error");
	ck_assert_str_eq(map_imps_code_desc(777), "Presence or contact list error");
	ck_assert_str_eq(map_imps_code_desc(-5), "Unknown status code");
	ck_assert_str_eq(map_imps_code_desc(1000), "Unknown status code");
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("map_status");
	TCase *tc = tcase_create("status");

	tcase_add_test(tc, sip_to_imps_table);
	tcase_add_test(tc, imps_to_sip_table);
	tcase_add_test(tc, use_case_rows);
	tcase_add_test(tc, every_digest_code_has_a_description);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(status_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
