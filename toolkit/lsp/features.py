"""What the language server answers, as plain functions of the checked model and a file's text: the id or key
under the cursor, completion, definition, references, hover, rename, the outline and quick fixes.

Positions are 1-based lines and columns counted in characters, as in refarch.problems.Location; the server
converts them to the editor's units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refarch.build import COMMON_FIELDS, RELATION_ITEM_FIELDS, is_id
from refarch.escape import control_free, markdown_text
from refarch.lsp.session import Index, ModelSession
from refarch.metamodel import Metamodel
from refarch.model import Element, first_sentence
from refarch.problems import Location, suggestions

ID_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
KEY = re.compile(r"^(\s*)(-\s+)?([A-Za-z0-9_-]+):(?:\s|$)")
MAX_COMPLETIONS = 200  # more are cut, and the list says it is incomplete: the editor asks again as one types
SECTION_KEYS = ("provenance",)  # a model file's top-level keys besides the kinds' sections


class RenameError(Exception):
    """A rename that cannot be made, with the reason the editor shows."""


@dataclass(frozen=True)
class Completion:
    label: str
    detail: str  # the kind, or what a key is
    description: str = ""  # an element's name
    documentation: str = ""
    is_id: bool = True


@dataclass(frozen=True)
class Symbol:
    id: str
    name: str
    kind: str  # the kind's label
    range: Location  # the element's whole mapping
    selection: Location  # its id


def lines_of(text: str) -> list[str]:
    r"""A text's lines as editors count them (LF, CRLF or CR), not as str.splitlines does (which also breaks
    at form feeds, U+2028 and others).

    >>> lines_of("a\r\nb\u2028c\nd")
    ['a', 'b\u2028c', 'd']
    """
    return LINE_BREAK.split(text)


def word_at(line: str, column: int) -> tuple[str, int, int] | None:
    """The id-like word of a line at a 1-based column, with its columns (end exclusive).

    >>> word_at("  uses: [catalogue, loans]", 12)
    ('catalogue', 10, 19)
    """
    start = column - 1
    if not 0 <= start <= len(line):
        return None
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "-"):  # back to the word's start
        start -= 1
    match = ID_TOKEN.match(line, start)
    if match is None or match.end() < column - 1:
        return None
    return match.group(), match.start() + 1, match.end() + 1


def token_at(text: str, line: int, column: int) -> tuple[str, int, int] | None:
    """The id-like word at a position of a text.

    >>> token_at("a: 1\\n  uses: [catalogue, loans]", 2, 12)
    ('catalogue', 10, 19)
    """
    lines = lines_of(text)
    return word_at(lines[line - 1], column) if 1 <= line <= len(lines) else None


def id_at(session: ModelSession, file: str, text: str, line: int, column: int) -> tuple[str, Location] | None:
    """The element id under the cursor, if it names one, with the span of the word."""
    found = token_at(text, line, column)
    if session.index is None or found is None or found[0] not in session.index.model.elements:
        return None
    word, start, end = found
    return word, Location(file, line, start, line, end)


def definition(session: ModelSession, element_id: str) -> Location | None:
    return session.index.definitions.get(element_id) if session.index else None


def references(session: ModelSession, element_id: str, include_declaration: bool = True) -> list[Location]:
    """Every place that names the id (relationship targets), and its definition first when asked."""
    if session.index is None:
        return []
    found = list(session.index.references.get(element_id, []))
    where = session.index.definitions.get(element_id)
    return ([where] if include_declaration and where else []) + sorted(found)


def hover(session: ModelSession, element_id: str) -> str | None:
    """Markdown: the name in each language, the kind, the first sentence of the description, the source.
    Model text is escaped: it comes from pull requests."""
    if session.index is None or element_id not in session.index.model.elements:
        return None
    mm = session.index.model.metamodel
    element = session.index.model.elements[element_id]
    first = mm.languages[0] if mm.languages else "en"
    kind = mm.kinds[element.kind].label.get(first) or element.kind
    lines = [f"**{markdown_text(element.name)}** ({markdown_text(kind)}, `{element.id}`)"]
    others = [f"{lang}: {markdown_text(name)}" for lang, name in element.names.items() if name != element.name]
    if others:
        lines.append(" · ".join(others))
    description = next(iter(element.description.values()), "")
    if description:
        lines.append(markdown_text(first_sentence(description)))
    if element.source:
        lines.append("*" + markdown_text(first_sentence(element.source, 200)) + "*")
    return "\n\n".join(lines)


def symbols(session: ModelSession, file: str) -> list[Symbol]:
    """The file's elements, in the order written, for an outline."""
    if session.index is None:
        return []
    mm = session.index.model.metamodel
    first = mm.languages[0] if mm.languages else "en"
    return [
        Symbol(e.id, control_free(e.name), mm.kinds[e.kind].label.get(first) or e.kind, e.location, e.where("id"))
        for e in session.index.by_file.get(file, [])
    ]


def rename(session: ModelSession, element_id: str, new_id: str) -> dict[str, list[tuple[Location, str]]]:
    """The edits that rename an id everywhere it is defined and named: {file: [(span, new text)]}, the
    model's subject in refarch.yaml included. Refused (RenameError) when it cannot be whole: an id that is
    no slug or is taken, a reference model's element, a model file that cannot be read (what it names is
    unknown), a place that no longer says the id."""
    index, result = session.index, session.result
    if index is None or result is None or element_id not in index.model.elements:
        raise RenameError(f'no element "{element_id}" in the model')
    if new_id == element_id:
        raise RenameError(f'"{new_id}" is its id already')
    if not is_id(new_id):
        raise RenameError(f'"{new_id}" is no id: lower-case letters, digits and single hyphens, e.g. "city-library"')
    if new_id in index.model.elements:
        raise RenameError(f'"{new_id}" is already the id of another element')
    if index.model.is_reference(index.model.elements[element_id]):
        raise RenameError(f'"{element_id}" is defined in the reference model, which an area does not edit')
    if result.unreadable_files:
        raise RenameError(f"{', '.join(result.unreadable_files)} cannot be read: fix it first, or what it names stays")
    places = references(session, element_id)
    subject = _subject(session, element_id)
    edits: dict[str, list[tuple[Location, str]]] = {}
    for where in [*places, *([subject] if subject else [])]:
        text = session.text_of(where.file)
        span = _exact(where, text, element_id) if text is not None else None
        if span is None:
            raise RenameError(f"{where} no longer says {element_id}: the model changed; try again")
        edits.setdefault(where.file, []).append((span, new_id))
    return edits


def _subject(session: ModelSession, element_id: str) -> Location | None:
    """Where refarch.yaml names the id as the model's subject (`about: subject:`), if it does."""
    result = session.result
    if result is None or result.config.about.subject != element_id or not result.config.path:
        return None
    text = session.text_of(result.config.path) or ""
    for n, line in enumerate(lines_of(text), 1):
        found = re.match(rf"^\s+subject:\s*['\"]?({re.escape(element_id)})['\"]?\s*(#.*)?$", line)
        if found:
            return Location(result.config.path, n, found.start(1) + 1)
    return None


def _exact(where: Location, text: str, word: str) -> Location | None:
    """The span of `word` at a value's position, inside its quotation marks if it has them: the whole word
    there, not the start of a longer one."""
    lines = lines_of(text)
    if where.line > len(lines):
        return None
    line, start = lines[where.line - 1], where.column - 1
    if line[start : start + 1] in ("'", '"'):
        start += 1
    found = ID_TOKEN.match(line, start)
    if found is None or found.group() != word:
        return None
    return Location(where.file, where.line, start + 1, where.line, start + 1 + len(word))


def quick_fixes(hint: str | None, lines: list[str], where: Location) -> list[str]:
    """The replacements a finding's hint suggests ('did you mean "x"?'), when the finding stands on one
    word of its file's `lines`, which the replacement takes the place of (a finding over a whole mapping
    offers none)."""
    found = suggestions(hint)
    if not found:
        return []
    if where.end_line not in (None, where.line) or not 1 <= where.line <= len(lines):
        return []
    line = lines[where.line - 1]
    start = where.column - 1
    end = (where.end_column - 1) if where.end_column is not None else len(line)
    said = line[start:end].strip("'\"")
    return found if re.fullmatch(r"[\w-]+", said) else []


def completions(session: ModelSession, text: str, line: int, column: int) -> tuple[list[Completion], bool]:
    """What may be written at the cursor, and whether the list was cut (MAX_COMPLETIONS):

    - the ids of elements a relationship may point at from this element's kind, after `uses:`, in a list
      of them, or after `to:` in one of its items, each with its name and kind;
    - the sections of a model file at the start of a line, the fields and relationship names of an
      element inside it, the fields of a relationship item inside one.
    """
    index = session.index
    if index is None:
        return [], False
    lines = lines_of(text)
    if line > len(lines):
        return [], False
    before = lines[line - 1][: column - 1]
    chain = _enclosing(lines, line - 1, len(before) - len(before.lstrip(" ")))
    mm = index.model.metamodel
    section = next((key for kind, key in reversed(chain) if kind == "key"), None)
    source_kind = mm.kinds_by_plural[section].id if section is not None and section in mm.kinds_by_plural else None
    item = re.match(r"^\s*(-\s+)?(?:([A-Za-z0-9_-]+):\s*)?(.*)$", before)
    assert item is not None  # the pattern matches any line
    listed, key, value = bool(item.group(1)), item.group(2), item.group(3)
    parent = next((k for kind, k in chain if kind == "key"), None)
    if key is not None:
        in_item = key == "to" and parent in mm.relationships  # `- to: x` under `uses:`, not a flow's own `to:`
        relationship = parent if in_item else key if key in mm.relationships else None
        if relationship is not None and not value.lstrip().startswith(("{", '"', "'")):
            partial = re.split(r"[\s\[,]", value)[-1]
            return _ids(index, mm, relationship, source_kind, partial)
        return [], False
    if listed and parent is not None and parent in mm.relationships:
        return _ids(index, mm, parent, source_kind, value)
    if not chain:
        return _keys([*mm.kinds_by_plural, *SECTION_KEYS], "section", value), False
    if chain[0][0] == "item" and len(chain) > 1 and chain[1][1] in mm.relationships:
        return _keys(list(RELATION_ITEM_FIELDS), "relationship field", value), False
    if (chain[0][0] == "item" or listed) and source_kind is not None and parent == section:
        kind = mm.kinds[source_kind]
        names = [*COMMON_FIELDS, *kind.fields, *(r for r, rt in mm.relationships.items() if rt.allows_source(kind.id))]
        return _keys(names, f"field of a {kind.id}", value), False
    return [], False


def _ids(index: Index, mm: Metamodel, relationship: str, source_kind: str | None, partial: str):
    rt = mm.relationships[relationship]
    first = mm.languages[0] if mm.languages else "en"
    fits = [
        e
        for e in index.model.elements.values()
        if (rt.allows(source_kind, e.kind) if source_kind else rt.allows_target(e.kind))
        and (partial in e.id or partial.lower() in e.name.lower())
    ]
    fits.sort(key=lambda e: (not e.id.startswith(partial), e.id))
    items = [_id_item(e, mm, first) for e in fits[:MAX_COMPLETIONS]]
    return items, len(fits) > MAX_COMPLETIONS


def _id_item(element: Element, mm: Metamodel, lang: str) -> Completion:
    kind = mm.kinds[element.kind].label.get(lang) or element.kind
    about = first_sentence(next(iter(element.description.values()), ""))
    return Completion(element.id, kind, control_free(element.name), control_free(about))


def _keys(names: list[str], what: str, partial: str) -> list[Completion]:
    return [Completion(n, what, is_id=False) for n in dict.fromkeys(names) if n.startswith(partial)]


def _enclosing(lines: list[str], line: int, indent: int) -> list[tuple[str, str]]:
    """What holds a line that starts at `indent`, innermost first: ("item", "") for a list item whose
    mapping it is in, ("key", name) for a key it is under; stops at the file's top-level key."""
    chain: list[tuple[str, str]] = []
    limit = indent
    for n in range(line - 1, -1, -1):
        text = lines[n]
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or limit == 0:
            if limit == 0:
                break
            continue
        lead = len(text) - len(text.lstrip(" "))
        if lead >= limit:
            continue
        dash = re.match(r"^\s*-\s+", text)
        if dash and len(dash.group()) <= limit:
            chain.append(("item", ""))
        elif (key := KEY.match(text)) is not None and not dash:
            chain.append(("key", key.group(3)))
        limit = lead
    return chain
