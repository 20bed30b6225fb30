/* iwf/gw_net.c: numeric socket addresses and CIDR prefixes (no name resolution, no I/O). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iwf/gw_net.h"

int gw_cidr_parse(char const *text, struct gw_cidr *out)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct gw_cidr c = {0};
	char const *slash;
	size_t len;
	unsigned maxbits;

	if (text == NULL)
		return EINVAL;
	slash = strchr(text, '/');
	len = slash ? (size_t)(slash - text) : strlen(text);
	if (len == 0 || len >= sizeof buf)
		return EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';

	if (inet_pton(AF_INET, buf, c.addr) == 1)
		c.family = AF_INET, maxbits = 32;
	else if (inet_pton(AF_INET6, buf, c.addr) == 1)
		c.family = AF_INET6, maxbits = 128;
	else
		return EINVAL;

	c.prefix = maxbits;
	if (slash) {
		char *end;
		unsigned long p;

		if (slash[1] < '0' || slash[1] > '9')
			return EINVAL;
		errno = 0;
		p = strtoul(slash + 1, &end, 10);
		if (errno || *end || p > maxbits)
			return EINVAL;
		c.prefix = (unsigned)p;
	}
	for (unsigned bit = c.prefix; bit < maxbits; bit++)
		c.addr[bit / 8] &= (unsigned char)~(0x80u >> (bit % 8));
	*out = c;
	return 0;
}

int gw_cidr_match(struct gw_cidr const *c, struct sockaddr const *sa)
{
	unsigned char const *a;
	static unsigned char const v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		if (c->family != AF_INET)
			return 0;
		a = (unsigned char const *)&((struct sockaddr_in const *)sa)->sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		a = (unsigned char const *)&((struct sockaddr_in6 const *)sa)->sin6_addr;
		if (c->family == AF_INET) {
			if (memcmp(a, v4mapped, sizeof v4mapped) != 0)
				return 0;
			a += 12;
		}
	} else {
		return 0;
	}
	for (unsigned bit = 0; bit < c->prefix; bit++) {
		unsigned char m = (unsigned char)(0x80u >> (bit % 8));

		if ((a[bit / 8] & m) != (c->addr[bit / 8] & m))
			return 0;
	}
	return 1;
}

int gw_cidr_list_match(char *const *items, unsigned n, struct sockaddr const *sa)
{
	for (unsigned i = 0; i < n; i++) {
		struct gw_cidr c;

		if (gw_cidr_parse(items[i], &c) == 0 && gw_cidr_match(&c, sa))
			return 1;
	}
	return 0;
}

int gw_hostport_parse(char const *text, char *buf, size_t bufsize, char const **hostp,
		      unsigned *portp, char const **whyp)
{
	char const *host, *colon, *end;
	size_t hlen;
	unsigned char tmp[16];
	unsigned long port;
	char *pend;

	if (text[0] == '[') {
		host = text + 1;
		end = strchr(host, ']');
		if (end == NULL || end[1] != ':') {
			*whyp = "expected [IPv6]:PORT";
			return EINVAL;
		}
		colon = end + 1;
	} else {
		host = text;
		colon = strrchr(text, ':');
		if (colon == NULL) {
			*whyp = "expected HOST:PORT";
			return EINVAL;
		}
		end = colon;
	}
	hlen = (size_t)(end - host);
	if (hlen == 0 || hlen >= bufsize) {
		*whyp = "missing or too long host";
		return EINVAL;
	}
	memcpy(buf, host, hlen);
	buf[hlen] = '\0';
	if (inet_pton(text[0] == '[' ? AF_INET6 : AF_INET, buf, tmp) != 1) {
		*whyp = text[0] == '[' ? "not a numeric IPv6 address" :
			"host must be a numeric IPv4 address or [IPv6]";
		return EINVAL;
	}
	if (colon[1] < '0' || colon[1] > '9') {
		*whyp = "port must be a number 0-65535";
		return EINVAL;
	}
	errno = 0;
	port = strtoul(colon + 1, &pend, 10);
	if (errno || *pend || port > 65535) {
		*whyp = "port must be a number 0-65535";
		return EINVAL;
	}
	*hostp = buf;
	*portp = (unsigned)port;
	return 0;
}

int gw_sockaddr_make(char const *host, unsigned port, struct sockaddr_storage *ss,
		     socklen_t *lenp)
{
	struct sockaddr_storage s;

	memset(&s, 0, sizeof s);
	if (port > 65535)
		return EINVAL;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&s;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&s;

	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((unsigned short)port);
		*lenp = sizeof *in4;
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)port);
		*lenp = sizeof *in6;
	} else {
		return EINVAL;
	}
	*ss = s;
	return 0;
}

void gw_sockaddr_format(struct sockaddr const *sa, int with_port, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN];

	if (size == 0)
		return;
	if (sa && sa->sa_family == AF_INET) {
		struct sockaddr_in const *in4 = (struct sockaddr_in const *)sa;

		inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
		if (with_port)
			snprintf(buf, size, "%s:%u", host, ntohs(in4->sin_port));
		else
			snprintf(buf, size, "%s", host);
	} else if (sa && sa->sa_family == AF_INET6) {
		struct sockaddr_in6 const *in6 = (struct sockaddr_in6 const *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		if (with_port)
			snprintf(buf, size, "[%s]:%u", host, ntohs(in6->sin6_port));
		else
			snprintf(buf, size, "%s", host);
	} else {
		snprintf(buf, size, "(unknown address)");
	}
}
