/* iwf/gw_config.h: iwfd/iwfctl configuration: one table of keys, a `key = value` file, overrides. */
#ifndef IWF_GW_CONFIG_H
#define IWF_GW_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sofia-sip/su_alloc.h>

/* Bounds of the file format. */
#define GW_CONF_LINE_MAX 4096		/* longest line of a config file */
#define GW_CONF_LIST_MAX 64		/* most items in a list value */
#define GW_CONF_ERR_MAX 512		/* room for an error message */

enum gw_conf_type {
	GW_CONF_STRING,		/* char *: text, at most `max` bytes */
	GW_CONF_INT,		/* int: decimal, min..max */
	GW_CONF_BOOL,		/* int 0/1: yes no true false on off 1 0 */
	GW_CONF_ENUM,		/* int: index into `choices` */
	GW_CONF_DURATION,	/* int64_t ms: 500ms 30s 5m 2h 1d; a bare number is seconds */
	GW_CONF_SIZE,		/* int64_t bytes: 512 64K 1M 1G (binary units) */
	GW_CONF_ADDRESS,	/* struct gw_conf_addr: IPv4:PORT or [IPv6]:PORT; port 0 = any free */
	GW_CONF_PATH,		/* char *: a file name; relative to iwfd's working directory */
	GW_CONF_LIST,		/* struct gw_conf_list: items separated by commas and/or blanks */
};

/* Key flags. */
#define GW_CONF_RELOAD   0x1	/* SIGHUP applies a new value to the running daemon */
#define GW_CONF_OPTIONAL 0x2	/* an empty value is allowed and means "off" */

struct gw_conf_addr {
	char *host;		/* numeric, no brackets; NULL when off */
	unsigned port;
};

struct gw_conf_list {
	unsigned n;
	char **items;
};

/* The whole configuration. Strings and lists live in `home`. */
struct gw_config {
	su_home_t home[1];

	char *imps_domain;
	struct gw_conf_addr http_listen;
	char *http_path;
	int64_t http_max_body;
	int http_connection_limit;
	int64_t http_connection_timeout;
	int64_t http_memory_limit;
	int64_t http_answer_timeout;
	char *store_path;
	int64_t store_busy_timeout;
	int log_level;			/* enum gw_log_level */
	int log_syslog;
	int log_sofia;
	int64_t session_keepalive_min;
	int64_t session_keepalive_max;
	int64_t session_keepalive_default;
	int64_t session_poll_min;
	struct gw_conf_addr cir_tcp_listen;
	struct gw_conf_list trust_peers;
	char *control_socket;
};

/* One row of the key table. */
struct gw_conf_key {
	char const *name;
	enum gw_conf_type type;
	size_t offset;			/* into struct gw_config */
	char const *def;		/* default, as text; parsed like a file value */
	int64_t min, max;		/* int, duration (ms), size (bytes); max length for strings */
	char const *const *choices;	/* enum: NULL-terminated */
	unsigned flags;			/* GW_CONF_RELOAD, GW_CONF_OPTIONAL */
	/* Extra check of a parsed value (or of each list item): NULL when fine, else a reason. */
	char const *(*check)(char const *text);
	char const *help;
};

/* The table, for walks (tests, --help-config, documentation). */
struct gw_conf_key const *gw_config_keys(unsigned *countp);
struct gw_conf_key const *gw_config_key_find(char const *name);
char const *gw_conf_type_name(enum gw_conf_type type);

/* Initialises `cfg` with every default. ENOMEM. Release with gw_config_deinit(). */
int gw_config_init(struct gw_config *cfg);
void gw_config_deinit(struct gw_config *cfg);

/*
 * Sets one key from its text. On error writes "key 'NAME': reason" into err (size errlen)
 * and returns ENOENT (unknown key) or EINVAL (bad value); the old value stays.
 */
int gw_config_set(struct gw_config *cfg, char const *key, char const *value, char *err,
		  size_t errlen);

/*
 * Sets "key=value" (the -o argument of iwfd and iwfctl). Errors as gw_config_set(), plus
 * EINVAL "expected key=value".
 */
int gw_config_set_arg(struct gw_config *cfg, char const *arg, char *err, size_t errlen);

/*
 * Reads a config file: `key = value` lines, `#` starts a comment (at line start or after a
 * blank), blank lines ignored, a value may be "double-quoted" (\" and \\ escapes). Stops at
 * the first error: "FILE:LINE: key 'NAME': reason" in err. Errors: the errno of fopen/read,
 * ENOENT unknown key, EINVAL bad value or syntax, E2BIG line too long. A key set twice in a
 * file is an error. Keys the file does not name keep their current values.
 */
int gw_config_load(struct gw_config *cfg, char const *path, char *err, size_t errlen);

/* Checks rules across keys (keep-alive min <= default <= max). EINVAL with a reason. */
int gw_config_check(struct gw_config const *cfg, char *err, size_t errlen);

/* Writes a key's current value as text parseable by gw_config_set(). ENOENT, E2BIG. */
int gw_config_format(struct gw_config const *cfg, char const *key, char *buf, size_t size);

/* Prints every key as `name = value` (the effective configuration). */
void gw_config_dump(struct gw_config const *cfg, FILE *f);

/* Prints the documented key table (name, type, default, reloadable, help). */
void gw_config_help(FILE *f);

/*
 * SIGHUP: copies every reloadable key from `fresh` into `live` and logs "old -> new" for
 * each that changed; logs a warning for each changed key that needs a restart. Returns the
 * number of such keys. ENOMEM is reported as -1 (live keeps the values copied so far).
 */
int gw_config_reload(struct gw_config *live, struct gw_config const *fresh);

#endif
