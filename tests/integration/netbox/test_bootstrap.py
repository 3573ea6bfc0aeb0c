"""Bootstrap is idempotent and says what it did; wipe refuses without `annihilate` and empties NetBox."""

from typing import Any

import pytest

from netbox_integration import bootstrap as tasks
from netbox_integration.errors import WipeNotConfirmed
from netbox_integration.idempotency import find_or_create
from netbox_integration.ipam import next_free_address, next_free_prefix
from netbox_integration.operations import create, filter, get
from netbox_integration.payloads import (
    CablePayload,
    DevicePayload,
    DeviceRolePayload,
    DeviceTypePayload,
    InterfacePayload,
    IPAddressPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    ManufacturerPayload,
    PrefixPayload,
    SitePayload,
    VLANGroupPayload,
    VLANPayload,
)

pytestmark = [pytest.mark.integration, pytest.mark.netbox]

EVERY_KIND = (
    SitePayload,
    DeviceRolePayload,
    ManufacturerPayload,
    DeviceTypePayload,
    DevicePayload,
    InterfacePayload,
    CablePayload,
    PrefixPayload,
    IPAddressPayload,
    VLANGroupPayload,
    VLANPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
)
CATALOGUE_SIZE = 5 + 2 + 4 + 8 + 4  # sites, roles, manufacturers, device types, prefixes


def test_bootstrap_creates_the_catalogue_then_nothing(clean_netbox):
    first = tasks.bootstrap()
    assert len(first.created) == CATALOGUE_SIZE + 1  # + the subscription custom field
    assert first.existed == []
    assert {site.name for site in filter(SitePayload)} == {"Amsterdam", "Paris", "London", "Madrid", "Rome"}
    assert get(DeviceRolePayload(name="Provider Edge")).color == "ff9800"
    nokia = get(ManufacturerPayload(name="Nokia"))
    assert get(DeviceTypePayload(manufacturer=nokia.netbox_id(), model="Nokia 7950 XRS-20")).u_height == 44
    loopback = get(PrefixPayload(prefix="10.0.127.0/24"))
    assert (loopback.status, loopback.is_pool, loopback.description) == ("active", True, "IPv4 loopback")

    second = tasks.bootstrap()
    assert second.created == []
    assert len(second.existed) == CATALOGUE_SIZE + 1
    assert second.summary() == (
        f"NetBox already bootstrapped: nothing created, {CATALOGUE_SIZE + 1} objects already existed"
    )
    assert len(filter(SitePayload)) == 5


def test_bootstrap_completes_a_partial_catalogue(clean_netbox):
    create(SitePayload(name="Paris", description="made by hand"))
    report = tasks.bootstrap()
    assert "site 'Paris'" in report.existed
    assert len(report.created) == CATALOGUE_SIZE
    assert get(SitePayload(name="Paris")).description == "made by hand", "existing objects are left alone"


def test_wipe_refuses_without_annihilate(clean_netbox):
    tasks.bootstrap()
    # Anything but True, also what a caller may pass by mistake (so not typed as bool).
    confirmations: tuple[Any, ...] = (False, None, "yes", 1)
    for confirmation in confirmations:
        with pytest.raises(WipeNotConfirmed, match="annihilate=True"):
            tasks.wipe(annihilate=confirmation)
    with pytest.raises(WipeNotConfirmed):
        tasks.wipe()
    assert len(filter(SitePayload)) == 5


def test_wipe_empties_netbox(clean_netbox):
    tasks.bootstrap()
    _a_little_of_everything()
    assert all(filter(kind) for kind in EVERY_KIND)

    report = tasks.wipe(annihilate=True)

    assert {kind.__name__: filter(kind) for kind in EVERY_KIND} == {kind.__name__: [] for kind in EVERY_KIND}
    assert report.deleted["sites"] == 5
    assert report.deleted["devices"] == 2
    assert tasks.wipe(annihilate=True).summary() == "NetBox was already empty: nothing deleted"


def _a_little_of_everything() -> None:
    amsterdam = get(SitePayload(name="Amsterdam")).netbox_id()
    provider = get(DeviceRolePayload(name="Provider")).netbox_id()
    nokia = get(ManufacturerPayload(name="Nokia")).netbox_id()
    box = get(DeviceTypePayload(manufacturer=nokia, model="Nokia 7220 IXR-D2")).netbox_id()
    interfaces = []
    for name in ("node-a", "node-b"):
        device = create(DevicePayload(name=name, site=amsterdam, device_type=box, role=provider)).netbox_id()
        interface = create(
            InterfacePayload(device=device, name="ethernet-1/1", type="10gbase-x-xfp")
        ).netbox_id()
        next_free_address(get(PrefixPayload(prefix="10.0.127.0/24")).netbox_id(), f"IPv4 loopback {name}")
        interfaces.append(interface)
    create(CablePayload(a_interface=interfaces[0], b_interface=interfaces[1]))
    next_free_prefix(get(PrefixPayload(prefix="fc00:0:0:10::/64")).netbox_id(), "core link a-b")
    group = create(VLANGroupPayload(name="node-a ethernet-1/1", vid_ranges=[[10, 10]])).netbox_id()
    vlan = create(VLANPayload(vid=10, name="node-a ethernet-1/1 - 10", group=group)).netbox_id()
    l2vpn = find_or_create(L2VPNPayload(name="l2vpn 10"))[0].netbox_id()
    create(L2VPNTerminationPayload(l2vpn=l2vpn, assigned_object_id=vlan))
