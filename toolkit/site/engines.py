"""Build the site with either engine from one `mkdocs.yml`: MkDocs (with Material) or Zensical.

MkDocs runs the refarch plugin, which adds the generated pages as it builds (and serves them with live
reload). Zensical reads `mkdocs.yml` too but runs no MkDocs plugin, so the engine-independent path is
files: the generated pages are written, their drawings inside them, beside a copy of the hand-written
docs in a build folder, with a copy of `mkdocs.yml` that names that folder, the stylesheet and the
scripts, and leaves the plugin out. Either engine builds that folder the same way:

    refarch site build --engine zensical          # make site ENGINE=zensical
    refarch site build --engine mkdocs -o site    # the same folder through MkDocs

The build folder (`build/` of the project) holds `engine-docs/`, `mkdocs.yml` and, while the engine runs,
`engine-site/`, which then becomes the output folder.

`mkdocs.yml` comes from the repository: it is read as data with the guards of refarch.yaml (no YAML tag
runs anything), its docs folder must lie inside the project, and a link in it that leads outside is
refused, never followed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

import yaml

from refarch.config import inside
from refarch.errors import ConfigError
from refarch.load import read_settings
from refarch.site.pages import (
    SCRIPTS,
    SHIM,
    STYLESHEET,
    SiteOptions,
    about_line,
    require_assets,
    site_pages,
    write_pages,
)
from refarch.strings import ui

ENGINES = ("mkdocs", "zensical")
BUILD_FOLDER = "engine-docs"  # under the build folder: the docs the engine reads
SITE_FOLDER = "engine-site"  # and the site it writes (Zensical keeps both inside its configuration's folder)


def build_site(engine: str, project: Path, build: Path, output: Path) -> subprocess.CompletedProcess:
    """Prepare the pages as files in `build`, let the engine build them, and put the site at `output` (which
    is replaced: it may not be the project, a folder above it, or its docs)."""
    where = output.resolve()
    if project.resolve().is_relative_to(where) or where.is_relative_to((project / "docs").resolve()):
        raise ConfigError(f"{output} would replace the project or its docs; give a folder of its own, e.g. site")
    done = run(engine, prepare(project, build, engine))
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(build / SITE_FOLDER, output)
    return done


def prepare(project: Path, build: Path, engine: str = "zensical") -> Path:
    """Write the engine's docs folder and configuration into `build` (the engine writes the site into
    `build/engine-site`); the configuration's path."""
    require_assets()
    config_path = project / "mkdocs.yml"
    config = read_settings(config_path, "site configuration")
    if not isinstance(config, dict):
        raise ConfigError("the site configuration must be a mapping", str(config_path))
    options = _plugin_options(config)
    docs = inside(project, str(config.get("docs_dir", "docs")), "docs_dir", str(config_path))
    target = build / BUILD_FOLDER
    for old in (target, build / SITE_FOLDER):
        if old.exists():
            shutil.rmtree(old)
    _copy_docs(docs, target)
    prefix = str(options.get("prefix", "arkkitehtuuri"))
    if (target / prefix).exists():
        raise ConfigError(f"{docs / prefix} is both hand-written and generated; move it", str(config_path))
    from refarch import pipeline

    result = pipeline.check([inside(project, str(options.get("model", "architecture")), "model", str(config_path))])
    errors = [p for p in result.problems if p.severity == "error"]
    if errors and options.get("fail_on_errors", True):
        raise ConfigError(f"the model has {len(errors)} error(s); run `refarch validate`", str(config_path))
    site_options = SiteOptions(
        prefix=prefix,
        edit_base=options.get("edit_base"),
        diagrams=bool(options.get("diagrams", True)),
        directory_urls=_directory_urls(config),
        title=options.get("title") or result.config.about.title or config.get("site_name"),
    )
    write_pages(site_pages(result, site_options), target)
    engine_config = _engine_config(config, about_line(result.config.about, ui(result.model)), engine)
    path = build / "mkdocs.yml"
    path.write_text(yaml.safe_dump(engine_config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(engine: str, config: Path) -> subprocess.CompletedProcess:
    """Run an engine's build on a prepared configuration (in its folder), strictly."""
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config.resolve())]
    elif engine == "zensical":
        beside = Path(sys.executable).with_name("zensical")  # the one `make install` pinned, before PATH's
        program = str(beside) if beside.exists() else shutil.which("zensical") or ""
        if not program:
            raise ConfigError("Zensical is not installed; `make install` installs it")
        command = [program, "build", "--strict", "-f", str(config.resolve())]
    else:
        raise ConfigError(f"unknown site engine {engine!r}; use one of {', '.join(ENGINES)}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ConfigError(f"{engine} failed:\n{(done.stderr or done.stdout)[-2000:]}")
    return done


def _plugin_options(config: dict) -> dict[str, Any]:
    """The refarch plugin's settings in `plugins` (a name, or a mapping of the name to settings)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "refarch" in entry:
            return dict(entry["refarch"] or {})
        if entry == "refarch":
            return {}
    raise ConfigError("mkdocs.yml names no refarch plugin: nothing says where the model is", "mkdocs.yml")


def _directory_urls(config: dict) -> bool:
    """Whether pages are served as a/b/ (MkDocs' default) or a/b.html (`use_directory_urls: false`, which the
    offline plugin sets too)."""
    names = {e if isinstance(e, str) else next(iter(e), "") for e in config.get("plugins") or []}
    return bool(config.get("use_directory_urls", True)) and "offline" not in names


def _engine_config(config: dict, about: str, engine: str) -> dict:
    """The site configuration for the prepared folder: its docs, the site folder, the stylesheet and the
    scripts the pages use, the offline search shim from the site itself (not from a CDN), the model's version
    in the footer, and no refarch plugin (its work is done). Zensical draws Material's look (its `classic`
    variant), which the stylesheet and the accessibility checks are made for."""
    derived = dict(config)
    if engine == "zensical":
        derived["theme"] = {**(config.get("theme") or {}), "variant": "classic"}
    extra = dict(config.get("extra") or {})
    extra["polyfills"] = [*(p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)), SHIM]
    derived["extra"] = extra
    derived["docs_dir"] = BUILD_FOLDER
    derived["site_dir"] = SITE_FOLDER
    derived["plugins"] = [
        e for e in config.get("plugins") or [] if e != "refarch" and not (isinstance(e, dict) and "refarch" in e)
    ]
    derived["extra_css"] = [*(config.get("extra_css") or []), STYLESHEET]
    derived["extra_javascript"] = [*(config.get("extra_javascript") or []), *SCRIPTS]
    if about:
        derived["copyright"] = " ".join(filter(None, [config.get("copyright") or "", escape(about + ".", quote=False)]))
    return derived


def _copy_docs(docs: Path, target: Path) -> None:
    """The hand-written docs, without hidden files; a link that leads out of the docs folder is refused."""
    root = docs.resolve()
    for folder, dirs, files in os.walk(docs):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [*dirs, *files]:
            if (here / name).is_symlink() and not (here / name).resolve().is_relative_to(root):
                raise ConfigError(f"{here / name} leads outside the docs folder; it was not copied")
        for name in sorted(f for f in files if not f.startswith(".")):
            source = here / name
            destination = target / source.relative_to(docs)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
