"""The `refarch` command: thin click commands that wire the pipeline to printers and files.

Exit codes: 0 nothing failing; 1 errors (and warnings with --strict); 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from refarch import __version__
from refarch.errors import ConfigError
from refarch.problems import Problem, plural

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_PATH = Path("architecture")


model_path = click.option(
    "--path",
    "model_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_PATH,
    show_default=True,
    help="The model folder.",
)


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [DEFAULT_PATH]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _colour_wanted() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="refarch")
@click.option(
    "--allow-custom-rules",
    is_flag=True,
    help="Run the Python custom rules refarch.yaml names (code from the repository: only where you trust it).",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=None,
    help="Raise the cap on a model file's bytes (refarch.yaml can only lower it).",
)
def cli(allow_custom_rules: bool, max_file_size: int | None) -> None:
    """refarch: reference architectures kept as code.

    Validate the YAML model in architecture/, export it, and generate the JSON Schema that editors use.

    \b
    Exit codes: 0 nothing failing, 1 errors found (warnings too with --strict),
    2 usage or configuration error.
    """
    from refarch.config import ALLOW_CODE, MAX_FILE_CAP

    if allow_custom_rules:
        ALLOW_CODE.set(True)
    if max_file_size is not None:
        MAX_FILE_CAP.set(max_file_size)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json", "sarif"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Configuration file (default: refarch.yaml in the model folder).",
)
@click.option("-q", "--quiet", is_flag=True, help="Text format: no model summary, findings only.")
@click.option(
    "--min-severity",
    type=click.Choice(["info", "warning", "error"]),
    default="info",
    show_default=True,
    help="Report only findings of this severity or worse; the exit status still weighs every finding.",
)
@click.option(
    "--min-completeness",
    type=click.FloatRange(0, 1),
    metavar="SHARE",
    help="Fail (exit 1) when a layer's completeness score is below SHARE, e.g. 0.9.",
)
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    output: Path | None,
    config_path: Path | None,
    quiet: bool,
    min_severity: str,
    min_completeness: float | None,
) -> int:
    """Validate the model in PATHS (default: architecture).

    \b
    Examples:
      refarch validate
      refarch validate architecture --strict
      refarch validate --format github            # annotations in GitHub Actions
      refarch validate --format sarif -o refarch.sarif
      refarch validate --format json | jq '.problems[] | .code'
      refarch validate --min-completeness 0.9     # traceability rules met by 90 % per layer
      refarch validate --min-severity warning     # no information findings
    """
    from refarch import pipeline
    from refarch.printers import FORMATS, text

    result = pipeline.check(_paths(paths), config_path)
    shown = result.at_least(min_severity)
    if fmt == "text":
        report = text.render(shown, colour=output is None and _colour_wanted(), summary=not quiet)
    else:
        report = FORMATS[fmt](shown)
    _write(report, output)
    if hidden := len(result.problems) - len(shown.problems):
        click.echo(f"refarch: {hidden} finding(s) below {min_severity} not shown (--min-severity)", err=True)
    failing = ("error", "warning") if strict else ("error",)
    below = _below_completeness(result, min_completeness)
    return EXIT_FINDINGS if below or any(p.severity in failing for p in result.problems) else EXIT_OK


def _below_completeness(result, threshold: float | None) -> bool:
    """Say on stderr which layers fall short of the threshold; True if any does."""
    if threshold is None:
        return False
    from refarch.trace import completeness_scores

    short = [
        (layer, met / total)
        for layer, (met, total) in completeness_scores(result.model).items()
        if met / total < threshold
    ]
    for layer, score in short:
        click.echo(f"refarch: completeness of the {layer} layer is {score:.0%}, below {threshold:.0%}", err=True)
    return bool(short)


def _graph_context(model_dir: Path):
    """The validated model, its graph, and a warning on stderr when the model has errors."""
    import gc

    from refarch import pipeline
    from refarch.graph import to_graph

    result = pipeline.check([model_dir])
    errors = sum(p.severity == "error" for p in result.problems)
    if errors:
        click.echo(
            f"refarch: warning: the model has {errors} error(s); results may be incomplete (run `refarch validate`)",
            err=True,
        )
    G = to_graph(result.model)
    gc.freeze()  # the model and the graph live as long as the command: keep the collector off them
    return result, G


def _known(G, element_id: str) -> str:
    if element_id not in G:
        from refarch.problems import did_you_mean

        hint = did_you_mean(element_id, G.nodes)
        raise ConfigError(f'no element "{element_id}" in the model' + (f"; {hint}" if hint else ""))
    return element_id


def _language(result) -> str:
    """The language graph sentences are in by default: the model's own, where refarch has the words for it."""
    first = result.model.metamodel.languages[0]
    return first if first in ("en", "fi", "sv") else "en"


def _emit(fmt: str, value, render_text) -> int:
    """Print an analysis result: JSON of `value`, or the text `render_text()` makes for people."""
    from refarch.printers import analysis

    click.echo(analysis.to_json(value) if fmt == "json" else render_text(), nl=False)
    return EXIT_OK


def graph_options(function):
    """The options every graph command takes: the model folder and the output format."""
    function = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text for people, json for machines.",
    )(function)
    return model_path(function)


@cli.group()
def graph() -> None:
    """Analyse the dependency graph: impact, connections, lineage, structure, statistics.

    \b
    Examples:
      refarch graph impact online-catalogue
      refarch graph path reader online-catalogue
      refarch graph lineage catalogue-records --format json
      refarch graph stats
    """


@graph.command("impact")
@click.argument("element_id", metavar="ID")
@click.option("--depth", type=click.IntRange(min=1), help="Look at most this many relationships away.")
@click.option("--reverse", is_flag=True, help="What ID depends on, instead of what depends on ID.")
@click.option("--own", is_flag=True, help="In an area model: only the area's own elements, not the reference's.")
@click.option(
    "--lang",
    type=click.Choice(["en", "fi", "sv"]),
    help="The language of the sentences (default: the model's own, else en).",
)
@graph_options
def graph_impact(
    element_id: str, depth: int | None, reverse: bool, own: bool, lang: str | None, model_dir: Path, fmt: str
) -> int:
    """Everything a change to ID reaches, transitively, with the path that makes it so.

    \b
    Examples:
      refarch graph impact online-catalogue    # what changes if the catalogue is replaced
      refarch graph impact online-catalogue --depth 2
      refarch graph impact collect --reverse
      refarch graph impact online-catalogue --own   # an area: only its own elements
    """
    from refarch.analysis import impact
    from refarch.printers import analysis

    result, G = _graph_context(model_dir)
    reached = impact(G, _known(G, element_id), depth=depth, reverse=reverse)
    if own:
        model = result.model
        everything, reached = len(reached), [r for r in reached if not model.is_reference(model.elements[r.element])]
        if everything > len(reached):
            left = plural(everything - len(reached), "element")
            click.echo(f"refarch: {left} of the reference left out (--own)", err=True)
    words = lang or _language(result)
    return _emit(fmt, reached, lambda: analysis.impact_text(G, element_id, reached, reverse, words))


@graph.command("path")
@click.argument("a")
@click.argument("b")
@click.option(
    "--cutoff", type=click.IntRange(min=1), default=4, show_default=True, help="Longest path, in relationships."
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most paths to show.")
@click.option(
    "--lang",
    type=click.Choice(["en", "fi", "sv"]),
    help="The language of the sentences (default: the model's own, else en).",
)
@graph_options
def graph_path(a: str, b: str, cutoff: int, limit: int, lang: str | None, model_dir: Path, fmt: str) -> int:
    """How A and B are connected: the shortest paths first, read as sentences.

    \b
    Examples:
      refarch graph path reader online-catalogue
      refarch graph path reader customer-register --cutoff 5
    """
    from refarch.analysis import connections
    from refarch.printers import analysis

    result, G = _graph_context(model_dir)
    paths = connections(G, _known(G, a), _known(G, b), cutoff=cutoff, limit=limit)
    words = lang or _language(result)
    return _emit(fmt, paths, lambda: analysis.paths_text(G, a, b, paths, words))


@graph.command("lineage")
@click.argument("element_id", metavar="ID")
@graph_options
def graph_lineage(element_id: str, model_dir: Path, fmt: str) -> int:
    """Where a data group is kept, who owns it, which flows carry it, between whom, in which steps.

    \b
    Examples:
      refarch graph lineage loan-records
      refarch graph lineage catalogue-records --format json
    """
    from refarch.analysis import lineage
    from refarch.printers import analysis

    _, G = _graph_context(model_dir)
    data = G.graph["metamodel"].views.data
    if data is None:
        raise ConfigError("the metamodel has no `views.data` part, which lineage follows (docs/metamodel.md)")
    if G.nodes[_known(G, element_id)]["kind"] != data.kind:
        raise ConfigError(f'"{element_id}" is a {G.nodes[element_id]["kind"]}; lineage is for {data.kind} elements')
    found = lineage(G, element_id)
    return _emit(fmt, found, lambda: analysis.lineage_text(G, found))


@graph.command("orphans")
@graph_options
def graph_orphans(model_dir: Path, fmt: str) -> int:
    """Elements with no relationships at all.

    \b
    Examples:
      refarch graph orphans
    """
    from refarch.analysis import orphans
    from refarch.printers import analysis

    _, G = _graph_context(model_dir)
    found = list(orphans(G))
    return _emit(fmt, found, lambda: analysis.list_text("Orphans", found, G))


@graph.command("cycles")
@click.option(
    "--type", "types", multiple=True, help="Relationship type to look in (repeatable; default: the acyclic ones)."
)
@graph_options
def graph_cycles(types: tuple[str, ...], model_dir: Path, fmt: str) -> int:
    """Cycles within relationship types.

    \b
    Examples:
      refarch graph cycles
      refarch graph cycles --type depends-on --type member-of
    """
    from refarch.analysis import cycles
    from refarch.printers import analysis

    _, G = _graph_context(model_dir)
    unknown = [t for t in types if t not in G.graph["metamodel"].relationships]
    if unknown:
        raise ConfigError(f"no relationship type {unknown[0]!r}")
    found = cycles(G, types or None)
    return _emit(fmt, found, lambda: analysis.cycles_text(found))


@graph.command("hubs")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@graph_options
def graph_hubs(top: int, model_dir: Path, fmt: str) -> int:
    """The most connected elements, by degree and betweenness centrality.

    \b
    Examples:
      refarch graph hubs --top 5
    """
    from refarch.analysis import hubs
    from refarch.printers import analysis

    _, G = _graph_context(model_dir)
    found = hubs(G, top=top)
    return _emit(fmt, found, lambda: analysis.hubs_text(G, found))


@graph.command("weak-points")
@graph_options
def graph_weak_points(model_dir: Path, fmt: str) -> int:
    """Single points of failure among systems, interfaces and data stores.

    \b
    Examples:
      refarch graph weak-points
    """
    from refarch.analysis import weak_points
    from refarch.printers import analysis

    _, G = _graph_context(model_dir)
    found = weak_points(G)
    return _emit(fmt, found, lambda: analysis.weak_points_text(G, found))


@graph.command("stats")
@graph_options
def graph_stats(model_dir: Path, fmt: str) -> int:
    """Counts per layer and kind, the cross-layer matrix and the completeness score per layer.

    \b
    Examples:
      refarch graph stats
      refarch graph stats --format json
    """
    from refarch.analysis import layer_matrix, statistics
    from refarch.printers import analysis
    from refarch.trace import completeness_scores

    result, G = _graph_context(model_dir)
    stats, matrix, scores = statistics(G), layer_matrix(G), completeness_scores(result.model)
    if fmt == "json":
        completeness = {
            layer: {"met": met, "total": total, "score": round(met / total, 4)}
            for layer, (met, total) in scores.items()
        }
        click.echo(analysis.to_json({**stats, "layer_matrix": matrix, "completeness": completeness}), nl=False)
    else:
        click.echo(analysis.stats_text(stats, matrix, scores), nl=False)
    return EXIT_OK


@cli.command()
@click.argument("view_id", metavar="VIEW", required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "dot"]), default="svg", show_default=True)
@click.option("--link-prefix", default="", help="Put this before each node's link (`<kind>/<id>/`).")
@click.option("--list", "list_views", is_flag=True, help="List the views of the model.")
@model_path
def render(
    view_id: str | None, output: Path | None, fmt: str, link_prefix: str, list_views: bool, model_dir: Path
) -> int:
    """Draw one view of the model with Graphviz: SVG (default), PNG or the DOT source.

    Views: layers, layer-<layer>, element-<id>, service-path-<process>, data-flows, roadmap.
    Each node links to its element's page (`<kind>/<id>/` after --link-prefix).

    \b
    Examples:
      refarch render --list
      refarch render service-path-borrowing-a-book -o borrowing.svg
      refarch render element-online-catalogue --format png -o catalogue.png
      refarch render layers --format dot
    """
    from refarch import pipeline
    from refarch.cache import cache_dir
    from refarch.render.dot import to_dot
    from refarch.render.graphviz import accessible_svg
    from refarch.render.graphviz import render as run_graphviz
    from refarch.views import make_view, view_ids

    model = pipeline.check([model_dir]).model
    if list_views or view_id is None:
        click.echo("\n".join(view_ids(model)))
        return EXIT_OK
    view = make_view(model, view_id)
    dot = to_dot(model, view, lambda e: f"{link_prefix}{e.kind}/{e.id}/")
    if fmt == "dot":
        _write(dot, output)
        return EXIT_OK
    drawn = run_graphviz(dot, fmt, cache=cache_dir("diagrams"))
    if fmt == "svg":
        _write(accessible_svg(drawn.decode("utf-8"), view.title, view.description), output)
    elif output is None:
        raise ConfigError("a PNG needs -o FILE")
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(drawn)
    return EXIT_OK


@cli.group()
def site() -> None:
    """The documentation site's pages, for engines that run no MkDocs plugins.

    `mkdocs build` adds the same pages through the refarch plugin; `pages` writes them as files, `build`
    builds the site from them with Zensical (or MkDocs).

    \b
    Examples:
      refarch site pages -o build/docs
      refarch site build --engine zensical
    """


@site.command("pages")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the Markdown pages into (beside your hand-written docs).",
)
@model_path
@click.option("--prefix", default="arkkitehtuuri", show_default=True, help="Folder of the pages under the output.")
@click.option("--file-urls", is_flag=True, help="Link pages as a/b.html (MkDocs' use_directory_urls: false).")
@click.option("--no-diagrams", is_flag=True, help="Leave the Graphviz diagrams out.")
def site_pages_command(output: Path, model_dir: Path, prefix: str, file_urls: bool, no_diagrams: bool) -> int:
    """Write every generated page (Markdown with HTML) into a folder.

    \b
    Examples:
      refarch site pages -o build/docs
      refarch site pages -o build/docs --file-urls
    """
    from refarch import pipeline
    from refarch.site.pages import SiteOptions, site_pages, write_pages

    result = pipeline.check([model_dir])
    pages = site_pages(result, SiteOptions(prefix=prefix, directory_urls=not file_urls, diagrams=not no_diagrams))
    write_pages(pages, output)
    click.echo(
        f"wrote {len(pages)} pages to {output / prefix}, and the stylesheet and scripts they use beside them "
        "(stylesheets/, javascripts/) for the engine's extra_css and extra_javascript"
    )
    return EXIT_FINDINGS if result.failed else EXIT_OK


@site.command("build")
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="zensical",
    show_default=True,
    help="The site engine that builds the pages as files.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder of the built site.",
)
@click.option(
    "--project",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("."),
    show_default=True,
    help="Folder of mkdocs.yml.",
)
def site_build_command(engine: str, output: Path, project: Path) -> int:
    """Build the site from mkdocs.yml with an engine that runs no MkDocs plugin (Zensical), or with MkDocs
    the same way: the generated pages are written with their drawings into build/engine-docs beside the
    hand-written docs, and the engine builds that folder.

    \b
    Examples:
      refarch site build --engine zensical            # make site ENGINE=zensical
      refarch site build --engine mkdocs -o build/site
    """
    from refarch.site.engines import build_site

    build_site(engine, project, project / "build", output)
    click.echo(f"built the site with {engine} into {output}")
    return EXIT_OK


@cli.group()
def export() -> None:
    """Export the model for other tools.

    \b
    Examples:
      refarch export json -o model.json
      refarch export archimate -o model.xml         # for Archi, BiZZdesign, Sparx, QualiWare
      refarch export mermaid --view service-path-borrowing-a-book
      refarch export graphml -o model.graphml       # the whole model
    """


@export.command("json")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--view", "view_id", default=None, help="Only the elements and relationships of this view.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
def export_json(path: Path | None, view_id: str | None, output: Path | None) -> int:
    """Every element and relationship as JSON, in a stable order.

    Exports even when the model has findings; exits 1 if files could not be read.

    \b
    Examples:
      refarch export json
      refarch export json architecture -o build/model.json
      refarch export json --view service-path-borrowing-a-book
    """
    from refarch import pipeline
    from refarch.export import to_json
    from refarch.views import make_view

    result = pipeline.check([path or DEFAULT_PATH])
    _write(to_json(result.model, make_view(result.model, view_id) if view_id else None), output)
    return _unreadable(result)


def _unreadable(result) -> int:
    """Exports go ahead on a model with findings; only files that could not be read make them fail."""
    unreadable = result.unreadable
    for p in unreadable:
        click.echo(f"{p.location}: {p.severity} {p.code} {p.message}", err=True)
    return EXIT_FINDINGS if unreadable else EXIT_OK


@export.command("archimate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
@click.option(
    "--name",
    default=None,
    help="The model's name in the file (default: about.title of refarch.yaml, else the folder's).",
)
@click.option("--no-views", is_flag=True, help="Leave out the diagrams (no Graphviz needed).")
def export_archimate(path: Path | None, output: Path | None, name: str | None, no_views: bool) -> int:
    """The model in the ArchiMate 3.1 Model Exchange File Format (validates against the Open Group's XSDs).

    Elements, relationships (each a type ArchiMate's relationship table allows), names and descriptions
    in every language, typed properties, folders by layer (labelled with the EIF views), the model's
    introduction and settings, and the layer, data-flow and service-path diagrams laid out with
    bendpoints. `refarch import archimate` reads it back without loss.

    \b
    Examples:
      refarch export archimate -o build/model.xml
    """
    from refarch import pipeline
    from refarch.config import find_config
    from refarch.exchange.archimate import to_archimate
    from refarch.load import display_path, read_settings
    from refarch.printers.text import problem_lines

    model_dir = path or DEFAULT_PATH
    result = pipeline.check([model_dir])
    warnings: list[Problem] = []
    config_file = find_config([model_dir])
    settings = read_settings(config_file, "configuration") if config_file else None
    name = name or result.config.about.title or model_dir.resolve().name
    data = to_archimate(
        result.model,
        name,
        views=not no_views,
        warnings=warnings,
        settings=settings or {},
        settings_file=display_path(config_file) if config_file else "refarch.yaml",
    )
    for warning in warnings:
        click.echo(problem_lines(warning)[0], err=True)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    return _unreadable(result)


def _text_export(fmt: str, summary: str):
    @export.command(
        fmt,
        help=f"""{summary}

    The whole model (the view `layers`), or one view with --view; `refarch render --list` lists views.

    \b
    Examples:
      refarch export {fmt}
      refarch export {fmt} --view service-path-borrowing-a-book -o build/path.{fmt}
    """,
    )
    @click.argument("path", required=False, type=click.Path(path_type=Path))
    @click.option("--view", "view_id", default="layers", show_default=True, help="The view to export.")
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
    def command(path: Path | None, view_id: str, output: Path | None) -> int:
        from refarch import pipeline
        from refarch.exchange import text_formats
        from refarch.render.dot import to_dot
        from refarch.views import make_view

        result = pipeline.check([path or DEFAULT_PATH])
        view = make_view(result.model, view_id)
        writers = {
            "mermaid": text_formats.to_mermaid,
            "plantuml": text_formats.to_plantuml,
            "graphml": text_formats.to_graphml,
            "dot": to_dot,
        }
        _write(writers[fmt](result.model, view), output)
        return _unreadable(result)

    return command


_text_export("mermaid", "A view as a Mermaid flowchart (renders in GitHub and GitLab Markdown).")
_text_export("plantuml", "A view in PlantUML's ArchiMate notation.")
_text_export("dot", "A view as Graphviz DOT, as the site draws it.")
_text_export("graphml", "A view as GraphML (yEd, Gephi, graph libraries).")


@cli.group("import")
def import_group() -> None:
    """Read models made by other tools into this repository's format.

    \b
    Examples:
      refarch import archimate model.xml -o imported
    """


@import_group.command("archimate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The model folder to write (it must not hold YAML files yet, unless --force).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import into a folder with a model: its elements keep their ids (matched by ArchiMate identifier); "
    "files of the same names are overwritten.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=64 * 1024 * 1024,
    show_default=True,
    help="The largest exchange file read.",
)
@click.option(
    "--language",
    default=None,
    metavar="CODE",
    help="The language of text without xml:lang (default: the file's own, else the metamodel's first).",
)
def import_archimate(file: Path, out: Path, force: bool, max_bytes: int, language: str | None) -> int:
    """An ArchiMate exchange file (3.0/3.1/3.2) as YAML files by layer and kind, then validated.

    Types the metamodel has no kind for are mapped (the metamodel's `archimate-import` table) and keep
    their ArchiMate type; what cannot be imported is listed with its line in the file, never dropped
    silently. Exit 1 when something was not imported or the new model has errors.

    \b
    Examples:
      refarch import archimate export.xml -o imported
    """
    from refarch import pipeline
    from refarch.config import find_config, load_config
    from refarch.exchange.archimate_import import CONFIG_FILE, earlier_imports, known_identifiers, read_archimate
    from refarch.load import TooLarge, read_bounded
    from refarch.printers.text import problem_lines
    from refarch.schema import render_schema

    existing = sorted(out.rglob("*.yaml")) if out.exists() else []
    if existing and not force:
        raise ConfigError(f"{out} already holds YAML files ({existing[0]}, ...); choose an empty folder or use --force")
    config = load_config(find_config([DEFAULT_PATH]))
    mm, own_metamodel = config.metamodel, config.metamodel_file
    try:
        data = read_bounded(file, max_bytes)
    except TooLarge as exc:
        raise ConfigError(f"{file} is over {max_bytes:,} bytes ({exc.size:,} or more); raise --max-bytes") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {file}: {exc.strerror}") from None
    known = known_identifiers(pipeline.check([out]).model) if existing else None
    if language is not None and not re.fullmatch(r"[a-z]{2,3}", language):
        raise ConfigError(f"--language {language!r}: give a language code (ISO 639), e.g. en")
    imported = read_archimate(data, mm, str(file), known, language, own_metamodel.name if own_metamodel else None)
    if own_metamodel is not None:  # the files are in this project's metamodel: it goes with them
        imported.files[own_metamodel.name] = own_metamodel.read_text(encoding="utf-8")
    if existing and (out / CONFIG_FILE).exists() and imported.files.pop(CONFIG_FILE, None) is not None:
        click.echo(f"{out / CONFIG_FILE} kept as it is: the settings in {file} are not applied", err=True)
    for stale in earlier_imports(out, imported.files) if existing else []:
        stale.unlink()
        click.echo(f"{stale} removed: an earlier import wrote it, and this one has nothing for it", err=True)
    for path, text in imported.files.items():
        target = out / path
        if not target.resolve().is_relative_to(out.resolve()):
            raise ConfigError(f"{path} would be written outside {out}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / "refarch.schema.json").write_text(render_schema(mm), encoding="utf-8")
    for note in imported.notes:
        click.echo(problem_lines(note)[0], err=True)
    result = pipeline.check([out])
    errors = sum(p.severity == "error" for p in result.problems)
    flows = f" ({imported.flows} of them as flow elements)" if imported.flows else ""
    click.echo(
        f"imported {imported.elements} elements and {imported.relationships} relationships{flows} into {out}; "
        f"validation: {errors} errors, {sum(p.severity == 'warning' for p in result.problems)} warnings "
        f"(`refarch validate {out}`)"
    )
    not_imported = any(n.severity == "error" for n in imported.notes)
    return EXIT_FINDINGS if errors or not_imported else EXIT_OK


@cli.command()
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--extends",
    "reference",
    required=True,
    metavar="REF",
    help="The reference model: a folder, or a git repository URL (with --rev).",
)
@click.option("--rev", help="For a git reference: the tag or commit to pin.")
@click.option("--folder", default="architecture", show_default=True, help="For a git reference: its model folder.")
@click.option("--name", help="The area's name (default: the folder's name).")
@click.option(
    "--translations",
    default="en",
    show_default=True,
    metavar="LANGS",
    help="The languages the area's names are translated into, comma-separated: sv for a bilingual area.",
)
def init(target: Path, reference: str, rev: str | None, folder: str, name: str | None, translations: str) -> int:
    """Start a new area repository in DIR on top of a reference model.

    Writes architecture/ (refarch.yaml extending REF, pinned to its commit; a first model file; the editor
    schema), mkdocs.yml and docs/ for the area's own site, a CI workflow and .gitignore, and makes DIR a git
    repository on the branch main. It validates and builds at once.

    \b
    Examples:
      refarch init --extends ../national/architecture lakeside
      refarch init --extends https://github.com/org/national.git --rev v1.0 lakeside
    """
    from refarch.config import LANGUAGE_CODE
    from refarch.init_area import init_area

    languages = [lang.strip() for lang in translations.split(",") if lang.strip()]
    wrong = [lang for lang in languages if not LANGUAGE_CODE.fullmatch(lang)]
    if wrong or not languages:
        raise ConfigError(f"--translations {translations!r}: give language codes (ISO 639), e.g. sv or sv,en")
    written = init_area(target, reference, rev, folder, name, languages)
    git = " (a git repository on `main`, the files staged: commit them)" if (target / ".git").is_dir() else ""
    click.echo(
        f"wrote {len(written)} files to {target}{git}; next: `refarch validate {target / 'architecture'}` "
        f"and `mkdocs build` in {target}"
    )
    return EXIT_OK


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 1),
    metavar="SHARE",
    help="Exit 1 when less than SHARE (e.g. 0.8) of the reference elements are realised.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
def conformance(path: Path | None, fmt: str, fail_under: float | None, output: Path | None) -> int:
    """How far an area model (one that `extends:` a reference model) realises the reference.

    Lists the reference steps, flows, mandatory data stores and systems (the metamodel's `conformance:`
    scope) the area realises (`specializes`, `realizes`, `uses`) and which it does not, and the area's
    elements with no reference counterpart.

    \b
    Examples:
      refarch conformance riverside/architecture
      refarch conformance riverside/architecture --format json --fail-under 0.5
    """
    from refarch import pipeline
    from refarch.conformance import conformance as measure
    from refarch.extends import identity
    from refarch.printers import conformance as printer

    result = pipeline.check([path or DEFAULT_PATH])
    report = measure(result.model)
    extends = result.config.extends
    header = {"area": result.config.about.title, "reference": identity(extends)} if extends is not None else {}
    _write((printer.to_json if fmt == "json" else printer.to_text)(report, result.model, header), output)
    if result.failed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if fail_under is not None and report.share < fail_under else EXIT_OK


@cli.command()
@click.argument("registry", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option(
    "--candidate",
    metavar="REV",
    help="Also validate every area against this revision of the reference (a tag, commit or branch).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
def federation(registry: Path, fmt: str, candidate: str | None, output: Path | None) -> int:
    """Every area on one reference at once: their pins, conformance, own systems and integrations.

    REGISTRY is a YAML file naming the reference and the areas (each a model folder, or a git repository
    at a commit); docs/areas.md shows one. The markdown format is a page for an MkDocs site: a heat-map
    of reference elements by area and a catalogue of the areas' own systems and integrations. With
    --candidate, exit 1 when the candidate would break an area; exit 1 also when an area could not be read.

    \b
    Examples:
      refarch federation areas.yaml
      refarch federation areas.yaml --format json
      refarch federation areas.yaml --candidate main --format markdown -o docs/alueet.md
    """
    from refarch.federation import load_registry, survey
    from refarch.printers import federation as printer

    report = survey(load_registry(registry), candidate)
    text = {"markdown": printer.to_markdown, "json": printer.to_json, "text": printer.to_text}[fmt](report)
    _write(text, output)
    return EXIT_FINDINGS if any(a.breaks or a.problem for a in report.areas) else EXIT_OK


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--path",
    "model_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The model folder (in the working tree; at a revision, the same path inside it).",
)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    help="Follow the impact at most this many relationships away (default: as far as it goes).",
)
@click.option("--folders", is_flag=True, help="BASE and HEAD are folders, never git revisions.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
def diff(
    base: str, head: str | None, model_dir: Path, fmt: str, depth: int | None, output: Path | None, folders: bool
) -> int:
    """What changed in the architecture from BASE to HEAD (default: the working tree).

    BASE and HEAD are git revisions (branches, tags, commits) or model folders; a revision wins over a
    folder of the same name unless --folders is given. Lists elements and
    relationships added, removed and changed (field by field), findings introduced and resolved, and the
    elements the change impacts; Markdown (for a pull-request comment, with a Mermaid diagram) or JSON.
    Exit 1 when the change introduces an error finding; exit 2, with no report, when a side has a file
    that cannot be read (a YAML syntax error): its elements are not gone.

    \b
    Examples:
      refarch diff origin/main                      # this branch's working tree against main
      refarch diff v1.0 v1.1 --format json
      refarch diff old-model/ architecture/
    """
    import contextlib
    import tempfile

    from refarch import pipeline
    from refarch.diff import compare
    from refarch.printers import diff as printer
    from refarch.revisions import model_folder

    def checked(spec: str | None, tmp: Path):
        where, folder = model_folder(spec, model_dir, tmp, folders) if spec else (Path.cwd(), model_dir)
        with contextlib.chdir(where):
            return pipeline.check([folder])

    with tempfile.TemporaryDirectory(prefix="refarch-diff-") as tmp:
        before, after = checked(base, Path(tmp)), checked(head, Path(tmp))
        sides = ((f"BASE ({base})", before), (f"HEAD ({head or 'working tree'})", after))
        broken = [(side, result) for side, result in sides if result.unreadable_files]
        for _, result in broken:
            _unreadable(result)
        if broken:
            said = "; ".join(f"{side}: {plural(len(r.unreadable_files), 'file')}" for side, r in broken)
            raise ConfigError(
                f"cannot be read ({said}, above): fix them first; a diff without them would report their "
                "elements as removed"
            )
        changes = compare(before, after, impact_depth=depth)
        render_diff = printer.to_json if fmt == "json" else printer.to_markdown
        _write(render_diff(changes, before.model, after.model, base, head or "working tree"), output)
    new_errors = any(p.severity == "error" for p in changes.findings_introduced)
    return EXIT_FINDINGS if new_errors else EXIT_OK


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Configuration whose metamodel to use (default: architecture/refarch.yaml if present).",
)
def schema(output: Path | None, config_path: Path | None) -> int:
    """The JSON Schema of model files, generated from the metamodel.

    Model files point at it with a first line the YAML language server reads:
    `# yaml-language-server: $schema=../refarch.schema.json`

    \b
    Examples:
      refarch schema -o architecture/refarch.schema.json
    """
    from refarch.config import find_config, load_config
    from refarch.schema import render_schema

    config = load_config(config_path or find_config([DEFAULT_PATH]))
    _write(render_schema(config.metamodel), output)
    return EXIT_OK


@cli.command()
@model_path
def lsp(model_dir: Path) -> int:
    """A language server for editors, over stdin and stdout: findings as you type, completion of ids and
    keys, go to definition, references, hover, rename and an outline (docs/editors.md). The model folder
    is from the workspace's root; an editor may also name it in `initializationOptions.model`.

    \b
    Examples:
      refarch lsp                                   # started by the editor, not by hand
      refarch lsp --path models/architecture
    """
    from refarch.lsp.server import serve

    serve(model_dir)
    return EXIT_OK


@cli.command()
@click.argument("code", required=False)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Include the custom rules of this configuration.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: the table of docs/validation.md.",
)
def rules(code: str | None, config_path: Path | None, fmt: str) -> int:
    """List every rule with its code, severity and summary, or show one rule's documentation.

    \b
    Examples:
      refarch rules
      refarch rules sum-mismatch
      refarch rules --format markdown
    """
    from refarch.config import find_config, load_config
    from refarch.printers.rules import markdown_table, ordered
    from refarch.problems import did_you_mean

    config = load_config(config_path or find_config([DEFAULT_PATH]))
    if code is None and fmt == "markdown":
        click.echo(markdown_table(config.rules.values()), nl=False)
        return EXIT_OK
    if code is None:
        width = max(len(c) for c in config.rules)
        for listed in ordered(config.rules.values()):
            click.echo(f"{listed.code:<{width}}  {listed.severity:<7}  {listed.stage:<7}  {listed.summary}")
        return EXIT_OK
    rule = config.rules.get(code)
    if rule is None:
        hint = did_you_mean(code, config.rules)
        raise ConfigError(f'no such rule "{code}"' + (f"; {hint}" if hint else ""))
    click.echo(f"{rule.code} ({rule.severity}, {rule.stage})\n\n{rule.doc}")
    if rule.options:
        click.echo("\nOptions: " + ", ".join(f"{k} (default {v!r})" for k, v in rule.options.items()))
    return EXIT_OK


@cli.command()
@click.argument("kind")
@click.argument("element_id", metavar="ID")
@model_path
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Put the element in this file instead of the one chosen for its kind.",
)
def new(kind: str, element_id: str, model_dir: Path, file: Path | None) -> int:
    """Write a skeleton of a new element of KIND with id ID into the right file.

    The file is the one of the model's own that already holds most elements of that kind, or
    <layer>/<kinds>.yaml; in an area model never a file of the reference model. The name is asked for in
    the model's language and in each translation the rule missing-translation asks for.

    \b
    Examples:
      refarch new party volunteer
      refarch new stage book-returned
      refarch new application e-books --file architecture/technology/e-books.yaml
    """
    from refarch import pipeline
    from refarch.scaffold import add_element

    result = pipeline.check([model_dir], require_files=False)
    metamodel = [result.config.metamodel_file] if result.config.metamodel_file is not None else []
    written = add_element(result.model, model_dir, kind, element_id, file, result.config.name_languages, metamodel)
    click.echo(f"added {kind} {element_id} to {written}; fill in the TODOs, then run `refarch validate`")
    return EXIT_OK


def run() -> None:
    """The `refarch` console script: main(), then exit without tearing down the model object by object.

    Freeing a large model at interpreter shutdown took a fifth of a validation run (docs/benchmarks.md);
    the process is ending anyway, so output is flushed and the process leaves at once.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(ValueError, OSError):  # closed: `refarch lsp`'s editor has gone
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; `refarch` raises SystemExit with it).

    Each run has a context of its own, so what its options set (consent to custom rules, a raised size
    cap) ends with it.
    """
    return contextvars.copy_context().run(_main, argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="refarch", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        return EXIT_USAGE
    except ConfigError as exc:
        click.echo(f"refarch: error: {exc}", err=True)
        return EXIT_USAGE
    except OSError as exc:  # a read-only folder, a full disk: said plainly, not as a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"refarch: error: cannot write or read {where}{exc.strerror or exc}", err=True)
        return EXIT_USAGE
    return code if isinstance(code, int) else EXIT_OK
