"""The site model (model.py, views.py) on small entries made by hand: what the templates are
given, tested on the records themselves rather than through rendered HTML."""

import datetime as dt

import pytest

from coprod.core.records import Entry, Evidence, PublicationDate, Source
from coprod.site.model import PARTNER_INDEX_PAGES, build_model
from coprod.site.views import date_view


def made(seed, date=(2024, 5, 1), precision="day", source="published", countries=("CZ",), partners=(),
         categories=("ammunition",), activities=("joint-production",), evidence=(), on_topic=True) -> Entry:
    value = dt.date(*date) if date else None
    return Entry(seed=seed, title=f"Title of {seed}", date=PublicationDate(value, precision if value else None,
                                                                          source if value else None),
                 countries=countries, partners=partners, categories=categories, activities=activities,
                 source=Source(), summary="", body="", slug=seed.removesuffix(".txt"), evidence=evidence,
                 on_topic=on_topic, on_topic_reason="" if on_topic else "not about cooperation")


def organisation_with_country(taxonomy, code=None):
    """A listed organisation (with its country) from the taxonomy the build uses."""
    for partner in taxonomy.partners:
        if partner.country and partner.country != "UA" and (code is None or partner.country == code) \
                and partner.country in taxonomy.countries:
            return partner
    pytest.skip("no listed foreign organisation with a country")


def test_entries_are_newest_first_and_undated_ones_last(project):
    model = build_model([made("old.txt", (2023, 1, 1)), made("undated.txt", None), made("new.txt", (2024, 2, 2))],
                        project.taxonomy, [])
    assert [v.entry.seed for v in model.entries] == ["new.txt", "old.txt", "undated.txt"]


def test_a_term_knows_its_oldest_dated_and_its_newest_entry(project):
    model = build_model([made("old.txt", (2023, 1, 1)), made("new.txt", (2024, 2, 2))], project.taxonomy, [])
    [country] = model.terms["countries"]
    assert [v.entry.seed for v in country.entries] == ["new.txt", "old.txt"]
    assert (country.first.entry.seed, country.latest.entry.seed) == ("old.txt", "new.txt")


def test_undated_entries_are_neither_a_terms_first_nor_its_latest(project):
    model = build_model([made("old.txt", (2023, 1, 1)), made("undated.txt", None)], project.taxonomy, [])
    [country] = model.terms["countries"]
    assert country.first is country.latest is model.entries[0]
    only_undated = build_model([made("undated.txt", None)], project.taxonomy, [])
    assert only_undated.terms["countries"][0].first is only_undated.terms["countries"][0].latest is None


def test_a_listed_partner_links_its_country_and_the_country_lists_it(project):
    partner = organisation_with_country(project.taxonomy)
    model = build_model([made("a.txt", countries=(partner.country,), partners=(partner.name,))],
                        project.taxonomy, [])
    [term] = model.terms["partners"]
    [country] = model.terms["countries"]
    assert term.listed and term.country is country and term.country_code == partner.country
    assert country.partners == [term]
    assert term.country_label == f"{country.flag} {country.name}"


def test_an_unlisted_partner_is_unreviewed_and_has_no_country(project):
    model = build_model([made("a.txt", partners=("Nameless Works of Nowhere",))], project.taxonomy, [])
    [term] = model.terms["partners"]
    assert not term.listed
    assert (term.country, term.country_code, term.aliases) == (None, "", ())


def test_a_partner_never_takes_the_path_of_the_partners_index_in_its_second_order(project):
    [reserved] = PARTNER_INDEX_PAGES
    model = build_model([made("a.txt", partners=(reserved.replace("-", " ").title(),))], project.taxonomy, [])
    [term] = model.terms["partners"]
    assert term.slug != reserved and term.slug.startswith(f"{reserved}-")


def test_partners_whose_names_make_the_same_slug_get_different_pages(project):
    model = build_model([made("a.txt", partners=("Acme Works", "ACME works!"))], project.taxonomy, [])
    slugs = [t.slug for t in model.terms["partners"]]
    assert len(set(slugs)) == 2


def test_terms_are_listed_by_name_and_the_view_keeps_the_entrys_order(project):
    model = build_model([made("a.txt", partners=("Zeta Plant", "alpha Plant"))], project.taxonomy, [])
    assert [t.name for t in model.terms["partners"]] == ["alpha Plant", "Zeta Plant"]
    assert [t.name for t in model.entries[0].partners] == ["Zeta Plant", "alpha Plant"]


def test_every_vocabulary_term_is_in_the_model_even_without_entries(project):
    model = build_model([made("a.txt")], project.taxonomy, [])
    assert [t.slug for t in model.terms["categories"]] == [t.slug for t in project.taxonomy.categories]
    counts = {t.slug: t.count for t in model.terms["categories"]}
    assert counts.pop("ammunition") == 1 and set(counts.values()) == {0}


def test_a_repeated_value_counts_once(project):
    model = build_model([made("a.txt", countries=("CZ", "CZ"))], project.taxonomy, [])
    [country] = model.terms["countries"]
    assert country.count == 1 and len(model.entries[0].countries) == 1


@pytest.mark.parametrize("precision, source, label, note", [
    ("day", "published", "7 March 2024", "published"),
    ("month", "published", "March 2024", "published, to the month"),
    ("year", "estimated", "2024", "estimated from the text, to the year"),
    ("day", "override", "7 March 2024", "published (date set by the editors)"),
])
def test_a_date_is_shown_to_its_precision_with_where_it_came_from(precision, source, label, note):
    view = date_view(made("a.txt", (2024, 3, 7), precision, source))
    assert (view.label, view.note, view.estimated) == (label, note, source == "estimated")
    assert view.iso == {"day": "2024-03-07", "month": "2024-03", "year": "2024"}[precision]


def test_an_undated_entry_says_so():
    view = date_view(made("a.txt", None))
    assert (view.dated, view.iso, view.label) == (False, None, "Date unknown")


def test_the_reasons_name_each_value_as_the_page_does_with_its_evidence(project):
    czech = Evidence("countries", "CZ", "Czech plants will make shells.", "Czech", "country name")
    model = build_model([made("a.txt", evidence=(czech,))], project.taxonomy, [])
    view = model.entries[0]
    reasons = {r.label: r.values for r in view.reasons}
    assert list(reasons) == ["Date", "On topic", "Countries", "Categories", "Activities"]  # no partners: left out
    [country] = reasons["Countries"]
    assert country.label == view.countries[0].name
    [shown] = country.evidence
    assert (shown.before, shown.matched, shown.after) == ("", "Czech", " plants will make shells.")
