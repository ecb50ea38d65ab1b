"""The command line: exit codes, options, help with examples, and each command's behaviour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import CASES

CLEAN = CASES / "rules" / "orphan-element" / "pass"
WARNING_ONLY = CASES / "rules" / "orphan-element" / "fail"
ERRORS = CASES / "sample"


def test_exit_0_when_clean(run) -> None:
    rc, out, _ = run("validate", "architecture", cwd=CLEAN)
    assert rc == 0
    assert "Findings: 0 errors, 0 warnings" in out


def test_exit_1_on_errors(run) -> None:
    assert run("validate", "architecture", cwd=ERRORS)[0] == 1


def test_warnings_pass_unless_strict(run) -> None:
    assert run("validate", "architecture", cwd=WARNING_ONLY)[0] == 0
    assert run("validate", "architecture", "--strict", cwd=WARNING_ONLY)[0] == 1


def test_default_path_is_architecture(run) -> None:
    rc, out, _ = run("validate", cwd=CLEAN)
    assert rc == 0 and "Model: 2 elements" in out


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--format", "xml"),
        ("validate", "--no-such-option"),
        ("validate", "no-such-folder"),
        ("rules", "no-such-rule"),
        ("no-such-command",),
        ("new", "actorr", "x"),
    ],
)
def test_exit_2_on_usage_errors(args, run, tmp_path: Path) -> None:
    (tmp_path / "architecture").mkdir()
    rc, out, err = run(*args, cwd=tmp_path)
    assert rc == 2, out + err
    assert err.strip(), "a usage error says what is wrong"


def test_output_file(run, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.sarif"
    rc, out, _ = run("validate", "architecture", "--format", "sarif", "-o", str(target), cwd=ERRORS)
    assert rc == 1 and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


@pytest.mark.parametrize(
    "command",
    [
        "validate",
        "export",
        "export json",
        "schema",
        "rules",
        "new",
        "graph",
        "graph impact",
        "graph path",
        "graph lineage",
        "graph orphans",
        "graph cycles",
        "graph hubs",
        "graph weak-points",
        "graph stats",
        "render",
        "site",
        "site pages",
    ],
)
def test_every_command_has_help_with_examples(command: str, run) -> None:
    rc, out, _ = run(*command.split(), "--help")
    assert rc == 0
    assert "Examples:" in out or "Commands:" in out


def test_top_level_help_lists_every_command(run) -> None:
    _, out, _ = run("--help")
    for command in ("validate", "export", "schema", "rules", "new"):
        assert f"  {command}" in out


def test_rules_lists_every_rule(run, tmp_path: Path) -> None:
    from refarch.config import load_config

    rc, out, _ = run("rules", cwd=tmp_path)
    assert rc == 0
    listed = {line.split()[0] for line in out.splitlines()}
    assert listed == set(load_config(None).rules)
    assert "step-traces-to-basis" in listed  # declared in the default metamodel


def test_rules_include_the_models_custom_rules(run) -> None:
    from support import ROOT

    _, out, _ = run("rules", cwd=ROOT)
    assert "change-column" in out and "step-without-flow" in out


def test_rules_shows_one_rules_doc(run) -> None:
    rc, out, _ = run("rules", "sum-mismatch")
    assert rc == 0
    assert "tolerance" in out and "sum-mismatch (warning, model)" in out


def test_version(run) -> None:
    from refarch import __version__

    rc, out, _ = run("--version")
    assert rc == 0 and __version__ in out
