"""NetBox stopped mid-run: the call fails as NetBoxUnavailable, and a retry once NetBox is back
converges without creating anything twice.

Two ways NetBox goes away: its processes stop (connection refused, at once), or they hang
(SIGSTOP: the kernel still accepts the connection and our timeout fires; the request is
then served when NetBox continues, like a reply lost on the way back).
"""

import os
import signal
import time

import pytest
from django.conf import settings

from netbox_integration import sandbox
from netbox_integration.errors import NetBoxUnavailable
from netbox_integration.idempotency import find_or_create
from netbox_integration.operations import filter
from netbox_integration.payloads import SitePayload

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


def provision_sites(names):
    """A stand-in for a workflow step: idempotent, so the engine may simply run it again."""
    return [find_or_create(SitePayload(name=name)) for name in names]


@pytest.fixture
def sandbox_only(netbox_sandbox):
    if netbox_sandbox is None:
        pytest.fail("stopping NetBox needs the local sandbox; these tests cannot stop an external NetBox")
    return netbox_sandbox


def test_netbox_down_then_back(clean_netbox, sandbox_only):
    provision_sites(["Leiden"])
    sandbox.down()
    try:
        with pytest.raises(
            NetBoxUnavailable, match="is unavailable; could not list site name='Leiden': ConnectionError"
        ):
            provision_sites(["Leiden", "Delft"])
    finally:
        sandbox.up()

    (leiden, leiden_created), (delft, delft_created) = provision_sites(["Leiden", "Delft"])

    assert (leiden_created, delft_created) == (False, True)
    assert sorted(site.name for site in filter(SitePayload)) == ["Delft", "Leiden"]


def test_netbox_hangs_then_continues(clean_netbox, sandbox_only, monkeypatch):
    monkeypatch.setattr(settings, "NETBOX_TIMEOUT", 2)
    gunicorn = sandbox.status().pids["gunicorn"]
    assert gunicorn is not None, "the sandbox NetBox runs"
    # Look the site up first, so the request that hangs is the create.
    find_or_create(SitePayload(name="Warmup"))
    os.killpg(gunicorn, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(NetBoxUnavailable, match="Timeout"):
            provision_sites(["Eindhoven"])
        assert time.monotonic() - started < 10
    finally:
        os.killpg(gunicorn, signal.SIGCONT)

    ((eindhoven, _created),) = provision_sites(["Eindhoven"])

    assert [site.name for site in filter(SitePayload, name="Eindhoven")] == ["Eindhoven"]
    assert eindhoven.name == "Eindhoven"
