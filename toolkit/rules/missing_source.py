"""An element does not say where its facts come from.

`source:` records provenance: the document and the place in it (a slide title, a table, a law's
section). A reader of the site sees it on every element page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding

CODE = "missing-source"
SEVERITY = "info"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for element in model.elements.values():
        if not element.source:
            yield Finding(
                element.where("id"),
                f'{element.kind} "{element.id}" has no source',
                element.id,
                'add `source: "document, place in it"`',
            )
