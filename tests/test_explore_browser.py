"""The explorer (explore/) in headless Chromium on the real seeds build served under /tracker/:
OR within a facet, AND across facets, the month range, the state in the URL surviving a
reload, sort order, the partner facet's search box, the CSV download, axe, a phone's width.
Expected results are worked out here from explore/index.json, independently of explore.js."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import PageWatch, chromium, serve_directory
from test_explore import rows

pytestmark = pytest.mark.heavy

PREFIX = "tracker/"
SHOWN = "() => [...document.querySelectorAll('.explore-result a')].map(a => a.getAttribute('href'))"


@pytest.fixture(scope="module")
def base(site):
    with serve_directory(site.out, prefix=PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def index(site):
    """The index with its entries as rows (as test_explore decodes them; that test checks
    they are the site's slugs), so a link explore.js gets wrong shows here."""
    data = json.loads(site.read("explore/index.json"))
    return {"terms": data["terms"], "entries": rows(data)}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def hrefs(rows) -> list[str]:
    return [f"../entries/{row[0]}/" for row in rows]


def months(date: str) -> tuple[str, str]:
    return (f"{date}-01", f"{date}-12") if len(date) == 4 else (date[:7], date[:7])


def wanted(index, countries=(), categories=(), start="", end="") -> list[list]:
    """The entries the explorer should show, newest first: OR within a facet, AND across."""
    ids = {kind: {i for i, t in enumerate(index["terms"][kind]) if t[0] in slugs}
           for kind, slugs in (("countries", countries), ("categories", categories))}
    found = []
    for row in index["entries"]:
        if countries and not ids["countries"] & set(row[3]):
            continue
        if categories and not ids["categories"] & set(row[5]):
            continue
        if start or end:
            if not row[2]:
                continue
            first, last = months(row[2])
            if (start and last < start) or (end and first > end):
                continue
        found.append(row)
    return found


def open_explorer(page, base, query: str = "") -> PageWatch:
    watch = PageWatch(page)
    page.goto(base + "explore/" + query)
    page.wait_for_selector("[data-explore-form]:not([hidden])")
    return watch


def common(index, kind: str, position: int, count: int) -> list[str]:
    tally = Counter(i for row in index["entries"] for i in row[position])
    return [index["terms"][kind][i][0] for i, _ in tally.most_common(count)]


def test_facets_or_within_and_across_dates_and_the_url_survives_a_reload(page, base, index):
    assert len(index["entries"]) > 5
    watch = open_explorer(page, base)
    assert page.evaluate(SHOWN) == hrefs(index["entries"])  # everything, newest first
    one, two = common(index, "countries", 3, 2)
    page.check(f'[data-facet="countries"] input[value="{one}"]')
    assert page.evaluate(SHOWN) == hrefs(wanted(index, [one]))
    page.check(f'[data-facet="countries"] input[value="{two}"]')
    either = wanted(index, [one, two])
    assert page.evaluate(SHOWN) == hrefs(either)
    assert len(either) > len(wanted(index, [one]))  # OR: the second country adds entries
    category = common(index, "categories", 5, 1)[0]
    page.check(f'[data-facet="categories"] input[value="{category}"]')
    both = wanted(index, [one, two], [category])
    assert page.evaluate(SHOWN) == hrefs(both) and 0 < len(both) < len(either)  # AND across facets
    dates = sorted(row[2][:7] for row in both if len(row[2]) >= 7)
    start, end = dates[0], dates[len(dates) // 2]
    page.fill("#explore-from", start)
    page.fill("#explore-to", end)
    ranged = wanted(index, [one, two], [category], start, end)
    assert page.evaluate(SHOWN) == hrefs(ranged) and ranged
    assert f"{len(ranged)} entr" in page.inner_text("[data-explore-count]")
    state = parse_qs(urlsplit(page.url).query)
    state["country"].sort()
    assert state == {"country": sorted([one, two]), "category": [category], "from": [start], "to": [end]}
    page.reload()
    page.wait_for_selector("[data-explore-form]:not([hidden])")
    assert page.evaluate(SHOWN) == hrefs(ranged)
    assert page.is_checked(f'[data-facet="countries"] input[value="{two}"]')
    assert page.input_value("#explore-from") == start
    assert watch.problems() == []


def title_words(title: str) -> list[str]:
    return re.findall(r"[^\W_]+", title.lower())


def test_sort_by_date_or_relevance_with_a_text_query(page, base, index):
    """Newest first by default; by relevance a title with the word itself beats a newer one
    where it is only part of a word ("slovak" in "Slovakia")."""
    titles = [title_words(row[1]) for row in index["entries"]]

    def orders(word: str) -> tuple[list, list]:
        found = [row for row, t in zip(index["entries"], titles) if word in " ".join(t)]
        whole = [row for row, t in zip(index["entries"], titles) if word in t]
        return found, whole + [row for row in found if row not in whole]

    word = next((w for w in sorted({w for t in titles for w in t if len(w) > 3})
                 if orders(w)[0] != orders(w)[1]), None)
    if word is None:
        pytest.skip("no title word that is also part of a longer word in a newer title")
    expected, best = orders(word)
    open_explorer(page, base)
    page.fill("#explore-q", word)
    page.wait_for_function("n => document.querySelectorAll('.explore-result').length === n", arg=len(expected))
    assert page.evaluate(SHOWN) == hrefs(expected)  # newest first is the default
    page.select_option("#explore-sort", "relevance")
    assert page.evaluate(SHOWN) == hrefs(best)
    assert parse_qs(urlsplit(page.url).query) == {"q": [word], "sort": ["relevance"]}
    page.reload()
    page.wait_for_selector("[data-explore-form]:not([hidden])")
    assert page.evaluate(SHOWN) == hrefs(best)


def test_the_partner_search_box_filters_the_partner_checkboxes(page, base, index):
    open_explorer(page, base)
    partners = index["terms"]["partners"]
    target = partners[len(partners) // 2]
    page.fill("[data-facet-filter]", target[1][:6].lower())
    visible = page.evaluate("() => [...document.querySelectorAll('[data-facet=\"partners\"] .explore-option')]"
                            ".filter(l => !l.hidden).map(l => l.querySelector('input').value)")
    assert target[0] in visible
    assert visible == [p[0] for p in partners if target[1][:6].lower() in p[1].lower()]
    assert len(visible) < len(partners)


def test_the_csv_download_holds_exactly_the_entries_shown(page, base, index):
    country = common(index, "countries", 3, 1)[0]
    open_explorer(page, base, f"?country={country}")
    shown = page.evaluate(SHOWN)
    with page.expect_download() as caught:
        page.click('[data-download="csv"]')
    data = open(caught.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [urlsplit(r["url"]).path for r in rows] == [f"/{PREFIX}explore/{h}".replace("explore/../", "")
                                                         for h in shown]
    assert [r["title"].lstrip("'") for r in rows] == [row[1] for row in wanted(index, [country])]
    with page.expect_download() as caught:
        page.click('[data-download="json"]')
    records = json.loads(open(caught.value.path(), encoding="utf-8").read())
    assert [r["title"] for r in records] == [row[1] for row in wanted(index, [country])]


def test_axe_finds_nothing_serious_and_a_phone_has_no_sideways_scroll(browser, base):
    from axe_playwright_python.sync_playwright import Axe
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        open_explorer(page, base)
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == [], [v["id"] for v in violations]
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        context.close()


def test_without_javascript_the_page_points_to_the_term_pages(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "explore/")
    assert page.is_visible("[data-explore-fallback]")
    assert not page.is_visible("[data-explore-form]")
    assert page.is_visible('[data-explore-fallback] a[href="../partners/"]')
    context.close()


def test_the_explorer_page_is_valid_html(site):
    from test_html_validity import run_vnu
    page = site.out / "explore" / "index.html"
    assert run_vnu([page]).get(str(page.resolve()), []) == []


def test_a_value_the_index_does_not_know_is_dropped_not_a_dead_end(page, base, index):
    country = common(index, "countries", 3, 1)[0]
    open_explorer(page, base, f"?partner=no-such-partner&country={country}&from=2022-13")
    assert page.evaluate(SHOWN) == hrefs(wanted(index, [country]))
    assert parse_qs(urlsplit(page.url).query) == {"country": [country]}
