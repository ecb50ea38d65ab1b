"""The model: plain, immutable elements and relationships, with lookups by id.

Nothing here reads files; `build` makes a Model from loaded YAML and everything downstream reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refarch.metamodel import Metamodel
from refarch.problems import Location


def plain(value: Any) -> Any:
    """A model value with its read-only mappings and tuples as plain dicts and lists (for JSON, comparison).

    >>> from types import MappingProxyType
    >>> plain(MappingProxyType({"a": (1, 2)}))
    {'a': [1, 2]}
    """
    if hasattr(value, "items"):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text on one line, cut at a word before `limit` characters (for tables, hovers).

    >>> first_sentence("The catalogue lists the books. It is public.")
    'The catalogue lists the books.'
    """
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class Waiver:
    """A finding the architects accept on purpose: `waive: [{rule: orphan-element, reason: ...}]`. The reason
    is a text like a name: a plain string (Finnish) or one per language, `reason: {fi: ..., en: ...}`; the
    Finnish site shows the Finnish one."""

    rule: str
    reasons: Mapping[str, str]
    location: Location

    @property
    def reason(self) -> str:
        """The reason for the toolkit's English output: the English text if given, else the first one."""
        return self.reasons.get("en") or next(iter(self.reasons.values()), "")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: a kind the metamodel declares (`stated`, `inferred`...), the citation
    (`source`), the source's own words (`quote`), the modeller's reason (a text per language) and a date.

    One Provenance is shared by everything that takes it as a default (a file's, an element's for the
    relationships written on it); `location` is where it is written, and not part of what it says: an
    incoming relationship that cites what the page's element cites needs no citation of its own.
    """

    kind: str
    location: Location = field(compare=False)  # two provenances that say the same are equal
    source: str | None = None
    quote: str | None = None
    reason: Mapping[str, str] = field(default_factory=dict)
    date: str | None = None

    def given(self) -> dict[str, Any]:
        """What it says, without the keys it leaves empty (a diff's before and after, a flow end's property)."""
        return {key: value for key, value in self.as_json().items() if value}

    def as_json(self) -> dict[str, Any]:
        """The resolved value the exports carry: every key present, empty where not given."""
        return {
            "kind": self.kind,
            "source": self.source,
            "quote": self.quote,
            "reason": dict(self.reason),
            "date": self.date,
        }


@dataclass(frozen=True, slots=True)
class Relationship:
    """A typed edge written on its source element; `description` says what the link means here, and
    `provenance` where the link comes from (its own, else its element's)."""

    type: str
    source: str
    target: str
    location: Location
    description: Mapping[str, str] = field(default_factory=dict)
    properties: Mapping[str, Any] = field(default_factory=dict)
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """An area's statement that a reference element it is expected to realise does not apply to it, and why
    (a refinement's `not-applicable: <reason>`): a choice, told apart from a gap in conformance."""

    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the architecture with every field's position kept for findings."""

    id: str
    kind: str
    layer: str
    names: Mapping[str, str]
    location: Location
    description: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Any] = field(default_factory=dict)
    properties: Mapping[str, Any] = field(default_factory=dict)
    links: tuple[Mapping[str, str], ...] = ()
    provenance: Provenance | None = None
    waivers: tuple[Waiver, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    field_locations: Mapping[str, Location] = field(default_factory=dict)
    formerly: tuple[str, ...] = ()  # the ids it had before a rename, which still resolve (with a warning)

    @property
    def name(self) -> str:
        """The name in the model's language (the metamodel's first), which every element has: the builder
        puts it first."""
        return next(iter(self.names.values()), self.id)

    @property
    def source(self) -> str | None:
        """The citation of where its facts come from (its provenance's source), if any."""
        return self.provenance.source if self.provenance is not None else None

    def where(self, field_name: str) -> Location:
        """The position of a field's value, or of the element when the field is absent."""
        return self.field_locations.get(field_name, self.location)


@dataclass(frozen=True, eq=False)
class Model:
    """All elements by id (first definition wins) and all relationships, in source order.

    `duplicates` keeps every later definition of an id already taken, so no element is dropped silently.
    Models compare by identity, so that analyses can cache what they derive from one.
    """

    metamodel: Metamodel
    elements: Mapping[str, Element]
    relationships: tuple[Relationship, ...]
    duplicates: tuple[Element, ...] = ()
    files: tuple[str, ...] = ()
    reference_files: frozenset[str] = frozenset()  # an area model: the files of the model it extends
    not_applicable: Mapping[str, NotApplicable] = field(default_factory=dict)  # reference id -> the area's reason

    def is_reference(self, element: Element) -> bool:
        """Whether the element comes from the reference model this (area) model extends."""
        return element.location.file in self.reference_files

    @property
    def extends(self) -> bool:
        return bool(self.reference_files)

    def incoming(self) -> dict[str, list[Relationship]]:
        """Relationships by target id (the back-links); built once, as a model does not change once built."""
        cached = self.__dict__.get("_incoming")
        if cached is None:
            cached = {}
            for rel in self.relationships:
                cached.setdefault(rel.target, []).append(rel)
            self.__dict__["_incoming"] = cached
        return cached
