"""The model as an ArchiMate 3.1 Model Exchange File: what Archi, BiZZdesign, Sparx and QualiWare read.

Every element becomes an ArchiMate element of its kind's type (`archimate:` in the metamodel), every
relationship an ArchiMate relationship, names and descriptions keep their languages (`xml:lang`), and
properties get property definitions. A flow (`archimate-relationship: true`) is, as in ArchiMate, a Flow
relationship from its sender to its receiver, and what it carries is associated with that relationship.

Nothing is lost on the way back (`refarch import archimate`):

- the kind-specific fields, `source`, `links` and waivers travel as properties named `refarch:<field>`
  with JSON values;
- properties named `archimate:<attribute>` carry what the exchange format has and this format does not
  (an imported element's or relationship's original ArchiMate type and identifier, a relationship's
  name, access type, direction or influence modifier); they become those attributes again.

Identifiers are `id-<element id>` for elements and `id-<source>.<type>.<target>` for relationships, so the
same model gives the same file. Organisations group the elements by layer, labelled with the views of the
European Interoperability Framework (legal, organisational, semantic, technical). Views are the layer,
data-flow and service-path diagrams, laid out by Graphviz.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lxml import etree

from refarch.build import slugify
from refarch.exchange.format import (
    ARCHIMATE_PREFIX,
    CONFIG_PROPERTY,
    EIF_VIEWS,
    FIELD_PREFIX,
    NS,
    RELATIONSHIP_ATTRIBUTES,
    SCHEMA_LOCATION,
    TRAVELLING_SETTINGS,
    XML_LANG,
    XSI,
    YAML_VALUES,
    Exported,
    _q,
    _texts,
    element_type,
    exported_type,
    flow_ends,
    kind_for_type,
    provenance_properties,
    relationship_for,
    value_text,
    value_type,
    written,
)
from refarch.exchange.layout import add_views
from refarch.exchange.table import RELATIONSHIP_END, allows
from refarch.model import Element, Model, Relationship, plain
from refarch.problems import Location, Problem
from refarch.rules.stages import stage_problem


class _Identifiers:
    """Stable, unique identifiers: `id-<element>`, `id-<source>.<type>.<target>` (`.2`, `.3` for repeats)."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.taken: set[str] = set()
        self.elements = {
            e.id: self.claim(str(e.properties.get("archimate:identifier") or f"id-{e.id}"))
            for e in model.elements.values()
        }

    def claim(self, wanted: str) -> str:
        identifier, n = wanted, 1
        while identifier in self.taken:
            n += 1
            identifier = f"{wanted}.{n}"
        self.taken.add(identifier)
        return identifier


def to_archimate(
    model: Model,
    name: str = "refarch",
    views: bool = True,
    warnings: list[Problem] | None = None,
    settings: Mapping[str, Any] | None = None,
    settings_file: str = "refarch.yaml",
) -> bytes:
    """The exchange file's bytes (UTF-8). The same model gives the same bytes.

    What ArchiMate cannot hold is added to `warnings` as `export-skipped` findings (a flow without sender
    or receiver has no Flow relationship to stand for it, so its other relationships cannot be written).
    `settings` is the model's `refarch.yaml`: its introduction is the model's documentation, and what of it
    travels (`TRAVELLING_SETTINGS`: the declared checks its waivers name, the rule settings) is the model's
    property `refarch:config`, which the import writes back as `refarch.yaml`.

    >>> from refarch.examples import example_model
    >>> text = to_archimate(example_model(), views=False).decode()
    >>> 'xsi:type="ApplicationComponent"' in text and '<name xml:lang="fi">Tilit</name>' in text
    True
    """
    warnings = warnings if warnings is not None else []
    ids = _Identifiers(model)
    flows = {e.id: e for e in model.elements.values() if model.metamodel.kinds[e.kind].archimate_relationship}
    by_type = kind_for_type(model.metamodel)
    props = {e.id: _element_properties(e, model, by_type) for e in model.elements.values()}
    relationships = _relationships(model, ids, flows, props, warnings)
    key = slugify(name)  # tells this model's identifiers from another's where they are no element's
    root = etree.Element(_q("model"), nsmap={None: NS, "xsi": XSI}, identifier=ids.claim(f"model-{key}"))
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    etree.SubElement(root, _q("name"), {XML_LANG: model.metamodel.languages[0]}).text = name
    model_props = _model_properties(settings or {}, warnings, settings_file)
    _texts(root, "documentation", _introduction(settings or {}, model.metamodel.languages[0]))
    definitions = _property_definitions(
        [model_props, *(props[i] for i in model.elements if i not in flows)], relationships
    )
    _properties(root, model_props, definitions, model.metamodel.languages[0])
    elements = etree.SubElement(root, _q("elements"))
    for element in _sorted_elements(model):
        if element.id not in flows:
            _element(elements, element, ids.elements[element.id], model, props[element.id], definitions)
    if relationships:
        rels = etree.SubElement(root, _q("relationships"))
        for rel in relationships:
            _relationship(rels, rel, definitions, model.metamodel.languages[0])
    _organizations(root, model, ids, flows, relationships)
    if definitions:
        defs = etree.SubElement(root, _q("propertyDefinitions"))
        for prop, (identifier, datatype) in definitions.items():
            written = "string" if datatype == "yaml" else datatype
            definition = etree.SubElement(defs, _q("propertyDefinition"), identifier=identifier, type=written)
            etree.SubElement(definition, _q("name")).text = prop
            if datatype == "yaml":
                etree.SubElement(definition, _q("documentation"), {XML_LANG: "en"}).text = YAML_VALUES
    if views:
        add_views(root, model, ids.elements, relationships, flows, ids.claim, key)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _introduction(settings: Mapping[str, Any], lang: str) -> dict[str, str]:
    """The model's documentation: its introduction (`about.introduction`), per language."""
    introduction = (settings.get("about") or {}).get("introduction")
    if isinstance(introduction, str):
        return {lang: introduction}
    return {str(k): str(v) for k, v in (introduction or {}).items()}


def _model_properties(settings: Mapping[str, Any], warnings: list[Problem], where: str) -> dict[str, Any]:
    """What of `refarch.yaml` travels, as the property `refarch:config`; what does not is a finding."""
    travelling = {k: v for k, v in settings.items() if k in TRAVELLING_SETTINGS}
    for key in sorted(set(settings) - set(TRAVELLING_SETTINGS)):
        warnings.append(
            stage_problem(
                "export-skipped",
                Location(where),
                f"`{key}` of refarch.yaml is not exported: it names files or code beside the model",
                hint="copy it by hand into the refarch.yaml of the model the file is imported into",
            )
        )
    return {CONFIG_PROPERTY: travelling} if travelling else {}


def _sorted_elements(model: Model) -> list[Element]:
    return sorted(model.elements.values(), key=lambda e: e.id)


def _relationships(
    model: Model,
    ids: _Identifiers,
    flows: dict[str, Element],
    props: dict[str, dict[str, Any]],
    warnings: list[Problem],
) -> list[Exported]:
    """Every relationship in ArchiMate's terms; a flow's `from` and `to` become its Flow relationship."""
    flow_ids: dict[str, str] = {}
    found: list[Exported] = []
    sent_by, sent_to = flow_ends(model.metamodel)
    for flow in sorted(flows.values(), key=lambda e: e.id):
        senders = [r.target for r in flow.relationships if r.type == sent_by and r.target in model.elements]
        receivers = [r.target for r in flow.relationships if r.type == sent_to and r.target in model.elements]
        wanted = ids.elements[flow.id]
        ids.taken.discard(wanted)
        for n, (sender, receiver) in enumerate((s, r) for s in senders for r in receivers):
            identifier = ids.claim(wanted)
            if n == 0:
                flow_ids[flow.id] = identifier
            names = {} if flow.properties.get("archimate:unnamed") else dict(flow.names)
            flow_type, flow_props = _flow_type(flow, sender, receiver, model, props[flow.id])
            found.append(
                Exported(
                    identifier, flow_type, sender, receiver, names, dict(flow.description), flow_props, {}, flow.id
                )
            )
    ends = {**{k: v for k, v in ids.elements.items() if k not in flows}, **flow_ids}
    for flow_id in sorted(set(flows) - set(flow_ids)):
        warnings.append(
            stage_problem(
                "export-skipped",
                flows[flow_id].location,
                f'flow "{flow_id}" has no sender or no receiver: it is not exported, nor are its relationships',
                flow_id,
                f"give the flow `{sent_by}` and `{sent_to}`",
            )
        )
    rels = [
        r
        for r in model.relationships
        if r.target in model.elements
        and not (r.source in flows and r.type in (sent_by, sent_to))
        and r.source in ends
        and r.target in ends
    ]
    for rel in sorted(rels, key=lambda r: (r.source, r.type, r.target, r.location)):
        exported = _exported(rel, model, ids)
        if exported is None:
            warnings.append(
                stage_problem(
                    "export-skipped",
                    rel.location,
                    f'"{rel.source}" {rel.type} "{rel.target}" is not exported: ArchiMate has no relationship '
                    "between two relationships (both are flows, which are relationships there)",
                    rel.source,
                )
            )
        else:
            found.append(exported)
    return sorted(
        (
            Exported(
                r.identifier,
                r.type,
                ends.get(r.source, r.source),
                ends.get(r.target, r.target),
                r.names,
                r.documentation,
                r.properties,
                r.attributes,
                r.stands_for,
            )
            for r in found
        ),
        key=lambda r: r.identifier,
    )


def _exported(rel: Relationship, model: Model, ids: _Identifiers) -> Exported | None:
    """A relationship as the ArchiMate relationship ArchiMate's table allows between its ends (`exported_type`);
    `refarch:type` where the import would not read it back as what it is. None where ArchiMate allows none
    (between two relationships)."""
    mm = model.metamodel
    rt = mm.relationships[rel.type]
    props = dict(rel.properties)
    kept = {k[len(ARCHIMATE_PREFIX) :]: props.pop(k) for k in list(props) if k.startswith(ARCHIMATE_PREFIX)}
    source_type, target_type = _end_type(rel.source, model), _end_type(rel.target, model)
    original = str(kept.pop("type", ""))  # an imported relationship's own type, written back where it may go
    ways = [way for way in (rt.archimate_reverse, not rt.archimate_reverse) if original]
    fits = [way for way in ways if allows(original, *written(source_type, target_type, way))]
    chosen = (original, fits[0]) if fits else exported_type(rt, source_type, target_type)
    if chosen is None:
        return None
    archimate_type, reverse = chosen
    identifier = ids.claim(str(kept.pop("identifier", f"id-{rel.source}.{rel.type}.{rel.target}")))
    source, target = written(rel.source, rel.target, reverse)
    names = _names(kept.pop("name")) if "name" in kept else {}
    kinds = {e: model.elements[e].kind for e in (source, target)}
    if relationship_for(mm, archimate_type, kinds[source], kinds[target]) != (rel.type, not reverse):
        props[FIELD_PREFIX + "type"] = rel.type
    if original and original != archimate_type:  # kept for the way back, as the import keeps it
        props[ARCHIMATE_PREFIX + "type"] = original
    attributes = {k: _attribute(v) for k, v in kept.items() if RELATIONSHIP_ATTRIBUTES.get(k) == archimate_type}
    unwritten = {k: v for k, v in kept.items() if k in RELATIONSHIP_ATTRIBUTES and k not in attributes}
    props.update({ARCHIMATE_PREFIX + k: v for k, v in unwritten.items()})  # another type's: kept, as it came
    props.update(provenance_properties(rel.provenance, mm.languages))
    return Exported(identifier, archimate_type, source, target, names, dict(rel.description), props, attributes)


def _flow_type(
    flow: Element, sender: str, receiver: str, model: Model, props: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """A flow is a Flow relationship where ArchiMate's table allows one between its ends (not into a
    DataObject, say); elsewhere an Association that keeps its kind as `refarch:kind`."""
    if allows("Flow", _end_type(sender, model), _end_type(receiver, model)):
        return "Flow", props
    return "Association", {**props, FIELD_PREFIX + "kind": flow.kind}


def _end_type(element_id: str, model: Model) -> str:
    """The ArchiMate type of a relationship's end: a flow is a relationship there."""
    element = model.elements[element_id]
    if model.metamodel.kinds[element.kind].archimate_relationship:
        return RELATIONSHIP_END
    return element_type(element, model.metamodel)


def _names(value: Any) -> dict[str, str]:
    """A relationship's kept name: one text (untagged) or one per language."""
    if isinstance(value, dict):
        return {str(lang): str(text) for lang, text in value.items()}
    return {"": str(value)}


def _attribute(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _element_properties(element: Element, model: Model, by_type: dict[str, str]) -> dict[str, Any]:
    """An element's properties plus its fields, source, links and waivers as `refarch:` properties."""
    props = {k: v for k, v in element.properties.items() if not k.startswith(ARCHIMATE_PREFIX)}
    kind = model.metamodel.kinds[element.kind]
    archimate_type = str(element.properties.get("archimate:type") or kind.archimate)
    if not kind.archimate_relationship and by_type.get(archimate_type) != element.kind:
        props[FIELD_PREFIX + "kind"] = element.kind
    for field_name, value in sorted(element.fields.items()):
        props[FIELD_PREFIX + field_name] = _json(value)
    props.update(provenance_properties(element.provenance, model.metamodel.languages))
    if kind.archimate_relationship:  # a flow: its sender and receiver are this relationship's ends
        ends = dict(zip(flow_ends(model.metamodel), ("from", "to"), strict=True))  # named by role in the file
        for end in element.relationships:
            if end.type in ends and end.provenance and end.provenance != element.provenance:
                props[f"{FIELD_PREFIX}{ends[end.type]}-provenance"] = _json(end.provenance.given())
    if element.links:
        props[FIELD_PREFIX + "links"] = _json([dict(link) for link in element.links])
    if element.waivers:
        props[FIELD_PREFIX + "waive"] = _json([{"rule": w.rule, "reason": dict(w.reasons)} for w in element.waivers])
    return props


def _json(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, default=str)


def _property_definitions(
    element_props: list[dict[str, Any]], relationships: list[Exported]
) -> dict[str, tuple[str, str]]:
    """Each property name used, with a definition identifier and the data type of its values (`value_type`)."""
    values: dict[str, list[Any]] = {}
    for props in [*element_props, *(rel.properties for rel in relationships)]:
        for k, v in props.items():
            values.setdefault(k, []).append(v)
    return {name: (f"propid-{n}", value_type(values[name])) for n, name in enumerate(sorted(values), start=1)}


def _properties(
    parent: etree._Element, props: dict[str, Any], definitions: dict[str, tuple[str, str]], lang: str
) -> None:
    if not props:
        return
    holder = etree.SubElement(parent, _q("properties"))
    for name, value in sorted(props.items()):
        identifier, datatype = definitions[name]
        prop = etree.SubElement(holder, _q("property"), propertyDefinitionRef=identifier)
        etree.SubElement(prop, _q("value"), {XML_LANG: lang}).text = value_text(value, datatype)


def _element(
    parent: etree._Element,
    element: Element,
    identifier: str,
    model: Model,
    props: dict[str, Any],
    definitions: dict[str, tuple[str, str]],
) -> None:
    archimate_type = element_type(element, model.metamodel)
    node = etree.SubElement(parent, _q("element"), identifier=identifier)
    node.set(f"{{{XSI}}}type", archimate_type)
    _texts(node, "name", dict(element.names))
    _texts(node, "documentation", dict(element.description))
    _properties(node, props, definitions, model.metamodel.languages[0])


def _relationship(parent: etree._Element, rel: Exported, definitions: dict[str, tuple[str, str]], lang: str) -> None:
    node = etree.SubElement(parent, _q("relationship"), identifier=rel.identifier, source=rel.source, target=rel.target)
    node.set(f"{{{XSI}}}type", rel.type)
    for attribute in RELATIONSHIP_ATTRIBUTES:
        if attribute in rel.attributes:
            node.set(attribute, rel.attributes[attribute])
    _texts(node, "name", rel.names)
    _texts(node, "documentation", rel.documentation)
    _properties(node, rel.properties, definitions, lang)


def _organizations(
    root: etree._Element, model: Model, ids: _Identifiers, flows: dict[str, Element], relationships: list[Exported]
) -> None:
    """A folder per layer (labelled with its EIF view) holding its elements, and one for the relationships."""
    organizations = etree.SubElement(root, _q("organizations"))
    for layer_id, layer in model.metamodel.layers.items():
        members = [ids.elements[e.id] for e in _sorted_elements(model) if e.layer == layer_id and e.id not in flows]
        if not members:
            continue
        folder = etree.SubElement(organizations, _q("item"))
        fi, en = layer.label.get("fi", layer_id), layer.label.get("en", layer_id)
        if layer.eif in EIF_VIEWS:
            fi, en = f"{fi} ({EIF_VIEWS[layer.eif][0]})", f"{en} ({EIF_VIEWS[layer.eif][1]})"
        _texts(folder, "label", {"fi": fi, "en": en})
        for identifier in members:
            etree.SubElement(folder, _q("item"), identifierRef=identifier)
    if relationships:
        folder = etree.SubElement(organizations, _q("item"))
        _texts(folder, "label", {"fi": "Suhteet", "en": "Relations"})
        for rel in relationships:
            etree.SubElement(folder, _q("item"), identifierRef=rel.identifier)
