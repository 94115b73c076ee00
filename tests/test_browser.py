"""The built site in a real browser: headless Chromium (Debian's, through Playwright)
loading it from a local HTTP server under a path prefix, as a reader meets it.

A reader's journey, axe-core on one page of each kind, screenshots at a phone and a
desktop width with nothing overflowing, and the hostile build: no dialog opens, no
script runs, on any page.
"""

from __future__ import annotations

import struct
from urllib.parse import urlsplit

import pytest

from browser_support import PageWatch, chromium, require_module, serve_directory
from hostile_site import hostile_build
from site_checks import Built

pytestmark = pytest.mark.heavy

PREFIX = "tracker/"  # the builds use https://example.org/tracker/; serve them under the same path
PHONE, DESKTOP = 375, 1280
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    return hostile_build(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served(site, large_site, hostile):
    """Base URLs of the three builds, each served under /tracker/ while the module runs."""
    with serve_directory(site.out, prefix=PREFIX) as main_url, \
            serve_directory(large_site.out, prefix=PREFIX) as large_url, \
            serve_directory(hostile.out, prefix=PREFIX) as hostile_url:
        yield {"main": main_url, "large": large_url, "hostile": hostile_url}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def served_path(built: Built, relpath: str) -> str:
    """The URL path below the base of the file ``relpath`` (folder/index.html -> folder/)."""
    return built.page_url(relpath)[len(built.base_url):]


def page_kinds(site: Built, large_site: Built) -> list[tuple[str, str]]:
    """(build, path) of one page of each kind: every navigation item, an entry, a term page,
    a term's second page and the 404 page."""
    nav = site.doc("index.html").xpath("//nav[@aria-label]//a/@href | //header//nav//a/@href")
    kinds = [("main", href) for href in dict.fromkeys(nav) if not urlsplit(href).scheme]
    entry = site.entries()[0]
    kinds += [("main", f"entries/{entry['slug']}/"), ("main", f"countries/{entry['countries'][0].lower()}/"),
              ("large", "countries/sk/page/2/"), ("main", "404.html")]
    return [(build, "" if path == "./" else path) for build, path in kinds]


def overflow(page) -> dict:
    return page.evaluate("""() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1 && !el.closest('.table-scroll'))
            .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
    }""")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# ---------------------------------------------------------------- a reader's journey


def test_reader_follows_home_to_country_to_entry_and_back_without_errors(page, served, site):
    watch = PageWatch(page)
    base = served["main"]
    page.goto(base)
    assert page.title().startswith("Coprod")
    country = page.locator(".overview a[href^='countries/']").first
    country_name = " ".join(country.inner_text().split())
    country.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/tracker/countries/")
    term_url = page.url
    assert country_name in " ".join(page.locator("h1").inner_text().split())

    entry_link = page.locator("main .card-title a").first
    entry_title = " ".join(entry_link.inner_text().split())
    entry_link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/tracker/entries/")
    assert " ".join(page.locator("h1").inner_text().split()) == entry_title

    page.go_back()
    page.wait_for_load_state()
    assert page.url == term_url
    assert watch.problems() == []


def test_every_page_of_the_site_loads_without_console_errors_or_failed_requests(page, served, site):
    watch = PageWatch(page)
    for relpath in site.html_files():
        response = page.goto(served["main"] + served_path(site, relpath))
        assert response is not None and response.status == 200, relpath
    assert watch.problems() == []


# ---------------------------------------------------------------- accessibility


def test_axe_finds_no_serious_or_critical_violation_on_any_kind_of_page(page, served, site, large_site):
    axe = require_module("axe_playwright_python.sync_playwright", "pip install -e '.[test]'").Axe()
    kinds = page_kinds(site, large_site)
    assert len(kinds) >= 11  # home, timeline, 4 taxonomy indexes, about, entry, term, page 2, 404
    found = {}
    for build, path in kinds:
        response = page.goto(served[build] + path)
        assert response is not None and response.status == 200, path
        violations = axe.run(page).response["violations"]
        serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                   for v in violations if v["impact"] in SERIOUS]
        if serious:
            found[path] = serious
    assert found == {}


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_screenshots_of_each_kind_of_page_show_nothing_wider_than_the_screen(browser, served, site, large_site,
                                                                            width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for build, path in page_kinds(site, large_site):
            page.goto(served[build] + path)
            shot = page.screenshot(full_page=True, path=tmp_path / f"{(path or 'home').replace('/', '_')}.png")
            shot_width, shot_height = png_size(shot)
            assert shot_width == width, path
            assert shot_height >= 300, path  # a page, not an empty frame
            measured = overflow(page)
            assert measured["scrollWidth"] <= measured["clientWidth"], (path, measured)
    finally:
        context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_page_of_the_site_or_of_the_hostile_build_overflows_horizontally(browser, served, site, large_site,
                                                                           hostile, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    try:
        pages = [("main", site, f) for f in site.html_files()] + [("hostile", hostile, f) for f in hostile.html_files()]
        pages += [("large", large_site, f) for f in large_site.html_files() if "/page/" in f]
        for build, built, relpath in pages:
            page.goto(served[build] + served_path(built, relpath))
            measured = overflow(page)
            if measured["scrollWidth"] > measured["clientWidth"]:
                wide[f"{build}:{relpath}"] = measured
    finally:
        context.close()
    assert wide == {}


# ---------------------------------------------------------------- hostile input, executed by a real browser

DOM_AUDIT = r"""() => {
    const handlers = [...document.querySelectorAll('*')].flatMap(el =>
        [...el.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => el.tagName + '@' + a.name));
    // The site's own script files (search) are allowed: same origin, loaded by src, nothing inline.
    const scripts = [...document.scripts].filter(s => !s.src || new URL(s.src).origin !== location.origin
        || s.textContent.trim() !== '').map(s => s.outerHTML.slice(0, 80));
    const urls = [...document.querySelectorAll('[href],[src],[action],[formaction],[data]')].flatMap(el =>
        ['href', 'src', 'action', 'formaction', 'data'].filter(n => el.hasAttribute(n)).map(n => {
            const value = el.getAttribute(n), protocol = new URL(value, document.baseURI).protocol;
            // The search UI's own form (Pagefind UI) has action="javascript:void(0);": inert, and no input's.
            if (/^javascript:void\(0\);?$/.test(value.trim()) && el.tagName === 'FORM') return null;
            return ['http:', 'https:'].includes(protocol) ? null : el.tagName + '@' + n + '=' + value;
        })).filter(Boolean);
    const embedded = [...document.querySelectorAll('iframe, object, embed, img, video, audio')]
        .map(el => el.outerHTML.slice(0, 80));
    return {handlers, scripts, urls, embedded};
}"""


def test_hostile_input_opens_no_dialog_and_runs_no_script_on_any_page(page, served, hostile):
    watch = PageWatch(page)
    audits = {}
    pages = hostile.html_files()
    assert len(pages) > 40
    for relpath in pages:
        response = page.goto(served["hostile"] + served_path(hostile, relpath))
        assert response is not None and response.status == 200, relpath
        page.wait_for_timeout(20)  # let anything scheduled at load run
        audit = page.evaluate(DOM_AUDIT)
        if any(audit.values()):
            audits[relpath] = audit
    assert audits == {}
    assert watch.dialogs == []
    assert watch.problems() == []


def test_hostile_title_and_publisher_reach_the_reader_as_text(page, served, hostile):
    entry = hostile.entry("inject_everywhere.txt")
    page.goto(served["hostile"] + f"entries/{entry['slug']}/")
    assert " ".join(page.locator("h1").inner_text().split()) == " ".join(entry["title"].split())
    assert entry["source"]["name"] in page.locator("main").inner_text()
    assert page.locator("main svg, main img, main iframe").count() == 0
