"""Which outputs a rebuild may carry over from the previous build (see incremental.py).

``ContextFingerprint`` digests everything a template is given into a page's cache key;
``site_key`` is what every page depends on; ``CarryOver`` holds one build's view of the
previous one and decides, output by output, whether its file can be kept.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from coprod import __version__
from coprod.core.digest import digest
from coprod.build.incremental import OutputRecord, PreviousBuild, build_key, entry_digest, structure_key
from coprod.build.pipeline import Project
from coprod.core.records import Entry
from coprod.site.editorial import TaxonomyKind
from coprod.site.markup import ContentPage
from coprod.site.model import SiteTerm
from coprod.site.page_records import FeedLink
from coprod.site.views import EntryView

PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.date})


class ContextFingerprint:
    """A stable digest of everything a template is given, so an unchanged page can be
    carried over from the previous build without rendering it.

    Entries count by the digest of their whole record (``digests``, seed ->
    incremental.entry_digest) and the slugs of their terms, terms by what term pages
    show of them, other records field by field. A value of an unknown type makes the
    page uncacheable, never wrongly cached. ``key`` also says which entries the
    context showed (see incremental.py).
    """

    def __init__(self, site_key: str, digests: dict[str, str]):
        self.site_key = site_key
        self.digests = digests
        self.seen: set[str] = set()  # seeds of the entries met while working out one key
        self._entries: dict[int, str] = {}
        self._terms: dict[int, tuple[object, tuple[str, ...]]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}  # a dataclass' field names (fields() is slow)
        self._shared: dict[int, tuple[object, object]] = {}

    def entry(self, view: EntryView) -> str:
        key = id(view)
        self.seen.add(view.entry.seed)
        if key not in self._entries:
            terms = [t.slug for t in (*view.countries, *view.partners, *view.categories, *view.activities)]
            self._entries[key] = digest(self.digests[view.entry.seed], view.path, *terms)
        return self._entries[key]

    def parts(self, value: Any) -> object:
        kind = type(value)
        if kind in PLAIN_TYPES:
            return repr(value)
        if kind is EntryView:
            return ("entry", self.entry(value))
        if kind is SiteTerm:
            if id(value) not in self._terms:
                country = value.country.slug if value.country is not None else None
                shown = [e for e in (value.first, value.latest) if e is not None]
                made = ("term", value.kind, value.slug, value.name, value.flag, value.description, value.aliases,
                         value.partner_kind, value.listed, value.country_label, value.country_code, country,
                         value.count,
                         [self.entry(e) for e in shown], [(p.slug, p.name, p.flag, p.count) for p in value.partners])
                self._terms[id(value)] = (made, tuple(e.entry.seed for e in shown))
            parts, seeds = self._terms[id(value)]
            self.seen.update(seeds)
            return parts
        if kind is list or kind is tuple:
            return [self.parts(v) for v in value]
        if kind is FeedLink or kind is TaxonomyKind:  # immutable, and the same few on every page
            if id(value) not in self._shared:
                self._shared[id(value)] = (value, self.dataclass_parts(value))  # holds value: its id stays its
            return self._shared[id(value)][1]
        if isinstance(value, (str, int, float, bool, dt.date)):  # subclasses: Markup, datetime
            return repr(value)
        if isinstance(value, dict):
            return [[repr(k), self.parts(v)] for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
        if is_dataclass(value) and not isinstance(value, type):
            return self.dataclass_parts(value)
        raise TypeError(f"no fingerprint for {kind.__name__}")

    def dataclass_parts(self, value: Any) -> list[object]:
        kind = type(value)
        if kind not in self._fields:
            self._fields[kind] = tuple(f.name for f in fields(value))
        return [kind.__name__] + [[name, self.parts(getattr(value, name))] for name in self._fields[kind]]

    def key(self, template: str, context: Mapping[str, Any]) -> tuple[str | None, tuple[str, ...]]:
        """The key of ``template`` given ``context`` (None: uncacheable), and the seeds of the
        entries the context shows."""
        self.seen = set()
        try:
            parts = [[name, self.parts(value)] for name, value in sorted(context.items())]
        except TypeError:
            return None, ()
        key = digest(self.site_key, template, json.dumps(parts, ensure_ascii=False, separators=(",", ":")))
        return key, tuple(sorted(self.seen))


def site_key(project: Project, templates_dir: Path, pages: Iterable[ContentPage]) -> str:
    """What every page depends on: package version, templates, settings, taxonomy, content
    pages, the editors' figures and the site's own words (content/editorial.yaml)."""
    parts = [__version__, repr(project.settings), project.taxonomy.fingerprint]
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            parts += [path.relative_to(templates_dir).as_posix(), digest(path.read_bytes())]
    parts += [repr(page) for page in pages]
    parts += [repr(project.quality), repr(project.editorial)]
    return digest(*parts)



@dataclass(frozen=True)
class Decision:
    """What to do with one output: carry ``kept`` over (the previous build's record of its
    file), or make it anew under ``key`` (None: uncacheable) showing the entries ``seeds``."""

    kept: OutputRecord | None
    key: str | None = None
    seeds: tuple[str, ...] = ()


class CarryOver:
    """One build's keys, against what the previous build recorded.

    ``intact(path, record)`` says whether the file at ``path`` is the one the previous build
    wrote there (SiteWriter.previous_stat against the record's size and time)."""

    def __init__(self, previous: PreviousBuild, site: str, search: bool, entries: Iterable[Entry],
                 intact: Callable[[str, OutputRecord], bool]):
        entries = list(entries)
        self.previous = previous
        self.intact = intact
        self.structure = structure_key(entries)
        self.digests = {entry.seed: entry_digest(entry) for entry in entries}
        self.fingerprint = ContextFingerprint(site, self.digests)
        self.build_key = build_key(site, search, self.structure)
        # With the previous build's build key, only pages showing a changed entry can differ.
        self.changed = {seed for seed, d in self.digests.items() if previous.digests.get(seed) != d} \
            if previous.build_key == self.build_key else None

    def known_related(self) -> dict[str, tuple[str, ...]] | None:
        """The previous build's related entries, where the entries' dates and terms are the same."""
        return (self.previous.related or None) if self.previous.structure == self.structure else None

    def decide(self, path: str, name: str, context: Mapping[str, Any]) -> Decision:
        """Carry the previous build's file at ``path`` over: without looking at ``context`` when
        no entry it showed has changed since (incremental.py), else when ``context`` (of the
        output ``name``) has the same key as then. Else make it anew."""
        previous = self.previous.outputs.get(path)
        if previous is not None and self.changed is not None and not any(s in self.changed for s in previous.seeds) \
                and self.intact(path, previous):
            return Decision(previous)
        key, seeds = self.fingerprint.key(name, context)
        if key is not None and previous is not None and previous.key == key and self.intact(path, previous):
            return Decision(previous)
        return Decision(None, key, seeds)
