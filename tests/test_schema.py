"""The editor JSON Schema: generated from the metamodel, and it accepts and rejects what the validator does."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from refarch.metamodel import load_metamodel
from refarch.schema import json_schema

SCHEMA = json_schema(load_metamodel())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def test_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_every_kind_is_a_section_with_its_fields_and_relationships() -> None:
    mm = load_metamodel()
    for kind in mm.kinds.values():
        assert kind.plural in SCHEMA["properties"]
        props = SCHEMA["definitions"][kind.id]["properties"]
        assert set(kind.fields) <= set(props)
        assert set(mm.relationships_from(kind.id)) <= set(props)


@pytest.mark.parametrize(
    "text",
    [
        "actors:\n  - {id: kela, name: Kela}\n",
        "steps:\n  - id: s\n    name: {fi: S, en: S}\n    order: 1\n"
        "    involves: [{to: kela, description: maksaa}, dvv]\n",
        "figures:\n  - {id: f, name: F, values: {a: 1, b: 2.5}, sum-of: [g]}\n",
    ],
)
def test_schema_accepts_valid_files(text: str) -> None:
    VALIDATOR.validate(yaml.safe_load(text))


@pytest.mark.parametrize(
    "text, why",
    [
        ("actor:\n  - {id: kela, name: Kela}\n", "singular section"),
        ("actors:\n  - {id: kela, name: Kela, descripton: x}\n", "misspelt field"),
        ("actors:\n  - {id: Kela, name: Kela}\n", "id not a slug"),
        ("actors:\n  - {id: kela}\n", "no name"),
        ("actors:\n  - {id: kela, name: {en: Kela}}\n", "no Finnish name"),
        ("actors:\n  - {id: kela, name: Kela, carries: x}\n", "relationship not allowed on the kind"),
        ("steps:\n  - {id: s, name: S}\n", "step without order"),
        ("actors:\n  - {id: kela, name: Kela, waive: [{rule: orphan-element}]}\n", "waiver without reason"),
    ],
)
def test_schema_rejects_what_the_validator_rejects(text: str, why: str) -> None:
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text))), why


def test_schema_output_is_deterministic(run, tmp_path) -> None:
    first = run("schema", cwd=tmp_path)[1]
    assert first == run("schema", cwd=tmp_path)[1]
    assert json.loads(first)["$schema"].startswith("http://json-schema.org/draft-07/")
