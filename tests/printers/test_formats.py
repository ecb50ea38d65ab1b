"""Each output format, as golden files from one sample model (an error, a warning, an info, a note)."""

from __future__ import annotations

import json

import pytest

from support import CASES, GOLDEN

SAMPLE = CASES / "sample"
FORMATS = {"text": "txt", "github": "github", "json": "json", "sarif": "sarif"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_golden(fmt: str, run, golden) -> None:
    rc, out, err = run("validate", "architecture", "--format", fmt, cwd=SAMPLE)
    assert rc == 1, err
    golden(GOLDEN / "report" / f"sample.{FORMATS[fmt]}", out)


def test_text_has_no_colour_when_not_a_terminal(run) -> None:
    _, out, _ = run("validate", "architecture", cwd=SAMPLE)
    assert "\033[" not in out


def test_text_line_shape(run) -> None:
    _, out, _ = run("validate", "architecture", "-q", cwd=SAMPLE)
    first = out.splitlines()[0]
    assert first.startswith("architecture/business/actors.yaml:")
    file, line, column, rest = first.split(":", 3)
    assert line.isdigit() and column.isdigit()
    severity, code = rest.split()[:2]
    assert severity in ("error", "warning", "info") and code


def test_github_escapes_data_and_properties() -> None:
    from refarch.printers.github import escape_data, escape_property

    assert escape_data("100% done\nnext") == "100%25 done%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_github_annotations_name_file_line_and_code(run) -> None:
    _, out, _ = run("validate", "architecture", "--format", "github", cwd=SAMPLE)
    assert "::error file=architecture/business/actors.yaml,line=5,col=" in out
    assert "title=unknown-reference::" in out
    assert "::group::architecture/business/actors.yaml" in out


def test_json_report_matches_its_documented_schema(run) -> None:
    import jsonschema

    from support import ROOT

    _, out, _ = run("validate", "architecture", "--format", "json", cwd=SAMPLE)
    schema = json.loads((ROOT / "docs" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(json.loads(out), schema)
    problem = json.loads(out)["problems"][0]
    assert list(problem) == [
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "element",
        "hint",
        "related",
    ]


def test_sarif_is_well_formed(run) -> None:
    _, out, _ = run("validate", "architecture", "--format", "sarif", cwd=SAMPLE)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert run_["results"]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert any(r.get("relatedLocations") for r in run_["results"])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_is_deterministic(fmt: str, run) -> None:
    first = run("validate", "architecture", "--format", fmt, cwd=SAMPLE)
    second = run("validate", "architecture", "--format", fmt, cwd=SAMPLE)
    assert first == second


def test_text_colours_severities_only_when_asked() -> None:
    from pathlib import Path

    from refarch import pipeline
    from refarch.printers import text

    from support import working_directory

    with working_directory(SAMPLE):
        result = pipeline.check([Path("architecture")])
    coloured = text.render(result, colour=True)
    assert "\033[31merror\033[0m unknown-reference" in coloured
    assert "\033[" not in text.render(result, colour=False)


WAIVED = """actors:
  - id: kirjasto
    name: {fi: Kirjasto, en: Library}
    source: test
    waive:
      - rule: orphan-element
        reason: {fi: Tarkoituksella yksin, en: Alone on purpose}
"""


def test_waived_findings_are_listed_with_their_reasons_in_json_and_suppressed_in_sarif(write_model, run) -> None:
    """Comply or explain, for machines: a waived finding is no problem, but JSON lists it with the waiver's
    reason and place, and SARIF carries it as a result suppressed in source, with the reason as justification."""
    import jsonschema

    from support import ROOT

    root = write_model({"architecture/business/actors.yaml": WAIVED})
    _, out, _ = run("validate", "architecture", "--format", "json", cwd=root)
    report = json.loads(out)
    jsonschema.validate(report, json.loads((ROOT / "docs" / "schemas" / "report.schema.json").read_text()))
    assert [p["code"] for p in report["problems"]] == []
    (waived,) = report["waived"]
    assert waived["finding"]["code"] == "orphan-element" and waived["finding"]["element"] == "kirjasto"
    assert waived["waiver"] == {
        "reason": {"fi": "Tarkoituksella yksin", "en": "Alone on purpose"},
        "file": "architecture/business/actors.yaml",
        "line": 6,
        "column": 9,
    }
    _, out, _ = run("validate", "architecture", "--format", "sarif", cwd=root)
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "orphan-element"
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "inSource" and suppression["justification"] == "Alone on purpose"
    assert suppression["location"]["physicalLocation"]["region"]["startLine"] == 6
