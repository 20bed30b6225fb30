/* tests/fuzz/fuzz_address.c: wv: <-> sip: address mapping; every accepted input must round-trip. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sofia-sip/su_alloc.h>

#include "mapping/map_addr.h"
#include "tests/fuzz/fuzz.h"

/*
 * Input: the first byte picks the direction (bit 0: SIP side first) and
 * whether a default domain is passed (bit 1); the rest is the address.
 */
static void check_wv(su_home_t *home, char const *in, char const *dflt)
{
	char *wv = NULL, *sip = NULL, *wv2 = NULL, *sip2 = NULL;
	struct map_wv_addr *a = NULL;
	char *formatted = NULL;

	if (map_addr_wv_normalize(home, in, dflt, &wv, NULL) == 0) {
		/* canonical form is a fixed point, parse + format agree */
		if (map_addr_wv_normalize(home, wv, NULL, &wv2, NULL) || strcmp(wv, wv2))
			abort();
		if (map_addr_wv_parse(home, in, dflt, &a, NULL) ||
		    map_addr_wv_format(home, a, &formatted, NULL) || strcmp(formatted, wv))
			abort();
	} else if (map_addr_wv_parse(home, in, dflt, &a, NULL) == 0) {
		abort();
	}
	if (map_addr_wv_to_sip(home, in, dflt, &sip, NULL))
		return;
	if (!wv || map_addr_sip_to_wv(home, sip, &wv2, NULL) || strcmp(wv, wv2))
		abort();
	if (map_addr_wv_to_sip(home, wv2, NULL, &sip2, NULL) || strcmp(sip, sip2))
		abort();
}

static void check_sip(su_home_t *home, char const *in)
{
	char *norm = NULL, *wv = NULL, *sip = NULL, *wv2 = NULL;

	if (map_addr_sip_to_wv(home, in, &wv, NULL)) {
		if (map_addr_sip_normalize(home, in, &norm, NULL) == 0)
			abort();
		return;
	}
	if (map_addr_sip_normalize(home, in, &norm, NULL))
		abort();
	if (map_addr_wv_to_sip(home, wv, NULL, &sip, NULL) || strcmp(sip, norm))
		abort();
	if (map_addr_sip_to_wv(home, sip, &wv2, NULL) || strcmp(wv, wv2))
		abort();
}

int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size)
{
	su_home_t *home;
	char *in;
	unsigned flags;

	if (size < 1 || size > MAP_ADDR_MAX_INPUT + 16)
		return 0;
	flags = data[0];
	home = su_home_new(sizeof *home);
	if (!home)
		return 0;
	in = su_alloc(home, size);
	if (in) {
		memcpy(in, data + 1, size - 1);
		in[size - 1] = '\0';
		if (flags & 1)
			check_sip(home, in);
		else
			check_wv(home, in, (flags & 2) ? "Default.Example" : NULL);
	}
	su_home_unref(home);
	return 0;
}
