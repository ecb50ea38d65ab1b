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
ELEMENT = True  # an element's own texts, in its file
PLACEHOLDER = "TODO"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for element in model.elements.values():
        found = _placeholders(element)
        if found:
            which = ", ".join(f"{name} ({', '.join(langs)})" if langs else name for name, langs in found.items())
            yield Finding(
                element.where(next(iter(found))),
                f'{element.kind} "{element.id}" still says {PLACEHOLDER} in: {which}',
                element.id,
                "write each of them",
            )


def _placeholders(element: Element) -> dict[str, list[str]]:
    """The fields of an element that still hold the skeleton's TODO, each with its languages (a text per
    language) or none (a single value), in the skeleton's order."""
    texts: list[tuple[str, str | None, Any]] = [
        *(("name", lang, text) for lang, text in element.names.items()),
        *(("description", lang, text) for lang, text in element.description.items()),
        ("source", None, element.provenance.source if element.provenance else None),
        *((name, None, value) for name, value in element.fields.items()),
    ]
    found: dict[str, list[str]] = {}
    for field_name, lang, value in texts:
        if isinstance(value, str) and value.strip() == PLACEHOLDER:
            found.setdefault(field_name, []).extend([lang] if lang else [])
    return found
