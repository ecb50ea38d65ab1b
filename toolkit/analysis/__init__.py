"""Analyses of the model graph: small pure functions, networkx style, each with a runnable example."""
from toolkit.analysis.impact import Hop, Reach, impact, propagation_graph
from toolkit.analysis.lineage import Lineage, lineage
from toolkit.analysis.paths import connections, sentence
from toolkit.analysis.stats import layer_matrix, statistics
from toolkit.analysis.structure import cycles, hubs, orphans, weak_points

__all__ = ["Hop", "Reach", "impact", "propagation_graph", "Lineage", "lineage", "connections", "sentence",
           "layer_matrix", "statistics", "cycles", "hubs", "orphans", "weak_points"]
