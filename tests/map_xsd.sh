#!/bin/sh
# tests/map_xsd.sh: PIDF documents mapped from IMPS presence validate against the PIDF schemas.
#
# tests/test_map_pres --dump writes 200 documents mapped from random IMPS
# attribute sets (half of them with invalid values and Qualifier F mixed in);
# each must validate against tests/data/schemas/presence-all.xsd (PIDF, data
# model, RPID, CIPID, caps). A negative control (an rpid:mood with a made-up
# mood) must fail, to show that xmllint really validates the extensions.
# Exit 77 (skip) only when xmllint is absent.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
xmllint=${XMLLINT:-$(command -v xmllint)}
if [ -z "$xmllint" ] || ! command -v "$xmllint" >/dev/null 2>&1; then
	echo "xmllint not found: skip"
	exit 77
fi
schema="$top_srcdir/tests/data/schemas/presence-all.xsd"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$top_builddir/tests/test_map_pres" --dump "$tmp/docs" || { echo "FAIL: dump"; exit 1; }
n=$(ls "$tmp/docs" | wc -l)
[ "$n" -eq 200 ] || { echo "FAIL: $n documents written"; exit 1; }
if ! "$xmllint" --nonet --noout --schema "$schema" "$tmp"/docs/*.xml 2> "$tmp/err"; then
	grep -v ' validates$' "$tmp/err"
	echo "FAIL: mapped documents do not validate"
	exit 1
fi

# Negative control: a mood RPID does not have.
f=$(grep -l '<rpid:mood>' "$tmp"/docs/*.xml | head -n 1)
[ -n "$f" ] || { echo "FAIL: no document with a mood to break"; exit 1; }
sed 's|<rpid:mood>|<rpid:mood><rpid:made-up/>|' "$f" > "$tmp/bad.xml"
if "$xmllint" --nonet --noout --schema "$schema" "$tmp/bad.xml" 2>/dev/null; then
	echo "FAIL: negative control was accepted"
	exit 1
fi
echo "$n mapped documents valid against presence-all.xsd"
