"""refarch.site.search: the generated pages' search entries read in a forked copy make the same site, to the
byte, as Material's search plugin reading every page itself; whatever goes wrong on the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.plugins import BasePlugin, event_priority

from refarch.site import search

from support import ROOT, allow_fork, working_directory

CHANGED = "arkkitehtuuri/actor/kela.md"


def _build(out: Path, *extra: tuple[str, BasePlugin]) -> None:
    """The TE24 site, built in this process as `mkdocs build` does, with `extra` plugins after the configured."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # MkDocs keeps the instances of plugins that have on_startup for the process (for `mkdocs serve`): the
    # search plugin of another test's serve build would bring that site's entries along
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(out))
    for name, plugin in extra:
        config.plugins[name] = plugin
    with working_directory(ROOT):
        build(config)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class _Changer(BasePlugin):
    """Another site's plugin that adds a section to one generated page after refarch has given its HTML."""

    @event_priority(-200)
    def on_page_content(self, html: str, *, page, config, files) -> str:
        return (
            html + '<h2 id="lisatty">Lisätty osio</h2><p>Sana jota ei muualla ole</p>'
            if page.file.src_uri == CHANGED
            else html
        )


class _Settings(BasePlugin):
    """Another plugin that looks at each page's `search` setting once the page is rendered."""

    def __init__(self) -> None:
        self.seen: dict[str, object] = {}

    def on_post_page(self, output: str, *, page, config) -> str:
        self.seen[page.file.src_uri] = page.meta.get("search")
        return output


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The sites with every page read by the search plugin itself: as is, and with the page another plugin changes."""
    folder = tmp_path_factory.mktemp("alone")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "INDEXED_FROM", 10**9)
        _build(folder / "plain")
        _build(folder / "changed", ("changer", _Changer()))
    return {"plain": _files(folder / "plain"), "changed": _files(folder / "changed")}


@pytest.fixture
def in_a_copy(monkeypatch) -> list[search.Indexing]:
    """Read every site's generated pages in a copy, whatever this machine and test process are; the list
    gets each Indexing started."""
    allow_fork(monkeypatch)
    monkeypatch.setattr(search, "INDEXED_FROM", 1)
    started: list[search.Indexing] = []
    start = search.Indexing.start.__func__  # type: ignore[attr-defined]

    def recorded(cls, *args, **kwargs):
        indexing = start(cls, *args, **kwargs)
        started.extend([indexing] if indexing is not None else [])
        return indexing

    monkeypatch.setattr(search.Indexing, "start", classmethod(recorded))
    return started


def test_the_site_with_its_search_read_in_a_copy_is_the_same_bytes(alone, in_a_copy, tmp_path: Path) -> None:
    settings = _Settings()
    _build(tmp_path / "site", ("settings", settings))
    assert len(in_a_copy) == 1, "the pages were not read in a copy"
    assert CHANGED in settings.seen  # no page has a search setting of its own in TE24: none has one after
    assert [path for path, setting in settings.seen.items() if setting is not None] == []
    assert in_a_copy[0]._copy is None and not in_a_copy[0]._waiting  # finished: every entry is in the index
    copied = _files(tmp_path / "site")
    assert copied.keys() == alone["plain"].keys()
    assert [path for path in copied if copied[path] != alone["plain"][path]] == []


def test_when_the_copy_fails_every_page_is_read_here(alone, in_a_copy, tmp_path: Path, monkeypatch) -> None:
    def failing(pages, html_of):
        raise RuntimeError("the copy failed")

    monkeypatch.setattr(search, "_sections_of", failing)
    _build(tmp_path / "site")
    assert len(in_a_copy) == 1
    copied = _files(tmp_path / "site")
    assert [path for path in copied if copied[path] != alone["plain"][path]] == []


def test_a_page_another_plugin_changed_is_read_as_changed(alone, in_a_copy, tmp_path: Path) -> None:
    """The copy read the page as refarch made it; the search plugin would have read it as the other plugin
    left it: so it is read here, and the index holds the added section."""
    _build(tmp_path / "site", ("changer", _Changer()))
    assert len(in_a_copy) == 1
    copied = _files(tmp_path / "site")
    assert b"Sana jota ei muualla ole" in copied["search/search_index.json"]
    assert [path for path in copied if copied[path] != alone["changed"][path]] == []
