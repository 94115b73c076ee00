"""`coprod build`: entries to files, written all-or-nothing into the output folder:
the data export, then the site (pages, feeds, sitemap, assets; see render.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .export import entries_csv, entries_json
from .output import SiteWriter
from .pipeline import Project
from .records import Entry
from .render import render_site
from .site_paths import DATA_CSV, DATA_JSON


@dataclass(frozen=True)
class BuildStats:
    files_written: int
    bytes_written: int


def write_site(entries: list[Entry], project: Project, templates_dir: Path, out_dir: Path) -> BuildStats:
    """Write every output file into a staging folder, then swap it in for ``out_dir``."""
    writer = SiteWriter(out_dir)
    try:
        writer.write(DATA_JSON, entries_json(entries, project.settings))
        writer.write(DATA_CSV, entries_csv(entries, project.settings))
        render_site(entries, project, templates_dir, writer)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return BuildStats(writer.files_written, writer.bytes_written)
