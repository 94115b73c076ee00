"""The machine-readable data export: site/data/entries.json and entries.csv.

Entries newest first, undated last; no build timestamps, so two builds of the
same input give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json

from .records import Entry
from .settings import Settings
from .site_paths import absolute_url, entry_path

COLUMNS = ("seed", "slug", "title", "date", "date_precision", "date_source", "countries", "partners",
           "categories", "activities", "source", "url", "summary", "more_sources", "on_topic", "on_topic_reason",
           "evidence")
# The CSV has the same columns, with the source object as two flat columns; the evidence (a list of
# records per entry) does not fit a cell and is left to the JSON.
CSV_COLUMNS = COLUMNS[:10] + ("source_name", "source_url", "url", "summary", "more_source_urls", "on_topic",
                              "on_topic_reason")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def entry_record(entry: Entry, settings: Settings) -> dict:
    return {
        "seed": entry.seed,
        "slug": entry.slug,
        "title": entry.title,
        "date": entry.date.iso(),
        "date_precision": entry.date.precision,
        "date_source": entry.date.source,
        "countries": list(entry.countries),
        "partners": list(entry.partners),
        "categories": list(entry.categories),
        "activities": list(entry.activities),
        "source": {"name": entry.source.name, "url": entry.source.url},
        "url": absolute_url(settings, entry_path(entry.slug)),
        "summary": entry.summary,
        "more_sources": [{"name": s.name, "url": s.url} for s in entry.more_sources],
        "on_topic": entry.on_topic,
        "on_topic_reason": entry.on_topic_reason,
        "evidence": [{"field": e.field, "value": e.value, "text": e.text, "matched": e.matched, "rule": e.rule}
                     for e in entry.evidence],
    }


def entries_json(entries: list[Entry], settings: Settings) -> str:
    """The entries as JSON. "<", ">" and "&" are written as \\u escapes (they only ever occur
    inside strings), so text from a seed cannot form markup even where the file is embedded
    in or sniffed as HTML; a JSON parser reads back exactly the same data."""
    # One entry per line: readable and diff-friendly, and each line is encoded by json's C
    # encoder (an indented dump goes through its pure-Python one, ten times slower).
    lines = [json.dumps(entry_record(e, settings), ensure_ascii=False, separators=(", ", ": "))
             for e in sorted(entries, key=Entry.sort_key)]
    text = '{"entries": [\n' + ",\n".join(lines) + '\n]}' if lines else '{"entries": []}'
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def entries_csv(entries: list[Entry], settings: Settings) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(entries, key=Entry.sort_key):
        record = entry_record(entry, settings)
        record["source_name"], record["source_url"] = record["source"]["name"], record["source"]["url"]
        record["more_source_urls"] = [s.url for s in entry.more_sources if s.url]
        record["on_topic"] = "true" if entry.on_topic else "false"
        writer.writerow([csv_cell(";".join(v) if isinstance(v, list) else v) for v in map(record.get, CSV_COLUMNS)])
    return out.getvalue()
