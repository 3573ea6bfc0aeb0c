"""The NetBox bootstrap and wipe tasks (products.md, "Tasks"), as plain functions.

The engine wraps them as tasks. `bootstrap()` creates what the example catalogue needs
and leaves whatever already exists alone, reporting both; `wipe(annihilate=True)` deletes
every object of those kinds plus devices, cables, addresses, VLANs, VLAN groups and L2VPNs.
"""

from dataclasses import dataclass, field

from .client import netbox, translated_errors
from .custom_fields import ensure_subscription_custom_field
from .errors import WipeNotConfirmed
from .idempotency import find_or_create
from .payloads import (
    DeviceRolePayload,
    DeviceTypePayload,
    ManufacturerPayload,
    NetBoxPayload,
    PrefixPayload,
    SitePayload,
)

SITES = ("Amsterdam", "Paris", "London", "Madrid", "Rome")
DEVICE_ROLES = {"Provider": "9e9e9e", "Provider Edge": "ff9800"}
MANUFACTURERS = ("Cisco", "Nokia", "Cumulus", "FRR")
# (manufacturer, model, height in rack units); the model is the full name products.md uses
DEVICE_TYPES = (
    ("Cisco", "Cisco 8812", 21),
    ("Cisco", "Cisco ASR 903", 3),
    ("Nokia", "Nokia 7950 XRS-20", 44),
    ("Nokia", "Nokia 7210 SAS-R6", 3),
    ("Nokia", "Nokia 7220 IXR-D2", 1),
    ("Nokia", "Nokia 7220 IXR-D3", 1),
    ("Cumulus", "Cumulus cVX VM", 1),
    ("FRR", "FRR VM", 1),
)
# prefix → description; all active pools
PREFIXES = {
    "10.0.127.0/24": "IPv4 loopback",
    "fc00:0:0:127::/64": "IPv6 loopback",
    "10.0.10.0/24": "IPv4 core link",
    "fc00:0:0:10::/64": "IPv6 core link",
}

# Deleted by wipe, in an order NetBox accepts (what refers to something goes first).
WIPE_ORDER = (
    ("vpn.l2vpn_terminations", "L2VPN terminations"),
    ("vpn.l2vpns", "L2VPNs"),
    ("dcim.cables", "cables"),
    ("ipam.ip_addresses", "IP addresses"),
    ("dcim.devices", "devices"),
    ("ipam.vlans", "VLANs"),
    ("ipam.vlan_groups", "VLAN groups"),
    ("ipam.prefixes", "prefixes"),
    ("dcim.device_types", "device types"),
    ("dcim.manufacturers", "manufacturers"),
    ("dcim.device_roles", "device roles"),
    ("dcim.sites", "sites"),
)
DELETE_CHUNK = 500


@dataclass
class BootstrapReport:
    created: list[str] = field(default_factory=list)
    existed: list[str] = field(default_factory=list)

    def record(self, description: str, created: bool) -> None:
        (self.created if created else self.existed).append(description)

    def summary(self) -> str:
        if not self.created:
            return (
                f"NetBox already bootstrapped: nothing created, {len(self.existed)} objects already existed"
            )
        return (
            f"Created {len(self.created)} objects ({', '.join(self.created)}); "
            f"{len(self.existed)} already existed"
        )


@dataclass
class WipeReport:
    deleted: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        total = sum(self.deleted.values())
        if not total:
            return "NetBox was already empty: nothing deleted"
        parts = ", ".join(f"{count} {kind}" for kind, count in self.deleted.items() if count)
        return f"Deleted {total} objects: {parts}"


def bootstrap() -> BootstrapReport:
    """Create the sites, roles, manufacturers, device types and IPAM prefixes the products use."""
    report = BootstrapReport()
    field_name, created = ensure_subscription_custom_field()
    report.record(f"custom field {field_name!r}", created)
    for name in SITES:
        _ensure(report, SitePayload(name=name, status="active"))
    for name, color in DEVICE_ROLES.items():
        _ensure(report, DeviceRolePayload(name=name, color=color))
    manufacturer_ids = {}
    for name in MANUFACTURERS:
        manufacturer_ids[name] = _ensure(report, ManufacturerPayload(name=name)).netbox_id()
    for manufacturer, model, height in DEVICE_TYPES:
        _ensure(
            report,
            DeviceTypePayload(manufacturer=manufacturer_ids[manufacturer], model=model, u_height=height),
        )
    for prefix, description in PREFIXES.items():
        _ensure(report, PrefixPayload(prefix=prefix, status="active", is_pool=True, description=description))
    return report


def _ensure(report: BootstrapReport, payload: NetBoxPayload) -> NetBoxPayload:
    found, created = find_or_create(payload)
    report.record(payload.describe(), created)
    return found


def wipe(annihilate: bool = False) -> WipeReport:
    """Delete every object of the bootstrapped kinds plus devices, cables, addresses, VLANs, L2VPNs.

    Refuses unless `annihilate=True`: the "annihilate" box of the task's form.
    """
    if annihilate is not True:
        raise WipeNotConfirmed()
    report = WipeReport()
    api = netbox()
    for endpoint_name, kind in WIPE_ORDER:
        app, name = endpoint_name.split(".")
        endpoint = getattr(getattr(api, app), name)
        with translated_errors("list", f"every {kind}"):
            ids = [record.id for record in endpoint.filter(brief=True, limit=1000)]
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            with translated_errors("delete", f"{len(chunk)} {kind} (ids {chunk[0]}..{chunk[-1]})"):
                endpoint.delete(chunk)
        report.deleted[kind] = len(ids)
    return report
