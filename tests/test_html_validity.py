"""Every generated HTML page passes the Nu HTML checker (vnu-jar from npm, run with the
machine's Java): the real site, its paginated build and the hostile build.

All pages of all builds are checked in one JVM start (the checker is slow to start).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from browser_support import require_tool
from hostile_site import hostile_build
from site_checks import ROOT, Built

pytestmark = pytest.mark.heavy

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page the checker must reject (a duplicate id): proves the checker runs and its report is read.
INVALID_PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>x</title></head>"
                "<body><p id=\"a\">one</p><p id=\"a\">two</p></body></html>")


def run_vnu(files: list[Path]) -> dict[str, list[str]]:
    """Check ``files`` in one JVM; errors per file (absolute path)."""
    require_tool("java", shutil.which("java"), "install a Java runtime (apt-get install default-jre-headless)")
    require_tool("the Nu HTML checker", VNU_JAR.is_file(), f"run `npm ci` in {ROOT} (package.json: vnu-jar)")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=900)
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML checker gave no JSON report (exit {result.returncode}): "
                    f"{(result.stderr or result.stdout)[:2000]}")
    errors = defaultdict(list)
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            where = message.get("url", "").removeprefix("file:")
            errors[where].append(f"line {message.get('lastLine')}: {message.get('message')} "
                                 f"[{message.get('extract', '').strip()[:80]}]")
    return dict(errors)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, site, large_site) -> dict[str, Built]:
    return {"main": site, "large": large_site,
            "hostile": hostile_build(tmp_path_factory)[0]}


@pytest.fixture(scope="module")
def report(builds, tmp_path_factory) -> dict:
    """One run of the checker over every HTML page of every build, plus one invalid page."""
    invalid = tmp_path_factory.mktemp("vnu") / "invalid.html"
    invalid.write_text(INVALID_PAGE, encoding="utf-8")
    files = [invalid] + [built.out / f for built in builds.values() for f in built.html_files()]
    return {"errors": run_vnu(files), "invalid": invalid, "checked": len(files)}


def errors_of(report: dict, built: Built) -> dict[str, list[str]]:
    root = str(built.out.resolve())
    return {Path(path).resolve().relative_to(root).as_posix(): messages
            for path, messages in report["errors"].items() if str(Path(path).resolve()).startswith(root + "/")}


def test_the_checker_rejects_an_invalid_page(report):
    messages = report["errors"].get(str(report["invalid"].resolve()), [])
    assert any("Duplicate ID" in m for m in messages), messages
    assert report["checked"] > 150


def test_every_page_of_the_site_is_valid_html(report, builds):
    assert len(builds["main"].html_files()) > 40
    assert errors_of(report, builds["main"]) == {}


def test_every_page_of_the_paginated_build_is_valid_html(report, builds):
    assert any("/page/" in f for f in builds["large"].html_files())
    assert errors_of(report, builds["large"]) == {}


def test_every_page_of_the_hostile_build_is_valid_html(report, builds):
    assert len(builds["hostile"].html_files()) > 40
    assert errors_of(report, builds["hostile"]) == {}
