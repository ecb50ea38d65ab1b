"""`make bench`: validate a synthetic model as a whole `refarch validate` process, against the floor.

The floor is a process that only loads the same files with PyYAML's CSafeLoader, with the garbage
collector disabled: the least any tool that reads these files can do. Runs alternate between the two
commands (so a busy moment hurts both alike); the figures are the median and the best of each, and
peak memory (maximum resident set size) of one process.

    python tests/bench/run.py --elements 10000 [--runs 7] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp import latency  # noqa: E402
from synth import write_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FLOOR = (
    "import gc, sys, yaml\ngc.disable()\n"
    "for name in sys.argv[1:]:\n    with open(name, 'rb') as f:\n        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def measure(command: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS in KiB and exit code of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


def graph_figures(model: Path, queries: int = 50) -> dict:
    """In one process: validation, building the graph, and impact queries on a prebuilt graph."""
    import random

    sys.path.insert(0, str(ROOT))
    from refarch import pipeline
    from refarch.analysis import impact, propagation_graph
    from refarch.graph import to_graph

    started = time.perf_counter()
    result = pipeline.check([model])
    validate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    G = to_graph(result.model)
    graph_seconds = time.perf_counter() - started
    started = time.perf_counter()
    P = propagation_graph(G)
    propagation_seconds = time.perf_counter() - started
    gc.freeze()  # as `refarch graph` does: the model and graphs live as long as the process
    ids = random.Random(7).sample(sorted(G.nodes), queries)
    times = []
    for element in ids:
        started = time.perf_counter()
        impact(G, element, P=P)
        times.append(time.perf_counter() - started)
    return {
        "validate_in_process": validate_seconds,
        "graph_build": graph_seconds,
        "propagation_build": propagation_seconds,
        "impact_median_ms": statistics.median(times) * 1000,
        "impact_max_ms": max(times) * 1000,
        "queries": queries,
    }


SERVE_REBUILD = """
import re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from support import serve_builder
project = Path(sys.argv[1])
build = serve_builder(project, project / "site", dirty=True)
build()
first = sorted(p for p in (project / "architecture").rglob("*.yaml") if p.name != "refarch.yaml")[0]
text = first.read_text(encoding="utf-8")
first.write_text(re.sub(r"(?m)^(\\s+source: ).*$", r"\\1Muokattu lähde", text, count=1), encoding="utf-8")
started = time.perf_counter()
build()
print(time.perf_counter() - started)
"""


def site_figures(model: Path | None, label: str) -> dict:
    """Build the site of a model (the TE24 model when `model` is None) cold, then rebuild it as serve does.

    The cold build is `mkdocs build --strict` with an empty diagram cache. The rebuild is what `make serve`
    (`mkdocs serve --dirty`) does after a YAML file is saved: the same plugins (kept across builds), the
    configuration read again, one `source:` line changed in the first model file; timed is the build after
    the edit.
    """
    import shutil

    with tempfile.TemporaryDirectory(prefix="refarch-site-") as tmp:
        project = Path(tmp)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(model or ROOT / "architecture", project / "architecture")
        # an empty diagram cache of its own: the user's cache (refarch.cache) would make the first build warm
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REFARCH_CACHE_DIR": str(project / "cache")}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")]
        started = time.perf_counter()
        _build(command, project, env)
        cold = time.perf_counter() - started
        pages = sum(1 for _ in (project / "site").rglob("*.html"))
        done = _build([sys.executable, "-c", SERVE_REBUILD, str(project), str(ROOT / "tests")], project, env)
        rebuild = float(done.stdout.strip().splitlines()[-1])
        # Zensical from the same mkdocs.yml, the pages written as files first (refarch.site.engines), cold too
        env["REFARCH_CACHE_DIR"] = str(project / "cache-zensical")
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        command = [
            sys.executable,
            "-m",
            "refarch",
            "site",
            "build",
            "--engine",
            "zensical",
            "-o",
            str(project / "zsite"),
        ]
        started = time.perf_counter()
        _build(command, project, env)
        zensical = time.perf_counter() - started
        zensical_pages = sum(1 for _ in (project / "zsite").rglob("*.html"))
    return {
        "label": label,
        "cold": cold,
        "rebuild": rebuild,
        "pages": pages,
        "zensical": zensical,
        "zensical_pages": zensical_pages,
    }


def _build(command: list[str], project: Path, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{done.stderr[-2000:]}")
    return done


def exchange_file(count: int, same_name: bool) -> str:
    """An exchange file of `count` actors, all named alike or each its own name."""
    body = "".join(
        f'<element identifier="e{n}" xsi:type="BusinessActor"><name xml:lang="fi">'
        f"{'Sama nimi' if same_name else f'Toimija {n}'}</name></element>"
        for n in range(count)
    )
    return (
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name xml:lang="fi">M</name>'
        f"<elements>{body}</elements></model>"
    )


def lsp_figures(tmp: Path, files: list[Path], runs: int = 10) -> dict:
    """`refarch lsp`: from an edit to its diagnostics, on TE24 and on the synthetic model (tests/bench/lsp.py)."""
    te24 = tmp / "te24"
    shutil.copytree(ROOT / "architecture", te24 / "architecture")
    actors = te24 / "architecture" / "business" / "toimijat.yaml"
    part = files[len(files) // 2]
    first = re.search(r"governs: \[[a-z0-9-]+\]", part.read_text(encoding="utf-8"))
    assert first is not None, f"{part} governs nothing"
    return {
        "te24": latency(te24, "architecture", actors, "      - to: ura\n", "      - to: ura-x\n", runs),
        "synthetic": latency(tmp, "model", part, first.group(), first.group()[:-1] + "-x]", runs),
    }


def import_figures(tmp: Path, count: int = 8000, runs: int = 3) -> dict:
    """`refarch import archimate` of `count` same-named elements and of as many distinct ones, alternating:
    the import is linear when the two cost about the same."""
    cpu: dict[str, list[float]] = {"same": [], "distinct": []}
    for kind in cpu:
        (tmp / f"{kind}.xml").write_text(exchange_file(count, kind == "same"), encoding="utf-8")
    for n in range(runs):
        for kind in cpu:
            out = tmp / f"imported-{kind}-{n}"
            command = [sys.executable, "-m", "refarch", "import", "archimate", str(tmp / f"{kind}.xml"), "-o", str(out)]
            _, seconds, _, code = measure(command)
            if code != 0:
                raise SystemExit(f"refarch import archimate exited {code} on {kind}.xml")
            cpu[kind].append(seconds)
    return {"count": count, "runs": runs, **{kind: statistics.median(times) for kind, times in cpu.items()}}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores{memory}; {system}; Python {platform.python_version()}"


def run(elements: int, runs: int, with_site: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="refarch-bench-") as tmp:
        model = Path(tmp) / "model"
        files = write_model(elements, model)
        refarch = [sys.executable, "-m", "refarch", "validate", str(model), "-q"]
        floor = [sys.executable, "-c", FLOOR, *map(str, files)]
        validate_times, floor_times, validate_cpu, floor_cpu, validate_rss, floor_rss = [], [], [], [], 0, 0
        for _ in range(runs):
            seconds, cpu, rss, code = measure(refarch)
            if code != 0:
                raise SystemExit(f"refarch validate exited {code} on the synthetic model")
            validate_times.append(seconds)
            validate_cpu.append(cpu)
            validate_rss = max(validate_rss, rss)
            seconds, cpu, rss, _ = measure(floor)
            floor_times.append(seconds)
            floor_cpu.append(cpu)
            floor_rss = max(floor_rss, rss)
        size = sum(f.stat().st_size for f in files)
        graph = graph_figures(model)
        imports = import_figures(Path(tmp))
        editing = lsp_figures(Path(tmp), files)
        sites = (
            [site_figures(None, "TE24 model"), site_figures(model, f"synthetic model, {elements:,} elements")]
            if with_site
            else []
        )
    return {
        "graph": graph,
        "imports": imports,
        "lsp": editing,
        "sites": sites,
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "elements": elements,
        "files": len(files),
        "bytes": size,
        "runs": runs,
        "validate_median": statistics.median(validate_times),
        "validate_best": min(validate_times),
        "floor_median": statistics.median(floor_times),
        "floor_best": min(floor_times),
        "ratio_median": statistics.median(validate_times) / statistics.median(floor_times),
        "ratio_best": min(validate_times) / min(floor_times),
        "validate_cpu": statistics.median(validate_cpu),
        "floor_cpu": statistics.median(floor_cpu),
        "ratio_cpu": statistics.median(validate_cpu) / statistics.median(floor_cpu),
        "validate_rss_mib": validate_rss / 1024,
        "floor_rss_mib": floor_rss / 1024,
    }


def report(r: dict) -> str:
    verdict_time = "met" if r["ratio_cpu"] <= 1.5 else "NOT met"
    verdict_memory = "met" if r["validate_rss_mib"] < 200 else "NOT met"
    return (
        f"Measured {r['date']} on {r['machine']}.\n\n"
        f"Model: {r['elements']:,} elements in {r['files']} files ({r['bytes'] / 1024 / 1024:.1f} MiB), "
        f"{r['runs']} alternating runs of each process.\n\n"
        "| process | CPU time (median) | wall time (median) | wall time (best) | peak memory |\n|---|---|---|---|---|\n"
        f"| `refarch validate` | {r['validate_cpu']:.2f} s | {r['validate_median']:.2f} s "
        f"| {r['validate_best']:.2f} s | {r['validate_rss_mib']:.0f} MiB |\n"
        f"| floor: CSafeLoader only, GC off | {r['floor_cpu']:.2f} s | {r['floor_median']:.2f} s "
        f"| {r['floor_best']:.2f} s | {r['floor_rss_mib']:.0f} MiB |\n"
        f"| **ratio** | **{r['ratio_cpu']:.2f}×** | {r['ratio_median']:.2f}× | {r['ratio_best']:.2f}× | |\n\n"
        f"Targets: within 1.5× of the floor, judged on CPU time, which a busy shared machine disturbs "
        f"least ({verdict_time}); under 200 MB peak memory ({verdict_memory}).\n\n"
        + graph_report(r["graph"])
        + import_report(r["imports"])
        + lsp_report(r["lsp"], r["elements"])
        + site_report(r["sites"])
    )


def site_report(sites: list[dict]) -> str:
    if not sites:
        return ""
    rows = "".join(
        f"| {s['label']} | {s['pages']:,} | {s['cold']:.1f} s | {s['rebuild']:.1f} s "
        f"({s['rebuild'] / s['cold']:.0%}) | {s['zensical']:.1f} s ({s['zensical_pages']:,} pages) |\n"
        for s in sites
    )
    return (
        "\nSite (`mkdocs build --strict`, diagrams included; and Zensical, `refarch site build --engine zensical`):\n\n"
        "| model | HTML pages | first build (no diagram cache) | rebuild after editing one YAML file "
        "| Zensical: first build (pages written, then built) |\n"
        "|---|---|---|---|---|\n"
        + rows
        + "\nThe rebuild is what `make serve` (`mkdocs serve --dirty`) does when a YAML file changes: the pages "
        "are generated again, but only those whose text changed are rendered; diagrams come from the cache. "
        "Target: a rebuild well under the first build.\n"
    )


def lsp_report(e: dict, elements: int) -> str:
    small = "met" if e["te24"]["max_ms"] <= 200 else "NOT met"
    large = "met" if e["synthetic"]["max_ms"] <= 1500 else "NOT met"
    return (
        f"\nEditing (`refarch lsp` over stdio, from a change of an open file to the diagnostics of that version; "
        f"{e['te24']['runs']} edits, each breaking or mending a reference):\n\n"
        "| model | median | slowest |\n|---|---|---|\n"
        f"| TE24 | {e['te24']['median_ms']:.0f} ms | {e['te24']['max_ms']:.0f} ms |\n"
        f"| synthetic, {elements:,} elements | {e['synthetic']['median_ms']:.0f} ms "
        f"| {e['synthetic']['max_ms']:.0f} ms |\n\n"
        f"Targets: at most 200 ms on TE24 ({small}) and 1.5 s on {elements:,} elements ({large}), the slowest edit.\n"
    )


def import_report(i: dict) -> str:
    ratio = i["same"] / i["distinct"]
    verdict = "met" if ratio <= 1.25 else "NOT met"
    return (
        f"\nImport (`refarch import archimate`, the whole process, validation of the result included), "
        f"CPU time, median of {i['runs']} alternating runs:\n\n"
        "| exchange file | CPU time |\n|---|---|\n"
        f"| {i['count']:,} elements, each its own name | {i['distinct']:.2f} s |\n"
        f"| {i['count']:,} elements of one name | {i['same']:.2f} s ({ratio:.2f}×) |\n\n"
        f"Target: one name costs about what distinct names do, within 1.25× ({verdict}): ids are found in "
        "time linear in the elements however many share a name.\n"
    )


def graph_report(g: dict) -> str:
    faster = "met" if g["graph_build"] < g["validate_in_process"] else "NOT met"
    quick = "met" if g["impact_max_ms"] < 50 else "NOT met"
    return (
        "Graph analysis, in one process on the same model:\n\n"
        "| step | time |\n|---|---|\n"
        f"| validation (`pipeline.check`) | {g['validate_in_process']:.2f} s |\n"
        f"| building the graph (`to_graph`) | {g['graph_build']:.2f} s |\n"
        f"| building the change-propagation graph (once per session) | {g['propagation_build']:.2f} s |\n"
        f"| one impact query, median of {g['queries']} random elements | {g['impact_median_ms']:.1f} ms |\n"
        f"| one impact query, slowest of {g['queries']} | {g['impact_max_ms']:.1f} ms |\n\n"
        f"Targets: building the graph takes less time than validating ({faster}); one impact query under "
        f"50 ms ({quick}).\n"
    )


def write(path: Path, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    head, _, rest = content.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark refarch validate against plain YAML parsing.")
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", type=Path, help="replace the figures between the bench markers in this file")
    parser.add_argument("--no-site", action="store_true", help="leave out the site builds (the slowest part)")
    args = parser.parse_args()
    text = report(run(args.elements, args.runs, with_site=not args.no_site))
    print(text)
    if args.write:
        write(args.write, text)
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
