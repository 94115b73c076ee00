"""The SiteWriter (output.py): nothing of a failed build reaches the site, unchanged files
are never rewritten, and files a build no longer makes are gone after it."""

from __future__ import annotations

import os

import pytest

from coprod.output import SiteWriter, UnsafePath


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def first_build(site):
    writer = SiteWriter(site)
    writer.write("index.html", "home")
    writer.write("entries/old/index.html", "old entry")
    writer.write("entries/kept/index.html", "kept entry")
    writer.commit()
    return {name: (site / name).stat().st_ino for name in files(site)}


@pytest.mark.parametrize("complete", [False, True], ids=["in place", "swapped"])
def test_a_rebuild_keeps_unchanged_files_replaces_changed_ones_and_drops_the_rest(tmp_path, complete):
    site = tmp_path / "site"
    inodes = first_build(site)
    writer = SiteWriter(site, complete=complete)
    assert writer.in_place is not complete
    writer.write("index.html", "home, changed")
    assert writer.keep("entries/kept/index.html")
    writer.write("entries/new/index.html", "new entry")
    assert files(site)["index.html"] == "home"  # nothing reaches the site before the commit
    writer.commit()
    assert files(site) == {"index.html": "home, changed", "entries/kept/index.html": "kept entry",
                           "entries/new/index.html": "new entry"}
    assert (site / "entries/kept/index.html").stat().st_ino == inodes["entries/kept/index.html"]
    assert not (site / "entries/old").exists()  # its folder went with its only file
    assert (writer.files_written, writer.files_kept) == (2, 1)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_writing_the_same_bytes_again_keeps_the_file(tmp_path):
    site = tmp_path / "site"
    inodes = first_build(site)
    writer = SiteWriter(site)
    writer.write("index.html", "home")
    writer.commit()
    assert (site / "index.html").stat().st_ino == inodes["index.html"]
    assert (writer.files_written, writer.files_kept) == (0, 1)


def test_an_aborted_build_leaves_the_site_as_it_was(tmp_path):
    site = tmp_path / "site"
    first_build(site)
    before = files(site)
    writer = SiteWriter(site)
    writer.write("index.html", "half a build")
    writer.write("entries/new/index.html", "new entry")
    writer.abort()
    assert files(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_a_link_in_the_old_site_is_replaced_not_followed(tmp_path):
    site = tmp_path / "site"
    first_build(site)
    outside = tmp_path / "outside.txt"
    outside.write_text("not the site's")
    os.symlink(outside, site / "feed.xml")
    os.symlink(tmp_path, site / "stray")
    writer = SiteWriter(site)
    writer.write("feed.xml", "<rss/>")
    assert not writer.keep("stray")
    writer.commit()
    assert outside.read_text() == "not the site's"
    assert not (site / "feed.xml").is_symlink() and (site / "feed.xml").read_text() == "<rss/>"
    assert not os.path.lexists(site / "stray")
    assert tmp_path.is_dir()


def test_a_path_leading_out_of_the_site_is_refused(tmp_path):
    writer = SiteWriter(tmp_path / "site")
    for bad in ("../x.html", "/etc/passwd", "a//b", "a/./b", "", "a\\b", "a\x00b"):
        with pytest.raises(UnsafePath):
            writer.write(bad, "x")
    writer.abort()
