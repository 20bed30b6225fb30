/* imps/csp_prim_lists.c: contact-list and block-list primitives (GetList, ListManage, ...). */
#include "config.h"

#include "imps/csp_prim_int.h"

/* NickName (Name, UserID) */
static struct csp_field const nick_name_fields[] = {
	CSP_FSTR("Name", struct csp_nick_name, name, CSP_FL_REQ),
	CSP_FSTR("UserID", struct csp_nick_name, user_id, CSP_FL_REQ),
};
static struct csp_desc const nick_name_desc =
	CSP_DESC("NickName", struct csp_nick_name, nick_name_fields, NULL);

/* NickList / AddNickList ((NickName | UserID)*) */
static struct csp_field const nick_list_fields[] = {
	CSP_FSUBS("NickName", struct csp_nick_list, nick_names, 0, &nick_name_desc),
	CSP_FSTRS("UserID", struct csp_nick_list, user_ids, 0),
};
struct csp_desc const csp_desc_nick_list =
	CSP_DESC("NickList", struct csp_nick_list, nick_list_fields, NULL);

/* Property (Name, Value?) */
static struct csp_field const property_fields[] = {
	CSP_FSTR("Name", struct csp_property, name, CSP_FL_REQ),
	CSP_FSTR("Value", struct csp_property, value, 0),
};
static struct csp_desc const property_desc =
	CSP_DESC("Property", struct csp_property, property_fields, NULL);

/* ContactListProperties (Property+) */
static struct csp_field const properties_fields[] = {
	CSP_FSUBS("Property", struct csp_properties, v, CSP_FL_REQ, &property_desc),
};
struct csp_desc const csp_desc_properties =
	CSP_DESC("ContactListProperties", struct csp_properties, properties_fields, NULL);

/* EntityList / AddList / RemoveList (UserID*, ScreenName*, GroupID*) + 1.2 ContactList* */
static struct csp_field const entity_list_fields[] = {
	CSP_FSTRS("UserID", struct csp_entity_list, user_ids, 0),
	CSP_FSUBS("ScreenName", struct csp_entity_list, screen_names, 0, &csp_desc_screen_name),
	CSP_FSTRS("GroupID", struct csp_entity_list, group_ids, 0),
	CSP_FSTRS("ContactList", struct csp_entity_list, contact_lists, 0),
};
struct csp_desc const csp_desc_entity_list =
	CSP_DESC("EntityList", struct csp_entity_list, entity_list_fields, NULL);

/* BlockList / GrantList (InUse?, (EntityList | (AddList?, RemoveList?))) */
static struct csp_field const block_list_fields[] = {
	CSP_FBOOL("InUse", struct csp_block_list, in_use, 0),
	CSP_FSUBP("EntityList", struct csp_block_list, entity_list, 0, &csp_desc_entity_list),
	CSP_FSUBP("AddList", struct csp_block_list, add_list, 0, &csp_desc_entity_list),
	CSP_FSUBP("RemoveList", struct csp_block_list, remove_list, 0, &csp_desc_entity_list),
};
struct csp_desc const csp_desc_block_list =
	CSP_DESC("BlockList", struct csp_block_list, block_list_fields, NULL);

/* GetList-Response (ContactList*, DefaultContactList?) + 1.3 ContactListIDList */
static struct csp_field const get_list_response_fields[] = {
	CSP_FSTRS("ContactList", struct csp_get_list_response, contact_lists, 0),
	CSP_FWRAP("ContactListIDList", "ContactList", struct csp_get_list_response,
		  contact_list_id_list, 0),
	CSP_FSTR("DefaultContactList", struct csp_get_list_response, default_contact_list, 0),
};
static struct csp_desc const get_list_response_desc = CSP_DESC(
	"GetList-Response", struct csp_get_list_response, get_list_response_fields, NULL);

/* CreateList-Request (ContactList, NickList?, ContactListProperties?) */
static struct csp_field const create_list_fields[] = {
	CSP_FSTR("ContactList", struct csp_create_list_request, contact_list, CSP_FL_REQ),
	CSP_FSUBP("NickList", struct csp_create_list_request, nick_list, 0, &csp_desc_nick_list),
	CSP_FSUBP("ContactListProperties", struct csp_create_list_request, properties, 0,
		  &csp_desc_properties),
};
static struct csp_desc const create_list_desc =
	CSP_DESC("CreateList-Request", struct csp_create_list_request, create_list_fields, NULL);

/* DeleteList-Request (ContactList) */
static struct csp_field const delete_list_fields[] = {
	CSP_FSTR("ContactList", struct csp_delete_list_request, contact_list, CSP_FL_REQ),
};
static struct csp_desc const delete_list_desc =
	CSP_DESC("DeleteList-Request", struct csp_delete_list_request, delete_list_fields, NULL);

/* ListManage-Request (ContactList, (AddNickList | RemoveNickList |
 * ContactListProperties)?) + 1.2 ReceiveList. Real clients send AddNickList
 * and ReceiveList together (Colibria); all are read. */
#define LM struct csp_list_manage_request
static struct csp_field const list_manage_request_fields[] = {
	CSP_FSTR("ContactList", LM, contact_list, CSP_FL_REQ),
	CSP_FSUBP("AddNickList", LM, add_nick_list, 0, &csp_desc_nick_list),
	CSP_FWRAP("RemoveNickList", "UserID", LM, remove_nick_list, 0),
	CSP_FSUBP("ContactListProperties", LM, properties, 0, &csp_desc_properties),
	CSP_FBOOL("ReceiveList", LM, receive_list, 0),
};
#undef LM
static struct csp_desc const list_manage_request_desc =
	CSP_DESC("ListManage-Request", struct csp_list_manage_request,
		 list_manage_request_fields, NULL);

/* ListManage-Response (Result, NickList?, ContactListProperties?) */
static struct csp_field const list_manage_response_fields[] = {
	CSP_FSUBP("Result", struct csp_list_manage_response, result, CSP_FL_REQ,
		  &csp_desc_result),
	CSP_FSUBP("NickList", struct csp_list_manage_response, nick_list, 0,
		  &csp_desc_nick_list),
	CSP_FSUBP("ContactListProperties", struct csp_list_manage_response, properties, 0,
		  &csp_desc_properties),
};
static struct csp_desc const list_manage_response_desc =
	CSP_DESC("ListManage-Response", struct csp_list_manage_response,
		 list_manage_response_fields, NULL);

/* GetBlockedList-Response / BlockEntity-Request (BlockList?, GrantList?) + 1.3 *InUse */
static struct csp_field const blocked_lists_fields[] = {
	CSP_FSUBP("BlockList", struct csp_blocked_lists, block_list, 0, &csp_desc_block_list),
	CSP_FSUBP("GrantList", struct csp_blocked_lists, grant_list, 0, &csp_desc_block_list),
	CSP_FBOOL("BlockListInUse", struct csp_blocked_lists, block_list_in_use, 0),
	CSP_FBOOL("GrantListInUse", struct csp_blocked_lists, grant_list_in_use, 0),
};
static struct csp_desc const get_blocked_list_response_desc = CSP_DESC(
	"GetBlockedList-Response", struct csp_blocked_lists, blocked_lists_fields, NULL);
static struct csp_desc const block_entity_desc = CSP_DESC(
	"BlockEntity-Request", struct csp_blocked_lists, blocked_lists_fields, NULL);

struct csp_prim_row const csp_prim_rows_lists[] = {
	{CSP_PRIM_GET_LIST_REQUEST, "GetList-Request", NULL},
	{CSP_PRIM_GET_LIST_RESPONSE, "GetList-Response", &get_list_response_desc},
	{CSP_PRIM_CREATE_LIST_REQUEST, "CreateList-Request", &create_list_desc},
	{CSP_PRIM_DELETE_LIST_REQUEST, "DeleteList-Request", &delete_list_desc},
	{CSP_PRIM_LIST_MANAGE_REQUEST, "ListManage-Request", &list_manage_request_desc},
	{CSP_PRIM_LIST_MANAGE_RESPONSE, "ListManage-Response", &list_manage_response_desc},
	{CSP_PRIM_GET_BLOCKED_LIST_REQUEST, "GetBlockedList-Request", NULL},
	{CSP_PRIM_GET_BLOCKED_LIST_RESPONSE, "GetBlockedList-Response",
	 &get_blocked_list_response_desc},
	{CSP_PRIM_BLOCK_ENTITY_REQUEST, "BlockEntity-Request", &block_entity_desc},
};
size_t const csp_prim_rows_lists_n = sizeof csp_prim_rows_lists / sizeof csp_prim_rows_lists[0];
