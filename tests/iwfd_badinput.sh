#!/bin/bash
# tests/iwfd_badinput.sh: hostile and broken input to iwfd's CSP endpoint; each gets its WV-CSP
# status or HTTP status, one notice line, and iwfd keeps serving (a good request works after each).
NAME=iwfd_badinput
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"

write_conf <<EOF
http.max_body = 1M
EOF
# write_conf set 64K first; the last value of a key is an error, so rewrite it.
sed -i '/^http.max_body = 64K$/d' "$tmp/iwfd.conf"
ctl user add harry h4rry > /dev/null || fail "iwfctl user add"
start_iwfd

post "$(msg 1.2 - Request 1 "<Login-Request><UserID>harry</UserID><ClientID><URL>b</URL></ClientID><SessionCookie>c</SessionCookie><Password>h4rry</Password></Login-Request>")"
expect_prim Login-Response 200 "login"
sid=$(el SessionID)
good=$(msg 1.2 "$sid" Request k "<KeepAlive-Request/>")
still_serving() {
	alive
	post "$good"
	expect_prim KeepAlive-Response 200 "good request after $1"
	pass "$1"
}
notices_before=$(grep -c "notice: csp: \|notice: http: \|notice: cir: " "$tmp/log")

# 1. Truncated XML of a known version: Status 400 in that version.
post "${good:0:150}"
expect_prim Status 400 "truncated XML"
[ "$(x "namespace-uri(/*)")" = "$(ns 1.2 C)" ] || fail "truncated: answer not in 1.2"
still_serving "truncated XML -> Status 400 (1.2)"

# 2. Wrong namespace / no namespace / not XML at all: the version is unknown: HTTP 400.
post '<WV-CSP-Message xmlns="urn:example:not-csp"><Session/></WV-CSP-Message>'
[ "$http" = 400 ] || fail "wrong namespace: HTTP $http"
post 'hello, world'
[ "$http" = 400 ] || fail "plain text: HTTP $http"
still_serving "wrong namespace and non-XML -> HTTP 400"

# 3. Huge values: a 100 KB text node (over CSP_MAX_STRING) and a 1000-character SessionID.
big=$(head -c 100000 /dev/zero | tr '\0' a)
post "$(msg 1.2 - Request 2 "<Login-Request><UserID>$big</UserID><ClientID><URL>b</URL></ClientID><SessionCookie>c</SessionCookie><Password>x</Password></Login-Request>")"
expect_prim Status 400 "100 KB text node"
post "$(msg 1.2 "${big:0:1000}" Request 3 "<KeepAlive-Request/>")"
expect_prim Status 604 "1000-character SessionID"
post "$(msg 1.2 - Request 4 "<Login-Request><UserID>${big:0:2000}</UserID><ClientID><URL>b</URL></ClientID><SessionCookie>c</SessionCookie><Password>x</Password></Login-Request>")"
expect_prim Login-Response 402 "2000-character UserID"
still_serving "huge values -> 400 / 604 / 402"

# 4. Deep nesting (100 levels inside the primitive).
deep=$(printf '<a>%.0s' $(seq 100))$(printf '</a>%.0s' $(seq 100))
post "$(msg 1.2 "$sid" Request 5 "<KeepAlive-Request>$deep</KeepAlive-Request>")"
expect_prim Status 400 "deep nesting"
still_serving "deep nesting -> Status 400"

# 5. Entity bomb (internal DTD subset): refused, never expanded.
bomb='<?xml version="1.0"?><!DOCTYPE WV-CSP-Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
post "$bomb$(msg 1.2 "$sid" Request 6 "<KeepAlive-Request><TimeToLive>&f;</TimeToLive></KeepAlive-Request>")"
expect_prim Status 400 "entity bomb"
post "$(msg 1.2 "$sid" Request 6 '<KeepAlive-Request><TimeToLive>&xxe;</TimeToLive></KeepAlive-Request>')"
expect_prim Status 400 "undeclared entity"
still_serving "entity bomb and undeclared entity -> Status 400"

# 6. Wrong SessionID, missing SessionID, a Response to nothing.
post "$(msg 1.2 ffffffffffffffffffffffffffffffff Request 7 "<KeepAlive-Request/>")"
expect_prim Status 604 "wrong SessionID"
post "$(msg 1.2 - Request 8 "<KeepAlive-Request/>")"
expect_prim Status 604 "no SessionID"
post "$(msg 1.2 "$sid" Response nosuch "<Status><Result><Code>200</Code></Result></Status>")"
[ "$http" = 200 ] && [ ! -s "$tmp/ans" ] || fail "answer to nothing: HTTP $http $(cat "$tmp/ans")"
still_serving "wrong or missing SessionID -> 604; stray Response ignored"

# 7. Valid but not implemented, missing mandatory element, bad value, too many transactions.
post "$(msg 1.2 "$sid" Request 9 "<Search-Request><SearchPairList><SearchElement>USER_ID</SearchElement><SearchString>x</SearchString></SearchPairList><SearchLimit>5</SearchLimit></Search-Request>")"
expect_prim Status 405 "Search-Request"
[ -n "$(el Description)" ] || fail "405 without a description"
post "$(msg 1.2 "$sid" Request 10 "<CreateGroup-Request><GroupID>wv:g@mno1.example</GroupID></CreateGroup-Request>")"
expect_prim Status 405 "CreateGroup-Request"
post "$(msg 1.2 - Request 11 "<Login-Request><ClientID><URL>b</URL></ClientID><Password>x</Password></Login-Request>")"
expect_prim Status 402 "Login-Request without UserID"
post "$(msg 1.2 "$sid" Request 12 "<KeepAlive-Request><TimeToLive>soon</TimeToLive></KeepAlive-Request>")"
expect_prim Status 402 "KeepAlive-Request with a bad number"
many=""
for i in $(seq 20); do
	many="$many<Transaction><TransactionDescriptor><TransactionMode>Request</TransactionMode><TransactionID>m$i</TransactionID></TransactionDescriptor><TransactionContent><KeepAlive-Request/></TransactionContent></Transaction>"
done
post "<WV-CSP-Message xmlns=\"$(ns 1.2 C)\"><Session><SessionDescriptor><SessionType>Inband</SessionType><SessionID>$sid</SessionID></SessionDescriptor>$many</Session></WV-CSP-Message>"
expect_prim Status 400 "20 transactions"
still_serving "405 for search/groups, 402 for missing/bad elements, 400 for 20 transactions"

# 8. HTTP: no body, unsupported Content-Type, huge Content-Length, WBXML garbage.
http=$(curl -s -m 10 -o "$tmp/ans" -w '%{http_code}' -X POST -H 'Content-Type: application/vnd.wv.csp.xml' "$url")
[ "$http" = 400 ] || fail "POST without body: HTTP $http"
post "$good" image/png
[ "$http" = 415 ] || fail "image/png: HTTP $http"
http=$(curl -s -m 10 -o "$tmp/ans" -w '%{http_code}' -H 'Content-Length: 4294967295' -H 'Expect:' \
	-H 'Content-Type: application/vnd.wv.csp.xml' --data-binary x "$url")
[ "$http" = 413 ] || fail "huge Content-Length: HTTP $http"
printf '\x03\x11\x6a\x00\x49\x00\x01\x02' > "$tmp/wb"
post_file "$tmp/wb" application/vnd.wv.csp.wbxml
[ "$http" = 200 ] || [ "$http" = 400 ] || fail "WBXML garbage: HTTP $http"
if [ "$http" = 200 ]; then
	[ "$ctype" = application/vnd.wv.csp.wbxml ] || fail "WBXML garbage answered in $ctype"
fi
head -c 3000 /dev/urandom > "$tmp/rnd"
post_file "$tmp/rnd" application/vnd.wv.csp.wbxml
[ "$http" = 200 ] || [ "$http" = 400 ] || fail "random bytes: HTTP $http"
still_serving "no body 400, bad Content-Type 415, huge Content-Length 413, WBXML garbage"

# 9. Slow and idle connections (http.connection_timeout = 3s): a request sent in pieces is
# answered; an idle connection is closed; other clients are served meanwhile.
req=$(msg 1.2 "$sid" Request slow "<KeepAlive-Request/>")
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "connect"
printf 'POST /imps HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.wv.csp.xml\r\n' >&3
sleep 1
printf 'Content-Length: %d\r\nConnection: close\r\n\r\n%s' "${#req}" "${req:0:100}" >&3
sleep 1
printf '%s' "${req:100}" >&3
timeout 5 cat <&3 > "$tmp/slow"
exec 3<&-
grep -q '^HTTP/1.1 200' "$tmp/slow" || fail "slow request: $(head -n 1 "$tmp/slow")"
grep -q "KeepAlive-Response" "$tmp/slow" || fail "slow request: no KeepAlive-Response"
exec 4<>"/dev/tcp/127.0.0.1/$port" || fail "connect idle"
exec 5<>"/dev/tcp/127.0.0.1/$port" || fail "connect half"
printf 'POST /imps HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nabc' >&5
still_serving "a good request while an idle and a half-sent connection are open"
start=$(date +%s)
timeout 10 cat <&4 > /dev/null
timeout 10 cat <&5 > /dev/null
waited=$(( $(date +%s) - start ))
exec 4<&- 5<&-
[ "$waited" -lt 9 ] || fail "idle connections not closed after ${waited}s"
still_serving "slow request answered; idle and half-sent connections closed after ${waited}s"

# 10. One notice line per bad input.
notices=$(( $(grep -c "notice: csp: \|notice: http: \|notice: login of" "$tmp/log") - notices_before ))
[ "$notices" -ge 20 ] || fail "only $notices notice lines for the bad inputs"
grep -q "h4rry" "$tmp/log" && fail "a password is in the log"
pass "$notices notice lines, no password in the log"
stop_iwfd
exit 0
