"""NetBox's refusals become clear errors; find-or-create and ensure never duplicate."""

import pytest

from netbox_integration.custom_fields import ensure_subscription_custom_field
from netbox_integration.errors import NetBoxAmbiguous, NetBoxRequestFailed, NoFreeSpace
from netbox_integration.idempotency import ensure, find_or_create
from netbox_integration.ipam import next_free_address, next_free_prefix, release
from netbox_integration.operations import create, filter, get, update
from netbox_integration.payloads import (
    SUBSCRIPTION_ID_FIELD,
    AvailableIPPayload,
    DevicePayload,
    IPAddressPayload,
    PrefixPayload,
    SitePayload,
)

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


def test_a_refusal_names_the_object_and_netbox_message(clean_netbox):
    with pytest.raises(NetBoxRequestFailed) as refused:
        create(DevicePayload(name="node-x", site=999999, device_type=999999, role=999999))
    error = refused.value
    assert error.status == 400
    assert str(error).startswith("NetBox refused to create device 'node-x' (HTTP 400): ")
    assert "site" in error.netbox_message and "999999" in error.netbox_message


def test_update_of_a_missing_object_says_so(clean_netbox):
    with pytest.raises(NetBoxRequestFailed, match="refused to update site 'Gone'"):
        update(SitePayload(id=987654, name="Gone"))


def test_find_or_create_twice_finds_the_first(clean_netbox):
    first, created = find_or_create(SitePayload(name="Groningen"))
    again, created_again = find_or_create(SitePayload(name="Groningen"))
    assert (created, created_again) == (True, False)
    assert again == first
    assert len(filter(SitePayload, name="Groningen")) == 1


def test_a_natural_key_matching_two_objects_is_ambiguous(clean_netbox):
    for address in ("192.0.2.1/24", "192.0.2.2/24"):
        create(IPAddressPayload(address=address, description="twice"))
    with pytest.raises(NetBoxAmbiguous, match="NetBox has 2 objects matching IP address description='twice'"):
        get(AvailableIPPayload(parent=None, description="twice"))


def test_the_subscription_id_is_stored_and_narrows_the_lookup(clean_netbox):
    ensure_subscription_custom_field()
    mine, _ = find_or_create(SitePayload(name="Zwolle", subscription_id="sub-1"))
    assert get(SitePayload, id=mine.id).subscription_id == "sub-1"
    assert get(SitePayload(name="Zwolle", subscription_id="sub-2")) is None
    assert filter(SitePayload, **{f"cf_{SUBSCRIPTION_ID_FIELD}": "sub-1"}) == [mine]


def test_ensure_updates_only_what_differs(clean_netbox):
    created, outcome = ensure(SitePayload(name="Arnhem", description="first"))
    assert outcome == "created"
    assert ensure(SitePayload(name="Arnhem", description="first")) == (created, "unchanged")
    updated, outcome = ensure(SitePayload(name="Arnhem", description="second"))
    assert (outcome, updated.id, updated.description) == ("updated", created.id, "second")


def test_a_full_prefix_says_there_is_no_free_space(clean_netbox):
    link = find_or_create(PrefixPayload(prefix="10.0.10.0/31"))[0]
    addresses = {next_free_address(link.netbox_id(), f"side {side}").address for side in "AB"}
    assert addresses == {"10.0.10.0/31", "10.0.10.1/31"}, "both ends of a point-to-point prefix are usable"
    with pytest.raises(NoFreeSpace, match="next free address in prefix id"):
        next_free_address(link.netbox_id(), "side C")


def test_next_free_prefix_takes_a_127_once_and_release_gives_it_back(clean_netbox):
    core = find_or_create(PrefixPayload(prefix="fc00:0:0:10::/64", is_pool=True))[0]
    link = next_free_prefix(core.netbox_id(), "core link node-1 node-2")
    assert link.prefix == "fc00:0:0:10::/127"
    assert next_free_prefix(core.netbox_id(), "core link node-1 node-2") == link, "a re-run finds it"
    assert next_free_prefix(core.netbox_id(), "core link node-1 node-3").prefix == "fc00:0:0:10::2/127"
    assert release(link) is True
    assert release(link) is False
    assert next_free_prefix(core.netbox_id(), "core link node-2 node-3").prefix == "fc00:0:0:10::/127"
