"""Validate port: the NetBox interface equals the expected payload, tagged VLANs included."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import validate_workflow
from products.product_types.port import Port
from products.services.netbox.port import port_differences
from workflows.shared.validation import verdict


@step("Compare interface in IMS with subscription")
def compare_interface_with_subscription(subscription: Port) -> State:
    return verdict(subscription.description, port_differences(subscription))


@validate_workflow("Validate port", products=[Port])
def validate_port() -> StepList:
    return begin >> compare_interface_with_subscription
