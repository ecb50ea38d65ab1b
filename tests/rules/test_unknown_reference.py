"""unknown-reference: suggestions for the first distinct missing ids, and no slow-down on mass breakage."""

from __future__ import annotations

from pathlib import Path

from refarch.rules.unknown_reference import NO_SUGGESTION, SUGGESTION_LIMIT

from support import refarch_process


def model_with_broken_references(count: int) -> str:
    targets = ", ".join(f"tyomarkkinator{i}" for i in range(count))
    systems = "".join(f"  - {{id: tyomarkkinatori{i}, name: T{i}}}\n" for i in range(count))
    return f"actors:\n  - id: kunta\n    name: Kunta\n    uses: [{targets}]\nsystems:\n{systems}"


def test_suggestions_for_the_first_distinct_ids_then_a_plain_hint(write_model, run) -> None:
    root = write_model({"architecture/m.yaml": model_with_broken_references(SUGGESTION_LIMIT + 5)})
    rc, out, _ = run("validate", "-q", cwd=root)
    assert rc == 1
    hints = [
        line.strip()
        for line in out.splitlines()
        if line.startswith("    hint:") and ("did you mean" in line or NO_SUGGESTION in line)
    ]
    assert hints[0].startswith('hint: did you mean "tyomarkkinatori0"')
    assert sum("did you mean" in h for h in hints) == SUGGESTION_LIMIT
    assert sum(NO_SUGGESTION in h for h in hints) == 5


def test_thousands_of_broken_references_are_reported_promptly(tmp_path: Path) -> None:
    (tmp_path / "architecture").mkdir()
    (tmp_path / "architecture" / "m.yaml").write_text(model_with_broken_references(3000), encoding="utf-8")
    done = refarch_process("validate", "-q", cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert done.stdout.count("unknown-reference") == 3000


def test_an_empty_model_folder_is_a_usage_error(tmp_path: Path, run) -> None:
    (tmp_path / "architecture").mkdir()
    rc, _, err = run("validate", cwd=tmp_path)
    assert rc == 2 and "no model files" in err
