"""Turn YAML node trees into a Model, reporting every field the metamodel does not expect.

The builder reads nodes, never Python objects, so each element, field and reference keeps its
file:line:column. It checks shape (sections, fields, types, ids); rules check meaning (references,
allowed relationships, totals) afterwards.

A model file is a mapping of sections, one per kind, each a list of elements:

    actors:
      - id: city-library
        name: {fi: Kaupunginkirjasto, sv: Stadsbiblioteket, en: City library}
        source: "Library services plan, page 3"

Where each fact comes from is its provenance (docs/provenance.md): `source: "..."` is short for
`provenance: {kind: stated, source: "..."}` (the metamodel's first kind of provenance, the source's own);
an element's provenance is also that of the relationships written on it unless one says its own, and a
file's top-level `provenance:` is the default of everything in the file that gives none.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from refarch.escape import one_line
from refarch.load import Document, duplicate_keys, location_of, mapping_duplicates
from refarch.metamodel import Kind, Metamodel
from refarch.model import Element, Model, NotApplicable, Provenance, Relationship, Waiver
from refarch.problems import Location, Problem, did_you_mean, excerpt
from refarch.rules.stages import stage_problem

LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}  # for messages, which are in English
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # used with fullmatch: "library\n" is no id


def is_id(text: object) -> bool:
    """Whether `text` is an id: a slug, and so safe as a file name and in a URL.

    >>> is_id("city-library"), is_id("library\\n"), is_id("../../x"), is_id("Library")
    (True, False, False, False)
    """
    return isinstance(text, str) and ID_PATTERN.fullmatch(text) is not None


COMMON_FIELDS = ("id", "name", "description", "source", "provenance", "properties", "links", "waive", "formerly")
REFINEMENTS = "refinements"  # an area model's section of additions to reference elements
NOT_APPLICABLE = "not-applicable"  # a refinement's reason why a reference element does not apply to the area
REASON_MAX = 1000  # characters of such a reason: a page shows it in a table cell
RELATION_ITEM_FIELDS = ("to", "description", "properties", "provenance")
PROVENANCE = "provenance"  # also a model file's top-level key: the default of the file
PROVENANCE_KEYS = ("kind", "source", "quote", "reason", "date")
_NO_TEXT: MappingProxyType = MappingProxyType({})
_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_T + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_constructor = SafeConstructor()


@dataclass
class _Draft:
    """The fields of one element as the builder reads them, before the element is frozen."""

    locations: dict[str, Location]
    names: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    provenance: Provenance | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    links: tuple = ()
    waivers: tuple[Waiver, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    formerly: tuple[str, ...] = ()

    def element(self, element_id: str, kind: Kind, location: Location) -> Element:
        return Element(
            id=element_id,
            kind=kind.id,
            layer=kind.layer,
            names=MappingProxyType(self.names),
            location=location,
            description=MappingProxyType(self.description),
            fields=MappingProxyType(self.fields),
            properties=MappingProxyType(self.properties),
            links=self.links,
            provenance=self.provenance,
            waivers=self.waivers,
            relationships=tuple(self.relationships),
            field_locations=MappingProxyType(self.locations),
            formerly=self.formerly,
        )


class _Builder:
    """One pass over all documents; collects elements, relationships and shape problems."""

    def __init__(self, metamodel: Metamodel, reference_files: frozenset[str] = frozenset()) -> None:
        self.mm = metamodel
        self.reference_files = reference_files
        self.problems: list[Problem] = []
        self.elements: dict[str, Element] = {}
        self.duplicates: list[Element] = []
        self.relationships: list[Relationship] = []
        self.not_applicable: dict[str, NotApplicable] = {}
        self.renamed: dict[str, str] = {}  # a former id (`formerly:`) -> the element's id now
        self.file = ""
        self.file_provenance: Provenance | None = None  # the default of the file being read
        self.provenance: Provenance | None = None  # what a relationship written now takes when it says none
        self.cited_kind = next(iter(metamodel.provenance), "stated")  # `source:` alone: the source's own kind
        self._keys_by_kind = {
            kid: (*COMMON_FIELDS, *kind.fields, *metamodel.relationships) for kid, kind in metamodel.kinds.items()
        }

    # -- problems -------------------------------------------------------------------------------
    def report(
        self, code: str, node: yaml.Node | Location, message: str, element: str | None = None, hint: str | None = None
    ) -> None:
        loc = node if isinstance(node, Location) else location_of(self.file, node)
        self.problems.append(stage_problem(code, loc, message, element, hint))

    def wrong_type(
        self, node: yaml.Node, what: str, expected: str, element: str | None, hint: str | None = None
    ) -> None:
        self.report("field-type", node, f"{what} must be {expected}, not {_describe(node)}", element, hint)

    # -- documents and sections -----------------------------------------------------------------
    def document(self, doc: Document) -> None:
        self.file = doc.file
        root = doc.node
        if not isinstance(root, yaml.MappingNode):
            self.report(
                "not-a-mapping",
                root,
                f"a model file must be a mapping of sections, not {_describe(root)}",
                hint="start with a section name such as `actors:`",
            )
            return
        self.problems.extend(mapping_duplicates(root, self.file))
        defaults = [value for key, value in root.value if _plain_key(key) == PROVENANCE]
        self.file_provenance = self.provenance_of(defaults[0], None) if defaults else None
        self.provenance = self.file_provenance
        for key, value in root.value:
            name = _plain_key(key)
            kind = self.mm.kinds_by_plural.get(name) if name is not None else None
            if name == PROVENANCE:
                continue
            if name == REFINEMENTS and self.reference_files and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    self.refinement(item)
            elif kind is None:
                self.unknown_section(key, name)
            elif isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    self.element(kind, item)
            elif value.tag != NULL:
                self.wrong_type(
                    value,
                    f'section "{name}"',
                    "a list of elements",
                    None,
                    f"write each element as a list item: `{name}:` then `  - id: ...`",
                )

    def unknown_section(self, key: yaml.Node, name: str | None) -> None:
        plurals = list(self.mm.kinds_by_plural)
        if name == REFINEMENTS:
            hint = "refinements belong to an area model: name the reference model under `extends:` in refarch.yaml"
        elif name is not None and name in self.mm.kinds:
            hint = f'sections are named in the plural: "{self.mm.kinds[name].plural}"'
        else:
            hint = did_you_mean(name or "", plurals) or "sections: " + ", ".join(sorted(plurals))
        self.report("unknown-field", key, f'unknown section "{name if name is not None else key.value}"', hint=hint)

    # -- elements -------------------------------------------------------------------------------
    def element(self, kind: Kind, node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, f"an item of {kind.plural}", "a mapping with id and name", None)
            return
        values, keys = self.field_nodes(node)
        element_id = self.element_id(values, node, kind)
        draft = _Draft(locations={name: location_of(self.file, value) for name, value in values.items()})
        draft.provenance = self.element_provenance(values, draft.locations, element_id)
        self.provenance = draft.provenance
        for name, value in values.items():
            if name not in ("id", "source", PROVENANCE):
                self.read_field(draft, kind, name, value, keys[name], element_id)
        self.provenance = self.file_provenance
        for name in ("name", *kind.required):
            if name not in values:
                self.report(
                    "missing-field",
                    node,
                    f'{kind.id} "{element_id}" has no "{name}"',
                    element_id,
                    f"add `{name}:`" + (" with its Finnish name" if name == "name" else ""),
                )
        if element_id is not None:
            self.register(draft.element(element_id, kind, location_of(self.file, node)))

    def field_nodes(self, node: yaml.MappingNode) -> tuple[dict[str, yaml.Node], dict[str, yaml.Node]]:
        """Value and key nodes by field name; a repeated field is reported (the first one counts)."""
        values: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = _plain_key(key)
            if name is None:
                self.wrong_type(key, "a field name", "a plain string", None)
            elif name not in keys:
                values[name] = value
                keys[name] = key
        if len(keys) < len(node.value):
            self.problems.extend(mapping_duplicates(node, self.file))
        return values, keys

    def read_field(
        self, draft: _Draft, kind: Kind, name: str, value: yaml.Node, key: yaml.Node, element_id: str | None
    ) -> None:
        if name == "name":
            draft.names = self.text(value, "name", element_id, required=True)
        elif name == "description":
            draft.description = self.text(value, "description", element_id)
        elif name == "properties":
            draft.properties = self.properties(value, element_id)
        elif name == "links":
            draft.links = self.links(value, element_id)
        elif name == "waive":
            draft.waivers = self.waivers(value, element_id)
        elif name == "formerly":
            draft.formerly = self.former_ids(value, element_id)
        elif name in kind.fields:
            converted = self.typed(value, kind.fields[name], name, element_id)
            if converted is not None:
                draft.fields[name] = converted
        elif name in self.mm.relationships:
            draft.relationships.extend(self.relations(name, value, element_id))
        else:
            self.report(
                "unknown-field",
                key,
                f'unknown field "{name}" on {kind.id} "{element_id}"',
                element_id,
                did_you_mean(name, self._keys_by_kind[kind.id]) or _allowed_fields_hint(kind),
            )

    def refinement(self, node: yaml.Node) -> None:
        """An area's addition to a reference element: properties and relationships, nothing it already says."""
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, "an item of refinements", "a mapping with the id of a reference element", None)
            return
        values, keys = self.field_nodes(node)
        if "id" not in values:
            self.report("missing-field", node, "a refinement has no id", None, "add `id:` naming a reference element")
            return
        target_id = self.string(values["id"], "id", None)
        if target_id in self.renamed and target_id not in self.elements:
            where = location_of(self.file, values["id"])
            target_id = self.renamed_target(target_id, where, "a refinement", self.renamed[target_id])
        target = self.elements.get(target_id or "")
        if target is None or target.location.file not in self.reference_files:
            what = "this model's own element: write on it directly" if target else "no element of the reference model"
            self.report(
                "invalid-refinement",
                values["id"],
                f'refinement of "{target_id}", which is {what}',
                target_id,
                did_you_mean(
                    target_id or "", [i for i, e in self.elements.items() if e.location.file in self.reference_files]
                ),
            )
            return
        kind = self.mm.kinds[target.kind]
        draft = _Draft(locations={})
        for name, value in values.items():
            if name == "properties" or name in self.mm.relationships:
                self.read_field(draft, kind, name, value, keys[name], target_id)
            elif name == NOT_APPLICABLE:
                self.not_applicable_reason(target, value)
            elif name != "id":
                self.report(
                    "invalid-refinement",
                    keys[name],
                    f'a refinement cannot set "{name}" of reference element "{target_id}"',
                    target_id,
                    f"refinements add `properties` and relationships, or say `{NOT_APPLICABLE}: <reason>`",
                )
        for name in sorted(set(draft.properties) & set(target.properties)):
            self.report(
                "invalid-refinement",
                values["properties"],
                f'property "{name}" of reference element "{target_id}" is set by the reference model',
                target_id,
                "use another property name",
            )
            del draft.properties[name]
        self.elements[target.id] = replace(
            target,
            properties=MappingProxyType({**target.properties, **draft.properties}),
            relationships=(*target.relationships, *draft.relationships),
        )
        self.relationships.extend(draft.relationships)

    def not_applicable_reason(self, target: Element, node: yaml.Node) -> None:
        """`not-applicable: <reason>`: only for a reference element the area is expected to realise (the
        metamodel's conformance scope), and only with a reason a reader can weigh."""
        spec = self.mm.conformance
        if spec is None or not any(scope.covers(target) for scope in spec.scope):
            self.report(
                "invalid-refinement",
                node,
                f'"{target.id}" is not among the reference elements an area is expected to realise, so it '
                f"cannot be {NOT_APPLICABLE}",
                target.id,
                f"remove `{NOT_APPLICABLE}`: nothing asks this area to realise it",
            )
            return
        reason = self.string(node, NOT_APPLICABLE, target.id)
        if reason is None:
            return
        if not reason.strip():
            self.report(
                "invalid-refinement",
                node,
                f'"{target.id}" is said to be {NOT_APPLICABLE} without a reason',
                target.id,
                f"say why it does not apply to the area: `{NOT_APPLICABLE}: <reason>`",
            )
            return
        if len(reason) > REASON_MAX:
            self.report(
                "invalid-refinement",
                node,
                f'the reason "{target.id}" does not apply is {len(reason):,} characters long',
                target.id,
                f"say it in at most {REASON_MAX:,} characters; link a document for more",
            )
            return
        if target.id in self.not_applicable:
            first = self.not_applicable[target.id].location
            self.report(
                "invalid-refinement",
                node,
                f'"{target.id}" is said to be {NOT_APPLICABLE} twice (first at {first})',
                target.id,
                "keep one reason",
            )
            return
        self.not_applicable[target.id] = NotApplicable(one_line(reason.strip()), location_of(self.file, node))

    def register(self, element: Element) -> None:
        """The first element with an id is the model's; later ones are kept as duplicates for the rule."""
        if element.id in self.elements:
            self.duplicates.append(element)
        else:
            self.elements[element.id] = element
            self.relationships.extend(element.relationships)
            for old in element.formerly:
                if old in self.renamed and self.renamed[old] != element.id:
                    self.report(
                        "invalid-id",
                        element.where("formerly"),
                        f'former id "{old}" of "{element.id}" is a former id of "{self.renamed[old]}" too',
                        element.id,
                        "an old id can lead to one element only: remove it from one of them",
                    )
                self.renamed.setdefault(old, element.id)

    # -- renames --------------------------------------------------------------------------------
    def former_ids(self, node: yaml.Node, element_id: str | None) -> tuple[str, ...]:
        """`formerly: old-id` or `formerly: [old-id, older-id]`: the ids the element had before."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found: list[str] = []
        for item in items:
            text = self.string(item, "formerly", element_id)
            if text is None:
                continue
            if not ID_PATTERN.fullmatch(text):
                self.report(
                    "invalid-id", item, f'former id "{text}" is not a slug', element_id, f'use "{slugify(text)}"'
                )
            elif text == element_id:
                self.report("invalid-id", item, f'"{text}" is the element\'s id now, not a former one', element_id,
                            "remove it from `formerly`")  # fmt: skip
            else:
                found.append(text)
        return tuple(found)

    def renamed_target(self, old: str, where: Location, used_by: str, user: str) -> str:
        """The id now of an element that had the id `old`, with a warning where the old id is still used, about
        the element that uses it (`user`: what must change)."""
        new = self.renamed[old]
        self.report(
            "renamed-reference",
            where,
            f'{used_by} names "{old}", which is now "{new}" ({self.elements[new].name})',
            user,
            f"write `{new}`: the old id still resolves while the element lists it under `formerly`, "
            "and will stop when it is dropped there",
        )
        return new

    def resolve_former_ids(self) -> None:
        """Once every file is read: relationships to a former id point at the element that carries it now,
        each with a `renamed-reference` warning; a former id that is some element's id is an error."""
        for old, new in list(self.renamed.items()):
            if old in self.elements:
                element, other = self.elements[new], self.elements[old]
                if other.location.file not in self.reference_files and element.location.file in self.reference_files:
                    # an area's element took an id the reference gave up: said at the area's element
                    self.report(
                        "invalid-id",
                        other.location,
                        f'id "{old}" was the id of reference element "{new}" ({element.name}), which lists it under '
                        "`formerly`: what still names the old id would mean this element",
                        old,
                        "give this element another id",
                    )
                else:
                    self.report(
                        "invalid-id",
                        element.where("formerly"),
                        f'former id "{old}" of "{new}" is the id of another element ({other.location})',
                        new,
                        f'remove "{old}" from `formerly`, or rename the other element',
                    )
                del self.renamed[old]
        if not self.renamed:
            return
        moved: dict[int, Relationship] = {}
        for rel in self.relationships:
            if rel.target not in self.elements and rel.target in self.renamed:
                new = self.renamed_target(rel.target, rel.location, f'"{rel.type}" of "{rel.source}"', rel.source)
                moved[id(rel)] = replace(rel, target=new)
        if not moved:
            return
        self.relationships = [moved.get(id(rel), rel) for rel in self.relationships]
        for element_id, element in list(self.elements.items()):
            if any(id(rel) in moved for rel in element.relationships):
                relationships = tuple(moved.get(id(rel), rel) for rel in element.relationships)
                self.elements[element_id] = replace(element, relationships=relationships)

    def element_id(self, values: dict[str, yaml.Node], node: yaml.Node, kind: Kind) -> str | None:
        value = values.get("id")
        if value is None:
            self.report(
                "missing-field", node, f"{kind.id} has no id", None, "add `id:` with a slug such as `city-library`"
            )
            return None
        text = self.string(value, "id", None)
        if text is None:
            return None
        if not ID_PATTERN.fullmatch(text):
            self.report(
                "invalid-id",
                value,
                f'id "{text}" is not a slug (lowercase a-z, 0-9 and single hyphens)',
                text,
                f'use "{slugify(text)}"',
            )
        return text

    # -- provenance -----------------------------------------------------------------------------
    def element_provenance(
        self, values: dict[str, yaml.Node], locations: dict[str, Location], element_id: str | None
    ) -> Provenance | None:
        """An element's own provenance (with `source:` as its citation), `source:` alone (a stated fact),
        or else the file's default."""
        node = values.get("source")
        if node is None:
            citation = None
        elif node.__class__ is yaml.ScalarNode and node.tag == STR:
            citation = node.value  # the common case, without a call
        else:
            citation = self.string(node, "source", element_id)
        own = self.provenance_of(values[PROVENANCE], element_id) if PROVENANCE in values else None
        if own is None:
            if citation is None:
                return self.file_provenance
            return Provenance(self.cited_kind, locations["source"], source=citation)
        if citation is not None:
            if own.source is not None:
                self.report(
                    "duplicate-key",
                    values["source"],
                    f'"{element_id}" gives its citation twice: in `source:` and in `provenance: {{source: ...}}`',
                    element_id,
                    "keep one of them",
                )
            else:
                own = replace(own, source=citation)
        return own

    def provenance_of(self, node: yaml.Node, element: str | None) -> Provenance | None:
        """`provenance: inferred` (a kind alone) or `provenance: {kind: ..., source: ..., quote: ...,
        reason: ..., date: ...}`. The kind and what it requires are checked by the rule invalid-provenance,
        against the metamodel's kinds of provenance."""
        where = location_of(self.file, node)
        if isinstance(node, yaml.ScalarNode):
            kind = self.string(node, "provenance", element)
            return Provenance(kind, where) if kind else None
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, "provenance", "a kind or a mapping with kind, source, quote, reason, date", element)
            return None
        fields = self.small_mapping(node, PROVENANCE_KEYS, "provenance", element, texts=("reason",))
        if "date" in fields:
            date_node = next(v for k, v in node.value if _plain_key(k) == "date")
            fields["date"] = self.date(date_node, "provenance's date", element)
        if not fields.get("kind"):
            kinds = ", ".join(self.mm.provenance) or "stated, inferred"
            self.report("missing-field", node, "a provenance needs its kind", element, f"add `kind:` ({kinds})")
            return None
        reason = {lang: text.strip() for lang, text in fields.get("reason", {}).items() if text.strip()}
        return Provenance(
            fields["kind"],
            where,
            source=fields.get("source"),
            quote=fields.get("quote"),
            reason=MappingProxyType(reason) if reason else _NO_TEXT,
            date=fields.get("date"),
        )

    # -- field values ---------------------------------------------------------------------------
    def string(self, node: yaml.Node, what: str, element: str | None) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in (STR, INT, FLOAT, TIMESTAMP):
            return node.value
        hint = f'quote it: "{node.value}"' if isinstance(node, yaml.ScalarNode) and node.value else None
        self.wrong_type(node, what, "a string", element, hint)
        return None

    def text(self, node: yaml.Node, what: str, element: str | None, required: bool = False) -> dict[str, str]:
        """A plain string (in the model's language, the metamodel's first) or a mapping of languages to
        strings, the model's language first."""
        primary = self.mm.languages[0]
        if isinstance(node, yaml.ScalarNode):
            value = self.string(node, what, element)
            return {primary: value} if value is not None else {}
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, what, "a string or a mapping of languages (fi, sv, en)", element)
            return {}
        texts: dict[str, str] = {}
        self.problems.extend(mapping_duplicates(node, self.file))
        for key, value in node.value:
            lang = _plain_key(key)
            if lang not in self.mm.languages:
                self.report(
                    "unknown-field",
                    key,
                    f'unknown language "{lang}" in {what}',
                    element,
                    _language_hint(lang, self.mm.languages),
                )
                continue
            text = self.string(value, f"{what}.{lang}", element)
            if text is not None:
                texts[lang] = text
        if required and primary not in texts:
            language = LANGUAGE_NAMES.get(primary, primary)
            self.report(
                "missing-field", node, f"{what} has no {language} text ({primary})", element, f"add `{primary}:`"
            )
        return dict(sorted(texts.items(), key=lambda item: item[0] != primary))

    def typed(self, node: yaml.Node, ftype: str, what: str, element: str | None) -> Any:
        return _FIELD_READERS[ftype](self, node, what, element)

    def integer(self, node: yaml.Node, what: str, element: str | None) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == INT:
            return _constructor.construct_yaml_int(node)
        self.wrong_type(node, what, "a whole number", element)
        return None

    def number(self, node: yaml.Node, what: str, element: str | None) -> int | float | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == INT:
            return _constructor.construct_yaml_int(node)
        if isinstance(node, yaml.ScalarNode) and node.tag == FLOAT:
            value = _constructor.construct_yaml_float(node)
            if math.isfinite(value):
                return value
            self.wrong_type(node, what, "a finite number", element, "NaN and infinity are no figures: write the number")
            return None
        hint = "write digits without spaces; 1_000_000 is allowed" if isinstance(node, yaml.ScalarNode) else None
        self.wrong_type(node, what, "a number", element, hint)
        return None

    def boolean(self, node: yaml.Node, what: str, element: str | None) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
            return _constructor.construct_yaml_bool(node)
        self.wrong_type(node, what, "true or false", element)
        return None

    def date(self, node: yaml.Node, what: str, element: str | None) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in (STR, INT, TIMESTAMP) and _DATE.fullmatch(node.value):
            if _real_date(node.value):
                return node.value
            self.wrong_type(node, what, "a date that exists", element, "months are 01-12, days as the month has")
            return None
        self.wrong_type(node, what, "a date (YYYY, YYYY-MM or YYYY-MM-DD)", element)
        return None

    def values(self, node: yaml.Node, what: str, element: str | None) -> dict[str, int | float] | None:
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, what, "a mapping of names to numbers", element)
            return None
        result: dict[str, int | float] = {}
        self.problems.extend(mapping_duplicates(node, self.file))
        for key, value in node.value:
            name = _plain_key(key)
            if name is None:
                self.key_not_a_name(key, what, element)
                continue
            number = self.number(value, f"{what}.{name}", element)
            if number is not None:
                result[name] = number
        return result

    def key_not_a_name(self, key: yaml.Node, what: str, element: str | None) -> None:
        """A key YAML reads as a number, a boolean or null (`1`, `1.0`, `0x1`, `yes`, `true` would all be one
        key once read) is reported, never folded into another."""
        self.wrong_type(key, f"a key in {what}", "a name", element, f'quote the key: "{_key_text(key)}": ...')

    def strings(self, node: yaml.Node, what: str, element: str | None) -> tuple[str, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.wrong_type(node, what, "a list of strings", element)
            return None
        return tuple(s for item in node.value if (s := self.string(item, what, element)) is not None)

    def properties(self, node: yaml.Node, element: str | None) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            self.wrong_type(node, "properties", "a mapping", element)
            return {}
        self.problems.extend(duplicate_keys(node, self.file))
        bad_keys = [key for key in _mapping_keys(node) if not (isinstance(key, yaml.ScalarNode) and key.tag == STR)]
        for key in bad_keys:
            self.key_not_a_name(key, "properties", element)
        if bad_keys:
            return {}
        value = _constructor.construct_object(node, deep=True)
        if any(isinstance(x, float) and not math.isfinite(x) for x in _leaves(value)):
            self.wrong_type(node, "properties", "finite numbers", element, "NaN and infinity are no values")
            return {}
        return value

    def links(self, node: yaml.Node, element: str | None) -> tuple:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        links = []
        for item in items:
            if isinstance(item, yaml.ScalarNode):
                url = self.string(item, "a link", element)
                if url:
                    links.append(MappingProxyType({"url": url, "title": url}))
            elif isinstance(item, yaml.MappingNode):
                fields = self.small_mapping(item, ("url", "title"), "a link", element)
                if "url" not in fields:
                    self.report("missing-field", item, "a link needs a url", element)
                else:
                    links.append(MappingProxyType({"url": fields["url"], "title": fields.get("title", fields["url"])}))
            else:
                self.wrong_type(item, "a link", "a url or a mapping with url and title", element)
        return tuple(links)

    def waivers(self, node: yaml.Node, element: str | None) -> tuple[Waiver, ...]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        waivers = []
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                self.wrong_type(
                    item,
                    "a waiver",
                    "a mapping with rule and reason",
                    element,
                    "write `- {rule: orphan-element, reason: why this is right}`",
                )
                continue
            fields = self.small_mapping(item, ("rule", "reason"), "a waiver", element, texts=("reason",))
            if "rule" not in fields:
                self.report("missing-field", item, "a waiver needs the rule it waives", element)
                continue
            reasons = {lang: text.strip() for lang, text in fields.get("reason", {}).items() if text.strip()}
            waivers.append(Waiver(fields["rule"], reasons, location_of(self.file, item)))
        return tuple(waivers)

    def small_mapping(
        self,
        node: yaml.MappingNode,
        allowed: tuple[str, ...],
        what: str,
        element: str | None,
        texts: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """A mapping of strings; a key in `texts` is a text in languages (a string, or `{fi: ..., en: ...}`)."""
        result: dict[str, Any] = {}
        self.problems.extend(mapping_duplicates(node, self.file))
        for key, value in node.value:
            name = _plain_key(key)
            if name not in allowed:
                self.report(
                    "unknown-field",
                    key,
                    f'unknown field "{name}" in {what}',
                    element,
                    did_you_mean(name or "", allowed) or "fields: " + ", ".join(allowed),
                )
            elif name in texts:
                result[name] = self.text(value, f"{what}'s {name}", element)
            elif (text := self.string(value, f"{what}'s {name}", element)) is not None:
                result[name] = text
        return result

    # -- relationships --------------------------------------------------------------------------
    def relations(self, rtype: str, node: yaml.Node, source: str | None) -> list[Relationship]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found = []
        inherited = self.provenance
        for item in items:
            if item.__class__ is yaml.ScalarNode and item.tag == STR and source is not None:
                where = location_of(self.file, item)
                found.append(Relationship(rtype, source, item.value, where, _NO_TEXT, _NO_TEXT, inherited))
            elif (rel := self.relation(rtype, item, source)) is not None:
                found.append(rel)
        return found

    def relation(self, rtype: str, node: yaml.Node, source: str | None) -> Relationship | None:
        description: dict[str, str] = {}
        properties: dict[str, Any] = {}
        provenance = self.provenance
        target_node: yaml.Node | None = node
        if isinstance(node, yaml.MappingNode):
            target_node = None
            self.problems.extend(mapping_duplicates(node, self.file))
            for key, value in node.value:
                name = _plain_key(key)
                if name == "to":
                    target_node = value
                elif name == "description":
                    description = self.text(value, f"{rtype} description", source)
                elif name == "properties":
                    properties = self.properties(value, source)
                elif name == PROVENANCE:
                    provenance = self.provenance_of(value, source) or provenance
                else:
                    self.report(
                        "unknown-field",
                        key,
                        f'unknown field "{name}" in a "{rtype}" relationship',
                        source,
                        did_you_mean(name or "", RELATION_ITEM_FIELDS) or "fields: " + ", ".join(RELATION_ITEM_FIELDS),
                    )
            if target_node is None:
                self.report("missing-field", node, f'a "{rtype}" relationship needs `to:` naming its target', source)
                return None
        assert target_node is not None  # set above for a mapping, the node itself otherwise
        if not isinstance(target_node, yaml.ScalarNode):
            self.wrong_type(
                target_node,
                f'the target of "{rtype}"',
                "an element id",
                source,
                f"write `{rtype}: id` or `{rtype}: [id1, id2]`",
            )
            return None
        target = self.string(target_node, f'the target of "{rtype}"', source)
        if target is None or source is None:
            return None
        return Relationship(
            rtype,
            source,
            target,
            location_of(self.file, target_node),
            MappingProxyType(description),
            MappingProxyType(properties),
            provenance,
        )


_FIELD_READERS: dict[str, Callable[..., Any]] = {
    "string": _Builder.string,
    "text": _Builder.text,
    "integer": _Builder.integer,
    "number": _Builder.number,
    "boolean": _Builder.boolean,
    "date": _Builder.date,
    "values": _Builder.values,
    "strings": _Builder.strings,
}


def build(
    documents: Iterable[Document], metamodel: Metamodel, reference_files: frozenset[str] = frozenset()
) -> tuple[Model, list[Problem]]:
    """Make a Model from loaded documents; shape problems come back beside it, never as exceptions.

    `reference_files` are the files of the model an area extends; they come first in `documents`.
    """
    builder = _Builder(metamodel, reference_files)
    files: list[str] = []
    for doc in documents:
        if not files or files[-1] != doc.file:
            files.append(doc.file)
        builder.document(doc)
    builder.resolve_former_ids()
    model = Model(
        metamodel=metamodel,
        elements=MappingProxyType(builder.elements),
        relationships=tuple(builder.relationships),
        duplicates=tuple(builder.duplicates),
        files=tuple(files),
        reference_files=reference_files,
        not_applicable=MappingProxyType(builder.not_applicable),
    )
    return model, builder.problems


def slugify(text: str) -> str:
    """An id from a name: 'Kaupungin lähikirjasto' -> 'kaupungin-lahikirjasto'.

    >>> slugify("Kirjastojen Yhteinen Hakupalvelu")
    'kirjastojen-yhteinen-hakupalvelu'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "id"


def _real_date(text: str) -> bool:
    """Whether YYYY, YYYY-MM or YYYY-MM-DD names a day, month or year that exists (no 2024-13-45)."""
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _mapping_keys(node: yaml.Node) -> Iterator[yaml.Node]:
    """Every key of every mapping in a node tree."""
    stack = [node]
    while stack:
        here = stack.pop()
        if isinstance(here, yaml.MappingNode):
            for key, value in here.value:
                yield key
                stack.append(value)
        elif isinstance(here, yaml.SequenceNode):
            stack.extend(here.value)


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _key_text(key: yaml.Node) -> str:
    return one_line(key.value)[:40] if isinstance(key, yaml.ScalarNode) else "..."


def _plain_key(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.tag == STR else None


def _language_hint(lang: str | None, languages: tuple[str, ...]) -> str:
    if lang and (" " in lang or not lang.isalpha()):
        return 'a comma inside { } ends the value and starts a new key: quote the text, {fi: "a, b"}'
    return did_you_mean(lang or "", languages) or "languages: " + ", ".join(languages)


def _allowed_fields_hint(kind: Kind) -> str:
    own = ", ".join(kind.fields) if kind.fields else "none"
    return f"fields of every element: {', '.join(COMMON_FIELDS)}; of a {kind.id}: {own}; or a relationship name"


def _describe(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node is None or node.tag == NULL:
        return "empty"
    kind = {STR: "a string", INT: "a number", FLOAT: "a number", BOOL: "true/false", TIMESTAMP: "a date"}
    return f"{kind.get(node.tag, 'a value')} ({excerpt(node.value)})"
