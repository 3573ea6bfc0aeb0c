"""create, update, delete, get and filter, dispatched on the payload type.

Most types share one implementation (their endpoint and fields say everything); the
allocating types (AvailablePrefixPayload, AvailableIPPayload) create through NetBox's
atomic available-prefixes / available-ips endpoints and are ordinary prefixes and
addresses afterwards. Every call returns payloads (never pynetbox records), and every
failure is one of netbox_integration.errors, naming the object and NetBox's message.

`get` and `filter` take a payload type (or an instance, whose type is used), so callers
write `filter(VLANPayload, group_id=3)`.
"""

from functools import singledispatch
from typing import Any

from pynetbox.core.query import Request, RequestError

from .client import netbox, translated_errors
from .errors import NetBoxAmbiguous, UnsupportedPayload
from .payloads import (
    PAYLOAD_TYPES,
    AvailableIPPayload,
    AvailablePrefixPayload,
    NetBoxPayload,
)

# NetBox's largest page: fewer round trips when listing everything of a kind.
PAGE_SIZE = 1000


def _endpoint(payload_type: type[NetBoxPayload]):
    app, name = payload_type.endpoint.split(".")
    return getattr(getattr(netbox(), app), name)


def _supported(operation: str):
    registry = {
        "create": _create.registry,
        "update": _update.registry,
        "delete": delete.registry,
        "get": _get.registry,
        "filter": _filter.registry,
    }[operation]
    return sorted(t.__name__ for t in registry if t not in (object, _Probe))


def _filter_values(filters: dict[str, Any]) -> dict[str, Any]:
    """NetBox filters on "null" for an empty relation; pynetbox would send the word None."""
    return {name: "null" if value is None else value for name, value in filters.items()}


# --- create ------------------------------------------------------------------------


def create[P: NetBoxPayload](payload: P) -> P:
    """Create the object in NetBox; returns the payload as NetBox stored it (with its id)."""
    return _same_type(payload, _create(payload))


@singledispatch
def _create(payload) -> NetBoxPayload:
    raise UnsupportedPayload("create", type(payload).__name__, _supported("create"))


def _create_plain[P: NetBoxPayload](payload: P) -> P:
    with translated_errors("create", payload.describe()):
        record = _endpoint(type(payload)).create(payload.to_api())
    return type(payload).from_api(dict(record))


@_create.register
def _create_available_prefix(payload: AvailablePrefixPayload) -> AvailablePrefixPayload:
    with translated_errors("create", f"a /{payload.prefix_length} in prefix id {payload.parent}"):
        data = _detail_post(f"ipam/prefixes/{payload.parent}/available-prefixes/", payload.to_api())
    return AvailablePrefixPayload.from_api(data, parent=payload.parent)


@_create.register
def _create_available_ip(payload: AvailableIPPayload) -> AvailableIPPayload:
    with translated_errors("create", f"the next free address in prefix id {payload.parent}"):
        data = _detail_post(f"ipam/prefixes/{payload.parent}/available-ips/", payload.to_api())
    return AvailableIPPayload.from_api(data, parent=payload.parent)


def _detail_post(path: str, data: dict) -> dict:
    """POST to a detail route (available-ips/-prefixes) in one request, no parent fetch first."""
    api = netbox()
    request = Request(base=f"{api.base_url}/{path}", token=api.token, http_session=api.http_session)
    return request.post(data)


# --- update ------------------------------------------------------------------------


def update[P: NetBoxPayload](payload: P) -> P:
    """Write every field of the payload to the object with payload.id; returns what NetBox stored."""
    return _same_type(payload, _update(payload))


@singledispatch
def _update(payload) -> NetBoxPayload:
    raise UnsupportedPayload("update", type(payload).__name__, _supported("update"))


def _update_any[P: NetBoxPayload](payload: P) -> P:
    if payload.id is None:
        raise ValueError(f"Cannot update {payload.describe()}: it has no NetBox id (create or find it first)")
    with translated_errors("update", payload.describe()):
        (record,) = _endpoint(type(payload)).update([{"id": payload.id, **payload.to_api()}])
    known = {"parent": payload.parent} if hasattr(payload, "parent") else {}
    return type(payload).from_api(dict(record), **known)


# --- delete ------------------------------------------------------------------------


@singledispatch
def delete(payload) -> bool:
    """Delete the object with payload.id. Returns False when it was already gone (a retry)."""
    raise UnsupportedPayload("delete", type(payload).__name__, _supported("delete"))


def _delete_any(payload: NetBoxPayload) -> bool:
    if payload.id is None:
        raise ValueError(f"Cannot delete {payload.describe()}: it has no NetBox id")
    api = netbox()
    url = f"{_endpoint(type(payload)).url}/{payload.id}/"
    with translated_errors("delete", payload.describe()):
        try:
            Request(base=url, token=api.token, http_session=api.http_session).delete()
        except RequestError as error:
            if error.req.status_code == 404:
                return False
            raise
    return True


# --- get / filter ----------------------------------------------------------------------


@singledispatch
def _get(payload, **lookup):
    raise UnsupportedPayload("get", type(payload).__name__, _supported("get"))


def get[P: NetBoxPayload](payload_type: type[P] | P, id: int | None = None, **filters) -> P | None:
    """The one object with this id, or matching these NetBox filters; None when there is none.

    Given an instance, looks up its id, else its natural key. Raises NetBoxAmbiguous when
    the filters match more than one object.
    """
    probe = _probe(payload_type)
    if isinstance(probe, NetBoxPayload) and id is None and not filters:
        if probe.id is not None:
            id = probe.id
        else:
            filters = probe.natural_key_filters()
    return _get(probe, id=id, **filters)


def _get_any(probe, id=None, **filters):
    payload_type = _payload_type(probe)
    if id is not None:
        with translated_errors("read", f"{payload_type.kind} id {id}"):
            record = _endpoint(payload_type).get(id)
        return payload_type.from_api(dict(record)) if record is not None else None
    found = filter(payload_type, **filters)
    if len(found) > 1:
        raise NetBoxAmbiguous(
            _subject(payload_type, filters), [item.id for item in found if item.id is not None]
        )
    return found[0] if found else None


@singledispatch
def _filter(payload, **filters):
    raise UnsupportedPayload("filter", type(payload).__name__, _supported("filter"))


def filter[P: NetBoxPayload](payload_type: type[P] | P, **filters) -> list[P]:  # noqa: A001 - NetBox's own word
    """Every object of this type matching the NetBox filters (all of them without filters)."""
    return _filter(_probe(payload_type), **filters)


def _filter_any(probe, **filters):
    payload_type = _payload_type(probe)
    with translated_errors("list", _subject(payload_type, filters)):
        records = _endpoint(payload_type).filter(limit=PAGE_SIZE, **_filter_values(filters))
        return [payload_type.from_api(dict(record)) for record in records]


def _subject(payload_type: type[NetBoxPayload], filters: dict) -> str:
    described = " ".join(f"{name}={value!r}" for name, value in filters.items())
    return f"{payload_type.kind} {described}" if described else f"every {payload_type.kind}"


# --- dispatch on a type, not an instance -----------------------------------------------


class _Probe:
    """Stands for "a payload of type T" so get/filter on a type dispatch like one on an instance."""

    def __init__(self, payload_type: type):
        self.payload_type = payload_type


def _same_type[P: NetBoxPayload](payload: P, stored: NetBoxPayload) -> P:
    """What NetBox stored, read back as the payload's own type (every implementation does so)."""
    if not isinstance(stored, type(payload)):
        raise TypeError(f"{type(payload).__name__} came back from NetBox as {type(stored).__name__}")
    return stored


def _probe(payload_type_or_instance):
    """A payload instance stays itself; a type (or any other object's type) becomes a _Probe."""
    if isinstance(payload_type_or_instance, NetBoxPayload):
        return payload_type_or_instance
    if isinstance(payload_type_or_instance, type):
        return _Probe(payload_type_or_instance)
    return _Probe(type(payload_type_or_instance))


def _payload_type(probe) -> type[NetBoxPayload]:
    return probe.payload_type if isinstance(probe, _Probe) else type(probe)


def _dispatch_probe(function):
    """Route a _Probe to the implementation registered for the type it stands for."""

    def on_probe(probe: _Probe, **kwargs):
        implementation = function.dispatch(probe.payload_type)
        if implementation is function.registry[object]:
            operation = function.__name__.strip("_")
            raise UnsupportedPayload(
                operation,
                getattr(probe.payload_type, "__name__", repr(probe.payload_type)),
                _supported(operation),
            )
        return implementation(probe, **kwargs)

    function.register(_Probe, on_probe)


for _payload_type_ in PAYLOAD_TYPES:
    if _payload_type_ not in (AvailablePrefixPayload, AvailableIPPayload):
        _create.register(_payload_type_, _create_plain)
    _update.register(_payload_type_, _update_any)
    delete.register(_payload_type_, _delete_any)
    _get.register(_payload_type_, _get_any)
    _filter.register(_payload_type_, _filter_any)
_dispatch_probe(_get)
_dispatch_probe(_filter)
