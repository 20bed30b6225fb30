#!/usr/bin/env python3
"""Makes the WBXML test vectors of tests/data/wbxml/ (see README there).

Usage: python3 tests/data/wbxml/make-vectors.py
Needs Debian's xml2wbxml (libwbxml2-utils) for the libwbxml-* vectors. The
aosp-* vectors come from the small encoder below, written from the behaviour of
the AOSP IMPS encoder (libwbxml/src/imps_encoder.cpp) and independent of our C
code, so that it can check our decoder.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
TOK = os.path.join(TOP, 'imps', 'tokens')
SAMPLES = os.path.join(TOP, 'tests', 'data', 'samples')

PUBID = {'1.1': 0x10, '1.2': 0x11, '1.3': 0x12}
DTD = {'1.1': '-//OMA//DTD WV-CSP 1.1//EN', '1.2': '-//OMA//DTD WV-CSP 1.2//EN'}


def tsv(name):
    rows = []
    for line in open(os.path.join(TOK, name), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        a, b = line.rstrip('\n').split('\t')
        rows.append((a, int(b, 16)))
    return rows


TAGS = dict(tsv('wbxml-tokens.imps_csp13.csp13tags.tsv'))
VALUES = {}
for text, tok in tsv('wbxml-tokens.imps_csp13.csp13values.tsv'):
    VALUES.setdefault(text, tok)
XMLNS = tsv('wbxml-xmlns-attrs.tsv')
INTS = {l.strip() for l in open(os.path.join(TOK, 'wbxml-int-elements.imps_csp13.txt'))
        if l.strip() and not l.startswith('#')}


def mb(v):
    out = [v & 0x7f]
    v >>= 7
    while v:
        out.insert(0, 0x80 | (v & 0x7f))
        v >>= 7
    return bytes(out)


def aosp_date(s):
    m = re.fullmatch(r'(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z', s)
    if not m:
        return None
    y, mo, d, h, mi, se = map(int, m.groups())
    v = (((((y << 4 | mo) << 5 | d) << 5 | h) << 6 | mi) << 6) | se  # 2 zero bits on top
    return v.to_bytes(5, 'big') + b'Z'


class Aosp:
    """Encoder in the AOSP style: token public id, xmlns attribute tokens, content
    flag on every element, EXT_T_0 for whole-text values, OPAQUE integers and dates,
    LITERAL (string table) for unknown names."""

    def __init__(self, version):
        self.version = version
        self.page = 0
        self.strtbl = b''
        self.body = bytearray()

    def index(self, s):
        b = s.encode() + b'\0'
        i = self.strtbl.find(b)
        if i < 0 or (i > 0 and self.strtbl[i - 1] != 0):
            i = len(self.strtbl)
            self.strtbl += b
        return i

    def text(self, name, s):
        s = (s or '').strip()
        if not s:
            return
        if name in INTS and re.fullmatch(r'0|[1-9]\d{0,9}', s) and int(s) < 2 ** 32:
            v = int(s)
            raw = v.to_bytes(max(1, (v.bit_length() + 7) // 8), 'big')
            self.body += b'\xc3' + mb(len(raw)) + raw
        elif name in ('DateTime', 'DeliveryTime') and aosp_date(s):
            self.body += b'\xc3\x06' + aosp_date(s)
        elif s in VALUES:
            self.body += b'\x80' + mb(VALUES[s])
        else:
            self.body += b'\x03' + s.encode() + b'\0'

    def element(self, el, parent_uri):
        m = re.match(r'\{(.*)\}(.*)', el.tag)
        uri, name = (m.group(1), m.group(2)) if m else (None, el.tag)
        code = TAGS.get(name)
        if code is not None and (code >> 8) != self.page:
            self.page = code >> 8
            self.body += bytes([0x00, self.page])
        tok = (code & 0x3f) if code is not None else 0x04
        attrs = uri is not None and uri != parent_uri
        self.body.append(tok | 0x40 | (0x80 if attrs else 0))
        if code is None:
            self.body += mb(self.index(name))
        if attrs:
            for prefix, t in XMLNS:
                if uri.startswith(prefix):
                    self.body.append(t)
                    if uri[len(prefix):]:
                        self.body += b'\x03' + uri[len(prefix):].encode() + b'\0'
                    break
            else:
                self.body += b'\x04' + mb(self.index('xmlns'))
                self.body += b'\x03' + uri.encode() + b'\0'
            self.body.append(0x01)
        self.text(name, el.text)
        for child in el:
            self.element(child, uri)
            self.text(name, child.tail)
        self.body.append(0x01)

    def encode(self, root):
        self.element(root, None)
        return (bytes([0x03]) + mb(PUBID[self.version]) + b'\x6a' + mb(len(self.strtbl)) +
                self.strtbl + bytes(self.body))


def version_of(xml):
    for v, ns in (('1.1', 'wireless-village.org/CSP1.1'), ('1.2', 'DTD/WV-CSP1.2'),
                  ('1.3', 'DTD/IMPS-CSP1.3')):
        if ns in xml:
            return v
    raise ValueError('no WV namespace')


def libwbxml(src, version, out):
    """xml2wbxml of src; it finds the language only through a DOCTYPE and spells
    AutoSubscribe as Auto-Subscribe."""
    xml = open(src, encoding='utf-8').read()
    if '<!DOCTYPE' not in xml:
        xml = re.sub(r'^(<\?xml[^>]*\?>)?',
                     lambda m: (m.group(0) or '') + '<!DOCTYPE WV-CSP-Message PUBLIC "%s" '
                     '"http://www.openmobilealliance.org/DTD/WV-CSP.DTD">' % DTD[version],
                     xml, count=1)
    xml = xml.replace('AutoSubscribe>', 'Auto-Subscribe>')
    with tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False) as f:
        f.write(xml)
    try:
        subprocess.run(['xml2wbxml', '-o', out, f.name], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.unlink(f.name)


LIBWBXML = [
    'spec-wv11-examples/wv-001.xml', 'spec-wv11-examples/wv-002.xml',
    'spec-wv11-examples/wv-004.xml', 'spec-wv11-examples/wv-010.xml',
    'spec-wv11-examples/wv-012.xml', 'spec-wv11-examples/wv-040.xml',
    'spec-wv11-examples/wv-047.xml', 'spec-wv11-examples/wv-056.xml',
    'spec-wv11-examples/wv-061.xml', 'spec-wv11-examples/wv-070.xml',
    'aosp-client_scripted-server_csp12/001-req.xml',
    'aosp-client_scripted-server_csp12/003-rsp.xml',
    'aosp-client_scripted-server_csp12/009-req.xml',
    'aosp-client_scripted-server_csp12/011-req.xml',
    'aosp-client_scripted-server_csp12/014-rsp.xml',
    'aosp-client_scripted-server_csp12/015-rsp.xml',
]
AOSP = [
    'aosp-client_scripted-server_csp12/002-req.xml',
    'aosp-client_scripted-server_csp12/011-req.xml',
    'aosp-client_scripted-server_csp12/014-rsp.xml',
    'spec-wv11-examples/wv-040.xml',
    'spec-wv11-examples/wv-056.xml',
] + ['aosp-client_scripted-server_csp13-4way/%s' % f
     for f in sorted(os.listdir(os.path.join(SAMPLES, 'aosp-client_scripted-server_csp13-4way')))
     if f.endswith('.xml') and os.path.getsize(
         os.path.join(SAMPLES, 'aosp-client_scripted-server_csp13-4way', f))]


def short(src):
    d, f = src.split('/')
    tag = {'spec-wv11-examples': 'wv11', 'aosp-client_scripted-server_csp12': 'aosp12',
           'aosp-client_scripted-server_csp13-4way': 'aosp13'}[d]
    return '%s-%s' % (tag, f[:-4].replace('wv-', ''))


def main():
    index = ['# vector<TAB>source (tests/data/samples/)<TAB>how it was made (see README)']
    for src in LIBWBXML:
        path = os.path.join(SAMPLES, src)
        v = version_of(open(path, encoding='utf-8').read())
        name = 'libwbxml-%s.wbxml' % short(src)
        libwbxml(path, v, os.path.join(HERE, name))
        index.append('%s\t%s\txml2wbxml' % (name, src))
    for src in AOSP:
        path = os.path.join(SAMPLES, src)
        raw = open(path, encoding='utf-8').read()
        v = version_of(raw)
        data = Aosp(v).encode(ET.fromstring(raw.encode()))
        name = 'aosp-%s.wbxml' % short(src)
        with open(os.path.join(HERE, name), 'wb') as f:
            f.write(data)
        index.append('%s\t%s\tmake-vectors.py' % (name, src))
    with open(os.path.join(HERE, 'INDEX'), 'w') as f:
        f.write('\n'.join(index) + '\n')


if __name__ == '__main__':
    sys.exit(main())
