"""How well extraction works, as the editors last measured it: content/quality.yaml.

The editors run ``coprod eval`` against an answer key and record its figures here; the
data page shows them, or says extraction has not been measured yet when the file is
absent or empty. The build never measures anything itself: it stays reproducible and
needs no answer key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coprod.core.schema import Date, Number, Record, Schema, Text, Whole
from coprod.core.yamlfile import load_yaml

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


def _scores(field: str) -> Record:
    """The scores of one field; a problem reads "countries precision must be ..."."""
    return Record(Schema({key: Number(0, 1) for key in SCORES}, required=SCORES), place=f"{field} ")


SCHEMA = Schema({
    "measured": Date(problem="must be a date, YYYY-MM-DD"),
    "answer_key": Text(non_empty=True, problem="must say what the figures were measured against"),
    "entries": Whole(0, 1),
    "fields": Record(Schema({name: _scores(name) for name in SCORED_FIELDS}, noun="field"), place=""),
    "date_score": Number(0, 1),
}, required=("measured", "answer_key", "entries", "fields"))


def load_quality(content_dir: Path) -> Quality | None:
    """content/quality.yaml, or None when it is absent or holds nothing (all commented out)."""
    path = content_dir / "quality.yaml"
    data = load_yaml(path, None)
    if data is None:
        return None
    values = SCHEMA.check(path, data)
    given = data["fields"]
    scored = tuple(FieldQuality(name, *(values["fields"][name][key] for key in SCORES))
                   for name in SCORED_FIELDS if given.get(name) is not None)
    return Quality(values["measured"].isoformat(), " ".join(values["answer_key"].split()), values["entries"],
                   scored, values["date_score"])
