"""The customers every installation starts with.

Seeded by a data migration, and again after every migrate or flush (a transactional test
empties every table, data migrations included), so they are always there.
"""

CUSTOMERS = [("SURF", "SURF"), ("ESnet", "ESNET"), ("GÉANT", "GEANT")]


def ensure_customers(customer_model) -> None:
    for name, short_code in CUSTOMERS:
        customer_model.objects.get_or_create(short_code=short_code, defaults={"name": name})


def ensure_customers_after_migrate(sender, apps=None, **kwargs):
    if apps is None:  # `flush` sends the signal without apps
        from django.apps import apps
    try:
        customer_model = apps.get_model("subscriptions", "Customer")
    except LookupError:
        return
    ensure_customers(customer_model)
