"""What a rebuild may carry over from the previous build without looking at it again.

Every page's cache key (fingerprint.ContextFingerprint) digests everything its template is
given, so an unchanged page is never rendered again. But working out that key means
building the page's whole context, which for tens of thousands of pages costs more than
the rebuild should. So the build also records, for each page, the entries its context
showed (their seeds), and for each entry a digest of its record; and a *build key* over
what every page depends on besides the entries it shows:

- the site key (package, templates, settings, taxonomy, content pages) and the search flag;
- the *structure* of the entries: every entry's seed, slug, date, terms and whether it is
  on topic. This decides which entries a page shows and in what order, and every count,
  pager, related list, neighbour, chart and network drawn from them (an off-topic entry
  is in none of them).

When the build key is the one the previous build recorded, a page can only have changed
if one of the entries it showed has a different digest: every other page is carried over
on the strength of its record alone (and its file being the one that build wrote). When
the build key differs, every page's key is worked out again. With the same structure,
every entry's related entries are also the previous build's (related.py).

This module holds the records of a build as the cache keeps them (OutputRecord, BuildRecord,
PreviousBuild) and the keys over entries; fingerprint.py works out each page's key and
decides what is carried over.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from coprod.core.digest import digest
from coprod.core.records import Entry, to_data


@dataclass(frozen=True)
class OutputRecord:
    """An output file as a build recorded it: what made it and, once written, its size and time."""

    path: str  # site path
    key: str  # its cache key
    seeds: tuple[str, ...] = ()  # the entries its context showed
    size: int | None = None  # None until the file is written (BuildRecord.stamped)
    mtime: int | None = None  # st_mtime_ns of the file written


@dataclass(frozen=True)
class BuildRecord:
    """What one build hands the cache for the next (cache.record_build)."""

    outputs: tuple[OutputRecord, ...]  # in the order written
    build_key: str
    digests: dict[str, str]  # seed -> entry_digest
    structure: str  # structure_key of its entries
    related: dict[str, tuple[str, ...]]  # seed -> related seeds, as the pages list them

    def stamped(self, size_and_time: Callable[[str], tuple[int, int]]) -> BuildRecord:
        """The record with the size and time of every file written anew, from ``size_and_time(path)``."""
        def stamp(output: OutputRecord) -> OutputRecord:
            if output.size is not None:
                return output  # carried over: the previous build's file and record
            size, mtime = size_and_time(output.path)
            return replace(output, size=size, mtime=mtime)

        return replace(self, outputs=tuple(map(stamp, self.outputs)))


@dataclass(frozen=True)
class PreviousBuild:
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # site path -> record
    build_key: str | None = None
    digests: dict[str, str] = field(default_factory=dict)  # seed -> entry_digest
    structure: str | None = None  # structure_key of its entries
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # seed -> related seeds


# What a page can show of an entry: every field that counts in comparing entries (not its
# problems), the body apart (it is most of the bytes, and repr() would first escape all of it).
SHOWN_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.compare and f.name != "body")


def entry_digest(entry: Entry) -> str:
    """A digest of everything a page can show of an entry."""
    return digest(entry.body, repr([to_data(getattr(entry, name)) for name in SHOWN_FIELDS]))


def _date(entry: Entry) -> tuple:
    # Its fields, not the dataclass' repr(): that is Python code, and this runs for every entry on every build.
    return entry.date.value, entry.date.precision, entry.date.source


def structure_key(entries: Iterable[Entry]) -> str:
    """A digest of where every entry stands: seed, slug, date, terms and on_topic, in order."""
    rows = [(e.seed, e.slug, _date(e), e.countries, e.partners, e.categories, e.activities, e.on_topic)
            for e in sorted(entries, key=Entry.sort_key)]
    return digest(repr(rows))


def build_key(site_key: str, search: bool, structure: str) -> str:
    return digest(site_key, repr(search), structure)
