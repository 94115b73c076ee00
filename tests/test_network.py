"""The partner network (network.py) and the country grid (countrymap.py): their data and
drawings on small fixtures, and the pages of the real site build that show them."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html

from coprod.site.graphics.countrymap import EUROPE, build_grid, scale_for
from coprod.site.graphics.countrymap import render_svg as grid_svg
from coprod.site.graphics.network import NO_COUNTRY, Group, Node, PartnerLinks, build_network
from coprod.site.graphics.network import render_svg as network_svg

SVG = "{http://www.w3.org/2000/svg}"


def text_of(element) -> str:
    return " ".join(element.text_content().split())


# ---------------------------------------------------------------- network: data and drawing

AMMO = Node("ammunition", "Ammunition", "categories/ammunition/", 5, 0)
DRONES = Node("drones", "Drones", "categories/drones/", 2, 6)
CZ = Node("cz", "Czechia", "countries/cz/", 4)
FR = Node("fr", "France", "countries/fr/", 2)


def fixture_network():
    return build_network([
        PartnerLinks(Node("knds-france", "KNDS France", "partners/knds-france/", 2), Group("France", FR),
                     ((AMMO, 1), (DRONES, 2))),
        PartnerLinks(Node("csg", "Czechoslovak Group", "partners/csg/", 3), Group("Czechia", CZ), ((AMMO, 3),)),
        PartnerLinks(Node("stv", "STV Group", "partners/stv/", 1), Group("Czechia", CZ), ((AMMO, 1),)),
        PartnerLinks(Node("ukr", "Ukroboronprom", "partners/ukr/", 4), Group("Ukraine", None), ((AMMO, 4),)),
        PartnerLinks(Node("x", "Unknown Works", "partners/x/", 1), Group(NO_COUNTRY, None), ()),
    ])


def test_network_groups_partners_by_country_most_entries_first():
    network = fixture_network()
    assert [p.partner.name for p in network.partners] == [
        "Czechoslovak Group", "STV Group", "KNDS France", "Ukroboronprom", "Unknown Works"]
    assert [g.label for g in network.groups] == ["Czechia", "France", "Ukraine", NO_COUNTRY]
    assert network.countries == (CZ, FR)
    assert set(network.categories) == {AMMO, DRONES}  # only categories some partner has


def test_network_svg_is_a_labelled_group_whose_every_circle_links_to_its_page():
    svg = lxml.html.fragment_fromstring(str(network_svg(fixture_network(), "The network", lambda p: "../" + p)))
    assert svg.get("role") == "group"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert text_of(svg.xpath(f"./title[@id='{title_id}']")[0]) == "The network"
    assert "5 partner organisations" in text_of(svg.xpath(f"./desc[@id='{desc_id}']")[0])
    links = svg.xpath(".//a")
    assert sorted(a.get("href") for a in links) == sorted(
        "../" + path for path in ("partners/knds-france/", "partners/csg/", "partners/stv/", "partners/ukr/",
                                  "partners/x/", "countries/cz/", "countries/fr/", "categories/ammunition/",
                                  "categories/drones/"))
    for a in links:
        assert len(a.xpath("./circle")) == 1 and a.get("aria-label") and a.xpath("./title")
    assert "Ukraine" in [text_of(t) for t in svg.xpath(".//text[@class='network-group']")]  # no page: a label


def test_network_circles_grow_with_entries_and_lines_with_shared_entries():
    svg = lxml.html.fragment_fromstring(str(network_svg(fixture_network(), "t", lambda p: p)))
    radius = {a.get("href"): float(a.xpath("./circle")[0].get("r")) for a in svg.xpath(".//a")}
    assert radius["partners/ukr/"] > radius["partners/csg/"] > radius["partners/knds-france/"] > radius[
        "partners/stv/"]
    widths = {text_of(p.xpath("./title")[0]): float(p.get("stroke-width"))
              for p in svg.xpath(".//g[@class='network-edges']/path[title]")}
    assert widths["Ukroboronprom, Ammunition: 4 entries"] > widths["KNDS France, Drones: 2 entries"] > widths[
        "KNDS France, Ammunition: 1 entry"]


def test_network_drawing_is_deterministic_and_escapes_names():
    hostile = build_network([PartnerLinks(Node("h", "<script>alert(1)</script> & Co", "partners/h/", 1),
                                          Group("France", FR), ((AMMO, 1),))])
    first = str(network_svg(hostile, "t", lambda p: p))
    assert first == str(network_svg(hostile, "t", lambda p: p))
    assert "<script>" not in first and "&lt;script&gt;" in first


def test_an_empty_network_says_so():
    svg = str(network_svg(build_network([]), "t", lambda p: p))
    assert "no partner organisation" in svg.lower() and "<a " not in svg


# ---------------------------------------------------------------- country grid: data and drawing


def test_scale_bands_start_at_one_end_at_the_largest_and_use_the_whole_palette():
    for largest in (1, 2, 3, 7, 12, 60, 300, 5000):
        bands = scale_for(largest)
        assert bands[0].low == 1 and bands[-1].high == largest
        assert all(a.high + 1 == b.low for a, b in zip(bands, bands[1:]))
        assert len(bands) <= 5 and bands[-1].level == (5 if len(bands) > 1 else 3)
    assert scale_for(0) == ()


def test_grid_places_europe_by_geography_and_others_beyond_it():
    grid = build_grid([("CZ", "Czechia", 4, "countries/cz/"), ("US", "United States", 1, "countries/us/"),
                       ("JP", "Japan", 2, "countries/jp/")], {"DE": "Germany"})
    tiles = {t.code: t for t in grid.tiles}
    assert (tiles["CZ"].column, tiles["CZ"].row) == EUROPE["CZ"]
    assert tiles["DE"].path is None and tiles["DE"].level == 0 and tiles["DE"].name == "Germany"
    assert [t.code for t in grid.tiles if t.row == grid.beyond_row] == ["JP", "US"]  # by name
    assert tiles["CZ"].level > tiles["JP"].level > tiles["US"].level > 0
    assert [t.code for t in grid.partner_tiles] == ["CZ", "JP", "US"]


def test_grid_svg_links_every_partner_country_and_nothing_else():
    grid = build_grid([("CZ", "Czechia", 4, "countries/cz/"), ("US", "United States", 1, "countries/us/")], {})
    svg = lxml.html.fragment_fromstring(str(grid_svg(grid, "Countries", lambda p: p.removeprefix("countries/"))))
    assert svg.get("role") == "group" and svg.xpath("./title") and svg.xpath("./desc")
    links = {a.get("href"): a.get("aria-label") for a in svg.xpath(".//a")}
    assert links == {"cz/": "Czechia: 4 entries", "us/": "United States: 1 entry"}
    assert "Beyond Europe" in text_of(svg)
    home = svg.xpath(".//rect[contains(@class, 'home')]")
    assert len(home) == 1 and not home[0].xpath("ancestor::a")  # Ukraine is marked, not a partner link


# ---------------------------------------------------------------- on the real site


def test_network_page_is_in_the_navigation_and_the_sitemap(site):
    nav = site.doc("index.html").xpath("//header//nav//a")
    assert ("network/", "Network") in [(a.get("href"), text_of(a)) for a in nav]
    assert site.base_url + "network/" in site.read("sitemap.xml")


def test_network_page_draws_every_partner_and_tabulates_the_same_data(site):
    doc = site.doc("network/index.html")
    entries = site.entries()
    partners = sorted({p for e in entries for p in e["partners"]})
    rows = doc.xpath("//main//table/tbody/tr")
    assert sorted(text_of(r.xpath("./th")[0]) for r in rows) == partners
    svg_partners = doc.xpath("//main//*[local-name()='svg']//*[local-name()='a'][contains(@class, 'partner')]")
    assert len(svg_partners) == len(partners)
    for row in rows:
        name = text_of(row.xpath("./th")[0])
        mine = [e for e in entries if name in e["partners"]]
        assert row.xpath("string(./td[2])").strip() == str(len(mine))
        # the categories column: each category of the partner's entries with its number of entries
        shown = {text_of(a): a for a in row.xpath("./td[3]/a")}
        expected = {c for e in mine for c in e["categories"]}
        assert {a.get("href").split("/")[-2] for a in shown.values()} == expected
    for a in svg_partners:
        href = a.get("href")
        assert site.exists(site.file_for(urljoin(site.base_url + "network/", href)))


def test_countries_index_shows_the_grid_with_a_link_per_partner_country(site):
    doc = site.doc("countries/index.html")
    svg = doc.xpath("//main//*[local-name()='svg'][contains(@class, 'country-grid')]")[0]
    codes = {c for e in site.entries() for c in e["countries"]}
    links = {a.get("href"): a.get("aria-label") for a in svg.xpath(".//*[local-name()='a']")}
    assert set(links) == {f"{code.lower()}/" for code in codes}
    for code in codes:
        count = sum(code in e["countries"] for e in site.entries())
        assert links[f"{code.lower()}/"].endswith(f": {count} {'entry' if count == 1 else 'entries'}")
    legend = [text_of(li) for li in doc.xpath("//figure[@class='grid-figure']//ul[@class='legend']/li")]
    assert legend[-2:] == ["no entry", "Ukraine"] and legend[0] == "1 entry"
    assert doc.xpath("//main//table/caption")  # the same numbers as a table


def test_entry_pages_list_their_related_entries(site):
    from coprod.build.pipeline import collect_entries, load_project, reference_date
    from coprod.site.related import RelatedIndex
    from site_checks import CONTENT

    project, _ = load_project(CONTENT, site.base_url)
    entries, _ = collect_entries(site.seeds, project, reference_date())
    index = RelatedIndex(entries)
    related = {entry.seed: index.of(entry.seed) for entry in index.ordered}
    slugs = {e["seed"]: e["slug"] for e in site.entries()}
    assert any(related.values())
    for seed, others in related.items():
        doc = site.doc(f"entries/{slugs[seed]}/index.html")
        shown = doc.xpath("//section[@class='related']//li/a/@href")
        assert shown == [f"../{slugs[o.seed]}/" for o in others], seed
        assert len(shown) <= 5
