/* imps/impsc_cmd.c: impsc's commands: build each request, check and print its answer. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "imps/impsc.h"

#define ADD(home, parent, name) csp_node_add(home, parent, name)
#define ADDT(home, parent, name, text) csp_node_add_text(home, parent, name, text)

/* A usage error inside a command: ERROR line, status 1. */
static int usage(struct impsc *c, char const *what)
{
	struct impsc_cmd const *cmd = impsc_cmd_find(c->cmd);

	impsc_error(c, IMPSC_USAGE, 0, "usage: %s%s%s", what ? what : "bad argument",
		    cmd ? "; expected: " : "",
		    cmd ? cmd->usage : "");
	return EINVAL;
}

/* Starts a request `name` in a new home. */
static int begin(struct impsc *c, char const *name, su_home_t **homep, struct csp_msg **mp,
		 struct csp_node **pp)
{
	su_home_t *home = su_home_new(sizeof *home);
	int err;

	if (!home)
		return ENOMEM;
	if ((err = impsc_request(c, home, name, NULL, mp, pp))) {
		su_home_unref(home);
		return err;
	}
	*homep = home;
	return 0;
}

/* Sends it and checks the answer; *ansp is the answer when the Result is
 * 2xx. Returns 0 (2xx), EPROTO (other result or wrong answer), or the
 * transport errno. The home stays the caller's. */
static int finish(struct impsc *c, su_home_t *home, struct csp_msg *m, char const *expect,
		  struct csp_node **ansp)
{
	struct csp_node *ans;
	long code;
	int err = impsc_transact(c, home, m, &ans);

	if (err)
		return err;
	code = impsc_check(c, m->trans->content->name, expect, ans);
	if (code < 200 || code > 299)
		return EPROTO;
	if (ansp)
		*ansp = ans;
	return 0;
}

/* Simple request/answer: begin, fill, finish, free. */
static int done(struct impsc *c, su_home_t *home, struct csp_msg *m, char const *expect)
{
	int err = finish(c, home, m, expect, NULL);

	su_home_unref(home);
	return err;
}

static char const *uid(struct impsc *c, su_home_t *home, char const *word)
{
	return impsc_user_id(home, c->user, word);
}

/* User(UserID) or ContactList for a word (see impsc_is_list). */
static int add_target(struct impsc *c, su_home_t *home, struct csp_node *p, char const *word)
{
	char const *name;
	struct csp_node *u;

	if (impsc_is_list(word, &name))
		return ADDT(home, p, "ContactList", impsc_list_id(home, c->user, name)) ? 0 : ENOMEM;
	if (!(u = ADD(home, p, "User")))
		return ENOMEM;
	return ADDT(home, u, "UserID", uid(c, home, word)) ? 0 : ENOMEM;
}

/* PresenceSubList with one empty element per name of "a,b,c". */
static int add_attr_names(struct impsc *c, su_home_t *home, struct csp_node *p, char const *list)
{
	struct csp_node *psl = ADD(home, p, "PresenceSubList");
	char *copy = su_strdup(home, list), *save = NULL, *w;

	if (!psl || !copy)
		return ENOMEM;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		struct impsc_attr_key const *row = impsc_attr_lookup(w);
		char const *el = row ? row->element : NULL;

		if (!el && isupper((unsigned char)w[0]))
			el = w; /* an element name impsc has no key for */
		if (!el) {
			char const *msg = su_sprintf(home, "unknown presence attribute %s", w);

			return usage(c, msg ? msg : w);
		}
		if (!csp_node_find(psl, el) && !ADD(home, psl, el))
			return ENOMEM;
	}
	return 0;
}

/* Splits "attrs=..." out of the words; returns its value or NULL. */
static char const *attrs_arg(int *argcp, char **argv)
{
	for (int i = 1; i < *argcp; i++)
		if (!strncmp(argv[i], "attrs=", 6)) {
			char const *v = argv[i] + 6;

			memmove(argv + i, argv + i + 1, (size_t)(*argcp - i - 1) * sizeof *argv);
			(*argcp)--;
			return v;
		}
	return NULL;
}

/* --- presence --- */

static int add_commcap(struct impsc *c, su_home_t *home, struct csp_node *psl, char const *value)
{
	struct csp_node *cc = ADD(home, psl, "CommCap");
	char *copy = su_strdup(home, value), *save = NULL, *w;

	if (!cc || !copy || !ADDT(home, cc, "Qualifier", "T"))
		return ENOMEM;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(w, ':');
		struct csp_node *one;

		if (!colon)
			return usage(c, "comm-cap=CAP:STATUS[,CAP:STATUS...]");
		*colon = '\0';
		for (char *q = w; *q; q++)
			*q = (char)toupper((unsigned char)*q);
		for (char *q = colon + 1; *q; q++)
			*q = (char)toupper((unsigned char)*q);
		if (!(one = ADD(home, cc, "CommC")) || !ADDT(home, one, "Cap", w) ||
		    !ADDT(home, one, "Status", colon + 1))
			return ENOMEM;
	}
	return 0;
}

static int cmd_presence_update(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *psl, *ci = NULL, *a;
	int err = begin(c, "UpdatePresence-Request", &home, &m, &p);

	if (err)
		return err;
	if (!(psl = ADD(home, p, "PresenceSubList")))
		goto nomem;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char const *key, *value;
		struct impsc_attr_key const *row;

		if (!eq) {
			err = usage(c, "KEY=VALUE expected");
			goto out;
		}
		key = su_strndup(home, argv[i], (size_t)(eq - argv[i]));
		value = eq + 1;
		row = impsc_attr_lookup(key);
		if (!row || row->kind == IMPSC_PV_NONE) {
			err = usage(c, su_sprintf(home, "unknown presence key %s", key));
			goto out;
		}
		switch (row->kind) {
		case IMPSC_PV_BOOL:
			if (!(value = impsc_bool(value))) {
				err = usage(c, su_sprintf(home, "%s takes T or F", row->key));
				goto out;
			}
			break;
		case IMPSC_PV_TOKEN: {
			char *up = su_strdup(home, value);

			for (char *q = up; q && *q; q++)
				*q = (char)toupper((unsigned char)*q);
			value = up;
			break;
		}
		case IMPSC_PV_COMMCAP:
			if ((err = add_commcap(c, home, psl, value)))
				goto out;
			continue;
		case IMPSC_PV_CLIENT:
			if (!ci && (!(ci = ADD(home, psl, "ClientInfo")) ||
				    !ADDT(home, ci, "Qualifier", "T")))
				goto nomem;
			if (!ADDT(home, ci, row->child, value))
				goto nomem;
			continue;
		default:
			break;
		}
		if (!value || !(a = ADD(home, psl, row->element)) || !ADDT(home, a, "Qualifier", "T") ||
		    !ADDT(home, a, "PresenceValue", value))
			goto nomem;
	}
	return done(c, home, m, "Status");
nomem:
	err = ENOMEM;
out:
	su_home_unref(home);
	return err;
}

static int cmd_presence_get(struct impsc *c, int argc, char **argv)
{
	char const *attrs = attrs_arg(&argc, argv);
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *ans;
	int err;

	if (argc < 2)
		return usage(c, "no user");
	if ((err = begin(c, "GetPresence-Request", &home, &m, &p)))
		return err;
	for (int i = 1; i < argc && !err; i++)
		err = add_target(c, home, p, argv[i]);
	if (!err && attrs)
		err = add_attr_names(c, home, p, attrs);
	if (!err && !(err = finish(c, home, m, "GetPresence-Response", &ans)) && impsc_readable(c))
		impsc_print_presences(stdout, ans);
	su_home_unref(home);
	return err;
}

/* The attributes AOSP subscribes to by default. */
#define DEFAULT_SUBSCRIBE_ATTRS "OnlineStatus,ClientInfo,UserAvailability"

static int subscribe(struct impsc *c, int argc, char **argv, int on)
{
	char const *attrs = on ? attrs_arg(&argc, argv) : NULL;
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p;
	int err, lists = 0;

	if (argc < 2)
		return usage(c, "no user or list");
	if ((err = begin(c, on ? "SubscribePresence-Request" : "UnsubscribePresence-Request",
			 &home, &m, &p)))
		return err;
	for (int i = 1; i < argc && !err; i++) {
		char const *name;

		lists += impsc_is_list(argv[i], &name);
		err = add_target(c, home, p, argv[i]);
	}
	if (!err && on)
		err = add_attr_names(c, home, p, attrs ? attrs : DEFAULT_SUBSCRIBE_ATTRS);
	/* As AOSP: lists get AutoSubscribe in 1.2 and later. */
	if (!err && on && lists && c->version >= CSP_V12 && !ADDT(home, p, "AutoSubscribe", "T"))
		err = ENOMEM;
	if (err) {
		su_home_unref(home);
		return err;
	}
	return done(c, home, m, "Status");
}

static int cmd_subscribe(struct impsc *c, int argc, char **argv)
{
	return subscribe(c, argc, argv, 1);
}

static int cmd_unsubscribe(struct impsc *c, int argc, char **argv)
{
	return subscribe(c, argc, argv, 0);
}

static int auth_user(struct impsc *c, char const *user, char const *accept)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p;
	int err = begin(c, "PresenceAuth-User", &home, &m, &p);

	if (err)
		return err;
	if (!ADDT(home, p, "UserID", uid(c, home, user)) || !ADDT(home, p, "Acceptance", accept)) {
		su_home_unref(home);
		return ENOMEM;
	}
	return done(c, home, m, "Status");
}

static int cmd_auth_accept(struct impsc *c, int argc, char **argv)
{
	return auth_user(c, argv[1], "T");
}

static int cmd_auth_decline(struct impsc *c, int argc, char **argv)
{
	return auth_user(c, argv[1], "F");
}

static int cmd_cancel_auth(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p;
	int err = begin(c, "CancelAuth-Request", &home, &m, &p);

	if (err)
		return err;
	if (!ADDT(home, p, "UserID", uid(c, home, argv[1]))) {
		su_home_unref(home);
		return ENOMEM;
	}
	return done(c, home, m, "Status");
}

/* Prints "<TAG> <id>" for every UserID below n. */
static void print_user_ids(char const *tag, struct csp_node const *n)
{
	for (struct csp_node const *x = n ? n->child : NULL; x; x = x->next) {
		if (x->ns)
			continue;
		if (!strcmp(x->name, "UserID") && x->text)
			printf("%s %s\n", tag, x->text);
		else
			print_user_ids(tag, x);
	}
}

static int cmd_watchers(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *ans;
	int err = begin(c, "GetWatcherList-Request", &home, &m, NULL);

	if (err)
		return err;
	if (!(err = finish(c, home, m, "GetWatcherList-Response", &ans)) && impsc_readable(c))
		print_user_ids("WATCHER", ans);
	su_home_unref(home);
	return err;
}

/* --- contact lists --- */

static char const *list_arg(struct impsc *c, su_home_t *home, char const *word)
{
	char const *name;

	impsc_is_list(word, &name);
	return impsc_list_id(home, c->user, name);
}

/* Every ContactList text below n, in document order, as LIST lines. */
static int print_lists(struct csp_node const *n, char const *def)
{
	int seen = 0;

	for (struct csp_node const *x = n ? n->child : NULL; x; x = x->next) {
		if (x->ns || !strcmp(x->name, "DefaultContactList"))
			continue;
		if (!strcmp(x->name, "ContactList") && x->text && !x->child) {
			printf("LIST %s default=%s\n", x->text,
			       def && !strcasecmp(def, x->text) ? "T" : "F");
			seen |= def && !strcasecmp(def, x->text);
		} else {
			seen |= print_lists(x, def);
		}
	}
	return seen;
}

static int cmd_list_get(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *ans;
	int err = begin(c, "GetList-Request", &home, &m, NULL);

	if (err)
		return err;
	if (!(err = finish(c, home, m, "GetList-Response", &ans)) && impsc_readable(c)) {
		char const *def = csp_node_text(ans, "DefaultContactList");

		if (!print_lists(ans, def) && def)
			printf("LIST %s default=T\n", def);
	}
	su_home_unref(home);
	return err;
}

static int add_property(su_home_t *home, struct csp_node **props, struct csp_node *p,
			char const *name, char const *value)
{
	struct csp_node *one;

	if (!*props && !(*props = ADD(home, p, "ContactListProperties")))
		return ENOMEM;
	if (!(one = ADD(home, *props, "Property")) || !ADDT(home, one, "Name", name) ||
	    !ADDT(home, one, "Value", value))
		return ENOMEM;
	return 0;
}

static int cmd_list_create(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *nicks = NULL, *props = NULL;
	int err = begin(c, "CreateList-Request", &home, &m, &p);

	if (err)
		return err;
	if (!ADDT(home, p, "ContactList", list_arg(c, home, argv[1])))
		err = ENOMEM;
	for (int i = 2; i < argc && !err; i++) {
		if (!strncmp(argv[i], "display-name=", 13)) {
			err = add_property(home, &props, p, "DisplayName", argv[i] + 13);
		} else if (!strncmp(argv[i], "default=", 8)) {
			char const *b = impsc_bool(argv[i] + 8);

			err = b ? add_property(home, &props, p, "Default", b)
				: usage(c, "default takes T or F");
		} else {
			if (!nicks && !(nicks = ADD(home, p, "NickList")))
				err = ENOMEM;
			else if (!ADDT(home, nicks, "UserID", uid(c, home, argv[i])))
				err = ENOMEM;
		}
	}
	if (err) {
		su_home_unref(home);
		return err;
	}
	return done(c, home, m, "CreateList-Response");
}

/* ListManage-Request for `list`: *pp to fill, ReceiveList (1.2+) added. */
static int list_manage(struct impsc *c, char const *list, int receive, su_home_t **homep,
		       struct csp_msg **mp, struct csp_node **pp)
{
	int err = begin(c, "ListManage-Request", homep, mp, pp);

	if (err)
		return err;
	if (!ADDT(*homep, *pp, "ContactList", list_arg(c, *homep, list)) ||
	    (c->version >= CSP_V12 &&
	     !ADDT(*homep, *pp, "ReceiveList", receive ? "T" : "F"))) {
		su_home_unref(*homep);
		return ENOMEM;
	}
	return 0;
}

static int cmd_list_add(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *add, *nick;
	int err = list_manage(c, argv[1], 0, &home, &m, &p);
	char const *user;

	if (err)
		return err;
	user = uid(c, home, argv[2]);
	if (!(add = ADD(home, p, "AddNickList")))
		err = ENOMEM;
	else if (argc > 3)
		err = (nick = ADD(home, add, "NickName")) && ADDT(home, nick, "Name", argv[3]) &&
		      ADDT(home, nick, "UserID", user) ? 0 : ENOMEM;
	else
		err = ADDT(home, add, "UserID", user) ? 0 : ENOMEM;
	if (err) {
		su_home_unref(home);
		return err;
	}
	return done(c, home, m, "ListManage-Response");
}

static int cmd_list_remove(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *rm;
	int err = list_manage(c, argv[1], 0, &home, &m, &p);

	if (err)
		return err;
	if (!(rm = ADD(home, p, "RemoveNickList")) || !ADDT(home, rm, "UserID", uid(c, home, argv[2]))) {
		su_home_unref(home);
		return ENOMEM;
	}
	return done(c, home, m, "ListManage-Response");
}

static int cmd_list_delete(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p;
	int err = begin(c, "DeleteList-Request", &home, &m, &p);

	if (err)
		return err;
	if (!ADDT(home, p, "ContactList", list_arg(c, home, argv[1]))) {
		su_home_unref(home);
		return ENOMEM;
	}
	return done(c, home, m, "Status");
}

static int cmd_list_show(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *ans, *x;
	char const *list;
	int err = list_manage(c, argv[1], 1, &home, &m, &p);

	if (err)
		return err;
	list = csp_node_text(p, "ContactList");
	if (!(err = finish(c, home, m, "ListManage-Response", &ans)) && impsc_readable(c)) {
		for (x = csp_node_find(ans, "NickList"); x && (x = x->child); x = NULL) {
			for (; x; x = x->next) {
				if (x->ns)
					continue;
				if (!strcmp(x->name, "UserID")) {
					printf("CONTACT %s %s nick=\"\"\n", list, x->text ? x->text : "-");
				} else if (!strcmp(x->name, "NickName")) {
					char const *u = csp_node_text(x, "UserID");

					printf("CONTACT %s %s", list, u ? u : "-");
					impsc_put_kv(stdout, "nick", csp_node_text(x, "Name"), 1);
					putchar('\n');
				}
			}
			break;
		}
		x = csp_node_find(ans, "ContactListProperties");
		for (x = csp_node_find(x, "Property"); x; x = csp_node_next_named(x)) {
			char const *name = csp_node_text(x, "Name");

			printf("LIST-PROPERTY %s", list);
			impsc_put_kv(stdout, name && *name ? name : "-", csp_node_text(x, "Value"), 1);
			putchar('\n');
		}
	}
	su_home_unref(home);
	return err;
}

/* --- blocking --- */

static int block(struct impsc *c, int argc, char **argv, char const *what)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *bl, *l;
	int err = begin(c, "BlockEntity-Request", &home, &m, &p);

	if (err)
		return err;
	if (!(bl = ADD(home, p, "BlockList")) || !ADDT(home, bl, "InUse", "T") ||
	    !(l = ADD(home, bl, what)))
		err = ENOMEM;
	for (int i = 1; i < argc && !err; i++)
		if (!ADDT(home, l, "UserID", uid(c, home, argv[i])))
			err = ENOMEM;
	if (err) {
		su_home_unref(home);
		return err;
	}
	return done(c, home, m, "Status");
}

static int cmd_block(struct impsc *c, int argc, char **argv)
{
	return block(c, argc, argv, "AddList");
}

static int cmd_unblock(struct impsc *c, int argc, char **argv)
{
	return block(c, argc, argv, "RemoveList");
}

static void print_block_list(struct csp_node const *l, char const *list_tag, char const *tag)
{
	char const *in_use = csp_node_text(l, "InUse");

	if (!l)
		return;
	printf("%s in-use=%s\n", list_tag, in_use ? in_use : "-");
	print_user_ids(tag, l);
}

static int cmd_blocked(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *ans;
	int err = begin(c, "GetBlockedList-Request", &home, &m, NULL);

	if (err)
		return err;
	if (!(err = finish(c, home, m, "GetBlockedList-Response", &ans)) && impsc_readable(c)) {
		print_block_list(csp_node_find(ans, "BlockList"), "BLOCK-LIST", "BLOCKED");
		print_block_list(csp_node_find(ans, "GrantList"), "GRANT-LIST", "GRANTED");
	}
	su_home_unref(home);
	return err;
}

/* --- messaging --- */

static int cmd_send(struct impsc *c, int argc, char **argv)
{
	su_home_t *home;
	struct csp_msg *m;
	struct csp_node *p, *info, *r, *s, *u, *ans;
	char const *text, *to;
	char size[24];
	int err = begin(c, "SendMessage-Request", &home, &m, &p);

	if (err)
		return err;
	text = argv[2];
	for (int i = 3; i < argc && text; i++)
		text = su_sprintf(home, "%s %s", text, argv[i]);
	snprintf(size, sizeof size, "%zu", text ? strlen(text) : 0);
	if (!text || !ADDT(home, p, "DeliveryReport", "F") || !(info = ADD(home, p, "MessageInfo")) ||
	    !ADDT(home, info, "ContentType", "text/plain") ||
	    !ADDT(home, info, "ContentSize", size) || !(r = ADD(home, info, "Recipient")) ||
	    add_target(c, home, r, argv[1]) || !(s = ADD(home, info, "Sender")) ||
	    !(u = ADD(home, s, "User")) || !ADDT(home, u, "UserID", c->user) ||
	    !ADDT(home, p, "ContentData", text)) {
		su_home_unref(home);
		return ENOMEM;
	}
	to = impsc_first_id(r);
	if (!(err = finish(c, home, m, "SendMessage-Response", &ans)) && impsc_readable(c)) {
		printf("SENT");
		impsc_put_kv(stdout, "id", csp_node_text(ans, "MessageID"), 0);
		impsc_put_kv(stdout, "to", to, 0);
		putchar('\n');
	}
	su_home_unref(home);
	return err;
}

/* --- session --- */

/* A whole positive number of at most 7 digits, or -1. */
static long number(char const *s)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)*s) || strlen(s) > 7)
		return -1;
	v = strtol(s, &end, 10);
	return *end ? -1 : v;
}

/* wait N [CATEGORY] [SECONDS]: parses; 0 or EINVAL. */
static int wait_args(int argc, char **argv, long *n, int *ev, long *secs)
{
	int i = 2;

	*n = number(argv[1]);
	*ev = IMPSC_EV_ANY;
	*secs = -1;
	if (*n < 1)
		return EINVAL;
	if (i < argc && number(argv[i]) < 0) {
		if ((*ev = impsc_event_by_name(argv[i])) < 0)
			return EINVAL;
		i++;
	}
	if (i < argc && (*secs = number(argv[i++])) < 0)
		return EINVAL;
	return i < argc ? EINVAL : 0;
}

static int cmd_wait(struct impsc *c, int argc, char **argv)
{
	long n, secs;
	int ev, got = 0, err;

	if (wait_args(argc, argv, &n, &ev, &secs))
		return usage(c, "bad arguments");
	err = impsc_wait(c, (int)n, ev, secs >= 0 ? secs : c->timeout, &got);
	if (err == ETIMEDOUT || err == EINTR) {
		printf("TIMEOUT wait %d/%ld %s\n", got, n, impsc_event_name(ev));
		fflush(stdout);
		impsc_fail(c, IMPSC_TIMEOUT);
	}
	return err;
}

static int cmd_keepalive(struct impsc *c, int argc, char **argv)
{
	long ttl = argc > 1 ? number(argv[1]) : 0;

	if (ttl < 0)
		return usage(c, "bad TimeToLive");
	return impsc_keepalive(c, ttl);
}

static int cmd_poll(struct impsc *c, int argc, char **argv)
{
	return impsc_poll(c);
}

static int cmd_sleep(struct impsc *c, int argc, char **argv)
{
	long secs = number(argv[1]);
	struct timespec ts;

	if (secs < 0)
		return usage(c, "bad number of seconds");
	ts.tv_sec = secs;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &ts) && errno == EINTR && !impsc_interrupted)
		;
	return 0;
}

static int cmd_logout(struct impsc *c, int argc, char **argv)
{
	return impsc_logout(c);
}

static struct impsc_cmd const commands[] = {
	{"presence-update", 1, -1, cmd_presence_update,
	 "presence-update KEY=VALUE... (online=T availability=AVAILABLE status-text=... mood=... "
	 "alias=... location=... client-type=... comm-cap=IM:OPEN)"},
	{"presence-get", 1, -1, cmd_presence_get, "presence-get USER|LIST... [attrs=a,b,...]"},
	{"subscribe", 1, -1, cmd_subscribe, "subscribe USER|LIST... [attrs=a,b,...]"},
	{"unsubscribe", 1, -1, cmd_unsubscribe, "unsubscribe USER|LIST..."},
	{"auth-accept", 1, 1, cmd_auth_accept, "auth-accept USER"},
	{"auth-decline", 1, 1, cmd_auth_decline, "auth-decline USER"},
	{"cancel-auth", 1, 1, cmd_cancel_auth, "cancel-auth USER"},
	{"watchers", 0, 0, cmd_watchers, "watchers"},
	{"list-get", 0, 0, cmd_list_get, "list-get"},
	{"list-create", 1, -1, cmd_list_create,
	 "list-create LIST [USER...] [display-name=NAME] [default=T|F]"},
	{"list-add", 2, 3, cmd_list_add, "list-add LIST USER [NICK]"},
	{"list-remove", 2, 2, cmd_list_remove, "list-remove LIST USER"},
	{"list-delete", 1, 1, cmd_list_delete, "list-delete LIST"},
	{"list-show", 1, 1, cmd_list_show, "list-show LIST"},
	{"block", 1, -1, cmd_block, "block USER..."},
	{"unblock", 1, -1, cmd_unblock, "unblock USER..."},
	{"blocked", 0, 0, cmd_blocked, "blocked"},
	{"send", 2, -1, cmd_send, "send USER|LIST TEXT..."},
	{"wait", 1, 3, cmd_wait,
	 "wait N [any|notifications|messages|auth|reports|other] [SECONDS]"},
	{"keepalive", 0, 1, cmd_keepalive, "keepalive [TTL]"},
	{"poll", 0, 0, cmd_poll, "poll"},
	{"sleep", 1, 1, cmd_sleep, "sleep SECONDS"},
	{"logout", 0, 0, cmd_logout, "logout"},
	{NULL, 0, 0, NULL, NULL},
};

struct impsc_cmd const *impsc_cmd_table(void)
{
	return commands;
}

struct impsc_cmd const *impsc_cmd_find(char const *name)
{
	for (size_t i = 0; name && commands[i].name; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

int impsc_cmd_check(int argc, char **argv)
{
	struct impsc_cmd const *cmd = argc > 0 ? impsc_cmd_find(argv[0]) : NULL;
	long n, secs;
	int ev;

	if (!cmd) {
		fprintf(stderr, "impsc: unknown command %s\n", argc > 0 ? argv[0] : "(none)");
		return EINVAL;
	}
	if (argc - 1 < cmd->min_args || (cmd->max_args >= 0 && argc - 1 > cmd->max_args) ||
	    (cmd->run == cmd_wait && wait_args(argc, argv, &n, &ev, &secs))) {
		fprintf(stderr, "impsc: usage: %s\n", cmd->usage);
		return EINVAL;
	}
	return 0;
}

int impsc_cmd_run(struct impsc *c, int argc, char **argv)
{
	struct impsc_cmd const *cmd;

	if (argc < 1)
		return 0;
	c->cmd = argv[0];
	if (!(cmd = impsc_cmd_find(argv[0]))) {
		impsc_error(c, IMPSC_USAGE, 0, "unknown command");
		return EINVAL;
	}
	if (argc - 1 < cmd->min_args || (cmd->max_args >= 0 && argc - 1 > cmd->max_args))
		return usage(c, "wrong number of arguments");
	return cmd->run(c, argc, argv);
}
