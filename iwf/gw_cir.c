/* iwf/gw_cir.c: standalone TCP CIR (HELO/OK, WVCI wake-ups, PING) as links of sessions. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct gw_cir;
#define SU_WAKEUP_ARG_T void

#include <sofia-sip/su_wait.h>

#include "iwf/gw_log.h"
#include "iwf/gw_net.h"
#include "iwf/gw_server.h"
#include "iwf/gw_session.h"

/*
 * STCP CIR (OMA-TS-IMPS_CSP_Transport §8.1.3 as cited by AOSP TcpCirChannel; DIGEST §8):
 *   client: HELO <SessionID>\r\n        server: OK\r\n  (the socket becomes a link of the session)
 *   server: WVCI <version> <SessionCookie>\r\n  for each wake-up (the client then polls)
 *   client: PING \r\n (keep-alive)       server: OK\r\n
 * Anything else, an unknown session, a line longer than GW_CIR_LINE_MAX, no HELO within
 * GW_CIR_HELO_S or silence for GW_CIR_IDLE_S closes the socket (one notice line). A new HELO
 * for a session replaces its old link. The socket is a link: closing it never ends the session.
 * SHTTP needs nothing here: the client polls every ServerPollMin. SUDP is not offered.
 */

#define GW_CIR_LINE_MAX 256	/* bytes of one line from a client */
#define GW_CIR_CONN_MAX 4096	/* sockets at once */
#define GW_CIR_HELO_S 30	/* time to say HELO */
#define GW_CIR_IDLE_S 3600	/* time between PINGs (AOSP: 20 minutes) */

struct gw_cir_link {
	struct gw_cir_link *next, **prevp;
	struct gw_cir *cir;
	int fd;
	int index;
	size_t len;
	char buf[GW_CIR_LINE_MAX + 1];
	struct gw_sess *sess;	/* after HELO */
	int64_t since, last_rx;
	char peer[GW_ADDR_TEXT_MAX];
};

struct gw_cir {
	struct gw_server *srv;
	int fd;
	int index;
	char address[GW_ADDR_TEXT_MAX];	/* for TCPAddress; "" when the host is a wildcard */
	unsigned port;
	struct gw_cir_link *links;
	unsigned n;
	uint64_t wakeups, refused;
};

/* --- links -------------------------------------------------------------------------------- */

static void link_close(struct gw_cir_link *l, char const *why)
{
	struct gw_cir *c = l->cir;

	if (why)
		gw_info("cir: closing %s%s%.8s: %s", l->peer, l->sess ? " of session " : "",
			l->sess ? l->sess->id : "", why);
	if (l->sess && l->sess->cir == l)
		l->sess->cir = NULL;
	if ((*l->prevp = l->next) != NULL)
		l->next->prevp = l->prevp;
	c->n--;
	su_root_deregister(c->srv->root, l->index);
	close(l->fd);
	free(l);
}

static int send_text(struct gw_cir_link *l, char const *text)
{
	size_t n = strlen(text);

	return send(l->fd, text, n, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)n ? 0 : -1;
}

static void bad_input(struct gw_cir_link *l, char const *what)
{
	l->cir->refused++;
	gw_notice("cir: bad input from %s: %s; closing", l->peer, what);
	link_close(l, NULL);
}

/* One complete line (without CR LF). Returns -1 when the link was closed. */
static int on_line(struct gw_cir_link *l, char *line)
{
	struct gw_server *srv = l->cir->srv;

	if (strncmp(line, "HELO ", 5) == 0 && l->sess == NULL) {
		char const *id = line + 5;
		struct gw_sess *s;

		id += strspn(id, " ");
		s = gw_sess_find(srv, id);
		if (s == NULL || s->ended) {
			bad_input(l, "HELO for an unknown session");
			return -1;
		}
		if (s->cir && s->cir != l)
			link_close(s->cir, "replaced by a new CIR connection");
		s->cir = l;
		s->cir_broken = 0;
		l->sess = s;
		gw_info("cir: %s is the STCP link of session %.8s", l->peer, s->id);
		if (send_text(l, "OK\r\n") != 0) {
			link_close(l, "cannot answer HELO");
			return -1;
		}
		/* Something may already wait: wake at once. */
		if (gw_sess_offerable(s, gw_now(srv)))
			gw_cir_wake(s);
		return 0;
	}
	if (strncmp(line, "PING", 4) == 0 && (line[4] == '\0' || line[4] == ' ') && l->sess) {
		if (send_text(l, "OK\r\n") != 0) {
			link_close(l, "cannot answer PING");
			return -1;
		}
		return 0;
	}
	bad_input(l, l->sess ? "expected PING" : "expected HELO <SessionID>");
	return -1;
}

static int on_readable(su_root_magic_t *magic, su_wait_t *w, void *arg)
{
	struct gw_cir_link *l = arg;
	ssize_t n;

	(void)magic;
	(void)w;
	n = recv(l->fd, l->buf + l->len, GW_CIR_LINE_MAX - l->len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		/* The session agreed STCP: its next answer tells the client to reconnect. */
		if (l->sess)
			l->sess->cir_broken = 1;
		link_close(l, n == 0 ? "closed by the client" : strerror(errno));
		return 0;
	}
	if (n < 0)
		return 0;
	l->len += (size_t)n;
	l->last_rx = gw_now(l->cir->srv);
	for (;;) {
		char *nl = memchr(l->buf, '\n', l->len);
		size_t used;

		if (nl == NULL)
			break;
		used = (size_t)(nl - l->buf) + 1;
		if (memchr(l->buf, '\0', used - 1) != NULL) {
			bad_input(l, "NUL in a line");
			return 0;
		}
		*nl = '\0';
		if (nl > l->buf && nl[-1] == '\r')
			nl[-1] = '\0';
		if (on_line(l, l->buf) < 0)
			return 0;
		memmove(l->buf, l->buf + used, l->len - used);
		l->len -= used;
	}
	if (l->len >= GW_CIR_LINE_MAX)
		bad_input(l, "line too long");
	return 0;
}

static int on_accept(su_root_magic_t *magic, su_wait_t *w, void *arg)
{
	struct gw_cir *c = arg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct gw_cir_link *l;
	su_wait_t lw[1];
	int fd;

	(void)magic;
	(void)w;
	fd = accept4(c->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return 0;
	if (c->n >= GW_CIR_CONN_MAX || (l = calloc(1, sizeof *l)) == NULL) {
		gw_warning("cir: refusing a connection: %u open", c->n);
		close(fd);
		return 0;
	}
	l->cir = c;
	l->fd = fd;
	l->since = l->last_rx = gw_now(c->srv);
	gw_sockaddr_format((struct sockaddr *)&ss, 1, l->peer, sizeof l->peer);
	if (su_wait_create(lw, fd, SU_WAIT_IN) != 0 ||
	    (l->index = su_root_register(c->srv->root, lw, on_readable, l, 0)) < 0) {
		gw_warning("cir: cannot watch a new connection from %s", l->peer);
		close(fd);
		free(l);
		return 0;
	}
	if ((l->next = c->links) != NULL)
		l->next->prevp = &l->next;
	c->links = l;
	l->prevp = &c->links;
	c->n++;
	return 0;
}

/* --- the session side ------------------------------------------------------------------- */

void gw_cir_wake(struct gw_sess *s)
{
	char line[GW_ID_MAX + 32];
	struct gw_cir_link *l = s->cir;

	if (l == NULL)
		return;
	snprintf(line, sizeof line, "WVCI %s %s\r\n", csp_version_str(s->info.version),
		 s->cookie && *s->cookie ? s->cookie : s->id);
	if (send_text(l, line) != 0) {
		s->cir_broken = 1;
		link_close(l, "cannot send WVCI");
		return;
	}
	l->cir->wakeups++;
	gw_debug("cir: woke session %.8s", s->id);
}

void gw_cir_detach(struct gw_sess *s)
{
	if (s->cir) {
		s->cir->sess = NULL;
		link_close(s->cir, "the session ended");
		s->cir = NULL;
	}
}

char const *gw_cir_tcp_address(struct gw_server const *srv)
{
	return srv->cir && srv->cir->address[0] ? srv->cir->address : NULL;
}

unsigned gw_cir_tcp_port(struct gw_server const *srv)
{
	return srv->cir ? srv->cir->port : 0;
}

void gw_cir_tick(struct gw_server *srv, int64_t now)
{
	struct gw_cir_link *l, *next;

	if (srv->cir == NULL)
		return;
	for (l = srv->cir->links; l; l = next) {
		next = l->next;
		if (l->sess == NULL && now - l->since > GW_CIR_HELO_S)
			bad_input(l, "no HELO in time");
		else if (l->sess && now - l->last_rx > GW_CIR_IDLE_S)
			link_close(l, "idle");
	}
}

/* --- start, stop -------------------------------------------------------------------------- */

int gw_cir_start(struct gw_server *srv)
{
	struct gw_conf_addr const *a = &srv->cfg->cir_tcp_listen;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct gw_cir *c;
	su_wait_t w[1];
	int one = 1, e;

	if (a->host == NULL || *a->host == '\0' || srv->root == NULL)
		return 0;	/* no STCP CIR: clients poll */
	if ((c = calloc(1, sizeof *c)) == NULL)
		return ENOMEM;
	c->srv = srv;
	c->index = -1;
	if ((e = gw_sockaddr_make(a->host, a->port, &ss, &sl)) != 0) {
		gw_error("cir: bad listen address %s: %s", a->host, strerror(e));
		free(c);
		return e;
	}
	c->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || setsockopt(c->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(c->fd, (struct sockaddr *)&ss, sl) != 0 || listen(c->fd, 128) != 0 ||
	    getsockname(c->fd, (struct sockaddr *)&ss, &sl) != 0) {
		e = errno;
		gw_error("cir: while listening on %s port %u: %s", a->host, a->port, strerror(e));
		if (c->fd >= 0)
			close(c->fd);
		free(c);
		return e;
	}
	c->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
			((struct sockaddr_in *)&ss)->sin_port);
	if (strcmp(a->host, "0.0.0.0") != 0 && strcmp(a->host, "::") != 0)
		snprintf(c->address, sizeof c->address, "%s", a->host);
	if (su_wait_create(w, c->fd, SU_WAIT_IN) != 0 ||
	    (c->index = su_root_register(srv->root, w, on_accept, c, 0)) < 0) {
		close(c->fd);
		free(c);
		return EIO;
	}
	srv->cir = c;
	gw_notice("cir: STCP listener on %s port %u", a->host, c->port);
	return 0;
}

void gw_cir_stop(struct gw_server *srv)
{
	struct gw_cir *c = srv->cir;

	if (c == NULL)
		return;
	while (c->links)
		link_close(c->links, NULL);
	su_root_deregister(srv->root, c->index);
	close(c->fd);
	free(c);
	srv->cir = NULL;
}
