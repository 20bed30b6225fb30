#!/bin/sh
# Runs bench/imps against a fresh iwfd: a temporary store and config on free loopback ports,
# the users created beforehand, the messaging phase on one iwfd process and the idle-session
# memory phase on a second, freshly started one (same store), then stops iwfd.
# usage: bench/run-imps.sh BUILDDIR [SRCDIR] [bench/imps options...]
#   environment: BENCH_SESSIONS (200), BENCH_MESSAGES (20), BENCH_IDLE (10000),
#   BENCH_USERS=iwfctl to create every user with `iwfctl user add` (slow: one process each),
#   BENCH_TMPDIR=/dev/shm to put the store on tmpfs (fsync costs nothing: shows what the
#   disk's fsync latency costs), KEEP_TMP=1 to keep the temporary folder (config, store, log).
set -eu
build=${1:?build folder}
shift
if [ $# -gt 0 ] && [ -d "$1" ]; then shift; fi	# SRCDIR: not needed
S=${BENCH_SESSIONS:-200}
M=${BENCH_MESSAGES:-20}
K=${BENCH_IDLE:-10000}
PREFIX=b
PASSWORD=pw
DOMAIN=bench.example
IWFD=$build/iwf/iwfd
IWFCTL=$build/iwf/iwfctl
BENCH=$build/bench/imps
for f in "$IWFD" "$IWFCTL" "$BENCH"; do
	[ -x "$f" ] || { echo "run-imps: $f is not built" >&2; exit 1; }
done

tmp=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/bench-imps.XXXXXX")
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || :; wait "$pid" 2>/dev/null || :; fi
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM
# Many sockets: S HTTP connections and S CIR links on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || :

cat > "$tmp/iwfd.conf" <<EOF
imps.domain = $DOMAIN
http.listen = 127.0.0.1:0
http.path = /imps
http.connection_limit = 4096
http.connection_timeout = 120s
store.path = $tmp/var/iwf.db
control.socket = $tmp/var/iwfd.ctl
log.level = notice
session.keepalive_max = 2h
cir.tcp_listen = 127.0.0.1:0
EOF
db=$tmp/var/iwf.db
ctl() { "$IWFCTL" -c "$tmp/iwfd.conf" "$@"; }

# --- users PREFIX0 .. PREFIX{N-1}, one password ------------------------------------------------
N=$S
[ "$K" -gt "$N" ] && N=$K
t0=$(date +%s)
ctl user add "${PREFIX}0" "$PASSWORD" > /dev/null
if [ "${BENCH_USERS:-}" != iwfctl ] && command -v sqlite3 > /dev/null; then
	# iwfctl adds one user per process (~0.1-0.2 s each here); until it has a bulk command,
	# the other users are copies of the first one's row (same credential) made by SQLite.
	sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
		WHERE i < $N - 1) INSERT INTO users (name, cred, created)
		SELECT '$PREFIX' || n.i, u.cred, u.created FROM n, users u WHERE u.name = '${PREFIX}0';"
	how="iwfctl user add + SQLite copies of that row"
else
	i=1
	while [ "$i" -lt "$N" ]; do
		ctl user add "$PREFIX$i" "$PASSWORD" > /dev/null
		i=$((i + 1))
	done
	how="iwfctl user add, one process per user"
fi
n=$(ctl user list | wc -l)
[ "$n" -ge "$N" ] || { echo "run-imps: only $n users in the store, expected $N" >&2; exit 1; }
echo "users: $n created in $(($(date +%s) - t0)) s ($how)"

# --- iwfd ----------------------------------------------------------------------------------------
start_iwfd() {
	: > "$tmp/log"
	"$IWFD" -c "$tmp/iwfd.conf" 2>> "$tmp/log" &
	pid=$!
	url=""
	i=0
	while [ $i -lt 200 ]; do
		url=$(sed -n 's/.*notice: CSP endpoint: \(http:[^ ]*\).*/\1/p' "$tmp/log" | head -n 1)
		[ -n "$url" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "run-imps: iwfd did not start:" >&2
	tail -n 20 "$tmp/log" >&2
	exit 1
}
stop_iwfd() {
	kill "$pid"
	wait "$pid" || :
	pid=""
}
# Bytes of the store's pages in use (iwfd stopped, so the WAL is folded in).
store_used() {
	sqlite3 "$db" "SELECT (p.page_count - f.freelist_count) * s.page_size
		FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s;"
}

status=0
start_iwfd
echo "iwfd $pid at $url, store $db ($(df -P "$tmp" | awk 'NR == 2 {print $1}'))"
"$BENCH" --only msg -s "$S" -m "$M" --prefix "$PREFIX" --password "$PASSWORD" \
	--domain "$DOMAIN" --pid "$pid" --store "$db" "$@" "$url" || status=1
stop_iwfd

if command -v sqlite3 > /dev/null; then used0=$(store_used); else used0=""; fi
start_iwfd
echo
echo "iwfd $pid restarted for the idle sessions"
"$BENCH" --only mem -k "$K" --prefix "$PREFIX" --password "$PASSWORD" \
	--domain "$DOMAIN" --pid "$pid" --store "$db" "$@" "$url" || status=1
stop_iwfd
if [ -n "$used0" ]; then
	used1=$(store_used)
	ns=$(sqlite3 "$db" "SELECT count(*) FROM sessions;")
	if [ "$ns" -gt 0 ]; then
		printf '  %-46s %14s  %s\n' "store pages in use per stored session" \
			"$(((used1 - used0) / ns))" "bytes (after a clean stop, $ns sessions)"
	fi
fi
grep -E ' (error|warning): ' "$tmp/log" | head -n 5 || :
exit $status
