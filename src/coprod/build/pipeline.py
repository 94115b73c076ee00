"""The pipeline up to finished entries: read seed -> extract -> correct -> slugs.

Everything under content/ is loaded once into a Project and passed down; one
broken seed or correction is reported and never stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from coprod import __version__
from coprod.build.cache import Cache
from coprod.core.digest import digest
from coprod.correct.corrections import Correction, apply_correction, load_corrections
from coprod.extract.extractor import Extractor
from coprod.site.editorial import Editorial, load_editorial
from coprod.site.markup import ContentPage, load_pages
from coprod.build.parallel import forked_map
from coprod.site.quality import Quality, load_quality
from coprod.read.reader import ReaderRules, SeedError, carriable, load_reader_rules, read_seed, read_seed_bytes
from coprod.core.records import Entry, Problem
from coprod.core.settings import Settings, load_settings
from coprod.core.slugs import assign_slugs
from coprod.extract.taxonomy import Taxonomy, load_taxonomy, safe_slug
from coprod.core.userfiles import folder_files


@dataclass(frozen=True)
class Project:
    """Everything loaded from content/, once per command."""

    settings: Settings
    taxonomy: Taxonomy
    rules: ReaderRules
    corrections: Mapping[str, Correction]
    extractor: Extractor
    editorial: Editorial  # content/editorial.yaml: the site's headings and descriptions
    pages: tuple[ContentPage, ...] = ()  # content/pages/*.md
    quality: Quality | None = None  # content/quality.yaml: extraction as last measured


def reference_date() -> dt.date:
    """"Today" for rejecting future dates: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load_project(content_dir: Path, base_url: str | None = None) -> tuple[Project, list[Problem]]:
    """Load settings, taxonomy, reader rules, corrections, the site's words and pages; ContentError if unusable."""
    settings = load_settings(content_dir, base_url)
    taxonomy = load_taxonomy(content_dir)
    rules = load_reader_rules(content_dir)
    corrections, problems = load_corrections(content_dir, taxonomy)
    pages = load_pages(content_dir)
    return Project(settings, taxonomy, rules, corrections, Extractor(taxonomy, rules.finder),
                   load_editorial(content_dir), pages, load_quality(content_dir)), problems


def seed_files(seeds_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The seeds, by name: the regular files of ``seeds_dir`` not starting with ".", whatever
    their suffix; and a problem for each symbolic link (never followed), special file or
    unusable name there (userfiles.folder_files). The only listing of the seeds folder."""
    return folder_files(seeds_dir)


def _strings(value):
    """Every string in a record, its tuples and nested records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))


def uncarriable(entry: Entry) -> Problem | None:
    """An error naming the seed if some text of ``entry`` is one no output can carry. The reader
    and corrections clean all text, so this only guards the outputs against a bug: one such
    entry is left out rather than failing every feed."""
    if carriable("\n".join(_strings(entry))):
        return None
    return Problem(entry.seed, "error", "left out: its text holds characters no output can carry")


def extract_seed(path: Path, project: Project, today: dt.date) -> Entry:
    """One seed to one entry, before corrections, with its title's slug (made unique later,
    slugs.assign_slugs; slugging every title again on each build would cost more). Raises SeedError."""
    entry = project.extractor.extract(read_seed(path, project.rules, today), today)
    return dataclasses.replace(entry, slug=safe_slug(entry.title))


def _extract_one(path: Path, project: Project, today: dt.date) -> tuple[str, Entry | None, Problem | None]:
    try:
        entry = extract_seed(path, project, today)
        problem = uncarriable(entry)  # checked once: a cached entry passed it
        return path.name, (entry if problem is None else None), problem
    except SeedError as exc:
        return path.name, None, Problem(path.name, "error", str(exc))
    except Exception as exc:  # a bug must not cost the other seeds their pages
        return path.name, None, Problem(path.name, "error", f"could not be processed: {type(exc).__name__}: {exc}")


def _extract_in_worker(state: tuple[Project, dt.date], path: str):
    project, today = state
    return _extract_one(Path(path), project, today)


PARALLEL_MINIMUM = 200  # below this many seeds to extract, starting processes costs more than it saves
BATCH_SIZE = 64


def _extract_all(paths: list[Path], project: Project, today: dt.date, jobs: int,
                 progress: Callable[[int, int], None] | None):
    """Extract seeds, in worker processes when it pays; results in the order of ``paths``."""
    total, done = len(paths), 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    workers = jobs if total >= PARALLEL_MINIMUM else 1
    results = forked_map(_extract_in_worker, (project, today), [str(p) for p in paths], workers, BATCH_SIZE,
                         advance)
    return [(path, entry, problem) for path, (_, entry, problem) in zip(paths, results)]


def _seed_keys(paths: list[Path], project: Project, today: dt.date, cache: Cache | None):
    """A cache key per seed: its content hash (not re-read when size and mtime are unchanged)
    with the taxonomy, reader rules, package version and reference date."""
    known = cache.seed_digests() if cache else {}
    context = digest(project.taxonomy.fingerprint, project.rules.fingerprint, __version__, today.isoformat())
    keys, changed, problems = {}, [], []
    for path in paths:
        try:
            stat = os.lstat(path)
            seen = known.get(path.name)
            if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
                content = seen[2]
            else:
                content = digest(read_seed_bytes(path))
                changed.append((path.name, stat.st_size, stat.st_mtime_ns, content))
        except OSError as exc:
            problems.append(Problem(path.name, "error", f"cannot be read: {exc.strerror}"))
            continue
        except SeedError as exc:
            problems.append(Problem(path.name, "error", str(exc)))
            continue
        keys[path] = digest(context, path.name, content)
    if cache:
        cache.store_seed_digests(changed)
    return keys, problems


def collect_entries(seeds_dir: Path, project: Project, today: dt.date, *, jobs: int = 1,
                    cache: Cache | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every seed's corrected entry with its slug, newest first, and the problems met.

    Entries found in ``cache`` are not read or extracted again; the others are
    extracted in ``jobs`` processes. ``progress(done, total)`` is called as seeds
    are extracted. The result is the same whatever ``jobs`` and the cache hold.
    """
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(str(seeds_dir), "error", "seeds folder not found"))
    paths, listing_problems = seed_files(seeds_dir)
    keys, key_problems = _seed_keys(paths, project, today, cache)
    problems += listing_problems + key_problems
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
            if correction:
                entry = apply_correction(entry, correction)
                problem = uncarriable(entry)
                if problem is not None:
                    problems.append(problem)
                    continue
            entries.append(entry)
    stems = {p.stem for p in paths}
    for stem, correction in sorted(project.corrections.items()):
        if stem not in stems:
            problems.append(Problem(correction.path, "warning", f"no seed named {stem}.* to correct"))
    problems.sort(key=lambda p: (p.file, p.message))
    entries = sorted(assign_slugs(entries), key=Entry.sort_key)
    return entries, problems
