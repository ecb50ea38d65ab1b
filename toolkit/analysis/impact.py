"""Impact: what a change to an element reaches, transitively, and the path that makes it so.

A change travels along each relationship the way its type's `impact` says: backward (the default;
a step that `uses` a system changes when the system does), forward (a whole changes with its part)
or not at all.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from refarch.graph import derived

__all__ = ["Hop", "Reach", "propagation_graph", "impact"]


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship on a path, as written in the model: `source` `type` `target`."""

    source: str
    type: str
    target: str


class Reach:
    """An element reached from the start, how far, and the relationships that lead there.

    The path is read from the search's parent pointers when asked for, so that a query that reaches
    thousands of elements does not copy thousands of paths it may never show.
    """

    __slots__ = ("element", "distance", "_parents")

    def __init__(self, element: str, distance: int, parents: dict[str, tuple[str, Hop]]) -> None:
        self.element = element
        self.distance = distance
        self._parents = parents

    @property
    def path(self) -> tuple[Hop, ...]:
        hops, node = [], self.element
        while node in self._parents:
            node, hop = self._parents[node]
            hops.append(hop)
        return tuple(reversed(hops))

    def to_dict(self) -> dict:
        return {
            "element": self.element,
            "distance": self.distance,
            "path": [{"source": h.source, "type": h.type, "target": h.target} for h in self.path],
        }

    def __repr__(self) -> str:
        return f"Reach({self.element!r}, {self.distance})"


def propagation_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """A DiGraph with an edge a -> b where a change to a changes b, each keeping the hops behind it.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> P = propagation_graph(to_graph(example_model()))
    >>> P.has_edge("tilit", "kunta"), P.has_edge("kunta", "tilit")   # kunta uses tilit: kunta depends on tilit
    (True, False)
    >>> P.has_edge("tilit", "sovellusalusta")  # tilit is part of sovellusalusta: the whole changes
    True
    """
    relationships = G.graph["metamodel"].relationships
    P: nx.DiGraph = nx.DiGraph()
    P.add_nodes_from(G.nodes)
    for u, v, rtype in G.edges(keys=True):
        direction = relationships[rtype].impact
        if direction == "none":
            continue
        a, b = (v, u) if direction == "backward" else (u, v)
        if P.has_edge(a, b):
            P.edges[a, b]["hops"].append(Hop(u, rtype, v))
        else:
            P.add_edge(a, b, hops=[Hop(u, rtype, v)])
    return nx.freeze(P)


def _adjacency(P: nx.DiGraph, reverse: bool) -> dict[str, list[tuple[str, Hop]]]:
    """Plain adjacency lists for the queries: walking them is several times faster than networkx's views."""

    def lists(P: nx.DiGraph) -> dict[str, list[tuple[str, Hop]]]:
        ends = P.pred if reverse else P.succ
        return {n: [(m, d["hops"][0]) for m, d in ends[n].items()] for n in P}

    return derived(P, "backward" if reverse else "forward", lists)


def impact(
    G: nx.MultiDiGraph, element: str, depth: int | None = None, reverse: bool = False, P: nx.DiGraph | None = None
) -> list[Reach]:
    """Everything a change to `element` reaches (or, with `reverse`, everything it depends on).

    Breadth first, so each element comes with a shortest path (among equals, the first in model
    order); sorted by distance, then id.
    `depth` limits how many relationships away to look. Pass a prebuilt `P` to answer many queries.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = to_graph(example_model())
    >>> [(r.element, r.distance) for r in impact(G, "tilit", depth=2)]
    [('kunta', 1), ('sovellusalusta', 1), ('ilmoittautuminen', 2), ('laskutus', 2), ('maksu', 2)]
    >>> [(h.source, h.type, h.target) for h in impact(G, "tilit")[2].path]
    [('kunta', 'uses', 'tilit'), ('ilmoittautuminen', 'involves', 'kunta')]
    >>> [r.element for r in impact(G, "maksu", reverse=True)][:3]
    ['ilmoittautuminen', 'kirjasto', 'kunta']
    """
    P = propagation_graph(G) if P is None else P
    adjacency = _adjacency(P, reverse)
    distance = {element: 0}
    parents: dict[str, tuple[str, Hop]] = {}
    queue = deque([element])
    while queue:
        node = queue.popleft()
        here = distance[node]
        if depth is not None and here >= depth:
            continue
        for neighbour, hop in adjacency[node]:  # model order: deterministic, and no sort per node
            if neighbour not in distance:
                distance[neighbour] = here + 1
                parents[neighbour] = (node, hop)
                queue.append(neighbour)
    del distance[element]
    return sorted((Reach(e, d, parents) for e, d in distance.items()), key=lambda r: (r.distance, r.element))
