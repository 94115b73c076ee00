"""Corrections and the two fields behind every value: on_topic (with its reason) and the evidence.

The entries here are made by hand (records), so each test knows exactly what evidence
came in before the correction.
"""

import datetime as dt
import json

import pytest

from coprod.cli import main
from coprod.correct.corrections import apply_correction, parse_correction
from coprod.core.errors import ContentError
from coprod.core.records import Entry, Evidence, PublicationDate, Source
from conftest import REPO

FOUND = (
    Evidence("date", "2024-05-02", "Kyiv, 2 May 2024", "2 May 2024", "byline date"),
    Evidence("countries", "CZ", "Czech plants will make shells.", "Czech", "cooperation sentence"),
    Evidence("countries", "PL", "Polish firms join.", "Polish", "cooperation sentence"),
    Evidence("categories", "ammunition", "Czech plants will make shells.", "shells", "cooperation sentence"),
    Evidence("on_topic", "true", "Czech plants will make shells.", "will make", "cooperation sentence"),
)


def entry(**changes) -> Entry:
    fields = dict(seed="shells.txt", title="Czech shells", date=PublicationDate(dt.date(2024, 5, 2), "day", "published"),
                  countries=("CZ", "PL"), partners=(), categories=("ammunition",), activities=("joint-production",),
                  source=Source(), summary="", body="", on_topic=True, on_topic_reason="a joint production plan",
                  evidence=FOUND)
    fields.update(changes)
    return Entry(**fields)


def corrected(project, tmp_path, data: dict, base: Entry | None = None) -> Entry:
    correction = parse_correction(tmp_path / "shells.yaml", data, project.taxonomy)
    return apply_correction(base or entry(), correction)


def evidence_of(result: Entry, field: str) -> list[tuple[str, str]]:
    return [(e.value, e.rule) for e in result.evidence if e.field == field]


def test_a_correction_sets_on_topic_false_and_its_reason(project, tmp_path):
    result = corrected(project, tmp_path, {"on_topic": False, "on_topic_reason": "an aid package, not cooperation"})
    assert (result.on_topic, result.on_topic_reason) == (False, "an aid package, not cooperation")


def test_on_topic_false_empties_every_term_list_and_its_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"on_topic": False})
    assert (result.countries, result.partners, result.categories, result.activities) == ((), (), (), ())
    assert {e.field for e in result.evidence} == {"date", "on_topic"}


def test_on_topic_set_without_a_reason_names_the_correction_as_the_reason(project, tmp_path):
    result = corrected(project, tmp_path, {"on_topic": False})
    assert result.on_topic_reason == "set by the editors (shells.yaml)"


def test_a_corrected_on_topic_replaces_its_evidence_with_the_correction(project, tmp_path):
    result = corrected(project, tmp_path, {"on_topic": False})
    assert evidence_of(result, "on_topic") == [("false", "correction shells.yaml")]


def test_on_topic_true_keeps_the_lists(project, tmp_path):
    base = entry(on_topic=False, on_topic_reason="no cooperation", countries=(), categories=(), activities=(),
                 evidence=())
    result = corrected(project, tmp_path, {"on_topic": True, "add": {"countries": ["SK"]}}, base)
    assert (result.on_topic, result.countries) == (True, ("SK",))


@pytest.mark.parametrize("value", ["no", 1, None, "false"])
def test_on_topic_must_be_true_or_false(project, tmp_path, value):
    with pytest.raises(ContentError, match=r"shells\.yaml: error: on_topic: expected true or false"):
        parse_correction(tmp_path / "shells.yaml", {"on_topic": value}, project.taxonomy)


def test_on_topic_false_with_terms_set_is_refused(project, tmp_path):
    with pytest.raises(ContentError, match=r"shells\.yaml: error: on_topic: false, but countries set"):
        parse_correction(tmp_path / "shells.yaml", {"on_topic": False, "countries": ["CZ"]}, project.taxonomy)


def test_on_topic_false_with_terms_added_is_refused(project, tmp_path):
    with pytest.raises(ContentError, match=r"on_topic: false, but partners set"):
        parse_correction(tmp_path / "shells.yaml", {"on_topic": False, "add": {"partners": ["CSG"]}},
                         project.taxonomy)


def test_an_empty_on_topic_reason_is_refused(project, tmp_path):
    with pytest.raises(ContentError, match=r"shells\.yaml: error: on_topic_reason: must be non-empty text"):
        parse_correction(tmp_path / "shells.yaml", {"on_topic_reason": "  "}, project.taxonomy)


def test_a_removed_value_loses_its_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"remove": {"countries": ["PL"]}})
    assert evidence_of(result, "countries") == [("CZ", "cooperation sentence")]


def test_a_replaced_list_drops_the_evidence_of_values_it_leaves_out(project, tmp_path):
    result = corrected(project, tmp_path, {"countries": ["CZ"]})
    assert evidence_of(result, "countries") == [("CZ", "cooperation sentence")]


def test_a_list_set_to_null_drops_all_its_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"categories": None})
    assert evidence_of(result, "categories") == []


def test_an_added_value_gets_the_correction_as_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"add": {"partners": ["CSG"]}})
    assert [e for e in result.evidence if e.field == "partners"] == [
        Evidence("partners", "Czechoslovak Group", "", "", "correction shells.yaml")]


def test_a_value_a_replaced_list_brings_in_gets_the_correction_as_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"countries": ["CZ", "SK"]})
    assert evidence_of(result, "countries") == [("CZ", "cooperation sentence"), ("SK", "correction shells.yaml")]


def test_a_corrected_date_replaces_the_date_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"date": "2022-11"})
    assert [e for e in result.evidence if e.field == "date"] == [
        Evidence("date", "2022-11-01", "", "", "correction shells.yaml")]


def test_a_date_corrected_to_undated_has_no_date_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"date": None})
    assert evidence_of(result, "date") == []


def test_a_correction_of_other_fields_keeps_every_evidence(project, tmp_path):
    result = corrected(project, tmp_path, {"title": "A new title", "url": "https://news.example.org/a"})
    assert result.evidence == FOUND


def test_a_bad_on_topic_fails_the_build_with_one_line_naming_the_file(tmp_path, seeds_dir, content_copy, capsys):
    (seeds_dir / "czech.txt").write_text("Czech shells\n\nUkroboronprom and the Czech agency AMOS will produce "
                                         "ammunition together in new plants, the concern said.\n")
    (content_copy / "corrections" / "czech.yaml").write_text("on_topic: maybe\n")
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(content_copy), "--out", str(tmp_path / "site"),
                 "--templates", str(REPO / "templates"), "--no-search"])
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert code == 1
    assert errors == [f"{content_copy / 'corrections' / 'czech.yaml'}: error: on_topic: expected true or false, "
                      "got 'maybe'"]
    assert json.loads((tmp_path / "site/data/entries.json").read_text())["entries"][0]["on_topic"] is True
