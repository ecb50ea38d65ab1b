"""Declared checks (`checks:` in refarch.yaml): each kind of check finds what it should, at its place, and
runs without consent to code; mistakes in a declaration are configuration errors."""

from __future__ import annotations

import pytest

MODEL = """\
systems:
  - id: ura
    name: URA
    source: test
    properties: {status: retired-ish}
  - id: kanta
    name: Kanta
    source: test
    properties: {status: active, owner: Kela}
figures:
  - id: kriteeri
    name: Kriteeri
    source: test
    values: {nykytila: 10, uudistuksen-jalkeen: 15, muutos: 4}
  - id: toinen
    name: Toinen
    source: test
    values: {nykytila: 0.1, uudistuksen-jalkeen: 0.3, muutos: 0.2}
"""

CHECKS = """\
rules: {orphan-element: off}
checks:
  owner:
    applies-to: system
    properties: [owner]
    severity: error
  status:
    applies-to: [system]
    allowed: {status: [planned, active, retired]}
  prefix:
    applies-to: system
    id-pattern: "k*"
  change:
    applies-to: figure
    difference: {column: muutos, plus: [uudistuksen-jalkeen], minus: [nykytila]}
  used:
    applies-to: system
    requires: {via: [used-by], max-length: 1}
"""


def test_each_declared_check_reports_at_its_place(write_model, run) -> None:
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": CHECKS})
    rc, out, _ = run("validate", "-q", cwd=root)
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert rc == 1
    assert 'architecture/m.yaml:5:17: error owner system "ura" has no property "owner"' in lines
    assert any(" warning status " in line and "retired-ish" in line for line in lines)
    assert 'architecture/m.yaml:2:9: warning prefix system "ura": the id does not match "k*"' in lines
    # 15 - 10 = 5, not 4; 0.3 - 0.1 is 0.2 within rounding, so "toinen" passes
    assert any(
        " warning change " in line and "muutos is 4 but uudistuksen-jalkeen - nykytila is 5" in line for line in lines
    )
    assert not any("toinen" in line and " change " in line for line in lines)
    assert sum(" warning used " in line for line in lines) == 2
    assert "custom-rules-not-run" not in out


def test_declared_checks_are_listed_and_waivable(write_model, run) -> None:
    model = MODEL.replace(
        "    properties: {status: retired-ish}",
        "    properties: {status: retired-ish}\n    waive: [{rule: owner, reason: Kela tells later}]",
    )
    root = write_model({"architecture/m.yaml": model, "architecture/refarch.yaml": CHECKS})
    _, out, _ = run("validate", "-q", cwd=root)
    assert " owner " not in out
    _, out, _ = run("rules", "--config", "architecture/refarch.yaml", cwd=root)
    assert "owner" in out and "change" in out


@pytest.mark.parametrize(
    "checks, message",
    [
        ("checks: [a]\n", "checks must be a mapping"),
        ("checks: {a: {applies-to: nothing, properties: [x]}}\n", "applies-to must name kinds"),
        ("checks: {a: {applies-to: system}}\n", "checks nothing"),
        ("checks: {a: {properties: x}}\n", "properties must be a list"),
        ("checks: {a: {id-pattern: ''}}\n", "id-pattern must be a pattern"),
        ("checks: {a: {requires: {via: [nonsense]}}}\n", "no relationship or inverse name"),
        ("checks: {a: {difference: {column: c}}}\n", "needs `plus` or `minus`"),
        ("checks: {a: {colour: red}}\n", 'unknown key "colour"'),
        ("checks: {orphan-element: {properties: [x]}}\n", "exists already"),
    ],
)
def test_a_wrong_declaration_is_a_configuration_error(checks, message, write_model, run) -> None:
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": checks})
    rc, _, err = run("validate", cwd=root)
    assert rc == 2 and message in err and "Traceback" not in err
