"""Loaded into the worker cluster by the crash test (ENGINE_WORKFLOW_MODULES).

The first time create L2VPN's VLAN step has done its NetBox work — groups and VLANs exist —
the worker writes its pid to CRASH_TEST_MARKER and waits, before the step commits, to be
killed. The recovered run finds the marker and goes on: it must find what the dead worker made.
"""

import dataclasses
import os
import time
from pathlib import Path

from engine.workflow import get_workflow
from workflows.l2vpn import create_l2vpn

_vlan_step = create_l2vpn.create_vlan_groups_in_ims


def _then_wait_to_be_killed(**kwargs):
    assert _vlan_step.func is not None
    result = _vlan_step.func(**kwargs)
    marker = Path(os.environ["CRASH_TEST_MARKER"])
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        time.sleep(120)
    return result


create_l2vpn.create_vlan_groups_in_ims = dataclasses.replace(_vlan_step, func=_then_wait_to_be_killed)
get_workflow("create_l2vpn")._steps = None  # rebuilt with the step above on first use
