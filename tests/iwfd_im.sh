#!/bin/bash
# tests/iwfd_im.sh: IM among local users of iwfd over real HTTP, with impsc and curl: a chat both
# ways, offline delivery at login, unknown user 531, block list 532, several recipients 201/900,
# delivery reports, Validity expiry (542), notify/get (SetDeliveryMethod, GetMessageList,
# GetMessage, MessageDelivered, RejectMessage).
NAME=iwfd_im
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"
[ -x "$IMPSC" ] || { echo "SKIP: impsc not built"; exit 77; }

write_conf <<EOF
session.poll_min = 1s
EOF
for u in harry:h4rry jane:j4ne amy:4my; do
	ctl user add "${u%%:*}" "${u#*:}" > /dev/null || fail "iwfctl user add ${u%%:*}"
done
start_iwfd
pass "iwfd at $url"

impsc() {	# impsc USER PASSWORD OUTFILE COMMAND... (options before the URL in $IMPSC_OPTS)
	_u=$1 _p=$2 _o=$3
	shift 3
	# shellcheck disable=SC2086
	"$IMPSC" -u "$_u" -p "$_p" --timeout 20 ${IMPSC_OPTS:-} "$url" "$@" > "$tmp/$_o" 2>&1
}

LOGIN() {	# LOGIN USER PASSWORD CLIENT
	printf '<Login-Request><UserID>%s</UserID><ClientID><URL>%s</URL></ClientID>' "$1" "$3"
	printf '<TimeToLive>600</TimeToLive><SessionCookie>ck-%s</SessionCookie>' "$3"
	printf '<Password>%s</Password></Login-Request>' "$2"
}

curl_login() {	# curl_login VAR USER PASSWORD CLIENT: sets VAR to the SessionID
	post "$(msg 1.2 - Request 1 "$(LOGIN "$2" "$3" "$4")")"
	expect_prim Login-Response 200 "login of $2 ($4)"
	printf -v "$1" '%s' "$(el SessionID)"
}

SEND() {	# SEND DR RECIPIENT-XML TEXT [MESSAGEINFO-EXTRA]
	printf '<SendMessage-Request><DeliveryReport>%s</DeliveryReport><MessageInfo>' "$1"
	printf '<ContentType>text/plain</ContentType><ContentSize>%s</ContentSize>' "${#3}"
	printf '<Recipient>%s</Recipient><Sender><User><UserID>me</UserID></User></Sender>' "$2"
	printf '%s</MessageInfo>' "${4:-}"
	printf '<ContentData>%s</ContentData></SendMessage-Request>' "$3"
}
to() { for _u in "$@"; do printf '<User><UserID>%s</UserID></User>' "$_u"; done; }

tno=100
tid() { tno=$((tno + 1)); echo "c$tno"; }

# poll_for SID PRIM SECONDS: polls until a server transaction PRIM arrives (left in $tmp/ans,
# its TransactionID in $stid); other server requests are answered with Status 200.
poll_for() {
	_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$_end" ]; do
		post "$(msg 1.2 "$1" Request - "<Polling-Request/>")"
		[ "$http" = 200 ] || fail "Polling: HTTP $http"
		if [ -s "$tmp/ans" ]; then
			stid=$(el TransactionID)
			[ "$(prim)" = "$2" ] && return 0
			cp "$tmp/ans" "$tmp/other"
			post "$(msg 1.2 "$1" Response "$stid" "<Status><Result><Code>200</Code></Result></Status>")"
			continue
		fi
		sleep 0.3
	done
	fail "no $2 for session $1 within $3 s"
}
ack_status() { post "$(msg 1.2 "$1" Response "$2" "<Status><Result><Code>200</Code></Result></Status>")"; }

# --- a chat both ways (impsc, push delivery, polling) ------------------------------------------
impsc jane j4ne jane.out wait 1 messages 20 -- send harry "hi back" &
jpid=$!
sleep 0.5
impsc harry h4rry harry.out send jane "hello jane" -- wait 1 messages 20 ||
	fail "impsc harry: $(cat "$tmp/harry.out")"
wait $jpid || fail "impsc jane: $(cat "$tmp/jane.out")"
sent=$(sed -n 's/^SENT id=\([^ ]*\) to=wv:jane.*/\1/p' "$tmp/harry.out")
[ -n "$sent" ] || fail "harry: no SENT line: $(cat "$tmp/harry.out")"
grep -q "^MESSAGE from=wv:harry@$DOMAIN to=wv:jane@$DOMAIN id=$sent type=text/plain text=\"hello jane\"" \
	"$tmp/jane.out" || fail "jane did not get harry's message $sent: $(cat "$tmp/jane.out")"
grep -q "^MESSAGE from=wv:jane@$DOMAIN to=wv:harry@$DOMAIN id=.* text=\"hi back\"" "$tmp/harry.out" ||
	fail "harry did not get jane's answer: $(cat "$tmp/harry.out")"
grep -q "^SERVICE .*MDELIV.*NEWM" "$tmp/harry.out" || fail "IM functions not advertised"
pass "chat both ways: MESSAGE lines with the sender's MessageID"

# --- the same in every version and encoding impsc speaks (UTF-8 and markup in the text) ----------------
for v in "1.1 --wbxml" "1.2 --wbxml" "1.3 --wbxml" "1.3" "1.1"; do
	IMPSC_OPTS="--version $v" impsc jane j4ne jane.out wait 1 messages 20 &
	jpid=$!
	sleep 0.5
	IMPSC_OPTS="--version $v" impsc harry h4rry harry.out send jane "héllo <$v> & bye" ||
		fail "impsc harry ($v): $(cat "$tmp/harry.out")"
	wait $jpid || fail "impsc jane ($v): $(cat "$tmp/jane.out")"
	grep -q "^MESSAGE from=wv:harry@$DOMAIN .* text=\"héllo <$v> & bye\"" "$tmp/jane.out" ||
		fail "($v) jane: $(cat "$tmp/jane.out")"
done
pass "the message arrives intact in CSP 1.1, 1.2 and 1.3, XML and WBXML"

# --- offline: stored, delivered at the next login ------------------------------------------------
impsc harry h4rry harry.out send jane "while you were away" || fail "send to offline jane"
impsc jane j4ne jane.out wait 1 messages 20 || fail "jane after login: $(cat "$tmp/jane.out")"
grep -q 'text="while you were away"' "$tmp/jane.out" || fail "offline message not delivered"
impsc jane j4ne jane.out wait 1 messages 2
[ $? -eq 3 ] || fail "the offline message came twice: $(cat "$tmp/jane.out")"
pass "offline message delivered at the next login, once"

# --- unknown user, block list ----------------------------------------------------------------------
impsc harry h4rry harry.out send nobody "anyone?"
grep -q "^STATUS SendMessage-Request 531" "$tmp/harry.out" || fail "no 531: $(cat "$tmp/harry.out")"
impsc jane j4ne jane.out block harry || fail "jane blocks harry: $(cat "$tmp/jane.out")"
impsc harry h4rry harry.out send jane "let me in"
grep -q "^STATUS SendMessage-Request 532" "$tmp/harry.out" || fail "no 532: $(cat "$tmp/harry.out")"
impsc jane j4ne jane.out unblock harry || fail "jane unblocks harry"
impsc harry h4rry harry.out send jane "thanks" || fail "send after unblock: $(cat "$tmp/harry.out")"
impsc jane j4ne jane.out wait 1 messages 20 || fail "jane after unblock"
grep -q 'text="thanks"' "$tmp/jane.out" || fail "message after unblock not delivered"
grep -q 'let me in' "$tmp/jane.out" && fail "a blocked message was delivered"
pass "unknown user 531; blocked sender 532 (BlockEntity); unblocked again"

# --- several recipients (curl) ---------------------------------------------------------------------
curl_login hs harry h4rry c-harry
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND F "$(to jane amy nobody sip:bob@mno2.example)" "to all")")"
expect_prim SendMessage-Response 201 "mixed recipients"
[ -n "$(el MessageID)" ] || fail "201 without MessageID"
[ "$(x "count(//*[local-name()='DetailedResult'])")" = 2 ] || fail "not 2 DetailedResults"
[ "$(el Code 2)" = 531 ] && [ "$(el UserID 1)" = "wv:nobody@$DOMAIN" ] || fail "531 detail"
[ "$(el Code 3)" = 516 ] && [ "$(el UserID 2)" = sip:bob@mno2.example ] || fail "516 detail"
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND F "$(to nobody ghost)" "to nobody")")"
expect_prim SendMessage-Response 900 "all recipients fail"
[ "$(x "count(//*[local-name()='DetailedResult'])")" = 2 ] || fail "900 without 2 details"
[ -z "$(el MessageID)" ] || fail "900 with a MessageID"
impsc amy 4my amy.out wait 1 messages 20 || fail "amy: $(cat "$tmp/amy.out")"
grep -q 'text="to all"' "$tmp/amy.out" || fail "amy did not get the message to all"
impsc jane j4ne jane.out wait 1 messages 20 || fail "jane: $(cat "$tmp/jane.out")"
grep -q 'text="to all"' "$tmp/jane.out" || fail "jane did not get the message to all"
pass "several recipients: 201 with DetailedResults (531, 516 SIP not wired), 900 when all fail"

# --- delivery report ---------------------------------------------------------------------------
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND T "$(to jane)" "report please")")"
expect_prim SendMessage-Response 200 "send with DeliveryReport"
dr_mid=$(el MessageID)
impsc jane j4ne jane.out wait 1 messages 20 || fail "jane (report)"
poll_for "$hs" DeliveryReport-Request 20
[ "$(code)" = 200 ] || fail "report code $(code)"
[ "$(el MessageID)" = "$dr_mid" ] || fail "report for $(el MessageID), expected $dr_mid"
[ -n "$(el DeliveryTime)" ] || fail "report without DeliveryTime"
ack_status "$hs" "$stid"
pass "DeliveryReport-Request 200 to the sender when the recipient acknowledged"

# --- Validity: expired offline messages are dropped, the sender hears 542 ----------------------------
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND T "$(to amy)" "short-lived" "<Validity>1</Validity>")")"
expect_prim SendMessage-Response 200 "send with Validity 1"
ex_mid=$(el MessageID)
sleep 2.2
impsc amy 4my amy.out wait 1 messages 3
[ $? -eq 3 ] || fail "amy got an expired message: $(cat "$tmp/amy.out")"
poll_for "$hs" DeliveryReport-Request 15
[ "$(code)" = 542 ] || fail "expiry report code $(code)"
[ "$(el MessageID)" = "$ex_mid" ] || fail "expiry report for $(el MessageID)"
ack_status "$hs" "$stid"
pass "Validity: an expired offline message is not delivered; the sender gets 542"

# --- notify/get (curl) ------------------------------------------------------------------------------
curl_login js jane j4ne c-jane
post "$(msg 1.2 "$js" Request "$(tid)" "<SetDeliveryMethod-Request><DeliveryMethod>N</DeliveryMethod></SetDeliveryMethod-Request>")"
expect_prim Status 200 "SetDeliveryMethod N"
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND T "$(to jane)" "pull me")")"
expect_prim SendMessage-Response 200 "send to a notify/get session"
ng_mid=$(el MessageID)
poll_for "$js" MessageNotification 20
[ "$(el MessageID)" = "$ng_mid" ] || fail "notification for $(el MessageID)"
[ -z "$(el ContentData)" ] || fail "a notification with ContentData"
ack_status "$js" "$stid"
post "$(msg 1.2 "$js" Request "$(tid)" "<GetMessageList-Request/>")"
expect_prim GetMessageList-Response - "GetMessageList"
[ "$(el MessageID)" = "$ng_mid" ] || fail "GetMessageList lists $(el MessageID)"
post "$(msg 1.2 "$js" Request "$(tid)" "<GetMessage-Request><MessageID>$ng_mid</MessageID></GetMessage-Request>")"
expect_prim GetMessage-Response - "GetMessage"
[ "$(el ContentData)" = "pull me" ] || fail "GetMessage gave '$(el ContentData)'"
post "$(msg 1.2 "$js" Request "$(tid)" "<MessageDelivered><MessageID>$ng_mid</MessageID></MessageDelivered>")"
expect_prim Status 200 "MessageDelivered"
post "$(msg 1.2 "$js" Request "$(tid)" "<GetMessage-Request><MessageID>$ng_mid</MessageID></GetMessage-Request>")"
expect_prim Status 426 "GetMessage after MessageDelivered"
poll_for "$hs" DeliveryReport-Request 20
[ "$(code)" = 200 ] && [ "$(el MessageID)" = "$ng_mid" ] || fail "no report after notify/get"
ack_status "$hs" "$stid"
# RejectMessage: gone, and the sender hears 538.
post "$(msg 1.2 "$hs" Request "$(tid)" "$(SEND T "$(to jane)" "unwanted")")"
rj_mid=$(el MessageID)
poll_for "$js" MessageNotification 20
ack_status "$js" "$stid"
post "$(msg 1.2 "$js" Request "$(tid)" "<RejectMessage-Request><MessageID>$rj_mid</MessageID><MessageID>bogus</MessageID></RejectMessage-Request>")"
expect_prim Status 201 "RejectMessage of a stored and an unknown id"
[ "$(el Code 2)" = 426 ] && [ "$(el MessageID)" = bogus ] || fail "426 detail for the unknown id"
poll_for "$hs" DeliveryReport-Request 20
[ "$(code)" = 538 ] && [ "$(el MessageID)" = "$rj_mid" ] || fail "no 538 report after RejectMessage"
ack_status "$hs" "$stid"
pass "notify/get: MessageNotification, GetMessageList, GetMessage, MessageDelivered, RejectMessage (538)"

# --- CSP 1.1: every IM primitive we send is valid against the 1.1 DTD ---------------------------------
DTD="$top_srcdir/tests/data/wv-csp_1_1.dtd"
valid() { "$XMLLINT" --nonet --noout --dtdvalid "$DTD" "$tmp/ans" 2> "$tmp/dtd.err" ||
	fail "$1 is not valid against the 1.1 DTD: $(head -5 "$tmp/dtd.err")"; }
# poll11 SID PRIM: as poll_for, in 1.1.
poll11() {
	for _i in $(seq 1 60); do
		post "$(msg 1.1 "$1" Request - "<Polling-Request/>")"
		if [ -s "$tmp/ans" ]; then
			stid=$(el TransactionID)
			[ "$(prim)" = "$2" ] && return 0
			fail "1.1 poll of $1: $(prim), expected $2"
		fi
		sleep 0.3
	done
	fail "no $2 (1.1) for $1"
}
post "$(msg 1.1 - Request 1 "$(LOGIN harry h4rry c11h)")"
expect_prim Login-Response 200 "1.1 login of harry"
h11=$(el SessionID)
post "$(msg 1.1 - Request 1 "$(LOGIN jane j4ne c11j)")"
expect_prim Login-Response 200 "1.1 login of jane"
j11=$(el SessionID)
post "$(msg 1.1 "$h11" Request "$(tid)" "$(SEND T "$(to jane nobody)" "dtd check")")"
expect_prim SendMessage-Response 201 "1.1 send"
valid "SendMessage-Response with DetailedResult"
v_mid=$(el MessageID)
poll11 "$j11" NewMessage
valid NewMessage
post "$(msg 1.1 "$j11" Response "$stid" "<MessageDelivered><MessageID>$v_mid</MessageID></MessageDelivered>")"
poll11 "$h11" DeliveryReport-Request
valid DeliveryReport-Request
ack11() { post "$(msg 1.1 "$1" Response "$2" "<Status><Result><Code>200</Code></Result></Status>")"; }
ack11 "$h11" "$stid"
post "$(msg 1.1 "$j11" Request "$(tid)" "<SetDeliveryMethod-Request><DeliveryMethod>N</DeliveryMethod><AcceptedContentLength>1000</AcceptedContentLength></SetDeliveryMethod-Request>")"
expect_prim Status 200 "1.1 SetDeliveryMethod"
valid "Status"
post "$(msg 1.1 "$h11" Request "$(tid)" "$(SEND F "$(to jane)" "dtd notify" "<Validity>600</Validity>")")"
v_mid=$(el MessageID)
poll11 "$j11" MessageNotification
valid MessageNotification
ack11 "$j11" "$stid"
post "$(msg 1.1 "$j11" Request "$(tid)" "<GetMessageList-Request/>")"
expect_prim GetMessageList-Response - "1.1 GetMessageList"
valid GetMessageList-Response
post "$(msg 1.1 "$j11" Request "$(tid)" "<GetMessage-Request><MessageID>$v_mid</MessageID></GetMessage-Request>")"
expect_prim GetMessage-Response - "1.1 GetMessage"
valid GetMessage-Response
post "$(msg 1.1 "$j11" Request "$(tid)" "<RejectMessage-Request><MessageID>$v_mid</MessageID><MessageID>x1</MessageID></RejectMessage-Request>")"
expect_prim Status 201 "1.1 RejectMessage"
valid "Status with DetailedResult"
pass "CSP 1.1: SendMessage-Response, NewMessage, MessageNotification, GetMessageList-Response, GetMessage-Response, DeliveryReport-Request, Status valid against the DTD"

# --- bad input ------------------------------------------------------------------------------------
post "$(msg 1.2 "$hs" Request "$(tid)" "<SendMessage-Request><DeliveryReport>F</DeliveryReport><MessageInfo><ContentSize>1</ContentSize><Recipient>$(to jane)</Recipient><ContentEncoding>rot13</ContentEncoding><Sender><User><UserID>harry</UserID></User></Sender></MessageInfo><ContentData>x</ContentData></SendMessage-Request>")"
expect_prim Status 402 "bad ContentEncoding"
el Description | grep -q ContentEncoding || fail "402 does not name ContentEncoding"
grep -q "notice: im: SendMessage-Request of wv:harry@$DOMAIN refused: 402" "$tmp/log" ||
	fail "no notice line for the refusal"
pass "bad input: 402 naming the element, and a notice line"
alive
stop_iwfd
grep -q "Sanitizer" "$tmp/log" && fail "a sanitizer report in the iwfd log"
exit 0
