"""The rule table in docs/validation.md is the registry's own: a rule's summary is written once, in its
docstring (or its stage declaration), and `make docs` (pytest --update-golden here) writes the table."""

from __future__ import annotations

import re

import pytest

from refarch.config import load_config
from refarch.printers.rules import markdown_table
from refarch.rules import MODEL_RULE_MODULES

from support import ROOT

DOC = ROOT / "docs" / "validation.md"
REGION = re.compile(r"(<!-- rules: generated[^\n]*-->\n)(.*?)(<!-- end of rules -->)", re.S)


def test_the_docs_table_is_the_registry(request: pytest.FixtureRequest) -> None:
    text = DOC.read_text(encoding="utf-8")
    match = REGION.search(text)
    assert match, "docs/validation.md lost its generated rules region"
    expected = markdown_table(load_config(None).rules.values())
    if request.config.getoption("--update-golden"):
        DOC.write_text(text[: match.start(2)] + expected + text[match.end(2) :], encoding="utf-8")
        return
    assert match.group(2) == expected, "docs/validation.md's rule table is out of date: run `make docs`"


def test_a_rule_module_summary_is_its_docstring_first_line() -> None:
    rules = load_config(None).rules
    for module in MODEL_RULE_MODULES:
        assert rules[module.CODE].summary == module.__doc__.strip().splitlines()[0]
        assert not hasattr(module, "SUMMARY")
