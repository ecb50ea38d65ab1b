"""The one fatal error type: a usage or configuration error that ends a run with exit code 2.

Everything that is wrong with the *model* is a Problem, never an exception; a ConfigError means the
toolkit cannot even start (a broken metamodel, an unreadable configuration, a path that is not there).
"""

from __future__ import annotations


class ConfigError(Exception):
    """A usage or configuration error; `where` is a "file:line:col" or a file name, when known."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
