"""Terminate L2VPN: delete the L2VPN (its terminations go with it), each SAP's VLANs and
group, and untag the VLANs on the ports."""

from __future__ import annotations

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import terminate_workflow
from netbox_integration.operations import delete, get
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.payloads import L2VPNPayload, VLANGroupPayload, VLANPayload
from products.product_types.l2vpn import L2vpn
from workflows.l2vpn.shared import deprovision_l2vpn_in_nrm, retag_ports
from workflows.shared.forms import confirm_termination_form


@step("Delete L2VPN from IMS")
def delete_l2vpn_from_ims(subscription: L2vpn) -> State:
    found = (
        get(L2VPNPayload, id=subscription.virtual_circuit.ims_id)
        if subscription.virtual_circuit.ims_id
        else None
    )
    return {"l2vpn_deleted": delete(found) if found is not None else False}


@step("Delete VLANs and VLAN groups from IMS")
def delete_vlan_groups_from_ims(subscription: L2vpn) -> State:
    deleted = []
    for sap in subscription.virtual_circuit.saps:
        group = get(VLANGroupPayload, id=sap.ims_id) if sap.ims_id else None
        if group is None:
            continue  # deleted by an earlier run
        for vlan in netbox_filter(VLANPayload, group_id=group.id):
            delete(vlan)
        delete(group)
        deleted.append(group.name)
    return {"vlan_groups_deleted": deleted}


@step("Untag VLANs on ports")
def untag_vlans_on_ports(subscription: L2vpn) -> State:
    return {"ports_untagged": retag_ports(subscription, without_this_l2vpn=True)}


@terminate_workflow("Terminate L2VPN", initial_input_form=confirm_termination_form, products=[L2vpn])
def terminate_l2vpn() -> StepList:
    return (
        begin
        >> delete_l2vpn_from_ims
        >> delete_vlan_groups_from_ims
        >> untag_vlans_on_ports
        >> deprovision_l2vpn_in_nrm
    )
