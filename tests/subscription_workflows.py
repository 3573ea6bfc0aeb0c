"""Workflows over the test products: the engine ↔ subscription wiring tests, and the
create/modify/terminate/validate workflows of every test product (the subscription
workflow decorators' tests and the real-worker cycle use them)."""

from django import forms

from engine import ChoiceListField, FormPage, InconsistentData, State, begin, step, subworkflows, task
from lifecycle.subscription_steps import ensure_provisioning_status, new_subscription
from lifecycle.subscription_workflows import (
    create_workflow,
    modify_workflow,
    reconcile_workflow,
    terminate_workflow,
    validate_workflow,
)
from subscriptions.models import Subscription
from subscriptions.tree import missing_for_state
from tests.testproducts.product_blocks.interface import InterfaceBlock
from tests.testproducts.product_blocks.router import RouterBlock
from tests.testproducts.product_blocks.vlan import EndpointBlock, VlanBlock
from tests.testproducts.product_types.interface import Interface
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan


class RouterForm(FormPage):
    subscription = forms.UUIDField()
    # A field named like FormPage's page description (a str): the form's metaclass takes the
    # field out of the class, so the page keeps FormPage's description. The name is the input's.
    description = forms.CharField(max_length=100)  # type: ignore[assignment]


def router_form():
    return (yield RouterForm)


@step("Describe router")
def describe_router(subscription: Router, description: str) -> State:
    subscription.router.router_description = description
    return {"subscription": subscription}


@task("Describe a test router", initial_input_form=router_form)
def task_describe_router():
    return begin >> describe_router


# --- Router ------------------------------------------------------------------------------


class NewRouterPage(FormPage):
    title = "Router"
    router_name = forms.CharField(max_length=64)
    site_id = forms.IntegerField(min_value=1)


def create_router_form():
    return (yield NewRouterPage)


@step("Construct router")
def construct_router(product: int, customer_id: int, router_name: str, site_id: int) -> State:
    subscription = new_subscription(product, customer_id, description=f"router {router_name}")
    assert isinstance(subscription, Router)
    subscription.router = RouterBlock(router_name=router_name, router_status="planned", site_id=site_id)
    return {"subscription": subscription}


@step("Register router in IMS")
def register_router(subscription: Router) -> State:
    # Stands in for an inventory call: ids derived from the site, so a retry gives the same.
    # Site 999 has no inventory: the router stays incomplete (the refused-activation test).
    if subscription.router.site_id != 999:
        subscription.router.ims_id = subscription.router.site_id * 1000
        subscription.router.nrm_id = subscription.router.site_id * 1000 + 1
    subscription.router.router_status = "active"
    return {"subscription": subscription}


@create_workflow("Create test router", initial_input_form=create_router_form, products=[Router])
def create_test_router():
    return begin >> construct_router >> ensure_provisioning_status >> register_router


class RouterDescriptionPage(FormPage):
    title = "Description"
    # A field named like FormPage's page description (a str): the form's metaclass takes the
    # field out of the class, so the page keeps FormPage's description. The name is the input's.
    description = forms.CharField(max_length=100)  # type: ignore[assignment]


def modify_router_form(subscription_id: str):
    return (yield RouterDescriptionPage)


@modify_workflow("Modify test router", initial_input_form=modify_router_form, products=[Router])
def modify_test_router():
    return begin >> describe_router


@step("Decommission router")
def decommission_router(subscription: Router) -> State:
    subscription.router.router_status = "decommissioned"
    return {"subscription": subscription}


@terminate_workflow("Terminate test router", products=[Router])
def terminate_test_router():
    return begin >> decommission_router


@step("Check the subscription is complete for its status")
def check_complete(subscription: Subscription) -> State:
    missing = missing_for_state(subscription, subscription.status)
    if missing:
        raise InconsistentData(f"Subscription is {subscription.status} but incomplete: {missing}")
    return {"checked_status": str(subscription.status)}


@step("Check router description")
def check_router_description(subscription: Router) -> State:
    if "broken" in subscription.router.router_description:
        raise InconsistentData(f"router {subscription.router.router_name} is broken")
    return {"router_checked": True}


@validate_workflow("Validate test router", products=[Router])
def validate_test_router():
    return begin >> check_complete >> check_router_description


@step("Repair router description")
def repair_router(subscription: Router) -> State:
    subscription.router.router_description = subscription.router.router_description.replace(
        "broken", "repaired"
    )
    return {"subscription": subscription}


@reconcile_workflow("Reconcile test router", products=["test router A"])
def reconcile_test_router():
    return begin >> repair_router


# --- Interface (depends on a router) -----------------------------------------------------------


def create_interface_form():
    page = type(
        "InterfacePage",
        (FormPage,),
        {
            "title": "Interface",
            "interface_name": forms.CharField(max_length=64),
            "router_id": forms.ModelChoiceField(
                queryset=Router.objects.filter(status="active", product__product_type="Router"),
                label="Router",
            ),
        },
    )
    return (yield page)


@step("Construct interface")
def construct_interface(product: int, customer_id: int, interface_name: str, router_id: str) -> State:
    router = Router.objects.get(pk=router_id)
    subscription = new_subscription(product, customer_id, description=f"interface {interface_name}")
    assert isinstance(subscription, Interface)
    subscription.interface = InterfaceBlock(
        interface_name=interface_name,
        mode="tagged",
        router=RouterBlock.objects.get(subscription=router),
        ims_id=7,
    )
    return {"subscription": subscription}


@step("Enable interface")
def enable_interface(subscription: Interface) -> State:
    subscription.interface.enabled, subscription.interface.nrm_id = True, 8
    return {"subscription": subscription}


@create_workflow("Create test interface", initial_input_form=create_interface_form, products=[Interface])
def create_test_interface():
    return begin >> construct_interface >> ensure_provisioning_status >> enable_interface


@modify_workflow("Modify test interface", products=[Interface])
def modify_test_interface():
    return begin >> enable_interface


@terminate_workflow("Terminate test interface", products=[Interface])
def terminate_test_interface():
    return begin


@validate_workflow("Validate test interface", products=[Interface])
def validate_test_interface():
    return begin >> check_complete


# --- Vlan (2..8 endpoints on interfaces) -------------------------------------------------------


def create_vlan_form():
    interfaces = [
        (str(i.pk), i.description)
        for i in Interface.objects.filter(status="active", product__product_type="Interface")
    ]
    page = type(
        "VlanPage",
        (FormPage,),
        {
            "title": "VLAN",
            "vlan_id": forms.IntegerField(min_value=2, max_value=4094),
            "interfaces": ChoiceListField(choices=interfaces, min_items=2, max_items=8),
        },
    )
    return (yield page)


@step("Construct VLAN")
def construct_vlan(product: int, customer_id: int, vlan_id: int, interfaces: list[str]) -> State:
    subscription = new_subscription(product, customer_id, description=f"vlan {vlan_id}")
    assert isinstance(subscription, Vlan)
    subscription.vlan = VlanBlock(speed=1000, ims_id=vlan_id)
    blocks = {b.subscription_id: b for b in InterfaceBlock.objects.filter(subscription_id__in=interfaces)}
    subscription.vlan.endpoints = [
        EndpointBlock(interface=blocks[Interface._meta.pk.to_python(i)], vlan_id=vlan_id, ims_id=n)
        for n, i in enumerate(interfaces, 1)
    ]
    return {"subscription": subscription}


@create_workflow("Create test vlan", initial_input_form=create_vlan_form, products=[Vlan])
def create_test_vlan():
    return begin >> construct_vlan >> ensure_provisioning_status


@modify_workflow("Modify test vlan", products=[Vlan])
def modify_test_vlan():
    return begin


@terminate_workflow("Terminate test vlan", products=[Vlan])
def terminate_test_vlan():
    return begin


@validate_workflow("Validate test vlan", products=[Vlan])
def validate_test_vlan():
    return begin >> check_complete


# --- Sub-workflows on subscriptions --------------------------------------------------------


class RouterIdsPage(FormPage):
    router_ids = forms.JSONField(help_text="A list of router subscription ids")


def router_ids_form():
    return (yield RouterIdsPage)


@subworkflows("Modify each router")
def modify_each_router(router_ids: list[str]) -> list:
    return [
        {"workflow": "modify_test_router", "input": [{"subscription_id": r}, {"description": "bulk"}]}
        for r in router_ids
    ]


@task("Modify several test routers", initial_input_form=router_ids_form)
def task_modify_test_routers():
    return begin >> modify_each_router
