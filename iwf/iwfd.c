/* iwf/iwfd.c: main of iwfd, the IMPS <-> SIP/SIMPLE interworking daemon (arguments, config, run). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iwf/gw_config.h"
#include "iwf/gw_daemon.h"
#include "iwf/gw_log.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: iwfd [-c FILE] [-o KEY=VALUE]... [--check-config] [--dump-config]\n"
		"       iwfd --help-config | --help | --version\n"
		"\n"
		"Runs the IMPS CSP server and IMPS <-> SIP/SIMPLE gateway in the foreground\n"
		"(systemd runs it as Type=notify; logs go to stderr or syslog).\n"
		"\n"
		"  -c, --config FILE     read FILE (key = value lines); without it iwfd runs on\n"
		"                        embedded defaults: HTTP on 127.0.0.1:8080, store ./var/\n"
		"  -o, --option KEY=VALUE  set any configuration key, after FILE (repeatable),\n"
		"                        e.g. -o log.level=debug -o http.listen=127.0.0.1:0\n"
		"      --check-config    load and check the configuration, then exit\n"
		"      --dump-config     print the effective configuration, then exit\n"
		"      --help-config     print every key with its type, default and meaning\n"
		"  -h, --help            this text\n"
		"  -V, --version         print the version\n"
		"\n"
		"Signals: SIGTERM or SIGINT stop cleanly; SIGHUP re-reads FILE and applies the\n"
		"reloadable keys (log.*, http.max_body, http.answer_timeout, session.*,\n"
		"trust.peers); other changes are logged as needing a restart.\n"
		"Exit status: 0 clean stop, 1 failure while starting or running, 2 bad usage or\n"
		"configuration.\n");
}

int main(int argc, char **argv)
{
	static struct option const longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"option", required_argument, NULL, 'o'},
		{"check-config", no_argument, NULL, 'C'},
		{"dump-config", no_argument, NULL, 'D'},
		{"help-config", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static struct gw_daemon d;
	char err[2 * GW_CONF_ERR_MAX];
	int opt, check = 0, dump = 0, e;

	while ((opt = getopt_long(argc, argv, "c:o:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			d.config_path = optarg;
			break;
		case 'o':
			if (d.n_overrides == GW_OVERRIDES_MAX) {
				fprintf(stderr, "iwfd: more than %d -o options\n", GW_OVERRIDES_MAX);
				return EXIT_USAGE;
			}
			d.overrides[d.n_overrides++] = optarg;
			break;
		case 'C':
			check = 1;
			break;
		case 'D':
			dump = 1;
			break;
		case 'K':
			gw_config_help(stdout);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("iwfd %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "iwfd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}

	if (gw_config_init(&d.cfg) != 0) {
		fprintf(stderr, "iwfd: out of memory\n");
		return EXIT_RUNTIME;
	}
	e = d.config_path ? gw_config_load(&d.cfg, d.config_path, err, sizeof err) : 0;
	for (int i = 0; e == 0 && i < d.n_overrides; i++) {
		char sub[GW_CONF_ERR_MAX];

		if ((e = gw_config_set_arg(&d.cfg, d.overrides[i], sub, sizeof sub)) != 0)
			snprintf(err, sizeof err, "-o %.200s: %s", d.overrides[i], sub);
	}
	if (e == 0)
		e = gw_config_check(&d.cfg, err, sizeof err);
	if (e) {
		fprintf(stderr, "iwfd: %s\n", err);
		gw_config_deinit(&d.cfg);
		return EXIT_USAGE;
	}
	if (dump)
		gw_config_dump(&d.cfg, stdout);
	if (check || dump) {
		if (check)
			fprintf(stderr, "iwfd: %s: configuration OK\n",
				d.config_path ? d.config_path : "embedded defaults");
		gw_config_deinit(&d.cfg);
		return EXIT_OK;
	}

	gw_daemon_apply_log(&d.cfg);
	if (gw_daemon_start(&d) != 0) {
		gw_config_deinit(&d.cfg);
		gw_log_close();
		return EXIT_RUNTIME;
	}
	gw_daemon_run(&d);
	gw_daemon_stop(&d);
	gw_notice("stopped");
	gw_config_deinit(&d.cfg);
	gw_log_close();
	return EXIT_OK;
}
