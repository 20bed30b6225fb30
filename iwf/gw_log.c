/* iwf/gw_log.c: log sink of the daemon (stderr or syslog) and the redirection of sofia-sip's logs. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sofia-sip/su_log.h>

#include "iwf/gw_log.h"

/* sofia-sip exports these logs but declares only su_log_default in a public header. */
SOFIAPUBVAR su_log_t nua_log[];
SOFIAPUBVAR su_log_t nta_log[];
SOFIAPUBVAR su_log_t tport_log[];

enum gw_log_level gw_log_threshold = GW_LOG_NOTICE;

struct gw_log_level_row const gw_log_levels[] = {
	{"error", GW_LOG_ERROR, LOG_ERR, 1},
	{"warning", GW_LOG_WARNING, LOG_WARNING, 2},
	{"notice", GW_LOG_NOTICE, LOG_NOTICE, 3},
	{"info", GW_LOG_INFO, LOG_INFO, 5},
	{"debug", GW_LOG_DEBUG, LOG_DEBUG, 7},
};
unsigned const gw_log_level_count = sizeof gw_log_levels / sizeof gw_log_levels[0];

static struct {
	char const *ident;
	int use_syslog;
	FILE *stream;		/* NULL: stderr */
} sink = {"iwfd", 0, NULL};

/* One partial line per sofia log: sofia often writes a line in several calls. */
struct sofia_buf {
	char const *name;
	size_t len;
	char text[GW_LOG_LINE_MAX];
};

static struct sofia_buf sofia_bufs[] = {
	{"su", 0, ""}, {"nua", 0, ""}, {"nta", 0, ""}, {"tport", 0, ""},
};

static su_log_t *sofia_log_of(unsigned i)
{
	switch (i) {
	case 0: return su_log_default;
	case 1: return nua_log;
	case 2: return nta_log;
	default: return tport_log;
	}
}

#define SOFIA_LOGS (sizeof sofia_bufs / sizeof sofia_bufs[0])

int gw_log_level_parse(char const *name, enum gw_log_level *levelp)
{
	if (name == NULL)
		return EINVAL;
	for (unsigned i = 0; i < gw_log_level_count; i++) {
		if (strcasecmp(name, gw_log_levels[i].name) == 0) {
			*levelp = gw_log_levels[i].level;
			return 0;
		}
	}
	return EINVAL;
}

static struct gw_log_level_row const *level_row(enum gw_log_level level)
{
	for (unsigned i = 0; i < gw_log_level_count; i++)
		if (gw_log_levels[i].level == level)
			return &gw_log_levels[i];
	return &gw_log_levels[GW_LOG_DEBUG];	/* default row: the most verbose */
}

char const *gw_log_level_name(enum gw_log_level level)
{
	return level_row(level)->name;
}

/* Writes one finished line (no newline in `text`) to the sink. */
static void emit(char const *tag, int priority, char *text)
{
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';

	if (sink.use_syslog) {
		syslog(priority, "%s: %s", tag, text);
		return;
	}

	struct timeval tv;
	struct tm tm;
	char when[32];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	FILE *f = sink.stream ? sink.stream : stderr;
	fprintf(f, "%s.%03ldZ %s[%ld] %s: %s\n", when, (long)(tv.tv_usec / 1000), sink.ident,
		(long)getpid(), tag, text);
	fflush(f);
}

/* Formats into a bounded buffer; marks a cut with "...". */
static void format_line(char *buf, size_t size, char const *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0) {
		snprintf(buf, size, "(unformattable log message)");
		return;
	}
	if ((size_t)n >= size)
		memcpy(buf + size - 4, "...", 4);
	n = (int)strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
}

void gw_log_write(enum gw_log_level level, char const *fmt, ...)
{
	char line[GW_LOG_LINE_MAX];
	va_list ap;
	struct gw_log_level_row const *row = level_row(level);

	va_start(ap, fmt);
	format_line(line, sizeof line, fmt, ap);
	va_end(ap);
	emit(row->name, row->syslog_priority, line);
}

/* su_logger_f: collects sofia's fragments and emits whole lines. */
static void sofia_logger(void *stream, char const *fmt, va_list ap)
{
	struct sofia_buf *b = stream;
	char tag[32];
	int n;

	n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
	if (n < 0)
		return;
	b->len += (size_t)n;
	if (b->len >= sizeof b->text)
		b->len = sizeof b->text - 1;	/* cut: the rest of the line is lost */

	snprintf(tag, sizeof tag, "sofia %s", b->name);
	char *start = b->text, *nl;

	while ((nl = memchr(start, '\n', b->len - (size_t)(start - b->text))) != NULL) {
		*nl = '\0';
		if (nl > start)
			emit(tag, LOG_INFO, start);
		start = nl + 1;
	}
	size_t rest = b->len - (size_t)(start - b->text);

	if (rest == sizeof b->text - 1) {	/* full without a newline: flush it */
		emit(tag, LOG_INFO, b->text);
		rest = 0;
	}
	memmove(b->text, start, rest);
	b->len = rest;
	b->text[rest] = '\0';
}

void gw_log_set_sofia_level(int sofia_level, enum gw_log_level level)
{
	unsigned l = sofia_level < 0 ? (unsigned)level_row(level)->sofia_level :
		(unsigned)(sofia_level > SU_LOG_MAX ? SU_LOG_MAX : sofia_level);

	for (unsigned i = 0; i < SOFIA_LOGS; i++) {
		su_log_redirect(sofia_log_of(i), sofia_logger, &sofia_bufs[i]);
		su_log_set_level(sofia_log_of(i), l);
	}
}

void gw_log_open(char const *ident, enum gw_log_level level, int use_syslog)
{
	if (sink.use_syslog)
		closelog();
	sink.ident = ident ? ident : "iwfd";
	sink.use_syslog = use_syslog;
	if (use_syslog)
		openlog(sink.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	gw_log_threshold = level;
	gw_log_set_sofia_level(-1, level);
}

void gw_log_close(void)
{
	if (sink.use_syslog)
		closelog();
	sink.use_syslog = 0;
}

void gw_log_set_level(enum gw_log_level level)
{
	gw_log_threshold = level;
}

void gw_log_set_stream(FILE *f)
{
	sink.stream = f;
}
