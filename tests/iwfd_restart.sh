#!/bin/bash
# tests/iwfd_restart.sh: kill -9 iwfd while messages are in flight (answered 200 to the sender, not
# yet acknowledged by the recipient), restart it on the same store, and check that every message
# answered 200 is delivered exactly once: the recipient acknowledges each MessageID once and never
# sees an acknowledged one again, across re-polls and a second kill.
NAME=iwfd_restart
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"

write_conf <<EOF
session.poll_min = 1s
EOF
ctl user add harry h4rry > /dev/null || fail "iwfctl user add harry"
ctl user add jane j4ne > /dev/null || fail "iwfctl user add jane"
start_iwfd
pass "iwfd at $url"

LOGIN() {	# LOGIN USER PASSWORD CLIENT
	printf '<Login-Request><UserID>%s</UserID><ClientID><URL>%s</URL></ClientID>' "$1" "$3"
	printf '<TimeToLive>3600</TimeToLive><SessionCookie>ck-%s</SessionCookie>' "$3"
	printf '<Password>%s</Password></Login-Request>' "$2"
}
SEND() {	# SEND TEXT
	printf '<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo>'
	printf '<ContentSize>%s</ContentSize><Recipient><User><UserID>jane</UserID></User>' "${#1}"
	printf '</Recipient><Sender><User><UserID>harry</UserID></User></Sender></MessageInfo>'
	printf '<ContentData>%s</ContentData></SendMessage-Request>' "$1"
}

post "$(msg 1.2 - Request 1 "$(LOGIN harry h4rry c-harry)")"
expect_prim Login-Response 200 "harry's login"
hs=$(el SessionID)
post "$(msg 1.2 - Request 1 "$(LOGIN jane j4ne c-jane)")"
expect_prim Login-Response 200 "jane's login"
js=$(el SessionID)

: > "$tmp/answered"	# MessageIDs answered 200 to harry
: > "$tmp/acked"	# MessageIDs jane acknowledged (each must appear once)

# send_one N [URL]: one SendMessage with TransactionID hN; appends the MessageID when 200.
send_one() {
	_b=$(msg 1.2 "$hs" Request "h$1" "$(SEND "message $1")")
	_h=$(printf '%s' "$_b" | curl -s -m 3 -o "$tmp/sans.$1" -w '%{http_code}' \
		-H "Content-Type: application/vnd.wv.csp.xml" --data-binary @- "${2:-$url}") || return 1
	[ "$_h" = 200 ] || return 1
	_c=$("$XMLLINT" --xpath "string(//*[local-name()='SendMessage-Response']/*[local-name()='Result']/*[local-name()='Code'])" "$tmp/sans.$1" 2>/dev/null)
	[ "$_c" = 200 ] || return 1
	_m=$("$XMLLINT" --xpath "string(//*[local-name()='MessageID'])" "$tmp/sans.$1" 2>/dev/null)
	[ -n "$_m" ] || return 1
	echo "$_m" >> "$tmp/answered"
}

# poll_jane: one Polling-Request; a NewMessage is checked (never acknowledged before) and, unless
# $noack is set, acknowledged. Returns 1 when nothing came.
poll_jane() {
	post "$(msg 1.2 "$js" Request - "<Polling-Request/>")"
	[ "$http" = 200 ] || fail "jane's Polling: HTTP $http"
	[ -s "$tmp/ans" ] || return 1
	[ "$(prim)" = NewMessage ] || fail "jane got $(prim)"
	_m=$(el MessageID)
	_t=$(el TransactionID)
	grep -qx "$_m" "$tmp/acked" && fail "jane got $_m again after acknowledging it"
	[ -n "${noack:-}" ] && { last_unacked=$_m; return 0; }
	post "$(msg 1.2 "$js" Response "$_t" "<MessageDelivered><MessageID>$_m</MessageID></MessageDelivered>")"
	[ "$http" = 200 ] || fail "jane's MessageDelivered: HTTP $http"
	echo "$_m" >> "$tmp/acked"
	return 0
}

# --- phase 1: ten messages answered, three read, one read without an answer ---------------------
for i in $(seq 1 10); do send_one "$i" || fail "send $i"; done
[ "$(wc -l < "$tmp/answered")" = 10 ] || fail "not 10 answered"
for i in 1 2 3; do poll_jane || fail "jane: nothing to poll ($i)"; done
noack=1 poll_jane || fail "jane: nothing for the unanswered read"
pass "10 messages answered 200; jane acknowledged 3 and read 1 without answering ($last_unacked)"

# --- phase 2: harry keeps sending; kill -9 in the middle -------------------------------------------
(
	i=100
	while send_one "$i"; do i=$((i + 1)); done
) &
sender=$!
# Kill once 15 more are answered, while the sender is between two of them or inside one.
for i in $(seq 1 300); do
	[ "$(wc -l < "$tmp/answered")" -ge 25 ] && break
	kill -0 "$sender" 2>/dev/null || fail "the sender stopped before the kill"
	sleep 0.1
done
kill9_iwfd
wait "$sender"
n_answered=$(wc -l < "$tmp/answered")
[ "$n_answered" -gt 12 ] || fail "only $n_answered answered before the kill: too few to test"
pass "kill -9 with $((n_answered - 3)) messages answered and not acknowledged"

# --- restart on the same store; jane's and harry's sessions survive ------------------------------
start_iwfd
pass "restarted at $url"
send_one 999 || fail "harry's session did not survive the restart"
n_answered=$(wc -l < "$tmp/answered")

got_all() {
	while read -r m; do grep -qx "$m" "$tmp/acked" || return 1; done < "$tmp/answered"
	return 0
}
end=$(($(date +%s) + 240))   # a bound for a hang, not a speed target (loaded CI machines)
half=$((n_answered / 2))
killed_again=""
while ! got_all; do
	[ "$(date +%s)" -le "$end" ] || break
	poll_jane || sleep 0.3
	# A second crash half-way through jane's reading.
	if [ -z "$killed_again" ] && [ "$(wc -l < "$tmp/acked")" -ge "$half" ]; then
		kill9_iwfd
		start_iwfd
		killed_again=1
	fi
done
got_all || fail "after the restart jane acknowledged $(wc -l < "$tmp/acked") of $n_answered: missing $(sort "$tmp/answered" | comm -23 - <(sort "$tmp/acked") | head -5 | tr '\n' ' ')"
grep -qx "$last_unacked" "$tmp/acked" || fail "the message read without an answer was lost"
[ -n "$killed_again" ] || fail "the second kill did not happen"

# Nothing acknowledged comes back, even past the resend interval (10 s) of the queue.
end=$(($(date +%s) + 12))
while [ "$(date +%s)" -le "$end" ]; do
	poll_jane || sleep 1
done
dups=$(sort "$tmp/acked" | uniq -d | head -3)
[ -z "$dups" ] || fail "acknowledged twice: $dups"
extra=$(sort "$tmp/acked" | comm -13 <(sort "$tmp/answered") - | wc -l)
pass "all $n_answered messages answered 200 were acknowledged exactly once across two kill -9 ($extra more that were stored but whose answer was lost, each once)"
grep -q "restored from the store" "$tmp/log" || fail "no restore line in the log"
alive
stop_iwfd
grep -q "Sanitizer" "$tmp/log" && fail "a sanitizer report in the iwfd log"
exit 0
