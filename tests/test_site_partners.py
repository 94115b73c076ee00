"""Partners as the editors curate them: the index separates Ukrainian organisations, foreign
ones and names in no list (unreviewed), in two orders that work without JavaScript; an
unreviewed partner is marked on its page. Entries made by hand, real templates and content/."""

from __future__ import annotations

import datetime as dt

import lxml.html

from coprod.build.builder import write_site
from coprod.core.records import Entry, PublicationDate, Source
from site_checks import TEMPLATES

UKRAINIAN, CZECH, UNLISTED = "Ukrainian Defense Industry", "Czechoslovak Group", "Nordwind Systems"


def made(n: int, partners: tuple[str, ...]) -> Entry:
    return Entry(seed=f"s{n}.txt", title=f"Entry {n}", slug=f"entry-{n}",
                 date=PublicationDate(dt.date(2024, 1, n), "day", "published"), countries=("CZ",),
                 partners=tuple(sorted(partners)), categories=("ammunition",), activities=("joint-production",),
                 source=Source(), summary="", body="")


ENTRIES = [made(1, (UKRAINIAN, CZECH, UNLISTED)), made(2, (CZECH, UNLISTED)), made(3, (CZECH,)),
           made(4, ("Aardvark Robotics", UNLISTED)), made(5, ("By Entries",))]


def build(tmp_path, project):
    out = tmp_path / "site"
    write_site(ENTRIES, project, TEMPLATES, out, search=False)
    return out


def doc(out, relpath):
    return lxml.html.fromstring((out / relpath).read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def groups(page) -> dict[str, list[tuple[str, str]]]:
    """Group key -> (name, entries) of its rows, in page order."""
    return {s.get("class").split()[-1]: [(text(r.xpath("./th//a")[0]), text(r.xpath("./td[last()]")[0]))
                                         for r in s.xpath(".//tbody/tr")]
            for s in page.xpath("//section[contains(@class, 'partner-group')]")}


def test_the_index_lists_ukrainian_foreign_and_unreviewed_partners_apart_by_name(tmp_path, project):
    page = doc(build(tmp_path, project), "partners/index.html")
    assert groups(page) == {"ukrainian": [(UKRAINIAN, "1")], "foreign": [(CZECH, "3")],
                            "unreviewed": [("Aardvark Robotics", "1"), ("By Entries", "1"), (UNLISTED, "3")]}
    unreviewed = page.xpath("//section[contains(@class, 'unreviewed')]")[0]
    assert all(r.xpath(".//span[@class='badge unreviewed']") for r in unreviewed.xpath(".//tbody/tr"))
    assert not page.xpath("//section[contains(@class, 'foreign')]//span[contains(@class, 'unreviewed')]")


def test_the_second_order_is_by_number_of_entries_and_both_link_each_other(tmp_path, project):
    out = build(tmp_path, project)
    by_count = doc(out, "partners/by-entries/index.html")
    assert groups(by_count)["unreviewed"] == [(UNLISTED, "3"), ("Aardvark Robotics", "1"), ("By Entries", "1")]
    assert text(by_count.xpath("//h1")[0]) == "Partners by number of entries"
    for relpath, current in (("partners/index.html", "Name"), ("partners/by-entries/index.html", "Number of entries")):
        links = doc(out, relpath).xpath("//nav[@class='sort-orders']//a")
        assert [text(a) for a in links] == ["Name", "Number of entries"]
        assert [text(a) for a in links if a.get("aria-current") == "page"] == [current]
        for a in links:
            assert (out / relpath).parent.joinpath(a.get("href"), "index.html").resolve().is_file()
    nav = by_count.xpath("//header//nav//a[@aria-current]")
    assert [text(a) for a in nav] == ["Partners"]  # still in the Partners section
    # a partner whose name makes the same slug gets a page of its own, not the index's
    [page] = [p for p in (out / "partners").glob("by-entries-*/index.html")]
    assert text(doc(out, page.relative_to(out).as_posix()).xpath("//h1")[0]).startswith("By Entries")


def test_an_unreviewed_partner_is_marked_on_its_page_and_a_listed_one_is_not(tmp_path, project):
    out = build(tmp_path, project)
    unlisted = doc(out, "partners/nordwind-systems/index.html")
    assert unlisted.xpath("//h1/span[@class='badge unreviewed']/text()") == ["unreviewed"]
    assert "Unreviewed:" in text(unlisted.xpath("//p[@class='note']")[0])
    listed = doc(out, "partners/czechoslovak-group/index.html")
    assert not listed.xpath("//*[contains(@class, 'unreviewed')]") and "Unreviewed" not in text(listed)
