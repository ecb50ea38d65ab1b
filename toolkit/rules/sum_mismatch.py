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

import math
from collections.abc import Iterator, Mapping
from typing import Any

from refarch.figures import format_number, totals
from refarch.model import Model
from refarch.problems import Finding

CODE = "sum-mismatch"
SEVERITY = "warning"
OPTIONS = {"tolerance": 0}


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    tolerance = float(options["tolerance"])
    parts = model.metamodel.views.figures
    for total in totals(model):
        figure = total.figure
        assert parts is not None  # totals come only from the metamodel's figures part
        if not total.columns:
            yield Finding(
                figure.where(parts.sum_of),
                f'total "{figure.id}" has parts but no value of its own',
                figure.id,
                "add `value:` or `values:`",
            )
        for column, declared, computed, missing in zip(
            total.columns, total.declared, total.sums, total.missing, strict=True
        ):
            label = f'"{column}" of ' if column else ""
            if missing:
                yield Finding(
                    figure.where(parts.sum_of),
                    f'{label}total "{figure.id}" cannot be checked: '
                    f"{', '.join(missing)} has no value{f' for {column!r}' if column else ''}",
                    figure.id,
                )
                continue
            difference = declared - computed
            if abs(difference) > tolerance and not math.isclose(declared, computed, rel_tol=1e-9):  # float noise
                yield Finding(
                    figure.where("values" if column else "value"),
                    f'{label}total "{figure.id}" is {format_number(declared)} but its parts sum to '
                    f"{format_number(computed)} (difference {format_number(difference)})",
                    figure.id,
                    "correct the figure, or waive this with the reason if the source publishes it so",
                )
