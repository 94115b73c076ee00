"""Plain immutable records exchanged between the pipeline stages.

read seed (reader.Article) -> extract (Entry) -> correct (Entry) -> slugs -> render/export.
Every stage returns new records; nothing is mutated in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRECISIONS = ("day", "month", "year")
DATE_SOURCES = ("published", "estimated", "override")


@dataclass(frozen=True)
class Problem:
    """One finding about one input file, printed as a single line."""

    file: str
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.level}: {self.message}"


@dataclass(frozen=True)
class PublicationDate:
    """When an article was published, and how sure we are of it.

    ``value`` is None for an undated article. ``precision`` says how much of
    ``value`` is meaningful (a month-precision date is stored as its first day).
    """

    value: dt.date | None = None
    precision: str | None = None  # one of PRECISIONS
    source: str | None = None  # one of DATE_SOURCES

    @property
    def is_dated(self) -> bool:
        return self.value is not None

    def iso(self) -> str | None:
        return self.value.isoformat() if self.value else None


UNDATED = PublicationDate()


@dataclass(frozen=True)
class Source:
    name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """What the reader separates out of one raw seed text."""

    seed: str  # the seed's file name
    title: str
    published: PublicationDate  # explicit publication date only, else UNDATED
    paragraphs: tuple[str, ...]  # body blocks as Markdown, in order
    captions: tuple[str, ...]  # photo captions, credits removed
    furniture: tuple[str, ...]  # dropped page furniture, kept for source detection
    header: tuple[tuple[str, str], ...] = ()  # key/value header block, if any
    more_sources: tuple[Source, ...] = ()  # the same story from other publishers (header `also:`)
    problems: tuple[Problem, ...] = ()
    date_candidates: tuple = ()  # dateresolve.DateCandidate: dates where publishers put theirs


EVIDENCE_FIELDS = ("date", "countries", "partners", "categories", "activities", "on_topic")


@dataclass(frozen=True)
class Evidence:
    """Why an entry carries one value: where it was found and which rule decided.

    ``field`` is one of EVIDENCE_FIELDS; ``value`` is the value as the entry stores it
    (an ISO code, a canonical partner name, a slug, an ISO date, "true"/"false" for
    on_topic); ``text`` is the sentence, caption or line it was found in; ``matched``
    the words that matched; ``rule`` names the rule that decided (e.g. "cooperation
    sentence", "byline date", "estimated from caption date", "correction").
    """

    field: str
    value: str
    text: str
    matched: str
    rule: str


@dataclass(frozen=True)
class Entry:
    """One article as published: the structured record behind every page."""

    seed: str
    title: str
    date: PublicationDate
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2, sorted
    partners: tuple[str, ...]  # canonical names, sorted
    categories: tuple[str, ...]  # slugs, in vocabulary order
    activities: tuple[str, ...]  # slugs, in vocabulary order
    source: Source
    summary: str  # plain text, first paragraph
    body: str  # Markdown
    captions: tuple[str, ...] = ()
    more_sources: tuple[Source, ...] = ()  # the same story from other publishers
    slug: str = ""  # the title's slug, made unique once all entries are known (slugs.assign_slugs)
    unlisted_partners: tuple[str, ...] = ()  # organisation-like names in no list
    on_topic: bool = True  # does the article report defence-industrial cooperation with Ukraine?
    on_topic_reason: str = ""  # one line: why it is (or is not) on topic
    evidence: tuple[Evidence, ...] = ()  # why each value is there (see Evidence)
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple:
        """Newest first, undated last; ties broken by seed name for stable output."""
        if self.date.value is None:
            return (1, 0, self.seed)
        return (0, -self.date.value.toordinal(), self.seed)
