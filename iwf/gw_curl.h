/* iwf/gw_curl.h: outbound HTTP with libcurl's multi interface driven by su_root. */
#ifndef IWF_GW_CURL_H
#define IWF_GW_CURL_H

#include <stddef.h>
#include <stdint.h>

#include "iwf/gw_loop.h"

struct gw_curl;
struct gw_curl_xfer;

struct gw_curl_req {
	char const *url;		/* http:// or https:// only; copied */
	char const *content_type;	/* for a POST; NULL: none */
	void const *body;		/* NULL: GET; else POST of body_len bytes (copied) */
	size_t body_len;
	int64_t timeout_ms;		/* whole transfer; 0: 30 s */
	size_t max_body;		/* largest answer accepted; 0: 1 MiB */
};

/*
 * Called once from the loop when a transfer ends. err: 0 (then status is the HTTP status
 * and body/len the answer, valid during the call), ETIMEDOUT, ECONNREFUSED, EHOSTUNREACH
 * (name or route), E2BIG (answer larger than max_body), EIO (anything else, logged).
 * It may start new transfers but must not destroy the gw_curl.
 */
typedef void gw_curl_done_fn(void *arg, int err, long status, char const *body, size_t len);

/* Creates the client on `root`. ENOMEM, EIO. */
int gw_curl_create(struct gw_curl **cp, su_root_t *root);

/* Ends every transfer without calling done, then curl_multi_cleanup(). Before su_root_destroy. */
void gw_curl_destroy(struct gw_curl *c);

/* Starts a transfer. *xp (may be NULL) names it for gw_curl_cancel(). EINVAL, ENOMEM, EIO. */
int gw_curl_fetch(struct gw_curl *c, struct gw_curl_req const *r, gw_curl_done_fn *done,
		  void *arg, struct gw_curl_xfer **xp);

/* Ends a transfer that has not completed; done is not called. */
void gw_curl_cancel(struct gw_curl_xfer *x);

/* Transfers running now. */
unsigned gw_curl_running(struct gw_curl const *c);

#endif
