"""GraphQL types for objects read live from NetBox (see netbox_integration.links)."""

import graphene
from graphene.types.generic import GenericScalar


def _name(record: dict, key: str, attribute: str = "name"):
    value = record.get(key)
    return value.get(attribute) if isinstance(value, dict) else value


class NetBoxDeviceType(graphene.ObjectType):
    """A device as NetBox has it now."""

    id = graphene.Int(required=True)
    name = graphene.String()
    status = graphene.String(description="NetBox's status value: active, planned, offline, …")
    site = graphene.String(description="The site's name")
    device_type = graphene.String(description="The device type's model")
    role = graphene.String(description="The device role's name")
    primary_ip4 = graphene.String(description="The primary IPv4 address, with prefix length")
    primary_ip6 = graphene.String(description="The primary IPv6 address, with prefix length")
    url = graphene.String(description="The device's page in NetBox")
    raw = GenericScalar(description="Everything NetBox returned for the device")

    def resolve_id(record, info):
        return record["id"]

    def resolve_name(record, info):
        return record.get("name")

    def resolve_status(record, info):
        return _name(record, "status", "value")

    def resolve_site(record, info):
        return _name(record, "site")

    def resolve_device_type(record, info):
        return _name(record, "device_type", "model")

    def resolve_role(record, info):
        return _name(record, "role")

    def resolve_primary_ip4(record, info):
        return _name(record, "primary_ip4", "address")

    def resolve_primary_ip6(record, info):
        return _name(record, "primary_ip6", "address")

    def resolve_url(record, info):
        return record.get("display_url") or record.get("url")

    def resolve_raw(record, info):
        return record


#: The GraphQL type per NetBox endpoint; other endpoints are shown as plain JSON.
NETBOX_OBJECT_TYPES = {"dcim.devices": NetBoxDeviceType}
