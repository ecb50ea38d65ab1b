"""Statistics: elements per layer and kind, relationships per type, and the cross-layer matrix."""

from __future__ import annotations

from collections import Counter

import networkx as nx

__all__ = ["statistics", "layer_matrix"]


def statistics(G: nx.MultiDiGraph) -> dict:
    """Counts per layer and kind, in metamodel order, and per relationship type.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> stats = statistics(to_graph(example_model()))
    >>> stats["elements"], stats["layers"]["business"]
    (12, {'actor': 2, 'process': 1, 'step': 2})
    """
    mm = G.graph["metamodel"]
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    layers = {}
    for layer in mm.layers:
        counts = {k: kinds[k] for k in sorted(mm.kinds) if mm.kinds[k].layer == layer and kinds[k]}
        if counts:
            layers[layer] = counts
    types = Counter(key for _, _, key in G.edges(keys=True))
    return {
        "elements": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
        "layers": layers,
        "relationship_types": dict(sorted(types.items())),
    }


def layer_matrix(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """How many relationships go from each layer (rows) to each layer (columns).

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> layer_matrix(to_graph(example_model()))["business"]
    {'principles': 0, 'business': 6, 'information': 1, 'systems': 1, 'roadmap': 0}
    """
    layers = list(G.graph["metamodel"].layers)
    matrix = {row: dict.fromkeys(layers, 0) for row in layers}
    for u, v in G.edges():
        matrix[G.nodes[u]["layer"]][G.nodes[v]["layer"]] += 1
    return matrix
