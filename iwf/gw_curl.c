/* iwf/gw_curl.c: libcurl multi on su_root (socket and timer callbacks mapped to su_wait and su_timer). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

struct gw_curl;
struct gw_curl_sock;
#define SU_WAKEUP_ARG_T struct gw_curl_sock
#define SU_TIMER_ARG_T struct gw_curl

#include <sofia-sip/su_wait.h>

#include "iwf/gw_curl.h"
#include "iwf/gw_log.h"

#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_BODY (1024 * 1024)

struct gw_curl {
	su_root_t *root;
	CURLM *multi;
	su_timer_t *timer;
	unsigned running;
	struct gw_curl_xfer *xfers;
};

/* One socket curl asked us to watch. */
struct gw_curl_sock {
	struct gw_curl *c;
	curl_socket_t fd;
	int index;
};

struct gw_curl_xfer {
	struct gw_curl *c;
	CURL *easy;
	char *body;			/* the answer so far */
	size_t len, cap, max;
	int too_big;
	void *post;			/* our copy of the request body */
	struct curl_slist *headers;
	gw_curl_done_fn *done;
	void *arg;
	struct gw_curl_xfer *next, **prevp;
};

static void xfer_free(struct gw_curl_xfer *x)
{
	if ((*x->prevp = x->next) != NULL)
		x->next->prevp = x->prevp;
	curl_multi_remove_handle(x->c->multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->post);
	free(x->body);
	free(x);
}

static int map_curl_error(CURLcode rc, int too_big)
{
	switch (rc) {
	case CURLE_OK:
		return 0;
	case CURLE_OPERATION_TIMEDOUT:
		return ETIMEDOUT;
	case CURLE_COULDNT_CONNECT:
		return ECONNREFUSED;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return EHOSTUNREACH;
	case CURLE_WRITE_ERROR:
		return too_big ? E2BIG : EIO;
	default:
		return EIO;
	}
}

/* Reports finished transfers. Called from our loop callbacks only, never from curl's. */
static void check_done(struct gw_curl *c)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		struct gw_curl_xfer *x = NULL;
		long status = 0;
		char *url = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_EFFECTIVE_URL, &url);
		int err = map_curl_error(msg->data.result, x->too_big);

		if (err)
			gw_info("curl: while fetching %s: %s", url ? url : "?",
				x->too_big ? "answer too large" : curl_easy_strerror(msg->data.result));
		/* Unlink first: done() may start new transfers. */
		curl_multi_remove_handle(c->multi, x->easy);
		if (x->done)
			x->done(x->arg, err, err ? 0 : status, err ? NULL : (x->body ? x->body : ""),
				err ? 0 : x->len);
		xfer_free(x);
	}
}

static int on_socket_ready(su_root_magic_t *magic, su_wait_t *w, struct gw_curl_sock *s)
{
	struct gw_curl *c = s->c;
	curl_socket_t fd = s->fd;	/* s may be freed inside socket_action */
	int mask = 0, running = 0;

	(void)magic;
	if (w->revents & SU_WAIT_IN)
		mask |= CURL_CSELECT_IN;
	if (w->revents & SU_WAIT_OUT)
		mask |= CURL_CSELECT_OUT;
	if (w->revents & (SU_WAIT_ERR | SU_WAIT_HUP))
		mask |= CURL_CSELECT_ERR;
	curl_multi_socket_action(c->multi, fd, mask, &running);
	c->running = (unsigned)running;
	check_done(c);
	return 0;
}

/* CURLMOPT_SOCKETFUNCTION: start, change or stop watching a socket. */
static int on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct gw_curl *c = userp;
	struct gw_curl_sock *s = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			su_root_deregister(c->root, s->index);
			curl_multi_assign(c->multi, fd, NULL);
			free(s);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= SU_WAIT_IN;
	if (what & CURL_POLL_OUT)
		events |= SU_WAIT_OUT;
	if (s) {
		su_root_eventmask(c->root, s->index, fd, events);
		return 0;
	}
	su_wait_t w;

	s = calloc(1, sizeof *s);
	if (s == NULL)
		return -1;
	s->c = c;
	s->fd = fd;
	if (su_wait_create(&w, fd, events) != 0 ||
	    (s->index = su_root_register(c->root, &w, on_socket_ready, s, 0)) < 0) {
		free(s);
		return -1;
	}
	curl_multi_assign(c->multi, fd, s);
	return 0;
}

static void on_timer(su_root_magic_t *magic, su_timer_t *t, struct gw_curl *c)
{
	int running = 0;

	(void)magic;
	(void)t;
	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	c->running = (unsigned)running;
	check_done(c);
}

/* CURLMOPT_TIMERFUNCTION: only (re)arms our timer; the work happens in on_timer. */
static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct gw_curl *c = userp;

	(void)multi;
	if (timeout_ms < 0)
		su_timer_reset(c->timer);
	else
		su_timer_set_interval(c->timer, on_timer, c,
				      timeout_ms > INT_MAX ? INT_MAX : (su_duration_t)timeout_ms);
	return 0;
}

static size_t on_write(char *data, size_t size, size_t n, void *userp)
{
	struct gw_curl_xfer *x = userp;
	size_t len = size * n;

	if (len > x->max - x->len) {
		x->too_big = 1;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	if (x->len + len + 1 > x->cap) {
		size_t cap = x->cap ? x->cap : 1024;

		while (cap < x->len + len + 1)
			cap *= 2;
		char *b = realloc(x->body, cap);

		if (b == NULL)
			return 0;
		x->body = b;
		x->cap = cap;
	}
	memcpy(x->body + x->len, data, len);
	x->len += len;
	x->body[x->len] = '\0';
	return len;
}

int gw_curl_create(struct gw_curl **cp, su_root_t *root)
{
	struct gw_curl *c;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return EIO;
	c = calloc(1, sizeof *c);
	if (c == NULL) {
		curl_global_cleanup();
		return ENOMEM;
	}
	c->root = root;
	c->multi = curl_multi_init();
	c->timer = su_timer_create(su_root_task(root), 0);
	if (c->multi == NULL || c->timer == NULL) {
		gw_error("curl: while creating the HTTP client: out of memory");
		if (c->multi)
			curl_multi_cleanup(c->multi);
		su_timer_destroy(c->timer);
		free(c);
		curl_global_cleanup();
		return ENOMEM;
	}
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	*cp = c;
	return 0;
}

void gw_curl_destroy(struct gw_curl *c)
{
	if (c == NULL)
		return;
	while (c->xfers)
		xfer_free(c->xfers);
	/* Removing handles may close sockets: curl deregisters them through on_curl_socket. */
	curl_multi_cleanup(c->multi);
	su_timer_destroy(c->timer);
	free(c);
	curl_global_cleanup();
}

int gw_curl_fetch(struct gw_curl *c, struct gw_curl_req const *r, gw_curl_done_fn *done,
		  void *arg, struct gw_curl_xfer **xp)
{
	struct gw_curl_xfer *x;
	CURL *e;
	int ok = 1;

	if (r->url == NULL || (strncmp(r->url, "http://", 7) != 0 &&
			       strncmp(r->url, "https://", 8) != 0) || r->timeout_ms < 0 ||
	    (r->body == NULL && r->body_len))
		return EINVAL;
	x = calloc(1, sizeof *x);
	if (x == NULL)
		return ENOMEM;
	x->easy = e = curl_easy_init();
	if (e == NULL) {
		free(x);
		return ENOMEM;
	}
	x->c = c;
	x->max = r->max_body ? r->max_body : DEFAULT_MAX_BODY;
	x->done = done;
	x->arg = arg;

	ok &= curl_easy_setopt(e, CURLOPT_URL, r->url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
			       (long)(r->timeout_ms ? r->timeout_ms : DEFAULT_TIMEOUT_MS)) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, x) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, x) == CURLE_OK;
	if (r->body) {
		x->post = malloc(r->body_len ? r->body_len : 1);
		ok &= x->post != NULL;
		if (x->post && r->body_len)
			memcpy(x->post, r->body, r->body_len);
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				       (curl_off_t)r->body_len) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->post) == CURLE_OK;
		/* No "Expect: 100-continue" round trip. */
		x->headers = curl_slist_append(x->headers, "Expect:");
		if (r->content_type) {
			char h[256];

			snprintf(h, sizeof h, "Content-Type: %s", r->content_type);
			x->headers = curl_slist_append(x->headers, h);
		}
		ok &= x->headers != NULL;
		ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers) == CURLE_OK;
	}
	if ((x->next = c->xfers) != NULL)
		x->next->prevp = &x->next;
	c->xfers = x;
	x->prevp = &c->xfers;
	if (!ok || curl_multi_add_handle(c->multi, e) != CURLM_OK) {
		gw_warning("curl: while starting a transfer to %s: setup failed", r->url);
		xfer_free(x);
		return EIO;
	}
	if (xp)
		*xp = x;
	return 0;
}

void gw_curl_cancel(struct gw_curl_xfer *x)
{
	if (x)
		xfer_free(x);
}

unsigned gw_curl_running(struct gw_curl const *c)
{
	unsigned n = 0;

	for (struct gw_curl_xfer const *x = c->xfers; x; x = x->next)
		n++;
	return n;
}
