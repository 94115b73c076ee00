"""`coprod build`: entries to files, written all-or-nothing into the output folder:
the data export, then the site (pages, feeds, sitemap, assets; see render.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache
from .export import entries_csv, entries_json
from .output import SiteWriter
from .pipeline import Project
from .records import Entry
from .render import render_site
from .search import index_site
from .site_paths import DATA_CSV, DATA_JSON


@dataclass(frozen=True)
class BuildStats:
    files: int  # every file of the site
    files_written: int  # written anew
    files_kept: int  # carried over unchanged from the previous build
    bytes_written: int


def write_site(entries: list[Entry], project: Project, templates_dir: Path, out_dir: Path,
               cache: BuildCache | None = None, search: bool = True) -> BuildStats:
    """Write every output file into a staging folder, then swap it in for ``out_dir``.

    With a ``cache``, pages whose inputs did not change since the build that wrote
    ``out_dir`` are carried over without being rendered. With ``search``, the pages get
    the search box and Pagefind indexes the staged site (search.py) before the swap."""
    writer = SiteWriter(out_dir)
    try:
        writer.write(DATA_JSON, entries_json(entries, project.settings))
        writer.write(DATA_CSV, entries_csv(entries, project.settings))
        previous = cache.outputs() if cache is not None and writer.previous is not None else {}
        outputs = render_site(entries, project, templates_dir, writer, previous, search=search)
        recorded = [(path, key, *_size_and_time(writer, path)) for path, key in outputs]
        if search:
            index_site(writer.staging, writer.write)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    if cache is not None:
        cache.replace_outputs(recorded)
    return BuildStats(len(writer.written), writer.files_written, writer.files_kept, writer.bytes_written)


def _size_and_time(writer: SiteWriter, path: str) -> tuple[int, int]:
    stat = writer.stat(path)
    return stat.st_size, stat.st_mtime_ns
