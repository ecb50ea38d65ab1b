"""`refarch init --extends REF DIR`: a new area repository on top of a reference model.

It writes the model folder (its `refarch.yaml` extending the reference, a first model file, the JSON
Schema for editors), `mkdocs.yml` and a front page for the area's own site, a CI workflow and a
`.gitignore`. The result validates and builds at once; the architects fill it in from there.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from refarch.errors import ConfigError
from refarch.strings import strings

FIRST_MODEL = """\
# yaml-language-server: $schema=refarch.schema.json
# {name}: the area's own elements. Reference elements are used by their ids; write
# `specializes: <reference id>` on an element that stands for one, and add to reference elements
# under `refinements:` (see docs/areas.md of refarch).
{section}:
  - id: {slug}
    name: {name_yaml}
    description: Alueen oma toimija. Kuvaa tähän, kuka se on ja mitä se tekee.
"""
MKDOCS = """\
site_name: {name_yaml}
docs_dir: docs
site_dir: site
theme:
  name: material
  language: {language}
  font: false
  features: [navigation.sections, navigation.top, search.highlight]
plugins:
  - search:
      lang: {language}
      # word forms ("velvoittavat" finds "velvoittava"); refarch's search worker keeps the stemmer
      # working while a reader types. Punctuation separates words.
      pipeline: [stemmer, stopWordFilter, trimmer]
      separator: '[\\s\\-,:;!?()"/]+|\\.(?!\\d)'
  - refarch:
      model: architecture
      prefix: arkkitehtuuri
  - offline
markdown_extensions: [tables]
validation:
  nav:
    omitted_files: ignore
nav:
{nav}"""
FRONT_PAGE = """\
# {name}

{about}

{links}
"""
WORKFLOW = """\
# Safe on pull requests nobody vetted: refarch is a pinned release, nothing of the pull request runs, and
# the site (mkdocs.yml can run code) is built only from main, after review.
name: architecture
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo apt-get install -y graphviz && pip install "refarch @ git+https://github.com/<org>/refarch@<tag>"
      - run: refarch validate architecture --format github
      - run: refarch conformance architecture
  site:
    if: github.event_name == 'push'
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: sudo apt-get install -y graphviz && pip install "refarch @ git+https://github.com/<org>/refarch@<tag>"
      - run: NO_MKDOCS_2_WARNING=1 mkdocs build --strict
"""


def init_area(
    target: Path, extends: str, rev: str | None = None, folder: str = "architecture", name: str | None = None
) -> list[Path]:
    """Write the new area repository into `target` (which must be empty or absent); the files written."""
    from refarch.build import slugify
    from refarch.config import load_config
    from refarch.schema import render_schema

    if target.exists() and any(target.iterdir()):
        raise ConfigError(f"{target} is not empty; give a new folder")
    model_dir = target / "architecture"
    name = name or f"{target.resolve().name} (alue)"
    config_text = _config_text(extends, rev, folder, model_dir, name)
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "refarch.yaml").write_text(config_text, encoding="utf-8")
    metamodel = load_config(model_dir / "refarch.yaml").metamodel  # the reference's, which the area shares
    files = {
        model_dir / "refarch.yaml": config_text,
        model_dir / "alue.yaml": FIRST_MODEL.format(
            name=name,
            slug=slugify(target.resolve().name) + "-alue",
            name_yaml=_yaml_scalar(name),
            section=_actor_section(metamodel),
        ),
        target / "mkdocs.yml": _mkdocs(name, metamodel),
        target / "docs" / "index.md": _front_page(name, metamodel),
        target / ".github" / "workflows" / "architecture.yml": WORKFLOW,
        target / ".gitignore": "site/\n",
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    schema = model_dir / "refarch.schema.json"
    schema.write_text(render_schema(metamodel), encoding="utf-8")
    return [*files, schema]


def _pages(metamodel) -> list[tuple[str, str]]:
    """The area site's own pages, by title and file, in the reference's language (as the site names them)."""
    say = strings(metamodel.languages[0])

    def page(name: str) -> str:
        return f"arkkitehtuuri/{say.table.get(f'@page {name}', name)}.md"

    pages = [(say.say("Yleiskuva"), "arkkitehtuuri/index.md")]
    pages.append((say.say("Vaatimustenmukaisuus"), page("vaatimustenmukaisuus")))
    if metamodel.views.service_path is not None:
        pages.append((say.say("Palvelupolku"), page("palvelupolku")))
    pages.append((say.say("Validointiraportti"), page("validointi")))
    return pages


def _mkdocs(name: str, metamodel) -> str:
    say = strings(metamodel.languages[0])
    home, architecture = say.say("Etusivu"), say.say("Arkkitehtuuri")
    nav = [f"  - {_yaml_scalar(home)}: index.md", f"  - {_yaml_scalar(architecture)}:"]
    nav += [f"      - {_yaml_scalar(title)}: {file}" for title, file in _pages(metamodel)]
    return MKDOCS.format(name_yaml=_yaml_scalar(name), language=metamodel.languages[0], nav="\n".join(nav) + "\n")


def _front_page(name: str, metamodel) -> str:
    say = strings(metamodel.languages[0])
    links = "\n".join(f"- [{title}]({file})" for title, file in _pages(metamodel)[:2])
    about = say.say("Alueen oma arkkitehtuuri kansallisen viitearkkitehtuurin päällä.")
    return FRONT_PAGE.format(name=name, about=about, links=links)


def _actor_section(metamodel) -> str:
    """The section the area's first element goes in: the metamodel's kind of actors (ArchiMate's
    BusinessActor: `actors` by default, `parties` in another), else its first kind."""
    kinds = list(metamodel.kinds.values())
    return next((k.plural for k in kinds if k.archimate == "BusinessActor"), kinds[0].plural)


def _config_text(extends: str, rev: str | None, folder: str, model_dir: Path, name: str) -> str:
    if "://" in extends or extends.startswith("git@") or extends.endswith(".git"):
        if not rev:
            raise ConfigError("a git reference needs --rev, a tag or a commit, so that the area is pinned to it")
        spec = {"git": extends, "rev": rev, "folder": folder}
    else:
        reference = Path(extends)
        if not reference.is_dir():
            raise ConfigError(f"--extends {extends}: no such folder (or give a git URL with --rev)")
        spec = {"path": os.path.relpath(reference.resolve(), model_dir.resolve())}
    about = {"title": name, "introduction": {"fi": "Kuvaa tähän alueen arkkitehtuuri parilla lauseella."}}
    return "# The area's model extends the reference model: reference elements are read-only here.\n" + yaml.safe_dump(
        {"extends": spec, "about": about}, allow_unicode=True, sort_keys=False
    )


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()
