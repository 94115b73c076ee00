"""The one reader of leading ``---`` blocks: a seed's header and a content page's front matter.

A block opens with a ``---`` line as the text's first line and closes at the next ``---``
line; between them are YAML ``key: value`` lines, parsed by yamlfile.parse_yaml (no
anchors or aliases). Callers word their own messages: a broken seed header is a warning
(the seed is still read), a broken page's front matter an error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import yaml

from coprod.core.yamlfile import AliasError, parse_yaml

MAX_BLOCK_BYTES = 64 * 1024  # a header is a few short lines; `also:` may list many publishers
FENCE = "---"


class Unusable(enum.Enum):
    """Why a block that is there gives no data."""

    TOO_LONG = "longer than the limit, or not closed by a --- line"  # lines_used is 0: read it as text
    NOT_YAML = "not valid YAML"
    NOT_MAPPING = "not key: value lines"


@dataclass(frozen=True)
class FrontMatter:
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    lines_used: int = 0  # lines the block takes, both fences included; 0 when there is none
    unusable: Unusable | None = None
    yaml_error: yaml.YAMLError | ValueError | None = None  # with NOT_YAML: what the parser said

    @property
    def why(self) -> str:
        """Why the block is unusable, in a few words ("" when it is usable)."""
        if isinstance(self.yaml_error, AliasError):
            return str(self.yaml_error.problem)
        return self.unusable.value if self.unusable else ""


def split_front_matter(lines: Sequence[str], max_bytes: int = MAX_BLOCK_BYTES) -> FrontMatter:
    """The leading ``---`` block of ``lines`` (a text split on "\\n"), read up to ``max_bytes``."""
    if not lines or lines[0].strip() != FENCE:
        return FrontMatter()
    size = 0
    for end in range(1, len(lines)):
        if lines[end].strip() == FENCE:
            break
        size += len(lines[end]) + 1
        if size > max_bytes:
            return FrontMatter(unusable=Unusable.TOO_LONG)
    else:
        return FrontMatter()
    try:
        data = parse_yaml("\n".join(lines[1:end])) or {}
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date YAML cannot build ("2024-02-30")
        return FrontMatter(lines_used=end + 1, unusable=Unusable.NOT_YAML, yaml_error=exc)
    if not isinstance(data, dict):
        return FrontMatter(lines_used=end + 1, unusable=Unusable.NOT_MAPPING)
    return FrontMatter(MappingProxyType(data), end + 1)
