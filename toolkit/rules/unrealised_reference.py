"""An area model has not realised a reference element it should.

Only for area models (`extends:` in refarch.yaml). The metamodel's `conformance:` section names the
reference elements an area realises (the service path's steps, the flows, the mandatory data stores
and systems) and the relationships that realise them (`specializes`, `realizes`). The finding points
at the reference element; in the area's own report they are summed up in one finding at its
refarch.yaml (`summary`), as the reference's files are not the area's to edit, and `refarch conformance`
lists them all. A reference element that does not apply to the area is said so with a reason under
`refinements:` (`not-applicable: <reason>`), and is no finding. Turn the rule to `info` or `off` in
refarch.yaml while an area is still being described.

Fails (in an area whose reference model has the step `alkuhaastattelu`):

```yaml
steps:
  - id: oma-vaihe
    name: Oma vaihe       # specializes nothing
```
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from refarch.conformance import conformance
from refarch.model import Model
from refarch.problems import Finding, Problem, plural

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


def summary(found: Sequence[Problem], model: Model) -> tuple[str, str]:
    """One message and hint for all of an area's findings of this rule: by kind, the first few named.

    >>> from refarch.examples import example_model
    >>> summary([], example_model())[0]
    'this area does not realise 0 reference elements it is expected to realise'
    """
    if len(found) == 1:  # said as the rule says it, at the area's refarch.yaml
        return found[0].message, f"{found[0].hint}; or, if it does not apply to the area, {_NOT_APPLICABLE_HINT}"
    kinds = model.metamodel.kinds
    counts = Counter(
        model.elements[p.element].kind for p in found if p.element is not None and p.element in model.elements
    )
    by_kind = ", ".join(f"{n} {kinds[k].plural if n != 1 and k in kinds else k}" for k, n in sorted(counts.items()))
    first = [p.element for p in found[:3] if p.element]
    more = f" and {len(found) - len(first)} more" if len(found) > len(first) else ""
    message = f"this area does not realise {plural(len(found), 'reference element')} it is expected to realise"
    if found:
        message += f" ({by_kind}): {', '.join(first)}{more}"
    spec = model.metamodel.conformance
    ways = " or ".join(spec.realised_by) if spec is not None else "specializes"
    hint = (
        f"`refarch conformance` lists them. Give each an element of the area that {ways} it, or, if one does "
        f"not apply to the area, {_NOT_APPLICABLE_HINT}"
    )
    return message, hint


_NOT_APPLICABLE_HINT = "say why under `refinements:` as `- id: <its id>` with `not-applicable: <reason>`"
