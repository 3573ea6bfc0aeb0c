"""NetBox's own virtualenv: NetBox pins Django 6.1 and friends, so it never shares ours."""

import os
import shutil
import subprocess
import sys

from django.conf import settings

from .errors import SandboxError
from .layout import SandboxLayout
from .reporting import Reporter


def find_python312() -> str:
    """The interpreter scripts/find-python312 finds (NetBox 4.7 needs Python >= 3.12)."""
    script = settings.BASE_DIR / "scripts" / "find-python312"
    found = subprocess.run([str(script)], capture_output=True, text=True).stdout.strip()
    if found:
        return found
    if sys.version_info[:2] == (3, 12):
        return sys.executable
    raise SandboxError(
        "NetBox 4.7 needs Python 3.12 and none was found: install it (pyenv install 3.12) "
        "or put python3.12 on PATH"
    )


def ensure_libpq_headers(report: Reporter) -> None:
    """psycopg[c] compiles against libpq: install Debian's libpq-dev when we may, else say how."""
    if shutil.which("pg_config"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        report("pg_config not found: installing libpq-dev (psycopg[c] compiles against it) ...")
        for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "libpq-dev"]):
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return
    raise SandboxError(
        "NetBox's psycopg[c] compiles against the PostgreSQL client headers, and pg_config is "
        "missing: install them (Debian: sudo apt-get install libpq-dev gcc) and run again"
    )


def ensure_installed(layout: SandboxLayout, report: Reporter) -> bool:
    """Install NetBox into its venv unless already there. Returns True when it installed."""
    if layout.installed_marker.exists() and layout.netbox_command.exists():
        return False
    ensure_libpq_headers(report)
    python = find_python312()
    report(f"Installing NetBox {layout.version} into {layout.venv} (about 1-2 minutes) ...")
    if layout.venv.exists():
        shutil.rmtree(layout.venv)  # a half-finished install: start over
    subprocess.run([python, "-m", "venv", str(layout.venv)], check=True)
    log = layout.logs / "pip-install.log"
    layout.logs.mkdir(parents=True, exist_ok=True)
    with log.open("w") as handle:
        completed = subprocess.run(
            [str(layout.venv / "bin" / "python"), "-m", "pip", "install", f"netbox=={layout.version}"],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if completed.returncode != 0:
        raise SandboxError(f"pip install netbox=={layout.version} failed; see {log}")
    layout.installed_marker.write_text(layout.version + "\n")
    return True
