/* tests/test_gw_http.c: the CSP HTTP server on su_root (MHD external epoll) and gw_curl against it. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SU_TIMER_ARG_T void
#include <sofia-sip/su_wait.h>

#include "iwf/gw_curl.h"
#include "iwf/gw_http.h"
#include "iwf/gw_log.h"
#include "iwf/gw_loop.h"

static struct gw_loop *loop;
static struct gw_http *http;
static struct gw_curl *curl;
static char url[128], other_url[128];

/* What the handler does with the next request. */
enum mode { ECHO, DEFER_THEN_ANSWER, DEFER_FOREVER, DEFER_CANCEL_ANSWERS, FORGET };
static enum mode mode;
static struct gw_http_req *waiting;
static int cancelled_reason;
static int handler_calls;
static char seen_ctype[64], seen_peer[64], seen_msisdn[32];

static void on_cancel(void *arg, struct gw_http_req *req, int reason)
{
	(void)arg;
	cancelled_reason = reason;
	if (mode == DEFER_CANCEL_ANSWERS && reason == ETIMEDOUT)
		ck_assert_int_eq(gw_http_answer(req, 200, "text/plain", "late but here", 13), 0);
	waiting = NULL;
}

static void answer_later(su_root_magic_t *magic, su_timer_t *t, void *arg)
{
	(void)magic;
	(void)arg;
	su_timer_destroy(t);
	if (waiting) {
		size_t len;
		char const *body = gw_http_req_body(waiting, &len);
		char out[256];
		int n = snprintf(out, sizeof out, "later:%.*s", (int)len, body);

		ck_assert_int_eq(gw_http_answer(waiting, 200, "text/plain", out, (size_t)n), 0);
		waiting = NULL;
	}
}

static void handler(void *ctx, struct gw_http_req *req)
{
	size_t len;
	char const *body = gw_http_req_body(req, &len);
	char const *ct = gw_http_req_content_type(req);
	char const *msisdn = gw_http_req_header(req, "x-network-msisdn");

	(void)ctx;
	handler_calls++;
	snprintf(seen_ctype, sizeof seen_ctype, "%s", ct ? ct : "");
	snprintf(seen_peer, sizeof seen_peer, "%s", gw_http_req_peer_text(req));
	snprintf(seen_msisdn, sizeof seen_msisdn, "%s", msisdn ? msisdn : "");
	ck_assert_int_eq(gw_http_req_peer(req)->sa_family, AF_INET);
	ck_assert_ptr_nonnull(su_strdup(gw_http_req_home(req), "owned by the request"));

	switch (mode) {
	case ECHO: {
		char *out = su_sprintf(gw_http_req_home(req), "echo:%.*s", (int)len, body);

		ck_assert_int_eq(gw_http_answer(req, 200, "application/vnd.wv.csp.xml", out,
						strlen(out)), 0);
		ck_assert_int_eq(gw_http_answer(req, 200, NULL, NULL, 0), EALREADY);
		ck_assert_int_eq(gw_http_defer(req, NULL, NULL), EALREADY);
		break;
	}
	case DEFER_THEN_ANSWER: {
		su_timer_t *t = su_timer_create(su_root_task(gw_loop_root(loop)), 0);

		ck_assert_int_eq(gw_http_defer(req, on_cancel, NULL), 0);
		ck_assert_int_eq(gw_http_defer(req, on_cancel, NULL), EALREADY);
		waiting = req;
		su_timer_set_interval(t, answer_later, NULL, 200);
		break;
	}
	case DEFER_FOREVER:
	case DEFER_CANCEL_ANSWERS:
		ck_assert_int_eq(gw_http_defer(req, on_cancel, NULL), 0);
		waiting = req;
		break;
	case FORGET:
		break;
	}
}

static struct gw_http_conf conf(void)
{
	return (struct gw_http_conf){
		.host = "127.0.0.1", .port = 0, .path = "/imps", .max_body = 4096,
		.connection_limit = 64, .connection_timeout_s = 1, .memory_limit = 16384,
		.answer_timeout_ms = 500,
	};
}

static void setup(void)
{
	struct gw_http_conf c = conf();

	gw_log_open("test_gw_http", GW_LOG_WARNING, 0);
	ck_assert_int_eq(gw_loop_create(&loop), 0);
	ck_assert_int_eq(gw_http_start(&http, gw_loop_root(loop), &c, handler, NULL), 0);
	ck_assert_uint_ne(gw_http_port(http), 0);
	ck_assert_int_eq(gw_curl_create(&curl, gw_loop_root(loop)), 0);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/imps", gw_http_port(http));
	snprintf(other_url, sizeof other_url, "http://127.0.0.1:%u/other", gw_http_port(http));
	mode = ECHO;
	waiting = NULL;
	cancelled_reason = 0;
	handler_calls = 0;
}

static void teardown(void)
{
	gw_curl_destroy(curl);
	gw_http_stop(http);
	gw_loop_destroy(loop);
}

/* --- gw_curl client on the same loop ----------------------------------------------------- */

struct result {
	int done, err;
	long status;
	char body[8192];
	size_t len;
};

static void on_done(void *arg, int err, long status, char const *body, size_t len)
{
	struct result *r = arg;

	r->done = 1;
	r->err = err;
	r->status = status;
	r->len = len < sizeof r->body - 1 ? len : sizeof r->body - 1;
	if (body)
		memcpy(r->body, body, r->len);
	r->body[r->len] = '\0';
}

static void fetch(char const *u, char const *body, struct result *r, int64_t timeout_ms)
{
	struct gw_curl_req req = {.url = u, .content_type = "application/vnd.wv.csp.xml",
				  .body = body, .body_len = body ? strlen(body) : 0,
				  .timeout_ms = timeout_ms};

	memset(r, 0, sizeof *r);
	ck_assert_int_eq(gw_curl_fetch(curl, &req, on_done, r, NULL), 0);
	ck_assert_int_eq(gw_loop_run_until(loop, &r->done, 10000), 0);
}

START_TEST(post_is_answered_by_the_handler)
{
	struct result r;

	fetch(url, "<WV-CSP-Message/>", &r, 0);
	ck_assert_int_eq(r.err, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "echo:<WV-CSP-Message/>");
	ck_assert_str_eq(seen_ctype, "application/vnd.wv.csp.xml");
	ck_assert_int_eq(strncmp(seen_peer, "127.0.0.1:", 10), 0);

	/* An empty POST is a request too (e.g. a bare poll). */
	fetch(url, "", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "echo:");

	/* Keep-alive: many requests in a row over the same client. */
	for (int i = 0; i < 50; i++) {
		char b[32];

		snprintf(b, sizeof b, "n=%d", i);
		fetch(url, b, &r, 0);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(r.body + 5, b);
	}
	ck_assert_int_eq(handler_calls, 52);

	struct gw_http_stats s;

	gw_http_stats(http, &s);
	ck_assert_uint_eq(s.requests, 52);
	ck_assert_uint_eq(s.deferred, 0);
}
END_TEST

START_TEST(other_paths_404_other_methods_405)
{
	struct result r;

	fetch(other_url, "x", &r, 0);
	ck_assert_int_eq(r.status, 404);
	fetch(url, NULL, &r, 0);	/* GET */
	ck_assert_int_eq(r.status, 405);
	ck_assert_int_eq(handler_calls, 0);

	struct gw_http_stats s;

	gw_http_stats(http, &s);
	ck_assert_uint_eq(s.not_found, 1);
	ck_assert_uint_eq(s.bad_method, 1);
}
END_TEST

START_TEST(deferred_answer_arrives_later)
{
	struct result r;
	struct gw_http_stats s;

	mode = DEFER_THEN_ANSWER;
	fetch(url, "wait for SIP", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "later:wait for SIP");
	ck_assert_int_eq(cancelled_reason, 0);
	gw_http_stats(http, &s);
	ck_assert_uint_eq(s.deferred, 1);
	ck_assert_uint_eq(s.waiting, 0);

	/* The connection is usable again afterwards. */
	mode = ECHO;
	fetch(url, "again", &r, 0);
	ck_assert_str_eq(r.body, "echo:again");
}
END_TEST

START_TEST(deferred_answer_past_its_deadline_gets_504)
{
	struct result r;
	struct timespec a, b;

	mode = DEFER_FOREVER;
	clock_gettime(CLOCK_MONOTONIC, &a);
	fetch(url, "never answered", &r, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ck_assert_int_eq(r.status, 504);
	ck_assert_int_eq(cancelled_reason, ETIMEDOUT);
	ck_assert_ptr_null(waiting);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;

	ck_assert_int_ge(ms, 450);
	ck_assert_int_lt(ms, 3000);

	/* The cancel callback may still answer. */
	mode = DEFER_CANCEL_ANSWERS;
	fetch(url, "x", &r, 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "late but here");

	struct gw_http_stats s;

	gw_http_stats(http, &s);
	ck_assert_uint_eq(s.timeouts, 2);
}
END_TEST

START_TEST(handler_that_forgets_gets_500)
{
	struct result r;

	mode = FORGET;
	fetch(url, "x", &r, 0);
	ck_assert_int_eq(r.status, 500);
}
END_TEST

START_TEST(stopping_with_a_deferred_request_cancels_it)
{
	struct result r = {0};
	struct gw_curl_req req = {.url = url, .body = "x", .body_len = 1};
	struct gw_http_stats s;

	mode = DEFER_FOREVER;
	ck_assert_int_eq(gw_curl_fetch(curl, &req, on_done, &r, NULL), 0);
	for (int i = 0; i < 100 && !waiting; i++)
		su_root_step(gw_loop_root(loop), 20);
	ck_assert_ptr_nonnull(waiting);
	gw_http_stats(http, &s);
	ck_assert_uint_eq(s.waiting, 1);
	gw_http_stop(http);
	http = NULL;
	ck_assert_int_eq(cancelled_reason, ESHUTDOWN);
	ck_assert_ptr_null(waiting);
	/* The client learns one way or another. */
	ck_assert_int_eq(gw_loop_run_until(loop, &r.done, 5000), 0);
	ck_assert(r.err != 0 || r.status == 503);
}
END_TEST

/* --- raw clients in a thread (things curl will not send) --------------------------------- */

struct raw {
	unsigned port;
	char const *request;		/* sent at once */
	size_t request_len;
	char const *trickle;		/* then, if set, sent in small pieces until closed */
	int done;
	char answer[4096];
	long closed_after_ms;		/* when the server closed, since connect */
};

static void *raw_client(void *arg)
{
	struct raw *r = arg;
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)r->port)};
	struct timespec a, b;
	size_t got = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0) {
		if (r->request)
			(void)!send(fd, r->request, r->request_len ? r->request_len :
				    strlen(r->request), MSG_NOSIGNAL);
		for (;;) {
			struct pollfd p = {.fd = fd, .events = POLLIN};
			int n = poll(&p, 1, 100);

			if (n == 0 && r->trickle) {
				if (send(fd, r->trickle, 1, MSG_NOSIGNAL) < 0)
					break;
				continue;
			}
			if (n < 0)
				break;
			ssize_t k = recv(fd, r->answer + got, sizeof r->answer - 1 - got, 0);

			if (k <= 0)
				break;
			got += (size_t)k;
			clock_gettime(CLOCK_MONOTONIC, &b);
			if ((b.tv_sec - a.tv_sec) > 8)
				break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->closed_after_ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	r->answer[got] = '\0';
	close(fd);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void run_raw(struct raw *r)
{
	pthread_t t;

	r->port = gw_http_port(http);
	ck_assert_int_eq(pthread_create(&t, NULL, raw_client, r), 0);
	while (!__atomic_load_n(&r->done, __ATOMIC_SEQ_CST))
		su_root_step(gw_loop_root(loop), 20);
	pthread_join(t, NULL);
}

START_TEST(huge_content_length_gets_413_before_any_body)
{
	struct raw r = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\n"
			"Content-Length: 4294967295\r\n\r\n"};

	run_raw(&r);
	ck_assert_msg(strncmp(r.answer, "HTTP/1.1 413", 12) == 0, "got: %s", r.answer);
	ck_assert_int_eq(handler_calls, 0);
	/* The server closes at once (well before the 1 s idle timeout): no body is read. */
	ck_assert_int_lt(r.closed_after_ms, 500);

	struct raw r2 = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\n"
			 "Content-Length: 99999999999999999999999\r\n\r\n"};

	run_raw(&r2);
	ck_assert_msg(strncmp(r2.answer, "HTTP/1.1 4", 10) == 0, "got: %s", r2.answer);

	/* Just above the limit (4096). */
	struct raw r3 = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\nContent-Length: 4097\r\n\r\n"};

	run_raw(&r3);
	ck_assert_msg(strncmp(r3.answer, "HTTP/1.1 413", 12) == 0, "got: %s", r3.answer);
	ck_assert_int_eq(handler_calls, 0);
}
END_TEST

START_TEST(chunked_body_past_the_limit_gets_413)
{
	static char req[16384];
	size_t n = (size_t)snprintf(req, sizeof req, "POST /imps HTTP/1.1\r\nHost: x\r\n"
				    "Transfer-Encoding: chunked\r\n\r\n");

	/* 5 chunks of 1000 bytes: 5000 > 4096. */
	for (int i = 0; i < 5; i++) {
		n += (size_t)snprintf(req + n, sizeof req - n, "3e8\r\n");
		memset(req + n, 'a', 1000);
		n += 1000;
		n += (size_t)snprintf(req + n, sizeof req - n, "\r\n");
	}
	n += (size_t)snprintf(req + n, sizeof req - n, "0\r\n\r\n");

	struct raw r = {.request = req, .request_len = n};

	run_raw(&r);
	ck_assert_msg(strncmp(r.answer, "HTTP/1.1 413", 12) == 0, "got: %.60s", r.answer);
	ck_assert_int_eq(handler_calls, 0);
	ck_assert_int_lt(r.closed_after_ms, 500);

	/* Within the limit, chunked is fine. */
	struct raw ok = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
			 "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"};

	run_raw(&ok);
	ck_assert_msg(strncmp(ok.answer, "HTTP/1.1 200", 12) == 0, "got: %.60s", ok.answer);
	ck_assert_ptr_nonnull(strstr(ok.answer, "echo:hello"));
}
END_TEST

START_TEST(method_not_allowed_says_allow_post)
{
	struct raw r = {.request = "PUT /imps HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"};

	run_raw(&r);
	ck_assert_msg(strncmp(r.answer, "HTTP/1.1 405", 12) == 0, "got: %s", r.answer);
	ck_assert_ptr_nonnull(strcasestr(r.answer, "\r\nAllow: POST\r\n"));
}
END_TEST

START_TEST(handler_sees_headers_and_peer)
{
	struct raw r = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
			"Content-Type: application/vnd.wv.csp.wbxml\r\n"
			"X-Network-MSISDN: 447700900123\r\n\r\nhi"};

	run_raw(&r);
	ck_assert_msg(strncmp(r.answer, "HTTP/1.1 200", 12) == 0, "got: %s", r.answer);
	ck_assert_str_eq(seen_ctype, "application/vnd.wv.csp.wbxml");
	ck_assert_str_eq(seen_msisdn, "447700900123");
	ck_assert_ptr_nonnull(strcasestr(r.answer, "Content-Type: application/vnd.wv.csp.xml"));
}
END_TEST

START_TEST(slowloris_is_cut_off_by_the_connection_timeout)
{
	/* Headers that never finish: the connection goes once it has been idle for the 1 s
	 * connection timeout (a client that trickles bytes faster than that is bounded by
	 * memory_limit and connection_limit instead). */
	struct raw r = {.request = "POST /imps HTTP/1.1\r\nHost: x\r\nX-Slow: "};

	run_raw(&r);
	ck_assert_int_ge(r.closed_after_ms, 900);
	ck_assert_int_lt(r.closed_after_ms, 4000);
	ck_assert_int_eq(handler_calls, 0);
}
END_TEST

START_TEST(oversized_headers_are_refused)
{
	static char req[40000];
	size_t n = (size_t)snprintf(req, sizeof req, "POST /imps HTTP/1.1\r\nHost: x\r\nX-Big: ");

	memset(req + n, 'h', 30000);	/* memory_limit is 16 KiB */
	n += 30000;
	n += (size_t)snprintf(req + n, sizeof req - n, "\r\nContent-Length: 0\r\n\r\n");

	struct raw r = {.request = req, .request_len = n};

	run_raw(&r);
	ck_assert_int_eq(handler_calls, 0);
	ck_assert_msg(r.answer[0] == '\0' || strncmp(r.answer, "HTTP/1.1 4", 10) == 0,
		      "got: %.60s", r.answer);
}
END_TEST

/* --- gw_curl errors ---------------------------------------------------------------------- */

START_TEST(curl_errors_are_mapped)
{
	struct result r;
	char closed[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t sl = sizeof sin;

	/* A port that was free a moment ago: connection refused. */
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	close(fd);
	snprintf(closed, sizeof closed, "http://127.0.0.1:%u/", ntohs(sin.sin_port));
	fetch(closed, "x", &r, 2000);
	ck_assert_int_eq(r.err, ECONNREFUSED);

	/* The server defers longer than the client waits. */
	mode = DEFER_FOREVER;
	fetch(url, "x", &r, 200);
	ck_assert_int_eq(r.err, ETIMEDOUT);
	/* Let the server's deadline pass so that the deferred request is cleaned. */
	int dummy = 0;

	gw_loop_run_until(loop, &dummy, 700);
	ck_assert_int_eq(cancelled_reason, ETIMEDOUT);

	/* An answer larger than max_body. */
	mode = ECHO;
	struct gw_curl_req big = {.url = url, .body = "0123456789", .body_len = 10, .max_body = 8};

	memset(&r, 0, sizeof r);
	ck_assert_int_eq(gw_curl_fetch(curl, &big, on_done, &r, NULL), 0);
	ck_assert_int_eq(gw_loop_run_until(loop, &r.done, 5000), 0);
	ck_assert_int_eq(r.err, E2BIG);

	/* Bad requests are refused up front. */
	struct gw_curl_req bad = {.url = "file:///etc/passwd"};

	ck_assert_int_eq(gw_curl_fetch(curl, &bad, on_done, &r, NULL), EINVAL);
	bad.url = NULL;
	ck_assert_int_eq(gw_curl_fetch(curl, &bad, on_done, &r, NULL), EINVAL);
}
END_TEST

START_TEST(curl_cancel_calls_nothing)
{
	struct result r = {0};
	struct gw_curl_xfer *x;
	struct gw_curl_req req = {.url = url, .body = "x", .body_len = 1};
	int dummy = 0;

	mode = DEFER_THEN_ANSWER;
	ck_assert_int_eq(gw_curl_fetch(curl, &req, on_done, &r, &x), 0);
	ck_assert_uint_eq(gw_curl_running(curl), 1);
	gw_loop_run_until(loop, &dummy, 50);
	gw_curl_cancel(x);
	ck_assert_uint_eq(gw_curl_running(curl), 0);
	gw_loop_run_until(loop, &dummy, 400);
	ck_assert_int_eq(r.done, 0);

	/* Destroy with a transfer in flight: no callback, no leak. */
	ck_assert_int_eq(gw_curl_fetch(curl, &req, on_done, &r, NULL), 0);
	gw_curl_destroy(curl);
	ck_assert_int_eq(gw_curl_create(&curl, gw_loop_root(loop)), 0);
	gw_loop_run_until(loop, &dummy, 300);
	ck_assert_int_eq(r.done, 0);
}
END_TEST

START_TEST(start_errors)
{
	struct gw_http *h2;
	struct gw_http_conf c = conf();

	c.port = gw_http_port(http);
	ck_assert_int_eq(gw_http_start(&h2, gw_loop_root(loop), &c, handler, NULL), EADDRINUSE);
	c = conf();
	c.host = "localhost";
	ck_assert_int_eq(gw_http_start(&h2, gw_loop_root(loop), &c, handler, NULL), EINVAL);
	c = conf();
	c.path = "imps";
	ck_assert_int_eq(gw_http_start(&h2, gw_loop_root(loop), &c, handler, NULL), EINVAL);

	/* IPv6 loopback works when the host has it. */
	c = conf();
	c.host = "::1";
	if (gw_http_start(&h2, gw_loop_root(loop), &c, handler, NULL) == 0) {
		ck_assert_uint_ne(gw_http_port(h2), 0);
		gw_http_stop(h2);
	}
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("gw_http");
	TCase *tc = tcase_create("http");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, post_is_answered_by_the_handler);
	tcase_add_test(tc, other_paths_404_other_methods_405);
	tcase_add_test(tc, deferred_answer_arrives_later);
	tcase_add_test(tc, deferred_answer_past_its_deadline_gets_504);
	tcase_add_test(tc, handler_that_forgets_gets_500);
	tcase_add_test(tc, stopping_with_a_deferred_request_cancels_it);
	tcase_add_test(tc, huge_content_length_gets_413_before_any_body);
	tcase_add_test(tc, chunked_body_past_the_limit_gets_413);
	tcase_add_test(tc, method_not_allowed_says_allow_post);
	tcase_add_test(tc, handler_sees_headers_and_peer);
	tcase_add_test(tc, slowloris_is_cut_off_by_the_connection_timeout);
	tcase_add_test(tc, oversized_headers_are_refused);
	tcase_add_test(tc, curl_errors_are_mapped);
	tcase_add_test(tc, curl_cancel_calls_nothing);
	tcase_add_test(tc, start_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(http_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
