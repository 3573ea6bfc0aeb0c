import pytest

import tests.engine_workflows  # noqa: F401  (registers the engine's test workflows)
import tests.subscription_workflows  # noqa: F401  (the test products' workflows)
from tests.netbox_fixtures import clean_netbox, netbox_sandbox  # noqa: F401  (one definition per session)


@pytest.fixture
def inline_engine(monkeypatch):
    """Run processes in the test process: `inline_engine.drain()` runs what was queued."""
    from engine import dispatch, runner

    class Inline:
        def __init__(self):
            self.queued = []

        def enqueue(self, process_id):
            self.queued.append(str(process_id))

        def drain(self):
            while self.queued:
                runner.run_process(self.queued.pop(0))

    inline = Inline()
    monkeypatch.setattr(dispatch, "dispatcher", inline)
    return inline


@pytest.fixture
def effects_table(django_db_blocker):
    from django.db import connection

    from tests.engine_workflows import EFFECTS_TABLE

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {EFFECTS_TABLE} (process_id varchar(64), step varchar(64))"
        )
        cursor.execute(f"DELETE FROM {EFFECTS_TABLE}")
    return EFFECTS_TABLE
