"""Views for the exchange file: the layer, data-flow and service-path diagrams, laid out by Graphviz.

ArchiMate tools draw a view from its nodes' positions and sizes; `dot -Tjson` gives them for the same
DOT the site draws, so the exported diagrams look like the site's. Positions are in points with the
origin top left, as the exchange format wants.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from lxml import etree

from refarch.exchange.format import XSI, Exported, _q, _texts
from refarch.model import Element, Model
from refarch.render.dot import to_dot
from refarch.render.graphviz import render_many
from refarch.views import View, make_view, view_ids

MARGIN = 10


# The site draws a layer grouped by kind and a service path as a swimlane table, neither of which has a
# node per element; an ArchiMate view needs one, so these are laid out element by element, layer by layer.
ELEMENT_LAYOUTS = {"kinds": "layers", "service-path": "layers"}


def exported_views(model: Model) -> list[View]:
    """The views worth having in an ArchiMate tool: each layer, the data flows, each service path."""
    wanted = [v for v in view_ids(model) if v.startswith(("layer-", "service-path-")) or v == "data-flows"]
    views = (make_view(model, v) for v in wanted)
    return [replace(view, layout=ELEMENT_LAYOUTS.get(view.layout, view.layout)) for view in views if view.elements]


def add_views(
    root: etree._Element,
    model: Model,
    element_ids: dict[str, str],
    relationships: list[Exported],
    flows: dict[str, Element],
    claim: Callable[[str], str],
) -> None:
    """Append <views> to the document; `claim` makes each identifier unique in the whole file."""
    views = exported_views(model)
    if not views:
        return
    layouts = render_many([to_dot(model, view) for view in views], "json")
    diagrams = etree.SubElement(etree.SubElement(root, _q("views")), _q("diagrams"))
    for view, layout in zip(views, layouts, strict=True):
        _view(diagrams, view, json.loads(layout), model, element_ids, relationships, flows, claim)


def _view(
    parent: etree._Element,
    view: View,
    layout: dict,
    model: Model,
    element_ids: dict[str, str],
    relationships: list[Exported],
    flows: dict[str, Element],
    claim: Callable[[str], str],
) -> None:
    identifier = claim(f"view-{view.id}")
    node = etree.SubElement(parent, _q("view"), identifier=identifier)
    node.set(f"{{{XSI}}}type", "Diagram")
    _texts(node, "name", {"fi": view.title})
    _texts(node, "documentation", {"fi": view.description})
    height = float(layout["bb"].split(",")[3])
    placed: dict[str, str] = {}
    for obj in sorted(layout.get("objects", []), key=lambda o: o.get("name", "")):
        name = obj.get("name", "")
        if "pos" not in obj or name not in model.elements or name in flows or name not in element_ids:
            continue
        x, y = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
        node_id = claim(f"{identifier}.e.{name}")
        etree.SubElement(
            node,
            _q("node"),
            identifier=node_id,
            elementRef=element_ids[name],
            x=str(round(x - w / 2) + MARGIN),
            y=str(round(height - y - h / 2) + MARGIN),
            w=str(max(1, round(w))),
            h=str(max(1, round(h))),
        ).set(f"{{{XSI}}}type", "Element")
        placed[element_ids[name]] = node_id
    for n, rel in enumerate(r for r in relationships if r.source in placed and r.target in placed):
        connection = etree.SubElement(
            node,
            _q("connection"),
            identifier=claim(f"{identifier}.r{n + 1}"),
            relationshipRef=rel.identifier,
            source=placed[rel.source],
            target=placed[rel.target],
        )
        connection.set(f"{{{XSI}}}type", "Relationship")
