/* tests/test_impsc.c: impsc's helpers: command words, login digests, addresses, tables, output lines. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/su_alloc.h>

#include "imps/impsc.h"

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

/* --- command words --- */

START_TEST(split_like_a_shell)
{
	static struct {
		char const *line;
		int argc;
		char const *argv[4];
	} const cases[] = {
		{"", 0, {NULL}},
		{"   \t\n", 0, {NULL}},
		{"# only a comment", 0, {NULL}},
		{"list-get", 1, {"list-get"}},
		{"  send  bob   hi  ", 3, {"send", "bob", "hi"}},
		{"presence-update status-text=\"in a meeting\"", 2,
		 {"presence-update", "status-text=in a meeting"}},
		{"a 'x \"y\" z' \"q\\\"w\"", 3, {"a", "x \"y\" z", "q\"w"}},
		{"a\\ b c", 2, {"a b", "c"}},
		{"send bob hi # not sent", 3, {"send", "bob", "hi"}},
		{"send bob a#b", 3, {"send", "bob", "a#b"}},
		{"x \"\" y", 3, {"x", "", "y"}},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[256], *argv[8];
		int argc = -1;

		strcpy(buf, cases[i].line);
		ck_assert_int_eq(impsc_split(buf, argv, 8, &argc), 0);
		ck_assert_msg(argc == cases[i].argc, "%s: %d words", cases[i].line, argc);
		for (int k = 0; k < argc; k++)
			ck_assert_str_eq(argv[k], cases[i].argv[k]);
	}
}
END_TEST

START_TEST(split_refuses)
{
	char buf[256], *argv[3];
	int argc = 42;

	strcpy(buf, "send \"unterminated");
	ck_assert_int_eq(impsc_split(buf, argv, 3, &argc), EINVAL);
	strcpy(buf, "send 'unterminated");
	ck_assert_int_eq(impsc_split(buf, argv, 3, &argc), EINVAL);
	strcpy(buf, "send trailing\\");
	ck_assert_int_eq(impsc_split(buf, argv, 3, &argc), EINVAL);
	strcpy(buf, "a b c d");
	ck_assert_int_eq(impsc_split(buf, argv, 3, &argc), E2BIG);
	ck_assert_int_eq(argc, 42); /* untouched on failure */
	ck_assert_int_eq(impsc_split(NULL, argv, 3, &argc), EINVAL);
}
END_TEST

/* --- login digest --- */

START_TEST(digest_md5_matches_aosp)
{
	char out[64];

	/* tests/data/samples/aosp-client_scripted-server_csp13-4way 001-rsp / 002-req. */
	ck_assert_int_eq(impsc_digest("MD5", "4f2a9c0e", "secret1", out, sizeof out), 0);
	ck_assert_str_eq(out, "fW96gGmNvaCiwJYpToYGLg==");
	ck_assert_int_eq(impsc_digest("md5", "4f2a9c0e", "secret1", out, sizeof out), 0);
	ck_assert_str_eq(out, "fW96gGmNvaCiwJYpToYGLg==");
	/* RFC 1321 test suite: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72. */
	ck_assert_int_eq(impsc_digest("MD5", "a", "bc", out, sizeof out), 0);
	ck_assert_str_eq(out, "kAFQmDzST7DWlj99KOF/cg==");
}
END_TEST

START_TEST(digest_sha1)
{
	static char const *const names[] = {"SHA", "SHA1", "sha-1", "sha"};
	char out[64];

	/* FIPS 180 example: SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d. */
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		ck_assert_int_eq(impsc_digest(names[i], "ab", "c", out, sizeof out), 0);
		ck_assert_str_eq(out, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
	}
	/* The empty password still hashes the nonce. */
	ck_assert_int_eq(impsc_digest("SHA", "abc", "", out, sizeof out), 0);
	ck_assert_str_eq(out, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
}
END_TEST

START_TEST(digest_refuses)
{
	char out[64] = "untouched";

	ck_assert_int_eq(impsc_digest("SHA-256", "n", "p", out, sizeof out), ENOTSUP);
	ck_assert_int_eq(impsc_digest("", "n", "p", out, sizeof out), ENOTSUP);
	ck_assert_str_eq(out, "untouched");
	/* MD5 needs 24 characters plus the NUL. */
	ck_assert_int_eq(impsc_digest("MD5", "n", "p", out, 24), E2BIG);
	ck_assert_int_eq(impsc_digest("MD5", "n", "p", out, 25), 0);
	ck_assert_int_eq(impsc_digest("SHA", "n", "p", out, 28), E2BIG);
	ck_assert_int_eq(impsc_digest(NULL, "n", "p", out, sizeof out), EINVAL);
	ck_assert_int_eq(impsc_digest("MD5", NULL, "p", out, sizeof out), EINVAL);
	ck_assert_int_eq(impsc_digest("MD5", "n", NULL, out, sizeof out), EINVAL);
}
END_TEST

/* --- addresses --- */

START_TEST(addresses_as_typed)
{
	char const *me = "wv:harry@mno1.example", *name;

	ck_assert_str_eq(impsc_user_id(home, me, "jane"), "wv:jane@mno1.example");
	ck_assert_str_eq(impsc_user_id(home, me, "jane@mno2.example"), "wv:jane@mno2.example");
	ck_assert_str_eq(impsc_user_id(home, me, "wv:jane@mno2.example"), "wv:jane@mno2.example");
	ck_assert_str_eq(impsc_user_id(home, me, "WV:Jane"), "WV:Jane@mno1.example");
	ck_assert_str_eq(impsc_user_id(home, NULL, "harry"), "wv:harry");
	ck_assert_str_eq(impsc_user_id(home, "wv:harry", "jane"), "wv:jane");

	ck_assert_str_eq(impsc_list_id(home, me, "friends"), "wv:harry/friends@mno1.example");
	ck_assert_str_eq(impsc_list_id(home, "harry", "friends"), "wv:harry/friends");
	ck_assert_str_eq(impsc_list_id(home, me, "wv:bob/x@y"), "wv:bob/x@y");
	ck_assert_str_eq(impsc_list_id(home, me, "bob/x@y"), "wv:bob/x@y");

	ck_assert_int_eq(impsc_is_list("list:friends", &name), 1);
	ck_assert_str_eq(name, "friends");
	ck_assert_int_eq(impsc_is_list("wv:harry/friends@mno1.example", &name), 1);
	ck_assert_str_eq(name, "wv:harry/friends@mno1.example");
	ck_assert_int_eq(impsc_is_list("jane", &name), 0);
	ck_assert_int_eq(impsc_is_list("wv:jane@mno1.example", &name), 0);
}
END_TEST

/* --- tables --- */

START_TEST(attr_table_walk)
{
	struct impsc_attr_key const *t = impsc_attr_table();
	size_t n = 0;

	for (size_t i = 0; t[i].key; i++, n++) {
		struct impsc_attr_key const *row = impsc_attr_lookup(t[i].key);

		/* Keys are unique (case-insensitive) and find their own row. */
		ck_assert_ptr_eq(row, &t[i]);
		for (size_t k = 0; k < i; k++)
			ck_assert_msg(strcasecmp(t[i].key, t[k].key), "duplicate key %s", t[i].key);
		ck_assert(t[i].element && t[i].element[0] >= 'A' && t[i].element[0] <= 'Z');
		if (t[i].kind == IMPSC_PV_CLIENT) {
			ck_assert_str_eq(t[i].element, "ClientInfo");
			ck_assert_ptr_nonnull(t[i].child);
			continue;
		}
		ck_assert_ptr_null(t[i].child);
		/* Element -> key -> element is the identity, one row per element. */
		ck_assert_str_eq(impsc_attr_key_of(t[i].element), t[i].key);
		ck_assert_ptr_eq(impsc_attr_lookup(t[i].element), &t[i]);
	}
	ck_assert_uint_ge(n, 20);
	/* Unknown names reach the default (NULL). */
	ck_assert_ptr_null(impsc_attr_lookup("nosuch"));
	ck_assert_ptr_null(impsc_attr_lookup("Nosuch"));
	ck_assert_ptr_null(impsc_attr_lookup(NULL));
	ck_assert_ptr_null(impsc_attr_key_of("Nosuch"));
	ck_assert_ptr_null(impsc_attr_key_of(NULL));
	/* Keys ignore case, element names do not. */
	ck_assert_str_eq(impsc_attr_lookup("Status-Text")->element, "StatusText");
	ck_assert_ptr_null(impsc_attr_lookup("statustext"));
}
END_TEST

START_TEST(bool_and_event_tables)
{
	static char const *const t[] = {"T", "t", "true", "YES", "1", "on"};
	static char const *const f[] = {"F", "false", "No", "0", "OFF"};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		ck_assert_str_eq(impsc_bool(t[i]), "T");
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		ck_assert_str_eq(impsc_bool(f[i]), "F");
	ck_assert_ptr_null(impsc_bool("maybe"));
	ck_assert_ptr_null(impsc_bool(""));
	ck_assert_ptr_null(impsc_bool(NULL));

	for (int ev = IMPSC_EV_ANY; ev <= IMPSC_EV_OTHER; ev++)
		ck_assert_int_eq(impsc_event_by_name(impsc_event_name(ev)), ev);
	ck_assert_int_eq(impsc_event_by_name("sometimes"), -1);
	ck_assert_int_eq(impsc_event_by_name(NULL), -1);
	ck_assert_str_eq(impsc_event_name(99), "?");
	ck_assert_int_eq(impsc_event_of("NewMessage"), IMPSC_EV_MESSAGE);
	ck_assert_int_eq(impsc_event_of("MessageNotification"), IMPSC_EV_MESSAGE);
	ck_assert_int_eq(impsc_event_of("PresenceNotification-Request"), IMPSC_EV_NOTIFICATION);
	ck_assert_int_eq(impsc_event_of("PresenceAuth-Request"), IMPSC_EV_AUTH);
	ck_assert_int_eq(impsc_event_of("DeliveryReport-Request"), IMPSC_EV_REPORT);
	ck_assert_int_eq(impsc_event_of("Disconnect"), -1);
	ck_assert_int_eq(impsc_event_of("InviteUser-Request"), IMPSC_EV_OTHER);
	ck_assert_int_eq(impsc_event_of(NULL), IMPSC_EV_OTHER);
}
END_TEST

START_TEST(command_table_walk)
{
	struct impsc_cmd const *t = impsc_cmd_table();

	for (size_t i = 0; t[i].name; i++) {
		ck_assert_ptr_eq(impsc_cmd_find(t[i].name), &t[i]);
		for (size_t k = 0; k < i; k++)
			ck_assert_str_ne(t[i].name, t[k].name);
		/* The usage text starts with the command's name. */
		ck_assert_int_eq(strncmp(t[i].usage, t[i].name, strlen(t[i].name)), 0);
		ck_assert(t[i].max_args < 0 || t[i].max_args >= t[i].min_args);
		ck_assert_ptr_nonnull(t[i].run);
	}
	ck_assert_ptr_null(impsc_cmd_find("bogus"));
	ck_assert_ptr_null(impsc_cmd_find(NULL));
}
END_TEST

START_TEST(command_syntax)
{
	static struct {
		char const *line;
		int ok;
	} const cases[] = {
		{"list-get", 1},
		{"list-get extra", 0},
		{"send bob", 0},
		{"send bob hello there", 1},
		{"list-add friends jane", 1},
		{"list-add friends jane Jane extra", 0},
		{"wait 1", 1},
		{"wait 2 messages", 1},
		{"wait 2 messages 10", 1},
		{"wait 2 10", 1},
		{"wait 0", 0},
		{"wait x", 0},
		{"wait 1 sometimes", 0},
		{"wait 1 any 10 more", 0},
		{"wait 1 any -5", 0},
		{"bogus", 0},
		{"logout", 1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[128], *argv[8];
		int argc;

		strcpy(buf, cases[i].line);
		ck_assert_int_eq(impsc_split(buf, argv, 8, &argc), 0);
		ck_assert_msg((impsc_cmd_check(argc, argv) == 0) == cases[i].ok, "%s", cases[i].line);
	}
}
END_TEST

/* --- output lines --- */

/* Parses a sample file and returns the primitive of its first transaction. */
static struct csp_node *sample(char const *rel, char const **tidp)
{
	static char buf[CSP_MAX_BODY];
	char path[512];
	struct csp_msg *m;
	struct csp_error err;
	FILE *f;
	size_t len;

	snprintf(path, sizeof path, "%s/tests/data/samples/%s", SRCDIR, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ck_assert_int_eq(csp_parse_xml(home, buf, len, &m, &err), 0);
	if (tidp)
		*tidp = m->trans->id;
	return m->trans->content;
}

/* The lines impsc prints for a server request of a sample file. */
static char *lines_of(char const *rel, int *itemsp)
{
	char const *tid;
	struct csp_node *prim = sample(rel, &tid);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char *copy;

	ck_assert_ptr_nonnull(f);
	*itemsp = impsc_print_server_request(f, home, tid, prim);
	fclose(f);
	copy = su_strdup(home, buf);
	free(buf);
	return copy;
}

START_TEST(server_request_lines)
{
	int n;

	ck_assert_str_eq(lines_of("aosp-client_scripted-server_csp12/014-rsp.xml", &n),
			 "MESSAGE from=wv:alice@imps.test to=wv:johndoe@imps.test id=m2 "
			 "type=text/plain text=\"hi johndoe\"\n");
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(lines_of("aosp-client_scripted-server_csp12/015-rsp.xml", &n),
			 "PRESENCE wv:alice@imps.test online=T availability=DISCREET "
			 "status-text=\"in a meeting\" comm-cap=IM:OPEN\n");
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(lines_of("aosp-client_scripted-server_csp12/017-rsp.xml", &n),
			 "AUTH-REQUEST from=wv:bob@imps.test attrs=online,availability,status-text\n");
	/* Screen names carry a blank: the value is quoted. */
	ck_assert_str_eq(lines_of("spec-wv11-examples/wv-072.xml", &n),
			 "DELIVERY-REPORT id=0x0000f132 to=\"wv:/happy@hippie.com#B. Billy\" code=200 "
			 "description=\"Successfully completed.\"\n");
	ck_assert_str_eq(lines_of("spec-wv11-examples/wv-064.xml", &n),
			 "MESSAGE-NOTIFICATION from=\"wv:john/chatgroup@there.com#Wicked Vicky\" "
			 "to=wv:john/chatgroup@there.com#Johnnie id=0x0000f132 type=text/plain "
			 "size=189\n");
	ck_assert_str_eq(lines_of("spec-wv11-examples/wv-015.xml", &n),
			 "DISCONNECT 601 Updating server software. All services offline for 3 "
			 "hours.\n");
}
END_TEST

START_TEST(every_presence_attribute)
{
	int n;
	char const *line = lines_of("spec-wv11-examples/wv-040.xml", &n);
	static char const *const parts[] = {
		"PRESENCE wv:he@there.com online=T registration=T client-type=MOBILE_PHONE ",
		" client-model=xyz200 ", " client-manufacturer=\"ABC Company\" ",
		" time-zone=Zone:+02 ", " location=\"At home\" ", " plmn=\"Sonera\" ",
		" geo-location=\"Longitude:35 24 15.652W,Latitude:12 36 22.5N,Accuracy:200\" ",
		" preferred-contacts=CALL:+35804123123,SMS:+35804123123,IM:ari@im.com ",
		" contact-info=PreferredvCard:http://www.foo.com/MyCard\n",
		" comm-cap=CALL:OPEN,CALL:CLOSED,IM:OPEN ", " availability=AVAILABLE ",
		" language=\"fin\" ", " client-language=fin ", " status-text=\"Busy editing a document\" ", " mood=SLEEPY ",
		" alias=\"He\" ", "Country:GB,City:London",
	};

	ck_assert_int_eq(n, 1);
	ck_assert_msg(strchr(line, '\n') == line + strlen(line) - 1, "one line: %s", line);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		ck_assert_msg(strstr(line, parts[i]) != NULL, "no \"%s\" in %s", parts[i], line);
}
END_TEST

START_TEST(quoting)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	impsc_put_quoted(f, "a\"b\\c\nd\te\x01");
	impsc_put_kv(f, "bare", "wv:a@b", 0);
	impsc_put_kv(f, "blank", "a b", 0);
	impsc_put_kv(f, "eq", "a=b", 0);
	impsc_put_kv(f, "empty", "", 0);
	impsc_put_kv(f, "none", NULL, 1);
	impsc_put_kv(f, "forced", "x", 1);
	impsc_put_kv(f, "utf8", "gr\xc3\xbc\xc3\x9f", 0);
	impsc_put_text(f, "two\nlines");
	impsc_put_text(f, NULL);
	fclose(f);
	ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\nd\\te\\x01\" bare=wv:a@b blank=\"a b\" eq=\"a=b\" "
			 "empty=\"\" none=- forced=\"x\" utf8=gr\xc3\xbc\xc3\x9f two lines");
	free(buf);
}
END_TEST

START_TEST(results)
{
	struct csp_node *st = csp_node_add(home, NULL, "Status");
	struct csp_node *r = csp_node_add(home, st, "Result");
	long code = -1;
	char const *desc = "x";

	ck_assert_int_eq(impsc_result(st, &code, &desc), ENOENT);
	csp_node_add_text(home, r, "Code", "531");
	ck_assert_int_eq(impsc_result(st, &code, &desc), 0);
	ck_assert_int_eq(code, 531);
	ck_assert_ptr_null(desc);
	ck_assert_int_eq(impsc_result(r, &code, &desc), 0);
	r = csp_node_add(home, csp_node_add(home, NULL, "Status"), "Result");
	csp_node_add_text(home, r, "Code", "2x0");
	ck_assert_int_eq(impsc_result(r->parent, &code, &desc), ENOENT);
	ck_assert_int_eq(impsc_result(NULL, &code, &desc), ENOENT);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("impsc");
	TCase *tc = tcase_create("helpers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, split_like_a_shell);
	tcase_add_test(tc, split_refuses);
	tcase_add_test(tc, digest_md5_matches_aosp);
	tcase_add_test(tc, digest_sha1);
	tcase_add_test(tc, digest_refuses);
	tcase_add_test(tc, addresses_as_typed);
	tcase_add_test(tc, attr_table_walk);
	tcase_add_test(tc, bool_and_event_tables);
	tcase_add_test(tc, command_table_walk);
	tcase_add_test(tc, command_syntax);
	tcase_add_test(tc, server_request_lines);
	tcase_add_test(tc, every_presence_attribute);
	tcase_add_test(tc, quoting);
	tcase_add_test(tc, results);
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
