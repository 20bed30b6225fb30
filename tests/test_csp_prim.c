/* tests/test_csp_prim.c: typed primitives: tables, samples, errors, random round trips. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/csp_prim_int.h" /* descriptors, for the random generator */

static su_home_t *home;

static void setup(void)
{
	home = su_home_new(sizeof *home);
	ck_assert_ptr_nonnull(home);
}

static void teardown(void)
{
	su_home_unref(home);
}

/* --- helpers ----------------------------------------------------------- */

static char *read_path(char const *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	long len;
	char *buf;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = su_alloc(home, (size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = 0;
	fclose(f);
	*lenp = (size_t)len;
	return buf;
}

static struct csp_msg *load_sample(char const *rel)
{
	char path[1024];
	size_t len;
	char *buf;
	struct csp_msg *msg = NULL;
	struct csp_error err;

	snprintf(path, sizeof path, "%s/tests/data/samples/%s", SRCDIR, rel);
	buf = read_path(path, &len);
	ck_assert_msg(csp_parse_xml(home, buf, len, &msg, &err) == 0, "%s: line %d: %s", rel,
		      err.line, err.reason);
	return msg;
}

/* The primitive of a sample, typed; it must also survive to_node/from_node. */
static struct csp_prim *prim_of(char const *rel, enum csp_prim_type t)
{
	struct csp_msg *m = load_sample(rel);
	struct csp_prim *p = NULL, *q = NULL;
	struct csp_prim_error err = {0, NULL, ""};
	struct csp_node *n = NULL;
	int rc = csp_prim_from_node(home, m->trans->content, &p, &err);

	ck_assert_msg(rc == 0, "%s: %d %s", rel, rc, err.desc);
	ck_assert_int_eq(p->type, t);
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), 0);
	ck_assert_str_eq(n->name, m->trans->content->name);
	ck_assert_int_eq(csp_prim_from_node(home, n, &q, &err), 0);
	ck_assert_msg(csp_prim_equal(p, q), "%s: round trip differs", rel);
	return p;
}

/* Parses a primitive given as XML text inside a 1.2 envelope. */
static int prim_from_xml(char const *content, struct csp_prim **out, struct csp_prim_error *err)
{
	char const *head = "<WV-CSP-Message xmlns=\"http://www.openmobilealliance.org/DTD/"
		"WV-CSP1.2\"><Session><SessionDescriptor><SessionType>Inband</SessionType>"
		"<SessionID>s</SessionID></SessionDescriptor><Transaction>"
		"<TransactionDescriptor><TransactionMode>Request</TransactionMode>"
		"<TransactionID>1</TransactionID></TransactionDescriptor><TransactionContent "
		"xmlns=\"http://www.openmobilealliance.org/DTD/WV-TRC1.2\">";
	char const *tail = "</TransactionContent></Transaction></Session></WV-CSP-Message>";
	char *xml = su_sprintf(home, "%s%s%s", head, content, tail);
	struct csp_msg *m = NULL;
	struct csp_error e;

	ck_assert_msg(csp_parse_xml(home, xml, strlen(xml), &m, &e) == 0, "%s", e.reason);
	return csp_prim_from_node(home, m->trans->content, out, err);
}

static void expect_error(char const *content, int rc, int status, char const *desc)
{
	struct csp_prim *p = (void *)0x1;
	struct csp_prim_error err = {0, NULL, ""};

	ck_assert_int_eq(prim_from_xml(content, &p, &err), rc);
	ck_assert_ptr_eq(p, (void *)0x1);
	ck_assert_int_eq(err.status, status);
	ck_assert_str_eq(err.desc, desc);
}

/* --- tables ------------------------------------------------------------ */

START_TEST(prim_table_walk)
{
	for (int t = 1; t < CSP_PRIM_COUNT; t++) {
		char const *n = csp_prim_name(t);
		ck_assert_msg(n != NULL, "type %d has no row", t);
		ck_assert_int_eq(csp_prim_type_by_name(n), t);
		for (int u = 1; u < t; u++)
			ck_assert_str_ne(csp_prim_name(u), n);
		struct csp_prim *p = csp_prim_new(home, t);
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(p->type, t);
	}
	ck_assert_ptr_null(csp_prim_name(CSP_PRIM_UNKNOWN));
	ck_assert_ptr_null(csp_prim_name(CSP_PRIM_COUNT));
	ck_assert_int_eq(csp_prim_type_by_name("Search-Request"), CSP_PRIM_UNKNOWN);
	ck_assert_int_eq(csp_prim_type_by_name("login-request"), CSP_PRIM_UNKNOWN);
	ck_assert_int_eq(csp_prim_type_by_name(NULL), CSP_PRIM_UNKNOWN);
	ck_assert_ptr_null(csp_prim_new(home, CSP_PRIM_UNKNOWN));
}
END_TEST

START_TEST(func_table_walk)
{
	csp_func_set all = csp_func_all(), seen = 0;
	int n = 0;

	for (int i = 0; i < 64; i++) {
		csp_func_set bit = (csp_func_set)1 << i;
		char const *name = csp_func_name(bit);
		if (!(all & bit)) {
			ck_assert_ptr_null(name);
			continue;
		}
		n++;
		ck_assert_ptr_nonnull(name);
		ck_assert_uint_eq(csp_func_by_name(name), bit);
		ck_assert(!(seen & bit));
		seen |= bit;
	}
	ck_assert_int_eq(n, 50);
	ck_assert_uint_eq(csp_func_by_name("NOPE"), 0);
	ck_assert_uint_eq(csp_func_by_name(NULL), 0);
	ck_assert_ptr_null(csp_func_name(3)); /* two bits */
	ck_assert_uint_eq(csp_func_group("PresenceAuthFunc"),
			  csp_func_by_name("GETWL") | csp_func_by_name("REACT") |
			  csp_func_by_name("CAAUT") | csp_func_by_name("GETAUT"));
	ck_assert_uint_eq(csp_func_group("FundamentalFeat") | csp_func_group("PresenceFeat") |
			  csp_func_group("IMFeat") | csp_func_group("GroupFeat") |
			  csp_func_by_name("MF") | csp_func_by_name("MP") |
			  csp_func_by_name("MM") | csp_func_by_name("MG"), all);
	ck_assert_uint_eq(csp_func_group("Nothing"), 0);
}
END_TEST

/* --- every sample primitive is read and round-trips -------------------- */

START_TEST(all_samples)
{
	static char const *const dirs[] = {
		"spec-wv11-examples", "aosp-client_scripted-server_csp12",
		"aosp-client_scripted-server_csp13-4way",
		"movistar-colibria-client-templates_csp12",
	};
	int typed = 0, other = 0;

	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		char path[1024];
		DIR *dir;
		struct dirent *e;

		snprintf(path, sizeof path, "%s/tests/data/samples/%s", SRCDIR, dirs[d]);
		dir = opendir(path);
		ck_assert_msg(dir != NULL, "%s", path);
		while ((e = readdir(dir))) {
			char rel[512];
			size_t len;
			struct csp_msg *m;
			struct csp_error xerr;
			struct csp_prim *p;
			struct csp_prim_error err = {0, NULL, ""};
			char *buf;
			if (!strstr(e->d_name, ".xml"))
				continue;
			snprintf(rel, sizeof rel, "%s/tests/data/samples/%s/%s", SRCDIR, dirs[d],
				 e->d_name);
			buf = read_path(rel, &len);
			if (len == 0)
				continue; /* an empty HTTP answer */
			ck_assert_msg(csp_parse_xml(home, buf, len, &m, &xerr) == 0, "%s: %s", rel,
				      xerr.reason);
			for (struct csp_transaction *t = m->trans; t; t = t->next) {
				int rc = csp_prim_from_node(home, t->content, &p, &err);
				if (csp_prim_type_by_name(t->content->name) == CSP_PRIM_UNKNOWN) {
					ck_assert_int_eq(rc, ENOTSUP);
					ck_assert_str_eq(err.element, t->content->name);
					other++;
					continue;
				}
				ck_assert_msg(rc == 0, "%s: %s", rel, err.desc);
				snprintf(rel, sizeof rel, "%s/%s", dirs[d], e->d_name);
				prim_of(rel, p->type);
				typed++;
			}
		}
		closedir(dir);
	}
	ck_assert_int_ge(typed, 120);
	ck_assert_int_le(other, 3); /* Search-Request */
}
END_TEST

/* --- values from real traffic ------------------------------------------ */

START_TEST(aosp_login_out_of_order)
{
	struct csp_prim *p = prim_of("aosp-client_scripted-server_csp12/001-req.xml",
				     CSP_PRIM_LOGIN_REQUEST);
	struct csp_login_request *l = &p->u.login_request;

	ck_assert_str_eq(l->user_id, "wv:johndoe@imps.test");
	ck_assert(l->client_id.present);
	ck_assert_str_eq(l->client_id.url, "HeadlessImps");
	ck_assert_ptr_null(l->client_id.msisdn);
	ck_assert_int_eq(l->time_to_live, 7205);
	ck_assert_str_eq(l->session_cookie, "179546286894520580419340");
	ck_assert_str_eq(l->password, "secret1"); /* after SessionCookie on the wire */
	ck_assert_uint_eq(l->digest_schemas.n, 0);

	p = prim_of("aosp-client_scripted-server_csp13-4way/001-req.xml", CSP_PRIM_LOGIN_REQUEST);
	ck_assert_ptr_null(p->u.login_request.password);
	ck_assert_uint_eq(p->u.login_request.digest_schemas.n, 2);
	ck_assert_str_eq(p->u.login_request.digest_schemas.v[0], "MD5");
	ck_assert_str_eq(p->u.login_request.digest_schemas.v[1], "SHA");
	p = prim_of("aosp-client_scripted-server_csp13-4way/002-req.xml", CSP_PRIM_LOGIN_REQUEST);
	ck_assert_str_eq(p->u.login_request.digest_bytes, "fW96gGmNvaCiwJYpToYGLg==");

	p = prim_of("aosp-client_scripted-server_csp13-4way/001-rsp.xml", CSP_PRIM_LOGIN_RESPONSE);
	ck_assert_int_eq(p->u.login_response.result->code, 401);
	ck_assert_str_eq(p->u.login_response.result->description,
			 "Further authorization required");
	ck_assert_str_eq(p->u.login_response.nonce, "4f2a9c0e");
	ck_assert_str_eq(p->u.login_response.digest_schemas.v[0], "MD5");
	ck_assert_ptr_null(p->u.login_response.session_id);
	ck_assert_int_eq(p->u.login_response.keep_alive_time, -1);
	ck_assert_int_eq(p->u.login_response.capability_request, CSP_ABSENT);

	p = prim_of("spec-wv11-examples/wv-004.xml", CSP_PRIM_LOGIN_RESPONSE);
	ck_assert_str_eq(p->u.login_response.session_id, "im.user.com#48815@server.com");
	ck_assert_int_eq(p->u.login_response.keep_alive_time, 120);
	ck_assert_int_eq(p->u.login_response.capability_request, CSP_T);
}
END_TEST

START_TEST(capabilities_and_service)
{
	struct csp_prim *p;
	struct csp_capability_list *c;
	csp_func_set want;

	p = prim_of("movistar-colibria-client-templates_csp12/0375-ClientCapability-Request.xml",
		    CSP_PRIM_CLIENT_CAPABILITY_REQUEST);
	c = p->u.client_capability.capability_list;
	ck_assert_str_eq(p->u.client_capability.client_id.url,
			 "WV:InstantMessenger-1.0.2309.16485@COLIBRIA.PC-CLIENT");
	ck_assert_str_eq(c->client_type, "COMPUTER");
	ck_assert_str_eq(c->initial_delivery_method, "P");
	ck_assert_uint_eq(c->accepted_content_types.n, 7);
	ck_assert_str_eq(c->accepted_content_types.v[6], "image/jpg");
	ck_assert_str_eq(c->accepted_transfer_encodings.v[0], "BASE64");
	ck_assert_int_eq(c->accepted_content_length, 256000);
	ck_assert_int_eq(c->multi_trans, 1);
	ck_assert_int_eq(c->parser_size, 300000);
	ck_assert_str_eq(c->supported_cir_methods.v[0], "STCP");
	ck_assert_int_eq(c->udp_port, -1);
	ck_assert_int_eq(c->any_content, CSP_ABSENT);

	p = prim_of("aosp-client_scripted-server_csp13-4way/003-req.xml",
		    CSP_PRIM_CLIENT_CAPABILITY_REQUEST);
	ck_assert(!p->u.client_capability.client_id.present); /* none in 1.2/1.3 */
	c = p->u.client_capability.capability_list;
	ck_assert_int_eq(c->server_poll_min, 30);
	ck_assert_uint_eq(c->supported_cir_methods.n, 3);
	ck_assert_str_eq(c->supported_cir_methods.v[2], "SHTTP");

	p = prim_of("spec-wv11-examples/wv-012.xml", CSP_PRIM_CLIENT_CAPABILITY_RESPONSE);
	c = p->u.client_capability.capability_list;
	ck_assert_int_eq(c->udp_port, 91);
	ck_assert_str_eq(c->tcp_address, "100.100.100.100");
	ck_assert_int_eq(c->tcp_port, 98);
	ck_assert_uint_eq(c->supported_bearers.n, 3);
	ck_assert_str_eq(c->accepted_content_types.v[0], "text/plain; charset=us-ascii");

	/* "all of these features" in the request form */
	p = prim_of("movistar-colibria-client-templates_csp12/0383-Service-Request.xml",
		    CSP_PRIM_SERVICE_REQUEST);
	ck_assert(p->u.service_request.functions.present);
	ck_assert_uint_eq(p->u.service_request.functions.set,
			  csp_func_group("FundamentalFeat") | csp_func_group("PresenceFeat") |
			  csp_func_group("IMFeat") | csp_func_group("GroupFeat"));
	ck_assert_int_eq(p->u.service_request.all_functions_request, CSP_T);

	p = prim_of("aosp-client_scripted-server_csp13-4way/004-rsp.xml",
		    CSP_PRIM_SERVICE_RESPONSE);
	ck_assert(!p->u.service_response.functions.present);
	ck_assert(p->u.service_response.all_functions.present);
	want = csp_func_by_name("GETSPI") | csp_func_group("ContListFunc") |
		csp_func_by_name("GETWL") | csp_func_by_name("REACT") |
		csp_func_by_name("CAAUT") | csp_func_group("PresenceDeliverFunc") |
		csp_func_group("AttListFunc") | csp_func_by_name("MDELIV") |
		csp_func_by_name("NEWM") | csp_func_group("IMAuthFunc");
	ck_assert_uint_eq(p->u.service_response.all_functions.set, want);

	p = prim_of("spec-wv11-examples/wv-010.xml", CSP_PRIM_SERVICE_RESPONSE);
	ck_assert_uint_eq(p->u.service_response.functions.set, csp_func_group("SearchFunc"));
	ck_assert(p->u.service_response.all_functions.present);
	ck_assert_uint_eq(p->u.service_response.all_functions.set, 0);
}
END_TEST

START_TEST(status_and_session)
{
	struct csp_prim *p = prim_of("spec-wv11-examples/wv-001.xml", CSP_PRIM_STATUS);
	struct csp_result *r = p->u.status.result;

	ck_assert_int_eq(r->code, 201);
	ck_assert_str_eq(r->description, "Partially successful.");
	ck_assert_uint_eq(r->details.n, 2);
	ck_assert_int_eq(r->details.v[0].code, 531);
	ck_assert_uint_eq(r->details.v[0].user_ids.n, 2);
	ck_assert_str_eq(r->details.v[0].user_ids.v[1], "wv:bad_user2@im.com");
	ck_assert_int_eq(r->details.v[1].code, 532);
	ck_assert_str_eq(r->details.v[1].description, "Blocked.");

	p = prim_of("spec-wv11-examples/wv-015.xml", CSP_PRIM_DISCONNECT);
	ck_assert_int_eq(p->u.disconnect.result->code, 601);
	p = prim_of("spec-wv11-examples/wv-016.xml", CSP_PRIM_KEEPALIVE_REQUEST);
	p = prim_of("spec-wv11-examples/wv-017.xml", CSP_PRIM_KEEPALIVE_RESPONSE);
	ck_assert_int_eq(p->u.keepalive_response.keep_alive_time, 120);
	prim_of("movistar-colibria-client-templates_csp12/0474-Polling-Request.xml",
		CSP_PRIM_POLLING_REQUEST);
	prim_of("aosp-client_scripted-server_csp13-4way/022-req.xml", CSP_PRIM_LOGOUT_REQUEST);
}
END_TEST

START_TEST(presence_samples)
{
	struct csp_prim *p;
	struct csp_presence *pr;

	p = prim_of("spec-wv11-examples/wv-040.xml", CSP_PRIM_PRESENCE_NOTIFICATION_REQUEST);
	ck_assert_uint_eq(p->u.presence_notification.presences.n, 1);
	pr = &p->u.presence_notification.presences.v[0];
	ck_assert_str_eq(pr->user_id, "wv:he@there.com");
	ck_assert_ptr_null(pr->contact_list);
	ck_assert_uint_eq(pr->sub_lists.n, 1);
	ck_assert_int_eq(pr->sub_lists.v[0]->mood, IMPS_MOOD_SLEEPY);
	ck_assert_uint_eq(pr->sub_lists.v[0]->comm_cap.n, 3);

	/* AOSP puts PresenceSubList before ContactList */
	p = prim_of("aosp-client_scripted-server_csp13-4way/010-req.xml",
		    CSP_PRIM_SUBSCRIBE_PRESENCE_REQUEST);
	ck_assert_uint_eq(p->u.subscribe_presence.users.n, 0);
	ck_assert_uint_eq(p->u.subscribe_presence.contact_lists.n, 1);
	ck_assert_str_eq(p->u.subscribe_presence.contact_lists.v[0], "wv:johndoe/friends@imps.test");
	ck_assert(p->u.subscribe_presence.attrs.present);
	ck_assert_uint_eq(p->u.subscribe_presence.attrs.set,
			  IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) |
			  IMPS_ATTR_BIT(IMPS_ATTR_CLIENT_INFO) |
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY));
	ck_assert_int_eq(p->u.subscribe_presence.auto_subscribe, CSP_T);

	p = prim_of("spec-wv11-examples/wv-046.xml", CSP_PRIM_GET_PRESENCE_REQUEST);
	ck_assert_uint_eq(p->u.get_presence_request.users.n, 2);
	ck_assert_str_eq(p->u.get_presence_request.users.v[1].user_id, "wv:she@there.com");
	ck_assert_uint_eq(p->u.get_presence_request.attrs.set,
			  IMPS_ATTR_SET_ALL & ~IMPS_ATTR_BIT(IMPS_ATTR_INFO_LINK));

	p = prim_of("aosp-client_scripted-server_csp13-4way/005-req.xml",
		    CSP_PRIM_GET_PRESENCE_REQUEST);
	ck_assert(!p->u.get_presence_request.attrs.present); /* all attributes */

	p = prim_of("aosp-client_scripted-server_csp13-4way/005-rsp.xml",
		    CSP_PRIM_GET_PRESENCE_RESPONSE);
	ck_assert_int_eq(p->u.get_presence_response.result->code, 200);
	ck_assert_str_eq(p->u.get_presence_response.presences.v[0].sub_lists.v[0]->status_text,
			 "at my desk");

	p = prim_of("movistar-colibria-client-templates_csp12/0391-UpdatePresence-Request.xml",
		    CSP_PRIM_UPDATE_PRESENCE_REQUEST);
	ck_assert_int_eq(p->u.update_presence_request.pres->client_info.type,
			 IMPS_CLIENT_COMPUTER);
	ck_assert_uint_eq(p->u.update_presence_request.pres->h[IMPS_ATTR_CLIENT_INFO].ext.n, 1);

	p = prim_of("spec-wv11-examples/wv-048.xml", CSP_PRIM_PRESENCE_AUTH_REQUEST);
	ck_assert_str_eq(p->u.presence_auth_request.user_id, "wv:matthias@salamander.com");
	ck_assert(p->u.presence_auth_request.attrs.present);
	p = prim_of("movistar-colibria-client-templates_csp12/0559-PresenceAuth-User.xml",
		    CSP_PRIM_PRESENCE_AUTH_USER);
	ck_assert_int_eq(p->u.presence_auth_user.acceptance, CSP_T);
	ck_assert(!p->u.presence_auth_user.attrs.present);
	p = prim_of("movistar-colibria-client-templates_csp12/0609-CancelAuth-Request.xml",
		    CSP_PRIM_CANCEL_AUTH_REQUEST);
	ck_assert_str_eq(p->u.cancel_auth_request.user_id, "{contact}");

	p = prim_of("spec-wv11-examples/wv-094.xml", CSP_PRIM_CREATE_ATTRIBUTE_LIST_REQUEST);
	ck_assert_uint_eq(p->u.create_attribute_list.attrs.set,
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY) |
			  IMPS_ATTR_BIT(IMPS_ATTR_STATUS_MOOD));
	ck_assert_uint_eq(p->u.create_attribute_list.user_ids.n, 2);
	ck_assert_uint_eq(p->u.create_attribute_list.contact_lists.n, 2);
	ck_assert_int_eq(p->u.create_attribute_list.default_list, CSP_T);

	p = prim_of("spec-wv11-examples/wv-099.xml", CSP_PRIM_GET_ATTRIBUTE_LIST_RESPONSE);
	ck_assert(p->u.get_attribute_list_response.default_attribute_list.present);
	ck_assert_uint_eq(p->u.get_attribute_list_response.default_attribute_list.set,
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY) |
			  IMPS_ATTR_BIT(IMPS_ATTR_STATUS_MOOD));
	ck_assert_uint_eq(p->u.get_attribute_list_response.presences.n, 4);
	ck_assert_str_eq(p->u.get_attribute_list_response.presences.v[3].contact_list,
			 "wv:john/My_family@smith.com");
	ck_assert_uint_eq(imps_pres_attrs(p->u.get_attribute_list_response.presences.v[0]
					  .sub_lists.v[0]),
			  IMPS_ATTR_BIT(IMPS_ATTR_ONLINE_STATUS) |
			  IMPS_ATTR_BIT(IMPS_ATTR_USER_AVAILABILITY) |
			  IMPS_ATTR_BIT(IMPS_ATTR_STATUS_TEXT) |
			  IMPS_ATTR_BIT(IMPS_ATTR_STATUS_MOOD));
}
END_TEST

START_TEST(list_samples)
{
	struct csp_prim *p;
	struct csp_block_list *b;

	p = prim_of("spec-wv11-examples/wv-081.xml", CSP_PRIM_GET_LIST_RESPONSE);
	ck_assert_uint_eq(p->u.get_list_response.contact_lists.n, 4);
	ck_assert_str_eq(p->u.get_list_response.default_contact_list,
			 "wv:john/My_enemies@smith.com");

	p = prim_of("spec-wv11-examples/wv-082.xml", CSP_PRIM_CREATE_LIST_REQUEST);
	ck_assert_uint_eq(p->u.create_list_request.nick_list->nick_names.n, 2);
	ck_assert_str_eq(p->u.create_list_request.nick_list->nick_names.v[1].name,
			 "Randall the Vandal");
	ck_assert_uint_eq(p->u.create_list_request.properties->v.n, 2);
	ck_assert_str_eq(p->u.create_list_request.properties->v.v[0].name, "DisplayName");
	ck_assert_str_eq(p->u.create_list_request.properties->v.v[1].value, "F");

	p = prim_of("spec-wv11-examples/wv-086.xml", CSP_PRIM_LIST_MANAGE_REQUEST);
	ck_assert_ptr_null(p->u.list_manage_request.add_nick_list);
	ck_assert_int_eq(p->u.list_manage_request.receive_list, CSP_ABSENT);
	p = prim_of("spec-wv11-examples/wv-090.xml", CSP_PRIM_LIST_MANAGE_REQUEST);
	ck_assert_uint_eq(p->u.list_manage_request.remove_nick_list.n, 2);
	ck_assert_str_eq(p->u.list_manage_request.remove_nick_list.v[1], "wv:jenny@logic.com");
	p = prim_of("movistar-colibria-client-templates_csp12/0515-ListManage-Request.xml",
		    CSP_PRIM_LIST_MANAGE_REQUEST);
	ck_assert_uint_eq(p->u.list_manage_request.add_nick_list->nick_names.n, 1);
	ck_assert_int_eq(p->u.list_manage_request.receive_list, CSP_T);

	p = prim_of("aosp-client_scripted-server_csp13-4way/009-rsp.xml",
		    CSP_PRIM_LIST_MANAGE_RESPONSE);
	ck_assert_str_eq(p->u.list_manage_response.nick_list->nick_names.v[0].user_id,
			 "wv:alice@imps.test");
	ck_assert_str_eq(p->u.list_manage_response.properties->v.v[1].name, "Default");

	p = prim_of("spec-wv11-examples/wv-077.xml", CSP_PRIM_GET_BLOCKED_LIST_RESPONSE);
	b = p->u.blocked_lists.block_list;
	ck_assert_int_eq(b->in_use, CSP_F);
	ck_assert_uint_eq(b->entity_list->user_ids.n, 2);
	ck_assert_str_eq(b->entity_list->screen_names.v[0].sname, "Billyboy");
	ck_assert_str_eq(b->entity_list->group_ids.v[0], "wv:/boringlist@server.com");
	ck_assert_int_eq(p->u.blocked_lists.grant_list->in_use, CSP_T);

	/* <InUse /> and <AddList /> empty */
	p = prim_of("spec-wv11-examples/wv-078.xml", CSP_PRIM_BLOCK_ENTITY_REQUEST);
	b = p->u.blocked_lists.block_list;
	ck_assert_int_eq(b->in_use, CSP_T);
	ck_assert_ptr_nonnull(b->add_list);
	ck_assert_uint_eq(b->add_list->user_ids.n, 0);
	ck_assert_str_eq(b->remove_list->user_ids.v[0], "wv:matthias@salamander.com");
	b = p->u.blocked_lists.grant_list;
	ck_assert_int_eq(b->in_use, CSP_ABSENT);
	ck_assert_str_eq(b->add_list->user_ids.v[0], "wv:matthias@salamander.com");
	ck_assert_ptr_nonnull(b->remove_list);
}
END_TEST

START_TEST(im_samples)
{
	struct csp_prim *p;
	struct csp_message_info *mi;

	p = prim_of("spec-wv11-examples/wv-056.xml", CSP_PRIM_SEND_MESSAGE_REQUEST);
	ck_assert_int_eq(p->u.send_message_request.delivery_report, CSP_T);
	mi = p->u.send_message_request.message_info;
	ck_assert_str_eq(mi->content_type, "text/plain");
	ck_assert_str_eq(mi->content_encoding, "None");
	ck_assert_int_eq(mi->content_size, 58);
	ck_assert_uint_eq(mi->recipient->users.n, 1);
	ck_assert_str_eq(mi->recipient->users.v[0].user_id, "wv:he@there.com");
	ck_assert_uint_eq(mi->recipient->groups.n, 1);
	ck_assert_str_eq(mi->recipient->groups.v[0].screen_name->sname, "Wicked Vicky");
	ck_assert_str_eq(mi->recipient->contact_lists.v[0], "wv:john/My_friends@smith.com");
	ck_assert_str_eq(mi->sender->user->user_id, "wv:john@smith.com");
	ck_assert_ptr_null(mi->sender->group);
	ck_assert_str_eq(mi->date_time, "20010925T1340Z");
	ck_assert_int_eq(mi->validity, 600);
	ck_assert_str_eq(p->u.send_message_request.content_data,
			 "Hurry up; they are ringing the bells in the WV already...");

	/* AOSP: Recipient and Sender before ContentType and ContentSize */
	p = prim_of("aosp-client_scripted-server_csp13-4way/014-req.xml",
		    CSP_PRIM_SEND_MESSAGE_REQUEST);
	mi = p->u.send_message_request.message_info;
	ck_assert_int_eq(mi->content_size, 31);
	ck_assert_str_eq(mi->recipient->users.v[0].user_id, "wv:alice@imps.test");
	ck_assert_int_eq(mi->validity, -1);
	ck_assert_ptr_null(mi->message_id);

	p = prim_of("spec-wv11-examples/wv-057.xml", CSP_PRIM_SEND_MESSAGE_RESPONSE);
	ck_assert_str_eq(p->u.send_message_response.message_id, "0x0000f132");
	p = prim_of("aosp-client_scripted-server_csp13-4way/015-rsp.xml", CSP_PRIM_NEW_MESSAGE);
	ck_assert_str_eq(p->u.message.message_info->message_id, "m2");
	ck_assert_str_eq(p->u.message.content_data, "hi johndoe");
	p = prim_of("aosp-client_scripted-server_csp13-4way/017-req.xml",
		    CSP_PRIM_MESSAGE_DELIVERED);
	ck_assert_str_eq(p->u.message_id.message_id, "m2");
	p = prim_of("spec-wv11-examples/wv-058.xml", CSP_PRIM_SET_DELIVERY_METHOD_REQUEST);
	ck_assert_str_eq(p->u.set_delivery_method_request.delivery_method, "P");
	ck_assert_int_eq(p->u.set_delivery_method_request.accepted_content_length, 2048);
	p = prim_of("spec-wv11-examples/wv-060.xml", CSP_PRIM_GET_MESSAGE_LIST_REQUEST);
	ck_assert_int_eq(p->u.get_message_list_request.message_count, 5);
	p = prim_of("spec-wv11-examples/wv-061.xml", CSP_PRIM_GET_MESSAGE_LIST_RESPONSE);
	ck_assert_uint_eq(p->u.get_message_list_response.message_infos.n, 2);
	ck_assert_str_eq(p->u.get_message_list_response.message_infos.v[1].sender->group
			 ->screen_name->sname, "Wicked Vicky");
	p = prim_of("spec-wv11-examples/wv-064.xml", CSP_PRIM_MESSAGE_NOTIFICATION);
	ck_assert_int_eq(p->u.message_notification.message_info->content_size, 189);
	p = prim_of("spec-wv11-examples/wv-067.xml", CSP_PRIM_GET_MESSAGE_RESPONSE);
	p = prim_of("spec-wv11-examples/wv-072.xml", CSP_PRIM_DELIVERY_REPORT_REQUEST);
	ck_assert_str_eq(p->u.delivery_report_request.delivery_time, "20010925T1341Z");
	ck_assert_int_eq(p->u.delivery_report_request.result->code, 200);
}
END_TEST

/* --- refusals ------------------------------------------------------------ */

START_TEST(missing_and_invalid)
{
	expect_error("<Login-Request><ClientID><URL>c</URL></ClientID>"
		     "<SessionCookie>x</SessionCookie></Login-Request>",
		     EPROTO, 402, "Missing UserID in Login-Request");
	expect_error("<Login-Request><UserID>u</UserID><ClientID><URL>c</URL></ClientID>"
		     "<TimeToLive>abc</TimeToLive><SessionCookie>x</SessionCookie>"
		     "</Login-Request>", EPROTO, 402, "Invalid TimeToLive in Login-Request");
	expect_error("<Login-Request><UserID>u</UserID><ClientID><URL>c</URL></ClientID>"
		     "<TimeToLive>2147483648</TimeToLive><SessionCookie>x</SessionCookie>"
		     "</Login-Request>", EPROTO, 402, "Invalid TimeToLive in Login-Request");
	expect_error("<Login-Request><UserID>u</UserID><ClientID><URL>c</URL></ClientID>"
		     "<TimeToLive>-5</TimeToLive><SessionCookie>x</SessionCookie>"
		     "</Login-Request>", EPROTO, 402, "Invalid TimeToLive in Login-Request");
	expect_error("<Login-Request><UserID>u</UserID><SessionCookie>x</SessionCookie>"
		     "</Login-Request>", EPROTO, 402, "Missing ClientID in Login-Request");
	expect_error("<Status/>", EPROTO, 402, "Missing Result in Status");
	expect_error("<Status><Result><Code>2000</Code></Result></Status>", EPROTO, 402,
		     "Invalid Code in Result");
	expect_error("<Status><Result><Description>x</Description></Result></Status>", EPROTO,
		     402, "Missing Code in Result");
	expect_error("<SendMessage-Request><DeliveryReport>yes</DeliveryReport><MessageInfo>"
		     "<ContentSize>1</ContentSize><Recipient/><Sender><User><UserID>a</UserID>"
		     "</User></Sender></MessageInfo></SendMessage-Request>", EPROTO, 402,
		     "Invalid DeliveryReport in SendMessage-Request");
	expect_error("<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo>"
		     "<Recipient/><Sender><User><UserID>a</UserID></User></Sender></MessageInfo>"
		     "</SendMessage-Request>", EPROTO, 402, "Missing ContentSize in MessageInfo");
	expect_error("<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo>"
		     "<ContentSize>1</ContentSize><Recipient/><Sender/></MessageInfo>"
		     "</SendMessage-Request>", EPROTO, 402, "Missing User or Group in Sender");
	expect_error("<SendMessage-Request><DeliveryReport/><MessageInfo>"
		     "<ContentSize>1</ContentSize><Recipient/><Sender><User><UserID>a</UserID>"
		     "</User></Sender></MessageInfo></SendMessage-Request>", EPROTO, 402,
		     "Invalid DeliveryReport in SendMessage-Request");
	expect_error("<UpdatePresence-Request><PresenceSubList><UserAvailability><Qualifier>T"
		     "</Qualifier><PresenceValue>BUSY</PresenceValue></UserAvailability>"
		     "</PresenceSubList></UpdatePresence-Request>", EPROTO, 751,
		     "Invalid presence value: UserAvailability");
	expect_error("<UpdatePresence-Request/>", EPROTO, 402,
		     "Missing PresenceSubList in UpdatePresence-Request");
	expect_error("<GetPresence-Request><PresenceSubList/></GetPresence-Request>", EPROTO,
		     402, "Missing User or ContactList in GetPresence-Request");
	expect_error("<PresenceNotification-Request/>", EPROTO, 402,
		     "Missing Presence in PresenceNotification-Request");
	expect_error("<PresenceNotification-Request><Presence/></PresenceNotification-Request>",
		     EPROTO, 402, "Missing UserID or ContactList in Presence");
	expect_error("<PresenceAuth-User><UserID>a</UserID><Acceptance>maybe</Acceptance>"
		     "</PresenceAuth-User>", EPROTO, 402,
		     "Invalid Acceptance in PresenceAuth-User");
	expect_error("<RejectMessage-Request/>", EPROTO, 402,
		     "Missing MessageID in RejectMessage-Request");
	expect_error("<ListManage-Request><AddNickList><NickName><Name>n</Name></NickName>"
		     "</AddNickList></ListManage-Request>", EPROTO, 402,
		     "Missing ContactList in ListManage-Request");
	expect_error("<ListManage-Request><ContactList>l</ContactList><AddNickList><NickName>"
		     "<Name>n</Name></NickName></AddNickList></ListManage-Request>", EPROTO, 402,
		     "Missing UserID in NickName");
}
END_TEST

START_TEST(tolerated_input)
{
	struct csp_prim *p = NULL;
	struct csp_prim_error err;

	/* white space and case in T/F and numbers; unknown children ignored */
	ck_assert_int_eq(prim_from_xml("<KeepAlive-Request><TimeToLive> 300\n</TimeToLive>"
				       "<Vendor>x</Vendor></KeepAlive-Request>", &p, &err), 0);
	ck_assert_int_eq(p->u.keepalive_request.time_to_live, 300);
	ck_assert_int_eq(prim_from_xml("<PresenceAuth-User><Acceptance> f </Acceptance>"
				       "<UserID>wv:a@b</UserID></PresenceAuth-User>", &p, &err), 0);
	ck_assert_int_eq(p->u.presence_auth_user.acceptance, CSP_F);
	/* an empty optional T/F element is absent, an empty mandatory one is not */
	ck_assert_int_eq(prim_from_xml("<SubscribePresence-Request><AutoSubscribe/>"
				       "</SubscribePresence-Request>", &p, &err), 0);
	ck_assert_int_eq(p->u.subscribe_presence.auto_subscribe, CSP_ABSENT);
	/* 1.3 spellings */
	ck_assert_int_eq(prim_from_xml("<GetPresence-Request><UserIDList><UserID>a</UserID>"
				       "<UserID>b</UserID></UserIDList></GetPresence-Request>",
				       &p, &err), 0);
	ck_assert_uint_eq(p->u.get_presence_request.user_id_list.n, 2);
	ck_assert_str_eq(p->u.get_presence_request.user_id_list.v[1], "b");
	ck_assert_int_eq(prim_from_xml("<ClientCapability-Response><AgreedCapabilityList>"
				       "<CIRHTTPAddress><URL>http://x/cir</URL></CIRHTTPAddress>"
				       "<AcceptedCharset>106</AcceptedCharset>"
				       "</AgreedCapabilityList></ClientCapability-Response>",
				       &p, &err), 0);
	ck_assert_ptr_null(p->u.client_capability.capability_list);
	ck_assert_str_eq(p->u.client_capability.agreed->cir_http_address->url, "http://x/cir");
	ck_assert_str_eq(p->u.client_capability.agreed->accepted_charsets.v[0], "106");
	/* a login without SessionCookie (optional after 1.1) */
	ck_assert_int_eq(prim_from_xml("<Login-Request><UserID>harry</UserID><ClientID><MSISDN>"
				       "+358401</MSISDN></ClientID><Password>p</Password>"
				       "</Login-Request>", &p, &err), 0);
	ck_assert_ptr_null(p->u.login_request.session_cookie);
	ck_assert_str_eq(p->u.login_request.client_id.msisdn, "+358401");
	/* a ClientID with bare text (lenient clients) */
	ck_assert_int_eq(prim_from_xml("<Status><Result><Code>200</Code></Result>"
				       "<ClientID>phone-1</ClientID></Status>", &p, &err), 0);
	ck_assert_str_eq(p->u.status.client_id.text, "phone-1");
	ck_assert_ptr_null(p->u.status.client_id.url);
}
END_TEST

START_TEST(unsupported_and_limits)
{
	struct csp_prim *p = (void *)0x1;
	struct csp_prim_error err;
	struct csp_node *n;
	char *many;
	size_t len = 0;

	expect_error("<Search-Request><SearchLimit>5</SearchLimit></Search-Request>", ENOTSUP,
		     501, "Search-Request not implemented");
	n = csp_node_add(home, NULL, "Status");
	n->ns = "http://vendor.example/";
	ck_assert_int_eq(csp_prim_from_node(home, n, &p, &err), ENOTSUP);
	ck_assert_int_eq(csp_prim_from_node(home, NULL, &p, &err), EINVAL);
	ck_assert_ptr_eq(p, (void *)0x1);

	many = su_alloc(home, 40 * (CSP_PRIM_MAX_REPEAT + 1) + 64);
	len += sprintf(many + len, "<RejectMessage-Request>");
	for (int i = 0; i <= CSP_PRIM_MAX_REPEAT; i++)
		len += sprintf(many + len, "<MessageID>m%d</MessageID>", i);
	sprintf(many + len, "</RejectMessage-Request>");
	expect_error(many, E2BIG, 400, "Too many MessageID in RejectMessage-Request");
}
END_TEST

START_TEST(put_refusals)
{
	struct csp_prim *p = csp_prim_new(home, CSP_PRIM_LOGIN_REQUEST);
	struct csp_node *n;
	struct csp_capability_list *c;

	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), EINVAL); /* no UserID */
	p->u.login_request.user_id = "wv:harry@mno1.example";
	p->u.login_request.client_id.present = 1;
	p->u.login_request.client_id.url = "c";
	p->u.login_request.session_cookie = "k";
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), 0);
	ck_assert_ptr_null(csp_node_find(n, "TimeToLive")); /* -1: absent */
	p->u.login_request.time_to_live = -7;
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), EINVAL);

	p = csp_prim_new(home, CSP_PRIM_CLIENT_CAPABILITY_RESPONSE);
	c = p->u.client_capability.capability_list =
		csp_struct_new(home, &csp_desc_capability_list);
	c->udp_port = 70000;
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), EINVAL);
	c->udp_port = 65535;
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), 0);
	ck_assert_str_eq(csp_node_text(csp_node_find(n, "CapabilityList"), "UDPPort"), "65535");

	p = csp_prim_new(home, CSP_PRIM_STATUS);
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), EINVAL);
	p->u.status.result = csp_result_new(home, 200, "Successful");
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), 0);
	ck_assert_str_eq(csp_node_text(csp_node_find(n, "Result"), "Code"), "200");
	p->type = CSP_PRIM_UNKNOWN;
	ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), EINVAL);
}
END_TEST

/* Harry's server answers a login: the message built from the typed
 * struct is the XML a client expects. */
START_TEST(build_login_response_message)
{
	struct csp_prim *p = csp_prim_new(home, CSP_PRIM_LOGIN_RESPONSE), *q = NULL;
	struct csp_msg *m = NULL, *back = NULL;
	struct csp_error xe;
	char *xml;
	size_t len;

	p->u.login_response.client_id.present = 1;
	p->u.login_response.client_id.url = "HeadlessImps";
	p->u.login_response.result = csp_result_new(home, 200, "Logged in");
	p->u.login_response.session_id = "sess-0001@imps.test";
	p->u.login_response.keep_alive_time = 60;
	p->u.login_response.capability_request = CSP_T;
	ck_assert_int_eq(csp_prim_msg_new(home, CSP_V12, NULL, CSP_RESPONSE, "1", p, &m), 0);
	ck_assert_int_eq(csp_build_xml(home, m, &xml, &len), 0);
	ck_assert_ptr_nonnull(strstr(xml, "<Login-Response><ClientID><URL>HeadlessImps</URL>"
				     "</ClientID><Result><Code>200</Code><Description>Logged in"
				     "</Description></Result><SessionID>sess-0001@imps.test"
				     "</SessionID><KeepAliveTime>60</KeepAliveTime>"
				     "<CapabilityRequest>T</CapabilityRequest></Login-Response>"));
	ck_assert_int_eq(csp_parse_xml(home, xml, len, &back, &xe), 0);
	ck_assert_int_eq(csp_prim_from_node(home, back->trans->content, &q, NULL), 0);
	ck_assert(csp_prim_equal(p, q));
}
END_TEST

/* --- property: random primitives, driven by the descriptors -------------- */

static uint64_t prng_state;

static uint64_t prng(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(prng() % n);
}

/* Strings the XML path keeps as they are: valid UTF-8, no leading or
 * trailing space. */
static char const *rnd_text(int allow_empty)
{
	static char const *const pieces[] = {
		"a", "Z", "0", "9", ":", "@", "/", ".", "_", "-", "<", ">", "&", "'", "\"",
		"\xc3\xa9", "\xe2\x82\xac",
	};
	char buf[64] = "";
	unsigned n;

	if (allow_empty && below(8) == 0)
		return "";
	n = 1 + below(12);
	for (unsigned i = 0; i < n; i++) {
		strcat(buf, pieces[below(sizeof pieces / sizeof pieces[0])]);
		if (i + 1 < n && below(6) == 0)
			strcat(buf, " ");
	}
	return su_strdup(home, buf);
}

static struct imps_pres *rnd_pres(void)
{
	struct imps_pres *p = imps_pres_new(home);

	for (int a = 0; a < IMPS_ATTR_COUNT; a++) {
		if (below(4))
			continue;
		p->h[a].present = 1;
		p->h[a].qualifier = (enum csp_bool)((int)below(3) - 1);
	}
	p->online_status = below(2) ? CSP_T : CSP_F;
	p->status_text = rnd_text(0);
	p->availability = IMPS_AVAIL_DISCREET;
	p->comm_cap.n = 1;
	p->comm_cap.v = su_zalloc(home, sizeof *p->comm_cap.v);
	p->comm_cap.v[0].cap = "IM";
	p->comm_cap.v[0].status = IMPS_CSTATUS_OPEN;
	return p;
}

static void rnd_struct(struct csp_desc const *d, void *s, int depth);

static void rnd_field(struct csp_field const *f, void *s, int depth)
{
	int req = f->flags & CSP_FL_REQ;
	char *p = (char *)s + f->off;

	switch (f->type) {
	case CSP_F_STR:
		if (req || below(3))
			*(char const **)p = rnd_text(1);
		break;
	case CSP_F_BOOL:
		*(enum csp_bool *)p = req ? (enum csp_bool)below(2) : (enum csp_bool)((int)below(3) - 1);
		break;
	case CSP_F_UINT:
		*(long *)p = (!req && below(3) == 0) ? -1
			: below(2) ? (long)below(1000) : (long)(prng() % (f->max + 1));
		break;
	case CSP_F_STRS: {
		struct csp_strs *v = (struct csp_strs *)p;
		v->n = below(3) + (req ? 1 : 0);
		v->v = su_zalloc(home, (v->n + 1) * sizeof *v->v);
		for (size_t i = 0; i < v->n; i++)
			v->v[i] = rnd_text(1);
		break;
	}
	case CSP_F_CID: {
		struct imps_client_id *id = (struct imps_client_id *)p;
		if (!req && below(2))
			break;
		id->present = 1;
		id->url = below(2) ? rnd_text(1) : NULL;
		id->msisdn = below(3) ? NULL : rnd_text(1);
		id->text = below(5) ? NULL : rnd_text(0);
		break;
	}
	case CSP_F_SUBP:
		if (req || (depth < 4 && below(2))) {
			void *sub = csp_struct_new(home, f->sub);
			rnd_struct(f->sub, sub, depth + 1);
			*(void **)p = sub;
		}
		break;
	case CSP_F_SUBS: {
		size_t n = depth < 4 ? below(3) : 0;
		char *v;
		if (req && !n)
			n = 1;
		v = su_zalloc(home, (n + 1) * f->sub->size);
		for (size_t i = 0; i < n; i++) {
			csp_struct_init(f->sub, v + i * f->sub->size);
			rnd_struct(f->sub, v + i * f->sub->size, depth + 1);
		}
		*(void **)p = v;
		*(size_t *)(p + sizeof(void *)) = n;
		break;
	}
	case CSP_F_PRES:
		if (req || below(2))
			*(struct imps_pres **)p = rnd_pres();
		break;
	case CSP_F_PRESS: {
		size_t n = below(3) + (req ? 1 : 0);
		struct imps_pres **v = su_zalloc(home, (n + 1) * sizeof *v);
		for (size_t i = 0; i < n; i++)
			v[i] = rnd_pres();
		*(struct imps_pres ***)p = v;
		*(size_t *)(p + sizeof(void *)) = n;
		break;
	}
	case CSP_F_ATTRS: {
		struct csp_attr_list *al = (struct csp_attr_list *)p;
		if (!req && below(2))
			break;
		al->present = 1;
		al->set = (imps_attr_set)prng() & IMPS_ATTR_SET_ALL;
		break;
	}
	case CSP_F_FUNCS: {
		struct csp_functions *fn = (struct csp_functions *)p;
		if (!req && below(2))
			break;
		fn->present = 1;
		fn->set = prng() & csp_func_all();
		break;
	}
	}
}

static void rnd_struct(struct csp_desc const *d, void *s, int depth)
{
	for (int tries = 0; tries < 50; tries++) {
		memset(s, 0, d->size);
		csp_struct_init(d, s);
		for (size_t i = 0; i < d->n_fields; i++)
			rnd_field(&d->fields[i], s, depth);
		if (!d->check || d->check(s, NULL) == 0)
			return;
	}
	ck_abort_msg("cannot make a valid %s", d->name);
}

static struct csp_prim *rnd_prim(enum csp_prim_type t)
{
	struct csp_prim *p = csp_prim_new(home, t);

	ck_assert_ptr_nonnull(p);
	/* the descriptor of t, from the area tables */
	for (size_t a = 0; a < 4; a++) {
		static struct csp_prim_row const *const rows[] = {
			csp_prim_rows_session, csp_prim_rows_presence, csp_prim_rows_lists,
			csp_prim_rows_im,
		};
		size_t const *ns[] = {
			&csp_prim_rows_session_n, &csp_prim_rows_presence_n,
			&csp_prim_rows_lists_n, &csp_prim_rows_im_n,
		};
		for (size_t i = 0; i < *ns[a]; i++)
			if (rows[a][i].type == t && rows[a][i].desc)
				rnd_struct(rows[a][i].desc, &p->u, 0);
	}
	return p;
}

START_TEST(property_tree_round_trip)
{
	uint64_t seed = 0xc5b0a11ce5eedull + (uint64_t)_i;

	prng_state = seed;
	for (int t = 1; t < CSP_PRIM_COUNT; t++) {
		for (int it = 0; it < 60; it++) {
			su_home_t *save = home, *h = su_home_new(sizeof *h);
			struct csp_prim *p, *q = NULL;
			struct csp_node *n = NULL;
			struct csp_prim_error err = {0, NULL, ""};
			int rc;

			home = h;
			p = rnd_prim(t);
			ck_assert_int_eq(csp_prim_to_node(home, p, NULL, &n), 0);
			rc = csp_prim_from_node(home, n, &q, &err);
			ck_assert_msg(rc == 0, "seed %llx %s #%d: %d %s", (unsigned long long)seed,
				      csp_prim_name(t), it, rc, err.desc);
			ck_assert_msg(csp_prim_equal(p, q), "seed %llx %s #%d: differs",
				      (unsigned long long)seed, csp_prim_name(t), it);
			home = save;
			su_home_unref(h);
		}
	}
}
END_TEST

/* The same through the real XML writer and parser (cspxml's csp_build_xml
 * and csp_parse_xml), in each version. */
START_TEST(property_xml_round_trip)
{
	uint64_t seed = 0x5eed0f0a11ull + (uint64_t)_i;
	enum csp_version const versions[] = {CSP_V11, CSP_V12, CSP_V13};

	prng_state = seed;
	for (int t = 1; t < CSP_PRIM_COUNT; t++) {
		for (int it = 0; it < 20; it++) {
			su_home_t *save = home, *h = su_home_new(sizeof *h);
			struct csp_prim *p, *q = NULL;
			struct csp_msg *m = NULL, *back = NULL;
			struct csp_prim_error err = {0, NULL, ""};
			struct csp_error xe;
			char *xml;
			size_t len;
			int rc;

			home = h;
			p = rnd_prim(t);
			ck_assert_int_eq(csp_prim_msg_new(home, versions[it % 3], "s", CSP_REQUEST,
							  "7", p, &m), 0);
			ck_assert_int_eq(csp_build_xml(home, m, &xml, &len), 0);
			rc = csp_parse_xml(home, xml, len, &back, &xe);
			ck_assert_msg(rc == 0, "%s: %s\n%s", csp_prim_name(t), xe.reason, xml);
			rc = csp_prim_from_node(home, back->trans->content, &q, &err);
			ck_assert_msg(rc == 0, "seed %llx %s #%d: %d %s\n%s",
				      (unsigned long long)seed, csp_prim_name(t), it, rc, err.desc,
				      xml);
			ck_assert_msg(csp_prim_equal(p, q), "seed %llx %s #%d: differs\n%s",
				      (unsigned long long)seed, csp_prim_name(t), it, xml);
			home = save;
			su_home_unref(h);
		}
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("csp_prim");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, prim_table_walk);
	tcase_add_test(tc, func_table_walk);
	tcase_add_test(tc, all_samples);
	tcase_add_test(tc, aosp_login_out_of_order);
	tcase_add_test(tc, capabilities_and_service);
	tcase_add_test(tc, status_and_session);
	tcase_add_test(tc, presence_samples);
	tcase_add_test(tc, list_samples);
	tcase_add_test(tc, im_samples);
	tcase_add_test(tc, missing_and_invalid);
	tcase_add_test(tc, tolerated_input);
	tcase_add_test(tc, unsupported_and_limits);
	tcase_add_test(tc, put_refusals);
	tcase_add_test(tc, build_login_response_message);
	tcase_add_loop_test(tc, property_tree_round_trip, 0, 3);
	tcase_add_loop_test(tc, property_xml_round_trip, 0, 3);
	tcase_set_timeout(tc, 120);
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
