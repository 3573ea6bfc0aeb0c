"""Structured logs: one JSON object per line, with the process id, step and user."""

import io
import json
import logging
from typing import Any

import pytest
from django.conf import settings

from common.log_context import log_context
from engine import State, begin, step, task
from engine import operations as ops
from monitoring.logs import ContextTextFormatter, JsonFormatter
from tests.actors import person

step_logger = logging.getLogger("tests.monitoring.step_body")


@step("Log from inside the step")
def log_from_inside() -> State:
    step_logger.info("talking to an outside system", extra={"event": "outside.call"})
    return {"logged": True}


@task("A task whose step logs")
def task_logging_step():
    return begin >> log_from_inside


@pytest.fixture
def json_lines():
    """Everything logged while the test runs, as the JSON lines the console handler would write."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_the_console_writes_json_by_default():
    assert settings.LOG_FORMAT == "json"
    logging_config: dict[str, Any] = settings.LOGGING
    assert logging_config["handlers"]["console"]["formatter"] == "json"
    assert logging_config["formatters"]["json"]["()"] == "monitoring.logs.JsonFormatter"


def test_a_record_is_one_json_line_with_its_extra_fields_and_the_context(json_lines):
    with log_context(process_id="p-1", step="Reserve", user="alice"):
        logging.getLogger("tests.x").warning("reserved %s", "10.0.0.1/32", extra={"event": "ipam.reserved"})
    [entry] = [e for e in json_lines() if e["logger"] == "tests.x"]
    assert entry["message"] == "reserved 10.0.0.1/32" and entry["level"] == "WARNING"
    assert entry["process_id"] == "p-1" and entry["step"] == "Reserve" and entry["user"] == "alice"
    assert entry["event"] == "ipam.reserved" and entry["time"].endswith("+00:00")


def test_an_exception_is_inside_the_json_line(json_lines):
    try:
        raise ValueError("bad prefix\nsecond line")
    except ValueError:
        logging.getLogger("tests.x").exception("failed")
    [entry] = [e for e in json_lines() if e["logger"] == "tests.x"]
    assert "ValueError: bad prefix" in entry["exception"]


def test_the_context_ends_with_its_block(json_lines):
    with log_context(process_id="p-1"):
        pass
    logging.getLogger("tests.x").info("outside")
    [entry] = [e for e in json_lines() if e["logger"] == "tests.x"]
    assert "process_id" not in entry


@pytest.mark.django_db
def test_the_engine_logs_each_step_and_the_step_body_logs_carry_the_process(json_lines, inline_engine):
    process = ops.start_process("task_logging_step", [], actor=person("bob"))
    inline_engine.drain()
    entries = json_lines()
    engine = [e for e in entries if e["logger"] == "nrenorch.engine"]
    assert [(e["event"], e["step"]) for e in engine] == [
        ("process.started", ""),
        ("step", "Start"),
        ("step", "Log from inside the step"),
        ("step", "Done"),
        ("process.stopped", ""),
    ]
    for entry in engine:
        assert entry["process_id"] == str(process.pk)
    steps = [e for e in engine if e["event"] == "step"]
    assert engine[0]["user"] == "bob" and engine[0]["workflow"] == "task_logging_step"
    assert [e["step_status"] for e in steps] == ["success", "success", "complete"]
    assert all(e["duration_ms"] >= 0 for e in steps)
    assert engine[-1]["outcome"] == "completed"
    [inside] = [e for e in entries if e["logger"] == step_logger.name]
    assert inside == inside | {
        "process_id": str(process.pk),
        "step": "Log from inside the step",
        "user": "bob",
        "event": "outside.call",
    }


@pytest.mark.django_db
def test_a_failed_step_is_logged_as_a_warning_with_the_error(json_lines, inline_engine, effects_table):
    process = ops.start_process("task_fail_until_fixed", [], actor=person("carol"))
    inline_engine.drain()
    [failed] = [e for e in json_lines() if e.get("step_status") == "failed"]
    assert failed["level"] == "WARNING" and failed["process_id"] == str(process.pk)
    assert failed["step"] == "Fail unless fixed" and failed["error"] == "RuntimeError: not fixed yet"


def test_the_text_format_names_the_process_and_step():
    formatter = ContextTextFormatter("%(levelname)s %(message)s")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    with log_context(process_id="p-9", step="Deploy"):
        assert formatter.format(record) == "INFO hello [process p-9 step 'Deploy']"
