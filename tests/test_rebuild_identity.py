"""A rebuild after any kind of change writes exactly the site a fresh build writes: from the
CLI with its cache (an incremental rebuild) and in `coprod serve`, which keeps entries, the
site model, templates and page records in memory and indexes search after the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coprod.build.serve import SiteBuilder
from coprod.cli import main
from conftest import REPO

BASE_URL = "http://127.0.0.1:8000/"
ARTICLE = """---
url: https://defence-daily.example/news/{n}
publisher: Defence Daily
published: 2024-0{month}-1{n}
---
{title}

The Czech company Excalibur Army and Ukroboronprom will produce {thing} together at a new plant in
the Czech Republic, the ministry in Prague said on Tuesday evening.

Production of the first batch is planned for next year, the partners said.
"""
THINGS = ["artillery shells", "drones", "armoured vehicles", "artillery shells", "air defence systems"]


def _seed(n: int, title: str | None = None, thing: str | None = None, publisher: str = "Defence Daily") -> str:
    text = ARTICLE.format(n=n, month=1 + n % 5, title=title or f"Czech and Ukrainian firms agree deal {n}",
                          thing=thing or THINGS[n % len(THINGS)])
    return text.replace("publisher: Defence Daily", f"publisher: {publisher}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each change: (what it does to the project, the file it changes).
def seed_text(root: Path) -> Path:
    path = root / "seeds" / "s2.txt"
    _replace(path, "the partners said.", "the partners said, and a second plant may follow.")
    return path


def seed_text_moves_it(root: Path) -> Path:  # a new title and category: its slug and terms change
    path = root / "seeds" / "s2.txt"
    path.write_text(_seed(2, title="Ukroboronprom and Excalibur Army to build drones", thing="drones"),
                    encoding="utf-8")
    return path


def seed_header(root: Path) -> Path:
    path = root / "seeds" / "s3.txt"
    _replace(path, "publisher: Defence Daily", "publisher: Kyiv Industry Review")
    return path


def new_seed(root: Path) -> Path:
    path = root / "seeds" / "s9.txt"
    path.write_text(_seed(9, title="A new plant for shells in Moravia"), encoding="utf-8")
    return path


def deleted_seed(root: Path) -> Path:
    path = root / "seeds" / "s1.txt"
    path.unlink()
    return path


def correction(root: Path) -> Path:
    path = root / "content" / "corrections" / "s1.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("title: Czech shells plant agreed with Ukraine\nadd: {categories: [artillery]}\n",
                    encoding="utf-8")
    return path


def taxonomy(root: Path) -> Path:
    path = root / "content" / "taxonomy" / "categories.yaml"
    _replace(path, "    name: Ammunition\n", "    name: Ammunition and shells\n")
    return path


def template(root: Path) -> Path:
    path = root / "templates" / "base.html"
    _replace(path, "</body>", "<!-- rebuilt --></body>")
    return path


def content_page(root: Path) -> Path:
    path = root / "content" / "pages" / "about.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA line the editors added.\n", encoding="utf-8")
    return path


CHANGES = [seed_text, seed_text_moves_it, seed_header, new_seed, deleted_seed, correction, taxonomy, template,
           content_page]
SEARCH = pytest.mark.parametrize("search", [True, False], ids=["search", "no search"])


@pytest.fixture
def project_root(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "seeds").mkdir()
    for n in range(6):
        (root / "seeds" / f"s{n}.txt").write_text(_seed(n), encoding="utf-8")
    return root


def _build(root: Path, out: Path, search: bool, *extra: str) -> None:
    code = main(["build", "--seeds", str(root / "seeds"), "--content", str(root / "content"), "--templates",
                 str(root / "templates"), "--out", str(out), "--base-url", BASE_URL,
                 *(() if search else ("--no-search",)), *extra])
    assert code == 0


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_site(got: Path, fresh: Path) -> None:
    got_files, fresh_files = _files(got), _files(fresh)
    assert sorted(got_files) == sorted(fresh_files)
    differ = [path for path in fresh_files if got_files[path] != fresh_files[path]]
    assert differ == []


@SEARCH
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_cli_rebuild_after_a_change_equals_a_fresh_build(tmp_path, project_root, change, search):
    site = tmp_path / "site"
    _build(project_root, site, search)
    change(project_root)
    _build(project_root, site, search)  # with the cache beside it: an incremental rebuild
    _build(project_root, tmp_path / "fresh", search, "--no-cache")
    _assert_same_site(site, tmp_path / "fresh")


def _served(project_root: Path, tmp_path: Path, search: bool) -> SiteBuilder:
    work = tmp_path / "serve-work"
    work.mkdir()
    root = project_root
    builder = SiteBuilder(root / "seeds", root / "content", root / "templates", work, BASE_URL, search=search)
    assert builder.build()
    return builder


def _settle(builder: SiteBuilder) -> None:
    """What the server's index thread does after a build that changed an entry page."""
    if builder.status()["search"] == "updating":
        assert builder.index_once(builder.pages_version, builder.root)
    assert builder.status()["search"] in ("current", "off") and builder.status()["ok"]


@SEARCH
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_serve_after_a_change_serves_what_a_fresh_build_writes(tmp_path, project_root, change, search):
    builder = _served(project_root, tmp_path, search)
    changed = change(project_root)
    assert builder.build({str(changed)})
    _settle(builder)
    _build(project_root, tmp_path / "fresh", search, "--no-cache")
    _assert_same_site(builder.root, tmp_path / "fresh")


def test_serve_keeps_up_over_a_series_of_edits(tmp_path, project_root):
    """Edits one after another, each on top of what the server kept from the last."""
    builder = _served(project_root, tmp_path, True)
    for number, change in enumerate(CHANGES):
        changed = change(project_root)
        assert builder.build({str(changed)})
        if number % 2:  # an edit before the index of the last one is made, too
            _settle(builder)
    _settle(builder)
    _build(project_root, tmp_path / "fresh", True, "--no-cache")
    _assert_same_site(builder.root, tmp_path / "fresh")


def test_serve_does_not_extract_unchanged_seeds_again_after_a_template_change(tmp_path, project_root,
                                                                              monkeypatch):
    builder = _served(project_root, tmp_path, False)
    extracted = []
    import coprod.build.pipeline as pipeline
    real = pipeline.extract_seed
    monkeypatch.setattr(pipeline, "extract_seed", lambda path, *a: extracted.append(path.name) or real(path, *a))
    assert builder.build({str(template(project_root))})
    assert builder.build({str(seed_text(project_root))})
    assert extracted == ["s2.txt"]


def test_serve_indexes_search_only_when_an_entry_page_changed(tmp_path, project_root):
    builder = _served(project_root, tmp_path, True)
    assert builder.build({str(content_page(project_root))})
    assert builder.status()["search"] == "current"  # no entry page changed: the index stands
    assert builder.build({str(seed_text(project_root))})
    assert builder.status()["search"] == "updating"
    _settle(builder)
