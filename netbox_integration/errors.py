"""Exceptions of the NetBox service layer, each naming the object and NetBox's own words.

`NetBoxUnavailable` is the one the engine treats as "API unavailable" (a retryable
process): settings.ENGINE_API_UNAVAILABLE_EXCEPTIONS lists it by its dotted path
"netbox_integration.errors.NetBoxUnavailable". It is deliberately not a subclass of the
engine's own marker: netbox_integration imports neither workflows nor products.
"""


class NetBoxError(Exception):
    """Base of every failure talking to NetBox."""


class NetBoxNotConfigured(NetBoxError):
    def __init__(self):
        super().__init__(
            "NetBox is not configured: set NETBOX_URL and NETBOX_TOKEN, or run "
            "`manage.py netbox_sandbox up` for the local sandbox"
        )


class NetBoxUnavailable(NetBoxError):
    """NetBox did not answer (refused, timed out, or its proxy said 502/503/504): retry later."""

    def __init__(self, action: str, subject: str, url: str, reason: str):
        self.action = action
        self.subject = subject
        super().__init__(f"NetBox at {url} is unavailable; could not {action} {subject}: {reason}")


class NetBoxRequestFailed(NetBoxError):
    """NetBox answered and refused: `status` is the HTTP status, `netbox_message` its explanation."""

    def __init__(self, action: str, subject: str, status: int, netbox_message: str):
        self.action = action
        self.subject = subject
        self.status = status
        self.netbox_message = netbox_message
        super().__init__(f"NetBox refused to {action} {subject} (HTTP {status}): {netbox_message}")


class NetBoxObjectNotFound(NetBoxError):
    def __init__(self, subject: str):
        self.subject = subject
        super().__init__(f"NetBox has no {subject}")


class NetBoxAmbiguous(NetBoxError):
    """A natural key matched several objects: a re-run cannot tell which one is ours."""

    def __init__(self, subject: str, ids: list[int]):
        self.subject = subject
        self.ids = ids
        super().__init__(
            f"NetBox has {len(ids)} objects matching {subject} (ids {', '.join(map(str, ids))}); "
            "expected at most one: remove the duplicates in NetBox"
        )


class NoFreeSpace(NetBoxError):
    """available-prefixes / available-ips had nothing left to hand out (NetBox's 409)."""

    def __init__(self, subject: str):
        self.subject = subject
        super().__init__(f"NetBox has no free space left for {subject}")


class UnsupportedPayload(NetBoxError, TypeError):
    def __init__(self, operation: str, type_name: str, supported: list[str]):
        super().__init__(
            f"Cannot {operation} a {type_name}: supported payload types are {', '.join(supported)}"
        )


class WipeNotConfirmed(NetBoxError):
    def __init__(self):
        super().__init__(
            "NetBox wipe deletes every site, device, cable, prefix, address, VLAN and L2VPN: "
            "call it with annihilate=True to confirm"
        )
