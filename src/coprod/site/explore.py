"""The explorer's index: explore/index.json, every on-topic entry in a compact form.

The explorer page (templates/explore.html, static/explore.js) filters, sorts and
downloads in the browser from this one file, so it must stay small at tens of
thousands of entries: each term (country, partner, category, activity) is listed
once, an entry names its terms by their position in those lists, and the entries are
stored column by column (each column compresses far better on its own).

Format (``format`` 1)::

    {"format": 1,
     "terms": {"countries": [[slug, name], ...], "partners": [...], "categories": [...], "activities": [...]},
     "entries": {"slug": [...], "title": [...], "date": [...],
                 "countries": [[ids], ...], "partners": [...], "categories": [...], "activities": [...]}}

Column ``i`` of every list is entry ``i``. ``date`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY"
(its length is its precision), "" when undated. ``slug`` is "" when the entry's slug is
``plain_slug(title)``, "-suffix" when it is that followed by "-suffix", else the slug
itself (explore.js has the same ``plainSlug``); an entry's page is ``entries/<slug>/``.
Entries come newest first (the site's order); term lists only hold terms with on-topic
entries: countries and partners by name, categories and activities in vocabulary order.
Off-topic entries are left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Iterable, Mapping, Protocol, Sequence

from coprod.core.records import Entry

FORMAT = 1
KINDS = ("countries", "partners", "categories", "activities")
SLUG_LENGTH = 80  # taxonomy.safe_slug's limit
COMBINING_MARKS = re.compile("[\u0300-\u036f]")
NOT_ALPHANUMERIC = re.compile("[^A-Za-z0-9]+")


class Term(Protocol):
    """What the index needs of a term of any kind (render.SiteTerm)."""

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...


def entry_date(entry: Entry) -> str:
    """The date as precise as it is known: "2022-10-05", "2022-10", "2022" or ""."""
    value = entry.date.value
    if value is None:
        return ""
    if entry.date.precision == "year":
        return f"{value.year:04d}"
    if entry.date.precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def plain_slug(title: str) -> str:
    """The slug most titles get (taxonomy.safe_slug) by a rule simple enough to repeat in the
    browser: accents dropped, runs of other characters made "-", cut at a word within 80."""
    text = COMBINING_MARKS.sub("", unicodedata.normalize("NFD", title))
    slug = NOT_ALPHANUMERIC.sub("-", text).strip("-").lower()
    if len(slug) < SLUG_LENGTH or "-" not in slug:
        return slug[:SLUG_LENGTH]
    cut = ""
    for word in slug.split("-"):
        if len(cut) + len(word) < SLUG_LENGTH:
            cut += word + "-"
        elif len(cut) + len(word) == SLUG_LENGTH:
            cut += word
            break
        else:
            break
    return cut.strip("-") or slug[:SLUG_LENGTH]


def stored_slug(slug: str, title: str) -> str:
    """``slug`` as the index stores it: what ``plain_slug(title)`` does not already say."""
    plain = plain_slug(title)
    if slug == plain:
        return ""
    if plain and slug.startswith(plain + "-"):
        return slug[len(plain):]
    return slug


def explore_index(entries: Iterable[tuple[Entry, Mapping[str, Sequence[Term]]]],
                  terms: Mapping[str, Sequence[Term]]) -> dict:
    """The index of ``entries`` (each an Entry with its terms per kind, newest first), over
    the site's ``terms`` per kind. Only on-topic entries and terms some of them have count."""
    listed = [(entry, own) for entry, own in entries if entry.on_topic]
    used = {kind: {id(t) for _, own in listed for t in own[kind]} for kind in KINDS}
    kept = {kind: [t for t in terms[kind] if id(t) in used[kind]] for kind in KINDS}
    position = {kind: {id(t): index for index, t in enumerate(kept[kind])} for kind in KINDS}
    columns = {"slug": [stored_slug(entry.slug, entry.title) for entry, _ in listed],
               "title": [entry.title for entry, _ in listed],
               "date": [entry_date(entry) for entry, _ in listed],
               **{kind: [sorted(position[kind][id(t)] for t in own[kind]) for _, own in listed] for kind in KINDS}}
    return {"format": FORMAT, "terms": {kind: [[t.slug, t.name] for t in kept[kind]] for kind in KINDS},
            "entries": columns}


def index_json(index: dict) -> bytes:
    """The index as written: compact, keys sorted, UTF-8; the same index, the same bytes."""
    return json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
