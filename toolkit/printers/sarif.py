"""SARIF 2.1.0, for code-scanning uploads: one run, every rule in the driver, one result per finding."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from refarch import __version__
from refarch.problems import Location, Problem
from refarch.result import Result, Waived

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(result: Result) -> str:
    rules = sorted(result.config.rules.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "refarch",
                        "version": __version__,
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.code,
                                "shortDescription": {"text": r.summary},
                                "fullDescription": {"text": r.doc},
                                "help": {"text": r.doc, "markdown": r.doc},
                                "defaultConfiguration": {"level": LEVELS[r.severity]},
                            }
                            for r in rules
                        ],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder refarch ran in."}}},
                "results": [sarif_result(p, index) for p in result.problems]
                + [suppressed(w, index) for w in result.waived],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def sarif_result(p: Problem, index: dict[str, int]) -> dict:
    message = p.message + (f" ({p.hint})" if p.hint else "")
    result: dict[str, Any] = {
        "ruleId": p.code,
        "level": LEVELS[p.severity],
        "message": {"text": message},
        "locations": [physical(p.location, p.element)],
    }
    if p.code in index:
        result["ruleIndex"] = index[p.code]
    if p.related:
        result["relatedLocations"] = [
            {"id": n, **physical(r.location), "message": {"text": r.message}} for n, r in enumerate(p.related, 1)
        ]
    return result


def suppressed(waived: Waived, index: dict[str, int]) -> dict:
    """A waived finding as a result code scanning shows as dismissed in source, with the waiver's reason."""
    return {
        **sarif_result(waived.problem, index),
        "suppressions": [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": waived.waiver.reason,
                "location": physical(waived.waiver.location),
            }
        ],
    }


def physical(loc: Location, element: str | None = None) -> dict:
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column}
    if loc.end_line is not None:
        region.update(endLine=loc.end_line, endColumn=loc.end_column)
    path = PurePosixPath(loc.file)
    if path.is_absolute():
        artifact = {"uri": Path(loc.file).as_uri()}
    else:
        artifact = {"uri": quote(loc.file), "uriBaseId": "%SRCROOT%"}
    place: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if element:
        place["logicalLocations"] = [{"name": element, "kind": "object"}]
    return place
