"""The static site: a small site model built from the entries, rendered with Jinja.

``render_site`` writes every page, feed and asset, and the data export (export.py),
through the build's SiteWriter.
Pages link to each other with relative URLs (``url(path)`` in every template), so
the site works at a domain root and under a path prefix alike; feeds, the sitemap
and ``<link rel="canonical">`` use absolute URLs from ``settings.base_url``.

Template context
================

Every template receives:

``site``
    the Settings (``title``, ``description``, ``base_url``, ``language``, ``author``).
``page``
    a PageInfo: ``path`` (the page's site path, "" for home), ``title`` (for
    ``<title>``), ``heading`` (the page's name), ``description`` (meta description),
    ``canonical`` (absolute URL; None on 404.html), ``feeds`` (FeedLink list for
    ``<link rel="alternate">``), ``section`` (the navigation item it belongs to),
    ``search`` (True when the site has a search index: the header shows the search box).
``nav``
    the site navigation: NavItem list (``label``, ``path``).
``url(path)``
    the link from this page to a site path ("timeline/", "static/style.css").

and, per template (entries are EntryView, terms SiteTerm, see their docstrings):

``home.html``
    ``latest`` (newest entries), ``total``, ``since`` (DateView of the oldest dated
    entry or None), ``countries`` and ``partners`` (SiteTerm lists, most entries
    first), ``categories`` and ``activities`` (those with entries, most first).
``entry.html``
    ``entry``, ``older`` and ``newer`` (the neighbouring on-topic EntryView in time, or
    None), ``related`` (up to five EntryView sharing the most partners, countries and
    categories, best first; see related.py). An off-topic entry (``entry.on_topic``
    false, ``entry.on_topic_reason`` says why) has no neighbours and no related entries;
    ``entry.reasons`` gives "Why these tags" (FieldReasons ``label``, ``values`` of
    ValueReasons ``label``/``note``/``evidence`` of EvidenceView ``rule``/``before``/
    ``matched``/``after``/``words``).
``taxonomy.html``
    ``kind`` (TaxonomyKind: ``key`` such as "countries", ``title``, ``singular``,
    ``intro``, ``path``) and ``terms`` (every SiteTerm of that kind); on the
    countries index also ``grid`` (countrymap.Grid: ``tiles``, ``scale`` of Band
    ``level``/``label``) and ``grid_svg`` (safe inline SVG), elsewhere both None.
``term.html``
    ``kind``, ``term`` and ``pager`` (Pager: ``entries`` on this page, ``number``,
    ``count``, ``newer_path``, ``older_path``, ``pages``: the pages to link as (number, path)
    pairs, the first, the last and two either side of this one, None where pages are left out).
``timeline.html``
    ``years`` (YearGroup list: ``year``, ``months`` of MonthGroup ``label``/``anchor``/
    ``entries``), ``undated`` (EntryView list), ``chart`` (chart.Chart) and
    ``chart_svg`` (safe inline SVG).
``network.html``
    ``network`` (network.Network: ``partners`` of PartnerLinks ``partner``/``group``/
    ``categories``, ``groups``, ``categories``; nodes have ``name``, ``path``, ``count``)
    and ``network_svg`` (safe inline SVG).
``search.html``
    ``kinds`` (the TaxonomyKind list, for the links shown without JavaScript).
``explore.html``
    ``kinds`` (the TaxonomyKind list); the entries come from explore/index.json (explore.py).
``page.html``
    ``content`` (a markup.ContentPage: ``title``, ``html``).
``404.html``
    nothing more; its ``url()`` gives root-relative links ("/tracker/…"), as a 404
    page is served at any depth.
``_entry_body.html`` (included by entry.html) and ``feed_item.html`` (the HTML of a feed item)
    ``entry``; in feed_item.html ``url()`` gives absolute URLs.
``sitemap.xml``
    ``urls`` (absolute URLs of every HTML page but off-topic entries'). ``robots.txt``: ``sitemap_url``.

Off-topic entries have their page and their row in the data export, and nothing else:
no term, count, timeline, chart, network, map, feed, related list, sitemap or search
index shows them (``SiteModel.listed`` holds the others).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from coprod import __version__
from coprod.site import site_paths as paths
from coprod.build.cache import digest
from coprod.site.graphics.chart import MONTH_NAMES, PALETTE_SIZE, build_chart, render_svg
from coprod.site.graphics.countrymap import EUROPE, build_grid
from coprod.site.graphics.countrymap import render_svg as render_grid_svg
from coprod.core.errors import ContentError
from coprod.site.explore import explore_index, index_json
from coprod.site.export import FIELDS as EXPORT_FIELDS
from coprod.site.export import TERM_FILES_OMIT, Exporter
from coprod.site.feeds import FeedInfo, FeedItem, atom_feed, rss_feed
from coprod.build.incremental import PreviousBuild, PreviousOutput, build_key, entry_digest, structure_key
from coprod.site.markup import ContentPage, render_body
from coprod.site.graphics.network import NO_COUNTRY, Group, Network, Node, PartnerLinks, build_network
from coprod.site.graphics.network import render_svg as render_network_svg
from coprod.build.output import SiteWriter, WriteLog
from coprod.build.pipeline import Project
from coprod.build.parallel import forked_map
from coprod.core.records import Entry, Evidence
from coprod.site.related import RelatedIndex
from coprod.core.slugs import seed_hash, unique_slugs
from coprod.extract.taxonomy import safe_slug

HOME_ENTRIES = 10
TASK_SIZE = 50  # entry pages, or pages of one term, rendered as one task
FEEDS_PER_TASK = 20  # term feeds rendered as one task
PARALLEL_MINIMUM = 200  # entries below which rendering in several processes costs more than it saves
PAGE_TEMPLATES = ("home.html", "entry.html", "taxonomy.html", "term.html", "timeline.html", "page.html",
                  "404.html", "feed_item.html", "sitemap.xml", "robots.txt", "network.html", "search.html",
                  "data.html", "explore.html")
DATA_FILES_PER_TASK = 20  # terms whose export files are written as one task
HOME_COUNTRY = "UA"  # the partners index lists Ukraine's own organisations apart
PARTNER_INDEX_PAGES = {"by-entries": "entries"}  # partners/<slug>/ -> the order it lists partners in


# ---------------------------------------------------------------- the site model


@dataclass(frozen=True)
class TaxonomyKind:
    key: str  # "countries"
    title: str  # "Countries"
    singular: str  # "country"
    intro: str

    @property
    def path(self) -> str:
        return paths.taxonomy_path(self.key)


KINDS = {
    "countries": TaxonomyKind("countries", "Countries", "country",
                              "Partner countries named in the entries: where Ukraine produces, repairs or "
                              "develops weapons together with another state or its companies."),
    "partners": TaxonomyKind("partners", "Partners", "partner",
                             "Companies, state concerns, agencies and ministries named as taking part in the "
                             "cooperation."),
    "categories": TaxonomyKind("categories", "Categories", "category",
                               "What the cooperation is about: the kind of weapon or equipment."),
    "activities": TaxonomyKind("activities", "Activities", "activity",
                               "What the partners do together: produce, repair, modernise, develop, transfer "
                               "technology, finance."),
}


@dataclass(frozen=True)
class DateView:
    """An entry's date as shown: ``label`` ("October 2022"), ``iso`` for <time datetime>,
    ``note`` ("published", "estimated from the text", "date unknown"), ``precision``."""

    iso: str | None
    label: str
    note: str
    precision: str | None
    estimated: bool

    @property
    def dated(self) -> bool:
        return self.iso is not None


def date_view(entry: Entry) -> DateView:
    date = entry.date
    if date.value is None:
        return DateView(None, "Date unknown", "date unknown", None, False)
    value = date.value
    if date.precision == "year":
        iso, label = f"{value.year:04d}", str(value.year)
    elif date.precision == "month":
        iso, label = f"{value.year:04d}-{value.month:02d}", f"{MONTH_NAMES[value.month - 1]} {value.year}"
    else:
        iso, label = value.isoformat(), f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    note = {"published": "published", "estimated": "estimated from the text",
            "override": "published (date set by the editors)"}.get(date.source or "", "published")
    if date.precision in ("month", "year"):
        note += f", to the {date.precision}"
    return DateView(iso, label, note, date.precision, date.source == "estimated")


@dataclass(eq=False)
class SiteTerm:
    """A country, partner, category or activity with its entries (newest first).

    ``first`` and ``latest`` are its oldest dated and its newest (dated) EntryView, or None.
    Partners also have ``aliases``, ``partner_kind``, ``listed`` (in the
    organisations list; an unlisted name is "unreviewed") and their country as ``country_label``
    ("🇫🇷 France"), ``country_code`` ("FR") and ``country`` (its SiteTerm when it has a page, else None). Countries have
    ``partners`` (SiteTerm list of partners from that country with entries).
    """

    kind: str
    slug: str
    name: str
    flag: str = ""
    description: str = ""
    entries: list = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    partner_kind: str = ""
    listed: bool = True
    country_label: str = ""
    country_code: str = ""  # a partner's country (ISO code), "" where unknown
    country: "SiteTerm | None" = None
    partners: list = field(default_factory=list)
    first: "EntryView | None" = None  # the oldest dated entry
    latest: "EntryView | None" = None  # the newest entry, if it is dated

    def settle(self) -> None:
        """Note the first and latest entries, once every entry is in (not on every use:
        a term's pages would each walk all of its entries)."""
        dated = [e for e in self.entries if e.date.dated]
        self.first = dated[-1] if dated else None
        self.latest = self.entries[0] if self.entries and self.entries[0].date.dated else None

    @property
    def path(self) -> str:
        return paths.term_path(self.kind, self.slug)

    @property
    def feed_path(self) -> str:
        return paths.term_feed_path(self.kind, self.slug)

    @property
    def data_csv_path(self) -> str:
        return paths.term_data_path(self.kind, self.slug, "csv")

    @property
    def data_json_path(self) -> str:
        return paths.term_data_path(self.kind, self.slug, "json")

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class SourceLink:
    """A publisher of an entry's story: ``label`` (its name or its URL's host), ``href`` (an
    http(s) URL fit for an href, or None)."""

    label: str
    href: str | None


TAG_FIELDS = ("countries", "partners", "categories", "activities")
EXCERPT_SENTENCES = 5  # evidence sentences an excerpt quotes beyond the lead paragraph, at most
HTML_TAG = re.compile(r"<[^>]*>")


@dataclass(eq=False)
class EntryView:
    """An entry as the templates show it.

    ``title``, ``summary`` and ``captions`` are plain text (autoescaped); ``body_html``
    is safe HTML; ``source_url`` is an http(s) URL fit for an href, or None, ``source_label`` the
    source's name or the URL's host; ``more_sources`` (label, href or None) pairs of
    other publishers of the same story; ``countries``,
    ``partners``, ``categories``, ``activities`` are SiteTerm lists (empty for an
    off-topic entry); ``on_topic`` and ``on_topic_reason`` as in the entry; ``reasons``
    the evidence of every value, per field (FieldReasons list, see ``field_reasons``).
    """

    entry: Entry
    path: str
    date: DateView
    source_name: str | None
    source_url: str | None
    countries: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    activities: list = field(default_factory=list)

    @cached_property
    def body_html(self) -> Markup:
        """The body as safe HTML, rendered on first use: unchanged pages never need it."""
        return render_body(self.entry.body)

    @property
    def title(self) -> str:
        return self.entry.title or "(untitled)"

    @property
    def summary(self) -> str:
        return self.entry.summary

    @property
    def captions(self) -> tuple[str, ...]:
        return self.entry.captions

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def on_topic(self) -> bool:
        return self.entry.on_topic

    @property
    def on_topic_reason(self) -> str:
        return self.entry.on_topic_reason

    @cached_property
    def reasons(self) -> list["FieldReasons"]:
        return field_reasons(self)

    @property
    def more_sources(self) -> list[tuple[str, str | None]]:
        """The same story from other publishers: (label, http(s) href or None) pairs."""
        result = []
        for source in getattr(self.entry, "more_sources", ()):
            href = paths.web_href(source.url)
            label = source.name or (urlsplit(href).hostname if href else None)
            if label:
                result.append((label, href))
        return result

    @property
    def source_label(self) -> str | None:
        """The source's name, else the host of its URL, else None."""
        if self.source_name:
            return self.source_name
        return (urlsplit(self.source_url).hostname or self.source_url) if self.source_url else None

    @property
    def sources(self) -> list[SourceLink]:
        """Every known publisher of the story, the entry's own source first."""
        first = [SourceLink(self.source_label, self.source_url)] if self.source_label else []
        return first + [SourceLink(label, href) for label, href in self.more_sources]

    @property
    def read_at(self) -> list[SourceLink]:
        """The publishers whose article can be linked ("Read at … ↗")."""
        return [source for source in self.sources if source.href]

    @cached_property
    def excerpt(self) -> tuple[str, ...]:
        """What the page quotes of the article (plain text): the lead paragraph, then up to
        EXCERPT_SENTENCES sentences that are the evidence for the entry's tags, in the order
        of the body; only sentences that occur in the body, so a quote is always the article's."""
        lead = " ".join(self.entry.summary.split())
        body = " ".join(html.unescape(HTML_TAG.sub(" ", self.body_html)).split())
        found: dict[str, int] = {}
        for item in self.entry.evidence:
            text = " ".join(item.text.split())
            if item.field in TAG_FIELDS and text and text not in found and text not in lead:
                at = body.find(text)
                if at >= 0:
                    found[text] = at
        quoted = sorted(found, key=lambda text: (found[text], text))[:EXCERPT_SENTENCES]
        return ((lead,) if lead else ()) + tuple(quoted)


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence as shown: ``rule``; the sentence split around the first place
    the matched words occur (``before``, ``matched``, ``after``, plain text), or, where they
    do not occur in it, ``before`` the whole sentence, ``matched`` "" and ``words`` them."""

    rule: str
    before: str
    matched: str
    after: str
    words: str


def evidence_view(evidence: Evidence) -> EvidenceView:
    text, words = evidence.text, evidence.matched
    found = re.search(re.escape(words), text, re.IGNORECASE) if words and text else None
    if found is None:
        return EvidenceView(evidence.rule, text, "", "", words)
    return EvidenceView(evidence.rule, text[:found.start()], found.group(), text[found.end():], "")


@dataclass(frozen=True)
class ValueReasons:
    label: str  # the value as the page names it ("Czechia", "Ammunition", "12 May 2024")
    evidence: tuple[EvidenceView, ...]  # none when the entry recorded none
    note: str = ""  # for on_topic, the entry's reason


@dataclass(frozen=True)
class FieldReasons:
    label: str  # "Countries"
    values: tuple[ValueReasons, ...]


REASON_FIELDS = (("date", "Date"), ("on_topic", "On topic"), ("countries", "Countries"), ("partners", "Partners"),
                 ("categories", "Categories"), ("activities", "Activities"))


def field_reasons(view: EntryView) -> list[FieldReasons]:
    """Per field, each value of the entry with its evidence, in the entry's order; fields
    without a value are left out (on_topic always has one)."""
    entry = view.entry
    by_value: dict[tuple[str, str], list[EvidenceView]] = {}
    for item in entry.evidence:
        by_value.setdefault((item.field, item.value), []).append(evidence_view(item))
    values: dict[str, list[tuple[str, str]]] = {
        "date": [(entry.date.iso(), view.date.label)] if entry.date.value is not None else [],
        "on_topic": [("true", "Yes")] if entry.on_topic else [("false", "No")],
    }
    for key in ("countries", "partners", "categories", "activities"):
        # The view's terms are the entry's values, in order (build_model); none for an off-topic entry.
        names = {value: term.name for value, term in zip(dict.fromkeys(getattr(entry, key)), getattr(view, key))}
        values[key] = [(value, names.get(value, value)) for value in dict.fromkeys(getattr(entry, key))]
    result = []
    for key, label in REASON_FIELDS:
        note = entry.on_topic_reason if key == "on_topic" else ""
        shown = tuple(ValueReasons(name, tuple(by_value.get((key, value), ())), note) for value, name in values[key])
        if shown:
            result.append(FieldReasons(label, shown))
    return result


@dataclass
class SiteModel:
    entries: list[EntryView]  # every entry, newest first
    terms: dict[str, list[SiteTerm]]  # kind -> terms in index order
    pages: list[ContentPage]
    listed: list[EntryView] = field(default_factory=list)  # the on-topic entries: what the site lists and counts

    @property
    def newest_date(self) -> dt.date | None:
        dates = [e.entry.date.value for e in self.listed if e.entry.date.value]
        return max(dates) if dates else None


def build_model(entries: list[Entry], project: Project, pages: list[ContentPage]) -> SiteModel:
    taxonomy = project.taxonomy
    entries = sorted(entries, key=Entry.sort_key)
    every_entry, entries = entries, [e for e in entries if e.on_topic]  # only on-topic entries make terms

    countries: dict[str, SiteTerm] = {}
    for code in sorted({c for e in entries for c in e.countries}):
        country = taxonomy.countries.get(code)
        countries[code] = SiteTerm("countries", code.lower(), country.name if country else code,
                                   flag=country.flag if country else "")

    partner_names = sorted({p for e in entries for p in e.partners})
    listed = {name: taxonomy.partner_named(name) for name in partner_names}
    wanted = {name: (listed[name].slug if listed[name] else safe_slug(name)) or f"partner-{seed_hash(name)}"
              for name in partner_names}
    # A partner's page may not take the path of the index's second order (partners/by-entries/).
    slugs = unique_slugs({name: slug if slug not in PARTNER_INDEX_PAGES else f"{slug}-{seed_hash(name)}"
                          for name, slug in wanted.items()})
    partners: dict[str, SiteTerm] = {}
    for name in partner_names:
        info = listed[name]
        term = SiteTerm("partners", slugs[name], name, listed=info is not None)
        if info is not None:
            term.aliases = tuple(a for a in info.aliases if a != name)
            term.partner_kind = info.kind
            if info.country:
                country = taxonomy.countries.get(info.country)
                term.flag = country.flag if country else ""
                term.country_label = f"{country.flag} {country.name}" if country else info.country
                term.country_code = info.country
                term.country = countries.get(info.country)
                if term.country is not None:
                    term.country.partners.append(term)
        partners[name] = term

    def vocabulary(kind: str, terms) -> dict[str, SiteTerm]:
        result = {t.slug: SiteTerm(kind, t.slug, t.name, description=t.description) for t in terms}
        for slug in sorted({s for e in entries for s in getattr(e, kind)} - set(result)):
            result[slug] = SiteTerm(kind, slug, slug)  # not in the vocabulary (cannot happen after validation)
        return result

    categories = vocabulary("categories", taxonomy.categories)
    activities = vocabulary("activities", taxonomy.activities)

    views = []
    for entry in every_entry:
        source_url = paths.web_href(entry.source.url)
        view = EntryView(entry=entry, path=paths.entry_path(entry.slug), date=date_view(entry),
                         source_name=entry.source.name or None, source_url=source_url)
        views.append(view)
        if not entry.on_topic:
            continue
        for attr, table, keys in (("countries", countries, entry.countries), ("partners", partners, entry.partners),
                                  ("categories", categories, entry.categories),
                                  ("activities", activities, entry.activities)):
            for key in dict.fromkeys(keys):
                term = table[key]
                getattr(view, attr).append(term)
                term.entries.append(view)

    by_name = lambda t: (t.name.casefold(), t.slug)  # noqa: E731
    terms = {
        "countries": sorted(countries.values(), key=by_name),
        "partners": sorted(partners.values(), key=by_name),
        "categories": list(categories.values()),
        "activities": list(activities.values()),
    }
    for country in countries.values():
        country.partners.sort(key=by_name)
    for table in (countries, partners, categories, activities):
        for term in table.values():
            term.settle()
    return SiteModel(entries=views, terms=terms, pages=pages, listed=[v for v in views if v.entry.on_topic])


# ---------------------------------------------------------------- page records


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
    entries: list
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
    terms: list


@dataclass(frozen=True)
class MonthGroup:
    label: str
    anchor: str
    entries: list


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: list


def timeline_groups(entries: list[EntryView]) -> tuple[list[YearGroup], list[EntryView]]:
    """Dated entries by year, then month (newest first; "month unknown" last in its year); undated apart."""
    years: dict[int, dict[int, list[EntryView]]] = {}
    undated = []
    for view in entries:
        value = view.entry.date.value
        if value is None:
            undated.append(view)
            continue
        month = value.month if view.entry.date.precision in ("day", "month") else 0
        years.setdefault(value.year, {}).setdefault(month, []).append(view)
    groups = []
    for year in sorted(years, reverse=True):
        months = []
        for month in sorted(years[year], key=lambda m: (m == 0, -m)):
            label = f"{MONTH_NAMES[month - 1]} {year}" if month else f"{year}, month unknown"
            anchor = f"m-{year:04d}-{month:02d}" if month else f"m-{year:04d}"
            months.append(MonthGroup(label, anchor, sorted(years[year][month], key=lambda v: v.entry.sort_key())))
        groups.append(YearGroup(year, months))
    return groups, undated


# ---------------------------------------------------------------- rendering


PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.date})


class ContextFingerprint:
    """A stable digest of everything a template is given, so an unchanged page can be
    carried over from the previous build without rendering it.

    Entries count by the digest of their whole record (``digests``, seed ->
    incremental.entry_digest) and the slugs of their terms, terms by what term pages
    show of them, other records field by field. A value of an unknown type makes the
    page uncacheable, never wrongly cached. ``key`` also says which entries the
    context showed (see incremental.py).
    """

    def __init__(self, site_key: str, digests: dict[str, str]):
        self.site_key = site_key
        self.digests = digests
        self.seen: set[str] = set()  # seeds of the entries met while working out one key
        self._entries: dict[int, str] = {}
        self._terms: dict[int, tuple[object, tuple[str, ...]]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}  # a dataclass' field names (fields() is slow)
        self._shared: dict[int, tuple[object, object]] = {}

    def entry(self, view: "EntryView") -> str:
        key = id(view)
        self.seen.add(view.entry.seed)
        if key not in self._entries:
            terms = [t.slug for t in (*view.countries, *view.partners, *view.categories, *view.activities)]
            self._entries[key] = digest(self.digests[view.entry.seed], view.path, *terms)
        return self._entries[key]

    def parts(self, value) -> object:
        kind = type(value)
        if kind in PLAIN_TYPES:
            return repr(value)
        if kind is EntryView:
            return ("entry", self.entry(value))
        if kind is SiteTerm:
            if id(value) not in self._terms:
                country = value.country.slug if value.country is not None else None
                shown = [e for e in (value.first, value.latest) if e is not None]
                parts = ("term", value.kind, value.slug, value.name, value.flag, value.description, value.aliases,
                         value.partner_kind, value.listed, value.country_label, value.country_code, country,
                         value.count,
                         [self.entry(e) for e in shown], [(p.slug, p.name, p.flag, p.count) for p in value.partners])
                self._terms[id(value)] = (parts, tuple(e.entry.seed for e in shown))
            parts, seeds = self._terms[id(value)]
            self.seen.update(seeds)
            return parts
        if kind is list or kind is tuple:
            return [self.parts(v) for v in value]
        if kind is FeedLink or kind is TaxonomyKind:  # immutable, and the same few on every page
            if id(value) not in self._shared:
                self._shared[id(value)] = (value, self.dataclass_parts(value))  # holds value: its id stays its
            return self._shared[id(value)][1]
        if isinstance(value, (str, int, float, bool, dt.date)):  # subclasses: Markup, datetime
            return repr(value)
        if isinstance(value, dict):
            return [[repr(k), self.parts(v)] for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
        if is_dataclass(value) and not isinstance(value, type):
            return self.dataclass_parts(value)
        raise TypeError(f"no fingerprint for {kind.__name__}")

    def dataclass_parts(self, value) -> list:
        kind = type(value)
        if kind not in self._fields:
            self._fields[kind] = tuple(f.name for f in fields(value))
        return [kind.__name__] + [[name, self.parts(getattr(value, name))] for name in self._fields[kind]]

    def key(self, template: str, context: dict) -> tuple[str | None, tuple[str, ...]]:
        """The key of ``template`` given ``context`` (None: uncacheable), and the seeds of the
        entries the context shows."""
        self.seen = set()
        try:
            parts = [[name, self.parts(value)] for name, value in sorted(context.items())]
        except TypeError:
            return None, ()
        key = digest(self.site_key, template, json.dumps(parts, ensure_ascii=False, separators=(",", ":")))
        return key, tuple(sorted(self.seen))


def site_key(project: Project, templates_dir: Path, model: "SiteModel") -> str:
    """What every page depends on: package version, templates, settings, taxonomy, content pages."""
    parts = [__version__, repr(project.settings), project.taxonomy.fingerprint]
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            parts += [path.relative_to(templates_dir).as_posix(), digest(path.read_bytes())]
    parts += [repr(page) for page in model.pages]
    parts.append(repr(project.quality))
    return digest(*parts)


class SiteRenderer:
    """Renders the model's pages through one Jinja environment into one SiteWriter.

    ``previous`` (what the previous build recorded in the build cache) lets a page whose
    inputs are unchanged, and whose file is the one that build wrote, be carried over
    without rendering (see ``keyed``); ``outputs`` collects this build's (path, key, seeds,
    size, mtime), size and mtime None for a file written anew.
    """

    def __init__(self, model: SiteModel, project: Project, templates_dir: Path, writer: SiteWriter,
                 previous: PreviousBuild | None = None, search: bool = True):
        self.search = search
        self.previous = previous or PreviousBuild()
        self.outputs: list[tuple[str, str, tuple[str, ...], int | None, int | None]] = []
        self.model = model
        self.settings = project.settings
        self.project = project
        self.templates_dir = templates_dir
        self.writer = writer
        self.html_pages: list[str] = []
        self.views_by_seed = {view.entry.seed: view for view in model.entries}
        self.listed_position = {view.entry.seed: index for index, view in enumerate(model.listed)}
        self.structure = structure_key(view.entry for view in model.entries)
        # The same dates and terms as the previous build: the same related entries.
        known = self.previous.related if self.previous.structure == self.structure else None
        self.related = RelatedIndex([view.entry for view in model.listed], known=known or None)
        self.related_found: dict[str, tuple[str, ...]] = {}  # seed -> related seeds, as rendered
        self.feed_items: dict[str, FeedItem] = {}  # seed -> its feed item, made once (see item())
        self.exporter = Exporter(self.settings)  # encodes each entry once for all the export files
        if not templates_dir.is_dir():
            raise ContentError(templates_dir, "templates folder not found")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg"), default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates are read once per build; no stat() of each one per page
        )
        self.nav = (NavItem("Home", paths.HOME), NavItem("Timeline", paths.TIMELINE),
                    *(NavItem(k.title, k.path) for k in KINDS.values()), NavItem("Network", paths.NETWORK),
                    NavItem("Explore", paths.EXPLORE), NavItem("Data", paths.DATA_PAGE),
                    *(NavItem(p.title, paths.content_page_path(p.slug)) for p in model.pages))
        self.site_feeds = (FeedLink(f"{self.settings.title} (RSS)", "application/rss+xml", paths.RSS_FEED),
                           FeedLink(f"{self.settings.title} (Atom)", "application/atom+xml", paths.ATOM_FEED))
        for name in PAGE_TEMPLATES:  # a missing or broken template stops the build before any page
            self.template(name)
        key = site_key(project, templates_dir, model)
        self.digests = {view.entry.seed: entry_digest(view.entry) for view in model.entries}
        self.fingerprint = ContextFingerprint(key, self.digests)
        self.build_key = build_key(key, search, self.structure)
        # With the previous build's build key, only pages showing a changed entry can differ.
        self.changed = {seed for seed, d in self.digests.items() if self.previous.digests.get(seed) != d} \
            if self.previous.build_key == self.build_key else None

    # ------------------------------------------------------------ helpers

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise ContentError(self.templates_dir / name, "template missing") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(self.templates_dir / (exc.name or name), f"line {exc.lineno}: {exc.message}") from None

    def render(self, name: str, url: Callable[[str], str], **context) -> str:
        try:
            return self.template(name).render(site=self.settings, nav=self.nav, url=url, **context)
        except jinja2.TemplateError as exc:
            raise ContentError(self.templates_dir / name, f"cannot be rendered: {exc}") from None

    def relative_from(self, path: str) -> Callable[[str], str]:
        return paths.relative_linker(path)

    def absolute(self, target: str) -> str:
        return paths.absolute_url(self.settings, target)

    def intact(self, relpath: str, previous: PreviousOutput) -> bool:
        """Is the file at ``relpath`` the one the previous build wrote there?"""
        old = self.writer.previous_stat(relpath)
        return old is not None and (old.st_size, old.st_mtime_ns) == (previous.size, previous.mtime)

    def carry_over(self, relpath: str, previous: PreviousOutput) -> None:
        self.writer.carry_over(relpath)
        self.outputs.append((relpath, previous.key, previous.seeds, previous.size, previous.mtime))

    def keyed(self, relpath: str, name: str, context: dict, make: Callable[[], str | bytes]) -> None:
        """Write ``make()``, the output ``name`` made from ``context``, to ``relpath``; or carry
        the previous build's file over: without looking at ``context`` when no entry it showed
        has changed since (incremental.py), else when ``context`` has the same key as then."""
        previous = self.previous.outputs.get(relpath)
        if previous is not None and self.changed is not None and not any(s in self.changed for s in previous.seeds) \
                and self.intact(relpath, previous):
            self.carry_over(relpath, previous)
            return
        key, seeds = self.fingerprint.key(name, context)
        if key is not None and previous is not None and previous.key == key and self.intact(relpath, previous):
            self.carry_over(relpath, previous)
            return
        self.writer.write(relpath, make())
        if key is not None:
            self.outputs.append((relpath, key, seeds, None, None))  # size and time: once it is written

    def page(self, template: str, info: PageInfo, **context) -> None:
        context = dict(page=info, **context)
        self.keyed(paths.output_file(info.path), template, context,
                   lambda: self.render(template, self.relative_from(info.path), **context))
        self.html_pages.append(info.path)

    def info(self, path: str, heading: str, description: str = "", feeds=(), section: str | None = None,
             title: str | None = None) -> PageInfo:
        return PageInfo(path=path, title=title or f"{heading} · {self.settings.title}", heading=heading,
                        description=" ".join((description or self.settings.description).split()),
                        canonical=self.absolute(path), feeds=tuple(self.site_feeds) + tuple(feeds),
                        section=path.split("/")[0] + "/" if section is None and path else (section or ""),
                        search=self.search)

    # ------------------------------------------------------------ pages

    def render_all(self, jobs: int = 1, progress: Callable[[str, int, int], None] | None = None) -> None:
        """Every file of the site. The pages, term feeds and data export are independent
        tasks (see ``tasks``), run in ``jobs`` processes when there are enough of them; what
        each task wrote is then taken in task order, so the result does not depend on ``jobs``."""
        tasks = self.tasks()
        workers = jobs if len(self.model.entries) >= PARALLEL_MINIMUM else 1
        found: dict[str, tuple[str, ...]] = {}
        finished = 0

        def advance(count: int) -> None:
            nonlocal finished
            finished += count
            progress("rendering", finished, len(tasks))

        for done in forked_map(_run_task, self, tasks, workers, batch_size=1, progress=advance if progress else None):
            self.writer.replay(done.files)
            self.outputs += done.outputs
            self.html_pages += done.html_pages
            found.update(done.related)
        self.related_found = found
        self.not_found()
        self.site_feeds_files()
        self.sitemap()
        self.static()

    def tasks(self) -> list[tuple]:
        """The site's pages and term feeds as tasks, each a method name and its arguments
        (small, so they can be handed to a worker process), in the order of the output."""
        tasks: list[tuple] = [("data_export",), ("home",)]  # the export first: the longest task
        total = len(self.model.entries)
        tasks += [("entries", start, min(total, start + TASK_SIZE)) for start in range(0, total, TASK_SIZE)]
        for kind in KINDS.values():
            tasks.append(("taxonomy_index", kind.key))
            for index, term in enumerate(self.model.terms[kind.key]):
                count = self.page_count(term)
                tasks += [("term", kind.key, index, first, min(count, first + TASK_SIZE - 1))
                          for first in range(1, count + 1, TASK_SIZE)]
        tasks += [("timeline",), ("network",), ("explore",), ("data_page",)]
        if self.search:
            tasks.append(("search_page",))
        tasks += [("content_page", index) for index in range(len(self.model.pages))]
        for kind in KINDS.values():
            total = len(self.model.terms[kind.key])
            tasks += [("term_feeds", kind.key, start, min(total, start + FEEDS_PER_TASK))
                      for start in range(0, total, FEEDS_PER_TASK)]
            tasks += [("term_data", kind.key, start, min(total, start + DATA_FILES_PER_TASK))
                      for start in range(0, total, DATA_FILES_PER_TASK)]
        return tasks

    def home(self) -> None:
        model = self.model
        dated = [v for v in model.listed if v.date.dated]
        info = self.info(paths.HOME, self.settings.title, title=f"{self.settings.title}: {self.settings.description}",
                         section="")
        by_count = lambda t: (-t.count, t.name.casefold(), t.slug)  # noqa: E731
        self.page("home.html", info,
                  latest=model.listed[:HOME_ENTRIES], total=len(model.listed),
                  since=dated[-1].date if dated else None,
                  countries=sorted(model.terms["countries"], key=by_count),
                  partners=sorted(model.terms["partners"], key=by_count),
                  categories=sorted((t for t in model.terms["categories"] if t.count), key=by_count),
                  activities=sorted((t for t in model.terms["activities"] if t.count), key=by_count))

    def data_export(self) -> None:
        """data/entries.json and data/entries.csv (export.py): every entry, off-topic ones too."""
        entries = [view.entry for view in self.model.entries]
        self.writer.write(paths.DATA_JSON, self.exporter.json(entries))
        self.writer.write(paths.DATA_CSV, self.exporter.csv(entries))

    def term_data(self, key: str, start: int, end: int) -> None:
        """The export files of the entries of the terms of kind ``key`` from ``start`` to ``end``."""
        for term in self.model.terms[key][start:end]:
            shown = list(term.entries)
            term_json = lambda entries: self.exporter.json(entries, evidence=False)  # noqa: E731 (TERM_FILES_OMIT)
            for path, make in ((term.data_json_path, term_json), (term.data_csv_path, self.exporter.csv)):
                self.keyed(path, "data " + path.rsplit(".", 1)[1], {"entries": shown},
                           lambda make=make: make([view.entry for view in shown]))

    def data_page(self) -> None:
        """data/: licence, how to cite, the data dictionary (export.FIELDS), how entries are
        extracted and how well (content/quality.yaml), and every download."""
        dated = [view for view in self.model.listed if view.date.dated]
        info = self.info(paths.DATA_PAGE, "Data",
                         "The entries as open data: licence, how to cite, every field explained, how entries are "
                         "extracted and how well, and downloads per country, partner, category and activity.")
        self.page("data.html", info, fields=EXPORT_FIELDS, term_files_omit=TERM_FILES_OMIT, updated=dated[0].date if dated else None,
                  total=len(self.model.entries), listed=len(self.model.listed), quality=self.project.quality,
                  downloads=tuple((kind, self.model.terms[kind.key]) for kind in KINDS.values()))

    def entries(self, start: int, end: int) -> None:
        """The pages of the entries from ``start`` to ``end`` (newest first). Neighbours and
        related entries are on-topic ones; an off-topic entry has neither."""
        listed = self.model.listed
        for view in self.model.entries[start:end]:
            index = self.listed_position.get(view.entry.seed)
            newer = listed[index - 1] if index is not None and index > 0 else None
            older = listed[index + 1] if index is not None and index + 1 < len(listed) else None
            found = self.related.of(view.entry.seed) if index is not None else []
            self.related_found[view.entry.seed] = tuple(e.seed for e in found)
            related = [self.views_by_seed[e.seed] for e in found]
            info = replace(self.info(view.path, view.title, view.summary, section=""), og_type="article")
            self.page("entry.html", info, entry=view, older=older, newer=newer, related=related)

    def taxonomy_index(self, key: str) -> None:
        kind, terms = KINDS[key], self.model.terms[key]
        if key == "partners":
            self.partner_index("name", kind.path)
            for slug, order in PARTNER_INDEX_PAGES.items():
                self.partner_index(order, f"{kind.path}{slug}/")
            return
        grid = self.country_grid() if key == "countries" else None
        svg = render_grid_svg(grid, "Partner countries by number of entries", self.relative_from(kind.path)) \
            if grid else None
        self.page("taxonomy.html", self.info(kind.path, kind.title, kind.intro), kind=kind, terms=terms,
                  grid=grid, grid_svg=svg, partner_groups=None, orders=None, order=None)

    def partner_index(self, order: str, path: str) -> None:
        """The partners index in one order ("name" or "entries"), as its own page so that both
        orders work without JavaScript: Ukrainian organisations, foreign ones, and the names in
        no list (unreviewed) apart."""
        kind = KINDS["partners"]
        terms = self.model.terms["partners"]  # by name
        if order == "entries":
            terms = sorted(terms, key=lambda t: (-t.count, t.name.casefold(), t.slug))
        groups = (PartnerGroup("ukrainian", "Ukrainian organisations",
                               [t for t in terms if t.listed and t.country_code == HOME_COUNTRY]),
                  PartnerGroup("foreign", "Foreign and international organisations",
                               [t for t in terms if t.listed and t.country_code != HOME_COUNTRY]),
                  PartnerGroup("unreviewed", "Unreviewed names", [t for t in terms if not t.listed]))
        orders = (("name", "Name", kind.path),
                  *((name, "Number of entries", f"{kind.path}{slug}/") for slug, name in PARTNER_INDEX_PAGES.items()))
        heading = kind.title if order == "name" else f"{kind.title} by number of entries"
        self.page("taxonomy.html", self.info(path, heading, kind.intro, section=kind.path), kind=kind, terms=terms,
                  grid=None, grid_svg=None, partner_groups=groups, orders=orders, order=order)

    def content_page(self, index: int) -> None:
        content = self.model.pages[index]
        path = paths.content_page_path(content.slug)
        self.page("page.html", self.info(path, content.title, content.description), content=content)

    def country_grid(self):
        countries = [(t.slug.upper(), t.name, t.count, t.path) for t in self.model.terms["countries"]]
        names = {code: country.name for code in EUROPE
                 if (country := self.project.taxonomy.countries.get(code)) is not None}
        return build_grid(countries, names)

    def network_data(self) -> Network:
        """The partner network (network.py) from the partner terms: each partner's country and
        the categories of its entries, with counts."""
        vocabulary = {t.slug: index for index, t in enumerate(self.project.taxonomy.categories)}
        categories = {t.slug: Node(t.slug, t.name, t.path, t.count, vocabulary.get(t.slug, 0) % PALETTE_SIZE)
                      for t in self.model.terms["categories"]}
        taxonomy = self.project.taxonomy
        links = []
        for term in self.model.terms["partners"]:
            if not term.entries:
                continue
            if term.country is not None:
                country = term.country
                group = Group(country.name, Node(country.slug, country.name, country.path, country.count))
            else:
                info = taxonomy.partner_named(term.name)
                known = taxonomy.countries.get(info.country) if info is not None and info.country else None
                group = Group(known.name if known else NO_COUNTRY, None)
            counts: dict[str, int] = {}
            for view in term.entries:
                for category in view.categories:
                    counts[category.slug] = counts.get(category.slug, 0) + 1
            ordered = sorted(counts, key=lambda slug: (vocabulary.get(slug, len(vocabulary)), slug))
            links.append(PartnerLinks(Node(term.slug, term.name, term.path, term.count), group,
                                      tuple((categories[slug], counts[slug]) for slug in ordered)))
        home = taxonomy.countries.get("UA")
        return build_network(links, home.name if home else "Ukraine")

    def network(self) -> None:
        network = self.network_data()
        svg = render_network_svg(network, "Partner network: partners, their categories and countries",
                                 self.relative_from(paths.NETWORK))
        info = self.info(paths.NETWORK, "Partner network",
                         "Which partner organisations work with Ukraine in which categories, and which countries "
                         "they belong to.")
        self.page("network.html", info, network=network, network_svg=svg)

    def search_page(self) -> None:
        info = self.info(paths.SEARCH, "Search",
                         "Search every entry, and narrow the results by country, partner, category, activity "
                         "and year.")
        self.page("search.html", info, kinds=tuple(KINDS.values()))

    def explore(self) -> None:
        """The explorer page and its index (explore.py) of the on-topic entries."""
        views = ((v.entry, {kind: getattr(v, kind) for kind in KINDS}) for v in self.model.listed)
        self.writer.write(paths.EXPLORE_INDEX, index_json(explore_index(views, self.model.terms)))
        info = self.info(paths.EXPLORE, "Explore",
                         "Combine countries, partners, categories, activities and dates to find entries, and "
                         "download what you found.")
        self.page("explore.html", info, kinds=tuple(KINDS.values()))

    def page_count(self, term: SiteTerm) -> int:
        return max(1, -(-len(term.entries) // self.settings.page_size))

    def term(self, key: str, index: int, first: int, last: int) -> None:
        """Pages ``first`` to ``last`` of the ``index``-th term of kind ``key``."""
        kind, term = KINDS[key], self.model.terms[key][index]
        size, count = self.settings.page_size, self.page_count(term)
        page_path = lambda n: paths.term_path(kind.key, term.slug, n)  # noqa: E731
        feed = FeedLink(f"{term.name}: {self.settings.title} (RSS)", "application/rss+xml", term.feed_path)
        for number in range(first, last + 1):
            path = page_path(number)
            window = tuple((n, page_path(n)) if n else None for n in page_window(number, count))
            pager = Pager(entries=term.entries[(number - 1) * size:number * size], number=number, count=count,
                          newer_path=page_path(number - 1) if number > 1 else None,
                          older_path=page_path(number + 1) if number < count else None, pages=window)
            heading = f"{term.flag} {term.name}".strip() if kind.key == "countries" else term.name
            title = f"{term.name}{f' (page {number})' if number > 1 else ''} · {kind.title} · {self.settings.title}"
            description = term.description or f"Entries on Ukraine's defence-industrial cooperation: {term.name}."
            self.page("term.html", self.info(path, heading, description, feeds=(feed,), section=kind.path,
                                             title=title),
                      kind=kind, term=term, pager=pager)

    def timeline(self) -> None:
        years, undated = timeline_groups(self.model.listed)
        chart = build_chart([v.entry for v in self.model.listed], self.project.taxonomy.categories)
        svg = render_svg(chart, "Entries per month, by category")
        info = self.info(paths.TIMELINE, "Timeline",
                         "Every entry by year and month, with a chart of entries per month by category.")
        self.page("timeline.html", info, years=years, undated=undated, chart=chart, chart_svg=svg)

    def not_found(self) -> None:
        info = PageInfo(path=paths.NOT_FOUND, title=f"Page not found · {self.settings.title}",
                        heading="Page not found", description=self.settings.description,
                        canonical=None, feeds=self.site_feeds, search=self.search)
        html = self.render("404.html", lambda target: paths.root_relative_url(self.settings, target), page=info)
        self.writer.write(paths.NOT_FOUND, html)

    # ------------------------------------------------------------ feeds, sitemap, assets

    def feed_item(self, view: EntryView) -> FeedItem:
        content = self.render("feed_item.html", self.absolute, entry=view).strip()
        categories = tuple((t.name, self.absolute(paths.taxonomy_path(t.kind)))
                           for t in (*view.categories, *view.activities, *view.countries))
        # A feed date is a day: a date known only to the year gets none (its text says the year).
        date = view.entry.date.value if view.entry.date.precision != "year" else None
        return FeedItem(title=view.title, url=self.absolute(view.path), summary=view.summary,
                        content_html=content, date=date, categories=categories)

    def item(self, view: EntryView) -> FeedItem:
        """The feed item of an entry, made once per process (an entry is in several feeds)."""
        if view.entry.seed not in self.feed_items:
            self.feed_items[view.entry.seed] = self.feed_item(view)
        return self.feed_items[view.entry.seed]

    def site_feeds_files(self) -> None:
        """The site's RSS and Atom feeds: the newest entries."""
        settings, newest = self.settings, self.model.newest_date
        items = [self.item(v) for v in self.model.listed[:settings.feed_size]]
        for path, make in ((paths.RSS_FEED, rss_feed), (paths.ATOM_FEED, atom_feed)):
            info = FeedInfo(settings.title, settings.description, self.absolute(paths.HOME), self.absolute(path))
            self.writer.write(path, make(settings, info, items, newest))

    def term_feeds(self, key: str, start: int, end: int) -> None:
        """The RSS feeds of the terms of kind ``key`` from ``start`` to ``end``."""
        settings, newest, kind = self.settings, self.model.newest_date, KINDS[key]
        for term in self.model.terms[key][start:end]:
            info = FeedInfo(f"{term.name} · {kind.title} · {settings.title}",
                            term.description or f"Entries on {term.name}, newest first.",
                            self.absolute(term.path), self.absolute(term.feed_path))
            shown = term.entries[:settings.feed_size]
            self.keyed(term.feed_path, "feed", {"info": info, "entries": shown, "newest": newest},
                       lambda: rss_feed(settings, info, [self.item(v) for v in shown], newest))

    def sitemap(self) -> None:
        """Every HTML page but those of off-topic entries: not what the site is about."""
        off_topic = {view.path for view in self.model.entries if not view.entry.on_topic}
        urls = [self.absolute(path) for path in self.html_pages if path not in off_topic]
        self.writer.write(paths.SITEMAP, self.render("sitemap.xml", self.absolute, urls=urls))
        self.writer.write(paths.ROBOTS, self.render("robots.txt", self.absolute,
                                                    sitemap_url=self.absolute(paths.SITEMAP)))

    def static(self) -> None:
        folder = self.templates_dir / "static"
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                self.writer.write(paths.static_path(relative.as_posix()), path.read_bytes())


@dataclass(frozen=True)
class TaskResult:
    """What one rendering task did: the files it wrote or kept, and the records of them."""

    files: WriteLog
    outputs: list[tuple[str, str, tuple[str, ...], int | None, int | None]]
    html_pages: list[str]
    related: dict[str, tuple[str, ...]]  # seed -> related seeds, for the entry pages rendered


def _run_task(renderer: SiteRenderer, task: tuple) -> TaskResult:
    """Run one task of ``renderer.tasks()`` and take back out what it recorded, for the caller
    to replay in task order: the same steps whether the task ran here or in a worker process."""
    mark, outputs_mark, pages_mark = renderer.writer.mark(), len(renderer.outputs), len(renderer.html_pages)
    renderer.related_found = {}
    getattr(renderer, task[0])(*task[1:])
    result = TaskResult(renderer.writer.take(mark), renderer.outputs[outputs_mark:],
                        renderer.html_pages[pages_mark:], renderer.related_found)
    del renderer.outputs[outputs_mark:], renderer.html_pages[pages_mark:]
    return result


@dataclass(frozen=True)
class Rendered:
    outputs: list[tuple[str, str, tuple[str, ...], int | None, int | None]]  # see SiteRenderer.outputs
    related: dict[str, tuple[str, ...]]  # seed -> the seeds of its related entries
    digests: dict[str, str]  # seed -> incremental.entry_digest
    build_key: str  # see incremental.py
    structure: str  # incremental.structure_key of the entries


def render_site(entries: list[Entry], project: Project, templates_dir: Path, writer: SiteWriter,
                previous: PreviousBuild | None = None, search: bool = True, jobs: int = 1,
                progress: Callable[[str, int, int], None] | None = None) -> Rendered:
    """Render every page, feed and asset of the site into ``writer``; return what the build
    cache keeps for the next build. ``previous`` is what the previous build recorded there.
    With ``search``, the pages carry the search box and the search/ page is written
    (build.py adds the index). Pages are rendered in ``jobs`` processes; the output is the
    same for any ``jobs``."""
    model = build_model(entries, project, list(project.pages))
    renderer = SiteRenderer(model, project, templates_dir, writer, previous, search=search)
    renderer.render_all(jobs, progress)
    return Rendered(renderer.outputs, renderer.related_found, renderer.digests, renderer.build_key,
                    renderer.structure)
