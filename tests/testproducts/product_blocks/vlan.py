from django.db import models

from subscriptions.blocks import BlockList, ParentBlockKey, ProductBlock
from tests.testproducts.product_blocks.interface import InterfaceBlock


class VlanBlock(ProductBlock):
    speed = models.IntegerField(null=True, blank=True, help_text="Mbit/s")
    ims_id = models.IntegerField(null=True, blank=True)

    endpoints = BlockList("EndpointBlock", min_items=2, max_items=8)

    required_from = {"provisioning": ["speed"], "active": ["ims_id"]}

    @property
    def title(self) -> str:
        routers = [
            e.interface.router.router_name
            for e in self.endpoints[:2]
            if e.interface_id and e.interface.router_id
        ]
        return f"{self.speed} Mbit/s VLAN between {' and '.join(routers) or '?'}"


class EndpointBlock(ProductBlock):
    service = ParentBlockKey(VlanBlock)
    interface = models.ForeignKey(InterfaceBlock, null=True, blank=True, on_delete=models.PROTECT)
    vlan_id = models.IntegerField(null=True, blank=True)
    ims_id = models.IntegerField(null=True, blank=True)

    required_from = {"provisioning": ["interface", "vlan_id"], "active": ["ims_id"]}

    @property
    def title(self) -> str:
        if not self.interface_id:
            return f"VLAN {self.vlan_id} on no interface"
        interface = self.interface
        router = interface.router.router_name if interface.router_id else "?"
        return f"VLAN {self.vlan_id} on interface {interface.interface_name} of {router}"
