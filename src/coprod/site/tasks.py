"""The site as a plan of independent tasks, run in worker processes when there are enough.

A Task names a page-kind function (pages.py, files.py) and its small arguments (a slice
of entries, a kind, a term's pages), so it can be handed to a worker process; the worker
runs it against its copy of the renderer (inherited through fork, parallel.py) and returns
a TaskResult: the files it staged and the records of them. The caller counts them in task
order, so the site does not depend on how many processes made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from coprod.build.incremental import OutputRecord
from coprod.build.output import FileWritten
from coprod.build.parallel import forked_map
from coprod.site import files, pages
from coprod.site.page_records import Output
from coprod.site.pages import SiteParts

if TYPE_CHECKING:
    from coprod.site.render import SiteRenderer

TASK_SIZE = 50  # entry pages, or pages of one term, rendered as one task
FEEDS_PER_TASK = 20  # term feeds rendered as one task
DATA_FILES_PER_TASK = 20  # terms whose export files are written as one task
PARALLEL_MINIMUM = 200  # entries below which rendering in several processes costs more than it saves


@dataclass(frozen=True)
class Task:
    """``make(site, *args)``: a module-level function of pages.py or files.py (pickled by name
    when handed to a worker process) and its arguments."""

    make: Callable[..., list[Output]]
    args: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class TaskResult:
    """What one task did: the files it staged or kept, and the records of them."""

    files: tuple[FileWritten, ...]
    outputs: tuple[OutputRecord, ...]  # the cache's records of the files (uncacheable ones have none)
    html_pages: tuple[str, ...]  # site paths of the HTML pages, for the sitemap
    related: dict[str, tuple[str, ...]]  # seed -> related seeds, for the entry pages rendered


def plan(site: SiteParts) -> list[Task]:
    """The site's pages, term feeds and export files as tasks, in the order of the output."""
    model = site.model
    tasks = [Task(files.data_export), Task(pages.home)]  # the export first: the longest task
    total = len(model.entries)
    tasks += [Task(pages.entry_pages, (start, min(total, start + TASK_SIZE))) for start in range(0, total, TASK_SIZE)]
    for kind in site.kinds:
        tasks.append(Task(pages.taxonomy_index, (kind.key,)))
        for index, term in enumerate(model.terms[kind.key]):
            count = site.page_count(term)
            tasks += [Task(pages.term_pages, (kind.key, index, first, min(count, first + TASK_SIZE - 1)))
                      for first in range(1, count + 1, TASK_SIZE)]
    tasks += [Task(pages.timeline), Task(pages.network), Task(pages.explore), Task(pages.data_page)]
    if site.search:
        tasks.append(Task(pages.search_page))
    tasks += [Task(pages.content_page, (index,)) for index in range(len(model.pages))]
    for kind in site.kinds:
        terms = len(model.terms[kind.key])
        tasks += [Task(files.term_feeds, (kind.key, start, min(terms, start + FEEDS_PER_TASK)))
                  for start in range(0, terms, FEEDS_PER_TASK)]
        tasks += [Task(files.term_data, (kind.key, start, min(terms, start + DATA_FILES_PER_TASK)))
                  for start in range(0, terms, DATA_FILES_PER_TASK)]
    return tasks


def run_task(renderer: SiteRenderer, task: Task) -> TaskResult:
    """One task, here or in a worker process: its outputs made and staged."""
    return renderer.stage(task.make(renderer.site, *task.args))


def run_tasks(renderer: SiteRenderer, tasks: list[Task], jobs: int,
              progress: Callable[[str, int, int], None] | None = None) -> list[TaskResult]:
    """Every task's result, in task order; in ``jobs`` processes for a large enough site."""
    workers = jobs if len(renderer.site.model.entries) >= PARALLEL_MINIMUM else 1
    finished = 0

    def advance(count: int) -> None:
        nonlocal finished
        finished += count
        if progress:
            progress("rendering", finished, len(tasks))

    return forked_map(run_task, renderer, tasks, workers, batch_size=1, progress=advance if progress else None)
