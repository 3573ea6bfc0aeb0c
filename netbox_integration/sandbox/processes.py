"""NetBox's processes (gunicorn, rqworker): started detached, stopped by the pids we recorded.

Each starts in its own session so it outlives the management command that started it and
so its process group id equals its pid: `down` signals exactly those groups (gunicorn's
master with its workers, the rq worker with its work horse) and nothing else on the host.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from .layout import SandboxLayout

GUNICORN_WORKERS = 3
GUNICORN_THREADS = 3
# gunicorn's SIGTERM waits up to 30 s for idle keep-alive connections; SIGINT stops it at
# once, which is what a sandbox wants. The rq worker's SIGTERM is a prompt warm shutdown.
STOP_SIGNALS = {"gunicorn": signal.SIGINT, "rqworker": signal.SIGTERM}


def start_detached(command: list[str], log: Path, environment: dict[str, str], cwd: Path) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as handle:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=cwd,
            start_new_session=True,
        )
    return process.pid


def start_gunicorn(layout: SandboxLayout) -> int:
    return start_detached(
        [
            str(layout.gunicorn_command),
            "netbox.wsgi",
            "--preload",  # imports NetBox once, not per worker: starts twice as fast
            "--no-control-socket",  # gunicorn 26 otherwise opens one in the shared home directory
            "--bind",
            f"127.0.0.1:{layout.port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--threads",
            str(GUNICORN_THREADS),
            "--timeout",
            "120",
            "--graceful-timeout",  # a sandbox need not wait 30 s for idle connections to stop
            "2",
        ],
        layout.logs / "gunicorn.log",
        layout.netbox_environment(),
        layout.root,
    )


def start_rqworker(layout: SandboxLayout) -> int:
    return start_detached(
        [str(layout.netbox_command), "rqworker", "high", "default", "low"],
        layout.logs / "rqworker.log",
        layout.netbox_environment(),
        layout.root,
    )


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def is_ours(pid: int | None, layout: SandboxLayout) -> bool:
    """Alive and still running from our venv: a recycled pid of some other program is not ours."""
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat") as handle:
            if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False  # a zombie waiting for its parent is not running
    except OSError:
        return False
    return str(layout.venv) in command_line(pid)


def stop(named_pids: dict[str, int], layout: SandboxLayout, grace_seconds: float = 15.0) -> None:
    """Signal every process group the sandbox started at once, SIGKILL what outlives the grace period."""
    ours = {name: pid for name, pid in named_pids.items() if is_ours(pid, layout)}
    for name, pid in ours.items():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, STOP_SIGNALS.get(name, signal.SIGTERM))
    deadline = time.monotonic() + grace_seconds
    for pid in ours.values():
        while is_ours(pid, layout) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if is_ours(pid, layout):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        _wait_until_group_gone(pid, deadline=time.monotonic() + 5)


def _wait_until_group_gone(pgid: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        _reap(pgid)
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.1)


def _reap(pid: int) -> None:
    """Collect the exit status when the caller itself started the process (a test session)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
