"""The search index (search.py, Pagefind) as the build writes it: what is indexed, the
facets and result fields, the search page and header box, --no-search, a failing
indexer, and the stable order that makes two builds byte-identical."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path


from coprod.cli import main as coprod_main
from coprod.site.search import canonicalise, cbor_decode, cbor_encode, read_pf, write_pf_bytes
from site_checks import BASE_URL, CONTENT, SEEDS, TEMPLATES, Built

FACETS = {"country", "partner", "category", "activity", "year"}


def build(seeds: Path, out: Path, *extra: str) -> int:
    return coprod_main(["build", "--seeds", str(seeds), "--content", str(CONTENT), "--templates", str(TEMPLATES),
                        "--out", str(out), "--base-url", BASE_URL, "--no-cache", *extra])


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def index_meta(built: Built) -> tuple[dict, list]:
    entry = json.loads(built.read("pagefind/pagefind-entry.json"))
    (info,) = entry["languages"].values()
    return info, read_pf(built.out / "pagefind" / f"pagefind.{info['hash']}.pf_meta")


def filters_of(built: Built) -> dict[str, dict[str, int]]:
    """Facet -> value -> number of pages, read back from the index files."""
    _, meta = index_meta(built)
    result = {}
    for name, file_hash in meta[3]:
        _, values = read_pf(built.out / "pagefind" / "filter" / f"{file_hash}.pf_filter")
        result[name] = {value: len(pages) for value, pages in values}
    return result


# ---------------------------------------------------------------- what is indexed


def test_the_build_writes_a_pagefind_index_of_the_entry_pages_only(site):
    assert site.exists("pagefind/pagefind.js") and site.exists("pagefind/pagefind-ui.js")
    info, _ = index_meta(site)
    assert info["page_count"] == len(site.entries())
    marked = [page for page in site.html_files() if site.doc(page).xpath("//*[@data-pagefind-body]")]
    assert sorted(marked) == sorted(f"entries/{e['slug']}/index.html" for e in site.entries())


def test_entry_pages_carry_every_facet_and_the_fields_a_result_shows(site):
    for entry in site.entries():
        doc = site.doc(f"entries/{entry['slug']}/index.html")
        facets: dict[str, list[str]] = {}
        for element in doc.xpath("//*[@data-pagefind-filter]"):
            facets.setdefault(element.get("data-pagefind-filter"), []).append(text_of(element))
        assert set(facets) <= FACETS
        assert len(facets.get("country", [])) == len(entry["countries"])
        assert facets.get("partner", []) == entry["partners"]
        assert len(facets.get("category", [])) == len(entry["categories"])
        assert len(facets.get("activity", [])) == len(entry["activities"])
        assert facets.get("year", []) == ([entry["date"][:4]] if entry["date"] else [])
        meta = {e.get("data-pagefind-meta"): text_of(e) for e in doc.xpath("//*[@data-pagefind-meta]")}
        assert meta["date"] == text_of(doc.xpath("//p[@class='entry-date']//time | "
                                                 "//p[@class='entry-date']/span[@class='undated']")[0])
        assert ("countries" in meta) == bool(entry["countries"])
        # what would only add noise to the snippets is left out of the indexed text
        for xpath in ("//dl[@class='facts']", "//nav[@class='neighbours']", "//p[@class='entry-date']"):
            assert doc.xpath(xpath)[0].get("data-pagefind-ignore") is not None, xpath


def test_the_index_holds_the_facets_with_their_counts(site):
    filters = filters_of(site)
    entries = site.entries()
    assert set(filters) == FACETS
    assert filters["year"] == {year: sum((e["date"] or "")[:4] == year for e in entries)
                               for year in {e["date"][:4] for e in entries if e["date"]}}
    czech = [e for e in entries if "CZ" in e["countries"]]
    assert filters["country"]["Czech Republic"] == len(czech) > 0
    assert filters["partner"]["KNDS France"] == sum("KNDS France" in e["partners"] for e in entries)


# ---------------------------------------------------------------- the search page and the header box


def test_search_page_loads_pagefind_ui_relatively_and_links_the_indexes_without_javascript(site):
    doc = site.doc("search/index.html")
    assert doc.xpath("//head/link[@rel='stylesheet']/@href") == ["../static/style.css",
                                                                 "../pagefind/pagefind-ui.css"]
    assert doc.xpath("//head/script/@src") == ["../pagefind/pagefind-ui.js", "../static/search.js"]
    assert all(s.get("defer") is not None for s in doc.xpath("//script"))
    assert doc.xpath("//*[@data-search-ui]/@id") == ["search"]
    fallback = doc.xpath("//*[@data-search-fallback]//a/@href")
    assert {"../countries/", "../partners/", "../categories/", "../activities/"} <= set(fallback)
    assert not doc.xpath("//*[@data-site-search]")  # the page's own box is enough
    assert site.base_url + "search/" in site.read("sitemap.xml")


def test_every_other_page_has_the_search_link_and_a_hidden_form_to_enhance(site):
    for page in site.html_files():
        if page == "search/index.html":
            continue
        doc = site.doc(page)
        box = doc.xpath("//header//*[@data-site-search]")
        assert len(box) == 1, page
        link, form = box[0].xpath("./a")[0], box[0].xpath("./form")[0]
        prefix = "/tracker/" if page == "404.html" else ""
        assert link.get("href") == form.get("action"), page
        assert link.get("href").endswith("search/") and link.get("href").startswith(prefix), page
        assert form.get("hidden") is not None and form.get("role") == "search", page
        assert form.xpath(".//input[@type='search'][@name='q']/@id") == form.xpath(".//label/@for"), page
        own = [["static", "explore.js"]] if page == "explore/index.html" else []  # the explorer's own script
        assert [s.get("src").rsplit("/", 2)[-2:] for s in doc.xpath("//script")] == own + [["static", "search.js"]], page


def test_no_search_builds_without_index_page_box_or_script(tmp_path):
    out = tmp_path / "site"
    assert build(SEEDS, out, "--no-search") == 0
    built = Built(out=out, seeds=SEEDS, base_url=BASE_URL, exit_code=0)
    assert not (out / "pagefind").exists() and not built.exists("search/index.html")
    for page in built.html_files():
        doc = built.doc(page)
        # the explorer has its own index, not Pagefind's: its script stays
        assert not doc.xpath("//script[not(contains(@src, 'explore.js'))] | //*[@data-site-search]"
                             " | //link[contains(@href, 'pagefind')]"), page
    assert BASE_URL + "search/" not in built.read("sitemap.xml")
    assert built.exists("network/index.html")  # the rest of the site is all there


# ---------------------------------------------------------------- a failing indexer


def test_a_failing_indexer_leaves_the_previous_site_as_it_was(tmp_path, monkeypatch, capsys):
    out = tmp_path / "site"
    assert build(SEEDS, out, "--no-search") == 0
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr("coprod.site.search.pagefind_executable", lambda: broken)
    assert build(SEEDS, out) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("search index: Pagefind failed (exit 3): index exploded")
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-new")]  # no staging folder left


# ---------------------------------------------------------------- same input, same bytes


def test_the_codec_rewrites_pagefind_files_byte_for_byte(site):
    files = [p for p in (site.out / "pagefind").rglob("*") if p.suffix in (".pf_meta", ".pf_filter", ".pf_index")]
    assert len(files) >= 7
    for path in files:
        raw = gzip.decompress(path.read_bytes())
        value, end = cbor_decode(raw, len(b"pagefind_dcd"))
        assert end == len(raw) and b"pagefind_dcd" + cbor_encode(value) == raw, path.name


def fake_bundle(folder: Path, countries: list, filter_order: list[str]) -> None:
    """A bundle shaped like Pagefind 1.5's, its filter values and filters in the given orders."""
    (folder / "filter").mkdir(parents=True)
    names = {"country": "en_1a2b3c4", "year": "en_5d6e7f8"}
    data = {"country": ["country", countries], "year": ["year", [["2024", [0, 1]]]]}
    for name in filter_order:
        (folder / "filter" / f"{names[name]}.pf_filter").write_bytes(write_pf_bytes(data[name]))
    meta = ["1.5.2", [["en_page001", 120]], [["a", "z", "en_idx0001"]], [[n, names[n]] for n in filter_order], [],
            ["title"]]
    (folder / "pagefind.en_0123456789.pf_meta").write_bytes(write_pf_bytes(meta))
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "wasm": "en", "page_count": 2}},
         "include_characters": ["_", "‿"]}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def test_canonical_order_makes_the_bundle_independent_of_pagefind_s_hash_map_order(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    fake_bundle(one, [["France", [1]], ["Czech Republic", [0, 1]]], ["country", "year"])
    fake_bundle(two, [["Czech Republic", [0, 1]], ["France", [1]]], ["year", "country"])
    canonicalise(one)
    canonicalise(two)
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(one) == files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_pf(one / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["country", "year"]
    country = read_pf(one / "filter" / f"{meta[3][0][1]}.pf_filter")
    assert country == ["country", [["Czech Republic", [0, 1]], ["France", [1]]]]
    assert re.fullmatch(r"en_[0-9a-f]{10}", entry["languages"]["en"]["hash"])


def test_two_builds_give_the_same_search_index(site, tmp_path):
    out = tmp_path / "again"
    assert build(site.seeds, out) == 0
    first = {p.relative_to(site.out).as_posix(): p.read_bytes() for p in (site.out / "pagefind").rglob("*")
             if p.is_file()}
    second = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
    assert first == second and len(first) > 10
    shutil.rmtree(out)
