"""Lineage of a data group: where it is kept, which flows carry it, between whom, and in which steps.

Which kinds and relationships play these parts is the metamodel's `views.data` and `views.flows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from refarch.graph import derived

__all__ = ["Lineage", "lineage", "wholes"]


@dataclass(frozen=True)
class FlowLineage:
    flow: str
    senders: tuple[str, ...]
    receivers: tuple[str, ...]
    interfaces: tuple[str, ...]
    steps: tuple[str, ...]
    data: str


@dataclass(frozen=True)
class Lineage:
    """Everything the model says about one data group and its parts."""

    data_group: str
    parts: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    accessed_by: tuple[str, ...] = ()
    flows: tuple[FlowLineage, ...] = field(default_factory=tuple)
    information_needs: tuple[str, ...] = ()

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(sorted({s for f in self.flows for s in f.steps}))


def lineage(G: nx.MultiDiGraph, data_group: str) -> Lineage:
    """The lineage of `data_group`, including its parts (a flow of a part is a flow of the whole).

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> found = lineage(to_graph(example_model()), "laskut")
    >>> found.stores, found.owners
    (('tilit', 'varanto'), ('kunta',))
    >>> [(f.flow, f.senders, f.receivers, f.interfaces, f.steps) for f in found.flows]
    [('laskutus', ('kunta',), ('kirjasto',), ('rajapinta',), ('maksu',))]
    """
    data, flows_of = G.graph["metamodel"].views.data, G.graph["metamodel"].views.flows
    if data is None:
        return Lineage(data_group)
    groups = [data_group, *sorted(_parts(G, data_group, data.part_of))]
    carried = _carried(G) if flows_of else {}
    flows = [flow for group in groups for flow in carried.get(group, ())]
    sources = _ends(G)[0]  # looked up once: a whole's lineage asks for every part's ends

    def union(rtype: str, of: list[str]) -> tuple[str, ...]:
        return tuple(sorted({x for g in of for x in sources.get((g, rtype), ())}))

    return Lineage(
        data_group=data_group,
        parts=tuple(groups[1:]),
        stores=union(data.stores, groups),
        owners=union(data.owns, [data_group, *_wholes(G, data_group, data.part_of)]),
        accessed_by=union(data.accesses, groups),
        flows=tuple(sorted(flows, key=lambda f: (f.steps, f.flow))),
        information_needs=union(data.concerns, groups),
    )


def _carried(G: nx.MultiDiGraph) -> dict[str, tuple[FlowLineage, ...]]:
    """Each data group's flows (those that carry it directly), made once per graph: a whole's lineage is its
    parts' flows too, and the site asks for every group's, so a deep `part-of` chain would make each flow's
    row again for every whole above it."""
    return derived(G, "lineage-flows", _flows_by_group)


def _flows_by_group(G: nx.MultiDiGraph) -> dict[str, tuple[FlowLineage, ...]]:
    flows_of = G.graph["metamodel"].views.flows
    by_group: dict[str, list[FlowLineage]] = {}
    for (group, rtype), flows in _ends(G)[0].items():
        if rtype == flows_of.carries:
            by_group[group] = [
                FlowLineage(
                    flow,
                    _targets(G, flow, flows_of.sender),
                    _targets(G, flow, flows_of.receiver),
                    _targets(G, flow, flows_of.via),
                    _targets(G, flow, flows_of.in_step),
                    group,
                )
                for flow in flows
            ]
    return {group: tuple(flows) for group, flows in by_group.items()}


def _ends(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    """(node, type) -> sorted sources and targets: the site asks for the lineage of every data group, and a
    data group's parts share their ends with the whole's."""
    return derived(G, "lineage-ends", _index_ends)


def _index_ends(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    sources: dict[tuple[str, str], list[str]] = {}
    targets: dict[tuple[str, str], list[str]] = {}
    for u, v, key in G.edges(keys=True):
        sources.setdefault((v, key), []).append(u)
        targets.setdefault((u, key), []).append(v)
    return ({k: tuple(sorted(x)) for k, x in sources.items()}, {k: tuple(sorted(x)) for k, x in targets.items()})


def _targets(G: nx.MultiDiGraph, node: str, rtype: str) -> tuple[str, ...]:
    return _ends(G)[1].get((node, rtype), ())


def _parts(G: nx.MultiDiGraph, node: str, part_of: str) -> set[str]:
    found: set[str] = set()
    todo, sources, nodes = [node], _ends(G)[0], G.nodes
    kind = nodes[node]["kind"]
    while todo:
        for part in sources.get((todo.pop(), part_of), ()):
            if part not in found and nodes[part]["kind"] == kind:
                found.add(part)
                todo.append(part)
    return found


def wholes(G: nx.MultiDiGraph, data_group: str) -> list[str]:
    """The data groups `data_group` is part of, nearest first: their owners are its owners too."""
    data = G.graph["metamodel"].views.data
    return _wholes(G, data_group, data.part_of) if data is not None else []


def _wholes(G: nx.MultiDiGraph, node: str, part_of: str) -> list[str]:
    """Up the chain of wholes, the first target not met before at each step (a cycle is a finding of its own).
    The ones met are a set beside the list: a chain thousands long is walked in linear time."""
    wholes, met, here = [], {node}, node
    while (up := next((w for w in _targets(G, here, part_of) if w not in met), None)) is not None:
        wholes.append(up)
        met.add(up)
        here = up
    return wholes
