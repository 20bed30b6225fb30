#!/bin/sh
# tests/kamailio_selftest.sh: proves the SIP/SIMPLE test peer without iwfd: Kamailio
# (tests/kamailio) with SIPp users jane, bob, carol, dave of mno2.example and a SIPp playing
# iwf for mno1.example. Registration; publication; reactive authorization (pending, allow by
# xcap table + RPC -> active with the PIDF, modified publication, block by XCAP PUT ->
# terminated;reason=rejected); fetch; winfo; MESSAGE relay (UDP, TCP) and msilo store-and-
# forward (unregistered, or registered but silent); routing to iwf (MESSAGE, record-routed
# SUBSCRIBE/NOTIFY both ways), iwf as trusted source by IP and port or (TCP) by IP, untrusted
# foreign senders refused. Asserts on SIPp traces and exit codes and on Kamailio's tables.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
KAM_NAME=kamailio_selftest
. "$top_srcdir/tests/kamailio/harness.sh"
kam_skip_unless_tools
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }

D=mno2.example
JANE=sip:jane@$D
kam_port IWF_PORT
kam_port JANE_PORT
kam_port BOB_PORT
kam_port CAROL_PORT
KAM_IWF_ADDR="sip:127.0.0.1:$IWF_PORT"
start=$(date +%s)

kam_start
kam_pass "kamailio up on $KAM_URI (iwf at $KAM_IWF_ADDR), answers OPTIONS"

# trace_has NAME REGEX WHAT: SIPp NAME's trace must match the extended REGEX.
trace_has() {
	grep -Eq "$2" "$KAM_DIR/sipp/$1.msg" 2>/dev/null || kam_fail "$3 (no /$2/ in sipp $1 trace)"
}

# register USER PORT EXPIRES: USER@mno2.example registers Contact sip:USER@127.0.0.1:PORT.
register() {
	sipp_run "reg_$1_$3" jane_register.xml -key user "$1" -key domain "$D" \
		-key contact "sip:$1@127.0.0.1:$2" -key expires "$3" ||
		kam_fail "REGISTER $1 (expires $3)"
}

# --- registration ---------------------------------------------------------------------------
register jane "$JANE_PORT" 300
register bob "$BOB_PORT" 300
kam_rpc ul.dump > "$KAM_DIR/ul.txt"
grep -q "Address: sip:jane@127.0.0.1:$JANE_PORT" "$KAM_DIR/ul.txt" || kam_fail "jane not in usrloc"
grep -q "Address: sip:bob@127.0.0.1:$BOB_PORT" "$KAM_DIR/ul.txt" || kam_fail "bob not in usrloc"
kam_pass "jane and bob registered (usrloc in memory)"

# --- publication ----------------------------------------------------------------------------
sipp_run pub_open jane_publish.xml -key user jane -key domain "$D" -key expires 300 \
	-key basic open -key note "in a meeting" || kam_fail "PUBLISH open"
etag=$(sed -n 's/^SIP-ETag: *\([^ ]*\).*/\1/p' "$KAM_DIR/sipp/pub_open.log" | head -n 1)
[ -n "$etag" ] || kam_fail "no SIP-ETag logged by jane_publish.xml"
[ "$(kam_sql "SELECT count(*) FROM presentity WHERE username = 'jane'
	AND etag = '$etag';")" = 1 ] ||
	kam_fail "publication $etag not in the presentity table"
kam_pass "jane published open (etag $etag)"

# --- unknown watcher stays pending ----------------------------------------------------------
sipp_bg bob_sub jane_subscribe.xml -key user bob -key domain "$D" -key to "$JANE" \
	-key expires 120 -key until terminated
sipp_wait_for bob_sub 'Subscription-State: pending' 5 || kam_fail "bob: no pending NOTIFY"
[ "$(kam_watcher_status "$JANE" bob)" = 2 ] || kam_fail "watchers: bob is not pending (2)"
[ "$(kam_sql "SELECT status FROM active_watchers WHERE presentity_uri = '$JANE'
	AND watcher_username = 'bob';")" = 2 ] || kam_fail "active_watchers: bob is not pending"
# the pending NOTIFY carries no presence
awk '/^NOTIFY /{n++} n==1' "$KAM_DIR/sipp/bob_sub.msg" | grep -q '<basic>' &&
	kam_fail "pending NOTIFY carries a PIDF body"
kam_pass "bob -> jane: pending, no body (watchers/active_watchers status 2)"

# --- winfo: jane fetches her watcher list ----------------------------------------------------
sipp_run jane_winfo jane_winfo.xml -key user jane -key domain "$D" -key to "$JANE" \
	-key expires 0 -key until terminated || kam_fail "jane: winfo fetch"
trace_has jane_winfo 'status="pending"[^>]*>sip:bob@mno2.example<' "winfo lists bob pending"
kam_pass "jane's winfo fetch lists bob as pending"

# --- allow: pres-rules into the xcap table + RPC presence.updateWatchers ---------------------
kam_pres_rules allow sip:bob@mno2.example sip:dave@mno2.example > "$KAM_DIR/allow.xml"
kam_rules_db jane "$KAM_DIR/allow.xml"
sipp_wait_for bob_sub 'Subscription-State: active' 5 || kam_fail "bob: no active NOTIFY after allow"
sipp_wait_for bob_sub '<basic>open</basic>' 5 || kam_fail "bob: active NOTIFY without jane's PIDF"
trace_has bob_sub 'in a meeting' "bob: active NOTIFY without jane's note"
[ "$(kam_watcher_status "$JANE" bob)" = 1 ] || kam_fail "watchers: bob is not active (1)"
kam_pass "allow rule (xcap table + presence.updateWatchers): bob active with jane's PIDF"

# --- jane changes her publication (SIP-If-Match) --------------------------------------------
sipp_run pub_closed jane_publish_modify.xml -key user jane -key domain "$D" -key expires 300 \
	-key basic closed -key note "gone home" -key etag "$etag" || kam_fail "PUBLISH modify"
sipp_wait_for bob_sub '<basic>closed</basic>' 5 || kam_fail "bob: no NOTIFY with closed"
[ "$(kam_sql "SELECT count(*) FROM presentity WHERE username = 'jane';")" = 1 ] ||
	kam_fail "modified publication added a second presentity row"
kam_pass "modified publication (closed) reaches bob, still one publication"

# --- fetch (Expires: 0) by another allowed watcher --------------------------------------------
sipp_run dave_fetch jane_subscribe.xml -key user dave -key domain "$D" -key to "$JANE" \
	-key expires 0 -key until terminated || kam_fail "dave: fetch"
trace_has dave_fetch 'Subscription-State: terminated' "dave: fetch not terminated"
trace_has dave_fetch '<basic>closed</basic>' "dave: fetch without jane's state"
kam_pass "dave fetches jane's presence once (Expires: 0)"

# --- block by XCAP PUT: terminated;reason=rejected -----------------------------------------------
kam_pres_rules block sip:bob@mno2.example > "$KAM_DIR/block.xml"
code=$(kam_rules_put jane "$KAM_DIR/block.xml")
[ "$code" = 200 ] || kam_fail "XCAP PUT of a block rule: HTTP $code $(cat "$KAM_DIR/xcap.out")"
sipp_wait bob_sub || kam_fail "bob's subscription did not end with a terminated NOTIFY"
trace_has bob_sub 'Subscription-State: terminated;reason=rejected' "bob: not rejected"
[ "$(kam_watcher_status "$JANE" bob)" = 3 ] || kam_fail "watchers: bob is not terminated (3)"
[ "$(kam_sql "SELECT reason FROM watchers WHERE presentity_uri = '$JANE'
	AND watcher_username = 'bob';")" = rejected ] || kam_fail "watchers: reason is not rejected"
code=$(curl -s -o "$KAM_DIR/xcap.get" -w '%{http_code}' \
	"$KAM_XCAP/pres-rules/users/$JANE/index")
[ "$code" = 200 ] && grep -q '<sub-handling>block</sub-handling>' "$KAM_DIR/xcap.get" ||
	kam_fail "XCAP GET does not return the block rule (HTTP $code)"
kam_pass "block rule by XCAP PUT: bob terminated;reason=rejected (watchers status 3, rejected)"

# --- MESSAGE relay ----------------------------------------------------------------------------
sipp_bg jane_im jane_message_uas.xml -p "$JANE_PORT"
sipp_run bob_im jane_message_uac.xml -key user bob -key domain "$D" -key to "$JANE" \
	-key text "hello jane, bob here" || kam_fail "bob -> jane MESSAGE"
sipp_wait jane_im || kam_fail "jane did not take the MESSAGE"
trace_has jane_im 'hello jane, bob here' "jane: MESSAGE body"
trace_has bob_im '^SIP/2.0 200' "bob: MESSAGE not answered 200"
kam_pass "MESSAGE bob -> jane relayed (200)"

# same over TCP towards Kamailio
sipp_bg jane_im_tcp jane_message_uas.xml -p "$JANE_PORT"
sipp_run bob_im_tcp jane_message_uac.xml -t t1 -key user bob -key domain "$D" -key to "$JANE" \
	-key text "over tcp" || kam_fail "bob -> jane MESSAGE over TCP"
sipp_wait jane_im_tcp || kam_fail "jane did not take the MESSAGE sent over TCP"
trace_has jane_im_tcp 'over tcp' "jane: MESSAGE body (TCP)"
kam_pass "MESSAGE bob -> jane over TCP relayed"

# --- msilo: offline user, stored (202), delivered on REGISTER ---------------------------------
sipp_run bob_im_off jane_message_uac.xml -key user bob -key domain "$D" \
	-key to "sip:carol@$D" -key text "for carol, later" || kam_fail "bob -> carol (offline)"
trace_has bob_im_off '^SIP/2.0 202' "MESSAGE to an unregistered user: not 202"
[ "$(kam_sql "SELECT count(*) FROM silo WHERE username = 'carol';")" = 1 ] ||
	kam_fail "msilo: no stored message for carol"
sipp_bg carol_im jane_message_uas.xml -p "$CAROL_PORT"
register carol "$CAROL_PORT" 300
sipp_wait carol_im || kam_fail "carol did not get the stored MESSAGE on REGISTER"
trace_has carol_im 'for carol, later' "carol: stored MESSAGE body"
trace_has carol_im '^From: .*sip:bob@mno2.example' "carol: stored MESSAGE not from bob"
i=0
while [ "$(kam_sql "SELECT count(*) FROM silo WHERE username = 'carol';")" != 0 ]; do
	i=$((i + 1))
	[ $i -le 50 ] || kam_fail "msilo: delivered message still stored"
	sleep 0.1
done
kam_pass "msilo: MESSAGE to offline carol stored (202), delivered on REGISTER, removed"

# a registered user whose UA is gone: tm times out (fr_timer 5 s), msilo keeps the message
kam_port GONE_PORT
sipp_run reg_erin jane_register.xml -key user erin -key domain "$D" \
	-key contact "sip:erin@127.0.0.1:$GONE_PORT" -key expires 300 || kam_fail "REGISTER erin"
sipp_run bob_im_gone jane_message_uac.xml -key user bob -key domain "$D" \
	-key to "sip:erin@$D" -key text "for erin, whose phone died" || kam_fail "bob -> erin (gone)"
trace_has bob_im_gone '^SIP/2.0 202' "MESSAGE to a silent registered UA: not 202"
[ "$(kam_sql "SELECT count(*) FROM silo WHERE username = 'erin';")" = 1 ] ||
	kam_fail "msilo: no stored message for erin"
kam_pass "msilo: MESSAGE to a registered but silent UA stored after the timeout (202)"

# --- routing to iwf ---------------------------------------------------------------------------
sipp_bg iwf_im jane_message_uas.xml -p "$IWF_PORT"
sipp_run jane_to_harry jane_message_uac.xml -key user jane -key domain "$D" \
	-key to sip:harry@mno1.example -key text "hi harry" || kam_fail "jane -> harry MESSAGE"
sipp_wait iwf_im || kam_fail "iwf did not get jane's MESSAGE for harry"
trace_has iwf_im '^MESSAGE sip:harry@mno1.example ' "iwf: Request-URI is not harry's"
trace_has iwf_im 'hi harry' "iwf: MESSAGE body"
kam_pass "MESSAGE jane -> harry@mno1.example forwarded to iwf"

sipp_bg jane_im2 jane_message_uas.xml -p "$JANE_PORT"
sipp_run harry_to_jane jane_message_uac.xml -p "$IWF_PORT" -key user harry \
	-key domain mno1.example -key to "$JANE" -key text "hello from wv" ||
	kam_fail "iwf (harry) -> jane MESSAGE"
sipp_wait jane_im2 || kam_fail "jane did not get harry's MESSAGE"
trace_has jane_im2 '^From: <sip:harry@mno1.example>' "jane: MESSAGE not from harry"
kam_pass "MESSAGE from harry@mno1.example sent by iwf (trusted) reaches jane"

sipp_run spoof jane_message_uac.xml -key user harry -key domain mno1.example -key to "$JANE" \
	-key text "spoofed" && kam_fail "a foreign From from an untrusted source was accepted"
trace_has spoof '^SIP/2.0 403' "untrusted foreign sender: not 403"
sipp_run loop jane_message_uac.xml -p "$IWF_PORT" -key user harry -key domain mno1.example \
	-key to sip:sally@mno1.example -key text "loop" && kam_fail "iwf -> mno1.example accepted"
trace_has loop '^SIP/2.0 482' "iwf -> its own domain: not 482"
kam_pass "untrusted sender of mno1.example refused (403), iwf's requests never sent back (482)"

# jane subscribes to harry: record-routed, NOTIFYs come back through Kamailio
sipp_bg iwf_pa iwf_notifier.xml -p "$IWF_PORT" -key user harry -key domain mno1.example \
	-key basic open
sipp_run jane_sub_harry jane_subscribe.xml -key user jane -key domain "$D" \
	-key to sip:harry@mno1.example -key expires 60 -key until active ||
	kam_fail "jane -> harry subscription (active, then unsubscribe)"
sipp_wait iwf_pa || kam_fail "iwf side of jane's subscription to harry"
trace_has iwf_pa '^Record-Route: <sip:127.0.0.1:'"$KAM_PORT"';' "SUBSCRIBE to iwf not record-routed"
trace_has jane_sub_harry '^Subscription-State: active' "jane: no active NOTIFY from harry"
trace_has jane_sub_harry '<basic>open</basic>' "jane: harry's PIDF missing"
trace_has jane_sub_harry '^Route: <sip:127.0.0.1:'"$KAM_PORT"';' "jane: unsubscribe not routed"
trace_has jane_sub_harry '^Subscription-State: terminated' "jane: no terminated NOTIFY"
kam_pass "SUBSCRIBE jane -> harry record-routed to iwf; NOTIFYs and un-SUBSCRIBE via Kamailio"

# iwf subscribes to jane for harry: a trusted watcher from mno1.example, pending
sipp_run harry_sub_jane jane_subscribe.xml -p "$IWF_PORT" -key user harry \
	-key domain mno1.example -key to "$JANE" -key expires 60 -key until pending ||
	kam_fail "harry (via iwf) -> jane subscription"
trace_has harry_sub_jane '^Subscription-State: pending' "harry: not pending"
trace_has harry_sub_jane '^Subscription-State: terminated' "harry: un-SUBSCRIBE not confirmed"
[ "$(kam_sql "SELECT watcher_domain FROM watchers WHERE presentity_uri = '$JANE'
	AND watcher_username = 'harry';")" = mno1.example ] || kam_fail "watchers: no harry@mno1.example"
kam_pass "iwf subscribes to jane for harry@mno1.example: pending until jane decides"

grep -qE 'CRITICAL|ALERT|BUG' "$KAM_LOG" && kam_fail "Kamailio logged a critical error"
kam_stop
[ "$(kam_sql "SELECT count(*) FROM watchers;")" -ge 2 ] || kam_fail "watchers table lost on stop"
kam_pass "kamailio stopped"

# --- iwf over TCP on an address of its own, trusted by IP only (IWF_TRUST_PORT=0) ------------
# SIPp users all send from 127.0.0.1, so iwf is told apart by address: 127.0.0.2 (loopback).
KAM_IWF_ADDR="sip:127.0.0.2:$IWF_PORT;transport=tcp"
KAM_IWF_TRUST_PORT=0
KAM_PORT=""
kam_start
register jane "$JANE_PORT" 300
sipp_bg jane_im3 jane_message_uas.xml -p "$JANE_PORT"
sipp_run harry_tcp jane_message_uac.xml -t t1 -i 127.0.0.2 -key user harry \
	-key domain mno1.example -key to "$JANE" -key text "from iwf over tcp" ||
	kam_fail "iwf (harry, TCP from 127.0.0.2) -> jane"
sipp_wait jane_im3 || kam_fail "jane did not get harry's MESSAGE sent over TCP"
trace_has jane_im3 'from iwf over tcp' "jane: MESSAGE body (iwf over TCP)"
sipp_run spoof2 jane_message_uac.xml -t t1 -key user harry -key domain mno1.example \
	-key to "$JANE" -key text "spoofed" && kam_fail "harry from 127.0.0.1 accepted (IP trust)"
trace_has spoof2 '^SIP/2.0 403' "harry from 127.0.0.1: not 403"
sipp_bg iwf_tcp jane_message_uas.xml -t t1 -i 127.0.0.2 -p "$IWF_PORT"
sipp_run jane_to_harry_tcp jane_message_uac.xml -key user jane -key domain "$D" \
	-key to sip:harry@mno1.example -key text "to iwf over tcp" || kam_fail "jane -> harry (TCP)"
sipp_wait iwf_tcp || kam_fail "iwf did not get jane's MESSAGE over TCP"
trace_has iwf_tcp '^MESSAGE sip:harry@mno1.example ' "iwf (TCP): Request-URI is not harry's"
trace_has iwf_tcp 'to iwf over tcp' "iwf (TCP): MESSAGE body"
kam_pass "iwf at 127.0.0.2 over TCP (IWF_TRUST_PORT=0): MESSAGE both ways, 127.0.0.1 refused"

kam_stop
kam_pass "done in $(($(date +%s) - start)) s"
