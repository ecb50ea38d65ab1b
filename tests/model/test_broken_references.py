"""A reference broken by hand in any model file is an error at that file and line, in every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refarch import pipeline

from support import MODEL, ROOT, working_directory

with working_directory(ROOT):
    _MODEL = pipeline.check([Path("architecture")]).model
FIRST_REFERENCE = {}
for _rel in _MODEL.relationships:
    FIRST_REFERENCE.setdefault(_rel.location.file, _rel)


@pytest.fixture(scope="module")
def broken_copies(tmp_path_factory) -> dict[str, Path]:
    """One copy of the model per file, with that file's first reference misspelt."""
    copies = {}
    for file, rel in FIRST_REFERENCE.items():
        root = tmp_path_factory.mktemp("broken")
        shutil.copytree(MODEL, root / "architecture")
        path = root / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        line = lines[rel.location.line - 1]
        start = rel.location.column - 1
        assert line[start : start + len(rel.target)] == rel.target
        lines[rel.location.line - 1] = line[:start] + rel.target + "x" + line[start + len(rel.target) :]
        path.write_text("".join(lines), encoding="utf-8")
        copies[file] = root
    return copies


def test_every_model_file_has_a_reference_to_break() -> None:
    files = {p.relative_to(ROOT).as_posix() for p in MODEL.rglob("*.yaml") if p.name != "refarch.yaml"}
    assert set(FIRST_REFERENCE) == files


@pytest.mark.parametrize("file", sorted(FIRST_REFERENCE))
@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_broken_reference_reported_at_its_line(file: str, fmt: str, broken_copies, run) -> None:
    rel = FIRST_REFERENCE[file]
    line = rel.location.line
    rc, out, _ = run("validate", "architecture", "--format", fmt, cwd=broken_copies[file])
    assert rc == 1
    if fmt == "text":
        assert f"{file}:{line}:{rel.location.column}: error unknown-reference" in out
        assert f'did you mean "{rel.target}"' in out
    elif fmt == "github":
        assert f"::error file={file},line={line},col={rel.location.column}," in out
        assert "title=unknown-reference::" in out
    elif fmt == "json":
        problems = json.loads(out)["problems"]
        assert {"code": "unknown-reference", "file": file, "line": line} in [
            {k: p[k] for k in ("code", "file", "line")} for p in problems
        ]
    else:
        results = json.loads(out)["runs"][0]["results"]
        places = [
            (
                r["ruleId"],
                r["level"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        ]
        assert ("unknown-reference", "error", file, line) in places
