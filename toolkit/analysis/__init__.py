"""Analyses of the model graph: small pure functions, networkx style, each with a runnable example."""

from refarch.analysis.impact import Hop, Reach, impact, propagation_graph
from refarch.analysis.lineage import Lineage, lineage
from refarch.analysis.paths import connections, sentence
from refarch.analysis.stats import layer_matrix, statistics
from refarch.analysis.structure import cycles, hubs, orphans, weak_points

__all__ = [
    "Hop",
    "Reach",
    "impact",
    "propagation_graph",
    "Lineage",
    "lineage",
    "connections",
    "sentence",
    "layer_matrix",
    "statistics",
    "cycles",
    "hubs",
    "orphans",
    "weak_points",
]
