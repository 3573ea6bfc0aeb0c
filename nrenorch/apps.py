from django.contrib.admin.apps import AdminConfig


class ConsoleAdminConfig(AdminConfig):
    """The Django admin with nrenorch's site: the operator's console (see nrenorch.admin_site)."""

    default_site = "nrenorch.admin_site.ConsoleSite"

    def ready(self):
        super().ready()
        # nrenorch itself is no app; the project's own system checks register with its console.
        from nrenorch import checks  # noqa: F401
