"""The local NetBox 4.7 sandbox used by the demo and the tests (see docs/netbox.md).

`up`, `down`, `status` and `reset` are the whole interface (plus `exclusive_use` for a
test session); the management command `netbox_sandbox` and the test fixtures call them.
"""

from .errors import SandboxError
from .lifecycle import SandboxStatus, down, exclusive_use, reset, status, up

__all__ = ["SandboxError", "SandboxStatus", "down", "exclusive_use", "reset", "status", "up"]
