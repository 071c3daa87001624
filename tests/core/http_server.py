#!/usr/bin/env python3
"""Loopback HTTP server for the weight store's tests.

Serves the files of --root on 127.0.0.1, on a port the OS picks, which is printed as the first line of
stdout. Each request is appended to --log as one JSON line (path, Range header, status) before the answer
is sent, so a test can check what the client asked for.

A URL path is zero or more mode segments followed by a file name:
    /files/NAME        the file, honouring "Range: bytes=A-" and "bytes=A-B" (206, or 416 past the end)
    /slow/NAME         the same, in 32 KiB pieces 15 ms apart (for progress and cancel tests)
    /drop=N/NAME       closes the connection once byte offset N of the file is reached; a request that
                       starts at or after N gets the rest (so a resume completes)
    /norange/NAME      ignores Range: always 200 and the whole file
    /nolength/NAME     sends no Content-Length (the size is unknown until the connection closes)
    /corrupt/NAME      the file with one byte changed (same size, wrong SHA-256)
Modes combine ("/slow/drop=1000/NAME"). A name not in --root answers 404.

Bounded: the process exits after --lifetime seconds, and with --exit-on-stdin-eof when its stdin closes
(the test that started it has gone).
"""

import argparse
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse

CHUNK = 32 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection; the end of a body is the end of the stream
    server_version = "TlTestServer/1"

    def log_message(self, format, *args):  # keep stderr quiet; the JSON log says what happened
        pass

    def record(self, status):
        entry = {"path": self.path, "range": self.headers.get("Range"), "status": status}
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

    def send_plain(self, status, text, extra_headers=()):
        body = text.encode()
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        segments = [urllib.parse.unquote(s) for s in urllib.parse.urlsplit(self.path).path.split("/") if s]
        if not segments:
            self.send_plain(404, "no file named\n")
            return
        name, modes = segments[-1], segments[:-1]
        slow = "slow" in modes
        honour_range = "norange" not in modes
        send_length = "nolength" not in modes
        corrupt = "corrupt" in modes
        drop_at = None
        for mode in modes:
            if mode.startswith("drop="):
                drop_at = int(mode[5:])

        path = os.path.join(self.server.root, name)
        if "/" in name or name.startswith(".") or not os.path.isfile(path):
            self.send_plain(404, "no such file: %s\n" % name)
            return
        with open(path, "rb") as f:
            data = bytearray(f.read())
        if corrupt and data:
            data[len(data) // 2] ^= 0xFF
        size = len(data)

        start, end, status = 0, size - 1, 200
        range_header = self.headers.get("Range")
        if range_header and honour_range:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", range_header.strip())
            if not m:
                self.send_plain(416, "bad range\n", [("Content-Range", "bytes */%d" % size)])
                return
            start = int(m.group(1))
            if m.group(2):
                end = min(int(m.group(2)), size - 1)
            if start >= size or end < start:
                self.send_plain(416, "range not satisfiable\n", [("Content-Range", "bytes */%d" % size)])
                return
            status = 206

        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        if send_length:
            self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
        self.end_headers()

        position = start
        try:
            while position <= end:
                stop = min(position + CHUNK, end + 1)
                if drop_at is not None and position < drop_at <= stop:
                    stop = drop_at
                self.wfile.write(data[position:stop])
                self.wfile.flush()
                position = stop
                if drop_at is not None and position == drop_at and position <= end:
                    self.close_connection = True
                    self.connection.shutdown(2)  # SHUT_RDWR: the client sees the stream end early
                    return
                if slow:
                    time.sleep(0.015)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a cancelled download)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, help="folder whose files are served")
    parser.add_argument("--log", required=True, help="file that receives one JSON line per request")
    parser.add_argument("--lifetime", type=float, default=120.0, help="seconds before the server exits")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="exit when stdin is closed")
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root = os.path.abspath(args.root)
    server.log_path = args.log
    server.log_lock = threading.Lock()

    timer = threading.Timer(args.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    if args.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch_stdin, daemon=True).start()

    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
