"""up, down, status and reset of the local NetBox sandbox.

`up` is the only slow one, and only the first time on a machine: it installs NetBox in
its own venv, restores (or, the very first time, migrates and snapshots) the database,
makes the admin user and the known API token, starts gunicorn and the rq worker, waits
for the API and writes the state file nrenorch's settings read (url, token, pids).
A lock file serialises concurrent callers (two `make test` runs at once).
"""

import fcntl
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import requests

from . import database, processes
from .configuration import ADMIN_USERNAME, SandboxSecrets, load_or_create_secrets, write_configuration
from .errors import SandboxError
from .installation import ensure_installed
from .layout import SandboxLayout, sandbox_layout
from .reporting import Reporter, silent, timed

READY_TIMEOUT_SECONDS = 180
PROCESS_NAMES = ("gunicorn", "rqworker")


@dataclass
class SandboxStatus:
    url: str
    token: str
    running: bool
    api_answers: bool
    pids: dict[str, int | None] = field(default_factory=dict)
    netbox_version: str = ""
    home: str = ""
    detail: str = ""

    def lines(self) -> list[str]:
        state = "up" if self.running and self.api_answers else "down"
        lines = [f"NetBox sandbox: {state}", f"  url:   {self.url}", f"  home:  {self.home}"]
        if self.netbox_version:
            lines.append(f"  NetBox {self.netbox_version}")
        for name in PROCESS_NAMES:
            lines.append(f"  {name}: {self.pids.get(name) or 'not running'}")
        if self.detail:
            lines.append(f"  {self.detail}")
        return lines


@contextmanager
def _locked(layout: SandboxLayout) -> Iterator[None]:
    layout.cache_dir.mkdir(parents=True, exist_ok=True)
    with layout.lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


#: How many nested `exclusive_use` blocks this process is in, by lock file.
_uses_in_this_process: dict[str, int] = {}


@contextmanager
def exclusive_use(report: Reporter = silent, layout: SandboxLayout | None = None) -> Iterator[None]:
    """Hold the sandbox for one user at a time (a test session that empties and fills it).

    Two test sessions on one machine (two developers, or CI beside a developer) would
    reset NetBox under each other's feet; the second one waits here for the first.
    """
    layout = layout or sandbox_layout()
    lock_file = layout.cache_dir / "netbox-sandbox.in-use.lock"
    key = str(lock_file)
    if _uses_in_this_process.get(key):
        # flock on a second open of the file would wait for this very process: nested use
        # (two fixtures, a fixture and a command) shares the hold it already has.
        _uses_in_this_process[key] += 1
        try:
            yield
        finally:
            _uses_in_this_process[key] -= 1
        return
    layout.cache_dir.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report("Another session is using the NetBox sandbox: waiting for it to finish ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _uses_in_this_process[key] = 1
        try:
            yield
        finally:
            _uses_in_this_process[key] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_state(layout: SandboxLayout) -> dict:
    try:
        return json.loads(layout.state_file.read_text())
    except (OSError, ValueError):
        return {}


def _write_state(layout: SandboxLayout, state: dict) -> None:
    layout.state_file.parent.mkdir(parents=True, exist_ok=True)
    partial = layout.state_file.with_suffix(".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(state, handle, indent=2)
    partial.replace(layout.state_file)


def _running_pids(layout: SandboxLayout, state: dict) -> dict[str, int | None]:
    recorded = state.get("pids", {})
    return {
        name: recorded.get(name) if processes.is_ours(recorded.get(name), layout) else None
        for name in PROCESS_NAMES
    }


def _api_status(url: str, token: str, timeout: float = 5) -> dict | None:
    """NetBox's /api/status/ when it answers 200 to our token, else None."""
    try:
        response = requests.get(
            f"{url}/api/status/", headers={"Authorization": f"Bearer {token}"}, timeout=timeout
        )
    except requests.RequestException:
        return None
    return response.json() if response.status_code == 200 else None


def _ensure_admin_and_token(layout: SandboxLayout, sandbox_secrets: SandboxSecrets) -> None:
    """An admin user and the v2 token with our known key and secret (idempotent)."""
    script = f"""
from users.models import Token, User
user, _ = User.objects.get_or_create(username={ADMIN_USERNAME!r})
user.is_superuser = True
user.is_staff = True
user.is_active = True
user.set_password({sandbox_secrets.admin_password!r})
user.save()
if not Token.objects.filter(key={sandbox_secrets.token_key!r}).exists():
    Token(user=user, version=2, key={sandbox_secrets.token_key!r}, token={sandbox_secrets.token_secret!r},
          write_enabled=True, description="nrenorch sandbox").save()
"""
    completed = subprocess.run(
        [str(layout.netbox_command), "nbshell", "--command", script],
        env=layout.netbox_environment(),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise SandboxError(
            f"Creating NetBox's admin user and API token failed: {completed.stderr.strip()[-800:]}"
        )


def _wait_until_ready(layout: SandboxLayout, token: str, gunicorn_pid: int) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        answer = _api_status(layout.url, token, timeout=3)
        if answer is not None:
            return answer
        if not processes.is_ours(gunicorn_pid, layout):
            break
        time.sleep(0.5)
    log = layout.logs / "gunicorn.log"
    tail = log.read_text()[-1500:] if log.exists() else ""
    raise SandboxError(f"NetBox did not answer {layout.url}/api/status/ in time; end of {log}:\n{tail}")


def _start_processes(layout: SandboxLayout, state: dict, token: str, report: Reporter) -> dict[str, int]:
    running = _running_pids(layout, state)
    gunicorn, rqworker = running["gunicorn"], running["rqworker"]
    if gunicorn is None and processes.port_in_use(layout.port):
        raise SandboxError(
            f"Port {layout.port} is taken by a process this sandbox did not start: stop it, or set "
            "NETBOX_SANDBOX_PORT to a free port"
        )
    if gunicorn is None:
        gunicorn = processes.start_gunicorn(layout)
    if rqworker is None:
        rqworker = processes.start_rqworker(layout)
    pids = {"gunicorn": gunicorn, "rqworker": rqworker}
    _write_state(layout, _state(layout, token, pids))
    with timed(report, "NetBox answers"):
        _wait_until_ready(layout, token, pids["gunicorn"])
    return pids


def _state(layout: SandboxLayout, token: str, pids: dict) -> dict:
    return {
        "url": layout.url,
        "token": token,
        "pids": pids,
        "netbox_version": layout.version,
        "home": str(layout.home),
        "updated": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def up(report: Reporter = silent, layout: SandboxLayout | None = None) -> SandboxStatus:
    """Bring the sandbox up (idempotent; seconds when it is up or only stopped)."""
    layout = layout or sandbox_layout()
    with _locked(layout):
        state = _read_state(layout)
        sandbox_secrets = load_or_create_secrets(layout)
        token = sandbox_secrets.api_token
        pids = _running_pids(layout, state)
        if all(pids.values()) and _api_status(layout.url, token):
            return status(layout)
        with timed(report, "NetBox sandbox up"):
            database.require_postgresql(layout)
            _require_redis(layout)
            with timed(report, "NetBox installed"):
                ensure_installed(layout, report)
            write_configuration(layout, sandbox_secrets)
            with timed(report, "Database ready"):
                database.ensure_database(layout, report)
            if not database.api_token_exists(layout, sandbox_secrets.token_key):
                with timed(report, "Admin user and API token"):
                    _ensure_admin_and_token(layout, sandbox_secrets)
            _start_processes(layout, state, token, report)
    return status(layout)


def _require_redis(layout: SandboxLayout) -> None:
    import redis

    try:
        redis.Redis(host=layout.redis_host, port=layout.redis_port, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise SandboxError(
            f"Redis does not answer on {layout.redis_host}:{layout.redis_port} ({error}): start it "
            "(scripts/ensure-services does; Debian: apt-get install redis-server)"
        ) from error


def down(report: Reporter = silent, layout: SandboxLayout | None = None) -> SandboxStatus:
    """Stop exactly the processes `up` started (by the pids in the state file)."""
    layout = layout or sandbox_layout()
    with _locked(layout):
        state = _read_state(layout)
        running = {name: pid for name, pid in state.get("pids", {}).items() if processes.is_ours(pid, layout)}
        if running:
            report("Stopping " + ", ".join(f"{name} (pid {pid})" for name, pid in running.items()) + " ...")
            processes.stop(running, layout)
        if state:
            _write_state(layout, {**state, "pids": {name: None for name in PROCESS_NAMES}})
    return status(layout)


def status(layout: SandboxLayout | None = None) -> SandboxStatus:
    layout = layout or sandbox_layout()
    state = _read_state(layout)
    token = state.get("token", "")
    pids = _running_pids(layout, state)
    answer = _api_status(layout.url, token) if token and pids["gunicorn"] else None
    return SandboxStatus(
        url=layout.url,
        token=token,
        running=all(pids.values()),
        api_answers=answer is not None,
        pids=pids,
        netbox_version=(answer or {}).get("netbox-version", ""),
        home=str(layout.home),
    )


def reset(report: Reporter = silent, layout: SandboxLayout | None = None) -> SandboxStatus:
    """Empty NetBox of every object (sites, devices, IPAM, VPN, tags, custom fields, change log).

    Users and the API token stay, so the running NetBox keeps answering the same token.
    """
    layout = layout or sandbox_layout()
    with _locked(layout), timed(report, "NetBox emptied"):
        database.empty_user_data(layout)
        _flush_cache(layout)
    return status(layout)


def _flush_cache(layout: SandboxLayout) -> None:
    """NetBox caches some lookups in its caching Redis db; stale entries would outlive the data."""
    import redis

    redis.Redis(host=layout.redis_host, port=layout.redis_port, db=layout.redis_caching_db).flushdb()
