"""Build test-product subscriptions in a given state, complete or not, for tests and the bench.

Subscriptions are created directly in the state asked for (creation is the one moment the
status may be set without a transition); everything after that goes through transitions.
"""

from __future__ import annotations

import itertools

from products.models import Product
from subscriptions.models import Customer
from subscriptions.tree import save_subscription
from tests.testproducts.product_blocks.interface import InterfaceBlock
from tests.testproducts.product_blocks.router import RouterBlock
from tests.testproducts.product_blocks.vlan import EndpointBlock, VlanBlock
from tests.testproducts.product_types.interface import Interface
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan

_numbers = itertools.count(1)


def customer(short_code: str = "SURF") -> Customer:
    return Customer.objects.get(short_code=short_code)


def router(status: str = "active", *, complete: bool = True, name: str | None = None) -> Router:
    number = next(_numbers)
    name = name or f"rt{number}"
    subscription = Router(
        product=Product.objects.get(name="test router A"),
        customer=customer(),
        description=f"router {name}",
        status=status,
        insync=True,
    )
    subscription.router = RouterBlock(
        router_name=name,
        router_status="active",
        site_id=1,
        ims_id=number if complete else None,
        nrm_id=number if complete else None,
    )
    subscription.save()
    return subscription


def interface(
    on: Router, status: str = "active", *, complete: bool = True, name: str | None = None
) -> Interface:
    number = next(_numbers)
    name = name or f"eth{number}"
    subscription = Interface(
        product=Product.objects.get(name="test interface 10G"),
        customer=customer(),
        description=f"interface {name} on {on.router.router_name}",
        status=status,
        insync=True,
    )
    subscription.interface = InterfaceBlock(
        interface_name=name,
        mode="tagged",
        enabled=True,
        router=on.router,
        ims_id=number,
        nrm_id=number if complete else None,
    )
    subscription.save()
    return subscription


def vlan(on: list[Interface], status: str = "active", *, complete: bool = True, vlan_id: int = 100) -> Vlan:
    number = next(_numbers)
    subscription = Vlan(
        product=Product.objects.get(name="test vlan"),
        customer=customer(),
        description=f"vlan {number}",
        status=status,
        insync=True,
    )
    subscription.vlan = VlanBlock(speed=1000, ims_id=number if complete else None)
    subscription.vlan.endpoints = [
        EndpointBlock(interface=i.interface, vlan_id=vlan_id, ims_id=(number * 100 + n) if complete else None)
        for n, i in enumerate(on)
    ]
    save_subscription(subscription)
    return subscription
