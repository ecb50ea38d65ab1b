"""A relationship type that the metamodel marks acyclic forms a cycle.

`part-of`, `precedes`, `sum-of` and `specializes` are acyclic in the default metamodel: a step cannot
come before itself through other steps, a total cannot be part of its own parts. The finding is
reported once per cycle, at the relationship written on the cycle's first element (by id), and lists
the whole cycle.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from toolkit.model import Model
from toolkit.problems import Finding

CODE = "cycle"
SEVERITY = "error"
SUMMARY = "A relationship type that must not loop forms a cycle."


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    acyclic = {name for name, rt in model.metamodel.relationships.items() if rt.acyclic}
    by_type: dict[str, list] = {}
    for rel in model.relationships:
        if rel.type in acyclic and rel.source != rel.target and rel.target in model.elements:
            by_type.setdefault(rel.type, []).append(rel)
    if not by_type:
        return
    import networkx as nx  # imported here: most runs have no acyclic edges to check

    for rtype in sorted(by_type):
        graph = nx.DiGraph()
        edges = {}
        for rel in by_type[rtype]:
            graph.add_edge(rel.source, rel.target)
            edges.setdefault((rel.source, rel.target), rel)
        for component in sorted((sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)):
            start = component[0]
            cycle = nx.find_cycle(graph.subgraph(component), source=start)
            path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
            first = edges[cycle[0]]
            yield Finding(first.location, f'"{rtype}" forms a cycle: {path}', first.source,
                          f'"{rtype}" must not loop; remove one of these links')
