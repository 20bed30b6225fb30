#!/usr/bin/env python3
"""Generates imps/csp_wbxml13_tables.c from the token tables in imps/tokens/.

Usage: python3 scripts/gen-wbxml13.py [--check]
With --check, exits 1 when the committed file differs from what would be written.

Tables written (all sorted for bsearch):
  * IMPS 1.3 tags (code page, token, name) from wbxml-tokens.imps_csp13.csp13tags.tsv;
  * WV 1.1/1.2 tags from wbxml-tokens.wv_csp1[12].properties (the two must agree; they
    are libwbxml's table), with the renames of wbxml-libwbxml-wv.txt applied and its
    aliases as extra encode-only names;
  * EXT_T_0 value tokens: 1.3 from csp13values.tsv; 1.1/1.2 from the properties, plus
    (decode only) the 1.3 tokens the 1.1/1.2 table lacks, because the AOSP encoder
    writes 1.3 value tokens in 1.2 messages. A token named twice is decoded as its
    first name and never encoded from the others;
  * element classes: integers written as OPAQUE (1.3 list; libwbxml's 1.1/1.2 list),
    integers accepted as OPAQUE, DateTime/DeliveryTime, ContentData (binary);
  * the xmlns attribute-start tokens.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOK = os.path.join(TOP, 'imps', 'tokens')
OUT = os.path.join(TOP, 'imps', 'csp_wbxml13_tables.c')


def die(msg):
    sys.stderr.write('gen-wbxml13: %s\n' % msg)
    sys.exit(2)


def data_lines(name):
    with open(os.path.join(TOK, name), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.strip() and not line.startswith('#'):
                yield line


def read_tsv(name):
    rows = []
    for line in data_lines(name):
        parts = line.split('\t')
        if len(parts) != 2:
            die('%s: bad line %r' % (name, line))
        rows.append((parts[0], int(parts[1], 16)))
    return rows


def read_properties(name):
    tags, ext, extval = {}, {}, {}
    for line in data_lines(name):
        m = re.match(r'wbxml\.tag\.(\d+)\.(.+)=(0x[0-9a-fA-F]+)$', line.strip())
        if m:
            code = (int(m.group(1)) << 8) | int(m.group(3), 16)
            if m.group(2) in tags:
                die('%s: tag %s twice' % (name, m.group(2)))
            tags[m.group(2)] = code
            continue
        m = re.match(r'wbxml\.ext\.([^.]+)=(0x[0-9a-fA-F]+)$', line.strip())
        if m:
            ext[m.group(1)] = int(m.group(2), 16)
            continue
        m = re.match(r'wbxml\.ext\.([^.]+)\.value=(.*)$', line.strip())
        if m:
            extval[m.group(1)] = m.group(2)
    values = []
    for key, token in ext.items():
        if key not in extval:
            die('%s: ext %s has no value' % (name, key))
        values.append((extval[key], token))
    return tags, values


def c_str(s):
    if any(ord(c) < 0x20 or ord(c) > 0x7e or c in '"\\' for c in s):
        die('unexpected character in %r' % s)
    return '"%s"' % s


def check_tags(what, tags):
    seen_code, seen_name = {}, set()
    for name, code in tags:
        if name in seen_name:
            die('%s: name %s twice' % (what, name))
        if code in seen_code:
            die('%s: code 0x%04x for %s and %s' % (what, code, seen_code[code], name))
        if (code & 0xff) < 5 or (code & 0xff) > 0x3f or (code >> 8) > 0xff:
            die('%s: bad code 0x%04x (%s)' % (what, code, name))
        seen_code[code] = name
        seen_name.add(name)


def value_rows(pairs):
    """(token, text, enc) rows sorted by token. The first name of a token is the one
    decoded; later names of the same token are dropped (1.3: History is also 0x3D,
    GROUP_ID): they are written as strings."""
    rows, first = [], {}
    for text, token, enc in pairs:
        if token > 0xff:
            die('value token 0x%x too large' % token)
        if token in first:
            continue
        first[token] = text
        rows.append((token, text, enc))
    rows.sort()
    # A text under two tokens (1.1/1.2: IM 0x12/0x68, SMS 0x43/0x75) is written
    # with the lower one and read from both.
    seen = set()
    for i, (token, text, enc) in enumerate(rows):
        if enc and text in seen:
            rows[i] = (token, text, False)
        elif enc:
            seen.add(text)
    return rows


def emit_tags(out, ident, tags):
    tags = sorted(tags, key=lambda t: t[1])
    out.append('static struct csp_wbx_tag const %s[] = {' % ident)
    for name, code in tags:
        out.append('\t{0x%04x, %s},' % (code, c_str(name)))
    out.append('};')
    order = sorted(range(len(tags)), key=lambda i: tags[i][0].encode())
    out.append('static unsigned short const %s_by_name[] = {' % ident)
    for i in range(0, len(order), 12):
        out.append('\t' + ' '.join('%d,' % x for x in order[i:i + 12]))
    out.append('};')
    return len(tags)


def emit_values(out, ident, rows):
    out.append('static struct csp_wbx_value const %s[] = {' % ident)
    for token, text, enc in rows:
        out.append('\t{0x%02x, %d, %s},' % (token, 1 if enc else 0, c_str(text)))
    out.append('};')
    enc_idx = [i for i, r in enumerate(rows) if r[2]]
    enc_idx.sort(key=lambda i: rows[i][1].encode())
    texts = [rows[i][1] for i in enc_idx]
    if len(set(texts)) != len(texts):
        die('%s: a value text encodes to two tokens' % ident)
    out.append('static unsigned short const %s_by_text[] = {' % ident)
    for i in range(0, len(enc_idx), 12):
        out.append('\t' + ' '.join('%d,' % x for x in enc_idx[i:i + 12]))
    out.append('};')
    return len(rows), len(enc_idx)


def main():
    check = '--check' in sys.argv[1:]

    tags13 = read_tsv('wbxml-tokens.imps_csp13.csp13tags.tsv')
    check_tags('1.3 tags', tags13)
    values13 = read_tsv('wbxml-tokens.imps_csp13.csp13values.tsv')
    int13 = [l.strip() for l in data_lines('wbxml-int-elements.imps_csp13.txt')]

    t11, v11 = read_properties('wbxml-tokens.wv_csp11.properties')
    t12, v12 = read_properties('wbxml-tokens.wv_csp12.properties')
    if t11 != t12 or sorted(v11) != sorted(v12):
        die('the 1.1 and 1.2 tables differ: one table cannot serve both')

    enc12, dec12, renames, aliases = [], [], [], []
    for line in data_lines('wbxml-libwbxml-wv.txt'):
        f = line.split()
        if f[0] == 'enc' and len(f) == 2:
            enc12.append(f[1])
        elif f[0] == 'dec' and len(f) == 2:
            dec12.append(f[1])
        elif f[0] == 'rename' and len(f) == 3:
            renames.append((f[1], f[2]))
        elif f[0] == 'alias' and len(f) == 3:
            aliases.append((f[1], f[2]))
        else:
            die('wbxml-libwbxml-wv.txt: bad line %r' % line)
    tags12 = dict(t12)
    for old, new in renames:
        if old not in tags12 or new in tags12:
            die('rename %s -> %s does not fit the 1.2 table' % (old, new))
        tags12[new] = tags12.pop(old)
    tags12 = list(tags12.items())
    check_tags('1.2 tags', tags12)
    alias_rows = []
    for name, target in aliases:
        if target not in dict(tags12) or name in dict(tags12):
            die('alias %s -> %s does not fit the 1.2 table' % (name, target))
        alias_rows.append((name, dict(tags12)[target]))

    xmlns = read_tsv('wbxml-xmlns-attrs.tsv')

    vrows13 = value_rows([(t, k, True) for t, k in values13])
    have12 = {k for _, k in v12}
    vrows12 = value_rows([(t, k, True) for t, k in v12] +
                         [(t, k, False) for t, k in values13 if k not in have12])

    names12 = {n for n, _ in tags12} | {n for n, _ in alias_rows}
    names13 = {n for n, _ in tags13}
    for n in int13:
        if n not in names13:
            # AOSP's list says PlainTextCharSet, its tag table PlainTextCharset: the
            # AOSP encoder (exact-match gperf) never writes that element as OPAQUE.
            # Kept as is, so that we write what AOSP writes.
            sys.stderr.write('gen-wbxml13: note: 1.3 int element %s is no 1.3 tag\n' % n)
    for n in enc12 + dec12:
        if n not in names12:
            die('libwbxml int element %s is not a 1.2 tag' % n)
    classes = {}

    def add(name, flag):
        classes[name] = classes.get(name, []) + [flag]
    for n in int13:
        add(n, 'CSP_WBX_INT13')
    for n in enc12:
        add(n, 'CSP_WBX_INT12')
    for n in set(int13) | set(enc12) | set(dec12):
        add(n, 'CSP_WBX_INTDEC')
    for n in ('DateTime', 'DeliveryTime'):
        add(n, 'CSP_WBX_DATETIME')
    add('ContentData', 'CSP_WBX_BINARY')

    out = []
    out.append('/* imps/csp_wbxml13_tables.c: WBXML token tables of WV-CSP 1.1/1.2 and IMPS-CSP 1.3. */')
    out.append('/* GENERATED by scripts/gen-wbxml13.py from imps/tokens/: do not edit. */')
    out.append('#include "config.h"')
    out.append('')
    out.append('#include "imps/csp_wbxml13.h"')
    out.append('')
    out.append('/* IMPS-CSP 1.3 tags (code = page << 8 | token), sorted by code. */')
    n13 = emit_tags(out, 'tags13', tags13)
    out.append('')
    out.append('/* WV-CSP 1.1/1.2 tags (libwbxml\'s table, renames applied). */')
    n12 = emit_tags(out, 'tags12', tags12)
    out.append('')
    out.append('/* Other spellings encoded with a 1.1/1.2 token (never decoded). */')
    alias_rows.sort(key=lambda r: r[0].encode())
    out.append('static struct csp_wbx_tag const aliases12[] = {')
    for name, code in alias_rows:
        out.append('\t{0x%04x, %s},' % (code, c_str(name)))
    out.append('};')
    out.append('')
    out.append('/* EXT_T_0 value tokens, sorted by token; enc = 1 when written by the encoder. */')
    nv13, ne13 = emit_values(out, 'values13', vrows13)
    nv12, ne12 = emit_values(out, 'values12', vrows12)
    out.append('')
    for ident, ver, tags, ntags, al, nal, vals, nv, ne in (
            ('csp_wbx_lang13', 'CSP_V13', 'tags13', n13, 'NULL', 0, 'values13', nv13, ne13),
            ('csp_wbx_lang12', 'CSP_V12', 'tags12', n12, 'aliases12', len(alias_rows),
             'values12', nv12, ne12)):
        out.append('struct csp_wbx_lang const %s = {' % ident)
        out.append('\t.version = %s,' % ver)
        out.append('\t.tags = %s, .tags_by_name = %s_by_name, .ntags = %d,' % (tags, tags, ntags))
        out.append('\t.aliases = %s, .naliases = %d,' % (al, nal))
        out.append('\t.values = %s, .nvalues = %d,' % (vals, nv))
        out.append('\t.values_by_text = %s_by_text, .nvalues_enc = %d,' % (vals, ne))
        out.append('};')
        out.append('')
    out.append('/* Element classes, sorted by name. */')
    out.append('struct csp_wbx_class const csp_wbx_classes[] = {')
    for name in sorted(classes, key=lambda s: s.encode()):
        out.append('\t{%s, %s},' % (c_str(name), ' | '.join(sorted(classes[name]))))
    out.append('};')
    out.append('size_t const csp_wbx_nclasses = %d;' % len(classes))
    out.append('')
    out.append('/* Attribute-start tokens of xmlns (page 0): "xmlns=" + URI prefix. */')
    out.append('struct csp_wbx_xmlns const csp_wbx_xmlns_attrs[] = {')
    for prefix, token in sorted(xmlns, key=lambda r: r[1]):
        out.append('\t{0x%02x, %s},' % (token, c_str(prefix)))
    out.append('};')
    out.append('size_t const csp_wbx_nxmlns = %d;' % len(xmlns))
    out.append('')
    out.append('/* libwbxml\'s spelling of a 1.1/1.2 element, and ours. */')
    out.append('struct csp_wbx_rename const csp_wbx_libwbxml_renames[] = {')
    for old, new in renames:
        out.append('\t{%s, %s},' % (c_str(old), c_str(new)))
    out.append('};')
    out.append('size_t const csp_wbx_nrenames = %d;' % len(renames))
    text = '\n'.join(out) + '\n'

    if check:
        with open(OUT, encoding='utf-8') as f:
            if f.read() != text:
                sys.stderr.write('gen-wbxml13: %s is out of date\n' % OUT)
                sys.exit(1)
        return
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
