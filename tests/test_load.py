"""Loading: positions, and hostile input that must become findings (never a traceback, never a hang)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from refarch.load import discover, load_text

from support import refarch_process

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 9) + "]\n" for i in range(30)
)

HOSTILE = {
    "billion-laughs.yaml": (BILLION_LAUGHS, "yaml-alias"),
    "python-tag.yaml": ("actors:\n  - !!python/object/apply:os.system ['touch pwned']\n", "unsafe-tag"),
    "python-name.yaml": ("actors: !!python/name:os.system\n", "unsafe-tag"),
    "deep-flow.yaml": ("a: " + "[" * 1_000_000 + "]" * 40_000, "yaml-syntax"),
    "deep-block.yaml": ("- " * 500_000 + "x\n", "yaml-syntax"),
    "invalid-utf8.yaml": (b"actors:\n  - id: k\xe4la\n", "encoding"),
    "nul.yaml": (b"actors:\x00\n", "encoding"),
    "tabs.yaml": ("actors:\n\t- id: kela\n", "yaml-syntax"),
    "huge.yaml": ("# " + "x" * (1024 * 1024 + 10) + "\n", "file-too-large"),
    "scalar-document.yaml": ("just a string\n", "not-a-mapping"),
    "list-document.yaml": ("- 1\n- 2\n", "not-a-mapping"),
    "duplicate-keys.yaml": ("actors: []\nactors: []\n", "duplicate-key"),
    "unknown-tag.yaml": ("actors: !custom [1]\n", "unsafe-tag"),
    "merge-key.yaml": ("base: &b {id: x}\nactors:\n  - <<: *b\n", "yaml-alias"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_a_finding_and_exit_1(name: str, tmp_path: Path) -> None:
    content, code = HOSTILE[name]
    folder = tmp_path / "architecture"
    folder.mkdir()
    target = folder / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    done = refarch_process("validate", "architecture", "--format", "json", cwd=tmp_path, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert f'"code": "{code}"' in done.stdout
    assert f'"file": "architecture/{name}"' in done.stdout
    assert not (tmp_path / "pwned").exists()


def test_positions_are_one_based_and_point_at_values() -> None:
    docs, problems = load_text("actors:\n  - id: kela\n    name: Kela\n", "m.yaml")
    assert problems == []
    node = docs[0].node
    item = node.value[0][1].value[0]
    key, value = item.value[1]
    assert (value.start_mark.line + 1, value.start_mark.column + 1) == (3, 11)


@pytest.mark.parametrize(
    "text, line, column, first",
    [
        ("actors: []\nsystems: []\nactors: []\n", 3, 1, (1, 1)),
        ("actors:\n  - id: a\n    name: A\n    name: B\n", 4, 5, (3, 5)),
        ("actors:\n  - id: a\n    name: {fi: A, fi: B}\n", 3, 19, (3, 12)),
        ("actors:\n  - id: a\n    name: A\n    properties: {x: {y: 1, y: 2}}\n", 4, 28, (4, 22)),
        ("steps:\n  - id: a\n    name: A\n    order: 1\n    involves: [{to: b, to: c}]\n", 5, 24, (5, 17)),
    ],
)
def test_duplicate_key_shows_both_places(text, line, column, first) -> None:
    from refarch.build import build
    from refarch.metamodel import load_metamodel

    docs, problems = load_text(text, "m.yaml")
    assert problems == []
    _, problems = build(docs, load_metamodel())
    (problem,) = [p for p in problems if p.code == "duplicate-key"]
    assert (problem.location.line, problem.location.column) == (line, column)
    assert (problem.related[0].location.line, problem.related[0].location.column) == first


def test_multiple_documents_and_empty_ones_are_read() -> None:
    docs, problems = load_text("---\nactors: []\n---\n---\nsystems: []\n", "m.yaml")
    assert problems == [] and len(docs) == 2


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    from refarch.load import load_file

    path = tmp_path / "m.yaml"
    path.write_bytes("\ufeffactors: []\n".encode("utf-8"))
    docs, problems = load_file(path)
    assert problems == [] and len(docs) == 1


def test_tab_position_names_line_and_column() -> None:
    _, (problem,) = load_text("actors:\n  - id: a\n  \tname: x\n", "m.yaml")
    assert (problem.location.line, problem.location.column) == (3, 3)
    assert "tab" in problem.message


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\x85"])
def test_a_line_break_only_yaml_counts_is_a_finding_where_editors_see_it(character: str) -> None:
    """YAML counts U+2028, U+2029 and NEL as line breaks, editors and GitHub do not: every finding after one
    would point at the wrong line, so the file is refused at the character, with the escape to write."""
    _, (problem,) = load_text(f'actors:\n  - id: a\n    name: "x{character}y"\n', "m.yaml")
    assert (problem.location.line, problem.location.column) == (3, 13) and problem.code == "yaml-syntax"
    assert f"U+{ord(character):04X}" in problem.message and f"\\u{ord(character):04x}" in problem.hint
    documents, problems = load_text(f'actors:\n  - id: a\n    name: "x\\u{ord(character):04x}y"\n', "m.yaml")
    assert documents and not problems  # written escaped, it is the same text, and fine


def test_syntax_error_at_end_of_file_points_at_the_open_bracket() -> None:
    _, (problem,) = load_text("actors:\n  - id: kela\n    name: {fi: Kela\n", "m.yaml")
    assert (problem.location.line, problem.location.column) == (3, 11)


def test_discover_skips_hidden_folders_and_the_config(tmp_path: Path) -> None:
    for rel in ("a.yaml", "b/c.yml", ".git/x.yaml", "refarch.yaml", "b/refarch.yaml", "notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}\n")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.yaml", "b/c.yml", "b/refarch.yaml"]


def test_safe_tags_do_not_trip_the_check() -> None:
    docs, problems = load_text("figures:\n  - {id: a, name: A, value: !!int '3'}\n", "m.yaml")
    assert problems == [] and docs
    assert yaml.__with_libyaml__, "the C loader is expected (pinned PyYAML wheels ship it)"


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: 'yes'\nc: 1_000\nd: 0x1f\ne: 2025-01-01\nf: ~\ng: .inf\nh: \"3\"\ni: [1, no, null]\nj: {k: 1.5}\n",
        "? [complex]\n: key\n",
    ],
)
def test_fast_loader_resolves_tags_like_the_safe_loader(text: str) -> None:
    """The memoised resolver must give every node the tag PyYAML's own safe loader gives it."""
    from refarch.load import Loader

    def tags(node):
        yield node.tag
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                yield from tags(k)
                yield from tags(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                yield from tags(v)

    for _ in range(2):  # the second pass answers from the memo
        assert list(tags(yaml.compose(text, Loader=Loader))) == list(tags(yaml.compose(text, Loader=yaml.SafeLoader)))
