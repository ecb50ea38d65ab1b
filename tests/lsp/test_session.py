"""The language server's session: a check after an edit gives what a whole `refarch validate` of the same
texts gives, while parsing again only the files that changed and running the rules about one element at
a time only on those."""

from __future__ import annotations

import shutil
from pathlib import Path

from refarch import pipeline
from refarch.lsp.session import ModelSession

from support import ROOT, working_directory

ACTORS = "architecture/business/toimijat.yaml"
SYSTEMS = "architecture/systems/jarjestelmat.yaml"


def findings(result) -> list[tuple]:
    return sorted((p.code, p.location, p.message) for p in result.problems)


def test_an_edit_is_checked_as_a_whole_validation_would_check_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "architecture", tmp_path / "architecture")
    session = ModelSession(tmp_path, Path("architecture"))
    session.check()
    kept_systems = session.kept.by_rule["missing-translation"][SYSTEMS]
    actors = (tmp_path / ACTORS).resolve()
    text = actors.read_text(encoding="utf-8")
    start = text.index("  - id: kela\n")
    edited = text[:start] + "  - id: kela\n    name: TODO" + text[text.index("\n", text.index("name:", start)) :]
    session.texts[actors] = edited
    result = session.check()
    assert session.kept.fresh == {ACTORS}  # only the edited file was parsed again
    assert session.kept.by_rule["missing-translation"][SYSTEMS] is kept_systems  # the rest were kept
    assert {p.code for p in result.problems} == {"missing-translation", "placeholder"}
    actors.write_text(edited, encoding="utf-8")
    with working_directory(tmp_path):
        whole = pipeline.check([Path("architecture")])
    assert findings(result) == findings(whole)
    session.texts.pop(actors)  # closed: the file on disk, which now says the same
    assert findings(session.check()) == findings(whole)


def test_other_settings_are_not_answered_from_what_was_kept(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "architecture", tmp_path / "architecture")
    session = ModelSession(tmp_path, Path("architecture"))
    actors = (tmp_path / ACTORS).resolve()
    text = actors.read_text(encoding="utf-8")
    session.texts[actors] = text.replace("  - id: kela\n", "  - id: kela\n    waive: []\n", 1)
    session.check()
    config = tmp_path / "architecture" / "refarch.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# another setting\n", encoding="utf-8")
    key = session.kept.key
    session.check()
    assert session.kept.key != key and session.kept.fresh == set()  # nothing parsed again, all rules run again


def test_a_duplicate_that_becomes_the_element_is_looked_at_again(tmp_path: Path) -> None:
    """Two files define one id: when the first stops, the other's element is the model's, and the rules about
    one element look at it though its file did not change."""
    shutil.copytree(ROOT / "architecture", tmp_path / "architecture")
    extra = tmp_path / "architecture" / "zz-extra.yaml"
    extra.write_text("systems:\n  - id: ura\n    name: TODO\n    source: x\n", encoding="utf-8")
    session = ModelSession(tmp_path, Path("architecture"))
    session.check()
    systems = (tmp_path / SYSTEMS).resolve()
    text = systems.read_text(encoding="utf-8")
    session.texts[systems] = text.replace("  - id: ura\n", "  - id: ura-vanha\n", 1)
    result = session.check()
    systems.write_text(session.texts.pop(systems), encoding="utf-8")
    with working_directory(tmp_path):
        whole = pipeline.check([Path("architecture")])
    assert "placeholder" in {p.code for p in whole.problems} and findings(result) == findings(whole)
