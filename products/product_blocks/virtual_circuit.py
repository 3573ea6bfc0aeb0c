from django.db import models

from subscriptions.blocks import BlockList, ProductBlock


class VirtualCircuitBlock(ProductBlock):
    """A layer-2 service between 2..8 service access points (VLANs on ports)."""

    saps = BlockList("SapBlock", min_items=2, max_items=8)
    speed = models.IntegerField(null=True, blank=True, help_text="Mbit/s")
    speed_policer = models.BooleanField(null=True, blank=True)
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox L2VPN id")
    nrm_id = models.IntegerField(null=True, blank=True)

    required_from = {
        "provisioning": ["speed", "speed_policer"],
        "active": ["ims_id", "nrm_id"],
    }

    @property
    def title(self) -> str:
        nodes = [sap.port.node.node_name for sap in self.saps[:2] if sap.port_id and sap.port.node_id]
        return f"{self.speed} Mbit/s circuit between {' and '.join(nodes) or '?'}"
