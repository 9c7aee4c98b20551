"""An OCSP responder on 127.0.0.1 for the live tests: answers each request
(POST or GET) with `openssl ocsp` over an index file (the responses are made
when asked, so their times follow the clock). `openssl ocsp -port`
would listen on every address; this listens on loopback only. Prints
"PORT n" once listening.

usage: ocsp_responder.py INDEX CA_CERT SIGNER_CERT SIGNER_KEY
"""
import base64
import http.server
import os
import subprocess
import sys
import tempfile
import urllib.parse

index, ca, signer, key = sys.argv[1:5]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n <= 0 or n > 65536:
            self.send_error(400)
            return
        self.answer(self.rfile.read(n))

    # RFC 6960 A.1: GET /<url-encoded base64 request> (what nginx sends)
    def do_GET(self):
        try:
            der = base64.b64decode(urllib.parse.unquote(self.path[1:]))
        except ValueError:
            self.send_error(400)
            return
        self.answer(der)

    def answer(self, der):
        with tempfile.TemporaryDirectory() as d:
            req, resp = os.path.join(d, "req"), os.path.join(d, "resp")
            with open(req, "wb") as f:
                f.write(der)
            subprocess.run(["openssl", "ocsp", "-index", index, "-CA", ca,
                            "-rsigner", signer, "-rkey", key, "-ndays", "1",
                            "-reqin", req, "-respout", resp],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            body = open(resp, "rb").read() if os.path.exists(resp) else b""
        self.send_response(200 if body else 500)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stdout.write("request %s\n" % (fmt % args))
        sys.stdout.flush()


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print("PORT", srv.server_address[1], flush=True)
srv.serve_forever()
