"""Mistakes in a block's declarations fail when the class is defined, naming what is allowed."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from subscriptions.blocks import BlockList, ProductBlock


@isolate_apps("tests.testproducts")
def test_required_from_must_name_fields_of_the_block():
    with pytest.raises(ImproperlyConfigured) as refusal:

        class MisspeltBlock(ProductBlock):
            name = models.CharField(max_length=10, blank=True)
            required_from = {"provisioning": ["nmae"]}

            class Meta:
                app_label = "testproducts"

    assert str(refusal.value).startswith(
        "MisspeltBlock.required_from['provisioning'] names ['nmae'], which are not fields of MisspeltBlock; "
        "its fields: id, name, position, subscription"
    )


@isolate_apps("tests.testproducts")
def test_required_from_keys_are_lifecycle_levels():
    with pytest.raises(ImproperlyConfigured, match=r"has keys \['live'\]; allowed: provisioning, active"):

        class WrongLevelBlock(ProductBlock):
            name = models.CharField(max_length=10, blank=True)
            required_from = {"live": ["name"]}

            class Meta:
                app_label = "testproducts"


def test_a_list_cannot_allow_fewer_than_its_minimum():
    with pytest.raises(ImproperlyConfigured, match="max_items 1 < min_items 2"):
        BlockList("EndpointBlock", min_items=2, max_items=1)
