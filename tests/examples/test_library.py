"""The second reference architecture, examples/library: a metamodel of its own (other layers, kinds,
relationships and views, in English), validated and exported like TE24 with no line of code of its own.
Its site goes through the browser tests of tests/site (the `library` site)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from refarch import pipeline
from refarch.config import find_config, load_config
from refarch.schema import render_schema
from refarch.views import make_view, view_ids

from support import ROOT

LIBRARY = ROOT / "examples" / "library" / "architecture"
MODEL_FILES = sorted(p for p in LIBRARY.rglob("*.yaml") if p.name not in ("refarch.yaml", "metamodel.yaml"))


@pytest.fixture(scope="module")
def result():
    return pipeline.check([LIBRARY])


def test_it_validates_without_a_finding(result) -> None:
    assert [str(p) for p in result.problems] == []
    assert len(result.model.elements) >= 30 and result.model.metamodel.languages[0] == "en"


def test_its_metamodel_is_its_own(result) -> None:
    """Not TE24's: none of TE24's kinds or relationships, and the metamodel file is not read as a model file."""
    mm = result.model.metamodel
    assert not {"actor", "step", "flow", "data-group", "system", "phase", "task"} & set(mm.kinds)
    assert not {"involves", "from", "to", "carries", "part-of"} & set(mm.relationships)
    assert "metamodel.yaml" not in " ".join(result.model.files)


def test_its_views_are_drawn_from_its_own_kinds(result) -> None:
    model = result.model
    ids = view_ids(model)
    assert {"data-flows", "roadmap", "service-path-borrowing-a-book"} <= set(ids)
    path = make_view(model, "service-path-borrowing-a-book")
    assert path.params["steps"] == ("find", "reserve", "collect", "return")
    flows = make_view(model, "data-flows")
    assert {"reservation-request", "pickup-notice", "return-receipt"} <= set(flows.elements)


def test_lineage_follows_its_own_relationships(result) -> None:
    from refarch.analysis import lineage
    from refarch.graph import to_graph

    found = lineage(to_graph(result.model), "loan-records")
    assert found.stores == ("customer-register", "library-system") and found.owners == ("library-network",)
    assert {f.flow for f in found.flows} == {"return-receipt", "reservation-request", "pickup-notice"}


def test_committed_schema_is_generated_from_its_metamodel() -> None:
    config = load_config(find_config([LIBRARY]))
    assert (LIBRARY / "refarch.schema.json").read_text(encoding="utf-8") == render_schema(config.metamodel), (
        "run `make schema`"
    )


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.relative_to(LIBRARY).as_posix())
def test_file_is_valid_against_its_editor_schema(path: Path) -> None:
    import jsonschema

    schema = json.loads((LIBRARY / "refarch.schema.json").read_text(encoding="utf-8"))
    document = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.Draft7Validator(schema).validate(document)


def test_it_exports_to_archimate(run, tmp_path: Path) -> None:
    out = tmp_path / "library.xml"
    rc, _, err = run("export", "archimate", str(LIBRARY), "-o", str(out))
    assert rc == 0, err
    text = out.read_text(encoding="utf-8")
    assert 'xsi:type="ApplicationComponent"' in text and ">Library system</name>" in text


def test_weak_points_look_at_its_infrastructure_kinds(result) -> None:
    import networkx as nx

    from refarch.analysis import weak_points
    from refarch.graph import to_graph
    from refarch.printers.analysis import weak_points_text

    G = nx.MultiDiGraph(to_graph(result.model))
    assert weak_points(G) == {"articulation_points": [], "bridges": []}
    G.remove_edge("find", "online-catalogue", key="depends-on")  # the catalogue now hangs on its keeper alone
    G.remove_edge("online-catalogue", "catalogue-records", key="holds")
    found = weak_points(G)
    assert found == {
        "articulation_points": [],
        "bridges": [["online-catalogue", "library-network"]],
    }  # a party: no point
    assert weak_points_text(G, found).startswith("Single points of failure among application, api, register\n")
