from django.contrib.admin.apps import AdminConfig


class ConsoleAdminConfig(AdminConfig):
    """The Django admin with nrenorch's site: the operator's console (see nrenorch.admin_site)."""

    default_site = "nrenorch.admin_site.ConsoleSite"
