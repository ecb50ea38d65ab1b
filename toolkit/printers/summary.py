"""Counts that several printers show: elements per layer and kind, findings per severity."""

from __future__ import annotations

from collections import Counter

from refarch.problems import count_by_severity
from refarch.result import Result


def model_counts(result: Result) -> dict:
    """Elements by layer and kind, in metamodel order, plus totals."""
    mm = result.model.metamodel
    by_kind = Counter(e.kind for e in result.model.elements.values())
    layers = {}
    for layer in mm.layers:
        kinds = {k.id: by_kind[k.id] for k in mm.kinds.values() if k.layer == layer and by_kind[k.id]}
        if kinds:
            layers[layer] = kinds
    return {
        "files": len(result.files),
        "elements": len(result.model.elements),
        "relationships": len(result.model.relationships),
        "layers": layers,
        "reference_elements": sum(map(result.model.is_reference, result.model.elements.values())),
    }


def finding_counts(result: Result) -> dict[str, int]:
    return count_by_severity(result.problems)
