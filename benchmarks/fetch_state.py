"""What `coprod fetch` pays to keep its state, by the number of items in a feed.

One feed of N items, served on 127.0.0.1, read with ``topic: all``; no item has a link,
so none is downloaded and each is stored on its own (as a failed item), the way every
added or duplicate item is. What is timed is the whole `fetch` of a fresh project
(a copy of content/, an empty seeds/): reading the feed, and storing N items.

    .venv/bin/python benchmarks/fetch_state.py                 # N = 1000, 4000
    .venv/bin/python benchmarks/fetch_state.py --sizes 200     # a smoke test
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from coprod.ingest.fetch import fetch
from coprod.ingest.net import HttpClient
from coprod.build.pipeline import load_project

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)


def feed(count: int) -> bytes:
    items = "".join(f"<item><title>Item {n}</title><guid isPermaLink='false'>item-{n}</guid>"
                    "<description>An item with no link.</description></item>" for n in range(count))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
            f"<link>http://bench.example/</link><description>d</description>{items}</channel></rss>").encode()


def serve(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(count: int) -> tuple[float, int]:
    """Seconds for one fetch of ``count`` items, and the bytes of the state it left."""
    server = serve(feed(count))
    with tempfile.TemporaryDirectory(prefix="coprod-fetch-bench-") as work:
        content, seeds = Path(work) / "content", Path(work) / "seeds"
        shutil.copytree(REPO / "content", content)
        seeds.mkdir()
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
        (content / "feeds.yaml").write_text(yaml.safe_dump({"feeds": [{"name": "Bench", "url": url,
                                                                        "topic": "all"}]}))
        project, _ = load_project(content)
        started = time.perf_counter()
        with HttpClient(timeout=10, retries=0, allow_private_addresses=True) as client, \
                contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            summary = fetch(project, content, seeds, client, today=TODAY, retrieved=TODAY, bar=False)
        seconds = time.perf_counter() - started
        assert len(summary.item_failures) == count, summary.line()
        state = sum(p.stat().st_size for p in content.iterdir() if p.name.startswith(".fetch-state"))
    server.shutdown()
    server.server_close()
    return seconds, state


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000], metavar="N")
    args = parser.parse_args(argv)
    print(f"{'items':>7} {'seconds':>9} {'ms/item':>8} {'state bytes':>12}")
    for count in args.sizes:
        seconds, state = run(count)
        print(f"{count:>7} {seconds:>9.2f} {seconds / count * 1000:>8.2f} {state:>12,}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
