/* iwf/gw_util.c: mkdir -p, sd_notify without libsystemd, bounded text buffers with JSON strings. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "iwf/gw_util.h"

int gw_mkdir_parent(char const *path)
{
	char dir[PATH_MAX];
	size_t n = strlen(path);
	char *slash;

	if (n >= sizeof dir)
		return ENAMETOOLONG;
	memcpy(dir, path, n + 1);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return errno;
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

int gw_sd_notify(char const *state)
{
	char const *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	socklen_t len;
	int fd, e = 0;

	if (path == NULL || *path == '\0')
		return 0;
	if ((path[0] != '/' && path[0] != '@') || strlen(path) >= sizeof sun.sun_path)
		return EINVAL;
	memcpy(sun.sun_path, path, strlen(path));
	if (path[0] == '@')
		sun.sun_path[0] = '\0';	/* abstract namespace */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sun, len) < 0)
		e = errno;
	close(fd);
	return e;
}

void gw_buf_init(struct gw_buf *b)
{
	b->len = 0;
	b->full = 0;
	b->text[0] = '\0';
}

void gw_buf_printf(struct gw_buf *b, char const *fmt, ...)
{
	va_list ap;
	int n;

	if (b->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof b->text - b->len) {
		b->full = 1;
		b->text[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
}

void gw_buf_json_str(struct gw_buf *b, char const *s)
{
	if (s == NULL) {
		gw_buf_printf(b, "null");
		return;
	}
	gw_buf_printf(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			gw_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			gw_buf_printf(b, "\\u%04x", c);
		else
			gw_buf_printf(b, "%c", c);
	}
	gw_buf_printf(b, "\"");
}

int gw_user_name(char const *in, char const *domain, char *out, size_t size,
		 char const **whyp)
{
	char const *at, *end;
	char name[GW_USER_NAME_MAX + 1];
	size_t n;

	if (strncasecmp(in, "wv:", 3) == 0)
		in += 3;
	at = strchr(in, '@');
	end = at ? at : in + strlen(in);
	if (at && (domain == NULL || strcasecmp(at + 1, domain) != 0)) {
		*whyp = "not a user of this IMPS domain";
		return EINVAL;
	}
	n = (size_t)(end - in);
	if (n == 0 || n > GW_USER_NAME_MAX || n >= size) {
		*whyp = "a user name has 1 to 64 characters";
		return EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!isalnum(c) && !strchr("._-+~", c)) {
			*whyp = "a user name may hold letters, digits and . _ - + ~";
			return EINVAL;
		}
		name[i] = (char)tolower(c);
	}
	name[n] = '\0';
	memcpy(out, name, n + 1);
	return 0;
}
