# tests/kamailio/harness.sh: sourced by tests that need a real SIP/SIMPLE peer. Starts Kamailio
# (tests/kamailio/kamailio.cfg) as the presence server of mno2.example on a free UDP+TCP port of
# 127.0.0.1 with every path in one temporary folder, runs SIPp scenarios (tests/sipp/) against
# it, edits pres-rules, reads its tables, stops everything on exit. See tests/kamailio/README.md.
#
# Before sourcing, a test may set:
#   top_srcdir        source tree (default: the parent of the sourcing script's folder)
#   KAM_NAME          name of the temporary folder (default: kamailio)
#   KAM_IWF_ADDR      iwf's SIP address, e.g. sip:127.0.0.1:5070 (default: none, 503)
#   KAM_IWF_TRUST_PORT 1 (default): iwf is recognised by source IP and port; 0: by IP only
#   KAM_DOMAIN        local SIP domain (default mno2.example)
#   KAM_IWF_DOMAIN    IMPS domain routed to iwf (default mno1.example)
#   KAM_LOG_LEVEL     Kamailio debug level (default 2; 3 = debug)
#   KEEP_TMP          when set, the temporary folder is kept and its path printed
# After kam_start: KAM_DIR KAM_PORT KAM_URI KAM_PID KAM_DB KAM_CTL KAM_LOG KAM_XCAP KAM_SIPDUMP.
#
# The functions exit the test with status 1 (after dumping the logs) on a harness failure;
# kam_skip_unless_tools exits 77 when kamailio, kamcmd, sipp or sqlite3 is missing.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
# programs (make check passes the paths configure found; kamailio lives in /usr/sbin)
KAMAILIO=${KAMAILIO:-$(command -v kamailio || echo /usr/sbin/kamailio)}
KAMCMD=${KAMCMD:-$(command -v kamcmd || echo "$(dirname "$KAMAILIO")/kamcmd")}
SIPP=${SIPP:-$(command -v sipp || echo sipp)}
KAM_CFG=${KAM_CFG:-$top_srcdir/tests/kamailio/kamailio.cfg}
KAM_SCHEMA=${KAM_SCHEMA:-$top_srcdir/tests/kamailio/schema.sh}
SIPP_DIR=${SIPP_DIR:-$top_srcdir/tests/sipp}
KAM_DOMAIN=${KAM_DOMAIN:-mno2.example}
KAM_IWF_DOMAIN=${KAM_IWF_DOMAIN:-mno1.example}
KAM_IWF_ADDR=${KAM_IWF_ADDR:-}
KAM_IWF_TRUST_PORT=${KAM_IWF_TRUST_PORT:-1}
KAM_LOG_LEVEL=${KAM_LOG_LEVEL:-2}
# Seconds a SIPp run may take before it is counted as failed.
SIPP_TIMEOUT=${SIPP_TIMEOUT:-20}
# Milliseconds a SIPp <recv> waits (scenarios that loop end on it).
SIPP_RECV_TIMEOUT=${SIPP_RECV_TIMEOUT:-8000}

KAM_DIR=$(mktemp -d "/tmp/${KAM_NAME:-kamailio}.XXXXXX") || exit 1
mkdir -p "$KAM_DIR/sipp" "$KAM_DIR/sipdump"
KAM_PID=""
KAM_PORT=${KAM_PORT:-}
KAM_USED_PORTS=""
# "name pid" lines of SIPp processes started with sipp_bg
KAM_BG=""

kam_skip_unless_tools() {
	for t in "$KAMAILIO" "$KAMCMD" "$SIPP" sqlite3; do
		command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
	done
}

# kam_log_tail [N]: the last N (default 80) lines of Kamailio's log.
kam_log_tail() {
	[ -f "$KAM_DIR/kamailio.log" ] || return 0
	echo "--- kamailio log (last ${1:-80} lines of $KAM_DIR/kamailio.log)"
	tail -n "${1:-80}" "$KAM_DIR/kamailio.log"
}

# kam_fail MESSAGE: reports, dumps Kamailio's log and the SIPp errors, exits 1.
kam_fail() {
	echo "FAIL: $*"
	kam_log_tail 80
	for f in "$KAM_DIR"/sipp/*.err; do
		[ -s "$f" ] || continue
		echo "--- $f"; tail -n 20 "$f"
	done
	exit 1
}

kam_pass() { echo "ok: $*"; }

# kam_free_port: prints a port of 20000-29999 (below the kernel's ephemeral range) that no
# socket uses (UDP or TCP, /proc/net) and that was not handed out before in this test.
kam_free_port() {
	_n=0
	while [ $_n -lt 200 ]; do
		_n=$((_n + 1))
		_p=$(($(od -An -N2 -tu2 /dev/urandom) % 10000 + 20000))
		case " $KAM_USED_PORTS " in *" $_p "*) continue ;; esac
		_h=$(printf ':%04X ' "$_p")
		cat /proc/net/tcp /proc/net/udp /proc/net/tcp6 /proc/net/udp6 2>/dev/null |
			grep -qi "$_h" && continue
		echo "$_p"
		return 0
	done
	kam_fail "no free port"
}

# kam_port VAR: stores a fresh free port in VAR and remembers it as used.
kam_port() {
	_p=$(kam_free_port) || exit 1
	KAM_USED_PORTS="$KAM_USED_PORTS $_p"
	eval "$1=\$_p"
}

kam_rpc() { "$KAMCMD" -s "$KAM_CTL" "$@"; }

# kam_sql SQL: runs SQL on Kamailio's database (waits up to 5 s for Kamailio's writer).
kam_sql() { sqlite3 -batch -cmd ".timeout 5000" "$KAM_DB" "$1"; }

# kam_start: creates the database and starts Kamailio; returns when it answers SIP OPTIONS.
# A port taken by someone else between the choice and the bind is replaced (3 attempts) unless
# the test set KAM_PORT itself.
kam_start() {
	[ -z "$KAM_PID" ] || kam_fail "kam_start: already running"
	KAM_DB="$KAM_DIR/kamailio.db"
	KAM_CTL="unixs:$KAM_DIR/kamailio.ctl"
	KAM_LOG="$KAM_DIR/kamailio.log"
	KAM_SIPDUMP="$KAM_DIR/sipdump"
	sh "$KAM_SCHEMA" "$KAM_DB" || kam_fail "schema.sh failed"
	_fixed=$KAM_PORT
	_try=1
	until _kam_launch; do
		[ -n "$KAM_PID" ] && kam_fail "kamailio: no RPC answer within 10 s"
		[ -z "$_fixed" ] && [ $_try -lt 3 ] &&
			tail -n 20 "$KAM_LOG" | grep -q 'Address already in use' ||
			kam_fail "kamailio exited during start-up"
		_try=$((_try + 1))
		KAM_PORT=""
	done
	sipp_run probe options.xml || kam_fail "kamailio does not answer OPTIONS on $KAM_URI"
}

# _kam_launch: starts kamailio in the background on KAM_PORT (a new one when empty) and waits
# until it answers RPC; fails with KAM_PID empty when it exited (a bind error shows in its log),
# with KAM_PID set when it did not answer within 10 s.
_kam_launch() {
	[ -n "$KAM_PORT" ] || kam_port KAM_PORT
	KAM_URI="sip:127.0.0.1:$KAM_PORT"
	KAM_XCAP="http://127.0.0.1:$KAM_PORT/xcap-root"
	# As root, Kamailio is told to run as the unprivileged kamailio user (Debian's package
	# creates it): the folder, the database and the files SQLite creates next to it (WAL)
	# must then belong to that user.
	set --
	if [ "$(id -u)" = 0 ] && id kamailio >/dev/null 2>&1; then
		chown -R kamailio:kamailio "$KAM_DIR"
		set -- -u kamailio -g kamailio
	fi
	echo "--- kamailio on port $KAM_PORT" >> "$KAM_LOG"
	"$KAMAILIO" -DD -E -f "$KAM_CFG" "$@" \
		-A "SIP_PORT=$KAM_PORT" \
		-A "SELF_URI=\"$KAM_URI\"" \
		-A "DOMAIN=\"$KAM_DOMAIN\"" \
		-A "IWF_DOMAIN=\"$KAM_IWF_DOMAIN\"" \
		-A "IWF_ADDR=\"$KAM_IWF_ADDR\"" \
		-A "IWF_TRUST_PORT=$KAM_IWF_TRUST_PORT" \
		-A "DB_URL=\"sqlite://$KAM_DB\"" \
		-A "CTL_URL=\"$KAM_CTL\"" \
		-A "SIPDUMP_DIR=\"$KAM_SIPDUMP\"" \
		-A "LOG_LEVEL=$KAM_LOG_LEVEL" \
		>> "$KAM_LOG" 2>&1 &
	KAM_PID=$!
	_i=0
	until kam_rpc core.version >/dev/null 2>&1; do
		if ! kill -0 "$KAM_PID" 2>/dev/null; then
			wait "$KAM_PID" 2>/dev/null
			KAM_PID=""
			return 1
		fi
		_i=$((_i + 1))
		[ $_i -lt 100 ] || return 1
		sleep 0.1
	done
}

# kam_stop: stops Kamailio (TERM, then KILL after 5 s).
kam_stop() {
	[ -n "$KAM_PID" ] || return 0
	kill "$KAM_PID" 2>/dev/null
	_i=0
	while kill -0 "$KAM_PID" 2>/dev/null && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 "$KAM_PID" 2>/dev/null
	wait "$KAM_PID" 2>/dev/null
	KAM_PID=""
}

kam_cleanup() {
	echo "$KAM_BG" | while read -r _n _pid; do
		[ -n "$_pid" ] && kill "$_pid" 2>/dev/null
	done
	kam_stop
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $KAM_DIR"; else rm -rf "$KAM_DIR"; fi
}
trap kam_cleanup EXIT
trap 'exit 1' INT TERM

# --- SIPp -----------------------------------------------------------------------------------
# sipp_run NAME SCENARIO [sipp options...]: runs one SIPp scenario (tests/sipp/SCENARIO) against
# Kamailio (or another target given with -rsa or as SIPP_TARGET) in the foreground and returns
# SIPp's exit status (0: every call passed). A local port is chosen unless -p is given.
# Files: $KAM_DIR/sipp/NAME.msg (-trace_msg), NAME.log (<log> actions), NAME.err, NAME.out.
# Keys are passed as sipp options: -key user jane -key domain mno2.example ...
sipp_run() {
	_name=$1 _sf=$2
	shift 2
	_port=""
	case " $* " in *" -p "*) ;; *) kam_port _port ;; esac
	rm -f "$KAM_DIR/sipp/$_name".*
	# in the background (sipp_bg) the subshell becomes sipp, so that its pid is sipp's
	_exec=""
	[ -z "${_sipp_bg:-}" ] || _exec="exec"
	# shellcheck disable=SC2086
	$_exec "$SIPP" "${SIPP_TARGET:-127.0.0.1:$KAM_PORT}" -sf "$SIPP_DIR/$_sf" -i 127.0.0.1 \
		${_port:+-p $_port} -m 1 -nostdin -timeout "${SIPP_TIMEOUT}s" -timeout_error \
		-recv_timeout "$SIPP_RECV_TIMEOUT" -default_behaviors all,-bye \
		-trace_msg -message_file "$KAM_DIR/sipp/$_name.msg" \
		-trace_err -error_file "$KAM_DIR/sipp/$_name.err" \
		-trace_logs -log_file "$KAM_DIR/sipp/$_name.log" \
		"$@" > "$KAM_DIR/sipp/$_name.out" 2>&1
}

# sipp_bg NAME SCENARIO [sipp options...]: like sipp_run, in the background, and returns once
# SIPp has bound its port (so a UAS is ready to take requests); sipp_wait NAME collects it.
sipp_bg() {
	_bgname=$1
	_bgport=$(echo " $* " | sed -n 's/.* -p \([0-9][0-9]*\) .*/\1/p')
	if [ -n "$_bgport" ]; then
		(_sipp_bg=1; sipp_run "$@") &
	else
		kam_port _bgport
		(_sipp_bg=1; sipp_run "$@" -p "$_bgport") &
	fi
	KAM_BG="$KAM_BG
$_bgname $!"
	kam_wait_bound "$_bgport" || kam_fail "sipp $_bgname did not bind port $_bgport"
}

# kam_wait_bound PORT [SECONDS]: waits until a local UDP or TCP socket uses PORT (default 5 s).
kam_wait_bound() {
	_h=$(printf '^ *[0-9]*: [0-9A-F]*:%04X ' "$1")
	_i=0
	until cat /proc/net/udp /proc/net/tcp /proc/net/udp6 /proc/net/tcp6 2>/dev/null |
		grep -qi "$_h"; do
		_i=$((_i + 1))
		[ $_i -le $((${2:-5} * 10)) ] || return 1
		sleep 0.1
	done
}

# sipp_wait NAME: waits for a background SIPp run and returns its exit status.
sipp_wait() {
	_pid=$(echo "$KAM_BG" | awk -v n="$1" '$1 == n { p = $2 } END { print p }')
	[ -n "$_pid" ] || kam_fail "sipp_wait: no background run named $1"
	wait "$_pid"
	_rc=$?
	KAM_BG=$(echo "$KAM_BG" | awk -v n="$1" '$1 != n')
	return $_rc
}

# sipp_msg NAME: the messages SIPp NAME sent and received.
sipp_msg() { cat "$KAM_DIR/sipp/$1.msg" 2>/dev/null; }

# sipp_wait_for NAME REGEX [SECONDS]: waits until SIPp NAME's message trace matches REGEX.
sipp_wait_for() {
	_i=0
	until grep -Eq "$2" "$KAM_DIR/sipp/$1.msg" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -le $((${3:-10} * 10)) ] || return 1
		sleep 0.1
	done
}

# --- presence authorization (RFC 5025 pres-rules) ------------------------------------------
# kam_pres_rules HANDLING URI...: prints a pres-rules document with one rule giving
# sub-handling HANDLING (allow, block, polite-block, confirm) to the watcher URIs, with every
# presence attribute provided when HANDLING is allow.
kam_pres_rules() {
	_h=$1
	shift
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<cr:ruleset xmlns="urn:ietf:params:xml:ns:pres-rules"'
	echo '    xmlns:cr="urn:ietf:params:xml:ns:common-policy">'
	echo "  <cr:rule id=\"iwf-tests-$_h\">"
	echo '    <cr:conditions><cr:identity>'
	for _u in "$@"; do
		echo "      <cr:one id=\"$_u\"/>"
	done
	echo '    </cr:identity></cr:conditions>'
	echo "    <cr:actions><sub-handling>$_h</sub-handling></cr:actions>"
	if [ "$_h" = allow ]; then
		echo '    <cr:transformations>'
		echo '      <provide-services><all-services/></provide-services>'
		echo '      <provide-persons><all-persons/></provide-persons>'
		echo '      <provide-devices><all-devices/></provide-devices>'
		echo '      <provide-all-attributes/>'
		echo '    </cr:transformations>'
	fi
	echo '  </cr:rule>'
	echo '</cr:ruleset>'
}

# kam_rules_db USER FILE: stores FILE as USER's pres-rules document straight into the xcap
# table (doc_type 2) and asks the presence server to re-evaluate USER's watchers.
kam_rules_db() {
	_uri="sip:$1@$KAM_DOMAIN"
	# the row exactly as xcap_server writes it, so a later PUT replaces it (doc_uri is unique)
	_xuri="/xcap-root/pres-rules/users/$_uri/index"
	_doc=$(sed "s/'/''/g" "$2")
	kam_sql "DELETE FROM xcap WHERE doc_uri = '$_xuri';
		INSERT INTO xcap (username, domain, doc, doc_type, etag, source, doc_uri, port)
		VALUES ('$1', '$KAM_DOMAIN', '$_doc', 2, 'iwf-$(date +%s%N)', 0, '$_xuri', 0);" ||
		kam_fail "kam_rules_db: insert failed"
	kam_rpc presence.updateWatchers "$_uri" presence >/dev/null ||
		kam_fail "kam_rules_db: presence.updateWatchers failed"
}

# kam_rules_put USER FILE: PUTs FILE as USER's pres-rules document to Kamailio's XCAP server;
# prints the HTTP status.
kam_rules_put() {
	curl -s -o "$KAM_DIR/xcap.out" -w '%{http_code}' -X PUT \
		-H 'Content-Type: application/auth-policy+xml' --data-binary "@$2" \
		"$KAM_XCAP/pres-rules/users/sip:$1@$KAM_DOMAIN/index"
}

# kam_watcher_status PRESENTITY_URI WATCHER_USER: the status of that row of the watchers table
# (1 active, 2 pending, 3 terminated, 4 waiting), empty when there is none.
kam_watcher_status() {
	kam_sql "SELECT status FROM watchers WHERE presentity_uri = '$1'
		AND watcher_username = '$2' AND event = 'presence';"
}
