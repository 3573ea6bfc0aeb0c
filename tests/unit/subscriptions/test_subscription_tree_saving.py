"""Saving a tree writes only what changed, and the version guards the whole tree."""

import pytest

from subscriptions.lifecycle import StaleSubscription
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_blocks.vlan import EndpointBlock

pytestmark = pytest.mark.django_db

# savepoint, subscription row + its history row, the changed block + its history row, release.
ONE_CHANGED_BLOCK_QUERIES = 6


def vlan_with(count: int):
    router = factories.router()
    return factories.vlan([factories.interface(router) for _ in range(count)])


@pytest.mark.parametrize("count", [2, 8])
def test_one_changed_field_writes_one_block_row(count, django_assert_num_queries):
    loaded = load_subscription(vlan_with(count).pk)
    loaded.vlan.endpoints[-1].vlan_id = 200

    with django_assert_num_queries(ONE_CHANGED_BLOCK_QUERIES) as captured:
        loaded.save()

    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2
    assert '"vlan_id" = 200' in updates[1] and "ims_id" not in updates[1]
    assert [e.vlan_id for e in load_subscription(loaded.pk).vlan.endpoints][-1] == 200


def test_an_unchanged_tree_writes_nothing(django_assert_num_queries):
    loaded = load_subscription(vlan_with(3).pk)
    version = loaded.version
    with django_assert_num_queries(0):
        loaded.save()
    assert loaded.version == version


def test_every_saved_change_counts_one_version():
    loaded = load_subscription(vlan_with(2).pk)
    version = loaded.version
    loaded.vlan.speed = 10
    loaded.save()
    assert loaded.version == version + 1
    assert load_subscription(loaded.pk).version == version + 1


def test_a_save_based_on_a_stale_version_is_refused_and_writes_nothing():
    vlan = vlan_with(2)
    first, second = load_subscription(vlan.pk), load_subscription(vlan.pk)
    first.vlan.speed = 10
    first.save()

    second.vlan.endpoints[0].vlan_id = 999
    with pytest.raises(StaleSubscription) as refusal:
        second.save()

    assert str(refusal.value) == (
        f"Subscription {vlan.description!r} ({vlan.pk}) changed since it was read: the change was based on "
        f"version {second.version} but it is now at version {first.version}; reload it and try again"
    )
    assert EndpointBlock.objects.get(pk=second.vlan.endpoints[0].pk).vlan_id == 100
    assert load_subscription(vlan.pk).vlan.speed == 10


def test_check_version_refuses_a_caller_that_read_an_older_version():
    vlan = load_subscription(vlan_with(2).pk)
    vlan.check_version(vlan.version)
    with pytest.raises(
        StaleSubscription, match=f"based on version {vlan.version - 1} but it is now at version"
    ):
        vlan.check_version(vlan.version - 1)


@pytest.mark.parametrize("count", [2, 8])
def test_a_new_tree_is_inserted_in_bulk(count, django_assert_num_queries):
    router = factories.router()
    interfaces = [factories.interface(router) for _ in range(count)]
    # the factory reads product and customer; then savepoint, subscription + history, root +
    # history, endpoints + their history (one bulk insert each), release
    with django_assert_num_queries(10):
        vlan = factories.vlan(interfaces)
    assert len(load_subscription(vlan.pk).vlan.endpoints) == count
