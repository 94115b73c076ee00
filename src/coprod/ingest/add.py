"""`coprod add SOURCE`: one article into seeds/, with the header block the reader honours.

SOURCE is a text file, a saved HTML page, "-" for standard input, or an http(s)
URL. From HTML the main text, title, publication date and publisher come from
trafilatura (a maintained article extractor), never from hand-written scraping.
The seed is written as::

    ---
    url: https://…
    publisher: …
    published: YYYY-MM-DD
    retrieved: YYYY-MM-DD
    ---
    Title

    First paragraph …

named ``seeds/<published date or "undated">_<slug>.txt``. An article already in
seeds/ (same URL, or near-identical text under another name; see dedupe.py) is
refused unless ``force``. `coprod fetch` uses the same functions for every page.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import secrets
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coprod.extract.dates import plausible
from coprod.ingest.dedupe import Duplicate, SeedIndex, article_text
from coprod.core.errors import CoprodError
from coprod.core.frontmatter import split_front_matter
from coprod.ingest.net import DEFAULT_MAX_BYTES, HttpClient, Response, decode_body
from coprod.read.reader import ReaderRules, SeedError, decode_seed, first_sentence, parse_seed
from coprod.extract.taxonomy import Taxonomy, safe_slug
from coprod.core.urls import host_matches, normalise_url, url_host, web_url, written_as_url, written_as_web_url

HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
HEADER_ORDER = ("url", "publisher", "published", "retrieved")
SLUG_LENGTH = 60
MAX_SOURCE_BYTES = DEFAULT_MAX_BYTES  # a file or standard input: the same cap as a downloaded page
MAX_ALSO_SOURCES = 20  # other publishers kept in a seed's `also:` list; the header stays short for the reader
MIN_ARTICLE_WORDS = 15  # less than this in a page is menus and labels, not an article
LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b"
                             r"|<html[\s>]|<body[\s>]", re.IGNORECASE | re.DOTALL)


class SourceError(CoprodError):
    """SOURCE cannot be used: no such file, not an http(s) URL, no article text in it."""


class NoArticle(Exception):
    """A page in which the extractor found no article text."""


@dataclass(frozen=True)
class Story:
    """One article on its way into seeds/."""

    title: str
    body: str  # the seed's text below the header block
    paragraphs: tuple[str, ...]  # what duplicate detection compares (with the title)
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    header: dict = field(default_factory=dict)  # other header keys to keep (a text SOURCE's own header)

    @property
    def compare_text(self) -> str:
        return article_text(self.title, self.paragraphs)


class Refused(Exception):
    """The article is already in seeds/."""

    def __init__(self, match: Duplicate):
        self.match = match
        how = ("same URL" if match.by == "url"
               else f"near-identical text, {round(match.similarity * 100)}% similar")
        super().__init__(f"already in seeds/ as {match.seed.name} ({how}); use --force to add it anyway")


@dataclass(frozen=True)
class Added:
    path: Path
    story: Story
    written: bool = True  # False on a dry run


# ---------------------------------------------------------------- reading a SOURCE


def is_html(text: str, content_type: str | None = None) -> bool:
    if content_type in HTML_TYPES:
        return True
    if content_type and content_type.startswith("text/") and content_type != "text/plain":
        return False
    return LOOKS_LIKE_HTML.search(text[:4096]) is not None


def publisher_for(url: str | None, taxonomy: Taxonomy | None) -> str | None:
    """The taxonomy's name for the outlet at ``url``'s host (its `domains:`), if listed."""
    host = url_host(url)
    if not host or taxonomy is None:
        return None
    for media in taxonomy.media:
        if media.kind != "platform" and host_matches(host, media.domains):
            return media.name
    return None


def _clean(text: str | None) -> str | None:
    text = " ".join(str(text or "").split())
    return text or None


def story_from_html(html: str, url: str | None, today: dt.date, taxonomy: Taxonomy | None = None,
                    publisher: str | None = None, published: dt.date | None = None) -> Story:
    """The article in an HTML page, by trafilatura: main text, title, date, site name.

    ``publisher`` and ``published`` are used where the page says nothing. The
    publisher is the taxonomy's outlet for the URL's host first, so that one outlet
    has one name on the site, then the page's site name. Raises NoArticle."""
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": True, "original_date": True, "max_date": today.isoformat()},
    )
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        raise NoArticle("no article text found")
    text = document.text
    title = _clean(document.title)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = [line for line in lines if line]
    if title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # trafilatura starts with the headline when it is in the article
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise NoArticle("no article text found")
    if not title:
        title = first_sentence(paragraphs[0])
    page_date = None
    if document.date:
        try:
            page_date = dt.date.fromisoformat(str(document.date)[:10])
        except ValueError:
            page_date = None
    date = next((d for d in (published, page_date) if plausible(d, today)), None)
    page_url = url or web_url(document.url)
    name = publisher_for(page_url, taxonomy) or _clean(document.sitename) or publisher
    body = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return Story(title, body, tuple(paragraphs), page_url, name, date)


def split_header(text: str) -> tuple[dict[str, Any], str]:
    """A seed text's leading `---` header block as a dict, and the text after it.
    ValueError if the block is there but is not YAML key: value lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    block = split_front_matter(lines)
    if not block.lines_used:
        return {}, text
    if block.unusable:
        raise ValueError(f"its header block is {block.unusable.value}")
    return dict(block.data), "\n".join(lines[block.lines_used:])


def story_from_text(text: str, rules: ReaderRules, today: dt.date, url: str | None = None,
                    publisher: str | None = None, published: dt.date | None = None,
                    taxonomy: Taxonomy | None = None) -> Story:
    """Text as an editor saved it: kept as it is (the reader drops furniture), under a
    header block. A header block already in the text is kept and completed."""
    try:
        header, body = split_header(text)
    except ValueError:
        header, body = {}, text  # the reader warns and reads it as text
    article = parse_seed("-", text, rules, today)
    if not article.paragraphs and not article.title:
        raise NoArticle("no article text found")
    url = url or _clean(header.get("url"))
    publisher = publisher or _clean(header.get("publisher")) or publisher_for(url, taxonomy)
    date = published or article.published.value  # explicit dates only: header, date line, byline
    rest = {k: v for k, v in header.items() if str(k).lower() not in HEADER_ORDER}
    return Story(article.title, body.strip("\n") + "\n", article.paragraphs + article.captions, url, publisher,
                 date, rest)


def story_from_response(response: Response, rules: ReaderRules, today: dt.date, taxonomy: Taxonomy | None = None,
                        publisher: str | None = None, published: dt.date | None = None) -> Story:
    """A downloaded page (HTML or plain text) as a Story. Raises NoArticle."""
    kind = response.content_type
    if kind and kind not in HTML_TYPES and not kind.startswith("text/"):
        raise NoArticle(f"not an HTML page or text (content type {kind})")
    text = decode_body(response.body, response.charset)
    if is_html(text, kind or None):
        return story_from_html(text, response.url, today, taxonomy, publisher, published)
    return story_from_text(text, rules, today, response.url, publisher, published, taxonomy)


def read_source(source: str, rules: ReaderRules, today: dt.date, *, client: HttpClient | None = None,
                taxonomy: Taxonomy | None = None, url: str | None = None, publisher: str | None = None,
                published: dt.date | None = None, stdin=None) -> Story:
    """SOURCE (a file, "-" or an http(s) URL) as a Story.

    Raises SourceError for a SOURCE that cannot be used, FetchError for a download
    that failed, NoArticle for a page with no article text."""
    if written_as_web_url(source):
        if client is None:
            client = HttpClient()
        response = client.get(source, accept=ACCEPT_PAGE)
        return story_from_response(response, rules, today, taxonomy, publisher, published)
    if written_as_url(source):
        raise SourceError(f"{source}: error: not a file, '-' or an http(s) URL")
    if source == "-":
        name = "standard input"
        data = (stdin or sys.stdin.buffer).read(MAX_SOURCE_BYTES + 1)
    else:
        name = source
        path = Path(source)
        if not path.is_file():
            raise SourceError(f"{source}: error: no such file")
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SOURCE_BYTES + 1)
        except OSError as exc:
            raise SourceError(f"{source}: error: cannot be read: {exc.strerror}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name}: error: too large (more than {MAX_SOURCE_BYTES // (1024 * 1024)} MB, "
                          "the limit)")
    if name != "standard input" and Path(source).suffix.lower() in (".html", ".htm", ".xhtml"):
        html = decode_body(data)
        return story_from_html(html, url, today, taxonomy, publisher, published)
    try:
        text, _ = decode_seed(name, data)
    except SeedError as exc:
        raise SourceError(f"{name}: error: {exc}") from None
    if is_html(text):
        return story_from_html(decode_body(data), url, today, taxonomy, publisher, published)
    return story_from_text(text, rules, today, url, publisher, published, taxonomy)


# ---------------------------------------------------------------- writing a seed


def _yaml_lines(data: dict) -> str:
    """Header lines: one `key: value` a line; a list (also:) as `  - {url: …, publisher: …}` items."""
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:\n" if value else f"{key}: []\n")
            for item in value:
                flow = yaml.safe_dump([item], default_flow_style=True, sort_keys=False, allow_unicode=True,
                                      width=1 << 20).strip()
                lines.append(f"  - {flow[1:-1]}\n")
        else:
            lines.append(yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True, width=1 << 20))
    return "".join(lines)


def header_block(story: Story, retrieved: dt.date) -> str:
    values = {"url": story.url, "publisher": story.publisher, "published": story.published,
              "retrieved": retrieved}
    data = {k: v for k, v in values.items() if v}
    data.update({k: v for k, v in story.header.items() if v is not None and k not in data})
    return "---\n" + _yaml_lines(data) + "---\n"


def seed_text(story: Story, retrieved: dt.date) -> str:
    return header_block(story, retrieved) + story.body


def seed_name(story: Story, seeds_dir: Path, taken=()) -> str:
    """``<YYYY-MM-DD or undated>_<slug>.txt``, with -2, -3 … if the name is taken."""
    stem = f"{story.published.isoformat() if story.published else 'undated'}_" \
           f"{safe_slug(story.title, SLUG_LENGTH) or 'article'}"
    name, n = f"{stem}.txt", 1
    while (seeds_dir / name).exists() or name in taken:
        n += 1
        name = f"{stem}-{n}.txt"
    return name


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a hidden temporary file beside it, then a rename.
    A new file gets the mode the user's umask gives; a file replaced keeps its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # less the umask, as for any new file
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def add_story(story: Story, seeds_dir: Path, index: SeedIndex, rules: ReaderRules, today: dt.date,
              retrieved: dt.date, *, force: bool = False, dry_run: bool = False) -> Added:
    """Write ``story`` as a new seed; Refused if it is already in seeds/ (unless ``force``)."""
    match = index.find(story.url, story.compare_text)
    if match is not None and not force:
        raise Refused(match)
    name = seed_name(story, seeds_dir, taken=index)
    text = seed_text(story, retrieved)
    if not dry_run:
        write_atomically(seeds_dir / name, text)
    index.add_text(name, text, rules, today)
    return Added(seeds_dir / name, story, written=not dry_run)


class SourceAdded(enum.Enum):
    """What `add_source` did."""

    ADDED = "added"
    LISTED = "already listed"  # the seed names that URL already (or there was nothing to add)
    FULL = "list full"  # the seed lists MAX_ALSO_SOURCES other sources already


def add_source(path: Path, url: str | None, publisher: str | None, *, dry_run: bool = False) -> SourceAdded:
    """Add another publisher of the same story to a seed's header `also:` list.

    A URL the seed names already (its url or an also: item, compared normalised) is
    not added again, and the list grows to ``MAX_ALSO_SOURCES`` at most. The text below
    the header block is kept as it is; a seed with no header block gets one.
    ValueError if the seed's header block is not valid YAML (nothing is changed then)."""
    text = path.read_text(encoding="utf-8-sig")
    header, body = split_header(text)
    listed = header.get("also")
    also: list[Any] = listed if isinstance(listed, list) else []
    known = {normalise_url(str(item.get("url"))) for item in also if isinstance(item, dict)} | \
        {normalise_url(str(header.get("url")))} - {None}
    item = {k: v for k, v in (("url", url), ("publisher", publisher)) if v}
    if not item or (url and normalise_url(url) in known):
        return SourceAdded.LISTED
    if len(also) >= MAX_ALSO_SOURCES:
        return SourceAdded.FULL
    if not dry_run:
        header = dict(header)
        header["also"] = [*also, item]
        write_atomically(path, "---\n" + _yaml_lines(header) + "---\n" + body)
    return SourceAdded.ADDED


def retrieved_today() -> dt.date:
    """The default clock for the `retrieved:` date."""
    return dt.date.today()


