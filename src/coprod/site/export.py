"""The machine-readable data export: site/data/entries.json and entries.csv, and the same
for the entries of every country, partner, category and activity (data/countries/cz.csv).

Entries newest first, undated last; no build timestamps, so two builds of the
same input give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from coprod.core.records import Entry, to_data
from coprod.core.settings import Settings
from coprod.site.site_paths import absolute_url, entry_path



@dataclass(frozen=True)
class ExportField:
    """One field of the export, as the data page's data dictionary describes it."""

    name: str
    meaning: str
    formats: tuple[str, ...] = ("JSON", "CSV")  # the files that have it


# Every field, in the order of the files: the one home of what the export holds (the data page
# renders this list). The CSV has the source object as two flat columns and the other sources'
# URLs only; the evidence (a list of records per entry) does not fit a cell and is left to the JSON.
FIELDS = (
    ExportField("seed", "The seed's file name: the entry's stable identifier."),
    ExportField("slug", "The entry page's name in its URL."),
    ExportField("title", "The article's title (plain text)."),
    ExportField("date", "Publication date, YYYY-MM-DD, or empty when unknown; a month-precision date is stored "
                        "as the month's first day, a year-precision estimate as the middle of what the text allows."),
    ExportField("date_precision", "How much of the date is known: day, month or year; empty when undated."),
    ExportField("date_source", "published (printed with the article), estimated (worked out from the text) or "
                               "override (set by the editors); empty when undated."),
    ExportField("countries", "Partner countries, ISO 3166-1 alpha-2 codes (CSV: joined with ;)."),
    ExportField("partners", "Partner organisations, canonical names (CSV: joined with ;)."),
    ExportField("categories", "Weapon and equipment categories, slugs (CSV: joined with ;)."),
    ExportField("activities", "Kinds of cooperation, slugs (CSV: joined with ;)."),
    ExportField("source", "The publisher: {\"name\", \"url\"}, each null where unknown.", ("JSON",)),
    ExportField("source_name", "The publisher's name.", ("CSV",)),
    ExportField("source_url", "The original article's URL.", ("CSV",)),
    ExportField("url", "The entry's page on this site."),
    ExportField("summary", "The article's first paragraph (plain text)."),
    ExportField("more_sources", "The same story from other publishers: a list of {\"name\", \"url\"}.", ("JSON",)),
    ExportField("more_source_urls", "The other publishers' URLs, joined with ;.", ("CSV",)),
    ExportField("on_topic", "false for an article not about the cooperation: it lists no terms and the site "
                            "shows it only on its own page (CSV: true or false)."),
    ExportField("on_topic_reason", "One line: why the article is or is not on topic."),
    ExportField("evidence", "Why each value is there: a list of {\"field\", \"value\", \"text\", \"matched\", "
                            "\"rule\"} (the field, the value as stored, the sentence it was found in, the words "
                            "that matched, the rule that decided).", ("JSON",)),
)
COLUMNS = tuple(f.name for f in FIELDS if "JSON" in f.formats)
# The JSON file of one term leaves out the evidence: it is the bulk of a record, and an entry is in
# the files of about ten terms; entries.json has it for every entry.
TERM_FILES_OMIT = ("evidence",)
CSV_COLUMNS = tuple(f.name for f in FIELDS if "CSV" in f.formats)
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
        "source": to_data(entry.source),
        "url": absolute_url(settings, entry_path(entry.slug)),
        "summary": entry.summary,
        "more_sources": to_data(entry.more_sources),
        "on_topic": entry.on_topic,
        "on_topic_reason": entry.on_topic_reason,
        "evidence": to_data(entry.evidence),
    }


def json_line(entry: Entry, settings: Settings, evidence: bool = True) -> str:
    """One entry as one line of JSON. "<", ">" and "&" are written as \\u escapes (they only ever
    occur inside strings), so text from a seed cannot form markup even where the file is embedded
    in or sniffed as HTML; a JSON parser reads back exactly the same data."""
    # Each line is encoded by json's C encoder (an indented dump goes through its pure-Python one,
    # ten times slower).
    record = entry_record(entry, settings)
    if not evidence:
        del record["evidence"]
    line = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return line.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(entry: Entry, settings: Settings) -> list[str]:
    record = entry_record(entry, settings)
    record["source_name"], record["source_url"] = record["source"]["name"], record["source"]["url"]
    record["more_source_urls"] = [s.url for s in entry.more_sources if s.url]
    record["on_topic"] = "true" if entry.on_topic else "false"
    return [csv_cell(";".join(v) if isinstance(v, list) else v) for v in map(record.get, CSV_COLUMNS)]


class Exporter:
    """The export files of any set of entries, newest first, undated last. Each entry is
    encoded once however many files hold it (the whole set and one file per term)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._json: dict[tuple[str, bool], str] = {}
        self._csv: dict[str, str] = {}

    def json(self, entries: list[Entry], evidence: bool = True) -> str:
        """``{"entries": [...]}`` with one entry per line: readable, and two versions diff entry by
        entry. Without ``evidence``, the records leave that field out (see TERM_FILES_OMIT)."""
        lines = []
        for entry in sorted(entries, key=Entry.sort_key):
            key = (entry.seed, evidence)
            if key not in self._json:
                self._json[key] = json_line(entry, self.settings, evidence)
            lines.append(self._json[key])
        return ('{"entries": [\n' + ",\n".join(lines) + '\n]}' if lines else '{"entries": []}') + "\n"

    def csv(self, entries: list[Entry]) -> str:
        """A header row and one row per entry, after a UTF-8 byte-order mark: without it, a
        spreadsheet opening the file guesses a legacy encoding and garbles every non-ASCII name."""
        rows = []
        for entry in sorted(entries, key=Entry.sort_key):
            if entry.seed not in self._csv:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerow(csv_row(entry, self.settings))
                self._csv[entry.seed] = out.getvalue()
            rows.append(self._csv[entry.seed])
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(CSV_COLUMNS)
        return "\ufeff" + out.getvalue() + "".join(rows)


def entries_json(entries: list[Entry], settings: Settings) -> str:
    return Exporter(settings).json(entries)


def entries_csv(entries: list[Entry], settings: Settings) -> str:
    return Exporter(settings).csv(entries)
