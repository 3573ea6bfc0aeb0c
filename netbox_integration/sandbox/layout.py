"""Where the local NetBox sandbox keeps its things, and how it is reached.

Everything lives in the user's cache directory (settings.NRENORCH_CACHE_DIR), keyed by
NetBox version, outside the repository: a fresh clone on the same machine (CI) reuses
the virtualenv and the migrated-database snapshot, and only a new machine pays the cold
set-up. Each knob can be moved with an environment variable (see docs/netbox.md).
"""

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NETBOX_VERSION = "4.7.3"


@dataclass(frozen=True)
class SandboxLayout:
    cache_dir: Path
    version: str
    port: int
    database: str
    pg_host: str
    pg_port: int
    pg_user: str
    redis_host: str
    redis_port: int
    # Redis database numbers nothing else uses: django-q2 takes db 0 of REDIS_URL.
    redis_tasks_db: int
    redis_caching_db: int

    @property
    def home(self) -> Path:
        return self.cache_dir / f"netbox-{self.version}"

    @property
    def venv(self) -> Path:
        return self.home / "venv"

    @property
    def installed_marker(self) -> Path:
        """Written only after pip succeeded, so a half-finished install is redone."""
        return self.venv / ".nrenorch-installed"

    @property
    def netbox_command(self) -> Path:
        return self.venv / "bin" / "netbox"

    @property
    def gunicorn_command(self) -> Path:
        return self.venv / "bin" / "gunicorn"

    @property
    def root(self) -> Path:
        """NETBOX_ROOT: NetBox reads root/conf/configuration.py and keeps media etc. here."""
        return self.home / "root"

    @property
    def configuration_file(self) -> Path:
        return self.root / "conf" / "configuration.py"

    @property
    def secrets_file(self) -> Path:
        return self.home / "secrets.json"

    @property
    def snapshot_file(self) -> Path:
        """Plain-SQL pg_dump of a freshly migrated database: restoring it skips ~5 min of migrate."""
        return self.home / "migrated-database.sql"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def state_file(self) -> Path:
        """Read by nrenorch's settings: url, token, and the pids this sandbox started."""
        return Path(settings.NETBOX_SANDBOX_FILE)

    @property
    def lock_file(self) -> Path:
        return self.cache_dir / "netbox-sandbox.lock"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def netbox_environment(self) -> dict[str, str]:
        """The environment every netbox, gunicorn and rqworker process needs."""
        environment = dict(os.environ)
        environment["NETBOX_ROOT"] = str(self.root)
        environment.pop("DJANGO_SETTINGS_MODULE", None)  # ours would shadow NetBox's
        environment.pop("DATABASE_URL", None)
        # Our Makefile exports it; NetBox starts much faster with its bytecode cached.
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        return environment

    def libpq_environment(self) -> dict[str, str]:
        """The environment for psql, createdb and pg_dump against NetBox's server."""
        environment = dict(os.environ)
        environment.update(PGHOST=self.pg_host, PGPORT=str(self.pg_port), PGUSER=self.pg_user)
        return environment


def sandbox_layout() -> SandboxLayout:
    env = os.environ.get
    return SandboxLayout(
        cache_dir=Path(settings.NRENORCH_CACHE_DIR),
        version=NETBOX_VERSION,
        port=int(env("NETBOX_SANDBOX_PORT", "8001")),
        database=env("NETBOX_SANDBOX_DATABASE", "nrenorch_netbox"),
        pg_host=env("NETBOX_SANDBOX_PGHOST", "127.0.0.1"),
        pg_port=int(env("NETBOX_SANDBOX_PGPORT", "5432")),
        pg_user=env("NETBOX_SANDBOX_PGUSER", getpass.getuser()),
        redis_host=env("NETBOX_SANDBOX_REDIS_HOST", "127.0.0.1"),
        redis_port=int(env("NETBOX_SANDBOX_REDIS_PORT", "6379")),
        redis_tasks_db=int(env("NETBOX_SANDBOX_REDIS_TASKS_DB", "10")),
        redis_caching_db=int(env("NETBOX_SANDBOX_REDIS_CACHING_DB", "11")),
    )
