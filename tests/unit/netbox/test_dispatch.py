"""Dispatch on the payload type: an unsupported type is refused with the list of supported ones."""

import pytest

from netbox_integration import operations
from netbox_integration.bootstrap import wipe
from netbox_integration.errors import UnsupportedPayload, WipeNotConfirmed
from netbox_integration.ipam import is_network_address
from netbox_integration.payloads import PAYLOAD_TYPES


class NotAPayload:
    pass


@pytest.mark.parametrize("operation", ["create", "update", "delete"])
def test_unsupported_instance_lists_supported_types(operation):
    with pytest.raises(UnsupportedPayload) as refused:
        getattr(operations, operation)(NotAPayload())
    message = str(refused.value)
    assert message.startswith(f"Cannot {operation} a NotAPayload: supported payload types are ")
    assert all(payload_type.__name__ in message for payload_type in PAYLOAD_TYPES)


@pytest.mark.parametrize("operation", ["get", "filter"])
@pytest.mark.parametrize("argument", [NotAPayload, NotAPayload()], ids=["type", "instance"])
def test_unsupported_type_lists_supported_types(operation, argument):
    with pytest.raises(
        UnsupportedPayload, match=f"Cannot {operation} a NotAPayload: supported payload types are "
    ):
        getattr(operations, operation)(argument)


def test_wipe_without_confirmation_refuses_before_touching_netbox(settings):
    settings.NETBOX_URL = ""  # would raise NetBoxNotConfigured if wipe got as far as NetBox
    with pytest.raises(WipeNotConfirmed, match="annihilate=True"):
        wipe()


@pytest.mark.parametrize(
    "address, network",
    [
        ("10.0.127.0/24", True),
        ("10.0.127.1/24", False),
        ("fc00:0:0:127::/64", True),
        ("fc00:0:0:127::1/64", False),
        ("fc00:0:0:10::/127", False),
        ("10.0.10.0/31", False),
    ],
)
def test_is_network_address(address, network):
    assert is_network_address(address) is network
