"""The default metamodel: the kinds and layers the issue names, and internal consistency."""

from __future__ import annotations

import pytest

from refarch.errors import ConfigError
from refarch.metamodel import load_metamodel, parse_metamodel

from sites import TE24_WORDS
from support import ROOT

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
        (  # a colour goes into drawings and pages: only #rrggbb
            {"layers": {"a": {"colour": 'red" onload="x'}}, "kinds": {"x": {"layer": "a"}}, "relationships": {}},
            "colour must be written #rrggbb",
        ),
        (
            {"layers": {"a": {}}, "kinds": {"x": {"layer": "a", "shape": "box, URL=x"}}, "relationships": {}},
            "is not a Graphviz shape",
        ),
        (
            {"layers": {"a": {}}, "kinds": {"x": {"layer": "a", "colour": "#12345"}}, "relationships": {}},
            "colour must be written #rrggbb",
        ),
        (
            {"layers": {"a": {}}, "kinds": {"x": {"layer": "a", "size": {"width": "9]; x"}}}, "relationships": {}},
            "size must be",
        ),
        (
            {
                "layers": {"a": {}},
                "kinds": {"x": {"layer": "a"}},
                "relationships": {"r": {"from": ["x"], "to": ["x"], "archimate-otherwise": ["Realization"]}},
            },
            "archimate-otherwise must be a list of",
        ),
        (
            {
                "layers": {"a": {}},
                "kinds": {"x": {"layer": "a"}},
                "relationships": {"r": {"from": ["x"], "to": ["x"], "archimate-otherwise": [{"type": "Flow", "x": 1}]}},
            },
            "archimate-otherwise must be a list of",
        ),
        *(
            (
                {
                    "layers": {"a": {}},
                    "kinds": {"x": {"layer": "a"}},
                    "relationships": {"r": {"from": ["x"], "to": ["x"], "impact": impact}},
                },
                "impact must map backward and/or forward to changes, encloses, affects or mentions",
            )
            for impact in ("sideways", {"backward": "everything"}, {"up": "changes"}, ["backward"])
        ),
    ],
)
def test_inconsistent_metamodels_are_config_errors(data, message) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_metamodel(data, "mm.yaml")


def test_a_metamodel_says_how_its_kinds_are_drawn() -> None:
    """Colours and shapes are the metamodel's: another metamodel draws its kinds its own way."""
    from refarch.model import Model
    from refarch.render.dot import legend_dot

    mm = parse_metamodel(
        {
            "layers": {"a": {"colour": "#123ABC"}},
            "kinds": {
                "book": {"layer": "a", "shape": "folder", "rounded": True},
                "shelf": {"layer": "a", "colour": "#FFEEDD", "size": {"width": 2, "height": 0.75}},
            },
            "relationships": {"on": {"from": ["book"], "to": ["shelf"]}},
        },
        "mm.yaml",
    )
    text = legend_dot(Model(mm, {}, ()), ["book", "shelf"])
    assert 'shape=folder, style="rounded,filled", fillcolor="#123abc"' in text
    assert 'shape=box, style="filled", fillcolor="#ffeedd", width=2, height=0.75' in text


LIBRARY = {  # a metamodel of other words: its views name their own kinds and relationships
    "layers": {"service": {"colour": "#ddeeff"}},
    "kinds": {
        "party": {"layer": "service", "plural": "parties"},
        "message": {"layer": "service", "shape": "rarrow"},
        "record": {"layer": "service", "shape": "folder"},
    },
    "relationships": {
        "sent-by": {"from": ["message"], "to": ["party"]},
        "sent-to": {"from": ["message"], "to": ["party"]},
        "contains": {"from": ["message"], "to": ["record"]},
    },
    "views": {"flows": {"kind": "message", "sender": "sent-by", "receiver": "sent-to", "carries": "contains"}},
}


def test_views_name_the_metamodels_own_kinds_and_relationships() -> None:
    flows = parse_metamodel(LIBRARY, "mm.yaml").views.flows
    assert flows is not None and (flows.kind, flows.sender, flows.carries, flows.via) == (
        "message",
        "sent-by",
        "contains",
        None,
    )
    assert parse_metamodel({**LIBRARY, "views": None}, "mm.yaml").views.flows is None


@pytest.mark.parametrize(
    "views, message",
    [
        ({"lanes": {}}, "unknown part 'lanes'"),
        ({"flows": {"kind": "message", "sender": "sent-by"}}, "views.flows needs receiver, carries"),
        (
            {"flows": {"kind": "letter", "sender": "sent-by", "receiver": "sent-to", "carries": "contains"}},
            "views.flows.kind: 'letter' is no kind",
        ),
        (
            {"flows": {"kind": "message", "sender": "from", "receiver": "sent-to", "carries": "contains"}},
            "views.flows.sender: 'from' is no relationship",
        ),
        (  # a relationship that the flow kind may not write: the view would be empty, silently
            {"flows": {"kind": "party", "sender": "sent-by", "receiver": "sent-to", "carries": "contains"}},
            "'sent-by' does not allow 'party' as its 'from' kind",
        ),
        (
            {"flows": {**LIBRARY["views"]["flows"], "colour": "red"}},
            "views.flows: unknown entry colour",
        ),
    ],
)
def test_views_that_name_what_the_metamodel_lacks_are_config_errors(views, message) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_metamodel({**LIBRARY, "views": views}, "mm.yaml")


def test_a_timeline_field_must_be_a_field_of_its_kind() -> None:
    data = {
        "layers": {"plan": {}},
        "kinds": {"period": {"layer": "plan", "fields": {"begins": "date"}}, "work": {"layer": "plan"}},
        "relationships": {"within": {"from": ["work", "period"], "to": ["period", "work"]}},
        "views": {"timeline": {"period": "period", "item": "work", "part-of": "within", "start": "begins"}},
    }
    with pytest.raises(ConfigError, match="views.timeline needs track"):
        parse_metamodel(data, "mm.yaml")
    data["views"]["timeline"]["track"] = "lane"
    with pytest.raises(ConfigError, match="views.timeline.track: 'lane' is no field of 'work'"):
        parse_metamodel(data, "mm.yaml")


def test_the_package_names_no_te24_word() -> None:
    """A different reference architecture is different data, not different code: the package's code,
    templates and assets name nothing of TE24 (its metamodel is data, `metamodel.yaml`; help and docstring
    examples use a neutral library vocabulary)."""
    package = ROOT / "toolkit"
    found = [
        f"{path.relative_to(ROOT)}:{n}: {match.group(0)}"
        for path in sorted(package.rglob("*"))
        if path.suffix in {".py", ".j2", ".js", ".css"} and "vendor" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in TE24_WORDS.finditer(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    "written, backward, forward",
    [
        (None, "affects", None),  # a relationship that says nothing: its source depends on its target
        ({"forward": "changes", "backward": "mentions"}, "mentions", "changes"),
        ({}, None, None),
        ("forward", None, "changes"),  # the first format's words, as they were meant
        ("backward", "changes", None),
        ("none", None, None),
    ],
)
def test_a_relationship_says_how_a_change_crosses_it_each_way(written, backward, forward) -> None:
    spec = {"from": ["x"], "to": ["x"], **({} if written is None else {"impact": written})}
    data = {"layers": {"a": {}}, "kinds": {"x": {"layer": "a"}}, "relationships": {"r": spec}}
    impact = parse_metamodel(data, "mm.yaml").relationships["r"].impact
    assert (impact.backward, impact.forward) == (backward, forward)
