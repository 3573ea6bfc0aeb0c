"""The catalogue against the real NetBox sandbox: bootstrapped NetBox, and a way to run processes."""

import pytest

from netbox_integration.bootstrap import bootstrap
from tests.integration.netbox.conftest import _uses_netbox, clean_netbox, netbox_sandbox  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


@pytest.fixture
def bootstrapped_netbox(clean_netbox):
    """An empty NetBox with the catalogue's sites, roles, device types and pools."""
    bootstrap()
    return clean_netbox


@pytest.fixture
def inline_catalogue(inline_engine, django_db_setup, django_db_blocker):
    """Processes run in the test process (quick to debug; the walk-through uses the worker)."""
    from tests.integration.catalogue.catalogue import Catalogue
    from workflows.models import Process

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
