"""`refarch federation REGISTRY`: every area on one reference at once, for the national coordinator.

A registry names the reference model and the areas, each a folder or a git repository at a pinned commit
(with the model folder inside it):

```yaml
reference:
  git: https://github.com/org/national.git     # or path: ../national/architecture
  rev: v1.1
areas:
  - name: Lakeside
    path: ../lakeside/architecture       # the model folder, relative to this file
  - name: Riverside
    git: https://github.com/org/riverside.git
    commit: 3f2a9c1e...                    # a commit: what the coordinator looked at
    model: architecture                    # the model folder inside it (default)
```

Each area is validated as its own repository would validate it (its refarch.yaml, pinned to its own
version of the reference), and its conformance is taken; the survey keeps per area its pin, its share,
the status of each reference element (realised, unrealised, not applicable), and its own systems and
integrations, not the models, so that 45 areas of 1,000 elements fit in memory and in a minute. With a
candidate revision of the reference every area is validated again against it, and the areas it would
break are listed with what breaks (`refarch.diff`: the area's elements with a new error or warning).

An area is read as hostile input, as a pull request is: no area's Python custom rules run, whatever
consent the command was given (it is the coordinator's, not for the areas' repositories); an area fetched
from git is fetched into the user's cache like a reference (refarch.extends), and its `extends:` must name
a remote repository (https or ssh), checked before anything else of it is read, since a folder or a local
repository named there would be read from the coordinator's disk. An area that extends another reference
than the registry's is marked, and the matrix names reference elements as the registry's reference does.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refarch.config import REFUSE_CODE, Extends, find_config, parse_extends
from refarch.errors import ConfigError
from refarch.load import display_path, read_settings
from refarch.result import Result
from refarch.revisions import REMOTE_URL, without_credentials

REGISTRY_KEYS = ("reference", "areas")
FULL_COMMIT = re.compile(r"^[0-9a-f]{40}$")
AREA_KEYS = ("name", "path", "git", "commit", "model")
REALISED, UNREALISED, NOT_APPLICABLE = "realised", "unrealised", "not-applicable"


@dataclass(frozen=True)
class AreaEntry:
    """One area as the registry names it: a model folder, or a git repository at a commit."""

    name: str
    path: Path | None = None
    git: str | None = None
    commit: str | None = None
    model: str = "architecture"


@dataclass(frozen=True)
class Registry:
    reference: Extends
    areas: tuple[AreaEntry, ...]
    where: str


@dataclass(frozen=True)
class Breakage:
    """What a candidate reference breaks in an area: an element of its own and the finding it would get."""

    element: str
    severity: str
    code: str
    message: str
    location: str


@dataclass
class AreaReport:
    """What the survey keeps of one area (no model: a survey of 45 areas holds 45 of these)."""

    name: str
    source: str  # the folder or the git URL (without credentials) and commit
    title: str | None = None
    pinned: dict[str, str | None] = field(default_factory=dict)  # refarch.extends.identity of its reference
    share: float | None = None
    status: dict[str, str] = field(default_factory=dict)  # reference element id -> realised | unrealised | ...
    reasons: dict[str, str] = field(default_factory=dict)  # reference element id -> why not applicable
    systems: list[dict[str, Any]] = field(default_factory=list)
    integrations: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    problem: str | None = None  # why the area could not be surveyed
    breaks: list[Breakage] | None = None  # with a candidate: what it would break (None: not checked)
    same_reference: bool | None = None  # whether it extends the registry's reference (None: cannot tell)
    measured: bool = True  # False: its metamodel says nothing of conformance, so no share


@dataclass
class Federation:
    reference: dict[str, str | None]
    areas: list[AreaReport]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # reference id -> (kind, name)
    candidate: dict[str, str | None] | None = None
    language: str = "fi"  # the reference's (its metamodel's first): the site page's
    kind_labels: dict[str, str] = field(default_factory=dict)  # kind id -> its label in `language`

    @property
    def matrix(self) -> dict[str, dict[str, str]]:
        """Reference element id -> area name -> status; an id the area's reference version lacks is absent."""
        ids = sorted({i for area in self.areas for i in area.status}, key=lambda i: (self.names.get(i, ("", ""))[0], i))
        return {i: {a.name: a.status.get(i, "absent") for a in self.areas if a.problem is None} for i in ids}

    @property
    def skew(self) -> list[dict[str, Any]]:
        """The reference versions the areas pin (a folder by its path), those most areas pin first; `current`
        marks the registry's own (the same commit, or the same folder)."""
        groups: dict[tuple[str | None, str | None], list[str]] = {}
        for area in self.areas:
            if area.problem is None:
                pin = (area.pinned.get("rev") or area.pinned.get("path"), area.pinned.get("commit"))
                groups.setdefault(pin, []).append(area.name)
        mine = (self.reference.get("rev") or self.reference.get("path"), self.reference.get("commit"))
        return [
            {"rev": rev, "commit": commit, "current": (rev, commit) == mine, "areas": names}
            for (rev, commit), names in sorted(groups.items(), key=lambda item: (-len(item[1]), str(item[0])))
        ]


def load_registry(path: Path) -> Registry:
    """The registry file, every mistake a ConfigError naming the file and the key."""
    where = display_path(path)
    data = read_settings(path, "registry")
    if not isinstance(data, dict):
        raise ConfigError("the registry must be a mapping with `reference:` and `areas:`", where)
    unknown = sorted(set(map(str, data)) - set(REGISTRY_KEYS))
    if unknown:
        raise ConfigError(f'unknown key "{unknown[0]}" in the registry; keys: {", ".join(REGISTRY_KEYS)}', where)
    if data.get("reference") is None:
        raise ConfigError("the registry names no `reference:` (a `path:`, or `git:` with `rev:`)", where)
    reference = parse_extends(data["reference"], path.parent, where)
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas:
        raise ConfigError("`areas:` must be a list of areas, each with a `name:` and a `path:` or `git:`", where)
    entries = tuple(_area_entry(item, path.parent, where) for item in areas)
    names = [e.name for e in entries]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise ConfigError(f'two areas are named "{doubled[0]}"; names tell areas apart in every report', where)
    return Registry(reference, entries, where)


def _area_entry(item: Any, base: Path, where: str) -> AreaEntry:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise ConfigError("each area is a mapping with a `name:` (text) and a `path:` or `git:`", where)
    name = item["name"].strip()
    unknown = sorted(set(map(str, item)) - set(AREA_KEYS))
    if unknown:
        raise ConfigError(f'area "{name}": unknown key "{unknown[0]}"; keys: {", ".join(AREA_KEYS)}', where)
    if ("path" in item) == ("git" in item):
        raise ConfigError(f'area "{name}" needs exactly one of `path:` (a folder) and `git:` (a repository)', where)
    if "path" in item:
        if "commit" in item or "model" in item:
            raise ConfigError(
                f'area "{name}": `commit:` and `model:` go with `git:`; a `path:` is the model folder', where
            )
        return AreaEntry(name, path=base / str(item["path"]))
    commit = item.get("commit")
    if not (isinstance(commit, str) and FULL_COMMIT.fullmatch(commit)):
        raise ConfigError(
            f'area "{name}": a git area needs `commit:`, the full hash (40 hexadecimal digits) of the commit to '
            "survey (a short one could be taken for a tag of that name)",
            where,
        )
    spec = parse_extends({"git": item["git"], "rev": commit, "folder": str(item.get("model", "architecture"))},
                         base, where)  # fmt: skip
    return AreaEntry(name, git=spec.git, commit=spec.rev, model=spec.folder)


def survey(registry: Registry, candidate: str | None = None) -> Federation:
    """Every area of the registry, surveyed one after the other; with `candidate`, each also validated against
    that revision of the reference."""
    from refarch.config import reference_metamodel
    from refarch.extends import base_folder, identity
    from refarch.metamodel import load_metamodel

    folder = base_folder(registry.reference)  # fetched (and verified) once, before the areas that share it
    file = reference_metamodel(registry.reference)
    metamodel = load_metamodel(file) if file is not None else load_metamodel()
    language = metamodel.languages[0]
    labels = {k.id: k.label.get(language) or next(iter(k.label.values()), k.id) for k in metamodel.kinds.values()}
    report = Federation(identity(registry.reference), [], language=language, kind_labels=labels)
    report.names.update(_expected_names(folder))
    refused = REFUSE_CODE.set(True)
    try:
        with _candidate_reference(registry, candidate) as (against, commit):
            if against is not None:
                report.candidate = {"rev": candidate, "commit": commit}
            for entry in registry.areas:
                area = _survey_area(entry, against, report.names)
                area.same_reference = _same_reference(report.reference, area.pinned) if not area.problem else None
                report.areas.append(area)
    finally:
        REFUSE_CODE.reset(refused)
    return report


def _expected_names(folder: Path) -> dict[str, tuple[str, str]]:
    """The kind and name of every reference element an area is expected to realise, as the registry's own
    reference says them (an area on a fork of it cannot rename the matrix's rows for every area)."""
    from refarch import pipeline

    model = pipeline.check([folder]).model
    spec = model.metamodel.conformance
    if spec is None:
        return {}
    return {e.id: (e.kind, e.name) for e in model.elements.values() if any(s.covers(e) for s in spec.scope)}


def _same_reference(mine: dict[str, str | None], pinned: dict[str, str | None]) -> bool | None:
    """Whether an area extends the registry's reference (any version of it): the same repository, or the
    same folder; None when one is a folder and the other a repository."""
    if mine.get("git") and pinned.get("git"):
        return _repository(mine["git"] or "") == _repository(pinned["git"] or "")
    if mine.get("path") and pinned.get("path"):
        return mine["path"] == pinned["path"]
    return None


def _repository(url: str) -> str:
    return url.rstrip("/").removesuffix(".git").lower()


def _survey_area(entry: AreaEntry, against: Extends | None, names: dict[str, tuple[str, str]]) -> AreaReport:
    from refarch import pipeline
    from refarch.conformance import conformance
    from refarch.extends import identity

    area = AreaReport(entry.name, _source(entry))
    try:
        folder = _area_folder(entry)
        if entry.git is not None:
            _extends_a_remote(folder)
        result = pipeline.check([folder])
        if result.config.extends is None:
            raise ConfigError("its refarch.yaml extends no reference model")
        if entry.git is not None and result.config.extends.path is not None:
            raise ConfigError("a fetched area must extend its reference by git, not by a folder on this disk")
        area.title, area.pinned = result.config.about.title, identity(result.config.extends)
        report = conformance(result.model)
        area.measured = report.applies
        area.share = round(report.share, 4) if report.applies else None
        for item, status in (
            *((i, REALISED) for i in report.realised),
            *((i, UNREALISED) for i in report.unrealised),
            *((i, NOT_APPLICABLE) for i in report.not_applicable),
        ):
            area.status[item.reference] = status
            names.setdefault(item.reference, (item.kind, result.model.elements[item.reference].name))
        area.reasons = {i.reference: i.reason or "" for i in report.not_applicable}
        area.systems, area.integrations = _own_systems(result), _own_integrations(result)
        area.errors = sum(p.severity == "error" for p in result.problems)
        area.warnings = sum(p.severity == "warning" for p in result.problems)
        if against is not None:
            area.breaks = _breaks(result, pipeline.check([folder], reference=against))
    except ConfigError as exc:
        area.problem = without_credentials(str(exc))
    except OSError as exc:  # an area's files that vanish or cannot be read mid-survey: that area's problem
        area.problem = without_credentials(f"cannot read {exc.filename or 'its files'}: {exc.strerror or exc}")
    return area


def _extends_a_remote(folder: Path) -> None:
    """A fetched area's refarch.yaml, read as data before anything else: its `extends:` must be a remote
    repository. Loading the configuration would already read the metamodel of a folder named there."""
    config = find_config([folder])
    data = read_settings(config, "configuration") if config is not None else None
    spec = data.get("extends") if isinstance(data, dict) else None
    url = spec.get("git") if isinstance(spec, dict) else None
    if not isinstance(url, str) or not REMOTE_URL.match(url):
        raise ConfigError(
            "a fetched area must extend its reference as a remote repository (`extends: {git: https://...}`), "
            "not a folder or a local repository, which would be read from this machine"
        )


def _breaks(pinned: Result, candidate: Result) -> list[Breakage]:
    """The area's own elements with an error or warning the candidate introduces, each with the finding."""
    from refarch.diff import compare

    changes = compare(pinned, candidate, reach=False)
    return [Breakage(p.element or "", p.severity, p.code, p.message, str(p.location)) for p in changes.broken()]


def _own_systems(result: Result) -> list[dict[str, Any]]:
    """The area's own application components (the metamodel's kinds of ArchiMate ApplicationComponent), each
    with the reference elements it realises, specialises or uses."""
    model = result.model
    kinds = {k.id for k in model.metamodel.kinds.values() if k.archimate == "ApplicationComponent"}
    return [_described(model, e) for e in _own(model) if e.kind in kinds]


def _own_integrations(result: Result) -> list[dict[str, Any]]:
    """The area's own flows (`views.flows`), each with its sender, receiver and the reference flows it stands for."""
    model = result.model
    flows = model.metamodel.views.flows
    if flows is None:
        return []
    found = []
    for e in _own(model):
        if e.kind == flows.kind:
            ends = {r.type: r.target for r in e.relationships if r.type in (flows.sender, flows.receiver)}
            item = _described(model, e)
            item["from"], item["to"] = ends.get(flows.sender), ends.get(flows.receiver)
            item["names"].update({i: model.elements[i].name for i in (item["from"], item["to"]) if i in model.elements})
            found.append(item)
    return found


def _own(model) -> list:
    return sorted((e for e in model.elements.values() if not model.is_reference(e)), key=lambda e: e.id)


def _described(model, element) -> dict[str, Any]:
    spec = model.metamodel.conformance
    ways = set(spec.realised_by) if spec is not None else set()
    reference = sorted(
        r.target
        for r in element.relationships
        if r.type in ways and r.target in model.elements and model.is_reference(model.elements[r.target])
    )
    names = {i: model.elements[i].name for i in reference}
    return {"id": element.id, "name": element.name, "kind": element.kind, "reference": reference, "names": names}


def _area_folder(entry: AreaEntry) -> Path:
    if entry.path is not None:
        if not entry.path.is_dir():
            raise ConfigError(f"no folder {display_path(entry.path)}")
        return entry.path
    from refarch.extends import base_folder

    return base_folder(Extends(git=entry.git, rev=entry.commit, folder=entry.model, where=f"area {entry.name}"))


def _source(entry: AreaEntry) -> str:
    if entry.path is not None:
        return display_path(entry.path)
    return f"{without_credentials(entry.git or '')}@{entry.commit}"


@contextmanager
def _candidate_reference(registry: Registry, rev: str | None) -> Iterator[tuple[Extends | None, str | None]]:
    """The reference at the candidate revision (a tag, a commit, or a branch: it is not tagged yet), unpacked
    into a temporary folder that lives as long as the survey, and the commit it resolved to."""
    if rev is None:
        yield None, None
        return
    from refarch.revisions import extract, git_bytes, git_text

    if rev.startswith("-"):
        raise ConfigError(f'--candidate "{rev}" is no revision (git would read it as an option)')
    ref = registry.reference
    with tempfile.TemporaryDirectory(prefix="refarch-candidate-") as tmp:
        if ref.git is not None:
            repo = Path(tmp) / "repository"
            git_text(None, "clone", "--quiet", "--no-checkout", "--", ref.git, str(repo))
            for_commit, folder = repo, ref.folder
        else:
            assert ref.path is not None
            top = git_text(ref.path, "rev-parse", "--show-toplevel", check=False).strip()
            if not top:
                raise ConfigError(f"--candidate: the reference folder {ref.path} is not in a git repository")
            for_commit, folder = Path(top), ref.path.resolve().relative_to(Path(top).resolve()).as_posix()
        commit = git_text(for_commit, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False).strip()
        if not commit:
            commit = git_text(for_commit, "rev-parse", "--verify", "--quiet", f"origin/{rev}^{{commit}}", check=False)
            commit = commit.strip()
        if not commit:
            raise ConfigError(f'--candidate: the reference has no revision "{rev}"')
        unpacked = Path(tmp) / "tree"
        unpacked.mkdir()
        extract(git_bytes(for_commit, "archive", "--format=tar", commit), unpacked, f"--candidate {rev}")
        if ref.git is not None:
            shutil.rmtree(repo, ignore_errors=True)
        if not (unpacked / folder).is_dir():
            raise ConfigError(f'--candidate: revision "{rev}" has no folder {folder}')
        yield Extends(path=unpacked / folder, where=registry.where), commit
