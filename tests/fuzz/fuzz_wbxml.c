/* tests/fuzz/fuzz_wbxml.c: fuzzes csp_parse_wbxml; what decodes must encode and decode the same. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "imps/csp.h"
#include "tests/fuzz/fuzz.h"

/*
 * Properties checked (abort on violation):
 * - a failed decode returns EBADMSG, E2BIG or ENOMEM with a reason, and no
 *   message;
 * - a decoded message encodes (csp_build_wbxml), unless the result would
 *   exceed CSP_MAX_BODY (E2BIG);
 * - that WBXML decodes to the canonical form of the first decoding
 *   (csp_msg_canon + csp_msg_equal), after the one deliberate spelling
 *   change of 1.1/1.2: ReferredContent/ReferredvCard (the 1.1 PDF) are
 *   written with the token of libwbxml's PreferredContent/PreferredvCard.
 * Input goes through csp_parse too, to cover sniffing.
 */

static void alias(struct csp_node *n)
{
	for (; n; n = n->next) {
		if (!n->ns && !strcmp(n->name, "ReferredContent"))
			n->name = "PreferredContent";
		else if (!n->ns && !strcmp(n->name, "ReferredvCard"))
			n->name = "PreferredvCard";
		alias(n->child);
	}
}

int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *m = NULL, *m2 = NULL;
	struct csp_error err = {0};
	enum csp_encoding enc;
	unsigned char *w = NULL;
	size_t wlen = 0;
	int rc;

	if (!home)
		return 0;
	rc = csp_parse_wbxml(home, data, size, &m, &err);
	if (rc) {
		if ((rc != EBADMSG && rc != E2BIG && rc != ENOMEM) || !err.reason[0] || m)
			abort();
		goto out;
	}
	if (!m || !m->trans || !m->trans->content || !csp_ns(m->version, 'C'))
		abort();
	rc = csp_build_wbxml(home, m, &w, &wlen);
	if (rc == ENOMEM || rc == E2BIG)
		goto out;
	if (rc || !w || wlen < 5 || w[0] != 0x03)
		abort();
	if (csp_sniff(w, wlen, NULL) != CSP_ENC_WBXML)
		abort();
	rc = csp_parse(home, w, wlen, NULL, &m2, &enc, &err);
	if (rc == ENOMEM)
		goto out;
	if (rc || enc != CSP_ENC_WBXML)
		abort();
	csp_msg_canon(m);
	if (m->version != CSP_V13) {
		alias(m->extra);
		for (struct csp_transaction *t = m->trans; t; t = t->next) {
			alias(t->content);
			alias(t->extra);
		}
	}
	if (!csp_msg_equal(m, m2))
		abort();
out:
	su_home_unref(home);
	return 0;
}
