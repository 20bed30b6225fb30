/* imps/csp_prim_session.c: session primitives (Login, KeepAlive, Capability, Service, ...). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "imps/csp_prim_int.h"

/* ------------------------------------------------------------------ */
/* Service functions (1.1 DTD; 1.2/1.3 codes from Baraza cspmessages.def). A
 * row with group NULL is a direct child of its feature (1.3 MF/MP/MM/MG). */

struct func_row {
	char const *code;
	char const *group;
	char const *feature;
};

static struct func_row const func_table[] = {
	{"MF", NULL, "FundamentalFeat"},
	{"GETSPI", "ServiceFunc", "FundamentalFeat"},
	{"GETMAP", "ServiceFunc", "FundamentalFeat"},
	{"SGMNT", "ServiceFunc", "FundamentalFeat"},
	{"SRCH", "SearchFunc", "FundamentalFeat"},
	{"ADVSR", "SearchFunc", "FundamentalFeat"},
	{"STSRC", "SearchFunc", "FundamentalFeat"},
	{"INVIT", "InviteFunc", "FundamentalFeat"},
	{"CAINV", "InviteFunc", "FundamentalFeat"},
	{"VRID", "VerifyIDFunc", "FundamentalFeat"},
	{"MP", NULL, "PresenceFeat"},
	{"GCLI", "ContListFunc", "PresenceFeat"},
	{"CCLI", "ContListFunc", "PresenceFeat"},
	{"DCLI", "ContListFunc", "PresenceFeat"},
	{"MCLS", "ContListFunc", "PresenceFeat"},
	{"GETWL", "PresenceAuthFunc", "PresenceFeat"},
	{"REACT", "PresenceAuthFunc", "PresenceFeat"},
	{"CAAUT", "PresenceAuthFunc", "PresenceFeat"},
	{"GETAUT", "PresenceAuthFunc", "PresenceFeat"},
	{"GETPR", "PresenceDeliverFunc", "PresenceFeat"},
	{"UPDPR", "PresenceDeliverFunc", "PresenceFeat"},
	{"CALI", "AttListFunc", "PresenceFeat"},
	{"DALI", "AttListFunc", "PresenceFeat"},
	{"GALS", "AttListFunc", "PresenceFeat"},
	{"MM", NULL, "IMFeat"},
	{"MDELIV", "IMSendFunc", "IMFeat"},
	{"FWMSG", "IMSendFunc", "IMFeat"},
	{"SETD", "IMReceiveFunc", "IMFeat"},
	{"GETLM", "IMReceiveFunc", "IMFeat"},
	{"GETM", "IMReceiveFunc", "IMFeat"},
	{"REJCM", "IMReceiveFunc", "IMFeat"},
	{"NOTIF", "IMReceiveFunc", "IMFeat"},
	{"NEWM", "IMReceiveFunc", "IMFeat"},
	{"OFFNOTIF", "IMReceiveFunc", "IMFeat"},
	{"GLBLU", "IMAuthFunc", "IMFeat"},
	{"BLENT", "IMAuthFunc", "IMFeat"},
	{"MG", NULL, "GroupFeat"},
	{"CREAG", "GroupMgmtFunc", "GroupFeat"},
	{"DELGR", "GroupMgmtFunc", "GroupFeat"},
	{"GETGP", "GroupMgmtFunc", "GroupFeat"},
	{"SETGP", "GroupMgmtFunc", "GroupFeat"},
	{"SUBGCN", "GroupUseFunc", "GroupFeat"},
	{"GRCHN", "GroupUseFunc", "GroupFeat"},
	{"EXCON", "GroupUseFunc", "GroupFeat"},
	{"GETGM", "GroupAuthFunc", "GroupFeat"},
	{"ADDGM", "GroupAuthFunc", "GroupFeat"},
	{"RMVGM", "GroupAuthFunc", "GroupFeat"},
	{"MBRAC", "GroupAuthFunc", "GroupFeat"},
	{"REJEC", "GroupAuthFunc", "GroupFeat"},
	{"GETJU", "GroupAuthFunc", "GroupFeat"},
	{NULL, NULL, NULL}, /* default row */
};

#define N_FUNCS (sizeof func_table / sizeof func_table[0] - 1)
_Static_assert(N_FUNCS <= 64, "csp_func_set has 64 bits");

#define BIT(i) ((csp_func_set)1 << (i))

csp_func_set csp_func_by_name(char const *code)
{
	for (size_t i = 0; code && i < N_FUNCS; i++)
		if (!strcmp(func_table[i].code, code))
			return BIT(i);
	return 0;
}

char const *csp_func_name(csp_func_set bit)
{
	for (size_t i = 0; i < N_FUNCS; i++)
		if (bit == BIT(i))
			return func_table[i].code;
	return NULL;
}

/* Every function of a feature or group; the M* flags belong to none. */
csp_func_set csp_func_group(char const *name)
{
	csp_func_set set = 0;

	for (size_t i = 0; name && i < N_FUNCS; i++)
		if (func_table[i].group && (!strcmp(func_table[i].group, name) ||
					    !strcmp(func_table[i].feature, name)))
			set |= BIT(i);
	return set;
}

csp_func_set csp_func_all(void)
{
	return N_FUNCS == 64 ? ~(csp_func_set)0 : BIT(N_FUNCS) - 1;
}

static int is_feature(char const *name)
{
	for (size_t i = 0; i < N_FUNCS; i++)
		if (!strcmp(func_table[i].feature, name))
			return 1;
	return 0;
}

/* An empty feature or group element stands for all its functions (the
 * request form: <PresenceFeat/>); an empty WVCSPFeat is the empty set. */
int csp_funcs_from_node(struct csp_node const *w, csp_func_set *out)
{
	csp_func_set set = 0;

	for (struct csp_node const *f = w ? w->child : NULL; f; f = f->next) {
		if (f->ns || !is_feature(f->name))
			continue;
		if (!f->child) {
			set |= csp_func_group(f->name);
			continue;
		}
		for (struct csp_node const *g = f->child; g; g = g->next) {
			csp_func_set gs = g->ns ? 0 : csp_func_group(g->name);
			if (g->ns)
				continue;
			if (!gs) {           /* a direct code (MF, ...) */
				set |= csp_func_by_name(g->name);
				continue;
			}
			if (!g->child) {
				set |= gs;
				continue;
			}
			for (struct csp_node const *c = g->child; c; c = c->next)
				if (!c->ns)
					set |= csp_func_by_name(c->name) & gs;
		}
	}
	*out = set;
	return 0;
}

int csp_funcs_to_node(su_home_t *home, csp_func_set set, struct csp_node *parent)
{
	struct csp_node *w = csp_node_add(home, parent, "WVCSPFeat");
	struct csp_node *feat = NULL, *grp = NULL;

	if (!w)
		return ENOMEM;
	for (size_t i = 0; i < N_FUNCS; i++) {
		struct func_row const *r = &func_table[i];
		if (!(set & BIT(i)))
			continue;
		if (!feat || strcmp(feat->name, r->feature)) {
			if (!(feat = csp_node_add(home, w, r->feature)))
				return ENOMEM;
			grp = NULL;
		}
		if (!r->group) {
			if (!csp_node_add(home, feat, r->code))
				return ENOMEM;
			continue;
		}
		if (!grp || strcmp(grp->name, r->group))
			if (!(grp = csp_node_add(home, feat, r->group)))
				return ENOMEM;
		if (!csp_node_add(home, grp, r->code))
			return ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* CapabilityList: 1.1 DTD order, then 1.2/1.3 additions. Everything is
 * optional on input: 1.2+ clients list only what they want to negotiate. */

#define CL struct csp_capability_list
static struct csp_field const capability_list_fields[] = {
	CSP_FSTR("ClientType", CL, client_type, 0),
	CSP_FSTR("InitialDeliveryMethod", CL, initial_delivery_method, 0),
	CSP_FBOOL("AnyContent", CL, any_content, 0),
	CSP_FSTRSA("AcceptedCharSet", "AcceptedCharset", CL, accepted_charsets, 0),
	CSP_FSTRS("AcceptedContentType", CL, accepted_content_types, 0),
	CSP_FSTRS("AcceptedTransferEncoding", CL, accepted_transfer_encodings, 0),
	CSP_FUINT("AcceptedContentLength", CL, accepted_content_length, 0, CSP_NUM_MAX),
	CSP_FSTRS("SupportedBearer", CL, supported_bearers, 0),
	CSP_FUINT("MultiTrans", CL, multi_trans, 0, CSP_NUM_MAX),
	CSP_FUINT("ParserSize", CL, parser_size, 0, CSP_NUM_MAX),
	CSP_FSTRS("SupportedCIRMethod", CL, supported_cir_methods, 0),
	CSP_FUINT("UDPPort", CL, udp_port, 0, CSP_PORT_MAX),
	CSP_FSTR("TCPAddress", CL, tcp_address, 0),
	CSP_FUINT("TCPPort", CL, tcp_port, 0, CSP_PORT_MAX),
	CSP_FUINT("ServerPollMin", CL, server_poll_min, 0, CSP_NUM_MAX),
	CSP_FSTR("DefaultLanguage", CL, default_language, 0),
	CSP_FSUBP("CIRURL", CL, cir_url, 0, &csp_desc_url),
	CSP_FSUBP("CIRHTTPAddress", CL, cir_http_address, 0, &csp_desc_url),
	CSP_FUINT("AcceptedPullLength", CL, accepted_pull_length, 0, CSP_NUM_MAX),
	CSP_FUINT("AcceptedPushLength", CL, accepted_push_length, 0, CSP_NUM_MAX),
	CSP_FUINT("AcceptedTextContentLength", CL, accepted_text_content_length, 0,
		  CSP_NUM_MAX),
	CSP_FUINT("MultiTransPerMessage", CL, multi_trans_per_message, 0, CSP_NUM_MAX),
	CSP_FSTR("CIRSMSAddress", CL, cir_sms_address, 0),
};
#undef CL
struct csp_desc const csp_desc_capability_list =
	CSP_DESC("CapabilityList", struct csp_capability_list, capability_list_fields, NULL);

/* ------------------------------------------------------------------ */
/* Primitives. */

static struct csp_field const status_fields[] = {
	CSP_FSUBP("Result", struct csp_status, result, CSP_FL_REQ, &csp_desc_result),
	CSP_FCID("ClientID", struct csp_status, client_id, 0),
};
static struct csp_desc const status_desc =
	CSP_DESC("Status", struct csp_status, status_fields, NULL);

/* Login-Request (UserID, ClientID, Password?, DigestBytes?, DigestSchema?,
 * TimeToLive?, SessionCookie). SessionCookie is mandatory in the 1.1 DTD but
 * optional in Baraza's 1.2/1.3 grammar and left out by some clients: it is
 * optional here. */
static struct csp_field const login_request_fields[] = {
	CSP_FSTR("UserID", struct csp_login_request, user_id, CSP_FL_REQ),
	CSP_FCID("ClientID", struct csp_login_request, client_id, CSP_FL_REQ),
	CSP_FSTR("Password", struct csp_login_request, password, 0),
	CSP_FSTR("DigestBytes", struct csp_login_request, digest_bytes, 0),
	CSP_FSTRS("DigestSchema", struct csp_login_request, digest_schemas, 0),
	CSP_FUINT("TimeToLive", struct csp_login_request, time_to_live, 0, CSP_NUM_MAX),
	CSP_FSTR("SessionCookie", struct csp_login_request, session_cookie, 0),
};
static struct csp_desc const login_request_desc =
	CSP_DESC("Login-Request", struct csp_login_request, login_request_fields, NULL);

/* Login-Response (ClientID, Result, Nonce?, DigestSchema?, SessionID?,
 * KeepAliveTime?, CapabilityRequest?) */
static struct csp_field const login_response_fields[] = {
	CSP_FCID("ClientID", struct csp_login_response, client_id, CSP_FL_REQ),
	CSP_FSUBP("Result", struct csp_login_response, result, CSP_FL_REQ, &csp_desc_result),
	CSP_FSTR("Nonce", struct csp_login_response, nonce, 0),
	CSP_FSTRS("DigestSchema", struct csp_login_response, digest_schemas, 0),
	CSP_FSTR("SessionID", struct csp_login_response, session_id, 0),
	CSP_FUINT("KeepAliveTime", struct csp_login_response, keep_alive_time, 0, CSP_NUM_MAX),
	CSP_FBOOL("CapabilityRequest", struct csp_login_response, capability_request, 0),
};
static struct csp_desc const login_response_desc =
	CSP_DESC("Login-Response", struct csp_login_response, login_response_fields, NULL);

static struct csp_field const disconnect_fields[] = {
	CSP_FSUBP("Result", struct csp_disconnect, result, CSP_FL_REQ, &csp_desc_result),
};
static struct csp_desc const disconnect_desc =
	CSP_DESC("Disconnect", struct csp_disconnect, disconnect_fields, NULL);

static struct csp_field const keepalive_request_fields[] = {
	CSP_FUINT("TimeToLive", struct csp_keepalive_request, time_to_live, 0, CSP_NUM_MAX),
};
static struct csp_desc const keepalive_request_desc = CSP_DESC(
	"KeepAlive-Request", struct csp_keepalive_request, keepalive_request_fields, NULL);

static struct csp_field const keepalive_response_fields[] = {
	CSP_FSUBP("Result", struct csp_keepalive_response, result, CSP_FL_REQ, &csp_desc_result),
	CSP_FUINT("KeepAliveTime", struct csp_keepalive_response, keep_alive_time, 0,
		  CSP_NUM_MAX),
};
static struct csp_desc const keepalive_response_desc = CSP_DESC(
	"KeepAlive-Response", struct csp_keepalive_response, keepalive_response_fields, NULL);

/* ClientCapability-Request/-Response (ClientID (1.1 only), CapabilityList) */
static int client_capability_check(void const *s, struct csp_prim_error *err)
{
	struct csp_client_capability const *c = s;

	if (c->capability_list || c->agreed)
		return 0;
	csp_prim_errorf(err, 402, "CapabilityList", "Missing CapabilityList");
	return EPROTO;
}

static struct csp_field const client_capability_fields[] = {
	CSP_FCID("ClientID", struct csp_client_capability, client_id, 0),
	CSP_FSUBP("CapabilityList", struct csp_client_capability, capability_list, 0,
		  &csp_desc_capability_list),
	CSP_FSUBP("AgreedCapabilityList", struct csp_client_capability, agreed, 0,
		  &csp_desc_capability_list),
};
static struct csp_desc const client_capability_request_desc =
	CSP_DESC("ClientCapability-Request", struct csp_client_capability,
		 client_capability_fields, client_capability_check);
static struct csp_desc const client_capability_response_desc =
	CSP_DESC("ClientCapability-Response", struct csp_client_capability,
		 client_capability_fields, client_capability_check);

/* Service-Request (ClientID, Functions, AllFunctionsRequest) */
static struct csp_field const service_request_fields[] = {
	CSP_FCID("ClientID", struct csp_service_request, client_id, 0),
	CSP_FFUNCS("Functions", struct csp_service_request, functions, CSP_FL_REQ),
	CSP_FBOOL("AllFunctionsRequest", struct csp_service_request, all_functions_request,
		  CSP_FL_REQ),
};
static struct csp_desc const service_request_desc =
	CSP_DESC("Service-Request", struct csp_service_request, service_request_fields, NULL);

/* Service-Response (ClientID, Functions?, AllFunctions?) */
static struct csp_field const service_response_fields[] = {
	CSP_FCID("ClientID", struct csp_service_response, client_id, 0),
	CSP_FFUNCS("Functions", struct csp_service_response, functions, 0),
	CSP_FFUNCS("AllFunctions", struct csp_service_response, all_functions, 0),
};
static struct csp_desc const service_response_desc =
	CSP_DESC("Service-Response", struct csp_service_response, service_response_fields, NULL);

struct csp_prim_row const csp_prim_rows_session[] = {
	{CSP_PRIM_STATUS, "Status", &status_desc},
	{CSP_PRIM_POLLING_REQUEST, "Polling-Request", NULL},
	{CSP_PRIM_LOGIN_REQUEST, "Login-Request", &login_request_desc},
	{CSP_PRIM_LOGIN_RESPONSE, "Login-Response", &login_response_desc},
	{CSP_PRIM_LOGOUT_REQUEST, "Logout-Request", NULL},
	{CSP_PRIM_DISCONNECT, "Disconnect", &disconnect_desc},
	{CSP_PRIM_KEEPALIVE_REQUEST, "KeepAlive-Request", &keepalive_request_desc},
	{CSP_PRIM_KEEPALIVE_RESPONSE, "KeepAlive-Response", &keepalive_response_desc},
	{CSP_PRIM_CLIENT_CAPABILITY_REQUEST, "ClientCapability-Request",
	 &client_capability_request_desc},
	{CSP_PRIM_CLIENT_CAPABILITY_RESPONSE, "ClientCapability-Response",
	 &client_capability_response_desc},
	{CSP_PRIM_SERVICE_REQUEST, "Service-Request", &service_request_desc},
	{CSP_PRIM_SERVICE_RESPONSE, "Service-Response", &service_response_desc},
};
size_t const csp_prim_rows_session_n =
	sizeof csp_prim_rows_session / sizeof csp_prim_rows_session[0];
