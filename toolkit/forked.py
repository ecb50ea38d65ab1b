"""Work done in a forked copy of this process, on a second core, while this one goes on with its own.

A large site's build has two such jobs (refarch.site.pages makes half the element pages in a copy;
refarch.site.search indexes the generated pages in one while MkDocs renders). A fork copies the process as
it is, so the work needs no arguments sent and its result is the same bytes as this process would make;
the result comes back pickled in an unnamed temporary file (a pipe would hold the copy until this process
reads, which may be long after the copy is done). Only on Linux, with two cores, and in a process with no other
threads (as `mkdocs build` is, and `mkdocs serve` until its server starts): a fork copies nothing another
thread holds half-changed. The caller does the work itself when no copy can be made or the copy failed.

    copy = Copy.start(lambda: sum(range(10)))
    ...                                  # this process's own work meanwhile
    made = copy.result() if copy else None
    if made is None:
        made = sum(range(10))
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Generic, TypeVar

T = TypeVar("T")


def available() -> bool:
    """Whether a copy may be forked here: Linux, two cores for this process, no other thread."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return cores >= 2 and sys.platform.startswith("linux") and threading.active_count() == 1


class Copy(Generic[T]):
    """A forked copy of this process doing one piece of work; `result()` waits for it, `stop()` ends it."""

    def __init__(self, pid: int, file: IO[bytes]) -> None:
        self._pid = pid
        self._file = file

    @classmethod
    def start(cls, work: Callable[[], T]) -> Copy[T] | None:
        """Fork a copy that does `work` and keeps what it returns for `result()`; None when no copy can be made."""
        if not available():
            return None
        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115  (open until result() or stop())
        except OSError:  # no writable temporary folder: the caller does the work itself
            return None
        code = 1
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left for a copy
            file.close()
            return None
        if pid == 0:  # the copy: do the work, keep it, and leave without running anything of the parent's
            try:
                pickle.dump(work(), file, protocol=pickle.HIGHEST_PROTOCOL)
                file.flush()
                code = 0
            finally:
                os._exit(code)
        return cls(pid, file)

    def result(self) -> T | None:
        """What the copy made, once it is done; None when it failed (the caller then does the work itself)."""
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0  # reaped: its number may be another process's from now on
        with self._file as file:
            if status != 0:
                return None
            file.seek(0)
            return pickle.load(file)  # noqa: S301  (from a fork of this very process, never from outside)

    def stop(self) -> None:
        """End the copy and reap it (its work is not wanted: this process failed), so none is left running."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        self._file.close()
