"""Finding things, in headless Chromium on the real seeds build served under /tracker/:
search with facets (Pagefind), the header's search box with and without JavaScript,
the partner network and the country grid (links, axe-core)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import PageWatch, chromium, serve_directory
from site_checks import Built

pytestmark = pytest.mark.heavy

PREFIX = "tracker/"
SERIOUS = ("serious", "critical")
RESULT_LINKS = "() => [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href'))"


@pytest.fixture(scope="module")
def base(site):
    with serve_directory(site.out, prefix=PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def entry_path(entry: dict) -> str:
    return f"/{PREFIX}entries/{entry['slug']}/"


def wait_for_results(page, expected: list[str]) -> list[str]:
    """Wait until the result links are exactly ``expected`` (in any order); return them."""
    try:
        page.wait_for_function(
            "expected => { const got = [...document.querySelectorAll('.pagefind-ui__result-link')]"
            ".map(a => a.getAttribute('href')).sort(); return JSON.stringify(got) === JSON.stringify(expected); }",
            arg=sorted(expected), timeout=10_000)
    except Exception:
        pass  # the assertion below shows what was there instead
    return sorted(page.evaluate(RESULT_LINKS))


def mentions(site: Built, entry: dict, word: str) -> bool:
    return word in site.doc(f"entries/{entry['slug']}/index.html").xpath("string(//div[@class='entry-body'])").lower()


# ---------------------------------------------------------------- search with facets


def test_a_query_finds_the_entries_and_facets_filter_out_the_others(page, base, site):
    watch = PageWatch(page)
    entries = site.entries()
    matching = [e for e in entries if mentions(site, e, "ammunition")]
    wanted = [e for e in matching if "CZ" in e["countries"] and (e["date"] or "").startswith("2023")]
    assert len(wanted) == 1 and len(matching) > 2, "the seeds have one Czech ammunition entry from 2023"
    others = [e for e in matching if e not in wanted]

    page.goto(base + "search/")
    box = page.locator("#search input.pagefind-ui__search-input")
    box.click()
    box.type("ammunition", delay=20)
    found = wait_for_results(page, [entry_path(e) for e in matching])
    assert found == sorted(entry_path(e) for e in matching)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["ammunition"]}  # the search can be bookmarked

    page.locator("input.pagefind-ui__filter-checkbox[name='country'][value='Czech Republic']").check()
    czech = [e for e in matching if "CZ" in e["countries"]]
    assert wait_for_results(page, [entry_path(e) for e in czech]) == sorted(entry_path(e) for e in czech)
    page.locator("input.pagefind-ui__filter-checkbox[name='year'][value='2023']").check()
    assert wait_for_results(page, [entry_path(e) for e in wanted]) == [entry_path(wanted[0])]
    assert not set(page.evaluate(RESULT_LINKS)) & {entry_path(e) for e in others}

    result = page.locator(".pagefind-ui__result").first
    tags = [" ".join(t.split()) for t in result.locator(".pagefind-ui__result-tag").all_inner_texts()]
    entry_doc = site.doc(f"entries/{wanted[0]['slug']}/index.html")
    date = " ".join(entry_doc.xpath("string(//p[@class='entry-date']//time)").split())
    assert tags == [f"Date: {date}", "Countries: Czech Republic"]
    assert result.locator(".pagefind-ui__result-title").inner_text().strip() == " ".join(
        entry_doc.xpath("string(//h1)").split())
    assert "ammunition" in result.locator(".pagefind-ui__result-excerpt mark").first.inner_text().lower()
    assert watch.problems() == []

    result.locator(".pagefind-ui__result-link").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == entry_path(wanted[0])  # the result leads to the entry, under the prefix


def test_markup_in_an_entry_reaches_the_search_results_as_text(page, base, site):
    """The fixture seed with <script> and <img onerror> in its title and body, found by search."""
    from site_checks import HOSTILE_SEED, SCRIPT

    watch = PageWatch(page)
    hostile = site.entry(HOSTILE_SEED)
    page.goto(base + "search/?q=onerror")
    assert entry_path(hostile) in wait_for_results(page, [entry_path(hostile)])
    result = page.locator(".pagefind-ui__result", has=page.locator(f"a[href='{entry_path(hostile)}']"))
    assert SCRIPT in result.locator(".pagefind-ui__result-title").inner_text()
    assert page.locator("#search img, #search script, #search [onerror]").count() == 0
    assert watch.dialogs == [] and watch.problems() == []


def test_the_header_box_sends_a_query_to_the_search_page(page, base, site):
    watch = PageWatch(page)
    page.goto(base + "timeline/")
    form = page.locator("header form[role='search']")
    assert form.is_visible() and not page.locator("header .search-link").is_visible()
    page.get_by_label("Search entries").fill("KNDS")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tracker/search/?q=KNDS")
    knds = [entry_path(e) for e in site.entries() if any(p.startswith("KNDS") for p in e["partners"])]
    assert knds and set(knds) <= set(wait_for_results(page, knds))
    assert page.locator("#search input.pagefind-ui__search-input").input_value() == "KNDS"
    assert not page.locator("[data-search-fallback]").is_visible()
    assert watch.problems() == []


def test_without_javascript_the_search_box_is_a_link_to_the_indexes(browser, base):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base)
        link = page.locator("header a.search-link")
        assert link.is_visible() and not page.locator("header form[role='search']").is_visible()
        link.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == f"/{PREFIX}search/"
        fallback = page.locator("[data-search-fallback]")
        assert fallback.is_visible()
        names = [" ".join(t.split()) for t in fallback.locator("a").all_inner_texts()]
        assert {"Countries", "Partners", "Categories", "Activities"} <= set(names)
        fallback.get_by_role("link", name="Partners").click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path == f"/{PREFIX}partners/"
    finally:
        context.close()


# ---------------------------------------------------------------- network and country grid


def test_network_circles_and_country_tiles_open_their_pages(page, base, site):
    watch = PageWatch(page)
    page.goto(base + "network/")
    node = page.locator("svg.network a.partner", has_text="Czechoslovak Group")
    node.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith(f"/{PREFIX}partners/")
    assert page.locator("h1").inner_text().strip() == "Czechoslovak Group"

    page.goto(base + "countries/")
    page.locator("svg.country-grid a.tile-link[aria-label^='Czech Republic']").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/{PREFIX}countries/cz/"

    page.goto(base + "network/")  # the network's links are reachable by keyboard, with a visible focus
    page.locator("svg.network a").first.focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('circle')).stroke")
    assert outline not in ("none", "")
    assert watch.problems() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_network_the_countries_and_the_search(browser, base, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for path in ("network/", "countries/", "search/?q=ammunition"):
            page.goto(base + path)
            if path.startswith("search/"):
                page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
            violations = Axe().run(page).response["violations"]
            serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                       for v in violations if v["impact"] in SERIOUS]
            if serious:
                found[path] = serious
    finally:
        context.close()
    assert found == {}
