#!/bin/bash
# tests/iwfd_presence.sh: presence among local users through iwfd with impsc clients running side by
# side: notifications with only the subscribed and authorized attributes, reactive authorization
# accepted, declined and cancelled, watchers, block list, contact-list subscription with
# AutoSubscribe, attribute lists (curl), OnlineStatus F at logout.
NAME=iwfd_presence
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/iwfd_csp_lib.sh"
[ -x "$IMPSC" ] || { echo "SKIP: imps/impsc not built"; exit 77; }

write_conf <<EOF
session.poll_min = 1s
cir.tcp_listen = 127.0.0.1:0
EOF
for u in harry jane amy bob; do
	ctl user add $u pw-$u > /dev/null || fail "iwfctl user add $u"
done
start_iwfd
pass "iwfd at $url"

H=wv:harry@$DOMAIN
J=wv:jane@$DOMAIN
A=wv:amy@$DOMAIN
B=wv:bob@$DOMAIN

# --- impsc clients: one process per user, commands through a FIFO, output in $tmp/NAME.out ---
declare -A fd_of cpid_of
client() {	# client NAME USER FD
	mkfifo "$tmp/$1.in"
	"$IMPSC" -u "wv:$2@$DOMAIN" -p "pw-$2" --client-id "impsc-$1" --cir stcp --timeout 15 "$url" \
		< "$tmp/$1.in" > "$tmp/$1.out" 2> "$tmp/$1.err" &
	cpid_of[$1]=$!
	eval "exec $3> \"\$tmp/\$1.in\""
	fd_of[$1]=$3
	expect "$1" '^LOGIN 200' 1
}
say() {	# say NAME COMMAND: sends one command line
	printf '%s\n' "$2" >&"${fd_of[$1]}"
}
# sayf NAME COMMAND: the same for commands that print lines after their STATUS line, which
# impsc leaves in its stdout buffer: a keepalive after it flushes them.
sayf() {
	say "$1" "$2"
	say "$1" "keepalive"
}
# expect NAME REGEX N [SECONDS]: waits until NAME's output has at least N lines matching.
expect() {
	_t=$((${4:-20} * 10))
	for _i in $(seq 1 "$_t"); do
		[ "$(grep -cE -- "$2" "$tmp/$1.out")" -ge "$3" ] && return 0
		sleep 0.1
	done
	echo "--- $1 output:"; cat "$tmp/$1.out"; echo "--- $1 stderr:"; tail -5 "$tmp/$1.err"
	fail "$1: no $3 lines matching '$2'"
}
count() { grep -cE -- "$2" "$tmp/$1.out"; }
# The last line of NAME's output matching REGEX.
last() { grep -E -- "$2" "$tmp/$1.out" | tail -n 1; }

client h harry 3
client j jane 4
client a amy 5
client b bob 6
pass "four impsc clients logged in"

# --- reactive authorization accepted; only subscribed attributes travel ----------------------
say j "subscribe harry attrs=online,status-text"
expect j '^STATUS SubscribePresence-Request 200' 1
say h "wait 1 auth 10"
expect h "^AUTH-REQUEST from=$J attrs=online,status-text\$" 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H\$" 1
pass "subscription by an unauthorized watcher: 200, PresenceAuth-Request to harry, jane sees nothing"

sayf j "presence-get harry"
expect j '^STATUS GetPresence-Request 521' 1
say h "auth-accept jane"
expect h '^STATUS PresenceAuth-User 200' 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H online=T\$" 1
pass "accepted: jane gets OnlineStatus T; a GetPresence before the answer got 521"

say h 'presence-update status-text="in a meeting" availability=AVAILABLE alias=H'
expect h '^STATUS UpdatePresence-Request 200' 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H .*status-text=\"in a meeting\"" 1
l=$(last j "^PRESENCE $H ")
case "$l" in
*availability*|*alias*) fail "unsubscribed attributes notified: $l" ;;
esac
pass "update: jane is notified of online and status-text only ($l)"

sayf h "watchers"
expect h "^WATCHER $J\$" 1
pass "GetWatcherList names jane"

# --- declined ----------------------------------------------------------------------------------
say a "subscribe harry attrs=online,status-text,alias"
say h "wait 1 auth 10"
expect h "^AUTH-REQUEST from=$A " 1
say h "auth-decline amy"
expect h '^STATUS PresenceAuth-User 200' 2
say a "wait 2 notifications 10"
expect a "^PRESENCE $H\$" 2
sayf a "presence-get harry"
expect a '^STATUS GetPresence-Request 534' 1
say a "subscribe harry attrs=online,status-text,alias"
expect a '^STATUS SubscribePresence-Request 200' 2
say h "wait 1 auth 3"
expect h '^TIMEOUT wait 0/1 auth' 1
pass "declined: amy sees an empty presence, GetPresence 534, not asked again"

# --- CancelAuth stops the values ---------------------------------------------------------------
say h "cancel-auth jane"
expect h '^STATUS CancelAuth-Request 200' 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H\$" 2
say h 'presence-update status-text="after cancel"'
say j "wait 1 notifications 3"
expect j '^TIMEOUT wait 0/1 notifications' 1
grep -q 'after cancel' "$tmp/j.out" && fail "values after CancelAuth"
pass "CancelAuth: jane gets an empty presence and no more values"

# --- block list --------------------------------------------------------------------------------
say h "auth-accept jane"
say j "wait 1 notifications 10"
expect j "^PRESENCE $H .*status-text=\"after cancel\"" 1
say h "block jane"
expect h '^STATUS BlockEntity-Request 200' 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H\$" 3
sayf h "blocked"
expect h "^BLOCKED $J\$" 1
expect h '^BLOCK-LIST in-use=T' 1
sayf j "presence-get harry"
expect j '^STATUS GetPresence-Request 534' 1
say h "unblock jane"
say j "wait 1 notifications 10"
expect j "^PRESENCE $H .*status-text=\"after cancel\"" 2
pass "block list: jane sees nothing while blocked (534), values again when unblocked"

# --- contact list with AutoSubscribe ------------------------------------------------------------
say h "list-create Friends jane display-name=Friends default=T"
expect h '^STATUS CreateList-Request 200' 1
sayf h "list-get"
expect h "^LIST wv:harry/friends@$DOMAIN default=T\$" 1
say h "subscribe list:FRIENDS attrs=online"
expect h '^STATUS SubscribePresence-Request 200' 1
say j "wait 1 auth 10"
expect j "^AUTH-REQUEST from=$H attrs=online\$" 1
say j "auth-accept harry"
say h "wait 2 notifications 10"
expect h "^PRESENCE $J online=T\$" 1
say h "list-add friends bob Bobby"
expect h '^STATUS ListManage-Request 200' 1
say b "wait 1 auth 10"
expect b "^AUTH-REQUEST from=$H attrs=online\$" 1
say b "auth-accept harry"
say h "wait 2 notifications 10"
expect h "^PRESENCE $B online=T\$" 1
sayf h "list-show friends"
expect h "^CONTACT wv:harry/friends@$DOMAIN $B nick=\"Bobby\"" 1
expect h "^LIST-PROPERTY wv:harry/friends@$DOMAIN DisplayName=\"Friends\"" 1
pass "contact list: AutoSubscribe brings bob (asked, accepted, notified)"

# --- attribute lists (curl, a second session of harry) -----------------------------------------
PSL12='<PresenceSubList xmlns="http://www.openmobilealliance.org/DTD/WV-PA1.2">'
post "$(msg 1.2 - Request 1 "<Login-Request><UserID>harry</UserID><ClientID><URL>curl</URL></ClientID><TimeToLive>600</TimeToLive><SessionCookie>c</SessionCookie><Password>pw-harry</Password></Login-Request>")"
expect_prim Login-Response 200 "curl login of harry"
sid=$(el SessionID)
post "$(msg 1.2 "$sid" Request 2 "<CreateAttributeList-Request>$PSL12<StatusText/><Alias/></PresenceSubList><UserID>amy</UserID><DefaultList>F</DefaultList></CreateAttributeList-Request>")"
expect_prim Status 200 "CreateAttributeList for amy"
say a "wait 1 notifications 10"
expect a "^PRESENCE $H .*alias=\"H\"" 1
l=$(last a "^PRESENCE $H ")
case "$l" in
*online=*) fail "amy sees OnlineStatus, not in her attribute list: $l" ;;
esac
post "$(msg 1.2 "$sid" Request 3 "<CreateAttributeList-Request>$PSL12<OnlineStatus/></PresenceSubList><DefaultList>T</DefaultList></CreateAttributeList-Request>")"
expect_prim Status 200 "CreateAttributeList default"
post "$(msg 1.2 "$sid" Request 4 "<GetAttributeList-Request><DefaultList>T</DefaultList></GetAttributeList-Request>")"
expect_prim GetAttributeList-Response 200 "GetAttributeList"
[ "$(x "count(//*[local-name()='DefaultAttributeList']//*[local-name()='OnlineStatus'])")" = 1 ] ||
	fail "no OnlineStatus in the DefaultAttributeList"
[ "$(x "string(//*[local-name()='Presence']/*[local-name()='UserID'])")" = "$A" ] ||
	fail "amy's attribute list not listed"
pass "attribute lists: amy's list overrides the decline (alias, status-text), default listed"

post "$(msg 1.2 "$sid" Request 7 "<ListManage-Request><ContactList>wv:harry/friends@$DOMAIN</ContactList><AddNickList><UserID>sip:Jane@mno2.example</UserID></AddNickList><ReceiveList>T</ReceiveList></ListManage-Request>")"
expect_prim ListManage-Response 200 "a sip: member"
[ "$(x "count(//*[local-name()='NickList']/*)")" = 3 ] || fail "NickList has not 3 members"
[ "$(x "count(//*[local-name()='NickList']//*[local-name()='UserID'][.='sip:Jane@mno2.example'])")" = 1 ] ||
	fail "sip:Jane@mno2.example not kept as it was normalised"
pass "a sip: member is kept (its presence comes with the SIP side)"

# --- a bad value -------------------------------------------------------------------------------
post "$(msg 1.2 "$sid" Request 5 "<UpdatePresence-Request>$PSL12<OnlineStatus><Qualifier>T</Qualifier><PresenceValue>perhaps</PresenceValue></OnlineStatus></PresenceSubList></UpdatePresence-Request>")"
expect_prim Status 751 "invalid OnlineStatus"
el Description | grep -q OnlineStatus || fail "751 does not name the attribute: $(el Description)"
grep -q "notice: presence: UpdatePresence-Request of $H refused: 751" "$tmp/log" ||
	fail "no notice line for the refusal"
pass "invalid presence value: 751 naming OnlineStatus, notice logged"

# --- CSP 1.1: the answers are valid against the 1.1 DTD ----------------------------------------
# The 1.1 DTD declares PresenceSubList as (#PCDATA): its content is emptied before validating
# (as tests/csp_dtd.sh does); the attributes themselves are checked by the other steps.
dtd="$top_srcdir/tests/data/wv-csp_1_1.dtd"
valid11() {
	perl -0pe 's#<PresenceSubList([^>]*)>.*?</PresenceSubList>#<PresenceSubList$1/>#gs' \
		"$tmp/ans" > "$tmp/v.xml"
	"$XMLLINT" --nonet --noout --dtdvalid "$dtd" "$tmp/v.xml" 2> "$tmp/v.err" ||
		fail "$1: not valid against the 1.1 DTD: $(head -3 "$tmp/v.err")"
}
post "$(msg 1.1 - Request 1 "<Login-Request><UserID>bob</UserID><ClientID><URL>curl11</URL></ClientID><Password>pw-bob</Password><TimeToLive>600</TimeToLive><SessionCookie>c11</SessionCookie></Login-Request>")"
expect_prim Login-Response 200 "1.1 login of bob"
s11=$(el SessionID)
post "$(msg 1.1 "$s11" Request 2 "<CreateList-Request><ContactList>mates</ContactList><NickList><NickName><Name>A</Name><UserID>amy</UserID></NickName><UserID>x@-bad-</UserID></NickList><ContactListProperties><Property><Name>DisplayName</Name><Value>Mates</Value></Property></ContactListProperties></CreateList-Request>")"
expect_prim Status 201 "1.1 CreateList with a bad member"
[ "$(x "string(//*[local-name()='DetailedResult']/*[local-name()='Code'])")" = 531 ] ||
	fail "no DetailedResult 531 for the bad member"
valid11 "CreateList 201"
post "$(msg 1.1 "$s11" Request 3 "<GetList-Request/>")"
expect_prim GetList-Response - "1.1 GetList"
[ "$(el ContactList)" = "wv:bob/mates@$DOMAIN" ] || fail "GetList: $(el ContactList)"
valid11 "GetList"
post "$(msg 1.1 "$s11" Request 4 "<ListManage-Request><ContactList>wv:bob/mates@$DOMAIN</ContactList></ListManage-Request>")"
expect_prim ListManage-Response 200 "1.1 ListManage (read)"
[ "$(x "string(//*[local-name()='NickName']/*[local-name()='UserID'])")" = "$A" ] ||
	fail "ListManage does not list amy"
valid11 "ListManage-Response"
post "$(msg 1.1 "$s11" Request 5 "<SubscribePresence-Request><User><UserID>harry</UserID></User><User><UserID>nobody</UserID></User><PresenceSubList xmlns=\"http://www.wireless-village.org/PA1.1\"><OnlineStatus/><StatusText/></PresenceSubList></SubscribePresence-Request>")"
expect_prim Status 201 "1.1 subscribe with an unknown user"
valid11 "SubscribePresence 201"
post "$(msg 1.1 "$s11" Request 6 "<GetPresence-Request><User><UserID>harry</UserID></User></GetPresence-Request>")"
expect_prim GetPresence-Response 200 "1.1 GetPresence (default attribute list)"
[ "$(x "count(//*[local-name()='Presence']//*[local-name()='OnlineStatus'])")" = 1 ] ||
	fail "GetPresence: no OnlineStatus"
[ "$(x "count(//*[local-name()='Presence']//*[local-name()='StatusText'])")" = 0 ] ||
	fail "GetPresence: StatusText is not in harry's default list"
valid11 "GetPresence-Response"
for p in GetWatcherList GetBlockedList; do
	post "$(msg 1.1 "$s11" Request 7 "<$p-Request/>")"
	expect_prim $p-Response - "1.1 $p"
	valid11 "$p-Response"
done
post "$(msg 1.1 "$s11" Request 8 "<GetAttributeList-Request><DefaultList>T</DefaultList></GetAttributeList-Request>")"
expect_prim GetAttributeList-Response 200 "1.1 GetAttributeList"
valid11 "GetAttributeList-Response"
post "$(msg 1.1 "$s11" Request - "<Polling-Request/>")"
[ "$(prim)" = PresenceNotification-Request ] || fail "1.1 poll: $(prim)"
valid11 "PresenceNotification-Request"
post "$(msg 1.1 "$s11" Request 9 "<Logout-Request/>")"
expect_prim Disconnect 200 "1.1 logout"
pass "CSP 1.1: list, subscribe (201), presence, watcher, block and attribute answers and a notification are valid against the 1.1 DTD"

# --- logout: OnlineStatus F to those who may see it ------------------------------------------
post "$(msg 1.2 "$sid" Request 6 "<Logout-Request/>")"
expect_prim Disconnect 200 "curl logout"
say h "logout"
expect h '^LOGOUT 200' 1
say j "wait 1 notifications 10"
expect j "^PRESENCE $H online=F" 1
pass "harry's last session ends: jane gets OnlineStatus F"

for c in j a b; do
	say "$c" "logout"
done
for c in h j a b; do
	eval "exec ${fd_of[$c]}>&-"
	wait "${cpid_of[$c]}" 2>/dev/null
done
alive
if grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$tmp/log"; then
	fail "sanitizer report"
fi
stop_iwfd
grep -qE "warning: presence|error: csp" "$tmp/log" && fail "warnings in the log: $(grep -E "warning: presence|error: csp" "$tmp/log" | head -3)"
pass "clean stop, no presence warnings"
exit 0
