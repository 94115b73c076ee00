"""date: the publication date, else an estimate from evidence, else undated."""

import datetime as dt

from coprod.extract.dates import DateFinder


def test_month_names_are_read_in_ukrainian_in_both_grammatical_forms():
    finder = DateFinder(("en", "uk"))
    genitive, nominative = finder.find("Київ, 31 жовтня 2022"), finder.find("листопад 2022")
    assert (genitive[0].year, genitive[0].month, genitive[0].day) == (2022, 10, 31)
    assert (nominative[0].year, nominative[0].month, nominative[0].precision) == (2022, 11, "month")


def test_a_yearless_date_needs_a_capitalised_english_month():
    finder = DateFinder(("en",))
    assert finder.find("they may 2 times") == []
    assert finder.find("on May 2 the")[0].day == 2


def test_a_caption_date_gives_an_estimated_date_with_its_precision(extract):
    text = ("Czech cluster\n\nUkroboronprom and the Czech agency will produce ammunition together and repair "
            "equipment in safe places, the concern said.\n\nThe signing in Prague, November 2022 / Photo: Press service\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.precision, entry.date.source) == (dt.date(2022, 11, 1), "month", "estimated")


def test_no_date_and_no_evidence_is_undated(extract):
    entry = extract("Danish drones\n\nA Danish firm will produce drones in Ukraine together with a local partner.\n")
    assert entry.date.value is None and entry.date.source is None


def test_dates_in_furniture_are_never_evidence(extract):
    text = ("Danish drones\n\nA Danish firm will produce drones in Ukraine together with a local partner.\n\n"
            "Read more: Drone school opened on March 3, 2024\n\nRecent posts\nMay 22, 2024\n")
    assert extract(text).date.value is None
    unlinked = text.replace("Read more: Drone school", "The drone school").replace("Recent posts\n", "")
    assert extract(unlinked).date.value is not None  # the same dates in the article are evidence


def test_an_office_holder_in_role_bounds_the_estimate(extract):
    text = ("British support\n\nThe two vessels will be maintained by Babcock under a contract signed in June 2021, "
            "the company said.\n\nThe plan was confirmed by UK Defence Secretary Grant Shapps this week.\n")
    entry = extract(text)
    assert entry.date.source == "estimated"
    assert dt.date(2023, 8, 31) <= entry.date.value <= dt.date(2024, 7, 5)


def test_a_yearless_date_is_placed_within_the_office_holders_term(extract):
    text = ("Norwegian office\n\nDefence Minister Rustem Umerov said the office of Kongsberg opened on June 22 "
            "to produce air defence systems together.\n")
    assert extract(text).date.value == dt.date(2025, 6, 22)


def test_a_former_office_holder_does_not_date_the_article(extract):
    text = ("Interview\n\nFormer defence minister Oleksii Reznikov said joint production with Poland should grow.\n")
    assert extract(text).date.value is None


def test_a_date_in_a_background_sentence_is_not_evidence(extract):
    text = ("Czech shells\n\nSince the full-scale invasion in February 2022, Czech firms have produced shells "
            "for Ukraine together with Ukrainian plants, officials in Prague said.\n")
    assert extract(text).date.value is None
    date = extract(text.replace("Since the full-scale invasion in", "In")).date
    assert (date.value, date.precision) == (dt.date(2022, 2, 1), "month")  # the same date as news is evidence


def test_a_weekday_beside_a_yearless_date_settles_its_year(extract):
    text = ("Dutch drones\n\nOn Friday, March 8 the Dutch firm and a Ukrainian plant agreed to produce drones "
            "together in a new workshop, the ministry said.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.source) == (dt.date(2024, 3, 8), "estimated")


def test_a_numeric_yearless_date_beside_a_declined_weekday_is_read(extract):
    text = ("Czech shells\n\nThe Czech company signed a contract ve čtvrtek (6. 6.) and will produce shells with a "
            "Ukrainian partner. Ministr obrany o tom informoval v pátek (7. 6.).\n")
    assert extract(text).date.value == dt.date(2024, 6, 7)


def test_a_stock_photo_caption_date_does_not_date_the_article(extract):
    text = ("A radar maker's logo at a trade fair on May 3, 2019 in Paris, France. (Photo by Jane Roe/Getty Images)\n\n"
            "A Danish radar maker will produce radars in Ukraine together with a local partner, it said on "
            "Wednesday at a forum in Washington.\n")
    assert extract(text).date.value is None
    date = extract(text.replace(" (Photo by Jane Roe/Getty Images)", " / Photo: Jane Roe")).date
    assert date.value == dt.date(2019, 5, 3)  # the same caption by the article's photographer dates it


def test_a_month_date_line_takes_its_day_from_the_text(extract):
    text = (" date 2024-06 The Polish firm signed a deal to produce ammunition in Ukraine at the fair, which "
            "ran from 17 to 21 June in Paris, the portal reported on Thursday.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.precision) == (dt.date(2024, 6, 21), "day")


def test_a_month_date_line_alone_gives_a_month(extract):
    entry = extract(" date 2025-01 The German company and the Ukrainian firm opened a repair joint venture.\n")
    assert (entry.date.value, entry.date.precision, entry.date.source) == (dt.date(2025, 1, 1), "month", "published")


def test_a_yearless_dateline_takes_its_year_from_the_text(extract):
    text = ("Czech plant opens\n\nKYIV, April 5 (Agency) – A Czech company opened a plant in Ukraine to repair "
            "howitzers together with a Ukrainian firm, following a contract signed in March 2024, officials said.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.source) == (dt.date(2024, 4, 5), "published")
    evidence = [e for e in entry.evidence if e.field == "date"]
    assert evidence and evidence[0].matched == "April 5" and "year from" in evidence[0].rule


def test_the_date_evidence_names_the_byline_it_came_from(extract):
    text = ("Ukraine, Czech Republic sign cluster deal\n\nBy Jane Doe | Defence Weekly | Tuesday, March 5, 2024\n\n"
            "Ukroboronprom and the Czech agency agreed to create a joint defence cluster to produce "
            "ammunition and repair equipment in safe places, the concern said in a statement.\n")
    entry = extract(text)
    assert entry.date.value == dt.date(2024, 3, 5)
    (evidence,) = [e for e in entry.evidence if e.field == "date"]
    assert (evidence.value, evidence.rule, evidence.matched) == ("2024-03-05", "byline date", "March 5, 2024")
    assert "Defence Weekly" in evidence.text


def test_an_estimate_says_which_date_won(extract):
    text = ("Czech shells\n\nThe Czech firm said on Monday it had shipped the first shells made with a Ukrainian "
            "plant. The contract was signed on 12 February 2025 in Prague.\n")
    entry = extract(text)
    (evidence,) = [e for e in entry.evidence if e.field == "date"]
    assert entry.date.source == "estimated" and evidence.value == "2025-02-12"
    assert evidence.rule == "estimated: latest body date" and "signed on 12 February 2025" in evidence.text


def test_an_office_holder_named_in_another_language_bounds_the_estimate(extract):
    text = ("Gemeinsames Panzerwerk geplant\n\nDer ukrainische Verteidigungsminister Resnikow sagte in Kiew, die "
            "gemeinsame Produktion von Panzern mit der deutschen Firma in einem neuen Werk beginne sehr bald.\n")
    entry = extract(text)
    assert entry.date.source == "estimated"
    assert dt.date(2021, 11, 4) <= entry.date.value <= dt.date(2023, 9, 5)


def test_a_term_still_running_is_no_estimate_by_itself(extract):
    text = ("Drones\n\nForeign Minister Andrii Sybiha said Ukraine is ready to produce drones together with "
            "Italian companies.\n")
    assert extract(text).date.value is None


def test_a_date_in_the_articles_own_address_dates_it(extract):
    text = ("Czech plant to repair Ukrainian tanks\n\nThe Czech company will repair Ukrainian tanks in a new plant "
            "together with Ukroboronprom, it said.\n\nhttps://news.example.com/2023/07/10/business/czech-plant-repair-tanks\n")
    entry = extract(text)
    assert entry.date.value == dt.date(2023, 7, 10)
    assert entry.evidence[0].rule == "date in the article's address"


def test_a_link_to_another_story_does_not_date_the_article(extract):
    text = ("Czech plant to repair Ukrainian tanks\n\nThe Czech company will repair Ukrainian tanks in a new plant "
            "together with Ukroboronprom, it said.\n\nhttps://news.example.com/2021/01/02/sports/football-results\n")
    assert extract(text).date.value is None
    own = text.replace("2021/01/02/sports/football-results", "2021/01/02/business/czech-plant-repair-tanks")
    assert extract(own).date.value == dt.date(2021, 1, 2)  # the article's own address dates it


def test_numeric_dates_are_read_in_the_order_the_page_settles():
    finder = DateFinder(("en", "de"))
    text = "Signed on 11/05/2024 and delivered on 13/05/2024, the company said with the ministry."
    day_first = finder.numeric_order(text)
    assert day_first is True
    assert [(m.month, m.day) for m in finder.find(text, day_first)] == [(5, 11), (5, 13)]
    assert finder.numeric_order("Unterzeichnet am 11/05/2024 in Berlin.") is True
    assert finder.find("on 11/05/2024 the")[0].month == 11  # no evidence, English: US order
    assert (finder.find("am 02.03.18")[0].year, finder.find("am 15. Februar 2025")[0].day) == (2018, 15)


def test_a_title_case_dateline_with_its_year_is_the_publication_date(extract):
    text = ("Panzerwerk in der Ukraine\n\nBerlin, 5. März 2024 – Die deutsche Firma wird zusammen mit einem "
            "ukrainischen Partner Panzer in einem neuen Werk reparieren, nachdem im Januar 2024 ein Vertrag "
            "unterzeichnet wurde, teilte sie mit.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.source) == (dt.date(2024, 3, 5), "published")
    assert entry.evidence[0].rule == "dateline"


def test_a_yearless_date_in_a_running_term_is_not_placed_in_the_latest_year(extract):
    text = ("Drones\n\nForeign Minister Andrii Sybiha said on 15 March that Ukraine is ready to produce drones "
            "together with Italian companies.\n")
    assert extract(text).date.value is None


LEAD = ("The Czech company and a Ukrainian plant agreed to produce artillery shells together in a new "
        "factory in western Ukraine, the ministry said in a statement on its website.")


def test_a_numeric_byline_date_is_read_in_the_order_other_dates_on_the_page_settle(extract):
    by_numeric = f"Czech shells\n\nPosted 11/05/2024\n\n{LEAD} The talks began on 28/04/2024 in Brno.\n"
    assert extract(by_numeric).date.value == dt.date(2024, 5, 11)
    # A byline is the site's format, the body's named dates the author's: they settle only the body.
    by_named = f"Czech shells\n\nPosted 11/05/2024\n\n{LEAD} The talks began on 28 April 2024 in Brno.\n"
    assert extract(by_named).date.value == dt.date(2024, 11, 5)


def test_a_numeric_date_in_the_text_is_read_in_the_order_its_named_dates_are_written(extract):
    text = f"Czech shells\n\n{LEAD} The talks began on 28 February 2024 and the deal was signed on 03/05/2024.\n"
    assert extract(text).date.value == dt.date(2024, 5, 3)
    us = f"Czech shells\n\n{LEAD} The talks began on February 28, 2024 and the deal was signed on 03/05/2024.\n"
    assert extract(us).date.value == dt.date(2024, 3, 5)


def test_a_numeric_byline_date_is_read_in_the_order_the_pages_address_settles(extract):
    text = f"---\nurl: https://news.example.org/2024/05/czech-shells\n---\nCzech shells\n\nPosted 11/05/2024\n\n{LEAD}\n"
    assert extract(text).date.value == dt.date(2024, 5, 11)


def test_a_numeric_date_with_its_day_above_twelve_first_is_found():
    finder = DateFinder(("en",))
    assert [(m.year, m.month, m.day) for m in finder.find("signed on 28/04/2024 and 29-04-2024")] == [
        (2024, 4, 28), (2024, 4, 29)]


def test_the_publication_date_wins_over_the_update_date(extract):
    two_lines = f"Czech shells\n\nUpdated: 6 March 2024\nPublished: 5 March 2024\n\n{LEAD}\n"
    one_line = f"Czech shells\n\nPublished 5 March 2024, updated 6 March 2024\n\n{LEAD}\n"
    german = f"Tschechische Granaten\n\nAktualisiert am 06.03.2024\nVeröffentlicht am 05.03.2024\n\n{LEAD}\n"
    for text in (two_lines, one_line, german):
        assert extract(text).date.value == dt.date(2024, 3, 5), text
    only_updated = extract(f"Czech shells\n\nUpdated: 6 March 2024\n\n{LEAD}\n")
    assert (only_updated.date.value, only_updated.evidence[0].rule) == (dt.date(2024, 3, 6), "update date")


def test_a_byline_date_with_a_time_in_any_form_is_read(extract):
    for line in ("Publié le 5 mars 2024 à 14h20", "2024-03-05T13:56:00+02:00", "5. března 2024, 14.20",
                 "Veröffentlicht am 05.03.2024 um 14:20 Uhr"):
        assert extract(f"Czech shells\n\n{line}\n\n{LEAD}\n").date.value == dt.date(2024, 3, 5), line


def test_dates_with_connecting_words_or_the_year_first_are_read():
    finder = DateFinder(("en", "es", "pt", "lt"), ("of", "de", "del"))
    for text in ("5 de marzo de 2024", "5 de março de 2024", "2024 m. kovo 5 d.", "05-Mar-2024", "5th of March 2024"):
        assert [(m.year, m.month, m.day) for m in finder.find(text)] == [(2024, 3, 5)], text
    assert [(m.year, m.month, m.day) for m in finder.find("since 2014. March 5, 2024")] == [(2024, 3, 5)]


def test_a_date_the_text_calls_yesterday_dates_the_article_the_day_after(extract):
    entry = extract(f"Czech shells\n\n{LEAD} The contract was signed yesterday, 31 March 2024, in Prague.\n")
    assert (entry.date.value, entry.date.source) == (dt.date(2024, 4, 1), "estimated")
    (evidence,) = [e for e in entry.evidence if e.field == "date"]
    assert (evidence.matched, evidence.rule) == ("31 March 2024", "the text calls it yesterday")


def test_a_yearless_date_the_text_calls_today_takes_its_year_from_the_text(extract):
    text = ("Чеські снаряди\n\nСьогодні, 5 березня, чеська компанія та український завод домовилися спільно "
            "виробляти артилерійські снаряди. Перемовини почалися 12 лютого 2024 року у Брно.\n")
    assert extract(text).date.value == dt.date(2024, 3, 5)


def test_today_not_beside_the_date_says_nothing_of_it(extract):
    entry = extract(f"Czech shells\n\n{LEAD} Today the firm said the contract, signed on 4 March 2024, holds.\n")
    assert entry.date.value == dt.date(2024, 3, 4)
    assert [e.rule for e in entry.evidence if e.field == "date"] == ["estimated: latest body date"]


def test_a_byline_with_other_numbers_beside_its_date_is_no_title(extract):
    for line in ("By Jane Doe • March 5, 2024 • 3 min read", "Jane Doe | 5 March 2024 | 1,234 views",
                 "Jane Doe, Senior Correspondent, Defence Weekly Online, Kyiv, Tuesday 5 March 2024",
                 "Tuesday, 05 March 2024 10:15 / Defence Weekly"):
        entry = extract(f"Czech shells\n\n{line}\n\n{LEAD}\n")
        assert (entry.title, entry.date.value, entry.date.source) == ("Czech shells", dt.date(2024, 3, 5), "published"), line


def test_a_dateline_with_its_year_or_several_cities_is_read(extract):
    for dateline in ("KYIV, March 5, 2024 —", "WARSAW, March 5, 2024 /Agency/ --", "KYIV/PRAGUE, March 5 (Agency) -"):
        entry = extract(f"Czech shells\n\n{dateline} {LEAD} The talks began in February 2024.\n")
        assert (entry.date.value, entry.date.source) == (dt.date(2024, 3, 5), "published"), dateline
        assert entry.evidence[0].rule.startswith("dateline"), dateline


def test_a_month_declined_beyond_the_two_cldr_forms_is_read_with_its_year():
    finder = DateFinder(("en", "uk", "ru", "cs", "pl"))
    for text, month in (("у лютому 2024 року", 2), ("в марте 2024 года", 3), ("v březnu 2024", 3),
                        ("w kwietniu 2024", 4), ("we wrześniu 2024", 9)):
        assert [(m.year, m.month) for m in finder.find(text)] == [(2024, month)], text
    assert finder.find("Defence Market 2024") == []


def test_a_declined_month_in_the_body_gives_an_estimate(extract):
    text = ("Чеські снаряди\n\nЧеська компанія та український завод домовилися спільно виробляти артилерійські "
            "снаряди на новому заводі, угоду підписали у березні 2024 року, повідомило міністерство.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.precision, entry.date.source) == (dt.date(2024, 3, 1), "month", "estimated")


def test_a_hyphenated_numeric_date_without_evidence_is_read_day_first():
    finder = DateFinder(("en",))
    assert [(m.month, m.day) for m in finder.find("on 11-05-2024 the")] == [(5, 11)]
    assert [(m.month, m.day) for m in finder.find("on 11-05-2024 the", day_first=False)] == [(11, 5)]


def test_a_yearless_date_in_the_lead_falls_on_the_weekday_the_lead_names(extract):
    text = ("Czech shells\n\nThe Czech firm announced on Monday that it will produce shells with a Ukrainian plant "
            "in a new joint factory.\n\nThe firm announced on 22 February a contract worth $80 million with the plant.\n")
    entry = extract(text)
    assert (entry.date.value, entry.date.source) == (dt.date(2021, 2, 22), "estimated")
    assert entry.evidence[0].rule == "estimated: the weekday the lead names and date"


def test_a_yearless_dateline_takes_its_year_from_the_weekday_the_lead_names(extract):
    text = ("Czech shells\n\nKYIV, April 5 (Agency) - The Czech firm said on Tuesday it will produce shells "
            "with a Ukrainian plant in a new joint factory in the west of the country.\n")
    entry = extract(text)
    assert (entry.date.value, entry.evidence[0].rule) == (dt.date(2022, 4, 5),
                                                          "dateline, year from the weekday the lead names")
    # a weekday that fits no year the text allows leaves the year to the dates it mentions
    later = text.replace("country.", "country, after talks in March 2023.")
    assert extract(later).date.value == dt.date(2023, 4, 5)


def test_a_bad_number_of_days_before_publication_is_a_one_line_error(content_copy):
    import pytest

    from coprod.core.errors import ContentError
    from coprod.read.reader import load_reader_rules

    reader = content_copy / "reader.yaml"
    reader.write_text(reader.read_text().replace("\n  1: [yesterday", "\n  yesterday: [yesterday"))
    with pytest.raises(ContentError) as caught:
        load_reader_rules(content_copy)
    assert str(caught.value).endswith("reader.yaml: error: days_before_publication: 'yesterday' is not a number of days from 0 to 7")
    assert "\n" not in str(caught.value)
