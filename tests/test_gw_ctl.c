/* tests/test_gw_ctl.c: the control socket protocol and the small helpers (user names, JSON, sd_notify). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <sofia-sip/su_wait.h>

#include "iwf/gw_ctl.h"
#include "iwf/gw_log.h"
#include "iwf/gw_loop.h"
#include "iwf/gw_util.h"

static char dir[64], sock[128];
static struct gw_loop *loop;
static struct gw_ctl *ctl;

static int cmd_echo(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	(void)ctx;
	for (int i = 1; i < argc; i++)
		gw_buf_printf(out, "%s%s", i > 1 ? "," : "", argv[i]);
	return 0;
}

static int cmd_fail(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	(void)ctx;
	(void)out;
	return argc > 1 && strcmp(argv[1], "quiet") == 0 ? ENOENT :
		(gw_buf_printf(out, "it went wrong"), EIO);
}

static struct gw_ctl_cmd const cmds[] = {
	{"echo", cmd_echo, "repeat the words"},
	{"fail", cmd_fail, "always fails"},
	{NULL, NULL, NULL},
};

static void setup(void)
{
	strcpy(dir, "/tmp/test_gw_ctl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof sock, "%s/run/ctl", dir);
	gw_log_open("test_gw_ctl", GW_LOG_ERROR, 0);
	ck_assert_int_eq(gw_loop_create(&loop), 0);
	ck_assert_int_eq(gw_ctl_start(&ctl, gw_loop_root(loop), sock, cmds, NULL), 0);
}

static void teardown(void)
{
	char cmd[128];

	gw_ctl_stop(ctl);
	gw_loop_destroy(loop);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* One call from a client thread while the loop runs here. */
struct call {
	char const *line;
	int rc, done;
	char answer[1024];
};

static void *caller(void *arg)
{
	struct call *c = arg;

	c->rc = gw_ctl_call(sock, c->line, c->answer, sizeof c->answer, 3000);
	__atomic_store_n(&c->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int call(char const *line, char *answer)
{
	struct call c = {.line = line};
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, caller, &c), 0);
	while (!__atomic_load_n(&c.done, __ATOMIC_SEQ_CST))
		su_root_step(gw_loop_root(loop), 10);
	pthread_join(t, NULL);
	strcpy(answer, c.answer);
	return c.rc;
}

START_TEST(commands_answer_ok_or_error)
{
	char a[1024];
	struct stat sb;

	ck_assert_int_eq(stat(sock, &sb), 0);
	ck_assert(S_ISSOCK(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0600);

	ck_assert_int_eq(call("echo a  b\tc", a), 0);
	ck_assert_str_eq(a, "a,b,c");
	ck_assert_int_eq(call("echo", a), 0);
	ck_assert_str_eq(a, "");
	ck_assert_int_eq(call("fail", a), EPROTO);
	ck_assert_str_eq(a, "it went wrong");
	ck_assert_int_eq(call("fail quiet", a), EPROTO);
	ck_assert_str_eq(a, strerror(ENOENT));
	ck_assert_int_eq(call("nope", a), EPROTO);
	ck_assert_str_eq(a, "unknown command 'nope' (try help)");
	ck_assert_int_eq(call("", a), EPROTO);
	ck_assert_int_eq(call("help", a), 0);
	ck_assert_str_eq(a, "echo: repeat the words; fail: always fails");
	ck_assert_int_eq(call("echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", a), EPROTO);
	ck_assert_str_eq(a, "too many words");
	ck_assert_int_eq(gw_ctl_call(sock, "two\nlines", a, sizeof a, 100), EINVAL);
}
END_TEST

/* A raw client: several commands on one connection, and a line that is too long. */
struct raw {
	char const *send;
	size_t len;
	int done;
	char got[4096];
};

static void *raw_client(void *arg)
{
	struct raw *r = arg;
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	size_t n = 0;
	ssize_t k;

	strcpy(sun.sun_path, sock);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0) {
		(void)!send(fd, r->send, r->len, MSG_NOSIGNAL);
		shutdown(fd, SHUT_WR);
		while ((k = recv(fd, r->got + n, sizeof r->got - 1 - n, 0)) > 0)
			n += (size_t)k;
	}
	r->got[n] = '\0';
	close(fd);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void run_raw(struct raw *r)
{
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, raw_client, r), 0);
	while (!__atomic_load_n(&r->done, __ATOMIC_SEQ_CST))
		su_root_step(gw_loop_root(loop), 10);
	pthread_join(t, NULL);
}

START_TEST(one_connection_many_commands_and_bounded_lines)
{
	struct raw r = {.send = "echo x\necho y\r\nnope\n"};

	r.len = strlen(r.send);
	run_raw(&r);
	ck_assert_str_eq(r.got, "ok x\nok y\nerror unknown command 'nope' (try help)\n");

	static char big[GW_CTL_LINE_MAX + 10];
	struct raw l = {.send = big, .len = sizeof big};

	memset(big, 'x', sizeof big);
	run_raw(&l);
	ck_assert_str_eq(l.got, "error line too long\n");
}
END_TEST

START_TEST(a_live_socket_is_not_taken_over)
{
	struct gw_ctl *other;
	int fd;

	ck_assert_int_eq(gw_ctl_start(&other, gw_loop_root(loop), sock, cmds, NULL), EADDRINUSE);
	/* A plain file in the way is not removed. */
	char path[160];

	snprintf(path, sizeof path, "%s/file", dir);
	fd = creat(path, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(gw_ctl_start(&other, gw_loop_root(loop), path, cmds, NULL), EEXIST);
	ck_assert_int_eq(access(path, F_OK), 0);
	char a[64];

	snprintf(path, sizeof path, "%s/none", dir);
	ck_assert_int_eq(gw_ctl_call(path, "status", a, sizeof a, 100), ENOENT);
}
END_TEST

START_TEST(user_names_are_normalised)
{
	static struct {
		char const *in, *out;
	} const good[] = {
		{"harry", "harry"}, {"Harry", "harry"}, {"wv:harry@mno1.example", "harry"},
		{"WV:Harry@MNO1.Example", "harry"}, {"h.a_r-r+y~1", "h.a_r-r+y~1"},
	};
	static char const *const bad[] = {
		"", "wv:", "harry@mno2.example", "har ry", "harry/list", "h\xc3\xa4rry", "a:b",
		"wv:@mno1.example",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",	/* 65 */
	};
	char out[GW_USER_NAME_MAX + 1];
	char const *why;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_int_eq(gw_user_name(good[i].in, "mno1.example", out, sizeof out, &why), 0);
		ck_assert_str_eq(out, good[i].out);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strcpy(out, "untouched");
		why = NULL;
		ck_assert_msg(gw_user_name(bad[i], "mno1.example", out, sizeof out, &why) == EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_ptr_nonnull(why);
		ck_assert_str_eq(out, "untouched");
	}
}
END_TEST

START_TEST(json_strings_and_bounded_buffers)
{
	struct gw_buf b;

	gw_buf_init(&b);
	gw_buf_json_str(&b, "a\"b\\c\nd\x01");
	gw_buf_printf(&b, ",");
	gw_buf_json_str(&b, NULL);
	ck_assert_str_eq(b.text, "\"a\\\"b\\\\c\\u000ad\\u0001\",null");
	ck_assert_int_eq(b.full, 0);

	gw_buf_init(&b);
	for (int i = 0; i < GW_BUF_MAX; i++)
		gw_buf_printf(&b, "xy");
	ck_assert_int_eq(b.full, 1);
	ck_assert_uint_lt(b.len, GW_BUF_MAX);
	ck_assert_uint_eq(strlen(b.text), b.len);
}
END_TEST

START_TEST(mkdir_parent_and_sd_notify)
{
	char path[160], got[64];
	struct stat sb;
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "%s/a/b/c/file", dir);
	ck_assert_int_eq(gw_mkdir_parent(path), 0);
	snprintf(path, sizeof path, "%s/a/b/c", dir);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	ck_assert_int_eq(gw_mkdir_parent("plain"), 0);

	/* Without NOTIFY_SOCKET nothing happens; with it, a datagram arrives. */
	unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(gw_sd_notify("READY=1"), 0);
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s/notify", dir);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	setenv("NOTIFY_SOCKET", sun.sun_path, 1);
	ck_assert_int_eq(gw_sd_notify("READY=1"), 0);
	n = recv(fd, got, sizeof got - 1, MSG_DONTWAIT);
	ck_assert_int_eq(n, 7);
	got[n] = '\0';
	ck_assert_str_eq(got, "READY=1");
	close(fd);
	setenv("NOTIFY_SOCKET", "relative", 1);
	ck_assert_int_eq(gw_sd_notify("READY=1"), EINVAL);
	unsetenv("NOTIFY_SOCKET");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gw_ctl");
	TCase *tc = tcase_create("ctl");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, commands_answer_ok_or_error);
	tcase_add_test(tc, one_connection_many_commands_and_bounded_lines);
	tcase_add_test(tc, a_live_socket_is_not_taken_over);
	tcase_add_test(tc, user_names_are_normalised);
	tcase_add_test(tc, json_strings_and_bounded_buffers);
	tcase_add_test(tc, mkdir_parent_and_sd_notify);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
