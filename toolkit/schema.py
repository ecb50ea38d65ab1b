"""A JSON Schema (draft-07) of the model files, generated from the metamodel, for editors.

With the YAML language server (VS Code's YAML extension, and most editors' LSP set-ups) a file that
starts with `# yaml-language-server: $schema=<path>` gets completion, hover labels and checks.
"""

from __future__ import annotations

import json

from refarch.build import COMMON_FIELDS, ID_PATTERN
from refarch.metamodel import Kind, Metamodel

_SCALAR = {"type": ["string", "number"]}
_FIELD_SCHEMAS: dict[str, dict[str, object]] = {
    "string": {"type": ["string", "number"]},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "values": {"type": "object", "additionalProperties": {"type": "number"}},
    "strings": {"type": "array", "items": {"type": "string"}},
}


def json_schema(mm: Metamodel) -> dict:
    text = _text_schema(mm)
    sections = {
        kind.plural: {
            "description": _label(kind.label) + f" ({kind.layer})",
            "type": ["array", "null"],
            "items": {"$ref": f"#/definitions/{kind.id}"},
        }
        for kind in mm.kinds.values()
    }
    definitions = {kind.id: _kind_schema(kind, mm) for kind in mm.kinds.values()}
    definitions["text"] = text
    definitions["reason"] = {  # a waiver's reason: a text like a name, but any one language will do
        "oneOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": {lang: {"type": "string", "minLength": 1} for lang in mm.languages},
            },
        ]
    }
    definitions["provenance"] = _provenance_schema(mm)
    definitions["relation"] = {
        "oneOf": [
            {"$ref": "#/definitions/id"},
            {
                "type": "object",
                "required": ["to"],
                "additionalProperties": False,
                "properties": {
                    "to": {"$ref": "#/definitions/id"},
                    "description": {"$ref": "#/definitions/text"},
                    "properties": {"type": "object"},
                    "provenance": {"$ref": "#/definitions/provenance"},
                },
            },
        ]
    }
    definitions["id"] = {"type": "string", "pattern": ID_PATTERN.pattern}
    relation_list = {
        "oneOf": [{"$ref": "#/definitions/relation"}, {"type": "array", "items": {"$ref": "#/definitions/relation"}}]
    }
    sections["refinements"] = {
        "description": "An area model's additions to elements of the reference model it extends: properties "
        "and relationships, without editing them.",
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": "#/definitions/id"},
                "properties": {"type": "object"},
                "not-applicable": {
                    "description": "Why the reference element does not apply to this area; conformance lists it "
                    "apart, outside the share.",
                    "type": "string",
                    "minLength": 1,
                },
                **{name: relation_list for name in mm.relationships},
            },
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "refarch model file",
        "description": "A mapping of sections, one per element kind, each a list of elements.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            **sections,
            "provenance": {
                "$ref": "#/definitions/provenance",
                "description": "The default provenance of everything in this file that gives none of its own.",
            },
        },
        "definitions": definitions,
    }


def render_schema(mm: Metamodel) -> str:
    return json.dumps(json_schema(mm), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _kind_schema(kind: Kind, mm: Metamodel) -> dict:
    props: dict[str, dict] = {
        "id": {"$ref": "#/definitions/id", "description": "Stable slug id, unique in the model."},
        "name": {"$ref": "#/definitions/text", "description": "Name: a Finnish string, or fi (required), sv, en."},
        "description": {"$ref": "#/definitions/text"},
        "source": {
            "type": ["string", "number"],
            "description": "Where the facts come from (document, place in it): short for provenance kind stated.",
        },
        "provenance": {"$ref": "#/definitions/provenance"},
        "properties": {"type": "object", "description": "Free properties."},
        "formerly": {
            "description": "The ids the element had before it was renamed: they still resolve, with a warning.",
            "oneOf": [
                {"$ref": "#/definitions/id"},
                {"type": "array", "items": {"$ref": "#/definitions/id"}},
            ],
        },
        "links": {
            "type": "array",
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["url"],
                        "additionalProperties": False,
                        "properties": {"url": {"type": "string"}, "title": {"type": "string"}},
                    },
                ]
            },
        },
        "waive": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "reason"],
                "additionalProperties": False,
                "properties": {
                    "rule": {"type": "string"},
                    "reason": {"$ref": "#/definitions/reason"},
                },
            },
        },
    }
    assert set(props) == set(COMMON_FIELDS)
    for name, ftype in kind.fields.items():
        props[name] = {"$ref": "#/definitions/text"} if ftype == "text" else dict(_FIELD_SCHEMAS[ftype])
    for name, rt in mm.relationships_from(kind.id).items():
        targets = ", ".join(mm.target_kinds(rt))
        props[name] = {
            "description": f"{_label(rt.label)} -> {targets}",
            "oneOf": [
                {"$ref": "#/definitions/relation"},
                {"type": "array", "items": {"$ref": "#/definitions/relation"}},
            ],
        }
    return {
        "type": "object",
        "description": _label(kind.label),
        "required": ["id", "name", *kind.required],
        "additionalProperties": False,
        "properties": props,
    }


def _provenance_schema(mm: Metamodel) -> dict:
    """A kind alone, or a mapping; each kind's required fields are checked by the rule invalid-provenance,
    which gives the better message, so the schema only lists what may be written."""
    kinds = list(mm.provenance) or ["stated", "inferred"]
    kind = {"enum": kinds, "description": "; ".join(f"{k}: {_label(v.label)}" for k, v in mm.provenance.items())}
    return {
        "description": "Where this comes from (docs/provenance.md).",
        "oneOf": [
            kind,
            {
                "type": "object",
                "required": ["kind"],
                "additionalProperties": False,
                "properties": {
                    "kind": kind,
                    "source": {"type": ["string", "number"], "description": "Where: document and place, or URL."},
                    "quote": {"type": ["string", "number"], "description": "The source's own words."},
                    "reason": {"$ref": "#/definitions/reason", "description": "Why the modeller concludes it."},
                    "date": _FIELD_SCHEMAS["date"],
                },
            },
        ],
    }


def _text_schema(mm: Metamodel) -> dict:
    languages = {lang: {"type": ["string", "number"]} for lang in mm.languages}
    return {
        "oneOf": [
            _SCALAR,
            {"type": "object", "required": [mm.languages[0]], "additionalProperties": False, "properties": languages},
        ]
    }


def _label(label) -> str:
    return " / ".join(label[lang] for lang in ("fi", "en") if lang in label) or " / ".join(label.values())
