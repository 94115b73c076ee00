"""Sources first: publishers and "Read at … ↗" links on cards, entry pages and feed items; an
excerpt (lead paragraph and the evidence sentences) instead of the article's whole text, unless
the editors opt in with ``republish: full``; the search index still holds the whole text; Open
Graph and Twitter tags on every page; honest dates in feed items.

Entries are made by hand and rendered with the real templates and content/ (write_site), or
read from seeds by the real `coprod build`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from coprod.build.builder import write_site
from coprod.cli import main as coprod_main
from coprod.build.pipeline import load_project
from coprod.core.records import Entry, Evidence, PublicationDate, Source
from coprod.site.search import read_pf
from site_checks import CONTENT, TEMPLATES

LEAD = "Czech and Ukrainian firms agreed to produce artillery shells together."
EVIDENCE_SENTENCE = "The howitzer repair hub near Brno opens in spring."
OTHER = "Officials declined to comment on the weather in Prague, which stayed grey all week."
BODY = f"{LEAD}\n\nThe talks lasted two days. {EVIDENCE_SENTENCE}\n\n{OTHER}\n"
URL = "https://news.example.com/czech-shells"


def made(**changes) -> Entry:
    fields = dict(
        seed="shells.txt", title="Czech shells for Ukraine", slug="czech-shells",
        date=PublicationDate(dt.date(2024, 5, 2), "day", "published"), countries=("CZ",),
        partners=("Czechoslovak Group",), categories=("ammunition",), activities=("joint-production",),
        source=Source("Example News", URL), summary=LEAD, body=BODY,
        more_sources=(Source("Other Wire", "https://other.example.net/story"), Source("Radio Nowhere", None)),
        evidence=(Evidence("categories", "artillery", EVIDENCE_SENTENCE, "howitzer", "cue phrase"),
                  Evidence("countries", "CZ", "A sentence that is in no paragraph.", "Czech", "country name"),
                  Evidence("date", "2024-05-02", OTHER, "spring", "byline date")))
    fields.update(changes)
    return Entry(**fields)


def build(tmp_path, entries, project, search=False) -> Path:
    out = tmp_path / "site"
    write_site(entries, project, TEMPLATES, out, search=search)
    return out


def doc(out: Path, relpath: str):
    return lxml.html.fromstring((out / relpath).read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def visible_text(page) -> str:
    """The page's article text as a reader sees it: without hidden elements, and without "Why
    these tags" (which quotes every evidence sentence, the date's too, on purpose)."""
    page = lxml.html.fromstring(lxml.html.tostring(page))
    for hidden in page.xpath("//*[@hidden] | //details[@class='why']"):
        hidden.drop_tree()
    return text(page)


def read_at(element) -> list[tuple[str, str]]:
    return [(text(a), a.get("href")) for a in element.xpath(".//ul[@class='read-at']//a")]


@pytest.fixture(scope="module")
def full_project(tmp_path_factory):
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("republish: excerpt", "republish: full"),
                         encoding="utf-8")
    loaded, problems = load_project(content)
    assert loaded.settings.republish == "full" and not problems
    return loaded


# ---------------------------------------------------------------- publishers and "Read at"


def test_entry_page_has_a_read_at_link_for_every_publisher_with_a_url(tmp_path, project):
    page = doc(build(tmp_path, [made()], project), "entries/czech-shells/index.html")
    header = page.xpath("//header[@class='entry-header']")[0]
    assert read_at(header) == [("Read at Example News ↗", URL), ("Read at Other Wire ↗", "https://other.example.net/story")]
    assert "Radio Nowhere" in text(header)  # a publisher without a URL is named, not linked
    for a in header.xpath(".//ul[@class='read-at']//a"):
        assert a.get("rel") == "noopener noreferrer external"
        assert a.xpath("./span[@aria-hidden='true']/text()") == ["↗"]  # the arrow is not read out


def test_cards_show_the_publisher_the_read_at_link_partners_and_activities(tmp_path, project):
    out = build(tmp_path, [made()], project)
    for relpath in ("index.html", "countries/cz/index.html"):
        [card] = doc(out, relpath).xpath("//article[@class='card']")
        assert read_at(card) == [] and [(text(a), a.get("href")) for a in card.xpath(".//p[@class='card-source']/a")] \
            == [("Read at Example News ↗", URL)]
        assert text(card.xpath(".//p[@class='card-source']")[0]).startswith("Example News · ")
        assert [text(a) for a in card.xpath(".//ul[contains(@class,'partners')]//a")] == ["🇨🇿 Czechoslovak Group"]
        assert [text(a) for a in card.xpath(".//ul[contains(@class,'activities')]//a")] == ["Joint production"]


def test_a_card_without_a_source_url_names_the_publisher_without_a_link(tmp_path, project):
    out = build(tmp_path, [made(source=Source("Example News", None), more_sources=())], project)
    [card] = doc(out, "index.html").xpath("//article[@class='card']")
    assert text(card.xpath(".//p[@class='card-source']")[0]) == "Example News"
    assert not card.xpath(".//p[@class='card-source']/a")


# ---------------------------------------------------------------- the excerpt


def test_entry_page_shows_the_lead_and_the_evidence_sentences_not_the_whole_text(tmp_path, project):
    page = doc(build(tmp_path, [made()], project), "entries/czech-shells/index.html")
    quoted = [text(p) for p in page.xpath("//section[@class='excerpt']/blockquote/p")]
    assert quoted == [LEAD, f"[…] {EVIDENCE_SENTENCE}"]  # the date's sentence and one not in the body are not quoted
    assert page.xpath("//section[@class='excerpt']/blockquote/@cite") == [URL]
    seen = visible_text(page)
    assert LEAD in seen and EVIDENCE_SENTENCE in seen
    assert "weather in Prague" not in seen and "The talks lasted two days" not in seen


def test_the_excerpt_quotes_evidence_in_body_order_and_at_most_five_sentences(tmp_path, project):
    sentences = [f"Sentence {n} names the partner plant." for n in range(8)]
    evidence = tuple(Evidence("partners", "Czechoslovak Group", s, "plant", "cue") for s in reversed(sentences))
    entry = made(body=LEAD + "\n\n" + " ".join(sentences) + "\n", evidence=evidence)
    page = doc(build(tmp_path, [entry], project), "entries/czech-shells/index.html")
    quoted = [text(p) for p in page.xpath("//section[@class='excerpt']/blockquote/p")]
    assert quoted == [LEAD] + [f"[…] {s}" for s in sentences[:5]]


def test_the_search_index_still_holds_the_whole_text(tmp_path, project):
    out = build(tmp_path, [made()], project, search=True)
    page = doc(out, "entries/czech-shells/index.html")
    [hidden] = page.xpath("//article[@data-pagefind-body]//div[@class='search-text'][@hidden]")
    assert OTHER in text(hidden)
    words = set()
    for chunk in (out / "pagefind" / "index").glob("*.pf_index"):
        words |= {item[0] for item in read_pf(chunk)[0]}
    # Pagefind stems: "weather" and "grey" are only in the paragraph the page does not show.
    assert {"weather", "grey"} <= words
    assert "excerpt" not in words  # the visible excerpt's note is not indexed twice


def test_republish_full_shows_the_whole_text_and_the_captions(tmp_path, full_project):
    entry = made(captions=("Workers at the plant in Brno.",))
    page = doc(build(tmp_path, [entry], full_project), "entries/czech-shells/index.html")
    assert not page.xpath("//section[@class='excerpt'] | //*[@hidden and @class='search-text']")
    seen = visible_text(page)
    assert OTHER in seen and "The talks lasted two days" in seen and "Workers at the plant in Brno." in seen
    assert read_at(page.xpath("//header[@class='entry-header']")[0])[0] == ("Read at Example News ↗", URL)


def test_republish_accepts_only_excerpt_or_full(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "site.yaml").write_text("republish: everything\n", encoding="utf-8")
    code = coprod_main(["build", "--seeds", str(tmp_path / "none"), "--content", str(content),
                        "--templates", str(TEMPLATES), "--out", str(tmp_path / "site")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("site.yaml: error: republish must be one of excerpt, full") and len(err) == 1


# ---------------------------------------------------------------- feeds


def feed_items(out: Path) -> dict[str, dict]:
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo
    return {e.link.rsplit("/", 2)[-2]: e for e in parsed.entries}


def test_feed_items_carry_the_excerpt_and_read_at_links(tmp_path, project):
    items = feed_items(build(tmp_path, [made()], project))
    content = lxml.html.fromstring(items["czech-shells"].content[0].value)
    assert [text(p) for p in content.xpath("//blockquote/p")] == [LEAD, f"[…] {EVIDENCE_SENTENCE}"]
    assert "weather in Prague" not in text(content)
    assert read_at(content) == [("Read at Example News ↗", URL), ("Read at Other Wire ↗", "https://other.example.net/story")]


def test_feed_items_of_estimated_dates_say_so_and_a_year_is_never_a_day(tmp_path, project):
    year = made(seed="y.txt", slug="year-only", date=PublicationDate(dt.date(2024, 7, 1), "year", "estimated"))
    month = made(seed="m.txt", slug="month-only", date=PublicationDate(dt.date(2023, 3, 1), "month", "estimated"))
    out = build(tmp_path, [year, month, made()], project)
    items = feed_items(out)
    year_text = text(lxml.html.fromstring(items["year-only"].content[0].value))
    assert "Date estimated: 2024 (year)." in year_text and "July" not in year_text
    assert "Date estimated: March 2023 (month)." in text(lxml.html.fromstring(items["month-only"].content[0].value))
    assert "published" not in items["year-only"] and "published" in items["month-only"]
    rss = lxml.etree.fromstring((out / "feed.xml").read_bytes())
    year_item = [i for i in rss.xpath("//item") if i.findtext("link").endswith("/year-only/")][0]
    assert year_item.find("pubDate") is None
    atom = feedparser.parse((out / "atom.xml").read_bytes())
    assert not atom.bozo
    [atom_year] = [e for e in atom.entries if e.link.endswith("/year-only/")]
    assert "published" not in atom_year


# ---------------------------------------------------------------- sharing


def test_every_page_has_open_graph_and_twitter_card_tags(tmp_path, project):
    out = build(tmp_path, [made()], project)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) > 10
    for relpath in pages:
        page = doc(out, relpath)
        og = {m.get("property"): m.get("content") for m in page.xpath("//head/meta[starts-with(@property, 'og:')]")}
        expected = {"og:title", "og:description", "og:type", "og:site_name", "og:locale"}
        assert expected <= set(og) and all(og[k] for k in expected), relpath
        assert og["og:site_name"] == project.settings.title and og["og:locale"] == "en_GB", relpath
        canonical = page.xpath("//head/link[@rel='canonical']/@href")
        assert og.get("og:url") == (canonical[0] if canonical else None), relpath  # 404.html has no address
        assert og["og:title"] == text(page.xpath("//h1")[0]) or relpath == "index.html", relpath
        assert page.xpath("//head/meta[@name='twitter:card']/@content") == ["summary"], relpath
        assert og["og:type"] == ("article" if relpath.startswith("entries/") else "website"), relpath
    entry = doc(out, "entries/czech-shells/index.html")
    assert entry.xpath("//meta[@property='og:description']/@content") == [LEAD]
