"""Graphviz's `dot` turns DOT text into SVG or PNG; results are cached by content hash.

The SVG is made accessible afterwards: `role="img"` with a <title> and <desc> that screen readers read,
and Graphviz's version comment removed so that output does not change with the machine.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from refarch.cache import write_atomic
from refarch.errors import ConfigError

FORMATS = ("svg", "png")
TIMEOUT_SECONDS = 600


def render(dot: str, fmt: str = "svg", cache: Path | None = None) -> bytes:
    """Run `dot -T<fmt>` on the text, or take the result from `cache` when the same text was rendered."""
    return render_many([dot], fmt, cache)[0]


def render_many(dots: list[str], fmt: str = "svg", cache: Path | None = None, batch: int = 100) -> list[bytes]:
    """Render many DOT texts: cached ones from the cache, the rest in batches of one `dot` process each.

    One process per drawing spent most of a large site's build starting processes; `dot` draws every
    graph of its input in turn, so a batch costs one start. Batches run on every core. The site batches
    the element diagrams and the service paths; a batch that fails is drawn one graph at a time.
    """
    results: list[bytes | None] = [None] * len(dots)
    missing: dict[str, list[int]] = {}
    for n, dot in enumerate(dots):
        kept = _cached(_cache_path(dot, fmt, cache), fmt)
        if kept is not None:
            results[n] = kept
        else:
            missing.setdefault(dot, []).append(n)
    todo = list(missing)
    chunks = [todo[i : i + batch] for i in range(0, len(todo), batch)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for chunk, drawn in zip(chunks, pool.map(lambda c: _render_batch(c, fmt), chunks), strict=True):
            for dot, output in zip(chunk, drawn, strict=True):
                cached = _cache_path(dot, fmt, cache)
                if cached is not None:
                    write_atomic(cached, output)  # best effort: a read-only or full disk only costs a redraw
                for n in missing[dot]:
                    results[n] = output
    return results  # type: ignore[return-value]


def _render_batch(dots: list[str], fmt: str) -> list[bytes]:
    """One `dot` run for several graphs; SVG output is split per graph, other formats drawn one by one."""
    if fmt != "svg" or len(dots) == 1:
        return [_run_dot(dot, fmt) for dot in dots]
    try:
        documents = _run_dot("".join(dots), fmt).decode("utf-8").split("</svg>\n")[:-1]
    except ConfigError:  # Graphviz 2.43 can crash on some multi-graph inputs (HTML-like labels): draw alone
        documents = []
    if len(documents) != len(dots):
        return [_run_dot(dot, fmt) for dot in dots]
    # In a multi-graph run dot prefixes ids with the graph's page ("page0,1_graph0"): drop that, so that a
    # drawing is the same bytes whether it was drawn alone or in a batch.
    return [
        _anchors_from_zero(
            _clusters_in_order(re.sub(r'id="(\w*?)page\d+,\d+_', r'id="\1', document.lstrip("\n") + "</svg>\n"))
        ).encode()
        for document in documents
    ]


_ANCHOR = re.compile(r'id="a_(\w+?)_(\d+)"')


def _anchors_from_zero(svg: str) -> str:
    """Graphviz numbers the links of HTML-like label cells (`a_node1_0`, `a_node1_1`, ...) with one counter
    for the whole run, so the second graph of a batch starts where the first stopped: numbered again from
    0 in order, a drawing is the same bytes whether it was drawn alone or in a batch.

    >>> _anchors_from_zero('<g id="a_node1_21"><g id="a_node2_22"><g id="a_node1">')
    '<g id="a_node1_0"><g id="a_node2_1"><g id="a_node1">'
    """
    numbers = sorted({int(m.group(2)) for m in _ANCHOR.finditer(svg)})
    if not numbers or numbers[0] == 0:
        return svg
    rank = {n: i for i, n in enumerate(numbers)}
    return _ANCHOR.sub(lambda m: f'id="a_{m.group(1)}_{rank[int(m.group(2))]}"', svg)


_CLUSTER = re.compile(
    r'<g id="clust(\d+)" class="cluster">\n<title>[^<]*</title>\n<g id="a_clust\d+">.*?</a>\n</g>\n</g>\n', re.S
)


def _clusters_in_order(svg: str) -> str:
    """The clusters of a drawing in the order of their ids. Graphviz 2.43 writes a graph's clusters in
    another order when it is not the first graph of a multi-graph run (same places, same shapes): put in
    order, a drawing is the same bytes whether it was drawn alone or in a batch. Clusters that are not one
    run of linked blocks (nested ones) are left as they are."""
    blocks = list(_CLUSTER.finditer(svg))
    if len(blocks) < 2 or sum(len(b.group(0)) for b in blocks) != blocks[-1].end() - blocks[0].start():
        return svg
    ordered = "".join(b.group(0) for b in sorted(blocks, key=lambda b: int(b.group(1))))
    return svg[: blocks[0].start()] + ordered + svg[blocks[-1].end() :]


def _run_dot(text: str, fmt: str) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise ConfigError("Graphviz is not installed (no `dot` program); `make install` installs it")
    try:
        done = subprocess.run([program, f"-T{fmt}"], input=text.encode(), capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise ConfigError(f"Graphviz took longer than {TIMEOUT_SECONDS} s; draw a smaller view") from None
    if done.returncode != 0:
        raise ConfigError(f"Graphviz failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _cache_path(dot: str, fmt: str, cache: Path | None) -> Path | None:
    if cache is None:
        return None
    key = hashlib.sha256((fmt + "\n" + dot).encode()).hexdigest()
    return cache / key[:2] / f"{key}.{fmt}"


def _cached(path: Path | None, fmt: str) -> bytes | None:
    """A cache entry that is whole (an empty or cut-off file, left by a kill, is drawn again)."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    whole = (
        data.rstrip().endswith(b"</svg>")
        if fmt == "svg"
        else data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    )
    return data if whole else None


def accessible_svg(svg: str, title: str, description: str, ident: str = "diagram", role: str = "img") -> str:
    """Give the drawing a role, a title and a description, and drop the generator comments.

    `ident` keeps ids unique when a page holds several drawings. A drawing whose nodes are links takes
    `role="group"`: `img` would hide its links from screen readers.

    >>> accessible_svg('<!-- Generated by graphviz -->\\n<svg width="1pt">\\n<g/></svg>', 'A & B', 'Desc')
    '<svg width="1pt" role="img" aria-labelledby="diagram-title diagram-desc">\\n\
<title id="diagram-title">A &amp; B</title><desc id="diagram-desc">Desc</desc>\\n<g/></svg>'
    """
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<\?xml[^>]*\?>\n?|<!DOCTYPE[^>]*>\n?", "", svg)
    svg = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{ident}-{m.group(1)}"', svg)
    head = (
        f'<title id="{ident}-title">{html.escape(title)}</title>'
        f'<desc id="{ident}-desc">{html.escape(description)}</desc>'
    )
    return re.sub(
        r"<svg\b([^>]*)>",
        lambda m: f'<svg{m.group(1)} role="{role}" aria-labelledby="{ident}-title {ident}-desc">' + "\n" + head,
        svg,
        count=1,
    ).lstrip()


_ACTIVE_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler", "listener"})
_GRAPHVIZ_PARTS = frozenset({"node", "edge", "cluster", "graph"})
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
_UNSAFE_URL = re.compile(r"^[\x00-\x20]*(javascript|data|vbscript):", re.I)
_URL_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL: "java&#9;script:" runs
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_LOWER = "translate(local-name(), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_NAMESPACES = {"xlink": "http://www.w3.org/1999/xlink"}
# Elements that run something, by their lower-case local name in any namespace: a page's HTML parser reads
# an inline drawing's <SCRIPT> as <script>, and <foreignobject> as <foreignObject>.
_ACTIVE_NAMES = frozenset(name.lower() for name in _ACTIVE_ELEMENTS)
# onclick, ONLOAD, xlink:onfoo...: the cheap test of the first letter first, the lower-casing only then
_HANDLERS = etree.XPath(
    f"//@*[starts-with(local-name(), 'o') or starts-with(local-name(), 'O')][starts-with({_LOWER}, 'on')]"
)
_LINKS = etree.XPath("//@href | //@xlink:href | //@src | //@action | //@formaction", namespaces=_NAMESPACES)
# The same in any case (a page's HTML parser lower-cases an inline drawing's attribute names): slower, so only
# for a drawing whose text names one otherwise than in lower case (Graphviz's never do)
_LINKS_ANY_CASE = etree.XPath(
    "//@*[contains('hHsSaAfF', substring(local-name(), 1, 1))]"
    f"[{_LOWER} = 'href' or {_LOWER} = 'src' or {_LOWER} = 'action' or {_LOWER} = 'formaction']"
)
_LINK_NAME = re.compile(r"\s(?:[^\s=<>/\"']+:)?(href|src|action|formaction)\s*=", re.I)
_XLINK_ONLY = etree.XPath("//*[local-name() = 'a'][@xlink:href and not(@href)]", namespaces=_NAMESPACES)


def _unwanted(node: etree._Element) -> bool:
    """Whether a node goes: a comment or processing instruction; an element that runs something; Graphviz's
    title of a node, edge, cluster or graph (its internal id: a tooltip no reader should see). lxml's walk
    over the nodes with this test of each is quicker than the XPath unions it replaced, which sorted their
    parts (0.70 -> 0.43 ms a drawing; a large site has 12,000)."""
    if not isinstance(node.tag, str):
        return True
    name = node.tag.rpartition("}")[2]
    if name == "title":
        parent = node.getparent()
        return parent is not None and parent.get("class") in _GRAPHVIZ_PARTS
    return name.lower() in _ACTIVE_NAMES


def sanitize_svg(svg: str) -> str:
    """The drawing without anything that runs: no script, foreignObject, iframe, object or embed element, no
    event handler attribute (`onclick`...), no `javascript:`, `data:` or `vbscript:` link. Every drawing
    passes here before it goes into a page, wherever it came from (a cache, a future engine).

    >>> sanitize_svg('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    ...              '<a href="javascript:alert(2)" onclick="x()"><text>A</text></a></svg>')
    '<svg xmlns="http://www.w3.org/2000/svg"><a><text>A</text></a></svg>'
    """
    svg = re.sub(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", "", svg)
    try:
        root = etree.fromstring(svg.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        raise ConfigError("a drawing is not well-formed SVG; it was left out") from None
    for node in [node for node in root.iter() if _unwanted(node)]:
        if node.getparent() is not None:
            node.getparent().remove(node)
    for attribute in _HANDLERS(root):
        del attribute.getparent().attrib[attribute.attrname]
    any_case = any(not found.group(1).islower() for found in _LINK_NAME.finditer(svg))
    for attribute in (_LINKS_ANY_CASE if any_case else _LINKS)(root):
        if _UNSAFE_URL.match(_URL_IGNORED.sub("", attribute)):
            del attribute.getparent().attrib[attribute.attrname]
    for node in _XLINK_ONLY(root):
        node.set("href", node.get(_XLINK_HREF))  # SVG 2's href: browsers expose the link to screen readers by it
        title = node.get(_XLINK_TITLE)
        if title and node.get("aria-label") is None:
            node.set("aria-label", title)  # an edge's link has no text of its own
    if etree.QName(root).localname != "svg":
        raise ConfigError("a drawing is not an SVG document; it was left out")
    return etree.tostring(root, encoding="unicode")
