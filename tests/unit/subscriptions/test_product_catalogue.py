"""Products declared in code are mirrored into the database, idempotently; customers are seeded."""

import dataclasses

import pytest

from products import registry
from products.models import FixedInput, Product
from products.registry import ProductDefinition, products_of_type
from products.sync import sync_products
from subscriptions.models import Customer
from tests.testproducts.product_types.router import Router

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(monkeypatch):
    """The registry, replaceable per test (restored afterwards)."""
    products = dict(registry._products)
    monkeypatch.setattr(registry, "_products", products)
    return products


def test_migrate_created_the_declared_products_with_their_fixed_inputs():
    product = Product.objects.get(name="test router B")
    assert (product.product_type, product.tag, product.status, product.in_code) == (
        "Router",
        "TROUTER",
        "active",
        True,
    )
    assert product.fixed_input("vendor") == "B"
    assert product.subscription_class is Router


def test_a_second_sync_changes_nothing():
    before = list(Product.objects.values())
    report = sync_products()
    assert (report.created, report.updated, report.marked_removed) == ([], [], [])
    assert str(report) == "products up to date"
    assert list(Product.objects.values()) == before


def test_changed_declarations_update_the_product_and_its_fixed_inputs(declared):
    declared["test router A"] = dataclasses.replace(
        declared["test router A"], description="new words", fixed_inputs={"vendor": "A2", "rack_units": "2"}
    )
    report = sync_products()
    assert report.updated == ["test router A"]
    product = Product.objects.get(name="test router A")
    assert product.description == "new words"
    assert dict(product.fixed_inputs.values_list("name", "value")) == {"vendor": "A2", "rack_units": "2"}


def test_products_no_longer_in_code_are_marked_not_deleted(declared):
    del declared["test router B"]
    report = sync_products()
    assert report.marked_removed == ["test router B"]
    assert Product.objects.get(name="test router B").in_code is False

    declared["test router B"] = registry.ProductDefinition(
        "test router B", tag="TROUTER", product_type="Router", fixed_inputs={"vendor": "B"}
    )
    assert sync_products().updated == ["test router B"]
    assert Product.objects.get(name="test router B").in_code is True


def test_new_declarations_are_created(declared):
    registry.register_products(
        ProductDefinition("test router C", tag="TROUTER", fixed_inputs={"vendor": "C"})
    )(Router)
    assert sync_products().created == ["test router C"]
    assert FixedInput.objects.get(product__name="test router C").value == "C"
    assert [d.name for d in products_of_type(Router)] == ["test router A", "test router B", "test router C"]


def test_a_missing_fixed_input_is_named():
    with pytest.raises(KeyError, match="Product 'test router A' has no fixed input 'speed'; it has: vendor"):
        Product.objects.get(name="test router A").fixed_input("speed")


def test_the_three_customers_are_seeded():
    assert list(Customer.objects.order_by("short_code").values_list("name", "short_code")) == [
        ("ESnet", "ESNET"),
        ("GÉANT", "GEANT"),
        ("SURF", "SURF"),
    ]
