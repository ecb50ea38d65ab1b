"""An element points at itself.

A relationship from an element to itself says nothing (a step that `precedes` itself, a system that is
`part-of` itself) and is nearly always a copy-paste slip.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding

CODE = "self-reference"
SEVERITY = "error"
LOCAL = True  # an element pointing at itself needs no other file
ELEMENT = True  # a relationship written on the element, in its file


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for rel in model.relationships:
        if rel.source == rel.target:
            yield Finding(
                rel.location,
                f'"{rel.source}" points at itself with "{rel.type}"',
                rel.source,
                "point at another element, or remove the line",
            )
