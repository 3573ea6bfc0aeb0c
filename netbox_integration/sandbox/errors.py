"""The sandbox's one exception: what went wrong and what to do about it, in one sentence."""


class SandboxError(Exception):
    """The local NetBox sandbox cannot be set up, started or stopped; the message says why."""
