"""Loading YAML files under content/ with one-line errors."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import ContentError


def load_yaml(path: Path, default=None):
    """Parse ``path``; a missing file gives ``default``, a broken one a ContentError."""
    if not path.exists():
        return default
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
