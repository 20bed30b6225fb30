#!/bin/sh
# Configures and builds iwf in a build folder: scripts/build.sh DIR [configure args...]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1; shift
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh)
mkdir -p "$dir"
cd "$dir"
stamp="configure-args"
if [ ! -f Makefile ] || [ "$(cat "$stamp" 2>/dev/null)" != "$*" ]; then
	"$top/configure" -q "$@"
	echo "$*" > "$stamp"
fi
make -s -j"$(nproc)"
