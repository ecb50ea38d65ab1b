"""Diagrams as a reader meets them, at 1366×900 and on a 390×844 phone: the page never scrolls sideways,
each diagram opens wholly inside its column with labels at least 8 px high (a view too wide for that
is drawn top to bottom instead, on a phone or wherever it is too wide), its controls (in Finnish,
operable by keyboard) zoom and fit it, its node links still lead to their pages after a zoom, and a key
(Selite) stands beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sites import Facts, by_site

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
LEGIBLE_PX = 8
SMALLEST_LABEL = """svg => Math.min(...[...svg.querySelectorAll('text')].map(t =>
    parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield request.param, page
    context.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("site_case, path", by_site("diagram_pages"), indirect=["site_case"])
def test_diagrams_open_whole_in_their_column_with_a_key(path, built_site, serve, viewport, site_case, facts) -> None:
    name, page = viewport
    open_page(page, serve(built_site) + path)
    assert page.errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    figures = page.locator(".refarch-figure:visible")  # a view too wide for a phone has a narrow drawing too
    assert figures.count() >= 1
    for n in range(figures.count()):
        figure = figures.nth(n)
        box = figure.locator(".refarch-diagram").bounding_box()
        drawing = figure.locator(".refarch-canvas svg").bounding_box()
        assert box and drawing
        assert drawing["width"] <= box["width"] + 1 and drawing["height"] <= box["height"] + 1, "cut off"
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1
        assert figure.locator("figcaption").inner_text().startswith(facts.key)
        smallest = figure.locator(".refarch-canvas svg").evaluate(SMALLEST_LABEL)
        layout = figure.locator(".refarch-diagram").get_attribute("data-layout")
        assert smallest >= LEGIBLE_PX, f"{layout}: labels {smallest:.1f} px high as the page opens"
        assert figure.locator(".refarch-toolbar").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    figures.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{site_case}-{path.replace('/', '_')}-{name}.png"))


@pytest.mark.parametrize("site_case, path", by_site("reader_pages"), indirect=["site_case"])
def test_pages_without_a_diagram_never_scroll_sideways(path, built_site, serve, viewport, site_case) -> None:
    """The home page and the topic pages a reader comes for, at both sizes: wide tables scroll inside
    themselves (and are then focusable), never the page; a screenshot of each for a person to look at."""
    name, page = viewport
    open_page(page, serve(built_site) + path)
    assert page.errors == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    for table in page.locator("article table").all():
        if table.evaluate("t => t.scrollWidth > t.clientWidth + 1"):
            assert table.get_attribute("tabindex") == "0", "a table that scrolls must be reachable by keyboard"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{site_case}-{path.replace('/', '_')}-{name}.png"))


@pytest.mark.parametrize("site_case, path", by_site("wide_pages"), indirect=["site_case"])
def test_a_phone_gets_the_narrow_drawing_of_a_wide_view(path, built_site, serve, viewport) -> None:
    """The service path and the data flows are drawn top to bottom for a phone; a desktop whose column
    shows the wide drawing legibly gets that one."""
    name, page = viewport
    open_page(page, serve(built_site) + path)
    shown = page.locator(".refarch-figure:visible .refarch-diagram").evaluate_all(
        "boxes => boxes.map(b => b.dataset.layout)"
    )
    narrow = [layout for layout in shown if layout.endswith("-narrow")]
    if name == "phone":
        assert narrow and all(layout.endswith("-narrow") or layout == "kinds" for layout in shown), shown
    else:
        assert len(shown) == len(set(shown)) and not any(f"{layout}-narrow" in shown for layout in shown), shown


def test_the_controls_zoom_and_fit_and_links_still_lead_on(built_site, serve, page, facts: Facts) -> None:
    where, href, _ = facts.link
    open_page(page, serve(built_site) + where)
    figure = page.locator(".refarch-figure").first
    canvas = figure.locator(".refarch-canvas")
    fitted = canvas.evaluate("c => getComputedStyle(c).transform")
    figure.get_by_role("button", name=facts.zoom_in).click()
    expect(canvas).not_to_have_css("transform", fitted)  # polls: Panzoom animates the change
    figure.get_by_role("button", name=facts.fit).click()
    expect(canvas).to_have_css("transform", fitted)
    figure.locator(".refarch-diagram").focus()
    page.keyboard.press("+")
    expect(canvas).not_to_have_css("transform", fitted)
    page.keyboard.press("0")
    expect(canvas).to_have_css("transform", fitted)
    figure.locator(f'svg a[*|href="{href}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href.removeprefix(".."))


def test_node_links_are_reachable_for_screen_readers(built_site, serve, page, facts: Facts) -> None:
    """`role="img"` would make the drawing's links presentational; as a group they are links to assistive
    technology too (found here by role, as a screen reader finds them)."""
    where, _, name = facts.link
    open_page(page, serve(built_site) + where)
    svg = page.locator(".refarch-canvas svg").first
    assert svg.get_attribute("role") == "group"
    assert svg.get_by_role("link", name=name).count() >= 1


def test_the_roadmap_marks_the_current_period(built_site, serve, browser, facts: Facts) -> None:
    """The marker is set in the browser from today's date (the built page is the same bytes any day)."""
    where, day, period, note = facts.roadmap
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "const D = Date; Date = class extends D { constructor(...a) { super(...(a.length ? a : "
        f"['{day}T12:00:00Z'])) }} }}; Date.now = () => new D('{day}T12:00:00Z').getTime();"
    )
    open_page(page, serve(built_site) + where)
    marked = page.locator("table.refarch-timeline th:has(.refarch-now-badge)")
    assert marked.count() == 1 and period in marked.inner_text()
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(  # a day after every roadmap's end
        "const D = Date; Date = class extends D { constructor(...a) { super(...(a.length ? a : "
        "['2099-01-01T12:00:00Z'])) } }; Date.now = () => new D('2099-01-01T12:00:00Z').getTime();"
    )
    open_page(page, serve(built_site) + where)
    assert page.locator("table.refarch-timeline th .refarch-now-badge").count() == 0
    assert note in page.locator(".refarch-now-note").inner_text()
    context.close()
