"""`coprod serve`, run as a real process on 127.0.0.1 over a private copy of content/ and
templates/ and a seeds/ folder of its own: it rebuilds on change, the open page reloads,
a broken edit is shown and the server keeps going, and `build` output never has the script."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import REPO, TEST_CONTENT

MARKER = "data-coprod-live-reload"
SEED = """---
url: https://defence-daily.example/news/czech-shells
publisher: Defence Daily
published: 2024-05-10
retrieved: 2024-05-11
---
{title}

The Czechoslovak Group will produce 155 mm artillery shells together with Ukrainian partners at a new joint
venture plant in western Ukraine, the company said on Friday.
"""
FIRST_TITLE = "Czech firm to make artillery shells in Ukraine"
NEW_TITLE = "Czech group doubles its shell output in Ukraine"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


def poll(what, timeout: float = 15.0, every: float = 0.2):
    """``what()`` until it is truthy (returned), or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what.__doc__ or what}", pytrace=False)
        time.sleep(every)


class Served:
    def __init__(self, root, process):
        self.root = root
        self.process = process
        self.out: list[str] = []
        self.err: list[str] = []
        self.lines: queue.Queue = queue.Queue()
        for stream, sink in ((process.stdout, self.out), (process.stderr, self.err)):
            threading.Thread(target=self._drain, args=(stream, sink), daemon=True).start()
        self.url = self._wait_for_url()

    def _drain(self, stream, sink):
        for line in stream:
            sink.append(line.rstrip("\n"))
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            match = re.match(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if match:
                return match.group(1)
        pytest.fail(f"coprod serve did not start:\n{chr(10).join(self.out + self.err)}", pytrace=False)

    def page(self, path: str = "") -> str:
        status, body = get(self.url + path)
        assert status == 200, (status, body[:300])
        return body

    def status(self) -> dict:
        return json.loads(get(self.url + "__coprod__/status")[1])


@contextlib.contextmanager
def serving(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(TEST_CONTENT, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "seeds").mkdir()
    (root / "seeds" / "czech-shells.txt").write_text(SEED.format(title=FIRST_TITLE), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "coprod.cli", "serve", "--port", "0"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        yield Served(root, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_changed_seed_title_appears_in_the_served_page(tmp_path):
    with serving(tmp_path) as served:
        assert FIRST_TITLE in served.page()
        (served.root / "seeds" / "czech-shells.txt").write_text(SEED.format(title=NEW_TITLE), encoding="utf-8")
        poll(lambda: NEW_TITLE in served.page())
        assert FIRST_TITLE not in served.page()


def test_the_build_number_the_page_watches_changes_after_a_rebuild(tmp_path):
    with serving(tmp_path) as served:
        before = served.status()["build"]
        (served.root / "seeds" / "another.txt").write_text(SEED.format(title=NEW_TITLE), encoding="utf-8")
        after = poll(lambda: served.status()["build"] > before and served.status())
        assert after["ok"] and after["errors"] == []


def test_reload_script_is_only_in_pages_served_by_serve(tmp_path):
    with serving(tmp_path) as served:
        home = served.page()
        assert f'<script src="/__coprod__/reload.js" {MARKER}></script></body>' in home
        assert "location.reload()" in served.page("__coprod__/reload.js")
        assert MARKER not in served.page("data/entries.json")
        out = tmp_path / "built"
        done = subprocess.run([sys.executable, "-m", "coprod.cli", "build", "--out", str(out)], cwd=served.root,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        pages = list(out.rglob("*.html"))
        assert pages and not [p for p in pages if MARKER in p.read_text(encoding="utf-8")
                              or "__coprod__" in p.read_text(encoding="utf-8")]
    assert not (served.root / "site").exists()  # serve wrote nothing into the project


def test_broken_edit_is_shown_on_the_page_and_in_the_terminal_and_the_server_keeps_going(tmp_path):
    with serving(tmp_path) as served:
        settings = served.root / "content" / "site.yaml"
        good = settings.read_text(encoding="utf-8")
        settings.write_text(good + "\ntitle: [unclosed\n", encoding="utf-8")
        page = poll(lambda: (lambda body: "coprod-build-errors" in body and body)(served.page()))
        assert "site.yaml: error: malformed YAML" in page
        assert FIRST_TITLE in page  # the last good site, still served
        assert any("site.yaml: error: malformed YAML" in line for line in served.err)
        settings.write_text(good, encoding="utf-8")
        poll(lambda: "coprod-build-errors" not in served.page())
        assert served.process.poll() is None


@pytest.mark.heavy  # drives Chromium
def test_open_page_reloads_itself_after_a_rebuild(tmp_path):
    from browser_support import chromium

    with serving(tmp_path) as served, chromium() as browser:
        page = browser.new_page()
        page.goto(served.url)
        assert FIRST_TITLE in page.content()
        page.evaluate("window.__notReloaded = true")
        (served.root / "seeds" / "czech-shells.txt").write_text(SEED.format(title=NEW_TITLE), encoding="utf-8")
        page.wait_for_function(f"document.body.innerText.includes({json.dumps(NEW_TITLE)})", timeout=15000)
        assert page.evaluate("window.__notReloaded === undefined")  # a new page, not a patched one


@contextlib.contextmanager
def dev_server(tmp_path):
    """The real DevServer on 127.0.0.1 in this process, serving a finished folder (no build needed)."""
    from coprod.build.serve import DevServer, SiteBuilder

    root = tmp_path / "site-1"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><html><body><p>home</p></body></html>", encoding="utf-8")
    (root / "404.html").write_text("<!doctype html><html><body><p>no such page</p></body></html>",
                                   encoding="utf-8")
    builder = SiteBuilder(tmp_path / "seeds", tmp_path / "content", tmp_path / "templates", tmp_path, "")
    builder.root = root
    server = DevServer(0, builder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def raw_get(port: int, path: str, host: str | None) -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


@pytest.mark.parametrize("name", ["a" * 256, "a" * 5000, "x%00y", "a" * 300 + "/index.html", "b/" + "c" * 400 + "/"])
def test_a_path_the_file_system_cannot_hold_is_a_clean_404(tmp_path, name):
    with dev_server(tmp_path) as server:
        status, body = raw_get(server.port, "/" + name, f"127.0.0.1:{server.port}")
        assert status == 404 and "no such page" in body
        assert raw_get(server.port, "/", f"127.0.0.1:{server.port}")[0] == 200  # and the server goes on


def test_only_this_servers_own_host_names_are_answered(tmp_path):
    with dev_server(tmp_path) as server:
        port = server.port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            assert raw_get(port, "/", host) == (200, raw_get(port, "/", f"127.0.0.1:{port}")[1]), host
        # DNS rebinding: evil.example resolved to 127.0.0.1 must not let its page read this one
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "127.0.0.1", f"localhost.:{port}",
                     f"127.0.0.1:{port}@evil.example", None):
            status, body = raw_get(port, "/", host)
            assert status == 421 and "home" not in body, host
        assert raw_get(port, "/__coprod__/status", "evil.example")[0] == 421


def test_a_folder_asked_without_its_slash_is_redirected_to_it(tmp_path):
    import http.client

    with dev_server(tmp_path) as server:
        folder = server.builder.root / "entries" / "caf\u00e9"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("<!doctype html><html><body>cafe</body></html>", encoding="utf-8")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/entries/caf%C3%A9")
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/entries/caf%C3%A9/")
        connection.close()
        assert raw_get(server.port, "/entries/caf%C3%A9/", f"localhost:{server.port}")[0] == 200


def test_serve_outside_the_project_folder_says_where_it_looked_and_does_not_start(tmp_path):
    done = subprocess.run([sys.executable, "-m", "coprod.cli", "serve", "--port", "0"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "serving" not in done.stdout
    assert done.stderr.strip().splitlines() == [
        f"error: no content folder at {tmp_path / 'content'}: run coprod in the project folder or pass --content DIR"]


def test_the_changed_files_line_escapes_control_characters_in_names():
    from coprod.build.serve import changes_line
    line = changes_line({"seeds/\x1b[2Jclear.txt", "seeds/b\u202etxt.exe"})
    assert "\x1b" not in line and "\u202e" not in line
    assert line == "changed: seeds/\\x1b[2Jclear.txt, seeds/b\\u202etxt.exe"


def test_the_changed_files_line_names_five_and_counts_the_rest():
    from coprod.build.serve import changes_line
    assert changes_line({f"seeds/{n}.txt" for n in range(7)}) == (
        "changed: seeds/0.txt, seeds/1.txt, seeds/2.txt, seeds/3.txt, seeds/4.txt and 2 more")
