"""`coprod check`: off-topic entries as findings; `--explain SEED`: why each value is there."""

import datetime as dt

import pytest

from coprod.cli import explain_entry, main, terminal_text
from coprod.core.records import Entry, Evidence, PublicationDate, Source

SEED = ("---\npublished: 2024-05-10\n---\nCzech shells for Ukraine\n\nUkroboronprom and the Czech agency AMOS will "
        "produce ammunition together in new plants, the concern said on Tuesday.\n")


def check(seeds_dir, content, *extra) -> int:
    return main(["check", "--seeds", str(seeds_dir), "--content", str(content), *extra])


@pytest.fixture
def seeds(seeds_dir, content_copy):
    (seeds_dir / "czech.txt").write_text(SEED)
    (seeds_dir / "aid.txt").write_text(SEED.replace("Czech shells for Ukraine", "An aid package"))
    (content_copy / "corrections" / "aid.yaml").write_text("on_topic: false\non_topic_reason: an aid package only\n")
    return seeds_dir, content_copy


def test_check_lists_an_off_topic_entry_with_its_reason(seeds, capsys):
    assert check(*seeds) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "aid.txt: warning: off topic: an aid package only" in lines
    assert not any(line.startswith("czech.txt") and "off topic" in line for line in lines)


def test_check_does_not_also_report_no_country_for_an_off_topic_entry(seeds, capsys):
    seeds_dir, content = seeds
    (seeds_dir / "aid.txt").write_text(SEED.replace("the Czech agency AMOS", "its partners"))  # no country
    check(seeds_dir, content)
    assert "aid.txt: warning: no partner country found" not in capsys.readouterr().out.splitlines()
    (content / "corrections" / "aid.yaml").unlink()  # on topic, the same entry is reported
    check(seeds_dir, content)
    assert "aid.txt: warning: no partner country found" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("name", ["czech", "czech.txt"])
def test_explain_takes_the_seed_name_with_or_without_txt(seeds, capsys, name):
    assert check(*seeds, "--explain", name) == 0
    assert capsys.readouterr().out.splitlines()[0] == "czech.txt: Czech shells for Ukraine"


def test_explain_prints_the_fields(seeds, capsys):
    check(*seeds, "--explain", "czech")
    lines = capsys.readouterr().out.splitlines()
    assert "  date:       2024-05-10 (published, day precision)" in lines
    assert "  countries:  CZ" in lines


def test_explain_applies_the_correction_and_shows_it_as_evidence(seeds, capsys):
    check(*seeds, "--explain", "aid")
    lines = capsys.readouterr().out.splitlines()
    assert "  on topic:   no (an aid package only)" in lines
    assert lines[lines.index("    on_topic false:") + 1] == "      - correction aid.yaml"


def test_explain_of_an_unknown_seed_is_one_line_and_exit_2(seeds, capsys):
    assert check(*seeds, "--explain", "nothing") == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"nothing: error: no seed named nothing.txt in {seeds[0]}"]
    assert captured.out == ""


def test_explain_names_only_seeds_of_the_folder(seeds, capsys, tmp_path):
    (tmp_path / "outside.txt").write_text(SEED)
    assert check(*seeds, "--explain", "../outside") == 2


def made(evidence) -> Entry:
    return Entry(seed="x.txt", title="X", date=PublicationDate(dt.date(2024, 5, 2), "day", "published"),
                 countries=("CZ",), partners=(), categories=(), activities=(), source=Source(), summary="", body="",
                 evidence=tuple(evidence))


def test_explain_lists_each_value_with_its_rule_matched_words_and_sentence():
    lines = explain_entry(made([Evidence("countries", "CZ", "Czech plants will make shells.", "Czech",
                                         "cooperation sentence")]))
    at = lines.index("    countries CZ:")
    assert lines[at + 1:at + 3] == ['      - cooperation sentence matched "Czech"',
                                    "        in: Czech plants will make shells."]


def test_explain_says_when_a_value_has_no_evidence():
    assert "    countries CZ: no evidence recorded" in explain_entry(made([]))


def test_explain_escapes_control_characters_from_the_seed():
    lines = explain_entry(made([Evidence("countries", "CZ", "Czech\x1b[2J plants\nnext\u202e", "Czech\r",
                                         "cooperation sentence")]))
    assert "        in: Czech\\x1b[2J plants\\nnext\\u202e" in lines
    assert all(line.isprintable() for line in lines)


def test_terminal_text_keeps_printable_text_and_spaces():
    assert terminal_text("Vojenský opravárenský podnik, 🚀") == "Vojenský opravárenský podnik, 🚀"
