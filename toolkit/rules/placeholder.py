"""A text still says TODO.

`refarch new` writes a skeleton whose name, description, source and fields say `TODO`, for the architect
to fill in. A TODO left in is no name, no description and no source: it would reach the site as the word
"TODO". Write the text, or remove the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Element, Model
from refarch.problems import Finding

CODE = "placeholder"
SEVERITY = "error"
LOCAL = True  # an element's own texts
PLACEHOLDER = "TODO"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for element in model.elements.values():
        for field_name, which in _placeholders(element):
            yield Finding(
                element.where(field_name),
                f'{element.kind} "{element.id}": {which} still says {PLACEHOLDER}',
                element.id,
                f"write the {which}, or remove it",
            )


def _placeholders(element: Element) -> Iterator[tuple[str, str]]:
    """(field, what to call it) for each text of an element that still holds the skeleton's TODO."""
    texts: list[tuple[str, str, Any]] = [
        *(("name", f"name ({lang})", text) for lang, text in element.names.items()),
        *(("description", f"description ({lang})", text) for lang, text in element.description.items()),
        ("source", "source", element.provenance.source if element.provenance else None),
        *((name, name, value) for name, value in element.fields.items()),
    ]
    for field_name, which, value in texts:
        if isinstance(value, str) and value.strip() == PLACEHOLDER:
            yield field_name, which
