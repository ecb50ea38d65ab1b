"""The sites the browser tests build and what they look for on each: the TE24 site, the example area's on
top of it, and the library example's (another metamodel, in English). Their pages, words and content
differ; the checks do not."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from support import ROOT

# Words of the TE24 domain: ids, names and terms of the reform, its actors and systems
TE24_WORDS = re.compile(
    r"te24|te-uudistus|ty[öo]llisyy|ty[öo]voima|ty[öo]nhak|\bkela\b|\bkeha\b|\bURA\b|ty[öo]markkinatori|te-digi"
    r"|lausun|j[äa]rviseutu|etuu|kansanel",
    re.I,
)
# The toolkit's own Finnish words that an English site must not show
FINNISH_WORDS = re.compile(
    r"\b(Selite|Kuvaus|Omistaja|Lähde|Kyllä|Tiedot|Suhteet|Kaavio|Yleiskuva|Taulukko|elementtiä|muuta|Lähennä|Sovita)\b"
)

# The TE24 site, the example area's on top of it, the library example's (another metamodel, in English), and
# the TE24 site built by Zensical from the same mkdocs.yml (refarch.site.engines) instead of MkDocs
SITES = {
    "national": ROOT,
    "area": ROOT / "examples" / "jarviseutu",
    "library": ROOT / "examples" / "library",
    "zensical": ROOT,
}
ENGINES = {"zensical": "zensical"}  # the sites not built by MkDocs with the refarch plugin


@dataclass(frozen=True)
class Facts:
    """What the tests look for on a site: its pages, words and content differ, the checks do not."""

    prefix: str  # the folder of the generated pages
    key: str  # the word that opens a drawing's key
    zoom_in: str
    fit: str
    link: tuple[str, str, str]  # a page with a drawing, a node link on it, the name its page is headed by
    exact: tuple[str, str]  # a name typed into search, and the page that must come first
    cells: str  # table cells of that page as the search excerpt must keep them apart
    sortable: str  # a page with a sortable table
    roadmap: tuple[str, str, str, str]  # the timeline page, a day in one period, that period's heading, note
    footer: tuple[str, str]  # words of the owner line, the model's version line
    pages: tuple[str, ...]  # pages every page-by-page test opens
    diagram_pages: tuple[str, ...]
    reader_pages: tuple[str, ...]  # topic pages without a diagram of their own
    wide_pages: tuple[str, ...]  # pages with a wide view that has a narrow form
    elements: int  # at least this many element pages


NATIONAL = Facts(
    prefix="arkkitehtuuri",
    key="Selite",
    zoom_in="Lähennä",
    fit="Sovita",
    link=("arkkitehtuuri/system/ura.html", "../actor/kunnan-tyollisyyspalvelut.html", "Kunnan työllisyyspalvelut"),
    exact=("Työmarkkinatori", "arkkitehtuuri/system/tyomarkkinatori.html"),
    cells="suomi Työmarkkinatori englanti Job Market Finland",
    sortable="arkkitehtuuri/actor/index.html",
    roadmap=("arkkitehtuuri/tiekartta.html", "2024-03-15", "2024 1/2", "tiekartan kaikki jaksot ovat takana"),
    footer=("Kuntaliitto", "Mallin versio 1.0, 4.12.2026"),
    pages=(),
    diagram_pages=(
        "arkkitehtuuri/index.html",
        "arkkitehtuuri/principles.html",
        "arkkitehtuuri/business.html",
        "arkkitehtuuri/information.html",
        "arkkitehtuuri/palvelupolku.html",
        "arkkitehtuuri/roadmap.html",
        "arkkitehtuuri/system/ura.html",
        "arkkitehtuuri/data-store/henkiloasiakastietovaranto.html",
        "arkkitehtuuri/actor/kunnan-tyollisyyspalvelut.html",
    ),
    reader_pages=(
        "index.html",
        "arkkitehtuuri/tiekartta.html",
        "arkkitehtuuri/velvoittavat.html",
        "arkkitehtuuri/rahoitus.html",
        "arkkitehtuuri/validointi.html",
    ),
    wide_pages=("arkkitehtuuri/palvelupolku.html", "arkkitehtuuri/information.html"),
    elements=400,
)
FACTS = {
    "national": NATIONAL,
    "zensical": NATIONAL,
    "area": replace(NATIONAL, footer=("Kuntaliitto", "Mallin versio 0.1 (esimerkki), 4.12.2026")),
    "library": Facts(
        prefix="architecture",
        key="Key",
        zoom_in="Zoom in",
        fit="Fit",
        link=("architecture/stage/collect.html", "../party/lending-desk.html", "Lending desk"),
        exact=("Reservations", "architecture/dataset/reservations.html"),
        cells="English Reservations Swedish Reservationer",
        sortable="architecture/party/index.html",
        roadmap=(
            "architecture/timeline.html",
            "2026-03-15",
            "First half of 2026",
            "all periods of the roadmap are past",
        ),
        footer=("made-up region", "Model version 0.1 (example), 2026-12-04"),
        pages=(
            "index.html",
            "architecture/index.html",
            "architecture/services.html",
            "architecture/information.html",
            "architecture/service-path.html",
            "architecture/timeline.html",
            "architecture/mandatory.html",
            "architecture/glossary.html",
            "architecture/validation.html",
            "architecture/rules.html",
            "architecture/metamodel.html",
            "architecture/party/index.html",
            "architecture/stage/collect.html",
            "architecture/dataset/loan-records.html",
            "architecture/application/library-system.html",
            "architecture/message/pickup-notice.html",
            "architecture/milestone/first-half-2026.html",
        ),
        diagram_pages=(
            "architecture/index.html",
            "architecture/services.html",
            "architecture/information.html",
            "architecture/service-path.html",
            "architecture/plan.html",
            "architecture/application/library-system.html",
            "architecture/dataset/loan-records.html",
            "architecture/party/reader.html",
        ),
        reader_pages=(
            "index.html",
            "architecture/timeline.html",
            "architecture/mandatory.html",
            "architecture/validation.html",
        ),  # fmt: skip
        wide_pages=("architecture/service-path.html", "architecture/information.html"),
        elements=30,
    ),
}


def by_site(pages: str, *sites: str) -> list[tuple[str, str]]:
    """(site, page) pairs of each site's pages of one sort (a Facts field), for tests run page by page."""
    return [(site, path) for site in sites or sorted(SITES) for path in getattr(FACTS[site], pages)]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "xlink:href", "src") and value:
                self.links.append(value)


def internal_links(html_file: Path) -> list[str]:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return [link for link in parser.links if not urlsplit(link).scheme and not link.startswith(("#", "//", "mailto:"))]
