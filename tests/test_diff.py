

def test_a_changed_provenance_is_a_change_with_its_kinds(write_model, run) -> None:
    """Turning a stated relationship into an inference is what a reviewer of the record must see."""
    base = write_model(
        {
            "base/a.yaml": "actors:\n  - id: a\n    name: A\n    source: Slide 1\n    provides: [s]\n"
            "services:\n  - {id: s, name: S, source: Slide 1}\n"
        }
    )
    head = write_model(
        {
            "head/a.yaml": "actors:\n  - id: a\n    name: A\n    source: Slide 1\n    provides:\n"
            "      - to: s\n        provenance: {kind: inferred, reason: Lähde ei sano.}\n"
            "services:\n  - {id: s, name: S, source: Slide 2}\n"
        }
    )
    rc, out, _ = run("diff", "--folders", str(base / "base"), str(head / "head"))
    assert rc == 0, out
    assert "| changed: `provenance` `stated` → `inferred` | A (`a`) | provides | S (`s`) |" in out
    assert '| S (`s`) | `provenance` | {"kind": "stated", "source": "Slide 1"} |' in out
