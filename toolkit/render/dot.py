"""DOT text for a view: Finnish labels, a stable colour per layer, every node a link to its element's page.

The same view gives the same text: nodes and edges are written in sorted order, and nothing depends on
time or machine.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import cast

from refarch.escape import one_line
from refarch.model import Element, Model
from refarch.views import View

LAYER_COLOURS = {
    "principles": "#ccccff",
    "business": "#ffffb5",
    "information": "#d9f2d0",
    "systems": "#b5ffff",
    "roadmap": "#ffe0e0",
}
SHAPES = {
    "law": "tab",
    "principle": "octagon",
    "goal": "ellipse",
    "figure": "note",
    "lesson": "note",
    "actor": "box",
    "role": "box",
    "service": "box",
    "process": "cds",
    "step": "cds",
    "event": "oval",
    "data-group": "folder",
    "data-store": "cylinder",
    "flow": "rarrow",
    "information-need": "note",
    "system": "component",
    "system-service": "box",
    "interface": "circle",
    "phase": "box",
    "task": "box",
}
ROUNDED = {"service", "system-service", "role"}
Link = Callable[[Element], str]


def default_link(element: Element) -> str:
    """Where an element's page lives in the site, relative to the site root: `<kind>/<id>/`."""
    return f"{element.kind}/{element.id}/"


def to_dot(model: Model, view: View, link: Link = default_link) -> str:
    """The DOT source of a view.

    >>> from refarch.examples import example_model
    >>> from refarch.views import make_view
    >>> text = to_dot(example_model(), make_view(example_model(), "element-ura"))
    >>> 'URL="system/ura/"' in text and '"kunta" -> "ura"' in text
    True
    """
    writer = _LAYOUTS[view.layout]
    lines = [f"digraph {_q(view.id)} {{", *_graph_attributes(view), *writer(model, view, link), "}"]
    return "\n".join(lines) + "\n"


def legend_dot(model: Model, kinds: list[str]) -> str:
    """A key to a drawing: one node for each kind in it, drawn as the drawing draws that kind and named by
    the kind's Finnish label, in a row (in metamodel order).

    >>> print(legend_dot(__import__("refarch.examples").examples.example_model(), ["system"]).splitlines()[3])
      "legend-system" [label="Järjestelmä", shape=component, style="filled", fillcolor="#b5ffff"];
    """
    order = [k for k in model.metamodel.kinds if k in kinds]
    lines = [
        'digraph "legend" {',
        '  graph [rankdir=LR, nodesep=0.15, ranksep=0.1, margin=0, fontname="Helvetica"];',
        '  node [fontname="Helvetica", fontsize=10, penwidth=1, color="#555555", height=0.3];',
    ]
    for kind in order:
        spec = model.metamodel.kinds[kind]
        style = "rounded,filled" if kind in ROUNDED else "filled"
        lines.append(
            f"  {_q('legend-' + kind)} [label={_q(spec.label.get('fi', kind))}, shape={SHAPES.get(kind, 'box')}, "
            f"style={_q(style)}, fillcolor={_q(LAYER_COLOURS.get(spec.layer, '#eeeeee'))}];"
        )
    lines += [f"  {_q('legend-' + a)} -> {_q('legend-' + b)} [style=invis];" for a, b in pairwise(order)]
    return "\n".join([*lines, "}"]) + "\n"


def _graph_attributes(view: View) -> list[str]:
    direction = "TB" if view.layout == "layers" else "LR"
    return [
        f'  graph [rankdir={direction}, fontname="Helvetica", fontsize=12, tooltip={_q(view.title)}, '
        f"label={_q(view.title)}, labelloc=t, newrank=true, nodesep=0.3, ranksep=0.5];",
        '  node [fontname="Helvetica", fontsize=10, style=filled, penwidth=1, color="#555555"];',
        '  edge [fontname="Helvetica", fontsize=8, color="#555555", arrowsize=0.7];',
    ]


def _layers(model: Model, view: View, link: Link) -> list[str]:
    lines = []
    for layer, spec in model.metamodel.layers.items():
        members = [i for i in view.elements if model.elements[i].layer == layer]
        if not members:
            continue
        lines.append(f"  subgraph {_q('cluster_' + layer)} {{")
        lines.append(
            f'    label={_q(spec.label.get("fi", layer))}; style=filled; fillcolor="#f7f7f7"; color="#bbbbbb";'
        )
        lines += [f"    {_node(model, model.elements[i], link)}" for i in members]
        lines.append("  }")
    lines += [f"  {_edge(model, r.source, r.target, r.type, labelled=False)}" for r in view.relationships]
    return lines


def _overview(model: Model, view: View, link: Link) -> list[str]:
    """The layers as boxes (linking to their pages, `<layer>.md` beside the kinds) and counted relationships."""
    counts: dict[str, int] = {}
    for element_id in view.elements:
        counts[model.elements[element_id].layer] = counts.get(model.elements[element_id].layer, 0) + 1
    pairs: dict[tuple[str, str], int] = {}
    for rel in view.relationships:
        if rel.target in model.elements:
            a, b = model.elements[rel.source].layer, model.elements[rel.target].layer
            if a != b:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    lines = []
    for layer, spec in model.metamodel.layers.items():
        if counts.get(layer):
            name = spec.label.get("fi", layer)
            url = link_to_layer(link, model, layer)
            lines.append(
                f"  {_q(layer)} [label={_q(name + chr(10) + str(counts[layer]) + ' elementtiä')}, shape=box, "
                f'style="rounded,filled", fillcolor={_q(LAYER_COLOURS.get(layer, "#eeeeee"))}, fontsize=12, '
                f"URL={_q(url)}, tooltip={_q(name)}];"
            )
    lines += [
        f"  {_q(a)} -> {_q(b)} [label={_q(str(n))}, tooltip={_q(f'{n} suhdetta')}];"
        for (a, b), n in sorted(pairs.items())
    ]
    return lines


def link_to_layer(link: Link, model: Model, layer: str) -> str:
    """A layer page's URL, derived from an element link: the layer page sits beside the kind folders."""
    sample = next(e for e in model.elements.values() if e.layer == layer)
    url = link(sample)
    if url.endswith("/"):
        return url[: -len(f"{sample.kind}/{sample.id}/")] + f"{layer}/"
    return url[: -len(f"{sample.kind}/{sample.id}.html")] + f"{layer}.html"


def _neighbourhood(model: Model, view: View, link: Link) -> list[str]:
    focus = view.params["focus"]
    lines = [f"  {_node(model, model.elements[i], link, bold=(i == focus))}" for i in view.elements]
    lines += [f"  {_edge(model, r.source, r.target, r.type)}" for r in view.relationships]
    return lines


def _service_path(model: Model, view: View, link: Link) -> list[str]:
    steps: list[str] = list(cast(Sequence[str], view.params["steps"]))
    lines = ["  subgraph cluster_steps {", '    label="Palvelupolun vaiheet"; style=invis;']
    lines += [f"    {_node(model, model.elements[s], link)}" for s in steps]
    lines.append("  }")
    lines += [f"  {_q(a)} -> {_q(b)} [style=bold];" for a, b in pairwise(steps)]
    lanes: dict[str, dict[str, str]] = {}
    for rel in view.relationships:
        if rel.type == "involves":
            lanes.setdefault(rel.target, {})[rel.source] = rel.description.get("fi", "")
    flows = [model.elements[i] for i in view.elements if model.elements[i].kind == "flow"]
    for flow in flows:
        step = _target(flow, "part-of")
        for actor in (_target(flow, "from"), _target(flow, "to")):
            if actor and step is not None and step in steps:
                lanes.setdefault(actor, {}).setdefault(step, "")
    for actor in sorted(lanes):
        element = model.elements[actor]
        lines.append(f"  subgraph {_q('cluster_lane_' + actor)} {{")
        lines.append(
            f'    label={_q(element.name)}; style=filled; fillcolor="#fbfbf0"; color="#bbbbbb"; '
            f"URL={_q(link(element))}; tooltip={_q(element.name)};"
        )
        cells = [s for s in steps if s in lanes[actor]]
        for step in cells:
            what = lanes[actor][step] or element.name
            lines.append(
                f"    {_q(actor + '@' + step)} [label={_q(_wrap(what, 60, 3))}, shape=box, "
                f'style="rounded,filled", fillcolor={_q(LAYER_COLOURS["business"])}, '
                f"URL={_q(link(model.elements[step]))}, "
                f"tooltip={_q(element.name + ': ' + (what or model.elements[step].name))}];"
            )
        lines += [f"    {_q(actor + '@' + a)} -> {_q(actor + '@' + b)} [style=invis];" for a, b in pairwise(cells)]
        lines.append("  }")
        if cells:
            lines.append(f"  {_q(cells[0])} -> {_q(actor + '@' + cells[0])} [style=invis];")
    for flow in sorted(flows, key=lambda f: f.id):
        step, sender, receiver = _target(flow, "part-of"), _target(flow, "from"), _target(flow, "to")
        if sender in lanes and receiver in lanes and step is not None and step in steps:
            lines.append(
                f"  {_q(sender + '@' + step)} -> {_q(receiver + '@' + step)} [label={_q(_wrap(flow.name, 30, 2))}, "
                f'URL={_q(link(flow))}, tooltip={_q(flow.name)}, color="#1f5fa8", fontcolor="#1f5fa8", '
                f"constraint=false];"
            )
    return lines


def _data_flows(model: Model, view: View, link: Link) -> list[str]:
    lines = []
    parties = sorted({i for i in view.elements if model.elements[i].kind not in ("flow", "data-group")})
    lines += [f"  {_node(model, model.elements[i], link)}" for i in parties]
    for flow_id in (i for i in view.elements if model.elements[i].kind == "flow"):
        flow = model.elements[flow_id]
        sender, receiver, via = _target(flow, "from"), _target(flow, "to"), _target(flow, "via")
        if not (sender and receiver):
            continue
        data = ", ".join(
            model.elements[r.target].name
            for r in flow.relationships
            if r.type == "carries" and r.target in model.elements
        )
        label = _q(_wrap(flow.name + (f" ({data})" if data else ""), 34, 3))
        attributes = f'URL={_q(link(flow))}, tooltip={_q(flow.name)}, color="#1f5fa8", fontcolor="#1f5fa8"'
        if via and via in model.elements:
            lines.append(f"  {_q(sender)} -> {_q(via)} [label={label}, {attributes}];")
            lines.append(f"  {_q(via)} -> {_q(receiver)} [{attributes}];")
        else:
            lines.append(f"  {_q(sender)} -> {_q(receiver)} [label={label}, {attributes}];")
    return lines


def _roadmap(model: Model, view: View, link: Link) -> list[str]:
    """One table: the phases as columns in time order, the tracks as rows, each task a linked line."""
    parts: dict[str, list[Element]] = {}
    for rel in view.relationships:
        if rel.type == "part-of":
            parts.setdefault(rel.target, []).append(model.elements[rel.source])
    phases = sorted(
        (
            model.elements[i]
            for i in view.elements
            if model.elements[i].kind == "phase" and not any(p.kind == "phase" for p in parts.get(i, []))
        ),
        key=lambda p: (str(p.fields.get("start", "")), p.id),
    )
    tracks = sorted({str(t.fields.get("track", "")) for p in phases for t in parts.get(p.id, []) if t.kind == "task"})
    header = "".join(
        f'<TD BGCOLOR="{LAYER_COLOURS["roadmap"]}" HREF="{_h(link(p))}" TITLE="{_h(p.name)}">'
        f"<B>{_h(_wrap(p.name, 30, 3))}</B></TD>"
        for p in phases
    )
    rows = [f'<TR><TD BGCOLOR="{LAYER_COLOURS["roadmap"]}"><B>Raide</B></TD>{header}</TR>']
    for track in tracks:
        cells = []
        for phase in phases:
            items = sorted(
                (t for t in parts.get(phase.id, []) if t.kind == "task" and str(t.fields.get("track", "")) == track),
                key=lambda t: t.id,
            )
            cells.append(f'<TD VALIGN="TOP">{_task_list(items, parts, link)}</TD>' if items else "<TD> </TD>")
        rows.append(f'<TR><TD VALIGN="TOP"><B>{_h(_wrap(track or "—", 16, 3))}</B></TD>{"".join(cells)}</TR>')
    table = f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="white">{"".join(rows)}</TABLE>'
    return [f"  roadmap [shape=plain, label=<{table}>];"]


def _task_list(items: list[Element], parts: dict[str, list[Element]], link: Link) -> str:
    """A cell's tasks: each group task in bold, followed by its own tasks."""
    rows = []
    for item in items:
        members = sorted(parts.get(item.id, []), key=lambda t: t.id)
        rows.append(_task_row(item, link, bold=bool(members)))
        rows += [_task_row(m, link) for m in members]
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>'


def _task_row(task: Element, link: Link, bold: bool = False) -> str:
    name = task.name.rsplit(": ", 1)[-1] if bold else task.name  # the column and row already say the rest
    text = _h(_wrap(name, 40, 4))
    mark = "" if bold else "• "
    return (
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" HREF="{_h(link(task))}" TITLE="{_h(task.name)}">'
        f"{'<B>' if bold else ''}{mark}{text}{'</B>' if bold else ''}</TD></TR>"
    )


def _h(text: str) -> str:
    """Text for an HTML-like label: escaped, with line breaks."""
    return html.escape(text).replace("\n", "<BR/>")


_LAYOUTS = {
    "overview": _overview,
    "layers": _layers,
    "neighbourhood": _neighbourhood,
    "service-path": _service_path,
    "data-flows": _data_flows,
    "roadmap": _roadmap,
}


def _node(model: Model, element: Element, link: Link, bold: bool = False) -> str:
    style = "rounded,filled" if element.kind in ROUNDED else "filled"
    kind = model.metamodel.kinds[element.kind].label.get("fi", element.kind)
    return (
        f"{_q(element.id)} [label={_q(_wrap(element.name, 24, 4))}, shape={SHAPES.get(element.kind, 'box')}, "
        f"style={_q(style)}, fillcolor={_q(LAYER_COLOURS.get(element.layer, '#eeeeee'))}, "
        f"URL={_q(link(element))}, tooltip={_q(element.name + ' (' + kind.lower() + ')')}"
        + (", penwidth=3" if bold else "")
        + "];"
    )


def _edge(model: Model, source: str, target: str, rtype: str, labelled: bool = True) -> str:
    label = model.metamodel.relationships[rtype].label.get("fi", rtype)
    text = f"label={_q(label)}, " if labelled else ""
    return f"{_q(source)} -> {_q(target)} [{text}tooltip={_q(label)}];"


def _target(element: Element, rtype: str) -> str | None:
    return next((r.target for r in element.relationships if r.type == rtype), None)


def _wrap(text: str, width: int, lines: int) -> str:
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return "\n".join(wrapped)


def _q(text: str) -> str:
    """A DOT double-quoted string; a newline becomes a centred line break."""
    return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")) + '"'
