/* tests/csp_wbxml_tool.c: our WBXML codec from the shell, for tests/wbxml-oracle.sh. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp.h"
#include "imps/csp_wbxml13.h"

/*
 * csp_wbxml_tool enc IN.xml OUT.wbxml    our WBXML of an XML message; prints 11, 12 or 13
 * csp_wbxml_tool cmp A.xml B.xml V       A (with xmlns) and B (libwbxml's XML: no xmlns,
 *                                        its spellings; version V) are the same message
 * csp_wbxml_tool cmpw A.xml B.wbxml      A and our decoding of B are the same message
 * Exit 0 when done/equal, 1 when different, 2 on error (message on stderr).
 */

static char *slurp(su_home_t *home, char const *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = su_alloc(home, (size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*lenp = (size_t)n;
	} else {
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static struct csp_msg *load(su_home_t *home, char const *path, enum csp_version hint)
{
	struct csp_error err = {0};
	struct csp_msg *m;
	size_t len;
	char *buf = slurp(home, path, &len);
	int e;

	if (!buf) {
		fprintf(stderr, "%s: cannot read\n", path);
		return NULL;
	}
	if (len && (unsigned char)buf[0] <= 3)
		e = csp_parse_wbxml(home, buf, len, &m, &err);
	else
		e = csp_parse_xml_hint(home, buf, len, hint, &m, &err);
	if (e) {
		fprintf(stderr, "%s: %d: %s\n", path, err.line, err.reason);
		return NULL;
	}
	return m;
}

static void rename_tree(struct csp_node *n)
{
	for (; n; n = n->next) {
		for (size_t i = 0; i < csp_wbx_nrenames; i++)
			if (!n->ns && !strcmp(n->name, csp_wbx_libwbxml_renames[i].libwbxml))
				n->name = csp_wbx_libwbxml_renames[i].ours;
		rename_tree(n->child);
	}
}

static int compare(struct csp_msg *a, struct csp_msg *b)
{
	rename_tree(b->extra);
	for (struct csp_transaction *t = b->trans; t; t = t->next) {
		rename_tree(t->content);
		rename_tree(t->extra);
	}
	csp_msg_canon(a);
	csp_msg_canon(b);
	return csp_msg_equal(a, b) ? 0 : 1;
}

int main(int argc, char **argv)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *a, *b;
	int rc = 2;

	if (!home)
		return 2;
	if (argc == 4 && !strcmp(argv[1], "enc")) {
		unsigned char *w;
		size_t len;
		FILE *f;
		if (!(a = load(home, argv[2], CSP_V_UNKNOWN)))
			goto out;
		if (csp_build_wbxml(home, a, &w, &len)) {
			fprintf(stderr, "%s: cannot build WBXML\n", argv[2]);
			goto out;
		}
		if (!(f = fopen(argv[3], "wb")) || fwrite(w, 1, len, f) != len || fclose(f)) {
			fprintf(stderr, "%s: cannot write\n", argv[3]);
			goto out;
		}
		printf("%d\n", (int)a->version);
		rc = 0;
	} else if (argc == 5 && !strcmp(argv[1], "cmp")) {
		if ((a = load(home, argv[2], CSP_V_UNKNOWN)) &&
		    (b = load(home, argv[3], (enum csp_version)atoi(argv[4]))))
			rc = compare(a, b);
	} else if (argc == 4 && !strcmp(argv[1], "cmpw")) {
		if ((a = load(home, argv[2], CSP_V_UNKNOWN)) && (b = load(home, argv[3], 0)))
			rc = compare(a, b);
	} else {
		fprintf(stderr, "usage: %s enc IN.xml OUT.wbxml | cmp A.xml B.xml V | "
				"cmpw A.xml B.wbxml\n", argv[0]);
	}
out:
	su_home_unref(home);
	return rc;
}
