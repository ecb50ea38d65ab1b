"""An area element has no counterpart in the reference model.

Only for area models (`extends:` in refarch.yaml). An element of the area realises a reference element
when it points at it with one of the metamodel's `conformance: realised-by` relationships
(`specializes`, `realizes`). Elements that do not may be the area's own additions (partners, local
services) — which is fine, and why this is only information — or realisations not yet linked.

Fails (in an area model):

```yaml
actors:
  - id: jarvikylan-yrityspalvelut
    name: Järvikylän yrityspalvelut     # realises nothing of the reference
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.conformance import conformance
from refarch.model import Model
from refarch.problems import Finding

CODE = "no-reference-counterpart"
SEVERITY = "info"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    for element_id in conformance(model).without_counterpart:
        element = model.elements[element_id]
        yield Finding(
            element.where("id"),
            f'{element.kind} "{element_id}" of the area realises no reference element',
            element_id,
            "link it with `specializes:` or `realizes:` if it stands for a reference element",
        )
