"""How the templates show an entry: EntryView and what it is made of (DateView, SourceLink,
and "Why these tags": FieldReasons of ValueReasons of EvidenceView).

Views are made by model.build_model, which also links each to its terms (SiteTerm).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from coprod.core.records import Entry, Evidence
from coprod.core.urls import url_hostname, web_href
from coprod.site.graphics.chart import month_name
from coprod.site.markup import render_body

if TYPE_CHECKING:
    from coprod.site.model import SiteTerm



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


def date_view(entry: Entry, language: str = "en") -> DateView:
    date = entry.date
    if date.value is None:
        return DateView(None, "Date unknown", "date unknown", None, False)
    value = date.value
    if date.precision == "year":
        iso, label = f"{value.year:04d}", str(value.year)
    elif date.precision == "month":
        iso, label = f"{value.year:04d}-{value.month:02d}", f"{month_name(value.month, language)} {value.year}"
    else:
        iso, label = value.isoformat(), f"{value.day} {month_name(value.month, language, after_day=True)} {value.year}"
    note = {"published": "published", "estimated": "estimated from the text",
            "override": "published (date set by the editors)"}.get(date.source or "", "published")
    if date.precision in ("month", "year"):
        note += f", to the {date.precision}"
    return DateView(iso, label, note, date.precision, date.source == "estimated")




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
    countries: list[SiteTerm] = field(default_factory=list)
    partners: list[SiteTerm] = field(default_factory=list)
    categories: list[SiteTerm] = field(default_factory=list)
    activities: list[SiteTerm] = field(default_factory=list)

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
    def reasons(self) -> list[FieldReasons]:
        return field_reasons(self)

    @property
    def more_sources(self) -> list[tuple[str, str | None]]:
        """The same story from other publishers: (label, http(s) href or None) pairs."""
        result: list[tuple[str, str | None]] = []
        for source in self.entry.more_sources:
            href = web_href(source.url)
            label = source.name or url_hostname(source.url)
            if label:
                result.append((label, href))
        return result

    @property
    def source_label(self) -> str | None:
        """The source's name, else the host of its URL, else None."""
        if self.source_name:
            return self.source_name
        return (url_hostname(self.entry.source.url) or self.source_url) if self.source_url else None

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
        "date": [(entry.date.iso() or "", view.date.label)] if entry.date.value is not None else [],
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


