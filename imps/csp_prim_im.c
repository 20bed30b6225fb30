/* imps/csp_prim_im.c: instant-messaging primitives (SendMessage, NewMessage, GetMessage, ...). */
#include "config.h"

#include "imps/csp_prim_int.h"

/* SendMessage-Request (DeliveryReport, MessageInfo, ContentData?) */
static struct csp_field const send_message_request_fields[] = {
	CSP_FBOOL("DeliveryReport", struct csp_send_message_request, delivery_report,
		  CSP_FL_REQ),
	CSP_FSUBP("MessageInfo", struct csp_send_message_request, message_info, CSP_FL_REQ,
		  &csp_desc_message_info),
	CSP_FSTR("ContentData", struct csp_send_message_request, content_data, 0),
};
static struct csp_desc const send_message_request_desc =
	CSP_DESC("SendMessage-Request", struct csp_send_message_request,
		 send_message_request_fields, NULL);

/* SendMessage-Response (Result, MessageID?) */
static struct csp_field const send_message_response_fields[] = {
	CSP_FSUBP("Result", struct csp_send_message_response, result, CSP_FL_REQ,
		  &csp_desc_result),
	CSP_FSTR("MessageID", struct csp_send_message_response, message_id, 0),
};
static struct csp_desc const send_message_response_desc =
	CSP_DESC("SendMessage-Response", struct csp_send_message_response,
		 send_message_response_fields, NULL);

/* NewMessage, GetMessage-Response (MessageInfo, ContentData?) */
static struct csp_field const message_fields[] = {
	CSP_FSUBP("MessageInfo", struct csp_message, message_info, CSP_FL_REQ,
		  &csp_desc_message_info),
	CSP_FSTR("ContentData", struct csp_message, content_data, 0),
};
static struct csp_desc const new_message_desc =
	CSP_DESC("NewMessage", struct csp_message, message_fields, NULL);
static struct csp_desc const get_message_response_desc =
	CSP_DESC("GetMessage-Response", struct csp_message, message_fields, NULL);

/* MessageDelivered, GetMessage-Request (MessageID) */
static struct csp_field const message_id_fields[] = {
	CSP_FSTR("MessageID", struct csp_message_id, message_id, CSP_FL_REQ),
};
static struct csp_desc const message_delivered_desc =
	CSP_DESC("MessageDelivered", struct csp_message_id, message_id_fields, NULL);
static struct csp_desc const get_message_request_desc =
	CSP_DESC("GetMessage-Request", struct csp_message_id, message_id_fields, NULL);

/* MessageNotification (MessageInfo) */
static struct csp_field const message_notification_fields[] = {
	CSP_FSUBP("MessageInfo", struct csp_message_notification, message_info, CSP_FL_REQ,
		  &csp_desc_message_info),
};
static struct csp_desc const message_notification_desc =
	CSP_DESC("MessageNotification", struct csp_message_notification,
		 message_notification_fields, NULL);

/* GetMessageList-Request (GroupID?, MessageCount?) */
static struct csp_field const get_message_list_request_fields[] = {
	CSP_FSTR("GroupID", struct csp_get_message_list_request, group_id, 0),
	CSP_FUINT("MessageCount", struct csp_get_message_list_request, message_count, 0,
		  CSP_NUM_MAX),
};
static struct csp_desc const get_message_list_request_desc =
	CSP_DESC("GetMessageList-Request", struct csp_get_message_list_request,
		 get_message_list_request_fields, NULL);

/* GetMessageList-Response (MessageInfo*) + 1.3 MessageTotalCount */
static struct csp_field const get_message_list_response_fields[] = {
	CSP_FSUBS("MessageInfo", struct csp_get_message_list_response, message_infos, 0,
		  &csp_desc_message_info),
	CSP_FUINT("MessageTotalCount", struct csp_get_message_list_response,
		  message_total_count, 0, CSP_NUM_MAX),
};
static struct csp_desc const get_message_list_response_desc =
	CSP_DESC("GetMessageList-Response", struct csp_get_message_list_response,
		 get_message_list_response_fields, NULL);

/* RejectMessage-Request (MessageID+) */
static struct csp_field const reject_message_fields[] = {
	CSP_FSTRS("MessageID", struct csp_reject_message_request, message_ids, CSP_FL_REQ),
};
static struct csp_desc const reject_message_desc =
	CSP_DESC("RejectMessage-Request", struct csp_reject_message_request,
		 reject_message_fields, NULL);

/* SetDeliveryMethod-Request (DeliveryMethod, AcceptedContentLength?, GroupID?) */
static struct csp_field const set_delivery_method_fields[] = {
	CSP_FSTR("DeliveryMethod", struct csp_set_delivery_method_request, delivery_method,
		 CSP_FL_REQ),
	CSP_FUINT("AcceptedContentLength", struct csp_set_delivery_method_request,
		  accepted_content_length, 0, CSP_NUM_MAX),
	CSP_FSTR("GroupID", struct csp_set_delivery_method_request, group_id, 0),
};
static struct csp_desc const set_delivery_method_desc =
	CSP_DESC("SetDeliveryMethod-Request", struct csp_set_delivery_method_request,
		 set_delivery_method_fields, NULL);

/* DeliveryReport-Request (Result, DeliveryTime?, MessageInfo) */
static struct csp_field const delivery_report_fields[] = {
	CSP_FSUBP("Result", struct csp_delivery_report_request, result, CSP_FL_REQ,
		  &csp_desc_result),
	CSP_FSTR("DeliveryTime", struct csp_delivery_report_request, delivery_time, 0),
	CSP_FSUBP("MessageInfo", struct csp_delivery_report_request, message_info, CSP_FL_REQ,
		  &csp_desc_message_info),
};
static struct csp_desc const delivery_report_desc =
	CSP_DESC("DeliveryReport-Request", struct csp_delivery_report_request,
		 delivery_report_fields, NULL);

/* ForwardMessage-Request (MessageID, Recipient) */
static struct csp_field const forward_message_fields[] = {
	CSP_FSTR("MessageID", struct csp_forward_message_request, message_id, CSP_FL_REQ),
	CSP_FSUBP("Recipient", struct csp_forward_message_request, recipient, CSP_FL_REQ,
		  &csp_desc_recipient),
};
static struct csp_desc const forward_message_desc =
	CSP_DESC("ForwardMessage-Request", struct csp_forward_message_request,
		 forward_message_fields, NULL);

struct csp_prim_row const csp_prim_rows_im[] = {
	{CSP_PRIM_SEND_MESSAGE_REQUEST, "SendMessage-Request", &send_message_request_desc},
	{CSP_PRIM_SEND_MESSAGE_RESPONSE, "SendMessage-Response", &send_message_response_desc},
	{CSP_PRIM_NEW_MESSAGE, "NewMessage", &new_message_desc},
	{CSP_PRIM_MESSAGE_DELIVERED, "MessageDelivered", &message_delivered_desc},
	{CSP_PRIM_MESSAGE_NOTIFICATION, "MessageNotification", &message_notification_desc},
	{CSP_PRIM_GET_MESSAGE_REQUEST, "GetMessage-Request", &get_message_request_desc},
	{CSP_PRIM_GET_MESSAGE_RESPONSE, "GetMessage-Response", &get_message_response_desc},
	{CSP_PRIM_GET_MESSAGE_LIST_REQUEST, "GetMessageList-Request",
	 &get_message_list_request_desc},
	{CSP_PRIM_GET_MESSAGE_LIST_RESPONSE, "GetMessageList-Response",
	 &get_message_list_response_desc},
	{CSP_PRIM_REJECT_MESSAGE_REQUEST, "RejectMessage-Request", &reject_message_desc},
	{CSP_PRIM_SET_DELIVERY_METHOD_REQUEST, "SetDeliveryMethod-Request",
	 &set_delivery_method_desc},
	{CSP_PRIM_DELIVERY_REPORT_REQUEST, "DeliveryReport-Request", &delivery_report_desc},
	{CSP_PRIM_FORWARD_MESSAGE_REQUEST, "ForwardMessage-Request", &forward_message_desc},
};
size_t const csp_prim_rows_im_n = sizeof csp_prim_rows_im / sizeof csp_prim_rows_im[0];
