"""A rebuild makes again only the pages an edit can change, and gives the same bytes as a build from scratch.

Each case edits a copy of the shipped model as an architect would, then generates the site twice: from
scratch, and from the build before the edit (`generate(..., before=...)`, what `mkdocs serve` does). Every
page, with its drawings, must be the same; and each case checks how many element pages the rebuild made
again (fewer than half after a local edit, else it would prove nothing; all when elements change places;
none when no element changed).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from refarch import pipeline
from refarch.site.pages import Generated, SiteOptions, generate

from support import MODEL, ROOT, allow_fork

pytestmark = pytest.mark.site

SYSTEMS = "systems/jarjestelmat.yaml"
ACTORS = "business/toimijat.yaml"
URA = '  - id: ura\n    name: {fi: "URA", en: "URA"}\n'
KELA = "  - id: kela\n"

HOST = "      host-contact: erja.lindberg@kuntaliitto.fi\n"
NEWSLETTER = "      newsletter: info.kuntaliitto.fi/uutiskirjeet (aihe Elinvoima ja työllisyys)\n"


def _blocks(text: str) -> list[str]:
    """A model file cut before each element and each section."""
    return re.split(r"(?m)^(?=  - id: |[a-z-]+:$)", text)


def _drop(element_id: str):
    """An edit that removes an element's block from its file (what pointed at it points at nothing)."""
    return lambda text: "".join(b for b in _blocks(text) if not b.startswith(f"  - id: {element_id}\n"))


def _swap(first: str, second: str):
    """An edit that swaps two elements' blocks in a file (what a page lists in the model's order follows)."""

    def edit(text: str) -> str:
        blocks = _blocks(text)
        a, b = (
            next(i for i, block in enumerate(blocks) if block.startswith(f"  - id: {x}\n")) for x in (first, second)
        )
        blocks[a], blocks[b] = blocks[b], blocks[a]
        return "".join(blocks)

    return edit


# (file, text, replacement), each edit once at its first place; or (file, edit, None)
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
    "the citation of a mandatory system": (
        SYSTEMS,
        'source: "Työllisyystiistai 4.10.2022: Palvelupolku, ',
        'source: "Työllisyystiistai 4.10.2022 (korjattu): Palvelupolku, ',
    ),
    "two flows swapped": (
        "information/tietovirrat.yaml",
        _swap("muutosturvan-tiedot-tyollisyyspalveluille", "asiakkuus-hyvinvointialueelle"),
        None,
    ),
    "two roadmap twins swapped": (
        "roadmap/tiekartta.yaml",
        _swap("jarjestelmien-toiminnan-varmistaminen", "jarjestelmien-toiminnan-varmistaminen-jarjestelmat"),
        None,
    ),
    "two steps swapped (impact takes the first of equal paths)": (
        "business/palvelupolku.yaml",
        _swap("etuuden-hakeminen", "tyollistyminen"),
        None,
    ),
    "two properties swapped": ("business/palvelut.yaml", HOST + NEWSLETTER, NEWSLETTER + HOST),
    "an actor that steps involve removed": (ACTORS, _drop("seurakunta"), None),
    "a rule's severity in refarch.yaml": (
        "refarch.yaml",
        "  missing-provenance: error",
        "  missing-provenance: warning",
    ),
    "lines moved down in one file": (SYSTEMS, "\nsystems:\n", "\n# lisätty rivi\n\nsystems:\n"),
}

# What a rebuild makes again besides "some" element pages: elements that change places make every page again
# (lists, twins and the paths impact chooses follow the model's order); a rule's severity changes no element
MAKES = {
    "two flows swapped": "all",
    "two roadmap twins swapped": "all",
    "two steps swapped (impact takes the first of equal paths)": "all",
    "a rule's severity in refarch.yaml": "none",
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
    expected = MAKES.get(edit, "some")
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if callable(old):
        edited = old(text)
    else:
        assert old in text, f"the shipped model changed: {old!r} is not in {name}"
        edited = text.replace(old, new, 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    rebuilt, full = _build(folder, before), _build(folder)
    assert _pages(rebuilt) == _pages(full)
    assert rebuilt.reads == full.reads
    if expected == "some":
        assert 0 < rebuilt.remade < len(full.elements) / 2, "the rebuild made (nearly) every page again"
    else:
        assert rebuilt.remade == (len(full.elements) if expected == "all" else 0)


def test_a_rebuild_without_an_edit_makes_no_element_page(first) -> None:
    folder, before = first
    again = _build(folder, before)
    assert _pages(again) == _pages(before) and again.remade == 0


def test_other_settings_make_every_page_again(first) -> None:
    folder, before = first
    other = generate(pipeline.check([folder]), SiteOptions(inline_diagrams=False, prefix="muu"), before)
    assert other.remade == len(other.elements)


def _two_cores(pages, monkeypatch) -> None:
    """Make any number of element pages on two cores, whatever this machine and this test process are."""
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    allow_fork(monkeypatch)


def test_pages_made_on_two_cores_are_the_pages_made_on_one(first, monkeypatch) -> None:
    """A large site makes its element pages in a forked copy too (refarch.site.pages._element_pages): the same
    bytes, and the same inputs, as one process makes."""
    from refarch.site import pages

    folder, alone = first
    _two_cores(pages, monkeypatch)
    forks, fork = [], os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    two = _build(folder)
    assert forks == [1], "no copy was forked"
    assert _pages(two) == _pages(alone) and two.reads == alone.reads


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ASIAKASTIEDOT = "('Asiakastiedon monipuolinen hyödyntäminen')\"\n"
CHAIN = "".join(
    f'  - id: ryhma-{n}\n    name: {{fi: "Ryhmä {n}", en: "Group {n}"}}\n    source: "testi"\n'
    + (f"    part-of: ryhma-{n + 1}\n" if n < 5 else "")
    for n in range(2, 6)
)


def _chain(folder: Path) -> None:
    """A data group part of a chain of four wholes, deeper than impact goes."""
    _replace(folder, "information/tietoryhmat.yaml", ASIAKASTIEDOT, ASIAKASTIEDOT + "    part-of: ryhma-2\n")
    path = folder / "information" / "tietoryhmat.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + CHAIN, encoding="utf-8")


# (model, what is done before the first build, the edit): cases that need a model made ready first
SET_UP = {
    "an English site's validation report after lines moved": (
        ROOT / "examples" / "library" / "architecture",
        lambda f: _replace(f, "services/services.yaml", "name: {en: Reader, sv: Läsare}", "name: {en: Reader}"),
        lambda f: _replace(f, "services/services.yaml", "parties:\n", "\nparties:\n"),
    ),
    "a new owner of a data group's fourth whole": (
        MODEL,
        _chain,
        lambda f: _replace(f, ACTORS, "  - id: kela\n", "  - id: kela\n    owns: ryhma-5\n"),
    ),
}


@pytest.mark.parametrize("case", sorted(SET_UP))
def test_a_rebuild_after_an_edit_of_a_prepared_model_is_a_full_build(case: str, tmp_path: Path) -> None:
    model, prepare, edit = SET_UP[case]
    folder = tmp_path / "architecture"
    shutil.copytree(model, folder)
    prepare(folder)
    before = _build(folder)
    edit(folder)
    rebuilt, full = _build(folder, before), _build(folder)
    assert _pages(rebuilt) == _pages(full)
    assert 0 < rebuilt.remade < len(full.elements)


def test_a_failure_while_pages_are_made_on_two_cores_leaves_no_copy_behind(first, monkeypatch) -> None:
    """When a page of this process's half fails, the forked copy is stopped and reaped, and the error is this
    process's: no copy waits on a pipe nobody reads."""
    from refarch.site import pages

    folder, _ = first
    made = pages._element_page
    elements = list(pipeline.check([folder]).model.elements)

    def failing(site, element):
        if element.id == elements[0]:  # the first is this process's
            raise RuntimeError("a page failed")
        return made(site, element)

    _two_cores(pages, monkeypatch)
    monkeypatch.setattr(pages, "_element_page", failing)
    children, fork = [], os.fork
    monkeypatch.setattr(os, "fork", lambda: children.append(pid := fork()) or pid)
    with pytest.raises(RuntimeError, match="a page failed"):
        _build(folder)
    assert len(children) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # the copy is gone and reaped, not waiting on a pipe
