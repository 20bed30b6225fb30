/* iwf/gw_http.c: libmicrohttpd (external epoll) on su_root: limits, POST body collection, deferred answers. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

struct gw_http;
struct gw_http_req;
#define SU_WAKEUP_ARG_T struct gw_http
#define SU_TIMER_ARG_T void

#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_wait.h>

#include "iwf/gw_http.h"
#include "iwf/gw_log.h"
#include "iwf/gw_net.h"

/* A chunked body past max_body is drained up to this much more, to be able to answer 413;
 * beyond it the connection is dropped. */
#define GW_HTTP_DRAIN_MAX (64 * 1024)

enum req_state {
	R_READING,	/* headers seen, body arriving */
	R_HANDLER,	/* inside the handler call */
	R_DEFERRED,	/* suspended, waiting for gw_http_answer() */
	R_ANSWERED,	/* a response exists (queued, or to queue on resume) */
};

struct gw_http_req {
	su_home_t home[1];		/* first: the request is its own home */
	struct gw_http *h;
	struct MHD_Connection *conn;
	enum req_state state;
	int too_large;
	size_t drained;
	char *body;
	size_t len, cap;
	struct sockaddr_storage peer;
	char peer_text[GW_ADDR_TEXT_MAX];
	struct MHD_Response *response;	/* made by gw_http_answer, queued by the access handler */
	unsigned status;
	su_timer_t *deadline;
	gw_http_cancel_fn *cancel;
	void *cancel_arg;
	struct gw_http_req *next, **prevp;	/* list of deferred requests */
};

struct gw_http {
	su_root_t *root;
	struct MHD_Daemon *d;
	int epoll_index;
	su_timer_t *timer;
	char *path;
	size_t max_body;
	int64_t answer_timeout_ms;
	unsigned port;
	gw_http_fn *fn;
	void *ctx;
	struct gw_http_req *deferred;
	struct gw_http_stats stats;
};

/* --- driving MHD from su_root ------------------------------------------------------------ */

static void on_mhd_timer(su_root_magic_t *magic, su_timer_t *t, void *arg);

/* After every MHD_run: arm our timer for MHD's next deadline. */
static void rearm(struct gw_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->d, &ms) == MHD_YES)
		su_timer_set_interval(h->timer, on_mhd_timer, h,
				      ms > INT_MAX ? INT_MAX : (su_duration_t)ms);
	else
		su_timer_reset(h->timer);
}

static void run_mhd(struct gw_http *h)
{
	if (MHD_run(h->d) != MHD_YES)
		gw_warning("http: MHD_run failed");
	rearm(h);
}

static void on_mhd_timer(su_root_magic_t *magic, su_timer_t *t, void *arg)
{
	(void)magic;
	(void)t;
	run_mhd(arg);
}

static int on_epoll(su_root_magic_t *magic, su_wait_t *w, struct gw_http *h)
{
	(void)magic;
	(void)w;
	run_mhd(h);
	return 0;
}

/* Makes MHD run soon from the loop (after a resume, outside any MHD callback). */
static void kick(struct gw_http *h)
{
	su_timer_set_interval(h->timer, on_mhd_timer, h, 0);
}

/* --- responses --------------------------------------------------------------------------- */

static struct MHD_Response *make_response(char const *content_type, void const *body,
					  size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)(body ? body : ""),
								  MHD_RESPMEM_MUST_COPY);

	if (r && content_type &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) != MHD_YES) {
		MHD_destroy_response(r);
		r = NULL;
	}
	return r;
}

/* Queues a short text/plain answer directly (errors decided by the server itself). */
static enum MHD_Result queue_text(struct MHD_Connection *conn, unsigned status, char const *text,
				  char const *extra_name, char const *extra_value)
{
	struct MHD_Response *r = make_response("text/plain", text, strlen(text));
	enum MHD_Result ok;

	if (r == NULL)
		return MHD_NO;
	if (extra_name)
		MHD_add_response_header(r, extra_name, extra_value);
	ok = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* --- requests ---------------------------------------------------------------------------- */

static void req_unlink(struct gw_http_req *req)
{
	if (req->prevp) {
		if ((*req->prevp = req->next) != NULL)
			req->next->prevp = req->prevp;
		req->prevp = NULL;
		req->next = NULL;
		req->h->stats.waiting--;
	}
}

static void req_free(struct gw_http_req *req)
{
	req_unlink(req);
	su_timer_destroy(req->deadline);
	if (req->response)
		MHD_destroy_response(req->response);
	free(req->body);
	su_home_unref(req->home);
}

char const *gw_http_req_body(struct gw_http_req const *req, size_t *lenp)
{
	if (lenp)
		*lenp = req->len;
	return req->body ? req->body : "";
}

char const *gw_http_req_content_type(struct gw_http_req const *req)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_CONTENT_TYPE);
}

char const *gw_http_req_header(struct gw_http_req const *req, char const *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct sockaddr const *gw_http_req_peer(struct gw_http_req const *req)
{
	return (struct sockaddr const *)&req->peer;
}

char const *gw_http_req_peer_text(struct gw_http_req const *req)
{
	return req->peer_text;
}

su_home_t *gw_http_req_home(struct gw_http_req *req)
{
	return req->home;
}

int gw_http_answer(struct gw_http_req *req, unsigned status, char const *content_type,
		   void const *body, size_t len)
{
	struct MHD_Response *r;

	if (req->state == R_ANSWERED || req->state == R_READING)
		return EALREADY;
	if (status < 100 || status > 599)
		return EINVAL;
	r = make_response(content_type, body, len);
	if (r == NULL)
		return ENOMEM;
	req->response = r;
	req->status = status;
	if (req->state == R_DEFERRED) {
		/* Back to MHD: it calls the access handler again, which queues the response. */
		su_timer_reset(req->deadline);
		req_unlink(req);
		req->state = R_ANSWERED;
		MHD_resume_connection(req->conn);
		kick(req->h);
	} else {
		req->state = R_ANSWERED;
	}
	return 0;
}

static void on_deadline(su_root_magic_t *magic, su_timer_t *t, void *arg)
{
	struct gw_http_req *req = arg;

	(void)magic;
	(void)t;
	if (req->state != R_DEFERRED)
		return;
	req->h->stats.timeouts++;
	gw_notice("http: while waiting to answer %s: no answer within %lld ms", req->peer_text,
		  (long long)req->h->answer_timeout_ms);
	if (req->cancel)
		req->cancel(req->cancel_arg, req, ETIMEDOUT);
	req->cancel = NULL;
	if (req->state == R_DEFERRED)
		gw_http_answer(req, MHD_HTTP_GATEWAY_TIMEOUT, "text/plain",
			       "answer deadline passed\n", 23);
}

int gw_http_defer(struct gw_http_req *req, gw_http_cancel_fn *cancel, void *arg)
{
	if (req->state == R_ANSWERED || req->state == R_DEFERRED)
		return EALREADY;
	if (req->state != R_HANDLER)
		return EINVAL;
	if (req->deadline == NULL) {
		req->deadline = su_timer_create(su_root_task(req->h->root), 0);
		if (req->deadline == NULL)
			return ENOMEM;
	}
	req->cancel = cancel;
	req->cancel_arg = arg;
	req->state = R_DEFERRED;
	return 0;
}

/* Hands a complete request to the handler and queues or suspends according to its choice. */
static enum MHD_Result dispatch(struct gw_http *h, struct gw_http_req *req)
{
	h->stats.requests++;
	req->state = R_HANDLER;
	h->fn(h->ctx, req);

	if (req->state == R_ANSWERED) {
		enum MHD_Result ok = MHD_queue_response(req->conn, req->status, req->response);

		MHD_destroy_response(req->response);
		req->response = NULL;
		return ok;
	}
	if (req->state == R_DEFERRED) {
		h->stats.deferred++;
		h->stats.waiting++;
		if ((req->next = h->deferred) != NULL)
			req->next->prevp = &req->next;
		h->deferred = req;
		req->prevp = &h->deferred;
		su_timer_set_interval(req->deadline, on_deadline, req,
				      (su_duration_t)h->answer_timeout_ms);
		MHD_suspend_connection(req->conn);
		return MHD_YES;
	}
	gw_error("http: the handler neither answered nor deferred the request from %s",
		 req->peer_text);
	req->state = R_ANSWERED;
	return queue_text(req->conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error\n", NULL,
			  NULL);
}

/* Appends body data; marks the request too large past max_body. */
static void collect(struct gw_http *h, struct gw_http_req *req, char const *data, size_t n)
{
	if (req->too_large) {
		req->drained += n;
		return;
	}
	if (n > h->max_body - req->len) {
		req->too_large = 1;
		req->drained = n;
		free(req->body);
		req->body = NULL;
		req->len = req->cap = 0;
		return;
	}
	if (req->len + n + 1 > req->cap) {
		size_t cap = req->cap ? req->cap : 1024;

		while (cap < req->len + n + 1)
			cap *= 2;
		if (cap > h->max_body + 1)
			cap = h->max_body + 1;
		char *b = realloc(req->body, cap);

		if (b == NULL) {
			/* Treat like too large: we cannot hold it. */
			req->too_large = 1;
			req->drained = n;
			return;
		}
		req->body = b;
		req->cap = cap;
	}
	memcpy(req->body + req->len, data, n);
	req->len += n;
	req->body[req->len] = '\0';
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, char const *url,
				 char const *method, char const *version, char const *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	struct gw_http *h = cls;
	struct gw_http_req *req = *con_cls;

	(void)version;
	if (req == NULL) {
		/* First call: headers only. Decide what we can before any body is read. */
		union MHD_ConnectionInfo const *ci;
		char const *cl;

		if (strcmp(url, h->path) != 0) {
			h->stats.not_found++;
			return queue_text(conn, MHD_HTTP_NOT_FOUND, "not found\n", NULL, NULL);
		}
		if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
			h->stats.bad_method++;
			return queue_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "use POST\n",
					  MHD_HTTP_HEADER_ALLOW, "POST");
		}
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			unsigned long long n;

			errno = 0;
			n = strtoull(cl, &end, 10);
			if (errno || n > h->max_body) {
				h->stats.too_large++;
				gw_notice("http: refusing a %s-byte body (max %zu)", cl, h->max_body);
				return queue_text(conn, MHD_HTTP_CONTENT_TOO_LARGE, "body too large\n",
						  MHD_HTTP_HEADER_CONNECTION, "close");
			}
		}
		req = su_home_new(sizeof *req);
		if (req == NULL)
			return MHD_NO;
		req->h = h;
		req->conn = conn;
		req->state = R_READING;
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			socklen_t l = ci->client_addr->sa_family == AF_INET6 ?
				sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

			memcpy(&req->peer, ci->client_addr, l);
		}
		gw_sockaddr_format((struct sockaddr *)&req->peer, 1, req->peer_text,
				   sizeof req->peer_text);
		*con_cls = req;
		return MHD_YES;
	}

	if (*upload_data_size != 0) {
		collect(h, req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (req->too_large && req->drained > GW_HTTP_DRAIN_MAX) {
			gw_notice("http: dropping %s: chunked body far beyond %zu bytes",
				  req->peer_text, h->max_body);
			return MHD_NO;
		}
		return MHD_YES;
	}

	/* Body complete, or a resumed deferred request. */
	if (req->state == R_ANSWERED && req->response) {
		enum MHD_Result ok = MHD_queue_response(conn, req->status, req->response);

		MHD_destroy_response(req->response);
		req->response = NULL;
		return ok;
	}
	if (req->state != R_READING)
		return MHD_YES;
	if (req->too_large) {
		h->stats.too_large++;
		req->state = R_ANSWERED;
		gw_notice("http: refusing a chunked body from %s past %zu bytes", req->peer_text,
			  h->max_body);
		return queue_text(conn, MHD_HTTP_CONTENT_TOO_LARGE, "body too large\n",
				  MHD_HTTP_HEADER_CONNECTION, "close");
	}
	return dispatch(h, req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct gw_http_req *req = *con_cls;

	(void)cls;
	(void)conn;
	if (req == NULL)
		return;
	*con_cls = NULL;
	if (req->state == R_DEFERRED) {
		req_unlink(req);
		if (req->cancel)
			req->cancel(req->cancel_arg, req, ECONNABORTED);
	}
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		gw_info("http: request from %s ended early (MHD code %d)", req->peer_text, (int)toe);
	req_free(req);
}

static void on_mhd_log(void *cls, char const *fmt, va_list ap)
{
	char line[GW_LOG_LINE_MAX];

	(void)cls;
	if (GW_LOG_NOTICE > gw_log_threshold)
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	gw_log_write(GW_LOG_NOTICE, "http: %s", line);
}

static void on_mhd_panic(void *cls, char const *file, unsigned line, char const *reason)
{
	(void)cls;
	gw_log_write(GW_LOG_ERROR, "http: libmicrohttpd panic at %s:%u: %s", file, line,
		     reason ? reason : "?");
	abort();
}

/* --- start and stop ---------------------------------------------------------------------- */

int gw_http_start(struct gw_http **hp, su_root_t *root, struct gw_http_conf const *conf,
		  gw_http_fn *fn, void *ctx)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct gw_http *h;
	union MHD_DaemonInfo const *di;
	su_wait_t w;
	unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	char where[GW_ADDR_TEXT_MAX];

	if (!conf->host || !conf->path || conf->path[0] != '/' || !fn || conf->max_body == 0 ||
	    conf->connection_limit == 0 || conf->connection_timeout_s == 0 ||
	    conf->answer_timeout_ms <= 0 || conf->answer_timeout_ms > INT_MAX ||
	    gw_sockaddr_make(conf->host, conf->port, &ss, &sslen) != 0)
		return EINVAL;
	gw_sockaddr_format((struct sockaddr *)&ss, 1, where, sizeof where);
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;

	h = calloc(1, sizeof *h);
	if (h == NULL || (h->path = strdup(conf->path)) == NULL) {
		free(h);
		return ENOMEM;
	}
	h->root = root;
	h->fn = fn;
	h->ctx = ctx;
	h->max_body = conf->max_body;
	h->answer_timeout_ms = conf->answer_timeout_ms;
	h->epoll_index = -1;
	MHD_set_panic_func(on_mhd_panic, NULL);

	errno = 0;
	h->d = MHD_start_daemon(flags, (uint16_t)conf->port, NULL, NULL, on_access, h,
				MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, h,	/* first, or MHD complains */
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)conf->connection_timeout_s,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)conf->connection_limit,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, conf->memory_limit,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
				MHD_OPTION_END);
	if (h->d == NULL) {
		int e = errno ? errno : EIO;

		gw_error("http: while starting the HTTP server on %s: %s", where, strerror(e));
		free(h->path);
		free(h);
		return e;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = di ? di->port : conf->port;
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);
	h->timer = su_timer_create(su_root_task(root), 0);
	if (di == NULL || h->timer == NULL || su_wait_create(&w, di->epoll_fd, SU_WAIT_IN) != 0 ||
	    (h->epoll_index = su_root_register(root, &w, on_epoll, h, 0)) < 0) {
		gw_error("http: while putting the HTTP server on the event loop");
		gw_http_stop(h);
		return EIO;
	}
	rearm(h);
	*hp = h;
	return 0;
}

unsigned gw_http_port(struct gw_http const *h)
{
	return h->port;
}

void gw_http_set_limits(struct gw_http *h, size_t max_body, int64_t answer_timeout_ms)
{
	if (max_body)
		h->max_body = max_body;
	if (answer_timeout_ms > 0 && answer_timeout_ms <= INT_MAX)
		h->answer_timeout_ms = answer_timeout_ms;
}

void gw_http_stats(struct gw_http *h, struct gw_http_stats *out)
{
	union MHD_DaemonInfo const *di = MHD_get_daemon_info(h->d,
							     MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	*out = h->stats;
	out->connections = di ? di->num_connections : 0;
}

void gw_http_stop(struct gw_http *h)
{
	if (h == NULL)
		return;
	/* Deferred requests: tell their owners, answer 503, and let MHD take them back. */
	while (h->deferred) {
		struct gw_http_req *req = h->deferred;
		gw_http_cancel_fn *cancel = req->cancel;

		req->cancel = NULL;
		if (cancel)
			cancel(req->cancel_arg, req, ESHUTDOWN);
		if (req->state == R_DEFERRED)
			gw_http_answer(req, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
				       "server stopping\n", 16);
		req_unlink(req);
	}
	if (h->d)
		MHD_run(h->d);
	if (h->epoll_index > 0)
		su_root_deregister(h->root, h->epoll_index);
	if (h->d)
		MHD_stop_daemon(h->d);
	su_timer_destroy(h->timer);
	free(h->path);
	free(h);
}
