"""The model as a networkx MultiDiGraph: one node per element, one edge per relationship (key = its type).

Analyses (refarch/analysis) are small functions over this graph; nothing in them reads the model again.
The graph is frozen, as the model is: what an analysis derives from it (an index of ends, adjacency
lists) is kept with it by `derived`, and cannot go stale. A caller that wants to change a graph works on
a copy, `nx.MultiDiGraph(G)`, for which `derived` computes afresh every time.

>>> from refarch.examples import example_model
>>> G = to_graph(example_model())
>>> G.nodes["tilit"]["kind"], sorted(G["kunta"]["tilit"])
('system', ['uses'])
>>> G.edges["kunta", "tilit", "uses"]["locations"][0].line
9
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import networkx as nx

from refarch.model import Model

T = TypeVar("T")
GraphT = TypeVar("GraphT", bound=nx.Graph)


def to_graph(model: Model) -> nx.MultiDiGraph:
    """Nodes carry kind, layer, name and the element; edges carry their positions (all, if repeated).

    Relationships to ids that do not exist are left out: the validator reports them.
    """
    G: nx.MultiDiGraph = nx.MultiDiGraph(metamodel=model.metamodel)
    for element in model.elements.values():
        G.add_node(element.id, kind=element.kind, layer=element.layer, name=element.name, element=element)
    for rel in model.relationships:
        if rel.target not in model.elements:
            continue
        if G.has_edge(rel.source, rel.target, key=rel.type):
            G.edges[rel.source, rel.target, rel.type]["locations"].append(rel.location)
        else:
            G.add_edge(rel.source, rel.target, key=rel.type, locations=[rel.location], relationship=rel)
    return nx.freeze(G)


def derived(G: GraphT, name: str, make: Callable[[GraphT], T]) -> T:
    """What `make` derives from a graph, made once per frozen graph and kept with it; made afresh for a graph
    that can still change. The one cache of the analyses: a site asks for thousands of lineages and impacts.

    >>> G = nx.freeze(nx.DiGraph([("a", "b")]))
    >>> derived(G, "size", len) is derived(G, "size", len), derived(G, "size", len)
    (True, 2)
    """
    if not nx.is_frozen(G):
        return make(G)
    kept = G.graph.setdefault("_derived", {})
    if name not in kept:
        kept[name] = make(G)
    return kept[name]
