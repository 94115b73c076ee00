"""One declarative way to check the YAML files under content/ (in the spirit of MkDocs'
config_options).

Each loader declares its file as a Schema, a mapping of key -> Option, and builds its
records from the checked values ``Schema.check`` returns. An Option checks one value and
says what is wrong with it in words that follow the key ("must be a positive whole
number"); the Schema adds where it is, so every error is one line naming the file, the
key and the problem:

    content/site.yaml: error: page_size must be a positive whole number
    content/feeds.yaml: error: feed 2 (Example): unknown key 'tpoic' (known: language, name, topic, url)

A key the schema does not know is an error (a typo must not be silently ignored). A
key given as null (``key:`` and nothing after it) counts as absent. Adding a key to a
file is one line in its schema.
"""

from __future__ import annotations

import abc
import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable, Generic, Mapping, Sequence, TypeVar

from coprod.core.errors import ContentError
from coprod.core.urls import url_problem
from coprod.core.yamlfile import load_yaml, shown

T = TypeVar("T")

BARE_BOOLEAN = ": a bare yes/no/on/off is read as true/false by YAML; quote it"


class Invalid(Exception):
    """A value that does not fit its option. ``problem`` reads after the key: it starts
    with ":" or with the words that follow it ("must be ..."), unless it is ``placed``:
    then it names its own place ("feed 2 (Example): ...") and no key goes before it."""

    def __init__(self, problem: str, placed: bool = False):
        super().__init__(problem)
        self.problem = problem
        self.placed = placed


def after(key: str, problem: str) -> str:
    """``key`` followed by ``problem`` (see Invalid)."""
    return f"{key}{problem}" if problem.startswith(":") else f"{key} {problem}"


class Option(abc.ABC, Generic[T]):
    """One key of a file: its default and how a value given for it is checked."""

    def __init__(self, default: T, problem: str | None = None):
        self.default = default
        self.problem = problem  # replaces the option's own wording of what is wrong

    @abc.abstractmethod
    def check(self, value: object) -> T:
        """The value as the loader uses it; Invalid if it does not fit."""

    def invalid(self, problem: str) -> Invalid:
        return Invalid(self.problem or problem)


class Anything(Option[object]):
    """A value its loader checks itself: against other files (a correction's codes against the
    taxonomy), or with a rule and a message of its own (site.yaml's base_url)."""

    def __init__(self, default: object = None):
        super().__init__(default)

    def check(self, value: object) -> object:
        return value


class Text(Option[str]):
    """A scalar, as text (YAML reads ``title: 2024`` as a number)."""

    def __init__(self, default: str = "", *, non_empty: bool = False, problem: str | None = None):
        super().__init__(default, problem)
        self.non_empty = non_empty

    def check(self, value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.invalid("must be text")
        text = str(value)
        if self.non_empty and not text.strip():
            raise self.invalid("must be non-empty text")
        return text


class Strings(Option[tuple[str, ...]]):
    """A list of phrases; one phrase alone counts as a list of one."""

    def __init__(self, *, fold: Callable[[str], str] | None = None, problem: str | None = None):
        super().__init__((), problem)
        self.fold = fold

    def check(self, value: object) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, (str, int, float)) for v in items):
            raise self.invalid("must be a list of strings")
        if any(isinstance(v, bool) for v in items):
            raise Invalid(BARE_BOOLEAN)
        texts = tuple(str(v) for v in items)
        return tuple(map(self.fold, texts)) if self.fold else texts


class Whole(Option[int]):
    """A whole number from ``minimum`` to ``maximum``."""

    def __init__(self, default: int, minimum: int, maximum: int | None = None, problem: str | None = None):
        super().__init__(default, problem)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum or \
                (self.maximum is not None and value > self.maximum):
            if self.maximum is None:
                raise self.invalid("must be a positive whole number" if self.minimum == 1
                                   else f"must be a whole number of at least {self.minimum}")
            raise self.invalid(f"must be a whole number from {self.minimum} to {self.maximum}, not {shown(value)}")
        return value


class Number(Option[float | None]):
    """A number from ``minimum`` to ``maximum``."""

    def __init__(self, minimum: float, maximum: float, problem: str | None = None):
        super().__init__(None, problem)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not self.minimum <= value <= self.maximum:
            raise self.invalid(f"must be a number from {self.minimum:g} to {self.maximum:g}")
        return float(value)


class Flag(Option[bool]):
    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.invalid(f": expected true or false, got {shown(value)}")
        return value


class Nullable(Option[T | None]):
    """``option``, or null (in a schema whose nulls mean something, see Schema)."""

    def __init__(self, option: Option[T]):
        super().__init__(None)
        self.option = option

    def check(self, value: object) -> T | None:
        return None if value is None else self.option.check(value)


class Choice(Option[str]):
    """One of a few words."""

    def __init__(self, choices: Sequence[str], default: str | None = None):
        super().__init__(choices[0] if default is None else default)
        self.choices = tuple(choices)

    def check(self, value: object) -> str:
        if value not in self.choices:
            raise self.invalid(f"must be one of {', '.join(self.choices)}")
        return str(value)


class Date(Option[dt.date | None]):
    """A date, YYYY-MM-DD."""

    def __init__(self, problem: str | None = None):
        super().__init__(None, problem)

    def check(self, value: object) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.invalid(f": {shown(value)} is not a YYYY-MM-DD date") from None


class Url(Option[str | None]):
    """An absolute http(s) URL. ``wording`` says what is wrong with ``{value}``: ``{problem}``
    is what urls.url_problem found."""

    def __init__(self, wording: str = "must be an http(s) URL, got {value} ({problem})"):
        super().__init__(None)
        self.wording = wording

    def check(self, value: object) -> str:
        problem = url_problem(value)
        if problem:
            raise self.invalid(self.wording.format(value=shown(value), problem=problem))
        return str(value)


class Pattern(Option[str | None]):
    """Text matching a regular expression, such as a language code."""

    def __init__(self, pattern: str, problem: str):
        super().__init__(None, problem)
        self.pattern = re.compile(pattern)

    def check(self, value: object) -> str:
        if not isinstance(value, str) or not self.pattern.fullmatch(value):
            raise self.invalid("")
        return value


class Table(Option[dict[str, Any]]):
    """A mapping whose keys are checked by ``keys`` and values by ``values``."""

    def __init__(self, keys: Option[Any], values: Option[Any], problem: str | None = None):
        super().__init__({}, problem)
        self.keys, self.values = keys, values

    def check(self, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.invalid("must be a mapping of keys to values")
        checked = {}
        for key, item in value.items():
            try:
                name = self.keys.check(key)
            except Invalid as exc:  # a problem opening with ":" names the key itself
                raise Invalid(exc.problem if exc.problem.startswith(":") else
                              ": " + after(f"key {shown(key)}", exc.problem)) from None
            try:
                checked[name] = self.values.default if item is None else self.values.check(item)
            except Invalid as exc:
                raise Invalid(": " + after(str(name), exc.problem)) from None
        return checked


class Record(Option[dict[str, Any]]):
    """A mapping checked by its own schema. Its problems read "<key>: <problem>", or, with
    ``place``, "<place><problem>" at the file's level (``place=""``: as if its keys were
    the file's own)."""

    def __init__(self, schema: Schema, *, place: str | None = None, problem: str | None = None):
        super().__init__(schema.defaults(), problem)
        self.schema, self.place = schema, place

    def check(self, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.invalid("must be a mapping of keys to values")
        try:
            return self.schema.check_values(value)
        except Invalid as exc:
            if self.place is None or exc.placed:
                raise
            raise Invalid(self.place + exc.problem.removeprefix(": "), placed=True) from None


class Records(Option[tuple[dict[str, Any], ...]]):
    """A list of mappings, each checked by ``schema``. ``label`` names an item in a message
    (by default "<key> item <n>")."""

    def __init__(self, schema: Schema, *, label: Callable[[int, Mapping[str, Any]], str] | None = None,
                 non_empty: bool = False, problem: str | None = None):
        super().__init__((), problem)
        self.schema, self.label, self.non_empty = schema, label, non_empty

    def check(self, value: object) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list) or (self.non_empty and not value):
            raise self.invalid("must be a non-empty list" if self.non_empty else "must be a list")
        checked = []
        for number, item in enumerate(value, 1):
            label = self.label(number, item if isinstance(item, dict) else {}) if self.label else f"item {number}"
            if not isinstance(item, dict):
                raise Invalid(f"{label} must be a mapping of keys to values", placed=True)
            try:
                checked.append(self.schema.check_values(item))
            except Invalid as exc:
                raise Invalid(exc.problem if exc.placed else f"{label}: {exc.problem.removeprefix(': ')}",
                              placed=True) from None
        return tuple(checked)


class Schema:
    """The keys of one kind of mapping (a file, or a record inside one) and their options."""

    def __init__(self, options: Mapping[str, Option[Any]], *, required: Sequence[str] = (), noun: str = "key",
                 nulls: bool = False):
        self.options = dict(options)
        self.required = tuple(required)
        self.noun = noun  # what the file calls its keys, for the unknown-key message ("field", "setting")
        self.nulls = nulls  # a null is a value for the options to check (a correction's `date: null`), not absence

    def defaults(self) -> dict[str, Any]:
        return {key: option.default for key, option in self.options.items()}

    def check_values(self, data: Mapping[Any, Any]) -> dict[str, Any]:
        """Every key's checked value (its default where absent); Invalid on the first problem."""
        unknown = sorted((str(key) for key in data if key not in self.options), key=str)
        if unknown:
            raise Invalid(f": unknown {self.noun} {shown(unknown[0])} (known: {', '.join(self.options)})")
        values = self.defaults()
        for key, option in self.options.items():
            value = data.get(key)
            if value is None and not (self.nulls and key in data):
                if key in self.required:
                    raise Invalid(": " + after(key, option.problem or "is missing"))
                continue
            try:
                values[key] = option.check(value)
            except Invalid as exc:
                raise exc if exc.placed else Invalid(": " + after(key, exc.problem)) from None
        return values

    def check(self, path: Path | str, data: object, where: str = "") -> dict[str, Any]:
        """``data`` read from ``path``, checked; ContentError naming the file, the key and the problem
        (after ``where`` when the data is part of the file: "front matter: ")."""
        if not isinstance(data, dict):
            raise ContentError(path, "the file must be a mapping of keys to values")
        try:
            return self.check_values(data)
        except Invalid as exc:
            raise ContentError(path, where + exc.problem.removeprefix(": ")) from None

    def load(self, path: Path, *, missing: str | None = None) -> dict[str, Any]:
        """``path`` parsed and checked. A missing file is an error saying ``missing``, or,
        without it, gives every key its default (an empty file does too)."""
        if missing is not None and not path.exists():
            raise ContentError(path, missing)
        return self.check(path, load_yaml(path, {}))
