"""The one path from files to findings, shared by every command: load -> build -> rules -> settle."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from refarch.build import build
from refarch.config import Config, Extends, find_config, load_config, reference_metamodel
from refarch.errors import ConfigError
from refarch.load import Reader, discover, display_path, load_file, load_files
from refarch.model import Model
from refarch.problems import Location, Problem, plural
from refarch.result import Result, Waived
from refarch.rules.stages import stage_problem
from refarch.validate import Kept, run_rules, settle


def check(
    paths: Sequence[Path],
    config_path: Path | None = None,
    require_files: bool = True,
    read: Reader = load_file,
    kept: Kept | None = None,
    reference: Extends | None = None,
) -> Result:
    """Validate the model under `paths`; a missing path or a bad configuration is a ConfigError.

    `reference` stands in for the reference model the configuration's `extends:` names (`refarch federation
    --candidate`: each area against a reference not yet released); the metamodel stays the pinned one's.

    With `require_files`, paths that hold no model file are a ConfigError too: a mistyped folder
    must not pass as an empty, valid model. `read` parses one file (`refarch lsp` passes one that
    reads an editor's unsaved text and keeps the files that did not change parsed), and `kept` holds the
    findings of the rules about one element at a time from the check before, for the files not read anew.

    The cyclic garbage collector is paused meanwhile: loading makes about twenty objects per line of
    YAML and no reference cycles, so its passes were most of the run time (docs/benchmarks.md).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check(paths, config_path, require_files, read, kept, reference)
    finally:
        if paused:
            gc.enable()


def _check(
    paths: Sequence[Path],
    config_path: Path | None,
    require_files: bool,
    read: Reader,
    kept: Kept | None,
    reference: Extends | None = None,
) -> Result:
    for path in paths:
        if not path.exists():
            raise ConfigError(f"no such file or folder: {path}")
    config_file = config_path or find_config(list(paths))
    config = load_config(config_file)
    if reference is not None and config.extends is not None:
        config = replace(config, extends=reference)
    if kept is not None and kept.key != (key := _settings_key(config_file, config)):
        kept.key, kept.by_rule = key, {}  # other settings or another metamodel: nothing kept holds
    problems: list[Problem] = []
    files = discover(paths, problems)
    if config.metamodel_file is not None:
        files = [f for f in files if f.resolve() != config.metamodel_file.resolve()]
    if require_files and not files and not problems:
        raise ConfigError(f"no model files (*.yaml, *.yml) in {', '.join(map(str, paths))}")
    own_files = {f.resolve() for f in files}
    # the reference model's files (not those of an area that lives inside its base), by their names
    names = {f: name for f, name in _reference_files(config).items() if f.resolve() not in own_files}
    reference_files = list(names)
    model, build_problems = build(
        load_files([*reference_files, *files], problems, config.max_file_size, names, read),
        config.metamodel,
        frozenset(names.values()),
    )
    unreadable_at = {
        p.location.file: p.location for p in sorted(problems, key=Problem.sort_key) if p.severity == "error"
    }
    unreadable = sorted(unreadable_at)
    problems.extend(build_problems)
    skipped = _skipped_checks(config, unreadable)
    problems.extend(run_rules(model, config, skipped, kept))
    if skipped:
        problems.append(
            stage_problem(
                "checks-skipped",
                unreadable_at[unreadable[0]],
                f"{plural(len(skipped), 'check')} that look across files not run, because "
                f"{', '.join(unreadable)} could not be read: {', '.join(sorted(skipped))}",
                hint="fix what stops the file from being read; these checks run again when it reads",
            )
        )
    if config.not_run:
        problems.append(
            stage_problem(
                "custom-rules-not-run",
                Location(config.path or "refarch.yaml"),
                f"{len(config.not_run)} Python custom rule(s) not run: {', '.join(config.not_run)}",
                hint="they run with `refarch --allow-custom-rules` or REFARCH_ALLOW_CUSTOM_RULES=1 (docs/security.md)",
            )
        )
    waived: list[Waived] = []
    settled = settle(problems, model, config, waived, skipped)
    if reference_files:
        settled = _area_problems(settled, model, config)
    waived.sort(key=lambda w: Problem.sort_key(w.problem))
    return Result(model, settled, [display_path(f) for f in files], config, tuple(waived), tuple(unreadable))


def _settings_key(config_file: Path | None, config: Config) -> tuple:
    """What the findings of a rule depend on besides the model: the configuration and metamodel files as they
    are on disk (their paths, sizes and times)."""
    files = [f for f in (config_file, config.metamodel_file) if f is not None and f.is_file()]
    return tuple((str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns) for f in files)


def _skipped_checks(config: Config, unreadable: list[str]) -> frozenset[str]:
    """The checks that look across files, when a file could not be read: without its elements they would
    report what it holds as missing (every reference to it unknown, every element it links orphaned)."""
    if not unreadable:
        return frozenset()
    return frozenset(
        code
        for code, rule in config.rules.items()
        if rule.stage in ("model", "custom")
        and not rule.local
        and rule.check is not None
        and code not in config.disabled
    )


def _area_summaries() -> dict[str, Callable[[Sequence[Problem], Model], tuple[str, str]]]:
    """The rules whose findings are about the area though they stand at reference elements, each with how
    its findings are said as one (message, hint) at the area's refarch.yaml."""
    from refarch.rules import unrealised_reference

    return {unrealised_reference.CODE: unrealised_reference.summary}


def _reference_files(config: Config) -> dict[Path, str]:
    """The model files of the reference model an area extends, each with the name findings and pages give
    it (refarch.extends.reference_names); none for a model that extends nothing."""
    if config.extends is None:
        return {}
    from refarch.extends import base_folder, reference_names

    folder = base_folder(config.extends)
    metamodel = reference_metamodel(config.extends)
    found = [f for f in discover([folder]) if metamodel is None or f.resolve() != metamodel.resolve()]
    if not found:
        raise ConfigError(f"extends: no model files in {folder}", config.extends.where)
    return reference_names(config.extends, folder, found)


def _area_problems(problems: list[Problem], model: Model, config: Config) -> list[Problem]:
    """An area answers for its own files; the reference model's own findings are its maintainers' (they are
    counted in one note, so none passes unnoticed). Findings about the area that stand at reference elements
    (`_area_summaries`) are one finding at the area's refarch.yaml: the area cannot act on a reference file."""
    own: list[Problem] = []
    at_reference: dict[str, list[Problem]] = {}
    theirs = 0
    summaries = _area_summaries()
    for p in problems:
        in_reference = p.location.file in model.reference_files
        if not in_reference or config.rules[p.code].stage == "load":  # an unreadable reference file: incomplete
            own.append(p)
        elif p.code in summaries:
            at_reference.setdefault(p.code, []).append(p)
        else:
            theirs += 1
    where = Location(config.path or "refarch.yaml", 1, 1)
    for code, found in at_reference.items():
        message, hint = summaries[code](found, model)
        own.append(Problem(code, found[0].severity, where, message, None, hint))  # the rule's settled severity
    if theirs:
        own.append(
            stage_problem(
                "reference-findings",
                where,
                f"the reference model has {theirs} finding(s) of its own, not reported here",
                hint="validate the reference model itself to see them",
            )
        )
    return sorted(own, key=Problem.sort_key)
