"""Views for the exchange file: each layer, the data flows and each service path, as diagrams an ArchiMate
tool opens and a reader can use.

A layer and the data flows are laid out by Graphviz from a graph of their own: one node per element, sized
for its whole name, and one edge per relationship drawn, so that every connection gets the bendpoints
Graphviz routed it along (`splines=polyline`: straight segments, as ArchiMate tools draw them) and two
relationships between the same elements are two lines, not one over the other. A service path is laid
out as the site draws it (`swimlanes`): its steps left to right, a lane per actor, the flows of each step
in its column. Positions are in points with the origin top left, absolute (as the exchange format wants,
nested nodes too).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from refarch.exchange.format import XSI, Exported, _q, _texts
from refarch.model import Element, Model
from refarch.render.graphviz import render_many
from refarch.views import View, make_view, view_ids

MARGIN = 10
POINTS = 72  # Graphviz gives inches
NODE_WIDTH, NODE_HEIGHT = 120, 55  # an ArchiMate tool's usual box, the least one given
WRAP = 22  # characters a line of a box's name
CHARACTER, LINE = 5.5, 14  # the most a character of 9-point text takes, a line's height (points)
ICON, PAD = 30, 20  # the room for the type icon beside the text, and above and below it
PARALLEL = 14  # between two connections that Graphviz drew along one path


@dataclass
class Box:
    """A node of a view: an element's box, or a labelled container (a lane) holding boxes."""

    key: str  # unique in the view
    x: float
    y: float
    w: float
    h: float
    element: str | None = None  # the element's id; None for a container
    label: str = ""
    children: list[Box] = field(default_factory=list)


@dataclass
class Line:
    """A connection: a relationship drawn between two boxes, through its bendpoints."""

    relationship: Exported
    source: str  # box keys
    target: str
    bendpoints: list[tuple[float, float]] = field(default_factory=list)


def exported_views(model: Model) -> list[View]:
    """The views worth having in an ArchiMate tool: each layer, the data flows, each service path."""
    wanted = [v for v in view_ids(model) if v.startswith(("layer-", "service-path-")) or v == "data-flows"]
    return [view for view in (make_view(model, v) for v in wanted) if view.elements]


def add_views(
    root: etree._Element,
    model: Model,
    element_ids: dict[str, str],
    relationships: list[Exported],
    flows: dict[str, Element],
    claim: Callable[[str], str],
    prefix: str,
) -> None:
    """Append <views> to the document; `claim` makes each identifier unique in the whole file, and `prefix`
    (the model's) tells this model's views from another's when two files are merged."""
    from refarch.exchange.swimlanes import swimlanes

    views = exported_views(model)
    if not views:
        return
    graphs = [v for v in views if v.layout != "service-path"]
    drawn = [_drawn(model, v, element_ids, relationships, flows) for v in graphs]
    dots = [_graph_dot(model, v, members, rels, element_ids) for v, (members, rels) in zip(graphs, drawn, strict=True)]
    outputs = render_many(dots, "json")
    elements_of = {identifier: element for element, identifier in element_ids.items()}
    layouts = {
        v.id: _graph_layout(json.loads(out), rels, elements_of)
        for v, (_, rels), out in zip(graphs, drawn, outputs, strict=True)
    }
    diagrams = etree.SubElement(etree.SubElement(root, _q("views")), _q("diagrams"))
    for view in views:
        if view.layout == "service-path":
            boxes, lines = swimlanes(model, view, element_ids, relationships)
        else:
            boxes, lines = layouts[view.id]
        _write_view(diagrams, view, boxes, lines, element_ids, claim, prefix, model.metamodel.languages[0])


def view_relationships(
    members: list[str], relationships: list[Exported], element_ids: dict[str, str]
) -> list[Exported]:
    """The relationships a view of these elements draws: those between two of them."""
    placed = {element_ids[e] for e in members}
    return [r for r in relationships if r.source in placed and r.target in placed]


def name_lines(text: str) -> list[str]:
    """A name as the lines a box shows it in, broken between words (a long word has a line of its own)."""
    return textwrap.wrap(" ".join(text.split()), WRAP, break_long_words=False) or [""]


def box_size(name: str) -> tuple[float, float]:
    """A box that holds the whole name in an ArchiMate tool's 9-point text, beside the type icon.

    >>> box_size("Kirjasto"), box_size("Kirjastojen yhteisen hakupalvelun asiakkaan polku ja sen vaiheet")
    ((120, 55), (151.0, 62))
    """
    lines = name_lines(name)
    return max(NODE_WIDTH, CHARACTER * max(len(line) for line in lines) + ICON), max(
        NODE_HEIGHT, LINE * len(lines) + PAD
    )


# -- a layer, the data flows: laid out by Graphviz ---------------------------------------------------------


def _drawn(
    model: Model, view: View, element_ids: dict[str, str], relationships: list[Exported], flows: dict[str, Element]
) -> tuple[list[str], list[Exported]]:
    """The elements a view draws and the relationships between them. The data flows draw only elements that
    send, receive or pass on a flow: what a flow carries is related to the flow, which is a line there."""
    members = [e for e in view.elements if e in model.elements and e not in flows and e in element_ids]
    rels = view_relationships(members, relationships, element_ids)
    if view.layout == "data-flows":
        ends = {end for rel in rels for end in (rel.source, rel.target)}
        members = [e for e in members if element_ids[e] in ends]
    return members, rels


def _graph_dot(model: Model, view: View, members: list[str], rels: list[Exported], element_ids: dict[str, str]) -> str:
    """The view as a graph for Graphviz: a node per element (its whole name), an edge per relationship."""
    index = {element_ids[e]: n for n, e in enumerate(members)}
    direction = "LR" if view.layout == "data-flows" else "TB"
    lines = [
        f'digraph "{view.id}" {{',
        f"  graph [rankdir={direction}, splines=polyline, nodesep=0.5, ranksep=0.9, pad=0];",
        '  node [shape=box, fontname="Helvetica", fontsize=9];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n, element in enumerate(members):
        name = model.elements[element].name
        w, h = box_size(name)
        size = f"width={w / POINTS:.3f}, height={h / POINTS:.3f}, fixedsize=true"
        lines.append(f'  n{n} [id="{element}", label={_dot_text(name_lines(name))}, {size}];')
    for n, rel in enumerate(rels):
        label = next(iter(rel.names.values()), "")
        text = f", label={_dot_text(name_lines(label))}" if label else ""
        lines.append(f'  n{index[rel.source]} -> n{index[rel.target]} [id="{n}"{text}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(lines: list[str]) -> str:
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def _graph_layout(layout: dict, rels: list[Exported], elements_of: dict[str, str]) -> tuple[list[Box], list[Line]]:
    """Boxes from Graphviz's node positions, and a line for each edge through the corners of its polyline
    (not its two ends: an ArchiMate tool joins a connection to its boxes itself)."""
    height = float(layout["bb"].split(",")[3])
    boxes = []
    for obj in layout.get("objects", []):
        if "pos" not in obj:
            continue
        x, y = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * POINTS, float(obj["height"]) * POINTS
        boxes.append(Box(obj["id"], x - w / 2 + MARGIN, height - y - h / 2 + MARGIN, w, h, obj["id"]))
    lines = []
    for edge in sorted(layout.get("edges", []), key=lambda e: int(e["id"])):
        rel = rels[int(edge["id"])]
        points = [p for p in edge.get("pos", "").split() if not p.startswith(("e,", "s,"))]
        corners = [[float(v) for v in p.split(",")] for p in points[3:-1:3]]
        bends = [(x + MARGIN, height - y + MARGIN) for x, y in corners]
        lines.append(Line(rel, elements_of[rel.source], elements_of[rel.target], bends))
    return boxes, _apart(boxes, lines)


def _apart(boxes: list[Box], lines: list[Line]) -> list[Line]:
    """Lines between the same two boxes along the same bendpoints (Graphviz may draw parallel edges as
    curves off one straight path) moved apart: each after the first shifted to one side or the other, a
    straight one bent through a point beside its middle."""
    centre = {b.key: (b.x + b.w / 2, b.y + b.h / 2) for b in boxes}
    seen: dict[tuple, int] = {}
    for line in lines:
        path = (frozenset((line.source, line.target)), tuple(line.bendpoints))
        n = seen[path] = seen.get(path, -1) + 1
        if n == 0:
            continue
        (x1, y1), (x2, y2) = centre[line.source], centre[line.target]
        length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
        side = PARALLEL * ((n + 1) // 2) * (1 if n % 2 else -1)
        dx, dy = -(y2 - y1) / length * side, (x2 - x1) / length * side
        points = line.bendpoints or [((x1 + x2) / 2, (y1 + y2) / 2)]
        line.bendpoints = [(x + dx, y + dy) for x, y in points]
    return lines


# -- writing -------------------------------------------------------------------------------------------------


def _write_view(
    parent: etree._Element,
    view: View,
    boxes: list[Box],
    lines: list[Line],
    element_ids: dict[str, str],
    claim: Callable[[str], str],
    prefix: str,
    lang: str,
) -> None:
    identifier = claim(f"view-{prefix}.{view.id}")
    node = etree.SubElement(parent, _q("view"), identifier=identifier)
    node.set(f"{{{XSI}}}type", "Diagram")
    _texts(node, "name", {lang: view.title})
    _texts(node, "documentation", {lang: view.description})
    written: dict[str, str] = {}
    for box in sorted(boxes, key=lambda b: b.key):
        _write_box(node, box, identifier, element_ids, claim, written, lang)
    for n, line in enumerate(lines):
        connection = etree.SubElement(
            node,
            _q("connection"),
            identifier=claim(f"{identifier}.r{n + 1}"),
            relationshipRef=line.relationship.identifier,
            source=written[line.source],
            target=written[line.target],
        )
        connection.set(f"{{{XSI}}}type", "Relationship")
        for x, y in line.bendpoints:
            etree.SubElement(connection, _q("bendpoint"), x=str(round(x)), y=str(round(y)))


def _write_box(
    parent: etree._Element,
    box: Box,
    view: str,
    element_ids: dict[str, str],
    claim: Callable[[str], str],
    written: dict[str, str],
    lang: str,
) -> None:
    identifier = claim(f"{view}.{'e' if box.element else 'lane'}.{box.key}")
    bounds = {
        "x": str(round(box.x)),
        "y": str(round(box.y)),
        "w": str(max(1, round(box.w))),
        "h": str(max(1, round(box.h))),
    }
    if box.element:
        node = etree.SubElement(parent, _q("node"), identifier=identifier, elementRef=element_ids[box.element])
        node.set(f"{{{XSI}}}type", "Element")
    else:
        node = etree.SubElement(parent, _q("node"), identifier=identifier)
        node.set(f"{{{XSI}}}type", "Container")
        _texts(node, "label", {lang: box.label})
    for name, value in bounds.items():
        node.set(name, value)
    written[box.key] = identifier
    for child in sorted(box.children, key=lambda b: b.key):
        _write_box(node, child, view, element_ids, claim, written, lang)
