/* tests/test_gw_net.c: numeric addresses and CIDR prefixes used by listeners and trust.peers. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "iwf/gw_net.h"

static struct sockaddr_storage addr(char const *host)
{
	struct sockaddr_storage ss;
	socklen_t len;

	ck_assert_int_eq(gw_sockaddr_make(host, 1234, &ss, &len), 0);
	return ss;
}

static int match(char const *cidr, char const *host)
{
	struct gw_cidr c;
	struct sockaddr_storage ss = addr(host);

	ck_assert_int_eq(gw_cidr_parse(cidr, &c), 0);
	return gw_cidr_match(&c, (struct sockaddr *)&ss);
}

START_TEST(loopback_is_trusted_and_others_are_not)
{
	ck_assert_int_eq(match("127.0.0.0/8", "127.0.0.1"), 1);
	ck_assert_int_eq(match("127.0.0.0/8", "127.255.1.2"), 1);
	ck_assert_int_eq(match("127.0.0.0/8", "128.0.0.1"), 0);
	ck_assert_int_eq(match("::1", "::1"), 1);
	ck_assert_int_eq(match("::1", "::2"), 0);
	/* A v4 peer seen through a dual-stack socket still matches a v4 prefix. */
	ck_assert_int_eq(match("127.0.0.0/8", "::ffff:127.0.0.1"), 1);
	ck_assert_int_eq(match("127.0.0.0/8", "::1"), 0);
	ck_assert_int_eq(match("::1", "127.0.0.1"), 0);
	/* Host bits are cleared; /0 matches all of a family. */
	ck_assert_int_eq(match("192.0.2.77/24", "192.0.2.1"), 1);
	ck_assert_int_eq(match("0.0.0.0/0", "203.0.113.9"), 1);
	ck_assert_int_eq(match("2001:db8::/32", "2001:db8:1::5"), 1);
	ck_assert_int_eq(match("2001:db8::/33", "2001:db8:8000::5"), 0);
	ck_assert_int_eq(match("10.1.2.3", "10.1.2.3"), 1);
	ck_assert_int_eq(match("10.1.2.3", "10.1.2.4"), 0);
}
END_TEST

START_TEST(trust_list_matches_any_item)
{
	char *items[] = {"10.0.0.0/8", "bogus", "::1"};
	struct sockaddr_storage a = addr("10.9.8.7"), b = addr("::1"), c = addr("192.0.2.1");

	ck_assert_int_eq(gw_cidr_list_match(items, 3, (struct sockaddr *)&a), 1);
	ck_assert_int_eq(gw_cidr_list_match(items, 3, (struct sockaddr *)&b), 1);
	ck_assert_int_eq(gw_cidr_list_match(items, 3, (struct sockaddr *)&c), 0);
	ck_assert_int_eq(gw_cidr_list_match(items, 0, (struct sockaddr *)&a), 0);
	ck_assert_int_eq(gw_cidr_list_match(items, 3, NULL), 0);
}
END_TEST

START_TEST(bad_prefixes_are_refused)
{
	static char const *const bad[] = {
		"", "/8", "127.0.0.1/", "127.0.0.1/33", "::1/129", "127.0.0.1/-1", "127.0.0.1/8x",
		"localhost", "1.2.3", "127.0.0.1/+8", "::1/ 8",
	};
	struct gw_cidr c = {.prefix = 99};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(gw_cidr_parse(bad[i], &c) == EINVAL, "'%s' accepted", bad[i]);
	ck_assert_int_eq(gw_cidr_parse(NULL, &c), EINVAL);
	ck_assert_uint_eq(c.prefix, 99);	/* untouched on error */
}
END_TEST

START_TEST(hostport_and_format_round_trip)
{
	static char const *const good[] = {"127.0.0.1:8080", "[::1]:0", "0.0.0.0:65535",
					   "[2001:db8::1]:443"};
	char buf[GW_ADDR_TEXT_MAX], out[GW_ADDR_TEXT_MAX];
	char const *host, *why;
	unsigned port;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct sockaddr_storage ss;
		socklen_t len;

		ck_assert_int_eq(gw_hostport_parse(good[i], buf, sizeof buf, &host, &port, &why), 0);
		ck_assert_int_eq(gw_sockaddr_make(host, port, &ss, &len), 0);
		gw_sockaddr_format((struct sockaddr *)&ss, 1, out, sizeof out);
		ck_assert_str_eq(out, good[i]);
	}
	ck_assert_int_eq(gw_hostport_parse("::1:80", buf, sizeof buf, &host, &port, &why), EINVAL);
	ck_assert_int_eq(gw_hostport_parse(":80", buf, sizeof buf, &host, &port, &why), EINVAL);
	ck_assert_int_eq(gw_hostport_parse("1.2.3.4:", buf, sizeof buf, &host, &port, &why),
			 EINVAL);
	ck_assert_int_eq(gw_hostport_parse("1.2.3.4:-1", buf, sizeof buf, &host, &port, &why),
			 EINVAL);
	ck_assert_int_eq(gw_hostport_parse("[1.2.3.4]:1", buf, sizeof buf, &host, &port, &why),
			 EINVAL);

	struct sockaddr_storage ss = addr("10.0.0.1");

	gw_sockaddr_format((struct sockaddr *)&ss, 0, out, sizeof out);
	ck_assert_str_eq(out, "10.0.0.1");
	gw_sockaddr_format(NULL, 1, out, sizeof out);
	ck_assert_str_eq(out, "(unknown address)");
	ck_assert_int_eq(gw_sockaddr_make("example.org", 1, &ss, &(socklen_t){0}), EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gw_net");
	TCase *tc = tcase_create("net");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, loopback_is_trusted_and_others_are_not);
	tcase_add_test(tc, bad_prefixes_are_refused);
	tcase_add_test(tc, trust_list_matches_any_item);
	tcase_add_test(tc, hostport_and_format_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
