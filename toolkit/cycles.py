"""Cycles in a directed graph given as its edges: the one cycle finder, for the `cycle` rule and
`refarch graph cycles` alike (stdlib graphlib, no networkx, so validation does not import it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import TypeVar

T = TypeVar("T")


def find_cycles(edges: Mapping[tuple[str, str], T]) -> Iterator[tuple[list[str], T]]:
    """Each cycle once, with the value of the edge that closes it; graphlib finds them in O(edges).

    After a cycle is found its closing edge is set aside and the search repeats, so a graph with no
    cycles costs one pass, and one with k cycles k + 1 passes. Each cycle starts at its smallest id.

    >>> edges = {("a", "b"): 1, ("b", "c"): 2, ("c", "a"): 3, ("c", "d"): 4}
    >>> list(find_cycles(edges))
    [(['a', 'b', 'c', 'a'], 3)]
    """
    remaining = dict(sorted(edges.items()))
    while True:
        sorter: TopologicalSorter[str] = TopologicalSorter()
        for source, target in remaining:
            sorter.add(target, source)
        try:
            sorter.prepare()
            return
        except CycleError as error:
            found = list(error.args[1])  # [x, ..., x], each node a source of an edge to the next
        cycle = _rotate(found)
        yield cycle, remaining.pop((cycle[-2], cycle[-1]))


def _rotate(cycle: list[str]) -> list[str]:
    """Start the cycle at its smallest id, so the same cycle always reads the same."""
    ring = cycle[:-1]
    start = ring.index(min(ring))
    ring = ring[start:] + ring[:start]
    return [*ring, ring[0]]
