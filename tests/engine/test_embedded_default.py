"""The embedded default works: a fresh SQLite database, `migrate`, a real `qcluster` on the
ORM broker, and `task_showcase` through every kind of step to completion.

Everything runs in subprocesses on a database file of its own (the test database, in
memory, is not visible to other processes), whatever database the suite runs on.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run by `manage.py shell -c` against the same database as the cluster.
WALK = """
import time
from django.contrib.auth.models import User
from engine import operations as ops
from engine.models import Process

TRIER = User.objects.create_superuser("ada", password="x")  # a person, as a new user tries it

def reaches(process, status, timeout=60):
    deadline = time.monotonic() + timeout
    while (found := Process.objects.get(pk=process.pk).status) != status:
        assert time.monotonic() < deadline, f"process is {found}, not {status}, after {timeout}s"
        time.sleep(0.1)
    return Process.objects.get(pk=process.pk)

process = ops.start_process("task_showcase", [{"name": "Ada", "fail_once": True}], actor=TRIER)
reaches(process, "suspended")
ops.resume_process(process.pk, [{"colour": "red"}], actor=TRIER)
token = reaches(process, "awaiting_callback").state["callback_route"].rsplit("/", 1)[1]
ops.deliver_callback(process.pk, token, {"status": "ok"})
reaches(process, "failed")  # the flaky step, after the parallel branches joined
ops.retry_process(process.pk, actor=TRIER)
state = reaches(process, "completed").state
print("walked:", state["letters"], state["shouted"], state["celebrated"], state["external_checked"])
"""


def manage(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_task_showcase_completes_on_sqlite_with_the_orm_broker(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", LOG_LEVEL="WARNING", Q_WORKERS="2")
    migrated = manage(env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    with open(tmp_path / "qcluster.log", "wb") as log:
        cluster = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        walked = manage(env, "shell", "-c", WALK)
    finally:
        # qcluster may hang on SIGTERM (django-q2 #346): give it a moment, then kill the group.
        os.killpg(cluster.pid, signal.SIGTERM)
        try:
            cluster.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait(timeout=5)
    log = (tmp_path / "qcluster.log").read_text(errors="replace")
    assert walked.returncode == 0, f"{walked.stderr}\n--- qcluster ---\n{log[-4000:]}"
    assert "walked: 3 HELLO ADA True True" in walked.stdout
    assert "OperationalError" not in log, log[-4000:]
