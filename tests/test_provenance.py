"""Provenance: how each element's and relationship's is resolved from what the YAML says (docs/provenance.md)."""

from __future__ import annotations

import pytest

from refarch.pipeline import check

from support import CASES

CASE = CASES / "provenance"


@pytest.fixture(scope="module")
def model():
    result = check([CASE / "architecture"])
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    return result.model


def _relationship(model, source: str, target: str):
    return next(r for r in model.relationships if (r.source, r.target) == (source, target))


def test_source_alone_is_a_stated_fact(model) -> None:
    provenance = model.elements["kirjasto"].provenance
    assert (provenance.kind, provenance.source) == ("stated", "Kirjastopalvelujen suunnitelma 2024, s. 3")


def test_an_element_without_one_takes_the_files_default(model) -> None:
    provenance = model.elements["lainaus"].provenance
    assert provenance.kind == "inferred" and provenance.reason["en"] == "The default of the whole file."


def test_a_relationship_takes_its_elements_unless_it_gives_its_own(model) -> None:
    assert _relationship(model, "kirjasto", "lainaus").provenance is model.elements["kirjasto"].provenance
    own = _relationship(model, "kirjasto", "kaukolainaus").provenance
    assert (own.kind, own.date, own.quote) == ("external", "2026-12-05", "Kaukolainat tilataan kirjastosta.")
    assert _relationship(model, "kunta", "lainaus").provenance.kind == "later"


def test_a_kind_alone_takes_the_citation_of_source(model) -> None:
    provenance = model.elements["kaukolainaus"].provenance
    assert (provenance.kind, provenance.source) == ("stated", "Kirjastopalvelujen suunnitelma 2024, s. 4")


def test_the_citation_written_twice_is_reported(write_model, run) -> None:
    root = write_model(
        {
            "architecture/m.yaml": "actors:\n  - id: a\n    name: {fi: A, en: A}\n    source: x\n"
            "    provenance: {kind: stated, source: y}\n"
        }
    )
    rc, out, _ = run("validate", "architecture", "-q", cwd=root)
    assert rc == 1 and "gives its citation twice" in out and "m.yaml:4:13" in out
