"""Markdown pages under content/pages/ and broken templates, on real builds of a copy of content/."""

from __future__ import annotations

import shutil

import lxml.html

from site_checks import CONTENT, SEEDS, TEMPLATES
from coprod.cli import main as coprod_main

EXIT_UNUSABLE = 2


def build(tmp_path, content, templates=TEMPLATES, out=None):
    out = out or tmp_path / "site"
    code = coprod_main(["build", "--seeds", str(SEEDS), "--content", str(content), "--templates", str(templates),
                        "--out", str(out), "--base-url", "https://example.org/"])
    return code, out


def content_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_every_markdown_page_is_rendered_and_in_the_navigation(tmp_path):
    content = content_copy(tmp_path)
    (content / "pages" / "method.md").write_text(
        "---\ntitle: How we work\norder: 5\n---\nSome **method**.\n\n# A heading written as h1\n\nMore text.\n",
        encoding="utf-8")
    code, out = build(tmp_path, content)
    assert code == 0
    doc = lxml.html.fromstring((out / "method" / "index.html").read_text(encoding="utf-8"))
    assert [h.text_content() for h in doc.xpath("//h1")] == ["How we work"]
    assert [h.text_content() for h in doc.xpath("//main//h2")] == ["A heading written as h1"]
    home = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    nav = home.xpath("//header//nav//a")
    assert ("method/", "How we work") in [(a.get("href"), a.text_content()) for a in nav]
    labels = [a.text_content() for a in nav]
    assert labels.index("How we work") < labels.index("About Coprod")  # order: 5 comes before the default


def test_page_named_like_a_site_section_stops_the_build_and_keeps_the_old_site(tmp_path, capsys):
    content = content_copy(tmp_path)
    code, out = build(tmp_path, content)
    assert code == 0
    before = (out / "index.html").read_bytes()
    (content / "pages" / "entries.md").write_text("# Entries\n\nClash.\n", encoding="utf-8")
    code, out = build(tmp_path, content, out=out)
    assert code == EXIT_UNUSABLE
    assert "entries.md" in capsys.readouterr().err
    assert (out / "index.html").read_bytes() == before
    assert not (out / "entries" / "index.html").exists()


def test_missing_template_is_reported_and_writes_nothing(tmp_path, capsys):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "timeline.html").unlink()
    code, out = build(tmp_path, CONTENT, templates=templates)
    assert code == EXIT_UNUSABLE
    assert "timeline.html" in capsys.readouterr().err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-new-")]
