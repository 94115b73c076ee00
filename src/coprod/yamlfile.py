"""Loading YAML files under content/ with one-line errors."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import ContentError

# LibYAML's parser when PyYAML was built with it: about ten times faster than the pure
# Python one. Either way the safe constructor turns nodes into values, so the data is the
# same; only the wording of a syntax error's message can differ.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, default=None):
    """Parse ``path``; a missing file gives ``default``, a broken one a ContentError."""
    if not path.exists():
        return default
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except UnicodeDecodeError:
        raise ContentError(path, "not valid UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ContentError(path, f"malformed YAML{where}: {problem}") from None
    return default if data is None else data


def expect_mapping(path: Path, data, what: str = "the file") -> dict:
    if not isinstance(data, dict):
        raise ContentError(path, f"{what} must be a mapping of keys to values")
    return data
