#!/bin/sh
# tests/wbxml-oracle.sh: Debian's libwbxml2-utils as the oracle of our 1.1/1.2 WBXML.
#  1. every 1.1/1.2 sample -> our csp_build_wbxml -> wbxml2xml -> the same message;
#  2. every 1.1/1.2 sample -> xml2wbxml -> our csp_parse_wbxml -> the same message.
# Skips (77) when the tools are missing.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
tool=$top_builddir/tests/csp_wbxml_tool
samples=$top_srcdir/tests/data/samples

if ! command -v wbxml2xml >/dev/null 2>&1 || ! command -v xml2wbxml >/dev/null 2>&1; then
	echo "SKIP: wbxml2xml/xml2wbxml (Debian libwbxml2-utils) not installed"
	exit 77
fi
[ -x "$tool" ] || { echo "FAIL: $tool not built"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
encoded=0
decoded=0
unencodable=0

for f in "$samples"/spec-wv11-examples/*.xml "$samples"/aosp-client_scripted-server_csp12/*.xml \
	 "$samples"/movistar-colibria-client-templates_csp12/*.xml; do
	[ -s "$f" ] || continue
	name=${f#"$samples"/}
	# templates with {placeholders} are no XML: skipped
	v=$("$tool" enc "$f" "$tmp/ours.wbxml" 2>/dev/null) || continue
	[ "$v" = 13 ] && continue

	# 1. the oracle reads our WBXML
	if ! wbxml2xml -o "$tmp/back.xml" "$tmp/ours.wbxml" >/dev/null 2>&1; then
		echo "FAIL: wbxml2xml cannot read our WBXML of $name"
		fail=1
	elif ! "$tool" cmp "$f" "$tmp/back.xml" "$v"; then
		echo "FAIL: wbxml2xml reads our WBXML of $name as another message"
		fail=1
	else
		encoded=$((encoded + 1))
	fi

	# 2. we read the oracle's WBXML (it needs a DOCTYPE and its own spellings; it
	#    cannot write names outside its table: those messages are counted apart)
	if grep -q '<!DOCTYPE' "$f"; then
		cp "$f" "$tmp/in.xml"
	else
		{
			echo '<?xml version="1.0"?>'
			echo "<!DOCTYPE WV-CSP-Message PUBLIC \"-//OMA//DTD WV-CSP 1.$((v - 10))//EN\"" \
				'"http://www.openmobilealliance.org/DTD/WV-CSP.DTD">'
			sed -e 's/<?xml[^>]*?>//' -e 's/AutoSubscribe>/Auto-Subscribe>/g' "$f"
		} > "$tmp/in.xml"
	fi
	if ! xml2wbxml -o "$tmp/theirs.wbxml" "$tmp/in.xml" >/dev/null 2>&1; then
		unencodable=$((unencodable + 1))
	elif ! "$tool" cmpw "$f" "$tmp/theirs.wbxml"; then
		echo "FAIL: we read xml2wbxml's WBXML of $name as another message"
		fail=1
	else
		decoded=$((decoded + 1))
	fi
done

echo "wbxml2xml read $encoded of our WBXML messages; we read $decoded of xml2wbxml's" \
	"($unencodable samples xml2wbxml cannot encode)"
[ "$encoded" -ge 100 ] || { echo "FAIL: too few messages ($encoded)"; fail=1; }
[ "$decoded" -ge 100 ] || { echo "FAIL: too few messages ($decoded)"; fail=1; }
exit $fail
