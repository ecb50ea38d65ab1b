"""The reference model an area model extends: a folder, or a folder of a git repository at a pinned
revision, fetched once into `.refarch-cache/bases/` beside the area's configuration.

A branch name is refused: an area must say which version of the reference it was checked against, and
a branch moves. The fetched tree is read-only to the area; nothing here writes into it after unpacking.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from refarch.config import Extends
from refarch.errors import ConfigError
from refarch.revisions import git_bytes, git_text


def base_folder(ext: Extends, cache_root: Path) -> Path:
    """The folder holding the reference model; fetched from git on first use."""
    if ext.path is not None:
        if not ext.path.is_dir():
            raise ConfigError(f"extends: no folder {ext.path}", ext.where)
        return ext.path
    key = hashlib.sha256(f"{ext.git}\n{ext.rev}".encode()).hexdigest()[:16]
    target = cache_root / "bases" / key
    if not (target / ".complete").exists():
        _fetch(ext, target)
    folder = target / ext.folder
    if not folder.is_dir():
        raise ConfigError(f"extends: {ext.git} at {ext.rev} has no folder {ext.folder!r}", ext.where)
    return folder


def _fetch(ext: Extends, target: Path) -> None:
    if shutil.which("git") is None:
        raise ConfigError("extends: git is not installed, and the reference model is a git repository", ext.where)
    if ext.git is None or ext.rev is None:
        raise ConfigError("extends: a git reference needs `git:` and `rev:`", ext.where)
    with tempfile.TemporaryDirectory(prefix="refarch-base-") as tmp:
        repo = Path(tmp)
        try:
            git_text(None, "clone", "--quiet", "--no-checkout", ext.git, tmp)
            branch = git_text(repo, "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{ext.rev}", check=False)
            tag = git_text(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{ext.rev}", check=False)
            if branch and not tag:
                raise ConfigError(f'rev "{ext.rev}" is a branch, which moves; pin a tag or a commit')
            commit = git_text(repo, "rev-parse", "--verify", "--quiet", f"{ext.rev}^{{commit}}", check=False).strip()
            if not commit:
                raise ConfigError(f'{ext.git} has no tag or commit "{ext.rev}"')
            archive = git_bytes(repo, "archive", "--format=tar", commit)
        except ConfigError as exc:
            raise ConfigError(f"extends: {exc}", ext.where) from None
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(partial, filter="data")
    (partial / ".complete").write_text(f"{ext.git}\n{ext.rev}\n{commit}\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
