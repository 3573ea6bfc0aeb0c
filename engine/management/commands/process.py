import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from engine import operations
from engine.api.serializers import ProcessDetailSerializer
from engine.errors import ProcessNotFound
from engine.management.commands._cli import acting_user, add_actor_arguments, parse_inputs, refusals_as_errors
from engine.models import Process


class Command(BaseCommand):
    help = (
        "Show, resume, retry, abort or skip the failed step of a process: "
        "process show|resume|retry|abort|skip <id>"
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="show|resume|retry|abort|skip")
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
        skip = actions.add_parser("skip", help="Skip a failed step after fixing things by hand")
        skip.add_argument("process_id")
        skip.add_argument("--reason", required=True, help="What was fixed by hand (kept in the step log)")
        for sub in (resume, retry, abort, skip):
            add_actor_arguments(sub)

    def handle(self, action, process_id, **options):
        with refusals_as_errors(self.stdout):
            if action == "show":
                return self.show(self.process(process_id), options["json"])
            actor = acting_user(options)
            if action == "resume":
                process = operations.resume_process(process_id, parse_inputs(options["input"]), actor=actor)
            elif action == "retry":
                process = operations.retry_process(process_id, actor=actor)
            elif action == "skip":
                process = operations.skip_step(process_id, options["reason"], actor=actor)
            else:
                process = operations.abort_process(process_id, actor=actor, reason=options["reason"])
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
        self.stdout.write(
            f"started {process.started_at:%Y-%m-%d %H:%M:%S} by {process.created_by}; "
            f"last step: {process.last_step or '-'}"
        )
        if process.failed_reason:
            self.stdout.write(f"reason: {process.failed_reason}")
        for subscription in data["subscriptions"]:
            self.stdout.write(f"subscription {subscription['id']}  {subscription['description']}")
        for step in data["steps"]:
            retries = f" (x{step['retry_count'] + 1})" if step["retry_count"] else ""
            self.stdout.write(f"  {step['completed_at'][:19]}  {step['status']:<17} {step['name']}{retries}")
        if data["form"]:
            self.stdout.write("waits for input:\n" + json.dumps(data["form"], indent=2))
