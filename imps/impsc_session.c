/* imps/impsc_session.c: impsc's session: HTTP exchange (libcurl), login, server requests, polling, STCP CIR. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "imps/impsc.h"

volatile int impsc_interrupted;

/* Content types by version (DIGEST §1). */
static struct {
	enum csp_version version;
	char const *xml, *wbxml;
} const content_types[] = {
	{CSP_V11, "application/vnd.wv.csp.xml", "application/vnd.wv.csp.wbxml"},
	{CSP_V12, "application/vnd.wv.csp.xml", "application/vnd.wv.csp.wbxml"},
	{CSP_V13, "application/vnd.wv.csp+xml", "application/vnd.wv.csp+wbxml"},
	{CSP_V_UNKNOWN, NULL, NULL},
};

/* Result codes that end the session wherever they appear (DIGEST §9). */
static long const session_enders[] = {600, 601, 604};

static int ends_session(long code)
{
	for (size_t i = 0; i < sizeof session_enders / sizeof session_enders[0]; i++)
		if (code == session_enders[i])
			return 1;
	return 0;
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void impsc_fail(struct impsc *c, int status)
{
	if (status > c->status)
		c->status = status;
}

void impsc_error(struct impsc *c, int status, long code, char const *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	printf("ERROR %s %ld", c->cmd ? c->cmd : "-", code);
	impsc_put_text(stdout, text);
	putchar('\n');
	fflush(stdout);
	impsc_fail(c, status);
}

int impsc_readable(struct impsc const *c)
{
	return !c->raw;
}

int impsc_open(struct impsc *c)
{
	CURL *curl;
	struct curl_slist *h = NULL, *h2;
	char const *ct = NULL;
	char *line;

	for (size_t i = 0; content_types[i].xml; i++)
		if (content_types[i].version == c->version)
			ct = c->wbxml ? content_types[i].wbxml : content_types[i].xml;
	if (!ct)
		return EINVAL;
	c->content_type = ct;
	c->cir_fd = -1;
	c->next_tid = 1;
	c->poll_min = IMPSC_DEFAULT_POLL_MIN;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return EIO;
	if (!(curl = curl_easy_init()))
		return ENOMEM;
	c->curl = curl;
	if (!(line = su_sprintf(c->home, "Content-Type: %s", ct)))
		return ENOMEM;
	if (!(h2 = curl_slist_append(h, line)))
		return ENOMEM;
	h = h2;
	/* No "Expect: 100-continue" round trip before larger bodies. */
	if (!(h2 = curl_slist_append(h, "Expect:"))) {
		curl_slist_free_all(h);
		return ENOMEM;
	}
	c->headers = h2;
	curl_easy_setopt(curl, CURLOPT_URL, c->url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "impsc/" PACKAGE_VERSION);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, c->timeout);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, c->timeout < 10 ? c->timeout : 10L);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	return 0;
}

void impsc_close(struct impsc *c)
{
	if (c->cir_fd >= 0)
		close(c->cir_fd);
	c->cir_fd = -1;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
	curl_slist_free_all(c->headers);
	c->headers = NULL;
	curl_global_cleanup();
}

/* --- HTTP --- */

struct body {
	char *buf;
	size_t len, cap;
	int too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct body *b = arg;
	size_t add = size * n;

	if (add > CSP_MAX_BODY - b->len) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + add + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *nb;

		while (cap < b->len + add + 1)
			cap *= 2;
		if (!(nb = realloc(b->buf, cap)))
			return 0;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, data, add);
	b->len += add;
	b->buf[b->len] = '\0';
	return add;
}

/* POSTs one body; *bp receives the answer body (malloc'ed, NULL when empty)
 * and *ctp its Content-Type (in `home`). EIO on any transport failure (an
 * ERROR line is printed). */
static int post(struct impsc *c, su_home_t *home, void const *data, size_t len,
		struct body *bp, char const **ctp)
{
	CURL *curl = c->curl;
	struct body b = {NULL, 0, 0, 0};
	CURLcode rc;
	long http = 0;
	char *ct = NULL;

	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, data);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	rc = curl_easy_perform(curl);
	c->last_sent = now_s();
	if (rc != CURLE_OK) {
		free(b.buf);
		if (b.too_big)
			impsc_error(c, IMPSC_TRANSPORT, 0, "transport: answer larger than %d bytes",
				    CSP_MAX_BODY);
		else
			impsc_error(c, IMPSC_TRANSPORT, 0, "transport: %s", curl_easy_strerror(rc));
		c->fatal = 1;
		return EIO;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
	if (http != 200) {
		free(b.buf);
		impsc_error(c, IMPSC_TRANSPORT, 0, "transport: HTTP status %ld", http);
		c->fatal = 1;
		return EIO;
	}
	curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
	*ctp = ct ? su_strdup(home, ct) : NULL;
	*bp = b;
	return 0;
}

/* Prints a message on stderr for --verbose. */
static void trace(struct impsc *c, char const *what, void const *data, size_t len,
		  struct csp_msg const *m)
{
	su_home_t *home;
	char *xml;
	size_t xlen;

	if (!c->verbose)
		return;
	fprintf(stderr, "%s %s (%zu bytes)\n", what, c->url, len);
	if (!c->wbxml) {
		fwrite(data, 1, len, stderr);
	} else if (m && (home = su_home_new(sizeof *home))) {
		if (!csp_build_xml(home, m, &xml, &xlen))
			fwrite(xml, 1, xlen, stderr);
		su_home_unref(home);
	}
	fputc('\n', stderr);
}

/* --- incoming messages --- */

static void push_event(struct impsc *c, int ev)
{
	if (c->n_events == IMPSC_MAX_EVENTS) {
		memmove(c->events, c->events + 1, IMPSC_MAX_EVENTS - 1);
		c->n_events--;
	}
	c->events[c->n_events++] = (unsigned char)ev;
}

static size_t count_events(struct impsc const *c, int ev)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_events; i++)
		if (ev == IMPSC_EV_ANY || c->events[i] == ev)
			n++;
	return n;
}

static void take_events(struct impsc *c, int ev, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < c->n_events; i++) {
		if (n && (ev == IMPSC_EV_ANY || c->events[i] == ev)) {
			n--;
			continue;
		}
		c->events[w++] = c->events[i];
	}
	c->n_events = w;
}

static void push_ack(struct impsc *c, char const *tid, char const *msgid)
{
	struct impsc_ack *a;

	if (!tid || !*tid || strlen(tid) >= IMPSC_MAX_ID) {
		if (c->verbose)
			fprintf(stderr, "impsc: server request without a usable TransactionID: "
				"not answered\n");
		return;
	}
	if (c->n_acks == IMPSC_MAX_ACKS) {
		fprintf(stderr, "impsc: too many server requests at once: %s not answered\n", tid);
		return;
	}
	a = &c->acks[c->n_acks++];
	memset(a, 0, sizeof *a);
	strcpy(a->tid, tid);
	if (msgid && strlen(msgid) < IMPSC_MAX_ID)
		strcpy(a->msgid, msgid);
	a->code = 200;
}

/* A server-initiated request: print it, count it, queue its answer. */
static void server_request(struct impsc *c, su_home_t *home, struct csp_transaction const *t)
{
	struct csp_node const *prim = t->content;
	int ev = impsc_event_of(prim->name);
	int n = 1;

	if (impsc_readable(c))
		n = impsc_print_server_request(stdout, home, t->id, prim);
	else if (!strcmp(prim->name, "PresenceNotification-Request"))
		n = (int)csp_node_count(prim);
	if (ev >= 0)
		for (int i = 0; i < (n > 0 ? n : 1); i++)
			push_event(c, ev);
	if (!strcmp(prim->name, "NewMessage"))
		push_ack(c, t->id, csp_node_text(csp_node_find(prim, "MessageInfo"), "MessageID"));
	else
		push_ack(c, t->id, NULL);
	if (!strcmp(prim->name, "Disconnect")) {
		long code = 0;
		char const *desc;

		impsc_result(prim, &code, &desc);
		impsc_error(c, IMPSC_PROTO, code, "session ended by the server (Disconnect)");
		c->ended = c->fatal = 1;
	}
}

/*
 * Handles every transaction of a received message. A Response whose
 * TransactionID is `want` is the awaited answer (*answerp); any other
 * Response (e.g. the answer to a Polling-Request) is only checked for the
 * codes that end the session.
 */
static void process(struct impsc *c, su_home_t *home, struct csp_msg const *m, char const *want,
		    struct csp_node **answerp)
{
	if (m->poll == CSP_T)
		c->poll_pending = 1;
	if (m->cir == CSP_F)
		c->cir_broken = 1;
	for (struct csp_transaction const *t = m->trans; t; t = t->next) {
		long code;
		char const *desc;

		if (t->poll == CSP_T)
			c->poll_pending = 1;
		if (!t->content)
			continue;
		if (t->mode == CSP_REQUEST) {
			server_request(c, home, t);
			continue;
		}
		if (want && t->id && !strcmp(t->id, want) && answerp && !*answerp) {
			*answerp = t->content;
			continue;
		}
		if (!impsc_result(t->content, &code, &desc) && ends_session(code)) {
			impsc_error(c, IMPSC_PROTO, code, "%s", desc ? desc : "session ended");
			c->ended = c->fatal = 1;
		} else if (c->verbose) {
			fprintf(stderr, "impsc: ignored %s (TransactionID %s)\n", t->content->name,
				t->id ? t->id : "none");
		}
	}
}

/* Encodes, posts and processes one message. No answer in the HTTP body is
 * not an error here. */
static int send_msg(struct impsc *c, su_home_t *home, struct csp_msg const *m, char const *want,
		    struct csp_node **answerp)
{
	void *data;
	size_t len;
	int err;
	struct body b;
	char const *ct = NULL;
	struct csp_msg *in;
	enum csp_encoding enc;
	struct csp_error perr;

	if (c->wbxml) {
		unsigned char *w;

		err = csp_build_wbxml(home, m, &w, &len);
		data = w;
	} else {
		char *x;

		err = csp_build_xml(home, m, &x, &len);
		data = x;
	}
	if (err) {
		impsc_error(c, IMPSC_PROTO, 0, "cannot encode the request: %s", strerror(err));
		return err;
	}
	trace(c, "SEND", data, len, m);
	if ((err = post(c, home, data, len, &b, &ct)))
		return err;
	if (!b.len) {
		free(b.buf);
		return 0;
	}
	memset(&perr, 0, sizeof perr);
	err = csp_parse(home, b.buf, b.len, ct, &in, &enc, &perr);
	if (c->verbose)
		trace(c, "RECV", b.buf, b.len, err ? NULL : in);
	if (c->raw) {
		char *xml;
		size_t xlen;

		if (enc == CSP_ENC_XML || err)
			fwrite(b.buf, 1, b.len, stdout);
		else if (!csp_build_xml(home, in, &xml, &xlen))
			fwrite(xml, 1, xlen, stdout);
		putchar('\n');
		fflush(stdout);
	}
	free(b.buf);
	if (err) {
		impsc_error(c, IMPSC_PROTO, 0, "unparsable answer: %s", perr.reason);
		return EBADMSG;
	}
	process(c, home, in, want, answerp);
	fflush(stdout);
	return 0;
}

/* Sends the answers to server requests, each in its own HTTP request. */
static int flush_acks(struct impsc *c)
{
	int sent = 0;

	while (c->n_acks && !(c->fatal && !c->ended)) {
		struct impsc_ack a = c->acks[0];
		su_home_t *home = su_home_new(sizeof *home);
		struct csp_msg *m;
		struct csp_node *prim, *r;
		int err;

		memmove(c->acks, c->acks + 1, (c->n_acks - 1) * sizeof c->acks[0]);
		c->n_acks--;
		if (!home)
			return ENOMEM;
		if (sent++ > 4 * IMPSC_MAX_ACKS) {
			su_home_unref(home);
			return E2BIG;
		}
		err = csp_msg_new(home, c->version, c->session_id, CSP_RESPONSE, a.tid,
				  a.msgid[0] ? "MessageDelivered" : "Status", &m, &prim);
		if (!err && a.msgid[0])
			err = csp_node_add_text(home, prim, "MessageID", a.msgid) ? 0 : ENOMEM;
		else if (!err)
			err = (r = csp_node_add(home, prim, "Result")) &&
			      csp_node_add_text(home, r, "Code", "200") ? 0 : ENOMEM;
		if (!err)
			err = send_msg(c, home, m, NULL, NULL);
		su_home_unref(home);
		if (err == EIO)
			return err;
	}
	return 0;
}

int impsc_request(struct impsc *c, su_home_t *home, char const *name, char const *tid,
		  struct csp_msg **msgp, struct csp_node **primp)
{
	char buf[32];

	if (!tid) {
		snprintf(buf, sizeof buf, "%lu", c->next_tid++);
		tid = buf;
	}
	return csp_msg_new(home, c->version, c->session_id, CSP_REQUEST, tid, name, msgp, primp);
}

/* One Polling-Request (no TransactionID, as AOSP). */
static int poll_once(struct impsc *c, su_home_t *home, char const *want, struct csp_node **answerp)
{
	struct csp_msg *m;
	int err;

	if ((err = csp_msg_new(home, c->version, c->session_id, CSP_REQUEST, NULL,
			       "Polling-Request", &m, NULL)))
		return err;
	c->poll_pending = 0;
	err = send_msg(c, home, m, want, answerp);
	if (err == EIO)
		return err;
	return flush_acks(c);
}

static int cir_read(struct impsc *c);
static void cir_fallback(struct impsc *c, char const *why);

/* Sleeps up to `seconds` (or until the CIR socket is readable); 0, or EINTR. */
static int nap(struct impsc *c, long seconds)
{
	struct pollfd p = {c->cir_fd, POLLIN, 0};
	int n;

	if (seconds <= 0)
		return 0;
	n = poll(&p, c->cir_fd >= 0 ? 1 : 0, (int)(seconds > 3600 ? 3600000 : seconds * 1000));
	if (n < 0 && errno == EINTR)
		return EINTR;
	return 0;
}

int impsc_transact(struct impsc *c, su_home_t *home, struct csp_msg *m, struct csp_node **primp)
{
	char const *tid = m->trans->id;
	struct csp_node *answer = NULL;
	time_t deadline;
	int err;

	err = send_msg(c, home, m, tid, &answer);
	if (err == EIO)
		return err;
	if ((err = flush_acks(c)) == EIO)
		return err;
	deadline = now_s() + c->timeout;
	/* No answer in the HTTP body: the server may deliver it later. */
	while (!answer && !c->fatal && !impsc_interrupted) {
		long left = (long)(deadline - now_s());

		if (left <= 0)
			break;
		if (!c->poll_pending && nap(c, left < c->poll_min ? left : c->poll_min))
			break;
		if (c->cir_fd >= 0 && cir_read(c))
			cir_fallback(c, "STCP connection closed");
		if ((err = poll_once(c, home, tid, &answer)) == EIO)
			return err;
	}
	if (!answer) {
		if (c->fatal)
			return EIO;
		impsc_error(c, IMPSC_TIMEOUT, 0, "no answer to %s (TransactionID %s)",
			    m->trans->content->name, tid ? tid : "none");
		return ETIMEDOUT;
	}
	*primp = answer;
	return 0;
}

long impsc_check(struct impsc *c, char const *request, char const *expect,
		 struct csp_node const *prim)
{
	long code = 200;
	char const *desc = NULL;
	int has = !impsc_result(prim, &code, &desc);

	if (strcmp(prim->name, expect) && strcmp(prim->name, "Status")) {
		impsc_error(c, IMPSC_PROTO, 0, "unexpected answer %s to %s", prim->name, request);
		return -1;
	}
	if (!has && !strcmp(prim->name, "Status")) {
		impsc_error(c, IMPSC_PROTO, 0, "Status without Result to %s", request);
		return -1;
	}
	if (impsc_readable(c)) {
		printf("STATUS %s %ld", request, code);
		impsc_put_text(stdout, desc);
		putchar('\n');
		impsc_print_details(stdout, prim);
	}
	if (code < 200 || code > 299)
		impsc_error(c, IMPSC_PROTO, code, "%s", desc ? desc : "");
	if (ends_session(code))
		c->ended = c->fatal = 1;
	fflush(stdout);
	return code;
}

/* --- session --- */

static int add_client_id(struct impsc *c, su_home_t *home, struct csp_node *parent)
{
	struct csp_node *id = csp_node_add(home, parent, "ClientID");

	return id && csp_node_add_text(home, id, "URL", c->client_id) ? 0 : ENOMEM;
}

static int login_request(struct impsc *c, su_home_t *home, char const *tid, char const *digest,
			 struct csp_msg **mp)
{
	static char const *const schemas[3][3] = {{"MD5", "SHA", NULL}, {"MD5", NULL, NULL},
						   {"SHA", NULL, NULL}};
	struct csp_node *p;
	char ttl[24];
	int err = impsc_request(c, home, "Login-Request", tid, mp, &p);

	if (err)
		return err;
	snprintf(ttl, sizeof ttl, "%ld", c->ttl);
	if (!csp_node_add_text(home, p, "UserID", c->user) || add_client_id(c, home, p) ||
	    !csp_node_add_text(home, p, "TimeToLive", ttl) ||
	    !csp_node_add_text(home, p, "SessionCookie", c->cookie))
		return ENOMEM;
	if (digest)
		return csp_node_add_text(home, p, "DigestBytes", digest) ? 0 : ENOMEM;
	if (!c->four_way)
		return csp_node_add_text(home, p, "Password", c->password) ? 0 : ENOMEM;
	for (int i = 0; schemas[c->digest][i]; i++)
		if (!csp_node_add_text(home, p, "DigestSchema", schemas[c->digest][i]))
			return ENOMEM;
	return 0;
}

int impsc_login(struct impsc *c)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *m;
	struct csp_node *ans;
	char tid[32], digest[64];
	char const *nonce, *sid, *text;
	long code = 0;
	char const *desc;
	int err;

	if (!home)
		return ENOMEM;
	c->cmd = "login";
	snprintf(tid, sizeof tid, "%lu", c->next_tid++);
	if ((err = login_request(c, home, tid, NULL, &m)) ||
	    (err = impsc_transact(c, home, m, &ans)))
		goto out;
	impsc_result(ans, &code, &desc);
	nonce = csp_node_text(ans, "Nonce");
	if (!strcmp(ans->name, "Login-Response") && code == 401 && nonce) {
		/* Four-way: the same TransactionID and cookie again (as AOSP). */
		char const *schema = csp_node_text(ans, "DigestSchema");

		if (!schema)
			schema = c->digest == 2 ? "SHA" : "MD5";
		if (impsc_readable(c)) {
			printf("CHALLENGE %ld", code);
			impsc_put_kv(stdout, "schema", schema, 0);
			impsc_put_kv(stdout, "nonce", nonce, 0);
			putchar('\n');
		}
		err = impsc_digest(schema, nonce, c->password, digest, sizeof digest);
		if (err) {
			impsc_error(c, IMPSC_PROTO, 0, "cannot answer DigestSchema %s: %s", schema,
				    err == ENOTSUP ? "not supported" : strerror(err));
			goto out;
		}
		if ((err = login_request(c, home, tid, digest, &m)) ||
		    (err = impsc_transact(c, home, m, &ans)))
			goto out;
	}
	code = impsc_check(c, "Login-Request", "Login-Response", ans);
	sid = csp_node_text(ans, "SessionID");
	if (code < 200 || code > 299 || !sid) {
		if (code >= 200 && code <= 299)
			impsc_error(c, IMPSC_PROTO, 0, "Login-Response without SessionID");
		err = EPROTO;
		goto out;
	}
	if (!(c->session_id = su_strdup(c->home, sid))) {
		err = ENOMEM;
		goto out;
	}
	text = csp_node_text(ans, "KeepAliveTime");
	c->keepalive = text ? strtol(text, NULL, 10) : 0;
	if (c->keepalive < 0)
		c->keepalive = 0;
	text = csp_node_text(ans, "CapabilityRequest");
	c->capability_request = text && !strcasecmp(text, "T");
	if (impsc_readable(c)) {
		printf("LOGIN %ld", code);
		impsc_put_kv(stdout, "session", sid, 0);
		printf(" keepalive=%ld\n", c->keepalive);
		fflush(stdout);
	}
out:
	su_home_unref(home);
	return err;
}

/* The leaf elements (function codes) below a Service-Response's feature tree. */
static void put_leaves(struct csp_node const *n)
{
	for (struct csp_node const *x = n ? n->child : NULL; x; x = x->next) {
		if (x->ns)
			continue;
		if (x->child)
			put_leaves(x);
		else if (strcmp(x->name, "Qualifier"))
			printf(" %s", x->name);
	}
}

static int capability(struct impsc *c, su_home_t *home)
{
	struct csp_msg *m;
	struct csp_node *p, *l, *ans, *n;
	char const *v;
	int err = impsc_request(c, home, "ClientCapability-Request", NULL, &m, &p);

	if (err)
		return err;
	if (c->version == CSP_V11 && (err = add_client_id(c, home, p)))
		return err;
	/* The capability list of AOSP (DIGEST samples), CIR methods aside. */
	if (!(l = csp_node_add(home, p, "CapabilityList")) ||
	    !csp_node_add_text(home, l, "ClientType", "MOBILE_PHONE") ||
	    !csp_node_add_text(home, l, "AcceptedContentLength", "262144") ||
	    !csp_node_add_text(home, l, "ParserSize", "262144") ||
	    !csp_node_add_text(home, l, "MultiTrans", "1") ||
	    !csp_node_add_text(home, l, "InitialDeliveryMethod", "P") ||
	    !csp_node_add_text(home, l, "ServerPollMin", "30") ||
	    !csp_node_add_text(home, l, "SupportedBearer", "HTTP") ||
	    (c->cir_stcp && !csp_node_add_text(home, l, "SupportedCIRMethod", "STCP")) ||
	    (c->version >= CSP_V12 && !csp_node_add_text(home, l, "SupportedCIRMethod", "SHTTP")))
		return ENOMEM;
	c->cmd = "capability";
	if ((err = impsc_transact(c, home, m, &ans)))
		return err;
	if (impsc_check(c, "ClientCapability-Request", "ClientCapability-Response", ans) != 200)
		return EPROTO;
	l = csp_node_find(ans, "CapabilityList");
	if ((v = csp_node_text(l, "ServerPollMin")))
		c->poll_min = strtol(v, NULL, 10);
	if (c->poll_min < 1)
		c->poll_min = 1;
	for (n = csp_node_find(l, "SupportedCIRMethod"); n; n = csp_node_next_named(n))
		if (n->text && !strcasecmp(n->text, "STCP"))
			c->stcp_agreed = 1;
	if ((v = csp_node_text(l, "TCPAddress")) && !(c->tcp_addr = su_strdup(c->home, v)))
		return ENOMEM;
	v = csp_node_text(l, "TCPPort");
	c->tcp_port = v ? strtol(v, NULL, 10) : IMPSC_DEFAULT_TCP_PORT;
	if (impsc_readable(c)) {
		int k = 0;

		printf("CAPABILITY poll-min=%ld cir=", c->poll_min);
		for (n = csp_node_find(l, "SupportedCIRMethod"); n; n = csp_node_next_named(n))
			printf("%s%s", k++ ? "," : "", n->text ? n->text : "");
		if (!k)
			putchar('-');
		impsc_put_kv(stdout, "tcp-address", c->tcp_addr, 0);
		impsc_put_kv(stdout, "tcp-port", csp_node_text(l, "TCPPort"), 0);
		impsc_put_kv(stdout, "delivery", csp_node_text(l, "InitialDeliveryMethod"), 0);
		putchar('\n');
	}
	return 0;
}

static int service(struct impsc *c, su_home_t *home)
{
	struct csp_msg *m;
	struct csp_node *p, *f, *w, *ans, *all;
	int err = impsc_request(c, home, "Service-Request", NULL, &m, &p);

	if (err)
		return err;
	if (c->version == CSP_V11 && (err = add_client_id(c, home, p)))
		return err;
	if (!(f = csp_node_add(home, p, "Functions")) || !(w = csp_node_add(home, f, "WVCSPFeat")) ||
	    !csp_node_add(home, w, "FundamentalFeat") || !csp_node_add(home, w, "PresenceFeat") ||
	    !csp_node_add(home, w, "IMFeat") || !csp_node_add(home, w, "GroupFeat") ||
	    !csp_node_add_text(home, p, "AllFunctionsRequest", "T"))
		return ENOMEM;
	c->cmd = "service";
	if ((err = impsc_transact(c, home, m, &ans)))
		return err;
	if (impsc_check(c, "Service-Request", "Service-Response", ans) != 200)
		return EPROTO;
	if (impsc_readable(c)) {
		if (!(all = csp_node_find(ans, "AllFunctions")))
			all = csp_node_find(ans, "Functions");
		printf("SERVICE");
		put_leaves(all);
		putchar('\n');
	}
	return 0;
}

/* Reads what the STCP CIR socket has; counts WVCI lines. 0, or EPIPE when
 * the connection is gone. */
static int cir_read(struct impsc *c)
{
	char *nl;
	ssize_t n;

	for (;;) {
		if (c->cir_len == sizeof c->cir_buf)
			c->cir_len = 0; /* an over-long line: dropped */
		n = recv(c->cir_fd, c->cir_buf + c->cir_len, sizeof c->cir_buf - c->cir_len,
			 MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return EPIPE;
		c->cir_len += (size_t)n;
		while ((nl = memchr(c->cir_buf, '\n', c->cir_len))) {
			size_t line = (size_t)(nl - c->cir_buf);

			*nl = '\0';
			if (line && c->cir_buf[line - 1] == '\r')
				c->cir_buf[line - 1] = '\0';
			if (c->verbose)
				fprintf(stderr, "CIR %s\n", c->cir_buf);
			if (!strncmp(c->cir_buf, "WVCI ", 5))
				c->cir_wakeups++;
			c->cir_len -= line + 1;
			memmove(c->cir_buf, nl + 1, c->cir_len);
		}
	}
}

static void cir_fallback(struct impsc *c, char const *why)
{
	if (c->cir_fd >= 0)
		close(c->cir_fd);
	c->cir_fd = -1;
	printf("CIR POLL");
	impsc_put_text(stdout, why);
	putchar('\n');
	fflush(stdout);
}

/* Host of the server URL, for STCP when the server names no TCPAddress. */
static char const *url_host(struct impsc *c)
{
	CURLU *u = curl_url();
	char *host = NULL;
	char const *copy = NULL;

	if (u && !curl_url_set(u, CURLUPART_URL, c->url, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0) && host) {
		size_t len = strlen(host);

		if (len > 2 && host[0] == '[' && host[len - 1] == ']')
			copy = su_strndup(c->home, host + 1, len - 2);
		else
			copy = su_strdup(c->home, host);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return copy;
}

/* Connects the STCP CIR channel: HELO <SessionID>, expects OK. */
static void cir_connect(struct impsc *c)
{
	struct addrinfo hints = {0}, *ai = NULL, *a;
	char port[16], line[IMPSC_MAX_CIR_LINE];
	char const *host = c->tcp_addr ? c->tcp_addr : url_host(c);
	time_t deadline = now_s() + c->timeout;
	int fd = -1, rc;
	size_t len = 0;

	c->cir_broken = 0;
	if (!host) {
		cir_fallback(c, "no STCP address");
		return;
	}
	snprintf(port, sizeof port, "%ld", c->tcp_port);
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &ai))) {
		cir_fallback(c, gai_strerror(rc));
		return;
	}
	for (a = ai; a; a = a->ai_next) {
		if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol)) < 0)
			continue;
		if (!connect(fd, a->ai_addr, a->ai_addrlen))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		cir_fallback(c, "cannot connect to the STCP address");
		return;
	}
	snprintf(line, sizeof line, "HELO %s\r\n", c->session_id);
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line)) {
		close(fd);
		cir_fallback(c, "cannot send HELO");
		return;
	}
	/* The answer line: OK. */
	while (len < sizeof line - 1) {
		struct pollfd p = {fd, POLLIN, 0};
		long left = (long)(deadline - now_s());
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left * 1000) <= 0)
			break;
		if ((n = recv(fd, line + len, 1, 0)) <= 0)
			break;
		if (line[len++] == '\n')
			break;
	}
	line[len] = '\0';
	if (strncmp(line, "OK", 2)) {
		close(fd);
		cir_fallback(c, len ? "no OK to HELO" : "no answer to HELO");
		return;
	}
	c->cir_fd = fd;
	c->cir_last = now_s();
	printf("CIR STCP %s:%s\n", host, port);
	fflush(stdout);
}

int impsc_negotiate(struct impsc *c)
{
	su_home_t *home = su_home_new(sizeof *home);
	int err = 0;

	if (!home)
		return ENOMEM;
	if (c->capability_request)
		err = capability(c, home);
	if (!c->fatal && (!err || err == EPROTO))
		err = service(c, home);
	su_home_unref(home);
	if (c->fatal)
		return err ? err : EIO;
	if (c->cir_stcp) {
		if (!c->capability_request)
			cir_fallback(c, "no capability negotiation");
		else if (!c->stcp_agreed)
			cir_fallback(c, "STCP not agreed");
		else
			cir_connect(c);
	}
	return err;
}

int impsc_logout(struct impsc *c)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *m;
	struct csp_node *ans;
	long code;
	char const *desc = NULL;
	int err;

	if (!home)
		return ENOMEM;
	c->cmd = "logout";
	if (!(err = impsc_request(c, home, "Logout-Request", NULL, &m, NULL)) &&
	    !(err = impsc_transact(c, home, m, &ans))) {
		code = impsc_check(c, "Logout-Request", "Disconnect", ans);
		if (code >= 0 && impsc_readable(c)) {
			impsc_result(ans, &code, &desc);
			printf("LOGOUT %ld", code);
			impsc_put_text(stdout, desc);
			putchar('\n');
		}
	}
	c->ended = 1;
	if (c->cir_fd >= 0)
		close(c->cir_fd);
	c->cir_fd = -1;
	su_home_unref(home);
	return err;
}

int impsc_poll(struct impsc *c)
{
	int err = 0;

	for (int i = 0; i < IMPSC_MAX_POLL_CHAIN && !c->fatal; i++) {
		su_home_t *home = su_home_new(sizeof *home);

		if (!home)
			return ENOMEM;
		err = poll_once(c, home, NULL, NULL);
		su_home_unref(home);
		if (err || !c->poll_pending)
			break;
	}
	return err;
}

static int keepalive(struct impsc *c, long ttl, int print)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *m;
	struct csp_node *p, *ans;
	char buf[24];
	char const *v;
	char const *saved = c->cmd;
	int err;

	if (!home)
		return ENOMEM;
	if (!print)
		c->cmd = "keepalive";
	if ((err = impsc_request(c, home, "KeepAlive-Request", NULL, &m, &p)))
		goto out;
	snprintf(buf, sizeof buf, "%ld", ttl);
	if (ttl > 0 && !csp_node_add_text(home, p, "TimeToLive", buf)) {
		err = ENOMEM;
		goto out;
	}
	if ((err = impsc_transact(c, home, m, &ans)))
		goto out;
	if (print) {
		if (impsc_check(c, "KeepAlive-Request", "KeepAlive-Response", ans) != 200)
			goto out;
	} else {
		long code = 0;
		char const *desc;

		if (!impsc_result(ans, &code, &desc) && (code < 200 || code > 299))
			impsc_error(c, IMPSC_PROTO, code, "%s", desc ? desc : "");
		if (ends_session(code))
			c->ended = c->fatal = 1;
	}
	if ((v = csp_node_text(ans, "KeepAliveTime")))
		c->keepalive = strtol(v, NULL, 10);
	if (print && impsc_readable(c))
		printf("KEEPALIVE %ld\n", c->keepalive);
out:
	c->cmd = saved;
	su_home_unref(home);
	return err;
}

int impsc_keepalive(struct impsc *c, long ttl)
{
	return keepalive(c, ttl, 1);
}

/* Seconds of idleness after which a KeepAlive-Request is due (DIGEST §2:
 * AOSP uses KeepAliveTime - 5; a tiny grant must not cause a storm). */
static long keepalive_every(struct impsc const *c)
{
	if (c->keepalive <= 0)
		return 0;
	return c->keepalive > 10 ? c->keepalive - 5 : (c->keepalive + 1) / 2;
}

int impsc_wait(struct impsc *c, int n, int ev, long seconds, int *gotp)
{
	time_t deadline = now_s() + seconds, next_poll = 0;
	int err;

	for (;;) {
		time_t now = now_s(), until;
		long ka = keepalive_every(c);

		*gotp = (int)count_events(c, ev);
		if (*gotp >= n) {
			take_events(c, ev, (size_t)n);
			return 0;
		}
		if (c->fatal)
			return EIO;
		if (impsc_interrupted)
			return EINTR;
		if (now >= deadline)
			return ETIMEDOUT;
		if (c->cir_fd >= 0 && cir_read(c))
			cir_fallback(c, "STCP connection closed");
		else if (c->cir_fd >= 0 && c->cir_broken)
			cir_connect(c);
		if (!next_poll || c->poll_pending || c->cir_wakeups ||
		    (c->cir_fd < 0 && now >= next_poll)) {
			c->cir_wakeups = 0;
			if ((err = impsc_poll(c)))
				return err;
			next_poll = now_s() + c->poll_min;
			continue;
		}
		if (ka && now - c->last_sent >= ka) {
			if ((err = keepalive(c, 0, 0)) && err != EPROTO)
				return err;
			continue;
		}
		if (c->cir_fd >= 0 && now - c->cir_last >= 1200) {
			/* Keep the CIR connection open (AOSP: PING every 20 minutes). */
			if (send(c->cir_fd, "PING \r\n", 7, MSG_NOSIGNAL) != 7)
				cir_fallback(c, "STCP connection closed");
			c->cir_last = now;
			continue;
		}
		until = deadline;
		if (c->cir_fd < 0 && next_poll < until)
			until = next_poll;
		if (ka && c->last_sent + ka < until)
			until = c->last_sent + ka;
		if (nap(c, (long)(until - now) > 0 ? (long)(until - now) : 1))
			return EINTR;
	}
}
