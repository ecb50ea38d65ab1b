"""The stable JSON report (documented in docs/output-formats.md); keys in a fixed order, version 1."""

from __future__ import annotations

import json

from refarch import __version__
from refarch.pipeline import Result
from refarch.printers.summary import finding_counts, model_counts
from refarch.problems import Location, Problem

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
        "problems": [problem_dict(p) for p in result.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def problem_dict(p: Problem) -> dict:
    return {
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        **location_dict(p.location),
        "element": p.element,
        "hint": p.hint,
        "related": [{**location_dict(r.location), "message": r.message} for r in p.related],
    }


def location_dict(loc: Location) -> dict:
    return {
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
    }
