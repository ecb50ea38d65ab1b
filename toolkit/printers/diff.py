"""`refarch diff` as Markdown for a pull-request comment (with a Mermaid diagram, which GitHub and GitLab
draw) and as JSON for other tools. Text in the model (names, values) is escaped for Markdown tables."""

from __future__ import annotations

import json
from typing import Any

from refarch.diff import FieldChange, ModelDiff
from refarch.escape import markdown_code, markdown_text
from refarch.exchange.text_formats import mermaid_text
from refarch.model import Model
from refarch.problems import plural

MAX_DIAGRAM_NODES = 30  # more is no longer legible at a pull request's width
NEAREST = 10  # impacted elements listed before the rest, which fold away
MAX_ROWS = 200
VISIBLE_ROWS = 15  # a longer table folds away in <details>
TABLE_BUDGET = 11_000  # characters of rows a table holds: five of them and a diagram stay under GitHub's
# 65,536-character comment limit, the rest is counted


def to_json(diff: ModelDiff, base: Model, head: Model, base_label: str, head_label: str) -> str:
    def element(model: Model, element_id: str) -> dict:
        e = model.elements[element_id]
        return {"id": e.id, "kind": e.kind, "name": e.name, "file": e.location.file, "line": e.location.line}

    def rel(key: tuple[str, str, str]) -> dict:
        return {"source": key[0], "type": key[1], "target": key[2]}

    document = {
        "version": 2,  # 2: `renamed`, and `revisit` split into must_fix and may_review
        "base": base_label,
        "head": head_label,
        "elements": {
            "added": [element(head, i) for i in diff.added],
            "removed": [element(base, i) for i in diff.removed],
            "changed": [
                {**element(head, i), "changes": [_change(c) for c in changes]} for i, changes in diff.changed.items()
            ],
        },
        "renamed": [{"from": old, "to": new} for old, new in sorted(diff.renamed.items())],
        "relationships": {
            "added": [rel(k) for k in diff.relationships_added],
            "removed": [rel(k) for k in diff.relationships_removed],
            "changed": [
                {**rel(k), "changes": [_change(c) for c in changes]}
                for k, changes in diff.relationships_changed.items()
            ],
        },
        "findings": {
            "introduced": [p.to_dict() for p in diff.findings_introduced],
            "resolved": [p.to_dict() for p in diff.findings_resolved],
        },
        "impacted": [
            {"id": i, "distance": d, "effect": diff.impacted_why[i][0], "why": diff.impacted_why[i][1]}
            for i, d in diff.impacted.items()
        ],
        "revisit": {"must_fix": list(diff.must_fix), "may_review": list(diff.revisit)},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def _change(change: FieldChange) -> dict:
    return {"field": change.field, "before": change.before, "after": change.after}


def to_markdown(diff: ModelDiff, base: Model, head: Model, base_label: str, head_label: str) -> str:
    lines = [f"## Architecture change: {markdown_code(base_label)} → {markdown_code(head_label)}", ""]
    if diff.empty:
        lines.append("No element or relationship changed.")
    else:
        lines.append("**" + "; ".join(_summary(diff)) + ".**")
    lines += _area(diff, head)
    lines += _elements(diff, base, head)
    lines += _relationships(diff, base, head)
    lines += _findings(diff)
    lines += _impacted(diff, head)
    if not diff.empty:
        diagram, (touched_out, neighbours_out) = _diagram(diff, base, head)
        out = [plural(touched_out, "changed element")] if touched_out else []
        out += [f"{plural(neighbours_out, 'neighbour')}"] if neighbours_out else []
        more = f" ({' and '.join(out)} not drawn)" if out else ""
        lines += [
            "",
            *_folded(f"The changed elements and their direct neighbours{more}", ["```mermaid", *diagram, "```"]),
        ]
    return "\n".join(lines) + "\n"


def _area(diff: ModelDiff, head: Model) -> list[str]:
    """For an area model, first: its own elements the change broke (each with what broke), then, in one
    line, those it merely reaches. The reference's own changes follow in the tables below."""
    lines: list[str] = []
    if diff.must_fix:
        rows = [
            f"| {_name(head, p.element or '')} | {p.severity} | {markdown_code(p.code)} | {_cell(p.message)} |"
            for p in diff.broken()
        ]
        lines += _table(
            f"The area must fix ({plural(len(diff.must_fix), 'element')})",
            "| Element | Severity | Rule | What broke |\n|---|---|---|---|",
            rows,
        )
    if diff.revisit:
        shown = diff.revisit[:NEAREST]
        rest = f" … and {len(diff.revisit) - len(shown)} more" if len(diff.revisit) > len(shown) else ""
        lines += [
            "",
            f"### The area may review ({plural(len(diff.revisit), 'element')})",
            "",
            "Its own elements that realise, use or are reached by a reference element that changed: "
            + ", ".join(_name(head, i) for i in shown)
            + rest
            + ".",
        ]
    return lines


def _folded(summary: str, body: list[str]) -> list[str]:
    """A part a reviewer opens when they want it (GitHub renders Markdown inside <details>)."""
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>"]


def _summary(diff: ModelDiff) -> list[str]:
    return [
        f"{plural(len(diff.added), 'element')} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
        + (f" ({len(diff.renamed)} of them renamed)" if diff.renamed else ""),
        f"{plural(len(diff.relationships_added), 'relationship')} added, {len(diff.relationships_removed)} removed, "
        f"{len(diff.relationships_changed)} changed",
        f"{plural(len(diff.findings_introduced), 'finding')} introduced, {len(diff.findings_resolved)} resolved",
        f"{plural(len(diff.impacted), 'element')} impacted",
    ]


def _cell(value: Any) -> str:
    """Model text as an inert table cell (refarch.escape.markdown_text)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return markdown_text(text)


def _name(model: Model, element_id: str) -> str:
    element = model.elements.get(element_id)
    return f"{_cell(element.name)} ({markdown_code(element_id)})" if element else markdown_code(element_id)


def _elements(diff: ModelDiff, base: Model, head: Model) -> list[str]:
    lines: list[str] = []
    for title, ids, model in (("Added elements", diff.added, head), ("Removed elements", diff.removed, base)):
        rows = [
            f"| {_name(model, i)} | {model.elements[i].kind} | {_cell(model.elements[i].location.file)}"
            f":{model.elements[i].location.line} |"
            for i in ids
        ]
        lines += _table(title, "| Element | Kind | File |\n|---|---|---|", rows)
    rows = [
        f"| {_name(head, i)} | {markdown_code(c.field)} | {_cell(c.before)} | {_cell(c.after)} |"
        for i, changes in diff.changed.items()
        for c in changes
    ]
    return lines + _table("Changed elements", "| Element | Field | Before | After |\n|---|---|---|---|", rows)


def _table(title: str, header: str, rows: list[str]) -> list[str]:
    """A titled table, folded in <details> when long."""
    if not rows:
        return []
    body = _rows(header, rows)
    return ["", f"### {title}", "", *(body if len(rows) <= VISIBLE_ROWS else _folded(f"{len(rows)} rows", body))]


def _rows(header: str, rows: list[str]) -> list[str]:
    """A table's lines, cut at TABLE_BUDGET characters with a count of the rest (the whole list is in
    `refarch diff --format json`)."""
    kept: list[str] = []
    used = 0
    for row in rows[:MAX_ROWS]:
        if used + len(row) > TABLE_BUDGET and kept:
            break
        kept.append(row)
        used += len(row)
    return [*header.split("\n"), *kept, *_more(len(rows), len(kept))]


def _more(count: int, shown: int) -> list[str]:
    return ["", f"… and {count - shown} more (see `refarch diff --format json`)."] if count > shown else []


def _relationships(diff: ModelDiff, base: Model, head: Model) -> list[str]:
    rows = (
        [("added", k, head) for k in diff.relationships_added]
        + [("removed", k, base) for k in diff.relationships_removed]
        + [
            ("changed: " + ", ".join(_relationship_change(c) for c in changes), k, head)
            for k, changes in diff.relationships_changed.items()
        ]
    )
    lines = [f"| {what} | {_name(model, k[0])} | {k[1]} | {_name(model, k[2])} |" for what, k, model in rows]
    return _table("Relationships", "| Change | Source | Relationship | Target |\n|---|---|---|---|", lines)


def _relationship_change(change: FieldChange) -> str:
    """A changed field's name; a provenance with its kind before and after ("`provenance` stated → inferred"),
    which is what a reviewer of the record looks for."""
    name = markdown_code(change.field)
    if change.field != "provenance":
        return name
    kinds = [value.get("kind", "—") if isinstance(value, dict) else "—" for value in (change.before, change.after)]
    return f"{name} {markdown_code(kinds[0])} → {markdown_code(kinds[1])}"


def _findings(diff: ModelDiff) -> list[str]:
    lines: list[str] = []
    for title, problems in (
        ("Findings introduced", diff.findings_introduced),
        ("Findings resolved", diff.findings_resolved),
    ):
        rows = [
            f"| {p.severity} | {markdown_code(p.code)} | {_cell(p.element or '')} | {_cell(p.message)} |"
            for p in problems
        ]
        lines += _table(title, "| Severity | Rule | Element | Message |\n|---|---|---|---|", rows)
    return lines


def _impacted(diff: ModelDiff, head: Model) -> list[str]:
    """How many elements the change reaches, the nearest of them by name, and every one folded away."""
    if not diff.impacted:
        return []
    closest = min(diff.impacted.values())
    nearest = [i for i, d in diff.impacted.items() if d == closest][:NEAREST]
    lines = [
        "",
        "### Impact",
        "",
        f"The change reaches {plural(len(diff.impacted), 'element')} through their relationships; the nearest: "
        + ", ".join(_name(head, i) for i in nearest)
        + (" …" if len(diff.impacted) > len(nearest) else "")
        + ".",
        "",
    ]
    rows = []
    for i, d in sorted(diff.impacted.items(), key=lambda item: (item[1], item[0])):
        effect, why = diff.impacted_why[i]
        rows.append(f"| {_name(head, i)} | {head.elements[i].kind} | {d} | {effect} | {_cell(why)} |")
    table = _rows("| Element | Kind | Distance | Effect | Why |\n|---|---|---|---|---|", rows)
    return lines + _folded(f"All {len(diff.impacted)} reached, by distance in steps", table)


def _diagram(diff: ModelDiff, base: Model, head: Model) -> tuple[list[str], tuple[int, int]]:
    """The touched elements and their direct neighbours, at most MAX_DIAGRAM_NODES (the touched first); added
    green, changed yellow, removed red. Also how many touched elements and neighbours were left out."""
    touched = sorted(i for i in diff.touched() if i in head.elements or i in base.elements)
    nodes = list(touched)
    incoming = head.incoming()
    for element_id in touched:
        if element_id not in head.elements:
            continue
        near = [r.target for r in head.elements[element_id].relationships] + [
            r.source for r in incoming.get(element_id, [])
        ]
        nodes += [other for other in dict.fromkeys(near) if other in head.elements and other not in nodes]
    drawn = set(nodes[:MAX_DIAGRAM_NODES])
    left_out = (sum(i not in drawn for i in touched), sum(i not in drawn for i in nodes[len(touched) :]))
    nodes = sorted(drawn)
    short = {element_id: f"n{n}" for n, element_id in enumerate(nodes, start=1)}
    style = {
        **{i: "context" for i in nodes},
        **{i: "changed" for i in diff.changed},
        **{i: "added" for i in diff.added},
        **{i: "removed" for i in diff.removed},
    }
    lines = ["flowchart LR"]
    for element_id in nodes:
        model = head if element_id in head.elements else base
        lines.append(f'{short[element_id]}["{mermaid_text(model.elements[element_id].name)}"]:::{style[element_id]}')
    removed = set(diff.relationships_removed)
    edges = {(r.source, r.type, r.target) for r in head.relationships if r.source in short and r.target in short}
    for key in sorted(edges | {k for k in removed if k[0] in short and k[2] in short}):
        arrow = "-.->" if key in removed else "-->"
        lines.append(f'{short[key[0]]} {arrow}|"{mermaid_text(key[1])}"| {short[key[2]]}')
    lines += [
        "classDef added fill:#d4f7d4,stroke:#1a7f37",
        "classDef changed fill:#fff3c4,stroke:#9a6700",
        "classDef removed fill:#ffd8d3,stroke:#cf222e,stroke-dasharray: 4 2",
        "classDef context fill:#f6f8fa,stroke:#8c959f",
    ]
    return lines, left_out
