"""Files other tools write: Archi's numeric and hexadecimal identifiers, names in English or Portuguese,
named Flow relationships between processes, same-named elements. The import gives ids made from names,
keeps each tool identifier to find the element again, keeps every language with its tag, and makes no
error of its own. The files are written here in the shapes those tools write (their own files are third
parties')."""

from __future__ import annotations

from pathlib import Path

import yaml

from refarch import pipeline
from refarch.exchange.archimate import to_archimate
from refarch.exchange.archimate_import import known_identifiers, read_archimate
from refarch.metamodel import load_metamodel

HEAD = b"""<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  identifier="id-2f6e3a1b9c4d4e5f8a7b6c5d4e3f2a1b">"""


def archi_file(elements: list[tuple[str, str, str]], lang: str = "en", model_name: str = "Archisurance") -> bytes:
    """An exchange file as Archi writes one: identifiers `id-<number or hex>`, every text tagged."""
    body = "".join(
        f'<element identifier="{i}" xsi:type="{t}"><name xml:lang="{lang}">{n}</name></element>' for i, t, n in elements
    )
    relationships = f"""<relationships>
      <relationship identifier="id-9001" source="id-1544" target="id-1545" xsi:type="Flow">
        <name xml:lang="{lang}">claim data</name></relationship>
      <relationship identifier="id-9002" source="id-1544" target="id-1545" xsi:type="Triggering"/>
    </relationships>"""
    return (
        HEAD + f'<name xml:lang="{lang}">{model_name}</name><elements>{body}</elements>{relationships}</model>'.encode()
    )


ARCHISURANCE = [
    ("id-1544", "BusinessProcess", "Handle Claim"),
    ("id-1545", "BusinessProcess", "Pay Claim"),
    ("id-37d5bc4b", "BusinessActor", "Customer"),
    ("id-4b6a3c0f5e2d4b1e9f0a8c7d6e5f4a3b", "BusinessActor", "Customer"),
]


ADDED = "id-5e1c7b2a9f0d4e6b8a7c6d5e4f3a2b1c"  # as Archi names a new element


def imported_model(data: bytes, folder: Path, known=None):
    imported = read_archimate(data, load_metamodel(), "archisurance.xml", known)
    for path, text in imported.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return imported, pipeline.check([folder])


def test_tool_identifiers_give_way_to_ids_from_names(tmp_path: Path) -> None:
    imported, result = imported_model(archi_file(ARCHISURANCE), tmp_path)
    assert [n.message for n in imported.notes if n.severity == "error"] == []
    assert [p.message for p in result.problems if p.severity == "error"] == []
    ids = {e.properties.get("archimate:identifier"): e.id for e in result.model.elements.values()}
    assert ids["id-1544"] == "handle-claim" and ids["id-1545"] == "pay-claim"
    # two elements share a name: each gets a short hash of its own identifier, not a number by file order
    customers = sorted(v for k, v in ids.items() if k in ("id-37d5bc4b", "id-4b6a3c0f5e2d4b1e9f0a8c7d6e5f4a3b"))
    assert len(customers) == 2 and all(c.startswith("customer-") and len(c) == len("customer-") + 8 for c in customers)


def test_ids_stay_when_another_tool_reorders_renames_and_adds(tmp_path: Path) -> None:
    _, first = imported_model(archi_file(ARCHISURANCE), tmp_path / "first")
    before = {e.properties["archimate:identifier"]: e.id for e in first.model.elements.values()}
    changed = [
        (ADDED, "BusinessActor", "Customer"),  # a third Customer, added by the tool
        ARCHISURANCE[3],
        ("id-1545", "BusinessProcess", "Pay the Claim"),  # renamed
        ARCHISURANCE[2],
        ARCHISURANCE[0],
    ]
    _, again = imported_model(archi_file(changed), tmp_path / "again", known_identifiers(first.model))
    after = {e.properties["archimate:identifier"]: e.id for e in again.model.elements.values()}
    assert {k: after[k] for k in before} == before
    assert after[ADDED].startswith("customer-") and after[ADDED] not in before.values()
    # a fresh import (nothing known) is stable under reordering too
    _, fresh = imported_model(archi_file(list(reversed(ARCHISURANCE))), tmp_path / "fresh")
    assert {e.properties["archimate:identifier"]: e.id for e in fresh.model.elements.values()} == before


def test_a_named_flow_between_processes_is_a_relationship(tmp_path: Path) -> None:
    imported, result = imported_model(archi_file(ARCHISURANCE), tmp_path)
    assert imported.flows == 0 and not [e for e in result.model.elements.values() if e.kind == "flow"]
    (flow,) = [r for r in result.model.relationships if r.properties.get("archimate:type") == "Flow"]
    assert (flow.source, flow.type, flow.target) == ("handle-claim", "associated-with", "pay-claim")
    assert dict(flow.properties["archimate:name"]) == {"en": "claim data"}  # its language kept
    assert not [p for p in result.problems if p.code == "relation-not-allowed"]
    # and it goes back as it came: a Flow with its tagged name
    again = to_archimate(result.model, "Archisurance", views=False).decode()
    assert 'identifier="id-9001"' in again and '<name xml:lang="en">claim data</name>' in again
    assert 'xsi:type="Flow"' in again


def test_the_files_language_is_the_models(tmp_path: Path) -> None:
    imported, result = imported_model(archi_file(ARCHISURANCE, lang="pt", model_name="Seguradora"), tmp_path)
    assert "languages:\n- pt\n" in imported.files["refarch.yaml"]
    assert not [n for n in imported.notes if "left out" in n.message]
    assert [p.message for p in result.problems if p.severity == "error"] == []
    assert result.model.metamodel.languages == ("pt",)
    handle = result.model.elements["handle-claim"]
    assert dict(handle.names) == {"pt": "Handle Claim"}
    again = to_archimate(result.model, "Seguradora", views=False).decode()
    assert '<name xml:lang="pt">Handle Claim</name>' in again


def test_untagged_text_is_said_to_be_taken_as_the_metamodels_language() -> None:
    data = HEAD + b'<name>M</name><elements><element identifier="a" xsi:type="BusinessActor"><name>Asiakas</name>'
    data += b"</element></elements></model>"
    imported = read_archimate(data, load_metamodel(), "m.xml")
    assert any("have no language" in n.message and '"fi"' in n.message for n in imported.notes)
    assert "languages" not in imported.files.get("refarch.yaml", "")


def test_the_language_of_untagged_text_can_be_given() -> None:
    data = HEAD + b'<name>M</name><elements><element identifier="a" xsi:type="BusinessActor"><name>Client</name>'
    data += b"</element></elements></model>"
    imported = read_archimate(data, load_metamodel(), "m.xml", untagged="en")
    assert not any("have no language" in n.message for n in imported.notes)
    assert "languages:\n- en\n" in imported.files["refarch.yaml"]
    assert "name: Client" in imported.files["business/actors.yaml"]


def test_a_kind_too_large_for_one_file_is_split_under_the_size_refarch_reads() -> None:
    from refarch.exchange.archimate_import import _split

    # a few large elements and many small ones: each file stays under the budget, whatever its elements' sizes
    records = [{"id": f"a{n}", "name": "Iso " * 80 if n < 10 else f"Toimija {n}"} for n in range(300)]
    files = _split("business/actors.yaml", "actors", records, "# head\n", budget=2000)
    assert len(files) > 2 and "business/actors.yaml" in files and "business/actors-2.yaml" in files
    assert all(len(text.encode()) <= 2000 for text in files.values())
    back = [r for name in sorted(files, key=lambda n: (len(n), n)) for r in yaml.safe_load(files[name])["actors"]]
    assert back == records
    assert list(_split("business/actors.yaml", "actors", records[:2], "# head\n", 2000)) == ["business/actors.yaml"]


def test_a_travelling_max_file_size_is_kept_by_the_files_the_import_writes(tmp_path: Path) -> None:
    body = "".join(
        f'<element identifier="e{n}" xsi:type="BusinessActor"><name xml:lang="fi">Toimija {n}</name></element>'
        for n in range(3000)
    )
    config = (
        '<properties><property propertyDefinitionRef="p"><value>{max-file-size: 100000}</value></property></properties>'
    )
    definition = (
        '<propertyDefinitions><propertyDefinition identifier="p" type="string"><name>refarch:config</name>'
        "<documentation>refarch: values in YAML flow style</documentation></propertyDefinition></propertyDefinitions>"
    )
    data = HEAD + f'<name xml:lang="fi">M</name>{config}<elements>{body}</elements>{definition}</model>'.encode()
    imported, result = imported_model(data, tmp_path)
    assert len(imported.files) > 3 and all(len(t.encode()) <= 100_000 for t in imported.files.values())
    assert len(result.model.elements) == 3000 and [p for p in result.problems if p.severity == "error"] == []


SPARX = """<?xml version="1.0" encoding="windows-1252"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  identifier="EAID_0B2C5E71_4D1A_4c3b_9E0F_1A2B3C4D5E6F">
  <name xml:lang="fi">Kirjastoalue</name>
  <elements>
    <element identifier="EAID_9F3E2A10_77B4_4e2a_8C11_0D9E8F7A6B5C" xsi:type="BusinessActor">
      <name xml:lang="fi">Lähikirjasto</name>
      <properties><property propertyDefinitionRef="EAPD_1"><value xml:lang="fi">12</value></property></properties>
    </element>
    <element identifier="EAID_1C2D3E4F_5A6B_4c7d_8E9F_0A1B2C3D4E5F" xsi:type="ApplicationComponent">
      <name xml:lang="fi">Kirjastojärjestelmä</name>
    </element>
  </elements>
  <relationships>
    <relationship identifier="EAID_R1" source="EAID_1C2D3E4F_5A6B_4c7d_8E9F_0A1B2C3D4E5F"
      target="EAID_9F3E2A10_77B4_4e2a_8C11_0D9E8F7A6B5C" xsi:type="Serving"/>
  </relationships>
  <organizations><item><label xml:lang="fi">Liiketoiminta</label>
    <item identifierRef="EAID_9F3E2A10_77B4_4e2a_8C11_0D9E8F7A6B5C"/></item></organizations>
  <propertyDefinitions><propertyDefinition identifier="EAPD_1" type="number"><name>Henkilöstö</name>
  </propertyDefinition></propertyDefinitions>
  <views><diagrams><view identifier="EAID_V1" xsi:type="Diagram"><name xml:lang="fi">Yleiskuva</name>
    <node identifier="EAID_N1" elementRef="EAID_9F3E2A10_77B4_4e2a_8C11_0D9E8F7A6B5C" xsi:type="Element"
      x="10" y="10" w="120" h="55"/></view></diagrams></views>
</model>
"""


def test_a_sparx_file_in_windows_1252_imports_whole_with_exit_0(run, tmp_path: Path) -> None:
    (tmp_path / "sparx.xml").write_bytes(SPARX.encode("windows-1252"))
    code, out, err = run("import", "archimate", "sparx.xml", "-o", "malli", cwd=tmp_path)
    assert code == 0 and "validation: 0 errors" in out, out + err
    assert "1 view(s) not imported (Yleiskuva)" in err and "1 folder(s) not imported (Liiketoiminta)" in err
    actors = yaml.safe_load((tmp_path / "malli" / "business" / "actors.yaml").read_text(encoding="utf-8"))
    (actor,) = actors["actors"]
    assert actor["id"] == "lahikirjasto" and actor["name"] == "Lähikirjasto"
    assert actor["properties"] == {
        "Henkilöstö": 12,
        "archimate:identifier": "EAID_9F3E2A10_77B4_4e2a_8C11_0D9E8F7A6B5C",
    }
    assert "title: Kirjastoalue" in (tmp_path / "malli" / "refarch.yaml").read_text(encoding="utf-8")


def test_import_again_with_force_keeps_the_settings_and_drops_what_the_tool_no_longer_has(run, tmp_path) -> None:
    (tmp_path / "first.xml").write_bytes(archi_file(ARCHISURANCE))
    code, _, err = run("import", "archimate", "first.xml", "-o", "malli", cwd=tmp_path)
    assert code == 0, err
    settings = tmp_path / "malli" / "refarch.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "rules:\n  orphan-element: 'off'\n", encoding="utf-8")
    (tmp_path / "malli" / "omat.yaml").write_text("# written by hand\nactors: []\n", encoding="utf-8")
    processes_only = [e for e in ARCHISURANCE if e[1] == "BusinessProcess"]
    (tmp_path / "again.xml").write_bytes(archi_file(processes_only))
    code, out, err = run("import", "archimate", "again.xml", "-o", "malli", "--force", cwd=tmp_path)
    assert code == 0, out + err
    assert "orphan-element: 'off'" in settings.read_text(encoding="utf-8") and "kept as it is" in err
    assert not (tmp_path / "malli" / "business" / "actors.yaml").exists() and "actors.yaml removed" in err
    assert (tmp_path / "malli" / "omat.yaml").exists() and (tmp_path / "malli" / "business" / "processes.yaml").exists()
