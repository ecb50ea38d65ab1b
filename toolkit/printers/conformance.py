"""`refarch conformance` as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from refarch.conformance import Conformance
from refarch.extends import describe
from refarch.model import Model


def to_text(report: Conformance, model: Model, header: Mapping[str, Any] | None = None) -> str:
    """The report for a reader; `header` names the area and its reference (`refarch.extends.identity`)."""
    if not report.applies:
        return "This model extends no reference model (no `extends:` in refarch.yaml): nothing to conform to.\n"
    lines = _header_lines(header or {})
    total = len(report.realised) + len(report.unrealised)
    apart = f"; {len(report.not_applicable)} not applicable to the area" if report.not_applicable else ""
    lines += [f"Realised {len(report.realised)} of {total} reference elements ({report.share:.0%}){apart}", ""]
    width = max((len(i.reference) for i in (*report.realised, *report.unrealised, *report.not_applicable)), default=10)
    lines.append("Realised:" if report.realised else "Realised: none")
    lines += [f"  {i.kind:<15} {i.reference:<{width}}  <- {', '.join(i.realised_by)}" for i in report.realised]
    lines.append("")
    lines.append("Not realised:" if report.unrealised else "Not realised: none")
    lines += [f"  {i.kind:<15} {i.reference:<{width}}  {model.elements[i.reference].name}" for i in report.unrealised]
    lines.append("")
    if report.not_applicable:
        lines.append("Not applicable to the area (outside the share):")
        lines += [f"  {i.kind:<15} {i.reference:<{width}}  {i.reason}" for i in report.not_applicable]
        lines.append("")
    lines.append(
        "Area elements with no reference counterpart:"
        if report.without_counterpart
        else "Area elements with no reference counterpart: none"
    )
    lines += [f"  {model.elements[i].kind:<15} {i}  {model.elements[i].name}" for i in report.without_counterpart]
    return "\n".join(lines) + "\n"


def _header_lines(header: Mapping[str, Any]) -> list[str]:
    lines = [f"Area: {header['area']}"] if header.get("area") else []
    if header.get("reference"):
        lines.append(f"Reference: {describe(header['reference'])}")
    return [*lines, ""] if lines else []


def to_json(report: Conformance, model: Model, header: Mapping[str, Any] | None = None) -> str:
    def item(i) -> dict:
        return {
            "id": i.reference,
            "kind": i.kind,
            "name": model.elements[i.reference].name,
            "realised_by": list(i.realised_by),
        }

    document = {
        "version": 1,
        **(header or {}),
        "applies": report.applies,
        "share": round(report.share, 4),
        "realised": [item(i) for i in report.realised],
        "unrealised": [item(i) for i in report.unrealised],
        "not_applicable": [
            {"id": i.reference, "kind": i.kind, "name": model.elements[i.reference].name, "reason": i.reason}
            for i in report.not_applicable
        ],
        "without_counterpart": [
            {"id": i, "kind": model.elements[i].kind, "name": model.elements[i].name}
            for i in report.without_counterpart
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
