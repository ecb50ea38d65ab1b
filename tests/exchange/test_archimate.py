"""ArchiMate exchange format: the export validates against the Open Group's XSDs, the import keeps
everything (the Visual Paradigm example with every element and relationship type), the round trip is
lossless, and hostile or foreign XML gets a clear answer.

The XSDs and the Visual Paradigm example are third-party files in ../shared: the tests that need them skip
in a lone clone. What they check beyond those files is checked on files these tests write themselves: the
export's referential integrity (the XSDs' keys), and an exchange file with every ArchiMate element type
the metamodel imports, read and written again."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from refarch import pipeline
from refarch.errors import ConfigError
from refarch.exchange.archimate import to_archimate
from refarch.exchange.archimate_import import read_archimate
from refarch.exchange.format import NS, XSI
from refarch.metamodel import load_metamodel

from support import MODEL, shared_file

EXAMPLE = ("archimate-examples", "aoeff_3_1_visual_paradigm.xml")
TE24_CONFIG = MODEL / "refarch.yaml"


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The official schemas, loaded offline by the loader shipped beside them."""
    spec = importlib.util.spec_from_file_location("validate_oef", shared_file("archimate-xsd", "validate_oef.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_schema()


def assert_valid(data: bytes) -> None:
    document = etree.ElementTree(etree.fromstring(data))
    if not schema().validate(document):
        raise AssertionError("\n".join(f"line {e.line}: {e.message}" for e in list(schema().error_log)[:10]))


def concepts(data: bytes) -> dict[str, dict]:
    """identifier -> type, names, ends and properties of every element and relationship in a file."""
    root = etree.fromstring(data)
    definitions = {d.get("identifier"): d.findtext(f"{{{NS}}}name") for d in root.iter(f"{{{NS}}}propertyDefinition")}
    found = {}
    for node in [*root.iter(f"{{{NS}}}element"), *root.iter(f"{{{NS}}}relationship")]:
        found[node.get("identifier")] = {
            "tag": etree.QName(node).localname,
            "type": node.get(f"{{{XSI}}}type"),
            "source": node.get("source"),
            "target": node.get("target"),
            "names": sorted(
                (n.get("{http://www.w3.org/XML/1998/namespace}lang"), n.text.strip())
                for n in node.findall(f"{{{NS}}}name")
                if n.text and n.text.strip()
            ),
            "properties": sorted(
                (definitions[p.get("propertyDefinitionRef")], p.findtext(f"{{{NS}}}value"))
                for p in node.iter(f"{{{NS}}}property")
            ),
        }
    return found


def write(files: dict[str, str], folder: Path) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder


@lru_cache(maxsize=1)
def te24_export() -> bytes:
    return to_archimate(pipeline.check([MODEL]).model, "TE24")


def test_te24_export_validates_against_the_official_schemas() -> None:
    assert_valid(te24_export())


def test_te24_export_has_every_element_relationship_and_language() -> None:
    model = pipeline.check([MODEL]).model
    found = concepts(te24_export())
    flows = [e for e in model.elements.values() if e.kind == "flow"]
    elements = {i for i, c in found.items() if c["tag"] == "element"}
    assert elements == {f"id-{e.id}" for e in model.elements.values() if e.kind != "flow"}
    relationships = [c for c in found.values() if c["tag"] == "relationship"]
    # a flow is one relationship standing for its `from` and `to`: a Flow, or an Association keeping its kind
    # where ArchiMate allows no Flow (into a DataObject)
    assert len(relationships) == len(model.relationships) - len(flows)
    as_flows = [c for c in relationships if c["type"] == "Flow" or ("refarch:kind", "flow") in c["properties"]]
    assert len(as_flows) == len(flows)
    assert [c["type"] for c in as_flows].count("Association") == 1
    ura = found["id-ura"]
    assert ura["type"] == "ApplicationComponent"
    assert ura["names"] == [("en", "URA"), ("fi", "URA")]
    step = next(e for e in model.elements.values() if e.kind == "step")
    assert found[f"id-{step.id}"]["type"] == "BusinessProcess"
    assert ("refarch:kind", "step") in found[f"id-{step.id}"]["properties"]


def test_export_is_the_same_bytes_every_time() -> None:
    model = pipeline.check([MODEL]).model
    assert to_archimate(model, "TE24") == te24_export()


def test_organisations_are_the_layers_labelled_with_eif_views() -> None:
    root = etree.fromstring(te24_export())
    labels = [item.findtext(f"{{{NS}}}label") for item in root.find(f"{{{NS}}}organizations")]
    assert "Periaatteellinen taso (oikeudellinen yhteentoimivuus)" in labels
    assert "Tietoarkkitehtuuri (semanttinen yhteentoimivuus)" in labels
    views = [v.findtext(f"{{{NS}}}name") for v in root.iter(f"{{{NS}}}view")]
    assert len(views) >= 6 and all(v.findall(f"{{{NS}}}node") for v in root.iter(f"{{{NS}}}view"))


def test_te24_round_trip_gives_the_same_file_and_a_valid_model(tmp_path: Path) -> None:
    imported = read_archimate(te24_export(), load_metamodel(), "te24.xml")
    assert not [n for n in imported.notes if n.severity == "error"]
    original = pipeline.check([MODEL]).model
    flows = sum(e.kind == "flow" for e in original.elements.values())
    assert imported.flows == flows == 15 and imported.elements == len(original.elements) - flows
    folder = write(imported.files, tmp_path / "architecture")
    result = pipeline.check([folder], TE24_CONFIG)
    assert [p for p in result.problems if p.severity == "error"] == []
    original = pipeline.check([MODEL]).model
    assert len(result.model.elements) == len(original.elements)
    assert len(result.model.relationships) == len(original.relationships)
    assert to_archimate(result.model, "TE24") == te24_export()


def test_example_model_imports_whole_and_validates(tmp_path: Path) -> None:
    example = shared_file(*EXAMPLE)
    data = example.read_bytes()
    imported = read_archimate(data, load_metamodel(), example.name)
    assert not [n for n in imported.notes if n.severity == "error"]
    assert (imported.elements, imported.relationships, imported.flows) == (97, 46, 1)
    assert any(n.message.startswith("4 view(s) not imported") for n in imported.notes)  # said, not dropped
    folder = write(imported.files, tmp_path / "malli")
    result = pipeline.check([folder])
    assert [p for p in result.problems if p.severity == "error"] == []
    original = concepts(data)
    again = to_archimate(result.model, "example")
    assert_valid(again)
    back = concepts(again)
    # 97 elements and 46 relationships in, the same out, each with its identifier, type, ends and properties
    assert sum(c["tag"] == "element" for c in original.values()) == 97
    assert sum(c["tag"] == "relationship" for c in original.values()) == 46
    assert {i: (c["tag"], c["type"], c["source"], c["target"]) for i, c in back.items()} == {
        i: (c["tag"], c["type"], c["source"], c["target"]) for i, c in original.items()
    }
    for identifier, concept in original.items():
        kept = [p for p in back[identifier]["properties"] if not p[0].startswith("refarch:")]
        assert kept == concept["properties"], identifier
        assert [n for _, n in back[identifier]["names"]] == [n for _, n in concept["names"]], identifier


def test_every_archimate_type_of_the_example_is_kept() -> None:
    example = shared_file(*EXAMPLE)
    imported = read_archimate(example.read_bytes(), load_metamodel(), example.name)
    text = "".join(imported.files.values())
    for archimate_type in ("Location", "Capability", "AndJunction", "Gap", "Node", "TechnologyService"):
        assert f"archimate:type: {archimate_type}" in text


ELEMENTS = (
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>M</name>{body}</model>'
)


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16", "ISO-8859-1", "windows-1252"])
def test_any_declared_encoding_is_read(encoding: str) -> None:
    text = f'<?xml version="1.0" encoding="{encoding}"?>' + ELEMENTS.format(
        body='<elements><element identifier="a" xsi:type="BusinessActor">'
        '<name xml:lang="fi">Työllisyyspalvelut Äänekoski</name>'
        "</element></elements>"
    )
    imported = read_archimate(text.encode(encoding), load_metamodel())
    assert "name: Työllisyyspalvelut Äänekoski" in imported.files["business/actors.yaml"]


def test_a_relationship_between_relationships_is_reported_not_dropped() -> None:
    body = (
        '<elements><element identifier="a" xsi:type="BusinessActor"><name>A</name></element>'
        '<element identifier="b" xsi:type="BusinessActor"><name>B</name></element></elements>'
        '<relationships><relationship identifier="r1" source="a" target="b" xsi:type="Serving"/>'
        '<relationship identifier="r2" source="a" target="r1" xsi:type="Association"/></relationships>'
    )
    imported = read_archimate(ELEMENTS.format(body=body).encode(), load_metamodel(), "m.xml")
    assert imported.relationships == 1
    (note,) = [n for n in imported.notes if n.severity == "error"]
    assert '"r2"' in note.message and "not imported" in note.message and note.location.line == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&lol2;</name></model>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&x;</name></model>',
            "DOCTYPE",
        ),
        (b"<model><name>M</name>", "not well-formed XML"),
        (b'<model xmlns="http://www.opengroup.org/xsd/archimate"><name>M</name></model>', "ArchiMate 3 exchange file"),
        (b"\xff\xfe\x00garbage", "not well-formed XML"),
    ],
)
def test_hostile_or_foreign_xml_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        read_archimate(data, load_metamodel(), "m.xml")


def test_cli_import_refuses_a_folder_with_yaml_and_exports_validate(run, tmp_path: Path) -> None:
    example = shared_file(*EXAMPLE)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.yaml").write_text("actors: []\n")
    code, _, err = run("import", "archimate", str(example), "-o", str(tmp_path / "old"))
    assert code == 2 and "already holds YAML files" in err
    code, out, err = run("import", "archimate", str(example), "-o", str(tmp_path / "new"))
    assert code == 0 and "0 errors" in out
    assert "imported 97 elements and 46 relationships (1 of them as flow elements)" in out
    assert (tmp_path / "new" / "refarch.schema.json").exists()
    code, _, _ = run("export", "archimate", str(tmp_path / "new"), "-o", str(tmp_path / "again.xml"))
    assert code == 0
    assert_valid((tmp_path / "again.xml").read_bytes())


def test_te24_export_keeps_every_reference_whole() -> None:
    """What the XSDs' keys check, checked without them: identifiers unique, every reference resolving."""
    root = etree.fromstring(te24_export())
    assert root.tag == f"{{{NS}}}model"
    identifiers = [node.get("identifier") for node in root.iter() if node.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    concepts_ = {n.get("identifier") for n in [*root.iter(f"{{{NS}}}element"), *root.iter(f"{{{NS}}}relationship")]}
    for rel in root.iter(f"{{{NS}}}relationship"):
        assert {rel.get("source"), rel.get("target")} <= concepts_, rel.get("identifier")
    definitions = {d.get("identifier") for d in root.iter(f"{{{NS}}}propertyDefinition")}
    assert {p.get("propertyDefinitionRef") for p in root.iter(f"{{{NS}}}property")} <= definitions
    assert {i.get("identifierRef") for i in root.iter(f"{{{NS}}}item") if i.get("identifierRef")} <= concepts_
    for view in root.iter(f"{{{NS}}}view"):
        nodes = {n.get("identifier") for n in view.iter(f"{{{NS}}}node")}
        assert {n.get("elementRef") for n in view.iter(f"{{{NS}}}node") if n.get("elementRef")} <= concepts_
        for connection in view.iter(f"{{{NS}}}connection"):
            assert connection.get("relationshipRef") in concepts_
            assert {connection.get("source"), connection.get("target")} <= nodes


def every_type_file() -> bytes:
    """An exchange file written here: one element of every ArchiMate type the metamodel knows (its kinds' own
    types and its import table), each with a property and a name in two languages, linked by the
    relationship types refarch maps, plus a view (which the import names rather than drops)."""
    mm = load_metamodel()
    types = sorted({k.archimate for k in mm.kinds.values() if not k.archimate_relationship} | set(mm.archimate_import))
    elements = "".join(
        f'<element identifier="e-{t}" xsi:type="{t}"><name xml:lang="fi">{t} fi</name><name xml:lang="en">{t} en</name>'
        f'<properties><property propertyDefinitionRef="p-note"><value xml:lang="fi">huom {t}</value></property>'
        f"</properties></element>"
        for t in types
    )
    pairs = [
        ("Association", types[0], types[1]),
        ("Association", types[2], types[3]),
        ("Association", types[4], types[5]),
    ]
    relationships = "".join(
        f'<relationship identifier="r-{n}" source="e-{s}" target="e-{t}" xsi:type="{rt}"/>'
        for n, (rt, s, t) in enumerate(pairs)
    )
    view = (
        '<views><diagrams><view identifier="v1" xsi:type="Diagram"><name>V</name>'
        f'<node identifier="n1" elementRef="e-{types[0]}" xsi:type="Element" x="0" y="0" w="120" h="55"/>'
        "</view></diagrams></views>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + ELEMENTS.format(
            body=f"<elements>{elements}</elements><relationships>{relationships}</relationships>"
            '<propertyDefinitions><propertyDefinition identifier="p-note" type="string"><name>huomautus</name>'
            f"</propertyDefinition></propertyDefinitions>{view}"
        )
    ).encode()


def test_every_archimate_type_imports_validates_and_exports_again(tmp_path: Path) -> None:
    data = every_type_file()
    imported = read_archimate(data, load_metamodel(), "every-type.xml")
    assert not [n for n in imported.notes if n.severity == "error"]
    assert any("view(s) not imported" in n.message for n in imported.notes)  # said, not dropped
    original = concepts(data)
    assert imported.elements == sum(c["tag"] == "element" for c in original.values()) > 50
    folder = write(imported.files, tmp_path / "malli")
    result = pipeline.check([folder])
    assert [p for p in result.problems if p.severity == "error"] == []
    back = concepts(to_archimate(result.model, "every type"))
    assert {i: (c["tag"], c["type"], c["source"], c["target"]) for i, c in back.items()} == {
        i: (c["tag"], c["type"], c["source"], c["target"]) for i, c in original.items()
    }
    for identifier, concept in original.items():
        assert [p for p in back[identifier]["properties"] if not p[0].startswith("refarch:")] == concept["properties"]
        assert back[identifier]["names"] == concept["names"], identifier


def test_a_flow_without_receiver_is_an_export_finding_at_its_line(write_model, run) -> None:
    folder = write_model(
        {"architecture/m.yaml": "actors:\n  - {id: a, name: A}\nflows:\n  - {id: f, name: F, from: a}\n"}
    )
    warnings: list = []
    to_archimate(pipeline.check([folder / "architecture"]).model, "m", warnings=warnings)
    (found,) = warnings
    assert (found.code, found.severity, found.element, found.location.line) == ("export-skipped", "warning", "f", 4)
    code, _, err = run("export", "archimate", "architecture", "-o", "m.xml", cwd=folder)
    assert code == 0 and 'architecture/m.yaml:4:5: warning export-skipped flow "f" has no sender' in err


def test_provenance_travels_as_properties_and_comes_back(tmp_path: Path) -> None:
    """Every element's and relationship's resolved provenance is in the file as `refarch:provenance*`
    properties (a flow's direction, when its own, as `refarch:from-provenance`), and an import gives it back."""
    from refarch.export import to_json

    folder = write(
        {
            "m.yaml": "provenance: {kind: stated, source: Slide 1}\n"
            "actors:\n  - {id: a, name: A}\n  - id: b\n    name: B\n"
            "    provenance: {kind: external, source: law 1/2000, date: 2026-12-05}\n"
            "    uses: {to: s, provenance: {kind: inferred, reason: {fi: Koska, en: Because}}}\n"
            "services:\n  - {id: s, name: S}\n"
            "data-groups:\n  - {id: d, name: D}\n"
            "flows:\n  - id: f\n    name: F\n    carries: d\n    to: b\n"
            "    from: {to: a, provenance: {kind: inferred, reason: {fi: Suunta päätelty, en: Direction inferred}}}\n"
        },
        tmp_path / "architecture",
    )
    model = pipeline.check([folder]).model
    exported = to_archimate(model, "P")
    props = {c["names"][0][1] if c["names"] else key: dict(c["properties"]) for key, c in concepts(exported).items()}
    assert props["B"]["refarch:provenance"] == "external" and props["B"]["refarch:provenance-date"] == "2026-12-05"
    assert props["id-b.uses.s"]["refarch:provenance-reason-en"] == "Because"
    assert '"Direction inferred"' in props["F"]["refarch:from-provenance"]
    imported = read_archimate(exported, load_metamodel(), "p.xml")
    again = pipeline.check([write(imported.files, tmp_path / "imported")]).model
    before, after = json.loads(to_json(model)), json.loads(to_json(again))
    assert [e["provenance"] for e in before["elements"]] == [e["provenance"] for e in after["elements"]]
    assert [r["provenance"] for r in before["relationships"]] == [r["provenance"] for r in after["relationships"]]
