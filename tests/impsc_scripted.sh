#!/bin/sh
# tests/impsc_scripted.sh: impsc against a scripted responder: AOSP's recorded sessions and impsc's own scenarios.
#
# tests/impsc_responder.py answers each POST with the response of the first
# unused sample pair whose request is equivalent, so a session only goes
# through when impsc sends what the recorded client (AOSP) sent, in CSP 1.2
# (two-way, XML and WBXML) and 1.3 (four-way MD5 digest). The scenarios of
# tests/data/impsc/ cover every command, the server requests, the error paths
# and exit statuses, stdin commands, STCP CIR and the SHA-1 digest.
# Exit 77 (skip) when python3 is missing; the WBXML run is skipped when
# wbxml2xml (libwbxml2-utils) is missing.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
python=$(command -v python3) || { echo "python3 not found: skip"; exit 77; }
# The interpreter itself, not a wrapper (a pyenv shim costs seconds per start).
python=$("$python" -c 'import sys; print(sys.executable)') || { echo "python3 broken: skip"; exit 77; }
impsc="$top_builddir/imps/impsc"
responder="$top_srcdir/tests/impsc_responder.py"
samples="$top_srcdir/tests/data/samples"
scen="$top_srcdir/tests/data/impsc"
tmp=$(mktemp -d) || exit 1
rpid=
trap '[ -n "$rpid" ] && kill "$rpid" 2>/dev/null; rm -rf "$tmp"' EXIT
unset IMPSC_PASSWORD
fail=0
verbose=${IMPSC_TEST_VERBOSE:-}
allow_nomatch=

bad() {
	echo "FAIL: $name: $*"
	fail=1
}

# The responder plays every scenario, each under /NAME/ (see tests/impsc_responder.py).
a12="$samples/aosp-client_scripted-server_csp12"
wbxml=$(command -v wbxml2xml) || wbxml=
set -- --scenario "aosp12=$a12" --scenario "aosp12-wbxml=$a12" \
	--scenario "aosp13=$samples/aosp-client_scripted-server_csp13-4way" \
	--scenario "errors-raw=$scen/errors" --scenario "http500=$scen/login-fail"
for d in commands11 errors timeout lost disconnect login-fail stdin stcp sha1; do
	set -- "$@" --scenario "$d=$scen/$d"
done
[ -n "$wbxml" ] && set -- "$@" --wbxml-decoder "$wbxml"
mkdir "$tmp/log"
"$python" "$responder" --log-dir "$tmp/log" --port-file "$tmp/ports" --cir --lifetime 900 "$@" &
rpid=$!
i=0
while [ ! -f "$tmp/ports" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -f "$tmp/ports" ] || { echo "FAIL: the responder did not start"; exit 1; }
. "$tmp/ports"

# run NAME IMPSC-ARG... (@URL@ is the URL of scenario NAME)
# Output in $tmp/NAME.out (stdout) and .err (stderr), responder log in
# $tmp/log/NAME.log, exit status in $rc, seconds in $elapsed.
run() {
	name=$1
	shift
	n=$#
	while [ $n -gt 0 ]; do
		a=$1
		shift
		[ "$a" = @URL@ ] && a="http://127.0.0.1:$http/$name/imps"
		set -- "$@" "$a"
		n=$((n - 1))
	done
	start=$(date +%s)
	"$impsc" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" < "${stdin:-/dev/null}"
	rc=$?
	elapsed=$(($(date +%s) - start))
	touch "$tmp/log/$name.log"
	[ -n "$verbose" ] && echo "$name: exit $rc in ${elapsed}s"
	if [ -z "$allow_nomatch" ] && grep -q '^NOMATCH' "$tmp/log/$name.log"; then
		bad "a request matched no sample:"
		grep '^NOMATCH' "$tmp/log/$name.log" | head -3
	fi
}

expect_rc() {
	[ "$rc" = "$1" ] || { bad "exit status $rc, expected $1"; sed 's/^/  | /' "$tmp/$name.out" "$tmp/$name.err"; }
}

# expect_line REGEX...: each is a whole stdout line (grep -x -E).
expect_line() {
	for re in "$@"; do
		grep -q -x -E -- "$re" "$tmp/$name.out" || bad "no output line /$re/"
	done
}

no_line() {
	for re in "$@"; do
		! grep -q -E -- "$re" "$tmp/$name.out" || bad "unexpected output /$re/"
	done
}

# expect_match NNN...: these sample pairs were used.
expect_match() {
	for n in "$@"; do
		grep -q "^MATCH $n " "$tmp/log/$name.log" || bad "sample $n was not requested"
	done
}

no_log() {
	for re in "$@"; do
		! grep -q -E -- "$re" "$tmp/log/$name.log" || bad "the responder saw /$re/"
	done
}

# The commands that reproduce the recorded AOSP session.
set_aosp() {
	aosp="presence-get wv:johndoe@imps.test -- presence-update client-type=MOBILE_PHONE
	client-version=0.1 client-producer=MOKIA -- blocked -- list-get -- list-show friends --
	subscribe list:friends -- list-show friends -- subscribe list:friends -- presence-update
	online=T availability=NOT_AVAILABLE"
}
aosp_lines() {
	expect_line 'LOGIN 200 session=sess-0001@imps.test keepalive=60' \
		'PRESENCE wv:johndoe@imps.test online=T availability=AVAILABLE status-text="at my desk" comm-cap=IM:OPEN' \
		'LIST wv:johndoe/friends@imps.test default=T' \
		'CONTACT wv:johndoe/friends@imps.test wv:alice@imps.test nick="Alice"' \
		'LIST-PROPERTY wv:johndoe/friends@imps.test DisplayName="Friends"' \
		'SENT id=s1 to=wv:alice@imps.test' \
		'MESSAGE from=wv:alice@imps.test to=wv:johndoe@imps.test id=m2 type=text/plain text="hi johndoe"' \
		'PRESENCE wv:alice@imps.test online=T availability=DISCREET status-text="in a meeting" comm-cap=IM:OPEN' \
		'AUTH-REQUEST from=wv:bob@imps.test attrs=online,availability,status-text' \
		'STATUS PresenceAuth-User 200 Successful' 'LOGOUT 200 Logged out'
	no_line '^ERROR'
}
set_aosp

# 1. AOSP's CSP 1.2 session (two-way login, XML, polling).
# shellcheck disable=SC2086
run aosp12 -u wv:johndoe@imps.test -p secret1 \
	--client-id HeadlessImps @URL@ $aosp status-text="testing gateway" -- send alice hello from \
	the AOSP IMPS engine -- wait 3 any 10 -- auth-accept bob
expect_rc 0
expect_match 001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 016 017 018 019 020 023
aosp_lines

# 2. The same in WBXML, decoded by libwbxml's wbxml2xml (an independent decoder).
if [ -n "$wbxml" ]; then
	# shellcheck disable=SC2086
	run aosp12-wbxml -u wv:johndoe@imps.test -p secret1 --client-id HeadlessImps --wbxml @URL@ $aosp \
		status-text="testing gateway" -- send alice hello from the AOSP IMPS engine -- \
		wait 3 any 10 -- auth-accept bob
	expect_rc 0
	expect_match 001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 016 017 018 019 020 023
	aosp_lines
else
	echo "wbxml2xml not found: WBXML run skipped"
fi

# 3. AOSP's CSP 1.3 session with the four-way login: the MD5 digest must be the recorded one.
# shellcheck disable=SC2086
run aosp13 -u wv:johndoe@imps.test \
	-p secret1 --client-id HeadlessImps --version 1.3 --login four-way @URL@ $aosp \
	status-text="testing gateway" -- send alice hello from the AOSP IMPS engine -- \
	wait 1 messages 10 -- wait 1 notifications 10 -- wait 1 auth 10 -- auth-accept bob
expect_rc 0
expect_match 001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 016 017 018 019 020 021 022
expect_line 'CHALLENGE 401 schema=MD5 nonce=4f2a9c0e'
aosp_lines

# 4. Every command in CSP 1.1, and the server requests that AOSP's session lacks.
run commands11 -u harry@mno1.example -p pw --version 1.1 --ttl 600 @URL@ \
	list-create friends jane display-name="My friends" -- list-add friends wv:jane@mno2.example \
	Jane -- list-remove friends jane -- list-show friends -- list-delete friends -- subscribe jane \
	list:friends attrs=online,StatusText -- unsubscribe jane -- presence-get jane \
	attrs=availability -- block spam -- unblock spam -- blocked -- watchers -- auth-decline bob -- \
	cancel-auth jane -- keepalive 900 -- presence-update mood=happy alias="Harry P" \
	comm-cap=im:open,sms:closed online=yes -- send jane "héllo <&> world" -- poll -- \
	wait 2 messages 5
expect_rc 0
expect_match 001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 016 017 018 019 020 021 \
	022 023 024 025 026
expect_line 'CAPABILITY poll-min=2 cir=- tcp-address=- tcp-port=- delivery=P' \
	'SERVICE GCLI CCLI NEWM' \
	'CONTACT wv:harry/friends@mno1.example wv:jane@mno2.example nick="Jane Doe"' \
	'CONTACT wv:harry/friends@mno1.example wv:bob@mno1.example nick=""' \
	'PRESENCE wv:jane@mno1.example availability=NOT_AVAILABLE mood=SLEEPY client-type=COMPUTER client-producer=Jitsi time-zone=Zone:\+0100' \
	'BLOCK-LIST in-use=T' 'BLOCKED wv:spam@mno1.example' 'GRANT-LIST in-use=F' \
	'WATCHER wv:jane@mno1.example' 'KEEPALIVE 800' \
	'STATUS SendMessage-Request 201 Partially successful' \
	'DETAIL 531 ids=wv:ghost@mno1.example description="Unknown user"' \
	'SENT id=m-7 to=wv:jane@mno1.example' \
	'DELIVERY-REPORT id=m-7 to=wv:jane@mno1.example code=200 description=-' \
	'MESSAGE from=wv:jane@mno1.example to=wv:harry@mno1.example id=m-9 type=text/plain text="grüße\\n2"' \
	'MESSAGE-NOTIFICATION from=wv:bob@mno1.example to=wv:harry@mno1.example id=m-10 type=- size=300' \
	'STATUS Logout-Request 200 Bye' 'LOGOUT 200 Bye'
no_line '^ERROR' '^TIMEOUT'

# 5. A failed command (531) does not stop the next one; exit 2; Status answers Logout.
run errors -u wv:harry@mno1.example -p pw @URL@ send ghost hi -- \
	presence-update online=T
expect_rc 2
expect_match 001 002 003 004 005
expect_line 'ERROR send 531 Unknown user' 'STATUS UpdatePresence-Request 200' \
	'LOGOUT 200 Logged out'

# 6. The same with --raw and --verbose: XML instead of lines, ERROR lines stay, sent messages on stderr.
IMPSC_PASSWORD=pw
export IMPSC_PASSWORD
run errors-raw -u wv:harry@mno1.example --raw -v @URL@ \
	send ghost hi -- presence-update online=T
unset IMPSC_PASSWORD
expect_rc 2
expect_line 'ERROR send 531 Unknown user' '.*<SendMessage-Response><Result><Code>531</Code>.*'
no_line '^STATUS' '^LOGOUT'
grep -q '<Logout-Request/>' "$tmp/errors-raw.err" || bad "no sent message on stderr"

# 7. wait times out: exit 3, TIMEOUT line, logout all the same.
run timeout -u wv:harry@mno1.example -p pw @URL@ wait 1 messages 2
expect_rc 3
expect_line 'TIMEOUT wait 0/1 messages'
expect_match 003 004

# 8. 604 ends the session: no further command, no Logout.
run lost -u wv:harry@mno1.example -p pw @URL@ list-get -- blocked
expect_rc 2
expect_line 'ERROR list-get 604 Invalid session'
no_log 'GetBlockedList' 'Logout'

# 9. A server Disconnect: acknowledged, session over, exit 2.
run disconnect -u wv:harry@mno1.example -p pw @URL@ wait 1 any 5 -- list-get
expect_rc 2
expect_line 'DISCONNECT 601 Forced logout'
expect_match 003 004
no_log 'GetList' 'Logout'

# 10. Wrong password: 409, exit 2, nothing else sent.
run login-fail -u wv:harry@mno1.example -p bad @URL@ list-get
expect_rc 2
expect_line 'ERROR login 409 Invalid password'
[ "$(grep -c . "$tmp/log/login-fail.log")" = 1 ] || bad "more than the login was sent"

# 11. A transport failure: HTTP 500 (the responder refuses an unexpected login) gives exit 4.
allow_nomatch=1
run http500 -u wv:harry@mno1.example -p other @URL@ list-get
allow_nomatch=
expect_rc 4
expect_line 'ERROR login 0 transport: HTTP status 500'

# 12. Commands from stdin: quotes, a comment, bad lines reported and skipped (exit 1).
printf '%s\n' '# a comment' \
	'presence-update status-text="in a \"big\" meeting" availability=discreet  # trailing' \
	'send' 'bogus thing' 'presence-update foo=bar' 'subscribe jane attrs=nosuch' \
	'wait 1 sometimes' > "$tmp/stdin.txt"
stdin="$tmp/stdin.txt"
run stdin -u wv:harry@mno1.example -p pw @URL@
stdin=
expect_rc 1
expect_match 003 004
expect_line 'STATUS UpdatePresence-Request 200' 'ERROR send 0 usage: .*' \
	'ERROR bogus 0 unknown command' 'ERROR presence-update 0 usage: unknown presence key foo.*' \
	'ERROR subscribe 0 usage: unknown presence attribute nosuch.*' 'ERROR wait 0 usage: .*'

# 13. STCP CIR: HELO with the SessionID, and a WVCI wakes a poll well before ServerPollMin (60 s).
run stcp -u wv:harry@mno1.example -p pw --cir stcp @URL@ wait 1 messages 10
expect_rc 0
expect_line "CIR STCP 127.0.0.1:$cir" 'CAPABILITY poll-min=60 cir=STCP .*' \
	'MESSAGE from=wv:jane@mno1.example to=wv:harry@mno1.example id=m-1 type=- text="wake!"'
expect_match 004 005 006 007
grep -q '^CIR HELO s-harry@mno1.example$' "$tmp/log/responder.log" || bad "no HELO with the SessionID"
grep -q '^CIR WVCI sent$' "$tmp/log/responder.log" || bad "no WVCI sent"
[ "$elapsed" -lt 8 ] || bad "took ${elapsed}s: the poll did not follow the WVCI"

# 14. Four-way login with SHA-1 (digest checked against Python's hashlib).
run sha1 -u wv:harry@mno1.example -p pw --version 1.3 --login four-way \
	--digest sha1 @URL@
expect_rc 0
expect_match 001 002 003 004
expect_line 'CHALLENGE 401 schema=SHA nonce=b7e1c0de'

# 15. Usage errors (exit 1, nothing sent) and a refused connection (exit 4).
name=usage
for args in "" "-u a -p b" "-u a -p b http://127.0.0.1:1/ bogus" \
	"-u a -p b http://127.0.0.1:1/ wait" "-u a -p b http://127.0.0.1:1/ wait 0" \
	"-u a -p b http://127.0.0.1:1/ send bob" "-u a http://127.0.0.1:1/ list-get" \
	"-u a -p b --version 2.0 http://127.0.0.1:1/" "-u a -p b --login three-way http://127.0.0.1:1/"; do
	# shellcheck disable=SC2086
	"$impsc" $args > /dev/null 2>&1 < /dev/null
	rc=$?
	[ "$rc" = 1 ] || bad "impsc $args: exit $rc, expected 1"
done
name=refused
"$impsc" -u a -p b http://127.0.0.1:1/ list-get > "$tmp/refused.out" 2>&1
rc=$?
expect_rc 4
expect_line 'ERROR login 0 transport: .*'

[ $fail = 0 ] && echo "impsc: all scripted sessions passed"
exit $fail
