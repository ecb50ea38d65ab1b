"""refarch.forked: work in a forked copy comes back whole, or not at all, and no copy is left behind."""

from __future__ import annotations

import os
import threading
import time

import pytest

from refarch import forked
from refarch.forked import Copy

from support import allow_fork


@pytest.fixture
def may_fork(monkeypatch) -> None:
    allow_fork(monkeypatch)


def test_the_copy_gives_back_what_its_work_made(may_fork) -> None:
    made = {"pages": [f"page {n}" * 1000 for n in range(200)]}  # more than a pipe holds: the copy never waits
    copy = Copy.start(lambda: made)
    assert copy is not None
    time.sleep(0.2)  # the copy is done long before it is asked
    assert copy.result() == made


def test_a_copy_that_fails_gives_nothing_so_the_caller_does_the_work(may_fork) -> None:
    def failing() -> None:
        raise RuntimeError("in the copy")

    copy = Copy.start(failing)
    assert copy is not None
    assert copy.result() is None


def test_a_stopped_copy_is_gone(may_fork) -> None:
    copy = Copy.start(lambda: time.sleep(60))
    assert copy is not None
    pid = copy._pid
    copy.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped


def test_no_copy_beside_other_threads(monkeypatch) -> None:
    """A fork copies no other thread: what one held half-changed would stay so in the copy."""
    monkeypatch.setattr(forked.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert Copy.start(lambda: 1) is None
    finally:
        stop.set()
        other.join()


def test_no_copy_on_one_core(monkeypatch) -> None:
    monkeypatch.setattr(forked.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    assert Copy.start(lambda: 1) is None


def test_a_copy_once_reaped_is_not_stopped_again(may_fork) -> None:
    """After result() the copy's number may be another process's: stop() (on a build error) leaves it be."""
    copy = Copy.start(lambda: 1)
    assert copy is not None and copy.result() == 1
    copy.stop()  # neither kills a stranger nor raises ChildProcessError
