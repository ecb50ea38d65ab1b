"""ArchiMate's relationship table (refarch.exchange.table): the project's copy of the facts equals Archi's
own table, every relationship of the TE24 export is one the table allows, the choice of another type is
read back as what it was, and an independent reader (pyArchimate) finds nothing invalid in the export."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from refarch import pipeline
from refarch.exchange.archimate import to_archimate
from refarch.exchange.format import NS, XSI, exported_type, relationship_for, said_relationship
from refarch.exchange.table import LETTERS, RELATIONSHIP_END, allowed_table, allows, table_type
from refarch.metamodel import load_metamodel

from support import MODEL, shared_file


@lru_cache(maxsize=1)
def te24_export() -> bytes:
    return to_archimate(pipeline.check([MODEL]).model, "TE24")  # with its views


def archi_table(path: Path) -> dict[tuple[str, str], frozenset[str]]:
    """Archi's relationships.xml as (source, target) -> relationship types; empty sets left out."""
    found = {}
    for source in etree.parse(str(path)).getroot():
        for target in source:
            if target.get("relations"):
                found[(source.get("concept"), target.get("concept"))] = frozenset(
                    LETTERS[letter] for letter in target.get("relations")
                )
    return found


def exported_relationships(data: bytes) -> list[tuple[str, str, str, str]]:
    """(identifier, type, source type, target type) of every relationship in an exchange file; a relationship
    as an end is `Relationship`."""
    root = etree.fromstring(data)
    types = {e.get("identifier"): e.get(f"{{{XSI}}}type") for e in root.iter(f"{{{NS}}}element")}
    relationships = list(root.iter(f"{{{NS}}}relationship"))
    types.update({r.get("identifier"): RELATIONSHIP_END for r in relationships})
    return [
        (r.get("identifier"), r.get(f"{{{XSI}}}type"), types[r.get("source")], types[r.get("target")])
        for r in relationships
    ]


def test_the_projects_table_has_the_facts_of_archis_table() -> None:
    archi = archi_table(shared_file("archimate-xsd", "relationships.xml"))
    assert dict(allowed_table()) == archi
    assert len(archi) > 3000


def test_every_relationship_of_the_te24_export_is_allowed_by_archis_table() -> None:
    archi = archi_table(shared_file("archimate-xsd", "relationships.xml"))
    found = exported_relationships(te24_export())
    assert len(found) > 900
    refused = [r for r in found if r[1] not in archi.get((table_type(r[2]), table_type(r[3])), ())]
    assert refused == []


def test_every_relationship_of_the_te24_export_is_allowed_by_the_projects_table() -> None:
    found = exported_relationships(te24_export())
    assert [r for r in found if not allows(r[1], r[2], r[3])] == []
    assert {r[1] for r in found} >= {"Aggregation", "Realization", "Access", "Association", "Flow", "Triggering"}


def test_the_table_refuses_what_archimate_refuses() -> None:
    assert not allows("Aggregation", "Plateau", "WorkPackage")
    assert not allows("Influence", "Principle", "BusinessActor")
    assert allows("Association", "Principle", "BusinessActor")
    assert allows("Flow", "AndJunction", "BusinessProcess")


@pytest.mark.parametrize(
    ("relationship", "source", "target", "expected"),
    [
        ("part-of", "BusinessProcess", "BusinessProcess", ("Aggregation", True)),  # a step of a process
        ("part-of", "WorkPackage", "Plateau", ("Realization", False)),  # a task realizes its phase
        ("part-of", "ApplicationService", "ApplicationComponent", ("Realization", True)),  # a system its service
        ("uses", "ApplicationComponent", "DataObject", ("Access", False)),  # a system uses a data store
        ("stores", "ApplicationComponent", "BusinessObject", ("Access", False)),
        ("influences", "Principle", "BusinessActor", ("Association", False)),  # nothing else fits
        ("involves", "Requirement", "BusinessActor", ("Association", True)),
    ],
)
def test_each_relationship_is_exported_as_a_type_the_table_allows(relationship, source, target, expected) -> None:
    rt = load_metamodel().relationships[relationship]
    chosen = exported_type(rt, source, target)
    assert chosen == expected
    ends = (target, source) if chosen[1] else (source, target)
    assert allows(chosen[0], *ends)


def test_a_type_chosen_otherwise_is_read_back_as_what_it_was() -> None:
    mm = load_metamodel()
    # a task part of a phase, written as a Realization task -> phase
    assert said_relationship(mm.relationships["part-of"], "Realization", "task", "phase") is True
    # a system-service part of a system, written as a Realization system -> system-service
    assert said_relationship(mm.relationships["part-of"], "Realization", "system", "system-service") is False
    # the last resort: an Association, written the relationship's own way round
    assert said_relationship(mm.relationships["involves"], "Association", "actor", "information-need") is False
    assert said_relationship(mm.relationships["involves"], "Triggering", "actor", "information-need") is None
    # without the property, a Realization between a system and its service reads as `realizes`
    assert relationship_for(mm, "Realization", "system", "system-service") == ("realizes", True)


def test_pyarchimate_reads_the_te24_export_whole_and_finds_nothing_invalid(tmp_path: Path, caplog) -> None:
    """pyArchimate (an independent reader on PyPI) checks each relationship against the ArchiMate metamodel
    as it reads, logging an error for each it finds invalid."""
    from pyArchimate.model import Model as ArchimateModel

    data = te24_export()
    (tmp_path / "te24.xml").write_bytes(data)
    root = etree.fromstring(data)
    caplog.set_level(logging.WARNING)
    read = ArchimateModel("te24")
    read.read(str(tmp_path / "te24.xml"))
    assert len(read.elements) == len(root.findall(f"{{{NS}}}elements/{{{NS}}}element"))
    assert len(read.relationships) == len(root.findall(f"{{{NS}}}relationships/{{{NS}}}relationship"))
    properties = sum(len(e.props) for e in read.elements) + sum(len(r.props) for r in read.relationships)
    written = len(root.findall(f"{{{NS}}}elements/{{{NS}}}element/{{{NS}}}properties/{{{NS}}}property"))
    written += len(root.findall(f"{{{NS}}}relationships/{{{NS}}}relationship/{{{NS}}}properties/{{{NS}}}property"))
    assert properties == written > 3000
    assert read.check_invalid_relationships() == []
    # and its views: every one, each connection between nodes of its relationship's ends
    assert len(read.views) == len(root.findall(f"{{{NS}}}views/{{{NS}}}diagrams/{{{NS}}}view")) >= 7
    assert read.check_invalid_conn() == []
    assert [r.getMessage() for r in caplog.records if "invalid" in r.getMessage().lower()] == []


def test_a_kept_type_that_may_not_go_stays_a_property_with_its_attributes(tmp_path: Path) -> None:
    """An Influence between two actors (another tool's, which ArchiMate 3.2 refuses) imports as
    `associated-with` keeping type and modifier; the export writes an Association without the Influence's
    modifier attribute (the XSD refuses it there), keeping both as properties for the way back."""
    from refarch.exchange.archimate_import import read_archimate

    xml = b"""<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name xml:lang="fi">M</name>
      <elements><element identifier="a" xsi:type="BusinessActor"><name xml:lang="fi">A</name></element>
      <element identifier="b" xsi:type="BusinessActor"><name xml:lang="fi">B</name></element></elements>
      <relationships><relationship identifier="r" source="a" target="b" xsi:type="Influence" modifier="+"/>
      </relationships></model>"""
    imported = read_archimate(xml, load_metamodel(), "m.xml")
    for path, text in imported.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    model = pipeline.check([tmp_path]).model
    root = etree.fromstring(to_archimate(model, "M", views=False))
    (rel,) = root.iter(f"{{{NS}}}relationship")
    assert rel.get(f"{{{XSI}}}type") == "Association" and rel.get("modifier") is None
    assert allows("Association", "BusinessActor", "BusinessActor")
    back = read_archimate(etree.tostring(root), load_metamodel(), "again.xml")
    assert "archimate:type: Influence" in back.files["business/actors.yaml"]
    assert (
        "archimate:modifier: +" in back.files["business/actors.yaml"]
        or "archimate:modifier: '+'" in back.files["business/actors.yaml"]
    )


def test_what_archimate_allows_between_no_two_relationships_is_named_not_exported() -> None:
    """An area model's flow `specializes` a reference flow; both are relationships in ArchiMate, and the
    table allows nothing from one relationship to another."""
    from support import ROOT

    warnings: list = []
    area = ROOT / "examples" / "jarviseutu" / "architecture"
    data = to_archimate(pipeline.check([area]).model, "Järviseutu", views=False, warnings=warnings)
    assert [r for r in exported_relationships(data) if not allows(r[1], r[2], r[3])] == []
    skipped = [w for w in warnings if "specializes" in w.message]
    assert len(skipped) == 2 and all(w.code == "export-skipped" and w.location.line for w in skipped)
