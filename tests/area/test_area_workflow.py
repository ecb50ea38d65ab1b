"""An area architect's workflow on an area made by `refarch init` over a git reference (issue 20): new
elements go into the area's files, renames in the reference keep resolving, a reference element can be
not applicable with a reason, the reference's findings are one line, the pin is named and verified."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from refarch import pipeline
from refarch.conformance import conformance
from refarch.diff import compare

from support import git

REFERENCE_V1 = """\
actors:
  - id: kunta
    name: {fi: Kunta, en: Municipality}
    uses: asiantuntijan-tyomarkkinatori
roles:
  - id: vastuukunta
    name: {fi: Vastuukunta, en: Host municipality}
processes:
  - id: palvelupolku
    name: {fi: Palvelupolku, en: Service path}
steps:
  - id: ilmoittautuminen
    name: {fi: Ilmoittautuminen, en: Registration}
    order: 1
    part-of: palvelupolku
    involves: kunta
  - id: alkuhaastattelu
    name: {fi: Alkuhaastattelu, en: Initial interview}
    order: 2
    part-of: palvelupolku
    involves: kunta
data-groups:
  - id: asiakastiedot
    name: {fi: Asiakastiedot, en: Customer data}
systems:
  - id: asiantuntijan-tyomarkkinatori
    name: {fi: Asiantuntijan Työmarkkinatori, en: Job Market for experts}
    mandatory: true
  - id: tyonhakijan-tyomarkkinatori
    name: {fi: Työnhakijan Työmarkkinatori, en: Job Market for job seekers}
    mandatory: true
system-services:
  - id: tyonhaku
    name: {fi: Työnhaku, en: Job search}
    part-of: tyonhakijan-tyomarkkinatori
flows:
  - id: ajanvaraus
    name: {fi: Ajanvaraus, en: Booking}
    from: kunta
    to: asiantuntijan-tyomarkkinatori
    carries: asiakastiedot
"""
RENAMED = "  - id: tmt-asiantuntija\n    formerly: [asiantuntijan-tyomarkkinatori]\n"
AREA_MODEL = """\
actors:
  - id: rannikon-alue
    name: Rannikon työllisyysalue
    specializes: kunta
    uses: asiantuntijan-tyomarkkinatori
steps:
  - id: rannikon-ilmoittautuminen
    name: Ilmoittautuminen rannikolla
    order: 1
    specializes: ilmoittautuminen
    involves: rannikon-alue
"""


def _renamed(text: str, formerly: bool) -> str:
    """The reference with its experts' marketplace renamed, keeping the old id under `formerly:` or not."""
    new = RENAMED if formerly else "  - id: tmt-asiantuntija\n"
    text = text.replace("  - id: asiantuntijan-tyomarkkinatori\n", new)
    return text.replace("asiantuntijan-tyomarkkinatori\n", "tmt-asiantuntija\n")


@pytest.fixture
def reference(tmp_path: Path, monkeypatch) -> Path:
    """A reference repository tagged v1, v2 (a rename with `formerly:`) and v3 (the same rename without)."""
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "te24"
    (repo / "architecture").mkdir(parents=True)
    model = repo / "architecture" / "malli.yaml"
    git(repo, "init", "-q", "-b", "main")
    for tag, text in (
        ("v1", REFERENCE_V1),
        ("v2", _renamed(REFERENCE_V1, True)),
        ("v3", _renamed(REFERENCE_V1, False)),
    ):
        model.write_text(text, encoding="utf-8")
        git(repo, "add", "--all")
        git(repo, "commit", "-q", "-m", tag)
        git(repo, "tag", tag)
    return repo


@pytest.fixture
def area(tmp_path: Path, reference: Path, run) -> Path:
    """An area made by `refarch init` against the reference at v1, with a few elements of its own."""
    code, out, err = run("init", "--extends", reference.as_uri(), "--rev", "v1", "--name", "Rannikko", "rannikko",
                         cwd=tmp_path)  # fmt: skip
    assert code == 0, err
    folder = tmp_path / "rannikko"
    (folder / "architecture" / "alue.yaml").write_text(AREA_MODEL, encoding="utf-8")
    return folder


def _pin(area: Path, rev: str, commit: str | None = None) -> None:
    config = area / "architecture" / "refarch.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["extends"]["rev"] = rev
    data["extends"].pop("commit", None)
    if commit:
        data["extends"]["commit"] = commit
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_init_makes_a_git_repository_pinned_to_a_commit_with_a_working_ci(area: Path, reference: Path) -> None:
    commit = git(reference, "rev-parse", "v1^{commit}").strip()
    config = yaml.safe_load((area / "architecture" / "refarch.yaml").read_text(encoding="utf-8"))
    assert config["extends"] == {"git": reference.as_uri(), "rev": "v1", "folder": "architecture", "commit": commit}
    assert git(area, "branch", "--show-current").strip() == "main"
    assert "architecture/refarch.yaml" in git(area, "diff", "--cached", "--name-only")
    workflow = (area / ".github" / "workflows" / "architecture.yml").read_text(encoding="utf-8")
    jobs = yaml.safe_load(workflow)["jobs"]
    install = next(s["run"] for s in jobs["check"]["steps"] if s.get("name") == "Install refarch")
    # the reference holds no refarch (this one is a model only): the step fails and says why, no placeholder
    assert "<org>" not in workflow and "exit 1" in install and "docs/areas.md" in install


def test_init_installs_refarch_from_a_reference_that_holds_it(tmp_path: Path, reference: Path, run) -> None:
    """The national repository holds refarch: the workflow installs it from there, at the commit, with the URL
    the runner can fetch (the clone's origin, its token left out and quoted for the shell)."""
    (reference / "pyproject.toml").write_text('[project]\nname = "refarch"\n', encoding="utf-8")
    git(reference, "add", "--all")
    git(reference, "commit", "-q", "-m", "the toolkit beside the model")
    commit = git(reference, "rev-parse", "HEAD").strip()
    git(reference, "remote", "add", "origin", "https://bob:ghp_TOKEN@example.org/org/te24.git;touch${IFS}PWNED")
    code, _, err = run("init", "--extends", str(reference / "architecture"), "alue", cwd=tmp_path)
    assert code == 0, err
    text = (tmp_path / "alue" / ".github" / "workflows" / "architecture.yml").read_text(encoding="utf-8")
    assert "ghp_TOKEN" not in text and "bob" not in text
    workflow = yaml.safe_load(text)
    for job in ("check", "site"):
        install = next(s["run"] for s in workflow["jobs"][job]["steps"] if s.get("name") == "Install refarch")
        assert "git clone --quiet 'https://example.org/org/te24.git;touch${IFS}PWNED' " in install
        assert f"checkout --quiet {commit}" in install and "pip install -r" in install and "exit 1" not in install
    # a reference the runner cannot fetch (a local repository) gets the step that says what to set
    code, _, err = run("init", "--extends", reference.as_uri(), "--rev", "v1", "paikallinen", cwd=tmp_path)
    text = (tmp_path / "paikallinen" / ".github" / "workflows" / "architecture.yml").read_text(encoding="utf-8")
    assert code == 0 and "exit 1" in text and reference.as_uri() not in text, err


def test_a_fresh_area_reports_the_reference_in_one_line_and_no_orphan(tmp_path: Path, reference: Path, run) -> None:
    code, _, err = run("init", "--extends", reference.as_uri(), "--rev", "v1", "tuore", cwd=tmp_path)
    assert code == 0, err
    code, out, _ = run("validate", "tuore/architecture", "-q", cwd=tmp_path)
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert code == 0 and "cache" not in out and "te24@v1/" not in out, out
    assert not any("orphan-element" in line for line in lines)
    unrealised = [line for line in lines if "unrealised-reference" in line]
    assert unrealised == [
        "tuore/architecture/refarch.yaml:1:1: warning unrealised-reference this area does not realise 5 reference "
        "elements it is expected to realise (1 flow, 2 steps, 2 systems): ilmoittautuminen, alkuhaastattelu, "
        "asiantuntijan-tyomarkkinatori and 2 more"
    ]


def test_new_writes_into_the_area_never_into_the_reference(area: Path, run) -> None:
    code, out, err = run("new", "step", "rannikon-palaute", cwd=area)
    assert code == 0, err
    assert "architecture/alue.yaml" in out  # the area's file with steps, not the cached reference's
    assert "rannikon-palaute" in (area / "architecture" / "alue.yaml").read_text(encoding="utf-8")
    result = pipeline.check([area / "architecture"])
    assert not result.model.is_reference(result.model.elements["rannikon-palaute"])
    code, _, err = run("new", "step", "x", "--file", "../muualla.yaml", cwd=area)
    assert code == 2 and "outside the model folder" in err and not (area.parent / "muualla.yaml").exists()


def test_new_in_an_area_over_a_folder_leaves_the_reference_alone(tmp_path: Path, reference: Path, run) -> None:
    code, _, err = run("init", "--extends", str(reference / "architecture"), "kansio", cwd=tmp_path)
    assert code == 0, err
    before = (reference / "architecture" / "malli.yaml").read_bytes()
    code, out, err = run("new", "step", "oma-askel", cwd=tmp_path / "kansio")
    assert code == 0 and "architecture/business/steps.yaml" in out, err
    assert (reference / "architecture" / "malli.yaml").read_bytes() == before
    code, _, err = run("new", "actor", "x", "--file", str(reference / "architecture" / "malli.yaml"),
                       cwd=tmp_path / "kansio")  # fmt: skip
    assert code == 2 and "outside the model folder" in err
    assert (reference / "architecture" / "malli.yaml").read_bytes() == before


def test_the_skeleton_asks_for_the_translations_the_area_chose(tmp_path: Path, reference: Path, run) -> None:
    code, _, err = run("init", "--extends", reference.as_uri(), "--rev", "v1", "--translations", "sv", "kaksikielinen",
                       cwd=tmp_path)  # fmt: skip
    assert code == 0, err
    code, out, err = run("new", "actor", "oma-toimija", cwd=tmp_path / "kaksikielinen")
    assert code == 0 and "architecture/alue.yaml" in out, err  # the section init left empty
    text = (tmp_path / "kaksikielinen" / "architecture" / "alue.yaml").read_text(encoding="utf-8")
    assert "      fi: TODO\n      sv: TODO\n    description" in text and "en: TODO" not in text
    model_file = tmp_path / "kaksikielinen" / "architecture" / "alue.yaml"
    model_file.write_text("actors:\n  - id: oma\n    name: Oma\n    specializes: kunta\n", encoding="utf-8")
    code, out, _ = run("validate", "kaksikielinen/architecture", "-q", cwd=tmp_path)
    translations = [line for line in out.splitlines() if "missing-translation" in line]
    assert translations == [
        'kaksikielinen/architecture/alue.yaml:3:11: info missing-translation name of "oma" has no sv translation'
    ]
    code, out, err = run("validate", "kaksikielinen/architecture", "-q", "--min-severity", "warning", cwd=tmp_path)
    assert " info " not in out and "not shown (--min-severity)" in err and "unrealised-reference" in out


def test_a_rename_with_formerly_keeps_the_area_working_and_diff_names_it(area: Path) -> None:
    before = pipeline.check([area / "architecture"])
    _pin(area, "v2")
    after = pipeline.check([area / "architecture"])
    assert [p.severity for p in after.problems if p.severity == "error"] == []
    renamed = [p for p in after.problems if p.code == "renamed-reference"]
    assert [(Path(p.location.file).name, p.location.line) for p in renamed] == [("alue.yaml", 5)]
    assert '"asiantuntijan-tyomarkkinatori", which is now "tmt-asiantuntija"' in renamed[0].message
    uses = [r.target for r in after.model.elements["rannikon-alue"].relationships if r.type == "uses"]
    assert uses == ["tmt-asiantuntija"]
    changes = compare(before, after)
    assert changes.renamed == {"asiantuntijan-tyomarkkinatori": "tmt-asiantuntija"}
    assert "tmt-asiantuntija" not in changes.added and "asiantuntijan-tyomarkkinatori" not in changes.removed
    assert changes.changed["tmt-asiantuntija"][0].field == "id"
    assert changes.relationships_added == () and changes.relationships_removed == ()


def test_a_rename_without_formerly_suggests_the_element_of_the_same_name(area: Path, run) -> None:
    _pin(area, "v3")
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    broken = [line for line in out.splitlines() if "unknown-reference" in line]
    assert code == 1 and len(broken) == 1, out
    hint = out.splitlines()[out.splitlines().index(broken[0]) + 1]
    assert 'did you mean "tmt-asiantuntija"? (the same name)' in hint
    assert "tyonhakijan-tyomarkkinatori" not in hint  # spelt alike, but another system


def test_a_suggestion_is_of_a_kind_the_relationship_may_point_at(area: Path, run) -> None:
    (area / "architecture" / "alue.yaml").write_text(
        AREA_MODEL + "    accesses: asiakastieto\n    uses: asiakastiedot-x\n", encoding="utf-8"
    )
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert 'did you mean "asiakastiedot"?' in out  # accesses may point at a data group
    after_uses = out.split('points at unknown element "asiakastiedot-x"', 1)[1].splitlines()[1]
    assert "asiakastiedot" not in after_uses  # uses may not: no data group suggested


def test_not_applicable_is_a_choice_apart_from_the_share(area: Path, run) -> None:
    model = area / "architecture" / "alue.yaml"
    model.write_text(
        AREA_MODEL + "refinements:\n  - id: alkuhaastattelu\n"
        "    not-applicable: Alueella alkuhaastattelu on osa ilmoittautumista.\n",
        encoding="utf-8",
    )
    report = conformance(pipeline.check([area / "architecture"]).model)
    assert [(i.reference, i.reason) for i in report.not_applicable] == [
        ("alkuhaastattelu", "Alueella alkuhaastattelu on osa ilmoittautumista.")
    ]
    assert "alkuhaastattelu" not in {i.reference for i in report.unrealised}
    assert report.share == 2 / 4  # the registration step and the experts' system of four: the interview apart
    code, out, _ = run("conformance", "architecture", "--format", "json", cwd=area)
    document = json.loads(out)
    assert document["not_applicable"][0]["reason"] == "Alueella alkuhaastattelu on osa ilmoittautumista."
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert "alkuhaastattelu" not in out  # unrealised-reference is silent for it
    code, out, _ = run("conformance", "architecture", cwd=area)
    assert "Not applicable to the area (outside the share):" in out and "osa ilmoittautumista" in out


def test_conformance_names_the_area_and_the_pinned_reference(area: Path, reference: Path, run) -> None:
    code, out, err = run("conformance", "architecture", "--format", "json", cwd=area)
    document = json.loads(out)
    commit = git(reference, "rev-parse", "v1^{commit}").strip()
    assert document["area"] == "Rannikko"
    assert document["reference"] == {
        "git": reference.as_uri(),
        "folder": "architecture",
        "rev": "v1",
        "commit": commit,
        "pinned_commit": commit,
    }
    code, out, _ = run("conformance", "architecture", cwd=area)
    assert out.startswith(
        f"Area: Rannikko\nReference: {reference.as_uri()} at v1 (commit {commit[:12]}), "
        f"pinned to commit {commit[:12]} in refarch.yaml\n"
    )


def test_a_moved_tag_is_caught_against_the_pinned_commit(area: Path, reference: Path, run, tmp_path: Path) -> None:
    code, _, err = run("validate", "architecture", "-q", cwd=area)
    assert code == 0, err
    git(reference, "tag", "-f", "v1", "v2")  # the tag is moved to another commit
    shutil.rmtree(tmp_path / "cache")  # a fresh machine (CI) fetches again
    code, _, err = run("validate", "architecture", "-q", cwd=area)
    assert code == 2 and "the tag was moved" in err and "pins commit" in err, err
    _pin(area, "v1", git(reference, "rev-parse", "v2^{commit}").strip())  # reviewed, and pinned anew
    code, _, err = run("validate", "architecture", "-q", cwd=area)
    assert code in (0, 1) and "the tag was moved" not in err, err


def test_graph_own_and_the_origin_of_each_element_in_the_export(area: Path, run) -> None:
    code, out, err = run("graph", "impact", "asiantuntijan-tyomarkkinatori", "--format", "json", cwd=area)
    everything = {r["element"] for r in json.loads(out)}
    code, out, err = run("graph", "impact", "asiantuntijan-tyomarkkinatori", "--own", "--format", "json", cwd=area)
    own = {r["element"] for r in json.loads(out)}
    assert own == {"rannikon-alue"} and everything > own  # the step involves the area; a change does not travel back
    assert f"{len(everything - own)} elements of the reference left out (--own)" in err
    code, out, _ = run("export", "json", "architecture", cwd=area)
    origin = {e["id"]: e["origin"] for e in json.loads(out)["elements"]}
    assert origin["rannikon-alue"] == "area" and origin["kunta"] == "reference"
    relationships = {(r["source"], r["target"]): r["origin"] for r in json.loads(out)["relationships"]}
    assert (
        relationships[("rannikon-alue", "kunta")] == "area"
        and relationships[("kunta", "asiantuntijan-tyomarkkinatori")] == "reference"
    )


def test_after_a_pin_move_what_broke_comes_first_apart_from_what_to_review(area: Path) -> None:
    from refarch.printers.diff import to_markdown

    (area / "architecture" / "alue.yaml").write_text(
        AREA_MODEL + "  - id: rannikon-haastattelu\n    name: Haastattelu\n    order: 2\n"
        "    specializes: alkuhaastattelu\n    involves: rannikon-alue\n",
        encoding="utf-8",
    )
    before = pipeline.check([area / "architecture"])
    _pin(area, "v3")  # the experts' system renamed without `formerly:`
    after = pipeline.check([area / "architecture"])
    changes = compare(before, after)
    assert changes.must_fix == ("rannikon-alue",)  # it uses the old id: an error now
    assert "rannikon-alue" not in changes.revisit
    text = to_markdown(changes, before.model, after.model, "v1", "v3")
    must, may = text.index("### The area must fix (1 element)"), text.index("### The area may review")
    assert must < may < text.index("### Added elements")
    assert "| Rannikon työllisyysalue (`rannikon-alue`) | error | `unknown-reference` |" in text


def test_a_rename_breaks_the_area_element_that_uses_the_old_id(area: Path) -> None:
    before = pipeline.check([area / "architecture"])
    _pin(area, "v2")
    changes = compare(before, pipeline.check([area / "architecture"]))
    assert changes.must_fix == ("rannikon-alue",)  # its `uses:` names the old id: to be fixed


def test_an_area_element_with_a_former_reference_id_is_an_error_at_its_line(area: Path, run) -> None:
    _pin(area, "v2")
    (area / "architecture" / "alue.yaml").write_text(
        AREA_MODEL.replace("uses: asiantuntijan-tyomarkkinatori", "uses: tmt-asiantuntija")
        + "systems:\n  - id: asiantuntijan-tyomarkkinatori\n    name: Oma järjestelmä\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert (
        code == 1
        and 'architecture/alue.yaml:13:5: error invalid-id id "asiantuntijan-tyomarkkinatori" was the id' in out
    )


def test_elements_merged_into_one_are_one_rename_and_the_rest_removed(tmp_path: Path, run) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "m.yaml").write_text("actors:\n  - {id: a, name: A}\n  - {id: b, name: B}\n", encoding="utf-8")
    (new / "m.yaml").write_text("actors:\n  - {id: c, name: C, formerly: [a, b]}\n", encoding="utf-8")
    code, out, err = run("diff", "--folders", str(old), str(new), "--format", "json", cwd=tmp_path)
    document = json.loads(out)
    assert document["renamed"] == [{"from": "a", "to": "c"}], err
    assert [e["id"] for e in document["elements"]["removed"]] == ["b"]


def test_two_elements_may_not_claim_one_former_id(write_model, run) -> None:
    folder = write_model(
        {"m/a.yaml": "actors:\n  - {id: a, name: A, formerly: [x]}\n  - {id: b, name: B, formerly: [x]}\n"}
    )
    code, out, _ = run("validate", str(folder / "m"), "-q")
    assert code == 1 and 'former id "x" of "b" is a former id of "a" too' in out


@pytest.mark.parametrize(
    "refinement, message",
    [
        ("    not-applicable: Yksi syy.\n  - id: alkuhaastattelu\n    not-applicable: Toinen syy.\n", "twice"),
        (f"    not-applicable: {'x' * 1001}\n", "1,001 characters long"),
    ],
)
def test_a_not_applicable_said_twice_or_at_length_is_refused(area: Path, run, refinement: str, message: str) -> None:
    (area / "architecture" / "alue.yaml").write_text(
        AREA_MODEL + "refinements:\n  - id: alkuhaastattelu\n" + refinement, encoding="utf-8"
    )
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert code == 1 and "invalid-refinement" in out and message in out


@pytest.mark.parametrize(
    "file", ["architecture/refarch.yaml", "architecture/muistio.txt", "architecture/.piilo/x.yaml"]
)
def test_new_writes_only_into_files_refarch_reads(area: Path, run, file: str) -> None:
    before = (area / "architecture" / "refarch.yaml").read_bytes()
    code, _, err = run("new", "step", "x", "--file", file, cwd=area)
    assert code == 2 and "Traceback" not in err and "model file" in err, err
    assert file.endswith("refarch.yaml") or not (area / file).exists()
    assert (area / "architecture" / "refarch.yaml").read_bytes() == before


def test_init_refuses_translations_that_are_no_language_codes(tmp_path: Path, reference: Path, run) -> None:
    code, _, err = run("init", "--extends", str(reference / "architecture"), "--translations", "sv,a: b", "x",
                       cwd=tmp_path)  # fmt: skip
    assert code == 2 and "give language codes" in err and not (tmp_path / "x").exists()


def test_an_actor_plays_a_role_and_specializes_gets_a_hint(area: Path, run) -> None:
    model = area / "architecture" / "alue.yaml"
    model.write_text(AREA_MODEL.replace("specializes: kunta", "specializes: vastuukunta"), encoding="utf-8")
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert code == 1 and "relation-not-allowed" in out
    assert "hint: between an actor and a role write `plays: vastuukunta` (plays)" in out
    model.write_text(AREA_MODEL.replace("specializes: kunta", "plays: vastuukunta"), encoding="utf-8")
    code, out, _ = run("validate", "architecture", "-q", cwd=area)
    assert "relation-not-allowed" not in out and " error " not in out, out


def test_using_a_part_of_a_system_counts_for_the_system(area: Path) -> None:
    model = area / "architecture" / "alue.yaml"
    before = conformance(pipeline.check([area / "architecture"]).model)
    assert "tyonhakijan-tyomarkkinatori" in {i.reference for i in before.unrealised}
    model.write_text(AREA_MODEL + "    uses: tyonhaku\n", encoding="utf-8")
    after = conformance(pipeline.check([area / "architecture"]).model)
    realised = {i.reference: i.realised_by for i in after.realised}
    assert realised["tyonhakijan-tyomarkkinatori"] == ("rannikon-ilmoittautuminen",)  # through its part


def test_after_init_the_pinned_reference_is_read_from_the_cache(area: Path, reference: Path, run) -> None:
    """init pins the commit and keeps the fetched copy under the pinned key: the next run needs no network."""
    shutil.rmtree(reference)
    code, _, err = run("validate", "architecture", "-q", cwd=area)
    assert code == 0 and "extends" not in err, err
