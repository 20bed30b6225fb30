/* imps/csp_prim_presence.c: presence primitives (subscribe, get, update, notify, auth, lists). */
#include "config.h"

#include <errno.h>

#include "imps/csp_prim_int.h"

/* SubscribePresence-Request (User*, ContactList*, PresenceSubList?) + 1.2
 * AutoSubscribe, 1.3 UserIDList/ContactListIDList. UnsubscribePresence
 * uses the same structure without the last two. */
#define SP struct csp_subscribe_presence
static struct csp_field const subscribe_presence_fields[] = {
	CSP_FSUBS("User", SP, users, 0, &csp_desc_user),
	CSP_FWRAP("UserIDList", "UserID", SP, user_id_list, 0),
	CSP_FSTRS("ContactList", SP, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", SP, contact_list_id_list, 0),
	CSP_FATTRS("PresenceSubList", NULL, SP, attrs, 0),
	CSP_FBOOL("AutoSubscribe", SP, auto_subscribe, 0),
};
static struct csp_desc const subscribe_presence_desc = CSP_DESC(
	"SubscribePresence-Request", SP, subscribe_presence_fields, NULL);

static struct csp_field const unsubscribe_presence_fields[] = {
	CSP_FSUBS("User", SP, users, 0, &csp_desc_user),
	CSP_FWRAP("UserIDList", "UserID", SP, user_id_list, 0),
	CSP_FSTRS("ContactList", SP, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", SP, contact_list_id_list, 0),
};
static struct csp_desc const unsubscribe_presence_desc = CSP_DESC(
	"UnsubscribePresence-Request", SP, unsubscribe_presence_fields, NULL);
#undef SP

/* GetPresence-Request ((User+ | ContactList+), PresenceSubList?) */
static int get_presence_check(void const *s, struct csp_prim_error *err)
{
	struct csp_get_presence_request const *g = s;

	if (g->users.n || g->user_id_list.n || g->contact_lists.n || g->contact_list_id_list.n)
		return 0;
	csp_prim_errorf(err, 402, "User", "Missing User or ContactList in GetPresence-Request");
	return EPROTO;
}

#define GP struct csp_get_presence_request
static struct csp_field const get_presence_request_fields[] = {
	CSP_FSUBS("User", GP, users, 0, &csp_desc_user),
	CSP_FWRAP("UserIDList", "UserID", GP, user_id_list, 0),
	CSP_FSTRS("ContactList", GP, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", GP, contact_list_id_list, 0),
	CSP_FATTRS("PresenceSubList", NULL, GP, attrs, 0),
};
#undef GP
static struct csp_desc const get_presence_request_desc =
	CSP_DESC("GetPresence-Request", struct csp_get_presence_request,
		 get_presence_request_fields, get_presence_check);

/* GetPresence-Response (Result, Presence*) */
static struct csp_field const get_presence_response_fields[] = {
	CSP_FSUBP("Result", struct csp_get_presence_response, result, CSP_FL_REQ,
		  &csp_desc_result),
	CSP_FSUBS("Presence", struct csp_get_presence_response, presences, 0,
		  &csp_desc_presence),
};
static struct csp_desc const get_presence_response_desc =
	CSP_DESC("GetPresence-Response", struct csp_get_presence_response,
		 get_presence_response_fields, NULL);

/* UpdatePresence-Request (PresenceSubList) */
static struct csp_field const update_presence_fields[] = {
	CSP_FPRES("PresenceSubList", struct csp_update_presence_request, pres, CSP_FL_REQ),
};
static struct csp_desc const update_presence_desc =
	CSP_DESC("UpdatePresence-Request", struct csp_update_presence_request,
		 update_presence_fields, NULL);

/* PresenceNotification-Request (Presence+) */
static struct csp_field const presence_notification_fields[] = {
	CSP_FSUBS("Presence", struct csp_presence_notification, presences, CSP_FL_REQ,
		  &csp_desc_presence),
};
static struct csp_desc const presence_notification_desc =
	CSP_DESC("PresenceNotification-Request", struct csp_presence_notification,
		 presence_notification_fields, NULL);

/* PresenceAuth-Request (UserID, PresenceSubList?) */
static struct csp_field const presence_auth_request_fields[] = {
	CSP_FSTR("UserID", struct csp_presence_auth_request, user_id, CSP_FL_REQ),
	CSP_FATTRS("PresenceSubList", NULL, struct csp_presence_auth_request, attrs, 0),
};
static struct csp_desc const presence_auth_request_desc =
	CSP_DESC("PresenceAuth-Request", struct csp_presence_auth_request,
		 presence_auth_request_fields, NULL);

/* PresenceAuth-User (UserID, Acceptance) + 1.2 PresenceSubList? */
static struct csp_field const presence_auth_user_fields[] = {
	CSP_FSTR("UserID", struct csp_presence_auth_user, user_id, CSP_FL_REQ),
	CSP_FBOOL("Acceptance", struct csp_presence_auth_user, acceptance, CSP_FL_REQ),
	CSP_FATTRS("PresenceSubList", NULL, struct csp_presence_auth_user, attrs, 0),
};
static struct csp_desc const presence_auth_user_desc =
	CSP_DESC("PresenceAuth-User", struct csp_presence_auth_user,
		 presence_auth_user_fields, NULL);

/* CancelAuth-Request (UserID) */
static struct csp_field const cancel_auth_fields[] = {
	CSP_FSTR("UserID", struct csp_cancel_auth_request, user_id, CSP_FL_REQ),
};
static struct csp_desc const cancel_auth_desc =
	CSP_DESC("CancelAuth-Request", struct csp_cancel_auth_request, cancel_auth_fields, NULL);

/* GetWatcherList-Response (User*) */
static struct csp_field const get_watcher_list_response_fields[] = {
	CSP_FSUBS("User", struct csp_get_watcher_list_response, users, 0, &csp_desc_user),
};
static struct csp_desc const get_watcher_list_response_desc =
	CSP_DESC("GetWatcherList-Response", struct csp_get_watcher_list_response,
		 get_watcher_list_response_fields, NULL);

/* CreateAttributeList-Request (PresenceSubList, UserID*, ContactList*, DefaultList) */
#define CA struct csp_create_attribute_list
static struct csp_field const create_attribute_list_fields[] = {
	CSP_FATTRS("PresenceSubList", NULL, CA, attrs, CSP_FL_REQ),
	CSP_FSTRS("UserID", CA, user_ids, 0),
	CSP_FWRAP("UserIDList", "UserID", CA, user_id_list, 0),
	CSP_FSTRS("ContactList", CA, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", CA, contact_list_id_list, 0),
	CSP_FBOOL("DefaultList", CA, default_list, CSP_FL_REQ),
};
#undef CA
static struct csp_desc const create_attribute_list_desc =
	CSP_DESC("CreateAttributeList-Request", struct csp_create_attribute_list,
		 create_attribute_list_fields, NULL);

/* DeleteAttributeList-Request (UserID*, ContactList*, DefaultList) */
#define DA struct csp_delete_attribute_list
static struct csp_field const delete_attribute_list_fields[] = {
	CSP_FSTRS("UserID", DA, user_ids, 0),
	CSP_FWRAP("UserIDList", "UserID", DA, user_id_list, 0),
	CSP_FSTRS("ContactList", DA, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", DA, contact_list_id_list, 0),
	CSP_FBOOL("DefaultList", DA, default_list, CSP_FL_REQ),
};
#undef DA
static struct csp_desc const delete_attribute_list_desc =
	CSP_DESC("DeleteAttributeList-Request", struct csp_delete_attribute_list,
		 delete_attribute_list_fields, NULL);

/* GetAttributeList-Request (DefaultList, ContactList*, User*) */
static struct csp_field const get_attribute_list_request_fields[] = {
	CSP_FBOOL("DefaultList", struct csp_get_attribute_list_request, default_list,
		  CSP_FL_REQ),
	CSP_FSTRS("ContactList", struct csp_get_attribute_list_request, contact_lists, 0),
	CSP_FSUBS("User", struct csp_get_attribute_list_request, users, 0, &csp_desc_user),
};
static struct csp_desc const get_attribute_list_request_desc =
	CSP_DESC("GetAttributeList-Request", struct csp_get_attribute_list_request,
		 get_attribute_list_request_fields, NULL);

/* GetAttributeList-Response (Result, DefaultAttributeList?, Presence*) */
static struct csp_field const get_attribute_list_response_fields[] = {
	CSP_FSUBP("Result", struct csp_get_attribute_list_response, result, CSP_FL_REQ,
		  &csp_desc_result),
	CSP_FATTRS("DefaultAttributeList", "PresenceSubList",
		   struct csp_get_attribute_list_response, default_attribute_list, 0),
	CSP_FSUBS("Presence", struct csp_get_attribute_list_response, presences, 0,
		  &csp_desc_presence),
};
static struct csp_desc const get_attribute_list_response_desc =
	CSP_DESC("GetAttributeList-Response", struct csp_get_attribute_list_response,
		 get_attribute_list_response_fields, NULL);

struct csp_prim_row const csp_prim_rows_presence[] = {
	{CSP_PRIM_SUBSCRIBE_PRESENCE_REQUEST, "SubscribePresence-Request",
	 &subscribe_presence_desc},
	{CSP_PRIM_UNSUBSCRIBE_PRESENCE_REQUEST, "UnsubscribePresence-Request",
	 &unsubscribe_presence_desc},
	{CSP_PRIM_GET_PRESENCE_REQUEST, "GetPresence-Request", &get_presence_request_desc},
	{CSP_PRIM_GET_PRESENCE_RESPONSE, "GetPresence-Response", &get_presence_response_desc},
	{CSP_PRIM_UPDATE_PRESENCE_REQUEST, "UpdatePresence-Request", &update_presence_desc},
	{CSP_PRIM_PRESENCE_NOTIFICATION_REQUEST, "PresenceNotification-Request",
	 &presence_notification_desc},
	{CSP_PRIM_PRESENCE_AUTH_REQUEST, "PresenceAuth-Request", &presence_auth_request_desc},
	{CSP_PRIM_PRESENCE_AUTH_USER, "PresenceAuth-User", &presence_auth_user_desc},
	{CSP_PRIM_CANCEL_AUTH_REQUEST, "CancelAuth-Request", &cancel_auth_desc},
	{CSP_PRIM_GET_WATCHER_LIST_REQUEST, "GetWatcherList-Request", NULL},
	{CSP_PRIM_GET_WATCHER_LIST_RESPONSE, "GetWatcherList-Response",
	 &get_watcher_list_response_desc},
	{CSP_PRIM_CREATE_ATTRIBUTE_LIST_REQUEST, "CreateAttributeList-Request",
	 &create_attribute_list_desc},
	{CSP_PRIM_DELETE_ATTRIBUTE_LIST_REQUEST, "DeleteAttributeList-Request",
	 &delete_attribute_list_desc},
	{CSP_PRIM_GET_ATTRIBUTE_LIST_REQUEST, "GetAttributeList-Request",
	 &get_attribute_list_request_desc},
	{CSP_PRIM_GET_ATTRIBUTE_LIST_RESPONSE, "GetAttributeList-Response",
	 &get_attribute_list_response_desc},
};
size_t const csp_prim_rows_presence_n =
	sizeof csp_prim_rows_presence / sizeof csp_prim_rows_presence[0];
