"""Connections between two elements: shortest and all simple paths, told in the relationships' labels."""

from __future__ import annotations

from itertools import islice, pairwise

import networkx as nx

from refarch.analysis.impact import Hop

__all__ = ["connections", "sentence"]


def connections(G: nx.MultiDiGraph, a: str, b: str, cutoff: int = 4, limit: int = 20) -> list[tuple[Hop, ...]]:
    """Paths between `a` and `b` whatever the relationships' directions, shortest first.

    At most `limit` paths of at most `cutoff` relationships; the first is a shortest one.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = to_graph(example_model())
    >>> [[(h.source, h.type, h.target) for h in p] for p in connections(G, "kirjasto", "tilit")][:1]
    [[('laskutus', 'to', 'kirjasto'), ('laskutus', 'from', 'kunta'), ('kunta', 'uses', 'tilit')]]
    """
    U: nx.Graph = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v, rtype in sorted(G.edges(keys=True)):
        if U.has_edge(u, v):
            U.edges[u, v]["hops"].append(Hop(u, rtype, v))
        else:
            U.add_edge(u, v, hops=[Hop(u, rtype, v)])
    if a == b or not nx.has_path(U, a, b):
        return []
    found = []
    for nodes in islice(nx.shortest_simple_paths(U, a, b), limit):
        if len(nodes) - 1 > cutoff:
            break
        found.append(tuple(U.edges[x, y]["hops"][0] for x, y in pairwise(nodes)))
    return found


def sentence(G: nx.MultiDiGraph, start: str, path: tuple[Hop, ...], lang: str = "en") -> str:
    """A path read out from `start`, in the labels of the metamodel (`lang`: fi, sv or en).

    English and Swedish read as one sentence of relative clauses. Finnish labels are the headings the site
    shows (`käyttäjät`, `osat`), which a relative clause would need inflected names for: a Finnish path is
    a chain of `label: name` steps instead.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = to_graph(example_model())
    >>> sentence(G, "kirjasto", connections(G, "kirjasto", "tilit")[0])
    'Kirjasto receives Laskutus, which is sent by Kunta, which uses Tilit.'
    >>> sentence(G, "kirjasto", connections(G, "kirjasto", "tilit")[0], "fi")
    'Kirjasto → saapuvat tietovirrat: Laskutus → lähettäjä: Kunta → käyttää: Tilit.'
    """
    relationships = G.graph["metamodel"].relationships
    which = {"sv": ", som "}.get(lang, ", which ")
    words = [G.nodes[start]["name"]]
    here = start
    for n, hop in enumerate(path):
        rt = relationships[hop.type]
        forward = hop.source == here
        label = (rt.label if forward else rt.inverse_label).get(lang) or hop.type
        here = hop.target if forward else hop.source
        if lang == "fi":
            words.append(f" → {label}: {G.nodes[here]['name']}")
        else:
            words.append(("" if n == 0 else which) + f" {label} " + G.nodes[here]["name"])
    return "".join(words).replace("  ", " ").replace(" ,", ",") + "."
