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
           "categories", "activities", "source", "url", "summary")
# The CSV has the same columns, with the source object as two flat columns.
CSV_COLUMNS = tuple(c for c in COLUMNS if c != "source")[:10] + ("source_name", "source_url", "url", "summary")
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
    }


def entries_json(entries: list[Entry], settings: Settings) -> str:
    records = [entry_record(e, settings) for e in sorted(entries, key=Entry.sort_key)]
    return json.dumps({"entries": records}, ensure_ascii=False, indent=2) + "\n"


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
        writer.writerow([csv_cell(";".join(v) if isinstance(v, list) else v) for v in map(record.get, CSV_COLUMNS)])
    return out.getvalue()
