from django.db import models

from products.product_blocks.node import NodeBlock
from products.vlan_ranges import parse_vlan_ranges
from subscriptions.blocks import ProductBlock


class PortMode(models.TextChoices):
    TAGGED = "tagged"
    UNTAGGED = "untagged"
    LINK_MEMBER = "link_member", "link member"


class PortBlock(ProductBlock):
    """A customer-facing port: an existing NetBox interface of a node, taken into service."""

    port_name = models.CharField(max_length=64, blank=True, default="")
    port_type = models.CharField(max_length=64, blank=True, default="", help_text="NetBox interface type")
    port_description = models.CharField(max_length=255, blank=True, default="")
    port_mode = models.CharField(max_length=16, blank=True, default="", choices=PortMode.choices)
    # Nullable booleans: "not chosen yet" is not the same as "off".
    auto_negotiation = models.BooleanField(null=True, blank=True)
    lldp = models.BooleanField(null=True, blank=True)
    enabled = models.BooleanField(null=True, blank=True)
    node = models.ForeignKey(NodeBlock, null=True, blank=True, on_delete=models.PROTECT)
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox interface id")
    nrm_id = models.IntegerField(null=True, blank=True)

    required_from = {
        "provisioning": [
            "port_name",
            "port_type",
            "port_mode",
            "auto_negotiation",
            "lldp",
            "enabled",
            "node",
            "ims_id",
        ],
        "active": ["nrm_id"],
    }

    @property
    def title(self) -> str:
        node = self.node if self.node_id else None
        return f"port {self.port_name} on {node.node_name if node is not None else '?'}"

    # The SAPs on this port are read through the reverse side of `SapBlock.port` (Django's
    # default name, `sapblock_set`): the port block need not import the SAP block that uses it.
    def active_saps(self):
        """The SAPs of active services on this port (a port's derived use)."""
        return self.sapblock_set.filter(subscription__status="active").order_by("pk")

    def vlans_in_use(self, exclude_subscription_id=None) -> set[int]:
        """Every VLAN a live (not terminated) SAP holds on this port."""
        saps = self.sapblock_set.exclude(subscription__status="terminated")
        if exclude_subscription_id is not None:
            saps = saps.exclude(subscription_id=exclude_subscription_id)
        vlans: set[int] = set()
        for vlan in saps.values_list("vlan", flat=True):
            vlans |= set(parse_vlan_ranges(vlan))
        return vlans
