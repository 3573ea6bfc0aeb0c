"""The domain model on PostgreSQL: concurrent writers and larger trees."""

import threading

import pytest
from django.db import connection, connections

from subscriptions.lifecycle import StaleSubscription
from subscriptions.tree import load_subscription
from tests.testproducts import factories

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("These tests need PostgreSQL: run them with DATABASE_URL=postgres://…")


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_savers_of_one_version_exactly_one_wins():
    router = factories.router()
    vlan = factories.vlan([factories.interface(router) for _ in range(4)])
    barrier = threading.Barrier(2)
    outcomes = []

    def save(vlan_id):
        try:
            loaded = load_subscription(vlan.pk)
            loaded.vlan.endpoints[0].vlan_id = vlan_id
            barrier.wait(timeout=10)
            loaded.save()
            outcomes.append(("saved", vlan_id))
        except StaleSubscription:
            outcomes.append(("stale", vlan_id))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in (201, 202)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _ in outcomes) == ["saved", "stale"]
    winner = next(vlan_id for kind, vlan_id in outcomes if kind == "saved")
    reloaded = load_subscription(vlan.pk)
    assert reloaded.vlan.endpoints[0].vlan_id == winner
    assert reloaded.version == vlan.version + 1


@pytest.mark.django_db
def test_a_tree_of_300_endpoints_loads_in_3_queries_and_saves_one_change_in_6(django_assert_num_queries):
    routers = [factories.router() for _ in range(3)]
    vlan = factories.vlan([factories.interface(routers[n % 3]) for n in range(300)])

    with django_assert_num_queries(3):
        loaded = load_subscription(vlan.pk)
        names = {e.interface.router.router_name for e in loaded.vlan.endpoints}
    assert names == {r.router.router_name for r in routers}

    loaded.vlan.endpoints[150].vlan_id = 7
    with django_assert_num_queries(6):
        loaded.save()
