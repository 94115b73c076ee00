"""Month names come from Babel in the site's language (content/site.yaml's ``language``):
the chart, the timeline and the entries' dates."""

from __future__ import annotations

import datetime as dt

import pytest

from coprod.core.errors import ContentError
from coprod.core.records import Entry, PublicationDate, Source
from coprod.core.settings import load_settings
from coprod.site.graphics.chart import build_chart, month_name
from coprod.site.page_records import timeline_groups
from coprod.site.views import EntryView, date_view


def entry(seed: str, date: str, precision: str = "day") -> Entry:
    when = PublicationDate(dt.date.fromisoformat(date), precision, "published")
    return Entry(seed=seed, title=seed, date=when, countries=(), partners=(), categories=(), activities=(),
                 source=Source(), summary="", body="")


def test_english_names_are_the_plain_english_months():
    assert [month_name(m, "en") for m in (1, 5, 12)] == ["January", "May", "December"]
    [march] = build_chart([entry("a.txt", "2024-03-05")], ()).months
    assert (march.label, march.initial) == ("March 2024", "M")
    assert date_view(entry("a.txt", "2024-03-05"), "en").label == "5 March 2024"
    assert date_view(entry("a.txt", "2024-03-05", "month"), "en").label == "March 2024"


def test_another_language_names_its_months_and_inflects_them_after_a_day():
    [march] = build_chart([entry("a.txt", "2024-03-05")], (), "uk").months
    assert (march.label, march.initial) == ("березень 2024", "Б")
    assert date_view(entry("a.txt", "2024-03-05"), "uk").label == "5 березня 2024"
    assert date_view(entry("a.txt", "2024-03-05"), "de").label == "5 März 2024"
    view = EntryView(entry=entry("a.txt", "2024-03-05"), path="entries/a/", date=date_view(entry("a.txt", "2024-03-05"), "fr"),
                     source_name=None, source_url=None)
    [year], _ = timeline_groups([view], "fr")
    assert [m.label for m in year.months] == ["mars 2024"]


def test_a_region_in_the_language_code_is_understood(tmp_path):
    assert month_name(3, "en-GB") == "March"
    (tmp_path / "site.yaml").write_text("language: en-GB\n")
    assert load_settings(tmp_path).language == "en-GB"


@pytest.mark.parametrize("language", ["xx-nowhere", "'!!'", "12"])
def test_a_language_babel_does_not_know_is_one_error_naming_the_file(tmp_path, language):
    (tmp_path / "site.yaml").write_text(f"language: {language}\n")
    with pytest.raises(ContentError, match="language .* is not a language code Babel knows") as error:
        load_settings(tmp_path)
    assert str(tmp_path / "site.yaml") in str(error.value)
