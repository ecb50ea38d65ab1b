"""Every command example in the docs and in `refarch --help` runs (issue 17).

A command example is a line of a fenced code block in README.md, CONTRIBUTING.md, docs/*.md and
examples/*/README.md that runs `refarch` (`$ refarch ...`, `.venv/bin/refarch ...`), and a `refarch` line
under "Examples:" in a command's help. Each runs as a user would run it, in a fresh copy of a workspace
that has what the examples name:

- the docs' examples in a copy of this repository named `te24` (so that `../te24/architecture` is the
  reference), the examples of `examples/<name>/README.md` in that example's folder, a block after an
  `<!-- examples run in: FOLDER -->` comment in FOLDER;
- the help's examples, which name no TE24 word, in a copy of `examples/library` named `national`, with an
  area `riverside` made on top of it by `refarch init`.

Each workspace is a git repository with a history (`main`, `origin/main`, tags `v1.0` and `v1.1`), an
`old-model/` and `other-model/` folder, the ArchiMate files the import examples read (written by
`refarch export archimate`), and a bare clone standing in for the `https://github.com/org/<name>.git` the
examples pin (no network in a test). An example passes when it exits 0 or 1 (1: it ran and reported
findings) with no traceback, writes the file it names with `-o`, and prints the first line a `$ ` example
shows under it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
import yaml

from refarch.cli import cli

from support import ROOT, git

FENCE = re.compile(r"^\s*(```+|~~~+)")
COMMAND = re.compile(r"^\s*(?:- run: )?(\$ )?(?:(?:\.\./)*\.venv/bin/)?(refarch\b.*)$")
RUN_IN = re.compile(r"<!-- examples run in: (\S+) -->")
TRAILING_COMMENT = re.compile(r"\s+#\s.*$")
EXAMPLE_ORG = re.compile(r"https://github\.com/org/([a-z0-9-]+)\.git")
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Example:
    where: str  # file:line, or "refarch graph impact --help"
    command: str  # the shell line, its comment left out
    workspace: str  # "te24" or "national"
    folder: str = "."  # where in the workspace it runs
    shown: tuple[str, ...] = ()  # the output lines a `$ ` example shows under it ("..." left out)

    def __str__(self) -> str:
        return f"{self.where}: {self.command}"


def doc_examples() -> list[Example]:
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted((ROOT / "examples").glob("*/README.md"))
    found = []
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        home = path.parent.relative_to(ROOT).as_posix() if name.startswith("examples/") else "."
        lines = path.read_text(encoding="utf-8").splitlines()
        inside, folder, run_in = False, home, None
        for n, line in enumerate(lines, 1):
            if (m := RUN_IN.search(line)) and not inside:
                run_in = m.group(1)
            if FENCE.match(line):
                inside = not inside
                folder = run_in or home if inside else home
                if not inside:
                    run_in = None
                continue
            if inside and (m := COMMAND.match(line)):
                command = TRAILING_COMMENT.sub("", m.group(2)).strip()
                shown = _output_under(lines, n) if m.group(1) else ()
                found.append(Example(f"{name}:{n}", command, "te24", folder, shown))
    return found


def _output_under(lines: list[str], n: int) -> tuple[str, ...]:
    """The lines a `$ ` example on line n (1-based) shows as its output, up to the block's end or the next
    command; "..." stands for lines left out."""
    shown = []
    for line in lines[n:]:
        if FENCE.match(line) or COMMAND.match(line):
            break
        if line.strip() not in ("...", ""):
            shown.append(line.rstrip())
    return tuple(shown)


def help_examples() -> list[Example]:
    found = []

    def walk(command: click.Command, words: list[str]) -> None:
        text = command.help or ""
        if "Examples:" in text:
            for line in text.split("Examples:", 1)[1].splitlines():
                if line.strip().startswith("refarch "):
                    where = " ".join(["refarch", *words, "--help"])
                    found.append(Example(where, TRAILING_COMMENT.sub("", line.strip()), "national"))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*words, name])

    walk(cli, [])
    return found


WORKFLOW_COMMAND = re.compile(r"^(?:[A-Z0-9_]+=\S+ )*(?:refarch|mkdocs) .*")
GITHUB_VALUES = {"${{ github.base_ref }}": "main"}  # a pull request into main


def workflow_examples() -> list[Example]:
    """The commands of the example CI workflows: the one in docs/examples (for the reference, run as on a
    pull request whose branch is v1.1 and whose base is main) and the one `refarch init` writes into an
    area. Installing (apt, pip) is the runner's, and `gh pr comment` needs GitHub: those lines are not run
    (test_integration_files checks the comment step's flags)."""
    from refarch.init_area import NO_INSTALL, workflow_text

    workflows = (
        ("docs/examples/github-workflow.yml", (ROOT / "docs/examples/github-workflow.yml").read_text(), "te24", "."),
        ("the workflow of refarch init", workflow_text(NO_INSTALL), "national", "riverside"),
    )
    found = []
    for name, text, workspace, folder in workflows:
        for job in yaml.safe_load(text)["jobs"].values():
            for step in job["steps"]:
                for line in step.get("run", "").splitlines():
                    line = line.split("||")[0].strip()  # `|| true` keeps a job going; the test wants the code
                    for expression, value in GITHUB_VALUES.items():
                        line = line.replace(expression, value)
                    if WORKFLOW_COMMAND.match(line):
                        assert "${{" not in line, line
                        found.append(Example(f"{name}: {step.get('name', 'run')}", line, workspace, folder))
    return found


EXAMPLES = doc_examples() + help_examples() + workflow_examples()
# The examples that show a command finding something (exit 1), and what they find; every other exits 0.
FINDS = {
    ("te24", "refarch validate --min-completeness 0.9"): 1,  # TE24 scores below 90 % in a layer: the gate fails
    ("national", "refarch conformance riverside/architecture --format json --fail-under 0.5"): 1,  # new area
    ("te24", "refarch conformance architecture --format json --fail-under 0.8"): 1,  # Järviseutu realises 36 %
}
BUILDS_A_SITE = ("site build", "site pages", "mkdocs build")  # slow: left out by `make test-fast`


def _param(example: Example):
    slow = any(words in example.command for words in BUILDS_A_SITE)
    return pytest.param(example, id=str(example), marks=[pytest.mark.examples, *([pytest.mark.site] if slow else [])])


def refarch(cwd: Path, *args: str) -> None:
    done = subprocess.run([str(BIN / "refarch"), *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _history(repo: Path, model: Path, renamed: tuple[str, str]) -> None:
    """main with two tagged commits, origin/main at the first, a folder of the first, ArchiMate files."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1.0")
    git(repo, "tag", "v1.0")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copytree(model, repo / "old-model")
    shutil.copytree(model, repo / "other-model")
    files = sorted(model.rglob("*.yaml"))
    changed = next(f for f in files if renamed[0] in f.read_text(encoding="utf-8"))
    changed.write_text(changed.read_text(encoding="utf-8").replace(*renamed, 1), encoding="utf-8")
    git(repo, "commit", "-qam", "v1.1")
    git(repo, "tag", "v1.1")
    for name in ("export.xml", "model.xml", "in.xml", "te24.xml"):
        refarch(repo, "export", "archimate", str(model.relative_to(repo)), "-o", name)


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("workspaces")
    te24 = base / "te24"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (te24 / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, te24 / name)
    _history(te24, te24 / "architecture", ('name: {fi: "URA", en: "URA"}', 'name: {fi: "URA", en: "URA (v1.1)"}'))
    national = base / "national"
    shutil.copytree(ROOT / "examples" / "library", national, ignore=shutil.ignore_patterns("site", ".cache"))
    _history(national, national / "architecture", ("{en: Reader,", "{en: Reader (v1.1),"))
    refarch(national, "init", "--extends", "../national/architecture", "riverside")
    registry = "reference:\n  path: architecture\nareas:\n  - name: Riverside\n    path: riverside/architecture\n"
    (national / "areas.yaml").write_text(registry, encoding="utf-8")  # for `refarch federation --help`
    for repo in (te24, national):
        git(base, "clone", "-q", "--bare", str(repo), f"{repo.name}.git")
    return {"te24": te24, "national": national}


@pytest.mark.parametrize("example", [_param(e) for e in EXAMPLES])
def test_every_command_example_runs(example: Example, workspaces, tmp_path) -> None:
    workspace = tmp_path / example.workspace
    shutil.copytree(workspaces[example.workspace], workspace, symlinks=True)
    command = EXAMPLE_ORG.sub(lambda m: str(workspaces[m.group(1)].parent / f"{m.group(1)}.git"), example.command)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    cwd = workspace / example.folder
    words = shlex.split(command.split("|")[0])
    written = [cwd / words[words.index(flag) + 1] for flag in ("-o", "--output") if flag in words[:-1]]
    for path in written:  # a file the workspace already has would pass without being written
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    said = f"{example}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    expected = FINDS.get((example.workspace, example.command), 0)
    assert done.returncode == expected and "Traceback" not in done.stderr, said
    for path in written:
        assert path.exists() and (path.is_dir() or path.stat().st_size > 0), said
    printed = iter(done.stdout.splitlines())
    for line in example.shown:  # in the order shown, other lines between them allowed
        assert any(out.rstrip() == line for out in printed), f"{said}\nnot printed, or not in order: {line}"


def test_the_examples_are_found() -> None:
    """The collection itself can fail: it finds the README's, the docs' and every command's examples."""
    where = {e.where.split(":")[0] for e in EXAMPLES}
    assert {"README.md", "docs/analysis.md", "docs/interoperability.md", "refarch graph impact --help"} <= where
    assert len(help_examples()) >= 60 and len(doc_examples()) >= 30
    # the area's conformance examples run in an area, by the comment before their block
    assert {e.folder for e in EXAMPLES if e.where.startswith("docs/areas.md") and "conformance" in e.command} == {
        "examples/jarviseutu"
    }
    commands = {e.command for e in workflow_examples()}
    assert 'refarch diff "origin/main" HEAD -o architecture-diff.md' in commands
    assert "refarch conformance architecture" in commands  # the area's workflow
