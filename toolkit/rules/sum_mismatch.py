"""A declared total differs from the sum of its parts.

A figure with `sum-of: [part, ...]` declares that its value is the sum of the parts' values. With
`values:` (columns such as `nykytila`, `uudistus`, `muutos`) every column is checked. The finding shows
the declared total, the sum and the difference. Published totals are recorded as published: when the
source's own total differs, the finding is true and is waived on the figure with that reason.

The option `tolerance` (default 0) is the absolute difference still accepted, for rounded figures:

```yaml
rules:
  sum-mismatch: {tolerance: 1}
```

Fails:

```yaml
figures:
  - id: total
    name: Yhteensä
    value: 10
    sum-of: [a, b]
  - {id: a, name: A, value: 4}
  - {id: b, name: B, value: 5}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Element, Model
from refarch.problems import Finding

CODE = "sum-mismatch"
SEVERITY = "warning"
SUMMARY = "A declared total differs from the sum of its parts."
OPTIONS = {"tolerance": 0}


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    tolerance = float(options["tolerance"])
    parts_of: dict[str, list[Element]] = {}
    for rel in model.relationships:
        if rel.type == "sum-of" and rel.target in model.elements:
            parts_of.setdefault(rel.source, []).append(model.elements[rel.target])
    for total_id, parts in parts_of.items():
        total = model.elements[total_id]
        if not _columns(total):
            yield Finding(
                total.where("sum-of"),
                f'total "{total_id}" has parts but no value of its own',
                total_id,
                "add `value:` or `values:`",
            )
        for column, declared in _columns(total).items():
            missing = [p.id for p in parts if _columns(p).get(column) is None]
            label = f'"{column}" of ' if column else ""
            if missing:
                yield Finding(
                    total.where("sum-of"),
                    f'{label}total "{total_id}" cannot be checked: '
                    f"{', '.join(missing)} has no value{f' for {column!r}' if column else ''}",
                    total_id,
                )
                continue
            computed = sum(_columns(p)[column] for p in parts)
            difference = declared - computed
            if abs(difference) > tolerance:
                yield Finding(
                    total.where("values" if column else "value"),
                    f'{label}total "{total_id}" is {_fmt(declared)} but its parts sum to '
                    f"{_fmt(computed)} (difference {_fmt(difference)})",
                    total_id,
                    "correct the figure, or waive this with the reason if the source publishes it so",
                )


def _columns(element: Element) -> dict[str, float | None]:
    """`value` as the column "", plus every named column of `values`."""
    columns: dict[str, Any] = {}
    if "value" in element.fields:
        columns[""] = element.fields["value"]
    columns.update(element.fields.get("values", {}))
    return columns


def _fmt(number: float) -> str:
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", " ")
    return f"{number:,.2f}".replace(",", " ")
