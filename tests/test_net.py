"""The HTTP client's guards, against servers on 127.0.0.1: the addresses it refuses (for
every request and every redirect hop, each checked before connecting and connected to as
checked), and the deadline that ends a request whatever a server trickles."""

from __future__ import annotations

import ssl

import pytest
import trustme

from coprod.ingest import net
from coprod.ingest.net import FetchError, HttpClient, address_refusal
from netserver import FixtureServer

HINT = "(--allow-private-addresses allows it for a deliberately local source)"


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.2", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("100.64.0.1", "non-public"),
    ("192.0.2.10", "private"),
    ("::1", "loopback"), ("::", "unspecified"), ("fe80::1%eth0", "link-local"), ("fc00::1", "private"),
    ("ff02::1", "multicast"), ("2001:db8::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::7f00:1", "loopback"), ("2002:a00:1::", "private"),
])
def test_non_public_addresses_are_named_by_kind(address, kind):
    assert address_refusal(address) == kind


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8",
                                     "64:ff9b::808:808", "2002:808:808::"])
def test_public_addresses_pass(address):
    assert address_refusal(address) is None


def test_a_loopback_server_is_refused_by_default_before_any_request(server):
    url = server.add("/secret", "private", content_type="text/plain")
    with HttpClient(timeout=1, retries=2) as client, pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == f"refused: 127.0.0.1 is a loopback address {HINT}"
    assert server.requests == []


@pytest.mark.parametrize("target, said", [
    ("http://127.0.0.2:{port}/secret", "127.0.0.2 is a loopback address"),
    ("http://[::1]:{port}/secret", "::1 is a loopback address"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
])
def test_a_redirect_to_a_non_public_address_is_refused(server, loopback_is_public, target, said):
    location = target.format(port=server.httpd.server_address[1])
    url = server.add("/moved", status=302, headers={"Location": location})
    with HttpClient(timeout=1, retries=0) as client, pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == f"refused: {said} {HINT}"
    assert server.hits("/moved") == 1


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(server, loopback_is_public, monkeypatch):
    asked = []

    def rebinding(host, port):  # a resolver that answers differently the second time
        asked.append(host)
        return ["127.0.0.1"] if len(asked) == 1 else ["10.0.0.7"]

    monkeypatch.setattr(net, "resolve_addresses", rebinding)
    port = server.httpd.server_address[1]
    server.add("/page", "ok", content_type="text/plain")
    with HttpClient(timeout=1, retries=0) as client:
        assert client.get(f"http://news.example:{port}/page").body == b"ok"
    assert asked == ["news.example"]  # resolved once: what was checked is what was connected to
    assert server.requests_for("/page")[0].headers["host"] == f"news.example:{port}"


def test_tls_goes_to_the_checked_address_with_the_name_for_sni_and_the_certificate(loopback_is_public,
                                                                                   monkeypatch, tmp_path):
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("news.example").configure_cert(context)
    server_names = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setattr(net, "resolve_addresses", lambda host, port: ["127.0.0.1"])
    tls_server = FixtureServer(tls=context).start()
    try:
        tls_server.add("/page", "ok", content_type="text/plain")
        port = tls_server.httpd.server_address[1]
        with HttpClient(timeout=2, retries=0, ca_certs=str(tmp_path / "ca.pem")) as client:
            assert client.get(f"https://news.example:{port}/page").body == b"ok"  # the certificate is news.example's
        assert server_names == ["news.example"]
        assert tls_server.requests_for("/page")[0].headers["host"] == f"news.example:{port}"
    finally:
        tls_server.stop()


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    monkeypatch.setattr(net, "resolve_addresses", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with HttpClient(timeout=1, retries=0) as client, pytest.raises(FetchError) as caught:
        client.get("http://mixed.example/")
    assert str(caught.value) == f"refused: mixed.example resolves to 10.0.0.7, a private address {HINT}"


def test_allow_private_addresses_reaches_a_local_server(server):
    url = server.add("/local", "here", content_type="text/plain")
    with HttpClient(timeout=1, retries=0, allow_private_addresses=True) as client:
        assert client.get(url).body == b"here"


# ---------------------------------------------------------------- the deadline


def test_a_trickled_body_ends_at_the_deadline(server):
    body = b"x" * 100  # one byte every 0.1 s: well within the 0.3 s read timeout each time
    url = server.add("/trickle", body, content_type="text/plain", trickle=0.1)
    with HttpClient(timeout=0.3, retries=2, allow_private_addresses=True) as client, \
            pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == "timed out after 0.9 s: no whole answer within the deadline"
    assert server.routes["/trickle"].bytes_sent < len(body)  # the client hung up long before the end


def test_trickled_headers_end_at_the_deadline_and_are_not_retried(server):
    url = server.add("/trickle", "ok", content_type="text/plain", trickle=0.1, trickle_headers=True)
    with HttpClient(timeout=0.3, retries=2, allow_private_addresses=True) as client, \
            pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == "timed out after 0.9 s: no whole answer within the deadline"
    assert server.hits("/trickle") == 1
    assert server.routes["/trickle"].bytes_sent < 40  # of some 80 bytes of status line and headers


def test_a_retry_after_past_the_deadline_is_not_waited_for(server):
    url = server.add("/busy", "fine", content_type="text/plain", fail_first=1, headers={"Retry-After": "20"})
    with HttpClient(timeout=0.5, retries=2, allow_private_addresses=True) as client, \
            pytest.raises(FetchError) as caught:
        client.get(url)
    assert str(caught.value) == "HTTP 503; waiting 20 s to retry would pass the 1.5 s deadline"
    assert server.hits("/busy") == 1
