/* tests/test_gw_session.c: CSP sessions: store, queue, retransmission, expiry, login, digest. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "iwf/gw_config.h"
#include "iwf/gw_cred.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"

static char dir[64];
static char path[128];
static struct gw_store *st;
static su_home_t home[1];

static void setup_dir(void)
{
	strcpy(dir, "/tmp/test_gw_session.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/iwf.db", dir);
	su_home_init(home);
	gw_log_open("test_gw_session", GW_LOG_ERROR, 0);
	st = NULL;
}

static void teardown_dir(void)
{
	char cmd[160];

	gw_store_close(st);
	st = NULL;
	su_home_deinit(home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* --- store additions: presence, psubs, txlog --------------------------------------------- */

static char seen[1024];

static int see_psub(void *arg, struct gw_psub const *p)
{
	size_t n = strlen(seen);

	(void)arg;
	snprintf(seen + n, sizeof seen - n, "%s>%s[%s]%u%s;", p->session_id, p->target,
		 p->contact_list ? p->contact_list : "-", (unsigned)p->attrs,
		 p->auto_subscribe ? "a" : "");
	return 0;
}

static void store_with_sessions(void)
{
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:x", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "jane", "plain:y", 1), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"s1", "harry", "c1",
			 NULL, 60, NULL, 10, 10}), 0);
	ck_assert_int_eq(gw_store_session_add(st, &(struct gw_session_rec){"s2", "jane", "c2",
			 NULL, 60, NULL, 10, 10}), 0);
}

START_TEST(store_presence)
{
	char *sl = NULL;
	int64_t t = 0;

	store_with_sessions();
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), ENOENT);
	ck_assert_ptr_null(sl);
	ck_assert_int_eq(gw_store_presence_put(st, "harry", "<PresenceSubList/>", 5), 0);
	ck_assert_int_eq(gw_store_presence_put(st, "harry",
					       "<PresenceSubList><A/></PresenceSubList>", 7), 0);
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), 0);
	ck_assert_str_eq(sl, "<PresenceSubList><A/></PresenceSubList>");
	ck_assert_int_eq(t, 7);
	ck_assert_int_eq(gw_store_presence_put(st, "nobody", "x", 1), ENOENT);
	ck_assert_int_eq(gw_store_presence_put(st, NULL, "x", 1), EINVAL);
	/* Deleting the user deletes the presence. */
	ck_assert_int_eq(gw_store_user_del(st, "harry"), 0);
	ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &sl, &t), ENOENT);
}
END_TEST

START_TEST(store_psub)
{
	store_with_sessions();
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 3, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d",
			 "wv:harry/f@d", 1, 1, 21}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s2", "wv:jane@d", NULL, 0, 0,
			 22}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s2", "sip:amy@e", NULL, 0, 0,
			 23}), 0);
	/* Replace keeps one row. */
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 5, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"nope", "wv:jane@d", NULL, 0, 0,
			 1}), ENOENT);
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "", NULL, 0, 0, 1}), EINVAL);

	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, NULL, "wv:jane@d", see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s1>wv:jane@d[-]5;s1>wv:jane@d[wv:harry/f@d]1a;s2>wv:jane@d[-]0;");
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s2", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s2>wv:jane@d[-]0;s2>sip:amy@e[-]0;");

	/* NULL list: only the direct one; "*": every row of the target. */
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", NULL), 0);
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", NULL), ENOENT);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s1", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "s1>wv:jane@d[wv:harry/f@d]1a;");
	ck_assert_int_eq(gw_store_psub_put(st, &(struct gw_psub){"s1", "wv:jane@d", NULL, 5, 0,
			 20}), 0);
	ck_assert_int_eq(gw_store_psub_delete(st, "s1", "wv:jane@d", "*"), 0);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, "s1", NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "");

	/* Ending a session ends its subscriptions. */
	ck_assert_int_eq(gw_store_session_delete(st, "s2"), 0);
	seen[0] = '\0';
	ck_assert_int_eq(gw_store_psub_each(st, NULL, NULL, see_psub, NULL), 0);
	ck_assert_str_eq(seen, "");
}
END_TEST

START_TEST(store_txlog)
{
	void *a = NULL;
	size_t n = 0;

	store_with_sessions();
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "7", "abc", 3, 100), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "8", "defg", 4, 200), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "s2", "7", "x", 1, 100), 0);
	ck_assert_int_eq(gw_store_txlog_put(st, "nope", "7", "x", 1, 100), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_mem_eq(a, "abc", 3);
	ck_assert_int_eq(((char *)a)[3], '\0');
	/* Replace. */
	ck_assert_int_eq(gw_store_txlog_put(st, "s1", "7", "zz", 2, 150), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), 0);
	ck_assert_uint_eq(n, 2);
	/* Expire drops entries created before the bound. */
	ck_assert_int_eq(gw_store_txlog_expire(st, 160), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s2", "7", &a, &n), ENOENT);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "8", &a, &n), 0);
	/* Cascade with the session. */
	ck_assert_int_eq(gw_store_session_delete(st, "s1"), 0);
	ck_assert_int_eq(gw_store_txlog_get(st, home, "s1", "8", &a, &n), ENOENT);
}
END_TEST

/* --- the CSP server without HTTP: gw_csp_handle() with an injected clock ------------------ */

static struct gw_config cfg;
static struct gw_server srv;
static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

static void server_up(void)
{
	memset(&srv, 0, sizeof srv);
	srv.cfg = &cfg;
	srv.store = st;
	srv.clock = fake_clock;
	ck_assert_int_eq(gw_server_start(&srv), 0);
}

static void setup_server(void)
{
	char err[GW_CONF_ERR_MAX];

	setup_dir();
	fake_now = 1000000;
	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "imps.domain", "mno1.example", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_min", "30s", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_max", "1h", err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_default", "5m", err, sizeof err),
			 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.poll_min", "7s", err, sizeof err), 0);
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:h4rry", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "jane", "plain:j4ne", 1), 0);
	server_up();
}

static void teardown_server(void)
{
	gw_server_shutdown(&srv);
	gw_config_deinit(&cfg);
	teardown_dir();
}

/* A one-transaction request message. mode "Request"/"Response"; sid/tid may be NULL. */
static char *msg(enum csp_version v, char const *sid, char const *mode, char const *tid,
		 char const *prim)
{
	char *x = su_sprintf(home, "<WV-CSP-Message xmlns=\"%s\"><Session><SessionDescriptor>"
			     "<SessionType>%s</SessionType>%s%s%s</SessionDescriptor>"
			     "<Transaction><TransactionDescriptor><TransactionMode>%s"
			     "</TransactionMode>%s%s%s</TransactionDescriptor>"
			     "<TransactionContent xmlns=\"%s\">%s</TransactionContent>"
			     "</Transaction></Session></WV-CSP-Message>",
			     csp_ns(v, 'C'), sid ? "Inband" : "Outband",
			     sid ? "<SessionID>" : "", sid ? sid : "", sid ? "</SessionID>" : "",
			     mode, tid ? "<TransactionID>" : "", tid ? tid : "",
			     tid ? "</TransactionID>" : "", csp_ns(v, 'T'), prim);

	ck_assert_ptr_nonnull(x);
	return x;
}

static struct gw_csp_out last;

/* Posts a body; returns the parsed answer, NULL for an empty body (HTTP status in last). */
static struct csp_msg *post_ct(void const *body, size_t len, char const *ct)
{
	struct csp_msg *m = NULL;
	struct csp_error err;

	gw_csp_handle(&srv, home, body, len, ct, "127.0.0.1:1", &last);
	if (last.http_status != 200 || last.len == 0)
		return NULL;
	ck_assert_int_eq(csp_parse(home, last.body, last.len, last.content_type, &m, NULL, &err),
			 0);
	return m;
}

static struct csp_msg *post(char const *xml)
{
	struct csp_msg *m = post_ct(xml, strlen(xml), "application/vnd.wv.csp.xml");

	ck_assert_uint_eq(last.http_status, 200);
	return m;
}

static long code_of(struct csp_node const *prim)
{
	char const *c = csp_node_text(csp_node_find(prim, "Result"), "Code");

	ck_assert_ptr_nonnull(c);
	return strtol(c, NULL, 10);
}

/* The answer's only primitive, checked by name; its Result code in *codep (may be NULL). */
static struct csp_node *answer1(struct csp_msg const *m, char const *name, long *codep)
{
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(m->trans);
	ck_assert_ptr_null(m->trans->next);
	ck_assert_ptr_nonnull(m->trans->content);
	if (strcmp(m->trans->content->name, name) != 0 &&
	    csp_node_find(m->trans->content, "Result"))
		fprintf(stderr, "unexpected %s: %s %s\n", m->trans->content->name,
			csp_node_text(csp_node_find(m->trans->content, "Result"), "Code"),
			csp_node_text(csp_node_find(m->trans->content, "Result"), "Description"));
	ck_assert_str_eq(m->trans->content->name, name);
	if (codep)
		*codep = code_of(m->trans->content);
	return m->trans->content;
}

#define LOGIN2(user, pw, ttl) \
	"<Login-Request><UserID>" user "</UserID><ClientID><URL>c1</URL></ClientID>" \
	"<TimeToLive>" ttl "</TimeToLive><SessionCookie>ck1</SessionCookie>" \
	"<Password>" pw "</Password></Login-Request>"

/* Logs harry in (two-way) and returns the SessionID. */
static char const *login_harry(char const *client)
{
	char *p = su_sprintf(home, "<Login-Request><UserID>Harry</UserID><ClientID><URL>%s</URL>"
			     "</ClientID><TimeToLive>600</TimeToLive><SessionCookie>ck-%s"
			     "</SessionCookie><Password>h4rry</Password></Login-Request>",
			     client, client);
	long code;
	struct csp_node *a = answer1(post(msg(CSP_V12, NULL, "Request", "1", p)),
				     "Login-Response", &code);

	ck_assert_int_eq(code, 200);
	ck_assert_ptr_nonnull(csp_node_text(a, "SessionID"));
	return csp_node_text(a, "SessionID");
}

START_TEST(login_two_way)
{
	long code;
	struct csp_msg *m = post(msg(CSP_V12, NULL, "Request", "1",
				     LOGIN2("wv:harry@mno1.example", "h4rry", "7205")));
	struct csp_node *a = answer1(m, "Login-Response", &code);
	char const *sid = csp_node_text(a, "SessionID");
	struct gw_sess *s;

	ck_assert_int_eq(code, 200);
	ck_assert_int_eq(m->version, CSP_V12);
	ck_assert_str_eq(last.content_type, "application/vnd.wv.csp.xml");
	ck_assert_str_eq(m->trans->id, "1");
	ck_assert_int_eq(m->trans->mode, CSP_RESPONSE);
	/* 7205 s asked, 1 h granted. */
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "3600");
	ck_assert_str_eq(csp_node_text(a, "CapabilityRequest"), "T");
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "ClientID"), "URL"), "c1");
	/* 32 hex digits of getrandom(). */
	ck_assert_uint_eq(strlen(sid), 32);
	ck_assert_uint_eq(strspn(sid, "0123456789abcdef"), 32);
	s = gw_sess_find(&srv, sid);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(gw_sess_info(s)->user, "wv:harry@mno1.example");
	ck_assert_int_eq(gw_user_online(&srv, "wv:harry@mno1.example"), 1);
	ck_assert_int_eq(gw_user_online(&srv, "wv:jane@mno1.example"), 0);

	/* Wrong password, unknown user, foreign domain. */
	answer1(post(msg(CSP_V12, NULL, "Request", "2", LOGIN2("harry", "nope", "60"))),
		"Login-Response", &code);
	ck_assert_int_eq(code, 409);
	answer1(post(msg(CSP_V12, NULL, "Request", "3", LOGIN2("wv:nobody@mno1.example", "x",
							      "60"))), "Login-Response", &code);
	ck_assert_int_eq(code, 531);
	answer1(post(msg(CSP_V12, NULL, "Request", "4", LOGIN2("harry@elsewhere.example", "x",
							      "60"))), "Login-Response", &code);
	ck_assert_int_eq(code, 531);
	/* Too short a TimeToLive is raised to the minimum; none gets the default. */
	a = answer1(post(msg(CSP_V11, NULL, "Request", "5", LOGIN2("jane", "j4ne", "2"))),
		    "Login-Response", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "30");
	a = answer1(post(msg(CSP_V13, NULL, "Request", "6",
			     "<Login-Request><UserID>jane</UserID><ClientID><URL>c9</URL>"
			     "</ClientID><Password>j4ne</Password></Login-Request>")),
		    "Login-Response", &code);
	ck_assert_str_eq(last.content_type, "application/vnd.wv.csp+xml");
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "300");
}
END_TEST

/* The four-way login with `schemas` offered; the server must choose `chosen`. */
static void four_way(char const *schemas, char const *chosen, char const *pw, long want)
{
	long code;
	char b64[64];
	struct csp_node *a = answer1(post(msg(CSP_V13, NULL, "Request", "1", su_sprintf(home,
		"<Login-Request><UserID>wv:harry@mno1.example</UserID><ClientID><URL>c4</URL>"
		"</ClientID><SessionCookie>k</SessionCookie>%s</Login-Request>", schemas))),
		"Login-Response", &code);
	char const *nonce = csp_node_text(a, "Nonce");

	ck_assert_int_eq(code, 401);
	ck_assert_ptr_nonnull(nonce);
	ck_assert_ptr_null(csp_node_text(a, "SessionID"));
	ck_assert_str_eq(csp_node_text(a, "DigestSchema"), chosen);
	ck_assert_int_eq(gw_digest_compute(chosen, nonce, pw, b64, sizeof b64), 0);
	a = answer1(post(msg(CSP_V13, NULL, "Request", "1", su_sprintf(home,
		"<Login-Request><UserID>wv:harry@mno1.example</UserID><ClientID><URL>c4</URL>"
		"</ClientID><SessionCookie>k</SessionCookie><DigestBytes>%s</DigestBytes>"
		"</Login-Request>", b64))), "Login-Response", &code);
	ck_assert_int_eq(code, want);
	if (want == 200)
		ck_assert_ptr_nonnull(csp_node_text(a, "SessionID"));
	/* The nonce is single use. */
	answer1(post(msg(CSP_V13, NULL, "Request", "1", su_sprintf(home,
		"<Login-Request><UserID>wv:harry@mno1.example</UserID><ClientID><URL>c4</URL>"
		"</ClientID><DigestBytes>%s</DigestBytes></Login-Request>", b64))),
		"Login-Response", &code);
	ck_assert_int_eq(code, 409);
}

START_TEST(login_four_way)
{
	long code;

	four_way("<DigestSchema>MD5</DigestSchema><DigestSchema>SHA</DigestSchema>", "MD5",
		 "h4rry", 200);
	four_way("<DigestSchema>SHA</DigestSchema>", "SHA", "h4rry", 200);
	four_way("<DigestSchema>PWD,SHA-1,MD5</DigestSchema>", "SHA", "h4rry", 200);
	four_way("<DigestSchema>MD5</DigestSchema>", "MD5", "wrong", 409);
	/* No schema in common. */
	answer1(post(msg(CSP_V12, NULL, "Request", "1",
			 "<Login-Request><UserID>harry</UserID><ClientID><URL>c</URL></ClientID>"
			 "<DigestSchema>MD4</DigestSchema></Login-Request>")),
		"Login-Response", &code);
	ck_assert_int_eq(code, 543);
	/* A crypt: credential cannot answer a digest. */
	{
		char *cred = NULL;

		ck_assert_int_eq(gw_cred_make(home, GW_CRED_CRYPT, "s3cret", &cred), 0);
		ck_assert_int_eq(gw_store_user_set_cred(st, "jane", cred), 0);
		answer1(post(msg(CSP_V12, NULL, "Request", "1",
				 "<Login-Request><UserID>jane</UserID><ClientID><URL>c</URL>"
				 "</ClientID><DigestSchema>MD5</DigestSchema></Login-Request>")),
			"Login-Response", &code);
		ck_assert_int_eq(code, 543);
		answer1(post(msg(CSP_V12, NULL, "Request", "1", LOGIN2("jane", "s3cret", "60"))),
			"Login-Response", &code);
		ck_assert_int_eq(code, 200);
	}
}
END_TEST

START_TEST(session_ids_and_expiry)
{
	char const *sid = login_harry("c1");
	long code;
	struct gw_session_rec *rec = NULL;

	/* Forged and missing SessionIDs: 604; Polling before login: 604. */
	answer1(post(msg(CSP_V12, "00112233445566778899aabbccddeeff", "Request", "2",
			 "<KeepAlive-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 604);
	answer1(post(msg(CSP_V12, NULL, "Request", NULL, "<Polling-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 604);

	/* Activity keeps it; silence longer than KeepAliveTime (600) ends it: 600. */
	fake_now += 500;
	answer1(post(msg(CSP_V12, sid, "Request", "3", "<KeepAlive-Request/>")),
		"KeepAlive-Response", &code);
	ck_assert_int_eq(code, 200);
	fake_now += 600;
	gw_sessions_tick(&srv, fake_now);
	ck_assert_ptr_nonnull(gw_sess_find(&srv, sid));
	fake_now += 1;
	gw_sessions_tick(&srv, fake_now);
	ck_assert_ptr_null(gw_sess_find(&srv, sid));
	ck_assert_int_eq(gw_store_session_get(st, home, sid, &rec), ENOENT);
	answer1(post(msg(CSP_V12, sid, "Request", NULL, "<Polling-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 600);

	/* Expiry noticed by a request before the tick. */
	sid = login_harry("c1");
	fake_now += 700;
	answer1(post(msg(CSP_V12, sid, "Request", "4", "<KeepAlive-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 600);
}
END_TEST

START_TEST(keepalive_clamping)
{
	char const *sid = login_harry("c1");
	long code;
	struct csp_node *a;
	struct gw_session_rec *rec = NULL;

	a = answer1(post(msg(CSP_V12, sid, "Request", "2",
			     "<KeepAlive-Request><TimeToLive>5</TimeToLive></KeepAlive-Request>")),
		    "KeepAlive-Response", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "30");
	a = answer1(post(msg(CSP_V12, sid, "Request", "3",
			     "<KeepAlive-Request><TimeToLive>99999</TimeToLive>"
			     "</KeepAlive-Request>")), "KeepAlive-Response", &code);
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "3600");
	a = answer1(post(msg(CSP_V12, sid, "Request", "4", "<KeepAlive-Request/>")),
		    "KeepAlive-Response", &code);
	ck_assert_str_eq(csp_node_text(a, "KeepAliveTime"), "3600");
	ck_assert_int_eq(gw_store_session_get(st, home, sid, &rec), 0);
	ck_assert_int_eq(rec->ttl, 3600);
}
END_TEST

/* A ClientCapability-Request asking for delivery `dm` (P or N). */
static char const *caps_req(char const *dm)
{
	return su_sprintf(home, "<ClientCapability-Request><CapabilityList><ClientType>"
			  "MOBILE_PHONE</ClientType><InitialDeliveryMethod>%s"
			  "</InitialDeliveryMethod></CapabilityList></ClientCapability-Request>",
			  dm);
}

static char const *answered_dm(struct csp_msg const *m)
{
	struct csp_node *a = answer1(m, "ClientCapability-Response", NULL);

	return csp_node_text(csp_node_find(a, "CapabilityList"), "InitialDeliveryMethod");
}

START_TEST(retransmission)
{
	char const *sid = login_harry("c1");
	struct gw_sess *s = gw_sess_find(&srv, sid);

	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "5", caps_req("N")))),
			 "N");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_NOTIFY);
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "6", caps_req("P")))),
			 "P");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_PUSH);
	/* The same request again: the logged answer, not a second execution. */
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "5", caps_req("N")))),
			 "N");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_PUSH);
	/* Even in another version (answered in that version). */
	ck_assert_str_eq(answered_dm(post(msg(CSP_V13, sid, "Request", "5", caps_req("N")))),
			 "N");
	ck_assert_str_eq(last.content_type, "application/vnd.wv.csp+xml");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_PUSH);
	/* A reused TransactionID with other content is a new request. */
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "6", caps_req("N")))),
			 "N");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_NOTIFY);
	/* The log survives a restart. */
	gw_server_shutdown(&srv);
	server_up();
	s = gw_sess_find(&srv, sid);
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_NOTIFY);
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "5", caps_req("N")))),
			 "N");
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "5", caps_req("P")))),
			 "P");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_PUSH);
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "5", caps_req("P")))),
			 "P");
	/* And expires. */
	for (int i = 0; i < 3; i++) {
		fake_now += (GW_TXLOG_KEEP_S + 61) / 3 + 1;
		answer1(post(msg(CSP_V12, sid, "Request", su_sprintf(home, "k%d", i),
				 "<KeepAlive-Request/>")), "KeepAlive-Response", NULL);
	}
	gw_sessions_tick(&srv, fake_now);
	ck_assert_str_eq(answered_dm(post(msg(CSP_V12, sid, "Request", "6", caps_req("N")))),
			 "N");
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_NOTIFY);
	/* Reads are not logged: a KeepAlive with a reused ID runs again. */
	answer1(post(msg(CSP_V12, sid, "Request", "k9",
			 "<KeepAlive-Request><TimeToLive>100</TimeToLive></KeepAlive-Request>")),
		"KeepAlive-Response", NULL);
	answer1(post(msg(CSP_V12, sid, "Request", "k9",
			 "<KeepAlive-Request><TimeToLive>100</TimeToLive></KeepAlive-Request>")),
		"KeepAlive-Response", NULL);
	ck_assert_int_eq(s->ttl, 100);
}
END_TEST

/* --- the queue ---------------------------------------------------------------------------- */

static char acks[512];

static void ack_hook(void *arg, struct gw_sess *s, char const *kind, char const *ref,
		     struct csp_node const *answer)
{
	size_t n = strlen(acks);

	(void)arg;
	(void)s;
	snprintf(acks + n, sizeof acks - n, "%s/%s/%s;", kind, ref, answer->name);
}

static struct csp_node *notification(char const *who)
{
	struct csp_node *n = csp_node_add(home, NULL, "PresenceNotification-Request");
	struct csp_node *p = csp_node_add(home, n, "Presence");

	ck_assert_ptr_nonnull(csp_node_add_text(home, p, "UserID", who));
	return n;
}

static struct csp_node *new_message(char const *id)
{
	struct csp_node *n = csp_node_add(home, NULL, "NewMessage");
	struct csp_node *mi = csp_node_add(home, n, "MessageInfo");

	ck_assert_ptr_nonnull(csp_node_add_text(home, mi, "MessageID", id));
	ck_assert_ptr_nonnull(csp_node_add_text(home, n, "ContentData", "hi"));
	return n;
}

/* Polls; returns the server transactions offered (NULL when the body is empty). */
static struct csp_msg *poll_once(char const *sid)
{
	return post(msg(CSP_V12, sid, "Request", NULL, "<Polling-Request/>"));
}

START_TEST(queue_offer_ack_restart)
{
	char const *sid = login_harry("c1");
	struct gw_sess *s = gw_sess_find(&srv, sid);
	char const *t1 = NULL, *t2 = NULL, *t3 = NULL;
	struct csp_msg *m;
	long code;

	srv.sessions->ack_hook = ack_hook;
	acks[0] = '\0';
	/* Nothing queued: an empty body. */
	ck_assert_ptr_null(poll_once(sid));
	ck_assert_uint_eq(last.http_status, 200);

	ck_assert_int_eq(gw_sess_push(s, notification("wv:jane@mno1.example"), "p1", home, &t1),
			 0);
	ck_assert_int_eq(gw_sess_push(s, new_message("m1"), "m1", home, &t2), 0);
	ck_assert_int_eq(gw_sess_push(s, notification("wv:amy@mno1.example"), NULL, home, &t3),
			 0);
	ck_assert_str_ne(t1, t2);

	/* Any answer of the session says Poll=T (1.2: at Session level). */
	m = post(msg(CSP_V12, sid, "Request", "2", "<KeepAlive-Request/>"));
	answer1(m, "KeepAlive-Response", &code);
	ck_assert_int_eq(m->poll, CSP_T);
	/* 1.1: in the TransactionDescriptor. */
	m = post(msg(CSP_V11, sid, "Request", "3", "<KeepAlive-Request/>"));
	ck_assert_int_eq(m->trans->poll, CSP_T);

	/* MultiTrans 1 (not negotiated): one per Polling, oldest first. */
	m = poll_once(sid);
	answer1(m, "PresenceNotification-Request", NULL);
	ck_assert_int_eq(m->trans->mode, CSP_REQUEST);
	ck_assert_str_eq(m->trans->id, t1);
	ck_assert_int_eq(m->poll, CSP_T);
	m = poll_once(sid);
	answer1(m, "NewMessage", NULL);
	ck_assert_str_eq(m->trans->id, t2);

	/* Restart from the store (shutting down writes nothing: as after a crash). */
	gw_server_shutdown(&srv);
	server_up();
	srv.sessions->ack_hook = ack_hook;
	s = gw_sess_find(&srv, sid);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->queue_len, 3);
	ck_assert_str_eq(gw_sess_info(s)->user, "wv:harry@mno1.example");

	/* t1 and t2 were offered just now: only t3 is due. */
	m = poll_once(sid);
	answer1(m, "PresenceNotification-Request", NULL);
	ck_assert_str_eq(m->trans->id, t3);
	ck_assert_int_ne(m->poll, CSP_T);
	ck_assert_ptr_null(poll_once(sid));

	/* Answers: Status for a request, MessageDelivered for NewMessage. */
	ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", t1,
				    "<Status><Result><Code>200</Code></Result></Status>")));
	ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", t2,
				    "<MessageDelivered><MessageID>m1</MessageID>"
				    "</MessageDelivered>")));
	ck_assert_str_eq(acks, "PresenceNotification-Request/p1/Status;NewMessage/m1/"
			 "MessageDelivered;");
	/* A second answer to the same transaction changes nothing. */
	ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", t1,
				    "<Status><Result><Code>200</Code></Result></Status>")));
	ck_assert_uint_eq(s->queue_len, 1);

	/* The unanswered t3 (its HTTP answer was lost) is offered again after GW_RESEND_S. */
	fake_now += GW_RESEND_S;
	m = poll_once(sid);
	answer1(m, "PresenceNotification-Request", NULL);
	ck_assert_str_eq(m->trans->id, t3);
	ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", t3,
				    "<Status><Result><Code>200</Code></Result></Status>")));
	ck_assert_uint_eq(s->queue_len, 0);
	ck_assert_ptr_null(poll_once(sid));

	/* Nothing is left in the store either. */
	gw_server_shutdown(&srv);
	server_up();
	ck_assert_uint_eq(gw_sess_find(&srv, sid)->queue_len, 0);
}
END_TEST

START_TEST(queue_multitrans)
{
	char const *sid = login_harry("c1");
	struct gw_sess *s = gw_sess_find(&srv, sid);
	struct csp_msg *m;
	struct csp_node *a;
	long code;
	unsigned n = 0;

	a = answer1(post(msg(CSP_V12, sid, "Request", "2",
			     "<ClientCapability-Request><CapabilityList><ClientType>MOBILE_PHONE"
			     "</ClientType><InitialDeliveryMethod>N</InitialDeliveryMethod>"
			     "<AcceptedContentLength>1000</AcceptedContentLength>"
			     "<MultiTrans>3</MultiTrans>"
			     "<SupportedCIRMethod>STCP</SupportedCIRMethod>"
			     "<SupportedCIRMethod>SHTTP</SupportedCIRMethod>"
			     "</CapabilityList></ClientCapability-Request>")),
		    "ClientCapability-Response", NULL);
	a = csp_node_find(a, "CapabilityList");
	ck_assert_str_eq(csp_node_text(a, "MultiTrans"), "3");
	ck_assert_str_eq(csp_node_text(a, "ServerPollMin"), "7");
	ck_assert_str_eq(csp_node_text(a, "InitialDeliveryMethod"), "N");
	/* No STCP listener here: SHTTP only. */
	ck_assert_str_eq(csp_node_text(a, "SupportedCIRMethod"), "SHTTP");
	ck_assert_ptr_null(csp_node_next_named(csp_node_find(a, "SupportedCIRMethod")));
	ck_assert_ptr_null(csp_node_find(a, "TCPPort"));
	ck_assert_int_eq(gw_sess_info(s)->delivery, GW_DELIVERY_NOTIFY);
	ck_assert_int_eq(gw_sess_info(s)->accepted_content_length, 1000);

	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(gw_sess_push(s, new_message("m"), NULL, NULL, NULL), 0);
	m = poll_once(sid);
	for (struct csp_transaction *t = m->trans; t; t = t->next) {
		ck_assert_str_eq(t->content->name, "NewMessage");
		n++;
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(m->poll, CSP_T);

	/* Two transactions in one request are answered in order. */
	m = post(su_sprintf(home, "<WV-CSP-Message xmlns=\"%s\"><Session><SessionDescriptor>"
			    "<SessionType>Inband</SessionType><SessionID>%s</SessionID>"
			    "</SessionDescriptor><Transaction><TransactionDescriptor>"
			    "<TransactionMode>Request</TransactionMode><TransactionID>a"
			    "</TransactionID></TransactionDescriptor><TransactionContent>"
			    "<GetSPInfo-Request/></TransactionContent></Transaction><Transaction>"
			    "<TransactionDescriptor><TransactionMode>Request</TransactionMode>"
			    "<TransactionID>b</TransactionID></TransactionDescriptor>"
			    "<TransactionContent><Search-Request/></TransactionContent>"
			    "</Transaction>"
			    "</Session></WV-CSP-Message>", csp_ns(CSP_V12, 'C'), sid));
	ck_assert_ptr_nonnull(m->trans->next);
	ck_assert_str_eq(m->trans->id, "a");
	ck_assert_str_eq(m->trans->content->name, "GetSPInfo-Response");
	ck_assert_str_eq(csp_node_text(m->trans->content, "Name"), "mno1.example");
	ck_assert_str_eq(m->trans->next->id, "b");
	ck_assert_int_eq(code_of(m->trans->next->content), 405);
	(void)code;
}
END_TEST

START_TEST(forced_logout_and_logout)
{
	char const *s1 = login_harry("c1");
	char const *s2 = login_harry("c2");
	char const *s3;
	struct csp_msg *m;
	long code;

	ck_assert_str_ne(s1, s2);
	/* Same client again: the first session is forced out (601). */
	s3 = login_harry("c1");
	ck_assert_int_eq(gw_sess_find(&srv, s1)->state, GW_SESS_CLOSING);
	answer1(post(msg(CSP_V12, s1, "Request", "9", "<KeepAlive-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 601);
	m = poll_once(s1);
	answer1(m, "Disconnect", &code);
	ck_assert_int_eq(code, 601);
	ck_assert_int_eq(m->trans->mode, CSP_REQUEST);
	ck_assert_ptr_null(post(msg(CSP_V12, s1, "Response", m->trans->id,
				    "<Status><Result><Code>200</Code></Result></Status>")));
	ck_assert_ptr_null(gw_sess_find(&srv, s1));
	answer1(post(msg(CSP_V12, s1, "Request", NULL, "<Polling-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 601);

	/* A forced logout survives a restart until it is delivered. */
	ck_assert_int_eq(gw_sess_force_logout(gw_sess_find(&srv, s2), "kicked"), 0);
	gw_server_shutdown(&srv);
	server_up();
	ck_assert_int_eq(gw_sess_find(&srv, s2)->state, GW_SESS_CLOSING);
	ck_assert_int_eq(gw_user_online(&srv, "wv:harry@mno1.example"), 1);	/* s3 */
	m = poll_once(s2);
	answer1(m, "Disconnect", &code);
	ck_assert_int_eq(code, 601);
	/* Unanswered, it ends after the grace time. */
	fake_now += GW_CLOSE_GRACE_S + 1;
	gw_sessions_tick(&srv, fake_now);
	ck_assert_ptr_null(gw_sess_find(&srv, s2));

	/* Logout: Disconnect 200, the session is gone (604 afterwards). */
	answer1(post(msg(CSP_V12, s3, "Request", "2", "<Logout-Request/>")), "Disconnect", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_ptr_null(gw_sess_find(&srv, s3));
	answer1(post(msg(CSP_V12, s3, "Request", "3", "<KeepAlive-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 604);
	ck_assert_int_eq(gw_user_online(&srv, "wv:harry@mno1.example"), 0);
}
END_TEST

START_TEST(service_negotiation)
{
	char const *sid = login_harry("c1");
	struct csp_node *a;
	struct csp_prim *p = NULL;

	a = answer1(post(msg(CSP_V12, sid, "Request", "3",
			     "<Service-Request><Functions><WVCSPFeat><FundamentalFeat/>"
			     "<PresenceFeat/><IMFeat/><GroupFeat/></WVCSPFeat></Functions>"
			     "<AllFunctionsRequest>T</AllFunctionsRequest></Service-Request>")),
		    "Service-Response", NULL);
	ck_assert_int_eq(csp_prim_from_node(home, a, &p, NULL), 0);
	ck_assert_int_eq(p->u.service_response.all_functions.present, 1);
	/* Exactly what the tables implement. */
	ck_assert(p->u.service_response.all_functions.set == gw_login_functions());
	ck_assert(p->u.service_response.all_functions.set & csp_func_by_name("GETSPI"));
	ck_assert(!(p->u.service_response.all_functions.set & csp_func_by_name("SRCH")));
	ck_assert(!(p->u.service_response.all_functions.set & csp_func_by_name("CREAG")));
	ck_assert(p->u.service_response.functions.set ==
		  ((gw_login_functions() & csp_func_group("FundamentalFeat")) |
		   (gw_login_functions() & (csp_func_group("PresenceFeat") |
					    csp_func_group("IMFeat") |
					    csp_func_group("GroupFeat")))));
}
END_TEST

START_TEST(bad_input)
{
	char const *sid = login_harry("c1");
	char const *good = msg(CSP_V12, sid, "Request", "2", "<KeepAlive-Request/>");
	char *trunc = su_strndup(home, good, strlen(good) / 2);
	struct csp_msg *m;
	long code;

	/* Truncated XML of a known version: Status 400 in that version. */
	m = post(trunc);
	answer1(m, "Status", &code);
	ck_assert_int_eq(code, 400);
	ck_assert_int_eq(m->version, CSP_V12);
	/* No WV-CSP namespace: HTTP 400. */
	ck_assert_ptr_null(post_ct("<WV-CSP-Message xmlns=\"urn:x\"/>", 31,
				   "application/vnd.wv.csp.xml"));
	ck_assert_uint_eq(last.http_status, 400);
	ck_assert_ptr_null(post_ct("", 0, "application/vnd.wv.csp.xml"));
	ck_assert_uint_eq(last.http_status, 400);
	ck_assert_ptr_null(post_ct(good, strlen(good), "image/png"));
	ck_assert_uint_eq(last.http_status, 415);
	/* A missing mandatory element: 402 from csp_prim. */
	answer1(post(msg(CSP_V12, NULL, "Request", "1",
			 "<Login-Request><Password>x</Password></Login-Request>")),
		"Status", &code);
	ck_assert_int_eq(code, 402);
	/* Not implemented: 405. */
	answer1(post(msg(CSP_V12, sid, "Request", "3", "<Invite-Request/>")), "Status", &code);
	ck_assert_int_eq(code, 405);
	/* Still serving. */
	answer1(post(good), "KeepAlive-Response", &code);
	ck_assert_int_eq(code, 200);
}
END_TEST

START_TEST(wbxml_in_wbxml_out)
{
	char const *xml = msg(CSP_V12, NULL, "Request", "1",
			      LOGIN2("wv:harry@mno1.example", "h4rry", "60"));
	struct csp_msg *req = NULL, *m;
	struct csp_error err;
	unsigned char *wb;
	size_t len;
	long code;

	ck_assert_int_eq(csp_parse_xml(home, xml, strlen(xml), &req, &err), 0);
	ck_assert_int_eq(csp_build_wbxml(home, req, &wb, &len), 0);
	m = post_ct(wb, len, "application/vnd.wv.csp.wbxml");
	ck_assert_uint_eq(last.http_status, 200);
	ck_assert_str_eq(last.content_type, "application/vnd.wv.csp.wbxml");
	ck_assert_int_eq(csp_sniff(last.body, last.len, NULL), CSP_ENC_WBXML);
	ck_assert_int_eq(m->version, CSP_V12);
	answer1(m, "Login-Response", &code);
	ck_assert_int_eq(code, 200);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gw_session");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, store_presence);
	tcase_add_test(tc, store_psub);
	tcase_add_test(tc, store_txlog);
	suite_add_tcase(s, tc);

	tc = tcase_create("server");
	tcase_add_checked_fixture(tc, setup_server, teardown_server);
	tcase_add_test(tc, login_two_way);
	tcase_add_test(tc, login_four_way);
	tcase_add_test(tc, session_ids_and_expiry);
	tcase_add_test(tc, keepalive_clamping);
	tcase_add_test(tc, retransmission);
	tcase_add_test(tc, queue_offer_ack_restart);
	tcase_add_test(tc, queue_multitrans);
	tcase_add_test(tc, forced_logout_and_logout);
	tcase_add_test(tc, service_negotiation);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, wbxml_in_wbxml_out);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
