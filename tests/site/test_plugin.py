"""The MkDocs plugin as an adapter: watched paths, clashes with hand-written pages, model errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import build_site


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_model_folder(tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig

    from refarch.site.plugin import RefarchPlugin

    plugin = RefarchPlugin()
    plugin.load_config({"model": "malli"})
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    server = _Server()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert server.watched == [str(tmp_path / "malli")]


MKDOCS = "site_name: T\ntheme: {name: material, font: false}\nplugins: [refarch]\n"


@pytest.mark.parametrize(
    "files, message",
    [
        ({"architecture/m.yaml": "actors:\n  - {id: a, name: A, uses: puuttuu}\n"}, "the model has 1 error(s)"),
        (
            {"architecture/m.yaml": "actors:\n  - {id: a, name: A}\n", "docs/arkkitehtuuri/index.md": "# Käsin\n"},
            "arkkitehtuuri/index.md is both hand-written and generated",
        ),
        ({}, "no such file or folder"),
    ],
)
def test_build_stops_with_a_clear_message(files, message, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    done = build_site(tmp_path, tmp_path / "site")
    assert done.returncode != 0 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_serve_rebuild_shows_the_edit_and_keeps_the_drawings(tmp_path: Path) -> None:
    from support import serve_builder

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    model = tmp_path / "architecture" / "m.yaml"
    model.parent.mkdir()
    model.write_text(
        "actors:\n  - {id: a, name: Alfa, uses: s}\n  - {id: b, name: Beeta}\nsystems:\n  - {id: s, name: Sigma}\n"
    )
    build = serve_builder(tmp_path, tmp_path / "site")
    build()
    page = tmp_path / "site" / "arkkitehtuuri" / "actor" / "b" / "index.html"
    first = page.read_text()
    assert "<svg" in first and "<!-- refarch-diagram" not in first  # the drawing is in the finished page
    model.write_text(model.read_text().replace("name: Beeta", "name: Beeta muutettu"))
    config = build()
    second = page.read_text()
    assert "Beeta muutettu" in second and "Beeta muutettu" not in first
    assert not config.plugins["refarch"].bodies  # every body was put back
    unchanged = tmp_path / "site" / "arkkitehtuuri" / "system" / "s" / "index.html"
    assert "<svg" in unchanged.read_text() and "Sigma" in unchanged.read_text()


def test_generated_pages_are_one_html_block_each() -> None:
    """The plugin gives generated pages to the theme as they are, without Markdown: right only while each is
    one HTML block (no Markdown in it to convert), with its drawings' placeholders inside."""
    from refarch import pipeline
    from refarch.site.pages import SiteOptions, site_pages

    from support import MODEL

    pages = site_pages(pipeline.check([MODEL]), SiteOptions(inline_diagrams=False))
    assert len(pages) > 400
    for page in pages:
        body = page.content.split("---\n", 2)[2].strip()
        assert body.startswith('<div class="refarch"') and body.endswith("</div>"), page.path
        assert all(placeholder in body for placeholder, _ in page.diagrams), page.path


def test_the_rules_page_shows_every_rule(tmp_path: Path) -> None:
    """Through Markdown (MkDocs adds fenced_code to every site), the rules page lost every rule after the first
    whose text shows a fenced example: the rest of the page became escaped text. Without it, every rule is a
    heading of its own."""
    from refarch.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    (tmp_path / "architecture").mkdir()
    (tmp_path / "architecture" / "m.yaml").write_text("actors:\n  - {id: a, name: A}\n")
    done = build_site(tmp_path, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "arkkitehtuuri" / "saannot" / "index.html").read_text(encoding="utf-8")
    assert "&lt;h2" not in html
    codes = list(load_config(None).rules)
    assert len(codes) > 30 and [code for code in codes if f'<h2 id="{code}">' not in html] == []


def test_a_dirty_serve_rebuild_renders_only_the_changed_pages_and_keeps_search_whole(tmp_path: Path) -> None:
    import json
    import os

    from support import serve_builder

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.replace("plugins: [refarch]", "plugins: [search, refarch]"))
    model = tmp_path / "architecture" / "m.yaml"
    model.parent.mkdir()
    model.write_text(
        "actors:\n  - {id: a, name: Alfa, uses: s}\n  - {id: b, name: Beeta}\n  - {id: x, name: Xray}\n"
        "systems:\n  - {id: s, name: Sigma}\n"
    )
    build = serve_builder(tmp_path, tmp_path / "site", dirty=True)
    build()
    changed = tmp_path / "site" / "arkkitehtuuri" / "actor" / "b" / "index.html"
    unchanged = tmp_path / "site" / "arkkitehtuuri" / "system" / "s" / "index.html"
    os.utime(unchanged, (1, 1))  # so that a rewrite would show
    model.write_text(model.read_text().replace("name: Beeta", "name: Beeta muutettu"))
    build()
    assert "Beeta muutettu" in changed.read_text()
    assert unchanged.stat().st_mtime == 1  # not rendered again
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    titles = {doc["title"] for doc in index["docs"]}
    assert {"Alfa", "Beeta muutettu", "Sigma"} <= titles and "Beeta" not in titles
    locations = [doc["location"] for doc in index["docs"]]
    assert len(locations) == len(set(locations))  # every page once, however many were rebuilt
    # a description's edit makes the actors' index again, rendered before x's page: Material dropped the old
    # entries under the first one's location (`arkkitehtuuri/actor/`), the other actors' pages among them
    model.write_text(model.read_text().replace("name: Xray}", "name: Xray, description: Uusi}"))
    build()
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    titles = [doc["title"] for doc in index["docs"]]
    assert "Alfa" in titles and "Sigma" in titles and titles.count("Beeta muutettu") == 1
    # an element removed: its page is gone, and so are its entries
    model.write_text(model.read_text().replace("  - {id: x, name: Xray, description: Uusi}\n", ""))
    build()
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    titles = [doc["title"] for doc in index["docs"]]
    assert "Xray" not in titles and "Alfa" in titles and "Sigma" in titles


def test_a_site_without_its_browser_files_is_not_built_quietly(tmp_path: Path, monkeypatch, run) -> None:
    """Without the offline search shim a site would load search from unpkg.com: the build stops and says
    how to get the files (a clone's `make install` fetches them from npm)."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from refarch.site import pages
    from refarch.site.plugin import RefarchPlugin

    from support import MODEL

    monkeypatch.setitem(pages.ASSET_FILES, pages.SHIM, tmp_path / "vendor" / "iframe-worker-shim.js")
    plugin = RefarchPlugin()
    plugin.load_config({"model": "architecture"})
    with pytest.raises(PluginError, match=r"iframe-worker-shim\.js.*make install"):
        plugin.on_config(MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml")))
    code, _, err = run("site", "pages", "--path", str(MODEL), "-o", str(tmp_path / "out"), "--no-diagrams")
    assert code == 2 and "unpkg.com" in err and not (tmp_path / "out" / "index.md").exists()
