"""`refarch new`: a skeleton in the right file, comments kept, the model still readable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refarch.scaffold import insert_into_section

from support import MODEL


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    shutil.copytree(MODEL, tmp_path / "architecture")
    return tmp_path


def test_new_element_goes_into_the_file_of_its_kind(model_copy: Path, run) -> None:
    target = model_copy / "architecture" / "business" / "palvelut.yaml"
    before = target.read_text(encoding="utf-8")
    rc, out, _ = run("new", "service", "uusi-palvelu", cwd=model_copy)
    assert rc == 0 and "palvelut.yaml" in out
    after = target.read_text(encoding="utf-8")
    assert after.startswith(before.split("processes:")[0].rstrip("\n"))  # comments and earlier text kept
    assert "  - id: uusi-palvelu\n" in after
    assert after.index("id: uusi-palvelu") < after.index("processes:")  # inside the services section
    rc, out, _ = run("validate", "-q", cwd=model_copy)
    assert "uusi-palvelu" in out  # found by the validator (an orphan for now), not a syntax error
    assert "yaml-syntax" not in out and "unknown-field" not in out


def test_new_kind_without_a_file_gets_a_new_file_with_the_schema_line(model_copy: Path, run) -> None:
    rc, _, _ = run("new", "role", "uusi-rooli", "--file", "architecture/business/uudet.yaml", cwd=model_copy)
    assert rc == 0
    text = (model_copy / "architecture" / "business" / "uudet.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../refarch.schema.json\n\nroles:\n  - id: uusi-rooli\n")


def test_required_fields_are_in_the_skeleton(model_copy: Path, run) -> None:
    run("new", "flow", "uusi-virta", cwd=model_copy)
    text = (model_copy / "architecture" / "information" / "tietovirrat.yaml").read_text(encoding="utf-8")
    block = text[text.index("id: uusi-virta") :]
    assert "from: todo" in block and "to: todo" in block


@pytest.mark.parametrize(
    "args, message",
    [
        (("new", "actor", "kela"), 'id "kela" is taken'),
        (("new", "actorr", "x"), 'did you mean "actor"'),
        (("new", "actor", "Uusi Toimija"), 'use "uusi-toimija"'),
    ],
)
def test_new_refuses_with_a_message(args, message, model_copy: Path, run) -> None:
    rc, _, err = run(*args, cwd=model_copy)
    assert rc == 2 and message in err


def test_insert_into_section_keeps_following_sections_and_comments() -> None:
    text = "# head\nactors:\n  - id: a\n    name: A\n\n# systems next\nsystems:\n  - id: s\n    name: S\n"
    result = insert_into_section(text, "actors", "  - id: b\n")
    assert (
        result
        == "# head\nactors:\n  - id: a\n    name: A\n  - id: b\n\n# systems next\nsystems:\n  - id: s\n    name: S\n"
    )


def test_a_skeleton_left_unfilled_is_an_error_until_filled(model_copy: Path, run) -> None:
    run("new", "flow", "uusi-virta", cwd=model_copy)
    rc, out, _ = run("validate", "-q", cwd=model_copy)
    assert rc == 1
    found = [line for line in out.splitlines() if "uusi-virta" in line and " error " in line]
    assert [line for line in found if " placeholder " in line and "name (fi, en), description (fi), source" in line]
    assert any("carries" in line or '"todo"' in line for line in found)  # its data, sender and receiver


def documented_new_commands() -> list[list[str]]:
    """Every `refarch new` the README and the docs show, as arguments."""
    import re

    from support import ROOT

    found = []
    for doc in (ROOT / "README.md", *(ROOT / "docs").glob("*.md")):
        for match in re.finditer(r"refarch new ([a-z-]+) ([a-z0-9-]+)", doc.read_text(encoding="utf-8")):
            found.append(["new", match.group(1), match.group(2)])
    return found


def test_every_documented_refarch_new_runs_on_the_te24_model(model_copy: Path, run) -> None:
    commands = documented_new_commands()
    assert len(commands) >= 3
    for args in commands:
        rc, out, err = run(*args, cwd=model_copy)
        assert rc == 0, f"{' '.join(args)}: {err}"
