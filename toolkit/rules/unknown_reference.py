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

Suggestions are only of the kinds the relationship may point at (a removed flow gets no data group
suggested), and an element whose name gives the missing id (`Online catalogue` for `online-catalogue`:
what a rename without `formerly:` leaves behind) comes first. They are
looked up once per missing id and relationship, for the first 25: each lookup compares the id with every
id in the model, and a model with thousands of broken references must still be checked in seconds.
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
    hints: dict[tuple[str, str], str] = {}
    for rel in model.relationships:
        if rel.target not in elements:
            key = (rel.target, rel.type)
            if key not in hints:
                found = _suggestion(model, rel.target, rel.type) if len(hints) < SUGGESTION_LIMIT else None
                hints[key] = found or NO_SUGGESTION
            yield Finding(
                rel.location,
                f'"{rel.type}" of "{rel.source}" points at unknown element "{rel.target}"',
                rel.source,
                hints[key],
            )


def _suggestion(model: Model, missing: str, relationship: str) -> str | None:
    """A hint naming the elements the id was most likely meant for, of a kind the relationship may point at:
    first those whose name makes the missing id, then ids spelt alike."""
    from refarch.build import slugify  # the builder imports the rules

    mm = model.metamodel
    rt = mm.relationships.get(relationship)
    kinds = set(mm.target_kinds(rt)) if rt is not None else set(mm.kinds)
    candidates = [i for i, e in model.elements.items() if e.kind in kinds]
    named = sorted(i for i in candidates if slugify(model.elements[i].name) == missing)
    if named:
        return "did you mean " + " or ".join(f'"{i}"' for i in named[:3]) + "? (the same name)"
    return did_you_mean(missing, candidates)
