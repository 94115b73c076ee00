"""The data export: site/data/entries.json and entries.csv."""

import csv
import io
import json

from coprod.cli import main
from conftest import REPO, TEST_CONTENT

SEEDS = {
    "a_old.txt": " date 2022-05-01 Polish PGZ and Ukroboronprom will produce shells together in Poland, "
                 "their press services said on Sunday after the talks.\n",
    "b_new.txt": " date 2024-09-01 Danish firm Terma will produce radars together with Ukrainian engineers in "
                 "Denmark, the ministry said after the signing.\n",
    "c_undated.txt": "Finnish armoured vehicles\n\nPatria may produce armoured personnel carriers in Ukraine "
                     "under licence, the Finnish minister said.\n",
    "d_formula.txt": "=HYPERLINK(\"http://evil.example\",\"click\") Czech shells\n\nThe Czech Republic will "
                     "produce ammunition together with Ukraine at new plants, officials said.\n",
}
KEYS = ["seed", "slug", "title", "date", "date_precision", "date_source", "countries", "partners",
        "categories", "activities", "source", "url", "summary", "more_sources", "on_topic", "on_topic_reason",
        "evidence"]


def build(tmp_path, seeds_dir, out_name="site", base_url="https://example.org/tracker/"):
    for name, text in SEEDS.items():
        (seeds_dir / name).write_text(text)
    out = tmp_path / out_name
    main(["build", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT), "--templates",
          str(REPO / "templates"), "--out", str(out), "--base-url", base_url])
    return out


def test_json_entries_have_the_documented_fields(tmp_path, seeds_dir):
    entries = json.loads((build(tmp_path, seeds_dir) / "data/entries.json").read_text())["entries"]
    assert all(list(e) == KEYS for e in entries)
    first = next(e for e in entries if e["seed"] == "b_new.txt")
    assert first["countries"] == ["DK"]
    assert first["partners"] == ["Terma"]
    assert first["source"] == {"name": None, "url": None}
    assert first["url"] == f"https://example.org/tracker/entries/{first['slug']}/"
    assert first["summary"].startswith("Danish firm Terma will produce radars")


def test_entries_are_newest_first_and_undated_last(tmp_path, seeds_dir):
    entries = json.loads((build(tmp_path, seeds_dir) / "data/entries.json").read_text())["entries"]
    assert [e["seed"] for e in entries][:2] == ["b_new.txt", "a_old.txt"]
    assert entries[-1]["date"] is None


def test_csv_has_the_same_columns_with_lists_joined(tmp_path, seeds_dir):
    rows = list(csv.DictReader(io.StringIO((build(tmp_path, seeds_dir) / "data/entries.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["seed"] == "a_old.txt")
    assert row["partners"] == "Polska Grupa Zbrojeniowa;Ukrainian Defense Industry"
    assert list(row)[:10] == KEYS[:10]
    assert {"source_name", "source_url", "url", "summary", "more_source_urls"} <= set(row)


def test_csv_cells_never_start_a_formula(tmp_path, seeds_dir):
    rows = list(csv.reader(io.StringIO((build(tmp_path, seeds_dir) / "data/entries.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path, seeds_dir):
    first = build(tmp_path, seeds_dir, "one")
    second = build(tmp_path, seeds_dir, "two")
    for name in ("data/entries.json", "data/entries.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


# ---------------------------------------------------------------- on_topic and evidence


def made_entry(**changes):
    import datetime as dt

    from coprod.core.records import Entry, Evidence, PublicationDate, Source
    fields = dict(seed="x.txt", title="X", slug="x", date=PublicationDate(dt.date(2024, 5, 2), "day", "published"),
                  countries=("CZ",), partners=(), categories=(), activities=(), source=Source(), summary="", body="",
                  on_topic=True, on_topic_reason="a joint production plan",
                  evidence=(Evidence("countries", "CZ", "Czech <b>plants</b> will make shells.", "Czech",
                                     "cooperation sentence"),))
    fields.update(changes)
    return Entry(**fields)


def test_json_entries_carry_on_topic_its_reason_and_the_evidence_as_records(project):
    from coprod.site.export import entries_json
    [record] = json.loads(entries_json([made_entry()], project.settings))["entries"]
    assert (record["on_topic"], record["on_topic_reason"]) == (True, "a joint production plan")
    assert record["evidence"] == [{"field": "countries", "value": "CZ", "text": "Czech <b>plants</b> will make shells.",
                                   "matched": "Czech", "rule": "cooperation sentence"}]


def test_json_evidence_keeps_one_entry_per_line_with_no_raw_markup(project):
    from coprod.site.export import entries_json
    text = entries_json([made_entry(), made_entry(seed="y.txt", slug="y")], project.settings)
    assert len(text.splitlines()) == 4  # the opening, one line per entry, the closing
    assert "<" not in text and "Czech \\u003cb\\u003eplants" in text


def test_csv_has_on_topic_and_its_reason_but_not_the_evidence(project):
    from coprod.site.export import entries_csv
    text = entries_csv([made_entry(on_topic=False, on_topic_reason="aid only", countries=(), evidence=())],
                       project.settings)
    assert text.startswith("\ufeffseed,")  # a byte-order mark, then the header
    [row] = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert (row["on_topic"], row["on_topic_reason"]) == ("false", "aid only")
    assert "evidence" not in row
