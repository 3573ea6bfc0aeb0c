"""What the node workflows share: the node form fields, the name rule, the NetBox and NRM steps."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from django import forms

from engine import FormPage, RequiredText, State, step
from netbox_integration.idempotency import find_or_create
from netbox_integration.operations import delete, get, update
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.payloads import DevicePayload, InterfacePayload, IPAddressPayload
from products.product_blocks.node import NodeBlock, NodeStatus
from products.product_types.node import Node
from products.services.netbox.interfaces import (
    DISCOVERED_INTERFACES,
    LOOPBACK_INTERFACE,
    discovered_interface_payloads,
    interfaces_used_by_subscriptions,
)
from products.services.netbox.node import device_payload, loopback_address_description
from workflows.shared import choices
from workflows.shared.nrm import record_intent

NODE_FIELDS = ("type_id", "role_id", "site_id", "node_status", "node_name", "node_description")


def node_name_problem(node_name: str, exclude_subscription_id=None) -> str | None:
    """Why the name cannot be used: a live node has it, or NetBox has a device called so."""
    live = NodeBlock.objects.filter(node_name=node_name).exclude(subscription__status="terminated")
    if exclude_subscription_id is not None:
        live = live.exclude(subscription_id=exclude_subscription_id)
    if live.exists():
        return f"A node named {node_name!r} already exists; node names are unique among live nodes"
    device = get(DevicePayload, name=node_name)
    if device is not None and (
        exclude_subscription_id is None or device.subscription_id != str(exclude_subscription_id)
    ):
        return f"NetBox already has a device named {node_name!r}; choose another name"
    return None


class NodePage(FormPage):
    """A node's page (see node_page): it keeps the choices read from NetBox, for the summary's labels."""

    _choices: ClassVar[dict[str, choices.Choices]]


def node_page(
    title: str,
    vendor: str,
    node: NodeBlock | None = None,
    with_auto_add: bool = False,
    exclude_subscription_id=None,
) -> type[NodePage]:
    """The node's fields, prefilled from `node` when modifying; choices read from NetBox now."""
    type_choices = choices.device_type_choices(vendor)
    role_choices = choices.device_role_choices()
    site_choices = choices.site_choices()
    initial = {name: getattr(node, name) for name in NODE_FIELDS} if node is not None else {}

    def clean_node_name(self):
        name = self.cleaned_data["node_name"]  # stripped and non-blank (RequiredText)
        problem = node_name_problem(name, exclude_subscription_id)
        if problem:
            raise forms.ValidationError(problem, code="node_name_taken")
        return name

    fields = {
        "title": title,
        "type_id": forms.TypedChoiceField(
            choices=type_choices,
            coerce=int,
            label="Device type",
            initial=initial.get("type_id"),
            help_text=f"The {vendor} device types in NetBox",
        ),
        "role_id": forms.TypedChoiceField(
            choices=role_choices, coerce=int, label="Device role", initial=initial.get("role_id")
        ),
        "site_id": forms.TypedChoiceField(
            choices=site_choices,
            coerce=int,
            label="Site",
            initial=initial.get("site_id"),
            help_text="Active sites in NetBox",
        ),
        "node_status": forms.ChoiceField(
            choices=NodeStatus.choices, initial=initial.get("node_status", "active")
        ),
        "node_name": RequiredText(max_length=64, initial=initial.get("node_name")),
        "node_description": forms.CharField(
            max_length=255, required=False, initial=initial.get("node_description")
        ),
        "clean_node_name": clean_node_name,
        "_choices": {"type_id": type_choices, "role_id": role_choices, "site_id": site_choices},
    }
    if with_auto_add:
        fields = {
            "auto_add_interfaces": forms.BooleanField(
                required=False, initial=True, help_text="Add the discovered interfaces at once"
            ),
            **fields,
        }
    return type("NodePage", (NodePage,), fields)


def node_summary_rows(page: type[NodePage], values: dict) -> list[tuple[str, str]]:
    labels = page._choices
    return [
        ("Device type", choices.label_of(labels["type_id"], values["type_id"])),
        ("Device role", choices.label_of(labels["role_id"], values["role_id"])),
        ("Site", choices.label_of(labels["site_id"], values["site_id"])),
        ("Status", values["node_status"]),
        ("Name", values["node_name"]),
        ("Description", values.get("node_description") or ""),
    ]


# --- NetBox --------------------------------------------------------------------------------


@step("Update device in IMS")
def update_device_in_ims(subscription: Node) -> State:
    """Write the device as the subscription has it (primary addresses included), and keep the
    loopback addresses' descriptions on the node's current name."""
    block = subscription.node
    device = update(device_payload(subscription))
    for version, address_id in ((4, block.ipv4_ipam_id), (6, block.ipv6_ipam_id)):
        address = get(IPAddressPayload, id=address_id)
        wanted = loopback_address_description(subscription, version)
        if address is not None and address.description != wanted:
            update(dataclasses.replace(address, description=wanted))
    return {"device": device.id}


@step("Update node interfaces in IMS")
def update_node_interfaces_in_ims(subscription: Node) -> State:
    """Make the device's interfaces the discovered list: add the missing ones (disabled), delete
    the others, but never Loopback0 and never one a subscription uses."""
    device_id = subscription.node.ims_id
    existing = {i.name: i for i in netbox_filter(InterfacePayload, device_id=device_id)}
    added = []
    for payload in discovered_interface_payloads(device_id, str(subscription.pk)):
        if payload.name not in existing:
            find_or_create(payload)
            added.append(payload.name)
    used = interfaces_used_by_subscriptions(device_id)
    deleted, kept_in_use = [], []
    for name, interface in existing.items():
        if name in DISCOVERED_INTERFACES or name == LOOPBACK_INTERFACE:
            continue
        if interface.id in used:
            kept_in_use.append(name)
            continue
        delete(interface)
        deleted.append(name)
    return {"interfaces_added": added, "interfaces_deleted": deleted, "interfaces_kept_in_use": kept_in_use}


# --- NRM (intent only) ----------------------------------------------------------------------


def node_nrm_settings(subscription: Node) -> dict:
    block = subscription.node
    return {
        "node_name": block.node_name,
        "status": block.node_status,
        "device_id": block.ims_id,
        "loopback_ipv4_id": block.ipv4_ipam_id,
        "loopback_ipv6_id": block.ipv6_ipam_id,
    }


@step("Provision node in NRM (intent only)")
def provision_node_in_nrm(subscription: Node) -> State:
    subscription.node.nrm_id = subscription.node.ims_id
    return {
        "subscription": subscription,
        **record_intent("provision node", subscription.description, node_nrm_settings(subscription)),
    }


@step("Update node in NRM (intent only)")
def update_node_in_nrm(subscription: Node) -> State:
    return record_intent("update node", subscription.description, node_nrm_settings(subscription))


@step("Deprovision node in NRM (intent only)")
def deprovision_node_in_nrm(subscription: Node) -> State:
    return record_intent("deprovision node", subscription.description, node_nrm_settings(subscription))
