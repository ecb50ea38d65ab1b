"""The registry of rules: every built-in rule, listed explicitly, by code."""

from __future__ import annotations

from refarch.problems import did_you_mean
from refarch.rules import (
    cycle,
    duplicate_id,
    invalid_provenance,
    missing_provenance,
    missing_translation,
    no_reference_counterpart,
    orphan_element,
    placeholder,
    redefined_reference,
    relation_not_allowed,
    self_reference,
    sum_mismatch,
    unknown_reference,
    unrealised_reference,
)
from refarch.rules.base import Rule, rule_from_module
from refarch.rules.stages import EXCHANGE_RULES, STAGE_RULES

MODEL_RULE_MODULES = (
    duplicate_id,
    unknown_reference,
    relation_not_allowed,
    self_reference,
    cycle,
    orphan_element,
    sum_mismatch,
    missing_translation,
    missing_provenance,
    invalid_provenance,
    placeholder,
    redefined_reference,
    unrealised_reference,
    no_reference_counterpart,
)

BUILTIN: dict[str, Rule] = {
    r.code: r for r in (*STAGE_RULES, *map(rule_from_module, MODEL_RULE_MODULES), *EXCHANGE_RULES)
}


def get(code: str) -> Rule:
    """A built-in rule by code; a ValueError with a suggestion for an unknown one."""
    try:
        return BUILTIN[code]
    except KeyError:
        hint = did_you_mean(code, BUILTIN)
        raise ValueError(f'no such rule: "{code}"' + (f"; {hint}" if hint else "")) from None
