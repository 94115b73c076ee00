"""Folding and the phrase matcher that every name and cue goes through."""

from hypothesis import given, settings, strategies as st

from coprod.matcher import PhraseMatcher
from coprod.textfold import fold


@given(st.text())
def test_folding_keeps_every_offset(text):
    assert len(fold(text)) == len(text)


def test_folding_removes_case_and_diacritics():
    assert fold("Vojenský OPRAVÁRENSKÝ") == "vojensky opravarensky"


def test_longest_overlapping_phrase_wins():
    matcher = PhraseMatcher([("aircraft", "aircraft"), ("anti-aircraft", "air-defense")])
    assert [m.values for m in matcher.find("new anti-aircraft guns")] == [("air-defense",)]


def test_names_keep_their_capitals_and_cues_do_not():
    matcher = PhraseMatcher([("Fire Point", "partner"), ("drone", "drones")])
    assert [m.text for m in matcher.find("a fire point near Fire Point DRONE plant")] == ["Fire Point", "DRONE"]


def test_acronyms_must_be_in_capitals():
    matcher = PhraseMatcher([("VOP", "partner")])
    assert [m.text for m in matcher.find("vop and VOP")] == ["VOP"]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_reader_and_extractor_never_crash_and_return_a_well_formed_entry(project, text):
    from coprod.reader import parse_seed
    from conftest import TODAY
    entry = project.extractor.extract(parse_seed("any.txt", text, project.rules, TODAY), TODAY)
    assert isinstance(entry.title, str) and isinstance(entry.body, str)
    assert all(code in project.taxonomy.countries for code in entry.countries)
    assert set(entry.categories) <= {t.slug for t in project.taxonomy.categories}
    assert set(entry.activities) <= {t.slug for t in project.taxonomy.activities}
    assert entry.date.value is None or entry.date.precision in ("day", "month", "year")
