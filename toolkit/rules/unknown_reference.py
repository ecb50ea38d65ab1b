"""A relationship points at an id that no element has.

Every relationship names its target by id. A misspelt id gets a "did you mean" hint.

Passes:

```yaml
actors:
  - id: reader
    name: Reader
flows:
  - id: due-date-notice
    name: Due date notice
    from: lending-desk
    to: reader
```

Fails (with `to: readr`): `unknown element "readr"`, did you mean "reader"?

Suggestions are looked up once per missing id, for the first 25 distinct missing ids: each lookup
compares the id with every id in the model, and a model with thousands of broken references must
still be checked in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding, did_you_mean

CODE = "unknown-reference"
SEVERITY = "error"


SUGGESTION_LIMIT = 25
NO_SUGGESTION = "check the id, or add the element"


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    elements = model.elements
    hints: dict[str, str] = {}
    for rel in model.relationships:
        if rel.target not in elements:
            if rel.target not in hints:
                found = did_you_mean(rel.target, elements) if len(hints) < SUGGESTION_LIMIT else None
                hints[rel.target] = found or NO_SUGGESTION
            yield Finding(
                rel.location,
                f'"{rel.type}" of "{rel.source}" points at unknown element "{rel.target}"',
                rel.source,
                hints[rel.target],
            )
