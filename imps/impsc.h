/* imps/impsc.h: internals of impsc, the command-line IMPS client (not part of any library). */
#ifndef IWF_IMPS_IMPSC_H
#define IWF_IMPS_IMPSC_H

#include <stdio.h>
#include <time.h>
#include <sofia-sip/su_alloc.h>

#include "imps/csp.h"

/* Exit statuses; the final one is the highest that occurred. */
enum impsc_exit {
	IMPSC_OK = 0,
	IMPSC_USAGE = 1,     /* bad command line or command syntax */
	IMPSC_PROTO = 2,     /* a non-2xx Result, a bad answer, a session ended by the server */
	IMPSC_TIMEOUT = 3,   /* wait (or an answer) did not come in time */
	IMPSC_TRANSPORT = 4, /* HTTP failure: connection, non-200 status, HTTP time-out */
};

/* Limits. */
#define IMPSC_MAX_LINE 8192     /* bytes of one command line read from stdin */
#define IMPSC_MAX_ARGS 256      /* words of one command */
#define IMPSC_MAX_ID 256        /* bytes of a TransactionID / MessageID we answer to */
#define IMPSC_MAX_ACKS 32       /* answers to server requests waiting to be sent */
#define IMPSC_MAX_EVENTS 1024   /* server-initiated items kept for `wait` */
#define IMPSC_MAX_POLL_CHAIN 64 /* Polling-Requests in a row while Poll=T */
#define IMPSC_MAX_CIR_LINE 512  /* bytes of one STCP CIR line */
#define IMPSC_DEFAULT_POLL_MIN 30 /* ServerPollMin when the server names none (as AOSP) */
#define IMPSC_DEFAULT_TCP_PORT 3171 /* STCP CIR port when TCPPort is absent (as AOSP) */

/* Categories of server-initiated items, for `wait`. */
enum impsc_event {
	IMPSC_EV_ANY = 0,
	IMPSC_EV_NOTIFICATION,  /* PresenceNotification-Request */
	IMPSC_EV_MESSAGE,       /* NewMessage, MessageNotification */
	IMPSC_EV_AUTH,          /* PresenceAuth-Request */
	IMPSC_EV_REPORT,        /* DeliveryReport-Request */
	IMPSC_EV_OTHER,         /* any other server request (not Disconnect) */
};

/* A server request to answer: MessageDelivered(msgid) or Status(code). */
struct impsc_ack {
	char tid[IMPSC_MAX_ID];
	char msgid[IMPSC_MAX_ID]; /* non-empty: answer MessageDelivered */
	int code;
	char const *desc;         /* static text or NULL */
};

struct impsc {
	su_home_t *home;

	/* options */
	char const *url;
	char const *user;        /* normalised own UserID */
	char const *password;
	char const *client_id;
	enum csp_version version;
	int wbxml;
	int four_way;
	int digest;              /* 0: offer MD5 and SHA (as AOSP), 1: MD5, 2: SHA */
	long ttl;
	int raw;
	int verbose;
	long timeout;            /* seconds: HTTP reply and default wait time */
	int cir_stcp;            /* --cir stcp */

	/* transport */
	void *curl;              /* CURL * */
	void *headers;           /* struct curl_slist * */
	char const *content_type;

	/* session */
	char cookie[32];
	char const *session_id;
	unsigned long next_tid;
	long keepalive;          /* granted KeepAliveTime, 0 when none */
	long poll_min;           /* seconds between two polls */
	int capability_request;
	int poll_pending;        /* the server said Poll=T */
	int ended;               /* session over: logged out or ended by the server */
	int fatal;               /* stop running commands (transport failure, session lost) */
	time_t last_sent;

	/* STCP CIR */
	char const *tcp_addr;
	long tcp_port;
	int stcp_agreed;
	int cir_fd;
	int cir_broken;          /* Session CIR=F seen */
	char cir_buf[IMPSC_MAX_CIR_LINE];
	size_t cir_len;
	int cir_wakeups;         /* WVCI lines seen and not yet acted on */
	time_t cir_last;

	/* answers to send, server items for `wait` */
	struct impsc_ack acks[IMPSC_MAX_ACKS];
	size_t n_acks;
	unsigned char events[IMPSC_MAX_EVENTS];
	size_t n_events;

	char const *cmd;         /* name of the command running, for ERROR lines */
	int status;              /* highest enum impsc_exit so far */
};

/* --- impsc_util.c: pure helpers (unit-tested by tests/test_impsc.c) --- */

/*
 * Splits `line` in place into words, shell-like: blanks separate words,
 * "..." and '...' quote (quotes may sit inside a word: key="a b" gives
 * key=a b), a backslash escapes the next character (outside '...'), and
 * `#` at the start of a word begins a comment. argv receives pointers into
 * `line`. Errors: EINVAL (unterminated quote or trailing backslash), E2BIG
 * (more than `max` words). *argcp is written only on success.
 */
int impsc_split(char *line, char **argv, int max, int *argcp);

/*
 * Four-way login digest: base64(H(nonce || password)) with H named by the
 * DigestSchema `schema` ("MD5", or "SHA"/"SHA1"/"SHA-1", case-insensitive).
 * The result (NUL-terminated) is written to out[size].
 * Errors: ENOTSUP (unknown schema), E2BIG (out too small), EINVAL.
 */
int impsc_digest(char const *schema, char const *nonce, char const *password,
		 char *out, size_t size);

/*
 * Address normalisation for what the user types. `me` is our own UserID
 * (wv:user@domain). A user "alice" becomes wv:alice@<my domain> ("wv:" is
 * added when missing, the domain when there is no '@'). A contact list
 * "friends" becomes wv:<me>/friends@<my domain>; a list with '/' or '@' is
 * taken as given (plus "wv:"). Results in `home`; NULL on ENOMEM.
 */
char const *impsc_user_id(su_home_t *home, char const *me, char const *in);
char const *impsc_list_id(su_home_t *home, char const *me, char const *in);
/* 1 when the word names a contact list: "list:NAME" or an ID with '/'.
 * *namep receives what impsc_list_id() should expand. */
int impsc_is_list(char const *word, char const **namep);

/* Presence attributes: short key (online, availability, ...) <-> element name. */
struct impsc_attr_key {
	char const *key;        /* what impsc prints and accepts */
	char const *element;    /* attribute element (PresenceSubList child) */
	char const *child;      /* ClientInfo child for client-* keys, else NULL */
	int kind;               /* IMPSC_PV_* */
};
enum {
	IMPSC_PV_NONE = 0,      /* attribute name only (subscribe lists) */
	IMPSC_PV_BOOL,          /* PresenceValue T/F */
	IMPSC_PV_TOKEN,         /* PresenceValue, upper-cased token */
	IMPSC_PV_TEXT,          /* PresenceValue free text */
	IMPSC_PV_CLIENT,        /* ClientInfo child */
	IMPSC_PV_COMMCAP,       /* CommCap: CAP:STATUS[,CAP:STATUS...] */
};
/* The row of a key or element name (exact for element names, keys ignore
 * case); NULL when unknown. */
struct impsc_attr_key const *impsc_attr_lookup(char const *name);
/* Short key of an attribute element (NULL when there is none). */
char const *impsc_attr_key_of(char const *element);
/* The attribute table (for the tests): rows until key == NULL. */
struct impsc_attr_key const *impsc_attr_table(void);

/* "T"/"F" from T, F, true, false, yes, no, 1, 0, on, off (any case); NULL otherwise. */
char const *impsc_bool(char const *s);

/* Event category named `s` (any, notifications, messages, auth, reports, other),
 * -1 when unknown. */
int impsc_event_by_name(char const *s);
char const *impsc_event_name(int ev);
/* Category of a server-initiated primitive; -1 for Disconnect and Responses. */
int impsc_event_of(char const *primitive);

/* --- impsc_print.c: the readable output (one line per event) --- */

/* Writes s to f in double quotes, with \\ \" \n \r \t and \xNN escapes. */
void impsc_put_quoted(FILE *f, char const *s);
/* Writes " text" with control characters as spaces (nothing for NULL/""):
 * the free text at the end of STATUS, ERROR, DISCONNECT and LOGOUT lines. */
void impsc_put_text(FILE *f, char const *s);
/* Writes " key=value": bare when value is a plain token, quoted otherwise
 * (always quoted when force); "-" for NULL. */
void impsc_put_kv(FILE *f, char const *key, char const *value, int force);
/* The attribute values of one PresenceSubList as " key=value" words. */
void impsc_put_presence_attrs(FILE *f, struct csp_node const *psl);
/* The attribute names under a PresenceSubList as a comma-separated word. */
void impsc_put_attr_names(FILE *f, struct csp_node const *psl);
/* One PRESENCE line per Presence child of `parent`. Returns how many. */
int impsc_print_presences(FILE *f, struct csp_node const *parent);
/* The line of a server-initiated primitive (NewMessage, PresenceNotification,
 * ...). Returns the number of items it carried (PRESENCE lines count one
 * each), 0 when it printed nothing. */
int impsc_print_server_request(FILE *f, su_home_t *home, char const *tid,
			       struct csp_node const *prim);
/* Text of the first UserID/GroupID/ScreenName SName/ContactList below n (any
 * depth, document order), or NULL. */
char const *impsc_first_id(struct csp_node const *n);
/* Result code and description of a primitive: its Result child, or the
 * primitive itself when it is a Result. 0 when found, ENOENT otherwise. */
int impsc_result(struct csp_node const *prim, long *code, char const **desc);
/* DETAIL lines of a Result's DetailedResult children. */
void impsc_print_details(FILE *f, struct csp_node const *prim);

/* --- impsc_session.c: transport, session, server requests, CIR --- */

/* Records an exit status (keeps the highest). */
void impsc_fail(struct impsc *c, int status);
/* Prints "ERROR <cmd> <code> <text>" and records `status`. */
void impsc_error(struct impsc *c, int status, long code, char const *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 1 when readable lines are printed (not --raw). */
int impsc_readable(struct impsc const *c);

int impsc_open(struct impsc *c);
void impsc_close(struct impsc *c);
/* A new request message with the next TransactionID (or `tid` when not NULL);
 * *primp is the empty primitive `name` to fill. ENOMEM/EINVAL. */
int impsc_request(struct impsc *c, su_home_t *home, char const *name, char const *tid,
		  struct csp_msg **msgp, struct csp_node **primp);
/*
 * Sends a request built by impsc_request() and waits for its answer: the
 * Response with the same TransactionID, from the HTTP answer or, when the
 * server answers later, from Polling-Requests until --timeout. Server
 * requests met on the way are printed and answered. On success *primp is
 * the answer primitive (in `home`).
 * Errors: EIO (transport; status recorded, c->fatal set), ETIMEDOUT (no
 * answer), EBADMSG (unparsable answer), ENOMEM.
 */
int impsc_transact(struct impsc *c, su_home_t *home, struct csp_msg *m,
		   struct csp_node **primp);
/*
 * Checks the answer of a command: prints STATUS (and ERROR for a non-2xx
 * Result, and DETAIL lines), records the status, ends the session on
 * 600/601/604. `expect` is the expected answer primitive (a Status with a
 * Result is always accepted). Returns the Result code (200 when the expected
 * primitive has no Result), or -1 when the answer is the wrong primitive.
 */
long impsc_check(struct impsc *c, char const *request, char const *expect,
		 struct csp_node const *prim);

int impsc_login(struct impsc *c);
int impsc_negotiate(struct impsc *c);
int impsc_logout(struct impsc *c);
/* One Polling-Request, then more while the server says Poll=T. 0 or errno. */
int impsc_poll(struct impsc *c);
/*
 * Polls (or waits on STCP CIR) until `n` server-initiated items of category
 * `ev` are there (items that arrived earlier, during other commands, count;
 * each PresenceNotification counts one per Presence), then consumes them.
 * *gotp receives how many there were at the end. Returns 0, ETIMEDOUT,
 * EINTR (signal), EIO (transport or session lost), ENOMEM.
 */
int impsc_wait(struct impsc *c, int n, int ev, long seconds, int *gotp);
/* KeepAlive-Request (ttl > 0 asks for a new TimeToLive). */
int impsc_keepalive(struct impsc *c, long ttl);
/* Set by the SIGINT/SIGTERM handler. */
extern volatile int impsc_interrupted;

/* --- impsc_cmd.c: commands --- */

struct impsc_cmd {
	char const *name;
	int min_args, max_args;     /* max_args -1: unlimited */
	int (*run)(struct impsc *c, int argc, char **argv);
	char const *usage;
};
/* The command named `name`, or NULL. */
struct impsc_cmd const *impsc_cmd_find(char const *name);
/* Rows until name == NULL. */
struct impsc_cmd const *impsc_cmd_table(void);
/* Runs one command (argv[0] is its name): checks the arity, prints usage
 * errors, records statuses. Returns 0 or an errno. */
int impsc_cmd_run(struct impsc *c, int argc, char **argv);
/* Checks the syntax of one command without running it: 0 or EINVAL (a
 * message is printed to stderr). */
int impsc_cmd_check(int argc, char **argv);

#endif
