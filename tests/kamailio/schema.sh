#!/bin/sh
# tests/kamailio/schema.sh: creates the SQLite database of the test Kamailio from Debian's
# schema files (version, presence/xcap, msilo tables) and switches it to WAL.
# Usage: schema.sh DB_FILE [SCHEMA_DIR]   (SCHEMA_DIR default /usr/share/kamailio/db_sqlite)
set -eu
db=${1:?usage: schema.sh DB_FILE [SCHEMA_DIR]}
dir=${2:-/usr/share/kamailio/db_sqlite}
command -v sqlite3 >/dev/null || { echo "schema.sh: sqlite3 not installed" >&2; exit 1; }
for f in standard presence msilo; do
	[ -r "$dir/$f-create.sql" ] || { echo "schema.sh: missing $dir/$f-create.sql" >&2; exit 1; }
done
rm -f "$db" "$db-wal" "$db-shm"
# One transaction for the three files, then WAL (persistent: it is a property of the file).
{
	echo "BEGIN;"
	cat "$dir/standard-create.sql" "$dir/presence-create.sql" "$dir/msilo-create.sql"
	echo "COMMIT;"
	echo "PRAGMA journal_mode=WAL;"
} | sqlite3 -batch -bail "$db" >/dev/null
mode=$(sqlite3 -batch "$db" "PRAGMA journal_mode;")
[ "$mode" = wal ] || { echo "schema.sh: journal_mode is '$mode', not wal" >&2; exit 1; }
