"""The feeds as a subscriber's reader meets them, beyond test_feeds.py: the Atom feed
validates against the RFC 4287 RELAX NG schema (jing), feedparser reads every feed of
every build without `bozo`, and the rules of the feed section hold in every feed
(RSS description before content:encoded, guid permalink, RFC 822 dates, absolute
URLs in the HTML, a self link, a stable order).
"""

from __future__ import annotations

import email.utils
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest

from browser_support import require_tool
from hostile_site import hostile_build
from site_checks import BASE_URL, ROOT, Built

ATOM_SCHEMA = ROOT / "tests" / "schemas" / "atom.rnc"
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


@pytest.fixture(scope="module")
def builds(tmp_path_factory, site, large_site) -> dict[str, Built]:
    return {"main": site, "large": large_site,
            "hostile": hostile_build(tmp_path_factory)[0]}


def feeds_of(built: Built) -> list[str]:
    return [f for f in built.files() if f == "atom.xml" or f.endswith("feed.xml")]


def rss_feeds(built: Built) -> list[str]:
    return [f for f in feeds_of(built) if f.endswith("feed.xml")]


def xml(built: Built, name: str):
    return lxml.etree.fromstring((built.out / name).read_bytes())


def jing(schema: Path, document: Path) -> subprocess.CompletedProcess:
    require_tool("jing", shutil.which("jing"), "install Debian's `jing` package (a RELAX NG validator)")
    return subprocess.run(["jing", "-c", str(schema), str(document)], capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------- validators


@pytest.mark.heavy
@pytest.mark.parametrize("build", ["main", "large", "hostile"])
def test_atom_feed_validates_against_the_rfc_4287_schema(builds, build):
    result = jing(ATOM_SCHEMA, builds[build].out / "atom.xml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.heavy
def test_the_atom_schema_rejects_an_entry_without_an_id(builds, tmp_path):
    document = xml(builds["main"], "atom.xml")
    first_id = document.find("atom:entry/atom:id", NS)
    first_id.getparent().remove(first_id)
    broken = tmp_path / "atom.xml"
    broken.write_bytes(lxml.etree.tostring(document))
    result = jing(ATOM_SCHEMA, broken)
    assert result.returncode == 1
    assert "id" in result.stdout


@pytest.mark.parametrize("build", ["large", "hostile"])
def test_feedparser_reads_every_feed_of_the_build_without_bozo(builds, build):
    feeds = feeds_of(builds[build])
    assert len(feeds) > 10
    for name in feeds:
        parsed = feedparser.parse((builds[build].out / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), name


# ---------------------------------------------------------------- the rules, in every feed


@pytest.mark.parametrize("build", ["main", "hostile"])
def test_every_rss_item_has_its_description_before_content_encoded(builds, build):
    for name in rss_feeds(builds[build]):
        for item in xml(builds[build], name).iter("item"):
            tags = [child.tag for child in item]
            description, content = tags.index("description"), tags.index(f"{{{NS['content']}}}encoded")
            assert description < content, (name, tags)


def test_every_rss_item_of_every_feed_has_a_permalink_guid(builds):
    for name in rss_feeds(builds["large"]):
        for item in xml(builds["large"], name).iter("item"):
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link"), name
            assert guid.text.startswith(BASE_URL + "entries/"), name


def test_every_date_in_every_rss_feed_is_rfc_822(builds):
    seen = 0
    for name in rss_feeds(builds["large"]):
        channel = xml(builds["large"], name).find("channel")
        for value in [channel.findtext("lastBuildDate")] + [i.findtext("pubDate") for i in channel.iter("item")]:
            if value is None:
                continue  # an undated entry has no pubDate (test_feeds.py)
            assert RFC822.match(value), (name, value)
            assert email.utils.format_datetime(email.utils.parsedate_to_datetime(value)) == value
            seen += 1
    assert seen > 100


@pytest.mark.parametrize("build", ["main", "hostile"])
def test_atom_content_and_summary_use_only_absolute_urls(builds, build):
    atom = xml(builds[build], "atom.xml")
    links = []
    for element in atom.xpath("atom:entry/atom:content | atom:entry/atom:summary", namespaces=NS):
        if element.text and element.text.strip():
            links += lxml.html.fromstring(element.text).xpath("//@href | //@src")
    assert any(link.startswith(BASE_URL) for link in links)
    parts = [urlsplit(link) for link in links]
    assert [link for link, part in zip(links, parts) if part.scheme not in ("http", "https") or not part.netloc] == []


@pytest.mark.parametrize("build", ["main", "hostile"])
def test_every_feed_links_to_itself(builds, build):
    built = builds[build]
    for name in feeds_of(built):
        document = xml(built, name)
        root = document if name == "atom.xml" else document.find("channel")
        assert root.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [BASE_URL + name], name


def test_every_feed_lists_newest_first_with_ties_by_seed_name_and_undated_last(builds):
    """The order is the site's: a stable function of the entries, never of the file system or the clock."""
    built = builds["large"]
    by_url = {e["url"]: e for e in built.entries()}
    for name in feeds_of(built):
        parsed = feedparser.parse((built.out / name).read_bytes())
        entries = [by_url[e.link] for e in parsed.entries]
        keys = [(e["date"] is None, "" if e["date"] is None else e["date"]) for e in entries]
        dated = [e for e in entries if e["date"]]
        assert [k[0] for k in keys] == sorted(k[0] for k in keys), name  # undated last
        assert [e["date"] for e in dated] == sorted((e["date"] for e in dated), reverse=True), name
        for before, after in zip(entries, entries[1:]):
            if before["date"] == after["date"]:
                assert before["seed"] < after["seed"], (name, before["seed"], after["seed"])


def test_feeds_of_a_rebuild_with_seeds_listed_in_another_order_are_byte_identical(builds, tmp_path):
    """Same seeds written in reverse order into a new folder: every feed is the same, byte for byte."""
    from site_checks import run_build

    built = builds["large"]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(built.seeds.iterdir(), reverse=True):
        (seeds / path.name).write_bytes(path.read_bytes())
    assert run_build(seeds, tmp_path / "site") == built.exit_code
    for name in feeds_of(built):
        assert (tmp_path / "site" / name).read_bytes() == (built.out / name).read_bytes(), name
