"""A real qcluster worker writes one JSON object per line, with the process, step and user."""

import json

import pytest
from django.db import connection

from engine import operations as ops
from engine.models import Process
from tests.actors import person
from tests.integration.engine.conftest import Cluster, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def logging_cluster(transactional_db, effects_table, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL: run with DATABASE_URL=postgres://…")
    cluster = Cluster(tmp_path, workers=1)
    cluster.env.update(LOG_LEVEL="INFO", LOG_FORMAT="json")
    yield cluster.start()
    cluster.stop()


def test_worker_log_lines_are_json_events_with_process_step_and_user(logging_cluster):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=person("alice"))
    wait_for(lambda: Process.objects.get(pk=process.pk).status == "completed", 60, "the process to complete")
    lines = wait_for(
        lambda: [
            line
            for line in logging_cluster.log.read_text().splitlines()
            if str(process.pk) in line and '"process.stopped"' in line
        ],
        10,
        "the last event",
    )
    assert lines
    entries = [
        json.loads(line) for line in logging_cluster.log.read_text().splitlines() if line.startswith("{")
    ]
    mine = [e for e in entries if e.get("process_id") == str(process.pk)]
    steps = [(e["step"], e["step_status"]) for e in mine if e.get("event") == "step"]
    assert steps == [
        ("Start", "success"),
        ("Effect one", "success"),
        ("Slow effect two", "success"),
        ("Effect three", "success"),
        ("Done", "complete"),
    ]
    assert all(e["user"] == "alice" for e in mine if e.get("event") == "step")
    assert mine[-1]["event"] == "process.stopped" and mine[-1]["outcome"] == "completed"
