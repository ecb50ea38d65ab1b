"""`refarch federation` as text, JSON and a site page (Markdown with HTML tables, for MkDocs)."""

from __future__ import annotations

import json
from typing import Any

from refarch.escape import control_free
from refarch.extends import describe
from refarch.federation import NOT_APPLICABLE, REALISED, UNREALISED, AreaReport, Federation
from refarch.problems import plural

MARKS = {REALISED: "✓", UNREALISED: "✗", NOT_APPLICABLE: "–", "absent": " "}


def to_json(report: Federation) -> str:
    """The survey for machines: areas, the matrix, the version skew and, with a candidate, what it breaks."""
    document = {
        "version": 1,
        "reference": report.reference,
        "candidate": report.candidate,
        "areas": [_area_json(a) for a in report.areas],
        "matrix": report.matrix,
        "skew": report.skew,
        "breaking": None if report.candidate is None else [a.name for a in report.areas if a.breaks],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _area_json(area: AreaReport) -> dict[str, Any]:
    def having(status: str) -> list[str]:
        return sorted(i for i, s in area.status.items() if s == status)

    return {
        "name": area.name,
        "title": area.title,
        "source": area.source,
        "reference": area.pinned,
        "share": area.share,
        "measured": area.measured,
        "same_reference": area.same_reference,
        "errors": area.errors,
        "warnings": area.warnings,
        "problem": area.problem,
        "realised": having(REALISED),
        "unrealised": having(UNREALISED),
        "not_applicable": [{"id": i, "reason": area.reasons.get(i, "")} for i in having(NOT_APPLICABLE)],
        "systems": area.systems,
        "integrations": area.integrations,
        "breaks": None if area.breaks is None else [vars(b) for b in area.breaks],
    }


def to_text(report: Federation) -> str:
    """The survey for a terminal: the areas, the version skew, the matrix with numbered columns, the local
    systems and integrations, and, with a candidate, the areas it would break and how."""
    lines = [f"Reference: {_registry_reference(report)}", f"{plural(len(report.areas), 'area')}", ""]
    width = max((len(a.name) for a in report.areas), default=4)
    lines.append(f"  #  {'Area':<{width}}  {'Pinned reference':<34} Share  Errors  Warnings")
    for n, area in enumerate(report.areas, 1):
        if area.problem is not None:
            lines.append(f"  {n:>2} {area.name:<{width}}  not surveyed: {area.problem}")
            continue
        share = f"{area.share:.0%}" if area.share is not None else "—"
        other = "  (another reference than the registry's)" if area.same_reference is False else ""
        unmeasured = "  (its metamodel measures no conformance)" if not area.measured else ""
        lines.append(
            f"  {n:>2} {area.name:<{width}}  {_pin(area.pinned):<34} {share:>5}  {area.errors:>6}  {area.warnings:>8}"
            + other
            + unmeasured
        )
    lines += ["", "Reference versions pinned:"]
    for group in report.skew:
        current = " (the registry's)" if group["current"] else ""
        lines.append(f"  {_pin(group)}{current}: {', '.join(group['areas'])}")
    lines += _matrix_text(report)
    lines += _catalogue_text(report)
    if report.candidate is not None:
        lines += _candidate_text(report)
    return "\n".join(control_free(line) for line in lines) + "\n"


def _matrix_text(report: Federation) -> list[str]:
    matrix = report.matrix
    if not matrix:
        return []
    surveyed = [n for n, a in enumerate(report.areas, 1) if a.problem is None]
    width = max(len(f"{report.names.get(i, ('', ''))[0]} {i}") for i in matrix)
    lines = [
        "",
        "Reference elements by area (✓ realised, · not realised, – not applicable, blank: not in its version):",
    ]
    lines.append(" " * (width + 2) + "".join(f"{n:>3}" for n in surveyed))
    for element_id, by_area in matrix.items():
        label = f"{report.names.get(element_id, ('', ''))[0]} {element_id}"
        lines.append(f"  {label:<{width}}" + "".join(f"{MARKS[s]:>3}" for s in by_area.values()))
    return lines


def _catalogue_text(report: Federation) -> list[str]:
    lines: list[str] = []
    for title, key in (("The areas' own systems", "systems"), ("The areas' own integrations", "integrations")):
        rows = [(a.name, item) for a in report.areas for item in getattr(a, key)]
        lines += ["", f"{title}: {'none' if not rows else len(rows)}"]
        for name, item in rows:
            ends = f", {item['from'] or '?'} → {item['to'] or '?'}" if key == "integrations" else ""
            stands_for = f"; for {', '.join(item['reference'])}" if item["reference"] else ""
            lines.append(f"  {name}: {item['id']} ({item['name']}){ends}{stands_for}")
    return lines


def _candidate_text(report: Federation) -> list[str]:
    assert report.candidate is not None
    breaking = [a for a in report.areas if a.breaks]
    commit = report.candidate.get("commit") or ""
    lines = [
        "",
        f"Candidate {report.candidate.get('rev')} (commit {commit[:12]}): "
        f"breaks {len(breaking)} of {plural(len(report.areas), 'area')}",
    ]
    for area in breaking:
        lines.append(f"  {area.name}:")
        lines += [f"    {b.location}: {b.severity} {b.code} {b.message}" for b in area.breaks or ()]
    return lines


def _pin(identity: dict[str, Any]) -> str:
    rev = identity.get("rev") or identity.get("path") or "?"
    commit = identity.get("commit")
    return f"{rev} ({commit[:7]})" if commit else str(rev)


def _names(item: dict[str, Any], ids: list[str] | tuple[str, ...]) -> str:
    """Elements an item names, by their names (as a page shows them), else their ids."""
    return ", ".join(item["names"].get(i, i) for i in ids if i)


def _registry_reference(report: Federation) -> str:
    """The registry's reference as the report names it: no pin, since the registry pins none."""
    return describe({k: v for k, v in report.reference.items() if k != "pinned_commit"})


def to_markdown(report: Federation) -> str:
    """A page for the coordinator's site: the areas with their pins, a heat-map of reference elements by area
    (a sign and a word in every cell, not colour alone) and the catalogue of local systems and integrations."""
    import jinja2

    from refarch.strings import strings

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("refarch.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = env.get_template("alueet.md.j2")
    return template.render(
        _=strings(report.language),
        report=report,
        marks=MARKS,
        pin=_pin,
        names=_names,
        reference=_registry_reference(report),
    )
