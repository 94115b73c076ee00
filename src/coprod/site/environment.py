"""The templates: one Jinja environment per build, and what every template is given.

Pages link to each other with relative URLs (``url(path)`` in every template), so
the site works at a domain root and under a path prefix alike; feeds, the sitemap
and ``<link rel="canonical">`` use absolute URLs from ``settings.base_url``.
Each page's context is made by its page-kind function in pages.py (feeds, sitemap
and the data export in files.py); the records named below are in model.py (SiteTerm),
views.py (EntryView and its parts), page_records.py (PageInfo, Pager, groups) and
editorial.py (TaxonomyKind, from content/editorial.yaml).

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
    The partners index, one page per order (partners/ by name, partners/by-entries/), has
    ``partner_groups`` (PartnerGroup ``key``/``title``/``terms``: Ukrainian, foreign, unreviewed),
    ``orders`` ((key, label, path) triples) and ``order`` (this page's key); elsewhere all None.
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
``data.html``
    ``fields`` (export.FIELDS), ``term_files_omit``, ``updated`` (DateView of the newest dated
    entry or None), ``total`` (every entry), ``listed`` (the on-topic ones), ``quality``
    (quality.Quality or None) and ``downloads`` ((TaxonomyKind, SiteTerm list) pairs).
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

from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from coprod.core.errors import ContentError
from coprod.core.settings import Settings
from coprod.site import site_paths as paths
from coprod.site.editorial import Editorial
from coprod.site.markup import ContentPage
from coprod.site.page_records import NavItem

# Every template a build renders: a missing or broken one stops the build before any page.
PAGE_TEMPLATES = ("home.html", "entry.html", "taxonomy.html", "term.html", "timeline.html", "page.html",
                  "404.html", "feed_item.html", "sitemap.xml", "robots.txt", "network.html", "search.html",
                  "data.html", "explore.html")

Linker = Callable[[str], str]  # site path -> the URL a page links it by


def navigation(editorial: Editorial, pages: Iterable[ContentPage]) -> tuple[NavItem, ...]:
    """The site's menu: home, timeline, the taxonomy indexes, network, explore, data, content pages."""
    label = editorial.navigation
    return (NavItem(label["home"], paths.HOME), NavItem(label["timeline"], paths.TIMELINE),
            *(NavItem(kind.title, kind.path) for kind in editorial.kinds.values()),
            NavItem(label["network"], paths.NETWORK), NavItem(label["explore"], paths.EXPLORE),
            NavItem(label["data"], paths.DATA_PAGE),
            *(NavItem(page.title, paths.content_page_path(page.slug)) for page in pages))


class Templates:
    """The templates of ``templates_dir``, each loaded and checked once; ``render`` gives every
    template the context above (``site``, ``nav``, ``url``) and what its page adds."""

    def __init__(self, templates_dir: Path, settings: Settings, nav: tuple[NavItem, ...]):
        if not templates_dir.is_dir():
            raise ContentError(templates_dir, "templates folder not found")
        self.folder = templates_dir
        self.settings = settings
        self.nav = nav
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg"), default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates are read once per build; no stat() of each one per page
        )
        for name in PAGE_TEMPLATES:
            self.template(name)

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise ContentError(self.folder / name, "template missing") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(self.folder / (exc.name or name), f"line {exc.lineno}: {exc.message}") from None

    def render(self, name: str, url: Linker, **context: Any) -> str:
        try:
            return self.template(name).render(site=self.settings, nav=self.nav, url=url, **context)
        except jinja2.TemplateError as exc:
            raise ContentError(self.folder / name, f"cannot be rendered: {exc}") from None

    def static_files(self) -> list[tuple[str, Path]]:
        """templates/static/, as (site path, file) pairs in name order; hidden files left out."""
        folder = self.folder / "static"
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                found.append((paths.static_path(relative.as_posix()), path))
        return found
