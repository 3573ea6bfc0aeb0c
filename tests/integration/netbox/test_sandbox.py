"""The sandbox's own contract: `up` on a running sandbox is quick and changes nothing."""

import time

import pytest

from netbox_integration import sandbox

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


def test_up_when_up_is_quick_and_keeps_the_processes(netbox_sandbox):
    if netbox_sandbox is None:
        pytest.fail("this test is about the local sandbox; unset NETBOX_URL to run it")
    before = sandbox.status()
    started = time.monotonic()
    after = sandbox.up()
    assert time.monotonic() - started < 5
    assert after.pids == before.pids
    assert (after.running, after.api_answers, after.netbox_version) == (True, True, "4.7.3")
    assert after.token.startswith("nbt_")
