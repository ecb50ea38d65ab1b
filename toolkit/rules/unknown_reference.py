"""A relationship points at an id that no element has.

Every relationship names its target by id. A misspelt id gets a "did you mean" hint.

Passes:

```yaml
actors:
  - id: kela
    name: Kela
flows:
  - id: lausunto-kelalle
    name: Työvoimapoliittinen lausunto
    from: kunnan-tyollisyyspalvelut
    to: kela
```

Fails (with `to: kelaa`): `unknown element "kelaa"`, did you mean "kela"?
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

from toolkit.model import Model
from toolkit.problems import Finding, did_you_mean

CODE = "unknown-reference"
SEVERITY = "error"
SUMMARY = "A relationship points at an id that no element has."


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    elements = model.elements
    for rel in model.relationships:
        if rel.target not in elements:
            yield Finding(
                rel.location,
                f'"{rel.type}" of "{rel.source}" points at unknown element "{rel.target}"',
                rel.source,
                did_you_mean(rel.target, elements) or "check the id, or add the element",
            )
