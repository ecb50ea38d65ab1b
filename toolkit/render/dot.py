"""DOT text for a view: Finnish labels, a stable colour per layer, every node a link to its element's page.

The same view gives the same text: nodes and edges are written in sorted order, and nothing depends on
time or machine.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from refarch.escape import one_line
from refarch.metamodel import DEFAULT_COLOUR, FlowParts
from refarch.model import Element, Model
from refarch.strings import ui
from refarch.views import NARROW_LAYOUTS, TOP_DOWN_LAYOUTS, View

# (nodesep, ranksep) in inches where a layout needs to be tighter than Graphviz's default to fit a page
SPACING = {
    "neighbourhood": (0.15, 0.3),
    "kinds": (0.1, 0.2),  # a phone's column shows a layer of eight kinds with its labels over 8 px
    "data-flows": (0.15, 0.05),
    "data-flows-narrow": (0.15, 0.15),
    "service-path-narrow": (0.15, 0.25),
}
Link = Callable[[Element], str]


def default_link(element: Element) -> str:
    """Where an element's page lives in the site, relative to the site root: `<kind>/<id>/`."""
    return f"{element.kind}/{element.id}/"


def to_dot(model: Model, view: View, link: Link = default_link) -> str:
    """The DOT source of a view.

    >>> from refarch.examples import example_model
    >>> from refarch.views import make_view
    >>> text = to_dot(example_model(), make_view(example_model(), "element-tilit"))
    >>> 'URL="system/tilit/"' in text and '"tilit" -> "0:kunta"' in text
    True
    """
    writer = _LAYOUTS[view.layout]
    lines = [f"digraph {_q(view.id)} {{", *_graph_attributes(view), *writer(model, view, link), "}"]
    return "\n".join(lines) + "\n"


def _kind_look(model: Model, kind: str) -> str:
    """How a kind is drawn, the same in every drawing and its key: shape, style and its layer's colour."""
    look = model.metamodel.kinds[kind]
    style = "rounded,filled" if look.rounded else "filled"
    colour = look.colour or layer_colour(model, look.layer)
    size = f", width={look.size[0]:g}, height={look.size[1]:g}" if look.size else ""
    return f"shape={look.shape}, style={_q(style)}, fillcolor={_q(colour)}{size}"


def layer_colour(model: Model, layer: str) -> str:
    """The fill of a layer's elements (the metamodel's `colour`), in every drawing and key."""
    spec = model.metamodel.layers.get(layer)
    return spec.colour if spec else DEFAULT_COLOUR


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
        label = ui(model).plain(model.metamodel.kinds[kind].label, kind)
        lines.append(f"  {_q('legend-' + kind)} [label={_q(label)}, {_kind_look(model, kind)}];")
    lines += [f"  {_q('legend-' + a)} -> {_q('legend-' + b)} [style=invis];" for a, b in pairwise(order)]
    return "\n".join([*lines, "}"]) + "\n"


def _graph_attributes(view: View) -> list[str]:
    direction = "TB" if view.layout in TOP_DOWN_LAYOUTS else "LR"
    title = _wrap(view.title, 36, 3) if view.layout in NARROW_LAYOUTS.values() else view.title
    return [
        f'  graph [rankdir={direction}, fontname="Helvetica", fontsize=12, tooltip={_q(view.title)}, '
        f"label={_q(title)}, labelloc=t, newrank=true, nodesep={SPACING.get(view.layout, (0.3, 0.5))[0]}, "
        f"ranksep={SPACING.get(view.layout, (0.3, 0.5))[1]}];",
        '  node [fontname="Helvetica", fontsize=10, style=filled, penwidth=1, color="#555555"];',
        '  edge [fontname="Helvetica", fontsize=10, color="#555555", arrowsize=0.7];',
    ]


def _layers(model: Model, view: View, link: Link) -> list[str]:
    lines = []
    for layer, spec in model.metamodel.layers.items():
        members = [i for i in view.elements if model.elements[i].layer == layer]
        if not members:
            continue
        lines.append(f"  subgraph {_q('cluster_' + layer)} {{")
        lines.append(
            f'    label={_q(ui(model).plain(spec.label, layer))}; style=filled; fillcolor="#f7f7f7"; color="#bbbbbb";'
        )
        lines += [f"    {_node(model, model.elements[i], link)}" for i in members]
        lines.append("  }")
    lines += [f"  {_edge(model, r.source, r.target, r.type)}" for r in view.relationships]
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
            name = ui(model).plain(spec.label, layer)
            url = link_to_layer(link, model, layer)
            text = name + "\n" + ui(model).say("{n} elementtiä", n=counts[layer])
            lines.append(
                f"  {_q(layer)} [label={_q(text)}, shape=box, "
                f'style="rounded,filled", fillcolor={_q(layer_colour(model, layer))}, fontsize=12, '
                f"URL={_q(url)}, tooltip={_q(name)}];"
            )
    for (a, b), n in sorted(pairs.items()):
        tooltip = ui(model).say("{n} suhdetta", n=n)
        lines.append(f"  {_q(a)} -> {_q(b)} [label={_q(str(n))}, tooltip={_q(tooltip)}];")
    return lines


def _kinds(model: Model, view: View, link: Link) -> list[str]:
    """A layer grouped by kind: a box per kind with its count (linking to the kind's index page), an arrow
    per relationship type between two kinds with how many relationships it stands for."""
    members: dict[str, list[str]] = {}
    for element_id in view.elements:
        members.setdefault(model.elements[element_id].kind, []).append(element_id)
    pairs: dict[tuple[str, str, str], int] = {}
    for rel in view.relationships:
        key = (model.elements[rel.source].kind, rel.type, model.elements[rel.target].kind)
        pairs[key] = pairs.get(key, 0) + 1
    lines = []
    for kind, spec in model.metamodel.kinds.items():
        if kind in members:
            name = ui(model).plain(spec.label, kind)
            sample = model.elements[members[kind][0]]
            lines.append(
                f"  {_q(kind)} [label={_q(name + chr(10) + str(len(members[kind])))}, {_kind_look(model, kind)}, "
                f"fontsize=12, URL={_q(link_to_kind(link, sample))}, tooltip={_q(f'{name}: {len(members[kind])}')}];"
            )
    arrows: dict[tuple[str, str], list[str]] = {}
    for (source, rtype, target), n in sorted(pairs.items()):
        label = ui(model).plain(model.metamodel.relationships[rtype].label, rtype)
        arrows.setdefault((source, target), []).append(f"{label} {n}")
    for (source, target), labels in sorted(arrows.items()):
        text = "\n".join(labels)
        lines.append(f"  {_q(source)} -> {_q(target)} [label={_q(text)}, tooltip={_q(', '.join(labels))}];")
    return lines


def link_to_kind(link: Link, sample: Element) -> str:
    """A kind's index page (`<kind>/index.html` or `<kind>/`), derived from one of its elements' links.

    >>> link_to_kind(default_link, __import__("refarch.examples").examples.example_model().elements["tilit"])
    'system/'
    """
    return _beside_kinds(link, sample, sample.kind, index=True)


def link_to_layer(link: Link, model: Model, layer: str) -> str:
    """A layer page's URL, derived from an element link: the layer page sits beside the kind folders."""
    return _beside_kinds(link, next(e for e in model.elements.values() if e.layer == layer), layer)


def _beside_kinds(link: Link, sample: Element, name: str, index: bool = False) -> str:
    """The URL of page `name` at the level of the kind folders, in the link's style (folders or `.html`);
    `index` for a folder's own index page."""
    url = link(sample)
    folders = url.endswith("/")
    prefix = url[: -len(f"{sample.kind}/{sample.id}" + ("/" if folders else ".html"))]
    if folders:
        return f"{prefix}{name}/"
    return f"{prefix}{name}/index.html" if index else f"{prefix}{name}.html"


NEIGHBOURS_SHOWN = 12


def _neighbourhood(model: Model, view: View, link: Link) -> list[str]:
    """The element on the left; its neighbours on the right in boxes titled by the relationship ("käyttää →"
    for those it points at, "← käyttää" for those that point at it; the arrowheads agree). Two columns, so
    that the drawing stays legible in a phone's width. A box shows at most NEIGHBOURS_SHOWN, then how many
    more (the element's page lists them all): a hub actor has a hundred neighbours."""
    focus = str(view.params["focus"])
    groups: dict[tuple[int, str, str], list[str]] = {}
    for rel in view.relationships:
        label = ui(model).plain(model.metamodel.relationships[rel.type].label, rel.type)
        key = (0, label, rel.type) if rel.target == focus else (1, label, rel.type)
        groups.setdefault(key, []).append(rel.source if rel.target == focus else rel.target)
    lines = [f"  {_node(model, model.elements[focus], link, bold=True)}"]
    for n, ((incoming, label, _), ids) in enumerate(sorted(groups.items())):
        members = sorted(set(ids), key=lambda i: (model.elements[i].name, i))
        lines.append(f"  subgraph {_q(f'cluster_{focus}_{n}')} {{")
        title = f"← {label}" if incoming == 0 else f"{label} →"
        lines.append(f'    label={_q(title)}; style="rounded,dashed"; color="#999999"; fontsize=10;')
        names = []
        for i in members[:NEIGHBOURS_SHOWN]:
            names.append(f"{n}:{i}")
            lines.append(f"    {_node(model, model.elements[i], link, name=names[-1])}")
        if len(members) > NEIGHBOURS_SHOWN:
            names.append(f"{n}:more")
            more = ui(model).say("… ja {n} muuta", n=len(members) - NEIGHBOURS_SHOWN)
            lines.append(f'    {_q(names[-1])} [label={_q(more)}, shape=plaintext, style="", tooltip={_q(more)}];')
        lines.append("  }")
        back = ", dir=back" if incoming == 0 else ""
        lines += [f"  {_q(focus)} -> {_q(name)} [tooltip={_q(label)}{back}];" for name in names]
    return lines


@dataclass(frozen=True)
class Lanes:
    """A service path's content: steps in order, actors in the order they first take part, what each does
    in each step (`doing[(actor, step)]`) and the flows it sends there (`sent[(actor, step)]`)."""

    steps: list[str]
    actors: list[str]
    doing: dict[tuple[str, str], str]
    sent: dict[tuple[str, str], list[Element]]


def service_path_lanes(model: Model, view: View) -> Lanes:
    parts = model.metamodel.views
    steps: list[str] = list(cast(Sequence[str], view.params["steps"]))
    doing: dict[tuple[str, str], str] = {}
    for rel in view.relationships:
        if parts.service_path and rel.type == parts.service_path.actors and rel.source in steps:
            doing[(rel.target, rel.source)] = ui(model).plain(rel.description)
    sent: dict[tuple[str, str], list[Element]] = {}
    flows = parts.flows
    for flow in sorted((e for e in _of_kind(model, view, flows.kind if flows else None)), key=lambda f: f.name):
        assert flows is not None
        step, sender = _target(flow, flows.in_step), _target(flow, flows.sender)
        if step in steps and sender:
            sent.setdefault((sender, step), []).append(flow)
            doing.setdefault((sender, step), "")
    actors = sorted(
        {actor for actor, _ in doing},
        key=lambda a: (min(steps.index(s) for b, s in doing if b == a), model.elements[a].name),
    )
    return Lanes(steps, actors, doing, sent)


def _service_path(model: Model, view: View, link: Link) -> list[str]:
    """A swimlane table: the steps as columns in their order, the actors as lanes (in the order they first
    take part, each lane's name on a bar above it), in each cell what the actor does in that step and the
    flows it sends there ("→ vastaanottaja: tietovirta"). A table keeps every cell's text whole and the
    drawing as wide as its steps, not as wide as Graphviz would spread crossing edges."""
    lanes = service_path_lanes(model, view)
    header = "".join(_step_cell(model, n, step, link, 21) for n, step in enumerate(lanes.steps, 1))
    rows = [f"<TR>{header}</TR>"]
    for actor in lanes.actors:
        cells = "".join(_lane_cell(model, lanes, actor, step, link) for step in lanes.steps)
        rows.append(  # the lane's name across the row above its cells: one column fewer to fit a page
            f"{_actor_bar(model.elements[actor], link, len(lanes.steps))}<TR>{cells}</TR>"
        )
    return [f"  lanes [shape=plain, label=<{_table(rows)}>];"]


def _service_path_narrow(model: Model, view: View, link: Link) -> list[str]:
    """The service path for a phone: a card per step, one under another, each with the actors taking part
    (a bar with the name, under it what the actor does and the flows it sends there)."""
    lanes = service_path_lanes(model, view)
    lines = []
    for n, step in enumerate(lanes.steps, 1):
        rows = [f"<TR>{_step_cell(model, n, step, link, 36)}</TR>"]
        for actor in (a for a in lanes.actors if (a, step) in lanes.doing):
            rows.append(_actor_bar(model.elements[actor], link, width=40))
            rows.append(f"<TR>{_lane_cell(model, lanes, actor, step, link, width=40)}</TR>")
        lines.append(f"  {_q('step-' + step)} [shape=plain, label=<{_table(rows)}>];")
    lines += [f"  {_q('step-' + a)} -> {_q('step-' + b)};" for a, b in pairwise(lanes.steps)]
    return lines


def _step_cell(model: Model, n: int, step: str, link: Link, width: int) -> str:
    element = model.elements[step]
    return _heading_cell(element, link, f"{n}. {_wrap(element.name, width, 6)}", layer_colour(model, element.layer))


def _heading_cell(element: Element, link: Link, text: str, colour: str, align: str = "") -> str:
    """A table's heading cell naming an element (bold, in its layer's colour), linked to its page."""
    where = f' ALIGN="{align}" BALIGN="{align}"' if align else ""
    return f'<TD BGCOLOR="{colour}"{where} HREF="{_h(link(element))}" TITLE="{_h(element.name)}"><B>{_h(text)}</B></TD>'


def _flow_row(flow: Element, link: Link, text: str, width: int) -> str:
    """A flow sent, as a line of its own in flow blue ("→ vastaanottaja: tietovirta"), linked to the flow."""
    return (
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" HREF="{_h(link(flow))}" TITLE="{_h(text)}">'
        f'<FONT COLOR="#1f5fa8">{_h(_wrap(text, width, 6))}</FONT></TD></TR>'
    )


def _actor_bar(element: Element, link: Link, span: int = 1, width: int | None = None) -> str:
    """An actor's name on a bar: across the swimlane table (`span` columns), or wrapped on a phone card."""
    name, lines = (_wrap(element.name, width, 3), ' BALIGN="LEFT"') if width else (element.name, "")
    return (
        f'<TR><TD COLSPAN="{span}" BGCOLOR="#f3f3e4" ALIGN="LEFT"{lines} HREF="{_h(link(element))}" '
        f'TITLE="{_h(element.name)}"><B>{_h(name)}</B></TD></TR>'
    )


def _table(rows: list[str]) -> str:
    return f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="white">{"".join(rows)}</TABLE>'


def _lane_cell(model: Model, lanes: Lanes, actor: str, step: str, link: Link, width: int = 21) -> str:
    """What one actor does in one step, and the flows it sends there; an empty cell when it takes no part."""
    if (actor, step) not in lanes.doing:
        return "<TD> </TD>"
    task = lanes.doing[(actor, step)] or ("" if lanes.sent.get((actor, step)) else ui(model).say("osallistuu"))
    lines = []
    if task:
        lines.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" HREF="{_h(link(model.elements[step]))}" '
            f'TITLE="{_h(model.elements[actor].name + ": " + task)}">{_h(_wrap(task, width, 8))}</TD></TR>'
        )
    for flow in lanes.sent.get((actor, step), []):
        receiver = _target(flow, _flows(model).receiver)
        to = model.elements[receiver].name if receiver is not None and receiver in model.elements else "?"
        lines.append(_flow_row(flow, link, f"→ {to}: {flow.name}", width))
    inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(lines)}</TABLE>'
    return f'<TD VALIGN="TOP">{inner}</TD>'


def _data_flows(model: Model, view: View, link: Link) -> list[str]:
    parts = _flows(model)
    carried = {r.target for r in view.relationships if r.type == parts.carries}
    parties = sorted(i for i in view.elements if model.elements[i].kind != parts.kind and i not in carried)
    lines = [f"  {_node(model, model.elements[i], link, wrap=14)}" for i in parties]
    for flow in _of_kind(model, view, parts.kind):
        sender, receiver = _target(flow, parts.sender), _target(flow, parts.receiver)
        via = _target(flow, parts.via)
        if not (sender and receiver):
            continue
        data = ", ".join(
            model.elements[r.target].name
            for r in flow.relationships
            if r.type == parts.carries and r.target in model.elements
        )
        label = _q(_wrap(flow.name, 18, 4))
        tip = _q(flow.name + (f": {data}" if data else ""))
        attributes = f'URL={_q(link(flow))}, tooltip={tip}, labeltooltip={tip}, color="#1f5fa8", fontcolor="#1f5fa8"'
        if via and via in model.elements:
            lines.append(f"  {_q(sender)} -> {_q(via)} [label={label}, {attributes}];")
            lines.append(f"  {_q(via)} -> {_q(receiver)} [{attributes}];")
        else:
            lines.append(f"  {_q(sender)} -> {_q(receiver)} [label={label}, {attributes}];")
    return lines


def _data_flows_narrow(model: Model, view: View, link: Link) -> list[str]:
    """The data flows for a phone: a card per sender (by name), one under another, listing each flow it
    sends as "→ vastaanottaja: tietovirta" (and the interface it goes through), linked to the flow."""
    parts = _flows(model)
    by_sender: dict[str, list[tuple[Element, Element]]] = {}  # sender -> (flow, receiver)
    for flow in sorted(_of_kind(model, view, parts.kind), key=lambda f: (f.name, f.id)):
        sender, to = _target(flow, parts.sender), _target(flow, parts.receiver)
        if sender and to and sender in model.elements and to in model.elements:
            by_sender.setdefault(sender, []).append((flow, model.elements[to]))
    senders = sorted(by_sender, key=lambda i: (model.elements[i].name, i))
    lines = []
    for sender in senders:
        element = model.elements[sender]
        colour = layer_colour(model, element.layer)
        rows = [f"<TR>{_heading_cell(element, link, _wrap(element.name, 40, 3), colour, 'LEFT')}</TR>"]
        for flow, receiver in by_sender[sender]:
            via = model.elements.get(_target(flow, parts.via) or "")
            rows.append(
                _flow_row(flow, link, f"→ {receiver.name}: {flow.name}" + (f" ({via.name})" if via else ""), 44)
            )
        lines.append(f"  {_q('sender-' + sender)} [shape=plain, label=<{_table(rows)}>];")
    lines += [f"  {_q('sender-' + a)} -> {_q('sender-' + b)} [style=invis];" for a, b in pairwise(senders)]
    return lines


def _roadmap(model: Model, view: View, link: Link) -> list[str]:
    """One table: the phases as columns in time order, the tracks as rows, each task a linked line."""
    timeline = model.metamodel.views.timeline
    assert timeline is not None  # the roadmap view is made only with the metamodel's timeline part
    period, item = timeline.period, timeline.item
    parts: dict[str, list[Element]] = {}
    for rel in view.relationships:
        if rel.type == timeline.part_of:
            parts.setdefault(rel.target, []).append(model.elements[rel.source])
    phases = sorted(
        (p for p in _of_kind(model, view, period) if not any(q.kind == period for q in parts.get(p.id, []))),
        key=lambda p: (str(p.fields.get(timeline.start, "")), p.id),
    )

    def track_of(task: Element) -> str:
        return str(task.fields.get(timeline.track, ""))

    tracks = sorted({track_of(t) for p in phases for t in parts.get(p.id, []) if t.kind == item})
    colour = layer_colour(model, model.metamodel.kinds[period].layer)
    header = "".join(
        f'<TD BGCOLOR="{colour}" HREF="{_h(link(p))}" TITLE="{_h(p.name)}"><B>{_h(_wrap(p.name, 30, 3))}</B></TD>'
        for p in phases
    )
    rows = [f'<TR><TD BGCOLOR="{colour}"><B>{_h(ui(model).say("Raide"))}</B></TD>{header}</TR>']
    for track in tracks:
        cells = []
        for phase in phases:
            items = sorted(
                (t for t in parts.get(phase.id, []) if t.kind == item and track_of(t) == track),
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
    "kinds": _kinds,
    "neighbourhood": _neighbourhood,
    "service-path": _service_path,
    "data-flows": _data_flows,
    "roadmap": _roadmap,
    "service-path-narrow": _service_path_narrow,
    "data-flows-narrow": _data_flows_narrow,
}


def _node(
    model: Model, element: Element, link: Link, bold: bool = False, name: str | None = None, wrap: int = 20
) -> str:
    """A node drawn as its kind is drawn; `name` gives it another DOT id when it appears more than once."""
    kind = ui(model).plain(model.metamodel.kinds[element.kind].label, element.kind)
    return (
        f"{_q(name or element.id)} [label={_q(_wrap(element.name, wrap, 6))}, {_kind_look(model, element.kind)}, "
        f"URL={_q(link(element))}, tooltip={_q(element.name + ' (' + kind.lower() + ')')}"
        + (", penwidth=3" if bold else "")
        + "];"
    )


def _edge(model: Model, source: str, target: str, rtype: str) -> str:
    """An unlabelled edge named by its relationship in the tooltip (a drawing of every element has no room
    for labels)."""
    label = ui(model).plain(model.metamodel.relationships[rtype].label, rtype)
    return f"{_q(source)} -> {_q(target)} [tooltip={_q(label)}];"


def _of_kind(model: Model, view: View, kind: str | None) -> list[Element]:
    """The view's elements of a kind, in the view's (id) order."""
    return [model.elements[i] for i in view.elements if model.elements[i].kind == kind]


def _flows(model: Model) -> FlowParts:
    """The metamodel's flow part: the views that draw flows are made only when it names one."""
    parts = model.metamodel.views.flows
    assert parts is not None
    return parts


def _target(element: Element, rtype: str | None) -> str | None:
    return next((r.target for r in element.relationships if r.type == rtype), None)


def _wrap(text: str, width: int, lines: int) -> str:
    """Lines of at most `width` characters, broken between words (or at a hyphen), never inside a word: a
    word longer than the width gets a line of its own. Past `lines`, the last line ends in "…" (the node's
    tooltip carries the whole name).

    >>> print(_wrap("Henkilöasiakastietovaranto ja sen tiedot", 12, 3))
    Henkilöasiakastietovaranto
    ja sen
    tiedot
    """
    wrapped = textwrap.wrap(" ".join(text.split()), width, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(width, len(wrapped[-1])) - 1].rstrip() + "…"
    return "\n".join(wrapped)


def _q(text: str) -> str:
    """A DOT double-quoted string; a newline becomes a centred line break."""
    return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")) + '"'
