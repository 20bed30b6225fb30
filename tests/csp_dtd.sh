#!/bin/sh
# tests/csp_dtd.sh: the canonical XML of every WV-CSP 1.1 spec example is valid against the 1.1 DTD.
#
# The 1.1 DTD declares PresenceSubList as (#PCDATA) and no PA element at all,
# so PA content cannot be validated against it: tests/csp_canon --no-pa
# empties each PresenceSubList (keeping the element and its xmlns) before
# validating. The PA children are covered by the round-trip tests instead.
# A negative control (canonical output with two children swapped) must fail,
# to show that xmllint really checks the order.
# Exit 77 (skip) only when xmllint is absent.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
xmllint=${XMLLINT:-$(command -v xmllint)}
[ -n "$xmllint" ] && command -v "$xmllint" >/dev/null 2>&1 || { echo "xmllint not found: skip"; exit 77; }
canon="$top_builddir/tests/csp_canon"
dtd="$top_srcdir/tests/data/wv-csp_1_1.dtd"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail=0
n=0
for f in "$top_srcdir"/tests/data/samples/spec-wv11-examples/*.xml; do
	n=$((n + 1))
	if ! "$canon" --no-pa "$f" > "$tmp/c.xml"; then
		echo "FAIL: $f: no canonical output"
		fail=1
		continue
	fi
	if ! "$xmllint" --nonet --noout --dtdvalid "$dtd" "$tmp/c.xml" 2> "$tmp/err"; then
		echo "FAIL: $f: canonical output is not valid:"
		cat "$tmp/err"
		fail=1
	fi
done
[ "$n" -ge 50 ] || { echo "FAIL: only $n samples found"; fail=1; }

# Negative control: Password after SessionCookie breaks the Login-Request model.
"$canon" "$top_srcdir/tests/data/samples/spec-wv11-examples/wv-003.xml" |
	sed 's|\(<Password>[^<]*</Password>\)\(.*</SessionCookie>\)|\2\1|' > "$tmp/bad.xml"
if ! grep -q '</SessionCookie><Password>' "$tmp/bad.xml" ||
   "$xmllint" --nonet --noout --dtdvalid "$dtd" "$tmp/bad.xml" 2>/dev/null; then
	echo "FAIL: negative control was accepted"
	fail=1
fi
echo "$n canonical 1.1 samples checked against the DTD"
exit $fail
