"""Roles: a state, an organisation or a weapon counts for what it does in its sentence,
not for being named (TAXONOMY.md). Every decision carries its evidence."""

from conftest import body

# ------------------------------------------------------------ on topic


def test_a_delivery_alone_is_off_topic_and_lists_nothing(extract):
    entry = extract(body("Germany delivered twenty Leopard tanks to Ukraine on Monday. "
                         "The aid package also includes shells from Rheinmetall."))
    assert not entry.on_topic
    assert "deliveries" in entry.on_topic_reason
    assert (entry.countries, entry.partners, entry.categories, entry.activities) == ((), (), (), ())
    assert [e.value for e in entry.evidence if e.field == "on_topic"] == ["false"]


def test_the_aggressors_own_industry_is_off_topic(extract):
    entry = extract(body("Russian plants will triple the production of shells for the Russian army, "
                         "the Russian defence ministry said."))
    assert not entry.on_topic
    assert entry.categories == () and entry.activities == ()


def test_production_without_ukraines_side_is_off_topic(extract):
    entry = extract(body("Bulgarian and German firms will build an ammunition factory near Sofia."))
    assert not entry.on_topic
    assert entry.countries == ()


def test_ukraine_as_the_recipient_is_not_a_side_taking_part(extract):
    entry = extract(body("Bulgarian plants will manufacture artillery shells planned for Ukraine, "
                         "with EU funding covering the costs."))
    assert not entry.on_topic
    assert entry.countries == () and entry.categories == ()


def test_historical_background_is_no_cooperation(extract):
    entry = extract(body("Ukraine's experience with ammunition production dating back to Soviet times helps. "
                         "Bulgarian plants will manufacture artillery shells for Ukraine."))
    assert not entry.on_topic


def test_an_activity_far_from_ukraines_side_in_a_report_of_a_sale_is_off_topic(extract):
    entry = extract(body("Ukraine thanked the Slovak government for the agreement. "
                         "Its defence ministry will buy eight howitzers from a Slovak state firm. "
                         "The firm's director praised its skill in the production of military equipment."))
    assert not entry.on_topic
    assert "deliveries" in entry.on_topic_reason


def test_an_activity_next_to_a_sentence_naming_ukraines_side_is_on_topic(extract):
    entry = extract(body("Ukroboronprom signed an agreement with a Slovak firm. "
                         "The firms will produce howitzers together."))
    assert entry.on_topic
    assert entry.activities == ("joint-production",)


def test_cooperation_with_ukraine_is_on_topic_with_a_reason(extract):
    entry = extract(body("Ukrainian and Danish firms will produce drones together."))
    assert entry.on_topic
    assert "joint-production" in entry.on_topic_reason
    on_topic = [e for e in entry.evidence if e.field == "on_topic"]
    assert on_topic[0].value == "true" and "Danish firms" in on_topic[0].text


def test_text_with_no_cue_at_all_stays_on_topic_for_an_editor(extract):
    entry = extract(body("Zelda Quorn wrote a poem about autumn leaves in the park."))
    assert entry.on_topic
    assert "editor" in entry.on_topic_reason


# ------------------------------------------------------------ aid and sales


def test_weapons_delivered_in_an_on_topic_article_name_no_category(extract):
    entry = extract(body("Ukraine and Poland will produce artillery shells together. "
                         "Poland also delivered forty tanks and six helicopters to Ukraine."))
    assert entry.categories == ("ammunition",)
    assert entry.countries == ("PL",)


def test_buying_land_is_no_arms_trade(extract):
    entry = extract(body("The Turkish drone maker is building a factory in Ukraine. "
                         "Baykar has already purchased a land plot near Kyiv."))
    assert entry.partners == ("Baykar",)


def test_a_seller_named_only_in_a_sale_is_not_a_partner(extract):
    entry = extract(body("Ukrainian and Czech plants will produce shells together. "
                         "Rheinmetall sold forty tanks to Ukraine last year."))
    assert "Rheinmetall" not in entry.partners
    entry = extract(body("Ukrainian and Czech plants will produce shells together. "
                         "Rheinmetall will produce forty tanks with Ukraine next year."))
    assert "Rheinmetall" in entry.partners  # the same firm taking part is one


# ------------------------------------------------------------ countries


def test_the_venue_of_a_signing_is_not_a_partner(extract):
    entry = extract(body("Ukrainian and Danish firms signed in Germany a deal to produce drones together."))
    assert entry.countries == ("DK",)


def test_a_company_seat_is_not_a_partner(extract):
    entry = extract(body("Ukraine and the firm Vaskor, headquartered in the Netherlands, will produce "
                         "shells in Ukraine together."))
    assert "NL" not in entry.countries
    entry = extract(body("Ukraine and the firm Vaskor, with the Netherlands, will produce shells in Ukraine together."))
    assert "NL" in entry.countries  # the state beside the firm in another role is a partner


def test_leaders_at_a_ceremony_are_not_partners(extract):
    entry = extract(body("Ukrainian and French companies signed a licence to produce shells. "
                         "The Ukrainian president then attended a ceremony together with Canadian Prime "
                         "Minister Jane Doe and U.S. President John Roe."))
    assert entry.countries == ("FR",)


def test_airspace_and_news_media_of_a_state_are_not_partners(extract):
    entry = extract(body("Ukrainian and Czech plants will produce interceptor drones together after Polish "
                         "airspace was breached, the French TV channel reported."))
    assert entry.countries == ("CZ",)


def test_a_state_that_donates_is_not_a_partner(extract):
    entry = extract(body("Ukraine and Latvia will produce drones together, and Norway delivered the parts."))
    assert entry.countries == ("LV",)


def test_a_relative_clause_about_a_firm_is_background(extract):
    entry = extract(body("Ukraine and the firm Vaskor, which also has plants in Hungary, will produce shells "
                         "together with Latvian partners."))
    assert entry.countries == ("LV",)


def test_a_passing_mention_beside_a_weak_cue_is_not_enough(extract):
    entry = extract(body("Ukrainian firms will produce drones with Latvian partners. "
                         "A Spanish choir sang together at the opening."))
    assert entry.countries == ("LV",)


def test_a_sentence_naming_the_partners_of_the_one_before_counts(extract):
    entry = extract(body("Ukraine plans joint production with several partners abroad. "
                         "We are talking about Denmark and Norway."))
    assert entry.countries == ("DK", "NO")


def test_an_abbreviation_does_not_end_a_sentence(extract):
    entry = extract(body("Ukraine and U.S. partners will produce shells together."))
    assert entry.countries == ("US",)
    assert [e.text for e in entry.evidence if e.field == "countries"] == [
        "Ukraine and U.S. partners will produce shells together."]


# ------------------------------------------------------------ partners


def test_a_maker_named_as_owner_of_a_product_is_not_a_partner(extract):
    entry = extract(body("Polish and Ukrainian plants will repair the Leopard tanks produced by the German "
                         "concern Krauss-Maffei Wegmann."))
    assert "KNDS Deutschland" not in entry.partners
    entry = extract(body("Polish and Ukrainian plants will repair the Leopard tanks together with the German "
                         "concern Krauss-Maffei Wegmann."))
    assert "KNDS Deutschland" in entry.partners  # the maker taking part is a partner


def test_a_comparison_with_other_cooperation_names_no_partner(extract):
    entry = extract(body("Ukraine and the Czech firm Brnox Arms will produce shells together. "
                         "It will follow a similar model to that of Rheinmetall and Ukroboronprom."))
    assert entry.partners == ("Brnox Arms",)


def test_a_name_with_a_legal_form_is_an_organisation(extract):
    entry = extract(body("Ukroboronprom signed a contract with Vaskor GmbH to produce drones in Ukraine."))
    assert "Vaskor" in entry.partners


def test_a_legal_form_before_the_name_is_an_organisation(extract):
    entry = extract(body("Ukraine signed a memorandum with JSC Brovary Optics to produce sights together."))
    assert "Brovary Optics" in entry.partners


def test_a_legal_form_after_a_comma_is_left_out_of_the_name(extract):
    entry = extract(body("Ukraine signed a contract with Alvora Services, Inc to repair vehicles together."))
    assert "Alvora Services" in entry.partners


def test_a_list_of_names_beside_a_word_for_companies_is_a_list_of_partners(extract):
    entry = extract(body("Ukroboronprom signed letters of intent with Alvik Sensors, Tarn Labs and Moreno. "
                         "These Estonian companies produce drones."))
    assert {"Alvik Sensors", "Tarn Labs", "Moreno"} <= set(entry.partners)


def test_a_list_in_the_next_sentence_names_the_partners(extract):
    entry = extract(body("Ukroboronprom signed letters of intent with four Estonian companies to produce drones. "
                         "These are Alvik Sensors, Tarn Labs and Moreno."))
    assert {"Alvik Sensors", "Tarn Labs", "Moreno"} <= set(entry.partners)


def test_a_job_title_is_not_part_of_an_organisation(extract):
    entry = extract(body("Ukraine signed a deal to produce shells with Jan Novak, Commercial Director of "
                         "Brnox Industries."))
    assert "Brnox Industries" in entry.partners
    assert not any("Director" in name for name in entry.partners)


def test_and_inside_a_name_after_of_is_kept(extract):
    entry = extract(body("Ukraine signed a memorandum with the Estonian Association of Defence and Security "
                         "Industries to produce drones."))
    assert "Estonian Association of Defence and Security Industries" in entry.partners


def test_a_lone_suffix_after_and_belongs_to_the_name(extract):
    entry = extract(body("Ukraine and the Spanish company Orbaneja Mechanical and Engineering will produce "
                         "turrets together."))
    assert "Orbaneja Mechanical and Engineering" in entry.partners
    assert "Orbaneja Mechanical" not in entry.partners


def test_a_dateline_in_capitals_is_not_part_of_a_name(extract):
    entry = extract(body("Ukraine and partners will build a factory together.\n\nVILNIUS Korvan Systems, "
                         "the drone maker, will produce drones in Ukraine."))
    assert "Korvan Systems" in entry.partners
    assert not any(name.startswith("VILNIUS") for name in entry.partners)


def test_a_ministry_named_by_its_demonym_is_the_listed_ministry(extract):
    entry = extract(body("The Ukrainian Ministry of Strategic Industries signed a deal to produce shells."))
    assert entry.partners == ("Ministry of Strategic Industries of Ukraine",)


def test_a_ministry_and_a_country_word_are_two_names(extract):
    entry = extract(body("The Ministry of Defence and British company Halvard Systems signed a deal to repair "
                         "Ukrainian guns."))
    assert not any("and British" in name for name in entry.partners)


# ------------------------------------------------------------ categories and activities


def test_a_weapon_named_as_the_target_is_not_a_category(extract):
    entry = extract(body("Ukraine and the US produce systems that can take down missiles, drones and aircraft."))
    assert entry.categories == ()
    entry = extract(body("Ukraine and the US produce systems that can carry missiles, drones and aircraft."))
    assert entry.categories == ("aircraft", "drones", "missiles")


def test_unmanned_makes_a_jet_a_drone(extract):
    entry = extract(body("Ukrainian and Turkish firms will produce an unmanned fighter jet together."))
    assert entry.categories == ("drones",)


def test_two_cue_words_apart_name_an_activity(extract):
    entry = extract(body("Ukrainian makers will export their defence technologies to Denmark."))
    assert "technology-transfer" in entry.activities


def test_a_cue_inside_an_organisations_name_is_not_an_activity(extract):
    entry = extract(body("Brave1 and the French Defence Innovation Agency will launch a joint drone initiative "
                         "for Ukrainian start-ups."))
    assert "research-development" not in entry.activities
    entry = extract(body("Brave1 and the French Defence Agency will launch a joint drone innovation initiative "
                         "for Ukrainian start-ups."))
    assert "research-development" in entry.activities  # the cue outside the name counts


def test_modernising_an_army_is_not_modernisation_of_weapons(extract):
    entry = extract(body("Ukraine and Sweden will produce shells, which helps the modernization of the armed forces."))
    assert "modernization" not in entry.activities
    entry = extract(body("Ukraine and Sweden will produce shells, which helps the modernization of the howitzers."))
    assert "modernization" in entry.activities


# ------------------------------------------------------------ evidence


def test_every_value_carries_evidence_with_its_sentence_and_rule(extract):
    entry = extract(body("Ukrainian Defense Industry and the Czech company Brnox Arms signed a contract to "
                         "produce artillery shells and repair howitzers together."))
    for field in ("countries", "partners", "categories", "activities"):
        for value in getattr(entry, field):
            found = [e for e in entry.evidence if e.field == field and e.value == value]
            assert found, (field, value)
            assert all(e.text and e.rule and e.matched for e in found), found
            assert all(e.matched in e.text for e in found if e.rule != "country of a partner"), found


def test_a_photo_credit_is_not_a_partner(extract):
    entry = extract(body("Ukrainian and Czech plants will produce shells together. "
                         "The new line opened in May, photo courtesy of Rheinmetall."))
    assert "Rheinmetall" not in entry.partners
    entry = extract(body("Ukrainian and Czech plants will produce shells together. "
                         "The new line opened in May, together with Rheinmetall."))
    assert "Rheinmetall" in entry.partners


# ------------------------------------------------------------ the rules as data


def test_a_bad_cue_pair_gap_names_the_file_and_the_problem(content_copy):
    import pytest

    from coprod.core.errors import ContentError
    from coprod.extract.taxonomy import load_taxonomy

    path = content_copy / "taxonomy" / "activities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "cue_pairs:\n"
                    "  - {activity: financing, first: [pay], then: [drones], gap: 99}\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_taxonomy(content_copy)
    assert "activities.yaml" in str(error.value) and "gap" in str(error.value)
    assert "\n" not in str(error.value)


def test_a_sentence_recalling_earlier_news_names_no_partner_or_category(extract):
    later = "Rheinmetall and Ukraine agreed to produce drones in Ukraine."
    entry = extract(body("Czech and Ukrainian plants will produce shells together. Recall that " + later))
    assert (entry.partners, entry.categories) == ((), ("ammunition",))
    entry = extract(body("Czech and Ukrainian plants will produce shells together. " + later))
    assert (entry.partners, entry.categories) == (("Rheinmetall",), ("ammunition", "drones"))
