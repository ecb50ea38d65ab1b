"""The rule registry as a Markdown table: the table of docs/validation.md is this output (`make docs`
writes it, a test checks it is current), so a rule's summary is written once, in its docstring."""

from __future__ import annotations

from collections.abc import Iterable

from refarch.rules.base import Rule

STAGE_ORDER = ("load", "build", "model", "waivers", "custom", "exchange")


def ordered(rules: Iterable[Rule]) -> list[Rule]:
    """Load and build findings first, then the model rules, then waivers; by code within each stage."""
    return sorted(rules, key=lambda r: (STAGE_ORDER.index(r.stage), r.origin != "built-in", r.code))


def markdown_table(rules: Iterable[Rule]) -> str:
    """| code | severity | stage | summary |, one row a rule.

    >>> print(markdown_table([Rule("x", "error", "It is wrong.", "")]), end="")
    | code | severity | stage | what it finds |
    |---|---|---|---|
    | `x` | error | model | It is wrong. |
    """
    lines = ["| code | severity | stage | what it finds |", "|---|---|---|---|"]
    lines += [f"| `{r.code}` | {r.severity} | {r.stage} | {_cell(r.summary)} |" for r in ordered(rules)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
