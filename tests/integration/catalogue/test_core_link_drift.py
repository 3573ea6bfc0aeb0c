"""A core link changed by hand in NetBox: the cable moved to another interface, an address
changed, an interface disabled. Each time the validate fails as inconsistent data naming the
object, the field and both values; repaired by hand, it passes again (real NetBox sandbox)."""

import dataclasses

import pytest

from engine import operations as ops
from netbox_integration.operations import get, update
from netbox_integration.payloads import CablePayload, InterfacePayload, IPAddressPayload, PrefixPayload
from tests.actors import person
from tests.integration.catalogue.catalogue import core_link_between, interface, two_nodes

pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]


@pytest.fixture
def core_link(bootstrapped_netbox, inline_catalogue):
    """rt1 and rt2 with their interfaces, and a 10G core link on ethernet-1/1 of both."""
    rt1, rt2 = two_nodes(inline_catalogue)
    link = core_link_between(inline_catalogue, rt1, rt2)
    return link


def drifts_and_is_repaired(catalogue, link, original, **changed) -> str:
    """Change the NetBox object by hand: the validate fails; put it back by hand: the failed
    validate's retry passes. Returns why it failed."""
    update(dataclasses.replace(original, **changed))
    failed = catalogue.on("validate_core_link", link)
    assert failed.status == "inconsistent_data", (failed.status, failed.failed_reason)
    update(original)
    ops.retry_process(failed.pk, actor=person("noc"))  # as an operator does after the repair
    retried = catalogue.run(failed)
    assert retried.status == "completed", retried.failed_reason
    return failed.failed_reason


def test_the_validate_names_every_change_by_hand(core_link, inline_catalogue):
    link = core_link
    port_a, port_b = link.core_link.ports
    inline_catalogue.completes("validate_core_link", link)

    # --- The cable moved to another interface of rt2 -------------------------------------------
    cable = get(CablePayload, id=link.core_link.ims_id)
    spare = interface(port_b.node.ims_id, "ethernet-1/2")
    reason = drifts_and_is_repaired(inline_catalogue, link, cable, b_interface=spare.id)
    assert (
        f"cable of core link 'core link 10G rt1 ethernet-1/1 <-> ethernet-1/1 rt2' (id {cable.id}): "
        f"b_interface is {spare.id} (ethernet-1/2 of rt2) in NetBox, "
        f"expected {port_b.ims_id} (ethernet-1/1 of rt2)"
    ) in reason, reason

    # --- The address of rt1's side changed: out of the /127; then the same address as a /128 ----
    # (the length matters too: a /128 of the same address is still "in" the /127)
    address = get(IPAddressPayload, id=port_a.ipv6_ipam_id)
    prefix = get(PrefixPayload, id=link.core_link.ipv6_prefix_ipam_id).prefix
    for changed in ("fc00:0:0:99::1/127", address.address.replace("/127", "/128")):
        reason = drifts_and_is_repaired(inline_catalogue, link, address, address=changed)
        assert (
            f"IPv6 address of ethernet-1/1 on rt1 (id {address.id}): address is {changed!r} in NetBox, "
            f"expected one of the link's prefix {prefix} ("
        ) in reason, reason
        assert address.address in reason, reason  # the /127's two addresses are named: the original too

    # --- rt2's core-port interface disabled ------------------------------------------------
    side = get(InterfacePayload, id=port_b.ims_id)
    reason = drifts_and_is_repaired(inline_catalogue, link, side, enabled=False)
    assert "interface ethernet-1/1 of rt2: enabled is False in NetBox, expected True" in reason, reason
