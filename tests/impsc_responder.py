#!/usr/bin/env python3
"""tests/impsc_responder.py: a scripted IMPS server for impsc's tests (not a server).

It serves scenario directories of NNN-req.xml / NNN-rsp.xml pairs (the
layout of tests/data/samples/*), each under its own URL path: with
--scenario NAME=DIR, POSTs to /NAME/... play DIR. Every POST must match the
first unused pair whose request is equivalent, and gets that pair's response. So the test
shows that impsc sends what the recorded client (AOSP) sent, and reacts to
the recorded answers.

Equivalence: same elements and texts, children compared as multisets (CSP
receivers must not depend on element order, DIGEST §11), namespaces
ignored; SessionCookie values and SupportedCIRMethod elements are not
compared (impsc chooses its own). A request file whose root is not
WV-CSP-Message is a bare primitive: only TransactionContent is compared.

Responses: a file with a WV-CSP-Message root is sent as is; a bare primitive
is wrapped as the Response to the request (same TransactionID, SessionID,
version); with the attribute test-request="TID" it is wrapped as a server
Request instead. An empty file is an empty HTTP body. "{cirport}" is
replaced by the STCP port. NNN-rsp.hdr (optional): first line the HTTP
status, then "Content-Type: ..." and "X-Test-WVCI: SECONDS" (send a WVCI
line on the STCP connections that many seconds after this answer).
NNN-req.hdr (optional): its Content-Type must be the request's.

With --wbxml-decoder PROG (libwbxml's wbxml2xml), a WBXML request is turned
into XML by `PROG -o OUT IN` before matching (responses stay XML).

Every request is logged in LOG_DIR/NAME.log: "MATCH NNN Primitive" or
"NOMATCH ..." with the body; a mismatch is answered with HTTP 500. STCP
events go to LOG_DIR/responder.log ("CIR HELO ...", "CIR WVCI sent").
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, HTTPServer

IGNORED_TEXT = {"SessionCookie"}
IGNORED_ELEMENTS = {"SupportedCIRMethod"}
# libwbxml's names that differ from the CSP ones (imps/tokens/wbxml-libwbxml-wv.txt).
LIBWBXML_NAMES = {"Auto-Subscribe": "AutoSubscribe", "Extended-Data": "ExtendedData"}

NS = {
    "1.1": ("http://www.wireless-village.org/CSP1.1", "http://www.wireless-village.org/TRC1.1"),
    "1.2": ("http://www.openmobilealliance.org/DTD/WV-CSP1.2",
            "http://www.openmobilealliance.org/DTD/WV-TRC1.2"),
    "1.3": ("http://www.openmobilealliance.org/DTD/IMPS-CSP1.3",
            "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3"),
}
CT = {"1.1": "application/vnd.wv.csp.xml", "1.2": "application/vnd.wv.csp.xml",
      "1.3": "application/vnd.wv.csp+xml"}


def local(tag):
    name = tag.rsplit("}", 1)[-1]
    return LIBWBXML_NAMES.get(name, name)


def norm(e):
    name = local(e.tag)
    text = (e.text or "").strip()
    if name in IGNORED_TEXT:
        text = "*"
    kids = sorted(norm(k) for k in e if local(k.tag) not in IGNORED_ELEMENTS)
    return "(" + name + " " + repr(text) + " " + " ".join(kids) + ")"


def find(e, name):
    for x in e.iter():
        if local(x.tag) == name:
            return x
    return None


def primitive(root):
    tc = find(root, "TransactionContent")
    if tc is None or len(tc) == 0:
        return None
    return tc[0]


def version_of(root):
    uri = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    for v, (csp, _) in NS.items():
        if uri == csp:
            return v
    return "1.2"


def read_hdr(path):
    status, headers = 200, {}
    if os.path.exists(path):
        with open(path) as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        if lines and lines[0].isdigit():
            status = int(lines[0])
            lines = lines[1:]
        for ln in lines:
            if ":" in ln:
                k, v = ln.split(":", 1)
                headers[k.strip().lower()] = v.strip()
    return status, headers


class Pair:
    def __init__(self, d, n):
        self.n = n
        with open(os.path.join(d, n + "-req.xml"), "rb") as f:
            self.req = ET.fromstring(f.read())
        self.bare = local(self.req.tag) != "WV-CSP-Message"
        self.key = norm(self.req)
        with open(os.path.join(d, n + "-rsp.xml"), "rb") as f:
            self.rsp = f.read().decode("utf-8")
        self.status, self.rsp_hdr = read_hdr(os.path.join(d, n + "-rsp.hdr"))
        _, self.req_hdr = read_hdr(os.path.join(d, n + "-req.hdr"))
        self.used = False

    def matches(self, root, ctype):
        want = self.req_hdr.get("content-type")
        if want and "wbxml" in ctype:
            want = want.replace("xml", "wbxml")
        if want and ctype != want:
            return False
        if self.bare:
            p = primitive(root)
            return p is not None and norm(p) == self.key
        return norm(root) == self.key


class Scenario:
    def __init__(self, name, d, log_dir):
        names = sorted(f[:-8] for f in os.listdir(d) if f.endswith("-req.xml"))
        self.pairs = [Pair(d, n) for n in names]
        self.log = open(os.path.join(log_dir, name + ".log"), "a", buffering=1)


class State:
    def __init__(self, args):
        self.scenarios = {}
        for spec in args.scenario:
            name, d = spec.split("=", 1)
            self.scenarios[name] = Scenario(name, d, args.log_dir)
        self.log = open(os.path.join(args.log_dir, "responder.log"), "a", buffering=1)
        self.decoder = args.wbxml_decoder
        self.cir_port = 0
        self.cir_conns = []
        self.cookie = "0"
        self.lock = threading.Lock()

    def wrap(self, body, root, mode, tid):
        v = version_of(root)
        csp, trc = NS[v]
        sid = find(root, "SessionID")
        if sid is not None and sid.text:
            sd = ("<SessionType>Inband</SessionType><SessionID>%s</SessionID>" % sid.text)
        else:
            sd = "<SessionType>Outband</SessionType>"
        tid_xml = "<TransactionID>%s</TransactionID>" % tid if tid is not None else ""
        return ('<?xml version="1.0" encoding="UTF-8"?><WV-CSP-Message xmlns="%s"><Session>'
                '<SessionDescriptor>%s</SessionDescriptor><Transaction><TransactionDescriptor>'
                '<TransactionMode>%s</TransactionMode>%s</TransactionDescriptor>'
                '<TransactionContent xmlns="%s">%s</TransactionContent></Transaction>'
                '</Session></WV-CSP-Message>' % (csp, sd, mode, tid_xml, trc, body))

    def answer(self, pair, root):
        body = pair.rsp.replace("{cirport}", str(self.cir_port)).strip()
        if not body:
            return ""
        rroot = ET.fromstring(body)
        if local(rroot.tag) == "WV-CSP-Message":
            return body
        req_tid = find(root, "TransactionID")
        server_tid = rroot.get("test-request")
        if server_tid is not None:
            body = body.replace(' test-request="%s"' % server_tid, "", 1)
            return self.wrap(body, root, "Request", server_tid)
        return self.wrap(body, root, "Response",
                         req_tid.text if req_tid is not None and req_tid.text else None)

    def wvci_later(self, seconds):
        def send():
            time.sleep(seconds)
            with self.lock:
                for c in self.cir_conns:
                    try:
                        c.sendall(("WVCI 1.2 %s\r\n" % self.cookie).encode())
                        self.log.write("CIR WVCI sent\n")
                    except OSError:
                        pass
        threading.Thread(target=send, daemon=True).start()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        st = self.server.state
        sc = st.scenarios.get(self.path.strip("/").split("/")[0])
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "")
        xml = data
        if "wbxml" in ctype and st.decoder:
            with tempfile.TemporaryDirectory() as d:
                src, dst = os.path.join(d, "in.wbxml"), os.path.join(d, "out.xml")
                with open(src, "wb") as f:
                    f.write(data)
                subprocess.run([st.decoder, "-o", dst, src], capture_output=True)
                xml = open(dst, "rb").read() if os.path.exists(dst) else b""
        if sc is None:
            st.log.write("NOMATCH no scenario %s\n" % self.path)
            return self.reply(500, "text/plain", b"")
        try:
            root = ET.fromstring(xml)
        except ET.ParseError as e:
            sc.log.write("NOMATCH unparsable (%s) %r\n" % (e, data[:200]))
            return self.reply(500, "text/plain", b"")
        p = primitive(root)
        name = local(p.tag) if p is not None else "?"
        if name == "Login-Request":
            c = find(root, "SessionCookie")
            st.cookie = c.text if c is not None else "0"
        for pair in sc.pairs:
            if not pair.used and pair.matches(root, ctype):
                pair.used = True
                sc.log.write("MATCH %s %s\n" % (pair.n, name))
                body = st.answer(pair, root).encode("utf-8")
                ct = pair.rsp_hdr.get("content-type", CT[version_of(root)])
                self.reply(pair.status, ct, body)
                if "x-test-wvci" in pair.rsp_hdr:
                    st.wvci_later(float(pair.rsp_hdr["x-test-wvci"]))
                return
        sc.log.write("NOMATCH %s (%s) %s\n" % (name, ctype, xml.decode("utf-8", "replace")))
        self.reply(500, "text/plain", b"")

    def reply(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def cir_server(st, sock):
    while True:
        conn, _ = sock.accept()
        f = conn.makefile("rb")
        line = f.readline().decode("utf-8", "replace").strip()
        st.log.write("CIR %s\n" % line)
        if line.startswith("HELO "):
            conn.sendall(b"OK\r\n")
            with st.lock:
                st.cir_conns.append(conn)
        else:
            conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", action="append", required=True, metavar="NAME=DIR")
    ap.add_argument("--log-dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cir", action="store_true")
    ap.add_argument("--wbxml-decoder")
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()
    st = State(args)
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = st
    ports = "http=%d\n" % httpd.server_address[1]
    if args.cir:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        st.cir_port = s.getsockname()[1]
        ports += "cir=%d\n" % st.cir_port
        threading.Thread(target=cir_server, args=(st, s), daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(ports)
    os.rename(tmp, args.port_file)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    httpd.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
