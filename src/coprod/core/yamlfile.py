"""Loading YAML (files under content/, seed headers, page front matter) with one-line errors."""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import cast

import yaml

from coprod.core.errors import ContentError

# LibYAML's parser when PyYAML was built with it: about ten times faster than the pure
# Python one. Either way the safe constructor turns nodes into values, so the data is the
# same; only the wording of a syntax error's message can differ.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NO_ALIASES = "anchors and aliases (&name, *name) are not allowed"


class AliasError(yaml.MarkedYAMLError):
    """YAML that uses an anchor or an alias."""


def parse_yaml(text: str):
    """``text`` parsed as YAML without anchors or aliases; yaml.YAMLError if it cannot be.

    Every YAML the tool reads is written by hand or comes with a seed, and none needs
    aliases; refusing them keeps the cost of a value linear in the size of its text (a
    few hundred bytes of nested aliases expand to gigabytes: the "billion laughs").
    The events are scanned first, which expands nothing.
    """
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            # LibYAML's parser gives its own Mark class, with the same fields as PyYAML's.
            raise AliasError(problem=NO_ALIASES, problem_mark=cast(yaml.Mark, event.start_mark))
    return yaml.load(text, Loader=SAFE_LOADER)


def yaml_problem(exc: BaseException | None) -> str:
    """What is wrong with some YAML, in a few words, with its line when known."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark else ""
    return f"malformed YAML{where}: {getattr(exc, 'problem', None) or 'cannot be parsed'}"


def load_yaml(path: Path, default=None):
    """Parse ``path``; a missing file gives ``default``, a broken one a ContentError."""
    if not path.exists():
        return default
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ContentError(path, "not valid UTF-8") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, yaml_problem(exc)) from None
    return default if data is None else data


def expect_mapping(path: Path, data, what: str = "the file") -> dict:
    if not isinstance(data, dict):
        raise ContentError(path, f"{what} must be a mapping of keys to values")
    return data


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 4
_SHORT.maxlevel = 2


def shown(value) -> str:
    """``repr(value)`` cut short, for an error message: a value from a file can be any size."""
    return _SHORT.repr(value)
