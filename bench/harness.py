"""What the operations benchmarks share: a PostgreSQL database set up for them, and real
`manage.py qcluster` processes started, inspected and stopped from the outside.

Import this before Django: `setup_django()` creates and migrates the database named in
DATABASE_URL (PostgreSQL only: the figures are about production), with the test
products and the engine's test workflows installed (tests.settings), so the soak can
run their create/modify/validate/terminate workflows.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKFLOW_MODULES = "bench.workflows,tests.engine_workflows,tests.subscription_workflows"


def configure(lease_seconds: int | None = None, **extra: str) -> None:
    """Environment shared by this process and the clusters it starts (before Django starts)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created and migrated if missing)")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["ENGINE_WORKFLOW_MODULES"] = WORKFLOW_MODULES
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if lease_seconds:
        os.environ["ENGINE_LEASE_SECONDS"] = str(lease_seconds)
    os.environ.update(extra)
    # A stopped benchmark still stops its clusters (they run in process groups of their own).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))


def setup_django() -> None:
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", name], capture_output=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:  # the engine test workflows' record of step effects
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS test_step_effects (process_id varchar(64), step varchar(64))"
        )


def broker_name() -> str:
    return "Redis" if os.environ.get("REDIS_URL") else "ORM (PostgreSQL)"


def purge_queue() -> None:
    """Start from an empty queue: tasks left by an earlier, interrupted run would skew it."""
    from django_q.brokers import get_broker

    get_broker().purge_queue()


class Cluster:
    """One `manage.py qcluster` (a host's worth of workers) in its own process group."""

    def __init__(self, workers: int, label: str = "a", log: Path | None = None, **env: str):
        self.workers, self.label = workers, label
        self.log = log or Path(f"/tmp/nrenorch-bench-qcluster-{label}-{os.getpid()}.log")
        self.env = {**os.environ, "Q_WORKERS": str(workers), "BENCH_CLUSTER_LABEL": label, **env}
        self.process: subprocess.Popen | None = None

    def start(self) -> Cluster:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def descendants(self) -> set[int]:
        """Every process the cluster started (sentinel, pusher, monitor, workers), from /proc."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        if self.process is None:
            return set()
        found, todo = set(), [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.add(child)
                todo.append(child)
        return found

    def stop(self) -> None:
        # qcluster may hang on SIGTERM (django-q2 #346): a moment, then kill the whole group.
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=8)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def busy_worker_pids(clusters: list[Cluster]) -> list[int]:
    """Workers of these clusters that hold a process lease right now (they are mid-step)."""
    from django.utils import timezone

    from engine.models import ProcessLease

    ours = set().union(*(c.descendants() for c in clusters))
    owners = (
        ProcessLease.objects.filter(expires_at__gt=timezone.now())
        .exclude(owner="")
        .values_list("owner", flat=True)
    )
    pids = {int(owner.split(":")[1]) for owner in owners if owner.count(":") >= 2}
    return sorted(pids & ours)


def kill_random_busy_worker(clusters: list[Cluster], rng: random.Random) -> int | None:
    pids = busy_worker_pids(clusters)
    if not pids:
        return None
    victim = rng.choice(pids)
    try:
        os.kill(victim, signal.SIGKILL)
    except ProcessLookupError:
        return None
    return victim


def wait_until(predicate, timeout: float, interval: float = 0.2, what: str = "") -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    print(f"gave up after {timeout:.0f}s waiting for {what}", flush=True)
    return False
