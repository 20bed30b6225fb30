/* imps/impsc.c: impsc, a command-line IMPS (WV-CSP) client for tests, demos and operators: main and options. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "imps/impsc.h"

static void usage(FILE *f)
{
	struct impsc_cmd const *t = impsc_cmd_table();

	fprintf(f,
		"usage: impsc [OPTIONS] URL [COMMAND [ARGS...] [-- COMMAND [ARGS...]]...]\n"
		"Logs in to the IMPS server at URL, runs the commands (separated by a lone --,\n"
		"or one per line from stdin when there are none), and logs out.\n"
		"Options (before URL):\n"
		"  -u, --user USER          own UserID (wv:user@domain)\n"
		"  -p, --password PASS      password (or the environment variable IMPSC_PASSWORD)\n"
		"      --client-id ID       ClientID URL (default impsc)\n"
		"      --version 1.1|1.2|1.3  CSP version (default 1.2)\n"
		"      --wbxml              send WBXML instead of XML\n"
		"      --login two-way|four-way  password in clear (default) or digest\n"
		"      --digest md5|sha1    four-way schema to offer (default: both, as AOSP)\n"
		"      --ttl N              TimeToLive asked at login (default 7205)\n"
		"      --cir stcp|poll      STCP CIR channel, or polling only (default poll)\n"
		"      --timeout S          HTTP answer and default wait time (default 30)\n"
		"      --raw                print the received messages as XML, not as lines\n"
		"  -v, --verbose            print sent and received messages on stderr\n"
		"  -h, --help               this text\n"
		"Commands:\n");
	for (size_t i = 0; t[i].name; i++)
		fprintf(f, "  %s\n", t[i].usage);
	fprintf(f, "Exit: 0 ok, 1 usage, 2 protocol or command error, 3 time-out, 4 transport.\n");
}

static void on_signal(int sig)
{
	(void)sig;
	impsc_interrupted = 1;
}

/* A decimal cookie from /dev/urandom, as AOSP sends (falls back to the clock). */
static void make_cookie(char *buf, size_t size)
{
	uint64_t r = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, &r, sizeof r) != (ssize_t)sizeof r)
		r = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
	if (fd >= 0)
		close(fd);
	snprintf(buf, size, "%llu", (unsigned long long)r);
}

static struct {
	char const *name;
	enum csp_version v;
} const versions[] = {
	{"1.1", CSP_V11}, {"1.2", CSP_V12}, {"1.3", CSP_V13}, {NULL, CSP_V_UNKNOWN},
};

enum { OPT_CLIENT_ID = 256, OPT_VERSION, OPT_WBXML, OPT_LOGIN, OPT_DIGEST, OPT_TTL, OPT_RAW,
       OPT_TIMEOUT, OPT_CIR };

static int options(struct impsc *c, int argc, char **argv)
{
	static struct option const opts[] = {
		{"user", required_argument, NULL, 'u'},
		{"password", required_argument, NULL, 'p'},
		{"client-id", required_argument, NULL, OPT_CLIENT_ID},
		{"version", required_argument, NULL, OPT_VERSION},
		{"wbxml", no_argument, NULL, OPT_WBXML},
		{"login", required_argument, NULL, OPT_LOGIN},
		{"digest", required_argument, NULL, OPT_DIGEST},
		{"ttl", required_argument, NULL, OPT_TTL},
		{"raw", no_argument, NULL, OPT_RAW},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"cir", required_argument, NULL, OPT_CIR},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char const *user = NULL;
	char *end;
	int o;

	c->client_id = "impsc";
	c->version = CSP_V12;
	c->ttl = 7205;
	c->timeout = 30;
	/* "+": options stop at URL, so "--" separates commands. */
	while ((o = getopt_long(argc, argv, "+u:p:vh", opts, NULL)) != -1) {
		switch (o) {
		case 'u':
			user = optarg;
			break;
		case 'p':
			c->password = optarg;
			break;
		case OPT_CLIENT_ID:
			c->client_id = optarg;
			break;
		case OPT_VERSION:
			c->version = CSP_V_UNKNOWN;
			for (size_t i = 0; versions[i].name; i++)
				if (!strcmp(optarg, versions[i].name))
					c->version = versions[i].v;
			if (c->version == CSP_V_UNKNOWN) {
				fprintf(stderr, "impsc: --version takes 1.1, 1.2 or 1.3\n");
				return EINVAL;
			}
			break;
		case OPT_WBXML:
			c->wbxml = 1;
			break;
		case OPT_LOGIN:
			if (!strcmp(optarg, "two-way"))
				c->four_way = 0;
			else if (!strcmp(optarg, "four-way"))
				c->four_way = 1;
			else {
				fprintf(stderr, "impsc: --login takes two-way or four-way\n");
				return EINVAL;
			}
			break;
		case OPT_DIGEST:
			if (!strcasecmp(optarg, "md5"))
				c->digest = 1;
			else if (!strcasecmp(optarg, "sha1") || !strcasecmp(optarg, "sha"))
				c->digest = 2;
			else {
				fprintf(stderr, "impsc: --digest takes md5 or sha1\n");
				return EINVAL;
			}
			break;
		case OPT_TTL:
			c->ttl = strtol(optarg, &end, 10);
			if (*end || end == optarg || c->ttl < 1 || c->ttl > 86400 * 366) {
				fprintf(stderr, "impsc: bad --ttl\n");
				return EINVAL;
			}
			break;
		case OPT_RAW:
			c->raw = 1;
			break;
		case OPT_TIMEOUT:
			c->timeout = strtol(optarg, &end, 10);
			if (*end || end == optarg || c->timeout < 1 || c->timeout > 86400) {
				fprintf(stderr, "impsc: bad --timeout\n");
				return EINVAL;
			}
			break;
		case OPT_CIR:
			if (!strcmp(optarg, "stcp"))
				c->cir_stcp = 1;
			else if (!strcmp(optarg, "poll"))
				c->cir_stcp = 0;
			else {
				fprintf(stderr, "impsc: --cir takes stcp or poll\n");
				return EINVAL;
			}
			break;
		case 'v':
			c->verbose = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return EINVAL;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "impsc: no URL\n");
		return EINVAL;
	}
	c->url = argv[optind++];
	if (!c->password)
		c->password = getenv("IMPSC_PASSWORD");
	if (!user || !*user || !c->password) {
		fprintf(stderr, "impsc: --user and --password (or IMPSC_PASSWORD) are needed\n");
		return EINVAL;
	}
	if (!(c->user = impsc_user_id(c->home, NULL, user)))
		return ENOMEM;
	return 0;
}

/* The commands of the command line: groups separated by "--". Checks them
 * all (check != 0) or runs them. */
static int each_arg_command(struct impsc *c, int argc, char **argv, int check)
{
	int start = 0;

	for (int i = 0; i <= argc; i++) {
		if (i < argc && strcmp(argv[i], "--"))
			continue;
		if (i > start) {
			if (check && impsc_cmd_check(i - start, argv + start))
				return EINVAL;
			if (!check) {
				impsc_cmd_run(c, i - start, argv + start);
				if (c->fatal || c->ended || impsc_interrupted)
					return 0;
			}
		}
		start = i + 1;
	}
	return 0;
}

static void stdin_commands(struct impsc *c)
{
	char line[IMPSC_MAX_LINE];
	char *words[IMPSC_MAX_ARGS];

	while (!c->fatal && !c->ended && !impsc_interrupted && fgets(line, sizeof line, stdin)) {
		size_t len = strlen(line);
		int n, err;

		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			int ch;

			while ((ch = getchar()) != EOF && ch != '\n')
				;
			c->cmd = "-";
			impsc_error(c, IMPSC_USAGE, 0, "usage: line longer than %d bytes",
				    IMPSC_MAX_LINE - 2);
			continue;
		}
		if ((err = impsc_split(line, words, IMPSC_MAX_ARGS, &n))) {
			c->cmd = "-";
			impsc_error(c, IMPSC_USAGE, 0, "usage: %s",
				    err == E2BIG ? "too many words" : "unbalanced quotes");
			continue;
		}
		if (n)
			impsc_cmd_run(c, n, words);
	}
}

int main(int argc, char **argv)
{
	struct impsc c;
	struct sigaction sa;
	int ncmd;
	int status;

	memset(&c, 0, sizeof c);
	c.cir_fd = -1;
	if (!(c.home = su_home_new(sizeof *c.home))) {
		fprintf(stderr, "impsc: out of memory\n");
		return IMPSC_TRANSPORT;
	}
	if (options(&c, argc, argv)) {
		usage(stderr);
		su_home_unref(c.home);
		return IMPSC_USAGE;
	}
	ncmd = argc - optind;
	if (each_arg_command(&c, ncmd, argv + optind, 1)) {
		su_home_unref(c.home);
		return IMPSC_USAGE;
	}
	make_cookie(c.cookie, sizeof c.cookie);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (impsc_open(&c)) {
		fprintf(stderr, "impsc: cannot set up HTTP (libcurl)\n");
		impsc_close(&c);
		su_home_unref(c.home);
		return IMPSC_TRANSPORT;
	}
	if (!impsc_login(&c) && !c.fatal) {
		impsc_negotiate(&c);
		if (!c.fatal) {
			if (ncmd > 0)
				each_arg_command(&c, ncmd, argv + optind, 0);
			else
				stdin_commands(&c);
		}
		if (!c.fatal && !c.ended)
			impsc_logout(&c);
	} else if (c.status < IMPSC_PROTO) {
		impsc_fail(&c, IMPSC_PROTO);
	}
	fflush(stdout);
	impsc_close(&c);
	status = c.status;
	su_home_unref(c.home);
	return status;
}
