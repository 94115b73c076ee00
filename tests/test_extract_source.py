"""source: the publisher where the text tells it, the original URL where the seed holds one."""

from conftest import body


def test_wire_dateline_credits_the_agency_as_source(extract):
    entry = extract(body("KYIV, March 12 (Reuters) - Rheinmetall and Ukraine will repair Lynx vehicles together."))
    assert entry.source.name == "Reuters"


def test_an_agency_named_with_reports_is_the_source(extract):
    entry = extract(body("Ukraine and Baykar will build a drone factory together, Ukrinform reports."))
    assert entry.source.name == "Ukrinform"


def test_a_social_platform_is_never_the_source(extract):
    entry = extract(body("The minister said this in a post on Facebook after signing a contract with Rheinmetall."))
    assert entry.source.name is None
    entry = extract(body("The minister said this in a post on Facebook after signing a contract with Rheinmetall, "
                         "Ukrinform reports."))
    assert entry.source.name == "Ukrinform"  # the outlet is found past the platform


def test_an_outlet_mentioned_without_attribution_is_not_the_source(extract):
    entry = extract(body("The Finnish news portal Yle published a comment on the licensed production of Patria vehicles."))
    assert entry.source.name is None
    entry = extract(body("Patria will produce its vehicles under licence in Ukraine, Yle reports."))
    assert entry.source.name == "Yle"


def test_an_advert_url_is_never_the_source_url(extract):
    text = "ylliX - Online Advertising Network\nhttps://ads.example.net/4/1\n" + body(
        "Ukraine and Poland will produce shells together, Ukrinform reports.")
    entry = extract(text)
    assert entry.source == type(entry.source)(name="Ukrinform", url=None)


def test_the_header_url_and_publisher_are_the_source(extract):
    text = ("---\nurl: https://www.ukrinform.net/rubric-defense/1.html\npublisher: Ukrinform\n---\n"
            + body("Ukraine and Poland will produce shells together."))
    entry = extract(text)
    assert (entry.source.name, entry.source.url) == ("Ukrinform", "https://www.ukrinform.net/rubric-defense/1.html")
