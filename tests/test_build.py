"""Building the model from nodes: field types, names, relationships with descriptions, positions."""

from __future__ import annotations

from refarch.build import build
from refarch.load import load_text
from refarch.metamodel import load_metamodel

MM = load_metamodel()


def built(text: str):
    docs, problems = load_text(text, "m.yaml")
    assert problems == []
    return build(docs, MM)


def test_name_as_string_is_finnish_and_mapping_keeps_languages() -> None:
    model, problems = built("actors:\n  - {id: a, name: Kela}\n  - {id: b, name: {fi: Kela, sv: FPA, en: Kela}}\n")
    assert problems == []
    assert dict(model.elements["a"].names) == {"fi": "Kela"}
    assert dict(model.elements["b"].names) == {"fi": "Kela", "sv": "FPA", "en": "Kela"}


def test_relationship_items_may_carry_a_description() -> None:
    model, problems = built(
        "steps:\n  - id: s\n    name: S\n    order: 1\n    involves:\n"
        "      - to: kela\n        description: {fi: Etuuden maksaminen}\n      - dvv\n"
    )
    assert problems == []
    first, second = model.relationships
    assert (first.type, first.source, first.target) == ("involves", "s", "kela")
    assert dict(first.description) == {"fi": "Etuuden maksaminen"}
    assert second.target == "dvv" and (second.location.line, second.location.column) == (8, 9)


def test_values_links_properties_and_numbers() -> None:
    model, problems = built(
        "figures:\n  - id: f\n    name: F\n    values: {nykytila: 2_324_457_264, muutos: 0.5}\n"
        "    links: [https://tem.fi, {url: https://kuntaliitto.fi, title: Kuntaliitto}]\n"
        "    properties: {note: <b>html stays text</b>, nested: {a: [1, 2]}}\n"
    )
    assert problems == []
    f = model.elements["f"]
    assert f.fields["values"] == {"nykytila": 2324457264, "muutos": 0.5}
    assert [dict(link) for link in f.links] == [
        {"url": "https://tem.fi", "title": "https://tem.fi"},
        {"url": "https://kuntaliitto.fi", "title": "Kuntaliitto"},
    ]
    assert f.properties == {"note": "<b>html stays text</b>", "nested": {"a": [1, 2]}}


def test_yaml_booleans_in_ids_are_reported_with_a_quote_hint() -> None:
    _, problems = built("actors:\n  - {id: no, name: N}\n")
    (problem,) = problems
    assert problem.code == "field-type" and problem.hint == 'quote it: "no"'


def test_singular_section_name_gets_a_plural_hint() -> None:
    _, (problem,) = built("actor:\n  - {id: a, name: A}\n")
    assert problem.code == "unknown-field" and '"actors"' in problem.hint


def test_element_without_id_is_reported_not_dropped_silently() -> None:
    model, problems = built("actors:\n  - name: A\n")
    assert [p.code for p in problems] == ["missing-field"]
    assert (problems[0].location.line, problems[0].location.column) == (2, 5)


def test_every_unknown_field_gets_a_finding_at_its_key() -> None:
    _, problems = built("actors:\n  - id: a\n    name: A\n    owner: x\n    colour: y\n")
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [
        ("unknown-field", 4, 5),
        ("unknown-field", 5, 5),
    ]


def test_numbers_with_spaces_are_wrong_type_with_a_hint() -> None:
    _, (problem,) = built("figures:\n  - {id: f, name: F, value: 2 324 457}\n")
    assert problem.code == "field-type" and "without spaces" in problem.hint
