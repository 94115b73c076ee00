"""partners: named organisations doing the cooperation, one canonical name each."""

from conftest import body


def test_old_and_new_names_land_on_one_partner(extract):
    entry = extract(body("Ukroboronprom, renamed Ukrainian Defense Industry, signed a deal with Poland."))
    assert entry.partners == ("Ukrainian Defense Industry",)


def test_diacritics_and_abbreviations_fold_together(extract):
    for name in ("Vojensky opravarensky podnik", "Vojenský opravárenský podnik", "VOP"):
        entry = extract(body(f"{name} will repair T-72 tanks for Ukraine under a new contract."))
        assert entry.partners == ("Vojensky opravarensky podnik",), name


def test_knds_france_and_knds_deutschland_are_distinct(extract):
    entry = extract(body("The Ukrainian minister met KNDS France and KNDS Deutschland to discuss joint production."))
    assert entry.partners == ("KNDS Deutschland", "KNDS France")


def test_news_agencies_are_never_partners(extract):
    entry = extract(body("Ukraine and Baykar will build a drone factory together, Ukrinform and UNN report."))
    assert entry.partners == ("Baykar",)


def test_a_ministers_name_is_not_a_partner(extract):
    entry = extract(body("Defence Minister Rustem Umerov signed a contract with Rheinmetall on shells."))
    assert entry.partners == ("Rheinmetall",)


def test_organisation_in_no_list_is_picked_up_when_it_takes_part(extract):
    entry = extract(body("Ukraine signed a contract with Nordwind Systems to produce radars together."))
    assert entry.partners == ("Nordwind Systems",)
    assert entry.unlisted_partners == ("Nordwind Systems",)


def test_company_named_after_its_kind_is_picked_up(extract):
    entry = extract(body("The Latvian firm Origami Aero will produce drones in Ukraine under a new contract."))
    assert "Origami Aero" in entry.partners


def test_organisation_not_taking_part_is_not_picked_up(extract):
    entry = extract(body("Ukraine will produce shells. Analysts at Eastgate Group watched the weather."))
    assert entry.partners == ()
    entry = extract(body("Ukraine will produce shells. Eastgate Group signed a contract to produce them together."))
    assert entry.partners == ("Eastgate Group",)  # the same name taking part is picked up


def test_a_lower_case_phrase_is_not_a_partner_name(extract):
    entry = extract(body("The Ukrainian defense industry will produce shells with Polish partners."))
    assert entry.partners == ()
    entry = extract(body("The Ukrainian Defense Industry will produce shells with Polish partners."))
    assert entry.partners == ("Ukrainian Defense Industry",)


def test_ministry_with_its_country_is_a_partner(extract):
    entry = extract(body("The agreement with the Ministry of Defense of the Czech Republic covers ammunition."))
    assert entry.partners == ("Czech Ministry of Defense",)


def test_a_subsidiary_is_filed_under_its_listed_parent(extract):
    entry = extract(body("Babcock has also established Babcock Ukraine Ltd to support and repair vessels."))
    assert entry.partners == ("Babcock International",)
    assert entry.unlisted_partners == ()


def test_two_names_joined_by_and_are_two_candidates(extract):
    entry = extract(body("Tokyo-based Terra Drone Corporation and Ukraine's Amazing Drones signed a memorandum "
                         "to develop interceptor drones together."))
    assert entry.unlisted_partners == ("Terra Drone Corporation",)


def test_a_name_after_company_stops_at_and(extract):
    entry = extract(body("The Czech company Nordvik Arms and Ukroboronprom will produce shells together."))
    assert "Nordvik Arms" in entry.partners
    assert not any(" and " in name for name in entry.partners)


def test_a_ministry_name_is_taken_whole(extract):
    entry = extract(body("Ukrainian drones will be produced jointly, the Lithuanian Ministry of National Defence said."))
    assert entry.partners == ("Lithuanian Ministry of National Defence",)
