/* iwf/gw_http.h: the CSP HTTP server: libmicrohttpd in external-epoll mode driven by su_root. */
#ifndef IWF_GW_HTTP_H
#define IWF_GW_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <sofia-sip/su_alloc.h>

#include "iwf/gw_loop.h"

struct gw_http;
struct gw_http_req;

struct gw_http_conf {
	char const *host;		/* numeric IPv4 or IPv6 address */
	unsigned port;			/* 0: any free port, see gw_http_port() */
	char const *path;		/* the one path served (POST only) */
	size_t max_body;		/* larger bodies get 413 */
	unsigned connection_limit;
	unsigned connection_timeout_s;	/* idle connections are closed */
	size_t memory_limit;		/* per connection, for the request line and headers */
	int64_t answer_timeout_ms;	/* deadline of a deferred answer */
};

/*
 * Called once per complete POST to the path, from the loop. The handler either answers
 * before it returns (gw_http_answer), or defers (gw_http_defer) and answers later from the
 * loop. A handler that does neither gets a 500 sent for it (a bug, logged).
 */
typedef void gw_http_fn(void *ctx, struct gw_http_req *req);

/*
 * Called when a deferred request ends without an answer: reason ETIMEDOUT (the answer
 * deadline passed; fn may still call gw_http_answer(), otherwise 504 is sent), ESHUTDOWN
 * (the server stops) or ECONNABORTED (the connection went away). After it returns the
 * request is gone: forget the pointer.
 */
typedef void gw_http_cancel_fn(void *arg, struct gw_http_req *req, int reason);

/*
 * Binds and starts the server on `root`. Strings in conf are copied. Errors: EINVAL (bad
 * conf), EADDRINUSE or another errno from binding, EIO.
 */
int gw_http_start(struct gw_http **hp, su_root_t *root, struct gw_http_conf const *conf,
		  gw_http_fn *fn, void *ctx);

/* Cancels deferred requests (ESHUTDOWN), closes every connection, frees the server. */
void gw_http_stop(struct gw_http *h);

/* The port actually bound (useful with port 0). */
unsigned gw_http_port(struct gw_http const *h);

/* Reloadable limits: apply to requests that start after the call. */
void gw_http_set_limits(struct gw_http *h, size_t max_body, int64_t answer_timeout_ms);

struct gw_http_stats {
	uint64_t requests;	/* POSTs handed to the handler */
	uint64_t deferred;	/* of which deferred */
	uint64_t timeouts;	/* deferred answers whose deadline passed */
	uint64_t not_found;	/* 404 */
	uint64_t bad_method;	/* 405 */
	uint64_t too_large;	/* 413 */
	unsigned connections;	/* open now */
	unsigned waiting;	/* deferred requests waiting now */
};

void gw_http_stats(struct gw_http *h, struct gw_http_stats *out);

/* --- the request (valid from the handler call until answered or cancelled) --------------- */

/* The body (NUL-terminated beyond *lenp for convenience). */
char const *gw_http_req_body(struct gw_http_req const *req, size_t *lenp);
/* Content-Type header, or NULL. */
char const *gw_http_req_content_type(struct gw_http_req const *req);
/* Any request header (case-insensitive name), or NULL. */
char const *gw_http_req_header(struct gw_http_req const *req, char const *name);
/* The peer's address, and as text "1.2.3.4:5678" / "[::1]:5678". */
struct sockaddr const *gw_http_req_peer(struct gw_http_req const *req);
char const *gw_http_req_peer_text(struct gw_http_req const *req);
/* A home that lives as long as the request: for the handler's own allocations. */
su_home_t *gw_http_req_home(struct gw_http_req *req);

/*
 * Answers: status, Content-Type (NULL: none), body (copied; NULL/0 for empty).
 * EALREADY when already answered, EINVAL for a bad status, ENOMEM.
 */
int gw_http_answer(struct gw_http_req *req, unsigned status, char const *content_type,
		   void const *body, size_t len);

/*
 * Keeps the request open after the handler returns (the connection is suspended). The
 * answer must come before the server's answer_timeout, else cancel(arg, req, ETIMEDOUT).
 * cancel may be NULL. EALREADY when answered or already deferred; EINVAL outside the handler.
 */
int gw_http_defer(struct gw_http_req *req, gw_http_cancel_fn *cancel, void *arg);

#endif
