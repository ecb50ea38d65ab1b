"""Two elements have the same id.

Ids are unique across the whole model, across files and kinds. Both places are shown: the message
points at the later definition and a note at the first. The first definition is the one the rest of the
model sees.

Fails:

```yaml
actors:
  - id: library
    name: City library
systems:
  - id: library
    name: Library system
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding, Related

CODE = "duplicate-id"
SEVERITY = "error"
LOCAL = True  # two elements read with one id clash whatever else a missing file holds


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for dup in model.duplicates:
        first = model.elements[dup.id]
        if model.is_reference(first) and not model.is_reference(dup):
            continue  # redefined-reference says it, for an area
        yield Finding(
            dup.where("id"),
            f'id "{dup.id}" is already used by {first.kind} "{first.name}"',
            dup.id,
            "give one of them another id",
            (Related(first.where("id"), "first defined here"),),
        )
