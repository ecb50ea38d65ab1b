"""The reference model an area model extends: a folder, or a folder of a git repository at a pinned
revision, fetched once into the user's cache (refarch.cache: never the repository, whose committed files
a pull request controls). The fetched tree's digest is recorded with its commit and checked on every
use, so an entry changed after the fetch is fetched again rather than trusted; two first fetches at once
each unpack into a folder of their own, and the first to finish wins.

A branch name is refused: an area must say which version of the reference it was checked against, and
a branch moves. The fetched tree is read-only to the area; nothing here writes into it after unpacking.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from refarch.cache import cache_dir
from refarch.config import Extends
from refarch.errors import ConfigError
from refarch.revisions import extract, git_bytes, git_text, without_credentials

STAMP = ".complete"  # git URL, rev, resolved commit, digest of the unpacked tree


def base_folder(ext: Extends) -> Path:
    """The folder holding the reference model; fetched from git on first use, verified on every use."""
    if ext.path is not None:
        if not ext.path.is_dir():
            raise ConfigError(f"extends: no folder {ext.path}", ext.where)
        return ext.path
    target = cache_entry(ext)
    if not _verified(target):
        _fetch(ext, target)
    _check_pin(ext, resolved_commit(ext))
    folder = target / ext.folder
    if not folder.is_dir():
        raise ConfigError(
            f"extends: {without_credentials(ext.git or '')} at {ext.rev} has no folder {ext.folder!r}", ext.where
        )
    return folder


def cache_entry(ext: Extends) -> Path:
    """The cache folder of a git reference at its revision: the whole repository's tree at that commit. The
    pinned commit is part of the key, so that an area that moves `commit:` (after a moved tag) fetches anew
    rather than meeting the old entry."""
    key = f"{ext.git}\n{ext.rev}" + (f"\n{ext.commit}" if ext.commit else "")
    return cache_dir("bases") / hashlib.sha256(key.encode()).hexdigest()[:16]


def resolved_commit(ext: Extends) -> str | None:
    """The commit a git reference's revision resolved to when it was fetched (recorded in the cache); None
    for a folder reference, whose files need not be any commit's (a work tree with changes)."""
    if ext.path is not None:
        return None
    try:
        return (cache_entry(ext) / STAMP).read_text(encoding="utf-8").splitlines()[2]
    except (OSError, IndexError):
        return None


def pin(ext: Extends) -> Extends:
    """The git reference with `commit:` set to what its revision resolved to, its cache entry moved under the
    pinned key, so that the next run reads the cache rather than fetching again (`refarch init`)."""
    commit = resolved_commit(ext)
    if ext.git is None or commit is None:
        return ext
    pinned = replace(ext, commit=commit)
    old, new = cache_entry(ext), cache_entry(pinned)
    if old.is_dir() and not new.exists():
        with contextlib.suppress(OSError):  # another run moved it first: either entry verifies as well
            old.rename(new)
    return pinned


def _check_pin(ext: Extends, commit: str | None) -> None:
    """A tag can be moved to another commit: `commit:` in refarch.yaml says which one the area was checked
    against, and every run compares it with what the revision resolved to."""
    if ext.commit is not None and (commit is None or not commit.startswith(ext.commit)):
        raise ConfigError(
            f"extends: {ext.rev} is commit {commit or 'unknown'}, but refarch.yaml pins commit {ext.commit}: "
            f"the tag was moved. Review what changed in the reference, then set `commit:` to the new one",
            ext.where,
        )


def identity(ext: Extends) -> dict[str, str | None]:
    """What a report says of the reference an area extends: where it is (a URL without credentials, or the
    path), the revision pinned, the commit it resolved to, and the commit pinned in refarch.yaml.

    >>> identity(Extends(git="https://user:token@example.org/org/national.git", rev="v1.2.0"))["git"]
    'https://example.org/org/national.git'
    """
    if ext.path is not None:
        return {"path": reference_names(ext, ext.path, [ext.path])[ext.path]}
    return {"git": without_credentials(ext.git or ""), "folder": ext.folder, "rev": ext.rev,
            "commit": resolved_commit(ext), "pinned_commit": ext.commit}  # fmt: skip


def describe(found: Mapping[str, str | None]) -> str:
    """A reference's identity (`identity`) as reports say it in one line; what refarch.yaml pins only when
    `pinned_commit` is given (a registry's reference pins nothing).

    >>> describe({"git": "https://example.org/n.git", "rev": "v1", "commit": "0123456789abcdef", "pinned_commit": None})
    'https://example.org/n.git at v1 (commit 0123456789ab), no commit pinned in refarch.yaml'
    >>> describe({"path": "../national/architecture"})
    '../national/architecture'
    """
    where = found.get("git") or found.get("path") or "?"
    rev, commit, pinned = found.get("rev"), found.get("commit"), found.get("pinned_commit")
    said = where + (f" at {rev}" if rev else "") + (f" (commit {commit[:12]})" if commit else "")
    if pinned:
        said += f", pinned to commit {pinned[:12]} in refarch.yaml"
    elif "pinned_commit" in found:
        said += ", no commit pinned in refarch.yaml"
    return said


def reference_names(ext: Extends, folder: Path, files: list[Path]) -> dict[Path, str]:
    """How the reference model's files are named in findings and on pages: never by an absolute path of
    the machine that runs refarch (a CI runner's home folder, the cache), which an area's public site
    would otherwise show. A folder reference: the path from the working directory (`../../architecture/
    toimijat.yaml`, as the area's `extends: path` leads there); a git reference: the repository's name,
    the revision and the path inside it, without the URL (which may carry credentials).

    >>> ext = Extends(git="https://user:token@example.org/org/national.git", rev="v1.2.0")
    >>> reference_names(ext, Path("/cache/abc/architecture"), [Path("/cache/abc/architecture/a/t.yaml")])
    {PosixPath('/cache/abc/architecture/a/t.yaml'): 'national.git@v1.2.0/architecture/a/t.yaml'}
    """
    if ext.git is None:
        here = Path.cwd()
        return {f: Path(os.path.relpath(f.resolve(), here.resolve())).as_posix() for f in files}
    repository = urlsplit(ext.git).path.rstrip("/").rsplit("/", 1)[-1] or "reference"
    return {f: f"{repository}@{ext.rev}/{ext.folder}/{f.relative_to(folder).as_posix()}" for f in files}


def _verified(target: Path) -> bool:
    """Whether a cached base is whole and unchanged: its files hash to the digest recorded at the fetch."""
    try:
        recorded = (target / STAMP).read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return len(recorded) == 4 and recorded[3] == tree_digest(target)


def tree_digest(folder: Path) -> str:
    """SHA-256 over every file's path and bytes under `folder` (the stamp itself left out), in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.name != STAMP and (p.is_file() or p.is_symlink())):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(b"link:" + str(path.readlink()).encode() if path.is_symlink() else path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _fetch(ext: Extends, target: Path) -> None:
    if shutil.which("git") is None:
        raise ConfigError("extends: git is not installed, and the reference model is a git repository", ext.where)
    if ext.git is None or ext.rev is None:
        raise ConfigError("extends: a git reference needs `git:` and `rev:`", ext.where)
    with tempfile.TemporaryDirectory(prefix="refarch-base-") as tmp:
        repo = Path(tmp)
        try:
            git_text(None, "clone", "--quiet", "--no-checkout", "--", ext.git, tmp)
            branch = git_text(repo, "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{ext.rev}", check=False)
            tag = git_text(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{ext.rev}", check=False)
            if branch and not tag:
                raise ConfigError(f'rev "{ext.rev}" is a branch, which moves; pin a tag or a commit')
            commit = git_text(repo, "rev-parse", "--verify", "--quiet", f"{ext.rev}^{{commit}}", check=False).strip()
            if not commit:
                raise ConfigError(f'{without_credentials(ext.git)} has no tag or commit "{ext.rev}"')
            archive = git_bytes(repo, "archive", "--format=tar", commit)
        except ConfigError as exc:
            raise ConfigError(f"extends: {exc}", ext.where) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))  # one of its own per run
    try:
        extract(archive, partial, f"extends: {without_credentials(ext.git or '')} at {ext.rev}")
        stamp = f"{ext.git}\n{ext.rev}\n{commit}\n{tree_digest(partial)}\n"
        (partial / STAMP).write_text(stamp, encoding="utf-8")
        if target.exists() and not _verified(target):
            shutil.rmtree(target, ignore_errors=True)  # a changed or half entry is replaced, not trusted
        try:
            partial.rename(target)
        except OSError:
            if not _verified(target):  # not another run's whole entry: a real failure
                raise ConfigError(f"extends: cannot store the fetched reference in {target}", ext.where) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
