"""Views: a selection of elements and relationships plus a layout intent, made from the model.

A view knows nothing of Graphviz; `toolkit/render/dot.py` draws it. View ids:

- `overview`: the layers as boxes with their element counts and the relationships between layers;
- `layers`: every element, a cluster per layer;
- `layer-<layer>`: one layer's elements and the relationships among them, drawn grouped by kind (each kind
  a box with its count, each relationship type between two kinds an arrow with its count): a layer has up
  to hundreds of elements, which no drawing shows whole and legible on a page;
- `element-<id>`: an element and its direct neighbours, grouped by relationship;
- `service-path-<process>`: the process's steps left to right, the actors as swimlanes with what each
  does in each step and the flows it sends there;
- `data-flows`: actors, data stores and interfaces with the flows between them;
- `roadmap`: the phases in order, each with its tracks and tasks.

Two views are wider than a phone shows legibly, however drawn side by side: the service path (a column per
step) and the data flows (a graph of every party). `narrow(model, view)` gives the same content drawn for a
narrow screen, top to bottom: a service path's steps as cards one under another, each with who does what
and sends which flow; the data flows as a card per sender listing its flows ("→ vastaanottaja: tietovirta").
The site shows one or the other by the width of the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from refarch.errors import ConfigError
from refarch.metamodel import ViewParts
from refarch.model import Element, Model, Relationship
from refarch.problems import did_you_mean
from refarch.strings import ui


@dataclass(frozen=True)
class View:
    id: str
    title: str
    description: str
    layout: str
    elements: tuple[str, ...]
    relationships: tuple[Relationship, ...]
    params: Mapping[str, object] = field(default_factory=dict)


NARROW_LAYOUTS = {"service-path": "service-path-narrow", "data-flows": "data-flows-narrow"}
NARROW_DESCRIPTIONS = {
    "service-path-narrow": "{title}: vaiheet ylhäältä alas, kussakin toimijat, mitä ne tekevät ja mitä ne lähettävät.",
    "data-flows-narrow": "Tietovirrat lähettäjittäin: kunkin lähettäjän tietovirrat vastaanottajineen.",
}
# Layouts drawn top to bottom (the rest left to right), in every drawing format
TOP_DOWN_LAYOUTS = frozenset({"layers", "kinds", "overview", *NARROW_LAYOUTS.values()})


def narrow(model: Model, view: View) -> View | None:
    """The view drawn for a phone, top to bottom, when its own layout is too wide for one; else None.

    >>> from refarch.examples import example_model
    >>> m = example_model()
    >>> narrow(m, make_view(m, "data-flows")).layout, narrow(m, make_view(m, "overview"))
    ('data-flows-narrow', None)
    """
    layout = NARROW_LAYOUTS.get(view.layout)
    if layout is None:
        return None
    description = ui(model).say(NARROW_DESCRIPTIONS[layout], title=view.title)
    return replace(view, id=f"{view.id}-narrow", layout=layout, description=description)


def view_ids(model: Model) -> list[str]:
    """Every view the model offers, in a stable order."""
    parts = model.metamodel.views
    ids = ["overview", "layers", *(f"layer-{layer}" for layer in model.metamodel.layers)]
    ids += ["data-flows"] if parts.flows else []
    ids += ["roadmap"] if parts.timeline else []
    ids += [f"service-path-{process.id}" for process, _ in service_paths(model)]
    ids += [f"element-{element_id}" for element_id in sorted(model.elements)]
    return ids


def make_view(model: Model, view_id: str) -> View:
    """The view with this id; an unknown id is a ConfigError with a suggestion."""
    if view_id == "overview":
        say = ui(model).say
        return View(
            "overview",
            say("Arkkitehtuurin tasot"),
            say("Tasot, niiden elementtien määrät ja tasojen väliset suhteet."),
            "overview",
            tuple(sorted(model.elements)),
            tuple(model.relationships),
        )
    if view_id == "layers":
        return _layers(model)
    if view_id.startswith("layer-") and view_id[6:] in model.metamodel.layers:
        return _layer(model, view_id[6:])
    if view_id.startswith("element-") and view_id[8:] in model.elements:
        return _neighbourhood(model, view_id[8:])
    if view_id.startswith("service-path-") and service_path_steps(model, view_id[13:]):
        return _service_path(model, view_id[13:])
    if view_id == "data-flows" and model.metamodel.views.flows:
        return _data_flows(model)
    if view_id == "roadmap" and model.metamodel.views.timeline:
        return _roadmap(model)
    hint = did_you_mean(view_id, view_ids(model))
    raise ConfigError(f'no view "{view_id}"' + (f"; {hint}" if hint else "; see `refarch render --list`"))


def _layers(model: Model) -> View:
    say = ui(model).say
    return View(
        "layers",
        say("Kaikki elementit tasoittain"),
        say("Kaikki {n} elementtiä tasoittain ryhmiteltyinä ja niiden väliset suhteet.", n=len(model.elements)),
        "layers",
        tuple(sorted(model.elements)),
        _among(model, set(model.elements)),
    )


def _layer(model: Model, layer: str) -> View:
    ids = {e.id for e in model.elements.values() if e.layer == layer}
    label = ui(model).plain(model.metamodel.layers[layer].label, layer)
    return View(
        f"layer-{layer}",
        label,
        ui(model).say(
            "{name}: {n} elementtiä lajeittain ja niiden väliset suhteet lukumäärinä.", name=label, n=len(ids)
        ),
        "kinds",
        tuple(sorted(ids)),
        _among(model, ids),
    )


def _neighbourhood(model: Model, element_id: str) -> View:
    element = model.elements[element_id]
    back = [r for r in model.incoming().get(element_id, []) if r.source != element_id]  # loops once
    rels = tuple(r for r in [*element.relationships, *back] if r.target in model.elements)
    ids = {element_id} | {r.source for r in rels} | {r.target for r in rels}
    return View(
        f"element-{element_id}",
        element.name,
        f"{element.name} ja sen {len(ids) - 1} suoraa naapuria.",
        "neighbourhood",
        tuple(sorted(ids)),
        _sorted_rels(rels),
        {"focus": element_id},
    )


def _service_path(model: Model, process: str) -> View:
    path, flows_of = _parts(model).service_path, _parts(model).flows
    assert path is not None  # make_view asks service_path_steps first
    steps = service_path_steps(model, process)
    step_ids = {s.id for s in steps}
    actors = [r for s in steps for r in s.relationships if r.type == path.actors and r.target in model.elements]
    flows, flow_rels = [], []
    if flows_of:
        incoming = model.incoming()
        in_steps = {r.source for step in step_ids for r in incoming.get(step, []) if r.type == flows_of.in_step}
        flows = [model.elements[i] for i in sorted(in_steps) if model.elements[i].kind == flows_of.kind]
        ends = (flows_of.sender, flows_of.receiver, flows_of.in_step, flows_of.carries)
        flow_rels = [r for f in flows for r in f.relationships if r.type in ends]
    ids = step_ids | {r.target for r in actors} | {f.id for f in flows}
    name = model.elements[process].name
    return View(
        f"service-path-{process}",
        name,
        ui(model).say(
            "{name}: {n} vaihetta vasemmalta oikealle, toimijat kaistoina ja tietovirrat niiden välillä.",
            name=name,
            n=len(steps),
        ),
        "service-path",
        tuple(sorted(ids)),
        _sorted_rels([*actors, *flow_rels]),
        {"steps": tuple(s.id for s in steps)},
    )


def _data_flows(model: Model) -> View:
    parts = _parts(model).flows
    assert parts is not None
    flows = [e for e in model.elements.values() if e.kind == parts.kind]
    ends = (parts.sender, parts.receiver, parts.via, parts.carries)
    rels = [r for f in flows for r in f.relationships if r.type in ends and r.target in model.elements]
    ids = {f.id for f in flows} | {r.target for r in rels}
    return View(
        "data-flows",
        ui(model).say("Tietovirrat"),
        ui(model).say("{n} tietovirtaa lähettäjästä vastaanottajaan, välitetyt tiedot ja rajapinnat.", n=len(flows)),
        "data-flows",
        tuple(sorted(ids)),
        _sorted_rels(rels),
    )


def _roadmap(model: Model) -> View:
    parts = _parts(model).timeline
    assert parts is not None
    periods = [e for e in model.elements.values() if e.kind == parts.period]
    items = [e for e in model.elements.values() if e.kind == parts.item]
    ids = {e.id for e in periods} | {e.id for e in items}
    kept = (parts.part_of, parts.precedes)
    rels = [r for r in model.relationships if r.source in ids and r.target in ids and r.type in kept]
    return View(
        "roadmap",
        ui(model).say("Tiekartta"),
        ui(model).say("{periods} jaksoa ja {items} tehtävää raiteittain.", periods=len(periods), items=len(items)),
        "roadmap",
        tuple(sorted(ids)),
        _sorted_rels(rels),
    )


def service_path_steps(model: Model, process: str) -> list[Element]:
    """The steps of a process (the metamodel's `views.service-path`), in their order (then id): the one place
    a service path's steps are worked out, for its view, its drawing and its page. None without the part.

    >>> from refarch.examples import example_model
    >>> [s.id for s in service_path_steps(example_model(), "polku")]
    ['ilmoittautuminen', 'maksu']
    """
    path = _parts(model).service_path
    if path is None or process not in model.elements or model.elements[process].kind != path.process:
        return []
    parts = {r.source for r in model.incoming().get(process, []) if r.type == path.step_of}
    steps = [model.elements[i] for i in parts if i in model.elements and model.elements[i].kind == path.step]
    return sorted(steps, key=lambda s: (s.fields.get(path.order, 0), s.id))


def service_paths(model: Model) -> list[tuple[Element, list[Element]]]:
    """The processes drawn as service paths, by id, each with its steps in order: every process with steps,
    except a phase of another path (`path_phases`), which that path shows with its steps instead."""
    path = _parts(model).service_path
    if path is None:
        return []
    found = [(p, steps) for p in _sorted(model, path.process) if (steps := service_path_steps(model, p.id))]
    phases = {phase.id for process, _ in found for phase in path_phases(model, process.id).values()}
    return [(process, steps) for process, steps in found if process.id not in phases]


def path_phases(model: Model, process: str) -> dict[str, Element]:
    """The main phase of each step of a path that has one, by step id: a process `step-of` the path whose steps
    are all steps of the path too (a phase that spans the path's steps 3 and 4).

    >>> from refarch.examples import example_model
    >>> path_phases(example_model(), "polku")
    {}
    """
    path = _parts(model).service_path
    steps = {s.id for s in service_path_steps(model, process)}
    if path is None or not steps:
        return {}
    phases: dict[str, Element] = {}
    for rel in model.incoming().get(process, []):
        candidate = model.elements.get(rel.source)
        if rel.type != path.step_of or candidate is None or candidate.kind != path.process:
            continue
        own = {s.id for s in service_path_steps(model, candidate.id)}
        if own and own <= steps:
            for step in sorted(own):
                phases.setdefault(step, candidate)
    return phases


def _parts(model: Model) -> ViewParts:
    return model.metamodel.views


def _among(model: Model, ids: set[str]) -> tuple[Relationship, ...]:
    return _sorted_rels(r for r in model.relationships if r.source in ids and r.target in ids)


def _sorted_rels(rels) -> tuple[Relationship, ...]:
    return tuple(sorted(rels, key=lambda r: (r.source, r.type, r.target)))


def _sorted(model: Model, kind: str):
    return sorted((e for e in model.elements.values() if e.kind == kind), key=lambda e: e.id)
