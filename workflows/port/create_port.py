"""Create port: take a free interface of the product's speed on an active node into service."""

from __future__ import annotations

from django import forms

from engine import FormPage, RequiredText, State, StepList, begin, step
from engine.forms import summary_page
from lifecycle.subscription_steps import (
    ensure_provisioning_status,
    new_subscription,
    store_process_subscription,
)
from lifecycle.subscription_workflows import create_workflow
from products.models import Product
from products.product_blocks.port import PortBlock, PortMode
from products.product_types.node import Node
from products.product_types.port import Port
from products.services.description import description
from products.services.netbox.interfaces import interface_to_take
from subscriptions.tree import load_subscription
from workflows.port.shared import provision_port_in_nrm, update_port_interface_in_ims
from workflows.shared import choices
from workflows.shared.forms import interface_field, node_field


def create_port_form(product: int):
    speed = int(Product.objects.get(pk=product).fixed_input("speed"))
    chosen = yield type("NodePage", (FormPage,), {"title": "Node", "node": node_field()})
    node = load_subscription(chosen["node"], as_type=Node)
    interface_choices = choices.free_interface_choices(chosen["node"], speed)
    page = type(
        "PortPage",
        (FormPage,),
        {
            "title": f"Port on {node.node.node_name}",
            "port": interface_field(interface_choices, speed, node.node.node_name, "Port"),
            "port_description": RequiredText(max_length=128),
            "port_mode": forms.ChoiceField(choices=PortMode.choices, initial=PortMode.TAGGED),
            "auto_negotiation": forms.BooleanField(required=False),
            "lldp": forms.BooleanField(required=False, initial=True),
        },
    )
    port = yield page
    yield summary_page(
        [
            ("Node", node.description),
            ("Port", choices.label_of(interface_choices, port["port"])),
            ("Description", port["port_description"]),
            ("Mode", port["port_mode"]),
            ("Auto-negotiation", port["auto_negotiation"]),
            ("LLDP", port["lldp"]),
        ]
    )
    return {**chosen, **port}


@step("Construct port model")
def construct_port_model(
    product: int,
    customer_id: int,
    node: str,
    port: int,
    port_description: str,
    port_mode: str,
    auto_negotiation: bool,
    lldp: bool,
) -> State:
    """Name and type come from the NetBox interface."""
    node_subscription = load_subscription(node, as_type=Node)
    interface = interface_to_take(node_subscription.node, port)
    subscription = new_subscription(product, customer_id, as_type=Port)
    subscription.port = PortBlock(
        port_name=interface.name,
        port_type=interface.type,
        port_description=port_description,
        port_mode=port_mode,
        auto_negotiation=auto_negotiation,
        lldp=lldp,
        enabled=False,
        node=node_subscription.node,
        ims_id=port,
    )
    subscription.description = description(subscription)
    return {"subscription": subscription}


@step("Enable port")
def enable_port(subscription: Port) -> State:
    subscription.port.enabled = True
    return {"subscription": subscription}


@create_workflow("Create port", initial_input_form=create_port_form, products=[Port])
def create_port() -> StepList:
    return (
        begin
        >> construct_port_model
        >> store_process_subscription
        >> ensure_provisioning_status
        >> enable_port
        >> provision_port_in_nrm
        >> update_port_interface_in_ims
    )
