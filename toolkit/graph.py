"""The model as a networkx MultiDiGraph: one node per element, one edge per relationship (key = its type).

Analyses (toolkit/analysis) are small functions over this graph; nothing in them reads the model again.

>>> from refarch.examples import example_model
>>> G = to_graph(example_model())
>>> G.nodes["ura"]["kind"], sorted(G["kunta"]["ura"])
('system', ['uses'])
>>> G.edges["kunta", "ura", "uses"]["locations"][0].line
9
"""

from __future__ import annotations

import networkx as nx

from refarch.model import Model


def to_graph(model: Model) -> nx.MultiDiGraph:
    """Nodes carry kind, layer, name and the element; edges carry their positions (all, if repeated).

    Relationships to ids that do not exist are left out: the validator reports them.
    """
    G = nx.MultiDiGraph(metamodel=model.metamodel)
    for element in model.elements.values():
        G.add_node(element.id, kind=element.kind, layer=element.layer, name=element.name, element=element)
    for rel in model.relationships:
        if rel.target not in model.elements:
            continue
        if G.has_edge(rel.source, rel.target, key=rel.type):
            G.edges[rel.source, rel.target, rel.type]["locations"].append(rel.location)
        else:
            G.add_edge(rel.source, rel.target, key=rel.type, locations=[rel.location], relationship=rel)
    return G
