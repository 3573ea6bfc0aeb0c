"""The L2VPN product: a virtual circuit between 2..8 SAPs, VLANs on tagged ports (its blocks:
products.product_blocks.virtual_circuit and .sap)."""

from products.product_blocks.sap import SapBlock
from products.product_blocks.virtual_circuit import VirtualCircuitBlock
from products.registry import ProductDefinition, describes, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription

__all__ = ["L2vpn", "SapBlock", "VirtualCircuitBlock", "l2vpn_description"]  # SapBlock: its list's blocks


@register_products(
    ProductDefinition("l2vpn", tag="L2VPN", description="A layer-2 VPN between 2 to 8 tagged ports"),
)
class L2vpn(Subscription):
    virtual_circuit = RootBlock(VirtualCircuitBlock)

    class Meta:
        proxy = True


@describes(L2vpn)
def l2vpn_description(l2vpn: L2vpn) -> str:
    circuit = l2vpn.virtual_circuit
    nodes = sorted({sap.port.node.node_name for sap in circuit.saps if sap.port_id and sap.port.node_id})
    policer = " (policer active)" if circuit.speed_policer else ""
    return f"L2VPN {circuit.speed} Mbit/s ({'-'.join(nodes)}){policer}"
