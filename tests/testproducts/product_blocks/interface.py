from django.db import models

from subscriptions.blocks import ProductBlock
from tests.testproducts.product_blocks.router import RouterBlock


class InterfaceBlock(ProductBlock):
    interface_name = models.CharField(max_length=64, blank=True, default="")
    mode = models.CharField(max_length=16, blank=True, default="")
    enabled = models.BooleanField(default=False)
    router = models.ForeignKey(RouterBlock, null=True, blank=True, on_delete=models.PROTECT)
    ims_id = models.IntegerField(null=True, blank=True)
    nrm_id = models.IntegerField(null=True, blank=True)

    required_from = {
        "provisioning": ["interface_name", "mode", "router", "ims_id"],
        "active": ["nrm_id"],
    }

    @property
    def title(self) -> str:
        router = self.router.router_name if self.router_id else "?"
        return f"interface {self.interface_name} on {router}"
