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
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class UnsafePath(ValueError):
    pass


def safe_relative(relpath: str) -> str:
    """``relpath`` if it names a file inside the output folder; UnsafePath for anything that
    could land outside it (absolute, "..", empty or "." segments, backslashes, NUL)."""
    if not relpath or relpath.startswith("/") or "\\" in relpath or "\x00" in relpath:
        raise UnsafePath(f"unsafe output path {relpath!r}")
    if any(part in ("", ".", "..") for part in relpath.split("/")):
        raise UnsafePath(f"unsafe output path {relpath!r}")
    return relpath


@dataclass(frozen=True)
class WriteLog:
    """Files a part of the build wrote or kept (see SiteWriter.mark/take/replay)."""

    files: list[str]
    files_written: int = 0
    files_kept: int = 0
    bytes_written: int = 0


class SiteWriter:
    """Collects the files of one build in a staging folder beside ``target``; with
    ``complete``, the staging folder holds every file of the site before ``commit``."""

    def __init__(self, target: Path, complete: bool = False):
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-new-", dir=self.target.parent))
        self.previous = self.target if self.target.is_dir() else None
        self.in_place = self.previous is not None and not complete
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
        """The previous site's regular file at ``relpath`` (not a link), if there is one."""
        if self._previous is None:
            return None
        try:
            found = os.lstat(f"{self._previous}/{safe_relative(relpath)}")
        except OSError:
            return None
        return found if stat.S_ISREG(found.st_mode) else None

    def write(self, relpath: str, data: str | bytes) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        old = self.previous_stat(relpath)
        if old is not None and old.st_size == len(payload) \
                and Path(self._previous, relpath).read_bytes() == payload:
            self.carry_over(relpath)
            return
        with open(self._staged(relpath), "wb") as handle:
            handle.write(payload)
        self.files_written += 1
        self.bytes_written += len(payload)
        self.written.append(relpath)

    def keep(self, relpath: str) -> bool:
        """Carry the previous site's file over unchanged; False if there is none."""
        if self.previous_stat(relpath) is None:
            return False
        self.carry_over(relpath)
        return True

    def carry_over(self, relpath: str) -> None:
        """The previous site's file, unchanged (the caller has seen it is there, see previous_stat):
        it stays where it is (in place), or is hard-linked into the staging folder (copied where
        links are not possible)."""
        if not self.in_place:
            old, new = f"{self._previous}/{relpath}", self._staged(relpath)
            try:
                os.link(old, new)
            except OSError:
                shutil.copy2(old, new)
        self.files_kept += 1
        self.written.append(relpath)

    # A part of the build run in a worker process writes into the same staging folder; what
    # it wrote is taken out of the worker's copy of the writer and replayed in this one.

    def mark(self) -> tuple[int, int, int, int]:
        return len(self.written), self.files_written, self.files_kept, self.bytes_written

    def take(self, mark: tuple[int, int, int, int]) -> WriteLog:
        """What was written or kept since ``mark``, forgotten here (to be replayed by the caller)."""
        count, files_written, files_kept, bytes_written = mark
        since = WriteLog(self.written[count:], self.files_written - files_written, self.files_kept - files_kept,
                         self.bytes_written - bytes_written)
        del self.written[count:]
        self.files_written, self.files_kept, self.bytes_written = files_written, files_kept, bytes_written
        return since

    def replay(self, log: WriteLog) -> None:
        self.written += log.files
        self.files_written += log.files_written
        self.files_kept += log.files_kept
        self.bytes_written += log.bytes_written

    def stat(self, relpath: str) -> os.stat_result:
        """The file at ``relpath`` as it will be once committed."""
        try:
            return os.stat(os.path.join(self._staging, safe_relative(relpath)))
        except FileNotFoundError:
            if not self.in_place:
                raise
            return os.stat(os.path.join(self._previous, relpath))  # kept where it is

    def commit(self) -> None:
        """Put the staged site in place of the old one (see the module docstring)."""
        if self.in_place:
            self._commit_in_place()
            return
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        os.rename(self.staging, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _commit_in_place(self) -> None:
        stale = self._stale_files()
        for relpath in stale:
            os.unlink(os.path.join(self._previous, relpath))
        # Folders left empty go too, deepest first; a folder still holding anything stays.
        folders = {os.path.dirname(relpath) for relpath in stale} - {""}
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            while folder:
                try:
                    os.rmdir(os.path.join(self._previous, folder))
                except OSError:
                    break
                folder = os.path.dirname(folder)
        for folder, _, files in os.walk(self._staging):
            relfolder = os.path.relpath(folder, self._staging)
            destination = self._previous if relfolder == "." else os.path.join(self._previous, relfolder)
            os.makedirs(destination, exist_ok=True)
            for name in sorted(files):
                os.replace(os.path.join(folder, name), os.path.join(destination, name))
        shutil.rmtree(self.staging, ignore_errors=True)

    def _stale_files(self) -> list[str]:
        """Everything in the target that this build neither wrote nor kept (a link to a
        folder included: it is not followed)."""
        made, stale, folders = set(self.written), [], [""]
        while folders:
            folder = folders.pop()
            with os.scandir(os.path.join(self._previous, folder) if folder else self._previous) as found:
                for entry in found:
                    relpath = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(relpath)
                    elif relpath not in made:
                        stale.append(relpath)
        return stale

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
