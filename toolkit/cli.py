"""The `refarch` command: thin click commands that wire the pipeline to printers and files.

Exit codes: 0 nothing failing; 1 errors (and warnings with --strict); 2 usage or configuration error.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

import click

from toolkit import __version__
from toolkit.errors import ConfigError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_PATH = Path("architecture")


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
def cli() -> None:
    """refarch: reference architectures kept as code.

    Validate the YAML model in architecture/, export it, and generate the JSON Schema that editors use.

    \b
    Exit codes: 0 nothing failing, 1 errors found (warnings too with --strict),
    2 usage or configuration error.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json", "sarif"]), default="text",
              show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Configuration file (default: refarch.yaml in the model folder).")
@click.option("-q", "--quiet", is_flag=True, help="Text format: no model summary, findings only.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, output: Path | None, config_path: Path | None,
             quiet: bool) -> int:
    """Validate the model in PATHS (default: architecture).

    \b
    Examples:
      refarch validate
      refarch validate architecture --strict
      refarch validate --format github            # annotations in GitHub Actions
      refarch validate --format sarif -o refarch.sarif
      refarch validate --format json | jq '.problems[] | .code'
    """
    from toolkit import pipeline
    from toolkit.printers import FORMATS, text

    result = pipeline.check(_paths(paths), config_path)
    if fmt == "text":
        report = text.render(result, colour=output is None and _colour_wanted(), summary=not quiet)
    else:
        report = FORMATS[fmt](result)
    _write(report, output)
    failing = ("error", "warning") if strict else ("error",)
    return EXIT_FINDINGS if any(p.severity in failing for p in result.problems) else EXIT_OK


@cli.group()
def export() -> None:
    """Export the model for other tools.

    \b
    Examples:
      refarch export json -o model.json
    """


@export.command("json")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
def export_json(path: Path | None, output: Path | None) -> int:
    """Every element and relationship as JSON, in a stable order.

    Exports even when the model has findings; exits 1 if files could not be read.

    \b
    Examples:
      refarch export json
      refarch export json architecture -o build/model.json
    """
    from toolkit import pipeline
    from toolkit.export import to_json

    result = pipeline.check([path or DEFAULT_PATH])
    _write(to_json(result.model), output)
    unreadable = [p for p in result.problems if p.severity == "error" and result.config.rules[p.code].stage == "load"]
    for p in unreadable:
        click.echo(f"{p.location}: {p.severity} {p.code} {p.message}", err=True)
    return EXIT_FINDINGS if unreadable else EXIT_OK


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Configuration whose metamodel to use (default: architecture/refarch.yaml if present).")
def schema(output: Path | None, config_path: Path | None) -> int:
    """The JSON Schema of model files, generated from the metamodel.

    Model files point at it with a first line the YAML language server reads:
    `# yaml-language-server: $schema=../refarch.schema.json`

    \b
    Examples:
      refarch schema -o architecture/refarch.schema.json
    """
    from toolkit.config import find_config, load_config
    from toolkit.schema import render_schema

    config = load_config(config_path or find_config([DEFAULT_PATH]))
    _write(render_schema(config.metamodel), output)
    return EXIT_OK


@cli.command()
@click.argument("code", required=False)
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Include the custom rules of this configuration.")
def rules(code: str | None, config_path: Path | None) -> int:
    """List every rule with its code, severity and summary, or show one rule's documentation.

    \b
    Examples:
      refarch rules
      refarch rules sum-mismatch
    """
    from toolkit.config import find_config, load_config
    from toolkit.problems import did_you_mean

    config = load_config(config_path or find_config([DEFAULT_PATH]))
    if code is None:
        width = max(len(c) for c in config.rules)
        for rule in sorted(config.rules.values(), key=lambda r: (r.stage != "load", r.stage != "build", r.code)):
            click.echo(f"{rule.code:<{width}}  {rule.severity:<7}  {rule.stage:<7}  {rule.summary}")
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
@click.option("--path", "model_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_PATH,
              show_default=True, help="The model folder.")
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False),
              help="Put the element in this file instead of the one chosen for its kind.")
def new(kind: str, element_id: str, model_dir: Path, file: Path | None) -> int:
    """Write a skeleton of a new element of KIND with id ID into the right file.

    The file is the one that already holds most elements of that kind, or <layer>/<kinds>.yaml.

    \b
    Examples:
      refarch new actor kela
      refarch new step tyonhakijaksi-ilmoittautuminen
      refarch new system ura --file architecture/systems/kansalliset.yaml
    """
    from toolkit import pipeline
    from toolkit.scaffold import add_element

    result = pipeline.check([model_dir], require_files=False)
    written = add_element(result.model, model_dir, kind, element_id, file)
    click.echo(f"added {kind} {element_id} to {written}; fill in the TODOs, then run `refarch validate`")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; `refarch` raises SystemExit with it)."""
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
    return code if isinstance(code, int) else EXIT_OK
