/* iwf/gw_ctl.h: the control socket of iwfd (unix stream, one line per command) and its client. */
#ifndef IWF_GW_CTL_H
#define IWF_GW_CTL_H

/*
 * Protocol: the client writes one command line "NAME [ARG...]\n" (words separated by
 * blanks, at most GW_CTL_LINE_MAX bytes); the server writes one answer line, "ok TEXT\n" or
 * "error TEXT\n", and waits for the next command until the client closes. TEXT is one line
 * (JSON for structured answers). The socket is created with mode 0600: who can open it is
 * an administrator.
 */

#include <stddef.h>

#include "iwf/gw_loop.h"
#include "iwf/gw_util.h"

#define GW_CTL_LINE_MAX 1024	/* longest command line */
#define GW_CTL_ARGS_MAX 16	/* most words in a command */
#define GW_CTL_CLIENTS_MAX 16	/* connections open at once */
#define GW_CTL_IDLE_MS 30000	/* an idle client is closed */

/*
 * A command: writes its answer text into out and returns 0 ("ok") or an errno ("error"; then
 * out holds the message, or strerror is used when out is empty).
 */
typedef int gw_ctl_fn(void *ctx, int argc, char **argv, struct gw_buf *out);

struct gw_ctl_cmd {
	char const *name;
	gw_ctl_fn *fn;
	char const *help;
};

struct gw_ctl;

/*
 * Listens on `path` (created with mode 0600, its folder created if missing). A stale socket
 * file is replaced; a live one (another iwfd answers) gives EADDRINUSE. `cmds` is a table
 * ended by a row with name NULL, kept by pointer; "help" is answered from it.
 */
int gw_ctl_start(struct gw_ctl **cp, su_root_t *root, char const *path,
		 struct gw_ctl_cmd const *cmds, void *ctx);

/* Closes every client and the listener, and removes the socket file. */
void gw_ctl_stop(struct gw_ctl *c);

/*
 * Client side (iwfctl): connects to `path`, sends `line`, reads the answer line into answer
 * (without the newline). Returns 0 for "ok", EPROTO for "error" (answer holds the message
 * without the "error " word), or the errno of connecting/reading (ENOENT, ECONNREFUSED:
 * iwfd is not running). timeout_ms bounds the whole exchange (ETIMEDOUT).
 */
int gw_ctl_call(char const *path, char const *line, char *answer, size_t size, int timeout_ms);

#endif
