"""The page-kind functions (pages.py, files.py) and the task plan (tasks.py), on their
records: each page's template, PageInfo and context, without rendering HTML."""

import dataclasses
import datetime as dt

import pytest

from coprod.build.incremental import BuildRecord, OutputRecord, PreviousBuild
from coprod.build.output import SiteWriter
from coprod.core.records import Entry, PublicationDate, Source
from coprod.site import files, pages
from coprod.site.environment import Templates, navigation
from coprod.site.model import build_model
from coprod.site.page_records import KeyedFile, Page, PlainFile
from coprod.site.render import SiteRenderer, site_parts
from coprod.site.tasks import TASK_SIZE, Task, plan, run_task
from conftest import REPO


def made(seed, day=1, on_topic=True, countries=("CZ",), partners=("Nameless Works",)) -> Entry:
    return Entry(seed=seed, title=f"Title of {seed}", date=PublicationDate(dt.date(2024, 1, 1) + dt.timedelta(day),
                                                                          "day", "published"),
                 countries=countries, partners=partners, categories=("ammunition",), activities=("joint-production",),
                 source=Source(), summary=f"Summary of {seed}.", body="", slug=seed.removesuffix(".txt"),
                 on_topic=on_topic, on_topic_reason="" if on_topic else "not about cooperation")


def parts_of(entries, project, search=True):
    model = build_model(entries, project.taxonomy, project.pages)
    templates = Templates(REPO / "templates", project.settings, navigation(project.editorial, model.pages))
    return site_parts(model, project, templates, search)


@pytest.fixture
def site(project):
    return parts_of([made(f"e{n:02d}.txt", n) for n in range(5)] + [made("off.txt", 9, on_topic=False)], project)


def test_home_lists_the_newest_on_topic_entries_and_counts_only_them(project):
    site = parts_of([made(f"e{n:02d}.txt", n) for n in range(pages.HOME_ENTRIES + 2)]
                    + [made("off.txt", 99, on_topic=False)], project)
    [page] = pages.home(site)
    assert page.template == "home.html" and page.info.path == ""
    assert len(page.context["latest"]) == pages.HOME_ENTRIES
    assert page.context["latest"][0].entry.seed == f"e{pages.HOME_ENTRIES + 1:02d}.txt"
    assert page.context["total"] == pages.HOME_ENTRIES + 2
    assert page.context["since"].iso == "2024-01-01"


def test_an_entry_page_links_its_on_topic_neighbours(site):
    by_seed = {page.context["entry"].entry.seed: page for page in pages.entry_pages(site, 0, len(site.model.entries))}
    middle = by_seed["e02.txt"].context
    assert (middle["newer"].entry.seed, middle["older"].entry.seed) == ("e03.txt", "e01.txt")
    assert by_seed["e04.txt"].context["newer"] is None  # the off-topic entry is newer, and no neighbour
    assert by_seed["e02.txt"].info.og_type == "article"
    assert by_seed["e02.txt"].related[0] == "e02.txt"


def test_an_off_topic_entry_page_has_no_neighbours_and_no_related_entries(site):
    [page] = pages.entry_pages(site, 0, 1)
    assert page.context["entry"].entry.seed == "off.txt"
    assert (page.context["newer"], page.context["older"], page.context["related"]) == (None, None, [])
    assert page.related == ("off.txt", ())


def test_a_terms_pages_are_cut_at_the_page_size_with_a_pager(project):
    size = project.settings.page_size
    site = parts_of([made(f"e{n:03d}.txt", n) for n in range(2 * size + 1)], project)
    term = site.model.terms["countries"][0]
    assert site.page_count(term) == 3
    first, second, third = pages.term_pages(site, "countries", 0, 1, 3)
    assert second.info.path == f"countries/{term.slug}/page/2/"
    pager = second.context["pager"]
    assert (pager.number, pager.count, len(pager.entries)) == (2, 3, size)
    assert (pager.newer_path, pager.older_path) == (f"countries/{term.slug}/", f"countries/{term.slug}/page/3/")
    assert len(third.context["pager"].entries) == 1
    assert "(page 2)" in second.info.title and "(page" not in first.info.title
    assert second.info.feeds[-1].path == term.feed_path


def test_a_term_without_a_description_gets_the_editorial_one(site):
    [page] = pages.term_pages(site, "partners", 0, 1, 1)
    assert page.info.description == site.editorial.term_page("Nameless Works")


def test_the_partners_index_is_one_page_per_order_in_editorial_groups(site):
    by_name, by_entries = pages.taxonomy_index(site, "partners")
    assert (by_name.info.path, by_entries.info.path) == ("partners/", "partners/by-entries/")
    assert (by_name.context["order"], by_entries.context["order"]) == ("name", "entries")
    groups = {group.key: group for group in by_name.context["partner_groups"]}
    assert {key: group.title for key, group in groups.items()} == site.editorial.partner_groups
    assert [t.name for t in groups["unreviewed"].terms] == ["Nameless Works"]


def test_page_headings_and_descriptions_come_from_the_editorial_file(site):
    edited = dataclasses.replace(site.editorial, pages={
        **site.editorial.pages, "timeline": dataclasses.replace(site.editorial.pages["timeline"],
                                                                heading="Chronology", description="When it happened.")})
    [page] = pages.timeline(dataclasses.replace(site, editorial=edited))
    assert (page.info.heading, page.info.description) == ("Chronology", "When it happened.")


def test_the_explore_page_comes_with_its_index(site):
    index, page = pages.explore(site)
    assert isinstance(index, PlainFile) and index.path == "explore/index.json"
    assert isinstance(page, Page) and page.context["kinds"] == site.kinds


def test_term_feeds_and_term_data_are_made_only_when_asked(site):
    feeds = files.term_feeds(site, "countries", 0, 1)
    data = files.term_data(site, "countries", 0, 1)
    assert all(isinstance(output, KeyedFile) for output in feeds + data)
    assert [output.path for output in data] == [site.model.terms["countries"][0].data_json_path,
                                                site.model.terms["countries"][0].data_csv_path]
    assert site.feed_items == {}  # nothing rendered yet: an unchanged feed is never made
    assert feeds[0].make().startswith(b"<?xml")
    assert set(site.feed_items) == {view.entry.seed for view in site.model.terms["countries"][0].entries}


def test_the_plan_names_its_functions_and_cuts_entries_into_tasks(project):
    site = parts_of([made(f"e{n:03d}.txt", n) for n in range(TASK_SIZE + 1)], project, search=False)
    tasks = plan(site)
    assert tasks[:2] == [Task(files.data_export), Task(pages.home)]
    assert [task.args for task in tasks if task.make is pages.entry_pages] == [(0, TASK_SIZE),
                                                                              (TASK_SIZE, TASK_SIZE + 1)]
    assert Task(pages.search_page) not in tasks  # no search index, no search page
    assert all(task.make.__module__ in ("coprod.site.pages", "coprod.site.files") for task in tasks)


def test_a_task_returns_what_it_staged_and_the_writer_counts_it_only_when_recorded(tmp_path, site):
    from coprod.build.fingerprint import CarryOver

    writer = SiteWriter(tmp_path / "out")
    try:
        carry_over = CarryOver(PreviousBuild(), "site key", True, (v.entry for v in site.model.entries),
                               lambda path, record: False)
        result = run_task(SiteRenderer(site, writer, carry_over), Task(pages.home))
        assert [file.path for file in result.files] == ["index.html"]
        assert result.html_pages == ("",)
        assert [record.path for record in result.outputs] == ["index.html"]
        assert (writer.files_written, writer.written) == (0, [])  # staged, not yet counted
        writer.record(result.files)
        assert (writer.files_written, writer.written) == (1, ["index.html"])
    finally:
        writer.abort()


def test_a_build_record_is_stamped_with_the_size_of_the_files_written_anew():
    kept = OutputRecord("a/index.html", "k1", ("a.txt",), 10, 20)
    new = OutputRecord("b/index.html", "k2", ("b.txt",))
    record = BuildRecord((kept, new), "build", {}, "structure", {})
    stamped = record.stamped(lambda path: (len(path), 99))
    assert stamped.outputs == (kept, dataclasses.replace(new, size=len("b/index.html"), mtime=99))
