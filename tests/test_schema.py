"""The typed schema of content/: every kind of file names the file, the key and the problem
on one line, refuses keys it does not know, and loads what it knows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coprod.core.errors import ContentError
from coprod.core.schema import Date, Flag, Number, Records, Schema, Strings, Table, Text, Whole
from coprod.core.settings import load_settings
from coprod.extract.taxonomy import load_taxonomy
from coprod.ingest.fetch import load_feeds
from coprod.read.reader import load_reader_rules
from coprod.site.quality import load_quality

# A taxonomy small enough to read at a glance: one partner, one category, one activity.
TAXONOMY = {
    "countries.yaml": "names: {CZ: [Czech]}\nnever_partners: [UA]\n",
    "organisations.yaml": "partners:\n  - {name: Tatra Works, aliases: [Tatra], country: CZ}\n",
    "categories.yaml": "categories:\n  - {slug: trucks, name: Trucks, cues: [truck]}\n",
    "activities.yaml": "activities:\n  - {slug: joint-production, cues: [produce together]}\n",
    "dating.yaml": "terms:\n  - {person: A. Minister, names: [Minister], roles: [Prime Minister], start: 2020-01-02}\n",
}


def small_taxonomy(root: Path, **changes: str) -> Path:
    """content/ holding TAXONOMY, with the files named in ``changes`` (dots as underscores) replaced."""
    folder = root / "content" / "taxonomy"
    folder.mkdir(parents=True)
    for name, text in TAXONOMY.items():
        (folder / name).write_text(changes.get(name.replace(".", "_"), text), encoding="utf-8")
    return root / "content"


def one_line_error(load, path: Path) -> str:
    with pytest.raises(ContentError) as error:
        load()
    message = str(error.value)
    assert "\n" not in message and message.startswith(f"{path}: error: ")
    return message.removeprefix(f"{path}: error: ")


# ---------------------------------------------------------------- the schema itself

SCHEMA = Schema({
    "title": Text("untitled"),
    "size": Whole(3, 1, 10),
    "share": Number(0, 1),
    "draft": Flag(False),
    "words": Strings(),
    "when": Date(),
    "names": Table(Text(), Strings()),
    "items": Records(Schema({"name": Text(non_empty=True)}, required=("name",))),
}, required=("title",))


def test_a_schema_gives_defaults_for_absent_and_null_keys_and_checked_values_for_the_others():
    values = SCHEMA.check("f.yaml", {"title": 2024, "size": None, "words": "alone", "when": "2024-05-01",
                                     "names": {"CZ": ["Czech", 5]}, "items": [{"name": "a"}]})
    assert values == {"title": "2024", "size": 3, "share": None, "draft": False, "words": ("alone",),
                      "when": dt.date(2024, 5, 1), "names": {"CZ": ("Czech", "5")}, "items": ({"name": "a"},)}


@pytest.mark.parametrize("data, message", [
    ({"title": "t", "colour": "red"},
     "unknown key 'colour' (known: title, size, share, draft, words, when, names, items)"),
    ({}, "title is missing"),
    ({"title": ["a"]}, "title must be text"),
    ({"title": "t", "size": 11}, "size must be a whole number from 1 to 10, not 11"),
    ({"title": "t", "size": True}, "size must be a whole number from 1 to 10, not True"),
    ({"title": "t", "share": 1.5}, "share must be a number from 0 to 1"),
    ({"title": "t", "draft": "yes please"}, "draft: expected true or false, got 'yes please'"),
    ({"title": "t", "words": [True]}, "words: a bare yes/no/on/off is read as true/false by YAML; quote it"),
    ({"title": "t", "words": {"a": 1}}, "words must be a list of strings"),
    ({"title": "t", "when": "May"}, "when: 'May' is not a YYYY-MM-DD date"),
    ({"title": "t", "names": {"CZ": [[1]]}}, "names: CZ must be a list of strings"),
    ({"title": "t", "names": {True: ["x"]}}, "names: key True must be text"),
    ({"title": "t", "items": [{"name": "a"}, {}]}, "item 2: name is missing"),
    ({"title": "t", "items": [{"name": "a", "nmae": "b"}]}, "item 1: unknown key 'nmae' (known: name)"),
    ({"title": "t", "items": ["a"]}, "item 1 must be a mapping of keys to values"),
])
def test_a_schema_names_the_key_and_the_problem(data, message):
    with pytest.raises(ContentError) as error:
        SCHEMA.check("f.yaml", data)
    assert str(error.value) == f"f.yaml: error: {message}"


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert one_line_error(lambda: SCHEMA.load(path), path) == "the file must be a mapping of keys to values"


# ---------------------------------------------------------------- each kind of file


@pytest.mark.parametrize("text, message", [
    ("page_size: 0\n", "page_size must be a positive whole number"),
    ("feed_size: many\n", "feed_size must be a positive whole number"),
    ("titel: Coprod\n", "unknown setting 'titel'"),
    ("title: [Coprod]\n", "title must be text"),
])
def test_site_yaml_key_and_type_errors(tmp_path, text, message):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    assert one_line_error(lambda: load_settings(tmp_path), path).startswith(message)


def test_site_yaml_reads_a_number_as_text_and_leaves_the_rest_at_their_defaults(tmp_path):
    (tmp_path / "site.yaml").write_text("title: 2024\npage_size: 5\n", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert (settings.title, settings.page_size, settings.feed_size, settings.licence) == ("2024", 5, 50, None)


@pytest.mark.parametrize("name, text, message", [
    ("countries_yaml", "names: {CZ: [Czech]}\nnever_partner: [UA]\n", "unknown key 'never_partner' (known: names,"),
    ("countries_yaml", "names: {CZ: Czech}\nskip_names: 5\n", "skip_names must be a list of strings"),
    ("organisations_yaml", "partners:\n  - {name: Tatra Works, alias: [Tatra]}\n",
     "partner 1 (Tatra Works): unknown key 'alias' (known: name, aliases, country, kind)"),
    ("organisations_yaml", "partners:\n  - {aliases: [Tatra]}\n", "partner 1: name is missing"),
    ("organisations_yaml", "media:\n  - {name: Daily, domains: {a: b}}\n",
     "media outlet 1 (Daily): domains must be a list of strings"),
    ("categories_yaml", "categories: []\n", "categories must be a non-empty list"),
    ("categories_yaml", "categories:\n  - {slug: trucks, cues: [no]}\n",
     "category 1 (trucks): cues: a bare yes/no/on/off is read as true/false by YAML; quote it"),
    ("activities_yaml", "activities:\n  - {slug: joint-production}\ncue_pairs:\n  - {activity: x, gap: -1}\n",
     "cue pair 1 (x): gap must be a whole number from 0 to 6, not -1"),
    ("dating_yaml", "terms:\n  - {person: A. Minister, start: soon}\n",
     "office term 1 (A. Minister): start: 'soon' is not a YYYY-MM-DD date"),
    ("dating_yaml", "terms:\n  - {person: A. Minister}\n", "office term 1 (A. Minister): start is missing"),
])
def test_taxonomy_key_and_type_errors(tmp_path, name, text, message):
    content = small_taxonomy(tmp_path, **{name: text})
    path = content / "taxonomy" / name.replace("_", ".")
    assert one_line_error(lambda: load_taxonomy(content), path).startswith(message)


def test_the_small_taxonomy_loads_into_records(tmp_path):
    taxonomy = load_taxonomy(small_taxonomy(tmp_path))
    assert taxonomy.partner_named("tatra").country == "CZ"
    assert [(t.slug, t.name, t.cues) for t in taxonomy.categories] == [("trucks", "Trucks", ("truck",))]
    assert taxonomy.activities[0].name == "joint-production"
    [term] = taxonomy.officeholders
    assert (term.start, term.end, term.role_cues) == (dt.date(2020, 1, 2), None, ("prime minister",))
    assert "Czech" in taxonomy.countries["CZ"].aliases and taxonomy.never_partner_countries == {"UA"}


@pytest.mark.parametrize("text, message", [
    ("lemmas: maybe\n", "lemmas: expected true or false, got 'maybe'"),
    ("ignore: a phrase\n", "ignore must be a list of non-empty strings"),
    ("categories: {trucks: [Lkw, '']}\n", "categories: trucks must be a list of non-empty strings"),
    ("cues: [Lkw]\n", "unknown key 'cues' (known: countries, categories, activities,"),
])
def test_language_file_key_and_type_errors(tmp_path, text, message):
    content = small_taxonomy(tmp_path)
    path = content / "taxonomy" / "languages" / "de.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert one_line_error(lambda: load_taxonomy(content), path).startswith(message)


@pytest.mark.parametrize("text, message", [
    ("list_header: [Read more]\n", "unknown key 'list_header' (known: date_languages, inline_prefixes,"),
    ("credit_markers: {Photo: 1}\n", "credit_markers must be a list of strings"),
    ("furniture_lines: [Share, off]\n", "furniture_lines: a bare yes/no/on/off is read as true/false by YAML"),
])
def test_reader_yaml_key_and_type_errors(tmp_path, text, message):
    path = tmp_path / "reader.yaml"
    path.write_text(text, encoding="utf-8")
    assert one_line_error(lambda: load_reader_rules(tmp_path), path).startswith(message)


@pytest.mark.parametrize("text, message", [
    ("feed: []\n", "unknown key 'feed' (known: feeds)"),
    ("feeds: {a: b}\n", "feeds must be a list"),
    ("feeds:\n  - {name: Example, url: 'https://example.org/rss', tpoic: all}\n",
     "feed 1 (Example): unknown key 'tpoic' (known: name, url, language, topic)"),
    ("feeds:\n  - {name: Example}\n", "feed 1 (Example): url is missing"),
    ("feeds:\n  - {name: Example, url: 'https://example.org/rss', language: English}\n",
     "feed 1 (Example): language must be a code such as en or uk"),
])
def test_feeds_yaml_key_and_type_errors(tmp_path, text, message):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    assert one_line_error(lambda: load_feeds(path), path) == message


@pytest.mark.parametrize("text, message", [
    ("measured: 2026-01-02\nanswer_key: ten articles\nentries: 10\nfields: {}\ncomment: x\n",
     "unknown key 'comment'"),
    ("measured: 2026-01-02\nanswer_key: ten articles\nentries: 10\nfields: {partners: {precision: 1, recall: 1}}\n",
     "partners f1 is missing"),
    ("measured: 2026-01-02\nanswer_key: ten articles\nentries: 10\nfields: {}\ndate_score: high\n",
     "date_score must be a number from 0 to 1"),
])
def test_quality_yaml_key_and_type_errors(tmp_path, text, message):
    path = tmp_path / "quality.yaml"
    path.write_text(text, encoding="utf-8")
    assert one_line_error(lambda: load_quality(tmp_path), path).startswith(message)


@pytest.mark.parametrize("data, message", [
    ({"title": None}, "title: must be non-empty text"),
    ({"on_topic": None}, "on_topic: expected true or false, got None"),
    ({"source": {"name": "A", "link": "https://a.example/"}}, "source: unknown field 'link' (known: name, url)"),
    ({"source": "A"}, "source must be a mapping of keys to values"),
    ({"add": {"countries": ["CZ"], "colour": ["red"]}}, "add: unknown field 'colour'"),
])
def test_correction_key_and_type_errors(tmp_path, data, message):
    from coprod.correct.corrections import parse_correction

    taxonomy = load_taxonomy(small_taxonomy(tmp_path))
    path = tmp_path / "x.yaml"
    assert one_line_error(lambda: parse_correction(path, data, taxonomy), path).startswith(message)


def test_a_correction_keeps_the_nulls_that_mean_something(tmp_path):
    from coprod.correct.corrections import parse_correction

    taxonomy = load_taxonomy(small_taxonomy(tmp_path))
    correction = parse_correction(tmp_path / "x.yaml", {"date": None, "url": None, "source": {"name": None}},
                                  taxonomy)
    assert correction.values["date"].value is None and correction.values["url"] is None
    assert correction.values["source"].name is None


@pytest.mark.parametrize("front_matter, message", [
    ("title: Method\ntitel: Method\n", "front matter: unknown key 'titel' (known: title, description, order)"),
    ("title: Method\ndescription: [a, b]\n", "front matter: description must be text"),
])
def test_page_front_matter_key_and_type_errors(tmp_path, front_matter, message):
    from coprod.site.markup import load_content_page

    page = tmp_path / "method.md"
    page.write_text(f"---\n{front_matter}---\nHow we work.\n", encoding="utf-8")
    assert one_line_error(lambda: load_content_page(page), page) == message


def test_a_correction_url_names_the_value_and_the_problem(tmp_path):
    from coprod.correct.corrections import parse_correction

    taxonomy = load_taxonomy(small_taxonomy(tmp_path))
    path = tmp_path / "x.yaml"
    message = one_line_error(lambda: parse_correction(path, {"source": {"url": "ftp://a.example/"}}, taxonomy), path)
    assert message == "source: url: 'ftp://a.example/' is not an http(s) URL"
