"""Scoring extraction against an answer key (YAML: per article its file name and expected fields;
see tests/fixtures/shipped/seeds-key.yaml).

Per field and entry, with P extracted, R required, O optional: true positives
|P ∩ R|, false negatives |R − P|, false positives |P − R − O|; counts are summed
over entries (micro average). Partners match when the extracted name folds to
any alias of a group. Forbidden items that were extracted are listed by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from coprod.core.errors import ContentError
from coprod.core.records import Entry
from coprod.core.textfold import name_key
from coprod.core.yamlfile import expect_mapping, load_yaml

FIELDS = ("countries", "partners", "categories", "activities")
CORE_FIELDS = ("countries", "partners", "categories")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    date_scores: list[float] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)  # "seed: field: item"
    misses: list[str] = field(default_factory=list)  # "seed: field: -missing +extra"
    missing_seeds: list[str] = field(default_factory=list)

    @property
    def core_f1(self) -> float:
        return sum(self.fields[f].f1 for f in CORE_FIELDS) / len(CORE_FIELDS)

    @property
    def date_score(self) -> float:
        return sum(self.date_scores) / len(self.date_scores) if self.date_scores else 0.0


def load_gold(path: Path) -> dict[str, dict]:
    if not path.is_file():
        raise ContentError(path, "no such answer key" + (" (it is a folder)" if path.is_dir() else "")
                           + ": pass the path of a YAML file with an `entries:` mapping")
    data = expect_mapping(path, load_yaml(path, None) or {})
    entries = data.get("entries")
    if not isinstance(entries, dict):
        raise ContentError(path, "an answer key needs an `entries:` mapping of seed file names")
    return {str(name): expect_mapping(path, spec or {}, f"entry {name}") for name, spec in entries.items()}


def _groups(items) -> list[set[str]]:
    """Partner groups as sets of folded aliases; a plain string is a group of one."""
    groups = []
    for item in items or []:
        names = item if isinstance(item, list) else [item]
        groups.append({name_key(str(n)) for n in names})
    return groups


def _plain(items) -> set[str]:
    return {str(i) for i in items or []}


def score_field(name: str, extracted: tuple[str, ...], spec: dict | None) -> tuple[int, int, int, list[str], list[str], list[str]]:
    """tp, fp, fn, forbidden hits, missing items, spurious items for one entry."""
    spec = spec or {}
    if name == "partners":
        required, optional = _groups(spec.get("required")), _groups(spec.get("optional"))
        forbidden = {name_key(str(n)) for n in spec.get("forbidden") or []}
        hit_required: set[int] = set()
        fp, spurious, forbidden_hits = 0, [], []
        for item in extracted:
            key = name_key(item)
            index = next((i for i, g in enumerate(required) if key in g), None)
            if index is not None:
                hit_required.add(index)
            elif not any(key in g for g in optional):
                fp += 1
                spurious.append(item)
            if key in forbidden:
                forbidden_hits.append(item)
        missing = [sorted(g)[0] for i, g in enumerate(required) if i not in hit_required]
        return len(hit_required), fp, len(required) - len(hit_required), forbidden_hits, missing, spurious
    wanted, allowed, refused = (_plain(spec.get(k)) for k in ("required", "optional", "forbidden"))
    got = set(extracted)
    spurious = sorted(got - wanted - allowed)
    return (len(got & wanted), len(spurious), len(wanted - got), sorted(got & refused), sorted(wanted - got), spurious)


def score_date(entry: Entry, spec: dict | None) -> float:
    if not spec:
        return 1.0 if entry.date.value is None else 0.0
    value = entry.date.value
    forbidden = {_as_date(d) for d in spec.get("forbidden") or []}
    if "exact" in spec:
        return 1.0 if value == _as_date(spec["exact"]) else 0.0
    low, high = (_as_date(d) for d in spec["range"])
    if value is None:
        return 0.5
    return 1.0 if low <= value <= high and value not in forbidden else 0.0


def describe_date_spec(spec: dict | None) -> str:
    """The key's date as a reader writes it: "2025-09-25", "2025-09-01 to 2025-09-30, not 2025-09-15", "undated"."""
    if not spec:
        return "undated"
    if "exact" in spec:
        wanted = _as_date(spec["exact"]).isoformat()
    else:
        low, high = (_as_date(d).isoformat() for d in spec["range"])
        wanted = f"{low} to {high}"
    forbidden = sorted(_as_date(d).isoformat() for d in spec.get("forbidden") or [])
    return wanted + (f", not {', '.join(forbidden)}" if forbidden else "")


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def evaluate(gold: dict[str, dict], entries: dict[str, Entry]) -> Report:
    report = Report()
    for seed, spec in sorted(gold.items()):
        entry = entries.get(seed)
        if entry is None:
            report.missing_seeds.append(seed)
            continue
        for name in FIELDS:
            tp, fp, fn, forbidden, missing, spurious = score_field(name, getattr(entry, name), spec.get(name))
            score = report.fields[name]
            score.tp, score.fp, score.fn = score.tp + tp, score.fp + fp, score.fn + fn
            report.forbidden += [f"{seed}: {name}: {item}" for item in forbidden]
            if missing or spurious:
                report.misses.append(f"{seed}: {name}: " + " ".join([f"-{m}" for m in missing] + [f"+{s}" for s in spurious]))
        date_spec = spec.get("date")
        date_score = score_date(entry, date_spec)
        report.date_scores.append(date_score)
        if date_spec and entry.date.value in {_as_date(d) for d in date_spec.get("forbidden") or []}:
            report.forbidden.append(f"{seed}: date: {entry.date.iso()}")
        if date_score < 1:
            report.misses.append(f"{seed}: date: got {entry.date.iso() or 'undated'}, want {describe_date_spec(date_spec)}")
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    """Differences (with ``verbose``), forbidden items and missing seeds, then the scores last, as a
    summary that ends the output (tools grep its "core F1", "date score:" and "forbidden items" lines)."""
    lines = []
    if verbose:
        lines += [f"differences from the key: {len(report.misses)}"] + [f"  {m}" for m in report.misses]
    if report.forbidden:
        lines += ["forbidden items:"] + [f"  {item}" for item in report.forbidden]
    lines += [f"missing seed: {seed}" for seed in report.missing_seeds]
    if lines:
        lines.append("")
    lines.append(f"{'field':<12} {'precision':>9} {'recall':>7} {'F1':>6}   tp  fp  fn")
    for name in FIELDS:
        s = report.fields[name]
        lines.append(f"{name:<12} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.tp:4d}{s.fp:4d}{s.fn:4d}")
    lines.append(f"core F1 (countries, partners, categories): {report.core_f1:.3f}")
    lines.append(f"date score: {report.date_score:.3f} over {len(report.date_scores)} entries")
    lines.append(f"forbidden items extracted: {len(report.forbidden)}")
    return "\n".join(lines)
