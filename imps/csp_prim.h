/* imps/csp_prim.h: typed WV-CSP primitives (session, presence, lists, IM) <-> csp_node tree. */
#ifndef IWF_IMPS_CSP_PRIM_H
#define IWF_IMPS_CSP_PRIM_H

#include <stddef.h>
#include <stdint.h>
#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"

/*
 * Conventions of every structure below:
 * - strings: NULL when the element is absent, "" when it is present and empty;
 * - enum csp_bool: CSP_ABSENT when absent;
 * - numbers (long): -1 when absent; input is strict unsigned decimal within
 *   the bound of the field (EPROTO otherwise);
 * - repeated elements: {T *v; size_t n;} in document order;
 * - optional sub-structures: pointers, NULL when absent;
 * - element order on input is free (real clients break the DTD order);
 *   output follows the 1.1 DTD order;
 * - unknown and foreign-namespace children are ignored on input (the
 *   generic tree still has them).
 * Make structures with csp_prim_new()/csp_struct_new() (which set the
 * "absent" values) rather than with a bare memset.
 * 1.3 spellings that are read as well: UserIDList/ContactListIDList beside
 * User/UserID and ContactList lists (kept in their own fields), CIRHTTPAddress
 * beside CIRURL, AgreedCapabilityList beside CapabilityList.
 */

struct csp_strs {
	char const **v;
	size_t n;
};

/* Result (Code, Description?, DetailedResult*). */
struct csp_screen_name {
	char const *sname;            /* SName */
	char const *group_id;         /* GroupID */
};

struct csp_screen_names {
	struct csp_screen_name *v;
	size_t n;
};

struct csp_detailed_result {
	long code;                    /* mandatory, 100..999 */
	char const *description;
	struct csp_strs user_ids;     /* UserID* */
	struct csp_strs group_ids;    /* GroupID* */
	struct csp_screen_names screen_names;
	struct csp_strs message_ids;  /* MessageID* */
	struct csp_strs contact_lists; /* ContactList* (1.2+) */
	struct csp_strs domains;      /* Domain* (1.3) */
};

struct csp_result {
	long code;                    /* mandatory, 100..999 */
	char const *description;
	struct {
		struct csp_detailed_result *v;
		size_t n;
	} details;
};

/* User (UserID, ClientID?, FriendlyName? (1.3)) */
struct csp_user {
	char const *user_id;          /* mandatory */
	struct imps_client_id client_id;
	char const *friendly_name;
};

struct csp_users {
	struct csp_user *v;
	size_t n;
};

/* Group (GroupID | ScreenName) */
struct csp_group {
	char const *group_id;
	struct csp_screen_name *screen_name;
};

struct csp_sender {
	struct csp_user *user;
	struct csp_group *group;
};

struct csp_recipient {
	struct csp_users users;
	struct {
		struct csp_group *v;
		size_t n;
	} groups;
	struct csp_strs contact_lists;
};

struct csp_message_info {
	char const *message_id;
	char const *message_uri;
	char const *content_type;
	char const *content_encoding; /* None | BASE64 */
	long content_size;            /* mandatory in 1.1 */
	struct csp_recipient *recipient; /* mandatory */
	struct csp_sender *sender;    /* mandatory */
	char const *date_time;        /* ISO 8601 basic, kept as text */
	long validity;                /* seconds */
};

struct csp_message_infos {
	struct csp_message_info *v;
	size_t n;
};

/* NickName (Name, UserID) and the lists that hold them. */
struct csp_nick_name {
	char const *name;
	char const *user_id;
};

/* NickList / AddNickList: ((NickName | UserID)*). Bare UserIDs are kept
 * apart from NickNames (their relative order is lost). */
struct csp_nick_list {
	struct {
		struct csp_nick_name *v;
		size_t n;
	} nick_names;
	struct csp_strs user_ids;
};

struct csp_property {
	char const *name;
	char const *value;
};

struct csp_properties {               /* ContactListProperties (Property+) */
	struct {
		struct csp_property *v;
		size_t n;
	} v;
};

/* EntityList / AddList / RemoveList */
struct csp_entity_list {
	struct csp_strs user_ids;
	struct csp_screen_names screen_names;
	struct csp_strs group_ids;
	struct csp_strs contact_lists; /* 1.2+ */
};

/* BlockList / GrantList (InUse?, (EntityList | (AddList?, RemoveList?))) */
struct csp_block_list {
	enum csp_bool in_use;
	struct csp_entity_list *entity_list;
	struct csp_entity_list *add_list;
	struct csp_entity_list *remove_list;
};

/* Presence ((UserID | ContactList), PresenceSubList*) */
struct csp_presence {
	char const *user_id;
	char const *contact_list;
	struct {
		struct imps_pres **v;
		size_t n;
	} sub_lists;
};

struct csp_presences {
	struct csp_presence *v;
	size_t n;
};

/* A PresenceSubList used as a list of attribute names (requests). */
struct csp_attr_list {
	int present;                  /* the PresenceSubList element appears */
	imps_attr_set set;
	size_t n_unknown;             /* unknown names seen (input only) */
};

/* Service negotiation: the function codes of the DTD (+1.2/1.3 ones from
 * the 1.3 token table / Baraza). One bit each, see csp_func_by_name(). */
typedef uint64_t csp_func_set;

struct csp_functions {
	int present;                  /* the Functions / AllFunctions element appears */
	csp_func_set set;
};

/* CIRURL / CIRHTTPAddress (URL) */
struct csp_url {
	char const *url;
};

struct csp_capability_list {
	char const *client_type;             /* MOBILE_PHONE, COMPUTER, ... */
	char const *initial_delivery_method; /* P | N */
	enum csp_bool any_content;
	struct csp_strs accepted_charsets;   /* AcceptedCharSet* (1.2: AcceptedCharset) */
	struct csp_strs accepted_content_types;
	struct csp_strs accepted_transfer_encodings;
	long accepted_content_length;
	struct csp_strs supported_bearers;
	long multi_trans;
	long parser_size;
	struct csp_strs supported_cir_methods;
	long udp_port;                       /* 0..65535 */
	char const *tcp_address;
	long tcp_port;                       /* 0..65535 */
	long server_poll_min;
	char const *default_language;
	struct csp_url *cir_url;             /* 1.2 CIRURL */
	struct csp_url *cir_http_address;    /* 1.3 CIRHTTPAddress */
	long accepted_pull_length;           /* 1.2+ */
	long accepted_push_length;
	long accepted_text_content_length;
	long multi_trans_per_message;        /* 1.3 */
	char const *cir_sms_address;         /* 1.3 CIRSMSAddress */
};

/* --- primitives --- */

enum csp_prim_type {
	CSP_PRIM_UNKNOWN = 0,
	/* session */
	CSP_PRIM_STATUS,
	CSP_PRIM_POLLING_REQUEST,
	CSP_PRIM_LOGIN_REQUEST,
	CSP_PRIM_LOGIN_RESPONSE,
	CSP_PRIM_LOGOUT_REQUEST,
	CSP_PRIM_DISCONNECT,
	CSP_PRIM_KEEPALIVE_REQUEST,
	CSP_PRIM_KEEPALIVE_RESPONSE,
	CSP_PRIM_CLIENT_CAPABILITY_REQUEST,
	CSP_PRIM_CLIENT_CAPABILITY_RESPONSE,
	CSP_PRIM_SERVICE_REQUEST,
	CSP_PRIM_SERVICE_RESPONSE,
	/* presence */
	CSP_PRIM_SUBSCRIBE_PRESENCE_REQUEST,
	CSP_PRIM_UNSUBSCRIBE_PRESENCE_REQUEST,
	CSP_PRIM_GET_PRESENCE_REQUEST,
	CSP_PRIM_GET_PRESENCE_RESPONSE,
	CSP_PRIM_UPDATE_PRESENCE_REQUEST,
	CSP_PRIM_PRESENCE_NOTIFICATION_REQUEST,
	CSP_PRIM_PRESENCE_AUTH_REQUEST,
	CSP_PRIM_PRESENCE_AUTH_USER,
	CSP_PRIM_CANCEL_AUTH_REQUEST,
	CSP_PRIM_GET_WATCHER_LIST_REQUEST,
	CSP_PRIM_GET_WATCHER_LIST_RESPONSE,
	CSP_PRIM_CREATE_ATTRIBUTE_LIST_REQUEST,
	CSP_PRIM_DELETE_ATTRIBUTE_LIST_REQUEST,
	CSP_PRIM_GET_ATTRIBUTE_LIST_REQUEST,
	CSP_PRIM_GET_ATTRIBUTE_LIST_RESPONSE,
	/* contact lists, block lists */
	CSP_PRIM_GET_LIST_REQUEST,
	CSP_PRIM_GET_LIST_RESPONSE,
	CSP_PRIM_CREATE_LIST_REQUEST,
	CSP_PRIM_DELETE_LIST_REQUEST,
	CSP_PRIM_LIST_MANAGE_REQUEST,
	CSP_PRIM_LIST_MANAGE_RESPONSE,
	CSP_PRIM_GET_BLOCKED_LIST_REQUEST,
	CSP_PRIM_GET_BLOCKED_LIST_RESPONSE,
	CSP_PRIM_BLOCK_ENTITY_REQUEST,
	/* IM */
	CSP_PRIM_SEND_MESSAGE_REQUEST,
	CSP_PRIM_SEND_MESSAGE_RESPONSE,
	CSP_PRIM_NEW_MESSAGE,
	CSP_PRIM_MESSAGE_DELIVERED,
	CSP_PRIM_MESSAGE_NOTIFICATION,
	CSP_PRIM_GET_MESSAGE_REQUEST,
	CSP_PRIM_GET_MESSAGE_RESPONSE,
	CSP_PRIM_GET_MESSAGE_LIST_REQUEST,
	CSP_PRIM_GET_MESSAGE_LIST_RESPONSE,
	CSP_PRIM_REJECT_MESSAGE_REQUEST,
	CSP_PRIM_SET_DELIVERY_METHOD_REQUEST,
	CSP_PRIM_DELIVERY_REPORT_REQUEST,
	CSP_PRIM_FORWARD_MESSAGE_REQUEST,
	CSP_PRIM_COUNT
};

/* session */
struct csp_status {
	struct csp_result *result;    /* mandatory */
	struct imps_client_id client_id;
};

struct csp_login_request {
	char const *user_id;          /* mandatory */
	struct imps_client_id client_id; /* mandatory */
	char const *password;
	char const *digest_bytes;
	struct csp_strs digest_schemas; /* DigestSchema* (AOSP sends several) */
	long time_to_live;
	char const *session_cookie;   /* mandatory in 1.1, optional here */
};

struct csp_login_response {
	struct imps_client_id client_id; /* mandatory */
	struct csp_result *result;    /* mandatory */
	char const *nonce;
	struct csp_strs digest_schemas;
	char const *session_id;
	long keep_alive_time;
	enum csp_bool capability_request;
};

struct csp_disconnect {
	struct csp_result *result;    /* mandatory */
};

struct csp_keepalive_request {
	long time_to_live;
};

struct csp_keepalive_response {
	struct csp_result *result;    /* mandatory */
	long keep_alive_time;
};

struct csp_client_capability {        /* -Request and -Response */
	struct imps_client_id client_id; /* 1.1 only */
	struct csp_capability_list *capability_list; /* mandatory unless `agreed` */
	struct csp_capability_list *agreed; /* 1.3 AgreedCapabilityList (response) */
};

struct csp_service_request {
	struct imps_client_id client_id; /* 1.1 only */
	struct csp_functions functions; /* mandatory */
	enum csp_bool all_functions_request; /* mandatory in 1.1 */
};

struct csp_service_response {
	struct imps_client_id client_id;
	struct csp_functions functions;
	struct csp_functions all_functions;
};

/* presence */
struct csp_subscribe_presence {       /* Subscribe- and UnsubscribePresence-Request */
	struct csp_users users;       /* User* */
	struct csp_strs user_id_list; /* 1.3 UserIDList(UserID*) */
	struct csp_strs contact_lists; /* ContactList* */
	struct csp_strs contact_list_id_list; /* 1.3 ContactListIDList */
	struct csp_attr_list attrs;   /* PresenceSubList? (subscribe only) */
	enum csp_bool auto_subscribe; /* 1.2 (subscribe only) */
};

struct csp_get_presence_request {
	struct csp_users users;       /* User+ or ContactList+ */
	struct csp_strs user_id_list;
	struct csp_strs contact_lists;
	struct csp_strs contact_list_id_list;
	struct csp_attr_list attrs;
};

struct csp_get_presence_response {
	struct csp_result *result;    /* mandatory in 1.1 */
	struct csp_presences presences;
};

struct csp_update_presence_request {
	struct imps_pres *pres;       /* mandatory */
};

struct csp_presence_notification {
	struct csp_presences presences; /* Presence+ */
};

struct csp_presence_auth_request {
	char const *user_id;          /* mandatory: the watcher */
	struct csp_attr_list attrs;
};

struct csp_presence_auth_user {
	char const *user_id;          /* mandatory */
	enum csp_bool acceptance;     /* mandatory */
	struct csp_attr_list attrs;   /* 1.2: grant a subset */
};

struct csp_cancel_auth_request {
	char const *user_id;          /* mandatory */
};

struct csp_get_watcher_list_response {
	struct csp_users users;
};

struct csp_create_attribute_list {
	struct csp_attr_list attrs;   /* mandatory */
	struct csp_strs user_ids;
	struct csp_strs user_id_list; /* 1.3 */
	struct csp_strs contact_lists;
	struct csp_strs contact_list_id_list; /* 1.3 */
	enum csp_bool default_list;   /* mandatory in 1.1 */
};

struct csp_delete_attribute_list {
	struct csp_strs user_ids;
	struct csp_strs user_id_list;
	struct csp_strs contact_lists;
	struct csp_strs contact_list_id_list;
	enum csp_bool default_list;   /* mandatory in 1.1 */
};

struct csp_get_attribute_list_request {
	enum csp_bool default_list;   /* mandatory in 1.1 */
	struct csp_strs contact_lists;
	struct csp_users users;
};

struct csp_get_attribute_list_response {
	struct csp_result *result;    /* mandatory */
	struct csp_attr_list default_attribute_list; /* DefaultAttributeList(PresenceSubList) */
	struct csp_presences presences; /* PresenceSubLists hold names only */
};

/* lists */
struct csp_get_list_response {
	struct csp_strs contact_lists;
	struct csp_strs contact_list_id_list; /* 1.3 */
	char const *default_contact_list;
};

struct csp_create_list_request {
	char const *contact_list;     /* mandatory */
	struct csp_nick_list *nick_list;
	struct csp_properties *properties;
};

struct csp_delete_list_request {
	char const *contact_list;     /* mandatory */
};

struct csp_list_manage_request {
	char const *contact_list;     /* mandatory */
	struct csp_nick_list *add_nick_list;
	struct csp_strs remove_nick_list; /* RemoveNickList(UserID+) */
	struct csp_properties *properties;
	enum csp_bool receive_list;   /* 1.2 */
};

struct csp_list_manage_response {
	struct csp_result *result;    /* mandatory */
	struct csp_nick_list *nick_list;
	struct csp_properties *properties;
};

struct csp_blocked_lists {            /* GetBlockedList-Response, BlockEntity-Request */
	struct csp_block_list *block_list;
	struct csp_block_list *grant_list;
	enum csp_bool block_list_in_use; /* 1.3 */
	enum csp_bool grant_list_in_use; /* 1.3 */
};

/* IM */
struct csp_send_message_request {
	enum csp_bool delivery_report; /* mandatory */
	struct csp_message_info *message_info; /* mandatory */
	char const *content_data;
};

struct csp_send_message_response {
	struct csp_result *result;    /* mandatory */
	char const *message_id;
};

struct csp_message {                  /* NewMessage, GetMessage-Response */
	struct csp_message_info *message_info; /* mandatory */
	char const *content_data;
};

struct csp_message_id {               /* MessageDelivered, GetMessage-Request */
	char const *message_id;       /* mandatory */
};

struct csp_message_notification {
	struct csp_message_info *message_info; /* mandatory */
};

struct csp_get_message_list_request {
	char const *group_id;
	long message_count;
};

struct csp_get_message_list_response {
	struct csp_message_infos message_infos;
	long message_total_count;     /* 1.3 */
};

struct csp_reject_message_request {
	struct csp_strs message_ids;  /* MessageID+ */
};

struct csp_set_delivery_method_request {
	char const *delivery_method;  /* mandatory: P | N */
	long accepted_content_length;
	char const *group_id;
};

struct csp_delivery_report_request {
	struct csp_result *result;    /* mandatory */
	char const *delivery_time;
	struct csp_message_info *message_info; /* mandatory */
};

struct csp_forward_message_request {
	char const *message_id;       /* mandatory */
	struct csp_recipient *recipient; /* mandatory */
};

struct csp_prim {
	enum csp_prim_type type;
	union {
		struct csp_status status;
		/* Polling-Request, Logout-Request, GetWatcherList-Request,
		 * GetList-Request, GetBlockedList-Request: no content */
		struct csp_login_request login_request;
		struct csp_login_response login_response;
		struct csp_disconnect disconnect;
		struct csp_keepalive_request keepalive_request;
		struct csp_keepalive_response keepalive_response;
		struct csp_client_capability client_capability; /* request and response */
		struct csp_service_request service_request;
		struct csp_service_response service_response;
		struct csp_subscribe_presence subscribe_presence; /* (Un)SubscribePresence */
		struct csp_get_presence_request get_presence_request;
		struct csp_get_presence_response get_presence_response;
		struct csp_update_presence_request update_presence_request;
		struct csp_presence_notification presence_notification;
		struct csp_presence_auth_request presence_auth_request;
		struct csp_presence_auth_user presence_auth_user;
		struct csp_cancel_auth_request cancel_auth_request;
		struct csp_get_watcher_list_response get_watcher_list_response;
		struct csp_create_attribute_list create_attribute_list;
		struct csp_delete_attribute_list delete_attribute_list;
		struct csp_get_attribute_list_request get_attribute_list_request;
		struct csp_get_attribute_list_response get_attribute_list_response;
		struct csp_get_list_response get_list_response;
		struct csp_create_list_request create_list_request;
		struct csp_delete_list_request delete_list_request;
		struct csp_list_manage_request list_manage_request;
		struct csp_list_manage_response list_manage_response;
		struct csp_blocked_lists blocked_lists; /* GetBlockedList-Response, BlockEntity */
		struct csp_send_message_request send_message_request;
		struct csp_send_message_response send_message_response;
		struct csp_message message;   /* NewMessage, GetMessage-Response */
		struct csp_message_id message_id; /* MessageDelivered, GetMessage-Request */
		struct csp_message_notification message_notification;
		struct csp_get_message_list_request get_message_list_request;
		struct csp_get_message_list_response get_message_list_response;
		struct csp_reject_message_request reject_message_request;
		struct csp_set_delivery_method_request set_delivery_method_request;
		struct csp_delivery_report_request delivery_report_request;
		struct csp_forward_message_request forward_message_request;
	} u;
};

/* Why an input was refused: a suggested CSP status and a description,
 * ready for Result(Code, Description). */
struct csp_prim_error {
	int status;                   /* 402 missing/invalid element, 751 invalid
				       * presence value, 400 otherwise */
	char const *element;          /* the element at fault (static), or NULL */
	char desc[160];               /* e.g. "Missing UserID in Login-Request" */
};

/* Limits (beyond them: E2BIG). */
#define CSP_PRIM_MAX_REPEAT 1024      /* elements of one repeated field */

/* Element name of a primitive type, NULL for UNKNOWN/out of range. */
char const *csp_prim_name(enum csp_prim_type t);
/* Type of a primitive element name (exact); CSP_PRIM_UNKNOWN when none. */
enum csp_prim_type csp_prim_type_by_name(char const *name);

/* A new primitive of type t in `home`, with every field absent. NULL on
 * ENOMEM or an invalid type. */
struct csp_prim *csp_prim_new(su_home_t *home, enum csp_prim_type t);

/*
 * Reads a primitive element (the content of TransactionContent) into a new
 * struct csp_prim allocated in `home` (strings copied).
 * Errors: EINVAL (NULL args), ENOTSUP (a primitive this code does not type:
 * err->element is its name), EPROTO (a mandatory element missing, a value
 * invalid: T/F, number, presence attribute; err says which and suggests the
 * status), E2BIG (CSP_PRIM_MAX_REPEAT), ENOMEM. `err` may be NULL.
 * *out is written only on success.
 */
int csp_prim_from_node(su_home_t *home, struct csp_node const *n, struct csp_prim **out,
		       struct csp_prim_error *err);

/*
 * Writes the primitive as a new element under `parent` (NULL: a new root);
 * *out (may be NULL) receives it. csp_prim_fill() adds the children to an
 * existing element instead (e.g. the one csp_msg_new() made).
 * Errors: EINVAL (NULL args, unknown type, a mandatory field absent, a
 * number out of bounds), ENOMEM.
 */
int csp_prim_to_node(su_home_t *home, struct csp_prim const *p, struct csp_node *parent,
		     struct csp_node **out);
int csp_prim_fill(su_home_t *home, struct csp_prim const *p, struct csp_node *elem);

/* A new one-transaction message carrying `p` (see csp_msg_new()). */
int csp_prim_msg_new(su_home_t *home, enum csp_version v, char const *session_id,
		     enum csp_mode mode, char const *tid, struct csp_prim const *p,
		     struct csp_msg **msgp);

/* 1 when a and b are of the same type with equal fields, else 0. */
int csp_prim_equal(struct csp_prim const *a, struct csp_prim const *b);

/* --- sub-structures --- */

/* Opaque descriptors of the sub-structures, for csp_struct_new(). */
struct csp_desc;
extern struct csp_desc const csp_desc_result, csp_desc_detailed_result, csp_desc_user,
	csp_desc_group, csp_desc_screen_name, csp_desc_sender, csp_desc_recipient,
	csp_desc_message_info, csp_desc_nick_list, csp_desc_properties,
	csp_desc_entity_list, csp_desc_block_list, csp_desc_presence,
	csp_desc_capability_list, csp_desc_url;

/* A zeroed structure of that descriptor with its absent values set
 * (numbers -1, T/F CSP_ABSENT). NULL on ENOMEM. */
void *csp_struct_new(su_home_t *home, struct csp_desc const *d);
/* Sets the absent values of an existing structure (e.g. array items). */
void csp_struct_init(struct csp_desc const *d, void *s);
/* A Result with `code` and a copied description (may be NULL). */
struct csp_result *csp_result_new(su_home_t *home, long code, char const *description);

/* --- service functions --- */

/* Bit of a function code ("GETPR"), 0 when unknown. */
csp_func_set csp_func_by_name(char const *code);
/* Code of a single bit, NULL when it is none. */
char const *csp_func_name(csp_func_set bit);
/* Every function of a feature ("PresenceFeat") or function group
 * ("ContListFunc"), 0 when unknown. */
csp_func_set csp_func_group(char const *name);
/* Every known function. */
csp_func_set csp_func_all(void);

#endif
