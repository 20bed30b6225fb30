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
# answer without Result) or "empty" (HTTP 200 with an empty body).
# Rows marked P (presence/lists) or I (IM) accept Status:405 until that part of the server
# exists, as well as what it will answer; polls marked so may then carry server requests.
# Update the rows when the parts land.
expect_12="
001 Login-Response:200
002 ClientCapability-Response:-
003 Service-Response:-
004 Status:405|GetPresence-Response:200			P
005 Status:405|Status:200				P
006 Status:405|GetBlockedList-Response:-		I
007 Status:405|GetList-Response:-			P
008 Status:405|ListManage-Response:200|ListManage-Response:700|Status:700	P
009 Status:405|Status:200|Status:700			P
010 Status:405|ListManage-Response:200|ListManage-Response:700|Status:700	P
011 Status:405|Status:200|Status:700			P
012 Status:405|Status:200				P
013 Status:405|SendMessage-Response:200			I
014 empty|*-Request|NewMessage				PI
015 empty|*-Request|NewMessage				PI
016 empty
017 empty|*-Request|NewMessage				PI
018 empty
019 empty
020 Status:405|Status:200				P
021 empty|*-Request|NewMessage				PI
022 empty|*-Request|NewMessage				PI
023 Disconnect:200
"
expect_13="
001 Login-Response:401
002 Login-Response:200
003 ClientCapability-Response:-
004 Service-Response:-
005 Status:405|GetPresence-Response:200			P
006 Status:405|Status:200				P
007 Status:405|GetBlockedList-Response:-		I
008 Status:405|GetList-Response:-			P
009 Status:405|ListManage-Response:200|ListManage-Response:700|Status:700	P
010 Status:405|Status:200|Status:700			P
011 Status:405|ListManage-Response:200|ListManage-Response:700|Status:700	P
012 Status:405|Status:200|Status:700			P
013 Status:405|Status:200				P
014 Status:405|SendMessage-Response:200			I
015 empty|*-Request|NewMessage				PI
016 empty|*-Request|NewMessage				PI
017 empty
018 empty|*-Request|NewMessage				PI
019 empty
020 empty
021 Status:405|Status:200				P
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
alive
stop_iwfd
grep -q " error: " "$tmp/log" && fail "errors in the log: $(grep " error: " "$tmp/log")"
exit 0
