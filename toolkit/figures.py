"""Figures and their totals: a figure's numbers by column, and each declared total beside the sum of its
parts. The one place for both, read by the `sum-mismatch` rule and by the site's funding tables.

A figure has a single `value` (the column "") or named columns in `values`; `sum-of: [part, ...]` declares
that its numbers are the sums of its parts' numbers, column by column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from refarch.model import Element, Model

VALUE = ""  # the column of a figure's single `value`


def format_number(number: float) -> str:
    """A figure as findings write it: 1234567 -> '1 234 567'; a fraction with two decimals.

    >>> format_number(2324457264), format_number(0.3)
    ('2 324 457 264', '0.30')
    """
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", " ")
    return f"{number:,.2f}".replace(",", " ")


def columns(element: Element) -> dict[str, Any]:
    """A figure's numbers by column: `value` as the column "", then every named column of `values`.

    >>> from refarch.problems import Location
    >>> figure = Element("f", "figure", "principles", {"fi": "F"}, Location("f.yaml"), fields={"values": {"a": 1}})
    >>> columns(figure)
    {'a': 1}
    """
    found: dict[str, Any] = {}
    if "value" in element.fields:
        found[VALUE] = element.fields["value"]
    found.update(element.fields.get("values", {}))
    return found


@dataclass(frozen=True)
class Total:
    """A figure with parts: per column the published total, the parts' sum, and the parts without a number."""

    figure: Element
    parts: tuple[Element, ...]
    columns: tuple[str, ...]
    declared: tuple[Any, ...]
    sums: tuple[Any, ...]  # over the parts that have a number in the column
    missing: tuple[tuple[str, ...], ...]  # per column, the parts that have none

    def rows(self) -> list[tuple[str, list[Any]]]:
        """Each part's id with its number in every column (None where it has none)."""
        return [(p.id, [columns(p).get(c) for c in self.columns]) for p in self.parts]


def totals(model: Model) -> list[Total]:
    """Every figure that declares its parts (the metamodel's `views.figures`), in id order,
    with its columns summed; none when the metamodel names no figures part."""
    figures = model.metamodel.views.figures
    if figures is None:
        return []
    parts_of: dict[str, list[Element]] = {}
    for rel in model.relationships:
        if rel.type == figures.sum_of and rel.source in model.elements and rel.target in model.elements:
            parts_of.setdefault(rel.source, []).append(model.elements[rel.target])
    found = []
    for figure_id in sorted(parts_of):
        figure, parts = model.elements[figure_id], parts_of[figure_id]
        declared = columns(figure)
        numbers = [columns(p) for p in parts]
        found.append(
            Total(
                figure=figure,
                parts=tuple(parts),
                columns=tuple(declared),
                declared=tuple(declared.values()),
                sums=tuple(sum(n[c] for n in numbers if n.get(c) is not None) for c in declared),
                missing=tuple(
                    tuple(p.id for p, n in zip(parts, numbers, strict=True) if n.get(c) is None) for c in declared
                ),
            )
        )
    return found
