"""The default metamodel: the kinds and layers the issue names, and internal consistency."""

from __future__ import annotations

import pytest

from refarch.errors import ConfigError
from refarch.metamodel import load_metamodel, parse_metamodel

REQUIRED_KINDS = {
    "principles": {"law", "principle", "goal"},
    "business": {"actor", "role", "service", "process", "step", "event"},
    "information": {"data-group", "data-store", "flow", "information-need"},
    "systems": {"system", "system-service", "interface"},
    "roadmap": {"phase", "task"},
}


def test_required_kinds_are_in_their_layers() -> None:
    mm = load_metamodel()
    for layer, kinds in REQUIRED_KINDS.items():
        for kind in kinds:
            assert mm.kinds[kind].layer == layer


def test_every_kind_has_finnish_and_english_labels_and_an_archimate_type() -> None:
    for kind in load_metamodel().kinds.values():
        assert {"fi", "en"} <= set(kind.label), kind.id
        assert kind.archimate[0].isupper(), kind.id


def test_every_relationship_has_an_inverse_and_labels() -> None:
    for rt in load_metamodel().relationships.values():
        assert rt.inverse and {"fi", "en"} <= set(rt.label) and {"fi", "en"} <= set(rt.inverse_label)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "must be a mapping"),
        (
            {
                "layers": {"a": {}},
                "kinds": {"x": {"layer": "a", "fields": {"f": "colour"}}},
                "relationships": {"r": {"from": ["x"], "to": ["x"]}},
            },
            "unknown type 'colour'",
        ),
        (
            {"layers": {"a": {}}, "kinds": {"x": {"layer": "a"}}, "relationships": {"r": {"from": ["y"], "to": ["x"]}}},
            "unknown kind 'y'",
        ),
        (
            {"layers": {"a": {}}, "kinds": {"x": {"layer": "a"}}, "relationships": {"r": {"to": ["x"]}}},
            "needs a 'from'",
        ),
    ],
)
def test_inconsistent_metamodels_are_config_errors(data, message) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_metamodel(data, "mm.yaml")
