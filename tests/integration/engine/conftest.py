"""A real django-q2 cluster in a subprocess, on the test PostgreSQL database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'root'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Cluster:
    def __init__(self, tmp_path: Path, lease_seconds: int = 3, workers: int = 2, redis: bool = False):
        self.pid_file = tmp_path / "worker-pids"
        self.log = tmp_path / "qcluster.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "ENGINE_WORKFLOW_MODULES": "tests.engine_workflows,tests.subscription_workflows",
            "ENGINE_LEASE_SECONDS": str(lease_seconds),
            "Q_WORKERS": str(workers),
            "TEST_WORKER_PID_FILE": str(self.pid_file),
            "LOG_LEVEL": "WARNING",
        }
        if not redis:
            self.env.pop("REDIS_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self):
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

    def worker_pids(self) -> list[int]:
        if not self.pid_file.exists():
            return []
        return [int(line) for line in self.pid_file.read_text().split()]

    def stop(self):
        # qcluster may hang on SIGTERM (django-q2 #346): give it a moment, then kill the group.
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@pytest.fixture
def cluster(transactional_db, effects_table, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail(
            "The cluster tests need PostgreSQL: run them with `make test` (DATABASE_URL=postgres://…)"
        )
    running = Cluster(tmp_path).start()
    yield running
    running.stop()
