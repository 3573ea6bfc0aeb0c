from django.db import models

from subscriptions.blocks import BlockList, ProductBlock


class CoreLinkBlock(ProductBlock):
    """A link between two nodes of the core: a cable between two interfaces, a /127 on it."""

    ports = BlockList("CorePortBlock", min_items=2, max_items=2)
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox cable id")
    ipv6_prefix_ipam_id = models.IntegerField(null=True, blank=True, help_text="NetBox id of the /127 prefix")
    nrm_id = models.IntegerField(null=True, blank=True)
    under_maintenance = models.BooleanField(null=True, blank=True)

    required_from = {
        "provisioning": ["under_maintenance"],
        "active": ["ims_id", "ipv6_prefix_ipam_id", "nrm_id"],
    }

    @property
    def title(self) -> str:
        names = [port.node.node_name if port.node_id else "?" for port in self.ports]
        return f"core link between {' and '.join(names) or '?'}"
