"""The three customers every installation starts with."""

from django.db import migrations

CUSTOMERS = [("SURF", "SURF"), ("ESnet", "ESNET"), ("GÉANT", "GEANT")]


def seed_customers(apps, schema_editor):
    customer = apps.get_model("subscriptions", "Customer")
    for name, short_code in CUSTOMERS:
        customer.objects.get_or_create(short_code=short_code, defaults={"name": name})


def remove_customers(apps, schema_editor):
    customer = apps.get_model("subscriptions", "Customer")
    customer.objects.filter(
        short_code__in=[code for _, code in CUSTOMERS], subscriptions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]

    operations = [migrations.RunPython(seed_customers, remove_customers)]
