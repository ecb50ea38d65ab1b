"""Findings about a model: one Problem type for every stage, with a position and an optional hint.

Rules yield Findings (what and where); the runner turns each into a Problem by adding the rule's code
and severity, so a rule never decides how serious it is.

>>> loc = Location("architecture/business/actors.yaml", 3, 5)
>>> str(loc)
'architecture/business/actors.yaml:3:5'
>>> did_you_mean("readr", ["reader", "library"])
'did you mean "reader"?'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}  # worse is higher


class Location(NamedTuple):
    """A 1-based position in a file (file paths are POSIX and relative where possible).

    A named tuple rather than a frozen dataclass: the builder makes one for every field of every
    element, and tuples are several times cheaper to create.
    """

    file: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding, e.g. where a duplicate id was first defined."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a message at a location, about an element, with an optional hint."""

    location: Location
    message: str
    element: str | None = None
    hint: str | None = None
    related: tuple[Related, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A Finding with the code and severity of the rule that found it."""

    code: str
    severity: Severity
    location: Location
    message: str
    element: str | None = None
    hint: str | None = None
    related: tuple[Related, ...] = ()

    @classmethod
    def of(cls, finding: Finding, code: str, severity: Severity) -> Problem:
        return cls(code, severity, finding.location, finding.message, finding.element, finding.hint, finding.related)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON reports and the diff write it (docs/output-formats.md)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            **self.location.to_dict(),
            "element": self.element,
            "hint": self.hint,
            "related": [{**r.location.to_dict(), "message": r.message} for r in self.related],
        }

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt name, or None when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not matches:
        return None
    return "did you mean " + " or ".join(f'"{m}"' for m in matches) + "?"


def suggestions(hint: str | None) -> list[str]:
    """The names a did_you_mean hint suggests, for an editor's quick fix.

    >>> suggestions(did_you_mean("catalog", ["catalogue", "loans"]))
    ['catalogue']
    >>> suggestions("quote the value")
    []
    """
    found = re.search(r"did you mean ((?:\"[^\"]+\"(?: or )?)+)\?", hint or "")
    return re.findall(r'"([^"]+)"', found.group(1)) if found else []


def excerpt(text: str, limit: int = 40) -> str:
    """A short, escaped quotation of model text for a message: never more than `limit` characters of it, and
    no control character (a message must not carry a file's content, or a forged line, into CI logs).

    >>> excerpt("line one\\nline two")
    "'line one\\\\nline two'"
    >>> excerpt("x" * 100, 5)
    "'xxxxx…'"
    """
    short = text if len(text) <= limit else text[:limit] + "…"
    return repr(short)


def count_by_severity(problems: Iterable[Problem]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for p in problems:
        counts[p.severity] += 1
    return counts


def article(words: str) -> str:
    """'a flow', 'an actor': for messages, which are in English."""
    return f"an {words}" if words[:1] in "aeiou" else f"a {words}"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
