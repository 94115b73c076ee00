"""Editor corrections: content/corrections/<seed file stem>.yaml, applied after extraction.

A correction file is keyed by the seed's file name, so it stays attached when the
extracted title changes. Top-level keys set a field (a list replaces the list;
null clears it); `add:` and `remove:` edit list fields item by item:

    title: Czech and Ukrainian firms agree on 155 mm shells
    date: 2022-11-09          # or 2022-11, or 2022, or null for undated
    countries: [CZ, SK]
    add: {partners: [Czechoslovak Group]}
    remove: {categories: [aircraft]}
    source: {name: Ukrinform, url: https://www.ukrinform.net/...}
    url: https://www.ukrinform.net/...   # the original article's URL
    on_topic: false           # not about defence-industrial cooperation: lists no terms
    on_topic_reason: reports an aid package, not cooperation

An off-topic entry lists no countries, partners, categories or activities (TAXONOMY.md),
so ``on_topic: false`` empties those lists and their evidence, and a correction that
also sets or adds one of them is refused. Every value a correction adds or sets gets
evidence with the rule "correction <file name>"; a value it removes loses its evidence.

The tool only ever reads these files; it never writes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from coprod.core.errors import ContentError
from coprod.read.reader import clean_text
from coprod.core.records import Entry, Evidence, Problem, PublicationDate, Source
from coprod.extract.taxonomy import Taxonomy
from coprod.core.userfiles import folder_files
from coprod.core.schema import Anything, Flag, Nullable, Record, Schema, Text, Url
from coprod.core.yamlfile import load_yaml, shown

LIST_FIELDS = ("countries", "partners", "categories", "activities")
LIST_OPERATIONS = ("add", "remove")


@dataclass(frozen=True)
class Correction:
    path: str  # the file, as found; its name is what the evidence of its values cites
    values: Mapping[str, Any]  # field -> validated value to set
    add: Mapping[str, tuple[str, ...]]
    remove: Mapping[str, tuple[str, ...]]


def _date(path: Path, value) -> PublicationDate:
    if value is None:
        return PublicationDate()
    if isinstance(value, dt.date):
        return PublicationDate(value, "day", "override")
    text = str(value).strip()
    for pattern, precision in ((r"\d{4}-\d{2}-\d{2}", "day"), (r"\d{4}-\d{2}", "month"), (r"\d{4}", "year")):
        if re.fullmatch(pattern, text):
            parts = [int(p) for p in text.split("-")] + [1, 1]
            try:
                return PublicationDate(dt.date(parts[0], parts[1], parts[2]), precision, "override")
            except ValueError:
                break
    raise ContentError(path, f"date: {shown(value)} is not YYYY-MM-DD, YYYY-MM or YYYY")


def _list_values(path: Path, field: str, value: object, taxonomy: Taxonomy) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ContentError(path, f"{field}: expected a list, got {shown(value)}")
    items = [clean_text(str(v)).strip() for v in value]
    if field == "countries":
        items = [v.upper() for v in items]
        unknown = [v for v in items if v not in taxonomy.countries]
        if unknown:
            raise ContentError(path, f"countries: unknown ISO 3166-1 alpha-2 code {shown(unknown[0])}")
    elif field in ("categories", "activities"):
        vocabulary = [t.slug for t in getattr(taxonomy, field)]
        unknown = [v for v in items if v not in vocabulary]
        if unknown:
            raise ContentError(path, f"{field}: unknown code {shown(unknown[0])} (known: {', '.join(vocabulary)})")
    else:
        if any(not v for v in items):
            raise ContentError(path, "partners: empty name")
        items = [partner.name if (partner := taxonomy.partner_named(v)) else v for v in items]
    return tuple(dict.fromkeys(items))


def _source(value: dict[str, Any] | None) -> Source:
    if value is None:
        return Source()
    name = " ".join(clean_text(value["name"]).split()) if value["name"] is not None else None
    return Source(name=name, url=value["url"] or None)


# A correction file. The list fields are checked against the taxonomy (_list_values); a
# null means something here (`date: null`: undated, `url: null`: no URL), so it is a value.
URL_WORDING = ": {value} {problem}"
LISTS = Schema({field: Anything() for field in LIST_FIELDS}, noun="field")
SCHEMA = Schema({
    "title": Text(non_empty=True, problem=": must be non-empty text"),
    "date": Anything(),  # YYYY-MM-DD, YYYY-MM, YYYY, or null: _date
    "source": Nullable(Record(Schema({"name": Nullable(Text()), "url": Url(URL_WORDING)}, noun="field"))),
    "url": Nullable(Url(URL_WORDING)),
    "on_topic": Flag(True),
    "on_topic_reason": Text(non_empty=True, problem=": must be non-empty text"),
    **{field: Anything() for field in LIST_FIELDS},
    **{operation: Nullable(Record(LISTS)) for operation in LIST_OPERATIONS},
}, noun="field", nulls=True)


def parse_correction(path: Path, data: object, taxonomy: Taxonomy) -> Correction:
    if not isinstance(data, dict):
        raise ContentError(path, "a correction must be a mapping of keys to values")
    checked = SCHEMA.check(path, data)
    values: dict[str, Any] = {}
    for field in data:
        value = checked[field]
        if field in LIST_OPERATIONS:
            continue
        if field in ("title", "on_topic_reason"):
            values[field] = " ".join(clean_text(value).split())
        elif field == "date":
            values[field] = _date(path, value)
        elif field == "source":
            values[field] = _source(value)
        elif field in LIST_FIELDS:
            values[field] = _list_values(path, field, value, taxonomy)
        else:
            values[field] = value
    operations = {}
    for operation in LIST_OPERATIONS:
        block = data.get(operation) or {}
        operations[operation] = MappingProxyType({f: _list_values(path, f, v, taxonomy) for f, v in block.items()})
    if values.get("on_topic") is False:
        listed = [f for f in LIST_FIELDS if values.get(f) or operations["add"].get(f)]
        if listed:
            raise ContentError(path, f"on_topic: false, but {listed[0]} set: an off-topic entry lists no "
                                     "countries, partners, categories or activities")
    return Correction(str(path), MappingProxyType(values), operations["add"], operations["remove"])


def load_corrections(content_dir: Path, taxonomy: Taxonomy) -> tuple[dict[str, Correction], list[Problem]]:
    """Every correction file; a broken one is reported and skipped, the others load."""
    folder = content_dir / "corrections"
    corrections = {}
    paths, problems = folder_files(folder, (".yaml", ".yml"))
    for path in paths:
        try:
            corrections[path.stem] = parse_correction(path, load_yaml(path, {}), taxonomy)
        except ContentError as exc:
            problems.append(Problem(str(path), "error", str(exc).split(": error: ", 1)[-1]))
    return corrections, problems


def apply_correction(entry: Entry, correction: Correction) -> Entry:
    changes: dict[str, Any] = {}
    for field, value in correction.values.items():
        if field == "url":
            changes["source"] = Source(name=changes.get("source", entry.source).name, url=value)
        elif field == "source":
            current_url = changes["source"].url if "source" in changes and "url" in correction.values else None
            changes["source"] = Source(name=value.name, url=current_url or value.url)
        else:
            changes[field] = value
    off_topic = correction.values.get("on_topic") is False
    for field in LIST_FIELDS:
        items = list(changes.get(field, getattr(entry, field)))
        items += [i for i in correction.add.get(field, ()) if i not in items]
        items = [i for i in items if i not in correction.remove.get(field, ()) and not off_topic]
        if field in correction.add or field in correction.remove or field in changes or off_topic:
            changes[field] = tuple(sorted(items, key=str.casefold)) if field != "countries" else tuple(sorted(items))
    if "on_topic" in changes and "on_topic_reason" not in changes:
        changes["on_topic_reason"] = f"set by the editors ({Path(correction.path).name})"
    if "title" in changes:
        changes["slug"] = ""  # the old title's slug: slugs.assign_slugs makes the new one
    changes["evidence"] = _corrected_evidence(entry, changes, Path(correction.path).name)
    return dataclasses.replace(entry, **changes)


def _corrected_evidence(entry: Entry, changes: Mapping[str, Any], file_name: str) -> tuple[Evidence, ...]:
    """The entry's evidence after ``changes``: a value the correction took away loses its evidence,
    a value it brought in (or a date or on_topic it set) gets the correction as its evidence."""
    rule = f"correction {file_name}"
    replaced = {"date", "on_topic"} & set(changes)
    kept, added = [], []
    for item in entry.evidence:
        if item.field in replaced:
            continue
        if item.field in LIST_FIELDS and item.field in changes and item.value not in changes[item.field]:
            continue
        kept.append(item)
    if "date" in changes and changes["date"].value is not None:
        added.append(Evidence("date", changes["date"].iso(), "", "", rule))
    for field in LIST_FIELDS:
        before = set(getattr(entry, field))
        added += [Evidence(field, value, "", "", rule) for value in changes.get(field, ()) if value not in before]
    if "on_topic" in changes:
        added.append(Evidence("on_topic", "true" if changes["on_topic"] else "false", "", "", rule))
    return tuple(kept + added)
