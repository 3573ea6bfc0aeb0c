from django.db import models

from products.product_blocks.core_link import CoreLinkBlock
from products.product_blocks.node import NodeBlock
from subscriptions.blocks import ParentBlockKey, ProductBlock


class CorePortBlock(ProductBlock):
    """One end of a core link: an interface of a node, with its IPv6 address from the /127."""

    core_link = ParentBlockKey(CoreLinkBlock)
    port_name = models.CharField(max_length=64, blank=True, default="")
    enabled = models.BooleanField(default=True)
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox interface id")
    nrm_id = models.IntegerField(null=True, blank=True)
    ipv6_ipam_id = models.IntegerField(null=True, blank=True, help_text="NetBox id of this side's address")
    node = models.ForeignKey(NodeBlock, null=True, blank=True, on_delete=models.PROTECT)

    required_from = {
        "provisioning": ["port_name", "node"],
        "active": ["ims_id", "nrm_id", "ipv6_ipam_id"],
    }

    @property
    def title(self) -> str:
        node = self.node if self.node_id else None
        return f"core port {self.port_name} on {node.node_name if node is not None else '?'}"
