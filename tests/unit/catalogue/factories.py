"""Catalogue subscriptions built in the database without NetBox, for tests of declarations
and forms: made, described and saved the way the create workflows leave them."""

from products.models import Product
from products.product_blocks.node import NodeBlock
from products.product_blocks.port import PortBlock
from products.product_types.node import Node
from products.product_types.port import Port
from products.services.description import description
from subscriptions.models import Customer


def catalogue_subscription(cls, product_name: str, status: str = "initial", insync: bool = False):
    return cls(
        product=Product.objects.get(name=product_name),
        customer=Customer.objects.get(short_code="SURF"),
        status=status,
        insync=insync,
    )


def node(name="rt1", status="active", insync=False, **fields):
    subscription = catalogue_subscription(Node, "node Nokia", status, insync)
    values = dict(
        role_id=1,
        type_id=2,
        site_id=3,
        node_status="active",
        node_name=name,
        ims_id=4,
        nrm_id=4,
        ipv4_ipam_id=5,
        ipv6_ipam_id=6,
    )
    subscription.node = NodeBlock(**{**values, **fields})
    subscription.description = description(subscription)
    subscription.save()
    return subscription


def port(on, name="ethernet-1/2", mode="tagged", insync=False):
    subscription = catalogue_subscription(Port, "port 10G", "active", insync)
    subscription.port = PortBlock(
        port_name=name,
        port_type="10gbase-x-xfp",
        port_description="uplink",
        port_mode=mode,
        auto_negotiation=False,
        lldp=True,
        enabled=True,
        node=on.node,
        ims_id=7,
        nrm_id=7,
    )
    subscription.description = description(subscription)
    subscription.save()
    return subscription
