#!/bin/sh
# Load-independent figures for bench/translate: instructions per document (callgrind)
# of each direction and of its libxml2 baseline, and their ratio.
# usage: bench/profile-translate.sh BENCH_BINARY [TOP_SRCDIR] [PASSES] [OUT.callgrind]
set -e
bin=${1:?bench binary}
top=${2:-$(dirname "$0")/..}
passes=${3:-20}
out=${4:-$(mktemp /tmp/translate.callgrind.XXXXXX)}
BENCH_WRAP="valgrind -q --tool=callgrind --callgrind-out-file=$out" \
	sh "$top/bench/run-translate.sh" "$bin" "$top" -n "$passes" >/dev/null
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | awk -v passes="$passes" '
	/[ :]wv_to_pidf /   { gsub(",", "", $1); a = $1 }
	/[ :]base_wv /      { gsub(",", "", $1); a0 = $1 }
	/[ :]pidf_to_wv /   { gsub(",", "", $1); b = $1 }
	/[ :]base_pidf /    { gsub(",", "", $1); b0 = $1 }
	END {
		printf "%-14s %16s %16s %7s  (Ir per pass over all docs)\n", "direction", "iwf", "libxml2", "ratio"
		printf "%-14s %16.0f %16.0f %7.2f\n", "WV -> PIDF", a / passes, a0 / passes, a0 / a
		printf "%-14s %16.0f %16.0f %7.2f\n", "PIDF -> WV", b / passes, b0 / passes, b0 / b
	}'
echo "profile: $out"
