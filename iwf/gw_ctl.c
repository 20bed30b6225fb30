/* iwf/gw_ctl.c: iwfd's unix control socket on su_root (line commands from a table) and the iwfctl client. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct gw_ctl;
struct ctl_client;
#define SU_WAKEUP_ARG_T void
#define SU_TIMER_ARG_T struct ctl_client

#include <sofia-sip/su_wait.h>

#include "iwf/gw_ctl.h"
#include "iwf/gw_log.h"
#include "iwf/gw_util.h"

struct ctl_client {
	struct gw_ctl *c;
	int fd;
	int index;
	su_timer_t *idle;
	size_t len;
	char line[GW_CTL_LINE_MAX + 1];
	struct ctl_client *next, **prevp;
};

struct gw_ctl {
	su_root_t *root;
	char *path;
	int fd;
	int index;
	struct gw_ctl_cmd const *cmds;
	void *ctx;
	unsigned nclients;
	struct ctl_client *clients;
};

static int make_sockaddr(char const *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path)
		return ENAMETOOLONG;
	memcpy(sun->sun_path, path, strlen(path));
	return 0;
}

/* --- server ------------------------------------------------------------------------------ */

static void client_close(struct ctl_client *cl)
{
	if ((*cl->prevp = cl->next) != NULL)
		cl->next->prevp = cl->prevp;
	cl->c->nclients--;
	su_root_deregister(cl->c->root, cl->index);
	su_timer_destroy(cl->idle);
	close(cl->fd);
	free(cl);
}

static void on_idle(su_root_magic_t *magic, su_timer_t *t, struct ctl_client *cl)
{
	(void)magic;
	(void)t;
	gw_info("control: closing an idle client");
	client_close(cl);
}

/* Sends the whole answer; the socket buffer easily holds one line, so a short write means
 * the client does not read: it is dropped (returns -1). */
static int send_line(struct ctl_client *cl, char const *word, char const *text)
{
	char out[GW_BUF_MAX + 16];
	int n = snprintf(out, sizeof out, "%s%s%s\n", word, *text ? " " : "", text);

	if (n < 0 || (size_t)n >= sizeof out)
		n = snprintf(out, sizeof out, "error answer too long\n");
	return send(cl->fd, out, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == n ? 0 : -1;
}

static int run_command(struct gw_ctl *c, struct ctl_client *cl, char *line)
{
	char *argv[GW_CTL_ARGS_MAX + 1];
	int argc = 0;
	struct gw_buf out;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
		if (argc == GW_CTL_ARGS_MAX)
			return send_line(cl, "error", "too many words");
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	if (argc == 0)
		return send_line(cl, "error", "empty command (try help)");

	gw_buf_init(&out);
	if (strcmp(argv[0], "help") == 0) {
		for (struct gw_ctl_cmd const *k = c->cmds; k->name; k++)
			gw_buf_printf(&out, "%s%s: %s", k == c->cmds ? "" : "; ", k->name, k->help);
		return send_line(cl, "ok", out.text);
	}
	for (struct gw_ctl_cmd const *k = c->cmds; k->name; k++) {
		if (strcmp(argv[0], k->name) != 0)
			continue;
		int e = k->fn(c->ctx, argc, argv, &out);

		gw_info("control: %s -> %s", argv[0], e ? "error" : "ok");
		if (e && out.len == 0)
			gw_buf_printf(&out, "%s", strerror(e));
		return send_line(cl, e ? "error" : "ok", out.text);
	}
	gw_buf_printf(&out, "unknown command '%.64s' (try help)", argv[0]);
	return send_line(cl, "error", out.text);
}

static int on_client(su_root_magic_t *magic, su_wait_t *w, void *arg)
{
	struct ctl_client *cl = arg;
	ssize_t n;

	(void)magic;
	(void)w;
	n = recv(cl->fd, cl->line + cl->len, GW_CTL_LINE_MAX - cl->len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		client_close(cl);
		return 0;
	}
	if (n < 0)
		return 0;
	cl->len += (size_t)n;
	su_timer_set_interval(cl->idle, on_idle, cl, GW_CTL_IDLE_MS);

	char *nl;

	while ((nl = memchr(cl->line, '\n', cl->len)) != NULL) {
		size_t used = (size_t)(nl - cl->line) + 1;

		*nl = '\0';
		if (run_command(cl->c, cl, cl->line) != 0) {
			client_close(cl);
			return 0;
		}
		memmove(cl->line, cl->line + used, cl->len - used);
		cl->len -= used;
	}
	if (cl->len == GW_CTL_LINE_MAX) {
		send_line(cl, "error", "line too long");
		client_close(cl);
	}
	return 0;
}

static int on_accept(su_root_magic_t *magic, su_wait_t *w, void *arg)
{
	struct gw_ctl *c = arg;
	struct ctl_client *cl;
	su_wait_t cw;
	int fd;

	(void)magic;
	(void)w;
	fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return 0;
	if (c->nclients >= GW_CTL_CLIENTS_MAX) {
		gw_notice("control: refusing a client: %d already connected", GW_CTL_CLIENTS_MAX);
		(void)!send(fd, "error too many clients\n", 23, MSG_NOSIGNAL | MSG_DONTWAIT);
		close(fd);
		return 0;
	}
	cl = calloc(1, sizeof *cl);
	if (cl == NULL) {
		close(fd);
		return 0;
	}
	cl->c = c;
	cl->fd = fd;
	cl->idle = su_timer_create(su_root_task(c->root), 0);
	if (cl->idle == NULL || su_wait_create(&cw, fd, SU_WAIT_IN) != 0 ||
	    (cl->index = su_root_register(c->root, &cw, on_client, cl, 0)) < 0) {
		su_timer_destroy(cl->idle);
		close(fd);
		free(cl);
		return 0;
	}
	su_timer_set_interval(cl->idle, on_idle, cl, GW_CTL_IDLE_MS);
	if ((cl->next = c->clients) != NULL)
		cl->next->prevp = &cl->next;
	c->clients = cl;
	cl->prevp = &c->clients;
	c->nclients++;
	return 0;
}

/* Removes a socket file nobody listens on; EADDRINUSE when someone does. */
static int clear_stale(char const *path, struct sockaddr_un const *sun)
{
	struct stat sb;
	int fd, e;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : errno;
	if (!S_ISSOCK(sb.st_mode))
		return EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	e = connect(fd, (struct sockaddr const *)sun, sizeof *sun) == 0 ? EADDRINUSE : errno;
	close(fd);
	if (e == EADDRINUSE)
		return e;
	return unlink(path) == 0 ? 0 : errno;
}

int gw_ctl_start(struct gw_ctl **cp, su_root_t *root, char const *path,
		 struct gw_ctl_cmd const *cmds, void *ctx)
{
	struct sockaddr_un sun;
	struct gw_ctl *c;
	su_wait_t w;
	mode_t old;
	int e;

	if ((e = make_sockaddr(path, &sun)) != 0)
		return e;
	if ((e = gw_mkdir_parent(path)) != 0 || (e = clear_stale(path, &sun)) != 0) {
		gw_error("control: while preparing %s: %s", path,
			 e == EADDRINUSE ? "another iwfd is listening there" :
			 e == EEXIST ? "a file that is not a socket is in the way" : strerror(e));
		return e;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL || (c->path = strdup(path)) == NULL) {
		free(c);
		return ENOMEM;
	}
	c->root = root;
	c->cmds = cmds;
	c->ctx = ctx;
	c->index = -1;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		e = errno;
		goto fail;
	}
	old = umask(0177);	/* the socket file is born 0600 */
	e = bind(c->fd, (struct sockaddr *)&sun, sizeof sun) == 0 ? 0 : errno;
	umask(old);
	if (e || listen(c->fd, 8) != 0) {
		e = e ? e : errno;
		goto fail;
	}
	if (su_wait_create(&w, c->fd, SU_WAIT_IN) != 0 ||
	    (c->index = su_root_register(root, &w, on_accept, c, 0)) < 0) {
		e = EIO;
		goto fail;
	}
	*cp = c;
	return 0;
fail:
	gw_error("control: while listening on %s: %s", path, strerror(e));
	if (c->fd >= 0) {
		close(c->fd);
		unlink(path);
	}
	free(c->path);
	free(c);
	return e;
}

void gw_ctl_stop(struct gw_ctl *c)
{
	if (c == NULL)
		return;
	while (c->clients)
		client_close(c->clients);
	if (c->index > 0)
		su_root_deregister(c->root, c->index);
	close(c->fd);
	unlink(c->path);
	free(c->path);
	free(c);
}

/* --- client ------------------------------------------------------------------------------ */

static long ms_left(struct timespec const *until)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (until->tv_sec - now.tv_sec) * 1000 + (until->tv_nsec - now.tv_nsec) / 1000000;
}

int gw_ctl_call(char const *path, char const *line, char *answer, size_t size, int timeout_ms)
{
	struct sockaddr_un sun;
	struct timespec until;
	char buf[GW_BUF_MAX + 32];
	size_t got = 0, n = strlen(line);
	int fd, e;
	char *nl = NULL;

	if (size == 0 || n >= GW_CTL_LINE_MAX || strchr(line, '\n'))
		return EINVAL;
	if ((e = make_sockaddr(path, &sun)) != 0)
		return e;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		e = errno;
		goto out;
	}
	memcpy(buf, line, n);
	buf[n] = '\n';
	if (send(fd, buf, n + 1, MSG_NOSIGNAL) != (ssize_t)(n + 1)) {
		e = errno ? errno : EIO;
		goto out;
	}
	while (nl == NULL) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long left = ms_left(&until);

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			e = ETIMEDOUT;
			goto out;
		}
		ssize_t k = recv(fd, buf + got, sizeof buf - 1 - got, 0);

		if (k <= 0) {
			e = k == 0 ? ECONNRESET : errno;
			goto out;
		}
		got += (size_t)k;
		buf[got] = '\0';
		nl = strchr(buf, '\n');
		if (nl == NULL && got == sizeof buf - 1) {
			e = EPROTO;
			goto out;
		}
	}
	*nl = '\0';
	if (strncmp(buf, "ok", 2) == 0 && (buf[2] == ' ' || buf[2] == '\0')) {
		snprintf(answer, size, "%s", buf[2] ? buf + 3 : "");
		e = 0;
	} else if (strncmp(buf, "error", 5) == 0) {
		snprintf(answer, size, "%s", buf[5] ? buf + 6 : "");
		e = EPROTO;
	} else {
		snprintf(answer, size, "unexpected answer: %.80s", buf);
		e = EPROTO;
	}
out:
	close(fd);
	return e;
}
