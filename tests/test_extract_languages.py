"""Articles in other languages: cue phrases per language under content/taxonomy/languages/,
matched on lemmas, and the names of countries and partners as those languages decline them."""

import pytest

from conftest import body
from coprod.core.errors import ContentError
from coprod.read.language import looks_english
from coprod.extract.taxonomy import load_taxonomy


def test_czech_joint_production_of_shells_gives_ammunition_and_joint_production(extract):
    entry = extract(body("Česká firma a ukrajinský podnik zahájí společnou výrobu dělostřeleckých granátů."))
    assert entry.categories == ("ammunition",)
    assert entry.activities == ("joint-production",)


def test_a_declined_ukrainian_cue_is_found_by_its_lemma(extract):
    entry = extract(body("Українська компанія разом із партнерами вироблятиме безпілотників більше, ніж торік."))
    assert entry.categories == ("drones",)


def test_a_ukrainian_demonym_in_any_case_gives_its_country(extract):
    entry = extract(body("Україна підписала угоду про ремонт техніки з німецькою компанією."))
    assert entry.countries == ("DE",)
    assert entry.activities == ("repair-maintenance",)


def test_a_country_name_in_another_language_comes_from_cldr(extract):
    entry = extract(body("Niemcy i Ukraina podpisały umowę o wspólnej produkcji amunicji."))
    assert "DE" in entry.countries
    assert entry.activities == ("joint-production",)


def test_a_declined_partner_name_is_found(extract):
    entry = extract(body("Шведська компанія підписала меморандум з Укроборонпромом про спільне виробництво."))
    assert "Ukrainian Defense Industry" in entry.partners
    assert "SE" in entry.countries


def test_a_partner_named_in_russian_is_found(extract):
    entry = extract(body("Соглашение подписали Украинская оборонная промышленность и французская компания."))
    assert "Ukrainian Defense Industry" in entry.partners


def test_german_compounds_match_open_ended_cues(extract):
    entry = extract(body("Die Firmen wollen in der Ukraine eine Munitionsfabrik bauen und Kampfpanzer reparieren."))
    assert entry.categories == ("ammunition", "armored-vehicles")
    assert "joint-production" in entry.activities
    assert "repair-maintenance" in entry.activities


def test_a_hostile_modifier_in_another_language_names_the_threat(extract):
    entry = extract(body("Після атаки російських ракет український завод відновив виробництво снарядів."))
    assert entry.categories == ("ammunition",)


def test_turkish_cues_match_as_stems(extract):
    entry = extract(body("Türk şirketi Ukrayna ile insansız hava araçlarının ortak üretimi için anlaşma imzaladı."))
    assert entry.categories == ("drones",)
    assert entry.activities == ("joint-production",)
    assert "TR" in entry.countries


def test_no_phrase_matches_across_a_sentence_end(extract):
    entry = extract(body("Die ukrainischen Partner sprachen über Flugabwehr. Produktion ist geplant."))
    assert entry.categories == ("air-defense",)  # not "Flugabwehr Produktion" as one phrase
    entry = extract(body("Угода стосується техніки. Спільне. Виробництво з Україною почнеться згодом."))
    assert entry.activities == ("joint-production",)


def test_english_cues_still_match_in_another_language(extract):
    entry = extract(body("Die Partner wollen mit der Ukraine HIMARS gemeinsam herstellen."))
    assert entry.categories == ("rocket-artillery",)


def test_english_is_told_without_the_language_model():
    assert looks_english("The two companies signed an agreement on the production of shells for Ukraine.")
    assert not looks_english("Die beiden Unternehmen unterzeichneten eine Vereinbarung über die Produktion.")
    assert not looks_english("Компанії підписали угоду про виробництво снарядів для України.")


def test_english_articles_never_load_the_language_model(project):
    from coprod.read.reader import parse_seed
    from coprod.extract.extractor import Extractor
    from conftest import TODAY

    extractor = Extractor(project.taxonomy, project.rules.finder)  # fresh: nothing loaded yet
    english = parse_seed("en.txt", body("Czech and Ukrainian firms signed a deal to produce shells and repair "
                                        "tanks together."), project.rules, TODAY)
    assert extractor.extract(english, TODAY).categories == ("ammunition", "armored-vehicles")
    assert "_identifier" not in vars(extractor.local) and not extractor.local._compiled
    german = parse_seed("de.txt", body("Die Firmen wollen in der Ukraine eine Munitionsfabrik bauen."),
                        project.rules, TODAY)
    assert extractor.extract(german, TODAY).categories == ("ammunition",)
    assert "_identifier" in vars(extractor.local) and set(extractor.local._compiled) == {"de"}


# ------------------------------------------------------------------ the files

def test_a_language_file_counts_in_the_taxonomy_fingerprint(content_copy):
    before = load_taxonomy(content_copy).fingerprint
    path = content_copy / "taxonomy" / "languages" / "cs.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_taxonomy(content_copy).fingerprint != before


def test_an_unknown_slug_in_a_language_file_is_named(content_copy):
    path = content_copy / "taxonomy" / "languages" / "cs.yaml"
    path.write_text("categories:\n  tanks-and-more: [tank]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"cs\.yaml.*'tanks-and-more' is not a slug"):
        load_taxonomy(content_copy)


def test_a_star_inside_a_phrase_is_refused(content_copy):
    path = content_copy / "taxonomy" / "languages" / "de.yaml"
    path.write_text("categories:\n  drones: [\"unbe*mannt\"]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"de\.yaml.*'\*' may only open"):
        load_taxonomy(content_copy)


def test_a_file_for_a_language_the_lemmatiser_does_not_know_is_refused(content_copy):
    (content_copy / "taxonomy" / "languages" / "xx.yaml").write_text("ignore: [x]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"xx\.yaml.*not a language"):
        load_taxonomy(content_copy)


# ------------------------------------------------------------------ the gazetteer

@pytest.mark.parametrize("text, partner", [
    ("Huntington Ingalls and Ukraine signed a shipbuilding deal.", "Huntington Ingalls Industries"),
    ("Ukraine's partner LIG Nex One will co-develop air defence systems.", "LIG Nex1"),
    ("The joint venture with Zorya-Mashproekt will produce ship turbines.", "Zorya-Mashproekt"),
    ("Lviv State Aircraft Repair Plant signed a contract to overhaul aircraft together with a Polish firm.",
     "Lviv State Aircraft Repair Plant"),
])
def test_a_listed_firm_is_found_by_its_alias(extract, text, partner):
    assert partner in extract(body(text)).partners


def test_a_russian_arms_maker_is_never_a_partner(extract):
    entry = extract(body("Uralvagonzavod Corporation signed a contract to produce tanks together with Rostec."))
    assert not {"Uralvagonzavod Corporation", "Uralvagonzavod", "Rostec"} & set(entry.partners)


def test_an_acronym_that_is_a_word_keeps_its_capitals(extract):
    entry = extract(body("Firms on the edge of the market signed a deal to produce drones together."))
    assert "EDGE Group" not in entry.partners
    assert "EDGE Group" in extract(body("EDGE signed a deal to produce drones together with Ukraine.")).partners
