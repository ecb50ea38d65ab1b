"""Traceability: walks over named relationships, and the completeness rules the metamodel declares.

A walk follows relationship names from source to target and inverse names from target to source, so
`{via: [part-of, governed-by], to: [law]}` reads "part of something that is governed by a law". The
validator reports elements that miss a required walk; the completeness score counts those that have
them. No networkx here: the validator must stay fast, and a breadth-first search over a dict is all
this needs.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass

from refarch.metamodel import CompletenessRule, PathSpec
from refarch.model import Element, Model


class Walker:
    """Neighbours of each element by relationship name and inverse name."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.steps: dict[tuple[str, str], list[str]] = defaultdict(list)
        relationships = model.metamodel.relationships
        for rel in model.relationships:
            if rel.target in model.elements:
                self.steps[(rel.source, rel.type)].append(rel.target)
                self.steps[(rel.target, relationships[rel.type].inverse)].append(rel.source)

    def find(self, start: str, spec: PathSpec) -> list[str] | None:
        """The shortest walk from `start` that meets `spec`, as the ids it passes, or None.

        A walk of length 0 counts only when `max-length` is 0 (a condition on the element itself).
        """
        shortest = 0 if spec.max_length == 0 else 1
        parents: dict[str, str | None] = {start: None}
        queue = deque([(start, 0)])
        while queue:
            node, depth = queue.popleft()
            if depth >= shortest and self._matches(node, spec):
                return _path(parents, node)
            if depth == spec.max_length:
                continue
            for label in spec.via:
                for neighbour in self.steps.get((node, label), ()):
                    if neighbour not in parents:
                        parents[neighbour] = node
                        queue.append((neighbour, depth + 1))
        return None

    def _matches(self, node: str, spec: PathSpec) -> bool:
        element = self.model.elements[node]
        if spec.to and element.kind not in spec.to:
            return False
        return all(element.fields.get(key) == value for key, value in spec.where.items())


def walker_for(model: Model) -> Walker:
    """One Walker per model, shared by every completeness rule and the score; kept on the model (as
    `Model.incoming` keeps its back-links), so that it goes when the model goes. A weak-keyed table kept
    every model alive, since the walker it maps to refers to its model: `refarch federation` grew by a whole
    model per area."""
    walker = model.__dict__.get("_walker")
    if walker is None:
        walker = model.__dict__["_walker"] = Walker(model)
    return walker


@dataclass(frozen=True, slots=True)
class Outcome:
    rule: CompletenessRule
    element: Element
    met: bool


def evaluate(model: Model, rule: CompletenessRule) -> Iterator[Outcome]:
    """Each element the rule applies to, and whether it meets it."""
    walker = walker_for(model)
    for element in model.elements.values():
        if element.kind not in rule.applies_to:
            continue
        if rule.when is not None and walker.find(element.id, rule.when) is None:
            continue
        yield Outcome(rule, element, walker.find(element.id, rule.requires) is not None)


def completeness_scores(model: Model) -> dict[str, tuple[int, int]]:
    """Per layer: (elements meeting all their rules, elements with at least one rule), waivers ignored.

    >>> from refarch.examples import example_model
    >>> completeness_scores(example_model())["information"]  # the flow and the data group meet theirs
    (2, 2)
    >>> completeness_scores(example_model())["business"]  # both steps trace to the law
    (2, 2)
    """
    met: dict[str, bool] = {}
    layer_of: dict[str, str] = {}
    for rule in model.metamodel.completeness:
        for outcome in evaluate(model, rule):
            key = outcome.element.id
            met[key] = met.get(key, True) and outcome.met
            layer_of[key] = outcome.element.layer
    scores: dict[str, tuple[int, int]] = {}
    for layer in model.metamodel.layers:
        ids = [i for i, lay in layer_of.items() if lay == layer]
        if ids:
            scores[layer] = (sum(met[i] for i in ids), len(ids))
    return scores


def _path(parents: dict[str, str | None], node: str) -> list[str]:
    path = [node]
    while (parent := parents[path[-1]]) is not None:
        path.append(parent)
    return path[::-1]
