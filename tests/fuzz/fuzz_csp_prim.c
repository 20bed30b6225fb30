/* tests/fuzz/fuzz_csp_prim.c: typed primitives and presence over parsed CSP; accepted input must round-trip. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"
#include "imps/csp_prim.h"
#include "imps/csp_prim_int.h"
#include "imps/imps_pres.h"
#include "tests/fuzz/fuzz.h"

/*
 * Input: first byte even: the rest is a CSP XML message. Odd: the rest is a
 * tree program (so that the fuzzer reaches deep structures without having
 * to find XML syntax): each byte b is an op (b & 3) with an argument (b >> 2):
 * 0 = open a child named names[arg], 1 = close, 2 = set the text of the open
 * element to texts[arg], 3 = open a child named names[arg + 64].
 */

/* Presence attribute children (private to imps_pres.c) and odd names. */
static char const *const extra_names[] = {
	"Qualifier", "PresenceValue", "ClientID", "URL", "MSISDN", "ClientType",
	"DevManufacturer", "ClientProducer", "Model", "ClientVersion", "Language",
	"ClientIMPriority", "ApplicationID", "ClientContentLimit", "Zone", "Longitude",
	"Latitude", "Altitude", "Accuracy", "Country", "City", "Street", "Crossing1",
	"Crossing2", "Building", "NamedArea", "CommC", "Cap", "Status", "Contact", "Note",
	"AddrPref", "PrefC", "Caddr", "Cstatus", "Cname", "Cpriority", "DirectContent",
	"ReferredContent", "PreferredContent", "ContentType", "ContainedvCard",
	"ReferredvCard", "PreferredvCard", "Inf_link", "Link", "Text", "PresenceSubList",
	"WVCSPFeat", "Unknown",
};

static char const *const texts[] = {
	NULL, "", "T", "F", " t ", "x", "0", "1", "200", "999", "1000", "-1", "65535",
	"65536", "2147483647", "2147483648", "99999999999999999999", "AVAILABLE",
	"NOT_AVAILABLE", "discreet", "HAPPY", "CONFUSED", "OPEN", "CLOSED", "MOBILE_PHONE",
	"TOASTER", "wv:a@b", "\xc3\xa9", "P", "N",
};

#define MAX_NAMES 512
static char const *names[MAX_NAMES];
static size_t n_names;

static void add_name(char const *n)
{
	for (size_t i = 0; i < n_names; i++)
		if (!strcmp(names[i], n))
			return;
	if (n_names < MAX_NAMES)
		names[n_names++] = n;
}

static void add_desc(struct csp_desc const *d, int depth)
{
	for (size_t i = 0; d && depth < 8 && i < d->n_fields; i++) {
		add_name(d->fields[i].name);
		if (d->fields[i].alias)
			add_name(d->fields[i].alias);
		if (d->fields[i].inner)
			add_name(d->fields[i].inner);
		add_desc(d->fields[i].sub, depth + 1);
	}
}

static void init_names(void)
{
	if (n_names)
		return;
	for (int t = 1; t < CSP_PRIM_COUNT; t++)
		add_name(csp_prim_name(t));
	for (int a = 0; a < IMPS_ATTR_COUNT; a++)
		add_name(imps_attr_name(a));
	for (size_t i = 0; i < sizeof extra_names / sizeof extra_names[0]; i++)
		add_name(extra_names[i]);
	add_desc(&csp_desc_capability_list, 0);
	add_desc(&csp_desc_message_info, 0);
	add_desc(&csp_desc_block_list, 0);
	add_desc(&csp_desc_nick_list, 0);
	add_desc(&csp_desc_properties, 0);
	add_desc(&csp_desc_presence, 0);
	add_desc(&csp_desc_result, 0);
	for (int i = 0; i < 64; i++)
		if (csp_func_name((csp_func_set)1 << i))
			add_name(csp_func_name((csp_func_set)1 << i));
	add_name("FundamentalFeat");
	add_name("PresenceFeat");
	add_name("IMFeat");
	add_name("GroupFeat");
	add_name("ContListFunc");
	add_name("IMReceiveFunc");
}

static struct csp_node *tree_of(su_home_t *home, uint8_t const *p, size_t n)
{
	struct csp_node *root, *cur;
	int depth = 0;
	size_t count = 0;

	if (!n)
		return NULL;
	root = cur = csp_node_add(home, NULL, names[p[0] % n_names]);
	for (size_t i = 1; cur && i < n && count < CSP_MAX_ELEMENTS; i++) {
		unsigned op = p[i] & 3, arg = p[i] >> 2;
		switch (op) {
		case 0:
		case 3:
			if (depth >= CSP_MAX_DEPTH)
				break;
			cur = csp_node_add(home, cur, names[(arg + (op == 3 ? 64 : 0)) % n_names]);
			depth++;
			count++;
			if (cur && arg == 63)
				cur->ns = "http://vendor.example/";
			break;
		case 1:
			if (cur->parent) {
				cur = cur->parent;
				depth--;
			}
			break;
		case 2:
			cur->text = texts[arg % (sizeof texts / sizeof texts[0])];
			break;
		}
	}
	return cur ? root : NULL;
}

static void check_prim(su_home_t *home, struct csp_node const *content)
{
	struct csp_prim *p = NULL, *q = NULL;
	struct csp_prim_error err;
	struct csp_node *n = NULL;

	if (csp_prim_from_node(home, content, &p, &err))
		return;
	if (csp_prim_to_node(home, p, NULL, &n) || csp_prim_from_node(home, n, &q, &err) ||
	    !csp_prim_equal(p, q))
		abort();
}

/* Every PresenceSubList of the tree: read, write, read again: equal; and
 * filter/merge invariants. */
static void check_pres(su_home_t *home, struct csp_node const *n, int depth)
{
	struct imps_pres *p = NULL, *q = NULL, *f = NULL, *m = NULL;
	struct csp_node *root;
	imps_attr_set set;

	if (!n || depth > CSP_MAX_DEPTH)
		return;
	if (!n->ns && !strcmp(n->name, "PresenceSubList") && imps_pres_from_node(home, n, &p) == 0) {
		root = csp_node_add(home, NULL, "Presence");
		if (!root || imps_pres_to_node(home, p, root, NULL) ||
		    imps_pres_from_node(home, root->child, &q) || !imps_pres_equal(p, q))
			abort();
		set = imps_pres_attrs(p) & 0x5555u;
		if (imps_pres_filter(home, p, set, 0, &f) || imps_pres_attrs(f) != set)
			abort();
		if (imps_pres_merge(home, f, p, &m) || !imps_pres_equal(m, p))
			abort();
	}
	for (struct csp_node const *c = n->child; c; c = c->next)
		check_pres(home, c, depth + 1);
}

int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	su_home_t *home = su_home_new(sizeof *home);
	struct csp_msg *msg = NULL;
	struct csp_error xerr;

	if (!home || !size)
		goto out;
	init_names();
	if (data[0] & 1) {
		struct csp_node *root = tree_of(home, data + 1, size - 1);
		if (root) {
			check_pres(home, root, 0);
			check_prim(home, root);
		}
	} else if (csp_parse_xml(home, data + 1, size - 1, &msg, &xerr) == 0) {
		for (struct csp_transaction *t = msg->trans; t; t = t->next) {
			check_pres(home, t->content, 0);
			check_prim(home, t->content);
		}
	}
out:
	su_home_unref(home);
	return 0;
}
