"""An area model defines an element with the id of a reference element.

The reference model is read-only to an area that extends it: an area cannot replace a reference
element by writing one with the same id. It adds properties and relationships in `refinements:`, or
writes its own element that `specializes` the reference one.

Fails (in an area whose reference model has `lending-desk`):

```yaml
actors:
  - id: lending-desk
    name: Lakeside lending desk
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding, Related

CODE = "redefined-reference"
SEVERITY = "error"
LOCAL = True  # an area element and the reference element it clashes with are both read


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for dup in model.duplicates:
        first = model.elements[dup.id]
        if model.is_reference(first) and not model.is_reference(dup):
            yield Finding(
                dup.where("id"),
                f'id "{dup.id}" belongs to the reference model ({first.kind} "{first.name}"); '
                "an area cannot redefine it",
                dup.id,
                f"give the area's element its own id and `specializes: {dup.id}`, or add to the reference "
                "element under `refinements:`",
                (Related(first.where("id"), "the reference element"),),
            )
