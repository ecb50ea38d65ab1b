"""Checks of the TE24 model that the generic rules do not make: run by refarch as custom rules."""

from __future__ import annotations

from refarch.problems import Finding

BEFORE, AFTER, CHANGE = "nykytila", "uudistuksen-jalkeen", "muutos"


def change_column(model):
    """A table row's "muutos" is not "uudistuksen jälkeen" minus "nykytila".

    The state-subsidy table publishes three columns per criterion; the third must be the
    difference of the other two.
    """
    for element in model.elements.values():
        values = element.fields.get("values", {})
        if {BEFORE, AFTER, CHANGE} <= set(values):
            expected = values[AFTER] - values[BEFORE]
            if values[CHANGE] != expected:
                yield Finding(
                    element.where("values"),
                    f'"{element.id}": muutos is {values[CHANGE]:,} but {AFTER} - {BEFORE} is {expected:,} '
                    f"(difference {values[CHANGE] - expected:,})".replace(",", " "),
                    element.id,
                    "correct the figure, or waive with the reason if published so",
                )


def step_without_flow(model):
    """A step of the service path has no flows.

    Every step of the jobseeker's service path in the source names its integrations; a step with none
    has lost them.
    """
    steps_with_flows = {
        rel.target
        for rel in model.relationships
        if rel.type == "part-of"
        and model.elements.get(rel.source) is not None
        and model.elements[rel.source].kind == "flow"
    }
    for element in model.elements.values():
        if element.kind == "step" and element.id not in steps_with_flows:
            yield Finding(
                element.where("id"),
                f'step "{element.id}" has no flows',
                element.id,
                "add the step's integrations as flows with `part-of` the step",
            )
