"""refarch's caches (drawings by content hash, fetched reference models) live in the user's cache folder,
never in the repository: a pull request can commit any file it likes, and nothing it commits is read as
a cache entry. Writes are atomic (a temporary file, then a rename), so a kill or a full disk leaves no
half entry, and a failed write only means the next run draws again.

The folder is platformdirs' user cache folder for "refarch" (`~/.cache/refarch` on Linux), or
`REFARCH_CACHE_DIR` when the runner sets it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from platformdirs import user_cache_path

CACHE_ENV = "REFARCH_CACHE_DIR"


def cache_dir(name: str) -> Path:
    """The cache folder `name` (not created until something is written)."""
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured) if configured else user_cache_path("refarch", appauthor=False)
    return root / name


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` whole or not at all; False when it could not be written (read-only, full).

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a" / "entry.svg"
    >>> write_atomic(target, b"<svg/>"), target.read_bytes()
    (True, b'<svg/>')
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
