"""What a rule is: a stable code, a default severity, a one-line summary, a longer doc and a check.

Built-in model rules are modules with module-level CODE, SEVERITY, OPTIONS and `check(model, options)`;
their docstring is their documentation, and its first line their summary (shown by `refarch rules`, on the
site, in SARIF and in the table of docs/validation.md, which `make docs` generates from this registry).
Load and build findings are rules too (stage "load" or "build"), and so are what an exchange with another
tool could not carry over (stage "exchange"), so every code is documented in one place.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from refarch.model import Model
from refarch.problems import Finding, Severity

Check = Callable[[Model, Mapping[str, Any]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    doc: str
    stage: str = "model"  # load | build | model | waivers | custom | exchange
    check: Check | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    origin: str = "built-in"
    # its findings depend only on each element and what it names, not on what other files hold or lack:
    # it runs even when a file could not be read (a module says so with LOCAL = True)
    local: bool = False
    # its findings about an element depend on that element alone (and the configuration), and stand in the
    # element's file: an editor runs it again only for the files that changed (a module says ELEMENT = True)
    element: bool = False

    @property
    def configurable(self) -> bool:
        """Load-stage findings stay errors: a file that cannot be read is never acceptable. Exchange findings
        are an import's or export's, which no model configuration governs."""
        return self.stage not in ("load", "exchange")

    @property
    def waivable(self) -> bool:
        return self.stage in ("build", "model", "custom")


def rule_from_module(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        severity=module.SEVERITY,
        summary=summary_of(module),
        doc=inspect.cleandoc(module.__doc__ or ""),
        stage="model",
        check=module.check,
        options=dict(getattr(module, "OPTIONS", {})),
        local=bool(getattr(module, "LOCAL", False)),
        element=bool(getattr(module, "ELEMENT", False)),
    )


def summary_of(module: ModuleType) -> str:
    """The first line of a rule module's docstring: its one-line summary."""
    doc = inspect.cleandoc(module.__doc__ or "")
    if not doc:
        raise ValueError(f"rule module {module.__name__} has no docstring to take its summary from")
    return doc.splitlines()[0]
