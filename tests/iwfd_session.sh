#!/bin/bash
# tests/iwfd_session.sh: iwfd's CSP sessions over real HTTP: two- and four-way login (MD5, SHA-1),
# 409/531/604/600, KeepAlive clamping, logout, STCP CIR, forced logout (iwfctl kick), and a
# kill -9 restart with server transactions queued (delivered exactly once afterwards).
NAME=iwfd_session
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }

write_conf <<EOF
session.keepalive_min = 2s
session.keepalive_max = 1h
session.keepalive_default = 10m
session.poll_min = 3s
cir.tcp_listen = 127.0.0.1:0
EOF
ctl user add harry h4rry > /dev/null || fail "iwfctl user add harry"
ctl user add jane j4ne > /dev/null || fail "iwfctl user add jane"
start_iwfd
[ -n "$cir_port" ] || fail "no STCP CIR listener line in the log"
pass "iwfd at $url, STCP CIR on port $cir_port"

LOGIN() {	# LOGIN USER PASSWORD TTL|- [CLIENT]
	_ttl=""
	[ "$3" != - ] && _ttl="<TimeToLive>$3</TimeToLive>"
	printf '<Login-Request><UserID>%s</UserID><ClientID><URL>%s</URL></ClientID>%s' \
		"$1" "${4:-curl}" "$_ttl"
	printf '<SessionCookie>ck-%s</SessionCookie><Password>%s</Password></Login-Request>' \
		"${4:-curl}" "$2"
}

# --- two-way login -------------------------------------------------------------------------
post "$(msg 1.2 - Request 1 "$(LOGIN wv:harry@mno1.example h4rry 7205)")"
expect_prim Login-Response 200 "two-way login"
sid=$(el SessionID)
echo "$sid" | grep -Eq '^[0-9a-f]{32}$' || fail "SessionID '$sid' is not 32 hex digits"
[ "$(el KeepAliveTime)" = 3600 ] || fail "TimeToLive 7205 not clamped to 3600: $(el KeepAliveTime)"
[ "$ctype" = application/vnd.wv.csp.xml ] || fail "Content-Type $ctype"
[ "$(x "namespace-uri(/*)")" = "$(ns 1.2 C)" ] || fail "answer not in 1.2"
pass "two-way login: 200, random SessionID, KeepAliveTime clamped to the maximum"

post "$(msg 1.2 - Request 2 "$(LOGIN harry wrong -)")"
expect_prim Login-Response 409 "wrong password"
post "$(msg 1.2 - Request 3 "$(LOGIN nobody x -)")"
expect_prim Login-Response 531 "unknown user"
pass "wrong password 409, unknown user 531"

# --- four-way login, MD5 and SHA-1, 1.3 --------------------------------------------------------
four_way() {	# four_way OFFERED-SCHEMAS-XML EXPECTED-SCHEMA
	post "$(msg 1.3 - Request 1 "<Login-Request><UserID>wv:jane@mno1.example</UserID><ClientID><URL>fw</URL></ClientID><TimeToLive>7205</TimeToLive><SessionCookie>c4</SessionCookie>$1</Login-Request>")"
	expect_prim Login-Response 401 "four-way leg 1 ($2)"
	[ "$ctype" = application/vnd.wv.csp+xml ] || fail "1.3 Content-Type $ctype"
	nonce=$(el Nonce)
	[ -n "$nonce" ] || fail "no Nonce"
	[ "$(el DigestSchema)" = "$2" ] || fail "schema $(el DigestSchema), expected $2"
	d=$(digest "$2" "$nonce" j4ne)
	post "$(msg 1.3 - Request 1 "<Login-Request><UserID>wv:jane@mno1.example</UserID><ClientID><URL>fw</URL></ClientID><TimeToLive>7205</TimeToLive><SessionCookie>c4</SessionCookie><DigestBytes>$d</DigestBytes></Login-Request>")"
	expect_prim Login-Response 200 "four-way leg 2 ($2)"
	[ -n "$(el SessionID)" ] || fail "no SessionID after four-way login"
}
four_way "<DigestSchema>MD5</DigestSchema><DigestSchema>SHA</DigestSchema>" MD5
four_way "<DigestSchema>SHA</DigestSchema>" SHA
# A wrong digest.
post "$(msg 1.3 - Request 1 "<Login-Request><UserID>jane</UserID><ClientID><URL>fw</URL></ClientID><SessionCookie>c4</SessionCookie><DigestSchema>MD5</DigestSchema></Login-Request>")"
d=$(digest MD5 "$(el Nonce)" wrong)
post "$(msg 1.3 - Request 1 "<Login-Request><UserID>jane</UserID><ClientID><URL>fw</URL></ClientID><SessionCookie>c4</SessionCookie><DigestBytes>$d</DigestBytes></Login-Request>")"
expect_prim Login-Response 409 "wrong digest"
pass "four-way login with MD5 and SHA-1 (curl + openssl), wrong digest 409"

if [ -x "$IMPSC" ]; then
	for d in md5 sha1; do
		"$IMPSC" -u wv:jane@mno1.example -p j4ne --version 1.3 --login four-way --digest $d \
			--timeout 10 "$url" keepalive 60 > "$tmp/impsc.out" 2>&1 ||
			fail "impsc four-way $d: $(cat "$tmp/impsc.out")"
		grep -q "^LOGIN 200" "$tmp/impsc.out" || fail "impsc four-way $d: no LOGIN 200"
		grep -q "^KEEPALIVE 60" "$tmp/impsc.out" || fail "impsc: no KEEPALIVE 60"
	done
	"$IMPSC" -u harry -p h4rry --timeout 10 "$url" keepalive > "$tmp/impsc.out" 2>&1 ||
		fail "impsc two-way: $(cat "$tmp/impsc.out")"
	grep -q "^SERVICE .*GETSPI" "$tmp/impsc.out" || fail "impsc: no GETSPI in SERVICE"
	# The presence part handles PresenceAuth-User: reactive authorization is offered.
	grep -q "^SERVICE .*REACT" "$tmp/impsc.out" || fail "impsc: no REACT in SERVICE"
	grep -q "^LOGOUT 200" "$tmp/impsc.out" || fail "impsc: no LOGOUT 200"
	"$IMPSC" -u harry -p nope --timeout 10 "$url" keepalive > "$tmp/impsc.out" 2>&1
	[ $? -eq 2 ] || fail "impsc with a wrong password did not exit 2"
	pass "impsc: four-way MD5 and SHA-1 (1.3), two-way with logout, wrong password"
else
	echo "note: impsc not built; curl only"
fi

# --- 604: forged SessionID, Polling before login -----------------------------------------------
post "$(msg 1.2 0123456789abcdef0123456789abcdef Request 5 "<KeepAlive-Request/>")"
expect_prim Status 604 "forged SessionID"
post "$(msg 1.2 - Request - "<Polling-Request/>")"
expect_prim Status 604 "Polling-Request before login"
pass "forged SessionID and Polling before login: 604"

# --- KeepAlive clamping (on a session of its own: 2 s is short on a loaded machine) -----------------
post "$(msg 1.2 - Request 1 "$(LOGIN jane j4ne 600 ka)")"
ka=$(el SessionID)
post "$(msg 1.2 "$ka" Request 7 "<KeepAlive-Request><TimeToLive>99999</TimeToLive></KeepAlive-Request>")"
expect_prim KeepAlive-Response 200 "KeepAlive 99999"
[ "$(el KeepAliveTime)" = 3600 ] || fail "TimeToLive 99999 gave $(el KeepAliveTime)"
post "$(msg 1.2 "$ka" Request 8 "<KeepAlive-Request><TimeToLive>120</TimeToLive></KeepAlive-Request>")"
[ "$(el KeepAliveTime)" = 120 ] || fail "TimeToLive 120 gave $(el KeepAliveTime)"
post "$(msg 1.2 "$ka" Request 6 "<KeepAlive-Request><TimeToLive>1</TimeToLive></KeepAlive-Request>")"
expect_prim KeepAlive-Response 200 "KeepAlive 1"
[ "$(el KeepAliveTime)" = 2 ] || fail "TimeToLive 1 gave $(el KeepAliveTime), expected 2"
post "$(msg 1.2 - Request 9 "$(LOGIN jane j4ne - dflt)")"
[ "$(el KeepAliveTime)" = 600 ] || fail "no TimeToLive gave $(el KeepAliveTime), expected 600"
pass "KeepAliveTime clamped to session.keepalive_min/max, default when none asked"

# --- expiry: 600 ------------------------------------------------------------------------------
post "$(msg 1.2 - Request 1 "$(LOGIN jane j4ne 1 short)")"
expect_prim Login-Response 200 "short login"
short=$(el SessionID)
[ "$(el KeepAliveTime)" = 2 ] || fail "short session got $(el KeepAliveTime)"
sleep 3.5
post "$(msg 1.2 "$short" Request - "<Polling-Request/>")"
expect_prim Status 600 "expired session"
post "$(msg 1.2 "$short" Request 2 "<KeepAlive-Request/>")"
expect_prim Status 600 "expired session, again"
pass "a session idle beyond its KeepAliveTime gets 600"

# --- capability and service negotiation, STCP CIR, forced logout --------------------------------
post "$(msg 1.2 "$sid" Request 10 "<ClientCapability-Request><CapabilityList><ClientType>MOBILE_PHONE</ClientType><InitialDeliveryMethod>P</InitialDeliveryMethod><MultiTrans>1</MultiTrans><SupportedBearer>HTTP</SupportedBearer><SupportedCIRMethod>STCP</SupportedCIRMethod><SupportedCIRMethod>SHTTP</SupportedCIRMethod></CapabilityList></ClientCapability-Request>")"
expect_prim ClientCapability-Response - "capability"
[ "$(el ServerPollMin)" = 3 ] || fail "ServerPollMin $(el ServerPollMin), expected 3"
[ "$(el TCPPort)" = "$cir_port" ] || fail "TCPPort $(el TCPPort), expected $cir_port"
[ "$(el TCPAddress)" = 127.0.0.1 ] || fail "TCPAddress $(el TCPAddress)"
[ "$(el SupportedCIRMethod 1)" = STCP ] && [ "$(el SupportedCIRMethod 2)" = SHTTP ] ||
	fail "CIR methods $(el SupportedCIRMethod 1) $(el SupportedCIRMethod 2)"
post "$(msg 1.2 "$sid" Request 11 "<Service-Request><Functions><WVCSPFeat><FundamentalFeat/><PresenceFeat/><IMFeat/><GroupFeat/></WVCSPFeat></Functions><AllFunctionsRequest>T</AllFunctionsRequest></Service-Request>")"
expect_prim Service-Response - "service"
[ "$(x "count(//*[local-name()='AllFunctions']//*[local-name()='GETSPI'])")" = 1 ] ||
	fail "GETSPI not advertised"
[ "$(x "count(//*[local-name()='AllFunctions']//*[local-name()='SRCH' or local-name()='CREAG' or local-name()='INVIT'])")" = 0 ] ||
	fail "search/group/invite advertised though not implemented"
pass "capabilities (ServerPollMin, STCP TCPAddress/TCPPort, SHTTP) and services"

exec 3<>"/dev/tcp/127.0.0.1/$cir_port" || fail "cannot connect to the CIR port"
printf 'HELO %s\r\n' "$sid" >&3
IFS= read -r -t 5 line <&3 || fail "no answer to HELO"
[ "$line" = $'OK\r' ] || fail "HELO answered '$line'"
printf 'PING \r\n' >&3
IFS= read -r -t 5 line <&3 || fail "no answer to PING"
[ "$line" = $'OK\r' ] || fail "PING answered '$line'"
pass "STCP CIR: HELO -> OK, PING -> OK"

# A new HELO replaces the link; a link that goes away makes the next answer say CIR=F (1.2).
exec 6<>"/dev/tcp/127.0.0.1/$cir_port" || fail "cannot connect to the CIR port (6)"
printf 'HELO %s\r\n' "$sid" >&6
IFS= read -r -t 5 line <&6 || fail "no answer to the second HELO"
IFS= read -r -t 5 line <&3 && fail "the replaced link still answers '$line'"
exec 3<&- 6<&-
sleep 0.5
post "$(msg 1.2 "$sid" Request 12a "<KeepAlive-Request/>")"
expect_prim KeepAlive-Response 200 "KeepAlive after the CIR link was lost"
[ "$(el CIR)" = F ] || fail "no CIR=F after the CIR link was lost"
post "$(msg 1.2 "$sid" Request 12b "<KeepAlive-Request/>")"
[ -z "$(el CIR)" ] || fail "CIR=F said twice"
exec 3<>"/dev/tcp/127.0.0.1/$cir_port" || fail "cannot reconnect to the CIR port"
printf 'HELO %s\r\n' "$sid" >&3
IFS= read -r -t 5 line <&3 || fail "no answer to HELO after reconnecting"
pass "STCP CIR: a new HELO replaces the link; a lost link gives CIR=F once"

exec 4<>"/dev/tcp/127.0.0.1/$cir_port" || fail "cannot connect to the CIR port (2)"
printf 'HELO 0000\r\n' >&4
IFS= read -r -t 5 line <&4 && fail "HELO of an unknown session answered '$line'"
exec 4<&-
exec 4<>"/dev/tcp/127.0.0.1/$cir_port"
printf 'GET / HTTP/1.0\r\n\r\n' >&4
IFS= read -r -t 5 line <&4 && fail "garbage on CIR answered '$line'"
exec 4<&-
pass "STCP CIR: unknown session and garbage close the connection"

ctl sessions > "$tmp/sessions" || fail "iwfctl sessions"
grep -q "\"id\":\"$sid\"" "$tmp/sessions" || fail "iwfctl sessions lacks $sid: $(cat "$tmp/sessions")"
grep -q '"user":"wv:harry@mno1.example"' "$tmp/sessions" || fail "iwfctl sessions lacks harry"
grep -q '"cir":"stcp"' "$tmp/sessions" || fail "the CIR link is not shown"
ctl sessions wv:jane@mno1.example > "$tmp/sessions" || fail "iwfctl sessions jane"
grep -q harry "$tmp/sessions" && fail "iwfctl sessions jane shows harry"
pass "iwfctl sessions lists the sessions and their links"

ctl kick harry maintenance > "$tmp/out" || fail "iwfctl kick harry"
IFS= read -r -t 5 line <&3 || fail "no WVCI after the kick"
[ "$line" = $'WVCI 1.2 ck-curl\r' ] || fail "CIR wake-up was '$line'"
post "$(msg 1.2 "$sid" Request 12 "<KeepAlive-Request/>")"
expect_prim Status 601 "request of a forced-out session"
post "$(msg 1.2 "$sid" Request - "<Polling-Request/>")"
expect_prim Disconnect 601 "Disconnect on Polling"
dtid=$(el TransactionID)
[ "$(el TransactionMode)" = Request ] || fail "Disconnect is not a server Request"
[ "$(el Description)" = maintenance ] || fail "Disconnect reason '$(el Description)'"
post "$(msg 1.2 "$sid" Response "$dtid" "<Status><Result><Code>200</Code></Result></Status>")"
[ "$http" = 200 ] && [ ! -s "$tmp/ans" ] || fail "answer to our Status: HTTP $http, $(cat "$tmp/ans")"
IFS= read -r -t 5 line <&3 && fail "CIR socket still open after the session ended: '$line'"
exec 3<&-
post "$(msg 1.2 "$sid" Request - "<Polling-Request/>")"
expect_prim Status 601 "Polling after the Disconnect"
pass "iwfctl kick: WVCI on the CIR link, 601 to requests, Disconnect on Polling, then gone"

# --- logout -----------------------------------------------------------------------------------
post "$(msg 1.1 - Request 1 "$(LOGIN harry h4rry 600 lo)")"
expect_prim Login-Response 200 "1.1 login"
lo=$(el SessionID)
post "$(msg 1.1 "$lo" Request 2 "<Logout-Request/>")"
expect_prim Disconnect 200 "logout"
post "$(msg 1.1 "$lo" Request 3 "<KeepAlive-Request/>")"
expect_prim Status 604 "request after logout"
pass "logout answered with Disconnect 200, then 604"

# --- kill -9 with server transactions queued, restart --------------------------------------------
post "$(msg 1.2 - Request 1 "$(LOGIN harry h4rry 600 r1)")"
keep=$(el SessionID)
post "$(msg 1.2 - Request 1 "$(LOGIN jane j4ne 600 r2)")"
queued=$(el SessionID)
ctl kick "$queued" restart-test > /dev/null || fail "kick before the crash"
# (The IM part extends this with messages queued for a session.)
kill9_iwfd
start_iwfd
post "$(msg 1.2 "$keep" Request 2 "<KeepAlive-Request/>")"
expect_prim KeepAlive-Response 200 "a session after kill -9 and restart"
post "$(msg 1.2 "$queued" Request - "<Polling-Request/>")"
expect_prim Disconnect 601 "queued Disconnect after the restart"
[ "$(el Description)" = restart-test ] || fail "wrong queued item: $(el Description)"
dtid=$(el TransactionID)
post "$(msg 1.2 "$queued" Request - "<Polling-Request/>")"
[ "$http" = 200 ] && [ ! -s "$tmp/ans" ] || fail "the item was offered twice: $(cat "$tmp/ans")"
post "$(msg 1.2 "$queued" Response "$dtid" "<Status><Result><Code>200</Code></Result></Status>")"
post "$(msg 1.2 "$queued" Request - "<Polling-Request/>")"
expect_prim Status 601 "after the acknowledged Disconnect"
pass "kill -9 and restart: sessions survive, the queued transaction is delivered exactly once"

# --- clean stop ---------------------------------------------------------------------------------
alive
stop_iwfd
grep -q "ERROR\|error:" "$tmp/log" && fail "errors in the log: $(grep -i error "$tmp/log")"
pass "clean stop, no errors logged"
exit 0
