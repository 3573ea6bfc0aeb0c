"""Trigram (pg_trgm) GIN indexes for the API's `?search=` (ILIKE '%term%') on a
subscription's description and note: an index lookup instead of a scan of every row.
PostgreSQL only; needs the pg_trgm extension, which this migration creates (that needs a
role allowed to CREATE EXTENSION, see docs/operations.md). Other databases: a no-op."""

from django.db import migrations

INDEXES = {
    "subscription_description_trgm": "description",
    "subscription_note_trgm": "note",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        # UPPER(col::text): the expression Django's icontains compares on PostgreSQL.
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON subscriptions_subscription '
                              f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0003_subscription_default_order_index")]
    operations = [migrations.RunPython(create, drop)]
