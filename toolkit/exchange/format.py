"""The ArchiMate exchange format's vocabulary, shared by the export, its views and the import: namespaces,
the element and relationship types, how kinds and relationship types map to them, and the small XML
helpers. Its own module, so that the export (`archimate.py`) and its views (`layout.py`) import it rather
than each other."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import yaml
from lxml import etree

from refarch.exchange.table import allows
from refarch.load import read_value
from refarch.model import Provenance, plain

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
ARCHIMATE_PREFIX = "archimate:"  # properties that are ArchiMate attributes
FIELD_PREFIX = "refarch:"  # properties that are this format's fields
# the relationship attributes of the exchange format, each with the one type it belongs to
RELATIONSHIP_ATTRIBUTES = {"accessType": "Access", "isDirected": "Association", "modifier": "Influence"}
CONFIG_PROPERTY = FIELD_PREFIX + "config"  # the model's: what of its refarch.yaml travels
# refarch.yaml's keys that travel in the file: data about the model; not those naming files or code beside it
TRAVELLING_SETTINGS = ("about", "languages", "rules", "checks", "max-file-size")
PROVENANCE_PREFIX = FIELD_PREFIX + "provenance"  # refarch:provenance (the kind), refarch:provenance-source...
EIF_VIEWS = {
    "legal": ("oikeudellinen yhteentoimivuus", "legal interoperability"),
    "organisational": ("organisatorinen yhteentoimivuus", "organisational interoperability"),
    "semantic": ("semanttinen yhteentoimivuus", "semantic interoperability"),
    "technical": ("tekninen yhteentoimivuus", "technical interoperability"),
}
ELEMENT_TYPES = frozenset(
    [
        "BusinessActor",
        "BusinessRole",
        "BusinessCollaboration",
        "BusinessInterface",
        "BusinessProcess",
        "BusinessFunction",
        "BusinessInteraction",
        "BusinessEvent",
        "BusinessService",
        "BusinessObject",
        "Contract",
        "Representation",
        "Product",
        "ApplicationComponent",
        "ApplicationCollaboration",
        "ApplicationInterface",
        "ApplicationFunction",
        "ApplicationInteraction",
        "ApplicationProcess",
        "ApplicationEvent",
        "ApplicationService",
        "DataObject",
        "Node",
        "Device",
        "SystemSoftware",
        "TechnologyCollaboration",
        "TechnologyInterface",
        "Path",
        "CommunicationNetwork",
        "TechnologyFunction",
        "TechnologyProcess",
        "TechnologyInteraction",
        "TechnologyEvent",
        "TechnologyService",
        "Artifact",
        "Equipment",
        "Facility",
        "DistributionNetwork",
        "Material",
        "Stakeholder",
        "Driver",
        "Assessment",
        "Goal",
        "Outcome",
        "Principle",
        "Requirement",
        "Constraint",
        "Meaning",
        "Value",
        "Resource",
        "Capability",
        "ValueStream",
        "CourseOfAction",
        "WorkPackage",
        "Deliverable",
        "ImplementationEvent",
        "Plateau",
        "Gap",
        "Grouping",
        "Location",
        "AndJunction",
        "OrJunction",
    ]
)
RELATIONSHIP_TYPES = frozenset(
    [
        "Composition",
        "Aggregation",
        "Assignment",
        "Realization",
        "Serving",
        "Access",
        "Influence",
        "Triggering",
        "Flow",
        "Specialization",
        "Association",
    ]
)


def flow_ends(mm) -> tuple[str, str]:
    """The relationships a flow element names its sender and receiver by: the metamodel's `views.flows`
    (`sent-by`, `sent-to` in one; `from`, `to` by default). They are an ArchiMate Flow's source and target."""
    flows = mm.views.flows
    return (flows.sender, flows.receiver) if flows is not None else ("from", "to")


def kind_for_type(mm) -> dict[str, str]:
    """The kind an ArchiMate element type is imported as: the first kind of that type, else `archimate-import`.

    An element of another kind of the same type (a `step` is a BusinessProcess like a `process`) is
    exported with the property `refarch:kind`, so that it comes back as what it was.
    """
    found = dict(mm.archimate_import)
    for kind in reversed(list(mm.kinds.values())):
        if not kind.archimate_relationship:
            found[kind.archimate] = kind.id
    return found


def relationship_for(mm, archimate_type: str, source_kind: str, target_kind: str) -> tuple[str, bool]:
    """The relationship type an ArchiMate relationship between two kinds is imported as, and whether it
    runs the same way (False: written on the ArchiMate target, as `part-of` is for an Aggregation).

    The first type of the metamodel with that ArchiMate type (`archimate:`) which the kinds allow, else the
    first with it among its other choices (`archimate-otherwise:`); an Association, or a relationship no type allows, is
    `associated-with`. When the export wrote another type, it added the property `refarch:type`, so that
    the relationship comes back as what it was (`said_relationship`).
    """
    if archimate_type != "Association":
        main = [(name, rt.archimate_options()[:1]) for name, rt in mm.relationships.items()]
        otherwise = [(name, rt.archimate_otherwise) for name, rt in mm.relationships.items()]
        for name, options in (*main, *otherwise):  # every type's own ArchiMate type before any other choice
            for option_type, reverse in options:
                ends = written(source_kind, target_kind, reverse)
                if option_type == archimate_type and name != "associated-with" and mm.relationships[name].allows(*ends):
                    return name, not reverse
    return "associated-with", True


def said_relationship(rt, archimate_type: str, source_kind: str, target_kind: str) -> bool | None:
    """Whether a relationship of type `rt` (named by `refarch:type`) reads forward from an ArchiMate
    relationship of `archimate_type` between the kinds; None when it cannot be one (no option of that type
    fits the kinds). An Association may stand for any type: the export's last resort, written the type's way.
    """
    for option_type, reverse in export_options(rt):
        if option_type == archimate_type and rt.allows(*written(source_kind, target_kind, reverse)):
            return not reverse
    return None


def exported_type(rt, source_type: str, target_type: str) -> tuple[str, bool] | None:
    """The ArchiMate type a relationship of type `rt` is exported as between elements of two ArchiMate
    types, and whether it is written from target to source: its first option ArchiMate's table allows,
    else an Association (which the table allows between any two elements); None where not even that may
    go (from one relationship to another: a flow that `specializes` another).

    >>> from refarch.metamodel import load_metamodel
    >>> part_of = load_metamodel().relationships["part-of"]
    >>> exported_type(part_of, "BusinessProcess", "BusinessProcess")  # a step part of a process
    ('Aggregation', True)
    >>> exported_type(part_of, "WorkPackage", "Plateau")  # a task in a phase: no Aggregation there
    ('Realization', False)
    """
    for option_type, reverse in export_options(rt):
        if allows(option_type, *written(source_type, target_type, reverse)):
            return option_type, reverse
    return None  # between two relationships ArchiMate allows nothing


def export_options(rt) -> tuple[tuple[str, bool], ...]:
    """The ArchiMate types a relationship type may be written as, best first: its own, its other choices,
    and last an Association, written its own way round."""
    return (*rt.archimate_options(), ("Association", rt.archimate_reverse))


def written(source: str, target: str, reverse: bool) -> tuple[str, str]:
    """A relationship's two ends in the order ArchiMate writes them."""
    return (target, source) if reverse else (source, target)


def element_type(element, mm) -> str:
    """An element's ArchiMate type: its kind's, unless it keeps another (`archimate:type`, from an import)."""
    return str(element.properties.get("archimate:type") or mm.kinds[element.kind].archimate)


YAML_VALUES = "refarch: values in YAML flow style"  # a property definition's documentation: lists, maps, null
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def value_type(values: list[Any]) -> str:
    """The exchange format's data type for a property's values (`boolean`, `number`, `date`, `string`), or
    `yaml` when they are of mixed kinds or hold lists, maps or nothing: those are written in YAML flow style
    (`[a, b]`, `{k: 1}`, `null`), which reads back as the same values, and the property definition says so.

    >>> value_type([True, False]), value_type([1, 2.5]), value_type(["a"]), value_type([["a", "b"]])
    ('boolean', 'number', 'string', 'yaml')
    """
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    if all(isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) for v in values):
        return "date"
    if all(isinstance(v, str) and not NOT_XML.search(v) for v in values):
        return "string"
    return "yaml"  # which also writes what XML cannot hold as text (a control character) as an escape


def value_text(value: Any, datatype: str) -> str:
    """A property value as the file writes it for its definition's data type.

    >>> value_text(["TE2024", "TE 24"], "yaml"), value_text(True, "boolean"), value_text(None, "yaml")
    ('[TE2024, TE 24]', 'true', 'null')
    """
    if datatype == "yaml":
        text = yaml.safe_dump(plain(value), default_flow_style=True, allow_unicode=True, sort_keys=False, width=2**31)
        return text.removesuffix("\n").removesuffix("\n...")
    if datatype == "boolean":
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def typed_value(text: str, datatype: str) -> tuple[Any, bool]:
    """A property value read back for its definition's data type, and whether the text was of that type
    (False: kept as the text it is).

    >>> typed_value("[TE2024, TE 24]", "yaml"), typed_value("2025-01-01", "date"), typed_value("x", "number")
    ((['TE2024', 'TE 24'], True), (datetime.date(2025, 1, 1), True), ('x', False))
    """
    if datatype == "boolean" and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true", True
    if datatype == "number":
        if re.fullmatch(r"[+-]?\d+", text.strip()):
            return int(text), True  # as it is: a float would round a long one
        try:
            return float(text), True
        except ValueError:
            return text, False
    if datatype == "date":
        try:
            return datetime.date.fromisoformat(text.strip()), True
        except ValueError:
            return text, False
    if datatype == "yaml":
        value, read = read_value(text, "property")
        return (value, True) if read else (text, False)
    return text, datatype in ("string", "currency", "time")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass(frozen=True)
class Exported:
    """One ArchiMate relationship as written: identifier, type, ends (identifiers), texts and attributes."""

    identifier: str
    type: str
    source: str
    target: str
    names: dict[str, str]
    documentation: dict[str, str]
    properties: dict[str, Any]
    attributes: dict[str, str]
    stands_for: str = ""  # the flow element this relationship stands for (a flow is a relationship there)


def _texts(parent: etree._Element, tag: str, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        node = etree.SubElement(parent, _q(tag), {XML_LANG: lang} if lang else {})
        node.text = text


def provenance_properties(provenance: Provenance | None, languages: tuple[str, ...]) -> dict[str, str]:
    """A resolved provenance as ArchiMate properties a reader of the file sees one by one:
    `refarch:provenance` (the kind), `-source`, `-quote`, `-date`, and `-reason` in the model's language
    with `-reason-<lang>` for the others.

    >>> from refarch.model import Provenance
    >>> from refarch.problems import Location
    >>> inferred = Provenance("inferred", Location("a.yaml"), reason={"fi": "Koska", "en": "As"})
    >>> provenance_properties(inferred, ("fi", "en"))
    {'refarch:provenance': 'inferred', 'refarch:provenance-reason': 'Koska', 'refarch:provenance-reason-en': 'As'}
    """
    if provenance is None:
        return {}
    props = {PROVENANCE_PREFIX: provenance.kind}
    for name in ("source", "quote", "date"):
        if getattr(provenance, name):
            props[f"{PROVENANCE_PREFIX}-{name}"] = str(getattr(provenance, name))
    for lang, text in provenance.reason.items():
        suffix = "" if lang == languages[0] else f"-{lang}"
        props[f"{PROVENANCE_PREFIX}-reason{suffix}"] = text
    return props


def provenance_from_properties(properties: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any] | None:
    """The provenance written by `provenance_properties`, taken out of `properties` (which keeps the rest), as
    a model file writes it; None when there is none."""
    names = [name for name in properties if name == PROVENANCE_PREFIX or name.startswith(PROVENANCE_PREFIX + "-")]
    if PROVENANCE_PREFIX not in names:
        return None
    values = {name[len(PROVENANCE_PREFIX) + 1 :]: str(properties.pop(name)) for name in names}
    result: dict[str, Any] = {"kind": values.pop("")}
    for name in ("source", "quote", "date"):
        if name in values:
            result[name] = values.pop(name)
    reason = {}
    for name, text in values.items():
        lang = languages[0] if name == "reason" else name[len("reason-") :]
        if name.startswith("reason") and lang in languages:
            reason[lang] = text
        else:
            properties[f"{PROVENANCE_PREFIX}-{name}"] = text  # not ours: kept as it was
    if reason:
        result["reason"] = dict(sorted(reason.items(), key=lambda item: item[0] != languages[0]))
    return result
