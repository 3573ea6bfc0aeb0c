"""Every payload type round-trips through a real NetBox: create, read back, update, delete.

One case per type: how to build it (from the objects a case may refer to) and which
fields to change. The base test does the rest, so adding a payload type is adding a case.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from netbox_integration import operations
from netbox_integration.idempotency import find_or_create
from netbox_integration.payloads import (
    PAYLOAD_TYPES,
    AvailableIPPayload,
    AvailablePrefixPayload,
    CablePayload,
    DevicePayload,
    DeviceRolePayload,
    DeviceTypePayload,
    InterfacePayload,
    IPAddressPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    ManufacturerPayload,
    NetBoxPayload,
    PrefixPayload,
    SitePayload,
    VLANGroupPayload,
    VLANPayload,
)

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


@dataclass
class World:
    """Objects the cases refer to, made once per module (ids in NetBox)."""

    site: int
    role: int
    manufacturer: int
    device_type: int
    device: int
    interface_a: int
    interface_b: int
    vlan_group: int
    vlan_1: int
    vlan_2: int
    l2vpn: int
    ipv4_pool: int
    ipv6_pool: int


@pytest.fixture(scope="module")
def world(netbox_sandbox) -> World:
    def made(payload):
        return find_or_create(payload)[0].id

    site = made(SitePayload(name="World Site"))
    role = made(DeviceRolePayload(name="World Role"))
    manufacturer = made(ManufacturerPayload(name="World Vendor"))
    device_type = made(DeviceTypePayload(manufacturer=manufacturer, model="World Box"))
    device = made(DevicePayload(name="world-device", site=site, device_type=device_type, role=role))
    vlan_group = made(VLANGroupPayload(name="world group", vid_ranges=[[2, 4094]]))
    return World(
        site=site,
        role=role,
        manufacturer=manufacturer,
        device_type=device_type,
        device=device,
        interface_a=made(InterfacePayload(device=device, name="ethernet-1/1", type="10gbase-x-xfp")),
        interface_b=made(InterfacePayload(device=device, name="ethernet-1/2", type="10gbase-x-xfp")),
        vlan_group=vlan_group,
        vlan_1=made(VLANPayload(vid=11, name="world 11", group=vlan_group)),
        vlan_2=made(VLANPayload(vid=12, name="world 12", group=vlan_group)),
        l2vpn=made(L2VPNPayload(name="world l2vpn")),
        ipv4_pool=made(PrefixPayload(prefix="198.51.100.0/24", is_pool=True)),
        ipv6_pool=made(PrefixPayload(prefix="2001:db8:99::/64", is_pool=True)),
    )


@dataclass
class Case:
    build: Callable[[World], NetBoxPayload]
    changes: Callable[[World], dict]


CASES = {
    SitePayload: Case(
        lambda w: SitePayload(name="Utrecht", description="test site"),
        lambda w: {"description": "moved", "status": "planned"},
    ),
    DeviceRolePayload: Case(
        lambda w: DeviceRolePayload(name="Route Reflector", color="2196f3"), lambda w: {"color": "ff0000"}
    ),
    ManufacturerPayload: Case(
        lambda w: ManufacturerPayload(name="Juniper"), lambda w: {"description": "routers"}
    ),
    DeviceTypePayload: Case(
        lambda w: DeviceTypePayload(manufacturer=w.manufacturer, model="MX 204", u_height=1),
        lambda w: {"u_height": 2.0},
    ),
    DevicePayload: Case(
        lambda w: DevicePayload(name="rt-node", site=w.site, device_type=w.device_type, role=w.role),
        lambda w: {"status": "planned", "description": "staging"},
    ),
    InterfacePayload: Case(
        lambda w: InterfacePayload(
            device=w.device, name="ethernet-1/11", type="100gbase-x-cfp", enabled=False, speed=100_000_000
        ),
        lambda w: {
            "enabled": True,
            "mode": "tagged",
            "tagged_vlans": [w.vlan_1, w.vlan_2],
            "description": "port",
        },
    ),
    CablePayload: Case(
        lambda w: CablePayload(a_interface=w.interface_a, b_interface=w.interface_b),
        lambda w: {"label": "core link 1", "description": "A to B"},
    ),
    PrefixPayload: Case(
        lambda w: PrefixPayload(prefix="192.0.2.0/24", description="docs"),
        lambda w: {"status": "reserved", "is_pool": True},
    ),
    AvailablePrefixPayload: Case(
        lambda w: AvailablePrefixPayload(parent=w.ipv6_pool, prefix_length=127, description="rt /127"),
        lambda w: {"description": "rt /127 renamed"},
    ),
    IPAddressPayload: Case(
        lambda w: IPAddressPayload(
            address="192.0.2.10/24", assigned_object_type="dcim.interface", assigned_object_id=w.interface_a
        ),
        lambda w: {"dns_name": "node.example.net", "assigned_object_id": w.interface_b},
    ),
    AvailableIPPayload: Case(
        lambda w: AvailableIPPayload(parent=w.ipv4_pool, description="rt address"),
        lambda w: {"status": "reserved", "description": "rt address kept"},
    ),
    VLANGroupPayload: Case(
        lambda w: VLANGroupPayload(name="node-1 ethernet-1/1", vid_ranges=[[100, 199]]),
        lambda w: {"vid_ranges": [[100, 299], [400, 499]]},
    ),
    VLANPayload: Case(
        lambda w: VLANPayload(vid=42, name="node-1 ethernet-1/1 - 42", group=w.vlan_group),
        lambda w: {"name": "renamed 42", "status": "reserved"},
    ),
    L2VPNPayload: Case(
        lambda w: L2VPNPayload(name="4f3a2b1c l2vpn", slug="4f3a2b1c-0000-l2vpn"),
        lambda w: {"description": "1000 Mbit/s"},
    ),
    L2VPNTerminationPayload: Case(
        lambda w: L2VPNTerminationPayload(l2vpn=w.l2vpn, assigned_object_id=w.vlan_1),
        lambda w: {"assigned_object_id": w.vlan_2},
    ),
}


def test_every_payload_type_has_a_case():
    assert set(CASES) == set(PAYLOAD_TYPES)


def _written(payload) -> dict:
    """The fields the payload writes (not those NetBox decides: id, an allocated prefix/address)."""
    return payload.api_fields()


@pytest.mark.parametrize("payload_type", PAYLOAD_TYPES, ids=lambda t: t.__name__)
def test_round_trip(world, payload_type):
    case = CASES[payload_type]
    wanted = case.build(world)

    created = operations.create(wanted)
    assert created.id is not None
    assert type(created) is payload_type
    assert _written(created) == _written(wanted)

    read = operations.get(payload_type, id=created.id)
    assert read == created

    changed = dataclasses.replace(created, **case.changes(world))
    updated = operations.update(changed)
    assert _written(updated) == _written(changed)
    assert operations.get(payload_type, id=created.id) == updated

    assert operations.delete(updated) is True
    assert operations.get(payload_type, id=created.id) is None
    assert operations.delete(updated) is False, "a second delete (a retried step) finds it gone"
