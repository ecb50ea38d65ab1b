"""`make bench`: validate a synthetic model as a whole `refarch validate` process, against the floor.

The floor is a process that only loads the same files with PyYAML's CSafeLoader, with the garbage
collector disabled: the least any tool that reads these files can do. Runs alternate between the two
commands (so a busy moment hurts both alike); the figures are the median and the best of each, and
peak memory (maximum resident set size) of one process.

    python tests/bench/run.py --elements 10000 [--runs 7] [--sizes 1000 10000 50000] [--write docs/benchmarks.md]

Validation is timed at each size (the largest with fewer runs); everything else on the `--elements` model.
`--write` replaces the figures between the bench markers of the file and adds a row to its history table.
The last table printed says which targets are met; "NOT met" marks a miss (nothing here fails a build:
CI times nothing).
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
from federation import write_federation  # noqa: E402
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


def lsp_figures(tmp: Path, model: Path, files: list[Path], runs: int = 10) -> dict:
    """`refarch lsp`: from an edit to its diagnostics, on TE24 and on the synthetic model (tests/bench/lsp.py)."""
    te24 = tmp / "te24"
    shutil.copytree(ROOT / "architecture", te24 / "architecture")
    actors = te24 / "architecture" / "business" / "toimijat.yaml"
    part = files[len(files) // 2]
    first = re.search(r"governs: \[[a-z0-9-]+\]", part.read_text(encoding="utf-8"))
    assert first is not None, f"{part} governs nothing"
    return {
        "te24": latency(te24, "architecture", actors, "      - to: ura\n", "      - to: ura-x\n", runs),
        "synthetic": latency(tmp, model.name, part, first.group(), first.group()[:-1] + "-x]", runs),
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


def federation_figures(tmp: Path, areas: int = 45, elements: int = 1000) -> dict:
    """`refarch federation` over synthetic areas (tests/bench/federation.py): the survey, and with a candidate."""
    registry = write_federation(tmp / "federation", areas, elements)
    found: dict = {"areas": areas, "elements": elements}
    for name, extra in (("survey", []), ("candidate", ["--candidate", "candidate"])):
        command = [sys.executable, "-m", "refarch", "federation", str(registry), "--format", "json", *extra]
        seconds, cpu, peak, code = measure(command)
        if code != 0:
            raise SystemExit(f"refarch federation {' '.join(extra)} exited {code} on the synthetic areas")
        found[name] = {"wall": seconds, "cpu": cpu, "rss_mib": peak / 1024}
    return found


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


SIZES = (1_000, 10_000, 50_000)  # validation is timed at each: its cost per element must stay flat


def validation_figures(elements: int, runs: int, tmp: Path) -> dict:
    """`refarch validate` of a synthetic model against the floor, `runs` alternating runs of each process."""
    model = tmp / f"model-{elements}"
    files = write_model(elements, model)
    refarch = [sys.executable, "-m", "refarch", "validate", str(model), "-q"]
    floor = [sys.executable, "-c", FLOOR, *map(str, files)]
    times: dict[str, list[float]] = {"validate": [], "floor": [], "validate_cpu": [], "floor_cpu": []}
    rss = {"validate": 0, "floor": 0}
    for _ in range(runs):
        for name, command in (("validate", refarch), ("floor", floor)):
            seconds, cpu, peak, code = measure(command)
            if code != 0:
                raise SystemExit(f"{name} exited {code} on the synthetic model of {elements:,} elements")
            times[name].append(seconds)
            times[f"{name}_cpu"].append(cpu)
            rss[name] = max(rss[name], peak)
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "elements": elements,
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "runs": runs,
        "validate_median": median["validate"],
        "validate_best": min(times["validate"]),
        "floor_median": median["floor"],
        "floor_best": min(times["floor"]),
        "ratio_median": median["validate"] / median["floor"],
        "ratio_best": min(times["validate"]) / min(times["floor"]),
        "validate_cpu": median["validate_cpu"],
        "floor_cpu": median["floor_cpu"],
        "ratio_cpu": median["validate_cpu"] / median["floor_cpu"],
        "per_element_us": median["validate_cpu"] / elements * 1e6,
        "validate_rss_mib": rss["validate"] / 1024,
        "floor_rss_mib": rss["floor"] / 1024,
    }


def run(elements: int, runs: int, with_site: bool = True, sizes: tuple[int, ...] = SIZES) -> dict:
    measured = commit()  # as the run starts: a commit made meanwhile is not what was measured
    with tempfile.TemporaryDirectory(prefix="refarch-bench-") as tmp:
        scaling = [validation_figures(n, runs if n <= elements else max(3, runs // 2), Path(tmp)) for n in sizes]
        main = next((v for v in scaling if v["elements"] == elements), None) or validation_figures(
            elements, runs, Path(tmp)
        )
        model = Path(tmp) / f"model-{elements}"
        files = sorted(model.glob("*.yaml"))
        graph = graph_figures(model)
        imports = import_figures(Path(tmp))
        editing = lsp_figures(Path(tmp), model, files)
        areas = federation_figures(Path(tmp))
        sites = (
            [site_figures(None, "TE24 model"), site_figures(model, f"synthetic model, {elements:,} elements")]
            if with_site
            else []
        )
    return {
        **main,
        "scaling": scaling,
        "graph": graph,
        "imports": imports,
        "lsp": editing,
        "federation": areas,
        "sites": sites,
        "date": datetime.date.today().isoformat(),
        "commit": measured,
        "machine": machine(),
    }


def commit() -> str:
    """The commit measured, with `+` when the work tree had changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True)  # fmt: skip
    except OSError:
        return "?"
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "") if head.returncode == 0 else "?"


def targets(r: dict) -> list[tuple[str, float, float, str]]:
    """Each target as (what, measured, limit, unit); met when measured <= limit."""
    graph, n = r["graph"], f"{r['elements']:,}"
    found = [
        (f"validation / the floor, CPU, {n} elements", r["ratio_cpu"], 1.2, "×"),
        (f"validation peak memory, {n} elements", r["validate_rss_mib"], 100, " MiB"),
    ]
    by_size = {v["elements"]: v for v in r["scaling"]}
    if 10_000 in by_size and 50_000 in by_size:
        growth = by_size[50_000]["per_element_us"] / by_size[10_000]["per_element_us"]
        found.append(("validation cost per element, 50,000 against 10,000 (linear)", growth, 1.15, "×"))
    found += [
        ("building the graph / validating in one process", graph["graph_build"] / graph["validate_in_process"], 1, "×"),
        ("one impact query, slowest", graph["impact_max_ms"], 50, " ms"),
        ("import, one name / distinct names", r["imports"]["same"] / r["imports"]["distinct"], 1.25, "×"),
        ("refarch lsp, TE24, slowest edit", r["lsp"]["te24"]["max_ms"], 200, " ms"),
        (f"refarch lsp, {n} elements, slowest edit", r["lsp"]["synthetic"]["max_ms"], 1500, " ms"),
    ]
    if "federation" in r:
        f = r["federation"]
        found += [
            (f"refarch federation, {f['areas']} areas of {f['elements']:,} elements", f["survey"]["wall"], 60, " s"),
            ("refarch federation --candidate, the same areas", f["candidate"]["wall"], 60, " s"),
        ]
    sites = {s["label"]: s for s in r["sites"]}
    if "TE24 model" in sites:
        found += [
            # no slower than when issue 2 landed (docs/benchmarks.md, "Site build")
            ("TE24 site, first build", sites["TE24 model"]["cold"], 9.1, " s"),
            ("TE24 site, rebuild after one YAML edit", sites["TE24 model"]["rebuild"], 1.3, " s"),
        ]
    large = [s for s in r["sites"] if s["label"] != "TE24 model"]
    if large:
        found += [
            (f"{n}-element site, first build", large[0]["cold"], 60, " s"),
            (f"{n}-element site, rebuild after one YAML edit", large[0]["rebuild"], 3, " s"),
        ]
    return found


def verdicts(r: dict) -> str:
    """Every target with its figure, and `NOT met` where the figure passes the limit."""
    rows = "".join(
        f"| {what} | {value:.2f}{unit} | ≤ {limit:g}{unit} | {'met' if value <= limit else '**NOT met**'} |\n"
        for what, value, limit, unit in targets(r)
    )
    return "\nTargets:\n\n| target | measured | limit | |\n|---|---|---|---|\n" + rows


def history_row(r: dict) -> str:
    """One line of the history table: enough figures that a regression shows at once."""
    by_size = {v["elements"]: v for v in r["scaling"]}
    per = " / ".join(f"{by_size[n]['per_element_us']:.0f}" if n in by_size else "–" for n in SIZES)
    sites = {s["label"]: s for s in r["sites"]}
    large = next((s for s in r["sites"] if s["label"] != "TE24 model"), None)
    missed = sum(1 for _, value, limit, _ in targets(r) if value > limit)
    return (
        f"| {r['date']} | {r['commit']} | {r['ratio_cpu']:.2f}× | {per} | {r['validate_rss_mib']:.0f} MiB "
        f"| {_builds(sites.get('TE24 model'))} | {_builds(large)} | {r['lsp']['synthetic']['max_ms']:.0f} ms "
        f"| {missed or 'none'} |\n"
    )


def _builds(site: dict | None) -> str:
    return f"{site['cold']:.1f} / {site['rebuild']:.1f} s" if site else "–"


def report(r: dict) -> str:
    return (
        f"Measured {r['date']} at {r['commit']} on {r['machine']}.\n\n"
        f"Model: {r['elements']:,} elements in {r['files']} files ({r['bytes'] / 1024 / 1024:.1f} MiB), "
        f"{r['runs']} alternating runs of each process.\n\n"
        "| process | CPU time (median) | wall time (median) | wall time (best) | peak memory |\n|---|---|---|---|---|\n"
        f"| `refarch validate` | {r['validate_cpu']:.2f} s | {r['validate_median']:.2f} s "
        f"| {r['validate_best']:.2f} s | {r['validate_rss_mib']:.0f} MiB |\n"
        f"| floor: CSafeLoader only, GC off | {r['floor_cpu']:.2f} s | {r['floor_median']:.2f} s "
        f"| {r['floor_best']:.2f} s | {r['floor_rss_mib']:.0f} MiB |\n"
        f"| **ratio** | **{r['ratio_cpu']:.2f}×** | {r['ratio_median']:.2f}× | {r['ratio_best']:.2f}× | |\n\n"
        + scaling_report(r["scaling"])
        + graph_report(r["graph"])
        + import_report(r["imports"])
        + lsp_report(r["lsp"], r["elements"])
        + federation_report(r.get("federation"))
        + site_report(r["sites"])
        + verdicts(r)
    )


def scaling_report(scaling: list[dict]) -> str:
    """Validation at each size: a cost per element that stays flat is a linear validator."""
    rows = "".join(
        f"| {v['elements']:,} | {v['runs']} | {v['validate_cpu']:.2f} s | {v['floor_cpu']:.2f} s "
        f"| {v['ratio_cpu']:.2f}× | {v['per_element_us']:.0f} µs | {v['validate_rss_mib']:.0f} MiB |\n"
        for v in scaling
    )
    return (
        "Validation by model size (CPU medians of alternating runs; the cost per element is the whole process's, "
        "start-up included, so it is highest on the smallest model):\n\n"
        "| elements | runs | `refarch validate` | floor | ratio | per element | peak memory |\n"
        "|---|---|---|---|---|---|---|\n" + rows + "\n"
    )


def federation_report(f: dict | None) -> str:
    if not f:
        return ""
    rows = "".join(
        f"| {label} | {f[key]['wall']:.1f} s | {f[key]['cpu']:.1f} s | {f[key]['rss_mib']:.0f} MiB |\n"
        for label, key in (
            ("survey", "survey"),
            ("survey with `--candidate` (every area validated twice)", "candidate"),
        )
    )
    return (
        f"\n`refarch federation` over {f['areas']} synthetic areas of {f['elements']:,} elements each, all "
        "extending the TE24 model (tests/bench/federation.py):\n\n"
        "| run | wall time | CPU time | peak memory |\n|---|---|---|---|\n" + rows
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
        + "\nThe rebuild is what `make serve` (`mkdocs serve --dirty`) does when a YAML file changes: only the "
        "pages whose inputs changed are made again (refarch.site.pages.generate), only those whose text changed "
        "are rendered, and diagrams come from the cache. The targets are in the table below.\n"
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


HISTORY_START, HISTORY_END = "<!-- bench:history:start -->", "<!-- bench:history:end -->"
HISTORY_HEAD = (
    "| date | commit | validation / floor (10k) | µs per element (1k / 10k / 50k) | memory (10k) "
    "| TE24 site: first / rebuild | 10k site: first / rebuild | lsp 10k slowest | targets NOT met |\n"
    "|---|---|---|---|---|---|---|---|---|\n"
)


def write(path: Path, text: str, row: str) -> None:
    """Replace the figures between the bench markers, and add a row to the history table (made when missing)."""
    content = path.read_text(encoding="utf-8")
    head, _, rest = content.partition(START)
    _, _, tail = rest.partition(END)
    content = f"{head}{START}\n{text}{END}{tail}"
    if HISTORY_START not in content:
        content = (
            content.rstrip("\n") + f"\n\n## Every run of `make bench`\n\n{HISTORY_START}\n{HISTORY_HEAD}{HISTORY_END}\n"
        )
    before, _, rest = content.partition(HISTORY_START)
    rows, _, after = rest.partition(HISTORY_END)
    path.write_text(f"{before}{HISTORY_START}{rows}{row}{HISTORY_END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark refarch validate against plain YAML parsing.")
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", type=Path, help="replace the figures between the bench markers in this file")
    parser.add_argument("--no-site", action="store_true", help="leave out the site builds (the slowest part)")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="model sizes validation is timed at")
    args = parser.parse_args()
    result = run(args.elements, args.runs, with_site=not args.no_site, sizes=tuple(args.sizes))
    text = report(result)
    print(text)
    if args.write:
        write(args.write, text, history_row(result))
        print(f"written to {args.write}")


if __name__ == "__main__":
    main()
