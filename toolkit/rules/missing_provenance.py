"""An element does not say where its facts come from.

Every element, and every relationship, has a provenance (docs/provenance.md): `stated` (the source says
it, and where), `inferred` (the modeller's conclusion, with the reason), `external` (another source, and
when it was read) or `later` (a fact from after the source). `source: "document, place in it"` alone is a
stated fact; the relationships written on an element share its provenance unless one gives its own; a file's
top-level `provenance:` is the default of everything in it. A reader of the site sees each as a badge.

Reported once per element with none (its relationships have none either), and for each relationship of an
area's `refinements` without one. Off when the metamodel declares no kinds of provenance. A model kept as a
record raises it to an error: `rules: {missing-provenance: error}`.

Fails:

```yaml
actors:
  - id: city-library
    name: City library
```

Passes:

```yaml
actors:
  - id: city-library
    name: City library
    source: "Library services plan 2024, page 3"
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding

CODE = "missing-provenance"
SEVERITY = "info"
LOCAL = True  # an element's provenance is its own
ELEMENT = True  # an element's provenance, in its file


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    if not model.metamodel.provenance:
        return
    for element in model.elements.values():
        if element.provenance is None:
            yield Finding(
                element.where("id"),
                f'{element.kind} "{element.id}" does not say where its facts come from',
                element.id,
                'add `source: "document, place in it"`, or `provenance: {kind: inferred, reason: ...}`',
            )
        else:
            for rel in element.relationships:
                if rel.provenance is None:
                    yield Finding(
                        rel.location,
                        f'"{rel.type}" from "{rel.source}" to "{rel.target}" does not say where it comes from',
                        element.id,
                        "add `provenance:` to the refinement's relationship, or a default for the file",
                    )
