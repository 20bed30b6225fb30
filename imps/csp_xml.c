/* imps/csp_xml.c: WV-CSP XML parser (expat, namespace mode): bytes -> struct csp_msg. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "imps/csp.h"
#include "imps/csp_order.h"

/*
 * How the parser reads a message:
 * - The DOCTYPE is removed before expat sees the bytes (it is replaced by as
 *   many newlines as it spanned, so line numbers stay right). This is what
 *   lets a malformed DOCTYPE (no PUBLIC keyword, as Baraza sends) through.
 *   A DOCTYPE with an internal subset is refused without reading it.
 *   When the prolog is not ASCII-compatible (UTF-16), the DOCTYPE reaches
 *   expat, whose handlers refuse an internal subset, entity declarations
 *   and references to undeclared entities. No external entity handler is
 *   installed and parameter entities are never parsed: nothing is fetched.
 * - Elements are matched by namespace URI and local name (expat splits them
 *   with NS_SEP), never by prefix. Every WV namespace of every version, and
 *   no namespace, count as "WV" (csp_node.ns NULL).
 * - The envelope is checked as each envelope element ends, so errors carry
 *   the line of that end tag. Attributes other than xmlns are ignored.
 *   Unknown children of the root, SessionDescriptor and TransactionDescriptor
 *   are dropped (struct csp_msg has no place for them); unknown children of
 *   Session and Transaction go to `extra`.
 */

#define NS_SEP '\x01' /* not an XML character: cannot occur in a URI or a name */

/* Byte length of the newline chunk fed in place of a DOCTYPE. */
#define NL_CHUNK 64

/*
 * Nodes and strings of the tree are carved out of blocks of ARENA_BLOCK
 * bytes allocated in the clone home: one su_alloc per block instead of two
 * or three per element. A string longer than ARENA_BIG gets its own
 * allocation, so that a block is never mostly wasted.
 */
#define ARENA_BLOCK 4096
#define ARENA_BIG (ARENA_BLOCK / 4)

/* Longest URI that can be a WV namespace (the longest is 49 bytes). */
#define WV_URI_MAX 127

struct px {
	XML_Parser xp;
	su_home_t *home; /* a clone of the caller's: the whole tree and message */
	enum csp_version hint;
	struct csp_msg *msg;
	struct csp_transaction **tail; /* where the next transaction goes */
	struct csp_node *root;
	struct csp_node *cur; /* innermost open element */
	int depth;
	int sessions;
	size_t elements;
	size_t transactions;
	/* Text of the open elements, one after the other: an element's text
	 * starts at mark[depth]; a child's text is cut off when it ends. */
	char *text;
	size_t tlen, tcap;
	size_t mark[CSP_MAX_DEPTH + 1];
	/* Characters of an element's text are counted only once its bytes
	 * exceed CSP_MAX_STRING: chars[d] counts those of text[mark[d]] up to
	 * text[counted[d]]. */
	size_t chars[CSP_MAX_DEPTH + 1];
	size_t counted[CSP_MAX_DEPTH + 1];
	char *free;  /* unused rest of the current arena block */
	size_t left; /* its size */
	/* The last namespace URI seen and what it is: elements of a message
	 * are mostly in one or two namespaces. */
	char last_uri[WV_URI_MAX + 1];
	size_t last_urilen; /* > WV_URI_MAX when nothing is cached */
	int last_wv;
	char const *last_foreign; /* copy in the home of the last foreign URI */
	size_t last_foreign_len;
	int error; /* errno of the first failure, 0 while all is well */
	int line;
	char reason[sizeof ((struct csp_error *)0)->reason];
};

/* Records the first failure and stops expat. */
static void fail(struct px *p, int error, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct px *p, int error, char const *fmt, ...)
{
	va_list ap;

	if (p->error)
		return;
	p->error = error;
	p->line = p->xp ? (int)XML_GetCurrentLineNumber(p->xp) : 0;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
	if (p->xp)
		XML_StopParser(p->xp, XML_FALSE);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Splits an expat name "URI<NS_SEP>local" (or "local"). */
static char const *split_name(char const *name, char const **urip, size_t *urilen)
{
	char const *sep = strchr(name, NS_SEP);

	if (!sep) {
		*urip = NULL;
		*urilen = 0;
		return name;
	}
	*urip = name;
	*urilen = (size_t)(sep - name);
	return sep + 1;
}

/* Version of a namespace URI given with its length (not NUL-terminated). */
static enum csp_version uri_version(char const *uri, size_t len, char *tmp, size_t tmpsize)
{
	if (!uri || len >= tmpsize)
		return CSP_V_UNKNOWN;
	memcpy(tmp, uri, len);
	tmp[len] = '\0';
	return csp_ns_version(tmp);
}

/* True for no namespace or a WV namespace of any version. */
static int wv_uri(struct px *p, char const *uri, size_t len)
{
	char tmp[WV_URI_MAX + 1];

	if (!uri)
		return 1;
	if (len > WV_URI_MAX)
		return 0;
	if (len == p->last_urilen && !memcmp(uri, p->last_uri, len))
		return p->last_wv;
	p->last_wv = uri_version(uri, len, tmp, sizeof tmp) != CSP_V_UNKNOWN;
	memcpy(p->last_uri, uri, len);
	p->last_urilen = len;
	return p->last_wv;
}

/* `size` bytes aligned for any node, from the arena (see ARENA_BLOCK). */
static void *carve(struct px *p, size_t size, size_t align)
{
	size_t pad = (size_t)(-(uintptr_t)p->free & (align - 1));
	char *r;

	if (!p->free || pad + size > p->left) {
		if (size > ARENA_BIG)
			return su_alloc(p->home, (isize_t)size);
		if (!(p->free = su_alloc(p->home, ARENA_BLOCK))) {
			p->left = 0;
			return NULL;
		}
		p->left = ARENA_BLOCK;
		pad = 0; /* su_alloc memory is aligned for anything */
	}
	r = p->free + pad;
	p->free = r + size;
	p->left -= pad + size;
	return r;
}

/* A NUL-terminated copy of s[0..len) in the arena. */
static char *carve_str(struct px *p, char const *s, size_t len)
{
	char *d = carve(p, len + 1, 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

/* A zeroed node in the arena. */
static struct csp_node *carve_node(struct px *p)
{
	struct csp_node *n = carve(p, sizeof *n, _Alignof(struct csp_node));

	if (n)
		memset(n, 0, sizeof *n);
	return n;
}

/* The foreign URI uri[0..len) as a string of the home (shared by the
 * elements of one namespace). */
static char const *foreign_ns(struct px *p, char const *uri, size_t len)
{
	if (p->last_foreign && len == p->last_foreign_len && !memcmp(uri, p->last_foreign, len))
		return p->last_foreign;
	if (!(p->last_foreign = carve_str(p, uri, len)))
		return NULL;
	p->last_foreign_len = len;
	return p->last_foreign;
}

static int is_wv(struct csp_node const *n, char const *name)
{
	return n && !n->ns && !strcmp(n->name, name);
}

static void check_root(struct px *p, char const *local, char const *uri, size_t urilen)
{
	char tmp[128];
	enum csp_version v = uri_version(uri, urilen, tmp, sizeof tmp);

	if (uri && v == CSP_V_UNKNOWN) {
		fail(p, EBADMSG, "root element is not in a WV-CSP namespace");
		return;
	}
	if (strcmp(local, "WV-CSP-Message")) {
		fail(p, EBADMSG, "root element is %.60s, not WV-CSP-Message", local);
		return;
	}
	if (v == CSP_V_UNKNOWN)
		v = p->hint;
	if (v == CSP_V_UNKNOWN) {
		fail(p, EBADMSG, "no WV-CSP namespace");
		return;
	}
	p->msg->version = v;
}

static void XMLCALL on_start(void *data, XML_Char const *name, XML_Char const **atts)
{
	struct px *p = data;
	char const *uri;
	size_t urilen;
	char const *local = split_name(name, &uri, &urilen);
	struct csp_node *n, *parent = p->cur;
	int wv;

	(void)atts;
	if (p->error)
		return;
	if (++p->elements > CSP_MAX_ELEMENTS) {
		fail(p, E2BIG, "more than %d elements", CSP_MAX_ELEMENTS);
		return;
	}
	if (p->depth + 1 > CSP_MAX_DEPTH) {
		fail(p, E2BIG, "nesting deeper than %d", CSP_MAX_DEPTH);
		return;
	}
	if (urilen > CSP_MAX_NSURI) {
		fail(p, E2BIG, "namespace URI longer than %d", CSP_MAX_NSURI);
		return;
	}
	if (p->depth == 0) {
		check_root(p, local, uri, urilen);
		if (p->error)
			return;
	}
	wv = wv_uri(p, uri, urilen);
	/* Fail early on what would only grow: a second Session, too many
	 * transactions, a second primitive. */
	if (p->depth == 1 && wv && !strcmp(local, "Session") &&
	    ++p->sessions > 1) {
		fail(p, EBADMSG, "more than one Session element");
		return;
	}
	if (p->depth == 2 && is_wv(parent, "Session") && wv &&
	    !strcmp(local, "Transaction") && ++p->transactions > CSP_MAX_TRANSACTIONS) {
		fail(p, E2BIG, "more than %d transactions", CSP_MAX_TRANSACTIONS);
		return;
	}
	if (p->depth == 4 && is_wv(parent, "TransactionContent") &&
	    is_wv(parent->parent, "Transaction") && parent->child) {
		fail(p, EBADMSG, "more than one primitive in TransactionContent");
		return;
	}

	n = carve_node(p);
	if (!n || !(n->name = carve_str(p, local, strlen(local)))) {
		fail(p, ENOMEM, "out of memory");
		return;
	}
	if (!wv && !(n->ns = foreign_ns(p, uri, urilen))) {
		fail(p, ENOMEM, "out of memory");
		return;
	}
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->child = n;
		parent->last = n;
	} else {
		p->root = n;
	}
	p->cur = n;
	p->depth++;
	p->mark[p->depth] = p->counted[p->depth] = p->tlen;
	p->chars[p->depth] = 0;
}

static void XMLCALL on_text(void *data, XML_Char const *s, int len)
{
	struct px *p = data;
	size_t need;

	if (p->error || p->depth == 0 || len <= 0)
		return;
	need = p->tlen + (size_t)len;
	if (need > p->tcap) {
		size_t cap = p->tcap ? p->tcap : 1024;
		char *t;

		while (cap < need)
			cap *= 2;
		t = realloc(p->text, cap);
		if (!t) {
			fail(p, ENOMEM, "out of memory");
			return;
		}
		p->text = t;
		p->tcap = cap;
	}
	memcpy(p->text + p->tlen, s, (size_t)len);
	p->tlen = need;
	/* Characters are never more than bytes: count them only past the limit. */
	if (p->tlen - p->mark[p->depth] > CSP_MAX_STRING) {
		for (size_t i = p->counted[p->depth]; i < p->tlen; i++)
			if (((unsigned char)p->text[i] & 0xc0) != 0x80)
				p->chars[p->depth]++;
		p->counted[p->depth] = p->tlen;
		if (p->chars[p->depth] > CSP_MAX_STRING)
			fail(p, E2BIG, "text longer than %d characters", CSP_MAX_STRING);
	}
}

/* --- envelope --- */

/* The only WV child `name` of `n`: 0 and *cp = NULL when there is none. */
static int only_child(struct px *p, struct csp_node const *n, char const *name,
		      struct csp_node **cp)
{
	struct csp_node *c = csp_node_find(n, name);

	if (c && csp_node_next_named(c)) {
		fail(p, EBADMSG, "more than one %s in %s", name, n->name);
		return -1;
	}
	*cp = c;
	return 0;
}

/* Reads a T/F flag child; *flagp stays as it is when the child is absent. */
static int flag_child(struct px *p, struct csp_node const *n, char const *name,
		      enum csp_bool *flagp)
{
	struct csp_node *c;

	if (only_child(p, n, name, &c))
		return -1;
	if (!c)
		return 0;
	*flagp = csp_word_value(csp_bools, c->text);
	if (*flagp == CSP_ABSENT) {
		fail(p, EBADMSG, "%s is '%.40s', not T or F", name, c->text ? c->text : "");
		return -1;
	}
	return 0;
}

/* Text of an optional string child: NULL when absent, "" when empty. */
static int string_child(struct px *p, struct csp_node const *n, char const *name,
			char const **sp)
{
	struct csp_node *c;

	if (only_child(p, n, name, &c))
		return -1;
	*sp = !c ? NULL : c->text ? c->text : "";
	return 0;
}

static void end_session_descriptor(struct px *p, struct csp_node *n)
{
	struct csp_node *type;

	if (p->msg->session_type != CSP_SESSION_NONE) {
		fail(p, EBADMSG, "more than one SessionDescriptor");
		return;
	}
	if (only_child(p, n, "SessionType", &type))
		return;
	if (!type) {
		fail(p, EBADMSG, "no SessionType");
		return;
	}
	p->msg->session_type = csp_word_value(csp_session_types, type->text);
	if (p->msg->session_type == CSP_SESSION_NONE) {
		fail(p, EBADMSG, "SessionType is '%.40s'", type->text ? type->text : "");
		return;
	}
	string_child(p, n, "SessionID", &p->msg->session_id);
}

static void detach(struct csp_node *n)
{
	n->parent = NULL;
	n->next = NULL;
}

static void end_transaction(struct px *p, struct csp_node *n)
{
	struct csp_transaction *t = su_zalloc(p->home, sizeof *t);
	struct csp_node *desc, *content, *mode, **xtail, *c, *next;

	if (!t) {
		fail(p, ENOMEM, "out of memory");
		return;
	}
	t->poll = CSP_ABSENT;
	if (only_child(p, n, "TransactionDescriptor", &desc) ||
	    only_child(p, n, "TransactionContent", &content))
		return;
	if (!desc) {
		fail(p, EBADMSG, "no TransactionDescriptor");
		return;
	}
	if (!content) {
		fail(p, EBADMSG, "no TransactionContent");
		return;
	}
	if (!content->child) {
		fail(p, EBADMSG, "empty TransactionContent");
		return;
	}
	if (only_child(p, desc, "TransactionMode", &mode))
		return;
	if (!mode) {
		fail(p, EBADMSG, "no TransactionMode");
		return;
	}
	t->mode = csp_word_value(csp_modes, mode->text);
	if (t->mode == CSP_MODE_NONE) {
		fail(p, EBADMSG, "TransactionMode is '%.40s'", mode->text ? mode->text : "");
		return;
	}
	if (string_child(p, desc, "TransactionID", &t->id) ||
	    flag_child(p, desc, "Poll", &t->poll))
		return;
	t->content = content->child;
	detach(t->content);
	xtail = &t->extra;
	for (c = n->child; c; c = next) {
		next = c->next;
		if (c == desc || c == content)
			continue;
		detach(c);
		*xtail = c;
		xtail = &c->next;
	}
	*p->tail = t;
	p->tail = &t->next;
}

static void end_session(struct px *p, struct csp_node *n)
{
	struct csp_node *c, *next, **xtail = &p->msg->extra;

	if (p->msg->session_type == CSP_SESSION_NONE) {
		fail(p, EBADMSG, "no SessionDescriptor");
		return;
	}
	if (!p->msg->trans) {
		fail(p, EBADMSG, "no Transaction element");
		return;
	}
	if (flag_child(p, n, "Poll", &p->msg->poll) || flag_child(p, n, "CIR", &p->msg->cir))
		return;
	for (c = n->child; c; c = next) {
		next = c->next;
		if (is_wv(c, "SessionDescriptor") || is_wv(c, "Transaction") ||
		    is_wv(c, "Poll") || is_wv(c, "CIR"))
			continue;
		detach(c);
		*xtail = c;
		xtail = &c->next;
	}
}

/* Called when `n` (already complete) ends at `depth` (1 = root). */
static void end_envelope(struct px *p, struct csp_node *n, int depth)
{
	if (n->ns)
		return;
	switch (depth) {
	case 1:
		if (!p->sessions)
			fail(p, EBADMSG, "no Session element");
		break;
	case 2:
		if (!strcmp(n->name, "Session"))
			end_session(p, n);
		break;
	case 3:
		if (!is_wv(n->parent, "Session"))
			break;
		if (!strcmp(n->name, "SessionDescriptor"))
			end_session_descriptor(p, n);
		else if (!strcmp(n->name, "Transaction"))
			end_transaction(p, n);
		break;
	default:
		break;
	}
}

static void XMLCALL on_end(void *data, XML_Char const *name)
{
	struct px *p = data;
	struct csp_node *n = p->cur;
	size_t start, end;

	(void)name;
	if (p->error || !n)
		return;
	start = p->mark[p->depth];
	end = p->tlen;
	while (start < end && is_ws(p->text[start]))
		start++;
	while (end > start && is_ws(p->text[end - 1]))
		end--;
	if (end > start && !(n->text = carve_str(p, p->text + start, end - start))) {
		fail(p, ENOMEM, "out of memory");
		return;
	}
	p->tlen = p->mark[p->depth];
	if (p->depth <= 3)
		end_envelope(p, n, p->depth);
	p->cur = n->parent;
	p->depth--;
}

static void XMLCALL on_doctype(void *data, XML_Char const *name, XML_Char const *sysid,
			       XML_Char const *pubid, int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid;
	if (has_internal_subset)
		fail(data, EBADMSG, "DOCTYPE with an internal subset refused");
}

static void XMLCALL on_entity_decl(void *data, XML_Char const *name, int is_param,
				   XML_Char const *value, int value_length,
				   XML_Char const *base, XML_Char const *sysid,
				   XML_Char const *pubid, XML_Char const *notation)
{
	(void)is_param, (void)value, (void)value_length, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	fail(data, EBADMSG, "entity declaration refused (%.40s)", name);
}

static void XMLCALL on_skipped_entity(void *data, XML_Char const *name, int is_param)
{
	(void)is_param;
	fail(data, EBADMSG, "entity reference refused (&%.40s;)", name);
}

/* --- DOCTYPE removal --- */

static int starts(char const *s, size_t len, size_t at, char const *lit)
{
	size_t n = strlen(lit);
	return at <= len && len - at >= n && !memcmp(s + at, lit, n);
}

static size_t find(char const *s, size_t len, size_t from, char const *lit)
{
	for (size_t i = from; i < len; i++)
		if (starts(s, len, i, lit))
			return i;
	return len;
}

static int line_at(char const *s, size_t at)
{
	int line = 1;
	for (size_t i = 0; i < at; i++)
		line += s[i] == '\n';
	return line;
}

/*
 * Finds the DOCTYPE of an ASCII-compatible document: [*startp, *endp) is
 * its extent (equal when there is none). A second DOCTYPE is refused. The scan stops at the first thing
 * of the prolog that is neither white space, a comment, a processing
 * instruction nor the DOCTYPE, and leaves anything odd to expat.
 * Returns EBADMSG (with p->reason) for an internal subset or no end.
 */
static int find_doctype(struct px *p, char const *s, size_t len, size_t *startp, size_t *endp)
{
	size_t i = 0;

	*startp = *endp = 0;
	if (starts(s, len, 0, "\xef\xbb\xbf"))
		i = 3;
	for (;;) {
		while (i < len && is_ws(s[i]))
			i++;
		if (starts(s, len, i, "<?")) {
			i = find(s, len, i + 2, "?>") + 2;
		} else if (starts(s, len, i, "<!--")) {
			i = find(s, len, i + 4, "-->") + 3;
		} else if (starts(s, len, i, "<!DOCTYPE")) {
			char quote = 0;
			size_t end = 0;

			for (size_t j = i + 9; j < len; j++) {
				char c = s[j];
				if (quote) {
					if (c == quote)
						quote = 0;
				} else if (c == '"' || c == '\'') {
					quote = c;
				} else if (c == '[') {
					fail(p, EBADMSG, "DOCTYPE with an internal subset refused");
					p->line = line_at(s, j);
					return EBADMSG;
				} else if (c == '>') {
					end = j + 1;
					break;
				}
			}
			if (!end) {
				fail(p, EBADMSG, "unterminated DOCTYPE");
				p->line = line_at(s, i);
				return EBADMSG;
			}
			if (*endp) {
				fail(p, EBADMSG, "more than one DOCTYPE");
				p->line = line_at(s, i);
				return EBADMSG;
			}
			*startp = i;
			*endp = i = end;
			continue;
		} else {
			return 0;
		}
		if (i > len)
			return 0;
	}
}

/* Feeds one chunk; 0 or the errno of the failure. */
static int feed(struct px *p, char const *s, size_t len, int final)
{
	if (XML_Parse(p->xp, s, (int)len, final) != XML_STATUS_ERROR)
		return p->error;
	if (p->error)
		return p->error;
	enum XML_Error code = XML_GetErrorCode(p->xp);
	char const *what = XML_ErrorString(code);

	p->error = code == XML_ERROR_NO_MEMORY ? ENOMEM : EBADMSG;
	p->line = (int)XML_GetCurrentLineNumber(p->xp);
	if (!what)
		what = "unknown error";
	/* Expat says "not well-formed (invalid token)", "mismatched tag", ... */
	if (p->error == ENOMEM || !strncmp(what, "not well-formed", 15))
		snprintf(p->reason, sizeof p->reason, "%s", what);
	else
		snprintf(p->reason, sizeof p->reason, "not well-formed (%s)", what);
	return p->error;
}

static int parse_all(struct px *p, char const *s, size_t len)
{
	char nl[NL_CHUNK];
	size_t start, end, lines = 0;
	int error;

	memset(nl, '\n', sizeof nl);
	if ((error = find_doctype(p, s, len, &start, &end)))
		return error;
	for (size_t i = start; i < end; i++)
		lines += s[i] == '\n';
	if (start == end)
		return feed(p, s, len, 1);
	if ((error = feed(p, s, start, 0)))
		return error;
	while (lines) {
		size_t n = lines < NL_CHUNK ? lines : NL_CHUNK;
		if ((error = feed(p, nl, n, 0)))
			return error;
		lines -= n;
	}
	return feed(p, s + end, len - end, 1);
}

int csp_parse_xml_hint(su_home_t *home, void const *buf, size_t len, enum csp_version hint,
		       struct csp_msg **msgp, struct csp_error *err)
{
	struct px p = {0};
	int error;

	if (!home || (!buf && len) || !msgp)
		return EINVAL;
	p.hint = csp_ns(hint, 'C') ? hint : CSP_V_UNKNOWN;
	p.last_urilen = WV_URI_MAX + 1;
	if (len > CSP_MAX_BODY) {
		fail(&p, E2BIG, "body of %zu bytes exceeds %d", len, CSP_MAX_BODY);
		error = E2BIG;
		goto out;
	}
	if (len == 0) {
		fail(&p, EBADMSG, "empty body");
		error = EBADMSG;
		goto out;
	}
	/* A clone of the caller's home: freed with it on success, by us on
	 * failure. (Not su_home_new + su_home_move: sofia-sip 1.12/1.13 loses
	 * the destination home itself when the move has to grow its table.) */
	p.home = su_home_clone(home, sizeof *p.home);
	p.msg = p.home ? su_zalloc(p.home, sizeof *p.msg) : NULL;
	p.xp = p.msg ? XML_ParserCreateNS(NULL, NS_SEP) : NULL;
	if (!p.xp) {
		fail(&p, ENOMEM, "out of memory");
		error = ENOMEM;
		goto out;
	}
	p.msg->poll = p.msg->cir = CSP_ABSENT;
	p.tail = &p.msg->trans;
	XML_SetUserData(p.xp, &p);
	XML_SetElementHandler(p.xp, on_start, on_end);
	XML_SetCharacterDataHandler(p.xp, on_text);
	XML_SetStartDoctypeDeclHandler(p.xp, on_doctype);
	XML_SetEntityDeclHandler(p.xp, on_entity_decl);
	XML_SetSkippedEntityHandler(p.xp, on_skipped_entity);
	XML_SetParamEntityParsing(p.xp, XML_PARAM_ENTITY_PARSING_NEVER);

	error = parse_all(&p, buf, len);
	if (!error && p.depth != 0)
		fail(&p, EBADMSG, "incomplete document"), error = EBADMSG;
	if (!error)
		*msgp = p.msg;
out:
	if (p.xp)
		XML_ParserFree(p.xp);
	free(p.text);
	if (error && p.home)
		su_home_unref(p.home);
	if (error && err) {
		err->line = p.line;
		snprintf(err->reason, sizeof err->reason, "%s", p.reason);
	}
	return error;
}

int csp_parse_xml(su_home_t *home, void const *buf, size_t len, struct csp_msg **msgp,
		  struct csp_error *err)
{
	return csp_parse_xml_hint(home, buf, len, CSP_V_UNKNOWN, msgp, err);
}
