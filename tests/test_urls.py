"""The one URL rule (urls.py): what is a web URL, how it is normalised, hosts and their matching.
test_url_rule.py checks every place that takes a URL applies it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.core.urls import (URL_IN_TEXT, UrlError, check_base_url, host_matches, normalise_url, url_host,
                               url_hostname, url_problem, web_href, web_url, written_as_url, written_as_web_url)
BAD_URLS = {
    "newline": "https://example.org/\nDisallow: /",
    "carriage return": "https://example.org/a\rb",
    "line separator": "https://example.org/a\u2028b",
    "paragraph separator": "https://example.org/a\u2029b",
    "space": "https://example.org/a b",
    "tab": "https://example.org/\ta",
    "bidi override": "https://example.org/\u202egpj.exe",
    "bad IPv6": "https://[::1/",
    "port too large": "https://example.org:99999/",
    "port zero": "https://example.org:0/",
    "port not a number": "https://example.org:http/",
    "userinfo": "https://trusted.example@evil.example/",
    "no host": "https:///path",
    "bad host": "https://exa_mple..org/",
    "javascript": "javascript:alert(1)",
    "ftp": "ftp://example.org/file",
    "relative": "/news/1",
    "empty": "",
    "too long": "https://example.org/" + "a" * 5000,
}
GOOD_URLS = ["https://example.org/", "http://example.org", "https://www.example.org/news/1?id=2#top",
             "https://[::1]:8080/x", "http://127.0.0.1:8000/", "https://bücher.example/ä"]


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_bad_url_is_refused_with_the_reason(url):
    assert url_problem(url)
    assert web_url(url) is None and web_href(url) is None and url_host(url) is None and normalise_url(url) is None
    assert url_hostname(url) is None


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_good_url_passes(url):
    assert url_problem(url) is None and web_url(url) == url


def test_web_href_is_ascii_with_a_lower_case_host():
    assert web_href("https://BÜCHER.example/ä?q=\"x\"") == "https://xn--bcher-kva.example/%C3%A4?q=%22x%22"


@pytest.mark.parametrize("url, reason", [("https://example.org/?utm=1", "query"), ("https://example.org/#x", "fragment"),
                                         ("https://example.org/#", "fragment")])
def test_base_url_has_no_query_or_fragment(url, reason):
    with pytest.raises(UrlError, match=reason):
        check_base_url(url)


def test_base_url_is_normalised_to_end_with_a_slash():
    assert check_base_url("https://Example.ORG/tracker") == "https://example.org/tracker/"
    assert check_base_url("https://example.org") == "https://example.org/"


def test_hosts_match_a_domain_and_its_subdomains_only():
    assert url_host("https://WWW.News.example:443/a") == "news.example"
    assert url_host("https://news.example:8443/a") == "news.example:8443"
    assert host_matches(url_host("https://www.kyiv.news.example/a"), ["news.example"])
    assert host_matches("news.example", ["WWW.News.Example."])
    assert not host_matches(url_host("https://fakenews.example/a"), ["news.example"])
    assert not host_matches(None, ["news.example"])


@given(st.text(max_size=80).map(lambda tail: "https://example.org/" + tail) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_is_judged_without_error_and_a_passing_one_gives_a_clean_href(text):
    problem = url_problem(text)
    if problem is None:
        href = web_href(text)
        assert href.isascii() and not any(ch.isspace() or ord(ch) < 32 or ch in '<>"`\\' for ch in href)
        assert url_host(text) and normalise_url(text)


def test_the_hostname_is_the_host_as_it_is_in_lower_case_ascii():
    assert url_hostname("https://WWW.Bücher.example:8443/a") == "www.xn--bcher-kva.example"
    assert url_hostname("http://[::1]:8080/") == "::1"
    assert url_hostname("https://example.org./") == "example.org."


@pytest.mark.parametrize("text, web, any_scheme", [
    ("https://example.org/", True, True), ("HTTP://example.org/", True, True),
    ("https:/example.org/", True, False),  # a web URL written wrong is judged as one, not read as a file
    ("ftp://example.org/f", False, True), ("file:///etc/passwd", False, True),
    ("notes/https-links.txt", False, False), ("c:notes.txt", False, False), ("-", False, False),
])
def test_a_value_written_as_a_url_is_told_from_a_file_name(text, web, any_scheme):
    assert written_as_web_url(text) is web
    assert written_as_url(text) is any_scheme


def test_urls_in_running_text_end_at_a_space_quote_or_bracket():
    text = 'See https://news.example/a?b=1 and (http://other.example/x) or "https://q.example/".'
    assert URL_IN_TEXT.findall(text) == ["https://news.example/a?b=1", "http://other.example/x", "https://q.example/"]


def test_a_source_is_labelled_by_its_host_even_when_its_href_grows_past_the_limit():
    import datetime as dt

    from coprod.core.records import Entry, PublicationDate, Source
    from coprod.site.views import EntryView, date_view

    url = "https://News.example/" + "ä" * 2000  # a web URL, whose percent-encoded href is over MAX_LENGTH
    entry = Entry(seed="a.txt", title="a", date=PublicationDate(dt.date(2024, 1, 2), "day", "published"),
                  countries=(), partners=(), categories=(), activities=(), source=Source(url=url), summary="",
                  body="", more_sources=(Source(url=url),))
    view = EntryView(entry=entry, path="entries/a/", date=date_view(entry, "en"), source_name=None,
                     source_url=web_href(url))
    assert url_problem(url) is None and url_problem(view.source_url)
    assert view.source_label == "news.example"
    assert [label for label, _ in view.more_sources] == ["news.example"]
