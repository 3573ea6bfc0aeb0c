"""Subscriptions in process state: loaded by id as their product type, stored as ids, saved."""

import pytest

from subscriptions.models import Subscription
from subscriptions.state_adapter import subscription_state_adapter
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan

pytestmark = pytest.mark.django_db

adapter = subscription_state_adapter()


def test_product_types_and_subscription_are_handled_other_types_not():
    assert adapter["matches"](Router) and adapter["matches"](Subscription)
    assert not adapter["matches"](str) and not adapter["matches"](list[int])


def test_a_parameter_is_loaded_from_the_id_as_its_product_type():
    router = factories.router()
    loaded = adapter["load"](Router, str(router.pk))
    assert type(loaded) is Router and loaded.router.router_name == router.router.router_name
    assert type(adapter["load"](Subscription, str(router.pk))) is Router
    with pytest.raises(TypeError, match="is a Router"):
        adapter["load"](Vlan, str(router.pk))


def test_a_returned_subscription_is_stored_as_its_id_and_saved():
    router = load_subscription(factories.router().pk)
    router.router.router_description = "changed in a step"
    assert adapter["handles_value"](router)
    assert adapter["dump"](router) == str(router.pk)
    adapter["save"](router)
    assert load_subscription(router.pk).router.router_description == "changed in a step"


def test_the_engine_takes_it_as_a_type_adapter():
    from engine.state import TypeAdapter

    assert TypeAdapter(**subscription_state_adapter()).matches(Router)
