"""Modify node: change any of its six fields; the device and the NRM follow."""

from __future__ import annotations

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import modify_workflow
from products.product_types.node import Node
from products.services.description import description
from subscriptions.tree import load_subscription
from workflows.node.shared import (
    NODE_FIELDS,
    node_name_problem,
    node_page,
    node_summary_rows,
    update_device_in_ims,
    update_node_in_nrm,
)
from workflows.shared.forms import before_after_summary


def modify_node_form(subscription_id: str):
    node = load_subscription(subscription_id, as_type=Node)
    vendor = node.product.fixed_input("node_type")
    page = node_page(f"Modify {node.description}", vendor, node.node, exclude_subscription_id=node.pk)
    values = yield page
    before = dict(node_summary_rows(page, {name: getattr(node.node, name) for name in NODE_FIELDS}))
    yield before_after_summary(
        [(label, before[label], after) for label, after in node_summary_rows(page, values)]
    )
    return values


@step("Update subscription")
def update_node_subscription(
    subscription: Node,
    type_id: int,
    role_id: int,
    site_id: int,
    node_status: str,
    node_name: str,
    node_description: str = "",
) -> State:
    problem = node_name_problem(node_name, exclude_subscription_id=subscription.pk)
    if problem:
        raise ValueError(problem)
    block = subscription.node
    block.type_id, block.role_id, block.site_id = type_id, role_id, site_id
    block.node_status, block.node_name, block.node_description = node_status, node_name, node_description
    subscription.description = description(subscription)
    return {"subscription": subscription}


@modify_workflow("Modify node", initial_input_form=modify_node_form, products=[Node])
def modify_node() -> StepList:
    return begin >> update_node_subscription >> update_device_in_ims >> update_node_in_nrm
