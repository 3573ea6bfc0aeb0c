"""The product catalogue: what can be ordered. Declared in code (`products.registry`) and
mirrored here by `products.sync` whenever the database is migrated."""

from django.db import models

from products.installed import load_installed_products
from products.status import ProductStatus
from subscriptions.product_types import product_type_class

__all__ = ["FixedInput", "Product", "ProductStatus"]


class Product(models.Model):
    name = models.CharField(max_length=255, unique=True)
    product_type = models.CharField(max_length=64, db_index=True, help_text="The typed subscription class")
    tag = models.CharField(max_length=32, db_index=True)
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=32, choices=ProductStatus.choices, default=ProductStatus.ACTIVE)
    in_code = models.BooleanField(
        default=True,
        help_text="False once the product is no longer declared in code; kept for its subscriptions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def subscription_class(self) -> type:
        """The product type's typed subscription class (LookupError when not declared in code)."""
        return product_type_class(self.product_type)

    def fixed_input(self, name: str) -> str:
        for fixed_input in self.fixed_inputs.all():
            if fixed_input.name == name:
                return fixed_input.value
        known = ", ".join(sorted(f.name for f in self.fixed_inputs.all())) or "none"
        raise KeyError(f"Product {self.name!r} has no fixed input {name!r}; it has: {known}")


class FixedInput(models.Model):
    """A value that distinguishes variants of one product type (speed = 10000, vendor = Nokia)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="fixed_inputs")
    name = models.CharField(max_length=64)
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["product", "name"]
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="fixed_input_unique_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


# The installed products' blocks and product types (settings.NRENORCH_PRODUCTS): imported
# while this module loads, so that Django sees their models (see products.installed).
load_installed_products()
