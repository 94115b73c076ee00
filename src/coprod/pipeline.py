"""The pipeline up to finished entries: read seed -> extract -> correct -> slugs.

Everything under content/ is loaded once into a Project and passed down; one
broken seed or correction is reported and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .corrections import Correction, apply_correction, load_corrections
from .extract import Extractor
from .markup import ContentPage, load_pages
from .reader import ReaderRules, SeedError, load_reader_rules, read_seed
from .records import Entry, Problem
from .settings import Settings, load_settings
from .slugs import assign_slugs
from .taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class Project:
    """Everything loaded from content/, once per command."""

    settings: Settings
    taxonomy: Taxonomy
    rules: ReaderRules
    corrections: Mapping[str, Correction]
    extractor: Extractor
    pages: tuple[ContentPage, ...] = ()  # content/pages/*.md


def reference_date() -> dt.date:
    """"Today" for rejecting future dates: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load_project(content_dir: Path, base_url: str | None = None) -> tuple[Project, list[Problem]]:
    """Load settings, taxonomy, reader rules, corrections and pages; ContentError if unusable."""
    settings = load_settings(content_dir, base_url)
    taxonomy = load_taxonomy(content_dir)
    rules = load_reader_rules(content_dir)
    corrections, problems = load_corrections(content_dir, taxonomy)
    pages = load_pages(content_dir)
    return Project(settings, taxonomy, rules, corrections, Extractor(taxonomy, rules.finder), pages), problems


def seed_files(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        return []
    return sorted(p for p in seeds_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def extract_seed(path: Path, project: Project, today: dt.date) -> Entry:
    """One seed to one corrected entry (without its slug). Raises SeedError."""
    article = read_seed(path, project.rules, today)
    entry = project.extractor.extract(article, today)
    correction = project.corrections.get(path.stem)
    return apply_correction(entry, correction) if correction else entry


def collect_entries(seeds_dir: Path, project: Project, today: dt.date) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    paths = seed_files(seeds_dir)
    if not seeds_dir.is_dir():
        problems.append(Problem(str(seeds_dir), "error", "seeds folder not found"))
    for path in paths:
        try:
            entries.append(extract_seed(path, project, today))
        except SeedError as exc:
            problems.append(Problem(path.name, "error", str(exc)))
        except Exception as exc:  # a bug must not cost the other seeds their pages
            problems.append(Problem(path.name, "error", f"could not be processed: {type(exc).__name__}: {exc}"))
    stems = {p.stem for p in paths}
    for stem, correction in sorted(project.corrections.items()):
        if stem not in stems:
            problems.append(Problem(correction.path, "warning", f"no seed named {stem}.* to correct"))
    entries = sorted(assign_slugs(entries), key=Entry.sort_key)
    return entries, problems


