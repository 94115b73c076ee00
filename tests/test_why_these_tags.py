"""The entry page's "Why these tags": every value with its evidence, the matched words marked.

Entries are made by hand with their evidence and rendered with the real templates.
"""

import datetime as dt

import lxml.html
import pytest

from coprod.build.builder import write_site
from coprod.core.records import Entry, Evidence, PublicationDate, Source
from coprod.site.model import build_model
from coprod.site.views import evidence_view
from conftest import REPO

SENTENCE = "The Czech firm and Ukroboronprom will produce shells together."
HOSTILE = "<script>alert('evidence')</script> \"><img src=x onerror=alert('ev-img')>"


def made(evidence=(), **changes) -> Entry:
    fields = dict(seed="shells.txt", title="Czech shells", slug="czech-shells",
                  date=PublicationDate(dt.date(2024, 5, 2), "day", "published"), countries=("CZ",),
                  partners=("Ukrainian Defense Industry",), categories=("ammunition",),
                  activities=("joint-production",), source=Source(), summary="", body="", evidence=tuple(evidence))
    fields.update(changes)
    return Entry(**fields)


def entry_page(tmp_path, project, entry: Entry):
    out = tmp_path / "site"
    write_site([entry], project, REPO / "templates", out, search=False)
    return lxml.html.fromstring((out / f"entries/{entry.slug}/index.html").read_bytes())


def why(doc):
    found = doc.xpath("//details[contains(@class, 'why')]")
    assert len(found) == 1
    return found[0]


def value_item(section, field_label: str, value_label: str):
    """The <li> of one value under one field of the section."""
    [item] = section.xpath(f"./dl/div[dt='{field_label}']/dd/ul/li[span[@class='why-value']='{value_label}']")
    return item


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_the_section_is_collapsed_and_titled(tmp_path, project):
    section = why(entry_page(tmp_path, project, made()))
    assert section.get("open") is None
    assert text(section.xpath("./summary")[0]) == "Why these tags"


def test_each_value_is_listed_under_its_field_by_its_name(tmp_path, project):
    section = why(entry_page(tmp_path, project, made()))
    fields = {dt_.text: [text(v) for v in dt_.xpath("../dd/ul/li/span[@class='why-value']")]
              for dt_ in section.xpath("./dl/div/dt")}
    assert fields == {"Date": ["2 May 2024"], "On topic": ["Yes"], "Countries": ["Czech Republic"],
                      "Partners": ["Ukrainian Defense Industry"], "Categories": ["Ammunition"],
                      "Activities": ["Joint production"]}


def test_a_value_shows_its_rule_and_sentence_with_the_matched_words_marked(tmp_path, project):
    evidence = [Evidence("countries", "CZ", SENTENCE, "Czech", "cooperation sentence")]
    item = value_item(why(entry_page(tmp_path, project, made(evidence))), "Countries", "Czech Republic")
    assert text(item.xpath(".//span[@class='why-rule']")[0]) == "cooperation sentence"
    assert text(item.xpath(".//q")[0]) == SENTENCE
    assert [m.text for m in item.xpath(".//q/mark")] == ["Czech"]


def test_a_value_without_evidence_says_none_was_recorded(tmp_path, project):
    item = value_item(why(entry_page(tmp_path, project, made())), "Categories", "Ammunition")
    assert "no evidence recorded" in text(item)


def test_a_value_with_two_pieces_of_evidence_shows_both(tmp_path, project):
    evidence = [Evidence("activities", "joint-production", SENTENCE, "produce", "cooperation sentence"),
                Evidence("activities", "joint-production", "", "", "correction shells.yaml")]
    item = value_item(why(entry_page(tmp_path, project, made(evidence))), "Activities", "Joint production")
    assert [text(r) for r in item.xpath(".//span[@class='why-rule']")] == ["cooperation sentence",
                                                                          "correction shells.yaml"]


def test_hostile_evidence_is_shown_as_text_and_stays_inert(tmp_path, project):
    evidence = [Evidence("partners", "Ukrainian Defense Industry", f"{HOSTILE} signed", HOSTILE, HOSTILE)]
    section = why(entry_page(tmp_path, project, made(evidence)))
    item = value_item(section, "Partners", "Ukrainian Defense Industry")
    assert section.xpath(".//script | .//img") == []
    assert [a for el in section.iter() for a in el.attrib if a.lower().startswith("on")] == []
    assert item.xpath(".//mark")[0].text_content() == HOSTILE
    assert text(item.xpath(".//span[@class='why-rule']")[0]) == " ".join(HOSTILE.split())


def test_the_off_topic_reason_is_escaped(tmp_path, project):
    doc = entry_page(tmp_path, project, made(countries=(), partners=(), categories=(), activities=(), on_topic=False,
                                             on_topic_reason=HOSTILE))
    note = doc.xpath("//p[contains(@class, 'off-topic')]")[0]
    assert note.xpath(".//script | .//img") == []
    assert "<script>alert('evidence')</script>" in note.text_content()


# ---------------------------------------------------------------- the view records


def test_matched_words_are_found_whatever_their_case():
    view = evidence_view(Evidence("countries", "CZ", SENTENCE, "czech", "cooperation sentence"))
    assert (view.before, view.matched, view.after) == ("The ", "Czech", SENTENCE[len("The Czech"):])


def test_matched_words_absent_from_the_sentence_are_kept_apart():
    view = evidence_view(Evidence("countries", "CZ", SENTENCE, "Czechia", "cooperation sentence"))
    assert (view.before, view.matched, view.words) == (SENTENCE, "", "Czechia")


def test_regex_characters_in_the_matched_words_are_literal():
    view = evidence_view(Evidence("partners", "X", "Firm (a.b) signed.", "(a.b)", "listed partner"))
    assert view.matched == "(a.b)"


def test_the_reasons_of_the_view_follow_the_entry_fields(project):
    entry = made([Evidence("date", "2024-05-02", "2 May 2024", "2 May 2024", "byline date")])
    [view] = build_model([entry], project.taxonomy, []).entries
    date_reasons = view.reasons[0]
    assert (date_reasons.label, [v.label for v in date_reasons.values]) == ("Date", ["2 May 2024"])
    assert date_reasons.values[0].evidence[0].rule == "byline date"


def test_an_undated_entry_lists_no_date_reason(project):
    [view] = build_model([made(date=PublicationDate())], project.taxonomy, []).entries
    assert "Date" not in [f.label for f in view.reasons]


def test_the_on_topic_reason_is_shown_beside_its_value(tmp_path, project):
    item = value_item(why(entry_page(tmp_path, project, made(on_topic_reason="a joint production plan"))),
                      "On topic", "Yes")
    assert text(item).startswith("Yes: a joint production plan")


@pytest.mark.parametrize("on_topic, label", [(True, "Yes"), (False, "No")])
def test_on_topic_is_always_a_reason(project, on_topic, label):
    [view] = build_model([made(on_topic=on_topic)], project.taxonomy, []).entries
    assert [v.label for f in view.reasons if f.label == "On topic" for v in f.values] == [label]
