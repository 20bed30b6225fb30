#!/bin/sh
# Installs what is missing, builds with ASan+UBSan and runs every test.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" "$top/build/check" --enable-sanitizers
cd "$top/build/check"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if ! make -s -j"$(nproc)" check; then
	for f in $(find . -name '*.log' -newer configure-args); do
		grep -qE ':test-result: (FAIL|ERROR)' "${f%.log}.trs" 2>/dev/null && { echo "=== $f"; tail -n 60 "$f"; }
	done
	exit 1
fi
