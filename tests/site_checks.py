"""Shared helpers for the site tests: build the real site once per test session, read it back.

Not a test module (no test_ prefix). The builds go through the real CLI
(`coprod build`) with the real content/ and templates/ and the real seeds, plus
the fixture seeds under tests/fixtures/seeds/ (a hostile one and an undated one).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

from coprod.cli import main as coprod_main
from coprod.build.output import MARKER

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
FIXTURE_SEEDS = ROOT / "tests" / "fixtures" / "seeds"
BASE_URL = "https://example.org/tracker/"  # served under a path prefix on purpose

HOSTILE_SEED = "hostile_markup.txt"
UNDATED_SEED = "undated_no_evidence.txt"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
GENERATED_COUNT = 55  # enough for three pages of one country and more than a feed's 50 items


def copy_seeds(dest: Path, generated: int = 0, fixtures: bool = True) -> Path:
    """The real seeds, the fixture seeds unless ``fixtures`` is False, and ``generated`` dated seeds about Slovakia."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in (SEEDS, FIXTURE_SEEDS) if fixtures else (SEEDS,):
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                shutil.copyfile(path, dest / path.name)
    for n in range(1, generated + 1):
        month, day = divmod(n - 1, 28)
        (dest / f"gen_{n:03d}.txt").write_text(
            "---\n"
            f"title: Slovak plant delivers ammunition batch {n} to Ukraine\n"
            f"published: 2023-{month + 1:02d}-{day + 1:02d}\n"
            "---\n"
            f"Slovak plant delivers ammunition batch {n} to Ukraine\n\n"
            "Ukraine and Slovakia continue the joint production of artillery ammunition at a plant in "
            f"Slovakia, with batch number {n} handed over to the Ukrainian army this week after acceptance tests.\n",
            encoding="utf-8")
    return dest


def run_build(seeds: Path, out: Path, base_url: str = BASE_URL) -> int:
    return coprod_main(["build", "--seeds", str(seeds), "--content", str(CONTENT), "--templates", str(TEMPLATES),
                        "--out", str(out), "--base-url", base_url])


@dataclass
class Built:
    out: Path
    seeds: Path
    base_url: str
    exit_code: int

    def read(self, relpath: str) -> str:
        return (self.out / relpath).read_text(encoding="utf-8-sig")  # the CSV files start with a BOM

    def exists(self, relpath: str) -> bool:
        return (self.out / relpath).is_file()

    def files(self) -> list[str]:
        """The site's files; its folder's list of them (output.MARKER) is the tool's, not the site's."""
        return sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()
                      and p.relative_to(self.out).as_posix() != MARKER)

    def html_files(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]

    def doc(self, relpath: str):
        return lxml.html.fromstring(self.read(relpath))

    def entries(self) -> list[dict]:
        return json.loads(self.read("data/entries.json"))["entries"]

    def entry(self, seed: str) -> dict:
        return next(e for e in self.entries() if e["seed"] == seed)

    def page_url(self, relpath: str) -> str:
        """The URL a file is served at: folder/index.html is served as folder/."""
        if relpath == "index.html" or relpath.endswith("/index.html"):
            relpath = relpath[: -len("index.html")]
        return self.base_url + relpath

    def file_for(self, url: str) -> str | None:
        """The file an absolute URL of this site is served from, or None if it is not under base_url."""
        if not url.startswith(self.base_url):
            return None
        path = urlsplit(url).path[len(urlsplit(self.base_url).path):]
        return path + "index.html" if path == "" or path.endswith("/") else path


def build_site(tmp_path_factory, name: str, generated: int = 0) -> Built:
    """Build the repository's seeds and content (plus ``generated`` seeds) into a fresh folder.
    Tests get it through the session fixtures ``site`` and ``large_site`` in conftest.py."""
    folder = tmp_path_factory.mktemp(f"build-{name}")
    seeds = copy_seeds(folder / "seeds", generated)
    out = folder / "site"
    code = run_build(seeds, out)
    return Built(out=out, seeds=seeds, base_url=BASE_URL, exit_code=code)


def links_of(doc) -> list[tuple[str, str, str]]:
    """Every (tag, attribute, value) of an href or src in a page."""
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in ("href", "src"):
            value = element.get(attr)
            if value is not None:
                found.append((element.tag, attr, value))
    return found


def resolve_link(built: Built, page_url: str, value: str) -> tuple[str | None, str]:
    """(file, fragment) a link of a page at ``page_url`` points to; file None for other sites."""
    target = urljoin(page_url, value)
    fragment = urlsplit(target).fragment
    target = target.split("#", 1)[0].split("?", 1)[0]
    parts, base = urlsplit(target), urlsplit(built.base_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None, fragment
    file = built.file_for(target)
    if file is None:
        return "<outside the base path: " + target + ">", fragment
    return file, fragment
