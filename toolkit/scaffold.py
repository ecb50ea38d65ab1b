"""`refarch new`: write a new element skeleton into the file where elements of its kind live.

The skeleton is inserted as text, so the file's comments and layout stay as they were.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from refarch.build import ID_PATTERN, slugify
from refarch.errors import ConfigError
from refarch.load import CONFIG_NAMES
from refarch.metamodel import Kind, Metamodel
from refarch.model import Model
from refarch.problems import did_you_mean

SCHEMA_FILE = "refarch.schema.json"


def skeleton(kind: Kind, element_id: str, mm: Metamodel, languages: Sequence[str] = ("fi", "en")) -> str:
    """The YAML lines of a new element, indented as a list item of its section, with a name in each language
    names are written in (`Config.name_languages`).

    >>> from refarch.metamodel import load_metamodel
    >>> mm = load_metamodel()
    >>> print(skeleton(mm.kinds["actor"], "reader", mm), end="")
      - id: reader
        name:
          fi: TODO
          en: TODO
        description: TODO
        source: TODO
    """
    lines = [
        f"  - id: {element_id}",
        "    name:",
        *(f"      {language}: TODO" for language in languages),
        "    description: TODO",
        "    source: TODO",
    ]
    for name in kind.required:
        if name in kind.fields:
            lines.append(f"    {name}: {_placeholder(kind.fields[name])}")
    for name, targets in expected_relationships(kind, mm).items():
        lines.append(f"    {name}: todo  # id of the {' or '.join(targets)}")
    return "\n".join(lines) + "\n"


def expected_relationships(kind: Kind, mm: Metamodel) -> dict[str, list[str]]:
    """The relationships an element of the kind is expected to write, each with the kinds it may point at:
    those it requires, and a flow's sender, receiver and data (`views.flows`), without which it is no flow.

    >>> from refarch.metamodel import load_metamodel
    >>> mm = load_metamodel()
    >>> list(expected_relationships(mm.kinds["flow"], mm)), list(expected_relationships(mm.kinds["actor"], mm))
    (['from', 'to', 'carries'], [])
    """
    wanted = {name: mm.target_kinds(mm.relationships[name]) for name in kind.required if name in mm.relationships}
    flows = mm.views.flows
    if flows is not None and kind.id == flows.kind:
        for name in (flows.sender, flows.receiver, flows.carries):
            wanted.setdefault(name, mm.target_kinds(mm.relationships[name]))
    return wanted


def choose_file(model: Model, model_dir: Path, kind: Kind) -> Path:
    """The file of the model's own that already holds most elements of the kind, else the first of its files
    with the kind's section still empty (as `refarch init` leaves one), else `<layer>/<plural>.yaml`.

    An area model's reference elements never count: their files are the reference's, read-only to the area.
    """
    counts = Counter(
        e.location.file for e in model.elements.values() if e.kind == kind.id and not model.is_reference(e)
    )
    if counts:
        best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        return Path(best)
    header = re.compile(rf"^{re.escape(kind.plural)}:\s*(#.*)?$", re.MULTILINE)
    for name in model.files:
        if name not in model.reference_files and header.search(_text_of(Path(name))):
            return Path(name)
    return model_dir / kind.layer / f"{kind.plural}.yaml"


def add_element(
    model: Model,
    model_dir: Path,
    kind_id: str,
    element_id: str,
    file: Path | None = None,
    languages: Sequence[str] = ("fi", "en"),
    protected: Sequence[Path] = (),
) -> Path:
    """Insert the skeleton; refuses unknown kinds, bad or taken ids, and sections it cannot extend."""
    mm = model.metamodel
    kind = mm.kinds.get(kind_id)
    if kind is None:
        hint = did_you_mean(kind_id, mm.kinds) or "kinds: " + ", ".join(mm.kinds)
        raise ConfigError(f'no element kind "{kind_id}"; {hint}')
    if not ID_PATTERN.fullmatch(element_id):
        raise ConfigError(f'id "{element_id}" is not a slug; use "{slugify(element_id)}"')
    if element_id in model.elements:
        raise ConfigError(f'id "{element_id}" is taken by {model.elements[element_id].location}')
    target = file or choose_file(model, model_dir, kind)
    _refuse_unless_own_model_file(target, model, model_dir, protected)
    text = target.read_text(encoding="utf-8") if target.exists() else _new_file_header(target, model_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        insert_into_section(text, kind.plural, skeleton(kind, element_id, mm, languages)), encoding="utf-8"
    )
    return target


def insert_into_section(text: str, section: str, block: str) -> str:
    """Insert `block` at the end of the block-style section, or add the section at the end of the file."""
    lines = text.splitlines(keepends=True)
    header = re.compile(rf"^{re.escape(section)}:\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if header.match(line.rstrip("\n"))), None)
    if start is None:
        if any(re.match(rf"^{re.escape(section)}:", line) for line in lines):
            raise ConfigError(f'section "{section}" is written in flow style; add the element by hand')
        prefix = text if not text or text.endswith("\n") else text + "\n"
        separator = "\n" if prefix.strip() else ""
        return f"{prefix}{separator}{section}:\n{block}"
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[^\s#]", lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end]) + block + "".join(lines[end:])


def _refuse_unless_own_model_file(target: Path, model: Model, model_dir: Path, protected: Sequence[Path] = ()) -> None:
    """`refarch new` writes only into the model's own folder: never into the reference model an area extends
    (a folder beside it, or its fetched copy in the cache), where the element would count as the reference's
    and be lost with the cache, never elsewhere on the disk through `--file ../x.yaml` or a symlink, and only
    into a file refarch reads as a model file (not refarch.yaml, the metamodel (`protected`), a .txt, or a
    file in a hidden folder, where the element would never be seen)."""
    resolved, folder = target.resolve(), model_dir.resolve()
    if not resolved.is_relative_to(folder):
        raise ConfigError(f"{target} is outside the model folder {model_dir}; give a file inside it")
    inside = resolved.relative_to(folder)
    if resolved.suffix not in (".yaml", ".yml") or any(part.startswith(".") for part in inside.parts):
        raise ConfigError(
            f"{target} is not a model file: give a .yaml file, not in a hidden folder, which refarch reads"
        )
    if resolved.name in CONFIG_NAMES or resolved in {p.resolve() for p in protected}:
        raise ConfigError(f"{target} is the model's configuration or metamodel, not a model file; give another file")
    if target.as_posix() in model.reference_files or any(
        Path(f).resolve() == resolved for f in model.files if f in model.reference_files
    ):
        raise ConfigError(f"{target} is a file of the reference model, read-only here; give a file of the area")


def _text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # it was read a moment ago; whatever happened, it is no choice now
        return ""


def _new_file_header(target: Path, model_dir: Path) -> str:
    schema = os.path.relpath(model_dir / SCHEMA_FILE, target.parent)
    return f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"


def _placeholder(ftype: str) -> str:
    return {
        "integer": "1",
        "number": "0",
        "boolean": "false",
        "date": "2025-01-01",
        "values": "{}",
        "strings": "[]",
    }.get(ftype, "TODO")
