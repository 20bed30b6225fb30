#!/bin/sh
# Runs bench/translate on realistic documents: the WV-CSP presence messages of the
# spec and of real clients, and PIDF documents as SIP presence servers and clients send.
# usage: bench/run-translate.sh BENCH_BINARY [TOP_SRCDIR] [SECONDS | -n PASSES]
#   -n PASSES runs a fixed number of passes (for valgrind --tool=callgrind; see
#   bench/profile-translate.sh).
set -e
bin=${1:?bench binary}
top=${2:-$(dirname "$0")/..}
if [ "$3" = "-n" ]; then
	run="-n ${4:?passes}"
else
	run="-t ${3:-2}"
fi
s=$top/tests/data/samples
wv="$s/spec-wv11-examples/wv-040.xml $s/spec-wv11-examples/wv-054.xml \
 $s/spec-wv11-examples/wv-047.xml"
for f in "$s"/aosp-client_scripted-server_csp12/*-req.xml "$s"/aosp-client_scripted-server_csp12/*-rsp.xml; do
	grep -q 'PresenceSubList' "$f" && grep -qE 'UpdatePresence-Request|PresenceNotification-Request|GetPresence-Response' "$f" && wv="$wv $f"
done
pidf=""
for f in "$top"/tests/data/pidf/*.xml; do
	grep -q 'entity="sip:' "$f" && pidf="$pidf $f"
done
# shellcheck disable=SC2086
exec ${BENCH_WRAP:-} "$bin" $run --wv $wv --pidf $pidf
