from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    # AutoField, as settings.DEFAULT_AUTO_FIELD: graphene's relay filters break on 64-bit ids.
    default_auto_field = "django.db.models.AutoField"
    name = "subscriptions"
    verbose_name = "Subscriptions"

    def ready(self):
        from django.db.models.signals import post_migrate

        from subscriptions import history  # noqa: F401  (connects the history stamping signal)
        from subscriptions.seed import ensure_customers_after_migrate

        post_migrate.connect(ensure_customers_after_migrate, sender=self)
