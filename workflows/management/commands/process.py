import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from workflows.api.serializers import ProcessDetailSerializer
from workflows.engine import operations
from workflows.engine.errors import ProcessNotFound
from workflows.management.commands._cli import parse_inputs, refusals_as_errors
from workflows.models import Process


class Command(BaseCommand):
    help = "Show, resume, retry or abort a process: process show|resume|retry|abort <id>"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="show|resume|retry|abort")
        show = actions.add_parser("show", help="The process, its steps and the form it waits for")
        show.add_argument("process_id")
        show.add_argument("--json", action="store_true", help="Everything, as the REST API gives it")
        resume = actions.add_parser("resume", help="Give a suspended process the input its step asks for")
        resume.add_argument("process_id")
        resume.add_argument("--input", default="[]", help="JSON list of page inputs")
        retry = actions.add_parser("retry", help="Run a failed or waiting process again from its failed step")
        retry.add_argument("process_id")
        abort = actions.add_parser("abort", help="End an unfinished process")
        abort.add_argument("process_id")
        abort.add_argument("--reason", default="")
        for sub in (resume, retry, abort):
            sub.add_argument("--user", default="cli")

    def handle(self, action, process_id, **options):
        with refusals_as_errors(self.stdout):
            if action == "show":
                return self.show(self.process(process_id), options["json"])
            if action == "resume":
                process = operations.resume_process(process_id, parse_inputs(options["input"]), user=options["user"])
            elif action == "retry":
                process = operations.retry_process(process_id, user=options["user"])
            else:
                process = operations.abort_process(process_id, user=options["user"], reason=options["reason"])
        self.stdout.write(f"{process.pk} {process.status}")

    def process(self, process_id) -> Process:
        try:
            return Process.objects.select_related("workflow").prefetch_related("steps").get(pk=process_id)
        except (Process.DoesNotExist, ValidationError):  # ValidationError: not a UUID
            raise ProcessNotFound(process_id) from None

    def show(self, process: Process, as_json: bool) -> None:
        data = ProcessDetailSerializer(process).data
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, cls=DjangoJSONEncoder))
            return
        self.stdout.write(f"{process.pk}  {data['workflow_key']}  {process.status}")
        self.stdout.write(f"started {process.started_at:%Y-%m-%d %H:%M:%S} by {process.created_by}; "
                          f"last step: {process.last_step or '-'}")  # fmt: skip
        if process.failed_reason:
            self.stdout.write(f"reason: {process.failed_reason}")
        for subscription in data["subscriptions"]:
            self.stdout.write(f"subscription {subscription['id']}  {subscription['description']}")
        for step in data["steps"]:
            retries = f" (x{step['retry_count'] + 1})" if step["retry_count"] else ""
            self.stdout.write(f"  {step['completed_at'][:19]}  {step['status']:<17} {step['name']}{retries}")
        if data["form"]:
            self.stdout.write("waits for input:\n" + json.dumps(data["form"], indent=2))
