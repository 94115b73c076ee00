"""The site model: the entries as the site lists them (EntryView, views.py), and the terms
(SiteTerm: a country, partner, category or activity) that link them, built once per build
from the finished entries and the taxonomy (build_model). Pages read it and never change it.

Off-topic entries have their page and their row in the data export, and nothing else:
no term, count, timeline, chart, network, map, feed, related list, sitemap or search
index shows them (``SiteModel.listed`` holds the others).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from coprod.core.records import Entry
from coprod.core.slugs import seed_hash, unique_slugs
from coprod.core.urls import web_href
from coprod.extract.taxonomy import Taxonomy, Term, safe_slug
from coprod.site import site_paths as paths
from coprod.site.markup import ContentPage
from coprod.site.views import EntryView, date_view

PARTNER_INDEX_PAGES = {"by-entries": "entries"}  # partners/<slug>/ -> the order it lists partners in


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
    entries: list[EntryView] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    partner_kind: str = ""
    listed: bool = True
    country_label: str = ""
    country_code: str = ""  # a partner's country (ISO code), "" where unknown
    country: SiteTerm | None = None
    partners: list[SiteTerm] = field(default_factory=list)
    first: EntryView | None = None  # the oldest dated entry
    latest: EntryView | None = None  # the newest entry, if it is dated

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
class SiteModel:
    """Every entry and term of the site, in the order the site lists them."""

    entries: list[EntryView]  # every entry, newest first
    terms: dict[str, list[SiteTerm]]  # kind -> terms in index order
    pages: list[ContentPage]
    listed: list[EntryView] = field(default_factory=list)  # the on-topic entries: what the site lists and counts

    @property
    def newest_date(self) -> dt.date | None:
        dates = [e.entry.date.value for e in self.listed if e.entry.date.value]
        return max(dates) if dates else None


def by_name(term: SiteTerm) -> tuple[str, str]:
    return term.name.casefold(), term.slug


def by_count(term: SiteTerm) -> tuple[int, str, str]:
    """Most entries first, then by name."""
    return -term.count, term.name.casefold(), term.slug


def build_model(entries: Iterable[Entry], taxonomy: Taxonomy, pages: Iterable[ContentPage],
                language: str = "en") -> SiteModel:
    """The model of the site showing ``entries`` (in any order), with ``pages`` from content/pages/."""
    entries = sorted(entries, key=Entry.sort_key)
    every_entry, entries = entries, [e for e in entries if e.on_topic]  # only on-topic entries make terms

    countries: dict[str, SiteTerm] = {}
    for code in sorted({c for e in entries for c in e.countries}):
        country = taxonomy.countries.get(code)
        countries[code] = SiteTerm("countries", code.lower(), country.name if country else code,
                                   flag=country.flag if country else "")

    partner_names = sorted({p for e in entries for p in e.partners})
    listed = {name: taxonomy.partner_named(name) for name in partner_names}
    wanted = {name: (info.slug if (info := listed[name]) else safe_slug(name)) or f"partner-{seed_hash(name)}"
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

    def vocabulary(kind: str, terms: Iterable[Term]) -> dict[str, SiteTerm]:
        result = {t.slug: SiteTerm(kind, t.slug, t.name, description=t.description) for t in terms}
        for slug in sorted({s for e in entries for s in getattr(e, kind)} - set(result)):
            result[slug] = SiteTerm(kind, slug, slug)  # not in the vocabulary (cannot happen after validation)
        return result

    categories = vocabulary("categories", taxonomy.categories)
    activities = vocabulary("activities", taxonomy.activities)

    views: list[EntryView] = []
    for entry in every_entry:
        source_url = web_href(entry.source.url)
        view = EntryView(entry=entry, path=paths.entry_path(entry.slug), date=date_view(entry, language),
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

    terms = {
        "countries": sorted(countries.values(), key=by_name),
        "partners": sorted(partners.values(), key=by_name),
        "categories": list(categories.values()),
        "activities": list(activities.values()),
    }
    for term in countries.values():
        term.partners.sort(key=by_name)
    for table in (countries, partners, categories, activities):
        for term in table.values():
            term.settle()
    return SiteModel(entries=views, terms=terms, pages=list(pages), listed=[v for v in views if v.entry.on_topic])

