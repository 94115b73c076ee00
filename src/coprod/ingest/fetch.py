"""`coprod fetch`: new on-topic articles from the news feeds in content/feeds.yaml into seeds/.

For each feed (RSS or Atom, read with feedparser), in the order of the file:

1. GET the feed, conditionally (ETag / Last-Modified from the last run): a
   feed that has not changed answers 304 and costs nothing more. A few feeds are
   downloaded at once, each within the client's deadline, so a slow feed holds up
   no other; what they hold is then taken in the order of the file. A feed that is
   not RSS or Atom, is cut short, or is malformed with no usable item has failed.
2. Take the items not seen before (by link, else by id).
3. Keep those on topic: the real extractor, run on the item's title and summary,
   finds at least one partner country or listed partner AND at least one activity
   or cooperation cue of the taxonomy (see ``on_topic``). A feed may say
   ``topic: all`` (every item is on topic) or give extra words, one of which the
   item must also contain; ``language:`` skips items declared in another language.
4. Download each article page (a few at once, at most ``per_host`` per host) and
   add it as `coprod add` does. An article already in seeds/ by URL is a
   duplicate; near-identical text from another publisher becomes one more source
   of the existing seed (its header's `also:` list), not a new seed.

What was seen, and each feed's validators, are kept in content/.fetch-state.db, an
SQLite database (WAL) committed after every item: an interrupted fetch loses nothing,
a rerun goes on where it stopped, and an item costs the same small write however many
are kept. A JSON state of an earlier version beside it (.fetch-state.json) is imported
once. A feed's validators are stored only once all its items are done, so a rerun gets
the whole feed again. An item whose page failed is tried again on the next runs, up to
``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import sqlite3
import sys
import xml.sax
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import feedparser

from coprod.ingest.add import (ACCEPT_PAGE, MAX_ALSO_SOURCES, NoArticle, SourceAdded, Story, add_source, add_story,
                  story_from_response)
from coprod.ingest.dedupe import SeedIndex
from coprod.core.errors import ContentError
from coprod.ingest.net import FetchError, HttpClient, Response
from coprod.build.pipeline import Project
from coprod.build.progress import Progress
from coprod.core.records import UNDATED, Article
from coprod.core.textfold import fold
from coprod.core.urls import normalise_url, url_host, written_as_web_url
from coprod.core.userfiles import terminal_text
from coprod.core.schema import Anything, Pattern, Records, Schema, Text, Url

FEEDS_FILE = "feeds.yaml"
STATE_FILE = ".fetch-state.db"
STATE_VERSION = 2  # 1 was the JSON file, imported once from beside the database
MAX_ATTEMPTS = 3
ACCEPT_FEED = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


# ---------------------------------------------------------------- content/feeds.yaml


@dataclass(frozen=True)
class Feed:
    name: str
    url: str
    language: str | None = None  # keep only items declared in this language (when they declare one)
    topic: str | tuple[str, ...] = "taxonomy"  # "taxonomy", "all", or extra words (one must appear)


def _feed_label(number: int, item: Mapping[str, Any]) -> str:
    name = str(item.get("name") or "").strip()
    return f"feed {number} ({name})" if name else f"feed {number}"


FEED_SCHEMA = Schema({
    "name": Text(non_empty=True),
    "url": Url(),
    "language": Pattern(r"[A-Za-z]{2,3}(-\w+)?", "must be a code such as en or uk"),
    "topic": Anything("taxonomy"),  # "taxonomy", "all" or a list of words
}, required=("name", "url"))
FEEDS_SCHEMA = Schema({"feeds": Records(FEED_SCHEMA, label=_feed_label)})


def _topic(value: object) -> str | tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(t, str) and t.strip() for t in value):
        return tuple(t.strip() for t in value)
    return value if value in ("taxonomy", "all") else None


def load_feeds(path: Path) -> list[Feed]:
    """The feeds of content/feeds.yaml; ContentError naming the file if it cannot be used."""
    items = FEEDS_SCHEMA.load(path, missing="no such file; list the news feeds to read there (see README)")["feeds"]
    feeds: list[Feed] = []
    urls: set[str] = set()
    for number, item in enumerate(items, 1):
        name, url = item["name"].strip(), item["url"].strip()
        where = _feed_label(number, item)
        if url in urls:
            raise ContentError(path, f"{where}: {url} is listed twice")
        urls.add(url)
        topic = _topic(item["topic"])
        if topic is None:
            raise ContentError(path, f"{where}: topic must be taxonomy, all or a list of words")
        language = item["language"]
        feeds.append(Feed(name, url, language.lower() if language else None, topic))
    return feeds


# ---------------------------------------------------------------- state


ITEM_FIELDS = ("status", "feed", "url", "title", "when", "seed", "attempts", "reason", "merged")
ITEM_COLUMNS = ", ".join(f'"{name}"' for name in ITEM_FIELDS)  # quoted: "when" is an SQL word
SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, read TEXT);
CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, status TEXT NOT NULL, feed TEXT, url TEXT, title TEXT,
                                  "when" TEXT, seed TEXT, attempts INTEGER, reason TEXT, merged INTEGER);
"""


class FetchState:
    """What was seen and each feed's validators, in an SQLite database in WAL mode: an
    item is one row, so a change costs one small write whatever the number of items.
    Changes are kept from one ``commit()`` to the next."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, in_memory: bool = False, say: Callable[[str], None] = print) -> "FetchState":
        """The state at ``path`` (made if missing). ``in_memory``: a private copy, for a dry
        run, and the file is neither made nor changed."""
        legacy_path = path.with_suffix(".json")
        legacy = _load_legacy(legacy_path) if not path.exists() and legacy_path.is_file() else None
        _check_kind(path)
        try:
            db = _connect(path, in_memory)
        except sqlite3.DatabaseError as exc:
            raise ContentError(path, f"cannot be read ({exc}); delete it to start afresh "
                                     "(every item in the feeds is then new again)") from None
        state = cls(db, path)
        if legacy is not None:
            state._import(legacy)
            say(f"{legacy_path}: imported {len(legacy['items'])} item(s) and {len(legacy['feeds'])} feed(s) "
                f"into {path}{'' if not in_memory else ' (for this dry run)'}; the JSON file is no longer read")
        return state

    def _import(self, legacy: dict) -> None:
        for url, entry in legacy["feeds"].items():
            if isinstance(entry, dict):
                self.set_validators(url, entry.get("etag"), entry.get("last_modified"), entry.get("read"))
        for key, values in legacy["items"].items():
            if isinstance(values, dict) and values.get("status"):
                self.mark(key, **{k: v for k, v in values.items() if k in ITEM_FIELDS})
        self.commit()

    def validators(self, feed_url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_validators(self, feed_url: str, etag: str | None, last_modified: str | None, when: str | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO feeds (url, etag, last_modified, read) VALUES (?, ?, ?, ?)",
                        (feed_url, etag or None, last_modified or None, when or None))

    def item(self, key: str) -> dict | None:
        row = self.db.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        values = {k: v for k, v in zip(ITEM_FIELDS, row) if v is not None}
        if "merged" in values:
            values["merged"] = bool(values["merged"])
        return values

    def seen(self, key: str) -> bool:
        row = self.db.execute("SELECT status FROM items WHERE key = ?", (key,)).fetchone()
        return row is not None and row[0] != "retry"

    def mark(self, key: str, **values) -> None:
        unknown = set(values) - set(ITEM_FIELDS)
        if unknown:
            raise TypeError(f"not an item field: {sorted(unknown)[0]}")
        row = [values.get(f) for f in ITEM_FIELDS]
        self.db.execute(f"INSERT OR REPLACE INTO items (key, {ITEM_COLUMNS}) VALUES (?{', ?' * len(ITEM_FIELDS)})",
                        [key, *row])

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()  # the last connection: WAL checkpointed, -wal and -shm files removed


def _check_kind(path: Path) -> None:
    """ContentError if ``path`` is there and is not an SQLite database (an empty file is a new one)."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        magic = handle.read(16)
    if magic.lstrip().startswith(b"{"):
        raise ContentError(path, f"a JSON fetch state of an earlier version; give --state "
                                 f"{path.with_suffix('.db')} and it is imported from here")
    if magic and magic != b"SQLite format 3\x00":
        raise ContentError(path, "not a fetch state database (SQLite); delete it or name another --state file")


def _connect(path: Path, in_memory: bool) -> sqlite3.Connection:
    """The database, with its tables; sqlite3.DatabaseError if the file is damaged."""
    if in_memory:
        db = sqlite3.connect(":memory:")
        if path.exists():
            source = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
            try:
                source.backup(db)
            finally:
                source.close()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
    try:
        if not in_memory:
            db.execute("PRAGMA journal_mode=WAL")
            # Safe against the process being killed; after a power cut the last items may be
            # asked again, and seeds/ (written with fsync) makes them duplicates.
            db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, STATE_VERSION):
            raise ContentError(path, f"a fetch state of version {version}, not {STATE_VERSION}; delete it to start "
                                     "afresh")
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {STATE_VERSION}")
        db.commit()
    except BaseException:
        db.close()
        raise
    return db


def _load_legacy(path: Path) -> dict:
    """The JSON state of version 1; ContentError if it cannot be read (nothing is made then)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise ContentError(path, f"cannot be read ({exc}); delete it to start afresh "
                                 "(every item in the feeds is then new again)") from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("items", {}), dict) \
            or not isinstance(data.get("feeds", {}), dict):
        raise ContentError(path, "not a fetch state of version 1; delete it to start afresh")
    return {"feeds": data.get("feeds") or {}, "items": data.get("items") or {}}


# ---------------------------------------------------------------- topic


TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str | None) -> str:
    """Feed HTML (summaries) as plain text, one paragraph a line."""
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n", markup or "")
    text = html.unescape(TAG.sub(" ", text))
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def on_topic(project: Project, title: str, text: str, today: dt.date) -> bool:
    """The taxonomy's rule for a news item: at least one partner country or listed
    partner, and at least one activity or cooperation cue, in the title and text."""
    paragraphs = tuple(p for p in text.split("\n") if p.strip())
    article = Article(seed="feed-item", title=title, published=UNDATED, paragraphs=paragraphs,
                      captions=(), furniture=())
    entry = project.extractor.extract(article, today)
    listed = set(entry.partners) - set(entry.unlisted_partners)
    if not (entry.countries or listed):
        return False
    if entry.activities:
        return True
    whole = "\n".join((title, *paragraphs))
    return bool(project.extractor.cooperation.find(whole, fold(whole)))


def _feed_filter(feed: Feed, title: str, text: str, project: Project, today: dt.date) -> bool:
    if feed.topic == "all":
        return True
    if not on_topic(project, title, text, today):
        return False
    if isinstance(feed.topic, tuple):
        folded = fold(f"{title}\n{text}")
        return any(re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded) for word in feed.topic)
    return True


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class Item:
    feed: Feed
    key: str
    link: str | None
    title: str
    text: str
    published: dt.date | None
    language: str | None


@dataclass
class Summary:
    feeds_read: int = 0
    not_modified: int = 0
    failed: list = field(default_factory=list)  # (feed name, reason)
    items_new: int = 0
    on_topic: int = 0
    added: int = 0
    duplicates: int = 0
    item_failures: list = field(default_factory=list)  # (url, reason)

    def line(self, dry_run: bool = False) -> str:
        failed = f"{len(self.failed)} failed"
        if self.failed:
            failed += " (" + "; ".join(f"{name}: {reason}" for name, reason in self.failed) + ")"
        added = f"{self.added} {'would be added' if dry_run else 'added'}"
        line = (f"fetched {self.feeds_read + self.not_modified + len(self.failed)} feed(s): {self.feeds_read} read, "
                f"{self.not_modified} not modified, {failed}; items: {self.items_new} new, {self.on_topic} on topic, "
                f"{added}, {self.duplicates} duplicate(s)")
        if self.item_failures:
            line += f", {len(self.item_failures)} failed"
        return line

    @property
    def ok(self) -> bool:
        return not self.failed and not self.item_failures


def _date_of(struct) -> dt.date | None:
    try:
        return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday) if struct else None
    except (AttributeError, ValueError):
        return None


TRUNCATED = frozenset({"no element found", "unclosed token", "partial character", "unclosed CDATA section"})


def _detail(parsed) -> str:
    problem = parsed.get("bozo_exception")
    return " ".join(str(problem).split())[:120] if problem else "no items"


def feed_problem(parsed, body: bytes) -> str | None:
    """Why a parsed answer is not a feed to read, or None. A feed cut short fails even
    with the items before the cut: the last of them may be cut too, and judging it on
    half its summary would mark it seen for good."""
    if not body.strip():
        return "not an RSS or Atom feed (empty answer)"
    if not parsed.get("version"):
        return f"not an RSS or Atom feed ({_detail(parsed)})"
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXParseException) and problem.getMessage() in TRUNCATED:
        return f"truncated feed ({_detail(parsed)})"
    return None


def feed_items(feed: Feed, parsed) -> list[Item]:
    feed_language = (parsed.feed.get("language") or "").strip().lower() or None
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        link = link.strip() if isinstance(link, str) and written_as_web_url(link.strip()) else None
        key = normalise_url(link) or (str(entry.get("id") or "").strip() or None)
        if key is None:
            continue
        summary = entry.get("summary") or ""
        contents = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
        longest = max([summary, *contents], key=len)
        items.append(Item(
            feed=feed, key=key, link=link,
            title=" ".join(html.unescape(TAG.sub(" ", entry.get("title") or "")).split()),
            text=plain_text(longest),
            published=_date_of(entry.get("published_parsed") or entry.get("updated_parsed")),
            language=(entry.get("language") or feed_language or None),
        ))
    return items


class Fetcher:
    """One `coprod fetch` run."""

    def __init__(self, project: Project, seeds_dir: Path, state: FetchState, client: HttpClient, *,
                 today: dt.date, retrieved: dt.date, dry_run: bool = False,
                 progress: Progress | None = None, say: Callable[[str], None] = print, workers: int = 4):
        self.project = project
        self.seeds_dir = seeds_dir
        self.state = state
        self.client = client
        self.today = today
        self.retrieved = retrieved
        self.dry_run = dry_run
        self.progress = progress
        say_raw = progress.write if progress is not None else say
        self.say = lambda line: say_raw(terminal_text(line))  # feed items' names and links are untrusted
        self.warn = (lambda line: progress.write(terminal_text(line), sys.stderr)) if progress is not None else \
            (lambda line: print(terminal_text(line), file=sys.stderr, flush=True))
        self.workers = max(1, workers)
        self.summary = Summary()
        self.index = SeedIndex.of_folder(seeds_dir, project.rules, today)

    def run(self, feeds: list[Feed]) -> Summary:
        """Download a few feeds at once, and take each in the order of the file (the order
        decides which publisher's copy of a story becomes the seed)."""
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="coprod-feed")
        upcoming = iter(feeds)
        pending: deque[tuple[Feed, Future[Response | FetchError]]] = deque()

        def start_next() -> None:
            feed = next(upcoming, None)
            if feed is not None:
                etag, last_modified = self.state.validators(feed.url)
                pending.append((feed, pool.submit(self._download_feed, feed, etag, last_modified)))

        try:
            for _ in range(self.workers):
                start_next()
            while pending:
                feed, download = pending.popleft()
                start_next()
                note = self.read_feed(feed, download)
                if self.progress is not None:
                    self.progress.advance(1, note)
                else:
                    self.say(note)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return self.summary

    def _save(self) -> None:
        self.state.commit()  # a dry run's state is a copy in memory

    # ------------------------------------------------------------ one feed

    def _download_feed(self, feed: Feed, etag: str | None, last_modified: str | None) -> Response | FetchError:
        try:
            return self.client.get(feed.url, etag=etag, last_modified=last_modified, accept=ACCEPT_FEED)
        except FetchError as exc:
            return exc

    def read_feed(self, feed: Feed, download: Future) -> str:
        response = download.result()
        if isinstance(response, FetchError):
            return self._feed_failed(feed, response.reason)
        if response.not_modified:
            self.summary.not_modified += 1
            return f"feed {feed.name}: not modified"
        parsed = feedparser.parse(io.BytesIO(response.body), response_headers={
            "content-type": response.headers.get("content-type", ""), "content-location": response.url})
        problem = feed_problem(parsed, response.body)
        items = feed_items(feed, parsed) if problem is None else []
        if problem is None and not items and parsed.bozo:
            problem = f"malformed feed, no usable item ({_detail(parsed)})"
        if problem is not None:
            return self._feed_failed(feed, problem)
        self.summary.feeds_read += 1
        new = [item for item in dict((i.key, i) for i in items).values() if not self.state.seen(item.key)]
        self.summary.items_new += len(new)
        kept = []
        for item in new:  # saved with the next item added, or at the end: redoing these costs no download
            if feed.language and item.language and not item.language.lower().startswith(feed.language):
                self._mark(item, "other-language", save=False)
            elif not _feed_filter(feed, item.title, item.text, self.project, self.today):
                self._mark(item, "off-topic", save=False)
            else:
                kept.append(item)
        self.summary.on_topic += len(kept)
        retry = self._add_items(kept)
        if not retry:
            self.state.set_validators(feed.url, response.etag, response.last_modified, self.retrieved.isoformat())
        self._save()
        return f"feed {feed.name}: {len(items)} item(s), {len(new)} new, {len(kept)} on topic"

    def _feed_failed(self, feed: Feed, reason: str) -> str:
        self.summary.failed.append((feed.name, reason))
        self.warn(f"{feed.url}: error: {reason}")
        return f"feed {feed.name}: failed"

    def _mark(self, item: Item, status: str, save: bool = True, **values) -> None:
        self.state.mark(item.key, status=status, feed=item.feed.name, url=item.link, title=item.title[:200],
                        when=self.retrieved.isoformat(), **values)
        if save:
            self._save()

    # ------------------------------------------------------------ its items

    def _add_items(self, items: list[Item]) -> bool:
        """Download and add ``items`` (in order); True if one failed and is to be tried again."""
        to_download = []
        for item in items:
            match = self.index.by_url(item.link)
            if match is not None:
                self.summary.duplicates += 1
                self._mark(item, "duplicate", seed=match.seed.name)
            elif item.link is None:
                self._failed(item, "the item has no link to an article page", give_up=True)
            else:
                to_download.append(item)
        retry = False
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="coprod-fetch")
        try:
            for item, result in zip(to_download, pool.map(self._download, to_download)):
                if isinstance(result, Story):
                    self._add(item, result)
                else:
                    retry |= self._failed(item, result)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return retry

    def _download(self, item: Item) -> Story | str:
        """The item's article page as a Story, or the reason it could not be had."""
        if item.link is None:  # _add_items passes only items with a link
            return "the item has no link to an article page"
        try:
            response = self.client.get(item.link, accept=ACCEPT_PAGE)
            return story_from_response(response, self.project.rules, self.today, self.project.taxonomy,
                                       publisher=item.feed.name, published=item.published)
        except FetchError as exc:
            return exc.reason
        except NoArticle as exc:
            return str(exc)
        except Exception as exc:  # one broken page must not stop the others
            return f"could not be read: {type(exc).__name__}: {exc}"

    def _failed(self, item: Item, reason: str, give_up: bool = False) -> bool:
        previous = self.state.item(item.key) or {}
        attempts = int(previous.get("attempts", 0)) + 1
        give_up = give_up or attempts >= MAX_ATTEMPTS
        self.summary.item_failures.append((item.link or item.key, reason))
        self.warn(f"{item.link or item.key}: error: {reason}" + ("" if give_up else " (will try again next time)"))
        self._mark(item, "failed" if give_up else "retry", attempts=attempts, reason=reason)
        return not give_up

    def _add(self, item: Item, story: Story) -> None:
        match = self.index.find(story.url, story.compare_text) or self.index.by_url(item.link)
        if match is None:
            added = add_story(story, self.seeds_dir, self.index, self.project.rules, self.today, self.retrieved,
                              dry_run=self.dry_run)
            self.summary.added += 1
            self.say(f"{'would add' if self.dry_run else 'added'} {added.path}: {story.title}")
            self._mark(item, "added", seed=added.path.name)
            return
        self.summary.duplicates += 1
        seed = match.seed
        same_publisher = match.by == "url" or url_host(story.url) in seed.hosts or \
            (story.publisher and fold(story.publisher).strip() in seed.publishers)
        if same_publisher:
            self._mark(item, "duplicate", seed=seed.name)
            return
        path = self.seeds_dir / seed.name
        try:
            outcome = SourceAdded.ADDED if self.dry_run and not path.exists() else \
                add_source(path, story.url, story.publisher, dry_run=self.dry_run)  # else: added by this dry run
        except (ValueError, OSError) as exc:
            self.warn(f"{path}: warning: {story.url} not added as another source: {exc}")
            outcome = None
        if outcome is SourceAdded.FULL:
            self.warn(f"{path}: warning: {story.url} not added as another source: it lists {MAX_ALSO_SOURCES} "
                      "already")
        if outcome in (SourceAdded.ADDED, SourceAdded.LISTED):
            self.index.add_source(seed.name, story.url, story.publisher)
        if outcome is SourceAdded.ADDED:
            self.say(f"{'would add' if self.dry_run else 'added'} {story.publisher or story.url} as another "
                     f"source of {seed.name} ({round(match.similarity * 100)}% similar)")
        self._mark(item, "duplicate", seed=seed.name, merged=True if outcome is SourceAdded.ADDED else None)


def fetch(project: Project, content_dir: Path, seeds_dir: Path, client: HttpClient, *,
          feeds_path: Path | None = None, state_path: Path | None = None, today: dt.date,
          retrieved: dt.date, dry_run: bool = False, progress_stream=None, bar: bool | None = None,
          workers: int = 4) -> Summary:
    """Read every feed of content/feeds.yaml and add what is new and on topic."""
    feeds_path = feeds_path or content_dir / FEEDS_FILE
    feeds = load_feeds(feeds_path)
    state = FetchState.open(state_path or content_dir / STATE_FILE, in_memory=dry_run)
    try:
        if not feeds:
            print(f"{feeds_path}: no feeds listed; nothing to fetch", flush=True)
        with Progress(len(feeds), "feeds", stream=progress_stream, bar=bar, unit="feed") as progress:
            fetcher = Fetcher(project, seeds_dir, state, client, today=today, retrieved=retrieved, dry_run=dry_run,
                              progress=progress, workers=workers)
            return fetcher.run(feeds)
    finally:
        state.close()
