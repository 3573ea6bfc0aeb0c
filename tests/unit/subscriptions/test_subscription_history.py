"""History rows name the process and step that made each change, and who started it."""

import pytest
from django.contrib.auth import get_user_model

from subscriptions.history import history_context
from subscriptions.models import Subscription
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_blocks.vlan import EndpointBlock

pytestmark = pytest.mark.django_db

PROCESS_ID = "6f1c2d3e-0000-4000-8000-000000000001"


@pytest.fixture
def operator():
    return get_user_model().objects.create_user("operator")


def test_changes_inside_a_step_are_attributed_to_process_step_and_user(operator):
    vlan = factories.vlan([factories.interface(factories.router()) for _ in range(2)])
    loaded = load_subscription(vlan.pk)

    with history_context(PROCESS_ID, "Update VLAN", "operator"):
        loaded.vlan.endpoints[0].vlan_id = 300
        loaded.save()

    endpoint_row = EndpointBlock.history.filter(id=loaded.vlan.endpoints[0].pk).latest("history_id")
    subscription_row = Subscription.history.filter(id=vlan.pk).latest("history_id")
    for row in (endpoint_row, subscription_row):
        assert row.history_process_id == PROCESS_ID
        assert row.history_step == "Update VLAN"
        assert row.history_change_reason == f"process {PROCESS_ID} step 'Update VLAN'"
        assert row.history_user == operator
    assert endpoint_row.vlan_id == 300


def test_blocks_inserted_in_bulk_are_attributed_too(operator):
    interfaces = [factories.interface(factories.router()) for _ in range(3)]
    with history_context(PROCESS_ID, "Construct VLAN", operator):
        vlan = factories.vlan(interfaces)

    rows = EndpointBlock.history.filter(subscription_id=vlan.pk)
    assert rows.count() == 3
    assert {(r.history_process_id, r.history_step, r.history_user_id, r.history_type) for r in rows} == {
        (PROCESS_ID, "Construct VLAN", operator.pk, "+")
    }


def test_transitions_are_in_the_history_of_typed_subscriptions():
    router = factories.router("provisioning")
    with history_context(PROCESS_ID, "Set status active"):
        router.to_active()
        router.save()

    rows = Subscription.history.filter(id=router.pk).order_by("history_id")
    assert [r.status for r in rows] == ["provisioning", "active"]
    assert rows.last().history_step == "Set status active"
    assert rows.last().history_user is None


def test_changes_outside_a_process_carry_no_process():
    router = factories.router()
    row = Subscription.history.filter(id=router.pk).get()
    assert (row.history_process_id, row.history_step, row.history_change_reason) == ("", "", None)
