"""Writing the site: every file inside the output folder, all or nothing.

The build writes into a fresh folder beside the target (``.site-new-*``) and swaps
it in only when everything succeeded, so a failed build leaves the previous site
exactly as it was.
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
        self.files_written = 0
        self.bytes_written = 0

    def write(self, relpath: str, data: str | bytes) -> None:
        path = self.staging.joinpath(*safe_relative(relpath).parts)
        if not path.resolve().is_relative_to(self.staging.resolve()):
            raise UnsafePath(f"unsafe output path {relpath!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(payload)
        self.files_written += 1
        self.bytes_written += len(payload)

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
