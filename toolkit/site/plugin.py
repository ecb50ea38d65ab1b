"""The MkDocs plugin: a thin adapter that adds the generated pages in memory at build time.

    plugins:
      - search
      - refarch:
          model: architecture
          prefix: arkkitehtuuri

The pages come from refarch.site.pages, which knows nothing of MkDocs; `refarch site pages -o DIR`
writes the same pages for engines that run no MkDocs plugins.

Five things keep large sites quick. During `mkdocs serve` the plugin lives across rebuilds (it has
`on_startup`) and keeps the last build's pages with what each was made from: after an edit it makes again
only the pages whose elements changed (refarch.site.pages.generate). A generated page is HTML already, so
it skips Markdown (which parsed every tag only to pass the page on, and broke the rules page: MkDocs' fenced
code extension rewrote the examples in its rule texts, and the rest of the page came out escaped). Drawings
go into the finished HTML (`on_post_page`), so the search index does not parse SVG. In a build that may
fork, Material's search reads the generated pages in a copy while MkDocs renders (refarch.site.search; the
hooks around the search plugin's own are here). And under `mkdocs serve --dirty` (`make serve`) a generated
page whose text did not change reports itself unmodified, so MkDocs renders only the pages an edit changed.
"""

from __future__ import annotations

import gc
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape, unescape
from pathlib import Path

from markdown.extensions.toc import slugify, unique  # type: ignore[import-untyped]
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from refarch import pipeline
from refarch.cache import cache_dir
from refarch.errors import ConfigError
from refarch.extends import identity
from refarch.printers.text import problem_lines
from refarch.site.pages import (
    ASSET_FILES,
    ASSETS,
    PLACEHOLDER,
    SCRIPTS,
    SHIM,
    STYLESHEET,
    Generated,
    SiteOptions,
    about_line,
    generate,
    reference_line,
    require_assets,
)
from refarch.site.search import Indexing, forget_rendered
from refarch.strings import ui

log = logging.getLogger("mkdocs.plugins.refarch")
DIRTY_WARNING = "A 'dirty' build is being performed"
# Material's search worker (its name carries a hash), and ours that loads it (see assets/search-worker.js)
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)")
SEARCH_WORKER_NAME = "refarch-search.js"
SEARCH_WORKER = f"assets/javascripts/workers/{SEARCH_WORKER_NAME}"


class _ExpectedDirtyBuild(logging.Filter):
    """`make serve` runs `mkdocs serve --dirty` on purpose (generated pages say whether they changed, see
    above), so MkDocs' warning about dirty builds is the normal case there, not an alarm: it is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class RefarchConfig(Config):
    model = c.Type(str, default="architecture")
    prefix = c.Type(str, default="arkkitehtuuri")
    edit_base = c.Optional(c.Type(str))
    diagrams = c.Type(bool, default=True)
    fail_on_errors = c.Type(bool, default=True)
    title = c.Optional(c.Type(str))  # the overview's heading (default: refarch.yaml's about.title, site_name)


class _GeneratedFile(File):
    """A generated page that tells `mkdocs serve --dirty` whether its text changed since the last build."""

    modified: bool = True

    def is_modified(self) -> bool:
        return self.modified


class RefarchPlugin(BasePlugin[RefarchConfig]):
    def on_startup(self, *, command, dirty) -> None:
        if command == "serve" and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_ExpectedDirtyBuild())
            log.info("refarch: serving with --dirty; a YAML edit rebuilds only the pages it changes")
        self.diagrams: dict[str, tuple[tuple[str, str], ...]] = {}  # page path -> (placeholder, svg)
        self.bodies: dict[str, str] = {}  # a generated page's HTML between on_page_markdown and on_page_content
        self.generated: Generated | None = None  # the last build's pages: a rebuild makes only those that changed
        self.texts: dict[str, int] = {}  # page path -> hash of its text
        self.material_worker: str | None = None
        self.indexing: Indexing | None = None  # the generated pages' search entries, read in a copy
        self.dirty = dirty
        self.rendered: set[str] = set()  # the URLs of the pages rendered in this build
        self.pages: set[str] = set()  # the URLs of every page of this build

    def on_config(self, config):
        """The stylesheet, the table sorter, the diagram zoom and (when fetched) the offline search shim; the
        footer as mkdocs.yml gives it (on_files adds the model's version and date)."""
        if not hasattr(self, "bodies"):  # MkDocs older than 1.4 does not call on_startup
            self.on_startup(command="build", dirty=False)
        self.rendered = set()
        try:
            require_assets()
        except ConfigError as exc:
            raise PluginError(f"refarch: {exc}") from None
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for script in SCRIPTS:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        self.copyright = config.copyright or ""
        polyfills = config.extra.get("polyfills") or []
        if not any("iframe-worker" in str(p) for p in polyfills):
            config.extra["polyfills"] = [*polyfills, SHIM]
        return config

    def on_files(self, files: Files, *, config) -> Files:
        with _collector_resting():
            return self._add_pages(files, config)

    def _add_pages(self, files: Files, config) -> Files:
        root = Path(config.config_file_path).parent
        model_dir = root / self.config.model
        try:
            result = pipeline.check([model_dir])
            about = about_line(result.config.about, ui(result.model))  # the repository's text: escaped below
            extends = result.config.extends
            pinned = reference_line(identity(extends), ui(result.model)) if extends is not None else ""
        except ConfigError as exc:
            raise PluginError(f"refarch: {exc}") from None
        said = [escape(text + ".", quote=False) for text in (about, pinned) if text]
        config.copyright = " ".join(filter(None, [self.copyright, *said]))
        errors = [p for p in result.problems if p.severity == "error"]
        for problem in errors:
            log.error(problem_lines(problem)[0])
        if errors and self.config.fail_on_errors:
            raise PluginError(f"refarch: the model has {len(errors)} error(s); run `refarch validate`")
        options = SiteOptions(
            prefix=self.config.prefix,
            edit_base=self.config.edit_base,
            diagrams=self.config.diagrams,
            directory_urls=config.use_directory_urls,
            cache=cache_dir("diagrams"),
            inline_diagrams=False,
            title=self.config.title or result.config.about.title or config.site_name,
        )
        self.diagrams = {}
        for path, source in ASSET_FILES.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=str(source)))
        self.material_worker = _add_search_worker(files, config)
        try:
            self.generated = generate(result, options, self.generated)
        except ConfigError as exc:
            raise PluginError(f"refarch: {exc}") from None
        to_render: list[tuple[str, str]] = []  # the pages MkDocs will render: under --dirty, those that changed
        for page in self.generated.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"refarch: {page.path} is both hand-written and generated")
            generated = _GeneratedFile.generated(config, page.path, content=page.content)
            # File.generated makes an instance of the class it is called on
            assert isinstance(generated, _GeneratedFile)
            fingerprint = hash((page.content, page.diagrams))
            generated.modified = self.texts.get(page.path) != fingerprint
            self.texts[page.path] = fingerprint
            if generated.modified or not self.dirty:
                to_render.append((page.path, page.content))
            files.append(generated)
            self.diagrams[page.path] = page.diagrams
        self.indexing = Indexing.start(config.plugins, to_render, _html_of_generated)
        self.pages = {f.url for f in files.documentation_pages()}
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """A generated page is one HTML block (a test holds that): its body skips Markdown, the slowest step of a
        large site's pages, which could only damage it, and on_page_content puts it back."""
        path = page.file.src_uri
        if path not in self.diagrams:
            return markdown
        self.bodies[path] = markdown.strip()
        return ""

    def on_page_content(self, html: str, *, page, config, files) -> str:
        path = page.file.src_uri
        if path not in self.diagrams:
            return html
        html = self.bodies.pop(path, html)
        if not page.toc.items:
            html, tokens = headings_toc(html)
            page.toc = get_toc(tokens)  # type: ignore[arg-type]  # the _TocToken shape, as plain dicts
        return html

    @event_priority(1)  # just before the search plugin reads the page (its priority is 0)
    def _before_search(self, context, *, page, config, nav):
        self.rendered.add(page.url)
        if self.indexing is not None:
            self.indexing.leave_out(page)
        return context

    @event_priority(-1)  # just after it
    def _after_search(self, context, *, page, config, nav):
        if self.indexing is not None:
            self.indexing.put_back(page)
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config) -> None:
        """The generated pages' entries into the search index; and under `mkdocs serve --dirty`, the last
        build's entries of every page rendered now, or gone, out of it (refarch.site.search.forget_rendered)."""
        if self.indexing is not None:
            self.indexing.finish()
            self.indexing = None
        if self.dirty:
            forget_rendered(config.plugins, self.rendered, self.pages)

    def on_build_error(self, *, error) -> None:
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None

    def on_post_page(self, output: str, *, page, config) -> str:
        return self._with_our_search_worker(with_drawings(output, self.diagrams.get(page.file.src_uri, ())))

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        return self._with_our_search_worker(output_content)  # 404.html has the search box too

    def _with_our_search_worker(self, html: str) -> str:
        """Point the page's search setting (Material's `__config`) at refarch-search.js."""
        material = self.material_worker
        return html.replace(f'workers/{material}"', f'workers/{SEARCH_WORKER_NAME}"', 1) if material else html

    def on_serve(self, server, *, config, builder):
        server.watch(str(Path(config.config_file_path).parent / self.config.model))
        return server


@contextmanager
def _collector_resting() -> Iterator[None]:
    """Keep Python's cyclic garbage collector out of the pages' way: paused while they are made (as in
    refarch.pipeline: millions of objects, no cycles worth a pass), and what exists after that frozen for the
    rest of the build, so that the collections while MkDocs renders 10,000 pages do not walk the model and
    the pages again each time. The next build unfreezes it (under `mkdocs serve`, the last build's objects
    may have become garbage)."""
    gc.unfreeze()
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if paused:
            gc.enable()


def _add_search_worker(files: Files, config) -> str | None:
    """Serve refarch-search.js beside the theme's search worker; the worker's file name, or None when the
    theme has none (not Material)."""
    material = next((m.group(1) for f in files if (m := MATERIAL_WORKER.fullmatch(f.src_uri))), None)
    if material and files.get_file_from_path(SEARCH_WORKER) is None:
        source = (ASSETS / "search-worker.js").read_text(encoding="utf-8")
        files.append(
            File.generated(config, SEARCH_WORKER, content=source.replace('"MATERIAL_WORKER"', f'"{material}"'))
        )
    return material


def with_drawings(html: str, drawings: tuple[tuple[str, str], ...]) -> str:
    """The finished page with each drawing in place of its placeholder, in one pass: a service-path page of
    a large model holds thousands of drawings, and replacing them one by one copied the page each time.

    >>> with_drawings("<p><!-- refarch-diagram a --></p><!-- refarch-diagram b -->", (
    ...     ("<!-- refarch-diagram a -->", "<svg>A</svg>"), ("<!-- refarch-diagram b -->", "<svg>B</svg>")))
    '<p><svg>A</svg></p><svg>B</svg>'
    """
    if not drawings:
        return html
    waiting: dict[str, list[str]] = defaultdict(list)
    for placeholder, svg in reversed(drawings):
        waiting[placeholder].append(svg)

    def drawing(match: re.Match) -> str:
        svgs = waiting.get(match.group(0))
        return svgs.pop() if svgs else match.group(0)

    return PLACEHOLDER.sub(drawing, html)


def _html_of_generated(text: str) -> str:
    """The HTML a generated page's text becomes on its way through MkDocs and this plugin, as the search
    plugin reads it: the front matter off (as MkDocs does), the body whole (on_page_markdown), headings with
    ids (on_page_content)."""
    markdown, _ = get_data(text)
    return headings_toc(markdown.strip())[0]


def headings_toc(html: str) -> tuple[str, list[dict]]:
    """A generated page's h2 and h3 headings as a table of contents, each given an id from its text when
    it has none. Generated pages are HTML blocks, which Markdown's toc extension does not look into.

    >>> html, toc = headings_toc('<h1>P</h1><h2 id="a">A &amp; <a href="x">B</a></h2><h3>Lähde</h3>')
    >>> [(t["name"], [c["id"] for c in t["children"]]) for t in toc], html[-25:]
    ([('A &amp; B', ['lahde'])], '<h3 id="lahde">Lähde</h3>')
    """
    tokens: list[dict] = []
    taken = set(re.findall(r' id="([^"]+)"', html))

    def heading(match: re.Match) -> str:
        level, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
        name = unescape(re.sub(r"<[^>]*>", "", inner)).strip()
        found = re.search(r'\bid="([^"]+)"', attributes)
        ident = found.group(1) if found else unique(slugify(name, "-") or "osio", taken)
        token: dict = {"level": level, "id": ident, "name": escape(name, quote=False), "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        elif level == 2:
            tokens.append(token)
        return match.group(0) if found else f'<h{level} id="{ident}"{attributes}>{inner}</h{level}>'

    return _HEADING.sub(heading, html), tokens


_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
