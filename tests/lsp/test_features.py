"""The language server's answers as plain functions, on what a pull request may hold (issue 18, and a
red-team pass): a quick fix only where it replaces one word, a rename that is whole or refused, text that
cannot reach a page unescaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refarch import pipeline
from refarch.lsp import features
from refarch.lsp.session import ModelSession
from refarch.problems import Location

from support import ROOT, working_directory


@pytest.fixture
def session(tmp_path: Path) -> ModelSession:
    shutil.copytree(ROOT / "architecture", tmp_path / "architecture")
    found = ModelSession(tmp_path, Path("architecture"))
    found.check()
    return found


def test_a_quick_fix_replaces_one_word_never_a_mapping() -> None:
    hint = 'did you mean "stated"?'
    one = ["    provenance: {kind: stated3, source: x}"]
    start = one[0].index("stated3") + 1
    assert features.quick_fixes(hint, one, Location("f", 1, start, 1, start + 7)) == ["stated"]
    block = ["    provenance:", "      kind: inferd", "      reason: x"]
    assert features.quick_fixes(hint, block, Location("f", 1, 17, 3, 16)) == []  # the whole mapping: none
    assert features.quick_fixes(hint, one, Location("f", 1, 17, 1, 43)) == []  # `{kind: ...}`: not one word


def test_rename_names_the_whole_word_and_the_subject_of_refarch_yaml(session: ModelSession) -> None:
    edits = features.rename(session, "te-uudistus", "te-palvelu-uudistus")
    assert "architecture/refarch.yaml" in edits  # about.subject names it
    applied = _apply(session, edits)
    with working_directory(session.real_root):
        result = pipeline.check([Path("architecture")])
    assert not [p for p in result.problems if p.severity == "error"] and "te-palvelu-uudistus" in result.model.elements
    assert applied >= 2
    assert features._exact(Location("f", 1, 7), "  - to: intensiivijakso-vaihe", "intensiivijakso") is None


@pytest.mark.parametrize(
    "new, message",
    [("ura", "its id already"), ("tea", "already the id"), ("URA 2", "is no id"), ("../x", "is no id")],
)
def test_a_rename_that_cannot_be_whole_is_refused(session: ModelSession, new: str, message: str) -> None:
    with pytest.raises(features.RenameError, match=message):
        features.rename(session, "ura", new)


def test_a_rename_waits_for_a_file_that_cannot_be_read(session: ModelSession) -> None:
    path = (session.real_root / "architecture/roadmap/tiekartta.yaml").resolve()
    session.texts[path] = path.read_text(encoding="utf-8") + "\n  - id: [kesken\n"
    session.check()
    with pytest.raises(features.RenameError, match="cannot be read"):
        features.rename(session, "ura", "ura-jarjestelma")


def test_completion_and_outline_show_no_control_character(session: ModelSession) -> None:
    path = (session.real_root / "architecture/systems/jarjestelmat.yaml").resolve()
    text = path.read_text(encoding="utf-8")
    session.texts[path] = text.replace('name: {fi: "URA", en: "URA"}', 'name: {fi: "URA\\u202e\\u0007", en: "URA"}')
    session.check()
    (ura,) = [s for s in features.symbols(session, "architecture/systems/jarjestelmat.yaml") if s.id == "ura"]
    assert "\u202e" not in ura.name and "\x07" not in ura.name


def test_nothing_outside_the_workspace_is_read(session: ModelSession, tmp_path: Path) -> None:
    secret = tmp_path.parent / "secret-outside.txt"
    secret.write_text("secret", encoding="utf-8")
    assert session.text_of("../secret-outside.txt") is None and not session.within(secret)


def _apply(session: ModelSession, edits: dict) -> int:
    for file, spans in edits.items():
        path = session.real_root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        for span, new in sorted(spans, key=lambda e: (e[0].line, e[0].column), reverse=True):
            line = lines[span.line - 1]
            lines[span.line - 1] = line[: span.column - 1] + new + line[span.end_column - 1 :]
        path.write_text("\n".join(lines), encoding="utf-8")
    return len(edits)
