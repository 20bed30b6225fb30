/* tests/fuzz/fuzz_gw_csp.c: fuzz target: whole CSP messages through the server core. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iwf/gw_config.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"
#include "tests/fuzz/fuzz.h"

/*
 * One server lives for the whole run (store in a temporary folder, an injected clock that
 * moves one second per input so that sessions expire and queues resend). User johndoe
 * (secret1) of imps.test is logged in at start; "@SID@" in an input is replaced by that
 * SessionID, so that inputs reach the handlers of a live session. A few server transactions
 * are queued now and then so that Polling and answers find something.
 */

#define SID_MARK "@SID@"
#define MAX_INPUT (256 * 1024)

static struct gw_config cfg;
static struct gw_server srv;
static struct gw_store *st;
static char dir[64];
static char sid[64];
static int64_t fake_now = 1000000;
static unsigned inputs;

static int64_t fake_clock(void)
{
	return fake_now;
}

static void finish(void)
{
	char cmd[96];

	gw_server_shutdown(&srv);
	gw_store_close(st);
	gw_config_deinit(&cfg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_gw_csp: could not remove %s\n", dir);
}

static void login(void)
{
	static char const req[] =
		"<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/WV-CSP1.2\">"
		"<Session><SessionDescriptor><SessionType>Outband</SessionType>"
		"</SessionDescriptor><Transaction><TransactionDescriptor><TransactionMode>Request"
		"</TransactionMode><TransactionID>1</TransactionID></TransactionDescriptor>"
		"<TransactionContent><Login-Request><UserID>johndoe</UserID><ClientID><URL>fz</URL>"
		"</ClientID><TimeToLive>86400</TimeToLive><SessionCookie>c</SessionCookie>"
		"<Password>secret1</Password></Login-Request></TransactionContent></Transaction>"
		"</Session></WV-CSP-Message>";
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct gw_csp_out out;
	char const *p;

	gw_csp_handle(&srv, home, req, sizeof req - 1, NULL, "fuzz", &out);
	p = out.body ? strstr(out.body, "<SessionID>") : NULL;
	if (p == NULL || sscanf(p + 11, "%63[0-9a-f]", sid) != 1)
		abort();
	su_home_deinit(home);
}

static void init(void)
{
	char err[GW_CONF_ERR_MAX], path[128];
	char const *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	snprintf(dir, sizeof dir, "%s/fuzz_gw_csp.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/iwf.db", dir);
	gw_log_open("fuzz_gw_csp", GW_LOG_ERROR, 0);
	if (gw_config_init(&cfg) != 0 ||
	    gw_config_set(&cfg, "imps.domain", "imps.test", err, sizeof err) != 0 ||
	    gw_store_open(&st, path, 1000) != 0 ||
	    gw_store_user_add(st, "johndoe", "plain:secret1", 1) != 0 ||
	    gw_store_user_add(st, "alice", "plain:a", 1) != 0)
		abort();
	srv.cfg = &cfg;
	srv.store = st;
	srv.clock = fake_clock;
	if (gw_server_start(&srv) != 0)
		abort();
	login();
	atexit(finish);
}

/* Queues a PresenceNotification to our session now and then. */
static void feed_queue(void)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct gw_sess *s = gw_sess_find(&srv, sid);
	struct csp_node *n = csp_node_add(home, NULL, "PresenceNotification-Request");
	struct csp_node *p = n ? csp_node_add(home, n, "Presence") : NULL;

	if (s && p && csp_node_add_text(home, p, "UserID", "wv:alice@imps.test"))
		gw_sess_push(s, n, "fz", NULL, NULL);
	su_home_deinit(home);
}

int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	static int ready;
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct gw_csp_out out;
	char *buf;
	size_t n = 0;

	if (!ready) {
		init();
		ready = 1;
	}
	if (size > MAX_INPUT)
		return 0;
	/* Our session may have been ended by the input before: log in again. */
	if (gw_sess_find(&srv, sid) == NULL)
		login();
	if (++inputs % 8 == 0)
		feed_queue();
	buf = malloc(size * 8 + 1);
	if (buf == NULL)
		return 0;
	for (size_t i = 0; i < size; ) {
		if (size - i >= sizeof SID_MARK - 1 && memcmp(data + i, SID_MARK,
							     sizeof SID_MARK - 1) == 0) {
			memcpy(buf + n, sid, strlen(sid));
			n += strlen(sid);
			i += sizeof SID_MARK - 1;
		} else {
			buf[n++] = (char)data[i++];
		}
	}
	/* The first byte picks a Content-Type, so that the WBXML path is taken too. */
	gw_csp_handle(&srv, home, buf, n, size && (data[0] & 0x80) ?
		      "application/vnd.wv.csp.wbxml" : NULL, "fuzz", &out);
	free(buf);
	/* 500 means a fault of the server (a handler error, an answer that cannot be built). */
	if (out.http_status == 500)
		abort();
	su_home_deinit(home);
	fake_now++;
	gw_sessions_tick(&srv, fake_now);
	return 0;
}
