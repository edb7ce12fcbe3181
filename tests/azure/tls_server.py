#!/usr/bin/python3
"""A minimal HTTPS stand-in for the login authority and ARM, for the TLS
test of the ARM client (tests/azure/arm_tls.c): tokens on POST, a managed
environment on GET, and GET /_connections counts accepted TCP connections
(so the test can see kept-alive connections being reused).

Usage: tls_server.py PORT_FILE CERT KEY"""

import http.server
import json
import os
import ssl
import sys
import threading

connections = 0
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        global connections
        with lock:
            connections += 1
        super().setup()

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.reply(200, {"token_type": "Bearer", "expires_in": 3600, "access_token": "tls-token"})

    def do_GET(self):
        if self.path == "/_connections":
            with lock:
                self.reply(200, {"connections": connections})
            return
        if self.headers.get("Authorization") != "Bearer tls-token":
            self.reply(401, {"error": {"code": "AuthenticationFailed", "message": "no token"}})
            return
        self.reply(200, {"name": "env", "properties": {"provisioningState": "Succeeded"}})

    def log_message(self, *args):
        pass


def main():
    port_file, cert, key = sys.argv[1:4]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
