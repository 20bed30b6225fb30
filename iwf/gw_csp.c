/* iwf/gw_csp.c: the CSP server inside iwfd: HTTP requests in, life cycle, control commands. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "imps/csp.h"
#include "iwf/gw_csp.h"
#include "iwf/gw_daemon.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"

/* The one CSP server of the process and the daemon it belongs to. */
static struct gw_server the_server;
static struct gw_daemon *the_daemon;

static struct gw_server *server_of(void *ctx)
{
	return ctx && ctx == the_daemon && the_server.sessions ? &the_server : NULL;
}

void gw_csp_dispatch(void *ctx, struct gw_http_req *req)
{
	struct gw_server *srv = server_of(ctx);
	struct gw_csp_out out;
	char const *body;
	size_t len;

	if (srv == NULL) {
		gw_http_answer(req, 503, "text/plain", "CSP server not running\n", 23);
		return;
	}
	body = gw_http_req_body(req, &len);
	gw_csp_handle(srv, gw_http_req_home(req), body, len, gw_http_req_content_type(req),
		      gw_http_req_peer_text(req), &out);
	if (gw_http_answer(req, out.http_status, out.content_type, out.body, out.len) != 0)
		gw_error("csp: could not answer %s", gw_http_req_peer_text(req));
}

int gw_csp_start(struct gw_daemon *d)
{
	int e;

	if (the_daemon)
		return EBUSY;
	memset(&the_server, 0, sizeof the_server);
	the_server.cfg = &d->cfg;
	the_server.store = d->store;
	the_server.root = gw_loop_root(d->loop);
	if ((e = gw_server_start(&the_server)) != 0) {
		gw_error("while starting the CSP server: %s", strerror(e));
		return e;
	}
	the_daemon = d;
	return 0;
}

void gw_csp_stop(struct gw_daemon *d)
{
	if (d == NULL || d != the_daemon)
		return;
	gw_server_shutdown(&the_server);
	the_daemon = NULL;
}

void gw_csp_reload(struct gw_daemon *d)
{
	struct gw_server *srv = server_of(d);

	if (srv)
		gw_server_reload(srv);
}

void gw_csp_status(struct gw_daemon *d, struct gw_buf *out)
{
	struct gw_server *srv = server_of(d);
	struct gw_sessions *ss = srv ? srv->sessions : NULL;

	if (ss == NULL) {
		gw_buf_printf(out, "\"csp_server\":null");
		return;
	}
	gw_buf_printf(out, "\"csp_server\":{\"sessions\":%u,\"logins\":%llu,"
		      "\"login_failures\":%llu,\"expired\":%llu,\"forced_logouts\":%llu,"
		      "\"cir_tcp_port\":%u}", ss->count, (unsigned long long)ss->logins,
		      (unsigned long long)ss->login_failures, (unsigned long long)ss->expired,
		      (unsigned long long)ss->forced, gw_cir_tcp_port(srv));
}

/* --- control commands ------------------------------------------------------------------- */

struct list_ctx {
	struct gw_buf *out;
	char const *user;
	int64_t now;
	unsigned n, shown;
};

static void list_one(void *arg, struct gw_sess *s)
{
	struct list_ctx *lc = arg;
	struct gw_buf *out = lc->out;

	if (lc->user && strcmp(lc->user, s->user) != 0)
		return;
	lc->n++;
	/* Leave room for the closing of the JSON. */
	if (out->len > GW_BUF_MAX - 600)
		return;
	gw_buf_printf(out, "%s{\"id\":", lc->shown++ ? "," : "");
	gw_buf_json_str(out, s->id);
	gw_buf_printf(out, ",\"user\":");
	gw_buf_json_str(out, s->user);
	gw_buf_printf(out, ",\"client_id\":");
	gw_buf_json_str(out, s->client_id);
	gw_buf_printf(out, ",\"version\":\"%s\",\"encoding\":\"%s\",\"state\":\"%s\","
		      "\"idle_s\":%lld,\"keepalive_s\":%lld,\"queued\":%u,\"delivery\":\"%s\","
		      "\"cir\":\"%s\",\"peer\":", csp_version_str(s->info.version),
		      s->enc == CSP_ENC_WBXML ? "wbxml" : "xml",
		      s->state == GW_SESS_CLOSING ? "closing" : "active",
		      (long long)(lc->now - s->last_activity), (long long)s->ttl, s->queue_len,
		      s->info.delivery == GW_DELIVERY_NOTIFY ? "notify" : "push",
		      s->cir ? "stcp" : s->cir_methods & GW_CIR_SHTTP ? "polling" : "none");
	gw_buf_json_str(out, s->peer[0] ? s->peer : NULL);
	gw_buf_printf(out, "}");
}

int gw_csp_ctl_sessions(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	struct gw_server *srv = server_of(ctx);
	struct list_ctx lc = {.out = out};
	char *user = NULL;
	su_home_t home[1] = {SU_HOME_INIT(home)};

	if (srv == NULL) {
		gw_buf_printf(out, "the CSP server is not running");
		return ESRCH;
	}
	if (argc > 2) {
		gw_buf_printf(out, "usage: sessions [USER]");
		return EINVAL;
	}
	if (argc == 2 && gw_user_norm(srv, home, argv[1], &user, NULL) != 0) {
		gw_buf_printf(out, "not a user name: %s", argv[1]);
		su_home_deinit(home);
		return EINVAL;
	}
	lc.user = user;
	lc.now = gw_now(srv);
	gw_buf_printf(out, "{\"sessions\":[");
	gw_sessions_each(srv, list_one, &lc);
	gw_buf_printf(out, "],\"count\":%u,\"shown\":%u}", lc.n, lc.shown);
	su_home_deinit(home);
	return out->full ? E2BIG : 0;
}

int gw_csp_ctl_kick(void *ctx, int argc, char **argv, struct gw_buf *out)
{
	struct gw_server *srv = server_of(ctx);
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char reason[200] = "";
	char *user = NULL;
	struct gw_sess *s, *next;
	unsigned n = 0;

	if (srv == NULL) {
		gw_buf_printf(out, "the CSP server is not running");
		return ESRCH;
	}
	if (argc < 2) {
		gw_buf_printf(out, "usage: kick USER|SESSIONID [REASON...]");
		return EINVAL;
	}
	for (int i = 2; i < argc; i++) {
		size_t l = strlen(reason);

		snprintf(reason + l, sizeof reason - l, "%s%s", l ? " " : "", argv[i]);
	}
	if (!reason[0])
		snprintf(reason, sizeof reason, "Forced logout by the operator");
	if ((s = gw_sess_find(srv, argv[1])) != NULL) {
		n += gw_sess_force_logout(s, reason) == 0;
	} else if (gw_user_norm(srv, home, argv[1], &user, NULL) == 0) {
		for (s = gw_sess_next_of_user(srv, user, NULL); s; s = next) {
			next = gw_sess_next_of_user(srv, user, s);
			n += gw_sess_force_logout(s, reason) == 0;
		}
	}
	su_home_deinit(home);
	if (n == 0) {
		gw_buf_printf(out, "no live session of %s", argv[1]);
		return ENOENT;
	}
	gw_buf_printf(out, "%u session%s forced out (Disconnect 601)", n, n == 1 ? "" : "s");
	return 0;
}
