/* tests/pidf_emit.c: writes documents built by the SIMPLE codecs (samples re-built, random ones) for tests/pidf_xsd.sh. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"
#include "simple/rlist.h"
#include "simple/winfo.h"
#include "tests/pidf_gen.h"

#define RANDOM_DOCS 150

static char const *outdir;
static int written;

static void put(char const *prefix, char const *name, char const *xml, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s-%s.xml", outdir, prefix, name);
	f = fopen(path, "wb");
	if (!f || fwrite(xml, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "pidf_emit: cannot write %s\n", path);
		exit(1);
	}
	written++;
}

static char *slurp(su_home_t *home, char const *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		exit(1);
	buf = su_alloc(home, (isize_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	fclose(f);
	buf[n] = '\0';
	*lenp = (size_t)n;
	return buf;
}

typedef int rebuild_f(su_home_t *home, char const *in, size_t len, char **out, size_t *outlen);

static int rebuild_pidf(su_home_t *home, char const *in, size_t len, char **out, size_t *outlen)
{
	struct pidf_doc *d;
	int err = pidf_parse(home, in, len, &d, NULL, 0);

	return err ? err : pidf_build(home, d, out, outlen);
}

static int rebuild_winfo(su_home_t *home, char const *in, size_t len, char **out, size_t *outlen)
{
	struct pidf_winfo *d;
	int err = pidf_winfo_parse(home, in, len, &d, NULL, 0);

	return err ? err : pidf_winfo_build(home, d, out, outlen);
}

static int rebuild_rlist(su_home_t *home, char const *in, size_t len, char **out, size_t *outlen)
{
	struct pidf_rlist *d;
	int err = pidf_rlist_parse(home, in, len, &d, NULL, 0);

	return err ? err : pidf_rlist_build(home, d, out, outlen);
}

/* Parses and re-builds every sample of a data folder. */
static void samples(su_home_t *home, char const *sub, char const *prefix, rebuild_f *fn)
{
	char dir[4096], path[4096 + 256];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof dir, "%s/tests/data/%s", SRCDIR, sub);
	d = opendir(dir);
	if (!d)
		exit(1);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), len, outlen;
		char *in, *out;

		if (n < 5 || strcmp(e->d_name + n - 4, ".xml"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		in = slurp(home, path, &len);
		if (fn(home, in, len, &out, &outlen)) {
			fprintf(stderr, "pidf_emit: %s does not re-build\n", path);
			exit(1);
		}
		put(prefix, e->d_name, out, outlen);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct pidf_content ct = {0};
	struct pidf_note desc = {"Harry's status icon", "en"};
	char name[32], *out;
	size_t len;
	int i, valid;

	if (argc != 2 || !home) {
		fprintf(stderr, "usage: pidf_emit OUTDIR\n");
		return 2;
	}
	outdir = argv[1];
	samples(home, "pidf", "pidf-sample", rebuild_pidf);
	samples(home, "winfo", "winfo-sample", rebuild_winfo);
	samples(home, "rlist", "rlist-sample", rebuild_rlist);
	pidf_gen_seed(0x5eed);
	for (i = 0; i < RANDOM_DOCS; i++) {
		snprintf(name, sizeof name, "%03d", i);
		if (pidf_build(home, pidf_gen_doc(home, &valid), &out, &len))
			return 1;
		put("pidf-random", name, out, len);
		if (pidf_winfo_build(home, pidf_gen_winfo(home), &out, &len))
			return 1;
		put("winfo-random", name, out, len);
		if (pidf_rlist_build(home, pidf_gen_rlist(home), &out, &len))
			return 1;
		put("rlist-random", name, out, len);
	}
	ct.mime_type = "image/png";
	ct.encoding = "base64";
	ct.descriptions = &desc;
	ct.ndescriptions = 1;
	ct.data = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg==";
	if (pidf_content_build(home, &ct, &out, &len))
		return 1;
	put("content", "icon", out, len);
	printf("%d\n", written);
	su_home_unref(home);
	return 0;
}
