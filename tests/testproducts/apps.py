from django.apps import AppConfig


class TestProductsConfig(AppConfig):
    default_auto_field = "django.db.models.AutoField"
    name = "tests.testproducts"
    label = "testproducts"
    verbose_name = "Test products"
