"""Area models on top of the national reference: the example area, conformance against a hand-checked
expectation, a broken reference id reported at the area's line, git bases pinned, refinements, and what
an area must revisit when its base changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refarch import pipeline
from refarch.cache import cache_dir
from refarch.conformance import conformance
from refarch.diff import compare
from refarch.errors import ConfigError

from support import MODEL, ROOT, git

AREA = ROOT / "examples" / "jarviseutu" / "architecture"

# Checked by hand against examples/jarviseutu/architecture/*.yaml: which reference elements each area
# element specializes, realizes or uses.
REALISED = {
    "henkiloasiakastietovaranto": ("jarviseudun-asiakastietojarjestelma",),  # realizes
    "organisaatiotietovaranto": ("jarviseudun-ajanvaraus",),  # uses
    "ajanvarausten-integrointi": ("jarviseudun-ajanvarausintegraatio",),  # specializes
    "lausunnot-maksajalle": ("jarviseudun-lausunnot-maksajalle",),  # specializes
    "intensiivijakso-vaihe": ("jarviseudun-intensiivijakso",),
    "tyollistyminen": ("jarviseudun-tyollistyminen",),
    "tyonhakijaksi-ilmoittautuminen": ("jarviseudun-ilmoittautuminen",),
    "asiantuntijan-tyomarkkinatori": ("jarviseudun-tyollisyysalue",),  # uses
    "tyonhakijan-tyomarkkinatori": ("jarviseudun-asiakastietojarjestelma",),
}
# Työmarkkinatori and TE-Digi are no longer in scope: the source names only Työnhakijan and Asiantuntijan
# Työmarkkinatori as mandatory (issue 15's re-audit); the booking integration runs both ways (two flows).
UNREALISED = {
    "ajanvarausten-integrointi-yrityspalveluista",
    "tyollisyyspalveluvaranto",
    "etuuden-hakeminen",
    "vaihtoehtojen-pohtiminen-ja-opinnollistaminen",
    "asiakkuus-hyvinvointialueelle",
    "etuuden-maksun-paattyminen",
    "lausuntopyynnot-maksajalta",
    "muutosturvan-tiedot-tyollisyyspalveluille",
    "opinnollistamisen-paattyminen",
    "osallistumistiedot-eteenpain",
    "osallistumistiedot-rakenteisesti",
    "palvelutiedot-palvelutietovarantoon",
    "tyokykytiedot-tyollisyyspalveluille",
    "tyosuhteen-alkaminen",
    "yhteystiedot-palveluntuottajalle",
    "yritystiedot-tyollisyyspalveluille",
}


def test_example_area_validates_and_holds_the_reference_read_only() -> None:
    result = pipeline.check([AREA])
    assert [p for p in result.problems if p.severity == "error"] == []
    reference = pipeline.check([MODEL]).model
    model = result.model
    assert sum(map(model.is_reference, model.elements.values())) == len(reference.elements)
    own = [e for e in model.elements.values() if not model.is_reference(e)]
    assert len(own) == 12 and all(e.location.file.startswith("examples/jarviseutu/") for e in own)
    # a refinement adds to a reference element without editing its file
    kunta = model.elements["kunnan-tyollisyyspalvelut"]
    assert kunta.properties["alueella"] == "Järvikylä ja Salmela (esimerkki)"
    assert ("uses", "jarviseudun-asiakastietojarjestelma") in {(r.type, r.target) for r in kunta.relationships}
    assert "alueella" not in reference.elements["kunnan-tyollisyyspalvelut"].properties


def test_conformance_report_matches_the_hand_checked_expectation() -> None:
    report = conformance(pipeline.check([AREA]).model)
    assert report.applies
    assert {i.reference: i.realised_by for i in report.realised} == REALISED
    assert {i.reference for i in report.unrealised} == UNREALISED
    assert report.without_counterpart == ("jarvikyla", "jarviseudun-yrityspalvelut", "salmela")


def test_conformance_command_text_and_json(run) -> None:
    code, out, _ = run("conformance", str(AREA), "--format", "json", cwd=ROOT)
    document = json.loads(out)
    assert code == 0 and len(document["realised"]) == 9 and len(document["unrealised"]) == 16
    code, out, _ = run("conformance", str(AREA), "--fail-under", "0.5", cwd=ROOT)
    assert code == 1 and "Realised 9 of 25 reference elements (36%)" in out
    code, out, _ = run("conformance", "architecture", cwd=ROOT)
    assert code == 0 and "extends no reference model" in out


def copy_area(tmp_path: Path) -> tuple[Path, Path]:
    """The example area and the national model side by side, as in the repository."""
    base = tmp_path / "architecture"
    shutil.copytree(MODEL, base)
    area = tmp_path / "examples" / "jarviseutu" / "architecture"
    shutil.copytree(AREA, area)
    return base, area


def test_breaking_a_reference_id_is_reported_at_the_areas_line(tmp_path: Path, run) -> None:
    base, area = copy_area(tmp_path)
    actors = base / "business" / "toimijat.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("- id: palveluntuottaja\n", "- id: tuottaja\n"), encoding="utf-8"
    )
    code, out, _ = run("validate", "examples/jarviseutu/architecture", "-q", cwd=tmp_path)
    line = next(
        n
        for n, text in enumerate((area / "toimijat.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "specializes: palveluntuottaja" in text
    )
    assert code == 1
    assert (
        f'examples/jarviseutu/architecture/toimijat.yaml:{line}:18: error unknown-reference "specializes" of '
        f'"jarviseudun-valmennus" points at unknown element "palveluntuottaja"'
    ) in out
    assert "reference-findings" in out  # the base's own broken links are the base's, counted in one note


BASE_V1 = (
    "actors:\n  - id: kunta\n    name: Kunta\n    uses: ura\n"
    "systems:\n  - id: ura\n    name: URA\n    mandatory: true\n"
)
AREA_MODEL = "actors:\n  - id: oma-kunta\n    name: Oma kunta\n    specializes: kunta\n    uses: ura\n"


@pytest.fixture
def git_base(tmp_path: Path) -> Path:
    repo = tmp_path / "reference"
    (repo / "architecture").mkdir(parents=True)
    (repo / "architecture" / "malli.yaml").write_text(BASE_V1)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    (repo / "architecture" / "malli.yaml").write_text(BASE_V1.replace("name: URA", "name: URA 2"))
    git(repo, "commit", "-q", "-am", "v2")
    git(repo, "tag", "v2")
    return repo


def area_with(tmp_path: Path, rev: str, repo: Path) -> Path:
    area = tmp_path / f"area-{rev}"
    area.mkdir()
    (area / "refarch.yaml").write_text(f"extends:\n  git: {repo.as_uri()}\n  rev: {rev}\n")
    (area / "alue.yaml").write_text(AREA_MODEL)
    return area


def test_a_git_base_at_a_tag_is_fetched_once_and_cached(tmp_path: Path, git_base: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(tmp_path / "cache"))
    area = area_with(tmp_path, "v1", git_base)
    result = pipeline.check([area])
    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.model.elements["ura"].name == "URA"
    assert not (area / ".refarch-cache").exists()  # the cache is the user's, never the repository's
    cached = [p for p in cache_dir("bases").iterdir() if not p.name.startswith(".")]
    assert len(cached) == 1 and (cached[0] / ".complete").is_file()
    shutil.rmtree(git_base)  # no network, no repository: the cache answers
    assert pipeline.check([area]).model.elements["ura"].name == "URA"


@pytest.mark.parametrize(
    "rev, message", [("main", "is a branch, which moves; pin a tag or a commit"), ("v9", 'has no tag or commit "v9"')]
)
def test_a_git_base_must_be_pinned_and_exist(tmp_path: Path, git_base: Path, rev: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        pipeline.check([area_with(tmp_path, rev, git_base)])


def test_a_base_change_shows_what_the_area_must_revisit(tmp_path: Path, git_base: Path) -> None:
    before = pipeline.check([area_with(tmp_path, "v1", git_base)])
    after = pipeline.check([area_with(tmp_path, "v2", git_base)])
    changes = compare(before, after)
    assert list(changes.changed) == ["ura"]
    assert changes.revisit == ("oma-kunta",)  # it uses the system that changed


@pytest.mark.parametrize(
    "spec, message",
    [
        ("extends: {path: puuttuva}\n", "extends: no folder"),
        ("extends: {git: x}\n", "needs `rev:`"),
        ("extends: {path: a, git: b}\n", "exactly one of"),
        ("extends: {path: ., rev: v1}\n", "go with `git`"),
        ("extends: {pth: .}\n", 'unknown key "extends.pth"'),
    ],
)
def test_bad_extends_is_a_clear_configuration_error(tmp_path: Path, run, spec: str, message: str) -> None:
    (tmp_path / "refarch.yaml").write_text(spec)
    (tmp_path / "alue.yaml").write_text("actors:\n  - {id: a, name: A}\n")
    code, _, err = run("validate", str(tmp_path))
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.site
def test_init_scaffolds_an_area_that_validates_and_builds(tmp_path: Path, run) -> None:
    from support import build_site

    target = tmp_path / "uusialue"
    code, out, err = run("init", "--extends", str(MODEL), "--name", "Uusi alue", str(target))
    assert code == 0, err
    config = (target / "architecture" / "refarch.yaml").read_text(encoding="utf-8")
    assert "extends:\n  path: " in config
    code, out, _ = run("validate", str(target / "architecture"))
    reference = len(pipeline.check([MODEL]).model.elements)
    assert code == 0 and "0 errors" in out and f"{reference} of the elements from the reference model" in out
    done = build_site(target, target / "site")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Uusi alue" in (target / "site" / "arkkitehtuuri" / "index.html").read_text(encoding="utf-8")
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "Viitearkkitehtuuri kansiosta" in home  # the footer names the reference on every page
    assert "Made with" not in home  # no generator line on a public-sector site
    assert (target / ".github" / "workflows" / "architecture.yml").is_file()
    code, _, err = run("init", "--extends", str(MODEL), str(target))
    assert code == 2 and "is not empty" in err
    code, _, err = run("init", "--extends", "https://example.org/te24.git", str(tmp_path / "toinen"))
    assert code == 2 and "needs --rev" in err


def test_an_area_shares_the_metamodel_of_its_reference(tmp_path: Path, run) -> None:
    """An area of the library example (a metamodel of its own) is of the library's kinds: its first element
    goes in `parties`, its reference validates in those terms, and conformance asks what that metamodel asks."""
    national = tmp_path / "national"
    shutil.copytree(ROOT / "examples" / "library" / "architecture", national / "architecture")
    code, _, err = run("init", "--extends", "national/architecture", "riverside", cwd=tmp_path)
    assert code == 0, err
    first = (tmp_path / "riverside" / "architecture" / "alue.yaml").read_text(encoding="utf-8")
    assert first.endswith("\nparties:\n") and "actors:" not in first
    code, out, _ = run("validate", "riverside/architecture", cwd=tmp_path)
    assert code == 0 and "0 errors" in out and "reference-findings" not in out, out
    code, out, _ = run("conformance", "riverside/architecture", "--format", "json", "--fail-under", "0.5", cwd=tmp_path)
    report = json.loads(out)
    assert code == 1 and {i["id"] for i in report["unrealised"]} == {"library-system", "customer-register"}, out


def test_example_files_pass_the_editor_schema_refinements_included() -> None:
    import jsonschema
    import yaml

    schema = json.loads((MODEL / "refarch.schema.json").read_text(encoding="utf-8"))
    files = [f for f in AREA.glob("*.yaml") if f.name != "refarch.yaml"]
    assert any("refinements" in f.read_text(encoding="utf-8") for f in files)
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"refinements": [{"id": "kunta", "name": "Uusi"}]}, schema)


def test_refinements_outside_an_area_model_are_explained(write_model, run) -> None:
    folder = write_model(
        {"m/a.yaml": "actors:\n  - {id: a, name: A}\nrefinements:\n  - id: a\n    properties: {x: 1}\n"}
    )
    code, out, _ = run("validate", str(folder / "m"), "-q")
    assert code == 1 and 'unknown section "refinements"' in out and "name the reference model under `extends:`" in out


def test_an_unreadable_reference_file_fails_the_area(tmp_path: Path, run) -> None:
    base, area = copy_area(tmp_path)
    (base / "business" / "rikki.yaml").write_text("actors:\n  - id: x\n\tname: X\n", encoding="utf-8")
    code, out, _ = run("validate", "examples/jarviseutu/architecture", "-q", cwd=tmp_path)
    assert code == 1 and "architecture/business/rikki.yaml:3:1: error yaml-syntax" in out
