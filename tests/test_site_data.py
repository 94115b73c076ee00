"""The data page (/data/) and the downloads per term, on real builds (`coprod build`) of small
seeds with a private copy of content/: licence, citation, the data dictionary, extraction
quality from content/quality.yaml, and CSV/JSON files per country, partner, category and
activity."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from coprod.cli import main as coprod_main
from coprod.site.export import FIELDS
from site_checks import CONTENT, TEMPLATES

BASE = "https://example.org/tracker/"
SEEDS = {
    "a.txt": "---\npublished: 2024-09-01\nurl: https://news.example.com/a\npublisher: Example News\n---\n"
             "Danish radars\n\nDanish firm Terma will produce radars together with Ukrainian engineers in "
             "Denmark, the ministry said after the signing.\n",
    "b.txt": "---\npublished: 2022-05-01\n---\nPolish shells\n\nPolish PGZ and Ukroboronprom will produce shells "
             "together in Poland, their press services said on Sunday after the talks.\n",
    "c.txt": "---\npublished: 2023-03-10\n---\nCzech and Danish shells\n\nThe Czech Republic and Denmark will "
             "produce ammunition together with Ukraine at new plants, officials said.\n",
}
QUALITY = """measured: 2026-11-30
answer_key: forty articles checked by hand
entries: 40
fields:
  countries: {precision: 0.975, recall: 0.9, f1: 0.936}
  partners: {precision: 0.8, recall: 0.7, f1: 0.747}
date_score: 0.85
"""


def build(tmp_path: Path, content: Path, out_name: str = "site", cache: bool = False) -> tuple[int, Path]:
    seeds = tmp_path / "seeds"
    if not seeds.exists():
        seeds.mkdir()
        for name, text in SEEDS.items():
            (seeds / name).write_text(text, encoding="utf-8")
    out = tmp_path / out_name
    code = coprod_main(["build", "--seeds", str(seeds), "--content", str(content), "--templates", str(TEMPLATES),
                        "--out", str(out), "--base-url", BASE, "--no-search",
                         *(["--cache", str(tmp_path / "cache")] if cache else ["--no-cache"])])
    return code, out


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data-site")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    (content / "quality.yaml").unlink()  # no figures recorded: the page must say so
    code, out = build(folder, content)
    assert code == 0
    return out


def doc(out: Path, relpath: str):
    return lxml.html.fromstring((out / relpath).read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def section(page, heading_id: str):
    return page.xpath(f"//section[@aria-labelledby='{heading_id}']")[0]


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


# ---------------------------------------------------------------- the page and its links


def test_the_data_page_is_in_the_navigation_of_every_page(built):
    pages = [p.relative_to(built).as_posix() for p in built.rglob("*.html")]
    for relpath in pages:
        nav = doc(built, relpath).xpath("//header//nav//a")
        targets = {(a.get("href"), text(a)) for a in nav if text(a) == "Data"}
        assert len(targets) == 1, relpath
        if relpath != "404.html":
            href = targets.pop()[0]
            assert (built / relpath).parent.joinpath(href, "index.html").resolve() == (built / "data/index.html")


def test_licence_and_citation_with_the_newest_entry_as_last_updated(built):
    page = doc(built, "data/index.html")
    [licence] = section(page, "licence-heading").xpath(".//a[@rel='license']")
    assert (text(licence), licence.get("href")) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    citation = text(section(page, "cite-heading").xpath(".//p[@class='citation']")[0])
    assert citation.startswith("Coprod editors. Coprod: Ukraine's defence-industrial cooperation")
    assert f"{BASE}data/. Last updated 1 September 2024." in citation  # the newest entry's date, not the clock


def test_the_data_dictionary_names_every_field_of_both_files_in_their_order(built):
    rows = section(doc(built, "data/index.html"), "fields-heading").xpath(".//tbody/tr")
    listed = [(text(r.xpath("./th")[0]), text(r.xpath("./td")[0])) for r in rows]
    json_keys = list(json.loads((built / "data/entries.json").read_text(encoding="utf-8"))["entries"][0])
    csv_header = next(csv.reader(io.StringIO((built / "data/entries.csv").read_text(encoding="utf-8-sig"))))
    assert [name for name, formats in listed if "JSON" in formats] == json_keys
    assert [name for name, formats in listed if "CSV" in formats] == csv_header
    assert all(text(r.xpath("./td")[1]) for r in rows)  # every field is explained
    assert [name for name, _ in listed] == [f.name for f in FIELDS]


def test_every_term_page_links_its_downloads_and_the_data_page(built):
    term_pages = [p.relative_to(built).as_posix() for kind in ("countries", "partners", "categories", "activities")
                  for p in (built / kind).glob("*/index.html") if p.parent.name != "by-entries"]  # an index page
    assert len(term_pages) > 10
    for relpath in term_pages:
        kind, slug = relpath.split("/")[:2]
        [para] = doc(built, relpath).xpath("//p[@class='download-link']")
        assert text(para).startswith("Download these entries")
        hrefs = para.xpath(".//a/@href")
        assert hrefs == [f"../../data/{kind}/{slug}.csv", f"../../data/{kind}/{slug}.json", "../../data/"], relpath
        assert all((built / relpath).parent.joinpath(h).resolve().exists() for h in hrefs), relpath


def test_the_data_page_links_every_download(built):
    hrefs = section(doc(built, "data/index.html"), "downloads-heading").xpath(".//a/@href")
    files = sorted(p.relative_to(built / "data").as_posix() for p in (built / "data").rglob("*.*")
                   if p.suffix in (".csv", ".json"))
    assert sorted(hrefs) == files


# ---------------------------------------------------------------- the files


def test_term_files_hold_exactly_the_term_entries_in_both_formats(built):
    everything = json.loads((built / "data/entries.json").read_text(encoding="utf-8"))["entries"]
    for kind, field, value in (("countries", "countries", "DK"), ("partners", "partners", "Terma"),
                               ("categories", "categories", "ammunition")):
        slug = value.lower() if kind != "partners" else "terma"
        expected = [e for e in everything if value in e[field]]
        assert expected
        # every field but the evidence, which is the bulk of a record and only in entries.json
        without_evidence = [{k: v for k, v in e.items() if k != "evidence"} for e in expected]
        assert json.loads((built / f"data/{kind}/{slug}.json").read_text(encoding="utf-8"))["entries"] == without_evidence
        rows = read_csv(built / f"data/{kind}/{slug}.csv")
        assert [r["seed"] for r in rows] == [e["seed"] for e in expected]


def test_every_csv_file_starts_with_a_byte_order_mark(built):
    files = list((built / "data").rglob("*.csv"))
    assert len(files) > 10
    for path in files:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path
        assert not path.read_bytes()[3:].startswith(b"\xef\xbb\xbf"), path


# ---------------------------------------------------------------- quality and the licence setting


def test_without_measured_figures_the_page_says_not_yet_measured(built):
    how_well = text(section(doc(built, "data/index.html"), "method-heading"))
    assert "Not yet measured." in how_well and "Precision" not in how_well


def test_recorded_figures_are_shown_and_a_change_rebuilds_the_page(tmp_path, content):
    assert build(tmp_path, content, cache=True)[0] == 0  # with the shipped file: not measured
    (content / "quality.yaml").write_text(QUALITY, encoding="utf-8")
    code, out = build(tmp_path, content, cache=True)  # the rebuild sees the new figures
    assert code == 0
    method = section(doc(out, "data/index.html"), "method-heading")
    assert "Measured on 2026-11-30 against forty articles checked by hand (40 articles)" in text(method)
    rows = [[text(c) for c in r] for r in method.xpath(".//tbody/tr")]
    assert rows == [["countries", "0.97", "0.90", "0.94"], ["partners", "0.80", "0.70", "0.75"]]
    assert "a score of 0.85" in text(method)


@pytest.mark.parametrize("quality, message", [
    ("measured: 2026-11-30\n", "answer_key must say what the figures were measured against"),
    (QUALITY.replace("0.975", "97.5"), "countries precision must be a number from 0 to 1"),
    (QUALITY.replace("countries:", "weapons:"), "unknown field 'weapons' (known: countries, partners, categories, activities)"),
])
def test_a_broken_quality_file_fails_with_one_line(tmp_path, content, capsys, quality, message):
    (content / "quality.yaml").write_text(quality, encoding="utf-8")
    code, out = build(tmp_path, content)
    assert code == 2 and not out.exists()
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.endswith(f"quality.yaml: error: {message}")


def test_without_a_licence_the_page_says_so(tmp_path, content):
    site_yaml = content / "site.yaml"
    kept = site_yaml.read_text(encoding="utf-8").split("licence:")[0]
    site_yaml.write_text(kept, encoding="utf-8")
    code, out = build(tmp_path, content)
    assert code == 0
    licence = section(doc(out, "data/index.html"), "licence-heading")
    assert "No licence has been set" in text(licence) and not licence.xpath(".//a[@rel='license']")


@pytest.mark.parametrize("licence, message", [
    ("licence: CC BY\n", "licence must be a mapping with a name and a url"),
    ("licence: {name: CC BY, url: 'javascript:alert(1)'}\n", "licence url 'javascript:alert(1)' is not an http(s) URL"),
    ("licence: {name: A, url: 'https://a.example/'}\nlicense: {name: B, url: 'https://b.example/'}\n",
     "give licence or license, not both"),
])
def test_a_broken_licence_fails_with_one_line(tmp_path, content, capsys, licence, message):
    (content / "site.yaml").write_text(licence, encoding="utf-8")
    code, _ = build(tmp_path, content)
    assert code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert message in line and "site.yaml: error:" in line


def test_license_is_read_like_licence(tmp_path, content):
    (content / "site.yaml").write_text("license: {name: ODbL, url: 'https://opendatacommons.org/licenses/odbl/'}\n",
                                       encoding="utf-8")
    code, out = build(tmp_path, content)
    assert code == 0
    assert doc(out, "data/index.html").xpath("//a[@rel='license']/text()") == ["ODbL"]
