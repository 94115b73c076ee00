"""Same input, same bytes, on any filesystem: the order in which a folder is listed, or in
which worker processes finish, never reaches the output (seeds, templates, static files,
staging, the search index)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from coprod.cli import main as coprod_main
from coprod.site.search import read_pf
from site_checks import BASE_URL, CONTENT, TEMPLATES, copy_seeds


def build(seeds: Path, out: Path, jobs: int = 1) -> int:
    return coprod_main(["build", "--seeds", str(seeds), "--content", str(CONTENT), "--templates", str(TEMPLATES),
                        "--out", str(out), "--base-url", BASE_URL, "--no-cache", "--jobs", str(jobs)])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    return copy_seeds(tmp_path_factory.mktemp("reproducible") / "seeds", generated=12)


@pytest.fixture(scope="module")
def reference(seeds, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "site"
    assert build(seeds, out) == 0
    return out


class Listing:
    """What os.scandir returns (an iterator and a context manager), in an order of our choosing."""

    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        pass


def test_the_search_index_numbers_the_pages_in_the_order_of_their_urls(reference):
    """Pagefind numbers pages in the order it reads them, and every index file holds those numbers;
    left to walk the folder itself, it took the filesystem's order (ext4's name hashes, tmpfs's
    newest first)."""
    bundle = reference / "pagefind"
    (info,) = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()
    pages = read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")[1]
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{page_hash}.pf_fragment").read_bytes())
                       [len(b"pagefind_dcd"):])["url"] for page_hash, _ in pages]
    assert len(urls) > 15
    assert urls == sorted(urls)


def test_folders_listed_in_reverse_give_the_same_site_byte_for_byte(seeds, reference, tmp_path, monkeypatch):
    real_scandir, real_listdir = os.scandir, os.listdir

    def scandir(path="."):
        with real_scandir(path) as found:
            return Listing(list(found)[::-1])

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path=".": real_listdir(path)[::-1])
    assert [p.name for p in seeds.iterdir()] == real_listdir(seeds)[::-1] != real_listdir(seeds)
    out = tmp_path / "site"
    assert build(seeds, out) == 0
    monkeypatch.undo()
    assert tree(out) == tree(reference)


def test_two_worker_processes_give_the_same_site_as_one(seeds, reference, tmp_path, monkeypatch):
    # Small as the input is, both extraction and rendering are spread over the workers.
    monkeypatch.setattr("coprod.build.pipeline.PARALLEL_MINIMUM", 1)
    monkeypatch.setattr("coprod.build.pipeline.BATCH_SIZE", 3)
    monkeypatch.setattr("coprod.site.tasks.PARALLEL_MINIMUM", 1)
    out = tmp_path / "site"
    assert build(seeds, out, jobs=2) == 0
    assert tree(out) == tree(reference)
