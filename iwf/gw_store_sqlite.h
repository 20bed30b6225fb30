/* iwf/gw_store_sqlite.h: SQLite back end of gw_store: the migration hook (tests, tools). */
#ifndef IWF_GW_STORE_SQLITE_H
#define IWF_GW_STORE_SQLITE_H

#include "iwf/gw_store.h"

/*
 * gw_store_open() with an explicit migration list: migrations[i] turns schema version i into
 * i + 1, each applied in its own transaction together with PRAGMA user_version = i + 1, so a
 * failing step leaves the file at the version before it (EIO, logged). A file at a version
 * above n is refused with EPROTO. gw_store_open() passes the built-in list.
 */
int gw_store_open_migrations(struct gw_store **stp, char const *path, int64_t busy_timeout_ms,
			     char const *const *migrations, int n);

/* The built-in migration list (n in *countp). */
char const *const *gw_store_migrations(int *countp);

#endif
