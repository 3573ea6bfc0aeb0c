"""Settings for the test suite: the project's settings plus the test products app."""

import os

# A development run (nrenorch/settings.py): the built-in SECRET_KEY is allowed. Set in the
# environment, so that a bare `pytest` works and the processes the tests start inherit it
# (qcluster workers, manage.py commands, the live server, the benchmarks' gunicorn).
os.environ.setdefault("NRENORCH_DEVELOPMENT", "1")

from nrenorch.settings import *  # noqa: F403
from nrenorch.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testproducts"]
