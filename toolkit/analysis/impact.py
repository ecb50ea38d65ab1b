"""Impact: what a change to an element reaches, and the path that makes it so.

Each relationship type says in the metamodel how a change crosses it each way (`impact`, see
`refarch.metamodel.Impact`): the element reached *changes* too and passes the change on (a service with
the system that realises it); or it is *affected*, and the change goes on from it only to what changes
with it (a step that uses a changed system, and that step's process); or it *mentions* the changed element
(a roadmap task about it), reached only from the element changed itself. So a change to a system reaches
the actor that uses it, never, through that actor, everything the actor does.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from refarch.graph import derived
from refarch.metamodel import AFFECTS, CHANGES, MENTIONS

__all__ = ["Hop", "Reach", "propagation_graph", "impact"]

EFFECTS = (CHANGES, AFFECTS, MENTIONS)  # strongest first: an element reached several ways keeps the first
_STRENGTH = {effect: n for n, effect in enumerate(EFFECTS)}
Step = tuple[str, int]  # an element reached, and how (an index into EFFECTS)


@dataclass(frozen=True, slots=True)
class Hop:
    """One relationship on a path, as written in the model: `source` `type` `target`."""

    source: str
    type: str
    target: str


class Reach:
    """An element reached from the start, how far, how (`effect`: changes, affects or mentions), and the
    relationships that lead there.

    The path is read from the search's parent pointers when asked for, so that a query that reaches
    thousands of elements does not copy thousands of paths it may never show.
    """

    __slots__ = ("element", "distance", "effect", "_parents")

    def __init__(self, element: str, distance: int, effect: str, parents: dict[Step, tuple[Step, Hop]]) -> None:
        self.element = element
        self.distance = distance
        self.effect = effect
        self._parents = parents

    @property
    def path(self) -> tuple[Hop, ...]:
        hops, step = [], (self.element, _STRENGTH[self.effect])
        while step in self._parents:
            step, hop = self._parents[step]
            hops.append(hop)
        return tuple(reversed(hops))

    def to_dict(self) -> dict:
        return {
            "element": self.element,
            "distance": self.distance,
            "effect": self.effect,
            "path": [{"source": h.source, "type": h.type, "target": h.target} for h in self.path],
        }

    def __repr__(self) -> str:
        return f"Reach({self.element!r}, {self.distance}, {self.effect!r})"


def propagation_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """A DiGraph with an edge a -> b where a change to a reaches b, with the strongest `effect` of the
    relationships between them and those relationships (the one with that effect first).

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> P = propagation_graph(to_graph(example_model()))
    >>> P.has_edge("tilit", "kunta"), P.has_edge("kunta", "tilit")   # kunta uses tilit: kunta depends on tilit
    (True, False)
    >>> P.edges["tilit", "kunta"]["effect"], P.edges["tilit", "sovellusalusta"]["effect"]  # a user, a whole
    ('affects', 'changes')
    """
    relationships = G.graph["metamodel"].relationships
    P: nx.DiGraph = nx.DiGraph()
    P.add_nodes_from(G.nodes)
    for u, v, rtype in G.edges(keys=True):
        impact = relationships[rtype].impact
        for a, b, effect in ((u, v, impact.forward), (v, u, impact.backward)):
            if effect is None or a == b:
                continue
            hop = Hop(u, rtype, v)
            if not P.has_edge(a, b):
                P.add_edge(a, b, hops=[hop], effect=effect)
            elif _STRENGTH[effect] < _STRENGTH[P.edges[a, b]["effect"]]:
                P.edges[a, b].update(hops=[hop, *P.edges[a, b]["hops"]], effect=effect)
            else:
                P.edges[a, b]["hops"].append(hop)
    return nx.freeze(P)


def _adjacency(P: nx.DiGraph, reverse: bool) -> dict[str, list[tuple[str, Hop, int]]]:
    """Plain adjacency lists for the queries: walking them is several times faster than networkx's views."""

    def lists(P: nx.DiGraph) -> dict[str, list[tuple[str, Hop, int]]]:
        ends = P.pred if reverse else P.succ
        return {n: [(m, d["hops"][0], _STRENGTH[d["effect"]]) for m, d in ends[n].items()] for n in P}

    return derived(P, "backward" if reverse else "forward", lists)


def _crossing(here: int, effect: int, from_start: bool) -> int | None:
    """How an element is reached over a relationship of `effect` from one reached `here` (None: it is not).

    What changes passes everything on; what is affected, only what changes with it (as affected); a
    mention is made only by the element changed itself, and passes nothing on.
    """
    if here == 0:
        return effect if effect != 2 or from_start else None
    return here if here == 1 and effect == 0 else None


def impact(
    G: nx.MultiDiGraph, element: str, depth: int | None = None, reverse: bool = False, P: nx.DiGraph | None = None
) -> list[Reach]:
    """Everything a change to `element` reaches (or, with `reverse`, every element whose change reaches it).

    Breadth first over (element, how it is reached): each element comes with a shortest path (among
    equals, the strongest effect, then the first in model order); sorted by distance, then id.
    `depth` limits how many relationships away to look. Pass a prebuilt `P` to answer many queries.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = to_graph(example_model())
    >>> impact(G, "tilit")  # kunta uses it, it stores laskut, it is part of sovellusalusta
    [Reach('kunta', 1, 'affects'), Reach('laskut', 1, 'affects'), Reach('sovellusalusta', 1, 'changes')]
    >>> [(h.source, h.type, h.target) for h in impact(G, "tilit")[0].path]
    [('kunta', 'uses', 'tilit')]
    """
    P = propagation_graph(G) if P is None else P
    adjacency = _adjacency(P, reverse)
    start: Step = (element, 0)
    distance: dict[Step, int] = {start: 0}
    parents: dict[Step, tuple[Step, Hop]] = {}
    queue = deque([start])
    while queue:
        step = queue.popleft()
        node, here = step
        if depth is not None and distance[step] >= depth:
            continue
        for neighbour, hop, effect in adjacency[node]:  # model order: deterministic, and no sort per node
            how = _crossing(here, effect, node == element)
            if how is None or any((neighbour, stronger) in distance for stronger in range(how + 1)):
                continue
            reached = (neighbour, how)
            distance[reached] = distance[step] + 1
            parents[reached] = (step, hop)
            queue.append(reached)
    best: dict[str, tuple[int, int]] = {}
    for (node, how), d in distance.items():
        if node != element and (d, how) < best.get(node, (d + 1, 0)):
            best[node] = (d, how)
    return sorted(
        (Reach(e, d, EFFECTS[how], parents) for e, (d, how) in best.items()), key=lambda r: (r.distance, r.element)
    )
