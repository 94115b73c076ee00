"""The build cache and parallel extraction: faster rebuilds, never different output."""

import json
import os
import shutil

import pytest
import yaml

from coprod.cli import main
from coprod.build.pipeline import collect_entries
from conftest import REPO, TEST_CONTENT, TODAY

ARTICLE = ("{title}\n\nThe Czech company Excalibur Army and Ukroboronprom will produce {thing} together at a new "
           "plant in the Czech Republic, the ministry in Prague said on Tuesday evening.\n")


def write_seeds(folder, count=3):
    for n in range(count):
        (folder / f"s{n:04d}.txt").write_text(ARTICLE.format(title=f"Czech shells deal number {n}", thing="shells"))


def build(tmp_path, seeds_dir, *extra, out="site"):
    """coprod build; options in ``extra`` (e.g. "--content", path) override the defaults."""
    return main(["build", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT), "--templates",
                 str(REPO / "templates"), "--out", str(tmp_path / out), *extra])


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# With the search index the staged site is complete and swapped in; without, a rebuild
# moves only the changed files into the site (output.py): both must behave the same.
COMMITS = pytest.mark.parametrize("search", [(), ("--no-search",)], ids=["swapped", "in place"])


@COMMITS
def test_an_unchanged_rebuild_rewrites_no_file(tmp_path, seeds_dir, capsys, search):
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir, *search)
    before = snapshot(tmp_path / "site")
    build(tmp_path, seeds_dir, *search)
    assert snapshot(tmp_path / "site") == before
    assert "(0 written," in capsys.readouterr().out.splitlines()[-1]


@COMMITS
def test_editing_one_seed_rewrites_only_what_shows_it(tmp_path, seeds_dir, search):
    write_seeds(seeds_dir, 30)
    build(tmp_path, seeds_dir, *search)
    before = snapshot(tmp_path / "site")
    (seeds_dir / "s0007.txt").write_text(ARTICLE.format(title="Czech shells deal number 7", thing="drones"))
    build(tmp_path, seeds_dir, *search)
    after = snapshot(tmp_path / "site")
    changed = {path for path in after if after[path] != before.get(path)}
    assert "entries/czech-shells-deal-number-7/index.html" in changed
    assert "categories/drones/index.html" in changed
    assert "entries/czech-shells-deal-number-8/index.html" not in changed
    assert len(changed) < len(after) / 4


@COMMITS
def test_a_deleted_seed_takes_its_page_with_it_and_the_rest_matches_a_fresh_build(tmp_path, seeds_dir, search):
    write_seeds(seeds_dir, 30)
    build(tmp_path, seeds_dir, *search)
    (seeds_dir / "s0007.txt").unlink()
    build(tmp_path, seeds_dir, *search)
    build(tmp_path, seeds_dir, *search, "--no-cache", out="fresh")
    rebuilt, fresh = snapshot(tmp_path / "site"), snapshot(tmp_path / "fresh")
    assert "entries/czech-shells-deal-number-7/index.html" not in rebuilt
    assert not (tmp_path / "site/entries/czech-shells-deal-number-7").exists()
    assert {k: v[0] for k, v in rebuilt.items()} == {k: v[0] for k, v in fresh.items()}


def test_unchanged_seeds_are_not_extracted_again(tmp_path, seeds_dir, project):
    from coprod.build.cache import BuildCache
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
    from coprod.build.cache import BuildCache
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
    data = yaml.safe_load(orgs.read_text())
    (partner,) = [p for p in data["partners"] if p["name"] == "Excalibur Army"]
    partner.update(name="Excalibur Army a.s.", aliases=["Excalibur Army"])
    orgs.write_text(yaml.safe_dump(data, allow_unicode=True))
    main(args)
    entry = json.loads((tmp_path / "site/data/entries.json").read_text())["entries"][0]
    assert "Excalibur Army a.s." in entry["partners"]


def test_parallel_extraction_and_rendering_give_the_same_site_as_serial(tmp_path, seeds_dir):
    write_seeds(seeds_dir, 240)
    build(tmp_path, seeds_dir, "--jobs", "1", "--no-cache", out="serial")
    build(tmp_path, seeds_dir, "--jobs", "2", "--no-cache", out="parallel")
    serial, parallel = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert {k: v[0] for k, v in serial.items()} == {k: v[0] for k, v in parallel.items()}


def test_related_entries_are_kept_for_the_same_signature_and_a_damaged_list_is_ignored(tmp_path):
    import sqlite3
    from coprod.build.cache import BuildCache
    cache = BuildCache(tmp_path / "cache")
    cache.store_related("signature", {"a.txt": ("b.txt",), "b.txt": ()})
    assert cache.related("signature") == {"a.txt": ("b.txt",), "b.txt": ()}
    assert cache.related("another signature") is None
    cache.close()
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite") as db:
        db.execute("""UPDATE related SET value = '{"a.txt": 5}'""")
    assert BuildCache(tmp_path / "cache").related("signature") is None


@COMMITS
def test_a_rebuild_that_reuses_related_entries_gives_the_same_site(tmp_path, seeds_dir, search):
    write_seeds(seeds_dir, 30)
    build(tmp_path, seeds_dir, *search)
    (seeds_dir / "s0007.txt").write_text(ARTICLE.format(title="Czech shells deal number 7", thing="shells") + "More.")
    build(tmp_path, seeds_dir, *search)  # the same dates and terms: the related lists are reused
    build(tmp_path, seeds_dir, *search, "--no-cache", out="fresh")
    assert {k: v[0] for k, v in snapshot(tmp_path / "site").items()} == \
        {k: v[0] for k, v in snapshot(tmp_path / "fresh").items()}


def fresh_and_rebuilt_match(tmp_path, seeds_dir, *extra):
    build(tmp_path, seeds_dir, *extra, "--no-cache", out="fresh")
    rebuilt, fresh = snapshot(tmp_path / "site"), snapshot(tmp_path / "fresh")
    return {k: v[0] for k, v in rebuilt.items()} == {k: v[0] for k, v in fresh.items()}


def test_edits_that_keep_dates_and_terms_rebuild_exactly_like_a_fresh_build(tmp_path, seeds_dir, content_copy):
    # Such edits take the shortcut of incremental.py: only pages showing the edited entry are looked at.
    write_seeds(seeds_dir, 45)
    args = ("--content", str(content_copy), "--no-search")
    build(tmp_path, seeds_dir, *args)
    seed = seeds_dir / "s0007.txt"
    seed.write_text(seed.read_text().replace("on Tuesday evening", "late on Tuesday"))  # the summary
    build(tmp_path, seeds_dir, *args)
    assert "late on Tuesday" in (tmp_path / "site/countries/cz/index.html").read_text()
    assert fresh_and_rebuilt_match(tmp_path, seeds_dir, *args)
    corrections = content_copy / "corrections"
    corrections.mkdir(exist_ok=True)
    (corrections / "s0020.yaml").write_text("url: https://example.org/corrected-by-the-editors\n")
    build(tmp_path, seeds_dir, *args)
    assert "corrected-by-the-editors" in (tmp_path / "site/entries/czech-shells-deal-number-20/index.html").read_text()
    assert fresh_and_rebuilt_match(tmp_path, seeds_dir, *args)


def test_a_template_change_reaches_every_page_on_a_rebuild(tmp_path, seeds_dir):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    write_seeds(seeds_dir, 5)
    args = ("--templates", str(templates), "--no-search")
    build(tmp_path, seeds_dir, *args)
    base = templates / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Changed footer</p></footer>"))
    build(tmp_path, seeds_dir, *args)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert pages and all("Changed footer" in p.read_text() for p in pages if p.name != "404.html")


def test_a_cache_with_the_right_stamp_but_other_columns_is_started_afresh(tmp_path, seeds_dir, capsys):
    import sqlite3
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    expected = {k: v[0] for k, v in snapshot(tmp_path / "site").items()}
    with sqlite3.connect(tmp_path / ".coprod-cache" / "cache.sqlite") as db:
        db.execute("DROP TABLE seeds")
        db.execute("CREATE TABLE seeds (name TEXT PRIMARY KEY, digest TEXT)")
        db.execute("INSERT INTO seeds VALUES ('s0000.txt', 'x')")
    assert build(tmp_path, seeds_dir) == 0
    assert {k: v[0] for k, v in snapshot(tmp_path / "site").items()} == expected


@pytest.mark.parametrize("damage", [
    "json_set(value, '$.countries', 'CZ')",
    "json_set(value, '$.title', 5)",
    "json_set(value, '$.source', json_array(1, 2))",
    "json_set(value, '$.evidence', json_array(json_array('a')))",
    "json_set(value, '$.date', json_array('2024-01-01', 5, null))",
    "5",
])
def test_a_cached_value_of_the_wrong_type_is_reported_once_and_ignored(tmp_path, seeds_dir, capsys, damage):
    import sqlite3
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    expected = {k: v[0] for k, v in snapshot(tmp_path / "site").items()}
    with sqlite3.connect(tmp_path / ".coprod-cache" / "cache.sqlite") as db:
        db.execute(f"UPDATE entries SET value = {damage}")
    capsys.readouterr()
    assert build(tmp_path, seeds_dir) == 0
    out = capsys.readouterr().out
    assert out.count("build cache: warning: damaged") == 1
    assert {k: v[0] for k, v in snapshot(tmp_path / "site").items()} == expected
    assert build(tmp_path, seeds_dir) == 0
    assert "damaged" not in capsys.readouterr().out


def test_a_damaged_record_of_the_last_build_is_ignored(tmp_path, seeds_dir, capsys):
    import sqlite3
    write_seeds(seeds_dir)
    build(tmp_path, seeds_dir)
    expected = {k: v[0] for k, v in snapshot(tmp_path / "site").items()}
    with sqlite3.connect(tmp_path / ".coprod-cache" / "cache.sqlite") as db:
        db.execute("UPDATE outputs SET seeds = 5")
        db.execute("UPDATE seeds SET size = 'big'")
    assert build(tmp_path, seeds_dir) == 0
    assert "build cache: warning: damaged" in capsys.readouterr().out
    assert {k: v[0] for k, v in snapshot(tmp_path / "site").items()} == expected
