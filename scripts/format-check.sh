#!/bin/sh
# Reports the C files that clang-format (with the top .clang-format) would change.
# usage: scripts/format-check.sh [-v] [FILE...]
#   no FILE: every .c/.h of the tree except generated ones (a "do not edit" in the first
#   3 lines); -v: print clang-format's diagnostics for each such file.
# Exit status: 0 all formatted, 1 some would change, 2 clang-format missing.
# Not part of make check or CI (yet).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cf=${CLANG_FORMAT:-clang-format}
verbose=0
[ "${1:-}" = "-v" ] && { verbose=1; shift; }
command -v "$cf" >/dev/null 2>&1 || { echo "format-check: $cf not found (apt-get install clang-format)" >&2; exit 2; }
cd "$top" || exit 2

list_files() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@"
	elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -co --exclude-standard -- '*.c' '*.h'
	else
		find . \( -name 'build*' -o -name 'autom4te.cache' -o -name '.git' -o -name 'iwf-*' \) \
			-prune -o -type f \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||'
	fi
}

total=0
bad=0
skipped=0
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
list_files "$@" | sort > "$tmp"
while IFS= read -r f; do
	[ -f "$f" ] || continue
	if [ $# -eq 0 ] && head -n 3 "$f" | grep -qi 'do not edit'; then
		skipped=$((skipped + 1))
		continue
	fi
	total=$((total + 1))
	if ! "$cf" --dry-run -Werror "$f" >/dev/null 2>&1; then
		bad=$((bad + 1))
		n=$("$cf" "$f" | diff "$f" - | grep -c '^[<>]')
		echo "would change: $f ($n diff lines)"
		[ "$verbose" -eq 1 ] && "$cf" --dry-run "$f" 2>&1
	fi
done < "$tmp"
echo "format-check: $bad of $total files would be reformatted ($skipped generated files skipped)"
[ "$bad" -eq 0 ]
