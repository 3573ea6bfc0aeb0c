"""Create node: a NetBox device with a loopback interface and addresses, provisioned in the NRM."""

from __future__ import annotations

from engine import State, StepList, begin, conditional, step
from engine.forms import summary_page
from lifecycle.subscription_steps import (
    ensure_provisioning_status,
    new_subscription,
    store_process_subscription,
)
from lifecycle.subscription_workflows import create_workflow
from netbox_integration.idempotency import find_or_create
from netbox_integration.ipam import next_free_address
from products.models import Product
from products.product_blocks.node import NodeBlock
from products.product_types.node import Node
from products.services.description import description
from products.services.netbox.node import (
    device_payload,
    loopback_address_description,
    loopback_interface_payload,
)
from products.services.netbox.prefixes import LOOPBACK_PREFIXES, pool_prefix_id
from workflows.node.shared import (
    node_name_problem,
    node_page,
    node_summary_rows,
    provision_node_in_nrm,
    update_device_in_ims,
    update_node_interfaces_in_ims,
)


def create_node_form(product: int):
    vendor = Product.objects.get(pk=product).fixed_input("node_type")
    page = node_page(f"{vendor} node", vendor, with_auto_add=True)
    values = yield page
    yield summary_page(
        [
            ("Add interfaces", "yes" if values["auto_add_interfaces"] else "no"),
            *node_summary_rows(page, values),
        ]
    )
    return values


@step("Construct node model")
def construct_node_model(
    product: int,
    customer_id: int,
    type_id: int,
    role_id: int,
    site_id: int,
    node_status: str,
    node_name: str,
    node_description: str = "",
) -> State:
    problem = node_name_problem(node_name)  # again: another node may have taken it since the form
    if problem:
        raise ValueError(problem)
    subscription = new_subscription(product, customer_id, as_type=Node)
    subscription.node = NodeBlock(
        type_id=type_id,
        role_id=role_id,
        site_id=site_id,
        node_status=node_status,
        node_name=node_name,
        node_description=node_description,
    )
    subscription.description = description(subscription)
    return {"subscription": subscription}


@step("Create device in IMS")
def create_device_in_ims(subscription: Node) -> State:
    device, _ = find_or_create(device_payload(subscription))
    subscription.node.ims_id = device.id
    return {"subscription": subscription}


@step("Reserve loopback addresses")
def reserve_loopback_addresses(subscription: Node) -> State:
    """Loopback0 on the device, and one IPv4 and one IPv6 address from the loopback pools on it."""
    loopback, _ = find_or_create(loopback_interface_payload(subscription))
    block = subscription.node
    for version, field in ((4, "ipv4_ipam_id"), (6, "ipv6_ipam_id")):
        address = next_free_address(
            pool_prefix_id(LOOPBACK_PREFIXES[version]),
            loopback_address_description(subscription, version),
            subscription_id=str(subscription.pk),
            assigned_interface_id=loopback.id,
        )
        setattr(block, field, address.id)
    return {"subscription": subscription}


@create_workflow("Create node", initial_input_form=create_node_form, products=[Node])
def create_node() -> StepList:
    return (
        begin
        >> construct_node_model
        >> store_process_subscription
        >> ensure_provisioning_status
        >> create_device_in_ims
        >> reserve_loopback_addresses
        >> provision_node_in_nrm
        >> update_device_in_ims
        >> conditional(lambda state: state.get("auto_add_interfaces", True))(update_node_interfaces_in_ims)
    )
