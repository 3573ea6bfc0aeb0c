"""The sandbox's one-session-at-a-time lock: nested use in one process, waiting across processes."""

import dataclasses
import multiprocessing

from netbox_integration.sandbox import exclusive_use
from netbox_integration.sandbox.layout import sandbox_layout


def _layout(tmp_path):
    return dataclasses.replace(sandbox_layout(), cache_dir=tmp_path)


def _try_to_take(cache_dir, result):
    import fcntl

    with (cache_dir / "netbox-sandbox.in-use.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            result.put("taken")
        except BlockingIOError:
            result.put("held by another process")


def _holder(cache_dir, result):
    other = multiprocessing.get_context("fork")
    queue = other.Queue()
    child = other.Process(target=_try_to_take, args=(cache_dir, queue))
    child.start()
    child.join(10)
    result.append(queue.get(timeout=5))


def test_nested_use_in_one_process_does_not_wait_for_itself(tmp_path):
    layout = _layout(tmp_path)
    seen: list[str] = []
    # Two session fixtures (or a fixture and a command) in one test process: the inner one
    # must not block on the lock its own process holds. A deadlock here hangs the test.
    with exclusive_use(layout=layout):
        with exclusive_use(layout=layout):
            _holder(tmp_path, seen)
        _holder(tmp_path, seen)
    _holder(tmp_path, seen)
    assert seen == ["held by another process", "held by another process", "taken"]
