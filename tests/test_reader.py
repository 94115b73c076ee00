"""The reader separates title, publication date, body, captions and furniture."""

import datetime as dt

from conftest import FIXTURES

from coprod.extract.dates import DateFinder


def test_title_after_a_stray_hash_line(read):
    article = read("#\n\nCzech plant to repair Ukrainian tanks\n\n" + "Body sentence about repairs. " * 5)
    assert article.title == "Czech plant to repair Ukrainian tanks"


def test_title_repeated_further_down_wins_over_teasers_above_it(read):
    text = (
        "Five films to watch in March\nAstrologer explains retrograde Mercury\n"
        "Roshel to build armoured cars in Ukraine\n\nRoshel to build armoured cars in Ukraine\n\n"
        "The Canadian company Roshel will produce armoured vehicles in Ukraine, employing workers who "
        "return from abroad, its chief executive said in an interview on Monday.\n"
    )
    article = read(text)
    assert article.title == "Roshel to build armoured cars in Ukraine"
    assert "Five films to watch in March" in article.furniture
    assert all("Astrologer" not in p for p in article.paragraphs)


def test_first_sentence_is_the_title_when_no_title_line_exists(read):
    article = read(" date 2023-04-06 Polish PGZ and Ukroboronprom agreed to produce 125 mm tank shells "
                   "together on new production lines in Poland, their press services said. More text.\n")
    assert article.title.startswith("Polish PGZ and Ukroboronprom agreed to produce 125 mm tank shells")
    assert any("no title line" in p.message for p in article.problems)


def test_date_line_gives_an_explicit_date_and_its_rest_stays_body(read):
    article = read(" date 2025-06-27 Ukraine plans to launch a joint weapons production programme with "
                   "international partners called Defence City, the defence minister said on Friday.\n")
    assert article.published.value == dt.date(2025, 6, 27)
    assert article.published.source == "published"
    assert article.paragraphs[0].startswith("Ukraine plans to launch")


def test_date_line_rest_that_is_a_photo_credit_is_dropped(read):
    article = read(" date 2023-07-07 Credit: Oleksandr Kamyshin/Facebook\n\n"
                   "Ukraine and the Czech Republic signed a memorandum on joint production of ammunition, the "
                   "minister reported on Friday after a meeting in Kyiv with Czech officials.\n")
    assert all("Facebook" not in p for p in article.paragraphs)
    assert article.title.startswith("Ukraine and the Czech Republic signed")


def test_timestamp_at_the_end_of_the_body_is_the_publication_date(read):
    article = read((FIXTURES / "furniture_heavy.txt").read_text())
    assert article.published.value == dt.date(2024, 3, 5)


def test_byline_date_line_in_the_head_is_the_publication_date(read):
    text = ("Ukraine, Czech Republic sign cluster deal\n\n  • Staff Bureau\n  • 09:15 AM, November 15, 2022\n\n"
            "Ukroboronprom and the Czech agency AMOS agreed to create a joint defence cluster to produce "
            "ammunition and repair equipment in safe places, the concern said in a statement.\n")
    assert read(text).published.value == dt.date(2022, 11, 15)


def test_dates_in_a_recent_posts_list_are_never_the_publication_date(read):
    article = read("Danish factory for Ukrainian drones opens\n\n" + "The factory in Denmark will make drones "
                   "for Ukraine together with a Danish partner, the ministry said on Monday evening.\n\n"
                   "Recent posts\n  • Hans Weber\n  • May 22, 2024\n")
    assert article.published.value is None
    article = read("Danish factory for Ukrainian drones opens\n\nHans Weber\nMay 22, 2024\n\nThe factory in Denmark "
                   "will make drones for Ukraine together with a Danish partner, the ministry said on Monday evening.\n")
    assert article.published.value == dt.date(2024, 5, 22)  # the same byline above the text dates it


def test_a_future_publication_date_is_rejected(read):
    article = read(" date 2031-01-01 Ukraine and Norway agreed to produce air defence interceptors together "
                   "in a new plant, the ministry said after the talks in Oslo on Monday.\n")
    assert article.published.value is None
    assert any("future" in p.message for p in article.problems)


def test_read_more_line_and_its_wrapped_headline_are_furniture(read):
    article = read((FIXTURES / "furniture_heavy.txt").read_text())
    assert not any("Hungarian" in p or "French helicopters" in p for p in article.paragraphs)
    assert "and French helicopters" in article.furniture


def test_read_also_header_takes_the_next_line_as_its_headline(read):
    text = ("Italy and Ukraine discuss cooperation\n\nThe ministry discussed cooperation between Ukrainian and "
            "Italian defence companies in air defence and armoured vehicles on Monday in Kyiv.\nRead also:\n"
            "Zelensky: US, Germany, France and Italy\nwant unity on long-range weapons\n"
            "The participants analysed existing projects and potential areas of cooperation.\n")
    article = read(text)
    assert not any("Zelensky" in p or "want unity" in p for p in article.paragraphs)
    assert article.paragraphs[-1].startswith("The participants analysed")


def test_recent_posts_list_and_everything_after_it_are_dropped(read):
    article = read((FIXTURES / "furniture_heavy.txt").read_text())
    assert not any("Latvia" in p or "Estonia" in p for p in article.paragraphs)


def test_donation_appeal_is_dropped(read):
    article = read((FIXTURES / "furniture_heavy.txt").read_text())
    assert not any("Patron" in p for p in article.paragraphs)


def test_advert_and_url_lines_are_dropped(read):
    article = read((FIXTURES / "furniture_heavy.txt").read_text())
    assert article.title == "Slovak and Ukrainian plants to make 155 mm shells together"
    assert not any("Advertising" in p or "https://" in p for p in article.paragraphs)


def test_photo_credit_is_split_from_its_caption(read):
    text = ("Lithuania repairs howitzers\n\nThe repair hub in Lithuania returned the howitzers to Ukraine after "
            "a full overhaul, the defence ministry in Vilnius said on Friday morning.\n\n"
            "Repaired in Lithuania, the PzH 2000 returns to Ukraine, October 2022 / Photo credit: A. Name on Twitter\n")
    article = read(text)
    assert article.captions == ("Repaired in Lithuania, the PzH 2000 returns to Ukraine, October 2022",)
    assert not any("PzH" in p for p in article.paragraphs)


def test_caption_in_ukrainian_is_a_caption_not_body(read):
    text = ("Czech cluster agreed\n\nUkroboronprom and the Czech agency agreed to create a defence cluster for "
            "ammunition production and repair of military equipment, the concern said.\n\n"
            "Підписання угоди між Укроборонпром та агенцією, листопад 2022 Фото: Укроборонпром\n")
    article = read(text)
    assert article.captions == ("Підписання угоди між Укроборонпром та агенцією, листопад 2022",)


def test_bullet_lines_are_kept_as_list_items(read):
    text = ("Cluster tasks\n\nThe creation of a defence cluster with the Czech Republic includes the following "
            "tasks, the concern said in its statement on Tuesday:\n  • production of military equipment;\n"
            "  • repair of armoured vehicles.\n")
    article = read(text)
    assert article.paragraphs[-2:] == ("• production of military equipment;", "• repair of armoured vehicles.")


def test_header_block_is_honoured_ahead_of_any_guess(read):
    text = ("---\nurl: https://news.example.org/a\npublisher: Example News\npublished: 2024-02-03\n"
            "retrieved: 2024-02-04\n---\nA headline about drones\n\nText that mentions 12 March 2021 and "
            "Danish drones made together with Ukrainian firms in a new joint venture.\n")
    article = read(text)
    assert article.published.value == dt.date(2024, 2, 3)
    assert dict(article.header)["url"] == "https://news.example.org/a"
    assert article.title == "A headline about drones"


def test_header_lists_other_publishers_of_the_same_story(read):
    text = ("---\nurl: https://a.example.org/1\npublisher: A News\nalso:\n  - {url: https://b.example.org/2, publisher: B Daily}\n"
            "  - {url: 'javascript:alert(1)', publisher: Evil}\n---\nA headline about drones and shells\n\nBody text.\n")
    article = read(text)
    assert [(s.name, s.url) for s in article.more_sources] == [("B Daily", "https://b.example.org/2"), ("Evil", None)]


def test_a_posted_on_line_with_weekday_and_time_is_the_publication_date(read):
    text = ("Posted On Friday, 12 April 2024 10:14\n\nNetherlands to finance Ukrainian drones\n\n"
            "The Netherlands will finance the production of Ukrainian long-range drones under a new agreement, "
            "the Dutch defence minister said on Friday.\n")
    article = read(text)
    assert article.published.value == dt.date(2024, 4, 12)
    assert article.title == "Netherlands to finance Ukrainian drones"


def test_a_labelled_date_line_in_another_language_is_the_publication_date(read):
    text = ("Deutsche Firma baut Werk in der Ukraine\n\nVeröffentlicht am 14.02.2024 um 09:30\n\n"
            "Die deutsche Firma wird zusammen mit einem ukrainischen Partner Munition in einem neuen Werk in der "
            "Ukraine herstellen, teilte das Unternehmen mit.\n")
    assert read(text).published.value == dt.date(2024, 2, 14)


def test_a_byline_with_the_publisher_and_a_weekday_is_the_publication_date(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nDefence Weekly  Tuesday, March 5, 2024\n\n"
            "The Czech company will repair Ukrainian tanks in a new plant together with Ukroboronprom, the company "
            "said in a statement on its website.\n")
    article = read(text)
    assert article.published.value == dt.date(2024, 3, 5)
    assert article.title == "Czech plant to repair Ukrainian tanks"


def test_an_image_alt_text_repeated_below_the_lead_is_not_the_title(read):
    text = ("Poland and Ukraine to build shells together\n\nThe two governments agreed to build a new plant for "
            "artillery shells.\n\nMinister of defence at the plant\n\nMinister of defence at the plant\n\n"
            "The ministry said the plant near the border would open next year and employ workers from both "
            "countries, producing shells for the Ukrainian army.\n")
    assert read(text).title == "Poland and Ukraine to build shells together"


def test_a_skip_link_is_not_the_title(read):
    text = ("Skip to main content\n\nDanish firm to build drones in Ukraine\n\nA Danish firm will build drones in "
            "Ukraine together with a local partner, employing engineers in Lviv, the company said on Monday.\n")
    assert read(text).title == "Danish firm to build drones in Ukraine"


def test_a_title_made_from_the_lead_drops_the_wire_dateline_and_is_flagged(read):
    article = read("WASHINGTON — An American company will produce ammunition in Ukraine with a local partner, "
                   "the company said. It gave no figures for the contract, worth millions.\n")
    assert article.title == "An American company will produce ammunition in Ukraine with a local partner, the company said."
    assert any("no title line" in p.message for p in article.problems)


def test_a_dated_teaser_block_under_a_heading_in_another_language_is_furniture(project, read):
    text = ("Polska firma zbuduje fabrykę na Ukrainie\n\nPolska firma zbuduje fabrykę amunicji na Ukrainie razem z "
            "ukraińskim partnerem, poinformowało ministerstwo w poniedziałek w Warszawie.\n\nCzytaj także\n"
            "Niemcy wyślą czołgi do Litwy\n12 maja 2023\nFrancja kupi drony z Turcji\n")
    article = read(text)
    assert all("Litwy" not in p and "Turcji" not in p for p in article.paragraphs)
    assert not project.extractor.extract(article, dt.date(2026, 11, 22)).date.is_dated


def test_a_block_of_headlines_under_an_unlisted_heading_is_furniture_by_its_shape(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nThe Czech company will repair Ukrainian tanks in a new plant "
            "together with Ukroboronprom, the company said in a statement on Monday.\n\nDiscover\n\n"
            "Greek ferry strike halts island traffic for two days\nMarch 2, 2024\n"
            "Chilean copper output rises on new mine in the north\n\n"
            "The plant will open next year, the statement added, and will employ about two hundred workers.\n")
    article = read(text)
    assert all("Greek" not in p and "Chilean" not in p and p != "Discover" for p in article.paragraphs)
    assert article.paragraphs[-1].startswith("The plant will open next year")


def test_a_subheading_over_prose_stays_body(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nThe Czech company will repair Ukrainian tanks in a new plant "
            "together with Ukroboronprom, the company said in a statement on Monday.\n\nNew jobs\n\n"
            "The plant will open next year, the statement added, and will employ about two hundred workers.\n")
    assert "New jobs" in read(text).paragraphs


def test_a_byline_date_set_over_several_short_lines_is_read(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nTuesday\n5 March\n2024\n\n"
            "The Czech company will repair Ukrainian tanks in a new plant together with Ukroboronprom, the company "
            "said in a statement on its website.\n")
    assert read(text).published.value == dt.date(2024, 3, 5)


def test_a_sponsor_line_above_the_headline_is_not_the_title(read):
    text = ("Sponsored by a bank for small firms\n\nDanish firm to build drones in Ukraine\n\nA Danish firm will build "
            "drones in Ukraine together with a local partner, employing engineers in Lviv, the company said.\n")
    assert read(text).title == "Danish firm to build drones in Ukraine"


def test_a_teasers_date_above_the_title_is_not_the_publication_date(read):
    text = ("Astrologer explains retrograde Mercury\nMay 3, 2021\nFive films to watch in March\n"
            "Roshel to build armoured cars in Ukraine\n\nRoshel to build armoured cars in Ukraine\n\n"
            "Staff Bureau, June 4, 2024\n\n"
            "The Canadian company Roshel will produce armoured vehicles in Ukraine, employing workers who "
            "return from abroad, its chief executive said in an interview on Monday.\n")
    assert read(text).published.value == dt.date(2024, 6, 4)


def test_teasers_after_a_read_also_heading_with_section_labels_are_furniture(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nThe Czech company will repair Ukrainian tanks in a new plant "
            "together with Ukroboronprom, the company said in a statement on Monday.\n\nRead also\n"
            "- Greek ferry strike halts island traffic\n- Chilean copper output rises on a new mine\n\n"
            "World\nPeruvian election count enters third day\nWorld\nIcelandic volcano calms after week of quakes\n")
    paragraphs = read(text).paragraphs
    assert len(paragraphs) == 1 and paragraphs[0].startswith("The Czech company")


def test_a_long_byline_with_separators_gives_its_date(read):
    text = ("Czech plant to repair Ukrainian tanks\n\nBy Jane Doe, Senior Defence Correspondent for Central Europe | "
            "Defence Weekly | Published 30. 10. 2025\n\n"
            "The Czech company will repair Ukrainian tanks in a new plant together with Ukroboronprom, the company "
            "said in a statement on its website.\n")
    assert read(text).published.value == dt.date(2025, 10, 30)


def test_year_first_dates_with_slashes_or_dots_are_read():
    finder = DateFinder(("en",))
    assert [(m.year, m.month, m.day) for m in finder.find("2022/06/02 10:00 and 2023.07.09")] == [
        (2022, 6, 2), (2023, 7, 9)]


def test_the_sites_name_above_the_headline_is_not_the_title(read):
    text = ("Defence Weekly Online\n\nDanish firm to build drones in Ukraine\n\nA Danish firm will build drones in "
            "Ukraine together with a local partner, employing engineers in Lviv, the company said on Monday.\n\n"
            "© 2024 Defence Weekly Online. All rights reserved.\n")
    assert read(text).title == "Danish firm to build drones in Ukraine"


def test_text_is_cleaned_of_what_no_output_can_carry():
    from coprod.read.reader import carriable, clean_text
    dirty = "a\x0bb\x0cc\r\nd\re\u2028f\u2029g\x85h\ti\x00\x01\x08\x1b[31m\x7f\x9fj\ufffe\uffff\ufdd0\ud800\U0001fffek"
    assert clean_text(dirty) == "a\nb\nc\nd\ne\nf\ng\nh\ti[31mjk"
    assert carriable(clean_text(dirty)) and not carriable(dirty)
    plain = "Ukraine and Poland — “joint” production, 155 mm.\n\tNext line: é 日本 🚀"
    assert clean_text(plain) is plain


def test_a_header_value_spelling_a_control_character_is_cleaned(read):
    article = read('---\ntitle: "Shells\\e[2J deal\\x07"\npublisher: "Press\\x00 office"\n---\nBody text.\n')
    assert article.title == "Shells[2J deal"
    assert dict(article.header)["publisher"] == "Press office"


def test_a_seed_decodes_by_its_byte_order_mark():
    from coprod.read.reader import decode_seed
    for encoding, bom in (("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                          ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")):
        assert decode_seed("s.txt", bom + "Київ & Praha\n".encode(encoding)) == ("Київ & Praha\n", ()), encoding


def test_a_utf16_seed_cut_in_the_middle_of_a_character_is_read_with_a_warning():
    from coprod.read.reader import decode_seed
    text, problems = decode_seed("s.txt", b"\xff\xfe" + "Kyiv deal\n".encode("utf-16-le") + b"\x41")
    assert text.startswith("Kyiv deal") and "invalid UTF-16" in problems[0].message
