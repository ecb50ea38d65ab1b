"""The metamodel's traceability and completeness rules as validator rules (one Rule per declared rule)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.metamodel import CompletenessRule, Metamodel, PathSpec
from refarch.model import Model
from refarch.problems import Finding, article
from refarch.rules.base import Rule
from refarch.trace import evaluate


def rules_from(metamodel: Metamodel) -> list[Rule]:
    return [
        Rule(
            r.code, r.severity, r.summary, describe(r), stage="model", check=completeness_checker(r), origin="metamodel"
        )
        for r in metamodel.completeness
    ]


def describe(rule: CompletenessRule) -> str:
    """The rule's documentation, spelt out from its declaration."""
    text = f"{rule.summary}\n\nDeclared in the metamodel. Applies to: {', '.join(rule.applies_to)}"
    if rule.when is not None:
        text += f", when {_walk(rule.when)}"
    return text + f".\n\nRequires {_walk(rule.requires)}. Comply, or waive it on the element with the reason."


def _walk(spec: PathSpec) -> str:
    if spec.max_length == 0:
        return "the element itself to have " + ", ".join(f"{k}: {v}" for k, v in spec.where.items())
    target = " or ".join(spec.to) if spec.to else "any element"
    where = f" with {', '.join(f'{k}: {v}' for k, v in spec.where.items())}" if spec.where else ""
    return f"a path over {', '.join(spec.via)} (at most {spec.max_length} steps) to {target}{where}"


def completeness_checker(rule: CompletenessRule):
    def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
        for outcome in evaluate(model, rule):
            if not outcome.met:
                element = outcome.element
                yield Finding(
                    element.where("id"),
                    f'{rule.summary[0].lower()}{rule.summary[1:].rstrip(".")}: {element.kind} "{element.id}"',
                    element.id,
                    plain_hint(model.metamodel, rule.requires, element.id, element.kind),
                )

    return check


def plain_hint(mm: Metamodel, requires: PathSpec, element_id: str, kind: str) -> str:
    """What to write, in the model's own words, rather than the path's relationship names: a system that
    serves no step gets "write `uses: <id>` on a step, process or service", not "link it over used-by,
    realizes, ... to step or process or service". Only the relationships that lead there in one step and
    that the metamodel allows between the two kinds are named, at most two.

    >>> from refarch.metamodel import load_metamodel
    >>> mm = load_metamodel()
    >>> plain_hint(mm, PathSpec(via=("used-by", "involved-in"), to=("step",)), "booking", "system")
    'write `uses: booking` on a step; or waive this with the reason'
    """
    if requires.max_length == 0:
        return "set " + ", ".join(f"`{k}: {v}`" for k, v in requires.where.items()) + "; or waive this with the reason"
    target = article(" or ".join(requires.to)) if requires.to else "another element"
    inverse_of = {rt.inverse: name for name, rt in mm.relationships.items()}
    kinds = requires.to or tuple(mm.kinds)
    ways = []
    for label in requires.via:
        if label in mm.relationships:
            rt = mm.relationships[label]
            fits = rt.allows_source(kind) and any(rt.allows_target(k) for k in kinds)
            if fits and (not rt.same_kind or kind in kinds):
                ways.append(f"`{label}: <the id of {target}>` here")
        elif label in inverse_of:
            rt = mm.relationships[inverse_of[label]]
            fits = rt.allows_target(kind) and any(rt.allows_source(k) for k in kinds)
            if fits and (not rt.same_kind or kind in kinds):
                ways.append(f"`{inverse_of[label]}: {element_id}` on {target}")
    if not ways:
        return f"connect it, through the elements between, to {target}; or waive this with the reason"
    return "write " + ", or ".join(ways[:2]) + "; or waive this with the reason"
