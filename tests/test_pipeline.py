"""The pipeline when a file cannot be read: one mistake reads as one mistake. The checks that look across
files are left out (they would report what the missing file holds as missing), named once; every other
file is checked by the checks that look at each element alone."""

from __future__ import annotations

FILES = {
    "architecture/toimijat.yaml": """actors:
  - id: kela
    name: {fi: Kela, en: Kela}
    source: test
    uses: ura
    waive:
      - {rule: orphan-element, reason: Yksin tarkoituksella}
  - id: kunta
    name: {fi: Kunta, en: Municipality}
    source: test
    provenance: {kind: guessed}
""",
    "architecture/jarjestelmat.yaml": """systems:
  - id: ura
    name: {fi: URA, en: URA}
     source: test
""",
}


def test_a_file_that_cannot_be_read_hides_no_other_mistake_and_floods_nothing(write_model, run) -> None:
    root = write_model(FILES)
    code, out, _ = run("validate", "architecture", "--format", "json", cwd=root)
    import json

    report = json.loads(out)
    codes = [p["code"] for p in report["problems"]]
    # the syntax error, with the hint its mistake needs (indentation, not quoting)
    (syntax,) = [p for p in report["problems"] if p["code"] == "yaml-syntax"]
    assert syntax["file"] == "architecture/jarjestelmat.yaml" and syntax["line"] == 4
    assert "indentation" in syntax["hint"] and "quote" not in syntax["hint"]
    # one note names what was left out and why
    (skipped,) = [p for p in report["problems"] if p["code"] == "checks-skipped"]
    assert "jarjestelmat.yaml" in skipped["message"] and "unknown-reference" in skipped["message"]
    # no finding that only the missing file causes: ura unknown, a waiver that waives nothing
    assert "unknown-reference" not in codes and "unused-waiver" not in codes and "orphan-element" not in codes
    # the other file's own mistake is reported now, not after the first is fixed
    assert "invalid-provenance" in codes
    assert code == 1


def test_when_every_file_reads_every_check_runs(write_model, run) -> None:
    files = dict(FILES)
    files["architecture/jarjestelmat.yaml"] = files["architecture/jarjestelmat.yaml"].replace(
        "     source", "    source"
    )
    root = write_model(files)
    _, out, _ = run("validate", "architecture", "-q", cwd=root)
    assert "checks-skipped" not in out and "unused-waiver" in out  # kela uses ura: its waiver waives nothing


def test_a_model_is_freed_when_its_result_goes() -> None:
    """No cache keeps a checked model alive (a weak-keyed table of walkers did, since each walker refers to
    its model): `refarch federation` checks 45 areas one after the other in one process."""
    import gc
    import weakref

    from refarch import pipeline

    from support import MODEL

    result = pipeline.check([MODEL])
    model = weakref.ref(result.model)
    del result
    gc.collect()
    assert model() is None
