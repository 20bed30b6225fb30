/* tests/fuzz/fuzz_pidf.c: PIDF, watcherinfo, resource-lists and pres-content parsers; whatever parses must re-build and round-trip. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"
#include "simple/rlist.h"
#include "simple/winfo.h"
#include "tests/fuzz/fuzz.h"

/*
 * The whole input is offered to each of the four parsers (each refuses a
 * foreign root at once). For every document a parser accepts:
 *   build(doc) must succeed and validate against the schema of its kind
 *   (tests/data/schemas, SCHEMA_DIR), parse(build(doc)) must equal doc, and
 *   building that again must give the same bytes. Any failure aborts.
 */

#ifndef SCHEMA_DIR
#error "SCHEMA_DIR must name tests/data/schemas"
#endif

enum kind { K_PIDF, K_WINFO, K_RLIST, K_CONTENT, K_COUNT };

static char const *const schema_files[K_COUNT] = {
	"presence-all.xsd", "watcherinfo.xsd", "resourcelists.xsd", "oma-pres-content.xsd",
};

/* Loaded once and kept for the life of the process. */
static xmlSchemaPtr schemas[K_COUNT];

static void schema_valid(enum kind k, char const *xml, size_t len)
{
	xmlSchemaValidCtxtPtr v;
	xmlDocPtr doc;
	int rc;

	if (!schemas[k]) {
		char path[1024];
		xmlSchemaParserCtxtPtr p;

		snprintf(path, sizeof path, "%s/%s", SCHEMA_DIR, schema_files[k]);
		p = xmlSchemaNewParserCtxt(path);
		schemas[k] = p ? xmlSchemaParse(p) : NULL;
		xmlSchemaFreeParserCtxt(p);
		if (!schemas[k])
			abort();
	}
	doc = xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
	v = xmlSchemaNewValidCtxt(schemas[k]);
	if (!doc || !v)
		abort();
	rc = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	xmlFreeDoc(doc);
	if (rc)
		abort(); /* the validator printed why */
}
static void same_bytes(char const *a, size_t alen, char const *b, size_t blen)
{
	if (alen != blen || memcmp(a, b, alen))
		abort();
}

static void check_pidf(su_home_t *home, uint8_t const *data, size_t size)
{
	struct pidf_doc *d, *d2;
	char *out, *out2;
	size_t len, len2;
	char reason[PIDF_REASON_LEN];

	if (pidf_parse(home, data, size, &d, reason, sizeof reason))
		return;
	if (pidf_build(home, d, &out, &len))
		abort();
	schema_valid(K_PIDF, out, len);
	if (pidf_parse(home, out, len, &d2, reason, sizeof reason) || !pidf_doc_equal(d, d2) ||
	    pidf_build(home, d2, &out2, &len2))
		abort();
	same_bytes(out, len, out2, len2);
}

static void check_winfo(su_home_t *home, uint8_t const *data, size_t size)
{
	struct pidf_winfo *d, *d2;
	char *out, *out2;
	size_t len, len2;

	if (pidf_winfo_parse(home, data, size, &d, NULL, 0))
		return;
	if (pidf_winfo_build(home, d, &out, &len))
		abort();
	schema_valid(K_WINFO, out, len);
	if (pidf_winfo_parse(home, out, len, &d2, NULL, 0) || !pidf_winfo_equal(d, d2) ||
	    pidf_winfo_build(home, d2, &out2, &len2))
		abort();
	same_bytes(out, len, out2, len2);
}

static void check_rlist(su_home_t *home, uint8_t const *data, size_t size)
{
	struct pidf_rlist *d, *d2;
	char *out, *out2;
	size_t len, len2;

	if (pidf_rlist_parse(home, data, size, &d, NULL, 0))
		return;
	if (pidf_rlist_build(home, d, &out, &len))
		abort();
	schema_valid(K_RLIST, out, len);
	if (pidf_rlist_parse(home, out, len, &d2, NULL, 0) || !pidf_rlist_equal(d, d2) ||
	    pidf_rlist_build(home, d2, &out2, &len2))
		abort();
	same_bytes(out, len, out2, len2);
}

static void check_content(su_home_t *home, uint8_t const *data, size_t size)
{
	struct pidf_content *c, *c2;
	char *out, *out2;
	size_t len, len2;

	if (pidf_content_parse(home, data, size, &c, NULL, 0))
		return;
	if (pidf_content_build(home, c, &out, &len))
		abort();
	schema_valid(K_CONTENT, out, len);
	if (pidf_content_parse(home, out, len, &c2, NULL, 0) ||
	    strcmp(c->data, c2->data) || pidf_content_build(home, c2, &out2, &len2))
		abort();
	same_bytes(out, len, out2, len2);
}

int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	su_home_t *home = su_home_new(sizeof *home);

	if (!home)
		return 0;
	check_pidf(home, data, size);
	check_winfo(home, data, size);
	check_rlist(home, data, size);
	check_content(home, data, size);
	su_home_unref(home);
	return 0;
}
