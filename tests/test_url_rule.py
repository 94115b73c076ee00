"""Every place that takes a URL applies the one rule of urls.py: site.yaml's base_url and
--base-url, a seed's header, a correction, the feed list, `coprod add --url`, the HTTP client."""

from __future__ import annotations

import datetime as dt

import pytest

from coprod.cli import main
from coprod.correct.corrections import parse_correction
from coprod.core.errors import ContentError
from coprod.ingest.fetch import load_feeds
from coprod.ingest.net import FetchError, HttpClient
from coprod.build.pipeline import extract_seed, load_project
from coprod.core.settings import load_settings
from conftest import TEST_CONTENT

TODAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize("value", ['"https://example.org/\\nDisallow: /"', '"https://example.org/?q=1"',
                                   '"https://example.org/#top"', "https://example.org:99999/", "'https://[::1/'"])
def test_a_bad_base_url_in_site_yaml_is_one_line_naming_the_file_exit_2(tmp_path, content_copy, seeds_dir, capfd,
                                                                           value):
    (seeds_dir / "a.txt").write_text("Danish drones\n\nA Danish firm will produce drones with Ukraine.\n")
    (content_copy / "site.yaml").write_text(f"title: Test\nbase_url: {value}\n")
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(content_copy), "--out", str(tmp_path / "site"),
                 "--no-search", "--no-cache"])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith(f"{content_copy / 'site.yaml'}: error: base_url ")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value", ["https://[::1/", "https://example.org/\nx", "https://example.org:99999/",
                                   "https://example.org/?a=b"])
def test_a_bad_base_url_option_is_one_line_exit_2(tmp_path, seeds_dir, capfd, value):
    (seeds_dir / "a.txt").write_text("Danish drones\n\nA Danish firm will produce drones with Ukraine.\n")
    code = main(["build", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT), "--out",
                 str(tmp_path / "site"), "--no-search", "--no-cache", "--base-url", value])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("--base-url: error: base_url ")
    assert "Traceback" not in err[0]


def test_base_url_from_site_yaml_is_normalised(content_copy):
    (content_copy / "site.yaml").write_text("base_url: https://Example.ORG/tracker\n")
    assert load_settings(content_copy).base_url == "https://example.org/tracker/"


@pytest.mark.parametrize("url", ["https://example.org/a\\u2028b", "https://example.org/a\\nb", "https://exa mple.org/",
                                 "https://example.org:99999/", "https://user@example.org/"])
def test_a_bad_url_in_a_seed_header_never_reaches_the_entry(seeds_dir, url):
    project, _ = load_project(TEST_CONTENT)
    seed = seeds_dir / "a.txt"
    seed.write_text(f'---\nurl: "{url}"\npublisher: Example News\nalso:\n  - {{url: "{url}", publisher: Other}}\n'
                    "---\nDanish drones\n\nA Danish firm will produce drones together with Ukrainian engineers.\n",
                    encoding="utf-8")
    entry = extract_seed(seed, project, TODAY)
    assert entry.source.url is None
    assert [s.url for s in entry.more_sources] == [None]


def test_a_good_url_in_a_seed_header_is_kept(seeds_dir):
    project, _ = load_project(TEST_CONTENT)
    seed = seeds_dir / "a.txt"
    seed.write_text("---\nurl: https://example.org/news/1\n---\nDanish drones\n\nA Danish firm will produce drones "
                    "together with Ukrainian engineers.\n")
    assert extract_seed(seed, project, TODAY).source.url == "https://example.org/news/1"


@pytest.mark.parametrize("field", ["url", "source"])
def test_a_correction_with_a_url_that_breaks_the_rule_is_refused(tmp_path, field):
    project, _ = load_project(TEST_CONTENT)
    value = "https://example.org/a\u2028b"
    data = {"url": value} if field == "url" else {"source": {"name": "X", "url": value}}
    with pytest.raises(ContentError, match="U\\+2028"):
        parse_correction(tmp_path / "a.yaml", data, project.taxonomy)


def test_a_feed_url_that_breaks_the_rule_is_refused(tmp_path):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text('feeds:\n  - {name: A, url: "https://example.org:99999/feed"}\n')
    with pytest.raises(ContentError, match="Port out of range"):
        load_feeds(feeds)


def test_the_http_client_refuses_a_bad_url_before_any_connection():
    with HttpClient(timeout=1, retries=0) as client:
        with pytest.raises(FetchError, match="user name"):
            client.get("http://me@127.0.0.1:9/")
        with pytest.raises(FetchError, match="control"):
            client.get("http://127.0.0.1:9/\r\nX-Injected: 1")


def test_add_refuses_a_url_option_that_breaks_the_rule(tmp_path, seeds_dir, capfd):
    text = tmp_path / "a.txt"
    text.write_text("Danish drones\n\nA Danish firm will produce drones together with Ukrainian engineers.\n")
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(text), "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT),
              "--url", "https://example.org/a\npublished: 1999-01-01"])
    assert exit_.value.code == 2
    assert "--url" in capfd.readouterr().err
    assert list(seeds_dir.iterdir()) == []


@pytest.mark.parametrize("source", ["https://example.org/a\nb", "https://[::1/", "http://example.org:99999/"])
def test_add_refuses_a_source_url_that_breaks_the_rule_on_one_line(tmp_path, seeds_dir, capfd, source):
    code = main(["add", source, "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith(f"{source!r}: error: the URL ")
    assert list(seeds_dir.iterdir()) == []
