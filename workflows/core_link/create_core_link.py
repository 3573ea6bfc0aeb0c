"""Create core link: a /127 between two free interfaces on two nodes, cabled and enabled."""

from __future__ import annotations

import dataclasses

from django import forms

from engine import FormPage, State, StepList, begin, step
from engine.forms import summary_page
from lifecycle.subscription_steps import (
    ensure_provisioning_status,
    new_subscription,
    store_process_subscription,
)
from lifecycle.subscription_workflows import create_workflow
from netbox_integration.errors import NetBoxObjectNotFound
from netbox_integration.idempotency import find_or_create
from netbox_integration.ipam import next_free_address, next_free_prefix
from netbox_integration.operations import get, update
from netbox_integration.payloads import InterfacePayload
from products.models import Product
from products.product_blocks.core_link import CoreLinkBlock
from products.product_blocks.core_port import CorePortBlock
from products.product_types.core_link import CoreLink
from products.product_types.node import Node
from products.services.description import core_link_name, description
from products.services.netbox.core_link import cable_payload, core_port_interface_fields
from products.services.netbox.interfaces import interface_to_take
from products.services.netbox.prefixes import IPV6_CORE_LINK, pool_prefix_id
from subscriptions.tree import load_subscription
from workflows.core_link.shared import provision_core_link_in_nrm
from workflows.shared import choices
from workflows.shared.forms import interface_field, node_field


def _different_nodes(self):
    forms.Form.clean(self)
    data = self.cleaned_data  # what Form.clean returns
    if data.get("node_a") and data.get("node_a") == data.get("node_b"):
        self.add_error(
            "node_b", forms.ValidationError("node B cannot be the same as node A", code="same_node")
        )
    return data


def create_core_link_form(product: int):
    speed = int(Product.objects.get(pk=product).fixed_input("speed"))
    nodes = yield type(
        "NodesPage",
        (FormPage,),
        {
            "title": "Nodes",
            "node_a": node_field("Node A"),
            "node_b": node_field("Node B"),
            "clean": _different_nodes,
        },
    )
    node_a = load_subscription(nodes["node_a"], as_type=Node)
    node_b = load_subscription(nodes["node_b"], as_type=Node)
    choices_a = choices.free_interface_choices(nodes["node_a"], speed)
    choices_b = choices.free_interface_choices(nodes["node_b"], speed)
    ports = yield type(
        "PortsPage",
        (FormPage,),
        {
            "title": "Ports",
            "port_a": interface_field(choices_a, speed, node_a.node.node_name, "Port on node A"),
            "port_b": interface_field(choices_b, speed, node_b.node.node_name, "Port on node B"),
            "under_maintenance": forms.BooleanField(required=False),
        },
    )
    yield summary_page(
        [
            ("Node A", node_a.description),
            ("Port A", choices.label_of(choices_a, ports["port_a"])),
            ("Node B", node_b.description),
            ("Port B", choices.label_of(choices_b, ports["port_b"])),
            ("Under maintenance", ports["under_maintenance"]),
        ]
    )
    return {**nodes, **ports}


def _core_port(node_subscription_id: str, interface_id: int) -> CorePortBlock:
    node = load_subscription(node_subscription_id, as_type=Node)
    interface = interface_to_take(node.node, interface_id)
    return CorePortBlock(port_name=interface.name, ims_id=interface_id, node=node.node, enabled=True)


@step("Construct core link model")
def construct_core_link_model(
    product: int,
    customer_id: int,
    node_a: str,
    node_b: str,
    port_a: int,
    port_b: int,
    under_maintenance: bool,
) -> State:
    if node_a == node_b:
        raise ValueError("node B cannot be the same as node A")
    subscription = new_subscription(product, customer_id, as_type=CoreLink)
    subscription.core_link = CoreLinkBlock(under_maintenance=under_maintenance)
    subscription.core_link.ports = [_core_port(node_a, port_a), _core_port(node_b, port_b)]
    subscription.description = description(subscription)
    return {"subscription": subscription}


@step("Take a /127 from the IPv6 core link prefix")
def allocate_core_link_prefix(subscription: CoreLink) -> State:
    prefix = next_free_prefix(
        pool_prefix_id(IPV6_CORE_LINK), core_link_name(subscription), subscription_id=str(subscription.pk)
    )
    subscription.core_link.ipv6_prefix_ipam_id = prefix.id
    return {"subscription": subscription, "ipv6_prefix": prefix.prefix}


@step("Assign an address on each side")
def assign_core_port_addresses(subscription: CoreLink) -> State:
    addresses = []
    for port in subscription.core_link.ports:
        address = next_free_address(
            subscription.core_link.ipv6_prefix_ipam_id,
            description(port),
            subscription_id=str(subscription.pk),
            assigned_interface_id=port.ims_id,
        )
        port.ipv6_ipam_id = address.id
        addresses.append(address.address)
    return {"subscription": subscription, "ipv6_addresses": addresses}


@step("Connect the interfaces with a cable")
def connect_interfaces_with_cable(subscription: CoreLink) -> State:
    cable, _ = find_or_create(cable_payload(subscription))
    subscription.core_link.ims_id = cable.id
    return {"subscription": subscription}


@step("Enable both interfaces")
def enable_core_port_interfaces(subscription: CoreLink) -> State:
    for port in subscription.core_link.ports:
        port.enabled = True
        current = get(InterfacePayload, id=port.ims_id)
        if current is None:
            raise NetBoxObjectNotFound(f"interface {port.ims_id} (core port {port.port_name})")
        update(dataclasses.replace(current, **core_port_interface_fields(subscription, port)))
    return {"subscription": subscription}


@create_workflow("Create core link", initial_input_form=create_core_link_form, products=[CoreLink])
def create_core_link() -> StepList:
    return (
        begin
        >> construct_core_link_model
        >> store_process_subscription
        >> ensure_provisioning_status
        >> allocate_core_link_prefix
        >> assign_core_port_addresses
        >> connect_interfaces_with_cable
        >> enable_core_port_interfaces
        >> provision_core_link_in_nrm
    )
