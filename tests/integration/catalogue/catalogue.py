"""Driving the catalogue's workflows in tests: start a process with its form pages, wait for
it, read what NetBox holds. `run` is given by the test: inline (drain) or a real worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from engine import operations as ops
from engine.models import Process
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import (
    CablePayload,
    DevicePayload,
    DeviceRolePayload,
    DeviceTypePayload,
    InterfacePayload,
    IPAddressPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    PrefixPayload,
    SitePayload,
    VLANGroupPayload,
    VLANPayload,
)
from products.models import Product
from subscriptions.models import Customer
from subscriptions.tree import load_subscription
from tests.actors import person

if TYPE_CHECKING:
    from tests.integration.engine.conftest import Cluster


def customer_id() -> int:
    return Customer.objects.get(short_code="SURF").pk


def product_id(name: str) -> int:
    return Product.objects.get(name=name).pk


def first_page(product_name: str) -> dict:
    return {"product": product_id(product_name), "customer_id": customer_id()}


def netbox_id(payload_type, **filters) -> int:
    found = get(payload_type, **filters)
    assert found is not None, f"NetBox has no {payload_type.kind} {filters}"
    return found.id


def site(name: str) -> int:
    return netbox_id(SitePayload, name=name)


def role(name: str) -> int:
    return netbox_id(DeviceRolePayload, name=name)


def device_type(model: str) -> int:
    return netbox_id(DeviceTypePayload, model=model)


def interface(device_id: int, name: str) -> InterfacePayload:
    found = get(InterfacePayload, device_id=device_id, name=name)
    assert found is not None, f"no interface {name} on device {device_id}"
    return found


FINISHED = ("completed", "failed", "inconsistent_data", "aborted", "api_unavailable", "waiting")


def finished_process(process: Process, timeout: float = 90) -> Process:
    """Wait for a worker to finish the process (completed or stopped on an error)."""
    from tests.integration.engine.conftest import wait_for

    def finished():
        current = Process.objects.get(pk=process.pk)
        return current if current.status in FINISHED else None

    return wait_for(finished, timeout, f"process {process.pk} to finish", interval=0.2)


class Catalogue:
    """Start workflows as a user would and return the finished process."""

    cluster: Cluster  # set by the fixture that runs the workflows on a real worker cluster

    def __init__(self, run: Callable[[Process], Process]):
        self.run = run

    def start(self, key: str, pages: list[dict], user: str = "noc") -> Process:
        return self.run(ops.start_process(key, pages, actor=person(user)))

    def create(self, key: str, product: str, *pages: dict):
        """Run a create workflow to completion; returns the process and the new subscription."""
        process = completed(self.start(key, [first_page(product), *pages]))
        return process, load_subscription(process.state["subscription"])

    def on(self, key: str, subscription, *pages: dict) -> Process:
        """Run a workflow on an existing subscription; returns the finished process (any outcome)."""
        return self.start(key, [{"subscription_id": str(subscription.pk)}, *pages])

    def completes(self, key: str, subscription, *pages: dict):
        """Run it to completion; returns the process and the subscription reloaded."""
        process = completed(self.on(key, subscription, *pages))
        return process, load_subscription(subscription.pk)


def completed(process: Process) -> Process:
    assert process.status == "completed", f"{process.workflow.key}: {process.status}: {process.failed_reason}"
    return process


def inventory() -> dict[str, list]:
    """Everything of the catalogue's kinds NetBox holds beyond bootstrap (what a test expects gone)."""
    return {
        "devices": netbox_filter(DevicePayload),
        "interfaces": netbox_filter(InterfacePayload),
        "cables": netbox_filter(CablePayload),
        "addresses": [a for a in netbox_filter(IPAddressPayload) if a.status != "reserved"],
        "prefixes": [p for p in netbox_filter(PrefixPayload) if not p.is_pool],
        "vlan groups": netbox_filter(VLANGroupPayload),
        "vlans": netbox_filter(VLANPayload),
        "l2vpns": netbox_filter(L2VPNPayload),
        "l2vpn terminations": netbox_filter(L2VPNTerminationPayload),
    }


def node_page(name: str, model: str, site_name: str, auto_add_interfaces: bool = False) -> dict:
    """The create node page (its fields but `auto_add_interfaces` are the modify page too)."""
    return {
        "auto_add_interfaces": auto_add_interfaces,
        "type_id": device_type(model),
        "role_id": role("Provider"),
        "site_id": site(site_name),
        "node_status": "active",
        "node_name": name,
        "node_description": f"{name} core",
    }


def port_page(node, interface_name: str, mode: str = "tagged") -> dict:
    return {
        "port": interface(node.node.ims_id, interface_name).id,
        "port_description": f"customer on {interface_name}",
        "port_mode": mode,
        "auto_negotiation": False,
        "lldp": True,
    }


def two_nodes(catalogue: Catalogue):
    """rt1 (Cisco, Amsterdam) and rt2 (Nokia, Paris) with their interfaces."""
    _, rt1 = catalogue.create(
        "create_node", "node Cisco", node_page("rt1", "Cisco 8812", "Amsterdam", True), {}
    )
    _, rt2 = catalogue.create(
        "create_node", "node Nokia", node_page("rt2", "Nokia 7950 XRS-20", "Paris", True), {}
    )
    return rt1, rt2


def core_link_between(catalogue: Catalogue, rt1, rt2, interface_name: str = "ethernet-1/1"):
    """A 10G core link from `interface_name` of rt1 to the same interface of rt2."""
    _, link = catalogue.create(
        "create_core_link",
        "core link 10G",
        {"node_a": str(rt1.pk), "node_b": str(rt2.pk)},
        {
            "port_a": interface(rt1.node.ims_id, interface_name).id,
            "port_b": interface(rt2.node.ims_id, interface_name).id,
            "under_maintenance": False,
        },
        {},
    )
    return link


def two_nodes_with_tagged_ports(catalogue: Catalogue):
    """rt1 (Cisco) and rt2 (Nokia) with their interfaces, and a tagged 10G port on ethernet-1/2 of each."""
    rt1, rt2 = two_nodes(catalogue)
    ports = [
        catalogue.create(
            "create_port", "port 10G", {"node": str(node.pk)}, port_page(node, "ethernet-1/2"), {}
        )[1]
        for node in (rt1, rt2)
    ]
    return rt1, rt2, ports
