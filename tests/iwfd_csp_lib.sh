# tests/iwfd_csp_lib.sh: shared by the iwfd CSP test scripts (sourced): start/stop iwfd on free
# loopback ports with a temporary store and config, POST CSP messages with curl, read answers.
# The caller sets NAME (used for the temporary folder) before sourcing, and may set DOMAIN.
set -u
top_builddir=${top_builddir:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
IWFD="$top_builddir/iwf/iwfd"
IWFCTL="$top_builddir/iwf/iwfctl"
IMPSC="$top_builddir/imps/impsc"
XMLLINT=${XMLLINT:-xmllint}
DOMAIN=${DOMAIN:-mno1.example}
tmp=$(mktemp -d "/tmp/$NAME.XXXXXX")
: > "$tmp/log"
pid=""
url=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM
fail() {
	echo "FAIL: $*"
	echo "--- last answer:"; cat "$tmp/ans" 2>/dev/null; echo
	echo "--- iwfd log (tail)"; tail -n 40 "$tmp/log" 2>/dev/null
	exit 1
}
pass() { echo "ok: $*"; }

for t in curl "$XMLLINT"; do
	command -v "$t" >/dev/null || { echo "SKIP: $t not installed"; exit 77; }
done

# write_conf [KEY = VALUE lines on stdin are appended]
write_conf() {
	cat > "$tmp/iwfd.conf" <<EOF
imps.domain = $DOMAIN
http.listen = 127.0.0.1:0
http.path = /imps
http.max_body = 64K
http.connection_timeout = 3s
store.path = $tmp/var/iwf.db
control.socket = $tmp/var/iwfd.ctl
log.level = info
EOF
	cat >> "$tmp/iwfd.conf"
}

ctl() { "$IWFCTL" -c "$tmp/iwfd.conf" "$@"; }

# start_iwfd: runs iwfd on $tmp/iwfd.conf, waits for its endpoint; sets pid, url, port,
# cir_port (when the STCP listener is on). The log goes to $tmp/log (appended).
start_iwfd() {
	lines_before=$(wc -l < "$tmp/log" 2>/dev/null || echo 0)
	"$IWFD" -c "$tmp/iwfd.conf" 2>> "$tmp/log" &
	pid=$!
	url=""
	for i in $(seq 1 100); do
		url=$(tail -n +"$((lines_before + 1))" "$tmp/log" |
			sed -n 's/.*notice: CSP endpoint: \(http:[^ ]*\).*/\1/p' | head -n 1)
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || fail "iwfd exited during start-up"
		sleep 0.1
	done
	[ -n "$url" ] || fail "no 'CSP endpoint:' line within 10 s"
	port=$(echo "$url" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')
	cir_port=$(tail -n +"$((lines_before + 1))" "$tmp/log" |
		sed -n 's/.*cir: STCP listener on [^ ]* port \([0-9]*\).*/\1/p' | head -n 1)
}

stop_iwfd() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
}

kill9_iwfd() {
	[ -n "$pid" ] || return 0
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
}

alive() { kill -0 "$pid" 2>/dev/null || fail "iwfd died"; }

# ns VERSION WHICH: the namespace of 1.1/1.2/1.3, WHICH = C (CSP) or T (TRC).
ns() {
	case "$1$2" in
	1.1C) echo "http://www.wireless-village.org/CSP1.1" ;;
	1.1T) echo "http://www.wireless-village.org/TRC1.1" ;;
	1.2C) echo "http://www.openmobilealliance.org/DTD/WV-CSP1.2" ;;
	1.2T) echo "http://www.openmobilealliance.org/DTD/WV-TRC1.2" ;;
	1.3C) echo "http://www.openmobilealliance.org/DTD/IMPS-CSP1.3" ;;
	1.3T) echo "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3" ;;
	esac
}

# msg VERSION SESSIONID|- MODE TRANSACTIONID|- PRIMITIVE-XML: a one-transaction message.
msg() {
	if [ "$2" = - ]; then _sd="<SessionType>Outband</SessionType>"
	else _sd="<SessionType>Inband</SessionType><SessionID>$2</SessionID>"; fi
	if [ "$4" = - ]; then _td=""; else _td="<TransactionID>$4</TransactionID>"; fi
	printf '<WV-CSP-Message xmlns="%s"><Session><SessionDescriptor>%s</SessionDescriptor>' \
		"$(ns "$1" C)" "$_sd"
	printf '<Transaction><TransactionDescriptor><TransactionMode>%s</TransactionMode>%s' \
		"$3" "$_td"
	printf '</TransactionDescriptor><TransactionContent xmlns="%s">%s</TransactionContent>' \
		"$(ns "$1" T)" "$5"
	printf '</Transaction></Session></WV-CSP-Message>'
}

# post_file FILE [CONTENT-TYPE]: POSTs; answer body in $tmp/ans, HTTP status in $http,
# Content-Type in $ctype.
post_file() {
	http=$(curl -s -m 10 -o "$tmp/ans" -D "$tmp/hdr" -w '%{http_code}' \
		-H "Content-Type: ${2:-application/vnd.wv.csp.xml}" --data-binary @"$1" "$url")
	ctype=$(sed -n 's/^[Cc]ontent-[Tt]ype: *\([^;\r]*\).*/\1/p' "$tmp/hdr" | tr -d '\r')
}

# post TEXT [CONTENT-TYPE]
post() {
	printf '%s' "$1" > "$tmp/req"
	post_file "$tmp/req" "${2:-application/vnd.wv.csp.xml}"
}

# x XPATH-EXPR: a string from the last answer (namespaces ignored through local-name()).
x() { "$XMLLINT" --xpath "string($1)" "$tmp/ans" 2>/dev/null; }
el() { x "(//*[local-name()='$1'])[${2:-1}]"; }
prim() { x "local-name((//*[local-name()='TransactionContent'])[${1:-1}]/*[1])"; }
code() { x "(//*[local-name()='TransactionContent'])[${1:-1}]/*[1]/*[local-name()='Result']/*[local-name()='Code']"; }
ntrans() { x "count(//*[local-name()='Transaction'])"; }

# expect_prim PRIM CODE|- WHAT: the last answer is HTTP 200 with that primitive and code.
expect_prim() {
	[ "$http" = 200 ] || fail "$3: HTTP $http"
	_p=$(prim)
	[ "$_p" = "$1" ] || fail "$3: answer is '$_p', expected $1"
	if [ "$2" != - ]; then
		_c=$(code)
		[ "$_c" = "$2" ] || fail "$3: code $_c, expected $2"
	fi
}

# digest SCHEMA NONCE PASSWORD: base64(H(nonce || password)), SCHEMA MD5 or SHA.
digest() {
	case "$1" in
	MD5) _alg=md5 ;;
	*) _alg=sha1 ;;
	esac
	printf '%s%s' "$2" "$3" | openssl dgst -"$_alg" -binary | base64
}
