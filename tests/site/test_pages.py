"""Generated pages without MkDocs: one per element, kind, layer and topic; escaped; stable; the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from refarch import pipeline
from refarch.site.pages import SPECIAL_PAGES, SiteOptions, site_pages

from support import ROOT, working_directory


def te24_pages(**options):
    with working_directory(ROOT):
        result = pipeline.check([Path("architecture")])
        return result, site_pages(result, SiteOptions(diagrams=False, **options))


def test_a_page_for_every_element_kind_layer_and_topic() -> None:
    result, pages = te24_pages()
    paths = {p.path for p in pages}
    model = result.model
    for element in model.elements.values():
        assert f"arkkitehtuuri/{element.kind}/{element.id}.md" in paths
    kinds = {e.kind for e in model.elements.values()}
    layers = {e.layer for e in model.elements.values()}
    assert {f"arkkitehtuuri/{k}/index.md" for k in kinds} <= paths
    assert {f"arkkitehtuuri/{layer}.md" for layer in layers} <= paths
    assert {f"arkkitehtuuri/{name}.md" for name in SPECIAL_PAGES} <= paths
    assert len(pages) == len(model.elements) + len(kinds) + len(layers) + len(SPECIAL_PAGES) + 1


def test_pages_are_deterministic() -> None:
    assert te24_pages()[1] == te24_pages()[1]


def test_element_page_tells_relations_source_and_findings() -> None:
    _, pages = te24_pages(edit_base="https://example.invalid/edit/main/")
    page = next(p for p in pages if p.path == "arkkitehtuuri/data-group/asiakastiedot.md")
    assert page.source == "architecture/information/tietoryhmat.yaml"
    text = page.content
    assert 'href="../../data-store/henkiloasiakastietovaranto/"' in text  # stored in, as a link
    assert "Tiedon elinkaari" in text and "Muutoksen vaikutukset" in text
    assert 'href="https://example.invalid/edit/main/architecture/information/tietoryhmat.yaml"' in text


def test_funding_page_flags_the_published_mismatch() -> None:
    _, pages = te24_pages()
    text = next(p for p in pages if p.path == "arkkitehtuuri/rahoitus.md").content
    assert "(ero 13)" in text  # 520 published, parts sum to 507
    assert "98\u00a0310\u00a0434" in text  # the age-group subtotal's gap


def test_file_urls_for_engines_without_directory_urls() -> None:
    _, pages = te24_pages(directory_urls=False)
    text = next(p for p in pages if p.path == "arkkitehtuuri/actor/kela.md").content
    assert 'href="../actor/kela-ja-tyottomyyskassat.html"' in text and 'href="../service/tyottomyysetuus.html"' in text


def test_html_in_the_model_is_escaped_in_the_pages(write_model) -> None:
    root = write_model(
        {"architecture/m.yaml": 'actors:\n  - id: a\n    name: "<b>A</b>"\n    description: "<script>x()</script>"\n'}
    )
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
    page = next(p for p in site_pages(result, SiteOptions(diagrams=False)) if p.path.endswith("/a.md"))
    assert "<script>" not in page.content and "&lt;script&gt;x()&lt;/script&gt;" in page.content
    assert 'title: "\\u0026lt;b\\u0026gt;A\\u0026lt;/b\\u0026gt;"' in page.content


def test_site_pages_command(run, tmp_path: Path) -> None:
    rc, out, _ = run("site", "pages", "-o", str(tmp_path), "--no-diagrams", cwd=ROOT)
    assert rc == 0 and "wrote" in out
    assert (tmp_path / "arkkitehtuuri" / "actor" / "kela.md").is_file()


def test_long_lineage_is_cut_at_forty_with_a_count(write_model) -> None:
    """A data group with 50 parts, each carried by its own flow: its page links 40 flows and counts the rest."""
    parts = "".join(f"  - {{id: osa-{n}, name: Osa {n}, part-of: koko}}\n" for n in range(50))
    flows = "".join(f"  - {{id: virta-{n}, name: Virta {n}, from: a, to: b, carries: osa-{n}}}\n" for n in range(50))
    folder = write_model(
        {
            "m/a.yaml": "actors:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
            f"data-groups:\n  - {{id: koko, name: Koko}}\n{parts}flows:\n{flows}"
        }
    )
    result = pipeline.check([folder / "m"])
    page = next(p for p in site_pages(result, SiteOptions(diagrams=False)) if p.path.endswith("data-group/koko.md"))
    assert page.content.count('href="../../flow/virta-') == 40
    assert "… ja 10 muuta tietovirtaa" in page.content


def test_every_key_the_model_uses_has_a_finnish_label() -> None:
    result, _ = te24_pages()
    labels = result.model.metamodel.field_labels
    used = {k for e in result.model.elements.values() for k in (*e.fields, *e.properties)}
    used |= {c for e in result.model.elements.values() for c in e.fields.get("values", {})}
    assert sorted(k for k in used if not labels.get(k, {}).get("fi")) == []


def test_no_internal_key_or_python_value_on_an_element_page() -> None:
    """A reader sees "Velvoittava: Kyllä" and 1 234 567 €, never "mandatory True" or "['a', 'b']"."""
    import re

    result, pages = te24_pages()
    keys = {k for e in result.model.elements.values() for k in (*e.fields, *e.properties)}
    for page in pages:
        if page.path.count("/") != 2 or page.path.endswith("index.md"):
            continue
        headers = set(re.findall(r'<th scope="row">([^<]*)</th>', page.content))
        assert not headers & keys, (page.path, headers & keys)
        cells = re.findall(r"<td>(.*?)</td>", page.content)
        for cell in cells:
            assert cell not in ("True", "False", "None") and not cell.startswith(("[&#39;", "['", "{")), (
                page.path,
                cell,
            )
    ura = next(p for p in pages if p.path == "arkkitehtuuri/system/ura.md").content
    assert '<th scope="row">Lyhenne</th>\n<td>URA</td>' in ura
    store = next(p for p in pages if p.path == "arkkitehtuuri/data-store/henkiloasiakastietovaranto.md").content
    assert '<th scope="row">Velvoittava</th>\n<td>Kyllä</td>' in store


def test_the_mandatory_page_lists_every_element_the_model_marks_mandatory_with_its_law() -> None:
    result, pages = te24_pages()
    page = next(p for p in pages if p.path == "arkkitehtuuri/velvoittavat.md").content
    marked = [e for e in result.model.elements.values() if e.fields.get("mandatory") is True]
    assert len(marked) >= 4
    for element in marked:
        assert f">{element.name}</a>" in page, element.id
    unmarked = [e for e in result.model.elements.values() if e.kind in ("system", "data-store")
                and not e.fields.get("mandatory")]  # fmt: skip
    assert unmarked and not [e.id for e in unmarked if f"/{e.id}.html" in page or f"/{e.id}/" in page]
    assert "../law/" in page  # the statute that makes it mandatory


def test_layer_tables_show_description_and_owner_and_flows_their_ends() -> None:
    _, pages = te24_pages()
    systems = next(p for p in pages if p.path == "arkkitehtuuri/systems.md").content
    assert '<th scope="col">Kuvaus</th>' in systems and '<th scope="col">Velvoittava</th>' in systems
    assert '<th scope="col">Tunniste</th>' not in systems
    information = next(p for p in pages if p.path == "arkkitehtuuri/information.md").content
    assert (
        '<th scope="col">Lähettäjä</th>\n<th scope="col">Vastaanottaja</th>\n<th scope="col">Tiedot</th>' in information
    )


def test_impact_is_grouped_with_reasons_and_lineage_has_one_row_per_flow() -> None:
    import re

    _, pages = te24_pages()
    ura = next(p for p in pages if p.path == "arkkitehtuuri/system/ura.md").content
    impact = ura.split("<h2>Muutoksen vaikutukset</h2>")[1].split("<h2>")[0]
    # grouped by how the change reaches each: URA's users are affected, the tasks about it mention it
    assert re.findall(r"<h3>([^<]+)</h3>", impact) == ["Joihin muutos vaikuttaa", "Mainitsevat tämän"]
    assert "ulottuu 6 elementtiin" in impact and impact.count("<li>") == 6
    assert re.search(r"</a>: URA [^<]+\.</li>", impact)  # each reached element says why, as a sentence
    data = next(p for p in pages if p.path == "arkkitehtuuri/data-group/asiakastiedot.md").content
    lineage = data.split("<h2>Tiedon elinkaari</h2>")[1].split("<h2>")[0]
    flows = re.findall(r"<tr><td><a href=\"[^\"]*flow/([a-z0-9-]+)/\">", lineage)
    assert flows and len(flows) == len(set(flows))


def test_the_service_path_gives_each_step_its_actors_systems_flows_and_data() -> None:
    _, pages = te24_pages()
    path = next(p for p in pages if p.path == "arkkitehtuuri/palvelupolku.md").content
    assert '<nav aria-label="Vaiheet:' in path and 'href="#etuuden-hakeminen"' in path
    step = path.split('<h3 id="etuuden-hakeminen">')[1].split("<h3 ")[0]
    for heading in ("Kuka tekee mitä", "Käytetyt palvelut ja järjestelmät", "Tietovirrat", "Tarvittavat tiedot"):
        assert heading in step, heading
    assert "→" in step and "Kunnan työllisyyspalvelut</a> →" in step


def test_the_roadmap_is_a_timeline_of_every_period_and_track_in_published_order() -> None:
    import re

    result, pages = te24_pages()
    model = result.model
    page = next(p for p in pages if p.path == "arkkitehtuuri/tiekartta.md").content
    heads = re.findall(
        r'<th scope="col" data-start="([^"]*)" data-end="[^"]*"><a href="[^"]*phase/([a-z0-9-]+)/">', page
    )
    periods = [e for e in model.elements.values() if e.kind == "phase" and "tiekartta-2022-2025" in
               [r.target for r in e.relationships if r.type == "part-of"]]  # fmt: skip
    phases = [e for e in model.elements.values() if e.kind == "phase"]
    assert len(heads) == len(periods) == len(phases) - 1 == 6  # every period under the roadmap itself
    assert [start for start, _ in heads] == sorted(start for start, _ in heads)
    tracks = re.findall(r'<tr><th scope="row">([^<]+)</th>', page)
    assert set(tracks) == {
        e.fields["track"] for e in model.elements.values() if e.kind == "task" and "track" in e.fields
    }
    order = list(model.elements)  # published order: the tasks of one cell keep the model's order
    cell = page.split('<th scope="row">Kunnan tehtävät</th>')[1].split("</td>")[1]
    ids = re.findall(r'task/([a-z0-9-]+)/"', cell)
    groups = [i for i in ids if model.elements[i].fields.get("category")]
    assert ids and [order.index(i) for i in groups] == sorted(order.index(i) for i in groups)


def test_table_cells_and_list_items_are_apart_for_the_search_index() -> None:
    """Search indexes a page's text without its tags: cells written edge to edge ran together there
    ("suomiPalkkatuki")."""
    _, pages = te24_pages()
    text = next(p for p in pages if p.path == "arkkitehtuuri/service/palkkatuki.md").content
    assert '<th scope="row">suomi</th>\n<td lang="fi">Palkkatuki</td>' in text
    assert not any(re.search(r"</(td|th|li|tr)><", p.content) for p in pages)


def test_waiver_reasons_are_in_finnish_on_the_pages(write_model) -> None:
    _, pages = te24_pages()
    vapa = next(p for p in pages if p.path == "arkkitehtuuri/system/vapa.md").content
    assert "Lähde mainitsee VAPAn vain tiekartassa" in vapa and "The source names VAPA" not in vapa
    report = next(p for p in pages if p.path == "arkkitehtuuri/validointi.md").content
    assert "Lähde ei nimeä tietojen omistajaa" in report and "does not name who owns" not in report
    root = write_model({"architecture/m.yaml": "actors:\n  - id: a\n    name: A\n    waive:\n"
                        "      - {rule: orphan-element, reason: {en: Not in the source yet}}\n"})  # fmt: skip
    result = pipeline.check([root / "architecture"])
    page = next(p for p in site_pages(result, SiteOptions(diagrams=False)) if p.path == "arkkitehtuuri/actor/a.md")
    assert '<span lang="en">Not in the source yet</span>' in page.content  # no Finnish: marked as English


def test_no_two_pages_share_a_title() -> None:
    """Starttiraha is a service and a cost figure: their tabs, history and bookmarks must tell them apart."""
    _, pages = te24_pages()
    titles = [json.loads(re.match(r"---\ntitle: (.*)\n---", p.content).group(1)) for p in pages]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    assert "Starttiraha (palvelu)" in titles and "Starttiraha (tunnusluku)" in titles
    # the same task published in two tracks: told apart by the field that differs
    assert "Järjestelmien käytön ja tiedon liikkumisen varmistaminen (tehtävä, raide: Valtion tehtävät)" in titles
    assert "Raportoinnin automaatioiden varmistaminen (tehtävä, luokka: järjestelmät)" in titles


def test_the_overview_says_what_the_models_own_files_say(write_model) -> None:
    """Title, opening and introduction come from refarch.yaml's about (and the element it names), not from
    the toolkit: another model's overview has no word of TE24's."""
    settings = (
        "about:\n  title: Kirjastojen viitearkkitehtuuri\n  subject: a\n  introduction: {en: Libraries <together>.}\n"
    )
    model = "actors:\n  - {id: a, name: Kirjasto, description: Lainaa kirjoja.}\n"
    root = write_model({"architecture/m.yaml": model, "architecture/refarch.yaml": settings})
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
    pages = {p.path: p.content for p in site_pages(result, SiteOptions(diagrams=False))}
    home = pages["arkkitehtuuri/index.md"]
    assert "<strong>Kirjastojen viitearkkitehtuuri</strong>" in home and "<p>Lainaa kirjoja.</p>" in home
    assert '<span lang="en">Libraries &lt;together&gt;.</span>' in home
    words = re.compile(r"TE24|työllisyy|työvoima|työnhak|Kela\b|KEHA|2022–2025", re.I)
    assert not [(path, m.group(0)) for path, text in pages.items() for m in words.finditer(text)]
    assert "palvelupolku" not in home and "tiekartta" not in home  # no service path, no timeline: no link


def test_an_overview_subject_that_names_no_element_stops_the_build(write_model) -> None:
    import pytest

    from refarch.errors import ConfigError

    root = write_model(
        {
            "architecture/m.yaml": "actors:\n  - {id: kirjasto, name: Kirjasto}\n",
            "architecture/refarch.yaml": "about: {subject: kirjastot}\n",
        }
    )
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
    with pytest.raises(ConfigError, match='about.subject names no element .kirjastot.; did you mean "kirjasto"'):
        site_pages(result, SiteOptions(diagrams=False))


def test_a_page_listing_hundreds_of_elements_is_left_out_of_search(write_model) -> None:
    """Each element has its own page in the index; a table of every actor would be one search field of over
    64 KiB, which Zensical refuses. Below the limit a page stays searchable."""
    actors = "".join(f"  - {{id: a{n}, name: Toimija {n}}}\n" for n in range(501))
    root = write_model({"architecture/m.yaml": "actors:\n" + actors})
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
    pages = {p.path: p.content for p in site_pages(result, SiteOptions(diagrams=False))}
    head = lambda path: pages[path].split("---", 2)[1]  # noqa: E731
    assert "search:\n  exclude: true" in head("arkkitehtuuri/actor/index.md")
    assert "search:\n  exclude: true" in head("arkkitehtuuri/business.md")
    assert "search" not in head("arkkitehtuuri/actor/a1.md") and "search" not in head("arkkitehtuuri/index.md")


def provenance_pages():
    with working_directory(ROOT / "tests" / "cases" / "provenance"):
        result = pipeline.check([Path("architecture")])
        return {p.path: p.content for p in site_pages(result, SiteOptions(diagrams=False))}


def test_element_page_shows_each_facts_provenance_as_a_badge() -> None:
    """The element's own badge and citation, a badge on every relationship, and a relationship's own
    citation or reason where it differs from the element's (docs/provenance.md)."""
    page = provenance_pages()["arkkitehtuuri/actor/kirjasto.md"]
    assert page.count('data-provenance="stated"') == 3  # the element (top and its section), "provides lainaus"
    assert "Kirjastopalvelujen suunnitelma 2024, s. 3" in page
    lending, interlibrary = re.findall(r"<dd>.*?</dd>", page)[:2]
    assert ">Lähteestä</span>" in lending and "refarch-cite" not in lending  # the element's own: badge only
    assert ">Muu lähde</span>" in interlibrary and "https://example.org/kaukolainaus" in interlibrary
    assert "<q>Kaukolainat tilataan kirjastosta.</q>" in interlibrary and "(5.12.2026)" in interlibrary


def test_provenance_page_lists_every_inference_with_its_reason() -> None:
    pages = provenance_pages()
    page = pages["arkkitehtuuri/alkupera.md"]
    inferred = page.split('<h2 id="inferred">')[1].split("<h2")[0]
    assert "Lainaus" in inferred and "Oletus koko tiedostolle." in inferred
    assert "Kirjasto" not in inferred  # stated: not an inference
    later = page.split('<h2 id="later">')[1].split("<h2")[0]
    assert "Kuntalaki 410/2015" in later and "käyttää" in later  # the element and its relationship
    stated = page.split('<h2 id="stated">')[1].split("<h2")[0]
    assert "<table" not in stated and "3 tietoa" in stated  # the source's own: counted, cited on their pages
    assert 'href="../../alkupera/">Tietojen alkuperä</a>' in pages["arkkitehtuuri/actor/kirjasto.md"]


def test_te24_provenance_page_lists_every_inference() -> None:
    result, pages = te24_pages()
    page = next(p for p in pages if p.path == "arkkitehtuuri/alkupera.md").content
    inferred = page.split('<h2 id="inferred">')[1].split("<h2")[0]
    facts = [
        r for e in result.model.elements.values() for r in (e, *e.relationships) if r.provenance.kind == "inferred"
    ]
    assert len(facts) > 300 and inferred.count("<tr>") == len(facts) + 1  # a row each, and the header
    assert "search:\n  exclude" not in page  # under the searchable size


def test_provenance_text_is_escaped(write_model) -> None:
    root = write_model(
        {
            "architecture/m.yaml": "actors:\n  - id: a\n    name: A\n"
            "    provenance: {kind: inferred, reason: '<script>alert(1)</script>', source: '<b>x</b>'}\n"
        }
    )
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
        pages = {p.path: p.content for p in site_pages(result, SiteOptions(diagrams=False))}
    for path in ("arkkitehtuuri/actor/a.md", "arkkitehtuuri/alkupera.md"):
        assert "<script>" not in pages[path] and "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[path]
        assert "&lt;b&gt;x&lt;/b&gt;" in pages[path]


def test_a_relationship_citing_what_the_page_cites_shows_the_badge_alone(write_model) -> None:
    """An incoming relationship whose element cites the same slide as the page's element: the citation is
    not repeated (provenances that say the same are equal wherever they are written)."""
    root = write_model(
        {
            "architecture/m.yaml": "actors:\n  - {id: a, name: A, source: Dia 3}\n"
            "  - {id: b, name: B, source: Dia 3, uses: s}\n  - {id: c, name: C, source: Dia 4, uses: s}\n"
            "services:\n  - {id: s, name: S, source: Dia 3}\n"
        }
    )
    with working_directory(root):
        result = pipeline.check([Path("architecture")])
        page = next(p for p in site_pages(result, SiteOptions(diagrams=False)) if p.path.endswith("service/s.md"))
    from_b, from_c = re.findall(r"<dd>.*?</dd>", page.content)
    assert "refarch-cite" not in from_b and '<span class="refarch-cite">Dia 4</span>' in from_c
