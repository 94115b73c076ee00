"""Listing the files of a user's folder (seeds/, content/corrections/, content/pages/) and
showing names and messages from them on a terminal.

Only regular files are read: a symbolic link could make a seed (and so a page) of any file
on the machine, or loop; a pipe or a device could block a build. Such entries are reported
by name and skipped, never followed. So is a name that is not valid UTF-8 or holds control
characters: neither can be written into every output (XML, JSON, CSV) as it is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from coprod.core.records import Problem

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xdc80 <= code <= 0xdcff:  # an undecodable byte of a file name, as os.fsdecode keeps it
        return f"\\x{code - 0xdc00:02x}"
    return char.encode("unicode_escape").decode("ascii")  # \n, \x1b, \u202e


def terminal_text(text: str) -> str:
    """``text`` fit for one terminal line: control characters (line breaks, escape sequences,
    C1 codes, bidirectional overrides) and the undecodable bytes of a file name written as
    \\x.. / \\u.... escapes. File names and messages come from seeds: raw, they could move
    the cursor, recolour or clear the terminal, or fail to print at all."""
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


_SURROGATE = re.compile("[\ud800-\udfff]")  # an undecodable byte of a name, as os.fsdecode keeps it


def _shown(folder: Path, entry: os.DirEntry) -> str:
    return terminal_text(str(folder / entry.name))


def folder_files(folder: Path, suffixes: tuple[str, ...] = ()) -> tuple[list[Path], list[Problem]]:
    """The regular files directly in ``folder`` whose names end with one of ``suffixes`` (any
    name when empty) and do not start with ".", sorted by name; and a problem for every
    symbolic link, special file or undecodable name among them. Subfolders are not looked in."""
    if not folder.is_dir():
        return [], []
    paths, problems = [], []
    with os.scandir(folder) as found:  # file types without a stat() per file
        entries = sorted((e for e in found if not e.name.startswith(".") and e.name.endswith(suffixes or "")),
                         key=lambda e: e.name)
    for entry in entries:  # (a seeds folder holds tens of thousands: no work per file beyond the checks)
        if entry.is_symlink():
            problems.append(Problem(_shown(folder, entry), "error",
                                    "a symbolic link; only regular files are read, so it is skipped"))
        elif entry.is_dir(follow_symlinks=False):
            continue
        elif not entry.is_file(follow_symlinks=False):
            problems.append(Problem(_shown(folder, entry), "error",
                                    "not a regular file (a pipe, socket or device); skipped"))
        elif _SURROGATE.search(entry.name):
            problems.append(Problem(_shown(folder, entry), "error", "file name is not valid UTF-8; rename it"))
        elif _CONTROL.search(entry.name):
            problems.append(Problem(_shown(folder, entry), "error", "file name has control characters; rename it"))
        else:
            paths.append(folder / entry.name)
    return paths, problems
