"""Declared checks: rules a model repository writes in `refarch.yaml` as data. They run no code of the
repository's, so they always run, also on an untrusted pull request (Python custom rules need the
runner's consent, see docs/security.md).

    checks:
      step-without-flow:
        summary: A step of the service path has no flows.
        applies-to: step
        requires: {via: [has-part], to: [flow], max-length: 1}   # a walk, as the metamodel's completeness rules
      change-column:
        summary: A table row's "muutos" is not "uudistuksen-jalkeen" minus "nykytila".
        applies-to: figure
        difference: {column: muutos, plus: [uudistuksen-jalkeen], minus: [nykytila]}
      system-owner:
        applies-to: system
        properties: [owner]                           # properties every such element must have
      system-status:
        applies-to: system
        allowed: {status: [planned, active, retired]}   # allowed values of a field or property
      area-ids:
        applies-to: actor
        id-pattern: "lakeside-*"                      # shell-style patterns (fnmatch), never regular expressions
        name-pattern: "*"

`severity` is warning unless given. Each finding is waivable on its element, like a built-in rule's.
Patterns are shell-style on purpose: a regular expression from a pull request could take exponential time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

from refarch.errors import ConfigError
from refarch.figures import format_number
from refarch.metamodel import CompletenessRule, Metamodel, path_spec
from refarch.model import Element, Model, plain
from refarch.problems import SEVERITIES, Finding
from refarch.rules.base import Rule
from refarch.rules.completeness import completeness_checker

KEYS = (
    "summary", "severity", "applies-to", "requires", "properties", "allowed", "id-pattern", "name-pattern",
    "difference",
)  # fmt: skip
MAX_PATTERN = 200


def declared_rules(checks: Any, mm: Metamodel, where: str) -> list[Rule]:
    """The `checks:` of a configuration as rules; every mistake is a ConfigError naming the check."""
    if not isinstance(checks, dict):
        raise ConfigError("checks must be a mapping of codes to checks", where)
    return [_rule(str(code), spec, mm, where) for code, spec in checks.items()]


def _rule(code: str, spec: Any, mm: Metamodel, where: str) -> Rule:
    label = f'checks: "{code}"'
    if not isinstance(spec, dict):
        raise ConfigError(f"{label} must be a mapping", where)
    unknown = [k for k in spec if k not in KEYS]
    if unknown:
        raise ConfigError(f'{label}: unknown key "{unknown[0]}"; keys: {", ".join(KEYS)}', where)
    applies = spec.get("applies-to")
    kinds = (applies,) if isinstance(applies, str) else tuple(applies or mm.kinds)
    if not all(isinstance(k, str) and k in mm.kinds for k in kinds):
        raise ConfigError(f"{label}: applies-to must name kinds of the metamodel", where)
    severity = spec.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ConfigError(f"{label}: severity must be one of {', '.join(SEVERITIES)}", where)
    summary = str(spec.get("summary") or f"The check {code} fails.")
    parts = _parts(code, spec, kinds, summary, severity, mm, where)
    if not parts:
        raise ConfigError(f"{label} checks nothing: give requires, properties, allowed, a pattern or difference", where)

    def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
        for part in parts:
            yield from part(model)

    doc = f"{summary}\n\nDeclared in refarch.yaml (`checks:`): {plain(spec)}"
    return Rule(code, severity, summary, doc, stage="model", check=check, origin="refarch.yaml")


Part = Callable[[Model], Iterator[Finding]]


def _parts(code: str, spec: dict, kinds: tuple[str, ...], summary: str, severity: Any, mm: Metamodel,
           where: str) -> list[Part]:  # fmt: skip
    parts: list[Part] = []
    if spec.get("requires") is not None:
        walk = path_spec(code, spec["requires"], mm.kinds, set(mm.labels()), where)
        parts.append(_model_check(completeness_checker(CompletenessRule(code, summary, severity, kinds, walk))))
    if spec.get("properties") is not None:
        parts.append(_required_properties(kinds, _names(spec["properties"], code, "properties", where)))
    if spec.get("allowed") is not None:
        allowed = spec["allowed"]
        if not isinstance(allowed, dict) or not all(isinstance(v, list) for v in allowed.values()):
            raise ConfigError(f'checks: "{code}": allowed must map field names to lists of values', where)
        parts.append(_allowed_values(kinds, {str(k): list(v) for k, v in allowed.items()}))
    for key, what in (("id-pattern", "id"), ("name-pattern", "name")):
        if spec.get(key) is not None:
            pattern = spec[key]
            if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_PATTERN:
                raise ConfigError(f'checks: "{code}": {key} must be a pattern of 1 to {MAX_PATTERN} characters', where)
            parts.append(_pattern(kinds, what, pattern))
    if spec.get("difference") is not None:
        parts.append(_difference(kinds, _difference_spec(code, spec["difference"], where)))
    return parts


def _names(value: Any, code: str, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'checks: "{code}": {key} must be a list of names', where)
    return value


def _model_check(check: Callable[[Model, Mapping[str, Any]], Iterator[Finding]]) -> Part:
    return lambda model: check(model, {})


def _of_kinds(model: Model, kinds: tuple[str, ...]) -> Iterator[Element]:
    return (e for e in model.elements.values() if e.kind in kinds)


def _value(element: Element, name: str) -> Any:
    """A field's value, else a property's (None when the element has neither)."""
    return element.fields.get(name, element.properties.get(name))


def _required_properties(kinds: tuple[str, ...], names: list[str]) -> Part:
    def check(model: Model) -> Iterator[Finding]:
        for element in _of_kinds(model, kinds):
            for name in names:
                if name not in element.properties:
                    yield Finding(
                        element.where("properties"),
                        f'{element.kind} "{element.id}" has no property "{name}"',
                        element.id,
                        f"add `properties: {{{name}: ...}}`",
                    )

    return check


def _allowed_values(kinds: tuple[str, ...], allowed: dict[str, list]) -> Part:
    def check(model: Model) -> Iterator[Finding]:
        for element in _of_kinds(model, kinds):
            for name, values in allowed.items():
                value = _value(element, name)
                if value is not None and plain(value) not in values:
                    yield Finding(
                        element.where(name if name in element.fields else "properties"),
                        f'{element.kind} "{element.id}": {name} is {plain(value)!r}, not one of the allowed values',
                        element.id,
                        "allowed: " + ", ".join(map(str, values)),
                    )

    return check


def _pattern(kinds: tuple[str, ...], what: str, pattern: str) -> Part:
    def check(model: Model) -> Iterator[Finding]:
        for element in _of_kinds(model, kinds):
            text = element.id if what == "id" else element.name
            if not fnmatchcase(text, pattern):
                yield Finding(
                    element.where(what),
                    f'{element.kind} "{element.id}": the {what} does not match "{pattern}"',
                    element.id,
                    f"rename it to match {pattern}",
                )

    return check


def _difference_spec(code: str, spec: Any, where: str) -> tuple[str, list[str], list[str]]:
    if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
        raise ConfigError(f'checks: "{code}": difference needs `column`, and `plus` and/or `minus` lists', where)
    plus = _names(spec.get("plus", []), code, "difference.plus", where)
    minus = _names(spec.get("minus", []), code, "difference.minus", where)
    if not plus and not minus:
        raise ConfigError(f'checks: "{code}": difference needs `plus` or `minus` columns', where)
    return spec["column"], plus, minus


def _difference(kinds: tuple[str, ...], spec: tuple[str, list[str], list[str]]) -> Part:
    """A column that must equal the sum of `plus` columns minus the `minus` columns, on every element that
    has all of them (a figure's `values`)."""
    column, plus, minus = spec

    def check(model: Model) -> Iterator[Finding]:
        for element in _of_kinds(model, kinds):
            values = element.fields.get("values", {})
            if not all(name in values for name in (column, *plus, *minus)):
                continue
            expected = sum(values[n] for n in plus) - sum(values[n] for n in minus)
            if not math.isclose(values[column], expected, rel_tol=1e-9, abs_tol=1e-9):
                formula = " - ".join([" + ".join(plus) or "0", *minus])
                yield Finding(
                    element.where("values"),
                    f'"{element.id}": {column} is {format_number(values[column])} but {formula} is '
                    f"{format_number(expected)} (difference {format_number(values[column] - expected)})",
                    element.id,
                    "correct the figure, or waive with the reason if published so",
                )

    return check
