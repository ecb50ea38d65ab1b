"""A relationship type that the metamodel marks acyclic forms a cycle.

`part-of`, `precedes`, `sum-of` and `specializes` are acyclic in the default metamodel: a step cannot
come before itself through other steps, a total cannot be part of its own parts. Each cycle is
reported once, at the relationship that closes it, and the message lists the whole cycle.

Fails:

```yaml
steps:
  - {id: a, name: A, order: 1, precedes: b}
  - {id: b, name: B, order: 2, precedes: a}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.cycles import find_cycles
from refarch.model import Model, Relationship
from refarch.problems import Finding

CODE = "cycle"
SEVERITY = "error"
LOCAL = True  # a cycle among the elements read is a cycle whatever else a missing file holds


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    acyclic = {name for name, rt in model.metamodel.relationships.items() if rt.acyclic}
    by_type: dict[str, dict[tuple[str, str], Relationship]] = {}
    for rel in model.relationships:
        if rel.type in acyclic and rel.source != rel.target and rel.target in model.elements:
            by_type.setdefault(rel.type, {}).setdefault((rel.source, rel.target), rel)
    for rtype in sorted(by_type):
        for cycle, closing in find_cycles(by_type[rtype]):
            yield Finding(
                closing.location,
                f'"{rtype}" forms a cycle: {" -> ".join(cycle)}',
                closing.source,
                f'"{rtype}" must not loop; remove one of these links',
            )
