/* imps/csp_order.c: child order of each element of the WV-CSP 1.1 DTD (generated, do not edit). */
/* Made by scripts/gen-csp-order.py from tests/data/wv-csp_1_1.dtd. */
#include "config.h"

#include "imps/csp_order.h"

static struct csp_order_child const c_AddGroupMembers_Request[] = {
	{"GroupID", 0},
	{"UserList", 1},
};
static struct csp_order_child const c_AddList[] = {
	{"UserID", 0},
	{"ScreenName", 1},
	{"GroupID", 2},
};
static struct csp_order_child const c_AddNickList[] = {
	{"NickName", 0},
	{"UserID", 0},
};
static struct csp_order_child const c_Admin[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_AllFunctions[] = {
	{"WVCSPFeat", 0},
};
static struct csp_order_child const c_AttListFunc[] = {
	{"CALI", 0},
	{"DALI", 1},
	{"GALS", 2},
};
static struct csp_order_child const c_BlockEntity_Request[] = {
	{"BlockList", 0},
	{"GrantList", 1},
};
static struct csp_order_child const c_BlockList[] = {
	{"InUse", 0},
	{"EntityList", 1},
	{"AddList", 2},
	{"RemoveList", 3},
};
static struct csp_order_child const c_CancelAuth_Request[] = {
	{"UserID", 0},
};
static struct csp_order_child const c_CancelInvite_Request[] = {
	{"InviteID", 0},
	{"Recipient", 1},
	{"InviteNote", 2},
	{"URLList", 3},
	{"ScreenName", 4},
};
static struct csp_order_child const c_CancelInviteUser_Request[] = {
	{"InviteID", 0},
	{"Sender", 1},
	{"InviteNote", 2},
	{"URLList", 3},
};
static struct csp_order_child const c_CapabilityList[] = {
	{"ClientType", 0},
	{"InitialDeliveryMethod", 1},
	{"AnyContent", 2},
	{"AcceptedCharSet", 3},
	{"AcceptedContentType", 4},
	{"AcceptedTransferEncoding", 5},
	{"AcceptedContentLength", 6},
	{"SupportedBearer", 7},
	{"MultiTrans", 8},
	{"ParserSize", 9},
	{"SupportedCIRMethod", 10},
	{"UDPPort", 11},
	{"TCPAddress", 12},
	{"TCPPort", 13},
	{"ServerPollMin", 14},
	{"DefaultLanguage", 15},
};
static struct csp_order_child const c_ClientCapability_Request[] = {
	{"ClientID", 0},
	{"CapabilityList", 1},
};
static struct csp_order_child const c_ClientCapability_Response[] = {
	{"ClientID", 0},
	{"CapabilityList", 1},
};
static struct csp_order_child const c_ClientID[] = {
	{"URL", 0},
	{"MSISDN", 1},
};
static struct csp_order_child const c_ContListFunc[] = {
	{"GCLI", 0},
	{"CCLI", 1},
	{"DCLI", 2},
	{"MCLS", 3},
};
static struct csp_order_child const c_ContactListProperties[] = {
	{"Property", 0},
};
static struct csp_order_child const c_CreateAttributeList_Request[] = {
	{"PresenceSubList", 0},
	{"UserID", 1},
	{"ContactList", 2},
	{"DefaultList", 3},
};
static struct csp_order_child const c_CreateGroup_Request[] = {
	{"GroupID", 0},
	{"GroupProperties", 1},
	{"JoinGroup", 2},
	{"ScreenName", 3},
	{"SubscribeNotification", 4},
};
static struct csp_order_child const c_CreateList_Request[] = {
	{"ContactList", 0},
	{"NickList", 1},
	{"ContactListProperties", 2},
};
static struct csp_order_child const c_DefaultAttributeList[] = {
	{"PresenceSubList", 0},
};
static struct csp_order_child const c_DeleteAttributeList_Request[] = {
	{"UserID", 0},
	{"ContactList", 1},
	{"DefaultList", 2},
};
static struct csp_order_child const c_DeleteGroup_Request[] = {
	{"GroupID", 0},
};
static struct csp_order_child const c_DeleteList_Request[] = {
	{"ContactList", 0},
};
static struct csp_order_child const c_DeliveryReport_Request[] = {
	{"Result", 0},
	{"DeliveryTime", 1},
	{"MessageInfo", 2},
};
static struct csp_order_child const c_DetailedResult[] = {
	{"Code", 0},
	{"Description", 1},
	{"UserID", 2},
	{"GroupID", 3},
	{"ScreenName", 4},
	{"MessageID", 5},
};
static struct csp_order_child const c_Disconnect[] = {
	{"Result", 0},
};
static struct csp_order_child const c_EntityList[] = {
	{"UserID", 0},
	{"ScreenName", 1},
	{"GroupID", 2},
};
static struct csp_order_child const c_ForwardMessage_Request[] = {
	{"MessageID", 0},
	{"Recipient", 1},
};
static struct csp_order_child const c_Functions[] = {
	{"WVCSPFeat", 0},
};
static struct csp_order_child const c_FundamentalFeat[] = {
	{"ServiceFunc", 0},
	{"SearchFunc", 1},
	{"InviteFunc", 2},
};
static struct csp_order_child const c_GetAttributeList_Request[] = {
	{"DefaultList", 0},
	{"ContactList", 1},
	{"User", 2},
};
static struct csp_order_child const c_GetAttributeList_Response[] = {
	{"Result", 0},
	{"DefaultAttributeList", 1},
	{"Presence", 2},
};
static struct csp_order_child const c_GetBlockedList_Response[] = {
	{"BlockList", 0},
	{"GrantList", 1},
};
static struct csp_order_child const c_GetGroupMembers_Request[] = {
	{"GroupID", 0},
};
static struct csp_order_child const c_GetGroupMembers_Response[] = {
	{"Admin", 0},
	{"Mod", 1},
	{"Users", 2},
};
static struct csp_order_child const c_GetGroupProps_Request[] = {
	{"GroupID", 0},
};
static struct csp_order_child const c_GetGroupProps_Response[] = {
	{"GroupProperties", 0},
	{"OwnProperties", 1},
};
static struct csp_order_child const c_GetList_Response[] = {
	{"ContactList", 0},
	{"DefaultContactList", 1},
};
static struct csp_order_child const c_GetMessage_Request[] = {
	{"MessageID", 0},
};
static struct csp_order_child const c_GetMessage_Response[] = {
	{"MessageInfo", 0},
	{"ContentData", 1},
};
static struct csp_order_child const c_GetMessageList_Request[] = {
	{"GroupID", 0},
	{"MessageCount", 1},
};
static struct csp_order_child const c_GetMessageList_Response[] = {
	{"MessageInfo", 0},
};
static struct csp_order_child const c_GetPresence_Request[] = {
	{"User", 0},
	{"ContactList", 1},
	{"PresenceSubList", 2},
};
static struct csp_order_child const c_GetPresence_Response[] = {
	{"Result", 0},
	{"Presence", 1},
};
static struct csp_order_child const c_GetSPInfo_Request[] = {
	{"ClientID", 0},
};
static struct csp_order_child const c_GetSPInfo_Response[] = {
	{"ClientID", 0},
	{"Name", 1},
	{"Logo", 2},
	{"Description", 3},
	{"URL", 4},
};
static struct csp_order_child const c_GetWatcherList_Response[] = {
	{"User", 0},
};
static struct csp_order_child const c_GrantList[] = {
	{"InUse", 0},
	{"EntityList", 1},
	{"AddList", 2},
	{"RemoveList", 3},
};
static struct csp_order_child const c_Group[] = {
	{"GroupID", 0},
	{"ScreenName", 1},
};
static struct csp_order_child const c_GroupAuthFunc[] = {
	{"GETGM", 0},
	{"ADDGM", 1},
	{"RMVGM", 2},
	{"MBRAC", 3},
	{"REJEC", 4},
};
static struct csp_order_child const c_GroupChangeNotice[] = {
	{"GroupID", 0},
	{"Joined", 1},
	{"Left", 2},
	{"GroupProperties", 3},
	{"OwnProperties", 4},
};
static struct csp_order_child const c_GroupFeat[] = {
	{"GroupMgmtFunc", 0},
	{"GroupUseFunc", 1},
	{"GroupAuthFunc", 2},
};
static struct csp_order_child const c_GroupList[] = {
	{"GroupID", 0},
};
static struct csp_order_child const c_GroupMgmtFunc[] = {
	{"CREAG", 0},
	{"DELGR", 1},
	{"GETGP", 2},
	{"SETGP", 3},
};
static struct csp_order_child const c_GroupProperties[] = {
	{"Property", 0},
	{"WelcomeNote", 1},
};
static struct csp_order_child const c_GroupUseFunc[] = {
	{"SUBGCN", 0},
	{"GRCHN", 1},
};
static struct csp_order_child const c_IMAuthFunc[] = {
	{"GLBLU", 0},
	{"BLENT", 1},
};
static struct csp_order_child const c_IMFeat[] = {
	{"IMSendFunc", 0},
	{"IMReceiveFunc", 1},
	{"IMAuthFunc", 2},
};
static struct csp_order_child const c_IMReceiveFunc[] = {
	{"SETD", 0},
	{"GETLM", 1},
	{"GETM", 2},
	{"REJCM", 3},
	{"NOTIF", 4},
	{"NEWM", 5},
};
static struct csp_order_child const c_IMSendFunc[] = {
	{"MDELIV", 0},
	{"FWMSG", 1},
};
static struct csp_order_child const c_Invite_Request[] = {
	{"InviteID", 0},
	{"InviteType", 1},
	{"Recipient", 2},
	{"GroupID", 3},
	{"PresenceSubList", 4},
	{"URLList", 5},
	{"InviteNote", 6},
	{"ScreenName", 7},
	{"Validity", 8},
};
static struct csp_order_child const c_Invite_Response[] = {
	{"InviteID", 0},
	{"Acceptance", 1},
	{"Sender", 2},
	{"ResponseNote", 3},
};
static struct csp_order_child const c_InviteFunc[] = {
	{"INVIT", 0},
	{"CAINV", 1},
};
static struct csp_order_child const c_InviteUser_Request[] = {
	{"InviteID", 0},
	{"InviteType", 1},
	{"Sender", 2},
	{"GroupID", 3},
	{"PresenceSubList", 4},
	{"URLList", 5},
	{"InviteNote", 6},
	{"Validity", 7},
};
static struct csp_order_child const c_InviteUser_Response[] = {
	{"InviteID", 0},
	{"Acceptance", 1},
	{"ResponseNote", 2},
	{"ScreenName", 3},
};
static struct csp_order_child const c_JoinGroup_Request[] = {
	{"GroupID", 0},
	{"ScreenName", 1},
	{"JoinedRequest", 2},
	{"SubscribeNotification", 3},
};
static struct csp_order_child const c_JoinGroup_Response[] = {
	{"UserList", 0},
	{"WelcomeNote", 1},
};
static struct csp_order_child const c_Joined[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_KeepAlive_Request[] = {
	{"TimeToLive", 0},
};
static struct csp_order_child const c_KeepAlive_Response[] = {
	{"Result", 0},
	{"KeepAliveTime", 1},
};
static struct csp_order_child const c_LeaveGroup_Request[] = {
	{"GroupID", 0},
};
static struct csp_order_child const c_LeaveGroup_Response[] = {
	{"GroupID", 0},
	{"Result", 1},
};
static struct csp_order_child const c_Left[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_ListManage_Request[] = {
	{"ContactList", 0},
	{"AddNickList", 1},
	{"RemoveNickList", 2},
	{"ContactListProperties", 3},
};
static struct csp_order_child const c_ListManage_Response[] = {
	{"Result", 0},
	{"NickList", 1},
	{"ContactListProperties", 2},
};
static struct csp_order_child const c_Login_Request[] = {
	{"UserID", 0},
	{"ClientID", 1},
	{"Password", 2},
	{"DigestBytes", 3},
	{"DigestSchema", 4},
	{"TimeToLive", 5},
	{"SessionCookie", 6},
};
static struct csp_order_child const c_Login_Response[] = {
	{"ClientID", 0},
	{"Result", 1},
	{"Nonce", 2},
	{"DigestSchema", 3},
	{"SessionID", 4},
	{"KeepAliveTime", 5},
	{"CapabilityRequest", 6},
};
static struct csp_order_child const c_Logo[] = {
	{"ContentType", 0},
	{"ContentSize", 1},
	{"ContentEncoding", 2},
	{"ContentData", 3},
};
static struct csp_order_child const c_MemberAccess_Request[] = {
	{"GroupID", 0},
	{"Admin", 1},
	{"Mod", 2},
	{"Users", 3},
};
static struct csp_order_child const c_MessageDelivered[] = {
	{"MessageID", 0},
};
static struct csp_order_child const c_MessageInfo[] = {
	{"MessageID", 0},
	{"MessageURI", 1},
	{"ContentType", 2},
	{"ContentEncoding", 3},
	{"ContentSize", 4},
	{"Recipient", 5},
	{"Sender", 6},
	{"DateTime", 7},
	{"Validity", 8},
};
static struct csp_order_child const c_MessageNotification[] = {
	{"MessageInfo", 0},
};
static struct csp_order_child const c_Mod[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_NewMessage[] = {
	{"MessageInfo", 0},
	{"ContentData", 1},
};
static struct csp_order_child const c_NickList[] = {
	{"NickName", 0},
	{"UserID", 0},
};
static struct csp_order_child const c_NickName[] = {
	{"Name", 0},
	{"UserID", 1},
};
static struct csp_order_child const c_OwnProperties[] = {
	{"Property", 0},
};
static struct csp_order_child const c_Presence[] = {
	{"UserID", 0},
	{"ContactList", 1},
	{"PresenceSubList", 2},
};
static struct csp_order_child const c_PresenceAuth_Request[] = {
	{"UserID", 0},
	{"PresenceSubList", 1},
};
static struct csp_order_child const c_PresenceAuth_User[] = {
	{"UserID", 0},
	{"Acceptance", 1},
};
static struct csp_order_child const c_PresenceAuthFunc[] = {
	{"GETWL", 0},
	{"REACT", 1},
	{"CAAUT", 2},
};
static struct csp_order_child const c_PresenceDeliverFunc[] = {
	{"GETPR", 0},
	{"UPDPR", 1},
};
static struct csp_order_child const c_PresenceFeat[] = {
	{"ContListFunc", 0},
	{"PresenceAuthFunc", 1},
	{"PresenceDeliverFunc", 2},
	{"AttListFunc", 3},
};
static struct csp_order_child const c_PresenceNotification_Request[] = {
	{"Presence", 0},
};
static struct csp_order_child const c_Property[] = {
	{"Name", 0},
	{"Value", 1},
};
static struct csp_order_child const c_Recipient[] = {
	{"User", 0},
	{"Group", 1},
	{"ContactList", 2},
};
static struct csp_order_child const c_RejectList_Request[] = {
	{"GroupID", 0},
	{"AddList", 1},
	{"RemoveList", 2},
};
static struct csp_order_child const c_RejectList_Response[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_RejectMessage_Request[] = {
	{"MessageID", 0},
};
static struct csp_order_child const c_RemoveGroupMembers_Request[] = {
	{"GroupID", 0},
	{"UserList", 1},
};
static struct csp_order_child const c_RemoveList[] = {
	{"UserID", 0},
	{"ScreenName", 1},
	{"GroupID", 2},
};
static struct csp_order_child const c_RemoveNickList[] = {
	{"UserID", 0},
};
static struct csp_order_child const c_Result[] = {
	{"Code", 0},
	{"Description", 1},
	{"DetailedResult", 2},
};
static struct csp_order_child const c_ScreenName[] = {
	{"SName", 0},
	{"GroupID", 1},
};
static struct csp_order_child const c_Search_Request[] = {
	{"SearchPairList", 0},
	{"SearchLimit", 1},
	{"SearchID", 2},
	{"SearchIndex", 3},
};
static struct csp_order_child const c_Search_Response[] = {
	{"SearchID", 0},
	{"SearchFindings", 1},
	{"CompletionFlag", 2},
	{"SearchIndex", 3},
	{"SearchResult", 4},
};
static struct csp_order_child const c_SearchFunc[] = {
	{"SRCH", 0},
	{"STSRC", 1},
};
static struct csp_order_child const c_SearchPairList[] = {
	{"SearchElement", 0},
	{"SearchString", 1},
};
static struct csp_order_child const c_SearchResult[] = {
	{"UserList", 0},
	{"GroupList", 1},
};
static struct csp_order_child const c_SendMessage_Request[] = {
	{"DeliveryReport", 0},
	{"MessageInfo", 1},
	{"ContentData", 2},
};
static struct csp_order_child const c_SendMessage_Response[] = {
	{"Result", 0},
	{"MessageID", 1},
};
static struct csp_order_child const c_Sender[] = {
	{"User", 0},
	{"Group", 1},
};
static struct csp_order_child const c_Service_Request[] = {
	{"ClientID", 0},
	{"Functions", 1},
	{"AllFunctionsRequest", 2},
};
static struct csp_order_child const c_Service_Response[] = {
	{"ClientID", 0},
	{"Functions", 1},
	{"AllFunctions", 2},
};
static struct csp_order_child const c_ServiceFunc[] = {
	{"GETSPI", 0},
};
static struct csp_order_child const c_Session[] = {
	{"SessionDescriptor", 0},
	{"Transaction", 1},
};
static struct csp_order_child const c_SessionDescriptor[] = {
	{"SessionType", 0},
	{"SessionID", 1},
};
static struct csp_order_child const c_SetDeliveryMethod_Request[] = {
	{"DeliveryMethod", 0},
	{"AcceptedContentLength", 1},
	{"GroupID", 2},
};
static struct csp_order_child const c_SetGroupProps_Request[] = {
	{"GroupID", 0},
	{"GroupProperties", 1},
	{"OwnProperties", 2},
};
static struct csp_order_child const c_Status[] = {
	{"Result", 0},
	{"ClientID", 1},
};
static struct csp_order_child const c_StopSearch_Request[] = {
	{"SearchID", 0},
};
static struct csp_order_child const c_SubscribeGroupNotice_Request[] = {
	{"GroupID", 0},
	{"SubscribeType", 1},
};
static struct csp_order_child const c_SubscribeGroupNotice_Response[] = {
	{"Value", 0},
};
static struct csp_order_child const c_SubscribePresence_Request[] = {
	{"User", 0},
	{"ContactList", 1},
	{"PresenceSubList", 2},
};
static struct csp_order_child const c_Transaction[] = {
	{"TransactionDescriptor", 0},
	{"TransactionContent", 1},
};
static struct csp_order_child const c_TransactionContent[] = {
	{"Status", 0},
	{"Polling-Request", 1},
	{"Login-Request", 2},
	{"Login-Response", 3},
	{"Service-Request", 4},
	{"Service-Response", 5},
	{"ClientCapability-Request", 6},
	{"ClientCapability-Response", 7},
	{"Logout-Request", 8},
	{"Disconnect", 9},
	{"KeepAlive-Request", 10},
	{"KeepAlive-Response", 11},
	{"GetSPInfo-Request", 12},
	{"GetSPInfo-Response", 13},
	{"Search-Request", 14},
	{"Search-Response", 15},
	{"StopSearch-Request", 16},
	{"Invite-Request", 17},
	{"Invite-Response", 18},
	{"InviteUser-Request", 19},
	{"InviteUser-Response", 20},
	{"CancelInvite-Request", 21},
	{"CancelInviteUser-Request", 22},
	{"SubscribePresence-Request", 23},
	{"UnsubscribePresence-Request", 24},
	{"PresenceNotification-Request", 25},
	{"GetWatcherList-Request", 26},
	{"GetWatcherList-Response", 27},
	{"GetPresence-Request", 28},
	{"GetPresence-Response", 29},
	{"PresenceAuth-Request", 30},
	{"PresenceAuth-User", 31},
	{"CancelAuth-Request", 32},
	{"UpdatePresence-Request", 33},
	{"SendMessage-Request", 34},
	{"SendMessage-Response", 35},
	{"SetDeliveryMethod-Request", 36},
	{"GetMessageList-Request", 37},
	{"GetMessageList-Response", 38},
	{"RejectMessage-Request", 39},
	{"MessageNotification", 40},
	{"GetMessage-Request", 41},
	{"GetMessage-Response", 42},
	{"NewMessage", 43},
	{"MessageDelivered", 44},
	{"DeliveryReport-Request", 45},
	{"ForwardMessage-Request", 46},
	{"GetBlockedList-Request", 47},
	{"GetBlockedList-Response", 48},
	{"BlockEntity-Request", 49},
	{"GetList-Request", 50},
	{"GetList-Response", 51},
	{"CreateList-Request", 52},
	{"DeleteList-Request", 53},
	{"ListManage-Request", 54},
	{"ListManage-Response", 55},
	{"CreateAttributeList-Request", 56},
	{"DeleteAttributeList-Request", 57},
	{"GetAttributeList-Request", 58},
	{"GetAttributeList-Response", 59},
	{"CreateGroup-Request", 60},
	{"DeleteGroup-Request", 61},
	{"JoinGroup-Request", 62},
	{"JoinGroup-Response", 63},
	{"LeaveGroup-Request", 64},
	{"LeaveGroup-Response", 65},
	{"GetGroupMembers-Request", 66},
	{"GetGroupMembers-Response", 67},
	{"AddGroupMembers-Request", 68},
	{"RemoveGroupMembers-Request", 69},
	{"MemberAccess-Request", 70},
	{"GetGroupProps-Request", 71},
	{"GetGroupProps-Response", 72},
	{"SetGroupProps-Request", 73},
	{"RejectList-Request", 74},
	{"RejectList-Response", 75},
	{"SubscribeGroupNotice-Request", 76},
	{"SubscribeGroupNotice-Response", 77},
	{"GroupChangeNotice", 78},
};
static struct csp_order_child const c_TransactionDescriptor[] = {
	{"TransactionMode", 0},
	{"TransactionID", 1},
	{"Poll", 2},
};
static struct csp_order_child const c_URLList[] = {
	{"URL", 0},
};
static struct csp_order_child const c_UnsubscribePresence_Request[] = {
	{"User", 0},
	{"ContactList", 1},
};
static struct csp_order_child const c_UpdatePresence_Request[] = {
	{"PresenceSubList", 0},
};
static struct csp_order_child const c_User[] = {
	{"UserID", 0},
	{"ClientID", 1},
};
static struct csp_order_child const c_UserList[] = {
	{"User", 0},
	{"ScreenName", 1},
};
static struct csp_order_child const c_Users[] = {
	{"UserList", 0},
};
static struct csp_order_child const c_WV_CSP_Message[] = {
	{"Session", 0},
};
static struct csp_order_child const c_WVCSPFeat[] = {
	{"FundamentalFeat", 0},
	{"PresenceFeat", 1},
	{"IMFeat", 2},
	{"GroupFeat", 3},
};
static struct csp_order_child const c_WelcomeNote[] = {
	{"ContentType", 0},
	{"ContentEncoding", 1},
	{"ContentData", 2},
};

/* Sorted by parent name (strcmp order) for bsearch. */
struct csp_order_row const csp_order_table[] = {
	{"AddGroupMembers-Request", c_AddGroupMembers_Request, sizeof c_AddGroupMembers_Request / sizeof c_AddGroupMembers_Request[0]},
	{"AddList", c_AddList, sizeof c_AddList / sizeof c_AddList[0]},
	{"AddNickList", c_AddNickList, sizeof c_AddNickList / sizeof c_AddNickList[0]},
	{"Admin", c_Admin, sizeof c_Admin / sizeof c_Admin[0]},
	{"AllFunctions", c_AllFunctions, sizeof c_AllFunctions / sizeof c_AllFunctions[0]},
	{"AttListFunc", c_AttListFunc, sizeof c_AttListFunc / sizeof c_AttListFunc[0]},
	{"BlockEntity-Request", c_BlockEntity_Request, sizeof c_BlockEntity_Request / sizeof c_BlockEntity_Request[0]},
	{"BlockList", c_BlockList, sizeof c_BlockList / sizeof c_BlockList[0]},
	{"CancelAuth-Request", c_CancelAuth_Request, sizeof c_CancelAuth_Request / sizeof c_CancelAuth_Request[0]},
	{"CancelInvite-Request", c_CancelInvite_Request, sizeof c_CancelInvite_Request / sizeof c_CancelInvite_Request[0]},
	{"CancelInviteUser-Request", c_CancelInviteUser_Request, sizeof c_CancelInviteUser_Request / sizeof c_CancelInviteUser_Request[0]},
	{"CapabilityList", c_CapabilityList, sizeof c_CapabilityList / sizeof c_CapabilityList[0]},
	{"ClientCapability-Request", c_ClientCapability_Request, sizeof c_ClientCapability_Request / sizeof c_ClientCapability_Request[0]},
	{"ClientCapability-Response", c_ClientCapability_Response, sizeof c_ClientCapability_Response / sizeof c_ClientCapability_Response[0]},
	{"ClientID", c_ClientID, sizeof c_ClientID / sizeof c_ClientID[0]},
	{"ContListFunc", c_ContListFunc, sizeof c_ContListFunc / sizeof c_ContListFunc[0]},
	{"ContactListProperties", c_ContactListProperties, sizeof c_ContactListProperties / sizeof c_ContactListProperties[0]},
	{"CreateAttributeList-Request", c_CreateAttributeList_Request, sizeof c_CreateAttributeList_Request / sizeof c_CreateAttributeList_Request[0]},
	{"CreateGroup-Request", c_CreateGroup_Request, sizeof c_CreateGroup_Request / sizeof c_CreateGroup_Request[0]},
	{"CreateList-Request", c_CreateList_Request, sizeof c_CreateList_Request / sizeof c_CreateList_Request[0]},
	{"DefaultAttributeList", c_DefaultAttributeList, sizeof c_DefaultAttributeList / sizeof c_DefaultAttributeList[0]},
	{"DeleteAttributeList-Request", c_DeleteAttributeList_Request, sizeof c_DeleteAttributeList_Request / sizeof c_DeleteAttributeList_Request[0]},
	{"DeleteGroup-Request", c_DeleteGroup_Request, sizeof c_DeleteGroup_Request / sizeof c_DeleteGroup_Request[0]},
	{"DeleteList-Request", c_DeleteList_Request, sizeof c_DeleteList_Request / sizeof c_DeleteList_Request[0]},
	{"DeliveryReport-Request", c_DeliveryReport_Request, sizeof c_DeliveryReport_Request / sizeof c_DeliveryReport_Request[0]},
	{"DetailedResult", c_DetailedResult, sizeof c_DetailedResult / sizeof c_DetailedResult[0]},
	{"Disconnect", c_Disconnect, sizeof c_Disconnect / sizeof c_Disconnect[0]},
	{"EntityList", c_EntityList, sizeof c_EntityList / sizeof c_EntityList[0]},
	{"ForwardMessage-Request", c_ForwardMessage_Request, sizeof c_ForwardMessage_Request / sizeof c_ForwardMessage_Request[0]},
	{"Functions", c_Functions, sizeof c_Functions / sizeof c_Functions[0]},
	{"FundamentalFeat", c_FundamentalFeat, sizeof c_FundamentalFeat / sizeof c_FundamentalFeat[0]},
	{"GetAttributeList-Request", c_GetAttributeList_Request, sizeof c_GetAttributeList_Request / sizeof c_GetAttributeList_Request[0]},
	{"GetAttributeList-Response", c_GetAttributeList_Response, sizeof c_GetAttributeList_Response / sizeof c_GetAttributeList_Response[0]},
	{"GetBlockedList-Response", c_GetBlockedList_Response, sizeof c_GetBlockedList_Response / sizeof c_GetBlockedList_Response[0]},
	{"GetGroupMembers-Request", c_GetGroupMembers_Request, sizeof c_GetGroupMembers_Request / sizeof c_GetGroupMembers_Request[0]},
	{"GetGroupMembers-Response", c_GetGroupMembers_Response, sizeof c_GetGroupMembers_Response / sizeof c_GetGroupMembers_Response[0]},
	{"GetGroupProps-Request", c_GetGroupProps_Request, sizeof c_GetGroupProps_Request / sizeof c_GetGroupProps_Request[0]},
	{"GetGroupProps-Response", c_GetGroupProps_Response, sizeof c_GetGroupProps_Response / sizeof c_GetGroupProps_Response[0]},
	{"GetList-Response", c_GetList_Response, sizeof c_GetList_Response / sizeof c_GetList_Response[0]},
	{"GetMessage-Request", c_GetMessage_Request, sizeof c_GetMessage_Request / sizeof c_GetMessage_Request[0]},
	{"GetMessage-Response", c_GetMessage_Response, sizeof c_GetMessage_Response / sizeof c_GetMessage_Response[0]},
	{"GetMessageList-Request", c_GetMessageList_Request, sizeof c_GetMessageList_Request / sizeof c_GetMessageList_Request[0]},
	{"GetMessageList-Response", c_GetMessageList_Response, sizeof c_GetMessageList_Response / sizeof c_GetMessageList_Response[0]},
	{"GetPresence-Request", c_GetPresence_Request, sizeof c_GetPresence_Request / sizeof c_GetPresence_Request[0]},
	{"GetPresence-Response", c_GetPresence_Response, sizeof c_GetPresence_Response / sizeof c_GetPresence_Response[0]},
	{"GetSPInfo-Request", c_GetSPInfo_Request, sizeof c_GetSPInfo_Request / sizeof c_GetSPInfo_Request[0]},
	{"GetSPInfo-Response", c_GetSPInfo_Response, sizeof c_GetSPInfo_Response / sizeof c_GetSPInfo_Response[0]},
	{"GetWatcherList-Response", c_GetWatcherList_Response, sizeof c_GetWatcherList_Response / sizeof c_GetWatcherList_Response[0]},
	{"GrantList", c_GrantList, sizeof c_GrantList / sizeof c_GrantList[0]},
	{"Group", c_Group, sizeof c_Group / sizeof c_Group[0]},
	{"GroupAuthFunc", c_GroupAuthFunc, sizeof c_GroupAuthFunc / sizeof c_GroupAuthFunc[0]},
	{"GroupChangeNotice", c_GroupChangeNotice, sizeof c_GroupChangeNotice / sizeof c_GroupChangeNotice[0]},
	{"GroupFeat", c_GroupFeat, sizeof c_GroupFeat / sizeof c_GroupFeat[0]},
	{"GroupList", c_GroupList, sizeof c_GroupList / sizeof c_GroupList[0]},
	{"GroupMgmtFunc", c_GroupMgmtFunc, sizeof c_GroupMgmtFunc / sizeof c_GroupMgmtFunc[0]},
	{"GroupProperties", c_GroupProperties, sizeof c_GroupProperties / sizeof c_GroupProperties[0]},
	{"GroupUseFunc", c_GroupUseFunc, sizeof c_GroupUseFunc / sizeof c_GroupUseFunc[0]},
	{"IMAuthFunc", c_IMAuthFunc, sizeof c_IMAuthFunc / sizeof c_IMAuthFunc[0]},
	{"IMFeat", c_IMFeat, sizeof c_IMFeat / sizeof c_IMFeat[0]},
	{"IMReceiveFunc", c_IMReceiveFunc, sizeof c_IMReceiveFunc / sizeof c_IMReceiveFunc[0]},
	{"IMSendFunc", c_IMSendFunc, sizeof c_IMSendFunc / sizeof c_IMSendFunc[0]},
	{"Invite-Request", c_Invite_Request, sizeof c_Invite_Request / sizeof c_Invite_Request[0]},
	{"Invite-Response", c_Invite_Response, sizeof c_Invite_Response / sizeof c_Invite_Response[0]},
	{"InviteFunc", c_InviteFunc, sizeof c_InviteFunc / sizeof c_InviteFunc[0]},
	{"InviteUser-Request", c_InviteUser_Request, sizeof c_InviteUser_Request / sizeof c_InviteUser_Request[0]},
	{"InviteUser-Response", c_InviteUser_Response, sizeof c_InviteUser_Response / sizeof c_InviteUser_Response[0]},
	{"JoinGroup-Request", c_JoinGroup_Request, sizeof c_JoinGroup_Request / sizeof c_JoinGroup_Request[0]},
	{"JoinGroup-Response", c_JoinGroup_Response, sizeof c_JoinGroup_Response / sizeof c_JoinGroup_Response[0]},
	{"Joined", c_Joined, sizeof c_Joined / sizeof c_Joined[0]},
	{"KeepAlive-Request", c_KeepAlive_Request, sizeof c_KeepAlive_Request / sizeof c_KeepAlive_Request[0]},
	{"KeepAlive-Response", c_KeepAlive_Response, sizeof c_KeepAlive_Response / sizeof c_KeepAlive_Response[0]},
	{"LeaveGroup-Request", c_LeaveGroup_Request, sizeof c_LeaveGroup_Request / sizeof c_LeaveGroup_Request[0]},
	{"LeaveGroup-Response", c_LeaveGroup_Response, sizeof c_LeaveGroup_Response / sizeof c_LeaveGroup_Response[0]},
	{"Left", c_Left, sizeof c_Left / sizeof c_Left[0]},
	{"ListManage-Request", c_ListManage_Request, sizeof c_ListManage_Request / sizeof c_ListManage_Request[0]},
	{"ListManage-Response", c_ListManage_Response, sizeof c_ListManage_Response / sizeof c_ListManage_Response[0]},
	{"Login-Request", c_Login_Request, sizeof c_Login_Request / sizeof c_Login_Request[0]},
	{"Login-Response", c_Login_Response, sizeof c_Login_Response / sizeof c_Login_Response[0]},
	{"Logo", c_Logo, sizeof c_Logo / sizeof c_Logo[0]},
	{"MemberAccess-Request", c_MemberAccess_Request, sizeof c_MemberAccess_Request / sizeof c_MemberAccess_Request[0]},
	{"MessageDelivered", c_MessageDelivered, sizeof c_MessageDelivered / sizeof c_MessageDelivered[0]},
	{"MessageInfo", c_MessageInfo, sizeof c_MessageInfo / sizeof c_MessageInfo[0]},
	{"MessageNotification", c_MessageNotification, sizeof c_MessageNotification / sizeof c_MessageNotification[0]},
	{"Mod", c_Mod, sizeof c_Mod / sizeof c_Mod[0]},
	{"NewMessage", c_NewMessage, sizeof c_NewMessage / sizeof c_NewMessage[0]},
	{"NickList", c_NickList, sizeof c_NickList / sizeof c_NickList[0]},
	{"NickName", c_NickName, sizeof c_NickName / sizeof c_NickName[0]},
	{"OwnProperties", c_OwnProperties, sizeof c_OwnProperties / sizeof c_OwnProperties[0]},
	{"Presence", c_Presence, sizeof c_Presence / sizeof c_Presence[0]},
	{"PresenceAuth-Request", c_PresenceAuth_Request, sizeof c_PresenceAuth_Request / sizeof c_PresenceAuth_Request[0]},
	{"PresenceAuth-User", c_PresenceAuth_User, sizeof c_PresenceAuth_User / sizeof c_PresenceAuth_User[0]},
	{"PresenceAuthFunc", c_PresenceAuthFunc, sizeof c_PresenceAuthFunc / sizeof c_PresenceAuthFunc[0]},
	{"PresenceDeliverFunc", c_PresenceDeliverFunc, sizeof c_PresenceDeliverFunc / sizeof c_PresenceDeliverFunc[0]},
	{"PresenceFeat", c_PresenceFeat, sizeof c_PresenceFeat / sizeof c_PresenceFeat[0]},
	{"PresenceNotification-Request", c_PresenceNotification_Request, sizeof c_PresenceNotification_Request / sizeof c_PresenceNotification_Request[0]},
	{"Property", c_Property, sizeof c_Property / sizeof c_Property[0]},
	{"Recipient", c_Recipient, sizeof c_Recipient / sizeof c_Recipient[0]},
	{"RejectList-Request", c_RejectList_Request, sizeof c_RejectList_Request / sizeof c_RejectList_Request[0]},
	{"RejectList-Response", c_RejectList_Response, sizeof c_RejectList_Response / sizeof c_RejectList_Response[0]},
	{"RejectMessage-Request", c_RejectMessage_Request, sizeof c_RejectMessage_Request / sizeof c_RejectMessage_Request[0]},
	{"RemoveGroupMembers-Request", c_RemoveGroupMembers_Request, sizeof c_RemoveGroupMembers_Request / sizeof c_RemoveGroupMembers_Request[0]},
	{"RemoveList", c_RemoveList, sizeof c_RemoveList / sizeof c_RemoveList[0]},
	{"RemoveNickList", c_RemoveNickList, sizeof c_RemoveNickList / sizeof c_RemoveNickList[0]},
	{"Result", c_Result, sizeof c_Result / sizeof c_Result[0]},
	{"ScreenName", c_ScreenName, sizeof c_ScreenName / sizeof c_ScreenName[0]},
	{"Search-Request", c_Search_Request, sizeof c_Search_Request / sizeof c_Search_Request[0]},
	{"Search-Response", c_Search_Response, sizeof c_Search_Response / sizeof c_Search_Response[0]},
	{"SearchFunc", c_SearchFunc, sizeof c_SearchFunc / sizeof c_SearchFunc[0]},
	{"SearchPairList", c_SearchPairList, sizeof c_SearchPairList / sizeof c_SearchPairList[0]},
	{"SearchResult", c_SearchResult, sizeof c_SearchResult / sizeof c_SearchResult[0]},
	{"SendMessage-Request", c_SendMessage_Request, sizeof c_SendMessage_Request / sizeof c_SendMessage_Request[0]},
	{"SendMessage-Response", c_SendMessage_Response, sizeof c_SendMessage_Response / sizeof c_SendMessage_Response[0]},
	{"Sender", c_Sender, sizeof c_Sender / sizeof c_Sender[0]},
	{"Service-Request", c_Service_Request, sizeof c_Service_Request / sizeof c_Service_Request[0]},
	{"Service-Response", c_Service_Response, sizeof c_Service_Response / sizeof c_Service_Response[0]},
	{"ServiceFunc", c_ServiceFunc, sizeof c_ServiceFunc / sizeof c_ServiceFunc[0]},
	{"Session", c_Session, sizeof c_Session / sizeof c_Session[0]},
	{"SessionDescriptor", c_SessionDescriptor, sizeof c_SessionDescriptor / sizeof c_SessionDescriptor[0]},
	{"SetDeliveryMethod-Request", c_SetDeliveryMethod_Request, sizeof c_SetDeliveryMethod_Request / sizeof c_SetDeliveryMethod_Request[0]},
	{"SetGroupProps-Request", c_SetGroupProps_Request, sizeof c_SetGroupProps_Request / sizeof c_SetGroupProps_Request[0]},
	{"Status", c_Status, sizeof c_Status / sizeof c_Status[0]},
	{"StopSearch-Request", c_StopSearch_Request, sizeof c_StopSearch_Request / sizeof c_StopSearch_Request[0]},
	{"SubscribeGroupNotice-Request", c_SubscribeGroupNotice_Request, sizeof c_SubscribeGroupNotice_Request / sizeof c_SubscribeGroupNotice_Request[0]},
	{"SubscribeGroupNotice-Response", c_SubscribeGroupNotice_Response, sizeof c_SubscribeGroupNotice_Response / sizeof c_SubscribeGroupNotice_Response[0]},
	{"SubscribePresence-Request", c_SubscribePresence_Request, sizeof c_SubscribePresence_Request / sizeof c_SubscribePresence_Request[0]},
	{"Transaction", c_Transaction, sizeof c_Transaction / sizeof c_Transaction[0]},
	{"TransactionContent", c_TransactionContent, sizeof c_TransactionContent / sizeof c_TransactionContent[0]},
	{"TransactionDescriptor", c_TransactionDescriptor, sizeof c_TransactionDescriptor / sizeof c_TransactionDescriptor[0]},
	{"URLList", c_URLList, sizeof c_URLList / sizeof c_URLList[0]},
	{"UnsubscribePresence-Request", c_UnsubscribePresence_Request, sizeof c_UnsubscribePresence_Request / sizeof c_UnsubscribePresence_Request[0]},
	{"UpdatePresence-Request", c_UpdatePresence_Request, sizeof c_UpdatePresence_Request / sizeof c_UpdatePresence_Request[0]},
	{"User", c_User, sizeof c_User / sizeof c_User[0]},
	{"UserList", c_UserList, sizeof c_UserList / sizeof c_UserList[0]},
	{"Users", c_Users, sizeof c_Users / sizeof c_Users[0]},
	{"WV-CSP-Message", c_WV_CSP_Message, sizeof c_WV_CSP_Message / sizeof c_WV_CSP_Message[0]},
	{"WVCSPFeat", c_WVCSPFeat, sizeof c_WVCSPFeat / sizeof c_WVCSPFeat[0]},
	{"WelcomeNote", c_WelcomeNote, sizeof c_WelcomeNote / sizeof c_WelcomeNote[0]},
};

size_t const csp_order_table_len = sizeof csp_order_table / sizeof csp_order_table[0];
