"""An area model has not realised a reference element it should.

Only for area models (`extends:` in refarch.yaml). The metamodel's `conformance:` section names the
reference elements an area realises (the service path's steps, the flows, the mandatory data stores
and systems) and the relationships that realise them (`specializes`, `realizes`). The finding points
at the reference element; `refarch conformance` lists them all. Turn the rule to `info` or `off` in
refarch.yaml while an area is still being described.

Fails (in an area whose reference model has the step `alkuhaastattelu`):

```yaml
steps:
  - id: oma-vaihe
    name: Oma vaihe       # specializes nothing
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.conformance import conformance
from refarch.model import Model
from refarch.problems import Finding

CODE = "unrealised-reference"
SEVERITY = "warning"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    report = conformance(model)
    spec = model.metamodel.conformance
    ways = " or ".join(spec.realised_by) if report.applies and spec is not None else ""
    first = spec.realised_by[0] if spec is not None and spec.realised_by else "specializes"
    for item in report.unrealised:
        element = model.elements[item.reference]
        yield Finding(
            element.location,
            f'reference {item.kind} "{item.reference}" ({element.name}) is not realised by this area',
            item.reference,
            f"add an element of the area that {ways} it, e.g. `{first}: {item.reference}`",
        )
