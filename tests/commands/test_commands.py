"""Management commands: start_workflow, process show|resume|retry|abort, subscriptions
list|show, run_task. Exit codes: 0 ok, 1 refused or failed, 2 form input needed; the
reason on one line."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from engine.models import Process, ProcessStatus
from tests.testproducts import factories

S = ProcessStatus


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused_with_stdout(*args) -> tuple[CommandError, str]:
    """The error of a command that refuses, and what it wrote to stdout before."""
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=out)
    return error.value, out.getvalue()


def refused(*args) -> CommandError:
    return refused_with_stdout(*args)[0]


@pytest.mark.django_db
class TestStartWorkflow:
    def test_queues_the_process_and_prints_its_id(self, inline_engine):
        out = run(
            "start_workflow",
            "plain_two_pages",
            "--system",
            "--input",
            '[{"count": 1, "colours": ["red"]}, {"name": "n"}]',
        )
        process_id, word = out.split()
        assert word == "queued"
        assert inline_engine.queued == [process_id]
        assert Process.objects.get(pk=process_id).created_by == "system:cli"

    def test_missing_input_prints_the_next_page_and_exits_2(self):
        error, stdout = refused_with_stdout(
            "start_workflow", "plain_two_pages", "--system", "--input", '[{"count": 2, "colours": ["red"]}]'
        )
        assert error.returncode == 2
        assert json.loads(stdout)["title"] == "Name 2"
        assert "Form page 2 (Name 2) needs input" in str(error)
        assert not Process.objects.exists()

    def test_invalid_input_exits_1_naming_the_field(self):
        error = refused(
            "start_workflow", "plain_two_pages", "--system", "--input", '[{"count": 7, "colours": ["red"]}]'
        )
        assert error.returncode == 1
        assert "count: Ensure this value is less than or equal to 3." in str(error)

    @pytest.mark.parametrize(
        ("text", "message"),
        [("{", "--input is not JSON"), ('{"count": 1}', "--input must be a JSON list")],
    )
    def test_malformed_input(self, text, message):
        assert message in str(refused("start_workflow", "plain_two_pages", "--system", "--input", text))

    def test_here_runs_it_in_this_process(self, effects_table):
        out = run("start_workflow", "task_effects", "--system", "--input", '[{"sleep_seconds": 0}]', "--here")
        assert out.split()[1] == "completed"


@pytest.mark.django_db
class TestProcess:
    def test_show_lists_steps_and_the_waiting_form(self, inline_engine, effects_table):
        process_id = run("start_workflow", "task_suspend", "--system").split()[0]
        inline_engine.drain()
        out = run("process", "show", process_id)
        assert out.splitlines()[0] == f"{process_id}  task_suspend  suspended"
        assert "suspend           Confirm" in out
        assert '"title": "Confirm"' in out
        assert json.loads(run("process", "show", process_id, "--json"))["form"]["title"] == "Confirm"

    def test_resume_retry_abort(self, inline_engine, effects_table):
        suspended = run("start_workflow", "task_suspend", "--system").split()[0]
        failing = run("start_workflow", "task_fail_until_fixed", "--system").split()[0]
        inline_engine.drain()
        assert refused("process", "resume", suspended, "--system").returncode == 2
        assert run(
            "process", "resume", suspended, "--system", "--input", '[{"confirmed": true}]'
        ).split() == [suspended, "resumed"]
        assert run("process", "retry", failing, "--system").split() == [failing, "resumed"]
        inline_engine.drain()
        assert Process.objects.get(pk=suspended).status == S.COMPLETED
        assert Process.objects.get(pk=failing).status == S.FAILED
        assert run("process", "abort", failing, "--system", "--reason", "gave up").split() == [
            failing,
            "aborted",
        ]
        error = refused("process", "abort", failing, "--system")
        assert error.returncode == 1 and "only an unfinished process can be aborted" in str(error)

    @pytest.mark.parametrize("process_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
    def test_unknown_process(self, process_id):
        assert f"No process with id {process_id}" in str(refused("process", "show", process_id))


@pytest.mark.django_db
class TestSubscriptions:
    def test_list_and_show(self):
        router = factories.router(name="rt-cli")
        interface = factories.interface(router, name="eth-cli")
        lines = run("subscriptions", "list", "--tag", "TROUTER").splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{router.pk}  active") and "router rt-cli" in lines[0]
        assert run("subscriptions", "list", "--search", "eth-cli").split()[0] == str(interface.pk)
        shown = json.loads(run("subscriptions", "show", str(router.pk)))
        assert shown["router"]["router_name"] == "rt-cli"
        assert shown["router"]["in_use_by_ids"] == [str(interface.pk)]
        assert shown["in_use_by"] == [str(interface.pk)]
        assert "Invalid filter: status" in str(refused("subscriptions", "list", "--status", "sleepy"))
        assert "is not a subscription id" in str(refused("subscriptions", "show", "nope"))


@pytest.mark.django_db
class TestRunTask:
    def test_a_completed_task_exits_0(self, effects_table):
        assert (
            run("run_task", "task_effects", "--system", "--input", '[{"sleep_seconds": 0}]').split()[1]
            == "completed"
        )

    def test_a_failed_task_exits_1_with_its_reason(self, effects_table):
        error = refused("run_task", "task_fail_until_fixed", "--system")
        assert error.returncode == 1
        assert "is failed: RuntimeError: not fixed yet" in str(error)

    def test_a_workflow_is_not_a_task(self):
        assert "is a workflow, not a task" in str(refused("run_task", "plain_two_pages", "--system"))


@pytest.mark.integration  # a second process sees the test database: PostgreSQL, not SQLite in memory
@pytest.mark.django_db(transaction=True)
def test_exit_codes_and_one_line_reasons_from_the_shell():
    """The real process: exit status and stderr as a script sees them."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.fail(
            "This test runs manage.py in a subprocess on the test database: run it with DATABASE_URL=postgres://…"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "ENGINE_WORKFLOW_MODULES": "tests.engine_workflows",
    }

    def shell(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=settings.BASE_DIR,
            timeout=120,
        )

    needs_input = shell("start_workflow", "plain_two_pages", "--system")
    assert needs_input.returncode == 2
    assert json.loads(needs_input.stdout)["title"] == "Pick"
    assert reason(needs_input).startswith("CommandError: Form page 1 (Pick) needs input")

    unknown = shell("start_workflow", "no_such_workflow", "--system")
    assert unknown.returncode == 1
    assert reason(unknown).startswith("CommandError: Unknown workflow 'no_such_workflow'; known workflows:")

    nobody = shell("start_workflow", "task_effects")
    assert nobody.returncode == 1
    assert reason(nobody).startswith("CommandError: Say who acts: --user USERNAME")

    ok = shell("subscriptions", "list")
    assert ok.returncode == 0, ok.stderr


def reason(result) -> str:
    """The one line saying why (log lines, JSON, may come before it on stderr)."""
    lines = [line for line in result.stderr.splitlines() if "CommandError" in line]
    assert len(lines) == 1, result.stderr
    assert result.stderr.rstrip().endswith(lines[0])
    return lines[0]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
