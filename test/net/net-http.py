# SPDX-License-Identifier: BSD-3-Clause
# TAMAGO_NET=loopback from Python: http.server in a thread serves a page
# to urllib in the same process, over the sandbox's own loopback.
# Prints "net-http: ok". Read from stdin, so only the stdlib comes from
# the image.
import http.server
import threading
import urllib.request

BODY = b"hello from inside the sandbox\n"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
port = server.server_address[1]
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()
# No proxy from the environment: the page is inside.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open("http://127.0.0.1:%d/" % port, timeout=10) as page:
    got = page.read()
    assert page.status == 200, page.status
assert got == BODY, got
server.shutdown()
server.server_close()
print("net-http: ok")
