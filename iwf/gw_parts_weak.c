/* iwf/gw_parts_weak.c: weak stand-ins for the presence and IM parts until theirs exist. */
#include "config.h"

#include <stddef.h>

#include "iwf/gw_server.h"

/*
 * This file goes into its own library (libiwfweak.a), linked after libiwfgw.a: a part whose
 * file is in libiwfgw.a is taken from there (its symbols are strong), and only what no part
 * defines yet is taken from here. Being weak, these never clash with a part that was linked
 * anyway. The stand-ins do nothing: empty handler tables (their primitives get 405), starts
 * that succeed, events and answers that are dropped.
 */

#define WEAK __attribute__((weak))

WEAK struct gw_handler const gw_presence_handlers[] = {{NULL, 0, NULL, NULL, NULL, NULL}};
WEAK struct gw_handler const gw_list_handlers[] = {{NULL, 0, NULL, NULL, NULL, NULL}};
WEAK struct gw_handler const gw_im_handlers[] = {{NULL, 0, NULL, NULL, NULL, NULL}};

WEAK int gw_presence_start(struct gw_server *srv)
{
	(void)srv;
	return 0;
}

WEAK void gw_presence_stop(struct gw_server *srv)
{
	(void)srv;
}

WEAK int gw_im_start(struct gw_server *srv)
{
	(void)srv;
	return 0;
}

WEAK void gw_im_stop(struct gw_server *srv)
{
	(void)srv;
}

WEAK void gw_presence_acked(struct gw_server *srv, struct gw_sess *s, char const *prim,
			    char const *ref, struct csp_node const *answer)
{
	(void)srv;
	(void)s;
	(void)prim;
	(void)ref;
	(void)answer;
}

WEAK void gw_im_acked(struct gw_server *srv, struct gw_sess *s, char const *prim,
		      char const *ref, struct csp_node const *answer)
{
	(void)srv;
	(void)s;
	(void)prim;
	(void)ref;
	(void)answer;
}

WEAK void gw_presence_on_login(struct gw_server *srv, struct gw_sess *s)
{
	(void)srv;
	(void)s;
}

WEAK void gw_presence_on_logout(struct gw_server *srv, struct gw_sess *s)
{
	(void)srv;
	(void)s;
}

WEAK void gw_im_on_login(struct gw_server *srv, struct gw_sess *s)
{
	(void)srv;
	(void)s;
}

WEAK void gw_im_on_logout(struct gw_server *srv, struct gw_sess *s)
{
	(void)srv;
	(void)s;
}
