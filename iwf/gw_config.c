/* iwf/gw_config.c: the key table of iwfd's configuration, its file parser, overrides and reload. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>

#include "iwf/gw_config.h"
#include "iwf/gw_log.h"
#include "iwf/gw_net.h"

#define MS_S	1000LL
#define MS_M	(60 * MS_S)
#define MS_H	(60 * MS_M)
#define MS_D	(24 * MS_H)
#define KIB	1024LL
#define MIB	(1024 * KIB)
#define GIB	(1024 * MIB)

/* Longest string value; longer paths are refused. */
#define GW_CONF_STRING_MAX 1024

static char const *const log_level_names[] = {"error", "warning", "notice", "info", "debug", NULL};

/* --- checks of single values ------------------------------------------------------------- */

static char const *check_domain(char const *v)
{
	if (*v == '\0')
		return "must not be empty";
	if (*v == '.' || *v == '-' || v[strlen(v) - 1] == '.')
		return "not a domain name";
	for (char const *p = v; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' ||
		      *p == '.'))
			return "a domain name in lower case (a-z 0-9 . -)";
	return NULL;
}

static char const *check_http_path(char const *v)
{
	if (v[0] != '/')
		return "must start with '/'";
	for (char const *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '?' || *p == '#' || *p == 0x7f)
			return "no blanks, '?' or '#' in a path";
	return NULL;
}

static char const *check_cidr(char const *v)
{
	struct gw_cidr c;

	return gw_cidr_parse(v, &c) ? "not an address or prefix (e.g. 127.0.0.0/8, ::1)" : NULL;
}

static char const *check_socket_path(char const *v)
{
	struct sockaddr_un sun;

	return strlen(v) >= sizeof sun.sun_path ? "too long for a unix socket (107 bytes max)" :
		NULL;
}

/* --- the table --------------------------------------------------------------------------- */

#define OFF(field) offsetof(struct gw_config, field)

static struct gw_conf_key const keys[] = {
	{"imps.domain", GW_CONF_STRING, OFF(imps_domain), "mno1.example", 0, 253, NULL, 0,
	 check_domain,
	 "The IMPS domain this server is home for: users are wv:NAME@DOMAIN. Lower case."},
	{"http.listen", GW_CONF_ADDRESS, OFF(http_listen), "127.0.0.1:8080", 0, 0, NULL, 0, NULL,
	 "Address and port of the CSP HTTP server (IPv4:PORT or [IPv6]:PORT). Port 0 picks a "
	 "free port; the real one is logged as 'CSP endpoint: URL'."},
	{"http.path", GW_CONF_STRING, OFF(http_path), "/imps", 0, 256, NULL, 0, check_http_path,
	 "URL path clients POST CSP messages to. Other paths get 404, other methods 405."},
	{"http.max_body", GW_CONF_SIZE, OFF(http_max_body), "1M", 1 * KIB, 64 * MIB, NULL,
	 GW_CONF_RELOAD, NULL,
	 "Largest request body accepted; larger ones get 413 (from Content-Length before the "
	 "body is read, or as soon as a chunked body grows past it)."},
	{"http.connection_limit", GW_CONF_INT, OFF(http_connection_limit), "1024", 1, 100000,
	 NULL, 0, NULL,
	 "Most simultaneous HTTP connections; further ones are refused at accept."},
	{"http.connection_timeout", GW_CONF_DURATION, OFF(http_connection_timeout), "60s", MS_S,
	 MS_H, NULL, 0, NULL,
	 "An HTTP connection idle this long is closed (whole seconds; slow clients that "
	 "trickle headers are cut off too)."},
	{"http.memory_limit", GW_CONF_SIZE, OFF(http_memory_limit), "32K", 4 * KIB, 16 * MIB,
	 NULL, 0, NULL,
	 "Memory for one connection's request line and headers; more gets 431/413 and close."},
	{"http.answer_timeout", GW_CONF_DURATION, OFF(http_answer_timeout), "40s", 100,
	 10 * MS_M, NULL, GW_CONF_RELOAD, NULL,
	 "Deadline for a request whose answer waits on something else (e.g. a SIP "
	 "transaction). Keep it below the clients' HTTP timeout (45 s on Android's IMPS)."},
	{"store.path", GW_CONF_PATH, OFF(store_path), "./var/iwf.db", 0, GW_CONF_STRING_MAX,
	 NULL, 0, NULL,
	 "SQLite database file (WAL mode; FILE-wal and FILE-shm beside it). The folder is "
	 "created if missing. It holds passwords: keep it readable by the daemon user only."},
	{"store.busy_timeout", GW_CONF_DURATION, OFF(store_busy_timeout), "2s", 0, MS_M, NULL,
	 0, NULL,
	 "How long a store call waits for a lock held by another process (iwfctl)."},
	{"log.level", GW_CONF_ENUM, OFF(log_level), "notice", 0, 0, log_level_names,
	 GW_CONF_RELOAD, NULL,
	 "Least important messages written: error, warning, notice, info or debug. Bodies "
	 "and credentials never appear above debug."},
	{"log.syslog", GW_CONF_BOOL, OFF(log_syslog), "no", 0, 0, NULL, GW_CONF_RELOAD, NULL,
	 "yes: log to syslog (facility daemon); no: log to stderr (journald under systemd)."},
	{"log.sofia", GW_CONF_INT, OFF(log_sofia), "-1", -1, 9, NULL, GW_CONF_RELOAD, NULL,
	 "sofia-sip's own log level 0-9 for its su, nua, nta and tport logs; -1 follows "
	 "log.level (error 1, warning 2, notice 3, info 5, debug 7)."},
	{"session.keepalive_min", GW_CONF_DURATION, OFF(session_keepalive_min), "30s", MS_S,
	 MS_D, NULL, GW_CONF_RELOAD, NULL,
	 "Shortest KeepAliveTime granted to a client (its TimeToLive is raised to this)."},
	{"session.keepalive_max", GW_CONF_DURATION, OFF(session_keepalive_max), "2h", MS_S,
	 MS_D, NULL, GW_CONF_RELOAD, NULL,
	 "Longest KeepAliveTime granted (a longer TimeToLive is cut to this)."},
	{"session.keepalive_default", GW_CONF_DURATION, OFF(session_keepalive_default), "10m",
	 MS_S, MS_D, NULL, GW_CONF_RELOAD, NULL,
	 "KeepAliveTime granted when the client asks for none. Must lie within min..max."},
	{"session.poll_min", GW_CONF_DURATION, OFF(session_poll_min), "30s", MS_S, MS_H, NULL,
	 GW_CONF_RELOAD, NULL,
	 "ServerPollMin: least time between two Polling-Requests of one client."},
	{"cir.tcp_listen", GW_CONF_ADDRESS, OFF(cir_tcp_listen), "", 0, 0, NULL,
	 GW_CONF_OPTIONAL, NULL,
	 "Standalone TCP CIR listener (clients send HELO SESSIONID, get WVCI wake-ups). "
	 "Empty: no TCP CIR; clients poll."},
	{"trust.peers", GW_CONF_LIST, OFF(trust_peers), "127.0.0.0/8, ::1", 0, 0, NULL,
	 GW_CONF_RELOAD | GW_CONF_OPTIONAL, check_cidr,
	 "Addresses or prefixes of trusted network elements (e.g. an operator's proxy) whose "
	 "identity headers (X-Network-MSISDN) are believed. Empty: trust nobody."},
	{"control.socket", GW_CONF_PATH, OFF(control_socket), "./var/iwfd.ctl", 0,
	 GW_CONF_STRING_MAX, NULL, GW_CONF_OPTIONAL, check_socket_path,
	 "Unix socket for iwfctl (status, reload); mode 0600. Empty: no control socket."},
};

#define KEY_COUNT (sizeof keys / sizeof keys[0])

struct gw_conf_key const *gw_config_keys(unsigned *countp)
{
	*countp = KEY_COUNT;
	return keys;
}

struct gw_conf_key const *gw_config_key_find(char const *name)
{
	for (unsigned i = 0; i < KEY_COUNT; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static char const *const type_names[] = {
	[GW_CONF_STRING] = "string", [GW_CONF_INT] = "int", [GW_CONF_BOOL] = "bool",
	[GW_CONF_ENUM] = "enum", [GW_CONF_DURATION] = "duration", [GW_CONF_SIZE] = "size",
	[GW_CONF_ADDRESS] = "address", [GW_CONF_PATH] = "path", [GW_CONF_LIST] = "list",
};

char const *gw_conf_type_name(enum gw_conf_type type)
{
	if ((unsigned)type >= sizeof type_names / sizeof type_names[0] || !type_names[type])
		return "unknown";
	return type_names[type];
}

/* --- parsing of single values ------------------------------------------------------------ */

static void errf(char *err, size_t errlen, char const *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void errf(char *err, size_t errlen, char const *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Decimal integer with an optional sign and nothing else. */
static int parse_ll(char const *s, char **endp, long long *out)
{
	if (!(isdigit((unsigned char)*s) || ((*s == '-' || *s == '+') &&
					     isdigit((unsigned char)s[1]))))
		return EINVAL;
	errno = 0;
	*out = strtoll(s, endp, 10);
	return errno ? ERANGE : 0;
}

struct unit {
	char const *suffix;
	long long factor;
};

static struct unit const duration_units[] = {
	{"", MS_S}, {"ms", 1}, {"s", MS_S}, {"m", MS_M}, {"h", MS_H}, {"d", MS_D},
};

static struct unit const size_units[] = {
	{"", 1}, {"k", KIB}, {"m", MIB}, {"g", GIB},
};

static int parse_scaled(char const *s, struct unit const *units, size_t n, long long *out)
{
	long long v;
	char *end;

	if (parse_ll(s, &end, &v) || v < 0)
		return EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(end, units[i].suffix) != 0)
			continue;
		if (v > LLONG_MAX / units[i].factor)
			return EINVAL;
		*out = v * units[i].factor;
		return 0;
	}
	return EINVAL;
}

static char const *const bool_yes[] = {"yes", "true", "on", "1"};
static char const *const bool_no[] = {"no", "false", "off", "0"};

static int parse_bool(char const *s, int *out)
{
	for (size_t i = 0; i < sizeof bool_yes / sizeof bool_yes[0]; i++) {
		if (strcasecmp(s, bool_yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(s, bool_no[i]) == 0)
			return *out = 0, 0;
	}
	return EINVAL;
}

/* Splits a list value into items (commas and/or blanks). Returns the count or -1. */
static int split_list(char *s, char **items, int max)
{
	int n = 0;

	for (char *tok = strtok(s, ", \t"); tok; tok = strtok(NULL, ", \t")) {
		if (n == max)
			return -1;
		items[n++] = tok;
	}
	return n;
}

static void *field(struct gw_config *cfg, struct gw_conf_key const *k)
{
	return (char *)cfg + k->offset;
}

static void const *cfield(struct gw_config const *cfg, struct gw_conf_key const *k)
{
	return (char const *)cfg + k->offset;
}

/* Parses `value` for key `k` and stores it; on error the field is untouched. */
static int set_key(struct gw_config *cfg, struct gw_conf_key const *k, char const *value,
		   char *err, size_t errlen)
{
	char const *why = NULL;
	long long ll;
	char *end;

	if (strlen(value) > GW_CONF_LINE_MAX) {
		errf(err, errlen, "key '%s': value too long", k->name);
		return EINVAL;
	}
	if (*value == '\0' && (k->flags & GW_CONF_OPTIONAL) == 0 &&
	    k->type != GW_CONF_STRING) {
		errf(err, errlen, "key '%s': a value is required", k->name);
		return EINVAL;
	}

	switch (k->type) {
	case GW_CONF_STRING:
	case GW_CONF_PATH: {
		if ((int64_t)strlen(value) > k->max) {
			errf(err, errlen, "key '%s': longer than %" PRId64 " bytes", k->name, k->max);
			return EINVAL;
		}
		/* An empty optional value means off and is not checked. */
		if ((*value || (k->flags & GW_CONF_OPTIONAL) == 0) && k->check &&
		    (why = k->check(value)) != NULL)
			break;
		char *s = su_strdup(cfg->home, value), **fp = field(cfg, k);

		if (s == NULL)
			return ENOMEM;
		su_free(cfg->home, *fp);
		*fp = s;
		return 0;
	}
	case GW_CONF_INT:
		if (parse_ll(value, &end, &ll) || *end) {
			why = "not a whole number";
			break;
		}
		if (ll < k->min || ll > k->max) {
			errf(err, errlen, "key '%s': %lld is outside %" PRId64 "..%" PRId64, k->name,
			     ll, k->min, k->max);
			return EINVAL;
		}
		*(int *)field(cfg, k) = (int)ll;
		return 0;
	case GW_CONF_BOOL: {
		int b;

		if (parse_bool(value, &b)) {
			why = "expected yes or no";
			break;
		}
		*(int *)field(cfg, k) = b;
		return 0;
	}
	case GW_CONF_ENUM:
		for (int i = 0; k->choices[i]; i++) {
			if (strcasecmp(value, k->choices[i]) == 0) {
				*(int *)field(cfg, k) = i;
				return 0;
			}
		}
		{
			char list[256] = "";

			for (int i = 0; k->choices[i]; i++) {
				if (i)
					strncat(list, ", ", sizeof list - strlen(list) - 1);
				strncat(list, k->choices[i], sizeof list - strlen(list) - 1);
			}
			errf(err, errlen, "key '%s': '%s' is not one of %s", k->name, value, list);
		}
		return EINVAL;
	case GW_CONF_DURATION:
	case GW_CONF_SIZE:
		if (k->type == GW_CONF_DURATION ?
		    parse_scaled(value, duration_units,
				 sizeof duration_units / sizeof duration_units[0], &ll) :
		    parse_scaled(value, size_units, sizeof size_units / sizeof size_units[0], &ll)) {
			why = k->type == GW_CONF_DURATION ?
				"expected a duration like 500ms, 30s, 5m, 2h, 1d" :
				"expected a size like 512, 64K, 1M, 1G";
			break;
		}
		if (ll < k->min || ll > k->max) {
			char lo[32], hi[32];
			struct gw_config tmp;

			/* Print the bounds in the key's own units. */
			*(int64_t *)field(&tmp, k) = k->min;
			gw_config_format(&tmp, k->name, lo, sizeof lo);
			*(int64_t *)field(&tmp, k) = k->max;
			gw_config_format(&tmp, k->name, hi, sizeof hi);
			errf(err, errlen, "key '%s': %s is outside %s..%s", k->name, value, lo, hi);
			return EINVAL;
		}
		*(int64_t *)field(cfg, k) = ll;
		return 0;
	case GW_CONF_ADDRESS: {
		struct gw_conf_addr *a = field(cfg, k);
		char host[GW_ADDR_TEXT_MAX];
		char const *h;
		unsigned port;

		if (*value == '\0') {
			su_free(cfg->home, a->host);
			a->host = NULL;
			a->port = 0;
			return 0;
		}
		if (gw_hostport_parse(value, host, sizeof host, &h, &port, &why))
			break;
		char *s = su_strdup(cfg->home, h);

		if (s == NULL)
			return ENOMEM;
		su_free(cfg->home, a->host);
		a->host = s;
		a->port = port;
		return 0;
	}
	case GW_CONF_LIST: {
		struct gw_conf_list *l = field(cfg, k);
		char *copy = su_strdup(cfg->home, value), *items[GW_CONF_LIST_MAX];
		int n;

		if (copy == NULL)
			return ENOMEM;
		n = split_list(copy, items, GW_CONF_LIST_MAX);
		if (n < 0) {
			su_free(cfg->home, copy);
			errf(err, errlen, "key '%s': more than %d items", k->name, GW_CONF_LIST_MAX);
			return EINVAL;
		}
		for (int i = 0; i < n && k->check; i++) {
			if ((why = k->check(items[i])) != NULL) {
				errf(err, errlen, "key '%s': item '%s': %s", k->name, items[i], why);
				su_free(cfg->home, copy);
				return EINVAL;
			}
		}
		char **arr = su_zalloc(cfg->home, (size_t)(n + 1) * sizeof *arr);

		for (int i = 0; arr && i < n; i++)
			if ((arr[i] = su_strdup(cfg->home, items[i])) == NULL) {
				for (int j = 0; j < i; j++)
					su_free(cfg->home, arr[j]);
				su_free(cfg->home, arr);
				arr = NULL;
			}
		su_free(cfg->home, copy);
		if (arr == NULL)
			return ENOMEM;
		for (unsigned i = 0; i < l->n; i++)
			su_free(cfg->home, l->items[i]);
		su_free(cfg->home, l->items);
		l->items = arr;
		l->n = (unsigned)n;
		return 0;
	}
	}
	errf(err, errlen, "key '%s': %s", k->name, why ? why : "bad value");
	return EINVAL;
}

/* --- public API -------------------------------------------------------------------------- */

int gw_config_init(struct gw_config *cfg)
{
	char err[GW_CONF_ERR_MAX];

	memset(cfg, 0, sizeof *cfg);
	if (su_home_init(cfg->home) != 0)
		return ENOMEM;
	for (unsigned i = 0; i < KEY_COUNT; i++) {
		int e = set_key(cfg, &keys[i], keys[i].def, err, sizeof err);

		if (e) {
			/* A bad default is a bug in the table; the table test catches it. */
			gw_error("while setting defaults: %s", err);
			gw_config_deinit(cfg);
			return e;
		}
	}
	return 0;
}

void gw_config_deinit(struct gw_config *cfg)
{
	su_home_deinit(cfg->home);
	memset(cfg, 0, sizeof *cfg);
}

int gw_config_set(struct gw_config *cfg, char const *key, char const *value, char *err,
		  size_t errlen)
{
	struct gw_conf_key const *k = gw_config_key_find(key);

	if (k == NULL) {
		errf(err, errlen, "key '%s': unknown key", key);
		return ENOENT;
	}
	return set_key(cfg, k, value, err, errlen);
}

int gw_config_set_arg(struct gw_config *cfg, char const *arg, char *err, size_t errlen)
{
	char key[128];
	char const *eq = strchr(arg, '=');
	size_t n;

	if (eq == NULL || eq == arg || (n = (size_t)(eq - arg)) >= sizeof key) {
		errf(err, errlen, "'%s': expected key=value", arg);
		return EINVAL;
	}
	memcpy(key, arg, n);
	key[n] = '\0';
	return gw_config_set(cfg, key, eq + 1, err, errlen);
}

/*
 * Splits one line into key and value (in place). Returns 0 with *keyp NULL for blank and
 * comment lines, EINVAL with *whyp on syntax errors.
 */
static int split_line(char *line, char **keyp, char **valuep, char const **whyp)
{
	char *p = line, *key, *v;

	*keyp = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#' || *p == '\n' || *p == '\r')
		return 0;
	key = p;
	while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	char *kend = p;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=' || kend == key) {
		*whyp = "expected 'key = value'";
		return EINVAL;
	}
	*kend = '\0';
	p++;
	while (*p == ' ' || *p == '\t')
		p++;

	if (*p == '"') {
		char *w = v = ++p;

		for (;; p++) {
			if (*p == '\0' || *p == '\n' || *p == '\r') {
				*whyp = "unterminated quoted value";
				return EINVAL;
			}
			if (*p == '"')
				break;
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			*w++ = *p;
		}
		*w = '\0';
		for (p++; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
			;
		if (*p != '\0' && *p != '#') {
			*whyp = "text after the closing quote";
			return EINVAL;
		}
	} else {
		v = p;
		/* '#' at the value start or after a blank starts a comment. */
		for (; *p && *p != '\n' && *p != '\r'; p++)
			if (*p == '#' && (p == v || p[-1] == ' ' || p[-1] == '\t'))
				break;
		*p = '\0';
		while (p > v && (p[-1] == ' ' || p[-1] == '\t'))
			*--p = '\0';
	}
	*keyp = key;
	*valuep = v;
	return 0;
}

int gw_config_load(struct gw_config *cfg, char const *path, char *err, size_t errlen)
{
	char line[GW_CONF_LINE_MAX + 2];
	unsigned first_line[KEY_COUNT] = {0};
	unsigned lineno = 0;
	int e = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		e = errno;
		errf(err, errlen, "%s: %s", path, strerror(e));
		return e;
	}
	while (fgets(line, sizeof line, f)) {
		char *key, *value, sub[GW_CONF_ERR_MAX];
		char const *why = NULL;
		size_t len = strlen(line);

		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			errf(err, errlen, "%s:%u: line longer than %d bytes", path, lineno,
			     GW_CONF_LINE_MAX);
			e = E2BIG;
			goto out;
		}
		if (split_line(line, &key, &value, &why)) {
			errf(err, errlen, "%s:%u: %s", path, lineno, why);
			e = EINVAL;
			goto out;
		}
		if (key == NULL)
			continue;
		struct gw_conf_key const *k = gw_config_key_find(key);

		if (k && first_line[k - keys]) {
			errf(err, errlen, "%s:%u: key '%s': already set on line %u", path, lineno, key,
			     first_line[k - keys]);
			e = EINVAL;
			goto out;
		}
		e = gw_config_set(cfg, key, value, sub, sizeof sub);
		if (e) {
			errf(err, errlen, "%s:%u: %s", path, lineno, sub);
			goto out;
		}
		first_line[k - keys] = lineno;
	}
	if (ferror(f)) {
		e = EIO;
		errf(err, errlen, "%s: read error", path);
	}
out:
	fclose(f);
	return e;
}

int gw_config_check(struct gw_config const *cfg, char *err, size_t errlen)
{
	if (cfg->session_keepalive_min > cfg->session_keepalive_max) {
		errf(err, errlen, "keys 'session.keepalive_min' and 'session.keepalive_max': "
		     "min is larger than max");
		return EINVAL;
	}
	if (cfg->session_keepalive_default < cfg->session_keepalive_min ||
	    cfg->session_keepalive_default > cfg->session_keepalive_max) {
		errf(err, errlen, "key 'session.keepalive_default': outside "
		     "session.keepalive_min..session.keepalive_max");
		return EINVAL;
	}
	return 0;
}

static int format_scaled(int64_t v, struct unit const *units, size_t n, char *buf,
			 size_t size)
{
	size_t best = 0;
	int len;

	/* The largest unit that divides the value exactly (rows after the bare-number row). */
	for (size_t i = 1; i < n; i++)
		if (v % units[i].factor == 0 && (best == 0 || units[i].factor > units[best].factor))
			best = i;
	if (v == 0)
		best = units == duration_units ? 2 : 0;
	len = snprintf(buf, size, "%" PRId64 "%s", (int64_t)(v / units[best].factor),
		       units[best].suffix);
	if (units == size_units && len > 0 && (size_t)len < size)
		for (char *p = buf; *p; p++)
			*p = (char)toupper((unsigned char)*p);
	return len < 0 || (size_t)len >= size ? E2BIG : 0;
}

static int needs_quotes(char const *s)
{
	if (*s == '\0' || *s == ' ' || *s == '\t' || s[strlen(s) - 1] == ' ')
		return 1;
	return strpbrk(s, "#\"\\") != NULL;
}

int gw_config_format(struct gw_config const *cfg, char const *key, char *buf, size_t size)
{
	struct gw_conf_key const *k = gw_config_key_find(key);
	int len = 0;

	if (k == NULL)
		return ENOENT;
	switch (k->type) {
	case GW_CONF_STRING:
	case GW_CONF_PATH: {
		char const *s = *(char *const *)cfield(cfg, k);

		if (s == NULL)
			s = "";
		if (!needs_quotes(s) || (k->flags & GW_CONF_OPTIONAL && *s == '\0')) {
			len = snprintf(buf, size, "%s", s);
			break;
		}
		size_t o = 0;

		if (size < 3)
			return E2BIG;
		buf[o++] = '"';
		for (; *s; s++) {
			if (o + 4 > size)
				return E2BIG;
			if (*s == '"' || *s == '\\')
				buf[o++] = '\\';
			buf[o++] = *s;
		}
		buf[o++] = '"';
		buf[o] = '\0';
		return 0;
	}
	case GW_CONF_INT:
		len = snprintf(buf, size, "%d", *(int const *)cfield(cfg, k));
		break;
	case GW_CONF_BOOL:
		len = snprintf(buf, size, "%s", *(int const *)cfield(cfg, k) ? "yes" : "no");
		break;
	case GW_CONF_ENUM:
		len = snprintf(buf, size, "%s", k->choices[*(int const *)cfield(cfg, k)]);
		break;
	case GW_CONF_DURATION:
		return format_scaled(*(int64_t const *)cfield(cfg, k), duration_units,
				     sizeof duration_units / sizeof duration_units[0], buf, size);
	case GW_CONF_SIZE:
		return format_scaled(*(int64_t const *)cfield(cfg, k), size_units,
				     sizeof size_units / sizeof size_units[0], buf, size);
	case GW_CONF_ADDRESS: {
		struct gw_conf_addr const *a = cfield(cfg, k);

		if (a->host == NULL)
			len = snprintf(buf, size, "%s", "");
		else if (strchr(a->host, ':'))
			len = snprintf(buf, size, "[%s]:%u", a->host, a->port);
		else
			len = snprintf(buf, size, "%s:%u", a->host, a->port);
		break;
	}
	case GW_CONF_LIST: {
		struct gw_conf_list const *l = cfield(cfg, k);
		size_t o = 0;

		if (size == 0)
			return E2BIG;
		buf[0] = '\0';
		for (unsigned i = 0; i < l->n; i++) {
			len = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", l->items[i]);
			if (len < 0 || (size_t)len >= size - o)
				return E2BIG;
			o += (size_t)len;
		}
		return 0;
	}
	}
	return len < 0 || (size_t)len >= size ? E2BIG : 0;
}

void gw_config_dump(struct gw_config const *cfg, FILE *f)
{
	char buf[GW_CONF_LINE_MAX];

	for (unsigned i = 0; i < KEY_COUNT; i++) {
		if (gw_config_format(cfg, keys[i].name, buf, sizeof buf))
			snprintf(buf, sizeof buf, "(too long to show)");
		fprintf(f, "%s = %s\n", keys[i].name, buf);
	}
}

void gw_config_help(FILE *f)
{
	for (unsigned i = 0; i < KEY_COUNT; i++) {
		struct gw_conf_key const *k = &keys[i];

		fprintf(f, "%s (%s, default \"%s\"%s%s)\n    %s\n", k->name, gw_conf_type_name(k->type),
			k->def, k->flags & GW_CONF_RELOAD ? ", reloadable" : ", restart",
			k->flags & GW_CONF_OPTIONAL ? ", empty = off" : "", k->help);
	}
}

int gw_config_reload(struct gw_config *live, struct gw_config const *fresh)
{
	char old[GW_CONF_LINE_MAX], nv[GW_CONF_LINE_MAX], err[GW_CONF_ERR_MAX];
	int restart = 0;

	for (unsigned i = 0; i < KEY_COUNT; i++) {
		struct gw_conf_key const *k = &keys[i];

		if (gw_config_format(live, k->name, old, sizeof old) ||
		    gw_config_format(fresh, k->name, nv, sizeof nv) || strcmp(old, nv) == 0)
			continue;
		if ((k->flags & GW_CONF_RELOAD) == 0) {
			gw_warning("while reloading the configuration: %s changed (%s -> %s) but "
				   "needs a restart; keeping %s", k->name, old, nv, old);
			restart++;
			continue;
		}
		if (set_key(live, k, nv, err, sizeof err)) {
			gw_error("while reloading the configuration: %s", err);
			return -1;
		}
		gw_notice("configuration reloaded: %s %s -> %s", k->name, old, nv);
	}
	return restart;
}
