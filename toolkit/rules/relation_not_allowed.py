"""The metamodel does not allow this relationship between these kinds.

Each relationship type lists the kinds that may write it and the kinds it may point at. The message
says which target kinds are allowed (or which kinds may write it).

Fails: an actor that `carries` data (only a flow carries data), or a flow that `carries` an actor
(a flow carries data groups).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.metamodel import ANY
from refarch.model import Model
from refarch.problems import Finding, article

CODE = "relation-not-allowed"
SEVERITY = "error"
LOCAL = True  # the kinds of two elements read do not change with another file


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    mm = model.metamodel
    elements = model.elements
    for rel in model.relationships:
        rtype = mm.relationships[rel.type]
        source = elements[rel.source]
        if not rtype.allows_source(source.kind):
            writers = ", ".join(rtype.sources)
            yield Finding(
                rel.location,
                f'{article(source.kind)} cannot have "{rel.type}"',
                rel.source,
                f'"{rel.type}" is written on: {writers}',
            )
            continue
        target = elements.get(rel.target)
        if target is None:
            continue
        if not rtype.allows_target(target.kind):
            allowed = ", ".join(mm.target_kinds(rtype))
            yield Finding(
                rel.location,
                f'"{rel.type}" cannot point at {target.kind} "{rel.target}"; it points at: {allowed}',
                rel.source,
                _instead(model, rel.type, source.kind, target.kind, rel.target),
            )
        elif rtype.same_kind and target.kind != source.kind:
            yield Finding(
                rel.location,
                f'{article(source.kind)} can only "{rel.type}" another {source.kind}, not {target.kind} "{rel.target}"',
                rel.source,
                _instead(model, rel.type, source.kind, target.kind, rel.target),
            )


def _instead(model: Model, written: str, source: str, target: str, target_id: str) -> str | None:
    """The relationships an element of kind `source` may have to one of kind `target`, said as what to write:
    an actor that `specializes` a role plays it (`plays: host-municipality`)."""
    mm = model.metamodel
    fitting = [
        name
        for name, rt in mm.relationships.items()
        if name != written and rt.allows_source(source) and rt.allows_target(target) and not rt.same_kind
        and ANY not in rt.sources
    ]  # fmt: skip
    if not fitting:
        return None
    said = " or ".join(f"`{name}: {target_id}` ({_label(mm.relationships[name])})" for name in fitting[:3])
    return f"between {article(source)} and {article(target)} write {said}"


def _label(rt) -> str:
    return rt.label.get("en") or next(iter(rt.label.values()), "")
