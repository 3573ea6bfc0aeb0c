"""NetBox's PostgreSQL database: create it, fill it from the snapshot or migrate, empty it.

A cold `netbox migrate` (336 migrations) takes about five minutes on two cores, almost
all of it Django's migration bookkeeping. A plain-SQL pg_dump of a freshly migrated
database restores in seconds, so the first cold set-up on a machine leaves one in the
cache directory and every later set-up restores it instead of migrating.
"""

import shutil
import subprocess
import time

from .errors import SandboxError
from .layout import SandboxLayout
from .reporting import Reporter, timed

# Tables that hold what users (and our tests) create. `reset` empties them; users,
# tokens, content types and NetBox's own configuration stay.
RESETTABLE_TABLE_PREFIXES = (
    "dcim_",
    "ipam_",
    "vpn_",
    "circuits_",
    "tenancy_",
    "virtualization_",
    "wireless_",
    "extras_tag",
    "extras_customfield",
    "extras_cachedvalue",
    "extras_journalentry",
    "core_objectchange",
)


def _psql(layout: SandboxLayout, sql: str, database: str = "postgres") -> str:
    completed = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
        env=layout.libpq_environment(),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise SandboxError(f"PostgreSQL refused {sql[:80]!r} on {database}: {completed.stderr.strip()}")
    return completed.stdout.strip()


def require_postgresql(layout: SandboxLayout) -> None:
    if shutil.which("psql") is None:
        raise SandboxError(
            "psql is not installed: NetBox needs PostgreSQL >= 14 (Debian: apt-get install "
            "postgresql postgresql-contrib libpq-dev)"
        )
    ready = subprocess.run(
        ["pg_isready", "-q", "-h", layout.pg_host, "-p", str(layout.pg_port)], env=layout.libpq_environment()
    )
    if ready.returncode != 0:
        raise SandboxError(
            f"PostgreSQL does not answer on {layout.pg_host}:{layout.pg_port}: start it "
            "(scripts/ensure-services does) or set NETBOX_SANDBOX_PGHOST/NETBOX_SANDBOX_PGPORT"
        )


def database_exists(layout: SandboxLayout) -> bool:
    found = _psql(layout, f"SELECT 1 FROM pg_database WHERE datname = '{layout.database}'")
    return found == "1"


def applied_migrations(layout: SandboxLayout) -> int:
    """How many migrations the database has recorded; 0 when it has never been migrated."""
    exists = _psql(layout, "SELECT to_regclass('public.django_migrations') IS NOT NULL", layout.database)
    if exists != "t":
        return 0
    return int(_psql(layout, "SELECT count(*) FROM django_migrations", layout.database))


def _snapshot_migration_count_file(layout: SandboxLayout):
    return layout.snapshot_file.with_suffix(".migrations")


def snapshot_migration_count(layout: SandboxLayout) -> int | None:
    """The migration count recorded with the snapshot, None when there is no snapshot."""
    count_file = _snapshot_migration_count_file(layout)
    if not (layout.snapshot_file.exists() and count_file.exists()):
        return None
    return int(count_file.read_text().strip())


def create_database(layout: SandboxLayout) -> None:
    _psql(layout, f'CREATE DATABASE "{layout.database}"')


def drop_database(layout: SandboxLayout) -> None:
    _psql(layout, f'DROP DATABASE IF EXISTS "{layout.database}" WITH (FORCE)')


def restore_snapshot(layout: SandboxLayout, report: Reporter) -> None:
    with timed(report, "Restored the migrated-database snapshot"):
        completed = subprocess.run(
            [
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                layout.database,
                "-f",
                str(layout.snapshot_file),
            ],
            env=layout.libpq_environment(),
            capture_output=True,
            text=True,
        )
    if completed.returncode != 0:
        raise SandboxError(
            f"Restoring {layout.snapshot_file} failed ({completed.stderr.strip()[:300]}); delete the file "
            "to migrate from scratch instead"
        )


def take_snapshot(layout: SandboxLayout, report: Reporter) -> None:
    """Dump the freshly migrated database (no users, no data) for every later set-up."""
    partial = layout.snapshot_file.with_suffix(".partial")
    with timed(report, f"Saved the migrated-database snapshot to {layout.snapshot_file}"):
        with partial.open("w") as handle:
            completed = subprocess.run(
                ["pg_dump", "--no-owner", "--no-privileges", "-d", layout.database],
                env=layout.libpq_environment(),
                stdout=handle,
                stderr=subprocess.PIPE,
                text=True,
            )
        if completed.returncode != 0:
            partial.unlink(missing_ok=True)
            raise SandboxError(f"pg_dump of {layout.database} failed: {completed.stderr.strip()}")
        partial.replace(layout.snapshot_file)
        _snapshot_migration_count_file(layout).write_text(f"{applied_migrations(layout)}\n")


def migrate(layout: SandboxLayout, report: Reporter) -> None:
    log = layout.logs / "migrate.log"
    report(f"Migrating NetBox's database {layout.database} (cold: about 5 minutes; log: {log}) ...")
    with timed(report, "Migrated"), log.open("w") as handle:
        completed = subprocess.run(
            [str(layout.netbox_command), "migrate", "--no-input", "--skip-checks"],
            env=layout.netbox_environment(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if completed.returncode != 0:
        raise SandboxError(f"netbox migrate failed; see {log}")


def ensure_database(layout: SandboxLayout, report: Reporter) -> None:
    """A database migrated to this NetBox version: restored from the snapshot when possible."""
    if not database_exists(layout):
        create_database(layout)
        if snapshot_migration_count(layout) is not None:
            restore_snapshot(layout, report)
    expected = snapshot_migration_count(layout)
    if expected is not None and applied_migrations(layout) == expected:
        return
    had_snapshot = expected is not None
    migrate(layout, report)
    if not had_snapshot:
        take_snapshot(layout, report)


def api_token_exists(layout: SandboxLayout, key: str) -> bool:
    """Whether the v2 token with this key is in the database (then nbshell, 10+ s, is not needed)."""
    if applied_migrations(layout) == 0:
        return False
    return _psql(layout, f"SELECT count(*) FROM users_token WHERE key = '{key}'", layout.database) == "1"


def empty_user_data(layout: SandboxLayout) -> None:
    """Truncate every table of user data in one statement: a clean NetBox in about a second."""
    tables = _psql(
        layout,
        "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public' AND ("
        + " OR ".join(
            f"tablename LIKE '{prefix.replace('_', '\\_')}%'" for prefix in RESETTABLE_TABLE_PREFIXES
        )
        + ")",
        layout.database,
    )
    if not tables:
        return
    # NetBox's own processes may be reading (a request finishing, the rqworker): TRUNCATE
    # takes its locks table by table, so it can deadlock with a reader. The reader's work is
    # short; try again.
    for attempt in range(1, 6):
        try:
            _psql(layout, f"TRUNCATE {tables} CASCADE", layout.database)
            return
        except SandboxError as exc:
            if "deadlock detected" not in str(exc) or attempt == 5:
                raise
            time.sleep(0.5 * attempt)
