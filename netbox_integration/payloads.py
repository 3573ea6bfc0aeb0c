# Over 300 lines on purpose: one dataclass per NetBox object type, each short; one place to find them.
"""Typed payloads for every NetBox object the products use.

A payload is what nrenorch means an object in NetBox to look like: relations are NetBox
ids, choices are their values. The same type is read back from NetBox (`from_api`), so a
validate step compares two payloads and shows a readable diff. `id` is NetBox's id once
known; `subscription_id` (optional) is written to the custom field SUBSCRIPTION_ID_FIELD,
which bootstrap creates, so a re-run step can find what an earlier run made.
"""

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

SUBSCRIPTION_ID_FIELD = "nrenorch_subscription_id"


def slugify(name: str) -> str:
    """NetBox slugs allow letters, digits, - and _: spaces, / and the rest become -."""
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")


def plain(value: Any) -> Any:
    """An API value as a payload holds it: nested object → its id, choice → its value."""
    if isinstance(value, dict):
        if "id" in value:
            return value["id"]
        if set(value) >= {"value", "label"}:
            return value["value"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass(kw_only=True)
class NetBoxPayload:
    """Base of the payload types. Subclasses set the class variables below."""

    id: int | None = None
    subscription_id: str | None = None

    # pynetbox endpoint as "app.endpoint", e.g. "dcim.sites".
    endpoint: ClassVar[str]
    # What the object is called in messages, e.g. "site".
    kind: ClassVar[str]
    # Natural key: payload field → NetBox filter parameter; what find_or_create looks up.
    natural_key: ClassVar[dict[str, str]]

    def __post_init__(self):
        # Only some payload types have a slug (sites, roles, manufacturers, device types...):
        # written through __dict__, as the base class declares no such field.
        if getattr(self, "slug", None) == "":
            self.__dict__["slug"] = slugify(getattr(self, "name", "") or getattr(self, "model", ""))

    def netbox_id(self) -> int:
        """The id of an object read back from NetBox, which always has one."""
        if self.id is None:
            raise ValueError(f"{self.describe()} has no NetBox id: it was not read back from NetBox")
        return self.id

    def describe(self) -> str:
        """`site 'Amsterdam'`, `interface device=3 name='ethernet-1/1'`, `prefix id 12`."""
        key = {
            name: getattr(self, name) for name in self.natural_key if getattr(self, name, None) is not None
        }
        if len(key) == 1:
            return f"{self.kind} {next(iter(key.values()))!r}"
        if key:
            return f"{self.kind} " + " ".join(f"{name}={value!r}" for name, value in key.items())
        return f"{self.kind} id {self.id}" if self.id is not None else f"new {self.kind}"

    def api_fields(self) -> dict[str, Any]:
        """The fields this payload writes, under NetBox's names."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("id", "subscription_id")
        }

    def to_api(self) -> dict[str, Any]:
        data = self.api_fields()
        if self.subscription_id is not None:
            data["custom_fields"] = {SUBSCRIPTION_ID_FIELD: self.subscription_id}
        return data

    def natural_key_filters(self) -> dict[str, Any]:
        """NetBox filters that find this object: its natural key, within its subscription if it has one."""
        filters = {parameter: getattr(self, name) for name, parameter in self.natural_key.items()}
        if self.subscription_id is not None:
            filters[f"cf_{SUBSCRIPTION_ID_FIELD}"] = self.subscription_id
        return filters

    @classmethod
    def from_api(cls, data: dict[str, Any], **known: Any) -> Self:
        """Build the payload from NetBox's JSON; `known` fills fields NetBox does not return."""
        names = {f.name for f in dataclasses.fields(cls)} - {"subscription_id"}
        values = {name: plain(data[name]) for name in names if name in data}
        values["subscription_id"] = (data.get("custom_fields") or {}).get(SUBSCRIPTION_ID_FIELD)
        values.update({name: value for name, value in known.items() if name not in values})
        return cls(**values)


# --- Organisation and device types -------------------------------------------------


@dataclass
class SitePayload(NetBoxPayload):
    name: str
    slug: str = ""
    status: str = "active"
    description: str = ""

    endpoint = "dcim.sites"
    kind = "site"
    natural_key = {"name": "name"}


@dataclass
class DeviceRolePayload(NetBoxPayload):
    name: str
    slug: str = ""
    color: str = "9e9e9e"
    description: str = ""

    endpoint = "dcim.device_roles"
    kind = "device role"
    natural_key = {"name": "name"}


@dataclass
class ManufacturerPayload(NetBoxPayload):
    name: str
    slug: str = ""
    description: str = ""

    endpoint = "dcim.manufacturers"
    kind = "manufacturer"
    natural_key = {"name": "name"}


@dataclass
class DeviceTypePayload(NetBoxPayload):
    manufacturer: int
    model: str
    slug: str = ""
    u_height: float = 1.0
    description: str = ""

    endpoint = "dcim.device_types"
    kind = "device type"
    natural_key = {"manufacturer": "manufacturer_id", "model": "model"}

    def netbox_id(self) -> int:
        """The id of an object read back from NetBox, which always has one."""
        if self.id is None:
            raise ValueError(f"{self.describe()} has no NetBox id: it was not read back from NetBox")
        return self.id

    def describe(self) -> str:
        return f"device type {self.model!r}"  # the model names it well enough for a person


# --- Devices, interfaces, cables ---------------------------------------------------


@dataclass
class DevicePayload(NetBoxPayload):
    name: str
    site: int
    device_type: int
    role: int
    status: str = "active"
    description: str = ""
    primary_ip4: int | None = None
    primary_ip6: int | None = None

    endpoint = "dcim.devices"
    kind = "device"
    natural_key = {"name": "name"}


@dataclass
class InterfacePayload(NetBoxPayload):
    device: int
    name: str
    type: str = "virtual"
    enabled: bool = True
    description: str = ""
    mode: str | None = None  # "tagged", "access", … or None
    speed: int | None = None  # kbit/s, as NetBox counts
    tagged_vlans: list[int] = field(default_factory=list)

    endpoint = "dcim.interfaces"
    kind = "interface"
    natural_key = {"device": "device_id", "name": "name"}


@dataclass
class CablePayload(NetBoxPayload):
    """A cable between two interfaces (a_interface, b_interface are interface ids)."""

    a_interface: int
    b_interface: int
    type: str = "smf"
    status: str = "connected"
    label: str = ""
    description: str = ""

    endpoint = "dcim.cables"
    kind = "cable"
    # An interface carries at most one cable: its A end identifies it.
    natural_key = {"a_interface": "interface_id"}

    def api_fields(self) -> dict[str, Any]:
        return {
            "a_terminations": [{"object_type": "dcim.interface", "object_id": self.a_interface}],
            "b_terminations": [{"object_type": "dcim.interface", "object_id": self.b_interface}],
            "type": self.type,
            "status": self.status,
            "label": self.label,
            "description": self.description,
        }

    @classmethod
    def from_api(cls, data: dict[str, Any], **known: Any) -> Self:
        ends = {}
        for side in ("a", "b"):
            terminations = data.get(f"{side}_terminations") or []
            ends[f"{side}_interface"] = terminations[0]["object_id"] if terminations else None
        return super().from_api({**data, **ends}, **known)


# --- IPAM ------------------------------------------------------------------------


@dataclass
class PrefixPayload(NetBoxPayload):
    prefix: str
    status: str = "active"
    is_pool: bool = False
    description: str = ""

    endpoint = "ipam.prefixes"
    kind = "prefix"
    natural_key = {"prefix": "prefix"}


@dataclass
class AvailablePrefixPayload(NetBoxPayload):
    """A child prefix taken from the free space of `parent` (a prefix id) by NetBox, atomically.

    Once created it is an ordinary prefix (`prefix` holds what NetBox handed out); read,
    update and delete go to ipam/prefixes. Its natural key is the description (and the
    subscription id when set), since its address is not known before NetBox chooses it.
    """

    parent: int | None = field(compare=False)  # NetBox does not say which prefix it came from
    prefix_length: int
    prefix: str | None = None
    status: str = "active"
    is_pool: bool = False
    description: str = ""

    endpoint = "ipam.prefixes"
    kind = "prefix"
    natural_key = {"description": "description"}

    def api_fields(self) -> dict[str, Any]:
        return {
            "prefix_length": self.prefix_length,
            "status": self.status,
            "is_pool": self.is_pool,
            "description": self.description,
        }

    @classmethod
    def from_api(cls, data: dict[str, Any], **known: Any) -> Self:
        length = int(str(data["prefix"]).split("/")[1]) if data.get("prefix") else known.get("prefix_length")
        known = {"parent": None, **known, "prefix_length": length}
        return super().from_api(data, **known)


@dataclass
class IPAddressPayload(NetBoxPayload):
    address: str
    status: str = "active"
    description: str = ""
    dns_name: str = ""
    assigned_object_type: str | None = None  # "dcim.interface"
    assigned_object_id: int | None = None

    endpoint = "ipam.ip_addresses"
    kind = "IP address"
    natural_key = {"address": "address"}


@dataclass
class AvailableIPPayload(NetBoxPayload):
    """The next free address of `parent` (a prefix id), handed out by NetBox atomically.

    Once created it is an ordinary IP address (`address` holds what NetBox chose); read,
    update and delete go to ipam/ip-addresses. Natural key: the description (and the
    subscription id when set), e.g. `IPv4 loopback node-1`.
    """

    parent: int | None = field(compare=False)  # NetBox does not say which prefix it came from
    address: str | None = None
    status: str = "active"
    description: str = ""
    dns_name: str = ""
    assigned_object_type: str | None = None
    assigned_object_id: int | None = None

    endpoint = "ipam.ip_addresses"
    kind = "IP address"
    natural_key = {"description": "description"}

    def api_fields(self) -> dict[str, Any]:
        fields = super().api_fields()
        del fields["parent"], fields["address"]
        return fields

    def allocated_address(self) -> str:
        """The address NetBox handed out (set once the payload was read back from NetBox)."""
        if self.address is None:
            raise ValueError(f"{self.describe()} has no address: it was not read back from NetBox")
        return self.address

    @classmethod
    def from_api(cls, data: dict[str, Any], **known: Any) -> Self:
        return super().from_api(data, **{"parent": None, **known})


@dataclass
class VLANGroupPayload(NetBoxPayload):
    name: str
    slug: str = ""
    vid_ranges: list[list[int]] = field(default_factory=lambda: [[1, 4094]])
    description: str = ""

    endpoint = "ipam.vlan_groups"
    kind = "VLAN group"
    natural_key = {"name": "name"}


@dataclass
class VLANPayload(NetBoxPayload):
    vid: int
    name: str
    group: int | None = None
    status: str = "active"
    description: str = ""

    endpoint = "ipam.vlans"
    kind = "VLAN"
    natural_key = {"group": "group_id", "vid": "vid"}


# --- VPN -------------------------------------------------------------------------


@dataclass
class L2VPNPayload(NetBoxPayload):
    name: str
    slug: str = ""
    type: str = "mpls-evpn"
    status: str = "active"
    description: str = ""

    endpoint = "vpn.l2vpns"
    kind = "L2VPN"
    natural_key = {"slug": "slug"}


@dataclass
class L2VPNTerminationPayload(NetBoxPayload):
    l2vpn: int
    assigned_object_id: int
    assigned_object_type: str = "ipam.vlan"

    endpoint = "vpn.l2vpn_terminations"
    kind = "L2VPN termination"
    natural_key = {"assigned_object_type": "assigned_object_type", "assigned_object_id": "assigned_object_id"}


PAYLOAD_TYPES: tuple[type[NetBoxPayload], ...] = (
    SitePayload,
    DeviceRolePayload,
    ManufacturerPayload,
    DeviceTypePayload,
    DevicePayload,
    InterfacePayload,
    CablePayload,
    PrefixPayload,
    AvailablePrefixPayload,
    IPAddressPayload,
    AvailableIPPayload,
    VLANGroupPayload,
    VLANPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
)
