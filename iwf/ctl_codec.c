/* iwf/ctl_codec.c: iwfctl parse and translate: the codecs and the presence mapping from the command line. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"
#include "iwf/ctl_codec.h"
#include "mapping/map_addr.h"
#include "mapping/map_pres.h"
#include "simple/pidf.h"

enum { CTL_OK = 0, CTL_USAGE = 1, CTL_BAD = 2 };

/* Larger than any message a codec accepts, so that "too large" comes from the codec. */
#define CTL_MAX_FILE (4 * 1024 * 1024)

/* Reads a whole file into `home` (NUL-terminated). errno on failure, E2BIG above the cap. */
static int read_file(su_home_t *home, char const *path, char **bufp, size_t *lenp)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;

	if (!f)
		return errno;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 64 * 1024;
			char *nbuf;
			if (cap > CTL_MAX_FILE) {
				rc = E2BIG;
				break;
			}
			if (!(nbuf = su_realloc(home, buf, ncap + 1))) {
				rc = ENOMEM;
				break;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f))
				rc = EIO;
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (rc) {
		su_free(home, buf);
		return rc;
	}
	if (!buf && !(buf = su_alloc(home, 1)))
		return ENOMEM;
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

static int fail(char const *file, int line, char const *reason)
{
	if (line > 0)
		fprintf(stderr, "%s: line %d: %s\n", file, line, reason);
	else
		fprintf(stderr, "%s: %s\n", file, reason);
	return CTL_BAD;
}

static int fail_errno(char const *file, int err)
{
	return fail(file, 0, err == E2BIG ? "file too large" : strerror(err));
}

struct ctl_format {
	char const *name;
	int wbxml;		/* -1 auto, 0 XML, 1 WBXML */
};

static struct ctl_format const formats[] = {
	{"auto", -1},
	{"xml", 0},
	{"wbxml", 1},
	{NULL, 0},
};

/* Parses one CSP file in the given format. 0 or CTL_BAD (reported). */
static int parse_csp_file(su_home_t *home, char const *path, int wbxml, struct csp_msg **msgp)
{
	struct csp_error err = {0};
	char *buf;
	size_t len;
	int rc = read_file(home, path, &buf, &len);

	if (rc)
		return fail_errno(path, rc);
	if (wbxml < 0)
		rc = csp_parse(home, buf, len, NULL, msgp, NULL, &err);
	else if (wbxml)
		rc = csp_parse_wbxml(home, buf, len, msgp, &err);
	else
		rc = csp_parse_xml(home, buf, len, msgp, &err);
	if (rc)
		return fail(path, err.line, err.reason[0] ? err.reason : strerror(rc));
	return 0;
}

int ctl_parse(int argc, char **argv)
{
	static struct option const opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int wbxml = -1, status = CTL_OK, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		struct ctl_format const *f;
		switch (c) {
		case 'f':
			for (f = formats; f->name && strcmp(f->name, optarg); f++)
				;
			if (!f->name) {
				fprintf(stderr, "iwfctl parse: unknown format '%s' (xml, wbxml, auto)\n",
					optarg);
				return CTL_USAGE;
			}
			wbxml = f->wbxml;
			break;
		default:
			fprintf(stderr, "usage: iwfctl parse [--format xml|wbxml|auto] FILE...\n");
			return c == 'h' ? CTL_OK : CTL_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: iwfctl parse [--format xml|wbxml|auto] FILE...\n");
		return CTL_USAGE;
	}
	for (int i = optind; i < argc; i++) {
		su_home_t home[1] = {SU_HOME_INIT(home)};
		struct csp_msg *msg;
		char *out;
		size_t len;

		if (parse_csp_file(home, argv[i], wbxml, &msg)) {
			status = CTL_BAD;
		} else if (csp_build_xml(home, msg, &out, &len)) {
			status = fail(argv[i], 0, "cannot build canonical XML");
		} else {
			fwrite(out, 1, len, stdout);
			if (len && out[len - 1] != '\n')
				putchar('\n');
		}
		su_home_deinit(home);
	}
	return status;
}

/* --- translate ------------------------------------------------------------------------------ */

struct ctl_translate_opts {
	char const *to;
	char const *entity;
	enum csp_version version;
	char const *file;
};

/* One WV Presence (UserID + PresenceSubList) -> PIDF on stdout. */
static int presence_to_pidf(su_home_t *home, struct ctl_translate_opts const *o,
			    char const *user, struct csp_node const *psl)
{
	struct imps_pres *pres;
	struct pidf_doc *doc;
	char const *why = NULL, *reason = NULL;
	char *entity, *xml, buf[200];
	size_t len;
	int rc;

	if (o->entity) {
		entity = (char *)o->entity;
	} else if (!user) {
		return fail(o->file, 0, "the message names no UserID: give --entity URI");
	} else if (map_addr_wv_to_sip(home, user, NULL, &entity, &reason)) {
		snprintf(buf, sizeof buf, "UserID '%s': %s (give --entity URI)", user,
			 reason ? reason : "not a user address");
		return fail(o->file, 0, buf);
	}
	if (psl) {
		rc = imps_pres_from_node_why(home, psl, &pres, &why);
	} else {
		pres = imps_pres_new(home);
		rc = pres ? 0 : ENOMEM;
	}
	if (rc) {
		snprintf(buf, sizeof buf, "invalid presence value%s%s", why ? " in " : "",
			 why ? why : "");
		return fail(o->file, 0, buf);
	}
	if ((rc = map_pres_to_pidf(home, pres, entity, time(NULL), &doc)) ||
	    (rc = pidf_build(home, doc, &xml, &len))) {
		snprintf(buf, sizeof buf, "cannot translate to PIDF: %s", strerror(rc));
		return fail(o->file, 0, buf);
	}
	fwrite(xml, 1, len, stdout);
	if (len && xml[len - 1] != '\n')
		putchar('\n');
	return 0;
}

/* The primitives that carry presence, and where. */
static int csp_to_pidf(su_home_t *home, struct ctl_translate_opts const *o)
{
	struct csp_msg *msg;
	struct csp_node const *prim;
	int done = 0;

	if (parse_csp_file(home, o->file, -1, &msg))
		return CTL_BAD;
	prim = msg->trans->content;
	if (!strcmp(prim->name, "UpdatePresence-Request")) {
		return presence_to_pidf(home, o, NULL, csp_node_find(prim, "PresenceSubList"));
	}
	if (strcmp(prim->name, "PresenceNotification-Request") &&
	    strcmp(prim->name, "GetPresence-Response")) {
		char buf[200];
		snprintf(buf, sizeof buf, "%s carries no presence (PresenceNotification-Request, "
			 "GetPresence-Response or UpdatePresence-Request expected)", prim->name);
		return fail(o->file, 0, buf);
	}
	for (struct csp_node const *p = csp_node_find(prim, "Presence"); p;
	     p = csp_node_next_named(p)) {
		char const *user = csp_node_text(p, "UserID");
		int rc;
		if (!user && !o->entity)
			continue; /* a contact-list level Presence: its members come separately */
		rc = presence_to_pidf(home, o, user, csp_node_find(p, "PresenceSubList"));
		if (rc)
			return rc;
		done++;
	}
	if (!done)
		return fail(o->file, 0, "no Presence with a UserID in the message");
	return 0;
}

static int pidf_to_csp(su_home_t *home, struct ctl_translate_opts const *o)
{
	struct pidf_doc *doc;
	struct imps_pres *pres;
	struct csp_msg *msg;
	struct csp_node *prim, *presence;
	char reason[160] = "", *buf, *user, *xml;
	char const *why = NULL;
	size_t len;
	int rc;

	if ((rc = read_file(home, o->file, &buf, &len)))
		return fail_errno(o->file, rc);
	if ((rc = pidf_parse(home, buf, len, &doc, reason, sizeof reason)))
		return fail(o->file, 0, reason[0] ? reason : strerror(rc));
	if ((rc = map_pidf_to_pres(home, doc, &pres)))
		return fail(o->file, 0, strerror(rc));

	char const *entity = o->entity ? o->entity : doc->entity;
	if (!strncmp(entity, "wv:", 3)) {
		rc = map_addr_wv_normalize(home, entity, NULL, &user, &why);
	} else {
		char *sip = (char *)entity;
		if (!strncmp(entity, "pres:", 5))	/* RFC 3859 pres: URI, same user */
			sip = su_sprintf(home, "sip:%s", entity + 5);
		rc = map_addr_sip_to_wv(home, sip, &user, &why);
	}
	if (rc) {
		char m[200];
		snprintf(m, sizeof m, "entity '%s': %s", entity, why ? why : "not an address");
		return fail(o->file, 0, m);
	}
	if ((rc = csp_msg_new(home, o->version, NULL, CSP_REQUEST, "1",
			      "PresenceNotification-Request", &msg, &prim)) ||
	    !(presence = csp_node_add(home, prim, "Presence")) ||
	    !csp_node_add_text(home, presence, "UserID", user) ||
	    (rc = imps_pres_to_node(home, pres, presence, NULL)) ||
	    (rc = csp_build_xml(home, msg, &xml, &len)))
		return fail(o->file, 0, strerror(rc ? rc : ENOMEM));
	fwrite(xml, 1, len, stdout);
	if (len && xml[len - 1] != '\n')
		putchar('\n');
	return 0;
}

static void translate_usage(FILE *f)
{
	fprintf(f, "usage: iwfctl translate --to pidf|wv [--entity URI] [--version 1.1|1.2|1.3] FILE\n");
}

int ctl_translate(int argc, char **argv)
{
	static struct option const opts[] = {
		{"to", required_argument, NULL, 't'},
		{"entity", required_argument, NULL, 'e'},
		{"version", required_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct ctl_translate_opts o = {.version = CSP_V12};
	su_home_t home[1] = {SU_HOME_INIT(home)};
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:e:v:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.to = optarg;
			break;
		case 'e':
			o.entity = optarg;
			break;
		case 'v':
			o.version = !strcmp(optarg, "1.1") ? CSP_V11 : !strcmp(optarg, "1.2") ? CSP_V12 :
				    !strcmp(optarg, "1.3") ? CSP_V13 : CSP_V_UNKNOWN;
			if (o.version == CSP_V_UNKNOWN) {
				fprintf(stderr, "iwfctl translate: unknown version '%s'\n", optarg);
				return CTL_USAGE;
			}
			break;
		default:
			translate_usage(stderr);
			return c == 'h' ? CTL_OK : CTL_USAGE;
		}
	}
	if (!o.to || (strcmp(o.to, "pidf") && strcmp(o.to, "wv")) || optind != argc - 1) {
		translate_usage(stderr);
		return CTL_USAGE;
	}
	o.file = argv[optind];
	rc = !strcmp(o.to, "pidf") ? csp_to_pidf(home, &o) : pidf_to_csp(home, &o);
	su_home_deinit(home);
	return rc;
}
