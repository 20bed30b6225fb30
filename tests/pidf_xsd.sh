#!/bin/sh
# tests/pidf_xsd.sh: every document the SIMPLE codecs build validates against the published schemas.
#
# tests/pidf_emit writes re-built samples and seeded random documents (PIDF
# with all extensions, watcherinfo, resource-lists, OMA pres-content); each
# group is validated with xmllint against the schemas copied into
# tests/data/schemas. Negative controls (tests/data/pidf/invalid) must fail,
# to show that the check looks at order, ids and values.
# Exit 77 (skip) only when xmllint is absent.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
xmllint=${XMLLINT:-$(command -v xmllint)}
[ -n "$xmllint" ] && command -v "$xmllint" >/dev/null 2>&1 || { echo "xmllint not found: skip"; exit 77; }
schemas="$top_srcdir/tests/data/schemas"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

count=$("$top_builddir/tests/pidf_emit" "$tmp") || { echo "FAIL: pidf_emit"; exit 1; }
fail=0
total=0
for group in pidf:presence-all winfo:watcherinfo rlist:resourcelists content:oma-pres-content; do
	prefix=${group%%:*}
	xsd="$schemas/${group#*:}.xsd"
	set -- "$tmp/$prefix"-*.xml
	[ -f "$1" ] || { echo "FAIL: no $prefix documents emitted"; fail=1; continue; }
	"$xmllint" --nonet --noout --schema "$xsd" "$@" 2> "$tmp/log.txt"
	rc=$?
	ok=$(grep -c ' validates$' "$tmp/log.txt")
	if [ "$rc" -ne 0 ] || [ "$ok" -ne $# ]; then
		echo "FAIL: $prefix: $ok of $# documents validate against $xsd:"
		grep -v ' validates$' "$tmp/log.txt" | head -20
		fail=1
	fi
	echo "$prefix: $ok/$# valid"
	total=$((total + $#))
done
[ "$total" -eq "$count" ] || { echo "FAIL: emitted $count, checked $total"; fail=1; }

for f in "$top_srcdir"/tests/data/pidf/invalid/*.xml; do
	if "$xmllint" --nonet --noout --schema "$schemas/presence-all.xsd" "$f" 2>/dev/null; then
		echo "FAIL: negative control $f validates"
		fail=1
	fi
done
exit $fail
