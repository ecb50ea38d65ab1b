"""`refarch federation`: the example area and a second area made by `refarch init` on one registry, the
matrix, their pins, and a candidate reference that renames an element shows which area breaks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refarch.errors import ConfigError
from refarch.federation import load_registry

from support import MODEL, ROOT, git

AREA = ROOT / "examples" / "jarviseutu" / "architecture"
SECOND = """\
systems:
  - id: rannikon-ajanvaraus
    name: Rannikon ajanvaraus
    uses: asiantuntijan-tyomarkkinatori
flows:
  - id: rannikon-varaukset
    name: Rannikon varaukset
    from: rannikon-ajanvaraus
    to: asiantuntijan-tyomarkkinatori
    carries: asiakastiedot
    specializes: ajanvarausten-integrointi
refinements:
  - id: etuuden-hakeminen
    not-applicable: Etuuden hakeminen ohjataan alueella suoraan Kelaan.
"""
REGISTRY = """\
reference:
  path: te24/architecture
areas:
  - name: Järviseutu
    path: te24/examples/jarviseutu/architecture
  - name: Rannikko
    path: rannikko/architecture
"""


@pytest.fixture
def national(tmp_path: Path, run) -> Path:
    """The national model and the example area in a git repository (as this one holds them), a second area
    made by `refarch init` beside it, and a registry of both."""
    repo = tmp_path / "te24"
    shutil.copytree(MODEL, repo / "architecture")
    shutil.copytree(AREA, repo / "examples" / "jarviseutu" / "architecture")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", "v1.0")
    git(repo, "tag", "v1.0")
    code, _, err = run("init", "--extends", "te24/architecture", "--name", "Rannikko", "rannikko", cwd=tmp_path)
    assert code == 0, err
    (tmp_path / "rannikko" / "architecture" / "alue.yaml").write_text(SECOND, encoding="utf-8")
    (tmp_path / "alueet.yaml").write_text(REGISTRY, encoding="utf-8")
    return repo


def test_federation_reports_both_areas_their_pins_and_the_matrix(tmp_path: Path, national: Path, run) -> None:
    code, out, err = run("federation", "alueet.yaml", "--format", "json", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    areas = {a["name"]: a for a in report["areas"]}
    assert list(areas) == ["Järviseutu", "Rannikko"] and all(a["problem"] is None for a in areas.values())
    assert report["reference"] == {"path": "te24/architecture"}  # a folder: no commit (a work tree may differ)
    assert {a["reference"]["path"] for a in areas.values()} == {"te24/architecture"}  # both on the same folder
    assert report["skew"][0]["current"] and sorted(report["skew"][0]["areas"]) == ["Järviseutu", "Rannikko"]
    assert report["matrix"]["tyonhakijan-tyomarkkinatori"] == {"Järviseutu": "realised", "Rannikko": "unrealised"}
    assert report["matrix"]["asiantuntijan-tyomarkkinatori"] == {"Järviseutu": "realised", "Rannikko": "realised"}
    assert report["matrix"]["etuuden-hakeminen"] == {"Järviseutu": "unrealised", "Rannikko": "not-applicable"}
    assert areas["Rannikko"]["not_applicable"] == [
        {"id": "etuuden-hakeminen", "reason": "Etuuden hakeminen ohjataan alueella suoraan Kelaan."}
    ]
    assert [s["id"] for s in areas["Rannikko"]["systems"]] == ["rannikon-ajanvaraus"]
    assert areas["Rannikko"]["errors"] == 0 and areas["Järviseutu"]["errors"] == 0
    assert areas["Rannikko"]["integrations"] == [
        {
            "id": "rannikon-varaukset",
            "name": "Rannikon varaukset",
            "kind": "flow",
            "reference": ["ajanvarausten-integrointi"],
            "names": {
                "ajanvarausten-integrointi": "Ajanvarausjärjestelmien integrointi: "
                "työllisyyspalveluista yrityspalveluihin",
                "rannikon-ajanvaraus": "Rannikon ajanvaraus",
                "asiantuntijan-tyomarkkinatori": "Asiantuntijan Työmarkkinatori",
            },
            "from": "rannikon-ajanvaraus",
            "to": "asiantuntijan-tyomarkkinatori",
        }
    ]
    assert report["candidate"] is None and report["breaking"] is None
    code, out, _ = run("federation", "alueet.yaml", cwd=tmp_path)
    assert "2 areas" in out and "Järviseutu" in out and "Rannikko" in out
    assert "  system tyonhakijan-tyomarkkinatori" in out


def test_a_candidate_that_renames_an_element_shows_which_area_breaks(tmp_path: Path, national: Path, run) -> None:
    systems = national / "architecture" / "systems" / "jarjestelmat.yaml"
    text = systems.read_text(encoding="utf-8")
    assert "  - id: tyonhakijan-tyomarkkinatori\n" in text
    systems.write_text(
        text.replace("  - id: tyonhakijan-tyomarkkinatori\n", "  - id: tmt-tyonhakija\n"), encoding="utf-8"
    )
    for path in (national / "architecture").rglob("*.yaml"):  # the reference's own uses follow the rename
        path.write_text(path.read_text(encoding="utf-8").replace("tyonhakijan-tyomarkkinatori", "tmt-tyonhakija"))
    git(national, "checkout", "-q", "-b", "ehdokas")
    git(national, "commit", "-q", "-am", "rename")
    git(national, "checkout", "-q", "main")
    code, out, err = run("federation", "alueet.yaml", "--candidate", "ehdokas", "--format", "json", cwd=tmp_path)
    assert code == 1, err  # an area would break
    report = json.loads(out)
    assert report["breaking"] == ["Järviseutu"]  # it realises the renamed system; Rannikko does not use it
    breaks = {a["name"]: a["breaks"] for a in report["areas"]}
    assert breaks["Rannikko"] == []
    assert {b["code"] for b in breaks["Järviseutu"]} == {"unknown-reference"}
    assert any('"tyonhakijan-tyomarkkinatori"' in b["message"] for b in breaks["Järviseutu"])
    assert report["candidate"]["commit"] == git(national, "rev-parse", "ehdokas").strip()
    code, out, _ = run("federation", "alueet.yaml", "--candidate", "ehdokas", cwd=tmp_path)
    assert "Candidate ehdokas" in out and "breaks 1 of 2 areas" in out and "  Järviseutu:" in out
    # the working tree of the reference is as it was: the candidate was read from git
    assert "tmt-tyonhakija" not in systems.read_text(encoding="utf-8")


def test_the_site_page_is_a_heat_map_with_words_not_colour_alone(tmp_path: Path, national: Path, run) -> None:
    (tmp_path / "rannikko" / "architecture" / "alue.yaml").write_text(
        SECOND.replace("Rannikon ajanvaraus", "<script>alert(1)</script>"), encoding="utf-8"
    )
    code, out, err = run("federation", "alueet.yaml", "--format", "markdown", cwd=tmp_path)
    assert code == 0, err
    assert out.startswith("---\ntitle: Alueet\n---\n")
    assert '<table class="refarch-heatmap">' in out
    assert '<td class="refarch-heat-not-applicable" title="Rannikko: ei sovellu alueelle">–' in out
    assert '<span class="refarch-sr"> Järviseutu: toteutettu</span>' in out
    assert "<script>" not in out and "&lt;script&gt;" in out  # an area's text never reaches the page as HTML
    assert "Etuuden hakeminen ohjataan alueella suoraan Kelaan." in out


@pytest.mark.parametrize(
    "registry, message",
    [
        ("areas: []\n", "names no `reference:`"),
        ("reference: {path: .}\nareas: []\n", "`areas:` must be a list"),
        ("reference: {path: .}\nareas:\n  - {name: A, path: a}\n  - {name: A, path: b}\n", 'two areas are named "A"'),
        ("reference: {path: .}\nareas:\n  - {name: A, git: https://example.org/a.git}\n", "needs `commit:`"),
        ("reference: {path: .}\nareas:\n  - {name: A, path: a, commit: abcdef1}\n", "go with `git:`"),
        ("reference: {path: .}\nareas:\n  - {name: A}\n", "exactly one of `path:`"),
        ("reference: {path: .}\nareas: [{name: A, path: a}]\nextra: 1\n", 'unknown key "extra"'),
    ],
)
def test_a_bad_registry_is_a_clear_error(tmp_path: Path, registry: str, message: str, run) -> None:
    (tmp_path / "r.yaml").write_text(registry, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_registry(tmp_path / "r.yaml")
    code, _, err = run("federation", "r.yaml", cwd=tmp_path)
    assert code == 2 and "Traceback" not in err


def test_an_area_that_cannot_be_read_is_reported_and_the_others_surveyed(tmp_path: Path, national: Path, run) -> None:
    (tmp_path / "alueet.yaml").write_text(REGISTRY + "  - name: Puuttuva\n    path: ei-ole/architecture\n")
    code, out, err = run("federation", "alueet.yaml", "--format", "json", cwd=tmp_path)
    areas = {a["name"]: a for a in json.loads(out)["areas"]}
    assert code == 1 and areas["Puuttuva"]["problem"].startswith("no folder") and areas["Rannikko"]["problem"] is None


def _git_area(tmp_path: Path, name: str, files: dict[str, str]) -> tuple[Path, str]:
    """A repository of an area, committed; its path and the commit."""
    repo = tmp_path / name
    for file, text in files.items():
        (repo / file).parent.mkdir(parents=True, exist_ok=True)
        (repo / file).write_text(text, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", "area")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def test_a_fetched_area_cannot_make_the_survey_read_this_machine(
    tmp_path: Path, national: Path, run, monkeypatch
) -> None:
    """An area's repository is hostile input: its `extends:` may not name a folder or a local repository (it
    is refused before anything of it is read), and no area's Python runs, whatever the consent given."""
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(tmp_path / "cache"))
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.yaml").write_text("actors:\n  - {id: salainen, name: Salainen}\n", encoding="utf-8")
    marker = tmp_path / "RAN"
    rule = f"from pathlib import Path\ndef check(model):\n    Path({str(marker)!r}).write_text('x')\n    return []\n"
    repo, commit = _git_area(
        tmp_path,
        "evil",
        {"architecture/refarch.yaml": f"extends: {{path: {secret}}}\n", "architecture/a.yaml": "actors:\n"},
    )
    (tmp_path / "rannikko" / "architecture" / "checks.py").write_text(rule, encoding="utf-8")
    with (tmp_path / "rannikko" / "architecture" / "refarch.yaml").open("a", encoding="utf-8") as config:
        config.write("custom-rules:\n  - {code: oma-tarkistus, function: checks.py:check}\n")
    registry = REGISTRY + f"  - name: Paha\n    git: {repo.as_uri()}\n    commit: {commit}\n"
    (tmp_path / "alueet.yaml").write_text(registry, encoding="utf-8")
    code, out, err = run("--allow-custom-rules", "federation", "alueet.yaml", "--format", "json", cwd=tmp_path)
    areas = {a["name"]: a for a in json.loads(out)["areas"]}
    assert code == 1 and "must extend its reference as a remote repository" in areas["Paha"]["problem"], err
    assert "salainen" not in out and str(secret) not in out
    assert not marker.exists() and areas["Rannikko"]["problem"] is None  # surveyed, its Python not run


def test_a_link_out_of_a_fetched_area_or_a_token_never_escapes(
    tmp_path: Path, national: Path, run, monkeypatch
) -> None:
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(tmp_path / "cache"))
    repo, _ = _git_area(tmp_path, "linkki", {"architecture/a.yaml": "actors:\n"})
    (repo / "architecture" / "passwd.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", "a link out")
    commit = git(repo, "rev-parse", "HEAD").strip()
    registry = REGISTRY + (
        f"  - name: Linkki\n    git: {repo.as_uri()}\n    commit: {commit}\n"
        f"  - name: Salasana\n    git: https://alice:ghp_SECRET@127.0.0.1:9/x.git\n    commit: {'a' * 40}\n"
    )
    (tmp_path / "alueet.yaml").write_text(registry, encoding="utf-8")
    for fmt in ("json", "text", "markdown"):
        code, out, err = run("federation", "alueet.yaml", "--format", fmt, cwd=tmp_path)
        assert code == 1 and "Traceback" not in err and "ghp_SECRET" not in out + err and "alice" not in out + err
    areas = {
        a["name"]: a for a in json.loads(run("federation", "alueet.yaml", "--format", "json", cwd=tmp_path)[1])["areas"]
    }
    assert "cannot be unpacked safely" in areas["Linkki"]["problem"]


def test_an_area_on_another_reference_is_marked(tmp_path: Path, national: Path, run) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(national / "architecture", fork / "architecture")
    config = tmp_path / "rannikko" / "architecture" / "refarch.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("te24/architecture", "fork/architecture"))
    code, out, err = run("federation", "alueet.yaml", "--format", "json", cwd=tmp_path)
    areas = {a["name"]: a for a in json.loads(out)["areas"]}
    assert areas["Rannikko"]["same_reference"] is False and areas["Järviseutu"]["same_reference"] is True, err
    code, out, _ = run("federation", "alueet.yaml", cwd=tmp_path)
    assert "(another reference than the registry's)" in out
