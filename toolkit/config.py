"""The model repository's configuration, `refarch.yaml` beside the model files.

    about:                             # optional: what the model says of itself to its readers
      version: "1.0"                   # the site's footer and overview
      date: 2022-12-31
      title: Kirjastopalvelujen viitearkkitehtuuri   # the overview's heading (`refarch site pages`)
      subject: kirjastouudistus        # an element whose description opens the overview
      introduction: {fi: ..., en: ...} # the overview's opening text, per language
    metamodel: metamodel.yaml          # optional: replaces the default metamodel
    languages: [en, pt]                # optional: the model's languages, first its own (the metamodel's else)
    max-file-size: 1048576             # bytes per model file
    rules:
      orphan-element: off              # off, error, warning or info
      sum-mismatch: {tolerance: 1}     # options, and optionally severity
    checks:                            # declared checks: data, no code (refarch/rules/declared.py)
      step-without-flow:
        summary: A step of the service path has no flows.
        applies-to: step
        requires: {via: [has-part], to: [flow], max-length: 1}
    custom-rules:                      # Python: run only with the runner's consent (docs/security.md)
      - code: my-check
        function: checks/mine.py:my_check
    extends:                           # an area model on top of a reference model (read-only to it)
      path: ../../architecture         # a folder, relative to this file; or
      # git: https://github.com/org/national.git
      # rev: v1.2.0                    # a tag or a commit: pinned
      # commit: 3f2a...                # the commit `rev` resolved to: checked on every run (init writes it)
      # folder: architecture           # the model folder inside that repository

Every mistake here is a ConfigError (exit code 2) naming the file and the key, never a traceback.

What this file names is a pull request's to choose, so nothing in it can run code or lift a limit on its
own: Python custom rules are imported only with the runner's consent (`--allow-custom-rules` or
REFARCH_ALLOW_CUSTOM_RULES=1 in the environment, never a setting here) and only from files inside this
file's folder; `max-file-size` can lower the cap on model files, not raise it (a command-line flag can).
"""

from __future__ import annotations

import contextvars
import datetime
import importlib.util
import inspect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from refarch.build import is_id
from refarch.errors import ConfigError
from refarch.load import CONFIG_NAMES, DEFAULT_MAX_BYTES, display_path, read_settings
from refarch.metamodel import Metamodel, load_metamodel
from refarch.model import Model
from refarch.problems import SEVERITIES, Finding, did_you_mean
from refarch.rules import BUILTIN
from refarch.rules.base import Check, Rule
from refarch.rules.completeness import rules_from
from refarch.rules.declared import declared_rules

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639: the model's languages (`languages:`)
TITLE_MAX = 120  # about.title's characters
TOP_KEYS = ("about", "metamodel", "languages", "max-file-size", "rules", "checks", "custom-rules", "extends")
ABOUT_KEYS = ("version", "date", "title", "subject", "introduction")
CONSENT_ENV = "REFARCH_ALLOW_CUSTOM_RULES"
# Set by `refarch --allow-custom-rules` for the one command run (cli.main runs each in its own context).
ALLOW_CODE: contextvars.ContextVar[bool] = contextvars.ContextVar("allow_code", default=False)
# Set by `refarch federation` while it checks the areas: their repositories are not the runner's, so no
# consent given for this one (`--allow-custom-rules`, the environment) extends to their Python.
REFUSE_CODE: contextvars.ContextVar[bool] = contextvars.ContextVar("refuse_code", default=False)
# Raised only by a command-line flag (`--max-file-size`), never by refarch.yaml.
MAX_FILE_CAP: contextvars.ContextVar[int] = contextvars.ContextVar("max_file_cap", default=DEFAULT_MAX_BYTES)


def code_allowed() -> bool:
    """Whether the runner consented to running the repository's Python custom rules."""
    return not REFUSE_CODE.get() and (ALLOW_CODE.get() or os.environ.get(CONSENT_ENV) == "1")


EXTENDS_KEYS = ("path", "git", "rev", "folder", "commit")
COMMIT = re.compile(r"^[0-9a-f]{7,40}$")
CUSTOM_KEYS = ("code", "function", "severity", "summary")


@dataclass(frozen=True)
class Config:
    """The rules to run (with severities and options), the metamodel and the limits."""

    metamodel: Metamodel
    rules: Mapping[str, Rule]
    disabled: frozenset[str] = frozenset()
    max_file_size: int = DEFAULT_MAX_BYTES
    path: str | None = None
    base: Path = field(default_factory=Path.cwd)
    extends: Extends | None = None
    not_run: tuple[str, ...] = ()  # Python custom rules declared but not run: no consent
    about: About = field(default_factory=lambda: About())
    metamodel_file: Path | None = None  # the model's own metamodel: beside the model files, but not one of them

    @property
    def name_languages(self) -> tuple[str, ...]:
        """The languages every name is written in: the model's own first, then the translations the rule
        `missing-translation` asks for (an area chooses them: `[sv]` for a bilingual one)."""
        primary = self.metamodel.languages[0]
        rule = self.rules.get("missing-translation")
        asked = () if rule is None or rule.code in self.disabled else tuple(rule.options.get("languages", ()))
        return (primary, *(lang for lang in dict.fromkeys(asked) if lang != primary))


@dataclass(frozen=True)
class About:
    """What the model says of itself for its readers, each optional: a version and a date (the site's footer),
    a title, the element it is about and an introduction (the overview's opening, from the model's own
    files rather than the toolkit's templates)."""

    version: str | None = None
    date: datetime.date | None = None
    title: str | None = None
    subject: str | None = None
    introduction: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Extends:
    """The reference model an area model builds on: a folder, or a folder of a git repository at a pinned
    revision. `where` is the configuration file, for messages."""

    path: Path | None = None
    git: str | None = None
    rev: str | None = None
    folder: str = "architecture"
    where: str = ""
    commit: str | None = None  # the commit `rev` must resolve to (a tag can be moved); checked on every run


def find_config(paths: list[Path]) -> Path | None:
    """The refarch.yaml in the first model folder, or beside the first model file."""
    for path in paths:
        folder = path if path.is_dir() else path.parent
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        metamodel = load_metamodel()
        rules = {**BUILTIN, **{r.code: r for r in rules_from(metamodel)}}
        return Config(metamodel=metamodel, rules=rules, max_file_size=MAX_FILE_CAP.get())
    data = read_settings(path, "configuration")
    return parse_config(data or {}, path.parent, display_path(path))


def parse_config(data: Any, base: Path, where: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping", where)
    _check_keys(data, TOP_KEYS, "", where)
    extends = parse_extends(data["extends"], base, where) if data.get("extends") is not None else None
    metamodel_file = None
    if data.get("metamodel"):
        metamodel_file = inside(base, str(data["metamodel"]), "metamodel", where)
    elif extends is not None:
        metamodel_file = reference_metamodel(extends)
    metamodel = load_metamodel(metamodel_file) if metamodel_file is not None else load_metamodel()
    if data.get("languages") is not None:
        metamodel = replace(metamodel, languages=_languages(data["languages"], where))
    cap = MAX_FILE_CAP.get()
    max_size = data.get("max-file-size", cap)
    if not isinstance(max_size, int) or isinstance(max_size, bool) or max_size <= 0:
        raise ConfigError("max-file-size must be a positive whole number of bytes", where)
    if max_size > cap:
        raise ConfigError(
            f"max-file-size {max_size:,} is over the cap of {cap:,} bytes, which only the command line can raise "
            "(`refarch --max-file-size N`)",
            where,
        )
    rules = dict(BUILTIN)
    for rule in rules_from(metamodel):
        if rule.code in rules:
            raise ConfigError(
                f'completeness rule "{rule.code}" of the metamodel has the code of a built-in rule', where
            )
        rules[rule.code] = rule
    declared = declared_rules(data.get("checks") or {}, metamodel, where)
    custom = _custom_rules(data.get("custom-rules") or [], base, where, run=code_allowed())
    for rule in (*declared, *custom):
        if rule.code in rules:
            raise ConfigError(f'custom rule "{rule.code}" has the code of a rule that exists already', where)
        rules[rule.code] = rule
    not_run = tuple(r.code for r in custom if r.check is None)
    disabled: set[str] = set()
    settings = data.get("rules") or {}
    if not isinstance(settings, dict):
        raise ConfigError("rules must be a mapping of rule codes to settings", where)
    for code, setting in settings.items():
        configured = rules.get(code)
        if configured is None:
            hint = did_you_mean(str(code), rules)
            raise ConfigError(f'rules: no such rule "{code}"' + (f"; {hint}" if hint else ""), where)
        if not configured.configurable:
            raise ConfigError(
                f'rules: "{code}" cannot be configured: a file that cannot be read is always an error', where
            )
        if setting is False or setting == "off":
            disabled.add(code)
        else:
            rules[code] = _configured(configured, setting, where)
    about = _about(data["about"], where) if data.get("about") is not None else About()
    return Config(metamodel, rules, frozenset(disabled), max_size, where, base, extends, not_run, about, metamodel_file)


def _languages(spec: Any, where: str) -> tuple[str, ...]:
    """`languages: [en, pt]`: language codes (ISO 639, two or three letters), the model's own first."""
    if (
        not isinstance(spec, list)
        or not spec
        or not all(isinstance(lang, str) and LANGUAGE_CODE.fullmatch(lang) for lang in spec)
        or len(set(spec)) != len(spec)
    ):
        raise ConfigError("languages must be a list of distinct language codes, the model's own first: [fi, en]", where)
    return tuple(spec)


def _about(spec: Any, where: str) -> About:
    """`about: {version: "1.0", date: 2022-12-31}`: a short version text and a calendar date."""
    if not isinstance(spec, dict):
        raise ConfigError('about must be a mapping: `about: {version: "1.0", date: 2022-12-31}`', where)
    _check_keys(spec, ABOUT_KEYS, "about.", where)
    version, date = spec.get("version"), spec.get("date")
    if isinstance(version, float):  # YAML reads 1.10 as the number 1.1: the version would change silently
        message = f"about.version {version!r} is read as a number (YAML makes 1.10 the number 1.1)"
        raise ConfigError(message + '; quote it as written, e.g. version: "1.10"', where)
    if version is not None and (isinstance(version, bool) or not isinstance(version, (str, int))
                                or not 0 < len(str(version)) <= 40):  # fmt: skip
        raise ConfigError('about.version must be a short text (at most 40 characters), e.g. "1.0"', where)
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            message = f"about.date {date!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-12-31"
            raise ConfigError(message, where) from None
    if date is not None and (isinstance(date, datetime.datetime) or not isinstance(date, datetime.date)):
        raise ConfigError("about.date must be a date, YYYY-MM-DD, e.g. 2022-12-31", where)
    title, subject, introduction = spec.get("title"), spec.get("subject"), spec.get("introduction", {})
    if title is not None and not (isinstance(title, str) and 0 < len(title) <= TITLE_MAX and "\n" not in title):
        raise ConfigError(f"about.title must be one line of text (at most {TITLE_MAX} characters)", where)
    if subject is not None and not (isinstance(subject, str) and is_id(subject)):
        raise ConfigError(f"about.subject must be an element id, e.g. library-reform, not {subject!r}", where)
    if isinstance(introduction, str):
        introduction = {"fi": introduction}
    if not isinstance(introduction, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in introduction.items()
    ):
        raise ConfigError("about.introduction must be a text, or one per language: {fi: ..., en: ...}", where)
    return About(None if version is None else str(version), date, title, subject, MappingProxyType(introduction))


def parse_extends(spec: Any, base: Path, where: str) -> Extends:
    """`extends:` (and a federation registry's `reference:`): a folder, or a git repository at a revision."""
    if isinstance(spec, str):
        spec = {"path": spec}
    if not isinstance(spec, dict):
        raise ConfigError("extends must be a mapping: `path: FOLDER`, or `git: URL` with `rev: TAG-OR-COMMIT`", where)
    _check_keys(spec, EXTENDS_KEYS, "extends.", where)
    if ("path" in spec) == ("git" in spec):
        raise ConfigError("extends needs exactly one of `path` (a folder) and `git` (a repository URL)", where)
    if "git" in spec:
        if not isinstance(spec.get("rev"), str) or not spec["rev"].strip():
            raise ConfigError("extends: a git base needs `rev:`, a tag or a commit, so that it is pinned", where)
        if str(spec["git"]).startswith("-") or spec["rev"].strip().startswith("-"):
            raise ConfigError("extends: `git` and `rev` may not start with '-' (git would read them as options)", where)
        folder = str(spec.get("folder", "architecture"))
        if Path(folder).is_absolute() or ".." in Path(folder).parts:
            raise ConfigError("extends: `folder` is a folder inside the reference repository, without '..'", where)
        commit = spec.get("commit")
        if commit is not None and not (isinstance(commit, str) and COMMIT.fullmatch(commit)):
            raise ConfigError("extends: `commit` is a commit's hash, 7 to 40 hexadecimal digits in lower case", where)
        return Extends(git=str(spec["git"]), rev=spec["rev"].strip(), folder=folder, where=where, commit=commit)
    if "rev" in spec or "folder" in spec or "commit" in spec:
        raise ConfigError("extends: `rev`, `commit` and `folder` go with `git`; a `path` is a folder already", where)
    return Extends(path=Path(os.path.normpath(base / str(spec["path"]))), where=where)


def reference_metamodel(ext: Extends) -> Path | None:
    """The metamodel of the reference model an area extends, which the area shares unless it names its own:
    its elements are of the reference's kinds. None when the reference uses the default one."""
    from refarch.extends import base_folder

    folder = base_folder(ext)
    config = next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()), None)
    settings = read_settings(config, "configuration") if config is not None else None
    if not isinstance(settings, dict) or not settings.get("metamodel"):
        return None
    return inside(folder, str(settings["metamodel"]), "metamodel", display_path(config or folder))


def _configured(rule: Rule, setting: Any, where: str) -> Rule:
    if isinstance(setting, str):
        setting = {"severity": setting}
    if not isinstance(setting, dict):
        raise ConfigError(f'rules: "{rule.code}" takes off, a severity, or a mapping of options', where)
    severity = setting.get("severity", rule.severity)
    if severity not in SEVERITIES:
        raise ConfigError(
            f'rules: "{rule.code}": severity must be one of {", ".join(SEVERITIES)}, not {severity!r}', where
        )
    options = dict(rule.options)
    for key, value in setting.items():
        if key == "severity":
            continue
        if key not in options:
            allowed = ", ".join(["severity", *options])
            raise ConfigError(f'rules: unknown option "{key}" for rule "{rule.code}"; options: {allowed}', where)
        expected = type(options[key])
        if expected in (int, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
            pass
        elif not isinstance(value, expected):
            raise ConfigError(f'rules: option "{key}" of "{rule.code}" must be {expected.__name__}', where)
        options[key] = value
    return replace(rule, severity=severity, options=options)


def inside(base: Path, name: str, what: str, where: str) -> Path:
    """`name` relative to the configuration's folder, which it may not leave (no `..`, no absolute path, no
    symlink pointing out): a pull request must not make refarch read, or run, a file elsewhere."""
    path = base / name
    root = base.resolve()
    if not path.resolve().is_relative_to(root):
        raise ConfigError(f"{what} {name!r} is outside the configuration's folder {base}; keep it inside", where)
    return path


def _custom_rules(entries: Any, base: Path, where: str, run: bool) -> list[Rule]:
    """Python rules. Without the runner's consent (`run`) nothing is imported: each is a rule without a
    check, which the report names as not run."""
    if not isinstance(entries, list):
        raise ConfigError("custom-rules must be a list", where)
    rules = []
    for n, entry in enumerate(entries, 1):
        label = f"custom-rules[{n}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{label} must be a mapping with code and function", where)
        _check_keys(entry, CUSTOM_KEYS, f"{label}.", where)
        code, spec = entry.get("code"), entry.get("function")
        if not isinstance(code, str) or not code:
            raise ConfigError(f"{label} needs a code", where)
        if not isinstance(spec, str) or ":" not in spec:
            raise ConfigError(f'{label}: function must be "path/to/file.py:function_name"', where)
        severity = entry.get("severity", "warning")
        if severity not in SEVERITIES:
            raise ConfigError(f"{label}: severity must be one of {', '.join(SEVERITIES)}", where)
        file = inside(base, spec.rpartition(":")[0], f"{label}: the file", where)
        if not run:
            summary = entry.get("summary") or code
            rules.append(Rule(code, severity, summary, summary, stage="custom", check=None, origin=spec))
            continue
        function = _import_function(file, spec, label, where)
        doc = inspect.getdoc(function) or ""
        summary = entry.get("summary") or (doc.splitlines()[0] if doc else code)
        rules.append(
            Rule(code, severity, summary, doc or summary, stage="custom", check=_calling(function), origin=spec)
        )
    return rules


def _calling(function: Callable[[Model], Iterable[Finding]]) -> Check:
    """A custom rule takes the model alone; the runner passes options too."""
    return lambda model, options: function(model)


def _import_function(file: Path, spec: str, label: str, where: str):
    file_part, _, name = spec.rpartition(":")
    if not file.is_file():
        raise ConfigError(f"{label}: no file {file_part!r} beside the configuration", where)
    module_spec = importlib.util.spec_from_file_location(f"refarch_custom_{file.stem}", file)
    if module_spec is None or module_spec.loader is None:
        raise ConfigError(f"{label}: {file_part} cannot be imported as Python", where)
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except BaseException as exc:  # noqa: BLE001 - a user's file: any error, exit() too, is a configuration error
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise ConfigError(f"{label}: importing {file_part} failed: {type(exc).__name__}: {exc}", where) from None
    function = getattr(module, name, None)
    if not callable(function):
        raise ConfigError(f"{label}: {file_part} has no function {name!r}", where)
    return function


def _check_keys(data: dict, allowed: tuple[str, ...], prefix: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            raise ConfigError(
                f'unknown key "{prefix}{key}"' + (f"; {hint}" if hint else f"; keys: {', '.join(allowed)}"), where
            )
