"""The explorer's index (explore.py): on-topic entries only, each term listed once, entries
naming their terms by position, dates as precise as known, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from coprod.site.explore import KINDS, explore_index, index_json, plain_slug, stored_slug
from coprod.core.records import UNDATED, Entry, PublicationDate, Source
from coprod.extract.taxonomy import safe_slug


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


CZ, PL, DE = Term("cz", "Czech Republic"), Term("pl", "Poland"), Term("de", "Germany")
ACME, BOLT = Term("acme", "Acme Arms"), Term("bolt", "Bolt Works")
DRONES, AMMO = Term("drones", "Drones"), Term("ammunition", "Ammunition")
PRODUCE = Term("production", "Production")
TERMS = {"countries": [CZ, DE, PL], "partners": [ACME, BOLT], "categories": [DRONES, AMMO],
         "activities": [PRODUCE]}


def entry(seed: str, date: PublicationDate, on_topic: bool = True) -> Entry:
    return Entry(seed=seed, title=f"Title of {seed}", date=date, countries=(), partners=(), categories=(),
                 activities=(), source=Source(), summary="", body="", slug=f"slug-{seed}", on_topic=on_topic)


def own(countries=(), partners=(), categories=(), activities=()) -> dict:
    return {"countries": list(countries), "partners": list(partners), "categories": list(categories),
            "activities": list(activities)}


def sample():
    return [
        (entry("a", PublicationDate(dt.date(2023, 5, 17), "day", "published")), own([PL, CZ], [BOLT], [DRONES])),
        (entry("b", PublicationDate(dt.date(2022, 10, 1), "month", "estimated")), own([CZ], [], [AMMO], [PRODUCE])),
        (entry("c", PublicationDate(dt.date(2021, 1, 1), "year", "published"), on_topic=False),
         own([DE], [ACME], [AMMO])),
        (entry("d", UNDATED), own([], [], [DRONES])),
    ]


def rows(index: dict) -> list[list]:
    """The index's columns as rows, slugs decoded as explore.js decodes them."""
    columns = index["entries"]
    return [[slug_of(stored, title), title, date, *(columns[kind][i] for kind in KINDS)]
            for i, (stored, title, date) in enumerate(zip(columns["slug"], columns["title"], columns["date"]))]


def slug_of(stored: str, title: str) -> str:
    return plain_slug(title) + stored if stored == "" or stored.startswith("-") else stored


def test_only_on_topic_entries_and_their_terms_are_indexed():
    index = explore_index(sample(), TERMS)
    assert [row[0] for row in rows(index)] == ["slug-a", "slug-b", "slug-d"]
    # Germany and Acme Arms belong to the off-topic entry only: no term of the explorer
    assert index["terms"]["countries"] == [["cz", "Czech Republic"], ["pl", "Poland"]]
    assert index["terms"]["partners"] == [["bolt", "Bolt Works"]]
    assert index["terms"]["categories"] == [["drones", "Drones"], ["ammunition", "Ammunition"]]


def test_entries_name_their_terms_by_position_and_keep_date_precision():
    index = explore_index(sample(), TERMS)
    assert sorted(index["entries"]) == sorted(["slug", "title", "date", *KINDS])
    first, second, undated = rows(index)
    assert first == ["slug-a", "Title of a", "2023-05-17", [0, 1], [0], [0], []]
    assert second == ["slug-b", "Title of b", "2022-10", [0], [], [1], [0]]
    assert undated[2] == "" and undated[5] == [0]
    year = explore_index([(entry("y", PublicationDate(dt.date(2024, 1, 1), "year", "published")), own())], TERMS)
    assert year["entries"]["date"] == ["2024"]


@pytest.mark.parametrize("title", [
    "Czech and Ukrainian firms to produce 155 mm shells", "Ukraine's drones: Kraków plant opens",
    "Škoda and Ukroboronprom sign a memorandum", "Укроборонпром і Rheinmetall", "!!!", "con",
    "A very long title about a joint venture that repairs armoured vehicles in several countries at once",
    "A title of exactly eighty characters in its slug so that the cut is right at it x"])
def test_a_stored_slug_gives_back_the_slug_most_titles_store_nothing(title):
    for slug in (safe_slug(title), safe_slug(title) + "-a1b2c3", "entry-0f1e2d"):
        stored = stored_slug(slug, title)
        assert slug_of(stored, title) == slug
    assert stored_slug(safe_slug("Czech firms to produce shells"), "Czech firms to produce shells") == ""


def test_the_index_is_compact_sorted_json_and_the_same_bytes_every_time():
    data = index_json(explore_index(sample(), TERMS))
    assert data == index_json(explore_index(sample(), TERMS))
    text = data.decode("utf-8")
    assert "\n" not in text and ": " not in text
    assert json.loads(text)["format"] == 1
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_the_built_site_has_the_explorer_index_of_its_listed_entries(site):
    index = json.loads(site.read("explore/index.json"))
    listed = [e for e in site.entries() if e["on_topic"]]
    assert sorted(row[0] for row in rows(index)) == sorted(e["slug"] for e in listed)
    by_slug = {e["slug"]: e for e in listed}
    for row in rows(index):
        countries = [index["terms"]["countries"][i][0].upper() for i in row[3]]
        assert sorted(countries) == sorted(by_slug[row[0]]["countries"])
    assert site.exists("explore/index.html")
    page = site.doc("explore/index.html")
    fallback = page.xpath("string(//*[@data-explore-fallback])")
    assert "term pages" in fallback
    assert {a.get("href") for a in page.xpath("//*[@data-explore-fallback]//a")} >= {
        "../countries/", "../partners/", "../categories/", "../activities/"}
