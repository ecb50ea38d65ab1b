"""Write a valid synthetic model in the real format, for benchmarks.

    python tests/bench/synth.py --elements 10000 /tmp/synth

Elements come in groups of ten kinds (law, actor, service, process, step, data group, data store, flow,
system, system service), each with about three relationships to its own group or the one before, so
the model is connected, acyclic where the metamodel asks, and free of findings (the metamodel's
completeness rules included). Files hold about 100
elements each, in one folder per layer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

GROUP = ("law", "actor", "service", "process", "step", "data-group", "data-store", "flow", "system", "system-service")
SECTIONS = {
    "law": "laws",
    "actor": "actors",
    "service": "services",
    "process": "processes",
    "step": "steps",
    "data-group": "data-groups",
    "data-store": "data-stores",
    "flow": "flows",
    "system": "systems",
    "system-service": "system-services",
}


def relations(kind: str, g: int) -> dict[str, list[str]]:
    """About three relationships per element; `g - 1` is the previous group (none for the first)."""
    p = g - 1 if g > 0 else None

    def prev(k: str) -> list[str]:
        return [f"{k}-{p}"] if p is not None else []

    table = {
        "law": {"governs": [f"process-{g}"], "part-of": prev("law")},
        "actor": {
            "provides": [f"service-{g}"],
            "uses": [f"system-{g}"],
            "owns": [f"data-group-{g}"],
            "part-of": prev("actor"),
        },
        "service": {"uses": [f"system-service-{g}"], "part-of": prev("service")},
        "process": {"realizes": [f"service-{g}"], "accesses": [f"data-group-{g}"], "part-of": prev("process")},
        "step": {
            "part-of": [f"process-{g}"],
            "involves": [f"actor-{g}"],
            "uses": [f"system-{g}"],
            "precedes": prev("step"),
        },
        "data-group": {"part-of": prev("data-group"), "associated-with": [f"actor-{g}"]},
        "data-store": {"stores": [f"data-group-{g}"], "part-of": prev("data-store")},
        "flow": {
            "from": [f"actor-{g}"],
            "to": prev("actor") or [f"actor-{g}"],
            "carries": [f"data-group-{g}"],
            "via": [f"system-service-{g}"],
        },
        "system": {"realizes": [f"system-service-{g}"], "stores": [f"data-group-{g}"], "part-of": prev("system")},
        "system-service": {"accesses": [f"data-store-{g}"], "uses": prev("system-service")},
    }
    return {name: targets for name, targets in table[kind].items() if targets}


def element_yaml(kind: str, g: int) -> str:
    lines = [
        f"  - id: {kind}-{g}",
        f"    name: {{fi: Synteettinen {kind} {g}, en: Synthetic {kind} {g}}}",
        f"    description: Generated element number {g} of kind {kind}, for benchmarks.",
        "    source: tests/bench/synth.py",
    ]
    if kind == "step":
        lines.append(f"    order: {g + 1}")
    for name, targets in relations(kind, g).items():
        lines.append(f"    {name}: [{', '.join(targets)}]")
    return "\n".join(lines) + "\n"


def write_model(elements: int, out: Path) -> list[Path]:
    groups = max(1, elements // len(GROUP))
    out.mkdir(parents=True, exist_ok=True)
    files = []
    per_file = 10  # groups per file: about 100 elements
    for start in range(0, groups, per_file):
        sections: dict[str, list[str]] = {}
        for g in range(start, min(start + per_file, groups)):
            for kind in GROUP:
                sections.setdefault(SECTIONS[kind], []).append(element_yaml(kind, g))
        path = out / f"part-{start // per_file:04d}.yaml"
        path.write_text("".join(f"{name}:\n{''.join(items)}" for name, items in sections.items()), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    files = write_model(args.elements, args.out)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
