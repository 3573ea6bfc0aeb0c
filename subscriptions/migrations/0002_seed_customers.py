"""The three customers every installation starts with."""

from django.db import migrations

from subscriptions.seed import CUSTOMERS, ensure_customers


def seed_customers(apps, schema_editor):
    ensure_customers(apps.get_model("subscriptions", "Customer"))


def remove_customers(apps, schema_editor):
    customer = apps.get_model("subscriptions", "Customer")
    customer.objects.filter(
        short_code__in=[code for _, code in CUSTOMERS], subscriptions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]

    operations = [migrations.RunPython(seed_customers, remove_customers)]
