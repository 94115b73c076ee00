"""date: the publication date, else an estimate from evidence, else undated."""

import datetime as dt

from coprod.dates import DateFinder


def test_month_names_are_read_in_ukrainian_in_both_grammatical_forms():
    finder = DateFinder(("en", "uk"))
    genitive, nominative = finder.find("Київ, 31 жовтня 2022"), finder.find("листопад 2022")
    assert (genitive[0].year, genitive[0].month, genitive[0].day) == (2022, 10, 31)
    assert (nominative[0].year, nominative[0].month, nominative[0].precision) == (2022, 11, "month")


def test_a_yearless_date_needs_a_capitalised_english_month():
    finder = DateFinder(("en",))
    assert finder.find("they may 2 times") == []
    assert finder.find("on May 2 the")[0].day == 2


def test_a_caption_date_gives_an_estimated_date_with_its_precision(extract):
    text = ("Czech cluster\n\nUkroboronprom and the Czech agency will produce ammunition together and repair "
            "equipment in safe places, the concern said.\n\nThe signing in Prague, November 2022 / Photo: Press service\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.precision, entry.date.source) == (dt.date(2022, 11, 1), "month", "estimated")


def test_no_date_and_no_evidence_is_undated(extract):
    entry = extract("Danish drones\n\nA Danish firm will produce drones in Ukraine together with a local partner.\n")
    assert entry.date.value is None and entry.date.source is None


def test_dates_in_furniture_are_never_evidence(extract):
    text = ("Danish drones\n\nA Danish firm will produce drones in Ukraine together with a local partner.\n\n"
            "Read more: Drone school opened on March 3, 2024\n\nRecent posts\nMay 22, 2024\n")
    assert extract(text).date.value is None


def test_an_office_holder_in_role_bounds_the_estimate(extract):
    text = ("British support\n\nThe two vessels will be maintained by Babcock under a contract signed in June 2021, "
            "the company said.\n\nThe plan was confirmed by UK Defence Secretary Grant Shapps this week.\n")
    entry = extract(text)
    assert entry.date.source == "estimated"
    assert dt.date(2023, 8, 31) <= entry.date.value <= dt.date(2024, 7, 5)


def test_a_yearless_date_is_placed_within_the_office_holders_term(extract):
    text = ("Norwegian office\n\nDefence Minister Rustem Umerov said the office of Kongsberg opened on June 22 "
            "to produce air defence systems together.\n")
    assert extract(text).date.value == dt.date(2025, 6, 22)


def test_a_former_office_holder_does_not_date_the_article(extract):
    text = ("Interview\n\nFormer defence minister Oleksii Reznikov said joint production with Poland should grow.\n")
    assert extract(text).date.value is None


def test_a_date_in_a_background_sentence_is_not_evidence(extract):
    text = ("Czech shells\n\nSince the full-scale invasion in February 2022, Czech firms have produced shells "
            "for Ukraine together with Ukrainian plants, officials in Prague said.\n")
    assert extract(text).date.value is None
