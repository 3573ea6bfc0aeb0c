"""The installed products: the modules named by `settings.NRENORCH_PRODUCTS`.

A product is one module, its product type's (`products.product_types.node`), that imports
its blocks, declares its product type and its products (`register_products`) and registers
its description (`products.services.description.describes`). Installing a product is one
line in that setting; nothing else shared names it (docs/writing-a-product.md).

`products.models` calls `load_installed_products()` at its end: Django must have every
block model and product type class created while the `products` app's models load (the
app registry, migrations and the admin see only models imported by then), and listing
modules in a setting is what makes "adding a product edits no shared module" possible.
The modules are imported by name (importlib), so no module of products/ imports the
products themselves.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def installed_product_modules() -> list[str]:
    try:
        modules = settings.NRENORCH_PRODUCTS
    except AttributeError:
        raise ImproperlyConfigured(
            "settings.NRENORCH_PRODUCTS is not set: list the product modules to install, "
            'e.g. NRENORCH_PRODUCTS = ["products.product_types.node"] (docs/writing-a-product.md)'
        ) from None
    if isinstance(modules, str):
        raise ImproperlyConfigured(
            f"settings.NRENORCH_PRODUCTS must be a list of module names, not {modules!r}"
        )
    return list(modules)


def load_product(module_name: str):
    """Import one product's module: its blocks, product type, products and description register."""
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        if missing.name is not None and module_name.startswith(missing.name):
            raise ImproperlyConfigured(
                f"settings.NRENORCH_PRODUCTS names {module_name!r}, which is not a module ({missing})"
            ) from missing
        raise


def load_installed_products() -> None:
    for module_name in installed_product_modules():
        load_product(module_name)
