/* imps/csp_prim_common.c: descriptors of the structures the primitives share (Result, User). */
#include "config.h"

#include <errno.h>

#include "imps/csp_prim_int.h"

/* ScreenName (SName, GroupID) */
static struct csp_field const screen_name_fields[] = {
	CSP_FSTR("SName", struct csp_screen_name, sname, CSP_FL_REQ),
	CSP_FSTR("GroupID", struct csp_screen_name, group_id, CSP_FL_REQ),
};
struct csp_desc const csp_desc_screen_name =
	CSP_DESC("ScreenName", struct csp_screen_name, screen_name_fields, NULL);

/* DetailedResult (Code, Description?, UserID*, GroupID*, ScreenName*, MessageID*)
 * + ContactList*, Domain* of 1.2/1.3 (Baraza _UserResult) */
static struct csp_field const detailed_result_fields[] = {
	CSP_FUINT("Code", struct csp_detailed_result, code, CSP_FL_REQ, CSP_CODE_MAX),
	CSP_FSTR("Description", struct csp_detailed_result, description, 0),
	CSP_FSTRS("UserID", struct csp_detailed_result, user_ids, 0),
	CSP_FSTRS("GroupID", struct csp_detailed_result, group_ids, 0),
	CSP_FSUBS("ScreenName", struct csp_detailed_result, screen_names, 0,
		  &csp_desc_screen_name),
	CSP_FSTRS("MessageID", struct csp_detailed_result, message_ids, 0),
	CSP_FSTRS("ContactList", struct csp_detailed_result, contact_lists, 0),
	CSP_FSTRS("Domain", struct csp_detailed_result, domains, 0),
};
struct csp_desc const csp_desc_detailed_result =
	CSP_DESC("DetailedResult", struct csp_detailed_result, detailed_result_fields, NULL);

/* Result (Code, Description?, DetailedResult*) */
static struct csp_field const result_fields[] = {
	CSP_FUINT("Code", struct csp_result, code, CSP_FL_REQ, CSP_CODE_MAX),
	CSP_FSTR("Description", struct csp_result, description, 0),
	CSP_FSUBS("DetailedResult", struct csp_result, details, 0, &csp_desc_detailed_result),
};
struct csp_desc const csp_desc_result = CSP_DESC("Result", struct csp_result, result_fields, NULL);

/* User (UserID, ClientID?) + FriendlyName (1.3) */
static struct csp_field const user_fields[] = {
	CSP_FSTR("UserID", struct csp_user, user_id, CSP_FL_REQ),
	CSP_FCID("ClientID", struct csp_user, client_id, 0),
	CSP_FSTR("FriendlyName", struct csp_user, friendly_name, 0),
};
struct csp_desc const csp_desc_user = CSP_DESC("User", struct csp_user, user_fields, NULL);

/* Group (GroupID | ScreenName) */
static int group_check(void const *s, struct csp_prim_error *err)
{
	struct csp_group const *g = s;

	if (g->group_id || g->screen_name)
		return 0;
	csp_prim_errorf(err, 402, "Group", "Missing GroupID or ScreenName in Group");
	return EPROTO;
}

static struct csp_field const group_fields[] = {
	CSP_FSTR("GroupID", struct csp_group, group_id, 0),
	CSP_FSUBP("ScreenName", struct csp_group, screen_name, 0, &csp_desc_screen_name),
};
struct csp_desc const csp_desc_group =
	CSP_DESC("Group", struct csp_group, group_fields, group_check);

/* Sender (User | Group) */
static int sender_check(void const *s, struct csp_prim_error *err)
{
	struct csp_sender const *x = s;

	if (x->user || x->group)
		return 0;
	csp_prim_errorf(err, 402, "Sender", "Missing User or Group in Sender");
	return EPROTO;
}

static struct csp_field const sender_fields[] = {
	CSP_FSUBP("User", struct csp_sender, user, 0, &csp_desc_user),
	CSP_FSUBP("Group", struct csp_sender, group, 0, &csp_desc_group),
};
struct csp_desc const csp_desc_sender =
	CSP_DESC("Sender", struct csp_sender, sender_fields, sender_check);

/* Recipient (User*, Group*, ContactList*) */
static struct csp_field const recipient_fields[] = {
	CSP_FSUBS("User", struct csp_recipient, users, 0, &csp_desc_user),
	CSP_FSUBS("Group", struct csp_recipient, groups, 0, &csp_desc_group),
	CSP_FSTRS("ContactList", struct csp_recipient, contact_lists, 0),
};
struct csp_desc const csp_desc_recipient =
	CSP_DESC("Recipient", struct csp_recipient, recipient_fields, NULL);

/* MessageInfo (MessageID?, MessageURI?, ContentType?, ContentEncoding?,
 * ContentSize, Recipient, Sender, DateTime?, Validity?) */
static struct csp_field const message_info_fields[] = {
	CSP_FSTR("MessageID", struct csp_message_info, message_id, 0),
	CSP_FSTR("MessageURI", struct csp_message_info, message_uri, 0),
	CSP_FSTR("ContentType", struct csp_message_info, content_type, 0),
	CSP_FSTR("ContentEncoding", struct csp_message_info, content_encoding, 0),
	CSP_FUINT("ContentSize", struct csp_message_info, content_size, CSP_FL_REQ, CSP_NUM_MAX),
	CSP_FSUBP("Recipient", struct csp_message_info, recipient, CSP_FL_REQ,
		  &csp_desc_recipient),
	CSP_FSUBP("Sender", struct csp_message_info, sender, CSP_FL_REQ, &csp_desc_sender),
	CSP_FSTR("DateTime", struct csp_message_info, date_time, 0),
	CSP_FUINT("Validity", struct csp_message_info, validity, 0, CSP_NUM_MAX),
};
struct csp_desc const csp_desc_message_info =
	CSP_DESC("MessageInfo", struct csp_message_info, message_info_fields, NULL);

/* Presence ((UserID | ContactList), PresenceSubList*) */
static int presence_check(void const *s, struct csp_prim_error *err)
{
	struct csp_presence const *p = s;

	if (p->user_id || p->contact_list)
		return 0;
	csp_prim_errorf(err, 402, "Presence", "Missing UserID or ContactList in Presence");
	return EPROTO;
}

static struct csp_field const presence_fields[] = {
	CSP_FSTR("UserID", struct csp_presence, user_id, 0),
	CSP_FSTR("ContactList", struct csp_presence, contact_list, 0),
	CSP_FPRESS("PresenceSubList", struct csp_presence, sub_lists, 0),
};
struct csp_desc const csp_desc_presence =
	CSP_DESC("Presence", struct csp_presence, presence_fields, presence_check);

/* CIRURL / CIRHTTPAddress (URL) */
static struct csp_field const url_fields[] = {
	CSP_FSTR("URL", struct csp_url, url, CSP_FL_REQ),
};
struct csp_desc const csp_desc_url = CSP_DESC("URL", struct csp_url, url_fields, NULL);
