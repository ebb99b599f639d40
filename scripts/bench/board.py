"""The crawler's fixture pages served as a local deal board, for the benchmarks.

Usage: board.py FIXTURES_DIR PORT
Serves list/page{N}.html at /bbs/qb_saleinfo?page=N and detail/{id}.html at
/bbs/qb_saleinfo/views/{id}, like the real board's URLs.
"""

import http.server
import os
import re
import sys
import urllib.parse

ROOT, PORT = sys.argv[1], int(sys.argv[2])


class Board(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        page = urllib.parse.parse_qs(url.query).get("page", ["1"])[0]
        detail = re.fullmatch(r"/bbs/qb_saleinfo/views/(\d+)", url.path)
        if url.path == "/bbs/qb_saleinfo" and page.isdigit():
            name = f"list/page{page}.html"
        elif detail:
            name = f"detail/{detail.group(1)}.html"
        else:
            name = None
        path = os.path.join(ROOT, name) if name else None
        if not path or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as page_file:
            body = page_file.read()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Board).serve_forever()
