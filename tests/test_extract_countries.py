"""countries: the foreign states taking part in the cooperation, as ISO codes."""

from conftest import body


def test_demonyms_and_short_forms_give_codes(extract):
    entry = extract(body("The Czech Ministry of Defense and a Danish factory will produce shells with "
                         "partners from Britain and the UK, the agreement signed in Kyiv says."))
    assert entry.countries == ("CZ", "DK", "GB")


def test_ukraine_and_russia_are_never_partners(extract):
    entry = extract(body("Ukraine and Poland agreed to produce ammunition together to resist Russia and "
                         "the Russian invasion, the Ukrainian ministry said."))
    assert entry.countries == ("PL",)


def test_a_country_named_only_in_furniture_is_not_a_partner(extract):
    text = body("Ukraine and Poland agreed to produce ammunition together at a new plant near the border.")
    text += "Read more: Germany and the United States send more tanks\n\nRecent posts\nNorwegian Embassy in Prague\n"
    assert extract(text).countries == ("PL",)


def test_groups_of_states_give_no_code(extract):
    entry = extract(body("NATO countries, the EU and Ukraine will produce drones together, the Ramstein participants said."))
    assert entry.on_topic and entry.countries == ()
    entry = extract(body("NATO countries, Estonia and Ukraine will produce drones together, the Ramstein participants said."))
    assert entry.countries == ("EE",)  # a state among them is named


def test_a_partner_company_brings_its_country(extract):
    entry = extract(body("Ukraine discussed joint production of shells with KNDS Deutschland on Monday."))
    assert "DE" in entry.countries


def test_news_agency_names_do_not_count_as_countries(extract):
    entry = extract(body("Danish and Ukrainian firms will build drones together, Ukrainska Pravda and "
                         "Al Jazeera America reported."))
    assert entry.countries == ("DK",)


def test_country_in_a_caption_about_the_cooperation_counts(extract):
    text = body("The repaired howitzers returned to the front after the overhaul, officials said on Friday.")
    text += "\nRepaired in Lithuania, the howitzer returns to Ukraine / Photo: Jane Doe\n"
    assert extract(text).countries == ("LT",)


def test_country_in_an_unrelated_caption_does_not_count(extract):
    text = body("Ukrainian engineers will produce drones together with partners from Poland, officials said.")
    text += "\nA sunset over Rome, Italy / Photo: Jane Doe\n"
    assert extract(text).countries == ("PL",)


def test_names_match_as_whole_words_with_their_capitals(extract):
    entry = extract(body("Engineers will polish the Germanium lenses of Ukrainian drones produced at home."))
    assert entry.countries == ()
    entry = extract(body("Polish engineers will fit German lenses to Ukrainian drones produced at home."))
    assert entry.countries == ("DE", "PL")


def test_an_official_name_too_ambiguous_to_match_is_skipped(extract):
    # countries.yaml skip_names: "Jordan" is a first name far more often than the state
    entry = extract(body("Ukraine and Poland will produce drones together, Jordan Peters of the ministry said."))
    assert entry.countries == ("PL",)
    entry = extract(body("Ukraine and the Hashemite Kingdom of Jordan will produce drones together."))
    assert entry.countries == ("JO",)  # the state's other names still match
