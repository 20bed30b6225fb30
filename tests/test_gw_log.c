/* tests/test_gw_log.c: the daemon log: thresholds, line format, sofia-sip's log folded in. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_log.h>

#include "iwf/gw_log.h"

static FILE *capture;

static void setup(void)
{
	capture = tmpfile();
	ck_assert_ptr_nonnull(capture);
	gw_log_open("test", GW_LOG_NOTICE, 0);
	gw_log_set_stream(capture);
}

static void teardown(void)
{
	gw_log_set_stream(NULL);
	fclose(capture);
}

/* Everything written so far, NUL-terminated, in a static buffer. */
static char const *captured(void)
{
	static char buf[16384];
	size_t n;

	fflush(capture);
	rewind(capture);
	n = fread(buf, 1, sizeof buf - 1, capture);
	buf[n] = '\0';
	return buf;
}

static int count_lines(char const *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int evaluated;

static char const *side_effect(void)
{
	evaluated++;
	return "x";
}

START_TEST(level_table_walk)
{
	/* Every row parses back to itself, names are unique, unknown names are refused. */
	ck_assert_uint_eq(gw_log_level_count, 5);
	for (unsigned i = 0; i < gw_log_level_count; i++) {
		enum gw_log_level l;

		ck_assert_int_eq(gw_log_level_parse(gw_log_levels[i].name, &l), 0);
		ck_assert_int_eq(l, gw_log_levels[i].level);
		ck_assert_str_eq(gw_log_level_name(l), gw_log_levels[i].name);
		for (unsigned j = i + 1; j < gw_log_level_count; j++)
			ck_assert_str_ne(gw_log_levels[i].name, gw_log_levels[j].name);
	}
	enum gw_log_level l = GW_LOG_INFO;

	ck_assert_int_eq(gw_log_level_parse("verbose", &l), EINVAL);
	ck_assert_int_eq(gw_log_level_parse(NULL, &l), EINVAL);
	ck_assert_int_eq(l, GW_LOG_INFO);	/* untouched on error */
	ck_assert_int_eq(gw_log_level_parse("WARNING", &l), 0);
	ck_assert_int_eq(l, GW_LOG_WARNING);
	/* Out of range reaches the default row. */
	ck_assert_str_eq(gw_log_level_name((enum gw_log_level)42), "debug");
}
END_TEST

START_TEST(below_threshold_is_not_evaluated)
{
	evaluated = 0;
	gw_debug("while testing: %s", side_effect());
	gw_info("while testing: %s", side_effect());
	ck_assert_int_eq(evaluated, 0);
	ck_assert_str_eq(captured(), "");

	gw_notice("while testing: %s", side_effect());
	gw_error("while failing: %s", side_effect());
	ck_assert_int_eq(evaluated, 2);
	char const *out = captured();

	ck_assert_int_eq(count_lines(out), 2);
	ck_assert_ptr_nonnull(strstr(out, "test["));
	ck_assert_ptr_nonnull(strstr(out, "] notice: while testing: x\n"));
	ck_assert_ptr_nonnull(strstr(out, "] error: while failing: x\n"));

	gw_log_set_level(GW_LOG_DEBUG);
	gw_debug("now visible %d", 7);
	ck_assert_ptr_nonnull(strstr(captured(), "] debug: now visible 7\n"));
}
END_TEST

START_TEST(peer_data_cannot_forge_lines)
{
	gw_notice("user said: %s", "hi\nfake: line\r\x1b[31m");
	char const *out = captured();

	ck_assert_int_eq(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "user said: hi?fake: line??[31m\n"));
}
END_TEST

START_TEST(long_lines_are_cut)
{
	char *big = malloc(3 * GW_LOG_LINE_MAX);

	memset(big, 'a', 3 * GW_LOG_LINE_MAX - 1);
	big[3 * GW_LOG_LINE_MAX - 1] = '\0';
	gw_warning("%s", big);
	free(big);
	char const *out = captured();

	ck_assert_int_eq(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "aaa...\n"));
	ck_assert_uint_lt(strlen(out), GW_LOG_LINE_MAX + 100);
}
END_TEST

START_TEST(sofia_lines_arrive_whole)
{
	/* sofia writes one line in pieces; we emit it once, whole, tagged. */
	gw_log_set_sofia_level(9, GW_LOG_NOTICE);
	su_llog(su_log_default, 3, "tport: %s", "listening ");
	su_llog(su_log_default, 3, "on %s\n", "udp/127.0.0.1:5060");
	su_llog(su_log_default, 3, "second\nthird\n");
	char const *out = captured();

	ck_assert_int_eq(count_lines(out), 3);
	ck_assert_ptr_nonnull(strstr(out, "sofia su: tport: listening on udp/127.0.0.1:5060\n"));
	ck_assert_ptr_nonnull(strstr(out, "sofia su: second\n"));
	ck_assert_ptr_nonnull(strstr(out, "sofia su: third\n"));

	/* Sofia's own level filters: derived from notice it is 3. */
	gw_log_set_sofia_level(-1, GW_LOG_NOTICE);
	su_llog(su_log_default, 7, "too chatty\n");
	ck_assert_ptr_null(strstr(captured(), "too chatty"));
	su_llog(su_log_default, 1, "serious\n");
	ck_assert_ptr_nonnull(strstr(captured(), "sofia su: serious\n"));
}
END_TEST

START_TEST(sofia_runaway_fragment_is_flushed)
{
	gw_log_set_sofia_level(9, GW_LOG_NOTICE);
	for (int i = 0; i < GW_LOG_LINE_MAX / 8; i++)
		su_llog(su_log_default, 3, "%s", "12345678");
	su_llog(su_log_default, 3, "end\n");
	char const *out = captured();

	ck_assert_int_ge(count_lines(out), 1);
	ck_assert_ptr_nonnull(strstr(out, "sofia su: 12345678"));
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("gw_log");
	TCase *tc = tcase_create("log");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, level_table_walk);
	tcase_add_test(tc, below_threshold_is_not_evaluated);
	tcase_add_test(tc, peer_data_cannot_forge_lines);
	tcase_add_test(tc, long_lines_are_cut);
	tcase_add_test(tc, sofia_lines_arrive_whole);
	tcase_add_test(tc, sofia_runaway_fragment_is_flushed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(log_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
