"""Depends on / in use by, across subscriptions and blocks, and what they block."""

import pytest

from subscriptions.lifecycle import InUseByLiveSubscriptions, SubscriptionLifecycle
from subscriptions.tree import load_subscription
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    routers = [factories.router() for _ in range(2)]
    interfaces = [factories.interface(r) for r in routers] + [factories.interface(routers[0])]
    vlan = factories.vlan(interfaces[:2])
    return routers, interfaces, vlan


def test_subscription_level_relations_follow_the_references(network):
    routers, interfaces, vlan = network

    assert set(vlan.depends_on()) == {interfaces[0], interfaces[1]}
    assert set(interfaces[0].depends_on()) == {routers[0]}
    assert set(routers[0].in_use_by()) == {interfaces[0], interfaces[2]}
    assert set(interfaces[0].in_use_by()) == {vlan}
    assert list(interfaces[2].in_use_by()) == []
    assert list(routers[0].depends_on()) == []


def test_block_level_relations(network):
    routers, interfaces, vlan = network
    loaded = load_subscription(vlan.pk)
    first = loaded.vlan.endpoints[0]

    assert first.depends_on_blocks() == [interfaces[0].interface]
    assert interfaces[0].interface.in_use_by_blocks() == [first]
    assert set(routers[0].router.in_use_by_blocks()) == {interfaces[0].interface, interfaces[2].interface}


def test_terminating_a_subscription_in_use_by_live_ones_is_refused(network):
    routers, interfaces, _vlan = network
    router = load_subscription(routers[0].pk)

    with pytest.raises(InUseByLiveSubscriptions) as refusal:
        router.to_terminated()

    users = sorted([interfaces[0], interfaces[2]], key=lambda s: (s.description, s.pk))
    assert refusal.value.users == users
    assert str(refusal.value) == (
        f"Subscription {router.description!r} ({router.pk}) cannot become terminated: it is in use by live "
        f"subscriptions {', '.join(f'{u.description!r} ({u.pk})' for u in users)}; terminate those first"
    )
    assert router.status == SubscriptionLifecycle.ACTIVE
    assert router.end_date is None


def test_terminated_users_do_not_block(network):
    routers, interfaces, vlan = network
    for subscription in (vlan, interfaces[0], interfaces[2]):
        subscription = load_subscription(subscription.pk)
        subscription.to_terminated()
        subscription.save()

    router = load_subscription(routers[0].pk)
    router.to_terminated()
    assert router.status == SubscriptionLifecycle.TERMINATED


def test_live_only_leaves_out_terminated_users(network):
    routers, interfaces, _vlan = network
    interface = load_subscription(interfaces[2].pk)
    interface.to_terminated()
    interface.save()

    assert set(routers[0].in_use_by()) == {interfaces[0], interfaces[2]}
    assert list(routers[0].in_use_by(live_only=True)) == [interfaces[0]]


def test_disabling_a_used_subscription_is_allowed(network):
    routers, _interfaces, _vlan = network
    router = load_subscription(routers[0].pk)
    router.to_disabled()
    assert router.status == SubscriptionLifecycle.DISABLED
