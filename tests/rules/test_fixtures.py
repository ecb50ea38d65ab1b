"""Every rule has a failing and a passing fixture, and the failing one reports at the expected places.

tests/cases/rules/<code>/fail/ holds a model and expected.txt: the findings of that code, exactly as
`refarch validate -q` prints them (file:line:col, message, hint, notes). pass/ holds a near miss that
must not trigger the rule.
"""

from __future__ import annotations

import pytest

from refarch.config import load_config

from support import CASES

# Built-in rules and the default metamodel's completeness rules; the exchange findings (an import's or an
# export's, not validation's) are tested in tests/exchange.
# `unreadable-folder` cannot live in git (permissions do not travel): tests/test_security.py makes one.
RULES = {
    code: r for code, r in load_config(None).rules.items() if r.stage != "exchange" and code != "unreadable-folder"
}

RULE_CASES = CASES / "rules"


def findings_of(code: str, output: str) -> str:
    """The lines of one code's findings (with their hint and note lines) from text output."""
    kept, keep = [], False
    for line in output.splitlines():
        if not line.startswith(" "):
            keep = f" {code} " in line and line.count(":") >= 3
        if keep:
            kept.append(line)
    return "\n".join(kept) + ("\n" if kept else "")


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_both_fixtures(code: str) -> None:
    assert (RULE_CASES / code / "fail" / "expected.txt").is_file(), f"rule {code} has no failing fixture"
    assert (RULE_CASES / code / "pass").is_dir(), f"rule {code} has no passing fixture"


@pytest.mark.parametrize("code", sorted(RULES))
def test_failing_fixture_reports_expected_findings(code: str, run, golden) -> None:
    case = RULE_CASES / code / "fail"
    consent = [] if code == "custom-rules-not-run" else ["--allow-custom-rules"]  # the fixtures are ours
    rc, out, err = run(*consent, "validate", "architecture", "-q", cwd=case)
    found = findings_of(code, out)
    assert found, f"{code}: the failing fixture found nothing\n{out}{err}"
    golden(case / "expected.txt", found)
    comes_with_an_error = code == "checks-skipped"  # only a file that cannot be read leaves checks out
    assert rc == (1 if RULES[code].severity == "error" or comes_with_an_error else 0), out


@pytest.mark.parametrize("code", sorted(RULES))
def test_expected_positions_point_at_real_lines(code: str) -> None:
    """Each expected finding names a file and line that exist in the fixture."""
    case = RULE_CASES / code / "fail"
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        file, lineno, column = line.split(":")[:3]
        lines = (case / file).read_bytes().splitlines()
        assert 1 <= int(lineno) <= max(len(lines), 1), line
        assert int(column) >= 1


@pytest.mark.parametrize("code", sorted(RULES))
def test_passing_fixture_does_not_trigger(code: str, run) -> None:
    rc, out, err = run("validate", "architecture", "-q", cwd=RULE_CASES / code / "pass")
    assert findings_of(code, out) == "", out
    assert rc == 0, out + err
