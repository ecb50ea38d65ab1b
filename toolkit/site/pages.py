"""Site pages from the model: Jinja2 templates (autoescaped), Markdown files with HTML bodies.

Nothing here knows MkDocs: `site_pages` returns paths and texts, which the MkDocs plugin adds in memory
and `refarch site pages -o DIR` writes to a folder for any engine that reads an MkDocs project.
Element pages live at `<prefix>/<kind>/<id>.md`, indexes at `<prefix>/<kind>/index.md`.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup, escape

from refarch.analysis import impact, lineage, propagation_graph, sentence
from refarch.analysis.impact import EFFECTS
from refarch.analysis.lineage import wholes
from refarch.build import is_id
from refarch.cache import cache_dir
from refarch.config import About
from refarch.errors import ConfigError
from refarch.exchange.format import EIF_VIEWS
from refarch.figures import Total, totals
from refarch.forked import Copy
from refarch.graph import to_graph
from refarch.metamodel import Metamodel
from refarch.model import Element, Model, Provenance, Relationship, first_sentence
from refarch.problems import did_you_mean, excerpt
from refarch.render.dot import legend_dot, to_dot
from refarch.render.graphviz import accessible_svg, render, render_many, sanitize_svg
from refarch.result import Result
from refarch.site.values import date as format_date
from refarch.site.values import facts
from refarch.site.values import label as field_label
from refarch.site.values import number as format_number
from refarch.strings import Strings, strings, ui
from refarch.trace import completeness_scores
from refarch.views import View, make_view, narrow, path_phases, service_paths

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = Path(__file__).with_name("assets")
# site path -> file in the toolkit: what every generated site needs besides its pages (the browser
# libraries in vendor/ are fetched from npm by `make install`; `require_assets` stops a build without them)
STYLESHEET, TABLE_SORTER = "stylesheets/refarch.css", "javascripts/tablesort.js"
SHIM = "javascripts/vendor/iframe-worker-shim.js"
PANZOOM, READER = "javascripts/vendor/panzoom.min.js", "javascripts/reader.js"
SCRIPTS = (TABLE_SORTER, PANZOOM, READER)  # extra_javascript, in this order
ASSET_FILES = {
    STYLESHEET: ASSETS / "refarch.css",
    TABLE_SORTER: ASSETS / "tablesort.js",
    SHIM: ASSETS / "vendor" / "iframe-worker-shim.js",
    PANZOOM: ASSETS / "vendor" / "panzoom.min.js",
    READER: ASSETS / "reader.js",
}
LANGUAGE_NAMES = {"fi": "suomi", "sv": "ruotsi", "en": "englanti"}  # in Finnish: the catalogs translate them
SEVERITY_NAMES = {"error": "virhe", "warning": "varoitus", "info": "huomio"}
# The groups of an element page's impact, by how a change reaches each element (refarch.analysis.impact).
EFFECT_TITLES = {"changes": "Muuttuvat samalla", "affects": "Joihin muutos vaikuttaa", "mentions": "Mainitsevat tämän"}
PLACEHOLDER_WORD = "refarch-diagram"  # a drawing's place in a generated page: <!-- refarch-diagram view-id -->
PLACEHOLDER = re.compile(rf"<!-- {PLACEHOLDER_WORD} \S+ -->")
# A drawing wider than this (its labels 10 pt) is under 8 px high in a desktop's content column (Material's
# is 688 px at 1366×900): no desktop shows it legibly as the page opens, so the site draws its narrow form.
WIDEST_LEGIBLE_PX = 688 * (10 * 4 / 3) / 8
# The topic pages: each one's name (its file's name in Finnish; a catalog gives it in its language under
# "@page <name>") and its title
SPECIAL_PAGES = {
    "palvelupolku": "Palvelupolku",
    "tiekartta": "Tiekartta",
    "rahoitus": "Rahoitusmalli",
    "velvoittavat": "Velvoittavat järjestelmät ja tietovarannot",
    "sanasto": "Sanasto",
    "validointi": "Validointiraportti",
    "saannot": "Säännöt",
    "metamalli": "Metamalli",
    "alkupera": "Tietojen alkuperä",
}

# What a topic page needs of the metamodel (a part of refarch.metamodel.ViewParts, or kinds of provenance):
# without it there is no page
TOPIC_NEEDS: dict[str, Callable[[Metamodel], object]] = {
    "palvelupolku": lambda mm: mm.views.service_path,
    "tiekartta": lambda mm: mm.views.timeline,
    "rahoitus": lambda mm: mm.views.figures,
    "velvoittavat": lambda mm: mm.views.mandatory,
    "alkupera": lambda mm: mm.provenance,
}

# Where a table cell or list item ends and the next begins: a line break there keeps their texts apart in
# the search index ("suomi Palkkatuki", not "suomiPalkkatuki"); browsers lay the HTML out the same.
_CELL_END = re.compile(r"(</t[dhr]>|</li>)(?=<)")


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates compiled once per process: each build makes its own Environment (its words and filters
    are the model's), and compiling the templates again was a tenth of a rebuild under `mkdocs serve`."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


@dataclass(frozen=True)
class Page:
    path: str  # relative to the docs folder, POSIX
    content: str
    source: str | None = None  # the YAML file an element page comes from
    # With SiteOptions(inline_diagrams=False): (placeholder, svg) pairs for the finished HTML page
    diagrams: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SiteOptions:
    prefix: str = "arkkitehtuuri"
    edit_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/ ; None: no edit links
    diagrams: bool = True
    directory_urls: bool = True  # MkDocs' use_directory_urls: a/b.md is a/b/ (True) or a/b.html
    cache: Path | None = field(default_factory=lambda: cache_dir("diagrams"))  # None: draw every time
    # how far a page follows a change: the shipped model's reach ends within 4; a model with long chains of wholes (each
    # part-of the one before) would otherwise walk each chain from every element on it
    impact_depth: int | None = 4
    title: str | None = None  # the overview's heading (default: refarch.yaml's about.title, else "Arkkitehtuuri")
    # False: the page holds an HTML comment where each drawing goes and Page.diagrams the drawings, which
    # the MkDocs plugin puts in the finished page. Markdown and the search index then never parse SVG
    # (on a 10,000-element site that was most of their work). `refarch site pages` writes them inline.
    inline_diagrams: bool = True


class _Site:
    """Everything the templates need, computed once per build."""

    SEARCHABLE_ROWS = 500  # a page listing more elements than this in one table is left out of search

    def __init__(self, result: Result, options: SiteOptions) -> None:
        self.result = result
        self.model = result.model
        self.mm = result.model.metamodel
        self.options = options
        self.incoming = self.model.incoming()
        self.position = {element_id: n for n, element_id in enumerate(self.model.elements)}
        self.problems_by_element = defaultdict(list)
        for p in result.problems:
            if p.element:
                self.problems_by_element[p.element].append(p)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=_COMPILED,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.ui = ui(self.model)
        self.env.globals["_"] = self.ui
        self.env.filters["number"] = lambda value, unit=None: number(value, unit, self.ui)
        self.env.filters["text"] = self.ui.text
        self.env.filters["plain"] = self.ui.plain
        self.about = about_line(result.config.about, self.ui)
        self.title = options.title or result.config.about.title or self.ui.say("Arkkitehtuuri")
        self.dots: dict[tuple[str, str], str] = {}  # (view id, page) -> DOT text, of the drawings drawn up front
        self.drawn: dict[str, bytes] = {}  # DOT text -> drawing
        self.held: list[tuple[str, str]] = []  # the drawings of the page being rendered, when not inline
        self.page = ""  # the page being rendered (relative to the prefix)
        self.read = _Read(self.model.elements)  # the elements it looked up

    @functools.cached_property
    def scores(self) -> dict:
        """How complete each layer is (refarch.trace.completeness_scores): made when a page first shows it."""
        return completeness_scores(self.model)

    @functools.cached_property
    def G(self) -> nx.MultiDiGraph:  # noqa: N802  (the analyses' name for the model's graph)
        """The model as a graph (refarch.graph.to_graph); a rebuild takes the last build's when no element
        changed in what the graph holds (`generate`)."""
        return to_graph(self.model)

    @functools.cached_property
    def P(self) -> nx.DiGraph:  # noqa: N802
        """How a change travels (refarch.analysis.propagation_graph), made with `G`."""
        return propagation_graph(self.G)

    def draw_page_diagrams(self, elements: list[Element], paths: bool = True) -> None:
        """Draw the many diagrams up front, in batches: the pages' of `elements` and (with `paths`) the service
        paths' (each wide and narrow; a synthetic model has hundreds). A drawing is the same bytes batched or alone
        (refarch.render.graphviz numbers a batch's ids as a lone run would); the few others are drawn one
        by one when their page is rendered.
        """
        if not self.options.diagrams:
            return
        wanted = [(make_view(self.model, f"element-{e.id}"), self.page_of(e)) for e in elements]
        path_page = self.page_file("palvelupolku")
        for process, _, _ in self.service_paths() if paths else ():
            wide = make_view(self.model, f"service-path-{process.id}")
            wanted += [(view, path_page) for view in (wide, narrow(self.model, wide)) if view is not None]
        self.dots = {(view.id, page): to_dot(self.model, view, self.links_from(page)) for view, page in wanted}
        dots = list(self.dots.values())
        self.drawn = dict(zip(dots, render_many(dots, "svg", self.options.cache), strict=True))

    def step_flows(self, step: Element) -> list[Element]:
        """The flows sent in a step (the metamodel's `views.flows`), in the model's order."""
        flows = self.mm.views.flows
        return self._written_to(step.id, flows.in_step, flows.kind) if flows and flows.in_step else []

    def step_needs(self, step: Element) -> list[Element]:
        """What a step needs to know (`views.service-path.needs`), in the model's order."""
        path = self.mm.views.service_path
        return self._written_to(step.id, path.step_of, path.needs) if path and path.needs else []

    def _written_to(self, target: str, rtype: str, kind: str) -> list[Element]:
        """The elements of a kind that write `rtype` to the target, in the model's order (the incoming index)."""
        return [self.model.elements[i] for i in self.sources(target, rtype) if self.model.elements[i].kind == kind]

    def service_paths(self) -> list[tuple]:
        """Each service path with its steps in their order, and each step's main phase (refarch.views)."""
        return [(p, steps, path_phases(self.model, p.id)) for p, steps in service_paths(self.model)]

    def step_parts(self, step) -> list[str]:
        """What a step has as its parts besides its flows and needs: its sub-stages, in the model's order."""
        path, flows = self.mm.views.service_path, self.mm.views.flows
        if path is None:
            return []
        left_out = {path.step, path.needs, flows.kind if flows else None}
        ids = [r.source for r in self.incoming.get(step.id, []) if r.type == path.step_of]
        return [i for i in ids if i in self.model.elements and self.model.elements[i].kind not in left_out]

    # -- helpers the templates call -------------------------------------------------------------
    def href(self, target: str, page: str) -> str:
        """The relative URL from one generated page to another (paths relative to the prefix)."""
        return relative_url(page, target, self.options.directory_urls)

    def links_from(self, page: str) -> Callable[[Element], str]:
        """The node links of a drawing on `page`."""
        return lambda element: self.url_of(element.id, page)

    def link(self, element_id: str) -> Markup:
        """A link from the page being rendered to an element's page, the element's name its text (the
        templates' `site.link`: a macro cost more than the rest of a large site's element pages)."""
        url, name = escape(self.url_of(element_id, self.page)), escape(self.read[element_id].name)
        return Markup(f'<a href="{url}">{name}</a>')  # markupsafe's format is slow: escaped by hand

    def link_list(self, ids, limit: int = 40) -> Markup:
        """Links to at most `limit` elements, then how many more: a long part-of chain must not make a page
        of thousands; a dash for none."""
        shown = Markup(", ").join(self.link(i) for i in ids[:limit]) or Markup("—")
        return shown + " " + self.ui("… ja {n} muuta", n=len(ids) - limit) if len(ids) > limit else shown

    def url_of(self, element_id: str, page: str) -> str:
        return self.href(self.page_of(self.model.elements[element_id]), page)

    @staticmethod
    def page_of(element: Element) -> str:
        """An element's page, relative to the prefix: `<kind>/<id>.md`."""
        return f"{element.kind}/{element.id}.md"

    def figures(self, view_id: str, page: str) -> list[dict]:
        """A view's drawings for `page`, each with its key (Selite) and the screens it is for: `wide` and
        `narrow` when the view has a narrow form for phones (refarch.views.narrow) and the site's stylesheet
        shows one by the screen's width, or the narrow form alone when the wide drawing is wider than a
        desktop's column shows legibly (WIDEST_LEGIBLE_PX); else the one drawing, for every screen."""
        view = make_view(self.model, view_id)
        phone = narrow(self.model, view)
        if not self.options.diagrams or phone is None:
            return [self._figure(view, page, "")]
        wide = self._drawing(view, page)
        if _width_px(wide) > WIDEST_LEGIBLE_PX:
            return [self._figure(phone, page, "")]
        return [self._figure(view, page, "wide", wide), self._figure(phone, page, "narrow")]

    def _figure(self, view: View, page: str, screens: str, drawing: str | None = None) -> dict:
        if drawing is None and self.options.diagrams:
            drawing = self._drawing(view, page)
        return {
            "drawing": self._placed(drawing, view.id) if drawing else "",
            "key": self.legend(view),
            "screens": screens,
        }

    def _drawing(self, view: View, page: str) -> str:
        """The drawing of a view for `page`, sanitised and accessible (its node links reachable)."""
        dot = self.dots.get((view.id, page)) or to_dot(self.model, view, self.links_from(page))
        drawn = self.drawn.get(dot)
        svg = (drawn if drawn is not None else render(dot, "svg", self.options.cache)).decode("utf-8")
        return accessible_svg(sanitize_svg(svg), view.title, view.description, view.id, role="group")

    def legend(self, view: View) -> dict:
        """The key beside a drawing (Selite): each kind in it drawn as the drawing draws it, and the
        relationships by their labels in the site's language, from the metamodel."""
        kinds = sorted({self.model.elements[i].kind for i in view.elements})
        labels = [self.kind_label(k) for k in self.mm.kinds if k in kinds]
        relationships = sorted({self.ui.plain(self.mm.relationships[r.type].label, r.type) for r in view.relationships})
        drawing = ""
        if self.options.diagrams and kinds and view.layout != "overview":
            text = self.ui.say("Selite") + ": " + ", ".join(labels)
            svg = accessible_svg(self._legend_drawing(tuple(kinds)), text, text, f"{view.id}-legend")
            drawing = self._placed(svg, f"{view.id}-legend")
        return {
            "drawing": drawing,
            "kinds": labels,
            "relationships": relationships,
            "layout": view.layout,
            "title": view.title,
        }

    @functools.cache  # noqa: B019  (one _Site per build: a few kind sets, drawn and sanitised once each)
    def _legend_drawing(self, kinds: tuple[str, ...]) -> str:
        return sanitize_svg(render(legend_dot(self.model, list(kinds)), "svg", self.options.cache).decode("utf-8"))

    def _placed(self, svg: str, ident: str) -> str:
        """A drawing inline, or a placeholder the MkDocs plugin fills in the finished page."""
        if self.options.inline_diagrams:
            return svg
        placeholder = f"<!-- {PLACEHOLDER_WORD} {ident} -->"
        self.held.append((placeholder, svg))
        return placeholder

    def eif_label(self, layer) -> str:
        """The EIF view of a layer in Finnish (`eif` in the metamodel), or a dash."""
        return self.ui.say(EIF_VIEWS[layer.eif][0]) if layer.eif in EIF_VIEWS else "—"

    def funding_tables(self) -> list[Total]:
        """Each figure with parts: its columns, the parts' numbers, their sums and the published totals."""
        kind = self.mm.views.figures.kind if self.mm.views.figures else None
        return [t for t in totals(self.model) if t.figure.kind == kind]

    def relationship_matrix(self) -> list[tuple[str, list[list[str]]]]:
        """For each source kind, the relationship names it may use towards each target kind."""
        kinds = list(self.mm.kinds)
        rows = []
        for source in kinds:
            cells = []
            for target in kinds:
                cells.append(
                    [
                        name
                        for name, rt in self.mm.relationships.items()
                        if rt.allows(source, target) and name != "associated-with"
                    ]
                )
            rows.append((source, cells))
        return rows

    def origin(self, element) -> Markup:
        """For an area model: where an element comes from, as the pages say it."""
        return self.ui("Viitearkkitehtuuri") if self.model.is_reference(element) else self.ui("Alueen oma")

    def longest_table(self, kinds, by_kind) -> int:
        """How many rows the longest of a layer page's tables has (one table per kind)."""
        return max((len(by_kind[k.id]) for k in kinds), default=0)

    def language_name(self, lang: str) -> str:
        """A language's name in the site's language (suomi, ruotsi, englanti on a Finnish site)."""
        return self.ui.say(LANGUAGE_NAMES[lang]) if lang in LANGUAGE_NAMES else lang

    def severity_name(self, severity: str) -> str:
        return self.ui.say(SEVERITY_NAMES[severity])

    def page_file(self, name: str) -> str:
        """A topic page's file (`palvelupolku.md` on a Finnish site, the catalog's name on another)."""
        return self.ui.table.get(f"@page {name}", name) + ".md"

    def topic_title(self, name: str) -> str:
        return self.ui.say(SPECIAL_PAGES.get(name) or "Vaatimustenmukaisuus")

    def page_link(self, name: str, page: str, text: str | None = None) -> Markup:
        """A link from `page` to a topic page, named by its title unless `text` is given."""
        url = self.href(self.page_file(name), page)
        return Markup('<a href="{}">{}</a>').format(url, text or self.topic_title(name))

    def breakable_path(self, path: str) -> Markup:
        """A file path that may break after each slash in a narrow column."""
        return Markup("/<wbr>").join(path.split("/"))

    def code(self, text: str) -> Markup:
        return Markup("<code>{}</code>").format(text)

    def now_badge(self) -> Markup:
        return Markup('<span class="refarch-now-badge">{}</span>').format(self.ui("Nyt"))

    def realising_relationships(self) -> Markup:
        """The relationships by which an area element realises a reference element, each as code."""
        names = self.mm.conformance.realised_by if self.mm.conformance else ()
        return Markup(", ").join(self.code(n) for n in names)

    def name_languages(self) -> list[str]:
        """The languages other than the site's in which the model names some of its elements."""
        used = {lang for e in self.model.elements.values() for lang in e.names}
        return [lang for lang in self.mm.languages if lang != self.ui.lang and lang in used]

    @functools.cached_property
    def conformance(self):
        """The area's conformance report, for the home page and the conformance page."""
        from refarch.conformance import conformance

        return conformance(self.model)

    @functools.cached_property
    def realised_here(self) -> dict[str, tuple[str, ...]]:
        """A reference element's realisations in the area (its own steps beside the national one)."""
        return {item.reference: item.realised_by for item in self.conformance.realised}

    @property
    def special_titles(self) -> set[str]:
        """The titles of the topic pages: a layer page with the same name is told apart from them."""
        return {self.topic_title(name) for name in SPECIAL_PAGES}

    def summary(self, element, limit: int = 160) -> str:
        """The first sentence of the description, cut at `limit` characters: for tables."""
        return first_sentence(self.ui.plain(element.description), limit)

    def sources(self, element_id: str, rtype: str | None) -> list[str]:
        """The ids of elements that point at this one over `rtype`, in the model's order."""
        ids = [r.source for r in self.incoming.get(element_id, []) if r.type == rtype]
        return sorted(dict.fromkeys(ids), key=self.position.__getitem__)

    def targets(self, element, rtype: str | None) -> list[str]:
        """The ids this element points at over `rtype` (existing ones), in the order written."""
        return list(dict.fromkeys(r.target for r in element.relationships if r.type == rtype
                                  and r.target in self.model.elements))  # fmt: skip

    def roadmap_grid(self) -> dict:
        """The roadmap as a timeline (the metamodel's `views.timeline`): the periods (those directly under a
        top period, by start), the tracks (in the order the model first names them) and per (period, track)
        the items as published — in the model's order, a group item followed by its own items (level 1)."""
        timeline = self.mm.views.timeline
        if timeline is None:
            return {"periods": [], "tracks": [], "cells": {}}
        part_of, track = timeline.part_of, timeline.track
        phases = [e for e in self.model.elements.values() if e.kind == timeline.period]
        top = {p.id for p in phases if not self.targets(p, part_of)}
        periods = sorted((p for p in phases if set(self.targets(p, part_of)) & top),
                         key=lambda p: (str(p.fields.get(timeline.start, "")), self.position[p.id]))  # fmt: skip
        period_ids = {p.id for p in periods}
        tasks = [e for e in self.model.elements.values() if e.kind == timeline.item]
        tracks = list(dict.fromkeys(str(t.fields.get(track, "")) for t in tasks if t.fields.get(track)))
        own: dict[str, list[Element]] = {}  # group item -> its own items, in the model's order
        for task in tasks:
            up = self.targets(task, part_of)
            if up and up[0] not in period_ids:
                own.setdefault(up[0], []).append(task)
        cells: dict[tuple[str, str], list[tuple[Element, int, bool]]] = {}  # (item, level, a group?)
        for task in tasks:
            up = self.targets(task, part_of)
            if up and up[0] in period_ids and track in task.fields:
                cells.setdefault((up[0], task.fields[track]), []).extend(
                    [(task, 0, task.id in own), *((t, 1, False) for t in own.get(task.id, []))]
                )
        return {"periods": periods, "tracks": tracks, "cells": cells}

    def step_data(self, flows) -> list[str]:
        """The data a step's flows carry: what the step needs to know or tells."""
        carries = self.mm.views.flows.carries if self.mm.views.flows else None
        return list(dict.fromkeys(i for f in flows for i in self.targets(f, carries)))

    def mandatory(self) -> list:
        """Every element the model marks mandatory (the field of `views.mandatory` true), by kind (metamodel
        order), then name."""
        part = self.mm.views.mandatory
        if part is None:
            return []
        order = {kind: n for n, kind in enumerate(self.mm.kinds)}
        marked = [e for e in self.model.elements.values() if e.fields.get(part.field) is True]
        return sorted(marked, key=lambda e: (order[e.kind], e.name.lower(), e.id))

    def has_field(self, elements, name: str) -> bool:
        """Whether any of these elements' kinds has the field: a table shows the column only then."""
        return any(name in self.mm.kinds[e.kind].fields for e in elements)

    def impact_groups(self, element_id: str, reached: list, limit: int = 40) -> list[tuple[str, list, int]]:
        """What a change reaches, grouped by how (what changes with it, what it affects, what mentions it:
        the metamodel's impact semantics), each reached element with its reason as a sentence; at most
        `limit` in all, and per group how many more there are.
        """
        groups: dict[str, list] = {effect: [] for effect in EFFECTS}
        for reach in reached:
            groups[reach.effect].append(reach)
        shown, result = 0, []
        for effect, items in groups.items():
            room = max(limit - shown, 0)
            rows = [(r.element, sentence(self.G, element_id, r.path, self.ui.lang)) for r in items[:room]]
            shown += len(rows)
            result.append((self.ui.say(EFFECT_TITLES[effect]), rows, len(items) - len(rows)))
        return [g for g in result if g[1] or g[2]]

    def lineage_rows(self, found) -> list[tuple[str, tuple, tuple, tuple, list[str]]]:
        """The lineage's flows, one row each (a flow carrying several parts of the group is one row, with
        the parts it carries), in the lineage's order."""
        rows: dict[str, list] = {}
        for flow in found.flows:
            row = rows.setdefault(flow.flow, [flow.flow, flow.senders, flow.receivers, flow.interfaces, []])
            if flow.data not in row[4]:
                row[4].append(flow.data)
        return [tuple(row) for row in rows.values()]

    def provenance_label(self, provenance) -> str:
        """A provenance's badge text: its kind's label in the site's language (Lähteestä, Päätelty...)."""
        kind = self.mm.provenance.get(provenance.kind)
        return self.ui.plain(kind.label, provenance.kind) if kind else provenance.kind

    def provenance_meaning(self, kind: str) -> str:
        entry = self.mm.provenance.get(kind)
        return self.ui.plain(entry.meaning, "") if entry and entry.meaning else ""

    def provenance_date(self, provenance) -> str:
        return format_date(provenance.date, self.ui) if provenance.date else ""

    @functools.cached_property
    def provenances(self) -> list[tuple[str, Element | Relationship, Provenance | None]]:
        """Every fact with its provenance, in the model's order: ("element", element, provenance) and
        ("relationship", relationship, provenance) rows; the provenance page counts and lists them."""
        rows: list[tuple[str, Element | Relationship, Provenance | None]] = []
        for element in self.model.elements.values():
            rows.append(("element", element, element.provenance))
            rows.extend(("relationship", rel, rel.provenance) for rel in element.relationships)
        return rows

    def provenance_counts(self) -> list[tuple[str | None, int, int]]:
        """Per kind of provenance (metamodel order, then any unknown): how many elements and relationships."""
        counts: dict[str | None, list[int]] = {kind: [0, 0] for kind in self.mm.provenance}
        for what, _, provenance in self.provenances:
            key = provenance.kind if provenance is not None else None
            counts.setdefault(key, [0, 0])[what == "relationship"] += 1
        return [(kind, n[0], n[1]) for kind, n in counts.items() if kind is not None or any(n)]

    def provenance_list(self, kind: str) -> list[tuple[str, Element | Relationship, Provenance | None]]:
        """The facts of one kind of provenance (a shared provenance is listed with each fact that has it)."""
        return [row for row in self.provenances if row[2] is not None and row[2].kind == kind]

    def facts(self, element) -> list:
        """The element's fields and properties by their Finnish labels, formatted (refarch.site.values)."""
        return facts(element, self.mm, self.ui)

    @functools.cached_property
    def page_titles(self) -> dict[str, str]:
        """Every element page's title (browser tab, history), so that no two pages share one: the name; with
        the kind when another element has the same name ("Starttiraha (palvelu)", "Starttiraha
        (tunnusluku)"); and when one of the same kind has it too (a roadmap repeats a task in two tracks,
        as published), with the first field whose value tells them apart ("…, raide: Valtion tehtävät"),
        or else the id."""
        by_name: dict[str, list[Element]] = defaultdict(list)
        for element in self.model.elements.values():
            by_name[element.name].append(element)
        titles = {}
        for name, elements in by_name.items():
            for element in elements:
                if len(elements) == 1:
                    titles[element.id] = name
                    continue
                kind = self.kind_label(element.kind).lower()
                twins = [e for e in elements if e.kind == element.kind]
                titles[element.id] = f"{name} ({kind}{self._told_apart(element, twins)})"
        return titles

    def _told_apart(self, element: Element, twins: list[Element]) -> str:
        if len(twins) == 1:
            return ""
        for field_name in self.mm.kinds[element.kind].fields:
            values = [str(e.fields.get(field_name, "")) for e in twins]
            if len(set(values)) == len(values) and element.fields.get(field_name) is not None:
                return f", {self.field_label(field_name).lower()}: {element.fields[field_name]}"
        return f", {element.id}"

    def page_title(self, element: Element) -> str:
        return self.page_titles[element.id]

    def field_label(self, name: str) -> str:
        return field_label(self.mm, name, self.ui.lang)

    def kind_label(self, kind: str) -> str:
        return self.ui.plain(self.mm.kinds[kind].label, kind)

    def render(self, template: str, page: str, **context) -> Page:
        """Render a template as the page at `page` (a path relative to the prefix); `self.read` then holds
        the elements the template looked up."""
        self.held = []
        self.page = page
        self.read = _Read(self.model.elements)
        model = _TemplateModel(self.model, self.read)
        text = self.env.get_template(template).render(site=self, model=model, mm=self.mm, page=page, **context)
        text = _CELL_END.sub(r"\1\n", text)
        return Page(f"{self.options.prefix}/{page}", text, diagrams=tuple(self.held))


def site_pages(result: Result, options: SiteOptions = SiteOptions()) -> list[Page]:
    """Every generated page, sorted by path; the same model gives the same pages.

    An element page's path is made of its kind and id, so an id that is not a slug (`../../x`) stops the
    build with a ConfigError, whatever the rules' configuration says of `invalid-id`: no model text ever
    chooses where a file goes.
    """
    return list(generate(result, options).pages)


@dataclass(frozen=True)
class Generated:
    """One build's pages and what each element page was made from, so that the next build (`generate(...,
    before=this)`, as `mkdocs serve` rebuilds after an edit) makes again only the pages whose inputs changed.

    `reads` maps an element page's path to what it was made from (`Inputs`); the other pages (indexes, topic
    pages) list the whole model and are made again when anything they list changed (`Changes.listed`), some
    of them every time (ALWAYS_MADE). `elements`, `findings` and `titles` are what the next build compares its
    own with.
    """

    pages: tuple[Page, ...]
    reads: Mapping[str, Inputs]
    elements: Mapping[str, Element]
    findings: Mapping[str, tuple]
    titles: Mapping[str, str]
    settings: tuple
    remade: int = 0  # how many element pages this build made (all of them without `before`)
    graphs: tuple = ()  # the model's graph and its propagation graph, for the next build to take when it may


def generate(result: Result, options: SiteOptions = SiteOptions(), before: Generated | None = None) -> Generated:
    """The pages of `site_pages`, made again only where the model changed since `before` (a build of the same
    site, or None). The pages are the same bytes either way: tests/site/test_incremental.py compares them."""
    unsafe = sorted(e.id for e in result.model.elements.values() if not is_id(e.id))
    if unsafe:
        raise ConfigError(
            f"element id {excerpt(unsafe[0])} is not a slug and cannot name a page"
            + (f" (and {len(unsafe) - 1} more)" if len(unsafe) > 1 else "")
            + "; fix the invalid-id findings",
            result.model.elements[unsafe[0]].location.file,
        )
    subject = result.config.about.subject
    if subject and subject not in result.model.elements:
        hint = did_you_mean(subject, list(result.model.elements))
        raise ConfigError(f"about.subject names no element {subject!r}" + (f"; {hint}" if hint else ""),
                          result.config.path)  # fmt: skip
    site = _Site(result, options)
    findings = {element_id: tuple(found) for element_id, found in site.problems_by_element.items()}
    config, model = result.config, result.model
    # what an element page shows besides elements (the rules count through the findings compared per element)
    settings = (options, config.metamodel, config.about, config.extends, model.files, model.reference_files)
    changes = _changed(before, site, findings, settings) if before is not None else None
    kept = {page.path: page for page in before.pages} if before is not None and changes is not None else {}
    reads_before = before.reads if before is not None else {}
    if changes is not None and changes.named == {ANY} and before is not None:
        # no element added, removed, renamed or linked otherwise: the graphs hold what they held (names, kinds,
        # layers, relationships; the pages read nothing else of them)
        site.__dict__.update(G=before.graphs[0], P=before.graphs[1])

    def remake(element: Element) -> bool:
        path = _element_path(site, element)
        if changes is None or path not in kept:
            return True
        inputs = reads_before[path]
        return not (inputs.whole.isdisjoint(changes.whole) and inputs.named.isdisjoint(changes.named))

    def still(path: str, always: bool = False) -> Page | None:
        """A page that lists elements (an index, a topic page) as the build before made it, if it holds: while
        no element changed in what such pages show, and it is not made `always`."""
        if changes is None or changes.listed or always:
            return None
        return kept.get(f"{options.prefix}/{path}")

    def listing(template: str, path: str, always: bool = False, **context) -> Page:
        return still(path, always) or site.render(template, path, **context)

    to_make = {e.id for e in site.model.elements.values() if remake(e)}
    paths_made = still(site.page_file("palvelupolku")) is None
    site.draw_page_diagrams([site.model.elements[i] for i in to_make], paths_made)
    pages = [listing("home.md.j2", "index.md")]
    by_kind: dict[str, list] = defaultdict(list)
    for element in site.model.elements.values():
        by_kind[element.kind].append(element)
    for layer in site.mm.layers:
        kinds = [k for k in site.mm.kinds.values() if k.layer == layer and by_kind.get(k.id)]
        if kinds:
            pages.append(listing("layer.md.j2", f"{layer}.md", layer=layer, kinds=kinds, by_kind=by_kind))
    reads: dict[str, Inputs] = {}
    made = _element_pages(site, [e for e in site.model.elements.values() if e.id in to_make])
    for kind, elements in by_kind.items():
        elements.sort(key=lambda e: (e.name.lower(), e.id))
        pages.append(listing("kind.md.j2", f"{kind}/index.md", kind=site.mm.kinds[kind], elements=elements))
        for element in elements:
            path = _element_path(site, element)
            if element.id in made:
                page, reads[path] = made[element.id]
                pages.append(page)
            else:
                pages.append(kept[path])
                reads[path] = reads_before[path]
    topics = [name for name in SPECIAL_PAGES if name not in TOPIC_NEEDS or TOPIC_NEEDS[name](site.mm)]
    topics += ["vaatimustenmukaisuus"] if site.model.extends else []
    for name in topics:
        title = site.topic_title(name)
        pages.append(listing(f"{name}.md.j2", site.page_file(name), name in ALWAYS_MADE, title=title))
    pages.sort(key=lambda p: p.path)
    everything, titles, made_again = site.model.elements, site.page_titles, len(to_make)
    return Generated(tuple(pages), reads, everything, findings, titles, settings, made_again, (site.G, site.P))


ANY = "*"  # in Generated.reads: the page went through the whole model (never an element id: ids are slugs)


def _element_path(site: _Site, element: Element) -> str:
    return f"{site.options.prefix}/{site.page_of(element)}"


@dataclass(frozen=True)
class Inputs:
    """What an element page was made from, at two depths: `whole`, the elements any detail of which it may
    show (its own element; those that point at it, whose relationship's description and citation it shows);
    `named`, every element it names, links, draws or reaches (through their names, kinds and relationships).
    """

    whole: frozenset[str]
    named: frozenset[str]


@dataclass(frozen=True)
class Changes:
    """The elements that changed since the build before, by what changed: anything (`whole`: a citation, a
    position, a finding, the page title); what the index and topic pages show (`listed`: names, texts,
    fields, relationships, waivers; or added, removed); what other elements' pages show (`named`: names,
    kind, relationships, with the ends of the relationships before and after)."""

    whole: set[str]
    listed: set[str]
    named: set[str]


# Topic pages (by their names in SPECIAL_PAGES, whatever the file is called in the site's language) made at every
# build: the validation report and the provenance page show findings, citations and lines; the mandatory page
# cites each element's source; the rules page follows refarch.yaml; the roadmap marks today; an area's
# conformance follows its findings.
ALWAYS_MADE = frozenset({"validointi", "alkupera", "velvoittavat", "saannot", "tiekartta", "vaatimustenmukaisuus"})


def _changed(before: Generated, site: _Site, findings: Mapping[str, tuple], settings: tuple) -> Changes | None:
    """What changed since `before` (`Changes`). None when something besides the elements changed (the
    options, the metamodel, the files): then every page is made again."""
    if before.settings != settings:
        return None
    old, new = before.elements, site.model.elements
    if [i for i in old if i in new] != [i for i in new if i in old]:
        return None  # elements moved: lists, twins and the paths impact chooses follow the model's order
    titles = site.page_titles
    changes = Changes(set(), set(), {ANY})
    for element_id in old.keys() | new.keys():
        was, now = old.get(element_id), new.get(element_id)
        if (
            was == now
            and before.findings.get(element_id) == findings.get(element_id)
            and before.titles.get(element_id) == titles.get(element_id)
            and _in_order(was) == _in_order(now)
        ):
            continue
        changes.whole.add(element_id)
        if was is None or now is None or _listed_as(was) != _listed_as(now):
            changes.listed.add(element_id)
        if was is None or now is None or _named_as(was) != _named_as(now):
            changes.named.add(element_id)
            for element in (was, now):
                if element is not None:
                    changes.named.update(r.target for r in element.relationships)
    return changes


def _in_order(element: Element | None) -> tuple:
    """The order of an element's mappings (names, texts, fields, properties, to any depth), which element
    equality leaves out and pages show."""
    if element is None:
        return ()
    return tuple(_keys(value) for value in (element.names, element.description, element.fields, element.properties))


def _keys(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple((key, _keys(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_keys(item) for item in value)
    return None


def _named_as(element: Element) -> tuple:
    """What the pages of other elements show of an element: its names and kind, and its relationships (their
    links, drawings, lineage and impact follow them)."""
    relationships = tuple((r.type, r.target) for r in element.relationships)
    return element.kind, element.layer, tuple(element.names.items()), relationships


def _listed_as(element: Element) -> tuple:
    """What the index and topic pages show of an element: all but its citations and lines (the pages that show
    those are made every time: ALWAYS_MADE). Its file counts: an area's pages tell its own elements from the
    reference's by it."""
    relationships = tuple((r.type, r.target, r.description, r.properties) for r in element.relationships)
    return (*_named_as(element), element.description, element.fields, element.properties, element.links,
            element.waivers, relationships, element.location.file)  # fmt: skip


PARALLEL_FROM = 500  # element pages to make before a second core helps more than the fork costs


def _element_pages(site: _Site, elements: list[Element]) -> dict[str, tuple[Page, Inputs]]:
    """The pages of `elements` by id; many of them on two cores (they are most of a large site's build): a
    forked copy of the process makes every other page (refarch.forked) while this one makes the rest. A page
    is the same bytes whichever process makes it; if the copy fails, its pages are made here."""
    theirs, mine = elements[1::2], elements[0::2]
    copy = None
    if len(elements) >= PARALLEL_FROM:
        copy = Copy.start(lambda: {e.id: _element_page(site, e) for e in theirs})
    if copy is None:
        return {e.id: _element_page(site, e) for e in elements}
    try:
        made = {e.id: _element_page(site, e) for e in mine}
    except BaseException:
        copy.stop()  # this process failed: the copy's pages are not wanted
        raise
    sent = copy.result()
    made.update(sent if sent is not None else {e.id: _element_page(site, e) for e in theirs})
    return made


def _element_page(site: _Site, element: Element) -> tuple[Page, Inputs]:
    """An element's page, and what it was made from (`Generated.reads`)."""
    outgoing = defaultdict(list)
    for rel in element.relationships:
        if rel.target in site.model.elements:
            outgoing[rel.type].append(rel)
    incoming = defaultdict(list)
    for rel in site.incoming.get(element.id, []):
        incoming[rel.type].append(rel)
    reached = impact(site.G, element.id, depth=site.options.impact_depth, P=site.P)
    data = site.mm.views.data
    found = lineage(site.G, element.id) if data and element.kind == data.kind else None
    page = site.render(
        "element.md.j2",
        site.page_of(element),
        element=element,
        outgoing=dict(sorted(outgoing.items())),
        incoming=dict(sorted(incoming.items())),
        reached=reached,
        lineage=found,
        problems=site.problems_by_element.get(element.id, []),
    )
    pointing = {r.source for r in site.incoming.get(element.id, [])}
    named = {element.id, *pointing, *site.read.ids, *(r.target for r in element.relationships)}
    if site.read.whole:
        named.add(ANY)  # it went through every element: any change makes it again
    named.update(r.element for r in reached)
    if found is not None:
        named.update(_lineage_ids(found), wholes(site.G, element.id))  # owners come from the wholes too
    inputs = Inputs(frozenset({element.id, *pointing}), frozenset(named))
    return Page(page.path, page.content, element.location.file, page.diagrams), inputs


def _lineage_ids(found) -> set[str]:
    ids = {found.data_group, *found.parts, *found.stores, *found.owners, *found.accessed_by, *found.information_needs}
    for flow in found.flows:
        ids.update((flow.flow, *flow.senders, *flow.receivers, *flow.interfaces, *flow.steps))
    return ids


class _Read(Mapping[str, Element]):
    """The model's elements as a template sees them, noting the ids it looks up (what an element page shows:
    `Generated.reads`). Going through them all is noted too (`whole`)."""

    def __init__(self, elements: Mapping[str, Element]) -> None:
        self._elements = elements
        self.ids: set[str] = set()
        self.whole = False

    def __getitem__(self, element_id: str) -> Element:
        self.ids.add(element_id)
        return self._elements[element_id]

    def __contains__(self, element_id: object) -> bool:
        if isinstance(element_id, str):
            self.ids.add(element_id)
        return element_id in self._elements

    def __iter__(self):
        self.whole = True
        return iter(self._elements)

    def __len__(self) -> int:
        self.whole = True
        return len(self._elements)


class _TemplateModel:
    """The model as the templates get it: the same, but its elements looked up through a `_Read`."""

    def __init__(self, model: Model, read: _Read) -> None:
        self._model = model
        self.elements = read

    def __getattr__(self, name: str):
        return getattr(self._model, name)


def about_line(about: About, ui: Strings) -> str:
    """The model's version and date as the footer and the overview say them; empty when it gives neither.

    >>> from datetime import date
    >>> about_line(About("1.0", date(2022, 12, 31)), strings("fi"))
    'Mallin versio 1.0, 31.12.2022'
    >>> about_line(About(date=date(2022, 1, 5)), strings("en"))
    'Model of 2022-01-05'
    """
    day = format_date(about.date.isoformat(), ui) if about.date else ""
    if about.version and day:  # plain text: the footer and the page escape it where it goes
        return ui.say("Mallin versio {version}, {date}", version=about.version, date=day)
    if about.version:
        return ui.say("Mallin versio {version}", version=about.version)
    return ui.say("Malli {date}", date=day) if day else ""


def reference_line(identity: Mapping[str, Any], ui: Strings) -> str:
    """An area model's reference as the footer says it on every page (the home page included): the
    repository and the version pinned, with its commit; empty for a model that extends nothing.

    >>> reference_line({"git": "https://example.org/org/national.git", "rev": "v1.0", "commit": "0123456789abcdef"},
    ...                strings("en"))
    'Reference architecture https://example.org/org/national.git, version v1.0 (commit 0123456789ab)'
    """
    if identity.get("git"):
        commit = (identity.get("commit") or "—")[:12]
        return ui.say("Viitearkkitehtuuri {where}, versio {rev} (commit {commit})", where=identity["git"],
                      rev=identity.get("rev") or "—", commit=commit)  # fmt: skip
    if identity.get("path"):
        return ui.say("Viitearkkitehtuuri kansiosta {where}", where=identity["path"])
    return ""


def _width_px(svg: str) -> float:
    """A Graphviz drawing's width in CSS pixels (Graphviz writes points).

    >>> _width_px('<svg width="246pt" height="778pt"')
    328.0
    """
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)
    return float(found.group(1)) * 4 / 3 if found else 0.0


def relative_url(page: str, target: str, directory_urls: bool = True) -> str:
    """The link from one Markdown page to another, as MkDocs will serve them.

    >>> relative_url("actor/reader.md", "system/catalogue.md")
    '../../system/catalogue/'
    >>> relative_url("actor/reader.md", "system/catalogue.md", directory_urls=False)
    '../system/catalogue.html'
    >>> relative_url("index.md", "actor/index.md"), relative_url("actor/reader.md", "index.md")
    ('actor/', '../../')
    """

    def url(path: str) -> str:
        stem = path[: -len(".md")]
        if not directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else stem + "/"

    # Up to the root, then down: as good as the shortest path for a browser, and a large site makes
    # millions of these links (posixpath.relpath was a sixth of a 10,000-element build).
    here, there = url(page), url(target)
    return "../" * here.count("/") + there or "./"


def number(value, unit: str | None = None, ui: Strings | None = None) -> str:
    """A number as the pages write it (refarch.site.values.number); a dash for none.

    >>> number(1234567), number(None)
    ('1\xa0234\xa0567', '—')
    """
    return "—" if value is None else format_number(value, unit, ui or strings("fi"))


def require_assets() -> None:
    """A ConfigError naming the files a site needs that the toolkit lacks, and how to get them: a site
    without the offline search shim would load it from unpkg.com, one without the zoom script has diagrams
    nobody can zoom; neither is built quietly."""
    missing = [source for source in ASSET_FILES.values() if not source.is_file()]
    if missing:
        raise ConfigError(
            f"the site's browser files are missing ({', '.join(p.name for p in missing)}, in {missing[0].parent}): "
            "run `make install` in a clone of refarch (scripts/fetch-vendor fetches them from npm), or install "
            "a refarch package built with them; a site without them would load search from unpkg.com"
        )


def write_pages(pages: list[Page], out: Path) -> None:
    """The pages, and the stylesheet and scripts they use (`extra_css`, `extra_javascript` of the engine)."""
    require_assets()
    root = out.resolve()
    outside = [p.path for p in pages if not (out / p.path).resolve().is_relative_to(root)]
    if outside:  # checked for every page before any is written
        raise ConfigError(f"{outside[0]} would be written outside {out}; no page was written")
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for path, source in ASSET_FILES.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(source.read_bytes())
