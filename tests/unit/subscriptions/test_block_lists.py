"""Lists of blocks: order kept, additions and removals saved, size limits enforced."""

import pytest

from subscriptions.lifecycle import IncompleteBlocks
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_blocks.vlan import EndpointBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def interfaces():
    router = factories.router()
    return [factories.interface(router) for _ in range(9)]


def endpoint_interfaces(subscription):
    return [e.interface.interface_name for e in subscription.vlan.endpoints]


def test_order_is_kept_and_a_new_order_is_saved(interfaces):
    vlan = factories.vlan(interfaces[:4])
    names = [i.interface.interface_name for i in interfaces[:4]]
    assert endpoint_interfaces(load_subscription(vlan.pk)) == names

    loaded = load_subscription(vlan.pk)
    loaded.vlan.endpoints.reverse()
    loaded.save()

    assert endpoint_interfaces(load_subscription(vlan.pk)) == names[::-1]
    assert [e.position for e in load_subscription(vlan.pk).vlan.endpoints] == [0, 1, 2, 3]


def test_removed_blocks_are_deleted_with_a_history_row(interfaces):
    vlan = factories.vlan(interfaces[:3])
    loaded = load_subscription(vlan.pk)
    dropped = loaded.vlan.endpoints.pop(1)
    loaded.save()

    assert not EndpointBlock.objects.filter(pk=dropped.pk).exists()
    assert EndpointBlock.history.filter(id=dropped.pk, history_type="-").count() == 1
    assert endpoint_interfaces(load_subscription(vlan.pk)) == [
        interfaces[0].interface.interface_name,
        interfaces[2].interface.interface_name,
    ]


def test_added_blocks_are_inserted_in_place(interfaces):
    vlan = factories.vlan(interfaces[:2])
    loaded = load_subscription(vlan.pk)
    loaded.vlan.endpoints.insert(1, EndpointBlock(interface=interfaces[5].interface, vlan_id=100, ims_id=1))
    loaded.save()

    assert endpoint_interfaces(load_subscription(vlan.pk)) == [
        interfaces[0].interface.interface_name,
        interfaces[5].interface.interface_name,
        interfaces[1].interface.interface_name,
    ]


@pytest.mark.parametrize(
    "count, problem", [(1, "endpoints (needs 2 to 8, has 1)"), (9, "endpoints (needs 2 to 8, has 9)")]
)
def test_lists_outside_their_size_cannot_be_provisioned(interfaces, count, problem):
    vlan = factories.vlan(interfaces[:count], "initial")
    loaded = load_subscription(vlan.pk)

    with pytest.raises(IncompleteBlocks) as refusal:
        loaded.to_provisioning()

    assert refusal.value.missing == [(loaded.vlan.title, [problem])]


@pytest.mark.parametrize("count", [2, 8])
def test_lists_at_their_limits_can_be_provisioned(interfaces, count):
    loaded = load_subscription(factories.vlan(interfaces[:count], "initial").pk)
    loaded.to_provisioning()


def test_a_list_takes_only_a_list():
    vlan_block = factories.vlan([factories.interface(factories.router()) for _ in range(2)]).vlan
    with pytest.raises(TypeError, match="endpoints takes a list of EndpointBlock"):
        vlan_block.endpoints = "eth1"
