"""Transitions: which moves exist, what each requires of the tree, and what they set."""

import pytest
from django_fsm import TransitionNotAllowed

from products.models import Product
from subscriptions.lifecycle import DependsOnTerminated, IncompleteBlocks, SubscriptionLifecycle
from subscriptions.models import Subscription
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_blocks.router import RouterBlock
from tests.testproducts.product_blocks.vlan import EndpointBlock, VlanBlock
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan

pytestmark = pytest.mark.django_db


def new_router(status="initial", **block_fields) -> Router:
    subscription = Router(
        product=Product.objects.get(name="test router A"),
        customer=factories.customer(),
        description="router under test",
        status=status,
    )
    subscription.router = RouterBlock(**block_fields)
    subscription.save()
    return load_subscription(subscription.pk)


def test_provisioning_refused_naming_each_block_and_missing_field():
    interfaces = [factories.interface(factories.router()) for _ in range(2)]
    subscription = Vlan(
        product=Product.objects.get(name="test vlan"),
        customer=factories.customer(),
        description="vlan under test",
    )
    subscription.vlan = VlanBlock()
    subscription.vlan.endpoints = [
        EndpointBlock(interface=interfaces[0].interface, vlan_id=10),
        EndpointBlock(interface=interfaces[1].interface),
    ]
    subscription.save()
    subscription = load_subscription(subscription.pk)

    with pytest.raises(IncompleteBlocks) as refusal:
        subscription.to_provisioning()

    second = interfaces[1].interface
    assert refusal.value.missing == [
        (
            "None Mbit/s VLAN between " + " and ".join(i.interface.router.router_name for i in interfaces),
            ["speed"],
        ),
        (f"VLAN None on interface {second.interface_name} of {second.router.router_name}", ["vlan_id"]),
    ]
    assert str(refusal.value) == (
        f"Subscription 'vlan under test' ({subscription.pk}) cannot become provisioning: "
        f"'{refusal.value.missing[0][0]}' is missing speed; "
        f"'{refusal.value.missing[1][0]}' is missing vlan_id"
    )
    assert subscription.status == SubscriptionLifecycle.INITIAL


def test_active_needs_the_provisioning_fields_and_the_active_ones():
    subscription = new_router("provisioning", router_name="rt-a", router_status="planned")

    with pytest.raises(IncompleteBlocks) as refusal:
        subscription.to_active()

    assert str(refusal.value) == (
        f"Subscription 'router under test' ({subscription.pk}) cannot become active: "
        "'router rt-a status planned' is missing site_id, ims_id, nrm_id"
    )
    assert subscription.status == SubscriptionLifecycle.PROVISIONING
    assert subscription.start_date is None


def test_initial_needs_nothing_and_provisioning_only_the_provisioning_fields():
    subscription = new_router("initial", router_name="rt-b", router_status="planned", site_id=3)
    subscription.to_provisioning()
    assert subscription.status == SubscriptionLifecycle.PROVISIONING


def test_a_product_type_without_its_root_block_cannot_be_provisioned():
    subscription = Router(product=Product.objects.get(name="test router A"), customer=factories.customer())
    subscription.save()

    with pytest.raises(IncompleteBlocks) as refusal:
        load_subscription(subscription.pk).to_provisioning()

    assert refusal.value.missing == [("Router", ["router"])]


def test_activation_sets_start_date_once_and_a_modify_cycle_keeps_it():
    subscription = factories.router("provisioning")
    subscription.to_active()
    subscription.save()
    started = subscription.start_date
    assert started is not None

    subscription.to_provisioning()
    subscription.to_active()
    subscription.save()

    assert load_subscription(subscription.pk).start_date == started


def test_termination_sets_end_date_and_needs_no_complete_tree():
    subscription = new_router("provisioning", router_name="half-made")
    subscription.to_terminated()
    subscription.save()

    reloaded = load_subscription(subscription.pk)
    assert reloaded.status == SubscriptionLifecycle.TERMINATED
    assert reloaded.end_date is not None


@pytest.mark.parametrize("away, back", [("to_disabled", "to_active"), ("to_migrating", "to_active")])
def test_active_goes_to_disabled_or_migrating_and_back(away, back):
    subscription = factories.router("active")
    getattr(subscription, away)()
    getattr(subscription, back)()
    assert subscription.status == SubscriptionLifecycle.ACTIVE


@pytest.mark.parametrize(
    "status, transition",
    [
        ("initial", "to_active"),
        ("provisioning", "to_disabled"),
        ("terminated", "to_active"),
        ("terminated", "to_provisioning"),
        ("disabled", "to_migrating"),
    ],
)
def test_moves_outside_the_lifecycle_are_refused(status, transition):
    subscription = factories.router(status)
    with pytest.raises(TransitionNotAllowed):
        getattr(subscription, transition)()
    assert subscription.status == status


def test_set_status_takes_the_transition_to_the_target():
    subscription = factories.router("provisioning")
    subscription.set_status("active")
    assert subscription.status == SubscriptionLifecycle.ACTIVE
    assert subscription.start_date is not None


def test_cannot_go_live_on_blocks_of_a_terminated_subscription():
    dead_router = factories.router("terminated")
    interface = factories.interface(dead_router, "initial")

    with pytest.raises(DependsOnTerminated) as refusal:
        load_subscription(interface.pk).to_provisioning()

    assert str(refusal.value) == (
        f"Subscription {interface.description!r} ({interface.pk}) cannot become provisioning: "
        f"it uses blocks of terminated subscriptions {dead_router.description!r} ({dead_router.pk}); "
        "point it at live ones first"
    )


def test_the_status_is_changed_only_by_transitions():
    subscription = factories.router("active")
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        subscription.status = SubscriptionLifecycle.TERMINATED
    loaded = Subscription.objects.get(pk=subscription.pk)
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        loaded.status = SubscriptionLifecycle.TERMINATED


def test_refresh_from_db_reloads_the_status_and_keeps_it_protected():
    subscription = factories.router("active")
    other = load_subscription(subscription.pk)
    other.to_disabled()
    other.save()

    subscription.refresh_from_db()

    assert subscription.status == SubscriptionLifecycle.DISABLED
    assert subscription.version == other.version
    with pytest.raises(AttributeError):
        subscription.status = SubscriptionLifecycle.ACTIVE


def test_a_failed_refresh_leaves_protection_on_for_every_subscription():
    subscription = factories.router("active")
    Subscription.objects.filter(pk=subscription.pk).delete()

    with pytest.raises(Subscription.DoesNotExist):
        subscription.refresh_from_db()

    assert Subscription._meta.get_field("status").protected is True
    assert subscription.status == SubscriptionLifecycle.ACTIVE
    with pytest.raises(AttributeError):
        subscription.status = SubscriptionLifecycle.TERMINATED
