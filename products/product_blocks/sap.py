from django.db import models

from products.product_blocks.port import PortBlock
from products.product_blocks.virtual_circuit import VirtualCircuitBlock
from subscriptions.blocks import ParentBlockKey, ProductBlock


class SapBlock(ProductBlock):
    """A service access point: a set of VLANs (`4,10-14`) on a port of another subscription."""

    virtual_circuit = ParentBlockKey(VirtualCircuitBlock)
    port = models.ForeignKey(PortBlock, null=True, blank=True, on_delete=models.PROTECT)
    vlan = models.CharField(max_length=255, blank=True, default="", help_text="VLAN range set, e.g. 4,10-14")
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox VLAN group id")

    required_from = {
        "provisioning": ["port", "vlan"],
        "active": ["ims_id"],
    }

    @property
    def title(self) -> str:
        port = self.port if self.port_id else None
        if port is None:
            return f"VLAN {self.vlan} on no port"
        node = port.node if port.node_id else None
        return f"VLAN {self.vlan} on port {port.port_name} of {node.node_name if node is not None else '?'}"
