"""Payload types without NetBox: slugs, natural keys, reading NetBox's JSON back."""

import pytest

from netbox_integration.payloads import (
    PAYLOAD_TYPES,
    SUBSCRIPTION_ID_FIELD,
    AvailablePrefixPayload,
    CablePayload,
    InterfacePayload,
    SitePayload,
    VLANGroupPayload,
    slugify,
)


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Amsterdam", "amsterdam"),
        ("Provider Edge", "provider-edge"),
        ("node-1 ethernet-1/1", "node-1-ethernet-1-1"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slug_defaults_from_the_name_and_an_explicit_one_stays():
    assert SitePayload(name="Madrid").slug == "madrid"
    assert VLANGroupPayload(name="a b", slug="chosen").slug == "chosen"


def test_from_api_turns_nested_objects_into_ids_and_choices_into_values():
    data = {
        "id": 7,
        "device": {"id": 3, "name": "node-1", "url": "..."},
        "name": "ethernet-1/1",
        "type": {"value": "10gbase-x-xfp", "label": "XFP (10GE)"},
        "enabled": True,
        "description": "",
        "mode": {"value": "tagged", "label": "Tagged"},
        "speed": 10_000_000,
        "tagged_vlans": [{"id": 11, "vid": 11}, {"id": 12, "vid": 12}],
        "custom_fields": {SUBSCRIPTION_ID_FIELD: "sub-1"},
        "mtu": None,
    }
    assert InterfacePayload.from_api(data) == InterfacePayload(
        id=7,
        device=3,
        name="ethernet-1/1",
        type="10gbase-x-xfp",
        enabled=True,
        mode="tagged",
        speed=10_000_000,
        tagged_vlans=[11, 12],
        subscription_id="sub-1",
    )


def test_cable_reads_and_writes_its_interface_terminations():
    cable = CablePayload(a_interface=1, b_interface=2)
    assert cable.api_fields()["a_terminations"] == [{"object_type": "dcim.interface", "object_id": 1}]
    data = {"id": 5, **cable.api_fields(), "status": {"value": "connected", "label": "Connected"}}
    assert CablePayload.from_api(data) == CablePayload(id=5, a_interface=1, b_interface=2)


def test_subscription_id_is_written_to_the_custom_field_and_narrows_the_natural_key():
    site = SitePayload(name="Rome", subscription_id="abc")
    assert site.to_api()["custom_fields"] == {SUBSCRIPTION_ID_FIELD: "abc"}
    assert site.natural_key_filters() == {"name": "Rome", f"cf_{SUBSCRIPTION_ID_FIELD}": "abc"}
    assert "custom_fields" not in SitePayload(name="Rome").to_api()


def test_describe_names_the_object_by_its_natural_key():
    assert SitePayload(name="Rome").describe() == "site 'Rome'"
    assert (
        InterfacePayload(device=3, name="ethernet-1/1").describe() == "interface device=3 name='ethernet-1/1'"
    )


def test_an_allocated_prefix_reads_back_its_length_from_the_prefix():
    read = AvailablePrefixPayload.from_api({"id": 9, "prefix": "fc00:0:0:10::/127", "status": "active"})
    assert (read.prefix, read.prefix_length, read.parent) == ("fc00:0:0:10::/127", 127, None)


def test_every_payload_type_names_its_endpoint_and_natural_key():
    for payload_type in PAYLOAD_TYPES:
        assert payload_type.endpoint.count(".") == 1, payload_type
        assert payload_type.natural_key, payload_type
