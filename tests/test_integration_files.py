"""The pre-commit hook and the CI workflow example name commands that exist and work."""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest
import yaml

from support import ROOT


def test_pre_commit_hook_validates_the_model(run) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "refarch-validate" and hook["language"] == "python" and hook["pass_filenames"] is False
    program, *args = shlex.split(hook["entry"])
    assert program == "refarch"
    code, out, err = run(*args, "architecture", cwd=ROOT)
    assert code == 0, out + err
    code, out, _ = run(*args, "tests/cases/rules/unknown-reference/fail", cwd=ROOT)
    assert code == 1 and "unknown-reference" in out


def test_workflow_example_runs_real_commands(run) -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    scripts = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    commands = [
        shlex.split(line.split("||")[0])
        for script in scripts
        for line in script.splitlines()
        if re.match(r"\s*refarch ", line)
    ]
    assert {w for c in commands for w in c[1:] if not w.startswith("-")} >= {"validate", "diff"}
    _, top_help, _ = run("--help", cwd=ROOT)
    for command in commands:
        words = [w for w in command[1:] if not w.startswith("-")][:1]
        code, out, err = run(*words, "--help", cwd=ROOT)
        assert code == 0, (command, err)
        for option in (w.split("=")[0] for w in command[1:] if w.startswith("--")):
            assert option in out or option in top_help, (command, option)


@pytest.mark.parametrize("name", ["docs/examples/github-workflow.yml", "the workflow refarch init writes"])
def test_workflow_example_runs_no_pull_request_code_where_it_can_write(name: str) -> None:
    """The jobs that run on pull requests install a pinned refarch, never the pull request's files, and do
    not pass consent to custom rules or build the site (mkdocs.yml can run code); the one that may write
    (comment) checks nothing out."""
    from refarch.init_area import INSTALL, workflow_text

    install = INSTALL.format(url="https://example.org/org/national.git", commit="0123456789abcdef0123")
    text = workflow_text(install) if name.startswith("the workflow") else (ROOT / name).read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    for job_name, job in workflow["jobs"].items():
        text = yaml.safe_dump(job)
        on_pull_requests = "push" not in str(job.get("if", ""))
        if on_pull_requests:
            assert "allow-custom-rules" not in text and "ALLOW_CUSTOM_RULES" not in text, job_name
            assert "pip install -e" not in text and "-r requirements" not in text and "mkdocs" not in text, job_name
        if "write" in str(job.get("permissions", {}).get("pull-requests", "")):
            assert "actions/checkout" not in text, job_name


def test_contributors_pre_commit_config_runs_ruff_at_the_pinned_version_and_refarch() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ruff = next(r for r in config["repos"] if r["repo"].endswith("ruff-pre-commit"))
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M)
    assert pinned and ruff["rev"] == f"v{pinned.group(1)}"
    assert {h["id"] for h in ruff["hooks"]} == {"ruff-check", "ruff-format"}
    local = next(r for r in config["repos"] if r["repo"] == "local")
    for hook in local["hooks"]:
        program, *args = shlex.split(hook["entry"])
        assert program == ".venv/bin/refarch" and hook["pass_filenames"] is False
        done = subprocess.run([str(ROOT / program), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_example_keeps_one_comment_per_pull_request() -> None:
    """The comment job edits its last comment and makes one only when there is none: a pull request pushed
    ten times has one architecture comment, not ten."""
    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["comment"]["steps"] if "gh pr comment" in s.get("run", "")]
    assert "--edit-last" in step["run"] and "--create-if-none" in step["run"]
    # the comment follows every push, also one whose validation failed
    assert "always()" in workflow["jobs"]["comment"]["if"]
    diff_step = next(s for s in workflow["jobs"]["check"]["steps"] if "refarch diff" in s.get("run", ""))
    assert "always()" in diff_step["if"]
