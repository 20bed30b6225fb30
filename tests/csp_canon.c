/* tests/csp_canon.c: prints the canonical XML of a WV-CSP file (csp_parse_xml + csp_build_xml). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp.h"

/*
 * Usage: csp_canon [--no-pa] FILE
 * --no-pa empties every PresenceSubList (the 1.1 DTD declares its content
 * as #PCDATA, so the PA elements cannot be validated against it).
 * Exit status: 0 printed, 1 usage or I/O error, 2 parse or build error.
 */

static void strip_pa(struct csp_node *n)
{
	for (; n; n = n->next) {
		if (!n->ns && !strcmp(n->name, "PresenceSubList")) {
			n->child = n->last = NULL;
			n->text = NULL;
			continue;
		}
		strip_pa(n->child);
	}
}

int main(int argc, char **argv)
{
	int no_pa = argc > 1 && !strcmp(argv[1], "--no-pa");
	char const *path = argv[1 + no_pa];
	static char buf[CSP_MAX_BODY + 1];
	su_home_t *home;
	struct csp_msg *msg;
	struct csp_error err = {0};
	char *out;
	size_t len, outlen;
	FILE *f;
	int rc;

	if (argc != 2 + no_pa) {
		fprintf(stderr, "usage: %s [--no-pa] FILE\n", argv[0]);
		return 1;
	}
	if (!(f = fopen(path, "rb"))) {
		perror(path);
		return 1;
	}
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	home = su_home_new(sizeof *home);
	if (!home)
		return 1;
	rc = csp_parse_xml(home, buf, len, &msg, &err);
	if (rc) {
		fprintf(stderr, "%s: line %d: %s\n", path, err.line, err.reason);
		su_home_unref(home);
		return 2;
	}
	if (no_pa) {
		for (struct csp_transaction *t = msg->trans; t; t = t->next) {
			strip_pa(t->content);
			strip_pa(t->extra);
		}
		strip_pa(msg->extra);
	}
	rc = csp_build_xml(home, msg, &out, &outlen);
	if (rc) {
		fprintf(stderr, "%s: build: %s\n", path, strerror(rc));
		su_home_unref(home);
		return 2;
	}
	fwrite(out, 1, outlen, stdout);
	su_home_unref(home);
	return 0;
}
