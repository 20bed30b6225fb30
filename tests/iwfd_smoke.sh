#!/bin/sh
# tests/iwfd_smoke.sh: iwfd starts on a free port from a config file, answers HTTP, reloads on
# SIGHUP, stops cleanly on SIGTERM; --check-config names a bad key and its line.
set -u
top_builddir=${top_builddir:-$(pwd)}
IWFD="$top_builddir/iwf/iwfd"
tmp=$(mktemp -d /tmp/iwfd_smoke.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; echo "--- iwfd log"; cat "$tmp/log" 2>/dev/null; exit 1; }
pass() { echo "ok: $*"; }

command -v curl >/dev/null || { echo "SKIP: curl not installed"; exit 77; }

# --- --check-config -------------------------------------------------------------------------
cat > "$tmp/bad.conf" <<EOF
# a config with a typo on line 3
imps.domain = mno1.example
http.lisen = 127.0.0.1:0
EOF
"$IWFD" --check-config -c "$tmp/bad.conf" 2> "$tmp/check.err"
rc=$?
[ $rc -eq 2 ] || fail "--check-config on a bad key: exit $rc, expected 2"
grep -q "$tmp/bad.conf:3: key 'http.lisen': unknown key" "$tmp/check.err" ||
	fail "--check-config does not name the key and line: $(cat "$tmp/check.err")"
pass "--check-config names a bad key and its line"

"$IWFD" --check-config -c "$tmp/bad.conf" -o http.listen=x 2>/dev/null
[ $? -eq 2 ] || fail "bad config with override accepted"
"$IWFD" --check-config -o log.level=loud 2> "$tmp/check.err"
[ $? -eq 2 ] && grep -q "key 'log.level'" "$tmp/check.err" || fail "bad -o value accepted"
pass "bad -o values are refused"

# --- start ------------------------------------------------------------------------------------
cat > "$tmp/iwfd.conf" <<EOF
imps.domain = mno1.example
http.listen = 127.0.0.1:0
http.path = /imps
http.max_body = 64K
store.path = $tmp/var/iwf.db
control.socket = $tmp/var/iwfd.ctl
log.level = notice
EOF
"$IWFD" --check-config -c "$tmp/iwfd.conf" 2>/dev/null || fail "--check-config on a good file"
pass "--check-config accepts a good file"

"$IWFD" -c "$tmp/iwfd.conf" 2> "$tmp/log" &
pid=$!
url=""
for i in $(seq 1 100); do
	url=$(sed -n 's/.*notice: CSP endpoint: \(http:[^ ]*\).*/\1/p' "$tmp/log" | head -n 1)
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || fail "iwfd exited during start-up"
	sleep 0.1
done
[ -n "$url" ] || fail "no 'CSP endpoint:' line within 10 s"
case "$url" in
http://127.0.0.1:*/imps) ;;
*) fail "unexpected endpoint $url" ;;
esac
port=$(echo "$url" | sed 's|http://127.0.0.1:\([0-9]*\)/imps|\1|')
[ "$port" -gt 0 ] || fail "port 0 was not replaced by the real port: $url"
pass "listening at $url"
[ -S "$tmp/var/iwfd.ctl" ] || fail "no control socket"
[ "$(stat -c %a "$tmp/var/iwf.db")" = 600 ] || fail "store is not mode 600"

# --- HTTP -----------------------------------------------------------------------------------
code() { curl -s -o "$tmp/body" -w '%{http_code}' "$@"; }
c=$(code -H 'Content-Type: application/vnd.wv.csp.xml' --data-binary '<WV-CSP-Message/>' "$url")
case "$c" in
503) grep -q "CSP server not wired" "$tmp/body" || fail "503 without the reason" ;;
200|400) ;;	# once the CSP server is wired
*) fail "POST $url answered $c" ;;
esac
pass "POST answered $c"
c=$(code "$url")
[ "$c" = 405 ] || fail "GET answered $c, expected 405"
c=$(code --data-binary x "http://127.0.0.1:$port/elsewhere")
[ "$c" = 404 ] || fail "other path answered $c, expected 404"
c=$(code -H 'Content-Length: 4294967295' -H 'Expect:' --data-binary x "$url")
[ "$c" = 413 ] || fail "huge Content-Length answered $c, expected 413"
pass "405, 404, 413"

# --- SIGHUP: the level change is applied, the listen change needs a restart --------------------
sed -i 's/^log.level = notice/log.level = info/; s/^http.listen = 127.0.0.1:0/http.listen = 127.0.0.1:1/' \
	"$tmp/iwfd.conf"
kill -HUP "$pid"
for i in $(seq 1 50); do
	grep -q "configuration reloaded from" "$tmp/log" && break
	sleep 0.1
done
grep -q "configuration reloaded: log.level notice -> info" "$tmp/log" ||
	fail "SIGHUP did not apply log.level"
grep -q "http.listen changed (127.0.0.1:0 -> 127.0.0.1:1) but needs a restart" "$tmp/log" ||
	fail "SIGHUP did not report the restart-only key"
kill -0 "$pid" 2>/dev/null || fail "iwfd died on SIGHUP"
c=$(code --data-binary x "$url")
[ "$c" != 000 ] || fail "no answer after SIGHUP"
pass "SIGHUP reloads"

# A broken file on SIGHUP is refused as a whole; iwfd keeps running.
echo "bogus.key = 1" >> "$tmp/iwfd.conf"
kill -HUP "$pid"
for i in $(seq 1 50); do
	grep -q "keeping the running configuration" "$tmp/log" && break
	sleep 0.1
done
grep -q "key 'bogus.key': unknown key; keeping the running configuration" "$tmp/log" ||
	fail "bad config on SIGHUP not reported"
kill -0 "$pid" 2>/dev/null || fail "iwfd died on a bad reload"
pass "a bad config on SIGHUP is refused"

# --- SIGTERM ----------------------------------------------------------------------------------
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] || fail "exit status $rc after SIGTERM"
grep -q "stopping on signal 15" "$tmp/log" || fail "no 'stopping' line"
grep -q "notice: stopped$" "$tmp/log" || fail "no 'stopped' line"
[ ! -e "$tmp/var/iwfd.ctl" ] || fail "control socket left behind"
if grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$tmp/log"; then
	fail "sanitizer report"
fi
pass "SIGTERM stops cleanly (exit 0)"

# --- a port in use is a start-up failure with a reason ---------------------------------------
"$IWFD" -c "$tmp/iwfd.conf" 2>/dev/null
[ $? -eq 2 ] || fail "a bad config still starts"
sed -i '/^bogus.key/d; s/^http.listen = .*/http.listen = 127.0.0.1:'"$port"'/' "$tmp/iwfd.conf"
"$IWFD" -c "$tmp/iwfd.conf" -o http.listen=127.0.0.1:0 -o control.socket= 2> "$tmp/log2" &
p2=$!
for i in $(seq 1 100); do
	grep -q "CSP endpoint" "$tmp/log2" && break
	sleep 0.1
done
busy=$(sed -n 's/.*CSP endpoint: http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/log2")
[ -n "$busy" ] || { kill $p2; fail "second iwfd did not start"; }
"$IWFD" -c "$tmp/iwfd.conf" -o http.listen=127.0.0.1:"$busy" -o store.path="$tmp/v2/iwf.db" \
	-o control.socket= 2> "$tmp/log3"
rc=$?
kill $p2
wait $p2
[ $rc -eq 1 ] || fail "start on a busy port: exit $rc, expected 1"
grep -q "while starting the HTTP server on 127.0.0.1:$busy: Address already in use" "$tmp/log3" ||
	fail "busy port not explained: $(cat "$tmp/log3")"
pass "a busy port fails start-up with the reason"
exit 0
