"""A worker killed in the middle of create L2VPN — after its VLAN step made the VLAN groups and
VLANs in NetBox, before the step committed — and the process recovers on another worker:
NetBox ends with exactly one VLAN group per SAP, its VLANs once, one L2VPN."""

import os
import signal
from pathlib import Path

import pytest

from engine import operations as ops
from engine.models import Process, ProcessStep
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import (
    InterfacePayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    VLANGroupPayload,
    VLANPayload,
)
from subscriptions.tree import load_subscription
from tests.actors import person
from tests.integration.catalogue.catalogue import first_page, two_nodes_with_tagged_ports
from tests.integration.engine.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


@pytest.fixture
def worker_env(tmp_path):
    return {
        "ENGINE_WORKFLOW_MODULES": "tests.engine_workflows,tests.integration.catalogue.crash_after_vlan_step",
        "CRASH_TEST_MARKER": str(tmp_path / "killed-worker-pid"),
    }


def test_worker_killed_after_the_vlan_step_recovers_without_duplicates(
    bootstrapped_netbox, worker_catalogue, worker_env
):
    _, _, ports = two_nodes_with_tagged_ports(worker_catalogue)
    process = ops.start_process(
        "create_l2vpn",
        [
            first_page("l2vpn"),
            {"number_of_ports": 2, "speed": 1000, "speed_policer": False},
            {"ports": [str(p.pk) for p in ports], "vlan": "100-102"},
            {},
        ],
        actor=person("noc"),
    )
    marker = worker_env["CRASH_TEST_MARKER"]
    pid = int(
        wait_for(
            lambda: os.path.exists(marker) and Path(marker).read_text(), 60, "the VLAN step's NetBox work"
        )
    )
    assert len(netbox_filter(VLANGroupPayload)) == 2 and len(netbox_filter(VLANPayload)) == 6
    assert not ProcessStep.objects.filter(
        process=process, name="Create VLAN groups and VLANs in IMS"
    ).exists()
    os.kill(pid, signal.SIGKILL)

    # Nobody touches the process: its lease expires, the recovery schedule gives it to another worker.
    def finished():
        current = Process.objects.get(pk=process.pk)
        return current if current.status in ("completed", "failed", "inconsistent_data") else None

    recovered = wait_for(finished, 180, "the process to be recovered and finish", interval=0.5)
    assert recovered.status == "completed", recovered.failed_reason
    assert recovered.recovery_count == 1

    l2vpn = load_subscription(recovered.state["subscription"])
    groups = netbox_filter(VLANGroupPayload)
    assert sorted(g.name for g in groups) == ["rt1 ethernet-1/2", "rt2 ethernet-1/2"]
    assert sorted(g.netbox_id() for g in groups) == sorted(sap.ims_id for sap in l2vpn.virtual_circuit.saps)
    for group in groups:
        assert sorted(v.vid for v in netbox_filter(VLANPayload, group_id=group.id)) == [100, 101, 102]
    (vpn,) = netbox_filter(L2VPNPayload)
    assert vpn.id == l2vpn.virtual_circuit.ims_id and vpn.slug == str(l2vpn.pk)
    assert len(netbox_filter(L2VPNTerminationPayload, l2vpn_id=vpn.id)) == 6
    for port in ports:
        assert len(get(InterfacePayload, id=port.port.ims_id).tagged_vlans) == 3
    assert worker_catalogue.completes("validate_l2vpn", l2vpn)[0].status == "completed"
