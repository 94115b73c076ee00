"""Plain immutable records exchanged between the pipeline stages.

read seed (reader.Article) -> extract (Entry) -> correct (Entry) -> slugs -> render/export.
Every stage returns new records; nothing is mutated in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union, cast

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


# ---------------------------------------------------------------- records as plain data
#
# The one place that knows a record's fields: the cache, the export and the incremental
# digests turn Entry (and the records inside it) into JSON-able data and back by walking
# the dataclass fields, so a new field needs no change there.

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def to_data(value: object) -> JsonValue:
    """A record as JSON-able data: a dataclass as a dict in field order, a tuple as a list,
    a date as its ISO string; str, int, bool and None as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot turn {type(value).__name__} into data")


R = TypeVar("R")


def from_data(cls: type[R], data: object) -> R:
    """The inverse of to_data for the record type ``cls``, checking the type of every value
    against the field's annotation; TypeError, ValueError or KeyError on anything else (data
    read back from a file is not trusted to be what was written)."""
    return cast(R, _from_data(cls, data))


def _field_types(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


_HINTS: dict[type, dict[str, Any]] = {}


def _from_data(kind: Any, data: object) -> object:
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _from_data(inner, data)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        item_type = typing.get_args(kind)[0]
        return tuple(_from_data(item_type, item) for item in data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__}, got {type(data).__name__}")
        names = [f.name for f in dataclasses.fields(kind)]
        if set(data) != set(names):
            raise KeyError(f"{kind.__name__} fields {sorted(data)}, expected {sorted(names)}")
        hints = _field_types(kind)
        return kind(**{name: _from_data(hints[name], data[name]) for name in names})
    if kind is dt.date:
        if not isinstance(data, str):
            raise TypeError(f"expected an ISO date, got {type(data).__name__}")
        return dt.date.fromisoformat(data)
    if kind in (str, bool, int):
        if type(data) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data
    raise TypeError(f"no rule to read {kind!r}")
