"""Read model files into YAML node trees with positions, turning every kind of bad input into a Problem.

libyaml composes the nodes (fast, with a mark on every node); this module then walks each tree once to
refuse what a model file must not contain: duplicate keys (PyYAML would keep the last one silently),
tags that would construct objects (`!!python/...`), anchors and aliases (the vehicle of "billion laughs"
bombs), and nesting deep enough to exhaust the C stack. Files over the size limit, invalid UTF-8 and
tab indentation are caught before parsing.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from refarch.errors import ConfigError
from refarch.problems import Location, Problem, Related

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_MEMO: dict[str, str] = {}
_MEMO_LIMIT = 200_000
assert not _BaseLoader.yaml_path_resolvers, "the fast resolve below assumes no path resolvers"


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe libyaml loader with a faster tag resolution, giving the same tags as its base class.

    libyaml calls back into Python to resolve the tag of every node. Collections and quoted scalars
    always get the default tag (the safe loader has no path resolvers); plain scalars are resolved by
    the base class once per distinct short value and remembered, since keys, ids and numbers repeat.
    """

    def resolve(
        self,
        kind,
        value,
        implicit,
        _get=_MEMO.get,
        _scalar=yaml.ScalarNode,  # noqa: ANN001, ANN201
        _mapping=yaml.MappingNode,
        _base=_BaseLoader.resolve,
    ):
        if kind is _scalar:
            if not implicit[0]:
                return _STR
            tag = _get(value)
            if tag is None:
                tag = _base(self, kind, value, implicit)
                if len(value) <= 32:
                    if len(_MEMO) > _MEMO_LIMIT:
                        _MEMO.clear()
                    _MEMO[value] = tag
            return tag
        return _MAP if kind is _mapping else _SEQ


CONFIG_NAMES = ("refarch.yaml", "refarch.yml")
DEFAULT_MAX_BYTES = 1024 * 1024
SETTINGS_MAX_BYTES = 1024 * 1024  # refarch.yaml and a metamodel: a cap no file can change
MAX_DEPTH = 200
# Nesting is bounded by the brackets plus twice the longest line (block nesting needs indentation or
# a compact "- - -" run on one line). Below this bound composing is safe without counting events.
_CHEAP_DEPTH_BOUND = 2000
SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# Characters YAML reads as line breaks and editors, GitHub and the Language Server Protocol do not: after one,
# every line number of a finding would point at the wrong line.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a model file, as a node tree whose marks give positions."""

    file: str
    node: yaml.Node


def display_path(path: Path) -> str:
    """A POSIX path relative to the working directory when possible (what editors, GitHub and SARIF want)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def discover(paths: Iterable[Path], problems: list[Problem] | None = None) -> list[Path]:
    """Model files under the given paths: *.yaml and *.yml, sorted, without hidden folders or the config.

    Links are followed only while they stay inside their model folder: a link (to a file or a folder) that
    leads outside is refused, an `outside-model` problem at the link, and never read, so that a pull
    request cannot make refarch quote or publish a file from elsewhere. A folder that cannot be read is an
    `unreadable-folder` problem, never silently skipped. Without `problems` both raise a ConfigError.
    """
    found: dict[Path, Path] = {}  # resolved -> as found (a link inside the model is read once)
    refused: list[Problem] = []
    for path in paths:
        if path.is_dir():
            _walk(path, found, refused)
        elif _outside(path, path.parent):
            refused.append(_outside_problem(path))
        else:
            found.setdefault(path.resolve(), path)
    if problems is None and refused:
        raise ConfigError(refused[0].message, str(refused[0].location))
    if problems is not None:
        problems.extend(refused)
    return sorted(found.values(), key=lambda p: p.as_posix())


def _walk(root: Path, found: dict[Path, Path], refused: list[Problem]) -> None:
    if _outside(root, root.parent):
        refused.append(_outside_problem(root))
        return
    real_root = root.resolve()

    def unreadable(error: OSError) -> None:
        where = Location(display_path(Path(error.filename))) if error.filename else Location(display_path(root))
        refused.append(_error("unreadable-folder", where, f"cannot read the folder: {error.strerror}",
                              "make it readable, or move it out of the model folder"))  # fmt: skip

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            if (here / name).is_symlink() and not (here / name).resolve().is_relative_to(real_root):
                refused.append(_outside_problem(here / name))
        for name in sorted(files):
            candidate = here / name
            if candidate.suffix not in (".yaml", ".yml") or (here == root and name in CONFIG_NAMES):
                continue
            resolved = candidate.resolve()
            if not resolved.is_relative_to(real_root):
                refused.append(_outside_problem(candidate))
            elif resolved.is_file():
                found.setdefault(resolved, candidate)


def _outside(path: Path, within: Path) -> bool:
    """Whether a link leads out of `within` (a path that is not a link never does)."""
    return path.is_symlink() and not path.resolve().is_relative_to(within.resolve())


def _outside_problem(link: Path) -> Problem:
    return _error(
        "outside-model",
        Location(display_path(link)),
        "a link that leads outside the model folder: not read",
        "copy the file into the model folder instead of linking to it",
    )


class TooLarge(Exception):
    """A file over the size it may have; `size` is at least the limit plus one."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, reading at most `limit` + 1 of them: a device, a pipe or a file that grows
    (`/dev/zero`) can never make refarch read without end. Raises OSError, or TooLarge over the limit.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def read_settings(path: Path, what: str) -> Any:
    """A configuration or metamodel file as plain data, read with the same guards as model files.

    Every problem (unreadable, not UTF-8, a syntax error, a tag, an alias, a duplicate key) is a
    ConfigError at its position: such a file stops the run with exit code 2.
    """
    name = display_path(path)
    try:
        raw = read_bounded(path, SETTINGS_MAX_BYTES)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what}: {exc.strerror}", name) from None
    except TooLarge as exc:
        raise ConfigError(f"the {what} is over {SETTINGS_MAX_BYTES:,} bytes ({exc.size:,} or more)", name) from None
    text, problem = _decode(raw, name)
    documents: list[Document] = []
    if problem is None:
        documents, problems = load_text(text, name)
        problems += [p for doc in documents for p in duplicate_keys(doc.node, name)]
        problem = problems[0] if problems else None
    if problem is not None:
        raise ConfigError(f"the {what} is not valid YAML: {problem.message}", str(problem.location))
    if len(documents) > 1:
        raise ConfigError(f"the {what} must be a single YAML document", name)
    try:
        return SafeConstructor().construct_document(documents[0].node) if documents else None
    except ValueError as exc:  # a timestamp YAML cannot make into a date, e.g. 2022-13-01
        raise ConfigError(
            f"the {what} has a date that does not exist ({exc}); write dates as YYYY-MM-DD, or quote the text",
            name,
        ) from None


def read_value(text: str, name: str) -> tuple[Any, bool]:
    """One YAML value read with the guards of model files (no tags, anchors, aliases, duplicate keys or
    deep nesting), and whether it could be: a value from outside (an exchange file's property) that
    would make a model file the loader refuses is no value.

    >>> read_value("[a, {b: 1}]", "x"), read_value("!!binary aGk=", "x"), read_value("{a: 1, a: 2}", "x")
    ((['a', {'b': 1}], True), (None, False), (None, False))
    """
    documents, problems = load_text(text, name)
    problems += [p for doc in documents for p in duplicate_keys(doc.node, name)]
    if problems or len(documents) > 1:
        return None, False
    try:
        return (SafeConstructor().construct_document(documents[0].node) if documents else None), True
    except ValueError:
        return None, False


def load_files(
    files: Iterable[Path],
    problems: list[Problem],
    max_bytes: int = DEFAULT_MAX_BYTES,
    names: Mapping[Path, str] | None = None,
    read: Reader | None = None,
) -> Iterator[Document]:
    """The documents of every file, one file at a time; problems go into `problems`. A file is named by
    `names` when given there (a reference model's files), else by its path (display_path).

    A generator, so that the builder can use a file's nodes and let them go before the next file is
    read: memory stays at the size of the model, not of all its node trees.
    """
    for path in files:
        docs, found = (read or load_file)(path, max_bytes, (names or {}).get(path))
        problems.extend(found)
        yield from docs


# How one file becomes documents and problems: load_file, or refarch lsp's reader of unsaved editor text.
Reader = Callable[[Path, int, str | None], tuple[list[Document], list[Problem]]]


def load_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> tuple[list[Document], list[Problem]]:
    name = name or display_path(path)
    try:
        raw = read_bounded(path, max_bytes)
    except TooLarge as exc:
        return [], [too_large(name, exc.size, max_bytes)]
    except OSError as exc:
        return [], [_error("yaml-syntax", Location(name), f"cannot read file: {exc.strerror}")]
    text, problem = _decode(raw, name)
    if problem:
        return [], [problem]
    return load_text(text, name)


def too_large(name: str, size: int, max_bytes: int) -> Problem:
    """The finding for a file (or an editor's text) over the size limit."""
    return _error(
        "file-too-large",
        Location(name),
        f"file is {size:,} bytes; the limit is {max_bytes:,}",
        "split the file (the limit is raised only on the command line: refarch --max-file-size N)",
    )


def load_text(text: str, name: str) -> tuple[list[Document], list[Problem]]:
    """Parse YAML text that is already decoded; used for files and by tests."""
    if (tab := _TAB_INDENT.search(text)) is not None:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return [], [
            _error(
                "yaml-syntax",
                Location(name, line, column),
                "tab character in indentation",
                "indent with spaces; YAML does not allow tabs there",
            )
        ]
    if (other := _OTHER_BREAKS.search(text)) is not None:
        line = text.count("\n", 0, other.start()) + 1
        column = other.start() - (text.rfind("\n", 0, other.start()) + 1) + 1
        return [], [
            _error(
                "yaml-syntax",
                Location(name, line, column),
                f"character U+{ord(other.group()):04X}, which YAML reads as a line break and editors do not",
                f'in a double-quoted string write it escaped, "\\u{ord(other.group()):04x}"; else remove it',
            )
        ]
    if (deep := _too_deep(text, name)) is not None:
        return [], [deep]
    try:
        nodes = list(yaml.compose_all(text, Loader=Loader))
    except yaml.MarkedYAMLError as exc:
        return [], [_syntax_problem(exc, text, name)]
    except yaml.YAMLError as exc:
        return [], [_error("yaml-syntax", Location(name), f"invalid YAML: {exc}")]
    documents: list[Document] = []
    problems: list[Problem] = []
    for node in nodes:
        if node is None or _is_empty(node):
            continue
        found = list(_unsafe_constructs(node, name, text))
        problems.extend(found)
        if not found:
            documents.append(Document(name, node))
    return documents, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """The parser's complaint at its position; at the end of the file, at the construct left open."""
    problem, context = exc.problem_mark, exc.context_mark
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    related: tuple[Related, ...] = ()
    if context is not None and exc.context:
        related = (Related(Location(name, context.line + 1, context.column + 1), exc.context),)
    if problem is None or (problem.line + 1 > last_line and context is not None):
        problem = context
        message = f"{exc.problem} at the end of the file ({exc.context})" if exc.context else str(exc.problem)
        related = ()
    else:
        message = exc.problem or "invalid YAML"
    loc = Location(name, problem.line + 1, problem.column + 1) if problem else Location(name)
    return _error("yaml-syntax", loc, message, hint=_syntax_hint(message, text, loc), related=related)


INDENTATION_HINT = (
    "check the indentation: this key is deeper than the key above it; keys of one mapping start in one column"
)


def _syntax_hint(message: str, text: str, at: Location) -> str | None:
    r"""What to do, for the mistake the message and the line show (the parser says "mapping values are not
    allowed" both for a key indented too deep and for a value with ': ' in it).

    >>> _syntax_hint("mapping values are not allowed here", "a:\n  - id: x\n     name: y\n", Location("f", 3, 10))
    'check the indentation: this key is deeper than the key above it; keys of one mapping start in one column'
    >>> _syntax_hint("mapping values are not allowed here", "name: a: b\n", Location("f", 1, 8))
    "a value that contains ': ' needs quotes: write it in double quotes"
    """
    if "flow mapping" in message or "flow sequence" in message or "expected ',' or" in message:
        return "close the bracket, or quote a value that contains , [ ] { }"
    if "mapping values are not allowed" in message:
        lines = text.splitlines()
        line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
        first_colon = line.find(":")
        if first_colon >= 0 and first_colon == at.column - 1:  # the error is at this line's own key
            return INDENTATION_HINT
        return "a value that contains ': ' needs quotes: write it in double quotes"
    if "expected '-' indicator" in message:
        return "check the indentation: the keys of a list item start in the column after its '- '"
    if "end of stream" in message and "quoted" in message:
        return "close the quotation mark this text opens"
    if "could not find expected ':'" in message:
        return "write a key with a colon and a space after it (key: value), or indent the line as its key's value"
    if "did not find expected key" in message or "expected <block end>" in message:
        return "check the indentation: this line starts in another column than the keys above it"
    if "indentation" in message or "block" in message:
        return "check the indentation: items of one list or mapping start in the same column"
    return None


def _is_empty(node: yaml.Node) -> bool:
    """An empty document (a lone `---`) composes to a null scalar; it holds nothing to read."""
    return (
        isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null")
    )


def location_of(file: str, node: yaml.Node, _new=tuple.__new__, _location=Location) -> Location:  # noqa: ANN001
    """The 1-based span of a node (made for every field of every element, hence the direct tuple)."""
    s, e = node.start_mark, node.end_mark
    return _new(_location, (file, s.line + 1, s.column + 1, e.line + 1, e.column + 1))


def short_tag(tag: str) -> str:
    """'tag:yaml.org,2002:python/object' -> '!!python/object', as it was written."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _decode(raw: bytes, name: str) -> tuple[str, Problem | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return "", _error(
            "encoding",
            Location(name, line, column),
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", _error("encoding", Location(name, line), "NUL character in file", "this looks like a binary file")
    return text, None


def _too_deep(text: str, name: str) -> Problem | None:
    longest = max((len(line) for line in text.splitlines()), default=0)
    if text.count("[") + text.count("{") + 2 * longest + 2 <= _CHEAP_DEPTH_BOUND:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _error(
                        "yaml-syntax",
                        Location(name, mark.line + 1, mark.column + 1) if mark else Location(name),
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "a model file is a shallow structure",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports the syntax error with its position
    return None


def _unsafe_constructs(root: yaml.Node, name: str, text: str) -> Iterator[Problem]:
    """Unsafe tags and aliases, found in one iterative walk (no recursion, no expansion).

    Tags need a "!" and aliases an "&" anchor in the text; a file with neither is not walked at all
    (the path most files take). Duplicate keys are found by the builder, which visits every mapping.
    """
    if "!" not in text and "&" not in text:
        return
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            yield _error(
                "yaml-alias",
                location_of(name, node),
                "this value is used again through an alias; anchors and aliases are not allowed "
                "in model files, so this document was not read",
                "write the value out where it is needed",
            )
            return
        seen.add(id(node))
        if node.tag not in SAFE_TAGS:
            yield _error(
                "unsafe-tag",
                location_of(name, node),
                f'tag "{short_tag(node.tag)}" is not allowed',
                "model files hold plain data: remove the tag",
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(value)
                stack.append(key)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def duplicate_keys(root: yaml.Node, name: str) -> Iterator[Problem]:
    """Duplicate keys anywhere under `root` (for free-form values the builder does not read key by key)."""
    stack: list[yaml.Node] = [root]
    scalar = yaml.ScalarNode
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            yield from mapping_duplicates(node, name)
            stack.extend(v for k, v in node.value if v.__class__ is not scalar)
            stack.extend(k for k, v in node.value if k.__class__ is not scalar)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(v for v in node.value if v.__class__ is not scalar)


def mapping_duplicates(node: yaml.MappingNode, name: str) -> Iterator[Problem]:
    """Keys that appear twice in one mapping, each with a note where it first appeared."""
    keys = [k.value if isinstance(k, yaml.ScalarNode) else id(k) for k, _ in node.value]
    if len(set(keys)) == len(keys):
        return
    first: dict = {}
    for (key, _), value in zip(node.value, keys, strict=True):
        earlier = first.setdefault(value, key)
        if earlier is not key:
            yield _error(
                "duplicate-key",
                location_of(name, key),
                f'duplicate key "{key.value}" in mapping',
                hint="YAML keeps only one of them: merge the two or rename one",
                related=(_first_defined(name, earlier),),
            )


def _first_defined(name: str, node: yaml.Node) -> Related:
    return Related(location_of(name, node), "first defined here")


def _error(
    code: str, loc: Location, message: str, hint: str | None = None, related: tuple[Related, ...] = ()
) -> Problem:
    """A load finding with the severity its rule declares (imported here: the rules need the metamodel,
    which reads its file with this module)."""
    from refarch.rules.stages import stage_problem

    return stage_problem(code, loc, message, hint=hint, related=related)
