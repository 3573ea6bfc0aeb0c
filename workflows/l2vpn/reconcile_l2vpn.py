"""Reconcile L2VPN: push the subscription to the NRM again."""

from engine import StepList, begin
from lifecycle.subscription_workflows import reconcile_workflow
from products.product_types.l2vpn import L2vpn
from workflows.l2vpn.shared import update_l2vpn_in_nrm


@reconcile_workflow("Reconcile L2VPN", products=[L2vpn])
def reconcile_l2vpn() -> StepList:
    return begin >> update_l2vpn_in_nrm
