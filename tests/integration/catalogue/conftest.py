"""The catalogue against the real NetBox sandbox: bootstrapped NetBox, and a way to run processes."""

import pytest

from netbox_integration.bootstrap import bootstrap
from tests.integration.netbox.conftest import _uses_netbox  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


@pytest.fixture
def bootstrapped_netbox(clean_netbox):
    """An empty NetBox with the catalogue's sites, roles, device types and pools."""
    bootstrap()
    return clean_netbox


@pytest.fixture
def inline_catalogue(inline_engine, django_db_setup, django_db_blocker):
    """Processes run in the test process (quick to debug; the walk-through uses the worker)."""
    from engine.models import Process
    from tests.integration.catalogue.catalogue import Catalogue

    def run(process):
        inline_engine.drain()
        return Process.objects.get(pk=process.pk)

    return Catalogue(run)


@pytest.fixture
def worker_env():
    """Extra environment for the worker cluster (a test module overrides it)."""
    return {}


@pytest.fixture
def worker_catalogue(transactional_db, tmp_path, worker_env):
    """Processes run on a real django-q2 cluster (a subprocess) on the test database."""
    from django.db import connection

    from tests.integration.catalogue.catalogue import Catalogue, finished_process
    from tests.integration.engine.conftest import Cluster

    if connection.vendor != "postgresql":
        pytest.fail("The worker tests need PostgreSQL: run them with DATABASE_URL=postgres://…")
    cluster = Cluster(tmp_path)
    cluster.env.update(worker_env)
    cluster.start()
    catalogue = Catalogue(finished_process)
    catalogue.cluster = cluster
    yield catalogue
    cluster.stop()


@pytest.fixture
def network(bootstrapped_netbox, inline_catalogue):
    """rt1, rt2 with tagged ports on ethernet-1/2, an untagged port on rt1 ethernet-1/3, a 10G core
    link on ethernet-1/1 of both, an L2VPN with VLANs 100-102 over the tagged ports."""
    from tests.integration.catalogue.catalogue import (
        core_link_between,
        port_page,
        two_nodes_with_tagged_ports,
    )

    rt1, rt2, tagged = two_nodes_with_tagged_ports(inline_catalogue)
    _, untagged = inline_catalogue.create(
        "create_port", "port 10G", {"node": str(rt1.pk)}, port_page(rt1, "ethernet-1/3", mode="untagged"), {}
    )
    link = core_link_between(inline_catalogue, rt1, rt2)
    l2vpn_page = {"number_of_ports": 2, "speed": 100, "speed_policer": False}
    _, l2vpn = inline_catalogue.create(
        "create_l2vpn", "l2vpn", l2vpn_page, {"ports": [str(p.pk) for p in tagged], "vlan": "100-102"}, {}
    )
    return {
        "rt1": rt1,
        "rt2": rt2,
        "tagged": tagged,
        "untagged": untagged,
        "link": link,
        "l2vpn": l2vpn,
        "l2vpn_page": l2vpn_page,
    }
