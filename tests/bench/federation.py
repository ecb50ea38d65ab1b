"""`refarch federation` over synthetic areas: the national coordinator's survey at the scale of the reform.

    python tests/bench/federation.py [--areas 45] [--elements 1000]

The reference is the TE24 model, copied into a git repository with a second commit (a candidate that
renames one element). Each area extends it as a folder and holds a synthetic model of about `--elements`
elements of its own (tests/bench/synth.py) and a file that realises a different few of the reference's
expected elements, or declares one not applicable. The survey is timed as a whole process, and again
with `--candidate`, which validates every area twice.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RENAMED = ("tyonhakijan-tyomarkkinatori", "tmt-tyonhakija")


def _git(cwd: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "b@example.org", "HOME": str(cwd), "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def write_federation(tmp: Path, areas: int, elements: int) -> Path:
    """The reference repository, the areas and the registry under `tmp`; the registry's path."""
    sys.path.insert(0, str(ROOT / "toolkit"))
    reference = tmp / "te24"
    shutil.copytree(ROOT / "architecture", reference / "architecture")
    _git(reference, "init", "-q", "-b", "main")
    _git(reference, "add", "--all")
    _git(reference, "commit", "-q", "-m", "v1")
    _git(reference, "checkout", "-q", "-b", "candidate")
    for path in (reference / "architecture").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(*RENAMED), encoding="utf-8")
    _git(reference, "commit", "-q", "-am", "rename")
    _git(reference, "checkout", "-q", "main")
    expected = _expected(reference / "architecture")
    registry = ["reference:\n  path: te24/architecture\nareas:\n"]
    for n in range(areas):
        model = tmp / f"area-{n:02d}" / "architecture"
        write_model(elements, model)
        (model / "refarch.yaml").write_text("extends:\n  path: ../../te24/architecture\n", encoding="utf-8")
        (model / "reference.yaml").write_text(_realisations(expected, n), encoding="utf-8")
        registry.append(f"  - name: Alue {n:02d}\n    path: area-{n:02d}/architecture\n")
    (tmp / "registry.yaml").write_text("".join(registry), encoding="utf-8")
    return tmp / "registry.yaml"


def _expected(reference: Path) -> list[tuple[str, str]]:
    """The reference's steps and flows by id and kind (which an area realises by specializing them)."""
    from refarch import pipeline  # the repository's toolkit, as `make bench` installs it

    model = pipeline.check([reference]).model
    return sorted((e.id, e.kind) for e in model.elements.values() if e.kind in ("step", "flow"))


def _realisations(expected: list[tuple[str, str]], n: int) -> str:
    """Area n realises every third expected element from its own offset, and has one not applicable."""
    steps, flows = [], []
    chosen = expected[n % 3 :: 3]
    for i, (element_id, kind) in enumerate(chosen):
        if kind == "step":
            steps.append(f"  - id: oma-{element_id}\n    name: Oma {i}\n    order: {i + 1}\n"
                         f"    specializes: {element_id}\n    involves: actor-0\n")  # fmt: skip
        else:
            flows.append(f"  - id: oma-{element_id}\n    name: Oma {i}\n    from: actor-0\n    to: actor-1\n"
                         f"    carries: data-group-0\n    specializes: {element_id}\n")  # fmt: skip
    rest = [i for i, _ in expected if (i, _) not in chosen]
    refinement = f"refinements:\n  - id: {rest[0]}\n    not-applicable: Ei koske aluetta {n}.\n" if rest else ""
    return f"steps:\n{''.join(steps)}flows:\n{''.join(flows)}{refinement}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=45)
    parser.add_argument("--elements", type=int, default=1000)
    args = parser.parse_args()
    from run import measure

    with tempfile.TemporaryDirectory(prefix="refarch-federation-") as tmp:
        registry = write_federation(Path(tmp), args.areas, args.elements)
        for extra in ([], ["--candidate", "candidate"]):
            command = [sys.executable, "-m", "refarch", "federation", str(registry), "--format", "json", *extra]
            seconds, cpu, peak, code = measure(command)
            label = " ".join(extra) or "survey"
            print(f"{label}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {peak / 1024:.0f} MiB, exit {code}")


if __name__ == "__main__":
    main()
