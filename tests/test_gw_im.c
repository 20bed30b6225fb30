/* tests/test_gw_im.c: IM among local users through gw_csp_handle() (no HTTP), fake clock. */
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
#include "iwf/gw_im.h"
#include "iwf/gw_log.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"
#include "iwf/gw_store.h"

#define DOMAIN "mno1.example"
#define HARRY "wv:harry@" DOMAIN
#define JANE "wv:jane@" DOMAIN
#define AMY "wv:amy@" DOMAIN

static char dir[64];
static char path[128];
static struct gw_store *st;
static su_home_t home[1];
static struct gw_config cfg;
static struct gw_server srv;
static int64_t fake_now;
static unsigned tid_seq;

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

static void setup(void)
{
	char err[GW_CONF_ERR_MAX];

	strcpy(dir, "/tmp/test_gw_im.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/iwf.db", dir);
	su_home_init(home);
	gw_log_open("test_gw_im", getenv("TEST_LOG") ? GW_LOG_DEBUG : GW_LOG_ERROR, 0);
	fake_now = 1000000;
	tid_seq = 100;
	ck_assert_int_eq(gw_config_init(&cfg), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "imps.domain", DOMAIN, err, sizeof err), 0);
	ck_assert_int_eq(gw_config_set(&cfg, "session.keepalive_default", "1h", err, sizeof err),
			 0);
	ck_assert_int_eq(gw_store_open(&st, path, 1000), 0);
	ck_assert_int_eq(gw_store_user_add(st, "harry", "plain:h4rry", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "jane", "plain:j4ne", 1), 0);
	ck_assert_int_eq(gw_store_user_add(st, "amy", "plain:4my", 1), 0);
	server_up();
}

static void teardown(void)
{
	char cmd[160];

	gw_server_shutdown(&srv);
	gw_config_deinit(&cfg);
	gw_store_close(st);
	st = NULL;
	su_home_deinit(home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Simulates a crash and a restart on the same store (memory only is lost). */
static void restart(void)
{
	gw_server_shutdown(&srv);
	server_up();
}

/* --- CSP plumbing ---------------------------------------------------------------------------- */

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

/* Posts; the parsed answer, NULL for an empty body. */
static struct csp_msg *post(char const *xml)
{
	struct csp_msg *m = NULL;
	struct csp_error err;

	gw_csp_handle(&srv, home, xml, strlen(xml), "application/vnd.wv.csp.xml", "127.0.0.1:1",
		      &last);
	ck_assert_uint_eq(last.http_status, 200);
	if (last.len == 0)
		return NULL;
	ck_assert_int_eq(csp_parse(home, last.body, last.len, last.content_type, &m, NULL, &err),
			 0);
	return m;
}

static long code_of(struct csp_node const *prim)
{
	char const *c = csp_node_text(csp_node_find(prim, "Result"), "Code");

	ck_assert_ptr_nonnull(c);
	return strtol(c, NULL, 10);
}

/* The first transaction's primitive, checked by name; its Result code in *codep. */
static struct csp_node *answer1(struct csp_msg const *m, char const *name, long *codep)
{
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(m->trans);
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

static char *next_tid(void)
{
	return su_sprintf(home, "t%u", tid_seq++);
}

/* A request in the session; the answer's primitive `name` (NULL: any), its code in *codep. */
static struct csp_node *req(char const *sid, char const *prim, char const *name, long *codep)
{
	struct csp_msg *m = post(msg(CSP_V12, sid, "Request", next_tid(), prim));

	ck_assert_ptr_nonnull(m);
	return answer1(m, name ? name : m->trans->content->name, codep);
}

static char const *login(char const *user, char const *pw, char const *client)
{
	long code;
	struct csp_node *a = answer1(post(msg(CSP_V12, NULL, "Request", "1", su_sprintf(home,
		"<Login-Request><UserID>%s</UserID><ClientID><URL>%s</URL></ClientID>"
		"<TimeToLive>3600</TimeToLive><SessionCookie>ck</SessionCookie>"
		"<Password>%s</Password></Login-Request>", user, client, pw))),
		"Login-Response", &code);

	ck_assert_int_eq(code, 200);
	ck_assert_ptr_nonnull(csp_node_text(a, "SessionID"));
	return csp_node_text(a, "SessionID");
}

static void logout(char const *sid)
{
	long code;

	req(sid, "<Logout-Request/>", "Disconnect", &code);
	ck_assert_int_eq(code, 200);
}

/* One Polling-Request: the server transaction offered (its TransactionID in *tidp), or NULL
 * when there is none. */
static struct csp_node *poll1(char const *sid, char const **tidp)
{
	struct csp_msg *m = post(msg(CSP_V12, sid, "Request", NULL, "<Polling-Request/>"));

	if (m == NULL)
		return NULL;
	ck_assert_ptr_nonnull(m->trans);
	ck_assert_int_eq(m->trans->mode, CSP_REQUEST);
	if (tidp)
		*tidp = m->trans->id;
	return m->trans->content;
}

static void answer_tx(char const *sid, char const *tid, char const *prim)
{
	ck_assert_ptr_null(post(msg(CSP_V12, sid, "Response", tid, prim)));
}

static char const *mid_of(struct csp_node const *prim)
{
	return csp_node_text(csp_node_find(prim, "MessageInfo"), "MessageID");
}

static void ack_new(char const *sid, char const *tid, struct csp_node const *nm)
{
	answer_tx(sid, tid, su_sprintf(home, "<MessageDelivered><MessageID>%s</MessageID>"
				       "</MessageDelivered>", mid_of(nm)));
}

static void ack_status(char const *sid, char const *tid)
{
	answer_tx(sid, tid, "<Status><Result><Code>200</Code></Result></Status>");
}

/* A SendMessage-Request with `recipient` (inner XML) and `text`; extra MessageInfo children. */
static char *send_xml(char const *recipient, char const *text, char const *info_extra, int dr)
{
	return su_sprintf(home, "<SendMessage-Request><DeliveryReport>%s</DeliveryReport>"
			  "<MessageInfo><ContentSize>%zu</ContentSize><Recipient>%s</Recipient>"
			  "<Sender><User><UserID>harry</UserID></User></Sender>%s</MessageInfo>"
			  "<ContentData>%s</ContentData></SendMessage-Request>", dr ? "T" : "F",
			  strlen(text), recipient, info_extra ? info_extra : "", text);
}

#define TO(u) "<User><UserID>" u "</UserID></User>"

/* Sends and expects `want`; returns the MessageID (NULL when none). */
static char const *send_to(char const *sid, char const *recipient, char const *text, int dr,
			   long want)
{
	long code;
	struct csp_node *a = req(sid, send_xml(recipient, text, NULL, dr), "SendMessage-Response",
				 &code);

	ck_assert_int_eq(code, want);
	return csp_node_text(a, "MessageID");
}

struct rows {
	unsigned n;
	char ids[64][96];
};

static int see_row(void *arg, struct gw_msg const *m)
{
	struct rows *r = arg;

	if (r->n < 64)
		snprintf(r->ids[r->n], sizeof r->ids[0], "%s", m->id);
	r->n++;
	return 0;
}

static unsigned rows_of(char const *key, struct rows *r)
{
	memset(r, 0, sizeof *r);
	ck_assert_int_eq(gw_store_msg_each(st, key, -1, see_row, r), 0);
	return r->n;
}

static unsigned nrows(char const *key)
{
	struct rows r;

	return rows_of(key, &r);
}

/* --- tests ------------------------------------------------------------------------------------ */

START_TEST(handler_table)
{
	size_t n = 0;

	for (struct gw_handler const *h = gw_im_handlers; h->prim; h++, n++) {
		ck_assert_int_ne(csp_prim_type_by_name(h->prim), CSP_PRIM_UNKNOWN);
		/* Every row names a function of the 1.1 DTD, in its group and feature. */
		ck_assert_ptr_nonnull(h->function);
		ck_assert_uint_ne(csp_func_by_name(h->function), 0);
		ck_assert_str_eq(h->feature, "IMFeat");
		ck_assert_uint_ne(csp_func_group(h->func_group) & csp_func_by_name(h->function), 0);
		ck_assert_uint_ne(csp_func_group(h->feature) & csp_func_by_name(h->function), 0);
		/* Requests need a session; rows without a handler only advertise. */
		ck_assert(h->fn == NULL || h->flags == GW_H_SESSION);
		for (struct gw_handler const *g = gw_im_handlers; g < h; g++)
			ck_assert_str_ne(g->prim, h->prim);
	}
	ck_assert_uint_eq(n, 9);
	/* Each IM function of the DTD but the presence part's block lists is offered. */
	{
		static char const *const funcs[] = {"MDELIV", "FWMSG", "SETD", "GETLM", "GETM",
						    "REJCM", "NOTIF", "NEWM"};
		csp_func_set all = gw_login_functions();

		for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
			ck_assert_uint_ne(all & csp_func_by_name(funcs[i]), 0);
	}
}
END_TEST

START_TEST(wire_helpers)
{
	ck_assert_str_eq(gw_im_datetime(home, 0), "19700101T000000Z");
	ck_assert_str_eq(gw_im_datetime(home, 1037108721), "20021112T134521Z");
	ck_assert_int_eq(gw_im_content_size("None", "hello", 5), 5);
	ck_assert_int_eq(gw_im_content_size(NULL, "h\xc3\xa9", 3), 3);
	ck_assert_int_eq(gw_im_content_size("BASE64", "aGVsbG8=", 8), 5);
	ck_assert_int_eq(gw_im_content_size("base64", "aGVs\nbG8h", 9), 6);
	ck_assert_int_eq(gw_im_content_size("BASE64", "YQ==", 4), 1);
	ck_assert_int_eq(gw_im_content_size("BASE64", "YWI", 3), 2);
	ck_assert_int_eq(gw_im_content_size("BASE64", "", 0), 0);
}
END_TEST

START_TEST(stored_form)
{
	struct gw_msg *m = NULL;
	struct gw_im_row *r = NULL;
	int e;

	/* A row written by someone else: the whole body is a plain message. */
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){
		.id = "x1", .sender = "sip:bob@mno2.example", .recipient = "jane",
		.body = "plain text", .body_len = 10, .date = 5, .validity = 0,
		.state = GW_MSG_QUEUED}), 0);
	ck_assert_int_eq(gw_store_msg_get(st, home, "x1", &m), 0);
	ck_assert_int_eq(gw_im_row_decode(home, m, &r), 0);
	ck_assert_int_eq(r->kind, GW_IM_MESSAGE);
	ck_assert_str_eq(r->mid, "x1");
	ck_assert_str_eq(r->content, "plain text");
	ck_assert_uint_eq(r->len, 10);
	ck_assert_str_eq(r->encoding, "None");
	ck_assert_int_eq(r->delivery_report, 0);
	ck_assert_int_eq(gw_im_row_get(&srv, home, "jane", "x1", &r), ENOENT); /* not MID/KEY */

	/* Ours: header, NUL, the content byte for byte (a NUL inside survives). */
	e = gw_im_store(&srv, &(struct gw_im_msg){
		.mid = "m1", .sender = HARRY, .recipient = JANE, .content_type = "text/x-a;b=c",
		.encoding = "BASE64", .content = "AA==\nBB", .len = 7, .date = 9, .validity = 60,
		.delivery_report = 1});
	ck_assert_int_eq(e, 0);
	ck_assert_int_eq(gw_store_msg_get(st, home, "m1/jane", &m), 0);
	ck_assert_int_eq(memcmp(m->body, "iwf-im1 k=m dr=1\0AA==\nBB", 25), 0);
	ck_assert_int_eq(gw_im_row_get(&srv, home, "jane", "m1", &r), 0);
	ck_assert_str_eq(r->id, "m1/jane");
	ck_assert_str_eq(r->mid, "m1");
	ck_assert_str_eq(r->content, "AA==\nBB");
	ck_assert_str_eq(r->content_type, "text/x-a;b=c");
	ck_assert_str_eq(r->encoding, "BASE64");
	ck_assert_int_eq(r->delivery_report, 1);
	ck_assert_int_eq(r->validity, 60);
	ck_assert_ptr_null(r->session_id);
	/* Only its recipient reaches it; the same MessageID again is EEXIST. */
	ck_assert_int_eq(gw_im_row_get(&srv, home, "harry", "m1", &r), ENOENT);
	ck_assert_int_eq(gw_im_row_get(&srv, home, "jane", "m1/jane", &r), ENOENT);
	ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
		.mid = "m1", .sender = HARRY, .recipient = JANE, .content = "x", .len = 1}),
		EEXIST);
	ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
		.mid = "m2", .sender = HARRY, .recipient = "sip:jane@" DOMAIN, .content = "x",
		.len = 1}), EINVAL);
	/* Validity: none -> default, too long -> the ceiling. */
	ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
		.mid = "m3", .sender = HARRY, .recipient = JANE, .content = "x", .len = 1,
		.validity = 10 * GW_IM_VALIDITY_MAX}), 0);
	ck_assert_int_eq(gw_im_row_get(&srv, home, "jane", "m3", &r), 0);
	ck_assert_int_eq(r->validity, GW_IM_VALIDITY_MAX);
	ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
		.mid = "m4", .sender = HARRY, .recipient = JANE, .content = "", .len = 0}), 0);
	ck_assert_int_eq(gw_im_row_get(&srv, home, "jane", "m4", &r), 0);
	ck_assert_int_eq(r->validity, GW_IM_VALIDITY_DEFAULT);
	ck_assert_str_eq(r->content, "");
	ck_assert_str_eq(r->content_type, "text/plain");
}
END_TEST

/* Harry and Jane chat both ways with push delivery; every MessageInfo field is right. */
START_TEST(push_chat)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("Jane", "j4ne", "c2");
	char const *mid, *tid = NULL;
	struct csp_node *nm, *info;

	mid = send_to(hs, TO("jane"), "Hello &lt;Jane&gt;", 0, 200);
	ck_assert_ptr_nonnull(mid);
	ck_assert_uint_eq(strlen(mid), 21);
	ck_assert_uint_eq(nrows("jane"), 1);

	nm = poll1(js, &tid);
	ck_assert_ptr_nonnull(nm);
	ck_assert_str_eq(nm->name, "NewMessage");
	info = csp_node_find(nm, "MessageInfo");
	ck_assert_str_eq(csp_node_text(info, "MessageID"), mid);
	ck_assert_str_eq(csp_node_text(info, "ContentType"), "text/plain");
	ck_assert_str_eq(csp_node_text(info, "ContentEncoding"), "None");
	ck_assert_str_eq(csp_node_text(info, "ContentSize"), "12");
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(info, "Recipient"), "User"),
				       "UserID"), JANE);
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(info, "Sender"), "User"),
				       "UserID"), HARRY);
	ck_assert_str_eq(csp_node_text(info, "DateTime"), "19700112T134640Z");
	ck_assert_str_eq(csp_node_text(info, "Validity"), "604800");
	ck_assert_str_eq(csp_node_text(nm, "ContentData"), "Hello <Jane>");
	/* Offered again until answered; gone once answered. */
	ck_assert_ptr_null(poll1(js, NULL));
	fake_now += GW_RESEND_S;
	ck_assert_ptr_nonnull(poll1(js, &tid));
	ack_new(js, tid, nm);
	ck_assert_uint_eq(nrows("jane"), 0);
	fake_now += GW_RESEND_S;
	ck_assert_ptr_null(poll1(js, NULL));
	ck_assert_uint_eq(srv.im->delivered, 1);

	/* And back; BASE64 stays BASE64, ContentSize counts the decoded bytes. */
	{
		long code;
		struct csp_node *a = req(js, "<SendMessage-Request><DeliveryReport>F"
			"</DeliveryReport><MessageInfo><ContentType>application/octet-stream"
			"</ContentType><ContentEncoding>BASE64</ContentEncoding>"
			"<ContentSize>8</ContentSize><Recipient>" TO(HARRY) "</Recipient>"
			"<Sender><User><UserID>" JANE "</UserID></User></Sender></MessageInfo>"
			"<ContentData>AAECAwQ=</ContentData></SendMessage-Request>",
			"SendMessage-Response", &code);

		ck_assert_int_eq(code, 200);
		nm = poll1(hs, &tid);
		ck_assert_str_eq(nm->name, "NewMessage");
		info = csp_node_find(nm, "MessageInfo");
		ck_assert_str_eq(csp_node_text(info, "MessageID"), csp_node_text(a, "MessageID"));
		ck_assert_str_eq(csp_node_text(info, "ContentEncoding"), "BASE64");
		ck_assert_str_eq(csp_node_text(info, "ContentSize"), "5");
		ck_assert_str_eq(csp_node_text(nm, "ContentData"), "AAECAwQ=");
		ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(info, "Sender"), "User"),
					       "UserID"), JANE);
		ack_new(hs, tid, nm);
		ck_assert_uint_eq(nrows("harry"), 0);
	}
}
END_TEST

/* Jane is away: the message waits in the store and comes at her next login. */
START_TEST(offline_then_login)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *tid = NULL;
	char const *m1 = send_to(hs, TO("jane"), "one", 0, 200);
	char const *m2 = send_to(hs, TO("jane"), "two", 0, 200);
	struct csp_node *nm;
	struct rows r;

	ck_assert_str_ne(m1, m2);
	ck_assert_uint_eq(rows_of("jane", &r), 2);
	fake_now += 100;
	js = login("jane", "j4ne", "c2");
	nm = poll1(js, &tid);
	ck_assert_str_eq(mid_of(nm), m1);
	ack_new(js, tid, nm);
	nm = poll1(js, &tid);
	ck_assert_str_eq(mid_of(nm), m2);
	ck_assert_str_eq(csp_node_text(nm, "ContentData"), "two");
	ack_new(js, tid, nm);
	ck_assert_ptr_null(poll1(js, NULL));
	ck_assert_uint_eq(nrows("jane"), 0);

	/* A message left unanswered when she logs out waits for the next login. */
	send_to(hs, TO("jane"), "three", 0, 200);
	nm = poll1(js, &tid);
	ck_assert_str_eq(csp_node_text(nm, "ContentData"), "three");
	logout(js);
	ck_assert_uint_eq(nrows("jane"), 1);
	js = login("jane", "j4ne", "c3");
	nm = poll1(js, &tid);
	ck_assert_str_eq(csp_node_text(nm, "ContentData"), "three");
	ack_new(js, tid, nm);
	ck_assert_uint_eq(nrows("jane"), 0);
}
END_TEST

/* A retransmitted SendMessage is answered from the log; one that lost its log entry finds its
 * rows: one message either way. */
START_TEST(retransmission_once)
{
	char const *hs = login("harry", "h4rry", "c1");
	char *x = msg(CSP_V12, hs, "Request", "77", send_xml(TO("jane"), "once", NULL, 0));
	long code;
	char const *mid = csp_node_text(answer1(post(x), "SendMessage-Response", &code),
					"MessageID");

	ck_assert_int_eq(code, 200);
	ck_assert_str_eq(csp_node_text(answer1(post(x), "SendMessage-Response", &code),
				       "MessageID"), mid);
	ck_assert_uint_eq(nrows("jane"), 1);
	ck_assert_int_eq(gw_store_txlog_expire(st, fake_now + 1), 0);
	ck_assert_str_eq(csp_node_text(answer1(post(x), "SendMessage-Response", &code),
				       "MessageID"), mid);
	ck_assert_int_eq(code, 200);
	ck_assert_uint_eq(nrows("jane"), 1);
	/* Another TransactionID: another message. */
	ck_assert_str_ne(send_to(hs, TO("jane"), "once", 0, 200), mid);
	ck_assert_uint_eq(nrows("jane"), 2);
}
END_TEST

/* notify/get: MessageNotification, GetMessageList, GetMessage, MessageDelivered. */
START_TEST(notify_get)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("jane", "j4ne", "c2");
	char const *mid, *tid = NULL;
	struct csp_node *n, *a;
	long code;

	req(js, "<SetDeliveryMethod-Request><DeliveryMethod>N</DeliveryMethod>"
	    "</SetDeliveryMethod-Request>", "Status", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_int_eq(gw_sess_info(gw_sess_find(&srv, js))->delivery, GW_DELIVERY_NOTIFY);
	mid = send_to(hs, TO("jane"), "pull me", 1, 200);
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "MessageNotification");
	ck_assert_str_eq(mid_of(n), mid);
	ck_assert_ptr_null(csp_node_find(n, "ContentData"));
	ck_assert_str_eq(csp_node_text(csp_node_find(n, "MessageInfo"), "ContentSize"), "7");
	ack_status(js, tid);
	ck_assert_uint_eq(nrows("jane"), 1);

	a = req(js, "<GetMessageList-Request/>", "GetMessageList-Response", NULL);
	ck_assert_uint_eq(csp_node_count(a), 1);
	ck_assert_str_eq(csp_node_text(csp_node_find(a, "MessageInfo"), "MessageID"), mid);
	a = req(js, su_sprintf(home, "<GetMessage-Request><MessageID>%s</MessageID>"
			       "</GetMessage-Request>", mid), "GetMessage-Response", NULL);
	ck_assert_str_eq(csp_node_text(a, "ContentData"), "pull me");
	ck_assert_str_eq(mid_of(a), mid);
	/* Fetched is not delivered: the store keeps it until MessageDelivered. */
	ck_assert_uint_eq(nrows("jane"), 1);
	req(js, su_sprintf(home, "<MessageDelivered><MessageID>%s</MessageID></MessageDelivered>",
			   mid), "Status", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_uint_eq(nrows("jane"), 0);
	/* Harry asked for a report. */
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_int_eq(code_of(n), 200);
	ack_status(hs, tid);

	/* Unknown ids: 426. Another user's id: 426 too. */
	req(js, su_sprintf(home, "<GetMessage-Request><MessageID>%s</MessageID>"
			   "</GetMessage-Request>", mid), "Status", &code);
	ck_assert_int_eq(code, 426);
	req(js, "<MessageDelivered><MessageID>nope</MessageID></MessageDelivered>", "Status",
	    &code);
	ck_assert_int_eq(code, 426);
	mid = send_to(js, TO("harry"), "for harry", 0, 200);
	req(js, su_sprintf(home, "<GetMessage-Request><MessageID>%s</MessageID>"
			   "</GetMessage-Request>", mid), "Status", &code);
	ck_assert_int_eq(code, 426);
	a = req(js, "<GetMessageList-Request/>", "GetMessageList-Response", NULL);
	ck_assert_uint_eq(csp_node_count(a), 0);

	/* Back to push. */
	req(js, "<SetDeliveryMethod-Request><DeliveryMethod>P</DeliveryMethod>"
	    "</SetDeliveryMethod-Request>", "Status", &code);
	ck_assert_int_eq(code, 200);
	send_to(hs, TO("jane"), "pushed", 0, 200);
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "NewMessage");
}
END_TEST

/* GetMessageList lists at most MessageCount, oldest first; 1.3 also gives the total. */
START_TEST(message_list)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *m[3];
	struct csp_node *a;
	struct csp_msg *ans;

	for (int i = 0; i < 3; i++)
		m[i] = send_to(hs, TO("jane"), su_sprintf(home, "n%d", i), 0, 200);
	js = login("jane", "j4ne", "c2");
	a = req(js, "<GetMessageList-Request><MessageCount>2</MessageCount>"
		"</GetMessageList-Request>", "GetMessageList-Response", NULL);
	ck_assert_uint_eq(csp_node_count(a), 2);
	ck_assert_str_eq(csp_node_text(a->child, "MessageID"), m[0]);
	ck_assert_str_eq(csp_node_text(a->child->next, "MessageID"), m[1]);
	ans = post(msg(CSP_V13, js, "Request", "l13", "<GetMessageList-Request/>"));
	a = answer1(ans, "GetMessageList-Response", NULL);
	ck_assert_str_eq(csp_node_text(a, "MessageTotalCount"), "3");
	req(js, "<GetMessageList-Request><GroupID>wv:g@" DOMAIN "</GroupID>"
	    "</GetMessageList-Request>", "Status", NULL);
}
END_TEST

/* A message larger than the session's AcceptedContentLength is announced, not pushed. */
START_TEST(accepted_content_length)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("jane", "j4ne", "c2");
	char const *tid = NULL;
	struct csp_node *n;
	long code;

	req(js, "<SetDeliveryMethod-Request><DeliveryMethod>P</DeliveryMethod>"
	    "<AcceptedContentLength>10</AcceptedContentLength></SetDeliveryMethod-Request>",
	    "Status", &code);
	ck_assert_int_eq(code, 200);
	send_to(hs, TO("jane"), "0123456789", 0, 200);
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "NewMessage");
	ack_new(js, tid, n);
	send_to(hs, TO("jane"), "0123456789A", 0, 200);
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "MessageNotification");
	/* Kept across a restart (the session's caps are stored). */
	restart();
	ck_assert_int_eq(gw_sess_info(gw_sess_find(&srv, js))->accepted_content_length, 10);
}
END_TEST

/* Several recipients: 201 with the failures detailed; all failing: 900; one: its code. */
START_TEST(recipients_mixed)
{
	char const *hs = login("harry", "h4rry", "c1");
	struct csp_node *a, *res, *d;
	long code;

	a = req(hs, send_xml(TO("jane") TO("nobody") TO("sip:bob@mno2.example")
			     TO("wv:carl@other.example") TO("Jane@" DOMAIN), "hi", NULL, 0),
		"SendMessage-Response", &code);
	ck_assert_int_eq(code, 201);
	ck_assert_ptr_nonnull(csp_node_text(a, "MessageID"));
	res = csp_node_find(a, "Result");
	d = csp_node_find(res, "DetailedResult");
	ck_assert_str_eq(csp_node_text(d, "Code"), "531");
	ck_assert_str_eq(csp_node_text(d, "UserID"), "wv:nobody@" DOMAIN);
	d = csp_node_next_named(d);
	ck_assert_str_eq(csp_node_text(d, "Code"), "516");
	ck_assert_str_eq(csp_node_text(d, "UserID"), "sip:bob@mno2.example");
	ck_assert_ptr_nonnull(strstr(csp_node_text(d, "Description"), "SIP side"));
	d = csp_node_next_named(d);
	ck_assert_str_eq(csp_node_text(d, "Code"), "516");
	ck_assert_ptr_null(csp_node_next_named(d));
	/* Jane was named twice and gets it once. */
	ck_assert_uint_eq(nrows("jane"), 1);

	a = req(hs, send_xml(TO("nobody") TO("ghost") "<Group><GroupID>wv:g@" DOMAIN
			     "</GroupID></Group>", "hi", NULL, 0), "SendMessage-Response", &code);
	ck_assert_int_eq(code, 900);
	ck_assert_ptr_null(csp_node_text(a, "MessageID"));
	d = csp_node_find(csp_node_find(a, "Result"), "DetailedResult");
	ck_assert_str_eq(csp_node_text(d, "Code"), "531");
	d = csp_node_next_named(csp_node_next_named(d));
	ck_assert_str_eq(csp_node_text(d, "Code"), "405");
	ck_assert_str_eq(csp_node_text(d, "GroupID"), "wv:g@" DOMAIN);

	send_to(hs, TO("nobody"), "x", 0, 531);
	send_to(hs, TO("sip:bob@mno2.example"), "x", 0, 516);
	send_to(hs, TO("wv:bad user@" DOMAIN), "x", 0, 402);
	send_to(hs, TO("wv:harry/friends@" DOMAIN), "x", 0, 402);
	/* To oneself is fine. */
	send_to(hs, TO("harry"), "me", 0, 200);
	ck_assert_uint_eq(nrows("harry"), 1);
}
END_TEST

/* A contact list of the sender is expanded; others' lists and unknown ones are refused. */
START_TEST(recipients_contact_list)
{
	char const *hs = login("harry", "h4rry", "c1");
	struct csp_node *a;
	long code;

	ck_assert_int_eq(gw_store_clist_create(st, "harry", "wv:harry/friends@" DOMAIN, NULL, 0),
			 0);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", "wv:harry/friends@" DOMAIN, JANE,
						   "J"), 0);
	ck_assert_int_eq(gw_store_clist_member_add(st, "harry", "wv:harry/friends@" DOMAIN, AMY,
						   NULL), 0);
	ck_assert_int_eq(gw_store_clist_create(st, "harry", "wv:harry/empty@" DOMAIN, NULL, 0), 0);
	ck_assert_int_eq(gw_store_clist_create(st, "jane", "wv:jane/friends@" DOMAIN, NULL, 0), 0);

	send_to(hs, "<ContactList>friends</ContactList>", "to all", 0, 200);
	ck_assert_uint_eq(nrows("jane"), 1);
	ck_assert_uint_eq(nrows("amy"), 1);
	/* Named directly too: still once. */
	send_to(hs, TO("jane") "<ContactList>wv:harry/friends@" DOMAIN "</ContactList>", "again", 0,
		200);
	ck_assert_uint_eq(nrows("jane"), 2);
	ck_assert_uint_eq(nrows("amy"), 2);
	send_to(hs, "<ContactList>nolist</ContactList>", "x", 0, 700);
	send_to(hs, "<ContactList>wv:jane/friends@" DOMAIN "</ContactList>", "x", 0, 700);
	send_to(hs, "<ContactList>empty</ContactList>", "x", 0, 410);
	a = req(hs, send_xml(TO("amy") "<ContactList>nolist</ContactList>", "x", NULL, 0),
		"SendMessage-Response", &code);
	ck_assert_int_eq(code, 201);
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(a, "Result"),
						     "DetailedResult"), "ContactList"),
			 "wv:harry/nolist@" DOMAIN);
}
END_TEST

/* Jane blocks Harry: 532, nothing stored. */
START_TEST(blocked_sender)
{
	char const *hs = login("harry", "h4rry", "c1");

	ck_assert_int_eq(gw_store_access_add(st, "jane", GW_ACCESS_BLOCK, HARRY), 0);
	ck_assert_int_eq(gw_store_access_set_in_use(st, "jane", GW_ACCESS_BLOCK, 1), 0);
	send_to(hs, TO("jane"), "let me in", 0, 532);
	ck_assert_uint_eq(nrows("jane"), 0);
	send_to(hs, TO("amy"), "hi amy", 0, 200);
	ck_assert_int_eq(gw_store_access_set_in_use(st, "jane", GW_ACCESS_BLOCK, 0), 0);
	send_to(hs, TO("jane"), "let me in", 0, 200);
}
END_TEST

/* Delivery reports: to the sender's session, or kept for their next login. */
START_TEST(delivery_reports)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("jane", "j4ne", "c2");
	char const *mid, *tid = NULL;
	struct csp_node *n, *info;

	mid = send_to(hs, TO("jane"), "report please", 1, 200);
	n = poll1(js, &tid);
	ck_assert_ptr_null(poll1(hs, NULL));	/* nothing before Jane answers */
	fake_now += 3;
	ack_new(js, tid, n);
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_int_eq(code_of(n), 200);
	ck_assert_str_eq(csp_node_text(n, "DeliveryTime"), "19700112T134643Z");
	info = csp_node_find(n, "MessageInfo");
	ck_assert_str_eq(csp_node_text(info, "MessageID"), mid);
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(info, "Recipient"), "User"),
				       "UserID"), JANE);
	ck_assert_uint_eq(nrows("harry"), 1);	/* the report, until Harry answers */
	ack_status(hs, tid);
	ck_assert_uint_eq(nrows("harry"), 0);
	ck_assert_uint_eq(srv.im->reports, 1);

	/* Harry logs out before Jane reads: the report waits for his next login. */
	mid = send_to(hs, TO("jane"), "later", 1, 200);
	logout(hs);
	n = poll1(js, &tid);
	ack_new(js, tid, n);
	ck_assert_uint_eq(nrows("harry"), 1);
	hs = login("harry", "h4rry", "c3");
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_str_eq(mid_of(n), mid);
	ack_status(hs, tid);
	ck_assert_uint_eq(nrows("harry"), 0);
	/* No report when none was asked. */
	send_to(hs, TO("jane"), "quiet", 0, 200);
	n = poll1(js, &tid);
	ack_new(js, tid, n);
	ck_assert_ptr_null(poll1(hs, NULL));
}
END_TEST

/* RejectMessage: gone, a 538 report; unknown ids 426; mixed 201. A NewMessage answered with
 * an error Status is a rejection too. */
START_TEST(reject)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *m1, *m2, *tid = NULL;
	struct csp_node *a, *n;
	long code;

	m1 = send_to(hs, TO("jane"), "no thanks", 1, 200);
	m2 = send_to(hs, TO("jane"), "nor this", 0, 200);
	js = login("jane", "j4ne", "c2");
	req(js, su_sprintf(home, "<RejectMessage-Request><MessageID>%s</MessageID>"
			   "</RejectMessage-Request>", m1), "Status", &code);
	ck_assert_int_eq(code, 200);
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_int_eq(code_of(n), 538);
	ck_assert_ptr_null(csp_node_find(n, "DeliveryTime"));
	ack_status(hs, tid);
	req(js, "<RejectMessage-Request><MessageID>zz</MessageID></RejectMessage-Request>",
	    "Status", &code);
	ck_assert_int_eq(code, 426);
	a = req(js, su_sprintf(home, "<RejectMessage-Request><MessageID>%s</MessageID>"
			       "<MessageID>zz</MessageID></RejectMessage-Request>", m2), "Status",
		&code);
	ck_assert_int_eq(code, 201);
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(a, "Result"),
						     "DetailedResult"), "MessageID"), "zz");
	ck_assert_uint_eq(nrows("jane"), 0);
	/* Both were offered at login and are gone now: their NewMessages find nothing. */
	while ((n = poll1(js, &tid)) != NULL)
		ack_new(js, tid, n);
	ck_assert_uint_eq(srv.im->rejected, 2);

	/* Rejected while its NewMessage is queued: withdrawn, never offered. */
	m1 = send_to(hs, TO("jane"), "withdrawn", 0, 200);
	ck_assert_uint_eq(gw_sess_find(&srv, js)->queue_len, 1);
	req(js, su_sprintf(home, "<RejectMessage-Request><MessageID>%s</MessageID>"
			   "</RejectMessage-Request>", m1), "Status", &code);
	ck_assert_int_eq(code, 200);
	ck_assert_uint_eq(gw_sess_find(&srv, js)->queue_len, 0);
	ck_assert_ptr_null(poll1(js, NULL));

	m1 = send_to(hs, TO("jane"), "refused by the client", 1, 200);
	n = poll1(js, &tid);
	answer_tx(js, tid, "<Status><Result><Code>500</Code></Result></Status>");
	ck_assert_uint_eq(nrows("jane"), 0);
	n = poll1(hs, &tid);
	ck_assert_int_eq(code_of(n), 538);
}
END_TEST

/* Validity: an offline message that runs out is dropped (542 report); one pushed to a live
 * session is not. */
START_TEST(validity_expiry)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *tid = NULL;
	struct csp_node *n;
	long code;
	unsigned count = 0;

	req(hs, send_xml(TO("jane"), "soon gone", "<Validity>10</Validity>", 1),
	    "SendMessage-Response", &code);
	ck_assert_int_eq(code, 200);
	req(hs, send_xml(TO("jane"), "stays", "<Validity>100</Validity>", 0),
	    "SendMessage-Response", &code);
	fake_now += 9;
	ck_assert_int_eq(gw_im_expire(&srv, NULL, fake_now, &count), 0);
	ck_assert_uint_eq(count, 0);
	ck_assert_int_eq(srv.im->next_expiry, fake_now + 1);
	fake_now += 1;
	ck_assert_int_eq(gw_im_expire(&srv, NULL, fake_now, &count), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(nrows("jane"), 1);
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_int_eq(code_of(n), 542);
	ack_status(hs, tid);

	/* Expired at login, without the timer. */
	req(hs, send_xml(TO("jane"), "also gone", "<Validity>5</Validity>", 0),
	    "SendMessage-Response", &code);
	fake_now += 6;
	js = login("jane", "j4ne", "c2");
	n = poll1(js, &tid);
	ck_assert_str_eq(csp_node_text(n, "ContentData"), "stays");
	ack_new(js, tid, n);
	ck_assert_ptr_null(poll1(js, NULL));
	ck_assert_uint_eq(srv.im->expired, 2);

	/* Handed over: not expired while the session lives. */
	req(hs, send_xml(TO("jane"), "in flight", "<Validity>5</Validity>", 0),
	    "SendMessage-Response", &code);
	fake_now += 50;
	ck_assert_int_eq(gw_im_expire(&srv, NULL, fake_now, &count), 0);
	ck_assert_uint_eq(count, 0);
	n = poll1(js, &tid);
	ck_assert_str_eq(csp_node_text(n, "ContentData"), "in flight");
	ack_new(js, tid, n);
}
END_TEST

/*
 * A crash with messages in flight: every message answered 200 is offered until Jane answers
 * it, and none she answered comes back. Also the two crash windows of the engine.
 */
START_TEST(restart_in_flight)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("jane", "j4ne", "c2");
	char const *mids[6], *tid = NULL;
	struct csp_node *n;
	int seen[6] = {0};
	unsigned got = 0;

	for (int i = 0; i < 6; i++)
		mids[i] = send_to(hs, TO("jane"), su_sprintf(home, "msg %d", i), i == 5, 200);
	/* Jane reads and answers two, reads a third without answering. */
	for (int i = 0; i < 3; i++) {
		n = poll1(js, &tid);
		ck_assert_str_eq(mid_of(n), mids[i]);
		if (i < 2) {
			ack_new(js, tid, n);
			seen[i]++;
			got++;
		}
	}
	restart();
	for (int round = 0; round < 20 && got < 6; round++) {
		n = poll1(js, &tid);
		if (n == NULL) {
			fake_now += GW_RESEND_S;
			continue;
		}
		if (strcmp(n->name, "NewMessage") != 0)
			continue;
		for (int i = 0; i < 6; i++)
			if (strcmp(mid_of(n), mids[i]) == 0) {
				seen[i]++;
				got++;
			}
		ack_new(js, tid, n);
		if (round == 1)
			restart();	/* once more, mid-way */
	}
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(seen[i], 1);
	ck_assert_uint_eq(nrows("jane"), 0);
	/* The report of the last one reached Harry (his session survived both restarts). */
	n = poll1(hs, &tid);
	ck_assert_str_eq(n->name, "DeliveryReport-Request");
	ck_assert_str_eq(mid_of(n), mids[5]);
	ack_status(hs, tid);

	/* Window 1: stored, then the crash before it was offered: offered after the restart. */
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){
		.id = "w1/jane", .sender = HARRY, .recipient = "jane", .body = "w1",
		.body_len = 2, .date = fake_now, .state = GW_MSG_QUEUED}), 0);
	restart();
	n = poll1(js, &tid);
	ck_assert_str_eq(mid_of(n), "w1");
	/* Window 2: the session part removed the answered transaction, then the crash before we
	 * were told: finished as delivered after the restart, not offered again. */
	ck_assert_int_eq(gw_store_stx_ack(st, js, tid), 0);
	restart();
	ck_assert_uint_eq(nrows("jane"), 0);
	ck_assert_ptr_null(poll1(js, NULL));
	fake_now += GW_RESEND_S;
	ck_assert_ptr_null(poll1(js, NULL));
}
END_TEST

/* An announced message (notify/get) survives a restart without a second notification. */
START_TEST(restart_notified)
{
	char const *hs = login("harry", "h4rry", "c1"), *js = login("jane", "j4ne", "c2");
	char const *mid, *tid = NULL;
	struct csp_node *n;
	long code;

	req(js, "<SetDeliveryMethod-Request><DeliveryMethod>N</DeliveryMethod>"
	    "</SetDeliveryMethod-Request>", "Status", &code);
	mid = send_to(hs, TO("jane"), "fetch me", 0, 200);
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "MessageNotification");
	ack_status(js, tid);
	restart();
	fake_now += GW_RESEND_S;
	ck_assert_ptr_null(poll1(js, NULL));
	n = req(js, su_sprintf(home, "<GetMessage-Request><MessageID>%s</MessageID>"
			       "</GetMessage-Request>", mid), "GetMessage-Response", NULL);
	ck_assert_str_eq(csp_node_text(n, "ContentData"), "fetch me");
	/* Its session ends: the next one is told again. */
	logout(js);
	js = login("jane", "j4ne", "c3");
	n = poll1(js, &tid);
	ck_assert_str_eq(n->name, "NewMessage");
	ck_assert_str_eq(mid_of(n), mid);
}
END_TEST

/* Two sessions of Jane: the newest gets the message; when it logs out, the other does. */
START_TEST(two_sessions)
{
	char const *hs = login("harry", "h4rry", "c1"), *j1 = login("jane", "j4ne", "c2");
	char const *j2 = login("jane", "j4ne", "c3"), *mid, *tid = NULL;
	struct csp_node *n;

	mid = send_to(hs, TO("jane"), "which one", 0, 200);
	ck_assert_ptr_null(poll1(j1, NULL));
	n = poll1(j2, &tid);
	ck_assert_str_eq(mid_of(n), mid);
	logout(j2);
	n = poll1(j1, &tid);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(mid_of(n), mid);
	ack_new(j1, tid, n);
	ck_assert_uint_eq(nrows("jane"), 0);

	/* After a restart, a message no session holds goes to the newest session only. */
	j2 = login("jane", "j4ne", "c4");
	ck_assert_int_eq(gw_store_msg_put(st, &(struct gw_msg){
		.id = "r1/jane", .sender = HARRY, .recipient = "jane", .body = "r1",
		.body_len = 2, .date = fake_now, .state = GW_MSG_QUEUED}), 0);
	restart();
	ck_assert_ptr_null(poll1(j1, NULL));
	n = poll1(j2, &tid);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(mid_of(n), "r1");
}
END_TEST

/* Past GW_IM_INFLIGHT_MAX queued transactions a session waits; every message still comes,
 * once, as the client answers. Past GW_IM_STORED_MAX stored messages: 507. */
START_TEST(backlog_and_limits)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *tid = NULL;
	enum { N = GW_IM_INFLIGHT_MAX + 40 };
	static unsigned char seen[N];
	struct csp_node *n;
	unsigned got = 0;

	memset(seen, 0, sizeof seen);
	ck_assert_int_eq(gw_store_begin(st), 0);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
			.mid = su_sprintf(home, "b%d", i), .sender = HARRY, .recipient = JANE,
			.content = "x", .len = 1, .date = fake_now}), 0);
	ck_assert_int_eq(gw_store_commit(st), 0);
	js = login("jane", "j4ne", "c2");
	ck_assert_uint_eq(gw_sess_find(&srv, js)->queue_len, GW_IM_INFLIGHT_MAX);
	while ((n = poll1(js, &tid)) != NULL) {
		int i = atoi(mid_of(n) + 1);

		ck_assert_int_lt(i, N);
		seen[i]++;
		got++;
		ack_new(js, tid, n);
	}
	ck_assert_uint_eq(got, N);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(seen[i], 1);
	logout(js);

	ck_assert_int_eq(gw_store_begin(st), 0);
	for (int i = 0; i < GW_IM_STORED_MAX; i++)
		ck_assert_int_eq(gw_im_store(&srv, &(struct gw_im_msg){
			.mid = su_sprintf(home, "f%d", i), .sender = HARRY, .recipient = JANE,
			.content = "x", .len = 1, .date = fake_now}), 0);
	ck_assert_int_eq(gw_store_commit(st), 0);
	send_to(hs, TO("jane"), "one too many", 0, 507);
	send_to(hs, TO("amy"), "amy has room", 0, 200);
}
END_TEST

/* ForwardMessage: the stored message goes on from Jane to Amy; Harry hears 541. */
START_TEST(forward)
{
	char const *hs = login("harry", "h4rry", "c1"), *js, *as, *mid, *tid = NULL;
	struct csp_node *n;
	long code;

	mid = send_to(hs, TO("jane"), "pass it on", 1, 200);
	js = login("jane", "j4ne", "c2");
	req(js, su_sprintf(home, "<ForwardMessage-Request><MessageID>%s</MessageID><Recipient>"
			   TO("amy") "</Recipient></ForwardMessage-Request>", mid), "Status",
	    &code);
	ck_assert_int_eq(code, 200);
	ck_assert_uint_eq(nrows("jane"), 0);
	ck_assert_uint_eq(nrows("amy"), 1);
	as = login("amy", "4my", "c3");
	n = poll1(as, &tid);
	ck_assert_str_eq(csp_node_text(n, "ContentData"), "pass it on");
	ck_assert_str_eq(csp_node_text(csp_node_find(csp_node_find(csp_node_find(n,
		"MessageInfo"), "Sender"), "User"), "UserID"), JANE);
	ck_assert_str_ne(mid_of(n), mid);
	n = poll1(hs, &tid);
	ck_assert_int_eq(code_of(n), 541);
	req(js, su_sprintf(home, "<ForwardMessage-Request><MessageID>%s</MessageID><Recipient>"
			   TO("amy") "</Recipient></ForwardMessage-Request>", mid), "Status",
	    &code);
	ck_assert_int_eq(code, 426);
	/* Not forwarded anywhere: the original stays. */
	mid = send_to(hs, TO("jane"), "keep it", 0, 200);
	req(js, su_sprintf(home, "<ForwardMessage-Request><MessageID>%s</MessageID><Recipient>"
			   TO("nobody") "</Recipient></ForwardMessage-Request>", mid), "Status",
	    &code);
	ck_assert_int_eq(code, 531);
	ck_assert_uint_eq(nrows("jane"), 1);
}
END_TEST

/* Bad input: precise codes naming the element. */
START_TEST(bad_input)
{
	char const *hs = login("harry", "h4rry", "c1");
	struct csp_node *a;
	long code;
	char *many;

	a = req(hs, "<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo>"
		"<ContentSize>1</ContentSize><Recipient>" TO("jane") "</Recipient><Sender>"
		"<User><UserID>harry</UserID></User></Sender></MessageInfo></SendMessage-Request>",
		"Status", &code);
	ck_assert_int_eq(code, 402);
	ck_assert_ptr_nonnull(strstr(csp_node_text(csp_node_find(a, "Result"), "Description"),
				     "ContentData"));
	a = req(hs, send_xml(TO("jane"), "x", "<ContentEncoding>UUENCODE</ContentEncoding>", 0),
		"Status", &code);
	ck_assert_int_eq(code, 402);
	ck_assert_ptr_nonnull(strstr(csp_node_text(csp_node_find(a, "Result"), "Description"),
				     "ContentEncoding"));
	req(hs, send_xml(TO("jane"), "not base64!", "<ContentEncoding>BASE64</ContentEncoding>", 0),
	    "Status", &code);
	ck_assert_int_eq(code, 402);
	a = req(hs, send_xml(TO("jane"), "x", "<ContentType>text</ContentType>", 0), "Status",
		&code);
	ck_assert_int_eq(code, 402);
	ck_assert_ptr_nonnull(strstr(csp_node_text(csp_node_find(a, "Result"), "Description"),
				     "ContentType"));
	/* Missing mandatory elements are the codec's 402. */
	req(hs, "<SendMessage-Request><DeliveryReport>F</DeliveryReport><ContentData>x"
	    "</ContentData></SendMessage-Request>", "Status", &code);
	ck_assert_int_eq(code, 402);
	req(hs, send_xml("", "x", NULL, 0), "Status", &code);
	ck_assert_int_eq(code, 402);
	many = su_strdup(home, "");
	for (int i = 0; i <= GW_IM_RECIPIENTS_MAX; i++)
		many = su_sprintf(home, "%s<User><UserID>u%d</UserID></User>", many, i);
	a = req(hs, send_xml(many, "x", NULL, 0), "Status", &code);
	ck_assert_int_eq(code, 402);
	/* Odd addresses are per-recipient refusals, never a crash. */
	{
		static char const *const odd[] = {
			"<User><UserID></UserID></User>", "<User><UserID>wv:</UserID></User>",
			"<User><UserID>@</UserID></User>", "<User><UserID>sip:</UserID></User>",
			"<User><UserID>wv:a/b/c@" DOMAIN "</UserID></User>",
			"<User><UserID>sip:x@[::1]</UserID></User>", "<ContactList/>",
			"<ContactList>/</ContactList>", "<ContactList>wv:@</ContactList>",
			"<ContactList>wv:/x@" DOMAIN "</ContactList>",
			"<ContactList>harry</ContactList>", "<Group><ScreenName><SName>s</SName>"
			"<GroupID>wv:g@" DOMAIN "</GroupID></ScreenName></Group>",
		};

		for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
			a = req(hs, send_xml(odd[i], "x", NULL, 0), NULL, &code);
			ck_assert_msg(code >= 400, "%s gave %ld", odd[i], code);
		}
	}
	req(hs, "<SetDeliveryMethod-Request><DeliveryMethod>X</DeliveryMethod>"
	    "</SetDeliveryMethod-Request>", "Status", &code);
	ck_assert_int_eq(code, 402);
	req(hs, "<SetDeliveryMethod-Request><DeliveryMethod>N</DeliveryMethod><GroupID>wv:g@"
	    DOMAIN "</GroupID></SetDeliveryMethod-Request>", "Status", &code);
	ck_assert_int_eq(code, 405);
	req(hs, "<GetMessage-Request/>", "Status", &code);
	ck_assert_int_eq(code, 402);
	/* No session: 604 (the dispatcher). */
	answer1(post(msg(CSP_V12, "00112233445566778899aabbccddeeff", "Request", "9",
			 send_xml(TO("jane"), "x", NULL, 0))), "Status", &code);
	ck_assert_int_eq(code, 604);
	ck_assert_uint_eq(nrows("jane"), 0);
	ck_assert_uint_eq(srv.im->stored, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gw_im");
	TCase *tc = tcase_create("im");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, handler_table);
	tcase_add_test(tc, wire_helpers);
	tcase_add_test(tc, stored_form);
	tcase_add_test(tc, push_chat);
	tcase_add_test(tc, offline_then_login);
	tcase_add_test(tc, retransmission_once);
	tcase_add_test(tc, notify_get);
	tcase_add_test(tc, message_list);
	tcase_add_test(tc, accepted_content_length);
	tcase_add_test(tc, recipients_mixed);
	tcase_add_test(tc, recipients_contact_list);
	tcase_add_test(tc, blocked_sender);
	tcase_add_test(tc, delivery_reports);
	tcase_add_test(tc, reject);
	tcase_add_test(tc, validity_expiry);
	tcase_add_test(tc, restart_in_flight);
	tcase_add_test(tc, restart_notified);
	tcase_add_test(tc, two_sessions);
	tcase_add_test(tc, backlog_and_limits);
	tcase_add_test(tc, forward);
	tcase_add_test(tc, bad_input);
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
