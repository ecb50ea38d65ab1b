"""A view (or the whole model, the view `layers`) as Mermaid, PlantUML or GraphML text.

Mermaid renders in GitHub and GitLab Markdown (pull-request comments, READMEs); PlantUML draws ArchiMate
notation; GraphML opens in yEd, Gephi and graph libraries. Labels are the Finnish names, relationships
carry their Finnish labels, and the same view gives the same text.
"""

from __future__ import annotations

import networkx as nx

from refarch.escape import one_line, xml_text
from refarch.model import Model
from refarch.strings import ui
from refarch.views import TOP_DOWN_LAYOUTS, View

PLANTUML_LAYERS = {
    "principles": "Motivation",
    "business": "Business",
    "information": "Business",
    "systems": "Application",
    "roadmap": "Implementation",
}


def _node_ids(view: View) -> dict[str, str]:
    """Short, safe node ids in the view's (sorted) order: Mermaid and PlantUML choke on some slugs."""
    return {element_id: f"n{n}" for n, element_id in enumerate(view.elements, start=1)}


def _edges(model: Model, view: View) -> list[tuple[str, str, str]]:
    mm = model.metamodel
    return [
        (r.source, r.target, ui(model).plain(mm.relationships[r.type].label, r.type))
        for r in view.relationships
        if r.source in view.elements and r.target in view.elements
    ]


def to_mermaid(model: Model, view: View) -> str:
    """A Mermaid flowchart; layers are classes coloured as on the site.

    >>> from refarch.examples import example_model
    >>> from refarch.views import make_view
    >>> print(to_mermaid(example_model(), make_view(example_model(), "element-tilit")).splitlines()[1])
    n1["Kunta"]:::business
    """
    names = _node_ids(view)
    lines = [f"flowchart {'TB' if view.layout in TOP_DOWN_LAYOUTS else 'LR'}"]
    lines += [
        f'{names[i]}["{mermaid_text(model.elements[i].name)}"]:::{model.elements[i].layer}' for i in view.elements
    ]
    lines += [f'{names[a]} -->|"{mermaid_text(label)}"| {names[b]}' for a, b, label in _edges(model, view)]
    lines += [
        f"classDef {layer} fill:{spec.colour},stroke:#555555"
        for layer, spec in model.metamodel.layers.items()
        if any(model.elements[i].layer == layer for i in view.elements)
    ]
    return "\n".join(lines) + "\n"


def mermaid_text(text: str) -> str:
    """Mermaid reads entity codes inside quoted labels; quotes and angle brackets must be written so."""
    return one_line(text).replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_plantuml(model: Model, view: View) -> str:
    """PlantUML with its ArchiMate elements, coloured by ArchiMate layer.

    >>> from refarch.examples import example_model
    >>> from refarch.views import make_view
    >>> print(to_plantuml(example_model(), make_view(example_model(), "element-tilit")).splitlines()[2])
    archimate #Business "Kunta" as n1
    """
    names = _node_ids(view)
    lines = ["@startuml", f"title {_plantuml_text(view.title)}"]
    lines += [
        f"archimate #{PLANTUML_LAYERS.get(model.elements[i].layer, 'Business')} "
        f'"{_plantuml_text(model.elements[i].name)}" as {names[i]}'
        for i in view.elements
    ]
    lines += [f"{names[a]} --> {names[b]} : {_plantuml_text(label)}" for a, b, label in _edges(model, view)]
    lines.append("@enduml")
    return "\n".join(lines) + "\n"


def _plantuml_text(text: str) -> str:
    """One line (no CR or LF could start a directive of its own), no double quote to end the string."""
    return one_line(text).replace('"', "'")


def to_graphml(model: Model, view: View) -> str:
    """GraphML with each node's name, kind and layer and each edge's relationship type."""
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for element_id in view.elements:
        element = model.elements[element_id]
        G.add_node(xml_text(element_id), name=xml_text(element.name), kind=xml_text(element.kind),
                   layer=xml_text(element.layer))  # fmt: skip
    shown = set(view.elements)
    for rel in view.relationships:
        if rel.source in shown and rel.target in shown:
            G.add_edge(xml_text(rel.source), xml_text(rel.target), type=xml_text(rel.type))
    return "\n".join(nx.generate_graphml(G, encoding="utf-8", prettyprint=True)) + "\n"
