"""`coprod serve`: the editor's loop. Build, serve on 127.0.0.1, rebuild on change, reload the page.

- Each build goes through the same path as `coprod build` (load_project ->
  collect_entries -> write_site), into one private folder outside the project,
  never into site/; the server keeps what it learnt between builds (SiteBuilder),
  so a rebuild reads, extracts and renders only what the change touched, and moves
  only changed files into the served folder. With search, the index is made after
  the pages are served, when an entry page changed (``status`` says "updating").
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

import dataclasses
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
from typing import Callable, Iterable, TextIO
from urllib.parse import unquote, urlsplit

from coprod.build.builder import write_site, write_search_index
from coprod.build.cache import MemoryCache
from coprod.build.pipeline import Project, collect_entries, load_project, reference_date
from coprod.core.errors import CoprodError
from coprod.core.records import Problem
from coprod.core.userfiles import terminal_text
from coprod.correct.corrections import load_corrections
from coprod.site.search import make_index

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
    """Builds the site into one private folder and keeps what it learnt for the next build;
    thread-safe.

    Between builds it keeps the project (content/ is loaded again only when something in it
    changed, and only the corrections when only they did), every seed's entry by its name,
    size, time and content hash (cache.MemoryCache: an unchanged seed is neither read nor
    extracted again), the record of every output and what the pages showed (so only pages an
    edit can have changed are rendered, incremental.py). Each build goes through write_site like `coprod build`: into a staging folder,
    then only the files that changed are moved into the served folder.

    With ``search``, the pages are committed first and the search index is made after, by a
    thread of its own (``index_loop``), from the committed pages; only when an entry page
    changed, and its result is kept only if no build changed the site meanwhile, so the
    served folder always ends up as `coprod build` would write it."""

    def __init__(self, seeds: Path, content: Path, templates: Path, work_dir: Path, base_url: str,
                 out: TextIO | None = None, err: TextIO | None = None,
                 today: Callable[[], dt.date] = reference_date, search: bool = True, jobs: int = 1):
        self.seeds, self.content, self.templates = seeds, content, templates
        self.work_dir = work_dir
        self.base_url = base_url
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.today = today
        self.search = search
        self.jobs = jobs  # for the first build; later ones render a few pages, cheaper in this process
        self.site = work_dir / "site"
        self.root: Path | None = None  # the last good build, served
        self.errors: list[str] = []  # what went wrong in the last build (shown on every page)
        self.build_id = 0
        self.cache = MemoryCache()
        self._project: Project | None = None
        self._project_problems: list[Problem] = []
        self._lock = threading.Lock()
        # The search index: pages_version counts the builds that changed an entry page;
        # indexed_version is the one the index on disk was made from.
        self.pages_version = 0
        self.indexed_version = 0
        self._pages_seen: object = None
        self._index_wanted = threading.Condition(self._lock)
        self.index_errors: list[str] = []

    def build(self, changed: Iterable[str] | None = None) -> bool:
        """Build; ``changed`` names the files changed since the last build (None: anything may have)."""
        with self._lock:
            started = time.monotonic()
            errors: list[str] = []
            ok = False
            try:
                project, problems = self.project(changed)
                entries, seed_problems = collect_entries(self.seeds, project, self.today(), cache=self.cache,
                                                         jobs=self.jobs if self.root is None else 1)
                errors = [str(p) for p in problems + seed_problems if p.level == "error"]
                stats = write_site(entries, project, self.templates, self.site, self.cache, search=self.search,
                                   jobs=self.jobs if self.root is None else 1, inputs=self.inputs,
                                   index=self.root is None)
                ok = True
            except CoprodError as exc:
                errors = [str(exc)]
            except Exception as exc:  # a bug or an unexpected input must not stop the server
                errors = [f"build failed: {type(exc).__name__}: {exc}"]
            for line in errors:
                print(terminal_text(line), file=self.err, flush=True)
            if ok:
                self.note_pages(first=self.root is None)
                self.root = self.site
                print(f"built {len(entries)} entries in {time.monotonic() - started:.1f} s: {stats.files_written} "
                      f"files; {len(errors)} error(s)", file=self.out, flush=True)
            else:  # a failed build leaves the served folder as it was (output.py)
                print("build failed; still serving the last good site" if self.root else "build failed",
                      file=self.out, flush=True)
            self.errors = errors
            self.build_id += 1
            return ok

    @property
    def inputs(self) -> dict[str, Path]:
        return {"seeds": self.seeds, "content": self.content, "templates": self.templates}

    def project(self, changed: Iterable[str] | None) -> tuple[Project, list[Problem]]:
        """The project, loaded again only if something in content/ changed (only the
        corrections, if nothing else did)."""
        content = os.path.abspath(self.content)
        touched = None if changed is None else [os.path.abspath(p) for p in changed
                                                 if os.path.abspath(p).startswith(content + os.sep)]
        if self._project is not None and touched is not None:
            if not touched:
                return self._project, self._project_problems
            folder = os.path.join(content, "corrections") + os.sep
            if all(path.startswith(folder) for path in touched):
                corrections, problems = load_corrections(self.content, self._project.taxonomy)
                self._project = dataclasses.replace(self._project, corrections=corrections)
                self._project_problems = problems
                return self._project, problems
        self._project = None  # a failed load is tried again next time
        project, problems = load_project(self.content, self.base_url)
        self._project, self._project_problems = project, problems
        return project, problems

    # ------------------------------------------------------------ the search index

    def note_pages(self, first: bool) -> None:
        """After a good build: a new pages_version if an entry page changed (the lock is held)."""
        if not self.search:
            return
        seen = self.cache.indexed_pages()
        if first:
            self.indexed_version = self.pages_version  # the first build indexes at once
        elif seen != self._pages_seen:
            self.pages_version += 1
            self._index_wanted.notify_all()
        self._pages_seen = seen

    def index_loop(self, stop: threading.Event) -> None:
        """Make the search index whenever the entry pages changed, until ``stop`` is set."""
        while not stop.is_set():
            with self._lock:
                while self.indexed_version == self.pages_version and not stop.is_set():
                    self._index_wanted.wait(timeout=0.5)
                version, root = self.pages_version, self.root
            if stop.is_set() or root is None:
                return
            self.index_once(version, root)

    def index_once(self, version: int, root: Path) -> bool:
        """Index the committed pages of ``version``; kept only if no build changed them meanwhile."""
        started = time.monotonic()
        failure: str | None = None
        try:
            files = make_index(root)  # reads the pages as they are now: no lock held
        except CoprodError as exc:
            files, failure = None, str(exc)
        with self._lock:
            if version != self.pages_version:
                return False  # pages changed while Pagefind read them: index again
            if files is not None:
                try:
                    write_search_index(root, files, self.inputs)
                    failure = None
                except CoprodError as exc:
                    failure = str(exc)
            self.indexed_version = version
            self.index_errors = [failure] if failure else []
            if failure:
                print(terminal_text(failure), file=self.err, flush=True)
            else:
                print(f"search index updated in {time.monotonic() - started:.1f} s", file=self.out, flush=True)
            self.build_id += 1
            return failure is None

    def status(self) -> dict:
        errors = self.errors + self.index_errors
        return {"build": self.build_id, "ok": not errors, "errors": errors,
                "search": "off" if not self.search else
                          ("current" if self.indexed_version == self.pages_version else "updating")}


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
        builder.build({path for _, path in changes})
    ready.set()


def serve(seeds: Path, content: Path, templates: Path, port: int = 8000, *, out: TextIO | None = None,
          err: TextIO | None = None, search: bool = True, jobs: int = 1) -> int:
    """Build, serve and watch until interrupted. Returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    work_dir = Path(tempfile.mkdtemp(prefix="coprod-serve-"))
    stop = threading.Event()
    try:
        try:
            server = DevServer(port, SiteBuilder(seeds, content, templates, work_dir, "", out, err,
                                                  search=search, jobs=jobs))
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
            indexer = threading.Thread(target=builder.index_loop, args=(stop,), name="coprod-index", daemon=True)
            if builder.search:
                indexer.start()
            print(f"serving {builder.base_url} - watching {', '.join(str(f) for f in folders)}; "
                  "press Ctrl-C to stop", file=out, flush=True)
            try:
                server.serve_forever(poll_interval=0.25)
            except KeyboardInterrupt:
                pass
            finally:
                stop.set()
                for thread in (watcher, indexer):
                    if thread.is_alive():
                        thread.join(timeout=3)
        print("stopped", file=out, flush=True)
        return 0
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
