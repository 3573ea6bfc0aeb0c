"""The workflows app's pages in the console: processes and tasks, the workflow catalogue,
the engine switch, and the wizards that start and resume processes."""

from workflows.admin import catalogue, processes, subscriptions  # noqa: F401  (register the model admins)
