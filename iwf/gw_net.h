/* iwf/gw_net.h: numeric socket addresses and CIDR prefixes for the daemon's listeners and trust list. */
#ifndef IWF_GW_NET_H
#define IWF_GW_NET_H

#include <stddef.h>
#include <sys/socket.h>

/* Longest text form of an address with port: "[v6%scope]:65535". */
#define GW_ADDR_TEXT_MAX 80

/* An address prefix: 127.0.0.0/8, ::1 (/128 implied), 192.0.2.7 (/32 implied). */
struct gw_cidr {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];		/* network order; 4 bytes used for AF_INET */
	unsigned prefix;		/* 0..32 or 0..128 */
};

/*
 * Parses "ADDR" or "ADDR/PREFIX" (numeric only). Host bits beyond the prefix are cleared.
 * EINVAL when not an address, when the prefix is out of range or not a number.
 */
int gw_cidr_parse(char const *text, struct gw_cidr *out);

/*
 * 1 when `sa` (AF_INET or AF_INET6; v4-mapped v6 addresses count as v4) lies inside `c`,
 * else 0.
 */
int gw_cidr_match(struct gw_cidr const *c, struct sockaddr const *sa);

/*
 * 1 when `sa` lies inside any of the n prefixes given as text (e.g. the trust.peers list);
 * items that do not parse match nothing. 0 otherwise.
 */
int gw_cidr_list_match(char *const *items, unsigned n, struct sockaddr const *sa);

/*
 * Parses "HOST:PORT" where HOST is a numeric IPv4 address or a bracketed IPv6 address
 * ("[::1]:80"). On success writes *hostp (pointing into `buf`, which receives a copy of the
 * host without brackets, size `bufsize`) and *portp. EINVAL with a reason in *whyp (static).
 */
int gw_hostport_parse(char const *text, char *buf, size_t bufsize, char const **hostp,
		      unsigned *portp, char const **whyp);

/*
 * Fills `ss`/`lenp` from a numeric host and a port. EINVAL when the host is not numeric.
 */
int gw_sockaddr_make(char const *host, unsigned port, struct sockaddr_storage *ss,
		     socklen_t *lenp);

/* Writes "1.2.3.4:80" or "[::1]:80" (port omitted when with_port is 0). Always terminates. */
void gw_sockaddr_format(struct sockaddr const *sa, int with_port, char *buf, size_t size);

#endif
