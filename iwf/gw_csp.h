/* iwf/gw_csp.h: the seam between the daemon (HTTP, control socket) and the CSP server. */
#ifndef IWF_GW_CSP_H
#define IWF_GW_CSP_H

#include "iwf/gw_http.h"
#include "iwf/gw_util.h"

struct gw_daemon;

/*
 * The gw_http_fn for the CSP path: one POSTed WV-CSP message in, its answer out (HTTP 200
 * with the CSP answer in the client's version and encoding; 400/415 when no CSP answer is
 * possible, see iwf/gw_dispatch.c). ctx is the struct gw_daemon given to gw_csp_start().
 */
void gw_csp_dispatch(void *ctx, struct gw_http_req *req);

/*
 * Starts the CSP server of the daemon `d` on its configuration, store and loop (sessions
 * are restored from the store, the STCP CIR listener opened). Call after the store is open
 * and before HTTP starts. One daemon per process. errno on failure (logged).
 */
int gw_csp_start(struct gw_daemon *d);
/* Stops it (sessions stay in the store). Call after HTTP is stopped, before the store closes. */
void gw_csp_stop(struct gw_daemon *d);
/* SIGHUP, after the configuration was reloaded. */
void gw_csp_reload(struct gw_daemon *d);
/* "\"csp_server\":{...}" for the daemon's status JSON (without a leading comma). */
void gw_csp_status(struct gw_daemon *d, struct gw_buf *out);

/* Control socket commands (gw_ctl_fn, ctx = the daemon). */
/* sessions [USER]: the live sessions as JSON. */
int gw_csp_ctl_sessions(void *ctx, int argc, char **argv, struct gw_buf *out);
/* kick USER|SESSIONID [REASON...]: forced logout (Disconnect 601). */
int gw_csp_ctl_kick(void *ctx, int argc, char **argv, struct gw_buf *out);

#endif
