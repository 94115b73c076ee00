"""Related entries (related.py) on a small fixture corpus of Entry records: weights,
tie-breaks, the cut-off at five, and the bounded work of the inverted index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from coprod.build.incremental import structure_key
from coprod.core.records import UNDATED, Entry, PublicationDate, Source
from coprod.site.related import MAX_POSTINGS, RELATED_COUNT, WEIGHTS, RelatedIndex, build_index, entry_terms, scores


def make(seed: str, date: str | None = None, countries=(), partners=(), categories=()) -> Entry:
    when = PublicationDate(dt.date.fromisoformat(date), "day", "published") if date else UNDATED
    return Entry(seed=seed, title=seed, date=when, countries=tuple(sorted(countries)),
                 partners=tuple(sorted(partners)), categories=tuple(categories), activities=(),
                 source=Source(), summary="", body="")


# The fixture corpus: Czech ammunition deals, a French drone story, an unrelated story.
CORPUS = [
    make("cz-shells.txt", "2024-03-01", ["CZ"], ["Czechoslovak Group"], ["ammunition", "artillery"]),
    make("cz-shells-2.txt", "2023-05-10", ["CZ"], ["Czechoslovak Group"], ["ammunition"]),
    make("cz-ministry.txt", "2024-06-01", ["CZ"], ["Czech Ministry of Defense"], ["ammunition"]),
    make("cz-sk-armour.txt", "2022-11-01", ["CZ", "SK"], [], ["armored-vehicles"]),
    make("fr-drones.txt", "2025-01-20", ["FR"], ["KNDS France"], ["drones"]),
    make("fr-ammo.txt", "2024-01-15", ["FR"], [], ["ammunition"]),
    make("no-terms.txt", "2024-02-02"),
    make("undated-cz.txt", None, ["CZ"], [], []),
]
BY_SEED = {e.seed: e for e in CORPUS}


def seeds(entries) -> list[str]:
    return [e.seed for e in entries]


def related_entries(entries, count=RELATED_COUNT, max_postings=MAX_POSTINGS) -> dict[str, tuple[Entry, ...]]:
    """Every entry's related entries, asked of one RelatedIndex as a build does."""
    index = RelatedIndex(entries, count, max_postings=max_postings)
    return {entry.seed: index.of(entry.seed) for entry in index.ordered}


def shared_score(a: Entry, b: Entry) -> int:
    """The definition of what two entries share: the weights of their common terms."""
    return sum(WEIGHTS[kind] for kind, _ in entry_terms(a) & entry_terms(b))


def brute_force(entries, count=RELATED_COUNT):
    """The definition, comparing every pair: highest score first, then newest, then seed name."""
    result = {}
    for entry in entries:
        scored = [(shared_score(entry, other), other) for other in entries if other is not entry]
        scored = [(s, o) for s, o in scored if s > 0]
        scored.sort(key=lambda pair: (-pair[0], pair[1].sort_key()))
        result[entry.seed] = tuple(o for _, o in scored[:count])
    return result


def test_shared_partner_outweighs_shared_country_outweighs_shared_category():
    assert WEIGHTS["partners"] > WEIGHTS["countries"] > WEIGHTS["categories"] > 0
    a = BY_SEED["cz-shells.txt"]
    assert shared_score(a, BY_SEED["cz-shells-2.txt"]) == 3 + 2 + 1  # partner, country, ammunition
    assert shared_score(a, BY_SEED["cz-ministry.txt"]) == 2 + 1  # country, ammunition
    assert shared_score(a, BY_SEED["cz-sk-armour.txt"]) == 2  # country
    assert shared_score(a, BY_SEED["fr-ammo.txt"]) == 1  # ammunition
    assert shared_score(a, BY_SEED["fr-drones.txt"]) == 0


def test_related_entries_are_ordered_by_weighted_score():
    related = related_entries(CORPUS)
    assert seeds(related["cz-shells.txt"]) == [
        "cz-shells-2.txt",  # 6: the same partner, country and category
        "cz-ministry.txt",  # 3: country and category
        "cz-sk-armour.txt",  # 2: country
        "undated-cz.txt",  # 2: country, but undated entries come after dated ones
        "fr-ammo.txt",  # 1: category
    ]


def test_equal_scores_go_to_the_newer_entry_then_the_seed_name():
    twins = [make("b.txt", "2024-01-01", ["PL"]), make("a.txt", "2024-01-01", ["PL"]),
             make("old.txt", "2020-01-01", ["PL"]), make("new.txt", "2025-01-01", ["PL"]),
             make("undated.txt", None, ["PL"]), make("me.txt", "2022-01-01", ["PL"])]
    assert seeds(related_entries(twins)["me.txt"]) == ["new.txt", "a.txt", "b.txt", "old.txt", "undated.txt"]


def test_an_entry_sharing_nothing_has_no_related_entries_and_is_nobody_s():
    related = related_entries(CORPUS)
    assert related["no-terms.txt"] == ()
    assert all("no-terms.txt" not in seeds(others) for others in related.values())
    assert seeds(related["fr-drones.txt"]) == ["fr-ammo.txt"]  # only the country in common


def test_at_most_five_and_never_the_entry_itself():
    crowd = [make(f"s{n:02d}.txt", f"2024-01-{n + 1:02d}", ["CZ"], ["Czechoslovak Group"], ["ammunition"])
             for n in range(12)]
    related = related_entries(crowd)
    for entry in crowd:
        assert len(related[entry.seed]) == 5
        assert entry.seed not in seeds(related[entry.seed])
    assert seeds(related["s00.txt"]) == ["s11.txt", "s10.txt", "s09.txt", "s08.txt", "s07.txt"]  # newest first


def test_activities_do_not_count():
    a, b, c = (dataclasses.replace(make(f"{n}.txt", f"2024-01-0{i + 1}"), activities=("joint-production",))
               for i, n in enumerate("abc"))
    assert entry_terms(b) == frozenset()
    assert related_entries([a, b, c]) == {"a.txt": (), "b.txt": (), "c.txt": ()}


def test_same_result_as_comparing_every_pair_on_a_random_corpus():
    rng = random.Random(20240611)
    countries = ["CZ", "SK", "PL", "FR", "DE", "DK", "NO", "GB"]
    partners = [f"Partner {n}" for n in range(15)]
    categories = ["ammunition", "artillery", "drones", "air-defense", "naval", "missiles"]
    corpus = []
    for n in range(300):
        date = None if n % 17 == 0 else (dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1200))).isoformat()
        corpus.append(make(f"seed-{n:03d}.txt", date, rng.sample(countries, rng.randint(0, 3)),
                           rng.sample(partners, rng.randint(0, 2)), rng.sample(categories, rng.randint(0, 3))))
    rng.shuffle(corpus)  # the input order does not matter
    expected = brute_force(corpus)
    assert related_entries(corpus, max_postings=len(corpus)) == expected
    assert related_entries(corpus) == expected  # no term is on more than MAX_POSTINGS entries here


def test_the_work_per_entry_is_bounded_by_its_terms_not_by_the_corpus():
    # Every entry has the same country and category: comparing all pairs would be entries².
    corpus = [make(f"s{n:05d}.txt", (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat(), ["CZ"], [],
                   ["ammunition"]) for n in range(5000)]
    ordered = sorted(corpus, key=Entry.sort_key)
    terms = [entry_terms(e) for e in ordered]
    index = build_index(ordered)
    for position in (0, 2500, 4999):
        found = scores(position, terms[position], index, max_postings=40)
        assert len(found) <= len(terms[position]) * 41
        assert position not in found
    related = related_entries(corpus, max_postings=40)
    assert seeds(related["s00000.txt"]) == [f"s{n:05d}.txt" for n in range(4999, 4994, -1)]  # ties: newest


def test_a_cut_short_posting_list_still_scores_every_candidate_exactly():
    # "common" is on every entry and cut short; "rare" is on two old entries only.
    corpus = [make(f"c{n:03d}.txt", (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat(), [], [],
                   ["ammunition"]) for n in range(50)]
    corpus += [make("old-a.txt", "2001-01-01", ["CZ"], [], ["ammunition"]),
               make("old-b.txt", "2001-01-02", ["CZ"], [], ["ammunition"])]
    related = related_entries(corpus, max_postings=5)
    assert seeds(related["old-a.txt"])[0] == "old-b.txt"  # found through CZ, scored on CZ and ammunition
    for entry in corpus:
        for other in related[entry.seed]:
            assert shared_score(entry, other) > 0


@pytest.mark.parametrize("count", [0, 1, 3])
def test_count_is_honoured(count):
    assert all(len(v) <= count for v in related_entries(CORPUS, count=count).values())


def test_the_result_does_not_depend_on_the_input_order():
    rng = random.Random(7)
    orders = [list(CORPUS), list(reversed(CORPUS))] + [rng.sample(CORPUS, len(CORPUS)) for _ in range(10)]
    results = {tuple(sorted((k, tuple(seeds(v))) for k, v in related_entries(order).items())) for order in orders}
    assert len(results) == 1


def test_related_lists_are_reused_under_a_key_that_changes_with_dates_and_terms_not_the_text():
    signature = structure_key  # render.py reuses the previous build's lists while this is unchanged
    base = signature(CORPUS)
    edited = [dataclasses.replace(e, title="New title", body="Other text") for e in CORPUS]
    assert signature(edited) == base
    assert signature(reversed(CORPUS)) == base
    moved = [dataclasses.replace(CORPUS[0], date=PublicationDate(dt.date(1999, 1, 1), "day", "published"))]
    assert signature(moved + CORPUS[1:]) != base
    retagged = [dataclasses.replace(CORPUS[0], countries=("ZZ",))]
    assert signature(retagged + CORPUS[1:]) != base
    assert signature(CORPUS[1:]) != base


def test_related_entries_found_earlier_are_used_only_if_they_fit_the_entries():
    computed = related_entries(CORPUS)
    known = {seed: tuple(e.seed for e in others) for seed, others in computed.items()}
    assert {seed: RelatedIndex(CORPUS, known=known).of(seed) for seed in known} == computed
    reversed_lists = {seed: tuple(reversed(others)) for seed, others in known.items()}
    reused = RelatedIndex(CORPUS, known=reversed_lists)
    assert [e.seed for e in reused.of(CORPUS[0].seed)] == list(reversed_lists[CORPUS[0].seed])
    for unfit in ({**known, "gone.txt": ()}, {k: v for k, v in list(known.items())[1:]},
                  {**known, CORPUS[0].seed: ("gone.txt",)}):
        assert {seed: RelatedIndex(CORPUS, known=unfit).of(seed) for seed in known} == computed
