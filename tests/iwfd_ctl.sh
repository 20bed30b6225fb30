#!/bin/sh
# tests/iwfd_ctl.sh: iwfctl manages users in the store and talks to a running iwfd over the
# control socket; exit codes 0 ok, 1 usage, 2 failure with a message on stderr.
set -u
top_builddir=${top_builddir:-$(pwd)}
IWFD="$top_builddir/iwf/iwfd"
IWFCTL="$top_builddir/iwf/iwfctl"
tmp=$(mktemp -d /tmp/iwfd_ctl.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; echo "--- iwfd log"; cat "$tmp/log" 2>/dev/null; exit 1; }
pass() { echo "ok: $*"; }

cat > "$tmp/iwfd.conf" <<EOF
imps.domain = mno1.example
http.listen = 127.0.0.1:0
store.path = $tmp/var/iwf.db
control.socket = $tmp/var/iwfd.ctl
EOF
ctl() { "$IWFCTL" -c "$tmp/iwfd.conf" "$@"; }
expect() {	# expect RC CMD...: runs iwfctl, checks the exit code; output in $tmp/out, $tmp/err
	want=$1
	shift
	ctl "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc -eq "$want" ] || fail "iwfctl $*: exit $rc, expected $want; stderr: $(cat "$tmp/err")"
	if [ "$want" -eq 2 ] && [ ! -s "$tmp/err" ]; then
		fail "iwfctl $*: failure without a message"
	fi
}

# --- usage ------------------------------------------------------------------------------------
expect 1
expect 1 frobnicate
grep -q "unknown command 'frobnicate'" "$tmp/err" || fail "unknown command not named"
expect 1 user
expect 1 user add harry
expect 1 user frob
expect 1 user del
expect 1 status extra
expect 1 user add 'har ry' secret
expect 1 user add harry@mno2.example secret
grep -q "not a user of this IMPS domain" "$tmp/err" || fail "other domain not explained"
"$IWFCTL" --help > "$tmp/out" || fail "--help"
grep -q "user add \[--crypt\] NAME PASSWORD|-" "$tmp/out" || fail "--help lacks user add"
pass "usage errors exit 1"

# --- users, without a daemon --------------------------------------------------------------------
expect 0 user add harry 'h4rry!'
grep -q "added wv:harry@mno1.example" "$tmp/out" || fail "user add said: $(cat "$tmp/out")"
expect 2 user add Harry other
grep -q "user harry already exists" "$tmp/err" || fail "duplicate not explained"
echo 'j4ne-secret' | ctl user add --crypt wv:jane@MNO1.example - > "$tmp/out" ||
	fail "user add from stdin"
expect 0 user list
printf 'harry\twv:harry@mno1.example\tdigest\njane\twv:jane@mno1.example\tpassword\n' > "$tmp/want"
cmp -s "$tmp/out" "$tmp/want" || fail "user list: $(cat "$tmp/out")"
expect 0 user passwd jane 'n3w'
expect 0 user list
grep -q "^jane	wv:jane@mno1.example	digest$" "$tmp/out" || fail "passwd did not change the scheme"
expect 2 user passwd nobody x
expect 0 user del jane
expect 2 user del jane
grep -q "user jane: does not exist" "$tmp/err" || fail "del of a missing user not explained"
expect 0 user list
[ "$(cat "$tmp/out")" = "$(printf 'harry\twv:harry@mno1.example\tdigest')" ] ||
	fail "after del: $(cat "$tmp/out")"
pass "user add/passwd/del/list"

# The password is stored for the digest login, and only readable by the owner.
[ "$(stat -c %a "$tmp/var/iwf.db")" = 600 ] || fail "store is not mode 600"

# --- status needs the daemon ----------------------------------------------------------------
expect 2 status
grep -q "cannot reach iwfd at $tmp/var/iwfd.ctl" "$tmp/err" || fail "status without iwfd: $(cat "$tmp/err")"
grep -q "is iwfd running?" "$tmp/err" || fail "no hint"

"$IWFD" -c "$tmp/iwfd.conf" 2> "$tmp/log" &
pid=$!
for i in $(seq 1 100); do
	grep -q "notice: ready" "$tmp/log" && break
	kill -0 "$pid" 2>/dev/null || fail "iwfd exited during start-up"
	sleep 0.1
done
expect 0 status
grep -q '^{"version":"[^"]*","pid":'"$pid"',' "$tmp/out" || fail "status: $(cat "$tmp/out")"
grep -q '"imps_domain":"mno1.example"' "$tmp/out" || fail "status lacks the domain"
grep -q '"csp_endpoint":"http://127.0.0.1:[1-9][0-9]*/imps"' "$tmp/out" || fail "status lacks the endpoint"
grep -q '"store":{"path":"'"$tmp"'/var/iwf.db","schema":[1-9]' "$tmp/out" || fail "status lacks the store"
pass "status: $(cut -c1-60 "$tmp/out")..."

# Users can be added while the daemon runs (WAL: no lock-out).
expect 0 user add amy 'amy-pw'
expect 0 reload
grep -q "configuration reloaded" "$tmp/out" || fail "reload: $(cat "$tmp/out")"
grep -q "configuration reloaded from $tmp/iwfd.conf" "$tmp/log" || fail "reload not logged"
pass "user add while running; reload over the socket"

# A second iwfd with the same control socket refuses to start.
"$IWFD" -c "$tmp/iwfd.conf" -o store.path="$tmp/v2/iwf.db" 2> "$tmp/log2"
[ $? -eq 1 ] || fail "second iwfd on the same control socket started"
grep -q "another iwfd is listening there" "$tmp/log2" || fail "second iwfd: $(cat "$tmp/log2")"
pass "one control socket per daemon"

# A crash leaves a stale socket: the next start replaces it.
kill -KILL "$pid"
wait "$pid" 2>/dev/null
pid=""
[ -S "$tmp/var/iwfd.ctl" ] || fail "expected a stale socket after SIGKILL"
expect 2 status
"$IWFD" -c "$tmp/iwfd.conf" 2> "$tmp/log" &
pid=$!
for i in $(seq 1 100); do
	grep -q "notice: ready" "$tmp/log" && break
	kill -0 "$pid" 2>/dev/null || fail "iwfd did not start over a stale socket"
	sleep 0.1
done
expect 0 status
expect 0 user list
grep -q "^amy" "$tmp/out" || fail "amy lost across the crash"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] || fail "iwfd exit $rc"
pass "stale socket replaced after a crash; data kept"
exit 0
