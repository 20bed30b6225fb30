#!/bin/bash
# tests/iwfd_replay.sh: the real AOSP IMPS client requests of tests/data/samples (CSP 1.2 two-way,
# CSP 1.3 four-way) sent to iwfd in order with curl, each answer checked against a table.
NAME=iwfd_replay
DOMAIN=imps.test
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"
command -v openssl >/dev/null || { echo "SKIP: openssl not installed"; exit 77; }
samples="$top_srcdir/tests/data/samples"

write_conf < /dev/null
ctl user add johndoe secret1 > /dev/null || fail "iwfctl user add johndoe"
ctl user add alice alicepw > /dev/null || fail "iwfctl user add alice"
ctl user add bob bobpw > /dev/null || fail "iwfctl user add bob"
start_iwfd

# The expected answers: FILE ALTERNATIVES, each alternative PRIMITIVE:CODE (CODE - for an
# answer without Result), "empty" (HTTP 200 with an empty body), or *-Request (any server
# request). The presence, lists and IM parts exist: their rows are exact (they accepted
# Status:405 while those parts were stand-ins). ListManage and SubscribePresence of
# johndoe/friends get 700: the client never created that list. Nothing is pushed to johndoe
# (alice and bob are offline, no list), so every Polling answer is empty.
expect_12="
001 Login-Response:200
002 ClientCapability-Response:-
003 Service-Response:-
004 GetPresence-Response:200
005 Status:200
006 GetBlockedList-Response:-
007 GetList-Response:-
008 Status:700
009 Status:700
010 Status:700
011 Status:700
012 Status:200
013 SendMessage-Response:200
014 empty
015 empty
016 empty
017 empty
018 empty
019 empty
020 Status:200
021 empty
022 empty
023 Disconnect:200
"
expect_13="
001 Login-Response:401
002 Login-Response:200
003 ClientCapability-Response:-
004 Service-Response:-
005 GetPresence-Response:200
006 Status:200
007 GetBlockedList-Response:-
008 GetList-Response:-
009 Status:700
010 Status:700
011 Status:700
012 Status:700
013 Status:200
014 SendMessage-Response:200
015 empty
016 empty
017 empty
018 empty
019 empty
020 empty
021 Status:200
022 Disconnect:200
"

# matches ALTERNATIVES: does the last answer match one of them?
matches() {
	got_prim=$(prim)
	got_code=$(code)
	IFS='|' read -r -a alts <<< "$1"
	for a in "${alts[@]}"; do
		case "$a" in
		empty) [ ! -s "$tmp/ans" ] && return 0 ;;
		\*-Request) [[ "$got_prim" == *-Request ]] && return 0 ;;
		*:-) [ "$got_prim" = "${a%:-}" ] && return 0 ;;
		*:*) [ "$got_prim" = "${a%%:*}" ] && [ "$got_code" = "${a#*:}" ] && return 0 ;;
		*) [ "$got_prim" = "$a" ] && return 0 ;;
		esac
	done
	return 1
}

# replay DIR VERSION CONTENT-TYPE TABLE
replay() {
	dir=$1 ver=$2 want_ct=$3 table=$4
	sid=""
	nonce=""
	n=0
	while read -r f alts _; do
		[ -n "$f" ] || continue
		req="$samples/$dir/$f-req.xml"
		[ -f "$req" ] || fail "$dir: no $f-req.xml"
		ct=$(sed -n 's/^Content-Type: *\([^\r]*\).*/\1/p' "$samples/$dir/$f-req.hdr" | tr -d '\r')
		sed "s/sess-0001@imps.test/$sid/g" "$req" > "$tmp/req"
		if grep -q "<DigestBytes>" "$tmp/req"; then
			[ -n "$nonce" ] || fail "$dir $f: DigestBytes without a nonce from the server"
			sed -i "s|<DigestBytes>[^<]*</DigestBytes>|<DigestBytes>$(digest MD5 "$nonce" secret1)</DigestBytes>|" "$tmp/req"
		fi
		post_file "$tmp/req" "$ct"
		[ "$http" = 200 ] || fail "$dir $f: HTTP $http"
		matches "$alts" || fail "$dir $f: answer $got_prim:$got_code, expected $alts"
		[ -n "${REPLAY_VERBOSE:-}" ] && echo "$dir $f: ${got_prim:-empty}:$got_code"
		if [ -s "$tmp/ans" ]; then
			[ "$ctype" = "$want_ct" ] || fail "$dir $f: Content-Type $ctype"
			[ "$(x "namespace-uri(/*)")" = "$(ns "$ver" C)" ] ||
				fail "$dir $f: answer not in $ver"
			rtid=$(x "//*[local-name()='TransactionID']")
			qtid=$("$XMLLINT" --xpath "string(//*[local-name()='TransactionID'])" "$tmp/req" 2>/dev/null)
			if [[ "$got_prim" != *-Request && "$got_prim" != NewMessage ]]; then
				[ "$rtid" = "$qtid" ] || fail "$dir $f: TransactionID '$rtid', sent '$qtid'"
				[ "$(el TransactionMode)" = Response ] || fail "$dir $f: not a Response"
			fi
		fi
		case "$got_prim" in
		Login-Response)
			[ -n "$(el SessionID)" ] && sid=$(el SessionID)
			[ -n "$(el Nonce)" ] && nonce=$(el Nonce) ;;
		esac
		n=$((n + 1))
	done <<< "$table"
	[ -n "$sid" ] || fail "$dir: never logged in"
	pass "$dir: $n requests answered as expected"
}

replay aosp-client_scripted-server_csp12 1.2 application/vnd.wv.csp.xml "$expect_12"
replay aosp-client_scripted-server_csp13-4way 1.3 application/vnd.wv.csp+xml "$expect_13"

# What johndoe sent alice while she was offline reaches her at login, through Polling.
post "$(msg 1.2 - Request 1 "<Login-Request><UserID>alice</UserID><ClientID><URL>a</URL></ClientID><SessionCookie>a</SessionCookie><Password>alicepw</Password></Login-Request>")"
expect_prim Login-Response 200 "alice's login"
asid=$(el SessionID)
got=0
for i in 1 2 3 4; do
	post "$(msg 1.2 "$asid" Request - "<Polling-Request/>")"
	[ -s "$tmp/ans" ] || break
	expect_prim NewMessage - "alice's poll"
	grep -q "hello from the AOSP IMPS engine" "$tmp/ans" || fail "not johndoe's message"
	post "$(msg 1.2 "$asid" Response "$(el TransactionID)" "<MessageDelivered><MessageID>$(el MessageID)</MessageID></MessageDelivered>")"
	got=$((got + 1))
done
[ "$got" = 2 ] || fail "alice got $got of johndoe's 2 messages"
pass "alice gets johndoe's two offline messages once each"
alive
stop_iwfd
grep -q " error: " "$tmp/log" && fail "errors in the log: $(grep " error: " "$tmp/log")"
exit 0
