"""Build the real site once (mkdocs build --strict), serve it on 127.0.0.1, and drive Debian's Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sites import ENGINES, FACTS, SITES, Facts
from support import build_site

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", params=sorted(SITES))
def site_case(request) -> str:
    """Which site a test runs on: every site test runs on the national site, the example area's and the
    library example's."""
    return request.param


@pytest.fixture(scope="session")
def facts(site_case: str) -> Facts:
    return FACTS[site_case]


@pytest.fixture(scope="session")
def _built_sites(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return {}


@pytest.fixture(scope="session")
def built_sites(_built_sites: dict[str, tuple[Path, str]], tmp_path_factory):
    """A function that builds a site once per session (by MkDocs with the plugin, or by another engine from
    the pages as files) and returns its folder."""

    def build(case: str) -> Path:
        if case not in _built_sites:
            out = tmp_path_factory.mktemp(f"site-{case}")
            if case in ENGINES:
                from refarch.site.engines import build_site as engine_build

                done = engine_build(ENGINES[case], SITES[case], tmp_path_factory.mktemp(f"build-{case}"), out)
            else:
                done = build_site(SITES[case], out)
                assert done.returncode == 0, done.stderr[-3000:]
            _built_sites[case] = (out, done.stdout + done.stderr)
        return _built_sites[case][0]

    return build


@pytest.fixture(scope="session")
def built_site(site_case: str, built_sites) -> Path:
    return built_sites(site_case)


@pytest.fixture(scope="session")
def build_output(built_site: Path, site_case: str, _built_sites: dict[str, tuple[Path, str]]) -> str:
    """What `mkdocs build` printed for the site under test."""
    return _built_sites[site_case][1]


@pytest.fixture(scope="session")
def site_model(site_case: str) -> Path:
    """The model folder of the site under test."""
    return SITES[site_case] / "architecture"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def serve():
    """A function that serves a folder on 127.0.0.1 and returns its base URL."""
    servers = []

    def _serve(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield _serve
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is missing: `make install` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
