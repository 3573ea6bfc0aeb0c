"""The bootstrapped pool prefixes the catalogue allocates from, found by their address."""

from netbox_integration.bootstrap import PREFIXES
from netbox_integration.errors import NetBoxObjectNotFound
from netbox_integration.operations import get
from netbox_integration.payloads import PrefixPayload

IPV4_LOOPBACK = "10.0.127.0/24"
IPV6_LOOPBACK = "fc00:0:0:127::/64"
IPV6_CORE_LINK = "fc00:0:0:10::/64"

LOOPBACK_PREFIXES = {4: IPV4_LOOPBACK, 6: IPV6_LOOPBACK}


def pool_prefix_id(prefix: str) -> int:
    """NetBox's id of a bootstrapped pool; a clear error when NetBox was not bootstrapped."""
    found = get(PrefixPayload, prefix=prefix)
    if found is None:
        raise NetBoxObjectNotFound(
            f"prefix {prefix} ({PREFIXES.get(prefix, 'pool')}): run the NetBox bootstrap task first"
        )
    return found.netbox_id()
