"""The custom field that carries a subscription id on NetBox objects nrenorch creates.

It is what makes find-or-create safe for objects without a unique name of their own
(allocated addresses and prefixes, cables): a re-run step looks for the object of its
own subscription. Bootstrap creates it; wipe leaves it (it holds no inventory).
"""

from .client import netbox, translated_errors
from .payloads import SUBSCRIPTION_ID_FIELD

# NetBox object types ("app.model") of every payload type.
OBJECT_TYPES = sorted(
    {
        "dcim.site",
        "dcim.devicerole",
        "dcim.manufacturer",
        "dcim.devicetype",
        "dcim.device",
        "dcim.interface",
        "dcim.cable",
        "ipam.prefix",
        "ipam.ipaddress",
        "ipam.vlangroup",
        "ipam.vlan",
        "vpn.l2vpn",
        "vpn.l2vpntermination",
    }
)


def ensure_subscription_custom_field() -> tuple[str, bool]:
    """Create the custom field when missing; returns its name and whether it was created."""
    custom_fields = netbox().extras.custom_fields
    with translated_errors("read", f"custom field {SUBSCRIPTION_ID_FIELD!r}"):
        if custom_fields.get(name=SUBSCRIPTION_ID_FIELD) is not None:
            return SUBSCRIPTION_ID_FIELD, False
    with translated_errors("create", f"custom field {SUBSCRIPTION_ID_FIELD!r}"):
        custom_fields.create(
            name=SUBSCRIPTION_ID_FIELD,
            label="nrenorch subscription",
            type="text",
            object_types=OBJECT_TYPES,
            description="The nrenorch subscription that owns this object; set by the orchestrator",
            filter_logic="exact",
            ui_editable="no",
        )
    return SUBSCRIPTION_ID_FIELD, True
