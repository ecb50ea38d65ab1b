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
from graphlib import CycleError, TopologicalSorter
from typing import Any

from refarch.model import Model, Relationship
from refarch.problems import Finding

CODE = "cycle"
SEVERITY = "error"
SUMMARY = "A relationship type that must not loop forms a cycle."


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


def find_cycles(edges: Mapping[tuple[str, str], Relationship]) -> Iterator[tuple[list[str], Relationship]]:
    """Each cycle once, with the relationship that closes it; stdlib graphlib finds them in O(edges).

    After a cycle is found one of its edges is set aside and the search repeats, so a model with no
    cycles costs one pass, and one with k cycles k + 1 passes.

    >>> from refarch.model import Relationship
    >>> from refarch.problems import Location
    >>> rel = lambda s, t: ((s, t), Relationship("precedes", s, t, Location("m.yaml")))
    >>> [c for c, _ in find_cycles(dict([rel("a", "b"), rel("b", "c"), rel("c", "a"), rel("c", "d")]))]
    [['a', 'b', 'c', 'a']]
    """
    remaining = dict(sorted(edges.items()))
    while True:
        sorter: TopologicalSorter[str] = TopologicalSorter()
        for source, target in remaining:
            sorter.add(target, source)
        try:
            sorter.prepare()
            return
        except CycleError as error:
            found = list(error.args[1])  # [x, ..., x], each node a source of an edge to the next
        cycle = _rotate(found)
        closing = remaining.pop((cycle[-2], cycle[-1]))
        yield cycle, closing


def _rotate(cycle: list[str]) -> list[str]:
    """Start the cycle at its smallest id, so the same cycle always reads the same."""
    ring = cycle[:-1]
    start = ring.index(min(ring))
    ring = ring[start:] + ring[:start]
    return ring + [ring[0]]
