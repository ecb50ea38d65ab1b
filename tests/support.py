"""Helpers the tests share (conftest.py holds the fixtures)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
MODEL = ROOT / "architecture"


def git(cwd: Path, *args: str) -> str:
    """`git ARGS` in `cwd` with a fixed identity and no user configuration: the tests' repositories."""
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def shared_file(*parts: str) -> Path:
    """A third-party file from ../shared (never copied into the project); the test skips when it is absent,
    as in a clone with nothing beside it. CI has ../shared beside the clone, so there they all run."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (third-party files the project may not copy), absent here")
    return path


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def refarch_process(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run refarch as a separate process, the way CI and users do."""
    return subprocess.run(
        [sys.executable, "-m", "refarch", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def build_site(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project into `out`, as `make site` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def serve_builder(project: Path, out: Path, dirty: bool = False):
    """Build the way `mkdocs serve` does: plugins started once and kept, the config read again per build
    (`dirty`: as `mkdocs serve --dirty`, which `make serve` runs).

    Returns a function that builds once; call it, edit a file, call it again to rebuild as serve would.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"

    def config():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out))

    first = config()
    first.plugins.on_startup(command="serve", dirty=dirty)

    def builder():
        """One build; returns its configuration (whose plugins are the ones kept across builds)."""
        current = config()
        with working_directory(project):
            build(current, dirty=dirty)
        return current

    return builder


def allow_fork(monkeypatch) -> None:
    """Let refarch.forked make its copies whatever this machine and this test process are: two cores, Linux,
    and no other thread (other tests leave threads behind). Skips where there is no os.fork."""
    import pytest

    from refarch import forked

    if not hasattr(os, "fork"):
        pytest.skip("no os.fork here")
    monkeypatch.setattr(forked.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(forked.sys, "platform", "linux")
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
