"""The search index entries of a large site's generated pages, read on the second core while MkDocs renders.

Material's search plugin reads every page's HTML with Python's HTMLParser as the page is rendered: for a
10,000-element site that was a third of the first build (docs/benchmarks.md), on one core. A generated
page's HTML is known as soon as refarch.site.pages has made it, so a forked copy of the build
(refarch.forked) reads those pages with Material's own parser meanwhile. As MkDocs renders each of them the
plugin is told to leave it out (the page's `search: exclude`, for that moment only), and before the index
is written its entries go in at the place the plugin would have put them, made by the plugin's own method.
The index is the same bytes as without the copy (tests/site/test_search.py compares them). A page whose
HTML another plugin changed after ours, or every page when the copy failed, is read here as the plugin would.

Only with Material's search plugin, and only for a build that may fork (refarch.forked: `mkdocs build`, and
`mkdocs serve`'s first build, before its server starts; not its rebuilds), of at least INDEXED_FROM pages to
render; otherwise the plugin reads every page itself as it always does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from types import SimpleNamespace
from typing import Any

from refarch.forked import Copy

INDEXED_FROM = 500  # generated pages before reading them in a copy saves more than the fork costs
_ABSENT = object()

try:
    from material.plugins.search.plugin import Parser, SearchPlugin  # type: ignore[import-untyped]
except ImportError:  # another theme: nothing to do here
    Parser = SearchPlugin = None

# a searched section of a page: its heading's id, the heading's text and the section's text, as Material's
# parser reads them (its Section keeps them in pieces; joined, they make the same entry and pickle quicker)
Section = tuple[str | None, str | None, str]
# path -> (hash of the HTML read, its searched sections)
Sections = dict[str, tuple[int, list[Section]]]


class Indexing:
    """The generated pages' search entries on their way from the copy into Material's index."""

    def __init__(self, index: Any, copy: Copy[Sections], paths: frozenset[str]) -> None:
        self._index = index
        self._copy: Copy[Sections] | None = copy
        self._paths = paths
        self._waiting: list[tuple[int, Any, str]] = []  # (place in the index, page, the HTML the plugin saw)
        self._own: dict[str, Any] = {}  # a left-out page's own `search` setting, until it is put back

    @classmethod
    def start(cls, plugins: Any, pages: Sequence[tuple[str, str]], html_of: Callable[[str], str]) -> Indexing | None:
        """Start reading `pages` (path, text as generated) in a copy, where `html_of(text)` is the HTML the
        search plugin will be given for it; None when there is nothing to gain or no copy can be made."""
        search = _material_search(plugins)
        if search is None or not search.config.enabled or len(pages) < INDEXED_FROM:
            return None
        copy = Copy.start(partial(_sections_of, pages, html_of))
        return None if copy is None else cls(search.search_index, copy, frozenset(path for path, _ in pages))

    def leave_out(self, page: Any) -> None:
        """Before the search plugin reads `page`: a generated page is left to the copy (see the module)."""
        path = page.file.src_uri
        own = page.meta.get("search", _ABSENT)
        setting = own if isinstance(own, dict) else {}
        if path not in self._paths or setting.get("exclude"):
            return
        self._waiting.append((len(self._index.entries), page, page.content))
        self._own[path] = own
        page.meta["search"] = {**setting, "exclude": True}

    def put_back(self, page: Any) -> None:
        """After the search plugin has passed `page` by: its own setting again, for the theme and the index."""
        path = page.file.src_uri
        if path not in self._own:
            return
        own = self._own.pop(path)
        if own is _ABSENT:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = own

    def finish(self) -> None:
        """Put the left-out pages' entries into the index, each at its page's place, before it is written."""
        read = self._copy.result() if self._copy is not None else None
        self._copy = None
        earlier: list[dict] = self._index.entries
        entries: list[dict] = []
        self._index.entries = entries
        start = 0
        for place, page, html in self._waiting:
            entries.extend(earlier[start:place])
            start = place
            digest, sections = (read or {}).get(page.file.src_uri, (None, None))
            if sections is None or digest != hash(html):
                sections = _searched(html)
            for ident, title, text in sections:
                found = SimpleNamespace(id=ident, title=[] if title is None else [title], text=[text])
                self._index.create_entry_for_section(found, page.toc, page.url, page)
        entries.extend(earlier[start:])
        self._waiting.clear()

    def stop(self) -> None:
        """The build failed: end the copy."""
        if self._copy is not None:
            self._copy.stop()
            self._copy = None


def forget_rendered(plugins: Any, rendered: set[str], pages: set[str]) -> None:
    """Under `mkdocs serve --dirty` Material's search plugin adds this build's entries to the last build's,
    dropping the old entries under the first new entry's location only: the old entries of the other pages
    rendered again stayed, and when that location was a folder's index (`arkkitehtuuri/actor/`) or the home
    page (`""`), every page under it that was not rendered again went out of search. Called before the
    index is written, this merges the two itself: the last build's entries of the pages still in the site
    (`pages`, by URL) and not `rendered` again, then this build's, and leaves Material nothing to drop."""
    search = _material_search(plugins)
    previous = getattr(search, "search_index_prev", None)
    if previous is None:
        return
    kept = [e for e in previous.entries if (url := e["location"].split("#", 1)[0]) in pages and url not in rendered]
    search.search_index.entries = kept + search.search_index.entries
    previous.entries = []


def _material_search(plugins: Any) -> Any:
    """Material's search plugin among a site's plugins, or None."""
    return next((p for p in plugins.values() if SearchPlugin and isinstance(p, SearchPlugin)), None)


def _sections_of(pages: Sequence[tuple[str, str]], html_of: Callable[[str], str]) -> Sections:
    """In the copy: each page's searched sections, as Material's plugin reads them from its HTML."""
    read: Sections = {}
    for path, text in pages:
        html = html_of(text)
        read[path] = (hash(html), _searched(html))
    return read


def _searched(html: str) -> list[Section]:
    """The sections of a page's HTML that go into the index (Material's SearchIndex.add_entry_from_context)."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title) if s.title else None, "".join(s.text)) for s in parser.data if not s.is_excluded()]
