from django.db import models

from netbox_integration.links import NetBoxLink
from subscriptions.blocks import ProductBlock


class NodeStatus(models.TextChoices):
    """NetBox's device status values: a node's status is its device's status."""

    OFFLINE = "offline"
    ACTIVE = "active"
    PLANNED = "planned"
    STAGED = "staged"
    FAILED = "failed"
    INVENTORY = "inventory"
    DECOMMISSIONING = "decommissioning"


class NodeBlock(ProductBlock):
    """A router in the network: a NetBox device with a loopback interface and two addresses."""

    role_id = models.IntegerField(null=True, blank=True, help_text="NetBox device role id")
    type_id = models.IntegerField(null=True, blank=True, help_text="NetBox device type id")
    site_id = models.IntegerField(null=True, blank=True, help_text="NetBox site id")
    node_status = models.CharField(max_length=32, blank=True, default="", choices=NodeStatus.choices)
    # Unique among live nodes: checked by the create and modify forms and steps, since
    # liveness is the owning subscription's status, which a table constraint cannot see.
    node_name = models.CharField(max_length=64, blank=True, default="")
    node_description = models.CharField(max_length=255, blank=True, default="")
    ims_id = models.IntegerField(null=True, blank=True, help_text="NetBox device id")
    nrm_id = models.IntegerField(null=True, blank=True)
    ipv4_ipam_id = models.IntegerField(
        null=True, blank=True, help_text="NetBox id of the IPv4 loopback address"
    )
    ipv6_ipam_id = models.IntegerField(
        null=True, blank=True, help_text="NetBox id of the IPv6 loopback address"
    )

    # GraphQL shows the device as NetBox has it: `node { netboxDevice { name site primaryIp4 } }`.
    netbox_links = {"netbox_device": NetBoxLink("dcim.devices", id_field="ims_id")}

    required_from = {
        "provisioning": ["role_id", "type_id", "site_id", "node_status", "node_name"],
        "active": ["ims_id", "nrm_id", "ipv4_ipam_id", "ipv6_ipam_id"],
    }

    @property
    def title(self) -> str:
        return f"node {self.node_name} status {self.node_status}"
