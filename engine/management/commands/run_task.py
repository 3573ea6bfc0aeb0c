from django.core.management.base import BaseCommand, CommandError

from engine.management.commands._cli import (
    acting_user,
    add_actor_arguments,
    one_line,
    parse_inputs,
    refusals_as_errors,
    running_here,
)
from engine.models import ProcessStatus
from engine.operations import start_process
from engine.workflow import get_workflow


class Command(BaseCommand):
    help = "Run a task to its end in this process (for cron and scripts): exit 0 when it completed."

    def add_arguments(self, parser):
        parser.add_argument("task_key")
        parser.add_argument(
            "--input", default="[]", help="JSON list of page inputs, when the task has a form"
        )
        add_actor_arguments(parser)

    def handle(self, task_key, input, **options):
        actor = acting_user(options)
        inputs = parse_inputs(input)
        with refusals_as_errors(self.stdout):
            if not get_workflow(task_key).is_task:
                raise CommandError(f"{task_key} is a workflow, not a task: start it with start_workflow")
            with running_here() as inline:
                process = start_process(task_key, inputs, actor=actor)
                inline.drain()
        process.refresh_from_db()
        if process.status != ProcessStatus.COMPLETED:
            reason = process.failed_reason or f"it stopped at step {process.last_step!r}"
            raise CommandError(
                one_line(f"Task {task_key} process {process.pk} is {process.status}: {reason}")
            )
        self.stdout.write(f"{process.pk} completed")
