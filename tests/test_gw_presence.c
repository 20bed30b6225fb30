/* tests/test_gw_presence.c: presence, authorization, attribute, block and contact lists. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sofia-sip/su_wait.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/imps_pres.h"
#include "iwf/gw_config.h"
#include "iwf/gw_log.h"
#include "iwf/gw_loop.h"
#include "iwf/gw_presence.h"
#include "iwf/gw_presence_int.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"

#define D "@mno1.example"
#define HARRY "wv:harry" D
#define JANE "wv:jane" D
#define AMY "wv:amy" D
#define BOB "wv:bob" D

static char dir[64];
static char path[128];
static struct gw_store *st;
static su_home_t home[1];
static struct gw_config cfg;
static struct gw_server srv;
static int64_t fake_now;
static unsigned tid;

static int64_t fake_clock(void)
{
	return fake_now;
}

static struct gw_loop *loop;

static void setup_common(void)
{
	char err[GW_CONF_ERR_MAX];
	static char const *const users[] = {"harry", "jane", "amy", "bob", NULL};

	strcpy(dir, "/tmp/test_gw_presence.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/iwf.db", dir);
	su_home_init(home);
	gw_log_open("test_gw_presence", GW_LOG_ERROR, 0);
	fake_now = 1000000;
	tid = 100;
	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "imps.domain", "mno1.example", err, sizeof err), 0);
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	for (int i = 0; users[i]; i++)
		ck_assert_int_eq(gw_store_user_add(st, users[i], "plain:pw", 1), 0);
	memset(&srv, 0, sizeof srv);
	srv.cfg = &cfg;
	srv.store = st;
	srv.clock = fake_clock;
}

static void setup(void)
{
	setup_common();
	ck_assert_int_eq(gw_server_start(&srv), 0);
}

/* The same with an event loop (deferred work runs on su_root_step). */
static void setup_loop(void)
{
	setup_common();
	ck_assert_int_eq(gw_loop_create(&loop), 0);
	srv.root = gw_loop_root(loop);
	ck_assert_int_eq(gw_server_start(&srv), 0);
}

static void teardown(void)
{
	char cmd[160];

	gw_server_shutdown(&srv);
	gw_store_close(st);
	gw_config_deinit(&cfg);
	su_home_deinit(home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void teardown_loop(void)
{
	gw_server_shutdown(&srv);
	gw_loop_destroy(loop);
	loop = NULL;
	srv.root = NULL;
	teardown();
}

/* --- talking CSP ------------------------------------------------------------------------ */

static char *msg(enum csp_version v, char const *sid, char const *mode, char const *t,
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
			     mode, t ? "<TransactionID>" : "", t ? t : "",
			     t ? "</TransactionID>" : "", csp_ns(v, 'T'), prim);

	ck_assert_ptr_nonnull(x);
	return x;
}

/* Posts; the parsed answer, NULL for an empty body. */
static struct csp_msg *post(char const *xml)
{
	struct gw_csp_out out;
	struct csp_msg *m = NULL;
	struct csp_error err;

	gw_csp_handle(&srv, home, xml, strlen(xml), "application/vnd.wv.csp.xml", "test", &out);
	ck_assert_uint_eq(out.http_status, 200);
	if (out.len == 0)
		return NULL;
	ck_assert_int_eq(csp_parse(home, out.body, out.len, out.content_type, &m, NULL, &err), 0);
	return m;
}

static long code_of(struct csp_node const *prim)
{
	char const *c = csp_node_text(csp_node_find(prim, "Result"), "Code");

	ck_assert_ptr_nonnull(c);
	return strtol(c, NULL, 10);
}

static char const *desc_of(struct csp_node const *prim)
{
	return csp_node_text(csp_node_find(prim, "Result"), "Description");
}

/* Sends one request of session sid (1.2) and returns the answer primitive, checked by name. */
static struct csp_node *req_v(enum csp_version v, char const *sid, char const *prim,
			      char const *expect)
{
	char t[16];
	struct csp_msg *m;

	snprintf(t, sizeof t, "%u", ++tid);
	m = post(msg(v, sid, "Request", t, prim));
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(m->trans);
	ck_assert_ptr_nonnull(m->trans->content);
	if (strcmp(m->trans->content->name, expect) != 0)
		fprintf(stderr, "%s answered %s %s %s\n", prim, m->trans->content->name,
			csp_node_text(csp_node_find(m->trans->content, "Result"), "Code"),
			csp_node_text(csp_node_find(m->trans->content, "Result"), "Description"));
	ck_assert_str_eq(m->trans->content->name, expect);
	ck_assert_str_eq(m->trans->id, t);
	return m->trans->content;
}

static struct csp_node *req(char const *sid, char const *prim, char const *expect)
{
	return req_v(CSP_V12, sid, prim, expect);
}

/* A request answered by Status with `code`. */
static void status(char const *sid, char const *prim, long code)
{
	struct csp_node *a = req(sid, prim, "Status");

	if (code_of(a) != code)
		fprintf(stderr, "%s: %ld %s\n", prim, code_of(a), desc_of(a));
	ck_assert_int_eq(code_of(a), code);
}

static char const *login_client(char const *user, char const *client)
{
	char *p = su_sprintf(home, "<Login-Request><UserID>%s</UserID><ClientID><URL>%s</URL>"
			     "</ClientID><TimeToLive>600</TimeToLive><SessionCookie>ck"
			     "</SessionCookie><Password>pw</Password></Login-Request>", user, client);
	struct csp_node *a = req(NULL, p, "Login-Response");

	ck_assert_int_eq(code_of(a), 200);
	ck_assert_ptr_nonnull(csp_node_text(a, "SessionID"));
	return su_strdup(home, csp_node_text(a, "SessionID"));
}

static char const *login(char const *user)
{
	return login_client(user, su_sprintf(home, "c-%s", user));
}

static void logout(char const *sid)
{
	struct csp_node *a = req(sid, "<Logout-Request/>", "Disconnect");

	ck_assert_int_eq(code_of(a), 200);
}

/* Server requests a session was given, acknowledged with Status 200. */
struct events {
	struct csp_node *v[64];
	size_t n;
};

static void poll_ev(char const *sid, struct events *ev)
{
	ev->n = 0;
	for (int round = 0; round < 64; round++) {
		struct csp_msg *m = post(msg(CSP_V12, sid, "Request", NULL, "<Polling-Request/>"));
		int got = 0;

		for (struct csp_transaction *t = m ? m->trans : NULL; t; t = t->next) {
			if (t->mode != CSP_REQUEST)
				continue;
			ck_assert_uint_lt(ev->n, 64);
			ev->v[ev->n++] = t->content;
			got = 1;
			ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", t->id,
						    "<Status><Result><Code>200</Code></Result>"
						    "</Status>")));
		}
		if (!got)
			return;
	}
	ck_abort_msg("endless polling");
}

/* Every Presence for `who` in the notifications, in order; the count. */
static size_t presences(struct events const *ev, char const *who, struct csp_node **out,
			size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n; i++) {
		if (strcmp(ev->v[i]->name, "PresenceNotification-Request") != 0)
			continue;
		for (struct csp_node *p = csp_node_find(ev->v[i], "Presence"); p;
		     p = csp_node_next_named(p)) {
			char const *u = csp_node_text(p, "UserID");

			if (u && strcmp(u, who) == 0 && n < max)
				out[n++] = p;
		}
	}
	return n;
}

/* The last Presence of `who` (which must be there). */
static struct csp_node *last_presence(struct events const *ev, char const *who)
{
	struct csp_node *v[64];
	size_t n = presences(ev, who, v, 64);

	ck_assert_msg(n > 0, "no Presence of %s", who);
	return v[n - 1];
}

static size_t count_kind(struct events const *ev, char const *name)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->n; i++)
		n += strcmp(ev->v[i]->name, name) == 0;
	return n;
}

/* The PresenceValue of an attribute of a Presence; "" when the attribute is there without
 * one, NULL when it is not there. */
static char const *value(struct csp_node const *presence, char const *attr)
{
	struct csp_node *psl = csp_node_find(presence, "PresenceSubList");
	struct csp_node *a = psl ? csp_node_find(psl, attr) : NULL;
	char const *v;

	if (a == NULL)
		return NULL;
	v = csp_node_text(a, "PresenceValue");
	return v ? v : "";
}

static size_t attr_count(struct csp_node const *presence)
{
	struct csp_node *psl = csp_node_find(presence, "PresenceSubList");

	ck_assert_ptr_nonnull(psl);
	return csp_node_count(psl);
}

#define SUBSCRIBE(user, attrs) \
	"<SubscribePresence-Request><User><UserID>" user "</UserID></User>" \
	"<PresenceSubList xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\">" attrs \
	"</PresenceSubList></SubscribePresence-Request>"
#define GETPRES(user) \
	"<GetPresence-Request><User><UserID>" user "</UserID></User></GetPresence-Request>"
#define AUTH(user, tf) \
	"<PresenceAuth-User><UserID>" user "</UserID><Acceptance>" tf "</Acceptance>" \
	"</PresenceAuth-User>"
#define UPDATE(psl) \
	"<UpdatePresence-Request><PresenceSubList " \
	"xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\">" psl \
	"</PresenceSubList></UpdatePresence-Request>"
#define PV(attr, v) \
	"<" attr "><Qualifier>T</Qualifier><PresenceValue>" v "</PresenceValue></" attr ">"

/* --- tests -------------------------------------------------------------------------------- */

START_TEST(reactive_accept)
{
	char const *h = login("harry"), *j = login("jane");
	struct events ev;
	struct csp_node *p, *a;

	/* jane asks; harry is asked; jane sees nothing yet. */
	status(j, SUBSCRIBE(HARRY, "<OnlineStatus/><StatusText/>"), 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0]->name, "PresenceAuth-Request");
	ck_assert_str_eq(csp_node_text(ev.v[0], "UserID"), JANE);
	p = csp_node_find(ev.v[0], "PresenceSubList");
	ck_assert_uint_eq(csp_node_count(p), 2);
	ck_assert_ptr_nonnull(csp_node_find(p, "OnlineStatus"));
	ck_assert_ptr_nonnull(csp_node_find(p, "StatusText"));
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	a = req(j, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_int_eq(code_of(a), 521);
	ck_assert_ptr_null(csp_node_find(a, "Presence"));

	/* harry accepts: jane gets the values she asked for. */
	status(h, AUTH("jane", "T"), 200);
	poll_ev(j, &ev);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "OnlineStatus"), "T");
	ck_assert_uint_eq(attr_count(p), 1);

	/* An update: only the subscribed and authorized attributes travel. */
	status(h, UPDATE(PV("StatusText", "at my desk") PV("UserAvailability", "AVAILABLE")),
	       200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 1);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "StatusText"), "at my desk");
	ck_assert_str_eq(value(p, "OnlineStatus"), "T");
	ck_assert_ptr_null(value(p, "UserAvailability"));
	/* A change she cannot see sends nothing. */
	status(h, UPDATE(PV("UserAvailability", "DISCREET")), 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 0);
	/* GetPresence: the authorized attributes (all asked: those granted). */
	a = req(j, GETPRES("Harry"), "GetPresence-Response");
	ck_assert_int_eq(code_of(a), 200);
	p = csp_node_find(a, "Presence");
	ck_assert_str_eq(csp_node_text(p, "UserID"), HARRY);
	ck_assert_str_eq(value(p, "StatusText"), "at my desk");
	ck_assert_ptr_null(value(p, "UserAvailability"));
	/* The decision is remembered: subscribing again asks nobody. */
	status(j, SUBSCRIBE(HARRY, "<OnlineStatus/><StatusText/>"), 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 0);
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "StatusText"), "at my desk");

	/* Watchers. */
	a = req(h, "<GetWatcherList-Request/>", "GetWatcherList-Response");
	ck_assert_uint_eq(csp_node_count(a), 1);
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "User"), "UserID"), JANE);

	/* CancelAuth: the values stop. */
	status(h, "<CancelAuth-Request><UserID>jane</UserID></CancelAuth-Request>", 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	status(h, UPDATE(PV("StatusText", "gone")), 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 0);
	a = req(j, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_int_eq(code_of(a), 534);

	/* Unsubscribed: not a watcher any more. */
	status(j, "<UnsubscribePresence-Request><User><UserID>harry</UserID></User>"
	       "</UnsubscribePresence-Request>", 200);
	a = req(h, "<GetWatcherList-Request/>", "GetWatcherList-Response");
	ck_assert_uint_eq(csp_node_count(a), 0);
}
END_TEST

START_TEST(decline_online_offline)
{
	char const *h = login("harry"), *j = login("jane"), *a = login("amy");
	struct events ev;
	struct csp_node *p, *ans;

	/* amy is declined: she learns it by an empty notification, GetPresence says 534. */
	status(a, "<SubscribePresence-Request><User><UserID>harry</UserID></User>"
	       "</SubscribePresence-Request>", 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(count_kind(&ev, "PresenceAuth-Request"), 1);
	/* No PresenceSubList asked: every attribute is asked for. */
	ck_assert_uint_eq(csp_node_count(csp_node_find(ev.v[0], "PresenceSubList")),
			  IMPS_ATTR_COUNT);
	status(h, AUTH(AMY, "F"), 200);
	poll_ev(a, &ev);
	ck_assert_uint_eq(presences(&ev, HARRY, (struct csp_node *[4]){0}, 4), 2);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	ans = req(a, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_int_eq(code_of(ans), 534);
	status(a, "<SubscribePresence-Request><User><UserID>harry</UserID></User>"
	       "</SubscribePresence-Request>", 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 0);
	poll_ev(a, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);

	/* Proactive: a default attribute list lets jane see OnlineStatus without asking. */
	status(h, "<CreateAttributeList-Request><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><OnlineStatus/>"
	       "</PresenceSubList><DefaultList>T</DefaultList></CreateAttributeList-Request>", 200);
	status(h, UPDATE(PV("StatusText", "busy")), 200);
	status(j, "<SubscribePresence-Request><User><UserID>harry</UserID></User>"
	       "</SubscribePresence-Request>", 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 0);
	poll_ev(j, &ev);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "OnlineStatus"), "T");
	ck_assert_uint_eq(attr_count(p), 1);
	/* The declined amy stays declined (a decision comes before the default list). */
	poll_ev(a, &ev);
	ck_assert_uint_eq(ev.n, 0);

	/* harry's last session ends: OnlineStatus F; back: T. */
	logout(h);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "F");
	ans = req(j, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_str_eq(value(csp_node_find(ans, "Presence"), "OnlineStatus"), "F");
	h = login("harry");
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "T");
	/* A second session changes nothing; its end neither. */
	{
		char const *h2 = login_client("harry", "other-client");

		poll_ev(j, &ev);
		ck_assert_uint_eq(ev.n, 0);
		logout(h2);
		poll_ev(j, &ev);
		ck_assert_uint_eq(ev.n, 0);
	}
	/* Expiry counts as a logout. */
	fake_now += 100000;
	gw_sessions_tick(&srv, fake_now);
	ck_assert_int_eq(gw_user_online(&srv, HARRY), 0);
}
END_TEST

START_TEST(offline_presentity)
{
	char const *j = login("jane"), *h;
	struct events ev;
	struct csp_node *p;

	/* harry is offline: jane's subscription stands, harry is asked at login. */
	status(j, SUBSCRIBE(HARRY, "<OnlineStatus/><Alias/>"), 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	h = login("harry");
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(ev.v[0]->name, "PresenceAuth-Request");
	ck_assert_str_eq(csp_node_text(ev.v[0], "UserID"), JANE);
	/* A grant of a subset (1.2 PresenceSubList in PresenceAuth-User). */
	status(h, "<PresenceAuth-User><UserID>jane</UserID><Acceptance>T</Acceptance>"
	       "<PresenceSubList xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\">"
	       "<Alias/></PresenceSubList></PresenceAuth-User>", 200);
	status(h, UPDATE(PV("Alias", "H") PV("StatusText", "x")), 200);
	poll_ev(j, &ev);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "Alias"), "H");
	ck_assert_ptr_null(value(p, "OnlineStatus"));
	ck_assert_ptr_null(value(p, "StatusText"));
	/* Unknown users: 531. */
	p = req(j, SUBSCRIBE("nobody", ""), "Status");
	ck_assert_int_eq(code_of(p), 531);
	p = req(j, GETPRES("nobody"), "GetPresence-Response");
	ck_assert_int_eq(code_of(p), 531);
	/* A remote user: stored, nothing comes; GetPresence says 501. */
	status(j, SUBSCRIBE("sip:Someone@mno2.example", ""), 200);
	p = req(j, GETPRES("sip:someone@mno2.example"), "GetPresence-Response");
	ck_assert_int_eq(code_of(p), 501);
	/* Two users, one unknown: 201 with a DetailedResult naming it. */
	p = req(j, "<SubscribePresence-Request><User><UserID>harry</UserID></User><User>"
		"<UserID>nobody</UserID></User></SubscribePresence-Request>", "Status");
	ck_assert_int_eq(code_of(p), 201);
	p = csp_node_find(csp_node_find(p, "Result"), "DetailedResult");
	ck_assert_str_eq(csp_node_text(p, "Code"), "531");
	ck_assert_str_eq(csp_node_text(p, "UserID"), "wv:nobody" D);
}
END_TEST

START_TEST(update_errors)
{
	char const *h = login("harry");
	struct csp_node *a, *p;

	a = req(h, UPDATE(PV("OnlineStatus", "maybe")), "Status");
	ck_assert_int_eq(code_of(a), 751);
	ck_assert_ptr_nonnull(strstr(desc_of(a), "OnlineStatus"));
	a = req(h, UPDATE(PV("UserAvailability", "SOMEWHERE")), "Status");
	ck_assert_int_eq(code_of(a), 751);
	ck_assert_ptr_nonnull(strstr(desc_of(a), "UserAvailability"));
	a = req(h, "<UpdatePresence-Request/>", "Status");
	ck_assert_int_eq(code_of(a), 402);
	ck_assert_ptr_nonnull(strstr(desc_of(a), "PresenceSubList"));
	/* Nothing was stored by the refusals; an unknown attribute is kept. */
	status(h, UPDATE(PV("StatusText", "one") "<FancyThing><Qualifier>T</Qualifier>"
			 "<PresenceValue>x</PresenceValue></FancyThing>"), 200);
	status(h, UPDATE(PV("Alias", "two")), 200);
	a = req(h, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_int_eq(code_of(a), 200);
	p = csp_node_find(a, "Presence");
	ck_assert_str_eq(value(p, "StatusText"), "one");
	ck_assert_str_eq(value(p, "Alias"), "two");
	ck_assert_str_eq(value(p, "OnlineStatus"), "T");
	ck_assert_str_eq(value(p, "FancyThing"), "x");
	/* Bad primitives. */
	a = req(h, "<GetPresence-Request/>", "Status");
	ck_assert_int_eq(code_of(a), 402);
	a = req(h, "<PresenceAuth-User><UserID>jane</UserID></PresenceAuth-User>", "Status");
	ck_assert_int_eq(code_of(a), 402);
	a = req(h, "<PresenceAuth-User><UserID>x@-bad-</UserID><Acceptance>T</Acceptance>"
		"</PresenceAuth-User>", "Status");
	ck_assert_int_eq(code_of(a), 402);
	ck_assert_ptr_nonnull(strstr(desc_of(a), "UserID"));
	/* Without a session: 604. */
	a = req(NULL, UPDATE(PV("Alias", "x")), "Status");
	ck_assert_int_eq(code_of(a), 604);
}
END_TEST

START_TEST(attribute_lists)
{
	char const *h = login("harry"), *j = login("jane");
	struct events ev;
	struct csp_node *a, *p;
	char *text = NULL;

	status(h, UPDATE(PV("StatusText", "s") PV("Alias", "al")), 200);
	status(j, "<SubscribePresence-Request><User><UserID>harry</UserID></User>"
	       "</SubscribePresence-Request>", 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(count_kind(&ev, "PresenceAuth-Request"), 1);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	/* A list for jane: she sees it at once, without a decision. */
	status(h, "<CreateAttributeList-Request><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><OnlineStatus/>"
	       "<StatusText/></PresenceSubList><UserID>Jane</UserID><DefaultList>F</DefaultList>"
	       "</CreateAttributeList-Request>", 200);
	ck_assert_int_eq(gw_store_attrlist_get(st, home, "harry", GW_ATTR_WATCHER, JANE, &text),
			 0);
	ck_assert_str_eq(text, "OnlineStatus,StatusText");
	poll_ev(j, &ev);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "StatusText"), "s");
	ck_assert_str_eq(value(p, "OnlineStatus"), "T");
	ck_assert_ptr_null(value(p, "Alias"));
	/* A default list, then GetAttributeList. */
	status(h, "<CreateAttributeList-Request><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><Alias/>"
	       "</PresenceSubList><DefaultList>T</DefaultList></CreateAttributeList-Request>", 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 0);	/* jane's own list still applies */
	a = req(h, "<GetAttributeList-Request><DefaultList>T</DefaultList>"
		"</GetAttributeList-Request>", "GetAttributeList-Response");
	ck_assert_int_eq(code_of(a), 200);
	p = csp_node_find(csp_node_find(a, "DefaultAttributeList"), "PresenceSubList");
	ck_assert_ptr_nonnull(csp_node_find(p, "Alias"));
	ck_assert_uint_eq(csp_node_count(p), 1);
	p = csp_node_find(a, "Presence");
	ck_assert_str_eq(csp_node_text(p, "UserID"), JANE);
	ck_assert_uint_eq(csp_node_count(csp_node_find(p, "PresenceSubList")), 2);
	/* Deleting jane's list: the default applies to her now. */
	status(h, "<DeleteAttributeList-Request><UserID>jane</UserID><DefaultList>F</DefaultList>"
	       "</DeleteAttributeList-Request>", 200);
	poll_ev(j, &ev);
	p = last_presence(&ev, HARRY);
	ck_assert_str_eq(value(p, "Alias"), "al");
	ck_assert_uint_eq(attr_count(p), 1);
	/* Deleting the default: undecided again, and the pending request was never answered:
	 * jane sees nothing, harry is not asked twice. */
	status(h, "<DeleteAttributeList-Request><DefaultList>T</DefaultList>"
	       "</DeleteAttributeList-Request>", 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 0);
	/* A list for a contact list that does not exist: 700; nothing named: 402. */
	a = req(h, "<CreateAttributeList-Request><PresenceSubList "
		"xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><Alias/>"
		"</PresenceSubList><ContactList>nolist</ContactList><DefaultList>F</DefaultList>"
		"</CreateAttributeList-Request>", "Status");
	ck_assert_int_eq(code_of(a), 700);
	a = req(h, "<CreateAttributeList-Request><PresenceSubList "
		"xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><Alias/>"
		"</PresenceSubList><DefaultList>F</DefaultList></CreateAttributeList-Request>",
		"Status");
	ck_assert_int_eq(code_of(a), 402);
}
END_TEST

START_TEST(block_and_grant)
{
	char const *h = login("harry"), *j = login("jane");
	struct events ev;
	struct csp_node *a, *bl;

	status(j, SUBSCRIBE(HARRY, "<OnlineStatus/>"), 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(count_kind(&ev, "PresenceAuth-Request"), 1);
	status(h, AUTH("jane", "T"), 200);
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "T");
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, JANE), 0);

	status(h, "<BlockEntity-Request><BlockList><InUse>T</InUse><AddList><UserID>jane"
	       "</UserID></AddList></BlockList></BlockEntity-Request>", 200);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, JANE), 1);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, AMY), 0);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, HARRY), 0);
	ck_assert_int_eq(gw_presence_blocks(&srv, "sip:x@mno2.example", JANE), 0);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	a = req(j, GETPRES(HARRY), "GetPresence-Response");
	ck_assert_int_eq(code_of(a), 534);
	a = req(h, "<GetBlockedList-Request/>", "GetBlockedList-Response");
	bl = csp_node_find(a, "BlockList");
	ck_assert_str_eq(csp_node_text(bl, "InUse"), "T");
	ck_assert_str_eq(csp_node_text(csp_node_find(bl, "EntityList"), "UserID"), JANE);
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "GrantList"), "InUse"), "F");

	/* A blocked user causes no authorization request. */
	status(h, "<BlockEntity-Request><BlockList><AddList><UserID>amy</UserID></AddList>"
	       "</BlockList></BlockEntity-Request>", 200);
	{
		char const *am = login("amy");

		status(am, SUBSCRIBE(HARRY, ""), 200);
		poll_ev(h, &ev);
		ck_assert_uint_eq(ev.n, 0);
	}

	/* Unblocked: the values come back (the acceptance was remembered). */
	status(h, "<BlockEntity-Request><BlockList><RemoveList><UserID>jane</UserID>"
	       "</RemoveList></BlockList></BlockEntity-Request>", 200);
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "T");

	/* A grant list in use: only those listed. */
	status(h, "<BlockEntity-Request><GrantList><InUse>T</InUse><EntityList><UserID>bob"
	       "</UserID></EntityList></GrantList></BlockEntity-Request>", 200);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, JANE), 1);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, BOB), 0);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	/* Replacing the grant list's entities; a bad entry is detailed. */
	a = req(h, "<BlockEntity-Request><GrantList><EntityList><UserID>jane</UserID><UserID>"
		"x@-bad-</UserID></EntityList></GrantList></BlockEntity-Request>", "Status");
	ck_assert_int_eq(code_of(a), 201);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, JANE), 0);
	ck_assert_int_eq(gw_presence_blocks(&srv, HARRY, BOB), 1);
	a = req(h, "<BlockEntity-Request/>", "Status");
	ck_assert_int_eq(code_of(a), 402);
}
END_TEST

START_TEST(contact_lists)
{
	char const *h = login("harry"), *j = login("jane");
	struct events ev;
	struct csp_node *a, *p;
	char const *list = "wv:harry/friends" D;

	status(h, "<CreateList-Request><ContactList>wv:Harry/Friends@MNO1.example</ContactList>"
	       "<NickList><NickName><Name>J</Name><UserID>jane</UserID></NickName><UserID>"
	       "sip:Jane@mno2.example</UserID></NickList><ContactListProperties><Property><Name>"
	       "DisplayName</Name><Value>My friends</Value></Property><Property><Name>Default"
	       "</Name><Value>T</Value></Property></ContactListProperties></CreateList-Request>",
	       200);
	a = req(h, "<CreateList-Request><ContactList>friends</ContactList></CreateList-Request>",
		"Status");
	ck_assert_int_eq(code_of(a), 701);
	a = req(h, "<CreateList-Request><ContactList>wv:jane/x" D "</ContactList>"
		"</CreateList-Request>", "Status");
	ck_assert_int_eq(code_of(a), 402);
	a = req(h, "<CreateList-Request><ContactList>other</ContactList><ContactListProperties>"
		"<Property><Name>Default</Name><Value>maybe</Value></Property>"
		"</ContactListProperties></CreateList-Request>", "Status");
	ck_assert_int_eq(code_of(a), 752);
	a = req(h, "<GetList-Request/>", "GetList-Response");
	ck_assert_str_eq(csp_node_text(a, "ContactList"), list);
	ck_assert_str_eq(csp_node_text(a, "DefaultContactList"), list);
	ck_assert_uint_eq(csp_node_count(a), 2);
	/* 1.3 names the lists in ContactListIDList. */
	a = req_v(CSP_V13, h, "<GetList-Request/>", "GetList-Response");
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "ContactListIDList"), "ContactList"), list);

	/* A list subscription with AutoSubscribe: jane is asked, a later member too. */
	status(h, "<SubscribePresence-Request><ContactList>FRIENDS</ContactList><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><OnlineStatus/>"
	       "</PresenceSubList><AutoSubscribe>T</AutoSubscribe></SubscribePresence-Request>",
	       200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(count_kind(&ev, "PresenceAuth-Request"), 1);
	status(j, AUTH("harry", "T"), 200);
	poll_ev(h, &ev);
	ck_assert_str_eq(value(last_presence(&ev, JANE), "OnlineStatus"), "T");
	/* GetPresence of the list: jane's values; the sip: member is skipped quietly. */
	a = req(h, "<GetPresence-Request><ContactList>friends</ContactList></GetPresence-Request>",
		"GetPresence-Response");
	ck_assert_int_eq(code_of(a), 200);
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "Presence"), "UserID"), JANE);

	/* ListManage: add amy and a bad address, read back. */
	a = req(h, "<ListManage-Request><ContactList>friends</ContactList><AddNickList><UserID>amy"
		"</UserID><UserID>x@-bad-</UserID></AddNickList><ReceiveList>T</ReceiveList>"
		"</ListManage-Request>", "ListManage-Response");
	ck_assert_int_eq(code_of(a), 201);
	p = csp_node_find(a, "NickList");
	ck_assert_uint_eq(csp_node_count(p), 3);
	ck_assert_str_eq(csp_node_text(csp_node_find(p, "NickName"), "Name"), "J");
	ck_assert_ptr_nonnull(csp_node_find(a, "ContactListProperties"));
	{
		char const *am = login("amy");

		poll_ev(am, &ev);
		ck_assert_uint_eq(count_kind(&ev, "PresenceAuth-Request"), 1);
		ck_assert_str_eq(csp_node_text(ev.v[0], "UserID"), HARRY);
		poll_ev(h, &ev);
		ck_assert_uint_eq(attr_count(last_presence(&ev, AMY)), 0);
		status(am, AUTH("harry", "T"), 200);
		poll_ev(h, &ev);
		ck_assert_str_eq(value(last_presence(&ev, AMY), "OnlineStatus"), "T");
		/* Removed from the list: amy's changes reach harry no more. */
		a = req(h, "<ListManage-Request><ContactList>friends</ContactList><RemoveNickList>"
			"<UserID>amy</UserID></RemoveNickList><ReceiveList>F</ReceiveList>"
			"</ListManage-Request>", "ListManage-Response");
		ck_assert_int_eq(code_of(a), 200);
		ck_assert_ptr_null(csp_node_find(a, "NickList"));
		logout(am);
		poll_ev(h, &ev);
		ck_assert_uint_eq(presences(&ev, AMY, (struct csp_node *[2]){0}, 2), 0);
	}
	/* jane may not use harry's list. */
	a = req(j, "<SubscribePresence-Request><ContactList>" "wv:harry/friends" D
		"</ContactList></SubscribePresence-Request>", "Status");
	ck_assert_int_eq(code_of(a), 700);
	/* DeleteList: gone, and its subscriptions with it. */
	status(h, "<DeleteList-Request><ContactList>friends</ContactList></DeleteList-Request>",
	       200);
	a = req(h, "<ListManage-Request><ContactList>friends</ContactList></ListManage-Request>",
		"Status");
	ck_assert_int_eq(code_of(a), 700);
	a = req(h, "<DeleteList-Request><ContactList>friends</ContactList></DeleteList-Request>",
		"Status");
	ck_assert_int_eq(code_of(a), 700);
	status(j, UPDATE(PV("OnlineStatus", "F")), 200);
	poll_ev(h, &ev);
	ck_assert_uint_eq(ev.n, 0);
	a = req(h, "<GetList-Request/>", "GetList-Response");
	ck_assert_uint_eq(csp_node_count(a), 0);
}
END_TEST

START_TEST(list_attribute_list)
{
	char const *h = login("harry"), *j = login("jane");
	struct events ev;

	/* Membership of a list with an attribute list authorizes. */
	status(h, "<CreateList-Request><ContactList>family</ContactList></CreateList-Request>",
	       200);
	status(h, "<CreateAttributeList-Request><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><StatusText/>"
	       "</PresenceSubList><ContactList>family</ContactList><DefaultList>F</DefaultList>"
	       "</CreateAttributeList-Request>", 200);
	status(h, UPDATE(PV("StatusText", "home")), 200);
	status(j, SUBSCRIBE(HARRY, "<StatusText/>"), 200);
	poll_ev(j, &ev);
	ck_assert_uint_eq(attr_count(last_presence(&ev, HARRY)), 0);
	ck_assert_int_eq(code_of(req(h, "<ListManage-Request><ContactList>family</ContactList>"
				     "<AddNickList><UserID>jane</UserID></AddNickList>"
				     "</ListManage-Request>", "ListManage-Response")), 200);
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "StatusText"), "home");
}
END_TEST

static void turn(void)
{
	for (int i = 0; i < 3; i++)
		su_root_step(srv.root, 1);
}

/* A re-login from the same client forces the old session out just before the new one is
 * made: the watchers see no OnlineStatus F in between. A real logout is told on the loop's
 * next turn. */
START_TEST(relogin_no_flicker)
{
	char const *h = login_client("harry", "phone"), *j = login("jane");
	struct events ev;

	status(j, SUBSCRIBE(HARRY, "<OnlineStatus/>"), 200);
	poll_ev(h, &ev);
	status(h, AUTH("jane", "T"), 200);
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "T");
	h = login_client("harry", "phone");
	turn();
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 0);
	logout(h);
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 0);
	turn();
	poll_ev(j, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "F");
	/* Shutting down with an offline notification pending stores it. */
	h = login_client("harry", "phone");
	poll_ev(j, &ev);
	ck_assert_str_eq(value(last_presence(&ev, HARRY), "OnlineStatus"), "T");
	logout(h);
	gw_presence_stop(&srv);
	{
		char *xml = NULL;
		int64_t when = 0;

		ck_assert_int_eq(gw_store_presence_get(st, home, "harry", &xml, &when), 0);
		ck_assert_ptr_nonnull(strstr(xml, "<PresenceValue>F</PresenceValue>"));
	}
	ck_assert_int_eq(gw_presence_start(&srv), 0);
}
END_TEST

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Many watchers: every one is notified of each update; the cost is printed. */
START_TEST(many_watchers)
{
	enum { WATCHERS = 200, UPDATES = 20 };
	char const *h = login("harry"), *w[WATCHERS];
	struct events ev;
	double t0, t1;

	status(h, "<CreateAttributeList-Request><PresenceSubList "
	       "xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\"><StatusText/>"
	       "</PresenceSubList><DefaultList>T</DefaultList></CreateAttributeList-Request>", 200);
	for (int i = 0; i < WATCHERS; i++) {
		char name[32];

		snprintf(name, sizeof name, "w%03d", i);
		ck_assert_int_eq(gw_store_user_add(st, name, "plain:pw", 1), 0);
		w[i] = login(name);
		status(w[i], SUBSCRIBE(HARRY, "<StatusText/>"), 200);
	}
	t0 = now_ms();
	for (int u = 0; u < UPDATES; u++) {
		char *x = su_sprintf(home, UPDATE("<StatusText><Qualifier>T</Qualifier><PresenceValue>"
						  "s%d</PresenceValue></StatusText>"), u);

		status(h, x, 200);
	}
	t1 = now_ms();
	fprintf(stderr, "many_watchers: %d updates to %d watchers: %.2f ms per update "
		"(%.3f ms per notification)\n", UPDATES, WATCHERS, (t1 - t0) / UPDATES,
		(t1 - t0) / UPDATES / WATCHERS);
	for (int i = 0; i < WATCHERS; i += WATCHERS / 4) {
		poll_ev(w[i], &ev);
		/* The initial notification, then one per update. */
		ck_assert_uint_eq(ev.n, 1 + UPDATES);
		ck_assert_str_eq(value(last_presence(&ev, HARRY), "StatusText"), "s19");
	}
}
END_TEST

/* Every handler row: a primitive csp_prim knows, no duplicates across the tables, function
 * codes that the codec knows and that sit in their feature and group. */
START_TEST(handler_tables)
{
	struct gw_handler const *const tables[] = {gw_presence_handlers, gw_list_handlers};
	char const *seen[64];
	size_t n = 0;

	for (size_t t = 0; t < 2; t++)
		for (struct gw_handler const *h = tables[t]; h->prim; h++) {
			ck_assert_ptr_nonnull(h->fn);
			ck_assert_int_ne(csp_prim_type_by_name(h->prim), CSP_PRIM_UNKNOWN);
			for (size_t i = 0; i < n; i++)
				ck_assert_str_ne(seen[i], h->prim);
			ck_assert_uint_lt(n, 64);
			seen[n++] = h->prim;
			ck_assert_int_eq(h->flags, GW_H_SESSION);
			if (h->function == NULL) {
				ck_assert_ptr_null(h->feature);
				ck_assert_ptr_null(h->func_group);
				continue;
			}
			ck_assert_uint_ne(csp_func_by_name(h->function), 0);
			ck_assert(csp_func_group(h->func_group) & csp_func_by_name(h->function));
			ck_assert(csp_func_group(h->feature) & csp_func_by_name(h->function));
		}
	ck_assert_uint_eq(n, 16);
}
END_TEST

START_TEST(attrs_text)
{
	ck_assert_str_eq(gw_pres_attrs_text(home, 0), "");
	ck_assert_uint_eq(gw_pres_attrs_parse(""), 0);
	ck_assert_uint_eq(gw_pres_attrs_parse(NULL), IMPS_ATTR_SET_ALL);
	ck_assert_uint_eq(gw_pres_attrs_parse("Nonsense,,StatusText"),
			  IMPS_ATTR_BIT(IMPS_ATTR_STATUS_TEXT));
	srandom(7);
	for (int i = 0; i < 2000; i++) {
		imps_attr_set s = (imps_attr_set)random() & IMPS_ATTR_SET_ALL;

		ck_assert_uint_eq(gw_pres_attrs_parse(gw_pres_attrs_text(home, s)), s);
	}
	ck_assert_uint_eq(gw_pres_attrs_parse(gw_pres_attrs_text(home, IMPS_ATTR_SET_ALL)),
			  IMPS_ATTR_SET_ALL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gw_presence");
	TCase *tc = tcase_create("server");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reactive_accept);
	tcase_add_test(tc, decline_online_offline);
	tcase_add_test(tc, offline_presentity);
	tcase_add_test(tc, update_errors);
	tcase_add_test(tc, attribute_lists);
	tcase_add_test(tc, block_and_grant);
	tcase_add_test(tc, contact_lists);
	tcase_add_test(tc, list_attribute_list);
	tcase_add_test(tc, many_watchers);
	tcase_add_test(tc, handler_tables);
	tcase_add_test(tc, attrs_text);
	suite_add_tcase(s, tc);
	tc = tcase_create("loop");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup_loop, teardown_loop);
	tcase_add_test(tc, relogin_no_flicker);
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
