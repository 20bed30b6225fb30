/* imps/impsc_print.c: impsc's readable output: one greppable line per event or answer item. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sofia-sip/base64.h>

#include "imps/impsc.h"

void impsc_put_quoted(FILE *f, char const *s)
{
	fputc('"', f);
	for (unsigned char const *p = (unsigned char const *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* A value that can be written without quotes. */
static int is_bare(char const *s)
{
	if (!*s)
		return 0;
	for (unsigned char const *p = (unsigned char const *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\\' || *p == '=')
			return 0;
	return 1;
}

void impsc_put_text(FILE *f, char const *s)
{
	if (!s || !*s)
		return;
	fputc(' ', f);
	for (unsigned char const *p = (unsigned char const *)s; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, f);
}

void impsc_put_kv(FILE *f, char const *key, char const *value, int force)
{
	fprintf(f, " %s=", key);
	if (!value)
		fputc('-', f);
	else if (!force && is_bare(value))
		fputs(value, f);
	else
		impsc_put_quoted(f, value);
}

/* A WV element (not a vendor extension). */
static int wv(struct csp_node const *n)
{
	return n && !n->ns;
}

static int is_id_element(char const *name)
{
	static char const *const names[] = {"UserID", "GroupID", "ContactList", NULL};

	for (size_t i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

static struct csp_node const *first_id(struct csp_node const *n)
{
	for (struct csp_node const *c = n ? n->child : NULL; c; c = c->next) {
		struct csp_node const *hit;

		if (!wv(c))
			continue;
		if (is_id_element(c->name) && c->text)
			return c;
		if ((hit = first_id(c)))
			return hit;
	}
	return NULL;
}

char const *impsc_first_id(struct csp_node const *n)
{
	struct csp_node const *id = first_id(n);

	return id ? id->text : NULL;
}

/* Writes every ID below n, comma-separated; a ScreenName is GROUPID#SNAME.
 * Returns how many. */
static int put_ids_rec(FILE *f, struct csp_node const *n, int count)
{
	for (struct csp_node const *c = n ? n->child : NULL; c; c = c->next) {
		if (!wv(c))
			continue;
		if (!strcmp(c->name, "ScreenName")) {
			char const *g = csp_node_text(c, "GroupID"), *s = csp_node_text(c, "SName");

			fprintf(f, "%s%s#%s", count++ ? "," : "", g ? g : "", s ? s : "");
		} else if (is_id_element(c->name) && c->text) {
			fprintf(f, "%s%s", count++ ? "," : "", c->text);
		} else {
			count = put_ids_rec(f, c, count);
		}
	}
	return count;
}

/* " key=ID,ID" ("-" when there is none; quoted when a screen name has blanks). */
static void put_ids(FILE *f, char const *key, struct csp_node const *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int count = 0;

	if (m) {
		count = put_ids_rec(m, n, 0);
		fclose(m);
	}
	impsc_put_kv(f, key, count ? buf : NULL, 0);
	free(buf);
}

/* "Child:text,Child:text" of the leaf children of an attribute (Qualifier
 * left out), for the structured attributes impsc has no key for; the whole
 * value is quoted when it has blanks. PreferredContacts: PrefC:Caddr pairs. */
static void put_struct(FILE *f, char const *key, struct csp_node const *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int n = 0;

	if (!m) {
		impsc_put_kv(f, key, NULL, 0);
		return;
	}
	if (!strcmp(a->name, "PreferredContacts")) {
		for (struct csp_node const *p = csp_node_find(a, "AddrPref"); p;
		     p = csp_node_next_named(p)) {
			char const *pc = csp_node_text(p, "PrefC"), *ad = csp_node_text(p, "Caddr");

			fprintf(m, "%s%s:%s", n++ ? "," : "", pc ? pc : "-", ad ? ad : "-");
		}
	}
	for (struct csp_node const *c = n ? NULL : a->child; c; c = c->next) {
		if (!wv(c) || !strcmp(c->name, "Qualifier") || c->child || !c->text)
			continue;
		fprintf(m, "%s%s:%s", n++ ? "," : "", c->name, c->text);
	}
	fclose(m);
	impsc_put_kv(f, key, n ? buf : NULL, 0);
	free(buf);
}

static void put_client_info(FILE *f, struct csp_node const *a)
{
	struct impsc_attr_key const *t = impsc_attr_table();
	int n = 0;

	for (size_t i = 0; t[i].key; i++) {
		char const *v;

		if (t[i].kind != IMPSC_PV_CLIENT || !(v = csp_node_text(a, t[i].child)))
			continue;
		impsc_put_kv(f, t[i].key, v, 0);
		n++;
	}
	if (!n)
		impsc_put_kv(f, "client-info", NULL, 0);
}

static void put_comm_cap(FILE *f, char const *key, struct csp_node const *a)
{
	int n = 0;

	fprintf(f, " %s=", key);
	for (struct csp_node const *c = csp_node_find(a, "CommC"); c; c = csp_node_next_named(c)) {
		char const *cap = csp_node_text(c, "Cap"), *st = csp_node_text(c, "Status");

		fprintf(f, "%s%s:%s", n++ ? "," : "", cap ? cap : "-", st ? st : "-");
	}
	if (!n)
		fputc('-', f);
}

void impsc_put_presence_attrs(FILE *f, struct csp_node const *psl)
{
	for (struct csp_node const *a = psl ? psl->child : NULL; a; a = a->next) {
		struct impsc_attr_key const *row;
		char const *key, *value;

		if (!wv(a))
			continue;
		row = impsc_attr_lookup(a->name);
		if (row && strcmp(row->element, a->name))
			row = NULL; /* a short key used as an element name */
		key = row ? row->key : a->name;
		value = csp_node_text(a, "PresenceValue");
		if (!strcmp(a->name, "ClientInfo"))
			put_client_info(f, a);
		else if (!strcmp(a->name, "CommCap"))
			put_comm_cap(f, key, a);
		else if (value || !a->child || (row && row->kind >= IMPSC_PV_BOOL &&
						row->kind <= IMPSC_PV_TEXT))
			impsc_put_kv(f, key, value, row && row->kind == IMPSC_PV_TEXT);
		else
			put_struct(f, key, a);
	}
}

void impsc_put_attr_names(FILE *f, struct csp_node const *psl)
{
	int n = 0;

	for (struct csp_node const *a = psl ? psl->child : NULL; a; a = a->next) {
		char const *key;

		if (!wv(a))
			continue;
		key = impsc_attr_key_of(a->name);
		fprintf(f, "%s%s", n++ ? "," : "", key ? key : a->name);
	}
	if (!n)
		fputc('-', f);
}

int impsc_print_presences(FILE *f, struct csp_node const *parent)
{
	int n = 0;

	for (struct csp_node const *p = csp_node_find(parent, "Presence"); p;
	     p = csp_node_next_named(p)) {
		char const *who = csp_node_text(p, "UserID");

		if (!who)
			who = csp_node_text(p, "ContactList");
		fprintf(f, "PRESENCE %s", who ? who : "-");
		for (struct csp_node const *psl = csp_node_find(p, "PresenceSubList"); psl;
		     psl = csp_node_next_named(psl))
			impsc_put_presence_attrs(f, psl);
		fputc('\n', f);
		n++;
	}
	return n;
}

int impsc_result(struct csp_node const *prim, long *code, char const **desc)
{
	struct csp_node const *r;
	char const *text;
	char *end;
	long v;

	if (!prim)
		return ENOENT;
	r = strcmp(prim->name, "Result") ? csp_node_find(prim, "Result") : prim;
	if (!r || !(text = csp_node_text(r, "Code")))
		return ENOENT;
	v = strtol(text, &end, 10);
	if (end == text || *end || v < 0 || v > 9999)
		return ENOENT;
	*code = v;
	*desc = csp_node_text(r, "Description");
	return 0;
}

void impsc_print_details(FILE *f, struct csp_node const *prim)
{
	struct csp_node const *r = csp_node_find(prim, "Result");

	for (struct csp_node const *d = csp_node_find(r, "DetailedResult"); d;
	     d = csp_node_next_named(d)) {
		char const *code = csp_node_text(d, "Code");

		fprintf(f, "DETAIL %s", code ? code : "-");
		put_ids(f, "ids", d);
		impsc_put_kv(f, "description", csp_node_text(d, "Description"), 1);
		fputc('\n', f);
	}
}

/* The message text: ContentData, decoded when ContentEncoding is BASE64. */
static char const *message_text(su_home_t *home, struct csp_node const *prim,
				struct csp_node const *info)
{
	char const *data = csp_node_text(prim, "ContentData");
	char const *enc = csp_node_text(info, "ContentEncoding");
	size_t len;
	char *buf;

	if (!data || !enc || strcasecmp(enc, "BASE64"))
		return data;
	len = strlen(data);
	if (!(buf = su_alloc(home, len / 4 * 3 + 4)))
		return data;
	len = (size_t)base64_d(buf, (isize_t)(len / 4 * 3 + 4), data);
	if (len > strlen(data) / 4 * 3 + 3)
		return data;
	buf[len] = '\0';
	return buf;
}

static void put_message_info(FILE *f, struct csp_node const *info)
{
	put_ids(f, "from", csp_node_find(info, "Sender"));
	put_ids(f, "to", csp_node_find(info, "Recipient"));
	impsc_put_kv(f, "id", csp_node_text(info, "MessageID"), 0);
	impsc_put_kv(f, "type", csp_node_text(info, "ContentType"), 0);
}

int impsc_print_server_request(FILE *f, su_home_t *home, char const *tid,
			       struct csp_node const *prim)
{
	char const *name = prim->name;
	struct csp_node const *info = csp_node_find(prim, "MessageInfo");
	long code;
	char const *desc;

	if (!strcmp(name, "NewMessage")) {
		fputs("MESSAGE", f);
		put_message_info(f, info);
		impsc_put_kv(f, "text", message_text(home, prim, info), 1);
	} else if (!strcmp(name, "MessageNotification")) {
		fputs("MESSAGE-NOTIFICATION", f);
		put_message_info(f, info);
		impsc_put_kv(f, "size", csp_node_text(info, "ContentSize"), 0);
	} else if (!strcmp(name, "PresenceNotification-Request")) {
		return impsc_print_presences(f, prim);
	} else if (!strcmp(name, "PresenceAuth-Request")) {
		fputs("AUTH-REQUEST", f);
		impsc_put_kv(f, "from", csp_node_text(prim, "UserID"), 0);
		fputs(" attrs=", f);
		impsc_put_attr_names(f, csp_node_find(prim, "PresenceSubList"));
	} else if (!strcmp(name, "DeliveryReport-Request")) {
		fputs("DELIVERY-REPORT", f);
		impsc_put_kv(f, "id", csp_node_text(info, "MessageID"), 0);
		put_ids(f, "to", csp_node_find(info, "Recipient"));
		if (impsc_result(prim, &code, &desc))
			fputs(" code=-", f);
		else
			fprintf(f, " code=%ld", code);
		impsc_put_kv(f, "description", impsc_result(prim, &code, &desc) ? NULL : desc, 1);
	} else if (!strcmp(name, "Disconnect")) {
		if (impsc_result(prim, &code, &desc))
			fputs("DISCONNECT -", f);
		else {
			fprintf(f, "DISCONNECT %ld", code);
			impsc_put_text(f, desc);
		}
	} else {
		fprintf(f, "REQUEST %s", name);
		impsc_put_kv(f, "id", tid, 0);
	}
	fputc('\n', f);
	return 1;
}
