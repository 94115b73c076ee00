"""categories and activities: fixed vocabularies found through cue phrases."""

import pytest

from conftest import body


@pytest.mark.parametrize("phrase, category", [
    ("122mm artillery ammunition and 120mm mortar bombs", "ammunition"),
    ("self-propelled artillery systems", "artillery"),
    ("multiple launching rocket systems", "rocket-artillery"),
    ("armored vehicles and T-72 tanks", "armored-vehicles"),
    ("small arms and rifles", "small-arms"),
    ("helicopters and F-16 aircraft", "aircraft"),
    ("UAV systems and loitering munitions", "drones"),
    ("cruise missiles", "missiles"),
    ("air defense and missile defense systems", "air-defense"),
    ("mine countermeasure vessels", "naval"),
    ("electronic warfare and radars", "electronic-warfare"),
])
def test_each_category_is_found_from_its_cues(extract, phrase, category):
    assert extract(body(f"Ukraine and Poland will produce {phrase} together.")).categories == (category,)


def test_longest_phrase_wins_artillery_shells_are_ammunition(extract):
    assert extract(body("Czech and Ukrainian plants will produce artillery shells together.")).categories == ("ammunition",)


def test_anti_aircraft_weapons_are_air_defence_not_aircraft(extract):
    entry = extract(body("The Ukrainian hub will repair anti-aircraft weapons together with Czech firms."))
    assert entry.categories == ("air-defense",)


def test_tank_projectiles_are_ammunition_not_armoured_vehicles(extract):
    entry = extract(body("PGZ and Ukroboronprom agreed to produce 125 mm tank projectiles together."))
    assert entry.categories == ("ammunition",)


def test_generic_weapons_name_no_category(extract):
    entry = extract(body("Ukraine and Poland will produce weapons, military equipment and high-tech weapons together."))
    assert entry.categories == ()
    entry = extract(body("Ukraine and Poland will produce rifles, military equipment and high-tech weapons together."))
    assert entry.categories == ("small-arms",)  # on topic: a named weapon would count


def test_weapon_in_a_read_more_headline_does_not_count(extract):
    text = body("Ukraine and Denmark will produce drones together.") + "Read more: Helicopters shoot rockets\n"
    assert extract(text).categories == ("drones",)


def test_cues_match_whole_words_only(extract):
    # On topic both times, so only the word boundary keeps "Grad" out of "Grading".
    assert extract(body("Ukraine and Denmark will produce Grading machines together.")).categories == ()
    assert extract(body("Ukraine and Denmark will produce Grad launchers together.")).categories == ("rocket-artillery",)


def test_weapons_of_the_aggressor_are_not_a_category(extract):
    entry = extract(body("Norwegian and Ukrainian firms will produce interceptors to protect cities from Russian missiles."))
    assert entry.categories == ("air-defense",)


@pytest.mark.parametrize("sentence, activity", [
    ("Ukraine and Poland will launch joint production of shells.", "joint-production"),
    ("The hub will repair and service Ukrainian howitzers.", "repair-maintenance"),
    ("Czech plants will modernize Ukraine's Soviet-era T-64 tanks.", "modernization"),
    ("Ukraine and its partners will open joint research centers on artificial intelligence.", "research-development"),
    ("Finland will grant Ukraine a licence for the vehicles.", "technology-transfer"),
    ("Orders for Ukrainian howitzers are financed under the Danish model.", "financing"),
])
def test_each_activity_is_found_from_its_cues(extract, sentence, activity):
    assert activity in extract(body(sentence)).activities


def test_developing_a_doctrine_is_not_research(extract):
    entry = extract(body("Ukrainians are ahead in developing the surrounding doctrine for drones."))
    assert "research-development" not in entry.activities
    entry = extract(body("Ukrainians are ahead in developing new drones with Danish firms."))
    assert "research-development" in entry.activities


def test_a_phrase_holding_a_cue_that_names_no_category_is_ignored(extract):
    entry = extract(body("Ukraine and Poland will produce drones together, a think tank in Warsaw said."))
    assert entry.categories == ("drones",)
    entry = extract(body("Ukraine and Poland will produce drones together with a tank maker in Warsaw."))
    assert entry.categories == ("armored-vehicles", "drones")  # "tank" alone is one
