"""The package as a user installs it: a wheel built from the repository, installed in a clean venv, offers
`refarch`, `python -m refarch` and the MkDocs plugin under the import name refarch, and no `toolkit`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from support import MODEL, ROOT

OUTPUTS = {"build", "site", "refarch.egg-info"}  # what builds leave in a working tree


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with only the wheel installed; its dependencies are the test venv's, seen through a path entry
    (a plain path, not a site dir, so the editable install's finder there is not loaded)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy, so that the build's own folders (build/, *.egg-info) stay out of the clone
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda folder, names: [
            n for n in names if n.startswith(".") or n == "__pycache__" or (Path(folder) == ROOT and n in OUTPUTS)
        ],
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--disable-pip-version-check",
            "-w",
            str(tmp / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp,
        timeout=300,
    )
    env = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    (wheel,) = (tmp / "dist").glob("refarch-*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(env / "bin" / "python"),
            "install",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site_packages = Path(
        subprocess.run(
            [str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env


def in_venv(env: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        cwd=env.parent,
        timeout=120,
        env={"PATH": f"{env / 'bin'}:/usr/bin:/bin", "HOME": str(env.parent)},
    )


def test_the_wheel_holds_refarch_and_no_toolkit(installed: Path) -> None:
    (wheel,) = (installed.parent / "dist").glob("refarch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "refarch/cli.py" in names and "refarch/metamodel.yaml" in names and "refarch/strings/en.yaml" in names
    assert "refarch/site/templates/element.md.j2" in names
    assert "refarch/exchange/relationships.yaml" in names  # the export reads ArchiMate's table from it
    assert not [n for n in names if n.startswith("toolkit")]


def test_the_command_and_python_m_run_from_the_wheel(installed: Path) -> None:
    done = in_venv(installed, str(installed / "bin" / "refarch"), "validate", str(MODEL), "-q")
    assert done.returncode == 0, done.stderr
    done = in_venv(installed, str(installed / "bin" / "refarch"), "export", "archimate", str(MODEL), "--no-views")
    assert done.returncode == 0 and 'xsi:type="Realization"' in done.stdout, done.stderr
    done = in_venv(installed, str(installed / "bin" / "python"), "-m", "refarch", "--version")
    assert done.returncode == 0 and "refarch" in done.stdout, done.stderr
    where = in_venv(installed, str(installed / "bin" / "python"), "-c", "import refarch; print(refarch.__file__)")
    assert str(installed) in where.stdout, where.stdout + where.stderr


def test_the_wheel_has_no_toolkit_module_and_offers_the_plugin(installed: Path) -> None:
    done = in_venv(installed, str(installed / "bin" / "python"), "-c", "import toolkit")
    assert done.returncode == 1 and "No module named 'toolkit'" in done.stderr
    code = (
        "from importlib.metadata import entry_points; "
        "(ep,) = entry_points(group='mkdocs.plugins', name='refarch'); print(ep.value, ep.load().__module__)"
    )
    done = in_venv(installed, str(installed / "bin" / "python"), "-c", code)
    assert done.stdout.split() == ["refarch.site.plugin:RefarchPlugin", "refarch.site.plugin"], done.stderr
