"""Bad input: one clear line naming the file, nothing lost, the others still build."""

import json

from coprod.cli import main
from conftest import REPO, TEST_CONTENT

GOOD = ("Danish drones\n\nA Danish firm will produce drones together with Ukrainian engineers at a new "
        "plant in Denmark, the ministry said on Monday.\n")


def build(tmp_path, seeds_dir, content=TEST_CONTENT):
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
    from coprod.read.reader import read_seed
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
    line = [text for text in capsys.readouterr().err.splitlines() if "good.yaml" in text]
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
    reader.write_text(reader.read_text().replace("date_labels: [", "date_labels: [on, "))
    code, _ = build(tmp_path, seeds_dir, content_copy)
    assert code == 2
    assert "date_labels: a bare yes/no/on/off is read as true/false by YAML; quote it" in capsys.readouterr().err


# ---------------------------------------------------------------- hostile files in seeds/

import os  # noqa: E402
import time  # noqa: E402

import feedparser  # noqa: E402
import pytest  # noqa: E402

SECRET = "Secret ledger of the machine owner\n\nNobody outside this machine should ever read this line of text at all.\n"


def site_text(tmp_path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted((tmp_path / "site").rglob("*"))
                     if p.is_file())


def test_a_link_to_a_file_outside_seeds_is_named_skipped_and_never_published(tmp_path, seeds_dir, capsys):
    (tmp_path / "private.txt").write_text(SECRET)
    (seeds_dir / "passwd.txt").symlink_to(tmp_path / "private.txt")
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    err = capsys.readouterr().err
    assert code == 1 and [e["seed"] for e in entries] == ["good.txt"]
    assert f"{seeds_dir / 'passwd.txt'}: error: a symbolic link" in err
    assert "Secret ledger" not in site_text(tmp_path)


def test_a_link_into_seeds_itself_is_skipped_too(tmp_path, seeds_dir, capsys):
    """Links are never followed, even to another seed: the seed is there once already."""
    (seeds_dir / "good.txt").write_text(GOOD)
    (seeds_dir / "again.txt").symlink_to("good.txt")
    code, entries = build(tmp_path, seeds_dir)
    assert code == 1 and [e["seed"] for e in entries] == ["good.txt"]
    assert "again.txt: error: a symbolic link" in capsys.readouterr().err


def test_a_link_loop_and_a_pipe_are_reported_and_the_others_build(tmp_path, seeds_dir, capsys):
    (seeds_dir / "self.txt").symlink_to("self.txt")
    os.mkfifo(seeds_dir / "pipe.txt")  # reading it would block the build for ever
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    err = capsys.readouterr().err
    assert code == 1 and [e["seed"] for e in entries] == ["good.txt"]
    assert "self.txt: error: a symbolic link" in err
    assert "pipe.txt: error: not a regular file" in err


def test_check_reports_links_as_build_does(tmp_path, seeds_dir, capsys):
    (seeds_dir / "self.txt").symlink_to("self.txt")
    (seeds_dir / "good.txt").write_text(GOOD)
    code = main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    assert code == 1 and "self.txt: error: a symbolic link" in capsys.readouterr().out


def test_the_duplicate_index_lists_seeds_as_the_build_does(tmp_path, seeds_dir, project):
    from coprod.ingest.dedupe import SeedIndex
    from conftest import TODAY
    (tmp_path / "private.txt").write_text(SECRET)
    (seeds_dir / "secret.txt").symlink_to(tmp_path / "private.txt")
    (seeds_dir / "good.txt").write_text(GOOD)
    index = SeedIndex.of_folder(seeds_dir, project.rules, TODAY, cache=tmp_path / "index.json")
    assert sorted(index._seeds) == ["good.txt"]


def test_a_linked_correction_or_page_is_refused_by_name(tmp_path, seeds_dir, content_copy, capsys):
    (tmp_path / "private.yaml").write_text("title: Secret ledger\n")
    (seeds_dir / "good.txt").write_text(GOOD)
    (content_copy / "corrections" / "good.yaml").symlink_to(tmp_path / "private.yaml")
    code, entries = build(tmp_path, seeds_dir, content_copy)
    assert code == 1 and entries[0]["title"] == "Danish drones"
    assert "good.yaml: error: a symbolic link" in capsys.readouterr().err
    (content_copy / "pages" / "ledger.md").symlink_to(tmp_path / "private.yaml")
    code, _ = build(tmp_path, seeds_dir, content_copy)
    assert code == 2 and "ledger.md: error: a symbolic link" in capsys.readouterr().err


CONTROLS = ["\x0b", "\x0c", "\x1b", "\x01", "\x08", "\ufffe", "\x7f", "\x85", "\U0010ffff"]


@pytest.mark.parametrize("char", CONTROLS, ids=[hex(ord(c)) for c in CONTROLS])
def test_a_control_character_in_a_title_or_body_leaves_every_output_valid(tmp_path, seeds_dir, char, capsys):
    (seeds_dir / "bad.txt").write_text(f"Danish{char} drones{char}\n\nA Danish firm will produce{char} drones together "
                                       f"with Ukrainian engineers{char} at a new plant in Denmark, the ministry in "
                                       f"Copenhagen said{char} on Monday.\n")
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    assert code == 0, capsys.readouterr().err
    assert sorted(e["seed"] for e in entries) == ["bad.txt", "good.txt"]
    bad = next(e for e in entries if e["seed"] == "bad.txt")
    assert char not in bad["title"] + bad["summary"]
    if char not in "\x0b\x0c\x85":  # those end a line, so split the paragraph
        assert bad["title"] == "Danish drones" and "Copenhagen said on Monday" in bad["summary"]
    for feed in (tmp_path / "site").rglob("*.xml"):
        assert not feedparser.parse(feed.read_bytes()).bozo, feed


def test_a_control_character_in_a_correction_leaves_every_output_valid(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (content_copy / "corrections" / "good.yaml").write_text(
        'title: "Danish\\e[31m drones\\x0bnow\\x01"\nsource: {name: "Press\\x08 office"}\n')
    code, entries = build(tmp_path, seeds_dir, content_copy)
    assert code == 0, capsys.readouterr().err
    assert entries[0]["title"] == "Danish[31m drones now"
    assert entries[0]["source"]["name"] == "Press office"


def test_check_and_build_agree_on_a_seed_with_control_characters(tmp_path, seeds_dir, capsys):
    (seeds_dir / "bad.txt").write_text("Danish\x1b drones\n\n" + GOOD.split("\n\n", 1)[1].replace(" ", "\x0c ", 3))
    assert main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)]) == 0
    code, entries = build(tmp_path, seeds_dir)
    assert code == 0 and len(entries) == 1


def alias_bomb(depth: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, depth)]
    return "\n".join(lines) + "\n"


def test_a_seed_header_with_an_alias_bomb_is_ignored_with_a_warning(tmp_path, seeds_dir, extract):
    seed = "---\nurl: https://example.com/a\nalso:\n  - " + alias_bomb().replace("\n", "\n    ") + "---\n" + GOOD
    start = time.process_time()
    entry = extract(seed, "bomb.txt")
    assert time.process_time() - start < 10  # expanded, the aliases need gigabytes; refused, a moment
    assert entry.title == "Danish drones"
    assert any("header block ignored: anchors and aliases" in p.message for p in entry.problems)


def test_a_correction_with_an_alias_bomb_is_refused_by_name(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (content_copy / "corrections" / "good.yaml").write_text(alias_bomb() + "partners: *a8\n")
    code, entries = build(tmp_path, seeds_dir, content_copy)
    line = [text for text in capsys.readouterr().err.splitlines() if "good.yaml" in text]
    assert code == 1 and len(entries) == 1
    assert len(line) == 1 and "anchors and aliases (&name, *name) are not allowed" in line[0]


@pytest.mark.parametrize("where", ["taxonomy/countries.yaml", "pages/about.md", "site.yaml"])
def test_aliases_in_content_are_refused_with_one_line_naming_the_file(tmp_path, seeds_dir, content_copy, capsys,
                                                                     where):
    (seeds_dir / "good.txt").write_text(GOOD)
    path = content_copy / where
    text = path.read_text()
    if where.endswith(".md"):
        path.write_text("---\ntitle: &t About\ndescription: *t\n---\n" + text)
    else:
        path.write_text("x-anchor: &x [1]\nx-alias: *x\n" + text)
    code, _ = build(tmp_path, seeds_dir, content_copy)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith(str(path) + ": error:") and "anchors and aliases" in err[0]


def test_an_error_quoting_a_huge_value_stays_short(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (content_copy / "corrections" / "good.yaml").write_text("partners: " + "x" * 100_000 + "\n")
    build(tmp_path, seeds_dir, content_copy)
    line = [text for text in capsys.readouterr().err.splitlines() if "good.yaml" in text]
    assert len(line) == 1 and "expected a list" in line[0] and len(line[0]) < 300


def test_a_file_name_that_is_not_utf8_is_reported_by_build_and_check(tmp_path, seeds_dir, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    with open(os.path.join(os.fsencode(seeds_dir), b"caf\xe9.txt"), "w") as file:
        file.write(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    err = capsys.readouterr().err
    assert code == 1 and [e["seed"] for e in entries] == ["good.txt"]
    assert "caf\\xe9.txt: error: file name is not valid UTF-8" in err
    assert main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)]) == 1
    assert "caf\\xe9.txt: error: file name is not valid UTF-8" in capsys.readouterr().out


def test_terminal_escapes_in_a_file_name_or_message_never_reach_the_terminal(tmp_path, seeds_dir, capsys):
    (seeds_dir / "\x1b]0;owned\x07\x1b[2J.txt").write_bytes(b"")
    (seeds_dir / "empty\u202e.txt").write_bytes(b"")
    (seeds_dir / "good.txt").write_text(GOOD)
    build(tmp_path, seeds_dir)
    main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "\\x1b]0;owned\\x07\\x1b[2J.txt: error: file name has control characters" in printed
    assert "empty\\u202e.txt: error: empty file" in printed
    assert not any(c in printed for c in "\x1b\x07\u202e")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_seed_in_utf16_or_utf32_with_a_byte_order_mark_is_read(tmp_path, seeds_dir, encoding, capsys):
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    (seeds_dir / "wide.txt").write_bytes(bom + GOOD.replace("Danish", "Dänish", 1).encode(encoding))
    code, entries = build(tmp_path, seeds_dir)
    assert code == 0, capsys.readouterr().err
    assert entries[0]["title"] == "Dänish drones" and entries[0]["countries"] == ["DK"]


def test_a_header_with_hundreds_of_other_sources_is_read(extract):
    also = "".join(f"  - {{url: 'https://example.org/{n}', publisher: Outlet {n}}}\n" for n in range(400))
    entry = extract("---\nurl: https://example.com/story\npublisher: Example News\nalso:\n" + also + "---\n" + GOOD)
    assert entry.title == "Danish drones"
    assert entry.source.url == "https://example.com/story"
    assert len(entry.more_sources) == 400


def test_a_header_beyond_the_byte_cap_is_read_as_text_with_a_warning(read):
    from coprod.core.frontmatter import MAX_BLOCK_BYTES as MAX_HEADER_BYTES
    also = "".join(f"  - {{url: 'https://example.org/{n}'}}\n" for n in range(MAX_HEADER_BYTES // 20))
    article = read("---\nalso:\n" + also + "---\n" + GOOD)
    assert any("header block longer than 64 KB" in p.message for p in article.problems)


def test_an_entry_whose_text_slips_past_cleaning_is_left_out_by_name(tmp_path, seeds_dir, monkeypatch, capsys):
    """The guard behind the reader: were cleaning to miss a character, the feeds would refuse it
    and fail every entry; the entry is left out instead, named, and the others build."""
    import coprod.read.reader
    monkeypatch.setattr(coprod.read.reader, "clean_text", lambda text: text.replace("\r\n", "\n"))
    (seeds_dir / "bad.txt").write_text("Danish\x1b drones\n\n" + GOOD.split("\n\n", 1)[1])
    (seeds_dir / "good.txt").write_text(GOOD)
    code, entries = build(tmp_path, seeds_dir)
    assert code == 1 and [e["seed"] for e in entries] == ["good.txt"]
    assert "bad.txt: error: left out: its text holds characters no output can carry" in capsys.readouterr().err
    for feed in (tmp_path / "site").rglob("*.xml"):
        assert not feedparser.parse(feed.read_bytes()).bozo, feed
