"""Roles in every language: the cue words of content/taxonomy/languages/<code>.yaml give a
sentence, a state or a name its role as the English ones do (TAXONOMY.md: the role decides,
not the mention). Each fixture is a language's own wording of a trap."""

import pytest

from conftest import body
from coprod.core.errors import ContentError
from coprod.extract.taxonomy import load_taxonomy


@pytest.fixture(scope="session")
def project(shipped_project):
    """These rules are the shipped cue data (content/taxonomy) at work: they are checked on it."""
    return shipped_project

# ------------------------------------------------------------ countries


def test_a_regulators_list_of_states_shares_the_role_of_its_first_name(extract):
    entry = extract(body("Der ukrainische Konzern und eine dänische Firma gründen ein Joint Venture für die "
                         "Reparatur von Panzern. Die Kartellbehörden in Dänemark, der Ukraine und Österreich haben "
                         "das Projekt genehmigt."))
    assert entry.countries == ("DK",)


def test_an_english_list_after_a_venue_shares_its_role(extract):
    entry = extract(body("Ukrainian and Czech plants will produce shells together after talks in Germany, "
                         "Austria and Poland."))
    assert entry.countries == ("CZ",)


@pytest.mark.parametrize("text", [
    "Ukrainian and French companies agreed to repair howitzers together. The howitzers are repaired in Poland.",
    "Ukraiński koncern i francuska firma podpisały umowę o naprawie haubic. Haubice są naprawiane w Polsce.",
    "Українська компанія і французька фірма домовилися про ремонт гаубиць. Гаубиці ремонтують у Польщі.",
])
def test_a_state_named_only_as_the_place_of_the_work_is_not_a_partner(extract, text):
    assert extract(body(text)).countries == ("FR",)


def test_a_state_named_again_as_a_partner_is_kept_where_it_is_also_a_place(extract):
    entry = extract(body("Ukrainian and Polish firms will repair howitzers together in Poland."))
    assert entry.countries == ("PL",)


def test_states_at_a_signing_are_not_partners(extract):
    entry = extract(body("Ukroboronprom and a Swedish firm will produce radars together. The signing took place "
                         "in Kyiv with German and Ukrainian officials."))
    assert entry.countries == ("SE",)


def test_a_minister_named_before_his_state_is_a_guest_not_a_partner(extract):
    entry = extract(body("Укроборонпром и шведская компания договорились о совместном производстве радаров. "
                         "Договор одобрил и министр обороны Германии вместе с украинскими коллегами."))
    assert entry.countries == ("SE",)


def test_a_states_news_medium_is_not_a_partner(extract):
    entry = extract(body("Die ukrainische Firma und der dänische Konzern wollen gemeinsam Munition produzieren, "
                         "schreibt die polnische Zeitung."))
    assert entry.countries == ("DK",)


# ------------------------------------------------------------ sentences and names


def test_a_recap_in_another_language_names_no_partner(extract):
    entry = extract(body("Der ukrainische Konzern und eine dänische Firma gründen ein Joint Venture für Radare. "
                         "Zur Erinnerung: Der Konzern hatte mit der französischen Firma Thales einen Vertrag über "
                         "die Produktion unterzeichnet."))
    assert "Thales" not in entry.partners
    assert entry.countries == ("DK",)


def test_a_sale_in_another_language_is_off_topic(extract):
    entry = extract(body("Slovenská štátna firma predá Ukrajine osem samohybných húfnic."))
    assert not entry.on_topic
    assert "deliveries" in entry.on_topic_reason


def test_ukraine_as_the_recipient_in_another_language_is_no_side(extract):
    entry = extract(body("Polskie zakłady będą produkować amunicję dla Ukrainy."))
    assert not entry.on_topic


@pytest.mark.parametrize("text", [
    "Russian plants tripled the production of shells after the invasion of Ukraine.",
    "Rosyjskie zakłady zwiększyły produkcję amunicji po inwazji na Ukrainę.",
])
def test_the_war_on_ukraine_does_not_make_it_a_side(extract, text):
    entry = extract(body(text))
    assert not entry.on_topic
    assert "aggressor" in entry.on_topic_reason


def test_the_maker_of_a_product_in_another_language_is_not_a_partner(extract):
    entry = extract(body("Die ukrainische Firma und ein dänischer Konzern werden gemeinsam Radare reparieren, "
                         "hergestellt von Thales."))
    assert "Thales" not in entry.partners


def test_the_target_of_a_weapon_in_another_language_is_no_category(extract):
    entry = extract(body("Українська і данська компанії разом вироблятимуть ракети, які збивають дрони."))
    assert entry.categories == ("missiles",)


def test_an_unknown_key_in_a_language_file_is_named(content_copy):
    path = content_copy / "taxonomy" / "languages" / "pl.yaml"
    path.write_text("role_cue: [w]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"pl\.yaml.*unknown key 'role_cue'"):
        load_taxonomy(content_copy)


@pytest.mark.parametrize("text", [
    "Ukrainian and Danish firms will produce drones together. Last year two American firms agreed to produce "
    "missiles in Poland.",
    "Ukraińska i duńska firma będą wspólnie produkować drony. W ubiegłym roku dwie amerykańskie firmy zgodziły się "
    "produkować rakiety w Polsce.",
])
def test_work_placed_in_another_state_without_ukraines_side_is_other_cooperation(extract, text):
    entry = extract(body(text))
    assert entry.categories == ("drones",)
    assert entry.countries == ("DK",)


@pytest.mark.parametrize("text", [
    "Plants will triple the production of shells, the Kremlin said.",
    "Szojgu sprawdził zakłady produkujące amunicję na potrzeby operacji, jak Kreml nazywa wojnę w Ukrainie.",
])
def test_the_kremlin_speaks_for_the_aggressor(extract, text):
    entry = extract(body(text))
    assert not entry.on_topic
    assert "aggressor" in entry.on_topic_reason


def test_firms_in_a_state_are_its_partners_not_a_place(extract):
    entry = extract(body("Ukraine signed deals to produce drones with companies in Poland and Denmark."))
    assert entry.countries == ("DK", "PL")


# ------------------------------------------------------------ names and categories


def test_a_job_title_and_a_persons_name_before_of_leave_the_organisation(extract):
    entry = extract(body("Managing Director Ivan Petrenko of Skyforge Technologies said Ukraine and Denmark "
                         "will produce drones together."))
    assert entry.partners == ("Skyforge Technologies",)


def test_a_legal_form_before_a_name_after_a_word_for_companies_is_left_out(extract):
    entry = extract(body("Ukrainian firm TOV Skyforge and the Latvian company Aerodrome Labs SIA will produce "
                         "drones together."))
    assert entry.partners == ("Aerodrome Labs", "Skyforge")


def test_a_quoted_name_after_a_legal_form_in_cyrillic_is_an_organisation(extract):
    entry = extract(body("Українська компанія ТОВ «Небесний Щит» та латвійська фірма підписали угоду про спільне "
                         "виробництво дронів."))
    assert entry.partners == ("Небесний Щит",)


@pytest.mark.parametrize("text", [
    "Ukraine and Norway will produce missiles for the air defence system together.",
    "Україна і Норвегія разом вироблятимуть ракети для систем протиповітряної оборони.",
])
def test_missiles_for_an_air_defence_system_are_interceptors(extract, text):
    assert extract(body(text)).categories == ("air-defense",)


def test_a_polish_plural_the_lemmatiser_misreads_still_names_its_category(extract):
    entry = extract(body("Polska i ukraińska firma będą wspólnie produkować drony."))
    assert entry.categories == ("drones",)


@pytest.mark.parametrize("text, country", [
    ("Укроборонпром и саудовская компания подписали соглашение о совместном производстве.", "SA"),
    ("Ukraiński koncern i saudyjska firma podpisały umowę o wspólnej produkcji.", "SA"),
    ("Der ukrainische Konzern und eine brasilianische Firma vereinbaren eine gemeinsame Produktion.", "BR"),
])
def test_demonyms_of_states_beyond_europe_give_their_country(extract, text, country):
    assert extract(body(text)).countries == (country,)
