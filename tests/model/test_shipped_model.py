"""The shipped TE24 model: valid, complete against the source's key names, and honest about its warnings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from refarch import pipeline

from support import MODEL, ROOT, SHARED

MODEL_FILES = sorted(p for p in MODEL.rglob("*.yaml") if p.name != "refarch.yaml")


@pytest.fixture(scope="module")
def result():
    from support import working_directory

    with working_directory(ROOT):
        return pipeline.check([Path("architecture")])


def test_model_has_no_errors_warnings_or_info(result) -> None:
    assert [f"{p.location}: {p.code} {p.message}" for p in result.problems] == []
    assert len(result.model.elements) > 300


def test_validate_command_exits_0_and_prints_the_summary(run) -> None:
    rc, out, _ = run("validate", cwd=ROOT)
    assert rc == 0
    assert "Model:" in out and "Findings: 0 errors, 0 warnings, 0 info" in out
    for layer in ("principles", "business", "information", "systems", "roadmap"):
        assert f"  {layer}" in out


# The source's key names; each must be the Finnish name of some element (or part of one).
KEY_NAMES = [
    # actors and roles
    "Kunnan työllisyyspalvelut",
    "Uusyrityskeskus",
    "Hyvinvointialue",
    "Koulutuskuntayhtymä",
    "Palveluntuottaja",
    "KELA / työttömyyskassat",
    "Yritykset (työnantaja)",
    "Ammattikorkeakoulu",
    "Työ- ja elinkeinoministeriö (TEM)",
    "KEHA-keskus",
    "Digi- ja väestötietovirasto (DVV)",
    "ELY-keskukset",
    "TE-toimistot",
    "Kuntakokeilukunnat",
    "Kokemäen kaupunki",
    "Kuntaliitto",
    "Futurice Oy",
    "Gofore",
    "Seurakunta",
    "Elinkeinoyhtiö",
    "Omavalmentaja",
    "Työnhakija (Riina)",
    "Turku",
    "Espoo",
    "Kotka",
    "Tampere",
    "Kuopio",
    "Lahti",
    "Helsinki",
    "LapIT",
    "Vastuukunta",
    "Työvoimaviranomainen",
    # services
    "Muutosturva",
    "3 kuukauden intensiivijakso",
    "Täydentävät työnhakukeskustelut",
    "Palkkatuki",
    "Starttiraha",
    "Työvoimakoulutus",
    "Valmennukset",
    "Opinnollistaminen",
    "Alkuhaastattelu",
    "Keskusteluapu",
    "Työterveyspalvelut",
    "Piilotyöpaikkojen tunnistamisen koulutus",
    "Työttömyysetuus",
    "Kuntouttava työtoiminta",
    "Yrityspalvelut",
    # steps
    "Työnhakijaksi ilmoittautuminen",
    "3 kuukauden intensiivijakso ja työllistymissuunnitelman toteuttaminen",
    "Täydentävät työnhakukeskustelut ja työllistymissuunnitelman toteuttaminen 1/2",
    "Täydentävät työnhakukeskustelut ja työllistymissuunnitelman toteuttaminen 2/2",
    "Työllistyminen / muu ratkaisu",
    # information
    "Henkilöasiakastietovaranto",
    "Organisaatiotietovaranto",
    "Työllisyyspalveluvaranto",
    "Suomi.fi-palvelutietovaranto",
    "Työvoimapoliittiset lausunnot",
    "Lausuntopyynnöt",
    "Kertymätiedot",
    "Osallistumistiedot",
    "Nimi ja yhteystiedot",
    "Tieto työsuhteen alkamisesta",
    "Maksajan rajapinta",
    "Ennakoivaa tietoa rakennemuutoksista",
    "Rakenteellinen raportointi",
    # systems
    "Työnhakijan Työmarkkinatori",
    "Asiantuntijan Työmarkkinatori",
    "Verkkopalvelu",
    "Käyttäjähallinta",
    "Hakupalvelu",
    "Asiointi",
    "Kohtaanto",
    "Ekosysteemipalvelut",
    "Palvelusuunnitelma",
    "Työtehtävät",
    "Yhteydenotot",
    "Tapahtumavirta",
    "Henkilöhaku",
    "Yrityshaku",
    "Viranomaisen hallinta",
    "Palveluhallinta",
    "URA",
    "TEA",
    "VAPA",
    "YA-järjestelmä",
    "Ajanvaraus- ja videoneuvottelujärjestelmä",
    "Suomi.fi-palveluväylä",
    "Raportointiratkaisu",
    "TE-Digi-järjestelmäkokonaisuus",
    # principles, funding, pilot
    "Koulutus – työllisyys – elinvoima",
    "Vaikuttavuus",
    "Paikallisia palveluita ei voida viedä pois alueilta",
    "Siirtyvät kulut yhteensä",
    "Siirtyvä henkilöstö ja sivukulut (TE+ELY)",
    "Hankittu työvoimakoulutus",
    "Ikäryhmäkriteerit yhteensä",
    "Muut kriteerit yhteensä",
    "Vieraskielisyys",
    "Saaristo-osakunta",
    "Koulutustausta",
    "Asukastiheys",
    "Kompensaatio korotetaan kansaneläkeindeksillä",
    "Aktivointiaste",
    "Piilotyöpaikkojen määrä on yllättänyt",
    # roadmap
    "URA-TEA siirtymä- ja käyttöönottoprojekti",
    "Raportointiratkaisun käyttöönotto",
    "ICT-hankintojen kilpailutukset",
    "TE2024 Viitearkkitehtuurityö",
    "Kuntakokeilu Kokemäellä",
    "Lain suunniteltu valmistuminen H1 2023",
]


def test_key_names_of_the_source_are_in_the_model(result) -> None:
    assert len(KEY_NAMES) >= 80
    names = [e.names.get("fi", "") for e in result.model.elements.values()]
    missing = [key for key in KEY_NAMES if not any(key == n or key in n for n in names)]
    assert missing == []


def test_key_names_really_come_from_the_source() -> None:
    """Guards the list above: each name (without the model's own additions) appears in the source text."""
    source = SHARED / "seed" / "000_86c07849e9311544.txt"
    if not source.exists():
        pytest.skip("the source document is not beside the project")
    raw = source.read_text(encoding="utf-8").replace("–", "-")
    # Slide text breaks words at line ends, with or without keeping the hyphen: accept either reading.
    texts = [re.sub(r"\s+", " ", raw.replace("-\n", joiner)).lower() for joiner in ("", "-")]
    # The model's own wording: inflected differently in the source, or a name the source implies.
    added = {
        "Digi- ja väestötietovirasto (DVV)",
        "Kompensaatio korotetaan kansaneläkeindeksillä",
        "Kuntouttava työtoiminta",
        "Osallistumistiedot",
        "Piilotyöpaikkojen tunnistamisen koulutus",
        "Suomi.fi-palvelutietovaranto",
        "TE-Digi-järjestelmäkokonaisuus",
        "Työ- ja elinkeinoministeriö (TEM)",
        "Työnhakija (Riina)",
        "Työvoimapoliittiset lausunnot",
        "Työvoimaviranomainen",
        "Yrityspalvelut",
    }
    not_found = [
        k for k in KEY_NAMES if k not in added and not any(k.replace("–", "-").lower() in text for text in texts)
    ]
    assert not_found == []


def test_every_step_has_actors_flows_and_information_needs(result) -> None:
    model = result.model
    steps = sorted((e for e in model.elements.values() if e.kind == "step"), key=lambda e: e.fields["order"])
    assert [s.fields["order"] for s in steps] == [1, 2, 3, 4, 5]
    for step in steps:
        actors = [r for r in step.relationships if r.type == "involves"]
        assert actors and all(model.elements[r.target].kind in ("actor", "role") for r in actors), step.id
        parts = [r.source for r in model.relationships if r.type == "part-of" and r.target == step.id]
        kinds = {model.elements[p].kind for p in parts}
        assert {"flow", "information-need"} <= kinds, step.id
        assert step.fields.get("narrative"), step.id


def test_every_flow_goes_from_one_party_to_another_with_data_and_a_step(result) -> None:
    for flow in (e for e in result.model.elements.values() if e.kind == "flow"):
        types = {r.type for r in flow.relationships}
        assert {"from", "to", "carries", "part-of"} <= types, flow.id


def test_every_element_says_where_it_comes_from(result) -> None:
    """Each element has a provenance; a fact from the source or another one cites it (docs/provenance.md)."""
    elements = result.model.elements.values()
    assert [e.id for e in elements if e.provenance is None] == []
    assert [e.id for e in elements if e.provenance.kind != "inferred" and not e.source] == []


def test_the_three_audit_findings_stay_corrected(result) -> None:
    """Issue 15's examples: week 40 of 2022 is 3-9 October, not September; the university of applied
    sciences accepts the credits, it does not provide the study-based training; Riina's occupational health
    services are her own (her employer's), not the wellbeing services county's."""
    model = result.model
    project = model.elements["te2024-digitiekartta-projekti"]
    assert project.fields["end"] == "2022-10" and "3.–9.10.2022" in project.description["fi"]
    goal = model.elements["digitiekartan-tavoite"].description
    assert "3.–9.10.2022" in goal["fi"] and "3–9 October 2022" in goal["en"]

    def targets(source: str, rtype: str) -> set[str]:
        return {r.target for r in model.elements[source].relationships if r.type == rtype}

    assert "opinnollistaminen" not in targets("ammattikorkeakoulu", "provides")
    accepts = next(r for r in model.elements["ammattikorkeakoulu"].relationships if r.target == "opinnollistaminen")
    assert "hyväksyy" in accepts.description["fi"].lower()
    assert "tyoterveyspalvelut" not in targets("hyvinvointialue", "provides")
    assert "tyoterveyspalvelut" in targets("tyonhakija", "uses")


def test_roadmap_has_every_period_and_three_tracks(result) -> None:
    elements = result.model.elements.values()
    phases = {e.id for e in elements if e.kind == "phase"}
    assert {"vuosi-2022", "vuosi-2023-1", "vuosi-2023-2", "vuosi-2024-1", "vuosi-2024-2", "vuosi-2025"} <= phases
    tracks = {e.fields.get("track") for e in elements if e.kind == "task"}
    assert {"Valtion ja kunnan yhteistyö", "Kunnan tehtävät", "Valtion tehtävät"} <= tracks
    categories = {e.fields.get("category") for e in elements if e.kind == "task"}
    assert {"toiminta", "järjestelmät"} <= categories


def test_funding_table_is_recorded_as_published(result) -> None:
    values = result.model.elements["valtionosuuskriteerit-yhteensa"].fields["values"]
    assert values == {"nykytila": 9_268_469_896, "uudistuksen-jalkeen": 9_788_945_556, "muutos": 520_475_660}
    assert result.model.elements["siirtyvat-kulut-yhteensa"].fields["value"] == 520


def test_waived_warnings_are_exactly_the_known_ones(tmp_path: Path) -> None:
    """Without its waivers, the model reports the published tables' inconsistencies and the gaps the
    source leaves (owners, stores, systems it names only in the roadmap), and nothing else."""
    from support import working_directory

    copy = tmp_path / "architecture"
    shutil.copytree(MODEL, copy)
    for path in copy.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\n    waive:\n(      .*\n|        .*\n)+", "\n", text)
        path.write_text(text, encoding="utf-8")
    with working_directory(tmp_path):
        found = sorted({(p.code, p.element) for p in pipeline.check([Path("architecture")]).problems})
    inconsistencies_of_the_source = [
        ("change-column", "ikaryhmakriteerit-yhteensa"),
        ("change-column", "vieraskielisyys"),
        ("sum-mismatch", "ikaryhmakriteerit-yhteensa"),
        ("sum-mismatch", "muut-kriteerit-yhteensa"),
        ("sum-mismatch", "siirtyvat-kulut-yhteensa"),
        ("sum-mismatch", "valtionosuuskriteerit-yhteensa"),
    ]
    gaps_in_the_source = (
        [
            ("data-group-owner", group)
            for group in (
                "ajanvaraustiedot",
                "etuuden-maksun-paattymistiedot",
                "kertymatiedot",
                "osallistumistiedot",
                "palvelutiedot",
                "yritystiedot",
            )
        ]
        + [
            ("data-group-stored", group)
            for group in (
                "etuuden-maksun-paattymistiedot",
                "kertymatiedot",
                "lausuntopyynnot",
                "opinnollistamisen-paattymistiedot",
                "opintosuoritukset",
                "tyosuhteen-alkamistieto",
            )
        ]
        + [("system-serves-work", "suomi-fi-valtuudet"), ("system-serves-work", "vapa")]
    )
    assert found == sorted(inconsistencies_of_the_source + gaps_in_the_source)


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.relative_to(MODEL).as_posix())
def test_file_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../refarch.schema.json"
    assert (path.parent / "../refarch.schema.json").resolve() == MODEL / "refarch.schema.json"


def test_committed_schema_is_generated_from_the_metamodel() -> None:
    from refarch.config import find_config, load_config
    from refarch.schema import render_schema

    config = load_config(find_config([MODEL]))
    assert (MODEL / "refarch.schema.json").read_text(encoding="utf-8") == render_schema(config.metamodel), (
        "run `make schema`"
    )


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.relative_to(MODEL).as_posix())
def test_file_is_valid_against_the_editor_schema(path: Path) -> None:
    import jsonschema

    schema = json.loads((MODEL / "refarch.schema.json").read_text(encoding="utf-8"))
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    document = json.loads(json.dumps(document, default=str))  # dates as YAML reads them become strings
    jsonschema.Draft7Validator(schema).validate(document)


def test_the_service_path_has_its_four_main_phases_and_their_sub_stages(result) -> None:
    """The overview slide's structure: four main phases (the third spans the detail slides 1/2 and 2/2) and
    six sub-stages, each part of its step; the phase is shown with its steps, not as a path of its own."""
    from refarch.views import path_phases, service_paths

    model = result.model
    paths = service_paths(model)
    assert [p.id for p, _ in paths] == ["palvelupolku"]
    steps = [s.id for s in paths[0][1]]
    phases = path_phases(model, "palvelupolku")
    assert {s: p.id for s, p in phases.items()} == {
        "etuuden-hakeminen": "taydentavat-tyonhakukeskustelut-vaihe",
        "vaihtoehtojen-pohtiminen-ja-opinnollistaminen": "taydentavat-tyonhakukeskustelut-vaihe",
    }
    assert len(steps) + 1 - len(phases) == 4  # main phases: three steps of their own and the spanning one
    sub_stages = {
        r.source: r.target
        for r in model.relationships
        if r.type == "part-of" and r.target in steps and model.elements[r.source].kind == "event"
    }
    assert sorted(model.elements[e].name for e in sub_stages) == sorted(
        ["Uhka työttömyydestä", "Palveluihin osallistuminen", "Etuuden hakeminen", "Vaihtoehtojen pohtiminen",
         "Opinnollistaminen", "Työllistyminen"]
    )  # fmt: skip
