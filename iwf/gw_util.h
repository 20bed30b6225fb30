/* iwf/gw_util.h: small helpers of the daemon: folders, systemd notification, bounded text buffers. */
#ifndef IWF_GW_UTIL_H
#define IWF_GW_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* mkdir -p of the folder that holds `path` (new folders get mode 0700). errno on failure. */
int gw_mkdir_parent(char const *path);

/*
 * Tells systemd (Type=notify) about a state change, e.g. "READY=1", "RELOADING=1",
 * "STOPPING=1". Does nothing without $NOTIFY_SOCKET. Returns 0 or errno.
 */
int gw_sd_notify(char const *state);

/* A bounded text buffer: appends that do not fit set `full` and are dropped. */
#define GW_BUF_MAX 8192
struct gw_buf {
	size_t len;
	int full;
	char text[GW_BUF_MAX];
};

void gw_buf_init(struct gw_buf *b);
void gw_buf_printf(struct gw_buf *b, char const *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` as a JSON string literal (quotes, escapes; NULL becomes null). */
void gw_buf_json_str(struct gw_buf *b, char const *s);

/* Longest local user name. */
#define GW_USER_NAME_MAX 64

/*
 * Normalises an IMPS user name as iwf stores it: "harry", "Harry", "wv:harry@mno1.example"
 * and "harry@MNO1.example" all become "harry" when `domain` is "mno1.example". The name is
 * lower-cased and may hold a-z 0-9 . _ - + ~ (1..GW_USER_NAME_MAX). EINVAL with a reason in
 * *whyp (static text) for other characters, an empty or long name, or another domain.
 */
int gw_user_name(char const *in, char const *domain, char *out, size_t size,
		 char const **whyp);

#endif
