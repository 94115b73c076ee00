"""Bad input: one clear line naming the file, nothing lost, the others still build."""

import json

from coprod.cli import main
from conftest import REPO

GOOD = ("Danish drones\n\nA Danish firm will produce drones together with Ukrainian engineers at a new "
        "plant in Denmark, the ministry said on Monday.\n")


def build(tmp_path, seeds_dir, content=REPO / "content"):
    out = tmp_path / "site"
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(content), "--templates",
                 str(REPO / "templates"), "--out", str(out)])
    entries = json.loads((out / "data/entries.json").read_text())["entries"] if out.exists() else None
    return code, entries


def test_empty_file_is_reported_and_the_others_build(tmp_path, seeds_dir, capsys):
    (seeds_dir / "empty.txt").write_bytes(b"")
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    assert code == 1
    assert "empty.txt: error: empty file" in capsys.readouterr().err
    assert [e["seed"] for e in entries] == ["good.txt"]


def test_binary_file_is_reported(tmp_path, seeds_dir, capsys):
    (seeds_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    assert code == 1
    assert "photo.txt: error: binary file, not text" in capsys.readouterr().err
    assert len(entries) == 1


def test_invalid_utf8_is_read_with_replacement_and_a_warning(read, project, tmp_path):
    from coprod.reader import read_seed
    from conftest import TODAY
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD.replace("Danish", "D\xe9nish", 1).encode("latin-1"))
    article = read_seed(path, project.rules, TODAY)
    assert "\ufffd" in article.title
    assert any("invalid UTF-8" in p.message for p in article.problems)


def test_seed_without_a_title_line_still_gets_one(extract):
    entry = extract("\n\n" + GOOD.split("\n\n", 1)[1])
    assert entry.title.startswith("A Danish firm will produce drones")


def test_a_5_mb_seed_builds(tmp_path, seeds_dir):
    (seeds_dir / "huge.txt").write_text(GOOD + ("Ukrainian and Danish engineers produce drones together. " * 90000))
    code, entries = build(tmp_path, seeds_dir)
    assert (seeds_dir / "huge.txt").stat().st_size > 5_000_000
    assert code == 0 and entries[0]["countries"] == ["DK"]


def test_duplicate_titles_get_unique_stable_slugs(tmp_path, seeds_dir):
    for name in ("b.txt", "a.txt", "c.txt"):
        (seeds_dir / name).write_text(GOOD)
    _, entries = build(tmp_path, seeds_dir)
    slugs = {e["seed"]: e["slug"] for e in entries}
    assert slugs["a.txt"] == "danish-drones"
    assert len(set(slugs.values())) == 3
    (seeds_dir / "c.txt").unlink()
    _, again = build(tmp_path, seeds_dir)
    assert {e["seed"]: e["slug"] for e in again} == {k: v for k, v in slugs.items() if k != "c.txt"}


def test_malformed_correction_yaml_names_the_file_and_others_build(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (content_copy / "corrections").mkdir(exist_ok=True)
    (content_copy / "corrections" / "good.yaml").write_text("title: [unclosed\n")
    code, entries = build(tmp_path, seeds_dir, content_copy)
    line = [l for l in capsys.readouterr().err.splitlines() if "good.yaml" in l]
    assert code == 1 and len(entries) == 1
    assert len(line) == 1 and "malformed YAML at line" in line[0]


def test_malformed_taxonomy_stops_the_build_without_touching_the_site(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    code, _ = build(tmp_path, seeds_dir)
    before = (tmp_path / "site/data/entries.json").read_bytes()
    (content_copy / "taxonomy" / "countries.yaml").write_text("names: {CZ: [Czech\n")
    code, _ = build(tmp_path, seeds_dir, content_copy)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith(str(content_copy / "taxonomy" / "countries.yaml") + ": error: malformed YAML")
    assert (tmp_path / "site/data/entries.json").read_bytes() == before


def test_an_unquoted_yaml_boolean_in_a_phrase_list_is_refused(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    reader = content_copy / "reader.yaml"
    reader.write_text(reader.read_text().replace('"on", "at"', 'on, "at"'))
    code, _ = build(tmp_path, seeds_dir, content_copy)
    assert code == 2
    assert "date_labels: a bare yes/no/on/off is read as true/false by YAML; quote it" in capsys.readouterr().err
