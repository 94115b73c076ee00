"""The SiteWriter (output.py): nothing of a failed build reaches the site, unchanged files
are never rewritten, files a build no longer makes are gone after it, and no file the tool
did not write is ever removed: which folders it refuses, what it carries over, modes, the
lock, what killed builds leave, and disk errors."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from coprod.cli import main as coprod_main
from coprod.build.output import MARKER, OutputLock, OutputRefused, SiteWriter, UnsafePath, check_output_folder
from site_checks import BASE_URL, CONTENT, SEEDS, TEMPLATES


def files(folder):
    """The site's files and their text, its own list of them left out."""
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every file (bytes), link (its target) and folder under ``folder``, byte for byte."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relpath = path.relative_to(folder).as_posix()
        found[relpath] = f"-> {os.readlink(path)}" if path.is_symlink() else \
            path.read_bytes() if path.is_file() else "<folder>"
    return found


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
    (site / "index.html").unlink()
    os.symlink(outside, site / "index.html")  # at a path the last build wrote: the build's own
    os.symlink(tmp_path, site / "stray")  # at a path no build wrote: someone else's, left alone
    writer = SiteWriter(site)
    writer.write("index.html", "home")
    assert not writer.keep("stray")
    writer.commit()
    assert outside.read_text() == "not the site's"
    assert not (site / "index.html").is_symlink() and (site / "index.html").read_text() == "home"
    assert os.readlink(site / "stray") == str(tmp_path)
    assert tmp_path.is_dir()


def test_a_path_leading_out_of_the_site_is_refused(tmp_path):
    writer = SiteWriter(tmp_path / "site")
    for bad in ("../x.html", "/etc/passwd", "a//b", "a/./b", "", "a\\b", "a\x00b"):
        with pytest.raises(UnsafePath):
            writer.write(bad, "x")
    writer.abort()


# ---------------------------------------------------------------- folders the build must not write

def build(seeds: Path, out: Path, *extra: str, content: Path = CONTENT, templates: Path = TEMPLATES) -> int:
    return coprod_main(["build", "--seeds", str(seeds), "--content", str(content), "--templates", str(templates),
                        "--out", str(out), "--base-url", BASE_URL, "--no-cache", "--jobs", "1", *extra])


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.fixture
def inputs(tmp_path):
    """Private copies of the seeds, content and templates, so that no refusal can cost the real ones."""
    copies = {name: tmp_path / name for name in ("seeds", "content", "templates")}
    for name, source in (("seeds", SEEDS), ("content", CONTENT), ("templates", TEMPLATES)):
        shutil.copytree(source, copies[name])
    return copies


@pytest.mark.parametrize("search", [True, False], ids=["search", "no search"])
def test_a_folder_holding_files_of_its_own_is_refused_and_keeps_them(inputs, tmp_path, capsys, search):
    out = tmp_path / "d"
    (out / ".ssh").mkdir(parents=True)
    (out / "thesis.docx").write_text("x")
    (out / ".ssh" / "id_ed25519").write_text("key")
    before = tree(out)
    code = build(inputs["seeds"], out, *(() if search else ("--no-search",)), content=inputs["content"],
                 templates=inputs["templates"])
    assert code == 2
    assert one_error_line(capsys) == (f"{out}: error: not empty and not a site coprod wrote (no {MARKER} in it); "
                                      "refusing to write there: give --out a new or empty folder")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "d", "seeds", "templates"]  # no cache, no lock


@pytest.mark.parametrize("which", ["seeds", "content", "templates", "parent"])
def test_an_input_folder_or_one_holding_it_is_refused_even_once_it_holds_a_site_list(inputs, tmp_path, capsys,
                                                                                     which):
    out = tmp_path if which == "parent" else inputs[which]
    (out / MARKER).write_text("coprod site: the files the last build wrote into this folder, one a line\n")
    before = tree(tmp_path)
    code = build(inputs["seeds"], out, "--no-search", content=inputs["content"], templates=inputs["templates"])
    assert code == 2
    held = "holds" if which == "parent" else "is"
    folder = inputs["seeds" if which == "parent" else which]
    assert one_error_line(capsys) == (f"{out}: error: refusing to write the site there: it {held} the "
                                      f"{'seeds' if which == 'parent' else which} folder {folder}")
    assert tree(tmp_path) == before


def test_a_repository_or_a_folder_above_it_is_refused(inputs, tmp_path, monkeypatch, capsys):
    repo = tmp_path / "work" / "clone"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    monkeypatch.chdir(repo)
    for out in (repo, repo.parent):
        before = tree(tmp_path)
        assert build(inputs["seeds"], out, "--no-search", content=inputs["content"],
                     templates=inputs["templates"]) == 2
        assert one_error_line(capsys).endswith(f"it {'is' if out == repo else 'holds'} the repository {repo}")
        assert tree(tmp_path) == before
    # A repository is never written, even one that says it is a site, from anywhere: .git is not the tool's.
    monkeypatch.chdir(tmp_path)
    (repo / MARKER).write_text("coprod site: the files the last build wrote into this folder, one a line\n")
    with pytest.raises(OutputRefused, match="it is a repository"):
        check_output_folder(repo, {})


def test_the_root_of_the_filesystem_is_refused():
    # Checked without a build: the check alone must refuse it (it holds the repository, the working
    # folder's, when there is one; else it is not empty and holds no site list).
    with pytest.raises(OutputRefused, match=r"^/: error: (refusing to write the site there|not empty and not a site)"):
        check_output_folder(Path("/"), {})


def test_a_file_given_as_out_is_refused_and_stays(inputs, tmp_path, capsys):
    out = tmp_path / "notes.txt"
    out.write_text("mine")
    assert build(inputs["seeds"], out, content=inputs["content"], templates=inputs["templates"]) == 2
    assert one_error_line(capsys) == f"{out}: error: not a folder; give --out a folder for the site"
    assert out.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "notes.txt", "seeds", "templates"]


def test_serve_builds_refuse_a_folder_that_is_not_theirs_too(inputs, tmp_path):
    from coprod.build.serve import SiteBuilder

    work = tmp_path / "work"
    (work / "site").mkdir(parents=True)  # the folder serve builds into
    (work / "site" / "thesis.docx").write_text("x")
    errors = []

    class Sink:
        def write(self, text):
            errors.append(text)

        def flush(self):
            pass

    builder = SiteBuilder(inputs["seeds"], inputs["content"], inputs["templates"], work, BASE_URL, Sink(), Sink())
    assert builder.build() is False
    assert (work / "site" / "thesis.docx").read_text() == "x"
    assert any("not a site coprod wrote" in line for line in builder.errors)


# ---------------------------------------------------------------- files the build did not write

@pytest.mark.parametrize("complete", [False, True], ids=["in place", "swapped"])
def test_files_no_build_wrote_are_carried_into_the_new_site(tmp_path, complete):
    site = tmp_path / "site"
    first_build(site)
    (site / "CNAME").write_text("news.example.org")
    (site / "entries" / "old" / "notes.txt").write_text("an editor's note")  # beside a page that goes
    (site / "empty").mkdir()
    os.symlink("index.html", site / "home.html")
    writer = SiteWriter(site, complete=complete)
    writer.write("index.html", "home")
    writer.write("entries/kept/index.html", "kept entry")
    writer.commit()
    assert files(site) == {"index.html": "home", "entries/kept/index.html": "kept entry",
                           "CNAME": "news.example.org", "entries/old/notes.txt": "an editor's note",
                           "home.html": "home"}
    assert not (site / "entries" / "old" / "index.html").exists()  # the build's own stale file is gone
    assert (site / "empty").is_dir() and os.readlink(site / "home.html") == "index.html"
    assert (site / MARKER).read_text().splitlines()[1:] == ["entries/kept/index.html", "index.html"]


@pytest.mark.parametrize("complete", [False, True], ids=["in place", "swapped"])
@pytest.mark.parametrize("where", ["same path", "folder needed", "file needed"])
def test_a_file_no_build_wrote_in_the_way_of_the_new_site_stops_it_before_anything_changes(tmp_path, complete,
                                                                                         where):
    site = tmp_path / "site"
    first_build(site)
    if where == "same path":
        (site / "feed.xml").write_text("mine")
        theirs, new = site / "feed.xml", "feed.xml"
    elif where == "folder needed":  # a file where the new site needs a folder
        (site / "about").write_text("mine")
        theirs, new = site / "about", "about/index.html"
    else:  # a folder of someone else's files where the new site needs a file
        (site / "entries" / "kept" / "photo.jpg").write_text("mine")
        theirs, new = site / "entries" / "kept" / "photo.jpg", "entries/kept"
    before = tree(site)
    writer = SiteWriter(site, complete=complete)
    writer.write("index.html", "home, changed")
    writer.write(new, "new")
    with pytest.raises(OutputRefused) as refused:
        writer.commit()
    writer.abort()
    assert str(refused.value) == (f"{theirs}: error: not written by coprod, and the new site needs its path; "
                                  "move it away and build again")
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder, no lock


def test_the_site_list_names_only_safe_paths_and_a_forged_one_leads_nowhere(tmp_path):
    site = tmp_path / "site"
    first_build(site)
    outside = tmp_path / "keep.txt"
    outside.write_text("outside")
    (site / MARKER).write_text((site / MARKER).read_text() + "../keep.txt\n/etc/hostname\n")
    writer = SiteWriter(site)
    writer.write("index.html", "home")
    writer.commit()
    assert outside.read_text() == "outside"
    assert (site / MARKER).read_text().splitlines()[1:] == ["index.html"]


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize("umask", [0o022, 0o027])
@pytest.mark.parametrize("complete", [False, True], ids=["in place", "swapped"])
def test_the_site_gets_the_modes_the_umask_gives(tmp_path, umask, complete):
    site = tmp_path / "site"
    previous = os.umask(umask)
    try:
        first_build(site)
        writer = SiteWriter(site, complete=complete)
        writer.write("index.html", "home, changed")
        writer.write("entries/new/index.html", "new entry")
        writer.commit()
    finally:
        os.umask(previous)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o777 & ~umask}
    modes = {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()}
    assert modes == {0o666 & ~umask}


# ---------------------------------------------------------------- one build at a time, and what killed ones left


def test_a_second_build_into_the_same_folder_is_refused_while_one_writes(tmp_path, capsys):
    out = tmp_path / "site"
    assert build(SEEDS, out, "--no-search") == 0
    before = tree(out)
    capsys.readouterr()
    running = SiteWriter(out)  # holds the folder's lock, as a build running in another process would
    try:
        assert build(SEEDS, out, "--no-search") == 2
        assert one_error_line(capsys) == f"{out}: error: another build is writing there; build again when it " \
                                         "has finished"
    finally:
        running.abort()
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the lock file goes with the lock
    assert build(SEEDS, out, "--no-search") == 0  # and the next build may write


def test_the_lock_is_held_by_one_writer_at_a_time(tmp_path):
    first = OutputLock(tmp_path / "site")
    with pytest.raises(OutputRefused, match="another build is writing there"):
        OutputLock(tmp_path / "site")
    first.release()
    OutputLock(tmp_path / "site").release()
    assert list(tmp_path.iterdir()) == []


def test_staging_folders_of_killed_builds_are_removed_and_nothing_else(tmp_path):
    site = tmp_path / "site"
    first_build(site)
    killed = SiteWriter(site)  # a build killed midway leaves its staging folder
    killed.write("index.html", "half a build")
    killed._lock.release()
    others = [tmp_path / ".site-new-notours", tmp_path / ".site-new-0123abcd"]  # other naming; no site list
    for folder in others:
        folder.mkdir()
        (folder / "thesis.docx").write_text("x")
    writer = SiteWriter(site)
    assert not killed.staging.exists()
    writer.write("index.html", "home")
    writer.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *(f.name for f in others)])
    assert all((folder / "thesis.docx").read_text() == "x" for folder in others)


def test_an_old_site_set_aside_by_a_killed_swap_is_put_back(tmp_path, monkeypatch):
    site = tmp_path / "site"
    first_build(site)
    (site / "CNAME").write_text("news.example.org")
    before = tree(site)
    writer = SiteWriter(site, complete=True)
    writer.write("index.html", "home, changed")
    real_rename = os.rename

    def killed_after_setting_aside(source, destination):
        real_rename(source, destination)
        if Path(destination).name.startswith(".site-old-"):
            raise KeyboardInterrupt  # killed between the two renames (and no abort runs)

    monkeypatch.setattr(os, "rename", killed_after_setting_aside)
    with pytest.raises(KeyboardInterrupt):
        writer.commit()
    monkeypatch.setattr(os, "rename", real_rename)
    writer._lock.release()  # the killed process's lock goes with it
    assert not site.exists()
    SiteWriter(site).abort()  # the next build puts the old site back first
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# ---------------------------------------------------------------- disk errors


def failing(monkeypatch, name: str, code: int, when=lambda *args: True):
    real = getattr(os, name)

    def fail(*args, **kwargs):
        if when(*args):
            raise OSError(code, os.strerror(code), str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fail)


@pytest.mark.parametrize("search", [True, False], ids=["swapped", "in place"])
@pytest.mark.parametrize("code, failure", [
    pytest.param(errno.EROFS, "mkdir", id="read-only"),  # the staging folder cannot be made
    pytest.param(errno.ENOSPC, "write", id="disk full"),  # while pages are written
    pytest.param(errno.EBUSY, "commit", id="busy"),  # the folder (a mount point) when it is put in place
])
def test_a_disk_error_is_one_line_and_leaves_the_previous_site(tmp_path, monkeypatch, capsys, search, code, failure):
    out = tmp_path / "site"
    extra = () if search else ("--no-search",)
    assert build(SEEDS, out, *extra) == 0
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    sorted(seeds.iterdir())[0].write_text("A changed story about Czech ammunition for Ukraine\n\n"
                                          "Czech firms and Ukraine agree to produce shells.\n")  # more to write
    before = tree(out)
    capsys.readouterr()
    if failure == "mkdir":
        failing(monkeypatch, "mkdir", code, lambda path, *rest: ".site-new-" in str(path))
    elif failure == "write":
        import builtins

        real_open, opened = builtins.open, []

        def full(file, mode="r", *args, **kwargs):
            if "w" in mode and ".site-new-" in str(file):
                opened.append(file)
                if len(opened) > 5:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", full)
    else:
        name = "rename" if search else "replace"
        failing(monkeypatch, name, code, lambda source, *rest: Path(source) == out or
                (not search and ".site-new-" in str(source) and MARKER not in str(source)))
    assert build(seeds, out, *extra) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"{out}: error: cannot write the site ({os.strerror(code)}: ")
    monkeypatch.undo()
    if failure == "commit" and not search:
        # Files move in one by one: the first failed, so nothing moved, and the next build completes the site.
        assert line.endswith("; the site may be part new, part old: build again")
    else:
        assert line.endswith("; the previous site is as it was")
        assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site"]  # no staging folder, no lock
    assert build(seeds, out, *extra) == 0
    fresh = tmp_path / "fresh"
    assert build(seeds, fresh, *extra) == 0
    assert tree(out) == tree(fresh)
