"""Export → import → `refarch diff`: nothing changes and the imported model validates. Property values keep
their types (lists, maps, dates, null), the model's refarch.yaml travels (its checks, which waivers name),
and its name and introduction are the file's model name and documentation."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

from lxml import etree

from refarch.exchange.archimate import to_archimate
from refarch.exchange.archimate_import import read_archimate
from refarch.exchange.format import NS, XML_LANG, typed_value, value_text, value_type
from refarch.metamodel import load_metamodel

from support import MODEL, ROOT

VALUES = [["TE2024", "TE 24"], {"a": 1, "b": [True, None]}, None, "2025-01-01", datetime.date(2025, 1, 1), 3, 2.5, ""]


def test_every_kind_of_value_reads_back_as_itself() -> None:
    for value in VALUES:
        datatype = value_type([value])
        assert typed_value(value_text(value, datatype), datatype) == (value, True), value
        # in a property of mixed kinds, too
        assert typed_value(value_text(value, "yaml"), "yaml") == (value, True), value


def test_hostile_yaml_in_a_property_stays_text() -> None:
    """What would make a model file the loader refuses (tags, anchors, duplicate keys, nesting past its
    limit) or crash the import is no value: it stays the text it is (and the import says so)."""
    deep = "[" * 3000 + "]" * 3000
    for text in ("&a [*a, *a]", "!!python/object:os.system x", "!!binary aGk=", "{a: 1, a: 2}", "[unclosed", deep):
        assert typed_value(text, "yaml") == (text, False), text[:20]


def test_what_xml_cannot_hold_travels_as_an_escape() -> None:
    value = "\x00 ja \x07"
    assert value_type([value]) == "yaml" and typed_value(value_text(value, "yaml"), "yaml") == (value, True)
    assert typed_value("12345678901234567890", "number") == (12345678901234567890, True)


def test_te24_exports_imports_and_diffs_to_no_change(run, tmp_path: Path) -> None:
    exported = tmp_path / "te24.xml"
    code, _, err = run("export", "archimate", str(MODEL), "-o", str(exported), "--no-views")
    assert code == 0, err
    code, out, err = run("import", "archimate", str(exported), "-o", str(tmp_path / "back"))
    assert code == 0 and "validation: 0 errors, 0 warnings" in out, out + err
    code, out, err = run("diff", "--folders", str(MODEL), str(tmp_path / "back"), "--format", "json")
    assert code == 0, err
    diff = json.loads(out)
    assert diff["elements"] == diff["relationships"] == {"added": [], "removed": [], "changed": []}, diff
    assert diff["findings"] == {"introduced": [], "resolved": []} and diff["impacted"] == []
    # and the model's own: its title, introduction and declared checks came back
    settings = (tmp_path / "back" / "refarch.yaml").read_text(encoding="utf-8")
    assert "title: TE24-viitearkkitehtuuri" in settings and "change-column:" in settings


def test_a_model_of_its_own_metamodel_round_trips_too(run, tmp_path: Path) -> None:
    """The library example: its flows are `message`s that name their ends `sent-by` and `sent-to`, and its
    kinds are its metamodel's. Imported in that project, the files come with that metamodel and say so."""
    project = tmp_path / "library"
    shutil.copytree(ROOT / "examples" / "library" / "architecture", project / "architecture")
    code, _, err = run("export", "archimate", "-o", "library.xml", "--no-views", cwd=project)
    assert code == 0 and "export-skipped flow" not in err, err
    code, out, err = run("import", "archimate", "library.xml", "-o", "back", cwd=project)
    assert code == 0 and "validation: 0 errors, 0 warnings" in out and "3 of them as flow elements" in out, out + err
    assert "metamodel: metamodel.yaml" in (project / "back" / "refarch.yaml").read_text(encoding="utf-8")
    code, out, err = run("diff", "--folders", "architecture", "back", "--format", "json", cwd=project)
    diff = json.loads(out)
    assert diff["elements"] == diff["relationships"] == {"added": [], "removed": [], "changed": []}, diff


def test_lists_are_written_in_yaml_flow_style_with_their_language() -> None:
    from refarch import pipeline

    data = to_archimate(pipeline.check([MODEL]).model, "TE24", views=False)
    root = etree.fromstring(data)
    definitions = {d.findtext(f"{{{NS}}}name"): d for d in root.iter(f"{{{NS}}}propertyDefinition")}
    names = definitions["names-in-source"]
    assert names.get("type") == "string" and "YAML" in names.findtext(f"{{{NS}}}documentation")
    value = next(
        p.find(f"{{{NS}}}value")
        for p in root.iter(f"{{{NS}}}property")
        if p.get("propertyDefinitionRef") == names.get("identifier")
    )
    assert value.text.startswith("[TE2024, ") and value.get(XML_LANG) == "fi"
    assert all(v.get(XML_LANG) for v in root.iter(f"{{{NS}}}value"))


def test_the_models_name_documentation_and_settings_travel() -> None:
    from refarch import pipeline

    settings = {
        "about": {
            "title": "Kirjasto",
            "introduction": {"fi": "Johdanto", "en": "Intro"},
            "date": datetime.date(2026, 1, 2),
        },
        "checks": {
            "x-check": {"summary": "S", "applies-to": "actor", "requires": {"via": ["provides"], "to": ["service"]}}
        },
        "custom-rules": [{"code": "mine", "function": "checks/mine.py:f"}],
    }
    warnings: list = []
    data = to_archimate(pipeline.check([MODEL]).model, "Kirjasto", views=False, warnings=warnings, settings=settings)
    assert [w.message for w in warnings if "custom-rules" in w.message]  # named, not carried
    root = etree.fromstring(data)
    assert {d.get(XML_LANG): d.text for d in root.findall(f"{{{NS}}}documentation")} == {
        "fi": "Johdanto",
        "en": "Intro",
    }
    imported = read_archimate(data, load_metamodel(), "k.xml")
    back = imported.files["refarch.yaml"]
    assert "title: Kirjasto" in back and "date: 2026-01-02" in back and "x-check:" in back
    assert "custom-rules" not in back and "checks/mine.py" not in back


def test_a_foreign_models_name_and_documentation_become_its_about() -> None:
    xml = b"""<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
      <name xml:lang="en">Archisurance</name><documentation xml:lang="en">An insurer.</documentation>
      <elements><element identifier="a" xsi:type="BusinessActor"><name xml:lang="en">Client</name></element></elements>
      <propertyDefinitions><propertyDefinition identifier="p1" type="string"><name>Unused</name></propertyDefinition>
      </propertyDefinitions></model>"""
    imported = read_archimate(xml, load_metamodel(), "a.xml")
    assert "title: Archisurance" in imported.files["refarch.yaml"]
    # the file is in English: so is the model (its own language first), and untagged text would be too
    assert "introduction: An insurer." in imported.files["refarch.yaml"]
    assert "languages:\n- en\n" in imported.files["refarch.yaml"]
    assert any(
        "1 property definition(s) no element uses" in n.message and "Unused" in n.message for n in imported.notes
    )


def hostile(config: str) -> bytes:
    return f"""<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name xml:lang="fi">M</name>
      <properties><property propertyDefinitionRef="p"><value>{config}</value></property></properties>
      <elements><element identifier="a" xsi:type="BusinessActor"><name xml:lang="fi">A</name></element></elements>
      <propertyDefinitions><propertyDefinition identifier="p" type="string"><name>refarch:config</name>
      <documentation>refarch: values in YAML flow style</documentation></propertyDefinition></propertyDefinitions>
      </model>""".encode()


def test_settings_in_a_file_bring_no_code_no_paths_and_nothing_invalid() -> None:
    imported = read_archimate(
        hostile("{custom-rules: [{code: x, function: 'x.py:f'}], extends: {path: ../../..}, metamodel: /etc/passwd}"),
        load_metamodel(),
        "h.xml",
    )
    settings = imported.files["refarch.yaml"]
    assert "custom-rules" not in settings and "extends" not in settings and "/etc/passwd" not in settings
    assert sum("names files or code" in n.message for n in imported.notes) == 3
    imported = read_archimate(hostile("{about: {title: " + "x" * 500 + "}}"), load_metamodel(), "h.xml")
    assert "x" * 500 not in imported.files.get("refarch.yaml", "")
    assert any('setting "about" is not imported' in n.message and "about.title" in n.message for n in imported.notes)
