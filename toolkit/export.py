"""Exports of the model that other tools read; for now the JSON export (stable order, documented)."""

from __future__ import annotations

import json

from refarch import __version__
from refarch.model import Model, Provenance, plain
from refarch.views import View


def to_json(model: Model, view: View | None = None) -> str:
    """Every element and every relationship (or those of one view), sorted, with the file and line they come from.

    The shape is documented in docs/output-formats.md; `version` changes when it does. In an area model each
    element and relationship says whether it is the reference's or the area's (`origin`): a relationship
    an area adds to a reference element in `refinements:` is the area's.
    """
    chosen = set(view.elements) if view is not None else set(model.elements)
    relationships_in = set(map(id, view.relationships)) if view is not None else None
    elements = [
        {
            "id": e.id,
            "kind": e.kind,
            "layer": e.layer,
            "names": plain(e.names),
            "description": plain(e.description),
            "fields": plain(e.fields),
            "properties": plain(e.properties),
            "links": plain(e.links),
            "provenance": _provenance(e.provenance),
            "file": e.location.file,
            "line": e.location.line,
            **({"origin": "reference" if model.is_reference(e) else "area"} if model.extends else {}),
        }
        for e in sorted(model.elements.values(), key=lambda e: e.id)
        if e.id in chosen
    ]
    relationships = [
        {
            "type": r.type,
            "source": r.source,
            "target": r.target,
            "description": plain(r.description),
            "properties": plain(r.properties),
            "provenance": _provenance(r.provenance),
            "file": r.location.file,
            "line": r.location.line,
            **(
                {"origin": "reference" if r.location.file in model.reference_files else "area"} if model.extends else {}
            ),
        }
        for r in sorted(
            model.relationships,
            key=lambda r: (r.source, r.type, r.target, r.location.file, r.location.line, r.location.column),
        )
        if relationships_in is None or id(r) in relationships_in
    ]
    document = {
        "version": 2,
        "tool": {"name": "refarch", "version": __version__},
        "elements": elements,
        "relationships": relationships,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"  # no default=str: every value is JSON


def _provenance(provenance: Provenance | None) -> dict | None:
    """The resolved provenance (its own, its element's or its file's), or None where the model gives none."""
    return provenance.as_json() if provenance is not None else None
