/* iwf/gw_csp.h: the seam between the HTTP server and the IMPS CSP server. */
#ifndef IWF_GW_CSP_H
#define IWF_GW_CSP_H

#include "iwf/gw_http.h"

/*
 * The gw_http_fn for the CSP path: one POSTed WV-CSP message in, its answer out (now or
 * deferred). ctx is the struct gw_daemon. Until the CSP server is wired this answers
 * 503 "CSP server not wired"; wiring it means replacing this one function.
 */
void gw_csp_dispatch(void *ctx, struct gw_http_req *req);

#endif
