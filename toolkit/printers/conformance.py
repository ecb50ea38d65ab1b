"""`refarch conformance` as text and JSON."""

from __future__ import annotations

import json

from refarch.conformance import Conformance
from refarch.model import Model


def to_text(report: Conformance, model: Model) -> str:
    if not report.applies:
        return "This model extends no reference model (no `extends:` in refarch.yaml): nothing to conform to.\n"
    total = len(report.realised) + len(report.unrealised)
    lines = [f"Realised {len(report.realised)} of {total} reference elements ({report.share:.0%})", ""]
    width = max((len(i.reference) for i in (*report.realised, *report.unrealised)), default=10)
    lines.append("Realised:" if report.realised else "Realised: none")
    lines += [f"  {i.kind:<15} {i.reference:<{width}}  <- {', '.join(i.realised_by)}" for i in report.realised]
    lines.append("")
    lines.append("Not realised:" if report.unrealised else "Not realised: none")
    lines += [f"  {i.kind:<15} {i.reference:<{width}}  {model.elements[i.reference].name}" for i in report.unrealised]
    lines.append("")
    lines.append(
        "Area elements with no reference counterpart:"
        if report.without_counterpart
        else "Area elements with no reference counterpart: none"
    )
    lines += [f"  {model.elements[i].kind:<15} {i}  {model.elements[i].name}" for i in report.without_counterpart]
    return "\n".join(lines) + "\n"


def to_json(report: Conformance, model: Model) -> str:
    def item(i) -> dict:
        return {
            "id": i.reference,
            "kind": i.kind,
            "name": model.elements[i.reference].name,
            "realised_by": list(i.realised_by),
        }

    document = {
        "version": 1,
        "applies": report.applies,
        "share": round(report.share, 4),
        "realised": [item(i) for i in report.realised],
        "unrealised": [item(i) for i in report.unrealised],
        "without_counterpart": [
            {"id": i, "kind": model.elements[i].kind, "name": model.elements[i].name}
            for i in report.without_counterpart
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
