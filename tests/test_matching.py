"""Folding and the phrase matcher that every name and cue goes through."""

from hypothesis import given, settings, strategies as st

from coprod.extract.matcher import PhraseMatcher
from coprod.core.textfold import fold


@given(st.text())
def test_folding_keeps_every_offset(text):
    assert len(fold(text)) == len(text)


def test_folding_removes_case_and_diacritics():
    assert fold("Vojenský OPRAVÁRENSKÝ") == "vojensky opravarensky"


def _fold_by_table(text):
    from coprod.core.textfold import _TABLE
    return text.translate(_TABLE)  # the definition: every character through the table


@given(st.text())
def test_folding_is_the_table_character_by_character(text):
    assert fold(text) == _fold_by_table(text)


def test_folding_of_every_basic_plane_character_with_ascii_around_it():
    # fold replaces the few distinct non-ASCII characters and lower-cases the rest; that
    # must give what the table gives, whatever the character.
    for first in range(0x80, 0x10000, 16):
        text = "A" + "b".join(chr(code) for code in range(first, first + 16)) + "Z Č"
        assert fold(text) == _fold_by_table(text), hex(first)


def test_folding_a_character_whose_fold_folds_again():
    text = "A \ufe31 \u2014 B"  # a vertical em dash folds to an em dash, which folds to "-"
    assert fold(text) == _fold_by_table(text) == "a \u2014 - b"


def test_longest_overlapping_phrase_wins():
    matcher = PhraseMatcher([("aircraft", "aircraft"), ("anti-aircraft", "air-defense")])
    assert [m.values for m in matcher.find("new anti-aircraft guns")] == [("air-defense",)]


def test_names_keep_their_capitals_and_cues_do_not():
    matcher = PhraseMatcher([("Fire Point", "partner"), ("drone", "drones")])
    assert [m.text for m in matcher.find("a fire point near Fire Point DRONE plant")] == ["Fire Point", "DRONE"]


def test_acronyms_must_be_in_capitals():
    matcher = PhraseMatcher([("VOP", "partner")])
    assert [m.text for m in matcher.find("vop and VOP")] == ["VOP"]


PHRASES = [("Fire Point", "partner"), ("drone", "drones"), ("VOP", "vop"), ("aircraft", "aircraft"),
           ("anti-aircraft", "air-defense"), ("Point", "point")]
TEXTS = st.lists(st.text(alphabet="ab FirePointVOPvopdrone-aircraft.\u2019", max_size=40), max_size=6)


@given(TEXTS)
def test_find_each_is_find_on_each_text(texts):
    matcher = PhraseMatcher(PHRASES)
    assert matcher.find_each(texts) == [matcher.find(text) for text in texts]


@given(st.text(alphabet="ab FirePointVOPvopdrone-aircraft.\u2019\n", max_size=80))
def test_a_group_finds_what_each_matcher_finds_alone(text):
    from coprod.extract.matcher import MatcherGroup

    names = PhraseMatcher(PHRASES[:3])
    cues = PhraseMatcher(PHRASES[2:])
    empty = PhraseMatcher([])
    scan = MatcherGroup([names, cues, empty]).scan(text)
    assert scan.find(names) == names.find(text)
    assert scan.find(cues) == cues.find(text)
    assert scan.find(empty) == []


def assert_well_formed(entry, project, seed_name):
    """What every later stage (slugs, pages, feeds, export) relies on, whatever the input."""
    import datetime as dt

    from conftest import TODAY
    from coprod.core.records import DATE_SOURCES, PRECISIONS, Source
    from coprod.core.urls import is_web_url

    assert entry.seed == seed_name
    for text in (entry.title, entry.body, entry.summary):
        assert isinstance(text, str)
    assert "\n" not in entry.title and entry.title == entry.title.strip()
    assert isinstance(entry.captions, tuple) and all(isinstance(c, str) and c for c in entry.captions)
    assert list(entry.countries) == sorted(set(entry.countries))
    assert all(code in project.taxonomy.countries for code in entry.countries)
    assert all(isinstance(p, str) and p.strip() for p in entry.partners)
    assert len(set(entry.partners)) == len(entry.partners)
    for field, vocabulary in (("categories", project.taxonomy.categories), ("activities", project.taxonomy.activities)):
        order = [t.slug for t in vocabulary]
        values = list(getattr(entry, field))
        assert set(values) <= set(order) and values == sorted(set(values), key=order.index)
    date = entry.date
    if date.value is None:
        assert date.precision is None and date.source is None
    else:
        assert date.precision in PRECISIONS and date.source in DATE_SOURCES
        assert dt.date(1991, 1, 1) <= date.value <= TODAY
    for source in (entry.source, *entry.more_sources):
        assert isinstance(source, Source)
        assert source.url is None or is_web_url(source.url)
        assert source.name is None or (isinstance(source.name, str) and source.name.strip())
    assert all(problem.file == seed_name for problem in entry.problems)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_reader_and_extractor_never_crash_and_return_a_well_formed_entry(project, text):
    from coprod.read.reader import parse_seed
    from conftest import TODAY
    entry = project.extractor.extract(parse_seed("any.txt", text, project.rules, TODAY), TODAY)
    assert isinstance(entry.title, str) and isinstance(entry.body, str)
    assert all(code in project.taxonomy.countries for code in entry.countries)
    assert set(entry.categories) <= {t.slug for t in project.taxonomy.categories}
    assert set(entry.activities) <= {t.slug for t in project.taxonomy.activities}
    assert entry.date.value is None or entry.date.precision in ("day", "month", "year")
    assert_well_formed(entry, project, "any.txt")


# Lines a saved news page is made of, so that the generated seeds reach the header parser,
# the date finders, the caption and furniture rules and the name matcher, not only the fallbacks.
SEED_LINES = st.one_of(
    st.sampled_from([
        "---", "url: https://news.example.com/a?b=1", "url: javascript:alert(1)", "publisher: <b>Wire</b>",
        "published: 2024-02-30", "published: 2023-05-17", "date 2022-10-31", "title:", "title: \"\"",
        "also:", "also: 5", "  - {url: https://x.example/, publisher: X}", "  - {url: 7, publisher: [1]}",
        "  - [not, a, mapping]", "published: 99999-01-01", "? [complex, key]\n: value",
        "Read more: another story", "Photo: Reuters", "Ukraine and Poland / Photo credit: AP",
        "Poland and Ukraine will produce artillery shells together at a plant in Poland.",
        "The Czech firm Excalibur Army and Ukroboronprom will repair howitzers, Defence Secretary Grant Shapps said.",
        "31 жовтня 2022", "12 March 2024 | 14:05", "Donate now", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
        "\u202e\u05e2\u05d1\u05e8\u05d9\u05ea 🇺🇦", "", " ", "\t", "#", "* * *", "1.", "[link](javascript:x)",
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SEED_LINES, max_size=30), st.sampled_from(["\n", "\r\n", "\n\n"]),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
               min_size=1, max_size=40))
def test_reader_and_extractor_never_crash_on_seed_shaped_text(project, lines, newline, name):
    from coprod.read.reader import parse_seed
    from conftest import TODAY
    seed_name = name + ".txt"
    entry = project.extractor.extract(parse_seed(seed_name, newline.join(lines), project.rules, TODAY), TODAY)
    assert_well_formed(entry, project, seed_name)
