"""The rendered site, checked on the real output of `coprod build` (real seeds, content and templates).

The main build adds two fixture seeds (tests/fixtures/seeds): one with markup in its
title, body and source URL, and one that is undated and names an organisation in no
list. The "large" build adds generated seeds so that one country has three pages.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin

import lxml.etree
import lxml.html
import pytest

from coprod.build.builder import write_site
from coprod.cli import main as coprod_main
from coprod.build.pipeline import collect_entries, load_project, reference_date
from coprod.core.records import Source
from coprod.site.page_records import page_window
from coprod.extract.taxonomy import load_taxonomy
from site_checks import (BASE_URL, CONTENT, HOSTILE_SEED, IMG, SCRIPT, TEMPLATES, UNDATED_SEED,
                         Built, copy_seeds, links_of, resolve_link, run_build)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TAXONOMY_KINDS = ("countries", "partners", "categories", "activities")


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(CONTENT)


def term_hrefs(doc) -> set[str]:
    return {a.get("href") for a in doc.iter("a")}


def text_of(element) -> str:
    return " ".join(element.text_content().split())


# ---------------------------------------------------------------- build and page kinds


def test_build_succeeds_without_errors(site):
    assert site.exit_code == 0
    # and loses no seed: each is an entry with its own page
    entries = site.entries()
    assert sorted(e["seed"] for e in entries) == sorted(p.name for p in site.seeds.iterdir())
    assert all(site.exists(f"entries/{e['slug']}/index.html") for e in entries)


def test_every_page_kind_exists(site):
    entries = site.entries()
    expected = ["index.html", "timeline/index.html", "about/index.html", "404.html", "robots.txt", "sitemap.xml",
                "feed.xml", "atom.xml", "static/style.css", "data/entries.json", "data/entries.csv", "data/index.html",
                "partners/by-entries/index.html"]
    expected += [f"{kind}/index.html" for kind in TAXONOMY_KINDS]
    expected += [f"entries/{e['slug']}/index.html" for e in entries]
    expected += [f"countries/{code.lower()}/index.html" for e in entries for code in e["countries"]]
    expected += [f"categories/{slug}/index.html" for e in entries for slug in e["categories"]]
    expected += [f"activities/{slug}/index.html" for e in entries for slug in e["activities"]]
    expected += [f"countries/{code.lower()}/feed.xml" for e in entries for code in e["countries"]]
    assert len(entries) == len(list((site.out / "entries").iterdir())) == 7
    assert [path for path in expected if not site.exists(path)] == []
    partner_pages = [p for p in site.files() if p.startswith("partners/") and p.endswith("/index.html")]
    # the index in its two orders, and a page per partner
    assert len(partner_pages) == 2 + len({p for e in entries for p in e["partners"]})


def test_every_internal_link_and_asset_resolves(site):
    broken = []
    for page in site.html_files():
        doc = site.doc(page)
        page_url = site.page_url(page)
        if page == "404.html":
            page_url = BASE_URL + "some/missing/deep/path"  # a 404 page is served at any depth
        for _tag, _attr, value in links_of(doc):
            if value.startswith("#"):  # the same document, wherever it is served
                if not doc.xpath(f'//*[@id="{value[1:]}"]'):
                    broken.append((page, value + " (no such id)"))
                continue
            file, fragment = resolve_link(site, page_url, value)
            if file is None:
                continue
            if not site.exists(file):
                broken.append((page, value))
            elif fragment and file.endswith(".html") and not site.doc(file).xpath(f'//*[@id="{fragment}"]'):
                broken.append((page, value + " (no such id)"))
    assert broken == []


def test_pages_link_relatively_so_any_path_prefix_works(site):
    absolute = []
    for page in site.html_files():
        if page == "404.html":
            continue
        for tag, _attr, value in links_of(site.doc(page)):
            if tag == "link" and value.startswith(BASE_URL):
                continue  # <link rel="canonical">
            if value.startswith("/") or value.startswith(BASE_URL):
                absolute.append((page, value))
    assert absolute == []


def test_404_page_links_from_the_base_path(site):
    hrefs = [value for tag, attr, value in links_of(site.doc("404.html"))]
    assert "/tracker/static/style.css" in hrefs and "/tracker/" in hrefs
    assert all(h.startswith("/tracker/") or h.startswith("#") or h.startswith("https://") for h in hrefs)


def test_each_page_has_lang_landmarks_skip_link_and_one_h1(site):
    problems = []
    for page in site.html_files():
        doc = site.doc(page)
        checks = {
            "lang": doc.get("lang") == "en",
            "one h1": len(doc.xpath("//h1")) == 1,
            "header": len(doc.xpath("//body/header")) == 1,
            "nav": len(doc.xpath("//header//nav[@aria-label]")) == 1,
            "main": len(doc.xpath("//main[@id='main']")) == 1,
            "footer": len(doc.xpath("//body/footer")) == 1,
            "skip link first": doc.xpath("//body/*[1]/@href") == ["#main"],
            "title": bool(doc.xpath("string(//head/title)").strip()),
            "stylesheet": len(doc.xpath("//link[@rel='stylesheet'][contains(@href, 'static/style.css')]")) == 1,
        }
        problems += [(page, name) for name, ok in checks.items() if not ok]
    assert problems == []


def test_navigation_links_every_page_kind_from_every_page(site):
    wanted = {BASE_URL + path for path in ("", "timeline/", "countries/", "partners/", "categories/", "activities/",
                                           "about/")}
    for page in site.html_files():
        if page == "404.html":
            continue
        nav = site.doc(page).xpath("//header//nav//a/@href")
        assert wanted <= {urljoin(site.page_url(page), href) for href in nav}, page


# ---------------------------------------------------------------- home


def test_home_lists_newest_entries_in_order_with_flags_and_categories(site):
    doc = site.doc("index.html")
    entries = site.entries()
    cards = doc.xpath("//section[contains(@class,'latest')]//article")
    assert [c.xpath("string(.//h3/a/@href)") for c in cards] == [f"entries/{e['slug']}/" for e in entries[:10]]
    first, first_card = entries[0], cards[0]
    countries = first_card.xpath(".//ul[contains(@class,'countries')]//a")
    assert [a.get("href") for a in countries] == [f"countries/{c.lower()}/" for c in first["countries"]]
    assert all(a.xpath(".//span[@class='flag']") for a in countries)
    categories = first_card.xpath(".//ul[contains(@class,'categories')]//a/@href")
    assert categories == [f"categories/{c}/" for c in first["categories"]]


def test_home_counts_entries_per_country_category_and_activity(site):
    doc = site.doc("index.html")
    entries = site.entries()
    rows = {r.xpath("string(.//th//a/@href)"): r.xpath("string(./td[1])")
            for r in doc.xpath("//aside//table//tbody/tr")}
    for code in {c for e in entries for c in e["countries"]}:
        assert rows[f"countries/{code.lower()}/"] == str(sum(code in e["countries"] for e in entries))
    for kind in ("categories", "activities"):
        counts = {li.xpath("string(./a/@href)"): li.xpath("string(./span[@class='count'])")
                  for li in doc.xpath(f"//aside//ul[@class='counts {kind}']/li")}
        for slug in {s for e in entries for s in e[kind]}:
            assert counts[f"{kind}/{slug}/"] == str(sum(slug in e[kind] for e in entries))


def test_home_links_to_timeline_and_feeds(site):
    hrefs = term_hrefs(site.doc("index.html").xpath("//main")[0])
    assert {"timeline/", "feed.xml", "atom.xml"} <= hrefs


# ---------------------------------------------------------------- entry pages


def test_entry_page_shows_date_precision_and_source(site):
    notes = {}
    for entry in site.entries():
        doc = site.doc(f"entries/{entry['slug']}/index.html")
        notes[entry["seed"]] = (text_of(doc.xpath("//p[@class='entry-date']")[0]),
                                doc.xpath("string(//p[@class='entry-date']//time/@datetime)"))
    assert notes[HOSTILE_SEED] == ("12 March 2024 published", "2024-03-12")
    assert notes[UNDATED_SEED] == ("Date unknown", "")
    estimated = [e for e in site.entries() if e["date_source"] == "estimated" and e["date_precision"] == "month"]
    assert estimated, "the real seeds include month-precision estimates"
    for entry in estimated:
        text, iso = notes[entry["seed"]]
        assert text.endswith("estimated from the text, to the month") and iso == entry["date"][:7]


def test_entry_page_links_the_source_url(site):
    entry = site.entry(HOSTILE_SEED)
    links = site.doc(f"entries/{entry['slug']}/index.html").xpath("//p[@class='entry-source']/a")
    assert len(links) == 1 and text_of(links[0]) == "news.example.com"
    href = links[0].get("href")  # the quotes and brackets of the seed's URL are percent-encoded
    assert unquote(href) == entry["source"]["url"] and not set('"<> ') & set(href)


def test_entry_page_lists_other_publishers_linking_only_web_urls(site):
    entry = site.entry(HOSTILE_SEED)
    assert [s["name"] for s in entry["more_sources"]] == [f"{SCRIPT} Wire", "Plain Gazette"]
    para = site.doc(f"entries/{entry['slug']}/index.html").xpath("//p[contains(@class,'more-sources')]")[0]
    assert text_of(para) == f"Also reported by: {SCRIPT} Wire, Plain Gazette"
    links = para.xpath(".//a")
    assert [text_of(a) for a in links] == [f"{SCRIPT} Wire"]
    assert unquote(links[0].get("href")) == entry["more_sources"][0]["url"]


def test_entry_page_links_every_country_partner_category_and_activity(site):
    for entry in site.entries():
        facts = site.doc(f"entries/{entry['slug']}/index.html").xpath("//dl[@class='facts']")[0]
        hrefs = facts.xpath(".//a/@href")
        assert [h for h in hrefs if h.startswith("../../countries/")] == \
            [f"../../countries/{c.lower()}/" for c in entry["countries"]]
        assert len([h for h in hrefs if h.startswith("../../partners/")]) == len(entry["partners"])
        assert [h for h in hrefs if h.startswith("../../categories/")] == \
            [f"../../categories/{c}/" for c in entry["categories"]]
        assert [h for h in hrefs if h.startswith("../../activities/")] == \
            [f"../../activities/{c}/" for c in entry["activities"]]


def test_entry_page_renders_the_body_and_captions_as_figures(site):
    entry = next(e for e in site.entries() if e["seed"].startswith("002_"))
    doc = site.doc(f"entries/{entry['slug']}/index.html")
    body = doc.xpath("//div[@class='entry-body']")[0]
    assert len(body.xpath("./p")) > 3 and body.xpath("./ul/li")  # the bullet list stays a list
    assert text_of(body.xpath("./p")[0]) == entry["summary"]
    assert doc.xpath("//section[@class='captions']/figure/figcaption")


def test_entry_pages_link_older_and_newer_entries_in_time(site):
    entries = site.entries()  # newest first, undated last
    for index, entry in enumerate(entries):
        page = f"entries/{entry['slug']}/index.html"
        doc = site.doc(page)
        older = [urljoin(site.page_url(page), h) for h in doc.xpath("//nav[@class='neighbours']//a[@rel='prev']/@href")]
        newer = [urljoin(site.page_url(page), h) for h in doc.xpath("//nav[@class='neighbours']//a[@rel='next']/@href")]
        assert older == ([entries[index + 1]["url"]] if index + 1 < len(entries) else [])
        assert newer == ([entries[index - 1]["url"]] if index > 0 else [])


# ---------------------------------------------------------------- taxonomy pages


def test_taxonomy_index_pages_list_every_term_with_its_count(site, taxonomy):
    entries = site.entries()
    for kind in TAXONOMY_KINDS:
        doc = site.doc(f"{kind}/index.html")
        if kind == "countries":
            expected = {c for e in entries for c in e["countries"]}
            for code in expected:
                row = doc.xpath(f"//tr[.//a/@href='{code.lower()}/']")[0]
                assert row.xpath("string(./td[1])") == str(sum(code in e["countries"] for e in entries))
        elif kind == "partners":
            partner_links = doc.xpath("//main//table//th[@scope='row']/a/@href")  # not the links of the sort orders
            assert len(set(partner_links)) == len(partner_links) == len({p for e in entries for p in e["partners"]})
        else:
            for term in getattr(taxonomy, kind):
                item = doc.xpath(f"//li[a/@href='{term.slug}/']")[0]
                count = sum(term.slug in e[kind] for e in entries)
                assert item.xpath("string(./span[@class='count'])").startswith(f"{count} ")


def test_term_page_lists_its_entries_newest_first(site):
    entries = [e for e in site.entries() if "CZ" in e["countries"]]
    doc = site.doc("countries/cz/index.html")
    hrefs = doc.xpath("//main//article//h3/a/@href")
    assert hrefs == [f"../../entries/{e['slug']}/" for e in entries]


def test_partner_page_shows_country_and_aliases(site, taxonomy):
    partner = taxonomy.partner_named("Ukroboronprom")
    doc = site.doc(f"partners/{partner.slug}/index.html")
    facts = {text_of(div.xpath("./dt")[0]): text_of(div.xpath("./dd")[0])
             for div in doc.xpath("//dl[@class='facts']/div")}
    assert facts["Country"].endswith("Ukraine")
    assert all(alias in facts["Also written"] for alias in partner.aliases)


def test_unlisted_partner_gets_a_page_saying_so(site):
    entry = site.entry(UNDATED_SEED)
    assert "Zvolen Armour Works" in entry["partners"]
    doc = site.doc("partners/zvolen-armour-works/index.html")
    assert "not in the list of known organisations" in text_of(doc.xpath("//main")[0])
    assert doc.xpath("//main//article//h3/a/@href") == [f"../../entries/{entry['slug']}/"]


def test_country_page_shows_partners_from_that_country(site, taxonomy):
    partners = {p for e in site.entries() for p in e["partners"]}
    czech = sorted(taxonomy.partner_named(p).slug for p in partners
                   if taxonomy.partner_named(p) and taxonomy.partner_named(p).country == "CZ")
    assert czech
    doc = site.doc("countries/cz/index.html")
    shown = doc.xpath("//section[@class='country-partners']//a/@href")
    assert sorted(shown) == [f"../../partners/{slug}/" for slug in czech]


def test_term_pages_paginate_at_20_with_stable_urls(large_site):
    slovak = [e for e in large_site.entries() if "SK" in e["countries"]]
    assert len(slovak) > 40
    pages = ["countries/sk/index.html", "countries/sk/page/2/index.html", "countries/sk/page/3/index.html"]
    listed = []
    for page in pages:
        doc = large_site.doc(page)
        items = doc.xpath("//main//article//h3/a/@href")
        assert len(items) == (20 if page != pages[-1] else len(slovak) - 40)
        listed += [href.rsplit("entries/", 1)[1] for href in items]
    assert listed == [f"{e['slug']}/" for e in slovak]
    assert not large_site.exists("countries/sk/page/1/index.html")
    assert not large_site.exists("countries/sk/page/4/index.html")
    nav = large_site.doc("countries/sk/page/2/index.html").xpath("//nav[@class='pagination']//a")
    assert {a.get("href"): a.get("aria-current") for a in nav} == {
        "../../": None, "./": "page", "../3/": None}


def test_a_pager_links_the_first_and_last_pages_and_two_either_side():
    assert page_window(1, 1) == [1]
    assert page_window(2, 3) == [1, 2, 3]
    assert page_window(1, 9) == [1, 2, 3, None, 9]
    assert page_window(6, 12) == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert page_window(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]  # a gap of one page shows that page
    assert page_window(500, 1000) == [1, None, 498, 499, 500, 501, 502, None, 1000]


def test_a_long_term_shows_a_short_pager_with_gaps(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text().replace("page_size: 20", "page_size: 2"))
    out = tmp_path / "site"
    assert coprod_main(["build", "--seeds", str(copy_seeds(tmp_path / "seeds", 20)), "--content", str(content),
                        "--templates", str(TEMPLATES), "--out", str(out)]) == 0
    entries = json.loads((out / "data/entries.json").read_text())["entries"]
    counts = Counter(c for e in entries for c in e["countries"])
    code, count = counts.most_common(1)[0]
    pages = -(-count // 2)
    assert pages >= 9, counts
    doc = lxml.html.parse(str(out / f"countries/{code.lower()}/page/4/index.html"))
    items = [li.text_content().strip() for li in doc.xpath("//nav[@class='pagination']//li")]
    assert items == ["Newer", "1", "2", "3", "4", "5", "6", "…", str(pages), "Older"]
    assert doc.xpath("//nav[@class='pagination']//a[@aria-current='page']/text()") == ["4"]
    assert doc.xpath("//nav[@class='pagination']//li[@aria-hidden='true']/text()") == ["…"]


def test_term_page_advertises_its_feed(site):
    doc = site.doc("countries/cz/index.html")
    alternates = doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert "feed.xml" in alternates and "../../feed.xml" in alternates


# ---------------------------------------------------------------- timeline


def test_timeline_groups_entries_by_year_and_month_with_undated_last(site):
    doc = site.doc("timeline/index.html")
    entries = site.entries()
    listed = doc.xpath("//main//ol[@class='timeline-list']/li/a/@href")
    assert listed == [f"../entries/{e['slug']}/" for e in entries]
    groups = doc.xpath("//main//section[contains(@class,'year')]/h2/text()")
    dated_years = sorted({e["date"][:4] for e in entries if e["date"]}, reverse=True)
    assert groups == dated_years + ["Date unknown"]
    hostile = site.entry(HOSTILE_SEED)
    month = doc.xpath("//section[@class='month'][h3='March 2024']//li/a/@href")
    assert month == [f"../entries/{hostile['slug']}/"]


def test_timeline_marks_estimated_dates(site):
    doc = site.doc("timeline/index.html")
    for entry in site.entries():
        item = doc.xpath(f"//ol[@class='timeline-list']/li[a/@href='../entries/{entry['slug']}/']")[0]
        marked = bool(item.xpath(".//*[contains(@class,'estimated')]"))
        assert marked == (entry["date_source"] == "estimated"), entry["seed"]


def test_timeline_chart_is_an_accessible_svg_with_its_numbers_in_a_table(site):
    doc = site.doc("timeline/index.html")
    svg = doc.xpath("//main//svg")[0]
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.xpath(f"./title[@id='{title_id}']") and svg.xpath(f"./desc[@id='{desc_id}']")
    table = doc.xpath("//details[@class='chart-data']//table")[0]
    assert table.xpath("./caption") and table.xpath("./thead//th[@scope='col']")
    rows = {r.xpath("string(./th/time/@datetime)"): [int(c.text) for c in r.xpath("./td")]
            for r in table.xpath("./tbody/tr")}
    columns = [text_of(th) for th in table.xpath("./thead//th")][2:]
    taxonomy = load_taxonomy(CONTENT)
    names = {t.name: t.slug for t in taxonomy.categories}
    placed = [e for e in site.entries() if e["date_precision"] in ("day", "month")]
    assert set(rows) == {e["date"][:7] for e in placed}
    for month, counts in rows.items():
        in_month = [e for e in placed if e["date"][:7] == month]
        assert counts[0] == len(in_month)
        assert counts[1:] == [sum(names[c] in e["categories"] for e in in_month) for c in columns]
    segments = svg.xpath(".//rect")
    assert len(segments) == sum(1 for counts in rows.values() for c in counts[1:] if c)


# ---------------------------------------------------------------- other pages and files


def test_about_page_is_rendered_from_markdown(site):
    doc = site.doc("about/index.html")
    assert text_of(doc.xpath("//h1")[0]) == "About Coprod"
    assert doc.xpath("//main//h2") and doc.xpath("//main//ul/li/strong")


def test_sitemap_lists_every_html_page_with_absolute_urls(site):
    tree = lxml.etree.fromstring((site.out / "sitemap.xml").read_bytes())
    urls = tree.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)
    pages = [site.page_url(p) for p in site.html_files() if p != "404.html"]
    assert sorted(urls) == sorted(pages)
    assert len(urls) == len(set(urls))


def test_robots_txt_points_to_the_sitemap(site):
    assert f"Sitemap: {BASE_URL}sitemap.xml" in site.read("robots.txt").splitlines()


def test_two_builds_are_byte_identical(site, tmp_path):
    first = tmp_path / "first"
    assert run_build(site.seeds, first) == 0
    second = tmp_path / "second"  # another process, another hash seed and time zone
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"}
    subprocess.run([sys.executable, "-m", "coprod.cli", "build", "--seeds", str(site.seeds), "--content",
                    str(CONTENT), "--templates", str(TEMPLATES), "--out", str(second), "--base-url", BASE_URL],
                   check=True, env=env, capture_output=True)
    files = Built(out=first, seeds=site.seeds, base_url=BASE_URL, exit_code=0).files()
    assert files == Built(out=second, seeds=site.seeds, base_url=BASE_URL, exit_code=0).files()
    assert len(files) > 90
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


# ---------------------------------------------------------------- untrusted text


def test_hostile_markup_is_escaped_on_every_page(site):
    entry = site.entry(HOSTILE_SEED)
    assert SCRIPT in entry["title"] and IMG in entry["title"]
    for page in site.html_files():
        raw = site.read(page)
        assert SCRIPT not in raw and "<img" not in raw, page
        doc = site.doc(page)
        assert not doc.xpath("//img | //iframe | //object"), page
        # the only scripts are the site's own files (search.js, explore.js on explore/; Pagefind's UI on
        # search/), none inline
        scripts = doc.xpath("//script")
        assert all(s.get("src") and not (s.text or "").strip() for s in scripts), page
        assert {s.get("src").rsplit("/", 2)[-2] + "/" + s.get("src").rsplit("/", 1)[-1] for s in scripts} <= {
            "static/search.js", "static/explore.js", "pagefind/pagefind-ui.js"}, page
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")], page
    doc = site.doc(f"entries/{entry['slug']}/index.html")
    assert text_of(doc.xpath("//h1")[0]) == " ".join(entry["title"].split())
    assert SCRIPT in text_of(doc.xpath("//div[@class='entry-body']")[0])
    assert doc.xpath("string(//head/title)").startswith(entry["title"])


def test_hostile_markup_is_escaped_in_every_feed_and_sitemap(site):
    xml_files = [f for f in site.files() if f.endswith(".xml")]
    assert len(xml_files) > 10
    for name in xml_files:
        raw = site.read(name)
        assert SCRIPT not in raw and "<img" not in raw, name


def test_hostile_markup_is_escaped_in_the_json_export_and_kept_as_data(site):
    raw = site.read("data/entries.json")
    assert "<" not in raw and ">" not in raw and "\\u003cscript\\u003e" in raw
    title = site.entry(HOSTILE_SEED)["title"]
    assert title.startswith(SCRIPT)
    rows = list(csv.DictReader(io.StringIO(site.read("data/entries.csv"))))
    assert next(r for r in rows if r["seed"] == HOSTILE_SEED)["title"] == title  # CSV is data: same text


def test_non_web_source_url_never_becomes_a_link(tmp_path):
    project, _ = load_project(CONTENT, BASE_URL)
    entries, _ = collect_entries(copy_seeds(tmp_path / "seeds", fixtures=False), project, reference_date())
    target = entries[0]
    entries[0] = dataclasses.replace(target, source=Source(name="Evil outlet", url="javascript:alert(1)"))
    write_site(entries, project, TEMPLATES, tmp_path / "site")
    page = (tmp_path / "site" / "entries" / target.slug / "index.html").read_text(encoding="utf-8")
    assert "Source: Evil outlet" in " ".join(lxml.html.fromstring(page).text_content().split())
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*")
                         if p.is_file() and p.suffix in (".html", ".xml"))
    assert "javascript:" not in everything.lower()


def test_static_stylesheet_is_copied_and_supports_dark_mode_print_and_focus(site):
    css = site.read("static/style.css")
    assert "prefers-color-scheme: dark" in css and "@media print" in css and ":focus-visible" in css
    assert css == (TEMPLATES / "static" / "style.css").read_text(encoding="utf-8")


def test_data_export_is_still_written(site):
    data = json.loads(site.read("data/entries.json"))
    assert [e["seed"] for e in data["entries"]][-1] == UNDATED_SEED
    assert Path(site.out / "data" / "entries.csv").stat().st_size > 0
