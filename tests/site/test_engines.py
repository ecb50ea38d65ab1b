"""Two engines from one mkdocs.yml (refarch.site.engines): the generated pages as files, built by Zensical
as by MkDocs — the same pages, their drawings inside them, every link resolving. The browser tests of
test_site.py and test_diagram_view.py run on the Zensical build too (the `zensical` site)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from refarch.errors import ConfigError
from refarch.site.engines import build_site, prepare
from refarch.site.pages import SCRIPTS, STYLESHEET

from sites import SITES, internal_links
from support import ROOT


def test_the_prepared_configuration_names_the_pages_and_leaves_the_plugin_out(tmp_path: Path) -> None:
    prepared = prepare(ROOT, tmp_path / "build")
    config = yaml.safe_load(prepared.read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["plugins"]]
    assert "refarch" not in names and {"search", "offline"} <= set(names)
    assert STYLESHEET in config["extra_css"] and [s for s in config["extra_javascript"] if s in SCRIPTS] == list(
        SCRIPTS
    )
    assert "Mallin versio 1.0, 4.12.2026." in config["copyright"]
    docs = prepared.parent / config["docs_dir"]
    page = (docs / "arkkitehtuuri" / "palvelupolku.md").read_text(encoding="utf-8")
    assert "<svg" in page and "refarch-diagram " not in page.split("<svg", 1)[0][-40:]  # inline, no placeholder
    ura = (docs / "arkkitehtuuri" / "system" / "ura.md").read_text(encoding="utf-8")
    assert 'href="../actor/kunnan-tyollisyyspalvelut.html"' in ura  # offline: pages as files, a/b.html
    assert (docs / "format.md").is_file() and (docs / STYLESHEET).is_file()


def _project(tmp_path: Path, mkdocs: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "cases" / "sample" / "architecture", project / "architecture")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Etusivu\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "mkdocs, message",
    [
        ("site_name: x\ndocs_dir: ../..\nplugins: [refarch]\n", "docs_dir '../..' is outside"),
        ("site_name: !!python/object/apply:os.system [id]\nplugins: [refarch]\n", "not valid YAML"),
        ("site_name: x\nplugins: [search]\n", "names no refarch plugin"),
        ("site_name: x\nplugins: [{refarch: {model: /etc}}]\n", "model '/etc' is outside"),
    ],
)
def test_a_hostile_or_wrong_configuration_is_refused(mkdocs: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        prepare(_project(tmp_path, mkdocs), tmp_path / "build")


def test_the_output_may_not_replace_the_project_or_its_docs(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: x\nplugins: [refarch]\n")
    for output in (project, project.parent, project / "docs" / "site"):
        with pytest.raises(ConfigError, match="would replace the project or its docs"):
            build_site("zensical", project, project / "build", output)
    assert (project / "mkdocs.yml").is_file() and (project / "docs" / "index.md").is_file()


def test_a_generated_folder_written_by_hand_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: x\nplugins: [refarch]\n")
    (project / "docs" / "arkkitehtuuri").mkdir()
    (project / "docs" / "arkkitehtuuri" / "index.md").write_text("# Käsin\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="both hand-written and generated"):
        prepare(project, tmp_path / "build")


def test_a_docs_link_that_leads_outside_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: x\nplugins: [refarch]\n")
    (project / "docs" / "secret.md").symlink_to("/etc/passwd")
    with pytest.raises(ConfigError, match="leads outside the docs folder"):
        prepare(project, tmp_path / "build")


@pytest.mark.parametrize("case", ["national", "library"])
def test_zensical_builds_the_pages_mkdocs_builds(case: str, tmp_path: Path, built_sites) -> None:
    """The same HTML pages by path, the service path with its drawing, every internal link resolving."""
    site = tmp_path / "site"
    build_site("zensical", SITES[case], tmp_path / "build", site)
    mkdocs_site = built_sites(case)
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages == {p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html")}
    service_path = "arkkitehtuuri/palvelupolku.html" if case == "national" else "architecture/service-path.html"
    assert "<svg" in (site / service_path).read_text(encoding="utf-8")
    broken = [
        f"{page} -> {link}"
        for page in site.rglob("*.html")
        if page.name != "404.html"  # served at any depth: its links are root-absolute
        for link in internal_links(page)
        if not (page.parent / link.split("#")[0].split("?")[0]).exists()
    ]
    assert broken == []
