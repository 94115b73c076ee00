"""Editor corrections: applied after extraction, keyed by seed file name, never written by the tool."""

import json

import pytest

from coprod.cli import main
from conftest import REPO
from coprod.correct.corrections import parse_correction
from coprod.core.errors import ContentError

SEED = ("Czech shells for Ukraine\n\nUkroboronprom and the Czech agency AMOS will produce ammunition together "
        "in new plants, the concern said in a statement on Tuesday.\n")


def build(tmp_path, seeds_dir, content, *extra):
    out = tmp_path / "site"
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(content), "--out", str(out),
                 "--templates", str(REPO / "templates"), *extra])
    return code, out


def exported(out):
    return {e["seed"]: e for e in json.loads((out / "data" / "entries.json").read_text())["entries"]}


def test_a_correction_sets_fields_and_edits_lists(tmp_path, seeds_dir, content_copy):
    (seeds_dir / "czech.txt").write_text(SEED)
    (content_copy / "corrections" / "czech.yaml").write_text(
        "title: Czech and Ukrainian firms agree on shells\ndate: 2022-11\n"
        "add: {countries: [SK], partners: [CSG]}\nremove: {categories: [ammunition]}\n"
        "url: https://news.example.org/shells\n")
    code, out = build(tmp_path, seeds_dir, content_copy)
    entry = exported(out)["czech.txt"]
    assert code == 0
    assert entry["title"] == "Czech and Ukrainian firms agree on shells"
    assert (entry["date"], entry["date_precision"], entry["date_source"]) == ("2022-11-01", "month", "override")
    assert entry["countries"] == ["CZ", "SK"]
    assert "Czechoslovak Group" in entry["partners"]
    assert entry["categories"] == []
    assert entry["source"]["url"] == "https://news.example.org/shells"


def test_a_correction_stays_attached_when_the_title_changes(tmp_path, seeds_dir, content_copy):
    (seeds_dir / "czech.txt").write_text(SEED.replace("Czech shells for Ukraine", "A new headline"))
    (content_copy / "corrections" / "czech.yaml").write_text("countries: [PL]\n")
    _, out = build(tmp_path, seeds_dir, content_copy)
    assert exported(out)["czech.txt"]["countries"] == ["PL"]


def test_build_never_rewrites_a_correction(tmp_path, seeds_dir, content_copy):
    (seeds_dir / "czech.txt").write_text(SEED)
    correction = content_copy / "corrections" / "czech.yaml"
    correction.write_text("# keep this comment\ntitle: Edited by hand\n")
    before = correction.stat().st_mtime_ns, correction.read_bytes()
    build(tmp_path, seeds_dir, content_copy)
    assert (correction.stat().st_mtime_ns, correction.read_bytes()) == before


def test_setting_date_to_null_makes_the_entry_undated(project, tmp_path):
    path = tmp_path / "x.yaml"
    correction = parse_correction(path, {"date": None}, project.taxonomy)
    assert correction.values["date"].value is None


@pytest.mark.parametrize("data, message", [
    ({"titel": "typo"}, "unknown field 'titel'"),
    ({"countries": ["XX"]}, "unknown ISO 3166-1 alpha-2 code 'XX'"),
    ({"categories": ["lasers"]}, "unknown code 'lasers'"),
    ({"remove": {"colour": ["red"]}}, "remove: unknown field 'colour'"),
    ({"url": "javascript:alert(1)"}, "is not an http(s) URL"),
    ({"date": "last week"}, "is not YYYY-MM-DD"),
])
def test_a_bad_correction_is_refused_with_a_clear_message(project, tmp_path, data, message):
    with pytest.raises(ContentError) as error:
        parse_correction(tmp_path / "x.yaml", data, project.taxonomy)
    assert message in str(error.value)
    assert str(tmp_path / "x.yaml") in str(error.value)


def test_a_bad_correction_fails_the_build_naming_the_file(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "czech.txt").write_text(SEED)
    (seeds_dir / "other.txt").write_text(SEED.replace("Czech shells", "Other shells"))
    (content_copy / "corrections" / "czech.yaml").write_text("countries: [ZZ]\n")
    code, out = build(tmp_path, seeds_dir, content_copy)
    err = capsys.readouterr().err
    assert code == 1
    assert "czech.yaml: error: countries: unknown ISO 3166-1 alpha-2 code 'ZZ'" in err
    assert set(exported(out)) == {"czech.txt", "other.txt"}
