"""linkchecker (Debian's) over the whole built site, served on 127.0.0.1 under its path
prefix: no broken link and no broken anchor, on the real site, the paginated build
and the hostile build.

linkchecker starts from every HTML page (so a page no link reaches is checked too),
follows every link inside the site and checks anchors (its AnchorCheck plugin).
Links to other sites (feeds' and canonical absolute URLs, sources) are not fetched:
the machine has no network.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from browser_support import require_tool, serve_directory
from hostile_site import hostile_build
from site_checks import Built

pytestmark = pytest.mark.heavy

PREFIX = "tracker/"
# linkchecker waits between requests to one host unless the server allows more with a
# "LinkChecker" response header; the local test server sends it.
CONFIG = """[checking]
maxrequestspersecond=1000
threads=10
[filtering]
checkextern=0
[AnchorCheck]
"""


def linkcheck(built: Built, tmp_path) -> tuple[list[dict], list[dict]]:
    """(problems, rows): every row linkchecker reports as invalid or with a warning, and all rows."""
    require_tool("linkchecker", shutil.which("linkchecker"), "install Debian's `linkchecker` package")
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    config.chmod(0o644)
    with serve_directory(built.out, prefix=PREFIX, headers={"LinkChecker": "allow"}) as base:
        start = [base + built.page_url(f)[len(built.base_url):] for f in built.html_files()]
        result = subprocess.run(["linkchecker", "--config", str(config), "--no-status", "--verbose",
                                 "--output", "csv", *start], capture_output=True, text=True, timeout=900)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, f"linkchecker reported nothing (exit {result.returncode}): {result.stderr[-2000:]}"
    problems = [{"url": r["url"], "parent": r["parentname"], "result": r["result"], "warning": r["warningstring"]}
                for r in rows if r["valid"] != "True" or r["warningstring"]]
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return problems, rows


def checked_pages(rows: list[dict]) -> set[str]:
    return {r["url"].split("#")[0] for r in rows if r["valid"] == "True"}


def test_linkchecker_finds_a_broken_link_and_a_broken_anchor(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<!DOCTYPE html><html lang="en"><title>t</title><a href="a/#here">ok</a> '
                                     '<a href="a/#nowhere">bad anchor</a> <a href="missing/">gone</a>',
                                     encoding="utf-8")
    (site / "a" / "index.html").write_text('<!DOCTYPE html><html lang="en"><title>a</title><p id="here">a</p>',
                                           encoding="utf-8")
    built = Built(out=site, seeds=site, base_url="https://example.org/tracker/", exit_code=0)
    problems, _ = linkcheck(built, tmp_path)
    assert {p["url"].rsplit("/tracker/", 1)[1] for p in problems} == {"a/#nowhere", "missing/"}


def test_the_site_has_no_broken_link_or_anchor(site, tmp_path):
    problems, rows = linkcheck(site, tmp_path)
    assert problems == []
    assert len(checked_pages(rows)) >= len(site.html_files())
    assert any(r["url"].endswith("static/style.css") for r in rows)


def test_the_paginated_build_has_no_broken_link_or_anchor(large_site, tmp_path):
    problems, rows = linkcheck(large_site, tmp_path)
    assert problems == []
    assert any("/page/3/" in url for url in checked_pages(rows))


def test_the_hostile_build_has_no_broken_link_or_anchor(tmp_path_factory, tmp_path):
    hostile = hostile_build(tmp_path_factory)[0]
    problems, rows = linkcheck(hostile, tmp_path)
    assert problems == []
    assert any("/partners/" in url for url in checked_pages(rows))
