"""The engine's pages in the console: processes and tasks, the workflow catalogue, the
engine switch, and the wizards that start and resume processes."""

from engine.admin import catalogue, processes  # noqa: F401  (register the model admins)
