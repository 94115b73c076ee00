"""RSS 2.0 and Atom feeds, written with feedgen and made reproducible.

feedgen stamps the clock into a feed (lastBuildDate/updated, every entry's
updated) and adds a generator element, and prepends each new entry; here every
date comes from the entries, the generator is switched off, and entries are
appended in the order given (newest first, undated last).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from coprod.core.settings import Settings

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class FeedItem:
    """One entry as a feed shows it. URLs are absolute; ``content_html`` is safe HTML."""

    title: str  # plain text
    url: str  # the entry's permalink
    summary: str  # plain text
    content_html: str
    date: dt.date | None  # None: undated, no pubDate
    categories: tuple[tuple[str, str], ...]  # (name, scheme URL)


@dataclass(frozen=True)
class FeedInfo:
    title: str
    description: str
    page_url: str  # the page the feed belongs to (channel <link>)
    feed_url: str  # the feed's own URL (atom:link rel="self")


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)


def feed_updated(items: list[FeedItem], fallback: dt.date | None) -> dt.datetime:
    """The newest entry's date; ``fallback`` (the site's newest) when no item is dated."""
    dates = [item.date for item in items if item.date is not None]
    if dates:
        return _moment(max(dates))
    return _moment(fallback) if fallback else EPOCH


def _generator(settings: Settings, info: FeedInfo, items: list[FeedItem], fallback: dt.date | None,
               alternate_type: str, self_type: str) -> FeedGenerator:
    updated = feed_updated(items, fallback)
    fg = FeedGenerator()
    fg.id(info.feed_url)
    fg.title(info.title)
    fg.description(info.description or info.title)
    fg.subtitle(info.description or info.title)
    fg.author({"name": settings.author})
    fg.language(settings.language)
    # The channel <link> is the last link() given: self first, then the page it belongs to.
    fg.link(href=info.feed_url, rel="self", type=self_type)
    fg.link(href=info.page_url, rel="alternate", type=alternate_type)
    fg.generator("")  # no generator element (feedgen adds one with its version by default)
    fg.updated(updated)  # lastBuildDate / updated from the entries, never the clock
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.url)
        fe.guid(item.url, permalink=True)
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate", type="text/html")
        # Also the RSS description. Never empty: feedgen would then put the full HTML in the description
        # and leave out content:encoded (an entry whose body is empty has no summary).
        fe.summary(html.escape(item.summary or item.title, quote=False), type="html")
        fe.content(item.content_html, type="html")  # RSS content:encoded, Atom <content type="html">
        for name, scheme in item.categories:
            fe.category(term=name, scheme=scheme, label=name)
        if item.date is not None:
            fe.published(_moment(item.date))
            fe.updated(_moment(item.date))
        else:
            fe.updated(updated)  # Atom requires <updated>; an undated entry takes the feed's
    return fg


def rss_feed(settings: Settings, info: FeedInfo, items: list[FeedItem], fallback: dt.date | None) -> bytes:
    return _generator(settings, info, items, fallback, "text/html", "application/rss+xml").rss_str(pretty=True)


def atom_feed(settings: Settings, info: FeedInfo, items: list[FeedItem], fallback: dt.date | None) -> bytes:
    return _generator(settings, info, items, fallback, "text/html", "application/atom+xml").atom_str(pretty=True)
