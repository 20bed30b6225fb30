/* imps/csp_build.c: canonical WV-CSP XML (libxml2 xmlTextWriter) and the canonical element order. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "imps/csp.h"
#include "imps/csp_order.h"

/*
 * The canonical form, byte for byte:
 * - `<?xml version="1.0" encoding="UTF-8"?>`, a newline, the root element
 *   with no white space between elements, a final newline. No DOCTYPE.
 * - Default namespaces only, never prefixes: the root carries xmlns = the
 *   version's CSP namespace, TransactionContent the TRC namespace,
 *   PresenceSubList the PA namespace; a foreign element carries its own
 *   xmlns, and a WV element below it re-declares the WV namespace it is in.
 * - Children in the order of the 1.1 DTD content model of their parent
 *   (csp_node_sort); PresenceSubList content and foreign content keep their
 *   input order.
 * - An element's text comes before its children; empty elements are
 *   written `<X/>`. libxml2 escapes <, >, &, " and CR in text.
 * - Envelope from the struct: SessionDescriptor(SessionType, SessionID?),
 *   each Transaction(TransactionDescriptor(TransactionMode, TransactionID?,
 *   Poll? in 1.1 only), TransactionContent(primitive), extra...), then in
 *   1.2+ Session-level Poll? and CIR?, then the Session extras.
 *
 * Poll and CIR placement (poll_rules):
 * - 1.1 has Poll only in the TransactionDescriptor. A transaction without
 *   its own Poll takes the Session-level value, if any. 1.1 has no CIR: a
 *   Session-level CIR is dropped.
 * - 1.2 and 1.3 have Poll at Session level and write none in descriptors.
 *   When msg->poll is absent, Session Poll is T if any transaction's poll
 *   is T, else F if any is F (a peer that put it in the descriptor meant
 *   "more is queued").
 */

/* Deepest element the build writes (the parser allows CSP_MAX_DEPTH). */
#define BUILD_MAX_DEPTH 256

/* --- tables --- */

struct csp_word const csp_session_types[] = {
	{"Inband", CSP_INBAND},
	{"Outband", CSP_OUTBAND},
	{NULL, CSP_SESSION_NONE},
};

struct csp_word const csp_modes[] = {
	{"Request", CSP_REQUEST},
	{"Response", CSP_RESPONSE},
	{NULL, CSP_MODE_NONE},
};

struct csp_word const csp_bools[] = {
	{"T", CSP_T},
	{"F", CSP_F},
	{NULL, CSP_ABSENT},
};

int csp_word_value(struct csp_word const *table, char const *text)
{
	size_t i;

	for (i = 0; table[i].text; i++)
		if (text && !strcmp(table[i].text, text))
			break;
	return table[i].value;
}

char const *csp_word_text(struct csp_word const *table, int value)
{
	for (size_t i = 0; table[i].text; i++)
		if (table[i].value == value)
			return table[i].text;
	return NULL;
}

static int row_cmp(void const *key, void const *elem)
{
	return strcmp(key, ((struct csp_order_row const *)elem)->parent);
}

/* The content model of `parent`, NULL when the DTD gives it none. */
static struct csp_order_row const *order_row(char const *parent)
{
	return bsearch(parent, csp_order_table, csp_order_table_len, sizeof *csp_order_table,
		       row_cmp);
}

static unsigned row_rank(struct csp_order_row const *row, char const *child)
{
	if (!row)
		return CSP_ORDER_UNKNOWN;
	for (size_t i = 0; i < row->n; i++)
		if (!strcmp(row->children[i].name, child))
			return row->children[i].rank;
	return CSP_ORDER_UNKNOWN;
}

unsigned csp_order_rank(char const *parent, char const *child)
{
	return row_rank(order_row(parent), child);
}

/* --- canonical order --- */

/* A foreign-namespace element (an empty or WV URI counts as none). */
static int is_foreign(struct csp_node const *n)
{
	return n->ns && n->ns[0] && csp_ns_version(n->ns) == CSP_V_UNKNOWN;
}

static int is_presence_sublist(struct csp_node const *n)
{
	return !is_foreign(n) && !strcmp(n->name, "PresenceSubList");
}

static unsigned rank_in(struct csp_node const *parent, struct csp_node const *c)
{
	return is_foreign(c) ? CSP_ORDER_UNKNOWN : csp_order_rank(parent->name, c->name);
}

/* Stable merge sort of the `n` siblings from `head` by rank under `parent`. */
static struct csp_node *sort_list(struct csp_node const *parent, struct csp_node *head, size_t n)
{
	struct csp_node *mid = head, *a, *b, *out = NULL, **tail = &out;

	if (n < 2) {
		if (head)
			head->next = NULL;
		return head;
	}
	for (size_t i = 1; i < n / 2; i++)
		mid = mid->next;
	b = mid->next;
	mid->next = NULL;
	a = sort_list(parent, head, n / 2);
	b = sort_list(parent, b, n - n / 2);
	while (a && b) {
		struct csp_node **from = rank_in(parent, a) <= rank_in(parent, b) ? &a : &b;
		*tail = *from;
		tail = &(*from)->next;
		*from = (*from)->next;
	}
	*tail = a ? a : b;
	return out;
}

/* 1 when csp_node_sort(n) would leave the subtree of `n` as it is. */
static int in_order(struct csp_node const *n)
{
	struct csp_order_row const *row;
	struct csp_node const *c;
	unsigned last = 0, r;

	if (is_foreign(n) || is_presence_sublist(n))
		return 1;
	if (n->child && n->child->next) {
		row = order_row(n->name);
		for (c = n->child; c; c = c->next) {
			r = is_foreign(c) ? CSP_ORDER_UNKNOWN : row_rank(row, c->name);
			if (r < last)
				return 0;
			last = r;
		}
	}
	for (c = n->child; c; c = c->next)
		if (!in_order(c))
			return 0;
	return 1;
}

void csp_node_sort(struct csp_node *n)
{
	if (!n || is_foreign(n) || is_presence_sublist(n))
		return;
	if (n->child && n->child->next) {
		n->child = sort_list(n, n->child, csp_node_count(n));
		for (n->last = n->child; n->last->next; n->last = n->last->next)
			;
	}
	for (struct csp_node *c = n->child; c; c = c->next)
		csp_node_sort(c);
}

/* --- Poll and CIR placement (see the comment at the top) --- */

static enum csp_bool descriptor_poll(struct csp_msg const *msg, struct csp_transaction const *t)
{
	if (msg->version != CSP_V11)
		return CSP_ABSENT;
	return t->poll != CSP_ABSENT ? t->poll : msg->poll;
}

static enum csp_bool session_poll(struct csp_msg const *msg)
{
	enum csp_bool poll = CSP_ABSENT;

	if (msg->version == CSP_V11)
		return CSP_ABSENT;
	if (msg->poll != CSP_ABSENT)
		return msg->poll;
	for (struct csp_transaction const *t = msg->trans; t; t = t->next)
		if (t->poll == CSP_T || (t->poll == CSP_F && poll == CSP_ABSENT))
			poll = t->poll;
	return poll;
}

static enum csp_bool session_cir(struct csp_msg const *msg)
{
	return msg->version == CSP_V11 ? CSP_ABSENT : msg->cir;
}

void csp_msg_canon(struct csp_msg *msg)
{
	enum csp_bool poll, cir;

	if (!msg)
		return;
	poll = session_poll(msg);
	cir = session_cir(msg);
	for (struct csp_transaction *t = msg->trans; t; t = t->next) {
		t->poll = descriptor_poll(msg, t);
		csp_node_sort(t->content);
		for (struct csp_node *x = t->extra; x; x = x->next)
			csp_node_sort(x);
	}
	msg->poll = poll;
	msg->cir = cir;
	for (struct csp_node *x = msg->extra; x; x = x->next)
		csp_node_sort(x);
}

/* --- checks of what goes out --- */

/* Length of the UTF-8 sequence at s when it encodes an XML Char, else 0. */
static size_t xml_char(unsigned char const *s)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

static int valid_text(char const *s)
{
	unsigned char const *u = (unsigned char const *)s;

	while (*u) {
		size_t n;

		if (*u >= 0x20 && *u < 0x80) { /* the common case */
			u++;
			continue;
		}
		n = xml_char(u);
		if (!n)
			return 0;
		u += n;
	}
	return 1;
}

/* A local name the parser could have produced: ASCII name characters (no
 * colon) or any non-ASCII character, not starting with a digit, '-' or '.'. */
static int valid_name(char const *s)
{
	if (!s || !*s || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.')
		return 0;
	for (unsigned char const *u = (unsigned char const *)s; *u; u++)
		if (*u < 0x80 && !((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
				   (*u >= '0' && *u <= '9') || *u == '-' || *u == '.' || *u == '_'))
			return 0;
	return valid_text(s);
}

/* --- writing --- */

struct bw {
	xmlTextWriterPtr w;
	su_home_t *tmp;      /* sorted copies of the trees, made when needed */
	char const *pa;      /* the version's PA namespace */
};

/* 0 for a libxml2 call that worked, ENOMEM for one that did not. */
static int ok(int rc)
{
	return rc < 0 ? ENOMEM : 0;
}

static int start(struct bw *b, char const *name, char const *xmlns)
{
	int error = ok(xmlTextWriterStartElement(b->w, BAD_CAST name));

	if (!error && xmlns)
		error = ok(xmlTextWriterWriteAttribute(b->w, BAD_CAST "xmlns", BAD_CAST xmlns));
	return error;
}

static int end(struct bw *b)
{
	return ok(xmlTextWriterEndElement(b->w));
}

/*
 * Writes text content. xmlTextWriterWriteString escapes <, >, &, " and CR
 * (through a copy of the text); a text with none of them is written as it
 * is, which gives the same bytes.
 */
static int text(struct bw *b, char const *s)
{
	if (!s || !*s)
		return 0;
	if (!valid_text(s))
		return EINVAL;
	if (!s[strcspn(s, "<>&\"\r")])
		return ok(xmlTextWriterWriteRaw(b->w, BAD_CAST s));
	return ok(xmlTextWriterWriteString(b->w, BAD_CAST s));
}

/* <name>text</name> in the current default namespace. */
static int leaf(struct bw *b, char const *name, char const *s)
{
	int error = start(b, name, NULL);

	if (!error)
		error = text(b, s);
	if (!error)
		error = end(b);
	return error;
}

/*
 * Writes `n` (already sorted). `ctx` is the WV namespace an element with
 * no foreign namespace is in at this place; `scope` the default namespace
 * in force.
 */
static int node(struct bw *b, struct csp_node const *n, char const *ctx, char const *scope,
		int depth)
{
	char const *want = ctx, *inner = ctx;
	int error;

	if (depth > BUILD_MAX_DEPTH || !valid_name(n->name))
		return EINVAL;
	if (is_foreign(n)) {
		if (strlen(n->ns) > CSP_MAX_NSURI || !valid_text(n->ns))
			return EINVAL;
		want = n->ns;
	} else if (is_presence_sublist(n)) {
		want = inner = b->pa;
	}
	if ((error = start(b, n->name, strcmp(want, scope) ? want : NULL)) ||
	    (error = text(b, n->text)))
		return error;
	for (struct csp_node const *c = n->child; c; c = c->next)
		if ((error = node(b, c, inner, want, depth + 1)))
			return error;
	return end(b);
}

/* Writes the tree `n` (or the sibling chain from `n` when `chain`) sorted
 * in the namespace `ctx` with `scope` in force: as it is when it is in
 * canonical order already, else a sorted copy. */
static int tree(struct bw *b, struct csp_node const *n, int chain, char const *ctx,
		char const *scope)
{
	int error = 0;

	for (; n && !error; n = chain ? n->next : NULL) {
		struct csp_node *copy;

		if (in_order(n)) {
			error = node(b, n, ctx, scope, 1);
			continue;
		}
		if (!b->tmp && !(b->tmp = su_home_new(sizeof *b->tmp)))
			return ENOMEM;
		if (!(copy = csp_node_dup(b->tmp, n)))
			return ENOMEM;
		csp_node_sort(copy);
		error = node(b, copy, ctx, scope, 1);
	}
	return error;
}

static int flag(struct bw *b, char const *name, enum csp_bool v)
{
	return v == CSP_ABSENT ? 0 : leaf(b, name, csp_word_text(csp_bools, v));
}

static int transaction(struct bw *b, struct csp_msg const *msg, struct csp_transaction const *t)
{
	char const *csp = csp_ns(msg->version, 'C'), *trc = csp_ns(msg->version, 'T');
	int error;

	if ((error = start(b, "Transaction", NULL)) ||
	    (error = start(b, "TransactionDescriptor", NULL)) ||
	    (error = leaf(b, "TransactionMode", csp_word_text(csp_modes, t->mode))) ||
	    (t->id && (error = leaf(b, "TransactionID", t->id))) ||
	    (error = flag(b, "Poll", descriptor_poll(msg, t))) ||
	    (error = end(b)) ||
	    (error = start(b, "TransactionContent", trc)) ||
	    (error = tree(b, t->content, 0, trc, trc)) ||
	    (error = end(b)) ||
	    (error = tree(b, t->extra, 1, csp, csp)))
		return error;
	return end(b);
}

static int message(struct bw *b, struct csp_msg const *msg)
{
	char const *csp = csp_ns(msg->version, 'C');
	int error;

	if ((error = ok(xmlTextWriterStartDocument(b->w, NULL, "UTF-8", NULL))) ||
	    (error = start(b, "WV-CSP-Message", csp)) ||
	    (error = start(b, "Session", NULL)) ||
	    (error = start(b, "SessionDescriptor", NULL)) ||
	    (error = leaf(b, "SessionType", csp_word_text(csp_session_types, msg->session_type))) ||
	    (msg->session_id && (error = leaf(b, "SessionID", msg->session_id))) ||
	    (error = end(b)))
		return error;
	for (struct csp_transaction const *t = msg->trans; t; t = t->next)
		if ((error = transaction(b, msg, t)))
			return error;
	if ((error = flag(b, "Poll", session_poll(msg))) ||
	    (error = flag(b, "CIR", session_cir(msg))) ||
	    (error = tree(b, msg->extra, 1, csp, csp)) ||
	    (error = end(b)) ||
	    (error = end(b)))
		return error;
	return ok(xmlTextWriterEndDocument(b->w));
}

/* EINVAL when the struct cannot be written. */
static int check(struct csp_msg const *msg)
{
	if (!csp_ns(msg->version, 'C') || !msg->trans ||
	    !csp_word_text(csp_session_types, msg->session_type) ||
	    (msg->poll != CSP_ABSENT && !csp_word_text(csp_bools, msg->poll)) ||
	    (msg->cir != CSP_ABSENT && !csp_word_text(csp_bools, msg->cir)))
		return EINVAL;
	for (struct csp_transaction const *t = msg->trans; t; t = t->next)
		if (!t->content || !csp_word_text(csp_modes, t->mode) ||
		    (t->poll != CSP_ABSENT && !csp_word_text(csp_bools, t->poll)))
			return EINVAL;
	return 0;
}

int csp_build_xml(su_home_t *home, struct csp_msg const *msg, char **outp, size_t *lenp)
{
	struct bw b = {0};
	xmlBufferPtr buf = NULL;
	char *out;
	int error;

	if (!home || !msg || !outp)
		return EINVAL;
	if ((error = check(msg)))
		return error;
	b.pa = csp_ns(msg->version, 'P');
	if (!(buf = xmlBufferCreate()) || !(b.w = xmlNewTextWriterMemory(buf, 0))) {
		error = ENOMEM;
		goto out;
	}
	error = message(&b, msg);
	xmlFreeTextWriter(b.w); /* flushes into buf */
	b.w = NULL;
	if (error)
		goto out;
	out = su_alloc(home, (size_t)xmlBufferLength(buf) + 1);
	if (!out) {
		error = ENOMEM;
		goto out;
	}
	memcpy(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	out[xmlBufferLength(buf)] = '\0';
	*outp = out;
	if (lenp)
		*lenp = (size_t)xmlBufferLength(buf);
out:
	if (b.w)
		xmlFreeTextWriter(b.w);
	if (buf)
		xmlBufferFree(buf);
	if (b.tmp)
		su_home_unref(b.tmp);
	return error;
}
