#!/bin/sh
# iwfctl parse and translate from the command line: exit codes, error format, schema-valid PIDF.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
ctl=$top_builddir/iwf/iwfctl
s=$top_srcdir/tests/data/samples
schemas=$top_srcdir/tests/data/schemas
xmllint=${XMLLINT:-$(command -v xmllint)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Every non-empty sample parses; the canonical output parses again to the same bytes.
n=0
for f in "$s"/*/*.xml; do
	[ -s "$f" ] || continue
	if ! "$ctl" parse "$f" > "$tmp/a.xml" 2> "$tmp/err"; then
		fail "parse $f: $(cat "$tmp/err")"
		continue
	fi
	"$ctl" parse "$tmp/a.xml" > "$tmp/b.xml" || fail "reparse of $f"
	cmp -s "$tmp/a.xml" "$tmp/b.xml" || fail "canonical form of $f is not stable"
	n=$((n + 1))
done
[ "$n" -gt 150 ] || fail "only $n samples parsed"

# Several files in one call, and WBXML through --format.
"$ctl" parse "$s/spec-wv11-examples/wv-003.xml" "$s/spec-wv11-examples/wv-004.xml" > "$tmp/two.xml" ||
	fail "parse of two files"
[ "$(grep -c '<?xml' "$tmp/two.xml")" = 2 ] || fail "two files give two documents"
for w in "$top_srcdir"/tests/data/wbxml/*.wbxml; do
	[ -f "$w" ] || continue
	"$ctl" parse --format wbxml "$w" > /dev/null 2> "$tmp/err" || fail "wbxml $w: $(cat "$tmp/err")"
done

# Bad input: exit 2 and "FILE: line N: reason".
printf '<?xml version="1.0"?>\n<WV-CSP-Message xmlns="http://www.wireless-village.org/CSP1.1">\n<Session>\n' > "$tmp/trunc.xml"
"$ctl" parse "$tmp/trunc.xml" > /dev/null 2> "$tmp/err"
[ $? = 2 ] || fail "truncated message: exit status"
grep -Eq "^$tmp/trunc.xml: line [0-9]+: .+" "$tmp/err" || fail "truncated message: error format: $(cat "$tmp/err")"
"$ctl" parse "$tmp/none.xml" > /dev/null 2>&1
[ $? = 2 ] || fail "missing file: exit status"
"$ctl" parse --format nonsense "$tmp/trunc.xml" > /dev/null 2>&1
[ $? = 1 ] || fail "unknown format: usage exit status"

# Presence to PIDF: schema-valid, and back to WV-CSP with the same values.
"$ctl" translate --to pidf "$s/spec-wv11-examples/wv-040.xml" > "$tmp/p.xml" || fail "translate wv-040"
grep -q 'entity="sip:he@there.com"' "$tmp/p.xml" || fail "entity from UserID"
if [ -n "$xmllint" ]; then
	"$xmllint" --nonet --noout --schema "$schemas/presence-all.xsd" "$tmp/p.xml" 2> "$tmp/err" ||
		fail "PIDF does not validate: $(cat "$tmp/err")"
fi
"$ctl" translate --to wv "$tmp/p.xml" > "$tmp/w.xml" || fail "translate back"
"$ctl" parse "$tmp/w.xml" > /dev/null || fail "translated WV-CSP does not parse"
grep -q '<UserID>wv:he@there.com</UserID>' "$tmp/w.xml" || fail "UserID from entity"
grep -q '<StatusText><Qualifier>T</Qualifier><PresenceValue>Busy editing a document</PresenceValue>' "$tmp/w.xml" ||
	fail "StatusText lost in the round trip"
grep -q '<UserAvailability><Qualifier>T</Qualifier><PresenceValue>AVAILABLE</PresenceValue>' "$tmp/w.xml" ||
	fail "UserAvailability lost in the round trip"

# UpdatePresence carries no UserID: --entity is needed, and named in the error.
up="$s/spec-wv11-examples/wv-054.xml"
"$ctl" translate --to pidf "$up" > /dev/null 2> "$tmp/err"
[ $? = 2 ] && grep -q -- '--entity' "$tmp/err" || fail "UpdatePresence without --entity"
"$ctl" translate --to pidf --entity sip:me@mno1.example "$up" > "$tmp/u.xml" || fail "UpdatePresence with --entity"
grep -q 'entity="sip:me@mno1.example"' "$tmp/u.xml" || fail "--entity not used"

# A message without presence, and a PIDF that is not one.
"$ctl" translate --to pidf "$s/spec-wv11-examples/wv-003.xml" > /dev/null 2>&1
[ $? = 2 ] || fail "Login-Request is not presence"
"$ctl" translate --to wv "$s/spec-wv11-examples/wv-003.xml" > /dev/null 2>&1
[ $? = 2 ] || fail "a WV-CSP message is not PIDF"

[ "$fails" = 0 ] && echo "iwfctl codec: $n samples, all checks passed"
exit $((fails > 0))
