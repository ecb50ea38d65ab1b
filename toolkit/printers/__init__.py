"""Printers: pure functions from a validation result to text, one per output format."""

from __future__ import annotations

from collections.abc import Callable

from refarch.printers import github, json_, sarif, text
from refarch.result import Result

Printer = Callable[[Result], str]

FORMATS: dict[str, Printer] = {
    "text": text.render,
    "github": github.render,
    "json": json_.render,
    "sarif": sarif.render,
}
