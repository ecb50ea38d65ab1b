"""An ArchiMate Model Exchange File as a model in this repository's format: YAML files by layer and kind.

Each ArchiMate element becomes an element of the kind whose `archimate:` type it has, or of the kind the
metamodel's `archimate-import:` table names; when that kind's own type is a different one, the element
keeps its type in the property `archimate:type`. Each relationship becomes the relationship type of the
same ArchiMate type that the two kinds allow (Association always becomes `associated-with`); when none
fits it becomes `associated-with` keeping its type in `archimate:type`. A named Flow relationship, or
one that other relationships point at, is an information flow and becomes a `flow` element.

Nothing is dropped silently: what cannot be imported (a relationship between relationships, an element
type with no kind) is a note with its line in the file. The XML is read with entities unresolved, no
DTD and no network; a file with a DOCTYPE is refused.

>>> from refarch.metamodel import load_metamodel
>>> xml = b'''<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
...   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>M</name><elements>
...   <element identifier="a1" xsi:type="BusinessActor"><name>Kirjasto</name></element>
...   <element identifier="n1" xsi:type="Node"><name>Palvelin</name></element></elements></model>'''
>>> result = read_archimate(xml, load_metamodel())
>>> sorted(result.files)  # refarch.yaml: the model's name as its title
['business/actors.yaml', 'refarch.yaml', 'systems/systems.yaml']
>>> print(result.files['systems/systems.yaml'].split('\\n', 2)[2], end='')
systems:
- id: palvelin
  name: Palvelin
  properties:
    archimate:identifier: n1
    archimate:type: Node
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from refarch.build import ID_PATTERN, is_id, slugify
from refarch.config import LANGUAGE_CODE, TITLE_MAX, parse_config
from refarch.errors import ConfigError
from refarch.exchange.format import (
    ARCHIMATE_PREFIX,
    CONFIG_PROPERTY,
    FIELD_PREFIX,
    NS,
    RELATIONSHIP_ATTRIBUTES,
    TRAVELLING_SETTINGS,
    XML_LANG,
    XSI,
    YAML_VALUES,
    exported_type,
    flow_ends,
    kind_for_type,
    provenance_from_properties,
    relationship_for,
    said_relationship,
    typed_value,
)
from refarch.exchange.table import RELATIONSHIP_END
from refarch.load import DEFAULT_MAX_BYTES
from refarch.metamodel import Metamodel
from refarch.model import Model
from refarch.problems import Location, Problem
from refarch.rules.stages import stage_problem

MAX_ID_LENGTH = 60
SECOND = "\x00"  # between a language tag and a number: a second text with the same tag
FILE_SHARE = 3 / 4  # of the size refarch reads a model file up to: the most an imported file holds
CONFIG_FILE = "refarch.yaml"
IMPORT_MARK = "by `refarch import archimate`"  # in the head of each file the import writes
SETTINGS_ORDER = ("about", "languages", "max-file-size", "checks", "rules")  # each may need those before it


NOTE_CODES = {"error": "import-skipped", "warning": "import-changed", "info": "import-note"}


@dataclass
class Imported:
    """The files, the notes, and what was imported counted as ArchiMate counts it: a flow element is a
    (Flow) relationship there, so `relationships` includes `flows` and `elements` does not."""

    files: dict[str, str]  # path relative to the model folder -> YAML text
    notes: list[Problem] = field(default_factory=list)  # codes import-skipped, import-changed, import-note
    elements: int = 0
    relationships: int = 0
    flows: int = 0


@dataclass
class _Concept:
    identifier: str
    type: str
    line: int
    names: dict[str, str]
    documentation: dict[str, str]
    properties: dict[str, Any]
    source: str = ""  # relationships only: identifiers of their ends
    target: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    untyped: list[str] = field(default_factory=list)  # property values not of their definition's type


def read_archimate(
    data: bytes,
    mm: Metamodel,
    file_name: str = "<exchange file>",
    known: Mapping[str, str] | None = None,
    untagged: str | None = None,
    metamodel_file: str | None = None,
) -> Imported:
    """The model folder's files for an exchange file's bytes; ConfigError when it is no such file.

    `metamodel_file`: the name of the metamodel (not the default one) the files are written in, which the
    caller puts beside them: refarch.yaml names it, so that the folder validates in its own terms.

    `known` maps the identifiers of elements already in the folder imported into (`known_identifiers`) to
    their ids, so that an element keeps its id when the file comes back renamed or reordered. `untagged` is the
    language of text without `xml:lang` (`--language`); by default the file's own, else the metamodel's first.
    """
    root = _parse(data, file_name)
    definitions = _property_definitions(root)
    elements = [_concept(node, definitions) for node in root.iterfind(f"{{{NS}}}elements/{{{NS}}}element")]
    relationships = [
        _concept(node, definitions) for node in root.iterfind(f"{{{NS}}}relationships/{{{NS}}}relationship")
    ]
    languages, guessed = _file_languages(root, mm, untagged)
    importer = _Importer(mm, file_name, known, languages, untagged)
    if guessed:
        importer.note(
            "info",
            root.sourceline or 0,
            f"{guessed} text(s) have no language (xml:lang) and the file names none: taken as "
            f'"{languages[0]}", the metamodel\'s first language; if they are in another, import again with '
            "`--language <code>`",
        )
    _note_what_is_left(root, importer, definitions)
    settings = _model_settings(_concept(root, definitions), importer)
    cap = settings.get("max-file-size", DEFAULT_MAX_BYTES)
    importer.budget = int(FILE_SHARE * min(cap, DEFAULT_MAX_BYTES))
    imported = importer.run(elements, relationships)
    if metamodel_file:
        settings = {"metamodel": metamodel_file, **settings}
    if settings:
        imported.files[CONFIG_FILE] = f"# Imported from {file_name} {IMPORT_MARK}.\n" + yaml.safe_dump(
            settings, allow_unicode=True, sort_keys=False, width=100
        )
    imported.notes = sorted(importer.notes, key=Problem.sort_key)
    return imported


def earlier_imports(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """The files an earlier import wrote into `folder` (their second line says so) that this one does not
    write again: what the other tool no longer has, or a part of a kind now in fewer files. Files the
    architect wrote, and links, are never among them."""
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        if relative in files or relative == CONFIG_FILE or path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            head = handle.read(400).decode("utf-8", "replace").splitlines()[:2]
        if any(IMPORT_MARK in line for line in head):
            found.append(path)
    return found


def known_identifiers(model: Model) -> dict[str, str]:
    """Each element's ArchiMate identifier -> its id, in a folder a file is imported into again: what it had
    as `archimate:identifier`, or `id-<id>` as refarch exports it."""
    known = {f"id-{element.id}": element.id for element in model.elements.values()}
    for element in model.elements.values():
        identifier = element.properties.get("archimate:identifier")
        if isinstance(identifier, str):
            known[identifier] = element.id
    return known


def _model_settings(model: _Concept, importer: _Importer) -> dict[str, Any]:
    """The model's refarch.yaml: what of it travelled (`refarch:config`), with the model's name as its title
    and its documentation as its introduction where that did not say them."""
    properties = dict(model.properties)
    config = properties.pop(CONFIG_PROPERTY, None)
    settings: dict[str, Any] = {}
    if isinstance(config, dict):
        settings = {k: v for k, v in config.items() if k in TRAVELLING_SETTINGS}
        for key in sorted(set(config) - set(settings), key=str):
            importer.note("warning", model.line, f'"{key}" of {CONFIG_PROPERTY} not imported: it names files or code')
    elif config is not None:
        importer.note("warning", model.line, f"{CONFIG_PROPERTY} is not a mapping: not imported")
    said_about = settings.get("about")
    about: dict[str, Any] = dict(said_about) if isinstance(said_about, dict) else {}
    name = next(iter(model.names.values()), "")
    if name and not about.get("title"):
        if len(name) <= TITLE_MAX and "\n" not in name:
            about["title"] = name
        else:
            importer.note("warning", model.line, f"the model's name is too long for about.title: {name[:60]}...")
    if model.documentation and not about.get("introduction"):
        about["introduction"] = importer.language_texts(model.documentation, model.line)
    if about:
        settings = {"about": about, **{k: v for k, v in settings.items() if k != "about"}}
    if importer.languages != importer.mm.languages and "languages" not in settings:
        settings["languages"] = list(importer.languages)
    kept: dict[str, Any] = {}
    for key in sorted(settings, key=lambda k: SETTINGS_ORDER.index(k) if k in SETTINGS_ORDER else 0):
        try:  # one by one, each with those it needs before it (rules name the checks), in their order
            parse_config({**kept, key: settings[key]}, Path("."), CONFIG_PROPERTY)
            kept[key] = settings[key]
        except ConfigError as exc:
            importer.note("warning", model.line, f'the model\'s setting "{key}" is not imported: {exc}')
    settings = {k: kept[k] for k in settings if k in kept}
    for key in properties:
        importer.note(
            "warning", model.line, f'the model\'s property "{key}" is not imported: a model folder has no place for it'
        )
    return settings


def _note_what_is_left(root: etree._Element, importer: _Importer, definitions: dict[str, tuple[str, str]]) -> None:
    """The parts of a file that have no place in the model folder are named, so none goes unnoticed."""
    views = root.findall(f"{{{NS}}}views/{{{NS}}}diagrams/{{{NS}}}view")
    if views:
        names = [next(iter(_texts(view, "name").values()), view.get("identifier", "")) for view in views]
        importer.note(
            "info",
            views[0].sourceline or 0,
            f"{len(views)} view(s) not imported ({_listed(names)}): refarch draws its views from the model "
            "(`refarch render --list`, and `refarch export archimate` lays them out anew)",
        )
    folders = root.findall(f"{{{NS}}}organizations//{{{NS}}}item[{{{NS}}}label]")
    if folders:
        labels = [next(iter(_texts(folder, "label").values()), "") for folder in folders]
        importer.note(
            "info",
            folders[0].sourceline or 0,
            f"{len(folders)} folder(s) not imported ({_listed(labels)}): files follow the layers and kinds",
        )
    metadata = root.find(f"{{{NS}}}metadata")
    if metadata is not None and "".join(metadata.itertext()).strip():
        tags = [etree.QName(node).localname for node in metadata if isinstance(node.tag, str)]
        importer.note(
            "warning",
            metadata.sourceline or 0,
            f"the model's metadata is not imported ({_listed(tags)}): a model folder has no place for it",
        )
    used = {ref for ref in root.xpath("//@propertyDefinitionRef")}
    unused = [name for identifier, (name, _) in definitions.items() if identifier not in used]
    if unused:
        importer.note(
            "info", 0, f"{len(unused)} property definition(s) no element uses, not imported: {_listed(unused)}"
        )


def _refarch_like(stem: str) -> bool:
    """Whether `id-<stem>` looks like an id refarch wrote, not another tool's number or hash (`id-1544`,
    `id-37d5bc4b`, a UUID): those are no names for a reader. Short hexadecimal words (`b2b`, `ad-2025`)
    are refarch's.

    >>> [_refarch_like(s) for s in ("city-library", "b2b", "ad-2025", "1544", "37d5bc4b", "4b6a3c0f-5e2d-4b1e")]
    [True, True, True, False, False, False]
    """
    digits = stem.replace("-", "")
    hashed = bool(re.fullmatch(r"[0-9a-f]{8,}", digits)) and any(c.isdigit() for c in digits)
    return bool(ID_PATTERN.fullmatch(stem)) and not digits.isdigit() and not hashed


def _slug(name: str) -> str:
    return slugify(name)[:MAX_ID_LENGTH].strip("-") or "id"


def _split(path: str, section: str, records: list[dict[str, Any]], header: str, budget: int) -> dict[str, str]:
    """One file per kind, or as many (`actors.yaml`, `actors-2.yaml`, ...) as keep each under `budget`
    bytes, filled in order; an element too large for one alone gets a file of its own (which refarch then
    refuses, saying so). Each element is written once: a section is its name and its items' texts."""
    head = f"{header}{section}:\n"
    parts: list[list[str]] = [[]]
    used = len(head.encode())
    for record in records:
        text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
        size = len(text.encode())
        if parts[-1] and used + size > budget:
            parts.append([])
            used = len(head.encode())
        parts[-1].append(text)
        used += size
    stem = path[: -len(".yaml")]
    return {(path if n == 0 else f"{stem}-{n + 1}.yaml"): head + "".join(part) for n, part in enumerate(parts)}


def _listed(names: list[str], most: int = 5) -> str:
    """`a, b, c and 4 more`: enough to recognise, short enough to read."""
    shown = ", ".join(name for name in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _parse(data: bytes, file_name: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        raise ConfigError(f"{file_name}:{line}:{column}: not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise ConfigError(
            f"{file_name}: has a DOCTYPE; exchange files need none, and its entities could "
            "expand without bound: remove the <!DOCTYPE ...> declaration"
        )
    if root.tag != f"{{{NS}}}model":
        raise ConfigError(
            f"{file_name}:{root.sourceline}: the root is <{etree.QName(root).localname}> in "
            f"{etree.QName(root).namespace or 'no namespace'}; an ArchiMate 3 exchange file has "
            f"<model> in {NS}"
        )
    return root


def _texts(node: etree._Element, tag: str) -> dict[str, str]:
    """Language tag -> text; a second text with the same tag under `<tag>` + SECOND + n (noted, not kept)."""
    texts: dict[str, str] = {}
    for n, child in enumerate(node.iterfind(f"{{{NS}}}{tag}")):
        text = "".join(child.itertext()).strip()
        if text:
            lang = child.get(XML_LANG, "")
            texts[lang if lang not in texts else f"{lang}{SECOND}{n}"] = text
    return texts


def _file_languages(root: etree._Element, mm: Metamodel, untagged: str | None) -> tuple[tuple[str, ...], int]:
    """The model's languages as the file uses them, its own first, and how many texts have no tag and were
    taken to be in the metamodel's first language for want of any other.

    The model's own language is the one its name is tagged with (as Archi and refarch write it), else the one
    most elements are named in; the others follow by use. The metamodel's languages when the file uses no
    others and its own is the metamodel's first. A file with no language tags at all is taken to be in the
    metamodel's first language (and the import says so).
    """
    counts: Counter[str] = Counter()
    for node in root.iter(f"{{{NS}}}name", f"{{{NS}}}documentation", f"{{{NS}}}label"):
        counts[_primary(node.get(XML_LANG, untagged or ""))] += 1
    without = counts.pop("", 0)
    if not counts:
        return mm.languages, without
    named = Counter(
        _primary(node.get(XML_LANG, untagged or "")) for node in root.iterfind(f"{{{NS}}}elements/*/{{{NS}}}name")
    )
    model_name = root.find(f"{{{NS}}}name")
    own = _primary(model_name.get(XML_LANG, untagged or "")) if model_name is not None else ""
    if own not in counts:
        own = max(counts, key=lambda lang: (named[lang], counts[lang], lang in mm.languages))
    used = [own, *sorted((lang for lang in counts if lang != own), key=lambda lang: (-counts[lang], lang))]
    if set(used) <= set(mm.languages) and own == mm.languages[0]:
        return mm.languages, 0
    return tuple(used), 0


def _primary(tag: str) -> str:
    """`en-GB` → `en`: the model's languages are ISO 639 codes; a tag that starts with none (`i-klingon`)
    counts as no tag."""
    primary = tag.split("-")[0].lower()
    return primary if LANGUAGE_CODE.fullmatch(primary) else ""


def _property_definitions(root: etree._Element) -> dict[str, tuple[str, str]]:
    """Identifier -> (name, data type); `yaml` for a definition whose values refarch wrote in YAML flow style."""
    found = {}
    for node in root.iterfind(f"{{{NS}}}propertyDefinitions/{{{NS}}}propertyDefinition"):
        names = _texts(node, "name")
        name = names.get("") or names.get("fi") or next(iter(names.values()), node.get("identifier", ""))
        datatype = node.get("type", "string")
        if YAML_VALUES in _texts(node, "documentation").values():
            datatype = "yaml"
        found[node.get("identifier", "")] = (name, datatype)
    return found


def _concept(node: etree._Element, definitions: dict[str, tuple[str, str]]) -> _Concept:
    properties: dict[str, Any] = {}
    untyped: list[str] = []
    for prop in node.iterfind(f"{{{NS}}}properties/{{{NS}}}property"):
        name, datatype = definitions.get(
            prop.get("propertyDefinitionRef", ""), (prop.get("propertyDefinitionRef", ""), "string")
        )
        values = _texts(prop, "value")
        text = values.get("") or next(iter(values.values()), "")
        properties[name], typed = typed_value(text, datatype)
        if not typed:
            untyped.append(f"{name} ({datatype}): {text[:40]}")
    archimate_type = node.get(f"{{{XSI}}}type", "").rpartition(":")[2]
    return _Concept(
        node.get("identifier", ""),
        archimate_type,
        node.sourceline or 0,
        _texts(node, "name"),
        _texts(node, "documentation"),
        properties,
        node.get("source", ""),
        node.get("target", ""),
        {a: node.get(a) for a in RELATIONSHIP_ATTRIBUTES if node.get(a) is not None},
        untyped,
    )


class _Importer:
    def __init__(
        self,
        mm: Metamodel,
        file_name: str,
        known: Mapping[str, str] | None = None,
        languages: tuple[str, ...] | None = None,
        untagged: str | None = None,
    ) -> None:
        self.mm = mm
        self.languages = languages or mm.languages  # the model's, as the file uses them
        self.untagged = untagged or self.languages[0]  # the language of text without a tag
        self.file_name = file_name
        self.notes: list[Problem] = []
        self.by_type = kind_for_type(mm)
        self.flow_kind = next(
            (k.id for k in mm.kinds.values() if k.archimate_relationship and k.archimate == "Flow"), None
        )
        self.taken: set[str] = set()
        self.attached: set[str] = set()  # identifiers other relationships point at
        self.budget = int(FILE_SHARE * DEFAULT_MAX_BYTES)  # an imported file's most bytes
        self.known = dict(known or {})  # identifier -> id, from the folder imported into
        self.name_counts: Counter[str] = Counter()
        self.next_suffix: dict[str, int] = {}  # slug -> the last number given to it
        self.ids: dict[str, str] = {}  # ArchiMate identifier -> element id
        self.records: dict[str, dict[str, Any]] = {}  # element id -> what its YAML says
        self.kinds: dict[str, str] = {}
        self.types: dict[str, str] = {}  # element id -> its ArchiMate type in the file
        self.relationship_count = 0

    def note(self, severity: str, line: int, message: str) -> None:
        """Something not carried over as it was: not imported (error), imported differently (warning), or
        kept elsewhere (info); a finding of the import's own rules (refarch.rules.stages)."""
        self.notes.append(stage_problem(NOTE_CODES[severity], Location(self.file_name, line), message))

    def run(self, elements: list[_Concept], relationships: list[_Concept]) -> Imported:
        attached = self.attached = {end for r in relationships for end in (r.source, r.target)}
        candidates = [r for r in relationships if self.is_flow(r, attached)]
        self.name_counts = Counter(self.name_slug(c) for c in (*elements, *candidates))
        for concept in elements:
            self.element(concept)
        flows = [r for r in candidates if self.flow_ends_fit(r)]
        flow_ids = {flow.identifier for flow in flows}
        for flow in flows:
            self.flow(flow)
        for rel in relationships:
            if rel.identifier not in flow_ids:
                self.relationship(rel)
        flow_count = sum(kind == self.flow_kind for kind in self.kinds.values())
        return Imported(
            self.files(),
            sorted(self.notes, key=Problem.sort_key),
            len(self.records) - flow_count,
            self.relationship_count + flow_count,
            flow_count,
        )

    def is_flow(self, concept: _Concept, attached: set[str]) -> bool:
        """A relationship the export wrote for a flow element (`refarch:kind`), or a Flow that is an information
        flow: named, or the end of other relationships."""
        if self.flow_kind is None:
            return False
        if concept.properties.get(FIELD_PREFIX + "kind") == self.flow_kind:
            return True
        return concept.type == "Flow" and bool(concept.names or concept.identifier in attached)

    def flow_ends_fit(self, concept: _Concept) -> bool:
        """Whether a flow's ends are elements its kind may send from and to (an actor, a system); a Flow
        between two processes is a relationship between them, not an information flow of this format."""
        assert self.flow_kind is not None
        ends = [self.kinds.get(self.ids.get(end, ""), "") for end in (concept.source, concept.target)]
        relationships = self.mm.relationships
        fits = [
            rtype in relationships and relationships[rtype].allows(self.flow_kind, kind)
            for rtype, kind in zip(flow_ends(self.mm), ends, strict=True)
        ]
        if all(fits) or concept.properties.get(FIELD_PREFIX + "kind") == self.flow_kind:
            return True
        if concept.identifier in self.attached:  # a relationship of this format cannot point at it: kept whole
            self.note(
                "warning",
                concept.line,
                f'Flow "{concept.identifier}" is between elements a flow does not go between, but other '
                "relationships point at it: imported as a flow element, which validation questions",
            )
            return True
        return False

    # -- elements ------------------------------------------------------------------------------
    def element(self, concept: _Concept) -> None:
        kind = self.by_type.get(concept.type) or ("concept" if "concept" in self.mm.kinds else None)
        said = concept.properties.pop(FIELD_PREFIX + "kind", None)
        if said in self.mm.kinds and not self.mm.kinds[said].archimate_relationship:
            kind = said
        elif said is not None:
            self.note(
                "warning", concept.line, f'"{FIELD_PREFIX}kind" names no element kind: "{said}"; imported as {kind}'
            )
        if kind is None:
            self.note(
                "error",
                concept.line,
                f'element "{concept.identifier}" is of type {concept.type or "(none)"}, '
                "which no kind of the metamodel takes: not imported; add the type to `archimate-import`",
            )
            return
        properties = dict(concept.properties)
        if self.mm.kinds[kind].archimate != concept.type:
            properties["archimate:type"] = concept.type
            if kind == "concept" and concept.type not in self.by_type:
                self.note(
                    "warning",
                    concept.line,
                    f'element type "{concept.type}" is unknown: imported as a concept keeping its type',
                )
        self.add(concept, kind, properties)

    def flow(self, concept: _Concept) -> None:
        """A named (or attached) Flow relationship, as a flow element; only called when the metamodel has a
        flow kind (`run` picks the flows)."""
        assert self.flow_kind is not None
        properties = dict(concept.properties)
        properties.pop(FIELD_PREFIX + "kind", None)  # an Association the export wrote where no Flow may go
        if not concept.names:  # named by its type here; the export leaves the name out again
            properties["archimate:unnamed"] = True
        record = self.add(concept, self.flow_kind, properties)
        if record is None:
            return
        for role, rtype, end in zip(("from", "to"), flow_ends(self.mm), (concept.source, concept.target), strict=True):
            provenance = record.pop(f"{role}-provenance", None)
            if end in self.ids:
                target = self.ids[end]
                record.setdefault(rtype, []).append({"to": target, "provenance": provenance} if provenance else target)
            else:
                self.note(
                    "error",
                    concept.line,
                    f'flow "{concept.identifier}" {rtype} "{end}", which is not an '
                    "element of the file: the flow lacks that end",
                )

    def note_untyped(self, concept: _Concept) -> None:
        for value in concept.untyped:
            self.note("warning", concept.line, f"property value not of its definition's type, kept as text: {value}")

    def add(self, concept: _Concept, kind: str, properties: dict[str, Any]) -> dict[str, Any] | None:
        self.note_untyped(concept)
        name = self.names(concept)
        element_id = self.element_id(concept, properties)
        self.ids[concept.identifier] = element_id
        self.kinds[element_id] = kind
        self.types[element_id] = RELATIONSHIP_END if self.mm.kinds[kind].archimate_relationship else concept.type
        record: dict[str, Any] = {"id": element_id, "name": name}
        if concept.documentation:
            record["description"] = self.language_texts(concept.documentation, concept.line)
        fields, rest = self.fields(kind, properties, concept.line)
        record.update(fields)
        if rest:
            record["properties"] = dict(sorted(rest.items()))
        self.records[element_id] = record
        return record

    def element_id(self, concept: _Concept, properties: dict[str, Any]) -> str:
        """The element's id: the one it had in the folder imported into (`known`, matched by identifier); the
        stem of `id-<id>` as refarch exports it; else one made from its name (`derived_id`). Where the
        identifier is not `id-<the id>`, it is kept as `archimate:identifier`, so that the next import into
        the same folder finds the element again and an export gives the identifier back."""
        identifier = concept.identifier
        stem = identifier[3:] if identifier.startswith("id-") else ""
        for wanted in (self.known.get(identifier), stem if _refarch_like(stem) else None):
            if wanted and is_id(wanted) and len(wanted) <= MAX_ID_LENGTH and wanted not in self.taken:
                chosen = wanted
                break
        else:
            chosen = self.derived_id(concept)
        self.taken.add(chosen)
        if identifier != f"id-{chosen}":
            properties["archimate:identifier"] = identifier
        return chosen

    def name_slug(self, concept: _Concept) -> str:
        """A slug of the element's name in the model's language (else its untagged or first name)."""
        names = concept.names
        lang = self.languages[0]
        name = next((t for tag, t in names.items() if _primary(tag) == lang), None) or names.get("")
        return _slug(name or next(iter(names.values()), "") or concept.type or concept.identifier)

    def derived_id(self, concept: _Concept) -> str:
        """A slug of the name (`Business Actor` → `business-actor`); a name several elements share gets a
        short hash of the element's identifier too (`client-3f2a9c1d`), so that ids do not depend on the order
        of the file or on elements another tool adds."""
        base = self.name_slug(concept)
        if self.name_counts.get(base, 0) > 1:
            digest = hashlib.sha1(concept.identifier.encode()).hexdigest()[:8]
            base = f"{base[: MAX_ID_LENGTH - 9].rstrip('-')}-{digest}"
        candidate, n = base, self.next_suffix.get(base, 1)
        while candidate in self.taken:  # each base remembers its last suffix: linear in same-named elements
            n += 1
            candidate = f"{base}-{n}"
        self.next_suffix[base] = n
        return candidate

    def names(self, concept: _Concept) -> str | dict[str, str]:
        if not concept.names:
            self.note("warning", concept.line, f'"{concept.identifier}" has no name: named by its type')
            return concept.type or concept.identifier
        return self.language_texts(concept.names, concept.line)

    def fields(self, kind: str, properties: dict[str, Any], line: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """`refarch:<field>` properties back into the fields they were exported from."""
        fields: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        properties = dict(properties)
        if (provenance := provenance_from_properties(properties, self.languages)) is not None:
            fields["provenance"] = provenance
        for name, value in properties.items():
            field_name = name[len(FIELD_PREFIX) :] if name.startswith(FIELD_PREFIX) else None
            if field_name in ("source",):
                fields["source"] = str(value)
            elif field_name is not None and (
                field_name in ("links", "waive", "from-provenance", "to-provenance")
                or field_name in self.mm.kinds[kind].fields
            ):
                try:
                    fields[field_name] = json.loads(value) if isinstance(value, str) else value
                except json.JSONDecodeError:
                    self.note("warning", line, f'property "{name}" is not JSON: kept as a property')
                    rest[name] = value
            else:
                rest[name] = value
        return fields, rest

    def language_texts(self, texts: dict[str, str], line: int) -> str | dict[str, str]:
        """Texts by language as this format writes them: a plain string when in the model's language only.

        `en-GB` counts as `en`; untagged text is in `--language`, else the model's own, unless there is text
        in it already. A second text in one language is a note, and left out.
        """
        result: dict[str, str] = {}
        main = self.languages[0]
        for lang, text in sorted(texts.items(), key=lambda item: item[0].startswith(SECOND) or item[0] == ""):
            primary = _primary(lang.split(SECOND)[0]) or self.untagged
            if primary not in self.languages:
                self.note(
                    "warning",
                    line,
                    f'text in language "{lang}" left out (languages: {", ".join(self.languages)}): {text[:60]}',
                )
            elif primary in result:
                self.note("warning", line, f'a second text for "{primary}" left out: {text[:60]}')
            else:
                result[primary] = text
        if not result:
            return next(iter(texts.values()))
        return result[main] if set(result) == {main} else result

    # -- relationships -------------------------------------------------------------------------
    def relationship(self, concept: _Concept) -> None:
        source, target = self.ids.get(concept.source), self.ids.get(concept.target)
        if source is None or target is None:
            missing = concept.source if source is None else concept.target
            self.note(
                "error",
                concept.line,
                f'{concept.type or "relationship"} "{concept.identifier}" connects '
                f'"{missing}", which is not an element of the file (this format has relationships between '
                "elements only): not imported",
            )
            return
        self.note_untyped(concept)
        properties = dict(concept.properties)
        rtype, forward = self.relationship_type(concept, properties.pop(FIELD_PREFIX + "type", None), source, target)
        if not forward:
            source, target = target, source
        if exported_type(self.mm.relationships[rtype], self.types[source], self.types[target]) != (
            concept.type,
            not forward,
        ):
            properties["archimate:type"] = concept.type
        if concept.identifier != f"id-{source}.{rtype}.{target}":
            properties["archimate:identifier"] = concept.identifier
        if concept.names:  # kept with its language tags; a name without any as a plain text
            tagged = {lang: text for lang, text in concept.names.items() if SECOND not in lang}
            for text in (t for lang, t in concept.names.items() if SECOND in lang):
                self.note("warning", concept.line, f"a second name in one language left out: {text[:60]}")
            properties["archimate:name"] = tagged[""] if set(tagged) == {""} else tagged
        for attribute, value in concept.attributes.items():
            properties[ARCHIMATE_PREFIX + attribute] = {"true": True, "false": False}.get(value, value)
        entry: dict[str, Any] = {"to": target}
        if concept.documentation:
            entry["description"] = self.language_texts(concept.documentation, concept.line)
        provenance = provenance_from_properties(properties, self.languages)
        if provenance is not None and provenance != self.records[source].get("provenance"):
            entry["provenance"] = provenance  # the element's own is inherited: not written again
        if properties:
            entry["properties"] = dict(sorted(properties.items()))
        self.records[source].setdefault(rtype, []).append(entry if len(entry) > 1 else target)
        self.relationship_count += 1

    def relationship_type(self, concept: _Concept, said: Any, source: str, target: str) -> tuple[str, bool]:
        """`refarch:type` when it names a type of this ArchiMate type that fits the ends, else the usual choice."""
        chosen = relationship_for(self.mm, concept.type, self.kinds[source], self.kinds[target])
        rt = self.mm.relationships.get(said) if isinstance(said, str) else None
        if rt is None:
            if said is not None:
                self.note(
                    "warning",
                    concept.line,
                    f'"{FIELD_PREFIX}type" names no relationship type: "{said}"; imported as {chosen[0]}',
                )
            return chosen
        forward = said_relationship(rt, concept.type, self.kinds[source], self.kinds[target])
        if forward is not None:
            return said, forward
        self.note(
            "warning",
            concept.line,
            f'"{said}" does not fit a {concept.type} from {self.kinds[source]} to {self.kinds[target]}: '
            f"imported as {chosen[0]}",
        )
        return chosen

    # -- files ---------------------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        by_file: dict[str, list[dict[str, Any]]] = {}
        for element_id, record in self.records.items():
            kind = self.mm.kinds[self.kinds[element_id]]
            by_file.setdefault(f"{kind.layer}/{kind.plural}.yaml", []).append(self.ordered(record, kind.id))
        header = (
            f"# yaml-language-server: $schema=../refarch.schema.json\n# Imported from {self.file_name} {IMPORT_MARK}.\n"
        )
        files = {}
        for path, records in sorted(by_file.items()):
            section = path.rsplit("/", 1)[1][: -len(".yaml")]
            files.update(_split(path, section, records, header, self.budget))
        return files

    def ordered(self, record: dict[str, Any], kind: str) -> dict[str, Any]:
        """id, name, description, fields, relationships (each a single target or a list), properties, rest."""
        first = ["id", "name", "description", *self.mm.kinds[kind].fields]
        relationship_names = [name for name in self.mm.relationships if name in record]
        last = ["properties", "links", "source", "provenance", "waive"]
        result = {key: record[key] for key in first if key in record}
        for name in relationship_names:
            targets = record[name]
            result[name] = targets[0] if len(targets) == 1 else targets
        result.update({key: record[key] for key in last if key in record})
        return result
