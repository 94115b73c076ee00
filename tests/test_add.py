"""`coprod add SOURCE`: a saved page, a text file, standard input or a URL (served on
127.0.0.1 by the fixture server) becomes one seed with a header block; duplicates are refused."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import subprocess
import sys

import pytest
import yaml

from coprod.ingest.add import (MAX_ALSO_SOURCES, Refused, SourceAdded, SourceError, add_source, add_story, read_source,
                        seed_text, story_from_html)
from coprod.cli import main
from coprod.ingest.dedupe import SeedIndex
from coprod.ingest.net import FetchError, HttpClient
from coprod.build.pipeline import extract_seed
from conftest import TEST_CONTENT, TODAY
from netserver import NET

CONTENT = str(TEST_CONTENT)
RETRIEVED = dt.date(2026, 11, 20)


def header_of(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1]), text.split("---\n", 2)[2]


def add_url(url, seeds_dir, project, **options):
    """The library path of `coprod add URL`, with a fixed clock and short timeouts."""
    with HttpClient(timeout=1, retries=0, allow_private_addresses=True) as client:
        story = read_source(url, project.rules, TODAY, client=client, taxonomy=project.taxonomy)
    index = SeedIndex.of_folder(seeds_dir, project.rules, TODAY)
    return add_story(story, seeds_dir, index, project.rules, TODAY, RETRIEVED, **options)


def test_saved_html_page_becomes_a_seed_named_by_date_and_title(seeds_dir, project):
    story = read_source(str(NET / "story_a.html"), project.rules, TODAY, taxonomy=project.taxonomy)
    added = add_story(story, seeds_dir, SeedIndex(), project.rules, TODAY, RETRIEVED)
    assert added.path.name == "2024-05-10_czech-firm-to-make-artillery-shells-in-ukraine.txt"
    header, body = header_of(added.path)
    assert header == {"url": "https://defence-daily.example/news/czech-shells", "publisher": "Defence Daily",
                      "published": dt.date(2024, 5, 10), "retrieved": RETRIEVED}
    assert body.startswith("Czech firm to make artillery shells in Ukraine\n\nThe Czechoslovak Group will produce")
    assert "Most read" not in body and "Copyright" not in body and "Subscribe" not in body


def test_the_reader_honours_the_written_header(seeds_dir, project):
    story = read_source(str(NET / "story_a.html"), project.rules, TODAY, taxonomy=project.taxonomy)
    added = add_story(story, seeds_dir, SeedIndex(), project.rules, TODAY, RETRIEVED)
    entry = extract_seed(added.path, project, TODAY)
    assert entry.title == "Czech firm to make artillery shells in Ukraine"
    assert (entry.date.iso(), entry.date.source) == ("2024-05-10", "published")
    assert (entry.source.name, entry.source.url) == ("Defence Daily", "https://defence-daily.example/news/czech-shells")
    assert entry.countries == ("CZ",) and "joint-production" in entry.activities


def test_text_file_is_kept_as_it_is_under_a_header(tmp_path, seeds_dir, project):
    source = tmp_path / "pasted.txt"
    source.write_text("Danish drones for Ukraine\n\nA Danish firm will produce drones together with Ukrainian "
                      "engineers at a new plant in Denmark, the ministry said on Monday.\n\nRead more: Weather\n")
    story = read_source(str(source), project.rules, TODAY, url="https://news.example/dk-drones")
    added = add_story(story, seeds_dir, SeedIndex(), project.rules, TODAY, RETRIEVED)
    assert added.path.name == "undated_danish-drones-for-ukraine.txt"
    assert added.path.read_text() == ("---\nurl: https://news.example/dk-drones\nretrieved: 2026-11-20\n---\n"
                                      + source.read_text())


def test_standard_input_is_read_with_dash(tmp_path, seeds_dir):
    text = ("date 2024-03-01 Swedish plant to build armoured vehicles\n\nSwedish and Ukrainian companies will "
            "manufacture armoured vehicles together at a plant near Kyiv, officials said on Friday afternoon.\n")
    done = subprocess.run([sys.executable, "-m", "coprod.cli", "add", "-", "--seeds", str(seeds_dir),
                           "--content", CONTENT], input=text.encode(), capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    [seed] = seeds_dir.iterdir()
    assert seed.name.startswith("2024-03-01_")
    assert seed.read_text().endswith(text)


def test_url_is_downloaded_and_the_entry_printed_with_findings(server, seeds_dir, capsys):
    url = server.add_file("/news/czech-shells", "story_a.html")
    code = main(["add", url, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "2", "--allow-private-addresses"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    [seed] = seeds_dir.iterdir()
    assert out[0] == f"added {seed}"
    assert "  title:      Czech firm to make artillery shells in Ukraine" in out
    assert "  countries:  CZ" in out
    assert header_of(seed)[0]["url"] == url  # the URL fetched, ahead of the page's canonical link
    assert server.requests_for("/news/czech-shells")[0].headers["user-agent"].startswith("coprod/")


def test_page_in_windows_1251_is_decoded(server, seeds_dir, project):
    url = server.add_file("/uk/cyrillic", "cyrillic_1251.html", content_type="text/html; charset=windows-1251")
    added = add_url(url, seeds_dir, project)
    header, body = header_of(added.path)
    assert header["publisher"] == "Оборонний вісник"
    assert body.startswith("Чеська компанія вироблятиме снаряди в Україні\n\n")
    assert "артилерійські снаряди калібру 155 мм" in body
    assert added.path.name == "2024-05-12_cheska-kompaniia-virobliatime-snariadi-v-ukraini.txt"


def test_charset_declared_only_in_the_page_is_honoured(server, seeds_dir, project):
    url = server.add_file("/uk/cyrillic", "cyrillic_1251.html", content_type="text/html")
    header, body = header_of(add_url(url, seeds_dir, project).path)
    assert "повідомили в компанії" in body


def test_same_url_is_refused(server, seeds_dir, project):
    url = server.add_file("/news/czech-shells", "story_a.html")
    add_url(url, seeds_dir, project)
    with pytest.raises(Refused, match=r"already in seeds/ as 2024-05-10_czech-firm.*\(same URL\); use --force"):
        add_url(url + "?utm_source=feed", seeds_dir, project)
    assert len(list(seeds_dir.iterdir())) == 1


def test_near_identical_text_under_another_name_is_refused(server, seeds_dir, project, capsys):
    add_url(server.add_file("/a/story", "story_a.html"), seeds_dir, project)
    other = server.add_file("/b/story", "story_b.html")
    code = main(["add", other, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "2", "--allow-private-addresses"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith(f"{other}: error: already in seeds/ as 2024-05-10_czech-firm")
    assert "near-identical text" in err and err.endswith("use --force to add it anyway")
    assert len(list(seeds_dir.iterdir())) == 1


def test_force_adds_a_duplicate_under_a_new_name(server, seeds_dir, project):
    url = server.add_file("/a/story", "story_a.html")
    first = add_url(url, seeds_dir, project)
    second = add_url(url, seeds_dir, project, force=True)
    assert second.path != first.path and second.path.name.endswith("-2.txt")


def test_a_different_story_is_not_a_duplicate(server, seeds_dir, project):
    add_url(server.add_file("/a/story", "story_a.html"), seeds_dir, project)
    add_url(server.add_file("/a/repair", "repair.html"), seeds_dir, project)
    assert len(list(seeds_dir.iterdir())) == 2


def test_missing_page_fails_with_one_line_and_writes_nothing(server, seeds_dir, capsys):
    url = server.url("/gone")
    code = main(["add", url, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "2", "--allow-private-addresses"])
    assert code == 1
    assert capsys.readouterr().err.strip() == f"{url}: error: HTTP 404 Not Found"
    assert list(seeds_dir.iterdir()) == []


def test_missing_file_is_unusable_input(seeds_dir, capsys):
    assert main(["add", "no-such-file.txt", "--seeds", str(seeds_dir), "--content", CONTENT]) == 2
    assert capsys.readouterr().err.strip() == "no-such-file.txt: error: no such file"


def test_page_without_article_text_is_refused(server, seeds_dir, project):
    url = server.add("/empty", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(Exception, match="no article text found"):
        add_url(url, seeds_dir, project)


def test_another_source_is_appended_to_the_header_and_the_body_kept(seeds_dir, project):
    story = story_from_html((NET / "story_a.html").read_text(), None, TODAY, project.taxonomy)
    path = seeds_dir / "seed.txt"
    path.write_text(seed_text(story, RETRIEVED))
    _, body_before = header_of(path)
    assert add_source(path, "https://kyiv-wire.example/b", "Kyiv Wire") is SourceAdded.ADDED
    assert add_source(path, "https://kyiv-wire.example/b", "Kyiv Wire") is SourceAdded.LISTED  # once only
    header, body = header_of(path)
    assert header["also"] == [{"url": "https://kyiv-wire.example/b", "publisher": "Kyiv Wire"}]
    assert body == body_before
    entry = extract_seed(path, project, TODAY)
    assert [(s.name, s.url) for s in entry.more_sources] == [("Kyiv Wire", "https://kyiv-wire.example/b")]


def test_a_seed_without_header_gets_one_for_another_source(seeds_dir):
    path = seeds_dir / "pasted.txt"
    path.write_text("Title of a story\n\nBody text.\n")
    add_source(path, "https://other.example/x", "Other")
    assert path.read_text() == ("---\nalso:\n  - {url: 'https://other.example/x', publisher: Other}\n---\n"
                                "Title of a story\n\nBody text.\n")


def test_timeout_is_a_fetch_error_naming_the_wait(server, project):
    url = server.add("/slow", "<p>late</p>", delay=5)
    with HttpClient(timeout=0.5, retries=0, allow_private_addresses=True) as client, pytest.raises(FetchError, match="timed out after 0.5 s"):
        read_source(url, project.rules, TODAY, client=client)


def test_seed_index_reads_again_only_the_seeds_that_changed(seeds_dir, project, monkeypatch):
    from coprod.ingest import dedupe

    story = story_from_html((NET / "story_a.html").read_text(), None, TODAY, project.taxonomy)
    (seeds_dir / "a.txt").write_text(seed_text(story, RETRIEVED))
    (seeds_dir / "b.txt").write_text((NET / "repair.html").read_text())
    SeedIndex.of_folder(seeds_dir, project.rules, TODAY)
    reads = []
    real = dedupe.decode_seed
    monkeypatch.setattr(dedupe, "decode_seed", lambda name, data: reads.append(name) or real(name, data))
    cached = SeedIndex.of_folder(seeds_dir, project.rules, TODAY)
    assert reads == []
    assert cached.near_duplicate(story.compare_text).seed.name == "a.txt"  # from the cached signature
    (seeds_dir / "b.txt").write_text("Another story\n\nWith other words in it.\n")
    SeedIndex.of_folder(seeds_dir, project.rules, TODAY)
    assert reads == ["b.txt"]


# ---------------------------------------------------------------- reliability


def test_a_redirect_to_a_loopback_address_is_refused(server, seeds_dir, capsys, loopback_is_public):
    port = server.httpd.server_address[1]
    url = server.add("/story", status=301, headers={"Location": f"http://127.0.0.2:{port}/admin"})
    code = main(["add", url, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "2"])
    assert code == 1
    assert capsys.readouterr().err.strip() == (f"{url}: error: refused: 127.0.0.2 is a loopback address "
                                               "(--allow-private-addresses allows it for a deliberately local source)")
    assert list(seeds_dir.iterdir()) == []


def test_a_local_server_is_refused_without_the_option(server, seeds_dir, capsys):
    url = server.add_file("/news/czech-shells", "story_a.html")
    assert main(["add", url, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "2"]) == 1
    assert "refused: 127.0.0.1 is a loopback address" in capsys.readouterr().err
    assert server.hits("/news/czech-shells") == 0


def test_a_page_trickled_a_byte_at_a_time_ends_at_three_times_the_timeout(server, seeds_dir, capsys):
    page = (NET / "story_a.html").read_bytes()
    url = server.add("/trickle", page, trickle=0.1)
    code = main(["add", url, "--seeds", str(seeds_dir), "--content", CONTENT, "--timeout", "0.3",
                 "--allow-private-addresses"])
    assert code == 1
    assert capsys.readouterr().err.strip() == f"{url}: error: timed out after 0.9 s: no whole answer within the deadline"
    assert server.routes["/trickle"].bytes_sent < len(page)


class EndlessInput(io.RawIOBase):
    """`yes | coprod add -`: standard input that never ends (here: 64 MB), counting what was read."""

    def __init__(self, limit: int = 64 * 1024 * 1024):
        self.given, self.limit = 0, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.limit - self.given)
        buffer[:n] = b"y\n" * (n // 2) + b"y" * (n % 2)
        self.given += n
        return n


def test_standard_input_is_read_up_to_10_mb_only(project):
    endless = EndlessInput()
    with pytest.raises(SourceError) as caught:
        read_source("-", project.rules, TODAY, stdin=io.BufferedReader(endless))
    assert str(caught.value) == "standard input: error: too large (more than 10 MB, the limit)"
    assert endless.given <= 10 * 1024 * 1024 + 64 * 1024  # what the cap needs, and one buffer more


def test_a_new_seed_gets_the_umask_mode_and_a_seed_given_a_source_keeps_its_mode(seeds_dir, project):
    story = read_source(str(NET / "story_a.html"), project.rules, TODAY, taxonomy=project.taxonomy)
    umask = os.umask(0o027)
    try:
        added = add_story(story, seeds_dir, SeedIndex(), project.rules, TODAY, RETRIEVED)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(added.path.stat().st_mode) == 0o640
    added.path.chmod(0o644)
    assert add_source(added.path, "https://kyiv-wire.example/b", "Kyiv Wire") is SourceAdded.ADDED
    assert stat.S_IMODE(added.path.stat().st_mode) == 0o644
    assert [p.name for p in seeds_dir.iterdir()] == [added.path.name]  # no temporary file left


def test_the_also_list_skips_a_url_listed_in_another_spelling_and_stops_at_the_cap(seeds_dir):
    path = seeds_dir / "seed.txt"
    path.write_text("---\nurl: https://first.example/story\n---\nTitle of a story\n\nBody text.\n")
    assert add_source(path, "https://www.first.example/story/?utm_source=feed", "First") is SourceAdded.LISTED
    for n in range(MAX_ALSO_SOURCES):
        assert add_source(path, f"https://outlet-{n}.example/story", f"Outlet {n}") is SourceAdded.ADDED
    assert add_source(path, "https://outlet-0.example/story#top", "Outlet 0") is SourceAdded.LISTED
    full = path.read_text()
    assert add_source(path, "https://one-too-many.example/story", "One too many") is SourceAdded.FULL
    assert path.read_text() == full
    header, _ = header_of(path)
    assert len(header["also"]) == MAX_ALSO_SOURCES
