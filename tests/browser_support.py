"""Helpers for tests that drive real clients against a built site.

Not a test module. Stable API, imported by several test files:

- ``serve_directory(path, prefix="", headers=None)``: a context manager that serves
  a folder over HTTP on 127.0.0.1 (an ephemeral port) from a background thread and
  yields its base URL, ending in ``/``. Like a static host it serves
  ``folder/index.html`` for ``folder/`` and answers 404 (never a listing) for a
  folder without one. ``prefix`` mounts the folder under a path ("tracker/" serves
  it at ``http://127.0.0.1:PORT/tracker/``, as a site built for a path prefix is
  served); ``headers`` are added to every response.
- ``launch_chromium(playwright, **kwargs)``: launches Debian's ``chromium`` through
  Playwright with ``executable_path`` (never ``playwright install``) and the flags
  that work headless, as root, on a closed network.
- ``chromium_path()``: the Chromium executable to use (``COPROD_CHROMIUM`` or
  ``chromium`` on PATH), or ``None``.
- ``require_tool(name, found, hint)``: fails the test with a clear message when the
  tool is missing and the ``CI`` environment variable is set; skips with that
  reason otherwise (a developer without the Debian packages sees why).
- ``chromium()``: a context manager yielding a launched Browser (starts and stops
  Playwright; needs the ``playwright`` package and Debian's ``chromium``).
- ``PageWatch(page)``: records what a visitor should never meet on a page: console
  errors, uncaught exceptions, failed requests, HTTP errors and dialogs (each
  dialog is dismissed). ``watch.problems()`` lists them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host, without logging every request to stderr."""

    prefix = "/"  # the URL path the folder is mounted at
    extra_headers: dict[str, str] = {}

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file" / "outside-the-prefix")
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path):
        self.send_error(404, "File not found")  # a static host shows no folder listings
        return None

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike, prefix: str = "",
                    headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``path`` on http://127.0.0.1:<free port>/<prefix> while the block runs; yield that URL."""
    folder = Path(path).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder to serve: {folder}")
    mount = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler_class = type("_Handler", (_QuietHandler,), {"prefix": mount, "extra_headers": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="serve-directory", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}{mount}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def chromium_path() -> str | None:
    """The Chromium executable: ``$COPROD_CHROMIUM``, else ``chromium`` on PATH."""
    configured = os.environ.get("COPROD_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_tool(name: str, found: object, hint: str) -> None:
    """Fail (under CI) or skip (elsewhere) with a clear reason when a tool is missing."""
    if found:
        return
    message = f"{name} is not available: {hint}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def launch_chromium(playwright, **kwargs):
    """Launch headless Debian Chromium through Playwright; returns the Browser.

    Extra keyword arguments go to ``playwright.chromium.launch``; ``args`` given there
    are added after the standard flags.
    """
    executable = chromium_path()
    require_tool("chromium", executable, "install Debian's `chromium` package (apt-get install chromium)")
    extra = list(kwargs.pop("args", []))
    return playwright.chromium.launch(
        executable_path=executable,
        headless=True,
        args=CHROMIUM_ARGS + extra,
        **kwargs,
    )


def require_module(name: str, hint: str):
    """Import and return a module, or fail (under CI) / skip with ``hint``."""
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        require_tool(f"the Python package {name!r}", None, hint)


@contextlib.contextmanager
def chromium(**kwargs):
    """Yield a headless Chromium Browser driven by Playwright; closed afterwards."""
    sync_api = require_module("playwright.sync_api", "pip install -e '.[test]' (never `playwright install`)")
    require_tool("chromium", chromium_path(), "install Debian's `chromium` package (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright, **kwargs)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Listens on a Playwright page for what a visitor should never meet."""

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.http_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} at {message.location.get('url', '')}")

    def _failed(self, request) -> None:
        # A load cut short by the next navigation (the favicon, fetched after the page) is not a failure;
        # a missing file is a 404 and shows in http_errors.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed_requests.append(f"{request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"uncaught exception: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed_requests]
                + [f"HTTP error: {m}" for m in self.http_errors]
                + [f"dialog opened: {m}" for m in self.dialogs])
