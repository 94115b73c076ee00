"""Off-topic entries on the site: their own page and their export row, and nothing else.

Built through the real CLI and templates, an entry made off topic by a correction; the
model tests use entries made by hand, one of them off topic yet still carrying terms
(as an extractor that broke the rule would leave it), so that "left out" is tested
where it is decided, not only where the lists are empty anyway.
"""

import datetime as dt
import json
import shutil

import lxml.html
import pytest

from coprod.cli import main
from coprod.core.records import Entry, PublicationDate, Source
from coprod.site.model import build_model
from conftest import REPO

SEEDS = {
    "czech.txt": "---\npublished: 2024-05-10\n---\nCzech shells for Ukraine\n\nUkroboronprom and the Czech agency "
                 "AMOS will produce ammunition together in new plants, the concern said on Tuesday.\n",
    "polish.txt": "---\npublished: 2024-06-10\n---\nPolish shells for Ukraine\n\nUkroboronprom and the Polish PGZ "
                  "will produce ammunition together in new plants in Poland, the ministry said.\n",
    "aid.txt": "---\npublished: 2024-07-10\n---\nA Czech aid package\n\nUkroboronprom and the Czech agency AMOS "
               "will produce ammunition together at a plant in the Czech Republic, the ministry said.\n",
}
OFF_TOPIC = "on_topic: false\non_topic_reason: it reports an aid package, not cooperation\n"


def build(tmp_path, seeds_dir, content, out="site", *extra):
    for name, text in SEEDS.items():
        (seeds_dir / name).write_text(text)
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(content), "--templates",
                 str(REPO / "templates"), "--out", str(tmp_path / out), "--no-search", *extra])
    assert code == 0
    return tmp_path / out


@pytest.fixture
def site(tmp_path, seeds_dir, content_copy):
    (content_copy / "corrections" / "aid.yaml").write_text(OFF_TOPIC)
    return build(tmp_path, seeds_dir, content_copy)


def page(site, relpath):
    return lxml.html.fromstring((site / relpath).read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


AID_PAGE = "entries/a-czech-aid-package/index.html"


def test_an_off_topic_entry_keeps_its_page(site):
    assert (site / AID_PAGE).is_file()


def test_the_page_of_an_off_topic_entry_says_so_and_why(site):
    notes = page(site, AID_PAGE).xpath("//p[contains(@class, 'off-topic')]")
    assert len(notes) == 1
    assert "not about Ukraine's defence-industrial cooperation: it reports an aid package, not cooperation." \
        in text(notes[0])


def test_an_on_topic_entry_page_has_no_off_topic_note(site):
    assert page(site, "entries/czech-shells-for-ukraine/index.html").xpath("//p[contains(@class, 'off-topic')]") == []


def test_an_off_topic_entry_keeps_its_export_row_marked_off_topic(site):
    entries = {e["seed"]: e for e in json.loads((site / "data/entries.json").read_text())["entries"]}
    assert (entries["aid.txt"]["on_topic"], entries["aid.txt"]["on_topic_reason"]) == (
        False, "it reports an aid package, not cooperation")
    assert entries["czech.txt"]["on_topic"] is True


def test_the_home_page_neither_counts_nor_lists_an_off_topic_entry(site):
    home = page(site, "index.html")
    assert text(home.xpath("//p[@class='stats']")[0]).startswith("2 entries")
    assert "A Czech aid package" not in text(home)


def test_no_page_but_its_own_links_an_off_topic_entry(site):
    linking = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                     if "a-czech-aid-package" in p.read_text())
    assert linking == [AID_PAGE]


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml"])
def test_the_site_feeds_leave_out_an_off_topic_entry(site, feed):
    assert "a-czech-aid-package" not in (site / feed).read_text()


def test_the_sitemap_leaves_out_an_off_topic_entry(site):
    sitemap = (site / "sitemap.xml").read_text()
    assert "entries/czech-shells-for-ukraine/" in sitemap
    assert "a-czech-aid-package" not in sitemap


def test_an_off_topic_entry_page_is_not_marked_for_the_search_index(site):
    assert page(site, AID_PAGE).xpath("//*[@data-pagefind-body]") == []
    assert page(site, "entries/czech-shells-for-ukraine/index.html").xpath("//*[@data-pagefind-body]")


def test_an_off_topic_entry_page_has_no_related_entries_or_neighbours(site):
    doc = page(site, AID_PAGE)
    assert doc.xpath("//section[contains(@class, 'related')]") == []
    assert doc.xpath("//nav[contains(@class, 'neighbours')]//a") == []


def test_neighbours_skip_an_off_topic_entry(site):
    # aid.txt is the newest: the newest on-topic entry has no newer neighbour.
    assert page(site, "entries/polish-shells-for-ukraine/index.html").xpath("//a[@rel='next']") == []


def rebuilt_matches_fresh(tmp_path, seeds_dir, content):
    build(tmp_path, seeds_dir, content, "site", "--cache", str(tmp_path / "cache"))
    build(tmp_path, seeds_dir, content, "fresh", "--no-cache")
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file()}
    return files(tmp_path / "site") == files(tmp_path / "fresh")


def test_a_rebuild_after_an_entry_goes_off_topic_is_byte_identical_to_a_fresh_build(tmp_path, seeds_dir,
                                                                                      content_copy):
    build(tmp_path, seeds_dir, content_copy, "site", "--cache", str(tmp_path / "cache"))
    (content_copy / "corrections" / "aid.yaml").write_text(OFF_TOPIC)
    assert rebuilt_matches_fresh(tmp_path, seeds_dir, content_copy)


def test_a_rebuild_after_an_entry_comes_back_on_topic_is_byte_identical_to_a_fresh_build(tmp_path, seeds_dir,
                                                                                          content_copy):
    (content_copy / "corrections" / "aid.yaml").write_text(OFF_TOPIC)
    build(tmp_path, seeds_dir, content_copy, "site", "--cache", str(tmp_path / "cache"))
    (content_copy / "corrections" / "aid.yaml").write_text("on_topic: true\n")
    shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
    assert rebuilt_matches_fresh(tmp_path, seeds_dir, content_copy)


# ---------------------------------------------------------------- the site model


def made(seed, day, on_topic=True, countries=("CZ",), partners=("Ukrainian Defense Industry",),
         categories=("ammunition",)) -> Entry:
    return Entry(seed=seed, title=seed, date=PublicationDate(dt.date(2024, 5, day), "day", "published"),
                 countries=countries, partners=partners, categories=categories, activities=("joint-production",),
                 source=Source(), summary="", body="", slug=seed.removesuffix(".txt"), on_topic=on_topic,
                 on_topic_reason="" if on_topic else "an aid package")


@pytest.fixture
def model(project):
    return build_model([made("a.txt", 1), made("b.txt", 2), made("off.txt", 3, False, countries=("PL",))],
                       project.taxonomy, [])


def test_the_model_keeps_every_entry_and_lists_only_the_on_topic_ones(model):
    assert [v.entry.seed for v in model.entries] == ["off.txt", "b.txt", "a.txt"]
    assert [v.entry.seed for v in model.listed] == ["b.txt", "a.txt"]


def test_an_off_topic_entry_makes_no_term(model):
    assert [t.slug for t in model.terms["countries"]] == ["cz"]


def test_terms_count_only_on_topic_entries(model):
    assert {t.name: t.count for t in model.terms["partners"]} == {"Ukrainian Defense Industry": 2}


def test_an_off_topic_entry_view_links_no_term(model):
    off = model.entries[0]
    assert (off.countries, off.partners, off.categories, off.activities) == ([], [], [], [])


def test_the_newest_date_of_the_feeds_ignores_off_topic_entries(model):
    assert model.newest_date == dt.date(2024, 5, 2)


def test_an_off_topic_entry_still_carrying_terms_is_on_no_term_page_map_or_network(tmp_path, project):
    from coprod.build.builder import write_site
    out = tmp_path / "site"
    write_site([made("a.txt", 1), made("off.txt", 3, False, countries=("PL",), partners=("Polska Grupa Zbrojeniowa",),
                                       categories=("drones",))],
               project, REPO / "templates", out, search=False)
    assert not (out / "countries/pl").exists()
    assert "entries/off/" not in (out / "categories/drones/index.html").read_text()  # every category has a page
    assert "Polska Grupa Zbrojeniowa" not in (out / "network/index.html").read_text()
    assert "pl/" not in (out / "countries/index.html").read_text()  # the map draws Poland, linking nowhere
    assert "entries/off/" not in (out / "timeline/index.html").read_text()
    assert (out / "entries/off/index.html").is_file()


def test_a_rebuild_after_only_the_reason_changes_is_byte_identical_to_a_fresh_build(tmp_path, seeds_dir,
                                                                                     content_copy):
    (content_copy / "corrections" / "aid.yaml").write_text(OFF_TOPIC)
    build(tmp_path, seeds_dir, content_copy, "site", "--cache", str(tmp_path / "cache"))
    (content_copy / "corrections" / "aid.yaml").write_text("on_topic: false\non_topic_reason: a sale abroad\n")
    assert rebuilt_matches_fresh(tmp_path, seeds_dir, content_copy)
    assert "a sale abroad" in (tmp_path / "site" / AID_PAGE).read_text()


def test_a_rebuild_after_a_termless_entry_comes_on_topic_is_byte_identical_to_a_fresh_build(tmp_path, seeds_dir,
                                                                                             content_copy):
    # No term changes with on_topic here: only on_topic itself can tell the rebuild that
    # the home page, the timeline and the feeds now list this entry.
    (seeds_dir / "weather.txt").write_text("---\npublished: 2024-08-01\n---\nMild weather in Kyiv\n\n"
                                           "The weather in Kyiv was mild on Tuesday, forecasters said.\n")
    (content_copy / "corrections" / "weather.yaml").write_text("on_topic: false\n")
    build(tmp_path, seeds_dir, content_copy, "site", "--cache", str(tmp_path / "cache"))
    (content_copy / "corrections" / "weather.yaml").write_text("on_topic: true\n")
    assert rebuilt_matches_fresh(tmp_path, seeds_dir, content_copy)
    assert "mild-weather-in-kyiv" in (tmp_path / "site/timeline/index.html").read_text()
