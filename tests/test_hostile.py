"""Hostile and broken input: nothing lost, nothing executed, nothing written outside
the output.

The hostile build (hostile_site.py, fixtures in tests/fixtures/hostile) puts HTML,
JavaScript, `javascript:` URLs, spreadsheet formulas, path traversal, Windows device
names, an empty title, a 300-character title, right-to-left and emoji text into
every field of a seed and of a correction that reaches a page, an attribute, a URL,
a feed or the data export. The browser test (test_browser.py) loads the same build
in Chromium and proves no dialog opens.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from coprod.cli import main as coprod_main
from coprod.core.urls import web_href
from hostile_site import HOSTILE_CORRECTIONS, HOSTILE_FILE_NAMES, HOSTILE_SEEDS, hostile_build
from site_checks import BASE_URL, CONTENT, TEMPLATES, Built, links_of, resolve_link

SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ACTIVE_ELEMENTS = "//iframe | //object | //embed | //img | //video | //audio | //style | //base | //meta[@http-equiv]"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    return hostile_build(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def build_stderr(tmp_path_factory) -> str:
    return hostile_build(tmp_path_factory)[1]


def text(element) -> str:
    return " ".join(element.text_content().split())


def squash(value: str) -> str:
    return " ".join(value.split())


def entry_doc(built: Built, seed: str):
    return built.doc(f"entries/{built.entry(seed)['slug']}/index.html")


def own_script(built: Built, relpath: str, src: str) -> bool:
    """A script file of the site itself (search): a .js file inside the build, as no input can make one."""
    target, _ = resolve_link(built, built.page_url(relpath), src)
    return bool(target) and target.endswith(".js") and built.exists(target)


# ---------------------------------------------------------------- nothing lost


def test_every_hostile_seed_becomes_an_entry(hostile, build_stderr):
    seeds = sorted(p.name for p in HOSTILE_SEEDS.iterdir()) + list(HOSTILE_FILE_NAMES)
    assert sorted(e["seed"] for e in hostile.entries()) == sorted(seeds)
    for entry in hostile.entries():
        assert hostile.exists(f"entries/{entry['slug']}/index.html"), entry["seed"]


def test_a_correction_with_a_javascript_url_is_refused_by_name_and_its_seed_still_builds(hostile, build_stderr):
    errors = [line for line in build_stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, build_stderr
    assert errors[0].endswith("refused_url.yaml: error: url: \"javascript:alert('correction-javascript-url')\" "
                              "is not an http(s) URL")
    assert hostile.exit_code == 1
    assert hostile.entry("refused_url.txt")["source"] == {"name": None, "url": None}


@pytest.mark.parametrize("header", ["published: 2024-02-30", "also: 5", "published: [1, 2]"])
def test_a_seed_whose_header_yaml_cannot_be_used_is_still_read(extract, header):
    entry = extract(f"---\n{header}\n---\nPolish drones\n\nPoland and Ukraine will produce drones together at a "
                    "plant in Poland, the ministry said.\n")
    assert entry.countries == ("PL",) and entry.categories == ("drones",)


# ---------------------------------------------------------------- nothing executed


def test_no_page_carries_a_script_handler_frame_or_non_web_url_from_the_input(hostile):
    found = {}
    for relpath in hostile.html_files():
        doc = hostile.doc(relpath)
        bad = [lxml.html.tostring(el)[:80] for el in doc.xpath(ACTIVE_ELEMENTS)]
        bad += [f"script {s.get('src')}" for s in doc.xpath("//script")
                if not s.get("src") or not own_script(hostile, relpath, s.get("src"))]
        bad += [f"{el.tag}@{name}" for el in doc.iter() if isinstance(el.tag, str)
                for name in el.attrib if name.lower().startswith("on")]
        for tag, attr, value in links_of(doc):
            scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", value)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                bad.append(f"{tag}@{attr}={value}")
        if bad:
            found[relpath] = bad
    assert found == {}


def test_hostile_title_body_captions_and_publishers_reach_the_page_as_text(hostile):
    entry = hostile.entry("inject_everywhere.txt")
    doc = entry_doc(hostile, "inject_everywhere.txt")
    assert text(doc.xpath("//h1")[0]) == squash(entry["title"])
    assert "<script>alert('title-script')</script>" in entry["title"]
    assert doc.xpath("string(//head/title)").startswith(entry["title"])
    body = text(doc.xpath("//div[@class='entry-body']")[0])
    for shown in ("<script>alert('body')</script>", "\"><img src=x onerror=alert('body-img')>",
                  "[a link](javascript:alert('md-link'))", "{{ 7*7 }}"):
        assert shown in body, shown
    captions = " ".join(text(f) for f in doc.xpath("//figcaption"))
    assert "<script>alert('caption')</script> Engineers inspect a drone" in captions
    source = text(doc.xpath("//p[contains(@class, 'entry-source')][1]")[0])
    assert source == "Source: " + squash(entry["source"]["name"])  # a javascript: source URL is no link
    more = doc.xpath("//p[contains(@class, 'more-sources')]")[0]
    assert "<img src=x onerror=alert('also-publisher')> Gazette" in text(more)
    assert [a.get("href") for a in more.iter("a")] == [
        web_href("https://mirror.example.net/a?q=\"><script>alert('also-href')</script>&x='onmouseover='alert(1)")]


def test_a_correction_with_markup_in_every_field_is_escaped_in_text_and_attributes(hostile):
    entry = hostile.entry("corrected_everywhere.txt")
    doc = entry_doc(hostile, "corrected_everywhere.txt")
    assert text(doc.xpath("//h1")[0]) == entry["title"] and entry["title"].startswith("\"><script>")
    source_link = doc.xpath("//p[contains(@class, 'entry-source')][1]/a")[0]
    assert dict(source_link.attrib) == {"href": web_href(entry["source"]["url"]), "rel": "noopener noreferrer external"}
    assert not set("\"<> `") & set(source_link.get("href"))  # ' may stay: a URL allows it, the attribute escapes it
    assert text(source_link) == entry["source"]["name"]
    partner_links = {text(a): a.get("href") for a in doc.xpath("//dt[.='Partners']/following-sibling::dd[1]//a")}
    assert set(partner_links) == set(entry["partners"])
    for name, href in partner_links.items():
        page = hostile.doc(resolve_link(hostile, hostile.page_url(f"entries/{entry['slug']}/index.html"), href)[0])
        assert name in text(page.xpath("//h1")[0])


def test_a_hostile_off_topic_reason_reaches_its_page_as_text(hostile):
    entry = hostile.entry("off_topic_reason.txt")
    note = entry_doc(hostile, "off_topic_reason.txt").xpath("//p[contains(@class, 'off-topic')]")[0]
    assert entry["on_topic"] is False and entry["on_topic_reason"].startswith("<script>")
    assert note.xpath(".//script | .//img") == []
    assert squash(entry["on_topic_reason"]) in text(note)


def test_hostile_correction_evidence_reaches_why_these_tags_as_text(hostile):
    entry = hostile.entry("corrected_everywhere.txt")
    section = entry_doc(hostile, "corrected_everywhere.txt").xpath("//details[contains(@class, 'why')]")[0]
    shown = [text(v) for v in section.xpath(".//dt[.='Partners']/following-sibling::dd[1]//span[@class='why-value']")]
    assert shown == [squash(name) for name in entry["partners"]]
    assert "correction corrected_everywhere.yaml" in text(section)


def test_every_feed_keeps_hostile_text_as_text_and_its_html_inert(hostile):
    titles = {e["url"]: e["title"] for e in hostile.entries()}
    for name in [f for f in hostile.files() if f == "atom.xml" or f.endswith("feed.xml")]:
        parsed = feedparser.parse((hostile.out / name).read_bytes())
        assert not parsed.bozo, name
        for item in parsed.entries:
            assert item.title in (titles[item.link], squash(titles[item.link])) or (
                item.title == "(untitled)" and not titles[item.link]), name
            content = lxml.html.fromstring(item.content[0].value)
            assert not content.xpath("//script | //img | //iframe | //svg | //style | //object"), name
            assert not [a for el in content.iter() if isinstance(el.tag, str) for a in el.attrib
                        if a.lower().startswith("on")], name
            assert all(link.startswith("https://") for link in content.xpath("//@href | //@src")), name
        raw = (hostile.out / name).read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw, name


def test_the_csv_export_starts_no_cell_with_a_formula_and_keeps_the_text(hostile):
    rows = list(csv.DictReader(io.StringIO(hostile.read("data/entries.csv"))))
    cells = [cell for row in rows for cell in row.values()] + list(rows[0].keys())
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    by_seed = {row["seed"].removeprefix("'"): row for row in rows}
    formula = hostile.entry("formula_title.txt")
    assert by_seed["formula_title.txt"]["title"] == "'" + formula["title"]
    assert by_seed["formula_title.txt"]["source_name"] == "'" + formula["source"]["name"]
    seed_cells = {row["seed"] for row in rows}
    assert "'=HYPERLINK(\"https---evil.example\",\"seed\").txt" in seed_cells
    assert "'-rf --no-preserve-root.txt" in seed_cells


def test_the_json_export_keeps_every_hostile_value_and_no_raw_markup(hostile):
    raw = hostile.read("data/entries.json")
    assert not set("<>&") & set(raw)
    entries = json.loads(raw)["entries"]
    corrected = next(e for e in entries if e["seed"] == "corrected_everywhere.txt")
    assert "<script>alert('correction-partner')</script>" in corrected["partners"]
    assert "javascript:" not in json.dumps([e["source"] for e in entries] + [e["url"] for e in entries])


# ---------------------------------------------------------------- names and paths


def test_every_file_lands_inside_out_with_a_safe_portable_name(hostile):
    build_folder = hostile.out.parent
    outside = [p for p in build_folder.rglob("*") if p.is_file() and not p.is_relative_to(hostile.out)]
    # The only thing a build may keep beside --out is its cache (cli.py: .coprod-cache/ beside the output).
    assert [p for p in outside if ".coprod-cache" not in p.relative_to(build_folder).parts] == []
    assert not [p for p in build_folder.iterdir() if p.name.startswith(f".{hostile.out.name}-")]  # no staging left
    for relpath in hostile.files():
        parts = relpath.split("/")
        assert all(SAFE_PART.match(part) and len(part) <= 100 for part in parts), relpath
        assert not [part for part in parts if part.split(".")[0].lower() in WINDOWS_DEVICES], relpath
        assert (hostile.out / relpath).resolve().is_relative_to(hostile.out.resolve()), relpath


def test_names_that_are_paths_or_device_names_get_safe_slugs(hostile):
    slugs = {e["seed"]: e["slug"] for e in hostile.entries()}
    assert slugs["names_traversal.txt"] == "etc-passwd"
    assert slugs["names_con.txt"] == "con-x"
    assert re.fullmatch(r"entry-[0-9a-f]{6}", slugs["names_empty.txt"])
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 80 for slug in slugs.values())
    partner_pages = {text(a): a.get("href") for a in hostile.doc("partners/index.html").xpath("//tbody//th/a")}
    assert partner_pages["../../etc/passwd"] == "etc-passwd/"
    assert partner_pages["CON"] == "con-x/"
    assert re.fullmatch(r"partner-[0-9a-f]{6}/", partner_pages["..."])
    assert partner_pages["🚀🛰️ Orbital Partners"] == "orbital-partners/"


def test_an_empty_title_shows_as_untitled(hostile):
    doc = entry_doc(hostile, "names_empty.txt")
    assert text(doc.xpath("//h1")[0]) == "(untitled)"


def test_a_300_character_title_is_kept_whole_with_a_short_slug(hostile):
    entry = hostile.entry("names_long.txt")
    assert len(entry["title"]) == 300
    assert text(entry_doc(hostile, "names_long.txt").xpath("//h1")[0]) == entry["title"]
    assert len(entry["slug"]) <= 80


def test_right_to_left_and_emoji_titles_are_kept_with_ascii_slugs(hostile):
    for seed, sample in (("names_rtl.txt", "\u202eأوكرانيا"), ("names_emoji.txt", "🇺🇦🤝🇵🇱")):
        entry = hostile.entry(seed)
        assert sample in entry["title"]
        assert text(entry_doc(hostile, seed).xpath("//h1")[0]) == squash(entry["title"])
        assert entry["slug"].isascii() and entry["url"] == f"{BASE_URL}entries/{entry['slug']}/"


def test_every_link_of_the_hostile_build_resolves_inside_it(hostile):
    broken = []
    for relpath in hostile.html_files():
        for _tag, _attr, value in links_of(hostile.doc(relpath)):
            target, _ = resolve_link(hostile, hostile.page_url(relpath), value)
            if target is not None and not hostile.exists(target):
                broken.append((relpath, value))
    assert broken == []


def test_the_build_writes_nothing_into_its_seeds_or_content(tmp_path_factory, hostile):
    from hostile_site import hostile_content_dir

    assert sorted(p.name for p in hostile.seeds.iterdir()) == sorted(
        [p.name for p in HOSTILE_SEEDS.iterdir()] + list(HOSTILE_FILE_NAMES))
    content = hostile_content_dir()
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()) == sorted(
        [p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*") if p.is_file()]
        + [f"corrections/{p.name}" for p in HOSTILE_CORRECTIONS.iterdir()])


# ---------------------------------------------------------------- a build that fails midway

SMALL_SEED = ("---\npublished: 2024-02-{day:02d}\n---\nPolish drones, part {n}\n\nPoland and Ukraine will "
              "produce drones together at a plant in Poland, part {n} of the programme, the ministry said.\n")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def broken_templates(tmp_path: Path, failing: str) -> Path:
    """A copy of templates/ whose entry page fails while rendering the third entry (after others were written)."""
    import shutil

    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    page = copy / "entry.html"
    source = page.read_text(encoding="utf-8")
    marker = "{% block main %}\n"
    assert marker in source
    page.write_text(source.replace(marker, marker + "{% if 'part 3' in entry.title %}" + failing + "{% endif %}\n", 1),
                    encoding="utf-8")
    return copy


def build_into(seeds: Path, out: Path, templates: Path) -> int | str:
    try:
        return coprod_main(["build", "--seeds", str(seeds), "--content", str(CONTENT), "--templates", str(templates),
                            "--out", str(out), "--base-url", BASE_URL])
    except Exception as exc:  # an unexpected error may surface as itself; the site must still be untouched
        return f"raised {type(exc).__name__}"


@pytest.mark.parametrize("failing, expected", [
    ("{{ (entry.title|length) // 0 }}", "raised ZeroDivisionError"),  # a bug: an exception escapes the template
    ("{{ raise_error() }}", 2),  # a template error: reported, exit 2
])
def test_a_build_that_fails_while_rendering_leaves_the_previous_site_exactly_as_it_was(tmp_path, capsys, failing,
                                                                                     expected):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(1, 6):
        (seeds / f"p{n}.txt").write_text(SMALL_SEED.format(day=n, n=n), encoding="utf-8")
    parent = tmp_path / "public"
    out = parent / "site"
    assert build_into(seeds, out, TEMPLATES) == 0
    before, beside = snapshot(out), sorted(p.name for p in parent.iterdir())
    assert len(before) > 30
    (seeds / "p6.txt").write_text(SMALL_SEED.format(day=6, n=6), encoding="utf-8")  # the new build has more to write

    result = build_into(seeds, out, broken_templates(tmp_path, failing))
    assert result == expected
    assert snapshot(out) == before
    assert sorted(p.name for p in parent.iterdir()) == beside  # no staging folder left behind
    if expected == 2:
        assert "entry.html" in capsys.readouterr().err


# ---------------------------------------------------------------- ten thousand seeds, one broken

COUNTRIES = [("Poland", "Polish"), ("Czech Republic", "Czech"), ("Slovakia", "Slovak"), ("Denmark", "Danish"),
             ("France", "French"), ("Germany", "German"), ("Lithuania", "Lithuanian"), ("Sweden", "Swedish")]
THINGS = ["drones", "artillery shells", "howitzers", "armoured vehicles", "air defence systems"]


def many_seed(n: int) -> str:
    country, adjective = COUNTRIES[n % len(COUNTRIES)]
    thing = THINGS[n % len(THINGS)]
    year, day = 2022 + n % 4, n % 365
    date = f"{year}-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}"
    return (f"---\npublished: {date}\n---\n{adjective} {thing} for Ukraine, agreement {n}\n\n"
            f"{country} and Ukraine will produce {thing} together at a plant in {country}, under agreement "
            f"number {n}, the ministry said on Monday.\n")


@pytest.mark.heavy
def test_ten_thousand_seeds_with_one_broken_build_and_the_broken_one_is_named(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(10_000):
        (seeds / f"seed_{n:05d}.txt").write_text(many_seed(n), encoding="utf-8")
    broken = "seed_04321.txt"
    (seeds / broken).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    out = tmp_path / "site"
    started = time.monotonic()
    code = coprod_main(["build", "--seeds", str(seeds), "--content", str(CONTENT), "--templates", str(TEMPLATES),
                        "--out", str(out), "--base-url", BASE_URL])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert code == 1
    assert errors == [f"{broken}: error: binary file, not text"]
    entries = json.loads((out / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 9_999
    assert {e["seed"] for e in entries} == {f"seed_{n:05d}.txt" for n in range(10_000)} - {broken}
    assert len(list((out / "entries").iterdir())) == 9_999
    assert len({e["slug"] for e in entries}) == 9_999
    print(f"10,000 seeds built in {elapsed:.0f} s")
