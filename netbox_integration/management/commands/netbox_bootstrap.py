"""manage.py netbox_bootstrap — the NetBox bootstrap task from the command line (used by `make demo`)."""

from django.core.management.base import BaseCommand, CommandError

from netbox_integration.bootstrap import bootstrap
from netbox_integration.errors import NetBoxError


class Command(BaseCommand):
    help = (
        "Create the sites, device roles, manufacturers, device types and prefixes the products use "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        try:
            report = bootstrap()
        except NetBoxError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
