"""What a validation run gives every later stage: the model, its settled findings, the files read and the
configuration. A module of its own, so that printers, the diff and the site need not import the pipeline
(and everything it loads) for a type."""

from __future__ import annotations

from dataclasses import dataclass, replace

from refarch.config import Config
from refarch.model import Model, Waiver
from refarch.problems import SEVERITY_RANK, Problem


@dataclass(frozen=True)
class Waived:
    """A finding the architects accepted on purpose, and the waiver that says why (comply or explain): not
    reported as a finding, but listed so that a reader or a dashboard sees what was accepted."""

    problem: Problem
    waiver: Waiver


@dataclass(frozen=True)
class Result:
    model: Model
    problems: list[Problem]
    files: list[str]
    config: Config
    waived: tuple[Waived, ...] = ()
    unreadable_files: tuple[str, ...] = ()  # files whose elements are not in the model: they could not be read

    @property
    def unreadable(self) -> list[Problem]:
        """Why each unreadable file could not be read: what a model without them lacks is not gone."""
        files = set(self.unreadable_files)
        return [p for p in self.problems if p.severity == "error" and p.location.file in files]

    def at_least(self, severity: str) -> Result:
        """The result with only the findings of `severity` or worse (`validate --min-severity`)."""
        floor = SEVERITY_RANK[severity]
        return replace(self, problems=[p for p in self.problems if SEVERITY_RANK[p.severity] >= floor])

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
