#!/usr/bin/env python3
"""aia_server.py DIR: a hostile caIssuers server on 127.0.0.1 (ephemeral
port, printed as "port N" on the first line). Serves DIR's files, and:
  /redirect-https  302 to an https:// URL
  /redirect-file   302 to file:///etc/passwd
  /redirect-loop   302 to itself
  /trickle         200, then one byte every half second, forever"""
import http.server
import os
import sys
import time


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        host = "127.0.0.1:%d" % self.server.server_address[1]
        if self.path == "/redirect-https":
            return self.redirect("https://%s/int.der" % host)
        if self.path == "/redirect-file":
            return self.redirect("file:///etc/passwd")
        if self.path == "/redirect-loop":
            return self.redirect("http://%s/redirect-loop" % host)
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-cert")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"0")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                return
        return super().do_GET()


os.chdir(sys.argv[1])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
srv.daemon_threads = True
print("port %d" % srv.server_address[1], flush=True)
srv.serve_forever()
