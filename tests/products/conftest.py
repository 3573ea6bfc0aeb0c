"""Every product lifecycle test runs against the real NetBox sandbox (tests/netbox_fixtures.py)."""

import pytest


@pytest.fixture(autouse=True)
def _uses_netbox(netbox_sandbox):
    """Every test in this folder needs the NetBox up (and holds it for the session)."""
