"""The built site in a real browser: pages load cleanly, links resolve, search works, no axe violations."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sites import FACTS, FINNISH_WORDS, TE24_WORDS, Facts, internal_links

KEY_PAGES = [
    "index.html",
    "arkkitehtuuri/index.html",
    "arkkitehtuuri/business.html",
    "arkkitehtuuri/step/etuuden-hakeminen.html",
    "arkkitehtuuri/palvelupolku.html",
    "arkkitehtuuri/tiekartta.html",
    "arkkitehtuuri/rahoitus.html",
    "arkkitehtuuri/validointi.html",
    "arkkitehtuuri/data-group/asiakastiedot.html",
]
AXE_PAGES = [
    "index.html",
    "arkkitehtuuri/index.html",
    "arkkitehtuuri/business.html",
    "arkkitehtuuri/actor/index.html",
    "arkkitehtuuri/palvelupolku.html",
    "arkkitehtuuri/tiekartta.html",
    "arkkitehtuuri/rahoitus.html",
    "arkkitehtuuri/sanasto.html",
    "arkkitehtuuri/validointi.html",
    "arkkitehtuuri/saannot.html",
    "arkkitehtuuri/metamalli.html",
    "format.html",
    # one element page of every kind
    "arkkitehtuuri/law/tiedonhallintalaki.html",
    "arkkitehtuuri/principle/vaikuttavuus.html",
    "arkkitehtuuri/goal/jatkokehitysehdotukset.html",
    "arkkitehtuuri/figure/valtionosuuskriteerit-yhteensa.html",
    "arkkitehtuuri/lesson/palvelut-paikallisesti.html",
    "arkkitehtuuri/actor/kunnan-tyollisyyspalvelut.html",
    "arkkitehtuuri/role/omavalmentaja.html",
    "arkkitehtuuri/service/palkkatuki.html",
    "arkkitehtuuri/process/palvelupolku.html",
    "arkkitehtuuri/step/etuuden-hakeminen.html",
    "arkkitehtuuri/event/irtisanominen.html",
    "arkkitehtuuri/data-group/asiakastiedot.html",
    "arkkitehtuuri/data-store/henkiloasiakastietovaranto.html",
    "arkkitehtuuri/flow/lausunnot-maksajalle.html",
    "arkkitehtuuri/information-need/rakenteellinen-raportointi.html",
    "arkkitehtuuri/system/ura.html",
    "arkkitehtuuri/system-service/asiantuntija-henkilohaku.html",
    "arkkitehtuuri/interface/maksajan-rajapinta.html",
    "arkkitehtuuri/phase/vuosi-2024-1.html",
    "arkkitehtuuri/task/raportointiratkaisun-kayttoonotto.html",
]
AREA_PAGES = [
    "index.html",
    "arkkitehtuuri/index.html",
    "arkkitehtuuri/vaatimustenmukaisuus.html",
    "arkkitehtuuri/actor/index.html",
    "arkkitehtuuri/actor/jarviseudun-valmennus.html",
    "arkkitehtuuri/flow/jarviseudun-lausunnot-maksajalle.html",
    "arkkitehtuuri/step/jarviseudun-intensiivijakso.html",
    "arkkitehtuuri/system/jarviseudun-asiakastietojarjestelma.html",
    "arkkitehtuuri/palvelupolku.html",
    "arkkitehtuuri/actor/kunnan-tyollisyyspalvelut.html",
    "arkkitehtuuri/validointi.html",
]
PAGES_BY_SITE = {
    "national": AXE_PAGES,
    "area": [*AREA_PAGES, *(p for p in AXE_PAGES if p not in AREA_PAGES and p != "format.html")],
    "library": list(FACTS["library"].pages),
    "zensical": KEY_PAGES,
}


def site_pages(*sites: str):
    """(site, page) pairs for tests that run page by page."""
    return [(site, path) for site in sites for path in PAGES_BY_SITE[site]]


def test_a_clean_build_prints_a_handful_of_lines_and_no_warning(build_output: str) -> None:
    lines = build_output.splitlines()
    assert len(lines) <= 30, "\n".join(lines[:40])
    assert not [line for line in lines if line.startswith(("WARNING", "ERROR"))]
    assert any(("Documentation built in" in line or "Build finished in" in line) for line in lines)  # MkDocs, Zensical


def test_every_element_has_a_page_with_its_diagram(built_site: Path, site_model: Path, facts: Facts) -> None:
    from refarch import pipeline

    model = pipeline.check([site_model]).model
    for element in model.elements.values():
        page = built_site / facts.prefix / element.kind / f"{element.id}.html"
        text = page.read_text(encoding="utf-8")
        assert "<svg" in text and 'role="group"' in text, page
        if model.extends:  # an area's pages say where each element comes from
            assert ("Viitearkkitehtuuri" if model.is_reference(element) else "Alueen oma") in text, page
    assert len(model.elements) > facts.elements


def test_every_link_and_diagram_link_resolves(built_site: Path, facts: Facts) -> None:
    broken = []
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]  # served anywhere: root-absolute links
    assert len(pages) > facts.elements
    for html_file in pages:
        for link in internal_links(html_file):
            target = (html_file.parent / unquote(urlsplit(link).path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(built_site)} -> {link}")
    assert broken == []


def test_no_page_names_a_path_of_the_machine_that_built_it(built_site: Path) -> None:
    """The example area's reference files are outside its folder: they were named by absolute paths (a CI
    runner's home folder on a public site); now by the path from the working directory."""
    root = str(Path(__file__).resolve().parents[2])
    leaks = [p.relative_to(built_site) for p in built_site.rglob("*.html") if root in p.read_text("utf-8")]
    assert not leaks, leaks[:5]


def test_no_page_fetches_from_the_network(built_site: Path, facts: Facts) -> None:
    """Offline: scripts, styles and fonts all come from the site itself."""
    for html_file in (built_site / p for p in {*facts.reader_pages, *facts.diagram_pages}):
        text = html_file.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', text), html_file


@pytest.mark.parametrize(
    "site_case, path",
    [
        *((s, p) for s in ("national", "area") for p in KEY_PAGES),
        *(("area", p) for p in AREA_PAGES),
        *(("library", p) for p in PAGES_BY_SITE["library"]),
        *(("zensical", p) for p in KEY_PAGES),
    ],
    indirect=["site_case"],
)
def test_page_loads_without_console_errors(site_case: str, path: str, built_site: Path, serve, page) -> None:
    base = serve(built_site)
    response = page.goto(base + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.locator("h1").first.inner_text().strip()


def test_diagram_links_are_clickable(built_site: Path, serve, page, facts: Facts) -> None:
    where, href, name = facts.link
    page.goto(serve(built_site) + where)
    page.locator(f'svg a[*|href="{href}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href.removeprefix(".."))
    assert page.locator("h1").first.inner_text() == name


def search(page, query: str, until=lambda results: bool(results)) -> list[dict]:
    """Type a query as a reader does and return the result list once `until` holds of it (or after 15 s):
    each page's URL, title and text. Typed key by key: Material reads the query on keyup (or when its index
    becomes ready), so fill(), which sends no keyup, only worked when the index happened to be slower than
    the test. The list is redrawn as each key's answer arrives, so it is read until it is the one wanted."""
    if page.locator("button.md-search__button").count():  # Zensical: a search dialog of its own
        page.locator("button.md-search__button").first.click()
        page.locator("input[role=combobox]").press_sequentially(query)
        items = page.locator("a[role=option]")
    else:  # Material for MkDocs
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(query)
        items = page.locator(".md-search-result__item > a")
    results: list[dict] = []
    for _ in range(75):
        results = items.evaluate_all(
            "links => links.map(a => ({href: a.href, title: a.querySelector('h1, h2').innerText, text: a.innerText}))"
        )
        if until(results):
            break
        page.wait_for_timeout(200)
    return results


@pytest.mark.parametrize("site_case", ["national", "area", "zensical"], indirect=True)
def test_search_finds_an_element_by_its_finnish_name(built_site: Path, serve, page) -> None:
    page.goto(serve(built_site) + "index.html")
    found = lambda results: any("data-store/henkiloasiakastietovaranto" in r["href"] for r in results)  # noqa: E731
    results = search(page, "Henkilöasiakastietovaranto", found)
    assert found(results), [r["href"] for r in results]


def test_search_ranks_an_exact_name_first(built_site: Path, serve, page, facts: Facts) -> None:
    """Pages that mention Työmarkkinatori often (Webinaarit Työmarkkinatorissa, Työmarkkinatorin…
    tasks) ranked above the page named exactly that."""
    name, wanted = facts.exact
    page.goto(serve(built_site) + "index.html")

    def first(results: list[dict]) -> bool:
        return bool(results) and urlsplit(results[0]["href"]).path.endswith("/" + wanted)

    results = search(page, name, first)
    assert first(results), [r["title"] for r in results[:5]]


# Not on the Zensical build: its search engine has no Finnish stemmer, and refarch's (docs/site.md#search)
# wraps Material's lunr worker, which Zensical does not use
@pytest.mark.parametrize("site_case", ["national", "area"], indirect=True)
@pytest.mark.parametrize("query", ["velvoittavat", "velvoittaviksi"])
def test_search_finds_inflected_forms(query: str, built_site: Path, serve, page) -> None:
    """Pages say "Velvoittava: Kyllä"; a reader types the plural or another case."""
    page.goto(serve(built_site) + "index.html")
    found = lambda results: any("data-store/henkiloasiakastietovaranto" in r["href"] for r in results)  # noqa: E731
    results = search(page, query, found)
    assert found(results), [r["href"] for r in results]


def test_search_excerpts_keep_table_cells_apart(built_site: Path, serve, page, facts: Facts) -> None:
    page.goto(serve(built_site) + "index.html")
    cells = facts.cells
    results = search(page, facts.exact[0], lambda results: any(cells in r["text"] for r in results))
    assert any(cells in r["text"] for r in results), [r["text"][:120] for r in results[:3]]


def test_sortable_table_sorts(built_site: Path, serve, page, facts: Facts) -> None:
    page.goto(serve(built_site) + facts.sortable)
    first_cells = lambda: page.locator("table.refarch-sortable tbody tr td:first-child").all_inner_texts()  # noqa: E731
    page.locator("table.refarch-sortable thead th button").first.click()
    ascending = first_cells()
    page.locator("table.refarch-sortable thead th button").first.click()
    assert first_cells() == list(reversed(ascending)) and ascending != list(reversed(ascending))


@pytest.mark.parametrize("site_case, path", site_pages(*PAGES_BY_SITE), indirect=["site_case"])
def test_no_wcag_a_or_aa_violations(site_case: str, path: str, built_site: Path, serve, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(serve(built_site) + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = [
        (v["id"], v["help"], [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert violations == []


HOSTILE_MODEL = """\
actors:
  - id: vihamielinen
    name: "<img src=x onerror=\\"window.__pwned = 2\\">Toimija"
    description: "<script>window.__pwned = 1</script><b>lihava</b> & [linkki](javascript:alert(1))"
    uses: jarjestelma
systems:
  - {id: jarjestelma, name: Järjestelmä}
"""
HOSTILE_MKDOCS = """\
site_name: Testi
theme: {name: material, language: fi, font: false}
plugins: [search, refarch, offline]
"""


def test_html_in_a_description_is_shown_as_text(tmp_path: Path, serve, page) -> None:
    from support import build_site

    (tmp_path / "architecture").mkdir()
    (tmp_path / "architecture" / "m.yaml").write_text(HOSTILE_MODEL, encoding="utf-8")
    (tmp_path / "architecture" / "refarch.yaml").write_text(
        "about: {version: '<img src=x onerror=__pwned=3>1'}\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Testi\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(HOSTILE_MKDOCS, encoding="utf-8")
    done = build_site(tmp_path, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-2000:]
    page.goto(serve(tmp_path / "site") + "arkkitehtuuri/actor/vihamielinen.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    body = page.locator("article").inner_text()
    assert "<script>window.__pwned = 1</script>" in body and "<b>lihava</b>" in body
    assert '<img src=x onerror="window.__pwned = 2">Toimija' in page.locator("h1").first.inner_text()
    assert page.locator('article a[href^="javascript:"]').count() == 0
    assert "Mallin versio <img src=x onerror=__pwned=3>1" in page.locator(".md-copyright").inner_text()


def test_the_footer_names_owner_source_and_the_model_version(built_site: Path, facts: Facts) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', home, re.S)
    assert footer, "no footer"
    text = re.sub(r"<[^>]+>|\s+", " ", footer.group(1))
    owner, version = facts.footer  # `copyright` in each mkdocs.yml, `about` in each refarch.yaml
    assert owner in text and "Made with" not in text
    assert version in text


@pytest.mark.parametrize("site_case", ["library"], indirect=True)
def test_another_reference_architecture_has_no_word_of_te24_or_of_finnish(built_site: Path) -> None:
    """The library example's site, every page and its search index: nothing of TE24 (the toolkit holds none
    of it) and none of the toolkit's Finnish words (the site speaks its model's language, English)."""
    files = [*built_site.rglob("*.html"), *built_site.rglob("search_index.js*")]
    assert len(files) > 30
    found = [
        f"{path.relative_to(built_site)}: {match.group(0)}"
        for path in files
        for pattern in (TE24_WORDS, FINNISH_WORDS)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
