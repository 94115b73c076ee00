"""The RSS and Atom feeds of the real build, parsed with feedparser and read as XML."""

from __future__ import annotations

import datetime as dt
import email.utils
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html

from site_checks import BASE_URL, HOSTILE_SEED, SCRIPT, UNDATED_SEED, Built

NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}


def xml(built: Built, name: str):
    return lxml.etree.fromstring((built.out / name).read_bytes())


def rss_items(built: Built, name: str = "feed.xml"):
    return xml(built, name).xpath("/rss/channel/item")


def term_feeds(built: Built) -> list[str]:
    return [f for f in built.files() if f.endswith("/feed.xml")]


def test_every_feed_parses_without_bozo(site):
    feeds = ["feed.xml", "atom.xml"] + term_feeds(site)
    assert len(feeds) > 20
    for name in feeds:
        parsed = feedparser.parse((site.out / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), name


def test_rss_items_are_newest_first_with_undated_last(site):
    entries = site.entries()
    parsed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert [e.link for e in parsed.entries] == [e["url"] for e in entries]
    assert parsed.entries[-1].link == site.entry(UNDATED_SEED)["url"]


def test_atom_entries_are_in_the_same_order_as_the_site(site):
    parsed = feedparser.parse((site.out / "atom.xml").read_bytes())
    assert [e.link for e in parsed.entries] == [e["url"] for e in site.entries()]


def test_rss_item_guid_is_the_permalink(site):
    for item in rss_items(site):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true"
        assert guid.text == item.findtext("link")
        assert guid.text.startswith(BASE_URL + "entries/")


def test_rss_pubdate_is_rfc822_and_missing_for_undated_entries(site):
    entries = {e["url"]: e for e in site.entries()}
    for item in rss_items(site):
        entry = entries[item.findtext("link")]
        pub = item.findtext("pubDate")
        if entry["date"] is None:
            assert pub is None
        else:
            assert email.utils.parsedate_to_datetime(pub).date() == dt.date.fromisoformat(entry["date"])
            assert email.utils.format_datetime(email.utils.parsedate_to_datetime(pub)) == pub


def test_rss_items_carry_title_categories_summary_and_full_html(site):
    entries = {e["url"]: e for e in site.entries()}
    parsed = feedparser.parse((site.out / "feed.xml").read_bytes())
    for item in parsed.entries:
        entry = entries[item.link]
        assert item.title == entry["title"]
        terms = {t.term for t in item.tags}
        assert terms  # every entry of the seeds has a category, activity or country
        assert lxml.html.fromstring(item.summary).text_content() == entry["summary"]
        body = lxml.html.fromstring(item.content[0].value)
        assert body.xpath("//p") and entry["summary"] in body.text_content()


def test_rss_categories_name_the_entry_categories(site):
    entry = site.entries()[0]
    item = rss_items(site)[0]
    assert item.findtext("link") == entry["url"]
    categories = [c.text for c in item.findall("category")]
    names = {"ammunition": "Ammunition", "artillery": "Artillery", "drones": "Drones", "missiles": "Missiles"}
    assert [names[c] for c in entry["categories"] if c in names] == [c for c in categories if c in names.values()]


def test_feed_html_uses_only_absolute_urls(site):
    for item in rss_items(site):
        html = item.findtext("content:encoded", namespaces=NS)
        links = lxml.html.fromstring(html).xpath("//@href | //@src")
        assert links and all(link.startswith("https://") for link in links)
        assert item.findtext("link") in links  # "Read on Coprod"


def test_rss_channel_links_to_itself_and_to_its_page(site):
    for name, page in [("feed.xml", ""), ("countries/cz/feed.xml", "countries/cz/"),
                       ("partners/zvolen-armour-works/feed.xml", "partners/zvolen-armour-works/")]:
        channel = xml(site, name).find("channel")
        assert channel.findtext("link") == BASE_URL + page
        self_links = channel.xpath("atom:link[@rel='self']/@href", namespaces=NS)
        assert self_links == [BASE_URL + name]


def test_term_feed_holds_the_term_entries(site):
    expected = [e["url"] for e in site.entries() if "CZ" in e["countries"]]
    assert [i.findtext("link") for i in rss_items(site, "countries/cz/feed.xml")] == expected


def test_last_build_date_is_the_newest_entry_date_not_the_clock(site):
    newest = max(e["date"] for e in site.entries() if e["date"])
    channel = xml(site, "feed.xml").find("channel")
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate")).date().isoformat() == newest
    czech = max(e["date"] for e in site.entries() if "CZ" in e["countries"] and e["date"])
    channel = xml(site, "countries/cz/feed.xml").find("channel")
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate")).date().isoformat() == czech
    atom = xml(site, "atom.xml")
    assert atom.findtext("atom:updated", namespaces=NS).startswith(newest)


def test_feeds_have_no_generator_stamp(site):
    for name in ["feed.xml", "atom.xml"] + term_feeds(site):
        assert b"generator" not in (site.out / name).read_bytes(), name


def test_atom_has_html_content_an_author_and_self_link(site):
    atom = xml(site, "atom.xml")
    assert atom.findtext("atom:author/atom:name", namespaces=NS)
    assert atom.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [BASE_URL + "atom.xml"]
    assert atom.xpath("atom:link[@rel='alternate']/@href", namespaces=NS) == [BASE_URL]
    contents = atom.xpath("atom:entry/atom:content", namespaces=NS)
    assert len(contents) == len(site.entries())
    assert {c.get("type") for c in contents} == {"html"}


def test_undated_atom_entry_has_no_published_date(site):
    atom = xml(site, "atom.xml")
    undated = site.entry(UNDATED_SEED)["url"]
    entry = atom.xpath(f"atom:entry[atom:id='{undated}']", namespaces=NS)[0]
    assert entry.find("atom:published", NS) is None
    assert entry.findtext("atom:updated", namespaces=NS) == atom.findtext("atom:updated", namespaces=NS)


def test_hostile_title_is_plain_text_in_the_feeds(site):
    title = site.entry(HOSTILE_SEED)["title"]
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site.out / name).read_bytes())
        item = next(e for e in parsed.entries if e.title.startswith("<script>"))
        assert item.title == title
        content = lxml.html.fromstring(item.content[0].value)
        assert not content.xpath("//script | //img")
        assert SCRIPT in content.text_content()


def test_feeds_hold_the_50_newest_entries(large_site):
    entries = large_site.entries()
    assert len(entries) > 50
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((large_site.out / name).read_bytes())
        assert [e.link for e in parsed.entries] == [e["url"] for e in entries[:50]]
    slovak = [e["url"] for e in entries if "SK" in e["countries"]]
    assert len(slovak) > 50
    assert [i.findtext("link") for i in rss_items(large_site, "countries/sk/feed.xml")] == slovak[:50]


def test_feeds_are_advertised_on_their_pages(site):
    for page, feeds in [("index.html", {"feed.xml", "atom.xml"}),
                        ("countries/cz/index.html", {"countries/cz/feed.xml", "feed.xml", "atom.xml"}),
                        ("categories/ammunition/index.html", {"categories/ammunition/feed.xml"})]:
        doc = site.doc(page)
        alternates = {urljoin(site.page_url(page), link.get("href"))
                      for link in doc.xpath("//head/link[@rel='alternate']")}
        assert {BASE_URL + f for f in feeds} <= alternates, page
