/* bench/translate.c: documents/s of WV -> PIDF and PIDF -> WV, beside raw libxml2 parse+serialize of the same documents. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/imps_pres.h"
#include "mapping/map_addr.h"
#include "mapping/map_pres.h"
#include "simple/pidf.h"

#define BENCH_MAX_DOC (256 * 1024)
#define BENCH_MAX_DOCS 32

struct doc {
	char const *path;
	char *buf;
	size_t len;
};

/* One pass over one document; returns 0 on success. */
typedef int bench_fn(struct doc const *d);

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int load(struct doc *d, char const *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return errno;
	d->buf = malloc(BENCH_MAX_DOC + 1);
	d->len = d->buf ? fread(d->buf, 1, BENCH_MAX_DOC, f) : 0;
	fclose(f);
	if (!d->buf || !d->len)
		return EIO;
	d->buf[d->len] = '\0';
	d->path = path;
	return 0;
}

/* The first Presence's PresenceSubList of a presence-carrying message, and its UserID. */
static struct csp_node const *find_presence(struct csp_msg const *m, char const **userp)
{
	struct csp_node const *prim = m->trans->content, *p;

	if ((p = csp_node_find(prim, "Presence"))) {
		*userp = csp_node_text(p, "UserID");
		return csp_node_find(p, "PresenceSubList");
	}
	*userp = NULL;
	return csp_node_find(prim, "PresenceSubList");
}

/* WV-CSP message -> PIDF document text: parse, map, build. */
static int wv_to_pidf(struct doc const *d)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct csp_msg *m;
	struct csp_error err;
	struct imps_pres *pres;
	struct pidf_doc *pd;
	char const *user, *reason;
	char *entity = "sip:bench@mno1.example", *out;
	size_t len;
	struct csp_node const *psl;
	int rc;

	rc = csp_parse_xml(home, d->buf, d->len, &m, &err);
	if (!rc && !(psl = find_presence(m, &user)))
		rc = ENOENT;
	if (!rc && user)
		rc = map_addr_wv_to_sip(home, user, "mno1.example", &entity, &reason);
	if (!rc)
		rc = imps_pres_from_node(home, psl, &pres);
	if (!rc)
		rc = map_pres_to_pidf(home, pres, entity, 1700000000, &pd);
	if (!rc)
		rc = pidf_build(home, pd, &out, &len);
	su_home_deinit(home);
	return rc;
}

/* PIDF document -> WV-CSP PresenceNotification-Request text: parse, map, build. */
static int pidf_to_wv(struct doc const *d)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	struct pidf_doc *pd;
	struct imps_pres *pres;
	struct csp_msg *m;
	struct csp_node *prim, *p;
	char reason[100], *user, *out;
	char const *why;
	size_t len;
	int rc;

	rc = pidf_parse(home, d->buf, d->len, &pd, reason, sizeof reason);
	if (!rc)
		rc = map_pidf_to_pres(home, pd, &pres);
	if (!rc)
		rc = map_addr_sip_to_wv(home, pd->entity, &user, &why);
	if (!rc)
		rc = csp_msg_new(home, CSP_V12, "bench", CSP_REQUEST, "1",
				 "PresenceNotification-Request", &m, &prim);
	if (!rc && (!(p = csp_node_add(home, prim, "Presence")) ||
		    !csp_node_add_text(home, p, "UserID", user)))
		rc = ENOMEM;
	if (!rc)
		rc = imps_pres_to_node(home, pres, p, NULL);
	if (!rc)
		rc = csp_build_xml(home, m, &out, &len);
	su_home_deinit(home);
	return rc;
}

/* The baseline: libxml2 reads the same bytes into a tree and writes them out again. */
static int xml_roundtrip(struct doc const *d)
{
	xmlDocPtr x = xmlReadMemory(d->buf, (int)d->len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlChar *out = NULL;
	int len = 0;

	if (!x)
		return EBADMSG;
	xmlDocDumpMemory(x, &out, &len);
	xmlFree(out);
	xmlFreeDoc(x);
	return len > 0 ? 0 : EIO;
}

/*
 * The baseline per direction, as separate functions so that a profile
 * (valgrind --tool=callgrind, inclusive cost per function) tells them apart.
 */
static __attribute__((noinline)) int base_wv(struct doc const *d)
{
	return xml_roundtrip(d);
}

static __attribute__((noinline)) int base_pidf(struct doc const *d)
{
	return xml_roundtrip(d);
}

/* One pass of fn over all docs; seconds it took. */
static double pass(bench_fn *fn, struct doc const *docs, int n)
{
	double start = now_s();

	for (int i = 0; i < n; i++) {
		if (fn(&docs[i])) {
			fprintf(stderr, "bench: %s failed\n", docs[i].path);
			exit(2);
		}
	}
	return now_s() - start;
}

/* Length of one turn of a direction or its baseline in rates(). */
#define BENCH_SLICE 0.05

/*
 * Documents per second of fn and of its baseline over all docs. The two take
 * turns of about BENCH_SLICE seconds for about `seconds` in all each (or
 * exactly `passes` passes each when passes > 0, for profiles), so that a
 * change of machine load hits both alike and their ratio stays meaningful.
 */
static void rates(bench_fn *fn, bench_fn *base, struct doc const *docs, int n, double seconds,
		  long passes, double *ratep, double *baserate)
{
	unsigned long count[2] = {0, 0};
	double t[2] = {0, 0};
	bench_fn *const f[2] = {fn, base};

	do {
		for (int k = 0; k < 2; k++) {
			double slice = 0;

			do {
				slice += pass(f[k], docs, n);
				count[k] += n;
			} while (passes <= 0 && slice < BENCH_SLICE);
			t[k] += slice;
		}
	} while (passes > 0 ? count[0] < (unsigned long)passes * n : t[0] < seconds);
	*ratep = count[0] / (t[0] > 0 ? t[0] : 1e-9);
	*baserate = count[1] / (t[1] > 0 ? t[1] : 1e-9);
}

static int load_list(struct doc *docs, int max, char **paths, int n)
{
	int k = 0;

	for (int i = 0; i < n && k < max; i++) {
		int rc = load(&docs[k], paths[i]);
		if (rc) {
			fprintf(stderr, "bench: %s: %s\n", paths[i], strerror(rc));
			exit(2);
		}
		k++;
	}
	return k;
}

static int usage(void)
{
	fprintf(stderr, "usage: translate [-t SECONDS | -n PASSES] --wv FILE... --pidf FILE...\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct doc wv[BENCH_MAX_DOCS], pidf[BENCH_MAX_DOCS];
	char *wv_paths[BENCH_MAX_DOCS], *pidf_paths[BENCH_MAX_DOCS];
	int nwv = 0, npidf = 0, target = 0;
	double seconds = 2.0;
	long passes = 0;

	/* bench/translate [-t SECONDS | -n PASSES] --wv FILE... --pidf FILE... */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--wv"))
			target = 1;
		else if (!strcmp(argv[i], "--pidf"))
			target = 2;
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			passes = atol(argv[++i]);
		else if (target == 1 && nwv < BENCH_MAX_DOCS)
			wv_paths[nwv++] = argv[i];
		else if (target == 2 && npidf < BENCH_MAX_DOCS)
			pidf_paths[npidf++] = argv[i];
		else {
			return usage();
		}
	}
	if (!nwv || !npidf) {
		return usage();
	}
	xmlInitParser();
	nwv = load_list(wv, BENCH_MAX_DOCS, wv_paths, nwv);
	npidf = load_list(pidf, BENCH_MAX_DOCS, pidf_paths, npidf);

	double a, a0, b, b0;

	rates(wv_to_pidf, base_wv, wv, nwv, seconds, passes, &a, &a0);
	rates(pidf_to_wv, base_pidf, pidf, npidf, seconds, passes, &b, &b0);

	printf("%-14s %6s %14s %22s %7s\n", "direction", "docs", "iwf docs/s",
	       "libxml2 parse+dump/s", "ratio");
	printf("%-14s %6d %14.0f %22.0f %7.2f\n", "WV -> PIDF", nwv, a, a0, a / a0);
	printf("%-14s %6d %14.0f %22.0f %7.2f\n", "PIDF -> WV", npidf, b, b0, b / b0);
	printf("target ratio >= 0.60: %s\n", a / a0 >= 0.6 && b / b0 >= 0.6 ? "met" : "NOT met");
	for (int i = 0; i < nwv; i++)
		free(wv[i].buf);
	for (int i = 0; i < npidf; i++)
		free(pidf[i].buf);
	xmlCleanupParser();
	return 0;
}
