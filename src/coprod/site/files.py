"""The site's files that are not HTML pages: the feeds (feeds.py), the data export
(export.py), the sitemap, robots.txt and the static assets. Like pages.py, each function
returns what to write (page_records.KeyedFile or PlainFile) and writes nothing.
"""

from __future__ import annotations

from typing import Iterable

from coprod.core.records import Entry
from coprod.site import site_paths as paths
from coprod.site.feeds import FeedInfo, FeedItem, atom_feed, rss_feed
from coprod.site.page_records import KeyedFile, Output, PlainFile
from coprod.site.pages import SiteParts
from coprod.site.views import EntryView


def feed_item(site: SiteParts, view: EntryView) -> FeedItem:
    """The feed item of an entry, made once per process (an entry is in several feeds)."""
    found = site.feed_items.get(view.entry.seed)
    if found is None:
        content = site.templates.render("feed_item.html", site.absolute, entry=view).strip()
        categories = tuple((t.name, site.absolute(paths.taxonomy_path(t.kind)))
                           for t in (*view.categories, *view.activities, *view.countries))
        # A feed date is a day: a date known only to the year gets none (its text says the year).
        date = view.entry.date.value if view.entry.date.precision != "year" else None
        found = site.feed_items[view.entry.seed] = FeedItem(
            title=view.title, url=site.absolute(view.path), summary=view.summary, content_html=content, date=date,
            categories=categories)
    return found


def site_feeds(site: SiteParts) -> list[Output]:
    """The site's RSS and Atom feeds: the newest entries."""
    settings, newest = site.project.settings, site.model.newest_date
    items = [feed_item(site, v) for v in site.model.listed[:settings.feed_size]]
    made: list[Output] = []
    for path, make in ((paths.RSS_FEED, rss_feed), (paths.ATOM_FEED, atom_feed)):
        info = FeedInfo(settings.title, settings.description, site.absolute(paths.HOME), site.absolute(path))
        made.append(PlainFile(path, make(settings, info, items, newest)))
    return made


def term_feeds(site: SiteParts, key: str, start: int, end: int) -> list[Output]:
    """The RSS feeds of the terms of kind ``key`` from ``start`` to ``end``."""
    settings, newest, kind = site.project.settings, site.model.newest_date, site.editorial.kinds[key]
    made: list[Output] = []
    for term in site.model.terms[key][start:end]:
        info = FeedInfo(f"{term.name} · {kind.title} · {settings.title}",
                        term.description or site.editorial.term_feed(term.name),
                        site.absolute(term.path), site.absolute(term.feed_path))
        shown = term.entries[:settings.feed_size]

        def make(info: FeedInfo = info, shown: list[EntryView] = shown) -> bytes:
            return rss_feed(settings, info, [feed_item(site, v) for v in shown], newest)

        made.append(KeyedFile(term.feed_path, "feed", {"info": info, "entries": shown, "newest": newest}, make))
    return made


def data_export(site: SiteParts) -> list[Output]:
    """data/entries.json and data/entries.csv (export.py): every entry, off-topic ones too."""
    entries = [view.entry for view in site.model.entries]
    return [PlainFile(paths.DATA_JSON, site.exporter.json(entries)),
            PlainFile(paths.DATA_CSV, site.exporter.csv(entries))]


def term_data(site: SiteParts, key: str, start: int, end: int) -> list[Output]:
    """The export files of the entries of the terms of kind ``key`` from ``start`` to ``end``
    (the JSON without evidence: export.TERM_FILES_OMIT)."""
    exporter = site.exporter
    made: list[Output] = []
    for term in site.model.terms[key][start:end]:
        shown = list(term.entries)
        entries = [view.entry for view in shown]

        def as_json(entries: list[Entry] = entries) -> str:
            return exporter.json(entries, evidence=False)

        def as_csv(entries: list[Entry] = entries) -> str:
            return exporter.csv(entries)

        made.append(KeyedFile(term.data_json_path, "data json", {"entries": shown}, as_json))
        made.append(KeyedFile(term.data_csv_path, "data csv", {"entries": shown}, as_csv))
    return made


def sitemap(site: SiteParts, html_pages: Iterable[str]) -> list[Output]:
    """Every HTML page but those of off-topic entries (not what the site is about), and robots.txt."""
    off_topic = {view.path for view in site.model.entries if not view.entry.on_topic}
    urls = [site.absolute(path) for path in html_pages if path not in off_topic]
    templates = site.templates
    return [PlainFile(paths.SITEMAP, templates.render("sitemap.xml", site.absolute, urls=urls)),
            PlainFile(paths.ROBOTS, templates.render("robots.txt", site.absolute,
                                                     sitemap_url=site.absolute(paths.SITEMAP)))]


def static_files(site: SiteParts) -> list[Output]:
    """templates/static/ as it is."""
    return [PlainFile(path, file.read_bytes()) for path, file in site.templates.static_files()]
