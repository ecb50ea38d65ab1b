"""Shared fixtures: run the CLI in a folder, write small models, compare with golden files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from refarch.cli import main

from support import working_directory


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The test session's cache folder (REFARCH_CACHE_DIR), never the user's; set before any site is built,
    and inherited by the processes the tests start."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("REFARCH_CACHE_DIR")
    os.environ["REFARCH_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["REFARCH_CACHE_DIR"]
    else:
        os.environ["REFARCH_CACHE_DIR"] = before


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what `make test-fast` leaves out: tests that drive a browser (they use its fixtures) and every test
    under tests/site/ (they build whole sites)."""
    site_tests = Path(__file__).parent / "site"
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if site_tests in Path(item.path).parents:
            item.add_marker(pytest.mark.site)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `refarch ARGS` in-process in a folder; returns (exit code, stdout, stderr)."""

    def _run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        capsys.readouterr()
        with working_directory(cwd or Path.cwd()):
            code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def write_model(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files (path -> text or bytes) under tmp_path and return tmp_path."""

    def _write(files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return _write


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file; `pytest --update-golden` rewrites it (review the git diff)."""

    def _check(path: Path, actual: str) -> None:
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return _check
