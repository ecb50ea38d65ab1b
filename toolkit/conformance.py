"""How far an area model realises the reference model it extends.

The metamodel's `conformance:` section says which reference elements count (steps, flows, mandatory
data stores and systems...) and which relationships realise them (`specializes`, `realizes`). An area
element realises a reference element when it points at it with one of those, or at one of its parts
(`through-parts:`, the relationship from a part to its whole: using a service of a system uses the
system). A reference element the area has declared `not-applicable: <reason>` (in `refinements:`) and not
realised is listed apart with its reason, outside the share: a choice, not a gap.

>>> from refarch.examples import example_model
>>> report = conformance(example_model())
>>> report.applies
False
"""

from __future__ import annotations

from dataclasses import dataclass

from refarch.model import Model


@dataclass(frozen=True)
class Realisation:
    reference: str  # the reference element
    kind: str
    realised_by: tuple[str, ...]  # the area's elements that realise it, sorted
    reason: str | None = None  # why it does not apply to the area (`not-applicable:`), when it does not


@dataclass(frozen=True)
class Conformance:
    applies: bool  # the model extends a reference model
    realised: tuple[Realisation, ...]
    unrealised: tuple[Realisation, ...]
    without_counterpart: tuple[str, ...]  # area elements that realise no reference element
    not_applicable: tuple[Realisation, ...] = ()  # declared not to apply, with reasons; outside the share

    @property
    def share(self) -> float:
        total = len(self.realised) + len(self.unrealised)
        return len(self.realised) / total if total else 1.0


def conformance(model: Model) -> Conformance:
    spec = model.metamodel.conformance
    if not model.extends or spec is None:
        return Conformance(False, (), (), ())
    realisers: dict[str, set[str]] = {}
    counterparts: set[str] = set()
    for rel in model.relationships:
        source, target = model.elements.get(rel.source), model.elements.get(rel.target)
        if (
            rel.type in spec.realised_by
            and source
            and target
            and not model.is_reference(source)
            and model.is_reference(target)
        ):
            realisers.setdefault(target.id, set()).add(source.id)
            counterparts.add(source.id)
    _through_parts(model, spec.through_parts, set(spec.wholes), realisers)
    realised: list[Realisation] = []
    unrealised: list[Realisation] = []
    not_applicable: list[Realisation] = []
    for element in sorted(model.elements.values(), key=lambda e: (e.kind, e.id)):
        if model.is_reference(element) and any(s.covers(element) for s in spec.scope):
            item = Realisation(element.id, element.kind, tuple(sorted(realisers.get(element.id, ()))))
            declared = model.not_applicable.get(element.id)
            if item.realised_by:
                realised.append(item)
            elif declared is not None:
                not_applicable.append(Realisation(element.id, element.kind, (), declared.reason))
            else:
                unrealised.append(item)
    alone = tuple(
        sorted(e.id for e in model.elements.values() if not model.is_reference(e) and e.id not in counterparts)
    )
    return Conformance(True, tuple(realised), tuple(unrealised), alone, tuple(not_applicable))


def _through_parts(model: Model, part_of: str | None, kinds: set[str], realisers: dict[str, set[str]]) -> None:
    """Give each reference element of the `kinds` the realisers of its parts (and theirs), along `part_of`
    (part -> whole)."""
    if part_of is None or not realisers:
        return
    wholes: dict[str, list[str]] = {}
    for rel in model.relationships:
        target = model.elements.get(rel.target)
        if rel.type == part_of and target is not None and target.kind in kinds and model.is_reference(target):
            wholes.setdefault(rel.source, []).append(rel.target)
    for part in list(realisers):
        seen, todo = {part}, list(wholes.get(part, ()))
        while todo:
            whole = todo.pop()
            if whole not in seen:
                seen.add(whole)
                realisers.setdefault(whole, set()).update(realisers[part])
                todo.extend(wholes.get(whole, ()))
