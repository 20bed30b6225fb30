/* iwf/gw_csp.c: where POSTed CSP messages enter the server; a 503 placeholder until the CSP server is wired. */
#include "config.h"

#include <string.h>

#include "iwf/gw_csp.h"
#include "iwf/gw_log.h"

#define NOT_WIRED "CSP server not wired\n"

void gw_csp_dispatch(void *ctx, struct gw_http_req *req)
{
	size_t len;

	(void)ctx;
	gw_http_req_body(req, &len);
	gw_info("csp: %zu-byte request from %s: answering 503, the CSP server is not wired yet",
		len, gw_http_req_peer_text(req));
	gw_http_answer(req, 503, "text/plain", NOT_WIRED, strlen(NOT_WIRED));
}
