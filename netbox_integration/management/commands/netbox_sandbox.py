"""manage.py netbox_sandbox up|down|status|reset — the local NetBox 4.7 (see docs/netbox.md)."""

from django.core.management.base import BaseCommand, CommandError

from netbox_integration import sandbox

ACTIONS = ("up", "down", "status", "reset")


class Command(BaseCommand):
    help = (
        "Run a local NetBox for the demo and the tests: `up` installs and starts it (cold: about "
        "6 minutes once per machine, then seconds), `down` stops the processes it started, "
        "`status` reports, `reset` empties NetBox's data."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=ACTIONS, help="what to do with the sandbox")

    def handle(self, *args, action: str, **options):
        report = self.stdout.write
        try:
            if action == "up":
                result = sandbox.up(report)
            elif action == "down":
                result = sandbox.down(report)
            elif action == "reset":
                result = sandbox.reset(report)
            else:
                result = sandbox.status()
        except sandbox.SandboxError as error:
            raise CommandError(str(error)) from error
        for line in result.lines():
            self.stdout.write(line)
        if action in ("up", "reset") and not result.api_answers:
            raise CommandError(f"NetBox does not answer after `{action}`; see the logs under {result.home}")
        if action == "status" and not result.api_answers:
            raise SystemExit(1)
