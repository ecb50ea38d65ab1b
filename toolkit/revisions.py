"""A model as it is at a git revision, or in a folder: what `refarch diff` compares.

A revision is read with `git archive` (nothing in the working tree changes) and unpacked with tarfile's
`data` filter, which refuses links and paths that would leave the target folder. The whole tree of the
revision is unpacked, so that an area model's `extends: {path: ../..}` finds its reference model as it
was at that revision too.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from refarch.errors import ConfigError


def model_folder(spec: str, model_path: Path, workdir: Path, folders: bool = False) -> tuple[Path, Path]:
    """Where to stand and the folder of the model at `spec`: the model folder (`model_path`, as in the
    working tree) at the git revision `spec`, unpacked into a folder of its own under `workdir`; or `spec`
    itself when it is a folder and no revision (`folders`: only folders). A revision wins over a folder of
    the same name, so a pull request that adds a folder `origin/main/` cannot stand in for the base.
    Standing in the unpacked tree, file names read as in the repository."""
    if spec.startswith("-"):
        raise ConfigError(f'"{spec}" is not a revision or a folder (git would read it as an option)')
    if not folders:
        root = _repository_root(model_path, required=not Path(spec).is_dir())
        commit = git_text(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", check=False) if root else ""
        if root and commit:
            return _unpack(root, commit.strip(), spec, model_path, workdir)
    if Path(spec).is_dir():
        return Path.cwd(), Path(spec)
    if folders:
        raise ConfigError(f'no folder "{spec}"')
    raise ConfigError(f'"{spec}" is neither a folder nor a git revision')


def _unpack(root: Path, commit: str, spec: str, model_path: Path, workdir: Path) -> tuple[Path, Path]:
    inside = model_path.resolve().relative_to(root) if model_path.resolve().is_relative_to(root) else model_path
    archive = git_bytes(root, "archive", "--format=tar", commit)
    target = Path(tempfile.mkdtemp(dir=workdir, prefix="revision-"))  # unique: `a/b` and `a_b` never meet
    extract(archive, target, f"revision {spec}")
    if not (target / inside).is_dir():
        raise ConfigError(f"revision {spec} has no folder {inside.as_posix()}")
    return target, inside


def _repository_root(model_path: Path, required: bool = True) -> Path | None:
    """The git repository the model is in; without git or a repository a ConfigError, or None when a
    folder may answer instead (`required` False)."""
    start = model_path if model_path.is_dir() else Path.cwd()
    root = git_text(start, "rev-parse", "--show-toplevel", check=False) if shutil.which("git") else ""
    if root:
        return Path(root.strip()).resolve()
    if required:
        raise ConfigError(f"{start} is not in a git repository (or git is not installed); give two folders instead")
    return None


def git_text(cwd: Path | None, *args: str, check: bool = True) -> str:
    """`git ARGS` in `cwd`: its output; on failure a ConfigError (credentials in URLs left out), or "" with
    check=False."""
    done = _git(cwd, args, text=True)
    if done.returncode != 0:
        if check:
            raise ConfigError(without_credentials(f"git {' '.join(args)}: {done.stderr.strip()}"))
        return ""
    return done.stdout


def git_bytes(cwd: Path | None, *args: str) -> bytes:
    done = _git(cwd, args, text=False)
    if done.returncode != 0:
        message = f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}"
        raise ConfigError(without_credentials(message))
    return done.stdout


def _git(cwd: Path | None, args: tuple[str, ...], text: bool) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text)
    except FileNotFoundError:
        raise ConfigError("git is not installed; it is needed to read a git repository") from None


_WEB_USER = re.compile(r"(?i)\b(https?://)[^/\s@]+@")  # a web URL's user is often a token itself
_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s@:]+):[^/\s@]+@")
REMOTE_URL = re.compile(r"^(https://|ssh://|git@[\w.-]+:)\S+$")  # a repository a CI runner can fetch


def without_credentials(text: str) -> str:
    """Text with the secrets of every URL in it left out: messages, reports and pages must never show the
    token a repository URL may carry. A web URL loses its user too; an ssh URL keeps its user (`git@`),
    which is no secret and without which the URL would not work.

    >>> without_credentials("git clone https://alice:ghp_SECRET@example.org/org/x.git failed")
    'git clone https://example.org/org/x.git failed'
    >>> without_credentials("ssh://git@example.org/org/x.git and ssh://bob:pw@example.org/y.git")
    'ssh://git@example.org/org/x.git and ssh://bob@example.org/y.git'
    """
    return _PASSWORD.sub(r"\1@", _WEB_USER.sub(r"\1", text))


def extract(archive: bytes, target: Path, what: str) -> None:
    """Unpack a tar archive (`git archive`) into `target` with tarfile's `data` filter, which refuses links
    and paths that would leave it (a symlink to /etc/passwd in a fetched repository): a ConfigError then."""
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise ConfigError(f"{what} cannot be unpacked safely: {exc}") from None
