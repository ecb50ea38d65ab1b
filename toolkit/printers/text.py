"""Plain text for people and editors: `file:line:col: severity CODE message`, then hints and notes.

Colour only when asked for (the CLI asks on a terminal without NO_COLOR).
"""

from __future__ import annotations

from refarch.escape import control_free, log_line
from refarch.printers.summary import finding_counts, model_counts
from refarch.problems import Problem, plural
from refarch.result import Result
from refarch.strings import language_of

COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "dim": "\033[2m", "reset": "\033[0m"}


def render(result: Result, colour: bool = False, summary: bool = True) -> str:
    lines = [line for p in result.problems for line in problem_lines(p, colour)]
    if summary:
        lines.extend(map(log_line, summary_lines(result)))
    return "\n".join(lines) + ("\n" if lines else "")


def problem_lines(p: Problem, colour: bool = False) -> list[str]:
    """A finding's lines; model text in them is escaped (`log_line`), so a name cannot forge a line."""
    severity = f"{COLOURS[p.severity]}{p.severity}{COLOURS['reset']}" if colour else p.severity
    lines = [f"{log_line(str(p.location))}: {severity} {log_line(p.code)} {control_free(p.message)}"]
    if p.hint:
        lines.append(f"    hint: {control_free(p.hint)}")
    for related in p.related:
        lines.append(f"    note: {control_free(str(related.location))}: {control_free(related.message)}")
    return lines


def summary_lines(result: Result) -> list[str]:
    counts = model_counts(result)
    found = finding_counts(result)
    lines = [
        f"Model: {plural(counts['elements'], 'element')}, {plural(counts['relationships'], 'relationship')}"
        f" in {plural(counts['files'], 'file')}"
        + (
            f" ({counts['reference_elements']} of the elements from the reference model)"
            if result.model.extends
            else ""
        )
    ]
    labels = result.model.metamodel.layers
    for layer, kinds in counts["layers"].items():
        name = labels[layer].label.get(language_of(result.model), layer)  # no catalog needed for a label
        lines.append(
            f"  {layer:<12} {sum(kinds.values()):>5}  "
            + ", ".join(f"{k} {n}" for k, n in kinds.items())
            + f"  ({name})"
        )
    lines.append(
        f"Findings: {plural(found['error'], 'error')}, {plural(found['warning'], 'warning')}, {found['info']} info"
    )
    return lines
