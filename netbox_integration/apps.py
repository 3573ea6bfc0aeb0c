from django.apps import AppConfig


class NetboxIntegrationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netbox_integration"
