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

from .records import Problem

# C0 and C1 controls (escape sequences, backspace, carriage return), bidirectional overrides
# and isolates (they reorder what the terminal shows), and the lone surrogates that stand for
# the bytes of a name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xdc80 <= code <= 0xdcff:  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{code - 0xdc00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would obey, or could not encode, as an escape."""
    return _UNPRINTABLE.sub(_escape, text)


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
    for entry in entries:
        where = printable(str(folder / entry.name))
        if entry.is_symlink():
            problems.append(Problem(where, "error", "a symbolic link; only regular files are read, so it is skipped"))
        elif entry.is_dir(follow_symlinks=False):
            continue
        elif not entry.is_file(follow_symlinks=False):
            problems.append(Problem(where, "error", "not a regular file (a pipe, socket or device); skipped"))
        elif any(0xd800 <= ord(c) <= 0xdfff for c in entry.name):
            problems.append(Problem(where, "error", "file name is not valid UTF-8; rename it"))
        elif _CONTROL.search(entry.name):
            problems.append(Problem(where, "error", "file name has control characters; rename it"))
        else:
            paths.append(folder / entry.name)
    return paths, problems
