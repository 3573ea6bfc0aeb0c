"""Validate core link: cable, /127, both addresses and both interfaces match the subscription."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import validate_workflow
from products.product_types.core_link import CoreLink
from products.services.netbox.core_link import core_link_differences
from workflows.shared.validation import verdict


@step("Compare core link in IMS with subscription")
def compare_core_link_with_subscription(subscription: CoreLink) -> State:
    return verdict(subscription.description, core_link_differences(subscription))


@validate_workflow("Validate core link", products=[CoreLink])
def validate_core_link() -> StepList:
    return begin >> compare_core_link_with_subscription
