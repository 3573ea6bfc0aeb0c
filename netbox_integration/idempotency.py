"""Find-or-create by natural key, so a step that runs again never makes a duplicate.

A payload's natural key is its name (or what identifies it in NetBox: device and name for
an interface, group and vid for a VLAN, the description for an allocated address),
narrowed to its subscription when `subscription_id` is set (NetBox custom field
SUBSCRIPTION_ID_FIELD, created by bootstrap).
"""

from typing import Literal

from .errors import NetBoxRequestFailed
from .operations import create, get, update
from .payloads import NetBoxPayload

Outcome = Literal["created", "updated", "unchanged"]


def find_or_create[P: NetBoxPayload](payload: P) -> tuple[P, bool]:
    """The object matching the payload's natural key, created when missing; True when created.

    When a concurrent caller created the same object between our lookup and our create,
    NetBox refuses ours (a unique name, a duplicate address) and the lookup finds theirs.
    """
    existing = get(payload)
    if existing is not None:
        return existing, False
    try:
        return create(payload), True
    except NetBoxRequestFailed:
        existing = get(payload)
        if existing is None:
            raise
        return existing, False


def ensure[P: NetBoxPayload](payload: P) -> tuple[P, Outcome]:
    """Like find_or_create, and an existing object that differs from the payload is updated."""
    existing, created = find_or_create(payload)
    if created:
        return existing, "created"
    wanted = payload.api_fields()
    have = existing.api_fields()
    if all(have.get(name) == value for name, value in wanted.items() if name in have):
        return existing, "unchanged"
    return update(_with_id(payload, existing.netbox_id())), "updated"


def _with_id[P: NetBoxPayload](payload: P, id: int) -> P:
    import dataclasses

    return dataclasses.replace(payload, id=id)
