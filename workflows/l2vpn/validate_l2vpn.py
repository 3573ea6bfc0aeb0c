"""Validate L2VPN: the L2VPN, its terminations, the VLAN groups and VLANs, and the port tagging."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import validate_workflow
from products.product_types.l2vpn import L2vpn
from products.services.netbox.l2vpn import l2vpn_differences
from workflows.shared.validation import verdict


@step("Compare L2VPN in IMS with subscription")
def compare_l2vpn_with_subscription(subscription: L2vpn) -> State:
    return verdict(subscription.description, l2vpn_differences(subscription))


@validate_workflow("Validate L2VPN", products=[L2vpn])
def validate_l2vpn() -> StepList:
    return begin >> compare_l2vpn_with_subscription
