"""One home per concern: the front-matter parser, the digest, and records as plain data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from coprod.core.digest import Digest, content_digest, digest
from coprod.core.errors import ContentError
from coprod.core.frontmatter import Unusable, split_front_matter
from coprod.core.records import Entry, Evidence, Problem, PublicationDate, Source, from_data, to_data
from coprod.ingest.add import split_header
from coprod.read.reader import parse_header
from coprod.site.markup import load_content_page

# ---------------------------------------------------------------- front matter

BLOCK = "---\ntitle: Method\ndescription: How we work\n---\nText below.\n"


def test_seed_headers_pages_and_add_read_the_same_block_the_same_way(tmp_path):
    lines = BLOCK.split("\n")
    block = split_front_matter(lines)
    assert dict(block.data) == {"title": "Method", "description": "How we work"} and block.lines_used == 4
    assert split_header(BLOCK) == (dict(block.data), "Text below.\n")
    assert parse_header(lines, "seed.txt").pairs == (("title", "Method"),)  # a seed header has no description
    page = tmp_path / "method.md"
    page.write_text(BLOCK, encoding="utf-8")
    assert (load_content_page(page).title, load_content_page(page).description) == ("Method", "How we work")


@pytest.mark.parametrize("text, unusable", [
    ("---\n[a, b]\n---\nText\n", Unusable.NOT_MAPPING),
    ("---\nkey: [unclosed\n---\nText\n", Unusable.NOT_YAML),
    ("---\nwhen: 2024-02-30\n---\nText\n", Unusable.NOT_YAML),  # YAML cannot build the date
    ("---\na: &x 1\nb: *x\n---\nText\n", Unusable.NOT_YAML),
])
def test_an_unusable_block_is_told_apart_and_still_skipped(text, unusable):
    lines = text.split("\n")
    block = split_front_matter(lines)
    assert block.unusable is unusable and block.lines_used == lines.index("---", 1) + 1 and not block.data


def test_a_block_over_the_limit_is_read_as_text():
    block = split_front_matter(["---", "a: " + "x" * 100, "---"], max_bytes=50)
    assert block.unusable is Unusable.TOO_LONG and block.lines_used == 0


def test_a_page_whose_front_matter_yaml_cannot_build_is_one_line_naming_it(tmp_path):
    page = tmp_path / "method.md"
    page.write_text("---\ntitle: Method\nupdated: 2024-02-30\n---\nText.\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content_page(page)
    assert str(error.value).startswith(f"{page}: error: front matter: malformed YAML")


# ---------------------------------------------------------------- the digest


def test_the_digest_frames_its_parts_and_can_be_built_part_by_part():
    assert digest("ab", "c") != digest("a", "bc") and digest("ab", "c") == digest(b"ab", "c")
    hasher = Digest()
    for part in ("ab", b"c"):
        hasher.update(part)
    assert hasher.hexdigest() == digest("ab", "c")


def test_a_published_hash_is_the_plain_sha256():
    # Slugs and search file names carry it: it must not change with the framing.
    assert content_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# ---------------------------------------------------------------- records as data


def full_entry() -> Entry:
    """An entry with no field left at its default."""
    return Entry(
        seed="a.txt", title="Title", date=PublicationDate(dt.date(2024, 5, 1), "day", "published"),
        countries=("CZ",), partners=("Tatra Works",), categories=("trucks",), activities=("financing",),
        source=Source("Daily", "https://daily.example/a"), summary="Summary.", body="Body.",
        captions=("A caption",), more_sources=(Source(None, "https://other.example/a"),), slug="title",
        unlisted_partners=("Acme",), on_topic=False, on_topic_reason="why",
        evidence=(Evidence("countries", "CZ", "Czech trucks.", "Czech", "cooperation sentence"),),
        problems=(Problem("a.txt", "warning", "something"),),
    )


def test_an_entry_survives_data_and_json_with_every_field():
    entry = full_entry()
    assert all(getattr(entry, f.name) != f.default for f in dataclasses.fields(Entry))
    back = from_data(Entry, json.loads(json.dumps(to_data(entry))))
    assert back == entry and back.problems == entry.problems


def test_the_data_of_an_entry_names_its_fields_in_order():
    data = to_data(full_entry())
    assert isinstance(data, dict) and list(data) == [f.name for f in dataclasses.fields(Entry)]
    assert data["date"] == {"value": "2024-05-01", "precision": "day", "source": "published"}


@pytest.mark.parametrize("change", [
    lambda d: d.update(title=5),
    lambda d: d.update(countries="CZ"),
    lambda d: d.update(on_topic="false"),
    lambda d: d["date"].update(precision=5),
    lambda d: d["source"].pop("url"),
    lambda d: d["evidence"][0].update(extra="x"),
    lambda d: d.update(date=None),
])
def test_data_of_the_wrong_shape_is_refused(change):
    data = to_data(full_entry())
    change(data)
    with pytest.raises((TypeError, KeyError, ValueError)):
        from_data(Entry, data)


def test_a_new_record_type_round_trips_without_code_of_its_own():
    @dataclasses.dataclass(frozen=True)
    class Note:
        text: str
        when: dt.date | None = None
        sources: tuple[Source, ...] = ()

    note = Note("hello", dt.date(2024, 1, 2), (Source("A", None),))
    assert from_data(Note, to_data(note)) == note


def test_the_export_writes_the_nested_records_from_the_dataclasses():
    from coprod.core.settings import Settings
    from coprod.site.export import entry_record

    record = entry_record(full_entry(), Settings())
    assert record["source"] == {"name": "Daily", "url": "https://daily.example/a"}
    assert record["evidence"] == [{"field": "countries", "value": "CZ", "text": "Czech trucks.", "matched": "Czech",
                                   "rule": "cooperation sentence"}]
    assert list(record) == ["seed", "slug", "title", "date", "date_precision", "date_source", "countries", "partners",
                            "categories", "activities", "source", "url", "summary", "more_sources", "on_topic",
                            "on_topic_reason", "evidence"]
