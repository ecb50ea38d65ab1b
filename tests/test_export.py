"""`refarch export json`: every element and relationship, stable order, same bytes every time."""

from __future__ import annotations

import json
from pathlib import Path

from support import CASES, ROOT


def test_export_lists_every_element_and_relationship_sorted(run) -> None:
    rc, out, _ = run("export", "json", cwd=ROOT)
    assert rc == 0
    data = json.loads(out)
    assert data["version"] == 2
    ids = [e["id"] for e in data["elements"]]
    assert ids == sorted(ids) and len(ids) > 300
    keys = [(r["source"], r["type"], r["target"]) for r in data["relationships"]]
    assert keys == sorted(keys)
    assert set(data["elements"][0]) >= {"id", "kind", "layer", "names", "file", "line"}
    assert set(data["relationships"][0]) >= {"type", "source", "target", "file", "line"}
    kela = next(e for e in data["elements"] if e["id"] == "kela")
    assert kela["file"] == "architecture/business/toimijat.yaml" and kela["line"] > 1


def test_every_element_and_relationship_has_a_valid_provenance(run) -> None:
    """The record's promise: each fact of the shipped model says where it comes from, resolved in the export
    (issue: provenance), with what its kind requires."""
    from refarch.metamodel import load_metamodel

    kinds = load_metamodel().provenance
    _, out, _ = run("export", "json", cwd=ROOT)
    data = json.loads(out)
    items = [("element", e["id"], e["provenance"]) for e in data["elements"]]
    items += [("relationship", (r["source"], r["type"], r["target"]), r["provenance"]) for r in data["relationships"]]
    wrong = []
    for what, key, provenance in items:
        if provenance is None or provenance["kind"] not in kinds:
            wrong.append((what, key, provenance))
        elif missing := [f for f in kinds[provenance["kind"]].requires if not provenance[f]]:
            wrong.append((what, key, missing))
    assert not wrong, wrong[:10]
    assert set(items[0][2]) == {"kind", "source", "quote", "reason", "date"}
    assert {p["kind"] for _, _, p in items} == set(kinds)  # the model uses every kind


def test_every_value_has_its_json_type(run) -> None:
    """Objects are objects and lists are lists for every element (no Python repr such as "{}" in a string)."""
    _, out, _ = run("export", "json", cwd=ROOT)
    data = json.loads(out)
    for element in data["elements"]:
        for key in ("names", "description", "fields", "properties"):
            assert isinstance(element[key], dict), (element["id"], key, element[key])
        assert isinstance(element["links"], list)
    assert all(isinstance(r["properties"], dict) for r in data["relationships"])
    nested = [v for e in data["elements"] for v in e["fields"].values() if isinstance(v, dict)]
    assert nested and not [
        e for e in data["elements"] for v in e["fields"].values() if str(v).startswith("mappingproxy")
    ]


def test_export_is_byte_for_byte_stable(run, tmp_path: Path) -> None:
    run("export", "json", "-o", str(tmp_path / "a.json"), cwd=ROOT)
    run("export", "json", "-o", str(tmp_path / "b.json"), cwd=ROOT)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_html_in_descriptions_is_kept_as_text_not_dropped(write_model, run) -> None:
    html = '<script>alert("x")</script><b>bold</b> & more'
    root = write_model({"architecture/m.yaml": f"actors:\n  - id: a\n    name: A\n    description: '{html}'\n"})
    rc, out, _ = run("export", "json", cwd=root)
    assert rc == 0
    assert json.loads(out)["elements"][0]["description"] == {"fi": html}


def test_export_exits_1_when_a_file_cannot_be_read(run) -> None:
    rc, out, err = run("export", "json", cwd=CASES / "rules" / "yaml-syntax" / "fail")
    assert rc == 1 and "yaml-syntax" in err
    assert json.loads(out)["elements"] == []
