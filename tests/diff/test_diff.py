"""`refarch diff` on two revisions of a git repository names exactly what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import git

BASE = {
    "architecture/toimijat.yaml": """actors:
  - id: kela
    name: {fi: Kela, en: Social Insurance Institution}
    uses: ura
  - id: kunta
    name: Kunta
    uses: ura
  - id: poistuva
    name: Poistuva toimija
""",
    "architecture/jarjestelmat.yaml": """systems:
  - id: ura
    name: URA
    mandatory: false
""",
    "architecture/polku.yaml": """steps:
  - id: vaihe
    name: Vaihe
    order: 1
    involves: kunta
""",
}


@pytest.fixture
def repo(tmp_path: Path, write_model) -> Path:
    write_model(BASE)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    write_model(
        {
            "architecture/toimijat.yaml": """actors:
  - id: kela
    name: {fi: Kela, en: The Social Insurance Institution of Finland}
    uses: ura
  - id: kunta
    name: Kunta
    uses: [ura, tea]
  - id: uusi
    name: Uusi toimija
    uses: puuttuva
""",
            "architecture/jarjestelmat.yaml": """systems:
  - id: ura
    name: URA
    mandatory: true
  - id: tea
    name: TEA
""",
        }
    )
    git(tmp_path, "commit", "-q", "-am", "head")
    return tmp_path


def test_diff_of_two_revisions_names_exactly_what_changed(run, repo: Path) -> None:
    code, out, err = run("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert code == 1, err  # the change introduces an error (a broken reference)
    report = json.loads(out)
    assert [e["id"] for e in report["elements"]["added"]] == ["tea", "uusi"]
    assert [e["id"] for e in report["elements"]["removed"]] == ["poistuva"]
    assert report["elements"]["removed"][0]["file"] == "architecture/toimijat.yaml"
    assert [(e["id"], e["changes"]) for e in report["elements"]["changed"]] == [
        (
            "kela",
            [
                {
                    "field": "name.en",
                    "before": "Social Insurance Institution",
                    "after": "The Social Insurance Institution of Finland",
                }
            ],
        ),
        ("ura", [{"field": "fields.mandatory", "before": False, "after": True}]),
    ]
    assert report["relationships"]["added"] == [
        {"source": "kunta", "type": "uses", "target": "tea"},
        {"source": "uusi", "type": "uses", "target": "puuttuva"},
    ]
    assert report["relationships"]["removed"] == [] and report["relationships"]["changed"] == []
    introduced = [(f["code"], f["element"]) for f in report["findings"]["introduced"] if f["severity"] == "error"]
    assert introduced == [("unknown-reference", "uusi")]
    resolved = {(f["code"], f["element"]) for f in report["findings"]["resolved"]}
    assert ("orphan-element", "poistuva") in resolved
    # the step involves kunta, whose relationships changed: the change reaches it; the touched ones are listed above
    impacted = {i["id"]: i for i in report["impacted"]}
    assert impacted["vaihe"]["distance"] == 1 and not set(impacted) & {
        "kela",
        "kunta",
        "ura",
        "tea",
        "uusi",
        "poistuva",
    }
    # how the change reaches it, and why, as a sentence from the nearest change
    assert impacted["vaihe"]["effect"] == "affects" and impacted["vaihe"]["why"].endswith(" is involved in Vaihe.")


def test_markdown_has_tables_and_a_diagram_of_the_changed_neighbourhood(run, repo: Path) -> None:
    code, out, _ = run("diff", "main~1", "main", cwd=repo)
    assert "## Architecture change: `main~1` → `main`" in out
    assert "2 elements added, 1 removed, 2 changed" in out
    assert "| URA (`ura`) | `fields.mandatory` | false | true |" in out
    assert "```mermaid" in out and ":::added" in out and ":::removed" in out and ":::changed" in out


def test_working_tree_against_a_revision_and_folders(run, repo: Path, tmp_path: Path) -> None:
    code, out, _ = run("diff", "HEAD", "--format", "json", cwd=repo)
    assert json.loads(out)["elements"] == {"added": [], "removed": [], "changed": []}
    (repo / "architecture" / "jarjestelmat.yaml").write_text(
        "systems:\n  - id: ura\n    name: URA 2\n    mandatory: true\n  - id: tea\n    name: TEA\n"
    )
    code, out, _ = run("diff", "HEAD", "--format", "json", cwd=repo)
    assert [e["id"] for e in json.loads(out)["elements"]["changed"]] == ["ura"]


@pytest.mark.parametrize(
    "args, message",
    [
        (("no-such-revision",), "neither a folder nor a git revision"),
    ],
)
def test_unknown_revision_is_a_clear_error(run, repo: Path, args, message) -> None:
    code, _, err = run("diff", *args, cwd=repo)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_waiver_reason_changed_in_one_language_is_a_change(write_model) -> None:
    from refarch import pipeline
    from refarch.diff import element_changes

    def kela(reason: str):
        root = write_model({"architecture/m.yaml": f"actors:\n  - id: kela\n    name: Kela\n    waive:\n"
                            f"      - {{rule: orphan-element, reason: {reason}}}\n"})  # fmt: skip
        return pipeline.check([root / "architecture"]).model.elements["kela"]

    before = kela("{fi: Lähde ei kerro, en: The source does not say}")
    after = kela("{fi: Lähde ei kerro vielä, en: The source does not say}")
    (change,) = element_changes(before, after)
    assert change.field == "waive" and change.after == [["orphan-element", {"en": "The source does not say",
                                                                           "fi": "Lähde ei kerro vielä"}]]  # fmt: skip
    assert element_changes(before, kela("{en: The source does not say, fi: Lähde ei kerro}")) == ()


def test_a_changed_provenance_is_a_change_with_its_kinds(write_model, run) -> None:
    """Turning a stated relationship into an inference is what a reviewer of the record must see."""
    base = write_model(
        {
            "base/a.yaml": "actors:\n  - id: a\n    name: A\n    source: Slide 1\n    provides: [s]\n"
            "services:\n  - {id: s, name: S, source: Slide 1}\n"
            "processes:\n  - {id: p, name: P, source: Slide 1, uses: s}\n"
        }
    )
    head = write_model(
        {
            "head/a.yaml": "actors:\n  - id: a\n    name: A\n    source: Slide 1\n    provides:\n"
            "      - to: s\n        provenance: {kind: inferred, reason: Lähde ei sano.}\n"
            "services:\n  - {id: s, name: S, source: Slide 2}\n"
            "processes:\n  - {id: p, name: P, source: Slide 1, uses: s}\n"
        }
    )
    rc, out, _ = run("diff", "--folders", str(base / "base"), str(head / "head"))
    assert rc == 0, out
    assert "| changed: `provenance` `stated` → `inferred` | A (`a`) | provides | S (`s`) |" in out
    assert '| S (`s`) | `provenance` | {"kind": "stated", "source": "Slide 1"} |' in out
    assert "0 elements impacted" in out  # a change of provenance alone changes no fact: it reaches nothing
    head = write_model({"head/a.yaml": (head / "head" / "a.yaml").read_text().replace("name: S,", "name: S2,")})
    _, out, _ = run("diff", "--folders", str(base / "base"), str(head / "head"))
    assert "1 element impacted" in out and "P (`p`)" in out  # a fact changed: what uses it is reached


def test_a_side_that_cannot_be_read_is_refused_never_reported_as_removals(run, repo: Path) -> None:
    """A syntax error in the working tree would drop its file from the head: the diff would then say the
    pull request removes what it never touched. It refuses, naming the file and line, and writes nothing."""
    (repo / "architecture" / "toimijat.yaml").write_text("actors:\n  - id: kela\n     name: Kela\n")
    code, out, err = run("diff", "HEAD", "--format", "json", cwd=repo)
    assert code == 2 and out == ""
    assert "architecture/toimijat.yaml:3:" in err and "HEAD (working tree)" in err and "removed" in err
    assert "Traceback" not in err


def test_the_comment_on_a_small_change_to_a_hub_fits_a_screen(run, tmp_path: Path) -> None:
    """One field of the actor most of TE24 hangs on: the comment says what changed and how far it reaches
    in a few kilobytes; the full list and the diagram (at most 30 boxes) fold away in <details>."""
    import re
    import shutil

    from support import MODEL

    head = tmp_path / "head"
    shutil.copytree(MODEL, head)
    actors = head / "business" / "toimijat.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace('fi: "Kunnan työllisyyspalvelut"', 'fi: "Kunnan työllisyyspalvelut (kunta)"', 1))
    code, out, err = run("diff", "--folders", str(MODEL), str(head), cwd=tmp_path)
    assert code == 0, err
    visible = re.sub(r"<details>.*?</details>", "", out, flags=re.S)
    assert len(visible.encode()) <= 4096 and "name.fi" in visible and "### Impact" in visible
    diagram = out.split("```mermaid")[1].split("```")[0]
    boxes = [line for line in diagram.splitlines() if re.match(r"n\d+\[", line)]
    assert 2 <= len(boxes) <= 30 and "neighbours not drawn" in out
    assert out.count("<details>") == out.count("</details>") == 2
    # the actor's own steps, flows, services and the tasks about it, each with why; not all it is linked to
    reached = out.split("| Element | Kind | Distance | Effect | Why |")[1].split("</details>")[0]
    rows = [line for line in reached.splitlines() if line.startswith("| ") and "|---" not in line]
    assert 40 <= len(rows) <= 70 and all(line.rstrip(" |").endswith(".") for line in rows)
    assert "| 3 |" not in reached  # a name changed: nothing beyond the processes of its steps


def test_the_comment_on_a_change_to_everything_stays_under_githubs_limit(run, tmp_path: Path) -> None:
    """Every quoted English text of TE24 reworded: the long tables fold and are cut, with a count of the
    rest, so the comment stays under the 65,536 characters GitHub takes."""
    import shutil

    from support import MODEL

    head = tmp_path / "head"
    shutil.copytree(MODEL, head)
    for path in head.rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace('en: "', 'en: "New: '), encoding="utf-8")
    code, out, err = run("diff", "--folders", str(MODEL), str(head), cwd=tmp_path)
    assert code == 0, err
    assert len(out) < 65_536 and "rows</summary>" in out and "more (see `refarch diff --format json`)" in out
    assert out.count("<details>") == out.count("</details>")
