from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProductsConfig(AppConfig):
    # AutoField, as settings.DEFAULT_AUTO_FIELD: graphene's relay filters break on 64-bit ids.
    default_auto_field = "django.db.models.AutoField"
    name = "products"
    verbose_name = "Products"

    def ready(self):
        from products.sync import sync_products_after_migrate

        post_migrate.connect(sync_products_after_migrate, sender=self, dispatch_uid="products.sync")
