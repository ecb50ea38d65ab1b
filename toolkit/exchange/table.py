"""ArchiMate's relationship table: which relationship types ArchiMate 3.2 allows from one element type to
another, read from `relationships.yaml` beside this module (the specification's facts in this project's
form). The export picks, for each relationship, a type this table allows; the tests hold every export to it.

>>> allows("Aggregation", "Plateau", "WorkPackage"), allows("Realization", "WorkPackage", "Plateau")
(False, True)
>>> allows("Association", "OrJunction", "BusinessActor"), allows("Association", "Principle", "Relationship")
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

TABLE_FILE = Path(__file__).with_name("relationships.yaml")
LETTERS = {
    "a": "Access",
    "c": "Composition",
    "f": "Flow",
    "g": "Aggregation",
    "i": "Assignment",
    "n": "Influence",
    "o": "Association",
    "r": "Realization",
    "s": "Specialization",
    "t": "Triggering",
    "v": "Serving",
}
JUNCTIONS = frozenset({"AndJunction", "OrJunction"})
RELATIONSHIP_END = "Relationship"  # a relationship as the end of another (an Association may reach one)


@cache
def allowed_table() -> Mapping[tuple[str, str], frozenset[str]]:
    """(source type, target type) -> the relationship types allowed between them."""
    data = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    table: dict[tuple[str, str], frozenset[str]] = {}
    for source, groups in data["allowed"].items():
        for letters, targets in groups.items():
            for target in targets:
                table[(source, target)] = frozenset(LETTERS[letter] for letter in letters)
    return table


def table_type(archimate_type: str) -> str:
    """The table's name for an exchange-format type: both junctions are one `Junction` there."""
    return "Junction" if archimate_type in JUNCTIONS else archimate_type


def allows(relationship: str, source_type: str, target_type: str) -> bool:
    """Whether ArchiMate allows a `relationship` from an element of `source_type` to one of `target_type`."""
    return relationship in allowed_table().get((table_type(source_type), table_type(target_type)), ())
