/* tests/test_csp_xml.c: the WV-CSP XML codec against real samples, hostile input and golden files. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "imps/csp.h"
#include "imps/csp_order.h"

#define SAMPLES SRCDIR "/tests/data/samples"
#define GOLDEN SRCDIR "/tests/data/golden"
#define MAX_FILES 512

static su_home_t *home;

static void setup(void)
{
	home = su_home_new(sizeof *home);
	ck_assert_ptr_nonnull(home);
}

static void teardown(void)
{
	su_home_unref(home);
	home = NULL;
}

/* Reads a whole file into the test home; NULL when it cannot. */
static char *slurp(char const *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = su_alloc(home, (size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*lenp = (size_t)n;
	} else {
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int by_name(void const *a, void const *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.xml file under `dir`, sorted, in the test home. */
static size_t list_xml(char const *dir, char **out, size_t max, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		char *path;
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		path = su_sprintf(home, "%s/%s", dir, e->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			n = list_xml(path, out, max, n);
		else if (len > 4 && !strcmp(e->d_name + len - 4, ".xml")) {
			ck_assert_uint_lt(n, max);
			out[n++] = path;
		}
	}
	closedir(d);
	return n;
}

static size_t samples(char **files)
{
	size_t n = list_xml(SAMPLES, files, MAX_FILES, 0);

	qsort(files, n, sizeof *files, by_name);
	return n;
}

static struct csp_msg *parse_ok(char const *xml)
{
	struct csp_msg *m = NULL;
	struct csp_error err = {0};
	int rc = csp_parse_xml(home, xml, strlen(xml), &m, &err);

	ck_assert_msg(rc == 0, "parse failed: %d line %d: %s", rc, err.line, err.reason);
	ck_assert_ptr_nonnull(m);
	return m;
}

/* Parses `xml` expecting `error`; returns the reason. */
static char const *parse_fails(char const *xml, size_t len, int error, struct csp_error *err)
{
	struct csp_msg *m = (struct csp_msg *)&m; /* must stay untouched */
	struct csp_msg *before = m;
	int rc;

	memset(err, 0, sizeof *err);
	rc = csp_parse_xml(home, xml, len, &m, err);
	ck_assert_msg(rc == error, "expected %d (%s), got %d: %s", error, strerror(error), rc,
		      err->reason);
	ck_assert_ptr_eq(m, before);
	ck_assert_msg(err->reason[0] != '\0', "no reason given");
	return err->reason;
}

static char *build_ok(struct csp_msg const *m, size_t *lenp)
{
	char *out = NULL;
	size_t len = 0;
	int rc = csp_build_xml(home, m, &out, &len);

	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), len);
	if (lenp)
		*lenp = len;
	return out;
}

/* Wraps a primitive in a 1.2 envelope. */
static char *wrap12(char const *prim)
{
	return su_sprintf(home,
			  "<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/WV-CSP1.2\">"
			  "<Session><SessionDescriptor><SessionType>Inband</SessionType>"
			  "<SessionID>s1</SessionID></SessionDescriptor><Transaction>"
			  "<TransactionDescriptor><TransactionMode>Request</TransactionMode>"
			  "<TransactionID>7</TransactionID></TransactionDescriptor>"
			  "<TransactionContent xmlns=\"http://www.openmobilealliance.org/DTD/WV-TRC1.2\">"
			  "%s</TransactionContent></Transaction></Session></WV-CSP-Message>",
			  prim);
}

/* --- samples --- */

static enum csp_version version_of_path(char const *path)
{
	if (strstr(path, "spec-wv11"))
		return CSP_V11;
	if (strstr(path, "csp12"))
		return CSP_V12;
	if (strstr(path, "csp13"))
		return CSP_V13;
	return CSP_V_UNKNOWN;
}

START_TEST(every_sample_parses)
{
	char *files[MAX_FILES];
	size_t n = samples(files);

	ck_assert_uint_ge(n, 150);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *xml = slurp(files[i], &len);
		struct csp_msg *m = NULL;
		struct csp_error err = {0};
		int rc;

		ck_assert_ptr_nonnull(xml);
		if (len == 0) {
			/* An empty HTTP answer (acknowledged Response, nothing to poll):
			 * not a message. */
			parse_fails(xml, len, EBADMSG, &err);
			ck_assert_str_eq(err.reason, "empty body");
			continue;
		}
		rc = csp_parse_xml(home, xml, len, &m, &err);
		ck_assert_msg(rc == 0, "%s: line %d: %s", files[i], err.line, err.reason);
		ck_assert_msg(m->version == version_of_path(files[i]), "%s: version %d", files[i],
			      m->version);
		ck_assert_ptr_nonnull(m->trans);
		ck_assert_ptr_nonnull(m->trans->content);
		ck_assert_ptr_null(m->trans->content->parent);
		ck_assert_ptr_null(m->trans->content->next);
		ck_assert(m->session_type == CSP_INBAND || m->session_type == CSP_OUTBAND);
		ck_assert(m->trans->mode == CSP_REQUEST || m->trans->mode == CSP_RESPONSE);
	}
}
END_TEST

/* A parsed sample, canonicalised, equals the parse of its canonical XML;
 * building that again gives the same bytes. */
START_TEST(every_sample_round_trips)
{
	char *files[MAX_FILES];
	size_t n = samples(files);

	for (size_t i = 0; i < n; i++) {
		size_t len, len1, len2;
		char *xml = slurp(files[i], &len), *out1, *out2;
		struct csp_msg *m = NULL, *m2 = NULL;
		struct csp_error err = {0};

		if (len == 0)
			continue;
		ck_assert_int_eq(csp_parse_xml(home, xml, len, &m, &err), 0);
		out1 = build_ok(m, &len1);
		ck_assert_msg(csp_parse_xml(home, out1, len1, &m2, &err) == 0,
			      "%s: canonical output does not parse: line %d: %s\n%s", files[i],
			      err.line, err.reason, out1);
		csp_msg_canon(m);
		ck_assert_msg(csp_msg_equal(m, m2), "%s: round trip differs", files[i]);
		out2 = build_ok(m2, &len2);
		ck_assert_msg(len1 == len2 && !memcmp(out1, out2, len1), "%s: not idempotent",
			      files[i]);
	}
}
END_TEST

/* Golden canonical outputs, byte for byte. To refresh one on purpose:
 * build/.../tests/csp_canon tests/data/samples/X > tests/data/golden/NAME */
static struct {
	char const *sample, *golden;
} const goldens[] = {
	{"spec-wv11-examples/wv-003.xml", "wv-003.xml"},
	{"spec-wv11-examples/wv-040.xml", "wv-040.xml"},
	{"spec-wv11-examples/wv-057.xml", "wv-057.xml"},
	{"aosp-client_scripted-server_csp12/001-req.xml", "csp12-001-req.xml"},
	{"aosp-client_scripted-server_csp12/015-rsp.xml", "csp12-015-rsp.xml"},
	{"aosp-client_scripted-server_csp13-4way/001-req.xml", "csp13-001-req.xml"},
	{"movistar-colibria-client-templates_csp12/0391-UpdatePresence-Request.xml",
	 "colibria-0391.xml"},
	{"movistar-colibria-client-templates_csp12/0474-Polling-Request.xml", "colibria-0474.xml"},
};

START_TEST(golden_files)
{
	for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++) {
		size_t len, glen, olen;
		char *xml = slurp(su_sprintf(home, "%s/%s", SAMPLES, goldens[i].sample), &len);
		char *want = slurp(su_sprintf(home, "%s/%s", GOLDEN, goldens[i].golden), &glen);
		struct csp_msg *m = NULL;
		struct csp_error err;
		char *out;

		ck_assert_ptr_nonnull(xml);
		ck_assert_msg(want != NULL, "missing golden %s", goldens[i].golden);
		ck_assert_int_eq(csp_parse_xml(home, xml, len, &m, &err), 0);
		out = build_ok(m, &olen);
		ck_assert_msg(olen == glen && !memcmp(out, want, glen),
			      "%s differs from golden %s:\n%s", goldens[i].sample,
			      goldens[i].golden, out);
	}
}
END_TEST

/* AOSP sends Login-Request with Password after SessionCookie; the canonical
 * form has the 1.1 DTD order. */
START_TEST(aosp_login_comes_out_in_dtd_order)
{
	size_t len;
	char *xml = slurp(SAMPLES "/aosp-client_scripted-server_csp12/001-req.xml", &len);
	struct csp_msg *m = NULL;
	struct csp_error err;
	char const *want[] = {"UserID", "ClientID", "Password", "TimeToLive", "SessionCookie"};
	struct csp_node *c;
	size_t i = 0;
	char *out;

	ck_assert_ptr_nonnull(xml);
	ck_assert_int_eq(csp_parse_xml(home, xml, len, &m, &err), 0);
	/* The parser keeps the input order. */
	ck_assert_str_eq(m->trans->content->last->name, "Password");
	out = build_ok(m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "<Login-Request><UserID>wv:johndoe@imps.test</UserID>"
					  "<ClientID><URL>HeadlessImps</URL></ClientID>"
					  "<Password>secret1</Password><TimeToLive>7205</TimeToLive>"
					  "<SessionCookie>"));
	csp_node_sort(m->trans->content);
	for (c = m->trans->content->child; c; c = c->next, i++) {
		ck_assert_uint_lt(i, 5);
		ck_assert_str_eq(c->name, want[i]);
	}
	ck_assert_uint_eq(i, 5);
	ck_assert_str_eq(m->trans->content->last->name, "SessionCookie");
}
END_TEST

/* Unknown children go after the known ones; a repeated choice keeps its
 * input order; PresenceSubList and foreign content are not reordered. */
START_TEST(sort_rules)
{
	struct csp_msg *m = parse_ok(wrap12(
		"<SubscribePresence-Request><AutoSubscribe>T</AutoSubscribe>"
		"<PresenceSubList xmlns=\"http://www.openmobilealliance.org/DTD/WV-PA1.2\">"
		"<StatusText/><OnlineStatus/></PresenceSubList>"
		"<x:Ext xmlns:x=\"urn:x\"><B/><A/></x:Ext>"
		"<ContactList>l1</ContactList><User><ClientID/><UserID>u</UserID></User>"
		"<Junk/></SubscribePresence-Request>"));
	char *out = build_ok(m, NULL);

	ck_assert_msg(strstr(out, "<SubscribePresence-Request><User><UserID>u</UserID><ClientID/>"
				  "</User><ContactList>l1</ContactList><PresenceSubList xmlns=\""
				  "http://www.openmobilealliance.org/DTD/WV-PA1.2\"><StatusText/>"
				  "<OnlineStatus/></PresenceSubList><AutoSubscribe>T</AutoSubscribe>"
				  "<Ext xmlns=\"urn:x\"><B xmlns=\"http://www.openmobilealliance.org/"
				  "DTD/WV-TRC1.2\"/><A xmlns=\"http://www.openmobilealliance.org/DTD/"
				  "WV-TRC1.2\"/></Ext><Junk/></SubscribePresence-Request>") != NULL,
		      "%s", out);

	m = parse_ok(wrap12("<ListManage-Request><AddNickList><UserID>b</UserID>"
			    "<NickName><Name>A</Name><UserID>a</UserID></NickName>"
			    "<UserID>c</UserID></AddNickList><ContactList>l</ContactList>"
			    "</ListManage-Request>"));
	out = build_ok(m, NULL);
	ck_assert_msg(strstr(out, "<ListManage-Request><ContactList>l</ContactList><AddNickList>"
				  "<UserID>b</UserID><NickName><Name>A</Name><UserID>a</UserID>"
				  "</NickName><UserID>c</UserID></AddNickList>") != NULL,
		      "%s", out);

	/* Out of order only below the primitive: sorted there too, and the
	 * message itself is left as it was. */
	m = parse_ok(wrap12("<SubscribePresence-Request><User><ClientID/><UserID>u</UserID>"
			    "</User></SubscribePresence-Request>"));
	out = build_ok(m, NULL);
	ck_assert_msg(strstr(out, "<SubscribePresence-Request><User><UserID>u</UserID><ClientID/>"
				  "</User></SubscribePresence-Request>") != NULL,
		      "%s", out);
	ck_assert_str_eq(m->trans->content->child->child->name, "ClientID");
}
END_TEST

/* --- robustness (DIGEST section 11) --- */

START_TEST(tolerant_input)
{
	/* Any order, white space, Baraza's malformed DOCTYPE, empty
	 * TransactionID, a UserID without wv: or domain, prefixes. */
	struct csp_msg *m = parse_ok(
		"<?xml version='1.0' encoding='UTF-8'?>\n"
		"<!-- comment -->\n"
		"<!DOCTYPE IMPS-CSP \"-//OMA//DTD IMPS-CSP 1.3//EN\">\n"
		"<c:WV-CSP-Message xmlns:c='http://www.openmobilealliance.org/DTD/IMPS-CSP1.3'>\n"
		" <c:Session>\n"
		"  <c:Transaction>\n"
		"   <c:TransactionContent xmlns='http://www.openmobilealliance.org/DTD/IMPS-TRC1.3'>\n"
		"    <PresenceAuth-User>\n"
		"     <Acceptance>\n T \n</Acceptance><UserID>  johndoe  </UserID>\n"
		"    </PresenceAuth-User>\n"
		"   </c:TransactionContent>\n"
		"   <c:TransactionDescriptor><c:TransactionID/>\n"
		"    <c:TransactionMode>Request</c:TransactionMode></c:TransactionDescriptor>\n"
		"  </c:Transaction>\n"
		"  <c:SessionDescriptor><c:SessionID>s</c:SessionID>"
		"<c:SessionType>Inband</c:SessionType></c:SessionDescriptor>\n"
		" </c:Session>\n"
		"</c:WV-CSP-Message>\n");

	ck_assert_int_eq(m->version, CSP_V13);
	ck_assert_int_eq(m->session_type, CSP_INBAND);
	ck_assert_str_eq(m->session_id, "s");
	ck_assert_str_eq(m->trans->id, "");
	ck_assert_int_eq(m->trans->mode, CSP_REQUEST);
	ck_assert_str_eq(m->trans->content->name, "PresenceAuth-User");
	ck_assert_str_eq(csp_node_text(m->trans->content, "UserID"), "johndoe");
	ck_assert_str_eq(csp_node_text(m->trans->content, "Acceptance"), "T");
	ck_assert_ptr_null(m->trans->content->text);

	/* No TransactionID at all (AOSP Polling-Request). */
	m = parse_ok("<WV-CSP-Message xmlns='http://www.openmobilealliance.org/DTD/WV-CSP1.2'>"
		     "<Session><SessionDescriptor><SessionType>Outband</SessionType>"
		     "</SessionDescriptor><Transaction><TransactionDescriptor>"
		     "<TransactionMode>Request</TransactionMode></TransactionDescriptor>"
		     "<TransactionContent><Polling-Request/></TransactionContent>"
		     "</Transaction></Session></WV-CSP-Message>");
	ck_assert_ptr_null(m->trans->id);
	ck_assert_ptr_null(m->session_id);
	ck_assert_int_eq(m->session_type, CSP_OUTBAND);
}
END_TEST

START_TEST(foreign_and_unknown_elements_are_kept)
{
	struct csp_msg *m = parse_ok(
		"<WV-CSP-Message xmlns='http://www.openmobilealliance.org/DTD/WV-CSP1.2' "
		"xmlns:v='http://vendor.example/ext'>"
		"<Session><SessionDescriptor><SessionType>Inband</SessionType>"
		"<SessionID>s</SessionID><v:Ignored/></SessionDescriptor>"
		"<v:SessionExt a='1'>x<Inner>y</Inner></v:SessionExt>"
		"<Transaction><TransactionDescriptor><TransactionMode>Response</TransactionMode>"
		"<TransactionID>9</TransactionID></TransactionDescriptor>"
		"<TransactionContent xmlns='http://www.openmobilealliance.org/DTD/WV-TRC1.2'>"
		"<Status><Result><Code>200</Code><v:Why>ok &amp; fine</v:Why></Result>"
		"<Unknown xmlns=''>z</Unknown></Status></TransactionContent>"
		"<ExtBlock><APIClient>c</APIClient></ExtBlock></Transaction>"
		"<Another/></Session></WV-CSP-Message>");
	struct csp_node *why, *x;
	struct csp_msg *m2;
	char *out;
	size_t len;
	struct csp_error err;

	why = csp_node_find(m->trans->content, "Result")->last;
	ck_assert_str_eq(why->name, "Why");
	ck_assert_str_eq(why->ns, "http://vendor.example/ext");
	ck_assert_str_eq(why->text, "ok & fine");
	ck_assert_ptr_null(csp_node_find(csp_node_find(m->trans->content, "Result"), "Why"));
	ck_assert_ptr_null(m->trans->content->last->ns); /* no namespace counts as WV */
	ck_assert_str_eq(m->trans->extra->name, "ExtBlock");
	ck_assert_ptr_null(m->trans->extra->next);
	x = m->extra;
	ck_assert_str_eq(x->name, "SessionExt");
	ck_assert_str_eq(x->ns, "http://vendor.example/ext");
	ck_assert_str_eq(x->text, "x");
	ck_assert_ptr_null(x->child->ns);
	ck_assert_str_eq(x->next->name, "Another");
	ck_assert_ptr_null(x->next->next);

	out = build_ok(m, &len);
	ck_assert_msg(strstr(out, "<Result><Code>200</Code><Why xmlns=\"http://vendor.example/ext\">"
				  "ok &amp; fine</Why></Result><Unknown>z</Unknown></Status>"
				  "</TransactionContent><ExtBlock><APIClient>c</APIClient></ExtBlock>"
				  "</Transaction><SessionExt xmlns=\"http://vendor.example/ext\">x"
				  "<Inner xmlns=\"http://www.openmobilealliance.org/DTD/WV-CSP1.2\">y"
				  "</Inner></SessionExt><Another/></Session>") != NULL,
		      "%s", out);
	ck_assert_ptr_null(strstr(out, "Ignored"));
	ck_assert_int_eq(csp_parse_xml(home, out, len, &m2, &err), 0);
	csp_msg_canon(m);
	ck_assert(csp_msg_equal(m, m2));
}
END_TEST

START_TEST(text_is_escaped)
{
	struct csp_msg *m;
	struct csp_node *prim;
	char *out;
	size_t len;
	struct csp_msg *m2;
	struct csp_error err;

	ck_assert_int_eq(csp_msg_new(home, CSP_V12, "s", CSP_REQUEST, "1", "SendMessage-Request",
				     &m, &prim), 0);
	ck_assert_ptr_nonnull(csp_node_add_text(home, prim, "ContentData",
						"<b>a & \"b\" ]]> 'c'\r\n\xc3\xa9\xe2\x82\xac</b>"));
	out = build_ok(m, &len);
	ck_assert_msg(strstr(out, "<ContentData>&lt;b&gt;a &amp; &quot;b&quot; ]]&gt; 'c'&#13;\n"
				  "\xc3\xa9\xe2\x82\xac&lt;/b&gt;</ContentData>") != NULL, "%s", out);
	ck_assert_int_eq(csp_parse_xml(home, out, len, &m2, &err), 0);
	ck_assert_str_eq(csp_node_text(m2->trans->content, "ContentData"),
			 "<b>a & \"b\" ]]> 'c'\r\n\xc3\xa9\xe2\x82\xac</b>");

	/* What cannot be written as XML is refused, not written. */
	prim->child->text = "bell \x07";
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	prim->child->text = "bad utf-8 \xc3";
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	prim->child->text = "ok";
	prim->child->name = "a b";
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	prim->child->name = "p:x";
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
}
END_TEST

START_TEST(build_refuses_incomplete_messages)
{
	struct csp_msg *m;
	struct csp_node *prim;
	char *out = (char *)"untouched";
	size_t len = 42;

	ck_assert_int_eq(csp_msg_new(home, CSP_V11, NULL, CSP_REQUEST, NULL, "Polling-Request",
				     &m, &prim), 0);
	ck_assert_int_eq(csp_build_xml(home, NULL, &out, &len), EINVAL);
	m->version = CSP_V_UNKNOWN;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	m->version = CSP_V11;
	m->trans->content = NULL;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	m->trans->content = prim;
	m->trans->mode = CSP_MODE_NONE;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	m->trans->mode = CSP_RESPONSE;
	m->session_type = CSP_SESSION_NONE;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	m->session_type = CSP_OUTBAND;
	m->poll = 7;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	m->poll = CSP_ABSENT;
	m->trans = NULL;
	ck_assert_int_eq(csp_build_xml(home, m, &out, &len), EINVAL);
	ck_assert_str_eq(out, "untouched");
	ck_assert_uint_eq(len, 42);
}
END_TEST

/* --- versions, Poll and CIR --- */

START_TEST(versions_and_flags)
{
	static struct {
		char const *csp, *trc;
		enum csp_version v;
	} const rows[] = {
		{"http://www.wireless-village.org/CSP1.1", "http://www.wireless-village.org/TRC1.1",
		 CSP_V11},
		{"http://www.openmobilealliance.org/DTD/WV-CSP1.2",
		 "http://www.openmobilealliance.org/DTD/WV-TRC1.2", CSP_V12},
		{"http://www.openmobilealliance.org/DTD/IMPS-CSP1.3",
		 "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3", CSP_V13},
	};

	for (size_t i = 0; i < 3; i++) {
		char *xml = su_sprintf(home,
			"<WV-CSP-Message xmlns='%s'><Session><SessionDescriptor>"
			"<SessionType>Inband</SessionType><SessionID>s</SessionID>"
			"</SessionDescriptor><Transaction><TransactionDescriptor>"
			"<TransactionMode>Response</TransactionMode><TransactionID>1</TransactionID>"
			"<Poll>T</Poll></TransactionDescriptor><TransactionContent xmlns='%s'>"
			"<Status><Result><Code>200</Code></Result></Status></TransactionContent>"
			"</Transaction><Poll>F</Poll><CIR>F</CIR></Session></WV-CSP-Message>",
			rows[i].csp, rows[i].trc);
		struct csp_msg *m = parse_ok(xml), *m2;
		char *out;

		ck_assert_int_eq(m->version, rows[i].v);
		/* Poll is read at both levels, CIR at Session level. */
		ck_assert_int_eq(m->trans->poll, CSP_T);
		ck_assert_int_eq(m->poll, CSP_F);
		ck_assert_int_eq(m->cir, CSP_F);
		out = build_ok(m, NULL);
		ck_assert_ptr_nonnull(strstr(out, su_sprintf(home, "<WV-CSP-Message xmlns=\"%s\">",
							     rows[i].csp)));
		ck_assert_ptr_nonnull(strstr(out, su_sprintf(home, "<TransactionContent xmlns=\"%s\">",
							     rows[i].trc)));
		m2 = parse_ok(out);
		if (rows[i].v == CSP_V11) {
			/* 1.1: Poll only in the descriptor (the transaction's own
			 * value wins), no CIR. */
			ck_assert_ptr_nonnull(strstr(out, "<TransactionID>1</TransactionID>"
							  "<Poll>T</Poll></TransactionDescriptor>"));
			ck_assert_ptr_null(strstr(out, "CIR"));
			ck_assert_ptr_nonnull(strstr(out, "</Transaction></Session>"));
			ck_assert_int_eq(m2->trans->poll, CSP_T);
			ck_assert_int_eq(m2->poll, CSP_ABSENT);
			ck_assert_int_eq(m2->cir, CSP_ABSENT);
		} else {
			/* 1.2+: Session level wins; none in the descriptor. */
			ck_assert_ptr_nonnull(strstr(out, "</Transaction><Poll>F</Poll><CIR>F</CIR>"
							  "</Session>"));
			ck_assert_ptr_nonnull(strstr(out, "</TransactionID></TransactionDescriptor>"));
			ck_assert_int_eq(m2->trans->poll, CSP_ABSENT);
			ck_assert_int_eq(m2->poll, CSP_F);
			ck_assert_int_eq(m2->cir, CSP_F);
		}
		csp_msg_canon(m);
		ck_assert(csp_msg_equal(m, m2));
	}
}
END_TEST

START_TEST(poll_placement_rules)
{
	struct csp_msg *m;
	struct csp_node *prim;
	char *out;

	/* 1.1 with only a Session-level Poll: it goes into the descriptor. */
	ck_assert_int_eq(csp_msg_new(home, CSP_V11, "s", CSP_RESPONSE, "1", "Polling-Request", &m,
				     &prim), 0);
	m->poll = CSP_T;
	m->cir = CSP_T;
	out = build_ok(m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "<TransactionID>1</TransactionID><Poll>T</Poll>"
					  "</TransactionDescriptor>"));
	ck_assert_ptr_nonnull(strstr(out, "</Transaction></Session>"));
	/* 1.2 with only a descriptor-level Poll: it goes to the Session. */
	ck_assert_int_eq(csp_msg_new(home, CSP_V12, "s", CSP_RESPONSE, "1", "Polling-Request", &m,
				     &prim), 0);
	m->trans->poll = CSP_T;
	out = build_ok(m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "</TransactionID></TransactionDescriptor>"));
	ck_assert_ptr_nonnull(strstr(out, "</Transaction><Poll>T</Poll></Session>"));
	m->trans->poll = CSP_F;
	out = build_ok(m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "</Transaction><Poll>F</Poll></Session>"));
	m->trans->poll = CSP_ABSENT;
	out = build_ok(m, NULL);
	ck_assert_ptr_null(strstr(out, "Poll>"));
}
END_TEST

START_TEST(version_hint_for_wbxml)
{
	char const *xml = "<WV-CSP-Message><Session><SessionDescriptor><SessionType>Outband"
			  "</SessionType></SessionDescriptor><Transaction><TransactionDescriptor>"
			  "<TransactionMode>Request</TransactionMode></TransactionDescriptor>"
			  "<TransactionContent><Polling-Request/></TransactionContent>"
			  "</Transaction></Session></WV-CSP-Message>";
	char const *ns13 = "<WV-CSP-Message xmlns='http://www.openmobilealliance.org/DTD/"
			   "IMPS-CSP1.3'><Session><SessionDescriptor><SessionType>Outband"
			   "</SessionType></SessionDescriptor><Transaction><TransactionDescriptor>"
			   "<TransactionMode>Request</TransactionMode></TransactionDescriptor>"
			   "<TransactionContent><Polling-Request/></TransactionContent>"
			   "</Transaction></Session></WV-CSP-Message>";
	struct csp_msg *m = NULL;
	struct csp_error err;

	ck_assert_str_eq(parse_fails(xml, strlen(xml), EBADMSG, &err), "no WV-CSP namespace");
	ck_assert_int_eq(csp_parse_xml_hint(home, xml, strlen(xml), CSP_V12, &m, &err), 0);
	ck_assert_int_eq(m->version, CSP_V12);
	ck_assert_str_eq(m->trans->content->name, "Polling-Request");
	/* An explicit WV namespace wins over the hint. */
	ck_assert_int_eq(csp_parse_xml_hint(home, ns13, strlen(ns13), CSP_V11, &m, &err), 0);
	ck_assert_int_eq(m->version, CSP_V13);
}
END_TEST

/* --- malformed input --- */

START_TEST(malformed_messages)
{
	static struct {
		char const *xml;
		char const *reason; /* a substring of the reason */
	} const rows[] = {
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>",
		 "no element found"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session></Sess>",
		 "mismatched tag"},
		{"<WV-CSP-Message xmlns='urn:not-wv'/>", "not in a WV-CSP namespace"},
		{"<Message xmlns='http://www.wireless-village.org/CSP1.1'/>",
		 "root element is Message, not WV-CSP-Message"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'/>",
		 "no Session element"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "</TransactionDescriptor><TransactionContent><Polling-Request/>"
		 "</TransactionContent></Transaction></Session><Session/></WV-CSP-Message>",
		 "more than one Session"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "</Session></WV-CSP-Message>",
		 "no Transaction element"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "</TransactionDescriptor><TransactionContent><Polling-Request/>"
		 "</TransactionContent></Transaction></Session></WV-CSP-Message>",
		 "no SessionDescriptor"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "</TransactionDescriptor><TransactionContent><Polling-Request/><Logout-Request/>"
		 "</TransactionContent></Transaction></Session></WV-CSP-Message>",
		 "more than one primitive in TransactionContent"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "</TransactionDescriptor><TransactionContent>  </TransactionContent>"
		 "</Transaction></Session></WV-CSP-Message>",
		 "empty TransactionContent"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionContent><Polling-Request/></TransactionContent>"
		 "</Transaction></Session></WV-CSP-Message>",
		 "no TransactionDescriptor"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "</TransactionDescriptor></Transaction></Session></WV-CSP-Message>",
		 "no TransactionContent"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Ask</TransactionMode>"
		 "</TransactionDescriptor><TransactionContent><Polling-Request/>"
		 "</TransactionContent></Transaction></Session></WV-CSP-Message>",
		 "TransactionMode is 'Ask'"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Sideband</SessionType></SessionDescriptor>"
		 "<Transaction/></Session></WV-CSP-Message>",
		 "SessionType is 'Sideband'"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType><SessionID>a</SessionID>"
		 "<SessionID>b</SessionID></SessionDescriptor></Session></WV-CSP-Message>",
		 "more than one SessionID in SessionDescriptor"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
		 "<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		 "<Poll>yes</Poll></TransactionDescriptor><TransactionContent><Polling-Request/>"
		 "</TransactionContent></Transaction></Session></WV-CSP-Message>",
		 "Poll is 'yes', not T or F"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		 "<x:SessionDescriptor xmlns:x='urn:x'/></Session></WV-CSP-Message>",
		 "no SessionDescriptor"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>"
		 "<p:Session/></WV-CSP-Message>",
		 "unbound prefix"},
		{"\x01", "not well-formed (invalid token)"},
		{"<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>&nbsp;"
		 "</WV-CSP-Message>",
		 "undefined entity"},
	};
	struct csp_error err;

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char const *reason = parse_fails(rows[i].xml, strlen(rows[i].xml), EBADMSG, &err);
		ck_assert_msg(strstr(reason, rows[i].reason) != NULL, "row %zu: reason '%s'", i,
			      reason);
		ck_assert_int_ge(err.line, 1);
	}
	/* Truncations of a real message all fail cleanly. */
	{
		size_t len;
		char *xml = slurp(SAMPLES "/spec-wv11-examples/wv-040.xml", &len);
		ck_assert_ptr_nonnull(xml);
		for (size_t cut = 1; cut < len - 2; cut += 7)
			parse_fails(xml, cut, EBADMSG, &err);
	}
}
END_TEST

START_TEST(error_line_numbers)
{
	struct csp_error err;
	char const *xml = "<?xml version='1.0'?>\n"
			  "<!DOCTYPE WV-CSP-Message PUBLIC 'a'\n 'b'>\n"
			  "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>\n"
			  "<Session>\n"
			  "<Bad attr=x/>\n";

	parse_fails(xml, strlen(xml), EBADMSG, &err);
	ck_assert_int_eq(err.line, 6);
	ck_assert_str_eq(err.reason, "not well-formed (invalid token)");
	xml = "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>\n<Session>\n"
	      "<SessionDescriptor>\n<SessionType>X</SessionType>\n</SessionDescriptor>";
	parse_fails(xml, strlen(xml), EBADMSG, &err);
	ck_assert_int_eq(err.line, 5);
	ck_assert_str_eq(err.reason, "SessionType is 'X'");
}
END_TEST

/* --- limits and hostile input --- */

static char *repeat(char const *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = su_alloc(home, u * n + 1);

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

START_TEST(limits)
{
	struct csp_error err;
	char *xml, *big;
	size_t n;

	/* Body size. */
	big = su_alloc(home, CSP_MAX_BODY + 2);
	memset(big, ' ', CSP_MAX_BODY + 1);
	big[CSP_MAX_BODY + 1] = '\0';
	ck_assert_ptr_nonnull(strstr(parse_fails(big, CSP_MAX_BODY + 1, E2BIG, &err), "exceeds"));
	/* Nesting 1000 deep. */
	xml = wrap12(su_sprintf(home, "<Status>%s%s</Status>", repeat("<a>", 1000),
				repeat("</a>", 1000)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err), "nesting deeper than 24");
	/* 24 deep is fine: root(1) .. Status(5) + 19. */
	xml = wrap12(su_sprintf(home, "<Status>%s%s</Status>", repeat("<a>", 19),
				repeat("</a>", 19)));
	parse_ok(xml);
	/* Element count: the envelope of wrap12 has 11 elements. */
	xml = wrap12(su_sprintf(home, "<Status>%s</Status>", repeat("<a/>", CSP_MAX_ELEMENTS)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err), "more than 8192 elements");
	xml = wrap12(su_sprintf(home, "<Status>%s</Status>",
				repeat("<a/>", CSP_MAX_ELEMENTS - 11)));
	parse_ok(xml);
	/* A 100k-character string, and one of exactly the limit in 2-byte
	 * characters (the limit counts characters, not bytes). */
	xml = wrap12(su_sprintf(home, "<Status><a>%s</a></Status>", repeat("x", 100000)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err),
			 "text longer than 65536 characters");
	xml = wrap12(su_sprintf(home, "<Status><a>%s</a></Status>",
				repeat("\xc3\xa9", CSP_MAX_STRING)));
	parse_ok(xml);
	/* The same limit around a child element, whose text is its own. */
	xml = wrap12(su_sprintf(home, "<Status><a>%s<b>%s</b>%s</a></Status>",
				repeat("\xc3\xa9", 40000), repeat("x", 60000),
				repeat("\xc3\xa9", CSP_MAX_STRING - 40000)));
	parse_ok(xml);
	xml = wrap12(su_sprintf(home, "<Status><a>%s<b>%s</b>%s</a></Status>",
				repeat("\xc3\xa9", 40000), repeat("x", 60000),
				repeat("\xc3\xa9", CSP_MAX_STRING - 40000 + 1)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err),
			 "text longer than 65536 characters");
	/* White space that trimming removes counts as well. */
	xml = wrap12(su_sprintf(home, "<Status><a>%s</a></Status>",
				repeat(" \n", CSP_MAX_STRING / 2 + 1)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err),
			 "text longer than 65536 characters");
	xml = wrap12(su_sprintf(home, "<Status><a>%s<b/>%sx</a></Status>",
				repeat(" ", 40000), repeat("\t", CSP_MAX_STRING - 40000)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err),
			 "text longer than 65536 characters");
	xml = wrap12(su_sprintf(home, "<Status><a>%s<b/>%sx</a></Status>",
				repeat(" ", 40000), repeat("\t", CSP_MAX_STRING - 40001)));
	ck_assert_str_eq(csp_node_text(parse_ok(xml)->trans->content, "a"), "x");
	/* Transactions. */
	n = CSP_MAX_TRANSACTIONS + 1;
	xml = su_sprintf(home,
			 "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
			 "<SessionDescriptor><SessionType>Inband</SessionType></SessionDescriptor>"
			 "%s</Session></WV-CSP-Message>",
			 repeat("<Transaction><TransactionDescriptor><TransactionMode>Request"
				"</TransactionMode></TransactionDescriptor><TransactionContent>"
				"<Polling-Request/></TransactionContent></Transaction>", n));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err), "more than 16 transactions");
	/* Namespace URI length. */
	xml = wrap12(su_sprintf(home, "<Status><x xmlns='urn:%s'/></Status>",
				repeat("a", CSP_MAX_NSURI)));
	ck_assert_str_eq(parse_fails(xml, strlen(xml), E2BIG, &err),
			 "namespace URI longer than 1024");
}
END_TEST

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(billion_laughs_is_refused_fast)
{
	struct csp_error err;
	char *decls = su_strdup(home, "<!ENTITY lol \"lol\">");
	char *xml;
	double t0;

	for (int i = 1; i <= 9; i++)
		decls = su_sprintf(home, "%s<!ENTITY lol%d \"%s\">", decls, i,
				   repeat(i == 1 ? "&lol;" : su_sprintf(home, "&lol%d;", i - 1), 10));
	xml = su_sprintf(home, "<?xml version=\"1.0\"?>\n<!DOCTYPE WV-CSP-Message [%s]>\n"
			 "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>&lol9;"
			 "</WV-CSP-Message>", decls);
	t0 = now();
	ck_assert_str_eq(parse_fails(xml, strlen(xml), EBADMSG, &err),
			 "DOCTYPE with an internal subset refused");
	ck_assert_int_eq(err.line, 2);
	ck_assert_msg(now() - t0 < 0.1, "took %.3f s", now() - t0);
}
END_TEST

/* UTF-16 text reaches expat with its DOCTYPE: the second line of defence
 * (expat handlers) must refuse the internal subset and skipped entities. */
static char *utf16(char const *ascii, size_t *lenp)
{
	size_t n = strlen(ascii);
	char *s = su_alloc(home, 2 * n + 2);

	s[0] = '\xff', s[1] = '\xfe'; /* BOM, little endian */
	for (size_t i = 0; i < n; i++)
		s[2 + 2 * i] = ascii[i], s[3 + 2 * i] = 0;
	*lenp = 2 * n + 2;
	return s;
}

START_TEST(utf16_doctype_goes_through_expat_handlers)
{
	struct csp_error err;
	size_t len;
	char *xml;

	xml = utf16("<!DOCTYPE x [<!ENTITY a 'b'>]><WV-CSP-Message xmlns="
		    "'http://www.wireless-village.org/CSP1.1'>&a;</WV-CSP-Message>", &len);
	ck_assert_str_eq(parse_fails(xml, len, EBADMSG, &err),
			 "DOCTYPE with an internal subset refused");
	xml = utf16("<!DOCTYPE x SYSTEM 'file:///etc/passwd'><WV-CSP-Message xmlns="
		    "'http://www.wireless-village.org/CSP1.1'>&a;</WV-CSP-Message>", &len);
	ck_assert_str_eq(parse_fails(xml, len, EBADMSG, &err), "entity reference refused (&a;)");
	/* A well-formed UTF-16 message parses. */
	xml = utf16("<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'><Session>"
		    "<SessionDescriptor><SessionType>Outband</SessionType></SessionDescriptor>"
		    "<Transaction><TransactionDescriptor><TransactionMode>Request"
		    "</TransactionMode></TransactionDescriptor><TransactionContent>"
		    "<Polling-Request/></TransactionContent></Transaction></Session>"
		    "</WV-CSP-Message>", &len);
	{
		struct csp_msg *m;
		ck_assert_int_eq(csp_parse_xml(home, xml, len, &m, &err), 0);
		ck_assert_int_eq(m->version, CSP_V11);
	}
}
END_TEST

START_TEST(external_entities_are_never_loaded)
{
	struct csp_error err;
	char dtd[] = "/tmp/iwf-csp-xxe-XXXXXX";
	int fd = mkstemp(dtd);
	char const *decl = "<!ENTITY leak \"LEAKED\">\n";
	char *xml;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, decl, strlen(decl)), (ssize_t)strlen(decl));
	close(fd);
	/* Classic XXE. */
	xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "
	      "\"file:///etc/passwd\">]>\n<WV-CSP-Message xmlns='http://www.wireless-village.org/"
	      "CSP1.1'>&xxe;</WV-CSP-Message>";
	parse_fails(xml, strlen(xml), EBADMSG, &err);
	/* An external DTD that would define the entity, if it were read. */
	xml = su_sprintf(home, "<!DOCTYPE WV-CSP-Message SYSTEM \"file://%s\">\n"
			 "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>"
			 "<Session>&leak;</Session></WV-CSP-Message>", dtd);
	ck_assert_ptr_nonnull(strstr(parse_fails(xml, strlen(xml), EBADMSG, &err),
				     "undefined entity"));
	/* Parameter entity reference to the same file. */
	xml = su_sprintf(home, "<!DOCTYPE WV-CSP-Message [<!ENTITY %% p SYSTEM \"file://%s\">%%p;]>"
			 "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>&leak;"
			 "</WV-CSP-Message>", dtd);
	parse_fails(xml, strlen(xml), EBADMSG, &err);
	unlink(dtd);
}
END_TEST

START_TEST(doctype_forms)
{
	struct csp_error err;
	char const *body = "<WV-CSP-Message xmlns='http://www.wireless-village.org/CSP1.1'>"
			   "<Session><SessionDescriptor><SessionType>Outband</SessionType>"
			   "</SessionDescriptor><Transaction><TransactionDescriptor>"
			   "<TransactionMode>Request</TransactionMode></TransactionDescriptor>"
			   "<TransactionContent><Polling-Request/></TransactionContent>"
			   "</Transaction></Session></WV-CSP-Message>";
	char *xml;

	parse_ok(su_sprintf(home, "\xef\xbb\xbf<?xml version='1.0'?><?pi x?><!-- > -->"
			    "<!DOCTYPE a PUBLIC \"-//x>y//EN\" 'u>v'>%s", body));
	parse_ok(su_sprintf(home, "<!DOCTYPE IMPS-CSP \"-//OMA//DTD IMPS-CSP 1.3//EN\">%s", body));
	parse_ok(su_sprintf(home, "<!DOCTYPE WV-CSP-Message>%s", body));
	xml = su_sprintf(home, "<!DOCTYPE WV-CSP-Message PUBLIC 'x' %s", body);
	parse_fails(xml, strlen(xml), EBADMSG, &err); /* '>' of the body ends it: junk follows */
	xml = "<!DOCTYPE WV-CSP-Message PUBLIC 'x";
	ck_assert_str_eq(parse_fails(xml, strlen(xml), EBADMSG, &err), "unterminated DOCTYPE");
	xml = su_sprintf(home, "<!DOCTYPE WV-CSP-Message []>%s", body);
	ck_assert_str_eq(parse_fails(xml, strlen(xml), EBADMSG, &err),
			 "DOCTYPE with an internal subset refused");
	xml = su_sprintf(home, "<!DOCTYPE a>\n<!-- -->\n<!DOCTYPE b>%s", body);
	ck_assert_str_eq(parse_fails(xml, strlen(xml), EBADMSG, &err), "more than one DOCTYPE");
	ck_assert_int_eq(err.line, 3);
}
END_TEST

START_TEST(bad_arguments)
{
	struct csp_msg *m;
	struct csp_error err;

	ck_assert_int_eq(csp_parse_xml(NULL, "x", 1, &m, &err), EINVAL);
	ck_assert_int_eq(csp_parse_xml(home, NULL, 1, &m, &err), EINVAL);
	ck_assert_int_eq(csp_parse_xml(home, "x", 1, NULL, &err), EINVAL);
	ck_assert_str_eq(parse_fails("", 0, EBADMSG, &err), "empty body");
	/* err may be NULL. */
	ck_assert_int_eq(csp_parse_xml(home, "<x", 2, &m, NULL), EBADMSG);
}
END_TEST

/* --- tables --- */

START_TEST(order_table)
{
	ck_assert_uint_gt(csp_order_table_len, 100);
	for (size_t i = 0; i < csp_order_table_len; i++) {
		struct csp_order_row const *r = &csp_order_table[i];

		if (i)
			ck_assert_msg(strcmp(csp_order_table[i - 1].parent, r->parent) < 0,
				      "table not sorted at %s", r->parent);
		ck_assert_uint_gt(r->n, 0);
		for (size_t j = 0; j < r->n; j++) {
			/* Ranks never go down; each name once; lookup finds it. */
			if (j)
				ck_assert_uint_ge(r->children[j].rank, r->children[j - 1].rank);
			for (size_t k = 0; k < j; k++)
				ck_assert_str_ne(r->children[k].name, r->children[j].name);
			ck_assert_uint_eq(csp_order_rank(r->parent, r->children[j].name),
					  r->children[j].rank);
		}
	}
	ck_assert_uint_eq(csp_order_rank("Login-Request", "UserID"), 0);
	ck_assert_uint_eq(csp_order_rank("Login-Request", "SessionCookie"), 6);
	ck_assert_uint_eq(csp_order_rank("NickList", "UserID"),
			  csp_order_rank("NickList", "NickName"));
	ck_assert_uint_eq(csp_order_rank("Login-Request", "Nope"), CSP_ORDER_UNKNOWN);
	ck_assert_uint_eq(csp_order_rank("PresenceSubList", "OnlineStatus"), CSP_ORDER_UNKNOWN);
	ck_assert_uint_eq(csp_order_rank("NoSuchParent", "UserID"), CSP_ORDER_UNKNOWN);
}
END_TEST

START_TEST(word_tables)
{
	struct csp_word const *tables[] = {csp_session_types, csp_modes, csp_bools};

	for (size_t t = 0; t < 3; t++) {
		size_t i;
		for (i = 0; tables[t][i].text; i++) {
			for (size_t k = 0; k < i; k++) {
				ck_assert_str_ne(tables[t][k].text, tables[t][i].text);
				ck_assert_int_ne(tables[t][k].value, tables[t][i].value);
			}
			ck_assert_int_eq(csp_word_value(tables[t], tables[t][i].text),
					 tables[t][i].value);
			ck_assert_str_eq(csp_word_text(tables[t], tables[t][i].value),
					 tables[t][i].text);
		}
		/* Unknown text and values reach the default row. */
		ck_assert_int_eq(csp_word_value(tables[t], "unknown"), tables[t][i].value);
		ck_assert_int_eq(csp_word_value(tables[t], NULL), tables[t][i].value);
		ck_assert_ptr_null(csp_word_text(tables[t], tables[t][i].value));
	}
}
END_TEST

/* --- suite --- */

static Suite *suite(void)
{
	Suite *s = suite_create("csp_xml");
	TCase *tc = tcase_create("samples");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_sample_parses);
	tcase_add_test(tc, every_sample_round_trips);
	tcase_add_test(tc, golden_files);
	tcase_add_test(tc, aosp_login_comes_out_in_dtd_order);
	tcase_add_test(tc, sort_rules);
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tolerant_input);
	tcase_add_test(tc, foreign_and_unknown_elements_are_kept);
	tcase_add_test(tc, text_is_escaped);
	tcase_add_test(tc, build_refuses_incomplete_messages);
	tcase_add_test(tc, versions_and_flags);
	tcase_add_test(tc, poll_placement_rules);
	tcase_add_test(tc, version_hint_for_wbxml);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, malformed_messages);
	tcase_add_test(tc, error_line_numbers);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, billion_laughs_is_refused_fast);
	tcase_add_test(tc, utf16_doctype_goes_through_expat_handlers);
	tcase_add_test(tc, external_entities_are_never_loaded);
	tcase_add_test(tc, doctype_forms);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("tables");
	tcase_add_test(tc, order_table);
	tcase_add_test(tc, word_tables);
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
