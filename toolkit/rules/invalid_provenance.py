"""A provenance names an unknown kind or lacks what its kind requires.

The metamodel's `provenance:` section declares the kinds and what each must give: an `inferred` fact its
`reason` (a reviewer challenges the reason, not the modeller), a `stated` one its `source` (the slide or
section), an `external` or `later` one its `source` and `date`. A provenance shared by many relationships (a
file's or an element's) is reported once, where it is written.

Fails:

```yaml
    provides:
      - to: study-credits
        provenance: inferred
```

Passes:

```yaml
    provides:
      - to: study-credits
        provenance:
          kind: inferred
          reason: The source names no provider; the library runs the other courses.
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model, Provenance
from refarch.problems import Finding, did_you_mean

CODE = "invalid-provenance"
SEVERITY = "error"
LOCAL = True  # an element's provenance is its own
ELEMENT = True  # an element's provenance, in its file

_HINTS = {
    "source": 'cite where: `source: "document, slide or section"`',
    "reason": "say why: `reason: {fi: ..., en: ...}`",
    "date": "give the date: `date: YYYY-MM-DD` (when read, or the fact's date)",
    "quote": "give the source's words: `quote: ...`",
}


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    kinds = model.metamodel.provenance
    if not kinds:
        return
    for provenance, element in _distinct(model):
        yield from _problems(provenance, element, kinds)


def _distinct(model: Model) -> Iterator[tuple[Provenance, str]]:
    """Each provenance once, with the element it is written on or for: most relationships share their
    element's, and a file's default is shared by all of it."""
    seen: set[int] = set()
    for element in model.elements.values():
        own = element.provenance
        if own is not None and id(own) not in seen:
            seen.add(id(own))
            yield own, element.id
        for rel in element.relationships:
            provenance = rel.provenance
            if provenance is not own and provenance is not None and id(provenance) not in seen:
                seen.add(id(provenance))
                yield provenance, element.id


def _problems(provenance: Provenance, element: str, kinds: Mapping[str, Any]) -> Iterator[Finding]:
    kind = kinds.get(provenance.kind)
    if kind is None:
        yield Finding(
            provenance.location,
            f'unknown kind of provenance "{provenance.kind}"',
            element,
            did_you_mean(provenance.kind, kinds) or "kinds: " + ", ".join(kinds),
        )
        return
    for name in kind.requires:
        if not getattr(provenance, name):
            yield Finding(
                provenance.location,
                f'a provenance of kind "{kind.id}" without its {name}',
                element,
                _HINTS[name],
            )
