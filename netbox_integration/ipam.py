"""IPAM helpers: the next free /127, the next free address (never the network address), release.

Allocation goes through NetBox's available-prefixes and available-ips endpoints, which
choose and create under a PostgreSQL advisory lock, so two workers asking at once get
different answers. Each allocation carries a description (and the subscription id when
given) as its natural key, so a step that runs again finds what it allocated.
"""

import dataclasses
import ipaddress

from .idempotency import find_or_create
from .operations import create, delete, get, update
from .payloads import AvailableIPPayload, AvailablePrefixPayload, IPAddressPayload, NetBoxPayload

CORE_LINK_PREFIX_LENGTH = 127


def next_free_prefix(
    parent_id: int,
    description: str,
    prefix_length: int = CORE_LINK_PREFIX_LENGTH,
    subscription_id: str | None = None,
) -> AvailablePrefixPayload:
    """A /prefix_length (default /127) from the parent prefix; the same one on a re-run."""
    allocated, _ = find_or_create(
        AvailablePrefixPayload(
            parent=parent_id,
            prefix_length=prefix_length,
            description=description,
            subscription_id=subscription_id,
        )
    )
    return allocated


def next_free_address(
    parent_id: int,
    description: str,
    subscription_id: str | None = None,
    assigned_interface_id: int | None = None,
    dns_name: str = "",
) -> AvailableIPPayload:
    """The next free address of the parent prefix, never its network address; the same one on a re-run.

    NetBox hands out the network address of a pool prefix (our loopback and core-link
    prefixes are pools) and refuses it on an interface. When available-ips gives it to us,
    we keep it as a `reserved` address, so nobody is handed it again, and ask once more:
    both steps stay atomic in NetBox, unlike "list the free ones, then create one".
    A point-to-point prefix (/31, /127) has no network address to skip.
    """
    wanted = AvailableIPPayload(
        parent=parent_id,
        description=description,
        dns_name=dns_name,
        subscription_id=subscription_id,
        assigned_object_type="dcim.interface" if assigned_interface_id else None,
        assigned_object_id=assigned_interface_id,
    )
    allocated = get(wanted)
    if allocated is None:
        # Allocated unassigned, then assigned: NetBox refuses the network address of a pool
        # on an interface outright, before we could keep it as reserved.
        unassigned = dataclasses.replace(wanted, assigned_object_type=None, assigned_object_id=None)
        allocated = create(unassigned)
        if is_network_address(allocated.allocated_address()):
            _keep_as_reserved_network_address(allocated)
            allocated = create(unassigned)
    if (allocated.assigned_object_type, allocated.assigned_object_id) != (
        wanted.assigned_object_type,
        wanted.assigned_object_id,
    ):  # a fresh allocation, or a re-run after a crash between allocating and assigning
        allocated = update(dataclasses.replace(wanted, id=allocated.id, address=allocated.address))
    return allocated


def is_network_address(address: str) -> bool:
    """10.0.127.0/24 is; 10.0.127.1/24 is not; neither end of a /31 or /127 is."""
    interface = ipaddress.ip_interface(address)
    network = interface.network
    return network.prefixlen < network.max_prefixlen - 1 and interface.ip == network.network_address


def _keep_as_reserved_network_address(allocated: AvailableIPPayload) -> None:
    address = allocated.allocated_address()
    update(
        IPAddressPayload(
            id=allocated.id,
            address=address,
            status="reserved",
            description=f"network address of {ipaddress.ip_interface(address).network}: "
            "reserved so nrenorch never assigns it",
        )
    )


def release(allocation: NetBoxPayload) -> bool:
    """Give an allocated prefix or address back; False when it was already released (a retry)."""
    return delete(allocation)
