"""The toolkit's own words: every text the package writes for readers is in every catalog, and a catalog
has nothing the package no longer uses (refarch.strings)."""

from __future__ import annotations

import re

import pytest
import yaml

from refarch.errors import ConfigError
from refarch.exchange.format import EIF_VIEWS
from refarch.site.pages import EFFECT_TITLES, LANGUAGE_NAMES, SEVERITY_NAMES, SPECIAL_PAGES
from refarch.site.values import UNITS
from refarch.strings import CATALOGS, FORMATS, strings
from refarch.views import NARROW_DESCRIPTIONS

from support import ROOT

# ui("..."), ui(model)("..."), self.ui("..."), say("...") in the package; _("...") in the templates
IN_PYTHON = re.compile(r'(?:\bui\([^()]*\)|\bui|\.ui|\bsay)\(\s*"((?:[^"\\]|\\.)*)"')
IN_TEMPLATES = re.compile(r'_\("((?:[^"\\]|\\.)*)"')


def texts_the_package_writes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "toolkit").rglob("*"):
        if path.suffix == ".j2":
            found |= set(IN_TEMPLATES.findall(path.read_text(encoding="utf-8")))
        elif path.suffix == ".py":
            found |= set(IN_PYTHON.findall(path.read_text(encoding="utf-8")))
    found |= {*LANGUAGE_NAMES.values(), *SEVERITY_NAMES.values(), *SPECIAL_PAGES.values(), "Vaatimustenmukaisuus"}
    found |= set(EFFECT_TITLES.values())
    found |= {UNITS["M€"], *(names[0] for names in EIF_VIEWS.values()), *NARROW_DESCRIPTIONS.values()}
    return found


CATALOG_FILES = sorted(CATALOGS.glob("*.yaml"))


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.stem)
def test_every_catalog_has_every_text_and_no_other(path) -> None:
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    wanted = texts_the_package_writes()
    texts = {k for k in table if not k.startswith("@")}
    assert sorted(wanted - texts) == [], "missing translations"
    assert sorted(texts - wanted) == [], "translations of texts the package no longer writes"
    assert set(FORMATS) <= set(table) and {f"@page {name}" for name in [*SPECIAL_PAGES, "vaatimustenmukaisuus"]} <= set(
        table
    )
    for text, translated in table.items():  # the same {names}, so that filling them in cannot fail
        assert sorted(re.findall(r"\{(\w+)\}", str(translated))) == sorted(re.findall(r"\{(\w+)\}", text)) or (
            text.startswith("@")
        ), text


def test_the_catalogs_find_texts_in_the_code() -> None:
    """The scan is not empty-handed: it finds texts written in all three ways."""
    wanted = texts_the_package_writes()
    assert {"Selite", "… ja {n} muuta", "Raide", "Kyllä", "Tietovirrat"} <= wanted


def test_a_language_without_words_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match='no words in "de".*it speaks en, fi'):
        strings("de")
