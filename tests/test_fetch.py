"""`coprod fetch`: feeds and pages served on 127.0.0.1 by the fixture server. New on-topic
items become seeds; 304, 404, a feed that is not XML, a hanging page, a 20 MB answer and
an off-topic item are each handled; the same story from two publishers is one seed."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from coprod.ingest import fetch as fetch_module
from coprod.ingest.add import MAX_ALSO_SOURCES, add_source
from coprod.cli import main
from coprod.core.errors import ContentError
from coprod.ingest.fetch import STATE_FILE, FetchState, fetch, load_feeds
from coprod.ingest.net import FetchError, HttpClient
from coprod.build.pipeline import extract_seed, load_project
from conftest import SHIPPED_CONTENT, TODAY
from netserver import NET

RETRIEVED = dt.date(2026, 11, 21)


def rss(server, *items, language="en"):
    """An RSS 2.0 feed of (title, path, summary, date) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{server.url(path)}</link><guid>{server.url(path)}</guid>"
        f"<pubDate>{date}</pubDate><description>{summary}</description></item>"
        for title, path, summary, date in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>{server.url('/')}</link><description>d</description><language>{language}</language>"
            f"{entries}</channel></rss>")


ON_TOPIC = "A Polish plant will repair Ukrainian tanks under a new agreement with the Polish defence ministry."
DATE = "Mon, 03 Jun 2024 08:00:00 GMT"


@pytest.fixture
def site(tmp_path, content_copy, seeds_dir, server):
    """A project with its own content/ and seeds/, and helpers to list feeds and run fetch."""

    class Site:
        content = content_copy
        seeds = seeds_dir
        state = content_copy / STATE_FILE

        def feeds(self, *feeds):
            data = {"feeds": [{"name": name, "url": server.url(path), **extra} for name, path, *rest in feeds
                              for extra in [rest[0] if rest else {}]]}
            (content_copy / "feeds.yaml").write_text(yaml.safe_dump(data, sort_keys=False))

        def fetch(self, timeout=1.0, retries=0, dry_run=False, allow_private_addresses=True, **options):
            project, _ = load_project(content_copy)
            with HttpClient(timeout=timeout, retries=retries, backoff=0.01,
                            allow_private_addresses=allow_private_addresses, **options) as client:
                return fetch(project, content_copy, seeds_dir, client, today=TODAY, retrieved=RETRIEVED,
                             dry_run=dry_run, bar=False)

        def item(self, key):
            state = FetchState.open(self.state)
            try:
                return state.item(key)
            finally:
                state.close()

        def seed_names(self):
            return sorted(p.name for p in seeds_dir.iterdir())

    return Site()


def add_feed_a(server):
    base = server.url("")
    server.add("/feed-a.rss", (NET / "feed_a.rss").read_text().replace("BASE", base),
               content_type="application/rss+xml", etag='"v1"')
    server.add_file("/a/czech-shells.html", "story_a.html")
    server.add_file("/a/marathon.html", "repair.html")


def test_new_on_topic_item_becomes_a_seed_with_a_header(site, server):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    summary = site.fetch()
    assert site.seed_names() == ["2024-05-10_czech-firm-to-make-artillery-shells-in-ukraine.txt"]
    header = yaml.safe_load((site.seeds / site.seed_names()[0]).read_text().split("---\n")[1])
    assert header == {"url": server.url("/a/czech-shells.html"), "publisher": "Defence Daily",
                      "published": dt.date(2024, 5, 10), "retrieved": RETRIEVED}
    assert (summary.feeds_read, summary.items_new, summary.on_topic, summary.added) == (1, 2, 1, 1)


def test_off_topic_item_is_never_downloaded(site, server):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    site.fetch()
    assert server.hits("/a/marathon.html") == 0
    assert site.item("https://127.0.0.1:%d/a/marathon.html" % server.httpd.server_address[1])["status"] == "off-topic"


def test_unchanged_feed_is_asked_conditionally_and_answers_304(site, server):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    site.fetch()
    summary = site.fetch()
    second = server.requests_for("/feed-a.rss")[1]
    assert second.headers["if-none-match"] == '"v1"'
    assert (summary.not_modified, summary.feeds_read, summary.items_new) == (1, 0, 0)
    assert server.hits("/a/czech-shells.html") == 1


def test_items_seen_before_are_skipped_when_the_feed_changed(site, server):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    site.fetch()
    server.routes["/feed-a.rss"].etag = '"v2"'
    summary = site.fetch()
    assert (summary.feeds_read, summary.items_new, summary.added) == (1, 0, 0)
    assert server.hits("/a/czech-shells.html") == 1


def test_same_story_from_two_publishers_is_one_seed_with_two_sources(site, server, server_b, project):
    add_feed_a(server)
    server_b.add("/feed-b.atom", (NET / "feed_b.atom").read_text().replace("BASE", server_b.url("")),
                 content_type="application/atom+xml")
    server_b.add_file("/b/shell-plant", "story_b.html")
    site.feeds(("Defence Daily", "/feed-a.rss"))
    feeds = yaml.safe_load((site.content / "feeds.yaml").read_text())
    feeds["feeds"].append({"name": "Kyiv Wire", "url": server_b.url("/feed-b.atom")})
    (site.content / "feeds.yaml").write_text(yaml.safe_dump(feeds))
    summary = site.fetch()
    [seed] = site.seed_names()
    entry = extract_seed(site.seeds / seed, project, TODAY)
    assert (entry.source.name, entry.source.url) == ("Defence Daily", server.url("/a/czech-shells.html"))
    assert [(s.name, s.url) for s in entry.more_sources] == [("Kyiv Wire", server_b.url("/b/shell-plant"))]
    assert (summary.added, summary.duplicates) == (1, 1)


def test_same_story_again_from_the_same_publisher_adds_no_source(site, server, project):
    add_feed_a(server)
    server.add("/feed-2.rss", rss(server, ("Czech firm to make shells (update)", "/a/czech-shells-2",
                                           "The Czechoslovak Group will produce artillery shells in Ukraine.", DATE)),
               content_type="application/rss+xml")
    server.add_file("/a/czech-shells-2", "story_a.html")
    site.feeds(("Defence Daily", "/feed-a.rss"), ("Defence Daily updates", "/feed-2.rss"))
    summary = site.fetch()
    [seed] = site.seed_names()
    assert extract_seed(site.seeds / seed, project, TODAY).more_sources == ()
    assert (summary.added, summary.duplicates) == (1, 1)


def test_page_in_windows_1251_from_a_feed_is_decoded(site, server):
    server.add("/feed.rss", rss(server, ("Чеська компанія вироблятиме снаряди", "/uk/1", "Снаряди в Україні", DATE),
                                language="uk"), content_type="application/rss+xml")
    server.add_file("/uk/1", "cyrillic_1251.html", content_type="text/html; charset=windows-1251")
    site.feeds(("Оборонний вісник", "/feed.rss", {"language": "uk", "topic": "all"}))
    assert site.fetch().added == 1
    [seed] = site.seed_names()
    text = (site.seeds / seed).read_text(encoding="utf-8")
    assert "publisher: Оборонний вісник" in text and "артилерійські снаряди калібру 155 мм" in text


def test_missing_page_is_reported_and_tried_again_next_time(site, server):
    server.add("/feed.rss", rss(server, ("Polish plant to repair Ukrainian tanks", "/gone", ON_TOPIC, DATE)),
               content_type="application/rss+xml", etag='"x"')
    site.feeds(("Polish news", "/feed.rss"))
    first = site.fetch()
    assert first.item_failures == [(server.url("/gone"), "HTTP 404 Not Found")]
    assert not first.ok
    site.fetch()
    assert len(server.requests_for("/gone")) == 2
    assert "if-none-match" not in server.requests_for("/feed.rss")[1].headers  # validators kept back for the retry


def test_feed_that_is_not_xml_fails_with_a_reason_and_the_others_are_read(site, server):
    server.add("/broken.xml", "<html><body><p>Sorry, our feed has moved.</p></body></html>")
    add_feed_a(server)
    site.feeds(("Broken", "/broken.xml"), ("Defence Daily", "/feed-a.rss"))
    summary = site.fetch()
    [(name, reason)] = summary.failed
    assert name == "Broken" and reason.startswith("not an RSS or Atom feed")
    assert summary.feeds_read == 1 and summary.added == 1


def test_page_that_hangs_times_out_without_holding_up_the_run(site, server):
    server.add("/feed.rss", rss(server, ("Polish plant to repair Ukrainian tanks", "/slow", ON_TOPIC, DATE)),
               content_type="application/rss+xml")
    server.add("/slow", "<p>too late</p>", delay=10)
    site.feeds(("Polish news", "/feed.rss"))
    started = time.monotonic()
    summary = site.fetch(timeout=0.5, retries=1)
    assert time.monotonic() - started < 4
    assert summary.item_failures == [(server.url("/slow"), "timed out after 0.5 s waiting for an answer")]
    assert len(server.requests_for("/slow")) == 2  # one bounded retry


def test_20_mb_page_is_refused_without_being_read_whole(site, server):
    server.add("/feed.rss", rss(server, ("Polish plant to repair Ukrainian tanks", "/huge", ON_TOPIC, DATE)),
               content_type="application/rss+xml")
    server.add("/huge", stream_bytes=20 * 1024 * 1024, with_length=False)
    site.feeds(("Polish news", "/feed.rss"))
    summary = site.fetch()
    assert summary.item_failures == [(server.url("/huge"), "response larger than 10 MB")]
    assert site.seed_names() == []


def test_20_mb_answer_announced_by_its_length_is_refused_at_once(server):
    url = server.add("/huge", stream_bytes=20 * 1024 * 1024)
    with HttpClient(timeout=1, retries=0, allow_private_addresses=True) as client, pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == "response larger than 10 MB (Content-Length 20 MB)"
    time.sleep(0.2)
    assert server.routes["/huge"].bytes_sent < 20 * 1024 * 1024


def test_answers_503_are_retried_with_backoff(server):
    url = server.add("/busy", "fine", content_type="text/plain", fail_first=2)
    with HttpClient(timeout=1, retries=2, backoff=0.05, allow_private_addresses=True) as client:
        assert client.get(url).body == b"fine"
    assert server.hits("/busy") == 3


def test_no_more_than_n_requests_at_once_per_host(server):
    url = server.add("/page", "ok", content_type="text/plain", delay=0.5)
    with HttpClient(timeout=2, retries=0, per_host=2, allow_private_addresses=True) as client:
        threads = [threading.Thread(target=client.get, args=(url,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.hits("/page") == 6
    assert server.most_in_flight == 2


def test_dry_run_lists_what_would_be_added_and_writes_nothing(site, server, capsys):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    summary = site.fetch(dry_run=True)
    out = capsys.readouterr().out
    assert "would add " in out and "Czech firm to make artillery shells in Ukraine" in out
    assert summary.added == 1 and summary.line(dry_run=True).count("1 would be added") == 1
    assert site.seed_names() == [] and not site.state.exists()


def test_interrupted_fetch_loses_nothing_and_a_rerun_resumes(site, server, monkeypatch):
    items = [(f"Polish plant {n} to repair Ukrainian tanks", f"/p{n}", ON_TOPIC + f" Plant number {n}.", DATE)
             for n in (1, 2)]
    server.add("/feed.rss", rss(server, *items), content_type="application/rss+xml", etag='"f"')
    server.add_file("/p1", "repair.html")
    server.add_file("/p2", "story_a.html")
    site.feeds(("Polish news", "/feed.rss"))
    real_add = fetch_module.add_story
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second article is being added
        return real_add(*args, **kwargs)

    monkeypatch.setattr(fetch_module, "add_story", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site.fetch()
    assert len(site.seed_names()) == 1
    monkeypatch.setattr(fetch_module, "add_story", real_add)
    summary = site.fetch()
    assert summary.added == 1 and len(site.seed_names()) == 2
    assert server.hits("/p1") == 1  # the first article was not fetched again


def test_language_filter_skips_items_in_another_language(site, server):
    server.add("/feed.rss", rss(server, ("Polish plant to repair Ukrainian tanks", "/p", ON_TOPIC, DATE),
                                language="uk"), content_type="application/rss+xml")
    server.add_file("/p", "repair.html")
    site.feeds(("Ukrainian feed", "/feed.rss", {"language": "en"}))
    summary = site.fetch()
    assert (summary.items_new, summary.on_topic, server.hits("/p")) == (1, 0, 0)


def test_topic_words_narrow_a_feed(site, server):
    server.add("/feed.rss", rss(server, ("Polish plant to repair Ukrainian tanks", "/p", ON_TOPIC, DATE)),
               content_type="application/rss+xml")
    server.add_file("/p", "repair.html")
    site.feeds(("Drones only", "/feed.rss", {"topic": ["drone", "drones"]}))
    assert site.fetch().on_topic == 0


def test_cli_ends_with_a_one_line_summary_and_exit_1_on_a_failed_feed(site, server, capsys):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"), ("Gone", "/nothing-here.xml"))
    code = main(["fetch", "--seeds", str(site.seeds), "--content", str(site.content), "--timeout", "2",
                 "--retries", "0", "--allow-private-addresses"])
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert code == 1
    assert out[-1] == ("fetched 2 feed(s): 1 read, 0 not modified, 1 failed (Gone: HTTP 404 Not Found); "
                       "items: 2 new, 1 on topic, 1 added, 0 duplicate(s)")
    assert captured.err.splitlines() == [f"{server.url('/nothing-here.xml')}: error: HTTP 404 Not Found"]
    assert "feed Defence Daily: 2 item(s), 2 new, 1 on topic" in out  # plain lines, no bar, off a terminal
    assert not any("\r" in line for line in out)


def test_state_database_leaves_no_other_file_after_a_run(site, server):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    site.fetch()
    leftovers = [p.name for p in site.content.iterdir() if p.name.startswith(STATE_FILE + "-")]
    assert leftovers == [] and site.state.read_bytes().startswith(b"SQLite format 3\x00")


def test_feeds_file_with_a_bad_url_names_the_file_and_the_feed(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - {name: Example, url: ftp://example.org/feed}\n")
    with pytest.raises(ContentError, match=r"feeds.yaml: error: feed 1 \(Example\): url must be an http\(s\) URL"):
        load_feeds(path)


def test_the_example_feeds_file_lists_no_live_feed():
    assert load_feeds(SHIPPED_CONTENT / "feeds.yaml") == []


# ---------------------------------------------------------------- reliability


def feed_xml(*items: str) -> str:
    """An RSS 2.0 feed of ready-made <item> elements."""
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            f"<link>http://news.example/</link><description>d</description>{''.join(items)}</channel></rss>")


def test_a_feed_item_at_a_private_address_is_refused_and_never_saved(site, server, loopback_is_public):
    port = server.httpd.server_address[1]
    server.add("/secret", "<html><body><p>" + "internal secret words " * 20 + "</p></body></html>")
    server.add("/moved", status=302, headers={"Location": f"http://127.0.0.2:{port}/secret"})
    server.add("/feed.rss", feed_xml(
        f"<item><title>Polish tanks</title><link>http://127.0.0.2:{port}/secret</link><description>{ON_TOPIC}"
        "</description></item>",
        f"<item><title>Polish tanks again</title><link>{server.url('/moved')}</link><description>{ON_TOPIC}"
        "</description></item>"), content_type="application/rss+xml")
    site.feeds(("Polish news", "/feed.rss", {"topic": "all"}))
    summary = site.fetch(allow_private_addresses=False)
    refused = "refused: 127.0.0.2 is a loopback address (--allow-private-addresses allows it for a deliberately " \
              "local source)"
    assert summary.item_failures == [(f"http://127.0.0.2:{port}/secret", refused), (server.url("/moved"), refused)]
    assert site.seed_names() == [] and server.hits("/secret") == 0


def test_a_trickling_feed_listed_first_holds_up_no_other(site, server):
    server.add("/slow.rss", rss(server), content_type="application/rss+xml", trickle=0.1, trickle_headers=True)
    add_feed_a(server)
    site.feeds(("Slow", "/slow.rss"), ("Defence Daily", "/feed-a.rss"))
    summary = site.fetch(timeout=0.5)
    assert summary.failed == [("Slow", "timed out after 1.5 s: no whole answer within the deadline")]
    assert (summary.feeds_read, summary.added) == (1, 1)
    [slow], [other] = server.requests_for("/slow.rss"), server.requests_for("/feed-a.rss")
    still_trickling = slow.ended == 0.0  # the server has not yet seen the client hang up
    assert still_trickling or other.started < slow.ended  # asked while the slow one was coming, not after it


@pytest.mark.parametrize("body, reason", [
    ((NET / "feed_a.rss").read_text().split("<link>BASE/a/marathon")[0], "truncated feed (<unknown>:"),
    (feed_xml("<item><title>Tanks & more</title><description>d</description></item>"),
     "malformed feed, no usable item (<unknown>:"),
    ("", "not an RSS or Atom feed (empty answer)"),
])
def test_a_truncated_or_malformed_feed_fails_with_its_reason(site, server, capsys, body, reason):
    server.add("/feed.rss", body.replace("BASE", server.url("")), content_type="application/rss+xml")
    server.add_file("/a/czech-shells.html", "story_a.html")
    site.feeds(("Defence Daily", "/feed.rss"))
    code = main(["fetch", "--seeds", str(site.seeds), "--content", str(site.content), "--timeout", "2",
                 "--retries", "0", "--allow-private-addresses"])
    captured = capsys.readouterr()
    assert code == 1
    [line] = captured.err.splitlines()
    assert line.startswith(f"{server.url('/feed.rss')}: error: {reason}")
    assert f"0 read, 0 not modified, 1 failed (Defence Daily: {reason}" in captured.out.splitlines()[-1]
    assert site.seed_names() == [] and server.hits("/a/czech-shells.html") == 0


def _bytes_written() -> int:
    """What this process has written so far, by any thread, to any file (Linux)."""
    with open("/proc/self/io") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("wchar:"))


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts written bytes in /proc/self/io")
def test_the_state_costs_the_same_bytes_per_item_however_many_it_holds(site, server):
    def run(name: str, count: int) -> float:
        """Bytes written per item by a fetch of ``count`` items, each stored on its own."""
        items = [f"<item><title>Item {n}</title><guid isPermaLink='false'>{name}-{n}</guid>"
                 "<description>No link to any page.</description></item>" for n in range(count)]
        server.add(f"/{name}.rss", feed_xml(*items), content_type="application/rss+xml")
        site.feeds((name, f"/{name}.rss", {"topic": "all"}))
        before = _bytes_written()
        summary = site.fetch()
        assert len(summary.item_failures) == count  # every item stored, each in a write of its own
        return (_bytes_written() - before) / count

    first = run("first", 100)
    later = run("later", 400)  # four times as many items, on top of a state that holds 100 already
    assert later < 1.5 * first


def test_a_killed_fetch_keeps_what_it_stored_and_the_next_run_goes_on(site, server, tmp_path):
    items = [(f"Polish plant {n} to repair Ukrainian tanks", f"/p{n}", ON_TOPIC + f" Plant number {n}.", DATE)
             for n in (1, 2)]
    server.add("/feed.rss", rss(server, *items), content_type="application/rss+xml", etag='"f"')
    server.add_file("/p1", "repair.html")
    server.add_file("/p2", "story_a.html")
    site.feeds(("Polish news", "/feed.rss"))
    killed_at_the_second_article = (
        "import os, sys\n"
        "from coprod.ingest import fetch\n"
        "from coprod.cli import main\n"
        "real, calls = fetch.add_story, []\n"
        "def add_story(*args, **kwargs):\n"
        "    calls.append(1)\n"
        "    if len(calls) == 2:\n"
        "        os._exit(9)  # as a kill: no cleanup, no commit, no close\n"
        "    return real(*args, **kwargs)\n"
        "fetch.add_story = add_story\n"
        "main(sys.argv[1:])\n")
    done = subprocess.run([sys.executable, "-c", killed_at_the_second_article, "fetch", "--seeds", str(site.seeds),
                           "--content", str(site.content), "--timeout", "2", "--allow-private-addresses"],
                          capture_output=True, cwd=tmp_path)
    assert done.returncode == 9, done.stderr.decode()
    assert len(site.seed_names()) == 1
    summary = site.fetch()
    assert summary.added == 1 and len(site.seed_names()) == 2
    assert server.hits("/p1") == 1  # the first article, stored before the kill, was not fetched again


def test_a_json_state_of_the_earlier_version_is_imported_once_and_kept(site, server, capsys):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    key = "https://127.0.0.1:%d/a/czech-shells.html" % server.httpd.server_address[1]
    legacy = site.content / ".fetch-state.json"
    legacy.write_text(json.dumps({"version": 1, "feeds": {}, "items": {key: {"status": "added", "seed": "x.txt"}}}))
    before = legacy.read_bytes()
    summary = site.fetch()
    assert (summary.items_new, server.hits("/a/czech-shells.html")) == (1, 0)  # seen, as the JSON said
    assert site.item(key) == {"status": "added", "seed": "x.txt"}
    assert f"{legacy}: imported 1 item(s) and 0 feed(s) into {site.state}" in capsys.readouterr().out
    assert legacy.read_bytes() == before  # left as it was; no longer read
    legacy.write_text("not JSON at all")
    site.fetch()  # the database is there: the JSON file is not read again


def test_seeds_get_the_umask_mode_and_a_seed_given_a_source_keeps_its_mode(site, server, server_b):
    add_feed_a(server)
    server_b.add("/feed-b.atom", (NET / "feed_b.atom").read_text().replace("BASE", server_b.url("")),
                 content_type="application/atom+xml")
    server_b.add_file("/b/shell-plant", "story_b.html")
    site.feeds(("Defence Daily", "/feed-a.rss"))
    umask = os.umask(0o022)
    try:
        site.fetch()
        [seed] = site.seed_names()
        assert stat.S_IMODE((site.seeds / seed).stat().st_mode) == 0o644
        (site.seeds / seed).chmod(0o664)
        feeds = yaml.safe_load((site.content / "feeds.yaml").read_text())
        feeds["feeds"].append({"name": "Kyiv Wire", "url": server_b.url("/feed-b.atom")})
        (site.content / "feeds.yaml").write_text(yaml.safe_dump(feeds))
        assert site.fetch().duplicates == 1
    finally:
        os.umask(umask)
    assert "also:" in (site.seeds / seed).read_text()
    assert stat.S_IMODE((site.seeds / seed).stat().st_mode) == 0o664


def test_a_seed_with_a_full_also_list_gets_no_more_sources(site, server, server_b, capsys):
    add_feed_a(server)
    site.feeds(("Defence Daily", "/feed-a.rss"))
    site.fetch()
    [seed] = site.seed_names()
    for n in range(MAX_ALSO_SOURCES):
        add_source(site.seeds / seed, f"https://outlet-{n}.example/story", f"Outlet {n}")
    full = (site.seeds / seed).read_text()
    server_b.add("/feed-b.atom", (NET / "feed_b.atom").read_text().replace("BASE", server_b.url("")),
                 content_type="application/atom+xml")
    server_b.add_file("/b/shell-plant", "story_b.html")
    feeds = yaml.safe_load((site.content / "feeds.yaml").read_text())
    feeds["feeds"].append({"name": "Kyiv Wire", "url": server_b.url("/feed-b.atom")})
    (site.content / "feeds.yaml").write_text(yaml.safe_dump(feeds))
    capsys.readouterr()
    assert site.fetch().duplicates == 1
    assert (site.seeds / seed).read_text() == full
    assert (f"{site.seeds / seed}: warning: {server_b.url('/b/shell-plant')} not added as another source: it lists "
            f"{MAX_ALSO_SOURCES} already") in capsys.readouterr().err
