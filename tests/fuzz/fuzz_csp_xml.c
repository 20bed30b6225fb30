/* tests/fuzz/fuzz_csp_xml.c: fuzzes csp_parse_xml; whatever parses must build, reparse and rebuild identically. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp.h"
#include "tests/fuzz/fuzz.h"

/*
 * Properties checked (abort on violation):
 * - a failed parse returns EBADMSG, E2BIG or ENOMEM with a reason;
 * - a parsed message builds (csp_build_xml never refuses what the parser
 *   made);
 * - the canonical XML parses again, to the canonical form of the first
 *   parse (csp_msg_canon + csp_msg_equal), and builds to the same bytes.
 *   (Skipped when escaping made the output larger than CSP_MAX_BODY.)
 * A root without namespace is retried with a 1.1 version hint, as the
 * WBXML decoder does.
 */
int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *m = NULL, *m2 = NULL;
	struct csp_error err = {0};
	char *out1 = NULL, *out2 = NULL;
	size_t len1 = 0, len2 = 0;
	int rc;

	if (!home)
		return 0;
	rc = csp_parse_xml(home, data, size, &m, &err);
	if (rc == EBADMSG && !strcmp(err.reason, "no WV-CSP namespace"))
		rc = csp_parse_xml_hint(home, data, size, CSP_V11, &m, &err);
	if (rc) {
		if ((rc != EBADMSG && rc != E2BIG && rc != ENOMEM) || !err.reason[0])
			abort();
		goto out;
	}
	if (!m || !m->trans || !m->trans->content || !csp_ns(m->version, 'C'))
		abort();
	rc = csp_build_xml(home, m, &out1, &len1);
	if (rc == ENOMEM)
		goto out;
	if (rc || strlen(out1) != len1)
		abort();
	if (len1 > CSP_MAX_BODY)
		goto out;
	rc = csp_parse_xml(home, out1, len1, &m2, &err);
	if (rc == ENOMEM)
		goto out;
	if (rc)
		abort();
	csp_msg_canon(m);
	if (!csp_msg_equal(m, m2))
		abort();
	rc = csp_build_xml(home, m2, &out2, &len2);
	if (rc == ENOMEM)
		goto out;
	if (rc || len1 != len2 || memcmp(out1, out2, len1))
		abort();
out:
	su_home_unref(home);
	return 0;
}
