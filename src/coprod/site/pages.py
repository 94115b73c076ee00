"""The HTML pages, one function per page kind: each returns its Page records (template,
PageInfo and context; page_records.py), never writes anything, and so can be tested on
its context alone. The context each template receives is documented in environment.py.

Each function takes the SiteParts (what every page draws from) and the small arguments
of its task (tasks.py): a slice of entries, a kind and a term's pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from coprod.build.pipeline import Project
from coprod.site import site_paths as paths
from coprod.site.editorial import Editorial, TaxonomyKind
from coprod.site.environment import Templates
from coprod.site.explore import explore_index, index_json
from coprod.site.export import FIELDS as EXPORT_FIELDS
from coprod.site.export import TERM_FILES_OMIT, Exporter
from coprod.site.feeds import FeedItem
from coprod.site.graphics.chart import PALETTE_SIZE, build_chart, render_svg
from coprod.site.graphics.countrymap import EUROPE, Grid, build_grid
from coprod.site.graphics.countrymap import render_svg as render_grid_svg
from coprod.site.graphics.network import NO_COUNTRY, Group, Network, Node, PartnerLinks, build_network
from coprod.site.graphics.network import render_svg as render_network_svg
from coprod.site.model import PARTNER_INDEX_PAGES, SiteModel, SiteTerm, by_count
from coprod.site.page_records import FeedLink, Output, Page, PageInfo, Pager, PartnerGroup, PlainFile, page_window, \
    timeline_groups
from coprod.site.related import RelatedIndex
from coprod.site.views import EntryView

HOME_ENTRIES = 10
HOME_COUNTRY = "UA"  # the partners index lists Ukraine's own organisations apart


@dataclass(frozen=True)
class SiteParts:
    """What every page-kind function draws from: the model, what was loaded from content/,
    the templates (for what a page embeds, such as a feed item), and per-build helpers."""

    model: SiteModel
    project: Project
    editorial: Editorial
    templates: Templates
    related: RelatedIndex
    search: bool  # the site has a search index: the search page and every page's search box
    site_feeds: tuple[FeedLink, ...]
    exporter: Exporter  # encodes each entry once for all the export files
    listed_position: dict[str, int] = field(default_factory=dict)  # seed -> index in model.listed
    views_by_seed: dict[str, EntryView] = field(default_factory=dict)
    feed_items: dict[str, FeedItem] = field(default_factory=dict)  # seed -> its feed item, made once per process

    @property
    def kinds(self) -> tuple[TaxonomyKind, ...]:
        return tuple(self.editorial.kinds.values())

    def absolute(self, target: str) -> str:
        return paths.absolute_url(self.project.settings, target)

    def info(self, path: str, heading: str, description: str = "", feeds: Iterable[FeedLink] = (),
             section: str | None = None, title: str | None = None) -> PageInfo:
        settings = self.project.settings
        return PageInfo(path=path, title=title or f"{heading} · {settings.title}", heading=heading,
                        description=" ".join((description or settings.description).split()),
                        canonical=self.absolute(path), feeds=self.site_feeds + tuple(feeds),
                        section=path.split("/")[0] + "/" if section is None and path else (section or ""),
                        search=self.search)

    def named(self, path: str, key: str) -> PageInfo:
        """The PageInfo of a page whose heading and description are in content/editorial.yaml."""
        words = self.editorial.pages[key]
        return self.info(path, words.heading, words.description)

    def page_count(self, term: SiteTerm) -> int:
        return max(1, -(-len(term.entries) // self.project.settings.page_size))


def site_feed_links(title: str) -> tuple[FeedLink, ...]:
    return (FeedLink(f"{title} (RSS)", "application/rss+xml", paths.RSS_FEED),
            FeedLink(f"{title} (Atom)", "application/atom+xml", paths.ATOM_FEED))


def home(site: SiteParts) -> list[Output]:
    model, settings = site.model, site.project.settings
    dated = [v for v in model.listed if v.date.dated]
    info = site.info(paths.HOME, settings.title, title=f"{settings.title}: {settings.description}", section="")
    return [Page("home.html", info, dict(
        latest=model.listed[:HOME_ENTRIES], total=len(model.listed),
        since=dated[-1].date if dated else None,
        countries=sorted(model.terms["countries"], key=by_count),
        partners=sorted(model.terms["partners"], key=by_count),
        categories=sorted((t for t in model.terms["categories"] if t.count), key=by_count),
        activities=sorted((t for t in model.terms["activities"] if t.count), key=by_count)))]


def entry_pages(site: SiteParts, start: int, end: int) -> list[Output]:
    """The pages of the entries from ``start`` to ``end`` (newest first). Neighbours and
    related entries are on-topic ones; an off-topic entry has neither."""
    listed = site.model.listed
    made: list[Output] = []
    for view in site.model.entries[start:end]:
        index = site.listed_position.get(view.entry.seed)
        newer = listed[index - 1] if index is not None and index > 0 else None
        older = listed[index + 1] if index is not None and index + 1 < len(listed) else None
        found = site.related.of(view.entry.seed) if index is not None else ()
        # Every entry's related seeds are recorded, so a rebuild with the same structure reuses them.
        related = [site.views_by_seed[e.seed] for e in found]
        info = replace(site.info(view.path, view.title, view.summary, section=""), og_type="article")
        made.append(Page("entry.html", info, dict(entry=view, older=older, newer=newer, related=related),
                         related=(view.entry.seed, tuple(e.seed for e in found))))
    return made


def taxonomy_index(site: SiteParts, key: str) -> list[Output]:
    """The index of one kind of term; for partners, one page per order (partner_index)."""
    kind, terms = site.editorial.kinds[key], site.model.terms[key]
    if key == "partners":
        return [partner_index(site, "name", kind.path),
                *(partner_index(site, order, f"{kind.path}{slug}/") for slug, order in PARTNER_INDEX_PAGES.items())]
    grid = country_grid(site) if key == "countries" else None
    svg = render_grid_svg(grid, site.editorial.graphics["country_map"], paths.relative_linker(kind.path)) \
        if grid else None
    return [Page("taxonomy.html", site.info(kind.path, kind.title, kind.intro), dict(
        kind=kind, terms=terms, grid=grid, grid_svg=svg, partner_groups=None, orders=None, order=None))]


def partner_index(site: SiteParts, order: str, path: str) -> Page:
    """The partners index in one order ("name" or "entries"), as its own page so that both
    orders work without JavaScript: Ukrainian organisations, foreign ones, and the names in
    no list (unreviewed) apart."""
    kind = site.editorial.kinds["partners"]
    terms = site.model.terms["partners"]  # by name
    if order == "entries":
        terms = sorted(terms, key=by_count)
    titles = site.editorial.partner_groups
    groups = (PartnerGroup("ukrainian", titles["ukrainian"],
                           [t for t in terms if t.listed and t.country_code == HOME_COUNTRY]),
              PartnerGroup("foreign", titles["foreign"],
                           [t for t in terms if t.listed and t.country_code != HOME_COUNTRY]),
              PartnerGroup("unreviewed", titles["unreviewed"], [t for t in terms if not t.listed]))
    labels = site.editorial.partner_orders
    orders = (("name", labels["name"], kind.path),
              *((name, labels[name], f"{kind.path}{slug}/") for slug, name in PARTNER_INDEX_PAGES.items()))
    heading = kind.title if order == "name" else labels[f"{order}_heading"]
    return Page("taxonomy.html", site.info(path, heading, kind.intro, section=kind.path), dict(
        kind=kind, terms=terms, grid=None, grid_svg=None, partner_groups=groups, orders=orders, order=order))


def country_grid(site: SiteParts) -> Grid:
    countries = [(t.slug.upper(), t.name, t.count, t.path) for t in site.model.terms["countries"]]
    names = {code: country.name for code in EUROPE
             if (country := site.project.taxonomy.countries.get(code)) is not None}
    return build_grid(countries, names)


def term_pages(site: SiteParts, key: str, index: int, first: int, last: int) -> list[Output]:
    """Pages ``first`` to ``last`` of the ``index``-th term of kind ``key``."""
    kind, term = site.editorial.kinds[key], site.model.terms[key][index]
    settings = site.project.settings
    size, count = settings.page_size, site.page_count(term)

    def page_path(number: int) -> str:
        return paths.term_path(kind.key, term.slug, number)

    feed = FeedLink(f"{term.name}: {settings.title} (RSS)", "application/rss+xml", term.feed_path)
    made: list[Output] = []
    for number in range(first, last + 1):
        window = tuple((n, page_path(n)) if n else None for n in page_window(number, count))
        pager = Pager(entries=term.entries[(number - 1) * size:number * size], number=number, count=count,
                      newer_path=page_path(number - 1) if number > 1 else None,
                      older_path=page_path(number + 1) if number < count else None, pages=window)
        heading = f"{term.flag} {term.name}".strip() if kind.key == "countries" else term.name
        title = f"{term.name}{f' (page {number})' if number > 1 else ''} · {kind.title} · {settings.title}"
        description = term.description or site.editorial.term_page(term.name)
        info = site.info(page_path(number), heading, description, feeds=(feed,), section=kind.path, title=title)
        made.append(Page("term.html", info, dict(kind=kind, term=term, pager=pager)))
    return made


def timeline(site: SiteParts) -> list[Output]:
    listed = site.model.listed
    language = site.project.settings.language
    years, undated = timeline_groups(listed, language)
    chart = build_chart([v.entry for v in listed], site.project.taxonomy.categories, language)
    svg = render_svg(chart, site.editorial.graphics["chart"])
    return [Page("timeline.html", site.named(paths.TIMELINE, "timeline"),
                 dict(years=years, undated=undated, chart=chart, chart_svg=svg))]


def network_data(site: SiteParts) -> Network:
    """The partner network (network.py) from the partner terms: each partner's country and
    the categories of its entries, with counts."""
    taxonomy, terms = site.project.taxonomy, site.model.terms
    vocabulary = {t.slug: index for index, t in enumerate(taxonomy.categories)}
    categories = {t.slug: Node(t.slug, t.name, t.path, t.count, vocabulary.get(t.slug, 0) % PALETTE_SIZE)
                  for t in terms["categories"]}
    links = []
    for term in terms["partners"]:
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
    home_country = taxonomy.countries.get(HOME_COUNTRY)
    return build_network(links, home_country.name if home_country else "Ukraine")


def network(site: SiteParts) -> list[Output]:
    data = network_data(site)
    svg = render_network_svg(data, site.editorial.graphics["network"], paths.relative_linker(paths.NETWORK))
    return [Page("network.html", site.named(paths.NETWORK, "network"), dict(network=data, network_svg=svg))]


def search_page(site: SiteParts) -> list[Output]:
    return [Page("search.html", site.named(paths.SEARCH, "search"), dict(kinds=site.kinds))]


def explore(site: SiteParts) -> list[Output]:
    """The explorer page and its index (explore.py) of the on-topic entries."""
    views = ((v.entry, {kind: getattr(v, kind) for kind in paths.TAXONOMY_KINDS}) for v in site.model.listed)
    return [PlainFile(paths.EXPLORE_INDEX, index_json(explore_index(views, site.model.terms))),
            Page("explore.html", site.named(paths.EXPLORE, "explore"), dict(kinds=site.kinds))]


def data_page(site: SiteParts) -> list[Output]:
    """data/: licence, how to cite, the data dictionary (export.FIELDS), how entries are
    extracted and how well (content/quality.yaml), and every download."""
    model = site.model
    dated = [view for view in model.listed if view.date.dated]
    return [Page("data.html", site.named(paths.DATA_PAGE, "data"), dict(
        fields=EXPORT_FIELDS, term_files_omit=TERM_FILES_OMIT, updated=dated[0].date if dated else None,
        total=len(model.entries), listed=len(model.listed), quality=site.project.quality,
        downloads=tuple((kind, model.terms[kind.key]) for kind in site.kinds)))]


def content_page(site: SiteParts, index: int) -> list[Output]:
    content = site.model.pages[index]
    path = paths.content_page_path(content.slug)
    return [Page("page.html", site.info(path, content.title, content.description), dict(content=content))]


def not_found(site: SiteParts) -> PlainFile:
    """404.html: no address of its own and served at any depth, so its links are root-relative
    and it is rendered on every build."""
    settings = site.project.settings
    info = PageInfo(path=paths.NOT_FOUND, title=f"{site.editorial.pages['not_found'].heading} · {settings.title}",
                    heading=site.editorial.pages["not_found"].heading, description=settings.description,
                    canonical=None, feeds=site.site_feeds, search=site.search)

    def linker(target: str) -> str:
        return paths.root_relative_url(settings, target)

    return PlainFile(paths.NOT_FOUND, site.templates.render("404.html", linker, page=info))
