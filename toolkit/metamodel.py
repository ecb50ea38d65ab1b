"""The metamodel as data: layers, element kinds and relationship types, read from a YAML file.

A different reference architecture is a different metamodel file, not a code change. The default one
ships as `toolkit/metamodel.yaml`; a model repository names its own in `refarch.yaml`.

>>> mm = load_metamodel()
>>> mm.kinds["step"].layer
'business'
>>> mm.relationships["part-of"].inverse
'has-part'
>>> mm.relationships["carries"].allows_target("data-group")
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from refarch.errors import ConfigError
from refarch.load import display_path, read_settings
from refarch.problems import SEVERITIES, Severity

DEFAULT_PATH = Path(__file__).with_name("metamodel.yaml")
FIELD_TYPES = ("string", "text", "integer", "number", "boolean", "date", "values", "strings")
ANY = "*"
# Graphviz node shapes a kind may be drawn as (https://graphviz.org/doc/info/shapes.html), polygon-based
_SHAPE_NAMES = (
    "box polygon ellipse oval circle point egg triangle plaintext plain diamond trapezium parallelogram house "
    "pentagon hexagon septagon octagon doublecircle doubleoctagon tripleoctagon invtriangle invtrapezium "
    "invhouse rect rectangle square star underline cylinder note tab folder box3d component promoter cds "
    "terminator utr primersite restrictionsite fivepoverhang threepoverhang noverhang assembly signature "
    "insulator ribosite rnastab proteasesite proteinstab rpromoter rarrow larrow lpromoter"
)
SHAPES = frozenset(_SHAPE_NAMES.split())
DEFAULT_COLOUR = "#eeeeee"


@dataclass(frozen=True, slots=True)
class Layer:
    id: str
    label: Mapping[str, str]
    eif: str | None = None
    colour: str = DEFAULT_COLOUR  # the fill of its elements in every drawing and key


@dataclass(frozen=True, slots=True)
class Kind:
    """An element kind: where it lives, what it is called, and which fields it takes."""

    id: str
    layer: str
    plural: str
    label: Mapping[str, str]
    archimate: str
    fields: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    archimate_relationship: bool = False
    shape: str = "box"  # how its elements are drawn (a Graphviz shape), filled with their layer's colour
    rounded: bool = False
    colour: str | None = None  # its own fill, instead of its layer's
    size: tuple[float, float] | None = None  # its nodes' least width and height, in inches


# How a change crosses a relationship (Impact), strongest first.
CHANGES, ENCLOSES, AFFECTS, MENTIONS = "changes", "encloses", "affects", "mentions"


@dataclass(frozen=True, slots=True)
class Impact:
    """How a change crosses a relationship each way: `backward` (from its target to its source), `forward`
    (from its source to its target); each one of
    - `changes`: the element reached changes too and passes the change on (a step's process);
    - `encloses`: the element reached is a whole the changed one is part of: it is affected, and so are
      its own wholes (a step's process);
    - `affects`: the element reached is affected; from it the change goes on only to what `changes` with
      it and to its wholes (a step that uses a changed system, and the step's process; not its actors);
    - `mentions`: the element reached describes the changed one (a roadmap task about it); it is reached
      only from the element changed itself, and passes nothing on;
    - None: nothing crosses.

    A step `uses` a system: `Impact(backward="affects")`. A step is `part-of` its process:
    `Impact(backward=None, forward="encloses")`.
    """

    backward: str | None = AFFECTS
    forward: str | None = None

    def way(self, forward: bool) -> str | None:
        return self.forward if forward else self.backward


@dataclass(frozen=True, slots=True)
class RelationshipType:
    """A relationship type, written on its source element under its own name."""

    id: str
    inverse: str
    label: Mapping[str, str]
    inverse_label: Mapping[str, str]
    archimate: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    archimate_reverse: bool = False
    # other ArchiMate types, in order, for ends between which ArchiMate's table allows not `archimate`:
    # (type, reverse) pairs, e.g. ("Realization", False): a task realizes its phase where Aggregation cannot
    archimate_otherwise: tuple[tuple[str, bool], ...] = ()
    acyclic: bool = False
    same_kind: bool = False
    impact: Impact = Impact()

    def archimate_options(self) -> tuple[tuple[str, bool], ...]:
        """The ArchiMate types this relationship may be exported as, best first, each with whether it is
        written from the target to the source."""
        return ((self.archimate, self.archimate_reverse), *self.archimate_otherwise)

    def allows_source(self, kind: str) -> bool:
        return ANY in self.sources or kind in self.sources

    def allows_target(self, kind: str) -> bool:
        return ANY in self.targets or kind in self.targets

    def allows(self, source_kind: str, target_kind: str) -> bool:
        """Whether an element of one kind may write this relationship to an element of the other."""
        return (
            self.allows_source(source_kind)
            and self.allows_target(target_kind)
            and (not self.same_kind or source_kind == target_kind)
        )


PROVENANCE_FIELDS = ("source", "quote", "reason", "date")  # what a provenance may give besides its kind


@dataclass(frozen=True, slots=True)
class ProvenanceKind:
    """A kind of provenance (`provenance:` in the metamodel): its badge's label, what it means for a reader,
    and the fields every provenance of this kind must give (an inference its `reason`)."""

    id: str
    label: Mapping[str, str]
    meaning: Mapping[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PathSpec:
    """A walk over named relationships (names forward, inverse names backward) to elements of some kinds."""

    via: tuple[str, ...]
    to: tuple[str, ...] = ()
    where: Mapping[str, Any] = field(default_factory=dict)
    max_length: int = 4


@dataclass(frozen=True, slots=True)
class CompletenessRule:
    """A traceability or completeness rule declared in the metamodel: elements of some kinds need a path."""

    code: str
    summary: str
    severity: Severity
    applies_to: tuple[str, ...]
    requires: PathSpec
    when: PathSpec | None = None


@dataclass(frozen=True)
class ConformanceScope:
    """Reference elements an area should realise: of a kind, with fields matching `where`."""

    kind: str
    where: Mapping[str, Any] = field(default_factory=dict)

    def covers(self, element) -> bool:
        return element.kind == self.kind and all(element.fields.get(k) == v for k, v in self.where.items())


@dataclass(frozen=True)
class Conformance:
    realised_by: tuple[str, ...]
    scope: tuple[ConformanceScope, ...]
    through_parts: str | None = None  # part -> whole: realising a part of a reference element counts for it
    wholes: tuple[str, ...] = ()  # the kinds of whole that count through their parts (a system, not a step)


@dataclass(frozen=True, slots=True)
class FlowParts:
    """A message between two parties (`views.flows`): the kind, and the relationships a flow writes to its
    sender, its receiver, the data it carries, the interface it goes through and the step it belongs to."""

    kind: str
    sender: str
    receiver: str
    carries: str
    via: str | None = None
    in_step: str | None = None


@dataclass(frozen=True, slots=True)
class PathParts:
    """A service path (`views.service-path`): a process kind whose steps (`step`, written `step-of` the
    process, ordered by their field `order`) name the actors taking part (`actors`, each a lane) and the
    systems they use (`uses`)."""

    process: str
    step: str
    step_of: str
    order: str
    actors: str
    uses: str | None = None
    needs: str | None = None  # a kind whose elements are written `step-of` a step (what the step needs to know)


@dataclass(frozen=True, slots=True)
class TimelineParts:
    """The roadmap as a timeline (`views.timeline`): periods (a kind, ordered by the field `start`, nested by
    `part-of`), items (a kind, `part-of` a period or another item) on tracks (the items' field `track`), and
    the relationship that orders periods and items among themselves (`precedes`, drawn in the exports)."""

    period: str
    item: str
    part_of: str
    start: str
    track: str
    precedes: str | None = None
    end: str | None = None  # the period's field that ends it (the timeline marks the period of today)


@dataclass(frozen=True, slots=True)
class DataParts:
    """A data group's lineage (`views.data`): the kind, its parts (`part-of`), and the relationships that
    store it, own it, access it and concern it (an information need), each written towards the data."""

    kind: str
    part_of: str
    stores: str
    owns: str
    accesses: str | None = None
    concerns: str | None = None


@dataclass(frozen=True, slots=True)
class TableParts:
    """The element tables' owner column (`views.tables`): the relationship an owner writes to what it owns."""

    owner: str


@dataclass(frozen=True, slots=True)
class MandatoryParts:
    """The page of what must be used (`views.mandatory`): the elements whose boolean `field` is true, with
    the statutes that govern them (`basis`, written by the statute)."""

    field: str
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class FigureParts:
    """The funding tables (`views.figures`): figures of a kind whose parts (`sum-of`) are summed per column."""

    kind: str
    sum_of: str


@dataclass(frozen=True, slots=True)
class GlossaryParts:
    """The glossary (`views.glossary`): every element is a term, except those of the kinds `leave-out`."""

    leave_out: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InfrastructureParts:
    """The kinds whose single points of failure `refarch graph weak-points` looks for (`views.infrastructure`)."""

    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewParts:
    """Which kinds, relationships and fields play the parts of the toolkit's generic views and analyses.
    A part the metamodel does not name is None, and the views and pages that need it are not made."""

    flows: FlowParts | None = None
    service_path: PathParts | None = None
    timeline: TimelineParts | None = None
    data: DataParts | None = None
    tables: TableParts | None = None
    mandatory: MandatoryParts | None = None
    figures: FigureParts | None = None
    glossary: GlossaryParts | None = None
    infrastructure: InfrastructureParts | None = None


@dataclass(frozen=True)
class Metamodel:
    """Layers, kinds and relationship types, with the lookups the pipeline needs."""

    languages: tuple[str, ...]
    layers: Mapping[str, Layer]
    kinds: Mapping[str, Kind]
    relationships: Mapping[str, RelationshipType]
    source: str = "<default>"
    kinds_by_plural: Mapping[str, Kind] = field(default_factory=dict)
    completeness: tuple[CompletenessRule, ...] = ()
    archimate_import: Mapping[str, str] = field(default_factory=dict)  # ArchiMate type -> kind, for imports
    conformance: Conformance | None = None
    # The reader's names of fields, properties and value columns, per language (`field-labels`).
    field_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    views: ViewParts = ViewParts()
    # Where facts come from: the kinds of provenance an element or relationship may have, in order
    provenance: Mapping[str, ProvenanceKind] = field(default_factory=dict)

    def labels(self) -> dict[str, tuple[str, bool]]:
        """Every relationship name and inverse name, mapped to (relationship type, forward?)."""
        result = {rt.inverse: (name, False) for name, rt in self.relationships.items()}
        result.update({name: (name, True) for name in self.relationships})
        return result

    def relationships_from(self, kind: str) -> dict[str, RelationshipType]:
        """The relationship types an element of `kind` may write, by name."""
        return {name: rt for name, rt in self.relationships.items() if rt.allows_source(kind)}

    def target_kinds(self, rt: RelationshipType) -> list[str]:
        """The kinds a relationship type may point at, spelled out (no "*")."""
        return list(self.kinds) if ANY in rt.targets else list(rt.targets)


def load_metamodel(path: Path | None = None) -> Metamodel:
    """Read and check a metamodel file; any inconsistency is a ConfigError naming the file."""
    path = path or DEFAULT_PATH
    return parse_metamodel(read_settings(path, "metamodel"), display_path(path))


def parse_metamodel(data: Any, where: str) -> Metamodel:
    """Build a Metamodel from plain data, checking every cross-reference inside it."""
    _expect(isinstance(data, dict), "the metamodel must be a mapping", where)
    languages = tuple(data.get("languages") or ("fi", "sv", "en"))
    layers = {lid: _layer(lid, spec, where) for lid, spec in _mapping(data, "layers", where).items()}
    kinds = {kid: _kind(kid, spec, layers, where) for kid, spec in _mapping(data, "kinds", where).items()}
    rels = {rid: _relationship(rid, spec, kinds, where) for rid, spec in _mapping(data, "relationships", where).items()}
    plurals = {k.plural: k for k in kinds.values()}
    _expect(len(plurals) == len(kinds), "two kinds share a plural name", where)
    labels = set(rels) | {rt.inverse for rt in rels.values()}
    completeness = tuple(
        _completeness(code, spec, kinds, labels, where) for code, spec in (data.get("completeness") or {}).items()
    )
    conformance = _conformance(data.get("conformance"), kinds, rels, where) if data.get("conformance") else None
    archimate_import = dict(data.get("archimate-import") or {})
    for archimate_type, kind in archimate_import.items():
        _expect(kind in kinds, f"archimate-import: {archimate_type} maps to unknown kind {kind!r}", where)
    return Metamodel(
        languages=languages,
        layers=MappingProxyType(layers),
        kinds=MappingProxyType(kinds),
        relationships=MappingProxyType(rels),
        source=where,
        kinds_by_plural=MappingProxyType(plurals),
        completeness=completeness,
        archimate_import=MappingProxyType(archimate_import),
        conformance=conformance,
        field_labels=_field_labels(data.get("field-labels"), where),
        views=_view_parts(data.get("views"), kinds, rels, where),
        provenance=_provenance_kinds(data.get("provenance"), where),
    )


def _provenance_kinds(spec: Any, where: str) -> Mapping[str, ProvenanceKind]:
    """The `provenance:` section: kind -> {label, meaning, requires}; absent means provenance is not asked for."""
    if spec is None:
        return MappingProxyType({})
    _expect(isinstance(spec, dict), "provenance must map kinds of provenance to their label and fields", where)
    kinds = {}
    for kid, entry in spec.items():
        _expect(isinstance(kid, str) and isinstance(entry, dict), f"provenance kind {kid!r} must be a mapping", where)
        unknown = set(entry) - {"label", "meaning", "requires"}
        _expect(not unknown, f"provenance.{kid}: unknown entry {', '.join(map(str, sorted(unknown)))}", where)
        label, meaning = entry.get("label"), entry.get("meaning") or {}
        _expect(isinstance(label, dict) and bool(label), f"provenance.{kid} needs a label per language", where)
        _expect(isinstance(meaning, dict), f"provenance.{kid}.meaning must be a text per language", where)
        requires = tuple(entry.get("requires") or ())
        wrong = [name for name in requires if name not in PROVENANCE_FIELDS]
        gives = ", ".join(PROVENANCE_FIELDS)
        _expect(not wrong, f"provenance.{kid}.requires: {wrong!r}; a provenance gives {gives}", where)
        kinds[kid] = ProvenanceKind(kid, MappingProxyType(label), MappingProxyType(meaning), requires)
    return MappingProxyType(kinds)


# Each part: its key in `views`, its dataclass, and what each of its entries names (a kind, a relationship
# or a field), by the entry's key
_PARTS: dict[str, tuple[str, type, dict[str, str]]] = {
    "flows": (
        "flows",
        FlowParts,
        {
            "kind": "kind",
            "sender": "relationship",
            "receiver": "relationship",
            "carries": "relationship",
            "via": "relationship?",
            "in-step": "relationship?",
        },
    ),
    "service-path": (
        "service_path",
        PathParts,
        {
            "process": "kind",
            "step": "kind",
            "step-of": "relationship",
            "order": "field:step",
            "actors": "relationship",
            "uses": "relationship?",
            "needs": "kind?",
        },
    ),
    "timeline": (
        "timeline",
        TimelineParts,
        {
            "period": "kind",
            "item": "kind",
            "part-of": "relationship",
            "start": "field:period",
            "track": "field:item",
            "precedes": "relationship?",
            "end": "field:period?",
        },
    ),
    "data": (
        "data",
        DataParts,
        {
            "kind": "kind",
            "part-of": "relationship",
            "stores": "relationship",
            "owns": "relationship",
            "accesses": "relationship?",
            "concerns": "relationship?",
        },
    ),
    "tables": ("tables", TableParts, {"owner": "relationship"}),
    "mandatory": ("mandatory", MandatoryParts, {"field": "boolean field", "basis": "relationship?"}),
    "figures": ("figures", FigureParts, {"kind": "kind", "sum-of": "relationship"}),
    "glossary": ("glossary", GlossaryParts, {"leave-out": "kinds?"}),
    "infrastructure": ("infrastructure", InfrastructureParts, {"kinds": "kinds"}),
}

# A part's relationships and the kind each must allow at one end: (its end, the entry naming the kind)
_ENDS = {
    "flows": {name: ("from", "kind") for name in ("sender", "receiver", "carries", "via", "in-step")},
    "service-path": {"step-of": ("from", "step"), "actors": ("from", "step"), "uses": ("from", "step")},
    "timeline": {"part-of": ("from", "item"), "precedes": ("from", "period")},
    "data": {name: ("to", "kind") for name in ("part-of", "stores", "owns", "accesses", "concerns")},
    "figures": {"sum-of": ("from", "kind")},
}


def _entry(entries: dict, name: str, what: str) -> Any:
    """An entry's value as the part keeps it: a list of kinds as a tuple, a missing optional one as its
    default (None, or no kinds)."""
    if what.startswith("kinds"):
        return tuple(entries.get(name) or ())
    return entries.get(name)


def _view_parts(spec: Any, kinds: Mapping[str, Kind], rels: Mapping[str, RelationshipType], where: str) -> ViewParts:
    """The `views` section: each part's entries checked against the kinds, relationships and fields."""
    if spec is None:
        return ViewParts()
    _expect(isinstance(spec, dict), f"views must map parts ({', '.join(_PARTS)}) to names", where)
    found = {}
    for key, entries in spec.items():
        _expect(key in _PARTS, f"views: unknown part {key!r}; the parts are {', '.join(_PARTS)}", where)
        attribute, cls, shape = _PARTS[key]
        _expect(isinstance(entries, dict), f"views.{key} must be a mapping", where)
        missing = [name for name, what in shape.items() if name not in entries and not what.endswith("?")]
        unknown = [name for name in entries if name not in shape]
        _expect(not missing, f"views.{key} needs {', '.join(missing)}", where)
        _expect(not unknown, f"views.{key}: unknown entry {', '.join(map(str, unknown))}", where)
        for name, what in shape.items():
            if name not in entries:
                continue
            value, what = entries[name], what.rstrip("?")
            if what.startswith("field:"):  # a field of the kind another entry names
                owner = kinds.get(entries[what[6:]])
                what, known = f"field of {entries[what[6:]]!r}", owner is not None and value in owner.fields
            elif what == "boolean field":
                known = any(k.fields.get(value) == "boolean" for k in kinds.values())
            elif what == "kinds":
                value = tuple(value) if isinstance(value, list) else value
                known = isinstance(value, tuple) and all(v in kinds for v in value)
                what = "list of kinds"
            else:
                known = value in (kinds if what == "kind" else rels)
            _expect(known, f"views.{key}.{name}: {value!r} is no {what} of the metamodel", where)
        for name, (end, kind_entry) in _ENDS.get(key, {}).items():
            if name not in entries:
                continue
            rt, kind = rels[entries[name]], entries[kind_entry]
            allowed = rt.allows_source(kind) if end == "from" else rt.allows_target(kind)
            _expect(allowed, f"views.{key}.{name}: {rt.id!r} does not allow {kind!r} as its {end!r} kind", where)
        found[attribute] = cls(*(_entry(entries, name, shape[name]) for name in shape))
    return ViewParts(**found)


def _field_labels(spec: Any, where: str) -> Mapping[str, Mapping[str, str]]:
    if spec is None:
        return MappingProxyType({})
    _expect(isinstance(spec, dict), "field-labels must map field names to labels per language", where)
    for name, labels in spec.items():
        _expect(
            isinstance(labels, dict) and all(isinstance(v, str) for v in labels.values()),
            f"field-labels: {name!r} needs labels per language, e.g. {{fi: Velvoittava, en: Mandatory}}",
            where,
        )
    return MappingProxyType({str(k): MappingProxyType(dict(v)) for k, v in spec.items()})


def _conformance(spec: Any, kinds: Mapping[str, Kind], rels: Mapping[str, RelationshipType], where: str) -> Conformance:
    _expect(isinstance(spec, dict), "conformance must be a mapping with realised-by and scope", where)
    realised_by = tuple(spec.get("realised-by") or ())
    _expect(
        bool(realised_by) and all(r in rels for r in realised_by),
        "conformance: realised-by must name relationship types of the metamodel",
        where,
    )
    scope = []
    for item in spec.get("scope") or ():
        _expect(
            isinstance(item, dict) and item.get("kind") in kinds,
            f"conformance: each scope item needs a kind of the metamodel, not {item!r}",
            where,
        )
        scope.append(ConformanceScope(item["kind"], MappingProxyType(dict(item.get("where") or {}))))
    through = spec.get("through-parts")
    if through is None:
        return Conformance(realised_by, tuple(scope))
    wholes = through.get("wholes") if isinstance(through, dict) else None
    _expect(
        isinstance(through, dict)
        and isinstance(through.get("via"), str)
        and through["via"] in rels
        and isinstance(wholes, list)
        and all(isinstance(k, str) and k in kinds for k in wholes),
        "conformance: through-parts is {via: <relationship from part to whole>, wholes: [<kinds>]}",
        where,
    )
    return Conformance(realised_by, tuple(scope), through["via"], tuple(wholes or ()))


def _completeness(code: str, spec: Any, kinds: Mapping[str, Kind], labels: set[str], where: str) -> CompletenessRule:
    _expect(isinstance(spec, dict), f"completeness rule {code!r} must be a mapping", where)
    applies = spec.get("applies-to")
    applies = (applies,) if isinstance(applies, str) else tuple(applies or ())
    _expect(
        bool(applies) and all(k in kinds for k in applies),
        f"completeness rule {code!r}: applies-to must name kinds of the metamodel",
        where,
    )
    severity = spec.get("severity", "warning")
    if severity not in SEVERITIES:
        raise ConfigError(f"completeness rule {code!r}: unknown severity {severity!r}", where)
    _expect(isinstance(spec.get("requires"), dict), f"completeness rule {code!r} needs `requires`", where)
    when = path_spec(code, spec["when"], kinds, labels, where) if spec.get("when") else None
    return CompletenessRule(
        code,
        spec.get("summary") or code,
        severity,
        applies,
        path_spec(code, spec["requires"], kinds, labels, where),
        when,
    )


def path_spec(code: str, spec: Any, kinds: Mapping[str, Kind], labels: set[str], where: str) -> PathSpec:
    _expect(isinstance(spec, dict), f"completeness rule {code!r}: a path must be a mapping", where)
    via = tuple(spec.get("via") or ())
    for label in via:
        _expect(label in labels, f"completeness rule {code!r}: {label!r} is no relationship or inverse name", where)
    to = tuple(spec.get("to") or ())
    for kind in to:
        _expect(kind in kinds, f"completeness rule {code!r}: unknown kind {kind!r}", where)
    length = spec.get("max-length", 4)
    _expect(isinstance(length, int) and length >= 0, f"completeness rule {code!r}: max-length must be 0 or more", where)
    return PathSpec(via, to, MappingProxyType(dict(spec.get("where") or {})), length)


def _layer(lid: str, spec: Any, where: str) -> Layer:
    spec = spec if isinstance(spec, dict) else {}
    colour = spec.get("colour", DEFAULT_COLOUR)
    _expect(
        isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) is not None,
        f'layer {lid!r}: colour must be written #rrggbb, e.g. "#ccccff", not {colour!r}',
        where,
    )
    return Layer(lid, _label(spec, lid), spec.get("eif"), colour.lower())


def _kind(kid: str, spec: Any, layers: Mapping[str, Layer], where: str) -> Kind:
    _expect(isinstance(spec, dict), f"kind {kid!r} must be a mapping", where)
    _expect(
        re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(kid)) is not None,
        f"kind {kid!r} is not a slug (lowercase letters, digits, hyphens): kinds name folders and URLs",
        where,
    )
    layer = spec.get("layer")
    _expect(layer in layers, f"kind {kid!r} names an unknown layer {layer!r}", where)
    fields = dict(spec.get("fields") or {})
    for name, ftype in fields.items():
        _expect(
            ftype in FIELD_TYPES,
            f"field {kid}.{name} has unknown type {ftype!r}; use one of {', '.join(FIELD_TYPES)}",
            where,
        )
    shape = spec.get("shape", "box")
    _expect(
        shape in SHAPES,
        f"kind {kid!r}: shape {shape!r} is not a Graphviz shape; e.g. box, ellipse, cylinder, folder, note, tab",
        where,
    )
    colour = spec.get("colour")
    _expect(
        colour is None or (isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) is not None),
        f'kind {kid!r}: colour must be written #rrggbb, e.g. "#ccccff", not {colour!r}',
        where,
    )
    size = spec.get("size")
    _expect(
        size is None
        or (
            isinstance(size, dict)
            and set(size) == {"width", "height"}
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0.1 <= v <= 10 for v in size.values())
        ),
        f"kind {kid!r}: size must be {{width: ..., height: ...}} in inches, each 0.1 to 10",
        where,
    )
    return Kind(
        id=kid,
        layer=layer,
        plural=spec.get("plural") or f"{kid}s",
        label=_label(spec, kid),
        archimate=spec.get("archimate") or "Grouping",
        fields=MappingProxyType(fields),
        required=tuple(spec.get("required") or ()),
        archimate_relationship=bool(spec.get("archimate-relationship")),
        shape=shape,
        rounded=spec.get("rounded") is True,
        colour=colour.lower() if colour else None,
        size=(float(size["width"]), float(size["height"])) if size else None,
    )


def _relationship(rid: str, spec: Any, kinds: Mapping[str, Kind], where: str) -> RelationshipType:
    _expect(isinstance(spec, dict), f"relationship {rid!r} must be a mapping", where)
    ends = {end: tuple(spec.get(end) or ()) for end in ("from", "to")}
    for end, names in ends.items():
        _expect(bool(names), f"relationship {rid!r} needs a {end!r} list of kinds", where)
        for name in names:
            _expect(
                name == ANY or name in kinds, f"relationship {rid!r} names an unknown kind {name!r} in {end!r}", where
            )
    return RelationshipType(
        id=rid,
        inverse=spec.get("inverse") or f"{rid}-of",
        label=_label(spec, rid),
        inverse_label=MappingProxyType(dict(spec.get("inverse-label") or {"en": spec.get("inverse") or rid})),
        archimate=spec.get("archimate") or "Association",
        sources=ends["from"],
        targets=ends["to"],
        archimate_reverse=bool(spec.get("archimate-reverse")),
        archimate_otherwise=_archimate_otherwise(rid, spec.get("archimate-otherwise"), where),
        acyclic=bool(spec.get("acyclic")),
        same_kind=bool(spec.get("same-kind")),
        impact=_impact(rid, spec.get("impact", _UNSAID), where),
    )


def _archimate_otherwise(rid: str, value: Any, where: str) -> tuple[tuple[str, bool], ...]:
    """`archimate-otherwise: [{type: Realization}, {type: Association, reverse: true}]`."""
    if value is None:
        return ()
    message = f"relationship {rid!r}: archimate-otherwise must be a list of {{type: ArchiMateType, reverse: bool}}"
    _expect(isinstance(value, list), message, where)
    options = []
    for item in value:
        _expect(isinstance(item, dict) and set(item) <= {"type", "reverse"}, message, where)
        _expect(isinstance(item.get("type"), str) and isinstance(item.get("reverse", False), bool), message, where)
        options.append((item["type"], bool(item.get("reverse", False))))
    return tuple(options)


_UNSAID = object()  # `impact` left out (a bare `impact:` says nothing, and is a mistake)
# The first metamodel format's one word: a change crossed one way and passed on.
_IMPACT_WORDS = {"backward": Impact(CHANGES, None), "forward": Impact(None, CHANGES), "none": Impact(None, None)}


def _impact(rid: str, value: Any, where: str) -> Impact:
    """`impact: {backward: affects, forward: changes}`; left out: `{backward: affects}`.

    A single word (backward, forward, none) is still read, as the first format meant it: a change that
    crosses that way and passes on.
    """
    if value is _UNSAID:
        return Impact()
    if isinstance(value, str) and value in _IMPACT_WORDS:
        return _IMPACT_WORDS[value]
    message = (
        f"relationship {rid!r}: impact must map backward and/or forward to {CHANGES}, {ENCLOSES}, {AFFECTS} or "
        f"{MENTIONS} "
        "(e.g. {backward: affects}), {} for none"
    )
    _expect(isinstance(value, dict) and set(value) <= {"backward", "forward"}, message, where)
    _expect(all(v in (CHANGES, ENCLOSES, AFFECTS, MENTIONS) for v in value.values()), message, where)
    return Impact(backward=value.get("backward"), forward=value.get("forward"))


def _mapping(data: dict, key: str, where: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"the metamodel needs a non-empty {key!r} mapping", where)
    return value


def _label(spec: Any, fallback: str) -> Mapping[str, str]:
    label = (spec or {}).get("label") if isinstance(spec, dict) else None
    return MappingProxyType(dict(label) if isinstance(label, dict) else {"en": fallback})


def _expect(condition: bool, message: str, where: str) -> None:
    if not condition:
        raise ConfigError(message, where)
