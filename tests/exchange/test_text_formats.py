"""Mermaid, PlantUML, GraphML and DOT exports of views and of the whole model."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from refarch import pipeline
from refarch.exchange.text_formats import to_graphml, to_mermaid, to_plantuml
from refarch.views import make_view

from support import MODEL

HOSTILE = (
    "actors:\n  - id: a\n    name: 'Pahantahtoinen \"nimi\" <script>alert(1)</script> | ]]'\n    uses: s\n"
    "systems:\n  - id: s\n    name: 'S & co'\n"
)


@pytest.fixture(scope="module")
def te24():
    return pipeline.check([MODEL]).model


def test_whole_model_in_every_format_has_every_element(te24) -> None:
    view = make_view(te24, "layers")
    mermaid, plantuml, graphml = to_mermaid(te24, view), to_plantuml(te24, view), to_graphml(te24, view)
    assert mermaid.count(":::") == len(te24.elements)
    assert plantuml.count("\narchimate #") == len(te24.elements)
    G = nx.read_graphml(io.BytesIO(graphml.encode()))
    assert set(G.nodes) == set(te24.elements)
    assert G.number_of_edges() == sum(1 for r in te24.relationships if r.target in te24.elements)
    assert G.nodes["ura"]["kind"] == "system" and G.nodes["ura"]["name"] == "URA"


def test_exports_are_deterministic(te24) -> None:
    view = make_view(te24, "service-path-palvelupolku")
    assert to_mermaid(te24, view) == to_mermaid(te24, make_view(te24, "service-path-palvelupolku"))
    assert to_graphml(te24, view) == to_graphml(te24, make_view(te24, "service-path-palvelupolku"))


def test_hostile_names_cannot_break_out_of_their_labels(write_model) -> None:
    model = pipeline.check([write_model({"m/a.yaml": HOSTILE}) / "m"]).model
    view = make_view(model, "layers")
    mermaid = to_mermaid(model, view)
    assert '"Pahantahtoinen #quot;nimi#quot; #lt;script#gt;alert(1)#lt;/script#gt; | ]]"' in mermaid
    assert "<script>" not in mermaid and "S #amp; co" in mermaid
    plantuml = to_plantuml(model, view)
    assert "\"Pahantahtoinen 'nimi' <script>alert(1)</script> | ]]\" as n1" in plantuml
    G = nx.read_graphml(io.BytesIO(to_graphml(model, view).encode()))
    assert G.nodes["a"]["name"] == 'Pahantahtoinen "nimi" <script>alert(1)</script> | ]]'


@pytest.mark.parametrize(
    "fmt, marker", [("mermaid", "flowchart LR"), ("plantuml", "@startuml"), ("dot", "digraph"), ("graphml", "<graphml")]
)
def test_cli_exports_a_view(run, fmt: str, marker: str) -> None:
    code, out, _ = run("export", fmt, str(MODEL), "--view", "element-ura")
    assert code == 0 and marker in out and "URA" in out


def test_cli_unknown_view_is_a_clear_error(run) -> None:
    code, _, err = run("export", "mermaid", str(MODEL), "--view", "element-uraa")
    assert code == 2 and 'no view "element-uraa"' in err and "element-ura" in err


def test_json_export_of_one_view(run, te24) -> None:
    import json

    code, out, _ = run("export", "json", str(MODEL), "--view", "element-ura")
    document = json.loads(out)
    view = make_view(te24, "element-ura")
    assert code == 0 and sorted(e["id"] for e in document["elements"]) == sorted(view.elements)
    assert len(document["relationships"]) == len(view.relationships)
