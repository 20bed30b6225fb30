/* bench/imps.c: IMPS load benchmark of iwfd: end-to-end IM rate and latency, memory per session. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"

/*
 * What it does (bench/run-imps.sh starts iwfd and creates the users):
 *
 * Messaging (--only msg or both): S sessions of users PREFIX0..PREFIX{S-1} log in (two-way,
 * CSP 1.2 XML), send ClientCapability (push delivery, MultiTrans, STCP and SHTTP CIR) and open
 * the STCP CIR link (HELO/OK) the server offers. Session i and i^1 are peers. Each session has
 * one HTTP request outstanding at most, like a phone, and chooses its next one in this order:
 *   1. MessageDelivered (or Status 200) for a server transaction it received,
 *   2. Polling-Request when a WVCI line came on its CIR link or an answer said Poll=T,
 *   3. SendMessage-Request to its peer while it has some of its M messages left.
 * The text carries the sender, a sequence number and the send time (microseconds): latency is
 * the time from queueing the SendMessage to parsing the NewMessage that carries it. Then the
 * same number of HTTP round trips is spent on KeepAlive-Request with the same sessions and the
 * same concurrency: the baseline of HTTP + CSP parse + session lookup without the IM path.
 * The sessions log out at the end.
 *
 * Idle sessions (--only mem or both): K further logins (users PREFIX0..PREFIX{K-1}; Login and
 * ClientCapability without CIR, as an SHTTP client) over C reused connections; iwfd's VmRSS
 * (/proc/PID/status) and the store's size (file + -wal) before and after, divided by K. These
 * sessions stay logged in (iwfd is stopped by the script; they would survive a restart).
 */

#define BENCH_MAX_SESSIONS 20000	/* S and K */
#define BENCH_MAX_MESSAGES 100000	/* M: messages per session */
#define BENCH_MAX_CONNS 256		/* C: connections of the idle-login phase */
#define BENCH_MAX_TEXT 8192		/* bytes of one message text */
#define BENCH_ACKS_MAX 64		/* server transactions waiting for our answer, per session */
#define BENCH_ID_MAX 128		/* SessionID, TransactionID, MessageID kept */
#define BENCH_CIR_LINE_MAX 256		/* one line on the CIR link */
#define BENCH_ERRORS_SHOWN 10		/* errors printed; the rest are counted */
#define BENCH_EVENTS 256		/* epoll events per wait */
#define BENCH_HTTP_TIMEOUT_S 30		/* one HTTP request */
#define BENCH_CIR_TIMEOUT_MS 5000	/* HELO -> OK */

#define CIR_TAG (UINT64_C(1) << 32)	/* epoll data: CIR_TAG | session index, else a curl fd */

enum job {
	JOB_NONE = 0,
	JOB_LOGIN,
	JOB_CAPS,
	JOB_SEND,
	JOB_POLL,
	JOB_ACK,
	JOB_KEEPALIVE,
	JOB_LOGOUT,
	JOB_COUNT,
};

/* Per job: the request primitive and the answer expected (NULL: any, or an empty body). */
static struct job_row {
	char const *request;
	char const *answer;
} const job_rows[JOB_COUNT] = {
	[JOB_NONE] = {"-", NULL},
	[JOB_LOGIN] = {"Login-Request", "Login-Response"},
	[JOB_CAPS] = {"ClientCapability-Request", "ClientCapability-Response"},
	[JOB_SEND] = {"SendMessage-Request", "SendMessage-Response"},
	[JOB_POLL] = {"Polling-Request", NULL},
	[JOB_ACK] = {"MessageDelivered/Status", NULL},
	[JOB_KEEPALIVE] = {"KeepAlive-Request", "KeepAlive-Response"},
	[JOB_LOGOUT] = {"Logout-Request", NULL},	/* Disconnect or Status */
};

enum phase {
	PH_SETUP,	/* login, capabilities, CIR */
	PH_MSG,		/* messaging */
	PH_KEEPALIVE,	/* baseline */
	PH_LOGOUT,
	PH_IDLE,	/* idle logins over shared connections */
};

struct ack {
	char tid[BENCH_ID_MAX];
	char mid[BENCH_ID_MAX];	/* "" for a Status answer */
};

struct buf {
	char *p;
	size_t len, cap;
};

struct bench;

/* One HTTP channel (an easy handle and its connection). */
struct chan {
	struct bench *b;
	CURL *eh;
	struct buf req, ans;
	struct sess *s;		/* whose request is on it */
	enum job job;
	int64_t t0;		/* µs when the request was queued */
	int busy;
};

struct sess {
	unsigned idx, peer;
	char user[BENCH_ID_MAX];	/* wv:NAME@DOMAIN */
	char sid[BENCH_ID_MAX];
	struct chan *ch;		/* its own channel (messaging), NULL when idle */
	unsigned tid;
	int poll_pending;
	int logged_in, failed;
	int use_cir;
	int64_t last_req;		/* µs, for the no-CIR polling fallback */
	struct ack acks[BENCH_ACKS_MAX];
	unsigned nacks;
	unsigned todo;			/* SendMessage or KeepAlive left in this phase */
	unsigned seq;			/* next message number */
	unsigned inflight;		/* its messages sent and not yet delivered to the peer */
	int cir_fd;
	size_t cir_len;
	char cir_buf[BENCH_CIR_LINE_MAX + 1];
	char cir_host[BENCH_ID_MAX];
	long cir_port;
};

struct opts {
	char const *url;
	char const *prefix;
	char const *password;
	char const *domain;
	char const *only;		/* "msg", "mem" or NULL for both */
	char const *store;
	unsigned sessions, messages, idle, conns, multi_trans, text_size;
	long pid;
	int cir;			/* 1: STCP, 0: poll */
	unsigned poll_ms;
	unsigned timeout_s;
	unsigned rate;			/* messages/s of all sessions together; 0: as fast as answered */
	unsigned window;		/* messages of one sender not yet delivered; 0: no limit */
};

struct stats {
	int64_t *lat;			/* µs per delivered message */
	size_t nlat;
	unsigned char *seen;		/* S * M: message delivered */
	unsigned long dup, bad_text;
	unsigned long send_failed;	/* SendMessage without a 2xx answer: not waited for */
	unsigned long count[JOB_COUNT];
	int64_t t_first, t_last_send_ans, t_last_recv, t_end;
	int64_t *rtt;			/* µs per KeepAlive round trip */
	size_t nrtt;
};

struct bench {
	struct opts o;
	CURLM *multi;
	int ep;
	long timeout_ms;
	struct curl_slist *hdrs;
	enum phase phase;
	struct sess *s;
	unsigned ns;
	struct chan *ch;
	unsigned nch;
	unsigned running;		/* requests in flight */
	unsigned next_idle;		/* idle phase: next session to log in */
	unsigned ready;			/* sessions done with the current phase's setup */
	int64_t t_start;		/* µs: start of the messaging phase (for --rate) */
	unsigned long errors;
	struct stats st;
};

/* --- small helpers ------------------------------------------------------------------------- */

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void bench_error(struct bench *b, struct sess const *s, char const *fmt, ...)
{
	va_list ap;

	if (b->errors++ >= BENCH_ERRORS_SHOWN)
		return;
	fprintf(stderr, "imps bench: %s: ", s ? s->user : "-");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int buf_set(struct buf *bf, char const *p, size_t len)
{
	if (len + 1 > bf->cap) {
		char *np = realloc(bf->p, len + 1);

		if (np == NULL)
			return ENOMEM;
		bf->p = np;
		bf->cap = len + 1;
	}
	memcpy(bf->p, p, len);
	bf->p[len] = '\0';
	bf->len = len;
	return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct buf *bf = arg;
	size_t len = size * n;

	if (bf->len + len > CSP_MAX_BODY)
		return 0;	/* the transfer fails: CURLE_WRITE_ERROR */
	if (bf->len + len + 1 > bf->cap) {
		size_t cap = (bf->len + len + 1) * 2;
		char *np = realloc(bf->p, cap);

		if (np == NULL)
			return 0;
		bf->p = np;
		bf->cap = cap;
	}
	memcpy(bf->p + bf->len, data, len);
	bf->len += len;
	bf->p[bf->len] = '\0';
	return len;
}

/* kB of VmRSS of a process, -1 when unknown. */
static long rss_kb(long pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* CPU time (user + system) of a process in µs, -1 when unknown. */
static int64_t proc_cpu_us(long pid)
{
	char path[64], line[1024], *p;
	unsigned long long ut, st;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	/* After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15. */
	if (!ok || (p = strrchr(line, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	return (int64_t)((ut + st) * 1000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK));
}

static int64_t self_cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (int64_t)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
		(int64_t)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
}

/* Bytes of the store file and its -wal, -1 when unknown. */
static long long store_bytes(char const *path)
{
	char wal[4096];
	struct stat st;
	long long n;

	if (path == NULL || stat(path, &st) != 0)
		return -1;
	n = st.st_size;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0)
		n += st.st_size;
	return n;
}

static int cmp_i64(void const *a, void const *b)
{
	int64_t x = *(int64_t const *)a, y = *(int64_t const *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile (0 < p <= 100) of a sorted array, in ms. */
static double pct_ms(int64_t const *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return (double)v[k - 1] / 1000.0;
}

/* --- requests ------------------------------------------------------------------------------ */

static struct csp_node *add(su_home_t *home, struct csp_node *parent, char const *name,
			    char const *text)
{
	return parent ? csp_node_add_text(home, parent, name, text) : NULL;
}

/* The text of message `seq` of session s: "bench SENDER SEQ TIME_US " padded with 'x'. */
static void message_text(struct bench *b, struct sess const *s, unsigned seq, int64_t t,
			 char *out)
{
	int n = snprintf(out, BENCH_MAX_TEXT, "bench %u %u %" PRId64 " ", s->idx, seq, t);

	if (n > 0 && (unsigned)n < b->o.text_size) {
		memset(out + n, 'x', b->o.text_size - (unsigned)n);
		out[b->o.text_size] = '\0';
	}
}

/* Fills the primitive of job `job` for session s (acks: its first pending one). */
static int fill_request(struct bench *b, struct sess *s, enum job job, su_home_t *home,
			struct csp_node *p, int64_t t)
{
	struct opts const *o = &b->o;
	char num[32], text[BENCH_MAX_TEXT + 1];
	struct csp_node *n, *mi;

	switch (job) {
	case JOB_LOGIN:
		add(home, p, "UserID", s->user);
		n = add(home, p, "ClientID", NULL);
		add(home, n, "URL", "bench-imps");
		add(home, p, "Password", o->password);
		add(home, p, "TimeToLive", "7205");
		snprintf(num, sizeof num, "ck%u", s->idx);
		add(home, p, "SessionCookie", num);
		break;
	case JOB_CAPS:
		n = add(home, p, "CapabilityList", NULL);
		add(home, n, "ClientType", "MOBILE_PHONE");
		add(home, n, "InitialDeliveryMethod", "P");
		add(home, n, "AcceptedContentType", "text/plain");
		add(home, n, "SupportedBearer", "HTTP");
		snprintf(num, sizeof num, "%u", o->multi_trans);
		add(home, n, "MultiTrans", num);
		if (s->use_cir)
			add(home, n, "SupportedCIRMethod", "STCP");
		add(home, n, "SupportedCIRMethod", "SHTTP");
		break;
	case JOB_SEND:
		message_text(b, s, s->seq, t, text);
		add(home, p, "DeliveryReport", "F");
		mi = add(home, p, "MessageInfo", NULL);
		add(home, mi, "ContentType", "text/plain");
		snprintf(num, sizeof num, "%zu", strlen(text));
		add(home, mi, "ContentSize", num);
		n = add(home, add(home, mi, "Recipient", NULL), "User", NULL);
		add(home, n, "UserID", b->s[s->peer].user);
		n = add(home, add(home, mi, "Sender", NULL), "User", NULL);
		add(home, n, "UserID", s->user);
		add(home, p, "ContentData", text);
		break;
	case JOB_ACK:
		if (s->acks[0].mid[0]) {
			add(home, p, "MessageID", s->acks[0].mid);
		} else {
			n = add(home, p, "Result", NULL);
			add(home, n, "Code", "200");
		}
		break;
	default:
		break;	/* Polling, KeepAlive, Logout: empty */
	}
	return p == NULL ? ENOMEM : 0;
}

/* Builds and queues the request `job` of session s on channel c. */
static int request(struct chan *c, struct sess *s, enum job job)
{
	struct bench *b = c->b;
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char tid[32], *xml = NULL;
	char const *prim;
	struct csp_msg *m;
	struct csp_node *p;
	size_t len = 0;
	int64_t t = now_us();
	int e;

	if (job == JOB_ACK) {
		prim = s->acks[0].mid[0] ? "MessageDelivered" : "Status";
		e = csp_msg_new(home, CSP_V12, s->sid, CSP_RESPONSE, s->acks[0].tid, prim, &m, &p);
	} else {
		snprintf(tid, sizeof tid, "%u", ++s->tid);
		e = csp_msg_new(home, CSP_V12, job == JOB_LOGIN ? NULL : s->sid, CSP_REQUEST,
				job == JOB_POLL ? NULL : tid, job_rows[job].request, &m, &p);
	}
	if (e == 0)
		e = fill_request(b, s, job, home, p, t);
	if (e == 0)
		e = csp_build_xml(home, m, &xml, &len);
	if (e == 0)
		e = buf_set(&c->req, xml, len);
	su_home_deinit(home);
	if (e) {
		bench_error(b, s, "cannot build %s: %s", job_rows[job].request, strerror(e));
		return e;
	}
	if (job == JOB_ACK) {
		memmove(&s->acks[0], &s->acks[1], (s->nacks - 1) * sizeof s->acks[0]);
		s->nacks--;
	}
	c->ans.len = 0;
	c->s = s;
	c->job = job;
	c->t0 = t;
	c->busy = 1;
	s->last_req = t;
	curl_easy_setopt(c->eh, CURLOPT_POSTFIELDS, c->req.p);
	curl_easy_setopt(c->eh, CURLOPT_POSTFIELDSIZE, (long)c->req.len);
	if (curl_multi_add_handle(b->multi, c->eh) != CURLM_OK) {
		c->busy = 0;
		bench_error(b, s, "curl_multi_add_handle failed");
		return EIO;
	}
	b->running++;
	b->st.count[job]++;
	if (job == JOB_SEND && b->st.t_first == 0)
		b->st.t_first = t;
	return 0;
}

/* --- CIR (STCP) ---------------------------------------------------------------------------- */

/* Connects the session's CIR link and says HELO; 0 when OK came back. Blocking (loopback). */
static int cir_open(struct bench *b, struct sess *s)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	char port[16], line[BENCH_ID_MAX + 16];
	struct pollfd pfd;
	struct epoll_event ev = {.events = EPOLLIN};
	size_t got = 0;
	int fd = -1;

	snprintf(port, sizeof port, "%ld", s->cir_port);
	if (getaddrinfo(s->cir_host, port, &hints, &ai) != 0)
		return EHOSTUNREACH;
	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, ai->ai_addr, ai->ai_addrlen) != 0)
		goto fail;
	freeaddrinfo(ai);
	ai = NULL;
	snprintf(line, sizeof line, "HELO %s\r\n", s->sid);
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) != (ssize_t)strlen(line))
		goto fail;
	pfd = (struct pollfd){.fd = fd, .events = POLLIN};
	while (got < 4) {
		ssize_t n;

		if (poll(&pfd, 1, BENCH_CIR_TIMEOUT_MS) != 1 ||
		    (n = recv(fd, line + got, 4 - got, 0)) <= 0)
			goto fail;
		got += (size_t)n;
	}
	if (memcmp(line, "OK\r\n", 4) != 0)
		goto fail;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	ev.data.u64 = CIR_TAG | s->idx;
	if (epoll_ctl(b->ep, EPOLL_CTL_ADD, fd, &ev) != 0)
		goto fail;
	s->cir_fd = fd;
	return 0;
fail:
	if (ai)
		freeaddrinfo(ai);
	if (fd >= 0)
		close(fd);
	return EIO;
}

static void sess_kick(struct bench *b, struct sess *s);
static void idle_next(struct bench *b, struct chan *c);

/* Reads WVCI lines: each one asks for a Polling-Request. */
static void cir_readable(struct bench *b, struct sess *s)
{
	for (;;) {
		ssize_t n = recv(s->cir_fd, s->cir_buf + s->cir_len,
				 BENCH_CIR_LINE_MAX - s->cir_len, 0);
		char *nl;

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			if (b->phase != PH_LOGOUT)
				bench_error(b, s, "CIR link closed by iwfd");
			epoll_ctl(b->ep, EPOLL_CTL_DEL, s->cir_fd, NULL);
			close(s->cir_fd);
			s->cir_fd = -1;
			s->use_cir = 0;
			return;
		}
		if (n < 0)
			break;
		s->cir_len += (size_t)n;
		s->cir_buf[s->cir_len] = '\0';
		while ((nl = strchr(s->cir_buf, '\n')) != NULL) {
			if (strncmp(s->cir_buf, "WVCI ", 5) == 0)
				s->poll_pending = 1;
			s->cir_len -= (size_t)(nl + 1 - s->cir_buf);
			memmove(s->cir_buf, nl + 1, s->cir_len + 1);
		}
		if (s->cir_len == BENCH_CIR_LINE_MAX)
			s->cir_len = 0;	/* a line too long: dropped */
	}
	sess_kick(b, s);
}

/* --- answers ------------------------------------------------------------------------------- */

static char const *result_code(struct csp_node const *prim)
{
	struct csp_node const *r = csp_node_find(prim, "Result");

	return r ? csp_node_text(r, "Code") : NULL;
}

/* A NewMessage from the server: its latency, or a duplicate or a foreign text. */
static void on_new_message(struct bench *b, struct sess *s, struct csp_node const *prim,
			   int64_t t)
{
	char const *text = csp_node_text(prim, "ContentData");
	unsigned from, seq;
	int64_t sent;

	if (text == NULL || sscanf(text, "bench %u %u %" SCNd64, &from, &seq, &sent) != 3 ||
	    from >= b->ns || seq >= b->o.messages || b->s[from].peer != s->idx) {
		b->st.bad_text++;
		bench_error(b, s, "NewMessage with unexpected text '%.40s'", text ? text : "");
		return;
	}
	if (b->st.seen[(size_t)from * b->o.messages + seq]++) {
		b->st.dup++;
		return;
	}
	b->st.lat[b->st.nlat++] = t - sent;
	b->st.t_last_recv = t;
	if (b->s[from].inflight && --b->s[from].inflight < b->o.window)
		sess_kick(b, &b->s[from]);
}

/* A server-initiated transaction: counted, and queued for its answer (once). */
static void on_server_request(struct bench *b, struct sess *s, struct csp_transaction const *tx,
			      int64_t t)
{
	struct csp_node const *prim = tx->content, *mi;
	char const *mid = NULL;
	struct ack *a;

	if (strcmp(prim->name, "NewMessage") == 0) {
		if ((mi = csp_node_find(prim, "MessageInfo")) != NULL)
			mid = csp_node_text(mi, "MessageID");
		if (b->phase == PH_MSG)
			on_new_message(b, s, prim, t);
		else
			bench_error(b, s, "NewMessage outside the messaging phase");
		if (mid == NULL || strlen(mid) >= BENCH_ID_MAX) {
			bench_error(b, s, "NewMessage without a usable MessageID");
			return;
		}
	}
	if (tx->id == NULL || strlen(tx->id) >= BENCH_ID_MAX) {
		bench_error(b, s, "server %s without a usable TransactionID", prim->name);
		return;
	}
	for (unsigned i = 0; i < s->nacks; i++)
		if (strcmp(s->acks[i].tid, tx->id) == 0)
			return;	/* offered again before we answered: one answer */
	if (s->nacks >= BENCH_ACKS_MAX) {
		bench_error(b, s, "more than %d server transactions waiting", BENCH_ACKS_MAX);
		return;
	}
	a = &s->acks[s->nacks++];
	strcpy(a->tid, tx->id);
	strcpy(a->mid, mid ? mid : "");
}

/* The answer to the session's Login or ClientCapability. */
static void on_setup_answer(struct bench *b, struct sess *s, enum job job,
			    struct csp_node const *prim)
{
	char const *code = result_code(prim);

	if (job == JOB_LOGIN) {
		char const *sid = csp_node_text(prim, "SessionID");

		if (code == NULL || strcmp(code, "200") != 0 || sid == NULL ||
		    strlen(sid) >= BENCH_ID_MAX) {
			bench_error(b, s, "login: Result %s", code ? code : "?");
			s->failed = 1;
			return;
		}
		strcpy(s->sid, sid);
		s->logged_in = 1;
		return;
	}
	/* ClientCapability-Response: STCP agreed? */
	if (s->use_cir) {
		struct csp_node const *cl = csp_node_find(prim, "CapabilityList");
		struct csp_node const *m = cl ? csp_node_find(cl, "SupportedCIRMethod") : NULL;
		char const *addr = cl ? csp_node_text(cl, "TCPAddress") : NULL;
		char const *port = cl ? csp_node_text(cl, "TCPPort") : NULL;
		int stcp = 0;

		for (; m; m = csp_node_next_named(m))
			stcp |= m->text && strcmp(m->text, "STCP") == 0;
		s->use_cir = stcp && port && (s->cir_port = strtol(port, NULL, 10)) > 0;
		if (addr && *addr && strlen(addr) < BENCH_ID_MAX)
			strcpy(s->cir_host, addr);
		if (!s->use_cir)
			bench_error(b, s, "STCP CIR not agreed: polling every %u ms", b->o.poll_ms);
	}
}

/* A finished request: HTTP status, parse, every transaction of the answer. */
static void on_done(struct bench *b, struct chan *c, CURLcode rc)
{
	struct sess *s = c->s;
	enum job job = c->job;
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct csp_msg *m = NULL;
	struct csp_error err;
	int64_t t = now_us();
	long http = 0;
	int answered = 0, sent = 0;

	c->busy = 0;
	b->running--;
	curl_multi_remove_handle(b->multi, c->eh);
	curl_easy_getinfo(c->eh, CURLINFO_RESPONSE_CODE, &http);
	if (rc != CURLE_OK || http != 200) {
		bench_error(b, s, "%s: %s, HTTP %ld", job_rows[job].request,
			    curl_easy_strerror(rc), http);
		s->failed = job == JOB_LOGIN || job == JOB_CAPS || job == JOB_LOGOUT;
		goto next;
	}
	if (job == JOB_KEEPALIVE)
		b->st.rtt[b->st.nrtt++] = t - c->t0;
	if (c->ans.len == 0) {
		if (job_rows[job].answer)
			bench_error(b, s, "%s: empty answer", job_rows[job].request);
		goto next;
	}
	if (csp_parse_xml(home, c->ans.p, c->ans.len, &m, &err) != 0) {
		bench_error(b, s, "%s: unparsable answer: %s", job_rows[job].request, err.reason);
		goto next;
	}
	if (m->poll == CSP_T)
		s->poll_pending = 1;
	for (struct csp_transaction const *tx = m->trans; tx; tx = tx->next) {
		char const *name = tx->content && tx->content->name ? tx->content->name : "";

		if (tx->poll == CSP_T)
			s->poll_pending = 1;
		if (tx->mode == CSP_REQUEST) {
			on_server_request(b, s, tx, t);
			continue;
		}
		answered = 1;
		if (job_rows[job].answer && strcmp(name, job_rows[job].answer) != 0) {
			char const *code = result_code(tx->content);

			bench_error(b, s, "%s answered with %s %s", job_rows[job].request, name,
				    code ? code : "");
			if (job == JOB_LOGIN || job == JOB_CAPS)
				s->failed = 1;
			continue;
		}
		if (job == JOB_LOGIN || job == JOB_CAPS) {
			on_setup_answer(b, s, job, tx->content);
		} else if (job == JOB_SEND || job == JOB_KEEPALIVE) {
			char const *code = result_code(tx->content);

			if (code == NULL || code[0] != '2')
				bench_error(b, s, "%s: Result %s", job_rows[job].request,
					    code ? code : "?");
			else
				sent = 1;
			if (job == JOB_SEND)
				b->st.t_last_send_ans = t;
		}
	}
	if (job_rows[job].answer && !answered)
		bench_error(b, s, "%s: no answer transaction", job_rows[job].request);
next:
	su_home_deinit(home);
	if (job == JOB_SEND && !sent) {
		b->st.send_failed++;
		if (s->inflight)
			s->inflight--;
	}
	if (job == JOB_LOGOUT)
		s->logged_in = 0;
	if (b->phase == PH_IDLE) {
		idle_next(b, c);
		return;
	}
	if (job == JOB_CAPS && !s->failed && s->use_cir && cir_open(b, s) != 0) {
		bench_error(b, s, "cannot open the STCP CIR link to %s:%ld", s->cir_host,
			    s->cir_port);
		s->use_cir = 0;
	}
	if ((job == JOB_CAPS || job == JOB_LOGOUT) || s->failed)
		b->ready++;
	sess_kick(b, s);
}

/* --- the scheduler ------------------------------------------------------------------------- */

/* Idle phase: the next request on a free channel: the capability after a login, or the next
 * session's login. */
static void idle_next(struct bench *b, struct chan *c)
{
	struct sess *s = c->s;

	if (s && c->job == JOB_LOGIN && s->logged_in && !s->failed) {
		if (request(c, s, JOB_CAPS) == 0)
			return;
		s->failed = 1;
	}
	if (s)
		b->ready++;	/* done with it, well or not */
	c->s = NULL;
	while (b->next_idle < b->ns) {
		s = &b->s[b->next_idle++];
		if (request(c, s, JOB_LOGIN) == 0)
			return;
		s->failed = 1;
		b->ready++;
	}
}

/* With --rate: when message s->seq of session s is due (µs), spread evenly over the sessions. */
static int64_t send_due(struct bench const *b, struct sess const *s)
{
	return b->t_start + (int64_t)(((double)s->seq * b->ns + s->idx) * 1e6 / b->o.rate);
}

/* The session's next request when its channel is free (messaging, baseline, logout). */
static void sess_kick(struct bench *b, struct sess *s)
{
	struct chan *c = s->ch;

	if (c == NULL || c->busy || s->failed)
		return;
	if (b->phase == PH_SETUP) {
		if (!s->logged_in)
			return;	/* the driver starts the login */
		if (c->job == JOB_LOGIN)
			request(c, s, JOB_CAPS);
		return;
	}
	if (s->nacks) {
		request(c, s, JOB_ACK);
	} else if (b->phase == PH_LOGOUT) {
		if (s->logged_in && c->job != JOB_LOGOUT)
			request(c, s, JOB_LOGOUT);
	} else if (s->poll_pending) {
		s->poll_pending = 0;
		request(c, s, JOB_POLL);
	} else if (s->todo) {
		if (b->phase == PH_MSG) {
			if (b->o.rate && now_us() < send_due(b, s))
				return;	/* the loop comes back for it */
			if (b->o.window && s->inflight >= b->o.window)
				return;	/* a delivery kicks it */
			s->inflight++;
			s->todo--;
			request(c, s, JOB_SEND);
			s->seq++;
		} else {
			s->todo--;
			request(c, s, JOB_KEEPALIVE);
		}
	}
}

/* --- the event loop ------------------------------------------------------------------------ */

static int on_socket(CURL *eh, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct bench *b = arg;
	struct epoll_event ev = {.data.u64 = (uint64_t)fd};

	(void)eh;
	(void)sockp;
	if (what == CURL_POLL_REMOVE) {
		epoll_ctl(b->ep, EPOLL_CTL_DEL, fd, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
	if (epoll_ctl(b->ep, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
		epoll_ctl(b->ep, EPOLL_CTL_ADD, fd, &ev);
	return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *arg)
{
	struct bench *b = arg;

	(void)multi;
	b->timeout_ms = timeout_ms;
	return 0;
}

static void drain_done(struct bench *b)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(b->multi, &left)) != NULL) {
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		if (priv)
			on_done(b, (struct chan *)(void *)priv, msg->data.result);
	}
}

/* Runs the loop until done(b) or the deadline; 0, or ETIMEDOUT. */
static int run_until(struct bench *b, int (*done)(struct bench *b), int64_t deadline)
{
	struct epoll_event evs[BENCH_EVENTS];
	int still;

	while (!done(b)) {
		int64_t t = now_us();
		long wait_ms = b->timeout_ms;
		int n;

		if (t > deadline)
			return ETIMEDOUT;
		if (wait_ms < 0 || wait_ms > 100)
			wait_ms = 100;
		if (!b->o.cir && wait_ms > (long)b->o.poll_ms)
			wait_ms = b->o.poll_ms;
		if (b->o.rate && b->phase == PH_MSG && wait_ms > 1)
			wait_ms = 1;
		n = epoll_wait(b->ep, evs, BENCH_EVENTS, (int)wait_ms);
		if (n <= 0) {
			curl_multi_socket_action(b->multi, CURL_SOCKET_TIMEOUT, 0, &still);
		}
		for (int i = 0; i < n; i++) {
			uint64_t d = evs[i].data.u64;
			int flags = 0;

			if (d & CIR_TAG) {
				cir_readable(b, &b->s[d & 0xffffffffu]);
				continue;
			}
			flags |= evs[i].events & EPOLLIN ? CURL_CSELECT_IN : 0;
			flags |= evs[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0;
			flags |= evs[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0;
			curl_multi_socket_action(b->multi, (curl_socket_t)d, flags, &still);
		}
		drain_done(b);
		/* Without CIR, sessions poll every poll_ms; with --rate, sends fall due. */
		if (b->phase == PH_MSG || b->phase == PH_KEEPALIVE) {
			t = now_us();
			for (unsigned i = 0; i < b->ns; i++) {
				struct sess *s = &b->s[i];

				if (s->ch->busy || !s->logged_in)
					continue;
				if (!s->use_cir && t - s->last_req >= (int64_t)b->o.poll_ms * 1000)
					s->poll_pending = 1;
				if (s->poll_pending || (b->o.rate && s->todo && b->phase == PH_MSG))
					sess_kick(b, s);
			}
		}
	}
	return 0;
}

static int all_ready(struct bench *b)
{
	return b->ready >= b->ns && b->running == 0;
}

static int msg_done(struct bench *b)
{
	size_t want = 0;

	for (unsigned i = 0; i < b->ns; i++)
		want += b->s[i].failed ? 0 : b->o.messages;
	if (b->st.nlat + b->st.send_failed < want)
		return 0;
	for (unsigned i = 0; i < b->ns; i++)
		if (b->s[i].nacks || b->s[i].todo || b->s[i].ch->busy)
			return 0;
	return 1;
}

static int keepalive_done(struct bench *b)
{
	for (unsigned i = 0; i < b->ns; i++)
		if (b->s[i].nacks || b->s[i].todo || b->s[i].ch->busy)
			return 0;
	return 1;
}

/* --- setup and phases ---------------------------------------------------------------------- */

static int chan_init(struct bench *b, struct chan *c)
{
	c->b = b;
	if ((c->eh = curl_easy_init()) == NULL)
		return ENOMEM;
	curl_easy_setopt(c->eh, CURLOPT_URL, b->o.url);
	curl_easy_setopt(c->eh, CURLOPT_HTTPHEADER, b->hdrs);
	curl_easy_setopt(c->eh, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->eh, CURLOPT_WRITEDATA, &c->ans);
	curl_easy_setopt(c->eh, CURLOPT_PRIVATE, c);
	curl_easy_setopt(c->eh, CURLOPT_TIMEOUT, (long)BENCH_HTTP_TIMEOUT_S);
	curl_easy_setopt(c->eh, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->eh, CURLOPT_TCP_NODELAY, 1L);
	return 0;
}

static void chan_free(struct chan *c)
{
	if (c->eh)
		curl_easy_cleanup(c->eh);
	free(c->req.p);
	free(c->ans.p);
}

static int sessions_init(struct bench *b, unsigned n, int with_chan)
{
	b->s = calloc(n, sizeof *b->s);
	b->ns = n;
	if (b->s == NULL)
		return ENOMEM;
	if (with_chan) {
		b->nch = n;
		if ((b->ch = calloc(n, sizeof *b->ch)) == NULL)
			return ENOMEM;
	}
	for (unsigned i = 0; i < n; i++) {
		struct sess *s = &b->s[i];

		s->idx = i;
		s->peer = i ^ 1u;
		s->cir_fd = -1;
		s->use_cir = with_chan && b->o.cir;
		snprintf(s->user, sizeof s->user, "wv:%s%u@%s", b->o.prefix, i, b->o.domain);
		snprintf(s->cir_host, sizeof s->cir_host, "127.0.0.1");
		if (with_chan) {
			s->ch = &b->ch[i];
			if (chan_init(b, s->ch) != 0)
				return ENOMEM;
		}
	}
	return 0;
}

static void sessions_free(struct bench *b)
{
	for (unsigned i = 0; i < b->ns; i++)
		if (b->s[i].cir_fd >= 0)
			close(b->s[i].cir_fd);
	for (unsigned i = 0; i < b->nch; i++)
		chan_free(&b->ch[i]);
	free(b->s);
	free(b->ch);
	b->s = NULL;
	b->ch = NULL;
	b->ns = b->nch = 0;
}

/* The figures: one row. */
static void row(char const *what, double v, char const *unit)
{
	printf("  %-46s %14.*f  %s\n", what, v == (double)(long long)v ? 0 : 2, v, unit);
}

static void load_line(char const *when)
{
	char la[128] = "?";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fgets(la, sizeof la, f))
			la[strcspn(la, "\n")] = '\0';
		fclose(f);
	}
	printf("  machine load %s: %s (1/5/15 min, runnable/threads, last pid); %ld CPUs\n", when,
	       la, sysconf(_SC_NPROCESSORS_ONLN));
}

static int64_t deadline_of(struct bench *b)
{
	return now_us() + (int64_t)b->o.timeout_s * 1000000;
}

/* Messaging phase and the KeepAlive baseline. */
static int run_msg(struct bench *b)
{
	struct opts const *o = &b->o;
	struct stats *st = &b->st;
	unsigned long trips;
	int64_t srv0, srv1, srv2, me0, me1, me2, t1, k0, k1;
	double secs, ksecs;
	unsigned ok = 0;
	int e;

	if ((e = sessions_init(b, o->sessions, 1)) != 0)
		return e;
	st->lat = calloc((size_t)o->sessions * o->messages, sizeof *st->lat);
	st->seen = calloc((size_t)o->sessions * o->messages, 1);
	if (st->lat == NULL || st->seen == NULL)
		return ENOMEM;

	/* Setup: login, capabilities, CIR. */
	b->phase = PH_SETUP;
	b->ready = 0;
	for (unsigned i = 0; i < b->ns; i++)
		if (request(b->s[i].ch, &b->s[i], JOB_LOGIN) != 0) {
			b->s[i].failed = 1;
			b->ready++;
		}
	if (run_until(b, all_ready, deadline_of(b)) != 0)
		fprintf(stderr, "imps bench: set-up did not finish in %u s\n", o->timeout_s);
	for (unsigned i = 0; i < b->ns; i++)
		ok += !b->s[i].failed && b->s[i].logged_in;
	if (ok < b->ns) {
		fprintf(stderr, "imps bench: only %u of %u sessions logged in\n", ok, b->ns);
		return EIO;
	}

	/* Messaging. */
	memset(st->count, 0, sizeof st->count);
	b->phase = PH_MSG;
	b->t_start = now_us();
	srv0 = o->pid > 0 ? proc_cpu_us(o->pid) : -1;
	me0 = self_cpu_us();
	for (unsigned i = 0; i < b->ns; i++) {
		b->s[i].todo = o->messages;
		sess_kick(b, &b->s[i]);
	}
	e = run_until(b, msg_done, deadline_of(b));
	t1 = now_us();
	srv1 = o->pid > 0 ? proc_cpu_us(o->pid) : -1;
	me1 = self_cpu_us();
	if (e)
		fprintf(stderr, "imps bench: messaging did not finish in %u s: %zu of %zu delivered\n",
			o->timeout_s, st->nlat, (size_t)o->sessions * o->messages);
	trips = 0;
	for (int j = JOB_SEND; j <= JOB_ACK; j++)
		trips += st->count[j];
	secs = st->t_last_recv > st->t_first ? (double)(st->t_last_recv - st->t_first) / 1e6 : 0;

	/* Baseline: the same number of round trips of KeepAlive, same sessions, same concurrency. */
	b->phase = PH_KEEPALIVE;
	st->rtt = calloc(trips + 1, sizeof *st->rtt);
	if (st->rtt == NULL)
		return ENOMEM;
	for (unsigned i = 0; i < b->ns; i++)
		b->s[i].todo = (unsigned)(trips / b->ns + (i < trips % b->ns));
	k0 = now_us();
	for (unsigned i = 0; i < b->ns; i++)
		sess_kick(b, &b->s[i]);
	if (run_until(b, keepalive_done, deadline_of(b)) != 0)
		fprintf(stderr, "imps bench: KeepAlive baseline did not finish in %u s\n",
			o->timeout_s);
	k1 = now_us();
	srv2 = o->pid > 0 ? proc_cpu_us(o->pid) : -1;
	me2 = self_cpu_us();
	ksecs = (double)(k1 - k0) / 1e6;

	/* Logout. */
	b->phase = PH_LOGOUT;
	b->ready = 0;
	for (unsigned i = 0; i < b->ns; i++) {
		if (b->s[i].failed || !b->s[i].logged_in)
			b->ready++;
		else
			sess_kick(b, &b->s[i]);
	}
	run_until(b, all_ready, deadline_of(b));

	qsort(st->lat, st->nlat, sizeof *st->lat, cmp_i64);
	qsort(st->rtt, st->nrtt, sizeof *st->rtt, cmp_i64);
	printf("\nMessaging: %u sessions in %u pairs, %u messages each (%u-byte text), one HTTP "
	       "request outstanding per session, MultiTrans %u, CIR %s, ", o->sessions,
	       o->sessions / 2, o->messages, o->text_size, o->multi_trans,
	       o->cir ? "STCP (WVCI wakes a Polling-Request)" : "none (polling)");
	if (o->rate)
		printf("paced at %u messages/s in all", o->rate);
	else
		printf("sent as fast as iwfd answers");
	if (o->window)
		printf(", at most %u undelivered per sender\n", o->window);
	else
		printf(", no limit on undelivered messages (queues build up)\n");
	row("messages delivered end to end", (double)st->nlat, "messages");
	row("  duplicates / unexpected texts", (double)(st->dup + st->bad_text), "messages");
	row("  SendMessage without a 2xx answer", (double)st->send_failed, "messages");
	row("delivery rate (first send -> last NewMessage)", secs > 0 ? st->nlat / secs : 0,
	    "messages/s");
	row("latency SendMessage -> NewMessage p50", pct_ms(st->lat, st->nlat, 50), "ms");
	row("latency p99", pct_ms(st->lat, st->nlat, 99), "ms");
	row("latency max", pct_ms(st->lat, st->nlat, 100), "ms");
	row("SendMessage request rate (answered)",
	    st->t_last_send_ans > st->t_first ?
	    st->count[JOB_SEND] / ((double)(st->t_last_send_ans - st->t_first) / 1e6) : 0,
	    "requests/s");
	row("HTTP round trips (Send + Polling + acks)", (double)trips, "requests");
	row("  SendMessage-Request", (double)st->count[JOB_SEND], "requests");
	row("  Polling-Request", (double)st->count[JOB_POLL], "requests");
	row("  MessageDelivered/Status answers", (double)st->count[JOB_ACK], "requests");
	row("HTTP round trip rate, messaging", secs > 0 ? trips / ((double)(t1 - st->t_first) /
								   1e6) : 0, "requests/s");
	if (srv0 >= 0 && srv1 >= 0 && st->nlat)
		row("iwfd CPU per delivered message", (double)(srv1 - srv0) / st->nlat, "us");
	row("bench CPU per delivered message", st->nlat ? (double)(me1 - me0) / st->nlat : 0,
	    "us");
	printf("\nBaseline: the same number of KeepAlive-Request round trips, same sessions and "
	       "concurrency\n");
	row("KeepAlive round trips", (double)st->nrtt, "requests");
	row("KeepAlive rate", ksecs > 0 ? st->nrtt / ksecs : 0, "requests/s");
	row("KeepAlive round trip p50", pct_ms(st->rtt, st->nrtt, 50), "ms");
	row("KeepAlive round trip p99", pct_ms(st->rtt, st->nrtt, 99), "ms");
	if (srv1 >= 0 && srv2 >= 0 && st->nrtt)
		row("iwfd CPU per KeepAlive", (double)(srv2 - srv1) / st->nrtt, "us");
	row("bench CPU per KeepAlive", st->nrtt ? (double)(me2 - me1) / st->nrtt : 0, "us");
	if (secs > 0 && ksecs > 0 && st->nlat && st->nrtt) {
		double per_msg_trips = (double)trips / st->nlat;
		double ka_rate = st->nrtt / ksecs, rt_rate = trips / ((double)(t1 - st->t_first) / 1e6);

		row("round trips per delivered message", per_msg_trips, "requests");
		row("KeepAlive rate / messaging round trip rate", ka_rate / rt_rate, "x");
		row("KeepAlive rate / delivery rate", ka_rate / (st->nlat / secs), "x");
		if (srv0 >= 0 && srv2 > srv1)
			row("iwfd CPU per message / per KeepAlive",
			    ((double)(srv1 - srv0) / st->nlat) /
			    ((double)(srv2 - srv1) / st->nrtt), "x");
	}
	free(st->lat);
	free(st->seen);
	free(st->rtt);
	sessions_free(b);
	return st->nlat < (size_t)o->sessions * o->messages ? EIO : 0;
}

/* Idle logged-in sessions: memory and store growth per session. */
static int run_mem(struct bench *b)
{
	struct opts const *o = &b->o;
	long rss0, rss1;
	long long st0, st1;
	int64_t t0, t1, srv0, srv1;
	unsigned ok = 0;
	int e;

	if ((e = sessions_init(b, o->idle, 0)) != 0)
		return e;
	b->nch = o->conns;
	if ((b->ch = calloc(b->nch, sizeof *b->ch)) == NULL)
		return ENOMEM;
	for (unsigned i = 0; i < b->nch; i++)
		if (chan_init(b, &b->ch[i]) != 0)
			return ENOMEM;
	b->phase = PH_IDLE;
	b->ready = 0;
	b->next_idle = 0;
	rss0 = o->pid > 0 ? rss_kb(o->pid) : -1;
	st0 = store_bytes(o->store);
	srv0 = o->pid > 0 ? proc_cpu_us(o->pid) : -1;
	t0 = now_us();
	for (unsigned i = 0; i < b->nch; i++)
		idle_next(b, &b->ch[i]);
	if (run_until(b, all_ready, deadline_of(b)) != 0)
		fprintf(stderr, "imps bench: idle logins did not finish in %u s\n", o->timeout_s);
	t1 = now_us();
	srv1 = o->pid > 0 ? proc_cpu_us(o->pid) : -1;
	usleep(500000);	/* let iwfd settle (nothing should be pending) */
	rss1 = o->pid > 0 ? rss_kb(o->pid) : -1;
	st1 = store_bytes(o->store);
	for (unsigned i = 0; i < b->ns; i++)
		ok += b->s[i].logged_in && !b->s[i].failed;

	printf("\nIdle sessions: %u logins (Login + ClientCapability, no CIR link) over %u "
	       "connections\n", o->idle, o->conns);
	row("sessions logged in", ok, "sessions");
	row("login rate (Login + ClientCapability)",
	    t1 > t0 ? ok / ((double)(t1 - t0) / 1e6) : 0, "sessions/s");
	if (srv0 >= 0 && srv1 >= 0 && ok)
		row("iwfd CPU per login", (double)(srv1 - srv0) / ok, "us");
	if (rss0 >= 0 && rss1 >= 0 && ok) {
		row("iwfd VmRSS before", (double)rss0 / 1024, "MiB");
		row("iwfd VmRSS after", (double)rss1 / 1024, "MiB");
		row("iwfd memory per idle session", (double)(rss1 - rss0) * 1024 / ok, "bytes");
	}
	if (st0 >= 0 && st1 >= 0 && ok)
		row("store (file + wal) growth per session", (double)(st1 - st0) / ok, "bytes");
	sessions_free(b);
	return ok < o->idle ? EIO : 0;
}

/* --- main ---------------------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bench/imps [OPTIONS] URL\n"
		"  -s, --sessions S     sessions of the messaging phase, even (200)\n"
		"  -m, --messages M     messages each session sends to its peer (20)\n"
		"  -k, --idle K         idle sessions of the memory phase (10000)\n"
		"  -c, --connections C  connections of the idle logins (8)\n"
		"      --only msg|mem   one phase only (both)\n"
		"      --prefix P       users are P0, P1, ... (b)\n"
		"      --password PW    every user's password (pw)\n"
		"      --domain D       IMPS domain (mno1.example)\n"
		"      --pid PID        iwfd's pid: its RSS and CPU time are read from /proc\n"
		"      --store PATH     iwfd's store file: its size before and after\n"
		"      --multi-trans N  MultiTrans asked in ClientCapability (1, as AOSP)\n"
		"      --size BYTES     message text size (64)\n"
		"      --no-cir         no STCP CIR: idle sessions poll every --poll-ms\n"
		"      --poll-ms MS     polling interval without CIR (100)\n"
		"      --rate R         messages/s of all sessions together, evenly paced (0: as\n"
		"                       fast as iwfd answers; latency is then mostly queueing)\n"
		"      --window W       a session sends only while fewer than W of its messages are\n"
		"                       undelivered (0: no limit)\n"
		"      --timeout S      limit of each phase (900)\n");
}

static int num_arg(char const *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return EINVAL;
	*out = (unsigned)v;
	return 0;
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	enum { O_ONLY = 256, O_PREFIX, O_PASSWORD, O_DOMAIN, O_PID, O_STORE, O_MT, O_SIZE,
	       O_NOCIR, O_POLLMS, O_TIMEOUT, O_RATE, O_WINDOW };
	static struct option const lo[] = {
		{"sessions", required_argument, NULL, 's'},
		{"messages", required_argument, NULL, 'm'},
		{"idle", required_argument, NULL, 'k'},
		{"connections", required_argument, NULL, 'c'},
		{"only", required_argument, NULL, O_ONLY},
		{"prefix", required_argument, NULL, O_PREFIX},
		{"password", required_argument, NULL, O_PASSWORD},
		{"domain", required_argument, NULL, O_DOMAIN},
		{"pid", required_argument, NULL, O_PID},
		{"store", required_argument, NULL, O_STORE},
		{"multi-trans", required_argument, NULL, O_MT},
		{"size", required_argument, NULL, O_SIZE},
		{"no-cir", no_argument, NULL, O_NOCIR},
		{"poll-ms", required_argument, NULL, O_POLLMS},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"rate", required_argument, NULL, O_RATE},
		{"window", required_argument, NULL, O_WINDOW},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	unsigned pid;
	int c, bad = 0;

	*o = (struct opts){.prefix = "b", .password = "pw", .domain = "mno1.example",
			   .sessions = 200, .messages = 20, .idle = 10000, .conns = 8,
			   .multi_trans = 1, .text_size = 64, .cir = 1, .poll_ms = 100,
			   .timeout_s = 900};
	while ((c = getopt_long(argc, argv, "s:m:k:c:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': bad |= num_arg(optarg, 2, BENCH_MAX_SESSIONS, &o->sessions); break;
		case 'm': bad |= num_arg(optarg, 1, BENCH_MAX_MESSAGES, &o->messages); break;
		case 'k': bad |= num_arg(optarg, 1, BENCH_MAX_SESSIONS, &o->idle); break;
		case 'c': bad |= num_arg(optarg, 1, BENCH_MAX_CONNS, &o->conns); break;
		case O_ONLY:
			o->only = optarg;
			bad |= strcmp(optarg, "msg") != 0 && strcmp(optarg, "mem") != 0;
			break;
		case O_PREFIX: o->prefix = optarg; break;
		case O_PASSWORD: o->password = optarg; break;
		case O_DOMAIN: o->domain = optarg; break;
		case O_PID:
			bad |= num_arg(optarg, 1, 1u << 30, &pid);
			o->pid = pid;
			break;
		case O_STORE: o->store = optarg; break;
		case O_MT: bad |= num_arg(optarg, 1, CSP_MAX_TRANSACTIONS, &o->multi_trans); break;
		case O_SIZE: bad |= num_arg(optarg, 40, BENCH_MAX_TEXT, &o->text_size); break;
		case O_NOCIR: o->cir = 0; break;
		case O_POLLMS: bad |= num_arg(optarg, 1, 60000, &o->poll_ms); break;
		case O_TIMEOUT: bad |= num_arg(optarg, 1, 86400, &o->timeout_s); break;
		case O_RATE: bad |= num_arg(optarg, 0, 1000000, &o->rate); break;
		case O_WINDOW: bad |= num_arg(optarg, 0, BENCH_MAX_MESSAGES, &o->window); break;
		case 'h': usage(stdout); exit(0);
		default: bad = 1; break;
		}
	}
	if (optind != argc - 1 || bad || o->sessions % 2) {
		usage(stderr);
		return EINVAL;
	}
	o->url = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b = {.timeout_ms = -1, .ep = -1};
	int e = 0;

	if (parse_args(&b.o, argc, argv) != 0)
		return 2;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || (b.multi = curl_multi_init()) == NULL ||
	    (b.ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		fprintf(stderr, "imps bench: cannot initialise curl or epoll\n");
		return 1;
	}
	b.hdrs = curl_slist_append(NULL, "Content-Type: application/vnd.wv.csp.xml");
	b.hdrs = curl_slist_append(b.hdrs, "Expect:");
	curl_multi_setopt(b.multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(b.multi, CURLMOPT_SOCKETDATA, &b);
	curl_multi_setopt(b.multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(b.multi, CURLMOPT_TIMERDATA, &b);
	curl_multi_setopt(b.multi, CURLMOPT_MAXCONNECTS,
			  (long)(b.o.sessions > b.o.conns ? b.o.sessions : b.o.conns) + 16);

	printf("IMPS load benchmark against %s (iwfd pid %ld)\n", b.o.url, b.o.pid);
	load_line("at start");
	if (b.o.only == NULL || strcmp(b.o.only, "msg") == 0)
		e = run_msg(&b);
	if (b.o.only == NULL || strcmp(b.o.only, "mem") == 0) {
		int e2 = run_mem(&b);

		e = e ? e : e2;
	}
	load_line("at end");
	if (b.errors)
		printf("  errors: %lu (the first %d on stderr)\n", b.errors, BENCH_ERRORS_SHOWN);
	curl_slist_free_all(b.hdrs);
	curl_multi_cleanup(b.multi);
	curl_global_cleanup();
	close(b.ep);
	return e || b.errors ? 1 : 0;
}
