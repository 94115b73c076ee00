"""`coprod build`: entries to files, written all-or-nothing into the output folder:
the data export, then the site (pages, feeds, sitemap, assets; see site/render.py)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping

from coprod.build.cache import Cache
from coprod.build.incremental import PreviousBuild
from coprod.build.output import SiteWriter, cannot_write
from coprod.build.pipeline import Project
from coprod.core.records import Entry
from coprod.site.render import render_site
from coprod.site.search import index_site
from coprod.site.site_paths import SEARCH_INDEX


@dataclass(frozen=True)
class BuildStats:
    files: int  # every file of the site
    files_written: int  # written anew
    files_kept: int  # carried over unchanged from the previous build
    bytes_written: int


def write_site(entries: list[Entry], project: Project, templates_dir: Path, out_dir: Path,
               cache: Cache | None = None, search: bool = True, jobs: int = 1,
               progress: Callable[[str, int, int], None] | None = None,
               inputs: Mapping[str, Path] | None = None, index: bool = True) -> BuildStats:
    """Write every output file into a staging folder, then commit it to ``out_dir`` (output.py),
    which must be a folder this tool may write (output.check_output_folder: never the templates
    folder or one of ``inputs``, name -> folder, nor one holding them).

    With a ``cache``, pages whose inputs did not change since the build that wrote
    ``out_dir`` are carried over without being rendered. With ``search``, the pages get
    the search box and Pagefind indexes the staged site (search.py) before the commit.
    Pages are rendered in ``jobs`` processes. ``progress(stage, done, total)`` is told of
    each rendering task done and of the indexing (a stage with no count: total 0).

    With ``search`` but not ``index``, the pages still get the search box, and the search
    index the site had is kept as it is, for the caller to replace with write_search_index
    (`coprod serve` shows an edited page first and indexes after)."""
    inputs = {"templates": templates_dir, **(inputs or {})}
    index = search and index
    # With the index made here, the staging folder holds the whole site: Pagefind reads it all.
    with _all_or_nothing(out_dir, complete=index, inputs=inputs) as writer:
        previous = cache.previous_build() if cache is not None else PreviousBuild()
        rendered = render_site(entries, project, templates_dir, writer, previous, search=search, jobs=jobs,
                          progress=progress)
        recorded = rendered.stamped(lambda path: _size_and_time(writer, path))
        if index:
            if progress:
                progress("indexing for search", 0, 0)
            index_site(writer.staging, writer.write)
        elif search:
            _keep_search_index(writer)
    if cache is not None:
        cache.record_build(previous, recorded)
    return BuildStats(len(writer.written), writer.files_written, writer.files_kept, writer.bytes_written)


def _size_and_time(writer: SiteWriter, path: str) -> tuple[int, int]:
    stat = writer.stat(path)
    return stat.st_size, stat.st_mtime_ns


def _keep_search_index(writer: SiteWriter) -> None:
    for relpath in sorted(writer.recorded):
        if relpath.startswith(SEARCH_INDEX):
            writer.keep(relpath)


def write_search_index(out_dir: Path, files: Mapping[str, bytes], inputs: Mapping[str, Path]) -> None:
    """Replace the search index of the site in ``out_dir`` (what a build with ``index=False``
    kept) by ``files`` (search.make_index), keeping every other file of the site as it is;
    written like a build: all or nothing, and only into a folder this tool wrote."""
    with _all_or_nothing(out_dir, complete=False, inputs=inputs) as writer:
        for relpath in sorted(writer.recorded):
            if not relpath.startswith(SEARCH_INDEX):
                writer.keep(relpath)
        for relpath, data in files.items():
            writer.write(relpath, data)


@contextmanager
def _all_or_nothing(out_dir: Path, complete: bool, inputs: Mapping[str, Path]) -> Iterator[SiteWriter]:
    """A writer into ``out_dir`` whose files are committed when the block ends, and
    abandoned, the folder left as it was, if the block raises."""
    try:
        writer = SiteWriter(out_dir, complete=complete, inputs=inputs)
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None
    try:
        yield writer
        writer.commit()
    except OSError as exc:
        writer.abort()
        raise cannot_write(out_dir, exc, writer.changing) from None
    except BaseException:
        writer.abort()
        raise
