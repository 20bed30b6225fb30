/* iwf/iwfctl.c: main of iwfctl, the admin CLI (users in the store, status of the running iwfd). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iwf/ctl_codec.h"
#include "iwf/gw_config.h"
#include "iwf/gw_cred.h"
#include "iwf/gw_ctl.h"
#include "iwf/gw_log.h"
#include "iwf/gw_store.h"
#include "iwf/gw_util.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_FAIL = 2 };

#define CTL_TIMEOUT_MS 5000
#define GW_OVERRIDES_MAX_CTL 64

/*
 * A subcommand gets argv[0] = its own name and returns an exit code. Commands that need the
 * configuration call config(); the codec commands do not.
 */
typedef int ctl_fn(int argc, char **argv);

struct ctl_cmd {
	char const *name;
	ctl_fn *fn;
	char const *usage;
	char const *help;
};

/* --- global options and the configuration ------------------------------------------------ */

static char const *config_path;
static char const *overrides[GW_OVERRIDES_MAX_CTL];
static int n_overrides;
static struct gw_config cfg;
static int cfg_loaded;

static void cfg_release(void)
{
	if (cfg_loaded)
		gw_config_deinit(&cfg);
	cfg_loaded = 0;
}

/* The configuration iwfd would use with the same -c and -o; NULL after printing why not. */
static struct gw_config *config(void)
{
	char err[GW_CONF_ERR_MAX];
	int e;

	if (cfg_loaded)
		return &cfg;
	if (gw_config_init(&cfg) != 0) {
		fprintf(stderr, "iwfctl: out of memory\n");
		return NULL;
	}
	cfg_loaded = 1;
	e = config_path ? gw_config_load(&cfg, config_path, err, sizeof err) : 0;
	for (int i = 0; e == 0 && i < n_overrides; i++)
		e = gw_config_set_arg(&cfg, overrides[i], err, sizeof err);
	if (e == 0)
		e = gw_config_check(&cfg, err, sizeof err);
	if (e) {
		fprintf(stderr, "iwfctl: %s\n", err);
		cfg_release();
		return NULL;
	}
	return &cfg;
}

static struct gw_store *open_store(struct gw_config *c)
{
	struct gw_store *st;
	int e = gw_store_open(&st, c->store_path, c->store_busy_timeout);

	if (e) {
		fprintf(stderr, "iwfctl: cannot open the store %s: %s\n", c->store_path,
			strerror(e));
		return NULL;
	}
	return st;
}

/* --- user -------------------------------------------------------------------------------- */

/* The password argument, or a line from stdin for "-". */
static int read_password(char const *arg, char *buf, size_t size)
{
	size_t n;

	if (strcmp(arg, "-") != 0) {
		if (strlen(arg) >= size)
			return E2BIG;
		strcpy(buf, arg);
		return 0;
	}
	if (fgets(buf, (int)size, stdin) == NULL)
		return EINVAL;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == size - 1)
		return E2BIG;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

static int user_name_arg(struct gw_config *c, char const *arg, char *name)
{
	char const *why;

	if (gw_user_name(arg, c->imps_domain, name, GW_USER_NAME_MAX + 1, &why) != 0) {
		fprintf(stderr, "iwfctl: '%s': %s\n", arg, why);
		return EINVAL;
	}
	return 0;
}

static int user_add_or_passwd(struct gw_config *c, int add, int argc, char **argv)
{
	enum gw_cred_scheme scheme = GW_CRED_PLAIN;
	char name[GW_USER_NAME_MAX + 1], password[GW_PASSWORD_MAX + 2];
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct gw_store *st;
	char *cred;
	int i = 2, e;

	if (i < argc && strcmp(argv[i], "--crypt") == 0) {
		scheme = GW_CRED_CRYPT;
		i++;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: iwfctl user %s [--crypt] NAME PASSWORD|-\n",
			add ? "add" : "passwd");
		return EXIT_USAGE;
	}
	if (user_name_arg(c, argv[i], name))
		return EXIT_USAGE;
	if (read_password(argv[i + 1], password, sizeof password) != 0 ||
	    gw_cred_make(home, scheme, password, &cred) != 0) {
		fprintf(stderr, "iwfctl: a password has 1 to %d bytes\n", GW_PASSWORD_MAX);
		explicit_bzero(password, sizeof password);
		return EXIT_USAGE;
	}
	explicit_bzero(password, sizeof password);
	if ((st = open_store(c)) == NULL) {
		su_home_deinit(home);
		return EXIT_FAIL;
	}
	e = add ? gw_store_user_add(st, name, cred, (int64_t)time(NULL)) :
		gw_store_user_set_cred(st, name, cred);
	explicit_bzero(cred, strlen(cred));
	su_home_deinit(home);
	gw_store_close(st);
	if (e == EEXIST || e == ENOENT) {
		fprintf(stderr, "iwfctl: user %s %s\n", name,
			e == EEXIST ? "already exists" : "does not exist");
		return EXIT_FAIL;
	}
	if (e) {
		fprintf(stderr, "iwfctl: while %s user %s: %s\n", add ? "adding" : "changing", name,
			strerror(e));
		return EXIT_FAIL;
	}
	printf("%s wv:%s@%s (%s)\n", add ? "added" : "changed", name, c->imps_domain,
	       scheme == GW_CRED_PLAIN ? "password and digest login" : "password login only");
	return EXIT_OK;
}

static int print_user(void *arg, char const *name)
{
	struct gw_store *st = ((void **)arg)[0];
	struct gw_config *c = ((void **)arg)[1];
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *cred = NULL;

	gw_store_user_cred(st, home, name, &cred);
	printf("%s\twv:%s@%s\t%s\n", name, name, c->imps_domain,
	       gw_cred_can_digest(cred) ? "digest" : "password");
	su_home_deinit(home);
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	struct gw_config *c;
	struct gw_store *st;
	char name[GW_USER_NAME_MAX + 1];
	int e;

	if (argc < 2) {
		fprintf(stderr, "usage: iwfctl user add|del|list|passwd ...\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "del") != 0 &&
	    strcmp(argv[1], "list") != 0 && strcmp(argv[1], "passwd") != 0) {
		fprintf(stderr, "iwfctl: unknown user command '%s' (add, del, list, passwd)\n",
			argv[1]);
		return EXIT_USAGE;
	}
	if ((c = config()) == NULL)
		return EXIT_FAIL;
	if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "passwd") == 0)
		return user_add_or_passwd(c, argv[1][0] == 'a', argc, argv);

	if (strcmp(argv[1], "del") == 0) {
		if (argc != 3) {
			fprintf(stderr, "usage: iwfctl user del NAME\n");
			return EXIT_USAGE;
		}
		if (user_name_arg(c, argv[2], name))
			return EXIT_USAGE;
		if ((st = open_store(c)) == NULL)
			return EXIT_FAIL;
		e = gw_store_user_del(st, name);
		gw_store_close(st);
		if (e) {
			fprintf(stderr, "iwfctl: user %s: %s\n", name,
				e == ENOENT ? "does not exist" : strerror(e));
			return EXIT_FAIL;
		}
		printf("deleted wv:%s@%s and everything it owned\n", name, c->imps_domain);
		return EXIT_OK;
	}

	/* list */
	if (argc != 2) {
		fprintf(stderr, "usage: iwfctl user list\n");
		return EXIT_USAGE;
	}
	if ((st = open_store(c)) == NULL)
		return EXIT_FAIL;
	void *arg[2] = {st, c};

	e = gw_store_user_each(st, print_user, arg);
	gw_store_close(st);
	if (e) {
		fprintf(stderr, "iwfctl: while listing users: %s\n", strerror(e));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --- commands for the running daemon ----------------------------------------------------- */

static int call_daemon(char const *line)
{
	struct gw_config *c = config();
	char answer[GW_BUF_MAX + 16];
	int e;

	if (c == NULL)
		return EXIT_FAIL;
	if (c->control_socket == NULL || *c->control_socket == '\0') {
		fprintf(stderr, "iwfctl: control.socket is off in this configuration\n");
		return EXIT_FAIL;
	}
	e = gw_ctl_call(c->control_socket, line, answer, sizeof answer, CTL_TIMEOUT_MS);
	if (e == 0) {
		printf("%s\n", answer);
		return EXIT_OK;
	}
	if (e == EPROTO)
		fprintf(stderr, "iwfctl: iwfd says: %s\n", answer);
	else
		fprintf(stderr, "iwfctl: cannot reach iwfd at %s: %s%s\n", c->control_socket,
			strerror(e), e == ENOENT || e == ECONNREFUSED ? " (is iwfd running?)" : "");
	return EXIT_FAIL;
}

static int cmd_status(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: iwfctl status\n");
		return EXIT_USAGE;
	}
	return call_daemon("status");
}

static int cmd_reload(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: iwfctl reload\n");
		return EXIT_USAGE;
	}
	return call_daemon("reload");
}

/* sessions [USER], kick USER|SESSIONID [REASON...]: passed to the running iwfd as they are. */
static int cmd_passthrough(int argc, char **argv, int min, int max, char const *usage)
{
	char line[GW_CTL_LINE_MAX];
	size_t len = 0;

	if (argc < min || (max && argc > max)) {
		fprintf(stderr, "usage: iwfctl %s\n", usage);
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		int n = snprintf(line + len, sizeof line - len, "%s%s", i ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof line - len || strpbrk(argv[i], " \t\r\n")) {
			fprintf(stderr, "iwfctl: %s: arguments too long or with blanks\n", argv[0]);
			return EXIT_USAGE;
		}
		len += (size_t)n;
	}
	return call_daemon(line);
}

static int cmd_sessions(int argc, char **argv)
{
	return cmd_passthrough(argc, argv, 1, 2, "sessions [USER]");
}

static int cmd_kick(int argc, char **argv)
{
	return cmd_passthrough(argc, argv, 2, 0, "kick USER|SESSIONID [REASON-WORDS...]");
}

/* --- the command table ------------------------------------------------------------------- */

static struct ctl_cmd const cmds[] = {
	{"user", cmd_user, "user add [--crypt] NAME PASSWORD|-\n"
	 "       user passwd [--crypt] NAME PASSWORD|-\n"
	 "       user del NAME\n"
	 "       user list",
	 "IMPS users in the store (PASSWORD - reads a line from stdin; --crypt stores a hash:\n"
	 "       then only the two-way login works, not the MD5/SHA digest login)"},
	{"status", cmd_status, "status", "the running iwfd's state as JSON (control socket)"},
	{"reload", cmd_reload, "reload", "make the running iwfd read its configuration again"},
	{"sessions", cmd_sessions, "sessions [USER]",
	 "the running iwfd's IMPS sessions as JSON (control socket)"},
	{"kick", cmd_kick, "kick USER|SESSIONID [REASON-WORDS...]",
	 "forced logout of a user's sessions or of one session (Disconnect 601)"},
	/* Codec commands (iwf/ctl_codec.c): no store, no daemon. */
	{"parse", ctl_parse, "parse [--format xml|wbxml|auto] FILE...",
	 "decode WV-CSP messages and print them as canonical XML (FILE: line N: reason on error)"},
	{"translate", ctl_translate,
	 "translate --to pidf|wv [--entity URI] [--version 1.1|1.2|1.3] FILE",
	 "WV-CSP presence (PresenceNotification, GetPresence-Response, UpdatePresence) to PIDF,\n"
	 "       or PIDF to a WV-CSP PresenceNotification-Request"},
	{NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: iwfctl [-c FILE] [-o KEY=VALUE]... COMMAND [ARG...]\n\n"
		"  -c, --config FILE       the configuration iwfd runs with (store.path,\n"
		"                          control.socket, imps.domain); default: iwfd's embedded\n"
		"                          defaults (./var/iwf.db, ./var/iwfd.ctl)\n"
		"  -o, --option KEY=VALUE  override a key, as for iwfd\n"
		"  -h, --help              this text\n\ncommands:\n");
	for (struct ctl_cmd const *k = cmds; k->name; k++)
		fprintf(f, "  %s\n       %s\n", k->usage, k->help);
	fprintf(f, "\nRun iwfctl as the user iwfd runs as, so that the store stays theirs.\n"
		"Exit status: 0 done, 1 bad usage, 2 failure (reason on stderr).\n");
}

int main(int argc, char **argv)
{
	static struct option const longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"option", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt, rc;

	/* Stop at the first non-option: the rest belongs to the subcommand. */
	while ((opt = getopt_long(argc, argv, "+c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'o':
			if (n_overrides == GW_OVERRIDES_MAX_CTL) {
				fprintf(stderr, "iwfctl: too many -o options\n");
				return EXIT_USAGE;
			}
			overrides[n_overrides++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	gw_log_open("iwfctl", GW_LOG_WARNING, 0);

	int subc = argc - optind;
	char **subv = argv + optind;

	for (struct ctl_cmd const *k = cmds; k->name; k++) {
		if (strcmp(subv[0], k->name) != 0)
			continue;
		optind = 0;	/* glibc: getopt starts afresh if a subcommand uses it */
		rc = k->fn(subc, subv);
		cfg_release();
		return rc;
	}
	fprintf(stderr, "iwfctl: unknown command '%s'\n", subv[0]);
	usage(stderr);
	return EXIT_USAGE;
}
