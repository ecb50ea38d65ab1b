"""The metamodel's traceability and completeness rules as validator rules (one Rule per declared rule)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.metamodel import CompletenessRule, Metamodel, PathSpec
from refarch.model import Model
from refarch.problems import Finding
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
        target = " or ".join(rule.requires.to) if rule.requires.to else "another element"
        for outcome in evaluate(model, rule):
            if not outcome.met:
                element = outcome.element
                yield Finding(
                    element.where("id"),
                    f'{rule.summary[0].lower()}{rule.summary[1:].rstrip(".")}: {element.kind} "{element.id}"',
                    element.id,
                    f"link it over {', '.join(rule.requires.via)} to {target}, or waive this with the reason",
                )

    return check
