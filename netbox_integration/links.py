"""A block column that holds the id of a NetBox object, declared on the block class:

    class NodeBlock(ProductBlock):
        ims_id = models.IntegerField(null=True, blank=True)
        netbox_links = {"netbox_device": NetBoxLink("dcim.devices", id_field="ims_id")}

GraphQL then offers `netboxDevice` on the block: the object as NetBox has it, fetched for a
whole page of blocks in one request (see products.graphql.product_types).
"""

from __future__ import annotations

import dataclasses

from netbox_integration.client import netbox, translated_errors


@dataclasses.dataclass(frozen=True)
class NetBoxLink:
    endpoint: str  # "<app>.<endpoint>" as pynetbox names it: "dcim.devices", "ipam.vlans", …
    id_field: str = "ims_id"


def fetch_by_ids(endpoint: str, ids) -> dict[int, dict]:
    """{id: the object as NetBox's REST API gives it} for the ids that exist, in one request."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return {}
    app, name = endpoint.split(".", 1)
    with translated_errors("read", f"{endpoint} {ids[0]}…" if len(ids) > 1 else f"{endpoint} {ids[0]}"):
        records = getattr(getattr(netbox(), app), name).filter(id=ids, limit=len(ids))
        return {record.id: dict(record) for record in records}
