"""Run the rules over a model and settle the findings: severities from the configuration, waivers.

The runner, not the rule, adds each finding's code and severity. A custom rule that raises becomes a
`rule-failed` problem instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from refarch.config import Config
from refarch.model import Model
from refarch.problems import Finding, Location, Problem, did_you_mean
from refarch.result import Waived
from refarch.rules.stages import stage_problem


@dataclass
class Kept:
    """The findings of the rules about one element at a time (Rule.element), by rule and file, kept from
    one check to the next: `refarch lsp` runs such a rule again only for the files read anew (`fresh`).
    `key` stands for the configuration and metamodel: when it changes, nothing kept is used."""

    key: object = None
    fresh: set[str] = field(default_factory=set)
    by_rule: dict[str, dict[str, list[Problem]]] = field(default_factory=dict)
    defined_in: dict[str, str] = field(default_factory=dict)  # each id's file at the check before

    def moved(self, model: Model) -> set[str]:
        """The files where an id's element is now or was defined, when that is another file than before (a
        duplicate that became the one, or stopped being it): their elements are looked at again."""
        now = {i: e.location.file for i, e in model.elements.items()}
        moved = {f for i in now.keys() ^ self.defined_in.keys() for f in (now.get(i), self.defined_in.get(i))}
        moved |= {
            f
            for i in now.keys() & self.defined_in.keys()
            if now[i] != self.defined_in[i]
            for f in (now[i], self.defined_in[i])
        }
        self.defined_in = now
        return {f for f in moved if f is not None}

    def files_to_check(self, rule_code: str, model: Model, moved: set[str]) -> set[str] | None:
        """The files a rule must look at again (None: all of them, nothing kept)."""
        kept = self.by_rule.get(rule_code)
        return None if kept is None else self.fresh | moved | (set(model.files) - set(kept))


def run_rules(
    model: Model, config: Config, skipped: frozenset[str] = frozenset(), kept: Kept | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    if kept is not None and model.reference_files:
        kept = None  # an area: a refinement changes a reference element from another file
    moved = kept.moved(model) if kept is not None else set()
    for rule in config.rules.values():
        if rule.check is None or rule.code in config.disabled or rule.code in skipped:
            continue
        if rule.element and kept is not None:
            problems.extend(_element_rule(rule, model, kept, moved))
            continue
        options = MappingProxyType(dict(rule.options))
        try:
            for finding in rule.check(model, options):
                if not isinstance(finding, Finding):
                    raise TypeError(f"a rule must yield Finding objects, not {type(finding).__name__}")
                problems.append(Problem.of(finding, rule.code, rule.severity))
        except BaseException as exc:  # noqa: BLE001 - a custom rule's exit() must not end the run green
            if rule.stage != "custom" or isinstance(exc, KeyboardInterrupt):
                raise
            problems.append(
                stage_problem(
                    "rule-failed",
                    Location(config.path or "refarch.yaml"),
                    f'custom rule "{rule.code}" failed: {type(exc).__name__}: {exc}',
                    hint=f"fix {rule.origin}",
                )
            )
    return problems


def _element_rule(rule, model: Model, kept: Kept, moved: set[str]) -> list[Problem]:
    """A rule about one element at a time, run on the elements of the files that changed; the findings of
    the other files are the ones kept from the check before."""
    files = kept.files_to_check(rule.code, model, moved)
    if files is None:
        part = model
    else:
        elements = {i: e for i, e in model.elements.items() if e.location.file in files}
        part = replace(
            model,
            elements=MappingProxyType(elements),
            relationships=tuple(r for e in elements.values() for r in e.relationships),
            duplicates=(),
        )
    found: dict[str, list[Problem]] = {}
    for finding in rule.check(part, MappingProxyType(dict(rule.options))):
        found.setdefault(finding.location.file, []).append(Problem.of(finding, rule.code, rule.severity))
    before = kept.by_rule.get(rule.code, {})
    merged = {f: found.get(f, []) if files is None or f in files else before.get(f, []) for f in model.files}
    merged.update((f, problems) for f, problems in found.items() if f not in merged)
    kept.by_rule[rule.code] = merged
    return [p for problems in merged.values() for p in problems]


def settle(
    problems: Iterable[Problem],
    model: Model,
    config: Config,
    waived: list[Waived] | None = None,
    skipped: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Apply configured severities, drop disabled codes and waived findings (into `waived`, with their
    waivers), report waiver mistakes."""
    kept: list[Problem] = []
    waivers = {
        (element.id, waiver.rule): waiver
        for element in (*model.elements.values(), *model.duplicates)
        for waiver in element.waivers
    }
    used: set[tuple[str, str]] = set()
    for p in problems:
        rule = config.rules.get(p.code)
        if p.code in config.disabled:
            continue
        if rule is not None and rule.configurable and rule.severity != p.severity:
            p = replace(p, severity=rule.severity)
        key = (p.element, p.code)
        if key in waivers and rule is not None and rule.waivable:
            used.add(key)
            if waivers[key].reason:
                if waived is not None:
                    waived.append(Waived(p, waivers[key]))
                continue
        kept.append(p)
    kept.extend(_waiver_problems(model, config, used, skipped))
    return sorted(kept, key=Problem.sort_key)


def _waiver_problems(
    model: Model, config: Config, used: set[tuple[str, str]], skipped: frozenset[str]
) -> Iterable[Problem]:
    for element in (*model.elements.values(), *model.duplicates):
        for waiver in element.waivers:
            rule = config.rules.get(waiver.rule)
            if rule is None or not rule.waivable:
                hint = did_you_mean(waiver.rule, [c for c, r in config.rules.items() if r.waivable])
                why = "cannot be waived" if rule else "is not a rule"
                yield stage_problem(
                    "unknown-waiver",
                    waiver.location,
                    f'"{waiver.rule}" {why}',
                    element.id,
                    hint or "see `refarch rules` for the codes",
                )
                continue
            if not waiver.reason:
                yield stage_problem(
                    "waiver-without-reason",
                    waiver.location,
                    f'waiver of "{waiver.rule}" on "{element.id}" gives no reason',
                    element.id,
                    "add `reason:` saying why the finding is right to accept",
                )
            elif (element.id, waiver.rule) not in used and waiver.rule not in (
                *config.disabled,
                *config.not_run,
                *skipped,
            ):
                yield Problem(  # the one waiver finding whose severity the configuration may change
                    "unused-waiver",
                    config.rules["unused-waiver"].severity,
                    waiver.location,
                    f'waiver of "{waiver.rule}" on "{element.id}" waives nothing',
                    element.id,
                    "remove the waiver",
                )
