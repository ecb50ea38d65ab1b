"""Text and JSON for the graph analyses: pure functions from results to strings."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from typing import Any

import networkx as nx

from refarch.analysis import Lineage, Reach, sentence
from refarch.escape import log_line
from refarch.problems import plural


def to_json(value: Any) -> str:
    """Any analysis result as stable, indented JSON (dataclasses become objects)."""
    return json.dumps(_plain(value), ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _text(lines: list[str]) -> str:
    """Lines for a terminal or a CI log: model text in them cannot break a line or start a workflow command."""
    return "".join(log_line(line) + "\n" for line in lines)


def label(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    return f"{data['name']} ({data['kind']} {node})"


# How a reached element is reached, in the text output (Reach.effect); with --reverse, what it does to the start.
EFFECT_WORDS = {"changes": "changes with it", "affects": "affected", "mentions": "mentions it"}
REVERSE_EFFECT_WORDS = {"changes": "changes it", "affects": "affects it", "mentions": "is mentioned by it"}


def impact_text(G: nx.MultiDiGraph, start: str, reached: list[Reach], reverse: bool, lang: str) -> str:
    verb = "depends on" if reverse else "reaches"
    lines = [
        f"{label(G, start)} {verb} {len(reached)} element{'s' if len(reached) != 1 else ''}"
        + ("" if reverse else " when it changes")
        + ":"
    ]
    for r in reached:
        lines.append(
            f"  {r.distance}  {label(G, r.element)}: {(REVERSE_EFFECT_WORDS if reverse else EFFECT_WORDS)[r.effect]}"
        )
        lines.append(f"       {sentence(G, start, r.path, lang)}")
    return _text(lines)


def paths_text(G: nx.MultiDiGraph, a: str, b: str, paths: list, lang: str) -> str:
    if not paths:
        return _text([f"No connection between {label(G, a)} and {label(G, b)} within the limits."])
    lines = [f"{plural(len(paths), 'connection')} between {label(G, a)} and {label(G, b)}, shortest first:"]
    for path in paths:
        lines.append(f"  {len(path)}: {sentence(G, a, path, lang)}")
    return _text(lines)


def lineage_text(G: nx.MultiDiGraph, found: Lineage) -> str:
    def names(ids) -> str:
        return ", ".join(label(G, i) for i in ids) or "—"

    lines = [
        f"Lineage of {label(G, found.data_group)}",
        f"  parts:        {names(found.parts)}",
        f"  kept in:      {names(found.stores)}",
        f"  owned by:     {names(found.owners)}",
        f"  accessed by:  {names(found.accessed_by)}",
        f"  in steps:     {names(found.steps)}",
        f"  needed by:    {names(found.information_needs)}",
        f"  flows ({len(found.flows)}):",
    ]
    for f in found.flows:
        via = f" via {names(f.interfaces)}" if f.interfaces else ""
        step = f" in {names(f.steps)}" if f.steps else ""
        part = f" [{f.data}]" if f.data != found.data_group else ""
        lines.append(f"    {label(G, f.flow)}{part}: {names(f.senders)} -> {names(f.receivers)}{via}{step}")
    return _text(lines)


def list_text(title: str, items: list[str], G: nx.MultiDiGraph | None = None) -> str:
    lines = [f"{title}: {len(items)}"]
    lines += [f"  {label(G, i) if G is not None else i}" for i in items]
    return _text(lines)


def cycles_text(found: list) -> str:
    lines = [f"Cycles: {len(found)}"]
    lines += [f"  {rtype}: {' -> '.join(cycle)}" for rtype, cycle in found]
    return _text(lines)


def hubs_text(G: nx.MultiDiGraph, found: list[dict]) -> str:
    lines = ["Hubs (degree, betweenness centrality):"]
    lines += [f"  {h['degree']:>4}  {h['betweenness']:.4f}  {label(G, h['element'])}" for h in found]
    return _text(lines)


def weak_points_text(G: nx.MultiDiGraph, found: dict) -> str:
    from refarch.analysis.structure import infrastructure_kinds

    kinds = G.graph["metamodel"].kinds
    names = ", ".join(kinds[k].label.get("en", k).lower() for k in infrastructure_kinds(G))
    lines = [
        f"Single points of failure among {names}",
        f"  articulation points ({len(found['articulation_points'])}): removing one splits the architecture",
    ]
    lines += [f"    {label(G, n)}" for n in found["articulation_points"]]
    lines.append(f"  bridges ({len(found['bridges'])}): the only link between two parts")
    lines += [f"    {label(G, u)} — {label(G, v)}" for u, v in found["bridges"]]
    return _text(lines)


def stats_text(stats: dict, matrix: dict, scores: dict[str, tuple[int, int]]) -> str:
    lines = [f"Elements: {stats['elements']}, relationships: {stats['relationships']}"]
    for layer, kinds in stats["layers"].items():
        lines.append(f"  {layer:<12} " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    lines.append("Relationships by type: " + ", ".join(f"{t} {n}" for t, n in stats["relationship_types"].items()))
    layers = list(matrix)
    lines.append("Cross-layer relationships (rows: from, columns: to):")
    lines.append("  " + " " * 12 + "".join(f"{c[:11]:>12}" for c in layers))
    for row in layers:
        lines.append(f"  {row:<12}" + "".join(f"{matrix[row][c]:>12}" for c in layers))
    lines.append("Completeness (elements meeting the metamodel's traceability rules, waivers not counted):")
    for layer, (met, total) in scores.items():
        lines.append(f"  {layer:<12} {met}/{total}  {met / total:.0%}")
    return _text(lines)
