/* tests/test_gw_config.c: iwfd's configuration: key table, file parser, errors, overrides, reload. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iwf/gw_config.h"
#include "iwf/gw_log.h"

static char tmpname[64];

/* Writes `text` into a fresh temporary file; returns its name (static). */
static char const *write_conf(char const *text)
{
	int fd;

	if (tmpname[0])
		unlink(tmpname);
	strcpy(tmpname, "/tmp/test_gw_config.XXXXXX");
	fd = mkstemp(tmpname);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return tmpname;
}

static void teardown(void)
{
	if (tmpname[0])
		unlink(tmpname);
	tmpname[0] = '\0';
}

static void fmt(struct gw_config const *cfg, char const *key, char *buf, size_t size)
{
	ck_assert_int_eq(gw_config_format(cfg, key, buf, size), 0);
}

START_TEST(table_walk)
{
	unsigned n;
	struct gw_conf_key const *keys = gw_config_keys(&n);
	struct gw_config cfg;
	char buf[GW_CONF_LINE_MAX], err[GW_CONF_ERR_MAX];

	ck_assert_uint_ge(n, 20);
	ck_assert_int_eq(gw_config_init(&cfg), 0);
	for (unsigned i = 0; i < n; i++) {
		struct gw_conf_key const *k = &keys[i];

		/* Unique names, each one found, documented, of a known type. */
		for (unsigned j = i + 1; j < n; j++)
			ck_assert_str_ne(k->name, keys[j].name);
		ck_assert_ptr_eq(gw_config_key_find(k->name), k);
		ck_assert_ptr_nonnull(k->help);
		ck_assert_uint_gt(strlen(k->help), 20);
		ck_assert_str_ne(gw_conf_type_name(k->type), "unknown");
		ck_assert_ptr_nonnull(strchr(k->name, '.'));
		if (k->type == GW_CONF_ENUM)
			ck_assert_ptr_nonnull(k->choices);

		/* Round trip: the formatted default parses back to the same text. */
		char again[GW_CONF_LINE_MAX];

		fmt(&cfg, k->name, buf, sizeof buf);
		ck_assert_msg(gw_config_set(&cfg, k->name, buf, err, sizeof err) == 0,
			      "%s = %s: %s", k->name, buf, err);
		fmt(&cfg, k->name, again, sizeof again);
		ck_assert_str_eq(buf, again);
	}
	ck_assert_ptr_null(gw_config_key_find("http.lisen"));
	ck_assert_str_eq(gw_conf_type_name((enum gw_conf_type)99), "unknown");
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(log_level_choices_match_the_log_table)
{
	struct gw_conf_key const *k = gw_config_key_find("log.level");
	unsigned i;

	ck_assert_int_eq(k->type, GW_CONF_ENUM);
	for (i = 0; k->choices[i]; i++) {
		enum gw_log_level l;

		ck_assert_int_eq(gw_log_level_parse(k->choices[i], &l), 0);
		ck_assert_int_eq((int)l, (int)i);
	}
	ck_assert_uint_eq(i, gw_log_level_count);
}
END_TEST

START_TEST(embedded_defaults_run_on_loopback)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_check(&cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.imps_domain, "mno1.example");
	ck_assert_str_eq(cfg.http_listen.host, "127.0.0.1");
	ck_assert_uint_eq(cfg.http_listen.port, 8080);
	ck_assert_str_eq(cfg.http_path, "/imps");
	ck_assert_int_eq(cfg.http_max_body, 1024 * 1024);
	ck_assert_int_eq(cfg.http_connection_limit, 1024);
	ck_assert_int_eq(cfg.http_connection_timeout, 60000);
	ck_assert_int_eq(cfg.http_memory_limit, 32 * 1024);
	ck_assert_int_eq(cfg.http_answer_timeout, 40000);
	ck_assert_str_eq(cfg.store_path, "./var/iwf.db");
	ck_assert_int_eq(cfg.store_busy_timeout, 2000);
	ck_assert_int_eq(cfg.log_level, GW_LOG_NOTICE);
	ck_assert_int_eq(cfg.log_syslog, 0);
	ck_assert_int_eq(cfg.log_sofia, -1);
	ck_assert_int_eq(cfg.session_keepalive_min, 30000);
	ck_assert_int_eq(cfg.session_keepalive_max, 7200000);
	ck_assert_int_eq(cfg.session_keepalive_default, 600000);
	ck_assert_int_eq(cfg.session_poll_min, 30000);
	ck_assert_ptr_null(cfg.cir_tcp_listen.host);
	ck_assert_uint_eq(cfg.trust_peers.n, 2);
	ck_assert_str_eq(cfg.trust_peers.items[0], "127.0.0.0/8");
	ck_assert_str_eq(cfg.trust_peers.items[1], "::1");
	ck_assert_str_eq(cfg.control_socket, "./var/iwfd.ctl");
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(file_sets_values)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX] = "";
	char buf[256];
	char const *path = write_conf(
		"# a comment\n"
		"\n"
		"   imps.domain=mno2.example   # trailing comment\n"
		"http.listen = [::1]:0\n"
		"http.path = \"/csp\"  # quoted\n"
		"http.max_body = 64k\n"
		"http.connection_timeout = 5\n"
		"http.answer_timeout = 1500ms\n"
		"log.level = DEBUG\n"
		"log.syslog = on\n"
		"session.keepalive_max = 1d\n"
		"trust.peers = 10.0.0.0/8,192.0.2.1  2001:db8::/32\n"
		"cir.tcp_listen = 0.0.0.0:3171\n"
		"control.socket = \"/tmp/a #b\\\"c\"\n"
		"\t\n");

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_msg(gw_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(cfg.imps_domain, "mno2.example");
	ck_assert_str_eq(cfg.http_listen.host, "::1");
	ck_assert_uint_eq(cfg.http_listen.port, 0);
	ck_assert_str_eq(cfg.http_path, "/csp");
	ck_assert_int_eq(cfg.http_max_body, 65536);
	ck_assert_int_eq(cfg.http_connection_timeout, 5000);
	ck_assert_int_eq(cfg.http_answer_timeout, 1500);
	ck_assert_int_eq(cfg.log_level, GW_LOG_DEBUG);
	ck_assert_int_eq(cfg.log_syslog, 1);
	ck_assert_int_eq(cfg.session_keepalive_max, 86400000);
	ck_assert_uint_eq(cfg.trust_peers.n, 3);
	ck_assert_str_eq(cfg.trust_peers.items[2], "2001:db8::/32");
	ck_assert_str_eq(cfg.cir_tcp_listen.host, "0.0.0.0");
	ck_assert_uint_eq(cfg.cir_tcp_listen.port, 3171);
	ck_assert_str_eq(cfg.control_socket, "/tmp/a #b\"c");
	/* Keys the file does not name keep their defaults. */
	ck_assert_str_eq(cfg.store_path, "./var/iwf.db");

	fmt(&cfg, "http.listen", buf, sizeof buf);
	ck_assert_str_eq(buf, "[::1]:0");
	fmt(&cfg, "control.socket", buf, sizeof buf);
	ck_assert_str_eq(buf, "\"/tmp/a #b\\\"c\"");
	ck_assert_int_eq(gw_config_set(&cfg, "control.socket", "", err, sizeof err), 0);
	fmt(&cfg, "control.socket", buf, sizeof buf);
	ck_assert_str_eq(buf, "");
	fmt(&cfg, "http.max_body", buf, sizeof buf);
	ck_assert_str_eq(buf, "64K");
	fmt(&cfg, "http.answer_timeout", buf, sizeof buf);
	ck_assert_str_eq(buf, "1500ms");
	fmt(&cfg, "trust.peers", buf, sizeof buf);
	ck_assert_str_eq(buf, "10.0.0.0/8, 192.0.2.1, 2001:db8::/32");
	gw_config_deinit(&cfg);
}
END_TEST

/* Loads `text`; expects failure `e` and an error message equal to FILE + `msg`. */
static void expect_load_error(char const *text, int e, char const *msg)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX] = "", want[GW_CONF_ERR_MAX];
	char const *path = write_conf(text);

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_load(&cfg, path, err, sizeof err), e);
	snprintf(want, sizeof want, "%s%s", path, msg);
	ck_assert_str_eq(err, want);
	gw_config_deinit(&cfg);
}

START_TEST(unknown_key_names_key_and_line)
{
	expect_load_error("imps.domain = mno1.example\n# fine\nhttp.lisen = 127.0.0.1:80\n",
			  ENOENT, ":3: key 'http.lisen': unknown key");
}
END_TEST

START_TEST(bad_values_name_key_line_and_reason)
{
	expect_load_error("http.connection_limit = 0\n", EINVAL,
			  ":1: key 'http.connection_limit': 0 is outside 1..100000");
	expect_load_error("\nhttp.connection_limit = lots\n", EINVAL,
			  ":2: key 'http.connection_limit': not a whole number");
	expect_load_error("http.connection_limit = 12x\n", EINVAL,
			  ":1: key 'http.connection_limit': not a whole number");
	expect_load_error("log.syslog = maybe\n", EINVAL,
			  ":1: key 'log.syslog': expected yes or no");
	expect_load_error("log.level = loud\n", EINVAL,
			  ":1: key 'log.level': 'loud' is not one of error, warning, notice, info, "
			  "debug");
	expect_load_error("http.connection_timeout = 10 minutes\n", EINVAL,
			  ":1: key 'http.connection_timeout': expected a duration like 500ms, 30s, "
			  "5m, 2h, 1d");
	expect_load_error("http.connection_timeout = 2h\n", EINVAL,
			  ":1: key 'http.connection_timeout': 2h is outside 1s..1h");
	expect_load_error("http.connection_timeout = -5\n", EINVAL,
			  ":1: key 'http.connection_timeout': expected a duration like 500ms, 30s, "
			  "5m, 2h, 1d");
	expect_load_error("http.max_body = 1T\n", EINVAL,
			  ":1: key 'http.max_body': expected a size like 512, 64K, 1M, 1G");
	expect_load_error("http.max_body = 100\n", EINVAL,
			  ":1: key 'http.max_body': 100 is outside 1K..64M");
	expect_load_error("http.max_body = 99999999999999999999\n", EINVAL,
			  ":1: key 'http.max_body': expected a size like 512, 64K, 1M, 1G");
	expect_load_error("http.listen = localhost:80\n", EINVAL,
			  ":1: key 'http.listen': host must be a numeric IPv4 address or [IPv6]");
	expect_load_error("http.listen = 127.0.0.1:70000\n", EINVAL,
			  ":1: key 'http.listen': port must be a number 0-65535");
	expect_load_error("http.listen = 127.0.0.1\n", EINVAL,
			  ":1: key 'http.listen': expected HOST:PORT");
	expect_load_error("http.listen =\n", EINVAL,
			  ":1: key 'http.listen': a value is required");
	expect_load_error("http.listen = [::1:80\n", EINVAL,
			  ":1: key 'http.listen': expected [IPv6]:PORT");
	expect_load_error("trust.peers = 127.0.0.0/8, 10.0.0.0/33\n", EINVAL,
			  ":1: key 'trust.peers': item '10.0.0.0/33': not an address or prefix "
			  "(e.g. 127.0.0.0/8, ::1)");
	expect_load_error("imps.domain = MNO1.example\n", EINVAL,
			  ":1: key 'imps.domain': a domain name in lower case (a-z 0-9 . -)");
	expect_load_error("imps.domain =\n", EINVAL,
			  ":1: key 'imps.domain': must not be empty");
	expect_load_error("http.path = imps\n", EINVAL,
			  ":1: key 'http.path': must start with '/'");
	expect_load_error("store.path =\n", EINVAL, ":1: key 'store.path': a value is required");
	expect_load_error("control.socket = /tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", EINVAL,
			  ":1: key 'control.socket': too long for a unix socket (107 bytes max)");
}
END_TEST

START_TEST(syntax_errors)
{
	expect_load_error("just words\n", EINVAL, ":1: expected 'key = value'");
	expect_load_error("= value\n", EINVAL, ":1: expected 'key = value'");
	expect_load_error("http.path = \"/open\n", EINVAL, ":1: unterminated quoted value");
	expect_load_error("http.path = \"/a\" b\n", EINVAL, ":1: text after the closing quote");
	expect_load_error("log.level = info\nlog.level = debug\n", EINVAL,
			  ":2: key 'log.level': already set on line 1");

	char *big = malloc(GW_CONF_LINE_MAX + 100);

	strcpy(big, "http.path = /");
	memset(big + 13, 'a', GW_CONF_LINE_MAX);
	strcpy(big + 13 + GW_CONF_LINE_MAX, "\n");
	expect_load_error(big, E2BIG, ":1: line longer than 4096 bytes");
	free(big);
}
END_TEST

START_TEST(missing_file)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_load(&cfg, "/nonexistent/iwfd.conf", err, sizeof err), ENOENT);
	ck_assert_str_eq(err, "/nonexistent/iwfd.conf: No such file or directory");
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(failed_set_keeps_old_value)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "trust.peers", "10.0.0.0/8, nonsense", err,
				       sizeof err), EINVAL);
	ck_assert_uint_eq(cfg.trust_peers.n, 2);
	ck_assert_str_eq(cfg.trust_peers.items[0], "127.0.0.0/8");
	ck_assert_int_eq(gw_config_set(&cfg, "http.listen", "1.2.3.4:x", err, sizeof err), EINVAL);
	ck_assert_str_eq(cfg.http_listen.host, "127.0.0.1");
	ck_assert_int_eq(gw_config_set(&cfg, "trust.peers", "", err, sizeof err), 0);
	ck_assert_uint_eq(cfg.trust_peers.n, 0);
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(command_line_overrides_file)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];
	char const *path = write_conf("log.level = info\nhttp.listen = 127.0.0.1:8080\n");

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_load(&cfg, path, err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set_arg(&cfg, "log.level=debug", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set_arg(&cfg, "http.listen=127.0.0.1:0", err, sizeof err), 0);
	ck_assert_int_eq(cfg.log_level, GW_LOG_DEBUG);
	ck_assert_uint_eq(cfg.http_listen.port, 0);

	ck_assert_int_eq(gw_config_set_arg(&cfg, "log.level", err, sizeof err), EINVAL);
	ck_assert_str_eq(err, "'log.level': expected key=value");
	ck_assert_int_eq(gw_config_set_arg(&cfg, "=x", err, sizeof err), EINVAL);
	ck_assert_int_eq(gw_config_set_arg(&cfg, "log.lvl=debug", err, sizeof err), ENOENT);
	ck_assert_str_eq(err, "key 'log.lvl': unknown key");
	ck_assert_int_eq(gw_config_set_arg(&cfg, "session.poll_min=0s", err, sizeof err), EINVAL);
	ck_assert_str_eq(err, "key 'session.poll_min': 0s is outside 1s..1h");
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(cross_key_rules)
{
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_default", "3h", err, sizeof err),
			 0);
	ck_assert_int_eq(gw_config_check(&cfg, err, sizeof err), EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "'session.keepalive_default'"));
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_default", "1h", err, sizeof err),
			 0);
	ck_assert_int_eq(gw_config_check(&cfg, err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_min", "3h", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_check(&cfg, err, sizeof err), EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "min is larger than max"));
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(reload_applies_only_reloadable_keys)
{
	struct gw_config live, fresh;
	char err[GW_CONF_ERR_MAX];

	gw_log_set_level(GW_LOG_ERROR);	/* keep the test output quiet */
	ck_assert_int_eq(gw_config_init(&live), 0);
	ck_assert_int_eq(gw_config_init(&fresh), 0);
	ck_assert_int_eq(gw_config_set(&fresh, "log.level", "debug", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&fresh, "trust.peers", "10.0.0.1", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&fresh, "http.listen", "127.0.0.1:9", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&fresh, "store.path", "/x.db", err, sizeof err), 0);

	ck_assert_int_eq(gw_config_reload(&live, &fresh), 2);
	ck_assert_int_eq(live.log_level, GW_LOG_DEBUG);
	ck_assert_uint_eq(live.trust_peers.n, 1);
	ck_assert_str_eq(live.trust_peers.items[0], "10.0.0.1");
	ck_assert_uint_eq(live.http_listen.port, 8080);
	ck_assert_str_eq(live.store_path, "./var/iwf.db");
	/* Nothing changed: nothing to do. */
	ck_assert_int_eq(gw_config_set(&fresh, "http.listen", "127.0.0.1:8080", err, sizeof err),
			 0);
	ck_assert_int_eq(gw_config_set(&fresh, "store.path", "./var/iwf.db", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_reload(&live, &fresh), 0);
	gw_config_deinit(&live);
	gw_config_deinit(&fresh);
}
END_TEST

START_TEST(example_config_documents_every_key)
{
	/* conf/iwfd.conf loads cleanly and explains each key of the table. */
	char const *path = SRCDIR "/conf/iwfd.conf";
	struct gw_config cfg;
	char err[GW_CONF_ERR_MAX];
	unsigned n;
	struct gw_conf_key const *keys = gw_config_keys(&n);
	FILE *f = fopen(path, "r");
	static char text[65536];
	size_t len;

	ck_assert_ptr_nonnull(f);
	len = fread(text, 1, sizeof text - 1, f);
	text[len] = '\0';
	fclose(f);

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_msg(gw_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(gw_config_check(&cfg, err, sizeof err), 0);
	ck_assert_str_eq(cfg.imps_domain, "mno1.example");
	ck_assert_str_eq(cfg.http_listen.host, "127.0.0.1");
	for (unsigned i = 0; i < n; i++) {
		char want[128];
		char const *at;

		snprintf(want, sizeof want, "\n%s = ", keys[i].name);
		at = strstr(text, want);
		ck_assert_msg(at != NULL, "%s is not in conf/iwfd.conf", keys[i].name);
		/* The line before holds its explanation. */
		ck_assert_msg(at > text + 2 && at[-1] != '\n', "%s has no comment above it",
			      keys[i].name);
	}
	gw_config_deinit(&cfg);
}
END_TEST

START_TEST(help_and_dump_list_every_key)
{
	struct gw_config cfg;
	unsigned n;
	struct gw_conf_key const *keys = gw_config_keys(&n);
	static char text[65536];
	FILE *f = tmpfile();
	size_t len;

	ck_assert_int_eq(gw_config_init(&cfg), 0);
	gw_config_help(f);
	gw_config_dump(&cfg, f);
	rewind(f);
	len = fread(text, 1, sizeof text - 1, f);
	text[len] = '\0';
	fclose(f);
	for (unsigned i = 0; i < n; i++) {
		char want[128];

		snprintf(want, sizeof want, "%s (%s, default \"", keys[i].name,
			 gw_conf_type_name(keys[i].type));
		ck_assert_ptr_nonnull(strstr(text, want));
		snprintf(want, sizeof want, "\n%s = ", keys[i].name);
		ck_assert_ptr_nonnull(strstr(text, want));
	}
	ck_assert_ptr_nonnull(strstr(text, "log.level (enum, default \"notice\", reloadable)"));
	gw_config_deinit(&cfg);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("gw_config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, table_walk);
	tcase_add_test(tc, log_level_choices_match_the_log_table);
	tcase_add_test(tc, embedded_defaults_run_on_loopback);
	tcase_add_test(tc, file_sets_values);
	tcase_add_test(tc, unknown_key_names_key_and_line);
	tcase_add_test(tc, bad_values_name_key_line_and_reason);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, failed_set_keeps_old_value);
	tcase_add_test(tc, command_line_overrides_file);
	tcase_add_test(tc, cross_key_rules);
	tcase_add_test(tc, reload_applies_only_reloadable_keys);
	tcase_add_test(tc, example_config_documents_every_key);
	tcase_add_test(tc, help_and_dump_list_every_key);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
