"""A rebuild makes again only the pages an edit can change, and gives the same bytes as a build from scratch.

Each case edits a copy of the shipped model as an architect would, then generates the site twice: from
scratch, and from the build before the edit (`generate(..., before=...)`, what `mkdocs serve` does). Every
page, with its drawings, must be the same; and the rebuild must have made fewer element pages than there
are, or it would prove nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refarch import pipeline
from refarch.site.pages import Generated, SiteOptions, generate

from support import MODEL

pytestmark = pytest.mark.site

SYSTEMS = "systems/jarjestelmat.yaml"
ACTORS = "business/toimijat.yaml"
URA = '  - id: ura\n    name: {fi: "URA", en: "URA"}\n'
KELA = "  - id: kela\n"
# (file, text, replacement): each edit once, at its first place
NEW = '  - id: uusi-jarjestelma\n    name: {fi: "Uusi järjestelmä", en: "New system"}\n    part-of: tea\n'
EDITS = {
    "a name that other pages show": (SYSTEMS, URA, URA.replace('fi: "URA"', 'fi: "URA-järjestelmä"')),
    "a citation (the benchmark's edit)": (
        ACTORS,
        'source: "Työllisyystiistai 4.10.2022: Palvelupolku (',
        'source: "Työllisyystiistai 4.10.2022 (korjattu): Palvelupolku (',
    ),
    "a relationship added": (ACTORS, KELA, KELA + "    uses: [ura]\n"),
    "an id renamed, its references broken": (SYSTEMS, "  - id: ura\n", "  - id: ura-vanha\n"),
    "a second element of the same name": (SYSTEMS, URA, URA + URA.replace("id: ura", "id: ura-kaksi")),
    "a new element": (SYSTEMS, URA, NEW + URA),
    "a description that index pages summarise": (
        SYSTEMS,
        "        Järjestelmä, josta siirrytään TEA:han",
        "        Vanha järjestelmä, josta siirrytään TEA:han",
    ),
    "a field": (SYSTEMS, "    abbreviation: TEA\n", "    abbreviation: TEA-X\n"),
    "lines moved down in one file": (SYSTEMS, "\nsystems:\n", "\n# lisätty rivi\n\nsystems:\n"),
}


def _build(folder: Path, before: Generated | None = None) -> Generated:
    return generate(pipeline.check([folder]), SiteOptions(inline_diagrams=False), before)


@pytest.fixture
def first(tmp_path: Path) -> tuple[Path, Generated]:
    """A copy of the shipped model and its site (pages name their files: the copy stays where it was built)."""
    folder = tmp_path / "architecture"
    shutil.copytree(MODEL, folder)
    return folder, _build(folder)


def _pages(generated: Generated) -> dict[str, tuple]:
    return {p.path: (p.content, p.source, p.diagrams) for p in generated.pages}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_an_edit_is_a_full_build(edit: str, first) -> None:
    folder, before = first
    name, old, new = EDITS[edit]
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the shipped model changed: {old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    rebuilt, full = _build(folder, before), _build(folder)
    assert _pages(rebuilt) == _pages(full)
    assert rebuilt.reads == full.reads
    assert 0 < rebuilt.remade < len(full.elements) / 2, "the rebuild made (nearly) every page again"


def test_a_rebuild_without_an_edit_makes_no_element_page(first) -> None:
    folder, before = first
    again = _build(folder, before)
    assert _pages(again) == _pages(before) and again.remade == 0


def test_other_settings_make_every_page_again(first) -> None:
    folder, before = first
    other = generate(pipeline.check([folder]), SiteOptions(inline_diagrams=False, prefix="muu"), before)
    assert other.remade == len(other.elements)


def test_pages_made_on_two_cores_are_the_pages_made_on_one(first, monkeypatch) -> None:
    """A large site makes its element pages in a forked copy too (refarch.site.pages._element_pages): the same
    bytes, and the same inputs, as one process makes."""
    from refarch.site import pages

    folder, alone = first
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages.os, "sched_getaffinity", lambda pid: {0, 1})
    forks, fork = [], pages.os.fork
    monkeypatch.setattr(pages.os, "fork", lambda: forks.append(1) or fork())
    two = _build(folder)
    assert forks == [1], "no copy was forked"
    assert _pages(two) == _pages(alone) and two.reads == alone.reads
