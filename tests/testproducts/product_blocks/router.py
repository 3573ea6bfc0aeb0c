from django.db import models

from netbox_integration.links import NetBoxLink
from subscriptions.blocks import ProductBlock


class RouterBlock(ProductBlock):
    router_name = models.CharField(max_length=64, blank=True, default="")
    router_status = models.CharField(max_length=32, blank=True, default="")
    site_id = models.IntegerField(null=True, blank=True)
    router_description = models.CharField(max_length=255, blank=True, default="")
    ims_id = models.IntegerField(null=True, blank=True)
    nrm_id = models.IntegerField(null=True, blank=True)

    # GraphQL shows the NetBox device ims_id names as `netboxDevice` (tests/graphql).
    netbox_links = {"netbox_device": NetBoxLink("dcim.devices", id_field="ims_id")}

    required_from = {
        "provisioning": ["router_name", "router_status", "site_id"],
        "active": ["ims_id", "nrm_id"],
    }

    @property
    def title(self) -> str:
        return f"router {self.router_name} status {self.router_status}"
