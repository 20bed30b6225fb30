/* iwf/gw_log.h: the daemon's log: five levels, stderr or syslog, sofia-sip's log folded in. */
#ifndef IWF_GW_LOG_H
#define IWF_GW_LOG_H

#include <stdio.h>

enum gw_log_level {
	GW_LOG_ERROR = 0,	/* the daemon cannot do what it was asked */
	GW_LOG_WARNING,		/* something is wrong but service goes on */
	GW_LOG_NOTICE,		/* normal but worth an operator's eye (start, stop, bad peers) */
	GW_LOG_INFO,		/* one line per significant event */
	GW_LOG_DEBUG,		/* everything, including bodies */
};

/* Longest line written; longer messages are cut and end in "...". */
#define GW_LOG_LINE_MAX 2048

/* The current threshold. Read by gw_log(); change it with gw_log_set_level(). */
extern enum gw_log_level gw_log_threshold;

/*
 * gw_log(level, fmt, ...): the one logging macro. Below the threshold it returns before
 * evaluating its arguments. Write what was being done, e.g.
 *   gw_log(GW_LOG_WARNING, "while binding HTTP %s: %s", addr, strerror(err));
 */
#define gw_log(level, ...) \
	do { \
		if ((enum gw_log_level)(level) <= gw_log_threshold) \
			gw_log_write((level), __VA_ARGS__); \
	} while (0)

#define gw_error(...)   gw_log(GW_LOG_ERROR, __VA_ARGS__)
#define gw_warning(...) gw_log(GW_LOG_WARNING, __VA_ARGS__)
#define gw_notice(...)  gw_log(GW_LOG_NOTICE, __VA_ARGS__)
#define gw_info(...)    gw_log(GW_LOG_INFO, __VA_ARGS__)
#define gw_debug(...)   gw_log(GW_LOG_DEBUG, __VA_ARGS__)

/*
 * Writes one line at `level` regardless of the threshold (use gw_log()). Control characters
 * in the result are replaced by '?', so peer data cannot forge log lines.
 */
void gw_log_write(enum gw_log_level level, char const *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Opens the log: `ident` (kept by pointer, must outlive the log) prefixes every line,
 * lines go to syslog (daemon facility) when use_syslog, else to stderr. Redirects
 * sofia-sip's logs (default, nua, nta, tport) here. Can be called again to switch.
 */
void gw_log_open(char const *ident, enum gw_log_level level, int use_syslog);

/* Closes syslog if open; lines go to stderr afterwards. */
void gw_log_close(void);

void gw_log_set_level(enum gw_log_level level);

/*
 * Sets sofia-sip's own level (0 silent .. 9 everything) on its default, nua, nta and tport
 * logs; a negative value derives it from `level` (error 1, warning 2, notice 3, info 5,
 * debug 7). Sofia's lines are written if sofia lets them through, tagged "sofia:".
 */
void gw_log_set_sofia_level(int sofia_level, enum gw_log_level level);

/* Sends stderr-mode lines to `f` instead (tests); NULL restores stderr. Not owned. */
void gw_log_set_stream(FILE *f);

/* Level names: "error" "warning" "notice" "info" "debug". Unknown name: EINVAL. */
int gw_log_level_parse(char const *name, enum gw_log_level *levelp);
char const *gw_log_level_name(enum gw_log_level level);

/* The level-name table, for table walks in tests and for generated help. */
struct gw_log_level_row {
	char const *name;
	enum gw_log_level level;
	int syslog_priority;
	int sofia_level;
};
extern struct gw_log_level_row const gw_log_levels[];
extern unsigned const gw_log_level_count;

#endif
