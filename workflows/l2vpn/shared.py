"""What the L2VPN workflows share: tagging the SAPs' VLANs on their ports, the NRM intent."""

from __future__ import annotations

from engine import State, step
from netbox_integration.operations import update
from products.product_types.l2vpn import L2vpn
from products.product_types.port import Port
from products.services.netbox.port import port_interface_payload
from subscriptions.tree import load_subscription
from workflows.shared.nrm import record_intent


def retag_ports(l2vpn: L2vpn, without_this_l2vpn: bool = False) -> list[dict]:
    """Write each SAP's port as its Port subscription wants it: tagged with the VLANs of every
    live SAP on it (this L2VPN's left out while it is being terminated)."""
    tagged = []
    for port_subscription_id in dict.fromkeys(sap.port.subscription_id for sap in l2vpn.virtual_circuit.saps):
        port = load_subscription(port_subscription_id, as_type=Port)
        exclude = l2vpn.pk if without_this_l2vpn else None
        interface = update(port_interface_payload(port, exclude_subscription_id=exclude))
        tagged.append(
            {"port": port.description, "interface_id": interface.id, "tagged_vlans": interface.tagged_vlans}
        )
    return tagged


def l2vpn_nrm_settings(subscription: L2vpn) -> dict:
    circuit = subscription.virtual_circuit
    return {
        "speed": circuit.speed,
        "speed_policer": circuit.speed_policer,
        "saps": [
            {"node": s.port.node.node_name, "port": s.port.port_name, "vlan": s.vlan} for s in circuit.saps
        ],
    }


@step("Provision L2VPN in NRM (intent only)")
def provision_l2vpn_in_nrm(subscription: L2vpn) -> State:
    subscription.virtual_circuit.nrm_id = subscription.virtual_circuit.ims_id
    return {
        "subscription": subscription,
        **record_intent("provision L2VPN", subscription.description, l2vpn_nrm_settings(subscription)),
    }


@step("Update L2VPN in NRM (intent only)")
def update_l2vpn_in_nrm(subscription: L2vpn) -> State:
    return record_intent("update L2VPN", subscription.description, l2vpn_nrm_settings(subscription))


@step("Deprovision L2VPN in NRM (intent only)")
def deprovision_l2vpn_in_nrm(subscription: L2vpn) -> State:
    return record_intent("deprovision L2VPN", subscription.description, l2vpn_nrm_settings(subscription))
