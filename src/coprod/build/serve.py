"""`coprod serve`: the editor's loop. Build, serve on 127.0.0.1, rebuild on change, reload the page.

- Each build goes through the same path as `coprod build` (load_project ->
  collect_entries -> write_site), into a private folder of its own outside the
  project, never into site/.
- seeds/, content/ and templates/ are watched (watchfiles); a change rebuilds.
  Hidden files (".fetch-state.db", editors' swap files) are not changes.
- The live-reload script is added by the server to each HTML page as it is sent
  (``<script src="/__coprod__/reload.js">`` before ``</body>``): it is in no file
  on disk, and never in `coprod build` output. It asks ``/__coprod__/status``
  once a second and reloads the page when the build number has changed.
- A broken edit (malformed YAML, a template error, an unreadable seed) is printed
  in the terminal and shown in a banner on every page, over the last good site;
  the server keeps running, and the next good build clears it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import mimetypes
import os
import shutil
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, TextIO
from urllib.parse import unquote, urlsplit

from coprod.build.builder import write_site
from coprod.core.errors import CoprodError
from coprod.build.pipeline import collect_entries, load_project, reference_date
from coprod.core.userfiles import terminal_text

HOST = "127.0.0.1"
STATUS_PATH = "/__coprod__/status"
SCRIPT_PATH = "/__coprod__/reload.js"
STYLE_PATH = "/__coprod__/serve.css"
RELOAD_MARKER = "data-coprod-live-reload"
# Served as files of their own (not inline), so a page's Content-Security-Policy of
# script-src/style-src 'self' still lets them run.
RELOAD_JS = (
    "(function () {\n"
    "  var seen = null;\n"
    "  function poll() {\n"
    f"    fetch('{STATUS_PATH}', {{cache: 'no-store'}}).then(function (r) {{ return r.json(); }})\n"
    "      .then(function (s) {\n"
    "        if (seen !== null && s.build !== seen) { location.reload(); return; }\n"
    "        seen = s.build; setTimeout(poll, 1000);\n"
    "      })\n"
    "      .catch(function () { setTimeout(poll, 2000); });  // server restarting: keep asking\n"
    "  }\n"
    "  poll();\n"
    "})();\n"
)
BANNER_CSS = (
    "#coprod-build-errors{position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;padding:.75em 1em;"
    "background:#8b0000;color:#fff;font:14px/1.4 system-ui,sans-serif;max-height:50vh;overflow:auto}"
    "#coprod-build-errors ul{margin:.4em 0 0;padding-left:1.2em}"
    "#coprod-build-errors li{white-space:pre-wrap;font-family:ui-monospace,monospace}\n"
)
ASSETS = {SCRIPT_PATH: ("text/javascript; charset=utf-8", RELOAD_JS.encode()),
          STYLE_PATH: ("text/css; charset=utf-8", BANNER_CSS.encode())}


class SiteBuilder:
    """Builds the site into numbered folders under a private work folder; thread-safe."""

    def __init__(self, seeds: Path, content: Path, templates: Path, work_dir: Path, base_url: str,
                 out: TextIO | None = None, err: TextIO | None = None,
                 today: Callable[[], dt.date] = reference_date):
        self.seeds, self.content, self.templates = seeds, content, templates
        self.work_dir = work_dir
        self.base_url = base_url
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.today = today
        self.root: Path | None = None  # the last good build, served
        self.errors: list[str] = []  # what went wrong in the last build (shown on every page)
        self.build_id = 0
        self._lock = threading.Lock()
        self._count = 0
        self._old: list[Path] = []

    def build(self) -> bool:
        with self._lock:
            started = time.monotonic()
            self._count += 1
            target = self.work_dir / f"site-{self._count}"
            errors: list[str] = []
            ok = False
            try:
                project, problems = load_project(self.content, self.base_url)
                entries, seed_problems = collect_entries(self.seeds, project, self.today())
                errors = [str(p) for p in problems + seed_problems if p.level == "error"]
                stats = write_site(entries, project, self.templates, target)
                ok = True
            except CoprodError as exc:
                errors = [str(exc)]
            except Exception as exc:  # a bug or an unexpected input must not stop the server
                errors = [f"build failed: {type(exc).__name__}: {exc}"]
            for line in errors:
                print(terminal_text(line), file=self.err, flush=True)
            if ok:
                previous, self.root = self.root, target
                if previous is not None:
                    self._old.append(previous)
                while len(self._old) > 1:  # keep one old build for requests still reading it
                    shutil.rmtree(self._old.pop(0), ignore_errors=True)
                print(f"built {len(entries)} entries in {time.monotonic() - started:.1f} s: {stats.files_written} "
                      f"files; {len(errors)} error(s)", file=self.out, flush=True)
            else:  # a failed build leaves nothing at target (output.py): nothing to clear
                print("build failed; still serving the last good site" if self.root else "build failed",
                      file=self.out, flush=True)
            self.errors = errors
            self.build_id += 1
            return ok

    def status(self) -> dict:
        return {"build": self.build_id, "ok": not self.errors, "errors": self.errors}


def inject(page: str, errors: list[str]) -> str:
    """The page with the live-reload script (and a banner listing ``errors``) before </body>."""
    addition = ""
    if errors:
        items = "".join(f"<li>{html.escape(e)}</li>" for e in errors[:20])
        more = f"<li>… and {len(errors) - 20} more</li>" if len(errors) > 20 else ""
        addition = (f'<link rel="stylesheet" href="{STYLE_PATH}" {RELOAD_MARKER}>'
                    f'<div id="coprod-build-errors" role="alert" {RELOAD_MARKER}>'
                    "<strong>coprod serve: the last build failed.</strong> This page shows the last good build."
                    f"<ul>{items}{more}</ul></div>")
    addition += f'<script src="{SCRIPT_PATH}" {RELOAD_MARKER}></script>'
    at = page.lower().rfind("</body>")
    return page[:at] + addition + page[at:] if at >= 0 else page + addition


def error_page(errors: list[str]) -> str:
    return inject("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>"
                  "</head><body><p style=\"margin-top:8em\">There is no good build to show yet.</p></body></html>",
                  errors or ["no build yet"])


class Handler(SimpleHTTPRequestHandler):
    """Serves the builder's current folder; adds the live-reload script to HTML."""

    server: "DevServer"

    def do_GET(self):
        self._respond(send_body=True)

    def do_HEAD(self):
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        builder = self.server.builder
        if not self.server.answers_for(self.headers.get("Host")):
            # DNS rebinding: a page on another site whose name now points at 127.0.0.1 must not read this one
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8",
                              f"this server answers only for {' and '.join(self.server.hosts)}\n".encode(), send_body)
        path = unquote(urlsplit(self.path).path)
        if path == STATUS_PATH:
            return self._send(HTTPStatus.OK, "application/json", json.dumps(builder.status()).encode(), send_body)
        if path in ASSETS:
            return self._send(HTTPStatus.OK, *ASSETS[path], send_body)
        root = builder.root
        if root is None:
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8",
                              error_page(builder.errors).encode("utf-8"), send_body)
        self.directory = str(root)
        file = Path(self.translate_path(self.path))
        try:
            is_dir = file.is_dir()
            if is_dir and path.endswith("/"):
                file = file / "index.html"
            found = file.is_file()
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte: no such page
            is_dir, found = False, False
        if is_dir and not path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", urlsplit(self.path).path + "/")  # as sent: still percent-encoded
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if not found:
            status, file = HTTPStatus.NOT_FOUND, root / "404.html"
            if not file.is_file():
                return self._send(status, "text/plain; charset=utf-8", b"not found\n", send_body)
        try:
            data = file.read_bytes()
        except OSError:  # the folder was swapped for a newer build while we read
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"rebuilding\n", send_body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data.decode("utf-8", errors="replace"), builder.errors).encode("utf-8")
            kind = "text/html; charset=utf-8"
        elif kind.startswith("text/") or kind in ("application/xml", "application/json", "application/javascript"):
            kind += "; charset=utf-8"
        self._send(status, kind, data, send_body)

    def _send(self, status, content_type: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def log_message(self, format, *args):  # "format": the base class names it so
        pass  # no access log: the terminal shows builds and errors


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, builder: SiteBuilder):
        super().__init__((HOST, port), Handler)
        self.builder = builder

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def hosts(self) -> tuple[str, ...]:
        """The Host headers this server answers: its own address and localhost, with its port."""
        bound = self.server_address[0]  # an IPv4 address: text, not bytes (that is AF_UNIX)
        bound_name = bound.decode() if isinstance(bound, bytes) else bound
        return tuple(dict.fromkeys(f"{name}:{self.port}" for name in (HOST, bound_name, "localhost")))

    def answers_for(self, host: str | None) -> bool:
        """True for a Host header naming this server (a browser leaves out port 80)."""
        if host is None:
            return False
        host = host.strip().lower()
        return host in self.hosts or (self.port == 80 and f"{host}:80" in self.hosts)


def _watch_filter():
    from watchfiles import DefaultFilter

    class Filter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            name = os.path.basename(path)
            if name.startswith(".") or name.endswith(("~", ".tmp", ".swp", ".swx")):
                return False
            return super().__call__(change, path)

    return Filter()



def changes_line(names: set[str]) -> str:
    """The terminal line saying which files changed: names escaped (a file name may hold an
    escape sequence), at most five of them."""
    shown = sorted(names)
    return terminal_text(f"changed: {', '.join(shown[:5])}" + (f" and {len(shown) - 5} more" if len(shown) > 5 else ""))

def watch(builder: SiteBuilder, folders: list[Path], stop: threading.Event, ready: threading.Event) -> None:
    """Rebuild whenever something in ``folders`` changes, until ``stop`` is set.
    ``ready`` is set once the folders are being watched."""
    from watchfiles import watch as watch_changes

    for changes in watch_changes(*folders, watch_filter=_watch_filter(), debounce=300, step=50,
                                 stop_event=stop, raise_interrupt=False, ignore_permission_denied=True,
                                 rust_timeout=250, yield_on_timeout=True):
        ready.set()  # the first (empty) yield comes once the watch is in place
        if stop.is_set():
            break
        if not changes:
            continue
        print(changes_line({os.path.relpath(path) for _, path in changes}), file=builder.out, flush=True)
        builder.build()
    ready.set()


def serve(seeds: Path, content: Path, templates: Path, port: int = 8000, *, out: TextIO | None = None,
          err: TextIO | None = None) -> int:
    """Build, serve and watch until interrupted. Returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    work_dir = Path(tempfile.mkdtemp(prefix="coprod-serve-"))
    stop = threading.Event()
    try:
        try:
            server = DevServer(port, SiteBuilder(seeds, content, templates, work_dir, "", out, err))
        except OSError as exc:
            print(f"{HOST}:{port}: error: cannot listen: {exc.strerror or exc} (choose another port with --port)",
                  file=err, flush=True)
            return 2
        builder = server.builder
        builder.base_url = f"http://{HOST}:{server.port}/"
        with server:
            folders = [f for f in (seeds, content, templates) if f.is_dir()]
            for missing in sorted({seeds, content, templates} - set(folders)):
                print(f"{missing}: warning: not a folder; not watched", file=err, flush=True)
            ready = threading.Event()
            watcher = threading.Thread(target=watch, args=(builder, folders, stop, ready), name="coprod-watch",
                                       daemon=True)
            if folders:
                watcher.start()
                ready.wait(timeout=10)  # watch first, so no edit made from now on is missed
            builder.build()
            print(f"serving {builder.base_url} - watching {', '.join(str(f) for f in folders)}; "
                  "press Ctrl-C to stop", file=out, flush=True)
            try:
                server.serve_forever(poll_interval=0.25)
            except KeyboardInterrupt:
                pass
            finally:
                stop.set()
                if watcher.is_alive():
                    watcher.join(timeout=3)
        print("stopped", file=out, flush=True)
        return 0
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
