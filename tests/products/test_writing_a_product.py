"""docs/writing-a-product.md, done at test time: a throwaway "wavelength" product written as
its own module, installed by naming it in settings.NRENORCH_PRODUCTS, registers itself.

No file of products/ or subscriptions/ is edited: the module below is all the product
is (its workflows would be a folder in workflows/). It is written to a temporary folder,
imported by the same function products/models.py uses, and its models and registrations
are taken back out afterwards so that no other test sees them.
"""

from __future__ import annotations

import sys
import textwrap

import pytest
from django.apps import apps
from django.test import override_settings

from products import registry
from products.installed import installed_product_modules, load_installed_products
from products.models import Product
from products.services.description import description
from products.sync import sync_products
from subscriptions import product_types
from subscriptions.blocks import block_models
from workflows.tasks.validate_catalogue import product_problems

PACKAGE = "tests.testproducts"  # an installed app: Django gives the models its label
MODULE = f"{PACKAGE}.throwaway_wavelength"

# The product module, as docs/writing-a-product.md writes it (there: products/product_types/
# wavelength.py with its block in products/product_blocks/wavelength.py; here one module,
# in a temporary folder added to the test products' package).
SOURCE = '''
from django.db import models

from products.product_blocks.port import PortBlock
from products.registry import ProductDefinition, describes, register_products
from subscriptions.blocks import ProductBlock, RootBlock
from subscriptions.models import Subscription


class WavelengthBlock(ProductBlock):
    """A lambda between two ports."""

    port_a = models.ForeignKey(PortBlock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    port_b = models.ForeignKey(PortBlock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    frequency_ghz = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    ims_id = models.IntegerField(null=True, blank=True)

    required_from = {"provisioning": ["port_a", "port_b", "frequency_ghz"], "active": ["ims_id"]}


@register_products(
    ProductDefinition("wavelength 100G", tag="WAVELENGTH", description="A 100 Gbit/s lambda",
                      fixed_inputs={"speed": 100000}),
    ProductDefinition("wavelength 400G", tag="WAVELENGTH", description="A 400 Gbit/s lambda",
                      fixed_inputs={"speed": 400000}),
)
class Wavelength(Subscription):
    wavelength = RootBlock(WavelengthBlock)

    class Meta:
        proxy = True


@describes(Wavelength)
def wavelength_description(wavelength):
    return f"{wavelength.product.name} at {wavelength.wavelength.frequency_ghz} GHz"
'''


@pytest.fixture
def wavelength_installed(tmp_path, monkeypatch, settings):
    """The throwaway product installed, as if its module were listed in the settings."""
    (tmp_path / f"{MODULE.rpartition('.')[2]}.py").write_text(textwrap.dedent(SOURCE))
    monkeypatch.setattr(sys.modules[PACKAGE], "__path__", [*sys.modules[PACKAGE].__path__, str(tmp_path)])
    # The registries, as they are now, come back after the test.
    monkeypatch.setattr(registry, "_products", dict(registry._products))
    monkeypatch.setattr(registry, "_describers", dict(registry._describers))
    monkeypatch.setattr(product_types, "_product_types", dict(product_types._product_types))
    models_before = {label: dict(apps.all_models[label]) for label in ("products", "testproducts")}
    try:
        with override_settings(NRENORCH_PRODUCTS=[*settings.NRENORCH_PRODUCTS, MODULE]):
            load_installed_products()  # what products/models.py does at its end
            yield sys.modules[MODULE]
    finally:
        # Take the block model and its history model out of Django's app registry again.
        # (The test-only side of "models are registered while apps load": no public API
        # unregisters a model; the registry's dict and clear_cache() are what Django's own
        # tests use, see django.test.utils.isolate_apps.)
        for label, models in models_before.items():
            apps.all_models[label].clear()
            apps.all_models[label].update(models)
        apps.clear_cache()
        sys.modules.pop(MODULE, None)


def test_the_list_of_installed_products_is_the_one_shared_line():
    assert installed_product_modules() == [
        "products.product_types.node",
        "products.product_types.port",
        "products.product_types.core_link",
        "products.product_types.l2vpn",
    ]


@pytest.mark.django_db
def test_a_product_written_as_its_own_module_registers_itself(wavelength_installed):
    module = wavelength_installed
    Wavelength, WavelengthBlock = module.Wavelength, module.WavelengthBlock

    # Django sees the block model; the subscriptions layer knows the product type.
    assert WavelengthBlock in block_models()
    assert product_types.product_type_class("Wavelength") is Wavelength
    assert WavelengthBlock.reference_fields() == [
        WavelengthBlock._meta.get_field("port_a"),
        WavelengthBlock._meta.get_field("port_b"),
    ]

    # The products registry has its products, and `migrate`'s sync creates their rows.
    assert [d.name for d in registry.products_of_type(Wavelength)] == ["wavelength 100G", "wavelength 400G"]
    report = sync_products()
    assert report.created == ["wavelength 100G", "wavelength 400G"]
    product = Product.objects.get(name="wavelength 400G")
    assert (product.product_type, product.tag, product.fixed_input("speed")) == (
        "Wavelength",
        "WAVELENGTH",
        "400000",
    )
    assert product.subscription_class is Wavelength

    # The catalogue check (task_validate_catalogue) finds nothing wrong with it.
    assert [p for p in product_problems() if "wavelength" in p] == []

    # Its description is found by the one description service.
    wavelength = Wavelength(product=product)
    wavelength.wavelength = WavelengthBlock(frequency_ghz="193.100")
    assert description(wavelength) == "wavelength 400G at 193.100 GHz"


@pytest.mark.django_db
def test_the_registrations_are_gone_after_the_test():
    assert "Wavelength" not in product_types.registered_product_types()
    assert not [d for d in registry.registered_products() if d.name.startswith("wavelength")]
    assert not [m for m in block_models() if m.__name__ == "WavelengthBlock"]
