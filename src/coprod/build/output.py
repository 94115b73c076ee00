"""Writing the site: every file inside the output folder, and nothing of a failed build.

Every file the build writes anew goes first into a fresh folder beside the target
(``.site-new-*``); a file whose bytes would not change is not rewritten, so it keeps
its bytes, inode and modification time. Nothing reaches the target before the whole
build has succeeded: a failed build leaves the previous site exactly as it was.
Then, at ``commit``:

- with no previous site, or when the staging folder must hold the *complete* site
  (the search indexer reads it), unchanged files are hard-linked into the staging
  folder as the build goes, and the folder is swapped in with one rename;
- otherwise (an *in-place* commit) the few files written anew are moved into the
  target one by one, each with an atomic rename, and files the build no longer makes
  are deleted. This costs as many file operations as files changed, where a swap costs
  two per file of the site (tens of thousands for a large site). While it runs, a
  reader may see some files new and others old, never a partly written file; if it is
  interrupted, the next build finds the files that differ from what it recorded
  (build cache) and writes them again.

Whose files are whose
---------------------
The site's own folder holds ``.coprod-site``, the list of every file the last build
wrote there. A build writes only into a folder that is new, empty or holds that list
(``check_output_folder``), never into one that is or holds the seeds, content or
templates folder or a repository; it deletes only files the list names, and a file
there that it does not name is carried into the new site as it is (a swap links it
in) unless the new site needs its path, which stops the build before anything
changes. One build at a time writes a folder (a lock file beside it, held with
``flock`` and removed after), and that build first clears what killed builds left
beside it (staging folders, or an old site set aside by a swap that did not finish,
which is put back). Folders and files get the modes the umask gives.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from coprod.core.errors import CoprodError

MARKER = ".coprod-site"  # the list of the site's own files, in its folder
MARKER_HEADER = "coprod site: the files the last build wrote into this folder, one a line\n"


class OutputRefused(CoprodError):
    """The output folder cannot be written: not the tool's, in use, or the disk refused."""


class UnsafePath(ValueError):
    pass


def safe_relative(relpath: str) -> str:
    """``relpath`` if it names a file inside the output folder; UnsafePath for anything that
    could land outside it (absolute, "..", empty or "." segments, backslashes, NUL) or break
    the list of the site's files (a line break)."""
    if not relpath or relpath.startswith("/") or any(char in relpath for char in "\\\x00\n\r"):
        raise UnsafePath(f"unsafe output path {relpath!r}")
    if any(part in ("", ".", "..") for part in relpath.split("/")) or relpath == MARKER:
        raise UnsafePath(f"unsafe output path {relpath!r}")
    return relpath


# ---------------------------------------------------------------- which folder may be written


def check_output_folder(target: Path, inputs: Mapping[str, Path]) -> None:
    """OutputRefused unless ``target`` may receive a site: a new or empty folder, or one holding
    the list of a site this tool wrote, and neither one of ``inputs`` (name -> folder: seeds,
    content, templates) or a repository (a folder with ``.git``) nor a folder holding any of them."""
    resolved = Path(target).resolve()
    if os.path.lexists(resolved) and not resolved.is_dir():
        raise OutputRefused(f"{target}: error: not a folder; give --out a folder for the site")
    held = [(what, folder) for what, folder in _protected(inputs) if resolved == folder or resolved in folder.parents]
    if held:
        what, folder = min(held, key=lambda found: found[1] != resolved)  # "is" before "holds"
        verb = "is" if folder == resolved else "holds"
        raise OutputRefused(f"{target}: error: refusing to write the site there: it {verb} {what} {folder}")
    if resolved.is_dir():
        try:
            recorded_files(resolved, target)
        except OSError as exc:
            raise OutputRefused(f"{target}: error: cannot read the output folder ({exc.strerror or exc})") from None


def _protected(inputs: Mapping[str, Path]) -> list[tuple[str, Path]]:
    """The input folders, and the repository each of them (and the working folder) is in."""
    found = [(f"the {name} folder", Path(folder).resolve()) for name, folder in inputs.items()]
    for start in (Path.cwd(), *(folder for _, folder in found)):
        start = start.resolve()
        root = next((d for d in (start, *start.parents) if os.path.lexists(d / ".git")), None)
        if root is not None:
            found.append(("the repository", root))
    return found


def recorded_files(folder: Path, shown: Path | None = None) -> frozenset[str]:
    """The files the list in ``folder`` names (none for an empty folder); OutputRefused if the
    folder holds anything and no list, or is a repository."""
    shown = shown or folder
    if os.path.lexists(folder / ".git"):
        raise OutputRefused(f"{shown}: error: refusing to write the site there: it is a repository (.git)")
    if _is_site_list(folder / MARKER):
        with open(folder / MARKER, encoding="utf-8", errors="replace", newline="\n") as handle:
            handle.readline()
            return frozenset(_safe_lines(handle))
    with os.scandir(folder) as found:
        if next(found, None) is None:
            return frozenset()
    raise OutputRefused(f"{shown}: error: not empty and not a site coprod wrote (no {MARKER} in it); "
                        "refusing to write there: give --out a new or empty folder")


def _is_site_list(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link, not a pipe to block on) that starts as a site list does."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            return handle.readline() == MARKER_HEADER.encode("utf-8")
    except FileNotFoundError:
        return False


def _safe_lines(lines) -> list[str]:
    names = []
    for line in lines:
        try:
            names.append(safe_relative(line.rstrip("\n")))
        except UnsafePath:
            pass  # never deleted, whatever the list says
    return names


def manifest(files) -> bytes:
    return (MARKER_HEADER + "".join(f"{relpath}\n" for relpath in sorted(files))).encode("utf-8")


# ---------------------------------------------------------------- one build at a time


class OutputLock:
    """An exclusive ``flock`` on ``.<name>.lock`` beside the output folder, for one build.

    The file is removed when the lock is released; a build that took the lock on a file
    removed meanwhile tries again, so two builds never hold locks on different files."""

    def __init__(self, target: Path):
        self.path = target.parent / f".{target.name}.lock"
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputRefused(f"{target}: error: another build is writing there; "
                                    "build again when it has finished") from None
            try:
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            os.close(self._fd)
            self._fd = None


# ---------------------------------------------------------------- staging folders


def _side_folder(target: Path, kind: str) -> Path:
    """A new folder name beside ``target`` for a staging (``new``) or set-aside (``old``) site."""
    return target.parent / f".{target.name}-{kind}-{secrets.token_hex(4)}"


def _make_staging(target: Path) -> Path:
    """A new, empty staging folder beside ``target``, with the umask's mode (``mkdtemp`` would
    give 0700, and a swap would make that the site's), holding the site list's header so that
    a later build knows it for one of its own."""
    while True:
        folder = _side_folder(target, "new")
        try:
            os.mkdir(folder)
            break
        except FileExistsError:
            continue
    (folder / MARKER).write_bytes(manifest(()))
    return folder


def remove_leftovers(target: Path) -> None:
    """What builds killed midway left beside ``target``: staging folders go; an old site set
    aside by a swap that did not finish is put back if the target is missing, else goes.
    Only folders of this module's naming that hold a site list are touched; the caller holds
    the lock, so no running build owns them."""
    pattern = re.compile(rf"\.{re.escape(target.name)}-(new|old)-[0-9a-f]{{8}}")
    with os.scandir(target.parent) as found:
        leftovers = sorted((entry.name for entry in found
                            if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)),
                           key=lambda name: "-old-" not in name)  # an old site first: it may be put back
    for name in leftovers:
        folder = target.parent / name
        if not _is_site_list(folder / MARKER):
            continue
        if "-old-" in name and not os.path.lexists(target):
            os.rename(folder, target)
        else:
            shutil.rmtree(folder)


@dataclass(frozen=True)
class FileWritten:
    """One file of the build as put in the staging folder (see SiteWriter.put)."""

    path: str
    size: int | None  # bytes written; None where the previous site's file was carried over


class SiteWriter:
    """Collects the files of one build in a staging folder beside ``target``; with
    ``complete``, the staging folder holds every file of the site before ``commit``.
    Holds the folder's lock from here until ``commit`` or ``abort``; OutputRefused for a
    folder it must not write (check_output_folder, with ``inputs``)."""

    def __init__(self, target: Path, complete: bool = False, inputs: Mapping[str, Path] | None = None):
        check_output_folder(target, inputs or {})
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock = OutputLock(self.target)
        try:
            remove_leftovers(self.target)
            self.previous = self.target if self.target.is_dir() else None
            self.recorded = recorded_files(self.target) if self.previous is not None else frozenset()
            self.staging = _make_staging(self.target)
        except BaseException:
            self._lock.release()
            raise
        self.in_place = self.previous is not None and not complete
        self.changing = False  # the target is being changed: a failure now may leave it part new
        self.files_written = 0
        self.files_kept = 0
        self.bytes_written = 0
        self.written: list[str] = []  # every output path of this build, in order
        # Plain strings and a set of folders made: tens of thousands of files go through here.
        # The staging folder is new and only this writer puts anything in it, so a checked
        # relative path cannot lead out of it through a link.
        self._staging = str(self.staging)
        self._previous = str(self.previous) if self.previous is not None else None
        self._folders: set[str] = {""}

    def _staged(self, relpath: str) -> str:
        folder = os.path.dirname(safe_relative(relpath))
        if folder not in self._folders:
            os.makedirs(f"{self._staging}/{folder}", exist_ok=True)
            self._folders.add(folder)
        return f"{self._staging}/{relpath}"  # (os.path.join costs more, 30,000 times over)

    def previous_stat(self, relpath: str) -> os.stat_result | None:
        """The previous site's regular file at ``relpath`` (not a link), if the previous build wrote it."""
        if self._previous is None or relpath not in self.recorded:
            return None
        try:
            found = os.lstat(f"{self._previous}/{safe_relative(relpath)}")
        except OSError:
            return None
        return found if stat.S_ISREG(found.st_mode) else None

    def write(self, relpath: str, data: str | bytes) -> None:
        self.record((self.put(relpath, data),))

    def put(self, relpath: str, data: str | bytes) -> FileWritten:
        """Stage ``data`` at ``relpath`` (or carry the previous site's file over where it holds
        the same bytes) without counting it: a part of the build run in a worker process
        stages its files, and the caller ``record``s what it returns, in order."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        old = self.previous_stat(relpath)
        if old is not None and self._previous is not None and old.st_size == len(payload) \
                and Path(self._previous, relpath).read_bytes() == payload:
            return self.carry(relpath)
        with open(self._staged(relpath), "wb") as handle:
            handle.write(payload)
        return FileWritten(relpath, len(payload))

    def keep(self, relpath: str) -> bool:
        """Carry the previous site's file over unchanged; False if there is none."""
        if self.previous_stat(relpath) is None:
            return False
        self.record((self.carry(relpath),))
        return True

    def carry(self, relpath: str) -> FileWritten:
        """The previous site's file, unchanged (the caller has seen it is there, see previous_stat):
        it stays where it is (in place), or is hard-linked into the staging folder (copied where
        links are not possible). Not counted until ``record``ed, as ``put``."""
        if not self.in_place:
            old, new = f"{self._previous}/{relpath}", self._staged(relpath)
            try:
                os.link(old, new)
            except OSError:
                shutil.copy2(old, new)
        return FileWritten(relpath, None)

    def record(self, files: Iterable[FileWritten]) -> None:
        """Count files staged by ``put`` or ``carry``, here or in a worker process, as this build's."""
        for file in files:
            if file.size is None:
                self.files_kept += 1
            else:
                self.files_written += 1
                self.bytes_written += file.size
            self.written.append(file.path)

    def stat(self, relpath: str) -> os.stat_result:
        """The file at ``relpath`` as it will be once committed."""
        try:
            return os.stat(os.path.join(self._staging, safe_relative(relpath)))
        except FileNotFoundError:
            if not self.in_place or self._previous is None:
                raise
            return os.stat(os.path.join(self._previous, relpath))  # kept where it is

    def commit(self) -> None:
        """Put the staged site in place of the old one (see the module docstring); OutputRefused,
        before anything changes, if a file the previous build did not write is in the way."""
        made = set(self.written)
        unknown, stale = self._previous_files(made)
        if self.in_place:
            self._commit_in_place(made, stale)
        else:
            self._commit_swap(made, unknown)
        self._lock.release()

    def _previous_files(self, made: set[str]) -> tuple[list[str], list[str]]:
        """The previous site's files that no build recorded, and those it recorded that this
        build no longer makes; OutputRefused if one of the first holds a path the new site needs."""
        if self._previous is None:
            return [], []
        files, empty_folders = self._previous_leaves()
        unknown = [relpath for relpath in files + empty_folders if relpath not in self.recorded and relpath != MARKER]
        if unknown:
            folders = {parent for relpath in made for parent in _parents(relpath)}
            in_the_way = [relpath for relpath in unknown
                          if relpath in made or (relpath in folders and relpath not in empty_folders)
                          or any(parent in made for parent in _parents(relpath))]
            if in_the_way:
                more = f" (and {len(in_the_way) - 1} more)" if len(in_the_way) > 1 else ""
                raise OutputRefused(f"{self.target / in_the_way[0]}{more}: error: not written by coprod, and the new "
                                    "site needs its path; move it away and build again")
        return unknown, [relpath for relpath in files if relpath in self.recorded and relpath not in made]

    def _previous_leaves(self) -> tuple[list[str], list[str]]:
        """Every file or link (not followed) in the previous site, and every empty folder."""
        files: list[str] = []
        empty_folders: list[str] = []
        folders = [""]
        while folders:
            folder = folders.pop()
            with os.scandir(f"{self._previous}/{folder}" if folder else self._previous) as found:
                entries = list(found)
            if folder and not entries:
                empty_folders.append(folder)
            for entry in entries:
                relpath = f"{folder}/{entry.name}" if folder else entry.name
                (folders if entry.is_dir(follow_symlinks=False) else files).append(relpath)
        return files, empty_folders

    def _commit_swap(self, made: set[str], unknown: list[str]) -> None:
        for relpath in unknown:  # files the tool did not write come along as they are
            self._carry_unknown(relpath)
        listed = self.staging / MARKER
        if self._listed_already(made):  # kept as it is, like any unchanged file
            listed.unlink()
            os.link(self.target / MARKER, listed)
        else:
            listed.write_bytes(manifest(made))
        old = None
        if self.previous is not None:
            old = _side_folder(self.target, "old")
            os.rename(self.target, old)
        self.changing = True
        try:
            os.rename(self.staging, self.target)
        except OSError:
            if old is not None:
                os.rename(old, self.target)
            self.changing = False
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _carry_unknown(self, relpath: str) -> None:
        """A file, link or empty folder of the previous site that no build wrote, into the staging
        folder: hard-linked (a link as a link), so that it is never only in a folder to be deleted."""
        source, copy = f"{self._previous}/{relpath}", f"{self._staging}/{relpath}"
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        kind = os.lstat(source).st_mode
        if stat.S_ISDIR(kind):
            os.makedirs(copy, exist_ok=True)
            return
        try:
            os.link(source, copy, follow_symlinks=False)
        except OSError:
            if stat.S_ISLNK(kind):
                os.symlink(os.readlink(source), copy)
            elif stat.S_ISREG(kind):
                shutil.copy2(source, copy)
            else:
                raise

    def _commit_in_place(self, made: set[str], stale: list[str]) -> None:
        # The list names every file of either build until the end, so that an interrupted commit
        # leaves no file of this tool that a later build would take for someone else's.
        previous = self._previous
        assert previous is not None, "a build in place has a previous site"
        self.changing = True
        if not made <= self.recorded:
            self._record(self.recorded | made)
        for relpath in stale:
            os.unlink(os.path.join(previous, relpath))
        # Folders left empty go too, deepest first; a folder still holding anything stays.
        folders = {os.path.dirname(relpath) for relpath in stale} - {""}
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            while folder:
                try:
                    os.rmdir(os.path.join(previous, folder))
                except OSError:
                    break
                folder = os.path.dirname(folder)
        for folder, subfolders, files in os.walk(self._staging):
            subfolders.sort()
            relfolder = os.path.relpath(folder, self._staging)
            destination = previous if relfolder == "." else os.path.join(previous, relfolder)
            os.makedirs(destination, exist_ok=True)
            for name in sorted(files):
                if relfolder != "." or name != MARKER:
                    os.replace(os.path.join(folder, name), os.path.join(destination, name))
        if not self._listed_already(made):
            self._record(made)
        shutil.rmtree(self.staging, ignore_errors=True)

    def _listed_already(self, files: set[str]) -> bool:
        """Whether the previous site's list holds exactly ``files``, byte for byte."""
        if self.previous is None or not _is_site_list(self.target / MARKER):
            return False
        return (self.target / MARKER).read_bytes() == manifest(files)

    def _record(self, files) -> None:
        """The site's list of its files, replaced atomically (written in the staging folder first)."""
        draft = self.staging / f"{MARKER}.next"
        draft.write_bytes(manifest(files))
        os.replace(draft, self.target / MARKER)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()


def cannot_write(target: Path, exc: OSError, changing: bool = False) -> OutputRefused:
    """The one line for a failed read or write of the output (a read-only or full disk, a busy
    folder); ``changing``: it happened while the site was being changed in place."""
    reason = exc.strerror or str(exc)
    if exc.filename:
        reason += f": {exc.filename}"
    state = "the site may be part new, part old: build again" if changing else "the previous site is as it was"
    return OutputRefused(f"{target}: error: cannot write the site ({reason}); {state}")


def _parents(relpath: str) -> list[str]:
    """"a/b/c" -> ["a", "a/b"]."""
    parts = relpath.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
