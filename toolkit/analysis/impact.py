"""Impact: what a change to an element reaches, transitively, and the path that makes it so.

A change travels along each relationship the way its type's `impact` says: backward (the default;
a step that `uses` a system changes when the system does), forward (a whole changes with its part)
or not at all.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

__all__ = ["Hop", "Reach", "propagation_graph", "impact"]


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship on a path, as written in the model: `source` `type` `target`."""

    source: str
    type: str
    target: str


@dataclass(frozen=True, slots=True)
class Reach:
    """An element reached from the start, how far, and the relationships that lead there."""

    element: str
    distance: int
    path: tuple[Hop, ...]


def propagation_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """A DiGraph with an edge a -> b where a change to a changes b, each keeping the hops behind it.

    >>> from toolkit.examples import example_model
    >>> from toolkit.graph import to_graph
    >>> P = propagation_graph(to_graph(example_model()))
    >>> P.has_edge("ura", "kunta"), P.has_edge("kunta", "ura")   # kunta uses ura: kunta depends on ura
    (True, False)
    >>> P.has_edge("ura", "te-digi")                             # ura is part of te-digi: the whole changes
    True
    """
    relationships = G.graph["metamodel"].relationships
    P = nx.DiGraph()
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
    return P


def impact(G: nx.MultiDiGraph, element: str, depth: int | None = None, reverse: bool = False,
           P: nx.DiGraph | None = None) -> list[Reach]:
    """Everything a change to `element` reaches (or, with `reverse`, everything it depends on).

    Breadth first, so each element comes with a shortest path; sorted by distance, then id.
    `depth` limits how many relationships away to look. Pass a prebuilt `P` to answer many queries.

    >>> from toolkit.examples import example_model
    >>> from toolkit.graph import to_graph
    >>> G = to_graph(example_model())
    >>> [(r.element, r.distance) for r in impact(G, "ura", depth=2)]
    [('kunta', 1), ('te-digi', 1), ('ilmoittautuminen', 2), ('lausunto', 2), ('maksu', 2)]
    >>> [(h.source, h.type, h.target) for h in impact(G, "ura")[2].path]
    [('kunta', 'uses', 'ura'), ('ilmoittautuminen', 'involves', 'kunta')]
    >>> [r.element for r in impact(G, "maksu", reverse=True)][:3]
    ['ilmoittautuminen', 'kela', 'kunta']
    """
    P = propagation_graph(G) if P is None else P
    neighbours = P.predecessors if reverse else P.successors
    paths: dict[str, tuple[Hop, ...]] = {element: ()}
    queue = deque([element])
    while queue:
        node = queue.popleft()
        if depth is not None and len(paths[node]) >= depth:
            continue
        for neighbour in sorted(neighbours(node)):
            if neighbour not in paths:
                edge = P.edges[neighbour, node] if reverse else P.edges[node, neighbour]
                paths[neighbour] = paths[node] + (edge["hops"][0],)
                queue.append(neighbour)
    del paths[element]
    return sorted((Reach(e, len(p), p) for e, p in paths.items()), key=lambda r: (r.distance, r.element))
