"""The build cache and parallel extraction: faster rebuilds, never different output."""

import json
import os

from coprod.cli import main
from coprod.pipeline import collect_entries
from conftest import REPO, TODAY

ARTICLE = ("{title}\n\nThe Czech company Excalibur Army and Ukroboronprom will produce {thing} together at a new "
           "plant in the Czech Republic, the ministry in Prague said on Tuesday evening.\n")


def write_seeds(folder, count=3):
    for n in range(count):
        (folder / f"s{n:04d}.txt").write_text(ARTICLE.format(title=f"Czech shells deal number {n}", thing="shells"))


def build(tmp_path, seeds_dir, *extra, out="site"):
    return main(["build", "--seeds", str(seeds_dir), "--content", str(REPO / "content"), "--templates",
                 str(REPO / "templates"), "--out", str(tmp_path / out), *extra])


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unchanged_rebuild_rewrites_no_file(tmp_path, seeds_dir, capsys):
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    before = snapshot(tmp_path / "site")
    build(tmp_path, seeds_dir)
    assert snapshot(tmp_path / "site") == before
    assert "(0 written," in capsys.readouterr().out.splitlines()[-1]


def test_editing_one_seed_rewrites_only_what_shows_it(tmp_path, seeds_dir):
    write_seeds(seeds_dir, 30)
    build(tmp_path, seeds_dir)
    before = snapshot(tmp_path / "site")
    (seeds_dir / "s0007.txt").write_text(ARTICLE.format(title="Czech shells deal number 7", thing="drones"))
    build(tmp_path, seeds_dir)
    after = snapshot(tmp_path / "site")
    changed = {path for path in after if after[path] != before.get(path)}
    assert "entries/czech-shells-deal-number-7/index.html" in changed
    assert "categories/drones/index.html" in changed
    assert "entries/czech-shells-deal-number-8/index.html" not in changed
    assert len(changed) < len(after) / 4


def test_unchanged_seeds_are_not_extracted_again(tmp_path, seeds_dir, project):
    from coprod.cache import BuildCache
    write_seeds(seeds_dir, 5)
    cache = BuildCache(tmp_path / "cache")
    calls = []
    collect_entries(seeds_dir, project, TODAY, cache=cache, progress=lambda done, total: calls.append(total))
    (seeds_dir / "s0002.txt").write_text(ARTICLE.format(title="Changed title here", thing="drones"))
    calls.clear()
    entries, _ = collect_entries(seeds_dir, project, TODAY, cache=cache, progress=lambda d, t: calls.append(t))
    assert calls == [1]
    assert "Changed title here" in [e.title for e in entries]


def test_deleting_the_cache_gives_the_same_site(tmp_path, seeds_dir):
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    build(tmp_path, seeds_dir)
    cached = {k: v[0] for k, v in snapshot(tmp_path / "site").items()}
    build(tmp_path, seeds_dir, "--no-cache", out="fresh")
    assert {k: v[0] for k, v in snapshot(tmp_path / "fresh").items()} == cached


def test_a_corrupted_cache_is_ignored_with_a_warning(tmp_path, seeds_dir, capsys):
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    expected = {k: v[0] for k, v in snapshot(tmp_path / "site").items()}
    (tmp_path / ".coprod-cache" / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    for name in os.listdir(tmp_path / ".coprod-cache"):
        if name.endswith(("-wal", "-shm")):
            os.remove(tmp_path / ".coprod-cache" / name)
    assert build(tmp_path, seeds_dir) == 0
    assert "build cache unusable" in capsys.readouterr().out
    assert {k: v[0] for k, v in snapshot(tmp_path / "site").items()} == expected


def test_a_damaged_cached_entry_is_extracted_again(tmp_path, seeds_dir, project):
    import sqlite3
    from coprod.cache import BuildCache
    write_seeds(seeds_dir, 2)
    collect_entries(seeds_dir, project, TODAY, cache=BuildCache(tmp_path / "cache"))
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite") as db:
        db.execute("UPDATE entries SET value = '{\"seed\": 1}'")
    entries, _ = collect_entries(seeds_dir, project, TODAY, cache=BuildCache(tmp_path / "cache"))
    assert [e.countries for e in entries] == [("CZ",), ("CZ",)]


def test_a_taxonomy_change_invalidates_cached_entries(tmp_path, seeds_dir, content_copy):
    write_seeds(seeds_dir, 1)
    args = ["build", "--seeds", str(seeds_dir), "--content", str(content_copy), "--templates",
            str(REPO / "templates"), "--out", str(tmp_path / "site")]
    main(args)
    orgs = content_copy / "taxonomy" / "organisations.yaml"
    orgs.write_text(orgs.read_text().replace("  - name: Excalibur Army\n",
                                             "  - name: Excalibur Army a.s.\n    aliases: [Excalibur Army]\n"))
    main(args)
    entry = json.loads((tmp_path / "site/data/entries.json").read_text())["entries"][0]
    assert "Excalibur Army a.s." in entry["partners"]


def test_parallel_extraction_gives_the_same_site_as_serial(tmp_path, seeds_dir):
    write_seeds(seeds_dir, 240)
    build(tmp_path, seeds_dir, "--jobs", "1", "--no-cache", out="serial")
    build(tmp_path, seeds_dir, "--jobs", "2", "--no-cache", out="parallel")
    serial, parallel = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert {k: v[0] for k, v in serial.items()} == {k: v[0] for k, v in parallel.items()}
