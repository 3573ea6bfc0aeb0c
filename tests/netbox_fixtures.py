"""Fixtures for tests against a real NetBox: the local sandbox, brought up and emptied.

Defined here, imported once by tests/conftest.py, so a session has one `netbox_sandbox`
however many folders use it (a copy per conftest would take the sandbox twice).

`netbox_sandbox` (session) takes the sandbox for this session (another session on the
machine waits), brings it up (seconds when it is up; about 10 minutes the first time on a
machine) and empties it once; `clean_netbox` empties it again for a test that needs a
NetBox with nothing in it. With NETBOX_URL set in the environment the tests run against
that NetBox instead, and since they delete what is in it, only when
NETBOX_TESTS_MAY_WIPE=1 says that is fine.
"""

import os

import pytest
from django.conf import settings

from netbox_integration import sandbox
from netbox_integration.bootstrap import wipe
from netbox_integration.client import netbox


def _empty_external_netbox() -> None:
    wipe(annihilate=True)


@pytest.fixture(scope="session")
def netbox_sandbox():
    """The NetBox the tests use, empty at the start of the session; yields its status."""
    if os.environ.get("NETBOX_URL"):
        if os.environ.get("NETBOX_TESTS_MAY_WIPE") != "1":
            pytest.fail(
                "NETBOX_URL points at an external NetBox and these tests delete everything in it: "
                "set NETBOX_TESTS_MAY_WIPE=1 to allow that, or unset NETBOX_URL to use the local sandbox"
            )
        _empty_external_netbox()
        yield None
        return
    with sandbox.exclusive_use(report=print):
        status = sandbox.up()
        # Settings were read before the sandbox file existed on a fresh machine: point them at it.
        saved = settings.NETBOX_URL, settings.NETBOX_TOKEN
        settings.NETBOX_URL, settings.NETBOX_TOKEN = status.url, status.token
        sandbox.reset()
        yield status
        settings.NETBOX_URL, settings.NETBOX_TOKEN = saved


@pytest.fixture
def clean_netbox(netbox_sandbox):
    """A NetBox with no objects in it (users and the token stay)."""
    if netbox_sandbox is None:
        _empty_external_netbox()
    else:
        sandbox.reset()
    yield netbox()
