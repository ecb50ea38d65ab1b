"""The graph's structure: orphans, cycles, hubs, and single points of failure among systems."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import networkx as nx

from refarch.cycles import find_cycles

__all__ = ["orphans", "cycles", "hubs", "weak_points"]


def orphans(G: nx.MultiDiGraph) -> Iterator[str]:
    """Elements with no relationship at all, in id order.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = nx.MultiDiGraph(to_graph(example_model()))   # a copy that can change
    >>> G.add_node("yksin", kind="actor", layer="business", name="Yksin")
    >>> list(orphans(G))
    ['yksin']
    """
    return (n for n in sorted(G.nodes) if G.degree(n) == 0)


def cycles(G: nx.MultiDiGraph, types: tuple[str, ...] | None = None, limit: int = 100) -> list[tuple[str, list[str]]]:
    """Cycles within each relationship type (default: the types the metamodel marks acyclic), as the
    `cycle` rule reports them: each once, found by the same finder (refarch.cycles).

    Returns (type, [a, b, ..., a]) pairs, at most `limit`, each cycle starting at its smallest id.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = nx.MultiDiGraph(to_graph(example_model()))   # a copy that can change
    >>> cycles(G)
    []
    >>> G.add_edge("maksu", "ilmoittautuminen", key="precedes")
    'precedes'
    >>> cycles(G)
    [('precedes', ['ilmoittautuminen', 'maksu', 'ilmoittautuminen'])]
    """
    relationships = G.graph["metamodel"].relationships
    types = types or tuple(name for name, rt in relationships.items() if rt.acyclic)
    found: list[tuple[str, list[str]]] = []
    for rtype in sorted(types):
        edges = {(u, v): None for u, v, key in G.edges(keys=True) if key == rtype and u != v}
        found += [(rtype, cycle) for cycle, _ in islice(find_cycles(edges), limit - len(found))]
    return sorted(found)


def hubs(G: nx.MultiDiGraph, top: int = 10, sample: int | None = None) -> list[dict]:
    """The most connected elements: degree and betweenness centrality in the undirected graph.

    On large graphs betweenness is estimated from `sample` nodes (a fixed seed keeps it repeatable);
    by default, exactly up to 2,000 nodes and from 500 nodes above that.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> [(h["element"], h["degree"]) for h in hubs(to_graph(example_model()), top=3)]
    [('laskutus', 5), ('maksu', 5), ('kunta', 5)]
    """
    U: nx.Graph = nx.Graph(G.to_undirected(as_view=True))
    if sample is None and U.number_of_nodes() > 2000:
        sample = 500
    betweenness = nx.betweenness_centrality(U, k=sample, seed=7 if sample else None)
    ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), -betweenness[n], n))[:top]
    return [
        {"element": n, "kind": G.nodes[n]["kind"], "degree": G.degree(n), "betweenness": round(betweenness[n], 4)}
        for n in ranked
    ]


def infrastructure_kinds(G: nx.MultiDiGraph) -> tuple[str, ...]:
    """The kinds weak_points looks at: the metamodel's `views.infrastructure`, every kind without it."""
    part = G.graph["metamodel"].views.infrastructure
    return part.kinds if part else tuple(G.graph["metamodel"].kinds)


def weak_points(G: nx.MultiDiGraph, kinds: tuple[str, ...] | None = None) -> dict[str, list]:
    """Single points of failure: articulation points of these kinds, and bridges that touch them. The kinds
    are by default the metamodel's `views.infrastructure` (every kind when it names none).

    Removing an articulation point or a bridge splits the architecture in two.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> found = weak_points(to_graph(example_model()))
    >>> found["articulation_points"], found["bridges"]   # the store hangs on the data group alone
    ([], [['varanto', 'laskut']])
    >>> G = nx.MultiDiGraph(to_graph(example_model()))
    >>> G.remove_edge("tilit", "laskut", key="stores")
    >>> G.remove_edge("laskutus", "rajapinta", key="via")
    >>> weak_points(G)["articulation_points"]             # now Tilit alone joins Sovellusalusta to the rest
    ['sovellusalusta', 'tilit']
    """
    kinds = infrastructure_kinds(G) if kinds is None else kinds
    U: nx.Graph = nx.Graph(G.to_undirected(as_view=True))
    points = sorted(n for n in nx.articulation_points(U) if G.nodes[n]["kind"] in kinds)
    bridges = sorted(
        sorted((u, v), key=lambda n: (G.nodes[n]["kind"] not in kinds, n))
        for u, v in nx.bridges(U)
        if kinds and (G.nodes[u]["kind"] in kinds or G.nodes[v]["kind"] in kinds)
    )
    return {"articulation_points": points, "bridges": [list(b) for b in bridges]}
