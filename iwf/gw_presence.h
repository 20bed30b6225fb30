/* iwf/gw_presence.h: what the presence part offers the other parts (block and grant lists). */
#ifndef IWF_GW_PRESENCE_H
#define IWF_GW_PRESENCE_H

struct gw_server;

/*
 * Does the local user `owner_addr` (a normalised wv: address) refuse `sender_addr` (a
 * normalised wv: or sip: address)? That is: the owner's BlockList is in use and lists the
 * sender, or the owner's GrantList is in use and does not list the sender. A user never
 * blocks themself. For IM (532 Recipient blocked the sender) and for presence (blocked
 * watchers see nothing and cause no authorization requests).
 * Returns 1 when blocked, 0 when not: also when the owner is not a local user, and when the
 * store fails (the failure is logged as a warning).
 */
int gw_presence_blocks(struct gw_server *srv, char const *owner_addr, char const *sender_addr);

#endif
