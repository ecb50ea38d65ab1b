"""The stable JSON report (documented in docs/output-formats.md); keys in a fixed order, version 1."""

from __future__ import annotations

import json

from refarch import __version__
from refarch.printers.summary import finding_counts, model_counts
from refarch.result import Result, Waived

VERSION = 1


def render(result: Result) -> str:
    found = finding_counts(result)
    document = {
        "version": VERSION,
        "tool": {"name": "refarch", "version": __version__},
        "status": "fail" if result.failed else "ok",
        "summary": {
            "errors": found["error"],
            "warnings": found["warning"],
            "info": found["info"],
            "model": model_counts(result),
        },
        "problems": [p.to_dict() for p in result.problems],
        "waived": [waived_dict(w) for w in result.waived],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def waived_dict(waived: Waived) -> dict:
    """A waived finding as a problem, with the waiver's reason (per language) and where it is written."""
    where = waived.waiver.location
    return {
        "finding": waived.problem.to_dict(),
        "waiver": {
            "reason": dict(waived.waiver.reasons),
            "file": where.file,
            "line": where.line,
            "column": where.column,
        },
    }
