"""The benchmark corpus generator (benchmarks/corpus.py) on small corpora. Speed is never asserted."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "content" / "taxonomy"


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def articles():
    return list(corpus.generate(40, seed=7))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def test_same_seed_gives_byte_identical_files(tmp_path):
    corpus.write_corpus(tmp_path / "a", 25, seed=3, hugo=True)
    corpus.write_corpus(tmp_path / "b", 25, seed=3, hugo=True)
    corpus.write_corpus(tmp_path / "c", 25, seed=4, hugo=False)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len([name for name in a if name.startswith("seeds/")]) == 25
    assert "seeds/000000.txt" in a and "seeds/000024.txt" in a
    assert a == b
    c = _files(tmp_path / "c")
    assert c["seeds/000000.txt"] != a["seeds/000000.txt"]


def test_article_is_the_same_whatever_the_corpus_size():
    small = list(corpus.generate(5, seed=2))
    large = list(corpus.generate(12, seed=2))
    assert [x.text for x in small] == [x.text for x in large[:5]]


def test_word_counts_are_between_350_and_600(articles):
    counts = [len(a.text.split()) for a in articles]
    assert all(350 <= c <= 600 for c in counts), counts
    assert len(set(counts)) > 10  # lengths vary


def test_every_article_mentions_a_country_and_a_partner_from_the_taxonomy(articles):
    countries = yaml.safe_load((TAXONOMY / "countries.yaml").read_text(encoding="utf-8"))
    never = set(countries.get("never_partners") or [])
    country_names = {}
    for record in pycountry.countries:
        if record.alpha_2 not in never:
            country_names.setdefault(record.alpha_2, set()).update({record.name, getattr(record, "common_name", record.name)})
    for code, names in (countries.get("names") or {}).items():
        if code not in never:
            country_names.setdefault(code, set()).update(names)
    partners = yaml.safe_load((TAXONOMY / "organisations.yaml").read_text(encoding="utf-8"))["partners"]
    partner_names = {p["name"]: {p["name"], *(p.get("aliases") or [])} for p in partners}
    for article in articles:
        assert any(_mentions(article.text, name) for names in country_names.values() for name in names), article.filename
        assert any(_mentions(article.text, name) for names in partner_names.values() for name in names), article.filename
        # What the generator says it put into the article is really there.
        assert article.partners and set(article.partners) <= set(partner_names)
        for partner in article.partners:
            assert any(_mentions(article.text, name) for name in partner_names[partner]), (article.filename, partner)
        assert article.countries and article.categories and article.activities


def test_seeds_look_like_scraped_pages(articles):
    texts = [a.text for a in articles]
    assert any(t.startswith("date 20") for t in texts)
    assert any(re.search(r"^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d", t, re.M) for t in texts)
    assert any(t.lstrip("\n").startswith("#") for t in texts)
    assert any("Read more" in t or "Read also" in t for t in texts)
    assert any("/ Photo" in t or "/ Illustrative photo" in t for t in texts)
    years = {a.date.year for a in articles}
    assert years <= set(range(2022, 2027)) and len(years) >= 3
    for article in articles:
        head = article.text.split("\n")[:12]
        assert article.title in head


def test_hugo_site_lists_the_taxonomies(tmp_path):
    corpus.write_corpus(tmp_path, 6, seed=5, hugo=True)
    site = tmp_path / "hugo"
    config = (site / "config.toml").read_text(encoding="utf-8")
    assert "paginate = 20" in config
    assert re.search(r'(?m)^\[taxonomies\]\n\s+country = "countries"\n\s+partner = "partners"\n\s+category = "categories"', config)
    for layout in ("_default/baseof.html", "_default/single.html", "_default/list.html", "_default/term.html",
                   "_default/terms.html", "index.html"):
        assert (site / "layouts" / layout).is_file()
    posts = sorted((site / "content" / "posts").glob("*.md"))
    assert len(posts) == 6
    generated = list(corpus.generate(6, seed=5))
    for post, article in zip(posts, generated):
        text = post.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        assert front["title"] == article.title
        assert str(front["date"]) == article.date.isoformat()
        for key in ("countries", "partners", "categories"):
            assert isinstance(front[key], list) and front[key], key
        assert front["countries"] == article.countries and front["partners"] == article.partners
        assert front["categories"] == article.categories


def test_coprod_builds_a_generated_corpus(tmp_path):
    corpus.write_corpus(tmp_path / "corpus", 30, seed=11)
    out = tmp_path / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc).timestamp())))
    done = subprocess.run(
        [sys.executable, "-m", "coprod.cli", "build", "--seeds", str(tmp_path / "corpus" / "seeds"),
         "--content", str(ROOT / "content"), "--templates", str(ROOT / "templates"), "--out", str(out)],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    entries = json.loads((out / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 30
    assert {e["seed"] for e in entries} == {f"{i:06d}.txt" for i in range(30)}
