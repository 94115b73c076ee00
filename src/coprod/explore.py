"""The explorer's index: explore/index.json, every on-topic entry in a compact form.

The explorer page (templates/explore.html, static/explore.js) filters, sorts and
downloads in the browser from this one file, so it must stay small at tens of
thousands of entries: each term (country, partner, category, activity) is listed
once, and an entry names its terms by their position in those lists.

Format (``format`` 1)::

    {"format": 1,
     "fields": ["slug", "title", "date", "countries", "partners", "categories", "activities"],
     "terms": {"countries": [[slug, name], ...], "partners": [...], "categories": [...], "activities": [...]},
     "entries": [[slug, title, date, [country ids], [partner ids], [category ids], [activity ids]], ...]}

``date`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY" (its length is its precision), "" when
undated. An entry's page is ``entries/<slug>/``. Entries come newest first (the site's
order); term lists only hold terms with on-topic entries: countries and partners by
name, categories and activities in vocabulary order. Off-topic entries are left out.
"""

from __future__ import annotations

import json
from typing import Iterable, Protocol

from .records import Entry

FORMAT = 1
FIELDS = ("slug", "title", "date", "countries", "partners", "categories", "activities")
KINDS = ("countries", "partners", "categories", "activities")


class Term(Protocol):
    slug: str
    name: str


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


def explore_index(entries: Iterable[tuple[Entry, dict[str, list[Term]]]], terms: dict[str, list[Term]]) -> dict:
    """The index of ``entries`` (each an Entry with its terms per kind, newest first), over
    the site's ``terms`` per kind. Only on-topic entries and terms some of them have count."""
    listed = [(entry, own) for entry, own in entries if entry.on_topic]
    used = {kind: {id(t) for _, own in listed for t in own[kind]} for kind in KINDS}
    kept = {kind: [t for t in terms[kind] if id(t) in used[kind]] for kind in KINDS}
    position = {kind: {id(t): index for index, t in enumerate(kept[kind])} for kind in KINDS}
    rows = [[entry.slug, entry.title, entry_date(entry),
             *(sorted(position[kind][id(t)] for t in own[kind]) for kind in KINDS)]
            for entry, own in listed]
    return {"format": FORMAT, "fields": list(FIELDS),
            "terms": {kind: [[t.slug, t.name] for t in kept[kind]] for kind in KINDS},
            "entries": rows}


def index_json(index: dict) -> bytes:
    """The index as written: compact, keys sorted, UTF-8; the same index, the same bytes."""
    return json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
