import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings


def test_orm_broker_retry_exceeds_timeout():
    # django-q2 redelivers a task that is not acknowledged within `retry`: it must exceed
    # the task timeout or a long step runs twice.
    q_cluster: dict[str, Any] = settings.Q_CLUSTER
    assert q_cluster["retry"] > q_cluster["timeout"]


# --- SECRET_KEY and DEBUG: each case in a fresh process, as gunicorn or systemd starts it ------

SETTING_VARIABLES = ("SECRET_KEY", "DEBUG", "NRENORCH_DEVELOPMENT", "DJANGO_SETTINGS_MODULE")
PRINT_SETTINGS = (
    "import nrenorch.wsgi; from django.conf import settings as s; "
    "print(s.DEBUG, s.SECRET_KEY == s.DEVELOPMENT_SECRET_KEY)"
)


def run(*args: str, **variables: str) -> subprocess.CompletedProcess:
    """A new user's environment: none of the settings variables unless given (the test
    settings put NRENORCH_DEVELOPMENT in this process's environment)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTING_VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE="nrenorch.settings", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


def test_the_wsgi_app_refuses_to_start_without_secret_key():
    message = refusal(run("-c", "import nrenorch.wsgi"))
    assert message.startswith("django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set")
    assert "python -c 'import secrets; print(secrets.token_urlsafe(50))'" in message
    assert "NRENORCH_DEVELOPMENT=1" in message


def test_the_workers_refuse_to_start_without_secret_key():
    """qcluster signs the queue payloads with the key: it stops before the cluster starts."""
    assert "SECRET_KEY is not set" in refusal(run("manage.py", "qcluster"))


def test_the_example_env_files_placeholder_is_refused_too():
    message = refusal(run("-c", "import nrenorch.wsgi", SECRET_KEY="change-me-to-50-random-characters"))
    assert "SECRET_KEY is the placeholder from deploy/nrenorch.env.example" in message


def test_with_secret_key_it_starts_and_debug_defaults_off():
    result = run("-c", PRINT_SETTINGS, SECRET_KEY="a-real-key-" + "x" * 50)
    assert (result.returncode, result.stdout.split()) == (0, ["False", "False"]), result.stderr


@pytest.mark.parametrize(
    "variables, expected",
    [
        ({"NRENORCH_DEVELOPMENT": "1"}, ["True", "True"]),  # make demo, make test: debug pages on a laptop
        ({"NRENORCH_DEVELOPMENT": "1", "DEBUG": "false"}, ["False", "True"]),
        ({"NRENORCH_DEVELOPMENT": "0", "SECRET_KEY": "k" * 50, "DEBUG": "true"}, ["True", "False"]),
    ],
)
def test_a_development_run_may_use_the_built_in_key(variables, expected):
    result = run("-c", PRINT_SETTINGS, **variables)
    assert (result.returncode, result.stdout.split()) == (0, expected), result.stderr


def test_runserver_is_a_development_run():
    result = run("manage.py", "runserver", "--help")
    assert result.returncode == 0 and "runserver" in result.stdout, result.stderr


def test_check_deploy_reports_the_built_in_key():
    refused = run("manage.py", "check", "--deploy")
    assert refused.returncode != 0
    assert "(nrenorch.E001) SECRET_KEY is not set" in refused.stderr and "token_urlsafe(50)" in refused.stderr
    allowed = run("manage.py", "check", "--deploy", NRENORCH_DEVELOPMENT="1")
    assert "(nrenorch.W001) SECRET_KEY is the built-in development key" in allowed.stderr
    assert "nrenorch.W001" not in run("manage.py", "check", "--deploy", SECRET_KEY="k" * 60).stderr
