"""NetBox's configuration.py for the sandbox, and the secrets it needs.

The secrets (SECRET_KEY, the token pepper, the API token) are made once per cache
directory and kept in a file only the user can read: the pepper must not change while
the database holds a token hashed with it, and a known token lets every process of
nrenorch (tests, demo, workers) talk to the sandbox without asking anyone.
"""

import json
import os
import secrets
import string
from dataclasses import asdict, dataclass

from .layout import SandboxLayout

ADMIN_USERNAME = "admin"
_ALPHANUMERIC = string.ascii_letters + string.digits


@dataclass(frozen=True)
class SandboxSecrets:
    secret_key: str
    token_pepper: str
    token_key: str  # v2 token key: 12 alphanumerics
    token_secret: str  # v2 token secret: 40 alphanumerics
    admin_password: str

    @property
    def api_token(self) -> str:
        """The full v2 token: pynetbox sends `Bearer` only when it sees the nbt_ prefix."""
        return f"nbt_{self.token_key}.{self.token_secret}"


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


def load_or_create_secrets(layout: SandboxLayout) -> SandboxSecrets:
    if layout.secrets_file.exists():
        return SandboxSecrets(**json.loads(layout.secrets_file.read_text()))
    made = SandboxSecrets(
        secret_key=_random(60),
        token_pepper=_random(60),
        token_key=_random(12),
        token_secret=_random(40),
        admin_password="admin",
    )
    layout.home.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(layout.secrets_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(asdict(made), handle, indent=2)
    return made


def render_configuration(layout: SandboxLayout, sandbox_secrets: SandboxSecrets) -> str:
    return f'''"""NetBox configuration of the nrenorch sandbox. Written by `manage.py netbox_sandbox up`."""

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": {layout.database!r},
        "USER": {layout.pg_user!r},
        "PASSWORD": "",
        "HOST": {layout.pg_host!r},
        "PORT": {str(layout.pg_port)!r},
        "CONN_MAX_AGE": 300,
    }}
}}

REDIS = {{
    "tasks": {{
        "HOST": {layout.redis_host!r},
        "PORT": {layout.redis_port},
        "DATABASE": {layout.redis_tasks_db},
        "SSL": False,
    }},
    "caching": {{
        "HOST": {layout.redis_host!r},
        "PORT": {layout.redis_port},
        "DATABASE": {layout.redis_caching_db},
        "SSL": False,
    }},
}}

SECRET_KEY = {sandbox_secrets.secret_key!r}
API_TOKEN_PEPPERS = {{1: {sandbox_secrets.token_pepper!r}}}

# No outbound calls from a sandbox.
CENSUS_REPORTING_ENABLED = False
RELEASE_CHECK_URL = None

AUTH_PASSWORD_VALIDATORS = []
TIME_ZONE = "UTC"
'''


def write_configuration(layout: SandboxLayout, sandbox_secrets: SandboxSecrets) -> None:
    conf_dir = layout.configuration_file.parent
    conf_dir.mkdir(parents=True, exist_ok=True)
    (conf_dir / "__init__.py").touch()
    layout.logs.mkdir(parents=True, exist_ok=True)
    for folder in ("media", "reports", "scripts", "static"):
        (layout.root / folder).mkdir(exist_ok=True)
    text = render_configuration(layout, sandbox_secrets)
    if not layout.configuration_file.exists() or layout.configuration_file.read_text() != text:
        layout.configuration_file.write_text(text)
