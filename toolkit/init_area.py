"""`refarch init --extends REF DIR`: a new area repository on top of a reference model.

It writes the model folder (its `refarch.yaml` extending the reference, pinned to a commit when it is a
git repository; a first model file; the JSON Schema for editors), `mkdocs.yml` and a front page for the
area's own site, a CI workflow that installs refarch as pinned as the reference, and a `.gitignore`, and
makes the folder a git repository. The result validates and builds at once; the architects fill it in.
"""

from __future__ import annotations

import os
import shlex
import shutil
import textwrap
import tomllib
from collections.abc import Sequence
from pathlib import Path

import yaml

from refarch.config import Extends
from refarch.errors import ConfigError
from refarch.extends import cache_entry, pin
from refarch.revisions import REMOTE_URL, git_text, without_credentials
from refarch.strings import strings

FIRST_MODEL = """\
# yaml-language-server: $schema=refarch.schema.json
# {name}: the area's own elements. Reference elements are used by their ids; write
# `specializes: <reference id>` on an element that stands for one, and add to reference elements
# under `refinements:` (see docs/areas.md of refarch). `refarch new KIND ID` writes a skeleton here.
# An example, to be written without the leading `#`s (a reference actor's id after `specializes`):
#
# {section}:
#   - id: {slug}
#     name: {name_yaml}
#     description: Alueen oma toimija. Kuvaa tähän, kuka se on ja mitä se tekee.
#     specializes: <the id of the reference actor it stands for>
{section}:
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
extra:
  generator: false   # no "Made with Material for MkDocs" in the footer of a public-sector site
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
# Safe on pull requests nobody vetted: refarch comes from the reference repository at a pinned commit,
# nothing of the pull request runs, and the site (mkdocs.yml can run code) is built only from main.
# The install step is refarch's own pinned install (docs/areas.md, "CI").
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
      - name: Install refarch
        run: |
{install}
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
      - name: Install refarch
        run: |
{install}
      - run: NO_MKDOCS_2_WARNING=1 mkdocs build --strict
"""
INSTALL = """\
sudo apt-get install -y graphviz
git clone --quiet {url} "$RUNNER_TEMP/refarch"
git -C "$RUNNER_TEMP/refarch" checkout --quiet {commit}
cd "$RUNNER_TEMP/refarch" && scripts/fetch-vendor
pip install -r "$RUNNER_TEMP/refarch/requirements.txt"
pip install --no-deps "$RUNNER_TEMP/refarch"
"""
NO_INSTALL = """\
echo "refarch init could not tell where CI gets refarch: the reference is not a remote repository (https or" >&2
echo "ssh) that holds refarch. Set this step as docs/areas.md of refarch says, under CI." >&2
exit 1
"""


def init_area(
    target: Path,
    extends: str,
    rev: str | None = None,
    folder: str = "architecture",
    name: str | None = None,
    translations: Sequence[str] = ("en",),
) -> list[Path]:
    """Write the new area repository into `target` (which must be empty or absent), and make it a git
    repository on the branch `main` with the files staged (when git is installed); the files written.

    `translations` are the languages the area's names are translated into (the rule missing-translation):
    `sv` for a bilingual area rather than the reference's `en`.
    """
    from refarch.build import slugify
    from refarch.config import load_config
    from refarch.schema import render_schema

    if target.exists() and any(target.iterdir()):
        raise ConfigError(f"{target} is not empty; give a new folder")
    model_dir = target / "architecture"
    name = name or f"{target.resolve().name} (alue)"
    spec = _extends_spec(extends, rev, folder, model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    config_file = model_dir / "refarch.yaml"
    config_file.write_text(_config_text(spec, name, translations), encoding="utf-8")
    config = load_config(config_file)  # fetches a git reference; its metamodel is the area's too
    metamodel = config.metamodel
    assert config.extends is not None
    reference = pin(config.extends)
    if reference.commit:
        spec["commit"] = reference.commit  # checked on every run: a moved tag is noticed
    config_text = _config_text(spec, name, translations)
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
        target / ".github" / "workflows" / "architecture.yml": _workflow(reference),
        target / ".gitignore": "site/\n",
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    schema = model_dir / "refarch.schema.json"
    schema.write_text(render_schema(metamodel), encoding="utf-8")
    _git_repository(target)
    return [*files, schema]


def _workflow(ext: Extends) -> str:
    """The CI workflow, installing refarch from the reference repository at the commit the area was made
    against, when that repository holds refarch (as the national one does) and is a remote one (https or
    ssh: a runner cannot fetch a local path); else with a step that fails and says what to set, rather than
    one that installs from a placeholder. The URL goes in without credentials and quoted for the shell: it
    comes from the reference's settings or its clone's `origin`, which the area does not control."""
    url: str | None
    root: Path | None
    commit: str | None
    if ext.git is not None:
        url, root, commit = ext.git, cache_entry(ext), ext.commit
    else:
        url, root, commit = _folder_origin(ext.path)
    holds_refarch = root is not None and _is_refarch(root / "pyproject.toml")
    remote = url is not None and REMOTE_URL.match(url) is not None  # a runner can fetch it; no local path
    if not (remote and commit and holds_refarch):
        return workflow_text(NO_INSTALL)
    public = without_credentials(url or "")  # the workflow is committed: never a token in it
    return workflow_text(INSTALL.format(url=shlex.quote(public), commit=shlex.quote(commit or "")))


def workflow_text(install: str) -> str:
    """The workflow with the lines of its install step (INSTALL filled in, or NO_INSTALL)."""
    return WORKFLOW.format(install=textwrap.indent(install, " " * 10).rstrip("\n"))


def _folder_origin(folder: Path | None) -> tuple[str | None, Path | None, str | None]:
    """A folder reference's repository URL (its `origin`), work tree and commit, when it is in a git clone."""
    if folder is None or shutil.which("git") is None:
        return None, None, None
    top = git_text(folder, "rev-parse", "--show-toplevel", check=False).strip()
    url = git_text(folder, "remote", "get-url", "origin", check=False).strip()
    head = git_text(folder, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
    return (url or None), (Path(top) if top else None), (head or None)


def _is_refarch(pyproject: Path) -> bool:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name") == "refarch"
    except (OSError, tomllib.TOMLDecodeError):
        return False


def _git_repository(target: Path) -> None:
    """`git init -b main` and the new files staged, so that `refarch diff main` works after the first commit."""
    if shutil.which("git") is None or (target / ".git").exists():
        return
    git_text(target, "init", "--quiet", "--initial-branch=main")
    git_text(target, "add", "--all")


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
    links = "\n".join(f"- [{title}]({file})" for title, file in _pages(metamodel)[:3])
    about = say.say(
        "Alueen oma arkkitehtuuri kansallisen viitearkkitehtuurin päällä. Sivujen alalaita kertoo, mihin viitearkkitehtuurin versioon alue on kiinnitetty."  # noqa: E501
    )
    return FRONT_PAGE.format(name=name, about=about, links=links)


def _actor_section(metamodel) -> str:
    """The section the area's first element goes in: the metamodel's kind of actors (ArchiMate's
    BusinessActor: `actors` by default, `parties` in another), else its first kind."""
    kinds = list(metamodel.kinds.values())
    return next((k.plural for k in kinds if k.archimate == "BusinessActor"), kinds[0].plural)


def _extends_spec(extends: str, rev: str | None, folder: str, model_dir: Path) -> dict[str, str]:
    if "://" in extends or extends.startswith("git@") or extends.endswith(".git"):
        if not rev:
            raise ConfigError("a git reference needs --rev, a tag or a commit, so that the area is pinned to it")
        return {"git": extends, "rev": rev, "folder": folder}
    reference = Path(extends)
    if not reference.is_dir():
        raise ConfigError(f"--extends {extends}: no such folder (or give a git URL with --rev)")
    return {"path": os.path.relpath(reference.resolve(), model_dir.resolve())}


def _config_text(spec: dict[str, str], name: str, translations: Sequence[str]) -> str:
    about = {"title": name, "introduction": {"fi": "Kuvaa tähän alueen arkkitehtuuri parilla lauseella."}}
    rules = {"missing-translation": {"languages": list(translations)}}
    return (
        "# The area's model extends the reference model: reference elements are read-only here.\n"
        + yaml.safe_dump({"extends": spec, "about": about}, allow_unicode=True, sort_keys=False)
        + "# The languages the area's names are translated into (e.g. [sv] for a bilingual area).\n"
        + yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=False, default_flow_style=None)
    )


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()
