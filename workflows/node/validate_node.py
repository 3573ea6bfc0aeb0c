"""Validate node: NetBox's device, loopback and addresses equal what the subscription says."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import validate_workflow
from products.product_types.node import Node
from products.services.netbox.node import node_differences
from workflows.shared.validation import verdict


@step("Compare device in IMS with subscription")
def compare_device_with_subscription(subscription: Node) -> State:
    return verdict(subscription.description, node_differences(subscription))


@validate_workflow("Validate node", products=[Node])
def validate_node() -> StepList:
    return begin >> compare_device_with_subscription
