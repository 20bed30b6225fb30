/* iwf/gw_daemon.h: iwfd as one object: configuration, loop, store, HTTP, control socket, curl. */
#ifndef IWF_GW_DAEMON_H
#define IWF_GW_DAEMON_H

#include <time.h>

#include "iwf/gw_config.h"
#include "iwf/gw_ctl.h"
#include "iwf/gw_curl.h"
#include "iwf/gw_http.h"
#include "iwf/gw_loop.h"
#include "iwf/gw_store.h"

#define GW_URL_MAX 512
#define GW_OVERRIDES_MAX 64

struct gw_daemon {
	/* Set by the caller before gw_daemon_start(). */
	struct gw_config cfg;		/* live configuration (initialised and loaded) */
	char const *config_path;	/* NULL: embedded defaults only */
	char const *overrides[GW_OVERRIDES_MAX];	/* -o key=value, re-applied on reload */
	int n_overrides;

	/* Owned by the daemon. */
	struct gw_loop *loop;
	struct gw_store *store;
	struct gw_http *http;
	struct gw_curl *curl;
	struct gw_ctl *ctl;
	char csp_url[GW_URL_MAX];	/* "http://127.0.0.1:8080/imps" once listening */
	time_t started;
	int stopping;
};

/*
 * Brings the daemon up in this order: loop and signals, store, HTTP server (logs
 * "CSP endpoint: URL" at notice), control socket, curl. On failure everything started is
 * stopped again and the errno is returned (the cause is logged).
 */
int gw_daemon_start(struct gw_daemon *d);

/* Runs the loop until SIGTERM/SIGINT (or gw_daemon_shutdown()). */
void gw_daemon_run(struct gw_daemon *d);

/* Asks the loop to end (e.g. from a control command). */
void gw_daemon_shutdown(struct gw_daemon *d);

/*
 * SIGHUP: reads the config file again (plus the -o overrides) and applies the reloadable
 * keys: log.level, log.syslog, log.sofia, http.max_body, http.answer_timeout, session.*,
 * trust.peers. Other changed keys are logged as needing a restart. A config with errors is
 * refused as a whole (logged; the running configuration stays). Returns 0 or the errno.
 */
int gw_daemon_reload(struct gw_daemon *d);

/* Stops everything started, in reverse order (idempotent). The caller releases d->cfg. */
void gw_daemon_stop(struct gw_daemon *d);

/* The daemon's state as one JSON object (the control socket's `status`). */
void gw_daemon_status(struct gw_daemon *d, struct gw_buf *out);

/* Applies cfg's log keys (level, syslog, sofia level) to gw_log. */
void gw_daemon_apply_log(struct gw_config const *cfg);

#endif
