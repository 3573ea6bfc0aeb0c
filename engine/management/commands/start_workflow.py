from django.core.management.base import BaseCommand

from engine.management.commands._cli import (
    acting_user,
    add_actor_arguments,
    parse_inputs,
    refusals_as_errors,
    running_here,
)
from engine.operations import start_process


class Command(BaseCommand):
    help = (
        "Start a workflow with its form input (a JSON list, one object per page). Prints the process id; "
        "when input is missing, prints the next form page's JSON Schema and exits 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("workflow_key")
        parser.add_argument(
            "--input", default="[]", help='JSON list of page inputs, e.g. \'[{"name": "x"}]\''
        )
        add_actor_arguments(parser)
        parser.add_argument(
            "--here", action="store_true", help="Run it in this process instead of on a worker"
        )

    def handle(self, workflow_key, input, here, **options):
        actor = acting_user(options)
        inputs = parse_inputs(input)
        with refusals_as_errors(self.stdout):
            if not here:
                process = start_process(workflow_key, inputs, actor=actor)
                self.stdout.write(f"{process.pk} queued")
                return
            with running_here() as inline:
                process = start_process(workflow_key, inputs, actor=actor)
                inline.drain()
            process.refresh_from_db()
            self.stdout.write(f"{process.pk} {process.status}")
