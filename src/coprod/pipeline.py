"""The pipeline up to finished entries: read seed -> extract -> correct -> slugs.

Everything under content/ is loaded once into a Project and passed down; one
broken seed or correction is reported and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from . import __version__
from .cache import BuildCache, digest
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
    """One seed to one entry, before corrections and slugs. Raises SeedError."""
    return project.extractor.extract(read_seed(path, project.rules, today), today)


# The worker processes' copy of the project, set once per process by the pool's
# initializer (fork start: inherited, not pickled).
_worker_project: Project | None = None


def _init_worker(project: Project) -> None:
    global _worker_project
    _worker_project = project


def _extract_batch(batch: list[str], today: dt.date) -> list[tuple[str, Entry | None, Problem | None]]:
    return [_extract_one(Path(path), _worker_project, today) for path in batch]


def _extract_one(path: Path, project: Project, today: dt.date) -> tuple[str, Entry | None, Problem | None]:
    try:
        return path.name, extract_seed(path, project, today), None
    except SeedError as exc:
        return path.name, None, Problem(path.name, "error", str(exc))
    except Exception as exc:  # a bug must not cost the other seeds their pages
        return path.name, None, Problem(path.name, "error", f"could not be processed: {type(exc).__name__}: {exc}")


PARALLEL_MINIMUM = 200  # below this many seeds to extract, starting processes costs more than it saves
BATCH_SIZE = 64


def _extract_all(paths: list[Path], project: Project, today: dt.date, jobs: int,
                 progress: Callable[[int, int], None] | None):
    """Extract seeds, in worker processes when it pays; results in the order of ``paths``."""
    total, done, results = len(paths), 0, {}
    if jobs > 1 and total >= PARALLEL_MINIMUM and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        batches = [[str(p) for p in paths[i:i + BATCH_SIZE]] for i in range(0, total, BATCH_SIZE)]
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(project,)) as pool:
            for batch_results in pool.map(_extract_batch, batches, [today] * len(batches)):
                for name, entry, problem in batch_results:
                    results[name] = (entry, problem)
                done += len(batch_results)
                if progress:
                    progress(done, total)
    else:
        for path in paths:
            name, entry, problem = _extract_one(path, project, today)
            results[name] = (entry, problem)
            done += 1
            if progress:
                progress(done, total)
    return [(path, *results[path.name]) for path in paths]


def _seed_keys(paths: list[Path], project: Project, today: dt.date, cache: BuildCache | None):
    """A cache key per seed: its content hash (not re-read when size and mtime are unchanged)
    with the taxonomy, reader rules, package version and reference date."""
    known = cache.seed_digests() if cache else {}
    context = digest(project.taxonomy.fingerprint, project.rules.fingerprint, __version__, today.isoformat())
    keys, changed, problems = {}, [], []
    for path in paths:
        try:
            stat = path.stat()
            seen = known.get(path.name)
            if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
                content = seen[2]
            else:
                content = digest(path.read_bytes())
                changed.append((path.name, stat.st_size, stat.st_mtime_ns, content))
        except OSError as exc:
            problems.append(Problem(path.name, "error", f"cannot be read: {exc.strerror}"))
            continue
        keys[path] = digest(context, path.name, content)
    if cache:
        cache.store_seed_digests(changed)
    return keys, problems


def collect_entries(seeds_dir: Path, project: Project, today: dt.date, *, jobs: int = 1,
                    cache: BuildCache | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every seed's corrected entry with its slug, newest first, and the problems met.

    Entries found in ``cache`` are not read or extracted again; the others are
    extracted in ``jobs`` processes. ``progress(done, total)`` is called as seeds
    are extracted. The result is the same whatever ``jobs`` and the cache hold.
    """
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(str(seeds_dir), "error", "seeds folder not found"))
    paths = seed_files(seeds_dir)
    keys, key_problems = _seed_keys(paths, project, today, cache)
    problems += key_problems
    cached = cache.entries(list(keys.values())) if cache else {}
    todo = [path for path in keys if keys[path] not in cached]
    extracted = _extract_all(todo, project, today, jobs, progress)
    if cache:
        cache.store_entries([(keys[path], entry) for path, entry, _ in extracted if entry is not None])
        cache.prune_entries(set(keys.values()))
    by_name = {path.name: cached[keys[path]] for path in keys if keys[path] in cached}
    for path, entry, problem in extracted:
        if entry is not None:
            by_name[path.name] = entry
        if problem is not None:
            problems.append(problem)
    entries = []
    for path in paths:
        entry = by_name.get(path.name)
        if entry is not None:
            correction = project.corrections.get(path.stem)
            entries.append(apply_correction(entry, correction) if correction else entry)
    stems = {p.stem for p in paths}
    for stem, correction in sorted(project.corrections.items()):
        if stem not in stems:
            problems.append(Problem(correction.path, "warning", f"no seed named {stem}.* to correct"))
    problems.sort(key=lambda p: (p.file, p.message))
    entries = sorted(assign_slugs(entries), key=Entry.sort_key)
    return entries, problems
