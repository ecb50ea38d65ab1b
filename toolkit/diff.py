"""What a change does to the architecture: two validated models compared, element by element.

Elements are matched by id, and a renamed element by the old id it lists under `formerly:` (its change
then starts with the field "id"); a changed element lists each field that differs (names and descriptions by
language, kind fields, properties, links, provenance, waivers). Relationships are matched by source, type and
target. Findings are matched by rule, element and message, so moving an element within its file does
not count as a new finding. The impact is what the graph analysis says the changed elements reach.

Nothing here knows git or files: `refarch.revisions` turns a revision into a folder, the CLI wires.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from refarch.analysis import impact, propagation_graph, sentence
from refarch.graph import to_graph
from refarch.model import Element, Model, Provenance, Relationship, Waiver, plain
from refarch.problems import SEVERITY_RANK, Problem
from refarch.result import Result


@dataclass(frozen=True)
class FieldChange:
    field: str  # e.g. "name.fi", "fields.mandatory", "properties.owner", "kind"
    before: Any
    after: Any


@dataclass(frozen=True)
class ModelDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: dict[str, tuple[FieldChange, ...]]
    relationships_added: tuple[tuple[str, str, str], ...]
    relationships_removed: tuple[tuple[str, str, str], ...]
    relationships_changed: dict[tuple[str, str, str], tuple[FieldChange, ...]]
    findings_introduced: tuple[Problem, ...]
    findings_resolved: tuple[Problem, ...]
    impacted: dict[str, int] = field(default_factory=dict)  # element -> distance from the nearest change
    # element -> how the nearest change reaches it (changes, affects, mentions) and why, as a sentence
    impacted_why: dict[str, tuple[str, str]] = field(default_factory=dict)
    revisit: tuple[str, ...] = ()  # an area model: its own elements a change of the reference reaches (may review)
    must_fix: tuple[str, ...] = ()  # an area model: its own elements the change broke (a new error or warning)
    renamed: dict[str, str] = field(default_factory=dict)  # old id -> new id (the new element's `formerly:`)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.relationships_added
            or self.relationships_removed
            or self.relationships_changed
        )

    def broken(self) -> list[Problem]:
        """The findings that make `must_fix`: an error or warning the change introduced at an area's element."""
        elements = set(self.must_fix)
        return [p for p in self.findings_introduced if p.element in elements and p.severity != "info"]

    def touched(self) -> set[str]:
        """The elements the change is about: added, removed, changed, or at an end of a changed relationship."""
        ends = {
            e
            for key in (*self.relationships_added, *self.relationships_removed, *self.relationships_changed)
            for e in (key[0], key[2])
        }
        return set(self.added) | set(self.removed) | set(self.changed) | ends

    def reaching(self) -> set[str]:
        """The touched elements whose change can reach others: a change of provenance alone (a fact now
        cited elsewhere, or marked inferred) changes no fact, so nothing depends on it; nor does a new id alone."""
        quiet = {"provenance", "id"}
        changed = {k for k, changes in self.changed.items() if {c.field for c in changes} - quiet}
        relationships = [k for k, changes in self.relationships_changed.items() if {c.field for c in changes} - quiet]
        ends = {
            e
            for key in (*self.relationships_added, *self.relationships_removed, *relationships)
            for e in (key[0], key[2])
        }
        return set(self.added) | set(self.removed) | changed | ends


def compare(base: Result, head: Result, impact_depth: int | None = None, reach: bool = True) -> ModelDiff:
    """The difference from `base` to `head`; without `reach`, no impact (and so no `revisit` of an area but
    what a changed reference element is linked to): `refarch federation --candidate` asks only what breaks.

    >>> from refarch.examples import example_model
    >>> from refarch.result import Result
    >>> m = example_model()
    >>> compare(Result(m, [], [], None), Result(m, [], [], None)).empty
    True
    """
    a, b = base.model, head.model
    renamed = _renamed(a, b)
    added = tuple(sorted(set(b.elements) - set(a.elements) - set(renamed.values())))
    removed = tuple(sorted(set(a.elements) - set(b.elements) - set(renamed)))
    changed = {
        i: c for i in sorted(set(a.elements) & set(b.elements)) if (c := element_changes(a.elements[i], b.elements[i]))
    }
    for old, new in renamed.items():
        changed[new] = (FieldChange("id", old, new), *element_changes(a.elements[old], b.elements[new]))
    changed = dict(sorted(changed.items()))
    rels_a, rels_b = _relationships(a, renamed), _relationships(b)
    rel_changes = {
        key: c for key in sorted(set(rels_a) & set(rels_b)) if (c := _relationship_changes(rels_a[key], rels_b[key]))
    }
    introduced, resolved = _findings(base, head)
    diff = ModelDiff(
        added,
        removed,
        changed,
        tuple(sorted(set(rels_b) - set(rels_a))),
        tuple(sorted(set(rels_a) - set(rels_b))),
        rel_changes,
        introduced,
        resolved,
        renamed=renamed,
    )
    for element_id, (distance, effect, why) in (_impact(diff, a, b, impact_depth) if reach else {}).items():
        diff.impacted[element_id] = distance
        diff.impacted_why[element_id] = (effect, why)
    if not b.extends:
        return diff
    broken = _broken(diff, b)
    return replace(diff, revisit=tuple(i for i in _revisit(diff, a, b) if i not in broken), must_fix=broken)


def _broken(diff: ModelDiff, b: Model) -> tuple[str, ...]:
    """An area's own elements with an error or warning the change introduced: what must be fixed before the
    pin moves (a reference id gone, a renamed one), apart from what the change merely reaches."""
    own = {e.id for e in b.elements.values() if not b.is_reference(e)}
    return tuple(
        sorted(
            {
                p.element
                for p in diff.findings_introduced
                if p.severity != "info"
                and p.element is not None
                and (p.element in own or p.location.file not in b.reference_files)  # a refinement of the area's
            }
        )
    )


def _revisit(diff: ModelDiff, a: Model, b: Model) -> tuple[str, ...]:
    """An area's own elements linked to a reference element that changed, or reached by the change; a
    reference element whose provenance alone changed (a fact cited anew) changes nothing the area relies on."""
    changed_reference = {
        i
        for i in diff.reaching()
        if (i in b.elements and b.is_reference(b.elements[i])) or (i in a.elements and a.is_reference(a.elements[i]))
    }
    if not changed_reference:
        return ()
    own = {e.id for e in b.elements.values() if not b.is_reference(e)}
    linked = {r.source for r in b.relationships if r.target in changed_reference and r.source in own}
    linked |= {r.target for r in b.relationships if r.source in changed_reference and r.target in own}
    reached = {i for i in diff.impacted if i in own}
    return tuple(sorted(linked | reached))


def element_changes(before: Element, after: Element) -> tuple[FieldChange, ...]:
    """Each field that differs between two versions of an element, in a stable order."""
    changes = []
    if before.kind != after.kind:
        changes.append(FieldChange("kind", before.kind, after.kind))
    for name, old, new in (
        ("name", before.names, after.names),
        ("description", before.description, after.description),
        ("fields", before.fields, after.fields),
        ("properties", before.properties, after.properties),
    ):
        for key in sorted(set(old) | set(new)):
            if plain(old.get(key)) != plain(new.get(key)):
                changes.append(FieldChange(f"{name}.{key}", plain(old.get(key)), plain(new.get(key))))
    changes.extend(_provenance_change(before.provenance, after.provenance))
    if plain(before.links) != plain(after.links):
        changes.append(FieldChange("links", plain(before.links), plain(after.links)))
    waivers = (sorted(_waiver(w) for w in before.waivers), sorted(_waiver(w) for w in after.waivers))
    if waivers[0] != waivers[1]:
        changes.append(
            FieldChange("waive", [[r, dict(t)] for r, t in waivers[0]], [[r, dict(t)] for r, t in waivers[1]])
        )
    return tuple(changes)


def _renamed(a: Model, b: Model) -> dict[str, str]:
    """Old id -> new id: an element of `b` that lists an id of `a` under `formerly:`, where `a` has no
    element with the new id and `b` none with the old. Of elements merged into one (several former ids in
    `a`), the first by id is the one renamed; the others are removed."""
    renamed: dict[str, str] = {}
    for e in b.elements.values():
        if e.id in a.elements:
            continue
        present = sorted(old for old in e.formerly if old in a.elements and old not in b.elements)
        if present and present[0] not in renamed:
            renamed[present[0]] = e.id
    return renamed


def _relationships(model: Model, renamed: dict[str, str] | None = None) -> dict[tuple[str, str, str], Relationship]:
    """Relationships by (source, type, target), an old model's ids renamed to the new ones."""
    if not renamed:
        return {(r.source, r.type, r.target): r for r in model.relationships}
    new = renamed.get
    return {(new(r.source, r.source), r.type, new(r.target, r.target)): r for r in model.relationships}


def _relationship_changes(before: Relationship, after: Relationship) -> tuple[FieldChange, ...]:
    changes = []
    for name, old, new in (
        ("description", before.description, after.description),
        ("properties", before.properties, after.properties),
    ):
        for key in sorted(set(old) | set(new)):
            if plain(old.get(key)) != plain(new.get(key)):
                changes.append(FieldChange(f"{name}.{key}", plain(old.get(key)), plain(new.get(key))))
    changes.extend(_provenance_change(before.provenance, after.provenance))
    return tuple(changes)


def _provenance_change(before: Provenance | None, after: Provenance | None) -> list[FieldChange]:
    """A provenance that changed (its kind, citation, quote, reason or date), as one change: a reviewer
    reads "stated -> inferred" with both sides whole."""
    old, new = (p.given() if p is not None else None for p in (before, after))
    return [FieldChange("provenance", old, new)] if old != new else []


def _finding_key(problem: Problem) -> tuple:
    where = problem.element or problem.location.file.rsplit("/", 1)[-1]
    return (problem.code, where, problem.message)


def _findings(base: Result, head: Result) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    before = {_finding_key(p): p for p in base.problems}
    after = {_finding_key(p): p for p in head.problems}
    introduced = tuple(
        after[k] for k in sorted(set(after) - set(before), key=lambda k: (-SEVERITY_RANK[after[k].severity], k))
    )
    resolved = tuple(
        before[k] for k in sorted(set(before) - set(after), key=lambda k: (-SEVERITY_RANK[before[k].severity], k))
    )
    return introduced, resolved


def _impact(diff: ModelDiff, a: Model, b: Model, depth: int | None) -> dict[str, tuple[int, str, str]]:
    """Elements the change reaches (in the new model, or the old one for removed elements), not touched, each
    with its distance, how it is reached and why (in English: the comment's language), from the nearest
    change (among equals, the first by id); a change of provenance alone reaches nothing (ModelDiff.reaching).
    """
    touched, starting = diff.touched(), diff.reaching()
    reached: dict[str, tuple[int, str, str]] = {}
    for model, starts in ((b, starting & set(b.elements)), (a, (starting - set(b.elements)) & set(a.elements))):
        if not starts:
            continue
        G = to_graph(model)
        P = propagation_graph(G)
        for start in sorted(starts):
            for r in impact(G, start, depth=depth, P=P):
                nearer = r.element not in reached or r.distance < reached[r.element][0]
                if nearer and r.element not in touched and r.element in b.elements:
                    reached[r.element] = (r.distance, r.effect, sentence(G, start, r.path))
    return dict(sorted(reached.items()))


def _waiver(waiver: Waiver) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A waiver as a comparable value: its rule and its reason in every language."""
    return waiver.rule, tuple(sorted(waiver.reasons.items()))
