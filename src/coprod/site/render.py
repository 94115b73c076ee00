"""The site, rendered: ``render_site`` builds the site model (model.py), plans the pages,
feeds and export files as tasks (tasks.py), runs them, and writes every file through the
build's SiteWriter, carrying over what the previous build made from the same inputs
(build/fingerprint.py). What each page shows is decided in pages.py and files.py; what
each template is given is documented in environment.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from coprod.build.fingerprint import CarryOver, site_key
from coprod.build.incremental import BuildRecord, OutputRecord, PreviousBuild
from coprod.build.output import FileWritten, SiteWriter
from coprod.build.pipeline import Project
from coprod.core.records import Entry
from coprod.site import files, pages, site_paths as paths
from coprod.site.environment import Templates, navigation
from coprod.site.export import Exporter
from coprod.site.model import SiteModel, build_model
from coprod.site.page_records import Output, Page, PlainFile
from coprod.site.pages import SiteParts, site_feed_links
from coprod.site.related import RelatedIndex
from coprod.site.tasks import TaskResult, plan, run_tasks


class SiteRenderer:
    """Stages the outputs of the page-kind functions through one SiteWriter: an HTML page
    or keyed file whose inputs are unchanged, and whose file is the one the previous build
    wrote, is carried over without being made (``carry_over.decide``)."""

    def __init__(self, site: SiteParts, writer: SiteWriter, carry_over: CarryOver):
        self.site = site
        self.writer = writer
        self.carry_over = carry_over

    def stage(self, outputs: Iterable[Output]) -> TaskResult:
        """Stage ``outputs`` and return what was staged; nothing is counted here (the caller
        records the result, in order, whichever process this ran in)."""
        staged: list[FileWritten] = []
        records: list[OutputRecord] = []
        html_pages: list[str] = []
        related: dict[str, tuple[str, ...]] = {}
        path: str
        context: Mapping[str, Any]
        make: Callable[[], str | bytes]
        for output in outputs:
            if isinstance(output, PlainFile):
                staged.append(self.writer.put(output.path, output.data))
                continue
            if isinstance(output, Page):
                path, name, make = paths.output_file(output.info.path), output.template, self.page_maker(output)
                context = {"page": output.info, **output.context}
                html_pages.append(output.info.path)
                if output.related is not None:
                    related[output.related[0]] = output.related[1]
            else:
                path, name, context, make = output.path, output.name, output.context, output.make
            decision = self.carry_over.decide(path, name, context)
            if decision.kept is not None:
                staged.append(self.writer.carry(path))
                records.append(decision.kept)
                continue
            staged.append(self.writer.put(path, make()))
            if decision.key is not None:
                records.append(OutputRecord(path, decision.key, decision.seeds))  # size and time: once committed
        return TaskResult(tuple(staged), tuple(records), tuple(html_pages), related)

    def page_maker(self, page: Page) -> Callable[[], str]:
        """The page's HTML, made only if it is not carried over."""
        def make() -> str:
            linker = paths.relative_linker(page.info.path)
            return self.site.templates.render(page.template, linker, page=page.info, **page.context)

        return make

    def render_all(self, jobs: int = 1, progress: Callable[[str, int, int], None] | None = None) -> BuildRecord:
        """Every file of the site: the tasks (in ``jobs`` processes), then the 404 page, the
        site's feeds, the sitemap and the static files; what the build cache keeps of it."""
        outputs: list[OutputRecord] = []
        html_pages: list[str] = []
        related: dict[str, tuple[str, ...]] = {}
        for result in run_tasks(self, plan(self.site), jobs, progress):
            self.writer.record(result.files)
            outputs += result.outputs
            html_pages += result.html_pages
            related.update(result.related)
        site = self.site
        for made in ([pages.not_found(site)], files.site_feeds(site), files.sitemap(site, html_pages),
                     files.static_files(site)):
            self.writer.record(self.stage(made).files)
        return BuildRecord(tuple(outputs), self.carry_over.build_key, self.carry_over.digests,
                           self.carry_over.structure, related)


def site_parts(model: SiteModel, project: Project, templates: Templates, search: bool = True,
               known_related: dict[str, tuple[str, ...]] | None = None) -> SiteParts:
    """What the page-kind functions draw from, for ``model``; ``known_related`` the previous
    build's related entries, when still valid (CarryOver.known_related)."""
    return SiteParts(model=model, project=project, editorial=project.editorial, templates=templates,
                     related=RelatedIndex([view.entry for view in model.listed], known=known_related),
                     search=search, site_feeds=site_feed_links(project.settings.title),
                     exporter=Exporter(project.settings),
                     listed_position={view.entry.seed: index for index, view in enumerate(model.listed)},
                     views_by_seed={view.entry.seed: view for view in model.entries})


def render_site(entries: list[Entry], project: Project, templates_dir: Path, writer: SiteWriter,
                previous: PreviousBuild | None = None, search: bool = True, jobs: int = 1,
                progress: Callable[[str, int, int], None] | None = None) -> BuildRecord:
    """Render every page, feed and asset of the site into ``writer``; return what the build
    cache keeps for the next build. ``previous`` is what the previous build recorded there.
    With ``search``, the pages carry the search box and the search/ page is written
    (builder.py adds the index). Pages are rendered in ``jobs`` processes; the output is the
    same for any ``jobs``."""
    model = build_model(entries, project.taxonomy, project.pages, project.settings.language)
    templates = Templates(templates_dir, project.settings, navigation(project.editorial, model.pages))

    def intact(path: str, record: OutputRecord) -> bool:
        """Is the file at ``path`` the one the previous build wrote there?"""
        old = writer.previous_stat(path)
        return old is not None and (old.st_size, old.st_mtime_ns) == (record.size, record.mtime)

    carry_over = CarryOver(previous or PreviousBuild(), site_key(project, templates_dir, model.pages), search,
                           (view.entry for view in model.entries), intact)
    site = site_parts(model, project, templates, search, carry_over.known_related())
    return SiteRenderer(site, writer, carry_over).render_all(jobs, progress)
