"""`coprod build`: entries to files, written all-or-nothing into the output folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .export import entries_csv, entries_json
from .output import SiteWriter
from .pipeline import Project
from .records import Entry


@dataclass(frozen=True)
class BuildStats:
    files_written: int
    bytes_written: int


def write_site(entries: list[Entry], project: Project, templates_dir: Path, out_dir: Path) -> BuildStats:
    """Write every output file into a staging folder, then swap it in for ``out_dir``."""
    writer = SiteWriter(out_dir)
    try:
        writer.write("data/entries.json", entries_json(entries, project.settings))
        writer.write("data/entries.csv", entries_csv(entries, project.settings))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return BuildStats(writer.files_written, writer.bytes_written)
