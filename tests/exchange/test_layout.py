"""The exported views (refarch.exchange.layout, .swimlanes) as an ArchiMate tool shows them: every
connection joins boxes of its relationship's own ends, goes along the bendpoints Graphviz routed, and no
two are drawn one over the other; every box is big enough for its whole name; the service path has its
lanes and flows; the identifiers are the model's own."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from lxml import etree

from refarch import pipeline
from refarch.exchange.archimate import to_archimate
from refarch.exchange.format import NS, XSI
from refarch.exchange.layout import WRAP, name_lines

from support import MODEL


@lru_cache(maxsize=1)
def te24() -> etree._Element:
    return etree.fromstring(to_archimate(pipeline.check([MODEL]).model, "TE24"))


def views(root: etree._Element) -> dict[str, etree._Element]:
    return {v.get("identifier").rsplit(".", 1)[1]: v for v in root.iter(f"{{{NS}}}view")}


def test_every_connection_joins_boxes_of_its_relationships_own_ends() -> None:
    root = te24()
    relationships = {r.get("identifier"): r for r in root.iter(f"{{{NS}}}relationship")}
    checked = 0
    for view in root.iter(f"{{{NS}}}view"):
        nodes = {n.get("identifier"): n.get("elementRef") for n in view.iter(f"{{{NS}}}node")}
        for connection in view.iter(f"{{{NS}}}connection"):
            rel = relationships[connection.get("relationshipRef")]
            ends = (nodes[connection.get("source")], nodes[connection.get("target")])
            assert ends == (rel.get("source"), rel.get("target")), connection.get("identifier")
            checked += 1
    assert checked > 200


def polyline(view: etree._Element, connection: etree._Element) -> tuple:
    boxes = {n.get("identifier"): n for n in view.iter(f"{{{NS}}}node")}

    def centre(node_id: str) -> tuple[float, float]:
        n = boxes[node_id]
        return (int(n.get("x")) + int(n.get("w")) / 2, int(n.get("y")) + int(n.get("h")) / 2)

    bends = [(float(b.get("x")), float(b.get("y"))) for b in connection.iter(f"{{{NS}}}bendpoint")]
    return (centre(connection.get("source")), *bends, centre(connection.get("target")))


def test_no_connection_is_drawn_over_another() -> None:
    for name, view in views(te24()).items():
        lines = [polyline(view, c) for c in view.iter(f"{{{NS}}}connection")]
        by_ends = defaultdict(list)
        for line in lines:
            by_ends[frozenset((line[0], line[-1]))].append(line[1:-1])
        for ends, bends in by_ends.items():
            assert len(set(bends)) == len(bends), f"{name}: {len(bends)} connections between {ends} on one path"


def test_connections_go_along_the_bendpoints_graphviz_routed() -> None:
    found = views(te24())
    data_flows = list(found["data-flows"].iter(f"{{{NS}}}connection"))
    bent = [c for c in data_flows if c.find(f"{{{NS}}}bendpoint") is not None]
    assert len(data_flows) > 20 and len(bent) > len(data_flows) // 3
    # parallel flows between the same two elements (there are some) take different routes
    pairs = defaultdict(int)
    for c in data_flows:
        pairs[(c.get("source"), c.get("target"))] += 1
    assert max(pairs.values()) >= 2


def test_every_box_holds_its_whole_name() -> None:
    root = te24()
    names = {e.get("identifier"): e.findtext(f"{{{NS}}}name") for e in root.iter(f"{{{NS}}}element")}
    for view in root.iter(f"{{{NS}}}view"):
        for node in view.iter(f"{{{NS}}}node"):
            if node.get(f"{{{XSI}}}type") != "Element":
                continue
            lines = name_lines(names[node.get("elementRef")])
            # 9-point text is at most ~5.5 points a character; the type icon needs ~20 points beside it
            assert int(node.get("w")) >= 5.5 * min(WRAP, max(len(line) for line in lines)) + 20, lines
            assert int(node.get("h")) >= 12 * len(lines) + 10, lines


def test_the_service_path_has_its_steps_lanes_and_flows() -> None:
    model = pipeline.check([MODEL]).model
    view = views(te24())["service-path-palvelupolku"]
    lanes = [n for n in view.iter(f"{{{NS}}}node") if n.get(f"{{{XSI}}}type") == "Container"]
    labels = {lane.findtext(f"{{{NS}}}label") for lane in lanes}
    assert {"Kunnan työllisyyspalvelut", "Työnhakija (Riina)", "KELA / työttömyyskassat"} <= labels
    for lane in lanes:  # a lane holds only its actor, once per step it takes part in
        refs = {n.get("elementRef") for n in lane.findall(f"{{{NS}}}node")}
        assert len(refs) == 1 and model.elements[next(iter(refs))[3:]].name == lane.findtext(f"{{{NS}}}label")
        inner = lane.findall(f"{{{NS}}}node")
        for box in inner:  # nested boxes lie inside their lane (absolute coordinates)
            assert int(lane.get("x")) <= int(box.get("x")) and int(box.get("x")) + int(box.get("w")) <= int(
                lane.get("x")
            ) + int(lane.get("w"))
            assert int(lane.get("y")) <= int(box.get("y")) and int(box.get("y")) + int(box.get("h")) <= int(
                lane.get("y")
            ) + int(lane.get("h"))
    root = te24()
    flows = {r.get("identifier") for r in root.iter(f"{{{NS}}}relationship") if r.get(f"{{{XSI}}}type") == "Flow"}
    drawn = [c for c in view.iter(f"{{{NS}}}connection") if c.get("relationshipRef") in flows]
    assert len(drawn) >= 12
    steps = [n for n in view.findall(f"{{{NS}}}node") if n.get(f"{{{XSI}}}type") == "Element"]
    assert len(steps) == 5 and len({n.get("y") for n in steps}) == 1  # the steps in a row along the top


def test_identifiers_are_the_models_own() -> None:
    model = pipeline.check([MODEL]).model
    first = etree.fromstring(to_archimate(model, "TE24", views=True))
    other = etree.fromstring(to_archimate(model, "Alue 7", views=True))
    assert first.get("identifier") != other.get("identifier")
    ours = {v.get("identifier") for v in first.iter(f"{{{NS}}}view")}
    theirs = {v.get("identifier") for v in other.iter(f"{{{NS}}}view")}
    assert ours and not ours & theirs
    nodes = {n.get("identifier") for n in first.iter(f"{{{NS}}}node")}
    assert not nodes & {n.get("identifier") for n in other.iter(f"{{{NS}}}node")}
