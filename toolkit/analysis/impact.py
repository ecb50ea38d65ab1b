"""Impact: what a change to an element reaches, and the path that makes it so.

Each relationship type says in the metamodel how a change crosses it each way (`impact`, see
`refarch.metamodel.Impact`): the element reached *changes* too and passes the change on (a service with
the system that realises it); or it is *affected*, and the change goes on from it only to what changes
with it and to the wholes it is part of (a step that uses a changed system, and that step's process); or
it *encloses* the changed element (a whole and its part: affected, and its own wholes with it); or it
*mentions* the changed element (a roadmap task about it), reached only from the element changed itself.
So a change to a system reaches the actor that uses it, never, through that actor, everything it does.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from refarch.graph import derived
from refarch.metamodel import AFFECTS, CHANGES, ENCLOSES, MENTIONS

__all__ = ["Hop", "Reach", "propagation_graph", "impact"]

# How a relationship carries a change, strongest first: of several between two elements the first counts.
CARRIES = (CHANGES, ENCLOSES, AFFECTS, MENTIONS)
# How an element is reached (Reach.effect), strongest first: an element reached several ways keeps the first.
EFFECTS = (CHANGES, AFFECTS, MENTIONS)
_C, _A, _M = range(3)  # indices into EFFECTS
# (how the element is reached, how the relationship carries) -> how the next one is reached
_FORWARD = {
    (_C, 0): _C,
    (_C, 1): _A,
    (_C, 2): _A,
    (_C, 3): _M,  # only from the element changed itself
    (_A, 0): _A,
    (_A, 1): _A,
}
# the same read backwards: (how the later element is reached, carries) -> how the one before may be reached
_BACKWARD: dict[tuple[int, int], tuple[int, ...]] = {}
for (_before, _carried), _after in _FORWARD.items():
    _BACKWARD[(_after, _carried)] = (*_BACKWARD.get((_after, _carried), ()), _before)
Step = tuple  # a search state: (element, how reached[, how the start is reached, a mention's end])


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

    __slots__ = ("element", "distance", "effect", "_parents", "_state")

    def __init__(
        self, element: str, distance: int, effect: str, parents: dict[Step, tuple[Step, Hop]], state: Step
    ) -> None:
        self.element = element
        self.distance = distance
        self.effect = effect
        self._parents = parents
        self._state = state

    @property
    def path(self) -> tuple[Hop, ...]:
        hops, step = [], self._state
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
    """A DiGraph with an edge a -> b where a change to a reaches b, with the strongest way (`carries`) of
    the relationships between them and those relationships (the one that carries it so first).

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> P = propagation_graph(to_graph(example_model()))
    >>> P.has_edge("tilit", "kunta"), P.has_edge("kunta", "tilit")   # kunta uses tilit: kunta depends on tilit
    (True, False)
    >>> P.edges["tilit", "kunta"]["carries"], P.edges["tilit", "sovellusalusta"]["carries"]  # a user, a whole
    ('affects', 'encloses')
    """
    relationships = G.graph["metamodel"].relationships
    strength = {way: n for n, way in enumerate(CARRIES)}
    P: nx.DiGraph = nx.DiGraph()
    P.add_nodes_from(G.nodes)
    for u, v, rtype in G.edges(keys=True):
        impact = relationships[rtype].impact
        for a, b, way in ((u, v, impact.forward), (v, u, impact.backward)):
            if way is None or a == b:
                continue
            hop = Hop(u, rtype, v)
            if not P.has_edge(a, b):
                P.add_edge(a, b, hops=[hop], carries=way)
            elif strength[way] < strength[P.edges[a, b]["carries"]]:
                P.edges[a, b].update(hops=[hop, *P.edges[a, b]["hops"]], carries=way)
            else:
                P.edges[a, b]["hops"].append(hop)
    return nx.freeze(P)


def _adjacency(P: nx.DiGraph, reverse: bool) -> dict[str, list[tuple[str, Hop, int]]]:
    """Plain adjacency lists for the queries: walking them is several times faster than networkx's views."""

    def lists(P: nx.DiGraph) -> dict[str, list[tuple[str, Hop, int]]]:
        ends = P.pred if reverse else P.succ
        return {n: [(m, d["hops"][0], CARRIES.index(d["carries"])) for m, d in ends[n].items()] for n in P}

    return derived(P, "backward" if reverse else "forward", lists)


def impact(
    G: nx.MultiDiGraph, element: str, depth: int | None = None, reverse: bool = False, P: nx.DiGraph | None = None
) -> list[Reach]:
    """Everything a change to `element` reaches (or, with `reverse`, every element whose change reaches it,
    with how it reaches it).

    Breadth first over (element, how it is reached): each element comes with its strongest effect and a
    shortest path that has it (among equals, the first in model order); sorted by distance, then id.
    `depth` limits how many relationships away to look. Pass a prebuilt `P` to answer many queries.

    >>> from refarch.examples import example_model
    >>> from refarch.graph import to_graph
    >>> G = to_graph(example_model())
    >>> impact(G, "tilit")  # kunta uses it, it stores laskut, it is part of sovellusalusta
    [Reach('kunta', 1, 'affects'), Reach('laskut', 1, 'affects'), Reach('sovellusalusta', 1, 'affects')]
    >>> [(h.source, h.type, h.target) for h in impact(G, "tilit")[0].path]
    [('kunta', 'uses', 'tilit')]
    """
    P = propagation_graph(G) if P is None else P
    adjacency = _adjacency(P, reverse)
    search = _backward if reverse else _forward
    parents: dict[Step, tuple[Step, Hop]] = {}
    found = search(adjacency, element, depth, parents)
    return sorted(
        (Reach(e, d, EFFECTS[how], parents, state) for e, (how, d, state) in found.items()),
        key=lambda r: (r.distance, r.element),
    )


def _forward(adjacency, element: str, depth: int | None, parents: dict) -> dict[str, tuple[int, int, Step]]:
    """Each element reached: (how, distance, search state), the strongest way, then the nearest."""
    start: Step = (element, _C)
    distance: dict[Step, int] = {start: 0}
    queue = deque([start])
    while queue:
        step = queue.popleft()
        node, here = step
        if depth is not None and distance[step] >= depth:
            continue
        for neighbour, hop, carried in adjacency[node]:  # model order: deterministic, and no sort per node
            how = _FORWARD.get((here, carried))
            if how is None or (how == _M and node != element):
                continue
            if any((neighbour, stronger) in distance for stronger in range(how + 1)):
                continue  # reached as strongly already (what is reached more strongly reaches more)
            reached = (neighbour, how)
            distance[reached] = distance[step] + 1
            parents[reached] = (step, hop)
            queue.append(reached)
    return _strongest(
        (node, how, d, state) for state, d in distance.items() for node, how in [state] if node != element
    )


def _backward(adjacency, element: str, depth: int | None, parents: dict) -> dict[str, tuple[int, int, Step]]:
    """Each element whose change reaches `element`: (how it reaches it, distance, search state).

    Walks the forward rules backwards: a state is (element, how it is reached, how the start is reached,
    whether a mention's first end: it must be the changed element itself, so nothing goes further back).
    """
    starts: list[Step] = [(element, how, how, False) for how in range(len(EFFECTS))]
    distance: dict[Step, int] = dict.fromkeys(starts, 0)
    queue = deque(starts)
    while queue:
        step = queue.popleft()
        node, here, effect, final = step
        if final or (depth is not None and distance[step] >= depth):
            continue
        for neighbour, hop, carried in adjacency[node]:
            for before in _BACKWARD.get((here, carried), ()):
                reached = (neighbour, before, effect, here == _M)
                if any((neighbour, before, stronger, reached[3]) in distance for stronger in range(effect + 1)):
                    continue
                distance[reached] = distance[step] + 1
                parents[reached] = (step, hop)
                queue.append(reached)
    found = ((node, effect, d, state) for state, d in distance.items() for node, here, effect, _ in [state])
    return _strongest(
        (node, effect, d, state) for node, effect, d, state in found if node != element and state[1] == _C
    )


def _strongest(found) -> dict[str, tuple[int, int, Step]]:
    best: dict[str, tuple[int, int, Step]] = {}
    for node, how, d, state in found:
        if node not in best or (how, d) < best[node][:2]:
            best[node] = (how, d, state)
    return best
