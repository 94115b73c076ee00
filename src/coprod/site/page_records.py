"""What one page is made of besides the model: its PageInfo (title, description, feeds,
canonical address), its pager, the timeline's and the partners index's groups; and the
records a page-kind function (pages.py, files.py) hands the renderer to write: Page,
KeyedFile, PlainFile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from coprod.site.graphics.chart import month_name
from coprod.site.model import SiteTerm
from coprod.site.views import EntryView


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str  # MIME type
    path: str


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    heading: str
    description: str
    canonical: str | None  # None for the 404 page, which has no address of its own
    feeds: tuple[FeedLink, ...] = ()
    section: str = ""
    search: bool = False  # the site has a search index (search/ and the header's search box)
    og_type: str = "website"  # Open Graph type: "article" for an entry page


@dataclass(frozen=True)
class Pager:
    entries: list[EntryView]
    number: int
    count: int
    newer_path: str | None
    older_path: str | None
    pages: tuple[tuple[int, str] | None, ...]


PAGER_REACH = 2  # page links shown on each side of the current page


def page_window(number: int, count: int, reach: int = PAGER_REACH) -> list[int | None]:
    """The page numbers a pager links: the first, the last and ``reach`` either side of
    ``number``; None where pages are left out (at most 2 × reach + 5 links, however many
    pages: listing all would make a term with n pages cost n² links)."""
    shown = sorted({1, count, *range(max(1, number - reach), min(count, number + reach) + 1)})
    window: list[int | None] = []
    for page in shown:
        if window and page - window[-1] == 2:
            window.append(page - 1)  # a gap of one page: show the page, not an ellipsis
        elif window and page - window[-1] > 2:
            window.append(None)
        window.append(page)
    return window


@dataclass(frozen=True)
class PartnerGroup:
    """One part of the partners index: ``key`` ("ukrainian", "foreign", "unreviewed"), ``title``, ``terms``."""

    key: str
    title: str
    terms: list[SiteTerm]


@dataclass(frozen=True)
class MonthGroup:
    label: str
    anchor: str
    entries: list[EntryView]


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: list[MonthGroup]


def timeline_groups(entries: list[EntryView], language: str = "en") -> tuple[list[YearGroup], list[EntryView]]:
    """Dated entries by year, then month (newest first; "month unknown" last in its year); undated apart."""
    years: dict[int, dict[int, list[EntryView]]] = {}
    undated: list[EntryView] = []
    for view in entries:
        value = view.entry.date.value
        if value is None:
            undated.append(view)
            continue
        month = value.month if view.entry.date.precision in ("day", "month") else 0
        years.setdefault(value.year, {}).setdefault(month, []).append(view)
    groups: list[YearGroup] = []
    for year in sorted(years, reverse=True):
        months: list[MonthGroup] = []
        for month in sorted(years[year], key=lambda m: (m == 0, -m)):
            label = f"{month_name(month, language)} {year}" if month else f"{year}, month unknown"
            anchor = f"m-{year:04d}-{month:02d}" if month else f"m-{year:04d}"
            months.append(MonthGroup(label, anchor, sorted(years[year][month], key=lambda v: v.entry.sort_key())))
        groups.append(YearGroup(year, months))
    return groups, undated



# ---------------------------------------------------------------- what a page-kind function returns


@dataclass(frozen=True)
class Page:
    """An HTML page: ``template`` rendered with ``context`` (and ``page``, the ``info``)."""

    template: str
    info: PageInfo
    context: Mapping[str, Any]
    related: tuple[str, tuple[str, ...]] | None = None  # an entry's page: (its seed, the related entries' seeds)


@dataclass(frozen=True)
class KeyedFile:
    """A file made by ``make()`` from ``context`` alone: carried over from the previous build
    while ``context`` is unchanged (``name`` says what kind of file, for its cache key)."""

    path: str
    name: str
    context: Mapping[str, Any]
    make: Callable[[], str | bytes]


@dataclass(frozen=True)
class PlainFile:
    """A file written on every build."""

    path: str
    data: str | bytes


Output = Page | KeyedFile | PlainFile
