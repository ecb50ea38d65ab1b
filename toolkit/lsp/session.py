"""The model an editor works on: its files parsed once and kept, an editor's unsaved text in place of a
file's, and the last validation with an index of where each id is defined and named.

Nothing here speaks the Language Server Protocol (refarch.lsp.server does): positions are the model's
own, 1-based lines and columns counted in characters (refarch.problems.Location).
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from refarch import pipeline
from refarch.config import find_config
from refarch.errors import ConfigError
from refarch.load import Document, display_path, load_file, load_text, too_large
from refarch.model import Element, Model
from refarch.problems import Location, Problem
from refarch.result import Result
from refarch.validate import Kept

Parsed = tuple[list[Document], list[Problem]]


@dataclass(frozen=True)
class Index:
    """Where each id is defined (its `id:` value) and every place that names it (relationship targets)."""

    model: Model
    definitions: dict[str, Location] = field(default_factory=dict)
    references: dict[str, list[Location]] = field(default_factory=dict)
    by_file: dict[str, list[Element]] = field(default_factory=dict)

    @classmethod
    def of(cls, model: Model) -> Index:
        index = cls(model)
        for element in (*model.elements.values(), *model.duplicates):
            index.by_file.setdefault(element.location.file, []).append(element)
        for element in model.elements.values():
            index.definitions[element.id] = element.where("id")
        for relationship in model.relationships:
            index.references.setdefault(relationship.target, []).append(relationship.location)
        return index

    def element_at(self, file: str, line: int) -> Element | None:
        """The element whose mapping holds a 1-based line of a file (the innermost, the last that starts
        before it)."""
        found = None
        for element in self.by_file.get(file, []):
            loc = element.location
            if loc.line <= line <= (loc.end_line or loc.line):
                found = element
        return found


class ModelSession:
    """One model folder, checked again after every change with only the changed files parsed again.

    >>> session = ModelSession(Path("examples/library"), Path("architecture"))
    >>> session.check().model.elements["online-catalogue"].kind
    'application'
    """

    def __init__(self, root: Path, model_dir: Path) -> None:
        self.root = Path(os.path.normpath(root.absolute()))  # as the editor names it: a symlink stays one
        self.real_root = self.root.resolve()
        self.model_dir = model_dir
        self.texts: dict[Path, str] = {}  # unsaved editor text, by resolved path
        self.versions: dict[Path, int] = {}  # the editor's version of each such text
        self.checked_versions: dict[Path, int] = {}  # the versions the last check read
        self._reading: dict[Path, str] = {}  # the texts the running check reads: one moment's, whole
        self._parsed: dict[Path, tuple[tuple, Parsed]] = {}
        self._lock = Lock()  # one check at a time: the parse cache is shared
        self.kept = Kept()  # the findings about one element at a time, by file: only changed files' are new
        self.result: Result | None = None
        self.index: Index | None = None
        self.error: ConfigError | None = None

    def path_of(self, name: str) -> Path:
        """A file as findings name it (relative to the root), as a path under the root as the editor names
        the root (its URIs must be the editor's, a symlinked workspace included)."""
        return Path(os.path.normpath(self.root / name))

    def name_of(self, path: Path) -> str:
        """A file's path as findings name it: relative to the root, POSIX."""
        return Path(os.path.relpath(path.resolve(), self.real_root)).as_posix()

    def config_path(self) -> Path | None:
        """The model's refarch.yaml, as the editor names it, if there is one."""
        found = find_config([self.real_root / self.model_dir])
        return self.path_of(self.name_of(found)) if found is not None and self.within(found) else None

    def within(self, path: Path) -> bool:
        """Whether a path is in the workspace, symlinks followed: nothing outside it is read or reported."""
        return path.resolve().is_relative_to(self.real_root)

    def owns(self, path: Path) -> bool:
        """Whether a file is one of the model's own YAML files (not the metamodel, not elsewhere)."""
        folder = (self.real_root / self.model_dir).resolve()
        return path.suffix in (".yaml", ".yml") and self.within(path) and path.resolve().is_relative_to(folder)

    def text_of(self, name: str) -> str | None:
        """A file's text as the editor has it, else as it is on disk (None when it cannot be read)."""
        path = self.path_of(name).resolve()
        if path in self.texts:
            return self.texts[path]
        if not self.within(path):
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def read(self, path: Path, max_bytes: int, name: str | None) -> Parsed:
        """A pipeline reader (refarch.load.Reader): the editor's text where it has the file, and a file
        parsed before when neither its text nor the file on disk has changed since."""
        resolved = path.resolve()
        text = self._reading.get(resolved)
        if text is not None:
            key: tuple = ("text", text)
        else:
            try:
                stat = resolved.stat()
            except OSError:
                return load_file(path, max_bytes, name)
            key = ("disk", stat.st_mtime_ns, stat.st_size)
        name = name or display_path(path)
        cached = self._parsed.get(resolved)
        if cached is not None and cached[0] == key:
            return cached[1]
        self.kept.fresh.add(name)  # read anew: the rules about its elements look at it again
        parsed = load_file(path, max_bytes, name) if text is None else self._parse(text, max_bytes, name)
        self._parsed[resolved] = (key, parsed)
        return parsed

    @staticmethod
    def _parse(text: str, max_bytes: int, name: str) -> Parsed:
        size = len(text.encode("utf-8"))
        if size > max_bytes:  # the same limit as a file on disk
            return [], [too_large(name, size, max_bytes)]
        return load_text(text, name)

    def check(self) -> Result:
        """Validate the model with the editor's texts, keep the result and the index; a model that cannot
        be checked at all (a broken refarch.yaml, no model folder) keeps its error in `error`."""
        if not (self.real_root / self.model_dir).resolve().is_relative_to(self.real_root):
            self.error = ConfigError(f"the model folder {self.model_dir} is outside the workspace {self.root}")
            raise self.error
        with self._lock, contextlib.chdir(self.real_root):
            self._reading, versions = dict(self.texts), dict(self.versions)
            self.kept.fresh = set()
            try:
                result = pipeline.check([self.model_dir], read=self.read, require_files=False, kept=self.kept)
            except ConfigError as exc:
                self.error = exc
                raise
            self.error = None
            self.result, self.index, self.checked_versions = result, Index.of(result.model), versions
        # The model and the kept node trees are millions of objects without cycles: out of the collector's
        # sight, so that its full passes (a second each on 10,000 elements) never stall an answer.
        gc.freeze()
        return result
