"""An element has no relationships at all.

An element nothing points at and that points at nothing is not connected to the architecture: it is
missing its links, or it is left over. If the source really names it without links, waive the finding
on the element with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding

CODE = "orphan-element"
SEVERITY = "warning"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    linked = set()
    for rel in model.relationships:
        linked.add(rel.source)
        linked.add(rel.target)
    for element in model.elements.values():
        if element.id not in linked:
            yield Finding(
                element.where("id"),
                f'{element.kind} "{element.id}" has no relationships',
                element.id,
                "link it to the elements it belongs with, or waive this with a reason",
            )
