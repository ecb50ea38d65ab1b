"""A service path as an ArchiMate view, laid out as the site draws it: the steps left to right along the
top, a lane (a labelled container) per actor, and in each step's column the actors that take part in it,
with the flows of that step between them.

An actor is drawn once in each column it takes part in (an ArchiMate view may show an element more than
once), so a flow runs within its step's column: out of its sender's right side into a channel of its own,
along it to the receiver's row and into the receiver. No two flows share a channel, so none is drawn over
another, and a box is never crossed.
"""

from __future__ import annotations

from refarch.exchange.format import Exported
from refarch.exchange.layout import CHARACTER, ICON, MARGIN, WRAP, Box, Line, box_size, view_relationships
from refarch.model import Model
from refarch.render.dot import service_path_lanes
from refarch.views import View

BOX_WIDTH = CHARACTER * WRAP + ICON  # a column's boxes are as wide as the widest name needs
CHANNEL = 14  # between two flows' vertical runs
GAP = 30  # between a column's last channel and the next column
LANE_LABEL = 24  # the band at a lane's top that holds its label
PADDING = 10
TOP = 40  # room above the steps for a step relationship that skips one


def swimlanes(
    model: Model, view: View, element_ids: dict[str, str], relationships: list[Exported]
) -> tuple[list[Box], list[Line]]:
    """The boxes and lines of a service-path view (`View.layout == "service-path"`)."""
    lanes = service_path_lanes(model, view)
    if not lanes.steps:
        return [], []
    elements_of = {identifier: element for element, identifier in element_ids.items()}
    flows = _flows_by_step(model, lanes.steps, relationships, elements_of)
    in_column = {step: {a for a, s in lanes.doing if s == step} for step in lanes.steps}
    for step, found in flows.items():
        in_column[step] |= {end for rel in found for end in (elements_of[rel.source], elements_of[rel.target])}
    actors = lanes.actors + sorted(
        {a for members in in_column.values() for a in members} - set(lanes.actors), key=lambda a: model.elements[a].name
    )
    x_of = _columns(lanes.steps, flows)
    step_height = max(_height(model.elements[s].name) for s in lanes.steps)
    boxes = [Box(s, x_of[s], TOP, BOX_WIDTH, step_height, s) for s in lanes.steps]
    y = TOP + step_height + GAP
    width = max(x_of.values(), default=MARGIN) + BOX_WIDTH + _channels(flows, lanes.steps[-1]) + PADDING - MARGIN
    centre: dict[tuple[str, str], float] = {}
    for actor in actors:
        height = _height(model.elements[actor].name)
        lane = Box(actor, MARGIN, y, width, LANE_LABEL + height + 2 * PADDING, label=model.elements[actor].name)
        for step in lanes.steps:
            if actor in in_column[step]:
                lane.children.append(
                    Box(f"{actor}.in.{step}", x_of[step], y + LANE_LABEL + PADDING, BOX_WIDTH, height, actor)
                )
                centre[(actor, step)] = y + LANE_LABEL + PADDING + height / 2
        boxes.append(lane)
        y += lane.h + PADDING
    lines = _step_lines(lanes.steps, x_of, relationships, element_ids, elements_of)
    for step in lanes.steps:
        right = x_of[step] + BOX_WIDTH
        for k, rel in enumerate(flows[step], start=1):
            sender, receiver = elements_of[rel.source], elements_of[rel.target]
            channel = right + k * CHANNEL
            start, end = centre[(sender, step)], centre[(receiver, step)]
            if start == end:  # a flow from an actor to itself: a loop out and back
                start, end = start - 8, end + 8
            lines.append(Line(rel, f"{sender}.in.{step}", f"{receiver}.in.{step}", [(channel, start), (channel, end)]))
    return boxes, lines


def _flows_by_step(
    model: Model, steps: list[str], relationships: list[Exported], elements_of: dict[str, str]
) -> dict[str, list[Exported]]:
    """Each step's flows (the relationships standing for them, between two elements), in the flows' order."""
    parts = model.metamodel.views.flows
    found: dict[str, list[Exported]] = {step: [] for step in steps}
    if parts is None:
        return found
    for rel in relationships:
        flow = model.elements.get(rel.stands_for)
        if flow is None or rel.source not in elements_of or rel.target not in elements_of:
            continue
        step = next((r.target for r in flow.relationships if r.type == parts.in_step and r.target in found), None)
        if step is not None:
            found[step].append(rel)
    return found


def _channels(flows: dict[str, list[Exported]], step: str) -> int:
    return (len(flows[step]) + 1) * CHANNEL


def _columns(steps: list[str], flows: dict[str, list[Exported]]) -> dict[str, float]:
    """Each step's column's left edge: a box, then a channel per flow of the step."""
    x_of, x = {}, float(MARGIN + PADDING)
    for step in steps:
        x_of[step] = x
        x += BOX_WIDTH + _channels(flows, step) + GAP
    return x_of


def _height(name: str) -> float:
    return box_size(name)[1]


def _step_lines(
    steps: list[str],
    x_of: dict[str, float],
    relationships: list[Exported],
    element_ids: dict[str, str],
    elements_of: dict[str, str],
) -> list[Line]:
    """The relationships between the steps (their order): straight between neighbours, over the top of
    the steps between where one skips some."""
    lines = []
    order = {step: n for n, step in enumerate(steps)}
    for k, rel in enumerate(view_relationships(steps, relationships, element_ids)):
        source, target = elements_of[rel.source], elements_of[rel.target]
        bends: list[tuple[float, float]] = []
        if abs(order[source] - order[target]) > 1:
            over = TOP - 8 - (k % 4) * 6
            bends = [(x_of[source] + BOX_WIDTH / 2, over), (x_of[target] + BOX_WIDTH / 2, over)]
        lines.append(Line(rel, source, target, bends))
    return lines
