"""Writing the site: every file inside the output folder, all or nothing.

The build writes into a fresh folder beside the target (``.site-new-*``) and swaps
it in only when everything succeeded, so a failed build leaves the previous site
exactly as it was. A file whose bytes would not change is not rewritten: the
previous site's file is hard-linked into the new folder instead (and copied where
links are not possible), so it keeps its bytes, inode and modification time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    pass


def safe_relative(relpath: str) -> PurePosixPath:
    """Refuse any path that could land outside the output folder."""
    path = PurePosixPath(relpath)
    if not relpath or path.is_absolute() or "\\" in relpath or "\x00" in relpath:
        raise UnsafePath(f"unsafe output path {relpath!r}")
    if any(part in ("", ".", "..") for part in path.parts):
        raise UnsafePath(f"unsafe output path {relpath!r}")
    return path


class SiteWriter:
    """Collects the files of one build in a staging folder beside ``target``."""

    def __init__(self, target: Path):
        self.target = target.resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-new-", dir=self.target.parent))
        self.previous = self.target if self.target.is_dir() else None
        self.files_written = 0
        self.files_kept = 0
        self.bytes_written = 0
        self.written: list[str] = []  # every output path of this build, in order

    def _staged(self, relpath: str) -> Path:
        path = self.staging.joinpath(*safe_relative(relpath).parts)
        if not path.resolve().is_relative_to(self.staging.resolve()):
            raise UnsafePath(f"unsafe output path {relpath!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def previous_file(self, relpath: str) -> Path | None:
        """The previous site's file at ``relpath``, if there is one."""
        if self.previous is None:
            return None
        path = self.previous.joinpath(*safe_relative(relpath).parts)
        return path if path.is_file() and not path.is_symlink() else None

    def write(self, relpath: str, data: str | bytes) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path = self._staged(relpath)
        old = self.previous_file(relpath)
        if old is not None and old.stat().st_size == len(payload) and old.read_bytes() == payload:
            self._reuse(old, path)
        else:
            path.write_bytes(payload)
            self.files_written += 1
            self.bytes_written += len(payload)
        self.written.append(relpath)

    def keep(self, relpath: str) -> bool:
        """Carry the previous site's file over unchanged; False if there is none."""
        old = self.previous_file(relpath)
        if old is None:
            return False
        self._reuse(old, self._staged(relpath))
        self.written.append(relpath)
        return True

    def _reuse(self, old: Path, new: Path) -> None:
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        self.files_kept += 1

    def stat(self, relpath: str) -> os.stat_result:
        return self.staging.joinpath(*safe_relative(relpath).parts).stat()

    def commit(self) -> None:
        """Swap the staged site in place of the old one."""
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        os.rename(self.staging, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
