/* mapping/map_status.c: the status code tables (SIP <-> IMPS) and IMPS code descriptions. */
#include "config.h"

#include <limits.h>
#include <stddef.h>

#include "mapping/map_status.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A SIP final response to an iwf request (MESSAGE, SUBSCRIBE) -> the
 * Result the IMPS client is given. */
static struct map_status_row const sip_to_imps[] = {
	{200, 200, "delivered / accepted"},
	{202, 200, "accepted by a store or exploder: final for SIP; clients read 200 as sent"},
	{400, 400, "the peer found the request malformed, which is mostly what the client sent"},
	{401, 403, "the peer wants iwf to authenticate; IMPS 401 would make the client log in"},
	{403, 532, "the recipient's side refuses this sender (blocked or not allowed)"},
	{404, 531, "no such user"},
	{405, 405, "the peer does not offer this request"},
	{406, 415, "the peer cannot accept this content"},
	{407, 403, "as 401: a proxy wants the gateway to authenticate"},
	{408, 504, "sofia reports its own transaction timeouts as 408: the peer did not answer"},
	{410, 531, "the user existed and is gone for good"},
	{413, 538, "the recipient refuses a message this large; IMPS has no request-too-large"},
	{414, 901, "the address is too long for the peer"},
	{415, 415, "unsupported media type, same meaning"},
	{416, 901, "the peer does not take this URI scheme"},
	{420, 500, "the gateway used an extension the peer lacks: the gateway's fault"},
	{421, 500, "the peer wants an extension the gateway lacks: the gateway's fault"},
	{423, 500, "the gateway's subscription interval was too brief: the gateway's fault"},
	{480, 533, "the recipient is not reachable now: as not logged in"},
	{484, 901, "the address is incomplete"},
	{485, 901, "the address is ambiguous"},
	{486, 410, "the recipient is busy: not delivered, nothing wrong with the address"},
	{488, 415, "the peer cannot accept this content"},
	{489, 405, "the peer does not support the presence event package"},
	{500, 500, "server error, same meaning"},
	{501, 405, "the peer lacks this method: for the client, a service not supported"},
	{502, 503, "a server behind the peer failed: transient"},
	{503, 503, "service unavailable, same meaning"},
	{504, 504, "a server behind the peer timed out"},
	{505, 500, "SIP version trouble is the gateway's; IMPS 505 is the client's CSP version"},
	{513, 538, "the message is too large for the peer"},
	{600, 410, "busy everywhere: not delivered"},
	{603, 532, "the recipient declines: as blocked"},
	{604, 531, "the user does not exist anywhere"},
	{606, 415, "not acceptable anywhere: the content"},
};

static struct map_status_class const sip_to_imps_class[] = {
	{100, 199, 500, "a provisional response is not an answer: the caller's mistake"},
	{200, 299, 200, "success"},
	{300, 399, 410, "the gateway does not follow redirects: not delivered"},
	{400, 499, 500, "the peer refused the gateway's request for a reason IMPS has no word for"},
	{500, 599, 503, "the SIP side failed: service unavailable, try later"},
	{600, 699, 410, "a global failure without an exact row: not delivered"},
	{INT_MIN, INT_MAX, 500, "default: not a SIP status code"},
};

/* An IMPS Result (of delivering to an IMPS user, or of the gateway's own
 * checks) -> the SIP final response to a SIP request. */
static struct map_status_row const imps_to_sip[] = {
	{200, 200, "success"},
	{201, 200, "partial success; a SIP request names a single recipient"},
	{202, 202, "accepted, same meaning"},
	{400, 400, "bad request, same meaning"},
	{401, 403, "IMPS 401 is about the gateway's own login: nothing a SIP peer can answer"},
	{402, 400, "bad parameter"},
	{403, 403, "forbidden, same meaning"},
	{404, 404, "not found, same meaning"},
	{405, 501, "service not supported; SIP 405 needs an Allow header iwf cannot fill"},
	{408, 408, "request timeout"},
	{409, 403, "invalid password: refused"},
	{410, 480, "unable to deliver now"},
	{415, 415, "unsupported media type, same meaning"},
	{420, 500, "invalid transaction: the gateway's fault"},
	{422, 403, "UserID/ClientID mismatch: refused"},
	{426, 400, "invalid message id"},
	{427, 404, "invalid user id: no such user"},
	{431, 403, "unauthorized group membership"},
	{432, 500, "response too large: the gateway's fault"},
	{500, 500, "internal server error, same meaning"},
	{501, 501, "not implemented, same meaning"},
	{502, 500, "could not recover session: the gateway's fault"},
	{503, 503, "service unavailable, same meaning"},
	{504, 504, "timeout"},
	{505, 500, "CSP version trouble is the gateway's"},
	{506, 480, "the user's client did not agree this service in this session; another might"},
	{507, 480, "the user's message queue is full: temporarily unavailable"},
	{516, 404, "domain not supported: no such user here"},
	{521, 480, "the user has not answered the presence request yet"},
	{522, 480, "the user has not answered the group request yet"},
	{531, 404, "unknown user"},
	{532, 403, "the recipient blocked the sender"},
	{533, 480, "the recipient is not logged in (and there is no offline store)"},
	{534, 403, "the recipient is not authorised"},
	{538, 603, "the recipient rejected the message: declined"},
	{540, 415, "header encoding not supported"},
	{541, 202, "forwarded: accepted, not yet delivered"},
	{542, 408, "expired before delivery"},
	{543, 500, "no matching digest scheme: the gateway's fault"},
	{600, 480, "the user's session expired"},
	{601, 480, "the user was logged out"},
	{604, 480, "the user is not logged in"},
	{700, 404, "contact list does not exist"},
	{750, 400, "invalid presence attribute"},
	{751, 400, "invalid presence value"},
	{800, 404, "group does not exist"},
	{900, 500, "multiple errors: the caller maps the DetailedResult of the one recipient"},
	{901, 404, "general address error"},
	{902, 402, "not enough credit: payment required"},
	{903, 403, "needs a higher class of service"},
	{920, 404, "MSISDN error"},
};

static struct map_status_class const imps_to_sip_class[] = {
	{200, 299, 200, "success"},
	{400, 499, 400, "a client error without an exact row"},
	{500, 599, 500, "a server error without an exact row"},
	{600, 699, 480, "session trouble: the user is not reachable now"},
	{700, 799, 400, "a presence or list request that was not acceptable"},
	{800, 899, 403, "a group request that was refused"},
	{900, 999, 500, "a general error without an exact row"},
	{INT_MIN, INT_MAX, 500, "default: not an IMPS final result"},
};

/* Descriptions (AOSP ImpsErrorInfo names; DIGEST §9). */
static struct map_status_row const imps_desc[] = {
	{101, 0, "Joined"},
	{200, 0, "Successful"},
	{201, 0, "Partially successful"},
	{202, 0, "Accepted"},
	{400, 0, "Bad request"},
	{401, 0, "Unauthorized"},
	{402, 0, "Bad parameter"},
	{403, 0, "Forbidden"},
	{404, 0, "Not found"},
	{405, 0, "Service not supported"},
	{408, 0, "Request timeout"},
	{409, 0, "Invalid password"},
	{410, 0, "Unable to deliver"},
	{415, 0, "Unsupported media type"},
	{420, 0, "Invalid transaction"},
	{422, 0, "UserID and ClientID do not match"},
	{423, 0, "Invalid invitation ID"},
	{424, 0, "Invalid search ID"},
	{425, 0, "Invalid search index"},
	{426, 0, "Invalid message ID"},
	{427, 0, "Invalid user ID"},
	{429, 0, "GroupID missing"},
	{431, 0, "Unauthorized group membership"},
	{432, 0, "Response too large"},
	{500, 0, "Internal server error"},
	{501, 0, "Not implemented"},
	{502, 0, "Could not recover session"},
	{503, 0, "Service unavailable"},
	{504, 0, "Timeout"},
	{505, 0, "Version not supported"},
	{506, 0, "Service not agreed"},
	{507, 0, "Message queue full"},
	{516, 0, "Domain not supported"},
	{521, 0, "Unresponded presence request"},
	{522, 0, "Unresponded group request"},
	{531, 0, "Unknown user"},
	{532, 0, "Recipient blocked the sender"},
	{533, 0, "Recipient not logged in"},
	{534, 0, "Recipient unauthorized"},
	{535, 0, "Search timed out"},
	{536, 0, "Too many hits"},
	{537, 0, "Too broad search criteria"},
	{538, 0, "Message rejected"},
	{540, 0, "Header encoding not supported"},
	{541, 0, "Message forwarded"},
	{542, 0, "Message expired"},
	{543, 0, "No matching digest scheme"},
	{600, 0, "Session expired"},
	{601, 0, "Forced logout"},
	{603, 0, "Already logged in"},
	{604, 0, "Invalid session"},
	{605, 0, "New value not accepted"},
	{700, 0, "Contact list does not exist"},
	{701, 0, "Contact list already exists"},
	{702, 0, "Invalid user properties"},
	{750, 0, "Invalid presence attribute"},
	{751, 0, "Invalid presence value"},
	{752, 0, "Invalid contact list property"},
	{753, 0, "Maximum number of contact lists reached"},
	{754, 0, "Maximum number of contacts reached"},
	{755, 0, "Maximum number of attribute lists reached"},
	{760, 0, "Automatic subscription not supported"},
	{800, 0, "Group does not exist"},
	{801, 0, "Group already exists"},
	{806, 0, "Invalid group ID"},
	{808, 0, "Not joined"},
	{809, 0, "Rejected"},
	{811, 0, "Screen name already in use"},
	{816, 0, "Not a group member"},
	{900, 0, "Multiple errors"},
	{901, 0, "General address error"},
	{902, 0, "Not enough credit"},
	{903, 0, "Operation requires a higher class of service"},
	{920, 0, "MSISDN error"},
};

static struct map_status_class const imps_desc_class[] = {
	{100, 199, 0, "Informational"},
	{200, 299, 0, "Successful"},
	{400, 499, 0, "Client error"},
	{500, 599, 0, "Server error"},
	{600, 699, 0, "Session error"},
	{700, 799, 0, "Presence or contact list error"},
	{800, 899, 0, "Group error"},
	{900, 999, 0, "General error"},
	{INT_MIN, INT_MAX, 0, "Unknown status code"},
};

static struct map_status_row const *row_find(struct map_status_row const *t, size_t n, int code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].from == code)
			return &t[i];
	return NULL;
}

static struct map_status_class const *class_find(struct map_status_class const *t, size_t n,
						 int code)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (code >= t[i].lo && code <= t[i].hi)
			return &t[i];
	return &t[n - 1]; /* the default row */
}

struct map_status_row const *map_status_table(enum map_status_dir dir, size_t *np)
{
	if (dir == MAP_IMPS_TO_SIP) {
		*np = COUNT(imps_to_sip);
		return imps_to_sip;
	}
	*np = COUNT(sip_to_imps);
	return sip_to_imps;
}

struct map_status_class const *map_status_class_table(enum map_status_dir dir, size_t *np)
{
	if (dir == MAP_IMPS_TO_SIP) {
		*np = COUNT(imps_to_sip_class);
		return imps_to_sip_class;
	}
	*np = COUNT(sip_to_imps_class);
	return sip_to_imps_class;
}

struct map_status_row const *map_imps_desc_table(size_t *np)
{
	*np = COUNT(imps_desc);
	return imps_desc;
}

int map_status_map(enum map_status_dir dir, int code, char const **why)
{
	size_t n, nc;
	struct map_status_row const *t = map_status_table(dir, &n);
	struct map_status_class const *c = map_status_class_table(dir, &nc);
	struct map_status_row const *r = row_find(t, n, code);

	if (r) {
		if (why)
			*why = r->why;
		return r->to;
	}
	c = class_find(c, nc, code);
	if (why)
		*why = c->why;
	return c->to;
}

int map_status_sip_to_imps(int sip_status)
{
	return map_status_map(MAP_SIP_TO_IMPS, sip_status, NULL);
}

int map_status_imps_to_sip(int imps_code)
{
	return map_status_map(MAP_IMPS_TO_SIP, imps_code, NULL);
}

char const *map_imps_code_desc(int code)
{
	struct map_status_row const *r = row_find(imps_desc, COUNT(imps_desc), code);

	if (r)
		return r->why;
	return class_find(imps_desc_class, COUNT(imps_desc_class), code)->why;
}

int map_imps_code_known(int code)
{
	return row_find(imps_desc, COUNT(imps_desc), code) != NULL;
}
