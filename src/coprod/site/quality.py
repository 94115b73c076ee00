"""How well extraction works, as the editors last measured it: content/quality.yaml.

The editors run ``coprod eval`` against an answer key and record its figures here; the
data page shows them, or says extraction has not been measured yet when the file is
absent or empty. The build never measures anything itself: it stays reproducible and
needs no answer key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coprod.core.errors import ContentError
from coprod.core.yamlfile import expect_mapping, load_yaml

SCORED_FIELDS = ("countries", "partners", "categories", "activities")
SCORES = ("precision", "recall", "f1")


@dataclass(frozen=True)
class FieldQuality:
    name: str  # one of SCORED_FIELDS
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Quality:
    measured: str  # ISO date of the measurement
    answer_key: str  # what the figures were measured against, in a few words
    entries: int  # articles in the answer key
    fields: tuple[FieldQuality, ...]
    date_score: float | None = None


def _score(path: Path, value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ContentError(path, f"{what} must be a number from 0 to 1")
    return float(value)


def load_quality(content_dir: Path) -> Quality | None:
    """content/quality.yaml, or None when it is absent or holds nothing (all commented out)."""
    path = content_dir / "quality.yaml"
    data = load_yaml(path, None)
    if data is None:
        return None
    data = expect_mapping(path, data)
    unknown = sorted(set(data) - {"measured", "answer_key", "entries", "fields", "date_score"})
    if unknown:
        raise ContentError(path, f"unknown key {unknown[0]!r}")
    measured = data.get("measured")
    if not isinstance(measured, dt.date):
        raise ContentError(path, "measured must be a date, YYYY-MM-DD")
    if not isinstance(data.get("answer_key"), str) or not data["answer_key"].strip():
        raise ContentError(path, "answer_key must say what the figures were measured against")
    entries = data.get("entries")
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 1:
        raise ContentError(path, "entries must be a positive whole number")
    fields = expect_mapping(path, data.get("fields"), "fields")
    scored = []
    for name, scores in fields.items():
        if name not in SCORED_FIELDS:
            raise ContentError(path, f"unknown field {name!r} (known: {', '.join(SCORED_FIELDS)})")
        scores = expect_mapping(path, scores, f"fields: {name}")
        if set(scores) != set(SCORES):
            raise ContentError(path, f"fields: {name} must give {', '.join(SCORES)}")
        scored.append(FieldQuality(name, *(_score(path, scores[key], f"{name} {key}") for key in SCORES)))
    scored.sort(key=lambda f: SCORED_FIELDS.index(f.name))
    date_score = data.get("date_score")
    return Quality(measured.isoformat(), " ".join(data["answer_key"].split()), entries, tuple(scored),
                   None if date_score is None else _score(path, date_score, "date_score"))
