/* iwf/gw_daemon.c: start, run, reload and stop iwfd's parts on one su_root; control commands. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "iwf/gw_csp.h"
#include "iwf/gw_daemon.h"
#include "iwf/gw_log.h"
#include "iwf/gw_util.h"

/* --- control commands -------------------------------------------------------------------- */

static int cmd_status(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	(void)argc;
	(void)argv;
	gw_daemon_status(ctx, out);
	return out->full ? E2BIG : 0;
}

static int cmd_reload(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	int e;

	(void)argc;
	(void)argv;
	e = gw_daemon_reload(ctx);
	gw_buf_printf(out, "%s", e ? "reload refused: the configuration has errors (see the log)" :
		      "configuration reloaded");
	return e;
}

/* The control socket's commands. The CSP server adds its rows here (e.g. "sessions"). */
static struct gw_ctl_cmd const ctl_cmds[] = {
	{"status", cmd_status, "state of the daemon as JSON"},
	{"reload", cmd_reload, "read the configuration again, as on SIGHUP"},
	{"sessions", gw_csp_ctl_sessions, "[USER]: live IMPS sessions as JSON"},
	{"kick", gw_csp_ctl_kick, "USER|SESSIONID [REASON]: forced logout (Disconnect 601)"},
	{NULL, NULL, NULL},
};

/* --- signals ----------------------------------------------------------------------------- */

static void on_signal(void *arg, int signo)
{
	struct gw_daemon *d = arg;

	if (signo == SIGHUP) {
		gw_daemon_reload(d);
		return;
	}
	gw_notice("stopping on signal %d (%s)", signo, strsignal(signo));
	gw_daemon_shutdown(d);
}

/* --- life cycle -------------------------------------------------------------------------- */

void gw_daemon_apply_log(struct gw_config const *cfg)
{
	enum gw_log_level level = (enum gw_log_level)cfg->log_level;

	gw_log_open("iwfd", level, cfg->log_syslog);
	gw_log_set_sofia_level(cfg->log_sofia, level);
}

static void make_url(struct gw_daemon *d, unsigned port)
{
	char const *host = d->cfg.http_listen.host;

	snprintf(d->csp_url, sizeof d->csp_url, strchr(host, ':') ? "http://[%s]:%u%s" :
		 "http://%s:%u%s", host, port, d->cfg.http_path);
}

int gw_daemon_start(struct gw_daemon *d)
{
	struct gw_config const *cfg = &d->cfg;
	struct gw_http_conf hc = {
		.host = cfg->http_listen.host,
		.port = cfg->http_listen.port,
		.path = cfg->http_path,
		.max_body = (size_t)cfg->http_max_body,
		.connection_limit = (unsigned)cfg->http_connection_limit,
		/* MHD counts whole seconds; round up so that 1500ms is not 1 s. */
		.connection_timeout_s = (unsigned)((cfg->http_connection_timeout + 999) / 1000),
		.memory_limit = (size_t)cfg->http_memory_limit,
		.answer_timeout_ms = cfg->http_answer_timeout,
	};
	int e;

	d->started = time(NULL);
	d->stopping = 0;
	gw_notice("iwfd %s starting for IMPS domain %s (configuration: %s)", PACKAGE_VERSION,
		  cfg->imps_domain, d->config_path ? d->config_path : "embedded defaults");

	if ((e = gw_loop_create(&d->loop)) != 0 ||
	    (e = gw_loop_signals(d->loop, on_signal, d)) != 0)
		goto fail;

	if ((e = gw_store_open(&d->store, cfg->store_path, cfg->store_busy_timeout)) != 0) {
		gw_error("while opening the store %s: %s", cfg->store_path, strerror(e));
		goto fail;
	}
	gw_notice("store: %s (schema version %d)", cfg->store_path,
		  gw_store_schema_version(d->store));

	if ((e = gw_csp_start(d)) != 0)
		goto fail;
	if ((e = gw_http_start(&d->http, gw_loop_root(d->loop), &hc, gw_csp_dispatch, d)) != 0)
		goto fail;
	make_url(d, gw_http_port(d->http));
	gw_notice("CSP endpoint: %s", d->csp_url);

	if (cfg->control_socket && *cfg->control_socket) {
		if ((e = gw_ctl_start(&d->ctl, gw_loop_root(d->loop), cfg->control_socket, ctl_cmds,
				      d)) != 0)
			goto fail;
		gw_notice("control socket: %s", cfg->control_socket);
	}
	if ((e = gw_curl_create(&d->curl, gw_loop_root(d->loop))) != 0) {
		gw_error("while creating the HTTP client: %s", strerror(e));
		goto fail;
	}
	gw_sd_notify("READY=1");
	gw_notice("ready");
	return 0;
fail:
	gw_error("start-up failed: %s", strerror(e));
	gw_daemon_stop(d);
	return e;
}

void gw_daemon_run(struct gw_daemon *d)
{
	gw_loop_run(d->loop);
}

void gw_daemon_shutdown(struct gw_daemon *d)
{
	d->stopping = 1;
	gw_loop_stop(d->loop);
}

int gw_daemon_reload(struct gw_daemon *d)
{
	struct gw_config fresh;
	char err[GW_CONF_ERR_MAX] = "";
	int e, restart;

	gw_sd_notify("RELOADING=1");
	if ((e = gw_config_init(&fresh)) != 0)
		goto out;
	if (d->config_path && (e = gw_config_load(&fresh, d->config_path, err, sizeof err)) != 0)
		goto refuse;
	for (int i = 0; i < d->n_overrides; i++)
		if ((e = gw_config_set_arg(&fresh, d->overrides[i], err, sizeof err)) != 0)
			goto refuse;
	if ((e = gw_config_check(&fresh, err, sizeof err)) != 0)
		goto refuse;

	restart = gw_config_reload(&d->cfg, &fresh);
	gw_daemon_apply_log(&d->cfg);
	if (d->http)
		gw_http_set_limits(d->http, (size_t)d->cfg.http_max_body, d->cfg.http_answer_timeout);
	gw_csp_reload(d);
	gw_notice("configuration reloaded from %s%s", d->config_path ? d->config_path :
		  "embedded defaults", restart > 0 ? " (some changes need a restart, see above)" : "");
	e = restart < 0 ? ENOMEM : 0;
	gw_config_deinit(&fresh);
	goto out;
refuse:
	gw_error("while reloading the configuration: %s; keeping the running configuration", err);
	gw_config_deinit(&fresh);
out:
	gw_sd_notify("READY=1");
	return e;
}

void gw_daemon_stop(struct gw_daemon *d)
{
	gw_sd_notify("STOPPING=1");
	/* Reverse order of start. curl must be cleaned before the root goes. */
	gw_curl_destroy(d->curl);
	d->curl = NULL;
	gw_ctl_stop(d->ctl);
	d->ctl = NULL;
	gw_http_stop(d->http);
	d->http = NULL;
	gw_csp_stop(d);
	gw_store_close(d->store);
	d->store = NULL;
	gw_loop_destroy(d->loop);
	d->loop = NULL;
}

void gw_daemon_status(struct gw_daemon *d, struct gw_buf *out)
{
	struct gw_http_stats hs = {0};

	if (d->http)
		gw_http_stats(d->http, &hs);
	gw_buf_printf(out, "{\"version\":");
	gw_buf_json_str(out, PACKAGE_VERSION);
	gw_buf_printf(out, ",\"pid\":%ld,\"uptime_s\":%ld,\"imps_domain\":", (long)getpid(),
		      (long)(time(NULL) - d->started));
	gw_buf_json_str(out, d->cfg.imps_domain);
	gw_buf_printf(out, ",\"csp_endpoint\":");
	gw_buf_json_str(out, d->csp_url);
	gw_buf_printf(out, ",");
	gw_csp_status(d, out);
	gw_buf_printf(out, ",\"config\":");
	gw_buf_json_str(out, d->config_path);
	gw_buf_printf(out, ",\"log_level\":");
	gw_buf_json_str(out, gw_log_level_name((enum gw_log_level)d->cfg.log_level));
	gw_buf_printf(out, ",\"store\":{\"path\":");
	gw_buf_json_str(out, d->cfg.store_path);
	gw_buf_printf(out, ",\"schema\":%d}", d->store ? gw_store_schema_version(d->store) : -1);
	gw_buf_printf(out, ",\"http\":{\"requests\":%llu,\"deferred\":%llu,\"timeouts\":%llu,"
		      "\"not_found\":%llu,\"bad_method\":%llu,\"too_large\":%llu,"
		      "\"connections\":%u,\"waiting\":%u}",
		      (unsigned long long)hs.requests, (unsigned long long)hs.deferred,
		      (unsigned long long)hs.timeouts, (unsigned long long)hs.not_found,
		      (unsigned long long)hs.bad_method, (unsigned long long)hs.too_large,
		      hs.connections, hs.waiting);
	gw_buf_printf(out, ",\"outbound_http\":%u}", d->curl ? gw_curl_running(d->curl) : 0);
}
