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
from refarch.analysis.impact import Hop
from refarch.examples import example_model
from refarch.graph import to_graph
from refarch.metamodel import Impact, load_metamodel

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
    # the actor that uses Tilit is affected, the data it stores too, and the whole it is part of
    assert {e: r.effect for e, r in reached.items()} == {
        "kunta": "affects",
        "laskut": "affects",
        "sovellusalusta": "affects",
    }
    assert reached["kunta"].path == (Hop("kunta", "uses", "tilit"),)
    assert [r.element for r in impact(G, "tilit", depth=1)] == ["kunta", "laskut", "sovellusalusta"]
    assert impact(G, "rajapinta", depth=1)[0].element == "laskutus"


def test_impact_stops_at_what_is_only_affected_except_for_the_wholes_it_is_part_of(G) -> None:
    # Kunta uses Tilit, but a change to Tilit does not reach, through Kunta, every step Kunta takes part in
    assert not {"ilmoittautuminen", "maksu", "laskutus", "polku"} & {r.element for r in impact(G, "tilit")}
    # a flow through a changed interface is affected, and so are the step it is sent in and that step's process;
    # not the flow's sender and receiver (their part in it is a flow, affected already)
    reached = {r.element: r for r in impact(G, "rajapinta")}
    assert set(reached) == {"laskutus", "maksu", "polku", "sovellusalusta"}
    assert [h.type for h in reached["polku"].path] == ["via", "part-of", "part-of"]
    # the actor itself changed: the steps it takes part in, the flows it sends, and their process
    assert {r.element for r in impact(G, "kunta")} == {"ilmoittautuminen", "maksu", "laskutus", "polku"}


def test_impact_semantics_come_from_the_metamodel() -> None:
    metamodel = load_metamodel()
    uses, part_of, concerns = (metamodel.relationships[t].impact for t in ("uses", "part-of", "concerns"))
    assert (uses.backward, uses.forward) == ("affects", None)
    assert (part_of.backward, part_of.forward) == (None, "encloses")
    assert (concerns.backward, concerns.forward) == ("mentions", None)
    assert metamodel.relationships["associated-with"].impact == Impact(None, None)


@pytest.mark.parametrize("start", ["tilit", "kunta", "rajapinta", "laki", "laskut", "polku"])
def test_impact_reverse_is_the_mirror_of_impact(G, start) -> None:
    """B is reached from A exactly when A is reached from B in reverse, and as strongly."""
    for r in impact(G, start):
        back = {b.element: b.effect for b in impact(G, r.element, reverse=True)}
        assert back.get(start) == r.effect, (start, r.element)
    for b in impact(G, start, reverse=True):
        assert start in {r.element for r in impact(G, b.element)}


def test_impact_reverse_lists_what_an_element_depends_on(G) -> None:
    assert [r.element for r in impact(G, "ilmoittautuminen", reverse=True)] == ["kunta"]
    depends_on = {r.element for r in impact(G, "maksu", reverse=True)}
    # the step before it, its actors, the flow sent in it, and what that flow goes through and carries
    assert depends_on == {"ilmoittautuminen", "kunta", "kirjasto", "laskutus", "rajapinta", "laskut"}


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


# What a change to three TE24 elements reaches, as a domain reader would list it (docs/analysis.md).
TE24_REACHED = {
    # URA: the municipal employment services that use it, KEHA-keskus that provides it (and so the project
    # group KEHA is part of), the three roadmap tasks about it; not, through the municipal services, every
    # step, service, flow, goal and figure of theirs (147 elements before the semantics were declared)
    "ura": {
        "kunnan-tyollisyyspalvelut": "affects",
        "keha-keskus": "affects",
        "te24-projektiryhma": "affects",
        "ura-tea-siirtyma-ja-kayttoonottoprojekti": "mentions",
        "ura-tea-siirtyman-ja-kayttoonoton-toteutus": "mentions",
        "ura-vapa-tuotetuki-pienyllapito-ja-muutokset": "mentions",
    },
    # the personal customer data store: the data groups it keeps, the systems and system services that
    # use or access it (and the suites they are part of), its users and provider, the tasks about it
    "henkiloasiakastietovaranto": {
        "asiakastiedot": "affects",
        "muutosturvatiedot": "affects",
        "tyollistymissuunnitelma-tieto": "affects",
        "tyonhakija-asiakkuustieto": "affects",
        "tyonhakutiedot": "affects",
        "yhteystiedot": "affects",
        "asiantuntijan-tyomarkkinatori": "affects",
        "asiantuntija-henkilohaku": "affects",
        "asiantuntija-palvelusuunnitelma": "affects",
        "tyonhakija-kohtaanto": "affects",
        "tyomarkkinatori": "affects",
        "tyonhakijan-tyomarkkinatori": "affects",
        "te-digi": "affects",
        "kunnan-tyollisyyspalvelut": "affects",
        "keha-keskus": "affects",
        "te24-projektiryhma": "affects",
        "keskitetyn-kayttajatuen-varmistaminen-eri-toimittajien-integ": "mentions",
        "raportointi-valtion-tietovarantoihin": "mentions",
        "tietovarantojen-kokonaiskuva-arkkitehtuuri-kuntakontekstissa": "mentions",
    },
    # the payer's interface: the three flows through it, the steps that use it with their processes and
    # the service the path realises, the Kela-and-funds group and the payer role that use it, KEHA that
    # provides it; TE-Digi, which it is part of, is affected, but not what uses TE-Digi as a whole nor the
    # thirty roadmap tasks about TE-Digi: they mention TE-Digi, not this interface
    "maksajan-rajapinta": {
        "etuuden-maksun-paattyminen": "affects",
        "lausunnot-maksajalle": "affects",
        "lausuntopyynnot-maksajalta": "affects",
        "etuuden-hakeminen": "affects",
        "tyollistyminen": "affects",
        "palvelupolku": "affects",
        "taydentavat-tyonhakukeskustelut-vaihe": "affects",
        "tyonhakija-asiakkuus": "affects",
        "kela-ja-tyottomyyskassat": "affects",
        "maksaja": "affects",
        "keha-keskus": "affects",
        "te24-projektiryhma": "affects",
        "te-digi": "affects",
        "ekosysteemin-kuvaus-rajapinnat": "mentions",
    },
}


@pytest.mark.parametrize("start", sorted(TE24_REACHED))
def test_te24_impact_reaches_what_a_domain_reader_expects(te24, start) -> None:
    _, G = te24
    reached = impact(G, start)
    assert {r.element: r.effect for r in reached} == TE24_REACHED[start]
    for r in reached:  # each says why, as a sentence from the start to it
        assert sentence(G, start, r.path, "fi").startswith(G.nodes[start]["name"]) and r.path[-1] in {
            Hop(r.element, t, o) for _, o, t in G.out_edges(r.element, keys=True)
        } | {Hop(o, t, r.element) for o, _, t in G.in_edges(r.element, keys=True)}


def test_te24_a_hub_actor_reaches_only_what_it_does_itself(te24) -> None:
    model, G = te24
    reached = impact(G, "kunnan-tyollisyyspalvelut")
    neighbours = {r.source for r in model.relationships if r.target == "kunnan-tyollisyyspalvelut"} | {
        r.target for r in model.relationships if r.source == "kunnan-tyollisyyspalvelut"
    }
    beyond = {r.element for r in reached if r.element not in neighbours}
    # beyond its own neighbours, only the processes its steps are part of
    assert beyond and all(G.nodes[e]["kind"] == "process" for e in beyond)


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
