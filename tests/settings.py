"""Settings for the test suite: the project's settings plus the test products app."""

from nrenorch.settings import *  # noqa: F401,F403
from nrenorch.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testproducts"]
