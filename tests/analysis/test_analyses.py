"""The graph analyses: known answers on the hand-made example model, and real answers on the TE24 model."""

from __future__ import annotations

from pathlib import Path

import pytest

from refarch import pipeline
from refarch.analysis import (
    connections,
    cycles,
    hubs,
    impact,
    layer_matrix,
    lineage,
    orphans,
    sentence,
    statistics,
    weak_points,
)
from refarch.examples import example_model
from refarch.graph import to_graph

from support import ROOT, working_directory


@pytest.fixture
def G():
    return to_graph(example_model())


@pytest.fixture(scope="module")
def te24():
    with working_directory(ROOT):
        result = pipeline.check([Path("architecture")])
    return result.model, to_graph(result.model)


def test_graph_has_a_node_per_element_and_an_edge_per_relationship(G) -> None:
    model = example_model()
    assert set(G.nodes) == set(model.elements)
    assert G.number_of_edges() == len(model.relationships)
    assert {key for _, _, key in G.edges(keys=True)} == {r.type for r in model.relationships}


def test_impact_follows_dependencies_with_paths_and_depth(G) -> None:
    reached = {r.element: r for r in impact(G, "tilit")}
    # the actor that uses Tilit, the steps and flow that involve that actor, the whole Tilit is part of
    assert {"kunta", "sovellusalusta", "ilmoittautuminen", "maksu", "laskutus"} <= set(reached)
    assert reached["kunta"].distance == 1 and reached["maksu"].distance == 2
    assert "kirjasto" not in reached  # Kirjasto depends on nothing of Tilit's
    assert [r.element for r in impact(G, "tilit", depth=1)] == ["kunta", "sovellusalusta"]


def test_impact_reverse_lists_what_an_element_depends_on(G) -> None:
    depends_on = {r.element for r in impact(G, "ilmoittautuminen", reverse=True)}
    assert {"kunta", "tilit"} <= depends_on
    assert "maksu" not in depends_on  # the later step depends on the earlier one, not the other way


def test_connections_shortest_first_and_read_as_sentences(G) -> None:
    paths = connections(G, "kirjasto", "tilit", cutoff=3)
    assert len(paths[0]) == 3 and all(len(p) <= 3 for p in paths)
    sentences = [sentence(G, "kirjasto", p) for p in paths]
    assert sorted(sentences) == [
        "Kirjasto is involved in Maksu, which involves Kunta, which uses Tilit.",
        "Kirjasto receives Laskutus, which carries Laskut, which is stored in Tilit.",
        "Kirjasto receives Laskutus, which is sent by Kunta, which uses Tilit.",
    ]
    assert connections(G, "kirjasto", "tilit", cutoff=2) == []


def test_lineage_of_a_data_group(G) -> None:
    found = lineage(G, "laskut")
    assert found.stores == ("tilit", "varanto") and found.owners == ("kunta",)
    (flow,) = found.flows
    assert (flow.senders, flow.receivers, flow.interfaces, flow.steps) == (
        ("kunta",),
        ("kirjasto",),
        ("rajapinta",),
        ("maksu",),
    )
    assert found.steps == ("maksu",)


def test_orphans_cycles_hubs_weak_points_and_stats(G) -> None:
    assert list(orphans(G)) == [] and cycles(G) == []
    assert {h["element"] for h in hubs(G, top=3)} == {"kunta", "maksu", "laskutus"}
    assert weak_points(G)["bridges"] == [["varanto", "laskut"]]
    stats = statistics(G)
    assert stats["elements"] == 12 and stats["relationships"] == G.number_of_edges()
    assert sum(sum(row.values()) for row in layer_matrix(G).values()) == G.number_of_edges()


def test_te24_replacing_ura_reaches_the_steps_of_the_municipal_services(te24) -> None:
    model, G = te24
    reached = {r.element for r in impact(G, "ura")}
    steps_of_municipality = {
        r.source
        for r in model.relationships
        if r.type == "involves" and r.target == "kunnan-tyollisyyspalvelut" and model.elements[r.source].kind == "step"
    }
    assert len(steps_of_municipality) == 5 and steps_of_municipality <= reached
    assert "lausunnot-maksajalle" in reached  # the flow the municipal services send


def test_te24_lineage_of_statements(te24) -> None:
    _, G = te24
    found = lineage(G, "tyovoimapoliittiset-lausunnot")
    assert [f.flow for f in found.flows] == ["lausunnot-maksajalle"]
    assert found.flows[0].interfaces == ("maksajan-rajapinta",)
    assert found.steps == ("etuuden-hakeminen",)


def test_te24_customer_data_lineage_includes_its_parts(te24) -> None:
    _, G = te24
    found = lineage(G, "asiakastiedot")
    assert "yhteystiedot" in found.parts
    assert "yhteystiedot-palveluntuottajalle" in {f.flow for f in found.flows}
    assert "henkiloasiakastietovaranto" in found.stores


def test_te24_structure(te24) -> None:
    model, G = te24
    assert list(orphans(G)) == [] and cycles(G) == []
    assert hubs(G, top=1)[0]["element"] == "kunnan-tyollisyyspalvelut"
    assert statistics(G)["elements"] == len(model.elements)
