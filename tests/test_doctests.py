"""The examples in the package's docstrings run as written (they are the short how-tos of each module)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import refarch

MODULES = sorted(m.name for m in pkgutil.walk_packages(refarch.__path__, "refarch.") if not m.name.endswith("__main__"))


def test_every_module_is_found() -> None:
    assert {"refarch.cli", "refarch.problems", "refarch.rules.cycle", "refarch.site.pages"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=True)
    assert failed == 0, f"{failed} docstring example(s) of {name} failed (printed above)"
